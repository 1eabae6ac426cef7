/* library.c - the built-in threat and vulnerability library, parsed once; lookups and "did you mean". */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "isms/i18n.h"
#include "isms/library.h"
#include "isms/resource.h"
#include "isms/scoring.h"
#include "isms/tsv.h"
#include "isms/utf8.h"
#include "isms/xalloc.h"

static const char *const threat_columns[] = {
	"id", "category", "name_en", "name_ja", "props", "asset_types", "ctl_2005", "ctl_2013",
	"ctl_2022", "desc_en", "desc_ja", NULL,
};

static const char *const vuln_columns[] = {
	"id", "name_en", "name_ja", "asset_types", "threats", "ctl_2005", "ctl_2013", "ctl_2022",
	"desc_en", "desc_ja", NULL,
};

static const struct {
	const char *code;
	const char *label;
} categories[] = {
	[THREAT_DELIBERATE] = { "deliberate", N_("deliberate") },
	[THREAT_ACCIDENTAL] = { "accidental", N_("accidental") },
	[THREAT_ENVIRONMENTAL] = { "environmental", N_("environmental") },
};

const char *threat_category_code(enum threat_category c)
{
	return categories[c].code;
}

const char *threat_category_label(enum threat_category c)
{
	return T_(categories[c].label);
}

bool threat_category_parse(const char *s, enum threat_category *ret)
{
	static const char *const ja[] = { "意図的", "偶発的", "環境的" };

	for (size_t i = 0; s && i < THREAT_CATEGORY_COUNT; i++) {
		if (!strcasecmp(s, categories[i].code) || !strcmp(s, ja[i])) {
			*ret = (enum threat_category)i;
			return true;
		}
	}
	return false;
}

/* Built once, never changed afterwards: safe to share between threads. */
static struct {
	struct tsv tt, vt;
	struct lib_threat *threats;
	struct lib_vuln *vulns;
	struct library lib;
} builtin;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void broken(const char *name, const char *what, long line)
{
	/* The embedded files are checked by the tests; a failure here is a
	 * broken build, not bad input. */
	fprintf(stderr, "isms: built-in library %s is broken: %s (line %ld)\n", name, what, line);
	abort();
}

static void load(void)
{
	const struct resource *rt = resource_find("library/threats.tsv");
	const struct resource *rv = resource_find("library/vulnerabilities.tsv");
	struct isms_err err;

	if (!rt || tsv_parse((const char *)rt->data, rt->len, threat_columns, &builtin.tt, &err))
		broken("threats.tsv", rt ? err.msg : "missing", rt ? err.line : 0);
	if (!rv || tsv_parse((const char *)rv->data, rv->len, vuln_columns, &builtin.vt, &err))
		broken("vulnerabilities.tsv", rv ? err.msg : "missing", rv ? err.line : 0);
	builtin.threats = xcalloc(builtin.tt.nrows, sizeof(*builtin.threats));
	builtin.lib.threats = xcalloc(builtin.tt.nrows, sizeof(*builtin.lib.threats));
	for (size_t i = 0; i < builtin.tt.nrows; i++) {
		const char **f = builtin.tt.rows[i].f;
		struct lib_threat *t = &builtin.threats[i];

		t->code = f[0];
		if (!threat_category_parse(f[1], &t->category))
			broken("threats.tsv", "bad category", builtin.tt.rows[i].line);
		t->name_en = f[2];
		t->name_ja = f[3];
		if (!score_props_parse(f[4], &t->props))
			broken("threats.tsv", "bad props", builtin.tt.rows[i].line);
		t->asset_types = f[5];
		t->ctl[0] = f[6];
		t->ctl[1] = f[7];
		t->ctl[2] = f[8];
		t->desc_en = f[9];
		t->desc_ja = f[10];
		builtin.lib.threats[i] = t;
	}
	builtin.lib.nthreats = builtin.tt.nrows;
	builtin.vulns = xcalloc(builtin.vt.nrows, sizeof(*builtin.vulns));
	builtin.lib.vulns = xcalloc(builtin.vt.nrows, sizeof(*builtin.lib.vulns));
	for (size_t i = 0; i < builtin.vt.nrows; i++) {
		const char **f = builtin.vt.rows[i].f;
		struct lib_vuln *v = &builtin.vulns[i];

		v->code = f[0];
		v->name_en = f[1];
		v->name_ja = f[2];
		v->asset_types = f[3];
		v->threats = f[4];
		v->ctl[0] = f[5];
		v->ctl[1] = f[6];
		v->ctl[2] = f[7];
		v->desc_en = f[8];
		v->desc_ja = f[9];
		builtin.lib.vulns[i] = v;
	}
	builtin.lib.nvulns = builtin.vt.nrows;
}

const struct library *library_builtin(void)
{
	pthread_once(&builtin_once, load);
	return &builtin.lib;
}

const char *lib_threat_name(const struct lib_threat *t)
{
	return i18n_pick(t->name_en, t->name_ja);
}

const char *lib_threat_desc(const struct lib_threat *t)
{
	return i18n_pick(t->desc_en, t->desc_ja);
}

const char *lib_vuln_name(const struct lib_vuln *v)
{
	return i18n_pick(v->name_en, v->name_ja);
}

const char *lib_vuln_desc(const struct lib_vuln *v)
{
	return i18n_pick(v->desc_en, v->desc_ja);
}

static int edition_index(int edition)
{
	return edition == 2005 ? 0 : edition == 2013 ? 1 : 2;
}

const char *lib_threat_controls(const struct lib_threat *t, int edition)
{
	return t->own ? t->ctl[0] : t->ctl[edition_index(edition)];
}

const char *lib_vuln_controls(const struct lib_vuln *v, int edition)
{
	return v->own ? v->ctl[0] : v->ctl[edition_index(edition)];
}

bool lib_list_has(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		while (len && *p == ' ')
			p++, len--;
		while (len && p[len - 1] == ' ')
			len--;
		if (len == n && !memcmp(p, item, n))
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

/* --- finding by code or name ----------------------------------------------- */

/* `s` without surrounding spaces (ASCII and U+3000), into `buf`. */
static const char *trim(const char *s, char *buf, size_t size)
{
	const char *end;
	size_t n;

	while (*s == ' ' || *s == '\t' || !strncmp(s, "\u3000", 3))
		s += *s == ' ' || *s == '\t' ? 1 : 3;
	end = s + strlen(s);
	for (;;) {
		if (end > s && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		else if (end - s >= 3 && !strncmp(end - 3, "\u3000", 3))
			end -= 3;
		else
			break;
	}
	n = (size_t)(end - s);
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

#define FIND(kind, arr, count)                                                            \
	do {                                                                              \
		char buf[4 * LIB_NAME_MAX + 8];                                           \
		const char *k = trim(s, buf, sizeof(buf));                                \
		const struct kind *hit = NULL;                                            \
		int nhits = 0;                                                            \
                                                                                          \
		if (!*k)                                                                  \
			return NULL;                                                      \
		for (size_t i = 0; i < l->count; i++)                                     \
			if (!strcmp(l->arr[i]->code, k))                                  \
				return l->arr[i];                                         \
		for (size_t i = 0; i < l->count; i++)                                     \
			if (!strcmp(l->arr[i]->name_en, k) || !strcmp(l->arr[i]->name_ja, k)) \
				return l->arr[i];                                         \
		for (size_t i = 0; i < l->count; i++) {                                   \
			if (!strcasecmp(l->arr[i]->code, k) ||                            \
			    !strcasecmp(l->arr[i]->name_en, k)) {                         \
				hit = l->arr[i];                                          \
				nhits++;                                                  \
			}                                                                 \
		}                                                                         \
		return nhits == 1 ? hit : NULL;                                           \
	} while (0)

const struct lib_threat *library_find_threat(const struct library *l, const char *s)
{
	FIND(lib_threat, threats, nthreats);
}

const struct lib_vuln *library_find_vuln(const struct library *l, const char *s)
{
	FIND(lib_vuln, vulns, nvulns);
}

/* --- "did you mean" --------------------------------------------------------- */

#define NEAR_CPS 256

/* Code points of `s`, ASCII folded to lower case; at most NEAR_CPS. */
static size_t cps_of(const char *s, uint32_t *out)
{
	size_t n = 0;

	while (*s && n < NEAR_CPS) {
		uint32_t cp;

		s += utf8_decode(s, &cp);
		if (cp < 128)
			cp = (uint32_t)tolower((int)cp);
		out[n++] = cp;
	}
	return n;
}

static size_t levenshtein(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t prev[NEAR_CPS + 1], cur[NEAR_CPS + 1];

	for (size_t j = 0; j <= nb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= na; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, (nb + 1) * sizeof(size_t));
	}
	return prev[nb];
}

static bool contains(const uint32_t *h, size_t nh, const uint32_t *n, size_t nn)
{
	if (!nn || nn > nh)
		return false;
	for (size_t i = 0; i + nn <= nh; i++)
		if (!memcmp(h + i, n, nn * sizeof(uint32_t)))
			return true;
	return false;
}

/* How far `name` is from the query: 0 when one contains the other, else
 * 1 + the edit distance; SIZE_MAX when too far to be a useful hint. */
static size_t distance(const uint32_t *q, size_t nq, const char *name)
{
	uint32_t c[NEAR_CPS];
	size_t nc, d, limit;

	if (!name || !*name)
		return SIZE_MAX;
	nc = cps_of(name, c);
	if (contains(c, nc, q, nq) || contains(q, nq, c, nc))
		return 0;
	d = levenshtein(q, nq, c, nc);
	limit = (nq > nc ? nq : nc) / 2;
	if (limit < 2)
		limit = 2;
	return d <= limit ? d + 1 : SIZE_MAX;
}

struct near {
	size_t dist;
	size_t index;
};

static int near_cmp(const void *x, const void *y)
{
	const struct near *a = x, *b = y;

	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

#define NEAREST(arr, count)                                                         \
	do {                                                                        \
		uint32_t q[NEAR_CPS];                                               \
		size_t nq = cps_of(s ? s : "", q), n = 0;                          \
		struct near *v;                                                     \
                                                                                    \
		if (!nq || !max)                                                    \
			return 0;                                                   \
		v = xcalloc(l->count ? l->count : 1, sizeof(*v));                   \
		for (size_t i = 0; i < l->count; i++) {                             \
			size_t d1 = distance(q, nq, l->arr[i]->name_en);            \
			size_t d2 = distance(q, nq, l->arr[i]->name_ja);            \
			size_t d3 = distance(q, nq, l->arr[i]->code);               \
			size_t d = d1 < d2 ? d1 : d2;                               \
                                                                                    \
			d = d < d3 ? d : d3;                                        \
			if (d != SIZE_MAX)                                          \
				v[n++] = (struct near){ d, i };                     \
		}                                                                   \
		qsort(v, n, sizeof(*v), near_cmp);                                  \
		if (n > max)                                                        \
			n = max;                                                    \
		for (size_t i = 0; i < n; i++)                                      \
			out[i] = l->arr[v[i].index];                                \
		free(v);                                                            \
		return n;                                                           \
	} while (0)

size_t library_near_threats(const struct library *l, const char *s,
			    const struct lib_threat **out, size_t max)
{
	NEAREST(threats, nthreats);
}

size_t library_near_vulns(const struct library *l, const char *s, const struct lib_vuln **out,
			  size_t max)
{
	NEAREST(vulns, nvulns);
}

const char *library_near_threats_text(struct arena *a, const struct library *l, const char *s)
{
	const struct lib_threat *near[3];
	size_t n = library_near_threats(l, s, near, 3);
	const char *text = "";

	for (size_t i = 0; i < n; i++)
		text = arena_printf(a, "%s%s%s \"%s\"", text, i ? ", " : "", near[i]->code,
				    lib_threat_name(near[i]));
	return text;
}

const char *library_near_vulns_text(struct arena *a, const struct library *l, const char *s)
{
	const struct lib_vuln *near[3];
	size_t n = library_near_vulns(l, s, near, 3);
	const char *text = "";

	for (size_t i = 0; i < n; i++)
		text = arena_printf(a, "%s%s%s \"%s\"", text, i ? ", " : "", near[i]->code,
				    lib_vuln_name(near[i]));
	return text;
}

/* The detail of a lookup that found nothing. */
static void nearest_detail(const char *near, struct isms_err *err)
{
	if (*near)
		isms_err_detail(err, _("The nearest entries are: %s."), near);
}

enum isms_rc library_threat_not_found(struct arena *a, const struct library *l, const char *s,
				      enum isms_rc rc, struct isms_err *err)
{
	const char *near = library_near_threats_text(a, l, s);

	isms_err_set(err, rc, _("no threat \"%s\" in the library"), s);
	nearest_detail(near, err);
	return rc;
}

enum isms_rc library_vuln_not_found(struct arena *a, const struct library *l, const char *s,
				    enum isms_rc rc, struct isms_err *err)
{
	const char *near = library_near_vulns_text(a, l, s);

	isms_err_set(err, rc, _("no vulnerability \"%s\" in the library"), s);
	nearest_detail(near, err);
	return rc;
}
