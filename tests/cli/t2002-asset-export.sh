#!/usr/bin/env bash
# isms asset export and isms report assets: golden CSV and JSON, XLSX read back, HTML, formula injection.
. "$(dirname "$0")/lib.sh"

FIX=${ISMS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fixtures/assets
export SOURCE_DATE_EPOCH=1769817600 # 2026-01-31

run init --org "株式会社サンプル" --name sample --edition 2022
expect_rc 0 "init"
run asset import "$FIX/inventory-in.csv"
expect_rc 0 "import the fixture inventory"

"$ISMS" asset export >inv.csv 2>"$T/.stderr"
cmp -s inv.csv "$FIX/inventory.csv" && ok "CSV export matches the golden file" \
	|| { not_ok "CSV export matches the golden file"; diff <(cat -A inv.csv) <(cat -A "$FIX/inventory.csv") | head -10; }
[ "$(head -c 3 inv.csv | od -An -tx1 | tr -d ' ')" = efbbbf ] && ok "CSV starts with a UTF-8 BOM" \
	|| not_ok "CSV starts with a UTF-8 BOM"
grep -q $'^A-003,"\'=HYPERLINK' inv.csv && ok "a formula in a cell is neutralised with a quote" \
	|| not_ok "a formula in a cell is neutralised with a quote"
grep -q $'\r$' inv.csv && ok "CSV lines end with CRLF" || not_ok "CSV lines end with CRLF"

"$ISMS" --lang ja asset export >inv-ja.csv
cmp -s inv-ja.csv "$FIX/inventory-ja.csv" && ok "Japanese CSV export matches the golden file" \
	|| { not_ok "Japanese CSV export matches the golden file"; diff inv-ja.csv "$FIX/inventory-ja.csv" | head -10; }
head -1 inv-ja.csv | grep -q '資産ID,資産名,種別,管理責任者,保管場所,グループ,機密性,完全性,可用性,説明,機密性の理由' \
	&& ok "Japanese headers" || not_ok "Japanese headers"

# both exports import back unchanged: the quote that neutralises a formula is dropped on import
run asset import inv-ja.csv
expect_rc 0 "the Japanese export imports back"
expect_out '0 added, 0 updated, 4 unchanged' "unchanged, the neutralised cell too"
run asset import inv.csv
expect_out '0 added, 0 updated, 4 unchanged' "the English export too"

run asset import "$FIX/inventory-in.csv"
"$ISMS" asset export --format json >inv.json
cmp -s inv.json "$FIX/inventory.json" && ok "JSON export matches the golden file" \
	|| { not_ok "JSON export matches the golden file"; diff inv.json "$FIX/inventory.json" | head -10; }
"$ISMS" --lang ja report assets --format json >rep-ja.json
cmp -s rep-ja.json "$FIX/inventory-ja.json" && ok "Japanese JSON report matches the golden file" \
	|| { not_ok "Japanese JSON report matches the golden file"; diff rep-ja.json "$FIX/inventory-ja.json" | head -10; }

# XLSX: a real workbook with the print layout, read back cell by cell
run --lang ja report assets --output inv.xlsx
expect_rc 0 "report to an .xlsx file picks XLSX"
python3 - <<'PY' && ok "the workbook has a frozen bold header, autofilter, landscape fit-to-width, repeated header" || not_ok "the workbook has a frozen bold header, autofilter, landscape fit-to-width, repeated header"
import zipfile, re
z = zipfile.ZipFile("inv.xlsx")
sheet = z.read("xl/worksheets/sheet1.xml").decode()
wb = z.read("xl/workbook.xml").decode()
assert 'state="frozen"' in sheet, "frozen"
assert "<autoFilter" in sheet, "autofilter"
assert 'orientation="landscape"' in sheet, "landscape"
assert 'fitToPage="1"' in sheet and 'fitToHeight="0"' in sheet and 'fitToWidth' not in sheet, "fit to one page wide"
assert "_xlnm.Print_Titles" in wb, "print titles"
assert '<sheet name="資産"' in wb, wb
styles = z.read("xl/styles.xml").decode()
assert "<b/>" in styles and "Yu Gothic" in styles
PY
run asset import inv.xlsx
expect_rc 0 "the XLSX report imports back (its title block is skipped)"
expect_out '\(XLSX\): 0 added, 0 updated, 4 unchanged' "every asset unchanged"

# HTML: a complete page, escaped, with the chart as SVG
run --lang ja report assets --format html
expect_rc 0 "report as HTML"
expect_out '<html lang="ja">' "a Japanese page"
expect_out '<title>資産目録</title>' "titled 資産目録"
expect_out '&lt;script&gt;alert\(1\)&lt;/script&gt; &amp; more' "user text is escaped"
grep -q '<script>' <<<"$out" && not_ok "no script element" || ok "no script element"
expect_out '<svg xmlns="http://www.w3.org/2000/svg" class="isms-chart isms-bars"' "a bar chart in SVG"
expect_out '@media print' "a print stylesheet"
python3 - "$out" <<'PY' && ok "the page parses as XML after the doctype" || not_ok "the page parses as XML after the doctype"
import sys, xml.etree.ElementTree as ET
s = sys.argv[1]
ET.fromstring(s[s.index("<html"):])
PY

# formats and options
run report assets --format table
expect_rc 2 "a report as a table is a usage error"
expect_err 'cannot be written as "table"' "and says so"
run report assets --format pdf --output inv.pdf
[ "$rc" -eq 0 ] || [ "$rc" -eq 7 ] && ok "PDF: written, or refused as not supported (exit $rc)" \
	|| not_ok "PDF: written, or refused as not supported (exit $rc)"
run report nosuch
expect_rc 2 "an unknown report exits 2"
expect_err 'unknown report "nosuch"' "and names it"
expect_err 'assets +Asset inventory' "and lists the reports"
run report assets --date 2026-02-30
expect_rc 2 "a bad --date exits 2"
run report assets --format csv --date 2025-12-01
expect_out '^.?Asset ID,' "--date with CSV gives the table"
run asset export --format json --output "$T/no/such/dir/x.json"
expect_rc 7 "an unwritable output exits 7"
expect_err 'cannot write' "and says so"
[ ! -e "$T/no" ] && ok "and creates nothing" || not_ok "and creates nothing"
run asset export --output out.csv
expect_rc 0 "export to a file"
cmp -s out.csv inv.csv && ok "the file has the same bytes as standard output" \
	|| not_ok "the file has the same bytes as standard output"
[ "$(stat -c %a out.csv)" = 644 ] && ok "the file is readable by others (0644)" || not_ok "the file is readable by others (0644)"

# status tells step 4's facts
run status
expect_out '1 asset has no owner' "status counts assets without an owner"
expect_out '1 asset has no C/I/A values' "status counts unvalued assets"

done_testing
