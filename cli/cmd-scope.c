/* cmd-scope.c - "isms scope show|edit|set|approve|history": step 1, the ISMS scope. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "isms/json.h"
#include "isms/scope.h"
#include "isms/util.h"

const struct cmd scope_cmds[] = {
	{ "show", cmd_scope_show, "isms scope show [--version N]",
	  N_("Show the scope (the latest version, or an older one) in its file format"),
	  N_("--version N        an older version (\"isms scope history\" lists them)\n"
	     "With --format json, the scope as JSON."),
	  CMD_DB | CMD_ISMS, NULL },
	{ "edit", cmd_scope_edit, "isms scope edit",
	  N_("Edit the scope in $EDITOR and save it as a new version"),
	  N_("Starts from the latest version, or from a template with guidance.\n"
	     "The file format is described in docs/commands/scope.md."),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "set", cmd_scope_set, "isms scope set --file FILE",
	  N_("Save the scope from a file as a new version"),
	  N_("--file FILE        the scope in its file format (\"-\": standard input)"),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "approve", cmd_scope_approve, "isms scope approve [--comment TEXT] [--reject]",
	  N_("Approve the latest version of the scope (an approver, acting with --as NAME)"),
	  N_("--comment TEXT     a comment recorded with the decision\n"
	     "--reject           record a rejection instead"),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "history", cmd_scope_history, "isms scope history",
	  N_("List the versions of the scope and their approvals"), NULL, CMD_DB | CMD_ISMS, NULL },
	{ 0 },
};

static json_t *scope_json(const struct scope *s, enum approval_state st)
{
	static const char *const keys[SCOPE_NKINDS] = {
		"units", "sites", "processes", "systems", "interfaces", "exclusions",
	};
	json_t *o = json_object();

	json_set_int(o, "version", s->version);
	json_set_str(o, "created_at", s->created_at);
	json_set_str(o, "created_by", s->created_by);
	json_set_str(o, "approval", versioned_state_code(st));
	json_set_str(o, "organisation", s->organisation);
	for (int k = 0; k < SCOPE_NKINDS; k++) {
		json_t *arr = json_array();

		for (size_t i = 0; i < s->nitems[k]; i++) {
			json_t *it = json_object();

			json_set_str(it, "name", s->items[k][i].name);
			json_set_str(it, k == SCOPE_EXCLUSION ? "justification" : "detail",
				     s->items[k][i].detail);
			json_array_append_new(arr, it);
		}
		json_object_set_new(o, keys[k], arr);
	}
	json_set_str(o, "description", s->description);
	return o;
}

int cmd_scope_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "version", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	enum approval_state st = APPROVAL_NONE;
	struct sbuf sb = SBUF_INIT;
	struct isms_err err;
	struct scope s;
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
	if (scope_get(cli->ctx, &cli->arena, cli->isms.id, (int)version, &s, &err))
		return cli_fail(cli, &err, NULL);
	if (!version || version == s.version) {
		struct scope latest;

		/* The approval state is of the latest version. */
		if (scope_get(cli->ctx, &cli->arena, cli->isms.id, 0, &latest, &err) ||
		    (latest.version == s.version &&
		     scope_approval_state(cli->ctx, cli->isms.id, &st, &err)))
			return cli_fail(cli, &err, NULL);
	}
	if (cli->format == RTABLE_JSON) {
		json_t *o = scope_json(&s, st);

		json_write(&sb, o, 1);
		json_decref(o);
		printf("%s\n", sb.buf);
	} else {
		printf("<!-- %s -->\n", arena_printf(&cli->arena, _("version %d, saved %s by %s; %s"),
						    s.version, s.created_at, s.created_by,
						    versioned_state_label(st)));
		scope_format(&s, &sb);
		fputs(sb.buf, stdout);
	}
	sbuf_release(&sb);
	return EXIT_OK;
}

/* Parse and save; `file` names the input in errors. */
static int save(struct cli *cli, const struct sbuf *text, const char *file)
{
	struct isms_err err;
	struct scope s;
	bool unchanged;
	int version;

	if (scope_parse(text->buf, text->len, &cli->arena, &s, &err) ||
	    scope_save(cli->ctx, cli->isms.id, &s, &version, &unchanged, &err))
		return cli_fail(cli, &err, file);
	if (unchanged)
		printf(_("The scope is unchanged (version %d); nothing was saved.\n"), version);
	else
		printf(_("Saved the scope as version %d.\n"), version);
	return EXIT_OK;
}

int cmd_scope_set(struct cli *cli, int argc, char **argv)
{
	return cli_set_from_file(cli, argc, argv, SCOPE_FILE_MAX, save);
}

int cmd_scope_edit(struct cli *cli, int argc, char **argv)
{
	struct sbuf initial = SBUF_INIT;
	struct isms_err err;
	struct scope s;
	char *kept;
	int rc;

	if (argc > 1)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[1]);
	rc = scope_get(cli->ctx, &cli->arena, cli->isms.id, 0, &s, &err);
	if (rc == ISMS_ENOTFOUND)
		scope_template(cli->isms.org, &initial);
	else if (rc)
		return cli_fail(cli, &err, NULL);
	else
		scope_format(&s, &initial);
	rc = cli_edit_save(cli, initial.buf, SCOPE_FILE_MAX, false, save, &kept);
	if (kept) {
		fprintf(stderr, _("Your text is kept in %s; fix it and run \"isms scope set --file %s\".\n"),
			kept, kept);
		free(kept);
	}
	sbuf_release(&initial);
	return rc;
}

/* The options of "approve" subcommands: --comment TEXT and --reject. */
int cli_approve_opts(struct cli *cli, int argc, char **argv, const char **ret_comment,
		     bool *ret_reject, int *ret_number)
{
	static const struct option opts[] = {
		{ "comment", required_argument, NULL, 'c' },
		{ "reject", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	long long n = 0;
	int r, opt;

	*ret_comment = NULL;
	*ret_reject = false;
	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		if (opt == 'c')
			*ret_comment = optarg;
		else if (opt == 'r')
			*ret_reject = true;
	}
	if (r == 'h')
		return -1;
	if (r == '?')
		return EXIT_USAGE;
	if (ret_number && optind < argc) {
		if (!isms_parse_int(argv[optind], 1, 1000000000, &n))
			return cli_usage_error(cli, _("\"%s\" is not a number"), argv[optind]);
		*ret_number = (int)n;
		optind++;
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	return EXIT_OK;
}

int cli_comment_opt(struct cli *cli, int argc, char **argv, const char **ret_comment)
{
	static const struct option opts[] = {
		{ "comment", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int r, opt;

	*ret_comment = NULL;
	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0)
		if (opt == 'c')
			*ret_comment = optarg;
	if (r == 'h')
		return -1;
	return r == '?' ? EXIT_USAGE : EXIT_OK;
}

int cmd_scope_approve(struct cli *cli, int argc, char **argv)
{
	const char *comment;
	struct isms_err err;
	bool reject;
	int rc = cli_approve_opts(cli, argc, argv, &comment, &reject, NULL), version;
	enum approval_decision d = reject ? APPROVAL_REJECTED : APPROVAL_APPROVED;

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (scope_approve(cli->ctx, cli->isms.id, d, comment, &version, &err))
		return cli_fail(cli, &err, NULL);
	printf(d == APPROVAL_APPROVED ? _("Version %d of the scope is approved by %s.\n")
				      : _("Version %d of the scope is rejected by %s.\n"),
	       version, isms_ctx_actor(cli->ctx));
	return EXIT_OK;
}

/* A version history as a table (shared with "isms policy history"). */
void cli_print_history(struct cli *cli, const struct version_info *v, size_t n)
{
	struct rtable t;

	rtable_init(&t);
	rtable_col(&t, "version", _("Version"), RCELL_NUMBER);
	rtable_col(&t, "created_at", _("Saved"), RCELL_TEXT);
	rtable_col(&t, "created_by", _("By"), RCELL_TEXT);
	rtable_col(&t, "approved_by", _("Approved by"), RCELL_TEXT);
	rtable_col(&t, "approved_at", _("Approved"), RCELL_TEXT);
	for (size_t i = 0; i < n; i++) {
		rtable_row(&t);
		rtable_setf(&t, 0, "%d", v[i].version);
		rtable_set(&t, 1, v[i].created_at);
		rtable_set(&t, 2, v[i].created_by);
		rtable_set(&t, 3, v[i].approved_by);
		rtable_set(&t, 4, v[i].approved_at);
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
}

int cmd_scope_history(struct cli *cli, int argc, char **argv)
{
	struct version_info *v;
	struct isms_err err;
	size_t n;

	if (argc > 1)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[1]);
	if (scope_history(cli->ctx, &cli->arena, cli->isms.id, &v, &n, &err))
		return cli_fail(cli, &err, NULL);
	cli_print_history(cli, v, n);
	return EXIT_OK;
}
