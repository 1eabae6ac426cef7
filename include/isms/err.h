/*
 * err.h - result codes and error reports of the isms library.
 *
 * Every library function that can fail returns an `enum isms_rc` (ISMS_OK,
 * zero, on success) and takes a `struct isms_err *err` as its last
 * argument. On failure the struct is filled with the code, a short primary
 * message (lower case, no final period), and optionally a detail and a hint
 * (full sentences), the field at fault and a position (line, column) in the
 * input. On success the struct is left untouched. The numbers of the codes
 * are stable: front ends map them to exit statuses and HTTP statuses.
 *
 * Messages are translated when they are set (gettext, in the language of
 * the calling thread), so a report can be shown as it is.
 */
#ifndef ISMS_ERR_H
#define ISMS_ERR_H

enum isms_rc {
	ISMS_OK = 0,
	ISMS_EINVAL = 1,    /* the input is invalid */
	ISMS_ENOTFOUND = 2, /* the thing asked for does not exist */
	ISMS_EEXIST = 3,    /* conflicts with something that exists */
	ISMS_EPERM = 4,     /* not allowed for this user */
	ISMS_EREADONLY = 5, /* the database cannot be written */
	ISMS_ESTORE = 6,    /* the database failed or is not usable */
	ISMS_EVERSION = 7,  /* the database is from a newer isms */
	ISMS_ENOTSUP = 8,   /* not supported by this build */
	ISMS_EIO = 9,       /* reading or writing a file failed */
	ISMS_ETAMPER = 10,  /* a verification found a mismatch */
	ISMS_ESTATE = 11,   /* not possible in the current state */
	ISMS_ELIMIT = 12,   /* an input is over its size limit */
	ISMS_EINTERNAL = 13 /* a bug */
};

#define ISMS_ERR_MSG 512
#define ISMS_ERR_TEXT 1024

struct isms_err {
	enum isms_rc code;
	char msg[ISMS_ERR_MSG];
	char detail[ISMS_ERR_TEXT];
	char hint[ISMS_ERR_TEXT];
	char field[128];
	long line;   /* 0 when not about a position in an input */
	long column; /* 0 when unknown */
};

/* Fill `err` (which may be NULL) with `rc` and a formatted message; returns
 * `rc` so that a caller can write `return isms_err_set(err, ...)`. Clears
 * the detail, hint, field and position. */
enum isms_rc isms_err_set(struct isms_err *err, enum isms_rc rc,
			  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void isms_err_detail(struct isms_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void isms_err_hint(struct isms_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void isms_err_field(struct isms_err *err, const char *field);
void isms_err_pos(struct isms_err *err, long line, long column);

/* Reset to "no error". */
void isms_err_clear(struct isms_err *err);

/* A stable English name of a code ("invalid", "not_found", ...), used as
 * the machine-readable code in JSON errors. */
const char *isms_rc_name(enum isms_rc rc);

#endif
