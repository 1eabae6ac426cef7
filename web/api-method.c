/* api-method.c - the JSON API of the risk assessment method: the method in force, setting it (a preset or the whole method), and its approval. */
#include <stdio.h>
#include <string.h>

#include "isms/json.h"
#include "isms/method.h"
#include "isms/versioned.h"
#include "web.h"

/* The method in force, with its version and approval; `ch` adds what a
 * change did. */
static void send_method(struct req *r, const struct method_change *ch)
{
	struct score_method m;
	struct version_info v;
	enum approval_state st = APPROVAL_NONE;
	struct isms_err err;
	struct sbuf sb = SBUF_INIT;
	json_error_t jerr;
	json_t *o;

	if (method_current(r->ctx, &r->arena, r->isms.id, &m, &v, &err) ||
	    method_approval_state(r->ctx, r->isms.id, &st, &err)) {
		web_fail(r, &err);
		return;
	}
	score_method_to_json(&m, false, &sb);
	score_method_release(&m);
	o = json_object();
	json_set_int(o, "version", v.version);
	json_set_bool(o, "set", v.version > 0);
	json_set_str(o, "set_at", v.version ? v.created_at : NULL);
	json_set_str(o, "set_by", v.version ? v.created_by : NULL);
	json_set_str(o, "approval", versioned_state_code(st));
	json_object_set_new(o, "method", json_loads(sb.buf, 0, &jerr));
	sbuf_release(&sb);
	if (ch) {
		json_set_bool(o, "unchanged", ch->unchanged);
		json_set_int(o, "reevaluated", (long long)ch->reevaluated);
		json_set_int(o, "unevaluated", (long long)ch->unevaluated);
	}
	web_json(r, 200, o);
}

void api_method(struct req *r)
{
	send_method(r, NULL);
}

void api_method_set(struct req *r)
{
	const char *preset = req_str(r, "preset"), *text = req_str(r, "method");
	struct method_change ch;
	struct score_method m;
	struct isms_err err;

	if (!!preset == !!text) {
		isms_err_set(&err, ISMS_EINVAL, _("give a preset or a method, not both"));
		isms_err_hint(&err, _("Send {\"preset\": \"iso27005-5x5\"}, or {\"method\": {…}} in the format of GET."));
		isms_err_field(&err, preset ? "method" : "preset");
		web_fail(r, &err);
		return;
	}
	if (preset) {
		if (!score_preset(preset, &m)) {
			isms_err_set(&err, ISMS_EINVAL, _("unknown preset \"%s\""), preset);
			isms_err_field(&err, "preset");
			web_fail(r, &err);
			return;
		}
	} else if (score_method_from_json(text, strlen(text), &m, &err)) {
		web_fail(r, &err);
		return;
	}
	if (method_set(r->ctx, r->isms.id, &m, &ch, &err)) {
		score_method_release(&m);
		web_fail(r, &err);
		return;
	}
	score_method_release(&m);
	send_method(r, &ch);
}

void api_method_approval(struct req *r)
{
	const char *d = req_str(r, "decision");
	struct isms_err err;

	if (method_approve(r->ctx, r->isms.id, d && !strcmp(d, "reject") ? APPROVAL_REJECTED : APPROVAL_APPROVED,
			   req_str(r, "comment"), &err)) {
		web_fail(r, &err);
		return;
	}
	send_method(r, NULL);
}
