#!/usr/bin/env bash
# isms risk import|export: CSV (UTF-8, BOM, Shift_JIS) and XLSX, round trips, --add-missing, and every error path.
. "$(dirname "$0")/lib.sh"

q() { sqlite3 "$ISMS_DB" "$1"; }
check() { if eval "$1"; then ok "$2"; else not_ok "$2"; fi; }
count() { q "SELECT COUNT(*) FROM risk"; }

run init --org "Example Corp" --edition 2022
run asset add A-001 --name "顧客台帳" --type information --owner 営業部長 --c 3 --i 2 --a 2 --group 顧客
run asset add A-002 --name "File server" --type hardware --owner "IT" --c 2 --i 3 --a 3

# Japanese column names, a BOM, CRLF, codes and names mixed, a group
printf '\xef\xbb\xbfリスクID,資産ID,資産グループ,脅威,脆弱性,影響する特性,脅威レベル,脆弱性レベル,リスク所有者,説明\r\n' >ja.csv
printf 'R-001,A-001,,不正アクセス,V-001,CI,3,2,営業部長,"顧客情報の\r\n漏えい"\r\n' >>ja.csv
printf ',A-002,,T-002,パスワード管理の不備,,２,１,,\r\n' >>ja.csv
printf ',,顧客,Phishing,V-002,C,1,3,,\r\n' >>ja.csv
run risk import ja.csv
expect_rc 0 "import a Japanese CSV with a BOM"
expect_out "\(UTF-8 with BOM\): 3 added, 0 updated, 0 unchanged" "reports the encoding and the counts"
check '[ "$(count)" = 3 ]' "three risks"
check '[ "$(q "SELECT value || evaluation FROM risk WHERE code = '"'R-001'"'")" = 18treat ]' "they are evaluated: 3×3×2"
check '[ "$(q "SELECT value FROM risk WHERE code = '"'R-002'"'")" = 6 ]' "the next free code, fullwidth digits read: 3×2×1"
check '[ "$(q "SELECT grp FROM risk WHERE code = '"'R-003'"'")" = 顧客 ]' "a group's risk"
check '[ "$(q "SELECT owner FROM risk WHERE code = '"'R-002'"'")" = IT ]' "the owner defaults to the asset's"
want=$(printf '顧客情報の\n漏えい')
check '[ "$(q "SELECT description FROM risk WHERE code = '"'R-001'"'")" = "$want" ]' "a line break in a cell is kept"
check '[ "$(q "SELECT COUNT(*) FROM audit_log WHERE entity = '"'risk'"' AND action = '"'import'"'")" = 1 ]' "one audit entry for the import"

run risk import ja.csv
expect_rc 0 "the same file again"
expect_out "2 added, 0 updated, 1 unchanged" "the row with an ID is matched; rows without one are new risks"
count_before=$(count)

# the export imports back unchanged, in both languages
run risk export --output all.csv
expect_rc 0 "export to a file"
check '[ "$(head -c 3 all.csv | od -An -tx1 | tr -d " ")" = efbbbf ]' "the export starts with a BOM"
run risk import all.csv
expect_out "0 added, 0 updated, $count_before unchanged" "an exported register imports back unchanged"
"$ISMS" --lang ja risk export >ja-all.csv
check 'head -1 ja-all.csv | grep -q "リスクID,資産ID"' "Japanese column names"
check 'grep -q "対応要" ja-all.csv' "Japanese evaluations"
run risk import ja-all.csv
expect_out "0 added, 0 updated, $count_before unchanged" "the Japanese export imports back unchanged"
run risk export --format xlsx --output all.xlsx
expect_rc 0 "export XLSX"
check '[ "$(head -c 2 all.xlsx)" = PK ]' "an XLSX file"
run risk import all.xlsx
expect_rc 0 "import the XLSX export"
expect_out "\(XLSX\): 0 added, 0 updated, $count_before unchanged" "it imports back unchanged"

# editing the export updates
sed 's/^R-002,\(.*\),T-002,/R-002,\1,T-002,/; s/^\(R-002,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,\)2,1,/\13,3,/' all.csv >edit.csv
run risk import edit.csv
expect_out "0 added, 1 updated" "a changed row updates its risk"
check '[ "$(q "SELECT value FROM risk WHERE code = '"'R-002'"'")" = 27 ]' "with the new levels: 3×3×3"

# Shift_JIS, English names in another order
printf 'Threat,Vulnerability,Asset ID,Threat level,Vulnerability level,Risk owner\r\n地震,V-040,A-002,1,1,総務部長\r\n' \
	| iconv -f UTF-8 -t CP932 >sjis.csv
run risk import sjis.csv
expect_rc 0 "import a Shift_JIS CSV"
expect_out "Shift_JIS \(CP932\)\): 1 added" "detects Shift_JIS"
check '[ "$(q "SELECT owner FROM risk ORDER BY id DESC LIMIT 1")" = 総務部長 ]' "converts the text"

# --add-missing and --dry-run
printf 'Asset ID,Threat,Vulnerability,Threat level,Vulnerability level\nA-001,Drone surveillance,V-010,2,2\nA-002,Drone surveillance,窓の目隠しがない,2,2\n' >new.csv
n0=$(count)
run risk import new.csv
expect_rc 3 "names not in the library are errors"
expect_err 'new.csv:2:2: no threat "Drone surveillance" in the library' "with the file, line and column"
expect_err "import with --add-missing" "and a hint"
expect_err 'new.csv:3:3: no vulnerability "窓の目隠しがない"' "the vulnerability too"
run risk import new.csv --add-missing --dry-run
expect_rc 0 "a dry run with --add-missing"
expect_out "2 to add" "counts"
expect_out "1 threat would be added" "says what would be added to the library"
check '[ "$(count)" = "$n0" ] && [ "$(q "SELECT COUNT(*) FROM threat")" = 0 ]' "and changes nothing"
run risk import new.csv --add-missing
expect_rc 0 "import with --add-missing"
expect_out "1 threat was added" "one threat added once, though used twice"
expect_out "1 vulnerability was added" "one vulnerability added"
check '[ "$(q "SELECT name_en FROM threat")" = "Drone surveillance" ] && [ "$(q "SELECT name_ja FROM vulnerability")" = 窓の目隠しがない ]' \
	"in the language they were written in"
check '[ "$(q "SELECT COUNT(*) FROM risk WHERE threat = '"'UT-001'"'")" = 2 ]' "both rows use the new threat"

# every error path: all errors listed with line and column, nothing imported
n0=$(count)
log0=$(q "SELECT COUNT(*) FROM audit_log")
cat >bad.csv <<'EOF'
Risk ID,Asset ID,Asset group,Threat,Vulnerability,Properties,Threat level,Vulnerability level,Likelihood,Risk owner
R-900,A-001,,T-001,V-001,CIA,1,1,,ok
R-900,A-001,,T-001,V-001,CIA,1,1,,duplicate
R-901,A-404,,T-001,V-001,CIA,1,1,,
R-902,A-001,顧客,T-001,V-001,CIA,1,1,,
R-903,,,T-001,V-001,CIA,1,1,,
R-904,,nosuch,T-001,V-001,CIA,1,1,,
R-905,A-001,,,V-001,CIA,1,1,,
R-906,A-001,,T-001,,CIA,1,1,,
R-907,A-001,,T-001,V-001,CX,1,1,,
R-908,A-001,,T-001,V-001,CIA,x,1,,
R-909,A-001,,T-001,V-001,CIA,1,4,,
R-910,A-001,,T-001,V-001,CIA,1,1,2,
R 911,A-001,,T-001,V-001,CIA,1,1,,
EOF
run risk import bad.csv
expect_rc 3 "a file with bad rows exits 3"
expect_err "bad.csv:3:1: the risk ID \"R-900\" appears twice in the file \(first on line 2\)" "a duplicate ID"
expect_err 'bad.csv:4:2: no asset with the ID "A-404"' "an unknown asset"
expect_err "bad.csv:5:3: a risk is about one asset or one asset group, not both" "an asset and a group"
expect_err "bad.csv:6:2: a new risk needs an asset ID or an asset group" "neither"
expect_err 'bad.csv:7:3: no asset group named "nosuch"' "an unknown group"
expect_err "bad.csv:8:4: the threat is missing" "no threat"
expect_err "bad.csv:9:5: the vulnerability is missing" "no vulnerability"
expect_err 'bad.csv:10:6: "CX" is not a set of properties' "bad properties"
expect_err 'bad.csv:11:7: "x" is not a level' "a level that is not a number"
expect_err "bad.csv:12:8: the vulnerability level 4 is outside the method's scale of 1 to 3" "a level above the scale"
expect_err "bad.csv:13:9: the method in force has no likelihood scale" "a level of the other formula"
expect_err 'bad.csv:14:1: invalid risk ID "R 911"' "an ID with a space"
expect_err "12 errors in the file; nothing was imported" "the summary"
check '[ "$(count)" = "$n0" ] && [ "$(q "SELECT COUNT(*) FROM audit_log")" = "$log0" ]' "nothing was imported or logged"

printf 'Asset ID,Vulnerability\nA-001,V-001\n' >nothreat.csv
run risk import nothreat.csv
expect_rc 3 "a file without the threat column exits 3"
expect_err "[Tt]hreat" "and names the missing column"
printf 'Asset ID,Threat,Vulnerability,Colour\nA-001,T-001,V-001,red\n' >unknown.csv
run risk import unknown.csv
expect_rc 3 "an unknown column exits 3"
expect_err "Colour" "and names it"
run risk import unknown.csv --ignore-unknown
expect_rc 0 "--ignore-unknown skips it"
printf 'Asset ID,Threat,Vulnerability\n' >empty.csv
run risk import empty.csv
expect_rc 3 "a header without rows exits 3"
expect_err "the file has a header but no rows" "and says so"
: >zero.csv
run risk import zero.csv
expect_rc 3 "an empty file exits 3"
run risk import no-such-file.csv
expect_rc 7 "a missing file exits 7"
printf 'Asset ID,Threat,Vulnerability\nA-001,\xff\xfe,V-001\n' >binary.csv
run risk import binary.csv
expect_rc 3 "bytes that are neither UTF-8 nor Shift_JIS exit 3"
printf 'PK\003\004garbage' >broken.xlsx
run risk import broken.xlsx
check '[ "$rc" -ne 0 ]' "a broken XLSX file is refused"
run risk import
expect_rc 2 "no file exits 2"

# levels kept from a method of the other formula import back unchanged
run method set iso27005-5x5
run risk export --output matrix.csv
run risk import matrix.csv
expect_rc 0 "an export under another formula imports back"
expect_out " 0 updated" "unchanged"
run method set jipdec-3x3x3

# formula injection is neutralised in the export
run risk edit R-001 --owner "=HYPERLINK(\"http://x\")"
run risk export
check 'grep -q "\"'"'"'=HYPERLINK" <<<"$out"' "a cell starting with = is neutralised"
printf '%s\n' "$out" >neutral.csv
run risk import neutral.csv
expect_out "0 added, 0 updated, [0-9]+ unchanged" "the quote is dropped again on import"
run --format html risk export
expect_rc 0 "export as HTML"
expect_out "<table" "an HTML table"

done_testing
