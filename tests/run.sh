#!/usr/bin/env bash
# The whole test suite, three ways: a normal build and a sanitizer build (ASan +
# UBSan), each with every unit and end-to-end test; then valgrind memcheck over
# the end-to-end tests that exercise the whole pipeline; then the Debian package
# (tests/package/deb.sh: built and inspected; under CI=true also installed,
# used and removed); then each libFuzzer
# target for a short while (JMAP_FUZZ_SECONDS each, 25 by default; 0 skips),
# which fails the run on any finding (tests/fuzz/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

echo "== normal build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJMAP_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== sanitizer build (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DJMAP_SANITIZE=ON -DJMAP_WERROR=ON >/dev/null
cmake --build build-sanitize -j "$jobs"
ctest --test-dir build-sanitize --output-on-failure -j "$jobs"

echo "== valgrind memcheck over the end-to-end tests"
cmake -S . -B build-valgrind -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJMAP_VALGRIND=ON >/dev/null
cmake --build build-valgrind -j "$jobs" --target jmap
ctest --test-dir build-valgrind --output-on-failure -j "$jobs" -R '^e2e_'

echo "== the Debian package (installed, used and removed under CI=true, as root)"
bash tests/package/deb.sh

fuzz_seconds=${JMAP_FUZZ_SECONDS:-25}
if [ "$fuzz_seconds" != 0 ]; then
  echo "== fuzzing, ${fuzz_seconds} s a target (clang, libFuzzer, ASan + UBSan)"
  bash tests/fuzz/run.sh "$fuzz_seconds"
fi
