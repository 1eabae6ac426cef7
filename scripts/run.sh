#!/usr/bin/env bash
# run.sh - build isms and run it on its embedded default: a demo ISMS in a
# SQLite file (demo/isms.db, made anew each time), then show its status.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dir=$(scripts/build.sh | tail -1)
isms="$PWD/$dir/isms"
mkdir -p demo
rm -f demo/isms.db demo/isms.db-wal demo/isms.db-shm
export ISMS_DB="$PWD/demo/isms.db"
"$isms" --as demo init --org "株式会社サンプルソフト" --name sample --edition 2022 --lang ja
printf 'demo-password\n' | "$isms" --as demo user add manager --display-name "ISMS事務局" --role manager >/dev/null
"$isms" --lang ja status
echo
echo "isms: $isms"
echo "database: $ISMS_DB (export ISMS_DB=$ISMS_DB to keep using it)"
