/* cmd-vuln.c - "isms vuln list|show|add|edit|rm": the vulnerabilities of the library and the ISMS's own. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "isms/asset.h"
#include "isms/library.h"

const struct cmd vuln_cmds[] = {
	{ "list", cmd_vuln_list, "isms vuln list [--asset-type T] [--threat CODE] [--own]",
	  N_("List the vulnerabilities of the library and the ISMS's own"),
	  N_("--asset-type T     only vulnerabilities of this type of asset\n"
	     "--threat CODE      only those that let this threat happen\n"
	     "--own              only the ISMS's own vulnerabilities"),
	  CMD_DB | CMD_ISMS, NULL },
	{ "show", cmd_vuln_show, "isms vuln show CODE|NAME",
	  N_("Show a vulnerability with the threats it lets happen and its controls"), NULL,
	  CMD_DB | CMD_ISMS, NULL },
	{ "add", cmd_vuln_add, "isms vuln add --name-en TEXT|--name-ja TEXT [OPTIONS]",
	  N_("Add a vulnerability to the ISMS's own library"),
	  N_("--code CODE            its code (default: the next UV-NNN)\n"
	     "--name-en TEXT         its name in English\n"
	     "--name-ja TEXT         its name in Japanese (at least one name is required)\n"
	     "--asset-types LIST     the asset types it concerns, comma-separated\n"
	     "--threats LIST         the codes of the threats it lets happen, comma-separated\n"
	     "--control ID           a control of the ISMS's edition that closes it (repeatable)\n"
	     "--description-en TEXT  a description in English\n"
	     "--description-ja TEXT  a description in Japanese"),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "edit", cmd_vuln_edit, "isms vuln edit CODE [OPTIONS]",
	  N_("Change a vulnerability of the ISMS's own library; an empty value clears a field"),
	  N_("--name-en TEXT         its name in English\n"
	     "--name-ja TEXT         its name in Japanese (one of the names must remain)\n"
	     "--asset-types LIST     the asset types it concerns, comma-separated\n"
	     "--threats LIST         the codes of the threats it lets happen, comma-separated\n"
	     "--control ID           a control of the ISMS's edition that closes it (repeatable;\n"
	     "                       the controls given replace the list, --control \"\" empties it)\n"
	     "--description-en TEXT  a description in English\n"
	     "--description-ja TEXT  a description in Japanese\n"
	     "Built-in vulnerabilities cannot be changed: add one of the ISMS's own instead."),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "rm", cmd_vuln_rm, "isms vuln rm CODE",
	  N_("Remove a vulnerability of the ISMS's own library (not while risks use it)"), NULL,
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ 0 },
};

int cmd_vuln_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "asset-type", required_argument, NULL, 't' },
		{ "threat", required_argument, NULL, 'T' },
		{ "own", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	enum asset_type type = ASSET_INFORMATION;
	const char *threat = NULL;
	bool by_type = false, own = false;
	struct library lib;
	struct isms_err err;
	struct rtable t;
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 't':
			if (!asset_type_parse(optarg, &type))
				return cli_usage_error(cli, _("unknown asset type \"%s\""), optarg);
			by_type = true;
			break;
		case 'T': threat = optarg; break;
		case 'o': own = true; break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	if (library_load(cli->ctx, &cli->arena, cli->isms.id, &lib, &err))
		return cli_fail(cli, &err, NULL);
	if (threat) {
		const struct lib_threat *th = library_find_threat(&lib, threat);

		if (!th) {
			isms_err_set(&err, ISMS_ENOTFOUND, _("no threat \"%s\" in the library"), threat);
			return cli_fail(cli, &err, NULL);
		}
		threat = th->code;
	}
	rtable_init(&t);
	rtable_col(&t, "code", _("Code"), RCELL_TEXT);
	rtable_col(&t, "name", _("Vulnerability"), RCELL_TEXT);
	rtable_col(&t, "threats", _("Threats"), RCELL_TEXT);
	rtable_col(&t, "asset_types", _("Asset types"), RCELL_TEXT);
	rtable_col(&t, "own", _("Own"), RCELL_BOOL);
	for (size_t k = 0; k < lib.nvulns; k++) {
		const struct lib_vuln *v = lib.vulns[k];

		if ((own && !v->own) || (by_type && !lib_list_has(v->asset_types, asset_type_code(type))) ||
		    (threat && !lib_list_has(v->threats, threat)))
			continue;
		rtable_row(&t);
		rtable_set(&t, 0, v->code);
		rtable_set(&t, 1, lib_vuln_name(v));
		rtable_set(&t, 2, v->threats);
		rtable_set(&t, 3, cli->format == RTABLE_TEXT ? cli_asset_types_text(cli, v->asset_types)
							      : v->asset_types);
		rtable_set(&t, 4, v->own ? "true" : "false");
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	return EXIT_OK;
}

int cmd_vuln_show(struct cli *cli, int argc, char **argv)
{
	const struct lib_vuln *v;
	struct library lib;
	struct isms_err err;

	if (argc != 2)
		return cli_usage_error(cli, "%s", argc < 2 ? _("the vulnerability's code or name is missing")
							 : _("too many arguments"));
	if (library_load(cli->ctx, &cli->arena, cli->isms.id, &lib, &err))
		return cli_fail(cli, &err, NULL);
	v = library_find_vuln(&lib, argv[1]);
	if (!v) {
		library_vuln_not_found(&cli->arena, &lib, argv[1], ISMS_ENOTFOUND, &err);
		return cli_fail(cli, &err, NULL);
	}
	printf("%s: %s\n", _("Code"), v->code);
	printf("%s: %s\n", _("Name (English)"), *v->name_en ? v->name_en : "-");
	printf("%s: %s\n", _("Name (Japanese)"), *v->name_ja ? v->name_ja : "-");
	printf("%s: %s\n", _("Asset types"), *v->asset_types ? cli_asset_types_text(cli, v->asset_types) : "-");
	printf("%s: %s\n", _("Source"), v->own ? _("the ISMS's own library") : _("the built-in library"));
	printf(_("Controls (ISO/IEC 27001:%d): %s\n"), cli->isms.edition,
	       *lib_vuln_controls(v, cli->isms.edition) ? lib_vuln_controls(v, cli->isms.edition) : "-");
	printf("%s: %s\n", _("Description"), *lib_vuln_desc(v) ? lib_vuln_desc(v) : "-");
	printf("%s:\n", _("Threats it lets happen"));
	if (!*v->threats)
		printf("  -\n");
	for (size_t k = 0; k < lib.nthreats; k++)
		if (lib_list_has(v->threats, lib.threats[k]->code))
			printf("  %s  %s\n", lib.threats[k]->code, lib_threat_name(lib.threats[k]));
	return EXIT_OK;
}

int cmd_vuln_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "code", required_argument, NULL, 'C' },
		{ "name-en", required_argument, NULL, 'e' },
		{ "name-ja", required_argument, NULL, 'j' },
		{ "asset-types", required_argument, NULL, 't' },
		{ "threats", required_argument, NULL, 'T' },
		{ "control", required_argument, NULL, 'k' },
		{ "description-en", required_argument, NULL, 'd' },
		{ "description-ja", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct lib_vuln v = { 0 };
	struct sbuf controls = SBUF_INIT;
	char code[LIB_CODE_MAX + 1];
	struct isms_err err;
	int r, opt, rc = EXIT_OK;

	v.name_en = v.name_ja = v.desc_en = v.desc_ja = v.asset_types = v.threats = "";
	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'C': v.code = optarg; break;
		case 'e': v.name_en = optarg; break;
		case 'j': v.name_ja = optarg; break;
		case 't': v.asset_types = optarg; break;
		case 'T': v.threats = optarg; break;
		case 'k':
			if ((rc = cli_control_opt(cli, &controls, optarg)))
				goto out;
			break;
		case 'd': v.desc_en = optarg; break;
		case 'D': v.desc_ja = optarg; break;
		}
	}
	if (r == 'h')
		goto out;
	if (r == '?') {
		rc = EXIT_USAGE;
		goto out;
	}
	if (optind < argc) {
		rc = cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
		goto out;
	}
	v.ctl[0] = controls.buf;
	if (vuln_add(cli->ctx, cli->isms.id, &v, code, &err)) {
		rc = cli_fail(cli, &err, NULL);
		goto out;
	}
	printf(_("Added vulnerability %s to the ISMS's library.\n"), code);
out:
	sbuf_release(&controls);
	return rc;
}

int cmd_vuln_edit(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name-en", required_argument, NULL, 'e' },
		{ "name-ja", required_argument, NULL, 'j' },
		{ "asset-types", required_argument, NULL, 't' },
		{ "threats", required_argument, NULL, 'T' },
		{ "control", required_argument, NULL, 'k' },
		{ "description-en", required_argument, NULL, 'd' },
		{ "description-ja", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct vuln_edit e = VULN_EDIT_INIT;
	struct sbuf controls = SBUF_INIT;
	bool any = false, set_controls = false;
	struct isms_err err;
	int r, opt, rc = EXIT_OK;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		any = true;
		switch (opt) {
		case 'e': e.name_en = optarg; break;
		case 'j': e.name_ja = optarg; break;
		case 't': e.asset_types = optarg; break;
		case 'T': e.threats = optarg; break;
		case 'k':
			if ((rc = cli_control_opt(cli, &controls, optarg)))
				goto out;
			set_controls = true;
			break;
		case 'd': e.desc_en = optarg; break;
		case 'D': e.desc_ja = optarg; break;
		}
	}
	if (r == 'h')
		goto out;
	if (r == '?') {
		rc = EXIT_USAGE;
		goto out;
	}
	if (optind + 1 != argc) {
		rc = cli_usage_error(cli, "%s", optind >= argc ? _("the vulnerability's code is missing")
							      : _("too many arguments"));
		goto out;
	}
	if (!any) {
		rc = cli_usage_error(cli, "%s", _("nothing to change: give at least one option"));
		goto out;
	}
	if (set_controls)
		e.controls = controls.buf;
	if (vuln_edit(cli->ctx, cli->isms.id, argv[optind], &e, &err)) {
		rc = cli_fail(cli, &err, NULL);
		goto out;
	}
	printf(_("Changed vulnerability %s of the ISMS's library.\n"), argv[optind]);
out:
	sbuf_release(&controls);
	return rc;
}

int cmd_vuln_rm(struct cli *cli, int argc, char **argv)
{
	struct isms_err err;

	if (argc != 2)
		return cli_usage_error(cli, "%s", argc < 2 ? _("the vulnerability's code is missing")
							 : _("too many arguments"));
	if (argv[1][0] == '-')
		return cli_usage_error(cli, _("unknown option \"%s\""), argv[1]);
	if (vuln_rm(cli->ctx, cli->isms.id, argv[1], &err))
		return cli_fail(cli, &err, NULL);
	printf(_("Removed vulnerability %s from the ISMS's library.\n"), argv[1]);
	return EXIT_OK;
}
