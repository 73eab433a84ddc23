/*
 * check_report_alloc.c - ccm-report's allocator (examples/report_alloc.c):
 * large blocks keep their bytes through every growth and shrink, move
 * between malloc and their own mappings in both directions, are aligned to
 * 2 MiB where the system has them, grow in place within their reserve of
 * address space (32 MiB in this build, 1 GiB in ccm-report's; none under
 * a limit on address space) and by a copy past it, and an engine built on the hooks gives the same figures as
 * one on malloc.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/resource.h>
#endif

#include "ccmetrics.h"
#include "report_alloc.h"

#define MiB ((size_t)1 << 20)

static void *a_alloc(size_t size) { return report_allocator()->alloc(size, report_allocator()->user); }
static void *a_realloc(void *p, size_t size) { return report_allocator()->realloc(p, size, report_allocator()->user); }
static void a_free(void *p) { report_allocator()->free(p, report_allocator()->user); }

/* Byte i of a block filled with seed. */
static unsigned char pattern(size_t i, unsigned seed) { return (unsigned char)((i * 2654435761u) >> 13 ^ seed); }

#define STEP 509 /* bytes written and read: every 509th, several in every page */

static void fill(unsigned char *p, size_t from, size_t to, unsigned seed) {
  size_t i;
  for (i = (from + STEP - 1) / STEP * STEP; i < to; i += STEP) p[i] = pattern(i, seed);
}

static void expect(const unsigned char *p, size_t to, unsigned seed) {
  size_t i;
  for (i = 0; i < to; i += STEP) ck_assert_uint_eq(p[i], pattern(i, seed));
}

static int huge_aligned(const void *p) { return ((uintptr_t)p & (2 * MiB - 1)) == 0; }

/* Linux: [p, p + size) lies in one mapping of /proc/self/maps (a block in
 * two mappings cannot be grown again on kernels before 6.17).  1 when so,
 * or when /proc cannot be read. */
static int one_mapping(const void *p, size_t size) {
#if defined(__linux__)
  FILE *f = fopen("/proc/self/maps", "r");
  char line[512];
  uintptr_t a = (uintptr_t)p;
  int ok = 0;
  if (f == NULL) return 1;
  while (fgets(line, sizeof line, f) != NULL) {
    unsigned long long lo, hi;
    if (sscanf(line, "%llx-%llx", &lo, &hi) != 2) continue;
    if (lo <= a && a < hi) {
      ok = a + size <= hi;
      break;
    }
  }
  fclose(f);
  return ok;
#else
  (void)p;
  (void)size;
  return 1;
#endif
}

START_TEST(test_large_grows_and_shrinks) {
  size_t size = REPORT_HUGE_MIN, prev;
  unsigned char *p = a_alloc(size), *q;
  ck_assert_ptr_nonnull(p);
#if defined(__linux__)
  ck_assert(huge_aligned(p));
#endif
  fill(p, 0, size, 7);
  /* doubling as the engine's tables do: every byte written so far stays */
  while (size < 64 * MiB) {
    prev = size;
    size = size * 2 + 12345; /* not a multiple of the huge page */
    q = a_realloc(p, size);
    ck_assert_ptr_nonnull(q);
#if defined(__linux__)
    ck_assert(huge_aligned(q));
#endif
    ck_assert(one_mapping(q, size));
    expect(q, prev, 7);
    fill(q, prev, size, 7);
    p = q;
  }
  /* shrink, still large */
  q = a_realloc(p, 3 * MiB);
  ck_assert_ptr_nonnull(q);
  expect(q, 3 * MiB, 7);
  p = q;
  /* large to small: the first bytes move to an ordinary block */
  q = a_realloc(p, 1000);
  ck_assert_ptr_nonnull(q);
  expect(q, 1000, 7);
  /* small to large again */
  p = a_realloc(q, 5 * MiB);
  ck_assert_ptr_nonnull(p);
  expect(p, 1000, 7);
  fill(p, 1000, 5 * MiB, 7);
  expect(p, 5 * MiB, 7);
  a_free(p);
}
END_TEST

/* Within its reserve a block never moves; past it, it moves once, with
 * every byte, into a reserve of twice the size asked for. */
START_TEST(test_grows_in_place_within_reserve) {
  size_t size = REPORT_HUGE_MIN, prev;
  unsigned char *p = a_alloc(size), *q;
  ck_assert_ptr_nonnull(p);
  fill(p, 0, size, 3);
  while (size * 2 <= 32 * MiB) {
    prev = size;
    size *= 2;
    q = a_realloc(p, size);
#if defined(__linux__)
    ck_assert_ptr_eq(q, p); /* the reserve after it was free */
#endif
    ck_assert_ptr_nonnull(q);
    expect(q, prev, 3);
    fill(q, prev, size, 3);
    p = q;
  }
  prev = size;
  size = 40 * MiB; /* past the reserve: a copy */
  q = a_realloc(p, size);
  ck_assert_ptr_nonnull(q);
  expect(q, prev, 3);
  fill(q, prev, size, 3);
  p = q;
  q = a_realloc(p, 80 * MiB); /* within the new reserve (80 MiB) */
#if defined(__linux__)
  ck_assert_ptr_eq(q, p);
  ck_assert(one_mapping(q, 80 * MiB));
#endif
  ck_assert_ptr_nonnull(q);
  expect(q, size, 3);
  fill(q, size, 80 * MiB, 3);
  expect(q, 80 * MiB, 3);
  a_free(q);
}
END_TEST

/* Under a limit on address space (here a finite one that constrains
 * nothing), a block holds no reserve, which would use the limit up: its
 * growth is a copy, with every byte. */
START_TEST(test_no_reserve_under_a_limit) {
#if defined(__linux__)
  struct rlimit before, finite;
  unsigned char *p, *q;
  ck_assert_int_eq(getrlimit(RLIMIT_AS, &before), 0);
  if (before.rlim_cur == RLIM_INFINITY) {
    finite = before;
    finite.rlim_cur = RLIM_INFINITY - 1;
    ck_assert_int_eq(setrlimit(RLIMIT_AS, &finite), 0);
  }
  p = a_alloc(2 * MiB);
  ck_assert_ptr_nonnull(p);
  fill(p, 0, 2 * MiB, 5);
  q = a_realloc(p, 8 * MiB);
  ck_assert_ptr_nonnull(q);
  ck_assert_ptr_ne(q, p); /* no reserve after it: moved */
  expect(q, 2 * MiB, 5);
  fill(q, 2 * MiB, 8 * MiB, 5);
  expect(q, 8 * MiB, 5);
  a_free(q);
  ck_assert_int_eq(setrlimit(RLIMIT_AS, &before), 0);
#endif
}
END_TEST

START_TEST(test_small_blocks) {
  unsigned char *p = a_alloc(100), *q;
  ck_assert_ptr_nonnull(p);
  memset(p, 0xA5, 100);
  q = a_realloc(p, 200000);
  ck_assert_ptr_nonnull(q);
  ck_assert_uint_eq(q[0], 0xA5);
  ck_assert_uint_eq(q[99], 0xA5);
  a_free(q);
  a_free(NULL);
  p = a_realloc(NULL, REPORT_HUGE_MIN + 1); /* realloc of NULL is an alloc */
  ck_assert_ptr_nonnull(p);
  fill(p, 0, REPORT_HUGE_MIN + 1, 3);
  expect(p, REPORT_HUGE_MIN + 1, 3);
  a_free(p);
}
END_TEST

/* More large blocks than the table of mappings holds: the rest are
 * ordinary blocks, and every one is freed by the same hook. */
START_TEST(test_many_large_blocks) {
  enum { N = 300 };
  unsigned char **b = calloc(N, sizeof(*b));
  int i;
  ck_assert_ptr_nonnull(b);
  for (i = 0; i < N; i++) {
    b[i] = a_alloc(REPORT_HUGE_MIN);
    ck_assert_ptr_nonnull(b[i]);
    b[i][0] = (unsigned char)i;
    b[i][REPORT_HUGE_MIN - 1] = (unsigned char)(i * 3);
  }
  for (i = 0; i < N; i += 2) {
    b[i] = a_realloc(b[i], 2 * REPORT_HUGE_MIN);
    ck_assert_ptr_nonnull(b[i]);
  }
  for (i = 0; i < N; i++) {
    ck_assert_uint_eq(b[i][0], (unsigned char)i);
    ck_assert_uint_eq(b[i][REPORT_HUGE_MIN - 1], (unsigned char)(i * 3));
    a_free(b[i]);
  }
  free(b);
}
END_TEST

/* Engines of several threads allocate at once (ccm-report --threads): each
 * thread grows, shrinks and frees blocks of its own, the small ones and the
 * large ones mixed, and finds its bytes as it left them. */
static void *churn(void *arg) {
  unsigned seed = (unsigned)(uintptr_t)arg, round;
  for (round = 0; round < 20; round++) {
    size_t size = 4096 + round * 1000, prev, i;
    unsigned char *p = a_alloc(size), *q;
    if (p == NULL) return (void *)1;
    fill(p, 0, size, seed);
    while (size < 24 * MiB) {
      prev = size;
      size = size * 3 + round;
      q = a_realloc(p, size);
      if (q == NULL) return (void *)1;
      for (i = 0; i < prev; i += STEP) /* ck_assert is for the main thread: count here */
        if (q[i] != pattern(i, seed)) return (void *)2;
      fill(q, prev, size, seed);
      p = q;
    }
    a_free(p);
  }
  return NULL;
}

START_TEST(test_threads) {
  enum { T = 4 };
  pthread_t th[T];
  int i;
  for (i = 0; i < T; i++) ck_assert_int_eq(pthread_create(&th[i], NULL, churn, (void *)(uintptr_t)(i + 1)), 0);
  for (i = 0; i < T; i++) {
    void *res = (void *)3;
    ck_assert_int_eq(pthread_join(th[i], &res), 0);
    ck_assert_ptr_null(res);
  }
}
END_TEST

/* 200 000 contacts through an engine on the hooks (its contact table grows
 * past REPORT_HUGE_MIN several times) and through one on malloc. */
static ccm_engine *engine_with(const ccm_allocator *alloc, ccm_view **view) {
  ccm_engine *e = NULL;
  ck_assert_int_eq(ccm_engine_new(NULL, alloc, &e), CCM_OK);
  ck_assert_int_eq(ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_CHANNEL), CCM_GRAIN_NONE, 0, view), CCM_OK);
  return e;
}

START_TEST(test_engine_on_the_hooks) {
  ccm_view *va = NULL, *vb = NULL;
  ccm_engine *a = engine_with(report_allocator(), &va), *b = engine_with(NULL, &vb);
  uint32_t key[CCM_VIEW_DIMS] = {0};
  int32_t contacts;
  uint64_t k;
  double x = 0, y = 0;
  for (k = 1; k <= 200000; k++) {
    ccm_event ev;
    ccm_event_init(&ev, CCM_EV_CONTACT_START);
    ev.ts = (int64_t)k * 1000;
    ev.contact = k;
    ev.channel = CCM_CHANNEL_VOICE;
    ev.direction = CCM_DIRECTION_INBOUND;
    ck_assert_int_eq(ccm_ingest(a, &ev), CCM_OK);
    ck_assert_int_eq(ccm_ingest(b, &ev), CCM_OK);
  }
  ck_assert_int_eq(ccm_metric_by_name("contacts", &contacts), CCM_OK);
  key[CCM_DIM_CHANNEL] = CCM_CHANNEL_VOICE;
  ck_assert_int_eq(ccm_query(va, key, CCM_VIEW_DIMS, 0, contacts, &x), CCM_OK);
  ck_assert_int_eq(ccm_query(vb, key, CCM_VIEW_DIMS, 0, contacts, &y), CCM_OK);
  ck_assert_msg(x == 200000.0, "contacts %g", x);
  ck_assert(x == y);
  ccm_engine_free(a);
  ccm_engine_free(b);
}
END_TEST

int main(void) {
  Suite *s = suite_create("report_alloc");
  TCase *tc = tcase_create("core");
  SRunner *sr;
  int failed;
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_large_grows_and_shrinks);
  tcase_add_test(tc, test_grows_in_place_within_reserve);
  tcase_add_test(tc, test_no_reserve_under_a_limit);
  tcase_add_test(tc, test_small_blocks);
  tcase_add_test(tc, test_many_large_blocks);
  tcase_add_test(tc, test_threads);
  tcase_add_test(tc, test_engine_on_the_hooks);
  suite_add_tcase(s, tc);
  sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
