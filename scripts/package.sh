#!/usr/bin/env bash
# Builds the Debian package arml-studio_<version>_amd64.deb (CPack, cmake/ArmlPackaging.cmake) in
# ./build-package: Release, without the test suites; Depends: computed from the binaries
# (dpkg-shlibdeps). Prints the package's path and size. Extra arguments go to CMake's configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
jobs="${ARML_BUILD_JOBS:-$(nproc)}"
command -v dpkg-shlibdeps >/dev/null || { echo "package.sh: dpkg-shlibdeps is missing (apt-get install dpkg-dev)" >&2; exit 1; }
cmake -S . -B build-package -G Ninja -DCMAKE_BUILD_TYPE=Release -DARML_BUILD_TESTS=OFF -DARML_BUILD_GUI=ON "$@" >/dev/null
cmake --build build-package --parallel "$jobs"
rm -f build-package/arml-studio_*.deb
(cd build-package && cpack -G DEB >cpack.log 2>&1) || { tail -30 build-package/cpack.log; exit 1; }
deb=$(ls build-package/arml-studio_*_*.deb)
echo "package.sh: $deb ($(du -h "$deb" | cut -f1), $(stat -c %s "$deb") bytes)"
