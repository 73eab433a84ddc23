/*
 * percentile.c: what the quantile sketches answer (views with
 * CCM_VIEW_SKETCHES): quantiles, the share of values at or under a
 * threshold, histograms and the service level at any threshold.
 *
 * The exact minimum and maximum of a timer sit beside its sketch, so q = 0
 * and q = 1 are exact, and a sketch answer is clamped into [min, max].
 */
#include <string.h>

#include "ccmetrics_int.h"

int32_t ccm_measures_merge_sketches(ccm_measures *m, const ccm_view *v, uint32_t cell) {
  const uint32_t *src = ccm_view_cell_sketches(v, cell);
  int32_t t;
  for (t = 0; t < CCM_NTIMERS; t++) {
    int32_t rc;
    if (!src[t]) continue;
    rc = ccm_sketch_merge(&m->sk, &m->mem, &m->sketch[t], &v->sk, src[t]);
    if (rc) return rc;
  }
  return CCM_OK;
}

/* One timer's sketch and its exact extremes. */
typedef struct distribution {
  const ccm_sketch_store *st;
  uint32_t ref;
  int64_t min, max;
} distribution;

static int32_t timer_of(int32_t measure, int32_t *t) {
  if (measure < 0 || measure >= CCM_MS_COUNT || ccm_timer_index[measure] < 0) return CCM_E_NOT_FOUND;
  *t = ccm_timer_index[measure];
  return CCM_OK;
}

static int32_t measures_distribution(const ccm_measures *m, int32_t measure, distribution *d) {
  int32_t t, rc;
  if (!m) return CCM_E_INVALID_ARG;
  rc = timer_of(measure, &t);
  if (rc) return rc;
  if (m->sketch_state != CCM_SKETCHES_ALL) return CCM_E_UNSUPPORTED;
  d->st = &m->sk;
  d->ref = m->sketch[t];
  d->min = m->slots[ccm_measure_slot[measure] + 2];
  d->max = m->slots[ccm_measure_slot[measure] + 3];
  return CCM_OK;
}

static int32_t quantile_of(const distribution *d, double q, double *value) {
  double v;
  *value = 0;
  if (!(q >= 0 && q <= 1)) return CCM_E_INVALID_ARG; /* NaN too */
  if (!ccm_sketch_quantile(d->st, d->ref, q, &v)) return CCM_UNDEFINED;
  if (q == 0 || v < (double)d->min) v = (double)d->min;
  if (q == 1 || v > (double)d->max) v = (double)d->max;
  *value = v;
  return CCM_OK;
}

/* Values under a threshold, exact outside [min, max]. */
static uint64_t count_under(const distribution *d, int64_t threshold) {
  uint64_t n = ccm_sketch_count(d->st, d->ref);
  if (threshold <= d->min) return 0;
  if (threshold > d->max) return n;
  return ccm_sketch_count_at_or_under(d->st, d->ref, threshold - 1);
}

int32_t ccm_measures_quantile(const ccm_measures *m, int32_t measure, double q, double *value) {
  distribution d;
  int32_t rc;
  if (!value) return CCM_E_INVALID_ARG;
  *value = 0;
  rc = measures_distribution(m, measure, &d);
  return rc ? rc : quantile_of(&d, q, value);
}

int32_t ccm_measures_share_at_or_under(const ccm_measures *m, int32_t measure, int64_t threshold_ms, double *share) {
  distribution d;
  uint64_t n;
  int32_t rc;
  if (!share) return CCM_E_INVALID_ARG;
  *share = 0;
  rc = measures_distribution(m, measure, &d);
  if (rc) return rc;
  n = ccm_sketch_count(d.st, d.ref);
  if (!n) return CCM_UNDEFINED;
  *share = threshold_ms == INT64_MAX ? 1.0 : (double)count_under(&d, threshold_ms + 1) / (double)n;
  return CCM_OK;
}

int32_t ccm_measures_histogram(const ccm_measures *m, int32_t measure, const int64_t *edges, uint32_t nedges,
                               int64_t *counts) {
  distribution d;
  uint64_t below = 0, n;
  uint32_t i;
  int32_t rc;
  if (!edges || !counts || nedges == 0) return CCM_E_INVALID_ARG;
  for (i = 1; i < nedges; i++)
    if (edges[i] <= edges[i - 1]) return CCM_E_INVALID_ARG;
  rc = measures_distribution(m, measure, &d);
  if (rc) return rc;
  n = ccm_sketch_count(d.st, d.ref);
  for (i = 0; i < nedges; i++) {
    uint64_t under = count_under(&d, edges[i]);
    counts[i] = (int64_t)(under - below);
    below = under;
  }
  counts[nedges] = (int64_t)(n - below);
  return CCM_OK;
}

int32_t ccm_measures_service_level_at(const ccm_measures *m, int64_t threshold_ms, double *value) {
  distribution d;
  const int64_t *s;
  int64_t den;
  int32_t rc;
  if (!value) return CCM_E_INVALID_ARG;
  *value = 0;
  rc = measures_distribution(m, CCM_MS_WAIT_ANSWERED, &d);
  if (rc) return rc;
  /* service_level's formula: answered in SL / (answered + abandoned - short abandoned) */
  s = m->slots;
  den = s[ccm_measure_slot[CCM_MS_ANSWERED]] + s[ccm_measure_slot[CCM_MS_ABANDONED]] -
        s[ccm_measure_slot[CCM_MS_SHORT_ABANDONED]];
  if (den <= 0) return CCM_UNDEFINED;
  *value = 100.0 * (double)(threshold_ms == INT64_MAX ? ccm_sketch_count(d.st, d.ref)
                                                      : count_under(&d, threshold_ms + 1)) /
           (double)den;
  return CCM_OK;
}

int32_t ccm_cursor_quantile(const ccm_cursor *c, int32_t measure, double q, double *value) {
  distribution d;
  int32_t t, rc;
  if (!c || !value || c->pos < 0 || c->pos >= (int64_t)c->view->ncells) return CCM_E_INVALID_ARG;
  *value = 0;
  rc = timer_of(measure, &t);
  if (rc) return rc;
  if (!c->view->sketches) return CCM_E_UNSUPPORTED;
  d.st = &c->view->sk;
  d.ref = ccm_view_cell_sketches(c->view, (uint32_t)c->pos)[t];
  d.min = ccm_view_cell_field(c->view, (uint32_t)c->pos, measure, 2);
  d.max = ccm_view_cell_field(c->view, (uint32_t)c->pos, measure, 3);
  return quantile_of(&d, q, value);
}
