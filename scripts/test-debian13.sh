#!/usr/bin/env bash
# Builds ARML Studio on Debian 13 (trixie: LibTorch 2.6, Qt 6.8, OpenCV 4.10, OpenSlide 3.4.1) and runs
# its tests there, from Debian packages alone:
#   1. a trixie root made with debootstrap from the Debian archive, kept in a cache folder and reused;
#   2. the project's own packaging/install-deps.sh inside it (idempotent, as on Debian 12);
#   3. a CMake build in the root, with its own ccache in the cache folder, then CTest.
# Needs root (debootstrap, chroot, bind mounts). The checkout is bound at /work/src in the root and
# ../shared (real data, fixtures) at /work/shared, so the tests find them as on the host.
#
#   ARML_DEBIAN13_CACHE  cache folder (default ~/.cache/arml-studio): debian13-root/, ccache-debian13/
#   ARML_DEBIAN13_GUI    ON to build and test arml-studio too; OFF (default) builds the engine, the CLI
#                        and their tests, which keeps a cold CI run inside its time on 2 cores.
#   ARML_DEBIAN_MIRROR   the Debian archive (default http://deb.debian.org/debian)
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
cache=${ARML_DEBIAN13_CACHE:-$HOME/.cache/arml-studio}
root=$cache/debian13-root
gui=${ARML_DEBIAN13_GUI:-OFF}
mirror=${ARML_DEBIAN_MIRROR:-http://deb.debian.org/debian}
jobs=${ARML_BUILD_JOBS:-$(nproc)}
start=$(date +%s)
mkdir -p "$cache"

if [ ! -f "$root/.arml-root-ready" ]; then
  command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; }
  rm -rf "$root.tmp"
  echo "test-debian13: making a trixie root in $root (debootstrap from $mirror)"
  debootstrap --variant=minbase trixie "$root.tmp" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
    { tail -20 "$cache/debootstrap.log"; exit 1; }
  echo "deb $mirror trixie main contrib" >"$root.tmp/etc/apt/sources.list"
  touch "$root.tmp/.arml-root-ready"
  rm -rf "$root"
  mv "$root.tmp" "$root"
fi

# shellcheck source=scripts/chroot-root.sh
source scripts/chroot-root.sh
enter_root "$cache/ccache-debian13"
in_root bash /work/src/packaging/install-deps.sh
prepared=$(date +%s)
echo "test-debian13: root ready in $((prepared - start)) s ($(in_root dpkg-query -W -f='${Version}' libtorch-dev | sed 's/^/libtorch-dev /'))"

in_root env CCACHE_DIR=/ccache CCACHE_BASEDIR=/work/src CCACHE_MAXSIZE=5G \
  cmake -S /work/src -B /work/build-debian13 -G Ninja -DCMAKE_BUILD_TYPE=Release -DARML_BUILD_GUI="$gui" >/dev/null
in_root env CCACHE_DIR=/ccache CCACHE_BASEDIR=/work/src cmake --build /work/build-debian13 --parallel "$jobs"
built=$(date +%s)
echo "test-debian13: build $((built - prepared)) s (GUI $gui)"

# On AMD Zen 5, LibTorch 2.6's oneDNN computes wrong float32 convolution gradients: the engine trains
# with ATen's convolutions there (engine/compute/convolution_gradient_guard.h), so every suite runs with
# oneDNN's default kernels.
in_root env OMP_NUM_THREADS=2 bash -c 'cd /work/build-debian13 && ctest --output-on-failure --timeout 900'
echo "test-debian13: tests $(( $(date +%s) - built )) s; total $(( $(date +%s) - start )) s"
