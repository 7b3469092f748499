#!/usr/bin/env bash
# Compiles and links ARML Studio's engine, `arml`, the engine plugin and arml-gpu-check against
# Debian 13's CUDA build of LibTorch (libtorch-cuda-dev 2.6: CUDA 12.4, cuDNN, NCCL), so that the
# CUDA-only code paths (engine/compute/gpu_devices.cpp with ARML_WITH_CUDA=1) are compiled somewhere
# even without a GPU. Not in CI: it downloads about 3.2 GB of CUDA packages and compiles the engine
# cold.
# cuDNN: Debian's nvidia-cudnn is an installer whose postinst downloads cuDNN from NVIDIA after the
# licence is accepted. Where NVIDIA's host is not reachable (ARML_CUDNN=decline, the default here) the
# root declines the licence, so nothing is downloaded, CMake builds without cuDNN, and the link leaves
# libtorch_cuda's own cuDNN references to load time (a GPU machine needs cuDNN installed to run it).
# ARML_CUDNN=accept installs cuDNN through that installer and links normally. The root is a copy of scripts/test-debian13.sh's (made first if missing), kept in the same
# cache folder as debian13-cuda-root/ with its own ccache. ARML_CUDA_TARGETS="arml_distributed" (say) builds
# only those targets: a quicker compile check of one part.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
cache=${ARML_DEBIAN13_CACHE:-$HOME/.cache/arml-studio}
base=$cache/debian13-root
root=$cache/debian13-cuda-root
mirror=${ARML_DEBIAN_MIRROR:-http://deb.debian.org/debian}
jobs=${ARML_BUILD_JOBS:-$(nproc)}
start=$(date +%s)

if [ ! -f "$base/.arml-root-ready" ]; then
  echo "build-cuda-debian13: no Debian 13 root yet; run scripts/test-debian13.sh first" >&2
  exit 2
fi
# shellcheck source=scripts/chroot-root.sh
source scripts/chroot-root.sh
if [ ! -d "$root" ]; then  # a finished copy is moved into place; an unfinished one stays in $root.tmp
  # An unfinished copy is deleted only while nothing is mounted inside it. The base is copied without
  # the folders that test-debian13.sh binds or builds in (it may be running), so they stay empty here.
  for dir in "$root" "$root.tmp"; do [ -d "$dir" ] && refuse_if_mounted "$dir"; done
  rm -rf "$root" "$root.tmp"
  mkdir -p "$root.tmp"
  tar -C "$base" --exclude=./proc/* --exclude=./dev/* --exclude=./sys/* --exclude=./work --exclude=./ccache \
    -cf - . | tar -C "$root.tmp" -xpf -
  echo "deb $mirror trixie main contrib non-free" >"$root.tmp/etc/apt/sources.list"
  mv "$root.tmp" "$root"
fi

enter_root "$cache/ccache-debian13-cuda"

if [ "${ARML_CUDNN:-decline}" = decline ]; then
  echo "nvidia-cudnn nvidia-cudnn/question select I Decline" | in_root debconf-set-selections
else
  echo "nvidia-cudnn nvidia-cudnn/question select I Agree" | in_root debconf-set-selections
fi
in_root env DEBIAN_FRONTEND=noninteractive dpkg --configure -a  # packages left unconfigured by an earlier, interrupted run
in_root env ARML_TORCH_PACKAGE=libtorch-cuda-dev bash /work/src/packaging/install-deps.sh
touch "$root/.arml-cuda-ready"
prepared=$(date +%s)
echo "build-cuda-debian13: root ready in $((prepared - start)) s ($(in_root dpkg-query -W -f='${Package} ${Version}' libtorch-cuda-dev))"

link_flags=()
if ! in_root ldconfig -p | grep -q "libcudnn.so.9 "; then
  echo "build-cuda-debian13: no cuDNN in the root: linking with libtorch_cuda's cuDNN symbols left to load time"
  link_flags=(-DCMAKE_EXE_LINKER_FLAGS=-Wl,--unresolved-symbols=ignore-in-shared-libs
    -DCMAKE_SHARED_LINKER_FLAGS=-Wl,--unresolved-symbols=ignore-in-shared-libs)
fi
in_root env CCACHE_DIR=/ccache CCACHE_BASEDIR=/work/src \
  cmake -S /work/src -B /work/build-cuda -G Ninja -DCMAKE_BUILD_TYPE=Release -DARML_BUILD_GUI=OFF -DARML_BUILD_TESTS=OFF \
  "${link_flags[@]}" >/dev/null
in_root env CCACHE_DIR=/ccache CCACHE_BASEDIR=/work/src \
  cmake --build /work/build-cuda --parallel "$jobs" --target ${ARML_CUDA_TARGETS:-arml arml_interactive arml-gpu-check}
grep -q "ARML_WITH_CUDA=1" "$root/work/build-cuda/compile_commands.json" ||
  { echo "build-cuda-debian13: ARML_WITH_CUDA is not 1: CMake did not see a CUDA LibTorch" >&2; exit 1; }
[ -z "${ARML_CUDA_TARGETS:-}" ] && in_root bash -c 'ldd /work/build-cuda/app/arml/arml | grep -E "torch_cuda|c10_cuda"'
echo "build-cuda-debian13: compiled and linked in $(( $(date +%s) - prepared )) s (total $(( $(date +%s) - start )) s)"
