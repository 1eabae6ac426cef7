#!/usr/bin/env bash
# isms report risks|assessment|treatment|approvals in CSV, JSON, XLSX and HTML, in English and Japanese.
. "$(dirname "$0")/lib.sh"

check() { if eval "$1"; then ok "$2"; else not_ok "$2"; fi; }
export SOURCE_DATE_EPOCH=1795000000 # 2026-11-18

run init --org "Example Corp" --edition 2022
run user add boss --role approver --no-password
run asset add A-001 --name "Customer DB" --type information --owner alice --c 3 --i 3 --a 3
run asset add A-002 --name "Laptop" --type hardware --owner bob --c 2 --i 1 --a 1 --group pcs
run asset add A-003 --name "Mail" --type service --owner carol --c 2 --i 2 --a 2
run risk add --asset A-001 --threat T-001 --vuln V-001 --threat-level 3 --vuln-level 3
run risk add --asset A-001 --threat T-002 --vuln V-012 --threat-level 2 --vuln-level 2
run risk add --asset A-002 --threat T-002 --vuln V-012 --threat-level 3 --vuln-level 2
run risk add --asset A-003 --threat T-004 --vuln V-001 --threat-level 1 --vuln-level 1
run risk add --group pcs --threat T-005 --vuln V-003
run risk treat R-001 --option reduce --control A.8.5 --control A.5.17 --residual-vuln 2 --due 2026-10-01
run risk treat R-002 --option accept
run risk treat R-003 --option transfer --extra "Insurance" --residual-threat 1 --due 2027-06-30
run --as boss risk approve R-001 --comment "Board decision 12"

# the risk list
run report risks --format csv
expect_rc 0 "risks as CSV"
check '[ "$(printf %s "$out" | head -c 3 | od -An -tx1 | tr -d " ")" = efbbbf ]' "CSV with a BOM"
check 'grep -q "^R-001,A-001,Customer DB,,T-001,Unauthorised access,V-001" <<<"$out"' "the register rows"
check '[ "$(grep -c "^R-" <<<"$out")" = 5 ]' "every risk"
run --lang ja report risks --format csv
check 'grep -q "リスクID,資産ID,資産名" <<<"$out"' "Japanese headers"
check 'grep -q "不正アクセス" <<<"$out"' "Japanese names"
run report risks --format json
check 'python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d[\"kind\"]==\"risks\"; t=[b for b in d[\"blocks\"] if b[\"type\"]==\"table\"][0]; assert len(t[\"rows\"])==5" "$out"' \
	"JSON with the register table"
run report risks --format xlsx --output risks.xlsx
expect_rc 0 "risks as XLSX"
check '[ "$(head -c 2 risks.xlsx)" = PK ]' "an XLSX file"
run risk import risks.xlsx
expect_out "0 added, 0 updated, 5 unchanged" "the risk list in XLSX imports back unchanged"

# the assessment report
run report assessment --format html --output assessment.html
expect_rc 0 "assessment as HTML"
check 'grep -q "<svg[^>]*isms-heatmap" assessment.html' "an SVG heat map"
check 'grep -q "Risk matrix" assessment.html' "titled risk matrix"
check 'grep -q "Top risks" assessment.html && grep -q "Risks by asset type" assessment.html' "top risks and counts by asset type"
check 'grep -q "1 risk is not in the matrix" assessment.html' "says what is not in the matrix"
run report assessment --format json
check 'python3 - "$out" <<"PY"
import json, sys
d = json.loads(sys.argv[1])
charts = {b["key"]: b for b in d["blocks"] if b["type"] == "chart"}
h = charts["matrix"]
assert h["row_labels"] == ["3", "2", "1"] and h["col_labels"] == ["1", "2", "3", "4", "6", "9"]
counts = [[c["count"] for c in row] for row in h["cells"]]
# R-001: 3 x 9; R-002: 3 x 4; R-003: 2 x 6; R-004: 2 x 1
assert counts[0][5] == 1 and counts[0][3] == 1 and counts[1][4] == 1 and counts[1][0] == 1, counts
assert sum(map(sum, counts)) == 4
assert h["cells"][0][5]["label"] == "High" and h["cells"][2][0]["label"] == "Low"
assert "by_level" in charts and "by_asset_type" in charts
PY' "the heat map puts each evaluated risk in its cell, coloured by level"
run --lang ja report assessment --format html
check 'grep -q "リスクアセスメント結果報告" <<<"$out"' "the Japanese title"
check 'grep -q "リスクマトリクス" <<<"$out"' "Japanese chart titles"
run report assessment --format csv
check '[ "$(grep -c "^R-" <<<"$out")" = 5 ]' "the CSV is the evaluation of every risk"

# the treatment report
run report treatment --format csv
expect_rc 0 "treatment as CSV"
check 'grep -q "^R-001,A-001,.*A.8.5 Secure authentication" <<<"$out"' "controls with their titles"
check 'grep -q "^R-003,A-002,.*Insurance" <<<"$out"' "additional controls"
run report treatment --format html
check 'grep -q "Plans past their due date" <<<"$out"' "overdue plans are counted"
run --lang ja report treatment --format html
check 'grep -q "リスク対応結果報告" <<<"$out" && grep -q "移転・共有" <<<"$out"' "Japanese: 移転・共有"

# the approval record
run report approvals --format csv
expect_rc 0 "approvals as CSV"
check 'grep -q "^R-001,.*,approved,boss,.*,Board decision 12," <<<"$out"' "who approved, with the comment"
check 'grep -q "^R-002,.*,awaiting approval," <<<"$out"' "what awaits approval"
run --lang ja report approvals --format html
check 'grep -q "残留リスク承認記録" <<<"$out"' "the Japanese title"
run report approvals --format xlsx --output approvals.xlsx
expect_rc 0 "approvals as XLSX"

# the method (step 3)
run report method --format csv
expect_rc 0 "the method as CSV"
check 'grep -q "^1,Low,1-8," <<<"$out" && grep -q "^3,High,13-27," <<<"$out"' "the risk levels with their ranges"
check 'grep -q "^1,Low,1-8,yes," <<<"$out" && grep -q "^2,Medium,9-12,no," <<<"$out"' "which levels the threshold accepts"
run --lang ja report method --format html
check 'grep -q "リスクマネジメント実施基準" <<<"$out"' "the Japanese title"
check 'grep -q "関係者限り" <<<"$out"' "the scales with their labels"
check 'grep -q "<svg[^>]*isms-heatmap" <<<"$out"' "every value of the formula as a coloured table"
check 'grep -q "未設定のため\|独自の方法を設定していません" <<<"$out"' "says that the default applies"
run method set iso27005-5x5
run --as boss method approve
run report method --format json
check 'python3 - "$out" <<"PY"
import json, sys
d = json.loads(sys.argv[1])
h = [b for b in d["blocks"] if b["type"] == "chart"][0]
assert len(h["cells"]) == 5 and h["cells"][0][4]["count"] == 25
assert h["cells"][4][0]["label"].startswith("Low")
kv = {i["key"]: i["value"] for b in d["blocks"] if b["type"] == "kv" for i in b["items"]}
assert kv["approval"].startswith("approved by boss"), kv
PY' "the 5×5 matrix, and who approved the method"

run report nosuch
expect_rc 2 "an unknown report exits 2"
expect_err "assessment" "and the list of reports has the risk reports"

done_testing
