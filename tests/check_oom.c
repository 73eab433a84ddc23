/*
 * check_oom.c - allocation failure at every point: the allocator fails the
 * Nth allocation (alloc and realloc both count) for N = 1, 2, ... until the
 * operation succeeds without a failure; every failure must return
 * CCM_E_NOMEM, leave the engine as it was, and leak nothing.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define MAX_N 100000L

static ccm_engine *engine_with(tu_alloc *a) {
  ccm_engine *e = NULL;
  ck_assert_int_eq(ccm_engine_new(NULL, &a->hooks, &e), CCM_OK);
  ck_assert_ptr_nonnull(e);
  return e;
}

START_TEST(test_config_new) {
  tu_alloc a;
  long n;
  tu_alloc_init(&a);
  for (n = 1; n < MAX_N; ++n) {
    ccm_config *cfg = NULL;
    int32_t rc;
    tu_alloc_arm(&a, n);
    rc = ccm_config_new(&a.hooks, &cfg);
    tu_alloc_disarm(&a);
    if (rc == CCM_E_NOMEM) {
      ck_assert_int_eq(a.outstanding, 0);
      ck_assert_ptr_null(cfg);
      continue;
    }
    ck_assert_int_eq(rc, CCM_OK);
    ccm_config_free(cfg);
    ck_assert_int_eq(a.outstanding, 0);
    if (a.injected == 0) break;
  }
  ck_assert_int_lt(n, MAX_N);
  ck_assert_int_eq(a.bad_frees, 0);
}
END_TEST

START_TEST(test_engine_new) {
  tu_alloc a;
  ccm_config *cfg = NULL;
  long n, failures = 0;
  tu_alloc_init(&a);
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_SL_THRESHOLD_MS, 15000), CCM_OK);
  for (n = 1; n < MAX_N; ++n) {
    ccm_engine *e = NULL;
    int32_t rc;
    tu_alloc_arm(&a, n);
    rc = ccm_engine_new(cfg, &a.hooks, &e);
    tu_alloc_disarm(&a);
    if (rc == CCM_E_NOMEM) {
      ++failures;
      ck_assert_msg(a.outstanding == 0, "N=%ld: %ld blocks leaked by a failed ccm_engine_new", n, a.outstanding);
      ck_assert_ptr_null(e);
      continue;
    }
    ck_assert_int_eq(rc, CCM_OK);
    {
      int64_t v = 0;
      ck_assert_int_eq(ccm_engine_config(e, CCM_CFG_SL_THRESHOLD_MS, &v), CCM_OK);
      ck_assert_int_eq(v, 15000);
    }
    ccm_engine_free(e);
    ck_assert_int_eq(a.outstanding, 0);
    if (a.injected == 0) break;
  }
  ck_assert_int_lt(n, MAX_N);
  ck_assert_int_ge(failures, 1); /* an engine needs at least one allocation */
  ck_assert_int_eq(a.bad_frees, 0);
  ccm_config_free(cfg);
}
END_TEST

START_TEST(test_view_new) {
  static const uint32_t masks[] = {0, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_DIM_BIT(CCM_DIM_TAG),
                                   CCM_DIM_BIT(CCM_DIM_SKILL) | CCM_DIM_BIT(CCM_DIM_CHANNEL)};
  tu_alloc a;
  ccm_engine *e;
  tu_ids ids;
  size_t i;
  tu_alloc_init(&a);
  e = engine_with(&a);
  tu_intern_ids(e, &ids);
  for (i = 0; i < sizeof masks / sizeof masks[0]; ++i) {
    long n;
    ccm_view *v = NULL;
    for (n = 1; n < MAX_N; ++n) {
      int64_t views = tu_stat(e, CCM_STAT_VIEWS);
      int32_t rc;
      v = NULL;
      tu_alloc_arm(&a, n);
      rc = ccm_view_new(e, masks[i], CCM_GRAIN_INTERVAL, 0, &v);
      tu_alloc_disarm(&a);
      if (rc == CCM_E_NOMEM) {
        ck_assert_ptr_null(v);
        ck_assert_int_eq(tu_stat(e, CCM_STAT_VIEWS), views);
        /* spare capacity may stay, but the engine accounts for it */
        ck_assert_int_eq(tu_stat(e, CCM_STAT_MEMORY_BYTES), a.bytes);
        continue;
      }
      ck_assert_int_eq(rc, CCM_OK);
      ck_assert_int_eq(tu_stat(e, CCM_STAT_VIEWS), views + 1);
      if (a.injected == 0) break;
    }
    ck_assert_int_lt(n, MAX_N);
    /* the last view works */
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(ccm_view_dims(v), masks[i]);
  }
  TU_OK(e, CCM_EV_CONTACT_START, TU_T0, 1, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND);
  ccm_engine_free(e);
  ck_assert_int_eq(a.outstanding, 0);
  ck_assert_int_eq(a.bad_frees, 0);
}
END_TEST

START_TEST(test_intern) {
  tu_alloc a;
  ccm_engine *e;
  int i;
  tu_alloc_init(&a);
  e = engine_with(&a);
  for (i = 0; i < 300; ++i) {
    char name[32];
    int len = snprintf(name, sizeof name, "agent-%d", i);
    uint32_t id = 0, id2 = 0;
    long n;
    int32_t dim = i % 2 ? CCM_DIM_AGENT : CCM_DIM_TAG;
    for (n = 1; n < MAX_N; ++n) {
      int32_t rc;
      tu_alloc_arm(&a, n);
      rc = ccm_intern(e, dim, name, (size_t)len, &id);
      tu_alloc_disarm(&a);
      if (rc == CCM_E_NOMEM) {
        ck_assert_int_eq(ccm_lookup(e, dim, name, (size_t)len, &id2), CCM_E_NOT_FOUND);
        ck_assert_int_eq(tu_stat(e, CCM_STAT_MEMORY_BYTES), a.bytes);
        continue;
      }
      ck_assert_int_eq(rc, CCM_OK);
      if (a.injected == 0) break;
    }
    ck_assert_int_lt(n, MAX_N);
    ck_assert_uint_eq(id, (uint32_t)(i / 2 + 1));
    /* an existing value allocates nothing: even a dead allocator is fine */
    tu_alloc_arm_from(&a, 1);
    ck_assert_int_eq(ccm_intern(e, dim, name, (size_t)len, &id2), CCM_OK);
    tu_alloc_disarm(&a);
    ck_assert_uint_eq(id2, id);
    ck_assert_int_eq(a.injected, 0);
  }
  /* every value is still there */
  for (i = 0; i < 300; ++i) {
    char name[32];
    int len = snprintf(name, sizeof name, "agent-%d", i);
    const char *back = NULL;
    uint32_t id = 0;
    int32_t dim = i % 2 ? CCM_DIM_AGENT : CCM_DIM_TAG;
    ck_assert_int_eq(ccm_lookup(e, dim, name, (size_t)len, &id), CCM_OK);
    ck_assert_int_eq(ccm_name(e, dim, id, &back, NULL), CCM_OK);
    ck_assert_str_eq(back, name);
  }
  ccm_engine_free(e);
  ck_assert_int_eq(a.outstanding, 0);
  ck_assert_int_eq(a.bad_frees, 0);
}
END_TEST

/*
 * A whole realistic stream into an engine with several views (a tag view
 * among them).  For each event: fail the Nth allocation for N = 1, 2, ...;
 * on CCM_E_NOMEM the engine must equal a reference engine that has seen
 * the same events without failures; then retry.  At the end both engines
 * are equal and, once freed, nothing is left allocated.
 */
START_TEST(test_ingest_stream) {
  tu_alloc a;
  ccm_engine *e, *ref;
  tu_ids ids, rids;
  tu_views vs, rvs;
  tu_stream s = {0}, rs = {0};
  size_t i;
  long nomem = 0, graceful = 0;
  tu_alloc_init(&a);
  e = engine_with(&a);
  ref = tu_engine(NULL);
  tu_intern_ids(e, &ids);
  tu_intern_ids(ref, &rids);
  tu_views_add(e, &vs);
  tu_views_add(ref, &rvs);
  /* extra views: more cells to grow */
  tu_view(e, CCM_DIM_BIT(CCM_DIM_TAG) | CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL);
  tu_view(e, CCM_DIM_BIT(CCM_DIM_TEAM) | CCM_DIM_BIT(CCM_DIM_CONTACT_TYPE), CCM_GRAIN_HOUR);
  tu_view(ref, CCM_DIM_BIT(CCM_DIM_TAG) | CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL);
  tu_view(ref, CCM_DIM_BIT(CCM_DIM_TEAM) | CCM_DIM_BIT(CCM_DIM_CONTACT_TYPE), CCM_GRAIN_HOUR);
  tu_gen(&ids, 17, 70, &s);
  tu_gen(&rids, 17, 70, &rs);
  tu_gen_families(&ids, 17, 20, &s);
  tu_gen_families(&rids, 17, 20, &rs);
  ck_assert_uint_eq(s.n, rs.n);
  for (i = 0; i < s.n; ++i) {
    long n;
    tu_fp rfp;
    int have_rfp = 0;
    for (n = 1; n < MAX_N; ++n) {
      int32_t rc;
      tu_alloc_arm(&a, n);
      rc = ccm_ingest(e, &s.ev[i]);
      tu_alloc_disarm(&a);
      if (a.injected == 0) {
        ck_assert_msg(rc == s.expect[i], "event %zu (%s): %d \"%s\"", i, ccm_event_name(s.ev[i].type), (int)rc,
                      ccm_engine_errmsg(e));
        break;
      }
      if (rc == CCM_E_NOMEM) {
        tu_fp fp;
        ++nomem;
        if (!have_rfp) {
          tu_fingerprint(ref, &rvs, &rfp);
          have_rfp = 1;
        }
        tu_fingerprint(e, &vs, &fp);
        ck_assert_msg(tu_fp_equal(&fp, &rfp), "event %zu (%s): failing allocation %ld changed the engine", i,
                      ccm_event_name(s.ev[i].type), n);
        ck_assert_msg(ccm_engine_errmsg(e)[0] != '\0', "no message for CCM_E_NOMEM");
        tu_fp_free(&fp);
        continue;
      }
      /* the library got by without that allocation */
      ck_assert_msg(rc == s.expect[i], "event %zu (%s) with allocation %ld failing: %d", i,
                    ccm_event_name(s.ev[i].type), n, (int)rc);
      ++graceful;
      break;
    }
    ck_assert_int_lt(n, MAX_N);
    if (have_rfp) tu_fp_free(&rfp);
    ck_assert_int_eq(ccm_ingest(ref, &rs.ev[i]), rs.expect[i]);
    if (i % 100 == 99 || i + 1 == s.n) {
      tu_fp fa, fb;
      tu_fingerprint(e, &vs, &fa);
      tu_fingerprint(ref, &rvs, &fb);
      ck_assert_msg(tu_fp_equal(&fa, &fb), "after event %zu the engines differ", i);
      tu_fp_free(&fa);
      tu_fp_free(&fb);
    }
  }
  ck_assert_int_gt(nomem, 0); /* the stream did make the engine grow */
  ck_assert_int_eq(tu_stat(e, CCM_STAT_ACCEPTED), (int64_t)s.n);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), tu_stat(ref, CCM_STAT_OPEN_CONTACTS));
  /* the engine's own accounting matches the allocator's (cursors, freed
   * by now, are not the engine's) */
  ck_assert_int_eq(tu_stat(e, CCM_STAT_MEMORY_BYTES), a.bytes);
  (void)graceful;
  tu_stream_free(&s);
  tu_stream_free(&rs);
  ccm_engine_free(ref);
  ccm_engine_free(e);
  ck_assert_msg(a.outstanding == 0, "%ld blocks (%lld bytes) leaked", a.outstanding, a.bytes);
  ck_assert_int_eq(a.bad_frees, 0);
}
END_TEST

/* Every allocation failing: a new contact is refused, nothing changes, and
 * it goes in once memory is back. */
START_TEST(test_ingest_dead_allocator) {
  tu_alloc a;
  ccm_engine *e;
  tu_ids ids;
  tu_views vs;
  tu_fp before, after;
  ccm_event ev = TU_EVENT(CCM_EV_CONTACT_START, TU_T0, 1, .channel = CCM_CHANNEL_VOICE,
                          .direction = CCM_DIRECTION_INBOUND);
  tu_alloc_init(&a);
  e = engine_with(&a);
  tu_intern_ids(e, &ids);
  tu_views_add(e, &vs);
  ev.skill = ids.billing;
  tu_fingerprint(e, &vs, &before);
  tu_alloc_arm_from(&a, 1);
  ck_assert_int_eq(ccm_ingest(e, &ev), CCM_E_NOMEM);
  tu_alloc_disarm(&a);
  ck_assert_int_gt(a.injected, 0);
  tu_fingerprint(e, &vs, &after);
  ck_assert(tu_fp_equal(&before, &after));
  ck_assert_int_eq(tu_stat(e, CCM_STAT_ACCEPTED), 0);
  /* the contact does not exist */
  TU_REJECT(e, CCM_E_UNKNOWN_CONTACT, CCM_EV_QUEUE_ENTER, TU_T0, 1, .skill = ids.billing);
  ck_assert_int_eq(ccm_ingest(e, &ev), CCM_OK);
  TU_OK(e, CCM_EV_QUEUE_ENTER, TU_T0, 1, .skill = ids.billing);
  tu_fp_free(&before);
  tu_fp_free(&after);
  ccm_engine_free(e);
  ck_assert_int_eq(a.outstanding, 0);
}
END_TEST

/* A batch stops at the event whose allocation failed; the events before it
 * stay ingested. */
/*
 * ccm_engine_advance() credits running agent-state spans into cells it may
 * have to create: each failing allocation gives CCM_E_NOMEM and changes
 * nothing; the retry then credits exactly what a clean engine credits.
 */
START_TEST(test_advance) {
  tu_alloc a;
  ccm_engine *e, *ref;
  tu_ids ids, rids;
  tu_views vs, rvs;
  tu_stream s = {0}, rs = {0};
  size_t i;
  long n, nomem = 0;
  tu_fp before, fa, fb;
  tu_alloc_init(&a);
  e = engine_with(&a);
  ref = tu_engine(NULL);
  tu_intern_ids(e, &ids);
  tu_intern_ids(ref, &rids);
  tu_views_add(e, &vs);
  tu_views_add(ref, &rvs);
  tu_gen_families(&ids, 3, 6, &s);
  tu_gen_families(&rids, 3, 6, &rs);
  for (i = 0; i < s.n; ++i) {
    ck_assert_int_eq(ccm_ingest(e, &s.ev[i]), CCM_OK);
    ck_assert_int_eq(ccm_ingest(ref, &rs.ev[i]), CCM_OK);
  }
  tu_fingerprint(e, &vs, &before);
  for (n = 1; n < MAX_N; ++n) {
    int32_t rc;
    tu_alloc_arm(&a, n);
    rc = ccm_engine_advance(e, TU_T0 + 3 * TU_DAY); /* spans reach over three days of cells */
    tu_alloc_disarm(&a);
    if (rc == CCM_E_NOMEM) {
      tu_fp fp;
      ++nomem;
      tu_fingerprint(e, &vs, &fp);
      ck_assert_msg(tu_fp_equal(&fp, &before), "failing allocation %ld of advance changed the engine", n);
      tu_fp_free(&fp);
      continue;
    }
    ck_assert_int_eq(rc, CCM_OK);
    if (a.injected == 0) break;
  }
  ck_assert_int_gt(nomem, 0);
  ck_assert_int_eq(ccm_engine_advance(ref, TU_T0 + 3 * TU_DAY), CCM_OK);
  tu_fingerprint(e, &vs, &fa);
  tu_fingerprint(ref, &rvs, &fb);
  ck_assert_msg(tu_fp_equal(&fa, &fb), "advance after failures differs from a clean advance");
  ck_assert_int_eq(tu_stat(e, CCM_STAT_MEMORY_BYTES), a.bytes);
  tu_fp_free(&before);
  tu_fp_free(&fa);
  tu_fp_free(&fb);
  tu_stream_free(&s);
  tu_stream_free(&rs);
  ccm_engine_free(ref);
  ccm_engine_free(e);
  ck_assert_msg(a.outstanding == 0, "%ld blocks leaked", a.outstanding);
}
END_TEST

START_TEST(test_batch) {
  tu_alloc a;
  ccm_engine *e;
  tu_ids ids;
  tu_stream s = {0};
  size_t done = 0, rounds = 0;
  long n = 1;
  tu_alloc_init(&a);
  e = engine_with(&a);
  tu_intern_ids(e, &ids);
  tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_INTERVAL);
  tu_gen(&ids, 29, 40, &s);
  while (done < s.n) {
    size_t accepted = 12345;
    int32_t *results = malloc((s.n - done) * sizeof *results);
    int32_t rc;
    ck_assert_ptr_nonnull(results);
    tu_alloc_arm(&a, n);
    rc = ccm_ingest_batch(e, s.ev + done, s.n - done, 0, &accepted, results);
    tu_alloc_disarm(&a);
    if (rc == CCM_E_NOMEM) {
      ck_assert_uint_lt(accepted, s.n - done);
      ck_assert_int_eq(results[accepted], CCM_E_NOMEM);
      done += accepted;
      /* fail later next time if no progress, else start again at 1 */
      n = accepted == 0 ? n + 1 : 1;
    } else {
      ck_assert_int_eq(rc, CCM_OK);
      ck_assert_uint_eq(accepted, s.n - done);
      done = s.n;
    }
    free(results);
    ck_assert_uint_lt(++rounds, 100000);
  }
  ck_assert_int_eq(tu_stat(e, CCM_STAT_ACCEPTED), (int64_t)s.n);
  tu_stream_free(&s);
  ccm_engine_free(e);
  ck_assert_int_eq(a.outstanding, 0);
}
END_TEST

START_TEST(test_cursor_and_measures_new) {
  tu_alloc a;
  ccm_engine *e;
  tu_ids ids;
  ccm_view *v;
  long n;
  tu_alloc_init(&a);
  e = engine_with(&a);
  tu_intern_ids(e, &ids);
  v = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  TU_OK(e, CCM_EV_CONTACT_START, TU_T0, 1, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_QUEUE_ENTER, TU_T0, 1, .skill = ids.billing);
  TU_OK(e, CCM_EV_ANSWER, TU_T0 + 4000, 1, .agent = ids.ann);
  for (n = 1; n < MAX_N; ++n) {
    ccm_cursor *c = NULL;
    long before = a.outstanding;
    int32_t rc;
    tu_alloc_arm(&a, n);
    rc = ccm_cursor_new(v, &c);
    tu_alloc_disarm(&a);
    if (rc == CCM_E_NOMEM) {
      ck_assert_ptr_null(c);
      ck_assert_int_eq(a.outstanding, before);
      continue;
    }
    ck_assert_int_eq(rc, CCM_OK);
    ck_assert_int_eq(ccm_cursor_next(c), CCM_OK);
    ccm_cursor_free(c);
    ck_assert_int_eq(a.outstanding, before);
    if (a.injected == 0) break;
  }
  ck_assert_int_lt(n, MAX_N);
  for (n = 1; n < MAX_N; ++n) {
    ccm_measures *m = NULL;
    long before = a.outstanding;
    int32_t rc;
    tu_alloc_arm(&a, n);
    rc = ccm_measures_new(e, &m);
    tu_alloc_disarm(&a);
    if (rc == CCM_E_NOMEM) {
      ck_assert_ptr_null(m);
      ck_assert_int_eq(a.outstanding, before);
      continue;
    }
    ck_assert_int_eq(rc, CCM_OK);
    ck_assert_int_eq(ccm_rollup(v, NULL, 0, INT64_MIN, INT64_MAX, m), CCM_OK);
    {
      double asa = 0;
      int32_t id = -1;
      ck_assert_int_eq(ccm_metric_by_name("asa", &id), CCM_OK);
      ck_assert_int_eq(ccm_measures_metric(m, id, &asa), CCM_OK);
      ck_assert_double_eq_tol(asa, 4000, TU_TOL);
    }
    ccm_measures_free(m);
    ck_assert_int_eq(a.outstanding, before);
    if (a.injected == 0) break;
  }
  ck_assert_int_lt(n, MAX_N);
  /* a rollup or a query allocates nothing */
  {
    ccm_measures *m = NULL;
    double val = 0;
    int32_t id = -1;
    ck_assert_int_eq(ccm_measures_new(e, &m), CCM_OK);
    ck_assert_int_eq(ccm_metric_by_name("answered", &id), CCM_OK);
    tu_alloc_arm_from(&a, 1);
    ck_assert_int_eq(ccm_rollup(v, NULL, 0, INT64_MIN, INT64_MAX, m), CCM_OK);
    ck_assert_int_eq(ccm_query(v, TU_KEY([CCM_DIM_AGENT] = ids.ann), CCM_VIEW_DIMS, 0, id, &val), CCM_OK);
    tu_alloc_disarm(&a);
    ck_assert_double_eq_tol(val, 1, TU_TOL);
    ck_assert_int_eq(a.injected, 0);
    ccm_measures_free(m);
  }
  ccm_engine_free(e);
  ck_assert_int_eq(a.outstanding, 0);
  ck_assert_int_eq(a.bad_frees, 0);
}
END_TEST

/* Freeing an engine frees its views, and everything else it allocated. */
START_TEST(test_no_leak_after_free) {
  tu_alloc a;
  ccm_engine *e;
  tu_ids ids;
  tu_views vs;
  tu_stream s = {0};
  size_t i;
  tu_alloc_init(&a);
  e = engine_with(&a);
  tu_intern_ids(e, &ids);
  tu_views_add(e, &vs);
  tu_gen(&ids, 31, 150, &s);
  for (i = 0; i < s.n; ++i) tu_expect(e, &s.ev[i], CCM_OK, __FILE__, __LINE__);
  ccm_engine_expire(e, TU_T0 + 3 * TU_DAY);
  ck_assert_int_gt(a.outstanding, 0);
  /* no cursor was made: every allocation is the engine's */
  ck_assert_int_eq(tu_stat(e, CCM_STAT_MEMORY_BYTES), a.bytes);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_ALLOCATIONS), a.total_allocs);
  ccm_engine_free(e);
  ck_assert_msg(a.outstanding == 0, "%ld blocks (%lld bytes) leaked", a.outstanding, a.bytes);
  ck_assert_int_eq(a.bytes, 0);
  ck_assert_int_eq(a.bad_frees, 0);
  tu_stream_free(&s);
}
END_TEST

static Suite *oom_suite(void) {
  Suite *s = suite_create("oom");
  TCase *tc = tcase_create("oom");
  tcase_add_test(tc, test_config_new);
  tcase_add_test(tc, test_engine_new);
  tcase_add_test(tc, test_view_new);
  tcase_add_test(tc, test_intern);
  tcase_add_test(tc, test_ingest_stream);
  tcase_add_test(tc, test_ingest_dead_allocator);
  tcase_add_test(tc, test_advance);
  tcase_add_test(tc, test_batch);
  tcase_add_test(tc, test_cursor_and_measures_new);
  tcase_add_test(tc, test_no_leak_after_free);
  tcase_set_timeout(tc, 300);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return tu_run(oom_suite()); }
