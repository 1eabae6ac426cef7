/*
 * docset.h - the document set of an ISMS: every artefact of the ten steps
 * of establishing it, written to one directory.
 *
 * Each artefact is a report (report.h) written as PDF (A4, Japanese fonts,
 * real tables, page numbers); the tabular ones (asset inventory, risk
 * list, risk treatment, selected controls, residual risk approvals, SoA)
 * also as XLSX. An index.html lists them by step with their files, and
 * says which could not be written and why (an artefact that does not
 * exist yet, such as an SoA never generated). Files are written whole or
 * not at all (doc_write_file). The texts are in the calling thread's
 * language.
 */
#ifndef ISMS_DOCSET_H
#define ISMS_DOCSET_H

#include <stdbool.h>
#include <stddef.h>

#include "isms/context.h"
#include "isms/err.h"
#include "isms/isms.h"
#include "isms/report.h"

#define DOCSET_MAX 16

struct docset_item {
	int step;               /* 1 … 10 */
	const char *report;     /* the report's name (report.h) */
	const char *file;       /* the file name without extension: "10-soa" */
	const char *title;      /* translated */
	bool tabular;           /* also written as XLSX */
	bool written;
	struct isms_err err;    /* why it was not, when it was not */
};

struct docset_result {
	struct docset_item items[DOCSET_MAX];
	size_t n;
	size_t written, missing;
};

/* Write the set into `dir` (created when missing; its parent must exist).
 * An artefact that cannot be built is listed as missing; the call fails
 * only when a file cannot be written. */
enum isms_rc docset_write(struct isms_ctx *ctx, const struct isms_info *isms, const char *dir,
			  const struct report_opts *o, struct docset_result *ret,
			  struct isms_err *err);

#endif
