/*
 * report_idcache.c - ids of short dimension values by their text (see
 * report_idcache.h).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include "report_idcache.h"

#include <stdlib.h>

/* Slots of a new table: 64, so a run with a handful of skills or channels
 * keeps 1.5 KiB per column. */
#define FIRST_BITS 6u

static void place(struct report_idcache_slot *slot, unsigned bits, const struct report_idcache_slot *v) {
  size_t mask = ((size_t)1 << bits) - 1, i;
  for (i = report_words_slot(v->w0, v->w1, v->len, bits); slot[i].id != 0; i = (i + 1) & mask) {
  }
  slot[i] = *v;
}

/* Twice the slots (or the first ones), every value placed again. */
static int grow(report_idcache *c) {
  unsigned bits = c->slot == NULL ? FIRST_BITS : c->bits + 1;
  size_t n = (size_t)1 << bits, old = c->slot == NULL ? 0 : (size_t)1 << c->bits, i;
  struct report_idcache_slot *slot = calloc(n, sizeof *slot);
  if (slot == NULL) return -1;
  for (i = 0; i < old; i++)
    if (c->slot[i].id != 0) place(slot, bits, &c->slot[i]);
  free(c->slot);
  c->slot = slot;
  c->bits = bits;
  return 0;
}

int report_idcache_put(report_idcache *c, uint64_t w0, uint64_t w1, size_t len, uint32_t id) {
  struct report_idcache_slot v;
  if (id == 0 || len == 0 || len > REPORT_IDCACHE_LEN || c->used >= REPORT_IDCACHE_MAX) return -1;
  /* at most half full: probes stay short */
  if (c->slot == NULL || (c->used + 1) * 2 > (size_t)1 << c->bits) {
    if (grow(c) != 0) return -1;
  }
  v.w0 = w0;
  v.w1 = w1;
  v.len = (uint32_t)len;
  v.id = id;
  place(c->slot, c->bits, &v);
  c->used++;
  return 0;
}

void report_idcache_free(report_idcache *c) {
  free(c->slot);
  c->slot = NULL;
  c->bits = 0;
  c->used = 0;
}
