/* api-selection.c - the JSON API of step 7: the controls and their selection, bulk changes, additional controls. */
#include <stdio.h>
#include <string.h>

#include "isms/catalog.h"
#include "isms/json.h"
#include "isms/selection.h"
#include "web.h"

/* "A, B" as ["A", "B"]. */
static json_t *split_list(const char *s, const char *sep)
{
	json_t *a = json_array();
	size_t seplen = strlen(sep);

	while (s && *s) {
		const char *e = strstr(s, sep);
		size_t len = e ? (size_t)(e - s) : strlen(s);

		if (len)
			json_array_append_new(a, json_stringn(s, len));
		s = e ? e + seplen : NULL;
	}
	return a;
}

static json_t *control_json(struct req *r, const struct catalog *cat, const struct control_sel *c)
{
	const struct catalog_item *g = control_group(cat, c);
	json_t *o = json_object();

	json_set_str(o, "control", c->control_id);
	json_set_bool(o, "additional", c->additional);
	json_set_str(o, "group", g ? g->id : "additional");
	json_set_str(o, "section", c->section_id);
	json_set_str(o, "title", c->title);
	json_set_str(o, "title_en", c->title_en);
	json_set_str(o, "title_ja", c->title_ja);
	json_set_str(o, "decision", sel_decision_code(c->decision));
	json_object_set_new(o, "reasons", split_list(sel_reasons_text(&r->arena, c->reasons, false), ", "));
	json_set_str(o, "justification", c->justification);
	json_set_str(o, "status", sel_status_code(c->status));
	json_set_str(o, "owner", c->owner);
	json_set_str(o, "impl_ref", c->impl_ref);
	json_object_set_new(o, "risks", split_list(c->risks, ", "));
	json_set_str(o, "review", c->review);
	json_set_str(o, "updated_at", c->updated_at);
	json_set_str(o, "updated_by", c->updated_by);
	return o;
}

void api_controls(struct req *r)
{
	const struct catalog *cat = catalog_builtin(r->isms.edition);
	struct control_sel *rows;
	struct isms_err err;
	long counts[3] = { 0 };
	json_t *o, *a, *c;
	size_t n;

	if (selection_list(r->ctx, &r->arena, r->isms.id, &rows, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	a = json_array();
	for (size_t i = 0; i < n; i++) {
		counts[rows[i].decision]++;
		json_array_append_new(a, control_json(r, cat, &rows[i]));
	}
	json_set_int(o, "edition", r->isms.edition);
	c = json_object();
	json_set_int(c, "controls", (long long)n);
	json_set_int(c, "applicable", counts[SEL_APPLICABLE]);
	json_set_int(c, "excluded", counts[SEL_EXCLUDED]);
	json_set_int(c, "undecided", counts[SEL_UNDECIDED]);
	json_object_set_new(o, "counts", c);
	json_object_set_new(o, "controls", a);
	web_json(r, 200, o);
}

/* Answer with control `id` as it is now. */
static void send_control(struct req *r, const char *id)
{
	struct control_sel *c;
	struct isms_err err;

	if (control_find(r, id, NULL, NULL, &c, &err)) {
		web_fail(r, &err);
		return;
	}
	web_json(r, 200, control_json(r, catalog_builtin(r->isms.edition), c));
}

void api_control(struct req *r)
{
	send_control(r, req_param(r, "control"));
}

void api_control_save(struct req *r)
{
	struct control_sel *c;
	struct isms_err err;

	if (control_find(r, req_param(r, "control"), NULL, NULL, &c, &err) ||
	    control_update(r, c, false, &err)) {
		web_fail(r, &err);
		return;
	}
	send_control(r, c->control_id);
}

void api_controls_bulk(struct req *r)
{
	const struct catalog *cat = catalog_builtin(r->isms.edition);
	struct control_sel *rows;
	struct isms_err err;
	const char **ids;
	json_t *o, *a;
	size_t n, nrows;

	ids = control_ids(r, &n);
	if (!n) {
		isms_err_set(&err, ISMS_EINVAL, _("no control is selected"));
		isms_err_field(&err, "control");
		web_fail(r, &err);
		return;
	}
	if (controls_bulk(r, ids, n, &err) ||
	    selection_list(r->ctx, &r->arena, r->isms.id, &rows, &nrows, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	a = json_array();
	for (size_t i = 0; i < nrows; i++) {
		for (size_t k = 0; k < n; k++) {
			if (!strcasecmp(rows[i].control_id, ids[k])) {
				json_array_append_new(a, control_json(r, cat, &rows[i]));
				break;
			}
		}
	}
	json_set_int(o, "updated", (long long)json_array_size(a));
	json_object_set_new(o, "controls", a);
	web_json(r, 200, o);
}

void api_control_add(struct req *r)
{
	struct sel_update u = SEL_UPDATE_INIT;
	const char *id = req_str(r, "control"), *s = req_str(r, "status");
	enum sel_status status;
	struct isms_err err;

	if (req_bool(r, "reason_legal"))
		u.reasons_add |= SEL_REASON_LEGAL;
	if (req_bool(r, "reason_contract"))
		u.reasons_add |= SEL_REASON_CONTRACT;
	if (req_bool(r, "reason_business"))
		u.reasons_add |= SEL_REASON_BUSINESS;
	if (s && sel_status_parse(s, &status))
		u.status = (int)status;
	u.owner = req_str(r, "owner");
	u.impl_ref = req_str(r, "impl_ref");
	u.title = req_str(r, "title");
	if (selection_select(r->ctx, r->isms.id, &id, 1, true, &u, &err)) {
		web_fail(r, &err);
		return;
	}
	send_control(r, id);
}

void api_control_remove(struct req *r)
{
	const char *id = req_param(r, "control");
	struct isms_err err;
	json_t *o;

	if (selection_remove(r->ctx, r->isms.id, &id, 1, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	json_set_bool(o, "ok", 1);
	web_json(r, 200, o);
}
