/*
 * sketch.h - the quantile sketch (sketch.c): DDSketch-style log buckets with
 * 1 % relative accuracy on values, fully mergeable.
 *
 * Values are durations in ms (int64 >= 0).  0 has its own count; a value
 * v >= 1 goes to bucket i = ceil(log(v) / log(gamma)), gamma = 1.02, which
 * holds (gamma^(i-1), gamma^i]; the bucket's representative value
 * 2 gamma^i / (gamma + 1) is within 1 % of every value in it.  Values above
 * CCM_SKETCH_MAX_VALUE share the last bucket.
 *
 * Storage: a sketch is a head node (zero count, total count, page table) in
 * a store's head pool; bucket counts live in pages of CCM_SKETCH_PAGE_BUCKETS
 * 16-bit counters in the store's page pool, allocated when a value first
 * falls in them, and a page whose counter would pass 65535 gets a "wide"
 * page of high 32-bit halves.  Values from 1 ms to 30 days span about 1100
 * buckets = 18 pages: under 2.5 KB per sketch.
 *
 * Inserting never allocates: the caller reserves room first
 * (ccm_sketch_reserve), so an event that updates sketches cannot fail half
 * way.  Merging into a store and queries over a sketch are separate calls.
 */
#ifndef CCM_SKETCH_H
#define CCM_SKETCH_H

#include <stdbool.h>
#include <stdint.h>

#include "mem.h"
#include "pool.h"

#define CCM_SKETCH_GAMMA 1.02
#define CCM_SKETCH_MAX_VALUE (INT64_C(1) << 48) /* larger values share the last bucket */
#define CCM_SKETCH_PAGE_BUCKETS 62
#define CCM_SKETCH_PAGES 28 /* pages for buckets 0 .. index(CCM_SKETCH_MAX_VALUE) */

typedef struct ccm_sketch_head {
  uint32_t next; /* first word: the pool's free chain */
  uint32_t page[CCM_SKETCH_PAGES]; /* page refs, 0 = no value in that page yet */
  uint64_t zero;  /* values equal to 0 */
  uint64_t count; /* all values */
} ccm_sketch_head;

typedef struct ccm_sketch_page {
  uint32_t wide; /* first word (free chain); ref of the high halves, 0 = none */
  uint16_t low[CCM_SKETCH_PAGE_BUCKETS];
} ccm_sketch_page;

typedef struct ccm_sketch_wide {
  uint32_t next; /* first word: the pool's free chain */
  uint32_t high[CCM_SKETCH_PAGE_BUCKETS];
} ccm_sketch_wide;

/* Heads, pages and wide pages of many sketches (a view's, or a query's). */
typedef struct ccm_sketch_store {
  ccm_pool heads, pages, wides;
} ccm_sketch_store;

void ccm_sketch_store_init(ccm_sketch_store *st);
void ccm_sketch_store_free(ccm_sketch_store *st, ccm_mem *m);
/* Forget every sketch but keep the memory (ccm_measures_clear). */
void ccm_sketch_store_clear(ccm_sketch_store *st);

/* Bucket of a value (v <= 0: -1, the zero count) and a bucket's
 * representative value. */
int32_t ccm_sketch_index(int64_t v);
double ccm_sketch_value(int32_t index);

/* Room for `inserts` calls of ccm_sketch_insert (each may take one head,
 * one page and one wide page): CCM_OK, CCM_E_NOMEM or CCM_E_LIMIT. */
int32_t ccm_sketch_reserve(ccm_sketch_store *st, ccm_mem *m, uint32_t inserts);
/* Add one value to the sketch *ref (0 = none yet: a head is taken and *ref
 * set).  Needs room reserved; cannot fail.  Negative values count as 0. */
void ccm_sketch_insert(ccm_sketch_store *st, uint32_t *ref, int64_t v);

/* Add sketch src_ref of src into sketch *dst_ref of dst (stores may be the
 * same; src_ref 0 adds nothing).  May allocate: CCM_OK or CCM_E_NOMEM, and
 * on failure dst's sketch is unchanged. */
int32_t ccm_sketch_merge(ccm_sketch_store *dst, ccm_mem *m, uint32_t *dst_ref, const ccm_sketch_store *src,
                         uint32_t src_ref);

/* Nodes ccm_sketch_merge() takes to add sketch src_ref of src into sketch
 * dst_ref of dst (0: none yet), added to the counters: callers that merge
 * many sketches reserve them all first. */
void ccm_sketch_merge_need(const ccm_sketch_store *dst, uint32_t dst_ref, const ccm_sketch_store *src,
                           uint32_t src_ref, uint64_t *heads, uint64_t *pages, uint64_t *wides);

/* Values held (0 for ref 0). */
uint64_t ccm_sketch_count(const ccm_sketch_store *st, uint32_t ref);
/* The lower q-quantile: the representative value of the bucket holding the
 * value of rank floor(q * (count - 1)) in sorted order (0 for the zero
 * count).  false when the sketch is empty. */
bool ccm_sketch_quantile(const ccm_sketch_store *st, uint32_t ref, double q, double *value);
/* Values whose bucket's representative value is <= threshold (all of the
 * zero count when threshold >= 0). */
uint64_t ccm_sketch_count_at_or_under(const ccm_sketch_store *st, uint32_t ref, int64_t threshold);
/* Bytes a sketch holds (head, pages, wide pages), for memory accounting. */
size_t ccm_sketch_bytes(const ccm_sketch_store *st, uint32_t ref);

#endif
