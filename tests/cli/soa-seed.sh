# soa-seed.sh - a small, fixed ISMS for the tests of steps 7 to 10 (sourced by t30*.sh).
#
# seed_isms ORG: an ISMS on 2022 with the approver "boss", one risk treated
# with A.8.5 and A.8.8, every control decided (two excluded, one additional
# control), a scope and a policy. Nothing in it depends on the clock.
seed_isms() {
	"$ISMS" init --org "$1" --edition 2022 >/dev/null
	printf 'secret-pass\n' | "$ISMS" user add boss --role approver >/dev/null
	"$ISMS" method set jipdec-3x3x3 >/dev/null
	"$ISMS" asset add A-1 --name "Customer DB" --type information --owner Ops --c 3 --i 3 --a 3 >/dev/null
	"$ISMS" risk add --asset A-1 --threat T-001 --vuln V-002 --threat-level 3 --vuln-level 3 >/dev/null
	"$ISMS" risk treat R-001 --option reduce --control A.8.5 --control A.8.8 >/dev/null
	"$ISMS" control exclude A.7.4 A.7.6 --justification "No premises of our own: we work in a serviced office." >/dev/null
	"$ISMS" control select A.8.5 A.8.8 --status implemented --owner "IT" --ref "Access rules v2" >/dev/null
	"$ISMS" control select A.5.31 A.5.34 --reason legal --status partial --owner "Legal" >/dev/null
	"$ISMS" control select X-1 --additional --title "Customer data stays in Japan" --reason contract --status planned >/dev/null
	# shellcheck disable=SC2046
	"$ISMS" control select $("$ISMS" --format csv control list --undecided | tail -n +2 | cut -d, -f1) \
		--reason business --status implemented >/dev/null
	printf '## Organisation\n%s\n## Units\n- All\n## Sites\n- HQ\n' "$1" >"$T/seed-scope.md"
	"$ISMS" scope set --file "$T/seed-scope.md" >/dev/null
	printf '# Policy\n\nWe protect information.\n' >"$T/seed-policy.md"
	"$ISMS" policy set --file "$T/seed-policy.md" >/dev/null
}
