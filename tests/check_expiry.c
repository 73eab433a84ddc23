/*
 * check_expiry.c - expiry by due times against a scan of every record.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * White box: built from the library's sources, so that it can read the
 * records' due times (lib/expiry.c).  Two engines take the same stream and
 * the same ccm_engine_expire() calls; before each call, the second one's
 * due times are all set to the past, which makes it look at every record
 * as a scan of all would.  After every event, every due time must be at
 * most the record's own; at the end, both engines must be alike to the
 * byte (snapshots) and in every cell.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ccmetrics_int.h"
#include "testutil.h"

#define MIN 60000LL
#define HOUR (60 * MIN)

typedef struct expiry_case {
  const char *name;
  int64_t grace, retention, idle, repeat_window, lateness;
} expiry_case;

/* Short times, so that contacts are released, expired and forgotten while
 * the stream runs, and provisional FCRs become final or are taken back. */
static const expiry_case cases[] = {
    {"grace 5 min, retention 0, idle 1 h", 5 * MIN, 0, HOUR, HOUR, 0},
    {"grace 0, retention 10 min, no idle", 0, 10 * MIN, 0, 30 * MIN, 0},
    {"grace 2 min, retention 1 h, idle 20 min", 2 * MIN, HOUR, 20 * MIN, 2 * HOUR, 0},
    {"defaults but a 1 h repeat window", 5 * MIN, 7 * 24 * HOUR, 24 * HOUR, HOUR, 0},
    {"idle 3 min, lateness 1 min", 10 * MIN, 5 * MIN, 3 * MIN, 45 * MIN, MIN},
};

/* Totals over all runs: the scenarios must make every kind of end happen. */
static int64_t total_released, total_expired, total_forgotten, total_fcr_final;

static ccm_engine *engine_of(const expiry_case *k, tu_ids *ids, tu_views *vs) {
  ccm_config *cfg = NULL;
  ccm_engine *e;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_GRACE_MS, k->grace), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_RETENTION_MS, k->retention), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_IDLE_TIMEOUT_MS, k->idle), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_REPEAT_WINDOW_MS, k->repeat_window), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_LATENESS_MS, k->lateness), CCM_OK);
  e = tu_engine(cfg);
  ccm_config_free(cfg);
  tu_intern_ids(e, ids);
  tu_views_add(e, vs);
  return e;
}

/* Every due time at most its record's, and due_min at most every one. */
static void assert_due_times(const ccm_engine *e, size_t at) {
  const ccm_contact_table *t = &e->contacts;
  uint32_t i;
  for (i = 0; i < t->hwm; i++) {
    int64_t exact = ccm_expiry_due(e, &t->rec[i]);
    /* ck_assert_msg only on failure: each call writes a checkpoint */
    if (t->due[i] > exact)
      ck_abort_msg("after event %zu: record %u is due at %lld, later than its state's %lld", at, (unsigned)i,
                   (long long)t->due[i], (long long)exact);
    if (t->due_min > t->due[i])
      ck_abort_msg("after event %zu: due_min %lld above record %u's %lld", at, (long long)t->due_min, (unsigned)i,
                   (long long)t->due[i]);
  }
}

/* The scan of every record: every due time in the past. */
static void look_at_all(ccm_engine *e) {
  ccm_contact_table *t = &e->contacts;
  uint32_t i;
  for (i = 0; i < t->hwm; i++) t->due[i] = INT64_MIN;
  t->due_min = INT64_MIN;
}

static void assert_same_engines(const ccm_engine *a, const tu_views *va, const ccm_engine *b, const tu_views *vb) {
  static const int32_t stats[] = {CCM_STAT_RELEASED, CCM_STAT_EXPIRED,  CCM_STAT_FORGOTTEN, CCM_STAT_OPEN_CONTACTS,
                                  CCM_STAT_RETAINED_CONTACTS, CCM_STAT_ACCEPTED, CCM_STAT_REJECTED,  CCM_STAT_FCR_PENDING};
  tu_out sa = {0}, sb = {0};
  tu_fp fa, fb;
  size_t i;
  for (i = 0; i < sizeof stats / sizeof stats[0]; i++)
    ck_assert_msg(tu_stat(a, stats[i]) == tu_stat(b, stats[i]), "stat %d: %lld against %lld", (int)stats[i],
                  (long long)tu_stat(a, stats[i]), (long long)tu_stat(b, stats[i]));
  tu_fingerprint(a, va, &fa);
  tu_fingerprint(b, vb, &fb);
  ck_assert_msg(tu_fp_equal(&fa, &fb), "the cells differ");
  tu_fp_free(&fa);
  tu_fp_free(&fb);
  ck_assert_int_eq(ccm_engine_snapshot(a, tu_out_write, &sa), CCM_OK);
  ck_assert_int_eq(ccm_engine_snapshot(b, tu_out_write, &sb), CCM_OK);
  ck_assert_msg(sa.n == sb.n && memcmp(sa.p, sb.p, sa.n) == 0, "the snapshots differ (%zu and %zu bytes)", sa.n,
                sb.n);
  tu_out_free(&sa);
  tu_out_free(&sb);
}

/* A copy of e through a snapshot: its due times are rebuilt. */
static ccm_engine *restored(const ccm_engine *e, tu_views *vs) {
  tu_out s = {0};
  ccm_engine *r = NULL;
  uint32_t i;
  ck_assert_int_eq(ccm_engine_snapshot(e, tu_out_write, &s), CCM_OK);
  ck_assert_int_eq(ccm_engine_restore(s.p, s.n, NULL, NULL, &r), CCM_OK);
  tu_out_free(&s);
  for (i = 0; i < TU_STD_VIEWS; i++) ck_assert_int_eq(ccm_engine_view(r, i, &vs->v[i]), CCM_OK);
  return r;
}

static uint32_t rng_next(uint32_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 17;
  *s ^= *s << 5;
  return *s;
}

static void run_case(const expiry_case *k, uint32_t seed) {
  tu_ids ids, ids2;
  tu_views va, vb;
  tu_stream s = {0};
  ccm_engine *a = engine_of(k, &ids, &va), *b = engine_of(k, &ids2, &vb);
  uint32_t r = seed * 2654435761u + 1;
  int64_t latest = INT64_MIN, fcr_before;
  size_t i, next_expire = 1 + rng_next(&r) % 40, cut;
  tu_gen(&ids, seed, 120, &s);
  tu_gen_families(&ids, seed, 10, &s);
  cut = s.n / 2;
  for (i = 0; i < s.n; i++) {
    int32_t ra = ccm_ingest(a, &s.ev[i]), rb = ccm_ingest(b, &s.ev[i]);
    if (ra != rb) ck_abort_msg("event %zu: %d against %d", i, (int)ra, (int)rb);
    if (s.ev[i].ts > latest) latest = s.ev[i].ts;
    assert_due_times(a, i);
    if (i == next_expire) {
      /* now: the stream's latest time, a little or much later, or (a host
       * whose clock runs behind) earlier */
      uint32_t pick = rng_next(&r) % 8;
      int64_t now = latest + (pick < 5 ? (int64_t)(rng_next(&r) % (20 * MIN)) : pick < 7 ? 3 * HOUR : -10 * MIN);
      fcr_before = tu_stat(a, CCM_STAT_FCR_PENDING);
      look_at_all(b);
      ck_assert_int_eq(ccm_engine_expire(a, now), CCM_OK);
      ck_assert_int_eq(ccm_engine_expire(b, now), CCM_OK);
      if (tu_stat(a, CCM_STAT_FCR_PENDING) < fcr_before) total_fcr_final += fcr_before - tu_stat(a, CCM_STAT_FCR_PENDING);
      assert_due_times(a, i);
      next_expire = i + 1 + rng_next(&r) % 40;
    }
    if (i == cut) {
      /* go on with a restored copy: due times rebuilt from the records */
      ccm_engine *c = restored(a, &va);
      ccm_engine_free(a);
      a = c;
      assert_due_times(a, i);
    }
  }
  ck_assert_int_eq(ccm_engine_flush(a), CCM_OK);
  ck_assert_int_eq(ccm_engine_flush(b), CCM_OK);
  look_at_all(b);
  ck_assert_int_eq(ccm_engine_expire(a, latest + 30 * 24 * HOUR), CCM_OK);
  ck_assert_int_eq(ccm_engine_expire(b, latest + 30 * 24 * HOUR), CCM_OK);
  assert_same_engines(a, &va, b, &vb);
  total_released += tu_stat(a, CCM_STAT_RELEASED);
  total_expired += tu_stat(a, CCM_STAT_EXPIRED);
  total_forgotten += tu_stat(a, CCM_STAT_FORGOTTEN);
  tu_stream_free(&s);
  ccm_engine_free(a);
  ccm_engine_free(b);
}

START_TEST(test_due_times_against_scan) {
  size_t k;
  uint32_t seed;
  for (k = 0; k < sizeof cases / sizeof cases[0]; k++)
    for (seed = 1; seed <= 6; seed++) run_case(&cases[k], seed);
  /* the runs above must have exercised every kind of end */
  ck_assert_int_gt(total_released, 0);
  ck_assert_int_gt(total_expired, 0);
  ck_assert_int_gt(total_forgotten, 0);
  ck_assert_int_gt(total_fcr_final, 0);
}
END_TEST

/* Expiry reads no record while nothing is due, and one due record is found
 * among many that are not. */
START_TEST(test_due_min_and_one_due) {
  tu_ids ids;
  tu_views vs;
  static const expiry_case k = {"", 5 * MIN, HOUR, 0, HOUR, 0};
  ccm_engine *e = engine_of(&k, &ids, &vs);
  ccm_event ev;
  uint64_t c;
  for (c = 1; c <= 100; c++) {
    memset(&ev, 0, sizeof ev);
    ev.size = sizeof ev;
    ev.type = CCM_EV_CONTACT_START;
    ev.ts = TU_T0;
    ev.contact = c;
    ev.channel = CCM_CHANNEL_CHAT;
    ev.direction = CCM_DIRECTION_INBOUND;
    ck_assert_int_eq(ccm_ingest(e, &ev), CCM_OK);
  }
  /* open chats with no idle timeout are never due */
  ck_assert(e->contacts.due_min == INT64_MAX);
  ck_assert_int_eq(ccm_engine_expire(e, TU_T0 + 1000 * HOUR), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 100);
  /* contact 37 ends: forgotten one hour and a millisecond later */
  memset(&ev, 0, sizeof ev);
  ev.size = sizeof ev;
  ev.type = CCM_EV_CONTACT_END;
  ev.ts = TU_T0 + 1000 * HOUR + 5;
  ev.contact = 37;
  ck_assert_int_eq(ccm_ingest(e, &ev), CCM_OK);
  ck_assert(e->contacts.due_min == ev.ts + HOUR + 1);
  ck_assert_int_eq(ccm_engine_expire(e, ev.ts + HOUR), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FORGOTTEN), 0);
  ck_assert_int_eq(ccm_engine_expire(e, ev.ts + HOUR + 1), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FORGOTTEN), 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 99);
  ck_assert(e->contacts.due_min == INT64_MAX);
  ccm_engine_free(e);
}
END_TEST

int main(void) {
  Suite *s = suite_create("expiry");
  TCase *tc = tcase_create("due times");
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc, test_due_times_against_scan);
  tcase_add_test(tc, test_due_min_and_one_due);
  suite_add_tcase(s, tc);
  return tu_run(s);
}
