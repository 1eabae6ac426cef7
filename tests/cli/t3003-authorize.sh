#!/usr/bin/env bash
# isms authorize: what management authorises, by whom, and when it goes stale.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/soa-seed.sh"

run init --org "Example Corp" --edition 2022
printf 'secret-pass\n' | "$ISMS" user add boss --role approver >/dev/null
run --as boss authorize --comment "go"
expect_rc 5 "nothing to authorise without a scope exits 5"
expect_err "its scope has not been written" "and says what is missing"
printf '## Organisation\nX\n## Units\n- A\n## Sites\n- B\n' >"$T/s.md"
run scope set --file "$T/s.md"
run --as boss authorize --comment "go"
expect_rc 5 "nor without a policy"
expect_err "its policy has not been written" "and says so"
printf '# Policy\n' >"$T/p.md"
run policy set --file "$T/p.md"

run authorize --show
expect_out "has not authorised the ISMS yet" "--show before any authorisation"
run authorize --comment "go"
expect_rc 6 "a non-approver cannot authorise"
expect_err "is not an approver" "and is told why"
run --as boss authorize
expect_rc 2 "--comment is required"
run --as boss authorize --comment "Operation starts on 1 April 2026."
expect_rc 0 "the approver authorises"
expect_out "boss authorised the ISMS" "and is named"
expect_out "^State: authorised$" "the state"
expect_out "^Covers: scope version 1, policy version 1, risk fingerprint [0-9a-f]{12}$" "what it covers"
run status
expect_out "\[A\]  9\. Authorise the ISMS" "status: step 9 approved"

printf '## Organisation\nX\n## Units\n- A\n- C\n## Sites\n- B\n' >"$T/s2.md"
run scope set --file "$T/s2.md"
run authorize --show
expect_out "^State: authorised, but stale$" "a new scope version makes it stale"
expect_out "the scope has changed since" "and says the scope changed"
[ "$(grep -c 'the policy has changed' <<<"$out")" -eq 0 ] && ok "not the policy" || not_ok "not the policy"
run method set iso27005-5x5
run authorize --show
expect_out "the risk method, a treatment or a residual-risk approval has changed since" "a new method changes the risk fingerprint"
run status
expect_out "the authorisation is stale" "status says it is stale"
run --format json authorize --show
python3 - "$out" <<'PY' && ok "JSON: state and changed parts" || not_ok "JSON: state and changed parts"
import json, sys
d = json.loads(sys.argv[1])
assert d["state"] == "stale" and d["scope_changed"] and not d["policy_changed"] and d["risks_changed"]
assert d["scope_version"] == 1 and d["by"] == "boss"
PY
run --as boss authorize --comment "Re-authorised after the method change."
run authorize --show
expect_out "^State: authorised$" "a new authorisation is current again"
run --as boss authorize --reject --comment "Not yet."
expect_out "boss refused to authorise the ISMS" "a refusal is recorded"
run status
expect_out "\[ \]  9\. Authorise the ISMS" "after a refusal the step is not done"

# Residual-risk decisions: what counts is the decision in force on each
# risk and what it decided on, not how often it was made.
run method set jipdec-3x3x3
run asset add A-001 --name "Customer database" --type information --c 3 --i 3 --a 2
run risk add --asset A-001 --threat T-001 --vuln V-001 --threat-level 3 --vuln-level 3
run risk treat R-001 --option reduce --control A.5.15 --residual-threat 2 --residual-vuln 2
run --as boss risk approve R-001 --comment "Accepted for FY2026."
expect_rc 0 "the residual risk is approved"
run --as boss authorize --comment "With the residual risk accepted."
expect_out "^State: authorised$" "authorised with it"
run --as boss risk approve R-001 --comment "Accepted again at the yearly review."
expect_rc 0 "approved again, as at a yearly review"
run authorize --show
expect_out "^State: authorised$" "approving the same residual risk again keeps the authorisation"
run --as boss risk reject R-001 --comment "Not any more."
run authorize --show
expect_out "^State: authorised, but stale$" "a rejection makes it stale"
run --as boss risk approve R-001 --comment "After all."
run authorize --show
expect_out "^State: authorised$" "approved again as it was: what was authorised holds again"

done_testing
