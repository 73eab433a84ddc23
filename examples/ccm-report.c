/*
 * ccm-report.c - the reference front end of libccmetrics: canonical event CSV
 * in, metrics out (CLI.md).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Uses only the public API of ccmetrics.h.  The work is split by concern:
 *   report_opts.c    command line
 *   report_csv.c     RFC 4180 record reader (large blocks, no copies)
 *   report_strtab.c  contact/customer strings to 64-bit keys
 *   report_ingest.c  records to ccm_event, ingestion, rejection reasons
 *   report_keys.c    printed form of time keys
 *   report_columns.c metric, percentile and staffing columns
 *   report_output.c  row sorting and the table/CSV/JSON writers
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccmetrics.h"
#include "report_columns.h"
#include "report_csv.h"
#include "report_ingest.h"
#include "report_opts.h"
#include "report_output.h"

#define PROG "ccm-report"

static const char *const HEADER[] = {"ts",   "event", "contact", "channel", "direction", "customer", "skill",
                                     "campaign", "agent", "team",    "value",   "label",     "id"};

/* Check the header record; sets *has_id.  0, or -1 after a message. */
static int check_header(const report_record *rec, const char *file, int *has_id) {
  size_t i;
  int ok = rec->error == REPORT_CSV_OK && (rec->nfields == 12 || rec->nfields == 13);
  for (i = 0; ok && i < rec->nfields; i++) {
    ok = rec->f[i].len == strlen(HEADER[i]) && memcmp(rec->f[i].p, HEADER[i], rec->f[i].len) == 0;
  }
  if (!ok) {
    fprintf(stderr,
            PROG ": %s: line %llu: not the canonical header "
                 "'ts,event,contact,channel,direction,customer,skill,campaign,agent,team,value,label[,id]'\n",
            file, (unsigned long long)rec->line);
    return -1;
  }
  *has_id = rec->nfields == 13;
  return 0;
}

/* What a row's columns are computed from: the cursor's cell, or (no --by)
 * the company-wide cell of the view and its rollup. */
typedef struct row_source {
  ccm_cursor *cur;    /* NULL: the company total */
  const ccm_view *v;
  ccm_measures *all;  /* the company total's rollup, for percentiles */
} row_source;

static int32_t row_metric(const row_source *rs, int32_t metric, double *value) {
  static const uint32_t none[CCM_KEY_DIMS];
  if (rs->cur) return ccm_cursor_metric(rs->cur, metric, value);
  return ccm_query(rs->v, none, CCM_KEY_DIMS, 0, metric, value);
}

static int32_t row_quantile(const row_source *rs, int32_t measure, double q, double *value) {
  if (rs->cur) return ccm_cursor_quantile(rs->cur, measure, q, value);
  return ccm_measures_quantile(rs->all, measure, q, value);
}

/* Local dates on which contacts started (a company view by date): an hour
 * of day of a staffing report recurs once per such date. */
static double contact_dates(const ccm_view *dates) {
  ccm_cursor *cur = NULL;
  double contacts, n = 0;
  int32_t metric;
  if (ccm_metric_by_name("contacts", &metric) != CCM_OK || ccm_cursor_new(dates, &cur) != CCM_OK) return 0;
  while (ccm_cursor_next(cur) == CCM_OK)
    if (ccm_cursor_metric(cur, metric, &contacts) == CCM_OK && contacts > 0) n++;
  ccm_cursor_free(cur);
  return n;
}

/* Hours a row's time bucket covers, for arrival rates: an interval or a date
 * (23 or 25 hours on a clock change), or an hour of day once per date on
 * which contacts started. */
static double bucket_hours(const ccm_view *v, int32_t grain, int64_t bucket, double ndates) {
  int64_t next;
  if (grain == CCM_GRAIN_HOUR) return ndates;
  if (ccm_view_bucket_next(v, bucket, &next) != CCM_OK) return 0;
  return (double)(next - bucket) / 3600000.0;
}

/* The staffing figures of a row from its offered count and AHT. */
static void staff_row(const report_opts *o, const ccm_engine *e, double offered, double hours, double aht_ms,
                      int aht_known, double *fig, unsigned char *known) {
  int64_t threshold = 20000, agents = 0;
  double rate, patience = o->patience_s * 1000.0, pw = 0, sl = 0, asa = 0, occ = 0, ab = 0;
  int32_t rc;
  memset(known, 0, REPORT_STAFF_COUNT);
  if (hours <= 0) return;
  rate = offered / hours;
  fig[REPORT_STAFF_RATE] = rate;
  known[REPORT_STAFF_RATE] = 1;
  if (rate > 0 && !aht_known) return;
  if (rate == 0) aht_ms = 1; /* no load: any handle time needs 0 agents */
  ccm_engine_config(e, CCM_CFG_SL_THRESHOLD_MS, &threshold);
  if (ccm_erlang_agents(rate, aht_ms, patience, (double)threshold, CCM_TARGET_SERVICE_LEVEL, o->target_sl, &agents) !=
      CCM_OK)
    return;
  fig[REPORT_STAFF_AGENTS] = (double)agents;
  known[REPORT_STAFF_AGENTS] = 1;
  if (patience > 0) {
    rc = ccm_erlang_a(rate, aht_ms, patience, agents, (double)threshold, &pw, &sl, &asa, &occ, &ab);
  } else {
    rc = ccm_erlang_c(rate, aht_ms, agents, (double)threshold, &pw, &sl, &asa, &occ);
  }
  if (rc != CCM_OK) return;
  fig[REPORT_STAFF_PWAIT] = pw;
  fig[REPORT_STAFF_SL] = sl;
  fig[REPORT_STAFF_ASA] = asa;
  fig[REPORT_STAFF_OCCUPANCY] = occ;
  fig[REPORT_STAFF_ABANDON] = ab;
  known[REPORT_STAFF_PWAIT] = known[REPORT_STAFF_SL] = known[REPORT_STAFF_ASA] = 1;
  known[REPORT_STAFF_OCCUPANCY] = rate > 0;
  known[REPORT_STAFF_ABANDON] = patience > 0;
}

/* The values of one row, column by column. */
static int row_values(const row_source *rs, const report_opts *o, const ccm_engine *e, const report_column *cols,
                      size_t ncols, double hours, double *values, unsigned char *defined) {
  double fig[REPORT_STAFF_COUNT] = {0};
  unsigned char known[REPORT_STAFF_COUNT] = {0};
  size_t m;
  int staffed = 0;
  for (m = 0; m < ncols; m++) {
    const report_column *c = &cols[m];
    int32_t q;
    if (c->kind == REPORT_COL_STAFF) {
      if (!staffed) {
        /* offered and aht are the first two columns of a staffing run */
        staff_row(o, e, values[0], hours, values[1], defined[1], fig, known);
        staffed = 1;
      }
      values[m] = fig[c->staff];
      defined[m] = known[c->staff];
      continue;
    }
    q = c->kind == REPORT_COL_QUANTILE ? row_quantile(rs, c->measure, c->q, &values[m])
                                       : row_metric(rs, c->metric, &values[m]);
    if (q < 0) {
      fprintf(stderr, PROG ": query %s: %s (%s)\n", c->name, ccm_strerror(q), ccm_error_name(q));
      return -1;
    }
    defined[m] = q == CCM_OK;
  }
  return 0;
}

/* Collect the view's cells into the table. */
static int collect(ccm_engine *e, ccm_view *v, const ccm_view *dates, const report_opts *o,
                   const report_column *cols, size_t ncols, report_table *t) {
  report_keyval kv[REPORT_MAX_KEYS];
  double *values = malloc(sizeof(double) * (ncols + 1));
  unsigned char *defined = malloc(ncols + 1);
  uint32_t key[CCM_KEY_DIMS];
  int64_t bucket = 0;
  size_t c;
  int rc = -1;
  double ndates = dates ? contact_dates(dates) : 0;
  row_source rs;

  memset(&rs, 0, sizeof(rs));
  rs.v = v;
  if (values == NULL || defined == NULL) goto done;
  memset(key, 0, sizeof(key));
  memset(kv, 0, sizeof(kv));
  if (o->nkeys == 0) {
    /* No --by: the company total, always one row (an empty cell when nothing
     * was accepted: counts 0, ratios undefined). */
    if (o->percentiles) {
      int32_t q = ccm_measures_new(e, &rs.all);
      if (q == CCM_OK) q = ccm_rollup(v, NULL, 0, INT64_MIN, INT64_MAX, rs.all);
      if (q != CCM_OK) goto done;
    }
    if (row_values(&rs, o, e, cols, ncols, 0, values, defined) != 0) goto done;
    rc = report_table_add(t, kv, values, defined);
    goto done;
  }
  if (ccm_cursor_new(v, &rs.cur) != CCM_OK) goto done;
  for (;;) {
    int32_t q = ccm_cursor_next(rs.cur);
    double hours = 0;
    if (q == CCM_END) break;
    if (q != CCM_OK) goto done;
    if (ccm_cursor_key(rs.cur, key, CCM_KEY_DIMS, &bucket) != CCM_OK) goto done;
    for (c = 0; c < o->nkeys; c++) {
      if (o->keys[c].kind == REPORT_KEY_TIME) {
        kv[c].bucket = bucket;
        kv[c].local = bucket;
        if (o->grain == CCM_GRAIN_INTERVAL || o->grain == CCM_GRAIN_DATE || o->grain == CCM_GRAIN_WEEK ||
            o->grain == CCM_GRAIN_MONTH)
          ccm_engine_local_time(e, bucket, &kv[c].local);
        kv[c].s = "";
        kv[c].len = 0;
        if (o->staffing) hours = bucket_hours(v, o->grain, bucket, ndates);
      } else if (key[o->keys[c].id] == 0) {
        kv[c].s = "";
        kv[c].len = 0;
      } else if (ccm_name(e, o->keys[c].id, key[o->keys[c].id], &kv[c].s, &kv[c].len) != CCM_OK) {
        goto done;
      }
    }
    if (row_values(&rs, o, e, cols, ncols, hours, values, defined) != 0) goto done;
    if (report_table_add(t, kv, values, defined) != 0) goto done;
  }
  rc = 0;
done:
  ccm_cursor_free(rs.cur);
  ccm_measures_free(rs.all);
  free(values);
  free(defined);
  return rc;
}

int main(int argc, char **argv) {
  static char errbuf[1 << 16];
  report_opts o;
  report_csv reader;
  report_record rec;
  report_ingest g;
  report_table table;
  report_column *cols = NULL;
  size_t ncols = 0;
  ccm_config *cfg = NULL;
  ccm_engine *e = NULL;
  ccm_view *v = NULL, *dates = NULL;
  FILE *in = NULL;
  const char *fname;
  int status = 2, r, has_id = 0;
  int reader_open = 0, ingest_open = 0, table_open = 0;
  int32_t rc;
  char reason[512], evname[80];

  r = report_opts_parse(argc, argv, &o);
  if (r == REPORT_OPTS_DONE) {
    report_opts_free(&o);
    if (fflush(stdout) == 0 && !ferror(stdout)) return 0;
    fprintf(stderr, PROG ": write error: %s\n", strerror(errno));
    return 2;
  }
  if (r != REPORT_OPTS_RUN) {
    report_opts_free(&o);
    return 2;
  }
  /* Rejected lines can be many: buffer them (flushed before the output). */
  setvbuf(stderr, errbuf, _IOFBF, sizeof(errbuf));

  fname = strcmp(o.file, "-") == 0 ? "(stdin)" : o.file;
  if (strcmp(o.file, "-") == 0) {
    in = stdin;
  } else {
    in = fopen(o.file, "rb");
    if (in == NULL) {
      fprintf(stderr, PROG ": %s: %s\n", o.file, strerror(errno));
      goto out;
    }
  }

  if ((rc = ccm_config_new(NULL, &cfg)) != CCM_OK) {
    fprintf(stderr, PROG ": configuration: %s (%s)\n", ccm_strerror(rc), ccm_error_name(rc));
    goto out;
  }
  if (report_opts_apply(&o, cfg) != 0) goto out;
  if ((rc = ccm_engine_new(cfg, NULL, &e)) != CCM_OK) {
    fprintf(stderr, PROG ": engine: %s (%s)\n", ccm_strerror(rc), ccm_error_name(rc));
    goto out;
  }
  if ((rc = ccm_view_new(e, o.dim_mask, o.grain, o.percentiles ? CCM_VIEW_SKETCHES : 0, &v)) != CCM_OK ||
      (o.staffing && o.grain == CCM_GRAIN_HOUR && (rc = ccm_view_new(e, 0, CCM_GRAIN_DATE, 0, &dates)) != CCM_OK)) {
    fprintf(stderr, PROG ": view: %s (%s)\n", ccm_strerror(rc), ccm_error_name(rc));
    goto out;
  }

  if (report_csv_open(&reader, in) != 0) {
    fprintf(stderr, PROG ": out of memory\n");
    goto out;
  }
  reader_open = 1;
  r = report_csv_next(&reader, &rec);
  if (r < 0) goto read_error;
  if (r == 0) {
    fprintf(stderr, PROG ": %s: empty input: the canonical header is missing\n", fname);
    goto out;
  }
  if (check_header(&rec, fname, &has_id) != 0) goto out;
  if (report_ingest_init(&g, e, has_id) != 0) {
    fprintf(stderr, PROG ": out of memory\n");
    goto out;
  }
  ingest_open = 1;

  /*
   * No ccm_engine_expire() while reading: events of different contacts may
   * come in any order (EVENTS.md), so the file gives no "now" that every
   * later line respects.  Releasing contacts by the largest timestamp seen so
   * far could release a contact whose own, later-in-the-file events are still
   * valid and then reject them (CCM_E_CONTACT_ENDED or wrong measures).  Every
   * contact therefore stays in the engine until the end: memory grows with
   * the number of contacts, which a batch report can afford.
   */
  while ((r = report_csv_next(&reader, &rec)) == 1) {
    int res = report_ingest_record(&g, &rec, reason, sizeof(reason));
    if (res == REPORT_ACCEPTED || res == REPORT_DUPLICATE) continue;
    if (rec.nfields > 1 && rec.f[1].len > 0) {
      report_printable(rec.f[1].p, rec.f[1].len, evname, sizeof(evname));
    } else {
      strcpy(evname, "?"); /* no event field */
    }
    if (res == REPORT_FATAL) {
      fprintf(stderr, PROG ": line %llu: %s: %s\n", (unsigned long long)rec.line, evname, reason);
      goto out;
    }
    fprintf(stderr, "line %llu: %s: %s\n", (unsigned long long)rec.line, evname, reason);
    if (o.strict) break;
  }
  if (r < 0) goto read_error;

  if (g.duplicates > 0) {
    fprintf(stderr, "accepted %llu, rejected %llu, duplicates %llu\n", (unsigned long long)g.accepted,
            (unsigned long long)g.rejected, (unsigned long long)g.duplicates);
  } else {
    fprintf(stderr, "accepted %llu, rejected %llu\n", (unsigned long long)g.accepted,
            (unsigned long long)g.rejected);
  }
  fflush(stderr);
  if (o.strict && g.rejected > 0) {
    status = 1;
    goto out;
  }
  /* Events held back for reordering (--lateness) are applied now. */
  ccm_engine_flush(e);
  /* Running agent-state spans are credited up to the report's "now". */
  if (o.has_as_of || g.accepted > 0) {
    rc = ccm_engine_advance(e, o.has_as_of ? o.as_of : g.max_ts);
    if (rc != CCM_OK) {
      fprintf(stderr, PROG ": --as-of: %s (%s)\n", ccm_strerror(rc), ccm_error_name(rc));
      goto out;
    }
  }

  if (report_columns_build(&o, &cols, &ncols) != 0 || report_table_init(&table, &o, cols, ncols) != 0) {
    fprintf(stderr, PROG ": out of memory\n");
    goto out;
  }
  table_open = 1;
  if (collect(e, v, dates, &o, cols, ncols, &table) != 0 || report_table_sort(&table) != 0) {
    fprintf(stderr, PROG ": cannot collect the results\n");
    goto out;
  }
  if (report_table_write(&table, stdout) != 0) {
    fprintf(stderr, PROG ": write error: %s\n", strerror(errno));
    goto out;
  }
  status = 0;
  goto out;

read_error:
  if (reader.ioerr) {
    fprintf(stderr, PROG ": %s: read error: %s\n", fname, strerror(errno));
  } else {
    fprintf(stderr, PROG ": %s: line %llu: record too long (an unterminated quote?)\n", fname,
            (unsigned long long)reader.line);
  }
out:
  if (table_open) report_table_free(&table);
  free(cols);
  if (ingest_open) report_ingest_free(&g);
  if (reader_open) report_csv_close(&reader);
  if (in != NULL && in != stdin) fclose(in);
  ccm_engine_free(e);
  ccm_config_free(cfg);
  report_opts_free(&o);
  fflush(stderr);
  return status;
}
