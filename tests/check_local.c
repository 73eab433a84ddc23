/*
 * check_local.c - the 0.3.0 features through the public API only: time
 * zones (POSIX rules and host offset functions), local buckets of every
 * grain around clock changes, metrics credited to local buckets, business
 * calendars and the business-hours metrics, quantile sketches, and
 * allocation failure with sketches.
 *
 * Every expected value is worked out by hand in the comments from the
 * header's contract and doc/CHOICES.md ("Time buckets and local time",
 * "Business hours", "Percentiles").  The 2026 clock changes used:
 *   US Eastern (EST5EDT,M3.2.0,M11.1.0): daylight time from Sunday
 *     2026-03-08 07:00Z (02:00 EST -> 03:00 EDT) to Sunday 2026-11-01
 *     06:00Z (02:00 EDT -> 01:00 EST);
 *   EU Central (CET-1CEST,M3.5.0,M10.5.0/3): from Sunday 2026-03-29 01:00Z
 *     (02:00 CET -> 03:00 CEST) to Sunday 2026-10-25 01:00Z (03:00 CEST ->
 *     02:00 CET).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define SEC TU_SEC
#define MIN TU_MIN
#define HOUR TU_HOUR
#define DAY TU_DAY

#define US "EST5EDT,M3.2.0,M11.1.0"
#define EU "CET-1CEST,M3.5.0,M10.5.0/3"
#define IST "<+0530>-5:30"

#define VOICE_IN .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND
#define CHAT_IN .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_INBOUND
#define EMAIL_IN .channel = CCM_CHANNEL_EMAIL, .direction = CCM_DIRECTION_INBOUND

#define AGENT(a_) TU_KEY([CCM_DIM_AGENT] = (a_))
#define SKILL(s_) TU_KEY([CCM_DIM_SKILL] = (s_))
/* A rollup filter: one dimension fixed, every other one CCM_ANY (a filter
 * may fix only dimensions the view has). */
static const uint32_t *only(uint32_t *filter, int32_t dim, uint32_t value) {
  int d;
  for (d = 0; d < CCM_VIEW_DIMS; ++d) filter[d] = CCM_ANY;
  filter[dim] = value;
  return filter;
}
#define ONLY(dim_, val_) only((uint32_t[CCM_VIEW_DIMS]){0}, (dim_), (val_))

#define MB(v_, key_, b_, name_, val_) TU_METRIC(v_, key_, b_, name_, val_)
#define UB(v_, key_, b_, name_) TU_UNDEF(v_, key_, b_, name_)
#define CB(v_, key_, b_, measure_, val_) TU_FIELD(v_, key_, b_, measure_, CCM_FIELD_COUNT, val_)
#define START(v_, key_, b_, measure_, val_) TU_FIELD(v_, key_, b_, measure_, CCM_FIELD_START, val_)
#define END(v_, key_, b_, measure_, val_) TU_FIELD(v_, key_, b_, measure_, CCM_FIELD_END, val_)

/* ------------------------------------------------------------------------ */
/* Civil time, computed here independently of the library: days since
 * 1970-01-01 by adding up years and months (years >= 1970 only). */

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_len(int y, int m) {
  static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return len[m - 1] + (m == 2 && is_leap(y));
}

static int64_t civil_days(int y, int m, int d) {
  int64_t days = 0;
  int i;
  for (i = 1970; i < y; ++i) days += is_leap(i) ? 366 : 365;
  for (i = 1; i < m; ++i) days += month_len(y, i);
  return days + d - 1;
}

/* An instant given by its UTC fields; also a local wall-clock time in the
 * library's "as if UTC" form (ccm_engine_local_time). */
static int64_t utc(int y, int mo, int d, int h, int mi) {
  return civil_days(y, mo, d) * DAY + (int64_t)h * HOUR + (int64_t)mi * MIN;
}

/* ------------------------------------------------------------------------ */
/* Engines and views */

typedef struct opts {
  const char *tz;           /* NULL: UTC */
  int64_t interval;         /* 0: default (15 min) */
  int64_t sl;               /* 0: default (20 s) */
  const ccm_calendar *cal;  /* NULL: none */
  ccm_utc_offset_fn fn;     /* instead of tz */
  void *user;
  const ccm_allocator *alloc;
} opts;

static ccm_engine *engine_opts(const opts *o) {
  ccm_config *cfg = NULL;
  ccm_engine *e = NULL;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  if (o->tz) ck_assert_int_eq(ccm_config_set_tz(cfg, o->tz), CCM_OK);
  if (o->fn) ck_assert_int_eq(ccm_config_set_utc_offset_fn(cfg, o->fn, o->user), CCM_OK);
  if (o->interval) ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_INTERVAL_MS, o->interval), CCM_OK);
  if (o->sl) ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_SL_THRESHOLD_MS, o->sl), CCM_OK);
  if (o->cal) ck_assert_int_eq(ccm_config_set_calendar(cfg, o->cal), CCM_OK);
  ck_assert_int_eq(ccm_engine_new(cfg, o->alloc, &e), CCM_OK);
  ck_assert_ptr_nonnull(e);
  ccm_config_free(cfg);
  return e;
}

#define ENGINE(...) engine_opts(&(opts){__VA_ARGS__})

static ccm_view *sketch_view(ccm_engine *e, uint32_t mask, int32_t grain) {
  ccm_view *v = NULL;
  int32_t rc = ccm_view_new(e, mask, grain, CCM_VIEW_SKETCHES, &v);
  ck_assert_msg(rc == CCM_OK, "ccm_view_new(0x%x, %d, sketches) returned %d", (unsigned)mask, (int)grain, (int)rc);
  ck_assert_ptr_nonnull(v);
  return v;
}

/* One company view per grain, indexed by CCM_GRAIN_* (1 .. 6). */
typedef struct grains {
  ccm_view *v[CCM_GRAIN_MONTH + 1];
} grains;

static void grains_add(ccm_engine *e, grains *g) {
  int32_t k;
  g->v[0] = tu_view(e, 0, CCM_GRAIN_NONE);
  for (k = CCM_GRAIN_INTERVAL; k <= CCM_GRAIN_MONTH; ++k) g->v[k] = tu_view(e, 0, k);
}

static int64_t bucket_of(const ccm_view *v, int64_t ts) {
  int64_t b = -777;
  int32_t rc = ccm_view_bucket(v, ts, &b);
  TU_CHECK(rc == CCM_OK, "ccm_view_bucket(%lld) returned %d", (long long)ts, (int)rc);
  return b;
}

static int64_t next_of(const ccm_view *v, int64_t b) {
  int64_t n = -777;
  int32_t rc = ccm_view_bucket_next(v, b, &n);
  TU_CHECK(rc == CCM_OK, "ccm_view_bucket_next(%lld) returned %d", (long long)b, (int)rc);
  return n;
}

static int64_t local_of(const ccm_engine *e, int64_t ts) {
  int64_t l = -777;
  int32_t rc = ccm_engine_local_time(e, ts, &l);
  TU_CHECK(rc == CCM_OK, "ccm_engine_local_time(%lld) returned %d", (long long)ts, (int)rc);
  return l;
}

/* Assert a bucket: the bucket of ts is `first` and the next starts at
 * `next`. */
#define BUCKET(v_, ts_, first_, next_) check_bucket((v_), (ts_), (first_), (next_), __LINE__)

static void check_bucket(const ccm_view *v, int64_t ts, int64_t first, int64_t next, int line) {
  int64_t b = bucket_of(v, ts);
  ck_assert_msg(b == first, "line %d: bucket of %lld is %lld, expected %lld (%+lld min)", line, (long long)ts,
                (long long)b, (long long)first, (long long)((b - first) / MIN));
  if (next != 0) {
    int64_t n = next_of(v, b);
    ck_assert_msg(n == next, "line %d: bucket after %lld is %lld, expected %lld (%+lld min)", line, (long long)b,
                  (long long)n, (long long)next, (long long)((n - next) / MIN));
  }
}

/* Walk the buckets of [from, to) with ccm_view_bucket_next: their number;
 * every bucket is its own bucket, and the walk lands exactly on `to`.
 * Each bucket's length goes to len[] (when not NULL, up to cap). */
static int walk_buckets(const ccm_view *v, int64_t from, int64_t to, int64_t *len, int cap) {
  int64_t b = from;
  int n = 0;
  ck_assert_int_eq(bucket_of(v, from), from);
  while (b < to) {
    int64_t nx = next_of(v, b);
    TU_CHECK(nx > b, "bucket_next(%lld) = %lld does not advance", (long long)b, (long long)nx);
    TU_CHECK(bucket_of(v, b) == b, "bucket %lld is not its own bucket", (long long)b);
    TU_CHECK(bucket_of(v, nx - 1) == b, "the last ms of bucket %lld is in %lld", (long long)b,
             (long long)bucket_of(v, nx - 1));
    if (len && n < cap) len[n] = nx - b;
    ++n;
    b = nx;
  }
  ck_assert_msg(b == to, "walk from %lld overshot %lld: %lld", (long long)from, (long long)to, (long long)b);
  return n;
}

/* ------------------------------------------------------------------------ */
/* 1. ccm_config_set_tz */

/* The local time of ts in an engine made from cfg. */
static int64_t local_with(const ccm_config *cfg, int64_t ts) {
  ccm_engine *e = tu_engine(cfg);
  int64_t l = local_of(e, ts);
  ccm_engine_free(e);
  return l;
}

#define JAN utc(2026, 1, 15, 12, 0)
#define JUL utc(2026, 7, 15, 12, 0)

/* The new code has its name and message, and "UTC" / "GMT" name UTC. */
START_TEST(test_parse_code_and_utc_names) {
  ccm_config *cfg = NULL;
  ccm_engine *e = NULL;
  int64_t local = 0;
  ck_assert_str_eq(ccm_error_name(CCM_E_PARSE), "CCM_E_PARSE");
  ck_assert_ptr_nonnull(strstr(ccm_strerror(CCM_E_PARSE), "parse"));
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set_tz(cfg, "CET-1CEST,M3.5.0,M10.5.0/3"), CCM_OK);
  ck_assert_int_eq(ccm_config_set_tz(cfg, "UTC"), CCM_OK);
  ck_assert_int_eq(ccm_config_set_tz(cfg, "GMT"), CCM_OK);
  ck_assert_int_eq(ccm_config_set_tz(cfg, "utc"), CCM_E_PARSE);
  ck_assert_int_eq(ccm_engine_new(cfg, NULL, &e), CCM_OK);
  ck_assert_int_eq(ccm_engine_local_time(e, TU_T0, &local), CCM_OK);
  ck_assert_int_eq(local, TU_T0);
  ccm_engine_free(e);
  ccm_config_free(cfg);
}
END_TEST

START_TEST(test_tz_valid_rules) {
  static const struct {
    const char *rule;
    int64_t jan, jul; /* offsets at JAN and JUL */
  } cases[] = {
      {US, -5 * HOUR, -4 * HOUR},
      {EU, 1 * HOUR, 2 * HOUR},
      {"UTC0", 0, 0},
      {IST, 5 * HOUR + 30 * MIN, 5 * HOUR + 30 * MIN},
      {"IST-5:30", 5 * HOUR + 30 * MIN, 5 * HOUR + 30 * MIN},
      {"<-03>3", -3 * HOUR, -3 * HOUR},
      /* a daylight name without rules takes the US rules */
      {"EST5EDT", -5 * HOUR, -4 * HOUR},
      /* explicit daylight offset and rule times with seconds */
      {"EST5EDT4,M3.2.0/2:00:00,M11.1.0/02:00:00", -5 * HOUR, -4 * HOUR},
      /* southern hemisphere: daylight time over the new year */
      {"NZST-12NZDT,M9.5.0,M4.1.0/3", 13 * HOUR, 12 * HOUR},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    ccm_config *cfg = NULL;
    ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
    ck_assert_msg(ccm_config_set_tz(cfg, cases[i].rule) == CCM_OK, "rule %s refused", cases[i].rule);
    ck_assert_msg(local_with(cfg, JAN) == JAN + cases[i].jan, "%s in January", cases[i].rule);
    ck_assert_msg(local_with(cfg, JUL) == JUL + cases[i].jul, "%s in July", cases[i].rule);
    ccm_config_free(cfg);
  }
}
END_TEST

/* The changes themselves, to the millisecond. */
START_TEST(test_tz_changes) {
  ccm_engine *us = ENGINE(.tz = US), *eu = ENGINE(.tz = EU), *us_default = ENGINE(.tz = "EST5EDT");
  int64_t s = utc(2026, 3, 8, 7, 0), f = utc(2026, 11, 1, 6, 0);
  /* 01:59:59.999 EST, then 03:00 EDT */
  ck_assert_int_eq(local_of(us, s - 1), utc(2026, 3, 8, 1, 59) + 59999);
  ck_assert_int_eq(local_of(us, s), utc(2026, 3, 8, 3, 0));
  /* 01:59:59.999 EDT, then 01:00 EST */
  ck_assert_int_eq(local_of(us, f - 1), utc(2026, 11, 1, 1, 59) + 59999);
  ck_assert_int_eq(local_of(us, f), utc(2026, 11, 1, 1, 0));
  ck_assert_int_eq(local_of(us_default, s - 1), local_of(us, s - 1));
  ck_assert_int_eq(local_of(us_default, s), local_of(us, s));
  ck_assert_int_eq(local_of(us_default, f), local_of(us, f));
  /* EU: 01:59:59.999 CET -> 03:00 CEST; 02:59:59.999 CEST -> 02:00 CET */
  s = utc(2026, 3, 29, 1, 0);
  f = utc(2026, 10, 25, 1, 0);
  ck_assert_int_eq(local_of(eu, s - 1), utc(2026, 3, 29, 1, 59) + 59999);
  ck_assert_int_eq(local_of(eu, s), utc(2026, 3, 29, 3, 0));
  ck_assert_int_eq(local_of(eu, f - 1), utc(2026, 10, 25, 2, 59) + 59999);
  ck_assert_int_eq(local_of(eu, f), utc(2026, 10, 25, 2, 0));
  ck_assert_int_eq(ccm_engine_local_time(NULL, s, &f), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_local_time(us, s, NULL), CCM_E_INVALID_ARG);
  ccm_engine_free(us);
  ccm_engine_free(eu);
  ccm_engine_free(us_default);
}
END_TEST

static int64_t plus3h(int64_t utc_ms, void *user) {
  (void)utc_ms;
  ++*(long *)user;
  return 3 * HOUR;
}

START_TEST(test_tz_invalid_rules) {
  static const char *const bad[] = {
      "EST",                          /* no offset */
      "5",                            /* no name */
      "ES5",                          /* a name of two letters */
      "EST25",                        /* hours over 24 */
      "EST5:60",                      /* minutes over 59 */
      "EST5EDT,M3.2.0",               /* one rule */
      "EST5EDT,M3.2.0,",              /* an empty rule */
      "EST5EDT,M13.2.0,M11.1.0",      /* month 13 */
      "EST5EDT,M3.6.0,M11.1.0",       /* week 6 */
      "EST5EDT,M3.2.7,M11.1.0",       /* day 7 */
      "<+0530-5:30",                  /* unterminated quoted name */
      "UTC0 ",                        /* trailing blank */
      "CET-1CEST,M3.5.0,M10.5.0/3x",  /* trailing junk */
  };
  ccm_config *cfg = NULL;
  long calls = 0;
  size_t i;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set_tz(cfg, EU), CCM_OK);
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    int32_t rc = ccm_config_set_tz(cfg, bad[i]);
    ck_assert_msg(rc == CCM_E_PARSE, "rule \"%s\": %d, expected CCM_E_PARSE", bad[i], (int)rc);
  }
  /* unchanged: still EU */
  ck_assert_int_eq(local_with(cfg, JAN), JAN + HOUR);
  ck_assert_int_eq(local_with(cfg, JUL), JUL + 2 * HOUR);
  /* a host function is kept as well when a rule is refused */
  ck_assert_int_eq(ccm_config_set_utc_offset_fn(cfg, plus3h, &calls), CCM_OK);
  ck_assert_int_eq(ccm_config_set_tz(cfg, "EST5EDT,M3.2.0"), CCM_E_PARSE);
  ck_assert_int_eq(local_with(cfg, JUL), JUL + 3 * HOUR);
  ck_assert_int_gt(calls, 0);
  /* a rule replaces the function */
  ck_assert_int_eq(ccm_config_set_tz(cfg, "UTC0"), CCM_OK);
  calls = 0;
  ck_assert_int_eq(local_with(cfg, JUL), JUL);
  ck_assert_int_eq(calls, 0);
  /* and a function replaces the rule; NULL goes back to UTC */
  ck_assert_int_eq(ccm_config_set_tz(cfg, EU), CCM_OK);
  ck_assert_int_eq(ccm_config_set_utc_offset_fn(cfg, plus3h, &calls), CCM_OK);
  ck_assert_int_eq(local_with(cfg, JAN), JAN + 3 * HOUR);
  ck_assert_int_eq(ccm_config_set_utc_offset_fn(cfg, NULL, NULL), CCM_OK);
  ck_assert_int_eq(local_with(cfg, JUL), JUL);
  /* bad arguments */
  ck_assert_int_eq(ccm_config_set_tz(NULL, "UTC0"), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_config_set_utc_offset_fn(NULL, plus3h, &calls), CCM_E_INVALID_ARG);
  ccm_config_free(cfg);
}
END_TEST

START_TEST(test_tz_null_and_empty_are_utc) {
  ccm_config *cfg = NULL;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(local_with(cfg, JUL), JUL); /* the default */
  ck_assert_int_eq(ccm_config_set_tz(cfg, US), CCM_OK);
  ck_assert_int_eq(local_with(cfg, JUL), JUL - 4 * HOUR);
  ck_assert_int_eq(ccm_config_set_tz(cfg, NULL), CCM_OK);
  ck_assert_int_eq(local_with(cfg, JUL), JUL);
  ck_assert_int_eq(ccm_config_set_tz(cfg, US), CCM_OK);
  ck_assert_int_eq(ccm_config_set_tz(cfg, ""), CCM_OK);
  ck_assert_int_eq(local_with(cfg, JUL), JUL);
  ck_assert_int_eq(local_with(cfg, JAN), JAN);
  ccm_config_free(cfg);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 2. Buckets of every grain */

START_TEST(test_buckets_utc) {
  ccm_engine *e = ENGINE(.tz = NULL);
  grains g;
  int64_t t = utc(2026, 3, 8, 7, 31), b, len[12];
  int m;
  grains_add(e, &g);
  ck_assert_int_eq(local_of(e, t), t);
  BUCKET(g.v[CCM_GRAIN_INTERVAL], t, utc(2026, 3, 8, 7, 30), utc(2026, 3, 8, 7, 45));
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_HOUR], t), 7);
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_DOW], t), 6); /* a Sunday */
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_DOW], utc(2026, 3, 9, 0, 0)), 0);
  BUCKET(g.v[CCM_GRAIN_DATE], t, utc(2026, 3, 8, 0, 0), utc(2026, 3, 9, 0, 0));
  BUCKET(g.v[CCM_GRAIN_WEEK], t, utc(2026, 3, 2, 0, 0), utc(2026, 3, 9, 0, 0));
  BUCKET(g.v[CCM_GRAIN_MONTH], t, utc(2026, 3, 1, 0, 0), utc(2026, 4, 1, 0, 0));
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_NONE], t), 0);
  /* the ISO week across the year end: 2026-01-01 is a Thursday */
  BUCKET(g.v[CCM_GRAIN_WEEK], utc(2026, 1, 1, 12, 0), utc(2025, 12, 29, 0, 0), utc(2026, 1, 5, 0, 0));
  BUCKET(g.v[CCM_GRAIN_WEEK], utc(2025, 12, 29, 0, 0), utc(2025, 12, 29, 0, 0), 0);
  BUCKET(g.v[CCM_GRAIN_WEEK], utc(2025, 12, 28, 23, 59), utc(2025, 12, 22, 0, 0), 0);
  /* months of 2026 with their true lengths, and leap February 2028 */
  ck_assert_int_eq(walk_buckets(g.v[CCM_GRAIN_MONTH], utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0), len, 12), 12);
  for (m = 1; m <= 12; ++m) ck_assert_int_eq(len[m - 1], month_len(2026, m) * DAY);
  BUCKET(g.v[CCM_GRAIN_MONTH], utc(2028, 2, 29, 23, 59), utc(2028, 2, 1, 0, 0), utc(2028, 3, 1, 0, 0));
  ck_assert_int_eq(utc(2028, 3, 1, 0, 0) - utc(2028, 2, 1, 0, 0), 29 * DAY);
  /* 96 intervals a day, 365 dates in 2026, 53 weeks from 29 December 2025 to 4 January 2027 */
  ck_assert_int_eq(walk_buckets(g.v[CCM_GRAIN_INTERVAL], utc(2026, 3, 8, 0, 0), utc(2026, 3, 9, 0, 0), NULL, 0), 96);
  ck_assert_int_eq(walk_buckets(g.v[CCM_GRAIN_DATE], utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0), NULL, 0), 365);
  ck_assert_int_eq(walk_buckets(g.v[CCM_GRAIN_WEEK], utc(2025, 12, 29, 0, 0), utc(2027, 1, 4, 0, 0), NULL, 0), 53);
  /* grains without instants have no next bucket */
  ck_assert_int_eq(ccm_view_bucket_next(g.v[CCM_GRAIN_HOUR], 7, &b), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_view_bucket_next(g.v[CCM_GRAIN_DOW], 6, &b), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_view_bucket_next(g.v[CCM_GRAIN_NONE], 0, &b), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_view_bucket_next(NULL, 0, &b), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_view_bucket_next(g.v[CCM_GRAIN_DATE], 0, NULL), CCM_E_INVALID_ARG);
  ccm_engine_free(e);
}
END_TEST

/* +05:30 all year: buckets start at local boundaries, HH:30 UTC for hours. */
START_TEST(test_buckets_fixed_offset) {
  ccm_engine *e15 = ENGINE(.tz = IST), *e60 = ENGINE(.tz = IST, .interval = HOUR),
             *e120 = ENGINE(.tz = IST, .interval = 2 * HOUR);
  grains g;
  int64_t t = utc(2026, 3, 8, 7, 29); /* 12:59 local, Sunday 8 March */
  ccm_view *i60 = tu_view(e60, 0, CCM_GRAIN_INTERVAL), *i120 = tu_view(e120, 0, CCM_GRAIN_INTERVAL);
  int64_t b;
  grains_add(e15, &g);
  ck_assert_int_eq(local_of(e15, t), utc(2026, 3, 8, 12, 59));
  BUCKET(g.v[CCM_GRAIN_INTERVAL], t, utc(2026, 3, 8, 7, 15), utc(2026, 3, 8, 7, 30)); /* 12:45 local */
  BUCKET(i60, t, utc(2026, 3, 8, 6, 30), utc(2026, 3, 8, 7, 30));                     /* 12:00 local */
  BUCKET(i120, t, utc(2026, 3, 8, 6, 30), utc(2026, 3, 8, 8, 30));                    /* 12:00-14:00 */
  BUCKET(i60, utc(2026, 3, 8, 7, 30), utc(2026, 3, 8, 7, 30), 0);                     /* 13:00 local */
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_HOUR], t), 12);
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_DOW], t), 6);
  BUCKET(g.v[CCM_GRAIN_DATE], t, utc(2026, 3, 7, 18, 30), utc(2026, 3, 8, 18, 30));
  BUCKET(g.v[CCM_GRAIN_WEEK], t, utc(2026, 3, 1, 18, 30), utc(2026, 3, 8, 18, 30));
  BUCKET(g.v[CCM_GRAIN_MONTH], t, utc(2026, 2, 28, 18, 30), utc(2026, 3, 31, 18, 30));
  /* 18:29Z is 23:59 on Sunday; 18:30Z is Monday 00:00 */
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_DOW], utc(2026, 3, 8, 18, 29)), 6);
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_DOW], utc(2026, 3, 8, 18, 30)), 0);
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_HOUR], utc(2026, 3, 8, 18, 30)), 0);
  BUCKET(g.v[CCM_GRAIN_DATE], utc(2026, 3, 8, 18, 30), utc(2026, 3, 8, 18, 30), utc(2026, 3, 9, 18, 30));
  BUCKET(g.v[CCM_GRAIN_WEEK], utc(2026, 3, 8, 18, 30), utc(2026, 3, 8, 18, 30), utc(2026, 3, 15, 18, 30));
  /* every interval starts on a local multiple of its width */
  for (b = utc(2026, 3, 7, 18, 30); b < utc(2026, 3, 8, 18, 30); b = next_of(i60, b))
    TU_CHECK(local_of(e60, b) % HOUR == 0, "interval %lld is not on a local hour", (long long)b);
  ck_assert_int_eq(walk_buckets(i60, utc(2026, 3, 7, 18, 30), utc(2026, 3, 8, 18, 30), NULL, 0), 24);
  ck_assert_int_eq(walk_buckets(i120, utc(2026, 3, 7, 18, 30), utc(2026, 3, 8, 18, 30), NULL, 0), 12);
  ccm_engine_free(e15);
  ccm_engine_free(e60);
  ccm_engine_free(e120);
}
END_TEST

/* Per hour of day, the minutes of [from, to) whose bucket is that hour. */
static void minutes_by_hour(const ccm_view *hour, int64_t from, int64_t to, int64_t out[24]) {
  int64_t t;
  memset(out, 0, 24 * sizeof *out);
  for (t = from; t < to; t += MIN) {
    int64_t h = bucket_of(hour, t);
    TU_CHECK(h >= 0 && h < 24, "hour bucket %lld", (long long)h);
    ++out[h];
  }
}

/* Every interval of a day starts on a local multiple of the width, but the
 * one starting at the end of a spring-forward gap (`gap_end`, 0 if none):
 * its first instant is the first local time after the gap. */
static void check_aligned(const ccm_engine *e, const ccm_view *iv, int64_t from, int64_t to, int64_t width,
                          int64_t gap_end) {
  int64_t b;
  for (b = from; b < to; b = next_of(iv, b))
    TU_CHECK(b == gap_end || local_of(e, b) % width == 0, "interval %lld (local %lld) is not aligned to %lld min",
             (long long)b, (long long)local_of(e, b), (long long)(width / MIN));
}

START_TEST(test_buckets_us_spring) {
  ccm_engine *e = ENGINE(.tz = US), *e60 = ENGINE(.tz = US, .interval = HOUR),
             *e120 = ENGINE(.tz = US, .interval = 2 * HOUR);
  ccm_view *i60 = tu_view(e60, 0, CCM_GRAIN_INTERVAL), *i120 = tu_view(e120, 0, CCM_GRAIN_INTERVAL);
  grains g;
  int64_t day = utc(2026, 3, 8, 5, 0), next_day = utc(2026, 3, 9, 4, 0); /* local midnights */
  int64_t len[100], by_hour[24];
  int i, n;
  grains_add(e, &g);
  /* the local day has 23 hours */
  BUCKET(g.v[CCM_GRAIN_DATE], day, day, next_day);
  BUCKET(g.v[CCM_GRAIN_DATE], day - 1, utc(2026, 3, 7, 5, 0), day);
  BUCKET(g.v[CCM_GRAIN_DATE], next_day - 1, day, next_day);
  ck_assert_int_eq(next_day - day, 23 * HOUR);
  ck_assert_int_eq(local_of(e, day), utc(2026, 3, 8, 0, 0));
  ck_assert_int_eq(local_of(e, next_day), utc(2026, 3, 9, 0, 0));
  /* 92 fifteen-minute intervals; 01:45 EST is followed by 03:00 EDT */
  n = walk_buckets(g.v[CCM_GRAIN_INTERVAL], day, next_day, len, 100);
  ck_assert_int_eq(n, 92);
  for (i = 0; i < n; ++i) ck_assert_int_eq(len[i], 15 * MIN);
  BUCKET(g.v[CCM_GRAIN_INTERVAL], utc(2026, 3, 8, 6, 59), utc(2026, 3, 8, 6, 45), utc(2026, 3, 8, 7, 0));
  ck_assert_int_eq(local_of(e, utc(2026, 3, 8, 6, 45)), utc(2026, 3, 8, 1, 45));
  ck_assert_int_eq(local_of(e, utc(2026, 3, 8, 7, 0)), utc(2026, 3, 8, 3, 0));
  check_aligned(e, g.v[CCM_GRAIN_INTERVAL], day, next_day, 15 * MIN, 0);
  /* 60 minutes: 23 intervals, 01:00 EST then 03:00 EDT */
  ck_assert_int_eq(walk_buckets(i60, day, next_day, NULL, 0), 23);
  BUCKET(i60, utc(2026, 3, 8, 6, 30), utc(2026, 3, 8, 6, 0), utc(2026, 3, 8, 7, 0));
  check_aligned(e60, i60, day, next_day, HOUR, 0);
  /* 120 minutes: [00, 02) lasts 2 h, [02, 04) only 1 h (03:00-04:00 EDT) */
  ck_assert_int_eq(walk_buckets(i120, day, next_day, NULL, 0), 12);
  BUCKET(i120, utc(2026, 3, 8, 6, 30), day, utc(2026, 3, 8, 7, 0));
  BUCKET(i120, utc(2026, 3, 8, 7, 30), utc(2026, 3, 8, 7, 0), utc(2026, 3, 8, 8, 0));
  BUCKET(i120, utc(2026, 3, 8, 8, 0), utc(2026, 3, 8, 8, 0), utc(2026, 3, 8, 10, 0));
  check_aligned(e120, i120, day, next_day, 2 * HOUR, utc(2026, 3, 8, 7, 0));
  /* hours of day: 01 is followed by 03; hour 02 gets no minute */
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_HOUR], utc(2026, 3, 8, 6, 59)), 1);
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_HOUR], utc(2026, 3, 8, 7, 0)), 3);
  minutes_by_hour(g.v[CCM_GRAIN_HOUR], day, next_day, by_hour);
  for (i = 0; i < 24; ++i) ck_assert_int_eq(by_hour[i], i == 2 ? 0 : 60);
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_DOW], day), 6);
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_DOW], next_day - 1), 6);
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_DOW], next_day), 0);
  /* the week from Monday 2 March 00:00 EST has 167 hours */
  BUCKET(g.v[CCM_GRAIN_WEEK], day, utc(2026, 3, 2, 5, 0), next_day);
  /* March from 00:00 EST to 1 April 00:00 EDT: 743 hours; February 28 days */
  BUCKET(g.v[CCM_GRAIN_MONTH], day, utc(2026, 3, 1, 5, 0), utc(2026, 4, 1, 4, 0));
  ck_assert_int_eq(utc(2026, 4, 1, 4, 0) - utc(2026, 3, 1, 5, 0), 743 * HOUR);
  BUCKET(g.v[CCM_GRAIN_MONTH], utc(2026, 3, 1, 4, 59), utc(2026, 2, 1, 5, 0), utc(2026, 3, 1, 5, 0));
  ccm_engine_free(e);
  ccm_engine_free(e60);
  ccm_engine_free(e120);
}
END_TEST

START_TEST(test_buckets_us_fall) {
  ccm_engine *e = ENGINE(.tz = US), *e60 = ENGINE(.tz = US, .interval = HOUR),
             *e120 = ENGINE(.tz = US, .interval = 2 * HOUR);
  ccm_view *i60 = tu_view(e60, 0, CCM_GRAIN_INTERVAL), *i120 = tu_view(e120, 0, CCM_GRAIN_INTERVAL);
  grains g;
  int64_t day = utc(2026, 11, 1, 4, 0), next_day = utc(2026, 11, 2, 5, 0);
  int64_t len[110], by_hour[24];
  int i, n;
  grains_add(e, &g);
  /* the local day has 25 hours */
  BUCKET(g.v[CCM_GRAIN_DATE], day, day, next_day);
  BUCKET(g.v[CCM_GRAIN_DATE], next_day - 1, day, next_day);
  BUCKET(g.v[CCM_GRAIN_DATE], next_day, next_day, utc(2026, 11, 3, 5, 0));
  ck_assert_int_eq(next_day - day, 25 * HOUR);
  /* 100 fifteen-minute intervals, each of 15 minutes */
  n = walk_buckets(g.v[CCM_GRAIN_INTERVAL], day, next_day, len, 110);
  ck_assert_int_eq(n, 100);
  for (i = 0; i < n; ++i) ck_assert_int_eq(len[i], 15 * MIN);
  check_aligned(e, g.v[CCM_GRAIN_INTERVAL], day, next_day, 15 * MIN, 0);
  /* the repeated hour: 01:00 EDT and 01:00 EST are two buckets */
  BUCKET(g.v[CCM_GRAIN_INTERVAL], utc(2026, 11, 1, 5, 5), utc(2026, 11, 1, 5, 0), utc(2026, 11, 1, 5, 15));
  BUCKET(g.v[CCM_GRAIN_INTERVAL], utc(2026, 11, 1, 6, 5), utc(2026, 11, 1, 6, 0), utc(2026, 11, 1, 6, 15));
  ck_assert_int_eq(local_of(e, utc(2026, 11, 1, 5, 0)), utc(2026, 11, 1, 1, 0));
  ck_assert_int_eq(local_of(e, utc(2026, 11, 1, 6, 0)), utc(2026, 11, 1, 1, 0));
  /* 01:45 EDT is followed by 01:00 EST */
  BUCKET(g.v[CCM_GRAIN_INTERVAL], utc(2026, 11, 1, 5, 59), utc(2026, 11, 1, 5, 45), utc(2026, 11, 1, 6, 0));
  /* 60 minutes: the repeated hour is one interval of 2 h (one run of local
   * 01:00-02:00), so 24 intervals */
  ck_assert_int_eq(walk_buckets(i60, day, next_day, NULL, 0), 24);
  BUCKET(i60, utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 5, 0), utc(2026, 11, 1, 7, 0));
  BUCKET(i60, utc(2026, 11, 1, 6, 30), utc(2026, 11, 1, 5, 0), utc(2026, 11, 1, 7, 0));
  /* 120 minutes: [00, 02) holds the repeated hour and lasts 3 h */
  ck_assert_int_eq(walk_buckets(i120, day, next_day, NULL, 0), 12);
  BUCKET(i120, utc(2026, 11, 1, 6, 59), day, utc(2026, 11, 1, 7, 0));
  BUCKET(i120, utc(2026, 11, 1, 7, 0), utc(2026, 11, 1, 7, 0), utc(2026, 11, 1, 9, 0));
  check_aligned(e120, i120, day, next_day, 2 * HOUR, 0);
  /* hour 01 gets two hours */
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_HOUR], utc(2026, 11, 1, 5, 30)), 1);
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_HOUR], utc(2026, 11, 1, 6, 30)), 1);
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_HOUR], utc(2026, 11, 1, 7, 0)), 2);
  minutes_by_hour(g.v[CCM_GRAIN_HOUR], day, next_day, by_hour);
  for (i = 0; i < 24; ++i) ck_assert_int_eq(by_hour[i], i == 1 ? 120 : 60);
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_DOW], day), 6);
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_DOW], next_day - 1), 6);
  /* the week from Monday 26 October 00:00 EDT to 2 November 00:00 EST: 169 h */
  BUCKET(g.v[CCM_GRAIN_WEEK], day, utc(2026, 10, 26, 4, 0), next_day);
  /* October 744 h; November from 00:00 EDT to 1 December 00:00 EST: 721 h */
  BUCKET(g.v[CCM_GRAIN_MONTH], day - 1, utc(2026, 10, 1, 4, 0), day);
  BUCKET(g.v[CCM_GRAIN_MONTH], day, day, utc(2026, 12, 1, 5, 0));
  ck_assert_int_eq(utc(2026, 12, 1, 5, 0) - day, 721 * HOUR);
  ccm_engine_free(e);
  ccm_engine_free(e60);
  ccm_engine_free(e120);
}
END_TEST

START_TEST(test_buckets_eu) {
  ccm_engine *e = ENGINE(.tz = EU), *e120 = ENGINE(.tz = EU, .interval = 2 * HOUR);
  ccm_view *i120 = tu_view(e120, 0, CCM_GRAIN_INTERVAL);
  grains g;
  int64_t spring = utc(2026, 3, 28, 23, 0), spring_end = utc(2026, 3, 29, 22, 0);
  int64_t fall = utc(2026, 10, 24, 22, 0), fall_end = utc(2026, 10, 25, 23, 0);
  int64_t by_hour[24];
  int i;
  grains_add(e, &g);
  /* spring: 23 h, 92 intervals, 01:45 CET then 03:00 CEST */
  BUCKET(g.v[CCM_GRAIN_DATE], utc(2026, 3, 29, 12, 0), spring, spring_end);
  ck_assert_int_eq(walk_buckets(g.v[CCM_GRAIN_INTERVAL], spring, spring_end, NULL, 0), 92);
  BUCKET(g.v[CCM_GRAIN_INTERVAL], utc(2026, 3, 29, 0, 59), utc(2026, 3, 29, 0, 45), utc(2026, 3, 29, 1, 0));
  ck_assert_int_eq(local_of(e, utc(2026, 3, 29, 1, 0)), utc(2026, 3, 29, 3, 0));
  check_aligned(e, g.v[CCM_GRAIN_INTERVAL], spring, spring_end, 15 * MIN, 0);
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_HOUR], utc(2026, 3, 29, 0, 59)), 1);
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_HOUR], utc(2026, 3, 29, 1, 0)), 3);
  BUCKET(i120, utc(2026, 3, 29, 0, 30), spring, utc(2026, 3, 29, 1, 0));
  BUCKET(i120, utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 1, 0), utc(2026, 3, 29, 2, 0));
  ck_assert_int_eq(walk_buckets(i120, spring, spring_end, NULL, 0), 12);
  /* March: 743 h from 1 March 00:00 CET */
  BUCKET(g.v[CCM_GRAIN_MONTH], spring, utc(2026, 2, 28, 23, 0), utc(2026, 3, 31, 22, 0));
  BUCKET(g.v[CCM_GRAIN_WEEK], spring, utc(2026, 3, 22, 23, 0), spring_end); /* Monday 23 March */
  /* fall: 25 h, 100 intervals, local 02:00-03:00 twice */
  BUCKET(g.v[CCM_GRAIN_DATE], utc(2026, 10, 25, 12, 0), fall, fall_end);
  ck_assert_int_eq(walk_buckets(g.v[CCM_GRAIN_INTERVAL], fall, fall_end, NULL, 0), 100);
  BUCKET(g.v[CCM_GRAIN_INTERVAL], utc(2026, 10, 25, 0, 10), utc(2026, 10, 25, 0, 0), utc(2026, 10, 25, 0, 15));
  BUCKET(g.v[CCM_GRAIN_INTERVAL], utc(2026, 10, 25, 1, 10), utc(2026, 10, 25, 1, 0), utc(2026, 10, 25, 1, 15));
  BUCKET(g.v[CCM_GRAIN_INTERVAL], utc(2026, 10, 25, 0, 59), utc(2026, 10, 25, 0, 45), utc(2026, 10, 25, 1, 0));
  ck_assert_int_eq(local_of(e, utc(2026, 10, 25, 0, 10)), utc(2026, 10, 25, 2, 10));
  ck_assert_int_eq(local_of(e, utc(2026, 10, 25, 1, 10)), utc(2026, 10, 25, 2, 10));
  check_aligned(e, g.v[CCM_GRAIN_INTERVAL], fall, fall_end, 15 * MIN, 0);
  minutes_by_hour(g.v[CCM_GRAIN_HOUR], fall, fall_end, by_hour);
  for (i = 0; i < 24; ++i) ck_assert_int_eq(by_hour[i], i == 2 ? 120 : 60);
  /* 120 minutes: [02, 04) local runs from 02:00 CEST to 04:00 CET, 3 h */
  BUCKET(i120, utc(2026, 10, 25, 0, 0), utc(2026, 10, 25, 0, 0), utc(2026, 10, 25, 3, 0));
  BUCKET(i120, utc(2026, 10, 25, 2, 59), utc(2026, 10, 25, 0, 0), 0);
  BUCKET(i120, utc(2026, 10, 24, 23, 59), fall, utc(2026, 10, 25, 0, 0));
  ck_assert_int_eq(walk_buckets(i120, fall, fall_end, NULL, 0), 12);
  /* October: 745 h from 1 October 00:00 CEST to 1 November 00:00 CET */
  BUCKET(g.v[CCM_GRAIN_MONTH], fall, utc(2026, 9, 30, 22, 0), utc(2026, 10, 31, 23, 0));
  /* the week and month across the year end, in CET: 1 January 2027 is a
   * Friday, its ISO week starts on Monday 28 December */
  BUCKET(g.v[CCM_GRAIN_WEEK], utc(2027, 1, 1, 12, 0), utc(2026, 12, 27, 23, 0), utc(2027, 1, 3, 23, 0));
  BUCKET(g.v[CCM_GRAIN_MONTH], utc(2026, 12, 31, 23, 30), utc(2026, 12, 31, 23, 0), utc(2027, 1, 31, 23, 0));
  BUCKET(g.v[CCM_GRAIN_MONTH], utc(2026, 12, 31, 22, 59), utc(2026, 11, 30, 23, 0), utc(2026, 12, 31, 23, 0));
  BUCKET(g.v[CCM_GRAIN_DATE], utc(2026, 12, 31, 23, 30), utc(2026, 12, 31, 23, 0), utc(2027, 1, 1, 23, 0));
  ck_assert_int_eq(bucket_of(g.v[CCM_GRAIN_DOW], utc(2026, 12, 31, 23, 30)), 4);
  ccm_engine_free(e);
  ccm_engine_free(e120);
}
END_TEST

/* The US rule written by hand for 2026, as a host would. */
#define US_DST_START utc(2026, 3, 8, 7, 0)
#define US_DST_END utc(2026, 11, 1, 6, 0)

typedef struct host_zone {
  unsigned magic;
  long calls;
} host_zone;

#define HOST_MAGIC 0xC10Cu

static int64_t us_eastern_2026(int64_t utc_ms, void *user) {
  host_zone *z = user;
  if (z == NULL || z->magic != HOST_MAGIC) abort(); /* the user pointer must come back unchanged */
  ++z->calls;
  return utc_ms >= US_DST_START && utc_ms < US_DST_END ? -4 * HOUR : -5 * HOUR;
}

START_TEST(test_offset_fn_matches_rule) {
  host_zone z = {HOST_MAGIC, 0};
  int64_t widths[3] = {15 * MIN, HOUR, 2 * HOUR};
  int spring_buckets[3] = {92, 23, 12}; /* 120 min: 11 of 2 h and [02, 04) of 1 h */
  int64_t ranges[2][2] = {{utc(2026, 3, 7, 0, 0), utc(2026, 3, 10, 0, 0)},
                          {utc(2026, 10, 31, 0, 0), utc(2026, 11, 3, 0, 0)}};
  int w, r;
  for (w = 0; w < 3; ++w) {
    ccm_engine *rule = ENGINE(.tz = US, .interval = widths[w]);
    ccm_engine *host = ENGINE(.fn = us_eastern_2026, .user = &z, .interval = widths[w]);
    grains gr, gh;
    grains_add(rule, &gr);
    grains_add(host, &gh);
    for (r = 0; r < 2; ++r) {
      int64_t t;
      for (t = ranges[r][0]; t < ranges[r][1]; t += 7 * MIN) {
        int32_t k;
        TU_CHECK(local_of(rule, t) == local_of(host, t), "local time of %lld", (long long)t);
        for (k = CCM_GRAIN_INTERVAL; k <= CCM_GRAIN_MONTH; ++k) {
          int64_t br = bucket_of(gr.v[k], t), bh = bucket_of(gh.v[k], t);
          TU_CHECK(br == bh, "width %lld grain %d at %lld: rule %lld, host %lld", (long long)widths[w], (int)k,
                   (long long)t, (long long)br, (long long)bh);
          if (k != CCM_GRAIN_HOUR && k != CCM_GRAIN_DOW)
            TU_CHECK(next_of(gr.v[k], br) == next_of(gh.v[k], bh), "width %lld grain %d: next of %lld",
                     (long long)widths[w], (int)k, (long long)br);
        }
      }
    }
    /* the day counts of the rule, through the host function */
    ck_assert_int_eq(walk_buckets(gh.v[CCM_GRAIN_INTERVAL], utc(2026, 3, 8, 5, 0), utc(2026, 3, 9, 4, 0), NULL, 0),
                     spring_buckets[w]);
    BUCKET(gh.v[CCM_GRAIN_DATE], utc(2026, 11, 1, 12, 0), utc(2026, 11, 1, 4, 0), utc(2026, 11, 2, 5, 0));
    ccm_engine_free(rule);
    ccm_engine_free(host);
  }
  ck_assert_int_gt(z.calls, 0);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 3. Metrics credited to local buckets (US Eastern, fall-back day) */

#define Z(h_, m_) utc(2026, 11, 1, (h_), (m_))
#define NOV1 Z(4, 0)                  /* Sunday 1 November 00:00 EDT */
#define NOV2 utc(2026, 11, 2, 5, 0)   /* Monday 2 November 00:00 EST */
#define OCT31 utc(2026, 10, 31, 4, 0) /* Saturday 31 October 00:00 EDT */

/* A voice call: start and queue at t0, answered after `wait` by `agent`
 * (0: abandoned), the agent contact ends at `end`, ACW to `acw_end` (0:
 * none), contact_end there when `close`. */
static void call(ccm_engine *e, uint64_t c, uint32_t skill, int64_t t0, int64_t wait, uint32_t agent, int64_t end,
                 int64_t acw_end, int close) {
  TU_OK(e, CCM_EV_CONTACT_START, t0, c, VOICE_IN, .skill = skill);
  TU_OK(e, CCM_EV_QUEUE_ENTER, t0, c, .skill = skill);
  if (agent == 0) {
    TU_OK(e, CCM_EV_QUEUE_ABANDON, t0 + wait, c);
    if (close) TU_OK(e, CCM_EV_CONTACT_END, t0 + wait, c);
    return;
  }
  TU_OK(e, CCM_EV_ANSWER, t0 + wait, c, .agent = agent);
  TU_OK(e, CCM_EV_AGENT_END, end, c);
  if (acw_end) TU_OK(e, CCM_EV_ACW_END, acw_end, c);
  if (close) TU_OK(e, CCM_EV_CONTACT_END, acw_end ? acw_end : end, c);
}

START_TEST(test_metrics_fall_back_day) {
  ccm_engine *e = ENGINE(.tz = US);
  tu_ids id;
  grains g;
  ccm_view *ai;
  ccm_measures *m = NULL;
  ccm_cursor *c = NULL;
  int64_t v = -1, offered = 0;
  int at_0115 = 0;
  double d = -1;
  tu_intern_ids(e, &id);
  grains_add(e, &g);
  ai = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL);

  /* c10 Sat 23:30 EDT, answered by bob after 60 s, ends Sun 00:20 EDT */
  call(e, 10, id.billing, utc(2026, 11, 1, 3, 30), 60 * SEC, id.bob, Z(4, 20), Z(4, 22), 1);
  /* c3 01:20 EDT, bob after 60 s, agent_end 01:31 EDT */
  call(e, 3, id.billing, Z(5, 20), 60 * SEC, id.bob, Z(5, 31), Z(5, 33), 1);
  /* c1 01:50 EDT, ann after 30 s, talks over the change to 01:10 EST, ACW 2 min */
  call(e, 1, id.billing, Z(5, 50), 30 * SEC, id.ann, Z(6, 10), Z(6, 12), 1);
  /* c2 01:20 EST, abandons after 60 s, stays open */
  call(e, 2, id.billing, Z(6, 20), 60 * SEC, 0, 0, 0, 0);
  /* c4 10:00 EST, ann after 20 s; stays open */
  call(e, 4, id.billing, Z(15, 0), 20 * SEC, id.ann, Z(15, 10), Z(15, 11), 0);
  /* c5 23:30 EST, ann after 10 s; the agent contact ends Monday 00:05 EST */
  call(e, 5, id.billing, utc(2026, 11, 2, 4, 30), 10 * SEC, id.ann, utc(2026, 11, 2, 5, 5),
       utc(2026, 11, 2, 5, 6), 1);
  /* c6 Monday 00:00 EST, abandons after 3 s (short) */
  call(e, 6, id.billing, NOV2, 3 * SEC, 0, 0, 0, 1);

  /* intervals: the first and the second 01:15 and 01:00 are distinct */
  CB(g.v[CCM_GRAIN_INTERVAL], TU_KEY0, Z(5, 15), "offered", 1); /* c3 */
  CB(g.v[CCM_GRAIN_INTERVAL], TU_KEY0, Z(5, 15), "answered", 1);
  MB(g.v[CCM_GRAIN_INTERVAL], TU_KEY0, Z(5, 15), "asa", 60 * SEC);
  CB(g.v[CCM_GRAIN_INTERVAL], TU_KEY0, Z(6, 15), "offered", 1); /* c2 */
  CB(g.v[CCM_GRAIN_INTERVAL], TU_KEY0, Z(6, 15), "abandoned", 1);
  CB(g.v[CCM_GRAIN_INTERVAL], TU_KEY0, Z(6, 15), "answered", 0);
  CB(g.v[CCM_GRAIN_INTERVAL], TU_KEY0, Z(5, 45), "answered", 1); /* c1 */
  MB(g.v[CCM_GRAIN_INTERVAL], TU_KEY0, Z(5, 45), "asa", 30 * SEC);
  CB(g.v[CCM_GRAIN_INTERVAL], TU_KEY0, Z(5, 30), "handled", 1); /* c3 at 01:31 EDT */
  CB(g.v[CCM_GRAIN_INTERVAL], TU_KEY0, Z(6, 0), "handled", 1);  /* c1 at 01:10 EST */
  TU_FIELD(g.v[CCM_GRAIN_INTERVAL], TU_KEY0, Z(6, 0), "talk_time", CCM_FIELD_SUM, 19 * MIN + 30 * SEC);
  TU_FIELD(g.v[CCM_GRAIN_INTERVAL], TU_KEY0, Z(6, 0), "acw_time", CCM_FIELD_SUM, 2 * MIN);
  CB(g.v[CCM_GRAIN_INTERVAL], TU_KEY0, Z(5, 0), "offered", 0);
  ck_assert(!tu_has_cell(g.v[CCM_GRAIN_INTERVAL], TU_KEY0, Z(5, 0)));
  /* hours of day: hour 01 holds both 01:00 hours */
  CB(g.v[CCM_GRAIN_HOUR], TU_KEY0, 1, "offered", 3);  /* c3, c1, c2 */
  CB(g.v[CCM_GRAIN_HOUR], TU_KEY0, 1, "answered", 2); /* c3, c1 */
  CB(g.v[CCM_GRAIN_HOUR], TU_KEY0, 1, "abandoned", 1);
  CB(g.v[CCM_GRAIN_HOUR], TU_KEY0, 1, "handled", 2);
  MB(g.v[CCM_GRAIN_HOUR], TU_KEY0, 1, "asa", 45 * SEC);          /* (60 + 30) / 2 */
  CB(g.v[CCM_GRAIN_HOUR], TU_KEY0, 23, "offered", 2);            /* c10 (EDT), c5 (EST) */
  CB(g.v[CCM_GRAIN_HOUR], TU_KEY0, 0, "handled", 2);             /* c10 00:20 EDT, c5 00:05 EST */
  CB(g.v[CCM_GRAIN_HOUR], TU_KEY0, 0, "short_abandoned", 1);     /* c6 */
  CB(g.v[CCM_GRAIN_HOUR], TU_KEY0, 10, "offered", 1);            /* c4 */
  /* dates: Saturday c10; Sunday (25 h) c3, c1, c2, c4, c5 */
  CB(g.v[CCM_GRAIN_DATE], TU_KEY0, OCT31, "offered", 1);
  CB(g.v[CCM_GRAIN_DATE], TU_KEY0, OCT31, "handled", 0);
  CB(g.v[CCM_GRAIN_DATE], TU_KEY0, NOV1, "offered", 5);
  CB(g.v[CCM_GRAIN_DATE], TU_KEY0, NOV1, "answered", 4);
  CB(g.v[CCM_GRAIN_DATE], TU_KEY0, NOV1, "abandoned", 1);
  CB(g.v[CCM_GRAIN_DATE], TU_KEY0, NOV1, "handled", 4);           /* c10, c3, c1, c4 */
  MB(g.v[CCM_GRAIN_DATE], TU_KEY0, NOV1, "asa", 30 * SEC);        /* (60 + 30 + 20 + 10) / 4 */
  MB(g.v[CCM_GRAIN_DATE], TU_KEY0, NOV1, "abandon_rate", 20);     /* 1 / 5 */
  CB(g.v[CCM_GRAIN_DATE], TU_KEY0, NOV2, "offered", 1);
  CB(g.v[CCM_GRAIN_DATE], TU_KEY0, NOV2, "handled", 1);           /* c5 */
  /* weeks: Monday 26 October to Monday 2 November */
  CB(g.v[CCM_GRAIN_WEEK], TU_KEY0, utc(2026, 10, 26, 4, 0), "offered", 6);
  CB(g.v[CCM_GRAIN_WEEK], TU_KEY0, NOV2, "offered", 1);
  CB(g.v[CCM_GRAIN_WEEK], TU_KEY0, NOV2, "handled", 1);
  /* months: c10 offered in October, handled in November */
  CB(g.v[CCM_GRAIN_MONTH], TU_KEY0, utc(2026, 10, 1, 4, 0), "offered", 1);
  CB(g.v[CCM_GRAIN_MONTH], TU_KEY0, utc(2026, 10, 1, 4, 0), "handled", 0);
  CB(g.v[CCM_GRAIN_MONTH], TU_KEY0, NOV1, "offered", 6);
  CB(g.v[CCM_GRAIN_MONTH], TU_KEY0, NOV1, "handled", 5);
  /* by day of week: Saturday 1, Sunday 5, Monday 1 */
  CB(g.v[CCM_GRAIN_DOW], TU_KEY0, 5, "offered", 1);
  CB(g.v[CCM_GRAIN_DOW], TU_KEY0, 6, "offered", 5);
  CB(g.v[CCM_GRAIN_DOW], TU_KEY0, 0, "offered", 1);

  /* the backlog at the date buckets' edges: Saturday 0 -> 1 (c10);
   * Sunday: c10 -1, c3 +1 -1, c1 +1 -1, c2 +1, c4 +1, c5 +1: 1 -> 3;
   * Monday: c5 -1, c6 +1 -1: 3 -> 2 */
  START(g.v[CCM_GRAIN_DATE], TU_KEY0, OCT31, "open_contacts", 0);
  END(g.v[CCM_GRAIN_DATE], TU_KEY0, OCT31, "open_contacts", 1);
  START(g.v[CCM_GRAIN_DATE], TU_KEY0, NOV1, "open_contacts", 1);
  END(g.v[CCM_GRAIN_DATE], TU_KEY0, NOV1, "open_contacts", 3);
  MB(g.v[CCM_GRAIN_DATE], TU_KEY0, NOV1, "backlog", 3);
  START(g.v[CCM_GRAIN_DATE], TU_KEY0, NOV2, "open_contacts", 3);
  END(g.v[CCM_GRAIN_DATE], TU_KEY0, NOV2, "open_contacts", 2);
  /* the same from the intervals of the 25-hour day */
  ck_assert_int_eq(ccm_measures_new(e, &m), CCM_OK);
  ck_assert_int_eq(ccm_rollup(g.v[CCM_GRAIN_INTERVAL], NULL, 0, NOV1, next_of(g.v[CCM_GRAIN_DATE], NOV1), m), CCM_OK);
  ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("offered"), CCM_FIELD_COUNT, &v), CCM_OK);
  ck_assert_int_eq(v, 5);
  ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("open_contacts"), CCM_FIELD_START, &v), CCM_OK);
  ck_assert_int_eq(v, 1);
  ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("open_contacts"), CCM_FIELD_END, &v), CCM_OK);
  ck_assert_int_eq(v, 3);
  ck_assert_int_eq(ccm_measures_metric(m, tu_metric_id("asa"), &d), CCM_OK);
  ck_assert_double_eq_tol(d, 30 * SEC, 1e-9);
  /* a rollup of the two 01:15 intervals only */
  ccm_measures_clear(m);
  ck_assert_int_eq(ccm_rollup(g.v[CCM_GRAIN_INTERVAL], NULL, 0, Z(5, 15), Z(5, 30), m), CCM_OK);
  ck_assert_int_eq(ccm_rollup(g.v[CCM_GRAIN_INTERVAL], NULL, 0, Z(6, 15), Z(6, 30), m), CCM_OK);
  ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("offered"), CCM_FIELD_COUNT, &v), CCM_OK);
  ck_assert_int_eq(v, 2);
  ccm_measures_free(m);
  /* a cursor over the intervals: two cells read 01:15 local */
  ck_assert_int_eq(ccm_cursor_new(g.v[CCM_GRAIN_INTERVAL], &c), CCM_OK);
  while (ccm_cursor_next(c) == CCM_OK) {
    uint32_t key[CCM_VIEW_DIMS];
    int64_t b = 0, n = 0;
    ck_assert_int_eq(ccm_cursor_key(c, key, CCM_VIEW_DIMS, &b), CCM_OK);
    ck_assert_int_eq(ccm_cursor_measure(c, tu_measure_id("offered"), CCM_FIELD_COUNT, &n), CCM_OK);
    if (b >= NOV1 && b < NOV2) offered += n;
    if (local_of(e, b) == utc(2026, 11, 1, 1, 15)) ++at_0115;
  }
  ccm_cursor_free(c);
  ck_assert_int_eq(offered, 5);
  ck_assert_int_eq(at_0115, 2);
  /* agents by interval: ann's answer of c1 in the first 01:45 */
  CB(ai, AGENT(id.ann), Z(5, 45), "answered", 1);
  CB(ai, AGENT(id.ann), Z(6, 0), "handled", 1);
  CB(ai, AGENT(id.bob), Z(5, 15), "answered", 1);
  ccm_engine_free(e);
}
END_TEST

/* Agent-state spans split exactly at local bucket boundaries. */
START_TEST(test_agent_state_split_at_changes) {
  ccm_engine *e = ENGINE(.tz = US), *e120 = ENGINE(.tz = US, .interval = 2 * HOUR);
  tu_ids id, id2;
  ccm_view *ai, *ah, *ad, *aw, *am, *ai120;
  tu_intern_ids(e, &id);
  tu_intern_ids(e120, &id2);
  ai = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL);
  ah = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_HOUR);
  ad = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_DATE);
  aw = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_WEEK);
  am = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_MONTH);
  ai120 = tu_view(e120, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL);

  /* ann: available 01:40 EDT (05:40Z) to 01:20 EST (06:20Z), 40 real
   * minutes; not ready to 01:30 EST; then logged out */
  TU_OK(e, CCM_EV_AGENT_STATE, Z(5, 40), 0, .agent = id.ann, .label = CCM_STATE_AVAILABLE);
  TU_OK(e, CCM_EV_AGENT_STATE, Z(6, 20), 0, .agent = id.ann, .label = CCM_STATE_NOT_READY);
  TU_OK(e, CCM_EV_AGENT_STATE, Z(6, 30), 0, .agent = id.ann, .label = CCM_STATE_LOGGED_OUT);
  /* bob: available Saturday 23:30 EDT to Sunday 00:30 EDT */
  TU_OK(e, CCM_EV_AGENT_STATE, utc(2026, 11, 1, 3, 30), 0, .agent = id.bob, .label = CCM_STATE_AVAILABLE);
  TU_OK(e, CCM_EV_AGENT_STATE, Z(4, 30), 0, .agent = id.bob, .label = CCM_STATE_LOGGED_OUT);
  /* cat: available over the spring-forward, 01:50 EST to 03:10 EDT: 20 min */
  TU_OK(e, CCM_EV_AGENT_STATE, utc(2026, 3, 8, 6, 50), 0, .agent = id.cat, .label = CCM_STATE_AVAILABLE);
  TU_OK(e, CCM_EV_AGENT_STATE, utc(2026, 3, 8, 7, 10), 0, .agent = id.cat, .label = CCM_STATE_LOGGED_OUT);

  /* ann: 5 min in the first 01:30, 15 in the first 01:45, 15 in the second
   * 01:00, 5 + 10 not ready in the second 01:15 */
  CB(ai, AGENT(id.ann), Z(5, 30), "available_time", 5 * MIN);
  CB(ai, AGENT(id.ann), Z(5, 45), "available_time", 15 * MIN);
  CB(ai, AGENT(id.ann), Z(6, 0), "available_time", 15 * MIN);
  CB(ai, AGENT(id.ann), Z(6, 15), "available_time", 5 * MIN);
  CB(ai, AGENT(id.ann), Z(6, 15), "not_ready_time", 10 * MIN);
  CB(ai, AGENT(id.ann), Z(6, 15), "logged_in_time", 15 * MIN);
  CB(ai, AGENT(id.ann), Z(5, 15), "available_time", 0);
  CB(ah, AGENT(id.ann), 1, "available_time", 40 * MIN);
  CB(ah, AGENT(id.ann), 1, "logged_in_time", 50 * MIN);
  CB(ah, AGENT(id.ann), 2, "logged_in_time", 0);
  CB(ad, AGENT(id.ann), NOV1, "logged_in_time", 50 * MIN);
  /* bob over local midnight: 30 min on Saturday (and October), 30 on Sunday */
  CB(ad, AGENT(id.bob), OCT31, "available_time", 30 * MIN);
  CB(ad, AGENT(id.bob), NOV1, "available_time", 30 * MIN);
  CB(am, AGENT(id.bob), utc(2026, 10, 1, 4, 0), "available_time", 30 * MIN);
  CB(am, AGENT(id.bob), NOV1, "available_time", 30 * MIN);
  CB(aw, AGENT(id.bob), utc(2026, 10, 26, 4, 0), "available_time", 60 * MIN);
  CB(ah, AGENT(id.bob), 23, "available_time", 30 * MIN);
  CB(ah, AGENT(id.bob), 0, "available_time", 30 * MIN);
  CB(ai, AGENT(id.bob), utc(2026, 11, 1, 3, 30), "available_time", 15 * MIN);
  CB(ai, AGENT(id.bob), Z(4, 15), "available_time", 15 * MIN);
  /* cat: 10 min in 01:45 EST, 10 min in 03:00 EDT; hour 02 gets nothing */
  CB(ai, AGENT(id.cat), utc(2026, 3, 8, 6, 45), "available_time", 10 * MIN);
  CB(ai, AGENT(id.cat), utc(2026, 3, 8, 7, 0), "available_time", 10 * MIN);
  CB(ah, AGENT(id.cat), 1, "available_time", 10 * MIN);
  CB(ah, AGENT(id.cat), 3, "available_time", 10 * MIN);
  CB(ad, AGENT(id.cat), utc(2026, 3, 8, 5, 0), "available_time", 20 * MIN);

  /* 120-minute intervals: available 01:00 EDT (05:00Z) to 02:30 EST
   * (07:30Z): 2 h in [00, 02) (04:00Z-07:00Z), 30 min in [02, 04) */
  TU_OK(e120, CCM_EV_AGENT_STATE, Z(5, 0), 0, .agent = id2.ann, .label = CCM_STATE_AVAILABLE);
  TU_OK(e120, CCM_EV_AGENT_STATE, Z(7, 30), 0, .agent = id2.ann, .label = CCM_STATE_LOGGED_OUT);
  CB(ai120, AGENT(id2.ann), NOV1, "available_time", 2 * HOUR);
  CB(ai120, AGENT(id2.ann), Z(7, 0), "available_time", 30 * MIN);
  ck_assert_int_eq(next_of(ai120, NOV1), Z(7, 0));
  ccm_engine_free(e);
  ccm_engine_free(e120);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 4. Calendars and business time
 *
 * December 2026: Tuesday 1, Friday 4, Saturday 5, Sunday 6, Monday 7,
 * Thursday 24, Friday 25 (a holiday below), Monday 28. */

#define D(d_, h_, m_) utc(2026, 12, (d_), (h_), (m_))

static ccm_calendar *calendar_new(void) {
  ccm_calendar *cal = NULL;
  ck_assert_int_eq(ccm_calendar_new(NULL, &cal), CCM_OK);
  ck_assert_ptr_nonnull(cal);
  return cal;
}

/* Monday to Friday 09:00-17:00. */
static ccm_calendar *office_hours(void) {
  ccm_calendar *cal = calendar_new();
  int32_t dow;
  for (dow = 0; dow < 5; ++dow) ck_assert_int_eq(ccm_calendar_add_hours(cal, dow, 9 * 60, 17 * 60), CCM_OK);
  return cal;
}

/* Every day 00:00-04:00 local (or another span). */
static ccm_calendar *daily(int32_t open, int32_t close) {
  ccm_calendar *cal = calendar_new();
  int32_t dow;
  for (dow = 0; dow < 7; ++dow) ck_assert_int_eq(ccm_calendar_add_hours(cal, dow, open, close), CCM_OK);
  return cal;
}

static int64_t business(const ccm_engine *e, int64_t from, int64_t to) {
  int64_t ms = -1;
  int32_t rc = ccm_engine_business_time(e, from, to, &ms);
  TU_CHECK(rc == CCM_OK, "ccm_engine_business_time returned %d", (int)rc);
  return ms;
}

#define BT(e_, from_, to_, expected_)                                                                         \
  do {                                                                                                        \
    int64_t got_ = business((e_), (from_), (to_));                                                            \
    ck_assert_msg(got_ == (expected_), "line %d: business time %lld ms (%.3f h), expected %lld ms (%.3f h)", \
                  __LINE__, (long long)got_, (double)got_ / HOUR, (long long)(expected_),                    \
                  (double)(expected_) / HOUR);                                                                \
  } while (0)

START_TEST(test_calendar_hours_and_holidays) {
  ccm_calendar *cal = calendar_new();
  ccm_engine *e;
  ccm_allocator bad = {0};
  ccm_calendar *none = NULL;
  int32_t k;
  /* bad arguments */
  ck_assert_int_eq(ccm_calendar_new(NULL, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_calendar_new(&bad, &none), CCM_E_INVALID_ARG);
  ck_assert_ptr_null(none);
  ccm_calendar_free(NULL);
  ck_assert_int_eq(ccm_calendar_add_hours(NULL, 0, 0, 60), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 7, 540, 1020), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, -1, 540, 1020), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 0, -1, 60), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 0, 1440, 1440), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 0, 600, 600), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 0, 600, 599), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 0, 0, 1441), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_holiday(NULL, 2026, 12, 25), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2026, 2, 29), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2026, 4, 31), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2026, 13, 1), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2026, 0, 1), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2026, 1, 0), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 0, 1, 1), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 10000, 1, 1), CCM_E_RANGE);
  /* Monday: 09:00-12:00, 11:00-13:00 and 13:00-14:00 merge to 5 h */
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 0, 9 * 60, 12 * 60), CCM_OK);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 0, 11 * 60, 13 * 60), CCM_OK);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 0, 13 * 60, 14 * 60), CCM_OK);
  /* Tuesday: 16 separate half hours [k h, k h + 30 min), k = 0 .. 15 */
  for (k = 0; k < 16; ++k) ck_assert_int_eq(ccm_calendar_add_hours(cal, 1, k * 60, k * 60 + 30), CCM_OK);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 1, 16 * 60, 16 * 60 + 30), CCM_E_LIMIT);
  /* 00:30-01:00 touches two spans: they merge to [00:00, 01:30), 14 spans */
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 1, 30, 60), CCM_OK);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 1, 16 * 60, 16 * 60 + 30), CCM_OK); /* now there is room */
  /* Sunday: the whole day, 24:00 closing at midnight */
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 6, 0, 1440), CCM_OK);
  /* holidays: Monday 7 December (twice: a repeat is harmless), a leap day */
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2026, 12, 7), CCM_OK);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2026, 12, 7), CCM_OK);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2028, 2, 29), CCM_OK);
  e = ENGINE(.cal = cal);
  ccm_calendar_free(cal);
  BT(e, utc(2026, 11, 30, 0, 0), D(1, 0, 0), 5 * HOUR);         /* Monday 30 November */
  BT(e, D(1, 0, 0), D(2, 0, 0), 9 * HOUR);                      /* Tuesday: 17 x 30 min + 30 min */
  BT(e, D(2, 0, 0), D(3, 0, 0), 0);                             /* Wednesday: closed */
  BT(e, D(6, 0, 0), D(7, 0, 0), 24 * HOUR);                     /* Sunday */
  BT(e, D(7, 0, 0), D(8, 0, 0), 0);                             /* the holiday */
  BT(e, utc(2026, 11, 30, 0, 0), D(7, 0, 0), 38 * HOUR);        /* the week */
  BT(e, D(1, 1, 0), D(1, 1, 45), 30 * MIN);                     /* 01:00-01:30 of the merged span */
  BT(e, utc(2028, 2, 29, 0, 0), utc(2028, 3, 1, 0, 0), 0);      /* Tuesday 29 February 2028 */
  BT(e, utc(2028, 2, 22, 0, 0), utc(2028, 2, 23, 0, 0), 9 * HOUR);
  ccm_engine_free(e);
  /* an empty calendar is never open */
  cal = calendar_new();
  e = ENGINE(.cal = cal);
  BT(e, utc(2026, 11, 30, 0, 0), D(7, 0, 0), 0);
  ccm_engine_free(e);
  ccm_calendar_free(cal);
}
END_TEST

/* The configuration holds a copy: later changes and freeing the calendar do
 * not reach it. */
START_TEST(test_calendar_copied) {
  ccm_config *cfg = NULL;
  ccm_calendar *cal = office_hours();
  ccm_engine *e;
  int64_t ms = -1;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set_calendar(NULL, cal), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_config_set_calendar(cfg, cal), CCM_OK);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 5, 0, 1440), CCM_OK); /* Saturday, after the copy */
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2026, 12, 25), CCM_OK);
  ccm_calendar_free(cal);
  e = tu_engine(cfg);
  BT(e, D(5, 0, 0), D(6, 0, 0), 0);          /* Saturday closed */
  BT(e, D(25, 0, 0), D(26, 0, 0), 8 * HOUR); /* no holiday */
  ccm_engine_free(e);
  /* a second engine from the same configuration */
  e = tu_engine(cfg);
  BT(e, utc(2026, 11, 30, 0, 0), D(7, 0, 0), 40 * HOUR);
  ccm_engine_free(e);
  /* NULL removes it: no business time */
  ck_assert_int_eq(ccm_config_set_calendar(cfg, NULL), CCM_OK);
  e = tu_engine(cfg);
  ck_assert_int_eq(ccm_engine_business_time(e, D(1, 0, 0), D(2, 0, 0), &ms), CCM_UNDEFINED);
  ck_assert_int_eq(ms, 0);
  ck_assert_int_eq(ccm_engine_business_time(NULL, D(1, 0, 0), D(2, 0, 0), &ms), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_business_time(e, D(1, 0, 0), D(2, 0, 0), NULL), CCM_E_INVALID_ARG);
  ccm_engine_free(e);
  ccm_config_free(cfg);
}
END_TEST

/* An engine with the calendar parsed from a text. */
static ccm_engine *engine_with_text(const char *text) {
  ccm_calendar *cal = calendar_new();
  ccm_engine *e;
  size_t line = 99;
  int32_t rc = ccm_calendar_parse(cal, text, strlen(text), &line);
  ck_assert_msg(rc == CCM_OK, "parse: %d at line %zu", (int)rc, line);
  e = ENGINE(.cal = cal);
  ccm_calendar_free(cal);
  return e;
}

START_TEST(test_calendar_parse) {
  static const char good[] = "# office hours\n"
                             "mon 09:00-17:00\n"
                             "tue 09:00-12:00 13:00-17:00   # lunch\n"
                             "\n"
                             "thu 10:00-11:00\n"
                             "fri 09:00-17:00\n"
                             "sat 20:00-24:00\n"
                             "holiday 2026-12-25\n"
                             "holiday 2026-12-31";
  ccm_engine *e = engine_with_text(good);
  ccm_calendar *cal;
  size_t line = 99;
  BT(e, utc(2026, 11, 30, 0, 0), D(1, 0, 0), 8 * HOUR); /* Monday */
  BT(e, D(1, 0, 0), D(2, 0, 0), 7 * HOUR);              /* Tuesday 3 + 4 */
  BT(e, D(2, 0, 0), D(3, 0, 0), 0);                     /* Wednesday */
  BT(e, D(5, 0, 0), D(6, 0, 0), 4 * HOUR);              /* Saturday to midnight */
  BT(e, D(18, 0, 0), D(19, 0, 0), 8 * HOUR);            /* Friday 18 */
  BT(e, D(25, 0, 0), D(26, 0, 0), 0);                   /* Friday 25: holiday */
  BT(e, D(24, 0, 0), D(25, 0, 0), HOUR);                /* Thursday 24 */
  BT(e, D(31, 0, 0), utc(2027, 1, 1, 0, 0), 0);         /* Thursday 31: holiday */
  ccm_engine_free(e);
  /* the text need not be NUL-terminated: only len bytes are read */
  cal = calendar_new();
  ck_assert_int_eq(ccm_calendar_parse(cal, "sun 10:00-12:00XYZ", 15, &line), CCM_OK);
  ck_assert_int_eq(ccm_calendar_parse(cal, "sun 10:00-12:00", 15, NULL), CCM_OK); /* again: merges */
  e = ENGINE(.cal = cal);
  BT(e, D(6, 0, 0), D(7, 0, 0), 2 * HOUR);
  ccm_engine_free(e);
  ck_assert_int_eq(ccm_calendar_parse(NULL, "mon 09:00-10:00", 15, &line), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_calendar_parse(cal, NULL, 5, &line), CCM_E_INVALID_ARG);
  ccm_calendar_free(cal);
}
END_TEST

START_TEST(test_calendar_parse_errors) {
  static const struct {
    const char *text;
    int32_t rc;
    size_t line;
  } bad[] = {
      {"wed 09:00-17:00\nfoo 09:00-10:00\n", CCM_E_PARSE, 2},
      {"wed 09:00-17:00\nholiday 2026-12-07\nmon 25:00-26:00\n", CCM_E_RANGE, 3},
      {"tue 17:00-09:00", CCM_E_RANGE, 1},
      {"holiday 2026-02-30", CCM_E_RANGE, 1},
      {"holiday 2026-13-01", CCM_E_RANGE, 1},
      {"\n\n# a comment\nmon 9-17", CCM_E_PARSE, 4},
      {"wed 09:00-10:00\nholiday", CCM_E_PARSE, 2},
      {"mon 09:00-17:00 junk", CCM_E_PARSE, 1},
      {"holiday 26-12-25", CCM_E_PARSE, 1},
      {"mon 09:00-1700", CCM_E_PARSE, 1},
      {"tue 09:00-17:00 # x\nholiday 2026-12-07\nsunday 10:00-11:00", CCM_E_PARSE, 3},
      {"wed 09:00-10:00\nthu 00:00-00:01 00:02-00:03 00:04-00:05 00:06-00:07 00:08-00:09 00:10-00:11 00:12-00:13 "
       "00:14-00:15 00:16-00:17 00:18-00:19 00:20-00:21 00:22-00:23 00:24-00:25 00:26-00:27 00:28-00:29 "
       "00:30-00:31 00:32-00:33\n",
       CCM_E_LIMIT, 2},
  };
  ccm_calendar *cal = calendar_new();
  ccm_engine *e;
  size_t i, line = 0;
  int32_t k;
  ck_assert_int_eq(ccm_calendar_parse(cal, "mon 09:00-17:00\n", 16, &line), CCM_OK);
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    int32_t rc;
    line = 0;
    rc = ccm_calendar_parse(cal, bad[i].text, strlen(bad[i].text), &line);
    ck_assert_msg(rc == bad[i].rc && line == bad[i].line, "text %zu: %d (%s) at line %zu, expected %d at line %zu",
                  i, (int)rc, ccm_error_name(rc), line, (int)bad[i].rc, bad[i].line);
    /* the error line is optional */
    ck_assert_int_eq(ccm_calendar_parse(cal, bad[i].text, strlen(bad[i].text), NULL), bad[i].rc);
  }
  /* a day full of spans: the text's one more span is over the limit */
  for (k = 0; k < 16; ++k) ck_assert_int_eq(ccm_calendar_add_hours(cal, 4, k * 60, k * 60 + 30), CCM_OK);
  line = 0;
  ck_assert_int_eq(ccm_calendar_parse(cal, "sat 10:00-11:00\nfri 20:00-21:00", 31, &line), CCM_E_LIMIT);
  ck_assert_int_eq(line, 2);
  /* nothing of the failed texts was added: Monday only, plus Friday's 16
   * half hours, no holiday on Monday 7 December, nothing on Saturday */
  e = ENGINE(.cal = cal);
  BT(e, utc(2026, 11, 30, 0, 0), D(7, 0, 0), 8 * HOUR + 8 * HOUR);
  BT(e, D(7, 0, 0), D(8, 0, 0), 8 * HOUR);
  ccm_engine_free(e);
  ccm_calendar_free(cal);
}
END_TEST

/* Allocation failure while parsing holidays: CCM_E_NOMEM, nothing added. */
START_TEST(test_calendar_parse_nomem) {
  static const char text[] = "holiday 2026-12-24\nholiday 2026-12-25\nholiday 2026-12-28\nholiday 2026-12-29\n"
                             "holiday 2026-12-30\nholiday 2026-12-31\nholiday 2027-01-01\nholiday 2027-01-04\n"
                             "holiday 2027-01-05\nmon 09:00-17:00\n";
  tu_alloc a;
  ccm_calendar *cal = NULL;
  ccm_engine *e;
  long n, failures = 0;
  tu_alloc_init(&a);
  ck_assert_int_eq(ccm_calendar_new(&a.hooks, &cal), CCM_OK);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 3, 9 * 60, 17 * 60), CCM_OK); /* Thursday */
  for (n = 1; n < 1000; ++n) {
    int32_t rc;
    tu_alloc_arm(&a, n);
    rc = ccm_calendar_parse(cal, text, sizeof text - 1, NULL);
    tu_alloc_disarm(&a);
    if (rc == CCM_E_NOMEM) {
      ++failures;
      e = ENGINE(.cal = cal);
      BT(e, D(24, 0, 0), D(25, 0, 0), 8 * HOUR); /* Thursday 24: not a holiday yet */
      BT(e, D(28, 0, 0), D(29, 0, 0), 0);        /* Monday: no hours yet */
      ccm_engine_free(e);
      continue;
    }
    ck_assert_int_eq(rc, CCM_OK);
    if (a.injected == 0) break;
  }
  ck_assert_int_lt(n, 1000);
  ck_assert_int_ge(failures, 1);
  e = ENGINE(.cal = cal);
  BT(e, D(24, 0, 0), D(25, 0, 0), 0);
  BT(e, D(21, 0, 0), D(22, 0, 0), 8 * HOUR); /* Monday 21 */
  BT(e, D(28, 0, 0), D(29, 0, 0), 0);
  ccm_engine_free(e);
  ccm_calendar_free(cal);
  ck_assert_int_eq(a.outstanding, 0);
  ck_assert_int_eq(a.bad_frees, 0);
}
END_TEST

START_TEST(test_business_time_utc) {
  ccm_calendar *cal = office_hours();
  ccm_engine *e;
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2026, 12, 25), CCM_OK);
  e = ENGINE(.cal = cal);
  ccm_calendar_free(cal);
  BT(e, D(1, 10, 0), D(1, 12, 30), 2 * HOUR + 30 * MIN);   /* within a day */
  BT(e, D(1, 7, 0), D(1, 10, 0), HOUR);                     /* from before opening */
  BT(e, D(1, 16, 0), D(2, 10, 0), 2 * HOUR);                /* overnight: 16-17 and 09-10 */
  BT(e, D(4, 16, 0), D(7, 10, 0), 2 * HOUR);                /* over the weekend */
  BT(e, D(24, 16, 0), D(28, 10, 0), 2 * HOUR);              /* over the holiday Friday 25 */
  BT(e, utc(2026, 11, 30, 0, 0), D(7, 0, 0), 40 * HOUR);    /* a whole week */
  BT(e, D(1, 17, 0) - 1, D(1, 17, 0) + 1, 1);               /* to the ms */
  BT(e, D(1, 12, 0), D(1, 12, 0), 0);                       /* empty */
  BT(e, D(2, 12, 0), D(1, 12, 0), 0);                       /* reversed */
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_business_time_local_and_dst) {
  ccm_calendar *night = daily(0, 4 * 60), *two = daily(2 * 60, 3 * 60), *office = office_hours();
  ccm_engine *us, *eu, *uso;
  ck_assert_int_eq(ccm_calendar_add_holiday(office, 2026, 12, 25), CCM_OK);
  us = ENGINE(.tz = US, .cal = night);
  eu = ENGINE(.tz = EU, .cal = two);
  uso = ENGINE(.tz = US, .cal = office);
  ccm_calendar_free(night);
  ccm_calendar_free(two);
  ccm_calendar_free(office);
  /* open 00:00-04:00 local: the fall-back day has 5 h, spring-forward 3 h */
  BT(us, NOV1, NOV2, 5 * HOUR);
  BT(us, utc(2026, 3, 8, 5, 0), utc(2026, 3, 9, 4, 0), 3 * HOUR);
  BT(us, NOV2, utc(2026, 11, 3, 5, 0), 4 * HOUR);
  BT(us, Z(5, 30), Z(6, 30), HOUR); /* 01:30 EDT to 01:30 EST */
  BT(us, Z(8, 30), Z(9, 30), 30 * MIN); /* 03:30-04:30 EST */
  /* open 02:00-03:00 local: twice on 25 October, never on 29 March */
  BT(eu, utc(2026, 10, 24, 22, 0), utc(2026, 10, 25, 23, 0), 2 * HOUR);
  BT(eu, utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 22, 0), 0);
  BT(eu, utc(2026, 3, 29, 22, 0), utc(2026, 3, 30, 22, 0), HOUR);
  /* office hours are local: 14:00-22:00Z in winter, 13:00-21:00Z in summer */
  BT(uso, D(1, 13, 0), D(1, 15, 0), HOUR);
  BT(uso, utc(2026, 7, 7, 12, 0), utc(2026, 7, 7, 14, 0), HOUR); /* Tuesday 7 July */
  BT(uso, utc(2026, 7, 7, 20, 30), utc(2026, 7, 7, 22, 0), 30 * MIN);
  /* the holiday is a local date */
  BT(uso, D(25, 5, 0), D(26, 5, 0), 0);
  BT(uso, D(24, 5, 0), D(25, 5, 0), 8 * HOUR);
  ccm_engine_free(us);
  ccm_engine_free(eu);
  ccm_engine_free(uso);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Business-hours metrics
 *
 * Calendar Monday to Friday 09:00-17:00 (UTC engine):
 * e1, an email: starts Friday 4 December 16:00 (customer message, queued),
 *   answered by ann 16:30, first agent message Monday 7 09:30, resolved
 *   10:00.  agent FRT 65 h (bh: 16:30-17:00 + 09:00-09:30 = 1 h); first
 *   reply and response 65.5 h (bh 1.5 h); resolution 66 h (bh 2 h).
 * c2, a chat on Tuesday 8 10:00, answered by bob 10:01, agent 10:02,
 *   customer 10:05, agent 10:06, resolved 10:10: agent FRT 1 min, first
 *   reply 2 min, responses 2 and 1 min, resolution 10 min, all in hours.
 * e3, an email on Saturday 5 10:00, answered by ann 10:05, agent message
 *   11:00, resolved 12:00: 55 min, 60, 60, 120 min; all 0 in business time
 *   (and counted).
 */
static void digital_contacts(ccm_engine *e, const tu_ids *id) {
  TU_OK(e, CCM_EV_CONTACT_START, D(4, 16, 0), 1, EMAIL_IN, .skill = id->support);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, D(4, 16, 0), 1);
  TU_OK(e, CCM_EV_QUEUE_ENTER, D(4, 16, 0), 1, .skill = id->support);
  TU_OK(e, CCM_EV_ANSWER, D(4, 16, 30), 1, .agent = id->ann);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, D(7, 9, 30), 1);
  TU_OK(e, CCM_EV_RESOLVE, D(7, 10, 0), 1);
  TU_OK(e, CCM_EV_AGENT_END, D(7, 10, 0), 1);
  TU_OK(e, CCM_EV_CONTACT_END, D(7, 10, 0), 1);

  TU_OK(e, CCM_EV_CONTACT_START, D(8, 10, 0), 2, CHAT_IN, .skill = id->support);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, D(8, 10, 0), 2);
  TU_OK(e, CCM_EV_QUEUE_ENTER, D(8, 10, 0), 2, .skill = id->support);
  TU_OK(e, CCM_EV_ANSWER, D(8, 10, 1), 2, .agent = id->bob);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, D(8, 10, 2), 2);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, D(8, 10, 5), 2);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, D(8, 10, 6), 2);
  TU_OK(e, CCM_EV_RESOLVE, D(8, 10, 10), 2);
  TU_OK(e, CCM_EV_AGENT_END, D(8, 10, 10), 2);
  TU_OK(e, CCM_EV_CONTACT_END, D(8, 10, 10), 2);

  TU_OK(e, CCM_EV_CONTACT_START, D(5, 10, 0), 3, EMAIL_IN, .skill = id->support);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, D(5, 10, 0), 3);
  TU_OK(e, CCM_EV_QUEUE_ENTER, D(5, 10, 0), 3, .skill = id->support);
  TU_OK(e, CCM_EV_ANSWER, D(5, 10, 5), 3, .agent = id->ann);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, D(5, 11, 0), 3);
  TU_OK(e, CCM_EV_RESOLVE, D(5, 12, 0), 3);
  TU_OK(e, CCM_EV_AGENT_END, D(5, 12, 0), 3);
  TU_OK(e, CCM_EV_CONTACT_END, D(5, 12, 0), 3);
}

/* The calendar-time averages of digital_contacts (unchanged by a calendar). */
static void check_calendar_twins(const ccm_view *company) {
  TU_METRIC(company, TU_KEY0, 0, "avg_agent_frt", (65.0 * 60 + 1 + 55) / 3 * MIN);
  TU_METRIC(company, TU_KEY0, 0, "first_reply_time", (65.5 * 60 + 2 + 60) / 3 * MIN);
  TU_METRIC(company, TU_KEY0, 0, "avg_response_time", (65.5 * 60 + 2 + 1 + 60) / 4 * MIN);
  TU_METRIC(company, TU_KEY0, 0, "avg_resolution_time", (66.0 * 60 + 10 + 120) / 3 * MIN);
}

START_TEST(test_bh_metrics) {
  ccm_calendar *cal = office_hours();
  ccm_engine *e = ENGINE(.cal = cal);
  tu_ids id;
  ccm_view *company, *agent, *date;
  ccm_calendar_free(cal);
  tu_intern_ids(e, &id);
  company = tu_view(e, 0, CCM_GRAIN_NONE);
  agent = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  date = tu_view(e, 0, CCM_GRAIN_DATE);
  digital_contacts(e, &id);
  check_calendar_twins(company);
  TU_METRIC(company, TU_KEY0, 0, "avg_agent_frt_bh", (60.0 + 1 + 0) / 3 * MIN);
  TU_METRIC(company, TU_KEY0, 0, "first_reply_time_bh", (90.0 + 2 + 0) / 3 * MIN);
  TU_METRIC(company, TU_KEY0, 0, "avg_response_time_bh", (90.0 + 2 + 1 + 0) / 4 * MIN);
  TU_METRIC(company, TU_KEY0, 0, "avg_resolution_time_bh", (120.0 + 10 + 0) / 3 * MIN);
  TU_FIELD(company, TU_KEY0, 0, "agent_frt_bh", CCM_FIELD_COUNT, 3);
  TU_FIELD(company, TU_KEY0, 0, "agent_frt_bh", CCM_FIELD_SUM, 61 * MIN);
  TU_FIELD(company, TU_KEY0, 0, "agent_frt_bh", CCM_FIELD_MIN, 0);
  TU_FIELD(company, TU_KEY0, 0, "agent_frt_bh", CCM_FIELD_MAX, 60 * MIN);
  TU_FIELD(company, TU_KEY0, 0, "response_time_bh", CCM_FIELD_COUNT, 4);
  TU_FIELD(company, TU_KEY0, 0, "first_reply_time_bh", CCM_FIELD_COUNT, 3);
  TU_FIELD(company, TU_KEY0, 0, "resolution_time_bh", CCM_FIELD_SUM, 130 * MIN);
  /* per agent: ann has e1 and e3, bob c2 */
  TU_METRIC(agent, AGENT(id.ann), 0, "avg_agent_frt_bh", 30 * MIN);
  TU_METRIC(agent, AGENT(id.bob), 0, "avg_agent_frt_bh", 1 * MIN);
  TU_METRIC(agent, AGENT(id.ann), 0, "avg_response_time_bh", 45 * MIN);
  TU_METRIC(agent, AGENT(id.bob), 0, "avg_response_time_bh", 1.5 * MIN);
  TU_METRIC(agent, AGENT(id.ann), 0, "avg_resolution_time_bh", 60 * MIN);
  TU_METRIC(agent, AGENT(id.bob), 0, "avg_resolution_time_bh", 10 * MIN);
  TU_METRIC(agent, AGENT(id.ann), 0, "first_reply_time_bh", 45 * MIN);
  /* credited at the completing event's bucket, like their twins */
  TU_METRIC(date, TU_KEY0, D(7, 0, 0), "avg_resolution_time_bh", 120 * MIN);
  TU_METRIC(date, TU_KEY0, D(7, 0, 0), "avg_resolution_time", 66 * HOUR);
  TU_METRIC(date, TU_KEY0, D(5, 0, 0), "avg_resolution_time_bh", 0);
  TU_METRIC(date, TU_KEY0, D(8, 0, 0), "avg_resolution_time_bh", 10 * MIN);
  TU_UNDEF(date, TU_KEY0, D(4, 0, 0), "avg_resolution_time_bh");
  ccm_engine_free(e);
}
END_TEST

/* A holiday on Monday 7 December leaves e1 only its Friday half hours. */
START_TEST(test_bh_metrics_holiday) {
  ccm_calendar *cal = office_hours();
  ccm_engine *e;
  tu_ids id;
  ccm_view *date;
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2026, 12, 7), CCM_OK);
  e = ENGINE(.cal = cal);
  ccm_calendar_free(cal);
  tu_intern_ids(e, &id);
  date = tu_view(e, 0, CCM_GRAIN_DATE);
  digital_contacts(e, &id);
  /* e1 alone in Monday's bucket: FRT 16:30-17:00, first reply and
   * resolution 16:00-17:00 */
  TU_METRIC(date, TU_KEY0, D(7, 0, 0), "avg_agent_frt_bh", 30 * MIN);
  TU_METRIC(date, TU_KEY0, D(7, 0, 0), "first_reply_time_bh", 60 * MIN);
  TU_METRIC(date, TU_KEY0, D(7, 0, 0), "avg_response_time_bh", 60 * MIN);
  TU_METRIC(date, TU_KEY0, D(7, 0, 0), "avg_resolution_time_bh", 60 * MIN);
  TU_METRIC(date, TU_KEY0, D(7, 0, 0), "avg_agent_frt", 65 * HOUR);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_bh_metrics_without_calendar) {
  ccm_engine *e = ENGINE(.tz = NULL);
  tu_ids id;
  ccm_view *company;
  int64_t ms = -1;
  tu_intern_ids(e, &id);
  company = tu_view(e, 0, CCM_GRAIN_NONE);
  digital_contacts(e, &id);
  check_calendar_twins(company);
  TU_UNDEF(company, TU_KEY0, 0, "avg_agent_frt_bh");
  TU_UNDEF(company, TU_KEY0, 0, "first_reply_time_bh");
  TU_UNDEF(company, TU_KEY0, 0, "avg_response_time_bh");
  TU_UNDEF(company, TU_KEY0, 0, "avg_resolution_time_bh");
  TU_FIELD(company, TU_KEY0, 0, "agent_frt_bh", CCM_FIELD_COUNT, 0);
  TU_FIELD(company, TU_KEY0, 0, "resolution_time_bh", CCM_FIELD_COUNT, 0);
  TU_FIELD(company, TU_KEY0, 0, "agent_frt", CCM_FIELD_COUNT, 3);
  ck_assert_int_eq(ccm_engine_business_time(e, D(1, 0, 0), D(2, 0, 0), &ms), CCM_UNDEFINED);
  ck_assert_int_eq(ms, 0);
  ccm_engine_free(e);
}
END_TEST

/* A chat over the fall-back day in US Eastern, open 00:00-04:00 every day:
 * started and answered Sunday 00:00 EDT, replied and resolved Monday 00:00
 * EST: 25 h of calendar time, 5 h of business time. */
START_TEST(test_bh_metrics_dst) {
  ccm_calendar *cal = daily(0, 4 * 60);
  ccm_engine *e = ENGINE(.tz = US, .cal = cal);
  tu_ids id;
  ccm_view *company, *date;
  ccm_calendar_free(cal);
  tu_intern_ids(e, &id);
  company = tu_view(e, 0, CCM_GRAIN_NONE);
  date = tu_view(e, 0, CCM_GRAIN_DATE);
  TU_OK(e, CCM_EV_CONTACT_START, NOV1, 1, CHAT_IN, .skill = id.support);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, NOV1, 1);
  TU_OK(e, CCM_EV_QUEUE_ENTER, NOV1, 1, .skill = id.support);
  TU_OK(e, CCM_EV_ANSWER, NOV1, 1, .agent = id.ann);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, NOV2, 1);
  TU_OK(e, CCM_EV_RESOLVE, NOV2, 1);
  TU_METRIC(company, TU_KEY0, 0, "avg_agent_frt", 25 * HOUR);
  TU_METRIC(company, TU_KEY0, 0, "avg_agent_frt_bh", 5 * HOUR);
  TU_METRIC(company, TU_KEY0, 0, "first_reply_time_bh", 5 * HOUR);
  TU_METRIC(company, TU_KEY0, 0, "avg_response_time_bh", 5 * HOUR);
  TU_METRIC(company, TU_KEY0, 0, "avg_resolution_time", 25 * HOUR);
  TU_METRIC(company, TU_KEY0, 0, "avg_resolution_time_bh", 5 * HOUR);
  TU_METRIC(date, TU_KEY0, NOV2, "avg_resolution_time_bh", 5 * HOUR);
  ccm_engine_free(e);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 5. Quantile sketches
 *
 * SK_N calls (UTC, from Monday 5 January 2026 08:00, one a minute): call i
 * waits w_i = ((73 i) mod 200) + 1 s, a permutation of 1 .. 200 s; odd
 * waits in billing, even ones in support; answered by ann (odd i) or bob;
 * talk 2 w_i, ACW w_i, so handle time 3 w_i.  Ten abandons (4 after 3 s,
 * short; 6 after 30 s) in billing, and one outbound call of ann that ends
 * without ACW (its handle time is counted at agent_end but never completes).
 * The service-level threshold is 20.5 s, so no wait lies near it. */

#define SK_N 200
#define SK_BASE utc(2026, 1, 5, 8, 0)
#define SK_SL (20 * SEC + 500)

static int64_t sk_wait(int i) { return (int64_t)((73 * i) % SK_N + 1) * SEC; }
static int64_t sk_answer(int i) { return SK_BASE + (int64_t)(i - 1) * MIN + sk_wait(i); }

static void sketch_stream(ccm_engine *e, const tu_ids *id, int from, int to) {
  int i;
  for (i = from; i <= to; ++i) {
    int64_t t0 = SK_BASE + (int64_t)(i - 1) * MIN, w = sk_wait(i);
    uint32_t skill = (w / SEC) % 2 ? id->billing : id->support;
    uint64_t c = (uint64_t)i;
    TU_OK(e, CCM_EV_CONTACT_START, t0, c, VOICE_IN, .skill = skill);
    TU_OK(e, CCM_EV_QUEUE_ENTER, t0, c, .skill = skill);
    TU_OK(e, CCM_EV_ANSWER, t0 + w, c, .agent = i % 2 ? id->ann : id->bob);
    TU_OK(e, CCM_EV_AGENT_END, t0 + 3 * w, c);
    TU_OK(e, CCM_EV_ACW_END, t0 + 4 * w, c);
    TU_OK(e, CCM_EV_CONTACT_END, t0 + 4 * w, c);
  }
}

static void sketch_extras(ccm_engine *e, const tu_ids *id) {
  int i;
  for (i = 1; i <= 10; ++i) {
    int64_t t0 = SK_BASE + (int64_t)i * 7 * MIN;
    uint64_t c = 1000u + (uint64_t)i;
    TU_OK(e, CCM_EV_CONTACT_START, t0, c, VOICE_IN, .skill = id->billing);
    TU_OK(e, CCM_EV_QUEUE_ENTER, t0, c, .skill = id->billing);
    TU_OK(e, CCM_EV_QUEUE_ABANDON, t0 + (i <= 4 ? 3 * SEC : 30 * SEC), c);
    TU_OK(e, CCM_EV_CONTACT_END, t0 + (i <= 4 ? 3 * SEC : 30 * SEC), c);
  }
  TU_OK(e, CCM_EV_CONTACT_START, SK_BASE, 2000, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_OUTBOUND,
        .skill = id->sales);
  TU_OK(e, CCM_EV_ANSWER, SK_BASE + SEC, 2000, .agent = id->ann);
  TU_OK(e, CCM_EV_AGENT_END, SK_BASE + 6 * SEC, 2000);
}

/* The exact lower quantile: the value of rank floor(q (n - 1)). */
static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

static double lower_quantile(int64_t *values, size_t n, double q) {
  qsort(values, n, sizeof *values, cmp_i64);
  return (double)values[(size_t)floor(q * (double)(n - 1))];
}

#define WITHIN_1PCT(got_, exact_, what_)                                                                 \
  ck_assert_msg(fabs((got_) - (exact_)) <= 0.01 * (exact_) + 1e-9, "line %d: %s: %.3f, exact %.3f", __LINE__, \
                (what_), (got_), (exact_))

static const double qs[] = {0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1};
#define NQS (sizeof qs / sizeof qs[0])

/* Check every quantile of a measure of a set against `values` (sorted
 * here); q = 0 and 1 exactly. */
static void check_quantiles(const ccm_measures *m, const char *measure, int64_t *values, size_t n) {
  size_t k;
  int32_t mid = tu_measure_id(measure);
  for (k = 0; k < NQS; ++k) {
    double got = -1, exact = lower_quantile(values, n, qs[k]);
    char what[64];
    ck_assert_int_eq(ccm_measures_quantile(m, mid, qs[k], &got), CCM_OK);
    snprintf(what, sizeof what, "%s q=%g", measure, qs[k]);
    if (qs[k] == 0 || qs[k] == 1)
      ck_assert_msg(got == exact, "%s: %.3f, exactly %.3f expected", what, got, exact);
    else
      WITHIN_1PCT(got, exact, what);
  }
}

typedef struct sk_fixture {
  ccm_engine *e;
  tu_ids id;
  ccm_view *company, *skill, *interval, *plain;
  ccm_measures *m;
} sk_fixture;

static void sk_setup(sk_fixture *f) {
  f->e = ENGINE(.sl = SK_SL);
  tu_intern_ids(f->e, &f->id);
  f->company = sketch_view(f->e, 0, CCM_GRAIN_NONE);
  f->skill = sketch_view(f->e, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_NONE);
  f->interval = sketch_view(f->e, 0, CCM_GRAIN_INTERVAL);
  f->plain = tu_view(f->e, 0, CCM_GRAIN_NONE);
  sketch_stream(f->e, &f->id, 1, SK_N);
  sketch_extras(f->e, &f->id);
  ck_assert_int_eq(ccm_measures_new(f->e, &f->m), CCM_OK);
}

static void sk_teardown(sk_fixture *f) {
  ccm_measures_free(f->m);
  ccm_engine_free(f->e);
}

/* All waits, or those of one parity (1: odd, 0: even, -1: all). */
static size_t waits(int parity, int64_t *out) {
  size_t n = 0;
  int i;
  for (i = 1; i <= SK_N; ++i)
    if (parity < 0 || (sk_wait(i) / SEC) % 2 == parity) out[n++] = sk_wait(i);
  return n;
}

START_TEST(test_sketch_quantiles) {
  sk_fixture f;
  int64_t v[SK_N], h[SK_N];
  size_t n;
  int i;
  double d = -1;
  sk_setup(&f);
  ck_assert_int_eq(ccm_rollup(f.company, NULL, 0, INT64_MIN, INT64_MAX, f.m), CCM_OK);
  n = waits(-1, v);
  ck_assert_uint_eq(n, SK_N);
  check_quantiles(f.m, "wait_answered", v, n);
  /* by hand: the median rank is floor(0.5 x 199) = 99: 100 s; p90 rank
   * 179: 180 s; p99 rank 197: 198 s */
  ck_assert_int_eq(ccm_measures_quantile(f.m, tu_measure_id("wait_answered"), 0.5, &d), CCM_OK);
  WITHIN_1PCT(d, 100000.0, "p50");
  ck_assert_int_eq(ccm_measures_quantile(f.m, tu_measure_id("wait_answered"), 0.9, &d), CCM_OK);
  WITHIN_1PCT(d, 180000.0, "p90");
  ck_assert_int_eq(ccm_measures_quantile(f.m, tu_measure_id("wait_answered"), 0.99, &d), CCM_OK);
  WITHIN_1PCT(d, 198000.0, "p99");
  /* abandon waits: four of 3 s, six of 30 s */
  ck_assert_int_eq(ccm_measures_quantile(f.m, tu_measure_id("abandon_wait"), 0.4, &d), CCM_OK);
  WITHIN_1PCT(d, 3000.0, "abandon p40"); /* rank floor(0.4 x 9) = 3: the fourth 3 s */
  ck_assert_int_eq(ccm_measures_quantile(f.m, tu_measure_id("abandon_wait"), 0.5, &d), CCM_OK);
  WITHIN_1PCT(d, 30000.0, "abandon p50"); /* rank 4: the first 30 s */
  /* talk 2 w, and the outbound call's 5 s (talk is credited at agent_end);
   * ACW w */
  {
    int64_t talk[SK_N + 1];
    for (i = 0; i < SK_N; ++i) talk[i] = 2 * v[i];
    talk[SK_N] = 5 * SEC;
    check_quantiles(f.m, "talk_time", talk, SK_N + 1);
  }
  for (i = 0; i < SK_N; ++i) h[i] = v[i];
  check_quantiles(f.m, "acw_time", h, SK_N);
  sk_teardown(&f);
}
END_TEST

/* Handle time enters the sketch at acw_end: the outbound call without ACW
 * is counted (at agent_end) but is not among the sketch's values. */
START_TEST(test_sketch_handle_time) {
  sk_fixture f;
  int64_t v[SK_N], counts[2] = {-1, -1}, edge = INT64_C(1000000000);
  int i;
  double d = -1;
  int32_t ht = tu_measure_id("handle_time");
  sk_setup(&f);
  ck_assert_int_eq(ccm_rollup(f.company, NULL, 0, INT64_MIN, INT64_MAX, f.m), CCM_OK);
  for (i = 0; i < SK_N; ++i) v[i] = 3 * sk_wait(i + 1);
  check_quantiles(f.m, "handle_time", v, SK_N);
  ck_assert_int_eq(ccm_measures_quantile(f.m, ht, 0, &d), CCM_OK);
  ck_assert(d == 3000.0); /* the smallest complete handle time, not the 5 s without ACW */
  ck_assert_int_eq(ccm_measures_quantile(f.m, ht, 0.5, &d), CCM_OK);
  WITHIN_1PCT(d, 300000.0, "handle p50"); /* rank 99: 3 x 100 s */
  TU_FIELD(f.company, TU_KEY0, 0, "handle_time", CCM_FIELD_COUNT, SK_N + 1);
  ck_assert_int_eq(ccm_measures_histogram(f.m, ht, &edge, 1, counts), CCM_OK);
  ck_assert_int_eq(counts[0], SK_N);
  ck_assert_int_eq(counts[1], 0);
  sk_teardown(&f);
}
END_TEST

START_TEST(test_sketch_share_histogram_sl) {
  sk_fixture f;
  int32_t wa = tu_measure_id("wait_answered");
  double d = -1, sl = -1;
  int64_t edges[3] = {5500, 10500, 20500}, counts[4] = {-1, -1, -1, -1};
  int64_t extremes[2] = {1000, 200001}, c3[3] = {-1, -1, -1};
  int64_t bad_edges[2] = {5000, 5000};
  sk_setup(&f);
  ck_assert_int_eq(ccm_rollup(f.company, NULL, 0, INT64_MIN, INT64_MAX, f.m), CCM_OK);
  /* thresholds far from every value (> 2 % away): exact */
  ck_assert_int_eq(ccm_measures_share_at_or_under(f.m, wa, 5500, &d), CCM_OK);
  ck_assert_double_eq_tol(d, 5.0 / 200, 1e-12);
  ck_assert_int_eq(ccm_measures_share_at_or_under(f.m, wa, 10500, &d), CCM_OK);
  ck_assert_double_eq_tol(d, 10.0 / 200, 1e-12);
  ck_assert_int_eq(ccm_measures_share_at_or_under(f.m, wa, 20500, &d), CCM_OK);
  ck_assert_double_eq_tol(d, 20.0 / 200, 1e-12);
  /* at and beyond the extremes: exact */
  ck_assert_int_eq(ccm_measures_share_at_or_under(f.m, wa, 999, &d), CCM_OK);
  ck_assert(d == 0.0);
  ck_assert_int_eq(ccm_measures_share_at_or_under(f.m, wa, -5, &d), CCM_OK);
  ck_assert(d == 0.0);
  ck_assert_int_eq(ccm_measures_share_at_or_under(f.m, wa, 1000, &d), CCM_OK);
  ck_assert_double_eq_tol(d, 1.0 / 200, 1e-12);
  ck_assert_int_eq(ccm_measures_share_at_or_under(f.m, wa, 200000, &d), CCM_OK);
  ck_assert(d == 1.0);
  ck_assert_int_eq(ccm_measures_share_at_or_under(f.m, wa, INT64_MAX, &d), CCM_OK);
  ck_assert(d == 1.0);
  ck_assert_int_eq(ccm_measures_share_at_or_under(f.m, tu_measure_id("abandon_wait"), 10000, &d), CCM_OK);
  ck_assert_double_eq_tol(d, 0.4, 1e-12);
  /* histogram: < 5.5 s: 5; [5.5, 10.5): 5; [10.5, 20.5): 10; the rest 180 */
  ck_assert_int_eq(ccm_measures_histogram(f.m, wa, edges, 3, counts), CCM_OK);
  ck_assert_int_eq(counts[0], 5);
  ck_assert_int_eq(counts[1], 5);
  ck_assert_int_eq(counts[2], 10);
  ck_assert_int_eq(counts[3], 180);
  ck_assert_int_eq(ccm_measures_histogram(f.m, wa, extremes, 2, c3), CCM_OK);
  ck_assert_int_eq(c3[0], 0);
  ck_assert_int_eq(c3[1], 200);
  ck_assert_int_eq(c3[2], 0);
  ck_assert_int_eq(ccm_measures_histogram(f.m, wa, bad_edges, 2, counts), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_measures_histogram(f.m, wa, edges, 0, counts), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_measures_histogram(f.m, wa, NULL, 3, counts), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_measures_histogram(f.m, wa, edges, 3, NULL), CCM_E_INVALID_ARG);
  /* service level: 20 answered within 20.5 s of 200 + 10 - 4 short */
  ck_assert_int_eq(ccm_measures_metric(f.m, tu_metric_id("service_level"), &sl), CCM_OK);
  ck_assert_double_eq_tol(sl, 2000.0 / 206, 1e-9);
  ck_assert_int_eq(ccm_measures_service_level_at(f.m, SK_SL, &d), CCM_OK);
  ck_assert_double_eq_tol(d, sl, 1e-9);
  ck_assert_int_eq(ccm_measures_service_level_at(f.m, 10500, &d), CCM_OK);
  ck_assert_double_eq_tol(d, 1000.0 / 206, 1e-9);
  ck_assert_int_eq(ccm_measures_service_level_at(f.m, 0, &d), CCM_OK);
  ck_assert(d == 0.0);
  ck_assert_int_eq(ccm_measures_service_level_at(f.m, INT64_MAX, &d), CCM_OK);
  ck_assert_double_eq_tol(d, 20000.0 / 206, 1e-9);
  ck_assert_int_eq(ccm_measures_service_level_at(f.m, SK_SL, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_measures_service_level_at(NULL, SK_SL, &d), CCM_E_INVALID_ARG);
  /* the same by skill: billing has the odd waits and every abandon */
  ccm_measures_clear(f.m);
  ck_assert_int_eq(ccm_rollup(f.skill, ONLY(CCM_DIM_SKILL, f.id.billing), CCM_VIEW_DIMS, INT64_MIN, INT64_MAX, f.m), CCM_OK);
  ck_assert_int_eq(ccm_measures_service_level_at(f.m, 10500, &d), CCM_OK);
  ck_assert_double_eq_tol(d, 500.0 / 106, 1e-9); /* 1, 3, 5, 7, 9 s of 100 + 10 - 4 */
  sk_teardown(&f);
}
END_TEST

START_TEST(test_sketch_rollups_merge) {
  sk_fixture f;
  int64_t v[SK_N];
  size_t n;
  uint32_t any[CCM_VIEW_DIMS];
  ccm_cursor *c = NULL;
  int64_t mid = SK_BASE + 100 * MIN;
  int d;
  sk_setup(&f);
  for (d = 0; d < CCM_VIEW_DIMS; ++d) any[d] = CCM_ANY;
  /* one skill: the odd waits, 100 values: the median rank 49 is 99 s */
  ck_assert_int_eq(ccm_rollup(f.skill, ONLY(CCM_DIM_SKILL, f.id.billing), CCM_VIEW_DIMS, INT64_MIN, INT64_MAX, f.m), CCM_OK);
  n = waits(1, v);
  ck_assert_uint_eq(n, 100);
  check_quantiles(f.m, "wait_answered", v, n);
  /* the other skill added: the union */
  ck_assert_int_eq(ccm_rollup(f.skill, ONLY(CCM_DIM_SKILL, f.id.support), CCM_VIEW_DIMS, INT64_MIN, INT64_MAX, f.m), CCM_OK);
  n = waits(-1, v);
  check_quantiles(f.m, "wait_answered", v, n);
  /* every skill at once */
  ccm_measures_clear(f.m);
  ck_assert_int_eq(ccm_rollup(f.skill, any, CCM_VIEW_DIMS, INT64_MIN, INT64_MAX, f.m), CCM_OK);
  check_quantiles(f.m, "wait_answered", v, n);
  /* the intervals, in two ranges merged into one set */
  ccm_measures_clear(f.m);
  ck_assert_int_eq(ccm_rollup(f.interval, NULL, 0, INT64_MIN, mid, f.m), CCM_OK);
  ck_assert_int_eq(ccm_rollup(f.interval, NULL, 0, mid, INT64_MAX, f.m), CCM_OK);
  check_quantiles(f.m, "wait_answered", v, n);
  /* cells merged one by one with a cursor */
  ccm_measures_clear(f.m);
  ck_assert_int_eq(ccm_cursor_new(f.interval, &c), CCM_OK);
  while (ccm_cursor_next(c) == CCM_OK) ck_assert_int_eq(ccm_cursor_merge(c, f.m), CCM_OK);
  ccm_cursor_free(c);
  check_quantiles(f.m, "wait_answered", v, n);
  sk_teardown(&f);
}
END_TEST

/* ccm_cursor_quantile: each interval cell against its own waits. */
START_TEST(test_sketch_cursor_quantile) {
  sk_fixture f;
  ccm_cursor *c = NULL;
  int32_t wa = tu_measure_id("wait_answered");
  int cells = 0, total = 0;
  double d = -1;
  sk_setup(&f);
  ck_assert_int_eq(ccm_cursor_new(f.interval, &c), CCM_OK);
  ck_assert_int_eq(ccm_cursor_quantile(c, wa, 0.5, &d), CCM_E_INVALID_ARG); /* no current cell */
  while (ccm_cursor_next(c) == CCM_OK) {
    uint32_t key[CCM_VIEW_DIMS];
    int64_t b = 0, cell[SK_N], count = 0;
    size_t n = 0, k;
    int i;
    ck_assert_int_eq(ccm_cursor_key(c, key, CCM_VIEW_DIMS, &b), CCM_OK);
    for (i = 1; i <= SK_N; ++i) /* UTC, 15 minutes: the interval of the answer */
      if (sk_answer(i) - sk_answer(i) % (15 * MIN) == b) cell[n++] = sk_wait(i);
    ck_assert_int_eq(ccm_cursor_measure(c, wa, CCM_FIELD_COUNT, &count), CCM_OK);
    ck_assert_int_eq(count, (int64_t)n);
    if (n == 0) {
      ck_assert_int_eq(ccm_cursor_quantile(c, wa, 0.5, &d), CCM_UNDEFINED);
      ck_assert(d == 0.0);
      continue;
    }
    for (k = 0; k < NQS; ++k) {
      double exact = lower_quantile(cell, n, qs[k]);
      ck_assert_int_eq(ccm_cursor_quantile(c, wa, qs[k], &d), CCM_OK);
      if (qs[k] == 0 || qs[k] == 1)
        ck_assert(d == exact);
      else
        WITHIN_1PCT(d, exact, "cell quantile");
    }
    ++cells;
    total += (int)n;
  }
  ccm_cursor_free(c);
  ck_assert_int_gt(cells, 10);
  ck_assert_int_eq(total, SK_N);
  sk_teardown(&f);
}
END_TEST

START_TEST(test_sketch_errors) {
  sk_fixture f;
  ccm_measures *fresh = NULL;
  ccm_cursor *c = NULL;
  int32_t wa = tu_measure_id("wait_answered");
  int64_t edge = 5000, counts[2] = {-1, -1};
  double d = -1;
  ccm_view *v = NULL;
  sk_setup(&f);
  ck_assert_int_eq(ccm_view_new(f.e, 0, CCM_GRAIN_NONE, 2u, &v), CCM_E_INVALID_ARG);
  ck_assert_ptr_null(v);
  /* a view without the flag */
  ck_assert_int_eq(ccm_rollup(f.plain, NULL, 0, INT64_MIN, INT64_MAX, f.m), CCM_OK);
  ck_assert_int_eq(ccm_measures_quantile(f.m, wa, 0.5, &d), CCM_E_UNSUPPORTED);
  ck_assert_int_eq(ccm_measures_share_at_or_under(f.m, wa, 5000, &d), CCM_E_UNSUPPORTED);
  ck_assert_int_eq(ccm_measures_histogram(f.m, wa, &edge, 1, counts), CCM_E_UNSUPPORTED);
  ck_assert_int_eq(ccm_measures_service_level_at(f.m, 5000, &d), CCM_E_UNSUPPORTED);
  ck_assert_int_eq(ccm_measures_metric(f.m, tu_metric_id("asa"), &d), CCM_OK); /* the rest still works */
  /* a set merged from a sketched and a plain view */
  ccm_measures_clear(f.m);
  ck_assert_int_eq(ccm_rollup(f.company, NULL, 0, INT64_MIN, INT64_MAX, f.m), CCM_OK);
  ck_assert_int_eq(ccm_measures_quantile(f.m, wa, 0.5, &d), CCM_OK);
  ck_assert_int_eq(ccm_rollup(f.plain, NULL, 0, INT64_MIN, INT64_MAX, f.m), CCM_OK);
  ck_assert_int_eq(ccm_measures_quantile(f.m, wa, 0.5, &d), CCM_E_UNSUPPORTED);
  /* a fresh set holds no sketch */
  ck_assert_int_eq(ccm_measures_new(f.e, &fresh), CCM_OK);
  ck_assert_int_eq(ccm_measures_quantile(fresh, wa, 0.5, &d), CCM_E_UNSUPPORTED);
  ccm_measures_free(fresh);
  /* a cursor over the plain view */
  ck_assert_int_eq(ccm_cursor_new(f.plain, &c), CCM_OK);
  ck_assert_int_eq(ccm_cursor_next(c), CCM_OK);
  ck_assert_int_eq(ccm_cursor_quantile(c, wa, 0.5, &d), CCM_E_UNSUPPORTED);
  ccm_cursor_free(c);
  /* not a timer */
  ccm_measures_clear(f.m);
  ck_assert_int_eq(ccm_rollup(f.company, NULL, 0, INT64_MIN, INT64_MAX, f.m), CCM_OK);
  ck_assert_int_eq(ccm_measures_quantile(f.m, tu_measure_id("answered"), 0.5, &d), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_measures_quantile(f.m, tu_measure_id("in_queue"), 0.5, &d), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_measures_quantile(f.m, -1, 0.5, &d), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_measures_quantile(f.m, ccm_measure_count(), 0.5, &d), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_measures_share_at_or_under(f.m, tu_measure_id("offered"), 5000, &d), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_measures_histogram(f.m, tu_measure_id("offered"), &edge, 1, counts), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_cursor_new(f.company, &c), CCM_OK);
  ck_assert_int_eq(ccm_cursor_next(c), CCM_OK);
  ck_assert_int_eq(ccm_cursor_quantile(c, tu_measure_id("handled"), 0.5, &d), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_cursor_quantile(c, wa, 1.5, &d), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_cursor_quantile(c, wa, 0.5, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_cursor_quantile(c, tu_measure_id("flow_out_wait"), 0.5, &d), CCM_UNDEFINED);
  ccm_cursor_free(c);
  /* bad q and pointers */
  ck_assert_int_eq(ccm_measures_quantile(f.m, wa, -0.1, &d), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_measures_quantile(f.m, wa, 1.1, &d), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_measures_quantile(f.m, wa, NAN, &d), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_measures_quantile(f.m, wa, 0.5, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_measures_quantile(NULL, wa, 0.5, &d), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_measures_share_at_or_under(f.m, wa, 5000, NULL), CCM_E_INVALID_ARG);
  /* no values: undefined, 0 */
  d = -1;
  ck_assert_int_eq(ccm_measures_quantile(f.m, tu_measure_id("flow_out_wait"), 0.5, &d), CCM_UNDEFINED);
  ck_assert(d == 0.0);
  d = -1;
  ck_assert_int_eq(ccm_measures_share_at_or_under(f.m, tu_measure_id("flow_out_wait"), 5000, &d), CCM_UNDEFINED);
  ck_assert(d == 0.0);
  ck_assert_int_eq(ccm_measures_histogram(f.m, tu_measure_id("flow_out_wait"), &edge, 1, counts), CCM_OK);
  ck_assert_int_eq(counts[0], 0);
  ck_assert_int_eq(counts[1], 0);
  /* a rollup that matches no cell */
  ccm_measures_clear(f.m);
  ck_assert_int_eq(ccm_rollup(f.skill, ONLY(CCM_DIM_SKILL, f.id.sales), CCM_VIEW_DIMS, INT64_MIN, INT64_MAX, f.m), CCM_OK);
  ck_assert_int_eq(ccm_measures_quantile(f.m, wa, 0.5, &d), CCM_UNDEFINED);
  ck_assert_int_eq(ccm_measures_service_level_at(f.m, SK_SL, &d), CCM_UNDEFINED);
  ck_assert(d == 0.0);
  sk_teardown(&f);
}
END_TEST

START_TEST(test_metric_timer) {
  static const struct {
    const char *metric, *timer;
  } ok[] = {
      {"asa", "wait_answered"},
      {"aht", "handle_time"},
      {"avg_resolution_time", "resolution_time"},
      {"avg_agent_frt_bh", "agent_frt_bh"},
      {"first_reply_time_bh", "first_reply_time_bh"},
      {"avg_response_time_bh", "response_time_bh"},
      {"avg_resolution_time_bh", "resolution_time_bh"},
      {"avg_talk_time", "talk_time"},
      {"avg_abandon_time", "abandon_wait"},
  };
  static const char *const none[] = {"offered", "service_level", "abandon_rate", "backlog", "max_wait"};
  size_t i;
  int32_t m = -1;
  for (i = 0; i < sizeof ok / sizeof ok[0]; ++i) {
    m = -1;
    ck_assert_msg(ccm_metric_timer(tu_metric_id(ok[i].metric), &m) == CCM_OK, "%s", ok[i].metric);
    ck_assert_msg(m == tu_measure_id(ok[i].timer), "%s: measure %d, expected %s", ok[i].metric, (int)m,
                  ok[i].timer);
    ck_assert_int_eq(ccm_measure_kind(m), CCM_MEASURE_TIMER_KIND);
  }
  for (i = 0; i < sizeof none / sizeof none[0]; ++i)
    ck_assert_msg(ccm_metric_timer(tu_metric_id(none[i]), &m) == CCM_E_NOT_FOUND, "%s", none[i]);
  ck_assert_int_eq(ccm_metric_timer(-1, &m), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_metric_timer(ccm_metric_count(), &m), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_metric_timer(tu_metric_id("asa"), NULL), CCM_E_INVALID_ARG);
}
END_TEST

/* Steady state: once every sketch bucket a value range needs exists, more
 * events with values in that range allocate nothing.  One voice contact
 * goes through 200 queue visits with waits of 1 .. 200 s (talk w, ACW w),
 * answered alternately by ann and bob; the same 200 visits again must not
 * allocate. */
static int64_t visits(ccm_engine *e, const tu_ids *id, int64_t t) {
  int k;
  for (k = 1; k <= 200; ++k) {
    int64_t w = (int64_t)k * SEC;
    TU_OK(e, CCM_EV_QUEUE_ENTER, t, 1, .skill = id->billing);
    TU_OK(e, CCM_EV_ANSWER, t + w, 1, .agent = k % 2 ? id->ann : id->bob);
    TU_OK(e, CCM_EV_AGENT_END, t + 2 * w, 1);
    TU_OK(e, CCM_EV_ACW_END, t + 3 * w, 1);
    t += 3 * w + SEC;
  }
  return t;
}

START_TEST(test_sketch_no_allocation_in_steady_state) {
  ccm_engine *e = ENGINE(.tz = US);
  tu_ids id;
  ccm_view *company, *agent;
  ccm_measures *m = NULL;
  int64_t t = SK_BASE, allocs, bytes, count = 0;
  tu_intern_ids(e, &id);
  company = sketch_view(e, 0, CCM_GRAIN_NONE);
  agent = sketch_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  sketch_view(e, CCM_DIM_BIT(CCM_DIM_SKILL) | CCM_DIM_BIT(CCM_DIM_CHANNEL), CCM_GRAIN_NONE);
  TU_OK(e, CCM_EV_CONTACT_START, t, 1, VOICE_IN, .skill = id.billing);
  t = visits(e, &id, t); /* warm-up */
  allocs = tu_stat(e, CCM_STAT_ALLOCATIONS);
  bytes = tu_stat(e, CCM_STAT_MEMORY_BYTES);
  t = visits(e, &id, t);
  t = visits(e, &id, t);
  ck_assert_msg(tu_stat(e, CCM_STAT_ALLOCATIONS) == allocs, "%lld allocations for 1200 events in steady state",
                (long long)(tu_stat(e, CCM_STAT_ALLOCATIONS) - allocs));
  ck_assert_int_eq(tu_stat(e, CCM_STAT_MEMORY_BYTES), bytes);
  /* and the sketches did take the values: 600 of each */
  ck_assert_int_eq(ccm_measures_new(e, &m), CCM_OK);
  ck_assert_int_eq(ccm_rollup(company, NULL, 0, INT64_MIN, INT64_MAX, m), CCM_OK);
  {
    int64_t edge = INT64_C(1000000000), counts[2] = {0, 0};
    double d = -1;
    ck_assert_int_eq(ccm_measures_histogram(m, tu_measure_id("wait_answered"), &edge, 1, counts), CCM_OK);
    ck_assert_int_eq(counts[0], 600);
    ck_assert_int_eq(ccm_measures_quantile(m, tu_measure_id("wait_answered"), 0.5, &d), CCM_OK);
    WITHIN_1PCT(d, 100000.0, "p50 of 3 x 1..200 s"); /* rank floor(0.5 x 599) = 299: the third 100 s */
  }
  ccm_measures_clear(m);
  ck_assert_int_eq(ccm_rollup(agent, ONLY(CCM_DIM_AGENT, id.ann), CCM_VIEW_DIMS, INT64_MIN, INT64_MAX, m), CCM_OK);
  ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("wait_answered"), CCM_FIELD_COUNT, &count), CCM_OK);
  ck_assert_int_eq(count, 300);
  ccm_measures_free(m);
  ccm_engine_free(e);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 6. Out of memory with sketches */

#define MAX_N 100000L

/* Sketched views for the fingerprint of testutil (which reads fields). */
static void sketch_views_add(ccm_engine *e, tu_views *vs) {
  vs->v[0] = sketch_view(e, 0, CCM_GRAIN_NONE);
  vs->v[1] = sketch_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL);
  vs->v[2] = sketch_view(e, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_DATE);
  vs->v[3] = sketch_view(e, CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_NONE);
  vs->v[4] = sketch_view(e, CCM_DIM_BIT(CCM_DIM_TEAM), CCM_GRAIN_WEEK);
}

/* What the sketches hold, view by view: for every timer, a histogram over
 * edges from 1 ms to 10^9 ms and three quantiles (with their statuses). */
typedef struct sk_digest {
  double *v;
  size_t n, cap;
} sk_digest;

static void digest_put(sk_digest *g, double x) {
  if (g->n == g->cap) {
    g->cap = g->cap ? 2 * g->cap : 1024;
    g->v = realloc(g->v, g->cap * sizeof *g->v);
    TU_CHECK(g->v != NULL, "out of memory");
  }
  g->v[g->n++] = x;
}

static void sketch_digest(ccm_engine *e, const tu_views *vs, sk_digest *g) {
  static const double dq[] = {0.1, 0.5, 0.9};
  int64_t edges[28], counts[29];
  int32_t nm = ccm_measure_count(), m;
  int i, k;
  g->n = 0;
  edges[0] = 1;
  for (k = 1; k < 28; ++k) edges[k] = edges[k - 1] * (k % 3 == 2 ? 5 : 2) / (k % 3 == 2 ? 2 : 1);
  for (k = 1; k < 28; ++k) TU_CHECK(edges[k] > edges[k - 1], "edges");
  for (i = 0; i < TU_STD_VIEWS; ++i) {
    ccm_measures *ms = NULL;
    ck_assert_int_eq(ccm_measures_new(e, &ms), CCM_OK);
    ck_assert_int_eq(ccm_rollup(vs->v[i], NULL, 0, INT64_MIN, INT64_MAX, ms), CCM_OK);
    for (m = 0; m < nm; ++m) {
      if (ccm_measure_kind(m) != CCM_MEASURE_TIMER_KIND) continue;
      TU_CHECK(ccm_measures_histogram(ms, m, edges, 28, counts) == CCM_OK, "histogram of %d", (int)m);
      for (k = 0; k < 29; ++k) digest_put(g, (double)counts[k]);
      for (k = 0; k < 3; ++k) {
        double q = -1;
        digest_put(g, (double)ccm_measures_quantile(ms, m, dq[k], &q));
        digest_put(g, q);
      }
    }
    ccm_measures_free(ms);
  }
}

static int digest_equal(const sk_digest *a, const sk_digest *b) {
  return a->n == b->n && memcmp(a->v, b->v, a->n * sizeof *a->v) == 0;
}

/* Each event of a realistic stream, with the Nth allocation failing for
 * N = 1, 2, ... until it goes in: every failure returns CCM_E_NOMEM and
 * leaves every field and every sketch as a reference engine has them. */
START_TEST(test_oom_ingest_with_sketches) {
  tu_alloc a;
  ccm_engine *e, *ref;
  tu_ids ids, rids;
  tu_views vs, rvs;
  tu_stream s = {0};
  sk_digest dg = {0}, rdg = {0};
  size_t i;
  long nomem = 0;
  tu_alloc_init(&a);
  e = ENGINE(.tz = US, .alloc = &a.hooks);
  ref = ENGINE(.tz = US);
  tu_intern_ids(e, &ids);
  tu_intern_ids(ref, &rids);
  sketch_views_add(e, &vs);
  sketch_views_add(ref, &rvs);
  tu_gen(&ids, 29, 30, &s);
  tu_gen_families(&ids, 29, 6, &s);
  for (i = 0; i < s.n; ++i) {
    long n;
    tu_fp rfp;
    int have_ref = 0;
    for (n = 1; n < MAX_N; ++n) {
      int32_t rc;
      tu_alloc_arm(&a, n);
      rc = ccm_ingest(e, &s.ev[i]);
      tu_alloc_disarm(&a);
      if (a.injected == 0) {
        ck_assert_msg(rc == s.expect[i], "event %zu (%s): %d", i, ccm_event_name(s.ev[i].type), (int)rc);
        break;
      }
      if (rc == CCM_E_NOMEM) {
        tu_fp fp;
        ++nomem;
        if (!have_ref) {
          tu_fingerprint(ref, &rvs, &rfp);
          sketch_digest(ref, &rvs, &rdg);
          have_ref = 1;
        }
        tu_fingerprint(e, &vs, &fp);
        ck_assert_msg(tu_fp_equal(&fp, &rfp), "event %zu (%s): failing allocation %ld changed a field", i,
                      ccm_event_name(s.ev[i].type), n);
        tu_fp_free(&fp);
        sketch_digest(e, &vs, &dg);
        ck_assert_msg(digest_equal(&dg, &rdg), "event %zu (%s): failing allocation %ld changed a sketch", i,
                      ccm_event_name(s.ev[i].type), n);
        continue;
      }
      ck_assert_msg(rc == s.expect[i], "event %zu with allocation %ld failing: %d", i, n, (int)rc);
      break;
    }
    ck_assert_int_lt(n, MAX_N);
    if (have_ref) tu_fp_free(&rfp);
    ck_assert_int_eq(ccm_ingest(ref, &s.ev[i]), s.expect[i]);
  }
  ck_assert_int_gt(nomem, 0);
  {
    tu_fp fa, fb;
    tu_fingerprint(e, &vs, &fa);
    tu_fingerprint(ref, &rvs, &fb);
    ck_assert(tu_fp_equal(&fa, &fb));
    tu_fp_free(&fa);
    tu_fp_free(&fb);
    sketch_digest(e, &vs, &dg);
    sketch_digest(ref, &rvs, &rdg);
    ck_assert(digest_equal(&dg, &rdg));
  }
  free(dg.v);
  free(rdg.v);
  tu_stream_free(&s);
  ccm_engine_free(ref);
  ccm_engine_free(e);
  ck_assert_msg(a.outstanding == 0, "%ld blocks (%lld bytes) leaked", a.outstanding, a.bytes);
  ck_assert_int_eq(a.bad_frees, 0);
}
END_TEST

/* A sketched view under allocation failure: not registered, nothing else
 * changes. */
START_TEST(test_oom_view_new_with_sketches) {
  tu_alloc a;
  ccm_engine *e;
  long n;
  tu_alloc_init(&a);
  e = ENGINE(.alloc = &a.hooks);
  for (n = 1; n < MAX_N; ++n) {
    ccm_view *v = NULL;
    int64_t views = tu_stat(e, CCM_STAT_VIEWS);
    int32_t rc;
    tu_alloc_arm(&a, n);
    rc = ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL, CCM_VIEW_SKETCHES, &v);
    tu_alloc_disarm(&a);
    if (rc == CCM_E_NOMEM) {
      ck_assert_ptr_null(v);
      ck_assert_int_eq(tu_stat(e, CCM_STAT_VIEWS), views);
      continue;
    }
    ck_assert_int_eq(rc, CCM_OK);
    if (a.injected == 0) break;
  }
  ck_assert_int_lt(n, MAX_N);
  ccm_engine_free(e);
  ck_assert_int_eq(a.outstanding, 0);
}
END_TEST

/* Every field of every measure of a set (counts, and timers' four fields),
 * with their statuses: what a set reads like. */
#define SET_FIELDS 2048

static size_t set_fields(const ccm_measures *m, int64_t *out) {
  int32_t nm = ccm_measure_count(), k;
  size_t n = 0;
  for (k = 0; k < nm; ++k) {
    int32_t f, nf = ccm_measure_kind(k) == CCM_MEASURE_TIMER_KIND ? 4 : 1;
    for (f = 0; f < nf; ++f) {
      int64_t x = -1;
      TU_CHECK(n + 2 <= SET_FIELDS, "too many fields");
      out[n++] = ccm_measures_get(m, k, f, &x);
      out[n++] = x;
    }
  }
  return n;
}

/* Whether a set reads exactly like a new, empty one. */
static int set_is_empty(ccm_engine *e, const ccm_measures *m) {
  ccm_measures *fresh = NULL;
  int64_t a[SET_FIELDS], b[SET_FIELDS];
  size_t na, nb;
  double x = -1, y = -2;
  int same;
  ck_assert_int_eq(ccm_measures_new(e, &fresh), CCM_OK);
  na = set_fields(m, a);
  nb = set_fields(fresh, b);
  same = na == nb && memcmp(a, b, na * sizeof *a) == 0 &&
         ccm_measures_quantile(m, tu_measure_id("wait_answered"), 0.5, &x) ==
             ccm_measures_quantile(fresh, tu_measure_id("wait_answered"), 0.5, &y) &&
         ccm_measures_metric(m, tu_metric_id("asa"), &x) == ccm_measures_metric(fresh, tu_metric_id("asa"), &y);
  ccm_measures_free(fresh);
  return same;
}

static void assert_set_empty(ccm_engine *e, const ccm_measures *m, const char *what, long n) {
  ck_assert_msg(set_is_empty(e, m), "%s failing at allocation %ld: the set is not empty", what, n);
}

/* A rollup or cursor merge that fails to merge a sketch empties the set
 * (doc/CHOICES.md, "Percentiles"), even when it held values before.  The
 * set is pre-filled from a plain view: its fields are then non-zero while it
 * holds no sketch memory, so the sketched merge must allocate. */
static ccm_measures *set_for(ccm_engine *e, const ccm_view *plain, int prefill) {
  ccm_measures *m = NULL;
  ck_assert_int_eq(ccm_measures_new(e, &m), CCM_OK);
  if (prefill) ck_assert_int_eq(ccm_rollup(plain, NULL, 0, INT64_MIN, INT64_MAX, m), CCM_OK);
  return m;
}

START_TEST(test_oom_rollup_empties_set) {
  tu_alloc a;
  ccm_engine *e;
  tu_ids id;
  ccm_view *iv, *plain;
  int64_t v[SK_N], count = -1;
  long n, failures, emptied;
  int prefill;
  double d = -1;
  tu_alloc_init(&a);
  e = ENGINE(.sl = SK_SL, .alloc = &a.hooks);
  tu_intern_ids(e, &id);
  iv = sketch_view(e, 0, CCM_GRAIN_INTERVAL);
  plain = tu_view(e, 0, CCM_GRAIN_NONE);
  sketch_stream(e, &id, 1, SK_N);
  for (prefill = 0; prefill <= 1; ++prefill) {
    failures = 0;
    for (n = 1; n < MAX_N; ++n) {
      ccm_measures *m = set_for(e, plain, prefill);
      int32_t rc;
      tu_alloc_arm(&a, n);
      rc = ccm_rollup(iv, NULL, 0, INT64_MIN, INT64_MAX, m);
      tu_alloc_disarm(&a);
      if (rc == CCM_E_NOMEM) {
        ++failures;
        assert_set_empty(e, m, prefill ? "rollup into a filled set" : "rollup", n);
        ccm_measures_free(m);
        continue;
      }
      ck_assert_int_eq(rc, CCM_OK);
      if (a.injected == 0) {
        ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("answered"), CCM_FIELD_COUNT, &count), CCM_OK);
        ck_assert_int_eq(count, (prefill + 1) * SK_N);
        if (prefill) { /* merged with a plain view: no percentiles */
          ck_assert_int_eq(ccm_measures_quantile(m, tu_measure_id("wait_answered"), 0.5, &d), CCM_E_UNSUPPORTED);
        } else {
          size_t nw = waits(-1, v);
          check_quantiles(m, "wait_answered", v, nw);
        }
        ccm_measures_free(m);
        break;
      }
      ccm_measures_free(m);
    }
    ck_assert_int_lt(n, MAX_N);
    ck_assert_int_ge(failures, 1);
  }
  /* the same through ccm_cursor_merge, cell by cell: a failure before
   * anything is merged (the cursor's table of levels) leaves the set as it
   * was; one while merging sketches empties it */
  failures = 0;
  emptied = 0;
  for (n = 1; n < MAX_N; ++n) {
    ccm_measures *m = set_for(e, plain, 1);
    ccm_cursor *c = NULL;
    int32_t rc = CCM_OK;
    int64_t before[SET_FIELDS], after[SET_FIELDS];
    size_t nb = 0;
    ck_assert_int_eq(ccm_cursor_new(iv, &c), CCM_OK);
    tu_alloc_arm(&a, n);
    while (rc == CCM_OK && ccm_cursor_next(c) == CCM_OK) {
      nb = set_fields(m, before);
      rc = ccm_cursor_merge(c, m);
    }
    tu_alloc_disarm(&a);
    ccm_cursor_free(c);
    if (rc == CCM_E_NOMEM) {
      ++failures;
      if (set_is_empty(e, m))
        ++emptied;
      else
        ck_assert_msg(set_fields(m, after) == nb && memcmp(before, after, nb * sizeof *after) == 0,
                      "cursor merge failing at allocation %ld: the set is neither empty nor unchanged", n);
      ccm_measures_free(m);
      continue;
    }
    ck_assert_int_eq(rc, CCM_OK);
    if (a.injected == 0) {
      ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("answered"), CCM_FIELD_COUNT, &count), CCM_OK);
      ck_assert_int_eq(count, 2 * SK_N);
      ccm_measures_free(m);
      break;
    }
    ccm_measures_free(m);
  }
  ck_assert_int_lt(n, MAX_N);
  ck_assert_int_ge(failures, 2);
  ck_assert_int_ge(emptied, 1);
  ccm_engine_free(e);
  ck_assert_msg(a.outstanding == 0, "%ld blocks leaked", a.outstanding);
  ck_assert_int_eq(a.bad_frees, 0);
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *local_suite(void) {
  Suite *s = suite_create("local");
  TCase *tz = tcase_create("time zones");
  TCase *buckets = tcase_create("buckets");
  TCase *metrics = tcase_create("local metrics");
  TCase *cal = tcase_create("calendars");
  TCase *sk = tcase_create("sketches");
  TCase *oom = tcase_create("oom");
  tcase_add_test(tz, test_parse_code_and_utc_names);
  tcase_add_test(tz, test_tz_valid_rules);
  tcase_add_test(tz, test_tz_changes);
  tcase_add_test(tz, test_tz_invalid_rules);
  tcase_add_test(tz, test_tz_null_and_empty_are_utc);
  tcase_add_test(buckets, test_buckets_utc);
  tcase_add_test(buckets, test_buckets_fixed_offset);
  tcase_add_test(buckets, test_buckets_us_spring);
  tcase_add_test(buckets, test_buckets_us_fall);
  tcase_add_test(buckets, test_buckets_eu);
  tcase_add_test(buckets, test_offset_fn_matches_rule);
  tcase_add_test(metrics, test_metrics_fall_back_day);
  tcase_add_test(metrics, test_agent_state_split_at_changes);
  tcase_add_test(cal, test_calendar_hours_and_holidays);
  tcase_add_test(cal, test_calendar_copied);
  tcase_add_test(cal, test_calendar_parse);
  tcase_add_test(cal, test_calendar_parse_errors);
  tcase_add_test(cal, test_calendar_parse_nomem);
  tcase_add_test(cal, test_business_time_utc);
  tcase_add_test(cal, test_business_time_local_and_dst);
  tcase_add_test(cal, test_bh_metrics);
  tcase_add_test(cal, test_bh_metrics_holiday);
  tcase_add_test(cal, test_bh_metrics_without_calendar);
  tcase_add_test(cal, test_bh_metrics_dst);
  tcase_add_test(sk, test_sketch_quantiles);
  tcase_add_test(sk, test_sketch_handle_time);
  tcase_add_test(sk, test_sketch_share_histogram_sl);
  tcase_add_test(sk, test_sketch_rollups_merge);
  tcase_add_test(sk, test_sketch_cursor_quantile);
  tcase_add_test(sk, test_sketch_errors);
  tcase_add_test(sk, test_metric_timer);
  tcase_add_test(sk, test_sketch_no_allocation_in_steady_state);
  tcase_add_test(oom, test_oom_ingest_with_sketches);
  tcase_add_test(oom, test_oom_view_new_with_sketches);
  tcase_add_test(oom, test_oom_rollup_empties_set);
  tcase_set_timeout(tz, 120);
  tcase_set_timeout(buckets, 600); /* valgrind */
  tcase_set_timeout(metrics, 120);
  tcase_set_timeout(cal, 300);
  tcase_set_timeout(sk, 300);
  tcase_set_timeout(oom, 600);
  suite_add_tcase(s, tz);
  suite_add_tcase(s, buckets);
  suite_add_tcase(s, metrics);
  suite_add_tcase(s, cal);
  suite_add_tcase(s, sk);
  suite_add_tcase(s, oom);
  return s;
}

int main(void) { return tu_run(local_suite()); }
