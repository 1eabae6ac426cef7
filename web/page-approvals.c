/* page-approvals.c - the approver's queue (step 8): the residual risks that need management's approval, stale approvals, and the decisions with a comment. */
#include <stdio.h>
#include <string.h>

#include "isms/html.h"
#include "isms/risk.h"
#include "isms/versioned.h"
#include "web.h"

/* Awaiting first, then stale approvals, rejections, and approvals that
 * still hold. */
static int state_rank(enum approval_state s)
{
	switch (s) {
	case APPROVAL_NONE: return 0;
	case APPROVAL_STALE: return 1;
	case APPROVAL_REJECTED_STATE: return 2;
	case APPROVAL_CURRENT: return 3;
	}
	return 4;
}

enum isms_rc web_queue_load(struct req *r, struct web_queue *q, struct isms_err *err)
{
	struct risk_filter f = RISK_FILTER_INIT;
	struct risk *rows;
	size_t n, k = 0;
	enum isms_rc rc;

	memset(q, 0, sizeof(*q));
	q->can_decide = r->role == ROLE_APPROVER;
	f.needs_approval = true;
	f.sort = RISK_SORT_RESIDUAL;
	f.with_controls = true;
	rc = risk_list(r->ctx, &r->arena, r->isms.id, &f, &rows, &n, NULL, err);
	if (rc)
		return rc;
	q->risks = arena_zalloc(&r->arena, (n + 1) * sizeof(*q->risks));
	q->states = arena_zalloc(&r->arena, (n + 1) * sizeof(*q->states));
	q->latest = arena_zalloc(&r->arena, (n + 1) * sizeof(*q->latest));
	q->decided = arena_zalloc(&r->arena, (n + 1) * sizeof(*q->decided));
	/* Stable by rank: a pass per rank keeps the register's order in each. */
	{
		enum approval_state *st = arena_zalloc(&r->arena, (n + 1) * sizeof(*st));
		struct approval *latest = arena_zalloc(&r->arena, (n + 1) * sizeof(*latest));
		bool *found = arena_zalloc(&r->arena, (n + 1) * sizeof(*found));

		for (size_t i = 0; i < n; i++) {
			rc = risk_approval_state(r->ctx, &r->arena, r->isms.id, &rows[i], &st[i], &latest[i],
						 &found[i], err);
			if (rc)
				return rc;
			switch (st[i]) {
			case APPROVAL_NONE: q->awaiting++; break;
			case APPROVAL_STALE: q->stale++; break;
			case APPROVAL_REJECTED_STATE: q->rejected++; break;
			case APPROVAL_CURRENT: q->approved++; break;
			}
		}
		for (int rank = 0; rank < 4; rank++) {
			for (size_t i = 0; i < n; i++) {
				if (state_rank(st[i]) != rank)
					continue;
				q->risks[k] = rows[i];
				q->states[k] = st[i];
				q->latest[k] = latest[i];
				q->decided[k] = found[i];
				k++;
			}
		}
	}
	q->n = k;
	return ISMS_OK;
}

enum isms_rc web_decide(struct req *r, struct isms_err *err)
{
	const char *d = req_str(r, "decision");

	return risk_approve(r->ctx, r->isms.id, req_param(r, "risk"),
			    d && !strcmp(d, "reject") ? APPROVAL_REJECTED : APPROVAL_APPROVED,
			    req_str(r, "comment"), err);
}

static const char *notice(struct req *r)
{
	const char *msg = req_str(r, "msg");

	if (msg && !strcmp(msg, "approved"))
		return _("The residual risk has been approved.");
	if (msg && !strcmp(msg, "rejected"))
		return _("The residual risk has been rejected.");
	return NULL;
}

static void queue_render(struct req *r, const struct isms_err *ferr, int status)
{
	struct sbuf *o = &r->out;
	struct score_method m;
	struct web_queue q;
	struct isms_err err;
	int section = -1;

	if (web_queue_load(r, &q, &err)) {
		web_fail(r, &err);
		return;
	}
	web_method(r, &m);
	page_begin(r, _("Approval of residual risks"));
	if (ferr)
		page_error_web(r, ferr);
	else if (notice(r))
		page_notice(r, notice(r));
	html_printf(o, "<p>%s</p>\n",
		    _("Treated risks whose residual risk the acceptance criteria do not accept need the approval of top management (a user with the approver role). An approval records exactly what was approved: when the risk changes afterwards, the approval becomes stale and is asked for again."));
	html_printf(o, "<p class=\"counts\">%s</p>\n",
		    arena_printf(&r->arena, _("Awaiting a decision: %zu · stale: %zu · rejected: %zu · approved: %zu"),
				 q.awaiting, q.stale, q.rejected, q.approved));
	if (!q.can_decide)
		html_printf(o, "<p class=\"hint\">%s</p>\n",
			    _("Only users with the approver role can approve or reject; you can follow the queue here."));
	if (!q.n)
		html_printf(o, "<p>%s</p>\n", _("No residual risk needs approval."));
	for (size_t i = 0; i < q.n; i++) {
		const struct risk *k = &q.risks[i];
		int rank = state_rank(q.states[i]);

		if (rank != section) {
			static const char *const titles[] = { N_("Awaiting a decision"), N_("Stale approvals: changed since they were approved"),
							      N_("Rejected"), N_("Approved, and unchanged since") };

			if (section >= 0)
				html_raw(o, "</tbody>\n</table>\n");
			section = rank;
			html_printf(o, "<h2>%s</h2>\n", T_(titles[rank]));
			html_printf(o, "<table class=\"queue\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>",
				    _("Risk ID"), _("Asset"), _("Threat / vulnerability"), _("Treatment"), _("Residual risk"),
				    _("Risk owner"));
			html_printf(o, "<th>%s</th>", _("Last decision"));
			if (q.can_decide)
				html_printf(o, "<th>%s</th>", _("Decision"));
			html_raw(o, "</tr></thead>\n<tbody>\n");
		}
		html_printf(o, "<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s / %s</td><td>%s</td><td><span class=\"badge ev-%s\">%s</span></td><td>%s</td>",
			    web_risk_url(r, k->code, NULL), k->code, k->asset_code ? k->asset_code : k->group,
			    k->threat_name, k->vuln_name, risk_treatment_label(k->treatment),
			    web_decision_class(k->residual_evaluation),
			    web_eval_text(r, &m, k->residual_value, k->residual_level, k->residual_evaluation), k->owner);
		/* who decided, when, and why: what a stale or standing decision rests on */
		if (q.decided[i]) {
			const struct approval *d = &q.latest[i];

			html_printf(o, "<td>%s · %s · %s", d->decision == APPROVAL_APPROVED ? _("approved") : _("rejected"), d->approver,
				    web_time(r, d->at));
			if (*d->comment)
				html_printf(o, "<br><span class=\"pre-line\">%s</span>", d->comment);
			html_raw(o, "</td>");
		} else {
			html_raw(o, "<td>-</td>");
		}
		if (q.can_decide) {
			html_raw(o, "<td>");
			form_begin(r, isms_url(r, arena_printf(&r->arena, "/approvals/%s", web_url_part(r, k->code))));
			html_printf(o, "<label class=\"sr\" for=\"c-%zu\">%s</label>\n", i, _("Comment"));
			html_printf(o, "<input id=\"c-%zu\" name=\"comment\" maxlength=\"%d\" placeholder=\"%s\">\n", i,
				    APPROVAL_COMMENT_MAX, _("Comment"));
			html_printf(o, "<button class=\"small\" name=\"decision\" value=\"approve\">%s</button>\n", _("Approve"));
			html_printf(o, "<button class=\"small danger\" name=\"decision\" value=\"reject\">%s</button>\n</form></td>",
				    _("Reject"));
		}
		html_raw(o, "</tr>\n");
	}
	if (section >= 0)
		html_raw(o, "</tbody>\n</table>\n");
	html_printf(o, "<p><a href=\"%s\">%s</a></p>\n", isms_url(r, "/documents/approvals?format=pdf"),
		    _("The residual risk approval record (report)"));
	score_method_release(&m);
	page_end(r, status);
}

void page_approvals(struct req *r)
{
	queue_render(r, NULL, 200);
}

void page_approval_decide(struct req *r)
{
	const char *d = req_str(r, "decision");
	struct isms_err err;

	if (web_decide(r, &err)) {
		queue_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, isms_url(r, d && !strcmp(d, "reject") ? "/approvals?msg=rejected" : "/approvals?msg=approved"));
}
