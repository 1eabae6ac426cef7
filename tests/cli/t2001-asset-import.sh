#!/usr/bin/env bash
# isms asset import: CSV in UTF-8 (BOM or not) and Shift_JIS, XLSX; every error path; all or nothing.
. "$(dirname "$0")/lib.sh"

run init --org "Example Corp" --edition 2022
expect_rc 0 "init"

count() { sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM asset"; }

# UTF-8 with a BOM and CRLF, Japanese column names and types
printf '\xef\xbb\xbf資産ID,資産名,種別,管理責任者,保管場所,グループ,機密性,完全性,可用性,説明,機密性の理由,分類,依存先\r\n' >a.csv
printf 'A-001,顧客台帳,情報,営業部長,本社,顧客,3,2,2,"取引先の連絡先\r\nと履歴",個人情報,社外秘,\r\n' >>a.csv
printf 'A-002,ファイルサーバ,ハードウェア,情報システム部長,サーバ室,,2,3,3,,,,A-001\r\n' >>a.csv
printf 'A-003,会計ソフト,ソフトウェア,経理部長,,,2,3,2,,,,"A-001, A-002"\r\n' >>a.csv
run asset import a.csv
expect_rc 0 "import a UTF-8 CSV with a BOM"
expect_out 'UTF-8 with BOM\): 3 added, 0 updated, 0 unchanged' "reports the encoding and the counts"
[ "$(count)" = 3 ] && ok "three assets" || not_ok "three assets"
[ "$(sqlite3 "$ISMS_DB" "SELECT description FROM asset WHERE code = 'A-001'")" = "$(printf '取引先の連絡先\nと履歴')" ] \
	&& ok "a line break inside a cell is kept (as LF)" || not_ok "a line break inside a cell is kept (as LF)"
[ "$(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM asset_dependency")" = 3 ] && ok "dependencies imported" \
	|| not_ok "dependencies imported"
[ "$(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM audit_log WHERE entity = 'asset' AND action = 'import'")" = 1 ] \
	&& ok "one audit entry for the import" || not_ok "one audit entry for the import"

run asset import a.csv
expect_rc 0 "the same file again"
expect_out '0 added, 0 updated, 3 unchanged' "changes nothing"
[ "$(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM audit_log WHERE action = 'import'")" = 1 ] \
	&& ok "and logs nothing" || not_ok "and logs nothing"

# Shift_JIS (CP932) with English column names in another order, without a BOM
printf 'Type,Asset ID,Name,Owner,C,I,A\r\n人,A-004,①委託先担当者,人事部長,1,1,1\r\nsoftware,A-003,会計ソフト,経理課長,2,3,2\r\n' \
	| iconv -f UTF-8 -t CP932 >sjis.csv
run asset import sjis.csv
expect_rc 0 "import a Shift_JIS CSV"
expect_out 'Shift_JIS \(CP932\)\): 1 added, 1 updated, 0 unchanged' "detects Shift_JIS and counts an update"
[ "$(sqlite3 "$ISMS_DB" "SELECT name || '/' || owner FROM asset WHERE code = 'A-004'")" = "①委託先担当者/人事部長" ] \
	&& ok "the text is converted (CP932 extensions too)" || not_ok "the text is converted (CP932 extensions too)"
[ "$(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM asset_dependency WHERE asset_id = (SELECT id FROM asset WHERE code = 'A-003')")" = 2 ] \
	&& ok "a file without the dependency column keeps the dependencies" \
	|| not_ok "a file without the dependency column keeps the dependencies"

# plain UTF-8, width- and case-insensitive names, fullwidth digits
printf 'ＩＤ,asset_name,TYPE,機密性\nA-005,ＶＰＮ装置,hardware,３\n' >plain.csv
run asset import plain.csv
expect_rc 0 "import UTF-8 without a BOM, with fullwidth names and digits"
expect_out '\(UTF-8\): 1 added' "reports UTF-8"
[ "$(sqlite3 "$ISMS_DB" "SELECT c FROM asset WHERE code = 'A-005'")" = 3 ] && ok "the fullwidth 3 is 3" \
	|| not_ok "the fullwidth 3 is 3"

# --dry-run
printf 'id,name,type\nA-100,x,site\n' >dry.csv
run asset import --dry-run dry.csv
expect_rc 0 "a dry run"
expect_out '1 to add, 0 to update, 3 unchanged|1 to add, 0 to update, 0 unchanged' "counts"
[ "$(count)" = 5 ] && ok "and changes nothing" || not_ok "and changes nothing"

# XLSX: the export read back (our own reader) is unchanged
run asset export --format xlsx --output inv.xlsx
expect_rc 0 "export as XLSX"
run asset import inv.xlsx
expect_rc 0 "import the exported XLSX"
expect_out '\(XLSX\): 0 added, 0 updated, 5 unchanged' "every asset unchanged"
run --lang ja asset export --format xlsx --output inv-ja.xlsx
run asset import inv-ja.xlsx
expect_out '0 added, 0 updated, 5 unchanged' "the Japanese XLSX export imports back unchanged"

# ---- every error: a clear message with the position, exit 3, nothing imported ----
before=$(sha256sum "$ISMS_DB" | cut -d' ' -f1)
expect_unchanged() {
	[ "$(count)" = 5 ] && ok "$1: nothing imported" || not_ok "$1: nothing imported"
}

printf 'id,name,type\nA-200,\x80\x80\x80,site\n' >badenc.csv
run asset import badenc.csv
expect_rc 3 "bad encoding exits 3"
expect_err 'badenc.csv:2: the file is neither UTF-8 nor Shift_JIS' "bad encoding: says so with the line"
expect_unchanged "bad encoding"

printf '\xff\xfei\x00d\x00\n\x00' >utf16.csv
run asset import utf16.csv
expect_rc 3 "UTF-16 exits 3"
expect_err 'UTF-16' "UTF-16: says so"

printf 'name,type\nx,site\n' >nocode.csv
run asset import nocode.csv
expect_rc 3 "a missing required column exits 3"
expect_err 'no header row with the required columns' "missing column: says so"
expect_err '"Asset ID", "id", "code", "asset code", "資産ID"' "missing column: lists the accepted names"
expect_unchanged "missing column"

printf 'id,name,type\nA-200,x,robot\n' >badtype.csv
run asset import badtype.csv
expect_rc 3 "an unknown type exits 3"
expect_err 'badtype.csv:2:3: unknown asset type "robot"' "unknown type: line and column"
expect_err '情報, ソフトウェア' "unknown type: lists the types"
expect_unchanged "unknown type"

printf 'id,name,type,機密性,完全性\nA-200,x,site,11,0\nA-201,y,site,2,二\n' >range.csv
run asset import range.csv
expect_rc 3 "values out of range exit 3"
expect_err 'range.csv:2:4: the confidentiality value 11 is out of range' "out of range: line, column, property"
expect_err 'range.csv:2:5: the integrity value 0 is out of range' "zero is out of range too"
expect_err 'range.csv:3:5: the integrity value "二" is not a whole number' "not a number: line and column"
expect_err '3 errors in the file; nothing was imported' "all errors are listed"
expect_unchanged "out of range"

printf 'id,name,type\nA-200,x,site\nA-201,y,site\nA-200,z,site\n' >dup.csv
run asset import dup.csv
expect_rc 3 "a duplicate ID in the file exits 3"
expect_err 'dup.csv:4:1: the asset ID "A-200" is also on line 2' "duplicate: both lines"
expect_unchanged "duplicate ID"

printf 'id,name,type,depends on\nA-200,x,site,"A-001, A-404"\n' >dep.csv
run asset import dep.csv
expect_rc 3 "an unknown dependency exits 3"
expect_err 'dep.csv:2:4: unknown asset "A-404" in the dependencies' "unknown dependency: named, with its position"
expect_unchanged "unknown dependency"

printf 'id,depends on\nA-001,A-003\n' >cycle.csv
run asset import cycle.csv
expect_rc 3 "a dependency cycle exits 3"
expect_err 'the dependencies make a cycle: .*A-001.*A-003' "cycle: shows it"

printf 'id,name,type,colour\nA-200,x,site,red\n' >unknown.csv
run asset import unknown.csv
expect_rc 3 "an unknown column exits 3"
expect_err 'unknown.csv:1:4: unknown column "colour"' "unknown column: named with its position"
run asset import --ignore-unknown unknown.csv
expect_rc 0 "--ignore-unknown imports anyway"
expect_err 'warning: unknown.csv:4: column "colour" is not an asset field and was skipped' "and warns"
sqlite3 "$ISMS_DB" "DELETE FROM asset WHERE code = 'A-200'"

printf 'id,name,type\nA-200,"open,site\n' >quote.csv
run asset import quote.csv
expect_rc 3 "an unclosed quote exits 3"
expect_err 'quote.csv:2:2: malformed CSV: a quoted cell is not closed' "unclosed quote: line and column"

printf 'id,name,type\nA-200,,site\n' >noname.csv
run asset import noname.csv
expect_rc 3 "a new asset without a name exits 3"
expect_err 'noname.csv:2:2: asset "A-200" has no name' "no name: says so"

: >empty.csv
run asset import empty.csv
expect_rc 3 "an empty file exits 3"
expect_err 'empty.csv: the file is empty' "empty: says so"
printf '\xef\xbb\xbf\r\n' >bomonly.csv
run asset import bomonly.csv
expect_rc 3 "a file with only a BOM exits 3"
printf 'id,name,type\r\n' >header.csv
run asset import header.csv
expect_rc 3 "a header without rows exits 3"
expect_err 'header but no rows' "header only: says so"

truncate -s 65M big.csv
run asset import big.csv
expect_rc 3 "a file over 64 MiB exits 3"
expect_err 'big.csv: the file is too big' "too big: says so"
expect_err 'the limit is 67108864' "too big: gives the limit"
rm -f big.csv

printf 'PK\003\004 this is not really a zip file' >broken.xlsx
run asset import broken.xlsx
expect_rc 3 "a malformed XLSX exits 3"
expect_err 'broken.xlsx: not a valid XLSX file' "malformed XLSX: says so"

python3 - <<'PY'
import zipfile
# a zip bomb: a worksheet that unpacks to 600 MiB of spaces
with zipfile.ZipFile("bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("xl/workbook.xml", "<workbook/>")
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
        chunk = b" " * (1 << 20)
        for _ in range(600):
            f.write(chunk)
# an XLSX whose first sheet has no rows
with zipfile.ZipFile("blank.xlsx", "w") as z:
    z.writestr("xl/workbook.xml", "<workbook/>")
    z.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>")
# a sheet with a row of 300 columns
with zipfile.ZipFile("wide.xlsx", "w") as z:
    z.writestr("xl/workbook.xml", "<workbook/>")
    cells = "".join('<c r="%s1" t="inlineStr"><is><t>x</t></is></c>' % c for c in
                    [chr(65 + i // 26 - 1) + chr(65 + i % 26) if i >= 26 else chr(65 + i) for i in range(300)])
    z.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r=\"1\">%s</row></sheetData></worksheet>" % cells)
PY
[ "$(stat -c %s bomb.xlsx)" -lt 2000000 ] && ok "the zip bomb is small" || not_ok "the zip bomb is small"
run asset import bomb.xlsx
expect_rc 3 "a zip bomb exits 3"
expect_err 'bomb.xlsx: the XLSX file unpacks to more than 536870912 bytes' "zip bomb: refused by the limit"
run asset import blank.xlsx
expect_rc 3 "an XLSX with an empty sheet exits 3"
expect_err 'blank.xlsx: the file is empty' "empty XLSX: says so"
run asset import wide.xlsx
expect_rc 3 "an XLSX row over 256 columns exits 3"
expect_err 'wide.xlsx:1:257: a row has more than 256 columns' "too wide: row and column"

run asset import missing.csv
[ "$rc" -eq 7 ] && ok "a missing file exits 7" || not_ok "a missing file exits 7 (got $rc)"
expect_err 'cannot open "missing.csv"' "missing file: says so"
run asset import
expect_rc 2 "no file exits 2"

[ "$(sha256sum "$ISMS_DB" | cut -d' ' -f1)" = "$before" ] || [ "$(count)" = 5 ] \
	&& ok "after all the bad files the inventory is as it was" \
	|| not_ok "after all the bad files the inventory is as it was"

done_testing
