/* api-policy.c - the JSON API of step 2: the policy, its versions, a preview of its Markdown, its approval. */
#include <stdio.h>
#include <string.h>

#include "isms/json.h"
#include "isms/mdhtml.h"
#include "isms/policy.h"
#include "web.h"

static json_t *html_of(const char *body)
{
	struct sbuf html = SBUF_INIT;
	json_t *s;

	markdown_html(body, strlen(body), 1, &html);
	s = json_stringn(html.buf, html.len);
	sbuf_release(&html);
	return s;
}

void api_policy(struct req *r)
{
	enum approval_state st = APPROVAL_NONE;
	int want = (int)req_int(r, "version", 0);
	struct policy latest, p;
	struct isms_err err;
	enum isms_rc rc;
	json_t *o, *j;

	rc = policy_get(r->ctx, &r->arena, r->isms.id, 0, &latest, &err);
	if ((rc && rc != ISMS_ENOTFOUND) || (rc == ISMS_ENOTFOUND && want)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	if (rc == ISMS_ENOTFOUND) {
		json_set_bool(o, "exists", 0);
		json_set_int(o, "latest", 0);
		json_set_str(o, "approval", versioned_state_code(APPROVAL_NONE));
		json_object_set_new(o, "policy", json_null());
		web_json(r, 200, o);
		return;
	}
	p = latest;
	if ((want && want != latest.version && policy_get(r->ctx, &r->arena, r->isms.id, want, &p, &err)) ||
	    policy_approval_state(r->ctx, r->isms.id, &st, &err)) {
		json_decref(o);
		web_fail(r, &err);
		return;
	}
	json_set_bool(o, "exists", 1);
	json_set_int(o, "latest", latest.version);
	json_set_str(o, "approval", versioned_state_code(st));
	j = json_object();
	json_set_int(j, "version", p.version);
	json_set_str(j, "created_at", p.created_at);
	json_set_str(j, "created_by", p.created_by);
	json_set_str(j, "body", p.body);
	json_object_set_new(j, "html", html_of(p.body));
	json_object_set_new(o, "policy", j);
	web_json(r, 200, o);
}

void api_policy_save(struct req *r)
{
	struct isms_err err;
	bool unchanged;
	int version;
	json_t *o;

	if (policy_save(r->ctx, r->isms.id, req_str(r, "body"), &version, &unchanged, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	json_set_int(o, "version", version);
	json_set_bool(o, "unchanged", unchanged);
	web_json(r, 200, o);
}

void api_policy_versions(struct req *r)
{
	struct version_info *v;
	struct isms_err err;
	size_t n;

	if (policy_history(r->ctx, &r->arena, r->isms.id, &v, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	web_json(r, 200, versions_json(v, n));
}

void api_policy_preview(struct req *r)
{
	const char *body = req_str(r, "body");
	struct isms_err err;
	json_t *o;

	if (policy_check(body, strlen(body), &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	json_object_set_new(o, "html", html_of(body));
	web_json(r, 200, o);
}

void api_policy_approve(struct req *r)
{
	enum approval_decision d = step_decision(r);
	enum approval_state st = APPROVAL_NONE;
	struct isms_err err;
	int version;

	if (policy_approve(r->ctx, r->isms.id, d, req_str(r, "comment"), &version, &err) ||
	    policy_approval_state(r->ctx, r->isms.id, &st, &err)) {
		web_fail(r, &err);
		return;
	}
	web_json(r, 200, decision_json(version, d, st));
}
