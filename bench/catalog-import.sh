#!/usr/bin/env bash
# catalog-import.sh - build the catalogue import benchmark (Release, in
# build-bench/) and run it on the NIST SP 800-53 rev. 5 LOW catalogue:
# jansson's json_load_file against our parse and our whole import, medians
# of several repetitions measured in one run.
#   bench/catalog-import.sh [REPETITIONS] [FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-20}
file=${2:-../shared/reference/oscal/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog-min.json}
[ -f "$file" ] || { echo "catalog-import: $file not found" >&2; exit 1; }
if [ ! -f build-bench/build.ninja ]; then
	cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
ninja -j2 -C build-bench bench-catalog-import >/dev/null
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr)"
echo "jansson $(pkg-config --modversion jansson), SQLite $(pkg-config --modversion sqlite3)"
build-bench/bench-catalog-import "$file" "$reps"
