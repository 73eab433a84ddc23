/*
 * check_merge.c - ccm_engine_merge, ccm_view_merge and ccm_engine_view.
 *
 * The heart of the suite is a property: a generated stream split by contact
 * (a customer's contacts together, agent states and the ledger in shard 0)
 * into k = 2..8 shards, each ingested by its own engine whose dictionaries
 * give other ids to the same names, then merged into one engine, gives
 * exactly what one engine gives for the whole stream: every field of every
 * measure of every cell of every view, every metric but the longest wait
 * (which needs the waiting contacts, each engine keeps its own), every
 * quantile of every sketched timer (merging sketches adds bucket counts,
 * so percentiles are identical too), and every counter.  Results are
 * compared by names, never by ids.
 *
 * Also: hand-computed merges, refusals (incompatible configurations or
 * views, an engine into itself, held events), and every allocation failure
 * of a merge in turn: CCM_E_NOMEM with the destination unchanged (cells,
 * dictionaries, counters), then the same result as a merge that never
 * failed.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define T TU_T0
#define SEC TU_SEC
#define MIN TU_MIN
#define HOUR TU_HOUR
#define DAY TU_DAY

#define VOICE_IN .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND

/* ------------------------------------------------------------------------ */
/* Results of an engine as sorted text lines, by names */

typedef struct lines {
  char **s;
  size_t n, cap;
} lines;

typedef struct sbuf {
  char *p;
  size_t len, cap;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) {
  va_list ap;
  int n;
  for (;;) {
    va_start(ap, fmt);
    n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
    va_end(ap);
    TU_CHECK(n >= 0, "vsnprintf failed");
    if (b->p && b->len + (size_t)n < b->cap) break;
    b->cap = (b->cap + (size_t)n + 1) * 2;
    b->p = realloc(b->p, b->cap);
    TU_CHECK(b->p != NULL, "out of memory");
  }
  b->len += (size_t)n;
}

static void lines_push(lines *l, char *s) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 256;
    l->s = realloc(l->s, l->cap * sizeof *l->s);
    TU_CHECK(l->s != NULL, "out of memory");
  }
  l->s[l->n++] = s;
}

static void lines_free(lines *l) {
  size_t i;
  for (i = 0; i < l->n; i++) free(l->s[i]);
  free(l->s);
  memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static const double QS[] = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1};

/* One cell: view, bucket, key names, every field of every measure, every
 * metric but the longest wait, every quantile of every timer (hex floats:
 * exact). */
static char *cell_line(const ccm_engine *e, uint32_t view, uint32_t mask, ccm_cursor *c) {
  uint32_t key[CCM_KEY_DIMS];
  int64_t bucket = 0;
  int32_t d, m, nm = ccm_measure_count(), nmet = ccm_metric_count(), rc;
  sbuf b = {NULL, 0, 0};
  size_t q;
  rc = ccm_cursor_key(c, key, CCM_KEY_DIMS, &bucket);
  TU_CHECK(rc == CCM_OK, "ccm_cursor_key: %d", (int)rc);
  sb_printf(&b, "v%u b%lld", (unsigned)view, (long long)bucket);
  for (d = 0; d < CCM_KEY_DIMS; d++) {
    const char *name = NULL;
    size_t len = 0;
    if (!(mask & CCM_DIM_BIT(d))) continue;
    rc = ccm_name(e, d, key[d], &name, &len);
    TU_CHECK(rc == CCM_OK, "ccm_name(%d, %u): %d", (int)d, (unsigned)key[d], (int)rc);
    sb_printf(&b, " %s=[%.*s]", ccm_dim_name(d), (int)len, name);
  }
  for (m = 0; m < nm; m++) {
    int32_t kind = ccm_measure_kind(m);
    static const int32_t timer_fields[] = {CCM_FIELD_COUNT, CCM_FIELD_SUM, CCM_FIELD_MIN, CCM_FIELD_MAX};
    static const int32_t level_fields[] = {CCM_FIELD_COUNT, CCM_FIELD_START, CCM_FIELD_END};
    const int32_t *fields = kind == CCM_MEASURE_TIMER_KIND ? timer_fields : level_fields;
    int32_t nf = kind == CCM_MEASURE_TIMER_KIND ? 4 : kind == CCM_MEASURE_LEVEL_KIND ? 3 : 1, f;
    sb_printf(&b, " %s", ccm_measure_name(m));
    for (f = 0; f < nf; f++) {
      int64_t val = 0;
      rc = ccm_cursor_measure(c, m, fields[f], &val);
      sb_printf(&b, " %d:%lld", (int)rc, (long long)val);
    }
    if (kind != CCM_MEASURE_TIMER_KIND) continue;
    for (q = 0; q < sizeof QS / sizeof QS[0]; q++) {
      double val = 0;
      rc = ccm_cursor_quantile(c, m, QS[q], &val);
      sb_printf(&b, " q%d:%a", (int)rc, val);
    }
  }
  for (m = 0; m < nmet; m++) {
    double val = 0;
    if (ccm_metric_supported(m) != 1 || strcmp(ccm_metric_name(m), "longest_wait") == 0) continue;
    rc = ccm_cursor_metric(c, m, &val);
    sb_printf(&b, " %s %d:%a", ccm_metric_name(m), (int)rc, val);
  }
  return b.p;
}

/* Every cell of every view (found with ccm_engine_view), sorted, then the
 * counters that merging adds up. */
static void results(ccm_engine *e, lines *out) {
  static const int32_t stats[] = {CCM_STAT_ACCEPTED, CCM_STAT_REJECTED, CCM_STAT_CLAMPED,    CCM_STAT_RELEASED,
                                  CCM_STAT_EXPIRED,  CCM_STAT_FORGOTTEN, CCM_STAT_ACW_UNCLOSED, CCM_STAT_DUPLICATES,
                                  CCM_STAT_REORDERED, CCM_STAT_CELLS,   CCM_STAT_VIEWS};
  ccm_view *v = NULL;
  uint32_t i;
  int32_t rc;
  size_t k;
  sbuf b = {NULL, 0, 0};
  memset(out, 0, sizeof *out);
  for (i = 0; (rc = ccm_engine_view(e, i, &v)) == CCM_OK; i++) {
    ccm_cursor *c = NULL;
    size_t first = out->n;
    ck_assert_int_eq(ccm_cursor_new(v, &c), CCM_OK);
    while ((rc = ccm_cursor_next(c)) == CCM_OK) lines_push(out, cell_line(e, i, ccm_view_dims(v), c));
    ck_assert_int_eq(rc, CCM_END);
    ccm_cursor_free(c);
    ck_assert_int_eq((int64_t)(out->n - first), ccm_view_cells(v));
  }
  ck_assert_int_eq(rc, CCM_E_NOT_FOUND);
  ck_assert_ptr_null(v);
  ck_assert_int_eq((int64_t)i, tu_stat(e, CCM_STAT_VIEWS));
  qsort(out->s, out->n, sizeof *out->s, cmp_str);
  sb_printf(&b, "~counters");
  for (k = 0; k < sizeof stats / sizeof stats[0]; k++) sb_printf(&b, " %lld", (long long)tu_stat(e, stats[k]));
  for (k = 1; k < 64; k++) sb_printf(&b, " %lld", (long long)tu_rejected(e, -(int32_t)k));
  lines_push(out, b.p);
}

static void assert_same(const lines *want, const lines *got, const char *what) {
  size_t i;
  for (i = 0; i < want->n && i < got->n; i++)
    TU_CHECK(strcmp(want->s[i], got->s[i]) == 0, "%s: line %zu differs:\nwant %.600s\ngot  %.600s", what, i,
                  want->s[i], got->s[i]);
  ck_assert_msg(want->n == got->n, "%s: %zu lines, expected %zu", what, got->n, want->n);
}

/* Names a dictionary holds. */
static uint32_t dict_size(const ccm_engine *e, int32_t dim) {
  const char *name;
  uint32_t n = 0;
  while (ccm_name(e, dim, n + 1, &name, NULL) == CCM_OK) n++;
  return n;
}

/* ------------------------------------------------------------------------ */
/* Engines and streams */

/* Views of every kind: the standard five, sketched ones, tags with other
 * dimensions, reasons, every grain. */
static void add_views(ccm_engine *e, tu_views *vs) {
  ccm_view *v;
  tu_views_add(e, vs);
  ck_assert_int_eq(ccm_view_new(e, 0, CCM_GRAIN_NONE, CCM_VIEW_SKETCHES, &v), CCM_OK);
  ck_assert_int_eq(ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_TEAM), CCM_GRAIN_HOUR,
                                CCM_VIEW_SKETCHES, &v),
                   CCM_OK);
  ck_assert_int_eq(ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_TAG) | CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_INTERVAL,
                                CCM_VIEW_SKETCHES, &v),
                   CCM_OK);
  tu_view(e, CCM_DIM_BIT(CCM_DIM_REASON), CCM_GRAIN_DATE);
  tu_view(e, CCM_DIM_BIT(CCM_DIM_CAMPAIGN) | CCM_DIM_BIT(CCM_DIM_CONTACT_TYPE) | CCM_DIM_BIT(CCM_DIM_DIRECTION),
          CCM_GRAIN_WEEK);
  ck_assert_int_eq(ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_CHANNEL), CCM_GRAIN_MONTH, CCM_VIEW_SKETCHES, &v), CCM_OK);
  tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_DOW);
}

/* An engine whose dictionaries hold `shift` other names before the tu_ids
 * names, so its ids differ from another engine's for the same names. */
static ccm_engine *shard_engine(const ccm_config *cfg, const ccm_allocator *alloc, int shift, tu_ids *ids,
                                tu_views *vs) {
  ccm_engine *e = NULL;
  int32_t d;
  int i;
  ck_assert_int_eq(ccm_engine_new(cfg, alloc, &e), CCM_OK);
  for (d = 0; d < CCM_DICTS; d++) {
    if (d == CCM_DIM_CHANNEL || d == CCM_DIM_DIRECTION) continue;
    for (i = 0; i < shift; i++) {
      char name[32];
      snprintf(name, sizeof name, "other-%d-%d", shift, i);
      tu_intern(e, d, name);
    }
  }
  tu_intern_ids(e, ids);
  add_views(e, vs);
  return e;
}

/* The same event with the ids of another engine (by name). */
static ccm_event translate(const ccm_engine *from, ccm_engine *to, const ccm_event *ev) {
  ccm_event out = *ev;
  uint32_t *field[5];
  int32_t dims[5], label_dim = ccm_event_label_dim(ev->type), i;
  field[0] = &out.agent, dims[0] = CCM_DIM_AGENT;
  field[1] = &out.team, dims[1] = CCM_DIM_TEAM;
  field[2] = &out.skill, dims[2] = CCM_DIM_SKILL;
  field[3] = &out.campaign, dims[3] = CCM_DIM_CAMPAIGN;
  field[4] = &out.label, dims[4] = label_dim;
  for (i = 0; i < 5; i++) {
    const char *name;
    size_t len;
    if (!*field[i] || dims[i] < 0) continue;
    TU_CHECK(ccm_name(from, dims[i], *field[i], &name, &len) == CCM_OK, "ccm_name(%d, %u)", (int)dims[i],
             (unsigned)*field[i]);
    TU_CHECK(ccm_intern(to, dims[i], name, len, field[i]) == CCM_OK, "ccm_intern(%d)", (int)dims[i]);
  }
  return out;
}

static uint64_t mix(uint64_t x) {
  x ^= x >> 31;
  x *= 0x7fb5d329728ea185ULL;
  x ^= x >> 27;
  x *= 0x81dadef4bc2d9f15ULL;
  x ^= x >> 33;
  return x;
}

/* Contact -> shard, decided at its contact_start (its customer's shard
 * when it names one), as ccm-report --threads does. */
#define ROUTE_SLOTS 65536u
typedef struct router {
  uint64_t key[ROUTE_SLOTS];
  int shard[ROUTE_SLOTS];
  int k;
} router;

static int route(router *r, const ccm_event *ev) {
  uint32_t i;
  if (!ev->contact) return 0; /* agent states, the ledger, surveys of a customer */
  for (i = (uint32_t)mix(ev->contact) & (ROUTE_SLOTS - 1); r->key[i]; i = (i + 1) & (ROUTE_SLOTS - 1))
    if (r->key[i] == ev->contact) return r->shard[i];
  /* an event of a contact not started (yet): the contact is unknown in
   * every shard, so any shard gives the same result */
  if (ev->type != CCM_EV_CONTACT_START) return (int)(mix(ev->contact) % (uint64_t)r->k);
  r->key[i] = ev->contact;
  r->shard[i] = (int)(mix(ev->customer ? ev->customer * 31 + 7 : ev->contact) % (uint64_t)r->k);
  return r->shard[i];
}

/* A generated stream with event ids, redeliveries (duplicates), and
 * events that are rejected (unknown contact, contact started twice). */
static void make_stream(const tu_ids *ids, uint32_t seed, int ncontacts, tu_stream *out) {
  tu_stream s;
  size_t i;
  memset(&s, 0, sizeof s);
  memset(out, 0, sizeof *out);
  tu_gen(ids, seed, ncontacts, &s);
  tu_gen_families(ids, seed, 30, &s);
  out->cap = s.n * 2 + 16;
  out->ev = malloc(out->cap * sizeof *out->ev);
  out->expect = malloc(out->cap * sizeof *out->expect);
  ck_assert_ptr_nonnull(out->ev);
  ck_assert_ptr_nonnull(out->expect);
  for (i = 0; i < s.n; i++) {
    ccm_event ev = s.ev[i];
    ev.event_id = i + 1;
    out->ev[out->n++] = ev;
    if (i % 37 == 5) out->ev[out->n++] = ev; /* a redelivery */
    if (i % 53 == 7 && ev.type == CCM_EV_CONTACT_START) {
      ev.event_id = 0; /* the contact again: CCM_E_CONTACT_EXISTS */
      out->ev[out->n++] = ev;
    }
    if (i % 61 == 11) {
      ev = TU_EVENT(CCM_EV_ANSWER, ev.ts, 900000000u + i, .agent = ids->ann); /* CCM_E_UNKNOWN_CONTACT */
      out->ev[out->n++] = ev;
    }
  }
  tu_stream_free(&s);
}

static int64_t stream_end(const tu_stream *s) {
  int64_t end = INT64_MIN;
  size_t i;
  for (i = 0; i < s->n; i++)
    if (s->ev[i].ts > end) end = s->ev[i].ts;
  return end;
}

/* ------------------------------------------------------------------------ */
/* The property */

enum finish { FINISH_NONE, FINISH_EXPIRE, FINISH_ADVANCE_ALL };

static void check_split(uint32_t seed, int k, enum finish finish) {
  tu_ids ref_ids, ids[8];
  tu_views ref_vs, vs[8];
  tu_stream s;
  ccm_engine *ref, *shard[8], *dst;
  router *r = calloc(1, sizeof *r);
  lines want, got;
  int64_t end;
  size_t i;
  int j, into;
  char what[96];

  ck_assert_ptr_nonnull(r);
  r->k = k;
  ref = shard_engine(NULL, NULL, 0, &ref_ids, &ref_vs);
  for (j = 0; j < k; j++) shard[j] = shard_engine(NULL, NULL, j + 1, &ids[j], &vs[j]);
  make_stream(&ref_ids, seed, 300, &s);
  end = stream_end(&s);
  for (i = 0; i < s.n; i++) {
    int to = route(r, &s.ev[i]);
    ccm_event ev = translate(ref, shard[to], &s.ev[i]);
    int32_t want_rc = ccm_ingest(ref, &s.ev[i]), got_rc = ccm_ingest(shard[to], &ev);
    TU_CHECK(want_rc == got_rc, "event %zu (%s): %d alone, %d in shard %d", i, ccm_event_name(s.ev[i].type),
             (int)want_rc, (int)got_rc, to);
  }
  ck_assert_int_gt(tu_stat(ref, CCM_STAT_DUPLICATES), 0);
  ck_assert_int_gt(tu_rejected(ref, CCM_E_CONTACT_EXISTS), 0);
  ck_assert_int_gt(tu_rejected(ref, CCM_E_UNKNOWN_CONTACT), 0);

  /* Time goes on in every engine alike (expire releases contacts) or, when
   * the merge goes into a shard without the agent states, every engine is
   * advanced before the merge. */
  into = 0;
  if (finish == FINISH_EXPIRE) {
    ck_assert_int_eq(ccm_engine_expire(ref, end + 2 * DAY), CCM_OK);
    for (j = 0; j < k; j++) ck_assert_int_eq(ccm_engine_expire(shard[j], end + 2 * DAY), CCM_OK);
    ck_assert_int_gt(tu_stat(ref, CCM_STAT_RELEASED) + tu_stat(ref, CCM_STAT_EXPIRED), 0);
  } else if (finish == FINISH_ADVANCE_ALL) {
    ck_assert_int_eq(ccm_engine_advance(ref, end + HOUR), CCM_OK);
    for (j = 0; j < k; j++) ck_assert_int_eq(ccm_engine_advance(shard[j], end + HOUR), CCM_OK);
    into = k - 1;
  }
  dst = shard[into];
  for (j = 0; j < k; j++) {
    lines before, after;
    if (j == into) continue;
    results(shard[j], &before);
    ck_assert_int_eq(ccm_engine_merge(dst, shard[j]), CCM_OK);
    results(shard[j], &after); /* the source is not changed */
    assert_same(&before, &after, "source after the merge");
    lines_free(&before);
    lines_free(&after);
  }
  snprintf(what, sizeof what, "seed %u, %d shards, finish %d", (unsigned)seed, k, (int)finish);
  results(ref, &want);
  results(dst, &got);
  assert_same(&want, &got, what);
  lines_free(&want);
  lines_free(&got);
  if (finish == FINISH_NONE) {
    /* the report's order: merge, then tell the merged engine the time */
    ck_assert_int_eq(ccm_engine_advance(ref, end + HOUR), CCM_OK);
    ck_assert_int_eq(ccm_engine_advance(dst, end + HOUR), CCM_OK);
    results(ref, &want);
    results(dst, &got);
    assert_same(&want, &got, what);
    lines_free(&want);
    lines_free(&got);
  }
  for (j = 0; j < k; j++) ccm_engine_free(shard[j]);
  ccm_engine_free(ref);
  tu_stream_free(&s);
  free(r);
}

START_TEST(test_split_streams) {
  int k = 2 + _i; /* 2 .. 8 shards */
  check_split(1u + (uint32_t)_i, k, FINISH_NONE);
  check_split(11u + (uint32_t)_i, k, k % 2 ? FINISH_EXPIRE : FINISH_ADVANCE_ALL);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* By hand */

/* A voice contact waiting `wait` in skill billing, answered by `agent`. */
static void answered(ccm_engine *e, uint64_t c, int64_t t, int64_t wait, uint32_t agent, uint32_t skill) {
  TU_OK(e, CCM_EV_CONTACT_START, t, c, VOICE_IN, .skill = skill);
  TU_OK(e, CCM_EV_QUEUE_ENTER, t, c, .skill = skill);
  TU_OK(e, CCM_EV_ANSWER, t + wait, c, .agent = agent);
}

START_TEST(test_by_hand) {
  ccm_engine *a = tu_engine(NULL), *b = tu_engine(NULL), *all = tu_engine(NULL);
  ccm_view *va, *vb, *vall, *sa, *sb, *sall;
  uint32_t ann_a, zed_b, ann_b, bil_a, bil_b, ann, zed, bil, id;
  double qa, qall;
  lines before, after;

  va = tu_view(a, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  ck_assert_int_eq(ccm_view_new(a, 0, CCM_GRAIN_NONE, CCM_VIEW_SKETCHES, &sa), CCM_OK);
  vb = tu_view(b, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  ck_assert_int_eq(ccm_view_new(b, 0, CCM_GRAIN_NONE, CCM_VIEW_SKETCHES, &sb), CCM_OK);
  vall = tu_view(all, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  ck_assert_int_eq(ccm_view_new(all, 0, CCM_GRAIN_NONE, CCM_VIEW_SKETCHES, &sall), CCM_OK);
  /* a: ann = 1; b: zed = 1, ann = 2 */
  ann_a = tu_intern(a, CCM_DIM_AGENT, "ann");
  bil_a = tu_intern(a, CCM_DIM_SKILL, "billing");
  zed_b = tu_intern(b, CCM_DIM_AGENT, "zed");
  ann_b = tu_intern(b, CCM_DIM_AGENT, "ann");
  bil_b = tu_intern(b, CCM_DIM_SKILL, "billing");
  ck_assert_uint_ne(ann_a, ann_b);
  ann = tu_intern(all, CCM_DIM_AGENT, "ann");
  zed = tu_intern(all, CCM_DIM_AGENT, "zed");
  bil = tu_intern(all, CCM_DIM_SKILL, "billing");

  answered(a, 1, T, 10 * SEC, ann_a, bil_a);
  answered(b, 1, T, 30 * SEC, ann_b, bil_b); /* the same contact key in another engine: another contact */
  answered(b, 2, T + MIN, 5 * SEC, zed_b, bil_b);
  TU_REJECT(b, CCM_E_UNKNOWN_CONTACT, CCM_EV_ANSWER, T, 77, .agent = zed_b);
  answered(all, 1, T, 10 * SEC, ann, bil);
  answered(all, 11, T, 30 * SEC, ann, bil);
  answered(all, 2, T + MIN, 5 * SEC, zed, bil);
  TU_REJECT(all, CCM_E_UNKNOWN_CONTACT, CCM_EV_ANSWER, T, 77, .agent = zed);

  ck_assert_int_eq(ccm_lookup(a, CCM_DIM_AGENT, "zed", 3, &id), CCM_E_NOT_FOUND);
  results(b, &before);
  ck_assert_int_eq(ccm_engine_merge(a, b), CCM_OK);
  results(b, &after);
  assert_same(&before, &after, "b after the merge");
  lines_free(&before);
  lines_free(&after);

  /* ann: waits 10 s and 30 s; zed: 5 s */
  ck_assert_int_eq(ccm_lookup(a, CCM_DIM_AGENT, "zed", 3, &id), CCM_OK);
  ck_assert_int_eq(ccm_view_cells(va), 3); /* ann, zed, and no agent (the contacts' start) */
  TU_FIELD(va, TU_KEY([CCM_DIM_AGENT] = ann_a), 0, "answered", CCM_FIELD_COUNT, 2);
  TU_FIELD(va, TU_KEY([CCM_DIM_AGENT] = ann_a), 0, "wait_answered", CCM_FIELD_COUNT, 2);
  TU_FIELD(va, TU_KEY([CCM_DIM_AGENT] = ann_a), 0, "wait_answered", CCM_FIELD_SUM, 40000);
  TU_FIELD(va, TU_KEY([CCM_DIM_AGENT] = ann_a), 0, "wait_answered", CCM_FIELD_MIN, 10000);
  TU_FIELD(va, TU_KEY([CCM_DIM_AGENT] = ann_a), 0, "wait_answered", CCM_FIELD_MAX, 30000);
  TU_FIELD(va, TU_KEY([CCM_DIM_AGENT] = id), 0, "answered", CCM_FIELD_COUNT, 1);
  TU_FIELD(va, TU_KEY([CCM_DIM_AGENT] = id), 0, "wait_answered", CCM_FIELD_SUM, 5000);
  TU_METRIC(va, TU_KEY([CCM_DIM_AGENT] = ann_a), 0, "asa", 20000);
  TU_METRIC(sa, TU_KEY0, 0, "asa", 15000);
  TU_FIELD(sa, TU_KEY0, 0, "contacts", CCM_FIELD_COUNT, 3);
  ck_assert_int_eq(tu_stat(a, CCM_STAT_ACCEPTED), 9);
  ck_assert_int_eq(tu_stat(a, CCM_STAT_REJECTED), 1);
  ck_assert_int_eq(tu_rejected(a, CCM_E_UNKNOWN_CONTACT), 1);
  ck_assert_int_eq(tu_stat(a, CCM_STAT_OPEN_CONTACTS), 1); /* contacts are not merged */
  ck_assert_int_eq(tu_stat(a, CCM_STAT_CELLS), 4);
  {
    /* the sketch: q = 0 and 1 are the exact extremes, the median is 10 s
     * within 1 %, and identical to one engine's */
    ccm_measures *m = NULL, *mall = NULL;
    int32_t wait = tu_measure_id("wait_answered");
    ck_assert_int_eq(ccm_measures_new(a, &m), CCM_OK);
    ck_assert_int_eq(ccm_measures_new(all, &mall), CCM_OK);
    ck_assert_int_eq(ccm_rollup(sa, NULL, 0, INT64_MIN, INT64_MAX, m), CCM_OK);
    ck_assert_int_eq(ccm_rollup(sall, NULL, 0, INT64_MIN, INT64_MAX, mall), CCM_OK);
    ck_assert_int_eq(ccm_measures_quantile(m, wait, 0, &qa), CCM_OK);
    ck_assert_double_eq(qa, 5000);
    ck_assert_int_eq(ccm_measures_quantile(m, wait, 1, &qa), CCM_OK);
    ck_assert_double_eq(qa, 30000);
    ck_assert_int_eq(ccm_measures_quantile(m, wait, 0.5, &qa), CCM_OK);
    ck_assert_int_eq(ccm_measures_quantile(mall, wait, 0.5, &qall), CCM_OK);
    ck_assert_double_eq_tol(qa, 10000, 100);
    ck_assert_double_eq(qa, qall);
    ccm_measures_free(m);
    ccm_measures_free(mall);
  }
  results(all, &before);
  results(a, &after);
  assert_same(&before, &after, "two engines merged against one");
  lines_free(&before);
  lines_free(&after);
  (void)vb;
  (void)vall;
  ccm_engine_free(a);
  ccm_engine_free(b);
  ccm_engine_free(all);
}
END_TEST

START_TEST(test_engine_view) {
  ccm_engine *e = tu_engine(NULL);
  ccm_view *v0 = tu_view(e, 0, CCM_GRAIN_NONE), *v1 = tu_view(e, CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_DATE), *v;
  ck_assert_int_eq(ccm_engine_view(e, 0, &v), CCM_OK);
  ck_assert_ptr_eq(v, v0);
  ck_assert_int_eq(ccm_engine_view(e, 1, &v), CCM_OK);
  ck_assert_ptr_eq(v, v1);
  ck_assert_int_eq(ccm_engine_view(e, 2, &v), CCM_E_NOT_FOUND);
  ck_assert_ptr_null(v);
  ck_assert_int_eq(ccm_engine_view(e, UINT32_MAX, &v), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_engine_view(NULL, 0, &v), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_view(e, 0, NULL), CCM_E_INVALID_ARG);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_empty_and_args) {
  ccm_engine *a = tu_engine(NULL), *b = tu_engine(NULL);
  ccm_view *va = tu_view(a, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  ccm_view *vb = tu_view(b, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  tu_ids ids;
  lines before, after;
  tu_intern_ids(a, &ids);
  answered(a, 1, T, 10 * SEC, ids.ann, ids.billing);
  results(a, &before);
  ck_assert_int_eq(ccm_engine_merge(a, b), CCM_OK); /* an empty engine adds nothing */
  ck_assert_int_eq(ccm_view_merge(va, vb), CCM_OK);
  results(a, &after);
  assert_same(&before, &after, "merging an empty engine");
  lines_free(&after);
  /* into itself: refused, nothing changes */
  ck_assert_int_eq(ccm_engine_merge(a, a), CCM_E_INVALID_ARG);
  ck_assert_ptr_nonnull(strstr(ccm_engine_errmsg(a), "itself"));
  ck_assert_int_eq(ccm_view_merge(va, va), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_merge(NULL, a), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_merge(a, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_view_merge(NULL, va), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_view_merge(va, NULL), CCM_E_INVALID_ARG);
  results(a, &after);
  assert_same(&before, &after, "refused merges");
  lines_free(&before);
  lines_free(&after);
  /* an empty destination takes everything */
  ck_assert_int_eq(ccm_engine_merge(b, a), CCM_OK);
  TU_FIELD(vb, TU_KEY([CCM_DIM_AGENT] = 1), 0, "wait_answered", CCM_FIELD_SUM, 10000);
  ck_assert_int_eq(tu_stat(b, CCM_STAT_ACCEPTED), 3);
  ccm_engine_free(a);
  ccm_engine_free(b);
}
END_TEST

START_TEST(test_view_merge) {
  ccm_engine *a = tu_engine(NULL), *b = tu_engine(NULL);
  ccm_view *v1 = tu_view(a, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  ccm_view *v2 = tu_view(a, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  ccm_view *vb = tu_view(b, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  ccm_view *other = tu_view(b, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_DATE);
  uint32_t ann_a = tu_intern(a, CCM_DIM_AGENT, "ann"), bob_b = tu_intern(b, CCM_DIM_AGENT, "bob");
  uint32_t ann_b = tu_intern(b, CCM_DIM_AGENT, "ann"), bob_a;
  uint32_t bil_a = tu_intern(a, CCM_DIM_SKILL, "billing"), bil_b = tu_intern(b, CCM_DIM_SKILL, "billing");
  answered(a, 1, T, 10 * SEC, ann_a, bil_a);
  answered(b, 1, T, 20 * SEC, ann_b, bil_b);
  answered(b, 2, T, 40 * SEC, bob_b, bil_b);
  /* b's view into a's second view only; the counters stay a's */
  ck_assert_int_eq(ccm_view_merge(v2, vb), CCM_OK);
  ck_assert_int_eq(ccm_lookup(a, CCM_DIM_AGENT, "bob", 3, &bob_a), CCM_OK);
  TU_FIELD(v1, TU_KEY([CCM_DIM_AGENT] = ann_a), 0, "wait_answered", CCM_FIELD_SUM, 10000);
  ck_assert_int_eq(ccm_view_cells(v1), 2); /* ann and no agent */
  TU_FIELD(v2, TU_KEY([CCM_DIM_AGENT] = ann_a), 0, "wait_answered", CCM_FIELD_SUM, 30000);
  TU_FIELD(v2, TU_KEY([CCM_DIM_AGENT] = bob_a), 0, "wait_answered", CCM_FIELD_SUM, 40000);
  ck_assert_int_eq(tu_stat(a, CCM_STAT_ACCEPTED), 3);
  /* two views of one engine: the second into the first */
  ck_assert_int_eq(ccm_view_merge(v1, v2), CCM_OK);
  TU_FIELD(v1, TU_KEY([CCM_DIM_AGENT] = ann_a), 0, "wait_answered", CCM_FIELD_SUM, 40000);
  TU_FIELD(v1, TU_KEY([CCM_DIM_AGENT] = ann_a), 0, "wait_answered", CCM_FIELD_MAX, 20000);
  TU_FIELD(v1, TU_KEY([CCM_DIM_AGENT] = bob_a), 0, "wait_answered", CCM_FIELD_COUNT, 1);
  /* another definition: refused */
  ck_assert_int_eq(ccm_view_merge(v1, other), CCM_E_INCOMPATIBLE);
  TU_FIELD(v1, TU_KEY([CCM_DIM_AGENT] = ann_a), 0, "wait_answered", CCM_FIELD_SUM, 40000);
  ccm_engine_free(a);
  ccm_engine_free(b);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Refusals */

/* An engine with the standard views, ingesting a small stream. */
static ccm_engine *small_engine(const ccm_config *cfg, tu_views *vs, uint32_t seed) {
  ccm_engine *e = tu_engine(cfg);
  tu_ids ids;
  tu_stream s;
  size_t i;
  memset(&s, 0, sizeof s);
  tu_intern_ids(e, &ids);
  tu_views_add(e, vs);
  tu_gen(&ids, seed, 40, &s);
  for (i = 0; i < s.n; i++) ck_assert_int_eq(ccm_ingest(e, &s.ev[i]), CCM_OK);
  tu_stream_free(&s);
  return e;
}

static void expect_refused(ccm_engine *dst, const tu_views *vs, const ccm_engine *src, int32_t code) {
  tu_fp before, after;
  int64_t accepted = tu_stat(dst, CCM_STAT_ACCEPTED);
  tu_fingerprint(dst, vs, &before);
  ck_assert_int_eq(ccm_engine_merge(dst, src), code);
  tu_fingerprint(dst, vs, &after);
  ck_assert(tu_fp_equal(&before, &after));
  ck_assert_int_eq(tu_stat(dst, CCM_STAT_ACCEPTED), accepted);
  tu_fp_free(&before);
  tu_fp_free(&after);
}

START_TEST(test_incompatible) {
  ccm_config *cfg = NULL;
  ccm_calendar *cal = NULL;
  tu_views vs, vs2;
  ccm_engine *dst = small_engine(NULL, &vs, 1), *src;
  ccm_view *v;

  /* a setting differs */
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_SL_THRESHOLD_MS, 30000), CCM_OK);
  src = small_engine(cfg, &vs2, 2);
  expect_refused(dst, &vs, src, CCM_E_INCOMPATIBLE);
  ck_assert_int_eq(ccm_view_merge(vs.v[1], vs2.v[1]), CCM_E_INCOMPATIBLE);
  ccm_engine_free(src);
  ccm_config_free(cfg);

  /* the time zone differs */
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set_tz(cfg, "EST5EDT,M3.2.0,M11.1.0"), CCM_OK);
  src = small_engine(cfg, &vs2, 2);
  expect_refused(dst, &vs, src, CCM_E_INCOMPATIBLE);
  ccm_engine_free(src);
  ccm_config_free(cfg);

  /* a calendar only in one */
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_calendar_new(NULL, &cal), CCM_OK);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 0, 9 * 60, 17 * 60), CCM_OK);
  ck_assert_int_eq(ccm_config_set_calendar(cfg, cal), CCM_OK);
  src = small_engine(cfg, &vs2, 2);
  expect_refused(dst, &vs, src, CCM_E_INCOMPATIBLE);
  ccm_engine_free(src);
  ccm_config_free(cfg);

  /* the same settings but another holiday */
  {
    ccm_config *c1 = NULL, *c2 = NULL;
    ccm_engine *a, *b;
    tu_views va, vb;
    ck_assert_int_eq(ccm_config_new(NULL, &c1), CCM_OK);
    ck_assert_int_eq(ccm_config_set_calendar(c1, cal), CCM_OK);
    ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2023, 12, 25), CCM_OK);
    ck_assert_int_eq(ccm_config_new(NULL, &c2), CCM_OK);
    ck_assert_int_eq(ccm_config_set_calendar(c2, cal), CCM_OK);
    a = small_engine(c1, &va, 1);
    b = small_engine(c2, &vb, 2);
    expect_refused(a, &va, b, CCM_E_INCOMPATIBLE);
    ccm_engine_free(b);
    b = small_engine(c1, &vb, 2); /* the very same calendar: fine */
    ck_assert_int_eq(ccm_engine_merge(a, b), CCM_OK);
    ccm_engine_free(a);
    ccm_engine_free(b);
    ccm_config_free(c1);
    ccm_config_free(c2);
  }
  ccm_calendar_free(cal);

  /* one view more */
  src = small_engine(NULL, &vs2, 2);
  tu_view(src, CCM_DIM_BIT(CCM_DIM_TEAM), CCM_GRAIN_NONE);
  expect_refused(dst, &vs, src, CCM_E_INCOMPATIBLE);
  ccm_engine_free(src);

  /* the same views in another order */
  src = tu_engine(NULL);
  tu_view(src, 0, CCM_GRAIN_NONE);
  tu_view(src, CCM_DIM_BIT(CCM_DIM_SKILL) | CCM_DIM_BIT(CCM_DIM_CHANNEL), CCM_GRAIN_NONE);
  tu_view(src, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL);
  tu_view(src, CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_NONE);
  tu_view(src, CCM_DIM_BIT(CCM_DIM_DISPOSITION), CCM_GRAIN_DATE);
  expect_refused(dst, &vs, src, CCM_E_INCOMPATIBLE);
  ccm_engine_free(src);

  /* another grain, or sketches in one only */
  src = tu_engine(NULL);
  tu_view(src, 0, CCM_GRAIN_NONE);
  tu_view(src, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_HOUR);
  tu_view(src, CCM_DIM_BIT(CCM_DIM_SKILL) | CCM_DIM_BIT(CCM_DIM_CHANNEL), CCM_GRAIN_NONE);
  tu_view(src, CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_NONE);
  tu_view(src, CCM_DIM_BIT(CCM_DIM_DISPOSITION), CCM_GRAIN_DATE);
  expect_refused(dst, &vs, src, CCM_E_INCOMPATIBLE);
  ccm_engine_free(src);
  src = tu_engine(NULL);
  ck_assert_int_eq(ccm_view_new(src, 0, CCM_GRAIN_NONE, CCM_VIEW_SKETCHES, &v), CCM_OK);
  tu_view(src, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL);
  tu_view(src, CCM_DIM_BIT(CCM_DIM_SKILL) | CCM_DIM_BIT(CCM_DIM_CHANNEL), CCM_GRAIN_NONE);
  tu_view(src, CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_NONE);
  tu_view(src, CCM_DIM_BIT(CCM_DIM_DISPOSITION), CCM_GRAIN_DATE);
  expect_refused(dst, &vs, src, CCM_E_INCOMPATIBLE);
  ck_assert_int_eq(ccm_view_merge(vs.v[0], v), CCM_E_INCOMPATIBLE);
  ccm_engine_free(src);
  ccm_engine_free(dst);
}
END_TEST

/* Events held for reordering belong to the source's contacts: a merge
 * would lose them, so it is refused until they are flushed. */
START_TEST(test_held_events) {
  ccm_config *cfg = NULL;
  tu_views vs, vs2;
  ccm_engine *dst, *src;
  tu_ids ids;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_LATENESS_MS, MIN), CCM_OK);
  dst = small_engine(cfg, &vs, 1);
  ck_assert_int_eq(ccm_engine_flush(dst), CCM_OK);
  src = tu_engine(cfg);
  tu_intern_ids(src, &ids);
  tu_views_add(src, &vs2);
  answered(src, 5, T, 10 * SEC, ids.ann, ids.billing);
  ck_assert_int_gt(tu_stat(src, CCM_STAT_HELD), 0);
  expect_refused(dst, &vs, src, CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_flush(src), CCM_OK);
  ck_assert_int_eq(tu_stat(src, CCM_STAT_HELD), 0);
  ck_assert_int_eq(ccm_engine_merge(dst, src), CCM_OK);
  ccm_engine_free(dst);
  ccm_engine_free(src);
  ccm_config_free(cfg);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Allocation failures */

/* Names of the source that the destination lacks, so the merge interns
 * (and, when it fails, takes back) many names. */
static void novel_contacts(ccm_engine *e, int n) {
  int i;
  for (i = 0; i < n; i++) {
    char name[32];
    uint32_t agent, skill, tag;
    snprintf(name, sizeof name, "novel-agent-%d", i);
    agent = tu_intern(e, CCM_DIM_AGENT, name);
    snprintf(name, sizeof name, "novel-skill-%d", i % 7);
    skill = tu_intern(e, CCM_DIM_SKILL, name);
    snprintf(name, sizeof name, "novel-tag-%d", i % 5);
    tag = tu_intern(e, CCM_DIM_TAG, name);
    answered(e, 7000000u + (uint64_t)i, T + i * MIN, (i % 13) * SEC, agent, skill);
    TU_OK(e, CCM_EV_TAG, T + i * MIN + 20 * SEC, 7000000u + (uint64_t)i, .label = tag);
  }
}

/* dst and src from one stream split in two; dst uses `alloc`. */
static void oom_pair(const ccm_allocator *alloc, uint32_t seed, ccm_engine **dst, tu_views *dvs, ccm_engine **src) {
  tu_ids ids[2], ref_ids;
  tu_views svs, rvs;
  tu_stream s;
  router *r = calloc(1, sizeof *r);
  ccm_engine *ref = shard_engine(NULL, NULL, 0, &ref_ids, &rvs);
  size_t i;
  ck_assert_ptr_nonnull(r);
  r->k = 2;
  *dst = shard_engine(NULL, alloc, 1, &ids[0], dvs);
  *src = shard_engine(NULL, NULL, 2, &ids[1], &svs);
  make_stream(&ref_ids, seed, 120, &s);
  for (i = 0; i < s.n; i++) {
    int to = route(r, &s.ev[i]);
    ccm_engine *e = to ? *src : *dst;
    ccm_event ev = translate(ref, e, &s.ev[i]);
    (void)ccm_ingest(e, &ev);
  }
  novel_contacts(*src, 40);
  tu_stream_free(&s);
  ccm_engine_free(ref);
  free(r);
}

static void check_oom(int fail_after) {
  tu_alloc ta;
  tu_views vs, vs_ok;
  ccm_engine *dst, *src, *dst_ok, *src_ok;
  lines want, before, now;
  long n;
  uint32_t dict_before[CCM_DICTS];
  int32_t d, rc;
  tu_fp fp_before, fp_now;

  tu_alloc_init(&ta);
  oom_pair(&ta.hooks, 3, &dst, &vs, &src);
  oom_pair(NULL, 3, &dst_ok, &vs_ok, &src_ok);
  ck_assert_int_eq(ccm_engine_merge(dst_ok, src_ok), CCM_OK);
  results(dst_ok, &want);
  results(dst, &before);
  tu_fingerprint(dst, &vs, &fp_before);
  for (d = 0; d < CCM_DICTS; d++) dict_before[d] = dict_size(dst, d);
  for (n = 1;; n++) {
    if (fail_after) tu_alloc_arm_from(&ta, n);
    else tu_alloc_arm(&ta, n);
    rc = ccm_engine_merge(dst, src);
    tu_alloc_disarm(&ta);
    if (rc == CCM_OK) break;
    ck_assert_msg(rc == CCM_E_NOMEM, "allocation %ld: %d", n, (int)rc);
    ck_assert_int_ge(ta.injected, 1);
    ck_assert_ptr_nonnull(strstr(ccm_engine_errmsg(dst), "out of memory"));
    results(dst, &now);
    assert_same(&before, &now, "after a failed merge");
    lines_free(&now);
    tu_fingerprint(dst, &vs, &fp_now);
    ck_assert(tu_fp_equal(&fp_before, &fp_now));
    tu_fp_free(&fp_now);
    for (d = 0; d < CCM_DICTS; d++)
      ck_assert_msg(dict_size(dst, d) == dict_before[d], "allocation %ld: dictionary %d grew", n, (int)d);
    ck_assert_int_lt(n, 100000);
  }
  ck_assert_int_gt(n, 5); /* the merge allocates (maps, cells, sketch nodes, names) */
  results(dst, &now);
  assert_same(&want, &now, "merge after failures");
  lines_free(&now);
  lines_free(&want);
  lines_free(&before);
  tu_fp_free(&fp_before);
  ccm_engine_free(dst);
  ccm_engine_free(src);
  ccm_engine_free(dst_ok);
  ccm_engine_free(src_ok);
  ck_assert_int_eq(ta.outstanding, 0);
  ck_assert_int_eq(ta.bad_frees, 0);
}

START_TEST(test_oom_each_allocation) { check_oom(0); }
END_TEST

START_TEST(test_oom_from_allocation) { check_oom(1); }
END_TEST

/* Sketch counters past 16 bits: merging two sketches of 40000 equal values
 * takes a wide page (sketch.c), also under allocation failures. */
START_TEST(test_wide_sketch) {
  tu_alloc ta;
  ccm_engine *a, *b, *all;
  ccm_view *va, *vb, *vall;
  lines want, got, before;
  long n;
  int32_t rc;
  int i;
  tu_alloc_init(&ta);
  ck_assert_int_eq(ccm_engine_new(NULL, &ta.hooks, &a), CCM_OK);
  b = tu_engine(NULL);
  all = tu_engine(NULL);
  ck_assert_int_eq(ccm_view_new(a, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_NONE, CCM_VIEW_SKETCHES, &va), CCM_OK);
  ck_assert_int_eq(ccm_view_new(b, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_NONE, CCM_VIEW_SKETCHES, &vb), CCM_OK);
  ck_assert_int_eq(ccm_view_new(all, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_NONE, CCM_VIEW_SKETCHES, &vall), CCM_OK);
  for (i = 0; i < 3; i++) {
    char name[8];
    snprintf(name, sizeof name, "a%d", i);
    tu_intern(a, CCM_DIM_AGENT, name);
    tu_intern(b, CCM_DIM_AGENT, name);
    tu_intern(all, CCM_DIM_AGENT, name);
  }
  tu_intern(a, CCM_DIM_SKILL, "s");
  tu_intern(b, CCM_DIM_SKILL, "s");
  tu_intern(all, CCM_DIM_SKILL, "s");
  /* 36000 waits of 12 s in each engine: 72000 in one sketch bucket */
  for (i = 0; i < 40000; i++) {
    int64_t wa = i % 10 ? 12 * SEC : (i % 500) * SEC, wb = i % 10 ? 12 * SEC : (i % 700) * SEC;
    uint32_t agent = 1 + (uint32_t)(i % 3);
    answered(a, 1 + (uint64_t)i, T + i * SEC, wa, agent, 1);
    answered(b, 1 + (uint64_t)i, T + i * SEC, wb, agent, 1);
    answered(all, 1 + (uint64_t)i, T + i * SEC, wa, agent, 1);
    answered(all, 100001 + (uint64_t)i, T + i * SEC, wb, agent, 1);
  }
  results(a, &before);
  for (n = 1;; n++) {
    tu_alloc_arm(&ta, n);
    rc = ccm_engine_merge(a, b);
    tu_alloc_disarm(&ta);
    if (rc == CCM_OK) break;
    ck_assert_int_eq(rc, CCM_E_NOMEM);
    results(a, &got);
    assert_same(&before, &got, "after a failed merge");
    lines_free(&got);
  }
  TU_FIELD(va, TU_KEY([CCM_DIM_SKILL] = 1), 0, "wait_answered", CCM_FIELD_COUNT, 80000);
  results(all, &want);
  results(a, &got);
  assert_same(&want, &got, "80000 values");
  lines_free(&want);
  lines_free(&got);
  lines_free(&before);
  (void)vb;
  (void)vall;
  ccm_engine_free(a);
  ccm_engine_free(b);
  ccm_engine_free(all);
  ck_assert_int_eq(ta.outstanding, 0);
}
END_TEST

static Suite *merge_suite(void) {
  Suite *s = suite_create("merge");
  TCase *hand = tcase_create("hand");
  TCase *prop = tcase_create("property");
  TCase *oom = tcase_create("oom");
  tcase_add_test(hand, test_engine_view);
  tcase_add_test(hand, test_by_hand);
  tcase_add_test(hand, test_empty_and_args);
  tcase_add_test(hand, test_view_merge);
  tcase_add_test(hand, test_incompatible);
  tcase_add_test(hand, test_held_events);
  tcase_add_loop_test(prop, test_split_streams, 0, 7);
  tcase_add_test(oom, test_oom_each_allocation);
  tcase_add_test(oom, test_oom_from_allocation);
  tcase_add_test(oom, test_wide_sketch);
  tcase_set_timeout(hand, 120);
  tcase_set_timeout(prop, 600); /* valgrind */
  tcase_set_timeout(oom, 600);
  suite_add_tcase(s, hand);
  suite_add_tcase(s, prop);
  suite_add_tcase(s, oom);
  return s;
}

int main(void) { return tu_run(merge_suite()); }
