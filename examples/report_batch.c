/*
 * report_batch.c - records copied out of the reader (report_batch.h).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include "report_batch.h"

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

int report_batch_full(const report_batch *b) { return b->nrec == REPORT_BATCH_RECORDS; }

/* The stretch of the reader's buffer the kept fields lie in, from the
 * first field's start to the last one's end, when they lie in it in order
 * (the reader's do: separators, quotes and bytes freed by undoubled quotes
 * between them); else 0, and the fields are copied one by one. */
static size_t stretch(const report_record *rec, size_t kept) {
  size_t k;
  for (k = 1; k < kept; k++)
    if (rec->f[k].p < rec->f[k - 1].p + rec->f[k - 1].len) return 0;
  return (size_t)(rec->f[kept - 1].p + rec->f[kept - 1].len - rec->f[0].p);
}

int report_batch_add(report_batch *b, const report_record *rec, int32_t type) {
  size_t k, kept = rec->nfields < REPORT_CSV_MAX_FIELDS ? rec->nfields : REPORT_CSV_MAX_FIELDS, bytes = 0, span, len;
  report_batch_rec *r;
  report_batch_field *f;
  span = kept > 0 ? stretch(rec, kept) : 0;
  if (span > 0) {
    bytes = span; /* one copy of the stretch */
  } else {
    for (k = 0; k < kept; k++) bytes += rec->f[k].len;
  }
  if (b->len + bytes > b->cap) {
    size_t ncap = b->cap;
    char *nd;
    if (b->nrec > 0) return 0;
    while (ncap < bytes) ncap *= 2;
    if (ncap > UINT32_MAX) return -1;
    nd = realloc(b->data, ncap);
    if (nd == NULL) return -1;
    b->data = nd;
    b->cap = ncap;
  }
  r = &b->rec[b->nrec++];
  r->line = rec->line;
  r->nfields = rec->nfields;
  r->error = rec->error;
  r->type = type;
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

void report_batch_record(const report_batch *b, size_t i, report_record *out) {
  const report_batch_rec *r = &b->rec[i];
  size_t k, kept = r->nfields < REPORT_CSV_MAX_FIELDS ? r->nfields : REPORT_CSV_MAX_FIELDS;
  for (k = 0; k < kept; k++) {
    out->f[k].p = b->data + b->field[r->first + k].off;
    out->f[k].len = b->field[r->first + k].len;
  }
  out->nfields = r->nfields;
  out->line = r->line;
  out->error = r->error;
}

int32_t report_batch_type(const report_batch *b, size_t i) { return b->rec[i].type; }
