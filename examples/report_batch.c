/*
 * report_batch.c - records copied out of the reader (report_batch.h).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include "report_batch.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

report_batch *report_batch_new(void) {
  report_batch *b = malloc(sizeof(*b));
  if (b == NULL) return NULL;
  b->nrec = b->nfield = b->len = 0;
  b->cap = REPORT_BATCH_BYTES;
  b->data = malloc(b->cap);
  if (b->data == NULL) {
    free(b);
    return NULL;
  }
  return b;
}

void report_batch_free(report_batch *b) {
  if (b == NULL) return;
  free(b->data);
  free(b);
}

void report_batch_clear(report_batch *b) { b->nrec = b->nfield = b->len = 0; }

/* From the first kept field's start to the last one's end (0 when none). */
static size_t extent(const report_record *rec, size_t kept) {
  return kept > 0 ? report_record_span(rec, 0, kept - 1) : 0;
}

/* The lengths of the first n fields, each below 256, into len[]. */
static void lengths_out(const report_field *f, size_t n, uint8_t *len) {
  size_t k;
  for (k = 0; k < n; k++) len[k] = (uint8_t)f[k].len;
}

static void lengths_out_canonical(const report_field *f, uint8_t *len) {
#define LENGTH_OUT(k) len[k] = (uint8_t)f[k].len;
  REPORT_BATCH_FOR_CANONICAL(LENGTH_OUT)
#undef LENGTH_OUT
}

/* The kept fields' lengths into len[], and whether they lie one separator
 * byte apart, each at most 255 bytes long (a record without quotes, as
 * most are), so that the lengths say where each one is. */
static int pack(const report_record *rec, size_t kept, uint8_t *len) {
  const report_field *f = rec->f;
  size_t k;
  if (!rec->plain)
    for (k = 1; k < kept; k++)
      if (f[k].p != f[k - 1].p + f[k - 1].len + 1) return 0;
  if (extent(rec, kept) <= UINT8_MAX) { /* most records: no field can be longer than all of them */
    if (kept == REPORT_BATCH_CANONICAL) lengths_out_canonical(f, len);
    else lengths_out(f, kept, len);
    return 1;
  }
  for (k = 0; k < kept; k++) {
    size_t n = f[k].len;
    if (n > UINT8_MAX) return 0;
    len[k] = (uint8_t)n;
  }
  return 1;
}

/* The stretch of the reader's buffer the kept fields lie in, their extent,
 * when they lie in it in order (the reader's do: separators, quotes and
 * bytes freed by undoubled quotes between them); else 0, and the fields
 * are copied one by one. */
static size_t stretch(const report_record *rec, size_t kept) {
  size_t k;
  for (k = 1; k < kept; k++)
    if (rec->f[k].p < rec->f[k - 1].p + rec->f[k - 1].len) return 0;
  return extent(rec, kept);
}

/* Room for bytes more data: 1, 0 when the batch must be sent first, -1
 * when out of memory. */
static int room(report_batch *b, size_t bytes) {
  size_t ncap = b->cap;
  char *nd;
  if (b->len + bytes <= b->cap) return 1;
  if (b->nrec > 0) return 0;
  while (ncap < bytes) ncap *= 2;
  if (ncap > UINT32_MAX) return -1;
  nd = realloc(b->data, ncap);
  if (nd == NULL) return -1;
  b->data = nd;
  b->cap = ncap;
  return 1;
}

/* A record whose fields are not packable: their places in field[]. */
static int add_wide(report_batch *b, const report_record *rec, report_batch_rec *r, size_t kept) {
  size_t k, bytes = 0, span = stretch(rec, kept), len;
  report_batch_field *f;
  int ok;
  if (span > 0) {
    bytes = span; /* one copy of the stretch */
  } else {
    for (k = 0; k < kept; k++) bytes += rec->f[k].len;
  }
  if ((ok = room(b, bytes)) <= 0) return ok;
  r->first = (uint32_t)b->nfield;
  /* Counters in locals: stores through f could alias b's own fields, and
   * the compiler would reload them for every field. */
  f = &b->field[b->nfield];
  len = b->len;
  if (span > 0) {
    const char *base = rec->f[0].p;
    memcpy(b->data + len, base, span);
    for (k = 0; k < kept; k++) {
      f[k].off = (uint32_t)(len + (size_t)(rec->f[k].p - base));
      f[k].len = (uint32_t)rec->f[k].len;
    }
    len += span;
  } else {
    for (k = 0; k < kept; k++) {
      f[k].off = (uint32_t)len;
      f[k].len = (uint32_t)rec->f[k].len;
      if (f[k].len) memcpy(b->data + len, rec->f[k].p, f[k].len);
      len += f[k].len;
    }
  }
  b->nfield += kept;
  b->len = len;
  return 1;
}

int report_batch_add(report_batch *b, const report_record *rec, const report_hint *hint) {
  size_t kept = rec->nfields < REPORT_CSV_MAX_FIELDS ? rec->nfields : REPORT_CSV_MAX_FIELDS, span;
  report_batch_rec *r;
  int ok;
  assert(b->nrec < REPORT_BATCH_RECORDS); /* the caller sends a full batch first */
  r = &b->rec[b->nrec];
  if (pack(rec, kept, r->len)) {
    span = extent(rec, kept);
    if ((ok = room(b, span)) <= 0) return ok;
    r->first = REPORT_BATCH_PACKED;
    r->off = (uint32_t)b->len;
    if (span > 0) memcpy(b->data + b->len, rec->f[0].p, span);
    b->len += span;
  } else if ((ok = add_wide(b, rec, r, kept)) <= 0) {
    return ok;
  }
  r->line = rec->line;
  r->nfields = rec->nfields;
  r->error = rec->error;
  r->hint = *hint;
  b->nrec++;
  return 1;
}
