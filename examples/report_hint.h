/*
 * report_hint.h - what ccm-report's router works out of a record and hands
 * on with it (report_shards.c), for the bridge (report_ingest.c).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef REPORT_HINT_H
#define REPORT_HINT_H

#include <stdint.h>

/** What a caller already worked out of a record, so that the bridge need
 * not again.  The keys are those a bridge with direct keys makes
 * (report_strtab.h); 0 leaves a thing to the bridge. */
typedef struct report_hint {
  int32_t type;      /* report_evtypes_find() of its event field; 0: not looked up, or no event type */
  uint64_t contact;  /* its contact's direct key (report_direct_key); 0: not worked out */
  uint64_t customer; /* its customer's direct key; 0: not worked out */
} report_hint;

#endif
