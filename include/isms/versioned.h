/*
 * versioned.h - the history of a versioned text (the scope, the policy).
 *
 * Each save of such a text is a new version numbered from 1, kept for
 * good. A history line says who wrote the version and when, and whether
 * management approved that very version (an approval names the version it
 * saw in its snapshot). Strings live in the arena passed to the call.
 */
#ifndef ISMS_VERSIONED_H
#define ISMS_VERSIONED_H

#include "isms/approval.h"

struct version_info {
	int version;
	const char *created_at;
	const char *created_by;
	const char *content_hash;
	const char *approved_by; /* NULL when that version was never approved */
	const char *approved_at;
};

/* "approved", "not approved", "approval stale: changed since",
 * "rejected", in the current language; and a stable code for JSON
 * ("none", "current", "stale", "rejected"). */
const char *versioned_state_label(enum approval_state s);
const char *versioned_state_code(enum approval_state s);

#endif
