/*
 * report_shards.c - ccm-report --threads N (routing rules: report_shards.h).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * The reader (the calling thread) splits the CSV into records, picks each
 * record's shard and copies the record into that shard's current batch.
 * Engines are not tied to threads: every shard has a queue of full
 * batches, and a thread that is free takes the oldest batch of a shard that
 * no other thread is ingesting, its own shard first (a worker's, or shard
 * 0 for the reader).  So a shard's batches are ingested in order, one at a
 * time, and a thread waits only when no batch it may take is queued: the
 * reader ingests batches when no empty one is left instead of waiting for
 * one, and a worker that finished its shard's batches takes another
 * shard's.  The threads thus share the work whatever the speed of each
 * (cores shared with other programs run at changing speeds), and the
 * number of batches bounds the memory.  Each shard keeps its own state:
 * its engine, its bridge from records to events, its rejected lines.
 *
 * Rejected lines are kept with their line numbers and printed in order at
 * the end, cut where a single-engine run would have stopped (a fatal error,
 * or --strict at the first rejected line).  For --strict the shards also
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

#define BATCHES_PER_SHARD 16 /* enough that no thread waits while another has work queued */

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

typedef struct sched sched; /* who ingests which batch (below) */

typedef struct shard {
  ccm_engine *e;
  report_ingest *g;
  report_ingest own_g; /* the bridge of shards 1 .. */
  int own_g_open;
  report_batch **queue; /* full batches, oldest at head (sched's lock) */
  size_t head, nqueued;
  int busy; /* a thread is ingesting one of its batches (sched's lock) */
  pthread_t thread; /* shards 1 ..: the worker that takes this shard's batches first */
  sched *sc;        /* the queues (the worker's argument) */
  int started;
  int strict;
  int stopped; /* the shard ingests nothing more (its own state) */
  int oom;     /* the shard could not keep a rejection or a log entry */
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
static void ingest_record(shard *s, const report_record *rec, const report_hint *hint) {
  char reason[512], evname[80];
  int res = report_ingest_record_as(s->g, rec, hint, reason, sizeof(reason));
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

/* A batch of the shard's records (by whichever thread took it). */
static void ingest_batch(shard *s, const report_batch *b) {
  report_record rec;
  size_t i;
  for (i = 0; i < b->nrec && !s->stopped; i++) {
    report_batch_record(b, i, &rec);
    ingest_record(s, &rec, report_batch_hint(b, i));
  }
}

/* ---- who ingests which batch ------------------------------------------- */

/* The batches and the shards' queues, under one lock (a batch is a
 * thousand records, so the lock is taken a few thousand times a second). */
struct sched {
  pthread_mutex_t mu;
  pthread_cond_t cv; /* a batch queued or freed, a shard released, the end */
  int waiting;       /* threads waiting on cv */
  shard *shards;
  int n;
  report_batch **spare; /* empty batches: all of them once every thread is done */
  size_t nspare, cap;   /* cap: batches a queue may hold (all of them) */
  size_t queued;        /* full batches in every queue */
  int reading;          /* the reader may queue more */
  int locks;            /* mu and cv are initialised */
};

static void wake(sched *sc) {
  if (sc->waiting > 0) pthread_cond_broadcast(&sc->cv);
}

static void wait_for_change(sched *sc) {
  sc->waiting++;
  pthread_cond_wait(&sc->cv, &sc->mu);
  sc->waiting--;
}

/* A shard with a batch queued that no thread is ingesting, own first; NULL
 * when there is none (lock held). */
static shard *pick(sched *sc, int own) {
  int k;
  for (k = 0; k < sc->n; k++) {
    shard *s = &sc->shards[(own + k) % sc->n];
    if (!s->busy && s->nqueued > 0) return s;
  }
  return NULL;
}

/* Ingest the oldest batch of s, without the lock (held on entry and on
 * return); the batch then goes back to the spares. */
static void run_one(sched *sc, shard *s) {
  report_batch *b = s->queue[s->head];
  s->head = (s->head + 1) % sc->cap;
  s->nqueued--;
  sc->queued--;
  s->busy = 1;
  pthread_mutex_unlock(&sc->mu);
  if (!s->stopped) ingest_batch(s, b);
  report_batch_clear(b);
  pthread_mutex_lock(&sc->mu);
  s->busy = 0;
  sc->spare[sc->nspare++] = b;
  wake(sc);
}

/* The worker of a shard (arg). */
static void *worker_main(void *arg) {
  const shard *own = arg;
  sched *sc = own->sc;
  pthread_mutex_lock(&sc->mu);
  for (;;) {
    shard *s = pick(sc, (int)(own - sc->shards));
    if (s != NULL) {
      run_one(sc, s);
    } else if (!sc->reading && sc->queued == 0) {
      break;
    } else {
      wait_for_change(sc);
    }
  }
  pthread_mutex_unlock(&sc->mu);
  return NULL;
}

/* An empty batch for the reader: while none is left, it ingests queued
 * batches itself (shard 0's first), or waits when it may take none. */
static report_batch *get_batch(sched *sc) {
  report_batch *b;
  pthread_mutex_lock(&sc->mu);
  while (sc->nspare == 0) {
    shard *s = pick(sc, 0);
    if (s != NULL) run_one(sc, s);
    else wait_for_change(sc);
  }
  b = sc->spare[--sc->nspare];
  pthread_mutex_unlock(&sc->mu);
  return b;
}

/* Queue the batch the reader filled for the shard (*b, then NULL). */
static void send(sched *sc, shard *s, report_batch **b) {
  pthread_mutex_lock(&sc->mu);
  s->queue[(s->head + s->nqueued) % sc->cap] = *b;
  s->nqueued++;
  sc->queued++;
  wake(sc);
  pthread_mutex_unlock(&sc->mu);
  *b = NULL;
}

/* The end of reading: the reader ingests what is queued along with the
 * workers until nothing is; the workers then end after the batch they are
 * on (join them). */
static void finish(sched *sc) {
  pthread_mutex_lock(&sc->mu);
  sc->reading = 0;
  wake(sc);
  for (;;) {
    shard *s = pick(sc, 0);
    if (s != NULL) run_one(sc, s);
    else if (sc->queued == 0) break;
    else wait_for_change(sc);
  }
  pthread_mutex_unlock(&sc->mu);
}

static int sched_open(sched *sc, shard *shards, int n) {
  size_t i;
  memset(sc, 0, sizeof(*sc));
  sc->shards = shards;
  sc->n = n;
  sc->reading = 1;
  sc->cap = (size_t)n * BATCHES_PER_SHARD;
  if ((sc->spare = calloc(sc->cap, sizeof(*sc->spare))) == NULL) return -1;
  for (i = 0; i < (size_t)n; i++) {
    shards[i].sc = sc;
    if ((shards[i].queue = calloc(sc->cap, sizeof(*shards[i].queue))) == NULL) return -1;
  }
  for (i = 0; i < sc->cap; i++) {
    if ((sc->spare[sc->nspare] = report_batch_new()) == NULL) return -1;
    sc->nspare++;
  }
  if (pthread_mutex_init(&sc->mu, NULL) != 0) return -1;
  if (pthread_cond_init(&sc->cv, NULL) != 0) {
    pthread_mutex_destroy(&sc->mu);
    return -1;
  }
  sc->locks = 1;
  return 0;
}

/* After sched_open, whatever it returned (a zeroed sched too), and after
 * finish() and the workers' end when it succeeded: every batch is a spare. */
static void sched_close(sched *sc) {
  size_t i;
  for (i = 0; i < sc->nspare; i++) report_batch_free(sc->spare[i]);
  free(sc->spare);
  for (i = 0; sc->shards != NULL && i < (size_t)sc->n; i++) free(sc->shards[i].queue);
  if (sc->locks) {
    pthread_cond_destroy(&sc->cv);
    pthread_mutex_destroy(&sc->mu);
  }
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

/* Records the reader splits before it routes the first of them (see
 * route_ahead). */
#define READ_AHEAD 16

#if defined(__GNUC__) || defined(__clang__)
#define REPORT_PREFETCH(p) __builtin_prefetch(p)
#else
#define REPORT_PREFETCH(p) ((void)(p))
#endif

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

/* A key's home slot and recent entry from its mix (route_ahead mixes a
 * key once for both). */
static size_t shard_map_home_of(const shard_map *m, uint64_t mix) { return (size_t)(mix >> 29) & m->mask; }

/* The high bits: the home slot uses lower ones. */
static struct recent_key *shard_map_recent_of(const shard_map *m, uint64_t mix) { return &m->recent[mix >> 52]; }
_Static_assert(SHARD_MAP_RECENT == 1u << 12, "shard_map_recent_of takes 12 bits");

static size_t shard_map_home(const shard_map *m, uint64_t key) { return shard_map_home_of(m, shard_map_mix(key)); }

static struct recent_key *shard_map_recent(const shard_map *m, uint64_t key) {
  return shard_map_recent_of(m, shard_map_mix(key));
}

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
  /* The batch of each shard the reader is filling, read at every record:
   * on cache lines of their own (reader_batches_new).  In the shards
   * beside their queues, which every thread writes, the line left the
   * reader's cache at every batch: a fifth of the router's time. */
  report_batch **cur;
} router;

/* n null batch pointers on 64-byte lines no other data shares, or NULL. */
static report_batch **reader_batches_new(int n) {
  size_t bytes = ((size_t)n * sizeof(report_batch *) + 63) / 64 * 64;
  report_batch **b = aligned_alloc(64, bytes);
  int j;
  for (j = 0; b != NULL && j < n; j++) b[j] = NULL;
  return b;
}

static int pin_contact(const char *s, size_t len, void *user) {
  router *rt = user;
  uint64_t key = report_strtab_key(&rt->contacts, s, len);
  return key == 0 ? -1 : shard_map_put(&rt->started, key, 0);
}

static int pin_customer(const char *s, size_t len, void *user) {
  router *rt = user;
  return report_strtab_key(&rt->pinned_customers, s, len) == 0 ? -1 : 0;
}

/* Shard 0 gets a smaller share of the contacts than the others: the
 * reader, whose own shard it is, also splits and routes every record (any
 * thread may ingest any shard's batches, but one at a time, so every shard
 * needs work queued that its own thread can take).  rt->share0 is in
 * thousandths: see reader_share. */
static int hash_shard(const router *rt, const report_field *f) {
  uint64_t h = report_hash(f->p, f->len);
  if (h % 1000 < rt->share0) return 0;
  return 1 + (int)(h / 1000 % (uint64_t)(rt->n - 1));
}

/* The reader's share of contacts, in thousandths, for n shards: with
 * share s for shard 0 and (1 - s) / (n - 1) for each other, s = (1 -
 * READ_COST * (n - 1)) / n, READ_COST standing for the reader's splitting
 * and routing against what ingesting the whole stream costs.  Measured on
 * the 28-day bench file with 2 threads, wall time in alternated pairs (the
 * median of 8 ratios): 350 against 500, 0.98 (all 8 pairs below 1); 250
 * against 350, 1.04.  (Before threads could take each other's batches,
 * the reader ingested its shard between its reading and its share was
 * 250, from READ_COST 500.) */
#define READ_COST 300u
static unsigned reader_share(int n) {
  uint64_t busy = (uint64_t)READ_COST * (uint64_t)(n - 1);
  return busy >= 1000 ? 0 : (unsigned)((1000 - busy) / (uint64_t)n);
}

/* The direct key of a contact or customer id (as the bridges' tables make
 * it), or 0 when the id has none or the tables are not direct. */
static uint64_t direct_key_of(const router *rt, uint64_t key) {
  return rt->contacts.direct && (key & REPORT_KEY_DIRECT) ? key : 0;
}

/* Whether a record is well formed, with the columns of the file. */
static int whole_record(const router *rt, const report_record *rec) {
  return rec->error == REPORT_CSV_OK && rec->nfields == (size_t)(rt->has_id ? 13 : 12);
}

/* Whether a record's contact field can name a contact to route by. */
static int routable_contact(const router *rt, const report_record *rec) {
  const report_field *contact = &rec->f[REPORT_COL_CONTACT];
  return whole_record(rt, rec) && contact->len > 0 && contact->len <= REPORT_MAX_TEXT;
}

/* The key of a record's contact as route() would find it (0: none, or not
 * known yet), its slots in the map asked for: the router reads a few
 * records ahead of the one it routes, and the map's slot of a contact not
 * seen lately was a cache miss at every such record (two thirds of the
 * router's own time). */
static uint64_t route_ahead(router *rt, const report_record *rec) {
  const report_field *contact = &rec->f[REPORT_COL_CONTACT];
  const shard_map *m = &rt->started;
  uint64_t key, mix;
  size_t home;
  if (!routable_contact(rt, rec)) return 0;
  key = report_strtab_find(&rt->contacts, contact->p, contact->len);
  if (key == 0) return 0;
  mix = shard_map_mix(key);
  home = shard_map_home_of(m, mix);
  REPORT_PREFETCH(shard_map_recent_of(m, mix));
  REPORT_PREFETCH(&m->key[home]);
  REPORT_PREFETCH(&m->shard[home]);
  return key;
}

/* The shard of a record, or -1 when out of memory; key: route_ahead's for
 * it (0: found again here, as an earlier record may have added the
 * contact since); *hint: what routing worked out of it (the event type, 0
 * when it has none or was not looked up; the keys the bridge would make),
 * handed on with the record. */
static int route(router *rt, const report_record *rec, uint64_t key, report_hint *hint) {
  const report_field *contact, *customer;
  int32_t type;
  int shard;
  hint->type = 0;
  hint->contact = hint->customer = 0;
  if (!whole_record(rt, rec)) return 0;
  hint->type = type = report_evtypes_find(&rt->types, rec->f[REPORT_COL_EVENT].p, rec->f[REPORT_COL_EVENT].len);
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
  if (key == 0) { /* (a key from route_ahead says the record is routable) */
    if (!routable_contact(rt, rec)) return 0;
    key = report_strtab_find(&rt->contacts, contact->p, contact->len);
  }
  hint->contact = direct_key_of(rt, key);
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
    hint->customer = rt->contacts.direct ? report_direct_key(customer->p, customer->len) : 0;
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

static void shard_close(shard *s, int index) {
  size_t i;
  if (s->own_g_open) report_ingest_free(&s->own_g);
  if (index > 0) ccm_engine_free(s->e);
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

/* Read and route every record: 1 at the end of input, 0 when a shard
 * asked to stop, -1 on a read error, -2 when out of memory.  (Batches
 * rather than record by record: a thread's caches then hold one engine's
 * state for a whole batch, not the CSV's and the router's in between:
 * record by record, the 28-day bench file took 5.2 s with 2 threads
 * instead of 3.0 s.) */
static int read_all(report_csv *reader, router *rt, sched *sc, shared *sh) {
  report_record rec[READ_AHEAD];
  uint64_t key[READ_AHEAD];
  int r, i;
  while ((r = report_csv_next_many(reader, rec, READ_AHEAD)) > 0) {
    for (i = 0; i < r; i++) key[i] = route_ahead(rt, &rec[i]);
    for (i = 0; i < r; i++) {
      report_hint hint;
      int to = route(rt, &rec[i], key[i], &hint), added;
      report_batch **cur;
      if (to < 0) return -2;
      cur = &rt->cur[to];
      if (*cur == NULL) {
        if (stopping(sh)) return 0;
        *cur = get_batch(sc);
      }
      added = report_batch_add(*cur, &rec[i], &hint);
      if (added == 0) {
        send(sc, &sc->shards[to], cur);
        if (stopping(sh)) return 0;
        *cur = get_batch(sc);
        added = report_batch_add(*cur, &rec[i], &hint);
      }
      if (added < 0) return -2;
      if (report_batch_full(*cur)) send(sc, &sc->shards[to], cur);
    }
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

/* One engine's ccm_engine_advance(), on a thread of its own. */
typedef struct advance_job {
  ccm_engine *e;
  int64_t now;
  int32_t rc;
  pthread_t thread;
  int started;
} advance_job;

static void *advance_main(void *arg) {
  advance_job *j = arg;
  j->rc = ccm_engine_advance(j->e, j->now);
  return NULL;
}

int32_t report_shards_advance(ccm_engine *e0, const report_shards_result *res, int64_t now) {
  advance_job *jobs = res->nengines > 0 ? calloc((size_t)res->nengines, sizeof(*jobs)) : NULL;
  int32_t rc;
  int j;
  for (j = 0; jobs != NULL && j < res->nengines; j++) {
    jobs[j].e = res->engines[j];
    jobs[j].now = now;
    jobs[j].started = pthread_create(&jobs[j].thread, NULL, advance_main, &jobs[j]) == 0;
  }
  rc = ccm_engine_advance(e0, now);
  for (j = 0; j < res->nengines; j++) {
    int32_t rj;
    if (jobs != NULL && jobs[j].started) {
      pthread_join(jobs[j].thread, NULL);
      rj = jobs[j].rc;
    } else { /* no memory for the jobs, or no thread: here, one after the other */
      rj = ccm_engine_advance(res->engines[j], now);
    }
    if (rc == CCM_OK) rc = rj;
  }
  free(jobs);
  return rc;
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
  sched sc;
  shard *shards;
  int n = o->nthreads, j, outcome, read = -3 /* not started */, oom = 0;
  uint64_t cut = UINT64_MAX;

  memset(res, 0, sizeof(*res));
  memset(&rt, 0, sizeof(rt));
  rt.n = n;
  rt.share0 = reader_share(n);
  report_evtypes_init(&rt.types);
  rt.has_id = o->has_id;
  memset(&sc, 0, sizeof(sc));
  shards = calloc((size_t)n, sizeof(*shards));
  sh.stop = 0;
  if (shards == NULL || pthread_mutex_init(&sh.mu, NULL) != 0) {
    fprintf(stderr, PROG ": out of memory\n");
    free(shards);
    return REPORT_SHARDS_FATAL;
  }
  rt.has_pinned_customers = o->pinned_customers != NULL;
  if (report_strtab_init(&rt.contacts) != 0 || report_strtab_init(&rt.pinned_customers) != 0 ||
      shard_map_init(&rt.started) != 0 || (rt.cur = reader_batches_new(n)) == NULL) {
    fprintf(stderr, PROG ": out of memory\n");
    goto done;
  }
  rt.contacts.direct = o->direct_keys; /* the keys stay the router's own: any kind will do */
  if ((o->pinned_contacts && report_strtab_each(o->pinned_contacts, pin_contact, &rt) != 0) ||
      (o->pinned_customers && report_strtab_each(o->pinned_customers, pin_customer, &rt) != 0)) {
    fprintf(stderr, PROG ": out of memory\n");
    goto done;
  }
  shards[0].e = e0;
  shards[0].g = g0;
  for (j = 0; j < n; j++) {
    shards[j].sh = &sh;
    shards[j].strict = o->strict;
  }
  if (sched_open(&sc, shards, n) != 0) {
    fprintf(stderr, PROG ": out of memory\n");
    goto done;
  }
  for (j = 1; j < n; j++)
    if (shard_engine(&shards[j], o) != 0) goto done;
  for (j = 1; j < n; j++) {
    if (pthread_create(&shards[j].thread, NULL, worker_main, &shards[j]) != 0) {
      fprintf(stderr, PROG ": cannot start a thread\n");
      goto done;
    }
    shards[j].started = 1;
  }

  read = read_all(reader, &rt, &sc, &sh);
  if (read == -2) fprintf(stderr, PROG ": out of memory\n");

done:
  /* Queue the last records, ingest what is queued along with the workers,
   * let them end, then look at what the shards found. */
  if (sc.locks) {
    for (j = 0; j < n && rt.cur != NULL; j++)
      if (rt.cur[j] != NULL) send(&sc, &shards[j], &rt.cur[j]);
    finish(&sc);
  }
  for (j = 1; j < n; j++)
    if (shards[j].started) pthread_join(shards[j].thread, NULL);
  /* held events (--lateness) would be lost in the merge */
  for (j = 0; j < n && read != -3; j++)
    if (!shards[j].stopped) (void)ccm_engine_flush(shards[j].e);
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
  sched_close(&sc);
  free(shards);
  report_strtab_free(&rt.contacts);
  report_strtab_free(&rt.pinned_customers);
  shard_map_free(&rt.started);
  free(rt.cur);
  pthread_mutex_destroy(&sh.mu);
  return outcome;
}
