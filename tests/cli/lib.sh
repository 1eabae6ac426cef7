# lib.sh - TAP helpers for the CLI tests (sourced by tests/cli/t*.sh).
#
# Each test script gets a fresh directory ($T) with ISMS_DB pointing into
# it, and runs the real program ($ISMS, set by ctest; else build/isms).
# Checks print "ok N - …" or "not ok N - …"; `done_testing` prints the plan
# and exits non-zero when anything failed.
set -u
ISMS=${ISMS:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/isms}
T=$(mktemp -d "${TMPDIR:-/tmp}/isms-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
export ISMS_DB="$T/isms.db"
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE=
cd "$T"
_n=0
_failed=0

ok() { _n=$((_n + 1)); echo "ok $_n - $*"; }
not_ok() { _n=$((_n + 1)); _failed=$((_failed + 1)); echo "not ok $_n - $*"; }

# run CMD...: runs isms with the arguments; sets $out, $err and $rc.
run() {
	out=$("$ISMS" "$@" 2>"$T/.stderr") && rc=0 || rc=$?
	err=$(cat "$T/.stderr")
}

# expect_rc N DESCRIPTION
expect_rc() {
	if [ "$rc" -eq "$1" ]; then ok "$2"; else
		not_ok "$2 (exit $rc, expected $1)"
		printf '# stdout: %s\n# stderr: %s\n' "$out" "$err" | head -20
	fi
}

# expect_out PATTERN DESCRIPTION (grep -E on stdout)
expect_out() {
	if grep -qE -- "$1" <<<"$out"; then ok "$2"; else
		not_ok "$2 (stdout lacks /$1/)"
		printf '# stdout: %s\n# stderr: %s\n' "$out" "$err" | head -20
	fi
}

# expect_err PATTERN DESCRIPTION (grep -E on stderr)
expect_err() {
	if grep -qE -- "$1" <<<"$err"; then ok "$2"; else
		not_ok "$2 (stderr lacks /$1/)"
		printf '# stderr: %s\n' "$err" | head -20
	fi
}

# expect_same FILE1 FILE2 DESCRIPTION
expect_same() {
	if cmp -s "$1" "$2"; then ok "$3"; else not_ok "$3 ($1 and $2 differ)"; fi
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
