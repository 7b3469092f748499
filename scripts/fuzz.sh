#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/*_fuzzer.cpp) with clang into build-fuzz/ (only the
# harnesses and the engine libraries they link, instrumented) and runs each for SECONDS seconds
# with one job, niced, starting from its seed corpus fuzz/corpus/<harness>/.
# New inputs go to build-fuzz/corpus/<harness>/, crashes to build-fuzz/artifacts/<harness>/, the
# libFuzzer log to build-fuzz/logs/<harness>/fuzz-0.log (its last stats line is printed).
# Usage: scripts/fuzz.sh [SECONDS (default 300)] [HARNESS ...]   e.g. scripts/fuzz.sh 600 pickle_reader_fuzzer
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
jobs="${ARML_BUILD_JOBS:-$(nproc)}"

harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  for src in fuzz/*_fuzzer.cpp; do harnesses+=("$(basename "$src" .cpp)"); done
fi

cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ \
  -DARML_BUILD_FUZZERS=ON -DARML_BUILD_GUI=OFF -DARML_BUILD_TESTS=OFF -DARML_BUILD_BENCH=OFF >/dev/null
nice cmake --build build-fuzz --parallel "$jobs" --target "${harnesses[@]}"

export OMP_NUM_THREADS=1
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
for h in "${harnesses[@]}"; do
  corpus="$PWD/build-fuzz/corpus/$h"
  artifacts="$PWD/build-fuzz/artifacts/$h"
  logs="$PWD/build-fuzz/logs/$h"
  binary="$PWD/build-fuzz/fuzz/$h"
  seeds="$PWD/fuzz/corpus/$h"
  dict=()
  [ -f "$PWD/fuzz/$h.dict" ] && dict=(-dict="$PWD/fuzz/$h.dict")
  mkdir -p "$corpus" "$artifacts" "$logs"
  echo "== $h: ${seconds} s"
  # -jobs=1 runs one worker that logs to fuzz-0.log in the current folder.
  if ! (cd "$logs" && nice "$binary" -jobs=1 -workers=1 -max_total_time="$seconds" -timeout=10 "${dict[@]}" \
          -rss_limit_mb=4096 -malloc_limit_mb=2048 -artifact_prefix="$artifacts/" "$corpus" "$seeds"); then
    status=1
  fi
  grep -E "^#[0-9]+" "$logs/fuzz-0.log" | tail -1 || true
  grep -E "ERROR|SUMMARY|Test unit written" "$logs/fuzz-0.log" || true
  echo "   corpus: $(find "$corpus" -type f | wc -l) inputs; artifacts: $(find "$artifacts" -type f | wc -l)"
done
exit $status
