#!/usr/bin/env bash
# isms control search: titles and descriptions, English and Japanese, without spaces in Japanese.
. "$(dirname "$0")/lib.sh"

run control search ぜい弱性
expect_rc 0 "search in Japanese"
expect_out "^iso27001-2022 +A\.8\.8 +Management of technical vulnerabilities" "finds A.8.8 of 2022"
expect_out "^iso27001-2013 +A\.12\.6\.1 " "and A.12.6.1 of 2013"
run control search 技術的ぜい弱性
expect_out "^iso27001-2022 +A\.8\.8 " "Japanese words need no spaces between them"
run control search VULNERABILITIES technical --edition 2022
expect_out "^iso27001-2022 +A\.8\.8 " "English words match in any case, all of them"
if grep -q '^iso27001-2013' <<<"$out"; then not_ok "--edition keeps to one edition"; else ok "--edition keeps to one edition"; fi
run control search ぜい弱性 backup
expect_out "^No control matches\.$" "every word must match"
run --format csv control search ＩＣＴ --edition 2022
expect_out "^iso27001-2022,A\.5\.30,ICT readiness for business continuity," "full-width letters match their plain form"
run --format json control search バックアップ
if python3 - "$out" <<'PY'
import json, sys
rows = json.loads(sys.argv[1])
assert any(r["catalog"] == "iso27001-2022" and r["id"] == "A.8.13" for r in rows), rows
assert all(set(r) == {"catalog", "id", "title", "title_en", "title_ja"} for r in rows)
PY
then ok "JSON search results"; else not_ok "JSON search results"; fi
run --lang ja control search backup --edition 2022
expect_out "^iso27001-2022 +A\.8\.13 +情報のバックアップ" "titles in the language asked for"

run control search
expect_rc 2 "no word is a usage error"
run control search a b c d e f g h i j k l m n o p q
expect_rc 2 "too many words is a usage error"
run control search x --edition 1999
expect_rc 3 "an unknown edition exits 3"

done_testing
