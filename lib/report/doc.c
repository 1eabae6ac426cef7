/* doc.c - building the neutral document, and the table of its writers. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isms/doc.h"
#include "isms/i18n.h"
#include "isms/xalloc.h"
#include "writer.h"

/* One entry per format; a format without a writer is NULL. Adding a
 * format (write-pdf.c) is one line here and its declaration in writer.h. */
static const struct doc_writer *const writers[DOC_FORMAT_COUNT] = {
	[DOC_CSV] = &doc_writer_csv,
	[DOC_JSON] = &doc_writer_json,
	[DOC_XLSX] = &doc_writer_xlsx,
	[DOC_HTML] = &doc_writer_html,
	[DOC_PDF] = &doc_writer_pdf,
};

static const struct {
	const char *name, *ext, *mime;
} formats[DOC_FORMAT_COUNT] = {
	[DOC_CSV] = { "csv", "csv", "text/csv; charset=utf-8" },
	[DOC_JSON] = { "json", "json", "application/json" },
	[DOC_XLSX] = { "xlsx", "xlsx",
		       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	[DOC_HTML] = { "html", "html", "text/html; charset=utf-8" },
	[DOC_PDF] = { "pdf", "pdf", "application/pdf" },
};

static const struct {
	const char *name, *colour;
} styles[DOC_STYLE_COUNT] = {
	[DOC_STYLE_NONE] = { "none", NULL },
	[DOC_STYLE_STRONG] = { "strong", NULL },
	[DOC_STYLE_MUTED] = { "muted", "#d9d9d9" },
	[DOC_STYLE_GOOD] = { "good", "#c6efce" },
	[DOC_STYLE_NOTICE] = { "notice", "#ffeb9c" },
	[DOC_STYLE_WARN] = { "warn", "#f8cbad" },
	[DOC_STYLE_BAD] = { "bad", "#ff9b9b" },
};

const char *doc_style_colour(enum doc_style s)
{
	return (unsigned)s < DOC_STYLE_COUNT ? styles[s].colour : NULL;
}

const char *doc_style_name(enum doc_style s)
{
	return (unsigned)s < DOC_STYLE_COUNT ? styles[s].name : "none";
}

struct doc *doc_new(const char *kind, const char *title, const char *lang)
{
	struct doc *d = xcalloc(1, sizeof(*d));

	d->kind = arena_strdup(&d->arena, kind ? kind : "");
	d->title = arena_strdup(&d->arena, title ? title : "");
	d->lang = arena_strdup(&d->arena, lang && !strcmp(lang, "ja") ? "ja" : "en");
	return d;
}

void doc_free(struct doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nblocks; i++) {
		struct doc_block *b = &d->blocks[i];

		free(b->kv);
		if (b->table) {
			free(b->table->cols);
			free(b->table->cells);
			free(b->table);
		}
		if (b->chart) {
			free(b->chart->bars);
			free(b->chart);
		}
	}
	free(d->blocks);
	free(d->meta);
	arena_release(&d->arena);
	free(d);
}

static const char *sdup(struct doc *d, const char *s)
{
	return arena_strdup(&d->arena, s);
}

void doc_meta(struct doc *d, const char *key, const char *label, const char *value)
{
	struct doc_kv *kv = NULL;

	for (size_t i = 0; i < d->nmeta; i++)
		if (!strcmp(d->meta[i].key, key))
			kv = &d->meta[i];
	if (!kv) {
		d->meta = xgrow(d->meta, &d->meta_alloc, d->nmeta + 1, sizeof(*d->meta));
		kv = &d->meta[d->nmeta++];
		kv->key = sdup(d, key);
	}
	kv->label = sdup(d, label ? label : key);
	kv->value = sdup(d, value ? value : "");
}

const char *doc_meta_get(const struct doc *d, const char *key)
{
	for (size_t i = 0; i < d->nmeta; i++)
		if (!strcmp(d->meta[i].key, key))
			return d->meta[i].value;
	return NULL;
}

static struct doc_block *add_block(struct doc *d, enum doc_block_kind kind)
{
	struct doc_block *b;

	d->blocks = xgrow(d->blocks, &d->blocks_alloc, d->nblocks + 1, sizeof(*d->blocks));
	b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

void doc_heading(struct doc *d, int level, const char *text)
{
	struct doc_block *b = add_block(d, DOC_HEADING);

	b->level = level < 1 ? 1 : level > 3 ? 3 : level;
	b->text = sdup(d, text ? text : "");
}

void doc_para_styled(struct doc *d, enum doc_style style, const char *text)
{
	struct doc_block *b = add_block(d, DOC_PARAGRAPH);

	b->text = sdup(d, text ? text : "");
	b->style = style;
}

void doc_para(struct doc *d, const char *text)
{
	doc_para_styled(d, DOC_STYLE_NONE, text);
}

void doc_kv(struct doc *d, const char *key, const char *label, const char *value)
{
	struct doc_block *b = d->nblocks ? &d->blocks[d->nblocks - 1] : NULL;
	struct doc_kv *kv;

	if (!b || b->kind != DOC_KV)
		b = add_block(d, DOC_KV);
	b->kv = xgrow(b->kv, &b->kv_alloc, b->nkv + 1, sizeof(*b->kv));
	kv = &b->kv[b->nkv++];
	kv->key = sdup(d, key);
	kv->label = sdup(d, label ? label : key);
	kv->value = sdup(d, value ? value : "");
}

void doc_kvf(struct doc *d, const char *key, const char *label, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	doc_kv(d, key, label, s);
	free(s);
}

struct doc_table *doc_table(struct doc *d, const char *key, const char *caption)
{
	struct doc_block *b = add_block(d, DOC_TABLE);
	struct doc_table *t = xcalloc(1, sizeof(*t));

	t->doc = d;
	t->key = sdup(d, key ? key : "table");
	t->caption = sdup(d, caption);
	b->table = t;
	return t;
}

size_t doc_col(struct doc_table *t, const char *key, const char *label, enum doc_type type,
	       unsigned width)
{
	struct doc_col *c;

	if (t->nrows)
		abort(); /* columns come before rows */
	t->cols = xgrow(t->cols, &t->cols_alloc, t->ncols + 1, sizeof(*t->cols));
	c = &t->cols[t->ncols];
	c->key = sdup(t->doc, key);
	c->label = sdup(t->doc, label ? label : key);
	c->type = type;
	c->width = width;
	return t->ncols++;
}

void doc_row(struct doc_table *t)
{
	size_t need = (t->nrows + 1) * t->ncols;

	t->cells = xgrow(t->cells, &t->cells_alloc, need ? need : 1, sizeof(*t->cells));
	memset(t->cells + t->nrows * t->ncols, 0, t->ncols * sizeof(*t->cells));
	t->nrows++;
}

static struct doc_cell *cur(struct doc_table *t, size_t col)
{
	if (!t->nrows || col >= t->ncols)
		abort();
	return &t->cells[(t->nrows - 1) * t->ncols + col];
}

void doc_set(struct doc_table *t, size_t col, const char *value)
{
	cur(t, col)->v = sdup(t->doc, value);
}

void doc_setf(struct doc_table *t, size_t col, const char *fmt, ...)
{
	struct doc_cell *c = cur(t, col);
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	c->v = sdup(t->doc, s);
	free(s);
}

void doc_set_int(struct doc_table *t, size_t col, long long v)
{
	doc_setf(t, col, "%lld", v);
}

void doc_set_style(struct doc_table *t, size_t col, enum doc_style style)
{
	cur(t, col)->style = style;
}

void doc_set_main(struct doc_table *t)
{
	t->doc->main_table = t;
}

const struct doc_cell *doc_cell(const struct doc_table *t, size_t row, size_t col)
{
	return &t->cells[row * t->ncols + col];
}

static struct doc_chart *add_chart(struct doc *d, enum doc_chart_kind kind, const char *key,
				   const char *title)
{
	struct doc_block *b = add_block(d, DOC_CHART);
	struct doc_chart *c = xcalloc(1, sizeof(*c));

	c->doc = d;
	c->kind = kind;
	c->key = sdup(d, key ? key : "chart");
	c->title = sdup(d, title);
	b->chart = c;
	return c;
}

struct doc_chart *doc_heatmap(struct doc *d, const char *key, const char *title,
			      const char *y_title, const char *x_title, size_t nrows,
			      const char *const *row_labels, size_t ncols,
			      const char *const *col_labels)
{
	struct doc_chart *c = add_chart(d, DOC_CHART_HEATMAP, key, title);

	c->y_title = sdup(d, y_title);
	c->x_title = sdup(d, x_title);
	c->nrows = nrows;
	c->ncols = ncols;
	c->row_labels = arena_zalloc(&d->arena, (nrows ? nrows : 1) * sizeof(char *));
	c->col_labels = arena_zalloc(&d->arena, (ncols ? ncols : 1) * sizeof(char *));
	for (size_t i = 0; i < nrows; i++)
		c->row_labels[i] = sdup(d, row_labels && row_labels[i] ? row_labels[i] : "");
	for (size_t i = 0; i < ncols; i++)
		c->col_labels[i] = sdup(d, col_labels && col_labels[i] ? col_labels[i] : "");
	c->cells = arena_zalloc(&d->arena, (nrows * ncols > 0 ? nrows * ncols : 1) * sizeof(*c->cells));
	return c;
}

void doc_heatmap_set(struct doc_chart *c, size_t row, size_t col, long count,
		     const char *colour, const char *label)
{
	struct doc_chart_cell *cell;

	if (c->kind != DOC_CHART_HEATMAP || row >= c->nrows || col >= c->ncols)
		abort();
	cell = &c->cells[row * c->ncols + col];
	cell->count = count;
	cell->colour = sdup(c->doc, colour);
	cell->label = sdup(c->doc, label);
}

struct doc_chart *doc_barchart(struct doc *d, const char *key, const char *title,
			       const char *x_title)
{
	struct doc_chart *c = add_chart(d, DOC_CHART_BAR, key, title);

	c->x_title = sdup(d, x_title);
	return c;
}

void doc_bar(struct doc_chart *c, const char *label, long count, const char *colour)
{
	struct doc_bar *b;

	if (c->kind != DOC_CHART_BAR)
		abort();
	c->bars = xgrow(c->bars, &c->bars_alloc, c->nbars + 1, sizeof(*c->bars));
	b = &c->bars[c->nbars++];
	b->label = sdup(c->doc, label ? label : "");
	b->count = count;
	b->colour = sdup(c->doc, colour);
}

size_t doc_tables(const struct doc *d, const struct doc_table **out, size_t max)
{
	size_t n = 0;

	if (d->main_table) {
		if (max)
			out[n++] = d->main_table;
		return n;
	}
	for (size_t i = 0; i < d->nblocks && n < max; i++)
		if (d->blocks[i].kind == DOC_TABLE)
			out[n++] = d->blocks[i].table;
	return n;
}

/* ---- formats and writing ---------------------------------------------- */

bool doc_format_parse(const char *s, enum doc_format *ret)
{
	for (int i = 0; i < DOC_FORMAT_COUNT; i++) {
		if (s && !strcmp(s, formats[i].name)) {
			*ret = (enum doc_format)i;
			return true;
		}
	}
	return false;
}

const char *doc_format_name(enum doc_format f)
{
	return (unsigned)f < DOC_FORMAT_COUNT ? formats[f].name : "";
}

const char *doc_format_ext(enum doc_format f)
{
	return (unsigned)f < DOC_FORMAT_COUNT ? formats[f].ext : "";
}

const char *doc_format_mime(enum doc_format f)
{
	return (unsigned)f < DOC_FORMAT_COUNT ? formats[f].mime : "application/octet-stream";
}

bool doc_format_available(enum doc_format f)
{
	return (unsigned)f < DOC_FORMAT_COUNT && writers[f] != NULL;
}

static enum isms_rc unsupported(enum doc_format f, struct isms_err *err)
{
	isms_err_set(err, ISMS_ENOTSUP, _("cannot write %s: this isms has no writer for the format"),
		     (unsigned)f < DOC_FORMAT_COUNT ? formats[f].name : "?");
	isms_err_hint(err, _("Choose another format: csv, json, xlsx or html."));
	return ISMS_ENOTSUP;
}

enum isms_rc doc_write(const struct doc *d, enum doc_format f, struct sbuf *out,
		       struct isms_err *err)
{
	if (!doc_format_available(f))
		return unsupported(f, err);
	return writers[f]->write(d, out, err);
}

static enum isms_rc write_all(int fd, const char *p, size_t len, const char *path,
			      struct isms_err *err)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			isms_err_set(err, ISMS_EIO, _("cannot write \"%s\": %s"), path, strerror(errno));
			return ISMS_EIO;
		}
		p += n;
		len -= (size_t)n;
	}
	return ISMS_OK;
}

enum isms_rc doc_write_file(const struct doc *d, enum doc_format f, const char *path,
			    struct isms_err *err)
{
	_cleanup_free_ char *tmp = NULL;
	struct sbuf sb = SBUF_INIT;
	enum isms_rc rc;
	int fd;

	if (!doc_format_available(f))
		return unsupported(f, err);
	tmp = xasprintf("%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		isms_err_set(err, ISMS_EIO, _("cannot write \"%s\": %s"), path, strerror(errno));
		return ISMS_EIO;
	}
	/* mkstemp makes the file private; a report is an ordinary file. */
	fchmod(fd, 0644);
	if (writers[f]->write_file) {
		close(fd);
		rc = writers[f]->write_file(d, tmp, err);
	} else {
		rc = writers[f]->write(d, &sb, err);
		if (!rc)
			rc = write_all(fd, sb.buf, sb.len, path, err);
		if (close(fd) < 0 && !rc) {
			isms_err_set(err, ISMS_EIO, _("cannot write \"%s\": %s"), path, strerror(errno));
			rc = ISMS_EIO;
		}
		sbuf_release(&sb);
	}
	if (!rc && rename(tmp, path) < 0) {
		isms_err_set(err, ISMS_EIO, _("cannot write \"%s\": %s"), path, strerror(errno));
		rc = ISMS_EIO;
	}
	if (rc)
		unlink(tmp);
	return rc;
}
