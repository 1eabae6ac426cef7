/* cmd-asset.c - "isms asset add|edit|rm|list|show|groups|import|export": the asset inventory. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "isms/asset.h"
#include "isms/json.h"
#include "isms/report.h"
#include "isms/tabin.h"
#include "isms/utf8.h"
#include "isms/util.h"

const struct cmd asset_cmds[] = {
	{ "add", cmd_asset_add, "isms asset add ID --name TEXT --type TYPE [OPTIONS]",
	  N_("Add an asset to the inventory"),
	  N_("--name TEXT            the asset's name\n"
	     "--type TYPE            information, software, hardware, service, people, site or\n"
	     "                       intangible (or 情報, ソフトウェア, ハードウェア, サービス, 人, 施設, 無形資産)\n"
	     "--owner TEXT           who is accountable for it (管理責任者)\n"
	     "--location TEXT        where it is kept (保管場所)\n"
	     "--group NAME           the group it is assessed with\n"
	     "--description TEXT     what it is\n"
	     "--c N, --i N, --a N    confidentiality, integrity and availability values (1 to the\n"
	     "                       method's highest level; 1-10 until a method is set)\n"
	     "--c-reason TEXT        why that confidentiality value (also --i-reason, --a-reason)\n"
	     "--classification TEXT  a classification label, such as 社外秘\n"
	     "--depends-on IDS       the assets it depends on, separated by commas"),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "edit", cmd_asset_edit, "isms asset edit ID [OPTIONS]",
	  N_("Change some fields of an asset; an empty value clears a field"),
	  N_("--name TEXT            the asset's name\n"
	     "--type TYPE            information, software, hardware, service, people, site or\n"
	     "                       intangible (or 情報, ソフトウェア, ハードウェア, サービス, 人, 施設, 無形資産)\n"
	     "--owner TEXT           who is accountable for it (管理責任者)\n"
	     "--location TEXT        where it is kept (保管場所)\n"
	     "--group NAME           the group it is assessed with\n"
	     "--description TEXT     what it is\n"
	     "--c N, --i N, --a N    confidentiality, integrity and availability values (1 to the\n"
	     "                       method's highest level; 1-10 until a method is set)\n"
	     "--c-reason TEXT        why that confidentiality value (also --i-reason, --a-reason)\n"
	     "--classification TEXT  a classification label, such as 社外秘\n"
	     "--depends-on IDS       the assets it depends on, separated by commas\n"
	     "An option given as \"\" clears the field (a value: not valued yet)."),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "rm", cmd_asset_rm, "isms asset rm ID...",
	  N_("Remove assets (not while risks refer to them)"), NULL, CMD_DB | CMD_WRITE | CMD_ISMS,
	  NULL },
	{ "list", cmd_asset_list,
	  "isms asset list [--type TYPE] [--owner TEXT] [--group NAME] [--search TEXT] [--unvalued] [--sort KEY] [--desc] [--limit N] [--offset N]",
	  N_("List the assets"),
	  N_("--type TYPE      only assets of this type\n"
	     "--owner TEXT     only assets of this owner (\"\" for those without one)\n"
	     "--group NAME     only assets of this group (\"\" for those in none)\n"
	     "--search TEXT    only assets whose ID, name or description contains TEXT\n"
	     "--unvalued       only assets whose C, I or A is not valued yet\n"
	     "--sort KEY       code, name, type, owner, group, value or updated (default: code)\n"
	     "--desc           in descending order\n"
	     "--limit N        at most N assets\n"
	     "--offset N       skip the first N"),
	  CMD_DB | CMD_ISMS, NULL },
	{ "show", cmd_asset_show, "isms asset show ID", N_("Show an asset with its dependencies"),
	  NULL, CMD_DB | CMD_ISMS, NULL },
	{ "groups", cmd_asset_groups, "isms asset groups",
	  N_("List the asset groups with their sizes and highest values"), NULL, CMD_DB | CMD_ISMS,
	  NULL },
	{ "import", cmd_asset_import, "isms asset import FILE [--dry-run] [--ignore-unknown]",
	  N_("Import assets from a CSV or XLSX file; all rows or none"),
	  N_("FILE              CSV (UTF-8, with or without BOM, or Shift_JIS) or XLSX (first sheet)\n"
	     "--dry-run         check the file and count the changes, change nothing\n"
	     "--ignore-unknown  skip columns that are not asset fields instead of failing\n"
	     "Columns (English or Japanese names): Asset ID/資産ID (required), Asset name/資産名,\n"
	     "Type/種別, Owner/管理責任者, Location/保管場所, Group/グループ, Confidentiality/機密性,\n"
	     "Integrity/完全性, Availability/可用性, Description/説明, Confidentiality reason/機密性の理由,\n"
	     "Integrity reason/完全性の理由, Availability reason/可用性の理由, Classification/分類,\n"
	     "Depends on/依存先. See docs/asset-files.md."),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "export", cmd_asset_export, "isms asset export [--format csv|xlsx|json|html] [--output FILE]",
	  N_("Export the asset inventory in the import format"),
	  N_("--format FORMAT   csv (default), xlsx, json or html\n"
	     "--output FILE     write to FILE instead of standard output\n"
	     "--date YYYY-MM-DD the date in the metadata (default: today, or SOURCE_DATE_EPOCH)\n"
	     "Column names follow --lang (English or Japanese); both import back."),
	  CMD_DB | CMD_ISMS | CMD_EXPORT, NULL },
	{ 0 },
};

enum {
	O_NAME = 256, O_TYPE, O_OWNER, O_LOCATION, O_GROUP, O_DESC, O_C, O_I, O_A, O_CR, O_IR, O_AR,
	O_CLASS, O_DEPS,
};

static const struct option field_opts[] = {
	{ "name", required_argument, NULL, O_NAME },
	{ "type", required_argument, NULL, O_TYPE },
	{ "owner", required_argument, NULL, O_OWNER },
	{ "location", required_argument, NULL, O_LOCATION },
	{ "group", required_argument, NULL, O_GROUP },
	{ "description", required_argument, NULL, O_DESC },
	{ "c", required_argument, NULL, O_C },
	{ "i", required_argument, NULL, O_I },
	{ "a", required_argument, NULL, O_A },
	{ "confidentiality", required_argument, NULL, O_C },
	{ "integrity", required_argument, NULL, O_I },
	{ "availability", required_argument, NULL, O_A },
	{ "c-reason", required_argument, NULL, O_CR },
	{ "i-reason", required_argument, NULL, O_IR },
	{ "a-reason", required_argument, NULL, O_AR },
	{ "classification", required_argument, NULL, O_CLASS },
	{ "depends-on", required_argument, NULL, O_DEPS },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

/* "" -> 0 (not valued); else a whole number. */
static bool parse_value(const char *s, int *ret)
{
	long long v;

	if (!*s) {
		*ret = 0;
		return true;
	}
	if (!isms_parse_int(s, 0, 1000000, &v) || v == 0)
		return false;
	*ret = (int)v;
	return true;
}

static const char **split_ids(struct cli *cli, const char *s, size_t *ret_n)
{
	const char **v = arena_zalloc(&cli->arena, (strlen(s) / 2 + 2) * sizeof(char *));
	size_t n = 0;

	while (*s) {
		size_t len;

		s += strspn(s, ", ;\t");
		len = strcspn(s, ", ;\t");
		if (!len)
			break;
		v[n++] = arena_strndup(&cli->arena, s, len);
		s += len;
	}
	*ret_n = n;
	return v;
}

/* Parse the field options into an edit; returns -1 when done, or an exit status. */
static int parse_fields(struct cli *cli, int argc, char **argv, struct asset_edit *e)
{
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "", field_opts, &opt)) == 0) {
		int *val = NULL;
		const char *which = NULL;

		switch (opt) {
		case O_NAME: e->name = optarg; break;
		case O_TYPE:
			if (!asset_type_parse(optarg, &e->type)) {
				fprintf(stderr, "isms: %s: ", _("error"));
				fprintf(stderr, _("unknown asset type \"%s\""), optarg);
				fprintf(stderr, "\n%s: %s\n", _("hint"), asset_type_hint());
				return EXIT_USAGE;
			}
			e->set_type = true;
			break;
		case O_OWNER: e->owner = optarg; break;
		case O_LOCATION: e->location = optarg; break;
		case O_GROUP: e->group = optarg; break;
		case O_DESC: e->description = optarg; break;
		case O_C: val = &e->c, which = "--c"; break;
		case O_I: val = &e->i, which = "--i"; break;
		case O_A: val = &e->a, which = "--a"; break;
		case O_CR: e->c_reason = optarg; break;
		case O_IR: e->i_reason = optarg; break;
		case O_AR: e->a_reason = optarg; break;
		case O_CLASS: e->classification = optarg; break;
		case O_DEPS:
			e->set_deps = true;
			e->deps = split_ids(cli, optarg, &e->ndeps);
			break;
		}
		if (val && !parse_value(optarg, val))
			return cli_usage_error(cli, _("%s needs a whole number from 1, or \"\" for not valued"),
					       which);
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	return -1;
}

int cmd_asset_add(struct cli *cli, int argc, char **argv)
{
	struct asset_edit e = ASSET_EDIT_INIT;
	struct asset a = { 0 };
	struct isms_err err;
	int r;

	r = parse_fields(cli, argc, argv, &e);
	if (r >= 0)
		return r;
	if (optind + 1 != argc)
		return cli_usage_error(cli, optind >= argc ? _("the asset's ID is missing")
							   : _("too many arguments"));
	if (!e.name)
		return cli_usage_error(cli, _("--name is required"));
	if (!e.set_type)
		return cli_usage_error(cli, _("--type is required"));
	a.code = argv[optind];
	a.name = e.name;
	a.type = e.type;
	a.owner = e.owner;
	a.location = e.location;
	a.group = e.group;
	a.description = e.description;
	a.c = e.c > 0 ? e.c : 0;
	a.i = e.i > 0 ? e.i : 0;
	a.a = e.a > 0 ? e.a : 0;
	a.c_reason = e.c_reason;
	a.i_reason = e.i_reason;
	a.a_reason = e.a_reason;
	a.classification = e.classification;
	a.depends_on = e.deps;
	a.ndeps = e.ndeps;
	if (asset_add(cli->ctx, cli->isms.id, &a, NULL, &err))
		return cli_fail(cli, &err, NULL);
	printf(_("Added asset \"%s\".\n"), a.code);
	return EXIT_OK;
}

int cmd_asset_edit(struct cli *cli, int argc, char **argv)
{
	struct asset_edit e = ASSET_EDIT_INIT;
	struct isms_err err;
	int r;

	r = parse_fields(cli, argc, argv, &e);
	if (r >= 0)
		return r;
	if (optind + 1 != argc)
		return cli_usage_error(cli, optind >= argc ? _("the asset's ID is missing")
							   : _("too many arguments"));
	if (e.name && !*e.name)
		return cli_usage_error(cli, _("an asset's name cannot be empty"));
	if (asset_edit(cli->ctx, cli->isms.id, argv[optind], &e, &err))
		return cli_fail(cli, &err, NULL);
	printf(_("Changed asset \"%s\".\n"), argv[optind]);
	return EXIT_OK;
}

int cmd_asset_rm(struct cli *cli, int argc, char **argv)
{
	struct isms_err err;

	if (argc < 2)
		return cli_usage_error(cli, _("the asset's ID is missing"));
	for (int k = 1; k < argc; k++) {
		if (argv[k][0] == '-')
			return cli_usage_error(cli, _("unknown option \"%s\""), argv[k]);
	}
	for (int k = 1; k < argc; k++) {
		if (asset_rm(cli->ctx, cli->isms.id, argv[k], &err))
			return cli_fail(cli, &err, NULL);
		printf(_("Removed asset \"%s\".\n"), argv[k]);
	}
	return EXIT_OK;
}

static void value_cell(struct rtable *t, size_t col, int v)
{
	if (v)
		rtable_setf(t, col, "%d", v);
}

static const char *type_cell(struct cli *cli, enum asset_type t)
{
	return cli->format == RTABLE_TEXT ? asset_type_label(t) : asset_type_code(t);
}

int cmd_asset_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "owner", required_argument, NULL, 'o' },
		{ "group", required_argument, NULL, 'g' },
		{ "search", required_argument, NULL, 's' },
		{ "unvalued", no_argument, NULL, 'u' },
		{ "sort", required_argument, NULL, 'S' },
		{ "desc", no_argument, NULL, 'd' },
		{ "limit", required_argument, NULL, 'l' },
		{ "offset", required_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct asset_filter f = ASSET_FILTER_INIT;
	struct asset *rows;
	struct isms_err err;
	struct rtable t;
	size_t n, total;
	long long v;
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 't': {
			enum asset_type ty;

			if (!asset_type_parse(optarg, &ty))
				return cli_usage_error(cli, _("unknown asset type \"%s\""), optarg);
			f.type = (int)ty;
			break;
		}
		case 'o': f.owner = optarg; break;
		case 'g': f.group = optarg; break;
		case 's': f.text = optarg; break;
		case 'u': f.unvalued = true; break;
		case 'S':
			if (!asset_sort_parse(optarg, &f.sort))
				return cli_usage_error(cli, _("unknown sort key \"%s\""), optarg);
			break;
		case 'd': f.desc = true; break;
		case 'l':
			if (!isms_parse_int(optarg, 1, 1000000000, &v))
				return cli_usage_error(cli, _("--limit needs a number from 1"));
			f.limit = (size_t)v;
			break;
		case 'O':
			if (!isms_parse_int(optarg, 0, 1000000000, &v))
				return cli_usage_error(cli, _("--offset needs a number from 0"));
			f.offset = (size_t)v;
			break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	f.with_deps = cli->format != RTABLE_TEXT;
	if (asset_list(cli->ctx, &cli->arena, cli->isms.id, &f, &rows, &n, &total, &err))
		return cli_fail(cli, &err, NULL);
	rtable_init(&t);
	rtable_col(&t, "code", _("ID"), RCELL_TEXT);
	rtable_col(&t, "name", _("Name"), RCELL_TEXT);
	rtable_col(&t, "type", _("Type"), RCELL_TEXT);
	rtable_col(&t, "owner", _("Owner"), RCELL_TEXT);
	rtable_col(&t, "group", _("Group"), RCELL_TEXT);
	rtable_col(&t, "c", "C", RCELL_NUMBER);
	rtable_col(&t, "i", "I", RCELL_NUMBER);
	rtable_col(&t, "a", "A", RCELL_NUMBER);
	if (cli->format != RTABLE_TEXT) {
		rtable_col(&t, "location", _("Location"), RCELL_TEXT);
		rtable_col(&t, "classification", _("Classification"), RCELL_TEXT);
		rtable_col(&t, "depends_on", _("Depends on"), RCELL_TEXT);
		rtable_col(&t, "updated_at", _("Updated"), RCELL_TEXT);
	}
	for (size_t i = 0; i < n; i++) {
		const struct asset *a = &rows[i];

		rtable_row(&t);
		rtable_set(&t, 0, a->code);
		rtable_set(&t, 1, a->name);
		rtable_set(&t, 2, type_cell(cli, a->type));
		rtable_set(&t, 3, a->owner);
		rtable_set(&t, 4, a->group);
		value_cell(&t, 5, a->c);
		value_cell(&t, 6, a->i);
		value_cell(&t, 7, a->a);
		if (cli->format != RTABLE_TEXT) {
			struct sbuf d = SBUF_INIT;

			for (size_t k = 0; k < a->ndeps; k++) {
				if (k)
					sbuf_addch(&d, ',');
				sbuf_addstr(&d, a->depends_on[k]);
			}
			rtable_set(&t, 8, a->location);
			rtable_set(&t, 9, a->classification);
			rtable_set(&t, 10, d.buf);
			rtable_set(&t, 11, a->updated_at);
			sbuf_release(&d);
		}
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	if (cli->format == RTABLE_TEXT && (f.limit || f.offset) && n < total)
		printf(_("(%zu of %zu assets shown)\n"), n, total);
	return EXIT_OK;
}

static json_t *codes_json(const char *const *v, size_t n)
{
	json_t *arr = json_array();

	for (size_t k = 0; k < n; k++)
		json_array_append_new(arr, json_string(v[k]));
	return arr;
}

/* The label, padded to 22 terminal columns (Japanese takes two a character). */
static void label(const char *s)
{
	size_t w = utf8_width(s);

	printf("%s", s);
	for (; w < 23; w++)
		putchar(' ');
}

static void print_codes(const char *name, const char *const *v, size_t n)
{
	label(name);
	for (size_t k = 0; k < n; k++)
		printf("%s%s", k ? ", " : "", v[k]);
	printf("\n");
}

static void print_field(const char *name, const char *v)
{
	label(name);
	printf("%s\n", v && *v ? v : "-");
}

static void print_value(const char *name, int v, const char *reason)
{
	label(name);
	if (v)
		printf("%d%s%s\n", v, reason && *reason ? "  " : "", reason ? reason : "");
	else
		printf("%s\n", _("not valued"));
}

int cmd_asset_show(struct cli *cli, int argc, char **argv)
{
	struct isms_err err;
	struct asset a;

	if (argc != 2)
		return cli_usage_error(cli, argc < 2 ? _("the asset's ID is missing")
						     : _("too many arguments"));
	if (asset_get(cli->ctx, &cli->arena, cli->isms.id, argv[1], &a, &err))
		return cli_fail(cli, &err, NULL);
	if (cli->format == RTABLE_JSON) {
		json_t *o = json_object();
		struct sbuf sb = SBUF_INIT;

		json_set_str(o, "code", a.code);
		json_set_str(o, "name", a.name);
		json_set_str(o, "type", asset_type_code(a.type));
		json_set_str(o, "owner", a.owner);
		json_set_str(o, "location", a.location);
		json_set_str(o, "group", a.group);
		json_set_str(o, "description", a.description);
		json_object_set_new(o, "c", a.c ? json_integer(a.c) : json_null());
		json_object_set_new(o, "i", a.i ? json_integer(a.i) : json_null());
		json_object_set_new(o, "a", a.a ? json_integer(a.a) : json_null());
		json_set_str(o, "c_reason", a.c_reason);
		json_set_str(o, "i_reason", a.i_reason);
		json_set_str(o, "a_reason", a.a_reason);
		json_set_str(o, "classification", a.classification);
		json_object_set_new(o, "depends_on", codes_json(a.depends_on, a.ndeps));
		json_object_set_new(o, "needed_by", codes_json(a.needed_by, a.nneeded));
		json_set_str(o, "created_at", a.created_at);
		json_set_str(o, "updated_at", a.updated_at);
		json_write(&sb, o, 1);
		printf("%s\n", sb.buf);
		sbuf_release(&sb);
		json_decref(o);
		return EXIT_OK;
	}
	print_field(_("ID"), a.code);
	print_field(_("Name"), a.name);
	print_field(_("Type"), asset_type_label(a.type));
	print_field(_("Owner"), a.owner);
	print_field(_("Location"), a.location);
	print_field(_("Group"), a.group);
	print_field(_("Classification"), a.classification);
	print_value(_("Confidentiality"), a.c, a.c_reason);
	print_value(_("Integrity"), a.i, a.i_reason);
	print_value(_("Availability"), a.a, a.a_reason);
	print_field(_("Description"), a.description);
	print_codes(_("Depends on"), a.depends_on, a.ndeps);
	print_codes(_("Needed by"), a.needed_by, a.nneeded);
	print_field(_("Created"), a.created_at);
	print_field(_("Updated"), a.updated_at);
	return EXIT_OK;
}

int cmd_asset_groups(struct cli *cli, int argc, char **argv)
{
	struct asset_group *g;
	struct isms_err err;
	struct rtable t;
	size_t n;

	if (argc > 1)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[1]);
	if (asset_groups(cli->ctx, &cli->arena, cli->isms.id, &g, &n, &err))
		return cli_fail(cli, &err, NULL);
	rtable_init(&t);
	rtable_col(&t, "group", _("Group"), RCELL_TEXT);
	rtable_col(&t, "assets", _("Assets"), RCELL_NUMBER);
	rtable_col(&t, "unvalued", _("Not valued"), RCELL_NUMBER);
	rtable_col(&t, "c", "C", RCELL_NUMBER);
	rtable_col(&t, "i", "I", RCELL_NUMBER);
	rtable_col(&t, "a", "A", RCELL_NUMBER);
	for (size_t k = 0; k < n; k++) {
		rtable_row(&t);
		rtable_set(&t, 0, *g[k].name || cli->format != RTABLE_TEXT ? g[k].name : _("(none)"));
		rtable_setf(&t, 1, "%ld", g[k].count);
		rtable_setf(&t, 2, "%ld", g[k].unvalued);
		value_cell(&t, 3, g[k].c);
		value_cell(&t, 4, g[k].i);
		value_cell(&t, 5, g[k].a);
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	return EXIT_OK;
}

/* Shared with "isms risk import". */
int cli_import_failed(struct cli *cli, const struct tabin_errors *errs, const struct isms_err *err,
		      const char *file)
{
	for (size_t k = 0; k < errs->n; k++)
		cli_fail(cli, &errs->v[k], file);
	if (errs->total > errs->n)
		fprintf(stderr, _("isms: … and %zu more errors\n"), errs->total - errs->n);
	return cli_fail(cli, err, errs->n ? NULL : file);
}

void cli_import_done(const char *file, const char *encoding, bool dry_run, size_t added,
		     size_t updated, size_t unchanged)
{
	printf(dry_run ? _("Checked %s (%s): %zu to add, %zu to update, %zu unchanged; nothing was changed.\n")
		       : _("Imported %s (%s): %zu added, %zu updated, %zu unchanged.\n"),
	       file, encoding, added, updated, unchanged);
}

int cmd_asset_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "ignore-unknown", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct asset_import_opts o = { 0 };
	struct asset_import_result res;
	struct tabin_errors errs = { 0 };
	struct isms_err err;
	struct tabin t;
	const char *file;
	int r, opt, rc = EXIT_OK;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'n': o.dry_run = true; break;
		case 'u': o.allow_unknown = true; break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind + 1 != argc)
		return cli_usage_error(cli, optind >= argc ? _("the file to import is missing")
							   : _("too many arguments"));
	file = argv[optind];
	o.source = file;
	if (tabin_read_file(file, NULL, &t, &err))
		return cli_fail(cli, &err, file);
	if (asset_import(cli->ctx, cli->isms.id, &t, &o, &res, &errs, &err)) {
		rc = cli_import_failed(cli, &errs, &err, file);
		goto out;
	}
	for (size_t k = 0; k < res.nskipped; k++) {
		fprintf(stderr, "isms: %s: %s:%ld: ", _("warning"), file, res.skipped_cols[k]);
		fprintf(stderr, _("column \"%s\" is not an asset field and was skipped\n"), res.skipped[k]);
	}
	cli_import_done(file, res.encoding, o.dry_run, res.added, res.updated, res.unchanged);
out:
	tabin_errors_release(&errs);
	tabin_release(&t);
	return rc;
}

int cmd_asset_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "date", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *output = NULL, *date = NULL;
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "o:", opts, &opt)) == 0) {
		switch (opt) {
		case 'o': output = optarg; break;
		case 'D': date = optarg; break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	return cli_write_report(cli, report_find("assets"), output, date, DOC_CSV);
}
