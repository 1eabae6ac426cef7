#!/usr/bin/env bash
# isms risk treat|untreat: options, Annex A and additional controls, plans, residual risk, and bad input.
. "$(dirname "$0")/lib.sh"

q() { sqlite3 "$ISMS_DB" "$1"; }
check() { if eval "$1"; then ok "$2"; else not_ok "$2"; fi; }

run init --org "Example Corp" --edition 2022
run asset add A-001 --name "Customer DB" --type information --owner alice --c 3 --i 3 --a 2
run risk add --asset A-001 --threat T-001 --vuln V-001 --threat-level 3 --vuln-level 3
run risk add --asset A-001 --threat T-002 --vuln V-012 --threat-level 2 --vuln-level 3

run risk treat R-001 --option reduce --control A.8.5 --control A.5.17 --extra "Quarterly review of accounts" \
	--owner "IT manager" --due 2027-03-31 --residual-vuln 1
expect_rc 0 "treat with controls, a plan and a residual level"
expect_out "Risk R-001: reduce; residual risk 9 \(Medium\), treat" "the residual risk is evaluated: 3×3×1"
expect_out "management must approve it" "and says that it needs approval"
check '[ "$(q "SELECT treatment || '"'/'"' || plan_status || '"'/'"' || plan_due FROM risk WHERE code = '"'R-001'"'")" = reduce/planned/2027-03-31 ]' \
	"a new plan is planned"
check '[ "$(q "SELECT group_concat(control, '"','"') FROM (SELECT control FROM risk_control WHERE kind = '"'annex'"' ORDER BY pos)")" = A.8.5,A.5.17 ]' \
	"the controls in the order given"
run risk show R-001
expect_out "A.8.5  Secure authentication" "show names the controls"
expect_out "Quarterly review of accounts" "and the additional ones"
expect_out "Plan: IT manager, due 2027-03-31, planned" "and the plan"
run --lang ja risk show R-001
expect_out "リスク対応: 低減" "低減 in Japanese"

run risk treat R-001 --residual-vuln 1 --residual-threat 1 --status in-progress
expect_rc 0 "change the plan without the option"
expect_out "residual risk 3 \(Low\), accept" "the residual risk is accepted: 3×1×1"
check '[ "$(q "SELECT plan_status FROM risk WHERE code = '"'R-001'"'")" = in_progress ]' "the status changed"
check '[ "$(q "SELECT COUNT(*) FROM risk_control WHERE kind = '"'annex'"'")" = 2 ]' "the controls stay"
run risk treat R-001 --add-control A.8.2
check '[ "$(q "SELECT COUNT(*) FROM risk_control WHERE kind = '"'annex'"'")" = 3 ]' "--add-control adds"
run risk treat R-001 --control A.8.5
check '[ "$(q "SELECT COUNT(*) FROM risk_control WHERE kind = '"'annex'"'")" = 1 ]' "--control replaces"
run risk treat R-001 --suggested
check '[ "$(q "SELECT COUNT(*) FROM risk_control WHERE kind = '"'annex'"'")" -ge 4 ]' "--suggested adds the library's controls"
run risk treat R-001 --no-controls --no-extras
check '[ "$(q "SELECT COUNT(*) FROM risk_control")" = 0 ]' "and all can be removed"

for opt in accept 保有 avoid transfer 移転・共有 reduce; do
	run risk treat R-002 --option "$opt"
	expect_rc 0 "option $opt"
done
run risk treat R-002 --option accept
run risk show R-002
expect_out "Treatment: retain" "accept is shown as retain (保有)"
expect_out "Residual risk: 18 \(High\), treat" "retaining keeps the risk as it is"
run --format csv risk list --treatment accept
check 'grep -q "^R-002" <<<"$out"' "filter by treatment"
run --format csv risk list --needs-approval
check 'grep -q "^R-002" <<<"$out" && ! grep -q "^R-001" <<<"$out"' "filter the risks that need approval"

run risk untreat R-002
expect_rc 0 "untreat"
check '[ -z "$(q "SELECT treatment FROM risk WHERE code = '"'R-002'"'")" ]' "the treatment is gone"
run risk untreat R-002
expect_rc 5 "untreating a risk without a treatment exits 5"
check '[ "$(q "SELECT COUNT(*) FROM audit_log WHERE entity = '"'risk'"' AND action IN ('"'treat'"', '"'untreat'"')")" -ge 10 ]' \
	"each treatment is audited"

# errors, none of which changes the risk
before=$(q "SELECT updated_at FROM risk WHERE code = 'R-001'")
log0=$(q "SELECT COUNT(*) FROM audit_log")
run risk treat R-002 --control A.8.5
expect_rc 2 "no option for an untreated risk exits 2"
run risk treat R-001 --option fix
expect_rc 2 "an unknown option exits 2"
run risk treat R-001 --option reduce --control A.12.6.1
expect_rc 3 "a control of another edition exits 3"
expect_err "A.12.6.1 is not a control of ISO/IEC 27001:2022 Annex A" "and names it and the edition"
run risk treat R-001 --option reduce --control A.8
expect_rc 3 "a theme is not a control"
expect_err "A.8 is a theme, not a control" "and says what it is"
run risk treat R-001 --option reduce --due 2027-02-30
expect_rc 3 "an impossible date exits 3"
expect_err 'the due date "2027-02-30" is not a date' "and names it"
run risk treat R-001 --option reduce --status finished
expect_rc 2 "an unknown status exits 2"
run risk treat R-001 --option reduce --residual-vuln 5
expect_rc 3 "a residual level above the scale exits 3"
expect_err "field: residual_vuln" "and names the field"
run risk treat R-001 --option reduce --residual-likelihood 2
expect_rc 3 "a residual level of the other formula exits 3"
run risk treat R-001 --option reduce --control A.8.5 --add-control A.8.2
expect_rc 2 "--control and --add-control at once exit 2"
run risk treat R-001 --option reduce --extra "$(printf 'x%.0s' {1..501})"
expect_rc 3 "an additional control over 500 characters exits 3"
args=()
for i in $(seq 1 51); do args+=(--extra "measure $i"); done
run risk treat R-001 --option reduce "${args[@]}"
expect_rc 3 "more than 50 additional controls exit 3"
run risk treat R-404 --option reduce
expect_rc 4 "an unknown risk exits 4"
check '[ "$(q "SELECT updated_at FROM risk WHERE code = '"'R-001'"'")" = "$before" ] && [ "$(q "SELECT COUNT(*) FROM audit_log")" = "$log0" ]' \
	"none of the errors changed anything"

done_testing
