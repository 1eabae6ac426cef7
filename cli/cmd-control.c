/* cmd-control.c - "isms control show|search": a control, its counterparts, and search. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "isms/catalog.h"
#include "isms/json.h"
#include "isms/mapping.h"

#define SEARCH_WORDS_MAX 16
#define SEARCH_WORD_MAX 200 /* bytes */

/* Later subcommands (select, exclude, set, list, suggest) go here too. */
const struct cmd control_cmds[] = {
	{ "show", cmd_control_show, "isms control show CONTROL [--edition E | --catalog ID [--version V]]",
	  N_("Show one control: titles, description, and its counterparts in the other editions"),
	  N_("--edition E        the edition: 2005, 2013 or 2022 (default: the ISMS's, else 2022)\n"
	     "--catalog ID       a control of an imported catalogue instead\n"
	     "--version V        the version of that catalogue (default: the newest)"),
	  0, NULL },
	{ "search", cmd_control_search, "isms control search WORD... [--edition E | --catalog ID]",
	  N_("Find controls whose IDs, titles or descriptions contain every word, in English or Japanese"),
	  N_("--edition E        search only this edition (default: 2005, 2013 and 2022)\n"
	     "--catalog ID       search an imported catalogue instead\n"
	     "Japanese needs no spaces: each word is matched as part of the text."),
	  0, NULL },
	{ "select", cmd_control_select,
	  "isms control select ID... [--reason legal|contract|business]... [--status S] [--owner NAME] [--ref TEXT] [--additional --title TEXT]",
	  N_("Mark controls of the ISMS's edition applicable, or add controls outside Annex A"),
	  N_("--reason R         a reason for inclusion: legal, contract or business (repeatable);\n"
	     "                   \"risk treatment\" follows from the risks that use the control\n"
	     "--drop-reason R    remove a reason given before\n"
	     "--status S         not_started, planned, partial or implemented\n"
	     "--owner NAME       who is responsible for the control\n"
	     "--ref TEXT         where and how it is implemented (documents, systems)\n"
	     "--additional       the IDs are new controls outside Annex A\n"
	     "--title TEXT       the title of an additional control"),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "exclude", cmd_control_exclude, "isms control exclude ID... --justification TEXT",
	  N_("Exclude controls, with the justification the SoA states"),
	  N_("--justification TEXT  why the controls do not apply (required)\n"
	     "A control that a risk treatment uses cannot be excluded."),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "set", cmd_control_set,
	  "isms control set ID... [--reason R] [--drop-reason R] [--status S] [--owner NAME] [--ref TEXT] [--justification TEXT] [--title TEXT]",
	  N_("Change the reasons, status, owner or references of decided controls"),
	  N_("The options of \"select\", and --justification for excluded controls, --title for\n"
	     "additional ones. The decision itself does not change."),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "remove", cmd_control_remove, "isms control remove ID...",
	  N_("Remove additional controls (outside Annex A)"), NULL, CMD_DB | CMD_WRITE | CMD_ISMS,
	  NULL },
	{ "list", cmd_control_list, "isms control list [--undecided|--applicable|--excluded] [--review]",
	  N_("List every control of the ISMS's edition with its decision, reasons and status"),
	  N_("--undecided        only the controls without a decision\n"
	     "--applicable       only the applicable ones\n"
	     "--excluded         only the excluded ones\n"
	     "--review           only those a transition asks to review"),
	  CMD_DB | CMD_ISMS, NULL },
	{ "suggest", cmd_control_suggest, "isms control suggest [--all]",
	  N_("Propose controls for the risks being reduced or transferred, from the threat and vulnerability library"),
	  N_("--all              also list the controls that are applicable already"),
	  CMD_DB | CMD_ISMS, NULL },
	{ 0 },
};

static const int editions[] = { 2005, 2013, 2022 };

/* Exact ID, else the ID or label without regard to ASCII case. */
static const struct catalog_item *find_control(const struct catalog *c, const char *id)
{
	const struct catalog_item *it = catalog_find(c, id);

	for (size_t i = 0; !it && i < c->nitems; i++)
		if (!strcasecmp(c->items[i].id, id) ||
		    (*c->items[i].label && !strcasecmp(c->items[i].label, id)))
			it = &c->items[i];
	return it;
}

struct counterpart {
	int edition;
	const struct map_link *link;
	const struct catalog_item *item; /* NULL: no counterpart */
};

static size_t counterparts(const struct catalog *c, const struct catalog_item *it,
			   struct counterpart *out, size_t max)
{
	/* the next edition first: where a control went, then where it came from */
	static const int order[3][2] = { { 2013, 2022 }, { 2022, 2005 }, { 2013, 2005 } };
	int row = c->edition == 2005 ? 0 : c->edition == 2013 ? 1 : 2;
	size_t n = 0;

	if (!c->edition)
		return 0;
	for (size_t e = 0; e < 2; e++) {
		int ed = order[row][e];
		const struct mapping *m = mapping_builtin(c->edition, ed);
		const struct map_link *links[32];
		size_t k;

		if (!m)
			continue;
		k = mapping_lookup(m, it->id, links, 32);
		for (size_t i = 0; i < k && i < 32 && n < max; i++) {
			out[n].edition = ed;
			out[n].link = links[i];
			out[n].item = *links[i]->to ? catalog_find(catalog_builtin(ed), links[i]->to) : NULL;
			n++;
		}
	}
	return n;
}

static void show_json(const struct catalog *c, const struct catalog_item *it,
		      const struct counterpart *cp, size_t ncp)
{
	json_t *o = json_object(), *arr = json_array();
	struct sbuf sb = SBUF_INIT;

	json_set_str(o, "catalog", c->ident);
	json_set_str(o, "version", c->version);
	if (c->edition)
		json_set_int(o, "edition", c->edition);
	json_set_str(o, "kind", catalog_kind_code(it->kind));
	json_set_str(o, "id", it->id);
	json_set_str(o, "label", catalog_item_label(it));
	json_set_str(o, "parent", it->parent);
	json_set_str(o, "title", catalog_item_title(it));
	json_set_str(o, "title_en", it->title_en);
	json_set_str(o, "title_ja", it->title_ja);
	json_set_str(o, "ja_status", it->ja_status);
	json_set_str(o, "desc_en", it->desc_en);
	json_set_str(o, "desc_ja", it->desc_ja);
	json_set_str(o, "statement", it->statement);
	json_set_str(o, "guidance", it->guidance);
	json_set_str(o, "status", it->status == CAT_WITHDRAWN ? "withdrawn" : "active");
	if (*it->moved_to)
		json_set_str(o, "moved_to", it->moved_to);
	for (size_t i = 0; i < ncp; i++) {
		json_t *j = json_object();

		json_set_int(j, "edition", cp[i].edition);
		json_set_str(j, "id", cp[i].item ? cp[i].item->id : NULL);
		json_set_str(j, "title", cp[i].item ? catalog_item_title(cp[i].item) : NULL);
		json_set_str(j, "kind", map_kind_code(cp[i].link->kind));
		if (*cp[i].link->via)
			json_set_str(j, "via", cp[i].link->via);
		json_array_append_new(arr, j);
	}
	json_object_set_new(o, "counterparts", arr);
	json_write(&sb, o, 1);
	printf("%s\n", sb.buf);
	sbuf_release(&sb);
	json_decref(o);
}

static void kv(struct rtable *t, const char *key, const char *value)
{
	rtable_row(t);
	rtable_set(t, 0, key);
	rtable_set(t, 1, value);
}

static void show_csv(struct cli *cli, const struct catalog *c, const struct catalog_item *it,
		     const struct counterpart *cp, size_t ncp)
{
	struct rtable t;

	rtable_init(&t);
	rtable_col(&t, "field", _("Field"), RCELL_TEXT);
	rtable_col(&t, "value", _("Value"), RCELL_TEXT);
	kv(&t, "catalog", c->ident);
	kv(&t, "kind", catalog_kind_code(it->kind));
	kv(&t, "id", it->id);
	kv(&t, "label", catalog_item_label(it));
	kv(&t, "parent", it->parent);
	kv(&t, "title_en", it->title_en);
	kv(&t, "title_ja", it->title_ja);
	kv(&t, "ja_status", it->ja_status);
	kv(&t, "desc_en", it->desc_en);
	kv(&t, "desc_ja", it->desc_ja);
	if (*it->statement)
		kv(&t, "statement", it->statement);
	if (*it->guidance)
		kv(&t, "guidance", it->guidance);
	kv(&t, "status", it->status == CAT_WITHDRAWN ? "withdrawn" : "active");
	for (size_t i = 0; i < ncp; i++) {
		rtable_row(&t);
		rtable_setf(&t, 0, "counterpart_%d", cp[i].edition);
		rtable_setf(&t, 1, "%s %s", cp[i].item ? cp[i].item->id : "-",
			    map_kind_code(cp[i].link->kind));
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
}

static void show_text(struct cli *cli, const struct catalog *c, const struct catalog_item *it,
		      const struct counterpart *cp, size_t ncp)
{
	const struct catalog_item *parent = *it->parent ? catalog_find(c, it->parent) : NULL;
	bool ja = i18n_current() == ISMS_LANG_JA;
	const char *desc = catalog_item_desc(it);

	printf("%s  %s\n", catalog_item_label(it), catalog_item_title(it));
	printf("  %s", i18n_pick(c->title_en, c->title_ja));
	printf(" · %s", catalog_kind_label(it->kind));
	if (parent)
		printf(" · %s %s", catalog_item_label(parent), catalog_item_title(parent));
	if (it->status == CAT_WITHDRAWN)
		printf(" · %s", _("withdrawn"));
	printf("\n\n");
	for (int round = 0; round < 2; round++) {
		bool jp = (round == 0) == ja;

		if (jp && *it->title_ja) {
			printf("%s: %s\n", _("Title (Japanese)"), it->title_ja);
			if (*it->ja_status)
				printf("  %s\n", catalog_ja_status_label(it->ja_status));
		} else if (!jp && *it->title_en) {
			printf("%s: %s\n", _("Title (English)"), it->title_en);
		}
	}
	if (*desc)
		printf("%s: %s\n", _("Description"), desc);
	if (*it->statement)
		printf("\n%s:\n%s\n", _("Statement"), it->statement);
	if (*it->guidance)
		printf("\n%s:\n%s\n", _("Guidance"), it->guidance);
	if (*it->moved_to)
		printf("%s: %s\n", _("Moved to"), it->moved_to);
	if (c->edition) {
		struct rtable t;

		printf("\n%s:\n", _("Counterparts in the other editions"));
		rtable_init(&t);
		rtable_col(&t, "edition", _("Edition"), RCELL_TEXT);
		rtable_col(&t, "id", _("Control"), RCELL_TEXT);
		rtable_col(&t, "title", _("Title"), RCELL_TEXT);
		rtable_col(&t, "kind", _("Link"), RCELL_TEXT);
		rtable_col(&t, "via", _("Via 2013"), RCELL_TEXT);
		for (size_t i = 0; i < ncp; i++) {
			rtable_row(&t);
			rtable_setf(&t, 0, "%d", cp[i].edition);
			rtable_set(&t, 1, cp[i].item ? cp[i].item->id : "-");
			rtable_set(&t, 2, cp[i].item ? catalog_item_title(cp[i].item) : "");
			rtable_set(&t, 3, map_kind_label(cp[i].link->kind));
			rtable_set(&t, 4, *cp[i].link->via ? cp[i].link->via : NULL);
		}
		cli_print_table(cli, &t);
		rtable_release(&t);
	}
}

/* Not in this catalogue: say which edition has it, if one does. */
static int not_found(struct cli *cli, const struct catalog *c, const char *id)
{
	/* 2013 first: the edition most old documents refer to */
	static const int prefer[] = { 2013, 2005, 2022 };
	struct isms_err err;

	isms_err_set(&err, ISMS_ENOTFOUND, _("no control \"%s\" in %s"), id,
		     i18n_pick(c->title_en, c->title_ja));

	for (size_t e = 0; e < 3; e++) {
		const struct catalog *other = catalog_builtin(prefer[e]);

		if (other != c && find_control(other, id)) {
			isms_err_hint(&err, _("\"%s\" is in the %d edition: add --edition %d."), id,
				      prefer[e], prefer[e]);
			return cli_fail(cli, &err, NULL);
		}
	}
	isms_err_hint(&err, _("\"isms control search WORDS\" finds controls by their titles."));
	return cli_fail(cli, &err, NULL);
}

/* The options of "show" and "search" that choose a catalogue. */
struct catalog_opts {
	const char *edition, *catalog, *version;
};

/* Parse --edition, --catalog and --version; the arguments start at optind.
 * Returns 0, an exit status, or -1 after printing the help. */
static int parse_catalog_opts(struct cli *cli, int argc, char **argv, struct catalog_opts *o)
{
	static const struct option opts[] = {
		{ "edition", required_argument, NULL, 'e' },
		{ "catalog", required_argument, NULL, 'c' },
		{ "version", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int r, opt;

	memset(o, 0, sizeof(*o));
	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'e': o->edition = optarg; break;
		case 'c': o->catalog = optarg; break;
		case 'v': o->version = optarg; break;
		}
	}
	if (r == 'h')
		return -1;
	return r == '?' ? EXIT_USAGE : EXIT_OK;
}

static int pick_catalog(struct cli *cli, const struct catalog_opts *o, struct catalog **ret)
{
	const char *edition_s = o->edition, *catalog_s = o->catalog, *version = o->version;
	struct isms_err err;
	int rc = cli_open_optional(cli);

	if (rc)
		return rc;
	if (edition_s && catalog_s)
		return cli_usage_error(cli, _("give either --edition or --catalog, not both"));
	if (edition_s) {
		int ed = catalog_edition_parse(edition_s);

		if (!ed) {
			isms_err_set(&err, ISMS_EINVAL, _("unknown edition \"%s\""), edition_s);
			isms_err_hint(&err, _("The editions of ISO/IEC 27001 are 2005, 2013 and 2022."));
			isms_err_field(&err, "--edition");
			return cli_fail(cli, &err, NULL);
		}
		*ret = (struct catalog *)catalog_builtin(ed);
		return EXIT_OK;
	}
	if (catalog_s) {
		if (catalog_open(cli->ctx, cli->isms.id, catalog_s, version, ret, &err))
			return cli_fail(cli, &err, NULL);
		return EXIT_OK;
	}
	*ret = NULL;
	return EXIT_OK;
}

int cmd_control_show(struct cli *cli, int argc, char **argv)
{
	struct catalog_opts co;
	struct counterpart cp[64];
	const struct catalog_item *it;
	struct catalog *c = NULL;
	int rc;
	size_t ncp;

	rc = parse_catalog_opts(cli, argc, argv, &co);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (optind + 1 != argc)
		return cli_usage_error(cli, optind >= argc ? _("the control's ID is missing")
							   : _("too many arguments"));
	rc = pick_catalog(cli, &co, &c);
	if (rc)
		return rc;
	if (!c)
		c = (struct catalog *)catalog_builtin(cli->isms.id ? cli->isms.edition : 2022);
	it = find_control(c, argv[optind]);
	if (!it) {
		rc = not_found(cli, c, argv[optind]);
		catalog_free(c);
		return rc;
	}
	ncp = counterparts(c, it, cp, sizeof(cp) / sizeof(cp[0]));
	if (cli->format == RTABLE_JSON)
		show_json(c, it, cp, ncp);
	else if (cli->format == RTABLE_CSV)
		show_csv(cli, c, it, cp, ncp);
	else
		show_text(cli, c, it, cp, ncp);
	catalog_free(c);
	return EXIT_OK;
}

int cmd_control_search(struct cli *cli, int argc, char **argv)
{
	struct catalog_opts co;
	const char *words[SEARCH_WORDS_MAX];
	struct catalog *c = NULL;
	const struct catalog *scope[3];
	size_t nscope = 0, nwords = 0;
	struct rtable t;
	int rc;

	rc = parse_catalog_opts(cli, argc, argv, &co);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (optind >= argc)
		return cli_usage_error(cli, _("give at least one word to search for"));
	if (argc - optind > SEARCH_WORDS_MAX)
		return cli_usage_error(cli, _("at most %d words can be searched for"), SEARCH_WORDS_MAX);
	for (int i = optind; i < argc; i++) {
		if (strlen(argv[i]) > SEARCH_WORD_MAX)
			return cli_usage_error(cli, _("a search word has at most %d bytes"), SEARCH_WORD_MAX);
		words[nwords++] = argv[i];
	}
	rc = pick_catalog(cli, &co, &c);
	if (rc)
		return rc;
	if (c)
		scope[nscope++] = c;
	else
		for (size_t e = 0; e < 3; e++)
			scope[nscope++] = catalog_builtin(editions[e]);
	rtable_init(&t);
	rtable_col(&t, "catalog", _("Catalogue"), RCELL_TEXT);
	rtable_col(&t, "id", _("Control"), RCELL_TEXT);
	rtable_col(&t, "title", _("Title"), RCELL_TEXT);
	if (cli->format != RTABLE_TEXT) {
		rtable_col(&t, "title_en", _("Title (English)"), RCELL_TEXT);
		rtable_col(&t, "title_ja", _("Title (Japanese)"), RCELL_TEXT);
	}
	for (size_t s = 0; s < nscope; s++) {
		for (size_t i = 0; i < scope[s]->nitems; i++) {
			const struct catalog_item *it = &scope[s]->items[i];

			if (it->kind != CAT_CONTROL && it->kind != CAT_ENHANCEMENT)
				continue;
			if (!catalog_item_matches(it, words, nwords))
				continue;
			rtable_row(&t);
			rtable_set(&t, 0, scope[s]->ident);
			rtable_set(&t, 1, catalog_item_label(it));
			rtable_set(&t, 2, catalog_item_title(it));
			if (cli->format != RTABLE_TEXT) {
				rtable_set(&t, 3, it->title_en);
				rtable_set(&t, 4, it->title_ja);
			}
		}
	}
	if (cli->format == RTABLE_TEXT && t.nrows == 0)
		printf("%s\n", _("No control matches."));
	else
		cli_print_table(cli, &t);
	rtable_release(&t);
	catalog_free(c);
	return EXIT_OK;
}
