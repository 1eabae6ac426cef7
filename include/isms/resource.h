/*
 * resource.h - files embedded into the binary at build time.
 *
 * Migrations, catalogues, the threat and vulnerability library and the web
 * assets are compiled in (cmake/embed.c generates the table), so the
 * program is one self-contained file. Names are the paths below the
 * source tree's resource roots, e.g. "catalog/iso27001-2013.tsv". Data is
 * NUL-terminated; `len` excludes the NUL.
 */
#ifndef ISMS_RESOURCE_H
#define ISMS_RESOURCE_H

#include <stddef.h>

struct resource {
	const char *name;
	const unsigned char *data;
	size_t len;
};

extern const struct resource isms_resources[];
extern const size_t isms_nresources;

/* The resource called `name`, or NULL. */
const struct resource *resource_find(const char *name);

#endif
