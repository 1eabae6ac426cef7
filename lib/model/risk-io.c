/* risk-io.c - importing the risk register from CSV or XLSX, all or nothing, and exporting it as CSV. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/json.h"
#include "isms/method.h"
#include "isms/table.h"
#include "isms/utf8.h"
#include "isms/util.h"
#include "isms/xalloc.h"
#include "import.h"
#include "risk-int.h"
#include "vec.h"

static const char *const n_code[] = { "Risk ID", "code", "risk code", "id", "リスクID", "リスク番号", NULL };
static const char *const n_asset[] = { "Asset ID", "asset", "asset code", "資産ID", "資産番号", "資産", NULL };
static const char *const n_group[] = { "Asset group", "group", "グループ", "資産グループ", NULL };
static const char *const n_threat[] = { "Threat", "threat id", "threat code", "脅威", "脅威ID", NULL };
static const char *const n_vuln[] = { "Vulnerability", "vuln", "vulnerability id", "vulnerability code",
				      "脆弱性", "脆弱性ID", NULL };
static const char *const n_props[] = { "Properties", "props", "cia", "affected properties", "影響する特性",
				       "特性", "機密性・完全性・可用性", NULL };
static const char *const n_tl[] = { "Threat level", "threat value", "脅威レベル", "脅威の大きさ", "脅威値", NULL };
static const char *const n_vl[] = { "Vulnerability level", "vuln level", "vulnerability value",
				    "脆弱性レベル", "脆弱性の大きさ", "脆弱性値", NULL };
static const char *const n_lik[] = { "Likelihood", "起こりやすさ", "発生可能性", NULL };
static const char *const n_imp[] = { "Impact", "consequence", "影響度", "影響の大きさ", "結果", NULL };
static const char *const n_owner[] = { "Risk owner", "owner", "リスク所有者", "リスクオーナー", NULL };
static const char *const n_desc[] = { "Description", "risk description", "説明", "リスクの内容", NULL };

const struct tabin_field risk_fields[RF_COUNT] = {
	[RF_CODE] = { "code", n_code, false },
	[RF_ASSET] = { "asset", n_asset, false },
	[RF_GROUP] = { "group", n_group, false },
	[RF_THREAT] = { "threat", n_threat, true },
	[RF_VULN] = { "vulnerability", n_vuln, true },
	[RF_PROPS] = { "props", n_props, false },
	[RF_THREAT_LEVEL] = { "threat_level", n_tl, false },
	[RF_VULN_LEVEL] = { "vuln_level", n_vl, false },
	[RF_LIKELIHOOD] = { "likelihood", n_lik, false },
	[RF_IMPACT] = { "impact", n_imp, false },
	[RF_OWNER] = { "owner", n_owner, false },
	[RF_DESCRIPTION] = { "description", n_desc, false },
};

/* The computed columns of an export: known to the importer, which skips
 * them, so that an exported register can be edited and imported again. */
enum {
	XF_ASSET_NAME = 0, XF_THREAT_NAME, XF_VULN_NAME, XF_VALUE, XF_LEVEL, XF_EVALUATION,
	XF_TREATMENT, XF_CONTROLS, XF_RESIDUAL_VALUE, XF_RESIDUAL_EVALUATION, XF_COUNT
};

static const char *const n_aname[] = { "Asset name", "資産名", NULL };
static const char *const n_tname[] = { "Threat name", "脅威名", NULL };
static const char *const n_vname[] = { "Vulnerability name", "脆弱性名", NULL };
static const char *const n_value[] = { "Risk value", "value", "リスク値", NULL };
static const char *const n_level[] = { "Risk level", "level", "リスクレベル", NULL };
static const char *const n_eval[] = { "Evaluation", "リスク評価", "評価", NULL };
static const char *const n_treat[] = { "Treatment", "treatment option", "リスク対応", "対応", NULL };
static const char *const n_ctl[] = { "Controls", "管理策", NULL };
static const char *const n_rvalue[] = { "Residual risk value", "residual value", "残留リスク値", NULL };
static const char *const n_reval[] = { "Residual risk evaluation", "residual evaluation", "残留リスク評価",
				       NULL };

static const struct tabin_field export_fields[XF_COUNT] = {
	[XF_ASSET_NAME] = { "asset_name", n_aname, false },
	[XF_THREAT_NAME] = { "threat_name", n_tname, false },
	[XF_VULN_NAME] = { "vulnerability_name", n_vname, false },
	[XF_VALUE] = { "value", n_value, false },
	[XF_LEVEL] = { "level", n_level, false },
	[XF_EVALUATION] = { "evaluation", n_eval, false },
	[XF_TREATMENT] = { "treatment", n_treat, false },
	[XF_CONTROLS] = { "controls", n_ctl, false },
	[XF_RESIDUAL_VALUE] = { "residual_value", n_rvalue, false },
	[XF_RESIDUAL_EVALUATION] = { "residual_evaluation", n_reval, false },
};

/* A column's header in the current language: the English name, or the
 * first Japanese one. */
static const char *header(const struct tabin_field *f)
{
	if (i18n_current() == ISMS_LANG_JA) {
		for (int k = 1; f->names[k]; k++)
			if ((unsigned char)f->names[k][0] >= 0x80)
				return f->names[k];
	}
	return f->names[0];
}

/* --- import ------------------------------------------------------------------------------- */

#define IMPORT_AUDIT_DETAIL_MAX 1000

struct imp_row {
	long line;
	const char *v[RF_COUNT]; /* NULL: no such column */
	bool exists;             /* the code names a risk of the register */
	int64_t old_id;
	struct risk r;
	int64_t asset_id;
	const char *new_threat, *new_vuln; /* names to add to the ISMS's library */
	bool bad;
};

struct importer {
	struct isms_ctx *ctx;
	int64_t isms_id;
	const struct risk_import_opts *o;
	struct tabin_errors *errs;
	struct tabin_header h;
	struct arena ar;
	struct score_method m;
	struct library lib;
	struct strmap old;     /* code -> id */
	struct strmap targets; /* "a:CODE" or "g:NAME" -> index into tv */
	struct risk_target *tv;
	size_t ntv, tv_alloc;
	struct strmap seen; /* codes in the file */
	struct imp_row *rows;
	size_t nrows;
	/* names not in the library, to add (add_missing) */
	const char **add_threats, **add_vulns;
	size_t nadd_threats, nadd_vulns, at_alloc, av_alloc;
	long long next_code;
};

static void row_error(struct importer *im, struct imp_row *r, int field, const struct isms_err *why)
{
	r->bad = true;
	import_error(im->errs, &im->h, risk_fields, field, r->line, why);
}

static void row_errorf(struct importer *im, struct imp_row *r, int field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void row_errorf(struct importer *im, struct imp_row *r, int field, const char *fmt, ...)
{
	va_list ap;

	r->bad = true;
	va_start(ap, fmt);
	import_verrorf(im->errs, &im->h, risk_fields, field, r->line, fmt, ap);
	va_end(ap);
}

static bool given(const char *s)
{
	return s && *s;
}

/* A level cell: empty is 0 (not assessed); fullwidth digits are read as
 * digits, as Japanese spreadsheets often have them. */
static bool parse_level(struct arena *ar, const char *s, int *ret)
{
	struct sbuf sb = SBUF_INIT;
	long long v;
	bool ok;

	if (!s || !*s) {
		*ret = 0;
		return true;
	}
	while (*s) {
		if (!strncmp(s, "\xef\xbc", 2) && (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x99) {
			sbuf_addch(&sb, (char)('0' + (unsigned char)s[2] - 0x90));
			s += 3;
		} else {
			sbuf_addch(&sb, *s++);
		}
	}
	/* "3.0", as a spreadsheet may store a whole number */
	if (sb.len > 2 && !strcmp(sb.buf + sb.len - 2, ".0"))
		sbuf_setlen(&sb, sb.len - 2);
	ok = isms_parse_int(sb.buf, 0, SCORE_SCALE_MAX, &v);
	sbuf_release(&sb);
	(void)ar;
	if (ok)
		*ret = (int)v;
	return ok;
}

static const struct risk_target *target(struct importer *im, struct imp_row *r, bool group,
					const char *name, int field)
{
	const char *key = arena_printf(&im->ar, "%c:%s", group ? 'g' : 'a', name);
	struct isms_err e;
	size_t idx;
	enum isms_rc rc;

	if (strmap_get(&im->targets, key, &idx))
		return &im->tv[idx];
	im->tv = arena_vec_grow(&im->ar, im->tv, im->ntv, &im->tv_alloc, im->ntv + 1, sizeof(*im->tv));
	/* a failed lookup is not remembered: every row that names it gets
	 * its own error */
	rc = group ? risk_target_group(im->ctx, &im->ar, im->isms_id, name, &im->tv[im->ntv], &e)
		   : risk_target_asset(im->ctx, &im->ar, im->isms_id, name, &im->tv[im->ntv], &e);
	if (rc) {
		row_error(im, r, field, &e);
		return NULL;
	}
	strmap_put(&im->targets, key, im->ntv);
	return &im->tv[im->ntv++];
}

static void add_name(struct arena *ar, const char ***list, size_t *n, size_t *alloc, const char *s)
{
	for (size_t k = 0; k < *n; k++)
		if (!strcmp((*list)[k], s))
			return;
	*list = arena_vec_grow(ar, *list, *n, alloc, *n + 1, sizeof(**list));
	(*list)[(*n)++] = s;
}

static void check_level(struct importer *im, struct imp_row *r, int field, int *dst)
{
	struct risk chk = { 0 };
	struct isms_err e;
	int v;

	if (!r->v[field])
		return;
	if (!parse_level(&im->ar, r->v[field], &v)) {
		row_errorf(im, r, field, _("\"%s\" is not a level: give a whole number from 1 to %d, or leave it empty"),
			   r->v[field], SCORE_SCALE_MAX);
		return;
	}
	if (r->exists && v == *dst)
		return; /* unchanged: a level kept from a method of the other formula stays */
	switch (field) {
	case RF_THREAT_LEVEL: chk.threat_level = v; break;
	case RF_VULN_LEVEL: chk.vuln_level = v; break;
	case RF_LIKELIHOOD: chk.likelihood = v; break;
	default: chk.impact = v; break;
	}
	if (risk_check_levels(&im->m, &chk, &e)) {
		row_error(im, r, field, &e);
		return;
	}
	*dst = v;
}

static void check_row(struct importer *im, struct imp_row *r)
{
	const char *code = r->v[RF_CODE];
	const char *asset = r->v[RF_ASSET], *group = r->v[RF_GROUP];
	const struct risk_target *t = NULL;
	struct isms_err e;
	size_t idx;

	/* the risk as it is, or a new one */
	if (given(code)) {
		if (risk_check_code(code, "code", &e)) {
			row_error(im, r, RF_CODE, &e);
			return;
		}
		if (strmap_get(&im->seen, code, &idx)) {
			row_errorf(im, r, RF_CODE, _("the risk ID \"%s\" appears twice in the file (first on line %ld)"),
				   code, im->rows[idx].line);
			return;
		}
		strmap_put(&im->seen, code, (size_t)(r - im->rows));
		r->exists = strmap_get(&im->old, code, &idx);
	}
	if (r->exists) {
		if (risk_load(im->ctx, &im->ar, im->isms_id, &im->lib, code, &r->r, &r->asset_id, &e)) {
			row_error(im, r, RF_CODE, &e);
			return;
		}
	} else {
		memset(&r->r, 0, sizeof(r->r));
		r->r.code = given(code) ? code : NULL;
		r->r.owner = r->r.description = "";
		r->r.plan_owner = r->r.plan_due = r->r.plan_note = "";
	}

	/* asset or group */
	if (given(asset) && given(group)) {
		row_errorf(im, r, RF_GROUP, "%s", _("a risk is about one asset or one asset group, not both"));
	} else if (given(asset)) {
		t = target(im, r, false, asset, RF_ASSET);
	} else if (given(group)) {
		t = target(im, r, true, group, RF_GROUP);
	} else if (!r->exists) {
		row_errorf(im, r, im->h.col_of_field[RF_ASSET] ? RF_ASSET : RF_GROUP, "%s",
			   _("a new risk needs an asset ID or an asset group"));
	} else {
		/* keep the present asset or group, with its values now */
		t = r->asset_id ? target(im, r, false, r->r.asset_code, RF_ASSET)
				: target(im, r, true, r->r.group, RF_GROUP);
	}
	if (t) {
		r->asset_id = t->asset_id;
		r->r.asset_code = t->asset_code;
		r->r.group = t->asset_id ? NULL : t->group;
		r->r.av_c = t->c;
		r->r.av_i = t->i;
		r->r.av_a = t->a;
		if (!r->exists && !given(r->v[RF_OWNER]))
			r->r.owner = t->owner;
	}

	/* threat and vulnerability */
	if (r->v[RF_THREAT]) {
		const struct lib_threat *th = library_find_threat(&im->lib, r->v[RF_THREAT]);

		if (th) {
			r->r.threat = th->code;
			if (!r->exists && !given(r->v[RF_PROPS]))
				r->r.props = th->props;
		} else if (!given(r->v[RF_THREAT])) {
			row_errorf(im, r, RF_THREAT, "%s", _("the threat is missing"));
		} else if (im->o->add_missing) {
			r->new_threat = r->v[RF_THREAT];
			add_name(&im->ar, &im->add_threats, &im->nadd_threats, &im->at_alloc, r->new_threat);
		} else {
			library_threat_not_found(&im->ar, &im->lib, r->v[RF_THREAT], ISMS_EINVAL, &e);
			isms_err_hint(&e, _("Use a code or an exact name from \"isms threat list\", or import with --add-missing to add it to the ISMS's own library."));
			row_error(im, r, RF_THREAT, &e);
		}
	}
	if (r->v[RF_VULN]) {
		const struct lib_vuln *vu = library_find_vuln(&im->lib, r->v[RF_VULN]);

		if (vu) {
			r->r.vuln = vu->code;
		} else if (!given(r->v[RF_VULN])) {
			row_errorf(im, r, RF_VULN, "%s", _("the vulnerability is missing"));
		} else if (im->o->add_missing) {
			r->new_vuln = r->v[RF_VULN];
			add_name(&im->ar, &im->add_vulns, &im->nadd_vulns, &im->av_alloc, r->new_vuln);
		} else {
			library_vuln_not_found(&im->ar, &im->lib, r->v[RF_VULN], ISMS_EINVAL, &e);
			isms_err_hint(&e, _("Use a code or an exact name from \"isms vuln list\", or import with --add-missing to add it to the ISMS's own library."));
			row_error(im, r, RF_VULN, &e);
		}
	}

	/* properties, levels, owner, description */
	if (given(r->v[RF_PROPS])) {
		unsigned p;

		if (!score_props_parse(r->v[RF_PROPS], &p))
			row_errorf(im, r, RF_PROPS, _("\"%s\" is not a set of properties: write C, I and A, for example \"CI\""),
				   r->v[RF_PROPS]);
		else
			r->r.props = p;
	} else if (r->v[RF_PROPS] && r->exists) {
		row_errorf(im, r, RF_PROPS, "%s", _("a risk affects at least one of C, I and A"));
	}
	if (!r->r.props)
		r->r.props = SCORE_C | SCORE_I | SCORE_A;
	check_level(im, r, RF_THREAT_LEVEL, &r->r.threat_level);
	check_level(im, r, RF_VULN_LEVEL, &r->r.vuln_level);
	check_level(im, r, RF_LIKELIHOOD, &r->r.likelihood);
	check_level(im, r, RF_IMPACT, &r->r.impact);
	if (r->v[RF_OWNER] && (*r->v[RF_OWNER] || r->exists)) {
		/* an empty cell clears the owner of a risk; a new one takes
		 * its asset's */
		if (*r->v[RF_OWNER] && isms_check_text(r->v[RF_OWNER], RISK_OWNER_MAX, "owner", &e))
			row_error(im, r, RF_OWNER, &e);
		else
			r->r.owner = r->v[RF_OWNER];
	}
	if (r->v[RF_DESCRIPTION]) {
		if (isms_check_textblock(r->v[RF_DESCRIPTION], RISK_DESC_MAX, "description", &e))
			row_error(im, r, RF_DESCRIPTION, &e);
		else
			r->r.description = r->v[RF_DESCRIPTION];
	}
}

static enum isms_rc load_codes(struct importer *im, struct isms_err *err)
{
	struct stmt *q = store_query(im->ctx->st, "SELECT id, code FROM risk WHERE isms_id = $1", err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, im->isms_id);
	strmap_init(&im->old, 1024);
	while ((r = stmt_next(q, err)) > 0)
		strmap_put(&im->old, arena_strdup(&im->ar, stmt_text(q, 1)), (size_t)stmt_int(q, 0));
	return r < 0 ? err->code : ISMS_OK;
}

/* Add the names the file uses that are not in the library, as entries of
 * the ISMS's own library, and point the rows at their codes. */
static enum isms_rc add_missing(struct importer *im, struct risk_import_result *res,
				struct isms_err *err)
{
	enum isms_rc rc;

	for (size_t k = 0; k < im->nadd_threats; k++) {
		struct lib_threat t = { 0 };
		char code[LIB_CODE_MAX + 1];
		const char *name = im->add_threats[k];
		bool ja = false;

		for (const char *p = name; *p; p++)
			ja = ja || (unsigned char)*p >= 0x80;
		t.category = THREAT_DELIBERATE;
		t.props = SCORE_C | SCORE_I | SCORE_A;
		t.name_en = ja ? "" : name;
		t.name_ja = ja ? name : "";
		if (!im->o->dry_run) {
			rc = threat_add(im->ctx, im->isms_id, &t, code, err);
			if (rc)
				return rc;
		} else {
			snprintf(code, sizeof(code), "%s", "UT-(new)");
		}
		res->threats_added++;
		for (size_t i = 0; i < im->nrows; i++)
			if (im->rows[i].new_threat && !strcmp(im->rows[i].new_threat, name))
				im->rows[i].r.threat = arena_strdup(&im->ar, code);
	}
	for (size_t k = 0; k < im->nadd_vulns; k++) {
		struct lib_vuln v = { 0 };
		char code[LIB_CODE_MAX + 1];
		const char *name = im->add_vulns[k];
		bool ja = false;

		for (const char *p = name; *p; p++)
			ja = ja || (unsigned char)*p >= 0x80;
		v.name_en = ja ? "" : name;
		v.name_ja = ja ? name : "";
		if (!im->o->dry_run) {
			rc = vuln_add(im->ctx, im->isms_id, &v, code, err);
			if (rc)
				return rc;
		} else {
			snprintf(code, sizeof(code), "%s", "UV-(new)");
		}
		res->vulns_added++;
		for (size_t i = 0; i < im->nrows; i++)
			if (im->rows[i].new_vuln && !strcmp(im->rows[i].new_vuln, name))
				im->rows[i].r.vuln = arena_strdup(&im->ar, code);
	}
	return ISMS_OK;
}

static enum isms_rc apply(struct importer *im, struct risk_import_result *res,
			  struct isms_err *err)
{
	json_t *log = json_object(), *added = json_array(), *changes = json_object();
	size_t detailed = 0;
	enum isms_rc rc;

	rc = add_missing(im, res, err);
	if (rc)
		goto out;
	if (!im->o->dry_run) {
		/* the library may have grown */
		rc = library_load(im->ctx, &im->ar, im->isms_id, &im->lib, err);
		if (rc)
			goto out;
	}
	for (size_t k = 0; k < im->nrows && !rc; k++) {
		struct imp_row *r = &im->rows[k];

		while (!r->r.code) {
			/* the next free code, past those the file gives */
			const char *c = arena_printf(&im->ar, "R-%03lld", im->next_code++);
			size_t dummy;

			if (!strmap_get(&im->seen, c, &dummy) && !strmap_get(&im->old, c, &dummy))
				r->r.code = c;
		}
		if (!r->exists) {
			res->added++;
			if (json_array_size(added) < IMPORT_AUDIT_DETAIL_MAX)
				json_array_append_new(added, json_string(r->r.code));
			if (!im->o->dry_run)
				rc = risk_write(im->ctx, im->isms_id, &im->m, &r->r, r->asset_id, true, err);
		} else {
			struct risk before;
			json_t *b, *a;

			rc = risk_load(im->ctx, &im->ar, im->isms_id, &im->lib, r->r.code, &before, NULL, err);
			if (rc)
				break;
			risk_eval(&im->m, &r->r);
			b = risk_json(&before);
			a = risk_json(&r->r);
			if (json_equal(b, a)) {
				res->unchanged++;
			} else {
				res->updated++;
				if (detailed++ < IMPORT_AUDIT_DETAIL_MAX) {
					json_t *d = json_object();

					json_object_set(d, "before", b);
					json_object_set(d, "after", a);
					json_object_set_new(changes, r->r.code, d);
				}
				if (!im->o->dry_run)
					rc = risk_write(im->ctx, im->isms_id, &im->m, &r->r, r->asset_id, false,
							err);
			}
			json_decref(b);
			json_decref(a);
		}
	}
	if (!rc && !im->o->dry_run && (res->added || res->updated)) {
		json_set_str(log, "source", im->o->source);
		json_set_str(log, "encoding", res->encoding);
		json_set_int(log, "rows", (long long)res->rows);
		json_set_int(log, "added", (long long)res->added);
		json_set_int(log, "updated", (long long)res->updated);
		json_set_int(log, "unchanged", (long long)res->unchanged);
		json_set_int(log, "threats_added", (long long)res->threats_added);
		json_set_int(log, "vulnerabilities_added", (long long)res->vulns_added);
		json_object_set(log, "added_codes", added);
		json_object_set(log, "changes", changes);
		if (res->added > IMPORT_AUDIT_DETAIL_MAX || res->updated > IMPORT_AUDIT_DETAIL_MAX)
			json_set_int(log, "detail_limit", IMPORT_AUDIT_DETAIL_MAX);
		rc = model_audit(im->ctx, im->isms_id, "risk", "import", "import", NULL, log, err);
	}
out:
	json_decref(log);
	json_decref(added);
	json_decref(changes);
	return rc;
}

enum isms_rc risk_import(struct isms_ctx *ctx, int64_t isms_id, struct tabin *t,
			 const struct risk_import_opts *o, struct risk_import_result *ret,
			 struct tabin_errors *errs, struct isms_err *err)
{
	struct tabin_field all[RF_COUNT + XF_COUNT];
	struct importer im = { .ctx = ctx, .isms_id = isms_id, .o = o, .errs = errs };
	bool have_m = false;
	enum isms_rc rc;
	size_t first;

	memset(ret, 0, sizeof(*ret));
	ret->encoding = t->encoding;
	memcpy(all, risk_fields, sizeof(risk_fields));
	memcpy(all + RF_COUNT, export_fields, sizeof(export_fields));
	rc = tabin_map_header(t, all, RF_COUNT + XF_COUNT, o->allow_unknown, &im.h, err);
	if (rc)
		return rc;
	first = im.h.header_row + 1;
	rc = o->dry_run ? store_begin_read(ctx->st, err) : store_begin(ctx->st, err);
	if (rc)
		return rc;
	if ((rc = method_current(ctx, &im.ar, isms_id, &im.m, NULL, err)))
		goto out;
	have_m = true;
	if ((rc = library_load(ctx, &im.ar, isms_id, &im.lib, err)) || (rc = load_codes(&im, err)) ||
	    (rc = risk_next_code(ctx, isms_id, &im.next_code, err)))
		goto out;
	im.nrows = t->nrows - first;
	ret->rows = im.nrows;
	if (im.nrows == 0) {
		rc = isms_err_set(err, ISMS_EINVAL, _("the file has a header but no rows"));
		isms_err_pos(err, t->rows[im.h.header_row].line, 0);
		goto out;
	}
	im.rows = xcalloc(im.nrows, sizeof(*im.rows));
	strmap_init(&im.seen, im.nrows);
	strmap_init(&im.targets, 256);
	for (size_t k = 0; k < im.nrows; k++) {
		const struct tabin_row *src = &t->rows[first + k];
		struct imp_row *r = &im.rows[k];

		r->line = src->line;
		import_cells(&im.ar, &im.h, src, RF_COUNT, r->v);
		check_row(&im, r);
	}
	if (errs->total) {
		size_t bad = 0;

		for (size_t k = 0; k < im.nrows; k++)
			bad += im.rows[k].bad;
		rc = import_failed(errs, bad, im.nrows, err);
		goto out;
	}
	rc = apply(&im, ret, err);
out:
	if (o->dry_run) {
		/* a dry run never writes: end its read transaction either way */
		enum isms_rc rc2 = store_end(ctx->st, ISMS_OK, err);

		if (!rc)
			rc = rc2;
	} else {
		rc = store_end(ctx->st, rc, err);
	}
	if (have_m)
		score_method_release(&im.m);
	free(im.rows);
	strmap_free(&im.old);
	strmap_free(&im.seen);
	strmap_free(&im.targets);
	arena_release(&im.ar);
	return rc;
}

/* --- export ---------------------------------------------------------------------------------- */

#define EXPORT_CHUNK (256u << 10)

static const char *level_label(const struct score_method *m, int level)
{
	return level >= 1 && level <= m->nlevels ? score_text(&m->levels[level - 1].label) : "";
}

static void num(struct sbuf *sb, int v)
{
	if (v > 0)
		sbuf_addf(sb, "%d", v);
}

enum isms_rc risk_export_csv(struct isms_ctx *ctx, int64_t isms_id, risk_write_fn write,
			     void *arg, size_t *ret_rows, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct score_method m;
	bool have_m = false;
	struct library lib;
	struct strmap names, ctl;
	const char **ctl_text = NULL;
	size_t nctl = 0, ctl_alloc = 0, rows = 0;
	struct sbuf sb = SBUF_INIT, tmp = SBUF_INIT;
	const char *decision_labels[SCORE_BASELINE + 1], *treat_labels[RISK_TREAT_COUNT], *uneval;
	struct stmt *q;
	enum isms_rc rc;
	int r;

	rc = store_begin_read(ctx->st, err);
	if (rc)
		return rc;
	strmap_init(&names, 256);
	strmap_init(&ctl, 64);
	if ((rc = method_current(ctx, &a, isms_id, &m, NULL, err)))
		goto out;
	have_m = true;
	if ((rc = library_load(ctx, &a, isms_id, &lib, err)))
		goto out;
	for (size_t k = 0; k < lib.nthreats; k++)
		strmap_put(&names, lib.threats[k]->code, k);
	for (size_t k = 0; k < lib.nvulns; k++)
		strmap_put(&names, arena_printf(&a, "v:%s", lib.vulns[k]->code), k);
	for (int d = 0; d <= SCORE_BASELINE; d++)
		decision_labels[d] = d ? score_decision_label((enum score_decision)d) : "";
	uneval = _("not evaluated");
	for (int k = 0; k < RISK_TREAT_COUNT; k++)
		treat_labels[k] = k ? risk_treatment_label((enum risk_treatment)k) : "";

	/* The controls of treated risks, joined with line breaks, by risk id. */
	q = store_query(ctx->st,
			"SELECT risk_id, kind, control FROM risk_control WHERE isms_id = $1"
			" ORDER BY risk_id, kind, pos",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	{
		int64_t last = 0;

		while ((r = stmt_next(q, err)) > 0) {
			int64_t id = stmt_int(q, 0);

			if (id != last) {
				if (last) {
					ctl_text = arena_vec_grow(&a, ctl_text, nctl, &ctl_alloc, nctl + 1,
								  sizeof(*ctl_text));
					ctl_text[nctl] = arena_strdup(&a, tmp.buf);
					strmap_put(&ctl, arena_printf(&a, "%lld", (long long)last), nctl++);
				}
				sbuf_reset(&tmp);
				last = id;
			}
			if (tmp.len)
				sbuf_addch(&tmp, '\n');
			sbuf_addstr(&tmp, stmt_text(q, 2));
		}
		if (r < 0) {
			rc = err->code;
			goto out;
		}
		if (last) {
			ctl_text = arena_vec_grow(&a, ctl_text, nctl, &ctl_alloc, nctl + 1, sizeof(*ctl_text));
			ctl_text[nctl] = arena_strdup(&a, tmp.buf);
			strmap_put(&ctl, arena_printf(&a, "%lld", (long long)last), nctl++);
		}
	}

	/* the header: the import's columns, then the computed ones */
	sbuf_addstr(&sb, "\xef\xbb\xbf");
	{
		static const int order[] = {
			RF_CODE, RF_ASSET, -1 - XF_ASSET_NAME, RF_GROUP, RF_THREAT, -1 - XF_THREAT_NAME,
			RF_VULN, -1 - XF_VULN_NAME, RF_PROPS, RF_THREAT_LEVEL, RF_VULN_LEVEL,
			RF_LIKELIHOOD, RF_IMPACT, RF_OWNER, RF_DESCRIPTION, -1 - XF_VALUE, -1 - XF_LEVEL,
			-1 - XF_EVALUATION, -1 - XF_TREATMENT, -1 - XF_CONTROLS, -1 - XF_RESIDUAL_VALUE,
			-1 - XF_RESIDUAL_EVALUATION,
		};

		for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
			const struct tabin_field *f = order[k] >= 0 ? &risk_fields[order[k]]
								    : &export_fields[-1 - order[k]];

			if (k)
				sbuf_addch(&sb, ',');
			csv_field(&sb, header(f), true);
		}
		sbuf_addstr(&sb, "\r\n");
	}

	q = store_query(ctx->st,
			"SELECT r.id, r.code, a.code, a.name, r.grp, r.threat, r.vuln, r.props,"
			" r.threat_level, r.vuln_level, r.likelihood, r.impact, r.owner, r.description,"
			" r.value, r.level, r.evaluation, r.treatment, r.residual_value, r.residual_evaluation"
			" FROM risk r LEFT JOIN asset a ON a.id = r.asset_id WHERE r.isms_id = $1"
			" ORDER BY r.code",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		const char *threat = stmt_text(q, 5), *vuln = stmt_text(q, 6);
		enum score_decision d;
		enum risk_treatment tr;
		char props[4], idbuf[24];
		size_t idx;

		csv_field(&sb, stmt_text(q, 1), true);
		sbuf_addch(&sb, ',');
		csv_field(&sb, stmt_text(q, 2), true);
		sbuf_addch(&sb, ',');
		csv_field(&sb, stmt_text(q, 3), true);
		sbuf_addch(&sb, ',');
		csv_field(&sb, stmt_text(q, 4), true);
		sbuf_addch(&sb, ',');
		csv_field(&sb, threat, true);
		sbuf_addch(&sb, ',');
		csv_field(&sb, strmap_get(&names, threat, &idx) ? lib_threat_name(lib.threats[idx]) : "",
			  true);
		sbuf_addch(&sb, ',');
		csv_field(&sb, vuln, true);
		sbuf_addch(&sb, ',');
		sbuf_reset(&tmp);
		sbuf_addf(&tmp, "v:%s", vuln);
		csv_field(&sb, strmap_get(&names, tmp.buf, &idx) ? lib_vuln_name(lib.vulns[idx]) : "",
			  true);
		sbuf_addch(&sb, ',');
		score_props_format((unsigned)stmt_int(q, 7), props);
		sbuf_addstr(&sb, props);
		for (int c = 8; c <= 11; c++) {
			sbuf_addch(&sb, ',');
			num(&sb, (int)stmt_int(q, c));
		}
		sbuf_addch(&sb, ',');
		csv_field(&sb, stmt_text(q, 12), true);
		sbuf_addch(&sb, ',');
		csv_field(&sb, stmt_text(q, 13), true);
		sbuf_addch(&sb, ',');
		num(&sb, (int)stmt_int(q, 14));
		sbuf_addch(&sb, ',');
		csv_field(&sb, level_label(&m, (int)stmt_int(q, 15)), true);
		sbuf_addch(&sb, ',');
		csv_field(&sb, score_decision_parse(stmt_text(q, 16), &d) ? decision_labels[d] : uneval,
			  true);
		sbuf_addch(&sb, ',');
		if (risk_treatment_parse(stmt_text(q, 17), &tr))
			csv_field(&sb, treat_labels[tr], true);
		sbuf_addch(&sb, ',');
		if (nctl) {
			snprintf(idbuf, sizeof(idbuf), "%lld", (long long)stmt_int(q, 0));
			if (strmap_get(&ctl, idbuf, &idx))
				csv_field(&sb, ctl_text[idx], true);
		}
		sbuf_addch(&sb, ',');
		num(&sb, (int)stmt_int(q, 18));
		sbuf_addch(&sb, ',');
		if (score_decision_parse(stmt_text(q, 19), &d))
			csv_field(&sb, decision_labels[d], true);
		sbuf_addstr(&sb, "\r\n");
		rows++;
		if (sb.len >= EXPORT_CHUNK) {
			if (write(arg, sb.buf, sb.len)) {
				rc = isms_err_set(err, ISMS_EIO, _("cannot write the export"));
				goto out;
			}
			sbuf_reset(&sb);
		}
	}
	if (r < 0) {
		rc = err->code;
		goto out;
	}
	if (sb.len && write(arg, sb.buf, sb.len))
		rc = isms_err_set(err, ISMS_EIO, _("cannot write the export"));
	if (!rc && ret_rows)
		*ret_rows = rows;
out:
	if (have_m)
		score_method_release(&m);
	strmap_free(&names);
	strmap_free(&ctl);
	sbuf_release(&sb);
	sbuf_release(&tmp);
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}
