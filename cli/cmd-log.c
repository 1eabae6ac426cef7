/* cmd-log.c - "isms log" and "isms log verify": the audit log. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "isms/log.h"
#include "isms/util.h"

const struct cmd log_cmds[] = {
	{ "list", cmd_log_list, "isms log list [--entity E] [--actor A] [--since DATE] [--until DATE] [--limit N]",
	  N_("List the audit log of the ISMS (the same as \"isms log\")"),
	  N_("--entity NAME      only changes to this kind of entity (isms, user, membership, …)\n"
	     "--actor NAME       only changes made by this user\n"
	     "--since YYYY-MM-DD only changes on or after this day (UTC)\n"
	     "--until YYYY-MM-DD only changes on or before this day (UTC)\n"
	     "--limit N          only the newest N entries"),
	  CMD_DB | CMD_ISMS, NULL },
	{ "verify", cmd_log_verify, "isms log verify",
	  N_("Check the hash chain of the whole audit log and name the first bad entry"), NULL,
	  CMD_DB, NULL },
	{ 0 },
};

int cmd_log_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "entity", required_argument, NULL, 'e' },
		{ "actor", required_argument, NULL, 'a' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "limit", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct log_filter f = { .isms_id = cli->isms.id };
	struct log_entry *rows;
	struct isms_err err;
	struct rtable t;
	long long limit;
	size_t n;
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'e': f.entity = optarg; break;
		case 'a': f.actor = optarg; break;
		case 's': f.since = optarg; break;
		case 'u': f.until = optarg; break;
		case 'l':
			if (!isms_parse_int(optarg, 1, 1000000, &limit))
				return cli_usage_error(cli, _("--limit needs a number from 1 to 1000000"));
			f.limit = (size_t)limit;
			break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	if (log_list(cli->ctx, &cli->arena, &f, &rows, &n, &err))
		return cli_fail(cli, &err, NULL);
	rtable_init(&t);
	rtable_col(&t, "id", _("No."), RCELL_NUMBER);
	rtable_col(&t, "at", _("Time (UTC)"), RCELL_TEXT);
	rtable_col(&t, "actor", _("Actor"), RCELL_TEXT);
	rtable_col(&t, "entity", _("Entity"), RCELL_TEXT);
	rtable_col(&t, "entity_id", _("ID"), RCELL_TEXT);
	rtable_col(&t, "action", _("Action"), RCELL_TEXT);
	rtable_col(&t, "before", _("Before"), RCELL_TEXT);
	rtable_col(&t, "after", _("After"), RCELL_TEXT);
	for (size_t i = 0; i < n; i++) {
		rtable_row(&t);
		rtable_setf(&t, 0, "%lld", (long long)rows[i].id);
		rtable_set(&t, 1, rows[i].at);
		rtable_set(&t, 2, rows[i].actor);
		rtable_set(&t, 3, rows[i].entity);
		rtable_set(&t, 4, rows[i].entity_id);
		rtable_set(&t, 5, rows[i].action);
		rtable_set(&t, 6, rows[i].before);
		rtable_set(&t, 7, rows[i].after);
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	return EXIT_OK;
}

int cmd_log_verify(struct cli *cli, int argc, char **argv)
{
	struct isms_err err;
	int64_t count = 0, bad = 0;

	if (argc > 1)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[1]);
	if (log_verify(cli->ctx, &count, &bad, &err)) {
		if (cli->format == RTABLE_JSON && err.code == ISMS_ETAMPER)
			printf("{\"ok\": false, \"bad_entry\": %lld}\n", (long long)bad);
		return cli_fail(cli, &err, NULL);
	}
	if (cli->format == RTABLE_JSON)
		printf("{\"ok\": true, \"entries\": %lld}\n", (long long)count);
	else
		printf(_("The audit log is intact: %lld entries checked.\n"), (long long)count);
	return EXIT_OK;
}
