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

/* Every interval of a day starts on a local multiple of the width. */
static void check_aligned(const ccm_engine *e, const ccm_view *iv, int64_t from, int64_t to, int64_t width) {
  int64_t b;
  for (b = from; b < to; b = next_of(iv, b))
    TU_CHECK(local_of(e, b) % width == 0, "interval %lld (local %lld) is not aligned to %lld min", (long long)b,
             (long long)local_of(e, b), (long long)(width / MIN));
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
  check_aligned(e, g.v[CCM_GRAIN_INTERVAL], day, next_day, 15 * MIN);
  /* 60 minutes: 23 intervals, 01:00 EST then 03:00 EDT */
  ck_assert_int_eq(walk_buckets(i60, day, next_day, NULL, 0), 23);
  BUCKET(i60, utc(2026, 3, 8, 6, 30), utc(2026, 3, 8, 6, 0), utc(2026, 3, 8, 7, 0));
  check_aligned(e60, i60, day, next_day, HOUR);
  /* 120 minutes: [00, 02) lasts 2 h, [02, 04) only 1 h (03:00-04:00 EDT) */
  ck_assert_int_eq(walk_buckets(i120, day, next_day, NULL, 0), 12);
  BUCKET(i120, utc(2026, 3, 8, 6, 30), day, utc(2026, 3, 8, 7, 0));
  BUCKET(i120, utc(2026, 3, 8, 7, 30), utc(2026, 3, 8, 7, 0), utc(2026, 3, 8, 8, 0));
  BUCKET(i120, utc(2026, 3, 8, 8, 0), utc(2026, 3, 8, 8, 0), utc(2026, 3, 8, 10, 0));
  check_aligned(e120, i120, day, next_day, 2 * HOUR);
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
  check_aligned(e, g.v[CCM_GRAIN_INTERVAL], day, next_day, 15 * MIN);
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
  check_aligned(e120, i120, day, next_day, 2 * HOUR);
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
  check_aligned(e, g.v[CCM_GRAIN_INTERVAL], spring, spring_end, 15 * MIN);
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
  check_aligned(e, g.v[CCM_GRAIN_INTERVAL], fall, fall_end, 15 * MIN);
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
                     (int)(23 * HOUR / widths[w]));
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
