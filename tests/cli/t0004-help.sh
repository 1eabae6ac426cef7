#!/usr/bin/env bash
# Every command and subcommand answers -h and --help; the help is translated.
. "$(dirname "$0")/lib.sh"

run --list-commands
expect_rc 0 "the command table can be listed"
[ "$(grep -c . <<<"$out")" -ge 8 ] && ok "it has the commands" || not_ok "it has the commands"
while read -r path; do
	# shellcheck disable=SC2086
	run $path -h
	if [ "$rc" -eq 0 ] && grep -q "^usage: isms" <<<"$out"; then ok "isms $path -h"; else
		not_ok "isms $path -h (exit $rc)"; echo "# $out $err" | head -5; fi
	# shellcheck disable=SC2086
	run $path --help
	[ "$rc" -eq 0 ] && ok "isms $path --help" || not_ok "isms $path --help (exit $rc)"
	# shellcheck disable=SC2086
	run --lang ja $path -h
	grep -q "^使い方: isms" <<<"$out" && ok "isms $path -h in Japanese" || not_ok "isms $path -h in Japanese"
done < <("$ISMS" --list-commands)
[ ! -e "$ISMS_DB" ] && ok "help never creates a database" || not_ok "help never creates a database"

run -h
expect_rc 0 "isms -h"
expect_out "Exit status" "the main help documents the exit codes"
run
expect_rc 2 "isms without a command exits 2"
run help status
expect_out "usage: isms status" "isms help COMMAND"
run --version
expect_out "^isms [0-9]+\.[0-9]+" "--version"
run user
expect_rc 2 "a command group without a subcommand exits 2"
run user frob
expect_rc 2 "an unknown subcommand exits 2"
expect_err 'unknown subcommand "frob"' "and names it"

done_testing
