#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (-DJMAP_FUZZ=ON: ASan + UBSan) and
# runs each for SECONDS (default 60), starting from the seeds, the examples and
# every regression input.
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
# tests/run.sh runs it for a short while on every CI run (JMAP_FUZZ_SECONDS).
# A finding (a crash, a leak, a sanitizer report, an input slower than
# JMAP_FUZZ_TIMEOUT seconds: a hang) lands in build-fuzz/findings/TARGET/ and
# makes the script exit 1; fix it and keep the input in tests/fuzz/regressions/
# (tests/e2e/test_regressions.py replays it through jmap). The corpus grows in
# build-fuzz/corpus/TARGET/. Each target's line says how long it ran, how many
# inputs it ran and what it found.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_load fuzz_render fuzz_mermaid fuzz_diff fuzz_csv)
timeout=${JMAP_FUZZ_TIMEOUT:-30}
command -v clang >/dev/null || { echo "tests/fuzz/run.sh: clang is needed (Debian: clang libclang-rt-14-dev)" >&2; exit 1; }
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJMAP_FUZZ=ON -DJMAP_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]}" >/dev/null
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
failed=()
for t in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$t
  findings=build-fuzz/findings/$t
  rm -rf "$findings"
  mkdir -p "$corpus" "$findings"
  case $t in
    fuzz_mermaid) seeds=(tests/fuzz/seeds-mermaid/*.mmd tests/mermaid/*.mmd) ;;
    fuzz_diff) seeds=(tests/fuzz/seeds-diff/*) ;;
    fuzz_csv) seeds=(tests/fuzz/seeds-csv/*) ;;
    *) seeds=(examples/*.yaml tests/fuzz/seeds/*.yaml) ;;
  esac
  cp -n "${seeds[@]}" "$corpus"/ 2>/dev/null || true
  for f in tests/fuzz/regressions/*; do  # what broke jmap once, for every target
    [ -f "$f" ] && cp -n "$f" "$corpus/regression-$(basename "$f")" 2>/dev/null || true
  done
  log=build-fuzz/$t.log
  status=0
  ./build-fuzz/$t -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -dict=tests/fuzz/yaml.dict -artifact_prefix="$findings/" "$corpus" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
  found=$(find "$findings" -type f | wc -l)
  echo "$t: ${took:-?} s, ${runs:-?} inputs run, $found findings (exit $status)"
  if [ "$status" != 0 ] || [ "$found" != 0 ]; then
    failed+=("$t")
    grep -E "ERROR|SUMMARY|==[0-9]+==|Test unit written|deadly signal|timeout" "$log" | head -n 20 >&2 || true
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (inputs in build-fuzz/findings/, logs in build-fuzz/*.log)" >&2
  exit 1
fi
