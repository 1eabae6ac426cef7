/* cmd-method.c - "isms method show|set|history|approve|reject": the risk assessment method (step 3). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "isms/json.h"
#include "isms/method.h"
#include "isms/util.h"
#include "isms/utf8.h"

const struct cmd method_cmds[] = {
	{ "show", cmd_method_show, "isms method show [--version N]",
	  N_("Show the risk assessment method in force (with --format json: the method as JSON)"),
	  N_("--version N        show an earlier version"),
	  CMD_DB | CMD_ISMS, NULL },
	{ "set", cmd_method_set,
	  "isms method set [PRESET | --file FILE] [--approach A] [--detailed-above N] [--asset-value M]"
	  " [--threshold N | --accept-levels L,… | --accept-cells L:I,…] [--assurance TEXT]",
	  N_("Set the method from a preset, a JSON file or options, and re-evaluate every risk"),
	  N_("PRESET                 jipdec-3x3x3 (JIPDEC 3×3×3, the default) or iso27005-5x5\n"
	     "--file FILE            the method as JSON (\"-\": standard input); see docs/risk-method.md\n"
	     "--approach A           baseline, informal, detailed or combined\n"
	     "--detailed-above N     combined: detailed analysis for assets whose value is above N\n"
	     "--asset-value M        max (the highest of C, I, A), sum, or per-property\n"
	     "--threshold N          accept risks whose value is at most N\n"
	     "--accept-levels L,…    accept these risk levels (numbers or labels)\n"
	     "--accept-cells L:I,…   accept these matrix cells (likelihood:impact)\n"
	     "--assurance TEXT       the required level of assurance\n"
	     "Without PRESET or --file, the options change the method in force."),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "history", cmd_method_history, "isms method history",
	  N_("List the versions of the method, who set them and who approved them"), NULL,
	  CMD_DB | CMD_ISMS, NULL },
	{ "approve", cmd_method_approve, "isms method approve [--comment TEXT]",
	  N_("Approve the method in force (as a user with the approver role: --as NAME)"),
	  N_("--comment TEXT     a comment kept with the approval"), CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "reject", cmd_method_reject, "isms method reject [--comment TEXT]",
	  N_("Reject the method in force (as a user with the approver role: --as NAME)"),
	  N_("--comment TEXT     the reason, kept with the decision"), CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ 0 },
};

static void print_scale(const char *title, const struct score_scale *s)
{
	if (!s->n)
		return;
	printf("\n  %s\n", title);
	for (int k = 0; k < s->n; k++) {
		const char *desc = score_text(&s->lv[k].desc);

		printf("    %d  %s%s%s\n", k + 1, score_text(&s->lv[k].label), *desc ? ": " : "", desc);
	}
}

static void print_criterion(const struct score_method *m)
{
	bool first = true;

	switch (m->criterion) {
	case SCORE_CRIT_THRESHOLD:
		printf(_("accept risks whose value is at most %d"), m->threshold);
		break;
	case SCORE_CRIT_LEVELS:
		printf("%s", _("accept the risk levels"));
		for (int k = 0; k < m->nlevels; k++) {
			if ((m->accept_levels >> k) & 1) {
				printf("%s %s", first ? "" : ",", score_text(&m->levels[k].label));
				first = false;
			}
		}
		if (first)
			printf(" %s", _("(none)"));
		break;
	case SCORE_CRIT_CELLS:
		printf("%s", _("accept the matrix cells (likelihood:impact)"));
		for (int l = 0; l < m->likelihood.n; l++) {
			for (int i = 0; i < m->impact.n; i++) {
				if ((m->accept_cell[l] >> i) & 1) {
					printf("%s %d:%d", first ? "" : ",", l + 1, i + 1);
					first = false;
				}
			}
		}
		if (first)
			printf(" %s", _("(none)"));
		break;
	}
	printf("\n");
}

static void print_matrix(const struct score_method *m)
{
	size_t w = 4;

	for (int k = 0; k < m->nlevels; k++) {
		size_t lw = utf8_width(score_text(&m->levels[k].label));

		if (lw + 1 > w)
			w = lw + 1;
	}
	printf("\n%s\n  %-12s", _("Risk matrix (rows: likelihood, columns: impact)"), "");
	for (int i = 0; i < m->impact.n; i++) {
		printf("%d", i + 1);
		for (size_t p = 1; p < w; p++)
			putchar(' ');
	}
	printf("\n");
	for (int l = m->likelihood.n - 1; l >= 0; l--) {
		printf("  %-12d", l + 1);
		for (int i = 0; i < m->impact.n; i++) {
			const char *lab = score_text(&m->levels[m->cell[l][i] - 1].label);

			printf("%s", lab);
			for (size_t p = utf8_width(lab); p < w; p++)
				putchar(' ');
		}
		printf("\n");
	}
}

static void print_method(const struct score_method *m, const struct version_info *v)
{
	if (v->version)
		printf(_("Risk assessment method, version %d (set %s by %s)\n"), v->version, v->created_at,
		       v->created_by);
	else
		printf("%s\n", _("Risk assessment method: not set yet; the default preset applies"));
	printf("%s: %s\n", _("Name"), score_text(&m->name));
	printf("%s: %s\n", _("Approach"), score_approach_label(m->approach));
	if (m->approach == SCORE_APPROACH_COMBINED)
		printf(_("  detailed analysis for assets whose value is above %d; the baseline controls for the others\n"),
		       m->detailed_above);
	printf("%s: %s\n", _("Formula"), score_formula_label(m->formula));
	if (m->formula == SCORE_FORMULA_AVT)
		printf("%s: %s\n", _("Asset value"), score_asset_mode_label(m->asset_mode));
	printf("%s: %d-%d\n", _("Risk values"), 1, m->vmax);
	printf("%s: ", _("Acceptance criterion"));
	print_criterion(m);
	printf("%s: %s\n", _("Required level of assurance"),
	       *score_text(&m->assurance) ? score_text(&m->assurance) : _("(none)"));
	printf("\n%s", _("Scales"));
	print_scale(_("Confidentiality"), &m->asset[0]);
	print_scale(_("Integrity"), &m->asset[1]);
	print_scale(_("Availability"), &m->asset[2]);
	if (m->formula == SCORE_FORMULA_AVT) {
		print_scale(_("Threat"), &m->threat);
		print_scale(_("Vulnerability"), &m->vuln);
	} else {
		print_scale(_("Likelihood"), &m->likelihood);
		print_scale(_("Impact"), &m->impact);
	}
	printf("\n%s\n", _("Risk levels"));
	for (int k = 0; k < m->nlevels; k++) {
		const char *desc = score_text(&m->levels[k].desc);

		printf("  %d  %s", k + 1, score_text(&m->levels[k].label));
		if (m->formula == SCORE_FORMULA_AVT) {
			int hi = k + 1 < m->nlevels ? m->levels[k + 1].min - 1 : m->vmax;

			if (m->levels[k].min > m->vmax)
				printf(" (%s)", _("above the highest value"));
			else
				printf(" (%d-%d)", m->levels[k].min, hi < m->vmax ? hi : m->vmax);
		}
		printf("%s%s\n", *desc ? ": " : "", desc);
	}
	if (m->formula == SCORE_FORMULA_MATRIX)
		print_matrix(m);
}

int cmd_method_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "version", required_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct score_method m;
	struct version_info v;
	struct isms_err err;
	long long version = 0;
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		if (opt == 'V' && !isms_parse_int(optarg, 1, 1000000, &version))
			return cli_usage_error(cli, _("--version needs a version number"));
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	if (version ? method_version(cli->ctx, &cli->arena, cli->isms.id, (int)version, &m, &v, &err)
		    : method_current(cli->ctx, &cli->arena, cli->isms.id, &m, &v, &err))
		return cli_fail(cli, &err, NULL);
	if (cli->format == RTABLE_JSON) {
		struct sbuf sb = SBUF_INIT;

		score_method_to_json(&m, true, &sb);
		printf("%s\n", sb.buf);
		sbuf_release(&sb);
	} else {
		print_method(&m, &v);
	}
	score_method_release(&m);
	return EXIT_OK;
}

/* "1,2" or "Low,中" into a bit set of levels. */
static bool parse_levels(const struct score_method *m, const char *s, unsigned *ret)
{
	unsigned bits = 0;

	for (const char *p = s; *p;) {
		size_t len = strcspn(p, ",");
		char item[128];
		long long v;
		bool found = false;

		if (len >= sizeof(item))
			return false;
		memcpy(item, p, len);
		item[len] = '\0';
		if (isms_parse_int(item, 1, SCORE_RLEVELS_MAX, &v)) {
			bits |= 1u << (v - 1);
			found = true;
		}
		for (int k = 0; !found && k < m->nlevels; k++) {
			if (!strcasecmp(item, m->levels[k].label.en) || !strcmp(item, m->levels[k].label.ja)) {
				bits |= 1u << k;
				found = true;
			}
		}
		if (!found || !len)
			return false;
		p += len;
		if (*p)
			p++;
	}
	*ret = bits;
	return true;
}

/* "1:1,2:1" into accepted cells. */
static bool parse_cells(const char *s, unsigned short cells[SCORE_SCALE_MAX])
{
	memset(cells, 0, SCORE_SCALE_MAX * sizeof(cells[0]));
	for (const char *p = s; *p;) {
		size_t len = strcspn(p, ",");
		char item[32], *colon;
		long long l, i;

		if (!len || len >= sizeof(item))
			return false;
		memcpy(item, p, len);
		item[len] = '\0';
		colon = strchr(item, ':');
		if (!colon)
			return false;
		*colon = '\0';
		if (!isms_parse_int(item, 1, SCORE_SCALE_MAX, &l) ||
		    !isms_parse_int(colon + 1, 1, SCORE_SCALE_MAX, &i))
			return false;
		cells[l - 1] |= (unsigned short)(1u << (i - 1));
		p += len;
		if (*p)
			p++;
	}
	return true;
}

int cmd_method_set(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "approach", required_argument, NULL, 'a' },
		{ "detailed-above", required_argument, NULL, 'd' },
		{ "asset-value", required_argument, NULL, 'v' },
		{ "threshold", required_argument, NULL, 't' },
		{ "accept-levels", required_argument, NULL, 'l' },
		{ "accept-cells", required_argument, NULL, 'c' },
		{ "assurance", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *file = NULL, *approach = NULL, *detailed = NULL, *mode = NULL, *threshold = NULL;
	const char *levels = NULL, *cells = NULL, *assurance = NULL;
	struct score_method m;
	struct method_change ch;
	struct isms_err err;
	int r, opt, ncrit;
	int rc = EXIT_OK;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'f': file = optarg; break;
		case 'a': approach = optarg; break;
		case 'd': detailed = optarg; break;
		case 'v': mode = optarg; break;
		case 't': threshold = optarg; break;
		case 'l': levels = optarg; break;
		case 'c': cells = optarg; break;
		case 's': assurance = optarg; break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind + 1 < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind + 1]);
	if (optind < argc && file)
		return cli_usage_error(cli, "%s", _("give a preset or --file, not both"));
	ncrit = (threshold != NULL) + (levels != NULL) + (cells != NULL);
	if (ncrit > 1)
		return cli_usage_error(cli, "%s", _("give only one of --threshold, --accept-levels and --accept-cells"));
	if (optind < argc) {
		if (!score_preset(argv[optind], &m)) {
			cli_usage_error(cli, _("unknown preset \"%s\""), argv[optind]);
			fprintf(stderr, "%s: %s\n", _("hint"), _("The presets are jipdec-3x3x3 and iso27005-5x5."));
			return EXIT_USAGE;
		}
	} else if (file) {
		struct sbuf sb = SBUF_INIT;

		if (cli_read_file(file, SCORE_JSON_MAX, &sb, &err)) {
			sbuf_release(&sb);
			return cli_fail(cli, &err, NULL);
		}
		if (score_method_from_json(sb.buf, sb.len, &m, &err)) {
			sbuf_release(&sb);
			return cli_fail(cli, &err, strcmp(file, "-") ? file : _("standard input"));
		}
		sbuf_release(&sb);
	} else {
		if (!approach && !detailed && !mode && !ncrit && !assurance)
			return cli_usage_error(cli, "%s", _("give a preset, --file or an option to change"));
		if (method_current(cli->ctx, &cli->arena, cli->isms.id, &m, NULL, &err))
			return cli_fail(cli, &err, NULL);
	}
	if (approach && !score_approach_parse(approach, &m.approach)) {
		rc = cli_usage_error(cli, _("unknown approach \"%s\": use baseline, informal, detailed or combined"),
				     approach);
		goto out;
	}
	if (detailed) {
		long long v;

		if (!isms_parse_int(detailed, 0, SCORE_VALUE_MAX, &v)) {
			rc = cli_usage_error(cli, "%s", _("--detailed-above needs a whole number"));
			goto out;
		}
		m.detailed_above = (int)v;
	}
	if (mode && !score_asset_mode_parse(mode, &m.asset_mode)) {
		rc = cli_usage_error(cli, _("unknown asset value mode \"%s\": use max, sum or per-property"),
				     mode);
		goto out;
	}
	if (threshold) {
		long long v;

		if (!isms_parse_int(threshold, 0, SCORE_VALUE_MAX, &v)) {
			rc = cli_usage_error(cli, "%s", _("--threshold needs a whole number"));
			goto out;
		}
		m.criterion = SCORE_CRIT_THRESHOLD;
		m.threshold = (int)v;
	}
	if (levels) {
		if (!parse_levels(&m, levels, &m.accept_levels)) {
			rc = cli_usage_error(cli, _("--accept-levels: \"%s\" is not a list of risk levels of the method"),
					     levels);
			goto out;
		}
		m.criterion = SCORE_CRIT_LEVELS;
	}
	if (cells) {
		if (!parse_cells(cells, m.accept_cell)) {
			rc = cli_usage_error(cli, _("--accept-cells: \"%s\" is not a list of likelihood:impact pairs"),
					     cells);
			goto out;
		}
		m.criterion = SCORE_CRIT_CELLS;
	}
	if (assurance) {
		const char *copy = arena_strdup(&m.arena, assurance);

		m.assurance.en = copy;
		m.assurance.ja = copy;
	}
	if (method_set(cli->ctx, cli->isms.id, &m, &ch, &err)) {
		rc = cli_fail(cli, &err, NULL);
		goto out;
	}
	if (ch.unchanged) {
		printf(_("The method is unchanged (version %d).\n"), ch.version);
	} else {
		printf(_("Risk assessment method version %d is in force: %s.\n"), ch.version,
		       score_text(&m.name));
		printf(_n("%zu risk re-evaluated", "%zu risks re-evaluated", ch.reevaluated), ch.reevaluated);
		if (ch.unevaluated)
			printf(_n("; %zu cannot be evaluated under this method",
				  "; %zu cannot be evaluated under this method", ch.unevaluated),
			       ch.unevaluated);
		printf(".\n");
	}
out:
	score_method_release(&m);
	return rc;
}

int cmd_method_history(struct cli *cli, int argc, char **argv)
{
	struct version_info *v;
	struct isms_err err;
	struct rtable t;
	size_t n;

	if (argc > 1)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[1]);
	if (method_history(cli->ctx, &cli->arena, cli->isms.id, &v, &n, &err))
		return cli_fail(cli, &err, NULL);
	rtable_init(&t);
	rtable_col(&t, "version", _("Version"), RCELL_NUMBER);
	rtable_col(&t, "created_at", _("Set (UTC)"), RCELL_TEXT);
	rtable_col(&t, "created_by", _("By"), RCELL_TEXT);
	rtable_col(&t, "approved_by", _("Approved by"), RCELL_TEXT);
	rtable_col(&t, "approved_at", _("Approved (UTC)"), RCELL_TEXT);
	rtable_col(&t, "content_hash", _("SHA-256"), RCELL_TEXT);
	for (size_t k = 0; k < n; k++) {
		rtable_row(&t);
		rtable_setf(&t, 0, "%d", v[k].version);
		rtable_set(&t, 1, v[k].created_at);
		rtable_set(&t, 2, v[k].created_by);
		rtable_set(&t, 3, v[k].approved_by);
		rtable_set(&t, 4, v[k].approved_at);
		rtable_set(&t, 5, v[k].content_hash);
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	return EXIT_OK;
}

static int decide(struct cli *cli, int argc, char **argv, enum approval_decision d)
{
	const char *comment;
	struct isms_err err;
	int rc = cli_comment_opt(cli, argc, argv, &comment);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	if (method_approve(cli->ctx, cli->isms.id, d, comment, &err))
		return cli_fail(cli, &err, NULL);
	printf(d == APPROVAL_APPROVED ? _("%s approved the risk assessment method.\n")
				      : _("%s rejected the risk assessment method.\n"),
	       isms_ctx_actor(cli->ctx));
	return EXIT_OK;
}

int cmd_method_approve(struct cli *cli, int argc, char **argv)
{
	return decide(cli, argc, argv, APPROVAL_APPROVED);
}

int cmd_method_reject(struct cli *cli, int argc, char **argv)
{
	return decide(cli, argc, argv, APPROVAL_REJECTED);
}
