#!/usr/bin/env bash
# Users, passwords (Argon2id) and per-ISMS roles.
. "$(dirname "$0")/lib.sh"

run init --org Acme --edition 2022
run init --org Beta --edition 2013
printf 'correct horse\n' | "$ISMS" user add alice --display-name "山田 花子" --role manager >"$T/o" 2>"$T/e"
[ $? -eq 0 ] && ok "user add reads the password from standard input" || { not_ok "user add"; cat "$T/e"; }
grep -q 'is manager in "Acme"' "$T/o" && ok "and gives the role in the default ISMS" || not_ok "role message ($(cat "$T/o"))"
hash=$(sqlite3 "$ISMS_DB" "SELECT pwhash FROM app_user WHERE name = 'alice'")
[[ $hash == '$argon2id$'* ]] && ok "the password is stored as an Argon2id hash" || not_ok "argon2id hash ($hash)"
grep -q 'correct horse' "$ISMS_DB" && not_ok "the password is not in the file" || ok "the password is not in the file"

run --format csv user list
expect_out '^alice,山田 花子,manager,true,' "list shows the role in the default ISMS"
run --isms Beta --format csv user list
expect_out '^alice,山田 花子,,true,' "and no role in the other ISMS"
run --isms Beta user role alice auditor
expect_rc 0 "role gives a role in another ISMS"
run --isms Beta --format csv user list
expect_out '^alice,.*,auditor,' "which shows there"
run --format csv user list
expect_out '^alice,.*,manager,' "without changing the first"
run user role alice none
run --format csv user list
expect_out '^alice,山田 花子,,true' "role none takes the role away"

printf 'short\n' | "$ISMS" user add bob >/dev/null 2>"$T/e"; rc=$?
[ $rc -eq 3 ] && ok "a short password exits 3" || not_ok "a short password exits 3 (got $rc)"
grep -q "password must have 8" "$T/e" && ok "and says how long it must be" || not_ok "password length message"
[ "$(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM app_user WHERE name = 'bob'")" = 0 ] && ok "and adds no user" || not_ok "and adds no user"
printf 'whatever123\n' | "$ISMS" user add alice >/dev/null 2>"$T/e"; rc=$?
[ $rc -eq 5 ] && ok "a duplicate user exits 5" || not_ok "a duplicate user exits 5 (got $rc)"
printf 'whatever123\n' | "$ISMS" user add 'bad name!' >/dev/null 2>"$T/e"; rc=$?
[ $rc -eq 3 ] && ok "an invalid user name exits 3" || not_ok "invalid user name ($rc)"
run user role alice emperor
expect_rc 2 "an unknown role exits 2"
run user role nobody viewer
expect_rc 4 "a role for an unknown user exits 4"
run user add carol --no-password
expect_rc 0 "a user without a password"
run --format csv user list
expect_out '^carol,,,false,' "shows as having no password"

printf 'new password 1\n' | "$ISMS" user passwd alice >/dev/null 2>&1 && ok "passwd changes the password" || not_ok "passwd"
[ "$(sqlite3 "$ISMS_DB" "SELECT pwhash FROM app_user WHERE name = 'alice'")" != "$hash" ] && ok "the hash changed" || not_ok "the hash changed"
run --format csv log --entity user
expect_out ',user,alice,passwd,,' "the log records the password change without values"

done_testing
