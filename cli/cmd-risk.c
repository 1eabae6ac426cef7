/* cmd-risk.c - "isms risk …": the risk register, its treatment and the approval of residual risks. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "isms/catalog.h"
#include "isms/json.h"
#include "isms/library.h"
#include "isms/method.h"
#include "isms/report.h"
#include "isms/risk.h"
#include "isms/util.h"
#include "isms/xalloc.h"

const struct cmd risk_cmds[] = {
	{ "add", cmd_risk_add,
	  "isms risk add (--asset ID | --group NAME) --threat T --vuln V [OPTIONS]",
	  N_("Add a risk: an asset or group, a threat and a vulnerability, levels and an owner"),
	  N_("--asset ID             the asset (its ID, such as A-001)\n"
	     "--group NAME           or the asset group\n"
	     "--threat T             a threat of the library: its code or exact name\n"
	     "--vuln V               a vulnerability of the library: its code or exact name\n"
	     "--code ID              the risk's ID (default: the next R-NNN)\n"
	     "--props CIA            the properties affected (default: the threat's)\n"
	     "--threat-level N       the threat's level (asset × threat × vulnerability)\n"
	     "--vuln-level N         the vulnerability's level\n"
	     "--likelihood N         the likelihood (likelihood × impact)\n"
	     "--impact N             the impact\n"
	     "--owner NAME           the risk owner (default: the asset's owner)\n"
	     "--description TEXT     what could happen"),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "edit", cmd_risk_edit, "isms risk edit ID [OPTIONS]",
	  N_("Change a risk; it is evaluated again"),
	  N_("The options of \"isms risk add\"; a level of 0 clears it."),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "rm", cmd_risk_rm, "isms risk rm ID…", N_("Remove risks"), NULL,
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "list", cmd_risk_list, "isms risk list [FILTERS] [--sort KEY] [--reverse] [--limit N]",
	  N_("List the risk register"),
	  N_("--asset ID             only the risks of this asset\n"
	     "--group NAME           only the risks of this asset group\n"
	     "--owner NAME           only the risks of this owner\n"
	     "--evaluation E         accept, treat, baseline or none (not evaluated)\n"
	     "--treatment T          reduce, accept, avoid, transfer or none\n"
	     "--min-value N          only risks whose value is at least N\n"
	     "--stale                only risks due for re-evaluation\n"
	     "--needs-approval       only treated risks whose residual risk needs approval\n"
	     "--sort KEY             code, value (highest first), asset, owner, evaluation or residual\n"
	     "--reverse              the other way round\n"
	     "--limit N              at most N risks"),
	  CMD_DB | CMD_ISMS, NULL },
	{ "show", cmd_risk_show, "isms risk show ID",
	  N_("Show a risk: its evaluation, treatment and approval"), NULL, CMD_DB | CMD_ISMS, NULL },
	{ "suggest", cmd_risk_suggest, "isms risk suggest ASSET [--add] [--new]",
	  N_("Propose threat and vulnerability pairs of the library for an asset's type"),
	  N_("--new              only the pairs the asset has no risk for yet\n"
	     "--add              add those pairs as risks (levels to be assessed)"),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "import", cmd_risk_import, "isms risk import FILE [--add-missing] [--dry-run] [--ignore-unknown]",
	  N_("Import risks from a CSV or XLSX file; all rows or none"),
	  N_("FILE              CSV (UTF-8, with or without BOM, or Shift_JIS) or XLSX (first sheet)\n"
	     "--add-missing     add threats and vulnerabilities that are not in the library to the ISMS's own\n"
	     "--dry-run         check the file and count the changes, change nothing\n"
	     "--ignore-unknown  skip columns that are not risk fields instead of failing\n"
	     "Columns (English or Japanese names): Risk ID/リスクID, Asset ID/資産ID, Asset group/資産グループ,\n"
	     "Threat/脅威 (required), Vulnerability/脆弱性 (required), Properties/影響する特性,\n"
	     "Threat level/脅威レベル, Vulnerability level/脆弱性レベル, Likelihood/起こりやすさ,\n"
	     "Impact/影響度, Risk owner/リスク所有者, Description/説明. See docs/risk-files.md."),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "export", cmd_risk_export, "isms risk export [--format csv|xlsx|json|html] [--output FILE]",
	  N_("Export the risk register in the import format, with the computed columns"),
	  N_("--format FORMAT   csv (default), xlsx, json or html\n"
	     "--output FILE     write to FILE instead of standard output\n"
	     "Column names follow --lang (English or Japanese); both import back."),
	  CMD_DB | CMD_ISMS | CMD_EXPORT, NULL },
	{ "treat", cmd_risk_treat, "isms risk treat ID --option O [OPTIONS]",
	  N_("Choose a risk's treatment: option, controls, plan and residual levels"),
	  N_("--option O               reduce (低減), accept (保有), avoid (回避) or transfer (移転・共有)\n"
	     "--control ID             an Annex A control of the ISMS's edition (repeatable; replaces the list)\n"
	     "--add-control ID         add a control to the present ones\n"
	     "--suggested              add the controls the library links to the threat and vulnerability\n"
	     "--no-controls            remove every Annex A control\n"
	     "--extra TEXT             an additional control outside Annex A (repeatable; replaces the list)\n"
	     "--add-extra TEXT         add an additional control\n"
	     "--no-extras              remove every additional control\n"
	     "--owner NAME             who carries out the plan\n"
	     "--due YYYY-MM-DD         when the plan is due\n"
	     "--status S               planned, in-progress or done\n"
	     "--note TEXT              a note on the plan\n"
	     "--residual-threat N      the threat level after treatment (0: as before)\n"
	     "--residual-vuln N        the vulnerability level after treatment\n"
	     "--residual-likelihood N  the likelihood after treatment\n"
	     "--residual-impact N      the impact after treatment"),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "untreat", cmd_risk_untreat, "isms risk untreat ID",
	  N_("Remove a risk's treatment"), NULL, CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "approve", cmd_risk_approve, "isms risk approve ID… [--comment TEXT]",
	  N_("Approve residual risks (as a user with the approver role: --as NAME)"),
	  N_("--comment TEXT     a comment kept with each approval"), CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "reject", cmd_risk_reject, "isms risk reject ID… [--comment TEXT]",
	  N_("Reject residual risks (as a user with the approver role: --as NAME)"),
	  N_("--comment TEXT     the reason, kept with each decision"), CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "evaluate", cmd_risk_evaluate, "isms risk evaluate",
	  N_("Re-evaluate the risks whose assets were revalued since"), NULL,
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ 0 },
};

/* --- shared -------------------------------------------------------------------------------- */

static bool parse_level(const char *s, int *ret)
{
	long long v;

	if (!isms_parse_int(s, 0, SCORE_SCALE_MAX, &v))
		return false;
	*ret = (int)v;
	return true;
}

static const char *level_label(const struct score_method *m, int level)
{
	return level >= 1 && level <= m->nlevels ? score_text(&m->levels[level - 1].label) : "";
}

static const char *target_text(struct cli *cli, const struct risk *r)
{
	if (r->asset_code)
		return r->asset_code;
	return arena_printf(&cli->arena, _("group %s"), r->group);
}

static const char *levels_text(struct cli *cli, const struct risk *r, const struct score_method *m)
{
	if (m->formula == SCORE_FORMULA_MATRIX)
		return arena_printf(&cli->arena, "L%s I%s",
				    r->likelihood ? arena_printf(&cli->arena, "%d", r->likelihood) : "-",
				    r->impact ? arena_printf(&cli->arena, "%d", r->impact) : "-");
	return arena_printf(&cli->arena, "T%s V%s",
			    r->threat_level ? arena_printf(&cli->arena, "%d", r->threat_level) : "-",
			    r->vuln_level ? arena_printf(&cli->arena, "%d", r->vuln_level) : "-");
}

static const char *eval_text(struct cli *cli, const struct score_method *m, int value, int level,
			     enum score_decision d)
{
	if (d == SCORE_UNEVALUATED && !value)
		return _("not evaluated");
	if (!value)
		return score_decision_label(d);
	return arena_printf(&cli->arena, "%d (%s), %s", value, level_label(m, level),
			    score_decision_label(d));
}

static int load_method(struct cli *cli, struct score_method *m)
{
	struct isms_err err;

	if (method_current(cli->ctx, &cli->arena, cli->isms.id, m, NULL, &err))
		return cli_fail(cli, &err, NULL);
	return EXIT_OK;
}

enum {
	O_ASSET = 256, O_GROUP, O_THREAT, O_VULN, O_CODE, O_PROPS, O_TL, O_VL, O_LIK, O_IMP, O_OWNER,
	O_DESC,
};

static const struct option field_opts[] = {
	{ "asset", required_argument, NULL, O_ASSET },
	{ "group", required_argument, NULL, O_GROUP },
	{ "threat", required_argument, NULL, O_THREAT },
	{ "vuln", required_argument, NULL, O_VULN },
	{ "vulnerability", required_argument, NULL, O_VULN },
	{ "code", required_argument, NULL, O_CODE },
	{ "props", required_argument, NULL, O_PROPS },
	{ "threat-level", required_argument, NULL, O_TL },
	{ "vuln-level", required_argument, NULL, O_VL },
	{ "likelihood", required_argument, NULL, O_LIK },
	{ "impact", required_argument, NULL, O_IMP },
	{ "owner", required_argument, NULL, O_OWNER },
	{ "description", required_argument, NULL, O_DESC },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

/* Parse the options of add and edit into `e` (and the code). Returns -1
 * to go on, or an exit status. */
static int parse_fields(struct cli *cli, int argc, char **argv, struct risk_edit *e,
			const char **code)
{
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "", field_opts, &opt)) == 0) {
		int *level = NULL;
		unsigned p;

		switch (opt) {
		case O_ASSET: e->asset = optarg; break;
		case O_GROUP: e->group = optarg; break;
		case O_THREAT: e->threat = optarg; break;
		case O_VULN: e->vuln = optarg; break;
		case O_CODE:
			if (!code)
				return cli_usage_error(cli, "%s", _("the ID of a risk cannot be changed"));
			*code = optarg;
			break;
		case O_PROPS:
			if (!score_props_parse(optarg, &p))
				return cli_usage_error(cli, _("--props: \"%s\" is not a set of C, I and A"), optarg);
			e->props = (int)p;
			break;
		case O_TL: level = &e->threat_level; break;
		case O_VL: level = &e->vuln_level; break;
		case O_LIK: level = &e->likelihood; break;
		case O_IMP: level = &e->impact; break;
		case O_OWNER: e->owner = optarg; break;
		case O_DESC: e->description = optarg; break;
		}
		if (level && !parse_level(optarg, level))
			return cli_usage_error(cli, _("a level is a whole number from 0 to %d, not \"%s\""),
					       SCORE_SCALE_MAX, optarg);
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	return -1;
}

static void print_added(struct cli *cli, const char *code, const char *verb)
{
	struct score_method m;
	struct risk r;
	struct isms_err err;

	if (risk_get(cli->ctx, &cli->arena, cli->isms.id, code, &r, &err) || load_method(cli, &m)) {
		printf("%s %s.\n", verb, code);
		return;
	}
	printf("%s %s: %s.\n", verb, code, eval_text(cli, &m, r.value, r.level, r.evaluation));
	score_method_release(&m);
}

/* --- add, edit, rm ---------------------------------------------------------------------------- */

int cmd_risk_add(struct cli *cli, int argc, char **argv)
{
	struct risk_edit e = RISK_EDIT_INIT;
	struct risk_new n = { 0 };
	const char *code = NULL;
	char ret_code[RISK_CODE_MAX + 1];
	struct isms_err err;
	int rc;

	rc = parse_fields(cli, argc, argv, &e, &code);
	if (rc >= 0)
		return rc;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	if (!e.asset && !e.group)
		return cli_usage_error(cli, "%s", _("give the asset with --asset ID, or a group with --group NAME"));
	if (!e.threat || !e.vuln)
		return cli_usage_error(cli, "%s", _("--threat and --vuln are required"));
	n.code = code;
	n.asset = e.asset;
	n.group = e.group;
	n.threat = e.threat;
	n.vuln = e.vuln;
	n.props = e.props > 0 ? (unsigned)e.props : 0;
	n.threat_level = e.threat_level > 0 ? e.threat_level : 0;
	n.vuln_level = e.vuln_level > 0 ? e.vuln_level : 0;
	n.likelihood = e.likelihood > 0 ? e.likelihood : 0;
	n.impact = e.impact > 0 ? e.impact : 0;
	n.owner = e.owner;
	n.description = e.description;
	if (risk_add(cli->ctx, cli->isms.id, &n, ret_code, &err))
		return cli_fail(cli, &err, NULL);
	print_added(cli, ret_code, _("Added risk"));
	return EXIT_OK;
}

int cmd_risk_edit(struct cli *cli, int argc, char **argv)
{
	struct risk_edit e = RISK_EDIT_INIT;
	struct isms_err err;
	int rc;

	rc = parse_fields(cli, argc, argv, &e, NULL);
	if (rc >= 0)
		return rc;
	if (optind + 1 != argc)
		return cli_usage_error(cli, "%s", optind >= argc ? _("the risk's ID is missing")
							    : _("too many arguments"));
	if (risk_edit(cli->ctx, cli->isms.id, argv[optind], &e, &err))
		return cli_fail(cli, &err, NULL);
	print_added(cli, argv[optind], _("Changed risk"));
	return EXIT_OK;
}

int cmd_risk_rm(struct cli *cli, int argc, char **argv)
{
	struct isms_err err;
	struct risk r;

	if (argc < 2)
		return cli_usage_error(cli, "%s", _("the risk's ID is missing"));
	/* all must exist before any goes */
	for (int k = 1; k < argc; k++)
		if (risk_get(cli->ctx, &cli->arena, cli->isms.id, argv[k], &r, &err))
			return cli_fail(cli, &err, NULL);
	for (int k = 1; k < argc; k++) {
		if (risk_rm(cli->ctx, cli->isms.id, argv[k], &err))
			return cli_fail(cli, &err, NULL);
		printf(_("Removed risk %s.\n"), argv[k]);
	}
	return EXIT_OK;
}

/* --- list and show ------------------------------------------------------------------------------ */

int cmd_risk_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "asset", required_argument, NULL, 'a' },
		{ "group", required_argument, NULL, 'g' },
		{ "owner", required_argument, NULL, 'o' },
		{ "evaluation", required_argument, NULL, 'e' },
		{ "treatment", required_argument, NULL, 't' },
		{ "min-value", required_argument, NULL, 'm' },
		{ "stale", no_argument, NULL, 'S' },
		{ "needs-approval", no_argument, NULL, 'N' },
		{ "sort", required_argument, NULL, 's' },
		{ "reverse", no_argument, NULL, 'r' },
		{ "limit", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct risk_filter f = RISK_FILTER_INIT;
	struct score_method m;
	struct risk *rows;
	struct isms_err err;
	struct rtable t;
	size_t n, total, nstale = 0;
	bool text;
	int r, opt, rc;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		long long v;
		enum score_decision d;
		enum risk_treatment tr;

		switch (opt) {
		case 'a': f.asset = optarg; break;
		case 'g': f.group = optarg; break;
		case 'o': f.owner = optarg; break;
		case 'e':
			if (!strcmp(optarg, "none"))
				f.evaluation = SCORE_UNEVALUATED;
			else if (score_decision_parse(optarg, &d))
				f.evaluation = (int)d;
			else
				return cli_usage_error(cli, _("--evaluation: use accept, treat, baseline or none, not \"%s\""),
						       optarg);
			break;
		case 't':
			if (!strcmp(optarg, "none"))
				f.treatment = RISK_TREAT_NONE;
			else if (risk_treatment_parse(optarg, &tr))
				f.treatment = (int)tr;
			else
				return cli_usage_error(cli, _("--treatment: use reduce, accept, avoid, transfer or none, not \"%s\""),
						       optarg);
			break;
		case 'm':
			if (!isms_parse_int(optarg, 0, SCORE_VALUE_MAX, &v))
				return cli_usage_error(cli, "%s", _("--min-value needs a whole number"));
			f.min_value = (int)v;
			break;
		case 'S': f.stale = true; break;
		case 'N': f.needs_approval = true; break;
		case 's':
			if (!risk_sort_parse(optarg, &f.sort))
				return cli_usage_error(cli, _("--sort: use code, value, asset, owner, evaluation or residual, not \"%s\""),
						       optarg);
			break;
		case 'r': f.reverse = true; break;
		case 'l':
			if (!isms_parse_int(optarg, 1, 100000000, &v))
				return cli_usage_error(cli, "%s", _("--limit needs a number from 1 to 100000000"));
			f.limit = (size_t)v;
			break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	rc = load_method(cli, &m);
	if (rc)
		return rc;
	if (risk_list(cli->ctx, &cli->arena, cli->isms.id, &f, &rows, &n, &total, &err)) {
		score_method_release(&m);
		return cli_fail(cli, &err, NULL);
	}
	text = cli->format == RTABLE_TEXT;
	rtable_init(&t);
	rtable_col(&t, "code", _("Risk ID"), RCELL_TEXT);
	if (text) {
		rtable_col(&t, "target", _("Asset"), RCELL_TEXT);
		rtable_col(&t, "threat", _("Threat"), RCELL_TEXT);
		rtable_col(&t, "vulnerability", _("Vulnerability"), RCELL_TEXT);
		rtable_col(&t, "props", _("C/I/A"), RCELL_TEXT);
		rtable_col(&t, "levels", _("Levels"), RCELL_TEXT);
		rtable_col(&t, "value", _("Value"), RCELL_TEXT);
		rtable_col(&t, "level", _("Risk level"), RCELL_TEXT);
		rtable_col(&t, "evaluation", _("Evaluation"), RCELL_TEXT);
		rtable_col(&t, "treatment", _("Treatment"), RCELL_TEXT);
		rtable_col(&t, "residual", _("Residual"), RCELL_TEXT);
		rtable_col(&t, "owner", _("Risk owner"), RCELL_TEXT);
	} else {
		rtable_col(&t, "asset", _("Asset ID"), RCELL_TEXT);
		rtable_col(&t, "group", _("Asset group"), RCELL_TEXT);
		rtable_col(&t, "threat", _("Threat"), RCELL_TEXT);
		rtable_col(&t, "threat_name", _("Threat name"), RCELL_TEXT);
		rtable_col(&t, "vulnerability", _("Vulnerability"), RCELL_TEXT);
		rtable_col(&t, "vulnerability_name", _("Vulnerability name"), RCELL_TEXT);
		rtable_col(&t, "props", _("Properties"), RCELL_TEXT);
		rtable_col(&t, "threat_level", _("Threat level"), RCELL_NUMBER);
		rtable_col(&t, "vuln_level", _("Vulnerability level"), RCELL_NUMBER);
		rtable_col(&t, "likelihood", _("Likelihood"), RCELL_NUMBER);
		rtable_col(&t, "impact", _("Impact"), RCELL_NUMBER);
		rtable_col(&t, "value", _("Risk value"), RCELL_NUMBER);
		rtable_col(&t, "level", _("Risk level"), RCELL_NUMBER);
		rtable_col(&t, "level_label", _("Risk level name"), RCELL_TEXT);
		rtable_col(&t, "evaluation", _("Evaluation"), RCELL_TEXT);
		rtable_col(&t, "stale", _("Due for re-evaluation"), RCELL_BOOL);
		rtable_col(&t, "treatment", _("Treatment"), RCELL_TEXT);
		rtable_col(&t, "plan_status", _("Plan status"), RCELL_TEXT);
		rtable_col(&t, "plan_due", _("Due"), RCELL_TEXT);
		rtable_col(&t, "residual_value", _("Residual risk value"), RCELL_NUMBER);
		rtable_col(&t, "residual_evaluation", _("Residual risk evaluation"), RCELL_TEXT);
		rtable_col(&t, "owner", _("Risk owner"), RCELL_TEXT);
	}
	for (size_t k = 0; k < n; k++) {
		const struct risk *x = &rows[k];
		char props[4];

		score_props_format(x->props, props);
		nstale += x->stale;
		rtable_row(&t);
		rtable_set(&t, 0, x->code);
		if (text) {
			rtable_set(&t, 1, target_text(cli, x));
			rtable_set(&t, 2, x->threat_name);
			rtable_set(&t, 3, x->vuln_name);
			rtable_set(&t, 4, props);
			rtable_set(&t, 5, levels_text(cli, x, &m));
			if (x->value)
				rtable_setf(&t, 6, "%d%s", x->value, x->stale ? "*" : "");
			rtable_set(&t, 7, level_label(&m, x->level));
			rtable_set(&t, 8, score_decision_label(x->evaluation));
			rtable_set(&t, 9, x->treatment ? risk_treatment_label(x->treatment) : NULL);
			if (x->treatment && x->residual_value)
				rtable_setf(&t, 10, "%d %s", x->residual_value,
					    score_decision_label(x->residual_evaluation));
			rtable_set(&t, 11, x->owner);
		} else {
			rtable_set(&t, 1, x->asset_code);
			rtable_set(&t, 2, x->group);
			rtable_set(&t, 3, x->threat);
			rtable_set(&t, 4, x->threat_name);
			rtable_set(&t, 5, x->vuln);
			rtable_set(&t, 6, x->vuln_name);
			rtable_set(&t, 7, props);
			if (x->threat_level)
				rtable_setf(&t, 8, "%d", x->threat_level);
			if (x->vuln_level)
				rtable_setf(&t, 9, "%d", x->vuln_level);
			if (x->likelihood)
				rtable_setf(&t, 10, "%d", x->likelihood);
			if (x->impact)
				rtable_setf(&t, 11, "%d", x->impact);
			if (x->value)
				rtable_setf(&t, 12, "%d", x->value);
			if (x->level) {
				rtable_setf(&t, 13, "%d", x->level);
				rtable_set(&t, 14, level_label(&m, x->level));
			}
			rtable_set(&t, 15, score_decision_code(x->evaluation));
			rtable_set(&t, 16, x->stale ? "true" : "false");
			rtable_set(&t, 17, x->treatment ? risk_treatment_code(x->treatment) : NULL);
			rtable_set(&t, 18, x->plan_status ? risk_plan_status_code(x->plan_status) : NULL);
			rtable_set(&t, 19, *x->plan_due ? x->plan_due : NULL);
			if (x->treatment && x->residual_value)
				rtable_setf(&t, 20, "%d", x->residual_value);
			rtable_set(&t, 21, x->treatment ? score_decision_code(x->residual_evaluation) : NULL);
			rtable_set(&t, 22, x->owner);
		}
	}
	cli_print_table(cli, &t);
	if (text && total > n)
		printf(_("(%zu of %zu risks)\n"), n, total);
	if (text && nstale)
		printf("%s\n", _("* due for re-evaluation: the asset's values changed; run \"isms risk evaluate\""));
	rtable_release(&t);
	score_method_release(&m);
	return EXIT_OK;
}

static void print_controls(struct cli *cli, const struct risk *r)
{
	const struct catalog *cat = catalog_builtin(cli->isms.edition);

	printf("  %s:", _("Controls"));
	if (!r->ncontrols)
		printf(" -\n");
	else
		printf("\n");
	for (size_t k = 0; k < r->ncontrols; k++) {
		const struct catalog_item *it = cat ? catalog_find(cat, r->controls[k]) : NULL;

		printf("    %s  %s\n", r->controls[k], it ? catalog_item_title(it) : "");
	}
	printf("  %s:", _("Additional controls"));
	if (!r->nextras)
		printf(" -\n");
	else
		printf("\n");
	for (size_t k = 0; k < r->nextras; k++)
		printf("    %s\n", r->extras[k]);
}

static const char *approval_text(enum approval_state s)
{
	switch (s) {
	case APPROVAL_NONE: return _("not approved");
	case APPROVAL_CURRENT: return _("approved");
	case APPROVAL_STALE: return _("stale: the risk changed after it was approved");
	case APPROVAL_REJECTED_STATE: return _("rejected");
	}
	return "";
}

static const char *approval_code(enum approval_state s)
{
	static const char *const codes[] = { "none", "current", "stale", "rejected" };

	return codes[s];
}

static void show_json(struct cli *cli, const struct risk *r, enum approval_state st,
		      const struct approval *latest, bool found, const struct score_result *ex)
{
	json_t *o = json_object();
	struct sbuf sb = SBUF_INIT;
	char props[4];

	(void)cli;
	score_props_format(r->props, props);
	{
		struct sbuf snap = SBUF_INIT;
		json_error_t je;
		json_t *full;

		risk_snapshot(r, &snap);
		full = json_loads(snap.buf, 0, &je);
		json_object_update(o, full);
		json_decref(full);
		sbuf_release(&snap);
	}
	json_set_str(o, "asset_name", r->asset_code ? r->asset_name : NULL);
	json_set_str(o, "threat_name", r->threat_name);
	json_set_str(o, "vulnerability_name", r->vuln_name);
	json_set_bool(o, "stale", r->stale);
	json_set_bool(o, "needs_approval", risk_needs_approval(r));
	json_set_str(o, "approval", approval_code(st));
	if (found) {
		json_set_str(o, "approved_by", latest->approver);
		json_set_str(o, "decided_at", latest->at);
		json_set_str(o, "decision_comment", latest->comment);
	}
	if (ex->prop_value[0] || ex->prop_value[1] || ex->prop_value[2]) {
		json_t *pv = json_object();

		json_set_int(pv, "C", ex->prop_value[0]);
		json_set_int(pv, "I", ex->prop_value[1]);
		json_set_int(pv, "A", ex->prop_value[2]);
		json_object_set_new(o, "property_values", pv);
	}
	json_set_str(o, "created_at", r->created_at);
	json_set_str(o, "updated_at", r->updated_at);
	json_write(&sb, o, 1);
	printf("%s\n", sb.buf);
	sbuf_release(&sb);
	json_decref(o);
}

int cmd_risk_show(struct cli *cli, int argc, char **argv)
{
	struct score_method m;
	struct score_result ex, rex;
	struct library lib;
	struct risk r;
	struct approval latest;
	enum approval_state st;
	bool found = false;
	struct isms_err err;
	char props[4];
	int rc;

	if (argc != 2)
		return cli_usage_error(cli, "%s", argc < 2 ? _("the risk's ID is missing") : _("too many arguments"));
	if (risk_get(cli->ctx, &cli->arena, cli->isms.id, argv[1], &r, &err) ||
	    risk_explain(cli->ctx, cli->isms.id, &r, &ex, &rex, &err) ||
	    risk_approval_state(cli->ctx, &cli->arena, cli->isms.id, &r, &st, &latest, &found, &err) ||
	    library_load(cli->ctx, &cli->arena, cli->isms.id, &lib, &err))
		return cli_fail(cli, &err, NULL);
	if (cli->format == RTABLE_JSON) {
		show_json(cli, &r, st, &latest, found, &ex);
		return EXIT_OK;
	}
	rc = load_method(cli, &m);
	if (rc)
		return rc;
	score_props_format(r.props, props);
	printf("%s %s\n", _("Risk"), r.code);
	if (r.asset_code)
		printf("%s: %s %s (%s)\n", _("Asset"), r.asset_code, r.asset_name, r.asset_type);
	else
		printf("%s: %s\n", _("Asset group"), r.group);
	printf("%s: %s %s\n", _("Threat"), r.threat, r.threat_name);
	printf("%s: %s %s\n", _("Vulnerability"), r.vuln, r.vuln_name);
	printf("%s: %s\n", _("Properties affected"), props);
	printf("%s: %s\n", _("Risk owner"), *r.owner ? r.owner : "-");
	if (*r.description)
		printf("%s: %s\n", _("Description"), r.description);
	printf("%s: %s\n", _("Levels"), levels_text(cli, &r, &m));
	if (m.formula == SCORE_FORMULA_AVT || m.approach == SCORE_APPROACH_COMBINED)
		printf(_("Asset values used: C %d, I %d, A %d (asset value %d)\n"), r.av_c, r.av_i, r.av_a,
		       ex.asset_value);
	printf("%s: %s\n", _("Evaluation"), eval_text(cli, &m, r.value, r.level, r.evaluation));
	if (ex.prop_value[0] || ex.prop_value[1] || ex.prop_value[2])
		printf(_("Per property: C %d, I %d, A %d\n"), ex.prop_value[0], ex.prop_value[1],
		       ex.prop_value[2]);
	if (r.evaluation == SCORE_UNEVALUATED && ex.missing)
		printf("  %s\n", score_missing_label(ex.missing));
	if (r.stale)
		printf("  %s\n", _("Due for re-evaluation: the asset's values changed since (\"isms risk evaluate\")."));
	if (r.treatment) {
		printf("%s: %s\n", _("Treatment"), risk_treatment_label(r.treatment));
		print_controls(cli, &r);
		printf("  %s: %s, %s %s, %s\n", _("Plan"), *r.plan_owner ? r.plan_owner : "-", _("due"),
		       *r.plan_due ? r.plan_due : "-",
		       r.plan_status ? risk_plan_status_label(r.plan_status) : "-");
		if (*r.plan_note)
			printf("  %s: %s\n", _("Note"), r.plan_note);
		printf("  %s: %s\n", _("Residual risk"),
		       eval_text(cli, &m, r.residual_value, r.residual_level, r.residual_evaluation));
		printf("  %s: %s\n", _("Approval"), approval_text(st));
		if (found)
			printf("    %s %s %s%s%s\n", latest.approver, latest.at,
			       latest.decision == APPROVAL_APPROVED ? _("approved") : _("rejected"),
			       *latest.comment ? ": " : "", latest.comment);
		if (risk_needs_approval(&r) && st != APPROVAL_CURRENT)
			printf("  %s\n", _("The criteria do not accept the residual risk: management must approve it (\"isms risk approve\")."));
	} else {
		printf("%s: %s\n", _("Treatment"), _("none yet"));
	}
	{
		const struct lib_threat *th = library_find_threat(&lib, r.threat);
		const struct lib_vuln *vu = library_find_vuln(&lib, r.vuln);
		const char *a = th ? lib_threat_controls(th, cli->isms.edition) : "";
		const char *b = vu ? lib_vuln_controls(vu, cli->isms.edition) : "";

		if (*a || *b)
			printf(_("Controls the library suggests (ISO/IEC 27001:%d): %s%s%s\n"),
			       cli->isms.edition, a, *a && *b ? "," : "", b);
	}
	printf("%s: %s, %s: %s\n", _("Created"), r.created_at, _("changed"), r.updated_at);
	score_method_release(&m);
	return EXIT_OK;
}

/* --- suggest ------------------------------------------------------------------------------------- */

int cmd_risk_suggest(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "add", no_argument, NULL, 'a' },
		{ "new", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct risk_suggestion *s;
	struct isms_err err;
	struct rtable t;
	bool add = false, only_new = false;
	size_t n, added = 0;
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		if (opt == 'a')
			add = true;
		else if (opt == 'n')
			only_new = true;
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind + 1 != argc)
		return cli_usage_error(cli, "%s", optind >= argc ? _("the asset's ID is missing")
							    : _("too many arguments"));
	if (risk_suggest(cli->ctx, &cli->arena, cli->isms.id, argv[optind], &s, &n, &err))
		return cli_fail(cli, &err, NULL);
	if (add) {
		for (size_t k = 0; k < n; k++) {
			struct risk_new rn = { 0 };
			char code[RISK_CODE_MAX + 1];

			if (s[k].registered)
				continue;
			rn.asset = argv[optind];
			rn.threat = s[k].threat;
			rn.vuln = s[k].vuln;
			if (risk_add(cli->ctx, cli->isms.id, &rn, code, &err))
				return cli_fail(cli, &err, NULL);
			printf(_("Added risk %s: %s / %s.\n"), code, s[k].threat_name, s[k].vuln_name);
			added++;
		}
		printf(_n("%zu risk added; assess its levels with \"isms risk edit\".\n",
			  "%zu risks added; assess their levels with \"isms risk edit\".\n", added),
		       added);
		return EXIT_OK;
	}
	rtable_init(&t);
	rtable_col(&t, "threat", _("Threat"), RCELL_TEXT);
	rtable_col(&t, "threat_name", _("Threat name"), RCELL_TEXT);
	rtable_col(&t, "vulnerability", _("Vulnerability"), RCELL_TEXT);
	rtable_col(&t, "vulnerability_name", _("Vulnerability name"), RCELL_TEXT);
	rtable_col(&t, "props", _("C/I/A"), RCELL_TEXT);
	rtable_col(&t, "registered", _("Registered"), RCELL_BOOL);
	for (size_t k = 0; k < n; k++) {
		char props[4];

		if (only_new && s[k].registered)
			continue;
		score_props_format(s[k].props, props);
		rtable_row(&t);
		rtable_set(&t, 0, s[k].threat);
		rtable_set(&t, 1, s[k].threat_name);
		rtable_set(&t, 2, s[k].vuln);
		rtable_set(&t, 3, s[k].vuln_name);
		rtable_set(&t, 4, props);
		rtable_set(&t, 5, s[k].registered ? "true" : "false");
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	return EXIT_OK;
}

/* --- import and export --------------------------------------------------------------------------- */

int cmd_risk_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "add-missing", no_argument, NULL, 'm' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "ignore-unknown", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct risk_import_opts o = { 0 };
	struct risk_import_result res;
	struct tabin_errors errs = { 0 };
	struct isms_err err;
	struct tabin t;
	const char *file;
	int r, opt, rc = EXIT_OK;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'm': o.add_missing = true; break;
		case 'n': o.dry_run = true; break;
		case 'u': o.allow_unknown = true; break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind + 1 != argc)
		return cli_usage_error(cli, "%s", optind >= argc ? _("the file to import is missing")
							    : _("too many arguments"));
	file = argv[optind];
	o.source = file;
	if (tabin_read_file(file, NULL, &t, &err))
		return cli_fail(cli, &err, file);
	if (risk_import(cli->ctx, cli->isms.id, &t, &o, &res, &errs, &err)) {
		rc = cli_import_failed(cli, &errs, &err, file);
		goto out;
	}
	cli_import_done(file, res.encoding, o.dry_run, res.added, res.updated, res.unchanged);
	if (res.threats_added && o.dry_run)
		printf(_n("%zu threat would be added to the ISMS's library.\n",
			  "%zu threats would be added to the ISMS's library.\n", res.threats_added),
		       res.threats_added);
	else if (res.threats_added)
		printf(_n("%zu threat was added to the ISMS's library.\n",
			  "%zu threats were added to the ISMS's library.\n", res.threats_added),
		       res.threats_added);
	if (res.vulns_added && o.dry_run)
		printf(_n("%zu vulnerability would be added to the ISMS's library.\n",
			  "%zu vulnerabilities would be added to the ISMS's library.\n", res.vulns_added),
		       res.vulns_added);
	else if (res.vulns_added)
		printf(_n("%zu vulnerability was added to the ISMS's library.\n",
			  "%zu vulnerabilities were added to the ISMS's library.\n", res.vulns_added),
		       res.vulns_added);
out:
	tabin_errors_release(&errs);
	tabin_release(&t);
	return rc;
}

static int write_file(void *arg, const void *data, size_t len)
{
	return fwrite(data, 1, len, arg) == len ? 0 : -1;
}

int cmd_risk_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "date", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *output = NULL, *date = NULL;
	enum doc_format f;
	struct isms_err err;
	char *tmp = NULL;
	FILE *out = stdout;
	int r, opt, rc = EXIT_OK;

	while ((r = cli_getopt(cli, argc, argv, "o:", opts, &opt)) == 0) {
		if (opt == 'o')
			output = optarg;
		else if (opt == 'D')
			date = optarg;
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	rc = cli_doc_format(cli, output, DOC_CSV, &f);
	if (rc)
		return rc;
	if (f != DOC_CSV)
		return cli_write_report(cli, report_find("risks"), output, date, f);
	/* CSV is streamed: a register of a million risks never sits in memory. */
	if (output) {
		tmp = xasprintf("%s.tmp-%d", output, (int)getpid());
		out = fopen(tmp, "wb");
		if (!out) {
			isms_err_set(&err, ISMS_EIO, _("cannot write \"%s\": %s"), output, strerror(errno));
			free(tmp);
			return cli_fail(cli, &err, NULL);
		}
	}
	if (risk_export_csv(cli->ctx, cli->isms.id, write_file, out, NULL, &err)) {
		rc = cli_fail(cli, &err, NULL);
	} else if (fflush(out) || ferror(out)) {
		isms_err_set(&err, ISMS_EIO, _("cannot write \"%s\": %s"), output ? output : "-",
			     strerror(errno));
		rc = cli_fail(cli, &err, NULL);
	}
	if (output) {
		if (fclose(out) && !rc) {
			isms_err_set(&err, ISMS_EIO, _("cannot write \"%s\": %s"), output, strerror(errno));
			rc = cli_fail(cli, &err, NULL);
		}
		if (!rc && rename(tmp, output)) {
			isms_err_set(&err, ISMS_EIO, _("cannot write \"%s\": %s"), output, strerror(errno));
			rc = cli_fail(cli, &err, NULL);
		}
		if (rc)
			unlink(tmp);
		free(tmp);
	}
	return rc;
}

/* --- treatment ------------------------------------------------------------------------------------- */

enum {
	T_OPTION = 256, T_CONTROL, T_ADD_CONTROL, T_SUGGESTED, T_NO_CONTROLS, T_EXTRA, T_ADD_EXTRA,
	T_NO_EXTRAS, T_OWNER, T_DUE, T_STATUS, T_NOTE, T_RT, T_RV, T_RL, T_RI,
};

int cmd_risk_treat(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "option", required_argument, NULL, T_OPTION },
		{ "control", required_argument, NULL, T_CONTROL },
		{ "add-control", required_argument, NULL, T_ADD_CONTROL },
		{ "suggested", no_argument, NULL, T_SUGGESTED },
		{ "no-controls", no_argument, NULL, T_NO_CONTROLS },
		{ "extra", required_argument, NULL, T_EXTRA },
		{ "add-extra", required_argument, NULL, T_ADD_EXTRA },
		{ "no-extras", no_argument, NULL, T_NO_EXTRAS },
		{ "owner", required_argument, NULL, T_OWNER },
		{ "due", required_argument, NULL, T_DUE },
		{ "status", required_argument, NULL, T_STATUS },
		{ "note", required_argument, NULL, T_NOTE },
		{ "residual-threat", required_argument, NULL, T_RT },
		{ "residual-vuln", required_argument, NULL, T_RV },
		{ "residual-likelihood", required_argument, NULL, T_RL },
		{ "residual-impact", required_argument, NULL, T_RI },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct risk_treat t = RISK_TREAT_INIT;
	const char **controls = arena_zalloc(&cli->arena, (size_t)argc * sizeof(char *));
	const char **extras = arena_zalloc(&cli->arena, (size_t)argc * sizeof(char *));
	bool have_option = false, replace_c = false, add_c = false, replace_e = false, add_e = false;
	struct isms_err err;
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		int *level = NULL;
		enum risk_plan_status ps;

		switch (opt) {
		case T_OPTION:
			if (!risk_treatment_parse(optarg, &t.option))
				return cli_usage_error(cli, _("--option: use reduce, accept, avoid or transfer, not \"%s\""),
						       optarg);
			have_option = true;
			break;
		case T_CONTROL: replace_c = true; controls[t.ncontrols++] = optarg; break;
		case T_ADD_CONTROL: add_c = true; controls[t.ncontrols++] = optarg; break;
		case T_SUGGESTED: t.suggested = true; break;
		case T_NO_CONTROLS: replace_c = true; break;
		case T_EXTRA: replace_e = true; extras[t.nextras++] = optarg; break;
		case T_ADD_EXTRA: add_e = true; extras[t.nextras++] = optarg; break;
		case T_NO_EXTRAS: replace_e = true; break;
		case T_OWNER: t.plan_owner = optarg; break;
		case T_DUE: t.plan_due = optarg; break;
		case T_STATUS:
			if (!risk_plan_status_parse(optarg, &ps))
				return cli_usage_error(cli, _("--status: use planned, in-progress or done, not \"%s\""),
						       optarg);
			t.plan_status = (int)ps;
			break;
		case T_NOTE: t.plan_note = optarg; break;
		case T_RT: level = &t.res_threat; break;
		case T_RV: level = &t.res_vuln; break;
		case T_RL: level = &t.res_likelihood; break;
		case T_RI: level = &t.res_impact; break;
		}
		if (level && !parse_level(optarg, level))
			return cli_usage_error(cli, _("a level is a whole number from 0 to %d, not \"%s\""),
					       SCORE_SCALE_MAX, optarg);
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind + 1 != argc)
		return cli_usage_error(cli, "%s", optind >= argc ? _("the risk's ID is missing")
							    : _("too many arguments"));
	if (replace_c && add_c)
		return cli_usage_error(cli, "%s", _("give --control or --add-control, not both"));
	if (replace_e && add_e)
		return cli_usage_error(cli, "%s", _("give --extra or --add-extra, not both"));
	t.controls = controls;
	t.set_controls = replace_c;
	t.add_controls = add_c;
	t.extras = extras;
	t.set_extras = replace_e;
	t.add_extras = add_e;
	if (!have_option) {
		/* changing the plan of a risk already treated keeps its option */
		struct risk cur;

		if (risk_get(cli->ctx, &cli->arena, cli->isms.id, argv[optind], &cur, &err))
			return cli_fail(cli, &err, NULL);
		if (!cur.treatment)
			return cli_usage_error(cli, "%s", _("--option is required for a risk without a treatment"));
		t.option = cur.treatment;
	}
	if (risk_treat(cli->ctx, cli->isms.id, argv[optind], &t, &err))
		return cli_fail(cli, &err, NULL);
	{
		struct score_method m;
		struct risk x;

		if (!risk_get(cli->ctx, &cli->arena, cli->isms.id, argv[optind], &x, &err) &&
		    !load_method(cli, &m)) {
			printf(_("Risk %s: %s; residual risk %s.\n"), x.code, risk_treatment_label(x.treatment),
			       eval_text(cli, &m, x.residual_value, x.residual_level, x.residual_evaluation));
			if (risk_needs_approval(&x))
				printf("%s\n", _("The criteria do not accept the residual risk: management must approve it (\"isms risk approve\")."));
			score_method_release(&m);
		}
	}
	return EXIT_OK;
}

int cmd_risk_untreat(struct cli *cli, int argc, char **argv)
{
	struct isms_err err;

	if (argc != 2)
		return cli_usage_error(cli, "%s", argc < 2 ? _("the risk's ID is missing") : _("too many arguments"));
	if (risk_untreat(cli->ctx, cli->isms.id, argv[1], &err))
		return cli_fail(cli, &err, NULL);
	printf(_("Removed the treatment of risk %s.\n"), argv[1]);
	return EXIT_OK;
}

/* --- approval -------------------------------------------------------------------------------------- */

static int decide(struct cli *cli, int argc, char **argv, enum approval_decision d)
{
	const char *comment;
	struct isms_err err;
	int rc = cli_comment_opt(cli, argc, argv, &comment);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (optind >= argc)
		return cli_usage_error(cli, "%s", _("the risk's ID is missing"));
	for (int k = optind; k < argc; k++) {
		if (risk_approve(cli->ctx, cli->isms.id, argv[k], d, comment, &err)) {
			if (k > optind)
				fprintf(stderr, _n("isms: %d decision was recorded before the error.\n",
						   "isms: %d decisions were recorded before the error.\n",
						   k - optind),
					k - optind);
			return cli_fail(cli, &err, NULL);
		}
		printf(d == APPROVAL_APPROVED ? _("%s approved the residual risk of %s.\n")
					      : _("%s rejected the residual risk of %s.\n"),
		       isms_ctx_actor(cli->ctx), argv[k]);
	}
	return EXIT_OK;
}

int cmd_risk_approve(struct cli *cli, int argc, char **argv)
{
	return decide(cli, argc, argv, APPROVAL_APPROVED);
}

int cmd_risk_reject(struct cli *cli, int argc, char **argv)
{
	return decide(cli, argc, argv, APPROVAL_REJECTED);
}

int cmd_risk_evaluate(struct cli *cli, int argc, char **argv)
{
	struct isms_err err;
	size_t n;

	if (argc > 1)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[1]);
	if (risk_evaluate_all(cli->ctx, cli->isms.id, &n, &err))
		return cli_fail(cli, &err, NULL);
	printf(_n("%zu risk was re-evaluated with its asset's new values.\n",
		  "%zu risks were re-evaluated with their assets' new values.\n", n),
	       n);
	return EXIT_OK;
}
