/* soa.c - benchmark: SoA generation and its XLSX and PDF export, against libxlsxwriter and pango writing the same cells directly. */
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "isms/doc.h"
#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/report.h"
#include "isms/selection.h"
#include "isms/soa.h"
#include "isms/util.h"

#define MAXREPS 50

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return v[n / 2];
}

static void die(const char *what, const struct isms_err *err)
{
	fprintf(stderr, "bench-soa: %s: %s (%s)\n", what, err->msg, err->detail);
	exit(1);
}

/* The reference for XLSX: the same strings into the same cells with
 * libxlsxwriter alone, without formats, widths, filters or page setup. */
static void xlsx_direct(const struct doc *d, const char *path)
{
	const struct doc_table *t = d->main_table;
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	lxw_row_t r = 0;

	worksheet_write_string(ws, r++, 0, d->title, NULL);
	for (size_t i = 0; i < d->nmeta; i++, r++) {
		worksheet_write_string(ws, r, 0, d->meta[i].label, NULL);
		worksheet_write_string(ws, r, 1, d->meta[i].value, NULL);
	}
	r++;
	for (size_t c = 0; c < t->ncols; c++)
		worksheet_write_string(ws, r, (lxw_col_t)c, t->cols[c].label, NULL);
	for (size_t i = 0; i < t->nrows; i++) {
		r++;
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = doc_cell(t, i, c)->v;

			if (v && *v)
				worksheet_write_string(ws, r, (lxw_col_t)c, v, NULL);
		}
	}
	if (workbook_close(wb)) {
		fprintf(stderr, "bench-soa: libxlsxwriter failed\n");
		exit(1);
	}
}

static cairo_status_t to_sbuf(void *closure, const unsigned char *data, unsigned int len)
{
	sbuf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* The reference for PDF: the same cells, A4 landscape, the same font and
 * column widths, each wrapped by pango and drawn in one pass: no page
 * count, no header repeated, no borders, no row kept whole. */
static void pdf_direct(const struct doc *d, struct sbuf *out)
{
	const struct doc_table *t = d->main_table;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_sbuf, out, 841.89, 595.28);
	cairo_t *cr = cairo_create(s);
	PangoFontMap *fm = pango_cairo_font_map_new();
	PangoContext *pc = pango_font_map_create_context(fm);
	PangoLayout *l;
	PangoFontDescription *fd = pango_font_description_from_string("Noto Sans CJK JP 8.5");
	double y = 40, w = 760.0 / (double)t->ncols;

	pango_cairo_context_set_resolution(pc, 72);
	pango_cairo_update_context(cr, pc);
	l = pango_layout_new(pc);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_width(l, (int)((w - 6) * PANGO_SCALE));
	for (size_t i = 0; i < t->nrows; i++) {
		int h = 0;

		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = doc_cell(t, i, c)->v;
			int lw, lh;

			pango_layout_set_text(l, v ? v : "", -1);
			cairo_move_to(cr, 40 + w * (double)c, y);
			pango_cairo_show_layout(cr, l);
			pango_layout_get_size(l, &lw, &lh);
			if (lh > h)
				h = lh;
		}
		y += (double)h / PANGO_SCALE + 6;
		if (y > 540) {
			cairo_show_page(cr);
			y = 40;
		}
	}
	cairo_show_page(cr);
	g_object_unref(l);
	g_object_unref(pc);
	g_object_unref(fm);
	pango_font_description_free(fd);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
}

int main(int argc, char **argv)
{
	double gen[MAXREPS], rows[MAXREPS], build[MAXREPS], xlsx[MAXREPS], xlsx_ref[MAXREPS];
	double pdf[MAXREPS], pdf_ref[MAXREPS], t0;
	struct report_opts ro = { .date = "2026-04-01" };
	struct isms_ctx *ctx;
	struct isms_info isms;
	struct isms_err err;
	struct arena a = ARENA_INIT;
	char path[] = "/tmp/bench-soa-XXXXXX";
	long long reps = 5;
	size_t pdf_bytes = 0, pdf_ref_bytes = 0;
	int fd, number = 0;

	if (argc < 2 || (argc > 2 && !isms_parse_int(argv[2], 1, MAXREPS, &reps))) {
		fprintf(stderr, "usage: bench-soa DB [REPETITIONS]\n");
		return 2;
	}
	if (!isms_crypto_init())
		return 1;
	i18n_init(NULL);
	if (i18n_use(ISMS_LANG_JA, &err))
		i18n_use(ISMS_LANG_EN, &err);
	if (isms_ctx_open(argv[1], 0, &ctx, &err))
		die("open", &err);
	isms_ctx_set_actor(ctx, "bench");
	if (isms_resolve(ctx, &a, NULL, &isms, &err))
		die("isms", &err);
	fd = mkstemp(path);
	close(fd);
	for (int r = 0; r < reps; r++) {
		struct sel_update u = SEL_UPDATE_INIT;
		const char *id[] = { "A.5.1" };
		struct soa s;
		struct arena ra = ARENA_INIT;
		struct sbuf sb = SBUF_INIT;
		struct doc *d;

		/* A change, so that each round makes a new snapshot. */
		u.status = r % 2 ? SEL_PLANNED : SEL_IMPLEMENTED;
		if (selection_set(ctx, isms.id, id, 1, &u, &err))
			die("set", &err);
		t0 = now();
		if (soa_current(ctx, &ra, isms.id, &s, &err))
			die("current", &err);
		rows[r] = now() - t0;
		t0 = now();
		if (soa_generate(ctx, isms.id, &number, &err))
			die("generate", &err);
		gen[r] = now() - t0;
		t0 = now();
		if (report_soa_number(ctx, &isms, number, &ro, &d, &err))
			die("report", &err);
		build[r] = now() - t0;
		/* Ours and the reference in turns, each first every other round. */
		for (int k = 0; k < 2; k++) {
			if ((k + r) % 2 == 0) {
				t0 = now();
				if (doc_write_file(d, DOC_XLSX, path, &err))
					die("xlsx", &err);
				xlsx[r] = now() - t0;
				sbuf_reset(&sb);
				t0 = now();
				if (doc_write(d, DOC_PDF, &sb, &err))
					die("pdf", &err);
				pdf[r] = now() - t0;
				pdf_bytes = sb.len;
			} else {
				t0 = now();
				xlsx_direct(d, path);
				xlsx_ref[r] = now() - t0;
				sbuf_reset(&sb);
				t0 = now();
				pdf_direct(d, &sb);
				pdf_ref[r] = now() - t0;
				pdf_ref_bytes = sb.len;
			}
		}
		if (r == 0)
			printf("SoA rows: %zu\n", d->main_table->nrows);
		sbuf_release(&sb);
		doc_free(d);
		arena_release(&ra);
	}
	printf("%-44s %9.1f ms\n", "SoA rows from the selection (soa_current)", median(rows, (int)reps) * 1e3);
	printf("%-44s %9.1f ms\n", "soa_generate (rows + one transaction)", median(gen, (int)reps) * 1e3);
	printf("%-44s %9.1f ms\n", "SoA document (report_soa_number)", median(build, (int)reps) * 1e3);
	printf("%-44s %9.1f ms\n", "XLSX, isms writer", median(xlsx, (int)reps) * 1e3);
	printf("%-44s %9.1f ms\n", "XLSX, libxlsxwriter direct (reference)", median(xlsx_ref, (int)reps) * 1e3);
	printf("%-44s %9.1f ms  (%zu bytes)\n", "PDF, isms writer", median(pdf, (int)reps) * 1e3,
	       pdf_bytes);
	printf("%-44s %9.1f ms  (%zu bytes)\n", "PDF, pango direct, one pass (reference)",
	       median(pdf_ref, (int)reps) * 1e3, pdf_ref_bytes);
	printf("ratio XLSX isms / direct: %.2f\n", median(xlsx, (int)reps) / median(xlsx_ref, (int)reps));
	printf("ratio PDF isms / direct: %.2f\n", median(pdf, (int)reps) / median(pdf_ref, (int)reps));

	/* The whole risk register as PDF: the writer on a long table. */
	{
		const struct report_def *def = report_find("risks");
		struct sbuf sb = SBUF_INIT;
		struct doc *d;

		if (def && !def->build(ctx, &isms, &ro, &d, &err)) {
			t0 = now();
			if (doc_write(d, DOC_PDF, &sb, &err))
				die("risk list pdf", &err);
			printf("%-44s %9.1f ms  (%zu rows, %zu bytes)\n", "risk list PDF, isms writer",
			       (now() - t0) * 1e3, d->main_table ? d->main_table->nrows : 0, sb.len);
			sbuf_reset(&sb);
			t0 = now();
			pdf_direct(d, &sb);
			printf("%-44s %9.1f ms  (%zu bytes)\n", "risk list PDF, pango direct (reference)",
			       (now() - t0) * 1e3, sb.len);
			sbuf_release(&sb);
			doc_free(d);
		}
	}
	unlink(path);
	arena_release(&a);
	isms_ctx_free(ctx);
	return 0;
}
