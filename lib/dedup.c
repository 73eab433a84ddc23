/*
 * dedup.c: exactly-once effect for redelivered events.  The ids of accepted
 * events are remembered in arrival order (a ring) with a linear-probing
 * index over the ring's slots.  An id leaves when CCM_CFG_DEDUP_MAX newer
 * ids came, or when the latest event time passed its own time by
 * CCM_CFG_DEDUP_WINDOW_MS (checked at the oldest end of the ring, so memory
 * stays bounded by the count whatever the times are).
 */
#include <string.h>

#include "ccmetrics_int.h"
#include "hash.h"

void ccm_dedup_free(ccm_dedup *d, ccm_mem *m) {
  ccm_free(m, d->id, (size_t)d->cap * sizeof *d->id);
  ccm_free(m, d->ts, (size_t)d->cap * sizeof *d->ts);
  ccm_free(m, d->index, (size_t)d->nindex * sizeof *d->index);
  memset(d, 0, sizeof *d);
  d->latest = INT64_MIN;
}

static uint32_t home(const ccm_dedup *d, uint64_t id) {
  return (uint32_t)(ccm_hash_u64(id) >> 32) & (d->nindex - 1);
}

/* The ring slot of an id, or -1. */
static int64_t find(const ccm_dedup *d, uint64_t id) {
  uint32_t i;
  if (!d->count) return -1;
  for (i = home(d, id); d->index[i]; i = (i + 1) & (d->nindex - 1))
    if (d->id[d->index[i] - 1] == id) return d->index[i] - 1;
  return -1;
}

bool ccm_dedup_seen(const ccm_dedup *d, uint64_t id) { return find(d, id) >= 0; }

/* Remove ring slot s from the index (backward-shift deletion keeps every
 * probe sequence unbroken without tombstones). */
static void index_remove(ccm_dedup *d, uint32_t s) {
  uint32_t mask = d->nindex - 1, i = home(d, d->id[s]), j;
  while (d->index[i] != s + 1) i = (i + 1) & mask;
  for (j = (i + 1) & mask; d->index[j]; j = (j + 1) & mask) {
    uint32_t h = home(d, d->id[d->index[j] - 1]);
    /* move j back to i when its home is not within (i, j] */
    if (((j - h) & mask) >= ((j - i) & mask)) {
      d->index[i] = d->index[j];
      i = j;
    }
  }
  d->index[i] = 0;
}

static void index_put(ccm_dedup *d, uint32_t s) {
  uint32_t i;
  for (i = home(d, d->id[s]); d->index[i]; i = (i + 1) & (d->nindex - 1)) {
  }
  d->index[i] = s + 1;
}

/* A held event refused when it was applied: its id must not stop a
 * corrected redelivery.  The slot stays in the ring as a hole (id 0). */
void ccm_dedup_forget(ccm_dedup *d, uint64_t id) {
  int64_t s = find(d, id);
  if (s < 0) return;
  index_remove(d, (uint32_t)s);
  d->id[s] = 0;
  d->holes++;
}

static void drop_oldest(ccm_dedup *d) {
  if (d->id[d->head]) index_remove(d, d->head);
  else d->holes--; /* an id forgotten before */
  d->id[d->head] = 0;
  d->head = (d->head + 1) & (d->cap - 1);
  d->count--;
}

int32_t ccm_dedup_reserve(ccm_engine *e) {
  ccm_dedup *d = &e->dedup, n;
  uint64_t limit = (uint64_t)e->cfg[CCM_CFG_DEDUP_MAX];
  uint32_t k;
  if (d->count < d->cap) return CCM_OK;
  if (d->cap && (uint64_t)d->count >= limit) return CCM_OK; /* the oldest makes room */
  /* grow the ring (and its index) to the next power of two */
  memset(&n, 0, sizeof n);
  n.cap = d->cap ? d->cap * 2 : 1024;
  n.nindex = n.cap * 2;
  n.id = ccm_zalloc(&e->mem, (size_t)n.cap * sizeof *n.id);
  n.ts = ccm_alloc(&e->mem, (size_t)n.cap * sizeof *n.ts);
  n.index = ccm_zalloc(&e->mem, (size_t)n.nindex * sizeof *n.index);
  if (!n.id || !n.ts || !n.index) {
    ccm_free(&e->mem, n.id, n.id ? (size_t)n.cap * sizeof *n.id : 0);
    ccm_free(&e->mem, n.ts, n.ts ? (size_t)n.cap * sizeof *n.ts : 0);
    ccm_free(&e->mem, n.index, n.index ? (size_t)n.nindex * sizeof *n.index : 0);
    return CCM_E_NOMEM;
  }
  for (k = 0; k < d->count; k++) {
    uint32_t s = (d->head + k) & (d->cap - 1);
    n.id[k] = d->id[s];
    n.ts[k] = d->ts[s];
    if (n.id[k]) index_put(&n, k); /* a hole stays out of the index */
  }
  n.count = d->count;
  n.latest = d->latest;
  n.holes = d->holes;
  ccm_free(&e->mem, d->id, (size_t)d->cap * sizeof *d->id);
  ccm_free(&e->mem, d->ts, (size_t)d->cap * sizeof *d->ts);
  ccm_free(&e->mem, d->index, (size_t)d->nindex * sizeof *d->index);
  *d = n;
  return CCM_OK;
}

void ccm_dedup_remember(ccm_engine *e, uint64_t id, int64_t ts) {
  ccm_dedup *d = &e->dedup;
  uint64_t limit = (uint64_t)e->cfg[CCM_CFG_DEDUP_MAX];
  int64_t window = e->cfg[CCM_CFG_DEDUP_WINDOW_MS];
  uint32_t s;
  if (ts > d->latest) d->latest = ts;
  /* forget what is out of the window (from the oldest end) or over the count */
  while (d->count && (d->latest - d->ts[d->head] > window || (uint64_t)d->count >= limit || d->count == d->cap))
    drop_oldest(d);
  s = (d->head + d->count) & (d->cap - 1);
  d->id[s] = id;
  d->ts[s] = ts;
  index_put(d, s);
  d->count++;
}
