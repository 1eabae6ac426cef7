/* api-authorisation.c - the JSON API of step 9: the authorisation of the ISMS. */
#include <stdio.h>
#include <string.h>

#include "isms/authorisation.h"
#include "isms/json.h"
#include "web.h"

static json_t *basis_json(const struct authorisation_basis *b)
{
	json_t *o = json_object();

	json_set_int(o, "scope_version", b->scope_version);
	json_set_int(o, "policy_version", b->policy_version);
	json_set_str(o, "risk_fingerprint", b->risk_hash);
	return o;
}

static void send_authorisation(struct req *r)
{
	struct authorisation au;
	struct authorisation_basis now;
	struct approval *hist;
	struct isms_err err, why;
	enum isms_rc basis_rc;
	json_t *o, *a, *changed;
	size_t n;

	if (authorisation_get(r->ctx, &r->arena, r->isms.id, &au, &err) ||
	    approval_list(r->ctx, &r->arena, r->isms.id, "authorisation", &hist, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	basis_rc = authorisation_basis(r->ctx, r->isms.id, &now, &why);
	if (basis_rc && basis_rc != ISMS_ESTATE) {
		web_fail(r, &why);
		return;
	}
	o = json_object();
	json_set_str(o, "state", versioned_state_code(au.state));
	json_set_str(o, "by", au.state != APPROVAL_NONE ? au.latest.approver : NULL);
	json_set_str(o, "at", au.state != APPROVAL_NONE ? au.latest.at : NULL);
	json_set_str(o, "comment", au.state != APPROVAL_NONE ? au.latest.comment : NULL);
	json_object_set_new(o, "covers", au.state != APPROVAL_NONE ? basis_json(&au.was) : json_null());
	changed = json_object();
	json_set_bool(changed, "scope", au.scope_changed);
	json_set_bool(changed, "policy", au.policy_changed);
	json_set_bool(changed, "risks", au.risks_changed);
	json_object_set_new(o, "changed", changed);
	json_object_set_new(o, "now", basis_rc ? json_null() : basis_json(&now));
	json_set_str(o, "not_ready", basis_rc ? why.msg : NULL);
	a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *j = json_object();

		json_set_str(j, "at", hist[i].at);
		json_set_str(j, "by", hist[i].approver);
		json_set_str(j, "decision", hist[i].decision == APPROVAL_APPROVED ? "approved" : "rejected");
		json_set_str(j, "comment", hist[i].comment);
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "history", a);
	web_json(r, 200, o);
}

void api_authorisation(struct req *r)
{
	send_authorisation(r);
}

void api_authorisation_decide(struct req *r)
{
	struct isms_err err;

	if (authorisation_record(r->ctx, r->isms.id, step_decision(r), req_str(r, "comment"), &err)) {
		web_fail(r, &err);
		return;
	}
	send_authorisation(r);
}
