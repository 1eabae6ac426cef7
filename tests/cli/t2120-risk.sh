#!/usr/bin/env bash
# isms risk add|edit|rm|list|show|suggest|evaluate: the register, its filters, staleness, and every bad input.
. "$(dirname "$0")/lib.sh"

q() { sqlite3 "$ISMS_DB" "$1"; }
check() { if eval "$1"; then ok "$2"; else not_ok "$2"; fi; }

run init --org "Example Corp" --edition 2022
run asset add A-001 --name "Customer DB" --type information --owner alice --c 3 --i 2 --a 2 --group core
run asset add A-002 --name "Mail service" --type service --owner bob --c 2 --i 2 --a 3 --group core
run asset add A-003 --name "Office laptop" --type hardware --owner carol --c 2 --i 1 --a 1
run asset add A-004 --name "Paper archive" --type information --owner dave

run risk add --asset A-001 --threat T-001 --vuln V-001 --threat-level 3 --vuln-level 2
expect_rc 0 "add a risk by codes"
expect_out "Added risk R-001: 18 \(High\), treat" "it is evaluated at once: 3×3×2 = 18"
check '[ "$(q "SELECT owner || '"'/'"' || props FROM risk WHERE code = '"'R-001'"'")" = alice/7 ]' \
	"the owner defaults to the asset's, the properties to the threat's"
run risk add --asset A-003 --threat "Malware infection" --vuln "No multi-factor authentication" --threat-level 1 \
	--vuln-level 1 --owner "IT manager" --props CI --description "A laptop is infected through email."
expect_rc 0 "add by exact English names"
expect_out "R-002: 2 \(Low\), accept" "2×1×1 = 2, accepted"
run --lang ja risk add --asset A-002 --threat 不正アクセス --vuln パスワード管理の不備 --code SVC-1 --threat-level 2 --vuln-level 3
expect_rc 0 "add by Japanese names with an ID of our own"
expect_out "SVC-1: 18 \(高\)" "in Japanese"
run risk add --group core --threat T-003 --vuln V-002 --threat-level 2 --vuln-level 2
expect_rc 0 "a risk of an asset group"
check '[ "$(q "SELECT value || grp FROM risk WHERE code = '"'R-003'"'")" = 12core ]' "the group's highest value counts: 3×2×2"
run risk add --asset A-004 --threat T-005 --vuln V-003
expect_rc 0 "a risk without levels yet"
expect_out "R-004: not evaluated" "is not evaluated"

run risk list
expect_rc 0 "list"
expect_out "R-001 +A-001 +Unauthorised access" "shows the threat's name"
expect_out "group core" "shows the group of a group's risk"
run --format csv risk list --sort value
check '[ "$(sed -n 2p <<<"$out" | cut -d, -f1)" = R-001 ] || [ "$(sed -n 2p <<<"$out" | cut -d, -f1)" = SVC-1 ]' "sorted by value, highest first"
check '[ "$(tail -1 <<<"$out" | cut -d, -f1)" = R-004 ]' "unevaluated risks last"
run --format csv risk list --sort value --reverse
check '[ "$(sed -n 2p <<<"$out" | cut -d, -f1)" = R-002 ]' "reversed: lowest first"
run --format json risk list --evaluation treat
check 'python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert sorted(r[\"code\"] for r in d)==[\"R-001\",\"R-003\",\"SVC-1\"]" "$out"' "filter by evaluation"
run --format csv risk list --evaluation none
check '[ "$(grep -c "^R-" <<<"$out")" = 1 ] && grep -q "^R-004" <<<"$out"' "the unevaluated ones"
run --format csv risk list --owner "IT manager"
check '[ "$(grep -c "^R-" <<<"$out")" = 1 ]' "filter by owner"
run --format csv risk list --asset A-001
check '[ "$(grep -c "^R-" <<<"$out")" = 1 ]' "filter by asset"
run --format csv risk list --group core
check '[ "$(grep -c "^R-" <<<"$out")" = 1 ]' "filter by group"
run --format csv risk list --min-value 13
check '[ "$(tail -n +2 <<<"$out" | wc -l)" = 2 ]' "filter by value"
run risk list --limit 2
expect_out "\(2 of 5 risks\)" "a limit says how many there are"
run --format csv risk list --sort owner
check '[ "$(sed -n 2p <<<"$out" | cut -d, -f1)" = R-003 ] && [ "$(tail -1 <<<"$out" | cut -d, -f1)" = R-004 ]' "sorted by owner (a group's risk has none)"
run --format csv risk list --sort asset
check '[ "$(sed -n 2p <<<"$out" | cut -d, -f1)" = R-001 ]' "sorted by asset"

run risk show R-001
expect_rc 0 "show"
expect_out "Asset values used: C 3, I 2, A 2 \(asset value 3\)" "the asset values used"
expect_out "Evaluation: 18 \(High\), treat" "the evaluation"
expect_out "Controls the library suggests \(ISO/IEC 27001:2022\): A.5.15" "the library's controls"
run risk show R-004
expect_out "the levels the formula needs have not been assessed" "why a risk is not evaluated"
run --format json risk show SVC-1
check 'python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d[\"value\"]==18 and d[\"evaluation\"]==\"treat\" and d[\"asset\"]==\"A-002\" and d[\"stale\"] is False" "$out"' \
	"show as JSON"

run risk edit R-004 --threat-level 2 --vuln-level 2
expect_out "R-004: not evaluated" "an asset without values leaves the risk unevaluated"
run risk show R-004
expect_out "the asset has no value for the properties the method needs" "and says why"
run risk edit R-002 --threat-level 3 --owner "CISO"
expect_rc 0 "edit"
expect_out "R-002: 6 \(Low\), accept" "re-evaluated: 2×3×1"
check '[ "$(q "SELECT owner FROM risk WHERE code = '"'R-002'"'")" = CISO ]' "the owner changed"
run risk edit R-002 --asset A-001
check '[ "$(q "SELECT value FROM risk WHERE code = '"'R-002'"'")" = 9 ]' "moved to another asset: 3×3×1"
check '[ "$(q "SELECT COUNT(*) FROM audit_log WHERE entity = '"'risk'"' AND entity_id = '"'R-002'"' AND action = '"'update'"'")" = 2 ]' \
	"every change is audited"
run risk edit R-002 --owner CISO
check '[ "$(q "SELECT COUNT(*) FROM audit_log WHERE entity = '"'risk'"' AND entity_id = '"'R-002'"' AND action = '"'update'"'")" = 2 ]' \
	"a change to the same values logs nothing"

# revalued assets: risks are due for re-evaluation until evaluated again
run asset edit A-001 --c 1 --i 1 --a 1
run risk list
expect_out "due for re-evaluation" "the list marks stale risks"
run --format csv risk list --stale
check '[ "$(grep -c "^R-" <<<"$out")" = 3 ]' "R-001, R-002 and the group's R-003 are stale"
run status
expect_out "4 risks have not been evaluated" "status counts the 3 stale risks and R-004 as not evaluated"
run risk evaluate
expect_rc 0 "evaluate"
expect_out "3 risks were re-evaluated" "says how many"
check '[ "$(q "SELECT value FROM risk WHERE code = '"'R-001'"'")" = 6 ]' "R-001 is now 1×3×2"
check '[ "$(q "SELECT value FROM risk WHERE code = '"'R-003'"'")" = 12 ]' "the group keeps A-002's values: 3×2×2"
run --format csv risk list --stale
check '[ "$(grep -c "^R-" <<<"$out")" = 0 ]' "nothing is stale any more"

# suggestions
run risk suggest A-003
expect_rc 0 "suggest"
check '[ "$(grep -c "^T-" <<<"$out")" -ge 5 ]' "several pairs for a hardware asset"
run --format csv risk suggest A-001
check 'grep -qE "^T-001,.*V-001,.*,true.?$" <<<"$out"' "a registered pair is marked"
run risk suggest A-003 --new --add
expect_rc 0 "suggest --add"
expect_out "risks added" "adds the new pairs"
n=$(q "SELECT COUNT(*) FROM risk WHERE asset_id = (SELECT id FROM asset WHERE code = 'A-003')")
run risk suggest A-003 --add
expect_out "^0 risks added" "adding again adds nothing"
check '[ "$(q "SELECT COUNT(*) FROM risk WHERE asset_id = (SELECT id FROM asset WHERE code = '"'A-003'"')")" = "$n" ]' "no duplicates"

# errors: each exits with its status, says what is wrong, and changes nothing
count=$(q "SELECT COUNT(*) FROM risk")
log=$(q "SELECT COUNT(*) FROM audit_log")
run risk add --threat T-001 --vuln V-001
expect_rc 2 "no asset or group exits 2"
run risk add --asset A-001 --group core --threat T-001 --vuln V-001
expect_rc 3 "both an asset and a group exits 3"
expect_err "one asset or one asset group" "and says so"
run risk add --asset A-001 --vuln V-001
expect_rc 2 "no threat exits 2"
run risk add --asset A-404 --threat T-001 --vuln V-001
expect_rc 4 "an unknown asset exits 4"
expect_err 'no asset with the ID "A-404"' "and names it"
run risk add --group nosuch --threat T-001 --vuln V-001
expect_rc 4 "an unknown group exits 4"
run risk add --asset A-001 --threat "Unauthorized acces" --vuln V-001
expect_rc 4 "an unknown threat name exits 4"
expect_err 'T-001 "Unauthorised access"' "and suggests the nearest entry"
run risk add --asset A-001 --threat T-001 --vuln "Weak pasword practices"
expect_rc 4 "an unknown vulnerability name exits 4"
expect_err 'V-001 "Weak password practices"' "and suggests the nearest entry"
run risk add --asset A-001 --threat T-001 --vuln V-001 --threat-level 4
expect_rc 3 "a level above the scale exits 3"
expect_err "the threat level 4 is outside the method's scale of 1 to 3" "and says the scale"
run risk add --asset A-001 --threat T-001 --vuln V-001 --threat-level 11
expect_rc 2 "a level above 10 exits 2"
run risk add --asset A-001 --threat T-001 --vuln V-001 --likelihood 2
expect_rc 3 "likelihood under the asset formula exits 3"
expect_err "the method in force has no likelihood scale" "and says why"
run risk add --asset A-001 --threat T-001 --vuln V-001 --code R-001
expect_rc 5 "a duplicate ID exits 5"
expect_err 'a risk with the ID "R-001" already exists' "and names it"
run risk add --asset A-001 --threat T-001 --vuln V-001 --code "R 9"
expect_rc 3 "an ID with a space exits 3"
run risk add --asset A-001 --threat T-001 --vuln V-001 --props XYZ
expect_rc 2 "bad properties exit 2"
run risk add --asset A-001 --threat T-001 --vuln V-001 --owner "$(printf 'o%.0s' {1..101})"
expect_rc 3 "an owner over 100 characters exits 3"
expect_err "too long" "and says so"
run risk add --asset A-001 --threat T-001 --vuln V-001 --description "$(printf 'bad\001char')"
expect_rc 3 "a control character exits 3"
run risk edit R-404 --owner x
expect_rc 4 "editing an unknown risk exits 4"
run risk edit R-001 --code R-9
expect_rc 2 "the ID cannot be changed"
run risk edit R-001 --props ""
expect_rc 2 "no properties exits 2"
run risk rm R-001 R-404
expect_rc 4 "removing a list with an unknown risk exits 4"
check '[ "$(q "SELECT COUNT(*) FROM risk")" = "$count" ] && [ "$(q "SELECT COUNT(*) FROM audit_log")" = "$log" ]' \
	"none of the errors changed anything"
run asset rm A-003
expect_rc 5 "an asset with risks cannot be removed"

run risk rm R-001 R-002
expect_rc 0 "rm"
expect_out "Removed risk R-002" "says what went"
check '[ "$(q "SELECT COUNT(*) FROM risk WHERE code IN ('"'R-001'"', '"'R-002'"')")" = 0 ]' "they are gone"
check '[ "$(q "SELECT COUNT(*) FROM audit_log WHERE entity = '"'risk'"' AND action = '"'delete'"'")" = 2 ]' "each removal is audited"
run risk add --asset A-001 --threat T-001 --vuln V-001
expect_out "Added risk R-[0-9]+" "codes keep counting"

done_testing
