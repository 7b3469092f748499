#!/usr/bin/env bash
# The README's first command: installs what is needed, builds, and runs the main job on the
# built-in synthetic demo data (no download). Results go to ./demo-run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
bash scripts/build.sh
./build/app/arml/arml demo --out demo-run "$@"
