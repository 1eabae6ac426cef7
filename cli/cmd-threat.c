/* cmd-threat.c - "isms threat list|show|add|edit|rm": the threats of the library and the ISMS's own. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "isms/asset.h"
#include "isms/library.h"
#include "isms/scoring.h"

const struct cmd threat_cmds[] = {
	{ "list", cmd_threat_list, "isms threat list [--category C] [--asset-type T] [--own]",
	  N_("List the threats of the library and the ISMS's own"),
	  N_("--category C       deliberate, accidental or environmental\n"
	     "--asset-type T     only threats to this type of asset\n"
	     "--own              only the ISMS's own threats"),
	  CMD_DB | CMD_ISMS, NULL },
	{ "show", cmd_threat_show, "isms threat show CODE|NAME",
	  N_("Show a threat with its controls and the vulnerabilities that let it happen"), NULL,
	  CMD_DB | CMD_ISMS, NULL },
	{ "add", cmd_threat_add,
	  "isms threat add --name-en TEXT|--name-ja TEXT --category C --props CIA [OPTIONS]",
	  N_("Add a threat to the ISMS's own library"),
	  N_("--code CODE            its code (default: the next UT-NNN)\n"
	     "--name-en TEXT         its name in English\n"
	     "--name-ja TEXT         its name in Japanese (at least one name is required)\n"
	     "--category C           deliberate, accidental or environmental (required)\n"
	     "--props CIA            the properties it affects, such as CI (required)\n"
	     "--asset-types LIST     the asset types it concerns, comma-separated\n"
	     "--control ID           a control of the ISMS's edition that addresses it (repeatable)\n"
	     "--description-en TEXT  a description in English\n"
	     "--description-ja TEXT  a description in Japanese"),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "edit", cmd_threat_edit, "isms threat edit CODE [OPTIONS]",
	  N_("Change a threat of the ISMS's own library; an empty value clears a field"),
	  N_("--name-en TEXT         its name in English\n"
	     "--name-ja TEXT         its name in Japanese (one of the names must remain)\n"
	     "--category C           deliberate, accidental or environmental\n"
	     "--props CIA            the properties it affects, such as CI\n"
	     "--asset-types LIST     the asset types it concerns, comma-separated\n"
	     "--control ID           a control of the ISMS's edition that addresses it (repeatable;\n"
	     "                       the controls given replace the list, --control \"\" empties it)\n"
	     "--description-en TEXT  a description in English\n"
	     "--description-ja TEXT  a description in Japanese\n"
	     "Built-in threats cannot be changed: add one of the ISMS's own instead."),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "rm", cmd_threat_rm, "isms threat rm CODE",
	  N_("Remove a threat of the ISMS's own library (not while risks or vulnerabilities use it)"),
	  NULL, CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ 0 },
};

/* Shared with cmd-vuln.c. */
const char *cli_asset_types_text(struct cli *cli, const char *list)
{
	struct sbuf sb = SBUF_INIT;
	const char *out;

	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");
		char item[64];
		enum asset_type t;

		if (len < sizeof(item)) {
			memcpy(item, p, len);
			item[len] = '\0';
			sbuf_addf(&sb, "%s%s", sb.len ? ", " : "",
				  asset_type_parse(item, &t) ? asset_type_label(t) : item);
		}
		p += len;
		if (*p)
			p++;
	}
	out = arena_strdup(&cli->arena, sb.buf);
	sbuf_release(&sb);
	return out;
}

int cli_control_opt(struct cli *cli, struct sbuf *controls, const char *id)
{
	if (strchr(id, ','))
		return cli_usage_error(cli, "%s", _("give one control per --control"));
	sbuf_addf(controls, "%s%s", controls->len ? "," : "", id);
	return EXIT_OK;
}

int cmd_threat_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "category", required_argument, NULL, 'c' },
		{ "asset-type", required_argument, NULL, 't' },
		{ "own", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	enum threat_category cat = THREAT_DELIBERATE;
	enum asset_type type = ASSET_INFORMATION;
	bool by_cat = false, by_type = false, own = false;
	struct library lib;
	struct isms_err err;
	struct rtable t;
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'c':
			if (!threat_category_parse(optarg, &cat))
				return cli_usage_error(cli, _("unknown category \"%s\": use deliberate, accidental or environmental"),
						       optarg);
			by_cat = true;
			break;
		case 't':
			if (!asset_type_parse(optarg, &type))
				return cli_usage_error(cli, _("unknown asset type \"%s\""), optarg);
			by_type = true;
			break;
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
	rtable_init(&t);
	rtable_col(&t, "code", _("Code"), RCELL_TEXT);
	rtable_col(&t, "category", _("Category"), RCELL_TEXT);
	rtable_col(&t, "name", _("Threat"), RCELL_TEXT);
	rtable_col(&t, "props", _("C/I/A"), RCELL_TEXT);
	rtable_col(&t, "asset_types", _("Asset types"), RCELL_TEXT);
	rtable_col(&t, "own", _("Own"), RCELL_BOOL);
	for (size_t k = 0; k < lib.nthreats; k++) {
		const struct lib_threat *th = lib.threats[k];
		char props[4];

		if ((by_cat && th->category != cat) || (own && !th->own) ||
		    (by_type && !lib_list_has(th->asset_types, asset_type_code(type))))
			continue;
		score_props_format(th->props, props);
		rtable_row(&t);
		rtable_set(&t, 0, th->code);
		rtable_set(&t, 1, cli->format == RTABLE_TEXT ? threat_category_label(th->category)
							      : threat_category_code(th->category));
		rtable_set(&t, 2, lib_threat_name(th));
		rtable_set(&t, 3, props);
		rtable_set(&t, 4, cli->format == RTABLE_TEXT ? cli_asset_types_text(cli, th->asset_types)
							      : th->asset_types);
		rtable_set(&t, 5, th->own ? "true" : "false");
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	return EXIT_OK;
}

int cmd_threat_show(struct cli *cli, int argc, char **argv)
{
	const struct lib_threat *th;
	struct library lib;
	struct isms_err err;
	char props[4];
	bool any = false;

	if (argc != 2)
		return cli_usage_error(cli, "%s", argc < 2 ? _("the threat's code or name is missing")
							 : _("too many arguments"));
	if (library_load(cli->ctx, &cli->arena, cli->isms.id, &lib, &err))
		return cli_fail(cli, &err, NULL);
	th = library_find_threat(&lib, argv[1]);
	if (!th) {
		library_threat_not_found(&cli->arena, &lib, argv[1], ISMS_ENOTFOUND, &err);
		return cli_fail(cli, &err, NULL);
	}
	score_props_format(th->props, props);
	printf("%s: %s\n", _("Code"), th->code);
	printf("%s: %s\n", _("Name (English)"), *th->name_en ? th->name_en : "-");
	printf("%s: %s\n", _("Name (Japanese)"), *th->name_ja ? th->name_ja : "-");
	printf("%s: %s\n", _("Category"), threat_category_label(th->category));
	printf("%s: %s\n", _("Properties affected"), props);
	printf("%s: %s\n", _("Asset types"), cli_asset_types_text(cli, th->asset_types));
	printf("%s: %s\n", _("Source"), th->own ? _("the ISMS's own library") : _("the built-in library"));
	printf(_("Controls (ISO/IEC 27001:%d): %s\n"), cli->isms.edition,
	       *lib_threat_controls(th, cli->isms.edition) ? lib_threat_controls(th, cli->isms.edition) : "-");
	printf("%s: %s\n", _("Description"), *lib_threat_desc(th) ? lib_threat_desc(th) : "-");
	printf("%s:\n", _("Vulnerabilities that let it happen"));
	for (size_t k = 0; k < lib.nvulns; k++) {
		if (lib_list_has(lib.vulns[k]->threats, th->code)) {
			printf("  %s  %s\n", lib.vulns[k]->code, lib_vuln_name(lib.vulns[k]));
			any = true;
		}
	}
	if (!any)
		printf("  -\n");
	return EXIT_OK;
}

int cmd_threat_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "code", required_argument, NULL, 'C' },
		{ "name-en", required_argument, NULL, 'e' },
		{ "name-ja", required_argument, NULL, 'j' },
		{ "category", required_argument, NULL, 'c' },
		{ "props", required_argument, NULL, 'p' },
		{ "asset-types", required_argument, NULL, 't' },
		{ "control", required_argument, NULL, 'k' },
		{ "description-en", required_argument, NULL, 'd' },
		{ "description-ja", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct lib_threat th = { 0 };
	struct sbuf controls = SBUF_INIT;
	char code[LIB_CODE_MAX + 1];
	bool have_cat = false;
	struct isms_err err;
	int r, opt, rc = EXIT_OK;

	th.name_en = th.name_ja = th.desc_en = th.desc_ja = th.asset_types = "";
	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'C': th.code = optarg; break;
		case 'e': th.name_en = optarg; break;
		case 'j': th.name_ja = optarg; break;
		case 'c':
			if (!threat_category_parse(optarg, &th.category)) {
				rc = cli_usage_error(cli, _("unknown category \"%s\": use deliberate, accidental or environmental"),
						     optarg);
				goto out;
			}
			have_cat = true;
			break;
		case 'p':
			if (!score_props_parse(optarg, &th.props)) {
				rc = cli_usage_error(cli, _("--props: \"%s\" is not a set of C, I and A"), optarg);
				goto out;
			}
			break;
		case 't': th.asset_types = optarg; break;
		case 'k':
			if ((rc = cli_control_opt(cli, &controls, optarg)))
				goto out;
			break;
		case 'd': th.desc_en = optarg; break;
		case 'D': th.desc_ja = optarg; break;
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
	if (!have_cat || !th.props) {
		rc = cli_usage_error(cli, "%s", _("--category and --props are required"));
		goto out;
	}
	th.ctl[0] = controls.buf;
	if (threat_add(cli->ctx, cli->isms.id, &th, code, &err)) {
		rc = cli_fail(cli, &err, NULL);
		goto out;
	}
	printf(_("Added threat %s to the ISMS's library.\n"), code);
out:
	sbuf_release(&controls);
	return rc;
}

int cmd_threat_edit(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name-en", required_argument, NULL, 'e' },
		{ "name-ja", required_argument, NULL, 'j' },
		{ "category", required_argument, NULL, 'c' },
		{ "props", required_argument, NULL, 'p' },
		{ "asset-types", required_argument, NULL, 't' },
		{ "control", required_argument, NULL, 'k' },
		{ "description-en", required_argument, NULL, 'd' },
		{ "description-ja", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct threat_edit e = THREAT_EDIT_INIT;
	struct sbuf controls = SBUF_INIT;
	bool any = false, set_controls = false;
	struct isms_err err;
	int r, opt, rc = EXIT_OK;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		any = true;
		switch (opt) {
		case 'e': e.name_en = optarg; break;
		case 'j': e.name_ja = optarg; break;
		case 'c': {
			enum threat_category cat;

			if (!threat_category_parse(optarg, &cat)) {
				rc = cli_usage_error(cli, _("unknown category \"%s\": use deliberate, accidental or environmental"),
						     optarg);
				goto out;
			}
			e.category = (int)cat;
			break;
		}
		case 'p': {
			unsigned props;

			if (!score_props_parse(optarg, &props)) {
				rc = cli_usage_error(cli, _("--props: \"%s\" is not a set of C, I and A"), optarg);
				goto out;
			}
			e.props = (int)props;
			break;
		}
		case 't': e.asset_types = optarg; break;
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
		rc = cli_usage_error(cli, "%s", optind >= argc ? _("the threat's code is missing")
							      : _("too many arguments"));
		goto out;
	}
	if (!any) {
		rc = cli_usage_error(cli, "%s", _("nothing to change: give at least one option"));
		goto out;
	}
	if (set_controls)
		e.controls = controls.buf;
	if (threat_edit(cli->ctx, cli->isms.id, argv[optind], &e, &err)) {
		rc = cli_fail(cli, &err, NULL);
		goto out;
	}
	printf(_("Changed threat %s of the ISMS's library.\n"), argv[optind]);
out:
	sbuf_release(&controls);
	return rc;
}

int cmd_threat_rm(struct cli *cli, int argc, char **argv)
{
	struct isms_err err;

	if (argc != 2)
		return cli_usage_error(cli, "%s", argc < 2 ? _("the threat's code is missing")
							 : _("too many arguments"));
	if (argv[1][0] == '-')
		return cli_usage_error(cli, _("unknown option \"%s\""), argv[1]);
	if (threat_rm(cli->ctx, cli->isms.id, argv[1], &err))
		return cli_fail(cli, &err, NULL);
	printf(_("Removed threat %s from the ISMS's library.\n"), argv[1]);
	return EXIT_OK;
}
