/* docset.c - every artefact of the ten steps as PDF (and XLSX), with an index. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "isms/docset.h"
#include "isms/html.h"
#include "isms/i18n.h"
#include "isms/xalloc.h"

/* The artefacts in the order of the steps (DESIGN.md §1). A report that
 * this build lacks is listed as missing rather than skipped. */
static const struct {
	int step;
	const char *report;
	const char *file;
	bool tabular;
} artefacts[] = {
	{ 1, "scope", "01-scope", false },
	{ 2, "policy", "02-policy", false },
	{ 3, "method", "03-risk-method", false },
	{ 4, "assets", "04-asset-inventory", true },
	{ 4, "risks", "04-risk-list", true },
	{ 5, "assessment", "05-risk-assessment", false },
	{ 6, "treatment", "06-risk-treatment", true },
	{ 7, "controls", "07-selected-controls", true },
	{ 8, "approvals", "08-residual-risk-approvals", true },
	{ 9, "authorisation", "09-authorisation", false },
	{ 10, "soa", "10-statement-of-applicability", true },
};

#define NARTEFACTS (sizeof(artefacts) / sizeof(artefacts[0]))

static enum isms_rc make_dir(const char *dir, struct isms_err *err)
{
	struct stat sb;

	if (stat(dir, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return ISMS_OK;
		isms_err_set(err, ISMS_EIO, _("\"%s\" is not a directory"), dir);
		return ISMS_EIO;
	}
	if (mkdir(dir, 0777) != 0) {
		isms_err_set(err, ISMS_EIO, _("cannot create the directory \"%s\": %s"), dir, strerror(errno));
		return ISMS_EIO;
	}
	return ISMS_OK;
}

static enum isms_rc write_index(const struct isms_info *isms, const char *dir,
				const struct report_opts *o, const struct docset_result *r,
				struct isms_err *err)
{
	struct sbuf sb = SBUF_INIT;
	char *path = xasprintf("%s/index.html", dir), *tmp = xasprintf("%s/.index.html.tmp", dir);
	const char *lang = i18n_code(i18n_current());
	enum isms_rc rc = ISMS_OK;
	FILE *f;

	html_printf(&sb, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
			 "<title>%s: %s</title>\n<style>\n", lang, _("ISMS document set"), isms->org);
	sbuf_addstr(&sb, doc_html_css());
	html_raw(&sb, "</style>\n</head>\n<body>\n<article class=\"isms-doc\">\n");
	html_printf(&sb, "<h1>%s</h1>\n<dl class=\"isms-meta\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
			 "<dt>%s</dt><dd>ISO/IEC 27001:%d</dd><dt>%s</dt><dd>%s</dd></dl>\n",
		    _("ISMS document set"), _("Organisation"), isms->org, _("ISMS"), isms->name,
		    _("Standard"), isms->edition, _("Date"), o && o->date ? o->date : "");
	html_printf(&sb, "<table class=\"isms-table\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("Step"), _("Artefact"), _("Files"));
	for (size_t i = 0; i < r->n; i++) {
		const struct docset_item *it = &r->items[i];

		html_printf(&sb, "<tr><td class=\"num\">%d</td><td>%s</td><td>", it->step, it->title);
		if (it->written) {
			html_printf(&sb, "<a href=\"%s.pdf\">PDF</a>", it->file);
			if (it->tabular)
				html_printf(&sb, " · <a href=\"%s.xlsx\">XLSX</a>", it->file);
		} else {
			html_printf(&sb, "<span class=\"s-warn\">%s: %s</span>", _("missing"), it->err.msg);
		}
		html_raw(&sb, "</td></tr>\n");
	}
	html_raw(&sb, "</tbody></table>\n</article>\n</body>\n</html>\n");
	f = fopen(tmp, "wb");
	if (!f || fwrite(sb.buf, 1, sb.len, f) != sb.len || fclose(f) != 0 || rename(tmp, path) != 0) {
		isms_err_set(err, ISMS_EIO, _("cannot write \"%s\": %s"), path, strerror(errno));
		remove(tmp);
		rc = ISMS_EIO;
	}
	sbuf_release(&sb);
	free(path);
	free(tmp);
	return rc;
}

enum isms_rc docset_write(struct isms_ctx *ctx, const struct isms_info *isms, const char *dir,
			  const struct report_opts *o, struct docset_result *ret,
			  struct isms_err *err)
{
	enum isms_rc rc = make_dir(dir, err);

	memset(ret, 0, sizeof(*ret));
	for (size_t i = 0; !rc && i < NARTEFACTS; i++) {
		struct docset_item *it = &ret->items[ret->n++];
		const struct report_def *def = report_find(artefacts[i].report);
		struct doc *d = NULL;
		char *path;

		it->step = artefacts[i].step;
		it->report = artefacts[i].report;
		it->file = artefacts[i].file;
		it->tabular = artefacts[i].tabular;
		it->title = def ? T_(def->title) : artefacts[i].report;
		if (!def) {
			isms_err_set(&it->err, ISMS_ENOTSUP, _("this isms has no report \"%s\""),
				     artefacts[i].report);
			ret->missing++;
			continue;
		}
		rc = def->build(ctx, isms, o, &d, &it->err);
		if (rc == ISMS_ENOTFOUND || rc == ISMS_ESTATE) {
			/* Not written yet, such as an SoA never generated. */
			ret->missing++;
			rc = ISMS_OK;
			continue;
		}
		if (rc) {
			*err = it->err;
			break;
		}
		path = xasprintf("%s/%s.pdf", dir, it->file);
		rc = doc_write_file(d, DOC_PDF, path, err);
		free(path);
		if (!rc && it->tabular) {
			path = xasprintf("%s/%s.xlsx", dir, it->file);
			rc = doc_write_file(d, DOC_XLSX, path, err);
			free(path);
		}
		doc_free(d);
		if (!rc) {
			it->written = true;
			ret->written++;
		}
	}
	if (!rc)
		rc = write_index(isms, dir, o, ret, err);
	return rc;
}
