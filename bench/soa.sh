#!/usr/bin/env bash
# soa.sh - the Statement of Applicability of a 2022 ISMS with N risks (default
# 10,000): generating a snapshot, and writing it as XLSX and PDF, against
# libxlsxwriter and pango writing the same cells directly, in the same run.
#
#   bench/soa.sh [N] [REPETITIONS]
#
# The ISMS: N/10 assets (bench/gen-assets.awk), N risks (bench/gen-risks.sh),
# then every risk treated with three Annex A controls (3N links between
# controls and risks, every control used by about 3N/93 risks), the method
# set (every risk evaluated), and every control selected. Each round changes
# one control, generates the next snapshot (reading the selection, the
# catalogue and the 3N links, writing 93 frozen rows), builds the SoA
# document and writes it as XLSX and PDF; medians over the rounds. Then the
# whole risk register (N rows) as PDF, the PDF writer on a long table.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
reps=${2:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/isms-bench-soa.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ ! -f build-bench/build.ninja ]; then
	cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
ninja -j2 -C build-bench isms bench-soa >/dev/null
isms=$PWD/build-bench/isms
export ISMS_DB=$work/isms.db ISMS_LOCALEDIR=$PWD/build-bench/locale

"$isms" init --org "ベンチマーク株式会社" --edition 2022 --lang ja >/dev/null
awk -v n=$((n / 10)) -f bench/gen-assets.awk >"$work/assets.csv"
"$isms" asset import "$work/assets.csv" >/dev/null
bench/gen-risks.sh "$ISMS_DB" "$n"
"$isms" --format csv control list | tail -n +2 | cut -d, -f1 | awk '{ print NR - 1 "," $0 }' >"$work/controls.csv"
sqlite3 "$ISMS_DB" <<SQL
CREATE TEMP TABLE ctl (k INTEGER, id TEXT);
.mode csv
.import $work/controls.csv ctl
BEGIN;
UPDATE risk SET treatment = 'reduce', plan_owner = 'IT', plan_due = '2027-03-31', plan_status = 'planned',
	res_vuln = 1 WHERE treatment IS NULL;
DELETE FROM risk_control;
INSERT INTO risk_control (isms_id, risk_id, kind, pos, control)
SELECT 1, r.id, 'annex', p.pos, c.id FROM risk r
JOIN (SELECT 1 AS pos UNION ALL SELECT 2 UNION ALL SELECT 3) p
JOIN ctl c ON c.k = (r.id * 7 + p.pos * 31) % 93;
COMMIT;
SQL
"$isms" method set jipdec-3x3x3 >/dev/null
# shellcheck disable=SC2046
"$isms" control select $(cut -d, -f2 "$work/controls.csv") --reason business --status implemented >/dev/null
links=$(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM risk_control")
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr)"
echo "SQLite $(pkg-config --modversion sqlite3), libxlsxwriter $(pkg-config --modversion xlsxwriter), cairo $(pkg-config --modversion cairo), pango $(pkg-config --modversion pango)"
echo "ISMS: $n risks, $((n / 10)) assets, $links control-risk links, 93 controls"
build-bench/bench-soa "$ISMS_DB" "$reps"
