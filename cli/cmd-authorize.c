/* cmd-authorize.c - "isms authorize": step 9, management's authorisation of the ISMS. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "isms/authorisation.h"
#include "isms/json.h"
#include "isms/versioned.h"

static void show(struct cli *cli, const struct authorisation *au)
{
	if (cli->format == RTABLE_JSON) {
		struct sbuf sb = SBUF_INIT;
		json_t *o = json_object();

		json_set_str(o, "state", versioned_state_code(au->state));
		if (au->state != APPROVAL_NONE) {
			json_set_str(o, "by", au->latest.approver);
			json_set_str(o, "at", au->latest.at);
			json_set_str(o, "comment", au->latest.comment);
			json_set_int(o, "scope_version", au->was.scope_version);
			json_set_int(o, "policy_version", au->was.policy_version);
			json_set_str(o, "risk_fingerprint", au->was.risk_hash);
			json_set_bool(o, "scope_changed", au->scope_changed);
			json_set_bool(o, "policy_changed", au->policy_changed);
			json_set_bool(o, "risks_changed", au->risks_changed);
		}
		json_write(&sb, o, 1);
		printf("%s\n", sb.buf);
		json_decref(o);
		sbuf_release(&sb);
		return;
	}
	if (au->state == APPROVAL_NONE) {
		printf("%s\n", _("Management has not authorised the ISMS yet."));
		return;
	}
	printf("%s: %s\n", _("State"), au->state == APPROVAL_CURRENT ? _("authorised")
				       : au->state == APPROVAL_STALE ? _("authorised, but stale")
								     : _("refused"));
	printf("%s: %s\n", _("By"), au->latest.approver);
	printf("%s: %s\n", _("At"), au->latest.at);
	printf("%s: %s\n", _("Comment"), au->latest.comment);
	printf("%s: %s %d, %s %d, %s %.12s\n", _("Covers"), _("scope version"), au->was.scope_version,
	       _("policy version"), au->was.policy_version, _("risk fingerprint"), au->was.risk_hash);
	if (au->scope_changed)
		printf("  - %s\n", _("the scope has changed since"));
	if (au->policy_changed)
		printf("  - %s\n", _("the policy has changed since"));
	if (au->risks_changed)
		printf("  - %s\n", _("the risk method, a treatment or a residual-risk approval has changed since"));
}

int cmd_authorize(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "comment", required_argument, NULL, 'c' },
		{ "reject", no_argument, NULL, 'r' },
		{ "show", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *comment = NULL;
	struct authorisation au;
	struct isms_err err;
	bool reject = false, only_show = false;
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'c': comment = optarg; break;
		case 'r': reject = true; break;
		case 's': only_show = true; break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	if (!only_show) {
		if (!comment)
			return cli_usage_error(cli, _("--comment is required: say what management authorises"));
		if (authorisation_record(cli->ctx, cli->isms.id,
					 reject ? APPROVAL_REJECTED : APPROVAL_APPROVED, comment, &err))
			return cli_fail(cli, &err, NULL);
		printf(reject ? _("%s refused to authorise the ISMS.\n")
			      : _("%s authorised the ISMS.\n"),
		       isms_ctx_actor(cli->ctx));
	}
	if (authorisation_get(cli->ctx, &cli->arena, cli->isms.id, &au, &err))
		return cli_fail(cli, &err, NULL);
	show(cli, &au);
	return EXIT_OK;
}
