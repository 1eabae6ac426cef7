/* tsv.c - the parser of the tab-separated data files described in data/README.md. */
#include <string.h>

#include "isms/i18n.h"
#include "isms/tsv.h"
#include "isms/utf8.h"
#include "isms/xalloc.h"

static long line_of(const char *buf, size_t off)
{
	long line = 1;

	for (size_t i = 0; i < off; i++)
		if (buf[i] == '\n')
			line++;
	return line;
}

enum isms_rc tsv_parse(const char *data, size_t len, const char *const *columns,
		       struct tsv *ret, struct isms_err *err)
{
	struct tsv t = { 0 };
	size_t ncols = 0, bad, rows_alloc = 0, fields_alloc = 0, dir_alloc = 0, dir_alloc2 = 0;
	size_t skip = utf8_bom_len(data, len);
	bool header_seen = false;
	long line = 0;
	char *p, *end;

	while (columns[ncols])
		ncols++;
	if (!utf8_valid(data, len, &bad)) {
		isms_err_set(err, ISMS_EINVAL, _("the file is not valid UTF-8"));
		isms_err_pos(err, line_of(data, bad), 0);
		return ISMS_EINVAL;
	}
	if (memchr(data, '\0', len)) {
		isms_err_set(err, ISMS_EINVAL, _("the file contains a NUL byte"));
		return ISMS_EINVAL;
	}
	t.buf = xstrndup(data + skip, len - skip);
	t.ncols = ncols;
	p = t.buf;
	end = t.buf + strlen(t.buf);
	while (p < end) {
		char *nl = strchr(p, '\n');
		char *cols[64];
		size_t n = 0;

		line++;
		if (!nl)
			nl = end;
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*p == '\0' || *p == '#') {
			p = nl + 1;
			continue;
		}
		if (*p == '%' && !header_seen) {
			char *tab = strchr(p, '\t');

			if (!tab) {
				isms_err_set(err, ISMS_EINVAL, _("a directive needs a tab between its name and value"));
				isms_err_pos(err, line, 1);
				goto fail;
			}
			*tab = '\0';
			t.dkeys = xgrow(t.dkeys, &dir_alloc, t.ndirectives + 1, sizeof(*t.dkeys));
			t.dvals = xgrow(t.dvals, &dir_alloc2, t.ndirectives + 1, sizeof(*t.dvals));
			t.dkeys[t.ndirectives] = p + 1;
			t.dvals[t.ndirectives++] = tab + 1;
			p = nl + 1;
			continue;
		}
		for (char *f = p;; ) {
			char *tab = strchr(f, '\t');

			if (n < 64)
				cols[n] = f;
			n++;
			if (!tab)
				break;
			*tab = '\0';
			f = tab + 1;
		}
		if (!header_seen) {
			for (size_t i = 0; i < ncols; i++) {
				if (i >= n || strcmp(cols[i], columns[i])) {
					isms_err_set(err, ISMS_EINVAL, _("the column header is not as expected"));
					isms_err_detail(err, _("Column %zu should be \"%s\"."), i + 1, columns[i]);
					isms_err_pos(err, line, (long)i + 1);
					goto fail;
				}
			}
			if (n != ncols) {
				isms_err_set(err, ISMS_EINVAL, _("the column header has %zu columns instead of %zu"), n, ncols);
				isms_err_pos(err, line, 0);
				goto fail;
			}
			header_seen = true;
			p = nl + 1;
			continue;
		}
		if (n != ncols) {
			isms_err_set(err, ISMS_EINVAL, _("the record has %zu fields instead of %zu"), n, ncols);
			isms_err_pos(err, line, 0);
			goto fail;
		}
		t.rows = xgrow(t.rows, &rows_alloc, t.nrows + 1, sizeof(*t.rows));
		t.fields = xgrow(t.fields, &fields_alloc, (t.nrows + 1) * ncols, sizeof(*t.fields));
		for (size_t i = 0; i < ncols; i++)
			t.fields[t.nrows * ncols + i] = cols[i];
		t.rows[t.nrows].line = line;
		t.nrows++;
		p = nl + 1;
	}
	if (!header_seen) {
		isms_err_set(err, ISMS_EINVAL, _("the file has no column header"));
		goto fail;
	}
	/* fields may have moved while growing: point the rows at them now */
	for (size_t r = 0; r < t.nrows; r++)
		t.rows[r].f = &t.fields[r * ncols];
	*ret = t;
	return ISMS_OK;
fail:
	tsv_release(&t);
	return ISMS_EINVAL;
}

const char *tsv_directive(const struct tsv *t, const char *key)
{
	for (size_t i = 0; i < t->ndirectives; i++)
		if (!strcmp(t->dkeys[i], key))
			return t->dvals[i];
	return NULL;
}

void tsv_release(struct tsv *t)
{
	free(t->buf);
	free(t->dkeys);
	free(t->dvals);
	free(t->rows);
	free(t->fields);
	memset(t, 0, sizeof(*t));
}
