/*
 * clock.c - civil dates and the engine's clock: the offset in force at an
 * instant (a POSIX TZ rule or a host function), the stretches of constant
 * offset, and the runs of instants whose local time stays in a bucket.
 *
 * Everything else about local time is built on one observation: within a
 * stretch of constant offset o, local time is simply utc + o, so a local
 * range [lo, hi) is the instant range [lo - o, hi - o) there.
 */
#include "clock.h"

#define HOUR_MS INT64_C(3600000)
#define DAY_MS INT64_C(86400000)
#define MAX_OFFSET (26 * HOUR_MS) /* a host function's answer is clamped to this */
#define SAMPLE_MS (6 * HOUR_MS)   /* a host function is sampled this often */

/* ---- civil dates --------------------------------------------------------
 * The era-based algorithms of H. Hinnant ("chrono-Compatible Low-Level Date
 * Algorithms"): a year is counted from March so the leap day is last, and
 * 400-year eras make every division non-negative. */

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) q--;
  return q;
}

int64_t ccm_days_from_civil(int64_t y, int32_t m, int32_t d) {
  int64_t era, yoe, doy, doe;
  y -= m <= 2;
  era = floor_div(y, 400);
  yoe = y - era * 400;                                     /* 0 .. 399 */
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  /* 0 .. 365, from March 1 */
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;             /* 0 .. 146096 */
  return era * 146097 + doe - 719468;                      /* 1970-01-01 is day 719468 of era 0 */
}

void ccm_civil_from_days(int64_t days, int64_t *y, int32_t *m, int32_t *d) {
  int64_t z = days + 719468;
  int64_t era = floor_div(z, 146097);
  int64_t doe = z - era * 146097;                                       /* 0 .. 146096 */
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0 .. 399 */
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* 0 .. 365 */
  int64_t mp = (5 * doy + 2) / 153;                                     /* 0 = March .. 11 = February */
  *d = (int32_t)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int32_t)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

int32_t ccm_weekday(int64_t days) {
  /* 1970-01-01 was a Thursday (3 with Monday = 0). */
  int64_t w = (days + 3) % 7;
  return (int32_t)(w < 0 ? w + 7 : w);
}

/* ---- the clock ----------------------------------------------------------- */

static int64_t sat_add(int64_t a, int64_t b) {
  if (b > 0 && a > INT64_MAX - b) return INT64_MAX;
  if (b < 0 && a < INT64_MIN - b) return INT64_MIN;
  return a + b;
}

void ccm_clock_utc(ccm_clock *c) {
  c->tz.std_offset = 0;
  c->tz.dst_offset = 0;
  c->tz.has_dst = false;
  c->tz.start = (ccm_tz_date){0};
  c->tz.end = (ccm_tz_date){0};
  c->fn = NULL;
  c->user = NULL;
}

int64_t ccm_clock_offset(const ccm_clock *c, int64_t utc) {
  int64_t o;
  if (!c->fn) return ccm_tz_offset(&c->tz, utc);
  o = c->fn(utc, c->user);
  if (o > MAX_OFFSET) return MAX_OFFSET;
  if (o < -MAX_OFFSET) return -MAX_OFFSET;
  return o;
}

/* The first instant x in (a, b] with offset(x) != o, given offset(a) == o
 * and offset(b) != o: bisection to the ms. */
static int64_t bisect_change(const ccm_clock *c, int64_t a, int64_t b, int64_t o) {
  while (b - a > 1) {
    int64_t mid = a + (b - a) / 2;
    if (ccm_clock_offset(c, mid) == o)
      a = mid;
    else
      b = mid;
  }
  return b;
}

/* The first change in (t, hi], or hi when there is none. */
static int64_t change_after(const ccm_clock *c, int64_t t, int64_t hi) {
  int64_t o, s;
  if (t >= hi) return hi;
  if (!c->fn) {
    int64_t n = ccm_tz_next_change(&c->tz, t);
    return n < hi ? n : hi;
  }
  o = ccm_clock_offset(c, t);
  for (s = t; s < hi;) {
    int64_t next = hi - s > SAMPLE_MS ? s + SAMPLE_MS : hi;
    if (ccm_clock_offset(c, next) != o) return bisect_change(c, s, next, o);
    s = next;
  }
  return hi;
}

/* The latest change in [lo, t] (an instant x with offset(x) !=
 * offset(x - 1)), or lo when there is none. */
static int64_t change_at_or_before(const ccm_clock *c, int64_t t, int64_t lo) {
  int64_t o, s;
  if (t <= lo) return lo;
  if (!c->fn) {
    int64_t p = ccm_tz_prev_change(&c->tz, t);
    return p > lo ? p : lo;
  }
  o = ccm_clock_offset(c, t);
  for (s = t; s > lo;) {
    int64_t prev = s - lo > SAMPLE_MS ? s - SAMPLE_MS : lo;
    int64_t op = ccm_clock_offset(c, prev);
    /* the first instant after prev with offset o is the change */
    if (op != o) return bisect_change(c, prev, s, op);
    s = prev;
  }
  return lo;
}

void ccm_clock_stretch(const ccm_clock *c, int64_t t, int64_t lo, int64_t hi, int64_t *from, int64_t *to) {
  *from = change_at_or_before(c, t, lo);
  *to = change_after(c, t, hi);
}

/* A local range is in force at instant x when its local time is in it. */
static bool local_in(const ccm_clock *c, int64_t x, int64_t local_lo, int64_t local_hi) {
  int64_t local = x + ccm_clock_offset(c, x);
  return local >= local_lo && local < local_hi;
}

void ccm_clock_run(const ccm_clock *c, int64_t t, int64_t local_lo, int64_t local_hi, int64_t *start, int64_t *end) {
  /* Every instant x of the run has x = local(x) - offset(x) with an offset
   * of at most 26 h either way, so the run lies inside this window (whose
   * edges it never reaches: a stretch ending at an edge ends the run). */
  int64_t lo = sat_add(local_lo, -MAX_OFFSET - 1), hi = sat_add(local_hi, MAX_OFFSET + 1);
  int64_t o = ccm_clock_offset(c, t);
  int64_t from, to, s, e;

  ccm_clock_stretch(c, t, lo, hi, &from, &to);
  s = local_lo - o > from ? local_lo - o : from;
  e = local_hi - o < to ? local_hi - o : to;

  /* The run reaches the start of its stretch: it goes on before it while
   * the instant just before is still in the range (a fall-back into a
   * range that contains the jump's both sides). */
  while (s == from && from > lo && local_in(c, from - 1, local_lo, local_hi)) {
    int64_t op = ccm_clock_offset(c, from - 1);
    from = change_at_or_before(c, from - 1, lo);
    s = local_lo - op > from ? local_lo - op : from;
  }
  while (e == to && to < hi && local_in(c, to, local_lo, local_hi)) {
    int64_t on = ccm_clock_offset(c, to);
    to = change_after(c, to, hi);
    e = local_hi - on < to ? local_hi - on : to;
  }
  *start = s;
  *end = e;
}

int64_t ccm_clock_first_at(const ccm_clock *c, int64_t local) {
  /* Offsets are within 26 h: local(lo) < local <= local(hi), so the answer
   * is in (lo, hi]; walk the stretches from lo. */
  int64_t lo = sat_add(local, -MAX_OFFSET - 1), hi = sat_add(local, MAX_OFFSET + 1);
  int64_t s = lo;
  while (s < hi) {
    int64_t o = ccm_clock_offset(c, s);
    int64_t to = change_after(c, s, hi);
    int64_t x = local - o > s ? local - o : s;
    if (x < to) return x;
    s = to;
  }
  return hi;
}
