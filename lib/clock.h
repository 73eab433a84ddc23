/*
 * clock.h - local time without a time-zone database: POSIX TZ rules
 * (tz.c), the engine's clock (a rule or a host offset function, clock.c)
 * and business calendars (calendar.c).
 *
 * Conventions: instants are ms since the epoch (UTC).  An offset is local
 * minus UTC in ms (EST5EDT in winter: -18000000).  A "local time" is the
 * local wall clock as ms since 1970-01-01 00:00 local, so civil arithmetic
 * on it is the same as on UTC.
 */
#ifndef CCM_CLOCK_H
#define CCM_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ccmetrics.h"
#include "mem.h"

/* ---- civil dates (clock.c) --------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t ccm_days_from_civil(int64_t y, int32_t m, int32_t d);
void ccm_civil_from_days(int64_t days, int64_t *y, int32_t *m, int32_t *d);
/* Day of week of a day number: 0 = Monday .. 6 = Sunday. */
int32_t ccm_weekday(int64_t days);

/* ---- POSIX TZ rules (tz.c) --------------------------------------------- */

/* A transition rule of a TZ string: Mm.w.d, Jn or n, and the local time of
 * day (ms, may be negative or over 24 h) at which it happens. */
typedef struct ccm_tz_date {
  uint8_t kind; /* 'M', 'J' or 'N' (zero-based day of year) */
  int16_t month, week, day; /* M: month 1..12, week 1..5, day 0 (Sun)..6; J: day 1..365; N: day 0..365 */
  int64_t time;             /* ms after local midnight (default 02:00) */
} ccm_tz_date;

typedef struct ccm_tz {
  int64_t std_offset; /* local - UTC in standard time, ms */
  int64_t dst_offset; /* local - UTC in daylight time, ms */
  bool has_dst;       /* false: std_offset all year */
  ccm_tz_date start, end; /* daylight starts at start (in standard local time), ends at end (in daylight local time) */
} ccm_tz;

/* Parse a POSIX TZ rule (names alphabetic of 3+ letters or <quoted> with
 * + - and digits; offsets [+-]hh[:mm[:ss]], hh up to 24 for the offset and
 * -167..167 for rule times; daylight offset default std + 1 h; no rules
 * default to M3.2.0,M11.1.0).  The whole text must be used. */
int32_t ccm_tz_parse(const char *text, size_t len, ccm_tz *out); /* CCM_OK or CCM_E_PARSE */
/* Offset in force at an instant (southern-hemisphere rules, where daylight
 * time spans the new year, are handled). */
int64_t ccm_tz_offset(const ccm_tz *tz, int64_t utc);
/* The first instant > t at which the offset changes (INT64_MAX if never),
 * and the latest instant <= t at which it changed (INT64_MIN if never). */
int64_t ccm_tz_next_change(const ccm_tz *tz, int64_t t);
int64_t ccm_tz_prev_change(const ccm_tz *tz, int64_t t);

/* ---- the engine's clock (clock.c) --------------------------------------- */

typedef struct ccm_clock {
  ccm_tz tz;            /* when fn is NULL (UTC: all zero) */
  ccm_utc_offset_fn fn; /* host function, or NULL */
  void *user;
} ccm_clock;

void ccm_clock_utc(ccm_clock *c); /* UTC */
int64_t ccm_clock_offset(const ccm_clock *c, int64_t utc);
static inline int64_t ccm_clock_local(const ccm_clock *c, int64_t utc) { return utc + ccm_clock_offset(c, utc); }
/* The stretch of constant offset around t, searched within [lo, hi]:
 * *from = the latest change <= t (or lo if none in [lo, t]), *to = the first
 * change > t (or hi if none in (t, hi]).  A rule is exact; a host function
 * is sampled every 6 hours and the change found by bisection to the ms. */
void ccm_clock_stretch(const ccm_clock *c, int64_t t, int64_t lo, int64_t hi, int64_t *from, int64_t *to);
/* The instants whose local time lies in [local_lo, local_hi) and that form
 * one unbroken run with t (t's local time must lie in that range): its first
 * instant and its end.  This is a bucket: at a fall-back the repeated hour's
 * intervals are two runs, a spring-forward gap just shortens a run. */
void ccm_clock_run(const ccm_clock *c, int64_t t, int64_t local_lo, int64_t local_hi, int64_t *start, int64_t *end);
/* The first instant whose local time is >= local (a time in a
 * spring-forward gap gives the end of the gap; a repeated time its first
 * occurrence). */
int64_t ccm_clock_first_at(const ccm_clock *c, int64_t local);

/* ---- business calendars (calendar.c) ------------------------------------ */

#define CCM_CAL_SPANS 16 /* open spans per day of the week */

/* Open spans of one day of the week: [open[i], close[i]) in minutes after
 * local midnight, sorted, neither overlapping nor touching. */
typedef struct ccm_cal_day {
  uint16_t n;
  uint16_t open[CCM_CAL_SPANS], close[CCM_CAL_SPANS];
} ccm_cal_day;

struct ccm_calendar {
  ccm_mem mem;          /* the calendar's own allocator (ccm_calendar_new) */
  ccm_cal_day day[7];   /* 0 = Monday */
  int64_t *holiday;     /* sorted local day numbers (ccm_days_from_civil), no repeats */
  uint32_t nholidays, holidays_cap;
};

/* A copy of src into dst whose holiday array is allocated from m (engines
 * and configurations hold such copies).  CCM_OK or CCM_E_NOMEM (dst left
 * empty).  ccm_calendar_release frees what a copy allocated. */
int32_t ccm_calendar_copy(const ccm_calendar *src, ccm_mem *m, ccm_calendar *dst);
void ccm_calendar_release(ccm_calendar *cal, ccm_mem *m);
bool ccm_calendar_is_holiday(const ccm_calendar *cal, int64_t day);
/* Business time of [from, to): the ms whose local time (by the clock) is in
 * an open span of a day that is not a holiday.  Exact across offset changes
 * (each stretch of constant offset is counted on its own); O(days spanned). */
int64_t ccm_calendar_business_ms(const ccm_calendar *cal, const ccm_clock *clk, int64_t from, int64_t to);

#endif
