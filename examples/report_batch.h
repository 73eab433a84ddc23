/*
 * report_batch.h - records copied out of the reader, to travel to a worker
 * thread of ccm-report --threads (report_shards.c).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * The reader's fields live until its next record; a batch keeps copies of
 * up to REPORT_BATCH_RECORDS records in one block of bytes.
 */
#ifndef REPORT_BATCH_H
#define REPORT_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "report_csv.h"
#include "report_hint.h"

#define REPORT_BATCH_RECORDS 1024
#define REPORT_BATCH_BYTES (256 * 1024)

typedef struct report_batch_field {
  uint32_t off, len; /* in the batch's data */
} report_batch_field;

/* first == REPORT_BATCH_PACKED: the record's fields lie in data from off
 * on, one separator byte apart, with the lengths in len[] (what most
 * records are: 16 bytes of lengths instead of 8 per field, on both sides
 * of the queue).  Else its fields are field[first ..]. */
#define REPORT_BATCH_PACKED UINT32_MAX

typedef struct report_batch_rec {
  uint64_t line;
  size_t nfields; /* as read (fields past REPORT_CSV_MAX_FIELDS are not kept) */
  int error;
  uint32_t first; /* its first field in field[], or REPORT_BATCH_PACKED */
  uint32_t off;   /* packed: its first field in data */
  uint8_t len[REPORT_CSV_MAX_FIELDS]; /* packed: the fields' lengths */
  report_hint hint; /* what the reader worked out of it */
} report_batch_rec;

typedef struct report_batch {
  report_batch_rec rec[REPORT_BATCH_RECORDS];
  report_batch_field field[REPORT_BATCH_RECORDS * REPORT_CSV_MAX_FIELDS];
  size_t nrec, nfield;
  char *data;
  size_t len, cap;
} report_batch;

/** A new empty batch (malloc), or NULL when out of memory. */
report_batch *report_batch_new(void);
void report_batch_free(report_batch *b);

/** Empty the batch (its memory stays). */
void report_batch_clear(report_batch *b);

/** Whether the batch holds as many records as it may. */
static inline int report_batch_full(const report_batch *b) { return b->nrec == REPORT_BATCH_RECORDS; }

/**
 * Copy a record in: 1 when added, 0 when the batch's data has no room left
 * for it (send the batch and add it to the next one), -1 when out of memory
 * (a record alone in a batch makes it grow instead of returning 0).  The
 * batch must not be full (report_batch_full()).
 * @p hint: what the caller worked out of the record (its event type, its
 * keys), kept so that the receiver need not again (report_batch_hint()).
 */
int report_batch_add(report_batch *b, const report_record *rec, const report_hint *hint);

/* The canonical record's fields (report_ingest.h, without the id column).
 * Its lengths are copied in and out written out field by field: the loops
 * were most of the copies' cost, and -O2 does not unroll them. */
#define REPORT_BATCH_CANONICAL 12
#define REPORT_BATCH_FOR_CANONICAL(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)

/* Fields of lengths len[0 .. n) one separator apart from p on. */
static inline void report_batch_fields_from(const char *p, const uint8_t *len, size_t n, report_field *f) {
  size_t k;
  for (k = 0; k < n; k++) {
    f[k].p = p;
    f[k].len = len[k];
    p += (size_t)len[k] + 1;
  }
}

static inline void report_batch_fields_from_canonical(const char *p, const uint8_t *packed, report_field *f) {
  uint8_t len[REPORT_BATCH_CANONICAL];
  memcpy(len, packed, sizeof len); /* a copy: the stores to f cannot change it */
#define REPORT_BATCH_FIELD_FROM(k) \
  f[k].p = p;                      \
  f[k].len = len[k];               \
  p += (size_t)len[k] + 1;
  REPORT_BATCH_FOR_CANONICAL(REPORT_BATCH_FIELD_FROM)
#undef REPORT_BATCH_FIELD_FROM
}

/** Record @p i of the batch, its fields pointing into the batch.  Inline:
 * a worker calls it for every record it ingests. */
static inline void report_batch_record(const report_batch *b, size_t i, report_record *out) {
  const report_batch_rec *r = &b->rec[i];
  size_t k, kept = r->nfields < REPORT_CSV_MAX_FIELDS ? r->nfields : REPORT_CSV_MAX_FIELDS;
  if (r->first == REPORT_BATCH_PACKED) {
    if (kept == REPORT_BATCH_CANONICAL) report_batch_fields_from_canonical(b->data + r->off, r->len, out->f);
    else report_batch_fields_from(b->data + r->off, r->len, kept, out->f);
    out->plain = 1;
  } else {
    for (k = 0; k < kept; k++) {
      out->f[k].p = b->data + b->field[r->first + k].off;
      out->f[k].len = b->field[r->first + k].len;
    }
    out->plain = 0;
  }
  out->nfields = r->nfields;
  out->line = r->line;
  out->error = r->error;
}

/** The hint given with record @p i (report_batch_add()). */
static inline const report_hint *report_batch_hint(const report_batch *b, size_t i) { return &b->rec[i].hint; }

#endif
