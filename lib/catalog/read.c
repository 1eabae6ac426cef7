/* read.c - reading catalogue files: detection, limits, TSV, CSV, our JSON, shared checks. */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/utf8.h"
#include "isms/xalloc.h"
#include "catalog-int.h"

const char *const cat_columns[] = {
	"kind", "id", "parent", "title_en", "title_ja", "ja_status", "desc_en", "desc_ja",
	"label", "status", "moved_to", "moved_how", "statement", "guidance", NULL,
};

static const char *const format_codes[] = {
	[CATFMT_AUTO] = "auto", [CATFMT_TSV] = "tsv", [CATFMT_CSV] = "csv",
	[CATFMT_OSCAL] = "oscal", [CATFMT_JSON] = "json",
};

const char *catalog_format_code(enum catalog_format f)
{
	return format_codes[f];
}

bool catalog_format_parse(const char *s, enum catalog_format *ret)
{
	for (size_t i = 0; i < sizeof(format_codes) / sizeof(format_codes[0]); i++) {
		if (s && !strcmp(s, format_codes[i])) {
			*ret = (enum catalog_format)i;
			return true;
		}
	}
	return false;
}

/* --- the builder --------------------------------------------------------- */

void cb_init(struct cat_builder *b, const char *source)
{
	memset(b, 0, sizeof(*b));
	b->c = xcalloc(1, sizeof(*b->c));
	b->c->allocated = true;
	b->c->source = source;
	b->c->ident = b->c->version = b->c->title_en = b->c->title_ja = "";
	b->c->uuid = b->c->imported_at = b->c->imported_by = "";
}

void cb_release(struct cat_builder *b)
{
	catalog_free(b->c);
	free(b->lines);
	free(b->paths);
	memset(b, 0, sizeof(*b));
}

const char *cb_str(struct cat_builder *b, const char *s)
{
	return s && *s ? arena_strdup(&b->c->arena, s) : "";
}

struct catalog_item *cb_add(struct cat_builder *b, long line, const char *path)
{
	struct catalog *c = b->c;
	struct catalog_item *it;

	c->items = xgrow(c->items, &b->alloc, c->nitems + 1, sizeof(*c->items));
	b->lines = xgrow(b->lines, &b->lines_alloc, c->nitems + 1, sizeof(*b->lines));
	b->paths = xgrow(b->paths, &b->paths_alloc, c->nitems + 1, sizeof(*b->paths));
	b->lines[c->nitems] = line;
	b->paths[c->nitems] = path ? arena_strdup(&c->arena, path) : NULL;
	it = &c->items[c->nitems++];
	memset(it, 0, sizeof(*it));
	it->kind = CAT_CONTROL;
	it->id = it->parent = it->title_en = it->title_ja = it->ja_status = "";
	it->desc_en = it->desc_ja = it->label = it->statement = it->guidance = "";
	it->moved_to = it->moved_how = "";
	it->status = CAT_ACTIVE;
	return it;
}

enum isms_rc cat_set_column(struct cat_builder *b, struct catalog_item *it, size_t col,
			    const char *value, struct isms_err *err)
{
	const char **slot = NULL;

	switch (col) {
	case 0:
		if (!catalog_kind_parse(value, &it->kind)) {
			isms_err_set(err, ISMS_EINVAL, _("unknown kind \"%s\""), value);
			isms_err_detail(err, _("The kinds are clause, theme, objective, group, control and enhancement."));
			isms_err_field(err, "kind");
			return ISMS_EINVAL;
		}
		return ISMS_OK;
	case 9:
		if (!*value || !strcmp(value, "active")) {
			it->status = CAT_ACTIVE;
		} else if (!strcmp(value, "withdrawn")) {
			it->status = CAT_WITHDRAWN;
		} else {
			isms_err_set(err, ISMS_EINVAL, _("unknown status \"%s\""), value);
			isms_err_detail(err, _("A status is active or withdrawn."));
			isms_err_field(err, "status");
			return ISMS_EINVAL;
		}
		return ISMS_OK;
	case 1: slot = &it->id; break;
	case 2: slot = &it->parent; break;
	case 3: slot = &it->title_en; break;
	case 4: slot = &it->title_ja; break;
	case 5: slot = &it->ja_status; break;
	case 6: slot = &it->desc_en; break;
	case 7: slot = &it->desc_ja; break;
	case 8: slot = &it->label; break;
	case 10: slot = &it->moved_to; break;
	case 11: slot = &it->moved_how; break;
	case 12: slot = &it->statement; break;
	case 13: slot = &it->guidance; break;
	default: return isms_err_set(err, ISMS_EINTERNAL, "no column %zu", col);
	}
	*slot = cb_str(b, value);
	return ISMS_OK;
}

/* Where item `i` came from, added to an error already set. */
static void where(const struct cat_builder *b, size_t i, const char *field,
		  struct isms_err *err)
{
	char buf[sizeof(err->field)];

	if (b->paths[i]) {
		snprintf(buf, sizeof(buf), "%s%s%s", b->paths[i], field ? "." : "",
			 field ? field : "");
		isms_err_field(err, buf);
	} else {
		isms_err_pos(err, b->lines[i], 0);
		isms_err_field(err, field);
	}
}

static void where_text(const struct cat_builder *b, size_t i, char *buf, size_t n)
{
	if (b->paths[i])
		snprintf(buf, n, "%s", b->paths[i]);
	else
		snprintf(buf, n, _("line %ld"), b->lines[i]);
}

static bool ident_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > CATALOG_IDENT_MAX)
		return false;
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
			return false;
	return true;
}

/* "dir/NIST_800-53 low.json" → "nist_800-53-low". */
static const char *ident_from_name(struct arena *a, const char *name)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
	char *out = arena_zalloc(a, CATALOG_IDENT_MAX + 1);
	size_t k = 0;

	for (size_t i = 0; i < n && k < CATALOG_IDENT_MAX; i++) {
		char ch = base[i];

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
		      ch == '-'))
			ch = '-';
		if (ch == '-' && (k == 0 || out[k - 1] == '-'))
			continue;
		out[k++] = ch;
	}
	while (k && (out[k - 1] == '-' || out[k - 1] == '.'))
		out[--k] = '\0';
	return out;
}

static int cmp_ids(const void *pa, const void *pb, void *arg)
{
	const struct catalog *c = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int r = strcmp(c->items[a].id, c->items[b].id);

	return r ? r : (a < b ? -1 : a > b);
}

size_t *cat_sort_ids(const struct catalog *c)
{
	size_t *order = xcalloc(c->nitems ? c->nitems : 1, sizeof(*order));

	for (size_t i = 0; i < c->nitems; i++)
		order[i] = i;
	qsort_r(order, c->nitems, sizeof(*order), cmp_ids, (void *)c);
	return order;
}

long cat_find_sorted(const struct catalog *c, const size_t *order, const char *id)
{
	size_t lo = 0, hi = c->nitems;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(c->items[order[mid]].id, id);

		if (r == 0) {
			/* the first of equal ids */
			while (mid > 0 && !strcmp(c->items[order[mid - 1]].id, id))
				mid--;
			return (long)order[mid];
		}
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static enum isms_rc check_item(const struct cat_builder *b, size_t i, struct isms_err *err)
{
	const struct catalog_item *it = &b->c->items[i];
	static const struct {
		const char *name;
		size_t off;
		size_t max;
		bool block;
	} texts[] = {
		{ "label", offsetof(struct catalog_item, label), CATALOG_ID_MAX, false },
		{ "title_en", offsetof(struct catalog_item, title_en), CATALOG_TITLE_MAX, false },
		{ "title_ja", offsetof(struct catalog_item, title_ja), CATALOG_TITLE_MAX, false },
		{ "desc_en", offsetof(struct catalog_item, desc_en), CATALOG_TEXT_MAX, true },
		{ "desc_ja", offsetof(struct catalog_item, desc_ja), CATALOG_TEXT_MAX, true },
		{ "statement", offsetof(struct catalog_item, statement), CATALOG_TEXT_MAX, true },
		{ "guidance", offsetof(struct catalog_item, guidance), CATALOG_TEXT_MAX, true },
		{ "moved_to", offsetof(struct catalog_item, moved_to), CATALOG_TITLE_MAX, false },
	};
	enum isms_rc rc;

	rc = isms_check_text(it->id, CATALOG_ID_MAX, "id", err);
	if (!rc && strpbrk(it->id, " ,")) {
		isms_err_set(err, ISMS_EINVAL, _("the ID \"%s\" contains a space or a comma"), it->id);
		rc = ISMS_EINVAL;
	}
	if (rc) {
		where(b, i, "id", err);
		return rc;
	}
	if (!*it->title_en && !*it->title_ja) {
		isms_err_set(err, ISMS_EINVAL, _("the item \"%s\" has no title"), it->id);
		isms_err_hint(err, _("Give it an English or a Japanese title."));
		where(b, i, "title_en", err);
		return ISMS_EINVAL;
	}
	for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
		const char *s = *(const char *const *)((const char *)it + texts[k].off);

		if (!*s)
			continue;
		rc = texts[k].block ? isms_check_textblock(s, texts[k].max, texts[k].name, err)
				    : isms_check_text(s, texts[k].max, texts[k].name, err);
		if (rc) {
			where(b, i, texts[k].name, err);
			return rc;
		}
	}
	if (*it->ja_status && strcmp(it->ja_status, "verified") && strcmp(it->ja_status, "public") &&
	    strcmp(it->ja_status, "own")) {
		isms_err_set(err, ISMS_EINVAL, _("unknown ja_status \"%s\""), it->ja_status);
		isms_err_detail(err, _("It is verified, public or own, or empty."));
		where(b, i, "ja_status", err);
		return ISMS_EINVAL;
	}
	if (*it->moved_how && strcmp(it->moved_how, "incorporated-into") &&
	    strcmp(it->moved_how, "moved-to")) {
		isms_err_set(err, ISMS_EINVAL, _("unknown moved_how \"%s\""), it->moved_how);
		isms_err_detail(err, _("It is incorporated-into or moved-to, or empty."));
		where(b, i, "moved_how", err);
		return ISMS_EINVAL;
	}
	return ISMS_OK;
}

enum isms_rc cb_finish(struct cat_builder *b, const struct catalog_read_opts *o,
		       struct isms_err *err)
{
	struct catalog *c = b->c;
	_cleanup_free_ size_t *order = NULL;
	enum isms_rc rc;

	if (o && o->ident && *o->ident)
		c->ident = cb_str(b, o->ident);
	else if (!*c->ident && o && o->name)
		c->ident = ident_from_name(&c->arena, o->name);
	if (o && o->version && *o->version)
		c->version = cb_str(b, o->version);
	if (!ident_ok(c->ident)) {
		isms_err_set(err, ISMS_EINVAL, _("invalid catalogue identifier \"%s\""), c->ident);
		isms_err_detail(err, _("An identifier has 1 to %d characters: letters, digits, \".\", \"_\" and \"-\", starting with a letter or digit."),
				CATALOG_IDENT_MAX);
		isms_err_hint(err, _("Give one with --id."));
		isms_err_field(err, "identifier");
		return ISMS_EINVAL;
	}
	if (!*c->version) {
		isms_err_set(err, ISMS_EINVAL, _("the catalogue has no version"));
		isms_err_hint(err, _("Give one with --version."));
		isms_err_field(err, "version");
		return ISMS_EINVAL;
	}
	rc = isms_check_text(c->version, CATALOG_IDENT_MAX, "version", err);
	if (rc)
		return rc;
	if (!*c->title_en)
		c->title_en = *c->title_ja ? c->title_ja : c->ident;
	rc = isms_check_text(c->title_en, CATALOG_TITLE_MAX, "title_en", err);
	if (!rc && *c->title_ja)
		rc = isms_check_text(c->title_ja, CATALOG_TITLE_MAX, "title_ja", err);
	if (rc)
		return rc;
	if (c->nitems == 0) {
		isms_err_set(err, ISMS_EINVAL, _("the catalogue holds no items"));
		return ISMS_EINVAL;
	}
	if (c->nitems > CATALOG_ITEMS_MAX) {
		isms_err_set(err, ISMS_ELIMIT, _("the catalogue has too many items"));
		isms_err_detail(err, _("It has %zu items; the limit is %d."), c->nitems, CATALOG_ITEMS_MAX);
		return ISMS_ELIMIT;
	}
	for (size_t i = 0; i < c->nitems; i++) {
		rc = check_item(b, i, err);
		if (rc)
			return rc;
	}
	order = cat_sort_ids(c);
	for (size_t k = 1; k < c->nitems; k++) {
		if (!strcmp(c->items[order[k]].id, c->items[order[k - 1]].id)) {
			char first[160];

			where_text(b, order[k - 1], first, sizeof(first));
			isms_err_set(err, ISMS_EINVAL, _("duplicate ID \"%s\""), c->items[order[k]].id);
			isms_err_detail(err, _("The same ID is used before, at %s; every ID must be unique."),
					first);
			where(b, order[k], "id", err);
			return ISMS_EINVAL;
		}
	}
	for (size_t i = 0; i < c->nitems; i++) {
		const struct catalog_item *it = &c->items[i];
		long p;

		if (!*it->parent)
			continue;
		p = cat_find_sorted(c, order, it->parent);
		if (p < 0 || (size_t)p >= i) {
			if (p < 0)
				isms_err_set(err, ISMS_EINVAL, _("the parent \"%s\" of \"%s\" does not exist"),
					     it->parent, it->id);
			else
				isms_err_set(err, ISMS_EINVAL, _("the parent \"%s\" of \"%s\" comes after it"),
					     it->parent, it->id);
			isms_err_hint(err, _("A parent must be an item listed before the items it holds."));
			where(b, i, "parent", err);
			return ISMS_EINVAL;
		}
	}
	return ISMS_OK;
}

void catalog_free(struct catalog *c)
{
	if (!c || !c->allocated)
		return;
	free(c->items);
	arena_release(&c->arena);
	free(c);
}

/* --- TSV ------------------------------------------------------------------ */

/* Fields of the first line that is not blank, a comment or a directive. */
static size_t header_fields(const char *data, size_t len, char sep)
{
	const char *p = data, *end = data + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		size_t n = 1;

		if (e > p && *p != '#' && *p != '%' && !(e == p + 1 && *p == '\r')) {
			for (const char *q = p; q < e; q++)
				n += *q == sep;
			return n;
		}
		p = e + 1;
	}
	return 0;
}

static void set_directives(struct cat_builder *b, const char *key, const char *val)
{
	struct catalog *c = b->c;

	if (!strcmp(key, "catalog"))
		c->ident = cb_str(b, val);
	else if (!strcmp(key, "version"))
		c->version = cb_str(b, val);
	else if (!strcmp(key, "title_en"))
		c->title_en = cb_str(b, val);
	else if (!strcmp(key, "title_ja"))
		c->title_ja = cb_str(b, val);
	else if (!strcmp(key, "uuid"))
		c->uuid = cb_str(b, val);
}

enum isms_rc cat_read_tsv(struct cat_builder *b, const char *data, size_t len,
			  struct isms_err *err)
{
	size_t skip = utf8_bom_len(data, len);
	size_t ncols = header_fields(data + skip, len - skip, '\t') == CAT_BASE_COLUMNS
			       ? CAT_BASE_COLUMNS
			       : CAT_ALL_COLUMNS;
	const char *cols[CAT_ALL_COLUMNS + 1];
	struct tsv t;
	enum isms_rc rc;

	for (size_t i = 0; i < ncols; i++)
		cols[i] = cat_columns[i];
	cols[ncols] = NULL;
	rc = tsv_parse(data, len, cols, &t, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < t.ndirectives; i++)
		set_directives(b, t.dkeys[i], t.dvals[i]);
	for (size_t r = 0; r < t.nrows && !rc; r++) {
		struct catalog_item *it = cb_add(b, t.rows[r].line, NULL);

		for (size_t k = 0; k < ncols && !rc; k++) {
			rc = cat_set_column(b, it, k, t.rows[r].f[k], err);
			if (rc)
				isms_err_pos(err, t.rows[r].line, 0);
		}
	}
	tsv_release(&t);
	return rc;
}

/* --- CSV ------------------------------------------------------------------ */

struct csv_row {
	char **f;
	size_t n;
	long line;
};

struct csv_state {
	struct arena *a;
	char **cur;
	size_t ncur, cur_alloc;
	struct csv_row *rows;
	size_t nrows, rows_alloc;
	long feeding;   /* the line being fed to the parser */
	long row_start; /* where the row being read began */
};

static void csv_cb_field(void *s, size_t len, void *data)
{
	struct csv_state *st = data;
	const char *f = s ? s : "";

	/* Undo the neutralisation of our own CSV export: '=… became "'=…". */
	if (len >= 2 && f[0] == '\'' && strchr("=+-@\t\r", f[1])) {
		f++;
		len--;
	}
	st->cur = xgrow(st->cur, &st->cur_alloc, st->ncur + 1, sizeof(*st->cur));
	st->cur[st->ncur++] = arena_strndup(st->a, f, len);
}

static void csv_cb_row(int c, void *data)
{
	struct csv_state *st = data;
	struct csv_row *r;

	(void)c;
	st->rows = xgrow(st->rows, &st->rows_alloc, st->nrows + 1, sizeof(*st->rows));
	r = &st->rows[st->nrows++];
	r->f = arena_alloc(st->a, (st->ncur ? st->ncur : 1) * sizeof(*r->f));
	memcpy(r->f, st->cur, st->ncur * sizeof(*r->f));
	r->n = st->ncur;
	r->line = st->row_start;
	st->ncur = 0;
	st->row_start = st->feeding + 1;
}

static int csv_no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Japanese Excel writes CSV in CP932 (Shift_JIS). */
static char *from_cp932(const char *data, size_t len, size_t *ret_len)
{
	iconv_t cd = iconv_open("UTF-8", "CP932");
	size_t cap = len * 3 + 16, inleft = len, outleft = cap;
	char *out, *in = (char *)data, *o;

	if (cd == (iconv_t)-1)
		return NULL;
	out = xmalloc(cap);
	o = out;
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
		iconv_close(cd);
		free(out);
		return NULL;
	}
	iconv_close(cd);
	*ret_len = (size_t)(o - out);
	return out;
}

static enum isms_rc csv_rows(struct csv_state *st, const char *data, size_t len,
			     struct isms_err *err)
{
	struct csv_parser p;
	const char *q = data, *end = data + len;
	enum isms_rc rc = ISMS_OK;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
		return isms_err_set(err, ISMS_EINTERNAL, "csv_init failed");
	csv_set_space_func(&p, csv_no_space);
	st->feeding = 0;
	st->row_start = 1;
	while (q < end) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		size_t n = nl ? (size_t)(nl - q) + 1 : (size_t)(end - q);

		st->feeding++;
		if (csv_parse(&p, q, n, csv_cb_field, csv_cb_row, st) != n) {
			isms_err_set(err, ISMS_EINVAL, _("malformed CSV: %s"), csv_strerror(csv_error(&p)));
			isms_err_detail(err, _("A quote inside a quoted field must be doubled, and a quoted field must end with a quote."));
			isms_err_pos(err, st->feeding, 0);
			rc = ISMS_EINVAL;
			break;
		}
		q += n;
	}
	if (!rc && csv_fini(&p, csv_cb_field, csv_cb_row, st)) {
		isms_err_set(err, ISMS_EINVAL, _("malformed CSV: %s"), csv_strerror(csv_error(&p)));
		isms_err_detail(err, _("A quoted field is not closed before the end of the file."));
		isms_err_pos(err, st->row_start, 0);
		rc = ISMS_EINVAL;
	}
	csv_free(&p);
	return rc;
}

static bool blank_row(const struct csv_row *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (*r->f[i])
			return false;
	return true;
}

enum isms_rc cat_read_csv(struct cat_builder *b, const char *data, size_t len,
			  struct isms_err *err)
{
	struct csv_state st = { .a = &b->c->arena };
	_cleanup_free_ char *converted = NULL;
	long col_of[CAT_ALL_COLUMNS];
	size_t r = 0, bad, hdr_n = 0;
	enum isms_rc rc;

	if (memchr(data, '\0', len)) {
		isms_err_set(err, ISMS_EINVAL, _("the file contains a NUL byte"));
		return ISMS_EINVAL;
	}
	if (!utf8_valid(data, len, &bad)) {
		size_t clen;

		converted = from_cp932(data, len, &clen);
		if (!converted || !utf8_valid(converted, clen, NULL)) {
			long line = 1;

			for (size_t i = 0; i < bad; i++)
				line += data[i] == '\n';
			isms_err_set(err, ISMS_EINVAL, _("the file is neither UTF-8 nor Shift_JIS (CP932)"));
			isms_err_pos(err, line, 0);
			return ISMS_EINVAL;
		}
		data = converted;
		len = clen;
	}
	{
		size_t skip = utf8_bom_len(data, len);

		data += skip;
		len -= skip;
	}
	rc = csv_rows(&st, data, len, err);
	if (rc)
		goto out;
	/* directives and comments, then the header */
	for (; r < st.nrows; r++) {
		struct csv_row *row = &st.rows[r];

		if (blank_row(row) || row->f[0][0] == '#')
			continue;
		if (row->f[0][0] != '%')
			break;
		set_directives(b, row->f[0] + 1, row->n > 1 ? row->f[1] : "");
	}
	if (r == st.nrows) {
		isms_err_set(err, ISMS_EINVAL, _("the file has no column header"));
		rc = ISMS_EINVAL;
		goto out;
	}
	for (size_t k = 0; k < CAT_ALL_COLUMNS; k++)
		col_of[k] = -1;
	hdr_n = st.rows[r].n;
	for (size_t i = 0; i < hdr_n; i++) {
		const char *name = st.rows[r].f[i];
		size_t k = 0;

		while (k < CAT_ALL_COLUMNS && strcmp(cat_columns[k], name))
			k++;
		if (k == CAT_ALL_COLUMNS || col_of[k] >= 0) {
			isms_err_set(err, ISMS_EINVAL,
				     k == CAT_ALL_COLUMNS ? _("unknown column \"%s\" in the header")
							  : _("the column \"%s\" appears twice in the header"),
				     name);
			isms_err_pos(err, st.rows[r].line, (long)i + 1);
			rc = ISMS_EINVAL;
			goto out;
		}
		col_of[k] = (long)i;
	}
	for (size_t k = 0; k < CAT_BASE_COLUMNS; k++) {
		if (col_of[k] < 0) {
			isms_err_set(err, ISMS_EINVAL, _("the column \"%s\" is missing from the header"),
				     cat_columns[k]);
			isms_err_detail(err, _("The header must name the columns kind, id, parent, title_en, title_ja, ja_status, desc_en and desc_ja, in any order."));
			isms_err_pos(err, st.rows[r].line, 0);
			isms_err_field(err, cat_columns[k]);
			rc = ISMS_EINVAL;
			goto out;
		}
	}
	for (r++; r < st.nrows; r++) {
		struct csv_row *row = &st.rows[r];
		struct catalog_item *it;

		if (blank_row(row) || row->f[0][0] == '#')
			continue;
		if (row->n != hdr_n) {
			isms_err_set(err, ISMS_EINVAL, _("the record has %zu fields instead of %zu"),
				     row->n, hdr_n);
			isms_err_pos(err, row->line, 0);
			rc = ISMS_EINVAL;
			goto out;
		}
		it = cb_add(b, row->line, NULL);
		for (size_t k = 0; k < CAT_ALL_COLUMNS; k++) {
			if (col_of[k] < 0)
				continue;
			rc = cat_set_column(b, it, k, row->f[col_of[k]], err);
			if (rc) {
				isms_err_pos(err, row->line, col_of[k] + 1);
				goto out;
			}
		}
	}
out:
	free(st.cur);
	free(st.rows);
	return rc;
}

/* --- our JSON ------------------------------------------------------------- */

static enum isms_rc json_text(struct cat_builder *b, json_t *obj, const char *key,
			      const char *path, const char **ret, struct isms_err *err)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v)) {
		*ret = "";
		return ISMS_OK;
	}
	if (!json_is_string(v)) {
		char f[sizeof(err->field)];

		snprintf(f, sizeof(f), "%s.%s", path, key);
		isms_err_set(err, ISMS_EINVAL, _("\"%s\" must be a string"), key);
		isms_err_field(err, f);
		return ISMS_EINVAL;
	}
	*ret = cb_str(b, json_string_value(v));
	return ISMS_OK;
}

enum isms_rc cat_read_json(struct cat_builder *b, json_t *root, struct isms_err *err)
{
	json_t *cat = json_object_get(root, "isms-catalog"), *items;
	struct catalog *c = b->c;
	enum isms_rc rc;
	size_t i;
	json_t *o;

	if (!json_is_object(cat)) {
		isms_err_set(err, ISMS_EINVAL, _("the JSON document is not an isms catalogue"));
		isms_err_detail(err, _("It has no \"isms-catalog\" object."));
		return ISMS_EINVAL;
	}
	if ((rc = json_text(b, cat, "identifier", "isms-catalog", &c->ident, err)) ||
	    (rc = json_text(b, cat, "version", "isms-catalog", &c->version, err)) ||
	    (rc = json_text(b, cat, "title_en", "isms-catalog", &c->title_en, err)) ||
	    (rc = json_text(b, cat, "title_ja", "isms-catalog", &c->title_ja, err)) ||
	    (rc = json_text(b, cat, "uuid", "isms-catalog", &c->uuid, err)))
		return rc;
	items = json_object_get(cat, "items");
	if (!json_is_array(items)) {
		isms_err_set(err, ISMS_EINVAL, _("\"%s\" must be an array"), "items");
		isms_err_field(err, "isms-catalog.items");
		return ISMS_EINVAL;
	}
	json_array_foreach(items, i, o) {
		char path[64];
		struct catalog_item *it;

		snprintf(path, sizeof(path), "isms-catalog.items[%zu]", i);
		it = cb_add(b, 0, path);
		if (!json_is_object(o)) {
			isms_err_set(err, ISMS_EINVAL, _("an item must be a JSON object"));
			isms_err_field(err, path);
			return ISMS_EINVAL;
		}
		for (size_t k = 0; k < CAT_ALL_COLUMNS; k++) {
			const char *v;

			rc = json_text(b, o, cat_columns[k], path, &v, err);
			if (!rc)
				rc = cat_set_column(b, it, k, v, err);
			if (rc) {
				char f[sizeof(err->field)];

				snprintf(f, sizeof(f), "%s.%s", path, cat_columns[k]);
				isms_err_field(err, f);
				return rc;
			}
		}
	}
	return ISMS_OK;
}

/* --- parsing and loading ------------------------------------------------- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

static enum isms_rc too_large(size_t len, struct isms_err *err)
{
	isms_err_set(err, ISMS_ELIMIT, _("the file is too large"));
	isms_err_detail(err, _("It has more than %zu bytes; the limit for a catalogue is %zu MiB."),
			len, CATALOG_FILE_MAX >> 20);
	return ISMS_ELIMIT;
}

/* The JSON document's top-level members say what it is. */
static enum isms_rc not_a_catalogue(json_t *root, struct isms_err *err)
{
	static const char *const oscal_models[] = {
		"profile", "component-definition", "system-security-plan", "assessment-plan",
		"assessment-results", "plan-of-action-and-milestones", "mapping-collection",
	};

	isms_err_set(err, ISMS_EINVAL, _("the JSON document is not a catalogue"));
	if (!json_is_object(root)) {
		isms_err_detail(err, _("Its top level is not a JSON object."));
		return ISMS_EINVAL;
	}
	for (size_t i = 0; i < sizeof(oscal_models) / sizeof(oscal_models[0]); i++) {
		if (json_object_get(root, oscal_models[i])) {
			isms_err_detail(err, _("It is an OSCAL %s, not an OSCAL catalog."), oscal_models[i]);
			if (!strcmp(oscal_models[i], "profile"))
				isms_err_hint(err, _("Import the catalog the profile was resolved into (a \"resolved-profile_catalog\" file)."));
			return ISMS_EINVAL;
		}
	}
	isms_err_detail(err, _("It has neither a \"catalog\" object (OSCAL) nor an \"isms-catalog\" object."));
	return ISMS_EINVAL;
}

enum isms_rc catalog_parse(const char *data, size_t len, const struct catalog_read_opts *o,
			   struct catalog **ret, struct isms_err *err)
{
	static const struct catalog_read_opts none = { 0 };
	enum catalog_format fmt;
	struct cat_builder b;
	enum isms_rc rc;
	json_t *root = NULL;
	size_t skip;

	if (!o)
		o = &none;
	fmt = o->format;
	if (len > CATALOG_FILE_MAX)
		return too_large(CATALOG_FILE_MAX, err);
	skip = utf8_bom_len(data, len);
	if (fmt == CATFMT_AUTO) {
		size_t i = skip;

		while (i < len && strchr(" \t\r\n", data[i]))
			i++;
		if (i < len && (data[i] == '{' || data[i] == '['))
			fmt = CATFMT_JSON;
		else if (o->name && ends_with(o->name, ".csv"))
			fmt = CATFMT_CSV;
		else if (o->name && ends_with(o->name, ".tsv"))
			fmt = CATFMT_TSV;
		else
			fmt = header_fields(data + skip, len - skip, '\t') > 1 ? CATFMT_TSV : CATFMT_CSV;
	}
	if (fmt == CATFMT_JSON || fmt == CATFMT_OSCAL) {
		json_error_t je;

		root = json_loadb(data + skip, len - skip, JSON_REJECT_DUPLICATES, &je);
		if (!root) {
			isms_err_set(err, ISMS_EINVAL, _("the file is not valid JSON"));
			isms_err_detail(err, _("The JSON parser says: %s."), je.text);
			isms_err_pos(err, je.line > 0 ? je.line : 1, je.column > 0 ? je.column : 0);
			return ISMS_EINVAL;
		}
		if (o->format == CATFMT_AUTO) {
			if (json_is_object(root) && json_object_get(root, "catalog"))
				fmt = CATFMT_OSCAL;
			else if (json_is_object(root) && json_object_get(root, "isms-catalog"))
				fmt = CATFMT_JSON;
			else {
				rc = not_a_catalogue(root, err);
				json_decref(root);
				return rc;
			}
		}
	}
	cb_init(&b, catalog_format_code(fmt));
	switch (fmt) {
	case CATFMT_TSV: rc = cat_read_tsv(&b, data, len, err); break;
	case CATFMT_CSV: rc = cat_read_csv(&b, data, len, err); break;
	case CATFMT_OSCAL:
		rc = json_object_get(root, "catalog") ? cat_read_oscal(&b, root, err)
						      : not_a_catalogue(root, err);
		break;
	case CATFMT_JSON: rc = cat_read_json(&b, root, err); break;
	default: rc = isms_err_set(err, ISMS_EINTERNAL, "no format");
	}
	json_decref(root);
	if (!rc)
		rc = cb_finish(&b, o, err);
	if (!rc)
		*ret = TAKE_PTR(b.c);
	cb_release(&b);
	return rc;
}

enum isms_rc catalog_load_file(const char *path, const struct catalog_read_opts *o,
			       struct catalog **ret, struct isms_err *err)
{
	struct catalog_read_opts opts = o ? *o : (struct catalog_read_opts){ 0 };
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap;
	struct stat sb = { 0 };
	enum isms_rc rc;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		isms_err_set(err, errno == ENOENT ? ISMS_ENOTFOUND : ISMS_EIO,
			     _("cannot read \"%s\""), path);
		isms_err_detail(err, "%s.", strerror(errno));
		return err->code;
	}
	if (fstat(fd, &sb) < 0) {
		isms_err_set(err, ISMS_EIO, _("cannot read \"%s\""), path);
		isms_err_detail(err, "%s.", strerror(errno));
		close(fd);
		return ISMS_EIO;
	}
	if (S_ISDIR(sb.st_mode)) {
		close(fd);
		isms_err_set(err, ISMS_EINVAL, _("\"%s\" is a directory, not a file"), path);
		return ISMS_EINVAL;
	}
	if (S_ISREG(sb.st_mode) && (uintmax_t)sb.st_size > CATALOG_FILE_MAX) {
		close(fd);
		rc = too_large((size_t)sb.st_size, err);
		isms_err_detail(err, _("It has %jd bytes; the limit for a catalogue is %zu MiB."),
				(intmax_t)sb.st_size, CATALOG_FILE_MAX >> 20);
		return rc;
	}
	/* Read at most one byte past the limit: pipes have no size. */
	cap = S_ISREG(sb.st_mode) ? (size_t)sb.st_size + 1 : 65536;
	buf = xmalloc(cap + 1);
	for (;;) {
		ssize_t n;

		if (len == cap) {
			if (cap > CATALOG_FILE_MAX)
				break;
			cap = cap * 2 > CATALOG_FILE_MAX + 1 ? CATALOG_FILE_MAX + 1 : cap * 2;
			buf = xrealloc(buf, cap + 1);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			isms_err_set(err, ISMS_EIO, _("cannot read \"%s\""), path);
			isms_err_detail(err, "%s.", strerror(errno));
			close(fd);
			return ISMS_EIO;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len > CATALOG_FILE_MAX)
		return too_large(CATALOG_FILE_MAX, err);
	buf[len] = '\0';
	if (!opts.name)
		opts.name = path;
	return catalog_parse(buf, len, &opts, ret, err);
}
