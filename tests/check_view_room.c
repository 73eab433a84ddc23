/*
 * check_view_room.c - the view room that ingestion spends without looking
 * at the views (lib/engine.c, e->view_room) is never more than what every
 * view holds.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * White box: built from the library's sources, so that it can read each
 * view's room (ccm_view_room) and the engine's view_room.  Crediting a cell
 * never allocates: it relies on room reserved before.  An event whose
 * credits fit in view_room reserves nothing, so view_room must stay at
 * most the room of every view after every operation that may spend room or
 * add a view: events of every kind (contacts, surveys, the ledger, agent
 * states), expiry, a view added in the middle of a stream, a merge, a
 * restored snapshot.  The stream must also take the path that spends
 * view_room (else the test proves nothing), and its cells must be those of
 * an engine that reserves at every event (view_room forced to 0).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ccmetrics_int.h"
#include "testutil.h"

#define D(x) CCM_DIM_BIT(CCM_DIM_##x)
#define MIN 60000LL

/* view_room at most every view's room; every view's cells within its
 * chunks and index. */
static void assert_room(const ccm_engine *e, const char *after, size_t at) {
  uint32_t i;
  for (i = 0; i < e->nviews; i++) {
    const ccm_view *v = e->views[i];
    if (v->ncells > v->cells_room)
      ck_abort_msg("after %s %zu: view %u has %u cells, room for %u", after, at, (unsigned)i, (unsigned)v->ncells,
                   (unsigned)v->cells_room);
    if (e->view_room > ccm_view_room(v))
      ck_abort_msg("after %s %zu: view_room %u, but view %u takes %u more", after, at, (unsigned)e->view_room,
                   (unsigned)i, (unsigned)ccm_view_room(v));
  }
}

/* Events that found view_room enough (it went down and no view grew). */
static long spent_events;

/* Ingest s.ev[from, to) into a (checked after each event) and into b,
 * whose view_room is forced to 0 before each event (the views looked at
 * every time): the same outcome for both.  (The short retention and idle
 * time make the engines refuse events of contacts they forgot.) */
static void ingest_range(ccm_engine *a, ccm_engine *b, const tu_stream *s, size_t from, size_t to, size_t expire_every) {
  size_t i;
  for (i = from; i < to; i++) {
    uint32_t before = a->view_room;
    int32_t ra, rb;
    ra = ccm_ingest(a, &s->ev[i]);
    b->view_room = 0;
    rb = ccm_ingest(b, &s->ev[i]);
    if (ra != rb) ck_abort_msg("event %zu: %d against %d", i, (int)ra, (int)rb);
    if (a->view_room < before && a->view_room > 0) spent_events++;
    assert_room(a, "event", i);
    if (expire_every && i % expire_every == expire_every - 1) {
      ck_assert_int_eq(ccm_engine_expire(a, s->ev[i].ts + 10 * MIN), CCM_OK);
      ck_assert_int_eq(ccm_engine_expire(b, s->ev[i].ts + 10 * MIN), CCM_OK);
      assert_room(a, "expiry at event", i);
    }
  }
}

static ccm_engine *engine_with_views(tu_ids *ids, tu_views *vs) {
  ccm_config *cfg = NULL;
  ccm_engine *e;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_RETENTION_MS, 30 * MIN), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_IDLE_TIMEOUT_MS, 60 * MIN), CCM_OK);
  e = tu_engine(cfg);
  ccm_config_free(cfg);
  tu_intern_ids(e, ids);
  tu_views_add(e, vs);
  return e;
}

static void assert_same_cells(const ccm_engine *a, const tu_views *va, const ccm_engine *b, const tu_views *vb) {
  tu_fp fa, fb;
  tu_fingerprint(a, va, &fa);
  tu_fingerprint(b, vb, &fb);
  ck_assert_msg(tu_fp_equal(&fa, &fb), "the cells differ from those of an engine that reserves at every event");
  tu_fp_free(&fa);
  tu_fp_free(&fb);
}

/* Contacts, surveys, ledger and agent states, expiry every 37 events, a
 * view added halfway, then a merge of a second engine and a restored
 * copy that go on with the rest of the stream. */
START_TEST(test_room_never_overstated) {
  tu_ids ids, ids2, ids3;
  tu_views va, vb, vo;
  tu_stream s = {0}, s2 = {0};
  ccm_engine *a = engine_with_views(&ids, &va), *b = engine_with_views(&ids2, &vb), *other;
  ccm_view *late_a, *late_b, *late_o;
  tu_out snap = {0};
  size_t half, three_q;
  size_t i;
  spent_events = 0;
  tu_gen(&ids, 41, 400, &s);
  tu_gen_families(&ids, 41, 60, &s);
  half = s.n / 2;
  three_q = s.n * 3 / 4;
  ck_assert_uint_eq(a->view_room, 0); /* nothing reserved yet */
  ingest_range(a, b, &s, 0, half, 37);

  /* a view added: it has no room, so neither has the engine */
  ck_assert_int_eq(ccm_view_new(a, D(AGENT) | D(SKILL), CCM_GRAIN_HOUR, 0, &late_a), CCM_OK);
  ck_assert_int_eq(ccm_view_new(b, D(AGENT) | D(SKILL), CCM_GRAIN_HOUR, 0, &late_b), CCM_OK);
  ck_assert_uint_eq(a->view_room, 0);
  assert_room(a, "a new view at event", half);
  ingest_range(a, b, &s, half, three_q, 37);

  /* a merge grows the destination's views (the same views, the same
   * configuration; cells of another stream, merged into both) */
  other = engine_with_views(&ids3, &vo);
  ck_assert_int_eq(ccm_view_new(other, D(AGENT) | D(SKILL), CCM_GRAIN_HOUR, 0, &late_o), CCM_OK);
  tu_gen(&ids3, 53, 80, &s2);
  for (i = 0; i < s2.n; i++) (void)ccm_ingest(other, &s2.ev[i]); /* short retention: some are refused */
  ck_assert_int_gt(tu_stat(other, CCM_STAT_ACCEPTED), (int64_t)s2.n / 2);
  ck_assert_int_eq(ccm_engine_merge(a, other), CCM_OK);
  ck_assert_int_eq(ccm_engine_merge(b, other), CCM_OK);
  assert_room(a, "a merge at event", three_q);
  tu_stream_free(&s2);
  ccm_engine_free(other);

  /* a restored copy starts without room and reserves its own */
  ck_assert_int_eq(ccm_engine_snapshot(a, tu_out_write, &snap), CCM_OK);
  ccm_engine_free(a);
  a = NULL;
  ck_assert_int_eq(ccm_engine_restore(snap.p, snap.n, NULL, NULL, &a), CCM_OK);
  tu_out_free(&snap);
  ck_assert_uint_eq(a->view_room, 0);
  for (i = 0; i < TU_STD_VIEWS; i++) ck_assert_int_eq(ccm_engine_view(a, (uint32_t)i, &va.v[i]), CCM_OK);
  assert_room(a, "a restore at event", three_q);
  ingest_range(a, b, &s, three_q, s.n, 37);

  ck_assert_int_eq(ccm_engine_flush(a), CCM_OK);
  ck_assert_int_eq(ccm_engine_flush(b), CCM_OK);
  assert_same_cells(a, &va, b, &vb);
  ck_assert_int_gt(tu_stat(a, CCM_STAT_EXPIRED), 0);
  ck_assert_int_gt(tu_stat(a, CCM_STAT_ACCEPTED), (int64_t)s.n / 2);
  /* most events took the path under test */
  ck_assert_msg(spent_events > (long)s.n / 2, "view_room spent by %ld of %zu events", spent_events, s.n);
  tu_stream_free(&s);
  ccm_engine_free(a);
  ccm_engine_free(b);
}
END_TEST

/* A view with sketches reserves sketch room for every event: view_room
 * stays 0, and every event looks at the views. */
START_TEST(test_sketches_keep_no_room) {
  tu_ids ids;
  tu_views vs;
  tu_stream s = {0};
  ccm_engine *e = tu_engine(NULL);
  ccm_view *v;
  size_t i;
  tu_intern_ids(e, &ids);
  tu_views_add(e, &vs);
  ck_assert_int_eq(ccm_view_new(e, D(SKILL), CCM_GRAIN_INTERVAL, CCM_VIEW_SKETCHES, &v), CCM_OK);
  tu_gen(&ids, 43, 150, &s);
  for (i = 0; i < s.n; i++) {
    ck_assert_int_eq(ccm_ingest(e, &s.ev[i]), s.expect[i]);
    ck_assert_uint_eq(e->view_room, 0);
    assert_room(e, "event", i);
  }
  tu_stream_free(&s);
  ccm_engine_free(e);
}
END_TEST

/* An engine without views spends no room, whatever view_room says. */
START_TEST(test_no_views) {
  tu_ids ids;
  tu_stream s = {0};
  ccm_engine *e = tu_engine(NULL);
  ccm_view *v;
  size_t i;
  tu_intern_ids(e, &ids);
  tu_gen(&ids, 47, 60, &s);
  for (i = 0; i < s.n / 2; i++) ck_assert_int_eq(ccm_ingest(e, &s.ev[i]), s.expect[i]);
  /* the first view added later finds no room promised */
  ck_assert_int_eq(ccm_view_new(e, D(AGENT), CCM_GRAIN_INTERVAL, 0, &v), CCM_OK);
  ck_assert_uint_eq(e->view_room, 0);
  for (; i < s.n; i++) {
    ck_assert_int_eq(ccm_ingest(e, &s.ev[i]), s.expect[i]);
    assert_room(e, "event", i);
  }
  tu_stream_free(&s);
  ccm_engine_free(e);
}
END_TEST

int main(void) {
  Suite *s = suite_create("view_room");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_room_never_overstated);
  tcase_add_test(tc, test_sketches_keep_no_room);
  tcase_add_test(tc, test_no_views);
  suite_add_tcase(s, tc);
  return tu_run(s);
}
