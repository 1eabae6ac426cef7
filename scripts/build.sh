#!/usr/bin/env bash
# build.sh - configure and build isms with CMake and Ninja.
#   scripts/build.sh            the normal build, in build/
#   scripts/build.sh --sanitize the ASan + UBSan build, in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build
args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [ "${1:-}" = "--sanitize" ]; then
	dir=build-asan
	args=(-DCMAKE_BUILD_TYPE=Debug -DISMS_SANITIZE=ON)
fi
if [ ! -f "$dir/build.ninja" ]; then
	cmake -S . -B "$dir" -G Ninja "${args[@]}" >/dev/null
fi
ninja -C "$dir" >/dev/null || ninja -C "$dir"
echo "$dir"
