/*
 * check_report_io.c - ccm-report's input path, built from its sources: the
 * CSV reader (examples/report_csv.c) on random files whose records are
 * known field by field, the batches that carry records to --threads
 * workers (examples/report_batch.c) in both of their layouts, and the keys
 * short ids are their own (report_direct_key in examples/report_strtab.c).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_batch.h"
#include "report_csv.h"
#include "report_strtab.h"

/* ---- a file of known records ------------------------------------------- */

#define MAX_RECORDS 4000
#define MAX_FIELDS 24
#define MAX_FIELD 400

typedef struct truth {
  size_t nfields;
  char field[MAX_FIELDS][MAX_FIELD];
  size_t len[MAX_FIELDS];
  uint64_t line; /* where the record starts */
} truth;

static truth records[MAX_RECORDS];
static size_t nrecords;
static uint64_t file_lines; /* lines of the last file made */

static uint64_t rng = 88172645463325252u;
static unsigned rnd(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

/* Text appended to a growing buffer. */
typedef struct text {
  char *p;
  size_t len, cap;
} text;

static void put(text *t, const char *s, size_t n) {
  if (t->len + n > t->cap) {
    t->cap = (t->len + n) * 2;
    t->p = realloc(t->p, t->cap);
    ck_assert_ptr_nonnull(t->p);
  }
  memcpy(t->p + t->len, s, n);
  t->len += n;
}

/* One field's value: mostly short plain ids, sometimes long, sometimes
 * with the bytes that need quotes (comma, quote, line break, CR). */
static size_t make_field(char *out) {
  static const char plain[] = "abcdefghijklmnopqrstuvwxyz0123456789_- ";
  static const char odd[] = ",\"\n\r";
  unsigned kind = rnd(20);
  size_t n = kind == 0 ? 256 + rnd(MAX_FIELD - 256) : kind == 1 ? 0 : 1 + rnd(12), i;
  int quoting = rnd(8) == 0;
  for (i = 0; i < n; i++) out[i] = quoting && rnd(6) == 0 ? odd[rnd(4)] : plain[rnd(sizeof plain - 1)];
  return n;
}

/* A random file of n records (LF or CRLF line ends, some comments and
 * blank lines between records), their fields kept in records[]. */
static text make_file(size_t n) {
  text t = {NULL, 0, 0};
  uint64_t line = 1;
  size_t r, k, i;
  nrecords = n;
  for (r = 0; r < n; r++) {
    truth *tr = &records[r];
    const char *eol = rnd(5) == 0 ? "\r\n" : "\n";
    if (rnd(30) == 0) {
      put(&t, "# a comment, \"not\" a record\n", strlen("# a comment, \"not\" a record\n"));
      line++;
    }
    if (rnd(30) == 0) {
      put(&t, "\n", 1);
      line++;
    }
    tr->line = line;
    tr->nfields = rnd(4) == 0 ? 1 + rnd(MAX_FIELDS) : 12;
    for (k = 0; k < tr->nfields; k++) {
      int quote;
      tr->len[k] = make_field(tr->field[k]);
      quote = memchr(tr->field[k], ',', tr->len[k]) || memchr(tr->field[k], '"', tr->len[k]) ||
              memchr(tr->field[k], '\n', tr->len[k]) || memchr(tr->field[k], '\r', tr->len[k]) ||
              (tr->len[k] > 0 && tr->field[k][0] == '#') || rnd(40) == 0;
      /* a lone empty field is a blank line: quote it */
      if (tr->nfields == 1 && tr->len[k] == 0) quote = 1;
      if (k > 0) put(&t, ",", 1);
      if (quote) put(&t, "\"", 1);
      for (i = 0; i < tr->len[k]; i++) {
        char c = tr->field[k][i];
        if (c == '"') put(&t, "\"", 1);
        if (c == '\n') line++;
        put(&t, &c, 1);
      }
      if (quote) put(&t, "\"", 1);
    }
    put(&t, eol, strlen(eol));
    line++;
  }
  file_lines = line - 1;
  return t;
}

/* The record as the file holds it (kept fields, count, line), the file
 * being after @p lines_before other lines. */
static void expect_record(const report_record *rec, const truth *tr, uint64_t lines_before) {
  size_t k;
  ck_assert_int_eq(rec->error, REPORT_CSV_OK);
  ck_assert_uint_eq(rec->nfields, tr->nfields);
  ck_assert_uint_eq(rec->line, tr->line + lines_before);
  for (k = 0; k < tr->nfields && k < REPORT_CSV_MAX_FIELDS; k++) {
    ck_assert_uint_eq(rec->f[k].len, tr->len[k]);
    ck_assert(memcmp(rec->f[k].p, tr->field[k], tr->len[k]) == 0);
  }
}

/* Whether the reader's fields lie one comma apart (what plain promises). */
static int adjacent(const report_record *rec) {
  size_t k, kept = rec->nfields < REPORT_CSV_MAX_FIELDS ? rec->nfields : REPORT_CSV_MAX_FIELDS;
  for (k = 1; k < kept; k++)
    if (rec->f[k].p != rec->f[k - 1].p + rec->f[k - 1].len + 1) return 0;
  return 1;
}

/* ---- the reader -------------------------------------------------------- */

/* Random files, the first once, the others two to eight times over (up to
 * about 3 MB: the reader fills its buffer a megabyte at a time, so records
 * and quoted line breaks fall across refills). */
START_TEST(reader_returns_every_record_as_written) {
  int round;
  for (round = 0; round < 6; round++) {
    text one = make_file(500 + rnd(MAX_RECORDS - 500)), t = {NULL, 0, 0};
    size_t times = round == 0 ? 1 : 2 + rnd(7), k, r = 0, nplain = 0;
    FILE *in;
    report_csv reader;
    report_record rec;
    for (k = 0; k < times; k++) put(&t, one.p, one.len);
    in = fmemopen(t.p, t.len, "r");
    ck_assert_ptr_nonnull(in);
    ck_assert_int_eq(report_csv_open(&reader, in), 0);
    while (report_csv_next(&reader, &rec) == 1) {
      ck_assert_uint_lt(r, nrecords * times);
      expect_record(&rec, &records[r % nrecords], r / nrecords * file_lines);
      if (rec.plain) {
        ck_assert(adjacent(&rec));
        nplain++;
      }
      r++;
    }
    ck_assert_uint_eq(r, nrecords * times);
    ck_assert_uint_gt(nplain, r / 10); /* the fast split was taken (a fifth of the lines are CRLF, most have a quote) */
    report_csv_close(&reader);
    fclose(in);
    free(t.p);
    free(one.p);
  }
}
END_TEST

/* The same files read many records at a time: every record of a call is
 * checked after the call (none was moved or overwritten by the ones read
 * after it), each call gives 1 .. max records, and calls past the first
 * record of a buffer give more than one. */
START_TEST(reader_many_records_at_once) {
  int round;
  for (round = 0; round < 4; round++) {
    text one = make_file(500 + rnd(MAX_RECORDS - 500)), t = {NULL, 0, 0};
    size_t times = round == 0 ? 1 : 2 + rnd(5), k, r = 0, calls = 0, several = 0;
    FILE *in;
    report_csv reader;
    report_record rec[20];
    int n, i, max;
    for (k = 0; k < times; k++) put(&t, one.p, one.len);
    in = fmemopen(t.p, t.len, "r");
    ck_assert_ptr_nonnull(in);
    ck_assert_int_eq(report_csv_open(&reader, in), 0);
    for (;;) {
      max = round == 1 && calls % 5 == 0 ? 1 : 1 + (int)rnd(20);
      n = report_csv_next_many(&reader, rec, max);
      if (n <= 0) break;
      ck_assert_int_le(n, max);
      calls++;
      several += n > 1;
      for (i = 0; i < n; i++, r++) {
        ck_assert_uint_lt(r, nrecords * times);
        expect_record(&rec[i], &records[r % nrecords], r / nrecords * file_lines);
      }
    }
    ck_assert_int_eq(n, 0);
    ck_assert_uint_eq(r, nrecords * times);
    ck_assert_uint_gt(several, calls / 2);
    report_csv_close(&reader);
    fclose(in);
    free(t.p);
    free(one.p);
  }
}
END_TEST

/* Quotes and CRs right after a record's line end, in the same sixteen
 * bytes (the split's narrower step, near the end of the input), belong to
 * the next record: the one before is still plain. */
START_TEST(reader_plain_record_before_a_quoted_one) {
  static char csv[] = "a,b,c\n\"q,1\",x\r\nd,e\n\r\nfg,h,,\n";
  FILE *in = fmemopen(csv, sizeof csv - 1, "r");
  report_csv reader;
  report_record rec;
  ck_assert_int_eq(report_csv_open(&reader, in), 0);
  ck_assert_int_eq(report_csv_next(&reader, &rec), 1);
  ck_assert_uint_eq(rec.nfields, 3);
  ck_assert_int_eq(rec.plain, 1);
  ck_assert(rec.f[2].len == 1 && rec.f[2].p[0] == 'c');
  ck_assert_int_eq(report_csv_next(&reader, &rec), 1);
  ck_assert_uint_eq(rec.nfields, 2);
  ck_assert_int_eq(rec.plain, 0);
  ck_assert(rec.f[0].len == 3 && memcmp(rec.f[0].p, "q,1", 3) == 0);
  ck_assert(rec.f[1].len == 1 && rec.f[1].p[0] == 'x'); /* the CR of the CRLF is not the field's */
  ck_assert_int_eq(report_csv_next(&reader, &rec), 1);
  ck_assert_uint_eq(rec.line, 3);
  ck_assert_uint_eq(rec.nfields, 2);
  ck_assert_int_eq(report_csv_next(&reader, &rec), 1);
  ck_assert_uint_eq(rec.line, 5); /* line 4 is blank (CRLF) */
  ck_assert_uint_eq(rec.nfields, 4);
  ck_assert(rec.f[2].len == 0 && rec.f[3].len == 0);
  ck_assert_int_eq(report_csv_next(&reader, &rec), 0);
  report_csv_close(&reader);
  fclose(in);
}
END_TEST

/* The plain split looks at sixty-four bytes at a time: a quote or a CR
 * after the line end in the same sixty-four is the next record's; one
 * before it, at any place of the window, makes the record not plain (read
 * byte by byte, to the same fields); a line end at the window's last byte
 * or just past it; more fields in one window than a record keeps. */
START_TEST(reader_window_of_sixty_four) {
  char csv[1024];
  size_t n = 0, k, at;
  FILE *in;
  report_csv reader;
  report_record rec;
  /* 1: 40 bytes, then a quoted record starting in the same window */
  n += (size_t)sprintf(csv + n, "%s\n", "aaaaaaaaa,bbbbbbbbb,ccccccccc,ddddddddd");
  n += (size_t)sprintf(csv + n, "%s\r\n", "\"x,y\",z");
  /* 3..: a bare quote (or a CR) inside an unquoted field at byte `at` */
  for (at = 16; at < 64; at += 21) {
    for (k = 0; k < 60; k++) csv[n + k] = (k % 10 == 9) ? ',' : (char)('a' + k % 10);
    csv[n + at] = (at % 2) ? '"' : '\r';
    csv[n + 60] = '\n';
    n += 61;
  }
  /* 5: the line end as byte 63 of the window, 6: as byte 64 */
  for (k = 0; k < 63; k++) csv[n + k] = (k % 8 == 7) ? ',' : 'm';
  csv[n + 63] = '\n';
  n += 64;
  for (k = 0; k < 64; k++) csv[n + k] = (k % 8 == 7) ? ',' : 'n';
  csv[n + 64] = '\n';
  n += 65;
  /* 7: twenty fields in thirty-nine bytes (sixteen kept) */
  for (k = 0; k < 19; k++) {
    csv[n++] = (char)('A' + k);
    csv[n++] = ',';
  }
  csv[n++] = 'Z';
  csv[n++] = '\n';
  in = fmemopen(csv, n, "r");
  ck_assert_int_eq(report_csv_open(&reader, in), 0);

  ck_assert_int_eq(report_csv_next(&reader, &rec), 1);
  ck_assert_int_eq(rec.plain, 1);
  ck_assert_uint_eq(rec.nfields, 4);
  ck_assert(rec.f[3].len == 9 && memcmp(rec.f[3].p, "ddddddddd", 9) == 0);
  ck_assert_int_eq(report_csv_next(&reader, &rec), 1);
  ck_assert_int_eq(rec.plain, 0);
  ck_assert_uint_eq(rec.nfields, 2);
  ck_assert(rec.f[0].len == 3 && memcmp(rec.f[0].p, "x,y", 3) == 0);
  ck_assert(rec.f[1].len == 1 && rec.f[1].p[0] == 'z');
  for (at = 16; at < 64; at += 21) {
    ck_assert_int_eq(report_csv_next(&reader, &rec), 1);
    ck_assert_int_eq(rec.plain, 0);
    ck_assert_uint_eq(rec.nfields, 7); /* six commas: the quote or CR is a byte of its field */
    ck_assert_uint_eq(rec.f[at / 10].len, 9);
    ck_assert_int_eq(rec.f[at / 10].p[at % 10], (at % 2) ? '"' : '\r');
  }
  ck_assert_int_eq(report_csv_next(&reader, &rec), 1);
  ck_assert_int_eq(rec.plain, 1);
  ck_assert_uint_eq(rec.nfields, 8);
  ck_assert(rec.f[7].len == 7 && rec.f[7].p[6] == 'm' && rec.f[7].p[7] == '\n');
  ck_assert_int_eq(report_csv_next(&reader, &rec), 1);
  ck_assert_int_eq(rec.plain, 1);
  ck_assert_uint_eq(rec.nfields, 9);
  ck_assert(rec.f[7].len == 7 && rec.f[8].len == 0); /* the line ends right after the eighth comma */
  ck_assert_int_eq(report_csv_next(&reader, &rec), 1);
  ck_assert_int_eq(rec.plain, 1);
  ck_assert_uint_eq(rec.nfields, 20);
  for (k = 0; k < REPORT_CSV_MAX_FIELDS; k++) ck_assert(rec.f[k].len == 1 && rec.f[k].p[0] == (char)('A' + k));
  ck_assert_int_eq(report_csv_next(&reader, &rec), 0);
  report_csv_close(&reader);
  fclose(in);
}
END_TEST

/* ---- batches ------------------------------------------------------------- */

static void expect_same(const report_record *got, const report_record *want) {
  size_t k, kept = want->nfields < REPORT_CSV_MAX_FIELDS ? want->nfields : REPORT_CSV_MAX_FIELDS;
  ck_assert_uint_eq(got->nfields, want->nfields);
  ck_assert_uint_eq(got->line, want->line);
  ck_assert_int_eq(got->error, want->error);
  for (k = 0; k < kept; k++) {
    ck_assert_uint_eq(got->f[k].len, want->f[k].len);
    ck_assert(memcmp(got->f[k].p, want->f[k].p, want->f[k].len) == 0);
  }
}

/* A hint made from a number, every field different (a batch must hand
 * back the whole of it, not only the event type). */
static report_hint hint_of(size_t n) {
  report_hint h;
  h.type = (int32_t)n;
  h.contact = REPORT_KEY_DIRECT | (uint64_t)n * 1000003u;
  h.customer = REPORT_KEY_DIRECT | (uint64_t)n * 7919u;
  return h;
}

static int add_hinted(report_batch *b, const report_record *rec, size_t n) {
  report_hint h = hint_of(n);
  return report_batch_add(b, rec, &h);
}

static void expect_hint(const report_batch *b, size_t i, size_t n) {
  const report_hint *got = report_batch_hint(b, i);
  report_hint want = hint_of(n);
  ck_assert_int_eq(got->type, want.type);
  ck_assert_uint_eq(got->contact, want.contact);
  ck_assert_uint_eq(got->customer, want.customer);
}

/* Take every record out of the batch and compare it with the one kept
 * (records from + 0 ..), counting layouts[0] packed and [1] wide ones;
 * then empty the batch. */
static void drain(report_batch *b, const report_record *kept, size_t *from, size_t *layouts) {
  size_t i;
  for (i = 0; i < b->nrec; i++) {
    report_record out;
    report_batch_record(b, i, &out);
    expect_same(&out, &kept[*from + i]);
    expect_hint(b, i, *from + i + 1);
    layouts[b->rec[i].first == REPORT_BATCH_PACKED ? 0 : 1]++;
  }
  *from += b->nrec;
  report_batch_clear(b);
}

/* Every record of random files through batches: the same fields, count,
 * line, error and type come out, in both layouts (a record is packed when
 * its fields are one byte apart and at most 255 bytes long). */
START_TEST(batch_gives_back_every_record) {
  int round;
  report_batch *b = report_batch_new();
  report_record *kept = malloc(MAX_RECORDS * sizeof *kept);
  char **copies = malloc(MAX_RECORDS * sizeof *copies);
  ck_assert_ptr_nonnull(b);
  ck_assert_ptr_nonnull(kept);
  ck_assert_ptr_nonnull(copies);
  for (round = 0; round < 4; round++) {
    text t = make_file(MAX_RECORDS);
    FILE *in = fmemopen(t.p, t.len, "r");
    report_csv reader;
    report_record rec;
    size_t r = 0, from = 0, i, layouts[2] = {0, 0};
    ck_assert_int_eq(report_csv_open(&reader, in), 0);
    while (report_csv_next(&reader, &rec) == 1) {
      int added;
      size_t k, n = rec.nfields < REPORT_CSV_MAX_FIELDS ? rec.nfields : REPORT_CSV_MAX_FIELDS;
      /* the reader's fields live until its next record: keep copies to compare with */
      kept[r] = rec;
      copies[r] = malloc(MAX_FIELDS * MAX_FIELD);
      ck_assert_ptr_nonnull(copies[r]);
      for (k = 0; k < n; k++) {
        memcpy(copies[r] + k * MAX_FIELD, rec.f[k].p, rec.f[k].len);
        kept[r].f[k].p = copies[r] + k * MAX_FIELD;
      }
      added = add_hinted(b, &rec, r + 1);
      if (added == 0) { /* no room: what the batch holds comes out first */
        ck_assert_uint_gt(b->nrec, 0);
        drain(b, kept, &from, layouts);
        added = add_hinted(b, &rec, r + 1);
      }
      ck_assert_int_eq(added, 1);
      r++;
      if (report_batch_full(b) || r == nrecords) {
        drain(b, kept, &from, layouts);
      }
    }
    ck_assert_uint_eq(r, nrecords);
    ck_assert_uint_eq(from, nrecords);
    ck_assert_uint_gt(layouts[0], 0); /* packed */
    ck_assert_uint_gt(layouts[1], 0); /* wide */
    for (i = 0; i < r; i++) free(copies[i]);
    report_csv_close(&reader);
    fclose(in);
    free(t.p);
  }
  free(copies);
  free(kept);
  report_batch_free(b);
}
END_TEST

/* The layouts by hand: a plain record is packed; a field of 256 bytes, a
 * gap between fields, fields out of order, and a record that is not plain
 * but whose fields are one byte apart. */
START_TEST(batch_layouts) {
  char line[600], far[8] = "zz";
  report_record rec, out;
  report_batch *b = report_batch_new();
  size_t k;
  ck_assert_ptr_nonnull(b);
  memset(&rec, 0, sizeof rec);
  memcpy(line, "ab,c,,def", 9);
  rec.nfields = 4;
  rec.line = 7;
  rec.plain = 1;
  rec.f[0].p = line, rec.f[0].len = 2;
  rec.f[1].p = line + 3, rec.f[1].len = 1;
  rec.f[2].p = line + 5, rec.f[2].len = 0;
  rec.f[3].p = line + 6, rec.f[3].len = 3;
  ck_assert_int_eq(add_hinted(b, &rec, 5), 1);
  ck_assert_uint_eq(b->rec[0].first, REPORT_BATCH_PACKED);
  ck_assert_uint_eq(b->len, 9); /* the stretch, separators included */
  /* not plain, one byte apart all the same (a quote-free line of scan()) */
  rec.plain = 0;
  ck_assert_int_eq(add_hinted(b, &rec, 6), 1);
  ck_assert_uint_eq(b->rec[1].first, REPORT_BATCH_PACKED);
  /* two bytes between fields (a closing quote): wide */
  rec.f[3].p = line + 7, rec.f[3].len = 2;
  ck_assert_int_eq(add_hinted(b, &rec, 7), 1);
  ck_assert_uint_ne(b->rec[2].first, REPORT_BATCH_PACKED);
  /* a field elsewhere, before the others: wide, copied field by field */
  rec.f[1].p = far, rec.f[1].len = 2;
  ck_assert_int_eq(add_hinted(b, &rec, 8), 1);
  ck_assert_uint_ne(b->rec[3].first, REPORT_BATCH_PACKED);
  /* 256 bytes in a plain record: wide */
  for (k = 0; k < 300; k++) line[10 + k] = (char)('a' + k % 26);
  rec.plain = 1;
  rec.nfields = 1;
  rec.f[0].p = line + 10, rec.f[0].len = 256;
  ck_assert_int_eq(add_hinted(b, &rec, 9), 1);
  ck_assert_uint_ne(b->rec[4].first, REPORT_BATCH_PACKED);
  rec.f[0].len = 255;
  ck_assert_int_eq(add_hinted(b, &rec, 10), 1);
  ck_assert_uint_eq(b->rec[5].first, REPORT_BATCH_PACKED);

  report_batch_record(b, 0, &out);
  ck_assert_uint_eq(out.nfields, 4);
  ck_assert_uint_eq(out.line, 7);
  ck_assert(out.f[0].len == 2 && memcmp(out.f[0].p, "ab", 2) == 0);
  ck_assert(out.f[1].len == 1 && out.f[1].p[0] == 'c');
  ck_assert_uint_eq(out.f[2].len, 0);
  ck_assert(out.f[3].len == 3 && memcmp(out.f[3].p, "def", 3) == 0);
  ck_assert_int_eq(out.plain, 1);
  report_batch_record(b, 2, &out);
  ck_assert(out.f[3].len == 2 && memcmp(out.f[3].p, "ef", 2) == 0);
  ck_assert_int_eq(out.plain, 0);
  report_batch_record(b, 3, &out);
  ck_assert(out.f[0].len == 2 && memcmp(out.f[0].p, "ab", 2) == 0);
  ck_assert(out.f[1].len == 2 && memcmp(out.f[1].p, "zz", 2) == 0);
  ck_assert(out.f[3].len == 2 && memcmp(out.f[3].p, "ef", 2) == 0);
  report_batch_record(b, 4, &out);
  ck_assert(out.f[0].len == 256 && memcmp(out.f[0].p, line + 10, 256) == 0);
  report_batch_record(b, 5, &out);
  ck_assert(out.f[0].len == 255 && memcmp(out.f[0].p, line + 10, 255) == 0);
  for (k = 0; k < 6; k++) expect_hint(b, k, k + 5);
  report_batch_free(b);
}
END_TEST

/* A record larger than a batch's bytes goes alone into an empty batch,
 * which grows; into a batch that holds records it does not go (0). */
START_TEST(batch_room) {
  size_t big = REPORT_BATCH_BYTES + 1000, k;
  char *line = malloc(big);
  report_record rec, out;
  report_batch *b = report_batch_new();
  ck_assert_ptr_nonnull(line);
  ck_assert_ptr_nonnull(b);
  for (k = 0; k < big; k++) line[k] = (char)('0' + k % 10);
  memset(&rec, 0, sizeof rec);
  rec.nfields = 1;
  rec.plain = 1;
  rec.f[0].p = line, rec.f[0].len = 3;
  ck_assert_int_eq(add_hinted(b, &rec, 1), 1);
  rec.f[0].len = big;
  ck_assert_int_eq(add_hinted(b, &rec, 2), 0);
  ck_assert_uint_eq(b->nrec, 1);
  report_batch_clear(b);
  ck_assert_int_eq(add_hinted(b, &rec, 2), 1);
  report_batch_record(b, 0, &out);
  ck_assert_uint_eq(out.f[0].len, big);
  ck_assert(memcmp(out.f[0].p, line, big) == 0);
  report_batch_free(b);
  free(line);
}
END_TEST

/* ---- direct keys ----------------------------------------------------------- */

/* The definition: the flag, the length in bits 56.., 7 bits per byte. */
static uint64_t direct_key_by_definition(const char *s, size_t len) {
  uint64_t key = REPORT_KEY_DIRECT | (uint64_t)len << 56;
  size_t i;
  if (len == 0 || len > 8) return 0;
  for (i = 0; i < len; i++) {
    if ((unsigned char)s[i] >= 0x80) return 0;
    key |= (uint64_t)(unsigned char)s[i] << (7 * i);
  }
  return key;
}

START_TEST(direct_keys_by_hand) {
  /* 'A' = 0x41; 'a' = 0x61, 'b' = 0x62 << 7 = 0x3100 */
  ck_assert_uint_eq(report_direct_key("A", 1), UINT64_C(0x8100000000000041));
  ck_assert_uint_eq(report_direct_key("ab", 2), UINT64_C(0x8200000000003161));
  /* eight bytes of 0x7F fill the 56 bits */
  ck_assert_uint_eq(report_direct_key("\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f", 8), UINT64_C(0x88FFFFFFFFFFFFFF));
  ck_assert_uint_eq(report_direct_key("", 0), 0);
  ck_assert_uint_eq(report_direct_key("123456789", 9), 0);
  ck_assert_uint_eq(report_direct_key("ab\x80", 3), 0);
  /* the length tells apart strings that differ by trailing NULs */
  ck_assert_uint_ne(report_direct_key("a\0", 2), report_direct_key("a", 1));
}
END_TEST

/* Every length, random bytes (a byte of 0x80 or more anywhere gives 0),
 * each string at the very end of its block so that a read past it is
 * caught by valgrind and ASan. */
START_TEST(direct_keys_match_the_definition) {
  int i;
  for (i = 0; i < 60000; i++) {
    size_t len = rnd(10), k;
    char *s = malloc(len ? len : 1);
    ck_assert_ptr_nonnull(s);
    for (k = 0; k < len; k++) s[k] = (char)(rnd(50) == 0 ? 0x80 + rnd(128) : rnd(128));
    ck_assert_uint_eq(report_direct_key(s, len), direct_key_by_definition(s, len));
    free(s);
  }
}
END_TEST

static Suite *report_io_suite(void) {
  Suite *s = suite_create("report_io");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, reader_returns_every_record_as_written);
  tcase_add_test(tc, reader_many_records_at_once);
  tcase_add_test(tc, reader_plain_record_before_a_quoted_one);
  tcase_add_test(tc, reader_window_of_sixty_four);
  tcase_add_test(tc, batch_gives_back_every_record);
  tcase_add_test(tc, batch_layouts);
  tcase_add_test(tc, batch_room);
  tcase_add_test(tc, direct_keys_by_hand);
  tcase_add_test(tc, direct_keys_match_the_definition);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(report_io_suite());
  int failed;
  srunner_run_all(sr, CK_NORMAL);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
