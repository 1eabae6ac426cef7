/* api-risk.c - the JSON API of the risk register, risk treatment, the library's suggestions and the approver's queue of residual risks. */
#include <stdio.h>
#include <string.h>

#include "isms/json.h"
#include "isms/risk.h"
#include "isms/versioned.h"
#include "web.h"

static void set_level(json_t *o, const char *key, int v)
{
	if (v)
		json_set_int(o, key, v);
	else
		json_object_set_new(o, key, json_null());
}

json_t *risk_to_json(const struct risk *k)
{
	json_t *o = json_object(), *ctl = json_array(), *ext = json_array();
	char props[4];

	score_props_format(k->props, props);
	json_set_str(o, "code", k->code);
	json_set_str(o, "asset", k->asset_code);
	json_set_str(o, "asset_name", k->asset_code ? k->asset_name : NULL);
	json_set_str(o, "group", k->group);
	json_set_str(o, "threat", k->threat);
	json_set_str(o, "threat_name", k->threat_name);
	json_set_str(o, "vulnerability", k->vuln);
	json_set_str(o, "vulnerability_name", k->vuln_name);
	json_set_str(o, "props", props);
	set_level(o, "threat_level", k->threat_level);
	set_level(o, "vuln_level", k->vuln_level);
	set_level(o, "likelihood", k->likelihood);
	set_level(o, "impact", k->impact);
	json_set_str(o, "owner", k->owner);
	json_set_str(o, "description", k->description);
	set_level(o, "value", k->value);
	set_level(o, "level", k->level);
	json_set_str(o, "evaluation", score_decision_code(k->evaluation));
	json_set_bool(o, "stale", k->stale);
	json_set_str(o, "treatment", k->treatment ? risk_treatment_code(k->treatment) : NULL);
	for (size_t i = 0; i < k->ncontrols; i++)
		json_array_append_new(ctl, json_string(k->controls[i]));
	for (size_t i = 0; i < k->nextras; i++)
		json_array_append_new(ext, json_string(k->extras[i]));
	json_object_set_new(o, "controls", ctl);
	json_object_set_new(o, "extra_controls", ext);
	json_set_str(o, "plan_owner", k->plan_owner);
	json_set_str(o, "plan_due", *k->plan_due ? k->plan_due : NULL);
	json_set_str(o, "plan_status", k->plan_status ? risk_plan_status_code(k->plan_status) : NULL);
	json_set_str(o, "plan_note", k->plan_note);
	set_level(o, "residual_threat", k->res_threat);
	set_level(o, "residual_vuln", k->res_vuln);
	set_level(o, "residual_likelihood", k->res_likelihood);
	set_level(o, "residual_impact", k->res_impact);
	set_level(o, "residual_value", k->treatment ? k->residual_value : 0);
	set_level(o, "residual_level", k->treatment ? k->residual_level : 0);
	json_set_str(o, "residual_evaluation", k->treatment ? score_decision_code(k->residual_evaluation) : NULL);
	json_set_bool(o, "needs_approval", risk_needs_approval(k));
	json_set_str(o, "created_at", k->created_at);
	json_set_str(o, "updated_at", k->updated_at);
	return o;
}

void api_risks(struct req *r)
{
	struct risk_filter f = RISK_FILTER_INIT;
	struct risk *rows;
	struct isms_err err;
	size_t n, total;
	json_t *o, *a;

	web_risk_filter(r, &f);
	f.with_controls = true;
	if (risk_list(r->ctx, &r->arena, r->isms.id, &f, &rows, &n, &total, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, risk_to_json(&rows[i]));
	json_object_set_new(o, "risks", a);
	json_set_int(o, "total", (long long)total);
	json_set_int(o, "offset", (long long)f.offset);
	json_set_int(o, "limit", (long long)f.limit);
	web_json(r, 200, o);
}

/* One risk with its explanation and the state of its approval. */
static void send_risk(struct req *r, const char *code)
{
	struct score_result ex, rex;
	struct approval latest;
	enum approval_state st;
	struct isms_err err;
	struct risk k;
	bool found = false;
	json_t *o, *ap;

	if (risk_get(r->ctx, &r->arena, r->isms.id, code, &k, &err) ||
	    risk_explain(r->ctx, r->isms.id, &k, &ex, &rex, &err) ||
	    risk_approval_state(r->ctx, &r->arena, r->isms.id, &k, &st, &latest, &found, &err)) {
		web_fail(r, &err);
		return;
	}
	o = risk_to_json(&k);
	json_set_str(o, "not_evaluated_because",
		     k.evaluation == SCORE_UNEVALUATED && ex.missing ? score_missing_label(ex.missing) : NULL);
	ap = json_object();
	json_set_str(ap, "state", versioned_state_code(st));
	if (found) {
		json_set_str(ap, "decision", latest.decision == APPROVAL_APPROVED ? "approved" : "rejected");
		json_set_str(ap, "by", latest.approver);
		json_set_str(ap, "at", latest.at);
		json_set_str(ap, "comment", latest.comment);
	}
	json_object_set_new(o, "approval", ap);
	web_json(r, 200, o);
}

void api_risk(struct req *r)
{
	send_risk(r, req_param(r, "risk"));
}

void api_risk_add(struct req *r)
{
	char code[RISK_CODE_MAX + 1];
	struct risk_new n;
	struct isms_err err;

	if (!web_risk_new_from(r, &n, false, &err) || risk_add(r->ctx, r->isms.id, &n, code, &err)) {
		web_fail(r, &err);
		return;
	}
	send_risk(r, code);
}

void api_risk_edit(struct req *r)
{
	struct risk_edit e = RISK_EDIT_INIT;
	struct isms_err err;
	struct risk k;

	if (!web_risk_may_change(r, &k))
		return;
	if (!web_risk_edit_from(r, &e, false, &err) || risk_edit(r->ctx, r->isms.id, k.code, &e, &err)) {
		web_fail(r, &err);
		return;
	}
	send_risk(r, k.code);
}

void api_risk_delete(struct req *r)
{
	struct isms_err err;
	struct risk k;
	json_t *o;

	if (!web_risk_may_change(r, &k))
		return;
	if (risk_rm(r->ctx, r->isms.id, k.code, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	json_set_bool(o, "ok", 1);
	web_json(r, 200, o);
}

void api_risk_treat(struct req *r)
{
	struct risk_treat t = RISK_TREAT_INIT;
	struct isms_err err;
	struct risk k;

	if (!web_risk_may_change(r, &k))
		return;
	if (!web_treat_from(r, &k, &t, false, &err) || risk_treat(r->ctx, r->isms.id, k.code, &t, &err)) {
		web_fail(r, &err);
		return;
	}
	send_risk(r, k.code);
}

void api_risk_untreat(struct req *r)
{
	struct isms_err err;
	struct risk k;

	if (!web_risk_may_change(r, &k))
		return;
	if (risk_untreat(r->ctx, r->isms.id, k.code, &err)) {
		web_fail(r, &err);
		return;
	}
	send_risk(r, k.code);
}

void api_risk_suggest(struct req *r)
{
	struct risk_suggestion *s;
	struct isms_err err;
	size_t n;
	json_t *o, *a;

	if (!req_str(r, "asset")) {
		s = NULL;
		n = 0;
	} else if (risk_suggest(r->ctx, &r->arena, r->isms.id, req_str(r, "asset"), &s, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *j = json_object();
		char props[4];

		score_props_format(s[i].props, props);
		json_set_str(j, "threat", s[i].threat);
		json_set_str(j, "threat_name", s[i].threat_name);
		json_set_str(j, "vulnerability", s[i].vuln);
		json_set_str(j, "vulnerability_name", s[i].vuln_name);
		json_set_str(j, "props", props);
		json_set_bool(j, "registered", s[i].registered);
		json_array_append_new(a, j);
	}
	json_set_str(o, "asset", req_str(r, "asset"));
	json_object_set_new(o, "suggestions", a);
	web_json(r, 200, o);
}

void api_risk_suggest_add(struct req *r)
{
	const char *const *pairs;
	const char **codes;
	struct isms_err err;
	size_t n, added;
	json_t *o, *a;

	pairs = req_list(r, "pairs", &n);
	if (web_suggest_add(r, req_str(r, "asset"), pairs, n, &codes, &added, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	a = json_array();
	for (size_t i = 0; i < added; i++)
		json_array_append_new(a, json_string(codes[i]));
	json_object_set_new(o, "added", a);
	web_json(r, 200, o);
}

/* --- the approver's queue ------------------------------------------------------------------------- */

void api_approvals(struct req *r)
{
	struct web_queue q;
	struct isms_err err;
	json_t *o, *a;

	if (web_queue_load(r, &q, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	a = json_array();
	for (size_t i = 0; i < q.n; i++) {
		json_t *j = risk_to_json(&q.risks[i]);

		json_set_str(j, "approval", versioned_state_code(q.states[i]));
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "queue", a);
	json_set_int(o, "awaiting", (long long)q.awaiting);
	json_set_int(o, "stale", (long long)q.stale);
	json_set_int(o, "approved", (long long)q.approved);
	json_set_int(o, "rejected", (long long)q.rejected);
	json_set_bool(o, "can_decide", q.can_decide);
	web_json(r, 200, o);
}

void api_approval_decide(struct req *r)
{
	struct isms_err err;

	if (web_decide(r, &err)) {
		web_fail(r, &err);
		return;
	}
	send_risk(r, req_param(r, "risk"));
}
