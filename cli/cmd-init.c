/* cmd-init.c - "isms init": create a new ISMS (and the database if needed). */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "isms/util.h"

int cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "edition", required_argument, NULL, 'e' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct isms_new n = { .lang = cli->lang_asked };
	const char *edition = NULL;
	struct isms_err err;
	long long ed = 0;
	int64_t id;
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'o': n.org = optarg; break;
		case 'e': edition = optarg; break;
		case 'n': n.name = optarg; break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	if (!n.org)
		return cli_usage_error(cli, _("--org is required"));
	if (!edition)
		return cli_usage_error(cli, _("--edition is required"));
	if (!isms_parse_int(edition, 0, 9999, &ed) || !isms_edition_valid((int)ed)) {
		isms_err_set(&err, ISMS_EINVAL, _("unknown edition \"%s\""), edition);
		isms_err_hint(&err, _("The editions of ISO/IEC 27001 are 2005, 2013 and 2022."));
		isms_err_field(&err, "edition");
		return cli_fail(cli, &err, NULL);
	}
	n.edition = (int)ed;
	if (isms_create(cli->ctx, &n, &id, &err))
		return cli_fail(cli, &err, NULL);
	printf(_("Created ISMS \"%s\" (ISO/IEC 27001:%d) in %s.\n"), n.name ? n.name : n.org,
	       n.edition, cli->db);
	printf("%s\n", _("Next: \"isms status\" shows the ten steps of establishing it."));
	return EXIT_OK;
}
