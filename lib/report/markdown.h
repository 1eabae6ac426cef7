/*
 * markdown.h - the Markdown of texts written by users (the policy, the
 * scope's description) as blocks of a document (internal to lib/report).
 *
 * Only what such texts use: headings (#, ##, ###), paragraphs, "- " and
 * "* " list items (a paragraph starting with a bullet, which the writers
 * indent), **bold** (the markers are dropped) and links, written as their
 * text followed by the address in parentheses. Everything else is text.
 * Headings are shifted by `shift` levels, so that a policy's "#" can sit
 * under the document's own title.
 */
#ifndef ISMS_REPORT_MARKDOWN_H
#define ISMS_REPORT_MARKDOWN_H

#include "isms/doc.h"

void doc_markdown(struct doc *d, const char *md, int shift);

#endif
