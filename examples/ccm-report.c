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
 *   report_batch.c   records copied for --threads workers
 *   report_keys.c    printed form of time keys
 *   report_columns.c metric, percentile and staffing columns
 *   report_output.c  row sorting and the table/CSV/JSON writers
 *   report_shards.c  --threads: the input split over several engines
 *   report_state.c   --save and --load
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccmetrics.h"
#include "report_alloc.h"
#include "report_columns.h"
#include "report_csv.h"
#include "report_ingest.h"
#include "report_opts.h"
#include "report_output.h"
#include "report_shards.h"
#include "report_state.h"

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
  const ccm_engine *e;
  const uint32_t *key; /* the row's key (CCM_KEY_DIMS values) and bucket */
  int64_t bucket;
  ccm_engine *const *others; /* --threads: the engines merged into e */
  int nothers;
  int32_t longest_wait; /* the metric id */
} row_source;

/* --threads: the merged engines' cells are in e, but each waiting contact
 * stays in the engine that ingested it, so the longest wait of a row is the
 * largest of every engine's (at the same "now"), the key matched by names. */
static int32_t longest_wait_elsewhere(const row_source *rs, int32_t rc, double *value) {
  uint32_t mask = ccm_view_dims(rs->v);
  int j;
  for (j = 0; j < rs->nothers; j++) {
    uint32_t key[CCM_KEY_DIMS];
    ccm_view *v = NULL;
    double wait = 0;
    int32_t d, found = 1;
    if (ccm_engine_view(rs->others[j], 0, &v) != CCM_OK) continue;
    memset(key, 0, sizeof(key));
    for (d = 0; d < CCM_KEY_DIMS && found; d++) {
      const char *name;
      size_t len;
      if (!(mask & CCM_DIM_BIT(d)) || rs->key[d] == 0) continue;
      /* a name that engine never saw: none of its contacts has that key */
      found = ccm_name(rs->e, d, rs->key[d], &name, &len) == CCM_OK &&
              ccm_lookup(rs->others[j], d, name, len, &key[d]) == CCM_OK;
    }
    if (!found || ccm_query(v, key, CCM_KEY_DIMS, rs->bucket, rs->longest_wait, &wait) != CCM_OK) continue;
    if (rc != CCM_OK || wait > *value) *value = wait;
    rc = CCM_OK;
  }
  return rc;
}

static int32_t row_metric(const row_source *rs, int32_t metric, double *value) {
  int32_t rc = rs->cur ? ccm_cursor_metric(rs->cur, metric, value)
                       : ccm_query(rs->v, rs->key, CCM_KEY_DIMS, 0, metric, value);
  if (rc >= 0 && rs->nothers > 0 && metric == rs->longest_wait) rc = longest_wait_elsewhere(rs, rc, value);
  return rc;
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
static int collect(ccm_engine *e, ccm_view *v, const ccm_view *dates, ccm_engine *const *others, int nothers,
                   const report_opts *o, const report_column *cols, size_t ncols, report_table *t) {
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
  rs.e = e;
  rs.key = key;
  rs.others = others;
  rs.nothers = nothers;
  if (ccm_metric_by_name("longest_wait", &rs.longest_wait) != CCM_OK) rs.longest_wait = -1;
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
    rs.bucket = bucket;
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

/* The report's views, in this order on every engine of a run (the ones
 * merged by --threads, the one saved by --save): the view printed, then for
 * a staffing report by hour of day a company view by date. */
static int add_views(ccm_engine *e, const void *user) {
  const report_opts *o = user;
  ccm_view *v = NULL;
  int32_t rc = ccm_view_new(e, o->dim_mask, o->grain, o->percentiles ? CCM_VIEW_SKETCHES : 0, &v);
  if (rc == CCM_OK && o->staffing && o->grain == CCM_GRAIN_HOUR) rc = ccm_view_new(e, 0, CCM_GRAIN_DATE, 0, &v);
  if (rc != CCM_OK) {
    fprintf(stderr, PROG ": view: %s (%s)\n", ccm_strerror(rc), ccm_error_name(rc));
    return -1;
  }
  return 0;
}

/* A view's --by text ("agent,interval"; "(none)" without keys). */
static void by_text(uint32_t mask, int32_t grain, char *buf, size_t size) {
  static const char *const grains[] = {"", "interval", "hour", "dow", "date", "week", "month"};
  size_t n = 0;
  int32_t d;
  buf[0] = '\0';
  for (d = 0; d < CCM_KEY_DIMS; d++) {
    if (!(mask & CCM_DIM_BIT(d))) continue;
    n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? "," : "", ccm_dim_name(d));
  }
  if (grain > 0 && grain < (int32_t)(sizeof(grains) / sizeof(grains[0])))
    n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? "," : "", grains[grain]);
  if (n == 0) snprintf(buf, size, "(none)");
}

/* A loaded engine must be the one this command line would have made: the
 * same --by, configuration, --tz, --calendar, --percentiles and --staffing
 * (checked by merging an empty engine of this command line into it, which
 * adds nothing and is refused when anything differs).  0, or -1 after a
 * message. */
static int check_loaded(ccm_engine *e, const ccm_config *cfg, const report_opts *o) {
  ccm_view *v = NULL;
  ccm_engine *probe = NULL;
  int32_t key, rc;
  char saved[128], wanted[128];
  if (ccm_engine_view(e, 0, &v) != CCM_OK || ccm_view_dims(v) != o->dim_mask || ccm_view_grain(v) != o->grain) {
    if (v) by_text(ccm_view_dims(v), ccm_view_grain(v), saved, sizeof(saved));
    else snprintf(saved, sizeof(saved), "nothing");
    by_text(o->dim_mask, o->grain, wanted, sizeof(wanted));
    fprintf(stderr, PROG ": --load %s: the state was saved for --by %s, not --by %s\n", o->load, saved, wanted);
    return -1;
  }
  for (key = 1; ccm_config_name(key) != NULL; key++) {
    int64_t have = 0, want = 0;
    if (ccm_engine_config(e, key, &have) != CCM_OK || ccm_config_get(cfg, key, &want) != CCM_OK) continue;
    if (have == want) continue;
    fprintf(stderr, PROG ": --load %s: the state was saved with %s = %lld, not %lld\n", o->load,
            ccm_config_name(key), (long long)have, (long long)want);
    return -1;
  }
  rc = ccm_engine_new(cfg, report_allocator(), &probe);
  if (rc != CCM_OK) {
    fprintf(stderr, PROG ": engine: %s (%s)\n", ccm_strerror(rc), ccm_error_name(rc));
    return -1;
  }
  if (add_views(probe, o) != 0) {
    ccm_engine_free(probe);
    return -1;
  }
  rc = ccm_engine_merge(e, probe);
  ccm_engine_free(probe);
  if (rc == CCM_E_INCOMPATIBLE) {
    fprintf(stderr, PROG ": --load %s: the state was saved with other --tz, --calendar, --percentiles or --staffing\n",
            o->load);
    return -1;
  }
  if (rc != CCM_OK) {
    fprintf(stderr, PROG ": --load %s: %s (%s)\n", o->load, ccm_strerror(rc), ccm_error_name(rc));
    return -1;
  }
  return 0;
}

int main(int argc, char **argv) {
  static char errbuf[1 << 16];
  report_opts o;
  report_csv reader;
  report_record rec;
  report_ingest g;
  report_table table;
  report_state state;
  report_shards_result shards;
  report_column *cols = NULL;
  size_t ncols = 0;
  ccm_config *cfg = NULL;
  ccm_engine *e = NULL;
  ccm_view *v = NULL, *dates = NULL;
  FILE *in = NULL;
  const char *fname;
  int status = 2, r, has_id = 0, any_accepted;
  int reader_open = 0, ingest_open = 0, table_open = 0;
  uint64_t accepted, rejected, duplicates;
  int64_t max_ts;
  int32_t rc;
  char reason[512], evname[80];

  memset(&state, 0, sizeof(state));
  memset(&shards, 0, sizeof(shards));
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
  if (o.load) {
    /* the engine and its views come from the state file */
    if (report_state_load(o.load, cfg, &e, &state) != 0 || check_loaded(e, cfg, &o) != 0) goto out;
  } else {
    if ((rc = ccm_engine_new(cfg, report_allocator(), &e)) != CCM_OK) {
      fprintf(stderr, PROG ": engine: %s (%s)\n", ccm_strerror(rc), ccm_error_name(rc));
      goto out;
    }
    if (add_views(e, &o) != 0) goto out;
  }
  ccm_engine_view(e, 0, &v);
  if (o.staffing && o.grain == CCM_GRAIN_HOUR) ccm_engine_view(e, 1, &dates);

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
  /* --save writes every contact and customer id with its key, and --load
   * gives them back: only a run without either may leave short ids
   * unstored (report_strtab.h, direct). */
  if (report_ingest_init(&g, e, has_id, !o.load && !o.save) != 0) {
    fprintf(stderr, PROG ": out of memory\n");
    goto out;
  }
  ingest_open = 1;
  if (o.load) report_state_adopt(&state, &g); /* contacts keep the keys the engine knows them by */

  /*
   * No ccm_engine_expire() while reading: events of different contacts may
   * come in any order (EVENTS.md), so the file gives no "now" that every
   * later line respects.  Releasing contacts by the largest timestamp seen so
   * far could release a contact whose own, later-in-the-file events are still
   * valid and then reject them (CCM_E_CONTACT_ENDED or wrong measures).  Every
   * contact therefore stays in the engine until the end: memory grows with
   * the number of contacts, which a batch report can afford.
   */
  if (o.threads > 1) {
    report_shards_opts so;
    memset(&so, 0, sizeof(so));
    so.nthreads = o.threads;
    so.strict = o.strict;
    so.has_id = has_id;
    so.direct_keys = !o.load && !o.save;
    so.cfg = cfg;
    so.add_views = add_views;
    so.views_user = &o;
    if (o.load) {
      so.pinned_contacts = &g.contacts;
      so.pinned_customers = &g.customers;
    }
    r = report_shards_run(&so, &reader, e, &g, &shards);
    if (r == REPORT_SHARDS_READ_ERROR) goto read_error;
    if (r == REPORT_SHARDS_FATAL) goto out;
    accepted = shards.accepted;
    rejected = shards.rejected;
    duplicates = shards.duplicates;
    max_ts = shards.max_ts;
  } else {
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
    accepted = g.accepted;
    rejected = g.rejected;
    duplicates = g.duplicates;
    max_ts = g.max_ts;
  }

  if (duplicates > 0) {
    fprintf(stderr, "accepted %llu, rejected %llu, duplicates %llu\n", (unsigned long long)accepted,
            (unsigned long long)rejected, (unsigned long long)duplicates);
  } else {
    fprintf(stderr, "accepted %llu, rejected %llu\n", (unsigned long long)accepted, (unsigned long long)rejected);
  }
  fflush(stderr);
  if (o.strict && rejected > 0) {
    status = 1;
    goto out;
  }
  /* The latest accepted event of this run and of the runs before --load. */
  any_accepted = accepted > 0;
  if (state.any_accepted && (!any_accepted || state.max_ts > max_ts)) max_ts = state.max_ts;
  any_accepted = any_accepted || state.any_accepted;
  /* Saved as the input leaves it: a later --load goes on exactly where this
   * run stopped reading, before this report's flush and "now". */
  if (o.save && report_state_save(o.save, e, &g, any_accepted, max_ts) != 0) goto out;
  /* Events held back for reordering (--lateness) count in the report. */
  ccm_engine_flush(e);
  /* Running agent-state spans are credited up to the report's "now". */
  if (o.has_as_of || any_accepted) {
    /* the shards' engines for their waiting contacts (the longest wait) */
    rc = report_shards_advance(e, &shards, o.has_as_of ? o.as_of : max_ts);
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
  if (collect(e, v, dates, shards.engines, shards.nengines, &o, cols, ncols, &table) != 0 ||
      report_table_sort(&table) != 0) {
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
  report_state_free(&state);
  report_shards_free(&shards);
  if (reader_open) report_csv_close(&reader);
  if (in != NULL && in != stdin) fclose(in);
  ccm_engine_free(e);
  ccm_config_free(cfg);
  report_opts_free(&o);
  fflush(stderr);
  return status;
}
