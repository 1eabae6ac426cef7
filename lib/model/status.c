/* status.c - the establishment progress: facts from the database, rules from facts. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "isms/asset.h"
#include "isms/i18n.h"
#include "isms/json.h"
#include "isms/risk.h"
#include "isms/soa.h"
#include "isms/status.h"
#include "model.h"

static const struct {
	int phase;
	const char *name;
	const char *artefact;
	const char *clause_2005;
	const char *clause_new; /* 2013 and 2022 */
} steps[STATUS_STEPS] = {
	{ 1, N_("Define the scope and boundaries"), N_("ISMS scope"), "4.2.1 a", "4.3" },
	{ 1, N_("Write the ISMS policy"), N_("ISMS policy document"), "4.2.1 b", "5.2" },
	{ 2, N_("Define the risk assessment approach"),
	  N_("Risk management method and acceptance criteria"), "4.2.1 c", "6.1.2 a-b" },
	{ 2, N_("Identify the risks"), N_("Asset inventory and risk list"), "4.2.1 d", "6.1.2 c" },
	{ 2, N_("Analyse and evaluate the risks"), N_("Risk assessment report"), "4.2.1 e",
	  "6.1.2 d-e" },
	{ 2, N_("Choose the risk treatment"), N_("Risk treatment report"), "4.2.1 f", "6.1.3 a" },
	{ 3, N_("Select the controls"), N_("Selected controls"), "4.2.1 g", "6.1.3 b-c" },
	{ 3, N_("Approve the residual risks"), N_("Residual risk approval record"), "4.2.1 h",
	  "6.1.3 f" },
	{ 3, N_("Authorise the ISMS"), N_("Management authorisation record"), "4.2.1 i", "5.1" },
	{ 3, N_("Prepare the Statement of Applicability"), N_("Statement of Applicability"),
	  "4.2.1 j", "6.1.3 d" },
};

const char *status_phase_name(int phase)
{
	switch (phase) {
	case 1: return _("Phase 1: basic policy");
	case 2: return _("Phase 2: risk assessment");
	case 3: return _("Phase 3: controls and approval");
	default: return "";
	}
}

const char *status_state_code(enum step_state s)
{
	static const char *const codes[] = { "not_started", "in_progress", "done", "approved" };

	return codes[s];
}

const char *status_state_label(enum step_state s)
{
	switch (s) {
	case STEP_NOT_STARTED: return _("not started");
	case STEP_IN_PROGRESS: return _("in progress");
	case STEP_DONE: return _("done");
	case STEP_APPROVED: return _("approved");
	}
	return "";
}

static void miss(struct arena *a, struct step_status *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void miss(struct arena *a, struct step_status *s, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	if (s->nmissing >= STATUS_MISSING_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	s->missing[s->nmissing++] = arena_strdup(a, buf);
}

/* A versioned text that must be written, completed and approved. */
static void eval_text(struct arena *a, struct step_status *s, bool exists, bool complete,
		      bool approved, const char *what_missing, const char *what_incomplete)
{
	if (!exists) {
		s->state = STEP_NOT_STARTED;
		miss(a, s, "%s", what_missing);
	} else if (!complete) {
		s->state = STEP_IN_PROGRESS;
		miss(a, s, "%s", what_incomplete);
	} else if (!approved) {
		s->state = STEP_DONE;
		miss(a, s, "%s", _("not approved yet"));
	} else {
		s->state = STEP_APPROVED;
	}
}

void status_evaluate(const struct status_facts *f, int edition, struct arena *a,
		     struct step_status out[STATUS_STEPS])
{
	struct step_status *s;

	for (int i = 0; i < STATUS_STEPS; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].step = i + 1;
		out[i].phase = steps[i].phase;
		out[i].name = T_(steps[i].name);
		out[i].artefact = T_(steps[i].artefact);
		out[i].clause = edition == 2005 ? steps[i].clause_2005 : steps[i].clause_new;
	}

	/* 1: scope */
	eval_text(a, &out[0], f->scope_exists, f->scope_complete, f->scope_approved,
		  _("the scope has not been written"),
		  _("the scope lacks units, sites or justified exclusions"));

	/* 2: policy */
	eval_text(a, &out[1], f->policy_exists, true, f->policy_approved,
		  _("the ISMS policy has not been written"), "");

	/* 3: method */
	s = &out[2];
	if (!f->method_set) {
		s->state = STEP_NOT_STARTED;
		miss(a, s, "%s", _("the risk assessment method and acceptance criteria have not been fixed"));
	} else {
		s->state = f->method_approved ? STEP_APPROVED : STEP_DONE;
		if (!f->method_approved)
			miss(a, s, "%s", _("not approved yet"));
	}

	/* 4: assets and risks */
	s = &out[3];
	if (f->assets == 0) {
		s->state = STEP_NOT_STARTED;
		miss(a, s, "%s", _("the asset inventory is empty"));
	} else {
		s->state = STEP_DONE;
		if (f->assets_without_owner) {
			s->state = STEP_IN_PROGRESS;
			miss(a, s, _n("%ld asset has no owner", "%ld assets have no owner",
						 f->assets_without_owner),
			     f->assets_without_owner);
		}
		if (f->assets_unvalued) {
			s->state = STEP_IN_PROGRESS;
			miss(a, s, _n("%ld asset has no C/I/A values",
						 "%ld assets have no C/I/A values", f->assets_unvalued),
			     f->assets_unvalued);
		}
		if (f->risks == 0) {
			s->state = STEP_IN_PROGRESS;
			miss(a, s, "%s", _("no risks have been identified"));
		}
	}

	/* 5: analysis and evaluation */
	s = &out[4];
	if (f->risks == 0) {
		s->state = STEP_NOT_STARTED;
		miss(a, s, "%s", _("there are no risks to analyse"));
	} else if (f->risks_unevaluated) {
		s->state = STEP_IN_PROGRESS;
		miss(a, s, _n("%ld risk has not been evaluated",
					 "%ld risks have not been evaluated", f->risks_unevaluated),
		     f->risks_unevaluated);
	} else {
		s->state = STEP_DONE;
	}

	/* 6: treatment */
	s = &out[5];
	if (f->risks == 0 || out[4].state != STEP_DONE) {
		s->state = STEP_NOT_STARTED;
		miss(a, s, "%s", _("the risks have not been evaluated yet"));
	} else if (f->risks_untreated) {
		s->state = f->risks_untreated < f->risks_to_treat ? STEP_IN_PROGRESS : STEP_NOT_STARTED;
		miss(a, s, _n("%ld risk above the criteria has no treatment",
					 "%ld risks above the criteria have no treatment",
					 f->risks_untreated),
		     f->risks_untreated);
	} else {
		s->state = STEP_DONE;
	}

	/* 7: control selection */
	s = &out[6];
	if (f->controls_decided == 0) {
		s->state = STEP_NOT_STARTED;
		miss(a, s, "%s", _("no control has been selected or excluded"));
	} else {
		s->state = STEP_DONE;
		if (f->controls_decided < f->controls_total) {
			s->state = STEP_IN_PROGRESS;
			miss(a, s, _n("%ld control has no decision",
						 "%ld controls have no decision",
						 f->controls_total - f->controls_decided),
			     f->controls_total - f->controls_decided);
		}
		if (f->exclusions_unjustified) {
			s->state = STEP_IN_PROGRESS;
			miss(a, s, _n("%ld exclusion has no justification",
						 "%ld exclusions have no justification",
						 f->exclusions_unjustified),
			     f->exclusions_unjustified);
		}
	}

	/* 8: residual risk approval */
	s = &out[7];
	if (out[5].state != STEP_DONE) {
		s->state = STEP_NOT_STARTED;
		miss(a, s, "%s", _("the risk treatment is not finished"));
	} else {
		long pending = f->residual_to_approve - f->residual_approved;

		s->state = STEP_APPROVED;
		if (pending > 0) {
			s->state = f->residual_approved ? STEP_IN_PROGRESS : STEP_NOT_STARTED;
			miss(a, s, _n("%ld residual risk awaits approval",
						 "%ld residual risks await approval", pending),
			     pending);
		}
		if (f->approvals_stale) {
			s->state = STEP_IN_PROGRESS;
			miss(a, s, _n("%ld approval is stale", "%ld approvals are stale",
						 f->approvals_stale),
			     f->approvals_stale);
		}
	}

	/* 9: authorisation */
	s = &out[8];
	if (!f->authorised) {
		s->state = STEP_NOT_STARTED;
		miss(a, s, "%s", _("management has not authorised the ISMS"));
	} else if (f->authorisation_stale) {
		s->state = STEP_IN_PROGRESS;
		miss(a, s, "%s", _("the authorisation is stale: what it covered has changed"));
	} else {
		s->state = STEP_APPROVED;
	}

	/* 10: SoA */
	s = &out[9];
	if (f->soa_snapshots == 0) {
		s->state = STEP_NOT_STARTED;
		miss(a, s, "%s", _("no Statement of Applicability has been generated"));
	} else if (f->soa_outdated) {
		s->state = STEP_IN_PROGRESS;
		miss(a, s, "%s", _("the control selection changed after the last Statement of Applicability"));
	} else if (!f->soa_approved) {
		s->state = STEP_DONE;
		miss(a, s, "%s", _("not approved yet"));
	} else {
		s->state = STEP_APPROVED;
	}
}

enum isms_rc status_compute(struct isms_ctx *ctx, struct arena *a, const struct isms_info *isms,
			    struct isms_status *ret, struct isms_err *err)
{
	struct status_facts f = { 0 };

	(void)ctx;
	(void)err;
	/* The tables behind steps 1 to 10 arrive with their features; each
	 * adds its facts here. Until then every count is zero. */
	ret->isms = *isms;
	if (asset_status_facts(ctx, isms->id, &f, err))
		return err->code;
	if (soa_status_facts(ctx, isms->id, isms->edition, &f, err))
		return err->code;
	if (risk_status_facts(ctx, isms->id, &f, err))
		return err->code;
	status_evaluate(&f, isms->edition, a, ret->steps);
	return ISMS_OK;
}

json_t *status_json(const struct isms_status *st, bool with_id)
{
	json_t *o = json_object(), *steps_json = json_array();

	if (with_id)
		json_set_int(o, "id", st->isms.id);
	json_set_str(o, "isms", st->isms.name);
	json_set_str(o, "org", st->isms.org);
	json_set_int(o, "edition", st->isms.edition);
	for (int i = 0; i < STATUS_STEPS; i++) {
		const struct step_status *s = &st->steps[i];
		json_t *j = json_object(), *m = json_array();

		json_set_int(j, "step", s->step);
		json_set_int(j, "phase", s->phase);
		json_set_str(j, "name", s->name);
		json_set_str(j, "artefact", s->artefact);
		json_set_str(j, "clause", s->clause);
		json_set_str(j, "state", status_state_code(s->state));
		for (size_t k = 0; k < s->nmissing; k++)
			json_array_append_new(m, json_string(s->missing[k]));
		json_object_set_new(j, "missing", m);
		json_array_append_new(steps_json, j);
	}
	json_object_set_new(o, "steps", steps_json);
	return o;
}
