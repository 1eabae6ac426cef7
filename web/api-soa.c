/* api-soa.c - the JSON API of step 10: Statements of Applicability, generating, comparing and approving them. */
#include <stdio.h>
#include <string.h>

#include "isms/json.h"
#include "isms/soa.h"
#include "web.h"

static json_t *split_codes(const char *s, const char *sep)
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

static json_t *info_json(const struct soa_info *s)
{
	json_t *o = json_object();

	json_set_int(o, "number", s->number);
	json_set_int(o, "edition", s->edition);
	json_set_str(o, "created_at", s->created_at);
	json_set_str(o, "created_by", s->created_by);
	json_set_int(o, "controls", (long long)s->controls);
	json_set_int(o, "applicable", (long long)s->applicable);
	json_set_int(o, "excluded", (long long)s->excluded);
	json_set_str(o, "approval", versioned_state_code(s->approval));
	json_set_str(o, "approved_by", s->approved_by);
	json_set_str(o, "approved_at", s->approved_at);
	return o;
}

static json_t *soa_json(const struct soa *s)
{
	json_t *o = json_object(), *rows = json_array();

	json_set_int(o, "number", s->number);
	json_set_int(o, "edition", s->edition);
	json_set_str(o, "organisation", s->organisation);
	json_set_str(o, "created_at", s->created_at);
	json_set_str(o, "created_by", s->created_by);
	json_set_str(o, "content_hash", s->content_hash);
	json_set_str(o, "approval", versioned_state_code(s->approval));
	json_set_str(o, "approved_by", s->approval != APPROVAL_NONE ? s->approved_by : NULL);
	json_set_str(o, "approved_at", s->approval != APPROVAL_NONE ? s->approved_at : NULL);
	json_set_str(o, "approval_comment", s->approval != APPROVAL_NONE ? s->approval_comment : NULL);
	for (size_t i = 0; i < s->nrows; i++) {
		const struct soa_row *r = &s->rows[i];
		json_t *j = json_object();

		json_set_str(j, "control", r->control_id);
		json_set_bool(j, "additional", r->additional);
		json_set_str(j, "section", r->section_id);
		json_set_str(j, "title_en", r->title_en);
		json_set_str(j, "title_ja", r->title_ja);
		json_set_bool(j, "applicable", r->applicable);
		json_object_set_new(j, "reasons", split_codes(r->reasons, ","));
		json_set_str(j, "justification", r->justification);
		json_set_str(j, "status", r->status);
		json_set_str(j, "owner", r->owner);
		json_set_str(j, "impl_ref", r->impl_ref);
		json_object_set_new(j, "risks", split_codes(r->risks, ", "));
		json_array_append_new(rows, j);
	}
	json_object_set_new(o, "rows", rows);
	return o;
}

void api_soa_list(struct req *r)
{
	struct soa_info *list;
	struct isms_err err;
	json_t *o, *a;
	size_t n;

	if (soa_list(r->ctx, &r->arena, r->isms.id, &list, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, info_json(&list[i]));
	json_object_set_new(o, "snapshots", a);
	web_json(r, 200, o);
}

static void send_soa(struct req *r, int number)
{
	struct isms_err err;
	struct soa s;

	if (soa_get(r->ctx, &r->arena, r->isms.id, number, &s, &err)) {
		web_fail(r, &err);
		return;
	}
	web_json(r, 200, soa_json(&s));
}

void api_soa(struct req *r)
{
	int number;

	if (web_soa_number(r, &number))
		send_soa(r, number);
}

void api_soa_generate(struct req *r)
{
	struct isms_err err;
	int number;

	if (soa_generate(r->ctx, r->isms.id, &number, &err)) {
		web_fail(r, &err);
		return;
	}
	send_soa(r, number);
}

void api_soa_approve(struct req *r)
{
	struct isms_err err;
	int number;

	if (!web_soa_number(r, &number))
		return;
	if (soa_approve(r->ctx, r->isms.id, number, step_decision(r), req_str(r, "comment"), &number, &err)) {
		web_fail(r, &err);
		return;
	}
	send_soa(r, number);
}

void api_soa_diff(struct req *r)
{
	static const char *const kinds[] = { "added", "removed", "changed" };
	struct soa_change *ch = NULL;
	struct isms_err err;
	bool failed;
	int from, to;
	size_t n = 0;
	json_t *o, *a;

	if (!soa_diff_pair(r, &from, &to, &err, &failed)) {
		if (failed) {
			web_fail(r, &err);
			return;
		}
		/* Fewer than two snapshots: nothing to compare yet. */
		from = to = 0;
	} else if (soa_diff(r->ctx, &r->arena, r->isms.id, from, to, &ch, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	json_object_set_new(o, "from", from ? json_integer(from) : json_null());
	json_object_set_new(o, "to", to ? json_integer(to) : json_null());
	a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *j = json_object();

		json_set_str(j, "control", ch[i].control_id);
		json_set_str(j, "change", kinds[ch[i].kind]);
		json_set_str(j, "field", ch[i].field);
		json_set_str(j, "before", ch[i].before);
		json_set_str(j, "after", ch[i].after);
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "changes", a);
	web_json(r, 200, o);
}
