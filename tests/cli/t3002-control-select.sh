#!/usr/bin/env bash
# isms control select|exclude|set|remove|list|suggest: decisions, reasons, risks that use a control, bad input.
. "$(dirname "$0")/lib.sh"

run init --org "Example Corp" --edition 2022
run method set jipdec-3x3x3
run asset add A-1 --name "Customer DB" --type information --owner Ops --c 3 --i 3 --a 3
run risk add --asset A-1 --threat T-001 --vuln V-002 --threat-level 3 --vuln-level 3
run risk treat R-001 --option reduce --control A.8.5 --control A.5.15
expect_rc 0 "a risk treated with A.8.5 and A.5.15"

run --format csv control list
expect_rc 0 "list"
[ "$(tail -n +2 <<<"$out" | wc -l)" -eq 93 ] && ok "every control of 2022 is listed" || not_ok "every control of 2022 is listed"
expect_out "^A\.8\.5,Secure authentication,undecided,risk,,,R-001," "A.8.5 names the risk that uses it"

run control exclude A.8.5 --justification "not for us"
expect_rc 5 "excluding a control a treatment uses exits 5"
expect_err 'control "A.8.5" cannot be excluded: the treatment of R-001 uses it' "and names the risk"
run control exclude A.5.1
expect_rc 3 "an exclusion without justification exits 3"
expect_err "needs a justification" "and says so"
run control exclude A.7.4 --justification ""
expect_rc 3 "an empty justification is none"
run control select A.99
expect_rc 4 "an unknown control exits 4"
expect_err 'unknown control "A.99" in ISO/IEC 27001:2022' "and names it and the edition"
run control select A.5.1
expect_rc 3 "a control without any reason exits 3"
expect_err "has no reason for inclusion" "and says so"
run control select A.5.1 --reason cheap
expect_rc 2 "an unknown reason is a usage error"
run control select A.5.1 --reason legal --status done
expect_rc 2 "an unknown status is a usage error"
run control set A.5.2 --status implemented
expect_rc 5 "set on a control without a decision exits 5"
run control select
expect_rc 2 "select without a control is a usage error"
run control select A.5.1 --title X
expect_rc 2 "--title without --additional is a usage error"
[ "$(sqlite3 "$ISMS_DB" 'SELECT COUNT(*) FROM control_selection')" = 0 ] && ok "no bad input changed the selection" \
	|| not_ok "no bad input changed the selection"

run control select a.8.5 A.5.15 --status implemented --owner "IT" --ref "Access rules v2"
expect_rc 0 "select two controls (IDs in any case), the risk is their reason"
expect_out "2 controls are applicable" "and says so"
run control select A.5.1 A.5.31 --reason legal --reason business --status partial
run control exclude A.7.4 A.7.6 --justification "No premises of our own: we work in a serviced office."
expect_out "2 controls are excluded" "bulk exclude"
run control select A.5.2 A.5.3 A.nope --reason business
expect_rc 4 "a bulk operation with one unknown control fails"
[ "$(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM control_selection WHERE control_id IN ('A.5.2', 'A.5.3')")" = 0 ] \
	&& ok "and changes none of them" || not_ok "and changes none of them"
run control set A.5.1 --drop-reason business --ref "Policy v3"
expect_rc 0 "set drops a reason and sets a reference"
run control set A.5.1 --drop-reason legal
expect_rc 3 "dropping the last reason exits 3"
run control select X-DATA --additional --title "Customer data stays in Japan" --reason contract
expect_rc 0 "an additional control"
run control select X-DATA2 --additional --reason contract
expect_rc 3 "an additional control needs a title"
run control select A.5.9 --additional --title "x" --reason business
expect_rc 5 "an Annex A ID cannot be an additional control"
run control exclude X-DATA --justification "x"
expect_rc 3 "an additional control cannot be excluded"

run --format csv control list --applicable
expect_out "^A\.5\.1,Policies for information security,applicable,legal,partial,,,,Policy v3,false," "A.5.1: legal only, with its status and reference"
expect_out "^A\.8\.5,Secure authentication,applicable,risk,implemented,IT,R-001,,Access rules v2,false," "A.8.5: risk, implemented, owner, reference"
expect_out "^X-DATA,Customer data stays in Japan,applicable,contract,not_started,,,,,true," "the additional control"
[ "$(tail -n +2 <<<"$out" | wc -l)" -eq 5 ] && ok "--applicable lists the 5 applicable" || not_ok "--applicable lists the 5 applicable"
run --format csv control list --excluded
expect_out "^A\.7\.4,.*,excluded,,,,,No premises of our own: we work in a serviced office\.," "--excluded with the justification"
run control list --undecided
[ "$(grep -c '^A\.' <<<"$out")" -eq 87 ] && ok "--undecided lists the 87 others" || not_ok "--undecided lists the 87 others"
run --lang ja control list --excluded
expect_out "除外" "Japanese labels"

run control suggest
expect_rc 0 "suggest"
expect_out "^A\.8\.2 +Privileged access rights +no decision +1 +R-001 +T-001" "suggests controls from the threat's library links"
[ "$(grep -c '^A\.8\.5 ' <<<"$out")" -eq 0 ] && ok "applicable controls are not suggested again" \
	|| not_ok "applicable controls are not suggested again"
run control suggest --all
expect_out "^A\.8\.5 " "--all lists them too"

run control remove A.5.1
expect_rc 3 "an Annex A control cannot be removed"
run control remove X-DATA
expect_rc 0 "remove an additional control"

run status
expect_out "\[~\]  7\. Select the controls" "status: step 7 in progress"
expect_out "87 controls have no decision" "with the number of controls left"
[ "$(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM audit_log WHERE entity = 'control_selection'")" -ge 8 ] \
	&& ok "every change is in the audit log" || not_ok "every change is in the audit log"
run log verify
expect_rc 0 "the audit log verifies"

done_testing
