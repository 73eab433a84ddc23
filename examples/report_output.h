/*
 * report_output.h - the rows of ccm-report and their writers (table, CSV, JSON).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef REPORT_OUTPUT_H
#define REPORT_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report_columns.h"
#include "report_opts.h"

/** One key value of a row: a dimension value's bytes, or a time bucket. */
typedef struct report_keyval {
  const char *s; /* dimension value (from ccm_name(); "" for none) */
  size_t len;
  int64_t bucket; /* time key: the bucket (sorting) */
  int64_t local;  /* time key as printed: local time of an instant bucket, else the bucket */
} report_keyval;

/** All rows, kept until printed. */
typedef struct report_table {
  const report_opts *o;
  const report_column *cols; /* the value columns */
  size_t ncols;
  size_t nrows, cap;
  report_keyval *keys;    /* nrows x o->nkeys */
  double *values;         /* nrows x ncols */
  unsigned char *defined; /* nrows x ncols: 0 = undefined */
  size_t *order;          /* printing order after report_table_sort() */
} report_table;

/** Prepare an empty table for the keys of @p o and the columns.  0 or -1 (memory). */
int report_table_init(report_table *t, const report_opts *o, const report_column *cols, size_t ncols);

/** Free the table. */
void report_table_free(report_table *t);

/**
 * Add a row: o->nkeys key values, ncols values and definedness flags.
 * 0 or -1 (memory).
 */
int report_table_add(report_table *t, const report_keyval *keys, const double *values,
                     const unsigned char *defined);

/**
 * Sort the rows by key: column by column in --by order; dimension values
 * bytewise (the empty "none" first), time keys by bucket.  0 or -1 (memory).
 */
int report_table_sort(report_table *t);

/** Print the table in o->format.  0, or -1 on a write error. */
int report_table_write(const report_table *t, FILE *out);

/**
 * Format one metric value as the CSV prints it.
 * @param unit the metric's CCM_UNIT_*.
 * @param ratio nonzero when the metric is a quotient (its formula divides):
 *        a count-unit average such as avg_rings then keeps its fraction.
 * @return the length; buf holds at least 64 bytes.
 */
size_t report_format_value(int32_t unit, int ratio, double v, char *buf);

#endif
