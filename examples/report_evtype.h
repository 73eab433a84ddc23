/*
 * report_evtype.h - event type names of the CSV to library event types,
 * for ccm-report's per-line hot path (report_ingest.c, report_shards.c).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Every record names its event type, and a stream alternates between a few
 * dozen names: a lookup hashes two words of the name (its first and last
 * eight bytes, fewer for short names: fixed-size loads, no loop) into a
 * small table built once from ccm_event_name(), and compares those words
 * and the length; only names over 16 bytes compare their middle bytes.
 */
#ifndef REPORT_EVTYPE_H
#define REPORT_EVTYPE_H

#include <stddef.h>
#include <stdint.h>

#define REPORT_EVTYPE_SLOTS 128 /* a power of two, over twice the event types */
#define REPORT_EVTYPE_MAX_LEN 32 /* longer names are no event's */

typedef struct report_evtypes {
  struct report_evtype_slot {
    uint64_t head, tail; /* the name's two words (report_words) */
    const char *name;    /* NULL: empty slot */
    uint32_t len;
    int32_t type;
  } slot[REPORT_EVTYPE_SLOTS];
} report_evtypes;

/** Fill the table with the library's event names. */
void report_evtypes_init(report_evtypes *t);

/** The event type (CCM_EV_*) named by @p s, or 0 when none is. */
int32_t report_evtypes_find(const report_evtypes *t, const char *s, size_t len);

#endif
