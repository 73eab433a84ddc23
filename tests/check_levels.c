/*
 * check_levels.c - CCM_CFG_LEVELS 0: an engine that keeps no level (gauge)
 * gives every other metric as one that keeps them, and every metric and
 * field that reads a level as CCM_UNDEFINED; ccm_metric_uses_levels says
 * which; the setting survives a snapshot and bars a merge with an engine
 * that keeps levels.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define T TU_T0 /* 2023-11-14T22:13:20Z, in the interval starting 22:00 */
#define MIN TU_MIN
#define HOUR TU_HOUR
#define I2200 (T - 13 * MIN - 20 * TU_SEC)

#define CHAT_IN .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_INBOUND
#define SKILL(s_) TU_KEY([CCM_DIM_SKILL] = (s_))
#define TEAM(t_) TU_KEY([CCM_DIM_TEAM] = (t_))

static ccm_engine *engine_levels(int64_t levels) {
  ccm_config *cfg = NULL;
  ccm_engine *e;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_LEVELS, levels), CCM_OK);
  e = tu_engine(cfg);
  ccm_config_free(cfg);
  return e;
}

static int64_t setting(const ccm_engine *e, int32_t key) {
  int64_t v = -1;
  ck_assert_int_eq(ccm_engine_config(e, key, &v), CCM_OK);
  return v;
}

START_TEST(test_setting) {
  int64_t min = -1, max = -1, def = -1;
  ccm_config *cfg = NULL;
  ck_assert_int_eq(ccm_config_bounds(CCM_CFG_LEVELS, &min, &max, &def), CCM_OK);
  ck_assert_int_eq(min, 0);
  ck_assert_int_eq(max, 1);
  ck_assert_int_eq(def, 1);
  ck_assert_str_eq(ccm_config_name(CCM_CFG_LEVELS), "levels");
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_LEVELS, 2), CCM_E_RANGE);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_LEVELS, -1), CCM_E_RANGE);
  ccm_config_free(cfg);
}
END_TEST

START_TEST(test_metric_uses_levels) {
  static const char *const with[] = {"backlog", "open_requests", "in_queue", "longest_wait", "churn_rate",
                                     "retention_rate", "arpu", "clv", "engagement"};
  static const char *const without[] = {"offered", "answered", "asa", "service_level", "aht", "agent_responses",
                                        "avg_agent_frt", "avg_resolution_time", "occupancy", "csat_pct"};
  size_t i;
  int32_t m, n = ccm_metric_count(), count = 0;
  for (i = 0; i < sizeof with / sizeof *with; i++)
    ck_assert_msg(ccm_metric_uses_levels(tu_metric_id(with[i])) == 1, "%s reads a level", with[i]);
  for (i = 0; i < sizeof without / sizeof *without; i++)
    ck_assert_msg(ccm_metric_uses_levels(tu_metric_id(without[i])) == 0, "%s reads no level", without[i]);
  /* exactly those nine of this version's metrics */
  for (m = 0; m < n; m++) count += ccm_metric_uses_levels(m) == 1;
  ck_assert_int_eq(count, (int)(sizeof with / sizeof *with));
  ck_assert_int_eq(ccm_metric_uses_levels(-1), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_metric_uses_levels(n), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_metric_uses_levels(INT32_MAX), CCM_E_NOT_FOUND);
}
END_TEST

/* A level field of a cell read with a cursor: the status, *value. */
static int32_t cursor_level(const ccm_view *v, const char *measure, int32_t field, int64_t *value) {
  ccm_cursor *c = NULL;
  int32_t rc;
  ck_assert_int_eq(ccm_cursor_new(v, &c), CCM_OK);
  ck_assert_int_eq(ccm_cursor_next(c), CCM_OK);
  rc = ccm_cursor_measure(c, tu_measure_id(measure), field, value);
  ccm_cursor_free(c);
  return rc;
}

/* One chat by hand, in an engine with and one without levels:
 *   22:13:20 c1 starts (billing), the customer writes, it enters the queue;
 *   22:16:20 ann (red) answers: waited 3 min; 22:17:20 ann replies, first
 *   agent response 1 min after the answer;
 *   ann is available from 22:00, busy from 22:16:20;
 *   a customer is acquired at 22:05.
 * With levels: backlog 1, in_queue 0 at the end, longest_wait 2 min at
 * 22:15:20; without: all undefined, the counts and timers the same. */
START_TEST(test_by_hand) {
  int k;
  for (k = 0; k < 2; k++) {
    ccm_engine *e = engine_levels(k);
    tu_ids id;
    ccm_view *si, *company, *ti, *di;
    ccm_measures *m = NULL;
    double d = -1;
    int64_t f = -1;
    tu_intern_ids(e, &id);
    si = tu_view(e, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_INTERVAL);
    company = tu_view(e, 0, CCM_GRAIN_NONE);
    ti = tu_view(e, CCM_DIM_BIT(CCM_DIM_TEAM), CCM_GRAIN_INTERVAL);
    di = tu_view(e, CCM_DIM_BIT(CCM_DIM_DISPOSITION), CCM_GRAIN_INTERVAL);
    TU_OK(e, CCM_EV_AGENT_STATE, I2200, 0, .agent = id.ann, .team = id.red, .label = CCM_STATE_AVAILABLE);
    TU_OK(e, CCM_EV_CUSTOMER_ACQUIRE, I2200 + 5 * MIN, 0, .customer = 7);
    TU_OK(e, CCM_EV_CONTACT_START, T, 1, CHAT_IN, .skill = id.billing);
    TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, T, 1);
    TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = id.billing);
    ck_assert_int_eq(ccm_engine_advance(e, T + 2 * MIN), CCM_OK);
    if (k) {
      TU_METRIC(company, TU_KEY0, 0, "longest_wait", 2 * MIN);
      TU_METRIC(company, TU_KEY0, 0, "in_queue", 1);
    } else {
      TU_UNDEF(company, TU_KEY0, 0, "longest_wait");
      TU_UNDEF(company, TU_KEY0, 0, "in_queue");
    }
    TU_OK(e, CCM_EV_ANSWER, T + 3 * MIN, 1, .agent = id.ann, .team = id.red);
    TU_OK(e, CCM_EV_AGENT_STATE, T + 3 * MIN, 0, .agent = id.ann, .label = CCM_STATE_BUSY);
    TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 4 * MIN, 1);
    /* 22:35 a disposition: it credits nothing but moves the backlog from
     * the disposition "none" to "sale", so only levels reach its cells */
    TU_OK(e, CCM_EV_DISPOSITION, I2200 + 35 * MIN, 1, .label = id.sale);
    ck_assert_int_eq(tu_has_cell(di, TU_KEY([CCM_DIM_DISPOSITION] = id.sale), I2200 + 30 * MIN), k);
    ck_assert_int_eq(tu_has_cell(di, TU_KEY0, I2200 + 30 * MIN), k);
    ck_assert_int_eq(tu_has_cell(di, TU_KEY0, I2200), 1); /* offered there */

    /* the same in both: one offered, answered after 3 min, one response */
    TU_METRIC(si, SKILL(id.billing), I2200, "offered", 1);
    TU_METRIC(si, SKILL(id.billing), I2200 + 15 * MIN, "answered", 1); /* at 22:16:20 */
    TU_METRIC(si, SKILL(id.billing), I2200 + 15 * MIN, "asa", 3 * MIN);
    TU_METRIC(si, SKILL(id.billing), I2200 + 15 * MIN, "service_level", 0); /* 3 min > 20 s */
    TU_METRIC(company, TU_KEY0, 0, "agent_responses", 1);
    TU_METRIC(company, TU_KEY0, 0, "avg_agent_frt", MIN);
    ck_assert_int_eq(tu_stat(e, CCM_STAT_ACCEPTED), 9);
    if (k) {
      TU_METRIC(company, TU_KEY0, 0, "backlog", 1);
      TU_METRIC(company, TU_KEY0, 0, "open_requests", 0); /* ann replied */
      TU_METRIC(company, TU_KEY0, 0, "in_queue", 0);
      TU_METRIC(company, TU_KEY0, 0, "engagement", 0); /* no contact has a customer; 1 active */
      TU_FIELD(ti, TEAM(id.red), I2200, "agents_available", CCM_FIELD_END, 1);
      TU_FIELD(ti, TEAM(id.red), I2200 + 15 * MIN, "agents_busy", CCM_FIELD_END, 1); /* from 22:16:20 */
      TU_FIELD(ti, TEAM(id.red), I2200 + 15 * MIN, "agents_logged_in", CCM_FIELD_END, 1);
      ck_assert_int_eq(cursor_level(company, "customers_active", CCM_FIELD_END, &f), CCM_OK);
      ck_assert_int_eq(f, 1);
    } else {
      TU_UNDEF(company, TU_KEY0, 0, "backlog");
      TU_UNDEF(company, TU_KEY0, 0, "open_requests");
      TU_UNDEF(company, TU_KEY0, 0, "in_queue");
      TU_UNDEF(company, TU_KEY0, 0, "engagement");
      TU_UNDEF(si, SKILL(id.billing), I2200, "backlog");
      /* the level fields of every reader */
      ck_assert_int_eq(cursor_level(company, "customers_active", CCM_FIELD_END, &f), CCM_UNDEFINED);
      ck_assert_int_eq(f, 0);
      ck_assert_int_eq(cursor_level(ti, "agents_busy", CCM_FIELD_START, &f), CCM_UNDEFINED);
      ck_assert_int_eq(cursor_level(company, "open_contacts", CCM_FIELD_COUNT, &f), CCM_UNDEFINED); /* the change */
      ck_assert_int_eq(cursor_level(company, "answered", CCM_FIELD_COUNT, &f), CCM_OK); /* not a level */
      ck_assert_int_eq(f, 1);
      ck_assert_int_eq(ccm_measures_new(e, &m), CCM_OK);
      ck_assert_int_eq(ccm_rollup(si, NULL, 0, I2200, I2200 + HOUR, m), CCM_OK);
      ck_assert_int_eq(ccm_measures_metric(m, tu_metric_id("backlog"), &d), CCM_UNDEFINED);
      ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("in_queue"), CCM_FIELD_END, &f), CCM_UNDEFINED);
      ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("in_queue"), CCM_FIELD_COUNT, &f), CCM_UNDEFINED);
      ck_assert_int_eq(f, 0);
      ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("offered"), CCM_FIELD_COUNT, &f), CCM_OK);
      ck_assert_int_eq(f, 1);
      ck_assert_int_eq(ccm_measures_metric(m, tu_metric_id("asa"), &d), CCM_OK);
      ck_assert_double_eq_tol(d, 3 * MIN, 1e-9);
      ccm_measures_free(m);
      ck_assert_int_eq(setting(e, CCM_CFG_LEVELS), 0);
    }
    ccm_engine_free(e);
  }
}
END_TEST

/* Every metric of every cell of the standard views over a generated stream
 * (every event family): the same without levels, except those that read one,
 * which are undefined; no new cell, less memory. */
START_TEST(test_same_numbers) {
  ccm_engine *on = engine_levels(1), *off = engine_levels(0);
  tu_ids id_on, id_off;
  tu_views v_on, v_off;
  tu_stream s = {0};
  size_t i;
  int j, compared = 0, undefined = 0;
  int32_t m, n = ccm_metric_count();
  tu_intern_ids(on, &id_on);
  tu_intern_ids(off, &id_off);
  ck_assert_mem_eq(&id_on, &id_off, sizeof id_on);
  tu_views_add(on, &v_on);
  tu_views_add(off, &v_off);
  tu_gen(&id_on, 11, 300, &s);
  tu_gen_families(&id_on, 11, 40, &s);
  for (i = 0; i < s.n; i++) {
    tu_expect(on, &s.ev[i], s.expect[i], __FILE__, __LINE__);
    tu_expect(off, &s.ev[i], s.expect[i], __FILE__, __LINE__);
  }
  ck_assert_int_eq(ccm_engine_advance(on, s.ev[s.n - 1].ts), CCM_OK);
  ck_assert_int_eq(ccm_engine_advance(off, s.ev[s.n - 1].ts), CCM_OK);
  ck_assert_int_eq(tu_stat(on, CCM_STAT_ACCEPTED), tu_stat(off, CCM_STAT_ACCEPTED));
  ck_assert_int_le(tu_stat(off, CCM_STAT_CELLS), tu_stat(on, CCM_STAT_CELLS));
  ck_assert_int_lt(tu_stat(off, CCM_STAT_MEMORY_BYTES), tu_stat(on, CCM_STAT_MEMORY_BYTES));
  for (j = 0; j < TU_STD_VIEWS; j++) {
    ccm_cursor *c = NULL;
    ck_assert_int_eq(ccm_cursor_new(v_on.v[j], &c), CCM_OK);
    while (ccm_cursor_next(c) == CCM_OK) {
      uint32_t key[CCM_VIEW_DIMS];
      int64_t bucket;
      ck_assert_int_eq(ccm_cursor_key(c, key, CCM_VIEW_DIMS, &bucket), CCM_OK);
      for (m = 0; m < n; m++) {
        double a = -1, b = -1;
        int32_t ra, rb;
        if (ccm_metric_supported(m) != 1) continue;
        ra = ccm_cursor_metric(c, m, &a);
        rb = ccm_query(v_off.v[j], key, CCM_VIEW_DIMS, bucket, m, &b);
        if (ccm_metric_uses_levels(m)) {
          ck_assert_msg(rb == CCM_UNDEFINED && b == 0, "%s: %d %g without levels", ccm_metric_name(m), (int)rb, b);
          undefined += ra == CCM_OK; /* defined with them */
        } else {
          ck_assert_msg(ra == rb && (a == b || (isnan(a) && isnan(b))), "view %d, %s: %d %.17g with levels, %d %.17g without",
                        j, ccm_metric_name(m), (int)ra, a, (int)rb, b);
          compared += ra == CCM_OK;
        }
      }
    }
    ccm_cursor_free(c);
  }
  /* the comparison saw real numbers on both sides */
  ck_assert_int_gt(compared, 1000);
  ck_assert_int_gt(undefined, 100);
  tu_stream_free(&s);
  ccm_engine_free(on);
  ccm_engine_free(off);
}
END_TEST

/* The setting is saved and restored; engines that differ in it are not
 * merged, and the engine merged into is left as it was. */
START_TEST(test_snapshot_and_merge) {
  ccm_engine *off = engine_levels(0), *on = engine_levels(1), *back = NULL;
  tu_ids id;
  tu_out out = {0};
  ccm_view *v = NULL;
  double d = -1;
  tu_intern_ids(off, &id);
  tu_intern_ids(on, &id);
  tu_view(off, 0, CCM_GRAIN_NONE);
  tu_view(on, 0, CCM_GRAIN_NONE);
  TU_OK(off, CCM_EV_CONTACT_START, T, 1, CHAT_IN, .skill = id.billing);
  TU_OK(off, CCM_EV_QUEUE_ENTER, T, 1, .skill = id.billing);
  TU_OK(on, CCM_EV_CONTACT_START, T, 1, CHAT_IN, .skill = id.billing);
  ck_assert_int_eq(ccm_engine_snapshot(off, tu_out_write, &out), CCM_OK);
  ck_assert_int_eq(ccm_engine_restore(out.p, out.n, NULL, NULL, &back), CCM_OK);
  ck_assert_int_eq(setting(back, CCM_CFG_LEVELS), 0);
  ck_assert_int_eq(ccm_engine_view(back, 0, &v), CCM_OK);
  TU_METRIC(v, TU_KEY0, 0, "offered", 1);
  TU_UNDEF(v, TU_KEY0, 0, "in_queue");
  /* restored, it goes on without levels */
  TU_OK(back, CCM_EV_QUEUE_ABANDON, T + MIN, 1);
  TU_METRIC(v, TU_KEY0, 0, "abandoned", 1);
  TU_UNDEF(v, TU_KEY0, 0, "backlog");
  /* merges */
  ck_assert_int_eq(ccm_engine_merge(on, off), CCM_E_INCOMPATIBLE);
  ck_assert_int_eq(ccm_engine_merge(off, on), CCM_E_INCOMPATIBLE);
  {
    ccm_view *von = NULL, *voff = NULL;
    ck_assert_int_eq(ccm_engine_view(on, 0, &von), CCM_OK);
    ck_assert_int_eq(ccm_engine_view(off, 0, &voff), CCM_OK);
    ck_assert_int_eq(ccm_view_merge(von, voff), CCM_E_INCOMPATIBLE);
    ck_assert_int_eq(ccm_view_merge(voff, von), CCM_E_INCOMPATIBLE);
  }
  ck_assert_int_eq(ccm_engine_view(on, 0, &v), CCM_OK);
  TU_METRIC(v, TU_KEY0, 0, "backlog", 1);
  ck_assert_int_eq(tu_query(v, TU_KEY0, 0, "offered", &d), CCM_OK);
  ck_assert_double_eq(d, 0);
  ck_assert_int_eq(ccm_engine_merge(back, off), CCM_OK); /* the same setting */
  ck_assert_int_eq(ccm_engine_view(back, 0, &v), CCM_OK);
  TU_METRIC(v, TU_KEY0, 0, "offered", 2);
  tu_out_free(&out);
  ccm_engine_free(back);
  ccm_engine_free(on);
  ccm_engine_free(off);
}
END_TEST

int main(void) {
  Suite *s = suite_create("levels");
  TCase *tc = tcase_create("levels");
  tcase_add_test(tc, test_setting);
  tcase_add_test(tc, test_metric_uses_levels);
  tcase_add_test(tc, test_by_hand);
  tcase_add_test(tc, test_same_numbers);
  tcase_add_test(tc, test_snapshot_and_merge);
  suite_add_tcase(s, tc);
  return tu_run(s);
}
