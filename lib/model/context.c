/* context.c - opening the database for a caller and remembering who acts. */
#include <stdlib.h>

#include "isms/json.h"
#include "isms/sbuf.h"
#include "isms/xalloc.h"
#include "model.h"

enum isms_rc isms_ctx_open(const char *url, unsigned flags, struct isms_ctx **ret,
			   struct isms_err *err)
{
	struct store *st;
	unsigned sf = 0;
	enum isms_rc rc;

	if (flags & ISMS_OPEN_CREATE)
		sf |= STORE_CREATE;
	if (flags & ISMS_OPEN_READONLY)
		sf |= STORE_READONLY;
	rc = store_open(url, sf, &st, err);
	if (rc)
		return rc;
	*ret = xcalloc(1, sizeof(**ret));
	(*ret)->st = st;
	(*ret)->actor = xstrdup("unknown");
	return ISMS_OK;
}

void isms_ctx_free(struct isms_ctx *ctx)
{
	if (!ctx)
		return;
	store_close(ctx->st);
	free(ctx->actor);
	free(ctx);
}

void isms_ctx_set_actor(struct isms_ctx *ctx, const char *actor)
{
	free(ctx->actor);
	ctx->actor = xstrdup(actor && *actor ? actor : "unknown");
}

const char *isms_ctx_actor(const struct isms_ctx *ctx)
{
	return ctx->actor;
}

void isms_ctx_release(struct isms_ctx *ctx)
{
	store_release(ctx->st);
}

enum isms_rc isms_ctx_begin_read(struct isms_ctx *ctx, struct isms_err *err)
{
	return store_begin_read(ctx->st, err);
}

void isms_ctx_end_read(struct isms_ctx *ctx)
{
	struct isms_err err;

	/* the commit of a read: nothing to lose */
	store_end(ctx->st, ISMS_OK, &err);
}

int isms_ctx_schema_version(const struct isms_ctx *ctx)
{
	return ctx->st->version;
}

static char *dump(const json_t *v)
{
	struct sbuf sb = SBUF_INIT;

	if (!v)
		return NULL;
	json_write(&sb, v, 0);
	return sbuf_detach(&sb, NULL);
}

enum isms_rc model_audit(struct isms_ctx *ctx, int64_t isms_id, const char *entity,
			 const char *entity_id, const char *action, const json_t *before,
			 const json_t *after, struct isms_err *err)
{
	_cleanup_free_ char *b = dump(before);
	_cleanup_free_ char *a = dump(after);
	struct audit_entry e = {
		.isms_id = isms_id,
		.actor = ctx->actor,
		.entity = entity,
		.entity_id = entity_id,
		.action = action,
		.before = b,
		.after = a,
	};

	return store_audit(ctx->st, &e, err);
}
