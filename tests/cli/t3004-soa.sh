#!/usr/bin/env bash
# isms soa: numbered snapshots, diff, approval, and export as CSV, XLSX, HTML and PDF in both languages.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/soa-seed.sh"
SRC=${ISMS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
FX=$SRC/tests/fixtures/soa
CELLS="python3 $SRC/tests/cli/xlsx-cells.py"

run init --org "Example Corp" --edition 2022
run soa show
expect_rc 4 "show before any SoA exits 4"
expect_err "no Statement of Applicability has been generated yet" "and says so"
run control select A.5.1 --reason legal
run soa generate
expect_rc 5 "generate with undecided controls exits 5"
expect_err "92 controls have no decision yet: A\.5\.2, A\.5\.3, .* and 82 more" "and names the first ones"
rm -f "$ISMS_DB"

seed_isms "Example Corp"
run soa generate
expect_rc 0 "generate"
expect_out "Generated Statement of Applicability 1" "number 1"
run soa generate
expect_rc 5 "generate again without a change exits 5"
expect_err "nothing has changed since Statement of Applicability 1" "and says so"

run soa export --format csv
expect_rc 0 "export as CSV"
printf '%s\n' "$out" >"$T/soa-en.csv"
expect_same "$T/soa-en.csv" "$FX/soa-en.golden.csv" "the English CSV matches the golden file"
run --lang ja soa export --format csv
printf '%s\n' "$out" >"$T/soa-ja.csv"
expect_same "$T/soa-ja.csv" "$FX/soa-ja.golden.csv" "the Japanese CSV matches the golden file"

# XLSX: read back, cell by cell.
run soa export --output "$T/soa.xlsx"
expect_rc 0 "export as XLSX (from the extension)"
$CELLS "$T/soa.xlsx" >"$T/cells.txt"
grep -P '^A1\tStatement of Applicability$' "$T/cells.txt" >/dev/null && ok "XLSX: the title" || not_ok "XLSX: the title"
for kv in "Organisation	Example Corp" "Standard	ISO/IEC 27001:2022 \\(JIS Q 27001:2023\\)" "Version	1" \
	"Approved by	not approved"; do
	grep -qP "^A[0-9]+\t${kv%%	*}$" "$T/cells.txt" && grep -qP "^B[0-9]+\t${kv#*	}$" "$T/cells.txt" \
		&& ok "XLSX header block: ${kv%%	*}" || not_ok "XLSX header block: ${kv%%	*}"
done
grep -qP '^B[0-9]+\t20[0-9]{2}-[0-9]{2}-[0-9]{2}$' "$T/cells.txt" && ok "XLSX header block: the date" || not_ok "XLSX header block: the date"
head_row=$(grep -P '^A[0-9]+\tControl$' "$T/cells.txt" | head -1 | cut -f1 | tr -d A)
[ -n "$head_row" ] && ok "XLSX: the column headers on row $head_row" || not_ok "XLSX: the column headers"
expected_cols="Control|Title|Applicable|Reasons for inclusion|Justification for exclusion|Implementation status|Owner|Implementation reference|Linked risks"
got_cols=$(grep -P "^[A-I]$head_row\t" "$T/cells.txt" | cut -f2 | paste -sd'|')
[ "$got_cols" = "$expected_cols" ] && ok "XLSX: the expected columns" || not_ok "XLSX: the expected columns ($got_cols)"
[ "$(grep -cP "^A([0-9]+)\tA\.[5-8]\." "$T/cells.txt")" -eq 93 ] && ok "XLSX: one row per Annex A control" || not_ok "XLSX: one row per Annex A control"
r=$(grep -P '^A[0-9]+\tA\.8\.8$' "$T/cells.txt" | cut -f1 | tr -d A)
grep -qP "^I$r\tR-001$" "$T/cells.txt" && ok "XLSX: A.8.8's linked risk" || not_ok "XLSX: A.8.8's linked risk"
r=$(grep -P '^A[0-9]+\tA\.7\.4$' "$T/cells.txt" | cut -f1 | tr -d A)
grep -qP "^C$r\texcluded$" "$T/cells.txt" && grep -qP "^E$r\tNo premises of our own" "$T/cells.txt" \
	&& ok "XLSX: A.7.4 excluded with its justification" || not_ok "XLSX: A.7.4 excluded with its justification"
grep -qP "^A[0-9]+\tX-1$" "$T/cells.txt" && ok "XLSX: the additional control" || not_ok "XLSX: the additional control"
grep -qP "^pane\t$head_row\tfrozen$" "$T/cells.txt" && ok "XLSX: the header is frozen" || not_ok "XLSX: the header is frozen"
grep -qP "^autofilter\tA$head_row:I$((head_row + 94))$" "$T/cells.txt" && ok "XLSX: filters over the table" || not_ok "XLSX: filters over the table"
grep -qP '^page\tpaper=9\torientation=landscape$' "$T/cells.txt" && ok "XLSX: A4 landscape" || not_ok "XLSX: A4 landscape"
grep -qP "^print_titles\t.*\\\$$head_row:\\\$$head_row$" "$T/cells.txt" && ok "XLSX: the header repeats on printed pages" || not_ok "XLSX: the header repeats on printed pages"
run --lang ja soa export --output "$T/soa-ja.xlsx"
$CELLS "$T/soa-ja.xlsx" >"$T/cells-ja.txt"
grep -qP '^A1\t適用宣言書$' "$T/cells-ja.txt" && ok "XLSX in Japanese: 適用宣言書" || not_ok "XLSX in Japanese: 適用宣言書"
grep -qP '^[A-I][0-9]+\t除外の正当化$' "$T/cells-ja.txt" && ok "XLSX in Japanese: 除外の正当化" || not_ok "XLSX in Japanese: 除外の正当化"
grep -qP '^[A-Z][0-9]+\t情報セキュリティのための方針群$' "$T/cells-ja.txt" && ok "XLSX in Japanese: control titles" || not_ok "XLSX in Japanese: control titles"

# PDF: real text, Japanese, page numbers.
run --lang ja soa export --output "$T/soa.pdf"
expect_rc 0 "export as PDF"
pdftotext -layout "$T/soa.pdf" "$T/soa.txt"
grep -q "適用宣言書" "$T/soa.txt" && ok "PDF: the Japanese title" || not_ok "PDF: the Japanese title"
grep -q "職務の分離" "$T/soa.txt" && grep -q "経営陣の責任" "$T/soa.txt" && ok "PDF: Japanese control titles" || not_ok "PDF: Japanese control titles"
grep -q "除外の正当化" "$T/soa.txt" && ok "PDF: the table header" || not_ok "PDF: the table header"
pages=$(pdfinfo "$T/soa.pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 3 ] && ok "PDF: $pages pages" || not_ok "PDF: several pages ($pages)"
grep -qE "^ *1 ?/ ?$pages$" "$T/soa.txt" && grep -qE "^ *$pages ?/ ?$pages$" "$T/soa.txt" && ok "PDF: page numbers" || not_ok "PDF: page numbers"
[ "$(grep -c "実施の参照先" "$T/soa.txt")" -ge "$pages" ] && ok "PDF: the header row repeats on every page" \
	|| not_ok "PDF: the header row repeats on every page"
pdfinfo "$T/soa.pdf" | grep -q "Page size: *841.89 x 595.276" && ok "PDF: A4 landscape" || not_ok "PDF: A4 landscape"
pdffonts "$T/soa.pdf" | grep -q "NotoSansCJK" && ok "PDF: the Noto Sans CJK JP font is embedded" || not_ok "PDF: the Noto Sans CJK JP font is embedded"

run soa export --format html
expect_out "<table class=\"isms-table\" id=\"t-soa\">" "HTML: the table"
expect_out "<td>A\.7\.4</td>" "HTML: the rows"
run soa export --format json
python3 - "$out" <<'PY' && ok "JSON: the document" || not_ok "JSON: the document"
import json, sys
d = json.loads(sys.argv[1])
assert "Statement of Applicability" in json.dumps(d)
PY
run soa export --format docx
expect_rc 2 "an unknown export format is a usage error"
run soa export 7 --format csv
expect_rc 4 "exporting an unknown SoA exits 4"

# Approval.
run soa approve
expect_rc 6 "a non-approver cannot approve"
run --as boss soa approve --comment "Approved at the management review."
expect_out "Statement of Applicability 1 is approved by boss" "the approver approves"
run soa export --output "$T/soa2.xlsx"
$CELLS "$T/soa2.xlsx" | grep -qP '^B[0-9]+\tboss \(20[0-9-]{8}\)$' && ok "XLSX: the approver in the header block" \
	|| not_ok "XLSX: the approver in the header block"

# A change, a second snapshot, the diff; the first stays as it was.
run control set A.5.2 --status planned --owner CISO
run status
expect_out "the control selection changed after the last Statement of Applicability" "status: the SoA is outdated"
run soa generate
expect_out "Statement of Applicability 2" "number 2"
run soa diff 1 2
expect_rc 0 "diff"
expect_out "^A\.5\.2 +changed +status +implemented +planned$" "diff: the status"
expect_out "^A\.5\.2 +changed +owner +CISO$" "diff: the owner"
[ "$(tail -n +3 <<<"$out" | wc -l)" -eq 2 ] && ok "diff: nothing else" || not_ok "diff: nothing else"
run soa diff 2 2
expect_out "are the same" "a snapshot against itself"
run soa diff 1
expect_rc 2 "diff needs two numbers"
run soa diff 1 x
expect_rc 2 "diff with a non-number"
run soa diff 1 5
expect_rc 4 "diff with an unknown snapshot exits 4"
run --format csv soa show 1
expect_out "^A\.5\.2,.*,true,business,implemented,," "snapshot 1 keeps its row"
run soa list
expect_out "^ +1 +2022 .* +94 +92 +2 +approved +boss$" "list: 1 approved, with its counts"
expect_out "^ +2 +2022 .* not approved" "list: 2 not approved"
run status
expect_out "\[x\] 10\. Prepare the Statement of Applicability" "status: SoA done, awaiting approval"
run --as boss soa approve 2
run status
expect_out "\[A\] 10\. Prepare the Statement of Applicability" "status: SoA approved"

done_testing
