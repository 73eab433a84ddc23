/*
 * check_query.c - queries, rollups, cursors, measure sets, time buckets,
 * and the metric and measure catalogs.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define T TU_T0
#define VOICE_IN .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND
#define ANY CCM_ANY
#define ALL_ANY {ANY, ANY, ANY, ANY, ANY, ANY, ANY, ANY, ANY}

static int32_t metric_id(const char *name) {
  int32_t id = -1;
  ck_assert_msg(ccm_metric_by_name(name, &id) == CCM_OK, "no metric %s", name);
  return id;
}

static int32_t measure_id(const char *name) {
  int32_t id = -1;
  ck_assert_msg(ccm_measure_by_name(name, &id) == CCM_OK, "no measure %s", name);
  return id;
}

static ccm_measures *new_measures(ccm_engine *e) {
  ccm_measures *m = NULL;
  ck_assert_int_eq(ccm_measures_new(e, &m), CCM_OK);
  ck_assert_ptr_nonnull(m);
  return m;
}

static double mmetric(const ccm_measures *m, const char *name, int32_t *rc) {
  double v = -1;
  *rc = ccm_measures_metric(m, metric_id(name), &v);
  return v;
}

static int64_t mget(const ccm_measures *m, const char *measure, int32_t field) {
  int64_t v = -1;
  int32_t rc = ccm_measures_get(m, measure_id(measure), field, &v);
  ck_assert_msg(rc == CCM_OK, "ccm_measures_get(%s) returned %d", measure, (int)rc);
  return v;
}

#define MM(m_, name_, expected_)                                                                    \
  do {                                                                                              \
    int32_t rc_;                                                                                    \
    double v_ = mmetric((m_), (name_), &rc_);                                                       \
    ck_assert_msg(rc_ == CCM_OK, "%s: status %d", (name_), (int)rc_);                              \
    ck_assert_double_eq_tol(v_, (expected_), TU_TOL * (1.0 + fabs((double)(expected_))));          \
  } while (0)

/* Feed a generated stream, asserting every event is accepted. */
static void feed(ccm_engine *e, const tu_ids *ids, uint32_t seed, int ncontacts) {
  tu_stream s = {0};
  size_t i;
  tu_gen(ids, seed, ncontacts, &s);
  for (i = 0; i < s.n; ++i) tu_expect(e, &s.ev[i], CCM_OK, __FILE__, __LINE__);
  tu_stream_free(&s);
}

/* ------------------------------------------------------------------------ */

START_TEST(test_undefined_not_zero) {
  ccm_engine *e = tu_engine(NULL);
  ccm_view *v = tu_view(e, 0, CCM_GRAIN_NONE);
  int32_t n = ccm_metric_count(), m;
  /* ratios over nothing are undefined; counts and sums are 0 */
  TU_UNDEF(v, TU_KEY0, 0, "asa");
  TU_UNDEF(v, TU_KEY0, 0, "abandon_rate");
  TU_UNDEF(v, TU_KEY0, 0, "service_level");
  TU_UNDEF(v, TU_KEY0, 0, "aht");
  TU_UNDEF(v, TU_KEY0, 0, "max_wait");          /* a maximum over no values */
  TU_UNDEF(v, TU_KEY0, 0, "avg_agent_frt");
  TU_UNDEF(v, TU_KEY0, 0, "focus_time_pct");
  TU_METRIC(v, TU_KEY0, 0, "contacts", 0);
  TU_METRIC(v, TU_KEY0, 0, "answered", 0);
  TU_METRIC(v, TU_KEY0, 0, "total_responses", 0);
  TU_METRIC(v, TU_KEY0, 0, "agent_frt", 0);     /* timer sums: 0 */
  TU_METRIC(v, TU_KEY0, 0, "focus_time", 0);
  TU_METRIC(v, TU_KEY0, 0, "resolution_time", 0);
  TU_METRIC(v, TU_KEY0, 0, "follow_on_response_time", 0);
  for (m = 0; m < n; ++m) {
    double val = -1;
    int32_t rc = ccm_query(v, TU_KEY0, CCM_VIEW_DIMS, 0, m, &val);
    if (ccm_metric_supported(m) == 1) {
      ck_assert_msg(rc == CCM_OK || rc == CCM_UNDEFINED, "%s: %d", ccm_metric_name(m), (int)rc);
      ck_assert_msg(val == 0.0, "%s on an empty cell: %g", ccm_metric_name(m), val);
    } else {
      ck_assert_msg(rc == CCM_E_UNSUPPORTED, "%s: %d", ccm_metric_name(m), (int)rc);
    }
  }
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_empty_cell_key) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *v;
  tu_intern_ids(e, &id);
  v = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_INTERVAL);
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN, .skill = id.billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + 5000, 1, .agent = id.ann);
  /* cell exists */
  TU_METRIC(v, TU_KEY([CCM_DIM_AGENT] = id.ann, [CCM_DIM_SKILL] = id.billing), T - 800000, "asa", 5000);
  /* other agent, other bucket: empty cells */
  TU_METRIC(v, TU_KEY([CCM_DIM_AGENT] = id.bob, [CCM_DIM_SKILL] = id.billing), T - 800000, "answered", 0);
  TU_UNDEF(v, TU_KEY([CCM_DIM_AGENT] = id.bob, [CCM_DIM_SKILL] = id.billing), T - 800000, "asa");
  TU_METRIC(v, TU_KEY([CCM_DIM_AGENT] = id.ann, [CCM_DIM_SKILL] = id.billing), T + 100000, "answered", 0);
  TU_UNDEF(v, TU_KEY([CCM_DIM_AGENT] = id.ann, [CCM_DIM_SKILL] = id.billing), T + 100000, "asa");
  /* entries of dimensions not in the view are ignored */
  TU_METRIC(v, TU_KEY([CCM_DIM_AGENT] = id.ann, [CCM_DIM_SKILL] = id.billing, [CCM_DIM_TAG] = 77), T - 800000,
            "asa", 5000);
  /* an unknown id is just an empty cell */
  TU_METRIC(v, TU_KEY([CCM_DIM_AGENT] = 999999, [CCM_DIM_SKILL] = id.billing), T - 800000, "answered", 0);
  ck_assert(!tu_has_cell(v, TU_KEY([CCM_DIM_AGENT] = id.bob, [CCM_DIM_SKILL] = id.billing), T - 800000));
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_bad_metric_and_args) {
  ccm_engine *e = tu_engine(NULL);
  ccm_view *v = tu_view(e, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_NONE);
  ccm_measures *m = new_measures(e);
  ccm_cursor *c = NULL;
  double val = 5;
  int32_t asa = metric_id("asa");
  tu_ids id;
  tu_intern_ids(e, &id);
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN, .skill = id.billing);
  ck_assert_int_eq(ccm_query(v, TU_KEY0, CCM_VIEW_DIMS, 0, -1, &val), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_query(v, TU_KEY0, CCM_VIEW_DIMS, 0, ccm_metric_count(), &val), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_measures_metric(m, ccm_metric_count(), &val), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_query(NULL, TU_KEY0, CCM_VIEW_DIMS, 0, asa, &val), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_query(v, NULL, CCM_VIEW_DIMS, 0, asa, &val), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_query(v, TU_KEY0, CCM_VIEW_DIMS, 0, asa, NULL), CCM_E_INVALID_ARG);
  /* a skill view needs at least CCM_DIM_SKILL + 1 key entries */
  ck_assert_int_eq(ccm_query(v, TU_KEY0, CCM_DIM_SKILL, 0, asa, &val), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_query(v, TU_KEY([CCM_DIM_SKILL] = id.billing), CCM_DIM_SKILL + 1, 0,
                             metric_id("contacts"), &val),
                   CCM_OK);
  ck_assert(val == 1.0);
  ck_assert_int_eq(ccm_cursor_new(v, &c), CCM_OK);
  ck_assert_int_eq(ccm_cursor_next(c), CCM_OK);
  ck_assert_int_eq(ccm_cursor_metric(c, -5, &val), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_cursor_metric(c, metric_id("contacts"), &val), CCM_OK);
  ck_assert(val == 1.0);
  ccm_cursor_free(c);
  ck_assert_int_eq(ccm_measures_new(NULL, &m), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_measures_new(e, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_rollup(NULL, NULL, 0, INT64_MIN, INT64_MAX, m), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_rollup(v, NULL, 0, INT64_MIN, INT64_MAX, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_cursor_new(NULL, &c), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_cursor_new(v, NULL), CCM_E_INVALID_ARG);
  ccm_measures_free(m);
  ccm_measures_free(NULL);
  ccm_cursor_free(NULL);
  ccm_engine_free(e);
}
END_TEST

/* Merging intervals equals one big interval: the data is built so that
 * averaging the per-interval ratios gives another answer. */
START_TEST(test_rollup_never_averages) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *si, *s;
  ccm_measures *m;
  int64_t b1 = T - 800000, b2 = T + 100000; /* 22:00 and 22:15 */
  uint64_t c;
  int32_t rc;
  tu_intern_ids(e, &id);
  si = tu_view(e, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_INTERVAL);
  s = tu_view(e, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_NONE);
  /* interval 1: one answer after 10 s (in SL) */
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN, .skill = id.billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + 10000, 1, .agent = id.ann);
  /* interval 2: three answers after 30 s (not in SL) */
  for (c = 2; c <= 4; ++c) {
    TU_OK(e, CCM_EV_CONTACT_START, T + 150000, c, VOICE_IN, .skill = id.billing);
    TU_OK(e, CCM_EV_QUEUE_ENTER, T + 150000, c, .skill = id.billing);
    TU_OK(e, CCM_EV_ANSWER, T + 180000, c, .agent = id.ann);
  }
  /* contact 5 enters in interval 1 and is answered in interval 2: offered
   * is credited at queue_enter, answered at answer (after 95 s) */
  TU_OK(e, CCM_EV_CONTACT_START, T + 5000, 5, VOICE_IN, .skill = id.billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T + 5000, 5, .skill = id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + 100000, 5, .agent = id.ann);
  TU_METRIC(si, TU_KEY([CCM_DIM_SKILL] = id.billing), b1, "asa", 10000);
  TU_METRIC(si, TU_KEY([CCM_DIM_SKILL] = id.billing), b1, "offered", 2);
  TU_METRIC(si, TU_KEY([CCM_DIM_SKILL] = id.billing), b1, "answered", 1);
  TU_METRIC(si, TU_KEY([CCM_DIM_SKILL] = id.billing), b1, "service_level", 100);
  TU_METRIC(si, TU_KEY([CCM_DIM_SKILL] = id.billing), b2, "asa", 46250);  /* (3 x 30000 + 95000) / 4 */
  TU_METRIC(si, TU_KEY([CCM_DIM_SKILL] = id.billing), b2, "offered", 3);
  TU_METRIC(si, TU_KEY([CCM_DIM_SKILL] = id.billing), b2, "answered", 4);
  TU_METRIC(si, TU_KEY([CCM_DIM_SKILL] = id.billing), b2, "service_level", 0);
  /* all of it: asa (10000 + 90000 + 95000) / 5 = 39000, not (10000 +
   * 46250) / 2 = 28125; service level 1 / 5 = 20 %, not (100 + 0) / 2 */
  TU_METRIC(s, TU_KEY([CCM_DIM_SKILL] = id.billing), 0, "asa", 39000);
  TU_METRIC(s, TU_KEY([CCM_DIM_SKILL] = id.billing), 0, "service_level", 20);
  m = new_measures(e);
  {
    uint32_t f[CCM_VIEW_DIMS] = ALL_ANY;
    f[CCM_DIM_SKILL] = id.billing;
    ck_assert_int_eq(ccm_rollup(si, f, CCM_VIEW_DIMS, INT64_MIN, INT64_MAX, m), CCM_OK);
  }
  MM(m, "asa", 39000);
  MM(m, "service_level", 20);
  MM(m, "offered", 5);
  MM(m, "answered", 5);
  ck_assert_int_eq(mget(m, "wait_answered", CCM_FIELD_MIN), 10000);
  ck_assert_int_eq(mget(m, "wait_answered", CCM_FIELD_MAX), 95000);
  ck_assert_int_eq(mget(m, "wait_answered", CCM_FIELD_SUM), 195000);
  /* only the second interval */
  ccm_measures_clear(m);
  MM(m, "offered", 0);
  (void)mmetric(m, "asa", &rc);
  ck_assert_int_eq(rc, CCM_UNDEFINED);
  ck_assert_int_eq(ccm_rollup(si, NULL, 0, b2, INT64_MAX, m), CCM_OK);
  MM(m, "asa", 46250);
  /* merging is additive: rolling the first interval in as well */
  ck_assert_int_eq(ccm_rollup(si, NULL, 0, b1, b1 + 1, m), CCM_OK);
  MM(m, "asa", 39000);
  MM(m, "offered", 5);
  ccm_measures_free(m);
  ccm_engine_free(e);
}
END_TEST

/* The metrics that read a level (doc/CHOICES.md, "Levels"). */
static int reads_level(int32_t metric) {
  static const char *const names[] = {"backlog",    "open_requests", "in_queue", "longest_wait", "churn_rate",
                                      "retention_rate", "arpu",      "clv",      "engagement"};
  size_t i;
  for (i = 0; i < sizeof names / sizeof names[0]; ++i)
    if (strcmp(ccm_metric_name(metric), names[i]) == 0) return 1;
  return 0;
}

/* Compare every metric and every measure field of two measure sets (levels
 * only when both sets have them: not across hour-of-day buckets, nor for
 * cells of several buckets merged by a cursor). */
static void assert_same_measures_l(const ccm_measures *a, const ccm_measures *b, const char *what, int levels) {
  int32_t nm = ccm_measure_count(), n = ccm_metric_count(), i;
  for (i = 0; i < nm; ++i) {
    int32_t f, nf = ccm_measure_kind(i) == CCM_MEASURE_TIMER_KIND ? 4 : 1;
    for (f = 0; f < nf; ++f) {
      int64_t va = -1, vb = -2;
      ck_assert_int_eq(ccm_measures_get(a, i, f, &va), CCM_OK);
      ck_assert_int_eq(ccm_measures_get(b, i, f, &vb), CCM_OK);
      ck_assert_msg(va == vb, "%s: measure %s field %d: %lld vs %lld", what, ccm_measure_name(i), (int)f,
                    (long long)va, (long long)vb);
    }
  }
  for (i = 0; i < n; ++i) {
    double va = -1, vb = -2;
    int32_t ra, rb;
    if (!levels && reads_level(i)) continue;
    ra = ccm_measures_metric(a, i, &va);
    rb = ccm_measures_metric(b, i, &vb);
    ck_assert_msg(ra == rb, "%s: metric %s: status %d vs %d", what, ccm_metric_name(i), (int)ra, (int)rb);
    if (ra == CCM_OK)
      ck_assert_msg(fabs(va - vb) <= 1e-9 * (1.0 + fabs(va)), "%s: metric %s: %.17g vs %.17g", what,
                    ccm_metric_name(i), va, vb);
  }
}

static void assert_same_measures(const ccm_measures *a, const ccm_measures *b, const char *what) {
  assert_same_measures_l(a, b, what, 1);
}

/* A skill x interval view rolled up over all intervals equals a skill view
 * without time, for every metric and field, on a realistic stream. */
START_TEST(test_rollup_equals_no_grain) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *si, *s, *co, *ah;
  ccm_measures *a, *b;
  uint32_t skills[4];
  int i;
  tu_intern_ids(e, &id);
  si = tu_view(e, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_INTERVAL);
  s = tu_view(e, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_NONE);
  co = tu_view(e, 0, CCM_GRAIN_NONE);
  ah = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_HOUR);
  feed(e, &id, 11, 250);
  ck_assert_int_gt(ccm_view_cells(si), ccm_view_cells(s)); /* several intervals */
  skills[0] = 0, skills[1] = id.billing, skills[2] = id.support, skills[3] = id.sales;
  a = new_measures(e);
  b = new_measures(e);
  for (i = 0; i < 4; ++i) {
    uint32_t f[CCM_VIEW_DIMS] = ALL_ANY;
    char what[64];
    int32_t mid, n = ccm_metric_count();
    f[CCM_DIM_SKILL] = skills[i];
    ccm_measures_clear(a);
    ccm_measures_clear(b);
    ck_assert_int_eq(ccm_rollup(si, f, CCM_VIEW_DIMS, INT64_MIN, INT64_MAX, a), CCM_OK);
    ck_assert_int_eq(ccm_rollup(s, f, CCM_VIEW_DIMS, INT64_MIN, INT64_MAX, b), CCM_OK);
    snprintf(what, sizeof what, "skill %u", (unsigned)skills[i]);
    assert_same_measures(a, b, what);
    /* and the rollup equals ccm_query on the skill view */
    for (mid = 0; mid < n; ++mid) {
      double qv = -1, rv = -2;
      int32_t qr = ccm_query(s, f, CCM_VIEW_DIMS, 0, mid, &qv), rr = ccm_measures_metric(a, mid, &rv);
      ck_assert_msg(qr == rr, "%s %s: query %d rollup %d", what, ccm_metric_name(mid), (int)qr, (int)rr);
      if (qr == CCM_OK) ck_assert_double_eq_tol(qv, rv, 1e-9 * (1.0 + fabs(qv)));
    }
  }
  /* every skill together, and every agent over every hour, equal the
   * company total */
  ccm_measures_clear(a);
  ccm_measures_clear(b);
  ck_assert_int_eq(ccm_rollup(si, NULL, 0, INT64_MIN, INT64_MAX, a), CCM_OK);
  ck_assert_int_eq(ccm_rollup(co, NULL, 0, INT64_MIN, INT64_MAX, b), CCM_OK);
  assert_same_measures(a, b, "skills vs company");
  ccm_measures_clear(a);
  ck_assert_int_eq(ccm_rollup(ah, NULL, 0, INT64_MIN, INT64_MAX, a), CCM_OK);
  assert_same_measures_l(a, b, "agent x hour vs company", 0);
  {
    /* levels by hour of day are undefined */
    double val = 1;
    int32_t k;
    for (k = 0; k < ccm_metric_count(); ++k)
      if (reads_level(k)) ck_assert_int_eq(ccm_measures_metric(a, k, &val), CCM_UNDEFINED);
  }
  ck_assert_int_gt(mget(b, "contacts", CCM_FIELD_COUNT), 200);
  ccm_measures_free(a);
  ccm_measures_free(b);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_rollup_filters) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *v;
  ccm_measures *m;
  int64_t b1 = T - 800000, b2 = T + 100000;
  uint32_t f[CCM_VIEW_DIMS] = ALL_ANY;
  tu_intern_ids(e, &id);
  v = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_INTERVAL);
  /* billing: ann 1 s (b1), bob 3 s (b2); support: ann 5 s (b2); one abandon
   * in support (no agent) */
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 1, .agent = id.ann);
  TU_OK(e, CCM_EV_CONTACT_START, T + 200000, 2, VOICE_IN);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T + 200000, 2, .skill = id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + 203000, 2, .agent = id.bob);
  TU_OK(e, CCM_EV_CONTACT_START, T + 200000, 3, VOICE_IN);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T + 200000, 3, .skill = id.support);
  TU_OK(e, CCM_EV_ANSWER, T + 205000, 3, .agent = id.ann);
  TU_OK(e, CCM_EV_CONTACT_START, T + 200000, 4, VOICE_IN);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T + 200000, 4, .skill = id.support);
  TU_OK(e, CCM_EV_QUEUE_ABANDON, T + 210000, 4);
  m = new_measures(e);
  /* fixed skill, any agent */
  f[CCM_DIM_SKILL] = id.billing;
  ck_assert_int_eq(ccm_rollup(v, f, CCM_VIEW_DIMS, INT64_MIN, INT64_MAX, m), CCM_OK);
  MM(m, "answered", 2);
  MM(m, "asa", 2000); /* (1000 + 3000) / 2 */
  /* fixed agent, any skill */
  ccm_measures_clear(m);
  f[CCM_DIM_SKILL] = ANY;
  f[CCM_DIM_AGENT] = id.ann;
  ck_assert_int_eq(ccm_rollup(v, f, CCM_VIEW_DIMS, INT64_MIN, INT64_MAX, m), CCM_OK);
  MM(m, "answered", 2);
  MM(m, "asa", 3000); /* (1000 + 5000) / 2 */
  MM(m, "abandoned", 0);
  /* agent 0 ("none") matches only itself */
  ccm_measures_clear(m);
  f[CCM_DIM_AGENT] = 0;
  ck_assert_int_eq(ccm_rollup(v, f, CCM_VIEW_DIMS, INT64_MIN, INT64_MAX, m), CCM_OK);
  MM(m, "answered", 0);
  MM(m, "abandoned", 1);
  MM(m, "offered", 4);
  /* a bucket range: [b1, b2) is the first interval only */
  ccm_measures_clear(m);
  ck_assert_int_eq(ccm_rollup(v, NULL, 0, b1, b2, m), CCM_OK);
  MM(m, "answered", 1);
  MM(m, "offered", 1);
  /* [b2, max) */
  ccm_measures_clear(m);
  ck_assert_int_eq(ccm_rollup(v, NULL, 0, b2, INT64_MAX, m), CCM_OK);
  MM(m, "answered", 2);
  MM(m, "offered", 3);
  /* an empty range merges nothing */
  ccm_measures_clear(m);
  ck_assert_int_eq(ccm_rollup(v, NULL, 0, b2, b2, m), CCM_OK);
  MM(m, "offered", 0);
  ck_assert_int_eq(ccm_rollup(v, NULL, 0, b2 + 1, b2 + 900000, m), CCM_OK);
  MM(m, "offered", 0);
  /* fixed agent and skill and bucket */
  ccm_measures_clear(m);
  f[CCM_DIM_AGENT] = id.ann;
  f[CCM_DIM_SKILL] = id.support;
  ck_assert_int_eq(ccm_rollup(v, f, CCM_VIEW_DIMS, b2, b2 + 1, m), CCM_OK);
  MM(m, "asa", 5000);
  ck_assert_int_eq(ccm_rollup(v, f, CCM_VIEW_DIMS, b1, b2, m), CCM_OK);
  MM(m, "asa", 5000);
  /* a value that no cell has matches nothing */
  ccm_measures_clear(m);
  f[CCM_DIM_AGENT] = id.eve;
  f[CCM_DIM_SKILL] = ANY;
  ck_assert_int_eq(ccm_rollup(v, f, CCM_VIEW_DIMS, INT64_MIN, INT64_MAX, m), CCM_OK);
  MM(m, "answered", 0);
  ccm_measures_free(m);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_cursor_visits_each_cell_once) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *v, *co;
  ccm_cursor *c = NULL;
  int64_t n = 0, ncells, sum_offered = 0, sum_talk = 0;
  struct cell {
    uint32_t key[CCM_VIEW_DIMS];
    int64_t bucket;
  } *seen;
  int64_t i;
  int32_t rc;
  uint32_t k[CCM_VIEW_DIMS];
  int64_t b;
  tu_intern_ids(e, &id);
  v = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_SKILL) | CCM_DIM_BIT(CCM_DIM_CHANNEL),
              CCM_GRAIN_INTERVAL);
  co = tu_view(e, 0, CCM_GRAIN_NONE);
  feed(e, &id, 5, 200);
  ncells = ccm_view_cells(v);
  ck_assert_int_gt(ncells, 20);
  ck_assert_int_eq(ccm_cursor_new(v, &c), CCM_OK);
  /* no current cell yet */
  ck_assert_int_eq(ccm_cursor_key(c, k, CCM_VIEW_DIMS, &b), CCM_E_INVALID_ARG);
  seen = calloc((size_t)ncells + 1, sizeof *seen);
  ck_assert_ptr_nonnull(seen);
  while ((rc = ccm_cursor_next(c)) == CCM_OK) {
    int64_t off = -1, talk = -1;
    ck_assert_int_lt(n, ncells);
    memset(k, 0xEE, sizeof k);
    ck_assert_int_eq(ccm_cursor_key(c, k, CCM_VIEW_DIMS, &b), CCM_OK);
    /* dimensions not in the view are 0 */
    ck_assert_uint_eq(k[CCM_DIM_TEAM], 0);
    ck_assert_uint_eq(k[CCM_DIM_TAG], 0);
    ck_assert_uint_eq(k[CCM_DIM_CAMPAIGN], 0);
    ck_assert_msg(k[CCM_DIM_CHANNEL] >= 1 && k[CCM_DIM_CHANNEL] <= 8, "channel %u", (unsigned)k[CCM_DIM_CHANNEL]);
    /* interval buckets are multiples of 15 min, within the stream's hours */
    ck_assert_int_eq(b % (15 * TU_MIN), 0);
    ck_assert_int_ge(b, T - 15 * TU_MIN);
    ck_assert_int_lt(b, T + 6 * TU_HOUR);
    /* the key and bucket agree with ccm_query on the same cell */
    ck_assert_int_eq(ccm_cursor_measure(c, measure_id("offered"), CCM_FIELD_COUNT, &off), CCM_OK);
    {
      double q = -1;
      ck_assert_int_eq(ccm_query(v, k, CCM_VIEW_DIMS, b, metric_id("offered"), &q), CCM_OK);
      ck_assert(q == (double)off);
    }
    ck_assert_int_eq(ccm_cursor_measure(c, measure_id("talk_time"), CCM_FIELD_SUM, &talk), CCM_OK);
    sum_offered += off;
    sum_talk += talk;
    for (i = 0; i < n; ++i)
      TU_CHECK(seen[i].bucket != b || memcmp(seen[i].key, k, sizeof k) != 0, "cell visited twice");
    memcpy(seen[n].key, k, sizeof k);
    seen[n].bucket = b;
    ++n;
  }
  ck_assert_int_eq(rc, CCM_END);
  ck_assert_int_eq(n, ncells);
  ck_assert_int_eq(ccm_cursor_key(c, k, CCM_VIEW_DIMS, &b), CCM_E_INVALID_ARG); /* past the end */
  ck_assert_int_eq(sum_offered, tu_field(co, TU_KEY0, 0, "offered", CCM_FIELD_COUNT));
  ck_assert_int_eq(sum_talk, tu_field(co, TU_KEY0, 0, "talk_time", CCM_FIELD_SUM));
  ck_assert_int_gt(sum_offered, 0);
  ccm_cursor_free(c);
  free(seen);
  /* an empty view: END at once */
  {
    ccm_view *empty = tu_view(e, CCM_DIM_BIT(CCM_DIM_TEAM), CCM_GRAIN_DOW);
    ck_assert_int_eq(ccm_view_cells(empty), 0);
    ck_assert_int_eq(ccm_cursor_new(empty, &c), CCM_OK);
    ck_assert_int_eq(ccm_cursor_next(c), CCM_END);
    ccm_cursor_free(c);
  }
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_buckets) {
  ccm_engine *e = tu_engine(NULL);
  ccm_view *vn = tu_view(e, 0, CCM_GRAIN_NONE), *vi = tu_view(e, 0, CCM_GRAIN_INTERVAL);
  ccm_view *vh = tu_view(e, 0, CCM_GRAIN_HOUR), *vd = tu_view(e, 0, CCM_GRAIN_DOW);
  ccm_view *vt = tu_view(e, 0, CCM_GRAIN_DATE);
  int64_t b;
#define BUCKET(v_, ts_, expected_)                             \
  do {                                                         \
    b = -12345;                                                \
    ck_assert_int_eq(ccm_view_bucket((v_), (ts_), &b), CCM_OK); \
    ck_assert_int_eq(b, (expected_));                          \
  } while (0)
  /* 1970-01-01T00:00:00Z was a Thursday */
  BUCKET(vn, 0, 0);
  BUCKET(vi, 0, 0);
  BUCKET(vh, 0, 0);
  BUCKET(vd, 0, 3);
  BUCKET(vt, 0, 0);
  /* 2023-11-14T22:13:20Z, a Tuesday */
  BUCKET(vn, T, 0);
  BUCKET(vi, T, INT64_C(1699999200000)); /* 22:00 */
  BUCKET(vh, T, 22);
  BUCKET(vd, T, 1);
  BUCKET(vt, T, INT64_C(1699920000000));
  /* the last ms of an interval, the first of the next */
  BUCKET(vi, INT64_C(1700000099999), INT64_C(1699999200000));
  BUCKET(vi, INT64_C(1700000100000), INT64_C(1700000100000));
  /* Sunday 1970-01-04 and Monday 1970-01-05 */
  BUCKET(vd, 3 * TU_DAY + 5, 6);
  BUCKET(vd, 4 * TU_DAY, 0);
  BUCKET(vd, 5 * TU_DAY - 1, 0);
  BUCKET(vh, 4 * TU_DAY + 13 * TU_HOUR + 59 * TU_MIN, 13);
  /* negative times floor: 1969-12-31T23:59:59.999Z, a Wednesday */
  BUCKET(vi, -1, -15 * TU_MIN);
  BUCKET(vh, -1, 23);
  BUCKET(vd, -1, 2);
  BUCKET(vt, -1, -TU_DAY);
  BUCKET(vt, -TU_DAY, -TU_DAY);
  BUCKET(vi, -15 * TU_MIN, -15 * TU_MIN);
  BUCKET(vd, -7 * TU_DAY, 3);
#undef BUCKET
  ck_assert_int_eq(ccm_view_bucket(NULL, 0, &b), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_view_bucket(vi, 0, NULL), CCM_E_INVALID_ARG);
  /* cells carry those buckets: contacts at T and T + 2 h (00:13 Wednesday) */
  {
    ccm_cursor *c = NULL;
    int64_t got[2] = {-1, -1};
    int n = 0;
    uint32_t k[CCM_VIEW_DIMS];
    TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN);
    TU_OK(e, CCM_EV_CONTACT_START, T + 2 * TU_HOUR, 2, VOICE_IN);
    TU_METRIC(vh, TU_KEY0, 22, "contacts", 1);
    TU_METRIC(vh, TU_KEY0, 0, "contacts", 1);
    TU_METRIC(vd, TU_KEY0, 1, "contacts", 1);
    TU_METRIC(vd, TU_KEY0, 2, "contacts", 1);
    TU_METRIC(vt, TU_KEY0, INT64_C(1699920000000), "contacts", 1);
    TU_METRIC(vt, TU_KEY0, INT64_C(1699920000000) + TU_DAY, "contacts", 1);
    TU_METRIC(vn, TU_KEY0, 0, "contacts", 2);
    TU_METRIC(vi, TU_KEY0, INT64_C(1699999200000), "contacts", 1);
    TU_METRIC(vi, TU_KEY0, INT64_C(1699999200000) + 2 * TU_HOUR, "contacts", 1);
    ck_assert_int_eq(ccm_cursor_new(vd, &c), CCM_OK);
    while (ccm_cursor_next(c) == CCM_OK) {
      ck_assert_int_lt(n, 2);
      ck_assert_int_eq(ccm_cursor_key(c, k, CCM_VIEW_DIMS, &got[n]), CCM_OK);
      ++n;
    }
    ck_assert_int_eq(n, 2);
    ck_assert_int_eq(got[0] + got[1], 3); /* buckets 1 and 2 */
    ck_assert_int_ne(got[0], got[1]);
    ccm_cursor_free(c);
  }
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_buckets_configured_interval) {
  ccm_config *cfg = NULL;
  ccm_engine *e;
  ccm_view *vi;
  int64_t b = 0;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_INTERVAL_MS, TU_HOUR), CCM_OK);
  e = tu_engine(cfg);
  ccm_config_free(cfg);
  vi = tu_view(e, 0, CCM_GRAIN_INTERVAL);
  ck_assert_int_eq(ccm_view_bucket(vi, T, &b), CCM_OK);
  ck_assert_int_eq(b, T - 13 * TU_MIN - 20 * TU_SEC);
  ck_assert_int_eq(ccm_view_bucket(vi, -1, &b), CCM_OK);
  ck_assert_int_eq(b, -TU_HOUR);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_measure_fields) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *v;
  ccm_cursor *c = NULL;
  ccm_measures *m;
  int64_t val;
  int32_t wait = measure_id("wait_answered"), contacts = measure_id("contacts"), acw = measure_id("acw_time");
  tu_intern_ids(e, &id);
  v = tu_view(e, 0, CCM_GRAIN_NONE);
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + 7000, 1, .agent = id.ann);
  TU_OK(e, CCM_EV_CONTACT_START, T, 2, VOICE_IN);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 2, .skill = id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + 3000, 2, .agent = id.ann);
  TU_OK(e, CCM_EV_CONTACT_START, T, 3, VOICE_IN);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 3, .skill = id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + 11000, 3, .agent = id.ann);
  ck_assert_int_eq(ccm_cursor_new(v, &c), CCM_OK);
  ck_assert_int_eq(ccm_cursor_next(c), CCM_OK);
  ck_assert_int_eq(ccm_cursor_measure(c, wait, CCM_FIELD_COUNT, &val), CCM_OK);
  ck_assert_int_eq(val, 3);
  ck_assert_int_eq(ccm_cursor_measure(c, wait, CCM_FIELD_SUM, &val), CCM_OK);
  ck_assert_int_eq(val, 21000);
  ck_assert_int_eq(ccm_cursor_measure(c, wait, CCM_FIELD_MIN, &val), CCM_OK);
  ck_assert_int_eq(val, 3000);
  ck_assert_int_eq(ccm_cursor_measure(c, wait, CCM_FIELD_MAX, &val), CCM_OK);
  ck_assert_int_eq(val, 11000);
  ck_assert_int_eq(ccm_cursor_measure(c, contacts, CCM_FIELD_COUNT, &val), CCM_OK);
  ck_assert_int_eq(val, 3);
  /* a timer without values: all 0 */
  ck_assert_int_eq(ccm_cursor_measure(c, acw, CCM_FIELD_MIN, &val), CCM_OK);
  ck_assert_int_eq(val, 0);
  ck_assert_int_eq(ccm_cursor_measure(c, acw, CCM_FIELD_MAX, &val), CCM_OK);
  ck_assert_int_eq(val, 0);
  /* counts have only the count field; bad ids and fields */
  ck_assert_int_lt(ccm_cursor_measure(c, contacts, CCM_FIELD_SUM, &val), 0);
  ck_assert_int_lt(ccm_cursor_measure(c, wait, 4, &val), 0);
  ck_assert_int_lt(ccm_cursor_measure(c, wait, -1, &val), 0);
  ck_assert_int_eq(ccm_cursor_measure(c, ccm_measure_count(), CCM_FIELD_COUNT, &val), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_cursor_measure(c, -1, CCM_FIELD_COUNT, &val), CCM_E_NOT_FOUND);
  /* the same through a measure set */
  m = new_measures(e);
  ck_assert_int_eq(ccm_cursor_merge(c, m), CCM_OK);
  ck_assert_int_eq(mget(m, "wait_answered", CCM_FIELD_SUM), 21000);
  ck_assert_int_eq(mget(m, "wait_answered", CCM_FIELD_MIN), 3000);
  ck_assert_int_eq(mget(m, "wait_answered", CCM_FIELD_MAX), 11000);
  ck_assert_int_eq(ccm_measures_get(m, contacts, CCM_FIELD_COUNT, &val), CCM_OK);
  ck_assert_int_eq(val, 3);
  ck_assert_int_lt(ccm_measures_get(m, contacts, CCM_FIELD_MAX, &val), 0);
  ck_assert_int_eq(ccm_measures_get(m, -1, CCM_FIELD_COUNT, &val), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_measures_get(m, wait, CCM_FIELD_SUM, NULL), CCM_E_INVALID_ARG);
  /* merging the cell twice adds counts and sums, keeps min and max */
  ck_assert_int_eq(ccm_cursor_merge(c, m), CCM_OK);
  ck_assert_int_eq(mget(m, "wait_answered", CCM_FIELD_COUNT), 6);
  ck_assert_int_eq(mget(m, "wait_answered", CCM_FIELD_SUM), 42000);
  ck_assert_int_eq(mget(m, "wait_answered", CCM_FIELD_MIN), 3000);
  ck_assert_int_eq(mget(m, "wait_answered", CCM_FIELD_MAX), 11000);
  MM(m, "asa", 7000);
  /* an empty set: timers 0, metrics undefined */
  ccm_measures_clear(m);
  ck_assert_int_eq(mget(m, "wait_answered", CCM_FIELD_MIN), 0);
  ck_assert_int_eq(mget(m, "wait_answered", CCM_FIELD_COUNT), 0);
  {
    int32_t rc;
    (void)mmetric(m, "asa", &rc);
    ck_assert_int_eq(rc, CCM_UNDEFINED);
  }
  ck_assert_int_eq(ccm_cursor_next(c), CCM_END);
  ck_assert_int_eq(ccm_cursor_merge(c, m), CCM_E_INVALID_ARG); /* no current cell */
  ccm_cursor_free(c);
  ccm_measures_free(m);
  ccm_engine_free(e);
}
END_TEST

/* Merging every cell of a view with the cursor equals rolling it up. */
START_TEST(test_cursor_merge_equals_rollup) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *v, *co;
  ccm_cursor *c = NULL;
  ccm_measures *a, *b;
  tu_intern_ids(e, &id);
  v = tu_view(e, CCM_DIM_BIT(CCM_DIM_DISPOSITION) | CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_DATE);
  co = tu_view(e, 0, CCM_GRAIN_NONE);
  feed(e, &id, 21, 120);
  a = new_measures(e);
  b = new_measures(e);
  ck_assert_int_eq(ccm_cursor_new(v, &c), CCM_OK);
  while (ccm_cursor_next(c) == CCM_OK) ck_assert_int_eq(ccm_cursor_merge(c, a), CCM_OK);
  ccm_cursor_free(c);
  ck_assert_int_eq(ccm_rollup(v, NULL, 0, INT64_MIN, INT64_MAX, b), CCM_OK);
  assert_same_measures_l(a, b, "cursor merge vs rollup", 0);
  ccm_measures_clear(b);
  ck_assert_int_eq(ccm_rollup(co, NULL, 0, INT64_MIN, INT64_MAX, b), CCM_OK);
  assert_same_measures_l(a, b, "disposition x skill x date vs company", 0);
  {
    /* the cursor merged cells of several dates: no levels; the two rollups
     * (same span) agree on them */
    ccm_measures *r = new_measures(e);
    double val = 1;
    ck_assert_int_eq(ccm_rollup(v, NULL, 0, INT64_MIN, INT64_MAX, r), CCM_OK);
    assert_same_measures(r, b, "date rollup vs company, with levels");
    ck_assert_int_eq(ccm_measures_metric(a, metric_id("backlog"), &val), CCM_UNDEFINED);
    ccm_measures_free(r);
  }
  ccm_measures_free(a);
  ccm_measures_free(b);
  ccm_engine_free(e);
}
END_TEST

/* A rollup that fixes every dimension over a short range looks buckets up
 * one by one; it must equal merging the matching cells found by a cursor,
 * for ranges that start and end anywhere (inside a bucket, before the data,
 * empty). */
START_TEST(test_rollup_lookup_equals_scan) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *v;
  uint32_t skills[3];
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  int k, r;
  tu_intern_ids(e, &id);
  skills[0] = id.billing;
  skills[1] = id.support;
  skills[2] = id.sales;
  v = tu_view(e, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_INTERVAL);
  feed(e, &id, 5, 150);
  {
    ccm_cursor *c = NULL;
    ck_assert_int_eq(ccm_cursor_new(v, &c), CCM_OK);
    while (ccm_cursor_next(c) == CCM_OK) {
      int64_t b;
      uint32_t key[CCM_VIEW_DIMS];
      ck_assert_int_eq(ccm_cursor_key(c, key, CCM_VIEW_DIMS, &b), CCM_OK);
      if (b < lo) lo = b;
      if (b > hi) hi = b;
    }
    ccm_cursor_free(c);
  }
  ck_assert(lo < hi);
  for (r = 0; r < 40; r++) {
    /* deterministic spread of ranges, some unaligned, some empty */
    int64_t from = lo - 900000 + (int64_t)r * (hi - lo + 1800000) / 40 + (r % 3) * 1234;
    int64_t to = from + (int64_t)(r % 7) * 900000 + (r % 2) * 777;
    for (k = 0; k < 3; k++) {
      uint32_t f[CCM_VIEW_DIMS];
      ccm_measures *a = new_measures(e), *b = new_measures(e);
      ccm_cursor *c = NULL;
      int i;
      for (i = 0; i < CCM_VIEW_DIMS; i++) f[i] = CCM_ANY;
      f[CCM_DIM_SKILL] = skills[k];
      ck_assert_int_eq(ccm_rollup(v, f, CCM_VIEW_DIMS, from, to, a), CCM_OK);
      ck_assert_int_eq(ccm_cursor_new(v, &c), CCM_OK);
      while (ccm_cursor_next(c) == CCM_OK) {
        int64_t bk;
        uint32_t key[CCM_VIEW_DIMS];
        ck_assert_int_eq(ccm_cursor_key(c, key, CCM_VIEW_DIMS, &bk), CCM_OK);
        if (key[CCM_DIM_SKILL] == skills[k] && bk >= from && bk < to) ck_assert_int_eq(ccm_cursor_merge(c, b), CCM_OK);
      }
      ccm_cursor_free(c);
      assert_same_measures_l(a, b, "lookup rollup vs cursor", 0);
      ccm_measures_free(a);
      ccm_measures_free(b);
    }
  }
  ccm_engine_free(e);
}
END_TEST

/* Queries, rollups and cursors do not change the engine. */
START_TEST(test_queries_change_nothing) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  tu_views vs;
  tu_fp a, b;
  ccm_measures *m;
  int32_t i, n = ccm_metric_count();
  tu_intern_ids(e, &id);
  tu_views_add(e, &vs);
  feed(e, &id, 8, 60);
  tu_fingerprint(e, &vs, &a);
  m = new_measures(e);
  for (i = 0; i < TU_STD_VIEWS; ++i) {
    int32_t k;
    double val;
    ck_assert_int_eq(ccm_rollup(vs.v[i], NULL, 0, INT64_MIN, INT64_MAX, m), CCM_OK);
    for (k = 0; k < n; ++k) ccm_query(vs.v[i], TU_KEY([CCM_DIM_AGENT] = 99), CCM_VIEW_DIMS, 12345, k, &val);
  }
  tu_fingerprint(e, &vs, &b);
  ck_assert(tu_fp_equal(&a, &b));
  tu_fp_free(&a);
  tu_fp_free(&b);
  ccm_measures_free(m);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_views) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *v = NULL, *late;
  uint32_t mask = CCM_DIM_BIT(CCM_DIM_TAG) | CCM_DIM_BIT(CCM_DIM_CHANNEL);
  tu_intern_ids(e, &id);
  /* the reason is a view dimension since 0.2.0; the QA form is not */
  ck_assert_int_eq(ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_FORM), CCM_GRAIN_NONE, 0, &v), CCM_E_INVALID_ARG);
  {
    ccm_engine *e2 = tu_engine(NULL);
    ck_assert_int_eq(ccm_view_new(e2, CCM_DIM_BIT(CCM_DIM_REASON), CCM_GRAIN_NONE, 0, &v), CCM_OK);
    ck_assert_int_eq(ccm_view_dims(v), CCM_DIM_BIT(CCM_DIM_REASON));
    ccm_engine_free(e2);
  }
  ck_assert_int_eq(ccm_view_new(e, 0x80000000u, CCM_GRAIN_NONE, 0, &v), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_view_new(e, 0, CCM_GRAIN_MONTH + 1, 0, &v), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_view_new(e, 0, -1, 0, &v), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_view_new(e, 0, CCM_GRAIN_NONE, 2, &v), CCM_E_INVALID_ARG); /* only CCM_VIEW_SKETCHES */
  ck_assert_int_eq(ccm_view_new(NULL, 0, CCM_GRAIN_NONE, 0, &v), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_view_new(e, 0, CCM_GRAIN_NONE, 0, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_VIEWS), 0);
  v = tu_view(e, mask, CCM_GRAIN_DOW);
  ck_assert_uint_eq(ccm_view_dims(v), mask);
  ck_assert_int_eq(ccm_view_grain(v), CCM_GRAIN_DOW);
  ck_assert_int_eq(ccm_view_cells(v), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_VIEWS), 1);
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN);
  TU_OK(e, CCM_EV_TAG, T, 1, .label = id.refund);
  TU_OK(e, CCM_EV_TAG, T, 1, .label = id.urgent);
  /* tagged x 2 (one cell each) */
  ck_assert_int_eq(ccm_view_cells(v), 2 + (tu_has_cell(v, TU_KEY([CCM_DIM_CHANNEL] = CCM_CHANNEL_VOICE), 1)));
  /* a view registered after events starts empty */
  late = tu_view(e, 0, CCM_GRAIN_NONE);
  ck_assert_int_eq(ccm_view_cells(late), 0);
  TU_METRIC(late, TU_KEY0, 0, "contacts", 0);
  TU_OK(e, CCM_EV_CONTACT_START, T, 2, VOICE_IN);
  TU_METRIC(late, TU_KEY0, 0, "contacts", 1);
  ck_assert_int_eq(ccm_view_cells(late), 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_VIEWS), 2);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_CELLS), ccm_view_cells(v) + ccm_view_cells(late));
  ccm_engine_free(e);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Catalogs */



/* Listed in METRICS.md but of families this version does not compute. */
/* every metric of the catalog is computed since 0.2.0 */

START_TEST(test_metric_catalog) {
  int32_t n = ccm_metric_count(), i, j, prev = -1, nsupported = 0;
  size_t k;
  ck_assert_int_eq(n, (int32_t)tu_ncomputed_metrics);
  for (i = 0; i < n; ++i) {
    const char *name = ccm_metric_name(i);
    int32_t back = -1, unit = ccm_metric_unit(i), better = ccm_metric_better(i), sup = ccm_metric_supported(i);
    ck_assert_ptr_nonnull(name);
    ck_assert_int_gt((int)strlen(name), 0);
    ck_assert_int_eq(ccm_metric_by_name(name, &back), CCM_OK);
    ck_assert_int_eq(back, i);
    for (j = 0; j < i; ++j) ck_assert_str_ne(name, ccm_metric_name(j));
    ck_assert_ptr_nonnull(ccm_metric_description(i));
    ck_assert_int_gt((int)strlen(ccm_metric_description(i)), 0);
    ck_assert_ptr_nonnull(ccm_metric_formula(i));
    ck_assert_int_gt((int)strlen(ccm_metric_formula(i)), 0);
    ck_assert_ptr_nonnull(ccm_metric_seeds(i));
    ck_assert_int_gt((int)strlen(ccm_metric_seeds(i)), 0);
    ck_assert_msg(unit >= CCM_UNIT_COUNT && unit <= CCM_UNIT_MONEY, "%s: unit %d", name, (int)unit);
    ck_assert_msg(better == CCM_BETTER_UP || better == CCM_BETTER_DOWN || better == CCM_BETTER_NONE,
                  "%s: better %d", name, (int)better);
    ck_assert_msg(sup == 0 || sup == 1, "%s: supported %d", name, (int)sup);
    nsupported += sup;
  }
  ck_assert_int_eq(nsupported, (int32_t)(tu_ncomputed_metrics));
  /* ids follow METRICS.md order; the first is focus_time_pct */
  ck_assert_str_eq(ccm_metric_name(0), "focus_time_pct");
  for (k = 0; k < tu_ncomputed_metrics; ++k) {
    int32_t id = -1;
    ck_assert_msg(ccm_metric_by_name(tu_computed_metrics[k], &id) == CCM_OK, "no metric %s", tu_computed_metrics[k]);
    ck_assert_msg(id > prev, "%s is out of METRICS.md order", tu_computed_metrics[k]);
    ck_assert_int_eq(ccm_metric_supported(id), 1);
    prev = id;
  }
  /* a few rows of the table */
  {
    int32_t asa = metric_id("asa");
    ck_assert_int_eq(ccm_metric_unit(asa), CCM_UNIT_MS);
    ck_assert_int_eq(ccm_metric_better(asa), CCM_BETTER_DOWN);
    ck_assert_str_eq(ccm_metric_seeds(asa), "C, K, L");
  }
  ck_assert_int_eq(ccm_metric_unit(metric_id("abandon_rate")), CCM_UNIT_PERCENT);
  ck_assert_int_eq(ccm_metric_better(metric_id("abandon_rate")), CCM_BETTER_DOWN);
  ck_assert_int_eq(ccm_metric_unit(metric_id("contacts")), CCM_UNIT_COUNT);
  ck_assert_int_eq(ccm_metric_better(metric_id("contacts")), CCM_BETTER_UP);
  ck_assert_int_eq(ccm_metric_better(metric_id("offered")), CCM_BETTER_NONE);
  ck_assert_int_eq(ccm_metric_better(metric_id("avg_talk_time")), CCM_BETTER_NONE);
  ck_assert_int_eq(ccm_metric_unit(metric_id("avg_agent_responses")), CCM_UNIT_RATIO);
  ck_assert_int_eq(ccm_metric_unit(metric_id("csat_avg")), CCM_UNIT_SCORE);
  ck_assert_int_eq(ccm_metric_unit(metric_id("cost_per_contact")), CCM_UNIT_MONEY);
  ck_assert_int_eq(ccm_metric_better(metric_id("cost_per_contact")), CCM_BETTER_DOWN);
  /* follow-on response time: lower is better (METRICS.md notes) */
  ck_assert_int_eq(ccm_metric_better(metric_id("follow_on_response_time")), CCM_BETTER_DOWN);
  ck_assert_int_eq(ccm_metric_better(metric_id("avg_follow_on_response_time")), CCM_BETTER_DOWN);
  ck_assert_int_eq(ccm_metric_better(metric_id("service_level")), CCM_BETTER_UP);
  ck_assert_ptr_nonnull(strstr(ccm_metric_formula(metric_id("asa")), "wait_answered"));
  /* bad ids and names */
  {
    int32_t id = 7;
    ck_assert_ptr_null(ccm_metric_name(-1));
    ck_assert_ptr_null(ccm_metric_name(n));
    ck_assert_ptr_null(ccm_metric_description(n));
    ck_assert_ptr_null(ccm_metric_formula(n));
    ck_assert_ptr_null(ccm_metric_seeds(-1));
    ck_assert_int_eq(ccm_metric_unit(n), CCM_E_NOT_FOUND);
    ck_assert_int_eq(ccm_metric_better(n), CCM_E_NOT_FOUND);
    ck_assert_int_eq(ccm_metric_supported(n), CCM_E_NOT_FOUND);
    ck_assert_int_eq(ccm_metric_supported(-1), CCM_E_NOT_FOUND);
    ck_assert_int_eq(ccm_metric_by_name("no_such_metric", &id), CCM_E_NOT_FOUND);
    ck_assert_int_eq(ccm_metric_by_name("ASA", &id), CCM_E_NOT_FOUND);
    ck_assert_int_eq(ccm_metric_by_name(NULL, &id), CCM_E_INVALID_ARG);
    ck_assert_int_eq(ccm_metric_by_name("asa", NULL), CCM_E_INVALID_ARG);
  }
}
END_TEST

static const char *const measures[] = {
    "contacts", "blocked", "offered", "answered", "wait_answered", "answered_in_sl", "abandoned", "abandon_wait",
    "short_abandoned", "abandoned_in_sl", "flow_out", "flow_out_wait", "flow_out_in_sl", "offer_missed",
    "alert_time", "rings", "rung_answered", "agent_contacts", "handled", "talk_time", "hold_time", "holds",
    "held_contacts", "acw_time", "handle_time", "transfers", "focus_count", "focus_time", "agent_contact_time",
    "agent_messages", "agent_frt", "agent_contacts_with_frt", "responded_agent_contacts", "agent_responses",
    "customer_responses", "contacts_with_customer_response", "response_time", "follow_on_responses",
    "follow_on_response_time", "first_reply_time", "first_reply_in_target", "closed_contacts", "resolution_time",
    "first_resolution_time", "resolved_in_target", "reopened", "escalated", "transferred_contacts", "tagged"};

static const char *const timers[] = {"wait_answered",   "abandon_wait", "flow_out_wait",   "alert_time",
                                     "talk_time",       "hold_time",    "acw_time",        "handle_time",
                                     "focus_time",      "agent_contact_time", "agent_frt", "response_time",
                                     "follow_on_response_time", "first_reply_time", "resolution_time",
                                     "first_resolution_time"};

START_TEST(test_measure_catalog) {
  int32_t n = ccm_measure_count(), i, j;
  size_t k, ntimers = 0;
  ck_assert_int_ge(n, (int32_t)(sizeof measures / sizeof measures[0]));
  for (k = 0; k < sizeof measures / sizeof measures[0]; ++k) {
    int32_t id = -1, kind;
    size_t t;
    int is_timer = 0;
    ck_assert_ptr_nonnull(ccm_measure_name((int32_t)k));
    ck_assert_str_eq(ccm_measure_name((int32_t)k), measures[k]); /* ids never renumbered */
    ck_assert_int_eq(ccm_measure_by_name(measures[k], &id), CCM_OK);
    ck_assert_int_eq(id, (int32_t)k);
    for (t = 0; t < sizeof timers / sizeof timers[0]; ++t)
      if (strcmp(timers[t], measures[k]) == 0) is_timer = 1;
    kind = ccm_measure_kind(id);
    ck_assert_msg(kind == (is_timer ? CCM_MEASURE_TIMER_KIND : CCM_MEASURE_COUNT_KIND), "%s: kind %d",
                  measures[k], (int)kind);
    ntimers += (size_t)is_timer;
  }
  ck_assert_uint_eq(ntimers, sizeof timers / sizeof timers[0]);
  for (i = 0; i < n; ++i)
    for (j = 0; j < i; ++j) ck_assert_str_ne(ccm_measure_name(i), ccm_measure_name(j));
  ck_assert_ptr_null(ccm_measure_name(-1));
  ck_assert_ptr_null(ccm_measure_name(n));
  ck_assert_int_eq(ccm_measure_kind(n), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_measure_kind(-1), CCM_E_NOT_FOUND);
  {
    int32_t id;
    ck_assert_int_eq(ccm_measure_by_name("asa", &id), CCM_E_NOT_FOUND); /* a metric, not a measure */
    ck_assert_int_eq(ccm_measure_by_name(NULL, &id), CCM_E_INVALID_ARG);
    ck_assert_int_eq(ccm_measure_by_name("contacts", NULL), CCM_E_INVALID_ARG);
  }
}
END_TEST

static Suite *query_suite(void) {
  Suite *s = suite_create("query");
  TCase *tq = tcase_create("query");
  TCase *tr = tcase_create("rollup");
  TCase *tc = tcase_create("catalog");
  tcase_add_test(tq, test_undefined_not_zero);
  tcase_add_test(tq, test_empty_cell_key);
  tcase_add_test(tq, test_bad_metric_and_args);
  tcase_add_test(tq, test_buckets);
  tcase_add_test(tq, test_buckets_configured_interval);
  tcase_add_test(tq, test_measure_fields);
  tcase_add_test(tq, test_views);
  tcase_add_test(tr, test_rollup_never_averages);
  tcase_add_test(tr, test_rollup_equals_no_grain);
  tcase_add_test(tr, test_rollup_filters);
  tcase_add_test(tr, test_cursor_visits_each_cell_once);
  tcase_add_test(tr, test_cursor_merge_equals_rollup);
  tcase_add_test(tr, test_rollup_lookup_equals_scan);
  tcase_add_test(tr, test_queries_change_nothing);
  tcase_add_test(tc, test_metric_catalog);
  tcase_add_test(tc, test_measure_catalog);
  tcase_set_timeout(tr, 120);
  suite_add_tcase(s, tq);
  suite_add_tcase(s, tr);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return tu_run(query_suite()); }
