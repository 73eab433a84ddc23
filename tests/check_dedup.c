/*
 * check_dedup.c - exactly-once effect (event ids) and late events put back
 * in order (CCM_CFG_LATENESS_MS), through the public API.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ccmetrics.h"
#include "testutil.h"

#define T TU_T0
#define VAL(v_) .flags = CCM_EVF_VALUE, .value = (v_)

static ccm_engine *engine_with(int32_t key1, int64_t v1, int32_t key2, int64_t v2) {
  ccm_config *cfg = NULL;
  ccm_engine *e;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  if (key1) ck_assert_int_eq(ccm_config_set(cfg, key1, v1), CCM_OK);
  if (key2) ck_assert_int_eq(ccm_config_set(cfg, key2, v2), CCM_OK);
  e = tu_engine(cfg);
  ccm_config_free(cfg);
  return e;
}

/* cost of the company total (a sum of the amounts) */
static int64_t cost_of(const ccm_view *v) { return tu_field(v, TU_KEY0, 0, "cost", CCM_FIELD_COUNT); }

static int32_t cost(ccm_engine *e, int64_t ts, uint64_t id, double amount) {
  ccm_event ev = TU_EVENT(CCM_EV_COST, ts, 0, .event_id = id, VAL(amount));
  return ccm_ingest(e, &ev);
}

START_TEST(test_duplicate_ignored) {
  ccm_engine *e = tu_engine(NULL);
  ccm_view *v = tu_view(e, 0, CCM_GRAIN_NONE);
  ccm_event ev = TU_EVENT(CCM_EV_CONTACT_START, T, 1, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND,
                         .event_id = 77);
  ck_assert_int_eq(ccm_ingest(e, &ev), CCM_OK);
  ck_assert_int_eq(ccm_ingest(e, &ev), CCM_DUPLICATE);
  ck_assert_int_eq(ccm_ingest(e, &ev), CCM_DUPLICATE);
  ck_assert_int_eq(tu_field(v, TU_KEY0, 0, "contacts", CCM_FIELD_COUNT), 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_DUPLICATES), 2);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_ACCEPTED), 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_REJECTED), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EVENT_IDS), 1);
  /* no id: no duplicate detection (the state machine says it exists) */
  ev.event_id = 0;
  ck_assert_int_eq(ccm_ingest(e, &ev), CCM_E_CONTACT_EXISTS);
  ck_assert_str_eq(ccm_error_name(CCM_DUPLICATE), "CCM_DUPLICATE");
  ccm_engine_free(e);
}
END_TEST

/* Redelivering a whole stream changes no number. */
START_TEST(test_stream_redelivered) {
  ccm_engine *once = tu_engine(NULL), *twice = tu_engine(NULL);
  tu_views v1, v2;
  tu_ids ids;
  tu_stream s;
  tu_fp a, b;
  size_t i;
  int round;
  tu_intern_ids(once, &ids);
  tu_intern_ids(twice, &ids);
  tu_views_add(once, &v1);
  tu_views_add(twice, &v2);
  memset(&s, 0, sizeof s);
  tu_gen(&ids, 7, 300, &s);
  for (i = 0; i < s.n; i++) s.ev[i].event_id = 1000 + i;
  for (i = 0; i < s.n; i++) ck_assert_int_eq(ccm_ingest(once, &s.ev[i]), CCM_OK);
  for (round = 0; round < 2; round++)
    for (i = 0; i < s.n; i++) ck_assert_int_eq(ccm_ingest(twice, &s.ev[i]), round ? CCM_DUPLICATE : CCM_OK);
  tu_fingerprint(once, &v1, &a);
  tu_fingerprint(twice, &v2, &b);
  ck_assert_msg(tu_fp_equal(&a, &b), "a redelivered stream changed the numbers");
  ck_assert_int_eq(tu_stat(twice, CCM_STAT_DUPLICATES), (int64_t)s.n);
  tu_fp_free(&a);
  tu_fp_free(&b);
  tu_stream_free(&s);
  ccm_engine_free(once);
  ccm_engine_free(twice);
}
END_TEST

/* Only accepted events are remembered: a corrected redelivery passes. */
START_TEST(test_rejected_not_remembered) {
  ccm_engine *e = tu_engine(NULL);
  uint32_t skill = tu_intern(e, CCM_DIM_SKILL, "billing");
  ccm_event bad = TU_EVENT(CCM_EV_QUEUE_ENTER, T, 5, .skill = skill, .event_id = 9);
  ccm_event start =
      TU_EVENT(CCM_EV_CONTACT_START, T, 5, .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_INBOUND, .event_id = 8);
  ck_assert_int_eq(ccm_ingest(e, &bad), CCM_E_UNKNOWN_CONTACT); /* before its contact: rejected */
  ck_assert_int_eq(ccm_ingest(e, &start), CCM_OK);
  ck_assert_int_eq(ccm_ingest(e, &bad), CCM_OK); /* the same id, now valid */
  ck_assert_int_eq(ccm_ingest(e, &bad), CCM_DUPLICATE);
  ccm_engine_free(e);
}
END_TEST

/* The window by event time: an id older than the window is forgotten. */
START_TEST(test_window_by_time) {
  ccm_engine *e = engine_with(CCM_CFG_DEDUP_WINDOW_MS, TU_HOUR, 0, 0);
  ccm_view *v = tu_view(e, 0, CCM_GRAIN_NONE);
  ck_assert_int_eq(cost(e, T, 1, 100), CCM_OK);
  ck_assert_int_eq(cost(e, T + 30 * TU_MIN, 2, 10), CCM_OK);
  ck_assert_int_eq(cost(e, T, 1, 100), CCM_DUPLICATE); /* within the hour */
  ck_assert_int_eq(cost(e, T + 2 * TU_HOUR, 3, 1), CCM_OK); /* id 1 leaves (2 h old) */
  ck_assert_int_eq(cost(e, T, 1, 100), CCM_OK);           /* counted again */
  ck_assert_int_eq(cost(e, T + 30 * TU_MIN, 2, 10), CCM_OK); /* 90 min old: gone too */
  ck_assert_int_eq(cost_of(v), 221);
  ccm_engine_free(e);
}
END_TEST

/* The memory bound: at most CCM_CFG_DEDUP_MAX ids, the oldest go first. */
START_TEST(test_count_bound) {
  ccm_engine *e = engine_with(CCM_CFG_DEDUP_MAX, 3, 0, 0);
  ccm_view *v = tu_view(e, 0, CCM_GRAIN_NONE);
  uint64_t id;
  for (id = 1; id <= 4; id++) ck_assert_int_eq(cost(e, T, id, 1), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EVENT_IDS), 3);
  ck_assert_int_eq(cost(e, T, 4, 1), CCM_DUPLICATE);
  ck_assert_int_eq(cost(e, T, 2, 1), CCM_DUPLICATE);
  ck_assert_int_eq(cost(e, T, 1, 1), CCM_OK); /* forgotten: applied again */
  ck_assert_int_eq(cost_of(v), 5);
  /* many ids through a small bound: the index stays consistent */
  for (id = 100; id < 5000; id++) ck_assert_int_eq(cost(e, T, id, 1), CCM_OK);
  ck_assert_int_eq(cost(e, T, 4999, 1), CCM_DUPLICATE);
  ck_assert_int_eq(cost(e, T, 4997, 1), CCM_DUPLICATE);
  ck_assert_int_eq(cost(e, T, 4996, 1), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EVENT_IDS), 3);
  ccm_engine_free(e);
}
END_TEST

/* Many ids: growth of the ring and its index; every id still found. */
START_TEST(test_many_ids) {
  ccm_engine *e = tu_engine(NULL);
  uint64_t id;
  for (id = 1; id <= 20000; id++) ck_assert_int_eq(cost(e, T + (int64_t)id, id * 2654435761u, 1), CCM_OK);
  for (id = 1; id <= 20000; id += 97) ck_assert_int_eq(cost(e, T, id * 2654435761u, 1), CCM_DUPLICATE);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EVENT_IDS), 20000);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_dedup_off) {
  ccm_engine *e = engine_with(CCM_CFG_DEDUP_WINDOW_MS, 0, 0, 0);
  ccm_view *v = tu_view(e, 0, CCM_GRAIN_NONE);
  ck_assert_int_eq(cost(e, T, 1, 5), CCM_OK);
  ck_assert_int_eq(cost(e, T, 1, 5), CCM_OK);
  ck_assert_int_eq(cost_of(v), 10);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EVENT_IDS), 0);
  ccm_engine_free(e);
}
END_TEST

/* A batch: duplicates are neither accepted nor errors. */
START_TEST(test_batch_duplicates) {
  ccm_engine *e = tu_engine(NULL);
  ccm_event evs[3];
  int32_t results[3];
  size_t accepted = 9;
  evs[0] = TU_EVENT(CCM_EV_COST, T, 0, .event_id = 1, VAL(1));
  evs[1] = evs[0];
  evs[2] = TU_EVENT(CCM_EV_COST, T, 0, .event_id = 2, VAL(1));
  ck_assert_int_eq(ccm_ingest_batch(e, evs, 3, 0, &accepted, results), CCM_OK);
  ck_assert_uint_eq(accepted, 2);
  ck_assert_int_eq(results[1], CCM_DUPLICATE);
  ccm_engine_free(e);
}
END_TEST

/* Out of memory while remembering an id: nothing changes, the id is not
 * remembered, and the same event goes through once memory is back. */
START_TEST(test_dedup_nomem) {
  tu_alloc a;
  ccm_engine *e = NULL;
  ccm_view *v;
  long n;
  tu_alloc_init(&a);
  ck_assert_int_eq(ccm_engine_new(NULL, &a.hooks, &e), CCM_OK);
  v = tu_view(e, 0, CCM_GRAIN_NONE);
  ck_assert_int_eq(cost(e, T, 1, 1), CCM_OK); /* the cell exists */
  for (n = 1; n < 4; n++) {
    int64_t before = cost_of(v), ids = tu_stat(e, CCM_STAT_EVENT_IDS);
    int32_t rc;
    tu_alloc_arm(&a, n);
    rc = cost(e, T, 5000 + (uint64_t)n, 1);
    tu_alloc_disarm(&a);
    if (rc == CCM_OK) continue;
    ck_assert_int_eq(rc, CCM_E_NOMEM);
    ck_assert_int_eq(cost_of(v), before);
    ck_assert_int_eq(tu_stat(e, CCM_STAT_EVENT_IDS), ids);
    ck_assert_int_eq(cost(e, T, 5000 + (uint64_t)n, 1), CCM_OK);
  }
  ccm_engine_free(e);
  ck_assert_int_eq(a.outstanding, 0);
}
END_TEST

/* ---- lateness ----------------------------------------------------------- */

static void voice_start(ccm_engine *e, uint64_t c, int64_t ts) {
  TU_OK(e, CCM_EV_CONTACT_START, ts, c, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND);
}

/* An answer that arrives before its queue_enter is put back in order. */
START_TEST(test_late_event_reordered) {
  ccm_engine *e = engine_with(CCM_CFG_LATENESS_MS, 10 * TU_SEC, 0, 0);
  ccm_view *v = tu_view(e, 0, CCM_GRAIN_NONE);
  uint32_t ann = tu_intern(e, CCM_DIM_AGENT, "ann"), billing = tu_intern(e, CCM_DIM_SKILL, "billing");
  voice_start(e, 1, T);
  TU_OK(e, CCM_EV_ANSWER, T + 5 * TU_SEC, 1, .agent = ann);       /* held */
  TU_OK(e, CCM_EV_QUEUE_ENTER, T + TU_SEC, 1, .skill = billing);  /* late, held */
  ck_assert_int_eq(tu_stat(e, CCM_STAT_HELD), 3);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_REORDERED), 1);
  ck_assert_int_eq(tu_field(v, TU_KEY0, 0, "answered", CCM_FIELD_COUNT), 0); /* nothing applied yet */
  voice_start(e, 2, T + 15 * TU_SEC); /* the watermark passes T + 5 s */
  ck_assert_int_eq(tu_stat(e, CCM_STAT_HELD), 1);
  ck_assert_int_eq(tu_field(v, TU_KEY0, 0, "answered", CCM_FIELD_COUNT), 1);
  TU_METRIC(v, TU_KEY0, 0, "asa", 4000.0);
  ck_assert_int_eq(ccm_engine_flush(e), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_HELD), 0);
  ck_assert_int_eq(tu_field(v, TU_KEY0, 0, "contacts", CCM_FIELD_COUNT), 2);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_ACCEPTED), 4);
  ccm_engine_free(e);
}
END_TEST

/* Without lateness the same order is rejected. */
START_TEST(test_no_lateness_rejects) {
  ccm_engine *e = tu_engine(NULL);
  uint32_t ann = tu_intern(e, CCM_DIM_AGENT, "ann"), billing = tu_intern(e, CCM_DIM_SKILL, "billing");
  voice_start(e, 1, T);
  TU_REJECT(e, CCM_E_NOT_QUEUED, CCM_EV_QUEUE_ABANDON, T + 5 * TU_SEC, 1);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T + 6 * TU_SEC, 1, .skill = billing);
  TU_OK(e, CCM_EV_ANSWER, T + 9 * TU_SEC, 1, .agent = ann);
  TU_REJECT(e, CCM_E_TIME_BACKWARDS, CCM_EV_AGENT_END, T + 8 * TU_SEC, 1, .agent = ann);
  ccm_engine_free(e);
}
END_TEST

/* Later than the lateness: its own code, counted, nothing changed. */
START_TEST(test_too_late) {
  ccm_engine *e = engine_with(CCM_CFG_LATENESS_MS, 10 * TU_SEC, 0, 0);
  ccm_view *v = tu_view(e, 0, CCM_GRAIN_NONE);
  uint32_t billing = tu_intern(e, CCM_DIM_SKILL, "billing");
  voice_start(e, 1, T);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T + 20 * TU_SEC, 1, .skill = billing);
  voice_start(e, 2, T + 60 * TU_SEC); /* applies both events of contact 1 */
  ck_assert_int_eq(tu_field(v, TU_KEY0, 0, "offered", CCM_FIELD_COUNT), 1);
  TU_REJECT(e, CCM_E_TOO_LATE, CCM_EV_QUEUE_ABANDON, T + 10 * TU_SEC, 1);
  ck_assert_int_eq(tu_rejected(e, CCM_E_TOO_LATE), 1);
  ck_assert_int_eq(tu_field(v, TU_KEY0, 0, "abandoned", CCM_FIELD_COUNT), 0);
  ck_assert_ptr_nonnull(strstr(ccm_engine_errmsg(e), "lateness"));
  ccm_engine_free(e);
}
END_TEST

/* A held event the state machine refuses when it is applied is counted. */
START_TEST(test_deferred_rejection_counted) {
  ccm_engine *e = engine_with(CCM_CFG_LATENESS_MS, 10 * TU_SEC, 0, 0);
  voice_start(e, 1, T);
  TU_OK(e, CCM_EV_QUEUE_ABANDON, T + TU_SEC, 1); /* held: no queue visit */
  ck_assert_int_eq(tu_stat(e, CCM_STAT_REJECTED), 0);
  ck_assert_int_eq(ccm_engine_flush(e), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_REJECTED), 1);
  ck_assert_int_eq(tu_rejected(e, CCM_E_NOT_QUEUED), 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_ACCEPTED), 1);
  ccm_engine_free(e);
}
END_TEST

/* A held event refused when applied does not keep its id: a corrected
 * redelivery goes through (found by the event fuzzer). */
START_TEST(test_held_refused_id_forgotten) {
  ccm_engine *e = engine_with(CCM_CFG_LATENESS_MS, 10 * TU_SEC, 0, 0);
  ccm_view *v = tu_view(e, 0, CCM_GRAIN_NONE);
  uint32_t billing = tu_intern(e, CCM_DIM_SKILL, "billing");
  ccm_event bad = TU_EVENT(CCM_EV_QUEUE_ENTER, T + TU_SEC, 1, .event_id = 42);
  voice_start(e, 1, T);
  ck_assert_int_eq(ccm_ingest(e, &bad), CCM_E_MISSING_FIELD); /* no skill: refused at once */
  bad.ts = T + 2 * TU_SEC;
  bad.type = CCM_EV_QUEUE_ABANDON; /* valid envelope, refused by the state when applied */
  ck_assert_int_eq(ccm_ingest(e, &bad), CCM_OK);
  ck_assert_int_eq(ccm_ingest(e, &bad), CCM_DUPLICATE); /* held: seen */
  ck_assert_int_eq(ccm_engine_flush(e), CCM_OK);
  ck_assert_int_eq(tu_rejected(e, CCM_E_NOT_QUEUED), 1);
  bad.type = CCM_EV_QUEUE_ENTER; /* the corrected event, same id */
  bad.skill = billing;
  ck_assert_int_eq(ccm_ingest(e, &bad), CCM_OK);
  ck_assert_int_eq(ccm_engine_flush(e), CCM_OK);
  ck_assert_int_eq(tu_field(v, TU_KEY0, 0, "offered", CCM_FIELD_COUNT), 1);
  ck_assert_int_eq(ccm_ingest(e, &bad), CCM_DUPLICATE);
  ccm_engine_free(e);
}
END_TEST

/* A late event applied at once and refused changes nothing: remembering its
 * id before it was applied pushed the oldest id out when the count bound was
 * reached, so that a redelivery of that older event was taken again (found
 * by the event fuzzer). */
START_TEST(test_ripe_refused_keeps_ids) {
  ccm_engine *e = engine_with(CCM_CFG_LATENESS_MS, 10 * TU_SEC, CCM_CFG_DEDUP_MAX, 1);
  ccm_view *v = tu_view(e, 0, CCM_GRAIN_NONE);
  ccm_event first = TU_EVENT(CCM_EV_CONTACT_START, T, 1, .channel = CCM_CHANNEL_VOICE,
                             .direction = CCM_DIRECTION_INBOUND, .event_id = 1);
  ccm_event orphan = TU_EVENT(CCM_EV_AGENT_END, T + TU_SEC, 9, .event_id = 2);
  ck_assert_int_eq(ccm_ingest(e, &first), CCM_OK); /* held, its id remembered */
  voice_start(e, 2, T + 30 * TU_SEC);              /* no id: the watermark passes T + 20 s, contact 1 starts */
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EVENT_IDS), 1);
  /* older than the watermark allows: applied at once, no such contact */
  ck_assert_int_eq(ccm_ingest(e, &orphan), CCM_E_UNKNOWN_CONTACT);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EVENT_IDS), 1); /* id 1 still remembered, id 2 not */
  ck_assert_int_eq(ccm_ingest(e, &first), CCM_DUPLICATE);
  ck_assert_int_eq(ccm_engine_flush(e), CCM_OK);
  ck_assert_int_eq(tu_field(v, TU_KEY0, 0, "contacts", CCM_FIELD_COUNT), 2);
  /* an event applied at once and accepted is remembered */
  orphan.contact = 1;
  orphan.type = CCM_EV_CONTACT_END;
  ck_assert_int_eq(ccm_ingest(e, &orphan), CCM_OK);
  ck_assert_int_eq(ccm_ingest(e, &orphan), CCM_DUPLICATE);
  ccm_engine_free(e);
}
END_TEST

/* Forgotten ids leave holes in the ring: they are not counted, survive its
 * growth without entering the index, and leave at the oldest end. */
START_TEST(test_holes_and_growth) {
  ccm_engine *e = engine_with(CCM_CFG_LATENESS_MS, 10 * TU_SEC, 0, 0);
  ccm_view *v = tu_view(e, 0, CCM_GRAIN_NONE);
  uint64_t id;
  for (id = 1; id <= 50; id++) { /* refused when applied: their ids are forgotten */
    ccm_event bad = TU_EVENT(CCM_EV_QUEUE_ABANDON, T + (int64_t)id, 1000 + id, .event_id = id);
    ck_assert_int_eq(ccm_ingest(e, &bad), CCM_OK);
  }
  ck_assert_int_eq(ccm_engine_flush(e), CCM_OK);
  ck_assert_int_eq(tu_rejected(e, CCM_E_UNKNOWN_CONTACT), 50);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EVENT_IDS), 0);
  for (id = 100; id < 3100; id++) ck_assert_int_eq(cost(e, T + 100, id, 1), CCM_OK); /* the ring grows */
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EVENT_IDS), 3000);
  for (id = 100; id < 3100; id += 7) ck_assert_int_eq(cost(e, T + 100, id, 1), CCM_DUPLICATE);
  for (id = 1; id <= 50; id += 7) ck_assert_int_eq(cost(e, T + 100, id, 1), CCM_OK); /* forgotten: new */
  ck_assert_int_eq(cost_of(v), 3000 + 8);
  ccm_engine_free(e);
}
END_TEST

/* ccm_engine_advance() lets time pass for held events too. */
START_TEST(test_advance_releases) {
  ccm_engine *e = engine_with(CCM_CFG_LATENESS_MS, 10 * TU_SEC, 0, 0);
  ccm_view *v = tu_view(e, 0, CCM_GRAIN_NONE);
  voice_start(e, 1, T);
  voice_start(e, 2, T + 5 * TU_SEC);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_HELD), 2);
  ck_assert_int_eq(ccm_engine_advance(e, T + 12 * TU_SEC), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_HELD), 1);
  ck_assert_int_eq(tu_field(v, TU_KEY0, 0, "contacts", CCM_FIELD_COUNT), 1);
  ck_assert_int_eq(ccm_engine_advance(e, T + 15 * TU_SEC), CCM_OK);
  ck_assert_int_eq(tu_field(v, TU_KEY0, 0, "contacts", CCM_FIELD_COUNT), 2);
  ccm_engine_free(e);
}
END_TEST

/* A shuffled stream (each event moved at most the lateness) gives the
 * numbers of the ordered stream. */
START_TEST(test_shuffled_stream) {
  ccm_engine *ordered = tu_engine(NULL), *late = engine_with(CCM_CFG_LATENESS_MS, 5 * TU_MIN, 0, 0);
  tu_views v1, v2;
  tu_ids ids;
  tu_stream s;
  tu_fp a, b;
  size_t i;
  unsigned seed = 12345;
  tu_intern_ids(ordered, &ids);
  tu_intern_ids(late, &ids);
  tu_views_add(ordered, &v1);
  tu_views_add(late, &v2);
  memset(&s, 0, sizeof s);
  tu_gen(&ids, 3, 200, &s);
  for (i = 0; i < s.n; i++) ck_assert_int_eq(ccm_ingest(ordered, &s.ev[i]), CCM_OK);
  /* swap neighbours less than a minute apart (events of one time keep
   * their order: time order cannot tell them apart) */
  for (i = 0; i + 1 < s.n; i++) {
    seed = seed * 1103515245u + 12345u;
    if ((seed >> 16) % 3 == 0 && s.ev[i + 1].ts > s.ev[i].ts && s.ev[i + 1].ts - s.ev[i].ts < TU_MIN) {
      ccm_event t = s.ev[i];
      s.ev[i] = s.ev[i + 1];
      s.ev[i + 1] = t;
      i++;
    }
  }
  for (i = 0; i < s.n; i++) ck_assert_int_eq(ccm_ingest(late, &s.ev[i]), CCM_OK);
  ck_assert_int_eq(ccm_engine_flush(late), CCM_OK);
  ck_assert_int_gt(tu_stat(late, CCM_STAT_REORDERED), 0);
  ck_assert_int_eq(tu_stat(late, CCM_STAT_REJECTED), 0);
  tu_fingerprint(ordered, &v1, &a);
  tu_fingerprint(late, &v2, &b);
  ck_assert_msg(tu_fp_equal(&a, &b), "the reordered stream gives other numbers");
  tu_fp_free(&a);
  tu_fp_free(&b);
  tu_stream_free(&s);
  ccm_engine_free(ordered);
  ccm_engine_free(late);
}
END_TEST

static Suite *dedup_suite(void) {
  Suite *s = suite_create("dedup");
  TCase *d = tcase_create("duplicates"), *l = tcase_create("lateness");
  tcase_add_test(d, test_duplicate_ignored);
  tcase_add_test(d, test_stream_redelivered);
  tcase_add_test(d, test_rejected_not_remembered);
  tcase_add_test(d, test_window_by_time);
  tcase_add_test(d, test_count_bound);
  tcase_add_test(d, test_many_ids);
  tcase_add_test(d, test_dedup_off);
  tcase_add_test(d, test_batch_duplicates);
  tcase_add_test(d, test_dedup_nomem);
  tcase_add_test(l, test_late_event_reordered);
  tcase_add_test(l, test_no_lateness_rejects);
  tcase_add_test(l, test_too_late);
  tcase_add_test(l, test_deferred_rejection_counted);
  tcase_add_test(l, test_advance_releases);
  tcase_add_test(l, test_held_refused_id_forgotten);
  tcase_add_test(l, test_ripe_refused_keeps_ids);
  tcase_add_test(l, test_holes_and_growth);
  tcase_add_test(l, test_shuffled_stream);
  suite_add_tcase(s, d);
  suite_add_tcase(s, l);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(dedup_suite());
  int failed;
  srunner_run_all(sr, CK_NORMAL);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
