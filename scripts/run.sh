#!/usr/bin/env bash
# run.sh - build isms and run it on its embedded default: a demo ISMS in a
# SQLite file (demo/isms.db, made anew each time) filled in through all ten
# steps, then show its status and write its document set (demo/docs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dir=$(scripts/build.sh | tail -1)
isms="$PWD/$dir/isms"
mkdir -p demo
rm -f demo/isms.db demo/isms.db-wal demo/isms.db-shm
export ISMS_DB="$PWD/demo/isms.db"
# The demo company through all ten steps (isms demo), in Japanese.
"$isms" --as demo --lang ja demo --name sample
printf 'demo-password\n' | "$isms" --as demo user add manager --display-name "ISMS事務局" --role manager >/dev/null
"$isms" --lang ja status
# Every artefact of the ten steps as PDF and XLSX, with an index.
"$isms" --lang ja export --dir demo/docs >/dev/null ||
	echo "run.sh: some artefacts of the document set are missing (see above)" >&2
echo
echo "isms: $isms"
echo "database: $ISMS_DB (export ISMS_DB=$ISMS_DB to keep using it)"
echo "documents: $PWD/demo/docs/index.html"
