/* cmd-list.c - "isms list" and "isms use": the ISMS of a database. */
#include <stdio.h>

#include "cli.h"

int cmd_list(struct cli *cli, int argc, char **argv)
{
	struct isms_info *rows;
	struct isms_err err;
	struct rtable t;
	size_t n;

	if (argc > 1)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[1]);
	if (isms_list(cli->ctx, &cli->arena, &rows, &n, &err))
		return cli_fail(cli, &err, NULL);
	rtable_init(&t);
	rtable_col(&t, "name", _("Name"), RCELL_TEXT);
	rtable_col(&t, "org", _("Organisation"), RCELL_TEXT);
	rtable_col(&t, "edition", _("Edition"), RCELL_NUMBER);
	rtable_col(&t, "lang", _("Language"), RCELL_TEXT);
	rtable_col(&t, "default", _("Default"), RCELL_BOOL);
	rtable_col(&t, "created_at", _("Created"), RCELL_TEXT);
	for (size_t i = 0; i < n; i++) {
		rtable_row(&t);
		rtable_set(&t, 0, rows[i].name);
		rtable_set(&t, 1, rows[i].org);
		rtable_setf(&t, 2, "%d", rows[i].edition);
		rtable_set(&t, 3, i18n_code(rows[i].lang));
		rtable_set(&t, 4, cli->format == RTABLE_TEXT ? (rows[i].is_default ? "*" : "")
							     : (rows[i].is_default ? "true" : "false"));
		rtable_set(&t, 5, rows[i].created_at);
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	return EXIT_OK;
}

int cmd_use(struct cli *cli, int argc, char **argv)
{
	struct isms_err err;

	if (argc != 2)
		return cli_usage_error(cli, argc < 2 ? _("the ISMS's name is missing")
						     : _("too many arguments"));
	if (isms_use(cli->ctx, argv[1], &err))
		return cli_fail(cli, &err, NULL);
	printf(_("\"%s\" is now the default ISMS of %s.\n"), argv[1], cli->db);
	return EXIT_OK;
}
