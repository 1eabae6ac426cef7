#!/usr/bin/env bash
# isms threat|vuln list|show|add: the built-in library in both languages and the ISMS's own entries.
. "$(dirname "$0")/lib.sh"

q() { sqlite3 "$ISMS_DB" "$1"; }
check() { if eval "$1"; then ok "$2"; else not_ok "$2"; fi; }

run init --org "Example Corp" --edition 2013
expect_rc 0 "init a 2013 ISMS"

run --format csv threat list
expect_rc 0 "threat list"
check '[ "$(grep -c "^T-" <<<"$out")" = 57 ]' "57 built-in threats"
run --format csv vuln list
check '[ "$(grep -c "^V-" <<<"$out")" = 76 ]' "76 built-in vulnerabilities"
run --format json threat list --category environmental
check 'python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d and all(t[\"category\"]==\"environmental\" for t in d)" "$out"' \
	"filter by category"
run --format csv threat list --asset-type people
check '! grep -q ",information,software,hardware\$" <<<"$out" && grep -q "^T-" <<<"$out"' "filter by asset type"
run threat list
expect_out "Unauthorised access" "English names"
run --lang ja threat list
expect_out "不正アクセス" "Japanese names"
expect_out "意図的" "Japanese categories"

run threat show T-002
expect_rc 0 "show a threat"
expect_out "Controls \(ISO/IEC 27001:2013\): A.7.2.2,A.12.2.1,A.12.6.1" "the controls of the ISMS's edition"
expect_out "V-[0-9]+" "the vulnerabilities that let it happen"
run --lang ja threat show "マルウェア感染"
expect_rc 0 "show by the Japanese name"
expect_out "コード: T-002" "finds T-002"
run vuln show "No multi-factor authentication"
expect_out "A.9.4.2" "2013 controls of a vulnerability"
expect_out "T-001  Unauthorised access" "the threats it lets happen"
run vuln list --threat T-001
check '[ "$(grep -c "^V-" <<<"$out")" -ge 3 ]' "vulnerabilities of one threat"

run threat show "Malwear infection"
expect_rc 4 "an unknown threat exits 4"
expect_err 'no threat "Malwear infection" in the library' "and names it"
expect_err 'T-002 "Malware infection"' "and suggests the nearest"
run vuln show V-999
expect_rc 4 "an unknown vulnerability exits 4"

# the ISMS's own entries
run threat add --name-en "Drone surveillance" --name-ja "ドローンによる監視" --category deliberate --props C \
	--asset-types site,people --control A.11.1.1 --description-en "Someone films the site from the air."
expect_rc 0 "add a threat"
expect_out "Added threat UT-001" "it gets the next own code"
run threat list --own
expect_out "UT-001 +deliberate +Drone surveillance +C" "it is listed as our own"
run vuln add --name-ja "窓にブラインドがない" --threats UT-001,T-030 --asset-types site --control A.11.1.3
expect_rc 0 "add a vulnerability linked to our threat and a built-in one"
expect_out "UV-001" "with the next own code"
run --lang ja vuln show UV-001
expect_out "窓にブラインドがない" "shown in Japanese"
expect_out "UT-001  ドローン" "with our threat"
run threat add --code OWN-7 --name-en "Solar storm" --category environmental --props A
expect_rc 0 "a threat with a code of our own"
check '[ "$(q "SELECT COUNT(*) FROM audit_log WHERE entity IN ('"'threat'"', '"'vulnerability'"')")" = 3 ]' "each addition is audited"

# errors, none of which adds anything
n0=$(q "SELECT (SELECT COUNT(*) FROM threat) || '/' || (SELECT COUNT(*) FROM vulnerability)")
run threat add --name-en X --category deliberate
expect_rc 2 "a threat without properties exits 2"
run threat add --name-en X --category sudden --props C
expect_rc 2 "an unknown category exits 2"
run threat add --name-en X --category deliberate --props CQ
expect_rc 2 "bad properties exit 2"
run threat add --category deliberate --props C
expect_rc 3 "no name exits 3"
expect_err "a name in English or Japanese is required" "and says so"
run threat add --code T-001 --name-en X --category deliberate --props C
expect_rc 5 "a code of the built-in library exits 5"
expect_err 'already has an entry "T-001"' "and names it"
run threat add --name-en "Phishing" --category deliberate --props C
expect_rc 5 "a name already in the library exits 5"
run threat add --code "bad code" --name-en X --category deliberate --props C
expect_rc 3 "a code with a space exits 3"
run threat add --name-en X --category deliberate --props C --control A.5.1
expect_rc 3 "a control that is not one of the ISMS's edition exits 3"
expect_err "A.5.1 is not a control of ISO/IEC 27001:2013 Annex A" "and names it and the edition"
run threat add --name-en X --category deliberate --props C --asset-types spaceship
expect_rc 3 "an unknown asset type exits 3"
expect_err 'unknown asset type "spaceship"' "and names it"
run threat add --name-en "$(printf 'x%.0s' {1..201})" --category deliberate --props C
expect_rc 3 "a name over 200 characters exits 3"
expect_err "too long" "and says so"
run vuln add --name-en Y --threats T-001,T-999
expect_rc 3 "a vulnerability linked to an unknown threat exits 3"
expect_err 'no threat with the code "T-999"' "and names it"
run threat add --name-en X --category deliberate --props C --control A.5.1,A.5.2
expect_rc 2 "two controls in one --control exit 2"
check '[ "$(q "SELECT (SELECT COUNT(*) FROM threat) || '"'/'"' || (SELECT COUNT(*) FROM vulnerability)")" = "$n0" ]' "nothing was added by the errors"

done_testing
