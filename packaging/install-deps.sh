#!/usr/bin/env bash
# Installs the Debian packages ARML Studio builds and runs with, on Debian 12 (bookworm: LibTorch 1.13)
# and Debian 13 (trixie: LibTorch 2.6), whose package names are the same. Idempotent: packages that
# are already installed are skipped, and apt is only called when something is missing.
# ARML_TORCH_PACKAGE=libtorch-cuda-dev takes Debian 13's CUDA build of LibTorch (contrib, with CUDA
# from non-free) instead of the CPU one. Nothing is downloaded from anywhere but the Debian archive.
set -euo pipefail

# Gloo's headers: the CUDA LibTorch links the CUDA build of Gloo, and the two -dev packages conflict.
# Its CMake files also look for the CUDA toolkit (nvcc) to find CUDA; its c10d headers include nccl.h
# (ProcessGroupNCCL, for data-parallel training on GPUs).
gloo=libgloo-dev
cuda_tools=()
if [ "${ARML_TORCH_PACKAGE:-}" = libtorch-cuda-dev ]; then
  gloo=libgloo-cuda-dev
  cuda_tools=(nvidia-cuda-toolkit libnccl-dev)
fi

packages=(
  build-essential cmake ninja-build pkg-config ccache git
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libgl-dev
  "${ARML_TORCH_PACKAGE:-libtorch-dev}" libopenblas0-pthread "$gloo" "${cuda_tools[@]}"
  libopencv-dev libopenslide-dev libtiff-dev libpng-dev
  libqcustomplot-dev libqcustomplot2.1-qt6
  nlohmann-json3-dev libcli11-dev
  xvfb xauth fonts-wqy-microhei
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
