#!/usr/bin/env bash
# The README's first command: installs what is needed, builds only what the demo needs (arml,
# arml-studio and the engine plugin; the test suites are built by scripts/test.sh), and runs the main
# job on the built-in synthetic demo data (no download). ./demo-run becomes a project folder with the
# run's results in it; with a display the app opens on it, without one the script ends with where the
# results are and the command that opens them.
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
echo "demo: results in $PWD/demo-run/runs/demo (summary.json, metrics.csv, masks and overlays)"
echo "demo: open them in the app with:  ./build/app/studio/arml-studio demo-run  (Review page: pseudo masks and their CAMs)"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  # The demo folder is a project: the Runs page shows the run's curves, the Review page its pseudo
  # masks beside their CAMs (Compare CAMs, computed on opening from the run's checkpoints).
  exec ./build/app/studio/arml-studio demo-run
fi
