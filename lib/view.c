/* view.c: views, their cells, and routing of credits to cells. */
#include <string.h>

#include "ccmetrics_int.h"
#include "hash.h"

#define CELL_BUCKET(v, c) ((int64_t *)(void *)((v)->cells + (size_t)(c) * (v)->stride))
#define CELL_HASH(v, c) ((uint32_t *)(void *)((v)->cells + (size_t)(c) * (v)->stride + 8))
#define CELL_KEY(v, c) ((uint32_t *)(void *)((v)->cells + (size_t)(c) * (v)->stride + 12))
#define CELL_SLOTS(v, c) ((int64_t *)(void *)((v)->cells + (size_t)(c) * (v)->stride + (v)->slots_at))
#define CELL_SKETCHES(v, c) ((uint32_t *)(void *)((v)->cells + (size_t)(c) * (v)->stride + (v)->sketches_at))

static uint32_t key_hash(const uint32_t *key, uint32_t n, int64_t bucket) {
  uint64_t h = ccm_hash_u64((uint64_t)bucket + n);
  uint32_t i;
  for (i = 0; i < n; i++) h = ccm_hash_mix(h, key[i]);
  return (uint32_t)(ccm_hash_u64(h) >> 32);
}

int32_t ccm_view_new(ccm_engine *e, uint32_t dim_mask, int32_t grain, uint32_t flags, ccm_view **out) {
  ccm_view *v, **views;
  uint32_t d;
  if (!e || !out) return CCM_E_INVALID_ARG;
  *out = NULL;
  if (dim_mask >> CCM_KEY_DIMS) return CCM_E_INVALID_ARG; /* agent .. tag, and the reason */
  if (grain < CCM_GRAIN_NONE || grain > CCM_GRAIN_MONTH) return CCM_E_INVALID_ARG;
  if (flags & ~(uint32_t)CCM_VIEW_SKETCHES) return CCM_E_INVALID_ARG;
  if (e->nviews >= UINT16_MAX - 1) return CCM_E_LIMIT; /* contacts remember a view count in 16 bits */
  if (e->nviews == e->views_cap) {
    uint32_t ncap = e->views_cap ? e->views_cap * 2 : 8;
    views = ccm_realloc_array(&e->mem, e->views, e->views_cap, ncap, sizeof *views);
    if (!views) return CCM_E_NOMEM;
    e->views = views;
    e->views_cap = ncap;
  }
  v = ccm_zalloc(&e->mem, sizeof *v);
  if (!v) return CCM_E_NOMEM;
  v->engine = e;
  v->pos = e->nviews;
  v->mask = dim_mask;
  v->grain = grain;
  v->flags = flags;
  for (d = 0; d < CCM_KEY_DIMS; d++) {
    if (!(dim_mask & CCM_DIM_BIT(d))) continue;
    if (d == CCM_DIM_TAG) v->tag_pos = v->ndims;
    v->dim[v->ndims++] = (uint8_t)d;
  }
  v->by_tag = (dim_mask & CCM_DIM_BIT(CCM_DIM_TAG)) != 0;
  v->slots_at = (12 + 4 * (size_t)v->ndims + 7) & ~(size_t)7;
  v->stride = v->slots_at + CCM_SLOTS * sizeof(int64_t);
  v->sketches = (flags & CCM_VIEW_SKETCHES) != 0;
  v->sketches_at = v->stride;
  if (v->sketches) v->stride += (CCM_NTIMERS * sizeof(uint32_t) + 7) & ~(size_t)7;
  ccm_sketch_store_init(&v->sk);
  e->views[e->nviews++] = v;
  e->grain_views[grain]++;
  *out = v;
  return CCM_OK;
}

void ccm_view_destroy(ccm_view *v) {
  ccm_mem *m = &v->engine->mem;
  ccm_free(m, v->cells, (size_t)v->cap * v->stride);
  ccm_free(m, v->index, (size_t)v->nindex * sizeof *v->index);
  ccm_sketch_store_free(&v->sk, m);
  ccm_free(m, v, sizeof *v);
}

uint32_t ccm_view_dims(const ccm_view *v) { return v ? v->mask : 0; }

int32_t ccm_view_grain(const ccm_view *v) { return v ? v->grain : CCM_E_INVALID_ARG; }

int64_t ccm_view_cells(const ccm_view *v) { return v ? (int64_t)v->ncells : 0; }

/* Make sure `more` new cells can be inserted without allocating. */
int32_t ccm_view_reserve(ccm_view *v, uint32_t more, uint32_t inserts) {
  ccm_mem *m = &v->engine->mem;
  uint32_t need;
  if (v->sketches && inserts) {
    int32_t rc = ccm_sketch_reserve(&v->sk, m, inserts);
    if (rc) return rc;
  }
  if (more > 0x3FFFFFFFu - v->ncells) return CCM_E_LIMIT;
  need = v->ncells + more;
  if (need > v->cap) {
    uint32_t ncap = v->cap ? v->cap : 16;
    unsigned char *cells;
    while (ncap < need) ncap *= 2;
    cells = ccm_realloc_array(m, v->cells, v->cap, ncap, v->stride);
    if (!cells) return CCM_E_NOMEM;
    v->cells = cells;
    v->cap = ncap;
  }
  if ((uint64_t)need * 2 > v->nindex) {
    uint32_t n = v->nindex ? v->nindex : 32, c, mask;
    uint64_t *index;
    while ((uint64_t)need * 2 > n) n *= 2;
    index = ccm_zalloc(m, (size_t)n * sizeof *index);
    if (!index) return CCM_E_NOMEM;
    mask = n - 1;
    for (c = 0; c < v->ncells; c++) {
      uint32_t h = *CELL_HASH(v, c), i = h & mask;
      while (index[i]) i = (i + 1) & mask;
      index[i] = (uint64_t)h << 32 | (c + 1);
    }
    ccm_free(m, v->index, (size_t)v->nindex * sizeof *v->index);
    v->index = index;
    v->nindex = n;
  }
  return CCM_OK;
}

static bool cell_is(const ccm_view *v, uint32_t c, const uint32_t *key, int64_t bucket) {
  const uint32_t *k = CELL_KEY(v, c);
  uint32_t i;
  if (*CELL_BUCKET(v, c) != bucket) return false;
  for (i = 0; i < v->ndims; i++)
    if (k[i] != key[i]) return false;
  return true;
}

/* Linear probe for a key: the cell (>= 0) or -1, and the slot where the
 * probe stopped.  The index keeps each cell's hash, so a probe reads a cell
 * only when the hashes agree. */
static int64_t probe(const ccm_view *v, const uint32_t *key, int64_t bucket, uint32_t h, uint32_t *slot) {
  uint32_t mask = v->nindex - 1, i;
  for (i = h & mask; v->index[i]; i = (i + 1) & mask) {
    uint64_t entry = v->index[i];
    uint32_t c = (uint32_t)entry - 1;
    if ((uint32_t)(entry >> 32) == h && cell_is(v, c, key, bucket)) {
      *slot = i;
      return c;
    }
  }
  *slot = i;
  return -1;
}

/* Cell of a projected key, inserting it when absent (room was reserved). */
static uint32_t cell_for(ccm_view *v, const uint32_t *key, int64_t bucket) {
  uint32_t h, i, c;
  int64_t found;
  if (v->last && cell_is(v, v->last - 1, key, bucket)) return v->last - 1;
  h = key_hash(key, v->ndims, bucket);
  found = probe(v, key, bucket, h, &i);
  if (found >= 0) {
    c = (uint32_t)found;
  } else {
    c = v->ncells++;
    if (c == 0 || bucket < v->min_bucket) v->min_bucket = bucket;
    if (c == 0 || bucket > v->max_bucket) v->max_bucket = bucket;
    *CELL_BUCKET(v, c) = bucket;
    *CELL_HASH(v, c) = h;
    memcpy(CELL_KEY(v, c), key, v->ndims * sizeof *key);
    memcpy(CELL_SLOTS(v, c), ccm_cell_template_slots(), CCM_SLOTS * sizeof(int64_t));
    if (v->sketches) memset(CELL_SKETCHES(v, c), 0, CCM_NTIMERS * sizeof(uint32_t));
    v->index[i] = (uint64_t)h << 32 | (c + 1);
  }
  v->last = c + 1;
  return c;
}

int64_t ccm_view_find(const ccm_view *v, const uint32_t *key, int64_t bucket) {
  uint32_t slot;
  if (!v->nindex) return -1;
  return probe(v, key, bucket, key_hash(key, v->ndims, bucket), &slot);
}

const int64_t *ccm_view_cell_slots(const ccm_view *v, uint32_t cell) { return CELL_SLOTS(v, cell); }

const uint32_t *ccm_view_cell_sketches(const ccm_view *v, uint32_t cell) {
  return v->sketches ? CELL_SKETCHES(v, cell) : NULL;
}

void ccm_view_cell_key(const ccm_view *v, uint32_t cell, uint32_t *key, uint32_t nkey, int64_t *bucket) {
  const uint32_t *k = CELL_KEY(v, cell);
  uint32_t i;
  for (i = 0; i < nkey; i++) key[i] = 0;
  for (i = 0; i < v->ndims; i++)
    if (v->dim[i] < nkey) key[v->dim[i]] = k[i];
  if (bucket) *bucket = *CELL_BUCKET(v, cell);
}

static void apply_items(ccm_view *v, uint32_t c, const ccm_credit *cr) {
  int64_t *slots = CELL_SLOTS(v, c);
  uint32_t i;
  for (i = 0; i < cr->n; i++) {
    const ccm_credit_item *it = &cr->item[i];
    int64_t *p = slots + ccm_measure_slot[it->measure];
    int64_t mm = it->v;
    switch (it->op) {
      case CCM_OP_ADD:
        p[0] += it->v;
        continue;
      case CCM_OP_TIMER_OPEN:
        p[0] += 1;
        p[1] += it->v;
        continue;
      case CCM_OP_TIMER_MORE:
        p[1] += it->v;
        mm = it->mm;
        break;
      default: /* CCM_OP_TIMER */
        p[0] += 1;
        p[1] += it->v;
        break;
    }
    if (mm < p[2]) p[2] = mm;
    if (mm > p[3]) p[3] = mm;
    /* a sketch takes each completed value (room was reserved) */
    if (v->sketches) ccm_sketch_insert(&v->sk, &CELL_SKETCHES(v, c)[ccm_timer_index[it->measure]], mm);
  }
}

/* Sketch values a credit adds to each cell it reaches. */
uint32_t ccm_credit_sketch_values(const ccm_credit *cr) {
  uint32_t i, n = 0;
  for (i = 0; i < cr->n; i++) n += cr->item[i].op == CCM_OP_TIMER || cr->item[i].op == CCM_OP_TIMER_MORE;
  return n;
}

void ccm_view_credit(ccm_view *v, const ccm_credit *cr, const ccm_engine *e, uint32_t tag_head, int64_t bucket) {
  uint32_t key[CCM_KEY_DIMS], i, tag_pos = v->tag_pos;
  for (i = 0; i < v->ndims; i++) key[i] = cr->dims[v->dim[i]];
  if (!v->by_tag || cr->single_tag || tag_head == 0) {
    if (v->by_tag && !cr->single_tag) key[tag_pos] = 0;
    apply_items(v, cell_for(v, key, bucket), cr);
    return;
  }
  for (i = tag_head; i; i = ((const ccm_tag_node *)ccm_pool_at(&e->tags, i))->next) {
    key[tag_pos] = ((const ccm_tag_node *)ccm_pool_at(&e->tags, i))->tag;
    apply_items(v, cell_for(v, key, bucket), cr);
  }
}

/* Cells that already exist (they were credited before), so nothing is
 * allocated; a missing cell (none can be, by construction) is skipped. */
static void adjust_cell(ccm_view *v, const uint32_t *key, int64_t bucket, int32_t measure, int64_t delta) {
  int64_t c = ccm_view_find(v, key, bucket);
  if (c >= 0) CELL_SLOTS(v, (uint32_t)c)[ccm_measure_slot[measure]] += delta;
}

void ccm_view_adjust(ccm_view *v, const uint32_t *dims, const ccm_engine *e, uint32_t tag_head, uint32_t ntags_now,
                     uint32_t ntags, int64_t bucket, int32_t measure, int64_t delta) {
  uint32_t key[CCM_KEY_DIMS], i, ref, skip;
  for (i = 0; i < v->ndims; i++) key[i] = dims[v->dim[i]];
  if (!v->by_tag || ntags == 0) {
    if (v->by_tag) key[v->tag_pos] = 0;
    adjust_cell(v, key, bucket, measure, delta);
    return;
  }
  skip = ntags_now > ntags ? ntags_now - ntags : 0;
  for (ref = tag_head; ref; ref = ((const ccm_tag_node *)ccm_pool_at(&e->tags, ref))->next) {
    if (skip) {
      skip--;
      continue;
    }
    key[v->tag_pos] = ((const ccm_tag_node *)ccm_pool_at(&e->tags, ref))->tag;
    adjust_cell(v, key, bucket, measure, delta);
  }
}
