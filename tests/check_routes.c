/*
 * check_routes.c - credits reach the same cells in an engine of many views
 * as in engines of one view each.
 *
 * An engine with two views or more remembers, for recent credit keys, the
 * cell each view gave them, in a view by tag when the credit goes to one
 * tag (lib/route_cache.c), keyed by the dimensions of those views only (the
 * views added halfway bring dimensions of their own); one with a single
 * view looks every credit up.
 * So a stream ingested into one engine with the views below, and into one
 * engine per view, must leave every cell of every view with the same
 * measures and quantiles: views by tag, with sketches, of every grain,
 * added halfway through the stream (the gauges of older contacts skip
 * them), and more views than the table remembers.
 *
 * A view with one dimension also finds a cell through the id's last cell
 * (lib/view.c, by_id): test_one_dimension_cells counts its cells by hand.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccmetrics.h"
#include "testutil.h"

#define D(x) CCM_DIM_BIT(CCM_DIM_##x)

typedef struct view_def {
  uint32_t mask;
  int32_t grain;
  uint32_t flags;
  int late; /* added after half of the stream */
} view_def;

static const view_def MIXED[] = {
    {0, CCM_GRAIN_NONE, 0, 0},
    {D(AGENT), CCM_GRAIN_INTERVAL, 0, 0},
    {D(SKILL) | D(CHANNEL), CCM_GRAIN_INTERVAL, CCM_VIEW_SKETCHES, 0},
    {D(TAG), CCM_GRAIN_DATE, 0, 0},
    {D(TEAM), CCM_GRAIN_DATE, 0, 0},
    {D(DISPOSITION) | D(DIRECTION), CCM_GRAIN_HOUR, 0, 0},
    {D(AGENT) | D(SKILL), CCM_GRAIN_INTERVAL, 0, 1},
    {D(CAMPAIGN) | D(TAG), CCM_GRAIN_WEEK, CCM_VIEW_SKETCHES, 1},
    {D(CONTACT_TYPE) | D(REASON), CCM_GRAIN_MONTH, 0, 1},
};

/* The fewest views that use the table: two. */
static const view_def TWO[] = {
    {D(SKILL), CCM_GRAIN_INTERVAL, 0, 0},
    {D(AGENT) | D(TEAM), CCM_GRAIN_DATE, 0, 0},
};

/* Only views by tag: the table holds their cells for credits to one tag
 * (a contact with none or one, a survey's own tag), and a contact with two
 * tags or more is looked up as in a single view. */
static const view_def TAGGED[] = {
    {D(TAG), CCM_GRAIN_INTERVAL, 0, 0},
    {D(AGENT) | D(TAG), CCM_GRAIN_DATE, CCM_VIEW_SKETCHES, 0},
};

/* One cell as bytes: bucket, key, every measure field, and for a view with
 * sketches the median and 90th percentile of each timer. */
typedef struct cell_rows {
  unsigned char *buf;
  size_t n, rec;
} cell_rows;

static void put64(unsigned char *p, uint64_t v) {
  int i;
  for (i = 7; i >= 0; --i, v >>= 8) p[i] = (unsigned char)v;
}

static int cmp_rec_len;
static int cmp_rec(const void *a, const void *b) { return memcmp(a, b, (size_t)cmp_rec_len); }

static void view_rows(const ccm_view *v, int sketches, cell_rows *out) {
  int32_t nm = ccm_measure_count(), m;
  size_t fields = 0, k = 0;
  int64_t ncells = ccm_view_cells(v);
  ccm_cursor *c = NULL;
  int32_t rc;
  for (m = 0; m < nm; ++m) {
    int timer = ccm_measure_kind(m) == CCM_MEASURE_TIMER_KIND;
    fields += timer ? 4 + (sketches ? 2 : 0) : 1;
  }
  out->rec = 8 * (1 + CCM_KEY_DIMS + fields);
  out->n = (size_t)ncells;
  out->buf = malloc(out->rec * (out->n + 1));
  ck_assert_ptr_nonnull(out->buf);
  ck_assert_int_eq(ccm_cursor_new(v, &c), CCM_OK);
  while ((rc = ccm_cursor_next(c)) == CCM_OK) {
    uint32_t key[CCM_KEY_DIMS];
    int64_t bucket = 0;
    unsigned char *p = out->buf + out->rec * k;
    int d;
    ck_assert_uint_lt(k, out->n);
    ck_assert_int_eq(ccm_cursor_key(c, key, CCM_KEY_DIMS, &bucket), CCM_OK);
    put64(p, (uint64_t)bucket);
    p += 8;
    for (d = 0; d < CCM_KEY_DIMS; ++d, p += 8) put64(p, key[d]);
    for (m = 0; m < nm; ++m) {
      int timer = ccm_measure_kind(m) == CCM_MEASURE_TIMER_KIND;
      int32_t f;
      for (f = 0; f < (timer ? 4 : 1); ++f, p += 8) {
        int64_t val = 0;
        ck_assert_int_eq(ccm_cursor_measure(c, m, f, &val), CCM_OK);
        put64(p, (uint64_t)val);
      }
      if (timer && sketches) {
        static const double qs[2] = {0.5, 0.9};
        int q;
        for (q = 0; q < 2; ++q, p += 8) {
          double x = -1;
          uint64_t bits;
          rc = ccm_cursor_quantile(c, m, qs[q], &x);
          ck_assert_msg(rc == CCM_OK || rc == CCM_UNDEFINED, "quantile: %s", ccm_error_name(rc));
          if (rc != CCM_OK) x = -1;
          memcpy(&bits, &x, sizeof bits);
          put64(p, bits);
        }
      }
    }
    k++;
  }
  ck_assert_int_eq(rc, CCM_END);
  ck_assert_uint_eq(k, out->n);
  ccm_cursor_free(c);
  cmp_rec_len = (int)out->rec;
  qsort(out->buf, out->n, out->rec, cmp_rec);
}

/* Views def[0..n) into e: the early ones, or the late ones. */
static void add_views(ccm_engine *e, const view_def *def, size_t n, int late, ccm_view **views) {
  size_t i;
  for (i = 0; i < n; ++i) {
    if (def[i].late != late) continue;
    ck_assert_int_eq(ccm_view_new(e, def[i].mask, def[i].grain, def[i].flags, &views[i]), CCM_OK);
  }
}

/* How the stream is ingested. */
typedef struct run_opts {
  const char *tz;       /* a TZ rule for every engine (NULL: UTC) */
  int64_t shift;        /* added to every event time */
  size_t expire_every;  /* ccm_engine_advance and ccm_engine_expire at every such event (0: never) */
} run_opts;

static ccm_engine *new_engine(const run_opts *o) {
  ccm_config *cfg = NULL;
  ccm_engine *e;
  if (!o->tz) return tu_engine(NULL);
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set_tz(cfg, o->tz), CCM_OK);
  e = tu_engine(cfg);
  ccm_config_free(cfg);
  return e;
}

/* Events [from, to) into `all` and each of `one`: the same result for
 * every event in every engine, by batch or one by one (then with expiry
 * every o->expire_every events). */
static void ingest_range(ccm_engine *all, ccm_engine **one, size_t nviews, const tu_stream *s, size_t from,
                         size_t to, int batch, const run_opts *o) {
  size_t j, i;
  if (from >= to) return;
  if (batch) {
    int32_t *want = malloc((to - from) * sizeof *want), *got = malloc((to - from) * sizeof *got);
    size_t acc_all = 0, acc = 0;
    ck_assert(want && got);
    (void)ccm_ingest_batch(all, s->ev + from, to - from, 0, &acc_all, want);
    for (i = 0; i < nviews; ++i) {
      (void)ccm_ingest_batch(one[i], s->ev + from, to - from, 0, &acc, got);
      ck_assert_uint_eq(acc, acc_all);
      ck_assert_mem_eq(got, want, (to - from) * sizeof *got);
    }
    free(want);
    free(got);
    return;
  }
  for (j = from; j < to; ++j) {
    int32_t rc = ccm_ingest(all, &s->ev[j]);
    for (i = 0; i < nviews; ++i) ck_assert_int_eq(ccm_ingest(one[i], &s->ev[j]), rc);
    if (o->expire_every && (j + 1) % o->expire_every == 0) {
      int64_t now = s->ev[j].ts;
      ck_assert_int_eq(ccm_engine_advance(all, now), CCM_OK);
      ck_assert_int_eq(ccm_engine_expire(all, now), CCM_OK);
      for (i = 0; i < nviews; ++i) {
        ck_assert_int_eq(ccm_engine_advance(one[i], now), CCM_OK);
        ck_assert_int_eq(ccm_engine_expire(one[i], now), CCM_OK);
      }
    }
  }
}

/* The stream into `all` (every view) and into one engine per view, views
 * marked late added halfway, the first half one by one and the second by
 * batch (or one by one, with expiry); then every view compared with its
 * single-view twin. */
static void compare_with_single_views(const view_def *def, size_t nviews, int ncontacts, uint32_t seed,
                                      const run_opts *o) {
  ccm_engine *all = new_engine(o), **one = calloc(nviews, sizeof *one);
  ccm_view **vall = calloc(nviews, sizeof *vall), **vone = calloc(nviews, sizeof *vone);
  tu_ids ids;
  tu_stream s;
  size_t i, j, half;
  ck_assert(one && vall && vone);
  tu_intern_ids(all, &ids);
  for (i = 0; i < nviews; ++i) {
    tu_ids same;
    one[i] = new_engine(o);
    tu_intern_ids(one[i], &same);
    ck_assert_mem_eq(&same, &ids, sizeof ids);
  }
  memset(&s, 0, sizeof s);
  tu_gen(&ids, seed, ncontacts, &s);
  tu_gen_families(&ids, seed, ncontacts / 4, &s);
  for (j = 0; j < s.n; ++j) s.ev[j].ts += o->shift;
  half = s.n / 2;
  add_views(all, def, nviews, 0, vall);
  for (i = 0; i < nviews; ++i)
    if (!def[i].late) add_views(one[i], def + i, 1, 0, vone + i);
  ingest_range(all, one, nviews, &s, 0, half, 0, o);
  add_views(all, def, nviews, 1, vall);
  for (i = 0; i < nviews; ++i)
    if (def[i].late) add_views(one[i], def + i, 1, 1, vone + i);
  ingest_range(all, one, nviews, &s, half, s.n, !o->expire_every, o);
  ck_assert_int_gt(tu_stat(all, CCM_STAT_ACCEPTED), (int64_t)(s.n * 9 / 10));
  for (i = 0; i < nviews; ++i) {
    cell_rows a, b;
    int sk = (def[i].flags & CCM_VIEW_SKETCHES) != 0;
    view_rows(vall[i], sk, &a);
    view_rows(vone[i], sk, &b);
    ck_assert_msg(a.n > 0, "view %zu: no cells", i);
    ck_assert_msg(a.n == b.n, "view %zu: %zu cells with every view, %zu alone", i, a.n, b.n);
    ck_assert_msg(memcmp(a.buf, b.buf, a.n * a.rec) == 0, "view %zu: cells differ from the view alone", i);
    free(a.buf);
    free(b.buf);
    ccm_engine_free(one[i]);
  }
  tu_stream_free(&s);
  ccm_engine_free(all);
  free(one);
  free(vall);
  free(vone);
}

static const run_opts PLAIN = {NULL, 0, 0};

START_TEST(test_mixed_views) { compare_with_single_views(MIXED, sizeof MIXED / sizeof MIXED[0], 1500, 11, &PLAIN); }
END_TEST

START_TEST(test_two_views) { compare_with_single_views(TWO, 2, 1500, 12, &PLAIN); }
END_TEST

START_TEST(test_tag_views) { compare_with_single_views(TAGGED, 2, 1500, 13, &PLAIN); }
END_TEST

/* Local time across a clock change (Berlin, 2026-03-29 01:00 UTC: the
 * stream runs from 23:00 UTC the day before), every grain of local time;
 * expiry and advance every 500 events (their gauge and span credits go
 * through the table too). */
START_TEST(test_clock_change_and_expiry) {
  static const view_def defs[] = {
      {D(SKILL), CCM_GRAIN_INTERVAL, 0, 0},
      {D(AGENT), CCM_GRAIN_HOUR, 0, 0},
      {D(TEAM), CCM_GRAIN_DATE, 0, 0},
      {D(CHANNEL), CCM_GRAIN_DOW, 0, 0},
      {0, CCM_GRAIN_WEEK, 0, 1},
      {D(AGENT) | D(REASON), CCM_GRAIN_MONTH, 0, 1},
  };
  run_opts o = {"CET-1CEST,M3.5.0,M10.5.0/3", INT64_C(1774738800000) - TU_T0, 500};
  compare_with_single_views(defs, sizeof defs / sizeof defs[0], 1200, 14, &o);
}
END_TEST

/* Twenty views, more than the table holds cells for (16): the later ones
 * are looked up for every credit; those added halfway bring new grains
 * (the table is kept: their buckets split the remembered stretches). */
START_TEST(test_many_views) {
  static const uint32_t masks[] = {0, D(AGENT), D(SKILL), D(TEAM), D(CHANNEL) | D(DIRECTION), D(TAG), D(AGENT) | D(SKILL)};
  static const int32_t grains[] = {CCM_GRAIN_INTERVAL, CCM_GRAIN_HOUR, CCM_GRAIN_DATE, CCM_GRAIN_NONE};
  view_def def[20];
  size_t i;
  for (i = 0; i < 20; ++i) {
    def[i].mask = masks[i % 7];
    def[i].grain = grains[i % 4];
    def[i].flags = i % 5 == 4 ? CCM_VIEW_SKETCHES : 0;
    def[i].late = i >= 17;
  }
  def[18].grain = CCM_GRAIN_WEEK;
  def[19].grain = CCM_GRAIN_MONTH;
  compare_with_single_views(def, 20, 400, 13, &PLAIN);
}
END_TEST

/* A contact answered by agent `a` at `ts` (one `answered` to a's cell). */
static void answered_by(ccm_engine *e, uint64_t contact, int64_t ts, uint32_t skill, uint32_t a) {
  TU_OK(e, CCM_EV_CONTACT_START, ts, contact, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_QUEUE_ENTER, ts, contact, .skill = skill);
  TU_OK(e, CCM_EV_ANSWER, ts, contact, .agent = a);
}

#define AGENT_KEY(a_) TU_KEY([CCM_DIM_AGENT] = (a_))

/* A view with one dimension finds an id's cell through the bucket that id
 * was credited in last (lib/view.c, by_id): each answer counts in its own
 * agent's cell of its own interval while agents take turns, an interval
 * is left and credited again after a later one, and agents are interned
 * in the middle of the stream (the table grows to them). */
START_TEST(test_one_dimension_cells) {
  const int64_t b0 = TU_T0 - 13 * TU_MIN - 20 * TU_SEC; /* 22:00 */
  const int64_t b1 = b0 + 15 * TU_MIN, b2 = b0 + 30 * TU_MIN;
  ccm_engine *e = tu_engine(NULL);
  ccm_view *v = tu_view(e, D(AGENT), CCM_GRAIN_INTERVAL);
  uint32_t skill = tu_intern(e, CCM_DIM_SKILL, "sales"), agent[40];
  uint64_t contact = 1;
  char name[16];
  int i;
  for (i = 0; i < 3; ++i) {
    snprintf(name, sizeof name, "a%d", i);
    agent[i] = tu_intern(e, CCM_DIM_AGENT, name);
  }
  answered_by(e, contact++, b0 + TU_MIN, skill, agent[0]);
  answered_by(e, contact++, b0 + 2 * TU_MIN, skill, agent[1]);
  answered_by(e, contact++, b0 + 3 * TU_MIN, skill, agent[0]);
  answered_by(e, contact++, b1 + TU_MIN, skill, agent[0]);     /* a0 moves to b1 */
  answered_by(e, contact++, b0 + 4 * TU_MIN, skill, agent[0]); /* and back to b0 (another contact) */
  answered_by(e, contact++, b1 + 2 * TU_MIN, skill, agent[1]);
  answered_by(e, contact++, b1 + 3 * TU_MIN, skill, agent[2]);
  for (i = 3; i < 40; ++i) {
    snprintf(name, sizeof name, "a%d", i);
    agent[i] = tu_intern(e, CCM_DIM_AGENT, name);
  }
  answered_by(e, contact++, b1 + 4 * TU_MIN, skill, agent[39]);
  answered_by(e, contact++, b1 + 5 * TU_MIN, skill, agent[39]);
  answered_by(e, contact++, b2 + TU_MIN, skill, agent[39]);
  for (i = 0; i < 40; ++i) answered_by(e, contact++, b2 + 2 * TU_MIN, skill, agent[i]);
  answered_by(e, contact++, b1 + 6 * TU_MIN, skill, agent[39]); /* b1 again, after b2 */

  tu_assert_field(v, AGENT_KEY(agent[0]), b0, "answered", CCM_FIELD_COUNT, 3, __FILE__, __LINE__);
  tu_assert_field(v, AGENT_KEY(agent[1]), b0, "answered", CCM_FIELD_COUNT, 1, __FILE__, __LINE__);
  tu_assert_field(v, AGENT_KEY(agent[0]), b1, "answered", CCM_FIELD_COUNT, 1, __FILE__, __LINE__);
  tu_assert_field(v, AGENT_KEY(agent[1]), b1, "answered", CCM_FIELD_COUNT, 1, __FILE__, __LINE__);
  tu_assert_field(v, AGENT_KEY(agent[2]), b1, "answered", CCM_FIELD_COUNT, 1, __FILE__, __LINE__);
  tu_assert_field(v, AGENT_KEY(agent[39]), b1, "answered", CCM_FIELD_COUNT, 3, __FILE__, __LINE__);
  tu_assert_field(v, AGENT_KEY(agent[39]), b2, "answered", CCM_FIELD_COUNT, 2, __FILE__, __LINE__);
  for (i = 0; i < 39; ++i) tu_assert_field(v, AGENT_KEY(agent[i]), b2, "answered", CCM_FIELD_COUNT, 1, __FILE__, __LINE__);
  ck_assert(!tu_has_cell(v, AGENT_KEY(agent[2]), b0));
  ck_assert(!tu_has_cell(v, AGENT_KEY(agent[3]), b1));
  /* the agents' cells above, and in each interval one of no agent (the
   * contacts' credits before an agent answered) */
  ck_assert_int_eq(ccm_view_cells(v), (2 + 1) + (4 + 1) + (40 + 1));
  ccm_engine_free(e);
}
END_TEST

/* Ids the table never covers (it stops at 65 536 ids) are found through
 * the index: an agent past that credited in turn with the one 65 536 ids
 * below it (a table indexed modulo its size would mix their cells), in two
 * intervals and back. */
START_TEST(test_one_dimension_past_the_table) {
  const int64_t b0 = TU_T0 - 13 * TU_MIN - 20 * TU_SEC, b1 = b0 + 15 * TU_MIN;
  ccm_engine *e = tu_engine(NULL);
  ccm_view *v = tu_view(e, D(AGENT), CCM_GRAIN_INTERVAL);
  uint32_t skill = tu_intern(e, CCM_DIM_SKILL, "sales"), first = 0, high = 0, low;
  uint64_t contact = 1;
  char name[16];
  int i;
  for (i = 0; i < 65540; ++i) {
    snprintf(name, sizeof name, "a%d", i);
    high = tu_intern(e, CCM_DIM_AGENT, name);
    if (i == 0) first = high;
  }
  ck_assert_uint_ge(high, 65536);
  low = high - 65536; /* ids are handed out in turn: also an agent's */
  ck_assert_uint_ge(low, first);
  answered_by(e, contact++, b0 + TU_MIN, skill, high);
  answered_by(e, contact++, b0 + 2 * TU_MIN, skill, low);
  answered_by(e, contact++, b0 + 3 * TU_MIN, skill, high);
  answered_by(e, contact++, b1 + TU_MIN, skill, high);
  answered_by(e, contact++, b0 + 4 * TU_MIN, skill, high); /* b0 again */
  answered_by(e, contact++, b1 + 2 * TU_MIN, skill, low);
  tu_assert_field(v, AGENT_KEY(high), b0, "answered", CCM_FIELD_COUNT, 3, __FILE__, __LINE__);
  tu_assert_field(v, AGENT_KEY(high), b1, "answered", CCM_FIELD_COUNT, 1, __FILE__, __LINE__);
  tu_assert_field(v, AGENT_KEY(low), b0, "answered", CCM_FIELD_COUNT, 1, __FILE__, __LINE__);
  tu_assert_field(v, AGENT_KEY(low), b1, "answered", CCM_FIELD_COUNT, 1, __FILE__, __LINE__);
  ck_assert_int_eq(ccm_view_cells(v), (2 + 1) + (2 + 1));
  ccm_engine_free(e);
}
END_TEST

/* The table only saves the index's work: with every allocation failing,
 * so that it cannot grow to agents interned late, the events of a contact
 * whose cells exist are still accepted, and counted. */
START_TEST(test_one_dimension_no_memory) {
  tu_alloc a;
  ccm_engine *e = NULL;
  ccm_view *v;
  uint32_t skill, agent = 0;
  char name[16];
  int i;
  tu_alloc_init(&a);
  ck_assert_int_eq(ccm_engine_new(NULL, &a.hooks, &e), CCM_OK);
  v = tu_view(e, D(AGENT), CCM_GRAIN_NONE);
  skill = tu_intern(e, CCM_DIM_SKILL, "sales");
  agent = tu_intern(e, CCM_DIM_AGENT, "first");
  TU_OK(e, CCM_EV_CONTACT_START, TU_T0, 1, .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_QUEUE_ENTER, TU_T0, 1, .skill = skill);
  TU_OK(e, CCM_EV_ANSWER, TU_T0 + TU_SEC, 1, .agent = agent);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, TU_T0 + 2 * TU_SEC, 1);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, TU_T0 + 3 * TU_SEC, 1);
  for (i = 0; i < 100; ++i) { /* past the table's first 16 ids */
    snprintf(name, sizeof name, "late%d", i);
    (void)tu_intern(e, CCM_DIM_AGENT, name);
  }
  tu_alloc_arm_from(&a, 1);
  for (i = 0; i < 200; ++i) {
    TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, TU_T0 + (4 + 2 * i) * TU_SEC, 1);
    TU_OK(e, CCM_EV_AGENT_MESSAGE, TU_T0 + (5 + 2 * i) * TU_SEC, 1);
  }
  tu_alloc_disarm(&a);
  ck_assert_int_gt(a.injected, 0); /* the table asked, and was refused */
  tu_assert_field(v, AGENT_KEY(agent), 0, "agent_responses", CCM_FIELD_COUNT, 201, __FILE__, __LINE__);
  ccm_engine_free(e);
  ck_assert_int_eq(a.outstanding, 0);
}
END_TEST

/* Out of memory while adding a view (its table grows): the view is not
 * added, and the engine goes on as before. */
START_TEST(test_view_new_nomem) {
  tu_alloc a;
  ccm_engine *e;
  ccm_view *v1 = NULL, *v2 = NULL;
  long n;
  tu_alloc_init(&a);
  ck_assert_int_eq(ccm_engine_new(NULL, &a.hooks, &e), CCM_OK);
  ck_assert_int_eq(ccm_view_new(e, D(SKILL), CCM_GRAIN_INTERVAL, 0, &v1), CCM_OK);
  for (n = 1;; n++) {
    int64_t views = tu_stat(e, CCM_STAT_VIEWS), bytes = tu_stat(e, CCM_STAT_MEMORY_BYTES);
    int32_t rc;
    tu_alloc_arm(&a, n);
    rc = ccm_view_new(e, D(AGENT), CCM_GRAIN_INTERVAL, 0, &v2);
    tu_alloc_disarm(&a);
    if (rc == CCM_OK) {
      ck_assert_int_eq(a.injected, 0);
      break;
    }
    ck_assert_int_eq(rc, CCM_E_NOMEM);
    ck_assert_ptr_null(v2);
    ck_assert_int_eq(tu_stat(e, CCM_STAT_VIEWS), views);
    ck_assert_int_le(tu_stat(e, CCM_STAT_MEMORY_BYTES), bytes + 8 * (int64_t)sizeof(void *)); /* the view list may have grown */
  }
  ck_assert_int_eq(n, 4); /* the view, then the table's two arrays */
  ck_assert_int_eq(tu_stat(e, CCM_STAT_VIEWS), 2);
  {
    tu_ids ids;
    tu_intern_ids(e, &ids);
    TU_OK(e, CCM_EV_CONTACT_START, TU_T0, 1, .channel = CCM_CHANNEL_VOICE,
          .direction = CCM_DIRECTION_INBOUND);
    TU_OK(e, CCM_EV_QUEUE_ENTER, TU_T0 + 1000, 1, .skill = ids.billing);
    TU_OK(e, CCM_EV_ANSWER, TU_T0 + 5000, 1, .agent = ids.ann, .team = ids.red, .skill = ids.billing);
    ck_assert_int_eq(tu_field(v1, TU_KEY([CCM_DIM_SKILL] = ids.billing), TU_T0 - TU_T0 % 900000, "answered", 0), 1);
    ck_assert_int_eq(tu_field(v2, TU_KEY([CCM_DIM_AGENT] = ids.ann), TU_T0 - TU_T0 % 900000, "answered", 0), 1);
  }
  ccm_engine_free(e);
  ck_assert_int_eq(a.outstanding, 0);
}
END_TEST

static Suite *routes_suite(void) {
  Suite *s = suite_create("routes");
  TCase *tc = tcase_create("routes");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_mixed_views);
  tcase_add_test(tc, test_two_views);
  tcase_add_test(tc, test_tag_views);
  tcase_add_test(tc, test_many_views);
  tcase_add_test(tc, test_clock_change_and_expiry);
  tcase_add_test(tc, test_view_new_nomem);
  tcase_add_test(tc, test_one_dimension_cells);
  tcase_add_test(tc, test_one_dimension_past_the_table);
  tcase_add_test(tc, test_one_dimension_no_memory);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(routes_suite());
  int failed;
  srunner_run_all(sr, CK_NORMAL);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
