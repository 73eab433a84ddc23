/*
 * report_csv.c - the RFC 4180 record reader of ccm-report.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * The scanner works on the buffer as it is: when a record runs past the
 * bytes read so far, the unread tail is moved to the front, more is read and
 * the record is scanned again from its start.  Nothing is modified until the
 * whole record is known (doubled quotes are undone last), so a rescan always
 * sees the original bytes.
 */
#include "report_csv.h"
#include "report_strtab.h" /* report_little_endian */

#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#ifndef BLOCK_BYTES
#define BLOCK_BYTES ((size_t)1 << 20) /* one read: 1 MiB (tests may build with a tiny one) */
#endif
#define MAX_RECORD_BYTES ((size_t)1 << 28) /* the buffer never grows past this */

int report_csv_open(report_csv *r, FILE *in) {
  memset(r, 0, sizeof(*r));
  r->in = in;
  r->cap = BLOCK_BYTES;
  r->buf = malloc(r->cap);
  if (r->buf == NULL) return -1;
  r->line = 1;
  r->at_start = 1;
  /* Our buffer is the only one: stdio's would cost one more copy. */
  setvbuf(in, NULL, _IONBF, 0);
  return 0;
}

void report_csv_close(report_csv *r) {
  free(r->buf);
  r->buf = NULL;
}

/* Keep the unread bytes, read more after them.  0 ok, -1 read error or
 * record too large. */
static int fill(report_csv *r) {
  size_t n, want;
  if (r->pos > 0) {
    memmove(r->buf, r->buf + r->pos, r->len - r->pos);
    r->len -= r->pos;
    r->pos = 0;
  }
  if (r->cap - r->len < BLOCK_BYTES / 2) {
    /* One record fills most of the buffer (a long quoted field). */
    size_t ncap = r->cap * 2;
    char *nb;
    if (ncap > MAX_RECORD_BYTES) return -1;
    nb = realloc(r->buf, ncap);
    if (nb == NULL) return -1;
    r->buf = nb;
    r->cap = ncap;
  }
  want = r->cap - r->len;
  n = fread(r->buf + r->len, 1, want, r->in);
  r->len += n;
  if (n < want) {
    /* A short read means end of file or an error (fread blocks until the
     * request is satisfied otherwise). */
    if (ferror(r->in)) {
      r->ioerr = 1;
      return -1;
    }
    if (feof(r->in)) r->eof = 1;
  }
  if (r->at_start && (r->len >= 3 || r->eof)) {
    r->at_start = 0;
    if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) r->pos = 3;
  }
  return 0;
}

/* Undo doubled quotes of a quoted field in place; returns the new length. */
static size_t unescape(char *s, size_t len) {
  size_t i = 0, j = 0;
  while (i < len) {
    s[j++] = s[i];
    i += (s[i] == '"' && i + 1 < len && s[i + 1] == '"') ? 2 : 1;
  }
  return j;
}

/* ---- records without quotes, eight bytes at a time ---------------------- */

/* 0x80 in each byte of w equal to the byte of `bytes` (a byte repeated):
 * exact for every byte, no carry from one byte into the next. */
static uint64_t bytes_equal(uint64_t w, uint64_t bytes) {
  const uint64_t low7 = UINT64_C(0x7F7F7F7F7F7F7F7F);
  uint64_t t = w ^ bytes;
  return ~(((t & low7) + low7) | t | low7);
}

#define REPEAT_BYTE(c) (UINT64_C(0x0101010101010101) * (uint8_t)(c))

/* Index of the lowest set bit of x (x != 0): of a byte's flag in a mask of
 * bytes_equal (divided by 8), of a byte in an SSE2 movemask. */
static uint64_t lowest_bit(uint64_t x) {
#if defined(__GNUC__) || defined(__clang__)
  return (uint64_t)__builtin_ctzll(x); /* 64-bit: no widening before it is added to a pointer */
#else
  uint64_t i = 0;
  while (!(x & 1u)) {
    x >>= 1;
    i++;
  }
  return i;
#endif
}

/* Index of the lowest byte flagged by bytes_equal (mask != 0). */
static unsigned first_flagged(uint64_t mask) { return (unsigned)(lowest_bit(mask) >> 3); }

/* A flagged byte, at, of a plain record (*fs: the start of its field): 1
 * when the record ends there, 0 to go on, -1 when the record is not
 * plain. */
static int plain_mark(const char *at, const char **fs, size_t *nf, report_record *rec, const char **line_end) {
  if (*at == '"' || *at == '\r') return -1;
  if (*nf < REPORT_CSV_MAX_FIELDS) {
    rec->f[*nf].p = *fs;
    rec->f[*nf].len = (size_t)(at - *fs);
  }
  (*nf)++;
  if (*at == '\n') {
    rec->nfields = *nf;
    *line_end = at;
    return 1;
  }
  *fs = at + 1;
  return 0;
}

#if defined(__SSE2__)
/* Bit i set where byte i of the sixteen at v equals the byte of c. */
static inline uint64_t equal16(__m128i v, __m128i c) {
  return (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c));
}

/* The same over sixty-four bytes from q: one bit per byte. */
static inline uint64_t equal64(const __m128i *v, __m128i c) {
  return equal16(v[0], c) | equal16(v[1], c) << 16 | equal16(v[2], c) << 32 | equal16(v[3], c) << 48;
}
#endif

/* The fields ending at the bytes flagged in marks (bit i: q[i], a comma or
 * the line end), the first from *fs on: into rec->f from *nf on, as far as
 * it has room.  Pointers rather than indexes, and the room checked against
 * a pointer: the loop is most of the split's instructions. */
static inline void fields_ending(const char *q, uint64_t marks, const char **fs, size_t *nf, report_record *rec) {
  report_field *out = rec->f + *nf, *const room = rec->f + REPORT_CSV_MAX_FIELDS;
  const char *from = *fs;
  size_t n = *nf;
  for (; marks != 0; marks &= marks - 1, n++) {
    const char *at = q + lowest_bit(marks);
    if (out < room) {
      out->p = from;
      out->len = (size_t)(at - from);
      out++;
    }
    from = at + 1;
  }
  *fs = from;
  *nf = n;
}

/* The usual record: no quote, no CR, its line end in the buffer.  Splits it
 * at its commas sixty-four bytes at a time (a canonical line is shorter:
 * one turn), then sixteen (SSE2), then by words of eight bytes: one branch
 * per field rather than one per byte.  Returns 1 with the fields in rec
 * (not committed), or 0 when the record is not of that kind: scan() then
 * does it byte by byte. */
static int split_plain(const char *p, const char *end, report_record *rec, const char **line_end) {
  const char *fs = p, *q = p;
  size_t nf = 0;
  int r;
#if defined(__SSE2__)
  /* Where the compiler targets SSE2 (every x86-64).  A quote or a CR
   * before the line end sends the record to scan(); the loop over the
   * fields then sees only commas and the line end. */
  const __m128i comma = _mm_set1_epi8(','), nl = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"'),
                cr = _mm_set1_epi8('\r');
  while (end - q >= 64) {
    __m128i v[4];
    uint64_t ends, stop, before, odd;
    v[0] = _mm_loadu_si128((const __m128i *)(const void *)q);
    v[1] = _mm_loadu_si128((const __m128i *)(const void *)(q + 16));
    v[2] = _mm_loadu_si128((const __m128i *)(const void *)(q + 32));
    v[3] = _mm_loadu_si128((const __m128i *)(const void *)(q + 48));
    ends = equal64(v, nl);
    stop = ends & (~ends + 1);               /* the line end's bit, or 0 */
    before = stop ? stop - 1 : ~UINT64_C(0); /* the record's bytes in these sixty-four */
    /* quotes and CRs are rare: one mask of both, worked out per byte only
     * when there is one */
    if (_mm_movemask_epi8(_mm_or_si128(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v[0], quote), _mm_cmpeq_epi8(v[0], cr)),
                         _mm_or_si128(_mm_cmpeq_epi8(v[1], quote), _mm_cmpeq_epi8(v[1], cr))),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v[2], quote), _mm_cmpeq_epi8(v[2], cr)),
                         _mm_or_si128(_mm_cmpeq_epi8(v[3], quote), _mm_cmpeq_epi8(v[3], cr))))) != 0) {
      odd = equal64(v, quote) | equal64(v, cr);
      if (odd & before) return 0;
    }
    fields_ending(q, (equal64(v, comma) & before) | stop, &fs, &nf, rec);
    if (stop) {
      rec->nfields = nf;
      *line_end = q + lowest_bit(stop);
      return 1;
    }
    q += 64;
  }
  while (end - q >= 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
    uint64_t ends = equal16(v, nl);
    uint64_t stop = ends & (~ends + 1);
    uint64_t before = stop ? stop - 1 : 0xFFFFu;
    if ((equal16(v, quote) | equal16(v, cr)) & before) return 0;
    fields_ending(q, (equal16(v, comma) & before) | stop, &fs, &nf, rec);
    if (stop) {
      rec->nfields = nf;
      *line_end = q + lowest_bit(stop);
      return 1;
    }
    q += 16;
  }
#endif
  while (end - q >= 8) {
    uint64_t w, mask;
    memcpy(&w, q, 8);
    mask = bytes_equal(w, REPEAT_BYTE(',')) | bytes_equal(w, REPEAT_BYTE('\n')) | bytes_equal(w, REPEAT_BYTE('"')) |
           bytes_equal(w, REPEAT_BYTE('\r'));
    while (mask != 0) {
      if ((r = plain_mark(q + first_flagged(mask), &fs, &nf, rec, line_end)) != 0) return r > 0;
      mask &= mask - 1;
    }
    q += 8;
  }
  return 0; /* the last bytes of the buffer: byte by byte */
}

/* Scan one record from r->pos.  Returns 1 (record), 0 (end of input), 2 (need
 * more input). */
static int scan(report_csv *r, report_record *rec) {
  char *const b = r->buf;
  const char *end = b + r->len;
  const char *p = b + r->pos;
  const char *start;
  const int eof = r->eof;
  uint32_t escaped = 0; /* bit i: field i had doubled quotes */
  int quoted = 0;       /* the record had a quoted field (may span lines) */
  size_t nf = 0;
  size_t i;

  /* Comments and blank lines. */
  while (p < end) {
    if (*p == '#') {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      if (nl == NULL) {
        if (!eof) return 2;
        p = end;
      } else {
        p = nl + 1;
      }
    } else if (*p == '\n') {
      p++;
    } else if (*p == '\r' && (p + 1 < end || eof) && (p + 1 == end || p[1] == '\n')) {
      p += (p + 1 == end) ? 1 : 2;
    } else if (*p == '\r' && p + 1 == end) {
      return 2;
    } else {
      break;
    }
    r->line++;
    r->pos = (size_t)(p - b);
  }
  if (p == end) return eof ? 0 : 2;

  start = p;
  rec->error = REPORT_CSV_OK;
  rec->plain = 0; /* the byte-by-byte split below may leave quotes and CRs between fields */
  if (*p != '"' && report_little_endian()) {
    const char *nl;
    if (split_plain(p, end, rec, &nl)) {
      rec->plain = 1;
      rec->line = r->line++;
      r->pos = (size_t)(nl + 1 - b);
      return 1;
    }
  }
  for (;;) {
    const char *fs, *fe;
    if (p < end && *p == '"') {
      const char *q = p + 1;
      quoted = 1;
      fs = q;
      for (;;) {
        q = memchr(q, '"', (size_t)(end - q));
        if (q == NULL) {
          if (!eof) return 2;
          rec->error = REPORT_CSV_UNTERMINATED;
          q = end;
          break;
        }
        if (q + 1 == end && !eof) return 2; /* a doubled quote or the end? */
        if (q + 1 < end && q[1] == '"') {
          if (nf < 32) escaped |= (uint32_t)1 << nf;
          q += 2;
          continue;
        }
        break;
      }
      fe = q;
      p = (q < end) ? q + 1 : end;
      if (p < end && *p != ',' && *p != '\n') {
        if (*p == '\r' && p + 1 == end && !eof) return 2;
        if (!(*p == '\r' && (p + 1 == end || p[1] == '\n'))) {
          /* Junk after the closing quote: the record ends at this line. */
          const char *nl = memchr(p, '\n', (size_t)(end - p));
          if (nl == NULL && !eof) return 2;
          rec->error = REPORT_CSV_BAD_QUOTE;
          p = nl ? nl : end;
        } else {
          p++; /* the CR of a CRLF */
        }
      }
    } else {
      fs = p;
      while (p < end && *p != ',' && *p != '\n') p++;
      if (p == end && !eof) return 2;
      fe = p;
      if ((p == end || *p == '\n') && fe > fs && fe[-1] == '\r') fe--;
    }
    if (nf < REPORT_CSV_MAX_FIELDS) {
      rec->f[nf].p = fs;
      rec->f[nf].len = (size_t)(fe - fs);
    }
    nf++;
    if (p < end && *p == ',') {
      p++;
      if (p == end && !eof) return 2;
      continue;
    }
    break; /* at '\n' or at the end of input */
  }

  /* The record is complete: commit. */
  rec->nfields = nf;
  rec->line = r->line;
  if (quoted) {
    const char *s;
    for (s = start; s < p; s++) r->line += (*s == '\n');
  }
  r->line++;
  r->pos = (size_t)((p < end) ? p + 1 - b : end - b);
  if (escaped) {
    for (i = 0; i < nf && i < REPORT_CSV_MAX_FIELDS && i < 32; i++) {
      if (escaped & ((uint32_t)1 << i)) {
        rec->f[i].len = unescape((char *)(uintptr_t)rec->f[i].p, rec->f[i].len);
      }
    }
  }
  return 1;
}

int report_csv_next(report_csv *r, report_record *rec) {
  for (;;) {
    int rc;
    if (r->pos < r->len || r->eof) {
      rc = scan(r, rec);
      if (rc != 2) return rc;
      if (r->eof) return 0; /* not reached: scan decides at end of input */
    }
    if (fill(r) != 0) return -1;
  }
}

int report_csv_next_many(report_csv *r, report_record *recs, int max) {
  int n, rc = report_csv_next(r, &recs[0]);
  if (rc != 1) return rc;
  /* scan() moves nothing that a record points into (only fill() does) */
  for (n = 1; n < max && r->pos < r->len; n++)
    if (scan(r, &recs[n]) != 1) break;
  return n;
}
