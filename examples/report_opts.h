/*
 * report_opts.h - command-line options of ccm-report.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef REPORT_OPTS_H
#define REPORT_OPTS_H

#include <stddef.h>
#include <stdint.h>

#include "ccmetrics.h"

#define REPORT_FORMAT_TABLE 0
#define REPORT_FORMAT_CSV 1
#define REPORT_FORMAT_JSON 2

/* Kinds of --by column. */
#define REPORT_KEY_DIM 0  /* a view dimension (CCM_DIM_*) */
#define REPORT_KEY_TIME 1 /* the time key (CCM_GRAIN_*) */

/** Most --by columns: every view dimension plus one time key. */
#define REPORT_MAX_KEYS (CCM_KEY_DIMS + 1)
/** Most configuration options given at once. */
#define REPORT_MAX_CFG 32

/** One --by column. */
typedef struct report_key {
  int kind;         /* REPORT_KEY_* */
  int32_t id;       /* CCM_DIM_* or CCM_GRAIN_* */
  const char *name; /* as printed in the header */
} report_key;

/** One configuration setting from the command line. */
typedef struct report_cfg {
  int32_t key;        /* CCM_CFG_* */
  int64_t value;      /* in the library's unit (ms for times) */
  const char *option; /* "--sl-threshold" */
  const char *text;   /* the argument as given */
  int64_t factor;     /* library units per command-line unit */
  const char *unit;   /* "seconds", "minutes", "days" or NULL for plain numbers */
} report_cfg;

/** Everything the command line asks for. */
typedef struct report_opts {
  const char *file; /* FILE or "-" */
  report_key keys[REPORT_MAX_KEYS];
  size_t nkeys;
  uint32_t dim_mask; /* CCM_DIM_BIT of the dimension keys */
  int32_t grain;     /* CCM_GRAIN_* of the time key, CCM_GRAIN_NONE without */
  int32_t *metrics;  /* metric ids, in output order */
  size_t nmetrics;
  int format; /* REPORT_FORMAT_* */
  int strict;
  int has_as_of;  /* --as-of given */
  int64_t as_of;  /* ms since the epoch */
  report_cfg cfg[REPORT_MAX_CFG];
  size_t ncfg;
  const char *tz;        /* --tz RULE, NULL for UTC */
  const char *calendar;  /* --calendar FILE */
  int percentiles;       /* --percentiles */
  int staffing;          /* --staffing */
  double target_sl;      /* --target-sl PCT for --staffing (default 80) */
  double patience_s;     /* --patience SEC for --staffing: Erlang A (0 = Erlang C) */
  int threads;           /* --threads N: engines (and worker threads) ingesting, 1 .. REPORT_MAX_THREADS */
  const char *load;      /* --load FILE: start from a saved state, NULL for an empty engine */
  const char *save;      /* --save FILE: write the state after the input is read, NULL for none */
} report_opts;

/** Most --threads. */
#define REPORT_MAX_THREADS 64

/* report_opts_parse() results. */
#define REPORT_OPTS_RUN 0  /* go on: read the file */
#define REPORT_OPTS_DONE 1 /* --help, --version, --list-metrics: printed, exit 0 */
#define REPORT_OPTS_USAGE 2 /* bad command line: message printed, exit 2 */

/**
 * Parse the command line.  Messages go to stderr, --help and friends to
 * stdout.  Returns a REPORT_OPTS_* value; free with report_opts_free().
 */
int report_opts_parse(int argc, char **argv, report_opts *o);

/** Free what report_opts_parse() allocated. */
void report_opts_free(report_opts *o);

/**
 * Apply the configuration options to @p cfg (settings, --tz, --calendar).
 * Returns 0, or 2 after printing a message (value out of bounds, bad rule,
 * unreadable or bad calendar).
 */
int report_opts_apply(const report_opts *o, ccm_config *cfg);

#endif
