/* policy.c - step 2: the versioned ISMS policy, its templates and its approval. */
#include <stdio.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/json.h"
#include "isms/policy.h"
#include "isms/resource.h"
#include "isms/utf8.h"
#include "isms/util.h"
#include "isms/xalloc.h"
#include "model.h"
#include "version-store.h"

enum isms_rc policy_check(const char *body, size_t len, struct isms_err *err)
{
	enum isms_rc rc = versioned_check_file(body, len, POLICY_FILE_MAX, err);
	size_t chars;
	bool empty = true;

	if (rc)
		return rc;
	for (size_t i = 0; i < len && empty; i++)
		empty = body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r';
	if (empty) {
		isms_err_set(err, ISMS_EINVAL, _("the policy is empty"));
		isms_err_hint(err, _("\"isms policy template\" prints a template to start from."));
		return ISMS_EINVAL;
	}
	chars = utf8_length(body);
	if (chars > POLICY_MAX) {
		isms_err_set(err, ISMS_ELIMIT, _("the policy is too long"));
		isms_err_detail(err, _("It has %zu characters; the limit is %d."), chars, POLICY_MAX);
		return ISMS_ELIMIT;
	}
	return ISMS_OK;
}

enum isms_rc policy_template(enum isms_lang lang, const char *organisation, const char *date,
			     struct sbuf *out, struct isms_err *err)
{
	const struct resource *r = resource_find(lang == ISMS_LANG_JA ? "templates/policy-ja.md"
								   : "templates/policy-en.md");
	static const struct {
		const char *key;
		size_t len;
	} vars[] = { { "{{organisation}}", 16 }, { "{{date}}", 8 } };
	const char *values[] = { organisation, date };
	const char *p;

	if (!r)
		return isms_err_set(err, ISMS_EINTERNAL, "policy template missing from the build");
	p = (const char *)r->data;
	while (*p) {
		const char *open = strstr(p, "{{");
		size_t i;

		if (!open) {
			sbuf_addstr(out, p);
			break;
		}
		sbuf_add(out, p, (size_t)(open - p));
		for (i = 0; i < 2 && strncmp(open, vars[i].key, vars[i].len); i++)
			;
		if (i < 2) {
			sbuf_addstr(out, values[i] ? values[i] : "");
			p = open + vars[i].len;
		} else {
			sbuf_addstr(out, "{{");
			p = open + 2;
		}
	}
	return ISMS_OK;
}

/* Line breaks are stored as "\n" and the text ends with one. */
static char *normalise(const char *body, size_t len)
{
	struct sbuf sb = SBUF_INIT;

	for (size_t i = utf8_bom_len(body, len); i < len; i++) {
		if (body[i] == '\r' && i + 1 < len && body[i + 1] == '\n')
			continue;
		sbuf_addch(&sb, body[i] == '\r' ? '\n' : body[i]);
	}
	sbuf_rtrim(&sb);
	sbuf_addch(&sb, '\n');
	return sbuf_detach(&sb, NULL);
}

static enum isms_rc insert_version(struct isms_ctx *ctx, int64_t isms_id, int version,
				   const char *hash, const char *now, const void *arg,
				   json_t **ret_after, struct isms_err *err)
{
	const char *text = arg;
	struct stmt *q;
	enum isms_rc rc;

	q = store_query(ctx->st,
			"INSERT INTO policy_version (isms_id, version, body, content_hash, created_at,"
			" created_by) VALUES ($1, $2, $3, $4, $5, $6)",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, version);
	stmt_bind_text(q, 3, text);
	stmt_bind_text(q, 4, hash);
	stmt_bind_text(q, 5, now);
	stmt_bind_text(q, 6, ctx->actor);
	rc = stmt_run(q, err);
	if (rc)
		return rc;
	*ret_after = json_object();
	json_set_int(*ret_after, "version", version);
	json_set_str(*ret_after, "content_hash", hash);
	json_set_str(*ret_after, "body", text);
	return ISMS_OK;
}

enum isms_rc policy_save(struct isms_ctx *ctx, int64_t isms_id, const char *body,
			 int *ret_version, bool *ret_unchanged, struct isms_err *err)
{
	_cleanup_free_ char *text = NULL;
	char hash[65];
	enum isms_rc rc;

	rc = policy_check(body, strlen(body), err);
	if (rc)
		return rc;
	text = normalise(body, strlen(body));
	isms_sha256_hex(text, strlen(text), hash);
	return versioned_save(ctx, isms_id, VERSIONED_POLICY, hash, insert_version, text, ret_version,
			      ret_unchanged, err);
}

enum isms_rc policy_get(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, int version,
			struct policy *ret, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT version, body, content_hash, created_at, created_by"
				     " FROM policy_version WHERE isms_id = $1 AND ($2 = 0 OR version = $2)"
				     " ORDER BY version DESC LIMIT 1",
				     err);
	int r;

	if (!q)
		return err->code;
	memset(ret, 0, sizeof(*ret));
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, version);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0) {
		if (version) {
			isms_err_set(err, ISMS_ENOTFOUND, _("the policy has no version %d"), version);
			isms_err_hint(err, _("\"isms policy history\" lists the versions."));
		} else {
			isms_err_set(err, ISMS_ENOTFOUND, _("the ISMS policy has not been written yet"));
			isms_err_hint(err, _("Start from the template with \"isms policy edit\", or load a file with \"isms policy set --file FILE\"."));
		}
		return ISMS_ENOTFOUND;
	}
	ret->version = (int)stmt_int(q, 0);
	ret->body = arena_strdup(a, stmt_text(q, 1));
	snprintf(ret->content_hash, sizeof(ret->content_hash), "%s", stmt_text(q, 2));
	ret->created_at = arena_strdup(a, stmt_text(q, 3));
	ret->created_by = arena_strdup(a, stmt_text(q, 4));
	stmt_run(q, err);
	return ISMS_OK;
}

enum isms_rc policy_history(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			    struct version_info **ret, size_t *ret_n, struct isms_err *err)
{
	return versioned_history(ctx, a, isms_id, VERSIONED_POLICY, ret, ret_n, err);
}

void policy_snapshot(const struct policy *p, struct sbuf *out)
{
	json_t *o = json_object();

	json_set_int(o, "version", p->version);
	json_set_str(o, "content_hash", p->content_hash);
	json_write(out, o, 0);
	json_decref(o);
}

/* The snapshot of the newest version, for versioned_approve and
 * versioned_approval_state. */
static enum isms_rc latest_snapshot(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
				    struct sbuf *snap, int *ret_version, struct isms_err *err)
{
	struct policy p;
	enum isms_rc rc = policy_get(ctx, a, isms_id, 0, &p, err);

	if (!rc) {
		policy_snapshot(&p, snap);
		*ret_version = p.version;
	}
	return rc;
}

enum isms_rc policy_approve(struct isms_ctx *ctx, int64_t isms_id, enum approval_decision d,
			    const char *comment, int *ret_version, struct isms_err *err)
{
	return versioned_approve(ctx, isms_id, VERSIONED_POLICY, latest_snapshot, d, comment,
				 ret_version, err);
}

enum isms_rc policy_approval_state(struct isms_ctx *ctx, int64_t isms_id,
				   enum approval_state *ret, struct isms_err *err)
{
	return versioned_approval_state(ctx, isms_id, VERSIONED_POLICY, latest_snapshot, ret, err);
}
