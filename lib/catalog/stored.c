/* stored.c - catalogues imported into an ISMS: import, list, open by identifier and version. */
#include <stdio.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/json.h"
#include "isms/util.h"
#include "isms/xalloc.h"
#include "../model/model.h"
#include "catalog-int.h"

static const char *source_code(const struct catalog *c)
{
	static const char *const known[] = { "tsv", "csv", "oscal", "json" };

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (c->source && !strcmp(c->source, known[i]))
			return known[i];
	return "json";
}

static json_t *summary(const struct catalog *c, const char *sha)
{
	json_t *o = json_object(), *counts = json_object();
	size_t withdrawn = 0;

	json_set_str(o, "identifier", c->ident);
	json_set_str(o, "version", c->version);
	json_set_str(o, "title_en", c->title_en);
	json_set_str(o, "source", source_code(c));
	json_set_str(o, "sha256", sha);
	for (int k = 0; k < CAT_NKINDS; k++) {
		size_t n = catalog_count(c, (enum catalog_kind)k);

		if (n)
			json_set_int(counts, catalog_kind_code((enum catalog_kind)k), (long long)n);
	}
	for (size_t i = 0; i < c->nitems; i++)
		withdrawn += c->items[i].status == CAT_WITHDRAWN;
	if (withdrawn)
		json_set_int(counts, "withdrawn", (long long)withdrawn);
	json_object_set_new(o, "items", counts);
	return o;
}

static enum isms_rc insert_items(struct isms_ctx *ctx, int64_t isms_id, int64_t cat_id,
				 int64_t gen, const struct catalog *c, struct isms_err *err)
{
	for (size_t i = 0; i < c->nitems; i++) {
		const struct catalog_item *it = &c->items[i];
		struct stmt *q;
		enum isms_rc rc;

		q = store_query(ctx->st,
				"INSERT INTO catalog_item (isms_id, catalog_id, generation, seq, kind,"
				" item_id, parent, label, title_en, title_ja, ja_status, desc_en, desc_ja,"
				" statement, guidance, status, moved_to, moved_how)"
				" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
				" $16, $17, $18)"
				" ON CONFLICT (catalog_id, item_id) DO UPDATE SET"
				" generation = excluded.generation, seq = excluded.seq, kind = excluded.kind,"
				" parent = excluded.parent, label = excluded.label,"
				" title_en = excluded.title_en, title_ja = excluded.title_ja,"
				" ja_status = excluded.ja_status, desc_en = excluded.desc_en,"
				" desc_ja = excluded.desc_ja, statement = excluded.statement,"
				" guidance = excluded.guidance, status = excluded.status,"
				" moved_to = excluded.moved_to, moved_how = excluded.moved_how",
				err);
		if (!q)
			return err->code;
		stmt_bind_int(q, 1, isms_id);
		stmt_bind_int(q, 2, cat_id);
		stmt_bind_int(q, 3, gen);
		stmt_bind_int(q, 4, (int64_t)i);
		stmt_bind_text(q, 5, catalog_kind_code(it->kind));
		stmt_bind_text(q, 6, it->id);
		stmt_bind_text(q, 7, it->parent);
		stmt_bind_text(q, 8, it->label);
		stmt_bind_text(q, 9, it->title_en);
		stmt_bind_text(q, 10, it->title_ja);
		stmt_bind_text(q, 11, it->ja_status);
		stmt_bind_text(q, 12, it->desc_en);
		stmt_bind_text(q, 13, it->desc_ja);
		stmt_bind_text(q, 14, it->statement);
		stmt_bind_text(q, 15, it->guidance);
		stmt_bind_text(q, 16, it->status == CAT_WITHDRAWN ? "withdrawn" : "active");
		stmt_bind_text(q, 17, it->moved_to);
		stmt_bind_text(q, 18, it->moved_how);
		rc = stmt_run(q, err);
		if (rc)
			return rc;
	}
	return ISMS_OK;
}

enum isms_rc catalog_import(struct isms_ctx *ctx, int64_t isms_id, const struct catalog *c,
			    bool *ret_updated, struct isms_err *err)
{
	char sha[ISMS_SHA256_HEX], now[ISMS_TIME_LEN], *entity_id;
	struct sbuf canon = SBUF_INIT;
	json_t *before = NULL, *after;
	int64_t cat_id = 0, gen = 1;
	struct stmt *q;
	enum isms_rc rc;
	int r;

	if (catalog_edition_parse(c->ident)) {
		isms_err_set(err, ISMS_EEXIST, _("the identifier \"%s\" belongs to a built-in catalogue"),
			     c->ident);
		isms_err_hint(err, _("Give the imported catalogue another identifier with --id."));
		isms_err_field(err, "identifier");
		return ISMS_EEXIST;
	}
	if (!c->nitems)
		return isms_err_set(err, ISMS_EINVAL, _("the catalogue holds no items"));
	if (!*c->version)
		return isms_err_set(err, ISMS_EINVAL, _("the catalogue has no version"));
	/* What was imported, exactly: the hash of its canonical JSON. */
	cat_write_json(c, &canon);
	isms_sha256_hex(canon.buf, canon.len, sha);
	sbuf_release(&canon);
	isms_time_now(now);
	entity_id = xasprintf("%s@%s", c->ident, c->version);

	rc = store_begin(ctx->st, err);
	if (rc)
		goto out;
	q = store_query(ctx->st,
			"SELECT id, generation, sha256 FROM catalog"
			" WHERE isms_id = $1 AND ident = $2 AND version = $3",
			err);
	if (!q) {
		rc = err->code;
		goto end;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, c->ident);
	stmt_bind_text(q, 3, c->version);
	r = stmt_next(q, err);
	if (r < 0) {
		rc = err->code;
		goto end;
	}
	if (r > 0) {
		cat_id = stmt_int(q, 0);
		gen = stmt_int(q, 1) + 1;
		before = json_object();
		json_set_str(before, "sha256", stmt_text(q, 2));
		rc = stmt_run(q, err);
		if (rc)
			goto end;
		q = store_query(ctx->st,
				"UPDATE catalog SET title_en = $1, title_ja = $2, source = $3, uuid = $4,"
				" sha256 = $5, generation = $6, imported_at = $7, imported_by = $8"
				" WHERE id = $9 AND isms_id = $10",
				err);
		if (!q) {
			rc = err->code;
			goto end;
		}
		stmt_bind_int(q, 9, cat_id);
		stmt_bind_int(q, 10, isms_id);
	} else {
		q = store_query(ctx->st,
				"INSERT INTO catalog (title_en, title_ja, source, uuid, sha256, generation,"
				" imported_at, imported_by, isms_id, ident, version)"
				" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
				err);
		if (!q) {
			rc = err->code;
			goto end;
		}
		stmt_bind_int(q, 9, isms_id);
		stmt_bind_text(q, 10, c->ident);
		stmt_bind_text(q, 11, c->version);
	}
	stmt_bind_text(q, 1, c->title_en);
	stmt_bind_text(q, 2, c->title_ja);
	stmt_bind_text(q, 3, source_code(c));
	stmt_bind_text(q, 4, c->uuid);
	stmt_bind_text(q, 5, sha);
	stmt_bind_int(q, 6, gen);
	stmt_bind_text(q, 7, now);
	stmt_bind_text(q, 8, isms_ctx_actor(ctx));
	rc = cat_id ? stmt_run(q, err) : stmt_insert_id(q, &cat_id, err);
	if (!rc)
		rc = insert_items(ctx, isms_id, cat_id, gen, c, err);
	if (rc)
		goto end;
	q = store_query(ctx->st,
			"DELETE FROM catalog_item WHERE isms_id = $1 AND catalog_id = $2"
			" AND generation <> $3",
			err);
	if (!q) {
		rc = err->code;
		goto end;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, cat_id);
	stmt_bind_int(q, 3, gen);
	rc = stmt_run(q, err);
	if (rc)
		goto end;
	after = summary(c, sha);
	rc = model_audit(ctx, isms_id, "catalog", entity_id, before ? "update" : "create", before,
			 after, err);
	json_decref(after);
	if (!rc && ret_updated)
		*ret_updated = before != NULL;
end:
	rc = store_end(ctx->st, rc, err);
out:
	json_decref(before);
	free(entity_id);
	return rc;
}

static void builtin_info(const struct catalog *c, struct catalog_info *r)
{
	memset(r, 0, sizeof(*r));
	r->ident = c->ident;
	r->version = c->version;
	r->title_en = c->title_en;
	r->title_ja = c->title_ja;
	r->edition = c->edition;
	r->source = "builtin";
	r->imported_at = "";
	r->imported_by = "";
	for (int k = 0; k < CAT_NKINDS; k++)
		r->counts[k] = catalog_count(c, (enum catalog_kind)k);
}

enum isms_rc catalog_list(struct isms_ctx *ctx, int64_t isms_id, struct arena *a,
			  struct catalog_info **ret, size_t *ret_n, struct isms_err *err)
{
	static const int editions[] = { 2005, 2013, 2022 };
	struct catalog_info *rows;
	size_t n = 0, alloc = 8;
	struct stmt *q;
	int r;

	rows = arena_zalloc(a, alloc * sizeof(*rows));
	for (size_t i = 0; i < 3; i++)
		builtin_info(catalog_builtin(editions[i]), &rows[n++]);
	if (!ctx || !isms_id)
		goto done;
	q = store_query(ctx->st,
			"SELECT id, ident, version, title_en, title_ja, source, imported_at, imported_by"
			" FROM catalog WHERE isms_id = $1 ORDER BY ident, version",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		struct catalog_info *row;

		if (n == alloc) {
			struct catalog_info *bigger = arena_zalloc(a, 2 * alloc * sizeof(*rows));

			memcpy(bigger, rows, n * sizeof(*rows));
			rows = bigger;
			alloc *= 2;
		}
		row = &rows[n++];
		row->db_id = stmt_int(q, 0);
		row->ident = arena_strdup(a, stmt_text(q, 1));
		row->version = arena_strdup(a, stmt_text(q, 2));
		row->title_en = arena_strdup(a, stmt_text(q, 3));
		row->title_ja = arena_strdup(a, stmt_text(q, 4));
		row->source = arena_strdup(a, stmt_text(q, 5));
		row->imported_at = arena_strdup(a, stmt_text(q, 6));
		row->imported_by = arena_strdup(a, stmt_text(q, 7));
	}
	if (r < 0)
		return err->code;
	q = store_query(ctx->st,
			"SELECT catalog_id, kind, status, COUNT(*) FROM catalog_item WHERE isms_id = $1"
			" GROUP BY catalog_id, kind, status",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		int64_t id = stmt_int(q, 0), count = stmt_int(q, 3);
		enum catalog_kind kind;

		if (!catalog_kind_parse(stmt_text(q, 1), &kind))
			continue;
		for (size_t i = 3; i < n; i++) {
			if (rows[i].db_id != id)
				continue;
			rows[i].counts[kind] += (size_t)count;
			if (!strcmp(stmt_text(q, 2), "withdrawn"))
				rows[i].withdrawn += (size_t)count;
		}
	}
	if (r < 0)
		return err->code;
done:
	*ret = rows;
	*ret_n = n;
	return ISMS_OK;
}

static enum isms_rc not_found(const char *name, const char *version, struct isms_err *err)
{
	if (version && *version)
		isms_err_set(err, ISMS_ENOTFOUND, _("no catalogue \"%s\" in version \"%s\""), name,
			     version);
	else
		isms_err_set(err, ISMS_ENOTFOUND, _("no catalogue \"%s\""), name);
	isms_err_hint(err, _("\"isms catalog list\" shows the catalogues; the built-in ones are 2005, 2013 and 2022."));
	return ISMS_ENOTFOUND;
}

static enum isms_rc load_items(struct isms_ctx *ctx, int64_t isms_id, struct cat_builder *b,
			       struct isms_err *err)
{
	struct stmt *q;
	int r;

	q = store_query(ctx->st,
			"SELECT kind, item_id, parent, label, title_en, title_ja, ja_status, desc_en,"
			" desc_ja, statement, guidance, status, moved_to, moved_how"
			" FROM catalog_item WHERE isms_id = $1 AND catalog_id = $2 ORDER BY seq",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, b->c->db_id);
	while ((r = stmt_next(q, err)) > 0) {
		struct catalog_item *it = cb_add(b, 0, NULL);

		catalog_kind_parse(stmt_text(q, 0), &it->kind);
		it->id = cb_str(b, stmt_text(q, 1));
		it->parent = cb_str(b, stmt_text(q, 2));
		it->label = cb_str(b, stmt_text(q, 3));
		it->title_en = cb_str(b, stmt_text(q, 4));
		it->title_ja = cb_str(b, stmt_text(q, 5));
		it->ja_status = cb_str(b, stmt_text(q, 6));
		it->desc_en = cb_str(b, stmt_text(q, 7));
		it->desc_ja = cb_str(b, stmt_text(q, 8));
		it->statement = cb_str(b, stmt_text(q, 9));
		it->guidance = cb_str(b, stmt_text(q, 10));
		it->status = strcmp(stmt_text(q, 11), "withdrawn") ? CAT_ACTIVE : CAT_WITHDRAWN;
		it->moved_to = cb_str(b, stmt_text(q, 12));
		it->moved_how = cb_str(b, stmt_text(q, 13));
	}
	return r < 0 ? err->code : ISMS_OK;
}

enum isms_rc catalog_open(struct isms_ctx *ctx, int64_t isms_id, const char *name,
			  const char *version, struct catalog **ret, struct isms_err *err)
{
	int edition = catalog_edition_parse(name);
	struct cat_builder b;
	struct stmt *q;
	enum isms_rc rc;
	int r;

	if (edition) {
		const struct catalog *c = catalog_builtin(edition);

		if (version && *version && strcmp(version, c->version))
			return not_found(c->ident, version, err);
		/* Shared and never freed: catalog_free leaves it alone. */
		*ret = (struct catalog *)c;
		return ISMS_OK;
	}
	if (!ctx || !isms_id)
		return not_found(name, version, err);
	q = store_query(ctx->st,
			"SELECT id, ident, version, title_en, title_ja, source, uuid, imported_at,"
			" imported_by FROM catalog WHERE isms_id = $1 AND ident = $2"
			" AND ($3 = '' OR version = $3) ORDER BY id DESC LIMIT 1",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, name);
	stmt_bind_text(q, 3, version ? version : "");
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return not_found(name, version, err);
	cb_init(&b, "");
	b.c->db_id = stmt_int(q, 0);
	b.c->ident = cb_str(&b, stmt_text(q, 1));
	b.c->version = cb_str(&b, stmt_text(q, 2));
	b.c->title_en = cb_str(&b, stmt_text(q, 3));
	b.c->title_ja = cb_str(&b, stmt_text(q, 4));
	b.c->source = cb_str(&b, stmt_text(q, 5));
	b.c->uuid = cb_str(&b, stmt_text(q, 6));
	b.c->imported_at = cb_str(&b, stmt_text(q, 7));
	b.c->imported_by = cb_str(&b, stmt_text(q, 8));
	rc = stmt_run(q, err);
	if (!rc)
		rc = load_items(ctx, isms_id, &b, err);
	if (!rc)
		*ret = TAKE_PTR(b.c);
	cb_release(&b);
	return rc;
}
