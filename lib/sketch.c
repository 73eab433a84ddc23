/*
 * sketch.c - the quantile sketch: log-bucketed counts (DDSketch-style) with
 * 1 % relative accuracy on values, mergeable bucket by bucket.  Layout and
 * contract: sketch.h.
 *
 * Bucket of a value v >= 1: i = ceil(log(v) / log(gamma)), computed with
 * libm's log() and the division by the double constant log(1.02).  It holds
 * (gamma^(i-1), gamma^i]; its representative value r = 2 gamma^i /
 * (gamma + 1) is within (gamma - 1) / (gamma + 1) = 0.990 % of both ends.  A
 * value within a rounding error of a boundary gamma^i may land on either
 * side of it; the error is then still (gamma - 1) / (gamma + 1), so the
 * bound holds for every value.  The bucket depends only on the C library's
 * log(), so it is the same on every run; another libm may place a value
 * within a rounding error of a boundary on the boundary's other side.
 * log() costs about 5 ns, within the 20 ns an insert may take, so no
 * faster approximation (bit tricks, boundary tables) is used.
 *
 * Counters: 16 bits in the page, and on overflow a 32-bit high half in the
 * page's wide page: count = low + 65536 * high (up to 2^48 - 1 per bucket).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "sketch.h"

/* log(1.02) as a double (check_sketch compares the buckets with those of
 * log(v) / log(1.02) computed at run time) */
#define LOG_GAMMA 0.019802627296179730
#define LAST_INDEX 1681 /* ccm_sketch_index(CCM_SKETCH_MAX_VALUE) */

_Static_assert(LAST_INDEX < CCM_SKETCH_PAGES * CCM_SKETCH_PAGE_BUCKETS, "pages cover every bucket");
_Static_assert(offsetof(ccm_sketch_page, wide) == 0, "the free chain uses a page's first word");

/* ---- the store ----------------------------------------------------------- */

void ccm_sketch_store_init(ccm_sketch_store *st) {
  ccm_pool_init(&st->heads, sizeof(ccm_sketch_head));
  ccm_pool_init(&st->pages, sizeof(ccm_sketch_page));
  ccm_pool_init(&st->wides, sizeof(ccm_sketch_wide));
}

void ccm_sketch_store_free(ccm_sketch_store *st, ccm_mem *m) {
  ccm_pool_free(&st->heads, m);
  ccm_pool_free(&st->pages, m);
  ccm_pool_free(&st->wides, m);
}

void ccm_sketch_store_clear(ccm_sketch_store *st) {
  ccm_pool_forget_all(&st->heads);
  ccm_pool_forget_all(&st->pages);
  ccm_pool_forget_all(&st->wides);
}

/* Room for heads, pages and wide pages; nothing changes on failure except
 * pools that grew (which holds no sketch's state). */
static int32_t store_room(ccm_sketch_store *st, ccm_mem *m, uint32_t heads, uint32_t pages, uint32_t wides) {
  int32_t rc = ccm_pool_reserve_n(&st->heads, m, heads);
  if (rc == CCM_OK) rc = ccm_pool_reserve_n(&st->pages, m, pages);
  if (rc == CCM_OK) rc = ccm_pool_reserve_n(&st->wides, m, wides);
  return rc;
}

int32_t ccm_sketch_reserve(ccm_sketch_store *st, ccm_mem *m, uint32_t inserts) {
  /* called before every insert: the common case in a few instructions */
  if (ccm_pool_has_room(&st->heads, inserts) && ccm_pool_has_room(&st->pages, inserts) &&
      ccm_pool_has_room(&st->wides, inserts))
    return CCM_OK;
  return store_room(st, m, inserts, inserts, inserts);
}

/* ---- buckets ------------------------------------------------------------- */

int32_t ccm_sketch_index(int64_t v) {
  double x;
  int32_t i;
  if (v <= 0) return -1;
  if (v >= CCM_SKETCH_MAX_VALUE) return LAST_INDEX;
  x = log((double)v) / LOG_GAMMA; /* v <= 2^48: exact as a double */
  i = (int32_t)x;                 /* x >= 0: truncation is floor, so ceil is */
  return i + (x > (double)i);     /* one more unless x is whole */
}

double ccm_sketch_value(int32_t index) {
  if (index < 0) return 0;
  return 2 * pow(CCM_SKETCH_GAMMA, index) / (CCM_SKETCH_GAMMA + 1);
}

static inline ccm_sketch_head *head_at(const ccm_sketch_store *st, uint32_t ref) {
  return ccm_pool_at(&st->heads, ref);
}

static inline ccm_sketch_page *page_at(const ccm_sketch_store *st, uint32_t ref) {
  return ccm_pool_at(&st->pages, ref);
}

static inline ccm_sketch_wide *wide_at(const ccm_sketch_store *st, uint32_t ref) {
  return ccm_pool_at(&st->wides, ref);
}

/* Count of one bucket of a page. */
static inline uint64_t slot_count(const ccm_sketch_store *st, const ccm_sketch_page *pg, uint32_t slot) {
  uint64_t c = pg->low[slot];
  if (pg->wide) c += (uint64_t)wide_at(st, pg->wide)->high[slot] << 16;
  return c;
}

/* ---- insert -------------------------------------------------------------- */

void ccm_sketch_insert(ccm_sketch_store *st, uint32_t *ref, int64_t v) {
  ccm_sketch_head *h;
  ccm_sketch_page *pg;
  uint32_t idx, p, slot;
  int32_t i = ccm_sketch_index(v); /* first: it overlaps the head's cache miss */
  if (!*ref) *ref = ccm_pool_take(&st->heads);
  h = head_at(st, *ref);
  h->count++;
  if (i < 0) {
    h->zero++;
    return;
  }
  idx = (uint32_t)i;
  p = idx / CCM_SKETCH_PAGE_BUCKETS;
  slot = idx % CCM_SKETCH_PAGE_BUCKETS;
  if (!h->page[p]) h->page[p] = ccm_pool_take(&st->pages); /* h stays valid: another pool */
  pg = page_at(st, h->page[p]);
  if (++pg->low[slot] == 0) { /* wrapped from 65535: carry into the high half */
    if (!pg->wide) pg->wide = ccm_pool_take(&st->wides);
    wide_at(st, pg->wide)->high[slot]++;
  }
}

/* ---- merge --------------------------------------------------------------- */

/* GCC at -O2 vectorizes a loop only when vectors cover it exactly, so the
 * page loops below run over counters [0, 56) (7 vectors of 8) and then
 * [56, 62), each a call of a function with constant bounds once inlined. */
#define VEC_SLOTS 56
_Static_assert(VEC_SLOTS % 8 == 0 && VEC_SLOTS <= CCM_SKETCH_PAGE_BUCKETS, "vector part of a page");

/* Nonzero when a low counter of a + b passes 65535. */
static inline uint32_t low_carries(const uint16_t *a, const uint16_t *b, uint32_t from, uint32_t to) {
  uint32_t over = 0, s;
  for (s = from; s < to; s++) over |= ((uint32_t)a[s] + b[s]) >> 16;
  return over;
}

static inline void low_add(uint16_t *a, const uint16_t *b, uint32_t from, uint32_t to) {
  uint32_t s;
  for (s = from; s < to; s++) a[s] = (uint16_t)(a[s] + b[s]);
}

/* Whether adding src's page to dst's page (NULL: none yet) needs a high
 * half that dst's page lacks: a carry, or src's own high halves. */
static bool page_needs_wide(const ccm_sketch_page *dpg, const ccm_sketch_store *src, const ccm_sketch_page *spg) {
  uint32_t over = 0, s;
  if (dpg && dpg->wide) return false; /* has one */
  if (spg->wide) {
    const ccm_sketch_wide *sw = wide_at(src, spg->wide);
    for (s = 0; s < CCM_SKETCH_PAGE_BUCKETS; s++) over |= sw->high[s];
  }
  if (dpg) {
    over |= low_carries(dpg->low, spg->low, 0, VEC_SLOTS);
    over |= low_carries(dpg->low, spg->low, VEC_SLOTS, CCM_SKETCH_PAGE_BUCKETS);
  }
  return over != 0;
}

/* dst += src for one page; dst has a wide page if a carry or src's high
 * halves need one (page_needs_wide).  src may be dst itself. */
static void page_add(ccm_sketch_store *dst, ccm_sketch_page *dpg, const ccm_sketch_store *src,
                     const ccm_sketch_page *spg) {
  uint16_t add[CCM_SKETCH_PAGE_BUCKETS];
  uint32_t s;
  if (!dpg->wide) { /* no carry anywhere: the low halves only */
    memcpy(add, spg->low, sizeof add); /* a copy: dpg and spg may be one page */
    low_add(dpg->low, add, 0, VEC_SLOTS);
    low_add(dpg->low, add, VEC_SLOTS, CCM_SKETCH_PAGE_BUCKETS);
    return;
  }
  {
    ccm_sketch_wide *dw = wide_at(dst, dpg->wide);
    const ccm_sketch_wide *sw = spg->wide ? wide_at(src, spg->wide) : NULL;
    for (s = 0; s < CCM_SKETCH_PAGE_BUCKETS; s++) {
      uint32_t low = (uint32_t)dpg->low[s] + spg->low[s];
      uint32_t high = sw ? sw->high[s] : 0; /* read before the write: sw may be dw */
      dpg->low[s] = (uint16_t)low;
      dw->high[s] += high + (low >> 16);
    }
  }
}

void ccm_sketch_merge_need(const ccm_sketch_store *dst, uint32_t dst_ref, const ccm_sketch_store *src,
                           uint32_t src_ref, uint64_t *heads, uint64_t *pages, uint64_t *wides) {
  const ccm_sketch_head *sh, *dh;
  uint32_t p;
  if (!src_ref) return;
  sh = head_at(src, src_ref);
  dh = dst_ref ? head_at(dst, dst_ref) : NULL;
  *heads += !dh;
  for (p = 0; p < CCM_SKETCH_PAGES; p++) {
    uint32_t dpage = dh ? dh->page[p] : 0;
    if (!sh->page[p]) continue;
    *pages += !dpage;
    *wides += page_needs_wide(dpage ? page_at(dst, dpage) : NULL, src, page_at(src, sh->page[p]));
  }
}

int32_t ccm_sketch_merge(ccm_sketch_store *dst, ccm_mem *m, uint32_t *dst_ref, const ccm_sketch_store *src,
                         uint32_t src_ref) {
  uint64_t heads = 0, pages = 0, wides = 0;
  const ccm_sketch_head *sh;
  ccm_sketch_head *dh;
  uint32_t p;
  int32_t rc;
  if (!src_ref) return CCM_OK;
  /* First what dst lacks, then room for it, then the sums: a failure
   * leaves dst's sketch as it was. */
  ccm_sketch_merge_need(dst, *dst_ref, src, src_ref, &heads, &pages, &wides);
  rc = store_room(dst, m, (uint32_t)heads, (uint32_t)pages, (uint32_t)wides);
  if (rc != CCM_OK) return rc;
  /* Nodes may have moved (src may be dst): look them up again.  Taking
   * nodes moves nothing once room is reserved. */
  if (!*dst_ref) *dst_ref = ccm_pool_take(&dst->heads);
  sh = head_at(src, src_ref);
  dh = head_at(dst, *dst_ref);
  for (p = 0; p < CCM_SKETCH_PAGES; p++) {
    ccm_sketch_page *dpg;
    if (!sh->page[p]) continue;
    if (!dh->page[p]) dh->page[p] = ccm_pool_take(&dst->pages);
    dpg = page_at(dst, dh->page[p]);
    /* nothing was added to page p yet: the same answer as when counting */
    if (page_needs_wide(dpg, src, page_at(src, sh->page[p]))) dpg->wide = ccm_pool_take(&dst->wides);
    page_add(dst, dpg, src, page_at(src, sh->page[p]));
  }
  dh->zero += sh->zero; /* sh may be dh: each field is read before it is written */
  dh->count += sh->count;
  return CCM_OK;
}

/* ---- queries ------------------------------------------------------------- */

uint64_t ccm_sketch_count(const ccm_sketch_store *st, uint32_t ref) {
  return ref ? head_at(st, ref)->count : 0;
}

bool ccm_sketch_quantile(const ccm_sketch_store *st, uint32_t ref, double q, double *value) {
  const ccm_sketch_head *h;
  uint64_t rank;
  uint32_t p, s;
  if (!ref || !(q == q)) return false; /* no sketch, or q is NaN */
  h = head_at(st, ref);
  if (!h->count) return false;
  if (q < 0) q = 0;
  if (q > 1) q = 1;
  rank = (uint64_t)(q * (double)(h->count - 1));
  if (rank >= h->count) rank = h->count - 1; /* rounding of q * (count - 1) above 2^53 */
  if (rank < h->zero) {
    *value = 0;
    return true;
  }
  rank -= h->zero;
  for (p = 0; p < CCM_SKETCH_PAGES; p++) {
    const ccm_sketch_page *pg;
    if (!h->page[p]) continue;
    pg = page_at(st, h->page[p]);
    for (s = 0; s < CCM_SKETCH_PAGE_BUCKETS; s++) {
      uint64_t c = slot_count(st, pg, s);
      if (rank < c) {
        *value = ccm_sketch_value((int32_t)(p * CCM_SKETCH_PAGE_BUCKETS + s));
        return true;
      }
      rank -= c;
    }
  }
  *value = ccm_sketch_value(LAST_INDEX); /* not reached while count is the sum of the buckets */
  return true;
}

/* The last bucket whose representative value is <= t (t >= 1), -1 if none:
 * t's own bucket or the one below (the representative is within 1 % of t). */
static int32_t last_bucket_at_or_under(int64_t t) {
  int32_t i = ccm_sketch_index(t);
  while (i >= 0 && ccm_sketch_value(i) > (double)t) i--;
  while (i < LAST_INDEX && ccm_sketch_value(i + 1) <= (double)t) i++;
  return i;
}

uint64_t ccm_sketch_count_at_or_under(const ccm_sketch_store *st, uint32_t ref, int64_t threshold) {
  const ccm_sketch_head *h;
  uint64_t n;
  int32_t last;
  uint32_t p, s;
  if (!ref || threshold < 0) return 0;
  h = head_at(st, ref);
  n = h->zero;
  last = threshold >= 1 ? last_bucket_at_or_under(threshold) : -1;
  for (p = 0; p < CCM_SKETCH_PAGES && (int32_t)(p * CCM_SKETCH_PAGE_BUCKETS) <= last; p++) {
    const ccm_sketch_page *pg;
    if (!h->page[p]) continue;
    pg = page_at(st, h->page[p]);
    for (s = 0; s < CCM_SKETCH_PAGE_BUCKETS && (int32_t)(p * CCM_SKETCH_PAGE_BUCKETS + s) <= last; s++)
      n += slot_count(st, pg, s);
  }
  return n;
}

size_t ccm_sketch_bytes(const ccm_sketch_store *st, uint32_t ref) {
  const ccm_sketch_head *h;
  size_t bytes;
  uint32_t p;
  if (!ref) return 0;
  h = head_at(st, ref);
  bytes = st->heads.node_size;
  for (p = 0; p < CCM_SKETCH_PAGES; p++) {
    if (!h->page[p]) continue;
    bytes += st->pages.node_size;
    if (page_at(st, h->page[p])->wide) bytes += st->wides.node_size;
  }
  return bytes;
}
