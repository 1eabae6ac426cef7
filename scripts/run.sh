#!/usr/bin/env bash
# run.sh - build isms, make the demo ISMS (demo/isms.db, anew each time)
# filled in through all ten steps, write its document set (demo/docs), and
# start the web application on http://127.0.0.1:8080/ in the foreground
# (Ctrl-C stops it). Two demo logins are set up and printed: demo-manager,
# the ISMS manager, and demo-ceo, top management who approves.
#
#   ISMS_LISTEN=127.0.0.1:9090 scripts/run.sh     another address
#   ISMS_DEMO_PASSWORD=…        scripts/run.sh     a password of your choice
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dir=$(scripts/build.sh | tail -1)
isms="$PWD/$dir/isms"
listen=${ISMS_LISTEN:-127.0.0.1:8080}
mkdir -p demo
rm -f demo/isms.db demo/isms.db-wal demo/isms.db-shm
export ISMS_DB="$PWD/demo/isms.db"
# The demo company through all ten steps (isms demo), in Japanese.
"$isms" --as demo --lang ja demo --name sample
# A password for both demo users: random unless given.
password=${ISMS_DEMO_PASSWORD:-demo-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')}
for user in demo-manager demo-ceo; do
	printf '%s\n' "$password" | "$isms" --isms sample user passwd "$user" >/dev/null
done
"$isms" --lang ja status
# Every artefact of the ten steps as PDF and XLSX, with an index.
"$isms" --lang ja export --dir demo/docs >/dev/null ||
	echo "run.sh: some artefacts of the document set are missing (see above)" >&2
cat <<EOF

isms: $isms
database: $ISMS_DB (export ISMS_DB=$ISMS_DB to use it with the command line)
documents: $PWD/demo/docs/index.html

The web application, on the demo ISMS "sample":
  open      http://$listen/
  log in as demo-manager   (the ISMS manager: edits every step)
         or demo-ceo       (top management: approves and authorises)
  password  $password
Ctrl-C stops the server.

EOF
exec "$isms" serve --listen "$listen"
