/*
 * report_columns.c - the value columns of ccm-report.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include "report_columns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccmetrics.h"

static const struct {
  double q;
  const char *suffix;
} QUANTILES[] = {{0.50, "_p50"}, {0.90, "_p90"}, {0.95, "_p95"}, {0.99, "_p99"}};

static const struct {
  const char *name;
  int32_t unit;
} STAFF[REPORT_STAFF_COUNT] = {
    {"rate_per_hour", CCM_UNIT_RATIO}, {"agents", CCM_UNIT_COUNT},       {"pwait", CCM_UNIT_RATIO},
    {"service_level", CCM_UNIT_PERCENT}, {"asa", CCM_UNIT_MS},           {"occupancy", CCM_UNIT_PERCENT},
    {"abandon_rate", CCM_UNIT_PERCENT},
};

static void metric_column(report_column *c, int32_t metric) {
  const char *f = ccm_metric_formula(metric);
  memset(c, 0, sizeof(*c));
  c->kind = REPORT_COL_METRIC;
  c->metric = metric;
  snprintf(c->name, sizeof(c->name), "%s", ccm_metric_name(metric));
  c->unit = ccm_metric_unit(metric);
  c->ratio = f != NULL && strchr(f, '/') != NULL;
}

int report_columns_build(const report_opts *o, report_column **cols, size_t *ncols) {
  size_t n = 0, m, q, cap = o->nmetrics * 5 + REPORT_STAFF_COUNT + 2;
  report_column *c = malloc(sizeof(*c) * cap);
  int32_t id;
  *cols = NULL;
  *ncols = 0;
  if (c == NULL) return -1;
  if (o->staffing) {
    if (ccm_metric_by_name("offered", &id) == CCM_OK) metric_column(&c[n++], id);
    if (ccm_metric_by_name("aht", &id) == CCM_OK) metric_column(&c[n++], id);
    for (q = 0; q < REPORT_STAFF_COUNT; q++) {
      memset(&c[n], 0, sizeof(c[n]));
      c[n].kind = REPORT_COL_STAFF;
      c[n].staff = (int)q;
      c[n].metric = -1;
      snprintf(c[n].name, sizeof(c[n].name), "%s", STAFF[q].name);
      c[n].unit = STAFF[q].unit;
      c[n].ratio = STAFF[q].unit == CCM_UNIT_RATIO;
      n++;
    }
  } else {
    for (m = 0; m < o->nmetrics; m++) {
      int32_t measure;
      metric_column(&c[n++], o->metrics[m]);
      if (!o->percentiles || ccm_metric_timer(o->metrics[m], &measure) != CCM_OK) continue;
      for (q = 0; q < sizeof(QUANTILES) / sizeof(QUANTILES[0]); q++) {
        memset(&c[n], 0, sizeof(c[n]));
        c[n].kind = REPORT_COL_QUANTILE;
        c[n].metric = o->metrics[m];
        c[n].measure = measure;
        c[n].q = QUANTILES[q].q;
        snprintf(c[n].name, sizeof(c[n].name), "%s%s", ccm_metric_name(o->metrics[m]), QUANTILES[q].suffix);
        c[n].unit = CCM_UNIT_MS;
        n++;
      }
    }
  }
  *cols = c;
  *ncols = n;
  return 0;
}
