/*
 * reorder.c: late events of a contact put back in order
 * (CCM_CFG_LATENESS_MS).  Contact events are held in a min-heap by time
 * (then arrival) and applied once the latest event time seen is at least
 * their time plus the lateness, so a contact's events reach the state
 * machine in time order even when they arrive up to that much out of order.
 * An event earlier than one of its contact already applied came too late
 * (CCM_E_TOO_LATE).
 */
#include <string.h>

#include "ccmetrics_int.h"

void ccm_reorder_free(ccm_reorder *r, ccm_mem *m) {
  ccm_free(m, r->heap, (size_t)r->cap * sizeof *r->heap);
  memset(r, 0, sizeof *r);
  r->latest = INT64_MIN;
}

static bool before(const ccm_held *a, const ccm_held *b) {
  return a->ev.ts < b->ev.ts || (a->ev.ts == b->ev.ts && a->seq < b->seq);
}

static void sift_up(ccm_reorder *r, uint32_t i) {
  while (i > 0) {
    uint32_t p = (i - 1) / 2;
    ccm_held t;
    if (!before(&r->heap[i], &r->heap[p])) break;
    t = r->heap[i];
    r->heap[i] = r->heap[p];
    r->heap[p] = t;
    i = p;
  }
}

static void sift_down(ccm_reorder *r, uint32_t i) {
  for (;;) {
    uint32_t l = 2 * i + 1, m = i;
    ccm_held t;
    if (l < r->n && before(&r->heap[l], &r->heap[m])) m = l;
    if (l + 1 < r->n && before(&r->heap[l + 1], &r->heap[m])) m = l + 1;
    if (m == i) break;
    t = r->heap[i];
    r->heap[i] = r->heap[m];
    r->heap[m] = t;
    i = m;
  }
}

int32_t ccm_reorder_reserve(ccm_engine *e) {
  ccm_reorder *r = &e->reorder;
  ccm_held *h;
  uint32_t ncap;
  if (r->n < r->cap) return CCM_OK;
  if (r->cap >= 0x08000000u) return CCM_E_LIMIT;
  ncap = r->cap ? r->cap * 2 : 64;
  h = ccm_realloc_array(&e->mem, r->heap, r->cap, ncap, sizeof *h);
  if (!h) return CCM_E_NOMEM;
  r->heap = h;
  r->cap = ncap;
  return CCM_OK;
}

void ccm_reorder_push(ccm_engine *e, const ccm_event *ev) {
  ccm_reorder *r = &e->reorder;
  ccm_held *h = &r->heap[r->n];
  memset(h, 0, sizeof *h);
  memcpy(&h->ev, ev, ev->size < sizeof h->ev ? ev->size : sizeof h->ev);
  h->ev.size = sizeof h->ev;
  h->seq = r->next_seq++;
  r->n++;
  sift_up(r, r->n - 1);
  if (ev->ts > r->latest) r->latest = ev->ts;
}

bool ccm_reorder_ready(const ccm_reorder *r, int64_t until) { return r->n && r->heap[0].ev.ts <= until; }

void ccm_reorder_pop(ccm_reorder *r, ccm_held *out) {
  *out = r->heap[0];
  r->heap[0] = r->heap[--r->n];
  if (r->n) sift_down(r, 0);
}
