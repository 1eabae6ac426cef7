#!/usr/bin/env bash
# isms catalog list and show: the three built-in editions, with or without a database.
. "$(dirname "$0")/lib.sh"

run catalog list
expect_rc 0 "catalog list works before any database exists"
expect_out "^iso27001-2005 +2005 +ISO/IEC 27001:2005 Annex A +built-in +11 +0 +39 +0 +133 " "2005: 11 clauses, 39 objectives, 133 controls"
expect_out "^iso27001-2013 +2013 +ISO/IEC 27001:2013 Annex A +built-in +14 +0 +35 +0 +114 " "2013: 14 clauses, 35 objectives, 114 controls"
expect_out "^iso27001-2022 +2022 +ISO/IEC 27001:2022 Annex A +built-in +0 +4 +0 +0 +93 " "2022: 4 themes, 93 controls"
[ ! -e "$ISMS_DB" ] && ok "and creates no database" || not_ok "and creates no database"

run --format csv catalog list
expect_out "^identifier,version,title,source,clauses,themes,objectives,groups,controls,enhancements,withdrawn,imported_at" "CSV header"
expect_out "^iso27001-2022,2022,ISO/IEC 27001:2022 Annex A,builtin,0,4,0,0,93,0,0," "CSV row of 2022"
run --format json catalog list
if python3 - "$out" <<'PY'
import json, sys
rows = json.loads(sys.argv[1])
assert [r["identifier"] for r in rows] == ["iso27001-2005", "iso27001-2013", "iso27001-2022"]
assert rows[1]["controls"] == 114 and rows[1]["objectives"] == 35 and rows[1]["source"] == "builtin"
PY
then ok "JSON list"; else not_ok "JSON list"; fi
run --lang ja catalog list
expect_out "附属書A（JIS Q 27001:2023）" "Japanese titles with --lang ja"

run --format csv catalog show 2022
expect_rc 0 "show 2022"
[ "$(grep -c '^control,' <<<"$out")" -eq 93 ] && ok "93 controls listed" || not_ok "93 controls listed"
[ "$(grep -c '^theme,' <<<"$out")" -eq 4 ] && ok "4 themes listed" || not_ok "4 themes listed"
expect_out "^control,A\.8\.8,,A\.8,Management of technical vulnerabilities,active,Management of technical vulnerabilities,技術的ぜい弱性の管理,public" "A.8.8 with its parent, titles and Japanese-title status"
run --format csv catalog show iso27001-2013
[ "$(grep -c '^objective,' <<<"$out")" -eq 35 ] && ok "the full identifier works too: 35 objectives" || not_ok "35 objectives"
run catalog show 2005
expect_out "^ISO/IEC 27001:2005 Annex A \(iso27001-2005 2005\): 11 clauses, 39 control objectives, 133 controls" "text show has a summary line"
run catalog show 2013 --tree
expect_out "^A\.12 +Operations security +clause" "tree: a clause at the top"
expect_out "^  A\.12\.6 +Technical vulnerability management +control objective" "tree: an objective indented once"
expect_out "^    A\.12\.6\.1 +Management of technical vulnerabilities +control" "tree: a control indented twice"
run --format json catalog show 2013 --tree
if python3 - "$out" <<'PY'
import json, sys
rows = json.loads(sys.argv[1])
d = {r["id"]: r["depth"] for r in rows}
assert d["A.12"] == 0 and d["A.12.6"] == 1 and d["A.12.6.1"] == 2, d
PY
then ok "tree JSON carries the depth"; else not_ok "tree JSON carries the depth"; fi

run catalog show 2019
expect_rc 4 "an unknown catalogue exits 4"
expect_err 'no catalogue "2019"' "and names it"
expect_err 'isms catalog list' "with a hint"
run catalog show
expect_rc 2 "show without an ID is a usage error"
run catalog show 2013 --bogus
expect_rc 2 "an unknown option is a usage error"
run catalog -h
expect_rc 0 "catalog -h"
expect_out "import" "the help lists the subcommands"

done_testing
