#!/usr/bin/env bash
# The audit log: what is recorded, the filters, and verification of the chain.
. "$(dirname "$0")/lib.sh"

run --as alice init --org Acme --edition 2022
printf 'long-enough-pw\n' | "$ISMS" --as alice user add bob --role approver >/dev/null 2>&1
run --as carol use Acme
run --format json log
expect_rc 0 "log lists the entries"
if python3 - "$out" <<'PY'
import json, sys
rows = json.loads(sys.argv[1])
kinds = [(r["actor"], r["entity"], r["action"]) for r in rows]
assert ("alice", "isms", "create") in kinds, kinds
assert ("alice", "user", "create") in kinds, kinds
assert ("alice", "membership", "create") in kinds, kinds
assert ("carol", "setting", "update") in kinds, kinds
isms = next(r for r in rows if r["entity"] == "isms")
assert json.loads(isms["after"])["edition"] == 2022
assert isms["before"] is None
user = next(r for r in rows if r["entity"] == "user")
assert "pw" not in user["after"] and "hash" not in user["after"], user
assert all(r["at"].endswith("Z") for r in rows)
PY
then ok "entries record who, what, and the values before and after"; else not_ok "entries record who, what, and the values before and after"; fi

run --format csv log --actor carol
[ "$(grep -c . <<<"$out")" -eq 2 ] && ok "--actor filters" || not_ok "--actor filters ($out)"
run --format csv log --entity user
expect_out ",alice,user,bob,create," "--entity filters"
[ "$(grep -c . <<<"$out")" -eq 2 ] && ok "--entity keeps only that entity" || not_ok "--entity keeps only that entity"
today=$(date -u +%F)
run --format csv log --since "$today" --until "$today"
[ "$(grep -c . <<<"$out")" -ge 5 ] && ok "--since/--until today keeps today's entries" || not_ok "date filters ($out)"
run --format csv log --until 2000-01-01
[ "$(grep -c . <<<"$out")" -eq 1 ] && ok "--until in the past keeps none" || not_ok "--until in the past keeps none"
run log --since 2024-02-30
expect_rc 3 "an impossible date exits 3"
expect_err 'invalid date "2024-02-30"' "and names the date"
run --format csv log --limit 2
[ "$(grep -c . <<<"$out")" -eq 3 ] && ok "--limit keeps the newest" || not_ok "--limit"
expect_out ",carol,setting," "--limit keeps the newest entry"

run log verify
expect_rc 0 "verify passes on an untouched log"
expect_out "intact: [0-9]+ entries checked" "and says how many entries it checked"

sqlite3 "$ISMS_DB" "UPDATE audit_log SET actor = 'mallory' WHERE id = 2" 2>/dev/null \
	&& not_ok "the database refuses to update the log" || ok "the database refuses to update the log"
sqlite3 "$ISMS_DB" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after_json = '{\"name\":\"evil\"}' WHERE id = 3"
run log verify
expect_rc 9 "verify catches a row changed behind the library's back (exit 9)"
expect_err "audit log entry 3 has been altered" "and names the first bad entry"
run --format json log verify
expect_out '"bad_entry": 3' "the JSON form names it too"

sqlite3 "$ISMS_DB" "UPDATE audit_log SET after_json = (SELECT after_json FROM audit_log WHERE id = 3) WHERE id = 3"
cp "$ISMS_DB" "$T/copy.db"
sqlite3 "$T/copy.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2"
run --db "$T/copy.db" log verify
expect_rc 9 "verify catches a deleted entry"
expect_err "audit log entry 2 is missing" "and names it"

done_testing
