#!/usr/bin/env bash
# isms export --dir: every artefact of the ten steps as PDF (and XLSX), with an index, in Japanese and English.
. "$(dirname "$0")/lib.sh"
SRC=${ISMS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
CELLS="python3 $SRC/tests/cli/xlsx-cells.py"

run init --org "Empty Co" --edition 2022
run export --dir "$T/empty"
expect_rc 5 "exporting an ISMS with nothing written exits 5"
expect_err "the document set is incomplete" "and says so"
expect_out "missing: the scope has not been written yet" "the index line says what is missing and why"
[ -f "$T/empty/index.html" ] && ok "the index is written anyway" || not_ok "the index is written anyway"
grep -q "missing" "$T/empty/index.html" && ok "and lists the missing artefacts" || not_ok "and lists the missing artefacts"
run export
expect_rc 2 "--dir is required"
printf x >"$T/file"
run export --dir "$T/file"
expect_rc 7 "a file in place of the directory exits 7"
expect_err "is not a directory" "and says so"
run export --dir "$T/no/such/dir"
expect_rc 7 "a directory whose parent is missing exits 7"
run export --dir "$T/x" --date 2026-13-01
expect_rc 2 "a bad --date is a usage error"
rm -f "$ISMS_DB"

run demo
expect_rc 0 "the demo"
run --lang ja export --dir "$T/ja" --date 2026-04-01
expect_rc 0 "the Japanese document set"
for f in 01-scope 02-policy 03-risk-method 04-asset-inventory 04-risk-list 05-risk-assessment \
	06-risk-treatment 07-selected-controls 08-residual-risk-approvals 09-authorisation \
	10-statement-of-applicability; do
	[ -s "$T/ja/$f.pdf" ] && ok "$f.pdf" || not_ok "$f.pdf"
done
for f in 04-asset-inventory 04-risk-list 06-risk-treatment 07-selected-controls 08-residual-risk-approvals \
	10-statement-of-applicability; do
	[ -s "$T/ja/$f.xlsx" ] && ok "$f.xlsx" || not_ok "$f.xlsx"
done
[ "$(grep -c 'href="[0-9][0-9]-[a-z-]*\.pdf"' "$T/ja/index.html")" -eq 11 ] && ok "the index links the 11 PDFs" \
	|| not_ok "the index links the 11 PDFs"
grep -q "ISMS文書一式" "$T/ja/index.html" && ok "the index is in Japanese" || not_ok "the index is in Japanese"
check_pdf() { # FILE TEXT DESCRIPTION
	if pdftotext -layout "$1" - 2>/dev/null | grep -q -- "$2"; then ok "$3"; else not_ok "$3"; fi
}
check_pdf "$T/ja/01-scope.pdf" "適用範囲からの除外" "scope PDF: the exclusions, in Japanese"
check_pdf "$T/ja/01-scope.pdf" "大阪営業デスク" "scope PDF: the excluded site"
check_pdf "$T/ja/02-policy.pdf" "経営陣のコミットメント" "policy PDF: management's commitment"
check_pdf "$T/ja/05-risk-assessment.pdf" "リスクアセスメント結果報告" "assessment PDF in Japanese"
check_pdf "$T/ja/07-selected-controls.pdf" "対策基準" "selected controls PDF"
check_pdf "$T/ja/09-authorisation.pdf" "運用開始日は2026年4月1日" "authorisation PDF with the comment"
check_pdf "$T/ja/10-statement-of-applicability.pdf" "適用宣言書" "SoA PDF title"
check_pdf "$T/ja/10-statement-of-applicability.pdf" "開発はすべて自社の従業員" "SoA PDF: a justification for exclusion"
check_pdf "$T/ja/10-statement-of-applicability.pdf" "demo-ceo" "SoA PDF: the approver"
pages=$(pdfinfo "$T/ja/10-statement-of-applicability.pdf" | awk '/^Pages:/ {print $2}')
check_pdf "$T/ja/10-statement-of-applicability.pdf" "$pages */ *$pages" "SoA PDF: page numbers"
$CELLS "$T/ja/10-statement-of-applicability.xlsx" >"$T/cells.txt"
grep -qP '^B[0-9]+\t株式会社サンプルソフト$' "$T/cells.txt" && ok "SoA XLSX: the organisation" || not_ok "SoA XLSX: the organisation"
grep -qP '^B[0-9]+\tdemo-ceo \(' "$T/cells.txt" && ok "SoA XLSX: the approver" || not_ok "SoA XLSX: the approver"

run --lang en demo --name demo-en
run --lang en --isms demo-en export --dir "$T/en"
expect_rc 0 "the English document set (of the English demo)"
check_pdf "$T/en/01-scope.pdf" "Osaka sales desk" "English scope PDF"
check_pdf "$T/en/02-policy.pdf" "Management's commitment" "English policy PDF"
check_pdf "$T/en/10-statement-of-applicability.pdf" "Justification for exclusion" "English SoA PDF"
grep -q "ISMS document set" "$T/en/index.html" && ok "the English index" || not_ok "the English index"

done_testing
