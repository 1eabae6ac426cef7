/*
 * util.h - small helpers shared by the library and its front ends: time
 * stamps, hashing, random tokens and numbers parsed strictly.
 */
#ifndef ISMS_UTIL_H
#define ISMS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* UTC ISO-8601 with milliseconds, "2026-11-26T04:47:46.123Z" (25 bytes
 * with the NUL). Every time stored in the database is written this way,
 * so text order is time order. */
#define ISMS_TIME_LEN 32
void isms_time_now(char buf[ISMS_TIME_LEN]);
void isms_time_format(struct timespec ts, char buf[ISMS_TIME_LEN]);

/* "YYYY-MM-DD", checked for a real calendar date. */
bool isms_date_valid(const char *s);

/* SHA-256 of `len` bytes as 64 lower-case hex digits plus NUL. */
#define ISMS_SHA256_HEX 65
void isms_sha256_hex(const void *data, size_t len, char out[ISMS_SHA256_HEX]);

/* `nbytes` random bytes from the CSPRNG as hex (2*nbytes+1 buffer). */
void isms_random_hex(char *out, size_t nbytes);

/* Parse a whole decimal integer in [min, max]; false on anything else. */
bool isms_parse_int(const char *s, long long min, long long max, long long *ret);

/* Initialise libsodium; call once at start-up. Returns false if it fails. */
bool isms_crypto_init(void);

#endif
