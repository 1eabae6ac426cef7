/*
 * utf8.h - UTF-8 checks and display widths.
 *
 * Every text that enters the library is checked with `utf8_valid`: overlong
 * forms, surrogates and code points past U+10FFFF are refused. Widths count
 * terminal columns: East Asian wide and fullwidth characters take two.
 */
#ifndef ISMS_UTF8_H
#define ISMS_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when `s[0..len)` is valid UTF-8; on false, `*ret_bad` (if not NULL)
 * is the byte offset of the first invalid sequence. */
bool utf8_valid(const char *s, size_t len, size_t *ret_bad);

/* Decode one code point at `s` (valid UTF-8 assumed, as checked before);
 * returns the number of bytes used, at least 1. */
size_t utf8_decode(const char *s, uint32_t *ret_cp);

/* Number of code points. */
size_t utf8_length(const char *s);

/* Terminal columns taken by `s`. */
size_t utf8_width(const char *s);

/* Columns of one code point (0, 1 or 2). */
int utf8_cp_width(uint32_t cp);

/* Strip a leading UTF-8 byte order mark: returns the number of bytes to
 * skip (0 or 3). */
size_t utf8_bom_len(const char *s, size_t len);

#endif
