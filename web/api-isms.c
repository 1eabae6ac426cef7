/* api-isms.c - the JSON API of the ISMS: the list, creating one, one ISMS and its progress. */
#include <stdio.h>

#include "isms/json.h"
#include "isms/status.h"
#include "web.h"

json_t *isms_to_json(const struct isms_info *i, enum isms_role role)
{
	json_t *o = json_object();

	json_set_int(o, "id", i->id);
	json_set_str(o, "name", i->name);
	json_set_str(o, "org", i->org);
	json_set_int(o, "edition", i->edition);
	json_set_str(o, "lang", i18n_code(i->lang));
	json_set_str(o, "created_at", i->created_at);
	json_set_str(o, "role", user_role_code(role));
	return o;
}

void api_isms_list(struct req *r)
{
	struct account_isms *list;
	struct isms_err err;
	json_t *o, *a;
	size_t n;

	if (account_isms_list(r->ctx, &r->arena, r->user, &list, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, isms_to_json(&list[i].isms, list[i].role));
	json_object_set_new(o, "isms", a);
	web_json(r, 200, o);
}

void api_isms_create(struct req *r)
{
	struct isms_new in = { 0 };
	struct isms_info info;
	enum isms_role role;
	struct isms_err err;
	int64_t id;

	in.org = req_str(r, "org");
	in.name = req_str(r, "name");
	in.edition = (int)req_int(r, "edition", 0);
	i18n_parse_lang(req_str(r, "lang"), &in.lang);
	if (isms_create(r->ctx, &in, &id, &err) ||
	    account_isms(r->ctx, &r->arena, r->user, id, &info, &role, &err)) {
		web_fail(r, &err);
		return;
	}
	web_json(r, 200, isms_to_json(&info, role));
}

void api_isms_get(struct req *r)
{
	web_json(r, 200, isms_to_json(&r->isms, r->role));
}

void api_status(struct req *r)
{
	struct isms_status st;
	struct isms_err err;

	if (status_compute(r->ctx, &r->arena, &r->isms, &st, &err)) {
		web_fail(r, &err);
		return;
	}
	web_json(r, 200, status_json(&st, true));
}
