/* write-html.c - the document as a complete, printable HTML page (charts as inline SVG). */
#include <string.h>

#include "isms/html.h"
#include "writer.h"

static const char css[] =
	"body{font-family:'Noto Sans CJK JP','Noto Sans JP','Hiragino Sans','Yu Gothic',sans-serif;"
	"color:#1a1a1a;margin:2em;font-size:11pt;line-height:1.5}\n"
	".isms-doc h1{font-size:18pt;margin:0 0 .4em}\n"
	".isms-doc h2{font-size:14pt;margin:1.4em 0 .4em;border-bottom:1px solid #999}\n"
	".isms-doc h3{font-size:12pt;margin:1.2em 0 .3em}\n"
	".isms-doc h4{font-size:11pt;margin:1em 0 .3em}\n"
	".isms-doc dl.isms-meta,.isms-doc dl.isms-kv{display:grid;grid-template-columns:max-content auto;"
	"gap:.1em 1.2em;margin:.5em 0 1em}\n"
	".isms-doc dt{font-weight:bold}\n.isms-doc dd{margin:0;white-space:pre-wrap}\n"
	".isms-doc table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:9.5pt}\n"
	".isms-doc caption{text-align:left;font-weight:bold;padding:.2em 0}\n"
	".isms-doc th,.isms-doc td{border:1px solid #999;padding:.2em .4em;vertical-align:top;"
	"text-align:left;white-space:pre-wrap}\n"
	".isms-doc th{background:#e7e6e6}\n.isms-doc td.num{text-align:right}\n"
	".isms-doc .s-strong{font-weight:bold}\n.isms-doc .s-muted{background:#d9d9d9;color:#555}\n"
	".isms-doc .s-good{background:#c6efce}\n.isms-doc .s-notice{background:#ffeb9c}\n"
	".isms-doc .s-warn{background:#f8cbad}\n.isms-doc .s-bad{background:#ff9b9b}\n"
	".isms-doc figure{margin:1em 0}\n"
	"@media print{body{margin:0;font-size:9pt}"
	".isms-doc table{font-size:8pt}"
	".isms-doc thead{display:table-header-group}"
	".isms-doc tr,.isms-doc figure{page-break-inside:avoid}"
	".isms-doc h2,.isms-doc h3{page-break-after:avoid}}\n"
	"@page{size:A4 landscape;margin:12mm}\n";

const char *doc_html_css(void)
{
	return css;
}

static const char *style_class(enum doc_style s)
{
	switch (s) {
	case DOC_STYLE_STRONG: return "s-strong";
	case DOC_STYLE_MUTED: return "s-muted";
	case DOC_STYLE_GOOD: return "s-good";
	case DOC_STYLE_NOTICE: return "s-notice";
	case DOC_STYLE_WARN: return "s-warn";
	case DOC_STYLE_BAD: return "s-bad";
	default: return NULL;
	}
}

static void table(const struct doc_table *t, struct sbuf *out)
{
	html_printf(out, "<table class=\"isms-table\" id=\"t-%s\">", t->key);
	if (t->caption)
		html_printf(out, "<caption>%s</caption>", t->caption);
	html_raw(out, "<thead><tr>");
	for (size_t c = 0; c < t->ncols; c++)
		html_printf(out, "<th scope=\"col\" data-key=\"%s\">%s</th>", t->cols[c].key,
			    t->cols[c].label);
	html_raw(out, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < t->nrows; r++) {
		html_raw(out, "<tr>");
		for (size_t c = 0; c < t->ncols; c++) {
			const struct doc_cell *cell = doc_cell(t, r, c);
			const char *sc = style_class(cell->style);
			bool num = t->cols[c].type == DOC_NUMBER;

			if (num && sc)
				html_printf(out, "<td class=\"num %s\">", sc);
			else if (num)
				html_raw(out, "<td class=\"num\">");
			else if (sc)
				html_printf(out, "<td class=\"%s\">", sc);
			else
				html_raw(out, "<td>");
			html_escape(out, cell->v);
			html_raw(out, "</td>");
		}
		html_raw(out, "</tr>\n");
	}
	html_raw(out, "</tbody></table>\n");
}

void doc_write_html_body(const struct doc *d, struct sbuf *out)
{
	html_printf(out, "<article class=\"isms-doc\" data-kind=\"%s\" lang=\"%s\">\n<header><h1>%s</h1>",
		    d->kind, d->lang, d->title);
	if (d->nmeta) {
		html_raw(out, "<dl class=\"isms-meta\">");
		for (size_t i = 0; i < d->nmeta; i++)
			html_printf(out, "<dt>%s</dt><dd>%s</dd>", d->meta[i].label, d->meta[i].value);
		html_raw(out, "</dl>");
	}
	html_raw(out, "</header>\n");
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		const char *sc;

		switch (b->kind) {
		case DOC_HEADING:
			html_printf(out, "<h%d>%s</h%d>\n", b->level + 1, b->text, b->level + 1);
			break;
		case DOC_PARAGRAPH:
			sc = style_class(b->style);
			if (sc)
				html_printf(out, "<p class=\"%s\">%s</p>\n", sc, b->text);
			else
				html_printf(out, "<p>%s</p>\n", b->text);
			break;
		case DOC_KV:
			html_raw(out, "<dl class=\"isms-kv\">");
			for (size_t k = 0; k < b->nkv; k++)
				html_printf(out, "<dt>%s</dt><dd>%s</dd>", b->kv[k].label, b->kv[k].value);
			html_raw(out, "</dl>\n");
			break;
		case DOC_TABLE:
			table(b->table, out);
			break;
		case DOC_CHART:
			html_printf(out, "<figure id=\"c-%s\">", b->chart->key);
			doc_chart_svg(b->chart, out);
			html_raw(out, "</figure>\n");
			break;
		}
	}
	html_raw(out, "</article>\n");
}

static enum isms_rc write_html(const struct doc *d, struct sbuf *out, struct isms_err *err)
{
	(void)err;
	html_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n"
			 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n",
		    d->lang);
	html_printf(out, "<meta name=\"generator\" content=\"isms\"/>\n<title>%s</title>\n", d->title);
	html_raw(out, "<style>\n");
	sbuf_addstr(out, css);
	html_raw(out, "</style>\n</head>\n<body>\n");
	doc_write_html_body(d, out);
	html_raw(out, "</body>\n</html>\n");
	return ISMS_OK;
}

const struct doc_writer doc_writer_html = {
	.format = DOC_HTML,
	.write = write_html,
};
