/*
 * report_state.h - ccm-report --save and --load: the state a later run on
 * the rest of the stream goes on from.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * The engine's own snapshot (ccm_engine_snapshot) holds the metrics state;
 * the report adds what it keeps itself: the contact, customer and event-id
 * strings in the order they were given their 64-bit keys (the engine knows
 * contacts only by those keys), which event ids were accepted, and the
 * latest accepted event's time (the default --as-of).
 *
 * File layout, integers little-endian:
 *   "CCMRPT01"                                  8 bytes
 *   u64 engine snapshot length, then its bytes
 *   u8 any accepted event, i64 latest accepted event time
 *   3 tables (contacts, customers, event ids): u64 count, then per string
 *     u8 length and the bytes, in key order
 *   the accepted flags of the event ids: ceil(count / 8) bytes, bit k of
 *     byte k / 8 for key k + 1
 *   u64 FNV-1a hash of every byte before it
 */
#ifndef REPORT_STATE_H
#define REPORT_STATE_H

#include <stdint.h>

#include "ccmetrics.h"
#include "report_ingest.h"
#include "report_strtab.h"

/** What a state file gives back besides the engine. */
typedef struct report_state {
  int any_accepted; /* an event was accepted before */
  int64_t max_ts;   /* the latest accepted event's time (when any_accepted) */
  report_strtab contacts, customers, ids;
  unsigned char *id_accepted; /* by id key, as report_ingest keeps it */
  size_t id_accepted_cap;
} report_state;

/**
 * Write the state of @p e and @p g to @p path (through a temporary file
 * renamed at the end, so an existing file is replaced whole or not at all).
 * Returns 0, or -1 after a message on stderr.
 */
int report_state_save(const char *path, const ccm_engine *e, const report_ingest *g, int any_accepted,
                      int64_t max_ts);

/**
 * Read a state file: a new engine in @p e (with @p cfg's host offset
 * function, if any) and the report's tables in @p st.
 * Returns 0, or -1 after a message on stderr (unreadable, not a state file,
 * corrupt, or refused by ccm_engine_restore).
 */
int report_state_load(const char *path, const ccm_config *cfg, ccm_engine **e, report_state *st);

/** Hand the tables over to a bridge made by report_ingest_init(). */
void report_state_adopt(report_state *st, report_ingest *g);

/** Free what report_state_load() allocated and was not adopted. */
void report_state_free(report_state *st);

/**
 * Call @p fn with every string of @p t, in key order.  Returns 0, or the
 * first nonzero value @p fn returns.
 */
int report_strtab_each(const report_strtab *t, int (*fn)(const char *s, size_t len, void *user), void *user);

#endif
