/*
 * report_strtab.h - string to 64-bit key table of ccm-report.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * The library takes contacts and customers as host-chosen 64-bit keys and
 * never interns them.  ccm-report maps each distinct CSV string to one key:
 * 1 for the first string seen, 2 for the second, ...  Open addressing with
 * linear probing over a power-of-two slot array; the bytes live in one
 * growing arena, so adding a string costs no allocation in steady state.
 *
 * With millions of contacts a probe of the big slot array is a cache miss,
 * but lookups are local in time: the events of one contact come close
 * together.  A small direct-mapped cache of recently used strings, whose
 * arena entries are recent and so still cached, answers most lookups
 * without touching the big array.
 */
#ifndef REPORT_STRTAB_H
#define REPORT_STRTAB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/** One slot, 8 bytes so that more of the table stays in cache: the high
 * half of the hash and where the string is (0 = empty slot). */
typedef struct report_slot {
  uint32_t tag; /* hash >> 32 */
  uint32_t ref; /* arena offset of the entry / 8 + 1 (entries are 8-aligned) */
} report_slot;

/** Entries of the recently-used cache (a power of two). */
#define REPORT_RECENT_SLOTS 16384u

/** Bit 63 marks a key that is its string's own encoding (see direct). */
#define REPORT_KEY_DIRECT (UINT64_C(1) << 63)

/** The table.  Zero-initialise, then report_strtab_init(). */
typedef struct report_strtab {
  /* When set, a string of 1 to 8 ASCII bytes is its own key
   * (report_direct_key) and is never stored: most ids are that short, and
   * encoding one beats a probe of a table of a million strings, a cache miss.
   * Only a table whose strings are never listed may be direct
   * (report_strtab_each lists the stored ones). */
  int direct;
  report_slot *slots;  /* capacity slots, power of two */
  size_t mask;         /* capacity - 1 */
  size_t count;        /* strings held */
  report_slot *recent; /* direct-mapped cache of the last strings looked up */
  char *arena;         /* per string, 8-aligned: key (8 bytes), length (1 byte), bytes */
  size_t arena_len;
  size_t arena_cap;
} report_strtab;

/** Prepare an empty table.  Returns 0, or -1 when out of memory. */
int report_strtab_init(report_strtab *t);

/** Free everything the table holds. */
void report_strtab_free(report_strtab *t);

/**
 * Key of a string, added when new.  @p len is 1..255.
 * Returns the key (>= 1), or 0 when out of memory (or past 32 GiB of
 * strings).
 */
uint64_t report_strtab_key(report_strtab *t, const char *s, size_t len);

/** Key of a string when it is present, else 0.  Never adds.  (In a direct
 * table every short ASCII string is present: it is its own key.) */
uint64_t report_strtab_find(const report_strtab *t, const char *s, size_t len);

/**
 * The key a direct table gives a string of 1 to 8 bytes below 0x80:
 * REPORT_KEY_DIRECT, the length in bits 56-59, 7 bits per byte below.
 * Stored strings get keys below 2^63, so the two never meet.  0 for any
 * other string.
 */
uint64_t report_direct_key(const char *s, size_t len);

/** Hash of a byte string (64-bit, well mixed). */
uint64_t report_hash(const char *s, size_t len);

/**
 * Two words of a string of @p len >= 1 bytes, from fixed-size loads: its
 * first and last eight bytes (overlapping below 16); below 8 bytes, its
 * first and last four, or its bytes.  With the length they tell a string
 * of up to 16 bytes from any other (longer ones need their middle bytes
 * compared too).  For the per-line lookups of short names.
 */
static inline void report_words(const char *s, size_t len, uint64_t *w0, uint64_t *w1) {
  if (len >= 8) {
    memcpy(w0, s, 8);
    memcpy(w1, s + len - 8, 8);
  } else if (len >= 4) {
    uint32_t first, last;
    memcpy(&first, s, 4);
    memcpy(&last, s + len - 4, 4);
    *w0 = (uint64_t)first << 32 | last;
    *w1 = 0;
  } else {
    *w0 = (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[len / 2] << 8 | (unsigned char)s[len - 1];
    *w1 = 0;
  }
}

/** Whether words are stored with their low byte first (then a word loaded
 * from a string holds its first byte lowest: the CSV reader's and the
 * direct keys' word-at-a-time paths). */
static inline int report_little_endian(void) {
  const uint16_t one = 1;
  unsigned char first;
  memcpy(&first, &one, 1);
  return first == 1;
}

/** A slot index below 2^bits for the words of report_words() and a length. */
static inline size_t report_words_slot(uint64_t w0, uint64_t w1, size_t len, unsigned bits) {
  uint64_t h = (w0 * UINT64_C(0x9e3779b97f4a7c15)) ^ (w1 * UINT64_C(0xc2b2ae3d27d4eb4f)) ^ len;
  h ^= h >> 29;
  h *= UINT64_C(0xbf58476d1ce4e5b9);
  return (size_t)(h >> (64 - bits));
}

#endif
