/*
 * when.h - time stamps relative to now, and reading them back (internal).
 *
 * Times are stored as UTC ISO-8601 text (isms_time_format), whose text
 * order is time order, so "older than" is a string comparison against a
 * stamp computed here. when_parse reads a stamp back for the few places
 * that need a number of seconds.
 */
#ifndef ISMS_WHEN_H
#define ISMS_WHEN_H

#include <stdio.h>
#include <time.h>

#include "isms/util.h"

/* Now plus `ms` milliseconds (negative for the past). */
static inline void when_offset_ms(long long ms, char out[ISMS_TIME_LEN])
{
	struct timespec ts;
	long long ns;

	clock_gettime(CLOCK_REALTIME, &ts);
	ns = (long long)ts.tv_nsec + (ms % 1000) * 1000000;
	ts.tv_sec += (time_t)(ms / 1000);
	if (ns < 0) {
		ns += 1000000000;
		ts.tv_sec--;
	} else if (ns >= 1000000000) {
		ns -= 1000000000;
		ts.tv_sec++;
	}
	ts.tv_nsec = (long)ns;
	isms_time_format(ts, out);
}

static inline void when_offset(long seconds, char out[ISMS_TIME_LEN])
{
	when_offset_ms((long long)seconds * 1000, out);
}

/* Seconds since the epoch of a stored stamp; 0 when it cannot be read. */
static inline time_t when_parse(const char *s)
{
	struct tm tm = { 0 };
	int y, mo, d, h, mi, sec;

	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6)
		return 0;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	return timegm(&tm);
}

#endif
