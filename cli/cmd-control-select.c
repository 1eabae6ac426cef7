/* cmd-control-select.c - "isms control select|exclude|set|remove|list|suggest": step 7, the selection of controls. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "isms/selection.h"

/* The options shared by select, exclude and set. */
static const struct option update_opts[] = {
	{ "reason", required_argument, NULL, 'r' },
	{ "drop-reason", required_argument, NULL, 'R' },
	{ "status", required_argument, NULL, 's' },
	{ "owner", required_argument, NULL, 'o' },
	{ "ref", required_argument, NULL, 'f' },
	{ "justification", required_argument, NULL, 'j' },
	{ "title", required_argument, NULL, 't' },
	{ "additional", no_argument, NULL, 'a' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

enum { ALLOW_ADDITIONAL = 1, ALLOW_JUSTIFICATION = 2, ALLOW_TITLE = 4 };

/* Parse the options into `u` and leave the control IDs in argv[optind..]. */
static int parse_update(struct cli *cli, int argc, char **argv, unsigned allow,
			struct sel_update *u, bool *ret_additional)
{
	enum sel_reason reason;
	enum sel_status status;
	int r, opt;

	*ret_additional = false;
	while ((r = cli_getopt(cli, argc, argv, "", update_opts, &opt)) == 0) {
		switch (opt) {
		case 'r':
		case 'R':
			if (!sel_reason_parse(optarg, &reason) || reason == SEL_REASON_RISK)
				return cli_usage_error(cli, _("unknown reason \"%s\": use legal, contract or business"),
						       optarg);
			if (opt == 'r')
				u->reasons_add |= reason;
			else
				u->reasons_drop |= reason;
			break;
		case 's':
			if (!sel_status_parse(optarg, &status))
				return cli_usage_error(cli, _("unknown status \"%s\": use not_started, planned, partial or implemented"),
						       optarg);
			u->status = (int)status;
			break;
		case 'o': u->owner = optarg; break;
		case 'f': u->impl_ref = optarg; break;
		case 'j':
			if (!(allow & ALLOW_JUSTIFICATION))
				return cli_usage_error(cli, _("--justification belongs to \"exclude\" and \"set\""));
			u->justification = optarg;
			break;
		case 't':
			if (!(allow & ALLOW_TITLE))
				return cli_usage_error(cli, _("--title is for additional controls"));
			u->title = optarg;
			break;
		case 'a':
			if (!(allow & ALLOW_ADDITIONAL))
				return cli_usage_error(cli, _("--additional belongs to \"select\""));
			*ret_additional = true;
			break;
		}
	}
	if (r == 'h')
		return -1;
	if (r == '?')
		return EXIT_USAGE;
	if (optind >= argc)
		return cli_usage_error(cli, _("no control given"));
	if (u->reasons_add & u->reasons_drop)
		return cli_usage_error(cli, _("a reason cannot be both added and dropped"));
	return EXIT_OK;
}

/* What was done, naming the control when there is one. */
#define SAY(one, many) \
	(argc - optind == 1 ? printf(one, argv[optind]) : printf(many, argc - optind))

int cmd_control_select(struct cli *cli, int argc, char **argv)
{
	struct sel_update u = SEL_UPDATE_INIT;
	struct isms_err err;
	bool additional;
	int rc = parse_update(cli, argc, argv, ALLOW_ADDITIONAL | ALLOW_TITLE, &u, &additional);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (u.title && !additional)
		return cli_usage_error(cli, _("--title is for additional controls: add --additional"));
	if (selection_select(cli->ctx, cli->isms.id, (const char *const *)argv + optind,
			     (size_t)(argc - optind), additional, &u, &err))
		return cli_fail(cli, &err, NULL);
	if (additional)
		SAY(_("Added the additional control %s.\n"), _("Added %d additional controls.\n"));
	else
		SAY(_("Control %s is applicable.\n"), _("%d controls are applicable.\n"));
	return EXIT_OK;
}

int cmd_control_exclude(struct cli *cli, int argc, char **argv)
{
	struct sel_update u = SEL_UPDATE_INIT;
	struct isms_err err;
	bool additional;
	int rc = parse_update(cli, argc, argv, ALLOW_JUSTIFICATION, &u, &additional);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (selection_exclude(cli->ctx, cli->isms.id, (const char *const *)argv + optind,
			      (size_t)(argc - optind), &u, &err))
		return cli_fail(cli, &err, NULL);
	SAY(_("Control %s is excluded.\n"), _("%d controls are excluded.\n"));
	return EXIT_OK;
}

int cmd_control_set(struct cli *cli, int argc, char **argv)
{
	struct sel_update u = SEL_UPDATE_INIT;
	struct isms_err err;
	bool additional;
	int rc = parse_update(cli, argc, argv, ALLOW_JUSTIFICATION | ALLOW_TITLE, &u, &additional);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (selection_set(cli->ctx, cli->isms.id, (const char *const *)argv + optind,
			  (size_t)(argc - optind), &u, &err))
		return cli_fail(cli, &err, NULL);
	SAY(_("Control %s is updated.\n"), _("%d controls are updated.\n"));
	return EXIT_OK;
}

int cmd_control_remove(struct cli *cli, int argc, char **argv)
{
	struct isms_err err;

	if (argc < 2)
		return cli_usage_error(cli, _("no control given"));
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return EXIT_OK;
	optind = 1;
	if (selection_remove(cli->ctx, cli->isms.id, (const char *const *)argv + 1,
			     (size_t)(argc - 1), &err))
		return cli_fail(cli, &err, NULL);
	SAY(_("Removed the additional control %s.\n"), _("Removed %d additional controls.\n"));
	return EXIT_OK;
}

int cmd_control_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "undecided", no_argument, NULL, 'u' },
		{ "applicable", no_argument, NULL, 'a' },
		{ "excluded", no_argument, NULL, 'x' },
		{ "review", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct control_sel *rows;
	struct isms_err err;
	struct rtable t;
	bool text = cli->format == RTABLE_TEXT, review = false;
	int only = -1, r, opt;
	size_t n;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'u': only = SEL_UNDECIDED; break;
		case 'a': only = SEL_APPLICABLE; break;
		case 'x': only = SEL_EXCLUDED; break;
		case 'r': review = true; break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	if (selection_list(cli->ctx, &cli->arena, cli->isms.id, &rows, &n, &err))
		return cli_fail(cli, &err, NULL);
	rtable_init(&t);
	rtable_col(&t, "control", _("Control"), RCELL_TEXT);
	rtable_col(&t, "title", _("Title"), RCELL_TEXT);
	rtable_col(&t, "decision", _("Decision"), RCELL_TEXT);
	rtable_col(&t, "reasons", _("Reasons for inclusion"), RCELL_TEXT);
	rtable_col(&t, "status", _("Implementation"), RCELL_TEXT);
	rtable_col(&t, "owner", _("Owner"), RCELL_TEXT);
	rtable_col(&t, "risks", _("Risks"), RCELL_TEXT);
	if (!text) {
		rtable_col(&t, "justification", _("Justification for exclusion"), RCELL_TEXT);
		rtable_col(&t, "impl_ref", _("Implementation reference"), RCELL_TEXT);
		rtable_col(&t, "additional", _("Additional"), RCELL_BOOL);
	}
	rtable_col(&t, "review", _("To review"), RCELL_TEXT);
	for (size_t i = 0; i < n; i++) {
		const struct control_sel *c = &rows[i];
		size_t col = 0;

		if ((only >= 0 && (int)c->decision != only) || (review && !*c->review))
			continue;
		rtable_row(&t);
		rtable_set(&t, col++, c->control_id);
		rtable_set(&t, col++, c->title);
		rtable_set(&t, col++, text ? sel_decision_label(c->decision) : sel_decision_code(c->decision));
		rtable_set(&t, col++, c->decision == SEL_EXCLUDED ? NULL
					: sel_reasons_text(&cli->arena, c->reasons, text));
		rtable_set(&t, col++, c->decision != SEL_APPLICABLE ? NULL
					: text ? sel_status_label(c->status) : sel_status_code(c->status));
		rtable_set(&t, col++, c->owner);
		rtable_set(&t, col++, c->risks);
		if (!text) {
			rtable_set(&t, col++, c->justification);
			rtable_set(&t, col++, c->impl_ref);
			rtable_set(&t, col++, c->additional ? "true" : "false");
		}
		rtable_set(&t, col++, text ? sel_review_text(&cli->arena, c->review) : c->review);
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	return EXIT_OK;
}

int cmd_control_suggest(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct sel_suggestion *s;
	struct isms_err err;
	struct rtable t;
	bool all = false;
	int r, opt;
	size_t n;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0)
		if (opt == 'a')
			all = true;
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	if (selection_suggest(cli->ctx, &cli->arena, cli->isms.id, &s, &n, &err))
		return cli_fail(cli, &err, NULL);
	rtable_init(&t);
	rtable_col(&t, "control", _("Control"), RCELL_TEXT);
	rtable_col(&t, "title", _("Title"), RCELL_TEXT);
	rtable_col(&t, "decision", _("Decision"), RCELL_TEXT);
	rtable_col(&t, "count", _("Risks"), RCELL_NUMBER);
	rtable_col(&t, "risks", _("Treated risks"), RCELL_TEXT);
	rtable_col(&t, "via", _("Through"), RCELL_TEXT);
	for (size_t i = 0; i < n; i++) {
		if (!all && s[i].decision == SEL_APPLICABLE)
			continue;
		rtable_row(&t);
		rtable_set(&t, 0, s[i].control_id);
		rtable_set(&t, 1, s[i].title);
		rtable_set(&t, 2, cli->format == RTABLE_TEXT ? sel_decision_label(s[i].decision)
							     : sel_decision_code(s[i].decision));
		rtable_setf(&t, 3, "%zu", s[i].nrisks);
		rtable_set(&t, 4, s[i].risks);
		rtable_set(&t, 5, s[i].via);
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	return EXIT_OK;
}
