/* api-scope.c - the JSON API of step 1: the scope, its versions and its approval. */
#include <stdio.h>
#include <string.h>

#include "isms/json.h"
#include "isms/scope.h"
#include "web.h"

static json_t *scope_json(const struct scope *s)
{
	static const char *const keys[SCOPE_NKINDS] = {
		"units", "sites", "processes", "systems", "interfaces", "exclusions",
	};
	json_t *o = json_object();

	json_set_int(o, "version", s->version);
	json_set_str(o, "created_at", s->created_at);
	json_set_str(o, "created_by", s->created_by);
	json_set_str(o, "organisation", s->organisation);
	for (int k = 0; k < SCOPE_NKINDS; k++) {
		json_t *arr = json_array();

		for (size_t i = 0; i < s->nitems[k]; i++) {
			json_t *it = json_object();

			json_set_str(it, "name", s->items[k][i].name);
			json_set_str(it, k == SCOPE_EXCLUSION ? "justification" : "detail", s->items[k][i].detail);
			json_array_append_new(arr, it);
		}
		json_object_set_new(o, keys[k], arr);
	}
	json_set_str(o, "description", s->description);
	return o;
}

void api_scope(struct req *r)
{
	enum approval_state st = APPROVAL_NONE;
	int want = (int)req_int(r, "version", 0);
	struct scope latest, s;
	struct isms_err err;
	enum isms_rc rc;
	json_t *o;

	rc = scope_get(r->ctx, &r->arena, r->isms.id, 0, &latest, &err);
	if ((rc && rc != ISMS_ENOTFOUND) || (rc == ISMS_ENOTFOUND && want)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	if (rc == ISMS_ENOTFOUND) {
		/* No scope yet is an answer, not an error: the step is not started. */
		json_set_bool(o, "exists", 0);
		json_set_int(o, "latest", 0);
		json_set_str(o, "approval", versioned_state_code(APPROVAL_NONE));
		json_object_set_new(o, "scope", json_null());
		web_json(r, 200, o);
		return;
	}
	s = latest;
	if ((want && want != latest.version && scope_get(r->ctx, &r->arena, r->isms.id, want, &s, &err)) ||
	    scope_approval_state(r->ctx, r->isms.id, &st, &err)) {
		json_decref(o);
		web_fail(r, &err);
		return;
	}
	json_set_bool(o, "exists", 1);
	json_set_int(o, "latest", latest.version);
	json_set_str(o, "approval", versioned_state_code(st));
	json_object_set_new(o, "scope", scope_json(&s));
	web_json(r, 200, o);
}

void api_scope_save(struct req *r)
{
	struct isms_err err;
	struct scope s;
	bool unchanged;
	int version;
	json_t *o;

	if (scope_from_request(r, &s, &err) ||
	    scope_save(r->ctx, r->isms.id, &s, &version, &unchanged, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	json_set_int(o, "version", version);
	json_set_bool(o, "unchanged", unchanged);
	web_json(r, 200, o);
}

json_t *versions_json(const struct version_info *v, size_t n)
{
	json_t *o = json_object(), *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *j = json_object();

		json_set_int(j, "version", v[i].version);
		json_set_str(j, "created_at", v[i].created_at);
		json_set_str(j, "created_by", v[i].created_by);
		json_set_str(j, "approved_by", v[i].approved_by);
		json_set_str(j, "approved_at", v[i].approved_at);
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "versions", a);
	return o;
}

void api_scope_versions(struct req *r)
{
	struct version_info *v;
	struct isms_err err;
	size_t n;

	if (scope_history(r->ctx, &r->arena, r->isms.id, &v, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	web_json(r, 200, versions_json(v, n));
}

json_t *decision_json(int number, enum approval_decision d, enum approval_state st)
{
	json_t *o = json_object();

	json_set_int(o, "version", number);
	json_set_str(o, "decision", d == APPROVAL_APPROVED ? "approved" : "rejected");
	json_set_str(o, "approval", versioned_state_code(st));
	return o;
}

void api_scope_approve(struct req *r)
{
	enum approval_decision d = step_decision(r);
	enum approval_state st = APPROVAL_NONE;
	struct isms_err err;
	int version;

	if (scope_approve(r->ctx, r->isms.id, d, req_str(r, "comment"), &version, &err) ||
	    scope_approval_state(r->ctx, r->isms.id, &st, &err)) {
		web_fail(r, &err);
		return;
	}
	web_json(r, 200, decision_json(version, d, st));
}
