#!/usr/bin/env bash
# The README's first command: installs what is needed, builds only what the demo needs (arml,
# arml-studio and the engine plugin; the test suites are built by scripts/test.sh), and runs the main
# job on the built-in synthetic demo data (no download). Results go to ./demo-run; the script ends
# with where they are and the command that opens the app.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash packaging/install-deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --parallel "${ARML_BUILD_JOBS:-$(nproc)}" --target arml arml-studio arml_interactive
built=$(date +%s)
./build/app/arml/arml demo --out demo-run "$@"
done_at=$(date +%s)
echo
echo "demo: build $((built - start)) s, demo $((done_at - built)) s, first result $((done_at - start)) s after start"
echo "demo: results in $PWD/demo-run/run (summary.json, metrics.csv, masks and overlays)"
echo "demo: open the app with:  ./build/app/studio/arml-studio"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  # arml-studio's first start makes and opens its own demo project (data only; the run above is
  # not a project folder, which the app cannot open yet).
  exec ./build/app/studio/arml-studio
fi
