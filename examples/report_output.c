/*
 * report_output.c - the rows of ccm-report and their writers (table, CSV, JSON).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Number formats (CLI.md; fixed because other programs compare against the
 * CSV):
 * - counts: integers;
 * - durations: seconds with exactly three decimals, printed from the value in
 *   milliseconds rounded to a whole millisecond (half away from zero), by
 *   integer arithmetic: 12345 ms is "12.345", never a binary rounding of
 *   12.345;
 * - percentages, ratios, scores, money, and count-unit quotients (avg_rings):
 *   "%.6f", with -0 printed as 0;
 * - undefined: an empty CSV field, JSON null, "-" in the table.
 */
#include "report_output.h"

#include <stdlib.h>
#include <string.h>

#include "ccmetrics.h"
#include "report_keys.h"

#define VALUE_BUF 64

/* Round to the nearest integer, half away from zero, without libm. */
static int64_t round_i64(double v) {
  if (v >= 0) return (int64_t)(v + 0.5);
  return -(int64_t)(-v + 0.5);
}

size_t report_format_value(int32_t unit, int ratio, double v, char *buf) {
  int n;
  /* Beyond +-2^62 nothing is meaningful as an integer; print it as a decimal. */
  const int fits = v > -4.6e18 && v < 4.6e18;
  if (v != v) { /* NaN: never produced by the library; keep the output parseable */
    buf[0] = '\0';
    return 0;
  }
  if (unit == CCM_UNIT_MS && fits) {
    int64_t ms = round_i64(v);
    uint64_t a = ms < 0 ? (uint64_t)0 - (uint64_t)ms : (uint64_t)ms;
    n = snprintf(buf, VALUE_BUF, "%s%llu.%03u", ms < 0 ? "-" : "", (unsigned long long)(a / 1000),
                 (unsigned)(a % 1000));
  } else if (unit == CCM_UNIT_COUNT && !ratio && fits) {
    n = snprintf(buf, VALUE_BUF, "%lld", (long long)round_i64(v));
  } else {
    if (v > -5e-7 && v < 5e-7) v = 0.0; /* no "-0.000000" */
    n = snprintf(buf, VALUE_BUF, "%.6f", v);
  }
  return n > 0 ? (size_t)n : 0;
}

int report_table_init(report_table *t, const report_opts *o, const report_column *cols, size_t ncols) {
  memset(t, 0, sizeof(*t));
  t->o = o;
  t->cols = cols;
  t->ncols = ncols;
  return 0;
}

void report_table_free(report_table *t) {
  free(t->keys);
  free(t->values);
  free(t->defined);
  free(t->order);
  memset(t, 0, sizeof(*t));
}

int report_table_add(report_table *t, const report_keyval *keys, const double *values,
                     const unsigned char *defined) {
  const size_t nk = t->o->nkeys, nm = t->ncols;
  if (t->nrows == t->cap) {
    size_t ncap = t->cap ? t->cap * 2 : 64;
    report_keyval *nkv = realloc(t->keys, sizeof(report_keyval) * (nk ? nk : 1) * ncap);
    double *nv;
    unsigned char *nd;
    if (nkv == NULL) return -1;
    t->keys = nkv;
    nv = realloc(t->values, sizeof(double) * (nm ? nm : 1) * ncap);
    if (nv == NULL) return -1;
    t->values = nv;
    nd = realloc(t->defined, (nm ? nm : 1) * ncap);
    if (nd == NULL) return -1;
    t->defined = nd;
    t->cap = ncap;
  }
  if (nk) memcpy(t->keys + t->nrows * nk, keys, sizeof(report_keyval) * nk);
  if (nm) {
    memcpy(t->values + t->nrows * nm, values, sizeof(double) * nm);
    memcpy(t->defined + t->nrows * nm, defined, nm);
  }
  t->nrows++;
  return 0;
}

/* qsort() takes no context: the table being sorted. */
static const report_table *sorting;

static int compare_rows(const void *pa, const void *pb) {
  const size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
  const size_t nk = sorting->o->nkeys;
  const report_keyval *ka = sorting->keys + a * nk, *kb = sorting->keys + b * nk;
  size_t c;
  for (c = 0; c < nk; c++) {
    if (sorting->o->keys[c].kind == REPORT_KEY_TIME) {
      if (ka[c].bucket != kb[c].bucket) return ka[c].bucket < kb[c].bucket ? -1 : 1;
    } else {
      size_t n = ka[c].len < kb[c].len ? ka[c].len : kb[c].len;
      int r = n ? memcmp(ka[c].s, kb[c].s, n) : 0;
      if (r != 0) return r;
      if (ka[c].len != kb[c].len) return ka[c].len < kb[c].len ? -1 : 1;
    }
  }
  return (a > b) - (a < b);
}

int report_table_sort(report_table *t) {
  size_t i;
  free(t->order);
  t->order = malloc(sizeof(size_t) * (t->nrows ? t->nrows : 1));
  if (t->order == NULL) return -1;
  for (i = 0; i < t->nrows; i++) t->order[i] = i;
  sorting = t;
  qsort(t->order, t->nrows, sizeof(size_t), compare_rows);
  sorting = NULL;
  return 0;
}

/* ---- writers ---- */

/* Text of key column c of row r: a pointer to its bytes and the length. */
static const char *key_text(const report_table *t, size_t r, size_t c, char *tbuf, size_t *len) {
  const report_keyval *kv = &t->keys[r * t->o->nkeys + c];
  if (t->o->keys[c].kind == REPORT_KEY_TIME) {
    *len = report_format_time(t->o->keys[c].id, kv->local, tbuf);
    return tbuf;
  }
  *len = kv->len;
  return kv->s;
}

/* Text of metric m of row r; NULL when undefined. */
static const char *value_text(const report_table *t, size_t r, size_t m, char *vbuf, size_t *len) {
  const size_t nm = t->ncols;
  if (!t->defined[r * nm + m]) {
    *len = 0;
    return NULL;
  }
  *len = report_format_value(t->cols[m].unit, t->cols[m].ratio, t->values[r * nm + m], vbuf);
  return vbuf;
}

static void put_csv_field(FILE *out, const char *s, size_t len) {
  size_t i;
  int quote = 0;
  for (i = 0; i < len && !quote; i++) {
    quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
  }
  if (!quote) {
    fwrite(s, 1, len, out);
    return;
  }
  putc('"', out);
  for (i = 0; i < len; i++) {
    if (s[i] == '"') putc('"', out);
    putc(s[i], out);
  }
  putc('"', out);
}

static void put_json_string(FILE *out, const char *s, size_t len) {
  size_t i;
  putc('"', out);
  for (i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == '"' || ch == '\\') {
      putc('\\', out);
      putc(ch, out);
    } else if (ch == '\n') {
      fputs("\\n", out);
    } else if (ch == '\r') {
      fputs("\\r", out);
    } else if (ch == '\t') {
      fputs("\\t", out);
    } else if (ch < 0x20 || ch == 0x7f) {
      fprintf(out, "\\u%04x", ch);
    } else {
      putc(ch, out);
    }
  }
  putc('"', out);
}

static void write_csv(const report_table *t, FILE *out) {
  const report_opts *o = t->o;
  char tbuf[REPORT_TIME_KEY_MAX], vbuf[VALUE_BUF];
  size_t i, c, m, len;
  int first = 1;
  for (c = 0; c < o->nkeys; c++, first = 0) {
    if (!first) putc(',', out);
    fputs(o->keys[c].name, out);
  }
  for (m = 0; m < t->ncols; m++, first = 0) {
    if (!first) putc(',', out);
    fputs(t->cols[m].name, out);
  }
  putc('\n', out);
  for (i = 0; i < t->nrows; i++) {
    const size_t r = t->order[i];
    first = 1;
    for (c = 0; c < o->nkeys; c++, first = 0) {
      const char *s = key_text(t, r, c, tbuf, &len);
      if (!first) putc(',', out);
      put_csv_field(out, s, len);
    }
    for (m = 0; m < t->ncols; m++, first = 0) {
      const char *s = value_text(t, r, m, vbuf, &len);
      if (!first) putc(',', out);
      if (s) fwrite(s, 1, len, out);
    }
    putc('\n', out);
  }
}

static void write_json(const report_table *t, FILE *out) {
  const report_opts *o = t->o;
  char tbuf[REPORT_TIME_KEY_MAX], vbuf[VALUE_BUF];
  size_t i, c, m, len;
  fputs("[\n", out);
  for (i = 0; i < t->nrows; i++) {
    const size_t r = t->order[i];
    int first = 1;
    putc('{', out);
    for (c = 0; c < o->nkeys; c++, first = 0) {
      const char *s = key_text(t, r, c, tbuf, &len);
      if (!first) putc(',', out);
      put_json_string(out, o->keys[c].name, strlen(o->keys[c].name));
      putc(':', out);
      put_json_string(out, s, len);
    }
    for (m = 0; m < t->ncols; m++, first = 0) {
      const char *name = t->cols[m].name;
      const char *s = value_text(t, r, m, vbuf, &len);
      if (!first) putc(',', out);
      put_json_string(out, name, strlen(name));
      putc(':', out);
      if (s) {
        fwrite(s, 1, len, out);
      } else {
        fputs("null", out);
      }
    }
    fputs(i + 1 < t->nrows ? "},\n" : "}\n", out);
  }
  fputs("]\n", out);
}

/* Display width: UTF-8 code points (continuation bytes take no column). */
static size_t width_of(const char *s, size_t len) {
  size_t i, w = 0;
  for (i = 0; i < len; i++) w += ((unsigned char)s[i] & 0xC0) != 0x80;
  return w;
}

/* Table: dimension keys left-aligned, values right-aligned, two spaces apart. */
static void put_cell(FILE *out, const char *s, size_t len, size_t width, int right, int last) {
  size_t w = width_of(s, len), pad = width > w ? width - w : 0;
  size_t i;
  if (right) {
    for (i = 0; i < pad; i++) putc(' ', out);
  }
  fwrite(s, 1, len, out);
  if (!right && !last) {
    for (i = 0; i < pad; i++) putc(' ', out);
  }
  if (!last) fputs("  ", out);
}

static int write_table(const report_table *t, FILE *out) {
  const report_opts *o = t->o;
  const size_t ncol = o->nkeys + t->ncols;
  char tbuf[REPORT_TIME_KEY_MAX], vbuf[VALUE_BUF];
  size_t *width = calloc(ncol ? ncol : 1, sizeof(size_t));
  size_t i, c, m, len;
  if (width == NULL) return -1;
  for (c = 0; c < o->nkeys; c++) width[c] = strlen(o->keys[c].name);
  for (m = 0; m < t->ncols; m++) width[o->nkeys + m] = strlen(t->cols[m].name);
  for (i = 0; i < t->nrows; i++) {
    for (c = 0; c < o->nkeys; c++) {
      const char *s = key_text(t, i, c, tbuf, &len);
      size_t w = width_of(s, len);
      if (w > width[c]) width[c] = w;
    }
    for (m = 0; m < t->ncols; m++) {
      const char *s = value_text(t, i, m, vbuf, &len);
      if (s == NULL) len = 1;
      if (len > width[o->nkeys + m]) width[o->nkeys + m] = len;
    }
  }
  for (c = 0; c < o->nkeys; c++) {
    put_cell(out, o->keys[c].name, strlen(o->keys[c].name), width[c], 0, c + 1 == ncol);
  }
  for (m = 0; m < t->ncols; m++) {
    const char *name = t->cols[m].name;
    put_cell(out, name, strlen(name), width[o->nkeys + m], 1, o->nkeys + m + 1 == ncol);
  }
  putc('\n', out);
  for (i = 0; i < t->nrows; i++) {
    const size_t r = t->order[i];
    for (c = 0; c < o->nkeys; c++) {
      const char *s = key_text(t, r, c, tbuf, &len);
      put_cell(out, s, len, width[c], 0, c + 1 == ncol);
    }
    for (m = 0; m < t->ncols; m++) {
      const char *s = value_text(t, r, m, vbuf, &len);
      if (s == NULL) {
        s = "-";
        len = 1;
      }
      put_cell(out, s, len, width[o->nkeys + m], 1, o->nkeys + m + 1 == ncol);
    }
    putc('\n', out);
  }
  free(width);
  return 0;
}

int report_table_write(const report_table *t, FILE *out) {
  switch (t->o->format) {
    case REPORT_FORMAT_CSV: write_csv(t, out); break;
    case REPORT_FORMAT_JSON: write_json(t, out); break;
    default:
      if (write_table(t, out) != 0) return -1;
      break;
  }
  if (fflush(out) != 0 || ferror(out)) return -1;
  return 0;
}
