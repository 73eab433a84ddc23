/*
 * report_evtype.c - event type names to library event types (see
 * report_evtype.h).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include "report_evtype.h"

#include <string.h>

#include "ccmetrics.h"

/* Two words that, with the length, tell a name of 1 ..
 * REPORT_EVTYPE_MAX_LEN bytes from any other: its first and last eight
 * bytes (overlapping below 16 bytes); below 8 bytes, its first and last
 * four, or its three bytes.  Fixed-size loads only: a copy of a variable
 * length was most of a lookup's time. */
static void words(const char *s, size_t len, uint64_t *head, uint64_t *tail) {
  if (len >= 8) {
    memcpy(head, s, 8);
    memcpy(tail, s + len - 8, 8);
  } else if (len >= 4) {
    uint32_t first, last;
    memcpy(&first, s, 4);
    memcpy(&last, s + len - 4, 4);
    *head = (uint64_t)first << 32 | last;
    *tail = 0;
  } else {
    *head = (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[len / 2] << 8 | (unsigned char)s[len - 1];
    *tail = 0;
  }
}

static size_t home(uint64_t head, uint64_t tail, size_t len) {
  uint64_t h = (head * UINT64_C(0x9e3779b97f4a7c15)) ^ (tail * UINT64_C(0xc2b2ae3d27d4eb4f)) ^ len;
  h ^= h >> 29;
  h *= UINT64_C(0xbf58476d1ce4e5b9);
  return (size_t)(h >> 57) & (REPORT_EVTYPE_SLOTS - 1);
}

void report_evtypes_init(report_evtypes *t) {
  int32_t type;
  memset(t, 0, sizeof(*t));
  for (type = 1; type < CCM_EV_COUNT; type++) {
    const char *name = ccm_event_name(type);
    struct report_evtype_slot *slot;
    uint64_t head, tail;
    size_t len, i;
    if (name == NULL) continue;
    len = strlen(name);
    if (len == 0 || len > REPORT_EVTYPE_MAX_LEN) continue; /* not reached: the library's names are short */
    words(name, len, &head, &tail);
    for (i = home(head, tail, len); t->slot[i].name != NULL; i = (i + 1) & (REPORT_EVTYPE_SLOTS - 1)) {
    }
    slot = &t->slot[i];
    slot->head = head;
    slot->tail = tail;
    slot->name = name;
    slot->len = (uint32_t)len;
    slot->type = type;
  }
}

int32_t report_evtypes_find(const report_evtypes *t, const char *s, size_t len) {
  uint64_t head, tail;
  size_t i;
  if (len == 0 || len > REPORT_EVTYPE_MAX_LEN) return 0;
  words(s, len, &head, &tail);
  for (i = home(head, tail, len); t->slot[i].name != NULL; i = (i + 1) & (REPORT_EVTYPE_SLOTS - 1)) {
    const struct report_evtype_slot *slot = &t->slot[i];
    /* up to 16 bytes the two words are the whole name */
    if (slot->len == len && slot->head == head && slot->tail == tail &&
        (len <= 16 || memcmp(slot->name + 8, s + 8, len - 16) == 0))
      return slot->type;
  }
  return 0;
}
