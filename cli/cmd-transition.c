/* cmd-transition.c - "isms transition": move the ISMS to the 2022 edition of Annex A, with a report of every change. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "isms/report.h"
#include "isms/selection.h"
#include "isms/transition.h"
#include "isms/util.h"

static void print_report(struct cli *cli, const struct tr_report *r)
{
	bool text = cli->format == RTABLE_TEXT;
	struct rtable t;

	rtable_init(&t);
	rtable_col(&t, "step", _("Step"), RCELL_TEXT);
	rtable_col(&t, "change", _("Change"), RCELL_TEXT);
	rtable_col(&t, "from", _("From"), RCELL_TEXT);
	rtable_col(&t, "to", _("To"), RCELL_TEXT);
	rtable_col(&t, "decision", _("Decision"), RCELL_TEXT);
	rtable_col(&t, "detail", _("Detail"), RCELL_TEXT);
	for (size_t i = 0; i < r->nsteps; i++) {
		const struct tr_step *s = &r->steps[i];

		for (size_t c = 0; c < s->n; c++) {
			const struct tr_change *ch = &s->changes[c];

			rtable_row(&t);
			rtable_setf(&t, 0, "%d-%d", s->from, s->to);
			rtable_set(&t, 1, text ? tr_kind_label(ch->kind) : tr_kind_code(ch->kind));
			rtable_set(&t, 2, ch->from_ids);
			rtable_set(&t, 3, ch->to_id);
			rtable_set(&t, 4, ch->decision);
			rtable_set(&t, 5, ch->detail);
		}
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	if (!text)
		return;
	for (size_t i = 0; i < r->nsteps; i++) {
		printf("\nISO/IEC 27001:%d -> %d\n", r->steps[i].from, r->steps[i].to);
		for (int k = 0; k < TR_KIND_COUNT; k++)
			if (r->steps[i].count[k])
				printf("  %-4zu %s\n", r->steps[i].count[k], tr_kind_label((enum tr_kind)k));
	}
}

int cmd_transition(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "show", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct tr_report r;
	struct isms_err err;
	const char *to_s = NULL;
	bool dry_run = false, show = false;
	long long to = 0;
	int rc, opt;

	while ((rc = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 't': to_s = optarg; break;
		case 'n': dry_run = true; break;
		case 's': show = true; break;
		}
	}
	if (rc == 'h')
		return EXIT_OK;
	if (rc == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	if (show) {
		if (to_s || dry_run)
			return cli_usage_error(cli, _("--show takes no other option"));
		if (transition_last(cli->ctx, &cli->arena, cli->isms.id, &r, &err))
			return cli_fail(cli, &err, NULL);
		print_report(cli, &r);
		return EXIT_OK;
	}
	if (!to_s)
		return cli_usage_error(cli, _("--to is required"));
	if (!isms_parse_int(to_s, 0, 9999, &to))
		return cli_usage_error(cli, _("unknown edition \"%s\""), to_s);
	if (transition_run(cli->ctx, &cli->arena, cli->isms.id, (int)to, dry_run, &r, &err))
		return cli_fail(cli, &err, NULL);
	print_report(cli, &r);
	if (cli->format == RTABLE_TEXT) {
		printf("\n");
		if (dry_run)
			printf("%s\n", _("Dry run: nothing was changed."));
		else
			printf(_("The ISMS is now on ISO/IEC 27001:%lld. \"isms control list --review\" lists the controls that need a decision.\n"),
			       to);
	}
	return EXIT_OK;
}
