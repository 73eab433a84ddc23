/*
 * report_csv.h - the RFC 4180 record reader of ccm-report.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Reads a stream in large blocks into one buffer and splits it into records
 * without copying: a field is a pointer into the buffer and a length, valid
 * until the next call.  Quoted fields may hold commas, doubled quotes and
 * line breaks; doubled quotes are undone in place.  Lines starting with '#'
 * (at the start of a record) are comments and blank lines are skipped; both
 * are counted in the line numbers only.  CRLF line ends are accepted.
 */
#ifndef REPORT_CSV_H
#define REPORT_CSV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/** Most fields a record may hold and still be returned field by field. */
#define REPORT_CSV_MAX_FIELDS 16

/** A field: bytes and length (not NUL-terminated). */
typedef struct report_field {
  const char *p;
  size_t len;
} report_field;

/* Record-level problems, in report_record.error. */
#define REPORT_CSV_OK 0
#define REPORT_CSV_BAD_QUOTE 1    /* a character other than , or a line end after a closing quote */
#define REPORT_CSV_UNTERMINATED 2 /* end of input inside a quoted field */

/** One record. */
typedef struct report_record {
  report_field f[REPORT_CSV_MAX_FIELDS];
  size_t nfields;  /* fields in the record (may exceed REPORT_CSV_MAX_FIELDS) */
  uint64_t line;   /* line number where the record starts (1-based) */
  int error;       /* REPORT_CSV_* */
  int plain;       /* each kept field starts one byte (its comma) after the one before ends */
} report_record;

/** Bytes from the start of kept field @p first to the end of kept field
 * @p last (first <= last, the fields in order).  In a plain record the
 * fields between lie one after another, so none is longer than that. */
static inline size_t report_record_span(const report_record *rec, size_t first, size_t last) {
  return (size_t)(rec->f[last].p + rec->f[last].len - rec->f[first].p);
}

/** The reader. */
typedef struct report_csv {
  FILE *in;
  char *buf;
  size_t cap;     /* allocated bytes */
  size_t len;     /* valid bytes */
  size_t pos;     /* start of the next record */
  uint64_t line;  /* line number at pos */
  int eof;        /* no more input after buf[len] */
  int ioerr;      /* a read failed */
  int at_start;   /* nothing read yet (for the byte-order mark) */
} report_csv;

/** Prepare a reader on an open stream.  Returns 0, or -1 when out of memory. */
int report_csv_open(report_csv *r, FILE *in);

/** Free the reader's buffer (the stream is the caller's). */
void report_csv_close(report_csv *r);

/**
 * Read the next record.
 * @return 1 with a record in @p rec, 0 at the end of input, -1 on a read
 *         error (r->ioerr set) or when one record is larger than the
 *         reader's limit (r->ioerr == 0).
 */
int report_csv_next(report_csv *r, report_record *rec);

/**
 * Read up to @p max records (max >= 1) into @p recs, every one valid until
 * the next call: only the first may need more input read, the others are
 * the complete records already in the buffer after it.  A caller that
 * looks at several records before using them (to ask for memory ahead)
 * gets them without a copy.
 * @return the number of records read (1 .. max), or as report_csv_next
 *         for the first: 0 at the end of input, -1 on an error.
 */
int report_csv_next_many(report_csv *r, report_record *recs, int max);

#endif
