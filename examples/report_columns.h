/*
 * report_columns.h - the value columns of ccm-report: catalog metrics, their
 * percentiles (--percentiles) and the staffing figures (--staffing).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef REPORT_COLUMNS_H
#define REPORT_COLUMNS_H

#include <stddef.h>
#include <stdint.h>

#include "report_opts.h"

#define REPORT_COL_METRIC 0   /* a catalog metric */
#define REPORT_COL_QUANTILE 1 /* a percentile of a metric's timer */
#define REPORT_COL_STAFF 2    /* a staffing figure */

/* Staffing figures, in column order. */
#define REPORT_STAFF_RATE 0      /* offered per hour */
#define REPORT_STAFF_AGENTS 1    /* agents needed for the target */
#define REPORT_STAFF_PWAIT 2
#define REPORT_STAFF_SL 3
#define REPORT_STAFF_ASA 4
#define REPORT_STAFF_OCCUPANCY 5
#define REPORT_STAFF_ABANDON 6
#define REPORT_STAFF_COUNT 7

typedef struct report_column {
  int kind;        /* REPORT_COL_* */
  int32_t metric;  /* METRIC, QUANTILE: the catalog metric */
  int32_t measure; /* QUANTILE: the timer */
  double q;        /* QUANTILE: 0.5, 0.9, ... */
  int staff;       /* STAFF: REPORT_STAFF_* */
  char name[96];   /* the header */
  int32_t unit;    /* CCM_UNIT_* for formatting */
  int ratio;       /* a quotient: count units keep their fraction */
} report_column;

/**
 * The columns of a run: the requested metrics in order, each timer metric
 * followed by its _p50, _p90, _p95, _p99 with --percentiles; with
 * --staffing, offered and aht followed by the staffing figures.  Returns 0 or
 * -1 (memory); free with free(*cols).
 */
int report_columns_build(const report_opts *o, report_column **cols, size_t *ncols);

#endif
