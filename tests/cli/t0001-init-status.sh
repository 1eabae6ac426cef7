#!/usr/bin/env bash
# isms init, list, use and status, in English and Japanese.
. "$(dirname "$0")/lib.sh"

run init --org "Example Corp" --edition 2022
expect_rc 0 "init creates the database and an ISMS"
[ -f "$ISMS_DB" ] && ok "the database file exists" || not_ok "the database file exists"

run status
expect_rc 0 "status runs"
expect_out "Phase 1: basic policy" "status shows phase 1"
expect_out "Phase 3: controls and approval" "status shows phase 3"
expect_out " 1\. Define the scope and boundaries: ISMS scope" "status shows step 1 with its artefact"
expect_out "10\. Prepare the Statement of Applicability" "status shows step 10"
expect_out "the scope has not been written" "status says what is missing"
[ "$(grep -cE '\)  not started$' <<<"$out")" -eq 10 ] && ok "a new ISMS has ten steps not started" \
	|| not_ok "a new ISMS has ten steps not started"

run status --lang ja
expect_rc 0 "status --lang ja runs"
expect_out "適用宣言書" "Japanese: the SoA is 適用宣言書"
expect_out "リスクマネジメント実施基準" "Japanese: the method is リスクマネジメント実施基準"
expect_out "資産目録" "Japanese: the asset inventory is 資産目録"
expect_out "残留リスク承認記録" "Japanese: the residual risk approval record"
expect_out "未着手" "Japanese: state names are translated"

LANG=ja_JP.UTF-8 run status
expect_out "適用宣言書" "LANG=ja_JP.UTF-8 selects Japanese without --lang"
LC_ALL=ja_JP.UTF-8 run --lang en status
expect_out "Statement of Applicability" "--lang en wins over LC_ALL"

run --format json status
expect_rc 0 "status --format json runs"
if python3 - "$out" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
assert d["isms"] == "Example Corp" and d["edition"] == 2022
assert [s["step"] for s in d["steps"]] == list(range(1, 11))
assert [s["phase"] for s in d["steps"]] == [1, 1, 2, 2, 2, 2, 3, 3, 3, 3]
assert all(s["state"] == "not_started" for s in d["steps"])
assert all(isinstance(s["missing"], list) and s["missing"] for s in d["steps"])
assert d["steps"][9]["artefact"] == "Statement of Applicability"
assert d["steps"][2]["clause"] == "6.1.2 a-b"
PY
then ok "status JSON has the documented shape"; else not_ok "status JSON has the documented shape"; fi

run init --org "Second Co" --name second --edition 2013 --lang ja
expect_rc 0 "a second ISMS in the same database"
run --format csv list
expect_out "^Example Corp,Example Corp,2022,en,true" "list: the first ISMS is the default"
expect_out "^second,Second Co,2013,ja,false" "list: the second ISMS with its edition and language"
run --isms second status
expect_out "ISO/IEC 27001:2013" "--isms selects the second ISMS"
expect_out "clause 4.3" "2013 clauses are used"
run use second
expect_rc 0 "use sets the default ISMS"
run status
expect_out "second \(Second Co\)" "status follows the new default"
run use nosuch
expect_rc 4 "use of an unknown ISMS exits 4"
expect_err 'no ISMS named "nosuch"' "and names it"

run init --org "Old" --name old2005 --edition 2005
run --isms old2005 status
expect_out "clause 4.2.1 j" "2005 clauses are used for a 2005 ISMS"

done_testing
