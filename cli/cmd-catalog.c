/* cmd-catalog.c - "isms catalog list|show|map|import|export". */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "isms/catalog.h"
#include "isms/mapping.h"
#include "isms/xalloc.h"

const struct cmd catalog_cmds[] = {
	{ "list", cmd_catalog_list, "isms catalog list",
	  N_("List the built-in catalogues and those imported into the ISMS, with their counts"),
	  NULL, 0, NULL },
	{ "show", cmd_catalog_show, "isms catalog show ID [--version V] [--tree]",
	  N_("Show the items of a catalogue (ID: 2005, 2013, 2022 or an imported identifier)"),
	  N_("--version V        the version of an imported catalogue (default: the newest)\n"
	     "--tree             show the structure, each item indented under its parent"),
	  0, NULL },
	{ "map", cmd_catalog_map, "isms catalog map --from EDITION --to EDITION [CONTROL]",
	  N_("Show how the controls of one edition map onto another, or one control's counterparts"),
	  N_("--from EDITION     the edition to map from: 2005, 2013 or 2022\n"
	     "--to EDITION       the edition to map to (2005→2022 is composed through 2013)"),
	  0, NULL },
	{ "import", cmd_catalog_import,
	  "isms catalog import FILE [--id IDENT] [--version V] [--input-format tsv|csv|oscal|json]",
	  N_("Import a catalogue (OSCAL catalog JSON, or our TSV, CSV or JSON) into the ISMS"),
	  N_("--id IDENT         the catalogue's identifier (default: from the file, else its name)\n"
	     "--version V        the catalogue's version (default: from the file)\n"
	     "--input-format F   tsv, csv, oscal or json (default: recognised from the content)\n"
	     "Importing the same identifier and version again updates it in place."),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "export", cmd_catalog_export,
	  "isms catalog export ID [--version V] --format oscal|csv|json [--output FILE]",
	  N_("Write a catalogue as OSCAL catalog JSON, CSV or our JSON"),
	  N_("--format F         oscal (default), csv or json\n"
	     "--version V        the version of an imported catalogue (default: the newest)\n"
	     "--output FILE      write to FILE instead of standard output"),
	  CMD_EXPORT, NULL },
	{ 0 },
};

int cli_open_optional(struct cli *cli)
{
	struct isms_err err;

	if (cli->ctx)
		return EXIT_OK;
	if (isms_ctx_open(cli->db, ISMS_OPEN_READONLY, &cli->ctx, &err)) {
		cli->ctx = NULL;
		/* No database yet: the built-in catalogues still work. */
		if (err.code == ISMS_ENOTFOUND && !cli->isms_name)
			return EXIT_OK;
		return cli_fail(cli, &err, NULL);
	}
	if (isms_resolve(cli->ctx, &cli->arena, cli->isms_name, &cli->isms, &err)) {
		if (cli->isms_name)
			return cli_fail(cli, &err, NULL);
		memset(&cli->isms, 0, sizeof(cli->isms));
	}
	return EXIT_OK;
}

/* "18 groups, 131 controls, 18 enhancements". */
static void counts_text(struct sbuf *sb, const size_t counts[CAT_NKINDS], size_t withdrawn)
{
	for (int k = 0; k < CAT_NKINDS; k++) {
		size_t n = counts[k];

		if (!n)
			continue;
		if (sb->len)
			sbuf_addstr(sb, _(", "));
		switch ((enum catalog_kind)k) {
		case CAT_CLAUSE: sbuf_addf(sb, _n("%zu clause", "%zu clauses", n), n); break;
		case CAT_THEME: sbuf_addf(sb, _n("%zu theme", "%zu themes", n), n); break;
		case CAT_OBJECTIVE:
			sbuf_addf(sb, _n("%zu control objective", "%zu control objectives", n), n);
			break;
		case CAT_GROUP: sbuf_addf(sb, _n("%zu group", "%zu groups", n), n); break;
		case CAT_CONTROL: sbuf_addf(sb, _n("%zu control", "%zu controls", n), n); break;
		case CAT_ENHANCEMENT:
			sbuf_addf(sb, _n("%zu enhancement", "%zu enhancements", n), n);
			break;
		}
	}
	if (withdrawn)
		sbuf_addf(sb, _(" (%zu withdrawn)"), withdrawn);
}

static void catalog_counts(const struct catalog *c, size_t counts[CAT_NKINDS], size_t *withdrawn)
{
	*withdrawn = 0;
	for (int k = 0; k < CAT_NKINDS; k++)
		counts[k] = catalog_count(c, (enum catalog_kind)k);
	for (size_t i = 0; i < c->nitems; i++)
		*withdrawn += c->items[i].status == CAT_WITHDRAWN;
}

static const char *source_label(const char *source)
{
	return strcmp(source, "builtin") ? source : _("built-in");
}

int cmd_catalog_list(struct cli *cli, int argc, char **argv)
{
	struct catalog_info *rows;
	struct isms_err err;
	struct rtable t;
	size_t n;
	int rc;

	if (argc > 1)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[1]);
	rc = cli_open_optional(cli);
	if (rc)
		return rc;
	if (catalog_list(cli->ctx, cli->isms.id, &cli->arena, &rows, &n, &err))
		return cli_fail(cli, &err, NULL);
	rtable_init(&t);
	rtable_col(&t, "identifier", _("Identifier"), RCELL_TEXT);
	rtable_col(&t, "version", _("Version"), RCELL_TEXT);
	rtable_col(&t, "title", _("Title"), RCELL_TEXT);
	rtable_col(&t, "source", _("Source"), RCELL_TEXT);
	rtable_col(&t, "clauses", _("Clauses"), RCELL_NUMBER);
	rtable_col(&t, "themes", _("Themes"), RCELL_NUMBER);
	rtable_col(&t, "objectives", _("Objectives"), RCELL_NUMBER);
	rtable_col(&t, "groups", _("Groups"), RCELL_NUMBER);
	rtable_col(&t, "controls", _("Controls"), RCELL_NUMBER);
	rtable_col(&t, "enhancements", _("Enhancements"), RCELL_NUMBER);
	rtable_col(&t, "withdrawn", _("Withdrawn"), RCELL_NUMBER);
	rtable_col(&t, "imported_at", _("Imported"), RCELL_TEXT);
	for (size_t i = 0; i < n; i++) {
		const struct catalog_info *r = &rows[i];

		rtable_row(&t);
		rtable_set(&t, 0, r->ident);
		rtable_set(&t, 1, r->version);
		rtable_set(&t, 2, i18n_pick(r->title_en, r->title_ja));
		rtable_set(&t, 3, cli->format == RTABLE_TEXT ? source_label(r->source) : r->source);
		for (int k = 0; k < CAT_NKINDS; k++)
			rtable_setf(&t, 4 + (size_t)k, "%zu", r->counts[k]);
		rtable_setf(&t, 10, "%zu", r->withdrawn);
		rtable_set(&t, 11, *r->imported_at ? r->imported_at : NULL);
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	return EXIT_OK;
}

static int open_catalog(struct cli *cli, const char *name, const char *version,
			struct catalog **ret)
{
	struct isms_err err;
	int rc = cli_open_optional(cli);

	if (rc)
		return rc;
	if (catalog_open(cli->ctx, cli->isms.id, name, version, ret, &err))
		return cli_fail(cli, &err, NULL);
	return EXIT_OK;
}

int cmd_catalog_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "version", required_argument, NULL, 'v' },
		{ "tree", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *version = NULL;
	struct catalog *c = NULL;
	bool tree = false, text;
	struct rtable t;
	int r, opt, rc;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'v': version = optarg; break;
		case 't': tree = true; break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind + 1 != argc)
		return cli_usage_error(cli, optind >= argc ? _("the catalogue's identifier is missing")
							   : _("too many arguments"));
	rc = open_catalog(cli, argv[optind], version, &c);
	if (rc)
		return rc;
	text = cli->format == RTABLE_TEXT;
	if (text) {
		struct sbuf sb = SBUF_INIT;
		size_t counts[CAT_NKINDS], withdrawn;

		catalog_counts(c, counts, &withdrawn);
		counts_text(&sb, counts, withdrawn);
		printf("%s (%s %s): %s\n\n", i18n_pick(c->title_en, c->title_ja), c->ident, c->version,
		       sb.buf);
		sbuf_release(&sb);
	}
	rtable_init(&t);
	if (tree) {
		rtable_col(&t, "id", _("Item"), RCELL_TEXT);
		rtable_col(&t, "title", _("Title"), RCELL_TEXT);
		rtable_col(&t, "kind", _("Kind"), RCELL_TEXT);
		rtable_col(&t, "status", _("Status"), RCELL_TEXT);
		if (!text)
			rtable_col(&t, "depth", _("Depth"), RCELL_NUMBER);
	} else {
		rtable_col(&t, "kind", _("Kind"), RCELL_TEXT);
		rtable_col(&t, "id", _("ID"), RCELL_TEXT);
		rtable_col(&t, "label", _("Label"), RCELL_TEXT);
		rtable_col(&t, "parent", _("Parent"), RCELL_TEXT);
		rtable_col(&t, "title", _("Title"), RCELL_TEXT);
		rtable_col(&t, "status", _("Status"), RCELL_TEXT);
		if (!text) {
			rtable_col(&t, "title_en", _("Title (English)"), RCELL_TEXT);
			rtable_col(&t, "title_ja", _("Title (Japanese)"), RCELL_TEXT);
			rtable_col(&t, "ja_status", _("Japanese title"), RCELL_TEXT);
		}
	}
	for (size_t i = 0; i < c->nitems; i++) {
		const struct catalog_item *it = &c->items[i];
		const char *kind = text ? catalog_kind_label(it->kind) : catalog_kind_code(it->kind);
		const char *status = it->status == CAT_WITHDRAWN
					     ? (text ? _("withdrawn") : "withdrawn")
					     : (text ? "" : "active");

		rtable_row(&t);
		if (tree) {
			int depth = catalog_item_depth(c, it);

			if (text)
				rtable_setf(&t, 0, "%*s%s", depth * 2, "", catalog_item_label(it));
			else
				rtable_set(&t, 0, it->id);
			rtable_set(&t, 1, catalog_item_title(it));
			rtable_set(&t, 2, kind);
			rtable_set(&t, 3, status);
			if (!text)
				rtable_setf(&t, 4, "%d", depth);
			continue;
		}
		rtable_set(&t, 0, kind);
		rtable_set(&t, 1, it->id);
		rtable_set(&t, 2, *it->label ? it->label : NULL);
		rtable_set(&t, 3, *it->parent ? it->parent : NULL);
		rtable_set(&t, 4, catalog_item_title(it));
		rtable_set(&t, 5, status);
		if (!text) {
			rtable_set(&t, 6, it->title_en);
			rtable_set(&t, 7, it->title_ja);
			rtable_set(&t, 8, *it->ja_status ? it->ja_status : NULL);
		}
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	catalog_free(c);
	return EXIT_OK;
}

static int parse_edition(struct cli *cli, const char *s, const char *option, int *ret)
{
	struct isms_err err;

	if (!s)
		return cli_usage_error(cli, _("%s is required"), option);
	*ret = catalog_edition_parse(s);
	if (*ret)
		return EXIT_OK;
	isms_err_set(&err, ISMS_EINVAL, _("unknown edition \"%s\""), s);
	isms_err_hint(&err, _("The editions of ISO/IEC 27001 are 2005, 2013 and 2022."));
	isms_err_field(&err, option);
	return cli_fail(cli, &err, NULL);
}

int cmd_catalog_map(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *from_s = NULL, *to_s = NULL, *control = NULL;
	const struct catalog *cf, *ct;
	const struct mapping *m;
	struct isms_err err;
	struct rtable t;
	int r, opt, rc, from, to;
	bool text = cli->format == RTABLE_TEXT;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'f': from_s = optarg; break;
		case 't': to_s = optarg; break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind + 1 < argc)
		return cli_usage_error(cli, _("too many arguments"));
	if (optind < argc)
		control = argv[optind];
	if ((rc = parse_edition(cli, from_s, "--from", &from)) ||
	    (rc = parse_edition(cli, to_s, "--to", &to)))
		return rc;
	if (from == to)
		return cli_usage_error(cli, _("--from and --to must name different editions"));
	m = mapping_builtin(from, to);
	cf = catalog_builtin(from);
	ct = catalog_builtin(to);
	if (control) {
		const struct catalog_item *it = catalog_find(cf, control);

		if (!it || it->kind != CAT_CONTROL) {
			isms_err_set(&err, ISMS_ENOTFOUND, _("no control \"%s\" in ISO/IEC 27001:%d"),
				     control, from);
			isms_err_hint(&err, _("\"isms catalog show %d\" lists its controls."), from);
			return cli_fail(cli, &err, NULL);
		}
	}
	rtable_init(&t);
	rtable_col(&t, "from", _("From"), RCELL_TEXT);
	rtable_col(&t, "from_title", _("Title"), RCELL_TEXT);
	rtable_col(&t, "to", _("To"), RCELL_TEXT);
	rtable_col(&t, "to_title", _("Title"), RCELL_TEXT);
	rtable_col(&t, "kind", _("Link"), RCELL_TEXT);
	rtable_col(&t, "via", _("Via 2013"), RCELL_TEXT);
	rtable_col(&t, "note", _("Note"), RCELL_TEXT);
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct map_link *l = &m->links[i];
		const struct catalog_item *a = *l->from ? catalog_find(cf, l->from) : NULL;
		const struct catalog_item *b = *l->to ? catalog_find(ct, l->to) : NULL;

		if (control && strcmp(l->from, control))
			continue;
		rtable_row(&t);
		rtable_set(&t, 0, *l->from ? l->from : NULL);
		rtable_set(&t, 1, a ? catalog_item_title(a) : NULL);
		rtable_set(&t, 2, *l->to ? l->to : NULL);
		rtable_set(&t, 3, b ? catalog_item_title(b) : NULL);
		rtable_set(&t, 4, text ? map_kind_label(l->kind) : map_kind_code(l->kind));
		rtable_set(&t, 5, *l->via ? l->via : NULL);
		rtable_set(&t, 6, *l->note ? l->note : NULL);
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
	return EXIT_OK;
}

int cmd_catalog_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "id", required_argument, NULL, 'i' },
		{ "version", required_argument, NULL, 'v' },
		{ "input-format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct catalog_read_opts ro = { 0 };
	struct sbuf sb = SBUF_INIT;
	size_t counts[CAT_NKINDS], withdrawn;
	struct catalog *c = NULL;
	struct isms_err err;
	bool updated = false;
	const char *file;
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'i': ro.ident = optarg; break;
		case 'v': ro.version = optarg; break;
		case 'f':
			if (!catalog_format_parse(optarg, &ro.format) || ro.format == CATFMT_AUTO)
				return cli_usage_error(cli, _("unknown input format \"%s\""), optarg);
			break;
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
	if (catalog_load_file(file, &ro, &c, &err))
		return cli_fail(cli, &err, file);
	if (catalog_import(cli->ctx, cli->isms.id, c, &updated, &err)) {
		catalog_free(c);
		return cli_fail(cli, &err, file);
	}
	catalog_counts(c, counts, &withdrawn);
	counts_text(&sb, counts, withdrawn);
	printf(updated ? _("Updated catalogue \"%s\" version \"%s\" in \"%s\": %s.\n")
		       : _("Imported catalogue \"%s\" version \"%s\" into \"%s\": %s.\n"),
	       c->ident, c->version, cli->isms.name, sb.buf);
	sbuf_release(&sb);
	catalog_free(c);
	return EXIT_OK;
}

int cmd_catalog_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "version", required_argument, NULL, 'v' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *version = NULL, *output = NULL;
	enum catalog_format fmt = CATFMT_OSCAL;
	struct sbuf sb = SBUF_INIT;
	struct catalog *c = NULL;
	struct isms_err err;
	int r, opt, rc;
	FILE *fp;

	while ((r = cli_getopt(cli, argc, argv, "o:", opts, &opt)) == 0) {
		switch (opt) {
		case 'v': version = optarg; break;
		case 'o': output = optarg; break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind + 1 != argc)
		return cli_usage_error(cli, optind >= argc ? _("the catalogue's identifier is missing")
							   : _("too many arguments"));
	if (cli->format_given &&
	    (!catalog_format_parse(cli->format_name, &fmt) ||
	     (fmt != CATFMT_OSCAL && fmt != CATFMT_CSV && fmt != CATFMT_JSON)))
		return cli_usage_error(cli, _("a catalogue is exported as oscal, csv or json, not \"%s\""),
				       cli->format_name);
	rc = open_catalog(cli, argv[optind], version, &c);
	if (rc)
		return rc;
	rc = catalog_export(c, fmt, &sb, &err) ? cli_fail(cli, &err, NULL) : EXIT_OK;
	catalog_free(c);
	if (rc)
		goto out;
	fp = output ? fopen(output, "w") : stdout;
	if (fp) {
		bool written = fwrite(sb.buf, 1, sb.len, fp) == sb.len && fflush(fp) == 0;

		if (output && fclose(fp) != 0)
			written = false;
		if (written)
			goto out;
	}
	isms_err_set(&err, ISMS_EIO, _("cannot write \"%s\""), output ? output : "-");
	isms_err_detail(&err, "%s.", strerror(errno));
	rc = cli_fail(cli, &err, NULL);
out:
	sbuf_release(&sb);
	return rc;
}
