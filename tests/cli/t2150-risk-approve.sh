#!/usr/bin/env bash
# isms risk approve|reject and isms status: residual risk approvals going stale, steps 3 to 6 and 8 telling the truth.
. "$(dirname "$0")/lib.sh"

q() { sqlite3 "$ISMS_DB" "$1"; }
check() { if eval "$1"; then ok "$2"; else not_ok "$2"; fi; }
step() { grep -E "^ +\[.\] +$1\. " <<<"$out"; }

run init --org "Example Corp" --edition 2022
run user add boss --role approver --no-password
run user add clerk --role manager --no-password
run asset add A-001 --name "Customer DB" --type information --owner alice --c 3 --i 3 --a 3
run asset add A-002 --name "Laptop" --type hardware --owner bob --c 1 --i 1 --a 1

run status
check 'step 3 | grep -q "not started"' "step 3 not started"
run method set jipdec
run status
check 'step 3 | grep -q "\[x\]"' "step 3 done once a method is set"
expect_out "not approved yet" "and waits for approval"

run risk add --asset A-001 --threat T-001 --vuln V-001 --threat-level 3 --vuln-level 3
run risk add --asset A-001 --threat T-002 --vuln V-012 --threat-level 2 --vuln-level 2
run risk add --asset A-002 --threat T-002 --vuln V-012 --threat-level 1 --vuln-level 1
run risk add --asset A-002 --threat T-004 --vuln V-001
run status
check 'step 5 | grep -q "\[~\]"' "step 5 in progress with an unevaluated risk"
expect_out "1 risk has not been evaluated" "and says how many"
run risk edit R-004 --threat-level 1 --vuln-level 2
run status
check 'step 5 | grep -q "\[x\]"' "step 5 done when every risk is evaluated"
check 'step 6 | grep -q "\[ \]"' "step 6 not started: no treatment yet"
expect_out "2 risks above the criteria have no treatment" "says how many need treatment"

run risk treat R-001 --option reduce --control A.8.5 --residual-vuln 2
run status
check 'step 6 | grep -q "\[~\]"' "step 6 in progress"
expect_out "1 risk above the criteria has no treatment" "one left"
run risk treat R-002 --option accept
run status
check 'step 6 | grep -q "\[x\]"' "step 6 done"
expect_out "2 residual risks await approval" "step 8: two residual risks need approval"
check 'step 8 | grep -q "\[ \]"' "step 8 not started"

# approval: who, errors, stale, rejected
run risk approve R-001 --comment "ok"
expect_rc 6 "a user without the approver role cannot approve"
expect_err "is not an approver" "and is told so"
run --as clerk risk approve R-001
expect_rc 6 "a manager cannot approve either"
run --as boss risk approve R-003
expect_rc 0 "approving a risk within the criteria is allowed"
run --as boss risk approve R-404
expect_rc 4 "an unknown risk exits 4"
run risk untreat R-002
run --as boss risk approve R-002
expect_rc 5 "a risk above the criteria without a treatment cannot be approved"
expect_err "has no treatment yet" "and says why"
run risk treat R-002 --option accept
run --as boss risk approve R-001 R-002 --comment "Accepted by the board on 2026-11-20."
expect_rc 0 "approve two residual risks at once"
expect_out "boss approved the residual risk of R-002" "says so for each"
run status
check 'step 8 | grep -q "\[A\]"' "step 8 approved"
check '[ "$(q "SELECT COUNT(*) FROM approval WHERE subject = '"'risk'"' AND decision = '"'approved'"'")" = 3 ]' "three approvals recorded"
check '[ "$(q "SELECT length(content_hash) FROM approval WHERE subject_id = '"'R-001'"'")" = 64 ]' "with the hash of the values"
check 'q "SELECT snapshot FROM approval WHERE subject_id = '"'R-001'"'" | grep -q "\"residual_value\":18"' "and the values themselves"
run risk show R-001
expect_out "Approval: approved" "show says approved"
expect_out "boss .* approved: Accepted by the board" "with who, when and the comment"

# a change makes the approval stale
run risk edit R-001 --vuln-level 2
run status
check 'step 8 | grep -q "\[~\]"' "a changed risk puts step 8 back in progress"
expect_out "1 approval is stale" "status says an approval is stale"
run risk show R-001
expect_out "stale: the risk changed after it was approved" "show says stale"
run report approvals --format csv
check 'grep -q "^R-001,.*,stale," <<<"$out"' "the approval record shows it stale"
# revaluing the asset, then re-evaluating, also makes it stale
run --as boss risk approve R-001
run status
check 'step 8 | grep -q "\[A\]"' "approved again"
run asset edit A-001 --c 2 --i 2 --a 2
run status
check 'step 5 | grep -q "\[~\]"' "a revalued asset puts step 5 back in progress"
run --as boss risk approve R-001
expect_rc 5 "a risk due for re-evaluation cannot be approved"
expect_err "Run \"isms risk evaluate\" first" "and says what to do"
run risk evaluate
run status
expect_out "approvals? (is|are) stale" "after re-evaluation the approvals that covered old values are stale"

# a rejection
run --as boss risk reject R-002 --comment "Reduce it instead."
expect_rc 0 "reject"
run status
check 'step 8 | grep -qv "\[A\]"' "a rejected residual risk is not approved"
run risk show R-002
expect_out "Approval: rejected" "show says rejected"

# the method's approval
run --as boss method approve
run status
check 'step 3 | grep -q "\[A\]"' "step 3 approved"

# Japanese status
run --lang ja status
expect_out "無効になった承認が 1 件" "status in Japanese mentions the stale approval"

done_testing
