#!/usr/bin/env bash
# isms serve: its options, the route table, and refusing what it cannot use.
. "$(dirname "$0")/lib.sh"

run serve -h
expect_rc 0 "serve -h"
expect_out "--listen HOST:PORT" "the help names --listen"
expect_out "--session-idle" "and the session timeouts"

run serve --list-routes
expect_rc 0 "--list-routes needs no database"
[ ! -e "$ISMS_DB" ] && ok "and creates none" || not_ok "and creates none"
expect_out "^GET	/isms/\{isms:id\}	login,isms	viewer	" "the dashboard needs a login and the viewer role"
expect_out "^POST	/isms/\{isms:id\}/users	login,write,isms	admin	name\*,display_name,password\*,role\*	" \
	"adding a user is a write for admins, with its fields"
expect_out "^GET	/api/v1/openapi.json	api	" "the OpenAPI document is public"
expect_out "^POST	/api/v1/account/tokens	api,login,write,session	" \
	"an API token cannot make tokens: it needs a login session"
expect_out "^PUT	/api/v1/account/password	api,login,write,session	" "nor change the password"
if awk -F'\t' '$3 ~ /write/ && $3 !~ /isms|admin/ { print $2 }' <<<"$out" | grep -qvE '^(/login|/setup|/logout|/account/|/api/v1/(login|logout|account/))'; then
	not_ok "every writing route outside an account needs a role"
else
	ok "every writing route outside an account needs a role"
fi

run serve --threads 1
expect_rc 2 "--threads 1 is refused"
expect_err "--threads needs a number from 2 to 256" "and says why"
run serve --max-body 10G
expect_rc 2 "--max-body 10G is refused"
run serve --max-body 12Q
expect_rc 2 "--max-body 12Q is refused"
run serve --listen nowhere
expect_rc 2 "a listen address without a port is refused"
expect_err "cannot use the listen address" "and named"
run serve --listen 127.0.0.1:99999
expect_rc 2 "a port above 65535 is refused"
run serve extra
expect_rc 2 "arguments are refused"
run serve --max-buffered 1K
expect_rc 2 "--max-buffered below 64K is refused"
expect_err "--max-buffered needs a size from 64K" "and says why"
run serve --header-timeout 0
expect_rc 2 "--header-timeout 0 is refused"
run serve -h
expect_out "--max-per-ip N .*default: 32" "one address holds 32 connections unless told otherwise"
expect_out "--header-timeout SECONDS" "and slow headers have their own timeout"

# A port that is taken cannot be listened on.
python3 -c 'import socket,time,sys; s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(30)' >"$T/port" &
holder=$!
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
run serve --listen "127.0.0.1:$(cat "$T/port")"
expect_rc 1 "a port in use is an error"
expect_err "cannot listen on" "that says so"
kill $holder 2>/dev/null; wait $holder 2>/dev/null

run --lang ja serve --threads 1
expect_err "2 から 256" "errors in Japanese"

done_testing
