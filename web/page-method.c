/* page-method.c - the risk assessment method (step 3): the method in force, and editors for its scales, risk levels, matrix and acceptance criteria, presets, and its approval. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/html.h"
#include "isms/method.h"
#include "isms/util.h"
#include "isms/versioned.h"
#include "web.h"

/* The scales, by the name used in URLs. */
static const struct {
	const char *name;
	const char *label; /* N_() */
} scales[] = {
	{ "confidentiality", N_("Confidentiality") },
	{ "integrity", N_("Integrity") },
	{ "availability", N_("Availability") },
	{ "threat", N_("Threat") },
	{ "vulnerability", N_("Vulnerability") },
	{ "likelihood", N_("Likelihood") },
	{ "impact", N_("Impact") },
};
#define NSCALES (sizeof(scales) / sizeof(scales[0]))

static struct score_scale *scale_at(struct score_method *m, size_t k)
{
	switch (k) {
	case 0:
	case 1:
	case 2: return &m->asset[k];
	case 3: return &m->threat;
	case 4: return &m->vuln;
	case 5: return &m->likelihood;
	default: return &m->impact;
	}
}

/* Whether scale `k` is used by the method's formula. */
static bool scale_used(const struct score_method *m, size_t k)
{
	if (k < 3)
		return true;
	return m->formula == SCORE_FORMULA_MATRIX ? k >= 5 : k < 5;
}

static const char *notice(struct req *r)
{
	const char *msg = req_str(r, "msg");
	long long n = req_int(r, "reevaluated", -1);

	if (!msg)
		return NULL;
	if (!strcmp(msg, "unchanged"))
		return _("The method is unchanged.");
	if (!strcmp(msg, "approved"))
		return _("The method has been approved.");
	if (!strcmp(msg, "rejected"))
		return _("The method has been rejected.");
	if (!strcmp(msg, "saved") && n >= 0)
		return arena_printf(&r->arena, _n("The method has been saved: %lld risk re-evaluated.",
						  "The method has been saved: %lld risks re-evaluated.", n),
				    n);
	if (!strcmp(msg, "saved"))
		return _("The method has been saved.");
	return NULL;
}

static const char *criterion_text(struct req *r, const struct score_method *m)
{
	struct sbuf sb = SBUF_INIT;
	const char *out;
	bool first = true;

	switch (m->criterion) {
	case SCORE_CRIT_THRESHOLD:
		sbuf_addstr(&sb, arena_printf(&r->arena, _("accept risks whose value is at most %d"), m->threshold));
		break;
	case SCORE_CRIT_LEVELS:
		sbuf_addstr(&sb, _("accept the risk levels"));
		for (int k = 0; k < m->nlevels; k++) {
			if ((m->accept_levels >> k) & 1) {
				sbuf_addf(&sb, "%s %s", first ? "" : ",", score_text(&m->levels[k].label));
				first = false;
			}
		}
		break;
	case SCORE_CRIT_CELLS:
		sbuf_addstr(&sb, _("accept the marked cells of the matrix"));
		break;
	}
	out = arena_strdup(&r->arena, sb.buf);
	sbuf_release(&sb);
	return out;
}

/* --- showing the method ------------------------------------------------------------------------ */

static void show_scale(struct req *r, const char *label, const struct score_scale *s)
{
	struct sbuf *o = &r->out;

	html_printf(o, "<table class=\"scale\">\n<caption>%s</caption>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    label, _("Level"), _("Label"), _("Description"));
	for (int k = 0; k < s->n; k++)
		html_printf(o, "<tr><td>%d</td><td>%s</td><td>%s</td></tr>\n", k + 1, score_text(&s->lv[k].label),
			    score_text(&s->lv[k].desc));
	html_raw(o, "</tbody>\n</table>\n");
}

static void show_matrix(struct req *r, const struct score_method *m)
{
	struct sbuf *o = &r->out;

	html_printf(o, "<table class=\"matrix\">\n<caption>%s</caption>\n<thead><tr><th>%s \\ %s</th>",
		    _("Risk matrix: the level of each cell; ✓ accepted"), _("Likelihood"), _("Impact"));
	for (int i = 0; i < m->impact.n; i++)
		html_printf(o, "<th>%d</th>", i + 1);
	html_raw(o, "</tr></thead>\n<tbody>\n");
	for (int l = m->likelihood.n - 1; l >= 0; l--) {
		html_printf(o, "<tr><th scope=\"row\">%d</th>", l + 1);
		for (int i = 0; i < m->impact.n; i++) {
			int lv = m->cell[l][i];
			bool acc = score_accepts(m, (l + 1) * (i + 1), lv, l + 1, i + 1);

			html_printf(o, "<td class=\"lv%d\">%s%s</td>", lv > 4 ? 4 : lv, web_level_label(m, lv),
				    acc ? " ✓" : "");
		}
		html_raw(o, "</tr>\n");
	}
	html_raw(o, "</tbody>\n</table>\n");
}

static void show_method(struct req *r, const struct score_method *m)
{
	struct sbuf *o = &r->out;

	html_raw(o, "<dl class=\"kv\">\n");
	html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Name"), score_text(&m->name));
	html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Approach"), score_approach_label(m->approach));
	if (m->approach == SCORE_APPROACH_COMBINED)
		html_printf(o, "<dt>%s</dt><dd>%d</dd>\n", _("Detailed analysis for asset values above"), m->detailed_above);
	html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Formula"), score_formula_label(m->formula));
	if (m->formula == SCORE_FORMULA_AVT)
		html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Asset value"), score_asset_mode_label(m->asset_mode));
	html_printf(o, "<dt>%s</dt><dd>1–%d</dd>\n", _("Risk values"), m->vmax);
	html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Acceptance criterion"), criterion_text(r, m));
	html_printf(o, "<dt>%s</dt><dd class=\"pre\">%s</dd>\n", _("Required level of assurance"),
		    *score_text(&m->assurance) ? score_text(&m->assurance) : _("(none)"));
	html_raw(o, "</dl>\n");
	html_printf(o, "<h2>%s</h2>\n<div class=\"scales\">\n", _("Scales"));
	for (size_t k = 0; k < NSCALES; k++)
		if (scale_used(m, k))
			show_scale(r, T_(scales[k].label), scale_at((struct score_method *)m, k));
	html_raw(o, "</div>\n");
	html_printf(o, "<h2>%s</h2>\n", _("Risk levels"));
	html_printf(o, "<table class=\"levels\">\n<thead><tr><th>%s</th><th>%s</th>", _("Level"), _("Label"));
	if (m->formula == SCORE_FORMULA_AVT)
		html_printf(o, "<th>%s</th>", _("Values"));
	html_printf(o, "<th>%s</th></tr></thead>\n<tbody>\n", _("Description"));
	for (int k = 0; k < m->nlevels; k++) {
		html_printf(o, "<tr><td>%d</td><td>%s</td>", k + 1, score_text(&m->levels[k].label));
		if (m->formula == SCORE_FORMULA_AVT) {
			int hi = k + 1 < m->nlevels ? m->levels[k + 1].min - 1 : m->vmax;

			html_printf(o, "<td>%d–%d</td>", m->levels[k].min, hi < m->vmax ? hi : m->vmax);
		}
		html_printf(o, "<td>%s</td></tr>\n", score_text(&m->levels[k].desc));
	}
	html_raw(o, "</tbody>\n</table>\n");
	if (m->formula == SCORE_FORMULA_MATRIX)
		show_matrix(r, m);
}

/* --- the editors --------------------------------------------------------------------------------- */

static void text_cell(struct req *r, const char *name, const char *value, int max, const char *label)
{
	html_printf(&r->out, "<td><input name=\"%s\" value=\"%s\" maxlength=\"%d\" aria-label=\"%s\"></td>", name,
		    value ? value : "", max, label);
}

static void edit_general(struct req *r, const struct score_method *m)
{
	struct sbuf *o = &r->out;

	html_printf(o, "<details>\n<summary>%s</summary>\n", _("Name, approach and assurance"));
	form_begin(r, isms_url(r, "/method/general"));
	html_raw(o, "<div class=\"grid\">\n");
	form_text(r, "g-name-en", "name_en", _("Name in English"), m->name.en, SCORE_LABEL_MAX, false);
	form_text(r, "g-name-ja", "name_ja", _("Name in Japanese"), m->name.ja, SCORE_LABEL_MAX, false);
	html_printf(o, "<p><label for=\"g-approach\">%s</label>\n<select id=\"g-approach\" name=\"approach\">\n", _("Approach"));
	for (int a = SCORE_APPROACH_BASELINE; a <= SCORE_APPROACH_COMBINED; a++)
		form_option(r, score_approach_code((enum score_approach)a), score_approach_label((enum score_approach)a),
			    (int)m->approach == a);
	html_raw(o, "</select></p>\n");
	html_printf(o, "<p><label for=\"g-detailed\">%s</label>\n<input id=\"g-detailed\" name=\"detailed_above\" type=\"number\" min=\"0\" max=\"%d\" value=\"%d\"></p>\n",
		    _("Combined approach: detailed analysis for asset values above"), SCORE_VALUE_MAX, m->detailed_above);
	if (m->formula == SCORE_FORMULA_AVT) {
		html_printf(o, "<p><label for=\"g-mode\">%s</label>\n<select id=\"g-mode\" name=\"asset_mode\">\n", _("Asset value"));
		for (int a = SCORE_AV_MAX; a <= SCORE_AV_PER_PROPERTY; a++)
			form_option(r, score_asset_mode_code((enum score_asset_mode)a),
				    score_asset_mode_label((enum score_asset_mode)a), (int)m->asset_mode == a);
		html_raw(o, "</select></p>\n");
	}
	html_raw(o, "</div>\n");
	/* The text in the page's language; the other one is kept as it is
	 * (switch the language to change it). */
	if (r->lang == ISMS_LANG_JA)
		form_textarea(r, "g-as-ja", "assurance_ja", _("Required level of assurance, in Japanese"),
			      m->assurance.ja, SCORE_ASSURANCE_MAX);
	else
		form_textarea(r, "g-as-en", "assurance_en", _("Required level of assurance, in English"),
			      m->assurance.en, SCORE_ASSURANCE_MAX);
	html_printf(o, "<p class=\"hint\">%s</p>\n",
		    _("The other language's text is changed from the page in that language."));
	html_printf(o, "<p><button>%s</button></p>\n</form>\n</details>\n", _("Save and re-evaluate every risk"));
}

static void edit_scale(struct req *r, struct score_method *m, size_t k)
{
	struct sbuf *o = &r->out;
	const struct score_scale *s = scale_at(m, k);

	html_printf(o, "<details>\n<summary>%s</summary>\n",
		    arena_printf(&r->arena, _("Scale: %s"), T_(scales[k].label)));
	form_begin(r, isms_url(r, arena_printf(&r->arena, "/method/scales/%s", scales[k].name)));
	html_printf(o, "<p><label for=\"s-%s-n\">%s</label>\n<input id=\"s-%s-n\" name=\"n\" type=\"number\" min=\"%d\" max=\"%d\" value=\"%d\" required></p>\n",
		    scales[k].name, _("Number of levels"), scales[k].name, SCORE_SCALE_MIN, SCORE_SCALE_MAX,
		    s->n ? s->n : 3);
	html_printf(o, "<table class=\"edit\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("Level"), _("Label (English)"), _("Label (Japanese)"), _("Description (English)"),
		    _("Description (Japanese)"));
	for (int l = 0; l < SCORE_SCALE_MAX; l++) {
		bool have = l < s->n;

		html_printf(o, "<tr%s><td>%d</td>", have ? "" : " class=\"spare\"", l + 1);
		text_cell(r, "label_en", have ? s->lv[l].label.en : NULL, SCORE_LABEL_MAX, _("Label (English)"));
		text_cell(r, "label_ja", have ? s->lv[l].label.ja : NULL, SCORE_LABEL_MAX, _("Label (Japanese)"));
		text_cell(r, "desc_en", have ? s->lv[l].desc.en : NULL, SCORE_DESC_MAX, _("Description (English)"));
		text_cell(r, "desc_ja", have ? s->lv[l].desc.ja : NULL, SCORE_DESC_MAX, _("Description (Japanese)"));
		html_raw(o, "</tr>\n");
	}
	html_raw(o, "</tbody>\n</table>\n");
	html_printf(o, "<p class=\"hint\">%s</p>\n", _("The rows past the number of levels are ignored."));
	html_printf(o, "<p><button>%s</button></p>\n</form>\n</details>\n", _("Save and re-evaluate every risk"));
}

static void edit_levels(struct req *r, const struct score_method *m)
{
	struct sbuf *o = &r->out;
	bool avt = m->formula == SCORE_FORMULA_AVT;

	html_printf(o, "<details>\n<summary>%s</summary>\n", _("Risk levels"));
	form_begin(r, isms_url(r, "/method/levels"));
	html_printf(o, "<p><label for=\"l-n\">%s</label>\n<input id=\"l-n\" name=\"n\" type=\"number\" min=\"1\" max=\"%d\" value=\"%d\" required></p>\n",
		    _("Number of levels"), SCORE_RLEVELS_MAX, m->nlevels);
	html_printf(o, "<table class=\"edit\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th>", _("Level"),
		    _("Label (English)"), _("Label (Japanese)"));
	if (avt)
		html_printf(o, "<th>%s</th>", _("Lowest value"));
	html_printf(o, "<th>%s</th><th>%s</th></tr></thead>\n<tbody>\n", _("Description (English)"),
		    _("Description (Japanese)"));
	for (int l = 0; l < SCORE_RLEVELS_MAX; l++) {
		bool have = l < m->nlevels;

		html_printf(o, "<tr%s><td>%d</td>", have ? "" : " class=\"spare\"", l + 1);
		text_cell(r, "label_en", have ? m->levels[l].label.en : NULL, SCORE_LABEL_MAX, _("Label (English)"));
		text_cell(r, "label_ja", have ? m->levels[l].label.ja : NULL, SCORE_LABEL_MAX, _("Label (Japanese)"));
		if (avt)
			html_printf(o, "<td><input name=\"min\" type=\"number\" min=\"1\" max=\"%d\" value=\"%s\" aria-label=\"%s\"></td>",
				    SCORE_VALUE_MAX, have ? arena_printf(&r->arena, "%d", m->levels[l].min) : "",
				    _("Lowest value"));
		text_cell(r, "desc_en", have ? m->levels[l].desc.en : NULL, SCORE_DESC_MAX, _("Description (English)"));
		text_cell(r, "desc_ja", have ? m->levels[l].desc.ja : NULL, SCORE_DESC_MAX, _("Description (Japanese)"));
		html_raw(o, "</tr>\n");
	}
	html_raw(o, "</tbody>\n</table>\n");
	html_printf(o, "<p><button>%s</button></p>\n</form>\n</details>\n", _("Save and re-evaluate every risk"));
}

static void edit_criteria(struct req *r, const struct score_method *m)
{
	struct sbuf *o = &r->out;
	bool matrix = m->formula == SCORE_FORMULA_MATRIX;

	html_printf(o, "<details>\n<summary>%s</summary>\n",
		    matrix ? _("Risk matrix and acceptance criterion") : _("Acceptance criterion"));
	form_begin(r, isms_url(r, "/method/criteria"));
	html_printf(o, "<fieldset>\n<legend>%s</legend>\n", _("Acceptance criterion"));
	html_printf(o, "<p><label><input type=\"radio\" name=\"criterion\" value=\"threshold\"%s> %s</label>\n",
		    m->criterion == SCORE_CRIT_THRESHOLD ? " checked" : "", _("accept risks whose value is at most"));
	html_printf(o, "<input name=\"threshold\" type=\"number\" min=\"0\" max=\"%d\" value=\"%d\" aria-label=\"%s\"></p>\n",
		    SCORE_VALUE_MAX, m->threshold, _("Threshold"));
	html_printf(o, "<p><label><input type=\"radio\" name=\"criterion\" value=\"levels\"%s> %s</label>\n",
		    m->criterion == SCORE_CRIT_LEVELS ? " checked" : "", _("accept these risk levels:"));
	for (int k = 0; k < m->nlevels; k++)
		html_printf(o, "<label class=\"inline\"><input type=\"checkbox\" name=\"accept_levels\" value=\"%d\"%s> %s</label>\n",
			    k + 1, (m->accept_levels >> k) & 1 ? " checked" : "", score_text(&m->levels[k].label));
	html_raw(o, "</p>\n");
	if (matrix)
		html_printf(o, "<p><label><input type=\"radio\" name=\"criterion\" value=\"cells\"%s> %s</label></p>\n",
			    m->criterion == SCORE_CRIT_CELLS ? " checked" : "", _("accept the cells ticked in the matrix below"));
	html_raw(o, "</fieldset>\n");
	if (matrix) {
		html_printf(o, "<table class=\"matrix edit\">\n<caption>%s</caption>\n<thead><tr><th>%s \\ %s</th>",
			    _("The level of each cell, and whether it is accepted"), _("Likelihood"), _("Impact"));
		for (int i = 0; i < m->impact.n; i++)
			html_printf(o, "<th>%d</th>", i + 1);
		html_raw(o, "</tr></thead>\n<tbody>\n");
		/* The rows are drawn from the top (the highest likelihood):
		 * each cell's value names its place, "likelihood:impact:level". */
		for (int l = m->likelihood.n - 1; l >= 0; l--) {
			html_printf(o, "<tr><th scope=\"row\">%d</th>", l + 1);
			for (int i = 0; i < m->impact.n; i++) {
				html_printf(o, "<td><select name=\"cells\" aria-label=\"%s\">",
					    arena_printf(&r->arena, _("likelihood %d, impact %d"), l + 1, i + 1));
				for (int k = 1; k <= m->nlevels; k++)
					html_printf(o, "<option value=\"%d:%d:%d\"%s>%s</option>", l + 1, i + 1, k,
						    m->cell[l][i] == k ? " selected" : "", web_level_label(m, k));
				html_printf(o, "</select> <label><input type=\"checkbox\" name=\"accept_cells\" value=\"%d:%d\"%s> %s</label></td>",
					    l + 1, i + 1, (m->accept_cell[l] >> i) & 1 ? " checked" : "", _("accepted"));
			}
			html_raw(o, "</tr>\n");
		}
		html_raw(o, "</tbody>\n</table>\n");
	}
	html_printf(o, "<p><button>%s</button></p>\n</form>\n</details>\n", _("Save and re-evaluate every risk"));
}

static void edit_presets(struct req *r)
{
	struct sbuf *o = &r->out;

	html_printf(o, "<details>\n<summary>%s</summary>\n", _("Start from a preset"));
	form_begin(r, isms_url(r, "/method/preset"));
	html_printf(o, "<p><label for=\"p-preset\">%s</label>\n<select id=\"p-preset\" name=\"preset\">\n", _("Preset"));
	for (size_t k = 0; score_preset_names[k]; k++)
		form_option(r, score_preset_names[k], score_preset_title(score_preset_names[k]), k == 0);
	html_raw(o, "</select></p>\n");
	html_printf(o, "<p class=\"hint\">%s</p>\n",
		    _("A preset replaces the whole method: its formula, scales, levels and criterion. Changing the formula is done this way."));
	html_printf(o, "<p><button data-confirm=\"%s\">%s</button></p>\n</form>\n</details>\n",
		    _("Replace the method by the preset and re-evaluate every risk?"), _("Use the preset"));
}

static void edit_json(struct req *r, const struct score_method *m)
{
	struct sbuf *o = &r->out;
	struct sbuf js = SBUF_INIT;

	score_method_to_json(m, true, &js);
	/* Japanese labels are written as \u escapes on English pages, so
	 * that an English page shows no Japanese text. */
	if (r->lang != ISMS_LANG_JA) {
		json_error_t jerr;
		json_t *j = json_loadb(js.buf, js.len, 0, &jerr);
		char *ascii = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII) : NULL;

		if (ascii) {
			sbuf_reset(&js);
			sbuf_addstr(&js, ascii);
		}
		free(ascii);
		json_decref(j);
	}
	html_printf(o, "<details>\n<summary>%s</summary>\n", _("Edit the method as JSON"));
	form_begin(r, isms_url(r, "/method/json"));
	html_printf(o, "<p><label for=\"j-method\">%s</label>\n<textarea id=\"j-method\" name=\"method\" rows=\"20\" cols=\"80\" class=\"code\">%s</textarea></p>\n",
		    _("The method in the format of docs/risk-method.md"), js.buf);
	html_printf(o, "<p><button>%s</button></p>\n</form>\n</details>\n", _("Save and re-evaluate every risk"));
	sbuf_release(&js);
}

static void approval_block(struct req *r, enum approval_state st, int version)
{
	struct sbuf *o = &r->out;

	html_printf(o, "<h2>%s</h2>\n<p>%s", _("Approval"),
		    version ? versioned_state_label(st) : _("There is nothing to approve until the method is set."));
	/* who decided, when, and why */
	if (version && st != APPROVAL_NONE) {
		struct approval last;
		struct isms_err err;
		bool found = false;

		if (!approval_latest(r->ctx, &r->arena, r->isms.id, "method", "method", &last, &found, &err) &&
		    found) {
			html_printf(o, " · %s · %s", last.approver, web_time(r, last.at));
			if (*last.comment)
				html_printf(o, " · %s", last.comment);
		}
	}
	html_raw(o, "</p>\n");
	if (version && r->role != ROLE_APPROVER && st != APPROVAL_CURRENT)
		html_printf(o, "<p class=\"hint\">%s</p>\n",
			    _("Top management, a user with the approver role, approves the method."));
	if (version && r->role == ROLE_APPROVER && st != APPROVAL_CURRENT) {
		form_begin(r, isms_url(r, "/method/approval"));
		html_printf(o, "<p><label for=\"m-comment\">%s</label>\n<input id=\"m-comment\" name=\"comment\" maxlength=\"%d\"></p>\n",
			    _("Comment"), APPROVAL_COMMENT_MAX);
		html_printf(o, "<p><button name=\"decision\" value=\"approve\">%s</button> <button class=\"danger\" name=\"decision\" value=\"reject\">%s</button></p>\n</form>\n",
			    _("Approve the method"), _("Reject"));
	}
}

/* The page: the method in force, or after a failed save the method as
 * the user tried to make it (`edit`), so that nothing typed is lost. */
static void method_render(struct req *r, const struct isms_err *ferr, int status, struct score_method *edit)
{
	struct sbuf *o = &r->out;
	struct score_method m;
	struct version_info v;
	enum approval_state st = APPROVAL_NONE;
	struct isms_err err;

	if (method_current(r->ctx, &r->arena, r->isms.id, &m, &v, &err) ||
	    method_approval_state(r->ctx, r->isms.id, &st, &err)) {
		web_fail(r, &err);
		return;
	}
	page_begin(r, _("Risk assessment method"));
	if (ferr)
		page_error_web(r, ferr);
	else if (notice(r))
		page_notice(r, notice(r));
	if (v.version)
		html_printf(o, "<p class=\"lead\">%s</p>\n",
			    arena_printf(&r->arena, _("Version %d, set %s by %s."), v.version, web_time(r, v.created_at), v.created_by));
	else
		html_printf(o, "<p class=\"lead\">%s</p>\n",
			    _("No method has been set yet: risks are evaluated with the default preset (JIPDEC 3×3×3) until one is."));
	show_method(r, &m);
	approval_block(r, st, v.version);
	if (r->role >= ROLE_MANAGER) {
		struct score_method *e = edit ? edit : &m;

		html_printf(o, "<h2>%s</h2>\n<p>%s</p>\n", _("Change the method"),
			    _("Every save makes a new version of the method and re-evaluates every risk of the register in the same transaction."));
		edit_presets(r);
		edit_general(r, e);
		for (size_t k = 0; k < NSCALES; k++)
			if (scale_used(e, k))
				edit_scale(r, e, k);
		edit_levels(r, e);
		edit_criteria(r, e);
		edit_json(r, e);
	}
	html_printf(o, "<p><a href=\"%s\">%s</a></p>\n", isms_url(r, "/documents/method?format=pdf"),
		    _("The method as a report"));
	score_method_release(&m);
	page_end(r, status);
}

void page_method(struct req *r)
{
	method_render(r, NULL, 200, NULL);
}

/* Set `m` and answer: back to the page with the count, or the page with
 * the error and `m` in the editors. Releases `m`. */
static void save(struct req *r, struct score_method *m)
{
	struct method_change ch;
	struct isms_err err;

	if (method_set(r->ctx, r->isms.id, m, &ch, &err)) {
		method_render(r, &err, web_status(err.code), m);
		score_method_release(m);
		return;
	}
	score_method_release(m);
	if (ch.unchanged)
		web_redirect(r, isms_url(r, "/method?msg=unchanged"));
	else
		web_redirect(r, isms_url(r, arena_printf(&r->arena, "/method?msg=saved&reevaluated=%zu", ch.reevaluated)));
}

static bool current(struct req *r, struct score_method *m)
{
	struct isms_err err;

	if (method_current(r->ctx, &r->arena, r->isms.id, m, NULL, &err)) {
		web_fail(r, &err);
		return false;
	}
	return true;
}

static const char *copy(struct score_method *m, const char *s)
{
	return arena_strdup(&m->arena, s ? s : "");
}

/* The present method with the fields of the general form. */
static bool web_method_general(struct req *r, struct score_method *m, struct isms_err *err)
{
	if (req_present(r, "name_en"))
		m->name.en = copy(m, req_str(r, "name_en"));
	if (req_present(r, "name_ja"))
		m->name.ja = copy(m, req_str(r, "name_ja"));
	if (req_str(r, "approach") && !score_approach_parse(req_str(r, "approach"), &m->approach)) {
		isms_err_set(err, ISMS_EINVAL, _("unknown approach \"%s\""), req_str(r, "approach"));
		isms_err_field(err, "approach");
		return false;
	}
	if (req_present(r, "detailed_above"))
		m->detailed_above = (int)req_int(r, "detailed_above", 0);
	if (req_str(r, "asset_mode") && !score_asset_mode_parse(req_str(r, "asset_mode"), &m->asset_mode)) {
		isms_err_set(err, ISMS_EINVAL, _("unknown asset value mode \"%s\""), req_str(r, "asset_mode"));
		isms_err_field(err, "asset_mode");
		return false;
	}
	if (req_present(r, "assurance_en"))
		m->assurance.en = copy(m, req_str(r, "assurance_en"));
	if (req_present(r, "assurance_ja"))
		m->assurance.ja = copy(m, req_str(r, "assurance_ja"));
	return true;
}

void page_method_general(struct req *r)
{
	struct score_method m;
	struct isms_err err;

	if (!current(r, &m))
		return;
	if (!web_method_general(r, &m, &err)) {
		method_render(r, &err, web_status(err.code), &m);
		score_method_release(&m);
		return;
	}
	save(r, &m);
}

void page_method_preset(struct req *r)
{
	struct score_method m;
	struct isms_err err;

	if (!score_preset(req_str(r, "preset"), &m)) {
		isms_err_set(&err, ISMS_EINVAL, _("unknown preset \"%s\""), req_str(r, "preset"));
		web_fail(r, &err);
		return;
	}
	save(r, &m);
}

/* The i-th value of a list field, or "". */
static const char *nth(const char *const *v, size_t n, size_t i)
{
	return i < n && v[i] ? v[i] : "";
}

void page_method_scale(struct req *r)
{
	const char *name = req_param(r, "scale");
	const char *const *len_, *const *lja, *const *den, *const *dja;
	size_t nlen, nlja, nden, ndja, k;
	struct score_method m;
	struct score_scale *s;
	struct isms_err err;
	int n = (int)req_int(r, "n", 0);

	for (k = 0; k < NSCALES; k++)
		if (!strcmp(scales[k].name, name))
			break;
	if (k == NSCALES) {
		isms_err_set(&err, ISMS_ENOTFOUND, _("no scale \"%s\""), name);
		web_fail(r, &err);
		return;
	}
	if (!current(r, &m))
		return;
	s = scale_at(&m, k);
	len_ = req_list(r, "label_en", &nlen);
	lja = req_list(r, "label_ja", &nlja);
	den = req_list(r, "desc_en", &nden);
	dja = req_list(r, "desc_ja", &ndja);
	s->n = n;
	for (int l = 0; l < n && l < SCORE_SCALE_MAX; l++) {
		s->lv[l].label.en = copy(&m, nth(len_, nlen, (size_t)l));
		s->lv[l].label.ja = copy(&m, nth(lja, nlja, (size_t)l));
		s->lv[l].desc.en = copy(&m, nth(den, nden, (size_t)l));
		s->lv[l].desc.ja = copy(&m, nth(dja, ndja, (size_t)l));
	}
	save(r, &m);
}

void page_method_levels(struct req *r)
{
	const char *const *len_, *const *lja, *const *den, *const *dja, *const *mins;
	size_t nlen, nlja, nden, ndja, nmin;
	struct score_method m;
	int n = (int)req_int(r, "n", 0);

	if (!current(r, &m))
		return;
	len_ = req_list(r, "label_en", &nlen);
	lja = req_list(r, "label_ja", &nlja);
	den = req_list(r, "desc_en", &nden);
	dja = req_list(r, "desc_ja", &ndja);
	mins = req_list(r, "min", &nmin);
	m.nlevels = n;
	for (int l = 0; l < n && l < SCORE_RLEVELS_MAX; l++) {
		long long v = 0;

		m.levels[l].label.en = copy(&m, nth(len_, nlen, (size_t)l));
		m.levels[l].label.ja = copy(&m, nth(lja, nlja, (size_t)l));
		m.levels[l].desc.en = copy(&m, nth(den, nden, (size_t)l));
		m.levels[l].desc.ja = copy(&m, nth(dja, ndja, (size_t)l));
		if (m.formula == SCORE_FORMULA_AVT && isms_parse_int(nth(mins, nmin, (size_t)l), 1, SCORE_VALUE_MAX, &v))
			m.levels[l].min = (int)v;
		else if (m.formula == SCORE_FORMULA_AVT)
			m.levels[l].min = 0; /* refused by the check, naming the level */
	}
	save(r, &m);
}

/* "2:3" into likelihood 2, impact 3. */
static bool parse_cell(const char *s, int *l, int *i)
{
	long long a, b;
	const char *colon = strchr(s, ':');
	char buf[8];

	if (!colon || colon - s >= (long)sizeof(buf))
		return false;
	memcpy(buf, s, (size_t)(colon - s));
	buf[colon - s] = '\0';
	if (!isms_parse_int(buf, 1, SCORE_SCALE_MAX, &a) || !isms_parse_int(colon + 1, 1, SCORE_SCALE_MAX, &b))
		return false;
	*l = (int)a;
	*i = (int)b;
	return true;
}

static bool web_method_criteria(struct req *r, struct score_method *m, struct isms_err *err)
{
	const char *c = req_str(r, "criterion");
	const char *const *v;
	size_t n;

	if (c && !strcmp(c, "threshold"))
		m->criterion = SCORE_CRIT_THRESHOLD;
	else if (c && !strcmp(c, "levels"))
		m->criterion = SCORE_CRIT_LEVELS;
	else if (c && !strcmp(c, "cells"))
		m->criterion = SCORE_CRIT_CELLS;
	if (req_present(r, "threshold"))
		m->threshold = (int)req_int(r, "threshold", 0);
	v = req_list(r, "accept_levels", &n);
	if (c && !strcmp(c, "levels")) {
		m->accept_levels = 0;
		for (size_t k = 0; k < n; k++) {
			long long lv;

			if (!isms_parse_int(v[k], 1, SCORE_RLEVELS_MAX, &lv)) {
				isms_err_set(err, ISMS_EINVAL, _("\"%s\" is not a risk level"), v[k]);
				isms_err_field(err, "accept_levels");
				return false;
			}
			m->accept_levels |= 1u << (lv - 1);
		}
	}
	if (m->formula == SCORE_FORMULA_MATRIX) {
		v = req_list(r, "cells", &n);
		for (size_t k = 0; k < n; k++) {
			const char *last = strrchr(v[k], ':');
			long long lv;
			int l, i;

			if (!last || !parse_cell(arena_strndup(&r->arena, v[k], (size_t)(last - v[k])), &l, &i) ||
			    !isms_parse_int(last + 1, 1, SCORE_RLEVELS_MAX, &lv)) {
				isms_err_set(err, ISMS_EINVAL, _("\"%s\" is not a cell of the matrix with its level"), v[k]);
				isms_err_field(err, "cells");
				return false;
			}
			m->cell[l - 1][i - 1] = (unsigned char)lv;
		}
		v = req_list(r, "accept_cells", &n);
		if (m->criterion == SCORE_CRIT_CELLS) {
			memset(m->accept_cell, 0, sizeof(m->accept_cell));
			for (size_t k = 0; k < n; k++) {
				int l, i;

				if (!parse_cell(v[k], &l, &i)) {
					isms_err_set(err, ISMS_EINVAL, _("\"%s\" is not a cell of the matrix"), v[k]);
					isms_err_field(err, "accept_cells");
					return false;
				}
				m->accept_cell[l - 1] |= (unsigned short)(1u << (i - 1));
			}
		}
	}
	return true;
}

void page_method_criteria(struct req *r)
{
	struct score_method m;
	struct isms_err err;

	if (!current(r, &m))
		return;
	if (!web_method_criteria(r, &m, &err)) {
		method_render(r, &err, web_status(err.code), &m);
		score_method_release(&m);
		return;
	}
	save(r, &m);
}

void page_method_json(struct req *r)
{
	const char *text = req_str(r, "method");
	struct score_method m;
	struct isms_err err;

	if (score_method_from_json(text, strlen(text), &m, &err)) {
		method_render(r, &err, web_status(err.code), NULL);
		return;
	}
	save(r, &m);
}

void page_method_approval(struct req *r)
{
	const char *d = req_str(r, "decision");
	struct isms_err err;

	if (method_approve(r->ctx, r->isms.id, d && !strcmp(d, "reject") ? APPROVAL_REJECTED : APPROVAL_APPROVED,
			   req_str(r, "comment"), &err)) {
		method_render(r, &err, web_status(err.code), NULL);
		return;
	}
	web_redirect(r, isms_url(r, d && !strcmp(d, "reject") ? "/method?msg=rejected" : "/method?msg=approved"));
}
