#!/usr/bin/env bash
# isms threat|vuln list|show|add|edit|rm: the built-in library in both languages and the ISMS's own entries.
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

# changing and removing the ISMS's own entries
audits() { q "SELECT COUNT(*) FROM audit_log"; }
a0=$(audits)
run threat edit UT-001 --name-en "Drone filming" --props CI --category accidental --asset-types site \
	--control A.11.1.1 --control A.11.1.3 --description-en ""
expect_rc 0 "edit a threat"
expect_out "Changed threat UT-001" "and say so"
run --format json threat list --own
check 'python3 -c "import json,sys; t=[x for x in json.loads(sys.argv[1]) if x[\"code\"]==\"UT-001\"][0]; assert (t[\"name\"], t[\"props\"], t[\"category\"], t[\"asset_types\"]) == (\"Drone filming\", \"CI\", \"accidental\", \"site\"), t" "$out"' \
	"the new values are listed"
run --lang ja threat show UT-001
expect_out "ドローンによる監視" "the Japanese name is unchanged"
expect_out "A.11.1.1,A.11.1.3" "the controls are replaced"
check '[ "$(audits)" = $((a0 + 1)) ]' "one audit entry for the change"
check '[ "$(q "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")" = update ]' "audited as an update"
check 'q "SELECT before_json || after_json FROM audit_log ORDER BY id DESC LIMIT 1" | grep -q "Drone surveillance.*Drone filming"' \
	"with the values before and after"
run vuln edit UV-001 --name-en "No window blinds" --threats UT-001 --control ""
expect_rc 0 "edit a vulnerability"
run vuln show UV-001
expect_out "Name \(English\): No window blinds" "its new name"
expect_out "Controls \(ISO/IEC 27001:2013\): -" "its controls emptied"
check '! grep -q "T-030" <<<"$out"' "the threats replaced"

# refusals change nothing
a1=$(audits)
row() { q "SELECT name_en || name_ja || props || category || asset_types || controls || desc_en FROM threat WHERE code = 'UT-001'"; }
r0=$(row)
run threat edit T-001 --name-en "Our access"
expect_rc 6 "a built-in threat cannot be changed (exit 6)"
expect_err 'the built-in threat "T-001" cannot be changed' "and says so"
expect_err "hint: Add a threat of this ISMS's own instead" "and what to do instead"
run threat rm T-001
expect_rc 6 "a built-in threat cannot be removed"
run vuln rm V-001
expect_rc 6 "nor a built-in vulnerability"
expect_err 'the built-in vulnerability "V-001" cannot be removed' "which it names"
run threat edit UT-001 --name-en "" --name-ja ""
expect_rc 3 "both names cannot go"
expect_err "a name in English or Japanese is required" "and says so"
run threat edit UT-001 --control A.5.1
expect_rc 3 "a control of another edition is refused"
expect_err "field: controls" "naming the field"
run threat edit UT-001 --name-en Phishing
expect_rc 5 "a name of another entry is refused"
run threat edit UT-001 --props Q
expect_rc 2 "bad properties exit 2"
run threat edit UT-001
expect_rc 2 "an edit without options exits 2"
run threat edit UT-999 --name-en X
expect_rc 4 "an unknown threat exits 4"
run vuln edit UV-001 --threats T-999
expect_rc 3 "an unknown threat of a vulnerability exits 3"
check '[ "$(row)" = "$r0" ] && [ "$(audits)" = "$a1" ]' "nothing changed and nothing was audited"

# a threat that risks or vulnerabilities use stays
run asset add A-1 --name Site --type site --c 2 --i 2 --a 2
for k in 1 2 3 4 5 6; do run risk add --asset A-1 --threat UT-001 --vuln V-001; done
run risk add --asset A-1 --threat T-001 --vuln UV-001
a2=$(audits)
run threat rm UT-001
expect_rc 5 "a threat that risks use cannot be removed (exit 5)"
expect_err 'threat "UT-001" is used by risks' "and says so"
expect_err "detail: 6 risks use it: R-001, R-002, R-003, R-004, R-005, …" "naming the first risks and the count"
run vuln rm UV-001
expect_rc 5 "nor a vulnerability that a risk uses"
expect_err "1 risk uses it: R-007" "naming it"
check '[ "$(audits)" = "$a2" ]' "the refusals audit nothing"
run risk rm R-001 R-002 R-003 R-004 R-005 R-006 R-007
a2=$(audits)
run threat rm UT-001
expect_rc 5 "a threat that an own vulnerability links to cannot be removed"
expect_err 'vulnerability of this ISMS lets it happen: UV-001' "naming the vulnerability"
check '[ "$(q "SELECT COUNT(*) FROM threat WHERE code = '"'UT-001'"'")" = 1 ] && [ "$(audits)" = "$a2" ]' "nothing changed"
run vuln rm UV-001
expect_rc 0 "remove the vulnerability"
expect_out "Removed vulnerability UV-001" "and say so"
run threat rm UT-001
expect_rc 0 "then the threat"
run threat show UT-001
expect_rc 4 "it is gone"
check '[ "$(audits)" = $((a2 + 2)) ] && [ "$(q "SELECT action || entity_id || (after_json IS NULL) FROM audit_log ORDER BY id DESC LIMIT 1")" = deleteUT-0011 ]' \
	"each removal is audited with what it was"
run --lang ja threat rm T-002
expect_err "組込みの脅威" "the refusal in Japanese"

done_testing
