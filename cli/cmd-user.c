/* cmd-user.c - "isms user add|list|passwd|role": users and their roles. */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "isms/account.h"
#include "isms/user.h"
#include "isms/xalloc.h"

const struct cmd user_cmds[] = {
	{ "add", cmd_user_add, "isms user add NAME [--display-name TEXT] [--role ROLE] [--no-password]",
	  N_("Add a user; the password is asked for, or read from standard input"),
	  N_("--display-name TEXT  the name shown to others\n"
	     "--role ROLE          also give the user this role in the ISMS:\n"
	     "                     admin, manager, owner, approver, auditor or viewer\n"
	     "--no-password        create the account without a password (it cannot log in)"),
	  CMD_DB | CMD_WRITE | CMD_CREATE, NULL },
	{ "list", cmd_user_list, "isms user list",
	  N_("List the users and their roles in the ISMS"), NULL, CMD_DB, NULL },
	{ "passwd", cmd_user_passwd, "isms user passwd NAME",
	  N_("Set a user's password (asked for, or read from standard input)"), NULL,
	  CMD_DB | CMD_WRITE, NULL },
	{ "role", cmd_user_role, "isms user role NAME ROLE|none",
	  N_("Give a user a role in the ISMS, or take it away with \"none\""),
	  N_("Roles: admin, manager, owner, approver, auditor, viewer."), CMD_DB | CMD_WRITE | CMD_ISMS,
	  NULL },
	{ 0 },
};

static void wipe(char *p)
{
	if (p) {
		sodium_memzero(p, strlen(p));
		free(p);
	}
}

int cmd_user_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "display-name", required_argument, NULL, 'd' },
		{ "role", required_argument, NULL, 'r' },
		{ "no-password", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *display = NULL, *role_s = NULL;
	enum isms_role role = ROLE_NONE;
	bool no_password = false;
	char *password = NULL;
	struct isms_err err;
	int r, opt, rc = EXIT_OK;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'd': display = optarg; break;
		case 'r': role_s = optarg; break;
		case 'N': no_password = true; break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind + 1 != argc)
		return cli_usage_error(cli, optind >= argc ? _("the user's name is missing")
							   : _("too many arguments"));
	if (role_s && !user_role_parse(role_s, &role))
		return cli_usage_error(cli, _("unknown role \"%s\""), role_s);
	if (role != ROLE_NONE &&
	    isms_resolve(cli->ctx, &cli->arena, cli->isms_name, &cli->isms, &err))
		return cli_fail(cli, &err, NULL);
	if (!no_password) {
		password = cli_read_password(cli, true);
		if (!password)
			return EXIT_INVALID;
	}
	if (user_add(cli->ctx, argv[optind], display, password, NULL, &err)) {
		rc = cli_fail(cli, &err, NULL);
		goto out;
	}
	if (role != ROLE_NONE &&
	    user_role_set(cli->ctx, cli->isms.id, argv[optind], role, &err)) {
		rc = cli_fail(cli, &err, NULL);
		goto out;
	}
	printf(_("Added user \"%s\".\n"), argv[optind]);
	if (role != ROLE_NONE)
		printf(_("\"%s\" is %s in \"%s\".\n"), argv[optind], user_role_label(role),
		       cli->isms.name);
out:
	wipe(password);
	return rc;
}

int cmd_user_list(struct cli *cli, int argc, char **argv)
{
	struct user_info *rows;
	struct isms_info isms = { 0 };
	struct isms_err err;
	struct rtable t;
	size_t n;

	if (argc > 1)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[1]);
	/* The role column needs an ISMS; without one, users are still listed. */
	if (isms_resolve(cli->ctx, &cli->arena, cli->isms_name, &isms, &err) && cli->isms_name)
		return cli_fail(cli, &err, NULL);
	if (user_list(cli->ctx, &cli->arena, isms.id, &rows, &n, &err))
		return cli_fail(cli, &err, NULL);
	rtable_init(&t);
	rtable_col(&t, "name", _("User"), RCELL_TEXT);
	rtable_col(&t, "display_name", _("Display name"), RCELL_TEXT);
	rtable_col(&t, "role", _("Role"), RCELL_TEXT);
	rtable_col(&t, "password", _("Password set"), RCELL_BOOL);
	rtable_col(&t, "created_at", _("Created"), RCELL_TEXT);
	for (size_t i = 0; i < n; i++) {
		rtable_row(&t);
		rtable_set(&t, 0, rows[i].name);
		rtable_set(&t, 1, rows[i].display_name);
		rtable_set(&t, 2, rows[i].role ? (cli->format == RTABLE_TEXT
							  ? user_role_label(rows[i].role)
							  : user_role_code(rows[i].role))
					       : NULL);
		rtable_set(&t, 3, rows[i].has_password ? "true" : "false");
		rtable_set(&t, 4, rows[i].created_at);
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	return EXIT_OK;
}

int cmd_user_passwd(struct cli *cli, int argc, char **argv)
{
	struct isms_err err;
	char *password;
	int rc = EXIT_OK;

	if (argc != 2)
		return cli_usage_error(cli, argc < 2 ? _("the user's name is missing")
						     : _("too many arguments"));
	password = cli_read_password(cli, true);
	if (!password)
		return EXIT_INVALID;
	if (account_set_password(cli->ctx, argv[1], password, &err))
		rc = cli_fail(cli, &err, NULL);
	else
		printf(_("The password of \"%s\" has been changed.\n"), argv[1]);
	wipe(password);
	return rc;
}

int cmd_user_role(struct cli *cli, int argc, char **argv)
{
	enum isms_role role = ROLE_NONE;
	struct isms_err err;

	if (argc != 3)
		return cli_usage_error(cli, argc < 3 ? _("the user's name and a role are needed")
						     : _("too many arguments"));
	if (strcmp(argv[2], "none") && !user_role_parse(argv[2], &role))
		return cli_usage_error(cli, _("unknown role \"%s\""), argv[2]);
	if (user_role_set(cli->ctx, cli->isms.id, argv[1], role, &err))
		return cli_fail(cli, &err, NULL);
	if (role == ROLE_NONE)
		printf(_("\"%s\" has no role in \"%s\" any more.\n"), argv[1], cli->isms.name);
	else
		printf(_("\"%s\" is %s in \"%s\".\n"), argv[1], user_role_label(role), cli->isms.name);
	return EXIT_OK;
}
