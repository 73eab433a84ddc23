/*
 * merge.c: adding the cells of one engine (or one view) into another
 * (ccm_engine_merge, ccm_view_merge) and the engine's list of views
 * (ccm_engine_view).
 *
 * A merge is all or nothing.  It runs in two passes:
 *   1. plan: check that the engines and views are compatible, map every
 *      dictionary id of the source to the destination's id of the same name
 *      (names the destination lacks are marked new), count the cells and
 *      sketch nodes the destination lacks and reserve them, then intern the
 *      new names (the only visible change of this pass, undone on failure);
 *   2. apply: add every source cell into the destination cell of the mapped
 *      key (ccm_slots_merge: counts and sums add, minima and maxima combine,
 *      level changes add) and every sketch (bucket counts add), which cannot
 *      fail once room is reserved.
 * So a CCM_E_NOMEM leaves the destination's contents as they were; only
 * reserved capacity (memory held, the allocation counter) remains.
 *
 * What is merged: cells and sketches of every view, and the counters that
 * are sums (accepted, rejected and by code, clamped, released, expired,
 * forgotten, ACW unclosed, duplicates, reordered).  What is not: contacts,
 * customers, agent records, remembered event ids and the engine's time,
 * which stay the destination's (doc/CHOICES.md, "Merging engines").
 */
#include <string.h>

#include "ccmetrics_int.h"
#include "hash.h"

/* A map entry of a name the destination's dictionary lacks (until it is
 * interned in the plan's last step). */
#define NEW_ID UINT32_MAX

/* A cell's bucket. */
static int64_t cell_bucket(const ccm_view *v, uint32_t c) {
  int64_t b;
  ccm_view_cell_key(v, c, NULL, 0, &b);
  return b;
}

/* ---- compatibility ------------------------------------------------------ */

static bool tz_date_equal(const ccm_tz_date *a, const ccm_tz_date *b) {
  return a->kind == b->kind && a->month == b->month && a->week == b->week && a->day == b->day && a->time == b->time;
}

static bool clock_equal(const ccm_clock *a, const ccm_clock *b) {
  if (a->fn != b->fn || a->user != b->user) return false;
  if (a->fn) return true; /* the rule is unused with a host function */
  return a->tz.std_offset == b->tz.std_offset && a->tz.dst_offset == b->tz.dst_offset &&
         a->tz.has_dst == b->tz.has_dst &&
         (!a->tz.has_dst || (tz_date_equal(&a->tz.start, &b->tz.start) && tz_date_equal(&a->tz.end, &b->tz.end)));
}

static bool calendar_equal(const ccm_engine *a, const ccm_engine *b) {
  uint32_t d, i;
  if (a->has_calendar != b->has_calendar) return false;
  if (!a->has_calendar) return true;
  for (d = 0; d < 7; d++) {
    const ccm_cal_day *x = &a->cal.day[d], *y = &b->cal.day[d];
    if (x->n != y->n) return false;
    for (i = 0; i < x->n; i++)
      if (x->open[i] != y->open[i] || x->close[i] != y->close[i]) return false;
  }
  if (a->cal.nholidays != b->cal.nholidays) return false;
  for (i = 0; i < a->cal.nholidays; i++)
    if (a->cal.holiday[i] != b->cal.holiday[i]) return false;
  return true;
}

/* Same settings, clock and calendar: the same event gives the same credits
 * in the same buckets in both engines. */
static bool engines_compatible(const ccm_engine *a, const ccm_engine *b) {
  int32_t k;
  for (k = CCM_CFG_FIRST; k <= CCM_CFG_LAST; k++)
    if (a->cfg[k] != b->cfg[k]) return false;
  return clock_equal(&a->clock, &b->clock) && calendar_equal(a, b);
}

static bool views_compatible(const ccm_view *a, const ccm_view *b) {
  return a->mask == b->mask && a->grain == b->grain && a->flags == b->flags;
}

/* ---- the plan ----------------------------------------------------------- */

typedef struct merge_plan {
  ccm_engine *dst;
  const ccm_engine *src;
  ccm_view *const *dv; /* pairs of views: dv[i] receives sv[i] */
  const ccm_view *const *sv;
  uint32_t nviews;
  uint32_t *map[CCM_DICTS]; /* src id -> dst id (index 0 unused); NULL: ids are the same (fixed, or not keyed) */
  uint32_t nmap[CCM_DICTS];
  uint32_t dict_count[CCM_DICTS]; /* the destination's dictionary sizes before the merge (undo) */
  size_t block_used[CCM_DICTS];
  const char *block[CCM_DICTS];
} merge_plan;

static void plan_free(merge_plan *p) {
  int32_t d;
  for (d = 0; d < CCM_DICTS; d++) {
    if (p->map[d]) ccm_free(&p->dst->mem, p->map[d], ((size_t)p->nmap[d] + 1) * sizeof *p->map[d]);
    p->map[d] = NULL;
  }
}

/* Map every id of the source's dictionaries that key a view; names the
 * destination lacks become NEW_ID. */
static int32_t plan_maps(merge_plan *p) {
  uint32_t keyed = 0, i, id;
  int32_t d;
  for (i = 0; i < p->nviews; i++) keyed |= p->sv[i]->mask;
  for (d = 0; d < CCM_DICTS; d++) {
    const ccm_dict *sd = &p->src->dict[d];
    if (!(keyed & CCM_DIM_BIT(d)) || sd->fixed) continue; /* fixed dictionaries: the same ids everywhere */
    p->map[d] = ccm_alloc(&p->dst->mem, ((size_t)sd->count + 1) * sizeof *p->map[d]);
    if (!p->map[d]) return CCM_E_NOMEM;
    p->nmap[d] = sd->count;
    p->map[d][0] = 0;
    for (id = 1; id <= sd->count; id++) {
      uint32_t to;
      if (ccm_lookup(p->dst, d, sd->entry[id - 1].name, sd->entry[id - 1].len, &to) != CCM_OK) to = NEW_ID;
      p->map[d][id] = to;
    }
  }
  return CCM_OK;
}

/* The destination's key of a source cell, in the view's key order; false
 * when it holds a name the destination lacks (no such cell there yet). */
static bool map_key(const merge_plan *p, const ccm_view *sv, uint32_t c, uint32_t *key) {
  uint32_t k[CCM_KEY_DIMS];
  bool known = true;
  uint32_t i;
  ccm_view_cell_key(sv, c, k, CCM_KEY_DIMS, NULL);
  for (i = 0; i < sv->ndims; i++) {
    const uint32_t *map = p->map[sv->dim[i]];
    uint32_t id = k[sv->dim[i]];
    key[i] = map ? map[id] : id;
    known = known && key[i] != NEW_ID;
  }
  return known;
}

static int32_t reserve_nodes(ccm_pool *pool, ccm_mem *m, uint64_t n) {
  if (n > CCM_POOL_LIMIT) return CCM_E_LIMIT;
  return ccm_pool_reserve_n(pool, m, (uint32_t)n);
}

/* Room in one destination view for every cell and sketch node the merge
 * adds, so that applying it cannot fail. */
static int32_t plan_view(const merge_plan *p, ccm_view *dv, const ccm_view *sv) {
  uint64_t more = 0, words = 0, heads = 0, pages = 0, wides = 0;
  uint32_t key[CCM_KEY_DIMS], c, t;
  int32_t rc;
  for (c = 0; c < sv->ncells; c++) {
    int64_t found = -1;
    if (map_key(p, sv, c, key)) found = ccm_view_find(dv, key, cell_bucket(sv, c));
    more += found < 0;
    words += ccm_view_cell_merge_words(dv, found, sv, c);
    if (!sv->sketches) continue;
    for (t = 0; t < CCM_NTIMERS; t++)
      ccm_sketch_merge_need(&dv->sk, found < 0 ? 0 : ccm_view_cell_sketches(dv, (uint32_t)found)[t], &sv->sk,
                            ccm_view_cell_sketches(sv, c)[t], &heads, &pages, &wides);
  }
  if (more > UINT32_MAX) return CCM_E_LIMIT;
  rc = ccm_view_reserve_cells(dv, (uint32_t)more);
  if (rc == CCM_OK) rc = ccm_view_reserve_words(dv, words);
  if (rc == CCM_OK && dv->sketches) {
    ccm_mem *m = &p->dst->mem;
    rc = reserve_nodes(&dv->sk.heads, m, heads);
    if (rc == CCM_OK) rc = reserve_nodes(&dv->sk.pages, m, pages);
    if (rc == CCM_OK) rc = reserve_nodes(&dv->sk.wides, m, wides);
  }
  return rc;
}

/* Remove the names interned since the plan began, newest first: each was
 * the last one added when it is removed, so clearing its slot gives back
 * the probe table as it was (or, after a rehash, as a rehash of the older
 * names would build it).  String bytes in a block added meanwhile stay
 * allocated, unused, until the engine is freed. */
static void undo_interning(merge_plan *p) {
  int32_t d;
  for (d = 0; d < CCM_DICTS; d++) {
    ccm_dict *dict = &p->dst->dict[d];
    while (dict->count > p->dict_count[d]) {
      const struct ccm_dict_entry *en = &dict->entry[dict->count - 1];
      uint32_t mask = dict->nslots - 1, i = ccm_hash_bytes(en->name, en->len) & mask;
      while (dict->slots[i] != dict->count) i = (i + 1) & mask;
      dict->slots[i] = 0;
      dict->count--;
    }
    if (dict->block == p->block[d]) dict->block_used = p->block_used[d];
  }
}

/* Intern the names the destination lacks and complete the maps. */
static int32_t plan_names(merge_plan *p) {
  int32_t d;
  uint32_t id;
  for (d = 0; d < CCM_DICTS; d++) {
    p->dict_count[d] = p->dst->dict[d].count;
    p->block[d] = p->dst->dict[d].block;
    p->block_used[d] = p->dst->dict[d].block_used;
  }
  for (d = 0; d < CCM_DICTS; d++) {
    const ccm_dict *sd = &p->src->dict[d];
    if (!p->map[d]) continue;
    for (id = 1; id <= p->nmap[d]; id++) {
      int32_t rc;
      if (p->map[d][id] != NEW_ID) continue;
      rc = ccm_intern(p->dst, d, sd->entry[id - 1].name, sd->entry[id - 1].len, &p->map[d][id]);
      if (rc != CCM_OK) {
        undo_interning(p);
        return rc;
      }
    }
  }
  return CCM_OK;
}

/* ---- applying ----------------------------------------------------------- */

/* The destination cell of a key, created empty when absent (room was
 * reserved): an empty credit routes the key through the view's own
 * insertion. */
static uint32_t dst_cell(ccm_engine *dst, ccm_view *dv, const uint32_t *key, int64_t bucket) {
  ccm_credit cr;
  uint32_t i;
  int64_t c = ccm_view_find(dv, key, bucket);
  if (c >= 0) return (uint32_t)c;
  memset(&cr, 0, sizeof cr);
  cr.single_tag = true; /* the tag of the key, not a contact's tags */
  for (i = 0; i < dv->ndims; i++) cr.dims[dv->dim[i]] = key[i];
  ccm_view_credit(dv, &cr, dst, 0, bucket);
  return (uint32_t)ccm_view_find(dv, key, bucket);
}

static void apply_view(const merge_plan *p, ccm_view *dv, const ccm_view *sv) {
  uint32_t key[CCM_KEY_DIMS], c, t;
  for (c = 0; c < sv->ncells; c++) {
    int64_t bucket = cell_bucket(sv, c);
    uint32_t to;
    map_key(p, sv, c, key);
    to = dst_cell(p->dst, dv, key, bucket);
    ccm_view_cell_merge(dv, to, sv, c);
    if (!sv->sketches) continue;
    for (t = 0; t < CCM_NTIMERS; t++) {
      uint32_t sref = ccm_view_cell_sketches(sv, c)[t];
      /* cannot fail: plan_view reserved every node it takes */
      if (sref) (void)ccm_sketch_merge(&dv->sk, &p->dst->mem, &ccm_view_cell_sketches_mut(dv, to)[t], &sv->sk, sref);
    }
  }
}

static void add_counters(ccm_engine *dst, const ccm_engine *src) {
  int32_t i;
  dst->accepted += src->accepted;
  dst->rejected += src->rejected;
  dst->clamped += src->clamped;
  dst->released += src->released;
  dst->expired += src->expired;
  dst->forgotten += src->forgotten;
  dst->acw_unclosed += src->acw_unclosed;
  dst->duplicates += src->duplicates;
  dst->reordered += src->reordered;
  for (i = 0; i < CCM_REJECT_CODES; i++) dst->rejected_by_code[i] += src->rejected_by_code[i];
}

/* Merge the view pairs of a plan (compatibility already checked). */
static int32_t run(merge_plan *p) {
  uint32_t i;
  int32_t rc = plan_maps(p);
  for (i = 0; rc == CCM_OK && i < p->nviews; i++) rc = plan_view(p, p->dv[i], p->sv[i]);
  if (rc == CCM_OK) rc = plan_names(p);
  if (rc == CCM_OK)
    for (i = 0; i < p->nviews; i++) apply_view(p, p->dv[i], p->sv[i]);
  plan_free(p);
  return rc;
}

static int32_t merge_failed(ccm_engine *dst, int32_t rc, const char *what) {
  return ccm_set_error(dst, rc, "%s: %s", what,
                       rc == CCM_E_NOMEM ? "out of memory" : rc == CCM_E_LIMIT ? "capacity limit reached"
                                                                               : ccm_strerror(rc));
}

/* ---- the API ------------------------------------------------------------ */

int32_t ccm_engine_view(ccm_engine *e, uint32_t index, ccm_view **out) {
  if (!e || !out) return CCM_E_INVALID_ARG;
  *out = NULL;
  if (index >= e->nviews) return CCM_E_NOT_FOUND;
  *out = e->views[index];
  return CCM_OK;
}

int32_t ccm_engine_merge(ccm_engine *dst, const ccm_engine *src) {
  merge_plan p;
  uint32_t i;
  int32_t rc;
  if (!dst || !src) return CCM_E_INVALID_ARG;
  if (dst == src) return ccm_set_error(dst, CCM_E_INVALID_ARG, "merge: an engine cannot be merged into itself");
  if (src->reorder.n)
    return ccm_set_error(dst, CCM_E_INVALID_ARG,
                         "merge: the source holds events for reordering (ccm_engine_flush() it first)");
  if (!engines_compatible(dst, src))
    return ccm_set_error(dst, CCM_E_INCOMPATIBLE, "merge: the engines' configurations differ");
  if (dst->nviews != src->nviews)
    return ccm_set_error(dst, CCM_E_INCOMPATIBLE, "merge: %u views merged into %u", (unsigned)src->nviews,
                         (unsigned)dst->nviews);
  for (i = 0; i < dst->nviews; i++)
    if (!views_compatible(dst->views[i], src->views[i]))
      return ccm_set_error(dst, CCM_E_INCOMPATIBLE, "merge: view %u is defined differently", (unsigned)i);
  memset(&p, 0, sizeof p);
  p.dst = dst;
  p.src = src;
  p.dv = dst->views;
  p.sv = (const ccm_view *const *)src->views;
  p.nviews = dst->nviews;
  rc = run(&p);
  if (rc != CCM_OK) return merge_failed(dst, rc, "merge");
  add_counters(dst, src);
  return CCM_OK;
}

int32_t ccm_view_merge(ccm_view *dst, const ccm_view *src) {
  merge_plan p;
  ccm_view *dv[1];
  const ccm_view *sv[1];
  int32_t rc;
  if (!dst || !src) return CCM_E_INVALID_ARG;
  if (dst == src)
    return ccm_set_error(dst->engine, CCM_E_INVALID_ARG, "view merge: a view cannot be merged into itself");
  if (!engines_compatible(dst->engine, src->engine))
    return ccm_set_error(dst->engine, CCM_E_INCOMPATIBLE, "view merge: the engines' configurations differ");
  if (!views_compatible(dst, src))
    return ccm_set_error(dst->engine, CCM_E_INCOMPATIBLE, "view merge: the views are defined differently");
  memset(&p, 0, sizeof p);
  dv[0] = dst;
  sv[0] = src;
  p.dst = dst->engine;
  p.src = src->engine;
  p.dv = dv;
  p.sv = sv;
  p.nviews = 1;
  rc = run(&p);
  if (rc != CCM_OK) return merge_failed(dst->engine, rc, "view merge");
  return CCM_OK;
}
