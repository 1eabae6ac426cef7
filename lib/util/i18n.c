/* i18n.c - per-thread language selection on top of gettext and uselocale. */
#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "isms/i18n.h"

#ifndef ISMS_LOCALEDIR
#define ISMS_LOCALEDIR "/usr/local/share/locale"
#endif

static _Thread_local enum isms_lang current = ISMS_LANG_EN;

/* newlocale objects are created once per process and shared by all
 * threads; uselocale only reads them. */
static locale_t locales[2];
static pthread_mutex_t locales_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const locale_names[2][3] = {
	[ISMS_LANG_EN] = { "en_US.UTF-8", "en_US.utf8", "C.UTF-8" },
	[ISMS_LANG_JA] = { "ja_JP.UTF-8", "ja_JP.utf8", NULL },
};

/* The translations looked up so far, by the msgid's address. */
#define MEMO_SLOTS 512

static _Thread_local struct memo {
	const char *msgid;
	const char *text;
} memo[2][MEMO_SLOTS];

const char *i18n_tr(const char *msgid)
{
	uintptr_t h = (uintptr_t)msgid;
	struct memo *m;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ULL;
	m = &memo[current][(h >> 40) % MEMO_SLOTS];
	if (m->msgid != msgid) {
		m->text = dgettext(ISMS_TEXTDOMAIN, msgid);
		m->msgid = msgid;
	}
	return m->text;
}

void i18n_init(const char *localedir)
{
	bindtextdomain(ISMS_TEXTDOMAIN, localedir ? localedir : ISMS_LOCALEDIR);
	bind_textdomain_codeset(ISMS_TEXTDOMAIN, "UTF-8");
}

bool i18n_parse_lang(const char *s, enum isms_lang *ret)
{
	if (!s || !*s)
		return false;
	if (!strncmp(s, "ja", 2) && (s[2] == '\0' || s[2] == '_' || s[2] == '-' || s[2] == '.')) {
		*ret = ISMS_LANG_JA;
		return true;
	}
	if (!strncmp(s, "en", 2) && (s[2] == '\0' || s[2] == '_' || s[2] == '-' || s[2] == '.')) {
		*ret = ISMS_LANG_EN;
		return true;
	}
	if (!strcmp(s, "C") || !strcmp(s, "POSIX") || !strncmp(s, "C.", 2)) {
		*ret = ISMS_LANG_EN;
		return true;
	}
	return false;
}

static locale_t get_locale(enum isms_lang lang)
{
	locale_t loc;

	pthread_mutex_lock(&locales_lock);
	loc = locales[lang];
	for (int i = 0; !loc && i < 3 && locale_names[lang][i]; i++)
		loc = newlocale(LC_ALL_MASK, locale_names[lang][i], (locale_t)0);
	locales[lang] = loc;
	pthread_mutex_unlock(&locales_lock);
	return loc;
}

enum isms_rc i18n_use(enum isms_lang lang, struct isms_err *err)
{
	locale_t loc = get_locale(lang);

	if (!loc)
		return isms_err_set(err, ISMS_ENOTSUP, "the locale %s is not installed",
				    locale_names[lang][0]);
	uselocale(loc);
	current = lang;
	return ISMS_OK;
}

enum isms_lang i18n_current(void)
{
	return current;
}

const char *i18n_code(enum isms_lang lang)
{
	return lang == ISMS_LANG_JA ? "ja" : "en";
}
