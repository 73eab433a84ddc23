/*
 * route_cache.c: the cells a credit key reached lately, in every view.
 *
 * A credit goes to one cell of each view, found by projecting its key on
 * the view's dimensions, hashing it and probing the view's index: with
 * five views, five lookups for every credit.  The same keys come back again
 * and again (a contact's agent and skill in the current interval: about
 * four credits per key within ten thousand, in a time-ordered stream), and
 * a cell, once made, keeps its number for the engine's life.  So a
 * direct-mapped table remembers, for recent credit keys (the dimensions, the
 * views the credit goes to, the event's buckets), the cell of each view: a
 * credit whose key is there is applied to those cells after one hash and
 * one comparison.  A key keeps only the dimensions that one of those views
 * is keyed by (dim_mask): credits that differ in another one (a
 * disposition, a contact type, when no view is keyed by it) reach the same
 * cells, and share an entry.  The buckets are named by the first instant of the
 * stretch of time over which every grain's bucket stays the same (the
 * grains in use change only with a new view).
 *
 * In a view by tag, a credit goes to one cell per tag of the contact (or
 * to its own tag, or to tag 0 when the contact has none).  When that is
 * one tag, it is put in the key (with CCM_ROUTE_ONE_TAG), which then
 * names the cells of the views by tag too; a credit to a contact with two
 * tags or more is looked up in those views as before, and so is every
 * credit in views after the first CCM_ROUTE_VIEWS.  The table is made
 * anew when a view is added among those (an entry holds a cell of each of
 * them): out of memory, the view is not added, like any view the engine
 * has no memory for.  A view added
 * after them keeps the table: its grain may split the stretches of time,
 * never join them, so a stretch that starts where a remembered one started
 * lies within it, and the remembered cells (of older views, older grains)
 * are still the ones its buckets name.  The stretches are those of the
 * engine's bucket cache (timegrain.c): the clock's spans, which the
 * ingestion trusts already.
 */
#include <string.h>

#include "ccmetrics_int.h"
#include "hash.h"

void ccm_route_cache_free(ccm_engine *e) {
  ccm_route_cache *rc = &e->routes;
  ccm_free(&e->mem, rc->key, (size_t)CCM_ROUTE_ENTRIES * sizeof *rc->key);
  ccm_free(&e->mem, rc->cell, (size_t)CCM_ROUTE_ENTRIES * rc->nviews * sizeof *rc->cell);
  memset(rc, 0, sizeof *rc);
}

int32_t ccm_route_cache_resize(ccm_engine *e, const ccm_view *adding) {
  ccm_route_cache *rc = &e->routes, fresh;
  uint32_t nviews = e->nviews + 1, tag_views = 0, i, d;
  if (nviews > CCM_ROUTE_VIEWS) nviews = CCM_ROUTE_VIEWS;
  for (i = 0; i < nviews; i++) tag_views += (i < e->nviews ? e->views[i] : adding)->by_tag;
  if (rc->key && rc->nviews == nviews && nviews >= 2) return CCM_OK; /* its views are the same */
  memset(&fresh, 0, sizeof fresh);
  if (nviews >= 2) { /* with one view to look up, nothing to save */
    fresh.key = ccm_zalloc(&e->mem, (size_t)CCM_ROUTE_ENTRIES * sizeof *fresh.key);
    fresh.cell = fresh.key ? ccm_alloc(&e->mem, (size_t)CCM_ROUTE_ENTRIES * nviews * sizeof *fresh.cell) : NULL;
    if (!fresh.cell) {
      ccm_free(&e->mem, fresh.key, (size_t)CCM_ROUTE_ENTRIES * sizeof *fresh.key);
      return CCM_E_NOMEM;
    }
    fresh.nviews = nviews;
    fresh.tag_views = tag_views;
    for (i = 0; i < nviews; i++) {
      const ccm_view *v = i < e->nviews ? e->views[i] : adding;
      for (d = 0; d < v->ndims; d++) fresh.dim_mask[v->dim[d]] = ~UINT32_C(0);
    }
    fresh.dim_mask[CCM_DIM_TAG] = 0; /* the one tag is put in separately */
  }
  ccm_route_cache_free(e);
  *rc = fresh;
  return CCM_OK;
}

/* The key as 64-bit words (it has no padding: ccmetrics_int.h). */
#define KEY_WORDS (sizeof(ccm_route_key) / sizeof(uint64_t))

/* Written out: as a loop, -O2 copied both keys to the stack and compared
 * a word per turn (60 instructions, on every credit). */
_Static_assert(KEY_WORDS == 7, "same_key compares seven words");

static uint64_t key_word(const ccm_route_key *k, uint32_t i) {
  uint64_t w;
  memcpy(&w, (const char *)k + 8 * i, sizeof w);
  return w;
}

static bool same_key(const ccm_route_key *a, const ccm_route_key *b) {
  return ((key_word(a, 0) ^ key_word(b, 0)) | (key_word(a, 1) ^ key_word(b, 1)) | (key_word(a, 2) ^ key_word(b, 2)) |
          (key_word(a, 3) ^ key_word(b, 3)) | (key_word(a, 4) ^ key_word(b, 4)) | (key_word(a, 5) ^ key_word(b, 5)) |
          (key_word(a, 6) ^ key_word(b, 6))) == 0;
}

/* Two chains of multiplications side by side: half the latency of one. */
static uint64_t key_hash(const ccm_route_key *k) {
  uint64_t w[KEY_WORDS], h0 = 0, h1 = 0x9E3779B97F4A7C15ULL;
  uint32_t i;
  memcpy(w, k, sizeof w);
  for (i = 0; i + 1 < KEY_WORDS; i += 2) {
    h0 = ccm_hash_mix(h0, w[i]);
    h1 = ccm_hash_mix(h1, w[i + 1]);
  }
  if (i < KEY_WORDS) h0 = ccm_hash_mix(h0, w[i]);
  return ccm_hash_u64(h0 ^ (h1 << 31 | h1 >> 33));
}

/* key = dims & mask, two dimensions per 64-bit word (a loop of ten
 * 32-bit words cost 35 instructions a credit). */
_Static_assert(CCM_KEY_DIMS % 2 == 0, "dimensions are masked in pairs");
static void project_dims(uint32_t *key, const uint32_t *dims, const uint32_t *mask) {
  uint32_t i;
  for (i = 0; i < CCM_KEY_DIMS; i += 2) {
    uint64_t d, m;
    memcpy(&d, dims + i, sizeof d);
    memcpy(&m, mask + i, sizeof m);
    d &= m;
    memcpy(key + i, &d, sizeof d);
  }
}

void ccm_route_credit(ccm_engine *e, const ccm_credit *cr, uint32_t n, uint32_t tag_head, const int64_t *bucket) {
  ccm_route_cache *rc = &e->routes;
  ccm_route_key want, *have;
  uint32_t *cell, i;
  uint64_t h;
  bool hit, by_key;
  if (!n) return;
  project_dims(want.dims, cr->dims, rc->dim_mask);
  want.views = n;
  if (rc->tag_views && ccm_credit_one_tag(e, cr, tag_head, &want.dims[CCM_DIM_TAG])) want.views |= CCM_ROUTE_ONE_TAG;
  want.hash = 0;
  want.buckets_from = e->buckets_from; /* of the event's time: its buckets */
  h = key_hash(&want);
  want.hash = (uint32_t)(h >> 32) | 1; /* 0: an empty entry */
  have = &rc->key[h & (CCM_ROUTE_ENTRIES - 1)];
  cell = rc->cell + (size_t)(h & (CCM_ROUTE_ENTRIES - 1)) * rc->nviews;
  hit = have->hash == want.hash && same_key(have, &want);
  /* the usual hit: the entry names a cell of every view the credit goes to */
  if (hit && n <= rc->nviews && (!rc->tag_views || (want.views & CCM_ROUTE_ONE_TAG))) {
    ccm_view_credit_cells(e->views, cell, n, cr);
    return;
  }
  for (i = 0; i < n; i++) {
    ccm_view *v = e->views[i];
    /* the key names the view's cell (the one tag's, in a view by tag) */
    by_key = i < rc->nviews && (!v->by_tag || (want.views & CCM_ROUTE_ONE_TAG));
    if (!by_key) ccm_view_credit(v, cr, e, tag_head, bucket[v->grain]);
    else if (hit) ccm_view_credit_cell(v, cr, cell[i]);
    else cell[i] = ccm_view_credit_keyed(v, cr, want.dims, bucket[v->grain]);
  }
  if (!hit) *have = want;
}
