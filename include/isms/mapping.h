/*
 * mapping.h - how the editions of Annex A map onto each other.
 *
 * The tables 2005→2013 and 2013→2022 are data (data/catalog/map-*.tsv);
 * 2005→2022 is composed through 2013. Each table can be read in either
 * direction: from an older edition to a newer one, or back. A link joins a
 * control of the `from` edition to one of the `to` edition; a control with
 * no counterpart has one link with an empty other end (`removed` going
 * forward, `new` coming back, and the other way round).
 *
 * The kind always describes the change from the older edition to the newer
 * one, whichever way the table is read: a control "merged" into A.8.8 is
 * still "merged" when looked up from A.8.8. For the composed table the
 * kind is worked out from the composed links themselves: one source
 * reaching several controls is "split", several sources reaching one
 * control is "merged", otherwise "carried"; `via` names the 2013 controls
 * the link passes through.
 *
 * Built once on first use and shared read-only, like the catalogues.
 */
#ifndef ISMS_MAPPING_H
#define ISMS_MAPPING_H

#include <stddef.h>

enum map_kind {
	MAP_CARRIED = 0,
	MAP_MERGED,
	MAP_SPLIT,
	MAP_REMOVED,
	MAP_NEW,
};

struct map_link {
	const char *from; /* a control of the `from` edition; "" when none */
	const char *to;   /* a control of the `to` edition; "" when none */
	enum map_kind kind;
	const char *via;  /* composed tables: the 2013 controls, ", "-separated; else "" */
	const char *note; /* English, may be "" */
};

struct mapping {
	int from, to; /* editions */
	struct map_link *links;
	size_t nlinks; /* ordered by the `from` edition, then the `to` edition */
};

/* The table between two different editions (2005, 2013, 2022), or NULL. */
const struct mapping *mapping_builtin(int from, int to);

/* The links of the control `id` of the `from` edition: stores up to `max`
 * pointers in `ret` and returns how many there are. */
size_t mapping_lookup(const struct mapping *m, const char *id, const struct map_link **ret,
		      size_t max);

/* "carried", "merged", … and back; the kind's name in the current language. */
const char *map_kind_code(enum map_kind k);
int map_kind_parse(const char *s, enum map_kind *ret);
const char *map_kind_label(enum map_kind k);

#endif
