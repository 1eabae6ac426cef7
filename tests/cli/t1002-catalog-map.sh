#!/usr/bin/env bash
# isms catalog map: the mappings 2005→2013, 2013→2022, composed 2005→2022, and backwards.
. "$(dirname "$0")/lib.sh"

run catalog map --from 2013 --to 2022 A.12.6.1
expect_rc 0 "map one control"
expect_out "^A\.12\.6\.1 +Management of technical vulnerabilities +A\.8\.8 +Management of technical vulnerabilities +merged" "A.12.6.1 goes to A.8.8, merged"
[ "$(grep -c '^A\.' <<<"$out")" -eq 1 ] && ok "and only there" || not_ok "and only there"
run --format csv catalog map --from 2013 --to 2022 A.18.2.3
expect_out "^A\.18\.2\.3,Technical compliance review,A\.5\.36,.*,split," "A.18.2.3 splits into A.5.36"
expect_out "^A\.18\.2\.3,Technical compliance review,A\.8\.8,.*,split," "and A.8.8"

run --format json catalog map --from 2013 --to 2022
if python3 - "$out" <<'PY'
import json, sys
rows = json.loads(sys.argv[1])
assert len(rows) == 126, len(rows)
new = sorted(r["to"] for r in rows if r["kind"] == "new")
assert new == sorted(["A.5.7", "A.5.23", "A.5.30", "A.7.4", "A.8.9", "A.8.10", "A.8.11", "A.8.12", "A.8.16", "A.8.23", "A.8.28"]), new
assert {r["from"] for r in rows if r["kind"] == "split"} == {"A.18.2.3"}
assert len({r["from"] for r in rows if r["from"]}) == 114
PY
then ok "the whole 2013→2022 table: 114 sources, 11 new, one split"; else not_ok "the whole 2013→2022 table"; fi

run --format json catalog map --from 2005 --to 2013
if python3 - "$out" <<'PY'
import json, sys, collections
rows = json.loads(sys.argv[1])
c = collections.Counter(r["kind"] for r in rows)
assert c == {"carried": 102, "merged": 10, "split": 1, "removed": 21, "new": 11}, c
PY
then ok "2005→2013: 102 carried, 10 merged, 1 split, 21 removed, 11 new"; else not_ok "2005→2013 kinds"; fi

run --format json catalog map --from 2005 --to 2022
if python3 - "$out" <<'PY'
import json, sys
rows = json.loads(sys.argv[1])
assert len({r["from"] for r in rows if r["from"]}) == 133
a = [r for r in rows if r["from"] == "A.12.6.1"]
assert len(a) == 1 and a[0]["to"] == "A.8.8" and a[0]["via"] == "A.12.6.1", a
assert all(r["via"] for r in rows if r["from"] and r["to"])
assert all(r["kind"] == "removed" for r in rows if not r["to"])
PY
then ok "2005→2022 is composed through 2013, with the 2013 control in via"; else not_ok "2005→2022 composed"; fi

run catalog map --from 2022 --to 2013 A.8.8
expect_out "^A\.8\.8 .* A\.12\.6\.1 .* merged" "backwards: A.8.8 came from A.12.6.1"
expect_out "^A\.8\.8 .* A\.18\.2\.3 .* split" "and from A.18.2.3"
run --lang ja catalog map --from 2013 --to 2022 A.12.6.1
expect_out "技術的ぜい弱性の管理 +統合" "Japanese titles and kinds"

run catalog map --from 2013
expect_rc 2 "--to is required"
expect_err "--to is required" "and the error says so"
run catalog map --from 2019 --to 2022
expect_rc 3 "an unknown edition exits 3"
expect_err 'unknown edition "2019"' "and names it"
run catalog map --from 2013 --to 2013
expect_rc 2 "the same edition twice is a usage error"
run catalog map --from 2013 --to 2022 A.99.1
expect_rc 4 "an unknown control exits 4"
expect_err 'no control "A\.99\.1" in ISO/IEC 27001:2013' "and names it"
run catalog map --from 2013 --to 2022 A.12.6
expect_rc 4 "an objective is not a control"

done_testing
