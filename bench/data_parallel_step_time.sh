#!/usr/bin/env bash
# Data-parallel training step time (issue #13): `arml train-cls` on the synthetic demo data with
# --nproc 1 and --nproc N (default 2), the same global batch, the median of the steps' seconds taken
# from rank 0's --events (global batch / images_per_s; the first step of each run is left out).
#   bench/data_parallel_step_time.sh [N] [extra train-cls options]    (ARCH=resnet38d: the full network)
# Prints one line per process count and the machine's load. On a machine with fewer cores than
# processes × threads this measures correctness of the set-up, not speed.
set -euo pipefail
cd "$(dirname "$0")/.."
nproc=${1:-2}
shift || true
arml=${ARML:-./build/app/arml/arml}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$arml" make-demo-data --out "$work/data" --train 64 --val 4 --test 4 --patch-size 64 >/dev/null
batch=8
median_step() {  # events file -> median seconds per step (steps after the first)
  python3 - "$1" "$batch" <<'EOF'
import json, statistics, sys
steps = [json.loads(l) for l in open(sys.argv[1]) if '"type":"step"' in l.replace(' ', '')]
times = [int(sys.argv[2]) / s["images_per_s"] for s in steps[1:]]
print(f"{statistics.median(times):.3f} s (median of {len(times)} steps, min {min(times):.3f}, max {max(times):.3f})")
EOF
}
echo "$(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in 1 "$nproc"; do
  args=(--events "$work/events$n.jsonl" train-cls --data "$work/data" --out "$work/run$n" --arch "${ARCH:-resnet38d-lite}"
        --epochs 1 --batch $batch --patch-size 64 --max-steps-per-epoch ${STEPS:-9} "$@")
  [ "$n" -gt 1 ] && args+=(--nproc "$n")
  OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} "$arml" "${args[@]}" >"$work/log$n.txt" 2>&1 ||
    { cat "$work/log$n.txt"; exit 1; }
  echo "processes $n: $(median_step "$work/events$n.jsonl")"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
