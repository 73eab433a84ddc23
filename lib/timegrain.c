/*
 * timegrain.c: the time bucket of an instant in each grain, in the local
 * time of the engine's clock (clock.h).
 *
 * A bucket of a time grain is a run of instants whose local time lies in one
 * local range: an interval [k w, (k + 1) w) after local midnight, an hour, a
 * day, an ISO week, a month.  Interval, date, week and month buckets are
 * named by their first instant; hour of day and day of week by 0..23 and
 * 0..6.  With a fixed offset (UTC, or a rule without daylight time) all of
 * this is arithmetic; otherwise ccm_clock_run finds the run, which is what
 * keeps an interval whole across a clock change: at a fall-back the repeated
 * local hour gives two runs (two buckets), a spring-forward gap shortens one.
 */
#include <string.h>

#include "ccmetrics_int.h"
#include "clock.h"

#define HOUR_MS INT64_C(3600000)
#define DAY_MS INT64_C(86400000)

int64_t ccm_floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

static int64_t floor_to(int64_t a, int64_t w) { return ccm_floor_div(a, w) * w; }

/* The local range [lo, hi) of the bucket holding local time `local`. */
static void local_range(int32_t grain, int64_t interval_ms, int64_t local, int64_t *lo, int64_t *hi) {
  int64_t day = ccm_floor_div(local, DAY_MS);
  switch (grain) {
    case CCM_GRAIN_INTERVAL:
      *lo = floor_to(local, interval_ms);
      *hi = *lo + interval_ms;
      return;
    case CCM_GRAIN_HOUR:
      *lo = floor_to(local, HOUR_MS);
      *hi = *lo + HOUR_MS;
      return;
    case CCM_GRAIN_WEEK:
      day -= ccm_weekday(day);
      *lo = day * DAY_MS;
      *hi = *lo + 7 * DAY_MS;
      return;
    case CCM_GRAIN_MONTH: {
      int64_t y;
      int32_t m, d;
      ccm_civil_from_days(day, &y, &m, &d);
      *lo = ccm_days_from_civil(y, m, 1) * DAY_MS;
      *hi = (m == 12 ? ccm_days_from_civil(y + 1, 1, 1) : ccm_days_from_civil(y, m + 1, 1)) * DAY_MS;
      return;
    }
    default: /* date, day of week */
      *lo = day * DAY_MS;
      *hi = *lo + DAY_MS;
      return;
  }
}

/* The name of a bucket whose run starts at `start` with local range from lo. */
static int64_t bucket_id(int32_t grain, int64_t start, int64_t lo) {
  switch (grain) {
    case CCM_GRAIN_HOUR: return ccm_floor_div(lo, HOUR_MS) - ccm_floor_div(lo, DAY_MS) * 24;
    case CCM_GRAIN_DOW: return ccm_weekday(ccm_floor_div(lo, DAY_MS));
    default: return start;
  }
}

/* A rule's offset changes are found exactly, so a long window is cheap; a
 * host function is sampled, so its window stays short. */
#define MEMO_WINDOW_RULE (400 * DAY_MS)
#define MEMO_WINDOW_FN (2 * DAY_MS)

void ccm_time_span_memo(const ccm_engine *e, ccm_clock_memo *memo, int32_t grain, int64_t ts, ccm_span *out) {
  int64_t local, lo, hi;
  /* far outside any event's time, keep local arithmetic from overflowing */
  if (ts < -CCM_MAX_ABS_TS - DAY_MS) ts = -CCM_MAX_ABS_TS - DAY_MS;
  if (ts > CCM_MAX_ABS_TS + DAY_MS) ts = CCM_MAX_ABS_TS + DAY_MS;
  if (grain == CCM_GRAIN_NONE) {
    out->id = 0;
    out->start = INT64_MIN;
    out->end = INT64_MAX;
    return;
  }
  if (e->clock_fixed) {
    local = ts + e->fixed_offset;
    local_range(grain, e->cfg[CCM_CFG_INTERVAL_MS], local, &lo, &hi);
    out->start = lo - e->fixed_offset;
    out->end = hi - e->fixed_offset;
    out->id = bucket_id(grain, out->start, lo);
    return;
  }
  /* Within a stretch of constant offset local time is plain arithmetic: a
   * bucket that lies wholly inside the remembered stretch needs no search. */
  if (ts < memo->from || ts >= memo->to) {
    int64_t w = e->clock.fn ? MEMO_WINDOW_FN : MEMO_WINDOW_RULE;
    ccm_clock_stretch(&e->clock, ts, ts - w, ts + w, &memo->from, &memo->to);
    memo->offset = ccm_clock_offset(&e->clock, ts);
  }
  local = ts + memo->offset;
  local_range(grain, e->cfg[CCM_CFG_INTERVAL_MS], local, &lo, &hi);
  out->start = lo - memo->offset;
  out->end = hi - memo->offset;
  if (out->start <= memo->from || out->end >= memo->to) /* reaches a change (or the window's edge) */
    ccm_clock_run(&e->clock, ts, lo, hi, &out->start, &out->end);
  out->id = bucket_id(grain, out->start, lo);
}

void ccm_clock_memo_init(ccm_clock_memo *memo) {
  memo->from = INT64_MAX; /* empty */
  memo->to = INT64_MIN;
  memo->offset = 0;
}

void ccm_time_span(const ccm_engine *e, int32_t grain, int64_t ts, ccm_span *out) {
  ccm_clock_memo memo;
  ccm_clock_memo_init(&memo);
  ccm_time_span_memo(e, &memo, grain, ts, out);
}

int64_t ccm_time_bucket(const ccm_engine *e, int32_t grain, int64_t ts) {
  ccm_span s;
  ccm_time_span(e, grain, ts, &s);
  return s.id;
}

int64_t ccm_time_bucket_end(const ccm_engine *e, int32_t grain, int64_t ts) {
  ccm_span s;
  ccm_time_span(e, grain, ts, &s);
  return s.end;
}

bool ccm_grain_has_instants(int32_t grain) {
  return grain == CCM_GRAIN_INTERVAL || grain == CCM_GRAIN_DATE || grain == CCM_GRAIN_WEEK ||
         grain == CCM_GRAIN_MONTH;
}

/* Ingestion asks for the buckets of the times of the open contacts' events,
 * which lie hours apart.  Each grain remembers spans by block of time: a
 * block is at most as long as the grain's shortest bucket, so it meets at
 * most two, kept side by side (the one holding the block's first instant
 * first).  The clock is consulted only when neither holds the time. */
const int64_t *ccm_buckets_find(ccm_engine *e, int64_t ts) {
  int64_t from = INT64_MIN, to = INT64_MAX, *bucket = e->buckets_last;
  int32_t g;
  for (g = 0; g < CCM_GRAINS; g++) {
    uint64_t block;
    ccm_span *s, span;
    if (!e->grain_views[g]) {
      bucket[g] = 0;
      continue;
    }
    block = (uint64_t)ts >> e->bucket_shift[g];
    s = e->bucket_cache[g][block & (CCM_BUCKET_CACHE - 1)];
    if (ts >= s[0].start && ts < s[0].end) {
      span = s[0];
    } else if (ts >= s[1].start && ts < s[1].end) {
      span = s[1];
    } else {
      ccm_time_span_memo(e, &e->memo, g, ts, &span);
      s[span.start <= (int64_t)(block << e->bucket_shift[g]) ? 0 : 1] = span;
    }
    bucket[g] = span.id;
    if (span.start > from) from = span.start;
    if (span.end < to) to = span.end;
  }
  e->buckets_from = from;
  e->buckets_to = to;
  return bucket;
}

void ccm_buckets_forget_last(ccm_engine *e) {
  e->buckets_from = INT64_MAX; /* empty: every time is outside */
  e->buckets_to = INT64_MIN;
}

/* floor(log2(ms)) for ms >= 1. */
static uint8_t log2_floor(int64_t ms) {
  uint8_t k = 0;
  while (ms > 1) {
    ms >>= 1;
    k++;
  }
  return k;
}

void ccm_buckets_forget(ccm_engine *e) {
  int32_t g, i;
  ccm_clock_memo_init(&e->memo);
  ccm_buckets_forget_last(e);
  for (g = 0; g < CCM_GRAINS; g++) {
    for (i = 0; i < 2 * CCM_BUCKET_CACHE; i++) {
      e->bucket_cache[g][i / 2][i % 2].start = INT64_MAX; /* empty: every time is outside */
      e->bucket_cache[g][i / 2][i % 2].end = INT64_MIN;
    }
  }
  /* the shortest bucket of each grain (less an hour for a clock change) */
  e->bucket_shift[CCM_GRAIN_NONE] = 0;
  e->bucket_shift[CCM_GRAIN_INTERVAL] = log2_floor(e->cfg[CCM_CFG_INTERVAL_MS] > 0 ? e->cfg[CCM_CFG_INTERVAL_MS] : 1);
  e->bucket_shift[CCM_GRAIN_HOUR] = log2_floor(HOUR_MS / 2);
  e->bucket_shift[CCM_GRAIN_DOW] = e->bucket_shift[CCM_GRAIN_DATE] = log2_floor(DAY_MS - HOUR_MS);
  e->bucket_shift[CCM_GRAIN_WEEK] = log2_floor(7 * DAY_MS - HOUR_MS);
  e->bucket_shift[CCM_GRAIN_MONTH] = log2_floor(28 * DAY_MS - HOUR_MS);
}

int32_t ccm_view_bucket(const ccm_view *v, int64_t ts, int64_t *bucket) {
  if (!v || !bucket) return CCM_E_INVALID_ARG;
  *bucket = ccm_time_bucket(v->engine, v->grain, ts);
  return CCM_OK;
}

int32_t ccm_view_bucket_next(const ccm_view *v, int64_t bucket, int64_t *next) {
  if (!v || !next || !ccm_grain_has_instants(v->grain)) return CCM_E_INVALID_ARG;
  *next = ccm_time_bucket_end(v->engine, v->grain, bucket);
  return CCM_OK;
}

