#!/usr/bin/env bash
# isms catalog import of bad files: each gets a clear error with its position, and nothing is imported.
. "$(dirname "$0")/lib.sh"

run init --org Acme --edition 2022
log_before=$(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM audit_log")
nothing_imported() {
	if [ "$(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM catalog") $(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM catalog_item") $(sqlite3 "$ISMS_DB" "SELECT COUNT(*) FROM audit_log")" = "0 0 $log_before" ]; then
		ok "$1: nothing imported, nothing logged"
	else
		not_ok "$1: nothing imported, nothing logged"
	fi
}

# Malformed JSON: the line and column of the fault.
printf '{\n  "catalog": {\n    "metadata": ,\n  }\n}\n' >"$T/broken.json"
run catalog import "$T/broken.json"
expect_rc 3 "malformed JSON exits 3"
expect_err "broken\.json:3:17: the file is not valid JSON" "with the file, line and column"
expect_err "detail: The JSON parser says: unexpected token" "and what the parser saw"
nothing_imported "malformed JSON"

# Valid JSON that is not a catalogue.
PROFILE=$ISMS_SOURCE_DIR/../shared/reference/oscal/NIST_SP-800-53_rev5_LOW-baseline_profile.json
if [ -f "$PROFILE" ]; then cp "$PROFILE" "$T/profile.json"; else
	printf '{"profile": {"uuid": "x", "imports": []}}\n' >"$T/profile.json"; fi
run catalog import "$T/profile.json"
expect_rc 3 "an OSCAL profile exits 3"
expect_err "the JSON document is not a catalogue" "and says it is not a catalogue"
expect_err "It is an OSCAL profile, not an OSCAL catalog" "and what it is instead"
printf '{"name": "something else"}\n' >"$T/other.json"
run catalog import "$T/other.json"
expect_rc 3 "some other JSON exits 3"
expect_err 'neither a "catalog" object \(OSCAL\) nor an "isms-catalog" object' "and says what was looked for"
nothing_imported "not a catalogue"

# Duplicate control IDs, in OSCAL and in TSV.
cat >"$T/dup.json" <<'JSON'
{"catalog": {"uuid": "11111111-2222-4333-8444-555555555555",
  "metadata": {"title": "Dup", "version": "1", "oscal-version": "1.1.2"},
  "groups": [{"id": "g", "title": "G", "controls": [
    {"id": "c-1", "title": "One"},
    {"id": "c-2", "title": "Two", "controls": [{"id": "c-1", "title": "One again"}]}]}]}}
JSON
run catalog import "$T/dup.json"
expect_rc 3 "duplicate control IDs exit 3"
expect_err 'duplicate ID "c-1"' "and name the ID"
expect_err 'field: catalog\.groups\[0\]\.controls\[1\]\.controls\[0\]\.id' "and where the second one is"
expect_err 'used before, at catalog\.groups\[0\]\.controls\[0\]' "and where the first one is"
printf '%%catalog\tdup\n%%version\t1\nkind\tid\tparent\ttitle_en\ttitle_ja\tja_status\tdesc_en\tdesc_ja\ncontrol\tX.1\t\tOne\t\t\t\t\ncontrol\tX.1\t\tTwo\t\t\t\t\n' >"$T/dup.tsv"
run catalog import "$T/dup.tsv"
expect_rc 3 "duplicate IDs in TSV exit 3"
expect_err 'dup\.tsv:5: duplicate ID "X\.1"' "with the file and line"
nothing_imported "duplicate IDs"

# Over the size limit (a sparse file: nothing is written).
truncate -s $((32 * 1024 * 1024 + 1)) "$T/huge.json"
run catalog import "$T/huge.json"
expect_rc 3 "a file over 32 MiB exits 3"
expect_err "huge\.json: the file is too large" "and says it is too large"
expect_err "the limit for a catalogue is 32 MiB" "and what the limit is"
nothing_imported "too large"

# A CSV with a missing column.
printf 'kind,id,parent,title_en,title_ja,ja_status,desc_ja\r\ncontrol,X-1,,One,,,\r\n' >"$T/missing.csv"
run catalog import "$T/missing.csv" --version 1
expect_rc 3 "a CSV with a missing column exits 3"
expect_err 'missing\.csv:1: the column "desc_en" is missing from the header' "and names the column and the line"
expect_err "field: desc_en" "and the field"
printf 'kind,id,parent,title_en,title_ja,ja_status,desc_en,desc_ja\r\ncontrol,"X-1,,One,,,,\r\n' >"$T/quote.csv"
run catalog import "$T/quote.csv" --version 1
expect_rc 3 "a CSV with an unclosed quote exits 3"
expect_err "malformed CSV" "and says the CSV is malformed"
printf 'kind,id,parent,title_en,title_ja,ja_status,desc_en,desc_ja\r\ngadget,X-1,,One,,,,\r\n' >"$T/kind.csv"
run catalog import "$T/kind.csv" --version 1
expect_rc 3 "an unknown kind exits 3"
expect_err 'kind\.csv:2:1: unknown kind "gadget"' "with the line and column"
nothing_imported "bad CSV"

# Other refusals.
printf '%%catalog\tiso27001-2022\n%%version\t1\nkind\tid\tparent\ttitle_en\ttitle_ja\tja_status\tdesc_en\tdesc_ja\ncontrol\tX.1\t\tOne\t\t\t\t\n' >"$T/builtin.tsv"
run catalog import "$T/builtin.tsv"
expect_rc 5 "the identifier of a built-in catalogue exits 5"
expect_err 'belongs to a built-in catalogue' "and says why"
run catalog import "$T/no-such-file.json"
expect_rc 4 "a missing file exits 4"
run catalog import "$T/builtin.tsv" --id 'bad id!'
expect_rc 3 "a bad identifier exits 3"
expect_err 'invalid catalogue identifier "bad id!"' "and names it"
run catalog import "$T/dup.json" --input-format yaml
expect_rc 2 "an unknown input format exits 2"
nothing_imported "other refusals"

rm -f "$ISMS_DB" "$ISMS_DB-wal" "$ISMS_DB-shm"
run catalog import "$T/builtin.tsv" --id fine
expect_rc 4 "import without a database exits 4"

done_testing
