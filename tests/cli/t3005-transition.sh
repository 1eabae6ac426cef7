#!/usr/bin/env bash
# isms transition: a seeded 2013 ISMS with merged, conflicting and new controls moves to 2022.
. "$(dirname "$0")/lib.sh"
FX=${ISMS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fixtures/soa

run init --org "Old Corp" --edition 2013
printf 'secret-pass\n' | "$ISMS" user add boss --role approver >/dev/null
run method set jipdec-3x3x3
run asset add A-1 --name "Customer DB" --type information --owner Ops --c 3 --i 3 --a 3
run risk add --asset A-1 --threat T-013 --vuln V-004 --threat-level 3 --vuln-level 3
run risk treat R-001 --option reduce --control A.12.6.1 --control A.9.4.2
expect_rc 0 "a risk treated with 2013 controls"
# Merged, decisions agree: A.9.1.1 + A.9.1.2 -> A.5.15.
run control select A.9.1.1 --reason legal --status implemented --owner IT --ref "Access policy"
run control select A.9.1.2 --reason contract --status partial --owner HR --ref "Network rules"
# Merged, decisions disagree: A.18.2.2 excluded, A.18.2.3 applicable -> A.5.36.
run control exclude A.18.2.2 --justification "No separate compliance reviews."
run control select X-1 --additional --title "Data kept in Japan" --reason contract
# shellcheck disable=SC2046
run control select $("$ISMS" --format csv control list --undecided | tail -n +2 | cut -d, -f1) --reason business --status implemented
expect_rc 0 "every other control selected"
run soa generate
run --as boss soa approve
cp "$ISMS_DB" "$T/before.db"

run transition --to 2022 --dry-run
expect_rc 0 "a dry run"
expect_out "Dry run: nothing was changed" "says so"
expect_out "^ +11 +new in this edition: needs a decision$" "and counts the new controls"
[ "$(sqlite3 "$ISMS_DB" 'SELECT edition FROM isms')" = 2013 ] && ok "the dry run changed nothing" || not_ok "the dry run changed nothing"

run transition --to 2013
expect_rc 3 "moving to 2013 exits 3"
expect_err "cannot move to edition 2013" "and says so"
run transition --to x
expect_rc 2 "a bad edition is a usage error"
run transition
expect_rc 2 "--to is required"
run transition --show
expect_rc 4 "--show before any transition exits 4"

run transition --to 2022
expect_rc 0 "the transition"
expect_out "ISMS is now on ISO/IEC 27001:2022" "says where it is now"
run --format csv transition --show
printf '%s\n' "$out" >"$T/report.csv"
expect_same "$T/report.csv" "$FX/transition.golden.csv" "the report matches the golden file"
out=${out//$'\r'/} # CSV lines end with CR LF
expect_out "^2013-2022,merged,\"A\.9\.1\.1, A\.9\.1\.2\",A\.5\.15,applicable," "merged: A.9.1.1 and A.9.1.2 into A.5.15"
expect_out "^2013-2022,conflict,\"A\.18\.2\.2, A\.18\.2\.3\",A\.5\.36,,\"A\.18\.2\.2=excluded, A\.18\.2\.3=applicable\"" "conflict: A.5.36 flagged with both decisions"
expect_out "^2013-2022,new,,A\.5\.7,," "new: A.5.7 needs a decision"
expect_out "^2013-2022,risks,A\.12\.6\.1,A\.8\.8,,R-001$" "risks: A.12.6.1 becomes A.8.8 for R-001"
expect_out "^2013-2022,additional,X-1,X-1,applicable," "the additional control is kept"

run --format csv control list
out=${out//$'\r'/}
expect_out "^A\.5\.15,Access control,applicable,\"legal, contract\",partial,\"IT, HR\",,,Access policy; Network rules,false,$" \
	"A.5.15: reasons combined, the lower status, owners and references joined"
expect_out "^A\.5\.36,.*,undecided,business,,,,A\.18\.2\.2: No separate compliance reviews\.,,false,\"conflict:A\.18\.2\.2=excluded, A\.18\.2\.3=applicable\"$" \
	"A.5.36 has no decision, what each predecessor had, and a review note"
expect_out "^A\.5\.7,Threat intelligence,undecided,,,,,,,false,new$" "A.5.7 is to decide"
expect_out "^A\.8\.8,.*,applicable,\"risk, business\",implemented,,R-001," "A.8.8 is applicable, used by R-001"
run control list --review
[ "$(grep -cE '^A\.[5-8]\.' <<<"$out")" -eq 12 ] && ok "--review lists the 11 new controls and the conflict" \
	|| not_ok "--review lists the 11 new controls and the conflict"
run risk show R-001
expect_out "A\.8\.8" "the treatment now uses A.8.8"
expect_out "A\.8\.5" "and A.8.5 (from A.9.4.2)"
[ "$(grep -c 'A\.12\.6\.1' <<<"$out")" -eq 0 ] && ok "and no 2013 control" || not_ok "and no 2013 control"

run --format csv soa show 1
[ "$(tail -n +2 <<<"$out" | wc -l)" -eq 115 ] && ok "SoA 1 keeps its 114 controls of 2013 and the additional one" \
	|| not_ok "SoA 1 keeps its 2013 rows"
expect_out "^A\.18\.2\.2,.*,false," "with their decisions"
run soa list
expect_out "^ +1 +2013 " "SoA 1 is still of 2013"
run status
expect_out "ISO/IEC 27001:2022" "status shows the new edition"
expect_out "12 controls have no decision" "step 7 lists what is to decide"
expect_out "the control selection changed after the last Statement of Applicability" "step 10 asks for a new SoA"
run soa generate
expect_rc 5 "no new SoA until every control is decided"
run transition --to 2022
expect_rc 5 "a second transition exits 5"
expect_err "is on ISO/IEC 27001:2022 already" "and says so"
run --lang ja transition --show
expect_out "統合：決定が矛盾、決定が必要" "the report in Japanese"
run log verify
expect_rc 0 "the audit log verifies"
[ "$(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM audit_log WHERE action = 'transition'")" = 1 ] && ok "the transition is in the audit log" \
	|| not_ok "the transition is in the audit log"

done_testing
