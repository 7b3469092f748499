#!/usr/bin/env bash
# The README's test command: installs what is needed, builds, runs every test with CTest, then
# builds the Debian package and tests its install into a clean Debian 12 root.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash packaging/install-deps.sh
bash scripts/build.sh "$@"
built=$(date +%s)
echo "build: $((built - start)) s (install + configure + compile)"
cd build
# The tests share 2 cores with LibTorch's own threads: run them one at a time, 2 threads each.
OMP_NUM_THREADS=2 ctest --output-on-failure --timeout 900
tested=$(date +%s)
echo "tests: $((tested - built)) s"
cd ..
# The Debian package, installed with apt into a clean Debian 12 root (needs root for debootstrap and
# chroot; ARML_SKIP_PACKAGE_TEST=1 skips it, e.g. on a developer machine without root).
if [ "${ARML_SKIP_PACKAGE_TEST:-0}" = 1 ]; then
  echo "package test: skipped (ARML_SKIP_PACKAGE_TEST=1)"
elif [ "$(id -u)" -ne 0 ]; then
  echo "package test: skipped (needs root for debootstrap and chroot; run scripts/test-package.sh with sudo)"
else
  bash scripts/package.sh
  bash scripts/test-package.sh
  echo "package test: $(( $(date +%s) - tested )) s (package + install test)"
fi
