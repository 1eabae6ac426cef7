/* api-library.c - the JSON API of the threat and vulnerability library. */
#include <stdio.h>
#include <string.h>

#include "isms/json.h"
#include "isms/library.h"
#include "isms/scoring.h"
#include "web.h"

static json_t *list_json(const char *list)
{
	json_t *a = json_array();

	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");

		if (len)
			json_array_append_new(a, json_stringn(p, len));
		p += len;
		if (*p)
			p++;
	}
	return a;
}

static json_t *threat_json(const struct lib_threat *t, int edition)
{
	json_t *o = json_object();
	char props[4];

	score_props_format(t->props, props);
	json_set_str(o, "code", t->code);
	json_set_str(o, "name", lib_threat_name(t));
	json_set_str(o, "name_en", t->name_en);
	json_set_str(o, "name_ja", t->name_ja);
	json_set_str(o, "category", threat_category_code(t->category));
	json_set_str(o, "props", props);
	json_object_set_new(o, "asset_types", list_json(t->asset_types));
	json_object_set_new(o, "controls", list_json(lib_threat_controls(t, edition)));
	json_set_str(o, "description", lib_threat_desc(t));
	json_set_bool(o, "own", t->own);
	return o;
}

static json_t *vuln_json(const struct lib_vuln *v, int edition)
{
	json_t *o = json_object();

	json_set_str(o, "code", v->code);
	json_set_str(o, "name", lib_vuln_name(v));
	json_set_str(o, "name_en", v->name_en);
	json_set_str(o, "name_ja", v->name_ja);
	json_object_set_new(o, "asset_types", list_json(v->asset_types));
	json_object_set_new(o, "threats", list_json(v->threats));
	json_object_set_new(o, "controls", list_json(lib_vuln_controls(v, edition)));
	json_set_str(o, "description", lib_vuln_desc(v));
	json_set_bool(o, "own", v->own);
	return o;
}

void api_library(struct req *r)
{
	const char **words;
	struct library lib;
	struct isms_err err;
	size_t nwords;
	json_t *o, *ts, *vs;

	if (library_load(r->ctx, &r->arena, r->isms.id, &lib, &err)) {
		web_fail(r, &err);
		return;
	}
	nwords = web_search_words(&r->arena, req_str(r, "q"), &words);
	o = json_object();
	ts = json_array();
	vs = json_array();
	for (size_t i = 0; i < lib.nthreats; i++)
		if (!nwords || web_threat_matches(lib.threats[i], words, nwords))
			json_array_append_new(ts, threat_json(lib.threats[i], r->isms.edition));
	for (size_t i = 0; i < lib.nvulns; i++)
		if (!nwords || web_vuln_matches(lib.vulns[i], words, nwords))
			json_array_append_new(vs, vuln_json(lib.vulns[i], r->isms.edition));
	json_object_set_new(o, "threats", ts);
	json_object_set_new(o, "vulnerabilities", vs);
	web_json(r, 200, o);
}

/* Answer with the entry `code` as the library has it now. */
static void send_entry(struct req *r, const char *code, bool threat)
{
	struct library lib;
	struct isms_err err;

	if (library_load(r->ctx, &r->arena, r->isms.id, &lib, &err)) {
		web_fail(r, &err);
		return;
	}
	if (threat) {
		const struct lib_threat *t = library_find_threat(&lib, code);

		if (t) {
			web_json(r, 200, threat_json(t, r->isms.edition));
			return;
		}
	} else {
		const struct lib_vuln *v = library_find_vuln(&lib, code);

		if (v) {
			web_json(r, 200, vuln_json(v, r->isms.edition));
			return;
		}
	}
	isms_err_set(&err, ISMS_EINTERNAL, "entry %s not found after it was saved", code);
	web_fail(r, &err);
}

void api_threat_add(struct req *r)
{
	char code[LIB_CODE_MAX + 1];
	struct lib_threat t;
	struct isms_err err;

	web_threat_from(r, &t);
	if (threat_add(r->ctx, r->isms.id, &t, code, &err)) {
		web_fail(r, &err);
		return;
	}
	send_entry(r, code, true);
}

void api_vuln_add(struct req *r)
{
	char code[LIB_CODE_MAX + 1];
	struct lib_vuln v;
	struct isms_err err;

	web_vuln_from(r, &v);
	if (vuln_add(r->ctx, r->isms.id, &v, code, &err)) {
		web_fail(r, &err);
		return;
	}
	send_entry(r, code, false);
}

/* The code of the entry `s` (a code or an exact name) names, so that the
 * answer finds it after its names change; `s` itself when there is none
 * (the library then says so). */
static const char *code_of(struct req *r, const char *s, bool threat)
{
	struct library lib;
	struct isms_err err;

	if (library_load(r->ctx, &r->arena, r->isms.id, &lib, &err))
		return s;
	if (threat) {
		const struct lib_threat *t = library_find_threat(&lib, s);

		return t ? t->code : s;
	} else {
		const struct lib_vuln *v = library_find_vuln(&lib, s);

		return v ? v->code : s;
	}
}

static void send_ok(struct req *r)
{
	json_t *o = json_object();

	json_set_bool(o, "ok", 1);
	web_json(r, 200, o);
}

void api_threat_edit(struct req *r)
{
	const char *code = code_of(r, req_param(r, "threat"), true);
	struct threat_edit e;
	struct isms_err err;

	web_threat_edit_from(r, false, &e);
	if (threat_edit(r->ctx, r->isms.id, code, &e, &err)) {
		web_fail(r, &err);
		return;
	}
	send_entry(r, code, true);
}

void api_vuln_edit(struct req *r)
{
	const char *code = code_of(r, req_param(r, "vuln"), false);
	struct vuln_edit e;
	struct isms_err err;

	web_vuln_edit_from(r, false, &e);
	if (vuln_edit(r->ctx, r->isms.id, code, &e, &err)) {
		web_fail(r, &err);
		return;
	}
	send_entry(r, code, false);
}

void api_threat_delete(struct req *r)
{
	struct isms_err err;

	if (threat_rm(r->ctx, r->isms.id, req_param(r, "threat"), &err)) {
		web_fail(r, &err);
		return;
	}
	send_ok(r);
}

void api_vuln_delete(struct req *r)
{
	struct isms_err err;

	if (vuln_rm(r->ctx, r->isms.id, req_param(r, "vuln"), &err)) {
		web_fail(r, &err);
		return;
	}
	send_ok(r);
}
