/* api-docset.c - the JSON API of the documents: which exist, in which formats, and where to download them. */
#include <stdio.h>
#include <string.h>

#include "isms/json.h"
#include "isms/report.h"
#include "web.h"

void api_documents(struct req *r)
{
	json_t *o = json_object(), *a = json_array();

	for (const struct report_def *def = report_defs; def->name; def++) {
		json_t *j = json_object(), *f = json_array();

		json_set_str(j, "report", def->name);
		json_set_str(j, "title", T_(def->title));
		json_set_int(j, "step", docset_step(def->name));
		for (const char *const *fmt = docset_formats(def->name); *fmt; fmt++)
			json_array_append_new(f, json_string(*fmt));
		json_object_set_new(j, "formats", f);
		json_set_str(j, "url", arena_printf(&r->arena, "/isms/%lld/documents/%s?format=FORMAT&lang=LANG",
						    (long long)r->isms.id, def->name));
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "documents", a);
	json_set_str(o, "set_url", arena_printf(&r->arena, "/isms/%lld/documents/all?lang=LANG",
						(long long)r->isms.id));
	web_json(r, 200, o);
}
