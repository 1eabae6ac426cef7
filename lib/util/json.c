/* json.c - dumping jansson values and building error objects. */
#include "isms/json.h"

static int dump_cb(const char *buf, size_t size, void *data)
{
	sbuf_add(data, buf, size);
	return 0;
}

void json_write(struct sbuf *sb, const json_t *v, int pretty)
{
	size_t flags = JSON_ENCODE_ANY | JSON_PRESERVE_ORDER;

	if (pretty)
		flags |= JSON_INDENT(2);
	else
		flags |= JSON_COMPACT;
	json_dump_callback(v, dump_cb, sb, flags);
}

json_t *json_str_or_null(const char *s)
{
	json_t *v = s ? json_string(s) : NULL;

	return v ? v : json_null();
}

void json_set_str(json_t *obj, const char *key, const char *s)
{
	json_object_set_new(obj, key, json_str_or_null(s));
}

void json_set_int(json_t *obj, const char *key, long long v)
{
	json_object_set_new(obj, key, json_integer(v));
}

void json_set_bool(json_t *obj, const char *key, int v)
{
	json_object_set_new(obj, key, json_boolean(v));
}

json_t *json_from_err(const struct isms_err *err)
{
	json_t *e = json_object();
	json_t *o = json_object();

	json_set_str(e, "code", isms_rc_name(err->code));
	json_set_str(e, "message", err->msg);
	if (err->detail[0])
		json_set_str(e, "detail", err->detail);
	if (err->hint[0])
		json_set_str(e, "hint", err->hint);
	if (err->field[0])
		json_set_str(e, "field", err->field);
	if (err->line)
		json_set_int(e, "line", err->line);
	if (err->column)
		json_set_int(e, "column", err->column);
	json_object_set_new(o, "error", e);
	return o;
}
