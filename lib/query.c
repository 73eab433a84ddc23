/* query.c: metric of a cell, rollups into measure sets, cursors over cells. */
#include <string.h>

#include "ccmetrics_int.h"

/* ---- levels (doc/CHOICES.md, "Levels") ---------------------------------- */

/* The level measures, from the one measure list (a constant table: no
 * lazily built global, so queries stay free of shared mutable state). */
#define CCM_X_LEVEL_COUNT(id)
#define CCM_X_LEVEL_TIMER(id)
#define CCM_X_LEVEL_LEVEL(id) CCM_MS_##id,
#define CCM_X_LEVEL(id, name, kind, family) CCM_X_LEVEL_##kind(id)
static const int32_t level_measure[] = {CCM_MEASURE_LIST(CCM_X_LEVEL)};
#undef CCM_X_LEVEL
#undef CCM_X_LEVEL_COUNT
#undef CCM_X_LEVEL_TIMER
#undef CCM_X_LEVEL_LEVEL
#define NLEVELS ((int32_t)(sizeof level_measure / sizeof level_measure[0]))
static const int32_t nlevels = NLEVELS;

/* The shortest a grain's bucket lasts (less only across a clock change),
 * to bound how many buckets a time range holds. */
static int64_t bucket_step(const ccm_view *v) {
  switch (v->grain) {
    case CCM_GRAIN_INTERVAL: return v->engine->cfg[CCM_CFG_INTERVAL_MS];
    case CCM_GRAIN_DATE: return 86400000;
    case CCM_GRAIN_WEEK: return 7 * INT64_C(86400000);
    case CCM_GRAIN_MONTH: return 28 * INT64_C(86400000);
    default: return 1;
  }
}

/* Whether the view's engine keeps levels at all (CCM_CFG_LEVELS). */
static bool levels_kept(const ccm_view *v) { return v->engine->cfg[CCM_CFG_LEVELS] != 0; }

/* Levels have a meaning in time order: not by hour of day or day of week;
 * and an engine made with CCM_CFG_LEVELS 0 keeps none. */
static bool levels_defined(const ccm_view *v) {
  return levels_kept(v) && (v->grain == CCM_GRAIN_NONE || ccm_grain_has_instants(v->grain));
}

/* Whether every dimension a filter leaves open or fixes admits the empty key
 * (the initial customer base belongs to it). */
static bool admits_empty(const ccm_view *v, const uint32_t *want) {
  uint32_t i;
  for (i = 0; i < v->ndims; i++)
    if (want[i] != CCM_ANY && want[i] != 0) return false;
  return true;
}

static bool key_matches(const ccm_view *v, const uint32_t *want, uint32_t c) {
  uint32_t key[CCM_KEY_DIMS], i;
  ccm_view_cell_key(v, c, key, CCM_KEY_DIMS, NULL);
  for (i = 0; i < v->ndims; i++)
    if (want[i] != CCM_ANY && key[v->dim[i]] != want[i]) return false;
  return true;
}

/* Start and end of each level in slots (which hold the changes within
 * [from, to) of the cells the filter admits): start = every earlier change
 * (+ the base), end = start + the changes within. */
static void fill_levels(const ccm_view *v, const uint32_t *want, int64_t from, int64_t *slots) {
  int64_t before[NLEVELS] = {0};
  int32_t k;
  if (v->grain != CCM_GRAIN_NONE && v->ncells && from > v->min_bucket) {
    bool fixed = true;
    uint32_t i;
    int64_t step = bucket_step(v);
    for (i = 0; i < v->ndims; i++) fixed = fixed && want[i] != CCM_ANY;
    if (fixed && (uint64_t)(from - v->min_bucket) / (uint64_t)step < v->ncells) {
      /* one key: look each earlier bucket up, from the last one before from */
      int64_t b;
      ccm_clock_memo memo;
      ccm_span sp;
      ccm_clock_memo_init(&memo);
      for (ccm_time_span_memo(v->engine, &memo, v->grain, from - 1, &sp), b = sp.id; b >= v->min_bucket;
           ccm_time_span_memo(v->engine, &memo, v->grain, b - 1, &sp), b = sp.id) {
        int64_t c = ccm_view_find(v, want, b);
        if (c >= 0)
          for (k = 0; k < nlevels; k++) before[k] += ccm_view_cell_field(v, (uint32_t)c, level_measure[k], 0);
      }
    } else {
      uint32_t c;
      for (c = 0; c < v->ncells; c++) {
        int64_t bucket;
        ccm_view_cell_key(v, c, NULL, 0, &bucket);
        if (bucket >= from || !key_matches(v, want, c)) continue;
        for (k = 0; k < nlevels; k++) before[k] += ccm_view_cell_field(v, c, level_measure[k], 0);
      }
    }
  }
  for (k = 0; k < nlevels; k++) {
    int64_t *p = slots + ccm_measure_slot[level_measure[k]];
    int64_t base = level_measure[k] == CCM_MS_CUSTOMERS_ACTIVE && admits_empty(v, want)
                       ? v->engine->cfg[CCM_CFG_CUSTOMERS_BASE]
                       : 0;
    p[CCM_LEVEL_START] += before[k] + base;
    p[CCM_LEVEL_END] += before[k] + base + p[0];
  }
}

/* A contact waiting now that a view counts, and its in-queue key (tags
 * apart: the contact's own). */
static bool waiting_key(const ccm_view *v, const ccm_contact *c, uint32_t *dims) {
  if ((c->flags & (CCM_C_USED | CCM_C_IN_QUEUE | CCM_C_ENDED)) != (CCM_C_USED | CCM_C_IN_QUEUE)) return false;
  if ((uint32_t)c->gauge_views <= v->pos + 1u) return false; /* not counted by views made after it started */
  memset(dims, 0, CCM_KEY_DIMS * sizeof *dims);
  dims[CCM_DIM_SKILL] = c->q_skill;
  ccm_contact_dims(c, dims);
  return true;
}

/* The age of the oldest contact waiting now (the engine's latest advance)
 * whose in-queue key the filter admits, when now's bucket is in [from, to). */
static bool longest_wait(const ccm_view *v, const uint32_t *want, int64_t from, int64_t to, int64_t *age) {
  const ccm_engine *e = v->engine;
  int64_t nowb;
  uint32_t i;
  bool any = false;
  if (e->now == INT64_MIN || !levels_defined(v)) return false;
  nowb = ccm_time_bucket(e, v->grain, e->now);
  if (nowb < from || nowb >= to) return false;
  for (i = 0; i < e->contacts.hwm; i++) {
    const ccm_contact *c = &e->contacts.rec[i];
    uint32_t dims[CCM_KEY_DIMS], d;
    bool match = true;
    if (!waiting_key(v, c, dims)) continue;
    for (d = 0; d < v->ndims && match; d++) {
      if (want[d] == CCM_ANY) continue;
      if (v->by_tag && d == v->tag_pos) match = want[d] == 0 ? c->ntags == 0 : ccm_contact_has_tag(e, c, want[d]);
      else match = dims[v->dim[d]] == want[d];
    }
    if (!match) continue;
    {
      int64_t a = e->now > c->q_enter ? e->now - c->q_enter : 0;
      if (!any || a > *age) *age = a;
      any = true;
    }
  }
  return any;
}

/* A metric over one set of slots, with its levels filled in. */
static int32_t metric_of(const ccm_view *v, const int64_t *slots, int32_t metric, bool wait_known, int64_t wait,
                         double *value) {
  *value = 0;
  if (ccm_metric_is_longest_wait(metric)) {
    if (!wait_known) return CCM_UNDEFINED;
    *value = (double)wait;
    return CCM_OK;
  }
  if (v && !levels_defined(v) && ccm_metric_reads_levels(metric)) return CCM_UNDEFINED;
  return ccm_slots_metric(slots, metric, value);
}

/* Project a caller's key (indexed by CCM_DIM_*) onto a view's dimensions. */
static int32_t project(const ccm_view *v, const uint32_t *key, uint32_t nkey, uint32_t *out) {
  uint32_t i;
  for (i = 0; i < v->ndims; i++) {
    if (!key || v->dim[i] >= nkey) return CCM_E_INVALID_ARG;
    out[i] = key[v->dim[i]];
  }
  return CCM_OK;
}

int32_t ccm_query(const ccm_view *v, const uint32_t *key, uint32_t nkey, int64_t bucket, int32_t metric,
                  double *value) {
  uint32_t k[CCM_KEY_DIMS];
  int64_t cell;
  int32_t rc;
  if (!v || !value) return CCM_E_INVALID_ARG;
  rc = project(v, key, nkey, k);
  if (rc) return rc;
  cell = ccm_view_find(v, k, bucket);
  if (metric < 0 || metric >= ccm_metric_count()) return CCM_E_NOT_FOUND;
  if (ccm_metric_is_longest_wait(metric)) {
    int64_t age = 0;
    bool known = longest_wait(v, k, bucket, bucket + 1, &age);
    return metric_of(v, NULL, metric, known, age, value);
  }
  {
    int64_t slots[CCM_SLOTS];
    if (ccm_metric_reads_levels(metric) && levels_defined(v)) {
      if (cell < 0) memcpy(slots, ccm_cell_template_slots(), sizeof slots);
      else ccm_view_cell_read(v, (uint32_t)cell, slots);
      fill_levels(v, k, bucket, slots);
    } else {
      ccm_view_cell_read_metric(v, cell, metric, slots); /* the formula reads nothing else */
    }
    return metric_of(v, slots, metric, false, 0, value);
  }
}

/* Objects that only borrow the engine's hooks: their memory is theirs, not
 * the engine's, so they may be freed in any order with it. */
static void *alloc_detached(const ccm_allocator *hooks, size_t size, ccm_mem *mem) {
  ccm_mem_init(mem, hooks);
  return ccm_alloc(mem, size);
}

int32_t ccm_measures_new(ccm_engine *e, ccm_measures **out) {
  ccm_mem mem;
  ccm_measures *m;
  if (!e || !out) return CCM_E_INVALID_ARG;
  *out = NULL;
  m = alloc_detached(&e->mem.hooks, sizeof *m, &mem);
  if (!m) return CCM_E_NOMEM;
  m->mem = mem;
  ccm_sketch_store_init(&m->sk);
  ccm_measures_clear(m);
  *out = m;
  return CCM_OK;
}

void ccm_measures_free(ccm_measures *m) {
  ccm_mem mem;
  if (!m) return;
  mem = m->mem;
  ccm_sketch_store_free(&m->sk, &mem);
  ccm_free(&mem, m, sizeof *m);
}

void ccm_measures_clear(ccm_measures *m) {
  if (!m) return;
  memcpy(m->slots, ccm_cell_template_slots(), sizeof m->slots);
  m->levels_undefined = false;
  m->levels_off = false;
  m->has_wait = false;
  m->longest_wait = 0;
  m->span_set = false;
  m->span_from = m->span_to = 0;
  m->sketch_state = CCM_SKETCHES_NONE;
  memset(m->sketch, 0, sizeof m->sketch);
  ccm_sketch_store_clear(&m->sk);
}

/* Levels add across keys of one time span; merged over different spans
 * (cells of several buckets, rollups over several ranges) they would need
 * each key's first start and last end, so they become undefined. */
static void note_span(ccm_measures *m, const ccm_view *v, int64_t from, int64_t to) {
  if (!levels_defined(v)) m->levels_undefined = true;
  if (!levels_kept(v)) m->levels_off = true;
  if (!m->span_set) {
    m->span_set = true;
    m->span_from = from;
    m->span_to = to;
  } else if (m->span_from != from || m->span_to != to) {
    m->levels_undefined = true;
  }
}

/* A longest wait merged into a set: the larger one. */
static void merge_wait(ccm_measures *m, int64_t age) {
  if (!m->has_wait || age > m->longest_wait) m->longest_wait = age;
  m->has_wait = true;
}

/* Where a rollup merges cells: the slots, and the set for the sketches. */
typedef struct rollup_target {
  int64_t *slots;
  ccm_measures *m;
  int32_t rc; /* CCM_E_NOMEM once a sketch could not be merged */
} rollup_target;

static void merge_cell(rollup_target *t, const ccm_view *v, uint32_t c) {
  ccm_view_cell_merge_into(v, c, t->slots);
  if (v->sketches && t->rc == CCM_OK) t->rc = ccm_measures_merge_sketches(t->m, v, c);
}

/* When the filter fixes every dimension of the view and the range holds few
 * buckets, looking each bucket up beats scanning every cell (a day of
 * intervals of one skill in a view of a year of intervals). */
#define LOOKUP_MAX_BUCKETS 4096
static bool rollup_by_lookup(const ccm_view *v, const uint32_t *want, int64_t from, int64_t to, rollup_target *t) {
  int64_t step = bucket_step(v), b, first;
  ccm_clock_memo memo;
  ccm_span sp;
  uint32_t i;
  for (i = 0; i < v->ndims; i++)
    if (want[i] == CCM_ANY) return false;
  if (v->grain == CCM_GRAIN_NONE) {
    from = from > 0 ? from : 0;
    to = to < 1 ? to : 1;
  }
  if (from >= to) return true;
  if ((uint64_t)to - (uint64_t)from > (uint64_t)step * LOOKUP_MAX_BUCKETS) return false;
  if (v->grain == CCM_GRAIN_NONE) {
    int64_t cell = ccm_view_find(v, want, 0);
    if (cell >= 0) merge_cell(t, v, (uint32_t)cell);
    return true;
  }
  if (!ccm_grain_has_instants(v->grain)) {
    for (b = from; b < to; b++) { /* hour 0..23, day of week 0..6 */
      int64_t cell = ccm_view_find(v, want, b);
      if (cell >= 0) merge_cell(t, v, (uint32_t)cell);
    }
    return true;
  }
  /* the first bucket starting at or after from, then each next one */
  ccm_clock_memo_init(&memo);
  ccm_time_span_memo(v->engine, &memo, v->grain, from, &sp);
  first = sp.start < from ? sp.end : sp.start;
  for (b = first; b < to; ccm_time_span_memo(v->engine, &memo, v->grain, b, &sp), b = sp.end) {
    int64_t cell = ccm_view_find(v, want, b);
    if (cell >= 0) merge_cell(t, v, (uint32_t)cell);
  }
  return true;
}

/* Merge the cells of [bucket_from, bucket_to) the filter admits into slots. */
static void rollup_cells(const ccm_view *v, const uint32_t *want, int64_t bucket_from, int64_t bucket_to,
                         rollup_target *t) {
  uint32_t c;
  if (rollup_by_lookup(v, want, bucket_from, bucket_to, t)) return;
  for (c = 0; c < v->ncells; c++) {
    int64_t bucket;
    ccm_view_cell_key(v, c, NULL, 0, &bucket);
    if (bucket >= bucket_from && bucket < bucket_to && key_matches(v, want, c)) merge_cell(t, v, c);
  }
}

int32_t ccm_rollup(const ccm_view *v, const uint32_t *filter, uint32_t nfilter, int64_t bucket_from,
                   int64_t bucket_to, ccm_measures *m) {
  uint32_t want[CCM_KEY_DIMS], i;
  int64_t changes[CCM_SLOTS], age = 0;
  rollup_target target;
  if (!v || !m || (!filter && nfilter)) return CCM_E_INVALID_ARG;
  /* A filter may only fix dimensions the view has. */
  for (i = 0; i < nfilter; i++)
    if (filter[i] != CCM_ANY && (i >= CCM_KEY_DIMS || !(v->mask & CCM_DIM_BIT(i)))) return CCM_E_INVALID_ARG;
  for (i = 0; i < v->ndims; i++) want[i] = (v->dim[i] < nfilter) ? filter[v->dim[i]] : CCM_ANY;
  /* the levels of this rollup are computed apart, then added to the set */
  memcpy(changes, ccm_cell_template_slots(), sizeof changes);
  target.slots = changes;
  target.m = m;
  target.rc = CCM_OK;
  if (!v->sketches) m->sketch_state = CCM_SKETCHES_PARTIAL;
  else if (m->sketch_state == CCM_SKETCHES_NONE) m->sketch_state = CCM_SKETCHES_ALL;
  rollup_cells(v, want, bucket_from, bucket_to, &target);
  if (target.rc) {
    /* a sketch could not be merged: the set is emptied rather than left half merged */
    ccm_measures_clear(m);
    return target.rc;
  }
  if (levels_defined(v)) fill_levels(v, want, bucket_from, changes);
  note_span(m, v, bucket_from, bucket_to);
  ccm_slots_merge(m->slots, changes);
  if (longest_wait(v, want, bucket_from, bucket_to, &age)) merge_wait(m, age);
  return CCM_OK;
}

int32_t ccm_measures_metric(const ccm_measures *m, int32_t metric, double *value) {
  if (!m || !value) return CCM_E_INVALID_ARG;
  if (metric < 0 || metric >= ccm_metric_count()) return CCM_E_NOT_FOUND;
  if (m->levels_undefined && ccm_metric_reads_levels(metric) && !ccm_metric_is_longest_wait(metric)) {
    *value = 0;
    return CCM_UNDEFINED;
  }
  return metric_of(NULL, m->slots, metric, m->has_wait, m->longest_wait, value);
}

int32_t ccm_measures_get(const ccm_measures *m, int32_t measure, int32_t field, int64_t *value) {
  int32_t rc;
  if (!m || !value) return CCM_E_INVALID_ARG;
  rc = ccm_slots_field(m->slots, measure, field, value);
  if (rc == CCM_OK && ccm_measure_is_level[measure] &&
      (m->levels_off || (m->levels_undefined && (field == CCM_FIELD_START || field == CCM_FIELD_END)))) {
    *value = 0;
    return CCM_UNDEFINED;
  }
  return rc;
}

int32_t ccm_cursor_new(const ccm_view *v, ccm_cursor **out) {
  ccm_mem mem;
  ccm_cursor *c;
  if (!v || !out) return CCM_E_INVALID_ARG;
  *out = NULL;
  c = alloc_detached(&v->engine->mem.hooks, sizeof *c, &mem);
  if (!c) return CCM_E_NOMEM;
  memset(c, 0, sizeof *c);
  c->mem = mem;
  c->view = v;
  c->pos = -1;
  c->read_pos = -1;
  *out = c;
  return CCM_OK;
}

void ccm_cursor_free(ccm_cursor *c) {
  ccm_mem mem;
  if (!c) return;
  mem = c->mem;
  ccm_free(&mem, c->before, c->nbefore * sizeof *c->before);
  ccm_free(&mem, c->wait, c->nwait * sizeof *c->wait);
  ccm_free(&mem, c, sizeof *c);
}

int32_t ccm_cursor_next(ccm_cursor *c) {
  if (!c) return CCM_E_INVALID_ARG;
  if (c->pos + 1 >= (int64_t)c->view->ncells) {
    c->pos = c->view->ncells;
    return CCM_END;
  }
  c->pos++;
  return CCM_OK;
}

static bool on_cell(const ccm_cursor *c) { return c && c->pos >= 0 && c->pos < (int64_t)c->view->ncells; }

/* The current cell's measures, read once per cell into the cursor (its
 * own cache: a cursor is used by one thread). */
static const int64_t *current(const ccm_cursor *c) {
  ccm_cursor *cache = (ccm_cursor *)(uintptr_t)c;
  if (!on_cell(c)) return NULL;
  if (c->read_pos != c->pos) {
    ccm_view_cell_read(c->view, (uint32_t)c->pos, cache->slots);
    cache->read_pos = c->pos;
  }
  return c->slots;
}

/* Cells in (key, bucket) order, for the running sums of the levels. */
static int cell_cmp(const ccm_view *v, uint32_t a, uint32_t b) {
  uint32_t ka[CCM_KEY_DIMS], kb[CCM_KEY_DIMS], i;
  int64_t ba, bb;
  ccm_view_cell_key(v, a, ka, CCM_KEY_DIMS, &ba);
  ccm_view_cell_key(v, b, kb, CCM_KEY_DIMS, &bb);
  for (i = 0; i < v->ndims; i++)
    if (ka[v->dim[i]] != kb[v->dim[i]]) return ka[v->dim[i]] < kb[v->dim[i]] ? -1 : 1;
  return ba < bb ? -1 : ba > bb;
}

static void sort_cells(const ccm_view *v, uint32_t *idx, uint32_t *tmp, uint32_t n) {
  uint32_t width, lo;
  for (width = 1; width < n; width *= 2) {
    for (lo = 0; lo < n; lo += 2 * width) {
      uint32_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
      uint32_t a = lo, b = mid, o = lo;
      while (a < mid && b < hi) tmp[o++] = cell_cmp(v, idx[b], idx[a]) < 0 ? idx[b++] : idx[a++];
      while (a < mid) tmp[o++] = idx[a++];
      while (b < hi) tmp[o++] = idx[b++];
    }
    memcpy(idx, tmp, n * sizeof *idx);
  }
}

/* Per cell, the changes of each level in its key's earlier buckets. */
static int32_t ensure_levels(ccm_cursor *c) {
  const ccm_view *v = c->view;
  uint32_t n = v->ncells, i, *idx = NULL, *tmp = NULL;
  int64_t run[NLEVELS] = {0};
  int32_t k;
  if (c->before) return CCM_OK;
  c->before = ccm_alloc(&c->mem, (size_t)(n ? n : 1) * NLEVELS * sizeof *c->before);
  if (!c->before) return CCM_E_NOMEM;
  c->nbefore = (size_t)(n ? n : 1) * NLEVELS;
  memset(c->before, 0, c->nbefore * sizeof *c->before);
  if (v->grain == CCM_GRAIN_NONE || n == 0) return CCM_OK;
  idx = ccm_alloc(&c->mem, (size_t)n * sizeof *idx);
  tmp = ccm_alloc(&c->mem, (size_t)n * sizeof *tmp);
  if (!idx || !tmp) {
    ccm_free(&c->mem, idx, idx ? (size_t)n * sizeof *idx : 0);
    ccm_free(&c->mem, tmp, tmp ? (size_t)n * sizeof *tmp : 0);
    ccm_free(&c->mem, c->before, c->nbefore * sizeof *c->before);
    c->before = NULL;
    c->nbefore = 0;
    return CCM_E_NOMEM;
  }
  for (i = 0; i < n; i++) idx[i] = i;
  sort_cells(v, idx, tmp, n);
  for (i = 0; i < n; i++) {
    if (i > 0) {
      /* a new key starts from nothing */
      uint32_t a[CCM_KEY_DIMS], b[CCM_KEY_DIMS], d;
      bool same = true;
      ccm_view_cell_key(v, idx[i - 1], a, CCM_KEY_DIMS, NULL);
      ccm_view_cell_key(v, idx[i], b, CCM_KEY_DIMS, NULL);
      for (d = 0; d < v->ndims && same; d++) same = a[v->dim[d]] == b[v->dim[d]];
      if (!same) memset(run, 0, sizeof run);
    }
    for (k = 0; k < nlevels; k++) {
      c->before[(size_t)idx[i] * NLEVELS + (size_t)k] = run[k];
      run[k] += ccm_view_cell_field(v, idx[i], level_measure[k], 0);
    }
  }
  ccm_free(&c->mem, idx, (size_t)n * sizeof *idx);
  ccm_free(&c->mem, tmp, (size_t)n * sizeof *tmp);
  return CCM_OK;
}

/* Per cell, the longest wait of the contacts waiting now whose key it has
 * (only cells of now's bucket get one). */
static int32_t ensure_waits(ccm_cursor *c) {
  const ccm_view *v = c->view;
  const ccm_engine *e = v->engine;
  uint32_t n = v->ncells, i;
  int64_t nowb;
  if (c->wait) return CCM_OK;
  c->wait = ccm_alloc(&c->mem, (size_t)(n ? n : 1) * sizeof *c->wait);
  if (!c->wait) return CCM_E_NOMEM;
  c->nwait = n ? n : 1;
  for (i = 0; i < c->nwait; i++) c->wait[i] = -1;
  if (e->now == INT64_MIN || !levels_defined(v)) return CCM_OK;
  nowb = ccm_time_bucket(e, v->grain, e->now);
  for (i = 0; i < e->contacts.hwm; i++) {
    const ccm_contact *ct = &e->contacts.rec[i];
    uint32_t dims[CCM_KEY_DIMS], key[CCM_KEY_DIMS], d, ref;
    int64_t age;
    if (!waiting_key(v, ct, dims)) continue;
    for (d = 0; d < v->ndims; d++) key[d] = dims[v->dim[d]];
    age = e->now > ct->q_enter ? e->now - ct->q_enter : 0;
    /* in a view by tag, the cell of each of its tags (or of "none") */
    ref = v->by_tag ? ct->tag_head : 0;
    do {
      int64_t cell;
      if (v->by_tag) key[v->tag_pos] = ref ? ((const ccm_tag_node *)ccm_pool_at(&e->tags, ref))->tag : 0;
      cell = ccm_view_find(v, key, nowb);
      if (cell >= 0 && age > c->wait[cell]) c->wait[cell] = age;
      ref = ref ? ((const ccm_tag_node *)ccm_pool_at(&e->tags, ref))->next : 0;
    } while (ref);
  }
  return CCM_OK;
}

/* The current cell's slots with its levels filled in (and its wait). */
static int32_t current_full(ccm_cursor *c, int64_t *slots, bool *wait_known, int64_t *wait) {
  const int64_t *s = current(c);
  const ccm_view *v = c->view;
  int32_t k, rc;
  uint32_t key[CCM_KEY_DIMS], want[CCM_KEY_DIMS], d;
  if (!s) return CCM_E_INVALID_ARG;
  memcpy(slots, s, CCM_SLOTS * sizeof *slots);
  rc = ensure_waits(c);
  if (rc) return rc;
  *wait = c->wait[c->pos];
  *wait_known = *wait >= 0;
  if (!levels_defined(v)) return CCM_OK;
  rc = ensure_levels(c);
  if (rc) return rc;
  ccm_view_cell_key(v, (uint32_t)c->pos, key, CCM_KEY_DIMS, NULL);
  for (d = 0; d < v->ndims; d++) want[d] = key[v->dim[d]];
  for (k = 0; k < nlevels; k++) {
    int64_t *p = slots + ccm_measure_slot[level_measure[k]];
    int64_t before = c->before[(size_t)c->pos * NLEVELS + (size_t)k];
    if (level_measure[k] == CCM_MS_CUSTOMERS_ACTIVE && admits_empty(v, want))
      before += v->engine->cfg[CCM_CFG_CUSTOMERS_BASE];
    p[CCM_LEVEL_START] = before;
    p[CCM_LEVEL_END] = before + p[0];
  }
  return CCM_OK;
}

int32_t ccm_cursor_key(const ccm_cursor *c, uint32_t *key, uint32_t nkey, int64_t *bucket) {
  if (!on_cell(c) || (!key && nkey)) return CCM_E_INVALID_ARG;
  ccm_view_cell_key(c->view, (uint32_t)c->pos, key, nkey, bucket);
  return CCM_OK;
}

int32_t ccm_cursor_metric(const ccm_cursor *c, int32_t metric, double *value) {
  int64_t slots[CCM_SLOTS], wait = 0;
  bool known = false;
  int32_t rc;
  if (!on_cell(c) || !value) return CCM_E_INVALID_ARG;
  if (metric < 0 || metric >= ccm_metric_count()) return CCM_E_NOT_FOUND;
  if (!ccm_metric_reads_levels(metric)) {
    ccm_view_cell_read_metric(c->view, c->pos, metric, slots); /* the formula reads nothing else */
    return ccm_slots_metric(slots, metric, value);
  }
  /* the lazy tables are the cursor's own cache (a cursor is used by one thread) */
  rc = current_full((ccm_cursor *)(uintptr_t)c, slots, &known, &wait);
  if (rc) return rc;
  return metric_of(c->view, slots, metric, known, wait, value);
}

int32_t ccm_cursor_measure(const ccm_cursor *c, int32_t measure, int32_t field, int64_t *value) {
  const int64_t *s = current(c);
  int64_t slots[CCM_SLOTS], wait;
  bool known;
  int32_t rc;
  if (!s || !value) return CCM_E_INVALID_ARG;
  if (field != CCM_FIELD_START && field != CCM_FIELD_END) {
    rc = ccm_slots_field(s, measure, field, value);
    if (rc == CCM_OK && ccm_measure_is_level[measure] && !levels_kept(c->view)) {
      *value = 0; /* no change was kept */
      return CCM_UNDEFINED;
    }
    return rc;
  }
  if (measure < 0 || measure >= CCM_MS_COUNT) return CCM_E_NOT_FOUND;
  if (!ccm_measure_is_level[measure]) return CCM_E_INVALID_ARG;
  if (!levels_defined(c->view)) {
    *value = 0;
    return CCM_UNDEFINED;
  }
  rc = current_full((ccm_cursor *)(uintptr_t)c, slots, &known, &wait);
  if (rc) return rc;
  return ccm_slots_field(slots, measure, field, value);
}

int32_t ccm_cursor_merge(const ccm_cursor *c, ccm_measures *m) {
  const int64_t *s = current(c);
  int64_t slots[CCM_SLOTS], wait = 0;
  bool known = false;
  int32_t rc;
  if (!s || !m) return CCM_E_INVALID_ARG;
  rc = current_full((ccm_cursor *)(uintptr_t)c, slots, &known, &wait);
  if (rc) return rc;
  if (c->view->sketches) {
    if (m->sketch_state == CCM_SKETCHES_NONE) m->sketch_state = CCM_SKETCHES_ALL;
    rc = ccm_measures_merge_sketches(m, c->view, (uint32_t)c->pos);
    if (rc) {
      ccm_measures_clear(m);
      return rc;
    }
  } else {
    m->sketch_state = CCM_SKETCHES_PARTIAL;
  }
  {
    int64_t b;
    ccm_view_cell_key(c->view, (uint32_t)c->pos, NULL, 0, &b);
    note_span(m, c->view, b, b + 1);
  }
  ccm_slots_merge(m->slots, slots);
  if (known) merge_wait(m, wait);
  return CCM_OK;
}
