/* view.c: views, their cells, and routing of credits to cells. */
#include <string.h>

#include "ccmetrics_int.h"
#include "hash.h"

/* A cell's header, in `stride` bytes of a chunk of the view's cells (a
 * cell is named by its index; chunks do not move, and a view holds at most
 * one chunk more than it needs):
 *   0  int64  bucket
 *   8  uint32 block: reference of its measures' words (0 = none yet)
 *   12 uint8  off[CCM_CELL_GROUPS]: each group's first word in the block
 *   .. uint8  words in the block
 *   .. uint32 key[ndims], 4-aligned
 *   .. uint32 sketch[CCM_NTIMERS] (with CCM_VIEW_SKETCHES)
 * Headers are 4-aligned (the bucket is read and written with memcpy), and
 * the key's hash is kept in the index only: every byte counts in a view of
 * millions of cells. */
#define CELL_AT(v, c) ((v)->chunk[(c) >> CCM_CELL_CHUNK_SHIFT] + (size_t)((c) & (CCM_CELL_CHUNK - 1)) * (v)->stride)
#define CELL_BLOCK_AT 8
#define CELL_OFF_AT 12
#define CELL_BLOCK(v, c) ((uint32_t *)(void *)(CELL_AT(v, c) + CELL_BLOCK_AT))
#define CELL_OFF(v, c) (CELL_AT(v, c) + CELL_OFF_AT)
#define CELL_USED(v, c) (CELL_AT(v, c) + CELL_OFF_AT + CCM_CELL_GROUPS)
#define CELL_KEY_AT ((CELL_OFF_AT + CCM_CELL_GROUPS + 1 + 3) & ~3)
#define CELL_KEY(v, c) ((uint32_t *)(void *)(CELL_AT(v, c) + CELL_KEY_AT))
#define CELL_SKETCHES(v, c) ((uint32_t *)(void *)(CELL_AT(v, c) + (v)->sketches_at))

static int64_t cell_bucket(const ccm_view *v, uint32_t c) {
  int64_t b;
  memcpy(&b, CELL_AT(v, c), sizeof b);
  return b;
}

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
  v->stride = CELL_KEY_AT + 4 * (size_t)v->ndims;
  v->sketches = (flags & CCM_VIEW_SKETCHES) != 0;
  v->sketches_at = v->stride;
  if (v->sketches) v->stride += CCM_NTIMERS * sizeof(uint32_t);
  if (ccm_route_cache_resize(e, v) != CCM_OK) {
    ccm_free(&e->mem, v, sizeof *v);
    return CCM_E_NOMEM;
  }
  ccm_cell_plan_init(&v->plan);
  ccm_word_store_init(&v->words);
  ccm_sketch_store_init(&v->sk);
  e->views[e->nviews++] = v;
  e->grain_views[grain]++;
  e->view_room = 0; /* the new view has none */
  ccm_buckets_forget_last(e);
  *out = v;
  return CCM_OK;
}

void ccm_view_destroy(ccm_view *v) {
  ccm_mem *m = &v->engine->mem;
  uint32_t i;
  for (i = 0; i < v->nchunks; i++) ccm_free(m, v->chunk[i], (size_t)CCM_CELL_CHUNK * v->stride);
  ccm_free(m, v->chunk, (size_t)v->chunks_cap * sizeof *v->chunk);
  ccm_free(m, v->index, (size_t)v->nindex * sizeof *v->index);
  ccm_free(m, v->by_id, (size_t)v->nby_id * sizeof *v->by_id);
  ccm_word_store_free(&v->words, m);
  ccm_sketch_store_free(&v->sk, m);
  ccm_free(m, v, sizeof *v);
}

uint32_t ccm_view_dims(const ccm_view *v) { return v ? v->mask : 0; }

int32_t ccm_view_grain(const ccm_view *v) { return v ? v->grain : CCM_E_INVALID_ARG; }

int64_t ccm_view_cells(const ccm_view *v) { return v ? (int64_t)v->ncells : 0; }

/* by_id covers every id of the view's dimension (ccm_view_by_id_wanted),
 * when there is memory for it: the table only saves the index's work, so
 * an id it does not cover goes to the index, and out of memory it stays as
 * it is (the next reserve asks again). */
static void grow_by_id(ccm_view *v) {
  uint32_t want = ccm_view_by_id_wanted(v), n = v->nby_id ? v->nby_id : 16;
  struct ccm_id_cell *grown;
  if (v->nby_id >= want) return;
  while (n < want) n *= 2;
  grown = ccm_realloc_array(&v->engine->mem, v->by_id, v->nby_id, n, sizeof *grown);
  if (!grown) return;
  memset(grown + v->nby_id, 0, (size_t)(n - v->nby_id) * sizeof *grown);
  v->by_id = grown;
  v->nby_id = n;
}

/* Credits to `more` cells, new or not, and `inserts` sketch values: each
 * cell may be new and may grow to hold every group (ccm_view_reserve, in
 * ccmetrics_int.h, answers the usual case without a call). */
int32_t ccm_view_reserve_slow(ccm_view *v, uint32_t more, uint32_t inserts) {
  int32_t rc;
  grow_by_id(v);
  if (v->sketches && inserts) {
    rc = ccm_sketch_reserve(&v->sk, &v->engine->mem, inserts);
    if (rc) return rc;
  }
  rc = ccm_view_reserve_cells(v, more);
  if (rc == CCM_OK) rc = ccm_view_reserve_words(v, (uint64_t)more * v->plan.total_words);
  return rc;
}

int32_t ccm_view_reserve_words(ccm_view *v, uint64_t words) {
  v->engine->view_room = 0; /* see ccm_view_reserve */
  return ccm_word_store_reserve(&v->words, &v->engine->mem, words);
}

uint32_t ccm_view_room(const ccm_view *v) {
  uint64_t words;
  uint32_t cells = v->cells_room - v->ncells;
  if (v->sketches) return 0; /* each credit also asks for sketch room */
  words = ccm_word_store_room(&v->words) / (v->plan.total_words ? v->plan.total_words : 1);
  return words < cells ? (uint32_t)words : cells;
}

/* Make sure `more` new cells can be inserted without allocating. */
int32_t ccm_view_reserve_cells(ccm_view *v, uint32_t more) {
  ccm_mem *m = &v->engine->mem;
  uint32_t need;
  v->engine->view_room = 0; /* see ccm_view_reserve */
  if (more > 0x3FFFFFFFu - v->ncells) return CCM_E_LIMIT;
  need = v->ncells + more;
  while (need > v->nchunks * CCM_CELL_CHUNK) {
    unsigned char *chunk;
    if (v->nchunks == v->chunks_cap) {
      uint32_t ncap = v->chunks_cap ? v->chunks_cap * 2 : 4;
      unsigned char **chunks = ccm_realloc_array(m, v->chunk, v->chunks_cap, ncap, sizeof *chunks);
      if (!chunks) return CCM_E_NOMEM;
      v->chunk = chunks;
      v->chunks_cap = ncap;
    }
    chunk = ccm_alloc(m, (size_t)CCM_CELL_CHUNK * v->stride);
    if (!chunk) return CCM_E_NOMEM;
    v->chunk[v->nchunks++] = chunk;
  }
  if ((uint64_t)need * 4 > (uint64_t)v->nindex * 3) { /* load factor at most 3/4 */
    uint32_t n = v->nindex ? v->nindex : 32, i, mask;
    uint64_t *index;
    while ((uint64_t)need * 4 > (uint64_t)n * 3) n *= 2;
    index = ccm_zalloc(m, (size_t)n * sizeof *index);
    if (!index) return CCM_E_NOMEM;
    mask = n - 1;
    for (i = 0; i < v->nindex; i++) { /* an entry carries its key's hash */
      uint32_t at;
      if (!v->index[i]) continue;
      at = (uint32_t)(v->index[i] >> 32) & mask;
      while (index[at]) at = (at + 1) & mask;
      index[at] = v->index[i];
    }
    ccm_free(m, v->index, (size_t)v->nindex * sizeof *v->index);
    v->index = index;
    v->nindex = n;
  }
  v->cells_room = v->nchunks * CCM_CELL_CHUNK < v->nindex / 4 * 3 ? v->nchunks * CCM_CELL_CHUNK : v->nindex / 4 * 3;
  return CCM_OK;
}

static bool cell_is(const ccm_view *v, uint32_t c, const uint32_t *key, int64_t bucket) {
  const uint32_t *k = CELL_KEY(v, c);
  uint32_t i;
  if (cell_bucket(v, c) != bucket) return false;
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
static uint32_t cell_indexed(ccm_view *v, const uint32_t *key, int64_t bucket) {
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
    memcpy(CELL_AT(v, c), &bucket, sizeof bucket);
    *CELL_BLOCK(v, c) = 0;
    memset(CELL_OFF(v, c), CCM_GROUP_ABSENT, CCM_CELL_GROUPS);
    *CELL_USED(v, c) = 0;
    memcpy(CELL_KEY(v, c), key, v->ndims * sizeof *key);
    if (v->sketches) memset(CELL_SKETCHES(v, c), 0, CCM_NTIMERS * sizeof(uint32_t));
    v->index[i] = (uint64_t)h << 32 | (c + 1);
  }
  v->last = c + 1;
  return c;
}

/* The cell of a key in a bucket, made when new (room was reserved).  A
 * cell never moves nor changes its key, so an id's entry in by_id names
 * the right cell for as long as its bucket is the one asked for. */
static CCM_ALWAYS_INLINE uint32_t cell_for(ccm_view *v, const uint32_t *key, int64_t bucket) {
  struct ccm_id_cell *known;
  uint32_t c;
  /* nby_id first: a view without one dimension has none, and no key[0] */
  if (!v->nby_id || key[0] >= v->nby_id) return cell_indexed(v, key, bucket);
  known = &v->by_id[key[0]];
  if (known->cell && known->bucket == bucket) return known->cell - 1;
  c = cell_indexed(v, key, bucket);
  known->bucket = bucket;
  known->cell = c + 1;
  return c;
}

int64_t ccm_view_find(const ccm_view *v, const uint32_t *key, int64_t bucket) {
  uint32_t slot;
  if (!v->nindex) return -1;
  return probe(v, key, bucket, key_hash(key, v->ndims, bucket), &slot);
}

/* ---- a cell's measures --------------------------------------------------- */

static bool has_group(const ccm_view *v, uint32_t c, uint32_t g) { return CELL_OFF(v, c)[g] != CCM_GROUP_ABSENT; }

/* The groups a cell holds. */
static uint32_t groups_of(const ccm_view *v, uint32_t c) {
  uint32_t mask = 0, g;
  for (g = 0; g < CCM_CELL_GROUPS; g++)
    if (has_group(v, c, g)) mask |= 1u << g;
  return mask;
}

/* The words of a measure the cell holds (its group is there). */
static int64_t *measure_words(const ccm_view *v, uint32_t c, int32_t m) {
  return ccm_word_store_at(&v->words, *CELL_BLOCK(v, c)) + CELL_OFF(v, c)[v->plan.group[m]] + v->plan.at[m];
}

/* Words a cell takes once it holds the groups of `mask` too. */
static uint32_t words_with(const ccm_view *v, uint32_t c, uint32_t mask) {
  uint32_t n = *CELL_USED(v, c), g;
  for (g = 0; g < CCM_CELL_GROUPS; g++)
    if ((mask >> g & 1) && !has_group(v, c, g)) n += v->plan.group_words[g];
  return n;
}

/* Move a cell to a block that also holds the groups of `mask` (empty:
 * timer minima and maxima at their sentinels), giving the old block back.
 * Room was reserved. */
static void add_groups(ccm_view *v, uint32_t c, uint32_t mask) {
  const int64_t *empty = ccm_cell_template_slots();
  uint8_t *off = CELL_OFF(v, c);
  uint32_t used = *CELL_USED(v, c), n = words_with(v, c, mask), g, k, ref, old = *CELL_BLOCK(v, c);
  int64_t *block;
  if (n == used) return;
  ref = ccm_word_store_take(&v->words, n);
  block = ccm_word_store_at(&v->words, ref);
  if (used) {
    memcpy(block, ccm_word_store_at(&v->words, old), used * sizeof *block);
    ccm_word_store_give(&v->words, old, used);
  }
  mask &= ~groups_of(v, c); /* the groups added: each starts as an empty cell's */
  for (g = 0; g < CCM_CELL_GROUPS; g++) {
    if (!(mask >> g & 1)) continue;
    off[g] = (uint8_t)used;
    for (k = v->plan.first[g]; k < v->plan.first[g + 1]; k++) {
      uint32_t m = v->plan.member[k];
      memcpy(block + used + v->plan.at[m], empty + ccm_measure_slot[m], v->plan.words[m] * sizeof *block);
    }
    used += v->plan.group_words[g];
  }
  *CELL_BLOCK(v, c) = ref;
  *CELL_USED(v, c) = (uint8_t)n;
}

/* The measures of the groups a cell holds: where each lies in the layout,
 * its words in the block and how many; their count. */
typedef struct held_measure {
  const int64_t *words;
  uint16_t slot, n;
} held_measure;

static uint32_t held_measures(const ccm_view *v, uint32_t c, held_measure *out) {
  const uint8_t *off = CELL_OFF(v, c);
  const int64_t *block;
  uint32_t g, k, n = 0;
  if (!*CELL_USED(v, c)) return 0;
  block = ccm_word_store_at(&v->words, *CELL_BLOCK(v, c));
  for (g = 0; g < CCM_CELL_GROUPS; g++) {
    if (off[g] == CCM_GROUP_ABSENT) continue;
    for (k = v->plan.first[g]; k < v->plan.first[g + 1]; k++, n++) {
      uint32_t m = v->plan.member[k];
      out[n].words = block + off[g] + v->plan.at[m];
      out[n].slot = ccm_measure_slot[m];
      out[n].n = v->plan.words[m];
    }
  }
  return n;
}

void ccm_view_cell_read(const ccm_view *v, uint32_t c, int64_t *slots) {
  held_measure h[CCM_MS_COUNT];
  uint32_t n = held_measures(v, c, h), i;
  memcpy(slots, ccm_cell_template_slots(), CCM_SLOTS * sizeof *slots);
  for (i = 0; i < n; i++) {
    int64_t *s = slots + h[i].slot;
    const int64_t *w = h[i].words;
    s[0] = w[0];
    if (h[i].n == 4) s[1] = w[1], s[2] = w[2], s[3] = w[3];
  }
}

void ccm_view_cell_read_metric(const ccm_view *v, int64_t cell, int32_t metric, int64_t *slots) {
  const int64_t *empty = ccm_cell_template_slots();
  int32_t ms[CCM_METRIC_MEASURES];
  uint32_t n = ccm_metric_measures(metric, ms), i, k;
  for (i = 0; i < n; i++) {
    /* an empty cell's slots (a level has three, of which a cell stores its
     * change), then the words the cell holds */
    uint32_t s = ccm_measure_slot[ms[i]], width = ccm_measure_is_level[ms[i]] ? 3 : v->plan.words[ms[i]];
    for (k = 0; k < width; k++) slots[s + k] = empty[s + k];
    if (cell >= 0 && has_group(v, (uint32_t)cell, v->plan.group[ms[i]])) {
      const int64_t *w = measure_words(v, (uint32_t)cell, ms[i]);
      for (k = 0; k < v->plan.words[ms[i]]; k++) slots[s + k] = w[k];
    }
  }
}

int64_t ccm_view_cell_field(const ccm_view *v, uint32_t c, int32_t measure, uint32_t word) {
  if (!has_group(v, c, v->plan.group[measure])) return ccm_cell_template_slots()[ccm_measure_slot[measure] + word];
  return measure_words(v, c, measure)[word];
}

/* One measure's words merged into another's: counts, sums and level
 * changes add, minima and maxima combine. */
static void merge_measure(int64_t *a, const int64_t *b, uint32_t words) {
  a[0] += b[0];
  if (words == 1) return;
  a[1] += b[1];
  if (b[2] < a[2]) a[2] = b[2];
  if (b[3] > a[3]) a[3] = b[3];
}

void ccm_view_cell_merge_into(const ccm_view *v, uint32_t c, int64_t *slots) {
  held_measure h[CCM_MS_COUNT];
  uint32_t n = held_measures(v, c, h), i;
  for (i = 0; i < n; i++) merge_measure(slots + h[i].slot, h[i].words, h[i].n);
}

uint32_t ccm_view_cell_merge_words(const ccm_view *dv, int64_t to, const ccm_view *sv, uint32_t c) {
  uint32_t n;
  if (to < 0) return *CELL_USED(sv, c);
  n = words_with(dv, (uint32_t)to, groups_of(sv, c));
  return n > *CELL_USED(dv, (uint32_t)to) ? n : 0; /* a cell that grows takes a new block */
}

void ccm_view_cell_merge(ccm_view *dv, uint32_t to, const ccm_view *sv, uint32_t c) {
  uint32_t mask = groups_of(sv, c), g, k;
  const uint8_t *soff = CELL_OFF(sv, c), *doff = CELL_OFF(dv, to);
  const int64_t *src;
  int64_t *dst;
  if (!mask) return;
  add_groups(dv, to, mask);
  src = ccm_word_store_at(&sv->words, *CELL_BLOCK(sv, c));
  dst = ccm_word_store_at(&dv->words, *CELL_BLOCK(dv, to));
  for (g = 0; g < CCM_CELL_GROUPS; g++) {
    if (!(mask >> g & 1)) continue;
    for (k = sv->plan.first[g]; k < sv->plan.first[g + 1]; k++) {
      uint32_t m = sv->plan.member[k], at = sv->plan.at[m];
      merge_measure(dst + doff[g] + at, src + soff[g] + at, sv->plan.words[m]);
    }
  }
}

void ccm_view_cell_set(ccm_view *v, uint32_t c, const int64_t *slots) {
  const int64_t *empty = ccm_cell_template_slots();
  uint32_t mask = 0;
  int32_t m;
  for (m = 0; m < CCM_MS_COUNT; m++)
    if (memcmp(slots + ccm_measure_slot[m], empty + ccm_measure_slot[m], v->plan.words[m] * sizeof *slots) != 0)
      mask |= 1u << v->plan.group[m];
  if (!mask) return;
  add_groups(v, c, mask);
  for (m = 0; m < CCM_MS_COUNT; m++)
    if (mask >> v->plan.group[m] & 1)
      memcpy(measure_words(v, c, m), slots + ccm_measure_slot[m], v->plan.words[m] * sizeof *slots);
}

const uint32_t *ccm_view_cell_sketches(const ccm_view *v, uint32_t cell) {
  return v->sketches ? CELL_SKETCHES(v, cell) : NULL;
}

uint32_t *ccm_view_cell_sketches_mut(ccm_view *v, uint32_t cell) { return v->sketches ? CELL_SKETCHES(v, cell) : NULL; }

void ccm_view_cell_key(const ccm_view *v, uint32_t cell, uint32_t *key, uint32_t nkey, int64_t *bucket) {
  const uint32_t *k = CELL_KEY(v, cell);
  uint32_t i;
  for (i = 0; i < nkey; i++) key[i] = 0;
  for (i = 0; i < v->ndims; i++)
    if (v->dim[i] < nkey) key[v->dim[i]] = k[i];
  if (bucket) *bucket = cell_bucket(v, cell);
}

/* The groups of items [from, n) of a credit that a cell lacks. */
static uint32_t missing_groups(const ccm_view *v, uint32_t c, const ccm_credit *cr, uint32_t from) {
  const uint8_t *off = CELL_OFF(v, c);
  uint32_t i, mask = 0;
  for (i = from; i < cr->n; i++)
    if (off[v->plan.group[cr->item[i].measure]] == CCM_GROUP_ABSENT) mask |= 1u << v->plan.group[cr->item[i].measure];
  return mask;
}

/* One item to its words p: counts and gauge changes add, timers count,
 * sum and keep their extremes.  Returns whether a value completed (a
 * sketch takes it: *done). */
static inline bool apply_words(int64_t *p, const ccm_credit_item *it, int64_t *done) {
  int64_t mm = it->v;
  switch (it->op) {
    case CCM_OP_ADD:
      p[0] += it->v;
      return false;
    case CCM_OP_TIMER_OPEN:
      p[0] += 1;
      p[1] += it->v;
      return false;
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
  *done = mm;
  return true;
}

/* Items [it, end) of a credit to a cell that may lack their groups (the
 * cell grows once by every group it lacks), in a view that may keep
 * sketches.  Out of line, so that apply_items' usual path stays small. */
static CCM_NOINLINE void apply_items_slow(ccm_view *v, uint32_t c, const ccm_credit *cr, const ccm_credit_item *it) {
  const ccm_credit_item *end = cr->item + cr->n;
  const uint8_t *off = CELL_OFF(v, c);
  int64_t *block;
  uint32_t missing;
  if (it == end) return; /* a cell without a block has no words to point to */
  missing = missing_groups(v, c, cr, (uint32_t)(it - cr->item));
  if (missing) add_groups(v, c, missing);
  block = ccm_word_store_at(&v->words, *CELL_BLOCK(v, c));
  for (; it < end; it++) {
    int64_t done;
    /* a sketch takes each completed value (room was reserved) */
    if (apply_words(block + off[v->plan.group[it->measure]] + v->plan.at[it->measure], it, &done) && v->sketches)
      ccm_sketch_insert(&v->sk, &CELL_SKETCHES(v, c)[ccm_timer_index[it->measure]], done);
  }
}

/* A credit's items to a cell.  The usual case (the cell holds every group
 * the items name, the view keeps no sketches, the item is a count) calls
 * nothing, so it needs few registers; the rest goes to apply_items_slow. */
static CCM_ALWAYS_INLINE void apply_items(ccm_view *v, uint32_t c, const ccm_credit *cr) {
  unsigned char *cell = CELL_AT(v, c);
  const uint8_t *off = cell + CELL_OFF_AT;
  const ccm_credit_item *it = cr->item, *end = cr->item + cr->n;
  uint32_t ref;
  int64_t *block, done;
  memcpy(&ref, cell + CELL_BLOCK_AT, sizeof ref);
  if (!ref || v->sketches) {
    apply_items_slow(v, c, cr, it);
    return;
  }
  block = ccm_word_store_at(&v->words, ref);
  for (; it < end; it++) {
    uint32_t m = it->measure, o = off[v->plan.group[m]];
    int64_t *p;
    if (o == CCM_GROUP_ABSENT) {
      apply_items_slow(v, c, cr, it);
      return;
    }
    p = block + o + v->plan.at[m];
    if (it->op == CCM_OP_ADD) p[0] += it->v;
    else apply_words(p, it, &done);
  }
}

/* Sketch values a credit adds to each cell it reaches. */
uint32_t ccm_credit_sketch_values(const ccm_credit *cr) {
  uint32_t i, n = 0;
  for (i = 0; i < cr->n; i++) n += cr->item[i].op == CCM_OP_TIMER || cr->item[i].op == CCM_OP_TIMER_MORE;
  return n;
}

static CCM_ALWAYS_INLINE uint32_t credit_keyed(ccm_view *v, const ccm_credit *cr, const uint32_t *dims,
                                               int64_t bucket) {
  uint32_t key[CCM_KEY_DIMS], i, c;
  for (i = 0; i < v->ndims; i++) key[i] = dims[v->dim[i]];
  c = cell_for(v, key, bucket);
  apply_items(v, c, cr);
  return c;
}

uint32_t ccm_view_credit_keyed(ccm_view *v, const ccm_credit *cr, const uint32_t *dims, int64_t bucket) {
  return credit_keyed(v, cr, dims, bucket);
}

void ccm_view_credit_cell(ccm_view *v, const ccm_credit *cr, uint32_t cell) {
  v->last = cell + 1;
  apply_items(v, cell, cr);
}

void ccm_view_credit_cells(ccm_view *const *views, const uint32_t *cells, uint32_t n, const ccm_credit *cr) {
  uint32_t i;
  for (i = 0; i < n; i++) {
    views[i]->last = cells[i] + 1;
    apply_items(views[i], cells[i], cr);
  }
}

/* A credit to a view by tag: the cell of the credit's one tag, or of each
 * of the contact's tags.  Out of line: the usual view, not by tag, then
 * needs no key array in ccm_view_credit's frame. */
static CCM_NOINLINE void credit_by_tag(ccm_view *v, const ccm_credit *cr, const ccm_engine *e, uint32_t tag_head,
                                       int64_t bucket) {
  uint32_t key[CCM_KEY_DIMS], i, tag_pos = v->tag_pos;
  for (i = 0; i < v->ndims; i++) key[i] = cr->dims[v->dim[i]];
  if (ccm_credit_one_tag(e, cr, tag_head, &key[tag_pos])) {
    apply_items(v, cell_for(v, key, bucket), cr);
    return;
  }
  for (i = tag_head; i; i = ((const ccm_tag_node *)ccm_pool_at(&e->tags, i))->next) {
    key[tag_pos] = ((const ccm_tag_node *)ccm_pool_at(&e->tags, i))->tag;
    apply_items(v, cell_for(v, key, bucket), cr);
  }
}

void ccm_view_credit(ccm_view *v, const ccm_credit *cr, const ccm_engine *e, uint32_t tag_head, int64_t bucket) {
  if (v->by_tag) credit_by_tag(v, cr, e, tag_head, bucket);
  else credit_keyed(v, cr, cr->dims, bucket);
}

/* Cells that already exist (they were credited before), so nothing is
 * allocated; a missing cell (none can be, by construction) is skipped. */
static void adjust_cell(ccm_view *v, const uint32_t *key, int64_t bucket, int32_t measure, int64_t delta) {
  int64_t c = ccm_view_find(v, key, bucket);
  if (c >= 0 && has_group(v, (uint32_t)c, v->plan.group[measure])) measure_words(v, (uint32_t)c, measure)[0] += delta;
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
