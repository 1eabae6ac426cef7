#!/usr/bin/env bash
# isms control show: titles in both languages, the description and the counterparts in the other editions.
. "$(dirname "$0")/lib.sh"

run control show A.8.8 --lang ja
expect_rc 0 "control show A.8.8 --lang ja"
expect_out "^A\.8\.8  技術的ぜい弱性の管理$" "the Japanese title comes first"
expect_out "^名称（英語）: Management of technical vulnerabilities$" "then the English title"
expect_out "^名称（日本語）: 技術的ぜい弱性の管理$" "the Japanese title, labelled"
expect_out "^  一般に公開されている訳語（JIS の本文とは未照合）$" "and how sure it is"
expect_out "^2013 +A\.12\.6\.1 +技術的ぜい弱性の管理 +統合" "its 2013 predecessor A.12.6.1, merged"
expect_out "^2013 +A\.18\.2\.3 +技術的順守のレビュー +分割" "its 2013 predecessor A.18.2.3, split"
expect_out "^2005 +A\.12\.6\.1 .* A\.12\.6\.1$" "its 2005 predecessor, through 2013"
line_ja=$(grep -n '技術的ぜい弱性の管理' <<<"$out" | head -1 | cut -d: -f1)
line_en=$(grep -n 'Management of technical vulnerabilities' <<<"$out" | head -1 | cut -d: -f1)
[ "$line_ja" -lt "$line_en" ] && ok "Japanese before English in Japanese" || not_ok "Japanese before English in Japanese"

run control show A.8.8
expect_out "^A\.8\.8  Management of technical vulnerabilities$" "in English the English title comes first"
expect_out "as commonly published, not checked against the JIS text" "the Japanese title says how sure it is"
expect_out "^Description: Keep track of vulnerabilities" "the description in our words"

run --format json control show A.8.8
if python3 - "$out" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
assert d["id"] == "A.8.8" and d["edition"] == 2022 and d["title_ja"] == "技術的ぜい弱性の管理"
assert d["ja_status"] == "public"
cp = {(c["edition"], c["id"]): c["kind"] for c in d["counterparts"]}
assert cp[(2013, "A.12.6.1")] == "merged" and cp[(2013, "A.18.2.3")] == "split", cp
assert cp[(2005, "A.12.6.1")] == "merged", cp
assert len([c for c in d["counterparts"] if c["edition"] == 2013]) == 2
PY
then ok "JSON: the counterparts with their kinds"; else not_ok "JSON: the counterparts with their kinds"; fi
run --format csv control show A.8.8
expect_out "^counterpart_2013,A\.12\.6\.1 merged" "CSV form"

run control show a.8.8
expect_rc 0 "IDs match without regard to case"
run control show A.5.7 --format json
if python3 - "$out" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
assert all(c["id"] is None and c["kind"] == "new" for c in d["counterparts"]), d["counterparts"]
PY
then ok "a control new in 2022 has no predecessor"; else not_ok "a control new in 2022 has no predecessor"; fi
run control show A.6.1.1 --edition 2005
expect_out "^2013 +- +removed" "a 2005 control removed in 2013 says so"

# The edition: the ISMS's when there is one, else 2022.
run control show A.12.6.1
expect_rc 4 "A.12.6.1 is not a 2022 control"
expect_err 'no control "A\.12\.6\.1"' "and the error names it"
expect_err 'add --edition (2005|2013)' "with a hint at the edition that has it"
run init --org Acme --edition 2013
run control show A.12.6.1
expect_rc 0 "with a 2013 ISMS, 2013 is the default edition"
expect_out "^2022 +A\.8\.8 +Management of technical vulnerabilities +merged" "its 2022 successor"
run control show A.8.8 --edition 2022
expect_rc 0 "--edition picks another edition"

run control show A.8.8 --edition 2019
expect_rc 3 "an unknown edition exits 3"
expect_err 'unknown edition "2019"' "and names it"
run control show
expect_rc 2 "a missing ID is a usage error"
run control show A.8.8 --edition 2022 --catalog x
expect_rc 2 "--edition and --catalog together are a usage error"
run control show Z.9 --edition 2022
expect_rc 4 "an unknown control exits 4"

done_testing
