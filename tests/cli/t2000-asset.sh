#!/usr/bin/env bash
# isms asset add, edit, rm, show, list and groups: fields, dependencies, filters, bad input.
. "$(dirname "$0")/lib.sh"

run init --org "Example Corp" --edition 2022
expect_rc 0 "init"

run asset add A-001 --name "顧客データベース" --type information --owner "情報システム部長" \
	--location "データセンター" --group DB --c 3 --i 2 --a 2 --c-reason "個人情報を含む" \
	--classification 社外秘 --description "顧客の連絡先と取引履歴"
expect_rc 0 "add an asset with every field"
expect_out 'Added asset "A-001"' "and says so"
run asset add A-002 --name "DBサーバ" --type ハードウェア --depends-on A-001
expect_rc 0 "add with a Japanese type name and a dependency"
run asset add A-003 --name "委託先" --type サービス
expect_rc 0 "a third asset, not valued"

run asset show A-001
expect_rc 0 "show"
expect_out '^Confidentiality +3  個人情報を含む' "show gives the value with its reason"
expect_out '^Needed by +A-002' "show lists who depends on it"
run --format json asset show A-002
expect_rc 0 "show as JSON"
python3 - "$out" <<'PY' && ok "show JSON has the fields" || not_ok "show JSON has the fields"
import json, sys
d = json.loads(sys.argv[1])
assert d["code"] == "A-002" and d["type"] == "hardware"
assert d["depends_on"] == ["A-001"] and d["c"] is None
PY
run --lang ja asset show A-001
expect_out '^種別 +情報' "show in Japanese gives the type's Japanese name"

# errors: each exits non-zero, says what is wrong, changes nothing
run asset add A-001 --name x --type site
expect_rc 5 "a duplicate ID exits 5"
expect_err 'asset "A-001" already exists' "and names it"
run asset add A-009 --name x --type robot
expect_rc 2 "an unknown type is a usage error"
expect_err 'unknown asset type "robot"' "and names the type"
expect_err '情報, ソフトウェア' "with the accepted types"
run asset add A-009 --name x
expect_rc 2 "a missing --type exits 2"
run asset add A-009 --type site
expect_rc 2 "a missing --name exits 2"
run asset add --name x --type site
expect_rc 2 "a missing ID exits 2"
run asset add "A 9" --name x --type site
expect_rc 3 "an ID with a space exits 3"
expect_err 'invalid asset ID "A 9"' "and says why"
run asset add A-009 --name x --type site --c 11
expect_rc 3 "a value above the scale exits 3"
expect_err 'confidentiality value 11 is out of range' "and names the property and value"
expect_err '1 to 10' "and gives the range"
run asset add A-009 --name x --type site --i abc
expect_rc 2 "a value that is not a number exits 2"
run asset add A-009 --name x --type site --depends-on A-404
expect_rc 3 "a dependency on an unknown asset exits 3"
expect_err 'depends on "A-404", which does not exist' "and names it"
run asset add A-009 --name "$(printf 'x%.0s' {1..201})" --type site
expect_rc 3 "a name over 200 characters exits 3"
expect_err 'name is too long' "and says it is too long"
[ "$(sqlite3 "$ISMS_DB" 'SELECT COUNT(*) FROM asset')" = 3 ] && ok "no bad asset was added" \
	|| not_ok "no bad asset was added"

run asset edit A-001 --depends-on A-002
expect_rc 3 "a dependency cycle exits 3"
expect_err 'would make a cycle' "and says so"
expect_err 'A-001 → A-002 → A-001|A-002 → A-001 → A-002' "and shows the cycle"
run asset edit A-001 --depends-on A-001
expect_rc 3 "a self-dependency exits 3"
run asset edit A-404 --owner x
expect_rc 4 "editing an unknown asset exits 4"
run asset edit A-001 --name ""
expect_rc 2 "an empty name is refused"

run asset edit A-003 --owner "購買部" --c 2 --i 1 --a 3 --group 委託
expect_rc 0 "edit sets some fields"
run asset edit A-001 --owner "" --c ""
expect_rc 0 "edit clears fields with empty values"
run --format json asset show A-001
python3 - "$out" <<'PY' && ok "the cleared fields are empty and the rest kept" || not_ok "the cleared fields are empty and the rest kept"
import json, sys
d = json.loads(sys.argv[1])
assert d["owner"] == "" and d["c"] is None and d["i"] == 2 and d["classification"] == "社外秘", d
PY
[ "$(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM audit_log WHERE entity = 'asset'")" = 5 ] \
	&& ok "each change has one audit entry" || not_ok "each change has one audit entry"

# list: filters, sort, paging, formats
run asset list
expect_rc 0 "list"
expect_out '^A-001 +顧客データベース +information' "list shows the assets"
run --format csv asset list --type service
expect_out '^A-003,委託先,service,購買部,委託,2,1,3' "list --type filters (CSV)"
[ "$(grep -c '^A-' <<<"$out")" = 1 ] && ok "and only that type" || not_ok "and only that type"
run --format csv asset list --owner ""
[ "$(grep -c '^A-' <<<"$out")" = 2 ] && ok "list --owner \"\" finds assets without an owner" \
	|| not_ok "list --owner \"\" finds assets without an owner"
run --format csv asset list --search データ
expect_out '^A-001,' "list --search finds by name"
run --format csv asset list --sort value --desc
[ "$(sed -n 2p <<<"$out" | cut -d, -f1)" = A-003 ] && ok "list --sort value --desc puts the highest first" \
	|| not_ok "list --sort value --desc puts the highest first"
run asset list --limit 1 --offset 1
expect_out '1 of 3 assets shown' "list pages and says how many there are"
run --format csv asset list --unvalued
[ "$(grep -c '^A-' <<<"$out")" = 2 ] && ok "list --unvalued" || not_ok "list --unvalued"
run asset list --sort colour
expect_rc 2 "an unknown sort key exits 2"
run asset list --limit 0
expect_rc 2 "--limit 0 exits 2"
run asset list --type robot
expect_rc 2 "an unknown type filter exits 2"

run --format csv asset groups
expect_rc 0 "groups"
expect_out '^DB,1,1,,2,2.?$' "groups counts the DB group and its unvalued asset"
expect_out '^委託,1,0,2,1,3' "groups gives the highest values"
expect_out '^,1,1,' "groups counts assets in no group"

# rm
run asset rm A-404
expect_rc 4 "removing an unknown asset exits 4"
run asset rm A-001
expect_rc 0 "rm"
[ "$(sqlite3 "$ISMS_DB" 'SELECT COUNT(*) FROM asset_dependency')" = 0 ] \
	&& ok "its dependencies went with it" || not_ok "its dependencies went with it"
run asset show A-001
expect_rc 4 "the removed asset is gone"

# a read-only command cannot write
run asset list --bogus
expect_rc 2 "an unknown option exits 2"

# once the ISMS has a method, values follow its scales (JIPDEC: 1 to 3)
run method set jipdec-3x3x3
if [ "$rc" -eq 0 ]; then
	run asset edit A-002 --c 4
	expect_rc 3 "with a method, a value above its scale exits 3"
	expect_err 'confidentiality value 4 is out of range' "and names the value"
	expect_err '1 to 3' "and gives the method's range"
	run asset edit A-002 --c 3
	expect_rc 0 "the top of the method's scale is accepted"
else
	ok "# skip: no method command in this build"
fi

# another ISMS does not see these assets
run init --org "Other" --edition 2013
run --isms Other asset list
expect_rc 0 "list in another ISMS"
[ "$(grep -c '^A-' <<<"$out")" = 0 ] && ok "sees none of the first ISMS's assets" \
	|| not_ok "sees none of the first ISMS's assets"
run --isms Other asset add A-002 --name "same ID elsewhere" --type site
expect_rc 0 "the same ID can exist in another ISMS"

done_testing
