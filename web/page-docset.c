/* page-docset.c - the documents of the ISMS: every report in Japanese or English, and the whole document set as one zip. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "isms/docset.h"
#include "isms/html.h"
#include "isms/report.h"
#include "isms/xalloc.h"
#include "isms/soa.h"
#include "isms/transition.h"
#include "web.h"

/* The reports in the order of the ten steps, and whether they are
 * tables (then also offered as XLSX and CSV). */
static const struct doc_entry {
	const char *report;
	int step;
	bool tabular;
} entries[] = {
	{ "scope", 1, false },      { "policy", 2, false },     { "method", 3, false },
	{ "assets", 4, true },      { "risks", 4, true },       { "assessment", 5, false },
	{ "treatment", 6, true },   { "controls", 7, true },    { "approvals", 8, true },
	{ "authorisation", 9, false }, { "soa", 10, true },     { "transition", 0, false },
};

#define NENTRIES (sizeof(entries) / sizeof(entries[0]))

static const char *const formats_table[] = { "pdf", "xlsx", "csv", "html", NULL };
static const char *const formats_text[] = { "pdf", "html", NULL };

const char *const *docset_formats(const char *report)
{
	for (size_t i = 0; i < NENTRIES; i++)
		if (!strcmp(entries[i].report, report))
			return entries[i].tabular ? formats_table : formats_text;
	return formats_text;
}

int docset_step(const char *report)
{
	for (size_t i = 0; i < NENTRIES; i++)
		if (!strcmp(entries[i].report, report))
			return entries[i].step;
	return 0;
}

/* Why the artefact `report` does not exist yet, for the two that a
 * complete ISMS may lack; NULL when it can be written. */
static const char *missing(struct req *r, const char *report)
{
	struct isms_err err;
	struct soa_info *list;
	struct tr_report tr;
	size_t n;

	if (!strcmp(report, "transition") &&
	    transition_last(r->ctx, &r->arena, r->isms.id, &tr, &err) == ISMS_ENOTFOUND)
		return _("none: the ISMS has not moved to another edition");
	if (!strcmp(report, "soa") && !soa_list(r->ctx, &r->arena, r->isms.id, &list, &n, &err) && !n)
		return _("none yet: generate the Statement of Applicability first");
	return NULL;
}

void page_documents(struct req *r)
{
	struct sbuf *o = &r->out;

	page_begin(r, _("Documents"));
	html_printf(o, "<p class=\"lead\">%s</p>\n",
		    _("Every artefact of establishing the ISMS, written from what is recorded now, in Japanese or English. Spreadsheets are for auditors who work in Excel; PDF is for signing and filing."));
	html_printf(o, "<section aria-labelledby=\"set-h\">\n<h2 id=\"set-h\">%s</h2>\n<p>%s</p>\n",
		    _("The whole document set"),
		    _("One zip with every artefact of the ten steps as PDF, the tables also as XLSX, and an index. An artefact that does not exist yet is named in the index with the reason."));
	html_printf(o, "<ul class=\"downloads\">\n<li><a href=\"%s\" download lang=\"ja\">%s</a></li>\n",
		    isms_url(r, "/documents/all?lang=ja"), "日本語 (zip)");
	html_printf(o, "<li><a href=\"%s\" download lang=\"en\">%s</a></li>\n</ul>\n</section>\n",
		    isms_url(r, "/documents/all?lang=en"), "English (zip)");
	html_printf(o, "<h2>%s</h2>\n", _("One document at a time"));
	html_printf(o, "<table class=\"documents\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("Step"), _("Artefact"), _("Files"));
	for (size_t i = 0; i < NENTRIES; i++) {
		const struct report_def *def = report_find(entries[i].report);
		const char *none = missing(r, entries[i].report);

		if (!def)
			continue;
		html_printf(o, "<tr><td>%s</td><td>%s</td><td>",
			    entries[i].step ? arena_printf(&r->arena, "%d", entries[i].step) : "", T_(def->title));
		if (none)
			html_printf(o, "<span class=\"hint\">%s</span>", none);
		else
			step_download_links(r, isms_url(r, arena_printf(&r->arena, "/documents/%s", def->name)),
					    entries[i].tabular ? formats_table : formats_text);
		html_raw(o, "</td></tr>\n");
	}
	html_raw(o, "</tbody>\n</table>\n");
	page_end(r, 200);
}

/* --- the zip ---------------------------------------------------------------------------------------- */

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char *p;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR)
			remove_tree(p);
		else
			unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static enum isms_rc zip_dir(const char *dir, const char *prefix, const char *zippath,
			    struct isms_err *err)
{
	zip_t *za;
	DIR *d;
	struct dirent *e;
	int zerr;

	za = zip_open(zippath, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!za)
		return isms_err_set(err, ISMS_EIO, _("cannot write the zip of the document set"));
	d = opendir(dir);
	while (d && (e = readdir(d))) {
		zip_source_t *src;
		char *path, *name;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		name = xasprintf("%s/%s", prefix, e->d_name);
		src = zip_source_file(za, path, 0, -1);
		if (!src || zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8) < 0) {
			if (src)
				zip_source_free(src);
			free(path);
			free(name);
			closedir(d);
			zip_discard(za);
			return isms_err_set(err, ISMS_EIO, _("cannot write the zip of the document set"));
		}
		free(path);
		free(name);
	}
	if (d)
		closedir(d);
	if (zip_close(za) < 0) {
		zip_discard(za);
		return isms_err_set(err, ISMS_EIO, _("cannot write the zip of the document set"));
	}
	return ISMS_OK;
}

static enum isms_rc read_whole(const char *path, struct sbuf *out, struct isms_err *err)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n;

	if (!f)
		return isms_err_set(err, ISMS_EIO, _("cannot read the zip of the document set"));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_add(out, buf, n);
	fclose(f);
	return ISMS_OK;
}

static void send_set(struct req *r, enum isms_lang lang)
{
	const char *tmp = getenv("TMPDIR");
	struct report_opts ro = { 0 };
	struct docset_result res;
	struct isms_err err, ignore;
	char *base, *dir, *zippath, *prefix;
	enum isms_rc rc;
	char today[16];

	base = arena_printf(&r->arena, "%s/isms-docset-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(base)) {
		isms_err_set(&err, ISMS_EIO, _("cannot make a temporary directory for the document set"));
		isms_err_detail(&err, "%s", strerror(errno));
		web_fail(r, &err);
		return;
	}
	prefix = arena_printf(&r->arena, "isms-documents-%s", i18n_code(lang));
	dir = arena_printf(&r->arena, "%s/%s", base, prefix);
	zippath = arena_printf(&r->arena, "%s/set.zip", base);
	step_today(today);
	ro.date = today;
	step_lock_pdf();
	i18n_use(lang, &ignore);
	rc = docset_write(r->ctx, &r->isms, dir, &ro, &res, &err);
	i18n_use(r->lang, &ignore);
	step_unlock_pdf();
	if (!rc)
		rc = zip_dir(dir, prefix, zippath, &err);
	sbuf_reset(&r->out);
	if (!rc)
		rc = read_whole(zippath, &r->out, &err);
	remove_tree(base);
	if (rc) {
		sbuf_reset(&r->out);
		web_fail(r, &err);
		return;
	}
	web_send(r, 200, "application/zip", arena_printf(&r->arena, "%s.zip", prefix));
}

void page_document(struct req *r)
{
	const char *name = req_param(r, "report"), *fmt = req_str(r, "format");
	const struct report_def *def;
	struct report_opts ro = { 0 };
	struct isms_err err, ignore;
	enum doc_format f = DOC_PDF;
	enum isms_lang lang;
	struct doc *d;
	enum isms_rc rc;
	char today[16];

	step_doc_lang(r, &lang);
	if (!strcmp(name, "all")) {
		if (fmt && strcmp(fmt, "zip")) {
			isms_err_set(&err, ISMS_EINVAL, _("the document set is a zip"));
			isms_err_field(&err, "format");
			web_fail(r, &err);
			return;
		}
		send_set(r, lang);
		return;
	}
	def = report_find(name);
	if (!def) {
		isms_err_set(&err, ISMS_ENOTFOUND, _("no document called \"%s\""), name);
		isms_err_hint(&err, _("The documents page lists them all."));
		web_fail(r, &err);
		return;
	}
	if (fmt && !doc_format_parse(fmt, &f)) {
		isms_err_set(&err, ISMS_EINVAL, _("a document cannot be written as \"%s\""), fmt);
		isms_err_field(&err, "format");
		web_fail(r, &err);
		return;
	}
	step_today(today);
	ro.date = today;
	i18n_use(lang, &ignore);
	rc = def->build(r->ctx, &r->isms, &ro, &d, &err);
	i18n_use(r->lang, &ignore);
	if (rc) {
		step_web_hint(&err);
		web_fail(r, &err);
		return;
	}
	step_send_doc(r, d, f, arena_printf(&r->arena, "%s-%s", def->name, i18n_code(lang)));
}
