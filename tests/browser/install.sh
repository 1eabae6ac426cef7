#!/usr/bin/env bash
# install.sh - install the npm packages of the browser tests (playwright-core,
# exactly as package-lock.json pins it) into tests/browser/node_modules.
# No browser is ever downloaded: the tests drive Debian's chromium. Quiet and
# quick when they are installed already.
set -euo pipefail
cd "$(dirname "$0")"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ -f node_modules/playwright-core/package.json ] && [ node_modules/.isms-installed -nt package-lock.json ]; then
	exit 0
fi
command -v npm >/dev/null || { echo "install.sh: npm is missing: run scripts/setup.sh" >&2; exit 1; }
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2
touch node_modules/.isms-installed
