/* report-transition.c - the report of a move to a new edition of Annex A, as a document. */
#include <stdio.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/report.h"
#include "isms/selection.h"
#include "isms/transition.h"

static enum doc_style kind_style(enum tr_kind k)
{
	switch (k) {
	case TR_CONFLICT:
	case TR_NEW:
	case TR_UNDECIDED: return DOC_STYLE_WARN;
	case TR_REMOVED: return DOC_STYLE_MUTED;
	default: return DOC_STYLE_NONE;
	}
}

void report_transition_steps(struct doc *d, const struct tr_report *r)
{
	for (size_t i = 0; i < r->nsteps; i++) {
		const struct tr_step *s = &r->steps[i];
		struct doc_table *t;
		char title[128];

		snprintf(title, sizeof(title), "ISO/IEC 27001:%d → ISO/IEC 27001:%d", s->from, s->to);
		doc_heading(d, 1, title);
		doc_kv(d, "at", _("Date"), s->at);
		doc_kv(d, "actor", _("By"), s->actor);
		for (int k = 0; k < TR_KIND_COUNT; k++)
			if (s->count[k])
				doc_kvf(d, tr_kind_code((enum tr_kind)k), tr_kind_label((enum tr_kind)k),
					"%zu", s->count[k]);
		t = doc_table(d, "changes", _("Changes"));
		doc_col(t, "change", _("Change"), DOC_TEXT, 26);
		doc_col(t, "from", arena_printf(&d->arena, _("Controls of %d"), s->from), DOC_TEXT, 18);
		doc_col(t, "to", arena_printf(&d->arena, _("Control of %d"), s->to), DOC_TEXT, 9);
		doc_col(t, "decision", _("Decision"), DOC_TEXT, 10);
		doc_col(t, "detail", _("Detail"), DOC_TEXT, 40);
		if (i + 1 == r->nsteps)
			doc_set_main(t);
		for (size_t c = 0; c < s->n; c++) {
			const struct tr_change *ch = &s->changes[c];
			enum sel_decision dec = !strcmp(ch->decision, "applicable") ? SEL_APPLICABLE
						: !strcmp(ch->decision, "excluded") ? SEL_EXCLUDED
										     : SEL_UNDECIDED;

			doc_row(t);
			doc_set(t, 0, tr_kind_label(ch->kind));
			doc_set_style(t, 0, kind_style(ch->kind));
			doc_set(t, 1, ch->from_ids);
			doc_set(t, 2, ch->to_id);
			doc_set(t, 3, *ch->decision ? sel_decision_label(dec) : NULL);
			doc_set(t, 4, ch->detail);
		}
	}
}

enum isms_rc report_transition(struct isms_ctx *ctx, const struct isms_info *isms,
			       const struct report_opts *o, struct doc **ret, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct tr_report r;
	struct doc *d;
	enum isms_rc rc = transition_last(ctx, &a, isms->id, &r, err);

	if (rc) {
		arena_release(&a);
		return rc;
	}
	d = report_new("transition", _("Transition to a new edition"), isms, o);
	doc_para(d, _("Every change made to the control selection and to the risk treatments when the ISMS moved to the new edition of Annex A. Statements of Applicability made before keep their edition and rows."));
	report_transition_steps(d, &r);
	arena_release(&a);
	*ret = d;
	return ISMS_OK;
}
