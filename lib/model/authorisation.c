/* authorisation.c - step 9: management's authorisation, with what it covered. */
#include <stdio.h>
#include <string.h>

#include "isms/authorisation.h"
#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/json.h"
#include "isms/policy.h"
#include "isms/risk.h"
#include "isms/scope.h"
#include "model.h"
#include "version-store.h"

#define SUBJECT "authorisation"
#define SUBJECT_ID "isms"

enum isms_rc authorisation_basis(struct isms_ctx *ctx, int64_t isms_id,
				 struct authorisation_basis *ret, struct isms_err *err)
{
	enum isms_rc rc;

	memset(ret, 0, sizeof(*ret));
	rc = versioned_latest(ctx, isms_id, VERSIONED_SCOPE, &ret->scope_version, ret->scope_hash, err);
	if (!rc)
		rc = versioned_latest(ctx, isms_id, VERSIONED_POLICY, &ret->policy_version,
				      ret->policy_hash, err);
	if (rc)
		return rc;
	if (!ret->scope_version || !ret->policy_version) {
		isms_err_set(err, ISMS_ESTATE, !ret->scope_version
						 ? _("the ISMS cannot be authorised: its scope has not been written")
						 : _("the ISMS cannot be authorised: its policy has not been written"));
		isms_err_detail(err, _("An authorisation records the scope, the policy and the risk treatment it covers."));
		isms_err_hint(err, !ret->scope_version ? _("Write the scope with \"isms scope edit\".")
						       : _("Write the policy with \"isms policy edit\"."));
		return ISMS_ESTATE;
	}
	return risk_fingerprint(ctx, isms_id, ret->risk_hash, err);
}

void authorisation_snapshot(const struct authorisation_basis *b, struct sbuf *out)
{
	json_t *o = json_object(), *s = json_object(), *p = json_object();

	json_set_int(s, "version", b->scope_version);
	json_set_str(s, "content_hash", b->scope_hash);
	json_set_int(p, "version", b->policy_version);
	json_set_str(p, "content_hash", b->policy_hash);
	json_object_set_new(o, "scope", s);
	json_object_set_new(o, "policy", p);
	json_set_str(o, "risk_fingerprint", b->risk_hash);
	json_write(out, o, 0);
	json_decref(o);
}

enum isms_rc authorisation_record(struct isms_ctx *ctx, int64_t isms_id, enum approval_decision d,
				  const char *comment, struct isms_err *err)
{
	struct approval_new n = { .subject = SUBJECT, .subject_id = SUBJECT_ID, .decision = d,
				  .comment = comment };
	struct authorisation_basis b;
	struct sbuf snap = SBUF_INIT;
	enum isms_rc rc;

	if (!comment || !*comment) {
		isms_err_set(err, ISMS_EINVAL, _("an authorisation needs a comment"));
		isms_err_detail(err, _("The comment says what management authorises, for example the start of operation on a date."));
		isms_err_hint(err, _("Give it with --comment TEXT."));
		isms_err_field(err, "comment");
		return ISMS_EINVAL;
	}
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = authorisation_basis(ctx, isms_id, &b, err);
	if (!rc) {
		authorisation_snapshot(&b, &snap);
		n.snapshot = snap.buf;
		rc = approval_record(ctx, isms_id, &n, NULL, err);
	}
	rc = store_end(ctx->st, rc, err);
	sbuf_release(&snap);
	return rc;
}

static void read_basis(const char *snapshot, struct authorisation_basis *b)
{
	json_t *o = json_loads(snapshot, 0, NULL);
	json_t *s = json_object_get(o, "scope"), *p = json_object_get(o, "policy");
	const char *h;

	memset(b, 0, sizeof(*b));
	b->scope_version = (int)json_integer_value(json_object_get(s, "version"));
	b->policy_version = (int)json_integer_value(json_object_get(p, "version"));
	if ((h = json_string_value(json_object_get(s, "content_hash"))))
		snprintf(b->scope_hash, sizeof(b->scope_hash), "%s", h);
	if ((h = json_string_value(json_object_get(p, "content_hash"))))
		snprintf(b->policy_hash, sizeof(b->policy_hash), "%s", h);
	if ((h = json_string_value(json_object_get(o, "risk_fingerprint"))))
		snprintf(b->risk_hash, sizeof(b->risk_hash), "%s", h);
	json_decref(o);
}

enum isms_rc authorisation_get(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			       struct authorisation *ret, struct isms_err *err)
{
	struct isms_err e;
	struct sbuf snap = SBUF_INIT;
	bool found;
	enum isms_rc rc;

	memset(ret, 0, sizeof(*ret));
	rc = approval_latest(ctx, a, isms_id, SUBJECT, SUBJECT_ID, &ret->latest, &found, err);
	if (rc)
		return rc;
	rc = authorisation_basis(ctx, isms_id, &ret->now, &e);
	if (rc == ISMS_ESTATE) {
		memset(&ret->now, 0, sizeof(ret->now));
	} else if (rc) {
		*err = e;
		return rc;
	}
	if (!found) {
		ret->state = APPROVAL_NONE;
		return ISMS_OK;
	}
	read_basis(ret->latest.snapshot, &ret->was);
	ret->scope_changed = ret->was.scope_version != ret->now.scope_version ||
			     strcmp(ret->was.scope_hash, ret->now.scope_hash);
	ret->policy_changed = ret->was.policy_version != ret->now.policy_version ||
			      strcmp(ret->was.policy_hash, ret->now.policy_hash);
	ret->risks_changed = strcmp(ret->was.risk_hash, ret->now.risk_hash) != 0;
	if (ret->latest.decision != APPROVAL_APPROVED) {
		ret->state = APPROVAL_REJECTED_STATE;
	} else {
		/* The same comparison approval_state_of makes, on the same JSON. */
		authorisation_snapshot(&ret->now, &snap);
		rc = approval_state_of(ctx, isms_id, SUBJECT, SUBJECT_ID, snap.buf, &ret->state, err);
		sbuf_release(&snap);
	}
	return rc;
}
