#!/usr/bin/env bash
# Bad input: each gets a clear error, a non-zero exit, and changes nothing.
. "$(dirname "$0")/lib.sh"

run init --org Acme --edition 2019
expect_rc 3 "an unknown edition exits 3"
expect_err 'unknown edition "2019"' "and names the edition"
expect_err "2005, 2013 and 2022" "and says which editions exist"
[ ! -e "$ISMS_DB" ] || [ "$(sqlite3 "$ISMS_DB" 'SELECT COUNT(*) FROM isms')" = 0 ] \
	&& ok "no ISMS was created" || not_ok "no ISMS was created"

run --db "$T/no/such/dir/x.db" init --org Acme --edition 2022
expect_rc 7 "a database in a missing directory exits 7"
expect_err 'directory "[^"]*/no/such/dir" does not exist' "and names the missing directory"
[ ! -e "$T/no" ] && ok "nothing was created" || not_ok "nothing was created"

printf 'this is not a database, just some text\n%.0s' {1..200} >"$T/text.db"
cp "$T/text.db" "$T/text.orig"
run --db "$T/text.db" init --org Acme --edition 2022
expect_rc 7 "a file that is not a database exits 7"
expect_err 'is not an isms database' "and says so"
expect_same "$T/text.db" "$T/text.orig" "the file is unchanged"

run init --org Acme --edition 2022
expect_rc 0 "a good database"
run init --org X --edition 2022 --bogus
expect_rc 2 "an unknown option exits 2"
expect_err 'unknown option "--bogus"' "and names the option"

run --as alice use Acme
cp "$ISMS_DB" "$T/before.db"
run init --org Acme --edition 2013
expect_rc 5 "a duplicate ISMS name exits 5"
expect_err 'an ISMS named "Acme" already exists' "and names the ISMS"
expect_err 'hint: Choose another name with --name' "with a hint"
[ "$(sqlite3 "$ISMS_DB" 'SELECT COUNT(*) || edition FROM isms')" = "12022" ] \
	&& ok "the existing ISMS is unchanged" || not_ok "the existing ISMS is unchanged"

# A read-only database: tested as an unprivileged user, since root may
# write any file.
chmod 755 "$T"
chmod 444 "$ISMS_DB"
rm -f "$ISMS_DB-wal" "$ISMS_DB-shm"
sum=$(sha256sum "$ISMS_DB")
if command -v setpriv >/dev/null && [ "$(id -u)" -eq 0 ]; then
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$ISMS" --db "$ISMS_DB" init --org Other --edition 2022 2>"$T/.stderr") && rc=0 || rc=$?
	err=$(cat "$T/.stderr")
	expect_rc 6 "writing to a read-only database exits 6"
	expect_err 'database "[^"]*isms.db" is read-only' "and says the database is read-only"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$ISMS" --db "$ISMS_DB" status 2>"$T/.stderr") && rc=0 || rc=$?
	err=$(cat "$T/.stderr")
	expect_rc 0 "a read-only database can still be read"
else
	out=$("$ISMS" --db "$ISMS_DB" init --org Other --edition 2022 2>"$T/.stderr") && rc=0 || rc=$?
	err=$(cat "$T/.stderr")
	expect_rc 6 "writing to a read-only database exits 6"
	expect_err 'is read-only' "and says the database is read-only"
	ok "# skip reading as another user needs root"
fi
[ "$(sha256sum "$ISMS_DB")" = "$sum" ] && ok "the read-only database is unchanged" \
	|| not_ok "the read-only database is unchanged"
chmod 644 "$ISMS_DB"

# A truncated database file.
run init --org Bigger --edition 2022
for i in $(seq 1 40); do printf 'password%d\n' "$i" | "$ISMS" user add "user$i" --display-name "$(printf 'x%.0s' {1..300})" >/dev/null 2>&1; done
"$ISMS" log verify >/dev/null
size=$(stat -c %s "$ISMS_DB")
head -c $((size / 2)) "$ISMS_DB" >"$T/trunc.db"
cp "$T/trunc.db" "$T/trunc.orig"
run --db "$T/trunc.db" status
[ "$rc" -ne 0 ] && ok "a truncated database is refused (exit $rc)" || not_ok "a truncated database is refused"
expect_err 'is damaged|is not an isms database' "with a clear message"
run --db "$T/trunc.db" init --org New --edition 2022
[ "$rc" -ne 0 ] && ok "and cannot be written" || not_ok "and cannot be written"
expect_same "$T/trunc.db" "$T/trunc.orig" "the truncated file is unchanged"

# A database from a newer isms.
run init --org Future --edition 2022
sqlite3 "$ISMS_DB" "INSERT INTO schema_version VALUES (9999, 'later')"
sum=$(sha256sum "$ISMS_DB")
run status
expect_rc 8 "a database from a newer isms exits 8"
expect_err 'is from a newer version of isms' "and says so"
run init --org Later --edition 2022
expect_rc 8 "and is not written"
[ "$(sha256sum "$ISMS_DB")" = "$sum" ] && ok "the newer database is untouched" \
	|| not_ok "the newer database is untouched"

run --db postgres://localhost/isms list
expect_rc 7 "a PostgreSQL URL exits 7"
expect_err 'not built with PostgreSQL support' "and says PostgreSQL is not built in"

run --db "$T/missing.db" status
expect_rc 4 "status on a missing database exits 4"
expect_err 'does not exist' "and says it does not exist"
[ ! -e "$T/missing.db" ] && ok "and does not create it" || not_ok "and does not create it"

run frobnicate
expect_rc 2 "an unknown command exits 2"
run --format xml list
expect_rc 2 "an unknown format exits 2"
run --lang fr status
expect_rc 2 "an unknown language exits 2"

done_testing
