#!/usr/bin/env bash
# Regenerate po/isms.pot from the sources and merge it into po/ja.po.
# Run after adding or changing user-facing strings, then translate the new
# or fuzzy entries of po/ja.po.
set -euo pipefail
cd "$(dirname "$0")/.."
find lib cli web -name '*.c' | sort >po/.files
xgettext --from-code=UTF-8 --language=C -k_ -kN_ -k_n:1,2 --add-comments=TRANSLATORS \
	--package-name=isms --msgid-bugs-address=none -o po/isms.pot -f po/.files
rm -f po/.files
# Fold in the fragments written alongside features (po/ja-*.po).
shopt -s nullglob
frags=(po/ja-*.po)
if [ ${#frags[@]} -gt 0 ]; then
	msgcat --use-first -o po/ja.po.new po/ja.po "${frags[@]}"
	mv po/ja.po.new po/ja.po
	rm -f "${frags[@]}"
fi
msgmerge --quiet --update --backup=none --no-fuzzy-matching po/ja.po po/isms.pot
