/*
 * tz.c - POSIX TZ rules: parsing `std offset [dst [offset] [,start[/time],
 * end[/time]]]` and the offset in force at any instant, with no time-zone
 * database.
 *
 * Each year y has two transitions: daylight time starts at start(y), given
 * in standard local time, and ends at end(y), given in daylight local time.
 * The state at an instant is set by the latest transition at or before it,
 * whatever the years involved, so southern-hemisphere rules (daylight time
 * over the new year) need no special case.  A rule time may be -167 h ..
 * 167 h, so a transition lies within 9 days of its own year and the years
 * around an instant are enough to find the latest one.
 */
#include <string.h>

#include "clock.h"

#define SEC_MS INT64_C(1000)
#define MIN_MS INT64_C(60000)
#define HOUR_MS INT64_C(3600000)
#define DAY_MS INT64_C(86400000)

/* Years outside this range repeat the offset of its edge, so no arithmetic
 * can overflow whatever the instant. */
#define YEAR_MIN INT64_C(-100000)
#define YEAR_MAX INT64_C(100000)
/* The Gregorian calendar repeats every 400 years: a rule that does not
 * change the offset within a cycle never does. */
#define CYCLE_YEARS 400

/* ---- parsing ------------------------------------------------------------- */

typedef struct cursor {
  const char *p, *end;
} cursor;

static bool at(const cursor *c, char ch) { return c->p < c->end && *c->p == ch; }
static bool at_digit(const cursor *c) { return c->p < c->end && *c->p >= '0' && *c->p <= '9'; }
static bool is_alpha(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }

/* An unsigned number of min_digits .. max_digits digits. */
static bool number(cursor *c, int min_digits, int max_digits, int32_t *out) {
  int32_t v = 0;
  int n = 0;
  while (n < max_digits && at_digit(c)) {
    v = v * 10 + (*c->p++ - '0');
    n++;
  }
  *out = v;
  return n >= min_digits && !at_digit(c);
}

/* A zone name: 3+ letters, or <3+ letters, digits, + and -> (the quoted
 * form is what numeric names such as <+0530> need). */
static bool zone_name(cursor *c) {
  const char *s = c->p;
  if (at(c, '<')) {
    c->p++;
    s = c->p;
    while (c->p < c->end && (is_alpha(*c->p) || at_digit(c) || *c->p == '+' || *c->p == '-')) c->p++;
    if (c->p - s < 3 || !at(c, '>')) return false;
    c->p++;
    return true;
  }
  while (c->p < c->end && is_alpha(*c->p)) c->p++;
  return c->p - s >= 3;
}

/* [+-]hh[:mm[:ss]] with hh <= max_hours (hh of 1 .. hour_digits digits,
 * mm and ss of two digits, 0 .. 59), in ms. */
static bool hms(cursor *c, int32_t max_hours, int hour_digits, int64_t *out) {
  int32_t h, m = 0, s = 0;
  int64_t sign = 1;
  if (at(c, '+') || at(c, '-')) sign = *c->p++ == '-' ? -1 : 1;
  if (!number(c, 1, hour_digits, &h) || h > max_hours) return false;
  if (at(c, ':')) {
    c->p++;
    if (!number(c, 2, 2, &m) || m > 59) return false;
    if (at(c, ':')) {
      c->p++;
      if (!number(c, 2, 2, &s) || s > 59) return false;
    }
  }
  *out = sign * (h * HOUR_MS + m * MIN_MS + s * SEC_MS);
  return true;
}

/* A POSIX offset (positive west of Greenwich) as local - UTC. */
static bool utc_offset(cursor *c, int64_t *out) {
  int64_t posix;
  if (!hms(c, 24, 2, &posix)) return false;
  *out = -posix;
  return true;
}

/* Mm.w.d, Jn or n, then [/time] (default 02:00). */
static bool rule_date(cursor *c, ccm_tz_date *d) {
  int32_t a, b, e;
  memset(d, 0, sizeof *d);
  if (at(c, 'M')) {
    c->p++;
    if (!number(c, 1, 2, &a) || a < 1 || a > 12 || !at(c, '.')) return false;
    c->p++;
    if (!number(c, 1, 1, &b) || b < 1 || b > 5 || !at(c, '.')) return false;
    c->p++;
    if (!number(c, 1, 1, &e) || e > 6) return false;
    d->kind = 'M';
    d->month = (int16_t)a;
    d->week = (int16_t)b;
    d->day = (int16_t)e;
  } else if (at(c, 'J')) {
    c->p++;
    if (!number(c, 1, 3, &a) || a < 1 || a > 365) return false;
    d->kind = 'J';
    d->day = (int16_t)a;
  } else {
    if (!number(c, 1, 3, &a) || a > 365) return false;
    d->kind = 'N';
    d->day = (int16_t)a;
  }
  d->time = 2 * HOUR_MS;
  if (at(c, '/')) {
    c->p++;
    if (!hms(c, 167, 3, &d->time)) return false;
  }
  return true;
}

static void no_change_fold(ccm_tz *tz);

int32_t ccm_tz_parse(const char *text, size_t len, ccm_tz *out) {
  cursor c;
  ccm_tz tz;
  if (!text || !out) return CCM_E_PARSE;
  c.p = text;
  c.end = text + len;
  memset(&tz, 0, sizeof tz);
  if (!zone_name(&c) || !utc_offset(&c, &tz.std_offset)) return CCM_E_PARSE;
  tz.dst_offset = tz.std_offset;
  if (c.p < c.end) {
    tz.has_dst = true;
    if (!zone_name(&c)) return CCM_E_PARSE;
    tz.dst_offset = tz.std_offset + HOUR_MS;
    if (c.p < c.end && !at(&c, ',') && !utc_offset(&c, &tz.dst_offset)) return CCM_E_PARSE;
    if (c.p == c.end) {
      /* No rules: the US rules, as POSIX leaves it to the implementation
       * and most of them (glibc, the tz code) choose these. */
      tz.start = (ccm_tz_date){.kind = 'M', .month = 3, .week = 2, .day = 0, .time = 2 * HOUR_MS};
      tz.end = (ccm_tz_date){.kind = 'M', .month = 11, .week = 1, .day = 0, .time = 2 * HOUR_MS};
    } else {
      if (!at(&c, ',')) return CCM_E_PARSE;
      c.p++;
      if (!rule_date(&c, &tz.start) || !at(&c, ',')) return CCM_E_PARSE;
      c.p++;
      if (!rule_date(&c, &tz.end)) return CCM_E_PARSE;
    }
  }
  if (c.p != c.end) return CCM_E_PARSE;
  no_change_fold(&tz);
  *out = tz;
  return CCM_OK;
}

/* ---- transitions --------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) q--;
  return q;
}

static bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int32_t month_days(int64_t y, int32_t m) {
  static const int8_t len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return len[m - 1] + (m == 2 && is_leap(y));
}

/* The day number of a rule date in year y. */
static int64_t rule_day(const ccm_tz_date *d, int64_t y) {
  int64_t first;
  switch (d->kind) {
    case 'J': /* 1 .. 365, February 29 never counted */
      return ccm_days_from_civil(y, 1, 1) + d->day - 1 + (is_leap(y) && d->day >= 60);
    case 'N': /* 0 .. 365, February 29 counted */
      return ccm_days_from_civil(y, 1, 1) + d->day;
    default: { /* day d (0 = Sunday) of week w (5 = last) of month m */
      int32_t sunday_based;
      int64_t day;
      first = ccm_days_from_civil(y, d->month, 1);
      sunday_based = (ccm_weekday(first) + 1) % 7;
      day = first + (d->day - sunday_based + 7) % 7 + (int64_t)(d->week - 1) * 7;
      while (day >= first + month_days(y, d->month)) day -= 7;
      return day;
    }
  }
}

/* A transition: at instant t, daylight time starts (dst) or ends.  When a
 * start and an end fall on the same instant the start wins (a rule such as
 * `,0/0,J365/25` is daylight time all year), so ends sort first. */
typedef struct transition {
  int64_t t;
  bool dst;
} transition;

static bool before(const transition *a, const transition *b) {
  return a->t < b->t || (a->t == b->t && !a->dst && b->dst);
}

/* The transitions of years y0 .. y1 (at most 8 years), sorted. */
static int transitions(const ccm_tz *tz, int64_t y0, int64_t y1, transition *out) {
  int n = 0, i, j;
  int64_t y;
  for (y = y0; y <= y1; y++) {
    out[n].t = rule_day(&tz->start, y) * DAY_MS + tz->start.time - tz->std_offset;
    out[n++].dst = true;
    out[n].t = rule_day(&tz->end, y) * DAY_MS + tz->end.time - tz->dst_offset;
    out[n++].dst = false;
  }
  for (i = 1; i < n; i++) { /* insertion sort: a handful of items */
    transition x = out[i];
    for (j = i; j > 0 && before(&x, &out[j - 1]); j--) out[j] = out[j - 1];
    out[j] = x;
  }
  return n;
}

static int64_t year_of(int64_t t) {
  int64_t y;
  int32_t m, d;
  ccm_civil_from_days(floor_div(t, DAY_MS), &y, &m, &d);
  return y;
}

static int64_t year_start(int64_t y) { return ccm_days_from_civil(y, 1, 1) * DAY_MS; }

static bool changes(const ccm_tz *tz) { return tz->has_dst && tz->dst_offset != tz->std_offset; }

/* Whether daylight time is in force at t: the latest transition <= t (one
 * of the years y - 2 .. y + 1 holds it). */
static bool dst_at(const ccm_tz *tz, int64_t t) {
  transition tr[8];
  int64_t y = year_of(t);
  int n = transitions(tz, y - 2, y + 1, tr), i;
  bool dst = false;
  for (i = 0; i < n && tr[i].t <= t; i++) dst = tr[i].dst;
  return dst;
}

static int64_t clamp_instant(int64_t t) {
  int64_t lo = year_start(YEAR_MIN), hi = year_start(YEAR_MAX) - 1;
  return t < lo ? lo : t > hi ? hi : t;
}

int64_t ccm_tz_offset(const ccm_tz *tz, int64_t utc) {
  if (!changes(tz)) return tz->std_offset;
  return dst_at(tz, clamp_instant(utc)) ? tz->dst_offset : tz->std_offset;
}

/* The first change in (t, limit) of the clamped offset, else INT64_MAX:
 * year by year from t's, the first transition whose state differs from the
 * state in force. */
static int64_t next_change_before(const ccm_tz *tz, int64_t t, int64_t limit) {
  int64_t y, last = year_of(limit);
  bool dst = dst_at(tz, t);
  for (y = year_of(t); y <= last; y++) {
    transition tr[6];
    int64_t w0 = year_start(y), w1 = year_start(y + 1);
    int n = transitions(tz, y - 1, y + 1, tr), i;
    for (i = 0; i < n; i++) {
      /* transitions of this year's window only; at one instant the last
       * one in sort order is the one in force */
      if (tr[i].t <= t || tr[i].t < w0 || tr[i].t >= w1) continue;
      if (i + 1 < n && tr[i + 1].t == tr[i].t) continue;
      if (tr[i].dst != dst) return tr[i].t < limit ? tr[i].t : INT64_MAX;
    }
  }
  return INT64_MAX;
}

int64_t ccm_tz_next_change(const ccm_tz *tz, int64_t t) {
  int64_t hi = year_start(YEAR_MAX) - 1;
  int64_t limit;
  if (!changes(tz) || t >= hi) return INT64_MAX;
  t = clamp_instant(t);
  limit = year_start(year_of(t) + CYCLE_YEARS + 2);
  return next_change_before(tz, t, limit < hi ? limit : hi);
}

int64_t ccm_tz_prev_change(const ccm_tz *tz, int64_t t) {
  int64_t lo = year_start(YEAR_MIN), y, first;
  if (!changes(tz) || t <= lo) return INT64_MIN;
  t = clamp_instant(t);
  first = year_of(t) - CYCLE_YEARS - 2;
  if (first < YEAR_MIN) first = YEAR_MIN;
  /* Year by year backwards: the latest transition in the year's window
   * (and <= t) whose state differs from the state just before it. */
  for (y = year_of(t); y >= first; y--) {
    transition tr[6];
    int64_t w0 = year_start(y), w1 = year_start(y + 1);
    int n = transitions(tz, y - 1, y + 1, tr), i;
    bool dst = dst_at(tz, w0 - 1);
    int64_t found = INT64_MIN;
    for (i = 0; i < n; i++) {
      if (tr[i].t < w0 || tr[i].t >= w1 || tr[i].t > t) continue;
      if (i + 1 < n && tr[i + 1].t == tr[i].t) continue;
      if (tr[i].dst != dst) {
        found = tr[i].t;
        dst = tr[i].dst;
      }
    }
    if (found != INT64_MIN) return found > lo ? found : INT64_MIN;
  }
  return INT64_MIN;
}

/* A rule whose offset never changes (daylight time all year, or the same
 * offset twice) is folded into a rule without daylight time, so the
 * searches above never scan 400 years for nothing. */
static void no_change_fold(ccm_tz *tz) {
  int64_t t = year_start(2000);
  if (!changes(tz)) {
    tz->has_dst = false;
    tz->dst_offset = tz->std_offset;
    tz->start = tz->end = (ccm_tz_date){0};
    return;
  }
  if (next_change_before(tz, t, year_start(2000 + CYCLE_YEARS + 2)) != INT64_MAX) return;
  tz->std_offset = ccm_tz_offset(tz, t);
  tz->dst_offset = tz->std_offset;
  tz->has_dst = false;
  tz->start = tz->end = (ccm_tz_date){0};
}
