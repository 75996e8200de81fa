#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for SECONDS (default 60).
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
# Findings land in build-fuzz/findings/TARGET/; the corpus grows in build-fuzz/corpus/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_load fuzz_render fuzz_mermaid)
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJMAP_FUZZ=ON -DJMAP_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]}"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
for t in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$t
  mkdir -p "$corpus" "build-fuzz/findings/$t"
  cp -n examples/*.yaml tests/fuzz/seeds/*.yaml "$corpus"/ 2>/dev/null || true
  [ "$t" != fuzz_mermaid ] || cp -n tests/fuzz/seeds-mermaid/*.mmd "$corpus"/ 2>/dev/null || true
  echo "== $t for ${seconds}s"
  ./build-fuzz/$t -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict=tests/fuzz/yaml.dict -artifact_prefix="build-fuzz/findings/$t/" "$corpus" 2>&1 | tail -n 5
done
