/*
 * bench-snapshot.c - ccm_engine_snapshot() and ccm_engine_restore() on a
 * large engine: throughput in MB/s and bytes per cell and per open contact.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Usage: bench-snapshot [--quick] [--runs N] [--contacts N] [--kv]
 *
 * The engine: N contacts (default 100000) started over four hours and left
 * open (waiting in a queue, talking to an agent, or in after-contact work),
 * tagged, with customers and event ids (duplicate detection), 400 agents
 * changing state, and five views (two with sketches).  Bytes per cell come
 * from the difference with the same stream ingested without views; bytes per
 * contact from that engine, less what its remembered event ids take (a third
 * engine without ids).  Times are medians over the runs; the snapshot goes
 * to a buffer in memory (a memcpy per piece), so what is measured is the
 * library.  A restore is timed twice: "cold", when every block comes fresh
 * from the system (glibc maps big blocks and unmaps them when freed, so the
 * restore pays a page fault per page it fills: the cost of materialising
 * the engine's memory), and, with glibc, "warm", when the allocator keeps
 * freed memory for the next restore (the library's own work).
 *
 * Output: a Markdown table, or with --kv the same figures as "key=value"
 * lines (read by run-bench.sh, section 6, beside bench-merge.c's).  Exit
 * status 0, or 2 on a usage or setup error.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "ccmetrics.h"

#define MAX_RUNS 64
#define T0 INT64_C(1700000000000)

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

static uint64_t rng_next(uint64_t *s) { /* splitmix64 */
  uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static uint32_t below(uint64_t *s, uint32_t n) { return (uint32_t)(rng_next(s) % n); }

static void die(const char *what, int32_t rc) {
  fprintf(stderr, "bench-snapshot: %s: %s\n", what, ccm_error_name(rc));
  exit(2);
}

/* ---- the stream ------------------------------------------------------------ */

typedef struct stream {
  ccm_event *ev;
  size_t n, cap;
} stream;

static void push(stream *s, const ccm_event *ev) {
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 1 << 16;
    s->ev = realloc(s->ev, s->cap * sizeof *s->ev);
    if (!s->ev) {
      fprintf(stderr, "bench-snapshot: out of memory\n");
      exit(2);
    }
  }
  s->ev[s->n++] = *ev;
}

static int by_time(const void *a, const void *b) {
  const ccm_event *x = a, *y = b;
  if (x->ts != y->ts) return x->ts < y->ts ? -1 : 1;
  return x->event_id < y->event_id ? -1 : x->event_id > y->event_id;
}

typedef struct names {
  uint32_t agent[400], team[20], skill[24], tag[60], type[4];
} names;

static uint32_t intern(ccm_engine *e, int32_t dim, const char *fmt, unsigned i) {
  char text[32];
  uint32_t id = 0;
  int len = snprintf(text, sizeof text, fmt, i);
  int32_t rc = ccm_intern(e, dim, text, (size_t)len, &id);
  if (rc) die("intern", rc);
  return id;
}

static void intern_all(ccm_engine *e, names *nm) {
  unsigned i;
  for (i = 0; i < 400; i++) nm->agent[i] = intern(e, CCM_DIM_AGENT, "agent-%04u", i);
  for (i = 0; i < 20; i++) nm->team[i] = intern(e, CCM_DIM_TEAM, "team-%02u", i);
  for (i = 0; i < 24; i++) nm->skill[i] = intern(e, CCM_DIM_SKILL, "skill-%02u", i);
  for (i = 0; i < 60; i++) nm->tag[i] = intern(e, CCM_DIM_TAG, "tag-%02u", i);
  for (i = 0; i < 4; i++) nm->type[i] = intern(e, CCM_DIM_CONTACT_TYPE, "type-%u", i);
}

/* Contacts left open in every state, agents changing state; ids in order
 * of the names interned by intern_all (the same in every engine). */
static void make_stream(const names *nm, size_t ncontacts, stream *s) {
  uint64_t r = 42;
  size_t i;
  unsigned a;
  for (i = 0; i < ncontacts; i++) {
    uint64_t c = 1000000 + i;
    int64_t t = T0 + (int64_t)below(&r, 4 * 3600) * 1000;
    uint32_t skill = nm->skill[below(&r, 24)], ag = below(&r, 400), stage = below(&r, 10), k;
    ccm_event ev;
    memset(&ev, 0, sizeof ev);
    ev.size = sizeof ev;
    ev.contact = c;
    ev.type = CCM_EV_CONTACT_START;
    ev.ts = t;
    ev.channel = 1 + below(&r, 3);
    ev.direction = CCM_DIRECTION_INBOUND;
    ev.customer = 1 + below(&r, 60000);
    ev.skill = skill;
    ev.label = nm->type[below(&r, 4)];
    push(s, &ev);
    ev.customer = 0;
    ev.label = 0;
    ev.type = CCM_EV_QUEUE_ENTER;
    ev.ts = t += 1000;
    push(s, &ev);
    for (k = below(&r, 3); k > 0; k--) {
      ev.type = CCM_EV_TAG;
      ev.label = nm->tag[below(&r, 60)];
      ev.ts = t += 500;
      push(s, &ev);
    }
    ev.label = 0;
    if (stage < 3) continue; /* still waiting */
    ev.type = CCM_EV_ANSWER;
    ev.agent = nm->agent[ag];
    ev.team = nm->team[ag % 20];
    ev.ts = t += 1000 + below(&r, 60000);
    push(s, &ev);
    if (stage < 7) continue; /* talking */
    ev.type = CCM_EV_AGENT_END;
    ev.ts = t += 30000 + below(&r, 600000);
    push(s, &ev); /* in after-contact work */
  }
  for (a = 0; a < 400; a++) {
    int64_t t = T0 + (int64_t)below(&r, 600) * 1000;
    unsigned k;
    for (k = 0; k < 12; k++) {
      ccm_event ev;
      memset(&ev, 0, sizeof ev);
      ev.size = sizeof ev;
      ev.type = CCM_EV_AGENT_STATE;
      ev.ts = t += 60000 + below(&r, 1200000);
      ev.agent = nm->agent[a];
      ev.team = nm->team[a % 20];
      ev.label = 2 + below(&r, 4);
      push(s, &ev);
    }
  }
  for (i = 0; i < s->n; i++) s->ev[i].event_id = i + 1; /* then sorted: ids stay unique */
  qsort(s->ev, s->n, sizeof *s->ev, by_time);
}

/* ---- engines ----------------------------------------------------------------- */

static ccm_view *view(ccm_engine *e, uint32_t mask, int32_t grain, uint32_t flags) {
  ccm_view *v = NULL;
  int32_t rc = ccm_view_new(e, mask, grain, flags, &v);
  if (rc) die("view", rc);
  return v;
}

/* views: 0 none, 5 the five; ids: keep the event ids (else 0). */
static ccm_engine *build(const stream *s, int views, int ids) {
  ccm_engine *e = NULL;
  names nm;
  size_t i;
  int32_t rc = ccm_engine_new(NULL, NULL, &e);
  if (rc) die("engine", rc);
  intern_all(e, &nm);
  if (views) {
    view(e, 0, CCM_GRAIN_NONE, 0);
    view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL, CCM_VIEW_SKETCHES);
    view(e, CCM_DIM_BIT(CCM_DIM_SKILL) | CCM_DIM_BIT(CCM_DIM_CHANNEL), CCM_GRAIN_INTERVAL, 0);
    view(e, CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_DATE, 0);
    view(e, CCM_DIM_BIT(CCM_DIM_TEAM) | CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_HOUR, CCM_VIEW_SKETCHES);
  }
  for (i = 0; i < s->n; i++) {
    ccm_event ev = s->ev[i];
    if (!ids) ev.event_id = 0;
    rc = ccm_ingest(e, &ev);
    if (rc) die("ingest", rc);
  }
  rc = ccm_engine_advance(e, T0 + 5 * INT64_C(3600000));
  if (rc) die("advance", rc);
  return e;
}

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

static uint64_t size_of(const ccm_engine *e) {
  uint64_t size = 0;
  int32_t rc = ccm_engine_snapshot_size(e, &size);
  if (rc) die("snapshot size", rc);
  return size;
}

static int64_t stat_of(const ccm_engine *e, int32_t k) {
  int64_t v = 0;
  ccm_engine_stat(e, k, &v);
  return v;
}

/* What main measured, for either output. */
typedef struct figures {
  size_t events;
  int runs;
  int64_t cells, contacts, ids_held;
  uint64_t bytes, bytes_no_views, bytes_no_ids;
  double size_s, snap_s, restore_s, warm_s, free_s, build_s;
} figures;

static void print_table(const figures *f) {
  double mb = (double)f->bytes / 1e6, per = (double)(f->cells + f->contacts);
  printf("bench-snapshot: %zu events, %lld open contacts, %lld cells in 5 views, %lld event ids; median of %d runs\n\n",
         f->events, (long long)f->contacts, (long long)f->cells, (long long)f->ids_held, f->runs);
  printf("| what | value |\n| --- | --- |\n");
  printf("| snapshot bytes | %llu (%.1f MB) |\n", (unsigned long long)f->bytes, mb);
  printf("| bytes per cell (views) | %.0f |\n", (double)(f->bytes - f->bytes_no_views) / (double)f->cells);
  printf("| bytes per open contact (record, tags, ACW, customer) | %.0f |\n",
         (double)f->bytes_no_ids / (double)f->contacts);
  printf("| bytes per remembered event id | %.1f |\n",
         (double)(f->bytes_no_views - f->bytes_no_ids) / (double)f->ids_held);
  printf("| ccm_engine_snapshot_size | %.1f ms (%.0f MB/s) |\n", f->size_s * 1e3, mb / f->size_s);
  printf("| ccm_engine_snapshot (two passes: checksum, write) | %.1f ms (%.0f MB/s) |\n", f->snap_s * 1e3,
         mb / f->snap_s);
  printf("| ccm_engine_restore, cold | %.1f ms (%.0f MB/s, %.0f ns per cell + contact) |\n", f->restore_s * 1e3,
         mb / f->restore_s, f->restore_s * 1e9 / per);
  if (f->warm_s > 0)
    printf("| ccm_engine_restore, warm | %.1f ms (%.0f MB/s, %.0f ns per cell + contact) |\n", f->warm_s * 1e3,
           mb / f->warm_s, f->warm_s * 1e9 / per);
  printf("| ccm_engine_free of the restored engine | %.1f ms |\n", f->free_s * 1e3);
  printf("| for scale: ingesting the stream again (one run) | %.1f ms |\n", f->build_s * 1e3);
}

/* The same figures as key=value lines: times in ms, rates in MB/s; no
 * restore_warm_* without glibc. */
static void print_kv(const figures *f) {
  double mb = (double)f->bytes / 1e6, per = (double)(f->cells + f->contacts);
  printf("events=%zu\nruns=%d\nopen_contacts=%lld\ncells=%lld\nevent_ids=%lld\n", f->events, f->runs,
         (long long)f->contacts, (long long)f->cells, (long long)f->ids_held);
  printf("snapshot_bytes=%llu\nbytes_per_cell=%.0f\nbytes_per_contact=%.0f\nbytes_per_event_id=%.1f\n",
         (unsigned long long)f->bytes, (double)(f->bytes - f->bytes_no_views) / (double)f->cells,
         (double)f->bytes_no_ids / (double)f->contacts,
         (double)(f->bytes_no_views - f->bytes_no_ids) / (double)f->ids_held);
  printf("size_ms=%.3f\nsize_mbps=%.0f\n", f->size_s * 1e3, mb / f->size_s);
  printf("snapshot_ms=%.3f\nsnapshot_mbps=%.0f\n", f->snap_s * 1e3, mb / f->snap_s);
  printf("restore_cold_ms=%.3f\nrestore_cold_mbps=%.0f\nrestore_cold_ns_per_item=%.0f\n", f->restore_s * 1e3,
         mb / f->restore_s, f->restore_s * 1e9 / per);
  if (f->warm_s > 0)
    printf("restore_warm_ms=%.3f\nrestore_warm_mbps=%.0f\nrestore_warm_ns_per_item=%.0f\n", f->warm_s * 1e3,
           mb / f->warm_s, f->warm_s * 1e9 / per);
  printf("free_ms=%.3f\ningest_ms=%.3f\n", f->free_s * 1e3, f->build_s * 1e3);
}

int main(int argc, char **argv) {
  int runs = 5, i, kv = 0;
  size_t ncontacts = 100000;
  stream s = {0};
  ccm_engine *full, *no_views, *no_ids;
  buffer b;
  double t_size[MAX_RUNS], t_snap[MAX_RUNS], t_restore[MAX_RUNS], t_warm[MAX_RUNS], t_free[MAX_RUNS];
  figures f = {0};
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--quick") == 0) {
      ncontacts = 20000;
      runs = 3;
    } else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--contacts") == 0 && i + 1 < argc) {
      ncontacts = (size_t)strtoull(argv[++i], NULL, 10);
    } else if (strcmp(argv[i], "--kv") == 0) {
      kv = 1;
    } else {
      fprintf(stderr, "usage: bench-snapshot [--quick] [--runs N] [--contacts N] [--kv]\n");
      return 2;
    }
  }
  if (runs < 1 || runs > MAX_RUNS || ncontacts < 1) {
    fprintf(stderr, "bench-snapshot: runs 1..%d, contacts >= 1\n", MAX_RUNS);
    return 2;
  }
  {
    ccm_engine *tmp = NULL;
    names nm;
    if (ccm_engine_new(NULL, NULL, &tmp)) die("engine", CCM_E_NOMEM);
    intern_all(tmp, &nm);
    make_stream(&nm, ncontacts, &s);
    ccm_engine_free(tmp);
  }
  f.build_s = now_s();
  full = build(&s, 1, 1);
  f.build_s = now_s() - f.build_s;
  no_views = build(&s, 0, 1);
  no_ids = build(&s, 0, 0);
  f.bytes = size_of(full);
  f.bytes_no_views = size_of(no_views);
  f.bytes_no_ids = size_of(no_ids);
  f.cells = stat_of(full, CCM_STAT_CELLS);
  f.contacts = stat_of(full, CCM_STAT_OPEN_CONTACTS);
  f.ids_held = stat_of(full, CCM_STAT_EVENT_IDS);
  b.cap = (size_t)f.bytes;
  b.p = malloc(b.cap);
  if (!b.p) die("buffer", CCM_E_NOMEM);
  for (i = 0; i < runs; i++) {
    ccm_engine *back = NULL;
    double t;
    int32_t rc;
    t = now_s();
    (void)size_of(full);
    t_size[i] = now_s() - t;
    b.n = 0;
    t = now_s();
    rc = ccm_engine_snapshot(full, to_buffer, &b);
    t_snap[i] = now_s() - t;
    if (rc || b.n != f.bytes) die("snapshot", rc ? rc : CCM_E_IO);
    t = now_s();
    rc = ccm_engine_restore(b.p, b.n, NULL, NULL, &back);
    t_restore[i] = now_s() - t;
    if (rc) die("restore", rc);
    if (stat_of(back, CCM_STAT_CELLS) != f.cells || stat_of(back, CCM_STAT_OPEN_CONTACTS) != f.contacts)
      die("restore", -1);
    t = now_s();
    ccm_engine_free(back);
    t_free[i] = now_s() - t;
  }
#if defined(__GLIBC__)
  /* warm: freed blocks stay in the process for the next restore */
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  for (i = 0; i <= runs; i++) { /* the first one only brings the memory in */
    ccm_engine *back = NULL;
    double t = now_s();
    int32_t rc = ccm_engine_restore(b.p, b.n, NULL, NULL, &back);
    if (i) t_warm[i - 1] = now_s() - t;
    if (rc) die("restore", rc);
    ccm_engine_free(back);
  }
  f.warm_s = median(t_warm, runs);
#endif
  f.size_s = median(t_size, runs);
  f.snap_s = median(t_snap, runs);
  f.restore_s = median(t_restore, runs);
  f.free_s = median(t_free, runs);
  f.events = s.n;
  f.runs = runs;
  if (kv)
    print_kv(&f);
  else
    print_table(&f);
  free(b.p);
  free(s.ev);
  ccm_engine_free(full);
  ccm_engine_free(no_views);
  ccm_engine_free(no_ids);
  return 0;
}
