/*
 * report_idcache.h - the engine ids of short dimension values ccm-report
 * has already interned, by their text.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Every line names up to a dozen dimension values (channel, skill, agent,
 * ...), nearly all seen before, and ccm_intern() costs a hash and a byte
 * comparison in the engine's dictionary.  A value of up to 16 bytes is
 * told from any other by its two words and its length (report_words), so
 * this table keeps them and answers in one or two probes.  It grows with
 * the values (linear probing, at most half full) up to REPORT_IDCACHE_MAX
 * of them; past that, and when out of memory, a value is simply not kept
 * and the caller asks the engine.  A direct-mapped cache of 64 slots, its
 * predecessor, missed on a third of the agents of a 320-agent run.
 */
#ifndef REPORT_IDCACHE_H
#define REPORT_IDCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "report_strtab.h" /* report_words, report_words_slot */

/** Values a cache keeps at most (then 2 x that many slots, 24 bytes each). */
#define REPORT_IDCACHE_MAX 16384u

/** Longest value kept: the two words tell it from any other. */
#define REPORT_IDCACHE_LEN 16u

/** The table.  All-zero is an empty cache. */
typedef struct report_idcache {
  struct report_idcache_slot {
    uint64_t w0, w1;
    uint32_t len, id; /* id 0: empty slot */
  } *slot;            /* 1 << bits slots, NULL until the first value */
  unsigned bits;
  size_t used;
} report_idcache;

/** The id kept for the value of words @p w0, @p w1 and @p len (1..16, from
 * report_words), or 0 when it is not kept. */
static inline uint32_t report_idcache_find(const report_idcache *c, uint64_t w0, uint64_t w1, size_t len) {
  size_t i, mask;
  if (c->slot == NULL) return 0;
  mask = ((size_t)1 << c->bits) - 1;
  for (i = report_words_slot(w0, w1, len, c->bits);; i = (i + 1) & mask) {
    const struct report_idcache_slot *s = &c->slot[i];
    if (s->id == 0) return 0;
    if (s->w0 == w0 && s->w1 == w1 && s->len == len) return s->id;
  }
}

/** Keep @p id (>= 1) for a value that report_idcache_find() did not find.
 * Returns 0, or -1 when it was not kept (the cache is full, or out of
 * memory); the cache stays as it was then. */
int report_idcache_put(report_idcache *c, uint64_t w0, uint64_t w1, size_t len, uint32_t id);

/** Free the table (it is empty again). */
void report_idcache_free(report_idcache *c);

#endif
