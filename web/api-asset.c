/* api-asset.c - the JSON API of the asset inventory: list, one asset, add, change, delete, import. */
#include <stdio.h>
#include <string.h>

#include "isms/asset.h"
#include "isms/json.h"
#include "isms/tabin.h"
#include "web.h"

static json_t *codes_json(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t k = 0; k < n; k++)
		json_array_append_new(a, json_string(v[k]));
	return a;
}

static void set_value(json_t *o, const char *key, int v)
{
	if (v)
		json_set_int(o, key, v);
	else
		json_object_set_new(o, key, json_null());
}

json_t *asset_to_json(const struct asset *a)
{
	json_t *o = json_object();

	json_set_str(o, "code", a->code);
	json_set_str(o, "name", a->name);
	json_set_str(o, "type", asset_type_code(a->type));
	json_set_str(o, "type_label", asset_type_label(a->type));
	json_set_str(o, "owner", a->owner);
	json_set_str(o, "location", a->location);
	json_set_str(o, "group", a->group);
	json_set_str(o, "description", a->description);
	set_value(o, "c", a->c);
	set_value(o, "i", a->i);
	set_value(o, "a", a->a);
	json_set_str(o, "c_reason", a->c_reason);
	json_set_str(o, "i_reason", a->i_reason);
	json_set_str(o, "a_reason", a->a_reason);
	json_set_str(o, "classification", a->classification);
	json_object_set_new(o, "depends_on", codes_json(a->depends_on, a->ndeps));
	json_object_set_new(o, "needed_by", codes_json(a->needed_by, a->nneeded));
	json_set_str(o, "created_at", a->created_at);
	json_set_str(o, "updated_at", a->updated_at);
	return o;
}

void api_assets(struct req *r)
{
	struct asset_filter f = ASSET_FILTER_INIT;
	struct asset *rows;
	struct isms_err err;
	size_t n, total;
	json_t *o, *a;

	web_asset_filter(r, &f);
	f.with_deps = true;
	if (asset_list(r->ctx, &r->arena, r->isms.id, &f, &rows, &n, &total, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, asset_to_json(&rows[i]));
	json_object_set_new(o, "assets", a);
	json_set_int(o, "total", (long long)total);
	json_set_int(o, "offset", (long long)f.offset);
	json_set_int(o, "limit", (long long)f.limit);
	web_json(r, 200, o);
}

static void send_asset(struct req *r, const char *code)
{
	struct isms_err err;
	struct asset a;

	if (asset_get(r->ctx, &r->arena, r->isms.id, code, &a, &err)) {
		web_fail(r, &err);
		return;
	}
	web_json(r, 200, asset_to_json(&a));
}

void api_asset(struct req *r)
{
	send_asset(r, req_param(r, "asset"));
}

void api_asset_add(struct req *r)
{
	struct isms_err err;
	struct asset a;

	if (!web_asset_from(r, &a, &err) || asset_add(r->ctx, r->isms.id, &a, NULL, &err)) {
		web_fail(r, &err);
		return;
	}
	send_asset(r, a.code);
}

/* The asset of the path, when the user may change it. */
static bool may_change(struct req *r, struct asset *a)
{
	struct isms_err err;

	if (asset_get(r->ctx, &r->arena, r->isms.id, req_param(r, "asset"), a, &err)) {
		web_fail(r, &err);
		return false;
	}
	return web_check_owner(r, a->owner, _("assets"));
}

void api_asset_edit(struct req *r)
{
	struct asset_edit e = ASSET_EDIT_INIT;
	struct isms_err err;
	struct asset a;

	if (!may_change(r, &a))
		return;
	if (!web_asset_edit_from(r, &e, &err) || asset_edit(r->ctx, r->isms.id, a.code, &e, &err)) {
		web_fail(r, &err);
		return;
	}
	send_asset(r, a.code);
}

void api_asset_delete(struct req *r)
{
	struct isms_err err;
	struct asset a;
	json_t *o;

	if (!may_change(r, &a))
		return;
	if (asset_rm(r->ctx, r->isms.id, a.code, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	json_set_bool(o, "ok", 1);
	web_json(r, 200, o);
}

/* An import's problems, as an error body with the list of every one. */
void api_import_errors(struct req *r, const struct isms_err *err, const struct tabin_errors *errs)
{
	json_t *o = json_from_err(err), *a = json_array();

	for (size_t i = 0; i < errs->n; i++) {
		json_t *one = json_from_err(&errs->v[i]);

		json_array_append(a, json_object_get(one, "error"));
		json_decref(one);
	}
	json_object_set_new(o, "errors", a);
	json_set_int(o, "total_errors", (long long)errs->total);
	web_json(r, web_status(err->code), o);
}

void api_asset_import(struct req *r)
{
	const struct req_file *f = req_file(r, "file");
	struct asset_import_opts opts = { 0 };
	struct asset_import_result res = { 0 };
	struct tabin_errors errs = { 0 };
	struct isms_err err;
	struct tabin t;
	json_t *o;
	enum isms_rc rc;

	opts.source = f->filename;
	opts.allow_unknown = req_bool(r, "allow_unknown");
	opts.dry_run = req_bool(r, "dry_run");
	memset(&t, 0, sizeof(t));
	rc = web_read_table(f, &t, &err);
	if (!rc)
		rc = asset_import(r->ctx, r->isms.id, &t, &opts, &res, &errs, &err);
	tabin_release(&t);
	if (rc) {
		api_import_errors(r, &err, &errs);
		tabin_errors_release(&errs);
		return;
	}
	tabin_errors_release(&errs);
	o = json_object();
	json_set_int(o, "rows", (long long)res.rows);
	json_set_int(o, "added", (long long)res.added);
	json_set_int(o, "updated", (long long)res.updated);
	json_set_int(o, "unchanged", (long long)res.unchanged);
	json_set_str(o, "encoding", res.encoding);
	json_set_bool(o, "dry_run", opts.dry_run);
	web_json(r, 200, o);
}
