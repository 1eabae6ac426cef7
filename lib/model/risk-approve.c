/* risk-approve.c - step 8: management's approval of residual risks, against a hash of the risk's values. */
#include <stdlib.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/json.h"
#include "risk-int.h"

bool risk_needs_approval(const struct risk *r)
{
	return r->treatment != RISK_TREAT_NONE && r->residual_evaluation == SCORE_TREAT;
}

void risk_snapshot(const struct risk *r, struct sbuf *out)
{
	json_t *o = risk_json(r);
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);

	sbuf_addstr(out, s ? s : "{}");
	free(s);
	json_decref(o);
}

enum isms_rc risk_approve(struct isms_ctx *ctx, int64_t isms_id, const char *code,
			  enum approval_decision d, const char *comment, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct library lib;
	struct risk r;
	struct sbuf snap = SBUF_INIT;
	struct approval_new n = { .subject = "risk", .decision = d, .comment = comment };
	enum isms_rc rc;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	if ((rc = library_load(ctx, &a, isms_id, &lib, err)) ||
	    (rc = risk_load(ctx, &a, isms_id, &lib, code, &r, NULL, err)))
		goto out;
	if (r.stale) {
		isms_err_set(err, ISMS_ESTATE, _("risk \"%s\" is due for re-evaluation"), code);
		isms_err_detail(err, _("Its asset's values changed after it was evaluated, so its values are out of date."));
		isms_err_hint(err, _("Run \"isms risk evaluate\" first."));
		rc = ISMS_ESTATE;
		goto out;
	}
	if (r.evaluation == SCORE_UNEVALUATED) {
		isms_err_set(err, ISMS_ESTATE, _("risk \"%s\" has not been evaluated"), code);
		isms_err_hint(err, _("Assess its levels with \"isms risk edit\" first."));
		rc = ISMS_ESTATE;
		goto out;
	}
	if (r.evaluation == SCORE_TREAT && r.treatment == RISK_TREAT_NONE) {
		isms_err_set(err, ISMS_ESTATE, _("risk \"%s\" has no treatment yet"), code);
		isms_err_detail(err, _("It is above the acceptance criteria; what is approved is the risk that remains after its treatment."));
		isms_err_hint(err, _("Choose a treatment with \"isms risk treat\" first."));
		rc = ISMS_ESTATE;
		goto out;
	}
	risk_snapshot(&r, &snap);
	n.subject_id = r.code;
	n.snapshot = snap.buf;
	rc = approval_record(ctx, isms_id, &n, NULL, err);
out:
	sbuf_release(&snap);
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

enum isms_rc risk_approval_state(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
				 const struct risk *r, enum approval_state *ret,
				 struct approval *ret_latest, bool *ret_found, struct isms_err *err)
{
	struct sbuf snap = SBUF_INIT;
	enum isms_rc rc;

	risk_snapshot(r, &snap);
	rc = approval_state_of(ctx, isms_id, "risk", r->code, snap.buf, ret, err);
	sbuf_release(&snap);
	if (rc || !ret_latest)
		return rc;
	return approval_latest(ctx, a, isms_id, "risk", r->code, ret_latest, ret_found, err);
}
