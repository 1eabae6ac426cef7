/* api-log.c - the JSON API of the audit log and its verification. */
#include <stdio.h>

#include "isms/json.h"
#include "isms/log.h"
#include "web.h"

#define LOG_DEFAULT_LIMIT 200

void api_log(struct req *r)
{
	struct log_filter f = { 0 };
	struct log_entry *rows;
	struct isms_err err;
	json_t *o, *a;
	size_t n;

	f.isms_id = r->isms.id;
	f.members_only = !r->user->admin;
	f.entity = req_str(r, "entity");
	f.actor = req_str(r, "actor");
	f.since = req_str(r, "since");
	f.until = req_str(r, "until");
	f.limit = (size_t)req_int(r, "limit", LOG_DEFAULT_LIMIT);
	if (log_list(r->ctx, &r->arena, &f, &rows, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct log_entry *e = &rows[i];
		json_t *j = json_object();
		json_t *before = e->before ? json_loads(e->before, 0, NULL) : NULL;
		json_t *after = e->after ? json_loads(e->after, 0, NULL) : NULL;

		json_set_int(j, "id", e->id);
		json_set_str(j, "at", e->at);
		json_set_str(j, "actor", e->actor);
		json_set_str(j, "entity", e->entity);
		json_set_str(j, "entity_id", e->entity_id);
		json_set_str(j, "action", e->action);
		/* Stored as JSON text by the library; shown as values. */
		json_object_set_new(j, "before", before ? before : json_null());
		json_object_set_new(j, "after", after ? after : json_null());
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "entries", a);
	web_json(r, 200, o);
}

void api_log_verify(struct req *r)
{
	struct isms_err err = { 0 };
	int64_t count = 0, bad = 0;
	json_t *o;

	if (log_verify(r->ctx, &count, &bad, &err) && err.code != ISMS_ETAMPER) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	if (err.code == ISMS_ETAMPER) {
		json_t *e = json_from_err(&err);

		json_set_bool(o, "ok", 0);
		json_set_int(o, "bad_entry", bad);
		json_object_set(o, "error", json_object_get(e, "error"));
		json_decref(e);
	} else {
		json_set_bool(o, "ok", 1);
		json_set_int(o, "entries", count);
	}
	web_json(r, 200, o);
}
