/*
 * bench-merge.c - ccm_engine_merge() and ccm_view_merge() of two shards of
 * one stream: time, cells merged per second against a plain pass over the
 * same cells, and the merged figures checked against one engine's.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Usage: bench-merge [--quick] [--runs N] [--days D] [--contacts-per-day N]
 *
 * The stream: D days (default 7) of N complete contacts a day (default
 * 40000; uniform over the day), each started, queued in one of 24 skills,
 * tagged 0-2 times, then answered by one of 300 agents (20 teams), handled
 * and wrapped up, or abandoned; a customer per contact drawn from a pool
 * (repeat contacts).  No agent states, so that every figure follows the
 * contacts.  The stream is split in two shards as ccm-report --threads
 * does: every event of a contact to the shard of its customer.  Shard A
 * interns the names in one order (the same ids as the whole-stream engine),
 * shard B in the reverse order, so the merge maps every id by name, as it
 * does for the ccm-report workers that intern names as they meet them.
 *
 * The engines have the five views of ccm-bench (company total; agent x
 * interval; skill x channel x interval; team x date; tag), first without
 * and then with CCM_VIEW_SKETCHES (output keys prefixed "plain_" and
 * "sketch_").  Each run restores shard A from a snapshot (not timed), so
 * that every merge starts from the same destination, then times
 * ccm_engine_merge(A, B); then, on another restored A, ccm_view_merge() of
 * the five views in turn.  Cells merged: the cells of B.
 *
 * Baselines, in the same run over the same cells of B: a cursor pass
 * reading each cell's key and one metric (offered), what any merge must do
 * at least, visit every source cell, through the public API; and a memcpy
 * of the bytes the cells take (the memory of B with views less that of B
 * without), the memory's own limit.  The merge also looks up or inserts
 * the destination cell (twice: once to reserve room, once to add) and adds
 * every measure and sketch, so the ratios are the price of that work over
 * a plain read.
 *
 * Check (the first run of each variant): the merged engine, by either
 * function, must give what the whole-stream engine gives: the same number
 * of cells in every view; offered, answered and aht of the company total
 * (ccm_query) and of a sample of skill x interval cells (ccm_rollup over
 * the channels); with sketches, the 50th and 90th percentiles of the
 * handle time of the company total, identical (a merged sketch adds the
 * bucket counts).  Times are medians of the runs.
 *
 * Output: "key=value" lines (read by run-bench.sh).  Exit status 0; 1 when
 * a merged figure differs from the whole engine's; 2 on a usage or setup
 * error.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ccmetrics.h"

#define MAX_RUNS 64
#define NVIEWS 5
#define T0 INT64_C(1700006400000) /* a midnight, UTC */
#define DAY_MS INT64_C(86400000)
#define NAGENTS_MAX 4000
#define NTEAMS 20
#define NSKILLS 24
#define NTAGS 60
#define NTYPES 4

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *t, int n) {
  qsort(t, (size_t)n, sizeof *t, cmp_double);
  return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

static uint64_t mix(uint64_t z) { /* splitmix64's finaliser */
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static uint64_t rng_next(uint64_t *s) { return mix(*s += UINT64_C(0x9e3779b97f4a7c15)); }

static uint32_t below(uint64_t *s, uint32_t n) { return (uint32_t)(rng_next(s) % n); }

static void die(const char *what, int32_t rc) {
  fprintf(stderr, "bench-merge: %s: %s\n", what, ccm_error_name(rc));
  exit(2);
}

static void check(int32_t rc, const char *what) {
  if (rc < 0) die(what, rc);
}

/* ---- the stream ------------------------------------------------------------ */

/* Events whose agent, team, skill and label fields hold name indexes + 1
 * (0: none), translated into each engine's own ids when ingested. */
typedef struct stream {
  ccm_event *ev;
  size_t n, cap;
  uint64_t ncontacts;
  uint32_t nagents;
  int64_t span_ms;
} stream;

static void push(stream *s, const ccm_event *ev) {
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 1 << 16;
    s->ev = realloc(s->ev, s->cap * sizeof *s->ev);
    if (!s->ev) die("stream", CCM_E_NOMEM);
  }
  s->ev[s->n++] = *ev;
}

/* Time order; event_id holds the order of generation until sorted, so a
 * contact's events with the same time keep their order. */
static int by_time(const void *a, const void *b) {
  const ccm_event *x = a, *y = b;
  if (x->ts != y->ts) return x->ts < y->ts ? -1 : 1;
  return x->event_id < y->event_id ? -1 : x->event_id > y->event_id;
}

/* A customer per contact from a pool a third the size of the contacts
 * (repeat contacts); the shard follows the customer, as in ccm-report. */
static uint64_t customer_of(uint64_t contact, uint64_t ncontacts) { return 1 + mix(contact) % (ncontacts / 3 + 1); }

static int shard_of(uint64_t contact, uint64_t ncontacts) { return (int)(mix(customer_of(contact, ncontacts)) & 1); }

/* One contact: start, queue, tags, then answered (85%) and wrapped up, or
 * abandoned; durations in whole ms, never negative. */
static void make_contact(stream *s, uint64_t contact, uint64_t ncontacts, int64_t t, uint64_t *r) {
  uint32_t agent = 1 + below(r, s->nagents), k;
  ccm_event ev;
  ccm_event_init(&ev, CCM_EV_CONTACT_START);
  ev.contact = contact;
  ev.ts = t;
  ev.channel = 1 + below(r, 3);
  ev.direction = CCM_DIRECTION_INBOUND;
  ev.customer = customer_of(contact, ncontacts);
  ev.label = 1 + below(r, NTYPES);
  push(s, &ev);
  ev.customer = 0;
  ev.label = 0;
  ev.type = CCM_EV_QUEUE_ENTER;
  ev.skill = 1 + below(r, NSKILLS);
  ev.ts = t += 2000;
  push(s, &ev);
  for (k = below(r, 3); k > 0; k--) {
    ev.type = CCM_EV_TAG;
    ev.label = 1 + below(r, NTAGS);
    ev.ts = t += 300;
    push(s, &ev);
  }
  ev.label = 0;
  ev.ts = t += below(r, 180000); /* the wait */
  if (below(r, 100) < 15) {
    ev.type = CCM_EV_QUEUE_ABANDON;
    push(s, &ev);
  } else {
    ev.type = CCM_EV_ANSWER;
    ev.agent = agent;
    ev.team = 1 + (agent - 1) % NTEAMS;
    push(s, &ev);
    ev.type = CCM_EV_AGENT_END;
    ev.ts = t += 30000 + below(r, 1200000);
    push(s, &ev);
    ev.type = CCM_EV_ACW_END;
    ev.ts = t += below(r, 120000);
    push(s, &ev);
    ev.agent = ev.team = 0;
  }
  ev.type = CCM_EV_CONTACT_END;
  ev.ts = t += 100;
  push(s, &ev);
}

static void make_stream(stream *s, int days, uint64_t per_day, uint32_t nagents) {
  uint64_t r = 42, ncontacts = (uint64_t)days * per_day, c;
  size_t i;
  s->nagents = nagents;
  s->ncontacts = ncontacts;
  for (c = 0; c < ncontacts; c++) {
    int64_t day = (int64_t)(c / per_day);
    make_contact(s, 1000000 + c, ncontacts, T0 + day * DAY_MS + below(&r, 86400000), &r);
  }
  for (i = 0; i < s->n; i++) s->ev[i].event_id = i + 1;
  qsort(s->ev, s->n, sizeof *s->ev, by_time);
  for (i = 0; i < s->n; i++) s->ev[i].event_id = 0; /* no duplicate detection: not what is measured */
  s->span_ms = s->ev[s->n - 1].ts - s->ev[0].ts;
}

/* ---- engines ----------------------------------------------------------------- */

/* One engine's ids of the names of the stream (index 0: none). */
typedef struct names {
  uint32_t agent[NAGENTS_MAX + 1], team[NTEAMS + 1], skill[NSKILLS + 1], tag[NTAGS + 1], type[NTYPES + 1];
} names;

static void name_text(int32_t dim, unsigned i, char *text, size_t size) {
  static const char *const prefix[] = {"agent-%04u", "team-%02u", "skill-%02u"};
  const char *fmt = dim <= CCM_DIM_SKILL ? prefix[dim] : dim == CCM_DIM_TAG ? "tag-%02u" : "type-%u";
  snprintf(text, size, fmt, i);
}

/* Intern n names of a dimension into ids[1..n], in reverse order when asked
 * (other ids for the same names). */
static void intern_dim(ccm_engine *e, int32_t dim, uint32_t *ids, unsigned n, int reverse) {
  unsigned k;
  for (k = 0; k < n; k++) {
    unsigned i = reverse ? n - k : k + 1;
    char text[32];
    name_text(dim, i, text, sizeof text);
    check(ccm_intern(e, dim, text, strlen(text), &ids[i]), "intern");
  }
  ids[0] = 0;
}

static void intern_all(ccm_engine *e, names *nm, uint32_t nagents, int reverse) {
  intern_dim(e, CCM_DIM_AGENT, nm->agent, nagents, reverse);
  intern_dim(e, CCM_DIM_TEAM, nm->team, NTEAMS, reverse);
  intern_dim(e, CCM_DIM_SKILL, nm->skill, NSKILLS, reverse);
  intern_dim(e, CCM_DIM_TAG, nm->tag, NTAGS, reverse);
  intern_dim(e, CCM_DIM_CONTACT_TYPE, nm->type, NTYPES, reverse);
}

/* The five views of ccm-bench (views5), in its order. */
static void add_views(ccm_engine *e, uint32_t flags) {
  static const struct {
    uint32_t mask;
    int32_t grain;
  } def[NVIEWS] = {
      {0, CCM_GRAIN_NONE},
      {CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL},
      {CCM_DIM_BIT(CCM_DIM_SKILL) | CCM_DIM_BIT(CCM_DIM_CHANNEL), CCM_GRAIN_INTERVAL},
      {CCM_DIM_BIT(CCM_DIM_TEAM), CCM_GRAIN_DATE},
      {CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_NONE},
  };
  int i;
  for (i = 0; i < NVIEWS; i++) {
    ccm_view *v;
    check(ccm_view_new(e, def[i].mask, def[i].grain, flags, &v), "view");
  }
}

static void to_engine_ids(const names *nm, ccm_event *ev) {
  ev->agent = nm->agent[ev->agent];
  ev->team = nm->team[ev->team];
  ev->skill = nm->skill[ev->skill];
  if (ev->type == CCM_EV_TAG) ev->label = nm->tag[ev->label];
  if (ev->type == CCM_EV_CONTACT_START) ev->label = nm->type[ev->label];
}

static int64_t stat_of(const ccm_engine *e, int32_t k) {
  int64_t v = 0;
  ccm_engine_stat(e, k, &v);
  return v;
}

/* shard: 0 or 1 for that shard's contacts, -1 for the whole stream; shard
 * 1 interns in reverse order.  views: 0 for none (what the cells take is
 * the difference in memory with the five). */
static ccm_engine *build(const stream *s, int shard, int views, uint32_t flags) {
  ccm_engine *e = NULL;
  names nm;
  size_t i;
  check(ccm_engine_new(NULL, NULL, &e), "engine");
  intern_all(e, &nm, s->nagents, shard == 1);
  if (views) add_views(e, flags);
  for (i = 0; i < s->n; i++) {
    ccm_event ev = s->ev[i];
    if (shard >= 0 && shard_of(ev.contact, s->ncontacts) != shard) continue;
    to_engine_ids(&nm, &ev);
    check(ccm_ingest(e, &ev), "ingest");
  }
  if (stat_of(e, CCM_STAT_REJECTED)) die("ingest", CCM_E_INVALID_ARG);
  return e;
}

/* ---- snapshots: a fresh destination for every run ---------------------------- */

typedef struct buffer {
  unsigned char *p;
  size_t n, cap;
} buffer;

static int32_t to_buffer(const void *data, size_t len, void *user) {
  buffer *b = user;
  if (b->n + len > b->cap) return -1;
  memcpy(b->p + b->n, data, len);
  b->n += len;
  return 0;
}

static void snapshot(const ccm_engine *e, buffer *b) {
  uint64_t size = 0;
  check(ccm_engine_snapshot_size(e, &size), "snapshot size");
  b->cap = (size_t)size;
  b->n = 0;
  b->p = malloc(b->cap);
  if (!b->p) die("snapshot", CCM_E_NOMEM);
  check(ccm_engine_snapshot(e, to_buffer, b), "snapshot");
}

static ccm_engine *restore(const buffer *b) {
  ccm_engine *e = NULL;
  check(ccm_engine_restore(b->p, b->n, NULL, NULL, &e), "restore");
  return e;
}

static ccm_view *view_of(const ccm_engine *e, uint32_t i) {
  ccm_view *v = NULL;
  check(ccm_engine_view((ccm_engine *)e, i, &v), "view"); /* reads only */
  return v;
}

/* ---- the check: merged against the whole stream ------------------------------- */

typedef struct metrics {
  int32_t offered, answered, aht, handle_time;
} metrics;

static int differ(const char *what, double merged, double whole) {
  if (merged == whole) return 0;
  fprintf(stderr, "bench-merge: %s: merged %.17g, one engine %.17g\n", what, merged, whole);
  return 1;
}

/* Metrics of every cell a filter matches in [from, to), merged. */
static void rolled_up(const ccm_engine *e, uint32_t view, const uint32_t *filter, int64_t from, int64_t to,
                      const metrics *mt, double out[5]) {
  ccm_measures *m = NULL;
  check(ccm_measures_new((ccm_engine *)e, &m), "measures");
  check(ccm_rollup(view_of(e, view), filter, filter ? CCM_KEY_DIMS : 0, from, to, m), "rollup");
  ccm_measures_metric(m, mt->offered, &out[0]);
  ccm_measures_metric(m, mt->answered, &out[1]);
  ccm_measures_metric(m, mt->aht, &out[2]);
  out[3] = out[4] = 0;
  if (ccm_measures_quantile(m, mt->handle_time, 0.5, &out[3]) == CCM_E_UNSUPPORTED) out[3] = -1;
  if (ccm_measures_quantile(m, mt->handle_time, 0.9, &out[4]) == CCM_E_UNSUPPORTED) out[4] = -1;
  ccm_measures_free(m);
}

static uint32_t skill_id(const ccm_engine *e, unsigned i) {
  char text[32];
  uint32_t id = 0;
  name_text(CCM_DIM_SKILL, i, text, sizeof text);
  check(ccm_lookup(e, CCM_DIM_SKILL, text, strlen(text), &id), "lookup");
  return id;
}

/* The company total, by ccm_query and with the percentiles by ccm_rollup. */
static int check_total(const ccm_engine *merged, const ccm_engine *whole, const metrics *mt, int *checked) {
  static const char *const what[5] = {"offered", "answered", "aht", "p50 handle time", "p90 handle time"};
  uint32_t key[CCM_KEY_DIMS] = {0};
  double a[5], b[5];
  int bad = 0, k;
  int32_t ids[3];
  ids[0] = mt->offered, ids[1] = mt->answered, ids[2] = mt->aht;
  for (k = 0; k < 3; k++) {
    ccm_query(view_of(merged, 0), key, CCM_KEY_DIMS, 0, ids[k], &a[k]);
    ccm_query(view_of(whole, 0), key, CCM_KEY_DIMS, 0, ids[k], &b[k]);
    bad += differ(what[k], a[k], b[k]);
  }
  rolled_up(merged, 0, NULL, 0, INT64_MAX, mt, a);
  rolled_up(whole, 0, NULL, 0, INT64_MAX, mt, b);
  for (k = 3; k < 5; k++) bad += differ(what[k], a[k], b[k]);
  *checked += 5;
  return bad;
}

/* A sample cell with nothing offered would check nothing: the stream is
 * too small for the sample. */
static int empty_sample(double offered) {
  if (offered > 0) return 0;
  fprintf(stderr, "bench-merge: a sampled skill x interval cell is empty (a larger stream is needed)\n");
  return 1;
}

/* 16 skill x interval cells: 4 skills at 4 times spread over the stream,
 * summed over the channels; ids looked up by name in each engine. */
static int check_sample(const ccm_engine *merged, const ccm_engine *whole, const stream *s, const metrics *mt,
                        int *checked) {
  static const unsigned skills[4] = {1, 7, 13, NSKILLS};
  int bad = 0, i, j, k;
  for (i = 0; i < 4; i++)
    for (j = 0; j < 4; j++) {
      int64_t ts = s->ev[0].ts + s->span_ms / 5 * (j + 1), from, to;
      uint32_t fm[CCM_KEY_DIMS], fw[CCM_KEY_DIMS];
      double a[5], b[5];
      for (k = 0; k < CCM_KEY_DIMS; k++) fm[k] = fw[k] = CCM_ANY;
      fm[CCM_DIM_SKILL] = skill_id(merged, skills[i]);
      fw[CCM_DIM_SKILL] = skill_id(whole, skills[i]);
      check(ccm_view_bucket(view_of(whole, 2), ts, &from), "bucket");
      check(ccm_view_bucket_next(view_of(whole, 2), from, &to), "bucket");
      rolled_up(merged, 2, fm, from, to, mt, a);
      rolled_up(whole, 2, fw, from, to, mt, b);
      for (k = 0; k < 3; k++) bad += differ("skill x interval", a[k], b[k]);
      bad += empty_sample(b[0]);
      *checked += 3;
    }
  return bad;
}

static int check_merged(const ccm_engine *merged, const ccm_engine *whole, const stream *s, const metrics *mt,
                        int *checked) {
  int bad = 0;
  uint32_t i;
  for (i = 0; i < NVIEWS; i++)
    bad += differ("cells of a view", (double)ccm_view_cells(view_of(merged, i)),
                  (double)ccm_view_cells(view_of(whole, i)));
  *checked += NVIEWS;
  return bad + check_total(merged, whole, mt, checked) + check_sample(merged, whole, s, mt, checked);
}

/* ---- timing ------------------------------------------------------------------- */

static double time_engine_merge(ccm_engine *dst, const ccm_engine *src) {
  double t = now_s();
  int32_t rc = ccm_engine_merge(dst, src);
  t = now_s() - t;
  if (rc) {
    fprintf(stderr, "bench-merge: %s\n", ccm_engine_errmsg(dst));
    die("ccm_engine_merge", rc);
  }
  return t;
}

static double time_view_merges(ccm_engine *dst, const ccm_engine *src) {
  double t = now_s();
  uint32_t i;
  for (i = 0; i < NVIEWS; i++) check(ccm_view_merge(view_of(dst, i), view_of(src, i)), "ccm_view_merge");
  return now_s() - t;
}

/* The second baseline: the bytes the cells take, copied once (buffers
 * touched beforehand: no page faults). */
static double time_memcpy(unsigned char *to, const unsigned char *from, size_t bytes) {
  double t = now_s();
  memcpy(to, from, bytes);
  t = now_s() - t;
  if (to[bytes / 2] != from[bytes / 2]) abort(); /* reading the copy keeps it from being optimised away */
  return t;
}

/* The first baseline: every cell of every view of src, its key and one
 * metric. */
static double time_cursor_pass(const ccm_engine *src, int32_t metric, double *sink) {
  double t = now_s();
  uint32_t i, key[CCM_KEY_DIMS];
  for (i = 0; i < NVIEWS; i++) {
    ccm_cursor *c = NULL;
    check(ccm_cursor_new(view_of(src, i), &c), "cursor");
    while (ccm_cursor_next(c) == CCM_OK) {
      int64_t bucket = 0;
      double v = 0;
      ccm_cursor_key(c, key, CCM_KEY_DIMS, &bucket);
      ccm_cursor_metric(c, metric, &v);
      *sink += v + (double)key[0] + (double)bucket;
    }
    ccm_cursor_free(c);
  }
  return now_s() - t;
}

typedef struct result {
  int64_t cells_src, cells_dst, cells_merged, cells_whole, cell_bytes;
  double merge_s, view_merge_s, pass_s, memcpy_s;
  int checked, bad;
} result;

/* The two baselines over the cells of src, medians of the runs; bytes:
 * what its cells take. */
static void time_baselines(const ccm_engine *src, int64_t bytes, int runs, const metrics *mt, result *res) {
  double t_pass[MAX_RUNS], t_copy[MAX_RUNS], sink = 0;
  size_t n = bytes > 0 ? (size_t)bytes : 1;
  unsigned char *from = malloc(n), *to = malloc(n);
  int r;
  if (!from || !to) die("baseline", CCM_E_NOMEM);
  memset(from, 1, n);
  memset(to, 0, n);
  for (r = 0; r < runs; r++) {
    t_pass[r] = time_cursor_pass(src, mt->offered, &sink);
    t_copy[r] = time_memcpy(to, from, n);
  }
  res->pass_s = median(t_pass, runs);
  res->memcpy_s = median(t_copy, runs);
  res->cell_bytes = bytes;
  if (sink < 0) puts("#"); /* keeps the pass from being optimised away */
  free(from);
  free(to);
}

/* One variant (views with these flags): runs, medians, the check.
 * src_bytes_no_views: memory of shard B without views. */
static void run_variant(const stream *s, uint32_t flags, int runs, const metrics *mt, int64_t src_bytes_no_views,
                        result *res) {
  ccm_engine *whole = build(s, -1, 1, flags), *a = build(s, 0, 1, flags), *b = build(s, 1, 1, flags);
  double t_merge[MAX_RUNS], t_views[MAX_RUNS];
  buffer snap;
  int r;
  snapshot(a, &snap);
  memset(res, 0, sizeof *res);
  res->cells_src = stat_of(b, CCM_STAT_CELLS);
  res->cells_dst = stat_of(a, CCM_STAT_CELLS);
  res->cells_whole = stat_of(whole, CCM_STAT_CELLS);
  for (r = 0; r < runs; r++) {
    ccm_engine *dst = restore(&snap);
    t_merge[r] = time_engine_merge(dst, b);
    if (r == 0) {
      res->cells_merged = stat_of(dst, CCM_STAT_CELLS);
      res->bad += check_merged(dst, whole, s, mt, &res->checked);
    }
    ccm_engine_free(dst);
    dst = restore(&snap);
    t_views[r] = time_view_merges(dst, b);
    if (r == 0) res->bad += check_merged(dst, whole, s, mt, &res->checked);
    ccm_engine_free(dst);
  }
  res->merge_s = median(t_merge, runs);
  res->view_merge_s = median(t_views, runs);
  time_baselines(b, stat_of(b, CCM_STAT_MEMORY_BYTES) - src_bytes_no_views, runs, mt, res);
  free(snap.p);
  ccm_engine_free(whole);
  ccm_engine_free(a);
  ccm_engine_free(b);
}

static void print_variant(const char *prefix, const result *res) {
  double cells = (double)res->cells_src;
  printf("%s_cells_src=%lld\n%s_cells_dst=%lld\n", prefix, (long long)res->cells_src, prefix,
         (long long)res->cells_dst);
  printf("%s_cells_merged=%lld\n%s_cells_whole=%lld\n", prefix, (long long)res->cells_merged, prefix,
         (long long)res->cells_whole);
  printf("%s_merge_ms=%.3f\n%s_merge_cells_per_s=%.0f\n%s_merge_ns_per_cell=%.1f\n", prefix, res->merge_s * 1e3,
         prefix, cells / res->merge_s, prefix, res->merge_s * 1e9 / cells);
  printf("%s_view_merge_ms=%.3f\n%s_view_merge_cells_per_s=%.0f\n", prefix, res->view_merge_s * 1e3, prefix,
         cells / res->view_merge_s);
  printf("%s_baseline_ms=%.3f\n%s_baseline_cells_per_s=%.0f\n%s_baseline_ns_per_cell=%.1f\n", prefix,
         res->pass_s * 1e3, prefix, cells / res->pass_s, prefix, res->pass_s * 1e9 / cells);
  printf("%s_ratio=%.1f\n", prefix, res->merge_s / res->pass_s);
  printf("%s_cell_bytes=%lld\n%s_bytes_per_cell=%.0f\n", prefix, (long long)res->cell_bytes, prefix,
         (double)res->cell_bytes / cells);
  printf("%s_memcpy_ms=%.3f\n%s_memcpy_cells_per_s=%.0f\n%s_ratio_memcpy=%.1f\n", prefix, res->memcpy_s * 1e3,
         prefix, cells / res->memcpy_s, prefix, res->merge_s / res->memcpy_s);
  printf("%s_checked=%d\n%s_check=%s\n", prefix, res->checked, prefix, res->bad ? "FAILED" : "ok");
}

static void usage(void) {
  fprintf(stderr, "usage: bench-merge [--quick] [--runs N] [--days D] [--contacts-per-day N]\n");
  exit(2);
}

int main(int argc, char **argv) {
  int runs = 5, days = 7, i;
  uint64_t per_day = 40000;
  uint32_t nagents = 300;
  stream s;
  metrics mt;
  result plain, sketch;
  int64_t src_bytes_no_views;
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--quick") == 0)
      days = 2, per_day = 10000, nagents = 100, runs = 3;
    else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
      runs = atoi(argv[++i]);
    else if (strcmp(argv[i], "--days") == 0 && i + 1 < argc)
      days = atoi(argv[++i]);
    else if (strcmp(argv[i], "--contacts-per-day") == 0 && i + 1 < argc)
      per_day = strtoull(argv[++i], NULL, 10);
    else
      usage();
  }
  if (runs < 1 || runs > MAX_RUNS || days < 1 || days > 366 || per_day < 100 || per_day > 10000000) {
    fprintf(stderr, "bench-merge: runs 1..%d, days 1..366, contacts per day 100..10^7\n", MAX_RUNS);
    return 2;
  }
  check(ccm_metric_by_name("offered", &mt.offered), "offered");
  check(ccm_metric_by_name("answered", &mt.answered), "answered");
  check(ccm_metric_by_name("aht", &mt.aht), "aht");
  check(ccm_metric_timer(mt.aht, &mt.handle_time), "aht timer");
  memset(&s, 0, sizeof s);
  make_stream(&s, days, per_day, nagents);
  printf("events=%zu\ncontacts=%llu\ndays=%d\nagents=%u\nruns=%d\n", s.n, (unsigned long long)days * per_day, days,
         nagents, runs);
  {
    ccm_engine *no_views = build(&s, 1, 0, 0);
    src_bytes_no_views = stat_of(no_views, CCM_STAT_MEMORY_BYTES);
    ccm_engine_free(no_views);
  }
  run_variant(&s, 0, runs, &mt, src_bytes_no_views, &plain);
  print_variant("plain", &plain);
  run_variant(&s, CCM_VIEW_SKETCHES, runs, &mt, src_bytes_no_views, &sketch);
  print_variant("sketch", &sketch);
  free(s.ev);
  return plain.bad || sketch.bad ? 1 : 0;
}
