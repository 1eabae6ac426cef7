#!/usr/bin/env bash
# run.sh - the browser tests as ctest runs them (TAP on standard output):
# playwright-core installed when needed, then the journey in Debian's
# chromium against a real "isms serve" ($ISMS) on 127.0.0.1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for tool in node npm python3 unzip; do
	command -v "$tool" >/dev/null || { echo "Bail out! $tool is missing: run scripts/setup.sh"; exit 1; }
done
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "Bail out! $chromium is missing: run scripts/setup.sh"; exit 1; }
# playwright-core comes from the npm registry. Where the registry cannot
# be reached, the journey is skipped (exit 77) with the reason, except in
# CI, where it must run: there a failed install fails the test.
if ! "$here/install.sh"; then
	if [ -n "${CI:-}" ]; then
		echo "Bail out! playwright-core could not be installed from the npm registry"
		exit 1
	fi
	echo "1..0 # SKIP playwright-core could not be installed from the npm registry (see the npm error above)"
	exit 77
fi
export CHROMIUM=$chromium
exec node "$here/journey.mjs"
