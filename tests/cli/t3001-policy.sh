#!/usr/bin/env bash
# isms policy: templates in both languages, $EDITOR, files, versions, approval and bad input.
. "$(dirname "$0")/lib.sh"

run init --org "Example Corp" --edition 2022 --lang ja
printf 'secret-pass\n' | "$ISMS" user add boss --role approver >/dev/null

run policy template
expect_rc 0 "the template in the ISMS's language (Japanese)"
expect_out "^# Example Corp 情報セキュリティ基本方針$" "titled with the organisation"
for h in "## 1. 目的" "## 2. 情報セキュリティ目的の枠組み" "## 3. 経営陣のコミットメント" \
	"## 4. 法令、規制及び契約上の要求事項" "## 5. 責任" "## 6. 見直し"; do
	expect_out "^$h$" "the Japanese template covers \"$h\""
done
[ "$(grep -c '{{' <<<"$out")" -eq 0 ] && ok "no placeholder is left" || not_ok "no placeholder is left"
run policy template --template en
for h in "## 1. Purpose" "## 2. Framework for information security objectives" \
	"## 3. Management's commitment" "## 4. Legal, regulatory and contractual requirements" \
	"## 5. Responsibilities" "## 6. Review"; do
	expect_out "^$h$" "the English template covers \"$h\""
done
run policy template --template fr
expect_rc 2 "an unknown template language is a usage error"

run policy show
expect_rc 4 "show before any policy exits 4"
expect_err "the ISMS policy has not been written yet" "and says so"

# edit starts from the template; an editor that only saves keeps it.
EDITOR=true run policy edit
expect_rc 0 "edit saves the template as it is"
expect_out "version 1" "as version 1"
run policy show
expect_out "経営陣のコミットメント" "the Japanese template is the policy"
cat >"$T/ed.sh" <<'SH'
#!/bin/sh
printf '\n## 7. Exceptions\n\nApproved by the CISO.\n' >>"$1"
SH
chmod +x "$T/ed.sh"
EDITOR="$T/ed.sh" run policy edit
expect_out "version 2" "an edit makes version 2"
run policy show
expect_out "^## 7. Exceptions$" "with the edit"
run policy show --version 1
[ "$(grep -c '7. Exceptions' <<<"$out")" -eq 0 ] && ok "version 1 is unchanged" || not_ok "version 1 is unchanged"

printf '# Policy\r\n\r\nText.\r\n' >"$T/p.md"
run policy set --file "$T/p.md"
expect_out "version 3" "set --file saves version 3"
printf '# Policy\n\nText.\n\n\n' >"$T/p2.md"
run policy set --file "$T/p2.md"
expect_out "unchanged" "line endings and trailing blank lines do not make a new version"

run policy approve
expect_rc 6 "a non-approver cannot approve"
run --as boss policy approve --reject --comment "add the objectives"
expect_out "rejected by boss" "a rejection is recorded"
run --as boss policy approve
expect_out "Version 3 of the policy is approved by boss" "then an approval"
run --format json policy show
python3 - "$out" <<'PY' && ok "JSON: version, approval and body" || not_ok "JSON: version, approval and body"
import json, sys
d = json.loads(sys.argv[1])
assert d["version"] == 3 and d["approval"] == "current" and d["body"] == "# Policy\n\nText.\n"
PY
run policy history
expect_out "^ +3 .* boss " "history shows the approved version"
run status
expect_out "\[A\]  2\. Write the ISMS policy" "status: step 2 approved"

# Bad input.
printf '   \n\n' >"$T/empty.md"
run policy set --file "$T/empty.md"
expect_rc 3 "an empty policy exits 3"
expect_err "the policy is empty" "and says so"
printf 'ok\nbad\001here\n' >"$T/ctl.md"
run policy set --file "$T/ctl.md"
expect_err "ctl.md:2:4: the file contains a control character \(0x01\)" "a control character, with line and column"
head -c 600000 /dev/zero | tr '\0' 'x' >"$T/big.md"
run policy set --file "$T/big.md"
expect_rc 3 "a file over the limit exits 3"
expect_err "too large" "and says so"
run policy set --file "$T/none.md"
expect_rc 7 "a missing file exits 7"
[ "$(sqlite3 "$ISMS_DB" 'SELECT MAX(version) FROM policy_version')" = 3 ] && ok "no bad file made a version" \
	|| not_ok "no bad file made a version"
run --lang ja policy set --file "$T/empty.md"
expect_err "基本方針が空です" "errors in Japanese"

done_testing
