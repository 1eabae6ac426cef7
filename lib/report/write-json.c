/* write-json.c - the document as one JSON object: metadata, then its blocks in order. */
#include <stdlib.h>
#include <string.h>

#include "isms/json.h"
#include "writer.h"

/* A number cell as a JSON number; a cell that is not one stays a string
 * rather than being lost. */
static json_t *number(const char *s)
{
	char *end;
	long long i;
	double v;

	if (!*s)
		return json_null();
	i = strtoll(s, &end, 10);
	if (!*end)
		return json_integer(i);
	v = strtod(s, &end);
	if (!*end)
		return json_real(v);
	return json_string(s);
}

static json_t *table_json(const struct doc_table *t)
{
	json_t *o = json_object(), *cols = json_array(), *rows = json_array();
	static const char *const types[] = { "text", "number", "date" };

	json_set_str(o, "type", "table");
	json_set_str(o, "key", t->key);
	json_set_str(o, "caption", t->caption);
	for (size_t c = 0; c < t->ncols; c++) {
		json_t *col = json_object();

		json_set_str(col, "key", t->cols[c].key);
		json_set_str(col, "label", t->cols[c].label);
		json_set_str(col, "type", types[t->cols[c].type]);
		json_array_append_new(cols, col);
	}
	json_object_set_new(o, "columns", cols);
	for (size_t r = 0; r < t->nrows; r++) {
		json_t *row = json_object(), *styles = NULL;

		for (size_t c = 0; c < t->ncols; c++) {
			const struct doc_cell *cell = doc_cell(t, r, c);
			json_t *v;

			if (!cell->v)
				v = json_null();
			else if (t->cols[c].type == DOC_NUMBER)
				v = number(cell->v);
			else
				v = json_string(cell->v);
			json_object_set_new(row, t->cols[c].key, v ? v : json_null());
			if (cell->style) {
				if (!styles)
					styles = json_object();
				json_set_str(styles, t->cols[c].key, doc_style_name(cell->style));
			}
		}
		/* Styles ride along under a key no column can have. */
		if (styles)
			json_object_set_new(row, "_style", styles);
		json_array_append_new(rows, row);
	}
	json_object_set_new(o, "rows", rows);
	return o;
}

static json_t *chart_json(const struct doc_chart *c)
{
	json_t *o = json_object();

	json_set_str(o, "type", "chart");
	json_set_str(o, "chart", c->kind == DOC_CHART_HEATMAP ? "heatmap" : "bar");
	json_set_str(o, "key", c->key);
	json_set_str(o, "title", c->title);
	json_set_str(o, "x_title", c->x_title);
	if (c->kind == DOC_CHART_HEATMAP) {
		json_t *rl = json_array(), *cl = json_array(), *cells = json_array();

		json_set_str(o, "y_title", c->y_title);
		for (size_t i = 0; i < c->nrows; i++)
			json_array_append_new(rl, json_string(c->row_labels[i]));
		for (size_t i = 0; i < c->ncols; i++)
			json_array_append_new(cl, json_string(c->col_labels[i]));
		for (size_t r = 0; r < c->nrows; r++) {
			json_t *row = json_array();

			for (size_t k = 0; k < c->ncols; k++) {
				const struct doc_chart_cell *cell = &c->cells[r * c->ncols + k];
				json_t *jc = json_object();

				json_set_int(jc, "count", cell->count);
				json_set_str(jc, "colour", cell->colour);
				json_set_str(jc, "label", cell->label);
				json_array_append_new(row, jc);
			}
			json_array_append_new(cells, row);
		}
		json_object_set_new(o, "row_labels", rl);
		json_object_set_new(o, "col_labels", cl);
		json_object_set_new(o, "cells", cells);
	} else {
		json_t *bars = json_array();

		for (size_t i = 0; i < c->nbars; i++) {
			json_t *b = json_object();

			json_set_str(b, "label", c->bars[i].label);
			json_set_int(b, "count", c->bars[i].count);
			json_set_str(b, "colour", c->bars[i].colour);
			json_array_append_new(bars, b);
		}
		json_object_set_new(o, "bars", bars);
	}
	return o;
}

static enum isms_rc write_json(const struct doc *d, struct sbuf *out, struct isms_err *err)
{
	json_t *o = json_object(), *meta = json_object(), *labels = json_object();
	json_t *blocks = json_array();

	(void)err;
	json_set_str(o, "kind", d->kind);
	json_set_str(o, "title", d->title);
	json_set_str(o, "lang", d->lang);
	for (size_t i = 0; i < d->nmeta; i++) {
		json_set_str(meta, d->meta[i].key, d->meta[i].value);
		json_set_str(labels, d->meta[i].key, d->meta[i].label);
	}
	json_object_set_new(o, "meta", meta);
	json_object_set_new(o, "meta_labels", labels);
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		json_t *j = NULL;

		switch (b->kind) {
		case DOC_HEADING:
			j = json_object();
			json_set_str(j, "type", "heading");
			json_set_int(j, "level", b->level);
			json_set_str(j, "text", b->text);
			break;
		case DOC_PARAGRAPH:
			j = json_object();
			json_set_str(j, "type", "paragraph");
			json_set_str(j, "text", b->text);
			if (b->style)
				json_set_str(j, "style", doc_style_name(b->style));
			break;
		case DOC_KV: {
			json_t *items = json_array();

			j = json_object();
			json_set_str(j, "type", "kv");
			for (size_t k = 0; k < b->nkv; k++) {
				json_t *it = json_object();

				json_set_str(it, "key", b->kv[k].key);
				json_set_str(it, "label", b->kv[k].label);
				json_set_str(it, "value", b->kv[k].value);
				json_array_append_new(items, it);
			}
			json_object_set_new(j, "items", items);
			break;
		}
		case DOC_TABLE: j = table_json(b->table); break;
		case DOC_CHART: j = chart_json(b->chart); break;
		}
		json_array_append_new(blocks, j);
	}
	json_object_set_new(o, "blocks", blocks);
	json_write(out, o, 1);
	sbuf_addch(out, '\n');
	json_decref(o);
	return ISMS_OK;
}

const struct doc_writer doc_writer_json = {
	.format = DOC_JSON,
	.write = write_json,
};
