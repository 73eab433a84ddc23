/*
 * report_state.c - ccm-report --save and --load (layout: report_state.h).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Contacts, customers and event ids get their keys from report_strtab in
 * the order they are first seen (1, 2, ...): writing the strings in key
 * order and adding them back in that order on load gives every string its
 * old key, so the restored engine's contacts are found again.
 */
#include "report_state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_alloc.h"

#define PROG "ccm-report"

static const char MAGIC[8] = {'C', 'C', 'M', 'R', 'P', 'T', '0', '1'};

#define FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)

static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) h = (h ^ p[i]) * FNV_PRIME;
  return h;
}

int report_strtab_each(const report_strtab *t, int (*fn)(const char *s, size_t len, void *user), void *user) {
  size_t off = 0, k;
  /* the arena holds, per string in key order and 8-aligned: key (8
   * bytes), length (1 byte), bytes (report_strtab.h) */
  for (k = 0; k < t->count; k++) {
    size_t len = (unsigned char)t->arena[off + 8];
    int rc = fn(t->arena + off + 9, len, user);
    if (rc != 0) return rc;
    off += (9 + len + 7) & ~(size_t)7;
  }
  return 0;
}

/* ---- writing ----------------------------------------------------------- */

typedef struct writer {
  FILE *f;
  uint64_t hash;
  uint64_t bytes;
  int failed;
} writer;

static void put(writer *w, const void *p, size_t n) {
  w->hash = fnv(w->hash, p, n);
  w->bytes += n;
  if (!w->failed && fwrite(p, 1, n, w->f) != n) w->failed = 1;
}

static void put_u64(writer *w, uint64_t v) {
  unsigned char b[8];
  int i;
  for (i = 0; i < 8; i++) b[i] = (unsigned char)(v >> (8 * i));
  put(w, b, 8);
}

static int32_t put_snapshot(const void *data, size_t len, void *user) {
  writer *w = user;
  put(w, data, len);
  return w->failed ? -1 : 0;
}

static int put_string(const char *s, size_t len, void *user) {
  unsigned char n = (unsigned char)len;
  put(user, &n, 1);
  put(user, s, len);
  return 0;
}

static void put_table(writer *w, const report_strtab *t) {
  put_u64(w, t->count);
  report_strtab_each(t, put_string, w);
}

int report_state_save(const char *path, const ccm_engine *e, const report_ingest *g, int any_accepted,
                      int64_t max_ts) {
  writer w;
  uint64_t size = 0, k;
  size_t plen = strlen(path);
  char *tmp = malloc(plen + 5);
  unsigned char byte = 0;
  int32_t rc;
  if (tmp == NULL) {
    fprintf(stderr, PROG ": --save %s: out of memory\n", path);
    return -1;
  }
  memcpy(tmp, path, plen);
  memcpy(tmp + plen, ".tmp", 5);
  memset(&w, 0, sizeof(w));
  w.hash = FNV_OFFSET;
  w.f = fopen(tmp, "wb");
  if (w.f == NULL) {
    fprintf(stderr, PROG ": --save %s: %s\n", tmp, strerror(errno));
    free(tmp);
    return -1;
  }
  put(&w, MAGIC, sizeof(MAGIC));
  rc = ccm_engine_snapshot_size(e, &size);
  put_u64(&w, size);
  if (rc == CCM_OK) rc = ccm_engine_snapshot(e, put_snapshot, &w);
  if (rc == CCM_OK && w.bytes != 16 + size) rc = CCM_E_IO; /* the size it announced, exactly */
  if (rc != CCM_OK && !w.failed) {
    fprintf(stderr, PROG ": --save %s: engine snapshot: %s (%s)\n", path, ccm_strerror(rc), ccm_error_name(rc));
    fclose(w.f);
    remove(tmp);
    free(tmp);
    return -1;
  }
  byte = any_accepted != 0;
  put(&w, &byte, 1);
  put_u64(&w, (uint64_t)max_ts);
  put_table(&w, &g->contacts);
  put_table(&w, &g->customers);
  put_table(&w, &g->ids);
  byte = 0;
  for (k = 1; k <= g->ids.count; k++) {
    if (k < g->id_accepted_cap && g->id_accepted[k]) byte |= (unsigned char)(1u << ((k - 1) % 8));
    if (k % 8 == 0 || k == g->ids.count) {
      put(&w, &byte, 1);
      byte = 0;
    }
  }
  put_u64(&w, w.hash);
  if (fflush(w.f) != 0 || ferror(w.f)) w.failed = 1;
  if (fclose(w.f) != 0) w.failed = 1;
  if (w.failed || rename(tmp, path) != 0) {
    fprintf(stderr, PROG ": --save %s: %s\n", path, strerror(errno));
    remove(tmp);
    free(tmp);
    return -1;
  }
  free(tmp);
  return 0;
}

/* ---- reading ----------------------------------------------------------- */

typedef struct reader {
  const unsigned char *p;
  size_t len, pos;
  int bad; /* ran past the end */
} reader;

static const unsigned char *take(reader *r, uint64_t n) {
  const unsigned char *p;
  if (r->bad || n > r->len - r->pos) {
    r->bad = 1;
    return NULL;
  }
  p = r->p + r->pos;
  r->pos += (size_t)n;
  return p;
}

static uint64_t take_u64(reader *r) {
  const unsigned char *b = take(r, 8);
  uint64_t v = 0;
  int i;
  if (b == NULL) return 0;
  for (i = 7; i >= 0; i--) v = v << 8 | b[i];
  return v;
}

/* One table: the strings must be distinct, non-empty, and get keys 1, 2, ...
 * in order.  0, or -1 when corrupt (-2: out of memory). */
static int take_table(reader *r, report_strtab *t) {
  uint64_t n = take_u64(r), k;
  if (r->bad || n > r->len - r->pos) return -1; /* at least a byte each */
  for (k = 1; k <= n; k++) {
    const unsigned char *len = take(r, 1), *s;
    uint64_t key;
    if (len == NULL || *len == 0 || (s = take(r, *len)) == NULL) return -1;
    if (report_strtab_find(t, (const char *)s, *len) != 0) return -1;
    key = report_strtab_key(t, (const char *)s, *len);
    if (key == 0) return -2;
    if (key != k) return -1;
  }
  return 0;
}

/* The whole file in memory.  NULL after a message. */
static unsigned char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  unsigned char *buf = NULL;
  size_t cap = 0, n = 0;
  if (f == NULL) {
    fprintf(stderr, PROG ": --load %s: %s\n", path, strerror(errno));
    return NULL;
  }
  for (;;) {
    size_t got;
    if (n == cap) {
      size_t ncap = cap ? cap * 2 : 65536;
      unsigned char *nb = realloc(buf, ncap);
      if (nb == NULL) {
        fprintf(stderr, PROG ": --load %s: out of memory\n", path);
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = nb;
      cap = ncap;
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  if (ferror(f)) {
    fprintf(stderr, PROG ": --load %s: read error: %s\n", path, strerror(errno));
    free(buf);
    fclose(f);
    return NULL;
  }
  fclose(f);
  *len = n;
  return buf;
}

static int corrupt(const char *path, const char *why) {
  fprintf(stderr, PROG ": --load %s: corrupt state file (%s)\n", path, why);
  return -1;
}

/* Everything after the engine snapshot. */
static int load_tables(const char *path, reader *r, report_state *st) {
  const unsigned char *any = take(r, 1), *flags;
  uint64_t k, cap;
  int rc;
  st->max_ts = (int64_t)take_u64(r);
  if (r->bad || *any > 1) return corrupt(path, "bad header");
  st->any_accepted = *any;
  if ((rc = take_table(r, &st->contacts)) == 0 && (rc = take_table(r, &st->customers)) == 0)
    rc = take_table(r, &st->ids);
  if (rc == -2) {
    fprintf(stderr, PROG ": --load %s: out of memory\n", path);
    return -1;
  }
  if (rc != 0) return corrupt(path, "bad string table");
  flags = take(r, (st->ids.count + 7) / 8);
  if (flags == NULL || r->pos != r->len) return corrupt(path, "bad length");
  for (cap = 4096; cap <= st->ids.count; cap *= 2) {
  }
  st->id_accepted = calloc((size_t)cap, 1);
  if (st->id_accepted == NULL) {
    fprintf(stderr, PROG ": --load %s: out of memory\n", path);
    return -1;
  }
  st->id_accepted_cap = (size_t)cap;
  for (k = 1; k <= st->ids.count; k++) st->id_accepted[k] = (flags[(k - 1) / 8] >> ((k - 1) % 8)) & 1u;
  return 0;
}

int report_state_load(const char *path, const ccm_config *cfg, ccm_engine **e, report_state *st) {
  size_t len = 0;
  unsigned char *buf;
  reader r;
  uint64_t elen, stored = 0;
  int32_t rc;
  int i;
  *e = NULL;
  memset(st, 0, sizeof(*st));
  buf = slurp(path, &len);
  if (buf == NULL) return -1;
  if (len < sizeof(MAGIC) || memcmp(buf, MAGIC, sizeof(MAGIC)) != 0) {
    fprintf(stderr, PROG ": --load %s: not a state file written by ccm-report --save\n", path);
    free(buf);
    return -1;
  }
  if (len < sizeof(MAGIC) + 16) {
    free(buf);
    return corrupt(path, "truncated");
  }
  for (i = 7; i >= 0; i--) stored = stored << 8 | buf[len - 8 + (size_t)i];
  if (fnv(FNV_OFFSET, buf, len - 8) != stored) {
    free(buf);
    return corrupt(path, "checksum mismatch");
  }
  r.p = buf;
  r.len = len - 8;
  r.pos = sizeof(MAGIC);
  r.bad = 0;
  elen = take_u64(&r);
  if (elen > r.len - r.pos) {
    free(buf);
    return corrupt(path, "truncated engine snapshot");
  }
  rc = ccm_engine_restore(buf + r.pos, (size_t)elen, cfg, report_allocator(), e);
  if (rc != CCM_OK) {
    fprintf(stderr, PROG ": --load %s: engine snapshot refused: %s (%s)\n", path, ccm_strerror(rc),
            ccm_error_name(rc));
    free(buf);
    return -1;
  }
  r.pos += (size_t)elen;
  if (report_strtab_init(&st->contacts) != 0 || report_strtab_init(&st->customers) != 0 ||
      report_strtab_init(&st->ids) != 0) {
    fprintf(stderr, PROG ": --load %s: out of memory\n", path);
    rc = -1;
  } else {
    rc = load_tables(path, &r, st);
  }
  free(buf);
  if (rc != 0) {
    ccm_engine_free(*e);
    *e = NULL;
    report_state_free(st);
    return -1;
  }
  return 0;
}

void report_state_adopt(report_state *st, report_ingest *g) {
  report_strtab_free(&g->contacts);
  report_strtab_free(&g->customers);
  report_strtab_free(&g->ids);
  free(g->id_accepted);
  g->contacts = st->contacts;
  g->customers = st->customers;
  g->ids = st->ids;
  g->id_accepted = st->id_accepted;
  g->id_accepted_cap = st->id_accepted_cap;
  memset(&st->contacts, 0, sizeof(st->contacts));
  memset(&st->customers, 0, sizeof(st->customers));
  memset(&st->ids, 0, sizeof(st->ids));
  st->id_accepted = NULL;
  st->id_accepted_cap = 0;
}

void report_state_free(report_state *st) {
  report_strtab_free(&st->contacts);
  report_strtab_free(&st->customers);
  report_strtab_free(&st->ids);
  free(st->id_accepted);
  st->id_accepted = NULL;
  st->id_accepted_cap = 0;
}
