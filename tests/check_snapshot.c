/*
 * check_snapshot.c - ccm_engine_snapshot(), ccm_engine_snapshot_size() and
 * ccm_engine_restore().
 *
 * - Continuation: a stream is cut at several points; at each the engine is
 *   written, freed and restored, then fed the rest.  The result must equal
 *   an uninterrupted run's, cell by cell in cursor order (every field of
 *   every measure, every metric, sketch quantiles), with the same stats,
 *   rejection counts, dictionaries, settings and per-event statuses; in UTC,
 *   under a daylight-saving rule across a clock change with a business
 *   calendar, with a host offset function, with reordering and duplicate
 *   detection (events held and ids remembered at the cut), and with
 *   retention short enough that contact records are freed and reused.
 * - The header: magic, version, length and a CRC32C checked against a
 *   bitwise CRC written here; the size function equals the bytes written.
 * - Hostile input: every truncation, every byte flipped (the specific error
 *   for each header field, the checksum error for the body), every body byte
 *   changed with the checksum fixed up (an error or a working engine, never
 *   a crash), huge counts at every position (allocation stays O(length)),
 *   random bodies.
 * - Allocation failure at every allocation of a restore: CCM_E_NOMEM and no
 *   leak; a write callback failing at every call: CCM_E_IO; a snapshot
 *   allocates nothing.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "testutil.h"

#define HEADER 24 /* magic 8, version 4, crc 4, length 8 (doc/SNAPSHOT.md) */

/* ------------------------------------------------------------------------ */
/* Snapshots in memory */

/* Write e into b (asserting success and that the size function agrees). */
static void snap(const ccm_engine *e, tu_out *b) {
  uint64_t size = 0;
  int32_t rc;
  memset(b, 0, sizeof *b);
  rc = ccm_engine_snapshot(e, tu_out_write, b);
  TU_CHECK(rc == CCM_OK, "snapshot: %s", ccm_error_name(rc));
  rc = ccm_engine_snapshot_size(e, &size);
  TU_CHECK(rc == CCM_OK && size == b->n, "snapshot size %llu, %zu bytes written", (unsigned long long)size, b->n);
}

static ccm_engine *restore(const tu_out *b, const ccm_config *cfg) {
  ccm_engine *e = NULL;
  int32_t rc = ccm_engine_restore(b->p, b->n, cfg, NULL, &e);
  TU_CHECK(rc == CCM_OK && e, "restore: %s", ccm_error_name(rc));
  return e;
}

static uint64_t rd_le(const unsigned char *p, int n) {
  uint64_t v = 0;
  while (n--) v = v << 8 | p[n];
  return v;
}

static void wr_le(unsigned char *p, uint64_t v, int n) {
  int i;
  for (i = 0; i < n; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* CRC-32C bit by bit, straight from the definition (reflected 0x82F63B78). */
static uint32_t ref_crc32c(const unsigned char *p, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  int k;
  while (n--) {
    c ^= *p++;
    for (k = 0; k < 8; k++) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1u)));
  }
  return ~c;
}

/* The same a byte at a time through a table made by ref_crc32c's loop,
 * continuing from a state (forged snapshots are fixed up thousands of
 * times: the state before the changed byte is kept, see forge_crc). */
static uint32_t crc_table[256];

static uint32_t crc_run(uint32_t state, const unsigned char *p, size_t n) {
  if (!crc_table[1]) {
    uint32_t i, c;
    int k;
    for (i = 0; i < 256; i++) {
      for (c = i, k = 0; k < 8; k++) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1u)));
      crc_table[i] = c;
    }
  }
  while (n--) state = (state >> 8) ^ crc_table[(state ^ *p++) & 0xFF];
  return state;
}

static uint32_t table_crc32c(const unsigned char *p, size_t n) { return ~crc_run(0xFFFFFFFFu, p, n); }

/* Make the header's checksum match the body again. */
static void fix_crc(unsigned char *p, size_t n) { wr_le(p + 12, table_crc32c(p + HEADER, n - HEADER), 4); }

/* The CRC states before each byte of a snapshot's body, so that a copy
 * changed from byte i on is checksummed from i. */
typedef struct crc_prefix {
  uint32_t *state; /* state[i]: after the body bytes before offset i */
} crc_prefix;

static void crc_prefix_init(crc_prefix *cp, const unsigned char *p, size_t n) {
  size_t i;
  cp->state = malloc((n + 1) * sizeof *cp->state);
  ck_assert_ptr_nonnull(cp->state);
  cp->state[HEADER] = 0xFFFFFFFFu;
  for (i = HEADER; i < n; i++) cp->state[i + 1] = crc_run(cp->state[i], p + i, 1);
}

/* Fix the checksum of p, whose body bytes before `from` are unchanged. */
static void forge_crc(const crc_prefix *cp, unsigned char *p, size_t n, size_t from) {
  wr_le(p + 12, ~crc_run(cp->state[from], p + from, n - from), 4);
}

/* ------------------------------------------------------------------------ */
/* Two engines are the same: everything observable through the API */

static const int32_t compared_stats[] = {
    CCM_STAT_ACCEPTED,    CCM_STAT_REJECTED,     CCM_STAT_CLAMPED,   CCM_STAT_OPEN_CONTACTS,
    CCM_STAT_RETAINED_CONTACTS, CCM_STAT_RELEASED, CCM_STAT_EXPIRED, CCM_STAT_FORGOTTEN,
    CCM_STAT_CELLS,       CCM_STAT_ACW_UNCLOSED, CCM_STAT_VIEWS,     CCM_STAT_CUSTOMERS,
    CCM_STAT_FCR_PENDING, CCM_STAT_AGENTS,       CCM_STAT_DUPLICATES, CCM_STAT_REORDERED,
    CCM_STAT_HELD,        CCM_STAT_EVENT_IDS};

static void same_double(int32_t ra, double a, int32_t rb, double b, const char *what, long cell, int32_t id) {
  TU_CHECK(ra == rb, "%s: cell %ld, %d: status %s vs %s", what, cell, (int)id, ccm_error_name(ra), ccm_error_name(rb));
  TU_CHECK(memcmp(&a, &b, sizeof a) == 0, "%s: cell %ld, %d: %.17g vs %.17g", what, cell, (int)id, a, b);
}

/* Every cell in cursor order: key, bucket, every field of every measure,
 * every metric, quantiles of every timer. */
static void same_view(ccm_view *va, ccm_view *vb, const char *what) {
  static const double qs[] = {0.0, 0.5, 0.9, 0.99, 1.0};
  int32_t nm = ccm_measure_count(), nmet = ccm_metric_count(), m, f, ra, rb;
  ccm_cursor *ca = NULL, *cb = NULL;
  long cell = 0;
  size_t q;
  ck_assert_uint_eq(ccm_view_dims(va), ccm_view_dims(vb));
  ck_assert_int_eq(ccm_view_grain(va), ccm_view_grain(vb));
  ck_assert_int_eq(ccm_view_cells(va), ccm_view_cells(vb));
  ck_assert_int_eq(ccm_cursor_new(va, &ca), CCM_OK);
  ck_assert_int_eq(ccm_cursor_new(vb, &cb), CCM_OK);
  for (;; cell++) {
    uint32_t ka[CCM_KEY_DIMS], kb[CCM_KEY_DIMS];
    int64_t ba = 0, bb = 0;
    ra = ccm_cursor_next(ca);
    rb = ccm_cursor_next(cb);
    TU_CHECK(ra == rb, "%s: cursor at cell %ld: %d vs %d", what, cell, (int)ra, (int)rb);
    if (ra != CCM_OK) break;
    ck_assert_int_eq(ccm_cursor_key(ca, ka, CCM_KEY_DIMS, &ba), CCM_OK);
    ck_assert_int_eq(ccm_cursor_key(cb, kb, CCM_KEY_DIMS, &bb), CCM_OK);
    TU_CHECK(ba == bb && memcmp(ka, kb, sizeof ka) == 0, "%s: cell %ld has another key", what, cell);
    for (m = 0; m < nm; m++) {
      for (f = CCM_FIELD_COUNT; f <= CCM_FIELD_END; f++) {
        int64_t xa = -1, xb = -1;
        ra = ccm_cursor_measure(ca, m, f, &xa);
        rb = ccm_cursor_measure(cb, m, f, &xb);
        TU_CHECK(ra == rb && xa == xb, "%s: cell %ld measure %s field %d: %lld (%d) vs %lld (%d)", what, cell,
                 ccm_measure_name(m), (int)f, (long long)xa, (int)ra, (long long)xb, (int)rb);
      }
      if (ccm_measure_kind(m) != CCM_MEASURE_TIMER_KIND) continue;
      for (q = 0; q < sizeof qs / sizeof *qs; q++) {
        double xa = -1, xb = -1;
        ra = ccm_cursor_quantile(ca, m, qs[q], &xa);
        rb = ccm_cursor_quantile(cb, m, qs[q], &xb);
        same_double(ra, xa, rb, xb, what, cell, m);
      }
    }
    for (m = 0; m < nmet; m++) {
      double xa = -1, xb = -1;
      ra = ccm_cursor_metric(ca, m, &xa);
      rb = ccm_cursor_metric(cb, m, &xb);
      same_double(ra, xa, rb, xb, what, cell, m);
    }
  }
  ck_assert_int_eq(ra, CCM_END);
  ccm_cursor_free(ca);
  ccm_cursor_free(cb);
}

static void assert_same(ccm_engine *a, ccm_engine *b, const char *what) {
  size_t i;
  int32_t k, d, ra, rb;
  int64_t nviews;
  for (i = 0; i < sizeof compared_stats / sizeof *compared_stats; i++)
    TU_CHECK(tu_stat(a, compared_stats[i]) == tu_stat(b, compared_stats[i]), "%s: stat %d: %lld vs %lld", what,
             (int)compared_stats[i], (long long)tu_stat(a, compared_stats[i]),
             (long long)tu_stat(b, compared_stats[i]));
  for (k = -1; k > -64; k--) TU_CHECK(tu_rejected(a, k) == tu_rejected(b, k), "%s: rejected %d", what, (int)k);
  for (k = 1; k <= 17; k++) {
    int64_t xa = 0, xb = 0;
    ck_assert_int_eq(ccm_engine_config(a, k, &xa), CCM_OK);
    ck_assert_int_eq(ccm_engine_config(b, k, &xb), CCM_OK);
    TU_CHECK(xa == xb, "%s: setting %d", what, (int)k);
  }
  for (d = 0; d < CCM_DICTS; d++) {
    uint32_t id;
    for (id = 1;; id++) {
      const char *na = NULL, *nb = NULL;
      size_t la = 0, lb = 0;
      int32_t ra = ccm_name(a, d, id, &na, &la), rb = ccm_name(b, d, id, &nb, &lb);
      TU_CHECK(ra == rb, "%s: dictionary %d id %u", what, (int)d, id);
      if (ra != CCM_OK) break;
      TU_CHECK(la == lb && memcmp(na, nb, la) == 0, "%s: dictionary %d id %u has another name", what, (int)d, id);
    }
  }
  for (i = 0; i < 8; i++) {
    int64_t t = TU_T0 - 40 * TU_DAY + (int64_t)i * 11 * TU_DAY + 12345, la = 0, lb = 0, ba = 0, bb = 0;
    ck_assert_int_eq(ccm_engine_local_time(a, t, &la), CCM_OK);
    ck_assert_int_eq(ccm_engine_local_time(b, t, &lb), CCM_OK);
    TU_CHECK(la == lb, "%s: local time", what);
    ra = ccm_engine_business_time(a, t, t + 3 * TU_DAY, &ba);
    rb = ccm_engine_business_time(b, t, t + 3 * TU_DAY, &bb);
    TU_CHECK(ra == rb && ba == bb, "%s: business time", what);
  }
  nviews = tu_stat(a, CCM_STAT_VIEWS);
  for (i = 0; i < (size_t)nviews; i++) {
    ccm_view *va = NULL, *vb = NULL;
    char name[128];
    ck_assert_int_eq(ccm_engine_view(a, (uint32_t)i, &va), CCM_OK);
    ck_assert_int_eq(ccm_engine_view(b, (uint32_t)i, &vb), CCM_OK);
    snprintf(name, sizeof name, "%s, view %zu", what, i);
    same_view(va, vb, name);
  }
}

/* ------------------------------------------------------------------------ */
/* Scenarios */

typedef struct scenario {
  const char *name;
  const char *tz;        /* POSIX rule, or NULL */
  int calendar;          /* business hours and a holiday */
  int host_fn;           /* a host offset function instead of a rule */
  int64_t lateness;      /* CCM_CFG_LATENESS_MS */
  int event_ids;         /* ids on every event, some delivered again soon or late; 2: ids forgotten early */
  int64_t retention;     /* CCM_CFG_RETENTION_MS (0: default) */
  int64_t shift;         /* added to every time */
  int views_late;        /* a view registered part way */
} scenario;

/* CET by hand: +1 h, +2 h from the last Sunday of March 01:00Z to the last
 * Sunday of October 01:00Z (only 2023 matters here). */
static int64_t cet_2023(int64_t utc, void *user) {
  (void)user;
  return utc >= INT64_C(1679792400000) && utc < INT64_C(1698541200000) ? 2 * TU_HOUR : TU_HOUR;
}

static ccm_config *scenario_config(const scenario *sc) {
  ccm_config *cfg = NULL;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_INTERVAL_MS, 30 * TU_MIN), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_GRACE_MS, 2 * TU_MIN), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_REPEAT_WINDOW_MS, 2 * TU_HOUR), CCM_OK);
  if (sc->retention) ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_RETENTION_MS, sc->retention), CCM_OK);
  if (sc->lateness) ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_LATENESS_MS, sc->lateness), CCM_OK);
  if (sc->event_ids == 2) {
    ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_DEDUP_WINDOW_MS, 20 * TU_MIN), CCM_OK);
    ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_DEDUP_MAX, 150), CCM_OK);
  }
  if (sc->tz) ck_assert_int_eq(ccm_config_set_tz(cfg, sc->tz), CCM_OK);
  if (sc->host_fn) ck_assert_int_eq(ccm_config_set_utc_offset_fn(cfg, cet_2023, NULL), CCM_OK);
  if (sc->calendar) {
    static const char text[] = "mon 09:00-17:00\ntue 09:00-12:00 13:00-17:00\nwed 08:00-20:00\nthu 09:00-17:00\n"
                               "fri 09:00-15:00\nsat 10:00-14:00\nsun 00:00-24:00\nholiday 2023-11-15\n"
                               "holiday 2023-10-30\n";
    ccm_calendar *cal = NULL;
    ck_assert_int_eq(ccm_calendar_new(NULL, &cal), CCM_OK);
    ck_assert_int_eq(ccm_calendar_parse(cal, text, sizeof text - 1, NULL), CCM_OK);
    ck_assert_int_eq(ccm_config_set_calendar(cfg, cal), CCM_OK);
    ccm_calendar_free(cal);
  }
  return cfg;
}

/* The views of every scenario: the standard five, and sketched or wider
 * ones over every grain. */
static void add_views(ccm_engine *e) {
  tu_views vs;
  ccm_view *v = NULL;
  tu_views_add(e, &vs);
  ck_assert_int_eq(ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_TEAM) | CCM_DIM_BIT(CCM_DIM_REASON),
                                CCM_GRAIN_HOUR, CCM_VIEW_SKETCHES, &v),
                   CCM_OK);
  ck_assert_int_eq(ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_SKILL) | CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_WEEK,
                                CCM_VIEW_SKETCHES, &v),
                   CCM_OK);
  ck_assert_int_eq(ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_CAMPAIGN) | CCM_DIM_BIT(CCM_DIM_CONTACT_TYPE) |
                                       CCM_DIM_BIT(CCM_DIM_DIRECTION),
                                CCM_GRAIN_MONTH, 0, &v),
                   CCM_OK);
  ck_assert_int_eq(ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_DISPOSITION), CCM_GRAIN_DOW, CCM_VIEW_SKETCHES, &v), CCM_OK);
  ck_assert_int_eq(ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL, CCM_VIEW_SKETCHES, &v), CCM_OK);
}

/* A view registered part way: contacts started before it do not count in
 * its gauges. */
static void add_late_view(ccm_engine *e) {
  ccm_view *v = NULL;
  ck_assert_int_eq(ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_SKILL) | CCM_DIM_BIT(CCM_DIM_CHANNEL), CCM_GRAIN_DATE,
                                CCM_VIEW_SKETCHES, &v),
                   CCM_OK);
}

static int by_time(const void *a, const void *b) {
  const ccm_event *x = a, *y = b;
  if (x->ts != y->ts) return x->ts < y->ts ? -1 : 1;
  return 0;
}

/* Stable merge of the contact stream and the families stream by time. */
static void gen_stream(const scenario *sc, const tu_ids *ids, uint32_t seed, int ncontacts, tu_stream *s) {
  size_t i, n;
  ccm_event *all;
  tu_stream fam;
  memset(s, 0, sizeof *s);
  memset(&fam, 0, sizeof fam);
  tu_gen(ids, seed, ncontacts, s);
  tu_gen_families(ids, seed, ncontacts / 4 + 1, &fam);
  n = s->n + fam.n;
  all = malloc((n + n / 5 + 1) * sizeof *all);
  ck_assert_ptr_nonnull(all);
  {
    size_t a = 0, b = 0, o = 0;
    while (a < s->n || b < fam.n) {
      if (b == fam.n || (a < s->n && by_time(&s->ev[a], &fam.ev[b]) <= 0)) all[o++] = s->ev[a++];
      else all[o++] = fam.ev[b++];
    }
  }
  tu_stream_free(&fam);
  for (i = 0; i < n; i++) all[i].ts += sc->shift;
  if (sc->lateness) {
    /* some neighbours swapped: late by less than the allowed lateness */
    for (i = 1; i < n; i += 5)
      if (all[i].ts - all[i - 1].ts < sc->lateness) {
        ccm_event t = all[i];
        all[i] = all[i - 1];
        all[i - 1] = t;
      }
  }
  if (sc->event_ids) {
    /* ids on everything; every 9th event delivered again 4 later, every
     * 13th 120 later (when its id may have been forgotten) */
    size_t o = 0;
    ccm_event *dup = malloc((n + n / 5 + 1) * sizeof *dup);
    ck_assert_ptr_nonnull(dup);
    for (i = 0; i < n; i++) all[i].event_id = 7000000 + i;
    for (i = 0; i < n; i++) {
      dup[o++] = all[i];
      if (i >= 4 && i % 9 == 0) dup[o++] = all[i - 4];
      if (i >= 120 && i % 13 == 0) dup[o++] = all[i - 120];
    }
    free(all);
    all = dup;
    n = o;
  }
  free(s->ev);
  free(s->expect);
  s->ev = all;
  s->n = s->cap = n;
  s->expect = NULL;
}

/* Feed events [from, to) of s to *e; the host expires every 50 events and
 * registers a late view at `late` (when the scenario has one). */
static void feed(ccm_engine *e, const scenario *sc, const tu_stream *s, size_t from, size_t to, int32_t *status) {
  size_t i;
  for (i = from; i < to; i++) {
    if (sc->views_late && i == s->n / 3) add_late_view(e);
    status[i] = ccm_ingest(e, &s->ev[i]);
    if (i % 50 == 49) TU_CHECK(ccm_engine_expire(e, s->ev[i].ts) == CCM_OK, "expire");
  }
}

static void finish(ccm_engine *e, const tu_stream *s) {
  ck_assert_int_eq(ccm_engine_flush(e), CCM_OK);
  ck_assert_int_eq(ccm_engine_expire(e, s->ev[s->n - 1].ts + 3 * TU_HOUR), CCM_OK);
}

/* The stream whole, and cut at each point of cuts[] (fractions of it). */
static void run_scenario(const scenario *sc, uint32_t seed, int ncontacts) {
  static const double cuts[] = {0.0, 0.13, 0.5, 0.77, 1.0};
  ccm_config *cfg = scenario_config(sc);
  ccm_engine *whole = tu_engine(cfg), *part = tu_engine(cfg);
  tu_ids ids, ids2;
  tu_stream s;
  int32_t *st_whole, *st_part;
  size_t c, at = 0, i;
  char what[160];
  tu_intern_ids(whole, &ids);
  tu_intern_ids(part, &ids2);
  add_views(whole);
  add_views(part);
  gen_stream(sc, &ids, seed, ncontacts, &s);
  st_whole = calloc(s.n, sizeof *st_whole);
  st_part = calloc(s.n, sizeof *st_part);
  ck_assert_ptr_nonnull(st_whole);
  ck_assert_ptr_nonnull(st_part);
  feed(whole, sc, &s, 0, s.n, st_whole);
  for (c = 0; c < sizeof cuts / sizeof *cuts; c++) {
    size_t to = (size_t)(cuts[c] * (double)s.n);
    ccm_engine *back;
    tu_out b;
    feed(part, sc, &s, at, to, st_part);
    at = to;
    snap(part, &b);
    back = restore(&b, cfg);
    snprintf(what, sizeof what, "%s seed %u: restored at %zu", sc->name, seed, to);
    assert_same(part, back, what);
    ccm_engine_free(part);
    part = back;
    tu_out_free(&b);
  }
  for (i = 0; i < s.n; i++)
    TU_CHECK(st_whole[i] == st_part[i], "%s seed %u: event %zu: %s whole, %s cut", sc->name, seed, i,
             ccm_error_name(st_whole[i]), ccm_error_name(st_part[i]));
  snprintf(what, sizeof what, "%s seed %u: end of stream", sc->name, seed);
  assert_same(whole, part, what);
  /* and what comes after the stream: held events, expiry, finals */
  finish(whole, &s);
  finish(part, &s);
  snprintf(what, sizeof what, "%s seed %u: after flush and expiry", sc->name, seed);
  assert_same(whole, part, what);
  free(st_whole);
  free(st_part);
  tu_stream_free(&s);
  ccm_engine_free(whole);
  ccm_engine_free(part);
  ccm_config_free(cfg);
}

/* 2023-10-28T23:30Z: the stream's 5 hours cross Europe's fall-back at
 * 2023-10-29T01:00Z. */
#define SHIFT_TO_FALLBACK (INT64_C(1698535800000) - TU_T0)

static const scenario scenarios[] = {
    {"utc", NULL, 0, 0, 0, 0, 0, 0, 1},
    {"cet rule, calendar", "CET-1CEST,M3.5.0,M10.5.0/3", 1, 0, 0, 0, 0, SHIFT_TO_FALLBACK, 0},
    {"host function", NULL, 1, 1, 0, 0, 0, SHIFT_TO_FALLBACK, 1},
    {"reorder and dedup", "EST5EDT", 0, 0, 90 * TU_SEC, 1, 0, 0, 0},
    {"short retention", NULL, 0, 0, 0, 2, 10 * TU_MIN, 0, 1},
    {"reorder, ids forgotten", "<+0530>-5:30", 1, 0, 45 * TU_SEC, 2, 30 * TU_MIN, 0, 1},
};

START_TEST(test_continuation) {
  const scenario *sc = &scenarios[_i];
  uint32_t seed;
  for (seed = 1; seed <= 3; seed++) run_scenario(sc, seed, 160);
}
END_TEST

/* A bigger stream once. */
START_TEST(test_continuation_large) { run_scenario(&scenarios[5], 11, 1500); }
END_TEST

/* ------------------------------------------------------------------------ */
/* Small engines with a bit of everything, for the format and hostile tests:
 * a rule with daylight time, a calendar, reordering, event ids, short
 * retention (freed records), customers, agents, tags, sketches. */

static const scenario small_sc = {"small", "CET-1CEST,M3.5.0,M10.5.0/3", 1, 0, 60 * TU_SEC, 1, 5 * TU_MIN, 0, 0};

/* ncontacts of the generator, the first nevents of the stream (all: -1),
 * with the scenario views or (tiny) three small ones. */
static ccm_engine *small_engine(int ncontacts, int nevents, int tiny) {
  ccm_config *cfg = scenario_config(&small_sc);
  ccm_engine *e = tu_engine(cfg);
  tu_ids ids;
  tu_stream s;
  int32_t *status;
  size_t n;
  tu_intern_ids(e, &ids);
  if (tiny) {
    ccm_view *v = NULL;
    ck_assert_int_eq(ccm_view_new(e, 0, CCM_GRAIN_NONE, 0, &v), CCM_OK);
    ck_assert_int_eq(ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_REASON), CCM_GRAIN_DATE, CCM_VIEW_SKETCHES, &v), CCM_OK);
    ck_assert_int_eq(ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_HOUR, 0, &v),
                     CCM_OK);
  } else {
    add_views(e);
  }
  gen_stream(&small_sc, &ids, 5, ncontacts, &s);
  n = nevents >= 0 && (size_t)nevents < s.n ? (size_t)nevents : s.n;
  status = calloc(s.n, sizeof *status);
  ck_assert_ptr_nonnull(status);
  feed(e, &small_sc, &s, 0, n, status);
  free(status);
  tu_stream_free(&s);
  ccm_config_free(cfg);
  return e;
}

/* The tiny engine of the hostile tests holds something in every part of a
 * snapshot (so that every part is attacked). */
static ccm_engine *tiny_engine(void) {
  ccm_engine *e = small_engine(8, 70, 1);
  ck_assert_int_gt(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 0);
  ck_assert_int_gt(tu_stat(e, CCM_STAT_RETAINED_CONTACTS), 0);
  ck_assert_int_gt(tu_stat(e, CCM_STAT_FORGOTTEN), 0); /* a freed record */
  ck_assert_int_gt(tu_stat(e, CCM_STAT_CUSTOMERS), 0);
  ck_assert_int_gt(tu_stat(e, CCM_STAT_AGENTS), 0);
  ck_assert_int_gt(tu_stat(e, CCM_STAT_HELD), 0);
  ck_assert_int_gt(tu_stat(e, CCM_STAT_EVENT_IDS), 0);
  return e;
}

START_TEST(test_header) {
  ccm_engine *e = small_engine(40, 150, 0);
  tu_out b;
  uint64_t size = 0;
  snap(e, &b);
  ck_assert_int_eq(memcmp(b.p, "CCMSNAP\0", 8), 0);
  ck_assert_uint_eq(rd_le(b.p + 8, 4), 1);
  ck_assert_uint_eq(rd_le(b.p + 16, 8), b.n);
  ck_assert_uint_eq(rd_le(b.p + 12, 4), ref_crc32c(b.p + HEADER, b.n - HEADER));
  /* the reference CRC itself: the check value of CRC-32C */
  ck_assert_uint_eq(ref_crc32c((const unsigned char *)"123456789", 9), 0xE3069283u);
  ck_assert_uint_eq(table_crc32c(b.p + HEADER, b.n - HEADER), ref_crc32c(b.p + HEADER, b.n - HEADER));
  /* the stream of the first section: its tag */
  ck_assert_int_eq(memcmp(b.p + HEADER, "CONF", 4), 0);
  ck_assert_int_eq(ccm_engine_snapshot_size(e, &size), CCM_OK);
  ck_assert_uint_eq(size, b.n);
  tu_out_free(&b);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_empty_engine) {
  ccm_engine *e = tu_engine(NULL), *back;
  tu_out b, b2;
  snap(e, &b);
  back = restore(&b, NULL);
  assert_same(e, back, "empty");
  snap(back, &b2);
  ck_assert_uint_eq(b.n, b2.n);
  ck_assert_int_eq(memcmp(b.p, b2.p, b.n), 0);
  /* and it works */
  TU_OK(back, CCM_EV_CONTACT_START, TU_T0, 1, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND);
  ck_assert_int_eq(tu_stat(back, CCM_STAT_OPEN_CONTACTS), 1);
  tu_out_free(&b);
  tu_out_free(&b2);
  ccm_engine_free(e);
  ccm_engine_free(back);
}
END_TEST

/* Written again, a restored engine gives the same bytes: nothing is lost
 * and nothing depends on where things lie in memory. */
static void assert_rewrites_identical(const ccm_engine *e, const char *what) {
  ccm_engine *back;
  tu_out b, b2;
  snap(e, &b);
  back = restore(&b, NULL);
  snap(back, &b2);
  TU_CHECK(b.n == b2.n && memcmp(b.p, b2.p, b.n) == 0, "%s: %zu bytes, then %zu bytes", what, b.n, b2.n);
  tu_out_free(&b);
  tu_out_free(&b2);
  ccm_engine_free(back);
}

START_TEST(test_rewrite_identical) {
  ccm_engine *e = small_engine(60, -1, 0);
  int k;
  assert_rewrites_identical(e, "whole stream");
  /* and once the customers are gone (a table left empty) */
  ck_assert_int_gt(tu_stat(e, CCM_STAT_CUSTOMERS), 0);
  ck_assert_int_eq(ccm_engine_flush(e), CCM_OK);
  ck_assert_int_eq(ccm_engine_expire(e, TU_T0 + 30 * TU_DAY), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_CUSTOMERS), 0);
  assert_rewrites_identical(e, "customers released");
  ccm_engine_free(e);
  for (k = 20; k <= 140; k += 40) {
    e = small_engine(30, k, 0);
    assert_rewrites_identical(e, "part of a stream");
    ccm_engine_free(e);
  }
}
END_TEST

START_TEST(test_invalid_args) {
  ccm_engine *e = tu_engine(NULL), *out = (ccm_engine *)&out;
  tu_out b;
  uint64_t size;
  ccm_allocator half = {0};
  snap(e, &b);
  ck_assert_int_eq(ccm_engine_snapshot(NULL, tu_out_write, &b), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_snapshot(e, NULL, &b), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_snapshot_size(NULL, &size), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_snapshot_size(e, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_restore(b.p, b.n, NULL, NULL, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_restore(NULL, b.n, NULL, NULL, &out), CCM_E_INVALID_ARG);
  ck_assert_ptr_null(out);
  ck_assert_int_eq(ccm_engine_restore(b.p, b.n, NULL, &half, &out), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_restore(b.p, 0, NULL, NULL, &out), CCM_E_SNAPSHOT_TRUNCATED);
  tu_out_free(&b);
  ccm_engine_free(e);
}
END_TEST

/* The host offset function cannot be written: the restore needs it. */
START_TEST(test_host_function_needed) {
  static const scenario sc = {"fn", NULL, 0, 1, 0, 0, 0, 0, 0};
  ccm_config *cfg = scenario_config(&sc), *plain = NULL, *ruled = NULL;
  ccm_engine *e = tu_engine(cfg), *back = (ccm_engine *)&back;
  tu_out b;
  int64_t local = 0;
  ck_assert_int_eq(ccm_config_new(NULL, &plain), CCM_OK);
  ck_assert_int_eq(ccm_config_new(NULL, &ruled), CCM_OK);
  ck_assert_int_eq(ccm_config_set_tz(ruled, "EST5EDT"), CCM_OK);
  snap(e, &b);
  ck_assert_int_eq(ccm_engine_restore(b.p, b.n, NULL, NULL, &back), CCM_E_INCOMPATIBLE);
  ck_assert_ptr_null(back);
  ck_assert_int_eq(ccm_engine_restore(b.p, b.n, plain, NULL, &back), CCM_E_INCOMPATIBLE);
  ck_assert_int_eq(ccm_engine_restore(b.p, b.n, ruled, NULL, &back), CCM_E_INCOMPATIBLE);
  back = restore(&b, cfg);
  ck_assert_int_eq(ccm_engine_local_time(back, INT64_C(1698541200000) - 1, &local), CCM_OK);
  ck_assert_int_eq(local, INT64_C(1698541200000) - 1 + 2 * TU_HOUR);
  ccm_engine_free(back);
  tu_out_free(&b);
  /* a snapshot with a rule ignores the host's settings */
  ccm_engine_free(e);
  e = tu_engine(ruled);
  snap(e, &b);
  back = restore(&b, cfg);
  ck_assert_int_eq(ccm_engine_local_time(back, TU_T0, &local), CCM_OK);
  ck_assert_int_eq(local, TU_T0 - 5 * TU_HOUR);
  ccm_engine_free(back);
  tu_out_free(&b);
  ccm_engine_free(e);
  ccm_config_free(cfg);
  ccm_config_free(plain);
  ccm_config_free(ruled);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Hostile input */

/* Restore and, when it works, use the engine: queries, events, another
 * snapshot; whatever was accepted must hold together.  (Time is not
 * advanced: a forged agent state decades old is valid, and crediting its
 * span would only take long.) */
static int32_t restore_and_use(const unsigned char *p, size_t n) {
  ccm_engine *e = NULL;
  int32_t rc = ccm_engine_restore(p, n, NULL, NULL, &e);
  int64_t nviews, i;
  if (rc != CCM_OK) {
    TU_CHECK(e == NULL, "failed restore left an engine");
    return rc;
  }
  nviews = tu_stat(e, CCM_STAT_VIEWS);
  for (i = 0; i < nviews; i++) {
    ccm_view *v = NULL;
    ccm_cursor *c = NULL;
    TU_CHECK(ccm_engine_view(e, (uint32_t)i, &v) == CCM_OK, "view %lld", (long long)i);
    TU_CHECK(ccm_cursor_new(v, &c) == CCM_OK, "cursor of view %lld", (long long)i);
    while (ccm_cursor_next(c) == CCM_OK) {
      double x;
      int32_t m;
      for (m = 0; m < ccm_metric_count(); m++) (void)ccm_cursor_metric(c, m, &x);
      (void)ccm_cursor_quantile(c, 4, 0.5, &x);
    }
    ccm_cursor_free(c);
  }
  for (i = 0; i < 40; i++) {
    ccm_event ev = TU_EVENT((int32_t)(1 + i % 24), TU_T0 + i * 30000, 100000u + 50000u + (uint64_t)(i % 7),
                            .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_INBOUND, .agent = 1, .skill = 1,
                            .label = 1, .event_id = 900 + (uint64_t)i);
    (void)ccm_ingest(e, &ev);
  }
  {
    tu_out b;
    ccm_engine *again;
    snap(e, &b);
    again = restore(&b, NULL);
    ccm_engine_free(again);
    tu_out_free(&b);
  }
  ccm_engine_free(e);
  return rc;
}

START_TEST(test_truncated) {
  ccm_engine *e = tiny_engine();
  tu_out b;
  size_t n;
  snap(e, &b);
  for (n = 0; n < b.n; n++) {
    ccm_engine *back = (ccm_engine *)&back;
    int32_t rc = ccm_engine_restore(b.p, n, NULL, NULL, &back);
    TU_CHECK(rc == CCM_E_SNAPSHOT_TRUNCATED, "cut at %zu: %s", n, ccm_error_name(rc));
    TU_CHECK(back == NULL, "cut at %zu: an engine", n);
  }
  /* bytes after the end are not a snapshot's */
  b.p = realloc(b.p, b.n + 1);
  ck_assert_ptr_nonnull(b.p);
  b.p[b.n] = 0;
  ck_assert_int_eq(restore_and_use(b.p, b.n + 1), CCM_E_SNAPSHOT_CORRUPT);
  tu_out_free(&b);
  ccm_engine_free(e);
}
END_TEST

/* A byte of the header or the body changed: the error says what. */
START_TEST(test_flipped_bytes) {
  ccm_engine *e = tiny_engine();
  tu_out b;
  size_t i;
  snap(e, &b);
  for (i = 0; i < b.n; i++) {
    static const unsigned char xors[] = {0x01, 0x80, 0xFF};
    size_t k;
    for (k = 0; k < sizeof xors; k++) {
      int32_t rc, want;
      b.p[i] ^= xors[k];
      rc = restore_and_use(b.p, b.n);
      want = i < 8 ? CCM_E_SNAPSHOT_FORMAT : i < 12 ? CCM_E_SNAPSHOT_VERSION : CCM_E_SNAPSHOT_CHECKSUM;
      if (i >= 16 && i < 24) /* the length: longer than the data, or shorter */
        want = rd_le(b.p + 16, 8) > b.n ? CCM_E_SNAPSHOT_TRUNCATED : CCM_E_SNAPSHOT_CORRUPT;
      TU_CHECK(rc == want, "byte %zu ^ %#x: %s, expected %s", i, xors[k], ccm_error_name(rc), ccm_error_name(want));
      b.p[i] ^= xors[k];
    }
  }
  ck_assert_int_eq(restore_and_use(b.p, b.n), CCM_OK);
  tu_out_free(&b);
  ccm_engine_free(e);
}
END_TEST

/* A body byte changed and the checksum made to match: content checks only.
 * Some changes are harmless (a counter, a time); the rest must be refused
 * as corrupt (or incompatible: the clock's kind) without a crash or leak. */
START_TEST(test_forged_bytes) {
  ccm_engine *e = tiny_engine();
  tu_out b;
  crc_prefix cp;
  size_t i, ok = 0, bad = 0;
  snap(e, &b);
  crc_prefix_init(&cp, b.p, b.n);
  for (i = HEADER; i < b.n; i++) {
    static const unsigned char xors[] = {0x01, 0xFF};
    size_t k;
    for (k = 0; k < sizeof xors; k++) {
      int32_t rc;
      b.p[i] ^= xors[k];
      forge_crc(&cp, b.p, b.n, i);
      rc = restore_and_use(b.p, b.n);
      TU_CHECK(rc == CCM_OK || rc == CCM_E_SNAPSHOT_CORRUPT || rc == CCM_E_INCOMPATIBLE, "byte %zu ^ %#x: %s", i,
               xors[k], ccm_error_name(rc));
      if (rc == CCM_OK) ok++;
      else bad++;
      b.p[i] ^= xors[k];
    }
  }
  fix_crc(b.p, b.n);
  ck_assert_int_eq(restore_and_use(b.p, b.n), CCM_OK);
  free(cp.state);
  /* both kinds happen: values that may be anything, and checked content */
  ck_assert_uint_gt(ok, 0);
  ck_assert_uint_gt(bad, 0);
  tu_out_free(&b);
  ccm_engine_free(e);
}
END_TEST

/* An allocator that remembers the most it ever held. */
typedef struct peak_alloc {
  ccm_allocator hooks;
  size_t now, peak;
} peak_alloc;

static void *peak_alloc_fn(size_t size, void *user) {
  peak_alloc *a = user;
  size_t *p = malloc(sizeof(max_align_t) + size);
  if (!p) return NULL;
  *p = size;
  a->now += size;
  if (a->now > a->peak) a->peak = a->now;
  return (char *)p + sizeof(max_align_t);
}

static void *peak_realloc_fn(void *ptr, size_t size, void *user) {
  peak_alloc *a = user;
  size_t *p = (size_t *)(void *)((char *)ptr - sizeof(max_align_t)), old = *p;
  p = realloc(p, sizeof(max_align_t) + size);
  if (!p) return NULL;
  *p = size;
  a->now += size - old;
  if (a->now > a->peak) a->peak = a->now;
  return (char *)p + sizeof(max_align_t);
}

static void peak_free_fn(void *ptr, void *user) {
  peak_alloc *a = user;
  size_t *p = (size_t *)(void *)((char *)ptr - sizeof(max_align_t));
  a->now -= *p;
  free(p);
}

/* Huge counts anywhere: 0xFF... written over 4 or 8 bytes at every body
 * position.  The restore fails (or reads a harmless value) and never holds
 * more than a fixed multiple of the snapshot's length, plus the constant
 * blocks of a fresh engine. */
START_TEST(test_huge_counts) {
  ccm_engine *e = tiny_engine();
  tu_out b;
  size_t i, limit, base;
  peak_alloc pa;
  ccm_engine *back = NULL;
  crc_prefix cp;
  snap(e, &b);
  crc_prefix_init(&cp, b.p, b.n);
  pa.hooks.alloc = peak_alloc_fn;
  pa.hooks.realloc = peak_realloc_fn;
  pa.hooks.free = peak_free_fn;
  pa.hooks.user = &pa;
  pa.now = pa.peak = 0;
  ck_assert_int_eq(ccm_engine_restore(b.p, b.n, NULL, &pa.hooks, &back), CCM_OK);
  ccm_engine_free(back);
  base = pa.peak; /* what the honest snapshot needs */
  limit = 2 * base + 256 * b.n;
  for (i = HEADER; i < b.n; i++) {
    static const int widths[] = {4, 8};
    size_t w;
    for (w = 0; w < sizeof widths / sizeof *widths; w++) {
      unsigned char save[8];
      int width = widths[w];
      int32_t rc;
      if (i + (size_t)width > b.n) continue;
      memcpy(save, b.p + i, (size_t)width);
      memset(b.p + i, 0xFF, (size_t)width);
      if (width == 4) b.p[i + 3] = 0x3F; /* a big positive count too */
      forge_crc(&cp, b.p, b.n, i);
      pa.now = pa.peak = 0;
      back = NULL;
      rc = ccm_engine_restore(b.p, b.n, NULL, &pa.hooks, &back);
      TU_CHECK(rc == CCM_OK || rc == CCM_E_SNAPSHOT_CORRUPT || rc == CCM_E_INCOMPATIBLE, "at %zu: %s", i,
               ccm_error_name(rc));
      TU_CHECK(pa.peak <= limit, "at %zu (%d bytes): %zu bytes held, limit %zu", i, width, pa.peak, limit);
      ccm_engine_free(back);
      TU_CHECK(pa.now == 0, "at %zu: %zu bytes leaked", i, pa.now);
      memcpy(b.p + i, save, (size_t)width);
    }
  }
  free(cp.state);
  tu_out_free(&b);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_garbage) {
  unsigned char buf[4096];
  uint32_t r = 12345;
  int round;
  size_t i;
  /* not a snapshot at all */
  memset(buf, 'x', sizeof buf);
  ck_assert_int_eq(restore_and_use(buf, sizeof buf), CCM_E_SNAPSHOT_FORMAT);
  ck_assert_int_eq(restore_and_use(buf, 3), CCM_E_SNAPSHOT_FORMAT);
  ck_assert_int_eq(restore_and_use((const unsigned char *)"CCM", 3), CCM_E_SNAPSHOT_TRUNCATED);
  /* a good header over random bodies, of random lengths */
  for (round = 0; round < 3000; round++) {
    size_t n;
    int32_t rc;
    r = r * 1103515245u + 12345u;
    n = HEADER + (r >> 8) % (sizeof buf - HEADER);
    for (i = HEADER; i < n; i++) {
      r = r * 1103515245u + 12345u;
      buf[i] = (unsigned char)(r >> 16);
    }
    if (round % 2) memcpy(buf + HEADER, "CONF\x11\0\0\0", 8); /* past the first checks */
    memcpy(buf, "CCMSNAP\0", 8);
    wr_le(buf + 8, 1, 4);
    wr_le(buf + 16, n, 8);
    fix_crc(buf, n);
    rc = restore_and_use(buf, n);
    TU_CHECK(rc == CCM_E_SNAPSHOT_CORRUPT || rc == CCM_E_INCOMPATIBLE, "round %d: %s", round, ccm_error_name(rc));
  }
  /* another version */
  {
    ccm_engine *e = tiny_engine();
    tu_out b;
    snap(e, &b);
    wr_le(b.p + 8, 2, 4);
    ck_assert_int_eq(restore_and_use(b.p, b.n), CCM_E_SNAPSHOT_VERSION);
    wr_le(b.p + 8, 0, 4);
    ck_assert_int_eq(restore_and_use(b.p, b.n), CCM_E_SNAPSHOT_VERSION);
    wr_le(b.p + 8, 1, 4);
    b.p[b.n - 1] ^= 1;
    ck_assert_int_eq(restore_and_use(b.p, b.n), CCM_E_SNAPSHOT_CHECKSUM);
    wr_le(b.p + 16, 3, 8); /* shorter than a header */
    ck_assert_int_eq(restore_and_use(b.p, b.n), CCM_E_SNAPSHOT_CORRUPT);
    tu_out_free(&b);
    ccm_engine_free(e);
  }
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Failures of the host's memory and of its writes */

START_TEST(test_restore_nomem) {
  ccm_engine *e = small_engine(60, -1, 0), *ref;
  tu_out b;
  tu_alloc a;
  long n;
  snap(e, &b);
  ref = restore(&b, NULL);
  tu_alloc_init(&a);
  for (n = 1;; n++) {
    ccm_engine *back = (ccm_engine *)&back;
    int32_t rc;
    tu_alloc_arm(&a, n);
    rc = ccm_engine_restore(b.p, b.n, NULL, &a.hooks, &back);
    tu_alloc_disarm(&a);
    if (rc == CCM_OK) {
      ck_assert_int_eq(a.injected, 0);
      assert_same(ref, back, "restored with the failing allocator");
      ccm_engine_free(back);
      ck_assert_int_eq(a.outstanding, 0);
      break;
    }
    TU_CHECK(rc == CCM_E_NOMEM, "allocation %ld failed: %s", n, ccm_error_name(rc));
    TU_CHECK(back == NULL, "allocation %ld failed: an engine", n);
    TU_CHECK(a.outstanding == 0 && a.bytes == 0, "allocation %ld failed: %ld blocks leaked", n, a.outstanding);
  }
  ck_assert_int_gt(n, 10);
  ck_assert_int_eq(a.bad_frees, 0);
  tu_out_free(&b);
  ccm_engine_free(ref);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_write_fails) {
  ccm_engine *e = small_engine(60, -1, 0);
  tu_out ok;
  long k, pieces;
  snap(e, &ok);
  pieces = ok.calls;
  ck_assert_int_gt(pieces, 1); /* several pieces, so failing each one matters */
  for (k = 1; k <= pieces; k++) {
    tu_out b;
    memset(&b, 0, sizeof b);
    b.fail_at = k;
    ck_assert_int_eq(ccm_engine_snapshot(e, tu_out_write, &b), CCM_E_IO);
    ck_assert_int_eq(b.calls, k); /* no write after a refused one */
    tu_out_free(&b);
  }
  tu_out_free(&ok);
  ccm_engine_free(e);
}
END_TEST

/* A snapshot allocates nothing. */
START_TEST(test_snapshot_allocates_nothing) {
  tu_alloc a;
  ccm_engine *e = NULL;
  tu_out b;
  uint64_t size;
  long before;
  tu_alloc_init(&a);
  ck_assert_int_eq(ccm_engine_new(NULL, &a.hooks, &e), CCM_OK);
  {
    tu_ids ids;
    tu_stream s;
    size_t i;
    memset(&s, 0, sizeof s);
    tu_intern_ids(e, &ids);
    add_views(e);
    tu_gen(&ids, 3, 40, &s);
    for (i = 0; i < s.n; i++) (void)ccm_ingest(e, &s.ev[i]);
    tu_stream_free(&s);
  }
  before = a.total_allocs;
  tu_alloc_arm_from(&a, 1); /* any allocation would fail */
  memset(&b, 0, sizeof b);
  ck_assert_int_eq(ccm_engine_snapshot(e, tu_out_write, &b), CCM_OK);
  ck_assert_int_eq(ccm_engine_snapshot_size(e, &size), CCM_OK);
  ck_assert_int_eq(a.calls, 0);
  ck_assert_int_eq(a.total_allocs, before);
  tu_alloc_disarm(&a);
  ck_assert_uint_eq(size, b.n);
  tu_out_free(&b);
  ccm_engine_free(e);
  ck_assert_int_eq(a.outstanding, 0);
}
END_TEST

static Suite *snapshot_suite(void) {
  Suite *s = suite_create("snapshot");
  TCase *format = tcase_create("format"), *cont = tcase_create("continuation"), *hostile = tcase_create("hostile"),
        *fail = tcase_create("failures");
  tcase_add_test(format, test_header);
  tcase_add_test(format, test_empty_engine);
  tcase_add_test(format, test_rewrite_identical);
  tcase_add_test(format, test_invalid_args);
  tcase_add_test(format, test_host_function_needed);
  tcase_add_loop_test(cont, test_continuation, 0, (int)(sizeof scenarios / sizeof *scenarios));
  tcase_add_test(cont, test_continuation_large);
  tcase_add_test(hostile, test_truncated);
  tcase_add_test(hostile, test_flipped_bytes);
  tcase_add_test(hostile, test_forged_bytes);
  tcase_add_test(hostile, test_huge_counts);
  tcase_add_test(hostile, test_garbage);
  tcase_add_test(fail, test_restore_nomem);
  tcase_add_test(fail, test_write_fails);
  tcase_add_test(fail, test_snapshot_allocates_nothing);
  tcase_set_timeout(format, 120);
  tcase_set_timeout(cont, 900);    /* valgrind */
  tcase_set_timeout(hostile, 1800); /* valgrind: thousands of restores */
  tcase_set_timeout(fail, 900);
  suite_add_tcase(s, format);
  suite_add_tcase(s, cont);
  suite_add_tcase(s, hostile);
  suite_add_tcase(s, fail);
  return s;
}

int main(void) {
#if defined(__GLIBC__)
  /* The hostile tests restore small engines tens of thousands of times:
   * keep freed memory for the next one instead of giving it back to the
   * system each time (page faults cost more than the restores). */
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
#endif
  return tu_run(snapshot_suite());
}
