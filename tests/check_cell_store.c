/*
 * check_cell_store.c - where cells keep their measures (lib/cell_store.c),
 * white box: the group plan places every measure once, in words matching
 * its kind; the word store hands out disjoint blocks within what was
 * reserved, without allocating, reuses given-back blocks of the same
 * length, survives allocation failures, and frees everything.
 *
 * Built from the store's sources (no libccmetrics, no testutil).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cell_store.h"

/* ---- the plan ----------------------------------------------------------- */

static const uint8_t timer_kind[CCM_MS_COUNT] = {
#define X_TIMER_COUNT 0
#define X_TIMER_TIMER 1
#define X_TIMER_LEVEL 0
#define X(id, name, kind, family) X_TIMER_##kind,
    CCM_MEASURE_LIST(X)
#undef X
};

START_TEST(plan_places_every_measure_once) {
  ccm_cell_plan p;
  uint8_t seen[CCM_CELL_GROUPS][CCM_CELL_MAX_WORDS];
  uint32_t m, g, w, total = 0;
  ccm_cell_plan_init(&p);
  memset(seen, 0, sizeof seen);
  for (m = 0; m < CCM_MS_COUNT; m++) {
    ck_assert_uint_lt(p.group[m], CCM_CELL_GROUPS);
    ck_assert_uint_eq(p.words[m], timer_kind[m] ? 4 : 1);
    ck_assert_uint_le((uint32_t)p.at[m] + p.words[m], p.group_words[p.group[m]]);
    for (w = 0; w < p.words[m]; w++) {
      ck_assert_msg(!seen[p.group[m]][p.at[m] + w], "measure %u overlaps another", (unsigned)m);
      seen[p.group[m]][p.at[m] + w] = 1;
    }
  }
  /* every word of every group belongs to a measure: nothing is wasted */
  for (g = 0; g < CCM_CELL_GROUPS; g++) {
    ck_assert_uint_gt(p.group_words[g], 0);
    for (w = 0; w < p.group_words[g]; w++) ck_assert(seen[g][w]);
    total += p.group_words[g];
  }
  ck_assert_uint_eq(total, p.total_words);
  ck_assert_uint_eq(total, CCM_CELL_MAX_WORDS);
  ck_assert_uint_lt(CCM_CELL_MAX_WORDS, CCM_GROUP_ABSENT);
}
END_TEST

/* ---- the word store ----------------------------------------------------- */

/* Allocation hooks that count calls and can fail from the n-th one. */
typedef struct hooks_state {
  int64_t calls, fail_at; /* fail_at < 0: never */
} hooks_state;

static void *t_malloc(size_t n, void *user) {
  hooks_state *h = user;
  if (h->fail_at >= 0 && h->calls >= h->fail_at) return NULL;
  h->calls++;
  return malloc(n);
}
static void *t_realloc(void *p, size_t n, void *user) {
  hooks_state *h = user;
  if (h->fail_at >= 0 && h->calls >= h->fail_at) return NULL;
  h->calls++;
  return realloc(p, n);
}
static void t_free(void *p, void *user) {
  (void)user;
  free(p);
}

static void mem_with(ccm_mem *m, hooks_state *h) {
  ccm_allocator a;
  memset(&a, 0, sizeof a);
  a.alloc = t_malloc;
  a.realloc = t_realloc;
  a.free = t_free;
  a.user = h;
  ccm_mem_init(m, &a);
}

typedef struct taken {
  uint32_t ref, n;
} taken;

/* Fill a block with its own reference, so overlaps show. */
static void stamp(ccm_word_store *s, uint32_t ref, uint32_t n) {
  uint32_t i;
  int64_t *w = ccm_word_store_at(s, ref);
  for (i = 0; i < n; i++) w[i] = (int64_t)ref * 1000 + i;
}

static void check_stamp(ccm_word_store *s, uint32_t ref, uint32_t n) {
  uint32_t i;
  int64_t *w = ccm_word_store_at(s, ref);
  for (i = 0; i < n; i++)
    if (w[i] != (int64_t)ref * 1000 + i) ck_abort_msg("block %u overwritten at word %u", (unsigned)ref, (unsigned)i);
}

START_TEST(blocks_are_disjoint_and_within_the_reserve) {
  hooks_state h = {0, -1};
  ccm_mem m;
  ccm_word_store s;
  taken *t = malloc(20000 * sizeof *t);
  uint32_t k, nt = 0;
  uint64_t state = 12345;
  mem_with(&m, &h);
  ccm_word_store_init(&s);
  for (k = 0; k < 20000; k++) {
    uint32_t n, before_calls;
    state = state * 6364136223846793005u + 1442695040888963407u;
    n = 1 + (uint32_t)(state >> 33) % CCM_CELL_MAX_WORDS;
    ck_assert_int_eq(ccm_word_store_reserve(&s, &m, n), CCM_OK);
    before_calls = (uint32_t)h.calls;
    t[nt].ref = ccm_word_store_take(&s, n);
    t[nt].n = n;
    ck_assert_uint_ne(t[nt].ref, 0);
    ck_assert_uint_eq((uint32_t)h.calls, before_calls); /* taking never allocates */
    { /* the pages after the current one are counted whole */
      uint64_t ahead = 0;
      uint32_t i;
      for (i = s.cur + 1; i < s.npages; i++) ahead += ccm_word_store_sure(s.page_words[i]);
      ck_assert_uint_eq(s.ahead, ahead);
    }
    stamp(&s, t[nt].ref, n);
    nt++;
    /* give back every third block; the next of its length reuses it */
    if (k % 3 == 2) {
      uint32_t ref = t[nt - 2].ref, len = t[nt - 2].n, again;
      ccm_word_store_give(&s, ref, len);
      again = ccm_word_store_take(&s, len);
      ck_assert_uint_eq(again, ref);
      stamp(&s, again, len);
    }
  }
  for (k = 0; k < nt; k++) check_stamp(&s, t[k].ref, t[k].n);
  ccm_word_store_free(&s, &m);
  ck_assert_int_eq(m.bytes, 0);
  free(t);
}
END_TEST

START_TEST(one_reserve_serves_many_blocks) {
  hooks_state h = {0, -1};
  ccm_mem m;
  ccm_word_store s;
  uint64_t want = 3 * 65536 + 777, got = 0;
  int64_t calls;
  mem_with(&m, &h);
  ccm_word_store_init(&s);
  ck_assert_int_eq(ccm_word_store_reserve(&s, &m, want), CCM_OK);
  calls = h.calls;
  /* the longest blocks waste the most at each page's end */
  while (got + CCM_CELL_MAX_WORDS <= want) {
    uint32_t ref = ccm_word_store_take(&s, CCM_CELL_MAX_WORDS);
    stamp(&s, ref, CCM_CELL_MAX_WORDS);
    got += CCM_CELL_MAX_WORDS;
  }
  ck_assert_int_eq(h.calls, calls);
  /* a reserve that the pages already cover allocates nothing */
  ck_assert_int_eq(ccm_word_store_reserve(&s, &m, want - got), CCM_OK);
  ck_assert_int_eq(h.calls, calls);
  ccm_word_store_free(&s, &m);
  ck_assert_int_eq(m.bytes, 0);
}
END_TEST

START_TEST(failed_reserve_leaves_a_usable_store) {
  int64_t fail_at;
  for (fail_at = 0; fail_at < 6; fail_at++) {
    hooks_state h = {0, -1};
    ccm_mem m;
    ccm_word_store s;
    uint32_t refs[40], i;
    mem_with(&m, &h);
    ccm_word_store_init(&s);
    ck_assert_int_eq(ccm_word_store_reserve(&s, &m, 100), CCM_OK);
    refs[0] = ccm_word_store_take(&s, 100);
    stamp(&s, refs[0], 100);
    h.fail_at = h.calls + fail_at;
    /* a reserve of many pages fails at some allocation... */
    if (ccm_word_store_reserve(&s, &m, 40 * 65536) != CCM_E_NOMEM) continue;
    /* ...and what was taken stays; the store works once memory is back */
    check_stamp(&s, refs[0], 100);
    h.fail_at = -1;
    for (i = 1; i < 40; i++) {
      ck_assert_int_eq(ccm_word_store_reserve(&s, &m, 1000), CCM_OK);
      refs[i] = ccm_word_store_take(&s, 1 + i);
      stamp(&s, refs[i], 1 + i);
    }
    check_stamp(&s, refs[0], 100);
    for (i = 1; i < 40; i++) check_stamp(&s, refs[i], 1 + i);
    ccm_word_store_free(&s, &m);
    ck_assert_int_eq(m.bytes, 0);
  }
}
END_TEST

START_TEST(small_stores_stay_small) {
  hooks_state h = {0, -1};
  ccm_mem m;
  ccm_word_store s;
  mem_with(&m, &h);
  ccm_word_store_init(&s);
  ck_assert_int_eq(ccm_word_store_reserve(&s, &m, 10), CCM_OK);
  (void)ccm_word_store_take(&s, 10);
  /* one first page (a few kB) and the page table: not a 512 kB page */
  ck_assert_int_lt(m.bytes, 8192);
  ccm_word_store_free(&s, &m);
}
END_TEST

/* The store counts the sure words of the pages after the current one, so
 * that a reserve they cover is answered without allocating and without
 * walking the pages, and the current page is still cut to its end. */
START_TEST(reserve_counts_the_pages_ahead) {
  hooks_state h = {0, -1};
  ccm_mem m;
  ccm_word_store s;
  int64_t calls;
  uint32_t k, ref;
  mem_with(&m, &h);
  ccm_word_store_init(&s);
  ck_assert_int_eq(ccm_word_store_reserve(&s, &m, 300), CCM_OK);
  ck_assert_uint_eq(s.npages, 1);
  ck_assert_uint_eq(s.page_words[0], 512);
  ck_assert_uint_eq(s.ahead, 0);
  for (k = 0; k < 3; k++) (void)ccm_word_store_take(&s, 100); /* 212 words left: 66 sure */
  ck_assert(!ccm_word_store_holds(&s, 200));
  ck_assert_int_eq(ccm_word_store_reserve(&s, &m, 200), CCM_OK); /* a second page */
  ck_assert_uint_eq(s.npages, 2);
  ck_assert_uint_eq(s.ahead, ccm_word_store_sure(s.page_words[1]));
  ck_assert(ccm_word_store_holds(&s, 200));
  calls = h.calls;
  ck_assert_int_eq(ccm_word_store_reserve(&s, &m, 200), CCM_OK);
  ck_assert_int_eq(h.calls, calls);
  ck_assert_uint_eq(s.cur, 0);
  /* the first page is cut to its end, then the second */
  ref = ccm_word_store_take(&s, 100);
  ck_assert_uint_eq(ref, 1u << 16 | 300);
  ref = ccm_word_store_take(&s, 120); /* 112 left: the next page */
  ck_assert_uint_eq(ref, 2u << 16 | 0);
  ck_assert_uint_eq(s.cur, 1);
  ck_assert_uint_eq(s.ahead, 0);
  ref = ccm_word_store_take(&s, 112); /* the first page's tail, given to its free list */
  ck_assert_uint_eq(ref, 1u << 16 | 400);
  ck_assert(ccm_word_store_holds(&s, ccm_word_store_sure(s.page_words[1] - 120)));
  ck_assert(!ccm_word_store_holds(&s, ccm_word_store_sure(s.page_words[1] - 120) + 1));
  ck_assert_int_eq(h.calls, calls);
  ccm_word_store_free(&s, &m);
  ck_assert_int_eq(m.bytes, 0);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("cell_store");
  TCase *t = tcase_create("core");
  tcase_add_test(t, plan_places_every_measure_once);
  tcase_add_test(t, blocks_are_disjoint_and_within_the_reserve);
  tcase_add_test(t, one_reserve_serves_many_blocks);
  tcase_add_test(t, failed_reserve_leaves_a_usable_store);
  tcase_add_test(t, small_stores_stay_small);
  tcase_add_test(t, reserve_counts_the_pages_ahead);
  suite_add_tcase(s, t);
  return s;
}

int main(void) {
  SRunner *r = srunner_create(suite());
  int failed;
  srunner_run_all(r, CK_NORMAL);
  failed = srunner_ntests_failed(r);
  srunner_free(r);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
