/*
 * fuzz_invariants.h - properties of an engine that hold whatever events it
 * was given, checked through the public API only.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef CCM_FUZZ_INVARIANTS_H
#define CCM_FUZZ_INVARIANTS_H

#include <stdint.h>

#include "ccmetrics.h"

/* What may be asserted of a view (fuzz_check_view's @p what). */
#define FUZZ_VIEW_LEVELS 1u   /* registered before any event: its gauges never go below 0 */
#define FUZZ_VIEW_SKETCHES 2u /* created with CCM_VIEW_SKETCHES: quantiles are checked */
#define FUZZ_VIEW_TOTAL 4u    /* the company total for all time (no dimension, no grain) */
#define FUZZ_VIEW_NO_LEVELS 8u /* of an engine made with CCM_CFG_LEVELS 0: every level field and every metric reading one undefined */

/*
 * Check every cell of a view, aborting on the first broken invariant:
 * - counts are >= 0 (money excepted), timers are consistent (0 <= min <=
 *   max, count x min <= sum <= count x max, all 0 when empty), a level's end
 *   is its start plus its change;
 * - measures credited together keep their order (answered_in_sl <=
 *   answered, csat_satisfied <= csat_responses, wait_answered.count ==
 *   answered, logged-in time == the sum of the state times ...);
 * - every metric returns OK (finite), UNDEFINED (value 0) or UNSUPPORTED,
 *   and shares, averages of scales and scores are within their range;
 * - with FUZZ_VIEW_LEVELS, gauges (in queue, open contacts, awaiting reply,
 *   agents per state) are >= 0 at the start and end of every bucket;
 * - with FUZZ_VIEW_SKETCHES, quantiles are within [min, max] (exactly min
 *   and max at q = 0 and 1);
 * - with FUZZ_VIEW_NO_LEVELS, every field of every level measure and every
 *   metric that reads a level (ccm_metric_uses_levels) is CCM_UNDEFINED
 *   with the value 0;
 * - with FUZZ_VIEW_TOTAL, what must hold across buckets: answered +
 *   abandoned + flow_out <= offered, handled and transfers <= agent
 *   contacts, abandon rate and the offered service level within [0, 100].
 * Returns an order-independent hash of the view's keys and fields.
 */
uint64_t fuzz_check_view(const ccm_view *v, unsigned what);

/* Check a measure set from ccm_rollup() (timers, ratios; @p what:
 * FUZZ_VIEW_SKETCHES checks the sketches, FUZZ_VIEW_NO_LEVELS as above). */
void fuzz_check_measures(const ccm_measures *m, unsigned what);

/* One diagnostic counter (aborts when it cannot be read). */
int64_t fuzz_stat(const ccm_engine *e, int32_t stat);

/* Diagnostic counters: every stat readable and >= 0, the rejected counts by
 * code add up to CCM_STAT_REJECTED. */
void fuzz_check_stats(const ccm_engine *e);

/* Every count and timer field of the whole of @p v (a rollup over all its
 * cells) equals the one cell of @p total: views without a multi-valued
 * dimension, registered at the same time, see the same contributions.
 * (Whether @p e keeps levels is read from its configuration.) */
void fuzz_check_same_totals(ccm_engine *e, const ccm_view *v, const ccm_view *total);

/* One field of the company total (FUZZ_VIEW_TOTAL view), by measure name. */
int64_t fuzz_total_field(const ccm_view *total, const char *measure, int32_t field);

#endif
