/* cmd-demo.c - "isms demo": a demo ISMS, filled in through all ten steps, to look around in. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "isms/demo.h"
#include "isms/util.h"

int cmd_demo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "edition", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	/* Japanese unless --lang en: the demo company is in Tokyo. */
	struct demo_opts o = { .lang = cli->lang_given ? cli->lang : ISMS_LANG_JA, .edition = 2022 };
	struct isms_err err;
	long long ed;
	int64_t id;
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		if (opt == 'n')
			o.name = optarg;
		else if (opt == 'e' && (!isms_parse_int(optarg, 0, 9999, &ed) || (ed != 2022 && ed != 2013)))
			return cli_usage_error(cli, _("the demo is built on edition 2022 or 2013"));
		else if (opt == 'e')
			o.edition = (int)ed;
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	if (o.name && isms_check_text(o.name, ISMS_NAME_MAX, "name", &err))
		return cli_fail(cli, &err, NULL);
	if (demo_build(cli->ctx, &o, &id, &err))
		return cli_fail(cli, &err, NULL);
	printf(_("Built the demo ISMS \"%s\" (ISO/IEC 27001:%d) in %s: all ten steps, with an approved Statement of Applicability.\n"),
	       o.name ? o.name : "demo", o.edition, cli->db);
	printf(_("Users: %s (ISMS manager) and %s (approver). Try \"isms --isms %s status\" and \"isms --isms %s export --dir docs\".\n"),
	       DEMO_MANAGER, DEMO_APPROVER, o.name ? o.name : "demo", o.name ? o.name : "demo");
	return EXIT_OK;
}
