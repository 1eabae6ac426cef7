#!/usr/bin/env bash
# isms catalog import of OSCAL: the NIST SP 800-53 rev. 5 LOW catalogue, re-import and versions.
. "$(dirname "$0")/lib.sh"

NIST=$ISMS_SOURCE_DIR/../shared/reference/oscal/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog-min.json
if [ ! -f "$NIST" ]; then
	echo "1..0 # SKIP the reference catalogue $NIST is absent"
	exit 0
fi

run init --org Acme --edition 2022
run init --org Other --name other --edition 2013
run catalog import "$NIST" --id nist-low
expect_rc 0 "the NIST LOW catalogue imports"
expect_out '^Imported catalogue "nist-low" version "5\.1\.1\+u4" into "Acme": 18 groups, 131 controls, 18 enhancements\.$' "with exactly 18 groups, 131 controls and 18 enhancements"

run --format csv catalog list
expect_out "^nist-low,5\.1\.1\+u4,NIST Special Publication 800-53 Revision 5\.1\.1 LOW IMPACT BASELINE,oscal,0,0,0,18,131,18,0,20" "catalog list counts it per kind"
run --isms other --format csv catalog list
if grep -q nist-low <<<"$out"; then not_ok "another ISMS does not see it"; else ok "another ISMS does not see it"; fi
run --isms other catalog show nist-low
expect_rc 4 "and cannot open it"

run --format csv catalog show nist-low
[ "$(grep -c '^enhancement,' <<<"$out")" -eq 18 ] && ok "show lists 18 enhancements" || not_ok "show lists 18 enhancements"
expect_out "^control,ac-2,AC-2,ac,Account Management,active," "labels come from the label prop"
expect_out "^enhancement,ia-2\.1,IA-2\(1\),ia-2,.*Multi-factor Authentication to Privileged Accounts" "enhancements sit under their control"
run catalog show nist-low --tree
expect_out "^ac +Access Control +group" "tree: the family at the top"
expect_out "^  AC-2 +Account Management +control" "tree: its controls under it"
expect_out "^    IA-2\(1\) " "tree: enhancements under their control"

run control show AC-2 --catalog nist-low
expect_rc 0 "control show finds a control of an imported catalogue by its label"
expect_out "^c\. Require \[Assignment: prerequisites and criteria\] for group and role membership;" "statement prose with the parameters resolved"
expect_out "^  1\. Authorized users of the system;" "nested statement items indented"
expect_out "^Examples of system account types include" "guidance prose"
if grep -q '{{' <<<"$out"; then not_ok "no insert is left"; else ok "no insert is left"; fi
run control show ac-1 --catalog nist-low
expect_out "\[Selection \(one or more\): organization-level; mission/business process-level; system-level\]" "a selection parameter lists its choices"
run control search account management --catalog nist-low
expect_out "^nist-low +AC-2 +Account Management" "search in an imported catalogue"

# Re-import: the same identifier and version is updated in place.
run catalog import "$NIST" --id nist-low
expect_rc 0 "import again"
expect_out '^Updated catalogue "nist-low" version "5\.1\.1\+u4"' "and it says it updated"
[ "$(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM catalog WHERE ident = 'nist-low'")" = 1 ] && ok "still one catalogue" || not_ok "still one catalogue"
[ "$(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM catalog_item")" = 167 ] && ok "with 167 items, not twice as many" || not_ok "with 167 items"

# A new version is kept beside the old one.
run catalog import "$NIST" --id nist-low --version 5.2-draft
expect_out '^Imported catalogue "nist-low" version "5\.2-draft"' "a new version is imported"
run --format csv catalog list
[ "$(grep -c '^nist-low,' <<<"$out")" -eq 2 ] && ok "both versions are listed" || not_ok "both versions are listed"
run catalog show nist-low --version 5.1.1+u4
expect_rc 0 "the old version is still there"
run catalog show nist-low --version 9
expect_rc 4 "an unknown version exits 4"
expect_err 'no catalogue "nist-low" in version "9"' "and says which"

# Without --id the identifier comes from the file name.
run catalog import "$NIST"
expect_out '^Imported catalogue "nist_sp-800-53_rev5_low-baseline-resolved-profile_catalog-min"' "the identifier of last resort is the file name"

run --format csv log --entity catalog
[ "$(grep -c ',catalog,nist-low@' <<<"$out")" -eq 3 ] && ok "every import is in the audit log" || not_ok "every import is in the audit log"
run log verify
expect_rc 0 "and the log chain holds"

done_testing
