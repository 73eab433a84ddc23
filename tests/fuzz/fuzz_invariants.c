/*
 * fuzz_invariants.c - properties of an engine that hold whatever events it
 * was given (see fuzz_invariants.h).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Only what follows from METRICS.md for every input is asserted: measures
 * credited by the same event to the same cell (answered and answered_in_sl
 * at the answer) keep their order in every cell; measures credited at
 * different times (offered at queue_enter, answered at the answer) only in
 * the company total for all time.
 */
#include "fuzz_invariants.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "%s:%d: invariant broken: %s: ", file, line, cond);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  fflush(stderr);
  abort();
}

#define MAX_MEASURES 256
#define MAX_METRICS 256
#define NFIELDS 6

/* Measure ids by name, found once. */
static struct {
  int ready;
  int32_t nmeasures, nmetrics;
  int32_t kind[MAX_MEASURES];
  int32_t unit[MAX_METRICS];
  int32_t cost, revenue, customers_active, handle_time;
  int32_t offered, answered, wait_answered, answered_in_sl, abandoned, abandon_wait, short_abandoned,
      abandoned_in_sl, flow_out, flow_out_wait, flow_out_in_sl;
  int32_t agent_contacts, handled, held_contacts, transfers, responded, with_frt;
  int32_t contacts, blocked, contacts_with_customer, repeat_contacts, fcr_eligible, fcr, escalated,
      transferred_contacts;
  int32_t csat_responses, csat_sum, csat_satisfied, nps_responses, nps_promoters, nps_detractors, ces_responses,
      ces_sum, ces_easy, qa_evaluations, qa_sum;
  int32_t first_reply_time, first_reply_in_target, closed_contacts, resolved_in_target;
  int32_t logged_in, available, busy, not_ready, acw_state, customers_new, customers_referred;
  int32_t gauges[8];
  int ngauges;
  /* the range of each metric where one must hold: in every cell, or in
   * the company total for all time */
  double lo[MAX_METRICS], hi[MAX_METRICS];
  unsigned char ranged[MAX_METRICS]; /* 0: none, 1: every cell, 2: all-time total only */
  unsigned char levels[MAX_METRICS]; /* ccm_metric_uses_levels */
} ids;

static int32_t measure(const char *name) {
  int32_t id = -1;
  int32_t rc = ccm_measure_by_name(name, &id);
  FUZZ_CHECK(rc == CCM_OK, "no measure '%s' in the catalog", name);
  return id;
}

static int32_t metric(const char *name) {
  int32_t id = -1;
  int32_t rc = ccm_metric_by_name(name, &id);
  FUZZ_CHECK(rc == CCM_OK, "no metric '%s' in the catalog", name);
  return id;
}

static void set_range(int32_t m, unsigned char where, double lo, double hi) {
  ids.ranged[m] = where;
  ids.lo[m] = lo - 1e-9;
  ids.hi[m] = hi + 1e-9;
}

static void init_ids(void) {
  static const char *const gauges[] = {"in_queue",        "open_contacts", "awaiting_reply",   "agents_logged_in",
                                       "agents_available", "agents_busy",   "agents_not_ready", "agents_acw"};
  /* shares of measures credited together: within [0, 100] in every cell */
  static const char *const pct_cell[] = {"service_level", "service_level_answered", "service_level_abandon_ok",
                                         "csat_pct",      "ces_easy_pct",           "frt_sla_pct",
                                         "resolution_sla_pct", "fcr_rate",          "repeat_contact_rate",
                                         "occupancy",     "utilization",            "referral_rate"};
  /* shares of measures credited at different times: only for all time */
  static const char *const pct_total[] = {"abandon_rate", "service_level_offered", "transfer_rate",
                                          "agent_first_response_rate"};
  int32_t i;
  if (ids.ready) return;
  ids.nmeasures = ccm_measure_count();
  ids.nmetrics = ccm_metric_count();
  FUZZ_CHECK(ids.nmeasures > 0 && ids.nmeasures <= MAX_MEASURES, "measure count %d", (int)ids.nmeasures);
  FUZZ_CHECK(ids.nmetrics > 0 && ids.nmetrics <= MAX_METRICS, "metric count %d", (int)ids.nmetrics);
  for (i = 0; i < ids.nmeasures; i++) ids.kind[i] = ccm_measure_kind(i);
  for (i = 0; i < ids.nmetrics; i++) ids.unit[i] = ccm_metric_unit(i);
  for (i = 0; i < ids.nmetrics; i++) ids.levels[i] = ccm_metric_uses_levels(i) == 1;
  ids.cost = measure("cost");
  ids.handle_time = measure("handle_time");
  ids.revenue = measure("revenue");
  ids.customers_active = measure("customers_active");
  ids.offered = measure("offered");
  ids.answered = measure("answered");
  ids.wait_answered = measure("wait_answered");
  ids.answered_in_sl = measure("answered_in_sl");
  ids.abandoned = measure("abandoned");
  ids.abandon_wait = measure("abandon_wait");
  ids.short_abandoned = measure("short_abandoned");
  ids.abandoned_in_sl = measure("abandoned_in_sl");
  ids.flow_out = measure("flow_out");
  ids.flow_out_wait = measure("flow_out_wait");
  ids.flow_out_in_sl = measure("flow_out_in_sl");
  ids.agent_contacts = measure("agent_contacts");
  ids.handled = measure("handled");
  ids.held_contacts = measure("held_contacts");
  ids.transfers = measure("transfers");
  ids.responded = measure("responded_agent_contacts");
  ids.with_frt = measure("agent_contacts_with_frt");
  ids.contacts = measure("contacts");
  ids.blocked = measure("blocked");
  ids.contacts_with_customer = measure("contacts_with_customer");
  ids.repeat_contacts = measure("repeat_contacts");
  ids.fcr_eligible = measure("fcr_eligible");
  ids.fcr = measure("fcr");
  ids.escalated = measure("escalated");
  ids.transferred_contacts = measure("transferred_contacts");
  ids.csat_responses = measure("csat_responses");
  ids.csat_sum = measure("csat_sum");
  ids.csat_satisfied = measure("csat_satisfied");
  ids.nps_responses = measure("nps_responses");
  ids.nps_promoters = measure("nps_promoters");
  ids.nps_detractors = measure("nps_detractors");
  ids.ces_responses = measure("ces_responses");
  ids.ces_sum = measure("ces_sum");
  ids.ces_easy = measure("ces_easy");
  ids.qa_evaluations = measure("qa_evaluations");
  ids.qa_sum = measure("qa_sum");
  ids.first_reply_time = measure("first_reply_time");
  ids.first_reply_in_target = measure("first_reply_in_target");
  ids.closed_contacts = measure("closed_contacts");
  ids.resolved_in_target = measure("resolved_in_target");
  ids.logged_in = measure("logged_in_time");
  ids.available = measure("available_time");
  ids.busy = measure("busy_time");
  ids.not_ready = measure("not_ready_time");
  ids.acw_state = measure("acw_state_time");
  ids.customers_new = measure("customers_new");
  ids.customers_referred = measure("customers_referred");
  for (i = 0; i < (int32_t)(sizeof gauges / sizeof gauges[0]); i++) ids.gauges[ids.ngauges++] = measure(gauges[i]);
  for (i = 0; i < ids.nmetrics; i++) {
    if (ids.unit[i] == CCM_UNIT_MS) set_range(i, 1, 0, HUGE_VAL); /* durations */
  }
  for (i = 0; i < (int32_t)(sizeof pct_cell / sizeof pct_cell[0]); i++) set_range(metric(pct_cell[i]), 1, 0, 100);
  for (i = 0; i < (int32_t)(sizeof pct_total / sizeof pct_total[0]); i++) set_range(metric(pct_total[i]), 2, 0, 100);
  set_range(metric("nps"), 1, -100, 100);
  set_range(metric("csat_avg"), 1, 1, 5);
  set_range(metric("ces_avg"), 1, 1, 7);
  set_range(metric("quality_score"), 1, 0, 100);
  set_range(metric("contacts_per_case"), 1, 1, HUGE_VAL);
  ids.ready = 1;
}

/* ------------------------------------------------------------------------ */
/* One cell, read through a cursor or a measure set. */

typedef struct cell {
  int64_t f[MAX_MEASURES][NFIELDS];
  const char *where; /* "view cell" or "rollup", for messages */
  int64_t bucket;
} cell;

#define CNT(c_, m_) ((c_)->f[(m_)][CCM_FIELD_COUNT])

static const char *mname(int32_t m) {
  const char *n = ccm_measure_name(m);
  return n ? n : "?";
}

static void check_le(const cell *c, int32_t a, int32_t b) {
  FUZZ_CHECK(CNT(c, a) <= CNT(c, b), "%s bucket %lld: %s %lld > %s %lld", c->where, (long long)c->bucket, mname(a),
             (long long)CNT(c, a), mname(b), (long long)CNT(c, b));
}

static void check_eq(const cell *c, int32_t a, int32_t b) {
  FUZZ_CHECK(CNT(c, a) == CNT(c, b), "%s bucket %lld: %s %lld != %s %lld", c->where, (long long)c->bucket, mname(a),
             (long long)CNT(c, a), mname(b), (long long)CNT(c, b));
}

/* A sum of survey answers within count x [lo, hi]. */
static void check_scale(const cell *c, int32_t sum, int32_t n, int64_t lo, int64_t hi) {
  FUZZ_CHECK(CNT(c, sum) >= lo * CNT(c, n) && CNT(c, sum) <= hi * CNT(c, n), "%s: %s %lld outside %s %lld x [%lld, %lld]",
             c->where, mname(sum), (long long)CNT(c, sum), mname(n), (long long)CNT(c, n), (long long)lo,
             (long long)hi);
}

static void check_measures(const cell *c, unsigned what) {
  int32_t m;
  for (m = 0; m < ids.nmeasures; m++) {
    const int64_t *f = c->f[m];
    switch (ids.kind[m]) {
      case CCM_MEASURE_COUNT_KIND:
        if (m != ids.cost && m != ids.revenue) {
          FUZZ_CHECK(f[0] >= 0, "%s bucket %lld: count %s = %lld", c->where, (long long)c->bucket, mname(m),
                     (long long)f[0]);
        }
        break;
      case CCM_MEASURE_TIMER_KIND: {
        const int64_t n = f[CCM_FIELD_COUNT], sum = f[CCM_FIELD_SUM], lo = f[CCM_FIELD_MIN], hi = f[CCM_FIELD_MAX];
        FUZZ_CHECK(n >= 0, "%s: timer %s count %lld", c->where, mname(m), (long long)n);
        if (m == ids.handle_time) {
          /* count and talk + hold at agent_end, acw and min/max (of whole
           * handle times) at acw_end, maybe in another cell (CHOICES.md) */
          FUZZ_CHECK(sum >= 0 && lo >= 0 && lo <= hi, "%s bucket %lld: handle_time count %lld sum %lld min %lld max %lld",
                     c->where, (long long)c->bucket, (long long)n, (long long)sum, (long long)lo, (long long)hi);
        } else if (n == 0) {
          FUZZ_CHECK(sum == 0 && lo == 0 && hi == 0, "%s: empty timer %s: sum %lld min %lld max %lld", c->where,
                     mname(m), (long long)sum, (long long)lo, (long long)hi);
        } else {
          /* long double: count x max may not fit an int64 */
          FUZZ_CHECK(lo >= 0 && lo <= hi && (long double)lo * n <= (long double)sum &&
                         (long double)sum <= (long double)hi * n,
                     "%s bucket %lld: timer %s count %lld sum %lld min %lld max %lld", c->where,
                     (long long)c->bucket, mname(m), (long long)n, (long long)sum, (long long)lo, (long long)hi);
        }
        break;
      }
      case CCM_MEASURE_LEVEL_KIND:
        if (f[CCM_FIELD_START] != INT64_MIN && f[CCM_FIELD_END] != INT64_MIN) {
          FUZZ_CHECK(f[CCM_FIELD_END] == f[CCM_FIELD_START] + f[CCM_FIELD_COUNT],
                     "%s bucket %lld: level %s start %lld + change %lld != end %lld", c->where, (long long)c->bucket,
                     mname(m), (long long)f[CCM_FIELD_START], (long long)f[CCM_FIELD_COUNT],
                     (long long)f[CCM_FIELD_END]);
        }
        break;
      default:
        FUZZ_CHECK(0, "measure %d has kind %d", (int)m, (int)ids.kind[m]);
    }
  }
  /* credited by one event to one cell */
  check_le(c, ids.answered_in_sl, ids.answered);
  check_eq(c, ids.wait_answered, ids.answered);
  check_le(c, ids.short_abandoned, ids.abandoned);
  check_le(c, ids.abandoned_in_sl, ids.abandoned);
  check_eq(c, ids.abandon_wait, ids.abandoned);
  check_le(c, ids.flow_out_in_sl, ids.flow_out);
  check_eq(c, ids.flow_out_wait, ids.flow_out);
  check_le(c, ids.held_contacts, ids.handled);
  check_le(c, ids.csat_satisfied, ids.csat_responses);
  check_le(c, ids.ces_easy, ids.ces_responses);
  check_le(c, ids.first_reply_in_target, ids.first_reply_time);
  check_le(c, ids.resolved_in_target, ids.closed_contacts);
  check_le(c, ids.fcr, ids.fcr_eligible);
  check_le(c, ids.repeat_contacts, ids.contacts_with_customer);
  check_le(c, ids.customers_referred, ids.customers_new);
  FUZZ_CHECK(CNT(c, ids.nps_promoters) + CNT(c, ids.nps_detractors) <= CNT(c, ids.nps_responses),
             "%s: nps promoters %lld + detractors %lld > responses %lld", c->where,
             (long long)CNT(c, ids.nps_promoters), (long long)CNT(c, ids.nps_detractors),
             (long long)CNT(c, ids.nps_responses));
  check_scale(c, ids.csat_sum, ids.csat_responses, 1, 5);
  check_scale(c, ids.ces_sum, ids.ces_responses, 1, 7);
  check_scale(c, ids.qa_sum, ids.qa_evaluations, 0, 100000); /* thousandths of a point */
  FUZZ_CHECK(CNT(c, ids.logged_in) == CNT(c, ids.available) + CNT(c, ids.busy) + CNT(c, ids.not_ready) +
                                           CNT(c, ids.acw_state),
             "%s bucket %lld: logged_in_time %lld != available %lld + busy %lld + not_ready %lld + acw %lld",
             c->where, (long long)c->bucket, (long long)CNT(c, ids.logged_in), (long long)CNT(c, ids.available),
             (long long)CNT(c, ids.busy), (long long)CNT(c, ids.not_ready), (long long)CNT(c, ids.acw_state));
  if (what & FUZZ_VIEW_LEVELS) {
    int i;
    for (i = 0; i < ids.ngauges; i++) {
      const int64_t *f = c->f[ids.gauges[i]];
      if (f[CCM_FIELD_START] == INT64_MIN) continue; /* undefined */
      FUZZ_CHECK(f[CCM_FIELD_START] >= 0 && f[CCM_FIELD_END] >= 0, "%s bucket %lld: gauge %s start %lld end %lld",
                 c->where, (long long)c->bucket, mname(ids.gauges[i]), (long long)f[CCM_FIELD_START],
                 (long long)f[CCM_FIELD_END]);
    }
  }
  if (what & FUZZ_VIEW_TOTAL) {
    /* every queue visit is offered before it ends, once */
    FUZZ_CHECK(CNT(c, ids.answered) + CNT(c, ids.abandoned) + CNT(c, ids.flow_out) <= CNT(c, ids.offered),
               "total: answered %lld + abandoned %lld + flow_out %lld > offered %lld", (long long)CNT(c, ids.answered),
               (long long)CNT(c, ids.abandoned), (long long)CNT(c, ids.flow_out), (long long)CNT(c, ids.offered));
    /* every agent contact starts (answer) before it ends, once */
    check_le(c, ids.handled, ids.agent_contacts);
    check_le(c, ids.transfers, ids.agent_contacts);
    check_le(c, ids.responded, ids.agent_contacts);
    check_le(c, ids.with_frt, ids.agent_contacts);
    /* once per contact, after its contact_start */
    check_le(c, ids.blocked, ids.contacts);
    check_le(c, ids.contacts_with_customer, ids.contacts);
    check_le(c, ids.escalated, ids.contacts);
    check_le(c, ids.transferred_contacts, ids.contacts);
    check_le(c, ids.fcr_eligible, ids.contacts);
  }
}

/* A metric's status and value, and its range where one must hold. */
static void check_metric(const cell *c, int32_t m, int32_t rc, double value, unsigned what) {
  if (rc == CCM_OK && isfinite(value) &&
      (ids.ranged[m] == 0 || (ids.ranged[m] == 2 && !(what & FUZZ_VIEW_TOTAL)) ||
       (value >= ids.lo[m] && value <= ids.hi[m]))) {
    return; /* the common case, without a call */
  }
  FUZZ_CHECK(rc == CCM_OK || rc == CCM_UNDEFINED || rc == CCM_E_UNSUPPORTED, "%s: metric %s returned %d (%s)",
             c->where, ccm_metric_name(m), (int)rc, ccm_error_name(rc));
  if (rc == CCM_UNDEFINED) {
    FUZZ_CHECK(value == 0, "%s: undefined metric %s has value %g", c->where, ccm_metric_name(m), value);
    return;
  }
  if (rc != CCM_OK) return;
  FUZZ_CHECK(isfinite(value), "%s: metric %s = %g", c->where, ccm_metric_name(m), value);
  FUZZ_CHECK(0, "%s bucket %lld: metric %s = %.17g outside [%g, %g]", c->where, (long long)c->bucket,
             ccm_metric_name(m), value, ids.lo[m], ids.hi[m]);
}

/* Quantiles of every non-empty timer: [min, max], exact at the ends. */
typedef int32_t (*quantile_fn)(const void *src, int32_t measure, double q, double *value);

static void check_quantiles(const cell *c, const void *src, quantile_fn quantile) {
  static const double qs[] = {0, 0.5, 0.99, 1};
  int32_t m;
  size_t i;
  for (m = 0; m < ids.nmeasures; m++) {
    const int64_t *f = c->f[m];
    if (ids.kind[m] != CCM_MEASURE_TIMER_KIND) continue;
    for (i = 0; i < sizeof qs / sizeof qs[0]; i++) {
      double v = -1;
      int32_t rc = quantile(src, m, qs[i], &v);
      if (m == ids.handle_time) {
        /* its sketch holds the handle times completed here, not its count */
        FUZZ_CHECK(rc == CCM_UNDEFINED || (rc == CCM_OK && v >= (double)f[CCM_FIELD_MIN] && v <= (double)f[CCM_FIELD_MAX]),
                   "%s: quantile %g of handle_time: rc %d, %.17g outside [%lld, %lld]", c->where, qs[i], (int)rc, v,
                   (long long)f[CCM_FIELD_MIN], (long long)f[CCM_FIELD_MAX]);
        continue;
      }
      if (f[CCM_FIELD_COUNT] == 0) {
        FUZZ_CHECK(rc == CCM_UNDEFINED, "%s: quantile %g of empty timer %s returned %d", c->where, qs[i], mname(m),
                   (int)rc);
        continue;
      }
      FUZZ_CHECK(rc == CCM_OK, "%s: quantile %g of %s returned %d", c->where, qs[i], mname(m), (int)rc);
      FUZZ_CHECK(v >= (double)f[CCM_FIELD_MIN] && v <= (double)f[CCM_FIELD_MAX],
                 "%s bucket %lld: quantile %g of %s = %.17g outside [%lld, %lld] (count %lld)", c->where,
                 (long long)c->bucket, qs[i], mname(m), v, (long long)f[CCM_FIELD_MIN], (long long)f[CCM_FIELD_MAX],
                 (long long)f[CCM_FIELD_COUNT]);
      if (qs[i] == 0) {
        FUZZ_CHECK(v == (double)f[CCM_FIELD_MIN], "%s: quantile 0 of %s = %.17g, min %lld", c->where, mname(m), v,
                   (long long)f[CCM_FIELD_MIN]);
      }
      if (qs[i] == 1) {
        FUZZ_CHECK(v == (double)f[CCM_FIELD_MAX], "%s: quantile 1 of %s = %.17g, max %lld", c->where, mname(m), v,
                   (long long)f[CCM_FIELD_MAX]);
      }
    }
  }
}

static int32_t cursor_quantile(const void *src, int32_t measure, double q, double *value) {
  return ccm_cursor_quantile((const ccm_cursor *)src, measure, q, value);
}

static int32_t measures_quantile(const void *src, int32_t measure, double q, double *value) {
  return ccm_measures_quantile((const ccm_measures *)src, measure, q, value);
}

static int nfields_of(int32_t kind) {
  return kind == CCM_MEASURE_TIMER_KIND ? 4 : kind == CCM_MEASURE_LEVEL_KIND ? 6 : 1;
}

/* Level START/END fields are asked only where they are defined. */
static int field_wanted(int32_t kind, int f) {
  return kind != CCM_MEASURE_LEVEL_KIND || f == CCM_FIELD_COUNT || f >= CCM_FIELD_START;
}

static uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= UINT64_C(0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= UINT64_C(0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h;
}

/* A field read (rc, *val) as a cell keeps it: INT64_MIN when undefined.  In
 * an engine without levels every field of a level is undefined; else only
 * a level's start and end may be (buckets without instants, merged
 * spans). */
static int64_t field_kept(const char *reader, int32_t m, int f, int32_t rc, int64_t val, int no_levels) {
  if (no_levels && ids.kind[m] == CCM_MEASURE_LEVEL_KIND) {
    FUZZ_CHECK(rc == CCM_UNDEFINED && val == 0, "no levels: %s(%s, %d) returned %d, value %lld", reader, mname(m), f,
               (int)rc, (long long)val);
    return INT64_MIN;
  }
  if (rc == CCM_UNDEFINED && f >= CCM_FIELD_START) {
    FUZZ_CHECK(val == 0, "undefined %s field %d has value %lld", mname(m), f, (long long)val);
    return INT64_MIN;
  }
  FUZZ_CHECK(rc == CCM_OK, "%s(%s, %d) returned %d", reader, mname(m), f, (int)rc);
  return val;
}

/* Without levels, a metric that reads one is undefined. */
static void check_no_level_metric(const cell *c, int32_t m, int32_t rc, unsigned what) {
  if (!(what & FUZZ_VIEW_NO_LEVELS) || !ids.levels[m]) return;
  FUZZ_CHECK(rc == CCM_UNDEFINED, "%s: no levels, but metric %s returned %d", c->where, ccm_metric_name(m), (int)rc);
}

uint64_t fuzz_check_view(const ccm_view *v, unsigned what) {
  static cell c;
  ccm_cursor *cur = NULL;
  int64_t ncells = ccm_view_cells(v), seen = 0;
  uint64_t hash = 0;
  int32_t rc, m;
  init_ids();
  rc = ccm_cursor_new(v, &cur);
  FUZZ_CHECK(rc == CCM_OK, "ccm_cursor_new returned %d", (int)rc);
  c.where = "view cell";
  while ((rc = ccm_cursor_next(cur)) == CCM_OK) {
    uint32_t key[CCM_KEY_DIMS];
    uint64_t h = 0;
    int d;
    rc = ccm_cursor_key(cur, key, CCM_KEY_DIMS, &c.bucket);
    FUZZ_CHECK(rc == CCM_OK, "ccm_cursor_key returned %d", (int)rc);
    for (d = 0; d < CCM_KEY_DIMS; d++) h = mix(h ^ key[d]);
    h = mix(h ^ (uint64_t)c.bucket);
    for (m = 0; m < ids.nmeasures; m++) {
      int f, nf = nfields_of(ids.kind[m]);
      for (f = 0; f < nf; f++) {
        int64_t val = 0;
        if (!field_wanted(ids.kind[m], f)) continue;
        rc = ccm_cursor_measure(cur, m, f, &val);
        val = field_kept("ccm_cursor_measure", m, f, rc, val, (what & FUZZ_VIEW_NO_LEVELS) != 0);
        c.f[m][f] = val;
        h = mix(h ^ (uint64_t)val);
      }
    }
    check_measures(&c, what);
    for (m = 0; m < ids.nmetrics; m++) {
      double value = -1;
      rc = ccm_cursor_metric(cur, m, &value);
      check_metric(&c, m, rc, value, what);
      check_no_level_metric(&c, m, rc, what);
    }
    if (what & FUZZ_VIEW_SKETCHES) check_quantiles(&c, cur, cursor_quantile);
    hash += h; /* a sum: the cursor's order does not matter */
    seen++;
  }
  FUZZ_CHECK(rc == CCM_END, "ccm_cursor_next returned %d", (int)rc);
  FUZZ_CHECK(seen == ncells, "cursor gave %lld cells, ccm_view_cells %lld", (long long)seen, (long long)ncells);
  ccm_cursor_free(cur);
  return hash + (uint64_t)ncells;
}

static void read_measures(const ccm_measures *ms, cell *c, int no_levels) {
  int32_t m, rc;
  for (m = 0; m < ids.nmeasures; m++) {
    int f, nf = nfields_of(ids.kind[m]);
    for (f = 0; f < nf; f++) {
      int64_t val = 0;
      if (!field_wanted(ids.kind[m], f)) continue;
      rc = ccm_measures_get(ms, m, f, &val);
      c->f[m][f] = field_kept("ccm_measures_get", m, f, rc, val, no_levels);
    }
  }
}

void fuzz_check_measures(const ccm_measures *ms, unsigned what) {
  static cell c;
  static const int64_t edges[] = {0, 1000, 20000, 60000, 3600000};
  int32_t m, rc;
  init_ids();
  c.where = "rollup";
  c.bucket = 0;
  read_measures(ms, &c, (what & FUZZ_VIEW_NO_LEVELS) != 0);
  check_measures(&c, 0);
  for (m = 0; m < ids.nmetrics; m++) {
    double value = -1;
    rc = ccm_measures_metric(ms, m, &value);
    check_metric(&c, m, rc, value, 0);
    check_no_level_metric(&c, m, rc, what);
  }
  if (!(what & FUZZ_VIEW_SKETCHES)) return;
  check_quantiles(&c, ms, measures_quantile);
  for (m = 0; m < ids.nmeasures; m++) {
    int64_t counts[sizeof edges / sizeof edges[0] + 1], total = 0;
    double prev = 0, share;
    size_t i;
    if (ids.kind[m] != CCM_MEASURE_TIMER_KIND || m == ids.handle_time) continue;
    rc = ccm_measures_histogram(ms, m, edges, (uint32_t)(sizeof edges / sizeof edges[0]), counts);
    FUZZ_CHECK(rc == CCM_OK, "histogram of %s returned %d", mname(m), (int)rc);
    for (i = 0; i <= sizeof edges / sizeof edges[0]; i++) {
      FUZZ_CHECK(counts[i] >= 0, "histogram of %s: bucket %zu count %lld", mname(m), i, (long long)counts[i]);
      total += counts[i];
    }
    FUZZ_CHECK(total == c.f[m][CCM_FIELD_COUNT], "histogram of %s adds up to %lld, count %lld", mname(m),
               (long long)total, (long long)c.f[m][CCM_FIELD_COUNT]);
    for (i = 0; i < sizeof edges / sizeof edges[0]; i++) {
      rc = ccm_measures_share_at_or_under(ms, m, edges[i], &share);
      if (c.f[m][CCM_FIELD_COUNT] == 0) {
        FUZZ_CHECK(rc == CCM_UNDEFINED, "share of empty %s returned %d", mname(m), (int)rc);
        continue;
      }
      FUZZ_CHECK(rc == CCM_OK && share >= prev && share <= 1, "share of %s at or under %lld: rc %d, %g (previous %g)",
                 mname(m), (long long)edges[i], (int)rc, share, prev);
      prev = share;
    }
  }
  {
    double sl = -1;
    rc = ccm_measures_service_level_at(ms, 20000, &sl);
    FUZZ_CHECK((rc == CCM_OK && sl >= 0 && sl <= 100 + 1e-9) || (rc == CCM_UNDEFINED && sl == 0),
               "service_level_at(20 s): rc %d, %g", (int)rc, sl);
  }
}

int64_t fuzz_stat(const ccm_engine *e, int32_t stat) {
  int64_t value = -1;
  int32_t rc = ccm_engine_stat(e, stat, &value);
  FUZZ_CHECK(rc == CCM_OK, "ccm_engine_stat(%d) returned %d", (int)stat, (int)rc);
  return value;
}

void fuzz_check_stats(const ccm_engine *e) {
  int32_t s, code, rc;
  int64_t value, rejected = 0, by_code = 0;
  for (s = CCM_STAT_ACCEPTED; s <= CCM_STAT_EVENT_IDS; s++) {
    value = fuzz_stat(e, s);
    FUZZ_CHECK(value >= 0, "stat %d = %lld", (int)s, (long long)value);
    if (s == CCM_STAT_REJECTED) rejected = value;
  }
  for (code = -1; code >= -64; code--) {
    rc = ccm_engine_rejected(e, code, &value);
    FUZZ_CHECK(rc == CCM_OK && value >= 0, "ccm_engine_rejected(%d): rc %d, %lld", (int)code, (int)rc,
               (long long)value);
    by_code += value;
  }
  FUZZ_CHECK(by_code == rejected, "rejected by code add up to %lld, CCM_STAT_REJECTED %lld", (long long)by_code,
             (long long)rejected);
}

int64_t fuzz_total_field(const ccm_view *total, const char *name, int32_t field) {
  ccm_cursor *cur = NULL;
  int64_t value = 0;
  int32_t rc = ccm_cursor_new(total, &cur);
  FUZZ_CHECK(rc == CCM_OK, "ccm_cursor_new returned %d", (int)rc);
  if (ccm_cursor_next(cur) == CCM_OK) {
    rc = ccm_cursor_measure(cur, measure(name), field, &value);
    FUZZ_CHECK(rc == CCM_OK, "ccm_cursor_measure(%s) returned %d", name, (int)rc);
  }
  ccm_cursor_free(cur);
  return value;
}

void fuzz_check_same_totals(ccm_engine *e, const ccm_view *v, const ccm_view *total) {
  static cell all, one;
  ccm_measures *a = NULL, *t = NULL;
  int32_t rc, m;
  int64_t levels = 1;
  init_ids();
  rc = ccm_engine_config(e, CCM_CFG_LEVELS, &levels);
  FUZZ_CHECK(rc == CCM_OK, "ccm_engine_config(CCM_CFG_LEVELS) returned %d", (int)rc);
  rc = ccm_measures_new(e, &a);
  FUZZ_CHECK(rc == CCM_OK, "ccm_measures_new returned %d", (int)rc);
  rc = ccm_measures_new(e, &t);
  FUZZ_CHECK(rc == CCM_OK, "ccm_measures_new returned %d", (int)rc);
  rc = ccm_rollup(v, NULL, 0, INT64_MIN, INT64_MAX, a);
  FUZZ_CHECK(rc == CCM_OK, "ccm_rollup returned %d", (int)rc);
  rc = ccm_rollup(total, NULL, 0, INT64_MIN, INT64_MAX, t);
  FUZZ_CHECK(rc == CCM_OK, "ccm_rollup returned %d", (int)rc);
  read_measures(a, &all, !levels);
  read_measures(t, &one, !levels);
  for (m = 0; m < ids.nmeasures; m++) {
    int f, nf = ids.kind[m] == CCM_MEASURE_TIMER_KIND ? 4 : 1;
    if (ids.kind[m] == CCM_MEASURE_LEVEL_KIND) continue;
    for (f = 0; f < nf; f++) {
      FUZZ_CHECK(all.f[m][f] == one.f[m][f], "view (dims 0x%x, grain %d): %s field %d is %lld, company total %lld",
                 (unsigned)ccm_view_dims(v), (int)ccm_view_grain(v), mname(m), f, (long long)all.f[m][f],
                 (long long)one.f[m][f]);
    }
  }
  fuzz_check_measures(a, levels ? 0 : FUZZ_VIEW_NO_LEVELS);
  ccm_measures_free(a);
  ccm_measures_free(t);
}
