/* asset.c - the asset inventory: assets, C/I/A values, groups, dependencies, CSV/XLSX import. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/asset.h"
#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/json.h"
#include "isms/method.h"
#include "isms/utf8.h"
#include "isms/util.h"
#include "isms/xalloc.h"
#include "import.h"
#include "model.h"
#include "strmap.h"
#include "vec.h"

/* ---- types ---------------------------------------------------------------- */

static const struct {
	const char *code;
	const char *label;
	const char *names[6]; /* also accepted on input, with the code and the labels */
} types[ASSET_TYPE_COUNT] = {
	[ASSET_INFORMATION] = { "information", N_("information"), { "情報", "情報資産", NULL } },
	[ASSET_SOFTWARE] = { "software", N_("software"), { "ソフトウェア", "ソフトウエア", NULL } },
	[ASSET_HARDWARE] = { "hardware", N_("hardware"), { "ハードウェア", "ハードウエア", "物理的資産", NULL } },
	[ASSET_SERVICE] = { "service", N_("service"), { "サービス", "services", NULL } },
	[ASSET_PEOPLE] = { "people", N_("people"), { "人", "人的資産", "要員", "person", "personnel", NULL } },
	[ASSET_SITE] = { "site", N_("site"), { "施設", "サイト", "facility", NULL } },
	[ASSET_INTANGIBLE] = { "intangible", N_("intangible"), { "無形資産", "無形", NULL } },
};

const char *asset_type_code(enum asset_type t)
{
	return (unsigned)t < ASSET_TYPE_COUNT ? types[t].code : "";
}

const char *asset_type_label(enum asset_type t)
{
	return (unsigned)t < ASSET_TYPE_COUNT ? T_(types[t].label) : "";
}

static bool same_folded(const char *a, const char *b)
{
	struct sbuf fa = SBUF_INIT, fb = SBUF_INIT;
	bool same;

	tabin_fold_name(a, &fa);
	tabin_fold_name(b, &fb);
	same = fa.len && !strcmp(fa.buf, fb.buf);
	sbuf_release(&fa);
	sbuf_release(&fb);
	return same;
}

bool asset_type_parse(const char *s, enum asset_type *ret)
{
	if (!s || !*s)
		return false;
	for (int t = 0; t < ASSET_TYPE_COUNT; t++) {
		bool hit = same_folded(s, types[t].code) || same_folded(s, T_(types[t].label));

		for (int k = 0; !hit && types[t].names[k]; k++)
			hit = same_folded(s, types[t].names[k]);
		if (hit) {
			*ret = (enum asset_type)t;
			return true;
		}
	}
	return false;
}

static bool type_from_db(const char *s, enum asset_type *ret)
{
	for (int t = 0; t < ASSET_TYPE_COUNT; t++) {
		if (!strcmp(s, types[t].code)) {
			*ret = (enum asset_type)t;
			return true;
		}
	}
	*ret = ASSET_INFORMATION;
	return false;
}

static const char *type_names_hint(void);

const char *asset_type_hint(void)
{
	return type_names_hint();
}

static const char *type_names_hint(void)
{
	return _("The types are information, software, hardware, service, people, site and intangible (情報, ソフトウェア, ハードウェア, サービス, 人, 施設, 無形資産).");
}

/* ---- sorting ---------------------------------------------------------------- */

static const char *const sort_codes[ASSET_SORT_COUNT] = {
	"code", "name", "type", "owner", "group", "value", "updated",
};

const char *asset_sort_code(enum asset_sort s)
{
	return (unsigned)s < ASSET_SORT_COUNT ? sort_codes[s] : "";
}

bool asset_sort_parse(const char *s, enum asset_sort *ret)
{
	for (int i = 0; i < ASSET_SORT_COUNT; i++) {
		if (s && !strcmp(s, sort_codes[i])) {
			*ret = (enum asset_sort)i;
			return true;
		}
	}
	return false;
}

/* ---- import columns ------------------------------------------------------------- */

static const char *const n_code[] = { "Asset ID", "id", "code", "asset code", "資産ID", "資産番号", "管理番号", "資産コード", NULL };
static const char *const n_name[] = { "Asset name", "name", "資産名", "名称", "資産名称", NULL };
static const char *const n_type[] = { "Type", "asset type", "種別", "資産種別", "種類", NULL };
static const char *const n_owner[] = { "Owner", "asset owner", "管理責任者", "所有者", "責任者", "資産管理責任者", NULL };
static const char *const n_location[] = { "Location", "保管場所", "所在", "設置場所", "所在地", "場所", NULL };
static const char *const n_group[] = { "Group", "asset group", "グループ", "資産グループ", NULL };
static const char *const n_c[] = { "Confidentiality", "c", "機密性", NULL };
static const char *const n_i[] = { "Integrity", "i", "完全性", NULL };
static const char *const n_a[] = { "Availability", "a", "可用性", NULL };
static const char *const n_desc[] = { "Description", "説明", "概要", "内容", NULL };
static const char *const n_cr[] = { "Confidentiality reason", "c reason", "機密性の理由", "機密性理由", "機密性の根拠", NULL };
static const char *const n_ir[] = { "Integrity reason", "i reason", "完全性の理由", "完全性理由", "完全性の根拠", NULL };
static const char *const n_ar[] = { "Availability reason", "a reason", "可用性の理由", "可用性理由", "可用性の根拠", NULL };
static const char *const n_class[] = { "Classification", "classification label", "分類", "機密区分", "情報分類", "格付け", NULL };
static const char *const n_deps[] = { "Depends on", "dependencies", "依存先", "依存資産", NULL };

const struct tabin_field asset_fields[AF_COUNT] = {
	[AF_CODE] = { "code", n_code, true },
	[AF_NAME] = { "name", n_name, false },
	[AF_TYPE] = { "type", n_type, false },
	[AF_OWNER] = { "owner", n_owner, false },
	[AF_LOCATION] = { "location", n_location, false },
	[AF_GROUP] = { "group", n_group, false },
	[AF_C] = { "c", n_c, false },
	[AF_I] = { "i", n_i, false },
	[AF_A] = { "a", n_a, false },
	[AF_DESCRIPTION] = { "description", n_desc, false },
	[AF_C_REASON] = { "c_reason", n_cr, false },
	[AF_I_REASON] = { "i_reason", n_ir, false },
	[AF_A_REASON] = { "a_reason", n_ar, false },
	[AF_CLASSIFICATION] = { "classification", n_class, false },
	[AF_DEPENDS_ON] = { "depends_on", n_deps, false },
};

static const char *const field_labels[AF_COUNT] = {
	N_("Asset ID"), N_("Asset name"), N_("Type"), N_("Owner"), N_("Location"), N_("Group"),
	N_("Confidentiality"), N_("Integrity"), N_("Availability"), N_("Description"),
	N_("Confidentiality reason"), N_("Integrity reason"), N_("Availability reason"),
	N_("Classification"), N_("Depends on"),
};

const char *asset_field_label(enum asset_field f)
{
	return (unsigned)f < AF_COUNT ? T_(field_labels[f]) : "";
}

/* ---- checks ------------------------------------------------------------------ */

enum isms_rc asset_check_code(const char *code, const char *field, struct isms_err *err)
{
	enum isms_rc rc = isms_check_text(code, ASSET_CODE_MAX, field, err);

	if (rc)
		return rc;
	for (const char *p = code; *p; p++) {
		if (*p == ' ' || *p == ',' || *p == ';' ||
		    (((unsigned char)*p == 0xe3 || (unsigned char)*p == 0xef) &&
		     (!strncmp(p, "\xe3\x80\x80", 3) /* U+3000 */ || !strncmp(p, "\xef\xbc\x8c", 3) /* ， */))) {
			isms_err_set(err, ISMS_EINVAL, _("invalid asset ID \"%s\""), code);
			isms_err_detail(err, _("An asset ID has no spaces, commas or semicolons."));
			isms_err_field(err, field);
			return ISMS_EINVAL;
		}
	}
	return ISMS_OK;
}

enum isms_rc asset_value_range(struct isms_ctx *ctx, int64_t isms_id, int ret_max[3],
			       struct isms_err *err)
{
	/* The method (step 3) sets the scales; until an ISMS has one, C, I
	 * and A take 1 to ASSET_VALUE_MAX_DEFAULT. */
	bool set = false;
	enum isms_rc rc = method_asset_levels(ctx, isms_id, ret_max, &set, err);

	if (rc)
		return rc;
	if (!set)
		ret_max[0] = ret_max[1] = ret_max[2] = ASSET_VALUE_MAX_DEFAULT;
	return ISMS_OK;
}

static const char *const prop_field[3] = { "c", "i", "a" };

static const char *prop_name(int k)
{
	switch (k) {
	case 0: return _("confidentiality");
	case 1: return _("integrity");
	default: return _("availability");
	}
}

static enum isms_rc value_error(int k, int v, const int max[3], struct isms_err *err)
{
	isms_err_set(err, ISMS_EINVAL, _("the %s value %d is out of range"), prop_name(k), v);
	isms_err_detail(err, _("It must be 1 to %d, or empty when not valued yet."), max[k]);
	isms_err_field(err, prop_field[k]);
	return ISMS_EINVAL;
}

/* 0 is "not valued"; anything else must be on the scale. */
static enum isms_rc check_value(int k, int v, const int max[3], struct isms_err *err)
{
	if (v == 0 || (v >= 1 && v <= max[k]))
		return ISMS_OK;
	return value_error(k, v, max, err);
}

enum isms_rc asset_check_values(struct isms_ctx *ctx, int64_t isms_id, int c, int i, int a,
				struct isms_err *err)
{
	int max[3], v[3] = { c, i, a };
	enum isms_rc rc = asset_value_range(ctx, isms_id, max, err);

	for (int k = 0; k < 3 && !rc; k++)
		rc = check_value(k, v[k], max, err);
	return rc;
}

struct text_rule {
	size_t off; /* offset of the string in struct asset */
	size_t max;
	const char *field;
	bool block;
};

#define RULE(m, mx, f, b) { offsetof(struct asset, m), mx, f, b }
static const struct text_rule text_rules[] = {
	RULE(owner, ASSET_OWNER_MAX, "owner", false),
	RULE(location, ASSET_LOCATION_MAX, "location", false),
	RULE(group, ASSET_GROUP_MAX, "group", false),
	RULE(description, ASSET_DESC_MAX, "description", true),
	RULE(c_reason, ASSET_REASON_MAX, "c_reason", true),
	RULE(i_reason, ASSET_REASON_MAX, "i_reason", true),
	RULE(a_reason, ASSET_REASON_MAX, "a_reason", true),
	RULE(classification, ASSET_CLASS_MAX, "classification", false),
};

static const char *str_at(const struct asset *a, size_t off)
{
	return *(const char *const *)((const char *)a + off);
}

/* Every field of `a` but the dependencies. Optional strings may be empty. */
static enum isms_rc check_asset(const struct asset *a, struct isms_err *err)
{
	enum isms_rc rc;

	rc = asset_check_code(a->code, "code", err);
	if (!rc)
		rc = isms_check_text(a->name, ASSET_NAME_MAX, "name", err);
	if (!rc && (unsigned)a->type >= ASSET_TYPE_COUNT)
		rc = isms_err_set(err, ISMS_EINVAL, _("unknown asset type"));
	for (size_t k = 0; k < sizeof(text_rules) / sizeof(text_rules[0]) && !rc; k++) {
		const char *s = str_at(a, text_rules[k].off);

		if (!s || !*s)
			continue;
		rc = text_rules[k].block
			     ? isms_check_textblock(s, text_rules[k].max, text_rules[k].field, err)
			     : isms_check_text(s, text_rules[k].max, text_rules[k].field, err);
	}
	return rc;
}

/* ---- rows ---------------------------------------------------------------------- */

#define ASSET_COLUMNS                                                                  \
	"id, code, name, type, owner, location, grp, description, c, i, a, c_reason,"  \
	" i_reason, a_reason, classification, created_at, updated_at"

static const char *s_or(const char *s)
{
	return s ? s : "";
}

static void row_to_asset(struct stmt *q, struct arena *ar, struct asset *r)
{
	memset(r, 0, sizeof(*r));
	r->id = stmt_int(q, 0);
	r->code = arena_strdup(ar, stmt_text(q, 1));
	r->name = arena_strdup(ar, stmt_text(q, 2));
	type_from_db(stmt_text(q, 3), &r->type);
	r->owner = arena_strdup(ar, stmt_text(q, 4));
	r->location = arena_strdup(ar, stmt_text(q, 5));
	r->group = arena_strdup(ar, stmt_text(q, 6));
	r->description = arena_strdup(ar, stmt_text(q, 7));
	r->c = stmt_null(q, 8) ? 0 : (int)stmt_int(q, 8);
	r->i = stmt_null(q, 9) ? 0 : (int)stmt_int(q, 9);
	r->a = stmt_null(q, 10) ? 0 : (int)stmt_int(q, 10);
	r->c_reason = arena_strdup(ar, stmt_text(q, 11));
	r->i_reason = arena_strdup(ar, stmt_text(q, 12));
	r->a_reason = arena_strdup(ar, stmt_text(q, 13));
	r->classification = arena_strdup(ar, stmt_text(q, 14));
	r->created_at = arena_strdup(ar, stmt_text(q, 15));
	r->updated_at = arena_strdup(ar, stmt_text(q, 16));
}

static void set_value(json_t *o, const char *key, int v)
{
	json_object_set_new(o, key, v ? json_integer(v) : json_null());
}

static json_t *asset_json(const struct asset *a)
{
	json_t *o = json_object(), *deps = json_array();

	json_set_str(o, "code", a->code);
	json_set_str(o, "name", a->name);
	json_set_str(o, "type", asset_type_code(a->type));
	json_set_str(o, "owner", s_or(a->owner));
	json_set_str(o, "location", s_or(a->location));
	json_set_str(o, "group", s_or(a->group));
	json_set_str(o, "description", s_or(a->description));
	set_value(o, "c", a->c);
	set_value(o, "i", a->i);
	set_value(o, "a", a->a);
	json_set_str(o, "c_reason", s_or(a->c_reason));
	json_set_str(o, "i_reason", s_or(a->i_reason));
	json_set_str(o, "a_reason", s_or(a->a_reason));
	json_set_str(o, "classification", s_or(a->classification));
	for (size_t k = 0; k < a->ndeps; k++)
		json_array_append_new(deps, json_string(a->depends_on[k]));
	json_object_set_new(o, "depends_on", deps);
	return o;
}

static void bind_value(struct stmt *q, int n, int v)
{
	if (v)
		stmt_bind_int(q, n, v);
	else
		stmt_bind_null(q, n);
}

/* $base+3 … $base+15 of the INSERT and UPDATE statements of an asset: its
 * fields (base is 0 but in a batched insert). `bind` is stmt_bind_text,
 * or stmt_bind_text_static when the strings outlive the statement's run. */
static void bind_fields_at(struct stmt *q, int base, const struct asset *a,
			   void (*bind)(struct stmt *, int, const char *))
{
	bind(q, base + 3, a->name);
	bind(q, base + 4, asset_type_code(a->type));
	bind(q, base + 5, s_or(a->owner));
	bind(q, base + 6, s_or(a->location));
	bind(q, base + 7, s_or(a->group));
	bind(q, base + 8, s_or(a->description));
	bind_value(q, base + 9, a->c);
	bind_value(q, base + 10, a->i);
	bind_value(q, base + 11, a->a);
	bind(q, base + 12, s_or(a->c_reason));
	bind(q, base + 13, s_or(a->i_reason));
	bind(q, base + 14, s_or(a->a_reason));
	bind(q, base + 15, s_or(a->classification));
}

/* $3 … $16 of the INSERT and UPDATE statements of an asset: its fields,
 * then the time of the change. */
static void bind_fields(struct stmt *q, const struct asset *a, const char *now)
{
	bind_fields_at(q, 0, a, stmt_bind_text);
	stmt_bind_text(q, 16, now);
}

static enum isms_rc find_id(struct isms_ctx *ctx, int64_t isms_id, const char *code,
			    int64_t *ret, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st, "SELECT id FROM asset WHERE isms_id = $1 AND code = $2", err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, code);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0) {
		isms_err_set(err, ISMS_ENOTFOUND, _("no asset \"%s\""), code);
		isms_err_hint(err, _("\"isms asset list\" shows the assets."));
		return ISMS_ENOTFOUND;
	}
	*ret = stmt_int(q, 0);
	stmt_run(q, err);
	return ISMS_OK;
}

/* ---- the dependency graph ------------------------------------------------------ */

/* Nodes 0..n-1 with edges "node depends on node". */
struct graph {
	size_t n;
	size_t *from, *to;
	size_t nedges, alloc_from, alloc_to;
};

static void graph_edge(struct graph *g, size_t from, size_t to)
{
	g->from = xgrow(g->from, &g->alloc_from, g->nedges + 1, sizeof(*g->from));
	g->to = xgrow(g->to, &g->alloc_to, g->nedges + 1, sizeof(*g->to));
	g->from[g->nedges] = from;
	g->to[g->nedges] = to;
	g->nedges++;
}

static void graph_free(struct graph *g)
{
	free(g->from);
	free(g->to);
	memset(g, 0, sizeof(*g));
}

/* Find a cycle; on true, `path` (allocated, `*ret_len` nodes) lists it in
 * order, each depending on the next and the last on the first. Iterative
 * depth-first search, so that long chains cannot overflow the stack. */
static bool graph_cycle(const struct graph *g, size_t **ret_path, size_t *ret_len)
{
	size_t *start = xcalloc(g->n + 1, sizeof(size_t)), *adj, *pos, *stack, *parent;
	unsigned char *colour = xcalloc(g->n ? g->n : 1, 1);
	size_t sp;
	bool found = false;

	for (size_t e = 0; e < g->nedges; e++)
		start[g->from[e] + 1]++;
	for (size_t k = 0; k < g->n; k++)
		start[k + 1] += start[k];
	adj = xmalloc((g->nedges ? g->nedges : 1) * sizeof(size_t));
	pos = xmalloc((g->n ? g->n : 1) * sizeof(size_t));
	memcpy(pos, start, (g->n ? g->n : 0) * sizeof(size_t));
	for (size_t e = 0; e < g->nedges; e++)
		adj[pos[g->from[e]]++] = g->to[e];
	stack = xmalloc((g->n ? g->n : 1) * sizeof(size_t));
	parent = xmalloc((g->n ? g->n : 1) * sizeof(size_t));
	for (size_t root = 0; root < g->n && !found; root++) {
		if (colour[root])
			continue;
		sp = 0;
		stack[sp++] = root;
		colour[root] = 1;
		pos[root] = start[root];
		while (sp && !found) {
			size_t v = stack[sp - 1];

			if (pos[v] < start[v + 1]) {
				size_t w = adj[pos[v]++];

				if (colour[w] == 0) {
					colour[w] = 1;
					pos[w] = start[w];
					parent[w] = v;
					stack[sp++] = w;
				} else if (colour[w] == 1) {
					/* w … v is on the stack: the cycle */
					size_t len = 0, *path;

					for (size_t k = sp; k-- > 0;) {
						len++;
						if (stack[k] == w)
							break;
					}
					path = xmalloc(len * sizeof(size_t));
					for (size_t k = 0; k < len; k++)
						path[k] = stack[sp - len + k];
					*ret_path = path;
					*ret_len = len;
					found = true;
				}
			} else {
				colour[v] = 2;
				sp--;
			}
		}
	}
	free(start);
	free(adj);
	free(pos);
	free(stack);
	free(parent);
	free(colour);
	return found;
}

/* Every asset of the ISMS (id and code) and every dependency, as a graph
 * whose node k is ids[k]. */
struct deps_state {
	int64_t *ids;
	const char **codes;
	size_t n, alloc_ids, alloc_codes;
	struct strmap by_code;
	struct graph g;
};

static void deps_state_free(struct deps_state *s)
{
	free(s->ids);
	free(s->codes);
	strmap_free(&s->by_code);
	graph_free(&s->g);
}

static size_t index_of_id(const struct deps_state *s, int64_t id)
{
	/* ids come sorted from the query */
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static enum isms_rc load_deps(struct isms_ctx *ctx, struct arena *ar, int64_t isms_id,
			      struct deps_state *s, struct isms_err *err)
{
	struct stmt *q;
	int r;

	memset(s, 0, sizeof(*s));
	q = store_query(ctx->st, "SELECT id, code FROM asset WHERE isms_id = $1 ORDER BY id", err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		s->ids = xgrow(s->ids, &s->alloc_ids, s->n + 1, sizeof(*s->ids));
		s->codes = xgrow(s->codes, &s->alloc_codes, s->n + 1, sizeof(*s->codes));
		s->ids[s->n] = stmt_int(q, 0);
		s->codes[s->n] = arena_strdup(ar, stmt_text(q, 1));
		s->n++;
	}
	if (r < 0)
		return err->code;
	strmap_init(&s->by_code, s->n);
	for (size_t k = 0; k < s->n; k++)
		strmap_put(&s->by_code, s->codes[k], k);
	s->g.n = s->n;
	q = store_query(ctx->st,
			"SELECT asset_id, depends_on_id FROM asset_dependency WHERE isms_id = $1", err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0)
		graph_edge(&s->g, index_of_id(s, stmt_int(q, 0)), index_of_id(s, stmt_int(q, 1)));
	return r < 0 ? err->code : ISMS_OK;
}

static void cycle_text(const struct deps_state *s, const size_t *path, size_t len,
		       struct sbuf *out)
{
	for (size_t k = 0; k < len; k++)
		sbuf_addf(out, "%s → ", s->codes[path[k]]);
	sbuf_addstr(out, s->codes[path[0]]);
}

/* Make `self`'s dependencies the assets `deps` (codes): checks that they
 * exist, are not `self` and make no cycle, then replaces the rows. */
static enum isms_rc set_deps(struct isms_ctx *ctx, struct arena *ar, int64_t isms_id,
			     int64_t self_id, const char *self_code, const char *const *deps,
			     size_t ndeps, struct isms_err *err)
{
	struct deps_state s;
	struct stmt *q;
	enum isms_rc rc;
	size_t self, *path = NULL, len, *targets = NULL;
	struct graph g2 = { 0 };

	if (ndeps > ASSET_DEPS_MAX) {
		isms_err_set(err, ISMS_ELIMIT, _("an asset may depend on at most %d assets"), ASSET_DEPS_MAX);
		isms_err_field(err, "depends_on");
		return ISMS_ELIMIT;
	}
	rc = load_deps(ctx, ar, isms_id, &s, err);
	if (rc)
		goto out;
	self = index_of_id(&s, self_id);
	targets = xcalloc(ndeps + 1, sizeof(*targets));
	for (size_t k = 0; k < ndeps; k++) {
		if (!strcmp(deps[k], self_code)) {
			rc = isms_err_set(err, ISMS_EINVAL, _("asset \"%s\" cannot depend on itself"), self_code);
			isms_err_field(err, "depends_on");
			goto out;
		}
		if (!strmap_get(&s.by_code, deps[k], &targets[k])) {
			rc = isms_err_set(err, ISMS_EINVAL, _("asset \"%s\" depends on \"%s\", which does not exist"),
					  self_code, deps[k]);
			isms_err_hint(err, _("Add that asset first, or correct the ID."));
			isms_err_field(err, "depends_on");
			goto out;
		}
	}
	/* the graph with self's edges replaced */
	g2.n = s.g.n;
	for (size_t e = 0; e < s.g.nedges; e++)
		if (s.g.from[e] != self)
			graph_edge(&g2, s.g.from[e], s.g.to[e]);
	for (size_t k = 0; k < ndeps; k++)
		graph_edge(&g2, self, targets[k]);
	if (graph_cycle(&g2, &path, &len)) {
		struct sbuf t = SBUF_INIT;

		cycle_text(&s, path, len, &t);
		rc = isms_err_set(err, ISMS_EINVAL, _("the dependencies of \"%s\" would make a cycle"), self_code);
		isms_err_detail(err, _("The cycle: %s."), t.buf);
		isms_err_field(err, "depends_on");
		sbuf_release(&t);
		goto out;
	}
	q = store_query(ctx->st, "DELETE FROM asset_dependency WHERE isms_id = $1 AND asset_id = $2", err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, self_id);
	rc = stmt_run(q, err);
	for (size_t k = 0; k < ndeps && !rc; k++) {
		q = store_query(ctx->st,
				"INSERT INTO asset_dependency (isms_id, asset_id, depends_on_id)"
				" VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
				err);
		if (!q) {
			rc = err->code;
			break;
		}
		stmt_bind_int(q, 1, isms_id);
		stmt_bind_int(q, 2, self_id);
		stmt_bind_int(q, 3, s.ids[targets[k]]);
		rc = stmt_run(q, err);
	}
out:
	free(path);
	free(targets);
	graph_free(&g2);
	deps_state_free(&s);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The codes `a` depends on (and, with `both`, those that depend on it). */
static enum isms_rc load_asset_deps(struct isms_ctx *ctx, struct arena *ar, int64_t isms_id,
				    struct asset *a, bool both, struct isms_err *err)
{
	static const char *const sql[2] = {
		"SELECT t.code FROM asset_dependency d JOIN asset t ON t.id = d.depends_on_id"
		" WHERE d.isms_id = $1 AND d.asset_id = $2 ORDER BY t.code",
		"SELECT t.code FROM asset_dependency d JOIN asset t ON t.id = d.asset_id"
		" WHERE d.isms_id = $1 AND d.depends_on_id = $2 ORDER BY t.code",
	};

	for (int dir = 0; dir < (both ? 2 : 1); dir++) {
		struct stmt *q = store_query(ctx->st, sql[dir], err);
		const char **v = NULL;
		size_t n = 0, alloc = 0;
		int r;

		if (!q)
			return err->code;
		stmt_bind_int(q, 1, isms_id);
		stmt_bind_int(q, 2, a->id);
		while ((r = stmt_next(q, err)) > 0) {
			v = arena_vec_grow(ar, v, n, &alloc, n + 1, sizeof(*v));
			v[n++] = arena_strdup(ar, stmt_text(q, 0));
		}
		if (r < 0)
			return err->code;
		if (dir == 0) {
			a->depends_on = v;
			a->ndeps = n;
		} else {
			a->needed_by = v;
			a->nneeded = n;
		}
	}
	return ISMS_OK;
}

static enum isms_rc get_row(struct isms_ctx *ctx, struct arena *ar, int64_t isms_id,
			    const char *code, struct asset *ret, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT " ASSET_COLUMNS " FROM asset WHERE isms_id = $1 AND code = $2",
				     err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, code ? code : "");
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0) {
		isms_err_set(err, ISMS_ENOTFOUND, _("no asset \"%s\""), code ? code : "");
		isms_err_hint(err, _("\"isms asset list\" shows the assets."));
		return ISMS_ENOTFOUND;
	}
	row_to_asset(q, ar, ret);
	stmt_run(q, err);
	return ISMS_OK;
}

enum isms_rc asset_get(struct isms_ctx *ctx, struct arena *ar, int64_t isms_id,
		       const char *code, struct asset *ret, struct isms_err *err)
{
	enum isms_rc rc = get_row(ctx, ar, isms_id, code, ret, err);

	if (!rc)
		rc = load_asset_deps(ctx, ar, isms_id, ret, true, err);
	return rc;
}

/* ---- add, edit, rm -------------------------------------------------------------- */

static enum isms_rc check_deps_list(const char *const *deps, size_t n, struct isms_err *err)
{
	for (size_t k = 0; k < n; k++) {
		enum isms_rc rc = asset_check_code(deps[k], "depends_on", err);

		if (rc)
			return rc;
	}
	return ISMS_OK;
}

enum isms_rc asset_add(struct isms_ctx *ctx, int64_t isms_id, const struct asset *a,
		       int64_t *ret_id, struct isms_err *err)
{
	struct arena ar = ARENA_INIT;
	char now[ISMS_TIME_LEN];
	struct asset copy = *a;
	struct stmt *q;
	json_t *after;
	enum isms_rc rc;
	int64_t id;

	rc = check_asset(a, err);
	if (!rc)
		rc = check_deps_list(a->depends_on, a->ndeps, err);
	if (!rc)
		rc = asset_check_values(ctx, isms_id, a->c, a->i, a->a, err);
	if (rc)
		return rc;
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	if (!find_id(ctx, isms_id, a->code, &id, err)) {
		rc = isms_err_set(err, ISMS_EEXIST, _("asset \"%s\" already exists"), a->code);
		isms_err_hint(err, _("Change it with \"isms asset edit %s\", or choose another ID."), a->code);
		isms_err_field(err, "code");
		goto out;
	}
	if (err->code != ISMS_ENOTFOUND) {
		rc = err->code;
		goto out;
	}
	isms_err_clear(err);
	isms_time_now(now);
	q = store_query(ctx->st,
			"INSERT INTO asset (isms_id, code, name, type, owner, location, grp, description,"
			" c, i, a, c_reason, i_reason, a_reason, classification, created_at, updated_at)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)"
			" RETURNING id",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, a->code);
	bind_fields(q, a, now);
	rc = stmt_insert_id(q, &id, err);
	if (!rc && a->ndeps)
		rc = set_deps(ctx, &ar, isms_id, id, a->code, a->depends_on, a->ndeps, err);
	if (rc)
		goto out;
	if (a->ndeps) {
		copy.depends_on = arena_alloc(&ar, a->ndeps * sizeof(char *));
		memcpy(copy.depends_on, a->depends_on, a->ndeps * sizeof(char *));
		qsort(copy.depends_on, copy.ndeps, sizeof(char *), cmp_str);
	}
	after = asset_json(&copy);
	rc = model_audit(ctx, isms_id, "asset", a->code, "create", NULL, after, err);
	json_decref(after);
	if (!rc && ret_id)
		*ret_id = id;
out:
	arena_release(&ar);
	return store_end(ctx->st, rc, err);
}

static bool same_set(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t k = 0; k < na; k++) {
		bool hit = false;

		for (size_t m = 0; m < nb && !hit; m++)
			hit = !strcmp(a[k], b[m]);
		if (!hit)
			return false;
	}
	return true;
}

static enum isms_rc update_row(struct isms_ctx *ctx, int64_t isms_id, const struct asset *n,
			       const char *now, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "UPDATE asset SET name = $3, type = $4, owner = $5, location = $6,"
				     " grp = $7, description = $8, c = $9, i = $10, a = $11, c_reason = $12,"
				     " i_reason = $13, a_reason = $14, classification = $15, updated_at = $16"
				     " WHERE isms_id = $1 AND id = $2",
				     err);

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, n->id);
	bind_fields(q, n, now);
	return stmt_run(q, err);
}

enum isms_rc asset_edit(struct isms_ctx *ctx, int64_t isms_id, const char *code,
			const struct asset_edit *e, struct isms_err *err)
{
	struct arena ar = ARENA_INIT;
	struct asset old, n;
	char now[ISMS_TIME_LEN];
	json_t *before = NULL, *after = NULL;
	enum isms_rc rc;
	int vals[3] = { e->c, e->i, e->a };

	for (int k = 0; k < 3; k++) {
		if (vals[k] < -1) {
			isms_err_set(err, ISMS_EINVAL, _("the %s value %d is out of range"), prop_name(k), vals[k]);
			isms_err_field(err, prop_field[k]);
			return ISMS_EINVAL;
		}
	}
	if (e->set_deps && (rc = check_deps_list(e->deps, e->ndeps, err)))
		return rc;
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = asset_get(ctx, &ar, isms_id, code, &old, err);
	if (rc)
		goto out;
	n = old;
	if (e->name)
		n.name = e->name;
	if (e->set_type)
		n.type = e->type;
#define TAKE(f) if (e->f) n.f = e->f
	TAKE(owner);
	TAKE(location);
	TAKE(group);
	TAKE(description);
	TAKE(c_reason);
	TAKE(i_reason);
	TAKE(a_reason);
	TAKE(classification);
#undef TAKE
	if (e->c >= 0)
		n.c = e->c;
	if (e->i >= 0)
		n.i = e->i;
	if (e->a >= 0)
		n.a = e->a;
	rc = check_asset(&n, err);
	if (!rc)
		rc = asset_check_values(ctx, isms_id, n.c, n.i, n.a, err);
	if (rc)
		goto out;
	isms_time_now(now);
	rc = update_row(ctx, isms_id, &n, now, err);
	if (!rc && e->set_deps && !same_set(e->deps, e->ndeps, old.depends_on, old.ndeps)) {
		rc = set_deps(ctx, &ar, isms_id, old.id, old.code, e->deps, e->ndeps, err);
		if (!rc) {
			n.depends_on = arena_alloc(&ar, (e->ndeps ? e->ndeps : 1) * sizeof(char *));
			memcpy(n.depends_on, e->deps, e->ndeps * sizeof(char *));
			n.ndeps = e->ndeps;
			qsort(n.depends_on, n.ndeps, sizeof(char *), cmp_str);
		}
	}
	if (rc)
		goto out;
	before = asset_json(&old);
	after = asset_json(&n);
	rc = model_audit(ctx, isms_id, "asset", old.code, "update", before, after, err);
out:
	json_decref(before);
	json_decref(after);
	arena_release(&ar);
	return store_end(ctx->st, rc, err);
}

/* The codes of the risks that refer to an asset, when the risk register
 * exists (its foreign key keeps the asset from going). */
static void risks_of(struct isms_ctx *ctx, int64_t isms_id, int64_t asset_id, struct sbuf *out)
{
	struct isms_err ignore;
	struct stmt *q;
	int r, n = 0;

	if (ctx->st->ops->table_exists(ctx->st, "risk", &ignore) != 1)
		return;
	q = store_query(ctx->st,
			"SELECT code FROM risk WHERE isms_id = $1 AND asset_id = $2 ORDER BY code", &ignore);
	if (!q)
		return;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, asset_id);
	while ((r = stmt_next(q, &ignore)) > 0) {
		if (n++ == 10) {
			sbuf_addstr(out, ", …");
			continue;
		}
		if (n > 10)
			continue;
		if (out->len)
			sbuf_addstr(out, ", ");
		sbuf_addstr(out, stmt_text(q, 0));
	}
}

enum isms_rc asset_rm(struct isms_ctx *ctx, int64_t isms_id, const char *code,
		      struct isms_err *err)
{
	struct arena ar = ARENA_INIT;
	struct asset old;
	struct stmt *q;
	json_t *before = NULL;
	enum isms_rc rc;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = asset_get(ctx, &ar, isms_id, code, &old, err);
	if (rc)
		goto out;
	q = store_query(ctx->st, "DELETE FROM asset WHERE isms_id = $1 AND id = $2", err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, old.id);
	rc = stmt_run(q, err);
	if (rc == ISMS_EEXIST) {
		/* a foreign key: the risk register still refers to it */
		struct sbuf risks = SBUF_INIT;

		risks_of(ctx, isms_id, old.id, &risks);
		rc = isms_err_set(err, ISMS_ESTATE, _("asset \"%s\" is used by risks"), old.code);
		if (risks.len)
			isms_err_detail(err, _("The risks %s refer to it."), risks.buf);
		isms_err_hint(err, _("Remove those risks or move them to another asset first."));
		sbuf_release(&risks);
		goto out;
	}
	if (rc)
		goto out;
	before = asset_json(&old);
	if (old.nneeded) {
		json_t *nb = json_array();

		for (size_t k = 0; k < old.nneeded; k++)
			json_array_append_new(nb, json_string(old.needed_by[k]));
		json_object_set_new(before, "needed_by", nb);
	}
	rc = model_audit(ctx, isms_id, "asset", old.code, "delete", before, NULL, err);
out:
	json_decref(before);
	arena_release(&ar);
	return store_end(ctx->st, rc, err);
}

/* ---- list and groups ---------------------------------------------------------- */

#define VALUE_EXPR                                                                         \
	"(CASE WHEN COALESCE(c, 0) >= COALESCE(i, 0) AND COALESCE(c, 0) >= COALESCE(a, 0)" \
	" THEN COALESCE(c, 0) WHEN COALESCE(i, 0) >= COALESCE(a, 0) THEN COALESCE(i, 0)"  \
	" ELSE COALESCE(a, 0) END)"

#define LIST_WHERE                                                                       \
	" FROM asset WHERE isms_id = $1 AND ($2 < 0 OR type = $3)"                        \
	" AND ($4 = 0 OR owner = $5) AND ($6 = 0 OR grp = $7)"                            \
	" AND ($8 = '' OR LOWER(code) LIKE $8 ESCAPE '\\' OR LOWER(name) LIKE $8 ESCAPE '\\'" \
	" OR LOWER(description) LIKE $8 ESCAPE '\\')"                                     \
	" AND ($9 = 0 OR c IS NULL OR i IS NULL OR a IS NULL)"

#define LIST_SQL(order) "SELECT " ASSET_COLUMNS LIST_WHERE " ORDER BY " order " LIMIT $10 OFFSET $11"

static const char *const list_sql[ASSET_SORT_COUNT][2] = {
	[ASSET_SORT_CODE] = { LIST_SQL("code"), LIST_SQL("code DESC") },
	[ASSET_SORT_NAME] = { LIST_SQL("name, code"), LIST_SQL("name DESC, code") },
	[ASSET_SORT_TYPE] = { LIST_SQL("type, code"), LIST_SQL("type DESC, code") },
	[ASSET_SORT_OWNER] = { LIST_SQL("owner, code"), LIST_SQL("owner DESC, code") },
	[ASSET_SORT_GROUP] = { LIST_SQL("grp, code"), LIST_SQL("grp DESC, code") },
	[ASSET_SORT_VALUE] = { LIST_SQL(VALUE_EXPR ", code"), LIST_SQL(VALUE_EXPR " DESC, code") },
	[ASSET_SORT_UPDATED] = { LIST_SQL("updated_at, code"), LIST_SQL("updated_at DESC, code") },
};

static void bind_filter(struct stmt *q, int64_t isms_id, const struct asset_filter *f,
			const char *like)
{
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, f->type >= 0 && f->type < ASSET_TYPE_COUNT ? 1 : -1);
	stmt_bind_text(q, 3, f->type >= 0 && f->type < ASSET_TYPE_COUNT ? types[f->type].code : "");
	stmt_bind_int(q, 4, f->owner != NULL);
	stmt_bind_text(q, 5, s_or(f->owner));
	stmt_bind_int(q, 6, f->group != NULL);
	stmt_bind_text(q, 7, s_or(f->group));
	stmt_bind_text(q, 8, like);
	stmt_bind_int(q, 9, f->unvalued);
}

static char *like_pattern(const char *text)
{
	struct sbuf sb = SBUF_INIT;

	if (!text || !*text)
		return xstrdup("");
	sbuf_addch(&sb, '%');
	for (const char *p = text; *p; p++) {
		char c = *p;

		if (c == '%' || c == '_' || c == '\\')
			sbuf_addch(&sb, '\\');
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		sbuf_addch(&sb, c);
	}
	sbuf_addch(&sb, '%');
	return sbuf_detach(&sb, NULL);
}

static enum isms_rc attach_all_deps(struct isms_ctx *ctx, struct arena *ar, int64_t isms_id,
				    struct asset *rows, size_t n, struct isms_err *err)
{
	struct stmt *q;
	struct strmap m;
	size_t *alloc;
	int r;

	strmap_init(&m, n);
	for (size_t k = 0; k < n; k++)
		strmap_put(&m, rows[k].code, k);
	alloc = xcalloc(n ? n : 1, sizeof(*alloc));
	q = store_query(ctx->st,
			"SELECT s.code, t.code FROM asset_dependency d JOIN asset s ON s.id = d.asset_id"
			" JOIN asset t ON t.id = d.depends_on_id WHERE d.isms_id = $1 ORDER BY s.code, t.code",
			err);
	if (!q) {
		r = -1;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		size_t k;

		if (!strmap_get(&m, stmt_text(q, 0), &k))
			continue;
		rows[k].depends_on = arena_vec_grow(ar, rows[k].depends_on, rows[k].ndeps, &alloc[k],
						    rows[k].ndeps + 1, sizeof(char *));
		rows[k].depends_on[rows[k].ndeps++] = arena_strdup(ar, stmt_text(q, 1));
	}
out:
	free(alloc);
	strmap_free(&m);
	return r < 0 ? err->code : ISMS_OK;
}

enum isms_rc asset_list(struct isms_ctx *ctx, struct arena *ar, int64_t isms_id,
			const struct asset_filter *f, struct asset **ret, size_t *ret_n,
			size_t *ret_total, struct isms_err *err)
{
	_cleanup_free_ char *like = like_pattern(f->text);
	unsigned sort = (unsigned)f->sort < ASSET_SORT_COUNT ? (unsigned)f->sort : 0;
	struct asset *rows = NULL;
	size_t n = 0, alloc = 0;
	struct stmt *q;
	int r;

	if (ret_total) {
		q = store_query(ctx->st, "SELECT COUNT(*)" LIST_WHERE, err);
		if (!q)
			return err->code;
		bind_filter(q, isms_id, f, like);
		r = stmt_next(q, err);
		if (r < 0)
			return err->code;
		*ret_total = (size_t)stmt_int(q, 0);
		stmt_run(q, err);
	}
	q = store_query(ctx->st, list_sql[sort][f->desc ? 1 : 0], err);
	if (!q)
		return err->code;
	bind_filter(q, isms_id, f, like);
	stmt_bind_int(q, 10, f->limit ? (int64_t)f->limit : INT64_MAX);
	stmt_bind_int(q, 11, (int64_t)f->offset);
	while ((r = stmt_next(q, err)) > 0) {
		rows = arena_vec_grow(ar, rows, n, &alloc, n + 1, sizeof(*rows));
		row_to_asset(q, ar, &rows[n++]);
	}
	if (r < 0)
		return err->code;
	if (f->with_deps && n && attach_all_deps(ctx, ar, isms_id, rows, n, err))
		return err->code;
	*ret = rows;
	*ret_n = n;
	return ISMS_OK;
}

enum isms_rc asset_groups(struct isms_ctx *ctx, struct arena *ar, int64_t isms_id,
			  struct asset_group **ret, size_t *ret_n, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT grp, COUNT(*),"
				     " SUM(CASE WHEN c IS NULL OR i IS NULL OR a IS NULL THEN 1 ELSE 0 END),"
				     " COALESCE(MAX(c), 0), COALESCE(MAX(i), 0), COALESCE(MAX(a), 0)"
				     " FROM asset WHERE isms_id = $1 GROUP BY grp ORDER BY grp",
				     err);
	struct asset_group *rows = NULL;
	size_t n = 0, alloc = 0;
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		struct asset_group *g;

		rows = arena_vec_grow(ar, rows, n, &alloc, n + 1, sizeof(*rows));
		g = &rows[n++];
		g->name = arena_strdup(ar, stmt_text(q, 0));
		g->count = (long)stmt_int(q, 1);
		g->unvalued = (long)stmt_int(q, 2);
		g->c = (int)stmt_int(q, 3);
		g->i = (int)stmt_int(q, 4);
		g->a = (int)stmt_int(q, 5);
	}
	if (r < 0)
		return err->code;
	*ret = rows;
	*ret_n = n;
	return ISMS_OK;
}

enum isms_rc asset_status_facts(struct isms_ctx *ctx, int64_t isms_id, struct status_facts *f,
				struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT COUNT(*), COALESCE(SUM(CASE WHEN owner = '' THEN 1 ELSE 0 END), 0),"
				     " COALESCE(SUM(CASE WHEN c IS NULL OR i IS NULL OR a IS NULL THEN 1 ELSE 0 END), 0)"
				     " FROM asset WHERE isms_id = $1",
				     err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r > 0) {
		f->assets = (long)stmt_int(q, 0);
		f->assets_without_owner = (long)stmt_int(q, 1);
		f->assets_unvalued = (long)stmt_int(q, 2);
		stmt_run(q, err);
	}
	return ISMS_OK;
}

/* ---- import ---------------------------------------------------------------------- */

/* One data row of an import, checked. */
struct imp_row {
	long line;
	const char *v[AF_COUNT]; /* trimmed; NULL when the file has no such column */
	enum asset_type type;
	int val[3];
	const char **deps;
	size_t *dep_nodes; /* the node of each dependency, once check_deps found it */
	size_t ndeps;
	bool exists;
	size_t old;  /* index into the existing assets when `exists` */
	size_t node; /* in the dependency graph: old for an existing asset, then
		      * nold, nold + 1 … for the new ones in the order of the file */
	bool code_ok; /* the code is valid and first seen on this row */
	bool bad;
};

struct importer {
	struct isms_ctx *ctx;
	int64_t isms_id;
	struct arena ar;
	struct tabin_header h;
	struct tabin_errors *errs;
	/* existing assets, their dependencies as codes */
	struct asset *old;
	size_t nold;
	struct strmap old_by_code;
	/* the rows */
	struct imp_row *rows;
	size_t nrows;
	struct strmap row_by_code;
	size_t nnodes; /* existing assets and new ones */
	int max[3];
	/* type names folded, and type cells seen: each to its type */
	struct strmap type_by_name, type_by_cell;
	struct sbuf fold;
};

static void row_error(struct importer *im, struct imp_row *r, enum asset_field f,
		      const struct isms_err *why)
{
	r->bad = true;
	import_error(im->errs, &im->h, asset_fields, f, r->line, why);
}

static void row_errorf(struct importer *im, struct imp_row *r, enum asset_field f,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void row_errorf(struct importer *im, struct imp_row *r, enum asset_field f,
		       const char *fmt, ...)
{
	va_list ap;

	r->bad = true;
	va_start(ap, fmt);
	import_verrorf(im->errs, &im->h, asset_fields, f, r->line, fmt, ap);
	va_end(ap);
}

static void fold_types(struct importer *im)
{
	for (int t = 0; t < ASSET_TYPE_COUNT; t++) {
		const char *src[12];
		size_t n = 0;

		src[n++] = types[t].code;
		src[n++] = types[t].label;
		src[n++] = T_(types[t].label);
		for (int k = 0; types[t].names[k] && n < 11; k++)
			src[n++] = types[t].names[k];
		for (size_t k = 0; k < n; k++) {
			sbuf_reset(&im->fold);
			tabin_fold_name(src[k], &im->fold);
			/* a name two types share is the first one's */
			strmap_put_new(&im->type_by_name, arena_strdup(&im->ar, im->fold.buf), (size_t)t,
				       NULL);
		}
	}
}

/* A type cell: its folded form names a type. Files mostly spell a type
 * the same way on every row, so a cell seen before is found as it is,
 * without folding it again. */
static bool parse_type(struct importer *im, const char *s, enum asset_type *ret)
{
	size_t t;

	if (!strmap_get(&im->type_by_cell, s, &t)) {
		sbuf_reset(&im->fold);
		tabin_fold_name(s, &im->fold);
		if (!strmap_get(&im->type_by_name, im->fold.buf, &t))
			return false;
		strmap_put(&im->type_by_cell, s, t);
	}
	*ret = (enum asset_type)t;
	return true;
}

/* A value cell: empty (not valued) or a whole number, fullwidth digits
 * accepted. */
static bool parse_value(struct importer *im, const char *s, int *ret)
{
	long long v;

	if (!*s) {
		*ret = 0;
		return true;
	}
	if (!s[strspn(s, "0123456789")]) {
		/* ASCII digits fold to themselves */
		if (!isms_parse_int(s, -1000000, 1000000, &v))
			return false;
		*ret = (int)v;
		return true;
	}
	sbuf_reset(&im->fold);
	tabin_fold_name(s, &im->fold);
	if (!isms_parse_int(im->fold.buf, -1000000, 1000000, &v)) {
		/* "3.0", as a spreadsheet may write a whole number */
		size_t len = im->fold.len;

		if (len > 2 && !strcmp(im->fold.buf + len - 2, ".0")) {
			sbuf_setlen(&im->fold, len - 2);
			if (!isms_parse_int(im->fold.buf, -1000000, 1000000, &v))
				return false;
		} else {
			return false;
		}
	}
	*ret = (int)v;
	return true;
}

static const char **split_codes(struct arena *ar, const char *s, size_t *ret_n)
{
	const char **v = NULL;
	size_t n = 0, alloc = 0;
	const char *p = s;

	while (*p) {
		size_t len = 0;
		const char *start;

		while (*p && (strchr(",;\n\r\t ", *p) || !strncmp(p, "\xe3\x80\x80", 3) ||
			      !strncmp(p, "\xef\xbc\x8c", 3) || !strncmp(p, "\xe3\x80\x81", 3)))
			p += (unsigned char)*p < 0x80 ? 1 : 3;
		start = p;
		while (p[len] && !strchr(",;\n\r\t ", p[len]) && strncmp(p + len, "\xe3\x80\x80", 3) &&
		       strncmp(p + len, "\xef\xbc\x8c", 3) && strncmp(p + len, "\xe3\x80\x81", 3))
			len++;
		if (!len)
			break;
		v = arena_vec_grow(ar, v, n, &alloc, n + 1, sizeof(*v));
		v[n++] = arena_strndup(ar, start, len);
		p = start + len;
	}
	*ret_n = n;
	return v;
}

static void check_row(struct importer *im, struct imp_row *r)
{
	static const enum asset_field single[] = { AF_OWNER, AF_LOCATION, AF_GROUP, AF_CLASSIFICATION };
	static const size_t single_max[] = { ASSET_OWNER_MAX, ASSET_LOCATION_MAX, ASSET_GROUP_MAX,
					     ASSET_CLASS_MAX };
	static const enum asset_field block[] = { AF_DESCRIPTION, AF_C_REASON, AF_I_REASON, AF_A_REASON };
	static const size_t block_max[] = { ASSET_DESC_MAX, ASSET_REASON_MAX, ASSET_REASON_MAX,
					    ASSET_REASON_MAX };
	struct isms_err e;
	size_t prev;

	if (!*r->v[AF_CODE]) {
		row_errorf(im, r, AF_CODE, "%s", _("the asset ID is empty"));
		return;
	}
	if (asset_check_code(r->v[AF_CODE], "code", &e)) {
		row_error(im, r, AF_CODE, &e);
		return;
	}
	if (!strmap_put_new(&im->row_by_code, r->v[AF_CODE], (size_t)(r - im->rows), &prev)) {
		row_errorf(im, r, AF_CODE, _("the asset ID \"%s\" is also on line %ld"), r->v[AF_CODE],
			   im->rows[prev].line);
		return;
	}
	r->code_ok = true;
	r->exists = strmap_get(&im->old_by_code, r->v[AF_CODE], &r->old);
	if (r->v[AF_NAME] ? !*r->v[AF_NAME] : !r->exists) {
		row_errorf(im, r, AF_NAME, _("asset \"%s\" has no name"), r->v[AF_CODE]);
	} else if (r->v[AF_NAME] && isms_check_text(r->v[AF_NAME], ASSET_NAME_MAX, "name", &e)) {
		row_error(im, r, AF_NAME, &e);
	}
	if (r->v[AF_TYPE] ? !*r->v[AF_TYPE] : !r->exists) {
		row_errorf(im, r, AF_TYPE, _("asset \"%s\" has no type"), r->v[AF_CODE]);
	} else if (r->v[AF_TYPE] && !parse_type(im, r->v[AF_TYPE], &r->type)) {
		isms_err_set(&e, ISMS_EINVAL, _("unknown asset type \"%s\""), r->v[AF_TYPE]);
		isms_err_detail(&e, "%s", type_names_hint());
		row_error(im, r, AF_TYPE, &e);
	}
	for (size_t k = 0; k < sizeof(single) / sizeof(single[0]); k++) {
		const char *s = r->v[single[k]];

		if (s && *s && isms_check_text(s, single_max[k], asset_fields[single[k]].key, &e)) {
			row_error(im, r, single[k], &e);
		}
	}
	for (size_t k = 0; k < sizeof(block) / sizeof(block[0]); k++) {
		const char *s = r->v[block[k]];

		if (s && *s && isms_check_textblock(s, block_max[k], asset_fields[block[k]].key, &e)) {
			row_error(im, r, block[k], &e);
		}
	}
	for (int k = 0; k < 3; k++) {
		enum asset_field f = (enum asset_field)(AF_C + k);
		const char *s = r->v[f];

		if (!s)
			continue;
		if (!parse_value(im, s, &r->val[k])) {
			row_errorf(im, r, f, _("the %s value \"%s\" is not a whole number"), prop_name(k), s);
		} else if ((*s && r->val[k] == 0 && value_error(k, 0, im->max, &e)) ||
			   check_value(k, r->val[k], im->max, &e)) {
			row_error(im, r, f, &e);
		}
	}
	if (r->v[AF_DEPENDS_ON]) {
		r->deps = split_codes(&im->ar, r->v[AF_DEPENDS_ON], &r->ndeps);
		if (r->ndeps > ASSET_DEPS_MAX)
			row_errorf(im, r, AF_DEPENDS_ON, _("an asset may depend on at most %d assets"),
				   ASSET_DEPS_MAX);
	}
}

/* Dependencies name assets of the file or of the ISMS, never the row's
 * own, and the whole graph after the import has no cycle. */
static void check_deps(struct importer *im)
{
	struct graph g = { 0 };
	size_t nodes = im->nold, *path, len;
	const char **codes;

	for (size_t k = 0; k < im->nrows; k++) {
		struct imp_row *r = &im->rows[k];

		if (r->code_ok)
			r->node = r->exists ? r->old : nodes++;
	}
	im->nnodes = nodes;
	codes = xcalloc(nodes ? nodes : 1, sizeof(*codes));
	for (size_t k = 0; k < im->nold; k++)
		codes[k] = im->old[k].code;
	for (size_t k = 0; k < im->nrows; k++)
		if (im->rows[k].code_ok)
			codes[im->rows[k].node] = im->rows[k].v[AF_CODE];
	g.n = nodes;
	/* existing edges of assets whose dependencies the file does not set */
	for (size_t k = 0; k < im->nold; k++) {
		size_t ri;
		bool replaced = strmap_get(&im->row_by_code, im->old[k].code, &ri) &&
				im->rows[ri].v[AF_DEPENDS_ON];

		for (size_t d = 0; d < im->old[k].ndeps && !replaced; d++) {
			size_t to;

			if (strmap_get(&im->old_by_code, im->old[k].depends_on[d], &to))
				graph_edge(&g, k, to);
		}
	}
	for (size_t k = 0; k < im->nrows; k++) {
		struct imp_row *r = &im->rows[k];

		if (!r->code_ok || !r->v[AF_DEPENDS_ON])
			continue;
		r->dep_nodes = arena_alloc(&im->ar, (r->ndeps ? r->ndeps : 1) * sizeof(size_t));
		for (size_t d = 0; d < r->ndeps; d++) {
			size_t ri, to;

			if (!strcmp(r->deps[d], r->v[AF_CODE])) {
				row_errorf(im, r, AF_DEPENDS_ON, _("asset \"%s\" cannot depend on itself"),
					   r->v[AF_CODE]);
			} else if (strmap_get(&im->row_by_code, r->deps[d], &ri)) {
				r->dep_nodes[d] = im->rows[ri].node;
				graph_edge(&g, r->node, r->dep_nodes[d]);
			} else if (strmap_get(&im->old_by_code, r->deps[d], &to)) {
				r->dep_nodes[d] = to;
				graph_edge(&g, r->node, to);
			} else {
				row_errorf(im, r, AF_DEPENDS_ON, _("unknown asset \"%s\" in the dependencies"),
					   r->deps[d]);
			}
		}
	}
	if (!im->errs->total && graph_cycle(&g, &path, &len)) {
		struct sbuf t = SBUF_INIT;
		struct imp_row *at = NULL;

		for (size_t k = 0; k < len; k++) {
			sbuf_addf(&t, "%s → ", codes[path[k]]);
			for (size_t m = 0; m < im->nrows && !at; m++)
				if (im->rows[m].node == path[k] && im->rows[m].v[AF_DEPENDS_ON])
					at = &im->rows[m];
		}
		sbuf_addstr(&t, codes[path[0]]);
		if (at)
			row_errorf(im, at, AF_DEPENDS_ON, _("the dependencies make a cycle: %s"), t.buf);
		sbuf_release(&t);
		free(path);
	}
	free(codes);
	graph_free(&g);
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = ((const struct asset *)a)->id, y = ((const struct asset *)b)->id;

	return (x > y) - (x < y);
}

/* The assets of the ISMS, in the order of their ids (the order the graph
 * numbers them in), with their dependencies. They are read as SQLite finds
 * them best, through the index on the codes, and sorted here only when
 * that order is not already the ids': "ORDER BY id" would have SQLite sort
 * every whole row in a temporary B-tree, a third of a re-import. */
static enum isms_rc load_existing(struct importer *im, struct isms_err *err)
{
	struct stmt *q;
	size_t alloc = 0, *dalloc;
	int r;

	q = store_query(im->ctx->st, "SELECT " ASSET_COLUMNS " FROM asset WHERE isms_id = $1", err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, im->isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		im->old = arena_vec_grow(&im->ar, im->old, im->nold, &alloc, im->nold + 1, sizeof(*im->old));
		row_to_asset(q, &im->ar, &im->old[im->nold++]);
	}
	if (r < 0)
		return err->code;
	for (size_t k = 1; k < im->nold; k++) {
		if (im->old[k - 1].id > im->old[k].id) {
			qsort(im->old, im->nold, sizeof(*im->old), cmp_id);
			break;
		}
	}
	strmap_init(&im->old_by_code, im->nold);
	for (size_t k = 0; k < im->nold; k++)
		strmap_put(&im->old_by_code, im->old[k].code, k);
	q = store_query(im->ctx->st,
			"SELECT s.code, t.code FROM asset_dependency d JOIN asset s ON s.id = d.asset_id"
			" JOIN asset t ON t.id = d.depends_on_id WHERE d.isms_id = $1",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, im->isms_id);
	dalloc = xcalloc(im->nold ? im->nold : 1, sizeof(*dalloc));
	while ((r = stmt_next(q, err)) > 0) {
		size_t k;
		struct asset *a;

		if (!strmap_get(&im->old_by_code, stmt_text(q, 0), &k))
			continue;
		a = &im->old[k];
		a->depends_on = arena_vec_grow(&im->ar, a->depends_on, a->ndeps, &dalloc[k], a->ndeps + 1,
					       sizeof(char *));
		a->depends_on[a->ndeps++] = arena_strdup(&im->ar, stmt_text(q, 1));
	}
	free(dalloc);
	return r < 0 ? err->code : ISMS_OK;
}

/* The asset a row makes: the old one with the file's columns laid over it. */
static void merged(const struct importer *im, const struct imp_row *r, struct asset *n)
{
	if (r->exists)
		*n = im->old[r->old];
	else
		memset(n, 0, sizeof(*n));
	n->code = r->v[AF_CODE];
#define SET(f, m) if (r->v[f]) n->m = r->v[f]
	SET(AF_NAME, name);
	SET(AF_OWNER, owner);
	SET(AF_LOCATION, location);
	SET(AF_GROUP, group);
	SET(AF_DESCRIPTION, description);
	SET(AF_C_REASON, c_reason);
	SET(AF_I_REASON, i_reason);
	SET(AF_A_REASON, a_reason);
	SET(AF_CLASSIFICATION, classification);
#undef SET
	if (r->v[AF_TYPE])
		n->type = r->type;
	if (r->v[AF_C])
		n->c = r->val[0];
	if (r->v[AF_I])
		n->i = r->val[1];
	if (r->v[AF_A])
		n->a = r->val[2];
	if (r->v[AF_DEPENDS_ON]) {
		n->depends_on = r->deps;
		n->ndeps = r->ndeps;
	}
}

static bool streq(const char *a, const char *b)
{
	return !strcmp(s_or(a), s_or(b));
}

/* The fields that differ, as {"field": [before, after]}; NULL when none. */
static json_t *changes(const struct asset *o, const struct asset *n)
{
	json_t *d = json_object();

#define STR(key, m)                                                                    \
	if (!streq(o->m, n->m))                                                        \
		json_object_set_new(d, key, json_pack("[ss]", s_or(o->m), s_or(n->m)))
	STR("name", name);
	STR("owner", owner);
	STR("location", location);
	STR("group", group);
	STR("description", description);
	STR("c_reason", c_reason);
	STR("i_reason", i_reason);
	STR("a_reason", a_reason);
	STR("classification", classification);
#undef STR
	if (o->type != n->type)
		json_object_set_new(d, "type", json_pack("[ss]", asset_type_code(o->type),
							 asset_type_code(n->type)));
#define VAL(key, m)                                                                           \
	if (o->m != n->m) {                                                                  \
		json_t *p = json_array();                                                     \
		json_array_append_new(p, o->m ? json_integer(o->m) : json_null());            \
		json_array_append_new(p, n->m ? json_integer(n->m) : json_null());            \
		json_object_set_new(d, key, p);                                               \
	}
	VAL("c", c);
	VAL("i", i);
	VAL("a", a);
#undef VAL
	if (!same_set(o->depends_on, o->ndeps, n->depends_on, n->ndeps)) {
		json_t *p = json_array(), *b = json_array(), *af = json_array();

		for (size_t k = 0; k < o->ndeps; k++)
			json_array_append_new(b, json_string(o->depends_on[k]));
		for (size_t k = 0; k < n->ndeps; k++)
			json_array_append_new(af, json_string(n->depends_on[k]));
		json_array_append_new(p, b);
		json_array_append_new(p, af);
		json_object_set_new(d, "depends_on", p);
	}
	if (!json_object_size(d)) {
		json_decref(d);
		return NULL;
	}
	return d;
}

#define INSERT_ASSET                                                                           \
	"INSERT INTO asset (isms_id, code, name, type, owner, location, grp, description, c, i, a," \
	" c_reason, i_reason, a_reason, classification, created_at, updated_at) VALUES "

/* New assets are inserted INSERT_BATCH rows to a statement: SQLite's cost
 * per statement (a statement journal, cursors opened and closed, the
 * constraints set up) is then paid once for sixteen rows, which halves the
 * time of the inserts of a large import. Row r of a batch has its code and
 * fields in $r02 … $r15, as bind_fields_at numbers them from r × 100; $1
 * (the ISMS) and $16 (the time) are shared. */
#define INSERT_BATCH 16
#define BATCH_ROW(r)                                                                           \
	"($1, $" #r "02, $" #r "03, $" #r "04, $" #r "05, $" #r "06, $" #r "07, $" #r "08, $" #r \
	"09, $" #r "10, $" #r "11, $" #r "12, $" #r "13, $" #r "14, $" #r "15, $16, $16)"
#define INSERT_ASSETS_BATCH                                                                    \
	INSERT_ASSET BATCH_ROW(1) ", " BATCH_ROW(2) ", " BATCH_ROW(3) ", " BATCH_ROW(4) ", "      \
	BATCH_ROW(5) ", " BATCH_ROW(6) ", " BATCH_ROW(7) ", " BATCH_ROW(8) ", " BATCH_ROW(9) ", " \
	BATCH_ROW(10) ", " BATCH_ROW(11) ", " BATCH_ROW(12) ", " BATCH_ROW(13) ", "               \
	BATCH_ROW(14) ", " BATCH_ROW(15) ", " BATCH_ROW(16)

/* Insert the `n` new assets of `v`, by batches and the rest one by one.
 * Without RETURNING: new_ids reads the ids afterwards in one query, and
 * only when dependencies need them. The strings are bound without copies:
 * they live in the file read and in the importer's arena until the end of
 * the import. */
static enum isms_rc insert_rows(struct importer *im, const struct asset *v, size_t n,
				const char *now, struct isms_err *err)
{
	enum isms_rc rc = ISMS_OK;
	struct stmt *q;
	size_t k = 0;

	for (; n - k >= INSERT_BATCH && !rc; k += INSERT_BATCH) {
		q = store_query(im->ctx->st, INSERT_ASSETS_BATCH, err);
		if (!q)
			return err->code;
		stmt_bind_int(q, 1, im->isms_id);
		stmt_bind_text_static(q, 16, now);
		for (int j = 0; j < INSERT_BATCH; j++) {
			int base = (j + 1) * 100;

			stmt_bind_text_static(q, base + 2, v[k + j].code);
			bind_fields_at(q, base, &v[k + j], stmt_bind_text_static);
		}
		rc = stmt_run(q, err);
	}
	for (; k < n && !rc; k++) {
		q = store_query(im->ctx->st,
				INSERT_ASSET "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
					     " $15, $16, $16)",
				err);
		if (!q)
			return err->code;
		stmt_bind_int(q, 1, im->isms_id);
		stmt_bind_text_static(q, 2, v[k].code);
		bind_fields_at(q, 0, &v[k], stmt_bind_text_static);
		stmt_bind_text_static(q, 16, now);
		rc = stmt_run(q, err);
	}
	return rc;
}

/* The highest id of the ISMS's assets before the import, so that new_ids
 * reads only the rows added after it. */
static enum isms_rc max_id(struct importer *im, int64_t *ret, struct isms_err *err)
{
	struct stmt *q = store_query(im->ctx->st,
				     "SELECT COALESCE(MAX(id), 0) FROM asset WHERE isms_id = $1", err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, im->isms_id);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	*ret = r ? stmt_int(q, 0) : 0;
	return stmt_run(q, err);
}

/* The ids of the new assets, into id_of[their node]. The database gives
 * new rows ids above `after` (the highest before the import) in the order
 * they were inserted, which is the order of the file: each row read is
 * checked against the next new asset of the file, and looked up by its
 * code only when it is not that one. Should the database ever number them
 * otherwise (ids at the top of their range are reused), a second pass
 * reads every asset of the ISMS. In the first, the unary + keeps SQLite
 * from going through the index on (isms_id, code), so that it walks the
 * ids in order rather than sorting them. */
static enum isms_rc new_ids(struct importer *im, int64_t after, int64_t *id_of,
			    struct isms_err *err)
{
	static const char *const sql[2] = {
		"SELECT id, code FROM asset WHERE id > $2 AND +isms_id = $1 ORDER BY id",
		"SELECT id, code FROM asset WHERE isms_id = $1",
	};
	size_t want = im->nnodes - im->nold;

	for (int pass = 0; pass < 2; pass++) {
		struct stmt *q = store_query(im->ctx->st, sql[pass], err);
		size_t next = 0, found = 0; /* next: the row of the next new asset expected */
		int r;

		if (!q)
			return err->code;
		stmt_bind_int(q, 1, im->isms_id);
		stmt_bind_int(q, 2, after);
		while ((r = stmt_next(q, err)) > 0) {
			const char *code = stmt_text(q, 1);
			size_t k;

			while (next < im->nrows && im->rows[next].exists)
				next++;
			if (next < im->nrows && !strcmp(code, im->rows[next].v[AF_CODE]))
				k = next++;
			else if (!strmap_get(&im->row_by_code, code, &k) || im->rows[k].exists)
				continue;
			id_of[im->rows[k].node] = stmt_int(q, 0);
			found++;
		}
		if (r < 0)
			return err->code;
		if (found == want)
			return ISMS_OK;
	}
	return isms_err_set(err, ISMS_EINTERNAL, "new assets lost during import");
}

/* Replace the dependencies of the asset with id `id` (a new asset: add
 * them) by those of row `r`. One statement a dependency: batching them as
 * the assets saves nothing measurable, the cost being in the checks of the
 * foreign keys and the index on depends_on_id. */
static enum isms_rc write_deps(struct importer *im, int64_t id, const struct imp_row *r,
			       const int64_t *id_of, struct isms_err *err)
{
	struct stmt *q;
	enum isms_rc rc = ISMS_OK;

	if (r->exists) {
		q = store_query(im->ctx->st,
				"DELETE FROM asset_dependency WHERE isms_id = $1 AND asset_id = $2", err);
		if (!q)
			return err->code;
		stmt_bind_int(q, 1, im->isms_id);
		stmt_bind_int(q, 2, id);
		rc = stmt_run(q, err);
	}
	for (size_t d = 0; d < r->ndeps && !rc; d++) {
		q = store_query(im->ctx->st,
				"INSERT INTO asset_dependency (isms_id, asset_id, depends_on_id)"
				" VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
				err);
		if (!q)
			return err->code;
		stmt_bind_int(q, 1, im->isms_id);
		stmt_bind_int(q, 2, id);
		stmt_bind_int(q, 3, id_of[r->dep_nodes[d]]);
		rc = stmt_run(q, err);
	}
	return rc;
}

/* Whether row `r` sets dependencies that differ from those in the
 * database. */
static bool deps_change(const struct importer *im, const struct imp_row *r)
{
	if (!r->v[AF_DEPENDS_ON])
		return false;
	if (!r->exists)
		return r->ndeps > 0;
	return !same_set(im->old[r->old].depends_on, im->old[r->old].ndeps, r->deps, r->ndeps);
}

static enum isms_rc apply(struct importer *im, const struct asset_import_opts *o,
			  struct asset_import_result *res, struct isms_err *err)
{
	char now[ISMS_TIME_LEN];
	int64_t *id_of; /* by node */
	int64_t before = 0;
	struct asset batch[INSERT_BATCH];
	size_t nbatch = 0;
	bool any_deps = false;
	json_t *log = json_object(), *added = json_array(), *updated = json_object();
	enum isms_rc rc = ISMS_OK;

	isms_time_now(now);
	id_of = xcalloc(im->nnodes + 1, sizeof(*id_of));
	for (size_t k = 0; k < im->nold; k++)
		id_of[k] = im->old[k].id;
	for (size_t k = 0; k < im->nrows; k++)
		any_deps |= deps_change(im, &im->rows[k]);
	if (!o->dry_run && any_deps)
		rc = max_id(im, &before, err);
	for (size_t k = 0; k < im->nrows && !rc; k++) {
		struct imp_row *r = &im->rows[k];
		struct asset n;
		json_t *d;

		if (!r->exists) {
			res->added++;
			json_array_append_new(added, json_string(r->v[AF_CODE]));
			if (o->dry_run)
				continue;
			merged(im, r, &batch[nbatch++]);
			if (nbatch == INSERT_BATCH) {
				rc = insert_rows(im, batch, nbatch, now, err);
				nbatch = 0;
			}
			continue;
		}
		merged(im, r, &n);
		d = changes(&im->old[r->old], &n);
		if (!d) {
			res->unchanged++;
			continue;
		}
		res->updated++;
		json_object_set_new(updated, n.code, d);
		n.id = im->old[r->old].id;
		if (!o->dry_run)
			rc = update_row(im->ctx, im->isms_id, &n, now, err);
	}
	if (!rc && nbatch)
		rc = insert_rows(im, batch, nbatch, now, err);
	/* then the dependencies, which may name assets the file added */
	if (!rc && !o->dry_run && any_deps && res->added)
		rc = new_ids(im, before, id_of, err);
	for (size_t k = 0; k < im->nrows && !rc && !o->dry_run && any_deps; k++) {
		const struct imp_row *r = &im->rows[k];

		if (deps_change(im, r))
			rc = write_deps(im, id_of[r->node], r, id_of, err);
	}
	if (!rc && !o->dry_run && (res->added || res->updated)) {
		json_set_str(log, "source", o->source);
		json_set_str(log, "encoding", res->encoding);
		json_set_int(log, "rows", (long long)res->rows);
		json_set_int(log, "added", (long long)res->added);
		json_set_int(log, "updated", (long long)res->updated);
		json_set_int(log, "unchanged", (long long)res->unchanged);
		json_object_set(log, "added_codes", added);
		json_object_set(log, "changes", updated);
		rc = model_audit(im->ctx, im->isms_id, "asset", "import", "import", NULL, log, err);
	}
	json_decref(log);
	json_decref(added);
	json_decref(updated);
	free(id_of);
	return rc;
}

enum isms_rc asset_import(struct isms_ctx *ctx, int64_t isms_id, struct tabin *t,
			  const struct asset_import_opts *o, struct asset_import_result *ret,
			  struct tabin_errors *errs, struct isms_err *err)
{
	struct importer im = { .ctx = ctx, .isms_id = isms_id, .errs = errs };
	enum isms_rc rc;
	size_t first;

	memset(ret, 0, sizeof(*ret));
	ret->encoding = t->encoding;
	rc = tabin_map_header(t, asset_fields, AF_COUNT, o->allow_unknown, &im.h, err);
	if (rc)
		return rc;
	ret->skipped = im.h.unknown;
	ret->skipped_cols = im.h.unknown_cols;
	ret->nskipped = im.h.nunknown;
	first = im.h.header_row + 1;
	rc = asset_value_range(ctx, isms_id, im.max, err);
	if (rc)
		return rc;
	rc = o->dry_run ? store_begin_read(ctx->st, err) : store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = load_existing(&im, err);
	if (rc)
		goto out;
	fold_types(&im);
	im.nrows = t->nrows - first;
	ret->rows = im.nrows;
	im.rows = xcalloc(im.nrows + 1, sizeof(*im.rows));
	strmap_init(&im.row_by_code, im.nrows);
	for (size_t k = 0; k < im.nrows; k++) {
		const struct tabin_row *src = &t->rows[first + k];
		struct imp_row *r = &im.rows[k];

		r->line = src->line;
		import_cells(&im.ar, &im.h, src, AF_COUNT, r->v);
		check_row(&im, r);
	}
	check_deps(&im);
	if (errs->total) {
		size_t bad = 0;

		for (size_t k = 0; k < im.nrows; k++)
			bad += im.rows[k].bad;
		rc = import_failed(errs, bad, im.nrows, err);
		goto out;
	}
	if (im.nrows == 0) {
		rc = isms_err_set(err, ISMS_EINVAL, _("the file has a header but no rows"));
		isms_err_pos(err, t->rows[im.h.header_row].line, 0);
		goto out;
	}
	rc = apply(&im, o, ret, err);
	if (!rc && o->dry_run)
		rc = ISMS_OK;
out:
	/* a dry run never writes: end its read transaction either way */
	if (o->dry_run) {
		store_rollback(ctx->st);
	} else {
		rc = store_end(ctx->st, rc, err);
	}
	free(im.rows);
	strmap_free(&im.old_by_code);
	strmap_free(&im.row_by_code);
	strmap_free(&im.type_by_name);
	strmap_free(&im.type_by_cell);
	sbuf_release(&im.fold);
	arena_release(&im.ar);
	return rc;
}
