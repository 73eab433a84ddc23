/*
 * check_config.c - configuration objects: defaults, bounds, set/get, names,
 * and the engine's own copy.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define NKEYS 18

/* Defaults documented in ccmetrics.h and METRICS.md. */
static const int64_t defaults[NKEYS + 1] = {
    0,
    15 * TU_MIN,    /* CCM_CFG_INTERVAL_MS */
    20 * TU_SEC,    /* CCM_CFG_SL_THRESHOLD_MS */
    5 * TU_SEC,     /* CCM_CFG_SHORT_ABANDON_MS */
    6 * TU_SEC,     /* CCM_CFG_RING_CYCLE_MS */
    TU_HOUR,        /* CCM_CFG_FRT_TARGET_MS */
    24 * TU_HOUR,   /* CCM_CFG_RESOLUTION_TARGET_MS */
    7 * TU_DAY,     /* CCM_CFG_REPEAT_WINDOW_MS */
    7 * TU_DAY,     /* CCM_CFG_RETENTION_MS */
    5 * TU_MIN,     /* CCM_CFG_GRACE_MS */
    TU_DAY,         /* CCM_CFG_IDLE_TIMEOUT_MS */
    4,              /* CCM_CFG_CSAT_SATISFIED */
    5,              /* CCM_CFG_CES_EASY */
    0,              /* CCM_CFG_MAX_CONTACTS */
    0,              /* CCM_CFG_CUSTOMERS_BASE */
    TU_DAY,         /* CCM_CFG_DEDUP_WINDOW_MS */
    1048576,        /* CCM_CFG_DEDUP_MAX */
    0,              /* CCM_CFG_LATENESS_MS */
    1,              /* CCM_CFG_LEVELS */
};

static ccm_config *new_cfg(void) {
  ccm_config *cfg = NULL;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_ptr_nonnull(cfg);
  return cfg;
}

static int64_t get(const ccm_config *cfg, int32_t key) {
  int64_t v = -777;
  int32_t rc = ccm_config_get(cfg, key, &v);
  ck_assert_msg(rc == CCM_OK, "ccm_config_get(%d) returned %d", (int)key, (int)rc);
  return v;
}

START_TEST(test_defaults) {
  ccm_config *cfg = new_cfg();
  ccm_engine *e = tu_engine(NULL);
  int32_t k;
  for (k = 1; k <= NKEYS; ++k) {
    int64_t def = -1, ev = -1;
    ck_assert_msg(get(cfg, k) == defaults[k], "key %d (%s): default %lld, expected %lld", (int)k, ccm_config_name(k),
                  (long long)get(cfg, k), (long long)defaults[k]);
    ck_assert_int_eq(ccm_config_bounds(k, NULL, NULL, &def), CCM_OK);
    ck_assert_int_eq(def, defaults[k]);
    /* an engine made without a configuration holds every default */
    ck_assert_int_eq(ccm_engine_config(e, k, &ev), CCM_OK);
    ck_assert_int_eq(ev, defaults[k]);
  }
  ccm_engine_free(e);
  ccm_config_free(cfg);
}
END_TEST

START_TEST(test_bounds_sane) {
  int32_t k;
  for (k = 1; k <= NKEYS; ++k) {
    int64_t min = -1, max = -1, def = -1;
    ck_assert_int_eq(ccm_config_bounds(k, &min, &max, &def), CCM_OK);
    ck_assert_msg(min <= def && def <= max, "key %d: min %lld def %lld max %lld", (int)k, (long long)min,
                  (long long)def, (long long)max);
    /* no setting of this version is meaningful below 0 */
    ck_assert_msg(min >= 0, "key %d (%s): min %lld < 0", (int)k, ccm_config_name(k), (long long)min);
    /* NULL outputs are allowed */
    ck_assert_int_eq(ccm_config_bounds(k, NULL, NULL, NULL), CCM_OK);
  }
  {
    int64_t min = 0, max = 0;
    /* a zero interval or ring cycle would divide by zero */
    ck_assert_int_eq(ccm_config_bounds(CCM_CFG_INTERVAL_MS, &min, &max, NULL), CCM_OK);
    ck_assert_int_ge(min, 1);
    ck_assert_int_le(max, TU_DAY);
    ck_assert_int_eq(ccm_config_bounds(CCM_CFG_RING_CYCLE_MS, &min, NULL, NULL), CCM_OK);
    ck_assert_int_ge(min, 1);
    /* survey thresholds live on their scales: CSAT 1..5, CES 1..7 */
    ck_assert_int_eq(ccm_config_bounds(CCM_CFG_CSAT_SATISFIED, &min, &max, NULL), CCM_OK);
    ck_assert_int_ge(min, 1);
    ck_assert_int_le(max, 5);
    ck_assert_int_eq(ccm_config_bounds(CCM_CFG_CES_EASY, &min, &max, NULL), CCM_OK);
    ck_assert_int_ge(min, 1);
    ck_assert_int_le(max, 7);
    /* 0 means "never" / "unlimited" for these two */
    ck_assert_int_eq(ccm_config_bounds(CCM_CFG_IDLE_TIMEOUT_MS, &min, NULL, NULL), CCM_OK);
    ck_assert_int_eq(min, 0);
    ck_assert_int_eq(ccm_config_bounds(CCM_CFG_MAX_CONTACTS, &min, NULL, NULL), CCM_OK);
    ck_assert_int_eq(min, 0);
  }
}
END_TEST

START_TEST(test_set_get_bounds) {
  ccm_config *cfg = new_cfg();
  int32_t k;
  for (k = 1; k <= NKEYS; ++k) {
    int64_t min, max, def;
    ck_assert_int_eq(ccm_config_bounds(k, &min, &max, &def), CCM_OK);
    if (k == CCM_CFG_INTERVAL_MS) continue; /* must also divide a day: below */
    ck_assert_int_eq(ccm_config_set(cfg, k, min), CCM_OK);
    ck_assert_int_eq(get(cfg, k), min);
    ck_assert_int_eq(ccm_config_set(cfg, k, max), CCM_OK);
    ck_assert_int_eq(get(cfg, k), max);
    ck_assert_int_eq(ccm_config_set(cfg, k, def), CCM_OK);
    ck_assert_int_eq(get(cfg, k), def);
    if (max > min) {
      ck_assert_int_eq(ccm_config_set(cfg, k, min + (max - min) / 2), CCM_OK);
      ck_assert_int_eq(get(cfg, k), min + (max - min) / 2);
    }
  }
  ccm_config_free(cfg);
}
END_TEST

START_TEST(test_out_of_range_keeps_value) {
  ccm_config *cfg = new_cfg();
  int32_t k;
  for (k = 1; k <= NKEYS; ++k) {
    int64_t min, max, def;
    ck_assert_int_eq(ccm_config_bounds(k, &min, &max, &def), CCM_OK);
    if (min > INT64_MIN) {
      ck_assert_msg(ccm_config_set(cfg, k, min - 1) == CCM_E_RANGE, "key %d: min - 1 accepted", (int)k);
      ck_assert_int_eq(get(cfg, k), def);
    }
    if (max < INT64_MAX) {
      ck_assert_msg(ccm_config_set(cfg, k, max + 1) == CCM_E_RANGE, "key %d: max + 1 accepted", (int)k);
      ck_assert_int_eq(get(cfg, k), def);
    }
    ck_assert_int_eq(ccm_config_set(cfg, k, INT64_MIN), CCM_E_RANGE);
    ck_assert_int_eq(ccm_config_set(cfg, k, -1), CCM_E_RANGE);
    ck_assert_int_eq(get(cfg, k), def);
  }
  /* a value set before an error survives the error */
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_SL_THRESHOLD_MS, 30000), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_SL_THRESHOLD_MS, -5), CCM_E_RANGE);
  ck_assert_int_eq(get(cfg, CCM_CFG_SL_THRESHOLD_MS), 30000);
  ccm_config_free(cfg);
}
END_TEST

START_TEST(test_unknown_key) {
  ccm_config *cfg = new_cfg();
  ccm_engine *e = tu_engine(NULL);
  const int32_t bad[] = {0, -1, NKEYS + 1, 100, INT32_MIN, INT32_MAX};
  size_t i;
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    int64_t v = 42;
    ck_assert_int_eq(ccm_config_set(cfg, bad[i], 1), CCM_E_NOT_FOUND);
    ck_assert_int_eq(ccm_config_get(cfg, bad[i], &v), CCM_E_NOT_FOUND);
    ck_assert_int_eq(ccm_config_bounds(bad[i], &v, &v, &v), CCM_E_NOT_FOUND);
    ck_assert_int_eq(ccm_engine_config(e, bad[i], &v), CCM_E_NOT_FOUND);
    ck_assert_ptr_null(ccm_config_name(bad[i]));
  }
  ccm_engine_free(e);
  ccm_config_free(cfg);
}
END_TEST

START_TEST(test_interval_divides_day) {
  ccm_config *cfg = new_cfg();
  int64_t min, max;
  const int64_t good[] = {TU_MIN, 5 * TU_MIN, 10 * TU_MIN, 30 * TU_MIN, TU_HOUR, 2 * TU_HOUR, 8 * TU_HOUR, TU_DAY};
  /* not divisors of 86 400 000 */
  const int64_t bad[] = {7 * TU_SEC, 7 * TU_MIN, 11 * TU_MIN, 7 * TU_HOUR, TU_DAY - 1, 2 * TU_DAY};
  size_t i;
  ck_assert_int_eq(ccm_config_bounds(CCM_CFG_INTERVAL_MS, &min, &max, NULL), CCM_OK);
  for (i = 0; i < sizeof good / sizeof good[0]; ++i) {
    if (good[i] < min || good[i] > max) continue;
    ck_assert_msg(ccm_config_set(cfg, CCM_CFG_INTERVAL_MS, good[i]) == CCM_OK, "interval %lld refused",
                  (long long)good[i]);
    ck_assert_int_eq(get(cfg, CCM_CFG_INTERVAL_MS), good[i]);
  }
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_INTERVAL_MS, 15 * TU_MIN), CCM_OK);
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    ck_assert_msg(ccm_config_set(cfg, CCM_CFG_INTERVAL_MS, bad[i]) == CCM_E_RANGE, "interval %lld accepted",
                  (long long)bad[i]);
    ck_assert_int_eq(get(cfg, CCM_CFG_INTERVAL_MS), 15 * TU_MIN);
  }
  ccm_config_free(cfg);
}
END_TEST

START_TEST(test_engine_copies_config) {
  ccm_config *cfg = new_cfg();
  ccm_engine *e;
  int64_t v = 0;
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_SL_THRESHOLD_MS, 30000), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_INTERVAL_MS, 30 * TU_MIN), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_RING_CYCLE_MS, 5000), CCM_OK);
  e = tu_engine(cfg);
  ck_assert_int_eq(ccm_engine_config(e, CCM_CFG_SL_THRESHOLD_MS, &v), CCM_OK);
  ck_assert_int_eq(v, 30000);
  /* changing the configuration afterwards does not reach the engine */
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_SL_THRESHOLD_MS, 10000), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_INTERVAL_MS, TU_HOUR), CCM_OK);
  ck_assert_int_eq(ccm_engine_config(e, CCM_CFG_SL_THRESHOLD_MS, &v), CCM_OK);
  ck_assert_int_eq(v, 30000);
  ck_assert_int_eq(ccm_engine_config(e, CCM_CFG_INTERVAL_MS, &v), CCM_OK);
  ck_assert_int_eq(v, 30 * TU_MIN);
  /* nor does freeing it */
  ccm_config_free(cfg);
  ck_assert_int_eq(ccm_engine_config(e, CCM_CFG_RING_CYCLE_MS, &v), CCM_OK);
  ck_assert_int_eq(v, 5000);
  ck_assert_int_eq(ccm_engine_config(e, CCM_CFG_GRACE_MS, &v), CCM_OK);
  ck_assert_int_eq(v, 5 * TU_MIN);
  /* the engine's interval is the one it got: buckets are 30 min wide */
  {
    ccm_view *vi = tu_view(e, 0, CCM_GRAIN_INTERVAL);
    int64_t b = 0;
    ck_assert_int_eq(ccm_view_bucket(vi, TU_T0, &b), CCM_OK);
    /* 1700000000000 = 22:13:20Z; the 30 min interval starts at 22:00:00 */
    ck_assert_int_eq(b, TU_T0 - 13 * TU_MIN - 20 * TU_SEC);
  }
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_names) {
  int32_t k, j;
  ck_assert_str_eq(ccm_config_name(CCM_CFG_INTERVAL_MS), "interval_ms");
  for (k = 1; k <= NKEYS; ++k) {
    const char *n = ccm_config_name(k);
    ck_assert_ptr_nonnull(n);
    ck_assert_int_gt((int)strlen(n), 0);
    for (j = 1; j < k; ++j) ck_assert_str_ne(n, ccm_config_name(j));
  }
}
END_TEST

START_TEST(test_bad_args) {
  ccm_config *cfg = new_cfg();
  ccm_engine *e = tu_engine(NULL);
  int64_t v;
  ck_assert_int_eq(ccm_config_new(NULL, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_config_get(cfg, CCM_CFG_GRACE_MS, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_config_get(NULL, CCM_CFG_GRACE_MS, &v), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_config_set(NULL, CCM_CFG_GRACE_MS, 1000), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_config(NULL, CCM_CFG_GRACE_MS, &v), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_config(e, CCM_CFG_GRACE_MS, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_new(NULL, NULL, NULL), CCM_E_INVALID_ARG);
  ccm_config_free(NULL);
  ccm_engine_free(NULL);
  ccm_engine_free(e);
  ccm_config_free(cfg);
}
END_TEST

START_TEST(test_custom_allocator) {
  tu_alloc a;
  ccm_config *cfg = NULL;
  tu_alloc_init(&a);
  ck_assert_int_eq(ccm_config_new(&a.hooks, &cfg), CCM_OK);
  ck_assert_int_ge(a.outstanding, 1);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_GRACE_MS, 1000), CCM_OK);
  ccm_config_free(cfg);
  ck_assert_int_eq(a.outstanding, 0);
  ck_assert_int_eq(a.bad_frees, 0);
  /* every allocation failing: NOMEM and nothing held */
  tu_alloc_arm_from(&a, 1);
  cfg = NULL;
  ck_assert_int_eq(ccm_config_new(&a.hooks, &cfg), CCM_E_NOMEM);
  ck_assert_int_eq(a.outstanding, 0);
}
END_TEST

static Suite *config_suite(void) {
  Suite *s = suite_create("config");
  TCase *tc = tcase_create("config");
  tcase_add_test(tc, test_defaults);
  tcase_add_test(tc, test_bounds_sane);
  tcase_add_test(tc, test_set_get_bounds);
  tcase_add_test(tc, test_out_of_range_keeps_value);
  tcase_add_test(tc, test_unknown_key);
  tcase_add_test(tc, test_interval_divides_day);
  tcase_add_test(tc, test_engine_copies_config);
  tcase_add_test(tc, test_names);
  tcase_add_test(tc, test_bad_args);
  tcase_add_test(tc, test_custom_allocator);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return tu_run(config_suite()); }
