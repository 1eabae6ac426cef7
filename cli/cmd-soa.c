/* cmd-soa.c - "isms soa generate|list|show|diff|approve|export": step 10, the Statement of Applicability. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "isms/json.h"
#include "isms/report.h"
#include "isms/selection.h"
#include "isms/soa.h"
#include "isms/util.h"
#include "isms/versioned.h"

const struct cmd soa_cmds[] = {
	{ "generate", cmd_soa_generate, "isms soa generate",
	  N_("Make the next numbered, dated Statement of Applicability from the control selection"),
	  NULL, CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "list", cmd_soa_list, "isms soa list",
	  N_("List the Statements of Applicability and their approvals"), NULL, CMD_DB | CMD_ISMS,
	  NULL },
	{ "show", cmd_soa_show, "isms soa show [N]",
	  N_("Show a Statement of Applicability (default: the latest)"), NULL, CMD_DB | CMD_ISMS,
	  NULL },
	{ "diff", cmd_soa_diff, "isms soa diff N M",
	  N_("Show what changed from Statement of Applicability N to M"), NULL, CMD_DB | CMD_ISMS,
	  NULL },
	{ "approve", cmd_soa_approve, "isms soa approve [N] [--comment TEXT] [--reject]",
	  N_("Approve a Statement of Applicability (an approver, acting with --as NAME)"),
	  N_("N                  the number (default: the latest)\n"
	     "--comment TEXT     a comment recorded with the decision\n"
	     "--reject           record a rejection instead"),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "export", cmd_soa_export, "isms soa export [N] [--format xlsx|csv|html|pdf|json] [--output FILE]",
	  N_("Write a Statement of Applicability in the form auditors expect"),
	  N_("N                  the number (default: the latest)\n"
	     "--format FORMAT    xlsx, csv, html, pdf or json (default: from the output file's\n"
	     "                   extension, else csv)\n"
	     "--output FILE      write to FILE instead of standard output\n"
	     "The language follows --lang."),
	  CMD_DB | CMD_ISMS | CMD_EXPORT, NULL },
	{ 0 },
};

/* An optional snapshot number as the only argument. */
static int number_arg(struct cli *cli, int argc, char **argv, int *ret)
{
	long long n;

	*ret = 0;
	if (argc > 2)
		return cli_usage_error(cli, _("too many arguments"));
	if (argc == 2) {
		if (!isms_parse_int(argv[1], 1, 1000000000, &n))
			return cli_usage_error(cli, _("\"%s\" is not a number"), argv[1]);
		*ret = (int)n;
	}
	return EXIT_OK;
}

int cmd_soa_generate(struct cli *cli, int argc, char **argv)
{
	struct isms_err err;
	int number;

	if (argc > 1)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[1]);
	if (soa_generate(cli->ctx, cli->isms.id, &number, &err))
		return cli_fail(cli, &err, NULL);
	printf(_("Generated Statement of Applicability %d.\n"), number);
	printf(_("Next: an approver approves it with \"isms --as NAME soa approve %d\".\n"), number);
	return EXIT_OK;
}

int cmd_soa_list(struct cli *cli, int argc, char **argv)
{
	struct soa_info *rows;
	struct isms_err err;
	struct rtable t;
	size_t n;

	if (argc > 1)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[1]);
	if (soa_list(cli->ctx, &cli->arena, cli->isms.id, &rows, &n, &err))
		return cli_fail(cli, &err, NULL);
	rtable_init(&t);
	rtable_col(&t, "number", _("No."), RCELL_NUMBER);
	rtable_col(&t, "edition", _("Edition"), RCELL_NUMBER);
	rtable_col(&t, "created_at", _("Generated"), RCELL_TEXT);
	rtable_col(&t, "created_by", _("By"), RCELL_TEXT);
	rtable_col(&t, "controls", _("Controls"), RCELL_NUMBER);
	rtable_col(&t, "applicable", _("Applicable"), RCELL_NUMBER);
	rtable_col(&t, "excluded", _("Excluded"), RCELL_NUMBER);
	rtable_col(&t, "approval", _("Approval"), RCELL_TEXT);
	rtable_col(&t, "approved_by", _("Approved by"), RCELL_TEXT);
	for (size_t i = 0; i < n; i++) {
		rtable_row(&t);
		rtable_setf(&t, 0, "%d", rows[i].number);
		rtable_setf(&t, 1, "%d", rows[i].edition);
		rtable_set(&t, 2, rows[i].created_at);
		rtable_set(&t, 3, rows[i].created_by);
		rtable_setf(&t, 4, "%zu", rows[i].controls);
		rtable_setf(&t, 5, "%zu", rows[i].applicable);
		rtable_setf(&t, 6, "%zu", rows[i].excluded);
		rtable_set(&t, 7, cli->format == RTABLE_TEXT ? versioned_state_label(rows[i].approval)
							     : versioned_state_code(rows[i].approval));
		rtable_set(&t, 8, rows[i].approved_by);
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	return EXIT_OK;
}

static const char *status_text(struct cli *cli, const char *code)
{
	enum sel_status s;

	if (cli->format != RTABLE_TEXT || !sel_status_parse(code, &s))
		return code;
	return sel_status_label(s);
}

int cmd_soa_show(struct cli *cli, int argc, char **argv)
{
	struct isms_err err;
	struct rtable t;
	struct soa s;
	bool text = cli->format == RTABLE_TEXT;
	int number, rc = number_arg(cli, argc, argv, &number);

	if (rc)
		return rc;
	if (soa_get(cli->ctx, &cli->arena, cli->isms.id, number, &s, &err))
		return cli_fail(cli, &err, NULL);
	if (text) {
		printf(_("Statement of Applicability %d: %s, ISO/IEC 27001:%d, generated %s by %s\n"),
		       s.number, s.organisation, s.edition, s.created_at, s.created_by);
		if (s.approval == APPROVAL_CURRENT)
			printf(_("Approved by %s on %s.\n"), s.approved_by, s.approved_at);
		else
			printf("%s\n", versioned_state_label(s.approval));
		printf("\n");
	}
	rtable_init(&t);
	rtable_col(&t, "control", _("Control"), RCELL_TEXT);
	rtable_col(&t, "title", _("Title"), RCELL_TEXT);
	rtable_col(&t, "applicable", _("Applicable"), RCELL_BOOL);
	rtable_col(&t, "reasons", _("Reasons for inclusion"), RCELL_TEXT);
	rtable_col(&t, "status", _("Implementation"), RCELL_TEXT);
	rtable_col(&t, "risks", _("Risks"), RCELL_TEXT);
	rtable_col(&t, "justification", _("Justification for exclusion"), RCELL_TEXT);
	if (!text) {
		rtable_col(&t, "owner", _("Owner"), RCELL_TEXT);
		rtable_col(&t, "impl_ref", _("Implementation reference"), RCELL_TEXT);
		rtable_col(&t, "additional", _("Additional"), RCELL_BOOL);
	}
	for (size_t i = 0; i < s.nrows; i++) {
		const struct soa_row *r = &s.rows[i];

		rtable_row(&t);
		rtable_set(&t, 0, r->control_id);
		rtable_set(&t, 1, i18n_pick(r->title_en, r->title_ja));
		rtable_set(&t, 2, text ? sel_decision_label(r->applicable ? SEL_APPLICABLE : SEL_EXCLUDED)
				       : r->applicable ? "true" : "false");
		rtable_set(&t, 3, r->reasons);
		rtable_set(&t, 4, status_text(cli, r->status));
		rtable_set(&t, 5, r->risks);
		rtable_set(&t, 6, r->justification);
		if (!text) {
			rtable_set(&t, 7, r->owner);
			rtable_set(&t, 8, r->impl_ref);
			rtable_set(&t, 9, r->additional ? "true" : "false");
		}
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	return EXIT_OK;
}

int cmd_soa_diff(struct cli *cli, int argc, char **argv)
{
	static const char *const kinds[] = { N_("added"), N_("removed"), N_("changed") };
	struct soa_change *ch;
	struct isms_err err;
	struct rtable t;
	long long a, b;
	size_t n;

	if (argc != 3)
		return cli_usage_error(cli, _("two numbers are needed: isms soa diff N M"));
	if (!isms_parse_int(argv[1], 1, 1000000000, &a))
		return cli_usage_error(cli, _("\"%s\" is not a number"), argv[1]);
	if (!isms_parse_int(argv[2], 1, 1000000000, &b))
		return cli_usage_error(cli, _("\"%s\" is not a number"), argv[2]);
	if (soa_diff(cli->ctx, &cli->arena, cli->isms.id, (int)a, (int)b, &ch, &n, &err))
		return cli_fail(cli, &err, NULL);
	if (cli->format == RTABLE_TEXT && n == 0) {
		printf(_("Statements of Applicability %lld and %lld are the same.\n"), a, b);
		return EXIT_OK;
	}
	rtable_init(&t);
	rtable_col(&t, "control", _("Control"), RCELL_TEXT);
	rtable_col(&t, "change", _("Change"), RCELL_TEXT);
	rtable_col(&t, "field", _("Field"), RCELL_TEXT);
	rtable_col(&t, "before", arena_printf(&cli->arena, _("In %lld"), a), RCELL_TEXT);
	rtable_col(&t, "after", arena_printf(&cli->arena, _("In %lld"), b), RCELL_TEXT);
	for (size_t i = 0; i < n; i++) {
		rtable_row(&t);
		rtable_set(&t, 0, ch[i].control_id);
		rtable_set(&t, 1, cli->format == RTABLE_TEXT ? T_(kinds[ch[i].kind])
							     : kinds[ch[i].kind]);
		rtable_set(&t, 2, ch[i].field);
		rtable_set(&t, 3, ch[i].before);
		rtable_set(&t, 4, ch[i].after);
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	return EXIT_OK;
}

int cmd_soa_approve(struct cli *cli, int argc, char **argv)
{
	const char *comment;
	struct isms_err err;
	bool reject;
	int number = 0, rc = cli_approve_opts(cli, argc, argv, &comment, &reject, &number);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (soa_approve(cli->ctx, cli->isms.id, number, reject ? APPROVAL_REJECTED : APPROVAL_APPROVED,
			comment, &number, &err))
		return cli_fail(cli, &err, NULL);
	printf(reject ? _("Statement of Applicability %d is rejected by %s.\n")
		      : _("Statement of Applicability %d is approved by %s.\n"),
	       number, isms_ctx_actor(cli->ctx));
	return EXIT_OK;
}

int cmd_soa_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct report_opts ro = { 0 };
	enum doc_format f;
	const char *output = NULL;
	struct isms_err err;
	struct doc *d;
	long long n = 0;
	int r, opt, rc;

	while ((r = cli_getopt(cli, argc, argv, "o:", opts, &opt)) == 0)
		if (opt == 'o')
			output = optarg;
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind + 1 < argc)
		return cli_usage_error(cli, _("too many arguments"));
	if (optind < argc && !isms_parse_int(argv[optind], 1, 1000000000, &n))
		return cli_usage_error(cli, _("\"%s\" is not a number"), argv[optind]);
	rc = cli_doc_format(cli, output, DOC_CSV, &f);
	if (rc)
		return rc;
	if (report_soa_number(cli->ctx, &cli->isms, (int)n, &ro, &d, &err))
		return cli_fail(cli, &err, NULL);
	rc = cli_write_doc(cli, d, f, output);
	doc_free(d);
	return rc;
}
