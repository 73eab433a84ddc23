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
 *   report_output.c  row sorting and the table/CSV/JSON writers
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccmetrics.h"
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

/* Collect the view's cells into the table. */
static int collect(ccm_engine *e, ccm_view *v, const report_opts *o, report_table *t) {
  report_keyval kv[REPORT_MAX_KEYS];
  double *values = malloc(sizeof(double) * (o->nmetrics + 1));
  unsigned char *defined = malloc(o->nmetrics + 1);
  uint32_t key[CCM_KEY_DIMS];
  int64_t bucket = 0;
  size_t m, c;
  int rc = -1;
  ccm_cursor *cur = NULL;

  if (values == NULL || defined == NULL) goto done;
  memset(key, 0, sizeof(key));
  memset(kv, 0, sizeof(kv));
  if (o->nkeys == 0) {
    /* No --by: the company total, always one row (an empty cell when nothing
     * was accepted: counts 0, ratios undefined). */
    for (m = 0; m < o->nmetrics; m++) {
      int32_t q = ccm_query(v, key, CCM_KEY_DIMS, 0, o->metrics[m], &values[m]);
      if (q < 0) {
        fprintf(stderr, PROG ": query %s: %s (%s)\n", ccm_metric_name(o->metrics[m]), ccm_strerror(q),
                ccm_error_name(q));
        goto done;
      }
      defined[m] = q == CCM_OK;
    }
    rc = report_table_add(t, kv, values, defined);
    goto done;
  }
  if (ccm_cursor_new(v, &cur) != CCM_OK) goto done;
  for (;;) {
    int32_t q = ccm_cursor_next(cur);
    if (q == CCM_END) break;
    if (q != CCM_OK) goto done;
    if (ccm_cursor_key(cur, key, CCM_KEY_DIMS, &bucket) != CCM_OK) goto done;
    for (c = 0; c < o->nkeys; c++) {
      if (o->keys[c].kind == REPORT_KEY_TIME) {
        kv[c].bucket = bucket;
        kv[c].s = "";
        kv[c].len = 0;
      } else if (key[o->keys[c].id] == 0) {
        kv[c].s = "";
        kv[c].len = 0;
      } else if (ccm_name(e, o->keys[c].id, key[o->keys[c].id], &kv[c].s, &kv[c].len) != CCM_OK) {
        goto done;
      }
    }
    for (m = 0; m < o->nmetrics; m++) {
      q = ccm_cursor_metric(cur, o->metrics[m], &values[m]);
      if (q < 0) {
        fprintf(stderr, PROG ": query %s: %s (%s)\n", ccm_metric_name(o->metrics[m]), ccm_strerror(q),
                ccm_error_name(q));
        goto done;
      }
      defined[m] = q == CCM_OK;
    }
    if (report_table_add(t, kv, values, defined) != 0) goto done;
  }
  rc = 0;
done:
  ccm_cursor_free(cur);
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
  ccm_config *cfg = NULL;
  ccm_engine *e = NULL;
  ccm_view *v = NULL;
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
  if ((rc = ccm_view_new(e, o.dim_mask, o.grain, 0, &v)) != CCM_OK) {
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
  /* Running agent-state spans are credited up to the report's "now". */
  if (o.has_as_of || g.accepted > 0) {
    rc = ccm_engine_advance(e, o.has_as_of ? o.as_of : g.max_ts);
    if (rc != CCM_OK) {
      fprintf(stderr, PROG ": --as-of: %s (%s)\n", ccm_strerror(rc), ccm_error_name(rc));
      goto out;
    }
  }

  if (report_table_init(&table, &o) != 0) {
    fprintf(stderr, PROG ": out of memory\n");
    goto out;
  }
  table_open = 1;
  if (collect(e, v, &o, &table) != 0 || report_table_sort(&table) != 0) {
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
  if (ingest_open) report_ingest_free(&g);
  if (reader_open) report_csv_close(&reader);
  if (in != NULL && in != stdin) fclose(in);
  ccm_engine_free(e);
  ccm_config_free(cfg);
  report_opts_free(&o);
  fflush(stderr);
  return status;
}
