#!/usr/bin/env bash
# isms scope: the file format, versions, $EDITOR, approval, and every bad input with its position.
. "$(dirname "$0")/lib.sh"
FX=${ISMS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fixtures/soa

run init --org "Example Corp" --edition 2022
printf 'secret-pass\n' | "$ISMS" user add boss --role approver >/dev/null

run scope show
expect_rc 4 "show before any scope exits 4"
expect_err "the scope has not been written yet" "and says so"
expect_err "isms scope edit" "with a hint"

run scope set --file "$FX/scope-en.md"
expect_rc 0 "set --file saves the scope"
expect_out "Saved the scope as version 1" "as version 1"
run scope set --file "$FX/scope-en.md"
expect_out "unchanged \(version 1\)" "the same file again makes no new version"

run scope show
expect_rc 0 "show"
tail -n +2 <<<"$out" >"$T/shown.md"
expect_same "$T/shown.md" "$FX/scope-en.golden.md" "show prints the golden Markdown (after its version line)"
expect_out "^<!-- version 1, saved .* by .*; not approved -->" "the first line says the version and approval"
run scope set --file "$T/shown.md"
expect_out "unchanged" "what show prints reads back as the same scope"

run --format json scope show
python3 - "$out" <<'PY' && ok "JSON has the structured fields" || not_ok "JSON has the structured fields"
import json, sys
d = json.loads(sys.argv[1])
assert d["version"] == 1 and d["organisation"] == "Example Corp"
assert [u["name"] for u in d["units"]] == ["Development", "Operations", "Administration"]
assert d["sites"][0] == {"name": "Head office", "detail": "1-2-3 Kanda, Chiyoda-ku, Tokyo"}
assert d["exclusions"][0]["justification"].startswith("Sales only")
assert d["interfaces"][0]["name"] == "Cloud provider"
assert d["approval"] == "none"
PY

# Approval: only an approver.
run scope approve
expect_rc 6 "approval by a non-approver exits 6"
expect_err "is not an approver of this ISMS" "and says why"
run --as boss scope approve --comment "looks right"
expect_rc 0 "the approver approves"
expect_out "Version 1 of the scope is approved by boss" "and is named"
run scope show
expect_out "; approved -->" "show says approved"
run status
expect_out "\[A\]  1\. Define the scope" "status: step 1 approved"

# $EDITOR: a second version; the first stays readable.
cat >"$T/ed.sh" <<'SH'
#!/bin/sh
sed -i 's/^- Administration$/- Administration: HR and accounting/' "$1"
SH
chmod +x "$T/ed.sh"
EDITOR="$T/ed.sh" run scope edit
expect_rc 0 "edit through \$EDITOR"
expect_out "version 2" "saves version 2"
run scope show
expect_out "^- Administration: HR and accounting$" "with the edit"
expect_out "approval stale" "and the approval is stale"
run scope show --version 1
expect_out "^- Administration$" "version 1 is unchanged"
run scope history
expect_out "^ +1 .* boss " "history: version 1 approved by boss"
expect_out "^ +2 " "history: version 2"
EDITOR=true run scope edit
expect_out "not changed; nothing was saved" "an editor that changes nothing saves nothing"
EDITOR=false run scope edit
expect_rc 7 "a failing editor exits 7"
expect_err 'the editor "false" failed' "and says so"

# Bad files: each names the file, line and column, and saves nothing.
before=$(sqlite3 "$ISMS_DB" 'SELECT COUNT(*) FROM scope_version')
printf '## Organisation\nX\n## Exclusions\n- Lab\n' >"$T/b1.md"
run scope set --file "$T/b1.md"
expect_rc 3 "an exclusion without justification exits 3"
expect_err "b1.md:4:3: the exclusion \"Lab\" has no justification" "with file, line and column"
printf '## Organisation\nX\n\n## Budget\n' >"$T/b2.md"
run scope set --file "$T/b2.md"
expect_err "b2.md:4:4: unknown section \"Budget\"" "an unknown section, with its position"
printf '## Organisation\nX\n## Sites\nHQ\n' >"$T/b3.md"
run scope set --file "$T/b3.md"
expect_err "b3.md:4:1: expected a list item" "text in a list section"
printf '## Organisation\nX\n## Sites\n- 本社：\xff\n' >"$T/b4.md"
run scope set --file "$T/b4.md"
expect_err "b4.md:4:6: the file is not valid UTF-8" "invalid UTF-8, column in characters"
printf '## Units\n- A\n' >"$T/b5.md"
run scope set --file "$T/b5.md"
expect_err "names no organisation" "no organisation"
head -c 300000 /dev/zero | tr '\0' 'a' >"$T/big.md"
run scope set --file "$T/big.md"
expect_rc 3 "a file over the limit exits 3"
expect_err "too large" "and says so"
run scope set --file "$T/missing.md"
expect_rc 7 "a missing file exits 7"
run scope set
expect_rc 2 "set without --file is a usage error"
run scope show --version x
expect_rc 2 "--version needs a number"
run scope show --version 9
expect_rc 4 "an unknown version exits 4"
[ "$(sqlite3 "$ISMS_DB" 'SELECT COUNT(*) FROM scope_version')" = "$before" ] \
	&& ok "no bad file made a version" || not_ok "no bad file made a version"

# Japanese headings are read, and written in Japanese.
run --lang ja scope set --file "$FX/scope-ja.md"
expect_rc 0 "a scope with Japanese headings"
run --lang ja scope show
expect_out "^## 拠点$" "shown with Japanese headings"
expect_out "^- 本社: 東京都千代田区神田1-2-3$" "the full-width colon separates name and detail"
run --lang ja scope show --version 9
expect_err "適用範囲に第9版はありません" "errors are in Japanese"

done_testing
