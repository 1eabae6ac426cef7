#!/usr/bin/env bash
# setup.sh - install what isms needs to build and test on Debian 12, once.
#
# Idempotent and quiet when everything is present. Installs the missing
# Debian packages (as root, or through sudo) and generates the ja_JP.UTF-8
# and en_US.UTF-8 locales. Called by scripts/run.sh and scripts/test.sh.
set -euo pipefail

packages=(
	# build
	build-essential cmake ninja-build pkg-config gettext
	# libraries
	libsqlite3-dev libjansson-dev libsodium-dev libcmocka-dev libmicrohttpd-dev
	libxlsxwriter-dev libzip-dev libexpat1-dev libcsv-dev libcairo2-dev libpango1.0-dev zlib1g-dev
	libfontconfig-dev fonts-noto-cjk
	# tests and locales
	sqlite3 locales util-linux procps python3 curl poppler-utils
	# benchmarks (bench/risk.sh measures peak memory with /usr/bin/time)
	time
	# browser tests (tests/browser): Debian's chromium, driven by playwright-core from npm
	chromium unzip
)
# Node and npm for playwright-core: Debian's, unless this machine has its own.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	packages+=(nodejs npm)
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null && sudo="sudo" || {
		echo "setup: run as root (or install sudo) to install packages" >&2
		exit 1
	}
fi

missing=()
for p in "${packages[@]}"; do
	[[ $p == \#* ]] && continue
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[[ $status == "install ok installed" ]] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A fresh Debian has only the C and POSIX locales; isms speaks Japanese and
# English through ja_JP.UTF-8 and en_US.UTF-8.
need_locales=()
have=$(locale -a 2>/dev/null | tr 'A-Z' 'a-z')
grep -qx 'ja_jp.utf8' <<<"$have" || need_locales+=("ja_JP.UTF-8 UTF-8")
grep -qx 'en_us.utf8' <<<"$have" || need_locales+=("en_US.UTF-8 UTF-8")
if [ ${#need_locales[@]} -gt 0 ]; then
	echo "setup: generating locales ${need_locales[*]}"
	for l in "${need_locales[@]}"; do
		grep -qx "$l" /etc/locale.gen 2>/dev/null || echo "$l" | $sudo tee -a /etc/locale.gen >/dev/null
	done
	$sudo locale-gen >/dev/null
fi
