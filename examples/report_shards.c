/*
 * report_shards.c - ccm-report --threads N (routing rules: report_shards.h).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * The reader (the calling thread) splits the CSV into records, picks each
 * record's shard, ingests the records of shard 0 itself and copies the
 * others into their shard's current batch.  Each worker thread (shards 1 ..)
 * owns one engine and one report_ingest bridge, and turns its records into
 * events exactly as a single-engine run does; a shard's records keep their
 * order.  Batches travel through two bounded queues per shard, "full"
 * (reader to worker) and "empty" (back), so memory stays fixed and a slow
 * worker holds the reader back.
 *
 * Rejected lines are kept with their line numbers and printed in order at
 * the end, cut where a single-engine run would have stopped (a fatal error,
 * or --strict at the first rejected line).  For --strict the workers also
 * log the lines they accepted, so the summary counts only the lines before
 * the first rejected one, as a single-engine run does.
 */
#include "report_shards.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_alloc.h"
#include "report_batch.h"
#include "report_evtype.h"
#include "report_opts.h"
#include "report_state.h" /* report_strtab_each */

#define PROG "ccm-report"

#define QUEUE_DEPTH 16 /* batches per shard: deep enough that a reader and workers sharing cores seldom wait for each other */

/* ---- queues of batches ------------------------------------------------- */

typedef struct queue {
  report_batch *slot[QUEUE_DEPTH + 1]; /* every batch of a shard, plus the end mark */
  unsigned head, n;
  pthread_mutex_t mu;
  pthread_cond_t cv;
} queue;

static void queue_push(queue *q, report_batch *b) {
  pthread_mutex_lock(&q->mu);
  q->slot[(q->head + q->n) % (QUEUE_DEPTH + 1)] = b;
  q->n++;
  pthread_cond_signal(&q->cv);
  pthread_mutex_unlock(&q->mu);
}

static report_batch *queue_pop(queue *q) {
  report_batch *b;
  pthread_mutex_lock(&q->mu);
  while (q->n == 0) pthread_cond_wait(&q->cv, &q->mu);
  b = q->slot[q->head];
  q->head = (q->head + 1) % (QUEUE_DEPTH + 1);
  q->n--;
  pthread_mutex_unlock(&q->mu);
  return b;
}

/* ---- shards ------------------------------------------------------------ */

typedef struct rejection {
  uint64_t line;
  int fatal;
  char *text; /* the line to print, with its newline */
} rejection;

/* What every thread may read and write, under its mutex. */
typedef struct shared {
  pthread_mutex_t mu;
  int stop; /* a fatal error, or --strict and a rejected line: reading can stop */
} shared;

typedef struct shard {
  ccm_engine *e;
  report_ingest *g;
  report_ingest own_g; /* the bridge of shards 1 .. */
  int own_g_open;
  queue full, empty;
  int queues_open;
  report_batch *batches[QUEUE_DEPTH];
  report_batch *cur; /* being filled by the reader */
  int own_batch;     /* shard 0: the reader ingests its batch (send) */
  pthread_t thread;
  int started;
  int strict;
  int stopped; /* the worker ingests nothing more (its own state) */
  int oom;     /* the worker could not keep a rejection or a log entry */
  rejection *rej;
  size_t nrej, caprej;
  uint64_t *log; /* --strict: line << 1 of accepted records, | 1 for duplicates */
  size_t nlog, caplog;
  shared *sh;
} shard;

static void stop_all(shard *s) {
  pthread_mutex_lock(&s->sh->mu);
  s->sh->stop = 1;
  pthread_mutex_unlock(&s->sh->mu);
}

static int stopping(shared *sh) {
  int stop;
  pthread_mutex_lock(&sh->mu);
  stop = sh->stop;
  pthread_mutex_unlock(&sh->mu);
  return stop;
}

static void log_line(shard *s, uint64_t entry) {
  if (s->nlog == s->caplog) {
    size_t ncap = s->caplog ? s->caplog * 2 : 4096;
    uint64_t *nl = realloc(s->log, ncap * sizeof(*nl));
    if (nl == NULL) {
      s->oom = 1;
      return;
    }
    s->log = nl;
    s->caplog = ncap;
  }
  s->log[s->nlog++] = entry;
}

static void keep_rejection(shard *s, uint64_t line, int fatal, const char *evname, const char *reason) {
  rejection *r;
  int n;
  if (s->nrej == s->caprej) {
    size_t ncap = s->caprej ? s->caprej * 2 : 64;
    rejection *nr = realloc(s->rej, ncap * sizeof(*nr));
    if (nr == NULL) {
      s->oom = 1;
      return;
    }
    s->rej = nr;
    s->caprej = ncap;
  }
  r = &s->rej[s->nrej];
  r->line = line;
  r->fatal = fatal;
  n = snprintf(NULL, 0, "%sline %llu: %s: %s\n", fatal ? PROG ": " : "", (unsigned long long)line, evname, reason);
  r->text = n < 0 ? NULL : malloc((size_t)n + 1);
  if (r->text == NULL) {
    s->oom = 1;
    return;
  }
  snprintf(r->text, (size_t)n + 1, "%sline %llu: %s: %s\n", fatal ? PROG ": " : "", (unsigned long long)line,
           evname, reason);
  s->nrej++;
}

/* One record, as the single-engine loop of ccm-report.c does it (the
 * caller checks s->stopped). */
static void ingest_record(shard *s, const report_record *rec, int32_t type) {
  char reason[512], evname[80];
  int res = report_ingest_record_as(s->g, rec, type, reason, sizeof(reason));
  if (res == REPORT_ACCEPTED || res == REPORT_DUPLICATE) {
    if (s->strict) log_line(s, rec->line << 1 | (res == REPORT_DUPLICATE));
  } else {
    if (rec->nfields > 1 && rec->f[1].len > 0) {
      report_printable(rec->f[1].p, rec->f[1].len, evname, sizeof(evname));
    } else {
      strcpy(evname, "?");
    }
    keep_rejection(s, rec->line, res == REPORT_FATAL, evname, reason);
    if (res == REPORT_FATAL || s->strict) {
      s->stopped = 1; /* nothing after this line counts any more */
      stop_all(s);
    }
  }
  if (s->oom) {
    s->stopped = 1;
    stop_all(s);
  }
}

/* A worker's batch of records. */
static void ingest_batch(shard *s, const report_batch *b) {
  report_record rec;
  size_t i;
  for (i = 0; i < b->nrec && !s->stopped; i++) {
    report_batch_record(b, i, &rec);
    ingest_record(s, &rec, report_batch_type(b, i));
  }
}

static void *worker_main(void *arg) {
  shard *s = arg;
  report_batch *b;
  while ((b = queue_pop(&s->full)) != NULL) {
    if (!s->stopped) ingest_batch(s, b);
    report_batch_clear(b);
    queue_push(&s->empty, b);
  }
  /* held events (--lateness) would be lost in the merge */
  if (!s->stopped) (void)ccm_engine_flush(s->e);
  return NULL;
}

/* ---- routing ------------------------------------------------------------ */

/* Contact key -> shard.  Open addressing over the keys (0 = empty) with
 * the shards in a parallel byte array: a lookup reads one slot of the keys
 * and one byte of an array eight times smaller; no string is stored or
 * compared (the keys come from report_strtab).  In front, a small
 * direct-mapped table of recent keys: a contact's next event is mostly a
 * few dozen records later, and the big table's slot is then a cache miss
 * (half of the router's time before). */
#define SHARD_MAP_RECENT 4096u /* 64 KiB */

typedef struct shard_map {
  uint64_t *key;
  unsigned char *shard;
  size_t mask, count;
  struct recent_key {
    uint64_t key; /* 0 = none */
    int shard;
  } * recent;
} shard_map;

#define SHARD_MAP_INITIAL 4096u

static uint64_t shard_map_mix(uint64_t key) {
  key ^= key >> 31;
  return key * UINT64_C(0x9e3779b97f4a7c15);
}

static size_t shard_map_home(const shard_map *m, uint64_t key) { return (size_t)(shard_map_mix(key) >> 29) & m->mask; }

/* The high bits: the home slot uses lower ones. */
static struct recent_key *shard_map_recent(const shard_map *m, uint64_t key) {
  return &m->recent[shard_map_mix(key) >> 52];
}
_Static_assert(SHARD_MAP_RECENT == 1u << 12, "shard_map_recent takes 12 bits");

static int shard_map_init(shard_map *m) {
  m->key = calloc(SHARD_MAP_INITIAL, sizeof(*m->key));
  m->shard = malloc(SHARD_MAP_INITIAL);
  m->recent = calloc(SHARD_MAP_RECENT, sizeof(*m->recent));
  m->mask = SHARD_MAP_INITIAL - 1;
  m->count = 0;
  return m->key != NULL && m->shard != NULL && m->recent != NULL ? 0 : -1;
}

static void shard_map_free(shard_map *m) {
  free(m->key);
  free(m->shard);
  free(m->recent);
  memset(m, 0, sizeof(*m));
}

/* The shard of a key, or -1 when it has none. */
static int shard_map_get(shard_map *m, uint64_t key) {
  struct recent_key *r = shard_map_recent(m, key);
  size_t i;
  if (r->key == key) return r->shard;
  for (i = shard_map_home(m, key); m->key[i] != 0; i = (i + 1) & m->mask)
    if (m->key[i] == key) {
      r->key = key;
      r->shard = m->shard[i];
      return r->shard;
    }
  return -1;
}

/* Give a key (not 0) its shard: 0, or -1 when out of memory. */
static int shard_map_put(shard_map *m, uint64_t key, int shard) {
  struct recent_key *r;
  size_t i;
  if ((m->count + 1) * 2 > m->mask + 1) { /* load at most 1/2 */
    shard_map bigger;
    size_t j;
    bigger.mask = (m->mask + 1) * 2 - 1;
    bigger.count = m->count;
    bigger.key = calloc(bigger.mask + 1, sizeof(*bigger.key));
    bigger.shard = malloc(bigger.mask + 1);
    bigger.recent = NULL;
    if (bigger.key == NULL || bigger.shard == NULL) {
      shard_map_free(&bigger);
      return -1;
    }
    for (j = 0; j <= m->mask; j++) {
      if (m->key[j] == 0) continue;
      for (i = shard_map_home(&bigger, m->key[j]); bigger.key[i] != 0; i = (i + 1) & bigger.mask) {
      }
      bigger.key[i] = m->key[j];
      bigger.shard[i] = m->shard[j];
    }
    bigger.recent = m->recent; /* its keys keep their shards */
    m->recent = NULL;
    shard_map_free(m);
    *m = bigger;
  }
  for (i = shard_map_home(m, key); m->key[i] != 0 && m->key[i] != key; i = (i + 1) & m->mask) {
  }
  m->count += m->key[i] == 0;
  m->key[i] = key;
  m->shard[i] = (unsigned char)shard;
  r = shard_map_recent(m, key);
  r->key = key;
  r->shard = shard;
  return 0;
}

typedef struct router {
  int n;
  unsigned share0; /* shard 0's share of the hashes, in thousandths (hash_shard) */
  int has_id;
  report_strtab contacts; /* keys of contact strings (direct like the bridges') */
  shard_map started;      /* contacts that had a contact_start record: their shard */
  report_strtab pinned_customers; /* a copy: shard 0's bridge adds to the original meanwhile */
  int has_pinned_customers;
  report_evtypes types;
} router;

static int pin_contact(const char *s, size_t len, void *user) {
  router *rt = user;
  uint64_t key = report_strtab_key(&rt->contacts, s, len);
  return key == 0 ? -1 : shard_map_put(&rt->started, key, 0);
}

static int pin_customer(const char *s, size_t len, void *user) {
  router *rt = user;
  return report_strtab_key(&rt->pinned_customers, s, len) == 0 ? -1 : 0;
}

/* Shard 0 is ingested by the reader itself, between records; it gets a
 * smaller share of the contacts so that the reader, which also splits and
 * routes every record, finishes with the workers (rt->share0, in
 * thousandths: see reader_share). */
static int hash_shard(const router *rt, const report_field *f) {
  uint64_t h = report_hash(f->p, f->len);
  if (h % 1000 < rt->share0) return 0;
  return 1 + (int)(h / 1000 % (uint64_t)(rt->n - 1));
}

/* The reader's share of contacts, in thousandths, for n shards.  Reading
 * (splitting, routing, copying into batches) costs the reader about
 * READ_COST thousandths of what ingesting the whole stream costs a worker.
 * With share s for the reader and (1 - s) / (n - 1) for each worker, all
 * finish together when s = (1 - READ_COST * (n - 1)) / n.  Measured on the
 * 28-day bench file with 2 threads, by the time each thread waited for the
 * other (reader for an empty batch, worker for a full one), 3 to 6 runs per
 * share, the median of the waits: 300: reader 0.15 s, worker 0.21 s; 250:
 * 0.16 s and 0.20 s; 200: 0.41 s and 0.13 s; 150: 1.14 s and 0.11 s.  (The
 * reader's share was 350 while the engine's tables lay in small pages and
 * the reader split records eight bytes at a time, and looked up every event
 * type twice.) */
#define READ_COST 500u
static unsigned reader_share(int n) {
  uint64_t busy = (uint64_t)READ_COST * (uint64_t)(n - 1);
  return busy >= 1000 ? 0 : (unsigned)((1000 - busy) / (uint64_t)n);
}

/* The shard of a record, or -1 when out of memory; *type: its event type
 * (0 when it has none or was not looked up), handed on with the record. */
static int route(router *rt, const report_record *rec, int32_t *type_out) {
  const report_field *contact, *customer;
  int32_t type;
  uint64_t key;
  int shard;
  *type_out = 0;
  if (rec->error != REPORT_CSV_OK || rec->nfields != (size_t)(rt->has_id ? 13 : 12)) return 0;
  *type_out = type = report_evtypes_find(&rt->types, rec->f[REPORT_COL_EVENT].p, rec->f[REPORT_COL_EVENT].len);
  switch (type) {
    case 0: /* not an event */
    case CCM_EV_AGENT_STATE:
    case CCM_EV_COST:
    case CCM_EV_CUSTOMER_ACQUIRE:
    case CCM_EV_CUSTOMER_CHURN:
    case CCM_EV_CUSTOMER_REVENUE:
      return 0;
    default:
      break;
  }
  contact = &rec->f[REPORT_COL_CONTACT];
  if (contact->len == 0 || contact->len > REPORT_MAX_TEXT) return 0;
  key = report_strtab_find(&rt->contacts, contact->p, contact->len);
  if (key != 0 && (shard = shard_map_get(&rt->started, key)) >= 0) return shard;
  if (type != CCM_EV_CONTACT_START) return hash_shard(rt, contact);
  customer = &rec->f[REPORT_COL_CUSTOMER];
  if (customer->len == 0 || customer->len > REPORT_MAX_TEXT) {
    shard = hash_shard(rt, contact);
  } else if (rt->has_pinned_customers &&
             report_strtab_find(&rt->pinned_customers, customer->p, customer->len) != 0) {
    shard = 0;
  } else {
    shard = hash_shard(rt, customer);
  }
  key = report_strtab_key(&rt->contacts, contact->p, contact->len);
  if (key == 0 || shard_map_put(&rt->started, key, shard) != 0) return -1;
  return shard;
}

/* ---- the run ------------------------------------------------------------- */

static int cmp_rejection(const void *a, const void *b) {
  const rejection *x = a, *y = b;
  return x->line < y->line ? -1 : x->line > y->line;
}

static int shard_open(shard *s, const report_shards_opts *o, shared *sh) {
  int i;
  s->sh = sh;
  s->strict = o->strict;
  if (pthread_mutex_init(&s->full.mu, NULL) != 0) return -1;
  if (pthread_cond_init(&s->full.cv, NULL) != 0) {
    pthread_mutex_destroy(&s->full.mu);
    return -1;
  }
  if (pthread_mutex_init(&s->empty.mu, NULL) != 0) {
    pthread_cond_destroy(&s->full.cv);
    pthread_mutex_destroy(&s->full.mu);
    return -1;
  }
  if (pthread_cond_init(&s->empty.cv, NULL) != 0) {
    pthread_mutex_destroy(&s->empty.mu);
    pthread_cond_destroy(&s->full.cv);
    pthread_mutex_destroy(&s->full.mu);
    return -1;
  }
  s->queues_open = 1;
  for (i = 0; i < QUEUE_DEPTH; i++) {
    report_batch *b = report_batch_new();
    if (b == NULL) return -1;
    s->batches[i] = b;
    queue_push(&s->empty, b);
  }
  return 0;
}

static void shard_close(shard *s, int index) {
  size_t i;
  int k;
  if (s->own_g_open) report_ingest_free(&s->own_g);
  if (index > 0) ccm_engine_free(s->e);
  for (k = 0; k < QUEUE_DEPTH; k++) report_batch_free(s->batches[k]);
  if (s->queues_open) {
    pthread_mutex_destroy(&s->full.mu);
    pthread_cond_destroy(&s->full.cv);
    pthread_mutex_destroy(&s->empty.mu);
    pthread_cond_destroy(&s->empty.cv);
  }
  for (i = 0; i < s->nrej; i++) free(s->rej[i].text);
  free(s->rej);
  free(s->log);
}

/* Engines and bridges of shards 1 .. n-1. */
static int shard_engine(shard *s, const report_shards_opts *o) {
  int32_t rc = ccm_engine_new(o->cfg, report_allocator(), &s->e);
  if (rc != CCM_OK) {
    fprintf(stderr, PROG ": engine: %s (%s)\n", ccm_strerror(rc), ccm_error_name(rc));
    return -1;
  }
  if (o->add_views(s->e, o->views_user) != 0) return -1;
  if (report_ingest_init(&s->own_g, s->e, o->has_id, o->direct_keys) != 0) {
    fprintf(stderr, PROG ": out of memory\n");
    return -1;
  }
  s->own_g_open = 1;
  s->g = &s->own_g;
  return 0;
}

/* Hand the current batch to its worker; the reader ingests shard 0's
 * batch itself and keeps it.  (Batches rather than record by record: the
 * reader's caches then hold the library's state for a whole batch, not the
 * CSV's and the router's in between: record by record, the 28-day bench
 * file took 5.2 s with 2 threads instead of 3.0 s.) */
static void send(shard *s) {
  if (s->own_batch) {
    if (!s->stopped) ingest_batch(s, s->cur);
    report_batch_clear(s->cur);
    return;
  }
  queue_push(&s->full, s->cur);
  s->cur = NULL;
}

/* Read and route every record, ingesting shard 0's: 1 at the end of input,
 * 0 when a worker asked to stop, -1 on a read error, -2 when out of
 * memory. */
static int read_all(report_csv *reader, router *rt, shard *shards, shared *sh) {
  report_record rec;
  int r;
  while ((r = report_csv_next(reader, &rec)) == 1) {
    int32_t type;
    int to = route(rt, &rec, &type), added;
    shard *s;
    if (to < 0) return -2;
    s = &shards[to];
    if (s->cur == NULL) {
      if (stopping(sh)) return 0;
      s->cur = queue_pop(&s->empty);
    }
    added = report_batch_add(s->cur, &rec, type);
    if (added == 0) {
      send(s);
      if (stopping(sh)) return 0;
      if (s->cur == NULL) s->cur = queue_pop(&s->empty);
      added = report_batch_add(s->cur, &rec, type);
    }
    if (added < 0) return -2;
    if (report_batch_full(s->cur)) send(s);
  }
  return r < 0 ? -1 : 1;
}

/* Print the rejected lines in order, cut where one engine would stop;
 * the REPORT_SHARDS_* outcome and, for --strict, the line it stopped at. */
static int print_rejections(shard *shards, int n, int strict, uint64_t *cut) {
  rejection *all;
  size_t total = 0, k = 0, i;
  int j, outcome = REPORT_SHARDS_OK;
  for (j = 0; j < n; j++) total += shards[j].nrej;
  *cut = UINT64_MAX;
  if (total == 0) return REPORT_SHARDS_OK;
  all = malloc(total * sizeof(*all));
  if (all == NULL) {
    fprintf(stderr, PROG ": out of memory\n");
    return REPORT_SHARDS_FATAL;
  }
  for (j = 0; j < n; j++) {
    if (shards[j].nrej) memcpy(all + k, shards[j].rej, shards[j].nrej * sizeof(*all)); /* rej may be NULL */
    k += shards[j].nrej;
  }
  qsort(all, total, sizeof(*all), cmp_rejection);
  for (i = 0; i < total; i++) {
    fputs(all[i].text, stderr);
    if (all[i].fatal) {
      outcome = REPORT_SHARDS_FATAL;
      break;
    }
    if (strict) {
      outcome = REPORT_SHARDS_STRICT;
      *cut = all[i].line;
      break;
    }
  }
  free(all);
  return outcome;
}

static int merge_all(ccm_engine *e0, shard *shards, int n) {
  int j;
  for (j = 1; j < n; j++) {
    int32_t rc = ccm_engine_merge(e0, shards[j].e);
    if (rc != CCM_OK) {
      fprintf(stderr, PROG ": merging the engines: %s (%s): %s\n", ccm_strerror(rc), ccm_error_name(rc),
              ccm_engine_errmsg(e0));
      return -1;
    }
  }
  return 0;
}

static void totals(shard *shards, int n, uint64_t cut, report_shards_result *res) {
  int j;
  size_t i;
  for (j = 0; j < n; j++) {
    const report_ingest *g = shards[j].g;
    if (cut != UINT64_MAX) {
      /* --strict stopped at line `cut`: what one engine had done before it */
      for (i = 0; i < shards[j].nlog; i++) {
        if ((shards[j].log[i] >> 1) >= cut) continue;
        if (shards[j].log[i] & 1) res->duplicates++;
        else res->accepted++;
      }
      continue;
    }
    if (g->accepted > 0 && (res->accepted == 0 || g->max_ts > res->max_ts)) res->max_ts = g->max_ts;
    res->accepted += g->accepted;
    res->rejected += g->rejected;
    res->duplicates += g->duplicates;
  }
  if (cut != UINT64_MAX) res->rejected = 1;
}

void report_shards_free(report_shards_result *res) {
  int j;
  for (j = 0; j < res->nengines; j++) ccm_engine_free(res->engines[j]);
  free(res->engines);
  res->engines = NULL;
  res->nengines = 0;
}

int report_shards_run(const report_shards_opts *o, report_csv *reader, ccm_engine *e0, report_ingest *g0,
                      report_shards_result *res) {
  shared sh;
  router rt;
  shard *shards;
  int n = o->nthreads, j, outcome, read = -3 /* not started */, oom = 0;
  uint64_t cut = UINT64_MAX;

  memset(res, 0, sizeof(*res));
  memset(&rt, 0, sizeof(rt));
  rt.n = n;
  rt.share0 = reader_share(n);
  report_evtypes_init(&rt.types);
  rt.has_id = o->has_id;
  shards = calloc((size_t)n, sizeof(*shards));
  sh.stop = 0;
  if (shards == NULL || pthread_mutex_init(&sh.mu, NULL) != 0) {
    fprintf(stderr, PROG ": out of memory\n");
    free(shards);
    return REPORT_SHARDS_FATAL;
  }
  rt.has_pinned_customers = o->pinned_customers != NULL;
  if (report_strtab_init(&rt.contacts) != 0 || report_strtab_init(&rt.pinned_customers) != 0 ||
      shard_map_init(&rt.started) != 0) {
    fprintf(stderr, PROG ": out of memory\n");
    goto done;
  }
  rt.contacts.direct = o->direct_keys; /* the keys stay the router's own: any kind will do */
  if ((o->pinned_contacts && report_strtab_each(o->pinned_contacts, pin_contact, &rt) != 0) ||
      (o->pinned_customers && report_strtab_each(o->pinned_customers, pin_customer, &rt) != 0)) {
    fprintf(stderr, PROG ": out of memory\n");
    goto done;
  }
  shards[0].e = e0; /* ingested by the reader (read_all) */
  shards[0].g = g0;
  shards[0].sh = &sh;
  shards[0].strict = o->strict;
  shards[0].own_batch = 1;
  if ((shards[0].cur = shards[0].batches[0] = report_batch_new()) == NULL) {
    fprintf(stderr, PROG ": out of memory\n");
    goto done;
  }
  for (j = 1; j < n; j++) {
    if (shard_open(&shards[j], o, &sh) != 0) {
      fprintf(stderr, PROG ": out of memory\n");
      goto done;
    }
    if (shard_engine(&shards[j], o) != 0) goto done;
  }
  for (j = 1; j < n; j++) {
    if (pthread_create(&shards[j].thread, NULL, worker_main, &shards[j]) != 0) {
      fprintf(stderr, PROG ": cannot start a thread\n");
      goto done;
    }
    shards[j].started = 1;
  }

  read = read_all(reader, &rt, shards, &sh);
  if (read == -2) fprintf(stderr, PROG ": out of memory\n");
  if (read != -3) {
    send(&shards[0]); /* its last records */
    if (!shards[0].stopped) (void)ccm_engine_flush(e0); /* as a worker does at its end */
  }

done:
  /* Let every started worker finish, then look at what they found. */
  for (j = 1; j < n; j++) {
    if (!shards[j].started) continue;
    if (shards[j].cur != NULL) send(&shards[j]);
    queue_push(&shards[j].full, NULL);
    pthread_join(shards[j].thread, NULL);
  }
  for (j = 0; j < n; j++) oom |= shards[j].oom;
  if (read < -1) {
    outcome = REPORT_SHARDS_FATAL; /* setup failed, or out of memory while reading (printed) */
  } else if (oom) {
    fprintf(stderr, PROG ": out of memory\n");
    outcome = REPORT_SHARDS_FATAL;
  } else {
    outcome = print_rejections(shards, n, o->strict, &cut);
    if (outcome != REPORT_SHARDS_FATAL) totals(shards, n, cut, res);
    if (outcome == REPORT_SHARDS_OK && read == -1) outcome = REPORT_SHARDS_READ_ERROR;
    if (outcome == REPORT_SHARDS_OK && merge_all(e0, shards, n) != 0) outcome = REPORT_SHARDS_FATAL;
  }
  if (outcome == REPORT_SHARDS_OK && (res->engines = malloc((size_t)(n - 1) * sizeof(*res->engines))) != NULL) {
    for (j = 1; j < n; j++) {
      res->engines[res->nengines++] = shards[j].e;
      shards[j].e = NULL; /* kept for the caller */
    }
  } else if (outcome == REPORT_SHARDS_OK) {
    fprintf(stderr, PROG ": out of memory\n");
    outcome = REPORT_SHARDS_FATAL;
  }
  for (j = 0; j < n; j++) shard_close(&shards[j], j);
  free(shards);
  report_strtab_free(&rt.contacts);
  report_strtab_free(&rt.pinned_customers);
  shard_map_free(&rt.started);
  pthread_mutex_destroy(&sh.mu);
  return outcome;
}
