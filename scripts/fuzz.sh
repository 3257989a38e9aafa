#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang, ASan + UBSan) in build-fuzz and runs each for
# SECONDS (default 10), one after another; docs/fuzzing.md. ./test.sh runs it for 10 s a target;
# for a real search run it longer, e.g. `scripts/fuzz.sh 600`, or some targets only:
# `scripts/fuzz.sh 600 replay shot`.
#
# Each target starts from its seeds in tests/fuzz/corpus/NAME (only read) and from what earlier
# runs found, in build-fuzz/corpus/NAME (where new inputs go). An input that crashes, leaks,
# breaks a reader's promise or runs over 5 s is saved in build-fuzz/artifacts/NAME/; the script
# names it and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-10}
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2; }
shift || true
all_targets=(replay annotations shot tilejson tile_png hgt)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi
build=build-fuzz

if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    -DKRESY_GPU=OFF -DKRESY_FUZZ=ON >/dev/null
fi
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

# The largest input each target tries: a whole document for the JSON readers; PNGs of a few
# small tiles; the start of an .hgt tile (the target makes the rest).
declare -A max_len=([replay]=1048576 [annotations]=1048576 [shot]=1048576 [tilejson]=1048576
                    [tile_png]=65536 [hgt]=65536)
declare -A dict=([replay]=json.dict [annotations]=json.dict [shot]=json.dict [tilejson]=json.dict)

# UBSan: stop at the first report, with the stack that led there.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
for name in "${targets[@]}"; do
  [ -n "${max_len[$name]:-}" ] || { echo "fuzz: no target '$name' (targets: ${all_targets[*]})" >&2; exit 2; }
  corpus="$build/corpus/$name" artifacts="$build/artifacts/$name" log="$build/logs/$name.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  options=(-max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len="${max_len[$name]}"
           -artifact_prefix="$artifacts/" -print_final_stats=1)
  [ -z "${dict[$name]:-}" ] || options+=(-dict="tests/fuzz/${dict[$name]}")
  echo "fuzz: $name for ${seconds} s"
  if "$build/tests/fuzz/fuzz_$name" "${options[@]}" "$corpus" "tests/fuzz/corpus/$name" >"$log" 2>&1; then
    # The last status line: executions, coverage (cov: edges, ft: features) and corpus size.
    grep -E '^#[0-9]+' "$log" | tail -n 1 | sed 's/^/  /'
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' "$log" | sed 's/^/  /'
  else
    failed+=("$name")
    grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz: |.*runtime error)' "$log" | head -n 5 | sed 's/^/  /' || true
    grep -E 'Test unit written to|artifact_prefix' "$log" | sed 's/^/  /' || true
    echo "  full log: $log"
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}; reproduce with $build/tests/fuzz/fuzz_NAME ARTIFACT (docs/fuzzing.md)" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${seconds} s each without a failure"
