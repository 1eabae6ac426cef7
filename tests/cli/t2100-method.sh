#!/usr/bin/env bash
# isms method show|set|history|approve|reject: presets, JSON, options, re-evaluation, errors.
. "$(dirname "$0")/lib.sh"

q() { sqlite3 "$ISMS_DB" "$1"; }
check() { if eval "$1"; then ok "$2"; else not_ok "$2"; fi; }

run init --org "Example Corp" --edition 2022
expect_rc 0 "init"

run method show
expect_rc 0 "show before any method is set"
expect_out "not set yet; the default preset applies" "says that the default applies"
expect_out "Name: JIPDEC 3×3×3" "the default is JIPDEC 3×3×3"
expect_out "Risk values: 1-27" "values 1 to 27"
expect_out "accept risks whose value is at most 8" "the default criterion"
expect_out "Restricted to those concerned" "the confidentiality scale's labels"
run --lang ja method show
expect_out "関係者限り" "Japanese labels of the scale"
expect_out "社内限り" "Japanese: 社内限り"

run status
expect_out "the risk assessment method and acceptance criteria have not been fixed" "status: step 3 not started"

# a small register to re-evaluate
run asset add A-001 --name "Customer DB" --type information --owner alice --c 3 --i 2 --a 1
run asset add A-002 --name "Laptop" --type hardware --owner bob --c 1 --i 2 --a 3
run risk add --asset A-001 --threat T-001 --vuln V-001 --threat-level 2 --vuln-level 2
expect_rc 0 "a risk under the default method"
run risk add --asset A-002 --threat T-002 --vuln V-005 --threat-level 1 --vuln-level 3
check '[ "$(q "SELECT value || evaluation FROM risk WHERE code = '"'R-001'"'")" = 12treat ]' "R-001 is 3×2×2 = 12, treat"

run method set jipdec-3x3x3
expect_rc 0 "set the JIPDEC preset"
expect_out "version 1 is in force: JIPDEC 3×3×3" "version 1"
expect_out "2 risks re-evaluated" "both risks re-evaluated"
run method set jipdec
expect_out "unchanged \(version 1\)" "the same method again changes nothing"
check '[ "$(q "SELECT COUNT(*) FROM method")" = 1 ]' "and stores no new version"

run method set --asset-value sum --threshold 30
expect_rc 0 "options change the method in force"
expect_out "version 2" "version 2"
check '[ "$(q "SELECT value || evaluation FROM risk WHERE code = '"'R-001'"'")" = 24accept ]' "sum: (3+2+1)×2×2 = 24, accepted at 30"
check '[ "$(q "SELECT value FROM risk WHERE code = '"'R-002'"'")" = 18 ]' "sum: 6×1×3 = 18"
run method set --asset-value per-property --threshold 8
check '[ "$(q "SELECT value FROM risk WHERE code = '"'R-001'"'")" = 12 ]' "per property: the highest affected property, 3×2×2"
run method show
expect_out "Asset value: each affected property on its own" "show says the mode"

run method set --approach combined --detailed-above 2
expect_rc 0 "combined approach"
check '[ "$(q "SELECT evaluation FROM risk WHERE code = '"'R-001'"'")" = treat ]' "asset value 3: detailed, treated"
check '[ "$(q "SELECT evaluation FROM risk WHERE code = '"'R-002'"'")" = treat ]' "per property: A of A-002 is 3: detailed"
run method set --asset-value max --approach baseline
check '[ "$(q "SELECT DISTINCT evaluation FROM risk")" = baseline ]' "baseline: every risk is covered by the baseline controls"

run method set --approach detailed --assurance "Reviewed twice a year by the ISMS committee."
run method show
expect_out "Required level of assurance: Reviewed twice a year" "the assurance text"

# one audit entry per change, with before, after and the count
check '[ "$(q "SELECT COUNT(*) FROM audit_log WHERE entity = '"'method'"'")" = "$(q "SELECT COUNT(*) FROM method")" ]' "one audit entry per version"
sql="SELECT COUNT(*) FROM audit_log WHERE entity = 'method' AND action = 'update'
	AND before_json LIKE '%\"version\":%' AND after_json LIKE '%\"risks_reevaluated\":2,%'"
check '[ "$(q "$sql")" -ge 5 ]' "the entries carry the method before and after and the number re-evaluated"

# the matrix preset: levels of the other formula are not assessed yet
run method set iso27005-5x5
expect_out "2 cannot be evaluated under this method" "says how many risks cannot be evaluated"
run risk edit R-001 --likelihood 4 --impact 5
check '[ "$(q "SELECT value || evaluation FROM risk WHERE code = '"'R-001'"'")" = 20treat ]' "likelihood 4 × impact 5 = 20"
run method show
expect_out "Risk matrix \(rows: likelihood, columns: impact\)" "the matrix is shown"
expect_out "Very high" "with the level names"
run method set --accept-cells 4:5,1:1
check '[ "$(q "SELECT evaluation FROM risk WHERE code = '"'R-001'"'")" = accept ]' "an accepted cell"
run method set --accept-levels "Low,High"
expect_rc 0 "accepted levels by name"
run method show
expect_out "accept the risk levels Low, High" "shows the accepted levels"

# JSON round trip
run --format json method show
expect_rc 0 "show --format json"
printf '%s\n' "$out" >m.json
check 'python3 -c "import json,sys; d=json.load(open(\"m.json\")); assert d[\"formula\"]==\"likelihood-impact\" and len(d[\"matrix\"])==5"' "the JSON has the formula and the matrix"
run method set --file m.json
expect_out "unchanged" "setting the shown JSON changes nothing"
sed 's/"approach": "detailed"/"approach": "informal"/' m.json >m2.json
run method set --file m2.json
expect_rc 0 "a changed JSON file"
run method show
expect_out "Approach: informal approach" "is taken"
run method set --file - <m.json
expect_rc 0 "JSON from standard input"

# history and approval
run method history
expect_rc 0 "history"
n=$(q "SELECT COUNT(*) FROM method")
check '[ "$(grep -cE "^ +[0-9]+ " <<<"$out")" = "$n" ]' "history lists every version"
run user add boss --role approver --no-password
run method approve --comment "ok"
expect_rc 6 "approving as a non-approver exits 6"
expect_err "is not an approver" "and says so"
run --as boss method approve --comment "Fits our business."
expect_rc 0 "an approver approves"
run status
expect_out "\[A\]  3\. " "status: step 3 approved"
run method history
expect_out "boss" "history shows who approved"
run method set --threshold 5 --approach detailed
run status
expect_out "\[x\]  3\. " "a new version needs approval again"
run --as boss method reject --comment "no"
expect_rc 0 "a rejection is recorded"

# errors
cp "$ISMS_DB" before.db
sum() { q "SELECT COUNT(*) || '/' || MAX(version) FROM method"; }
s0=$(sum)
run method set nosuch
expect_rc 2 "an unknown preset exits 2"
expect_err 'unknown preset "nosuch"' "and names it"
expect_err "jipdec-3x3x3 and iso27005-5x5" "and lists the presets"
run method set jipdec --file m.json
expect_rc 2 "a preset and a file at once exits 2"
run method set --threshold 3 --accept-levels 1
expect_rc 2 "two criteria at once exit 2"
run method set
expect_rc 2 "nothing to set exits 2"
run method set --approach fast
expect_rc 2 "an unknown approach exits 2"
run method set --asset-value median
expect_rc 2 "an unknown asset value mode exits 2"
run method set --threshold x
expect_rc 2 "a threshold that is not a number exits 2"
run method set --accept-cells 1-1
expect_rc 2 "a cell that is not L:I exits 2"
run method set --accept-levels Enormous
expect_rc 2 "a level that does not exist exits 2"
run method set jipdec --threshold 28
expect_rc 3 "a threshold above the highest value exits 3"
expect_err "the acceptance threshold 28 is outside the values 0 to 27" "and says the range"
expect_err "field: acceptance.threshold" "and names the field"
run method set jipdec --approach combined --detailed-above 3
expect_rc 3 "nothing left for detailed analysis exits 3"
expect_err "field: detailed_above" "and names the field"
run method set jipdec --accept-cells 1:1
expect_rc 3 "cells with the asset formula exit 3"
printf '{\n  "name": "x",\n  "approach": "detailed"\n  "formula": 1\n}\n' >syntax.json
run method set --file syntax.json
expect_rc 3 "a JSON syntax error exits 3"
expect_err "syntax.json:4:[0-9]+: the method is not valid JSON" "with the file, line and column"
python3 - m.json <<'PY' >unknown.json
import json, sys
d = json.load(open(sys.argv[1]))
d["scales"]["likelihood"][2]["label"]["fr"] = "possible"
print(json.dumps(d))
PY
run method set --file unknown.json
expect_rc 3 "an unknown field exits 3"
expect_err 'unknown field "scales.likelihood\[2\].label.fr"' "and names the field with its path"
python3 - m.json <<'PY' >cell.json
import json, sys
d = json.load(open(sys.argv[1]))
d["matrix"][1][3] = 9
print(json.dumps(d))
PY
run method set --file cell.json
expect_rc 3 "a matrix cell naming no level exits 3"
expect_err "field: matrix\[1\]\[3\]" "and names the cell"
python3 - m.json <<'PY' >scale.json
import json, sys
d = json.load(open(sys.argv[1]))
d["scales"]["impact"] = d["scales"]["impact"][:1]
print(json.dumps(d))
PY
run method set --file scale.json
expect_rc 3 "a scale of one level exits 3"
expect_err "2 to 10 levels" "and says the limits"
head -c 1100000 /dev/zero | tr '\0' ' ' >big.json
run method set --file big.json
expect_rc 3 "a file over the limit exits 3"
expect_err "too large" "and says so"
run method set --file no-such.json
expect_rc 7 "a missing file exits 7"
run method show --version 99
expect_rc 4 "an unknown version exits 4"
check '[ "$(sum)" = "$s0" ]' "none of the errors changed the method"

done_testing
