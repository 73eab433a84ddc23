/*
 * report_ingest.h - canonical CSV records to library events (ccm-report).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef REPORT_INGEST_H
#define REPORT_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "ccmetrics.h"
#include "report_csv.h"
#include "report_evtype.h"
#include "report_hint.h"
#include "report_idcache.h"
#include "report_strtab.h"

/* Columns of the canonical CSV (EVENTS.md). */
#define REPORT_COL_TS 0
#define REPORT_COL_EVENT 1
#define REPORT_COL_CONTACT 2
#define REPORT_COL_CHANNEL 3
#define REPORT_COL_DIRECTION 4
#define REPORT_COL_CUSTOMER 5
#define REPORT_COL_SKILL 6
#define REPORT_COL_CAMPAIGN 7
#define REPORT_COL_AGENT 8
#define REPORT_COL_TEAM 9
#define REPORT_COL_VALUE 10
#define REPORT_COL_LABEL 11
#define REPORT_COL_ID 12

/** Longest text field (EVENTS.md) and event id, in bytes. */
#define REPORT_MAX_TEXT 255
#define REPORT_MAX_ID 64

/** Ids a column has interned, to skip ccm_intern() (a hash, a probe and a
 * byte comparison in the engine's dictionary) on most lines: every value
 * of up to 16 bytes (report_idcache), and the last longer one. */
typedef struct report_cache {
  report_idcache short_ids;
  uint32_t id; /* the last longer value (0: none) */
  size_t len;
  char s[REPORT_MAX_TEXT];
} report_cache;

/** State of the reader-to-engine bridge. */
typedef struct report_ingest {
  ccm_engine *e;
  int has_id; /* the header has the 13th column */
  report_strtab contacts, customers, ids;
  unsigned char *id_accepted; /* id_accepted[key]: an event with that id was accepted */
  size_t id_accepted_cap;
  uint64_t last_contact_key;
  size_t last_contact_len;
  char last_contact[REPORT_MAX_TEXT];
  report_cache skill, campaign, agent, team, channel, direction;
  report_cache label[CCM_DICTS];
  report_evtypes events;
  uint64_t accepted, rejected, duplicates;
  int64_t max_ts; /* largest timestamp of an accepted event (when accepted > 0) */
} report_ingest;

/* report_ingest_record() results. */
#define REPORT_ACCEPTED 0
#define REPORT_REJECTED 1
#define REPORT_DUPLICATE 2
#define REPORT_FATAL (-1)

/** Prepare for an engine.  With @p direct_keys, short contact and customer
 * ids are their own keys (report_strtab.h); a run that saves or loads the
 * tables (report_state.h) needs every id stored.  0, or -1 when out of
 * memory. */
int report_ingest_init(report_ingest *g, ccm_engine *e, int has_id, int direct_keys);

/** Free the bridge's tables (not the engine). */
void report_ingest_free(report_ingest *g);

/**
 * Turn one record into an event and ingest it.
 * @param reason receives the reason of a rejection (or of a fatal error).
 * @return a REPORT_* result; counts are updated.
 */
int report_ingest_record(report_ingest *g, const report_record *rec, char *reason, size_t reason_size);

/**
 * The same, for a caller that already worked out some of the record
 * (@p hint; the bridge works out what the hint leaves 0).  The keys must
 * be those of a bridge made with direct keys.
 */
int report_ingest_record_as(report_ingest *g, const report_record *rec, const report_hint *hint, char *reason,
                            size_t reason_size);

/** Copy a field for a message: at most 64 bytes, control bytes as '?'. */
void report_printable(const char *s, size_t len, char *out, size_t out_size);

#endif
