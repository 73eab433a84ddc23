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
#include "report_strtab.h" /* report_words */

/* The hash of report_words() (the table's index bits: 128 slots). */
static size_t home(uint64_t head, uint64_t tail, size_t len) { return report_words_slot(head, tail, len, 7); }
_Static_assert(REPORT_EVTYPE_SLOTS == 1 << 7, "home() takes 7 bits");

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
    report_words(name, len, &head, &tail);
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
  report_words(s, len, &head, &tail);
  for (i = home(head, tail, len); t->slot[i].name != NULL; i = (i + 1) & (REPORT_EVTYPE_SLOTS - 1)) {
    const struct report_evtype_slot *slot = &t->slot[i];
    /* up to 16 bytes the two words are the whole name */
    if (slot->len == len && slot->head == head && slot->tail == tail &&
        (len <= 16 || memcmp(slot->name + 8, s + 8, len - 16) == 0))
      return slot->type;
  }
  return 0;
}
