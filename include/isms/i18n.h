/*
 * i18n.h - languages and translation.
 *
 * isms speaks Japanese and English. User-facing strings are English
 * msgids translated with gettext (text domain "isms", po/ja.po). The
 * language is a per-thread setting: `i18n_use` switches the calling
 * thread's locale with uselocale(3), so that a web worker can answer one
 * request in Japanese and the next in English. `i18n_init` binds the text
 * domain once per process, before any thread starts.
 */
#ifndef ISMS_I18N_H
#define ISMS_I18N_H

#include <libintl.h>
#include <stdbool.h>

#include "isms/err.h"

#define ISMS_TEXTDOMAIN "isms"
#define _(s) i18n_tr(s)
#define N_(s) s
/* For strings whose msgid is chosen at run time (tables of N_() strings). */
#define T_(s) i18n_tr(s)
#define _n(s, p, n) dngettext(ISMS_TEXTDOMAIN, s, p, (unsigned long)(n))

enum isms_lang {
	ISMS_LANG_EN = 0,
	ISMS_LANG_JA = 1,
};

/* The translation of `msgid` into the calling thread's language. msgid
 * must be a string that lives as long as the program and never changes (a
 * literal, or an N_() entry of a static table): the answer is remembered
 * by its address, per thread and language, since gettext's own lookup
 * takes locks that the web server's threads would share. */
const char *i18n_tr(const char *msgid) __attribute__((format_arg(1)));

/* Bind the text domain to `localedir` (NULL: the compiled-in default). */
void i18n_init(const char *localedir);

/* "ja", "en", or a locale name such as "ja_JP.UTF-8"; false when neither
 * language is recognised. */
bool i18n_parse_lang(const char *s, enum isms_lang *ret);

/* Switch the calling thread to `lang`. Fails when the system lacks the
 * locale (ja_JP.UTF-8 or en_US.UTF-8). */
enum isms_rc i18n_use(enum isms_lang lang, struct isms_err *err);

/* The calling thread's language (English until i18n_use is called). */
enum isms_lang i18n_current(void);

/* "ja" or "en". */
const char *i18n_code(enum isms_lang lang);

/* Pick between two literal texts by the current language, for data that
 * carries both (catalogue titles, library names). */
static inline const char *i18n_pick(const char *en, const char *ja)
{
	return (i18n_current() == ISMS_LANG_JA && ja && *ja) ? ja : en;
}

#endif
