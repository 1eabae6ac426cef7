/*
 * json.h - writing JSON through jansson.
 *
 * All JSON that isms emits is built as jansson values and dumped here, so
 * strings are always escaped and the output is valid UTF-8. The helpers
 * keep NULL strings as JSON null.
 */
#ifndef ISMS_JSON_H
#define ISMS_JSON_H

#include <jansson.h>

#include "isms/err.h"
#include "isms/sbuf.h"

/* Append `v` to `sb`, indented when `pretty`. Does not take `v`. */
void json_write(struct sbuf *sb, const json_t *v, int pretty);

/* A JSON string, or null for NULL. */
json_t *json_str_or_null(const char *s);

/* Set `key` of `obj` to a string (null for NULL), integer or boolean. */
void json_set_str(json_t *obj, const char *key, const char *s);
void json_set_int(json_t *obj, const char *key, long long v);
void json_set_bool(json_t *obj, const char *key, int v);

/* An error report as JSON: {"error":{"code":…,"message":…,…}}. */
json_t *json_from_err(const struct isms_err *err);

#endif
