/* export.c - writing catalogues as OSCAL, CSV or our JSON, and searching their items. */
#include <string.h>

#include "isms/i18n.h"
#include "isms/json.h"
#include "isms/table.h"
#include "catalog-int.h"

static const char *column_value(const struct catalog_item *it, size_t col)
{
	switch (col) {
	case 0: return catalog_kind_code(it->kind);
	case 1: return it->id;
	case 2: return it->parent;
	case 3: return it->title_en;
	case 4: return it->title_ja;
	case 5: return it->ja_status;
	case 6: return it->desc_en;
	case 7: return it->desc_ja;
	case 8: return it->label;
	case 9: return it->status == CAT_WITHDRAWN ? "withdrawn" : "active";
	case 10: return it->moved_to;
	case 11: return it->moved_how;
	case 12: return it->statement;
	case 13: return it->guidance;
	default: return "";
	}
}

static void csv_directive(struct sbuf *out, const char *key, const char *value)
{
	if (!*value)
		return;
	csv_field(out, key, true);
	sbuf_addch(out, ',');
	csv_field(out, value, true);
	sbuf_addstr(out, "\r\n");
}

void cat_write_csv(const struct catalog *c, struct sbuf *out)
{
	sbuf_addstr(out, "\xef\xbb\xbf");
	csv_directive(out, "%catalog", c->ident);
	csv_directive(out, "%version", c->version);
	csv_directive(out, "%title_en", c->title_en);
	csv_directive(out, "%title_ja", c->title_ja);
	csv_directive(out, "%uuid", c->uuid);
	for (size_t k = 0; k < CAT_ALL_COLUMNS; k++) {
		if (k)
			sbuf_addch(out, ',');
		sbuf_addstr(out, cat_columns[k]);
	}
	sbuf_addstr(out, "\r\n");
	for (size_t i = 0; i < c->nitems; i++) {
		for (size_t k = 0; k < CAT_ALL_COLUMNS; k++) {
			if (k)
				sbuf_addch(out, ',');
			csv_field(out, column_value(&c->items[i], k), true);
		}
		sbuf_addstr(out, "\r\n");
	}
}

void cat_write_json(const struct catalog *c, struct sbuf *out)
{
	json_t *root = json_object(), *cat = json_object(), *items = json_array();

	json_set_str(cat, "identifier", c->ident);
	json_set_str(cat, "version", c->version);
	json_set_str(cat, "title_en", c->title_en);
	json_set_str(cat, "title_ja", c->title_ja);
	if (*c->uuid)
		json_set_str(cat, "uuid", c->uuid);
	if (c->edition)
		json_set_int(cat, "edition", c->edition);
	for (size_t i = 0; i < c->nitems; i++) {
		json_t *o = json_object();

		for (size_t k = 0; k < CAT_ALL_COLUMNS; k++)
			json_set_str(o, cat_columns[k], column_value(&c->items[i], k));
		json_array_append_new(items, o);
	}
	json_object_set_new(cat, "items", items);
	json_object_set_new(root, "isms-catalog", cat);
	json_write(out, root, 1);
	sbuf_addch(out, '\n');
	json_decref(root);
}

enum isms_rc catalog_export(const struct catalog *c, enum catalog_format f, struct sbuf *out,
			    struct isms_err *err)
{
	switch (f) {
	case CATFMT_OSCAL: cat_write_oscal(c, out); return ISMS_OK;
	case CATFMT_CSV: cat_write_csv(c, out); return ISMS_OK;
	case CATFMT_JSON: cat_write_json(c, out); return ISMS_OK;
	default:
		isms_err_set(err, ISMS_EINVAL, _("cannot export a catalogue as \"%s\""),
			     catalog_format_code(f));
		isms_err_hint(err, _("Use --format oscal, csv or json."));
		return ISMS_EINVAL;
	}
}

/* --- search ------------------------------------------------------------- */

/* Fold for matching: ASCII letters to lower case, full-width ASCII
 * (U+FF01…U+FF5E) to plain ASCII, the ideographic space to a space. */
static void fold(struct sbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		if (p[0] == 0xef && (p[1] == 0xbc || p[1] == 0xbd) && p[2]) {
			unsigned cp = 0xf000u | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);

			if (cp >= 0xff01 && cp <= 0xff5e) {
				char ch = (char)(cp - 0xfee0);

				sbuf_addch(sb, ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch);
				p += 3;
				continue;
			}
		}
		if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) {
			sbuf_addch(sb, ' ');
			p += 3;
			continue;
		}
		sbuf_addch(sb, *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : (char)*p);
		p++;
	}
}

bool catalog_item_matches(const struct catalog_item *it, const char *const *words,
			  size_t nwords)
{
	const char *fields[] = { it->id, it->label, it->title_en, it->title_ja, it->desc_en,
				 it->desc_ja, it->statement };
	struct sbuf hay = SBUF_INIT, w = SBUF_INIT;
	bool all = true;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		fold(&hay, fields[i] ? fields[i] : "");
		sbuf_addch(&hay, '\n');
	}
	for (size_t k = 0; k < nwords && all; k++) {
		sbuf_reset(&w);
		fold(&w, words[k]);
		all = w.len == 0 || strstr(hay.buf, w.buf) != NULL;
	}
	sbuf_release(&hay);
	sbuf_release(&w);
	return all;
}
