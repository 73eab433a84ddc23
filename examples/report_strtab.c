/*
 * report_strtab.c - string to 64-bit key table of ccm-report.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include "report_strtab.h"

#include <stdlib.h>
#include <string.h>

#define INITIAL_SLOTS 1024u
#define INITIAL_ARENA 65536u
#define ENTRY_HEAD 9u /* key (8 bytes) and length (1 byte) */

/* Multiplicative mixing over 8-byte words (unaligned loads through memcpy,
 * which compilers turn into single moves), finished with a 64-bit avalanche.
 * Keys are short identifiers such as "c1234567", so a word-at-a-time loop
 * beats a byte-at-a-time hash by a wide margin. */
static uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= UINT64_C(0xff51afd7ed558ccd);
  x ^= x >> 33;
  x *= UINT64_C(0xc4ceb9fe1a85ec53);
  x ^= x >> 33;
  return x;
}

uint64_t report_hash(const char *s, size_t len) {
  uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)len;
  while (len >= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = (h ^ w) * UINT64_C(0x100000001b3);
    h ^= h >> 29;
    s += 8;
    len -= 8;
  }
  if (len > 0) {
    uint64_t w = 0;
    memcpy(&w, s, len);
    h = (h ^ w) * UINT64_C(0x100000001b3);
  }
  return mix64(h);
}

int report_strtab_init(report_strtab *t) {
  memset(t, 0, sizeof(*t));
  t->slots = calloc(INITIAL_SLOTS, sizeof(report_slot));
  t->recent = calloc(REPORT_RECENT_SLOTS, sizeof(report_slot));
  t->arena = malloc(INITIAL_ARENA);
  if (t->slots == NULL || t->recent == NULL || t->arena == NULL) {
    report_strtab_free(t);
    return -1;
  }
  t->mask = INITIAL_SLOTS - 1;
  t->arena_cap = INITIAL_ARENA;
  return 0;
}

void report_strtab_free(report_strtab *t) {
  free(t->slots);
  free(t->recent);
  free(t->arena);
  memset(t, 0, sizeof(*t));
}

#define RECENT_INDEX(h) ((size_t)((h) >> 12) & (REPORT_RECENT_SLOTS - 1))
#define TAG(h) ((uint32_t)((h) >> 32))

/* The key of the entry at ref when it holds exactly s, else 0. */
static uint64_t entry_key(const report_strtab *t, uint32_t ref, const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)t->arena + (size_t)(ref - 1) * 8;
  uint64_t key;
  if (p[8] != len || memcmp(p + ENTRY_HEAD, s, len) != 0) return 0;
  memcpy(&key, p, 8);
  return key;
}

/* Home slot of an entry (its full hash is recomputed: growth is rare). */
static size_t home_of(const report_strtab *t, uint32_t ref, size_t mask) {
  const char *p = t->arena + (size_t)(ref - 1) * 8;
  return (size_t)report_hash(p + ENTRY_HEAD, (unsigned char)p[8]) & mask;
}

static int grow_slots(report_strtab *t) {
  size_t ncap = (t->mask + 1) * 2;
  report_slot *ns = calloc(ncap, sizeof(report_slot));
  size_t i;
  if (ns == NULL) return -1;
  for (i = 0; i <= t->mask; i++) {
    report_slot sl = t->slots[i];
    size_t j;
    if (sl.ref == 0) continue;
    j = home_of(t, sl.ref, ncap - 1);
    while (ns[j].ref != 0) j = (j + 1) & (ncap - 1);
    ns[j] = sl;
  }
  free(t->slots);
  t->slots = ns;
  t->mask = ncap - 1;
  return 0;
}

/* Look up; on a miss, *slot_out is the empty slot where s belongs. */
static uint64_t lookup(const report_strtab *t, uint64_t h, const char *s, size_t len, size_t *slot_out) {
  report_slot *r = &t->recent[RECENT_INDEX(h)];
  const uint32_t tag = TAG(h);
  size_t i;
  if (r->ref != 0 && r->tag == tag) {
    uint64_t key = entry_key(t, r->ref, s, len);
    if (key != 0) return key;
  }
  for (i = (size_t)h & t->mask;; i = (i + 1) & t->mask) {
    const report_slot *sl = &t->slots[i];
    if (sl->ref == 0) break;
    if (sl->tag == tag) {
      uint64_t key = entry_key(t, sl->ref, s, len);
      if (key != 0) {
        *r = *sl; /* remember it: the contact's next events will come soon */
        return key;
      }
    }
  }
  if (slot_out) *slot_out = i;
  return 0;
}

/* The definition, a byte at a time (and where words are not little-endian). */
static uint64_t direct_key_bytes(const char *s, size_t len) {
  uint64_t key = REPORT_KEY_DIRECT | (uint64_t)len << 56;
  size_t i;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80) return 0;
    key |= (uint64_t)c << (7 * i);
  }
  return key;
}

/* Every id of every line goes through here (twice with --threads): the
 * bytes are read as one little-endian word (two overlapping loads, or
 * three bytes below 4), and their low seven bits are packed together by
 * halving the gaps: pairs of bytes, then pairs of pairs, then the halves. */
uint64_t report_direct_key(const char *s, size_t len) {
  uint64_t w;
  if (len == 0 || len > 8) return 0;
  if (!report_little_endian()) return direct_key_bytes(s, len);
  if (len >= 4) {
    uint32_t first, last;
    memcpy(&first, s, 4);
    memcpy(&last, s + len - 4, 4);
    w = (uint64_t)first | (uint64_t)last << (8 * (len - 4)); /* the overlap holds the same bytes */
  } else {
    w = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[len / 2] << (8 * (len / 2)) |
        (uint64_t)(unsigned char)s[len - 1] << (8 * (len - 1));
  }
  if (w & UINT64_C(0x8080808080808080)) return 0;
  w = (w & UINT64_C(0x007F007F007F007F)) | (w & UINT64_C(0x7F007F007F007F00)) >> 1;
  w = (w & UINT64_C(0x00003FFF00003FFF)) | (w & UINT64_C(0x3FFF00003FFF0000)) >> 2;
  w = (w & UINT64_C(0x000000000FFFFFFF)) | (w & UINT64_C(0x0FFFFFFF00000000)) >> 4;
  return REPORT_KEY_DIRECT | (uint64_t)len << 56 | w;
}

uint64_t report_strtab_find(const report_strtab *t, const char *s, size_t len) {
  uint64_t key = t->direct ? report_direct_key(s, len) : 0;
  return key != 0 ? key : lookup(t, report_hash(s, len), s, len, NULL);
}

uint64_t report_strtab_key(report_strtab *t, const char *s, size_t len) {
  uint64_t h, key = t->direct ? report_direct_key(s, len) : 0;
  size_t i = 0, need;
  if (key != 0) return key;
  h = report_hash(s, len);
  key = lookup(t, h, s, len, &i);
  if (key != 0) return key;
  /* New string.  Make room first, so a failure leaves the table intact. */
  need = (ENTRY_HEAD + len + 7) & ~(size_t)7;
  if (t->arena_len + need > t->arena_cap) {
    size_t ncap = t->arena_cap * 2;
    char *na;
    while (ncap < t->arena_len + need) ncap *= 2;
    if (ncap / 8 >= UINT32_MAX) return 0; /* refs are 32-bit */
    na = realloc(t->arena, ncap);
    if (na == NULL) return 0;
    t->arena = na;
    t->arena_cap = ncap;
  }
  /* Load factor at most 1/2: linear probing stays short. */
  if ((t->count + 1) * 2 > t->mask + 1) {
    if (grow_slots(t) != 0) return 0;
    i = (size_t)h & t->mask;
    while (t->slots[i].ref != 0) i = (i + 1) & t->mask;
  }
  key = (uint64_t)++t->count;
  memcpy(t->arena + t->arena_len, &key, 8);
  t->arena[t->arena_len + 8] = (char)(unsigned char)len;
  memcpy(t->arena + t->arena_len + ENTRY_HEAD, s, len);
  t->slots[i].tag = TAG(h);
  t->slots[i].ref = (uint32_t)(t->arena_len / 8 + 1);
  t->recent[RECENT_INDEX(h)] = t->slots[i];
  t->arena_len += need;
  return key;
}
