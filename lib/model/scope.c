/* scope.c - step 1: the versioned ISMS scope, its Markdown form and its approval. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "isms/approval.h"
#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/json.h"
#include "isms/scope.h"
#include "isms/utf8.h"
#include "isms/util.h"
#include "model.h"
#include "vec.h"
#include "version-store.h"

/* Section headings: the first English and Japanese names are written,
 * all are read. */
enum section {
	SEC_NONE = -1,
	SEC_ORG = SCOPE_NKINDS,
	SEC_DESC,
	SEC_COUNT,
};

static const struct {
	const char *code;
	const char *title; /* N_() */
	const char *names[6];
} sections[SEC_COUNT] = {
	[SCOPE_UNIT] = { "unit", N_("Units"),
			 { "Units", "Organisational units", "Organizational units", "部門", "組織単位", NULL } },
	[SCOPE_SITE] = { "site", N_("Sites"), { "Sites", "Locations", "拠点", "所在地", NULL } },
	[SCOPE_PROCESS] = { "process", N_("Business processes"),
			    { "Business processes", "Processes", "業務プロセス", "業務", NULL } },
	[SCOPE_SYSTEM] = { "system", N_("Networks and systems"),
			   { "Networks and systems", "Systems", "ネットワーク及びシステム", "情報システム", NULL } },
	[SCOPE_INTERFACE] = { "interface", N_("Interfaces and dependencies"),
			      { "Interfaces and dependencies", "Interfaces", "インタフェース及び依存関係",
				"外部との依存関係", NULL } },
	[SCOPE_EXCLUSION] = { "exclusion", N_("Exclusions"),
			      { "Exclusions", "適用範囲からの除外", "除外", NULL } },
	[SEC_ORG] = { "organisation", N_("Organisation"),
		      { "Organisation", "Organization", "組織", "組織名", NULL } },
	[SEC_DESC] = { "description", N_("Description"),
		       { "Description", "Notes", "説明", "補足", NULL } },
};

/* The JSON keys of the lists, in the order of enum scope_kind. */
static const char *const list_keys[SCOPE_NKINDS] = {
	"units", "sites", "processes", "systems", "interfaces", "exclusions",
};

const char *scope_kind_code(enum scope_kind k)
{
	return sections[k].code;
}

const char *scope_kind_title(enum scope_kind k)
{
	return T_(sections[k].title);
}

static int find_section(const char *name)
{
	for (int s = 0; s < SEC_COUNT; s++)
		for (int i = 0; sections[s].names[i]; i++)
			if (!strcasecmp(name, sections[s].names[i]))
				return s;
	return SEC_NONE;
}

/* --- parsing ------------------------------------------------------------- */

struct parser {
	struct arena *a;
	struct scope *s;
	size_t alloc[SCOPE_NKINDS];
	struct sbuf desc;
	struct isms_err *err;
};

static enum isms_rc fail_at(struct isms_err *err, long line, long col, const char *msg)
{
	isms_err_set(err, ISMS_EINVAL, "%s", msg);
	isms_err_pos(err, line, col);
	return ISMS_EINVAL;
}

static const char *trim(struct arena *a, const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return arena_strndup(a, s, len);
}

/* The name ends at the first ": ", full-width colon, or a colon that ends the line. */
static const char *find_separator(const char *s, size_t *ret_len)
{
	for (const char *p = s; *p; p++) {
		if (*p == ':' && (p[1] == ' ' || p[1] == '\t' || p[1] == '\0')) {
			*ret_len = 1;
			return p;
		}
		if (!strncmp(p, "\xef\xbc\x9a", 3)) { /* U+FF1A FULLWIDTH COLON */
			*ret_len = 3;
			return p;
		}
	}
	return NULL;
}

static enum isms_rc add_item(struct parser *ps, enum scope_kind k, const char *text, long line)
{
	struct scope *s = ps->s;
	const char *sep;
	size_t seplen = 0;
	struct scope_item *it;

	if (s->nitems[k] >= SCOPE_ITEMS_MAX) {
		isms_err_set(ps->err, ISMS_ELIMIT, _("too many items in \"%s\""), scope_kind_title(k));
		isms_err_detail(ps->err, _("A section holds at most %d items."), SCOPE_ITEMS_MAX);
		isms_err_pos(ps->err, line, 1);
		return ISMS_ELIMIT;
	}
	s->items[k] = arena_vec_grow(ps->a, s->items[k], s->nitems[k], &ps->alloc[k],
				     s->nitems[k] + 1, sizeof(*s->items[k]));
	it = &s->items[k][s->nitems[k]++];
	sep = find_separator(text, &seplen);
	if (sep) {
		it->name = trim(ps->a, text, (size_t)(sep - text));
		it->detail = trim(ps->a, sep + seplen, strlen(sep + seplen));
	} else {
		it->name = trim(ps->a, text, strlen(text));
		it->detail = "";
	}
	it->line = line;
	return ISMS_OK;
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

static enum isms_rc parse_lines(struct parser *ps, char *buf)
{
	struct scope *s = ps->s;
	bool seen[SEC_COUNT] = { false };
	bool in_comment = false;
	int sec = SEC_NONE;
	long line = 0;
	char *p = buf;

	while (*p) {
		char *nl = strchr(p, '\n');
		const char *t;

		line++;
		if (nl)
			*nl = '\0';
		if (nl && nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		else if (!nl && *p && p[strlen(p) - 1] == '\r')
			p[strlen(p) - 1] = '\0';

		/* HTML comments, on one line or several, are guidance: skipped. */
		for (t = p; *t == ' ' || *t == '\t'; t++)
			;
		if (in_comment || !strncmp(t, "<!--", 4)) {
			in_comment = strstr(in_comment ? p : t + 4, "-->") == NULL;
			goto next;
		}
		if (!strncmp(p, "## ", 3)) {
			const char *name = trim(ps->a, p + 3, strlen(p + 3));
			int found = find_section(name);

			if (found == SEC_NONE) {
				isms_err_set(ps->err, ISMS_EINVAL, _("unknown section \"%s\""), name);
				isms_err_hint(ps->err, _("The sections are Organisation, Units, Sites, Business processes, Networks and systems, Interfaces and dependencies, Exclusions and Description (or their Japanese names)."));
				isms_err_pos(ps->err, line, 4);
				return ISMS_EINVAL;
			}
			if (seen[found]) {
				isms_err_set(ps->err, ISMS_EINVAL, _("section \"%s\" appears twice"), name);
				isms_err_pos(ps->err, line, 4);
				return ISMS_EINVAL;
			}
			seen[found] = true;
			sec = found;
			goto next;
		}
		if (sec == SEC_NONE) {
			if (blank(p) || !strncmp(p, "# ", 2))
				goto next;
			return fail_at(ps->err, line, versioned_column(p, t),
				       _("text before the first section"));
		}
		if (sec == SEC_DESC) {
			sbuf_addstr(&ps->desc, p);
			sbuf_addch(&ps->desc, '\n');
			goto next;
		}
		if (blank(p))
			goto next;
		if (sec == SEC_ORG) {
			if (s->organisation)
				return fail_at(ps->err, line, versioned_column(p, t),
					       _("the organisation takes one line"));
			s->organisation = trim(ps->a, p, strlen(p));
			goto next;
		}
		if ((p[0] == '-' || p[0] == '*') && (p[1] == ' ' || p[1] == '\t')) {
			enum isms_rc rc = add_item(ps, (enum scope_kind)sec, p + 2, line);

			if (rc)
				return rc;
			if (!*s->items[sec][s->nitems[sec] - 1].name)
				return fail_at(ps->err, line, 3, _("a list item needs a name"));
			goto next;
		}
		if ((p[0] == ' ' || p[0] == '\t') && s->nitems[sec]) {
			/* An indented line continues the detail of the item above. */
			struct scope_item *it = &s->items[sec][s->nitems[sec] - 1];
			const char *more = trim(ps->a, p, strlen(p));

			it->detail = *it->detail ? arena_printf(ps->a, "%s\n%s", it->detail, more) : more;
			goto next;
		}
		isms_err_set(ps->err, ISMS_EINVAL, _("expected a list item starting with \"- \""));
		isms_err_detail(ps->err, _("Section \"%s\" is a list: one item a line, \"- NAME: DETAIL\"."),
				T_(sections[sec].title));
		isms_err_pos(ps->err, line, versioned_column(p, t));
		return ISMS_EINVAL;
next:
		if (!nl)
			break;
		p = nl + 1;
	}
	if (in_comment)
		return fail_at(ps->err, line, 1, _("a comment \"<!--\" is not closed with \"-->\""));
	return ISMS_OK;
}

enum isms_rc scope_parse(const char *text, size_t len, struct arena *a, struct scope *ret,
			 struct isms_err *err)
{
	struct parser ps = { .a = a, .s = ret, .err = err };
	size_t skip;
	char *buf;
	enum isms_rc rc;

	memset(ret, 0, sizeof(*ret));
	rc = versioned_check_file(text, len, SCOPE_FILE_MAX, err);
	if (rc)
		return rc;
	skip = utf8_bom_len(text, len);
	buf = arena_strndup(a, text + skip, len - skip);
	sbuf_init(&ps.desc, 0);
	rc = parse_lines(&ps, buf);
	if (!rc) {
		sbuf_rtrim(&ps.desc);
		{
			const char *d = ps.desc.buf;

			while (*d == '\n')
				d++;
			ret->description = arena_strdup(a, d);
		}
		if (!ret->organisation)
			ret->organisation = "";
		for (int k = 0; k < SCOPE_NKINDS; k++)
			if (!ret->items[k])
				ret->items[k] = arena_alloc(a, sizeof(struct scope_item));
		rc = scope_check(ret, err);
	}
	sbuf_release(&ps.desc);
	return rc;
}

/* --- checking, formatting, hashing -------------------------------------- */

static enum isms_rc item_error(struct isms_err *err, const struct scope_item *it,
			       enum isms_rc rc, const char *field)
{
	if (it->line)
		isms_err_pos(err, it->line, 3);
	isms_err_field(err, field);
	return rc;
}

enum isms_rc scope_check(const struct scope *s, struct isms_err *err)
{
	enum isms_rc rc;

	if (!s->organisation || !*s->organisation) {
		isms_err_set(err, ISMS_EINVAL, _("the scope names no organisation"));
		isms_err_hint(err, _("Write the organisation's name under the heading \"## Organisation\"."));
		isms_err_field(err, "organisation");
		return ISMS_EINVAL;
	}
	rc = isms_check_text(s->organisation, SCOPE_NAME_MAX, "organisation", err);
	if (rc)
		return rc;
	for (int k = 0; k < SCOPE_NKINDS; k++) {
		for (size_t i = 0; i < s->nitems[k]; i++) {
			const struct scope_item *it = &s->items[k][i];
			size_t seplen;

			rc = isms_check_text(it->name, SCOPE_NAME_MAX, list_keys[k], err);
			if (rc)
				return item_error(err, it, rc, list_keys[k]);
			if (find_separator(it->name, &seplen)) {
				isms_err_set(err, ISMS_EINVAL, _("the name \"%s\" contains a colon"), it->name);
				isms_err_detail(err, _("A colon followed by a space ends the name and starts the detail."));
				return item_error(err, it, ISMS_EINVAL, list_keys[k]);
			}
			rc = isms_check_textblock(it->detail, SCOPE_DETAIL_MAX, list_keys[k], err);
			if (rc)
				return item_error(err, it, rc, list_keys[k]);
			if (k == SCOPE_EXCLUSION && !*it->detail) {
				isms_err_set(err, ISMS_EINVAL, _("the exclusion \"%s\" has no justification"),
					     it->name);
				isms_err_detail(err, _("Every exclusion from the scope must say why it is excluded."));
				isms_err_hint(err, _("Write it after the name: \"- NAME: JUSTIFICATION\"."));
				return item_error(err, it, ISMS_EINVAL, list_keys[k]);
			}
			for (size_t j = 0; j < i; j++) {
				if (!strcmp(s->items[k][j].name, it->name)) {
					isms_err_set(err, ISMS_EEXIST, _("\"%s\" is listed twice in \"%s\""),
						     it->name, scope_kind_title((enum scope_kind)k));
					return item_error(err, it, ISMS_EEXIST, list_keys[k]);
				}
			}
		}
	}
	return isms_check_textblock(s->description, SCOPE_TEXT_MAX, "description", err);
}

static void format_items(struct sbuf *out, const struct scope *s, enum scope_kind k)
{
	sbuf_addf(out, "\n## %s\n", scope_kind_title(k));
	for (size_t i = 0; i < s->nitems[k]; i++) {
		const struct scope_item *it = &s->items[k][i];

		sbuf_addf(out, "- %s", it->name);
		if (*it->detail) {
			sbuf_addstr(out, ": ");
			for (const char *d = it->detail; *d; d++) {
				sbuf_addch(out, *d);
				if (*d == '\n')
					sbuf_addstr(out, "  ");
			}
		}
		sbuf_addch(out, '\n');
	}
}

void scope_format(const struct scope *s, struct sbuf *out)
{
	sbuf_addf(out, "# %s\n\n## %s\n%s\n", _("ISMS scope"), T_(sections[SEC_ORG].title),
		  s->organisation);
	for (int k = 0; k < SCOPE_NKINDS; k++)
		format_items(out, s, (enum scope_kind)k);
	sbuf_addf(out, "\n## %s\n", T_(sections[SEC_DESC].title));
	if (*s->description)
		sbuf_addf(out, "%s\n", s->description);
}

void scope_template(const char *organisation, struct sbuf *out)
{
	static const char *const guidance[SCOPE_NKINDS] = {
		N_("The departments, teams or companies inside the scope. One a line: \"- NAME: what they do\"."),
		N_("The offices, data centres and other places inside the scope, with their address."),
		N_("The business processes and services the ISMS protects."),
		N_("The networks, information systems and cloud services inside the scope."),
		N_("Where the scope meets the outside: suppliers, cloud providers, parent company, customers, and what is exchanged with them."),
		N_("What is left out of the scope. Each needs a justification: \"- NAME: why it is excluded\"."),
	};

	sbuf_addf(out, "# %s\n<!-- %s -->\n\n## %s\n%s\n", _("ISMS scope"),
		  _("Comments like this one are guidance: they are not saved."),
		  T_(sections[SEC_ORG].title), organisation ? organisation : "");
	for (int k = 0; k < SCOPE_NKINDS; k++)
		sbuf_addf(out, "\n## %s\n<!-- %s -->\n", scope_kind_title((enum scope_kind)k),
			  T_(guidance[k]));
	sbuf_addf(out, "\n## %s\n<!-- %s -->\n", T_(sections[SEC_DESC].title),
		  _("Free text: why the boundaries are where they are, and anything else an auditor should know."));
}

static json_t *content_json(const struct scope *s)
{
	json_t *o = json_object();

	json_set_str(o, "organisation", s->organisation);
	for (int k = 0; k < SCOPE_NKINDS; k++) {
		json_t *arr = json_array();

		for (size_t i = 0; i < s->nitems[k]; i++) {
			json_t *it = json_object();

			json_set_str(it, "name", s->items[k][i].name);
			json_set_str(it, "detail", s->items[k][i].detail);
			json_array_append_new(arr, it);
		}
		json_object_set_new(o, list_keys[k], arr);
	}
	json_set_str(o, "description", s->description);
	return o;
}

static void content_hash(const struct scope *s, char out[65])
{
	struct sbuf sb = SBUF_INIT;
	json_t *o = content_json(s);

	json_write(&sb, o, 0);
	isms_sha256_hex(sb.buf, sb.len, out);
	json_decref(o);
	sbuf_release(&sb);
}

void scope_snapshot(const struct scope *s, struct sbuf *out)
{
	json_t *o = json_object();

	json_set_int(o, "version", s->version);
	json_set_str(o, "content_hash", s->content_hash);
	json_object_set_new(o, "content", content_json(s));
	json_write(out, o, 0);
	json_decref(o);
}

/* --- storage ----------------------------------------------------------------- */

static enum isms_rc insert_version(struct isms_ctx *ctx, int64_t isms_id, int version,
				   const char *hash, const char *now, const void *arg,
				   json_t **ret_after, struct isms_err *err)
{
	const struct scope *s = arg;
	struct stmt *q;
	enum isms_rc rc;

	q = store_query(ctx->st,
			"INSERT INTO scope_version (isms_id, version, organisation, description,"
			" content_hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, version);
	stmt_bind_text(q, 3, s->organisation);
	stmt_bind_text(q, 4, s->description);
	stmt_bind_text(q, 5, hash);
	stmt_bind_text(q, 6, now);
	stmt_bind_text(q, 7, ctx->actor);
	rc = stmt_run(q, err);
	for (int k = 0; !rc && k < SCOPE_NKINDS; k++) {
		for (size_t i = 0; !rc && i < s->nitems[k]; i++) {
			q = store_query(ctx->st,
					"INSERT INTO scope_item (isms_id, version, kind, pos, name, detail)"
					" VALUES ($1, $2, $3, $4, $5, $6)",
					err);
			if (!q)
				return err->code;
			stmt_bind_int(q, 1, isms_id);
			stmt_bind_int(q, 2, version);
			stmt_bind_text(q, 3, sections[k].code);
			stmt_bind_int(q, 4, (int64_t)i);
			stmt_bind_text(q, 5, s->items[k][i].name);
			stmt_bind_text(q, 6, s->items[k][i].detail);
			rc = stmt_run(q, err);
		}
	}
	if (rc)
		return rc;
	*ret_after = content_json(s);
	json_set_int(*ret_after, "version", version);
	return ISMS_OK;
}

enum isms_rc scope_save(struct isms_ctx *ctx, int64_t isms_id, const struct scope *s,
			int *ret_version, bool *ret_unchanged, struct isms_err *err)
{
	char hash[65];
	enum isms_rc rc;

	rc = scope_check(s, err);
	if (rc)
		return rc;
	content_hash(s, hash);
	return versioned_save(ctx, isms_id, VERSIONED_SCOPE, hash, insert_version, s, ret_version,
			      ret_unchanged, err);
}

static enum isms_rc read_items(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			       struct scope *s, struct isms_err *err)
{
	size_t alloc[SCOPE_NKINDS] = { 0 };
	struct stmt *q = store_query(ctx->st,
				     "SELECT kind, name, detail FROM scope_item"
				     " WHERE isms_id = $1 AND version = $2 ORDER BY kind, pos",
				     err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, s->version);
	while ((r = stmt_next(q, err)) > 0) {
		const char *kind = stmt_text(q, 0);
		int k;

		for (k = 0; k < SCOPE_NKINDS && strcmp(kind, sections[k].code); k++)
			;
		if (k == SCOPE_NKINDS)
			continue;
		s->items[k] = arena_vec_grow(a, s->items[k], s->nitems[k], &alloc[k], s->nitems[k] + 1,
					     sizeof(*s->items[k]));
		s->items[k][s->nitems[k]].name = arena_strdup(a, stmt_text(q, 1));
		s->items[k][s->nitems[k]].detail = arena_strdup(a, stmt_text(q, 2));
		s->items[k][s->nitems[k]].line = 0;
		s->nitems[k]++;
	}
	return r < 0 ? err->code : ISMS_OK;
}

enum isms_rc scope_get(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, int version,
		       struct scope *ret, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT version, organisation, description, content_hash, created_at,"
				     " created_by FROM scope_version WHERE isms_id = $1"
				     " AND ($2 = 0 OR version = $2) ORDER BY version DESC LIMIT 1",
				     err);
	int r;

	if (!q)
		return err->code;
	memset(ret, 0, sizeof(*ret));
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, version);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0) {
		if (version) {
			isms_err_set(err, ISMS_ENOTFOUND, _("the scope has no version %d"), version);
			isms_err_hint(err, _("\"isms scope history\" lists the versions."));
		} else {
			isms_err_set(err, ISMS_ENOTFOUND, _("the scope has not been written yet"));
			isms_err_hint(err, _("Write it with \"isms scope edit\" or \"isms scope set --file FILE\"."));
		}
		return ISMS_ENOTFOUND;
	}
	ret->version = (int)stmt_int(q, 0);
	ret->organisation = arena_strdup(a, stmt_text(q, 1));
	ret->description = arena_strdup(a, stmt_text(q, 2));
	snprintf(ret->content_hash, sizeof(ret->content_hash), "%s", stmt_text(q, 3));
	ret->created_at = arena_strdup(a, stmt_text(q, 4));
	ret->created_by = arena_strdup(a, stmt_text(q, 5));
	stmt_run(q, err);
	for (int k = 0; k < SCOPE_NKINDS; k++)
		ret->items[k] = arena_alloc(a, sizeof(struct scope_item));
	return read_items(ctx, a, isms_id, ret, err);
}

enum isms_rc scope_history(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			   struct version_info **ret, size_t *ret_n, struct isms_err *err)
{
	return versioned_history(ctx, a, isms_id, VERSIONED_SCOPE, ret, ret_n, err);
}

/* The snapshot of the newest version, for versioned_approve and
 * versioned_approval_state. */
static enum isms_rc latest_snapshot(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
				    struct sbuf *snap, int *ret_version, struct isms_err *err)
{
	struct scope s;
	enum isms_rc rc = scope_get(ctx, a, isms_id, 0, &s, err);

	if (!rc) {
		scope_snapshot(&s, snap);
		*ret_version = s.version;
	}
	return rc;
}

enum isms_rc scope_approve(struct isms_ctx *ctx, int64_t isms_id, enum approval_decision d,
			   const char *comment, int *ret_version, struct isms_err *err)
{
	return versioned_approve(ctx, isms_id, VERSIONED_SCOPE, latest_snapshot, d, comment,
				 ret_version, err);
}

enum isms_rc scope_approval_state(struct isms_ctx *ctx, int64_t isms_id,
				  enum approval_state *ret, struct isms_err *err)
{
	return versioned_approval_state(ctx, isms_id, VERSIONED_SCOPE, latest_snapshot, ret, err);
}
