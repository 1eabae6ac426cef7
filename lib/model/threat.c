/* threat.c - an ISMS's own threats and vulnerabilities, beside the built-in library. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "isms/asset.h"
#include "isms/catalog.h"
#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/json.h"
#include "isms/library.h"
#include "isms/scoring.h"
#include "isms/util.h"
#include "model.h"
#include "vec.h"

static const char *dup(struct arena *a, struct stmt *q, int col)
{
	return arena_strdup(a, stmt_text(q, col));
}

enum isms_rc library_load(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			  struct library *ret, struct isms_err *err)
{
	const struct library *b = library_builtin();
	size_t talloc = 0, valloc = 0;
	struct stmt *q;
	int r;

	memset(ret, 0, sizeof(*ret));
	ret->threats = arena_vec_grow(a, NULL, 0, &talloc, b->nthreats, sizeof(*ret->threats));
	memcpy(ret->threats, b->threats, b->nthreats * sizeof(*ret->threats));
	ret->nthreats = b->nthreats;
	ret->vulns = arena_vec_grow(a, NULL, 0, &valloc, b->nvulns, sizeof(*ret->vulns));
	memcpy(ret->vulns, b->vulns, b->nvulns * sizeof(*ret->vulns));
	ret->nvulns = b->nvulns;

	q = store_query(ctx->st,
			"SELECT code, category, name_en, name_ja, props, asset_types, controls,"
			" desc_en, desc_ja FROM threat WHERE isms_id = $1 ORDER BY code",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		struct lib_threat *t = arena_zalloc(a, sizeof(*t));

		t->code = dup(a, q, 0);
		threat_category_parse(stmt_text(q, 1), &t->category);
		t->name_en = dup(a, q, 2);
		t->name_ja = dup(a, q, 3);
		if (!score_props_parse(stmt_text(q, 4), &t->props))
			t->props = SCORE_C | SCORE_I | SCORE_A;
		t->asset_types = dup(a, q, 5);
		t->ctl[0] = t->ctl[1] = t->ctl[2] = dup(a, q, 6);
		t->desc_en = dup(a, q, 7);
		t->desc_ja = dup(a, q, 8);
		t->own = true;
		ret->threats = arena_vec_grow(a, ret->threats, ret->nthreats, &talloc,
					      ret->nthreats + 1, sizeof(*ret->threats));
		ret->threats[ret->nthreats++] = t;
	}
	if (r < 0)
		return err->code;

	q = store_query(ctx->st,
			"SELECT code, name_en, name_ja, asset_types, threats, controls, desc_en, desc_ja"
			" FROM vulnerability WHERE isms_id = $1 ORDER BY code",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		struct lib_vuln *v = arena_zalloc(a, sizeof(*v));

		v->code = dup(a, q, 0);
		v->name_en = dup(a, q, 1);
		v->name_ja = dup(a, q, 2);
		v->asset_types = dup(a, q, 3);
		v->threats = dup(a, q, 4);
		v->ctl[0] = v->ctl[1] = v->ctl[2] = dup(a, q, 5);
		v->desc_en = dup(a, q, 6);
		v->desc_ja = dup(a, q, 7);
		v->own = true;
		ret->vulns = arena_vec_grow(a, ret->vulns, ret->nvulns, &valloc, ret->nvulns + 1,
					    sizeof(*ret->vulns));
		ret->vulns[ret->nvulns++] = v;
	}
	return r < 0 ? err->code : ISMS_OK;
}

/* --- adding -------------------------------------------------------------------- */

static enum isms_rc check_code(const char *code, struct isms_err *err)
{
	size_t len = strlen(code);

	if (!len || len > LIB_CODE_MAX)
		goto bad;
	for (const char *p = code; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_' || *p == '.'))
			goto bad;
	return ISMS_OK;
bad:
	isms_err_set(err, ISMS_EINVAL, _("invalid library code \"%s\""), code);
	isms_err_detail(err, _("A code has 1 to %d characters: letters, digits, \"-\", \"_\" and \".\"."),
			LIB_CODE_MAX);
	isms_err_field(err, "code");
	return ISMS_EINVAL;
}

/* Normalise a comma-separated list: items trimmed, checked by `check`,
 * joined by ",". */
static enum isms_rc norm_list(struct arena *a, const char *in, const char *field,
			      enum isms_rc (*check)(const char *item, const char *field, void *arg,
						    struct isms_err *err),
			      void *arg, const char **ret, struct isms_err *err)
{
	struct sbuf sb = SBUF_INIT;
	size_t count = 0;
	enum isms_rc rc = ISMS_OK;

	for (const char *p = in ? in : ""; *p;) {
		const char *end = p + strcspn(p, ",;\n");
		char item[256];
		size_t len;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		len = (size_t)(end - p);
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
			len--;
		if (len >= sizeof(item)) {
			isms_err_set(err, ISMS_ELIMIT, _("an item of %s is too long"), field);
			isms_err_field(err, field);
			rc = ISMS_ELIMIT;
			goto out;
		}
		if (len) {
			memcpy(item, p, len);
			item[len] = '\0';
			if (++count > LIB_LIST_MAX) {
				isms_err_set(err, ISMS_ELIMIT, _("%s has more than %d items"), field,
					     LIB_LIST_MAX);
				isms_err_field(err, field);
				rc = ISMS_ELIMIT;
				goto out;
			}
			rc = check(item, field, arg, err);
			if (rc)
				goto out;
			if (!lib_list_has(sb.buf, item))
				sbuf_addf(&sb, "%s%s", sb.len ? "," : "", item);
		}
		p = *end ? end + 1 : end;
	}
	*ret = arena_strdup(a, sb.buf);
out:
	sbuf_release(&sb);
	return rc;
}

static enum isms_rc check_asset_type(const char *item, const char *field, void *arg,
				     struct isms_err *err)
{
	enum asset_type t;

	(void)arg;
	if (!asset_type_parse(item, &t)) {
		isms_err_set(err, ISMS_EINVAL, _("unknown asset type \"%s\""), item);
		isms_err_hint(err, _("The types are information, software, hardware, service, people, site and intangible."));
		isms_err_field(err, field);
		return ISMS_EINVAL;
	}
	return ISMS_OK;
}

static enum isms_rc check_control(const char *item, const char *field, void *arg,
				  struct isms_err *err)
{
	const struct catalog *cat = arg;
	const struct catalog_item *it = catalog_find(cat, item);

	if (!it || it->kind != CAT_CONTROL) {
		isms_err_set(err, ISMS_EINVAL, _("%s is not a control of ISO/IEC 27001:%d Annex A"), item,
			     cat->edition);
		isms_err_hint(err, _("Controls are named by their ID in the ISMS's edition, such as A.5.1 (2022) or A.9.2.1 (2013)."));
		isms_err_field(err, field);
		return ISMS_EINVAL;
	}
	return ISMS_OK;
}

static enum isms_rc check_threat_code(const char *item, const char *field, void *arg,
				      struct isms_err *err)
{
	const struct library *l = arg;

	for (size_t i = 0; i < l->nthreats; i++)
		if (!strcmp(l->threats[i]->code, item))
			return ISMS_OK;
	isms_err_set(err, ISMS_EINVAL, _("no threat with the code \"%s\""), item);
	isms_err_hint(err, _("\"isms threat list\" shows the threats."));
	isms_err_field(err, field);
	return ISMS_EINVAL;
}

/* The next free generated code with `prefix` ("UT-"). */
static enum isms_rc next_code(struct isms_ctx *ctx, const struct library *l, bool threats,
			      const char *prefix, char out[LIB_CODE_MAX + 1], struct isms_err *err)
{
	long long max = 0;
	size_t n = threats ? l->nthreats : l->nvulns;
	size_t plen = strlen(prefix);

	(void)ctx;
	(void)err;
	for (size_t i = 0; i < n; i++) {
		const char *code = threats ? l->threats[i]->code : l->vulns[i]->code;
		long long v;

		if (!strncmp(code, prefix, plen) && isms_parse_int(code + plen, 1, 999999999, &v) &&
		    v > max)
			max = v;
	}
	/* "UT-" and at most 9 digits: always within LIB_CODE_MAX */
	snprintf(out, LIB_CODE_MAX + 1, "%.3s%03d", prefix, (int)((max + 1) % 1000000000));
	return ISMS_OK;
}

static bool code_taken(const struct library *l, const char *code)
{
	for (size_t i = 0; i < l->nthreats; i++)
		if (!strcasecmp(l->threats[i]->code, code))
			return true;
	for (size_t i = 0; i < l->nvulns; i++)
		if (!strcasecmp(l->vulns[i]->code, code))
			return true;
	return false;
}

/* The names of an entry ("" for none): at least one, neither too long. */
static enum isms_rc check_names(const char *name_en, const char *name_ja, struct isms_err *err)
{
	enum isms_rc rc;

	if (!*name_en && !*name_ja) {
		isms_err_set(err, ISMS_EINVAL, _("a name in English or Japanese is required"));
		isms_err_field(err, "name");
		return ISMS_EINVAL;
	}
	if ((*name_en && (rc = isms_check_text(name_en, LIB_NAME_MAX, "name_en", err))) ||
	    (*name_ja && (rc = isms_check_text(name_ja, LIB_NAME_MAX, "name_ja", err))))
		return rc;
	return ISMS_OK;
}

/* Whether a name is taken by another entry of the same kind (its name or
 * code). `self` is the entry being changed, NULL when adding; a name in
 * `old` (the entry's names before the change) is not checked again. */
static enum isms_rc check_names_free(const struct library *lib, bool threats, const void *self,
				     const char *const names[2], const char *const old[2],
				     struct isms_err *err)
{
	for (int lang = 0; lang < 2; lang++) {
		const char *name = names[lang];
		const void *hit;

		if (!name || !*name || (old && !strcmp(name, old[lang])))
			continue;
		hit = threats ? (const void *)library_find_threat(lib, name)
			      : (const void *)library_find_vuln(lib, name);
		if (hit && hit != self) {
			isms_err_set(err, ISMS_EEXIST, _("the library already has an entry named \"%s\""), name);
			isms_err_field(err, lang ? "name_ja" : "name_en");
			return ISMS_EEXIST;
		}
	}
	return ISMS_OK;
}

/* The category and the properties of a threat. */
static enum isms_rc check_threat_kind(int category, int props, struct isms_err *err)
{
	if (category < 0 || category >= THREAT_CATEGORY_COUNT) {
		isms_err_set(err, ISMS_EINVAL, _("unknown threat category"));
		isms_err_field(err, "category");
		return ISMS_EINVAL;
	}
	if (!(props & (SCORE_C | SCORE_I | SCORE_A)) || (props & ~7)) {
		isms_err_set(err, ISMS_EINVAL, _("a threat affects at least one of C, I and A"));
		isms_err_field(err, "props");
		return ISMS_EINVAL;
	}
	return ISMS_OK;
}

/* What an audit entry of a threat holds (its code is the entry's id). */
static json_t *threat_audit_json(const struct lib_threat *t)
{
	json_t *o = json_object();
	char props[4];

	score_props_format(t->props, props);
	json_set_str(o, "category", threat_category_code(t->category));
	json_set_str(o, "name_en", t->name_en);
	json_set_str(o, "name_ja", t->name_ja);
	json_set_str(o, "props", props);
	json_set_str(o, "asset_types", t->asset_types);
	json_set_str(o, "controls", t->ctl[0]);
	json_set_str(o, "desc_en", t->desc_en);
	json_set_str(o, "desc_ja", t->desc_ja);
	return o;
}

static json_t *vuln_audit_json(const struct lib_vuln *v)
{
	json_t *o = json_object();

	json_set_str(o, "name_en", v->name_en);
	json_set_str(o, "name_ja", v->name_ja);
	json_set_str(o, "asset_types", v->asset_types);
	json_set_str(o, "threats", v->threats);
	json_set_str(o, "controls", v->ctl[0]);
	json_set_str(o, "desc_en", v->desc_en);
	json_set_str(o, "desc_ja", v->desc_ja);
	return o;
}

/* What threats and vulnerabilities share, as given. */
struct entry {
	const char *code, *name_en, *name_ja, *desc_en, *desc_ja;
	const char *asset_types, *controls; /* comma-separated */
};

/* Check what threats and vulnerabilities share, in the caller's
 * transaction: load the library with the ISMS's own entries into `lib`;
 * the code (free, or the next generated one) into `out`; the names and
 * descriptions; the asset types and controls, normalised, into
 * *ret_types and *ret_controls. */
static enum isms_rc check_common(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
				 bool threats, const struct entry *e, struct library *lib,
				 char out[LIB_CODE_MAX + 1], const char **ret_types,
				 const char **ret_controls, struct isms_err *err)
{
	const char *code = e->code;
	const char *const names[2] = { e->name_en ? e->name_en : "", e->name_ja ? e->name_ja : "" };
	enum isms_rc rc;
	int edition;

	if ((rc = model_isms_edition(ctx, isms_id, &edition, err)) ||
	    (rc = library_load(ctx, a, isms_id, lib, err)))
		return rc;
	if (code && *code) {
		rc = check_code(code, err);
		if (rc)
			return rc;
		if (code_taken(lib, code)) {
			isms_err_set(err, ISMS_EEXIST, _("the library already has an entry \"%s\""), code);
			isms_err_hint(err, _("Choose another code, or leave it out to have one generated."));
			isms_err_field(err, "code");
			return ISMS_EEXIST;
		}
		snprintf(out, LIB_CODE_MAX + 1, "%s", code);
	} else {
		rc = next_code(ctx, lib, threats, threats ? "UT-" : "UV-", out, err);
		if (rc)
			return rc;
	}
	if ((rc = check_names(names[0], names[1], err)) ||
	    (rc = isms_check_textblock(e->desc_en, LIB_DESC_MAX, "description_en", err)) ||
	    (rc = isms_check_textblock(e->desc_ja, LIB_DESC_MAX, "description_ja", err)) ||
	    (rc = check_names_free(lib, threats, NULL, names, NULL, err)))
		return rc;
	if ((rc = norm_list(a, e->asset_types, "asset_types", check_asset_type, NULL, ret_types, err)))
		return rc;
	return norm_list(a, e->controls, "controls", check_control, (void *)catalog_builtin(edition),
			 ret_controls, err);
}

enum isms_rc threat_add(struct isms_ctx *ctx, int64_t isms_id, const struct lib_threat *t,
			char ret_code[LIB_CODE_MAX + 1], struct isms_err *err)
{
	struct entry e = { t->code, t->name_en, t->name_ja, t->desc_en, t->desc_ja, t->asset_types,
			   t->ctl[0] };
	struct arena a = ARENA_INIT;
	struct library lib;
	struct lib_threat n;
	const char *types = "", *controls = "";
	char code[LIB_CODE_MAX + 1], props[4], now[ISMS_TIME_LEN];
	struct stmt *q;
	json_t *after;
	enum isms_rc rc;

	rc = check_threat_kind((unsigned)t->category < THREAT_CATEGORY_COUNT ? (int)t->category : -1,
			       t->props > 7u ? -1 : (int)t->props, err);
	if (rc)
		return rc;
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = check_common(ctx, &a, isms_id, true, &e, &lib, code, &types, &controls, err);
	if (rc)
		goto out;
	score_props_format(t->props, props);
	isms_time_now(now);
	q = store_query(ctx->st,
			"INSERT INTO threat (isms_id, code, category, name_en, name_ja, props, asset_types,"
			" controls, desc_en, desc_ja, created_at, created_by)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, code);
	stmt_bind_text(q, 3, threat_category_code(t->category));
	stmt_bind_text(q, 4, t->name_en ? t->name_en : "");
	stmt_bind_text(q, 5, t->name_ja ? t->name_ja : "");
	stmt_bind_text(q, 6, props);
	stmt_bind_text(q, 7, types);
	stmt_bind_text(q, 8, controls);
	stmt_bind_text(q, 9, t->desc_en ? t->desc_en : "");
	stmt_bind_text(q, 10, t->desc_ja ? t->desc_ja : "");
	stmt_bind_text(q, 11, now);
	stmt_bind_text(q, 12, ctx->actor);
	rc = stmt_run(q, err);
	if (rc)
		goto out;
	n = *t;
	n.name_en = t->name_en ? t->name_en : "";
	n.name_ja = t->name_ja ? t->name_ja : "";
	n.asset_types = types;
	n.ctl[0] = controls;
	n.desc_en = t->desc_en ? t->desc_en : "";
	n.desc_ja = t->desc_ja ? t->desc_ja : "";
	after = threat_audit_json(&n);
	rc = model_audit(ctx, isms_id, "threat", code, "create", NULL, after, err);
	json_decref(after);
	if (!rc && ret_code)
		snprintf(ret_code, LIB_CODE_MAX + 1, "%s", code);
out:
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

enum isms_rc vuln_add(struct isms_ctx *ctx, int64_t isms_id, const struct lib_vuln *v,
		      char ret_code[LIB_CODE_MAX + 1], struct isms_err *err)
{
	struct entry e = { v->code, v->name_en, v->name_ja, v->desc_en, v->desc_ja, v->asset_types,
			   v->ctl[0] };
	struct arena a = ARENA_INIT;
	struct library lib;
	struct lib_vuln n;
	const char *types = "", *controls = "", *threats = "";
	char code[LIB_CODE_MAX + 1], now[ISMS_TIME_LEN];
	struct stmt *q;
	json_t *after;
	enum isms_rc rc;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	if ((rc = check_common(ctx, &a, isms_id, false, &e, &lib, code, &types, &controls, err)) ||
	    (rc = norm_list(&a, v->threats, "threats", check_threat_code, &lib, &threats, err)))
		goto out;
	isms_time_now(now);
	q = store_query(ctx->st,
			"INSERT INTO vulnerability (isms_id, code, name_en, name_ja, asset_types, threats,"
			" controls, desc_en, desc_ja, created_at, created_by)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, code);
	stmt_bind_text(q, 3, v->name_en ? v->name_en : "");
	stmt_bind_text(q, 4, v->name_ja ? v->name_ja : "");
	stmt_bind_text(q, 5, types);
	stmt_bind_text(q, 6, threats);
	stmt_bind_text(q, 7, controls);
	stmt_bind_text(q, 8, v->desc_en ? v->desc_en : "");
	stmt_bind_text(q, 9, v->desc_ja ? v->desc_ja : "");
	stmt_bind_text(q, 10, now);
	stmt_bind_text(q, 11, ctx->actor);
	rc = stmt_run(q, err);
	if (rc)
		goto out;
	n = *v;
	n.name_en = v->name_en ? v->name_en : "";
	n.name_ja = v->name_ja ? v->name_ja : "";
	n.asset_types = types;
	n.threats = threats;
	n.ctl[0] = controls;
	n.desc_en = v->desc_en ? v->desc_en : "";
	n.desc_ja = v->desc_ja ? v->desc_ja : "";
	after = vuln_audit_json(&n);
	rc = model_audit(ctx, isms_id, "vulnerability", code, "create", NULL, after, err);
	json_decref(after);
	if (!rc && ret_code)
		snprintf(ret_code, LIB_CODE_MAX + 1, "%s", code);
out:
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

/* --- changing and removing ----------------------------------------------------- */

/* How many risks an error names; the count says how many there are in all. */
#define IN_USE_SHOWN 5

/* The ISMS's own threat `code` (or exact name) in `lib`; a built-in one
 * is refused: it is the same for every ISMS. */
static enum isms_rc own_threat(struct arena *a, const struct library *lib, const char *code,
			       bool removing, const struct lib_threat **ret, struct isms_err *err)
{
	const struct lib_threat *t = library_find_threat(lib, code);

	if (!t) {
		library_threat_not_found(a, lib, code, ISMS_ENOTFOUND, err);
		isms_err_field(err, "code");
		return ISMS_ENOTFOUND;
	}
	if (!t->own) {
		isms_err_set(err, ISMS_EPERM,
			     removing ? _("the built-in threat \"%s\" cannot be removed")
				      : _("the built-in threat \"%s\" cannot be changed"),
			     t->code);
		isms_err_detail(err, _("The built-in library is the same for every ISMS and stays as it is."));
		isms_err_hint(err, _("Add a threat of this ISMS's own instead, with the names and controls it needs."));
		isms_err_field(err, "code");
		return ISMS_EPERM;
	}
	*ret = t;
	return ISMS_OK;
}

static enum isms_rc own_vuln(struct arena *a, const struct library *lib, const char *code,
			     bool removing, const struct lib_vuln **ret, struct isms_err *err)
{
	const struct lib_vuln *v = library_find_vuln(lib, code);

	if (!v) {
		library_vuln_not_found(a, lib, code, ISMS_ENOTFOUND, err);
		isms_err_field(err, "code");
		return ISMS_ENOTFOUND;
	}
	if (!v->own) {
		isms_err_set(err, ISMS_EPERM,
			     removing ? _("the built-in vulnerability \"%s\" cannot be removed")
				      : _("the built-in vulnerability \"%s\" cannot be changed"),
			     v->code);
		isms_err_detail(err, _("The built-in library is the same for every ISMS and stays as it is."));
		isms_err_hint(err, _("Add a vulnerability of this ISMS's own instead, with the names and controls it needs."));
		isms_err_field(err, "code");
		return ISMS_EPERM;
	}
	*ret = v;
	return ISMS_OK;
}

/* A changed text (`set` NULL: unchanged) into *out, checked like the
 * adding checks it. */
static enum isms_rc take_text(const char *set, const char **out, const char *field, size_t max,
			      struct isms_err *err)
{
	if (!set)
		return ISMS_OK;
	*out = set;
	return isms_check_textblock(set, max, field, err);
}

/* The changes of what threats and vulnerabilities share, applied to `n`'s
 * fields (the entry as it is) and checked as when adding. */
static enum isms_rc apply_common(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
				 bool threats, const void *self, const struct library *lib,
				 const struct entry *e, struct entry *n, struct isms_err *err)
{
	const char *const old[2] = { n->name_en, n->name_ja };
	const char *names[2];
	enum isms_rc rc;
	int edition;

	if (e->name_en)
		n->name_en = e->name_en;
	if (e->name_ja)
		n->name_ja = e->name_ja;
	names[0] = n->name_en;
	names[1] = n->name_ja;
	if ((rc = check_names(n->name_en, n->name_ja, err)) ||
	    (rc = take_text(e->desc_en, &n->desc_en, "description_en", LIB_DESC_MAX, err)) ||
	    (rc = take_text(e->desc_ja, &n->desc_ja, "description_ja", LIB_DESC_MAX, err)) ||
	    (rc = check_names_free(lib, threats, self, names, old, err)))
		return rc;
	/* Lists are checked only when they change: controls kept from an
	 * earlier edition stay until the user changes them. */
	if (e->asset_types &&
	    (rc = norm_list(a, e->asset_types, "asset_types", check_asset_type, NULL, &n->asset_types, err)))
		return rc;
	if (e->controls) {
		if ((rc = model_isms_edition(ctx, isms_id, &edition, err)) ||
		    (rc = norm_list(a, e->controls, "controls", check_control, (void *)catalog_builtin(edition),
				    &n->controls, err)))
			return rc;
	}
	return ISMS_OK;
}

enum isms_rc threat_edit(struct isms_ctx *ctx, int64_t isms_id, const char *code,
			 const struct threat_edit *e, struct isms_err *err)
{
	struct entry ch = { NULL, e->name_en, e->name_ja, e->desc_en, e->desc_ja, e->asset_types,
			    e->controls };
	struct arena a = ARENA_INIT;
	const struct lib_threat *old;
	struct lib_threat n;
	struct library lib;
	struct entry cur;
	json_t *before = NULL, *after = NULL;
	char props[4];
	struct stmt *q;
	enum isms_rc rc;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	if ((rc = library_load(ctx, &a, isms_id, &lib, err)) ||
	    (rc = own_threat(&a, &lib, code, false, &old, err)))
		goto out;
	n = *old;
	if (e->category != -1)
		n.category = (enum threat_category)e->category;
	if (e->props != -1)
		n.props = (unsigned)e->props;
	if ((rc = check_threat_kind(e->category != -1 ? e->category : (int)old->category,
				    e->props != -1 ? e->props : (int)old->props, err)))
		goto out;
	cur = (struct entry){ n.code, n.name_en, n.name_ja, n.desc_en, n.desc_ja, n.asset_types, n.ctl[0] };
	rc = apply_common(ctx, &a, isms_id, true, old, &lib, &ch, &cur, err);
	if (rc)
		goto out;
	n.name_en = cur.name_en;
	n.name_ja = cur.name_ja;
	n.desc_en = cur.desc_en;
	n.desc_ja = cur.desc_ja;
	n.asset_types = cur.asset_types;
	n.ctl[0] = n.ctl[1] = n.ctl[2] = cur.controls;
	before = threat_audit_json(old);
	after = threat_audit_json(&n);
	if (json_equal(before, after))
		goto out; /* nothing changes: nothing to write or audit */
	score_props_format(n.props, props);
	q = store_query(ctx->st,
			"UPDATE threat SET category = $3, name_en = $4, name_ja = $5, props = $6,"
			" asset_types = $7, controls = $8, desc_en = $9, desc_ja = $10"
			" WHERE isms_id = $1 AND code = $2",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, old->code);
	stmt_bind_text(q, 3, threat_category_code(n.category));
	stmt_bind_text(q, 4, n.name_en);
	stmt_bind_text(q, 5, n.name_ja);
	stmt_bind_text(q, 6, props);
	stmt_bind_text(q, 7, n.asset_types);
	stmt_bind_text(q, 8, n.ctl[0]);
	stmt_bind_text(q, 9, n.desc_en);
	stmt_bind_text(q, 10, n.desc_ja);
	rc = stmt_run(q, err);
	if (!rc)
		rc = model_audit(ctx, isms_id, "threat", old->code, "update", before, after, err);
out:
	json_decref(before);
	json_decref(after);
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

enum isms_rc vuln_edit(struct isms_ctx *ctx, int64_t isms_id, const char *code,
		       const struct vuln_edit *e, struct isms_err *err)
{
	struct entry ch = { NULL, e->name_en, e->name_ja, e->desc_en, e->desc_ja, e->asset_types,
			    e->controls };
	struct arena a = ARENA_INIT;
	const struct lib_vuln *old;
	struct lib_vuln n;
	struct library lib;
	struct entry cur;
	json_t *before = NULL, *after = NULL;
	struct stmt *q;
	enum isms_rc rc;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	if ((rc = library_load(ctx, &a, isms_id, &lib, err)) ||
	    (rc = own_vuln(&a, &lib, code, false, &old, err)))
		goto out;
	n = *old;
	cur = (struct entry){ n.code, n.name_en, n.name_ja, n.desc_en, n.desc_ja, n.asset_types, n.ctl[0] };
	if ((rc = apply_common(ctx, &a, isms_id, false, old, &lib, &ch, &cur, err)) ||
	    (e->threats &&
	     (rc = norm_list(&a, e->threats, "threats", check_threat_code, &lib, &n.threats, err))))
		goto out;
	n.name_en = cur.name_en;
	n.name_ja = cur.name_ja;
	n.desc_en = cur.desc_en;
	n.desc_ja = cur.desc_ja;
	n.asset_types = cur.asset_types;
	n.ctl[0] = n.ctl[1] = n.ctl[2] = cur.controls;
	before = vuln_audit_json(old);
	after = vuln_audit_json(&n);
	if (json_equal(before, after))
		goto out; /* nothing changes: nothing to write or audit */
	q = store_query(ctx->st,
			"UPDATE vulnerability SET name_en = $3, name_ja = $4, asset_types = $5, threats = $6,"
			" controls = $7, desc_en = $8, desc_ja = $9 WHERE isms_id = $1 AND code = $2",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, old->code);
	stmt_bind_text(q, 3, n.name_en);
	stmt_bind_text(q, 4, n.name_ja);
	stmt_bind_text(q, 5, n.asset_types);
	stmt_bind_text(q, 6, n.threats);
	stmt_bind_text(q, 7, n.ctl[0]);
	stmt_bind_text(q, 8, n.desc_en);
	stmt_bind_text(q, 9, n.desc_ja);
	rc = stmt_run(q, err);
	if (!rc)
		rc = model_audit(ctx, isms_id, "vulnerability", old->code, "update", before, after, err);
out:
	json_decref(before);
	json_decref(after);
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

/* The risks that use a threat (or a vulnerability) `code`: the first few
 * codes, comma-separated, in `out`, and how many there are. */
static enum isms_rc risks_using(struct isms_ctx *ctx, int64_t isms_id, bool threat, const char *code,
				struct sbuf *out, long *ret_n, struct isms_err *err)
{
	struct stmt *q;
	long n = 0;
	int r;

	q = store_query(ctx->st,
			threat ? "SELECT code FROM risk WHERE isms_id = $1 AND threat = $2 ORDER BY code"
			       : "SELECT code FROM risk WHERE isms_id = $1 AND vuln = $2 ORDER BY code",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, code);
	while ((r = stmt_next(q, err)) > 0) {
		if (n++ < IN_USE_SHOWN)
			sbuf_addf(out, "%s%s", out->len ? ", " : "", stmt_text(q, 0));
	}
	if (r < 0)
		return err->code;
	if (n > IN_USE_SHOWN)
		sbuf_addstr(out, ", …");
	*ret_n = n;
	return ISMS_OK;
}

/* Refuse to remove an entry that risks use, naming them. */
static enum isms_rc refuse_if_used(struct isms_ctx *ctx, int64_t isms_id, bool threat,
				   const char *code, struct isms_err *err)
{
	struct sbuf risks = SBUF_INIT;
	long n = 0;
	enum isms_rc rc;

	rc = risks_using(ctx, isms_id, threat, code, &risks, &n, err);
	if (!rc && n) {
		rc = isms_err_set(err, ISMS_ESTATE,
				  threat ? _("threat \"%s\" is used by risks")
					 : _("vulnerability \"%s\" is used by risks"),
				  code);
		isms_err_detail(err, _n("%ld risk uses it: %s.", "%ld risks use it: %s.", n), n, risks.buf);
		isms_err_hint(err, "%s",
			      threat ? _("Change those risks to another threat, or remove them, first.")
				     : _("Change those risks to another vulnerability, or remove them, first."));
	}
	sbuf_release(&risks);
	return rc;
}

/* Remove an own entry's row and audit it. */
static enum isms_rc remove_row(struct isms_ctx *ctx, int64_t isms_id, bool threat, const char *code,
			       json_t *before, struct isms_err *err)
{
	struct stmt *q;
	enum isms_rc rc;

	q = store_query(ctx->st,
			threat ? "DELETE FROM threat WHERE isms_id = $1 AND code = $2"
			       : "DELETE FROM vulnerability WHERE isms_id = $1 AND code = $2",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, code);
	rc = stmt_run(q, err);
	if (!rc)
		rc = model_audit(ctx, isms_id, threat ? "threat" : "vulnerability", code, "delete", before,
				 NULL, err);
	return rc;
}

enum isms_rc threat_rm(struct isms_ctx *ctx, int64_t isms_id, const char *code, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct sbuf linked = SBUF_INIT;
	const struct lib_threat *t;
	struct library lib;
	json_t *before = NULL;
	long nlinked = 0;
	enum isms_rc rc;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	if ((rc = library_load(ctx, &a, isms_id, &lib, err)) ||
	    (rc = own_threat(&a, &lib, code, true, &t, err)) ||
	    (rc = refuse_if_used(ctx, isms_id, true, t->code, err)))
		goto out;
	/* A vulnerability of the ISMS that lets this threat happen keeps it
	 * from going, rather than losing the link without a word: the link is
	 * part of what the manager recorded about that vulnerability (and what
	 * the risk suggestions are made of), and a change to it belongs in that
	 * vulnerability's own audited edit. The error names them. (Built-in
	 * vulnerabilities link to built-in threats only.) */
	for (size_t i = 0; i < lib.nvulns; i++) {
		if (!lib.vulns[i]->own || !lib_list_has(lib.vulns[i]->threats, t->code))
			continue;
		if (nlinked++ < IN_USE_SHOWN)
			sbuf_addf(&linked, "%s%s", linked.len ? ", " : "", lib.vulns[i]->code);
	}
	if (nlinked) {
		if (nlinked > IN_USE_SHOWN)
			sbuf_addstr(&linked, ", …");
		rc = isms_err_set(err, ISMS_ESTATE, _("threat \"%s\" is linked to vulnerabilities"), t->code);
		isms_err_detail(err,
				_n("%ld vulnerability of this ISMS lets it happen: %s.",
				   "%ld vulnerabilities of this ISMS let it happen: %s.", nlinked),
				nlinked, linked.buf);
		isms_err_hint(err, _("Take the threat out of the threats of those vulnerabilities first, or remove them."));
		goto out;
	}
	before = threat_audit_json(t);
	rc = remove_row(ctx, isms_id, true, t->code, before, err);
out:
	json_decref(before);
	sbuf_release(&linked);
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

enum isms_rc vuln_rm(struct isms_ctx *ctx, int64_t isms_id, const char *code, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	const struct lib_vuln *v;
	struct library lib;
	json_t *before = NULL;
	enum isms_rc rc;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	if ((rc = library_load(ctx, &a, isms_id, &lib, err)) ||
	    (rc = own_vuln(&a, &lib, code, true, &v, err)) ||
	    (rc = refuse_if_used(ctx, isms_id, false, v->code, err)))
		goto out;
	before = vuln_audit_json(v);
	rc = remove_row(ctx, isms_id, false, v->code, before, err);
out:
	json_decref(before);
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}
