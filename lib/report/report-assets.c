/* report-assets.c - the asset inventory (資産目録) as a document. */
#include <string.h>

#include "isms/asset.h"
#include "isms/i18n.h"
#include "isms/report.h"
#include "isms/sbuf.h"

static enum doc_type col_type(enum asset_field f)
{
	return f == AF_C || f == AF_I || f == AF_A ? DOC_NUMBER : DOC_TEXT;
}

static const unsigned widths[AF_COUNT] = {
	[AF_CODE] = 10, [AF_NAME] = 28, [AF_TYPE] = 12, [AF_OWNER] = 16, [AF_LOCATION] = 16,
	[AF_GROUP] = 14, [AF_C] = 6, [AF_I] = 6, [AF_A] = 6, [AF_DESCRIPTION] = 40,
	[AF_C_REASON] = 24, [AF_I_REASON] = 24, [AF_A_REASON] = 24, [AF_CLASSIFICATION] = 12,
	[AF_DEPENDS_ON] = 16,
};

static void set_value(struct doc_table *t, size_t col, int v)
{
	if (v)
		doc_set_int(t, col, v);
}

enum isms_rc report_assets(struct isms_ctx *ctx, const struct isms_info *isms,
			   const struct report_opts *o, struct doc **ret, struct isms_err *err)
{
	struct asset_filter f = ASSET_FILTER_INIT;
	struct arena ar = ARENA_INIT;
	struct asset *rows;
	size_t n, by_type[ASSET_TYPE_COUNT] = { 0 };
	long no_owner = 0, unvalued = 0;
	struct doc_table *t;
	struct doc_chart *ch;
	struct doc *d;
	struct sbuf deps = SBUF_INIT;
	enum isms_rc rc;

	f.with_deps = true;
	rc = asset_list(ctx, &ar, isms->id, &f, &rows, &n, NULL, err);
	if (rc) {
		arena_release(&ar);
		return rc;
	}
	d = report_new("assets", _("Asset inventory"), isms, o);
	for (size_t i = 0; i < n; i++) {
		by_type[rows[i].type]++;
		no_owner += !*rows[i].owner;
		unvalued += !rows[i].c || !rows[i].i || !rows[i].a;
	}
	doc_heading(d, 1, _("Summary"));
	doc_kvf(d, "assets", _("Assets"), "%zu", n);
	doc_kvf(d, "without_owner", _("Assets without an owner"), "%ld", no_owner);
	doc_kvf(d, "unvalued", _("Assets without C/I/A values"), "%ld", unvalued);
	ch = doc_barchart(d, "by_type", _("Assets by type"), _("Assets"));
	for (int k = 0; k < ASSET_TYPE_COUNT; k++)
		doc_bar(ch, asset_type_label((enum asset_type)k), (long)by_type[k], NULL);
	doc_heading(d, 1, _("Assets"));
	t = doc_table(d, "assets", _("Assets"));
	for (int k = 0; k < AF_COUNT; k++)
		doc_col(t, asset_fields[k].key, asset_field_label((enum asset_field)k),
			col_type((enum asset_field)k), widths[k]);
	doc_set_main(t);
	for (size_t i = 0; i < n; i++) {
		const struct asset *a = &rows[i];

		doc_row(t);
		doc_set(t, AF_CODE, a->code);
		doc_set(t, AF_NAME, a->name);
		doc_set(t, AF_TYPE, asset_type_label(a->type));
		doc_set(t, AF_OWNER, a->owner);
		if (!*a->owner)
			doc_set_style(t, AF_OWNER, DOC_STYLE_WARN);
		doc_set(t, AF_LOCATION, a->location);
		doc_set(t, AF_GROUP, a->group);
		set_value(t, AF_C, a->c);
		set_value(t, AF_I, a->i);
		set_value(t, AF_A, a->a);
		for (int k = 0; k < 3; k++)
			if (!(k == 0 ? a->c : k == 1 ? a->i : a->a))
				doc_set_style(t, (size_t)(AF_C + k), DOC_STYLE_MUTED);
		doc_set(t, AF_DESCRIPTION, a->description);
		doc_set(t, AF_C_REASON, a->c_reason);
		doc_set(t, AF_I_REASON, a->i_reason);
		doc_set(t, AF_A_REASON, a->a_reason);
		doc_set(t, AF_CLASSIFICATION, a->classification);
		sbuf_reset(&deps);
		for (size_t k = 0; k < a->ndeps; k++) {
			if (k)
				sbuf_addstr(&deps, ", ");
			sbuf_addstr(&deps, a->depends_on[k]);
		}
		doc_set(t, AF_DEPENDS_ON, deps.buf);
	}
	sbuf_release(&deps);
	arena_release(&ar);
	*ret = d;
	return ISMS_OK;
}
