#!/usr/bin/env bash
# risk.sh - the risk register of 1,000,000 risks: re-evaluation after a method
# change, and export as CSV, each against SQLite doing the same in the same run.
#
#   bench/risk.sh [N] [ISMS]     N risks (default 1000000) on N/10 assets; ISMS the program
#
# Re-evaluation. isms: "isms method set" switching the asset value between the
# highest of C, I, A and their sum (so that every value changes), which stores
# the new method version, brings stale risks up to date, evaluates each
# distinct input key once, updates value, level, evaluation and the residual
# ones of every risk, and writes the audit entry, in one transaction (WAL,
# synchronous=FULL). Reference: the sqlite3 shell running one UPDATE that
# computes the same product from the asset table (and the same accept/treat
# decision) on a copy of the same database. Peak memory is the maximum
# resident set size reported by /usr/bin/time.
#
# Export. isms: "isms risk export --output FILE" (CSV with a BOM, the names
# of the threats and vulnerabilities, level and evaluation labels, controls,
# cells neutralised against formula injection). Reference: the sqlite3
# shell's own CSV output (.mode csv) of the same rows and columns, the names
# and labels joined from tables loaded into the copy beforehand.
#
# Each measurement is repeated 3 times; the medians are compared.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
isms=${2:-}
nassets=$((n / 10))
work=$(mktemp -d "${TMPDIR:-/tmp}/isms-bench-risk.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ -z "$isms" ]; then
	# An optimised build of its own (see bench/asset-import.sh for the flags).
	cmake -S . -B build-bench-risk -G Ninja -DCMAKE_BUILD_TYPE=Release \
		"-DCMAKE_C_FLAGS=-D__NO_INLINE__ -Wno-maybe-uninitialized -Wno-format-truncation -Wno-stringop-truncation" >/dev/null
	ninja -C build-bench-risk isms >/dev/null
	isms=$PWD/build-bench-risk/isms
fi

now() { date +%s.%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
elapsed() { awk "BEGIN { printf \"%.3f\", $2 - $1 }"; }
# run_timed OUTVAR RSSVAR CMD…: wall time and peak RSS (kB) of CMD
run_timed() {
	local t0 t1
	t0=$(now)
	/usr/bin/time -f %M -o "$work/rss" "${@:3}" >/dev/null
	t1=$(now)
	printf -v "$1" '%s' "$(elapsed "$t0" "$t1")"
	printf -v "$2" '%s' "$(cat "$work/rss")"
}

db=$work/r.db
export ISMS_DB=$db
"$isms" init --org Bench --edition 2022 >/dev/null
awk -v n="$nassets" -f bench/gen-assets.awk >"$work/assets.csv"
"$isms" asset import "$work/assets.csv" >/dev/null
bench/gen-risks.sh "$db" "$n"
"$isms" method set jipdec-3x3x3 >/dev/null
echo "register: $n risks on $nassets assets, database $(du -h "$db" | cut -f1)"

# --- re-evaluation ---------------------------------------------------------------
cp "$db" "$work/ref.db"
ours=() ref=() ours_rss=() ref_rss=()
modes=(sum max sum)
for round in 0 1 2; do
	mode=${modes[$round]}
	if [ "$mode" = sum ]; then threshold=30; else threshold=8; fi
	sync
	run_timed t rss "$isms" method set --asset-value "$mode" --threshold "$threshold"
	ours+=("$t") ours_rss+=("$rss")
	if [ "$mode" = sum ]; then av="(COALESCE(a.c, 0) + COALESCE(a.i, 0) + COALESCE(a.a, 0))"; else av="MAX(COALESCE(a.c, 0), COALESCE(a.i, 0), COALESCE(a.a, 0))"; fi
	cat >"$work/ref.sql" <<EOF
PRAGMA synchronous = FULL;
UPDATE risk SET
	value = (SELECT $av FROM asset a WHERE a.id = risk.asset_id) * threat_level * vuln_level,
	evaluation = CASE WHEN (SELECT $av FROM asset a WHERE a.id = risk.asset_id) * threat_level * vuln_level
		<= $threshold THEN 'accept' ELSE 'treat' END
WHERE isms_id = 1;
EOF
	sync
	run_timed t rss sqlite3 "$work/ref.db" ".read $work/ref.sql"
	ref+=("$t") ref_rss+=("$rss")
	# the same values and decisions on both sides
	a=$(sqlite3 "$db" "SELECT SUM(value), SUM(evaluation = 'treat') FROM risk")
	b=$(sqlite3 "$work/ref.db" "SELECT SUM(value), SUM(evaluation = 'treat') FROM risk")
	[ "$a" = "$b" ] || { echo "round $round: isms ($a) and SQLite ($b) disagree" >&2; exit 1; }
done
o=$(printf '%s\n' "${ours[@]}" | median)
r=$(printf '%s\n' "${ref[@]}" | median)
om=$(printf '%s\n' "${ours_rss[@]}" | sort -n | tail -1)
rm_=$(printf '%s\n' "${ref_rss[@]}" | sort -n | tail -1)
echo "re-evaluation after a method change (every value changes; sums of values and decisions checked equal):"
printf '  isms method set:      %.3f s (median of 3: %s), peak RSS %d MB\n' "$o" "${ours[*]}" $((om / 1024))
printf '  sqlite3 UPDATE:       %.3f s (median of 3: %s), peak RSS %d MB\n' "$r" "${ref[*]}" $((rm_ / 1024))
printf '  ratio:                %.2f (target: 1.5 or less; memory under 300 MB)\n' "$(awk "BEGIN { print $o / $r }")"

# --- export --------------------------------------------------------------------------
# The reference's lookup tables: names from the library files, labels of the method.
awk -F'\t' '/^T-/ { printf "%s\t%s\n", $1, $3 }' data/library/threats.tsv >"$work/threats.tsv"
awk -F'\t' '/^V-/ { printf "%s\t%s\n", $1, $2 }' data/library/vulnerabilities.tsv >"$work/vulns.tsv"
sqlite3 "$work/ref.db" <<EOF
CREATE TABLE lib_threat (code TEXT PRIMARY KEY, name TEXT);
CREATE TABLE lib_vuln (code TEXT PRIMARY KEY, name TEXT);
.mode tabs
.import $work/threats.tsv lib_threat
.import $work/vulns.tsv lib_vuln
CREATE TABLE lvl (level INTEGER PRIMARY KEY, label TEXT);
INSERT INTO lvl VALUES (1, 'Low'), (2, 'Medium'), (3, 'High');
CREATE TABLE props (p INTEGER PRIMARY KEY, t TEXT);
INSERT INTO props VALUES (1, 'C'), (2, 'I'), (3, 'CI'), (4, 'A'), (5, 'CA'), (6, 'IA'), (7, 'CIA');
EOF
cat >"$work/export.sql" <<'EOF'
.headers on
.mode csv
SELECT r.code AS "Risk ID", a.code AS "Asset ID", a.name AS "Asset name", r.grp AS "Asset group",
	r.threat AS "Threat", t.name AS "Threat name", r.vuln AS "Vulnerability", v.name AS "Vulnerability name",
	p.t AS "Properties", r.threat_level AS "Threat level", r.vuln_level AS "Vulnerability level",
	r.likelihood AS "Likelihood", r.impact AS "Impact", r.owner AS "Risk owner", r.description AS "Description",
	r.value AS "Risk value", l.label AS "Risk level", r.evaluation AS "Evaluation", r.treatment AS "Treatment",
	k.c AS "Controls", r.residual_value AS "Residual risk value", r.residual_evaluation AS "Residual risk evaluation"
FROM risk r LEFT JOIN asset a ON a.id = r.asset_id
	LEFT JOIN lib_threat t ON t.code = r.threat LEFT JOIN lib_vuln v ON v.code = r.vuln
	LEFT JOIN props p ON p.p = r.props LEFT JOIN lvl l ON l.level = r.level
	LEFT JOIN (SELECT risk_id, group_concat(control, char(10)) AS c FROM risk_control GROUP BY risk_id) k
		ON k.risk_id = r.id
WHERE r.isms_id = 1 ORDER BY r.code;
EOF
ours=() ref=() ours_rss=()
for round in 1 2 3; do
	rm -f "$work/ours.csv" "$work/ref.csv"
	run_timed t rss "$isms" risk export --output "$work/ours.csv"
	ours+=("$t") ours_rss+=("$rss")
	t0=$(now)
	sqlite3 "$work/ref.db" ".read $work/export.sql" >"$work/ref.csv"
	t1=$(now)
	ref+=("$(elapsed "$t0" "$t1")")
done
lo=$(($(wc -l <"$work/ours.csv")))
lr=$(($(wc -l <"$work/ref.csv")))
[ "$lo" -ge $((n + 1)) ] && [ "$lr" -ge $((n + 1)) ] || { echo "an export lacks rows ($lo, $lr)" >&2; exit 1; }
o=$(printf '%s\n' "${ours[@]}" | median)
r=$(printf '%s\n' "${ref[@]}" | median)
om=$(printf '%s\n' "${ours_rss[@]}" | sort -n | tail -1)
echo "export of the register as CSV ($(du -h "$work/ours.csv" | cut -f1) from isms, $(du -h "$work/ref.csv" | cut -f1) from sqlite3):"
printf '  isms risk export:     %.3f s (median of 3: %s), peak RSS %d MB\n' "$o" "${ours[*]}" $((om / 1024))
printf '  sqlite3 .mode csv:    %.3f s (median of 3: %s)\n' "$r" "${ref[*]}"
printf '  ratio:                %.2f (target: 2 or less)\n' "$(awk "BEGIN { print $o / $r }")"
