/* cmd-policy.c - "isms policy show|edit|set|approve|history|template": step 2, the ISMS policy. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "isms/json.h"
#include "isms/policy.h"
#include "isms/util.h"

const struct cmd policy_cmds[] = {
	{ "show", cmd_policy_show, "isms policy show [--version N]",
	  N_("Show the ISMS policy (the latest version, or an older one)"),
	  N_("--version N        an older version (\"isms policy history\" lists them)\n"
	     "With --format json, the policy and its approval as JSON."),
	  CMD_DB | CMD_ISMS, NULL },
	{ "edit", cmd_policy_edit, "isms policy edit [--template ja|en]",
	  N_("Edit the policy in $EDITOR and save it as a new version"),
	  N_("Starts from the latest version, or from the template in the ISMS's language.\n"
	     "--template ja|en   start from the template in this language instead"),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "set", cmd_policy_set, "isms policy set --file FILE",
	  N_("Save the policy from a Markdown file as a new version"),
	  N_("--file FILE        the policy as Markdown (\"-\": standard input)"),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "approve", cmd_policy_approve, "isms policy approve [--comment TEXT] [--reject]",
	  N_("Approve the latest version of the policy (an approver, acting with --as NAME)"),
	  N_("--comment TEXT     a comment recorded with the decision\n"
	     "--reject           record a rejection instead"),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "history", cmd_policy_history, "isms policy history",
	  N_("List the versions of the policy and their approvals"), NULL, CMD_DB | CMD_ISMS, NULL },
	{ "template", cmd_policy_template, "isms policy template [--template ja|en]",
	  N_("Print the starting template of the policy"),
	  N_("--template ja|en   the template's language (default: the ISMS's)"),
	  CMD_DB | CMD_ISMS, NULL },
	{ 0 },
};

int cmd_policy_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "version", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	enum approval_state st = APPROVAL_NONE;
	struct isms_err err;
	struct policy p, latest;
	long long version = 0;
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		if (opt == 'v' && !isms_parse_int(optarg, 1, 1000000, &version))
			return cli_usage_error(cli, _("--version needs a version number"));
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	if (policy_get(cli->ctx, &cli->arena, cli->isms.id, (int)version, &p, &err) ||
	    policy_get(cli->ctx, &cli->arena, cli->isms.id, 0, &latest, &err))
		return cli_fail(cli, &err, NULL);
	if (latest.version == p.version && policy_approval_state(cli->ctx, cli->isms.id, &st, &err))
		return cli_fail(cli, &err, NULL);
	if (cli->format == RTABLE_JSON) {
		struct sbuf sb = SBUF_INIT;
		json_t *o = json_object();

		json_set_int(o, "version", p.version);
		json_set_str(o, "created_at", p.created_at);
		json_set_str(o, "created_by", p.created_by);
		json_set_str(o, "approval", versioned_state_code(st));
		json_set_str(o, "body", p.body);
		json_write(&sb, o, 1);
		printf("%s\n", sb.buf);
		json_decref(o);
		sbuf_release(&sb);
	} else {
		printf("<!-- %s -->\n", arena_printf(&cli->arena, _("version %d, saved %s by %s; %s"),
						    p.version, p.created_at, p.created_by,
						    versioned_state_label(st)));
		fputs(p.body, stdout);
	}
	return EXIT_OK;
}

static int save(struct cli *cli, const struct sbuf *text, const char *file)
{
	struct isms_err err;
	bool unchanged;
	int version;

	if (policy_check(text->buf, text->len, &err) ||
	    policy_save(cli->ctx, cli->isms.id, text->buf, &version, &unchanged, &err))
		return cli_fail(cli, &err, file);
	if (unchanged)
		printf(_("The policy is unchanged (version %d); nothing was saved.\n"), version);
	else
		printf(_("Saved the policy as version %d.\n"), version);
	return EXIT_OK;
}

int cmd_policy_set(struct cli *cli, int argc, char **argv)
{
	return cli_set_from_file(cli, argc, argv, POLICY_FILE_MAX, save);
}

/* --template ja|en, else the ISMS's language. */
static int template_lang(struct cli *cli, int argc, char **argv, enum isms_lang *ret)
{
	static const struct option opts[] = {
		{ "template", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int r, opt;

	*ret = cli->isms.lang;
	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		if (opt == 't' && (strcmp(optarg, "ja") && strcmp(optarg, "en")))
			return cli_usage_error(cli, _("unknown language \"%s\""), optarg);
		if (opt == 't')
			i18n_parse_lang(optarg, ret);
	}
	if (r == 'h')
		return -1;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	return EXIT_OK;
}

int cmd_policy_template(struct cli *cli, int argc, char **argv)
{
	struct sbuf sb = SBUF_INIT;
	struct isms_err err;
	enum isms_lang lang;
	char date[16];
	int rc = template_lang(cli, argc, argv, &lang);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	cli_today(date);
	if (policy_template(lang, cli->isms.org, date, &sb, &err))
		rc = cli_fail(cli, &err, NULL);
	else
		fputs(sb.buf, stdout);
	sbuf_release(&sb);
	return rc;
}

int cmd_policy_edit(struct cli *cli, int argc, char **argv)
{
	struct sbuf initial = SBUF_INIT;
	struct isms_err err;
	struct policy p;
	enum isms_lang lang;
	bool given = false;
	char date[16], *kept;
	int rc;

	for (int i = 1; i < argc; i++)
		given |= !strncmp(argv[i], "--template", 10);
	rc = template_lang(cli, argc, argv, &lang);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	rc = given ? ISMS_ENOTFOUND : policy_get(cli->ctx, &cli->arena, cli->isms.id, 0, &p, &err);
	if (rc == ISMS_ENOTFOUND) {
		cli_today(date);
		if (policy_template(lang, cli->isms.org, date, &initial, &err))
			return cli_fail(cli, &err, NULL);
	} else if (rc) {
		return cli_fail(cli, &err, NULL);
	} else {
		sbuf_addstr(&initial, p.body);
	}
	/* A new policy is saved as it comes back, even the template untouched. */
	rc = cli_edit_save(cli, initial.buf, POLICY_FILE_MAX, rc == ISMS_ENOTFOUND, save, &kept);
	if (kept) {
		fprintf(stderr, _("Your text is kept in %s; fix it and run \"isms policy set --file %s\".\n"),
			kept, kept);
		free(kept);
	}
	sbuf_release(&initial);
	return rc;
}

int cmd_policy_approve(struct cli *cli, int argc, char **argv)
{
	const char *comment;
	struct isms_err err;
	bool reject;
	int rc = cli_approve_opts(cli, argc, argv, &comment, &reject, NULL), version;

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (policy_approve(cli->ctx, cli->isms.id, reject ? APPROVAL_REJECTED : APPROVAL_APPROVED,
			   comment, &version, &err))
		return cli_fail(cli, &err, NULL);
	printf(reject ? _("Version %d of the policy is rejected by %s.\n")
		      : _("Version %d of the policy is approved by %s.\n"),
	       version, isms_ctx_actor(cli->ctx));
	return EXIT_OK;
}

int cmd_policy_history(struct cli *cli, int argc, char **argv)
{
	struct version_info *v;
	struct isms_err err;
	size_t n;

	if (argc > 1)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[1]);
	if (policy_history(cli->ctx, &cli->arena, cli->isms.id, &v, &n, &err))
		return cli_fail(cli, &err, NULL);
	cli_print_history(cli, v, n);
	return EXIT_OK;
}
