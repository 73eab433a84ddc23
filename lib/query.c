/* query.c: metric of a cell, rollups into measure sets, cursors over cells. */
#include <string.h>

#include "ccmetrics_int.h"

struct ccm_measures {
  ccm_mem mem; /* a copy of the engine's hooks: the set outlives nothing */
  int64_t slots[CCM_SLOTS];
};

struct ccm_cursor {
  ccm_mem mem;
  const ccm_view *view;
  int64_t pos; /* current cell, -1 before the first */
};

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
  uint32_t k[CCM_VIEW_DIMS];
  int64_t cell;
  int32_t rc;
  if (!v || !value) return CCM_E_INVALID_ARG;
  rc = project(v, key, nkey, k);
  if (rc) return rc;
  cell = ccm_view_find(v, k, bucket);
  return ccm_slots_metric(cell < 0 ? ccm_cell_template_slots() : ccm_view_cell_slots(v, (uint32_t)cell), metric,
                          value);
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
  ccm_measures_clear(m);
  *out = m;
  return CCM_OK;
}

void ccm_measures_free(ccm_measures *m) {
  ccm_mem mem;
  if (!m) return;
  mem = m->mem;
  ccm_free(&mem, m, sizeof *m);
}

void ccm_measures_clear(ccm_measures *m) {
  if (m) memcpy(m->slots, ccm_cell_template_slots(), sizeof m->slots);
}

/* Spacing of a grain's buckets. */
static int64_t bucket_step(const ccm_view *v) {
  if (v->grain == CCM_GRAIN_INTERVAL) return v->engine->cfg[CCM_CFG_INTERVAL_MS];
  if (v->grain == CCM_GRAIN_DATE) return 86400000;
  return 1;
}

/* When the filter fixes every dimension of the view and the range holds few
 * buckets, looking each bucket up beats scanning every cell (a day of
 * intervals of one skill in a view of a year of intervals). */
#define LOOKUP_MAX_BUCKETS 4096
static bool rollup_by_lookup(const ccm_view *v, const uint32_t *want, int64_t from, int64_t to, ccm_measures *m) {
  int64_t step = bucket_step(v), b, first;
  uint32_t i;
  for (i = 0; i < v->ndims; i++)
    if (want[i] == CCM_ANY) return false;
  if (v->grain == CCM_GRAIN_NONE) {
    from = from > 0 ? from : 0;
    to = to < 1 ? to : 1;
  }
  if (from >= to) return true;
  if ((uint64_t)to - (uint64_t)from > (uint64_t)step * LOOKUP_MAX_BUCKETS) return false;
  first = from / step * step;
  if (first < from) first += step;
  for (b = first; b < to; b += step) {
    int64_t cell = ccm_view_find(v, want, b);
    if (cell >= 0) ccm_slots_merge(m->slots, ccm_view_cell_slots(v, (uint32_t)cell));
  }
  return true;
}

int32_t ccm_rollup(const ccm_view *v, const uint32_t *filter, uint32_t nfilter, int64_t bucket_from,
                   int64_t bucket_to, ccm_measures *m) {
  uint32_t want[CCM_VIEW_DIMS], i, c;
  if (!v || !m || (!filter && nfilter)) return CCM_E_INVALID_ARG;
  /* A filter may only fix dimensions the view has. */
  for (i = 0; i < nfilter; i++)
    if (filter[i] != CCM_ANY && (i >= CCM_VIEW_DIMS || !(v->mask & CCM_DIM_BIT(i)))) return CCM_E_INVALID_ARG;
  for (i = 0; i < v->ndims; i++) want[i] = (v->dim[i] < nfilter) ? filter[v->dim[i]] : CCM_ANY;
  if (rollup_by_lookup(v, want, bucket_from, bucket_to, m)) return CCM_OK;
  for (c = 0; c < v->ncells; c++) {
    uint32_t key[CCM_VIEW_DIMS];
    int64_t bucket;
    bool match = true;
    ccm_view_cell_key(v, c, key, CCM_VIEW_DIMS, &bucket);
    if (bucket < bucket_from || bucket >= bucket_to) continue;
    for (i = 0; i < v->ndims && match; i++) match = want[i] == CCM_ANY || key[v->dim[i]] == want[i];
    if (match) ccm_slots_merge(m->slots, ccm_view_cell_slots(v, c));
  }
  return CCM_OK;
}

int32_t ccm_measures_metric(const ccm_measures *m, int32_t metric, double *value) {
  if (!m || !value) return CCM_E_INVALID_ARG;
  return ccm_slots_metric(m->slots, metric, value);
}

int32_t ccm_measures_get(const ccm_measures *m, int32_t measure, int32_t field, int64_t *value) {
  if (!m || !value) return CCM_E_INVALID_ARG;
  return ccm_slots_field(m->slots, measure, field, value);
}

int32_t ccm_cursor_new(const ccm_view *v, ccm_cursor **out) {
  ccm_mem mem;
  ccm_cursor *c;
  if (!v || !out) return CCM_E_INVALID_ARG;
  *out = NULL;
  c = alloc_detached(&v->engine->mem.hooks, sizeof *c, &mem);
  if (!c) return CCM_E_NOMEM;
  c->mem = mem;
  c->view = v;
  c->pos = -1;
  *out = c;
  return CCM_OK;
}

void ccm_cursor_free(ccm_cursor *c) {
  ccm_mem mem;
  if (!c) return;
  mem = c->mem;
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

static const int64_t *current(const ccm_cursor *c) {
  if (!c || c->pos < 0 || c->pos >= (int64_t)c->view->ncells) return NULL;
  return ccm_view_cell_slots(c->view, (uint32_t)c->pos);
}

int32_t ccm_cursor_key(const ccm_cursor *c, uint32_t *key, uint32_t nkey, int64_t *bucket) {
  if (!current(c) || (!key && nkey)) return CCM_E_INVALID_ARG;
  ccm_view_cell_key(c->view, (uint32_t)c->pos, key, nkey, bucket);
  return CCM_OK;
}

int32_t ccm_cursor_metric(const ccm_cursor *c, int32_t metric, double *value) {
  const int64_t *s = current(c);
  if (!s || !value) return CCM_E_INVALID_ARG;
  return ccm_slots_metric(s, metric, value);
}

int32_t ccm_cursor_measure(const ccm_cursor *c, int32_t measure, int32_t field, int64_t *value) {
  const int64_t *s = current(c);
  if (!s || !value) return CCM_E_INVALID_ARG;
  return ccm_slots_field(s, measure, field, value);
}

int32_t ccm_cursor_merge(const ccm_cursor *c, ccm_measures *m) {
  const int64_t *s = current(c);
  if (!s || !m) return CCM_E_INVALID_ARG;
  ccm_slots_merge(m->slots, s);
  return CCM_OK;
}
