/*
 * report_shards.h - ccm-report --threads N: the input split by contact over
 * N engines, ingested by N threads (the reader and N - 1 workers, any of
 * them taking any engine's next batch), merged into the first one before
 * printing.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Routing (what keeps the merged numbers equal to one engine's):
 * - every event of a contact goes to one shard, fixed at the contact's
 *   first contact_start record: its customer's shard (a hash of the
 *   customer) when it names one, else a hash of the contact; the hashes
 *   give shard 0, which the reader takes first when it ingests (when no
 *   empty batch is left), a smaller share than the other shards, and none
 *   from 5 threads on;
 * - so a customer's contacts meet in one engine (repeat contacts, first
 *   contact resolution);
 * - agent states and the ledger (cost, customer_*) go to shard 0, which the
 *   others are merged into, so running agent states are credited there;
 * - an event of a contact not started yet goes to the hash of the contact
 *   (the contact is unknown in every shard alike);
 * - records that are not events (bad quoting, wrong field count, unknown
 *   type) go to shard 0: every engine rejects them alike;
 * - contacts and customers of a loaded state (--load) go to shard 0, the
 *   restored engine.
 * Rejected lines are printed in line order once every batch is done.
 */
#ifndef REPORT_SHARDS_H
#define REPORT_SHARDS_H

#include <stdint.h>

#include "ccmetrics.h"
#include "report_csv.h"
#include "report_ingest.h"
#include "report_strtab.h"

/** Registers the report's views on a new engine: 0, or -1 after a message. */
typedef int (*report_views_fn)(ccm_engine *e, const void *user);

/** How to run. */
typedef struct report_shards_opts {
  int nthreads; /* 2 .. REPORT_MAX_THREADS */
  int strict;   /* stop at the first rejected line */
  int has_id;   /* the input has the id column */
  int direct_keys; /* short contact and customer ids are their own keys (report_ingest_init) */
  const ccm_config *cfg; /* configuration of the engines of shards 1 .. */
  report_views_fn add_views;
  const void *views_user;
  /* contacts and customers of a loaded state (to shard 0), or NULL; read
   * before the workers start */
  const report_strtab *pinned_contacts;
  const report_strtab *pinned_customers;
} report_shards_opts;

/** Totals over every shard, and the engines merged into the first. */
typedef struct report_shards_result {
  uint64_t accepted, rejected, duplicates;
  int64_t max_ts; /* the latest accepted event's time, when accepted > 0 */
  /* The engines of shards 1 .. after a successful run: merged into e0, but
   * their waiting contacts are their own (the longest wait). */
  ccm_engine **engines;
  int nengines;
} report_shards_result;

#define REPORT_SHARDS_OK 0         /* read to the end; e0 holds the merged engines */
#define REPORT_SHARDS_STRICT 1     /* --strict and a rejected line (printed) */
#define REPORT_SHARDS_FATAL 2      /* a fatal error (printed) */
#define REPORT_SHARDS_READ_ERROR 3 /* report_csv_next failed: the caller tells why */

/**
 * Read every record after the header from @p reader, ingest them on
 * o->nthreads engines (@p e0 with the bridge @p g0 is shard 0), print the
 * rejected lines in order, and merge the engines into @p e0.  Free @p res
 * with report_shards_free() whatever the outcome.
 */
int report_shards_run(const report_shards_opts *o, report_csv *reader, ccm_engine *e0, report_ingest *g0,
                      report_shards_result *res);

/**
 * ccm_engine_advance() to @p now of @p e0 on the calling thread and of each
 * engine of @p res on a thread of its own, at the same time: at the end of
 * a long run each engine scans its customers, and the scans need not wait
 * for each other.  (A thread that cannot be started leaves its engine to
 * the calling thread.)  Returns CCM_OK, or the first error in the order
 * e0, res->engines[0], ...
 */
int32_t report_shards_advance(ccm_engine *e0, const report_shards_result *res, int64_t now);

/** Free the engines of a result (a zeroed result is fine). */
void report_shards_free(report_shards_result *res);

#endif
