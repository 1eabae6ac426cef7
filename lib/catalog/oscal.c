/* oscal.c - OSCAL catalog JSON: reading groups, controls and prose; writing catalogues. */
#include <stdio.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/json.h"
#include "isms/util.h"
#include "isms/xalloc.h"
#include "catalog-int.h"

#define OSCAL_DEPTH_MAX 32  /* groups and controls nested in each other */
#define PARAM_DEPTH_MAX 8   /* parameters whose choices insert parameters */

struct oscal_rd {
	struct cat_builder *b;
	json_t *scopes[OSCAL_DEPTH_MAX + 2]; /* params arrays, outermost first */
	size_t nscopes;
	unsigned anon_groups;
};

/* --- prose ------------------------------------------------------------------ */

static const char *str_member(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool param_has_id(json_t *p, const char *id)
{
	const char *pid = str_member(p, "id");
	size_t i;
	json_t *prop;

	if (pid && !strcmp(pid, id))
		return true;
	/* NIST also refers to parameters by their older names. */
	json_array_foreach(json_object_get(p, "props"), i, prop) {
		const char *name = str_member(prop, "name"), *value = str_member(prop, "value");

		if (name && value && !strcmp(name, "alt-identifier") && !strcmp(value, id))
			return true;
	}
	return false;
}

static json_t *find_param(const struct oscal_rd *rd, const char *id)
{
	for (size_t s = rd->nscopes; s-- > 0;) {
		size_t i;
		json_t *p;

		json_array_foreach(rd->scopes[s], i, p)
			if (json_is_object(p) && param_has_id(p, id))
				return p;
	}
	return NULL;
}

static void add_resolved(const struct oscal_rd *rd, struct sbuf *sb, const char *s, int depth);

static void render_param(const struct oscal_rd *rd, struct sbuf *sb, json_t *p, const char *id,
			 int depth)
{
	json_t *sel = json_object_get(p, "select"), *choices, *values;
	const char *label = str_member(p, "label");

	if (json_is_object(sel) && json_is_array(choices = json_object_get(sel, "choice"))) {
		const char *how = str_member(sel, "how-many");
		size_t i;
		json_t *ch;

		sbuf_addstr(sb, how && !strcmp(how, "one-or-more") ? "[Selection (one or more): "
								   : "[Selection: ");
		json_array_foreach(choices, i, ch) {
			if (i)
				sbuf_addstr(sb, "; ");
			if (json_is_string(ch))
				add_resolved(rd, sb, json_string_value(ch), depth + 1);
		}
		sbuf_addch(sb, ']');
	} else if (label) {
		sbuf_addstr(sb, "[Assignment: ");
		add_resolved(rd, sb, label, depth + 1);
		sbuf_addch(sb, ']');
	} else if (json_is_array(values = json_object_get(p, "values")) && json_array_size(values)) {
		size_t i;
		json_t *v;

		json_array_foreach(values, i, v) {
			if (i)
				sbuf_addstr(sb, ", ");
			if (json_is_string(v))
				sbuf_addstr(sb, json_string_value(v));
		}
	} else {
		sbuf_addf(sb, "[Assignment: %s]", id);
	}
}

/* Append `s` with every "{{ insert: param, ID }}" replaced by what the
 * parameter says; other or unknown inserts stay as they are. */
static void add_resolved(const struct oscal_rd *rd, struct sbuf *sb, const char *s, int depth)
{
	while (*s) {
		const char *open = strstr(s, "{{"), *close, *p;
		char id[256];
		size_t n;
		json_t *param;

		if (!open) {
			sbuf_addstr(sb, s);
			return;
		}
		sbuf_add(sb, s, (size_t)(open - s));
		close = strstr(open, "}}");
		if (!close) {
			sbuf_addstr(sb, open);
			return;
		}
		p = open + 2;
		while (*p == ' ')
			p++;
		if (strncmp(p, "insert:", 7))
			goto literal;
		p += 7;
		while (*p == ' ')
			p++;
		if (strncmp(p, "param", 5))
			goto literal;
		p += 5;
		while (*p == ' ')
			p++;
		if (*p != ',')
			goto literal;
		p++;
		while (*p == ' ')
			p++;
		n = 0;
		while (p + n < close && p[n] != ' ')
			n++;
		if (n == 0 || n >= sizeof(id))
			goto literal;
		memcpy(id, p, n);
		id[n] = '\0';
		param = depth < PARAM_DEPTH_MAX ? find_param(rd, id) : NULL;
		if (!param)
			goto literal;
		render_param(rd, sb, param, id, depth);
		s = close + 2;
		continue;
literal:
		sbuf_add(sb, open, (size_t)(close + 2 - open));
		s = close + 2;
	}
}

static const char *part_label(json_t *part)
{
	size_t i;
	json_t *prop;

	json_array_foreach(json_object_get(part, "props"), i, prop) {
		const char *name = str_member(prop, "name");

		if (name && !strcmp(name, "label") && !json_object_get(prop, "ns"))
			return str_member(prop, "value");
	}
	return NULL;
}

/* A part and the parts inside it as lines of text: "label prose", two
 * spaces of indent a level. */
static void flatten(const struct oscal_rd *rd, struct sbuf *sb, json_t *part, int level)
{
	const char *label = part_label(part), *prose = str_member(part, "prose");
	size_t i;
	json_t *sub;

	if (label || prose) {
		if (sb->len)
			sbuf_addch(sb, '\n');
		for (int k = 0; k < level; k++)
			sbuf_addstr(sb, "  ");
		if (label) {
			sbuf_addstr(sb, label);
			if (prose) {
				sbuf_addch(sb, ' ');
				while (*prose == ' ' || *prose == '\t')
					prose++;
			}
		}
		if (prose)
			add_resolved(rd, sb, prose, 0);
		level++;
	}
	json_array_foreach(json_object_get(part, "parts"), i, sub)
		if (json_is_object(sub))
			flatten(rd, sb, sub, level);
}

/* --- reading -------------------------------------------------------------- */

static enum isms_rc need_string(json_t *o, const char *key, const char *path, const char **ret,
				struct isms_err *err)
{
	json_t *v = json_object_get(o, key);
	char f[sizeof(err->field)];

	if (json_is_string(v) && *json_string_value(v)) {
		*ret = json_string_value(v);
		return ISMS_OK;
	}
	snprintf(f, sizeof(f), "%s.%s", path, key);
	if (!v)
		isms_err_set(err, ISMS_EINVAL, _("\"%s\" is missing"), key);
	else
		isms_err_set(err, ISMS_EINVAL, _("\"%s\" must be a non-empty string"), key);
	isms_err_field(err, f);
	return ISMS_EINVAL;
}

static const char *our_prop(json_t *o, const char *name)
{
	size_t i;
	json_t *prop;

	json_array_foreach(json_object_get(o, "props"), i, prop) {
		const char *n = str_member(prop, "name"), *ns = str_member(prop, "ns");

		if (n && ns && !strcmp(ns, CAT_OSCAL_NS) && !strcmp(n, name))
			return str_member(prop, "value");
	}
	return NULL;
}

/* The props, links and parts that group and control have in common. */
static void read_common(struct oscal_rd *rd, struct catalog_item *it, json_t *o)
{
	struct cat_builder *b = rd->b;
	struct sbuf sb = SBUF_INIT, moved = SBUF_INIT;
	size_t i;
	json_t *v;

	json_array_foreach(json_object_get(o, "props"), i, v) {
		const char *name = str_member(v, "name"), *value = str_member(v, "value");

		if (!name || !value || json_object_get(v, "ns"))
			continue;
		if (!strcmp(name, "label") && !json_object_get(v, "class") && !*it->label)
			it->label = strcmp(value, it->id) ? cb_str(b, value) : "";
		else if (!strcmp(name, "status") && !strcmp(value, "withdrawn"))
			it->status = CAT_WITHDRAWN;
	}
	it->title_ja = cb_str(b, our_prop(o, "title-ja"));
	it->ja_status = cb_str(b, our_prop(o, "ja-status"));
	json_array_foreach(json_object_get(o, "links"), i, v) {
		const char *rel = str_member(v, "rel"), *href = str_member(v, "href");

		if (!rel || !href || (strcmp(rel, "incorporated-into") && strcmp(rel, "moved-to")))
			continue;
		if (!*it->moved_how)
			it->moved_how = cb_str(b, rel);
		if (moved.len)
			sbuf_addstr(&moved, ", ");
		sbuf_addstr(&moved, href[0] == '#' ? href + 1 : href);
	}
	it->moved_to = cb_str(b, moved.buf);
	json_array_foreach(json_object_get(o, "parts"), i, v) {
		const char *name = str_member(v, "name"), *ns = str_member(v, "ns");
		const char *cls = str_member(v, "class");
		bool ours = ns && !strcmp(ns, CAT_OSCAL_NS);
		bool desc = cls && !strcmp(cls, "description");

		if (!name || (ns && !ours))
			continue;
		sbuf_reset(&sb);
		flatten(rd, &sb, v, 0);
		if (ours && !strcmp(name, "description-ja"))
			it->desc_ja = cb_str(b, sb.buf);
		else if (ours)
			continue;
		else if (desc && (!strcmp(name, "statement") || !strcmp(name, "overview")))
			it->desc_en = cb_str(b, sb.buf);
		else if (!strcmp(name, "statement"))
			it->statement = cb_str(b, sb.buf);
		else if (!strcmp(name, "guidance"))
			it->guidance = cb_str(b, sb.buf);
	}
	sbuf_release(&sb);
	sbuf_release(&moved);
}

static enum isms_rc push_params(struct oscal_rd *rd, json_t *o)
{
	json_t *params = json_object_get(o, "params");

	rd->scopes[rd->nscopes++] = json_is_array(params) ? params : NULL;
	return ISMS_OK;
}

static enum isms_rc too_deep(const char *path, struct isms_err *err)
{
	isms_err_set(err, ISMS_ELIMIT, _("the catalogue is nested too deeply"));
	isms_err_detail(err, _("Groups and controls may be nested %d levels deep at most."),
			OSCAL_DEPTH_MAX);
	isms_err_field(err, path);
	return ISMS_ELIMIT;
}

static enum isms_rc not_object(const char *path, struct isms_err *err)
{
	isms_err_set(err, ISMS_EINVAL, _("expected a JSON object"));
	isms_err_field(err, path);
	return ISMS_EINVAL;
}

static enum isms_rc read_control(struct oscal_rd *rd, json_t *o, const char *parent,
				 bool enhancement, const char *path, int depth,
				 struct isms_err *err);

static enum isms_rc read_controls(struct oscal_rd *rd, json_t *o, const char *parent,
				  bool enhancement, const char *path, int depth,
				  struct isms_err *err)
{
	json_t *arr = json_object_get(o, "controls"), *ctl;
	enum isms_rc rc;
	size_t i;

	if (!arr)
		return ISMS_OK;
	if (!json_is_array(arr)) {
		char f[sizeof(err->field)];

		snprintf(f, sizeof(f), "%s.controls", path);
		isms_err_set(err, ISMS_EINVAL, _("\"%s\" must be an array"), "controls");
		isms_err_field(err, f);
		return ISMS_EINVAL;
	}
	json_array_foreach(arr, i, ctl) {
		_cleanup_free_ char *sub = xasprintf("%s.controls[%zu]", path, i);

		rc = read_control(rd, ctl, parent, enhancement, sub, depth + 1, err);
		if (rc)
			return rc;
	}
	return ISMS_OK;
}

static enum isms_rc read_control(struct oscal_rd *rd, json_t *o, const char *parent,
				 bool enhancement, const char *path, int depth,
				 struct isms_err *err)
{
	struct catalog_item *it;
	const char *id, *title;
	enum isms_rc rc;

	if (depth > OSCAL_DEPTH_MAX)
		return too_deep(path, err);
	if (!json_is_object(o))
		return not_object(path, err);
	if ((rc = need_string(o, "id", path, &id, err)) ||
	    (rc = need_string(o, "title", path, &title, err)))
		return rc;
	it = cb_add(rd->b, 0, path);
	it->kind = enhancement ? CAT_ENHANCEMENT : CAT_CONTROL;
	it->id = cb_str(rd->b, id);
	it->parent = cb_str(rd->b, parent);
	it->title_en = cb_str(rd->b, title);
	push_params(rd, o);
	read_common(rd, it, o);
	id = it->id; /* `it` moves when the items grow */
	rc = read_controls(rd, o, id, true, path, depth, err);
	rd->nscopes--;
	return rc;
}

static enum isms_rc read_group(struct oscal_rd *rd, json_t *o, const char *parent,
			       const char *path, int depth, struct isms_err *err)
{
	json_t *groups, *g;
	struct catalog_item *it;
	const char *title, *cls, *id;
	enum isms_rc rc;
	size_t i;

	if (depth > OSCAL_DEPTH_MAX)
		return too_deep(path, err);
	if (!json_is_object(o))
		return not_object(path, err);
	if ((rc = need_string(o, "title", path, &title, err)))
		return rc;
	it = cb_add(rd->b, 0, path);
	it->kind = CAT_GROUP;
	cls = str_member(o, "class");
	if (cls && (!strcmp(cls, "clause") || !strcmp(cls, "theme") || !strcmp(cls, "objective")))
		catalog_kind_parse(cls, &it->kind);
	/* A group's id is optional in OSCAL; its items need one to name it. */
	if (str_member(o, "id") && *str_member(o, "id"))
		it->id = cb_str(rd->b, str_member(o, "id"));
	else
		it->id = arena_printf(&rd->b->c->arena, "group-%u", ++rd->anon_groups);
	it->parent = cb_str(rd->b, parent);
	it->title_en = cb_str(rd->b, title);
	push_params(rd, o);
	read_common(rd, it, o);
	/* `it` moves when the items grow: keep only its id from here on */
	id = it->id;
	groups = json_object_get(o, "groups");
	if (groups && !json_is_array(groups)) {
		char f[sizeof(err->field)];

		snprintf(f, sizeof(f), "%s.groups", path);
		isms_err_set(err, ISMS_EINVAL, _("\"%s\" must be an array"), "groups");
		isms_err_field(err, f);
		rd->nscopes--;
		return ISMS_EINVAL;
	}
	json_array_foreach(groups, i, g) {
		_cleanup_free_ char *sub = xasprintf("%s.groups[%zu]", path, i);

		rc = read_group(rd, g, id, sub, depth + 1, err);
		if (rc) {
			rd->nscopes--;
			return rc;
		}
	}
	rc = read_controls(rd, o, id, false, path, depth, err);
	rd->nscopes--;
	return rc;
}

enum isms_rc cat_read_oscal(struct cat_builder *b, json_t *root, struct isms_err *err)
{
	struct oscal_rd rd = { .b = b };
	json_t *cat = json_object_get(root, "catalog"), *meta, *groups, *g;
	struct catalog *c = b->c;
	enum isms_rc rc;
	const char *s;
	size_t i;

	if (!json_is_object(cat))
		return not_object("catalog", err);
	meta = json_object_get(cat, "metadata");
	if (!json_is_object(meta)) {
		isms_err_set(err, ISMS_EINVAL, _("the OSCAL catalog has no metadata"));
		isms_err_field(err, "catalog.metadata");
		return ISMS_EINVAL;
	}
	if ((rc = need_string(meta, "title", "catalog.metadata", &s, err)))
		return rc;
	c->title_en = cb_str(b, s);
	c->version = cb_str(b, str_member(meta, "version"));
	c->title_ja = cb_str(b, our_prop(meta, "title-ja"));
	c->ident = cb_str(b, our_prop(meta, "identifier"));
	c->uuid = cb_str(b, str_member(cat, "uuid"));
	push_params(&rd, cat);
	groups = json_object_get(cat, "groups");
	if (groups && !json_is_array(groups)) {
		isms_err_set(err, ISMS_EINVAL, _("\"%s\" must be an array"), "groups");
		isms_err_field(err, "catalog.groups");
		return ISMS_EINVAL;
	}
	json_array_foreach(groups, i, g) {
		_cleanup_free_ char *sub = xasprintf("catalog.groups[%zu]", i);

		rc = read_group(&rd, g, "", sub, 1, err);
		if (rc)
			return rc;
	}
	return read_controls(&rd, cat, "", false, "catalog", 0, err);
}

/* --- writing -------------------------------------------------------------- */

static json_t *prop(const char *name, const char *value, bool ours)
{
	json_t *p = json_object();

	json_set_str(p, "name", name);
	if (ours)
		json_set_str(p, "ns", CAT_OSCAL_NS);
	json_set_str(p, "value", value);
	return p;
}

static json_t *part(const char *id, const char *suffix, const char *name, const char *cls,
		    bool ours, const char *prose)
{
	json_t *p = json_object();
	char *pid = xasprintf("%s_%s", id, suffix);

	json_set_str(p, "id", pid);
	json_set_str(p, "name", name);
	if (ours)
		json_set_str(p, "ns", CAT_OSCAL_NS);
	if (cls)
		json_set_str(p, "class", cls);
	json_set_str(p, "prose", prose);
	free(pid);
	return p;
}

static void append(json_t *o, const char *key, json_t *v)
{
	json_t *arr = json_object_get(o, key);

	if (!arr) {
		arr = json_array();
		json_object_set_new(o, key, arr);
	}
	json_array_append_new(arr, v);
}

static json_t *item_json(const struct catalog_item *it)
{
	bool group = it->kind != CAT_CONTROL && it->kind != CAT_ENHANCEMENT;
	json_t *o = json_object();

	json_set_str(o, "id", it->id);
	if (group)
		json_set_str(o, "class", catalog_kind_code(it->kind));
	json_set_str(o, "title", *it->title_en ? it->title_en : it->title_ja);
	append(o, "props", prop("label", catalog_item_label(it), false));
	if (it->status == CAT_WITHDRAWN)
		append(o, "props", prop("status", "withdrawn", false));
	if (*it->title_ja)
		append(o, "props", prop("title-ja", it->title_ja, true));
	if (*it->ja_status)
		append(o, "props", prop("ja-status", it->ja_status, true));
	if (*it->moved_to) {
		const char *p = it->moved_to;

		while (*p) {
			size_t n = strcspn(p, ",");
			json_t *l = json_object();
			char *href = xasprintf("#%.*s", (int)n, p);

			json_set_str(l, "href", href);
			json_set_str(l, "rel", *it->moved_how ? it->moved_how : "moved-to");
			append(o, "links", l);
			free(href);
			p += n;
			while (*p == ',' || *p == ' ')
				p++;
		}
	}
	/* Our descriptions are the statement when there is no statement of
	 * the control's own; the class tells them apart on the way back. */
	if (*it->statement) {
		append(o, "parts", part(it->id, "smt", "statement", NULL, false, it->statement));
		if (*it->desc_en)
			append(o, "parts", part(it->id, "ovw", "overview", "description", false,
						it->desc_en));
	} else if (*it->desc_en) {
		append(o, "parts", part(it->id, "smt", "statement", "description", false, it->desc_en));
	}
	if (*it->desc_ja)
		append(o, "parts", part(it->id, "ja", "description-ja", "description", true, it->desc_ja));
	if (*it->guidance)
		append(o, "parts", part(it->id, "gdn", "guidance", NULL, false, it->guidance));
	return o;
}

/* A UUID for a catalogue that came without one: derived from its
 * identifier and version, so that the same catalogue keeps it. */
static void derived_uuid(const struct catalog *c, char out[37])
{
	char hex[ISMS_SHA256_HEX];
	char *key = xasprintf("isms-catalog|%s|%s", c->ident, c->version);

	isms_sha256_hex(key, strlen(key), hex);
	free(key);
	hex[12] = '4';
	hex[16] = "89ab"[(hex[16] >= 'a' ? hex[16] - 'a' + 10 : hex[16] - '0') & 3];
	snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

void cat_write_oscal(const struct catalog *c, struct sbuf *out)
{
	json_t *root = json_object(), *cat = json_object(), *meta = json_object();
	json_t **objs = xcalloc(c->nitems ? c->nitems : 1, sizeof(*objs));
	_cleanup_free_ size_t *order = cat_sort_ids(c);
	char uuid[37], now[ISMS_TIME_LEN];

	if (*c->uuid)
		snprintf(uuid, sizeof(uuid), "%s", c->uuid);
	else
		derived_uuid(c, uuid);
	if (*c->imported_at)
		snprintf(now, sizeof(now), "%s", c->imported_at);
	else
		isms_time_now(now);
	json_set_str(cat, "uuid", uuid);
	json_set_str(meta, "title", c->title_en);
	json_set_str(meta, "last-modified", now);
	json_set_str(meta, "version", c->version);
	json_set_str(meta, "oscal-version", "1.1.2");
	append(meta, "props", prop("identifier", c->ident, true));
	if (*c->title_ja)
		append(meta, "props", prop("title-ja", c->title_ja, true));
	json_object_set_new(cat, "metadata", meta);
	for (size_t i = 0; i < c->nitems; i++) {
		const struct catalog_item *it = &c->items[i];
		bool group = it->kind != CAT_CONTROL && it->kind != CAT_ENHANCEMENT;
		long p = *it->parent ? cat_find_sorted(c, order, it->parent) : -1;
		json_t *holder = cat;

		objs[i] = item_json(it);
		if (p >= 0 && (size_t)p < i && objs[p]) {
			const struct catalog_item *pi = &c->items[p];
			bool pgroup = pi->kind != CAT_CONTROL && pi->kind != CAT_ENHANCEMENT;

			/* OSCAL has no groups inside controls */
			if (pgroup || !group)
				holder = objs[p];
		}
		append(holder, group ? "groups" : "controls", objs[i]);
	}
	json_object_set_new(root, "catalog", cat);
	json_write(out, root, 1);
	sbuf_addch(out, '\n');
	json_decref(root);
	free(objs);
}
