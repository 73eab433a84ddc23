/*
 * fuzz_csv.c - the CSV reader of ccm-report on arbitrary bytes, and its
 * records through ccm-report's own path into an engine.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Input: byte 0 chooses the setup, the rest is the CSV text.
 *   bit 0  prepend the canonical header (else the text must bring its own)
 *   bit 1  ... with the 13th column, id
 *   bit 2  a DST time zone (ccm-report --tz)
 *   bit 3  views with sketches (--percentiles)
 *   bits 4-6  the view's dimensions and grain (--by)
 *   bit 7  short contact and customer ids are their own keys (as without
 *          --save and --load)
 *
 * Two checks:
 * 1. The reader with its real 1 MiB block and a copy built with a 7-byte
 *    block (csv_small.c) must give the same records: where the buffer
 *    boundaries fall never changes what is read.  Every field lies inside
 *    the reader's buffer; line numbers increase.
 * 2. As ccm-report does it: the header record, report_ingest_record() on
 *    every other record, ccm_engine_advance() to the latest time, then every
 *    cell read back.  accepted + rejected + duplicates = records; the
 *    engine accepted exactly what the bridge counted as accepted; the cells
 *    keep the invariants of fuzz_invariants.h.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccmetrics.h"
#include "fuzz_common.h"
#include "fuzz_invariants.h"
#include "report_csv.h"
#include "report_ingest.h"

/* The same reader with a 7-byte block (csv_small.c). */
int fuzz_small_csv_open(report_csv *r, FILE *in);
void fuzz_small_csv_close(report_csv *r);
int fuzz_small_csv_next(report_csv *r, report_record *rec);
int fuzz_small_csv_next_many(report_csv *r, report_record *recs, int max);

static const char HEADER[] = "ts,event,contact,channel,direction,customer,skill,campaign,agent,team,value,label";
static const char *const COLUMNS[] = {"ts",       "event", "contact", "channel", "direction", "customer", "skill",
                                      "campaign", "agent", "team",    "value",   "label",     "id"};

/* A stream over the bytes (fmemopen refuses an empty buffer on some
 * systems: an empty input reads from an empty file then). */
static FILE *open_bytes(const uint8_t *data, size_t size) {
  FILE *f = size > 0 ? fmemopen((void *)(uintptr_t)data, size, "rb") : tmpfile();
  FUZZ_CHECK(f != NULL, "cannot open a stream over %zu bytes", size);
  return f;
}

static void check_fields_inside(const report_csv *r, const report_record *rec) {
  size_t i;
  FUZZ_CHECK(rec->nfields >= 1, "a record without fields at line %llu", (unsigned long long)rec->line);
  for (i = 0; i < rec->nfields && i < REPORT_CSV_MAX_FIELDS; i++) {
    const char *p = rec->f[i].p;
    FUZZ_CHECK(p >= r->buf && p + rec->f[i].len <= r->buf + r->len, "field %zu of line %llu outside the buffer", i,
               (unsigned long long)rec->line);
  }
}

/* 1. Big and small blocks read the same records. */
static void check_reader(const uint8_t *data, size_t size) {
  FILE *fa = open_bytes(data, size), *fb = open_bytes(data, size);
  report_csv a, b;
  report_record ra, rb;
  uint64_t prev_line = 0;
  FUZZ_CHECK(report_csv_open(&a, fa) == 0 && fuzz_small_csv_open(&b, fb) == 0, "reader: out of memory");
  for (;;) {
    int na = report_csv_next(&a, &ra), nb = fuzz_small_csv_next(&b, &rb);
    size_t i;
    FUZZ_CHECK(na == nb, "1 MiB block: %d, 7-byte block: %d (after line %llu)", na, nb,
               (unsigned long long)prev_line);
    if (na != 1) {
      FUZZ_CHECK(na == 0, "the reader failed (%d) on %zu bytes", na, size);
      break;
    }
    check_fields_inside(&a, &ra);
    check_fields_inside(&b, &rb);
    FUZZ_CHECK(ra.line > prev_line, "line %llu after line %llu", (unsigned long long)ra.line,
               (unsigned long long)prev_line);
    prev_line = ra.line;
    FUZZ_CHECK(ra.line == rb.line && ra.nfields == rb.nfields && ra.error == rb.error,
               "line %llu/%llu: %zu/%zu fields, error %d/%d", (unsigned long long)ra.line,
               (unsigned long long)rb.line, ra.nfields, rb.nfields, ra.error, rb.error);
    for (i = 0; i < ra.nfields && i < REPORT_CSV_MAX_FIELDS; i++) {
      FUZZ_CHECK(ra.f[i].len == rb.f[i].len && memcmp(ra.f[i].p, rb.f[i].p, ra.f[i].len) == 0,
                 "line %llu: field %zu differs between the block sizes", (unsigned long long)ra.line, i);
    }
  }
  report_csv_close(&a);
  fuzz_small_csv_close(&b);
  fclose(fa);
  fclose(fb);
}

/* 1b. Many records at a time (7-byte block, up to max per call) read the
 * records one at a time does (1 MiB block), every record of a call still
 * whole after it. */
static void check_reader_many(const uint8_t *data, size_t size, int max) {
  FILE *fa = open_bytes(data, size), *fb = open_bytes(data, size);
  report_csv a, b;
  report_record ra, rb[16];
  int n, i;
  FUZZ_CHECK(max >= 1 && max <= 16, "max %d", max);
  FUZZ_CHECK(report_csv_open(&a, fa) == 0 && fuzz_small_csv_open(&b, fb) == 0, "reader: out of memory");
  for (;;) {
    n = fuzz_small_csv_next_many(&b, rb, max);
    FUZZ_CHECK(n <= max, "%d records for at most %d", n, max);
    if (n <= 0) {
      FUZZ_CHECK(report_csv_next(&a, &ra) == n, "one at a time: more records, or another end");
      break;
    }
    for (i = 0; i < n; i++) {
      size_t k;
      FUZZ_CHECK(report_csv_next(&a, &ra) == 1, "many at a time: a record more (%d of %d)", i, n);
      check_fields_inside(&b, &rb[i]);
      FUZZ_CHECK(ra.line == rb[i].line && ra.nfields == rb[i].nfields && ra.error == rb[i].error,
                 "line %llu/%llu: %zu/%zu fields, error %d/%d", (unsigned long long)ra.line,
                 (unsigned long long)rb[i].line, ra.nfields, rb[i].nfields, ra.error, rb[i].error);
      for (k = 0; k < ra.nfields && k < REPORT_CSV_MAX_FIELDS; k++)
        FUZZ_CHECK(ra.f[k].len == rb[i].f[k].len && memcmp(ra.f[k].p, rb[i].f[k].p, ra.f[k].len) == 0,
                   "line %llu: field %zu differs read many at a time", (unsigned long long)ra.line, k);
    }
  }
  report_csv_close(&a);
  fuzz_small_csv_close(&b);
  fclose(fa);
  fclose(fb);
}

/* ccm-report's check_header(): 12 or 13 canonical names. */
static int header_ok(const report_record *rec, int *has_id) {
  size_t i;
  int ok = rec->error == REPORT_CSV_OK && (rec->nfields == 12 || rec->nfields == 13);
  for (i = 0; ok && i < rec->nfields; i++) {
    ok = rec->f[i].len == strlen(COLUMNS[i]) && memcmp(rec->f[i].p, COLUMNS[i], rec->f[i].len) == 0;
  }
  *has_id = rec->nfields == 13;
  return ok;
}

static const uint32_t MASKS[] = {0,
                                 CCM_DIM_BIT(CCM_DIM_AGENT),
                                 CCM_DIM_BIT(CCM_DIM_SKILL) | CCM_DIM_BIT(CCM_DIM_CHANNEL),
                                 CCM_DIM_BIT(CCM_DIM_TAG),
                                 CCM_DIM_BIT(CCM_DIM_DISPOSITION) | CCM_DIM_BIT(CCM_DIM_REASON),
                                 CCM_DIM_BIT(CCM_DIM_TEAM) | CCM_DIM_BIT(CCM_DIM_CAMPAIGN),
                                 CCM_DIM_BIT(CCM_DIM_CONTACT_TYPE) | CCM_DIM_BIT(CCM_DIM_DIRECTION),
                                 CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_TAG)};
static const int32_t GRAINS[] = {CCM_GRAIN_NONE, CCM_GRAIN_INTERVAL, CCM_GRAIN_DATE, CCM_GRAIN_HOUR,
                                 CCM_GRAIN_WEEK, CCM_GRAIN_MONTH,    CCM_GRAIN_DOW,  CCM_GRAIN_INTERVAL};

/* 2. ccm-report's path. */
static void check_ingest(uint8_t setup, const uint8_t *text, size_t size) {
  char *buf;
  size_t len = 0, records = 0;
  FILE *f;
  report_csv reader;
  report_record rec;
  report_ingest g;
  ccm_config *cfg = NULL;
  ccm_engine *e = NULL;
  ccm_view *v = NULL, *total = NULL;
  int r, has_id = 0;
  int64_t accepted, rejected;
  uint32_t flags = (setup & 8) ? CCM_VIEW_SKETCHES : 0;
  int32_t rc;
  char reason[512];

  buf = malloc(sizeof HEADER + 4 + size);
  FUZZ_CHECK(buf != NULL, "out of memory");
  if (setup & 1) {
    len = (size_t)sprintf(buf, "%s%s\n", HEADER, (setup & 2) ? ",id" : "");
  }
  memcpy(buf + len, text, size);
  len += size;

  rc = ccm_config_new(NULL, &cfg);
  FUZZ_CHECK(rc == CCM_OK, "ccm_config_new returned %d", (int)rc);
  if (setup & 4) {
    rc = ccm_config_set_tz(cfg, "CET-1CEST,M3.5.0,M10.5.0/3");
    FUZZ_CHECK(rc == CCM_OK, "ccm_config_set_tz returned %d", (int)rc);
  }
  rc = ccm_engine_new(cfg, NULL, &e);
  FUZZ_CHECK(rc == CCM_OK, "ccm_engine_new returned %d", (int)rc);
  ccm_config_free(cfg);
  rc = ccm_view_new(e, MASKS[(setup >> 4) & 7], GRAINS[(setup >> 4) & 7], flags, &v);
  FUZZ_CHECK(rc == CCM_OK, "ccm_view_new returned %d", (int)rc);
  rc = ccm_view_new(e, 0, CCM_GRAIN_NONE, 0, &total);
  FUZZ_CHECK(rc == CCM_OK, "ccm_view_new returned %d", (int)rc);

  f = open_bytes((const uint8_t *)buf, len);
  FUZZ_CHECK(report_csv_open(&reader, f) == 0, "reader: out of memory");
  r = report_csv_next(&reader, &rec);
  FUZZ_CHECK(r >= 0, "the reader failed (%d)", r);
  if (r == 1 && header_ok(&rec, &has_id)) {
    FUZZ_CHECK(report_ingest_init(&g, e, has_id, (setup >> 7) & 1) == 0, "report_ingest_init: out of memory");
    while ((r = report_csv_next(&reader, &rec)) == 1) {
      int res;
      res = report_ingest_record(&g, &rec, reason, sizeof reason);
      records++;
      FUZZ_CHECK(res != REPORT_FATAL, "line %llu: fatal: %s", (unsigned long long)rec.line, reason);
      if (res == REPORT_REJECTED) FUZZ_CHECK(reason[0] != '\0', "line %llu: rejected without a reason",
                                             (unsigned long long)rec.line);
    }
    FUZZ_CHECK(r == 0, "the reader failed (%d)", r);
    FUZZ_CHECK(g.accepted + g.rejected + g.duplicates == records,
               "accepted %llu + rejected %llu + duplicates %llu != %zu records", (unsigned long long)g.accepted,
               (unsigned long long)g.rejected, (unsigned long long)g.duplicates, records);
    rc = ccm_engine_stat(e, CCM_STAT_ACCEPTED, &accepted);
    FUZZ_CHECK(rc == CCM_OK && (uint64_t)accepted == g.accepted, "engine accepted %lld, the bridge %llu",
               (long long)accepted, (unsigned long long)g.accepted);
    /* the bridge also rejects what never reaches the engine (bad ts ...) */
    rc = ccm_engine_stat(e, CCM_STAT_REJECTED, &rejected);
    FUZZ_CHECK(rc == CCM_OK && (uint64_t)rejected <= g.rejected, "engine rejected %lld, the bridge %llu",
               (long long)rejected, (unsigned long long)g.rejected);
    fuzz_check_stats(e);
    if (getenv("FUZZ_VERBOSE") != NULL) {
      fprintf(stderr, "records %zu: accepted %llu, rejected %llu (engine %lld), duplicates %llu\n", records,
              (unsigned long long)g.accepted, (unsigned long long)g.rejected, (long long)rejected,
              (unsigned long long)g.duplicates);
    }
    if (g.accepted > 0) {
      rc = ccm_engine_advance(e, g.max_ts);
      FUZZ_CHECK(rc == CCM_OK, "ccm_engine_advance returned %d", (int)rc);
    }
    report_ingest_free(&g);
    fuzz_check_view(v, FUZZ_VIEW_LEVELS | (flags ? FUZZ_VIEW_SKETCHES : 0));
    fuzz_check_view(total, FUZZ_VIEW_LEVELS | FUZZ_VIEW_TOTAL);
  }
  report_csv_close(&reader);
  fclose(f);
  ccm_engine_free(e);
  free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  check_reader(data + 1, size - 1);
  check_reader_many(data + 1, size - 1, 1 + data[0] % 16);
  check_ingest(data[0], data + 1, size - 1);
  return 0;
}
