#!/usr/bin/env bash
# test.sh - build isms and run the whole test suite with ctest.
#   scripts/test.sh             the normal build
#   scripts/test.sh --sanitize  the same suite built with ASan and UBSan
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dir=$(scripts/build.sh "$@" | tail -1)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$dir"
ctest --output-on-failure -j2 --timeout 900
