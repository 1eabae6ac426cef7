/* tabin.c - tabular input: CSV with encoding detection (UTF-8, Shift_JIS/CP932), header mapping, error lists. */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isms/i18n.h"
#include "isms/tabin.h"
#include "isms/utf8.h"
#include "isms/xalloc.h"

static const struct tabin_limits default_limits = TABIN_LIMITS_DEFAULT;

const char *tabin_cell(const struct tabin_row *r, size_t col)
{
	return col >= 1 && col <= r->ncells ? r->cells[col - 1] : "";
}

void tabin_release(struct tabin *t)
{
	free(t->rows);
	arena_release(&t->arena);
	memset(t, 0, sizeof(*t));
}

static long line_at(const char *s, size_t off)
{
	long line = 1;

	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

/* ---- encoding ------------------------------------------------------------ */

/* Convert CP932 to UTF-8 into `out`; on a byte sequence that is not
 * CP932, false with its offset. */
static bool from_cp932(const char *data, size_t len, struct sbuf *out, size_t *ret_bad)
{
	iconv_t cd = iconv_open("UTF-8", "CP932");
	char *in = (char *)data;
	size_t inleft = len;
	bool ok = true;

	if (cd == (iconv_t)-1) {
		*ret_bad = 0;
		return false;
	}
	sbuf_grow(out, len * 3 / 2 + 16);
	while (inleft) {
		char *o;
		size_t oleft, r;

		sbuf_grow(out, inleft * 2 + 16);
		o = out->buf + out->len;
		oleft = out->alloc - out->len - 1;
		r = iconv(cd, &in, &inleft, &o, &oleft);
		out->len = (size_t)(o - out->buf);
		out->buf[out->len] = '\0';
		if (r == (size_t)-1 && errno != E2BIG) {
			*ret_bad = (size_t)(in - data);
			ok = false;
			break;
		}
	}
	iconv_close(cd);
	return ok;
}

/* ---- CSV ------------------------------------------------------------------ */

struct csv_state {
	struct tabin *t;
	const struct tabin_limits *lim;
	struct isms_err *err;
	enum isms_rc rc;
	char **cells;
	size_t ncells, cells_alloc;
	bool nonempty;
	long line, rec_line;
	bool need_start;
	size_t total_cells;
};

static void add_row(struct tabin *t, long line, char **cells, size_t n)
{
	struct tabin_row *r;

	t->rows = xgrow(t->rows, &t->rows_alloc, t->nrows + 1, sizeof(*t->rows));
	r = &t->rows[t->nrows++];
	r->line = line;
	r->ncells = n;
	r->cells = arena_alloc(&t->arena, (n ? n : 1) * sizeof(char *));
	memcpy(r->cells, cells, n * sizeof(char *));
}

static void csv_cell(void *s, size_t len, void *data)
{
	struct csv_state *st = data;

	if (st->rc)
		return;
	if (st->ncells >= st->lim->max_cols) {
		st->rc = isms_err_set(st->err, ISMS_ELIMIT, _("a row has more than %zu columns"),
				      st->lim->max_cols);
		isms_err_pos(st->err, st->rec_line, (long)st->ncells + 1);
		return;
	}
	if (len > st->lim->max_cell) {
		st->rc = isms_err_set(st->err, ISMS_ELIMIT, _("a cell is longer than %zu bytes"),
				      st->lim->max_cell);
		isms_err_pos(st->err, st->rec_line, (long)st->ncells + 1);
		return;
	}
	if (++st->total_cells > st->lim->max_cells) {
		st->rc = isms_err_set(st->err, ISMS_ELIMIT, _("the file has more than %zu cells"),
				      st->lim->max_cells);
		isms_err_pos(st->err, st->rec_line, (long)st->ncells + 1);
		return;
	}
	st->cells = xgrow(st->cells, &st->cells_alloc, st->ncells + 1, sizeof(*st->cells));
	st->cells[st->ncells++] = arena_strndup(&st->t->arena, s ? s : "", s ? len : 0);
	if (len)
		st->nonempty = true;
}

static void csv_row(int c, void *data)
{
	struct csv_state *st = data;

	(void)c;
	if (st->rc)
		return;
	if (st->nonempty) {
		if (st->t->nrows >= st->lim->max_rows) {
			st->rc = isms_err_set(st->err, ISMS_ELIMIT, _("the file has more than %zu rows"),
					      st->lim->max_rows);
			isms_err_pos(st->err, st->rec_line, 0);
			return;
		}
		add_row(st->t, st->rec_line, st->cells, st->ncells);
	}
	st->ncells = 0;
	st->nonempty = false;
	st->need_start = true;
}

static enum isms_rc parse_csv(const char *s, size_t len, const struct tabin_limits *lim,
			      struct tabin *t, struct isms_err *err)
{
	struct csv_state st = { .t = t, .lim = lim, .err = err, .need_start = true };
	struct csv_parser p;
	const char *end = s + len;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return isms_err_set(err, ISMS_EINTERNAL, "csv_init failed");
	/* Fed a line at a time, so that every record knows the line it
	 * starts on even when quoted cells span lines. */
	for (const char *p0 = s; p0 < end && !st.rc;) {
		const char *nl = memchr(p0, '\n', (size_t)(end - p0));
		size_t n = nl ? (size_t)(nl - p0) + 1 : (size_t)(end - p0);

		st.line++;
		if (st.need_start && !(n == 1 || (n == 2 && p0[0] == '\r'))) {
			st.rec_line = st.line;
			st.need_start = false;
		}
		if (csv_parse(&p, p0, n, csv_cell, csv_row, &st) != n && !st.rc) {
			st.rc = isms_err_set(err, ISMS_EINVAL, _("malformed CSV: %s"),
					     csv_strerror(csv_error(&p)));
			isms_err_detail(err, _("A quoted cell must end with a quote followed by a comma or the end of the line; a quote inside it is written twice (\"\")."));
			isms_err_pos(err, st.line, (long)st.ncells + 1);
		}
		p0 += n;
	}
	if (!st.rc && csv_fini(&p, csv_cell, csv_row, &st) != 0 && !st.rc) {
		st.rc = isms_err_set(err, ISMS_EINVAL, _("malformed CSV: a quoted cell is not closed"));
		isms_err_detail(err, _("The quote that opens the cell has no closing quote before the end of the file."));
		isms_err_pos(err, st.rec_line, (long)st.ncells + 1);
	}
	csv_free(&p);
	free(st.cells);
	return st.rc;
}

static bool blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr(" \t\r\n,;", s[i]))
			return false;
	return true;
}

enum isms_rc tabin_read_csv(const char *data, size_t len, const struct tabin_limits *lim,
			    struct tabin *ret, struct isms_err *err)
{
	const unsigned char *u = (const unsigned char *)data;
	struct sbuf conv = SBUF_INIT;
	size_t bom = utf8_bom_len(data, len), bad;
	enum isms_rc rc;

	if (!lim)
		lim = &default_limits;
	memset(ret, 0, sizeof(*ret));
	ret->kind = TABIN_CSV;
	if (len > lim->max_file) {
		isms_err_set(err, ISMS_ELIMIT, _("the file is too big"));
		isms_err_detail(err, _("It has %zu bytes; the limit is %zu."), len, lim->max_file);
		return ISMS_ELIMIT;
	}
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
		isms_err_set(err, ISMS_EINVAL, _("the file is UTF-16, which is not supported"));
		isms_err_hint(err, _("Save it as \"CSV UTF-8\" or as \"CSV\" (Shift_JIS) in Excel."));
		return ISMS_EINVAL;
	}
	if (memchr(data, '\0', len)) {
		size_t off = (size_t)((const char *)memchr(data, '\0', len) - data);

		isms_err_set(err, ISMS_EINVAL, _("the file contains NUL bytes: it is not a text file"));
		isms_err_detail(err, _("It may be UTF-16 or a binary file; CSV files must be UTF-8 or Shift_JIS."));
		isms_err_pos(err, line_at(data, off), 0);
		return ISMS_EINVAL;
	}
	if (blank(data + bom, len - bom)) {
		isms_err_set(err, ISMS_EINVAL, _("the file is empty"));
		isms_err_detail(err, _("It has no header and no rows."));
		return ISMS_EINVAL;
	}
	if (bom) {
		if (!utf8_valid(data + bom, len - bom, &bad)) {
			isms_err_set(err, ISMS_EINVAL, _("the file starts as UTF-8 but is not valid UTF-8"));
			isms_err_detail(err, _("The byte at offset %zu is not part of a UTF-8 character."), bad + bom);
			isms_err_pos(err, line_at(data + bom, bad), 0);
			return ISMS_EINVAL;
		}
		ret->encoding = "UTF-8 with BOM";
		rc = parse_csv(data + bom, len - bom, lim, ret, err);
	} else if (utf8_valid(data, len, &bad)) {
		ret->encoding = "UTF-8";
		rc = parse_csv(data, len, lim, ret, err);
	} else {
		size_t bad2;

		if (!from_cp932(data, len, &conv, &bad2)) {
			isms_err_set(err, ISMS_EINVAL, _("the file is neither UTF-8 nor Shift_JIS (CP932)"));
			isms_err_detail(err, _("The bytes at offset %zu are not UTF-8, and those at offset %zu are not Shift_JIS."),
					bad, bad2);
			isms_err_hint(err, _("Save the file as \"CSV UTF-8\" or as \"CSV\" (Shift_JIS) in Excel."));
			isms_err_pos(err, line_at(data, bad2 > bad ? bad2 : bad), 0);
			sbuf_release(&conv);
			return ISMS_EINVAL;
		}
		ret->encoding = "Shift_JIS (CP932)";
		rc = parse_csv(conv.buf, conv.len, lim, ret, err);
	}
	sbuf_release(&conv);
	if (!rc && ret->nrows == 0) {
		isms_err_set(err, ISMS_EINVAL, _("the file is empty"));
		isms_err_detail(err, _("It has no header and no rows."));
		rc = ISMS_EINVAL;
	}
	if (rc)
		tabin_release(ret);
	return rc;
}

enum isms_rc tabin_read_file(const char *path, const struct tabin_limits *lim,
			     struct tabin *ret, struct isms_err *err)
{
	_cleanup_free_ char *buf = NULL;
	struct stat sb;
	size_t got = 0;
	enum isms_rc rc;
	int fd;

	if (!lim)
		lim = &default_limits;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		isms_err_set(err, ISMS_EIO, _("cannot open \"%s\": %s"), path, strerror(errno));
		return ISMS_EIO;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		isms_err_set(err, ISMS_EIO, _("\"%s\" is not a regular file"), path);
		close(fd);
		return ISMS_EIO;
	}
	if ((size_t)sb.st_size > lim->max_file) {
		isms_err_set(err, ISMS_ELIMIT, _("the file is too big"));
		isms_err_detail(err, _("It has %zu bytes; the limit is %zu."), (size_t)sb.st_size,
				lim->max_file);
		close(fd);
		return ISMS_ELIMIT;
	}
	buf = xmalloc((size_t)sb.st_size + 1);
	while (got < (size_t)sb.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)sb.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			isms_err_set(err, ISMS_EIO, _("cannot read \"%s\": %s"), path, strerror(errno));
			close(fd);
			return ISMS_EIO;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	if (got >= 4 && !memcmp(buf, "PK\3\4", 4))
		rc = tabin_read_xlsx(buf, got, lim, ret, err);
	else
		rc = tabin_read_csv(buf, got, lim, ret, err);
	return rc;
}

/* ---- header mapping --------------------------------------------------------- */

void tabin_fold_name(const char *s, struct sbuf *out)
{
	size_t start = out->len;

	while (*s) {
		uint32_t cp;
		size_t n = utf8_decode(s, &cp);

		if (cp >= 0xff01 && cp <= 0xff5e)
			cp -= 0xfee0; /* fullwidth ASCII */
		else if (cp == 0x3000)
			cp = ' ';
		if (cp < 0x80) {
			char c = (char)cp;

			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != ' ' && c != '_' && c != '-' && c != '\t' && c != '\r' && c != '\n')
				sbuf_addch(out, c);
		} else {
			sbuf_add(out, s, n);
		}
		s += n;
	}
	(void)start;
}

static int match_field(const char *cell, const struct tabin_field *fields, size_t nfields,
		       struct sbuf *a, struct sbuf *b)
{
	sbuf_reset(a);
	tabin_fold_name(cell, a);
	if (!a->len)
		return -1;
	for (size_t f = 0; f < nfields; f++) {
		for (const char *const *n = fields[f].names; *n; n++) {
			sbuf_reset(b);
			tabin_fold_name(*n, b);
			if (!strcmp(a->buf, b->buf))
				return (int)f;
		}
	}
	return -1;
}

static void names_of(const struct tabin_field *f, struct sbuf *out)
{
	for (const char *const *n = f->names; *n; n++) {
		if (n != f->names)
			sbuf_addstr(out, ", ");
		sbuf_addf(out, "\"%s\"", *n);
	}
}

enum isms_rc tabin_map_header(struct tabin *t, const struct tabin_field *fields, size_t nfields,
			      bool allow_unknown, struct tabin_header *ret, struct isms_err *err)
{
	struct sbuf a = SBUF_INIT, b = SBUF_INIT, list = SBUF_INIT;
	size_t hr = 0;
	bool found = false;
	enum isms_rc rc = ISMS_OK;
	const struct tabin_row *row;

	memset(ret, 0, sizeof(*ret));
	for (size_t r = 0; r < t->nrows && r < TABIN_HEADER_SCAN && !found; r++) {
		for (size_t c = 1; c <= t->rows[r].ncells; c++) {
			int f = match_field(t->rows[r].cells[c - 1], fields, nfields, &a, &b);

			if (f >= 0 && fields[f].required) {
				hr = r;
				found = true;
				break;
			}
		}
	}
	ret->nfields = nfields;
	ret->col_of_field = arena_zalloc(&t->arena, (nfields ? nfields : 1) * sizeof(long));
	if (!found) {
		for (size_t f = 0; f < nfields; f++) {
			if (fields[f].required) {
				names_of(&fields[f], &list);
				break;
			}
		}
		rc = isms_err_set(err, ISMS_EINVAL, _("no header row with the required columns"));
		isms_err_detail(err, _("None of the first %d rows names the column %s."), TABIN_HEADER_SCAN,
				list.buf);
		isms_err_hint(err, _("The first row must hold the column names, in English or Japanese."));
		isms_err_pos(err, t->nrows ? t->rows[0].line : 1, 0);
		goto out;
	}
	ret->header_row = hr;
	row = &t->rows[hr];
	ret->unknown = arena_zalloc(&t->arena, (row->ncells ? row->ncells : 1) * sizeof(char *));
	ret->unknown_cols = arena_zalloc(&t->arena, (row->ncells ? row->ncells : 1) * sizeof(long));
	for (size_t c = 1; c <= row->ncells; c++) {
		const char *cell = row->cells[c - 1];
		int f = match_field(cell, fields, nfields, &a, &b);

		if (f < 0) {
			if (!a.len)
				continue; /* an unnamed, empty column */
			ret->unknown[ret->nunknown] = cell;
			ret->unknown_cols[ret->nunknown++] = (long)c;
			if (!allow_unknown && !rc) {
				rc = isms_err_set(err, ISMS_EINVAL, _("unknown column \"%s\""), cell);
				isms_err_hint(err, _("Rename or remove the column; \"-h\" lists the accepted column names, and --ignore-unknown skips such columns."));
				isms_err_pos(err, row->line, (long)c);
			}
			continue;
		}
		if (ret->col_of_field[f]) {
			if (!rc) {
				rc = isms_err_set(err, ISMS_EINVAL, _("column \"%s\" is given twice"), cell);
				isms_err_detail(err, _("Columns %ld and %zu both stand for the field \"%s\"."),
						ret->col_of_field[f], c, fields[f].key);
				isms_err_pos(err, row->line, (long)c);
			}
			continue;
		}
		ret->col_of_field[f] = (long)c;
	}
	for (size_t f = 0; f < nfields && !rc; f++) {
		if (fields[f].required && !ret->col_of_field[f]) {
			names_of(&fields[f], &list);
			rc = isms_err_set(err, ISMS_EINVAL, _("the required column \"%s\" is missing"),
					  fields[f].names[0]);
			isms_err_detail(err, _("Accepted names: %s."), list.buf);
			isms_err_field(err, fields[f].key);
			isms_err_pos(err, row->line, 0);
		}
	}
out:
	sbuf_release(&a);
	sbuf_release(&b);
	sbuf_release(&list);
	return rc;
}

const char *tabin_field(const struct tabin_header *h, const struct tabin_row *r, size_t field)
{
	long c = field < h->nfields ? h->col_of_field[field] : 0;

	return c ? tabin_cell(r, (size_t)c) : NULL;
}

/* ---- error lists -------------------------------------------------------------- */

void tabin_errors_add(struct tabin_errors *e, const struct isms_err *one)
{
	size_t max = e->max ? e->max : 200;

	e->total++;
	if (e->n >= max)
		return;
	e->v = xgrow(e->v, &e->alloc, e->n + 1, sizeof(*e->v));
	e->v[e->n++] = *one;
}

void tabin_errors_release(struct tabin_errors *e)
{
	free(e->v);
	e->v = NULL;
	e->n = e->alloc = e->total = 0;
}
