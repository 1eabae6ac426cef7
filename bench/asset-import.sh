#!/usr/bin/env bash
# asset-import.sh - import of a 100,000-asset CSV, against the sqlite3 shell's
# .import of the same file into a plain table, measured in the same run.
#
#   bench/asset-import.sh [N] [ISMS]    N assets (default 100000); ISMS the program
#
# The reference is SQLite's own bulk load: the shell parses the CSV and inserts
# every row into a table without constraints, in one transaction. isms does
# more: it detects the encoding, maps the Japanese header, checks every cell,
# every ID for duplicates and every dependency for existence and cycles, then
# inserts into the asset table (its unique index on the ID, the foreign key
# on the ISMS) and the dependency table, with one audit entry, in one
# transaction in WAL mode with full sync. Each side is run 5 times on a fresh
# database; the medians are compared.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
isms=${2:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/isms-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ -z "$isms" ]; then
	# the project's optimised build (scripts/build.sh), in a directory of its
	# own; -O2 warnings of flow analysis must not stop a benchmark
	cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		"-DCMAKE_C_FLAGS=-Wno-maybe-uninitialized -Wno-format-truncation" >/dev/null
	ninja -C build-bench isms >/dev/null
	isms=$PWD/build-bench/isms
fi

awk -v n="$n" -f bench/gen-assets.awk >"$work/assets.csv"
echo "input: $n assets, $(du -h "$work/assets.csv" | cut -f1) of CSV (UTF-8 with BOM, Japanese header and text)"

now() { date +%s.%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

ours=() ref=()
for round in 1 2 3 4 5; do
	rm -f "$work"/i.db* "$work"/s.db*
	ISMS_DB="$work/i.db" "$isms" init --org Bench --edition 2022 >/dev/null
	sync
	t0=$(now)
	ISMS_DB="$work/i.db" "$isms" asset import "$work/assets.csv" >/dev/null
	t1=$(now)
	sqlite3 "$work/s.db" ".import --csv $work/assets.csv t"
	t2=$(now)
	ours+=("$(awk "BEGIN { printf \"%.3f\", $t1 - $t0 }")")
	ref+=("$(awk "BEGIN { printf \"%.3f\", $t2 - $t1 }")")
done
[ "$(sqlite3 "$work/i.db" 'SELECT COUNT(*) FROM asset')" = "$n" ] || { echo "isms imported a wrong count" >&2; exit 1; }
[ "$(sqlite3 "$work/s.db" 'SELECT COUNT(*) FROM t')" = "$n" ] || { echo "sqlite3 imported a wrong count" >&2; exit 1; }
o=$(printf '%s\n' "${ours[@]}" | median)
r=$(printf '%s\n' "${ref[@]}" | median)
printf 'isms asset import:   %.3f s (median of 5: %s)\n' "$o" "${ours[*]}"
printf 'sqlite3 .import:     %.3f s (median of 5: %s)\n' "$r" "${ref[*]}"
printf 'ratio:               %.2f (target: 3 or less)\n' "$(awk "BEGIN { print $o / $r }")"

# Re-importing the same file: every row compared, nothing written.
t0=$(now)
ISMS_DB="$work/i.db" "$isms" asset import "$work/assets.csv" >/dev/null
t1=$(now)
printf 'isms re-import (all unchanged): %.3f s\n' "$(awk "BEGIN { print $t1 - $t0 }")"
