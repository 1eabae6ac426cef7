/* ui.c - pieces the step pages share: links that keep a list's filters, paging, sortable headers, form inputs, downloads, who may change what. */
#include <stdio.h>
#include <string.h>

#include "isms/html.h"
#include "isms/scoring.h"
#include "isms/util.h"
#include "web.h"

const char *req_query_url(struct req *r, const char *path, const char *skip1, const char *skip2)
{
	struct sbuf sb = SBUF_INIT;
	const char *out;
	bool first = true;

	sbuf_addstr(&sb, path);
	for (size_t i = 0; i < r->nfields; i++) {
		const struct req_value *v = &r->fields[i];

		if (!v->value[0] || v->kind == 'f' || (skip1 && !strcmp(v->name, skip1)) ||
		    (skip2 && !strcmp(v->name, skip2)) || !strcmp(v->name, "msg"))
			continue;
		sbuf_addch(&sb, first ? '?' : '&');
		first = false;
		html_url_escape(&sb, v->name);
		sbuf_addch(&sb, '=');
		html_url_escape(&sb, v->value);
	}
	sbuf_addch(&sb, first ? '?' : '&');
	out = arena_strdup(&r->arena, sb.buf);
	sbuf_release(&sb);
	return out;
}

void page_pager(struct req *r, const char *base, size_t total, size_t offset, size_t limit)
{
	struct sbuf *o = &r->out;
	size_t last = offset + limit < total ? offset + limit : total;

	html_printf(o, "<nav class=\"pager\" aria-label=\"%s\"><p>", _("Pages"));
	if (total == 0) {
		html_printf(o, "%s", _("Nothing to show."));
	} else {
		html_printf(o, "%s", arena_printf(&r->arena, _("Showing %zu to %zu of %zu."), offset + 1,
						 last, total));
	}
	if (offset > 0)
		html_printf(o, " <a rel=\"prev\" href=\"%soffset=%zu&amp;limit=%zu\">%s</a>", base,
			    offset > limit ? offset - limit : 0, limit, _("Previous page"));
	if (last < total)
		html_printf(o, " <a rel=\"next\" href=\"%soffset=%zu&amp;limit=%zu\">%s</a>", base, last,
			    limit, _("Next page"));
	html_raw(o, "</p></nav>\n");
}

void page_sort_th_from(struct req *r, const char *base, const char *key, const char *label,
		       const char *current, bool desc, bool high_first)
{
	bool on = current && !strcmp(current, key);
	/* what the reader sees: highest first is descending */
	bool down = desc != high_first;

	if (!on)
		html_raw(&r->out, "<th>");
	else if (down)
		html_raw(&r->out, "<th aria-sort=\"descending\">");
	else
		html_raw(&r->out, "<th aria-sort=\"ascending\">");
	/* The current column links to the other direction. */
	html_printf(&r->out, "<a href=\"%ssort=%s%s\">%s</a>%s</th>", base, key, on && !desc ? "&desc=1" : "",
		    label, on ? (down ? " ▼" : " ▲") : "");
}

void page_sort_th(struct req *r, const char *base, const char *key, const char *label,
		  const char *current, bool desc)
{
	page_sort_th_from(r, base, key, label, current, desc, false);
}

void form_text(struct req *r, const char *id, const char *name, const char *label,
	       const char *value, long long maxlength, bool required)
{
	html_printf(&r->out, "<p><label for=\"%s\">%s</label>\n", id, label);
	html_printf(&r->out, "<input id=\"%s\" name=\"%s\" value=\"%s\" maxlength=\"%lld\"%s></p>\n", id,
		    name, value ? value : "", maxlength, required ? " required" : "");
}

void form_textarea(struct req *r, const char *id, const char *name, const char *label,
		   const char *value, long long maxlength)
{
	html_printf(&r->out, "<p><label for=\"%s\">%s</label>\n", id, label);
	html_printf(&r->out, "<textarea id=\"%s\" name=\"%s\" rows=\"3\" cols=\"60\" maxlength=\"%lld\">%s</textarea></p>\n",
		    id, name, maxlength, value ? value : "");
}

void form_option(struct req *r, const char *value, const char *label, bool selected)
{
	html_printf(&r->out, "<option value=\"%s\"%s>%s</option>\n", value, selected ? " selected" : "",
		    label);
}

bool web_owns(struct req *r, const char *owner)
{
	if (r->role >= ROLE_MANAGER)
		return true;
	if (!owner || !*owner)
		return false;
	return !strcmp(owner, r->user->name) ||
	       (r->user->display_name[0] && !strcmp(owner, r->user->display_name));
}

bool web_check_owner(struct req *r, const char *owner, const char *what)
{
	struct isms_err err;

	if (web_owns(r, owner))
		return true;
	isms_err_set(&err, ISMS_EPERM, _("you can change only what you own"));
	isms_err_detail(&err, _("As %s, you can change %s whose owner is you (\"%s\"); this one's owner is \"%s\"."),
			user_role_label(r->role), what, r->user->name, owner ? owner : "");
	isms_err_hint(&err, _("Ask an ISMS manager, or the owner."));
	web_fail(r, &err);
	return false;
}

const char *web_self_owner(struct req *r)
{
	return r->user->display_name[0] ? r->user->display_name : r->user->name;
}

const char *web_today(struct req *r)
{
	/* Once a request: a page made across midnight is of one day, and is
	 * kept as that day's (fragment.c). */
	if (!r->today[0]) {
		char now[32];

		isms_time_now(now);
		memcpy(r->today, now, 10);
		r->today[10] = '\0';
	}
	return r->today;
}

const char *web_time(struct req *r, const char *iso)
{
	/* "2026-11-26T08:15:20.566Z" -> "2026-11-26 08:15 UTC" */
	if (!iso || strlen(iso) < 16 || iso[10] != 'T' || iso[13] != ':')
		return iso ? iso : "";
	return arena_printf(&r->arena, "%.10s %.5s UTC", iso, iso + 11);
}

const char *web_level_text(struct req *r, const struct score_scale *s, int v)
{
	if (v <= 0)
		return "-";
	if (s && v <= s->n && *score_text(&s->lv[v - 1].label))
		return arena_printf(&r->arena, "%d %s", v, score_text(&s->lv[v - 1].label));
	return arena_printf(&r->arena, "%d", v);
}

void form_level_select(struct req *r, const char *id, const char *name, const char *label,
		       const struct score_scale *s, int value, int max)
{
	struct sbuf *o = &r->out;
	int n = s && s->n ? s->n : max;

	html_printf(o, "<p><label for=\"%s\">%s</label>\n<select id=\"%s\" name=\"%s\">\n", id, label, id,
		    name);
	html_printf(o, "<option value=\"0\"%s>%s</option>\n", value <= 0 ? " selected" : "",
		    _("not set"));
	for (int k = 1; k <= n; k++)
		html_printf(o, "<option value=\"%d\"%s>%s</option>\n", k, k == value ? " selected" : "",
			    web_level_text(r, s, k));
	/* A value outside the scale (set under an earlier method) stays
	 * visible, so that saving the form does not change it silently. */
	if (value > n)
		html_printf(o, "<option value=\"%d\" selected>%d</option>\n", value, value);
	html_raw(o, "</select></p>\n");
}

int req_level(struct req *r, const char *name, int dflt)
{
	return (int)req_int(r, name, dflt);
}

bool req_present(struct req *r, const char *name)
{
	return req_raw(r, name) != NULL;
}

const char **web_split_lines(struct req *r, const char *s, size_t max, size_t *ret_n)
{
	const char **v = arena_zalloc(&r->arena, (max + 1) * sizeof(*v));
	size_t n = 0;

	while (s && *s) {
		size_t len = strcspn(s, "\r\n"), end = len, start = 0;

		while (start < end && (s[start] == ' ' || s[start] == '\t'))
			start++;
		while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
			end--;
		if (end > start) {
			if (n == max) {
				n++;
				break;
			}
			v[n++] = arena_strndup(&r->arena, s + start, end - start);
		}
		s += len;
		s += strspn(s, "\r\n");
	}
	*ret_n = n;
	return v;
}

const char *web_url_part(struct req *r, const char *s)
{
	struct sbuf sb = SBUF_INIT;
	const char *out;

	html_url_escape(&sb, s);
	out = arena_strdup(&r->arena, sb.buf);
	sbuf_release(&sb);
	return out;
}

void page_error_web(struct req *r, const struct isms_err *err)
{
	struct isms_err e = *err;

	step_web_hint(&e);
	page_error(r, &e);
}
