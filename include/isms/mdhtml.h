/*
 * mdhtml.h - Markdown written by users (the policy, the scope's
 * description) as HTML that is safe to put into a page.
 *
 * The subset such texts use: ATX headings (# to ######), paragraphs,
 * bullet and numbered lists (nested by indentation), block quotes, fenced
 * code blocks, horizontal rules, **strong**, *emphasis*, `code` and links
 * [text](URL). Everything else is text. Every character of the input is
 * escaped; the only markup in the output is the markup the renderer
 * writes itself, always balanced, whatever the input. Links are written
 * only for http, https and mailto URLs (others stay text), with
 * rel="noopener noreferrer". Raw HTML in the input is shown as text.
 *
 * The work is linear in the size of the input (nesting is bounded), so
 * that a hostile text cannot make a preview slow. Callers bound the input
 * (POLICY_MAX characters for a policy).
 */
#ifndef ISMS_MDHTML_H
#define ISMS_MDHTML_H

#include <stddef.h>

#include "isms/sbuf.h"

/* Append the HTML of the `len` bytes of Markdown at `md` to `out`.
 * Headings are shifted down by `shift` levels (1: "#" becomes <h2>, for a
 * text shown under a page's own <h1>), and kept within h1 to h6. */
void markdown_html(const char *md, size_t len, int shift, struct sbuf *out);

/* markdown_html, adding to `*steps` the characters its inline scanners
 * read: tests check with it that the work stays linear, which a clock
 * cannot show reliably. */
void markdown_html_count(const char *md, size_t len, int shift, struct sbuf *out, size_t *steps);

#endif
