#!/usr/bin/env bash
# The README's test command: installs what is needed, builds, and runs every test with CTest.
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
echo "tests: $(( $(date +%s) - built )) s"
