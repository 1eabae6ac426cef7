/*
 * banned.h - functions that must not be used in isms (after git's).
 *
 * Force-included into every library and front-end file: each of these
 * either overflows buffers silently, keeps hidden state, or misreports
 * errors. Use sbuf, snprintf, strtok_r-free parsing, isms_parse_int and
 * gmtime_r instead.
 */
#ifndef ISMS_BANNED_H
#define ISMS_BANNED_H

/* The system headers that declare (or define inline, when optimising)
 * these functions come first, so that the macros below only catch uses in
 * our own code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gets
#define gets(x) BANNED(gets)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef ctime
#define ctime(t) BANNED(ctime)
#undef asctime
#define asctime(t) BANNED(asctime)

#endif
