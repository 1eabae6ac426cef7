#!/usr/bin/env bash
# isms demo: a filled-in ISMS through all ten steps, in Japanese or English, and on 2013 for the transition.
. "$(dirname "$0")/lib.sh"

run demo
expect_rc 0 "the demo builds"
expect_out "all ten steps" "and says what it did"
run status
expect_rc 0 "status of the demo"
expect_out "株式会社サンプルソフト" "a Tokyo company, in Japanese by default"
[ "$(grep -cE '^  \[[xA]\] +[0-9]+\.' <<<"$out")" -eq 10 ] && ok "all ten steps are done or approved" \
	|| not_ok "all ten steps are done or approved"
expect_out "\[A\] 10\. Prepare the Statement of Applicability" "the SoA is approved"
run --format csv asset list
[ "$(tail -n +2 <<<"$out" | grep -c .)" -ge 10 ] && ok "assets in the inventory" || not_ok "assets in the inventory"
run --format csv risk list
[ "$(tail -n +2 <<<"$out" | grep -c .)" -ge 15 ] && ok "risks in the register" || not_ok "risks in the register"
run --format csv control list --excluded
expect_out "^A\.8\.30,.*,excluded," "an exclusion with its justification"
run --format csv control list --undecided
[ "$(tail -n +2 <<<"$out" | grep -c .)" -eq 0 ] && ok "every control is decided" || not_ok "every control is decided"
run soa list
expect_out "demo-ceo" "the SoA is approved by the demo approver"
run user list
expect_out "demo-manager" "the demo manager"
expect_out "demo-ceo" "the demo approver"
run log verify
expect_rc 0 "the audit log of the demo verifies"
[ "$(sqlite3 "$ISMS_DB" "SELECT COUNT(DISTINCT actor) FROM audit_log WHERE actor LIKE 'demo-%'")" = 2 ] \
	&& ok "the manager and the approver each acted" || not_ok "the manager and the approver each acted"

run demo
expect_rc 5 "the same name again exits 5"
expect_err 'an ISMS named "demo" already exists' "and says so"
run --lang en demo --name demo-en
expect_rc 0 "an English demo beside it"
run --isms demo-en status
expect_out "Sample Soft Inc\." "in English"
[ "$(grep -cE '^  \[[xA]\] +[0-9]+\.' <<<"$out")" -eq 10 ] && ok "all ten steps in English too" \
	|| not_ok "all ten steps in English too"

run demo --name demo13 --edition 2013
expect_rc 0 "a demo on 2013"
run --isms demo13 transition --to 2022
expect_rc 0 "the 2013 demo moves to 2022"
expect_out "11 +new in this edition: needs a decision" "with 11 new controls to decide"
run --isms demo13 soa list
expect_out "^ +1 +2013 " "its approved SoA stays on 2013"
run demo --edition 2005
expect_rc 2 "a demo on 2005 is a usage error"
run demo --name ""
expect_rc 3 "an empty name exits 3"

done_testing
