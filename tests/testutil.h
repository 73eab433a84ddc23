/*
 * testutil.h - helpers shared by the Check suites of libccmetrics.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * - building and ingesting events tersely (TU_EVENT, TU_OK, TU_REJECT);
 * - a test allocator that can fail the Nth allocation and counts what is
 *   outstanding (tu_alloc);
 * - a fingerprint of a whole engine (every field of every measure of every
 *   cell of a standard set of views, plus the contact counters), to prove
 *   that a rejected event or a failed allocation changed nothing;
 * - a deterministic generator of realistic event streams;
 * - metric and measure read-back helpers.
 */
#ifndef CCM_TESTUTIL_H
#define CCM_TESTUTIL_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

#include "ccmetrics.h"

/* A base time: 2023-11-14T22:13:20Z (a Tuesday), as in EVENTS.md. */
#define TU_T0 INT64_C(1700000000000)
#define TU_SEC INT64_C(1000)
#define TU_MIN INT64_C(60000)
#define TU_HOUR INT64_C(3600000)
#define TU_DAY INT64_C(86400000)

/* An assertion for hot loops: unlike ck_assert_*, it records no check
 * point when it passes (Check writes one per passing ck_assert, which is
 * slow in fork mode and under valgrind). */
#define TU_CHECK(cond_, ...)            \
  do {                                  \
    if (!(cond_)) ck_abort_msg(__VA_ARGS__); \
  } while (0)

/* The metrics this version computes, in METRICS.md order (one list for
 * every suite that checks the catalog or the coverage of the metric tests). */
extern const char *const tu_computed_metrics[];
extern const size_t tu_ncomputed_metrics;

/* Tolerance for comparing metric values. */
#define TU_TOL 1e-6

/* ------------------------------------------------------------------------ */
/* Events */

/*
 * A ccm_event compound literal: size and type set, every field not named
 * zero.  Usage: TU_EVENT(CCM_EV_ANSWER, ts, contact, .agent = a, .team = t).
 * (The contact is the first variadic argument, so the variadic part is never
 * empty.)
 */
#define TU_EVENT(type_, ts_, ...) \
  ((ccm_event){.size = (uint32_t)sizeof(ccm_event), .type = (type_), .ts = (ts_), .contact = __VA_ARGS__})

/* Ingest an event and assert that it is accepted. */
#define TU_OK(e_, type_, ts_, ...) tu_expect((e_), &TU_EVENT(type_, ts_, __VA_ARGS__), CCM_OK, __FILE__, __LINE__)

/* Ingest an event and assert that it is rejected with @p code_. */
#define TU_REJECT(e_, code_, type_, ts_, ...) \
  tu_expect((e_), &TU_EVENT(type_, ts_, __VA_ARGS__), (code_), __FILE__, __LINE__)

/* Ingest @p ev; assert the status is @p expected (with a useful message). */
void tu_expect(ccm_engine *e, const ccm_event *ev, int32_t expected, const char *file, int line);

/* Names interned in a fresh engine by tu_intern_ids(). */
typedef struct tu_ids {
  uint32_t ann, bob, cat, dan, eve;   /* agents */
  uint32_t red, blue;                 /* teams */
  uint32_t billing, support, sales;   /* skills */
  uint32_t camp1, camp2;              /* campaigns */
  uint32_t vip, std;                  /* contact types */
  uint32_t refund, urgent, promo;     /* tags */
  uint32_t sale, nosale;              /* dispositions */
  uint32_t timeout;                   /* queue_exit reasons */
  uint32_t form1;                     /* QA forms */
} tu_ids;

/* Intern every name of tu_ids in @p e (asserts success). */
void tu_intern_ids(ccm_engine *e, tu_ids *ids);

/* Intern one NUL-terminated name (asserts success). */
uint32_t tu_intern(ccm_engine *e, int32_t dim, const char *name);

/* A new engine with the default allocator and @p cfg (asserts success). */
ccm_engine *tu_engine(const ccm_config *cfg);

/* A new view (asserts success). */
ccm_view *tu_view(ccm_engine *e, uint32_t mask, int32_t grain);

/* Read a stat / rejected count (asserts success). */
int64_t tu_stat(const ccm_engine *e, int32_t stat);
int64_t tu_rejected(const ccm_engine *e, int32_t code);

/* ------------------------------------------------------------------------ */
/* Test allocator */

typedef struct tu_alloc {
  ccm_allocator hooks; /* hooks.user points to this struct */
  long calls;          /* alloc + realloc calls since the last arm */
  long fail_at;        /* fail call number fail_at (1-based); 0 = never */
  int fail_after;      /* also fail every call after fail_at */
  long injected;       /* failures injected since the last arm */
  long outstanding;    /* live blocks */
  long long bytes;     /* live bytes */
  long total_allocs;   /* successful allocations ever */
  long bad_frees;      /* frees of pointers this allocator did not hand out */
} tu_alloc;

void tu_alloc_init(tu_alloc *a);
/* Fail the @p n th allocation from now on (only that one). */
void tu_alloc_arm(tu_alloc *a, long n);
/* Fail every allocation from the @p n th on. */
void tu_alloc_arm_from(tu_alloc *a, long n);
/* Stop failing. */
void tu_alloc_disarm(tu_alloc *a);

/* ------------------------------------------------------------------------ */
/* Snapshots in memory */

typedef struct tu_out {
  unsigned char *p;
  size_t n, cap;
  long calls;   /* write callbacks so far */
  long fail_at; /* refuse this call and every later one (0: never) */
} tu_out;

/* A ccm_write_fn appending to the tu_out at user (asserts len > 0). */
int32_t tu_out_write(const void *data, size_t len, void *user);
void tu_out_free(tu_out *b);

/* ------------------------------------------------------------------------ */
/* Fingerprint of a whole engine */

#define TU_STD_VIEWS 5

/* The standard views: company total, agent x interval, skill x channel, tag,
 * disposition x date. */
typedef struct tu_views {
  ccm_view *v[TU_STD_VIEWS];
} tu_views;

/* Register the standard views (asserts success). */
void tu_views_add(ccm_engine *e, tu_views *vs);

typedef struct tu_fp {
  unsigned char *buf; /* sorted cell records of every view, concatenated */
  size_t len;
  int64_t open, retained, cells, customers, fcr_pending, agents;
} tu_fp;

/* Take a fingerprint (asserts success; allocates with malloc, and cursors
 * with the engine's allocator). */
void tu_fingerprint(const ccm_engine *e, const tu_views *vs, tu_fp *fp);
int tu_fp_equal(const tu_fp *a, const tu_fp *b);
void tu_fp_free(tu_fp *fp);

/* ------------------------------------------------------------------------ */
/* Generated streams */

typedef struct tu_stream {
  ccm_event *ev;
  int32_t *expect; /* expected status of each event (all CCM_OK) */
  size_t n, cap;
} tu_stream;

/*
 * A deterministic, valid stream of @p ncontacts contacts mixing every
 * supported event type (voice, chat and email, inbound and outbound,
 * answers, abandons, flow-outs, blocked, offers and misses, holds,
 * transfers, focus, messages, tags, dispositions, resolves, reopens,
 * escalations, late events after contact_end), spread over several hours
 * and interleaved across contacts (each contact's events stay in order).
 */
void tu_gen(const tu_ids *ids, uint32_t seed, int ncontacts, tu_stream *s);
/* Append survey, QA, agent-state and ledger events (n of each kind, agent
 * states in time order per agent) for the contacts of tu_gen(ids, seed), all
 * expected to be accepted. */
void tu_gen_families(const tu_ids *ids, uint32_t seed, int n, tu_stream *s);
void tu_stream_free(tu_stream *s);

/* ------------------------------------------------------------------------ */
/* Reading results */

/* A key indexed by CCM_DIM_*: KEY([CCM_DIM_AGENT] = ann). */
#define TU_KEY(...) ((const uint32_t[CCM_VIEW_DIMS]){__VA_ARGS__})
#define TU_KEY0 TU_KEY(0)

/* ccm_query by metric name (asserts the name exists). */
int32_t tu_query(const ccm_view *v, const uint32_t *key, int64_t bucket, const char *metric, double *value);

/* One field of one measure (by name) of one cell, read with a cursor; 0
 * when the cell does not exist. */
int64_t tu_field(const ccm_view *v, const uint32_t *key, int64_t bucket, const char *measure, int32_t field);

/* Ids by name (asserting they exist). */
int32_t tu_metric_id(const char *name);
int32_t tu_measure_id(const char *name);

/* Whether the view has the cell. */
int tu_has_cell(const ccm_view *v, const uint32_t *key, int64_t bucket);

/* Assert a metric is defined and equals @p expected_. */
#define TU_METRIC(v_, key_, bucket_, name_, expected_) \
  tu_assert_metric((v_), (key_), (bucket_), (name_), (expected_), __FILE__, __LINE__)
/* Assert a metric is undefined (CCM_UNDEFINED, value 0). */
#define TU_UNDEF(v_, key_, bucket_, name_) tu_assert_undef((v_), (key_), (bucket_), (name_), __FILE__, __LINE__)
/* Assert one measure field. */
#define TU_FIELD(v_, key_, bucket_, measure_, field_, expected_)                                                    \
  tu_assert_field((v_), (key_), (bucket_), (measure_), (field_), (int64_t)(expected_), __FILE__, __LINE__)

void tu_assert_metric(const ccm_view *v, const uint32_t *key, int64_t bucket, const char *name, double expected,
                      const char *file, int line);
void tu_assert_undef(const ccm_view *v, const uint32_t *key, int64_t bucket, const char *name, const char *file,
                     int line);
void tu_assert_field(const ccm_view *v, const uint32_t *key, int64_t bucket, const char *measure, int32_t field,
                     int64_t expected, const char *file, int line);

/* Run a suite; returns the process exit status. */
int tu_run(Suite *s);

#endif
