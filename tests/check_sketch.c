/*
 * check_sketch.c - the quantile sketch (lib/sketch.c), white box: buckets
 * against their definition, quantiles against exact sorted values, merges
 * against a sketch fed every value, 16-bit overflow, reserve and allocation
 * failure, store reuse and bytes per sketch.
 *
 * Built from the sketch's sources (no libccmetrics, no testutil).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sketch.h"

#define NBUCKETS (CCM_SKETCH_PAGES * CCM_SKETCH_PAGE_BUCKETS)
#define THIRTY_DAYS_MS INT64_C(2592000000)
/* The worst relative error of a representative value: (gamma - 1) / (gamma + 1)
 * = 0.990 %, plus room for the rounding of pow() and of the division. */
#define BOUND ((CCM_SKETCH_GAMMA - 1) / (CCM_SKETCH_GAMMA + 1) + 1e-12)

/* An assertion for loops of millions: Check records every ck_assert it
 * passes (a write each), this one only a failure. */
#define EXPECT(cond, ...)                    \
  do {                                       \
    if (!(cond)) ck_abort_msg(__VA_ARGS__); \
  } while (0)

/* ------------------------------------------------------------------------ */
/* Helpers */

/* An allocator that counts calls and blocks and fails call number fail_at
 * (1-based, 0 = never) and any request over 1 GiB. */
typedef struct test_alloc {
  ccm_allocator hooks;
  long calls, fail_at, outstanding;
} test_alloc;

static int should_fail(test_alloc *a, size_t size) {
  ++a->calls;
  return (a->fail_at && a->calls == a->fail_at) || size > ((size_t)1 << 30);
}

static void *hook_alloc(size_t size, void *user) {
  test_alloc *a = user;
  void *p;
  if (should_fail(a, size)) return NULL;
  p = malloc(size);
  if (p) ++a->outstanding;
  return p;
}

static void *hook_realloc(void *ptr, size_t size, void *user) {
  test_alloc *a = user;
  if (should_fail(a, size)) return NULL;
  return realloc(ptr, size);
}

static void hook_free(void *ptr, void *user) {
  test_alloc *a = user;
  --a->outstanding;
  free(ptr);
}

static void test_alloc_init(test_alloc *a, ccm_mem *m) {
  memset(a, 0, sizeof *a);
  a->hooks.alloc = hook_alloc;
  a->hooks.realloc = hook_realloc;
  a->hooks.free = hook_free;
  a->hooks.user = a;
  ccm_mem_init(m, &a->hooks);
}

/* A store and its memory, for the tests that do not watch allocations. */
typedef struct fixture {
  ccm_mem mem;
  ccm_sketch_store st;
} fixture;

static void fx_init(fixture *f) {
  ccm_mem_init(&f->mem, NULL);
  ccm_sketch_store_init(&f->st);
}

static void fx_free(fixture *f) {
  ccm_sketch_store_free(&f->st, &f->mem);
  ck_assert_int_eq(f->mem.bytes, 0);
}

/* Reserve, then insert (the way the library inserts). */
static void insert1(ccm_sketch_store *st, ccm_mem *m, uint32_t *ref, int64_t v) {
  int32_t rc = ccm_sketch_reserve(st, m, 1);
  EXPECT(rc == CCM_OK, "reserve: %d", (int)rc);
  ccm_sketch_insert(st, ref, v);
}

static void fx_insert(fixture *f, uint32_t *ref, int64_t v) { insert1(&f->st, &f->mem, ref, v); }

/* splitmix64: fixed seeds, the same integers on every platform. */
static uint64_t rng_next(uint64_t *s) {
  uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static double rng_unit(uint64_t *s) { /* (0, 1) */
  return ((double)(rng_next(s) >> 11) + 0.5) / 9007199254740992.0;
}

static double rng_normal(uint64_t *s) { /* Box-Muller */
  double u = rng_unit(s), w = rng_unit(s);
  return sqrt(-2 * log(u)) * cos(6.283185307179586 * w);
}

enum dist { UNIFORM, LOGNORMAL, EXPONENTIAL, CONSTANT, BIMODAL, PARETO, NDISTS };
static const char *const dist_name[NDISTS] = {"uniform", "log-normal", "exponential", "constant", "bimodal", "pareto"};

/* Durations in ms of one shape. */
static int64_t draw(enum dist d, uint64_t *s) {
  double x = 0;
  switch (d) {
  case UNIFORM: return (int64_t)(rng_next(s) % 1000001); /* 0 .. 1000 s, zeros included */
  case LOGNORMAL: x = exp(log(30000.0) + 1.5 * rng_normal(s)); break;
  case EXPONENTIAL: x = -60000 * log(rng_unit(s)); break;
  case CONSTANT: return 42000;
  case BIMODAL: /* quick answers around 2 s and escalations around 5 min */
    x = rng_next(s) % 3 ? 2000 + 300 * rng_normal(s) : 300000 + 60000 * rng_normal(s);
    break;
  case PARETO: x = 1000 / pow(rng_unit(s), 1 / 1.1); break; /* alpha 1.1: heavy tail */
  case NDISTS: break;
  }
  if (x < 0) x = 0;
  if (x > (double)(INT64_C(1) << 47)) x = (double)(INT64_C(1) << 47); /* within the bounded range */
  return (int64_t)x;
}

static int cmp_int64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* The bucket of the definition: ceil(log(v) / log(gamma)), computed here
 * with gamma read at run time. */
static int32_t index_by_definition(int64_t v) {
  volatile double gamma = CCM_SKETCH_GAMMA;
  if (v <= 0) return -1;
  if (v > CCM_SKETCH_MAX_VALUE) v = CCM_SKETCH_MAX_VALUE;
  return (int32_t)ceil(log((double)v) / log(gamma));
}

/* Count of bucket i, read from the layout of sketch.h (low + 65536 high). */
static uint64_t bucket_count(const ccm_sketch_store *st, uint32_t ref, int32_t i) {
  const ccm_sketch_head *h = ccm_pool_at(&st->heads, ref);
  const ccm_sketch_page *pg;
  uint32_t pref = h->page[i / CCM_SKETCH_PAGE_BUCKETS], slot = (uint32_t)i % CCM_SKETCH_PAGE_BUCKETS;
  uint64_t c;
  if (!pref) return 0;
  pg = ccm_pool_at(&st->pages, pref);
  c = pg->low[slot];
  if (pg->wide) c += (uint64_t)((const ccm_sketch_wide *)ccm_pool_at(&st->wides, pg->wide))->high[slot] << 16;
  return c;
}

static uint64_t zero_count(const ccm_sketch_store *st, uint32_t ref) {
  return ((const ccm_sketch_head *)ccm_pool_at(&st->heads, ref))->zero;
}

/* Everything a sketch holds, to compare two sketches or one before and after. */
typedef struct snapshot {
  uint64_t count, zero, bucket[NBUCKETS];
  size_t bytes;
} snapshot;

static void snap(const ccm_sketch_store *st, uint32_t ref, snapshot *s) {
  int32_t i;
  memset(s, 0, sizeof *s);
  if (!ref) return;
  s->count = ccm_sketch_count(st, ref);
  s->zero = zero_count(st, ref);
  s->bytes = ccm_sketch_bytes(st, ref);
  for (i = 0; i < NBUCKETS; i++) s->bucket[i] = bucket_count(st, ref, i);
}

/* The same counts (bytes are compared where they matter). */
static void assert_same(const snapshot *a, const snapshot *b, const char *what) {
  int32_t i;
  ck_assert_msg(a->count == b->count, "%s: count %llu != %llu", what, (unsigned long long)a->count,
                (unsigned long long)b->count);
  ck_assert_msg(a->zero == b->zero, "%s: zero count differs", what);
  for (i = 0; i < NBUCKETS; i++)
    EXPECT(a->bucket[i] == b->bucket[i], "%s: bucket %d: %llu != %llu", what, (int)i,
           (unsigned long long)a->bucket[i], (unsigned long long)b->bucket[i]);
}

/* The model: the counts of every bucket, from the definition. */
static void model_add(snapshot *s, int64_t v) {
  int32_t i = index_by_definition(v);
  s->count++;
  if (i < 0)
    s->zero++;
  else
    s->bucket[i]++;
}

/* Every quantile of a sketch of `values` within the bound of the exact
 * lower quantile (rank floor(q (n - 1)) of the sorted values). */
static void assert_quantiles(const ccm_sketch_store *st, uint32_t ref, int64_t *values, size_t n,
                             const char *what) {
  int k;
  qsort(values, n, sizeof *values, cmp_int64);
  for (k = 0; k <= 1003; k++) {
    /* q = 0, 0.001, ..., 1 and three more near the ends */
    double q = k <= 1000 ? k / 1000.0 : k == 1001 ? 0.0001 : k == 1002 ? 0.9999 : 0.99999;
    double exact = (double)values[(size_t)floor(q * (double)(n - 1))], est = -1;
    EXPECT(ccm_sketch_quantile(st, ref, q, &est), "%s: no quantile", what);
    if (exact == 0)
      EXPECT(est == 0, "%s q=%g: %g for 0", what, q, est);
    else
      EXPECT(fabs(est - exact) <= BOUND * exact, "%s n=%zu q=%g: %.3f for %.0f (%.4f %%)", what, n, q, est, exact,
             100 * fabs(est - exact) / exact);
  }
}

/* ------------------------------------------------------------------------ */
/* Buckets */

START_TEST(test_index_definition) {
  int64_t v;
  int32_t i;
  double x;
  /* every value up to 2 million, then a geometric sweep to 2^48 and beyond */
  for (v = 1; v <= 2000000; v++) EXPECT(ccm_sketch_index(v) == index_by_definition(v), "v=%lld", (long long)v);
  for (x = 1; x < 1e19; x *= 1.0007) {
    v = (int64_t)fmin(x, 9.2e18);
    EXPECT(ccm_sketch_index(v) == index_by_definition(v), "v=%lld", (long long)v);
  }
  /* integers around every boundary gamma^i */
  for (i = 0; i <= index_by_definition(CCM_SKETCH_MAX_VALUE); i++) {
    int64_t b = (int64_t)floor(pow(CCM_SKETCH_GAMMA, i)), d;
    for (d = -2; d <= 2; d++)
      if (b + d >= 1) EXPECT(ccm_sketch_index(b + d) == index_by_definition(b + d), "v=%lld", (long long)(b + d));
  }
  /* 1 is bucket 0, powers of two where log2(v) / log2(gamma) says */
  ck_assert_int_eq(ccm_sketch_index(1), 0);
  ck_assert_int_eq(ccm_sketch_index(2), 36); /* 35.0028 */
  ck_assert_int_eq(ccm_sketch_index(1024), 351); /* 350.028 */
  ck_assert_int_eq(ccm_sketch_index(THIRTY_DAYS_MS), 1095); /* 1094.59 */
  /* the last bucket: 2^48 and everything above it, within the pages */
  ck_assert_int_eq(ccm_sketch_index(CCM_SKETCH_MAX_VALUE), 1681); /* 1680.13 */
  ck_assert_int_eq(ccm_sketch_index(CCM_SKETCH_MAX_VALUE + 1), 1681);
  ck_assert_int_eq(ccm_sketch_index(INT64_MAX), 1681);
  ck_assert_int_lt(1681, NBUCKETS);
  /* 0 and negatives: the zero count */
  ck_assert_int_eq(ccm_sketch_index(0), -1);
  ck_assert_int_eq(ccm_sketch_index(-1), -1);
  ck_assert_int_eq(ccm_sketch_index(INT64_MIN), -1);
  /* monotonic */
  for (v = 1; v < 1000000; v++) EXPECT(ccm_sketch_index(v) <= ccm_sketch_index(v + 1), "v=%lld", (long long)v);
}
END_TEST

START_TEST(test_value_bound) {
  int64_t v;
  int32_t i;
  double x;
  ck_assert(ccm_sketch_value(-1) == 0);
  ck_assert_double_eq_tol(ccm_sketch_value(0), 2 / 2.02, 1e-15);
  ck_assert_double_eq_tol(ccm_sketch_value(36), 2.019690439322481, 1e-12); /* 2 x 1.02^36 / 2.02 */
  ck_assert_double_eq_tol(ccm_sketch_value(349), 993.4329743148143, 1e-9);
  /* (gamma^(i-1), gamma^i] around its representative: within 0.990 % */
  for (v = 1; v <= 200000; v++) {
    double r = ccm_sketch_value(ccm_sketch_index(v));
    EXPECT(fabs(r - (double)v) <= BOUND * (double)v, "v=%lld: %g", (long long)v, r);
  }
  for (x = 1; x <= (double)CCM_SKETCH_MAX_VALUE; x *= 1.0003) {
    double r;
    v = (int64_t)x;
    r = ccm_sketch_value(ccm_sketch_index(v));
    EXPECT(fabs(r - (double)v) <= BOUND * (double)v, "v=%lld: %g", (long long)v, r);
  }
  /* the bound is tight: 1 is the top of bucket 0, 2 the bottom of bucket 36 */
  ck_assert_double_gt(fabs(ccm_sketch_value(0) - 1), 0.0098);
  ck_assert_double_gt(fabs(ccm_sketch_value(36) - 2) / 2, 0.0098);
  /* representatives increase, and each lies in its own bucket (round trip
   * wherever rounding to an integer stays inside: values >= 100) */
  for (i = 0; i < 1681; i++) {
    double r = ccm_sketch_value(i);
    EXPECT(r < ccm_sketch_value(i + 1), "bucket %d", (int)i);
    if (r >= 100) EXPECT(ccm_sketch_index(llround(r)) == i, "bucket %d", (int)i);
  }
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Inserts and queries */

START_TEST(test_empty_and_zero) {
  fixture f;
  uint32_t ref = 0, dst = 0;
  double q = -1;
  fx_init(&f);
  /* no sketch */
  ck_assert_uint_eq(ccm_sketch_count(&f.st, 0), 0);
  ck_assert(!ccm_sketch_quantile(&f.st, 0, 0.5, &q));
  ck_assert_uint_eq(ccm_sketch_count_at_or_under(&f.st, 0, 100), 0);
  ck_assert_uint_eq(ccm_sketch_bytes(&f.st, 0), 0);
  ck_assert_int_eq(ccm_sketch_merge(&f.st, &f.mem, &dst, &f.st, 0), CCM_OK);
  ck_assert_uint_eq(dst, 0);
  /* zeros and negatives: the zero count, no page */
  fx_insert(&f, &ref, 0);
  ck_assert_uint_ne(ref, 0);
  fx_insert(&f, &ref, -5);
  fx_insert(&f, &ref, INT64_MIN);
  ck_assert_uint_eq(ccm_sketch_count(&f.st, ref), 3);
  ck_assert_uint_eq(zero_count(&f.st, ref), 3);
  ck_assert_uint_eq(ccm_sketch_bytes(&f.st, ref), sizeof(ccm_sketch_head));
  ck_assert(ccm_sketch_quantile(&f.st, ref, 0, &q) && q == 0);
  ck_assert(ccm_sketch_quantile(&f.st, ref, 1, &q) && q == 0);
  ck_assert_uint_eq(ccm_sketch_count_at_or_under(&f.st, ref, -1), 0);
  ck_assert_uint_eq(ccm_sketch_count_at_or_under(&f.st, ref, 0), 3);
  /* q outside 0..1 is clamped; NaN has no quantile */
  fx_insert(&f, &ref, 1000);
  ck_assert(ccm_sketch_quantile(&f.st, ref, -3, &q) && q == 0);
  ck_assert(ccm_sketch_quantile(&f.st, ref, 7, &q) && q == ccm_sketch_value(ccm_sketch_index(1000)));
  ck_assert(!ccm_sketch_quantile(&f.st, ref, NAN, &q));
  /* the rank: floor(q * 3) of 0, 0, 0, 1000 */
  ck_assert(ccm_sketch_quantile(&f.st, ref, 0.99, &q) && q == 0);
  fx_free(&f);
}
END_TEST

START_TEST(test_quantile_accuracy) {
  static const size_t sizes[] = {1, 2, 10, 1000, 100000};
  int64_t *values = malloc(100000 * sizeof *values);
  int d;
  size_t k, j;
  ck_assert_ptr_nonnull(values);
  for (d = 0; d < NDISTS; d++) {
    for (k = 0; k < sizeof sizes / sizeof *sizes; k++) {
      fixture f;
      snapshot *model = calloc(1, sizeof *model), *got = malloc(sizeof *got);
      uint64_t seed = 1000 * (uint64_t)d + k;
      uint32_t ref = 0;
      fx_init(&f);
      for (j = 0; j < sizes[k]; j++) {
        values[j] = draw((enum dist)d, &seed);
        fx_insert(&f, &ref, values[j]);
        model_add(model, values[j]);
      }
      snap(&f.st, ref, got);
      assert_same(got, model, dist_name[d]);
      assert_quantiles(&f.st, ref, values, sizes[k], dist_name[d]);
      free(model);
      free(got);
      fx_free(&f);
    }
  }
  free(values);
}
END_TEST

START_TEST(test_count_at_or_under) {
  enum { N = 20000 };
  static const int64_t thresholds[] = {0, 1, 2, 3, 20, 100, 999, 1000, 1001, 5000, 20000, 30000, 59999, 60000,
                                       120000, 1000000, 10000000, THIRTY_DAYS_MS};
  int64_t *values = malloc(N * sizeof *values);
  fixture f;
  uint32_t ref = 0;
  uint64_t seed = 7;
  size_t k, j;
  ck_assert_ptr_nonnull(values);
  fx_init(&f);
  for (j = 0; j < N; j++) {
    values[j] = j % 50 ? draw(LOGNORMAL, &seed) : 0;
    fx_insert(&f, &ref, values[j]);
  }
  for (k = 0; k < sizeof thresholds / sizeof *thresholds; k++) {
    int64_t t = thresholds[k];
    uint64_t by_rep = 0, exact = 0, near = 0, got = ccm_sketch_count_at_or_under(&f.st, ref, t);
    for (j = 0; j < N; j++) {
      int64_t v = values[j];
      by_rep += ccm_sketch_value(ccm_sketch_index(v)) <= (double)t; /* the definition */
      exact += v <= t;
      /* values in t's bucket or the next may be counted on either side */
      near += (double)v > (double)t / 1.0201 && (double)v <= (double)t * 1.0201;
    }
    ck_assert_msg(got == by_rep, "t=%lld: %llu, by representatives %llu", (long long)t, (unsigned long long)got,
                  (unsigned long long)by_rep);
    ck_assert_msg(got + near >= exact && got <= exact + near, "t=%lld: %llu, exact %llu, %llu near", (long long)t,
                  (unsigned long long)got, (unsigned long long)exact, (unsigned long long)near);
  }
  /* outside the values' range: exact */
  ck_assert_uint_eq(ccm_sketch_count_at_or_under(&f.st, ref, -1), 0);
  ck_assert_uint_eq(ccm_sketch_count_at_or_under(&f.st, ref, 0), N / 50);
  ck_assert_uint_eq(ccm_sketch_count_at_or_under(&f.st, ref, INT64_MAX), N);
  ck_assert_uint_eq(ccm_sketch_count_at_or_under(&f.st, ref, CCM_SKETCH_MAX_VALUE), N);
  fx_free(&f);
  free(values);
}
END_TEST

/* A threshold on a bucket's edge: the representative decides. */
START_TEST(test_count_at_or_under_edges) {
  fixture f;
  uint32_t ref = 0;
  int64_t v = 1000;
  double r;
  fx_init(&f);
  fx_insert(&f, &ref, v);
  r = ccm_sketch_value(ccm_sketch_index(v)); /* 993.43 for 1000 (bucket 349) */
  ck_assert_uint_eq(ccm_sketch_count_at_or_under(&f.st, ref, (int64_t)floor(r)), 0);
  ck_assert_uint_eq(ccm_sketch_count_at_or_under(&f.st, ref, (int64_t)ceil(r)), 1);
  ck_assert_uint_eq(ccm_sketch_count_at_or_under(&f.st, ref, 999), 1);
  /* the largest values share the last bucket */
  fx_insert(&f, &ref, INT64_MAX);
  ck_assert_uint_eq(ccm_sketch_count_at_or_under(&f.st, ref, (INT64_C(1) << 47)), 1);
  ck_assert_uint_eq(ccm_sketch_count_at_or_under(&f.st, ref, INT64_MAX), 2);
  fx_free(&f);
}
END_TEST

START_TEST(test_overflow) {
  fixture f;
  uint32_t a = 0, b = 0, c = 0;
  int64_t n;
  int32_t i7 = ccm_sketch_index(7), i9 = ccm_sketch_index(9);
  double q;
  fx_init(&f);
  /* 65535 fit the 16-bit counter: no wide page */
  for (n = 0; n < 65535; n++) fx_insert(&f, &a, 7);
  ck_assert_uint_eq(bucket_count(&f.st, a, i7), 65535);
  ck_assert_uint_eq(ccm_sketch_bytes(&f.st, a), sizeof(ccm_sketch_head) + sizeof(ccm_sketch_page));
  /* the next one carries */
  fx_insert(&f, &a, 7);
  ck_assert_uint_eq(bucket_count(&f.st, a, i7), 65536);
  ck_assert_uint_eq(ccm_sketch_bytes(&f.st, a),
                    sizeof(ccm_sketch_head) + sizeof(ccm_sketch_page) + sizeof(ccm_sketch_wide));
  /* 200000 values over two buckets of one page, and one of another */
  for (n = 0; n < 200000; n++) fx_insert(&f, &b, n % 4 ? 9 : 7);
  fx_insert(&f, &b, 1000000);
  ck_assert_uint_eq(ccm_sketch_count(&f.st, b), 200001);
  ck_assert_uint_eq(bucket_count(&f.st, b, i7), 50000);
  ck_assert_uint_eq(bucket_count(&f.st, b, i9), 150000);
  ck_assert_uint_eq(ccm_sketch_count_at_or_under(&f.st, b, 8), 50000);
  ck_assert_uint_eq(ccm_sketch_count_at_or_under(&f.st, b, 10), 200000);
  ck_assert(ccm_sketch_quantile(&f.st, b, 0.2, &q) && q == ccm_sketch_value(i7));
  ck_assert(ccm_sketch_quantile(&f.st, b, 0.25, &q) && q == ccm_sketch_value(i9));
  ck_assert(ccm_sketch_quantile(&f.st, b, 1, &q) && q == ccm_sketch_value(ccm_sketch_index(1000000)));
  /* merges carry too: 65536 + 200000 / 4 in bucket 7, a wide page taken by
   * the merge (c has none), then c into itself */
  for (n = 0; n < 40000; n++) fx_insert(&f, &c, 7);
  ck_assert_int_eq(ccm_sketch_merge(&f.st, &f.mem, &c, &f.st, b), CCM_OK);
  ck_assert_uint_eq(bucket_count(&f.st, c, i7), 90000);
  ck_assert_uint_eq(bucket_count(&f.st, c, i9), 150000);
  ck_assert_int_eq(ccm_sketch_merge(&f.st, &f.mem, &c, &f.st, a), CCM_OK);
  ck_assert_uint_eq(bucket_count(&f.st, c, i7), 155536);
  ck_assert_int_eq(ccm_sketch_merge(&f.st, &f.mem, &c, &f.st, c), CCM_OK);
  ck_assert_uint_eq(bucket_count(&f.st, c, i7), 311072);
  ck_assert_uint_eq(bucket_count(&f.st, c, i9), 300000);
  ck_assert_uint_eq(ccm_sketch_count(&f.st, c), 2 * (40000 + 200001 + 65536));
  fx_free(&f);
}
END_TEST

/* A carry from the merge alone: 40000 + 40000 in one bucket. */
START_TEST(test_merge_carry) {
  fixture f;
  uint32_t a = 0, b = 0, dst = 0;
  int64_t n;
  int32_t i = ccm_sketch_index(123456);
  fx_init(&f);
  for (n = 0; n < 40000; n++) {
    fx_insert(&f, &a, 123456);
    fx_insert(&f, &b, 123456);
  }
  ck_assert_int_eq(ccm_sketch_merge(&f.st, &f.mem, &dst, &f.st, a), CCM_OK);
  ck_assert_uint_eq(ccm_sketch_bytes(&f.st, dst), sizeof(ccm_sketch_head) + sizeof(ccm_sketch_page));
  ck_assert_int_eq(ccm_sketch_merge(&f.st, &f.mem, &dst, &f.st, b), CCM_OK);
  ck_assert_uint_eq(bucket_count(&f.st, dst, i), 80000);
  ck_assert_uint_eq(ccm_sketch_bytes(&f.st, dst),
                    sizeof(ccm_sketch_head) + sizeof(ccm_sketch_page) + sizeof(ccm_sketch_wide));
  fx_free(&f);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Merges */

/* 100 sketches (one store) merged into one (another store) hold the very
 * counts of a sketch fed every value. */
START_TEST(test_merge_hundred) {
  enum { PARTS = 100 };
  int64_t *values = malloc(PARTS * 3000 * sizeof *values);
  fixture parts, sum, all;
  uint32_t ref[PARTS] = {0}, total = 0, direct = 0;
  snapshot *a = malloc(sizeof *a), *b = malloc(sizeof *b);
  uint64_t seed = 99;
  size_t n = 0, j;
  int k;
  ck_assert_ptr_nonnull(values);
  fx_init(&parts);
  fx_init(&sum);
  fx_init(&all);
  for (k = 0; k < PARTS; k++) {
    size_t m = (size_t)(rng_next(&seed) % 3000); /* sizes 0 .. 2999: some parts empty */
    for (j = 0; j < m; j++) {
      values[n] = draw((enum dist)(k % NDISTS), &seed);
      fx_insert(&parts, &ref[k], values[n]);
      fx_insert(&all, &direct, values[n]);
      n++;
    }
  }
  for (k = 0; k < PARTS; k++) ck_assert_int_eq(ccm_sketch_merge(&sum.st, &sum.mem, &total, &parts.st, ref[k]), CCM_OK);
  snap(&sum.st, total, a);
  snap(&all.st, direct, b);
  assert_same(a, b, "merged");
  ck_assert_uint_eq(a->count, n);
  ck_assert_uint_eq(a->bytes, b->bytes);
  assert_quantiles(&sum.st, total, values, n, "merged");
  fx_free(&parts);
  fx_free(&sum);
  fx_free(&all);
  free(a);
  free(b);
  free(values);
}
END_TEST

/* Merges within one store, whose pools grow (and move) during the merge. */
START_TEST(test_merge_same_store) {
  enum { PARTS = 128 };
  fixture f;
  uint32_t ref[PARTS] = {0}, total = 0;
  int64_t first[200];
  snapshot *model = calloc(1, sizeof *model), *got = malloc(sizeof *got);
  uint64_t seed = 5;
  int k, j;
  fx_init(&f);
  for (k = 0; k < PARTS - 1; k++)
    for (j = 0; j < 200; j++) {
      int64_t v = draw(PARETO, &seed);
      if (k == 0) first[j] = v;
      fx_insert(&f, &ref[k], v);
      model_add(model, v);
    }
  /* the last part is a copy of the first, by a merge that takes the last
   * free head: the head pool is full (128 of 128) */
  ck_assert_int_eq(ccm_sketch_merge(&f.st, &f.mem, &ref[PARTS - 1], &f.st, ref[0]), CCM_OK);
  for (j = 0; j < 200; j++) model_add(model, first[j]);
  ck_assert_uint_eq(f.st.heads.used, f.st.heads.cap);
  /* so the first merge into a new sketch moves every head, the sources' too */
  for (k = 0; k < PARTS; k++) ck_assert_int_eq(ccm_sketch_merge(&f.st, &f.mem, &total, &f.st, ref[k]), CCM_OK);
  snap(&f.st, total, got);
  assert_same(got, model, "same store");
  /* the parts are untouched */
  for (k = 0; k < PARTS; k++) ck_assert_uint_eq(ccm_sketch_count(&f.st, ref[k]), 200);
  /* into itself: every count doubles */
  ck_assert_int_eq(ccm_sketch_merge(&f.st, &f.mem, &total, &f.st, total), CCM_OK);
  ck_assert_uint_eq(ccm_sketch_count(&f.st, total), 2 * PARTS * 200);
  for (k = 0; k < NBUCKETS; k++) EXPECT(bucket_count(&f.st, total, k) == 2 * model->bucket[k], "bucket %d", k);
  fx_free(&f);
  free(model);
  free(got);
}
END_TEST

/* dst for a merge under failures: scenario 0 an empty store (the merge
 * allocates the head, page and wide page arrays); scenario 1 a store whose
 * page pool is full, holding the target and 3 other sketches (the merge
 * reallocates the page array; the head and wide pools have room). */
static void build_dst(int scenario, ccm_sketch_store *dst, ccm_mem *m, const ccm_sketch_store *src,
                      uint32_t small, uint32_t *target, uint32_t *others, int *nothers) {
  int k;
  ccm_sketch_store_init(dst);
  *target = 0;
  *nothers = 0;
  if (scenario == 0) return;
  for (k = 0; k < 3; k++) {
    others[k] = 0;
    ck_assert_int_eq(ccm_sketch_merge(dst, m, &others[k], src, small), CCM_OK);
  }
  *nothers = 3;
  ck_assert_int_eq(ccm_sketch_merge(dst, m, target, src, small), CCM_OK);
  ck_assert_int_eq(ccm_sketch_reserve(dst, m, 1), CCM_OK); /* room in the wide pool */
  while (dst->pages.used < dst->pages.cap) {
    uint32_t r = 0;
    insert1(dst, m, &r, 1);
  }
}

/* Fail the n-th allocation of the merge, for n = 1, 2, ... on a new dst
 * each time: every failure leaves every sketch of dst as it was; the first
 * merge without a failure adds src's counts. */
START_TEST(test_merge_nomem) {
  ccm_mem srcm;
  ccm_sketch_store src;
  uint32_t big = 0, small = 0;
  snapshot *before = malloc(sizeof *before), *after = malloc(sizeof *after), *add = malloc(sizeof *add);
  snapshot *other_before = malloc(3 * sizeof *other_before);
  double x;
  int scenario, k, n, i;
  ccm_mem_init(&srcm, NULL);
  ccm_sketch_store_init(&src);
  /* src: pages from 1 to 2^47, a bucket over 65535, zeros */
  for (x = 1; x < (double)(INT64_C(1) << 47); x *= 1.01) insert1(&src, &srcm, &big, (int64_t)x);
  for (n = 0; n < 90000; n++) { /* 72000 of 31 */
    insert1(&src, &srcm, &big, n % 5 ? 31 : 0);
    insert1(&src, &srcm, &small, n % 3 ? 5000 : 0);
  }
  snap(&src, big, add);
  for (scenario = 0; scenario < 2; scenario++) {
    long failures = 0, nfail;
    for (nfail = 1;; nfail++) {
      test_alloc ta;
      ccm_mem m;
      ccm_sketch_store dst;
      uint32_t target, others[3];
      int nothers;
      int32_t rc;
      test_alloc_init(&ta, &m);
      build_dst(scenario, &dst, &m, &src, small, &target, others, &nothers);
      snap(&dst, target, before);
      for (k = 0; k < nothers; k++) snap(&dst, others[k], &other_before[k]);
      ta.calls = 0;
      ta.fail_at = nfail;
      rc = ccm_sketch_merge(&dst, &m, &target, &src, big);
      ta.fail_at = 0;
      snap(&dst, target, after);
      if (rc == CCM_OK) {
        ck_assert_uint_eq(after->count, before->count + add->count);
        ck_assert_uint_eq(after->zero, before->zero + add->zero);
        for (i = 0; i < NBUCKETS; i++)
          EXPECT(after->bucket[i] == before->bucket[i] + add->bucket[i], "bucket %d", i);
      } else {
        ck_assert_int_eq(rc, CCM_E_NOMEM);
        ++failures;
        assert_same(after, before, "failed merge");
        ck_assert_uint_eq(after->bytes, before->bytes);
        if (scenario == 0) ck_assert_uint_eq(target, 0);
      }
      for (k = 0; k < nothers; k++) {
        snap(&dst, others[k], after);
        assert_same(after, &other_before[k], "other sketch");
      }
      ccm_sketch_store_free(&dst, &m);
      ck_assert_int_eq(ta.outstanding, 0);
      ck_assert_int_eq(m.bytes, 0);
      if (rc == CCM_OK) break;
    }
    /* every allocation failed once: 3 arrays, then the page array alone */
    ck_assert_int_eq(failures, (scenario == 0 ? 3 : 1));
  }
  ccm_sketch_store_free(&src, &srcm);
  free(before);
  free(after);
  free(add);
  free(other_before);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Reserve, store reuse, memory */

START_TEST(test_reserve_then_insert_never_allocates) {
  enum { K = 200 };
  test_alloc ta;
  ccm_mem m;
  ccm_sketch_store st;
  uint32_t base = 0, ref[K] = {0};
  uint64_t seed = 3;
  long allocs;
  int k, n;
  test_alloc_init(&ta, &m);
  ccm_sketch_store_init(&st);
  /* reserve(1) then insert, 300000 times: inserts never allocate */
  for (n = 0; n < 300000; n++) {
    EXPECT(ccm_sketch_reserve(&st, &m, 1) == CCM_OK, "reserve");
    allocs = ta.calls;
    if (n % 2)
      ccm_sketch_insert(&st, &base, 77); /* 150000: overflows */
    else
      ccm_sketch_insert(&st, &ref[n / 2 % K], draw(LOGNORMAL, &seed));
    EXPECT(ta.calls == allocs, "insert %d allocated", n);
  }
  ck_assert_uint_gt(bucket_count(&st, base, ccm_sketch_index(77)), 65535);
  ccm_sketch_store_clear(&st);
  /* reserve(K) then K inserts, each taking a head, a page and a wide page:
   * K sketches at 65535 in one bucket (by merges), one more value each */
  memset(ref, 0, sizeof ref);
  base = 0;
  for (n = 0; n < 65535; n++) insert1(&st, &m, &base, 500);
  for (k = 0; k < K; k++) ck_assert_int_eq(ccm_sketch_merge(&st, &m, &ref[k], &st, base), CCM_OK);
  ck_assert_uint_eq(st.wides.used, 0);
  ck_assert_int_eq(ccm_sketch_reserve(&st, &m, K), CCM_OK);
  ck_assert_uint_ge(st.wides.cap, K);
  allocs = ta.calls;
  for (k = 0; k < K; k++) {
    uint32_t fresh = 0;
    ccm_sketch_insert(&st, &ref[k], 500);
    if (k < K / 2) ccm_sketch_insert(&st, &fresh, 500); /* K / 2 heads and pages more */
  }
  ck_assert_int_eq(ta.calls, allocs);
  ck_assert_uint_eq(st.wides.used, K);
  ck_assert_uint_eq(bucket_count(&st, ref[K - 1], ccm_sketch_index(500)), 65536);
  /* too many nodes: CCM_E_LIMIT, before any allocation */
  ck_assert_int_eq(ccm_sketch_reserve(&st, &m, 0x40000000u), CCM_E_LIMIT);
  ck_assert_int_eq(ccm_sketch_reserve(&st, &m, UINT32_MAX), CCM_E_LIMIT);
  ck_assert_int_eq(ta.calls, allocs);
  /* more than memory allows: CCM_E_NOMEM, the store still usable */
  ck_assert_int_eq(ccm_sketch_reserve(&st, &m, 0x3f000000u), CCM_E_NOMEM);
  ck_assert_int_eq(ccm_sketch_reserve(&st, &m, 1), CCM_OK);
  ccm_sketch_insert(&st, &ref[0], 500);
  ck_assert_uint_eq(ccm_sketch_count(&st, ref[0]), 65537);
  ccm_sketch_store_free(&st, &m);
  ck_assert_int_eq(ta.outstanding, 0);
  ck_assert_int_eq(m.bytes, 0);
}
END_TEST

START_TEST(test_store_clear_reuse) {
  enum { K = 500 };
  test_alloc ta;
  ccm_mem m;
  ccm_sketch_store st;
  uint32_t ref[K];
  snapshot *first = malloc(2 * sizeof *first), *again = malloc(sizeof *again);
  long allocs = 0;
  int round, k, n;
  test_alloc_init(&ta, &m);
  ccm_sketch_store_init(&st);
  for (round = 0; round < 2; round++) {
    uint64_t seed = 11;
    memset(ref, 0, sizeof ref);
    for (k = 0; k < K; k++)
      for (n = 0; n < 40; n++) insert1(&st, &m, &ref[k], draw((enum dist)(k % NDISTS), &seed));
    for (n = 0; n < 70000; n++) insert1(&st, &m, &ref[0], 3); /* one wide page */
    ck_assert_uint_eq(st.wides.used, 1);
    if (round == 0) {
      snap(&st, ref[0], &first[0]);
      snap(&st, ref[K - 1], &first[1]);
    } else {
      /* the same sketches again, in the same memory, without a trace of
       * the first round */
      ck_assert_int_eq(ta.calls, allocs);
      snap(&st, ref[0], again);
      assert_same(again, &first[0], "first sketch after clear");
      ck_assert_uint_eq(again->bytes, first[0].bytes);
      snap(&st, ref[K - 1], again);
      assert_same(again, &first[1], "last sketch after clear");
    }
    allocs = ta.calls;
    ccm_sketch_store_clear(&st);
    ck_assert_uint_eq(st.heads.used, 0);
    ck_assert_uint_eq(st.pages.used, 0);
    ck_assert_uint_eq(st.wides.used, 0);
    ck_assert_uint_gt(st.pages.cap, 0); /* memory kept */
  }
  ccm_sketch_store_free(&st, &m);
  ck_assert_int_eq(ta.outstanding, 0);
  free(first);
  free(again);
}
END_TEST

START_TEST(test_bytes_per_sketch) {
  fixture f;
  uint32_t ref = 0;
  int64_t v;
  double x;
  size_t bytes;
  fx_init(&f);
  /* every bucket from 1 ms to 30 days: buckets 0 .. 1095, pages 0 .. 17 */
  for (x = 1; x <= (double)THIRTY_DAYS_MS; x *= 1.005) fx_insert(&f, &ref, (int64_t)x);
  fx_insert(&f, &ref, THIRTY_DAYS_MS);
  /* buckets narrower than 1 (under 50 ms) hold no integer; every wider
   * one up to 30 days holds some */
  for (v = 200; v < NBUCKETS; v++)
    ck_assert_msg((bucket_count(&f.st, ref, (int32_t)v) > 0) == (v <= 1095), "bucket %d", (int)v);
  bytes = ccm_sketch_bytes(&f.st, ref);
  ck_assert_uint_eq(bytes, sizeof(ccm_sketch_head) + 18 * sizeof(ccm_sketch_page));
  ck_assert_uint_le(bytes, 2560);
  fx_free(&f);
}
END_TEST

static Suite *sketch_suite(void) {
  Suite *s = suite_create("sketch");
  TCase *tc = tcase_create("sketch");
  tcase_set_timeout(tc, 600); /* valgrind */
  tcase_add_test(tc, test_index_definition);
  tcase_add_test(tc, test_value_bound);
  tcase_add_test(tc, test_empty_and_zero);
  tcase_add_test(tc, test_quantile_accuracy);
  tcase_add_test(tc, test_count_at_or_under);
  tcase_add_test(tc, test_count_at_or_under_edges);
  tcase_add_test(tc, test_overflow);
  tcase_add_test(tc, test_merge_carry);
  tcase_add_test(tc, test_merge_hundred);
  tcase_add_test(tc, test_merge_same_store);
  tcase_add_test(tc, test_merge_nomem);
  tcase_add_test(tc, test_reserve_then_insert_never_allocates);
  tcase_add_test(tc, test_store_clear_reuse);
  tcase_add_test(tc, test_bytes_per_sketch);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(sketch_suite());
  int failed;
  srunner_run_all(sr, CK_ENV);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
