/*
 * bench-sketch.c - the quantile sketch (lib/sketch.c) on its own: insert
 * speed against a baseline loop over the same values, merge time, bytes per
 * sketch and accuracy against exact quantiles.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Usage: bench-sketch [--quick] [--runs N]
 *
 * Prints a Markdown table of medians over the runs.  Exit status 1 when an
 * accuracy or memory target is missed (timing targets are reported only),
 * 2 on a usage or setup error.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sketch.h"

#define THIRTY_DAYS_MS INT64_C(2592000000)
#define MAX_RUNS 64

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int cmp_int64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static double median(double *t, int n) {
  qsort(t, (size_t)n, sizeof *t, cmp_double);
  return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* splitmix64: a fixed seed gives the same values on every run. */
static uint64_t rng_next(uint64_t *s) {
  uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static double rng_unit(uint64_t *s) { /* (0, 1) */
  return ((double)(rng_next(s) >> 11) + 0.5) / 9007199254740992.0;
}

/* Log-normal durations in ms: median 30 s, sigma 1.5 (a wait time's
 * shape: most under minutes, a long tail to hours). */
static void lognormal_fill(int64_t *v, size_t n, uint64_t seed) {
  const double two_pi = 6.283185307179586;
  size_t i;
  for (i = 0; i < n; i++) {
    double z = sqrt(-2 * log(rng_unit(&seed))) * cos(two_pi * rng_unit(&seed));
    v[i] = (int64_t)exp(log(30000.0) + 1.5 * z);
  }
}

/* The load average, where the system tells it: timings on a busy machine
 * are not comparable. */
static void print_load(void) {
  FILE *f = fopen("/proc/loadavg", "r");
  double l1, l5;
  if (!f) return;
  if (fscanf(f, "%lf %lf", &l1, &l5) == 2) printf("load average: %.2f (1 min), %.2f (5 min)\n", l1, l5);
  fclose(f);
}

static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p) {
    fputs("bench-sketch: out of memory\n", stderr);
    exit(2);
  }
  return p;
}

static void ok_or_die(int32_t rc, const char *what) {
  if (rc != CCM_OK) {
    fprintf(stderr, "bench-sketch: %s failed (%d)\n", what, (int)rc);
    exit(2);
  }
}

/* The baseline: read every value once and add it up. */
static volatile int64_t sink;
static double time_baseline(const int64_t *v, size_t n) {
  double t0 = now_ns();
  int64_t sum = 0;
  size_t i;
  for (i = 0; i < n; i++) sum += v[i];
  sink = sum;
  return (now_ns() - t0) / (double)n;
}

/* ns per value of reserve + insert, the values spread round robin over
 * nsketches sketches of one store. */
static double time_inserts(const int64_t *v, size_t n, uint32_t nsketches) {
  ccm_mem m;
  ccm_sketch_store st;
  uint32_t *ref = xmalloc(nsketches * sizeof *ref);
  uint32_t k = 0;
  uint64_t total = 0;
  double t0, t;
  size_t i;
  ccm_mem_init(&m, NULL);
  ccm_sketch_store_init(&st);
  memset(ref, 0, nsketches * sizeof *ref);
  t0 = now_ns();
  for (i = 0; i < n; i++) {
    if (ccm_sketch_reserve(&st, &m, 1) != CCM_OK) break;
    ccm_sketch_insert(&st, &ref[k], v[i]);
    if (++k == nsketches) k = 0;
  }
  t = (now_ns() - t0) / (double)n;
  for (k = 0; k < nsketches; k++) total += ccm_sketch_count(&st, ref[k]);
  if (total != n) {
    fprintf(stderr, "bench-sketch: %llu values held of %zu\n", (unsigned long long)total, n);
    exit(2);
  }
  ccm_sketch_store_free(&st, &m);
  free(ref);
  return t;
}

/* A sketch holding values from 1 ms to 30 days: every bucket once, then
 * extra values scattered over the range. */
static void fill_range(ccm_sketch_store *st, ccm_mem *m, uint32_t *ref, uint64_t seed) {
  double x;
  int i;
  for (x = 1; x <= (double)THIRTY_DAYS_MS; x *= 1.01) {
    ok_or_die(ccm_sketch_reserve(st, m, 1), "reserve");
    ccm_sketch_insert(st, ref, (int64_t)x);
  }
  for (i = 0; i < 5000; i++) {
    ok_or_die(ccm_sketch_reserve(st, m, 1), "reserve");
    ccm_sketch_insert(st, ref, (int64_t)exp(rng_unit(&seed) * log((double)THIRTY_DAYS_MS)));
  }
}

/* ns per merge of one such sketch into another: rounds of MERGES merges,
 * few enough that no counter of b passes 65535 (the common case: no wide
 * page), b filled again between rounds. */
static double time_merge(void) {
  enum { ROUNDS = 20, MERGES = 100 };
  ccm_mem m;
  ccm_sketch_store st;
  double total = 0;
  int r, i;
  ccm_mem_init(&m, NULL);
  ccm_sketch_store_init(&st);
  for (r = 0; r < ROUNDS; r++) {
    uint32_t a = 0, b = 0;
    double t0;
    ccm_sketch_store_clear(&st);
    fill_range(&st, &m, &a, 1);
    fill_range(&st, &m, &b, 2);
    t0 = now_ns();
    for (i = 0; i < MERGES; i++) ok_or_die(ccm_sketch_merge(&st, &m, &b, &st, a), "merge");
    total += now_ns() - t0;
    if (st.wides.used) {
      fputs("bench-sketch: the merge benchmark took a wide page\n", stderr);
      exit(2);
    }
  }
  ccm_sketch_store_free(&st, &m);
  return total / (ROUNDS * MERGES);
}

static size_t range_bytes(void) {
  ccm_mem m;
  ccm_sketch_store st;
  uint32_t ref = 0;
  size_t bytes;
  ccm_mem_init(&m, NULL);
  ccm_sketch_store_init(&st);
  fill_range(&st, &m, &ref, 3);
  bytes = ccm_sketch_bytes(&st, ref);
  ccm_sketch_store_free(&st, &m);
  return bytes;
}

/* Worst relative error at p50, p90, p99 against the exact lower quantile. */
static double quantile_errors(const int64_t *values, size_t n, double err[3]) {
  static const double q[3] = {0.50, 0.90, 0.99};
  int64_t *sorted = xmalloc(n * sizeof *sorted);
  ccm_mem m;
  ccm_sketch_store st;
  uint32_t ref = 0;
  double worst = 0;
  size_t i;
  int j;
  memcpy(sorted, values, n * sizeof *sorted);
  qsort(sorted, n, sizeof *sorted, cmp_int64);
  ccm_mem_init(&m, NULL);
  ccm_sketch_store_init(&st);
  for (i = 0; i < n; i++) {
    ok_or_die(ccm_sketch_reserve(&st, &m, 1), "reserve");
    ccm_sketch_insert(&st, &ref, values[i]);
  }
  for (j = 0; j < 3; j++) {
    double exact = (double)sorted[(size_t)floor(q[j] * (double)(n - 1))], est = 0;
    if (!ccm_sketch_quantile(&st, ref, q[j], &est)) est = -1;
    err[j] = exact > 0 ? fabs(est - exact) / exact : fabs(est);
    if (err[j] > worst) worst = err[j];
  }
  ccm_sketch_store_free(&st, &m);
  free(sorted);
  return worst;
}

int main(int argc, char **argv) {
  bool quick = false;
  int runs = 5, r, i, failed = 0;
  size_t n, nacc;
  int64_t *values;
  double t_base[MAX_RUNS], t_one[MAX_RUNS], t_many[MAX_RUNS], t_merge[MAX_RUNS];
  double base, one, many, merge, err[3], worst;
  size_t bytes;
  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--quick")) {
      quick = true;
    } else if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
      runs = atoi(argv[++i]);
    } else {
      fputs("usage: bench-sketch [--quick] [--runs N (1..64)]\n", stderr);
      return 2;
    }
  }
  if (runs < 1 || runs > MAX_RUNS) {
    fputs("bench-sketch: --runs must be 1..64\n", stderr);
    return 2;
  }
  if (quick && runs > 3) runs = 3;
  n = quick ? 1000000 : 10000000;
  nacc = quick ? 100000 : 1000000;
  values = xmalloc(n * sizeof *values);
  lognormal_fill(values, n, 42);

  for (r = 0; r < runs; r++) {
    t_base[r] = time_baseline(values, n);
    t_one[r] = time_inserts(values, n, 1);
    t_many[r] = time_inserts(values, n, 1000);
    t_merge[r] = time_merge();
  }
  base = median(t_base, runs);
  one = median(t_one, runs);
  many = median(t_many, runs);
  merge = median(t_merge, runs);
  bytes = range_bytes();
  worst = quantile_errors(values, nacc, err);

  printf("bench-sketch: %zu log-normal values (median 30 s, sigma 1.5), median of %d runs\n", n, runs);
  print_load();
  printf("\n");
  printf("| measure | result | target |\n|---|---|---|\n");
  printf("| baseline: read + add one value | %.2f ns | |\n", base);
  printf("| reserve + insert, 1 sketch | %.2f ns (%.1fx baseline) | <= 20 ns |\n", one, one / base);
  printf("| reserve + insert, 1000 sketches round robin | %.2f ns (%.1fx baseline) | <= 20 ns |\n", many,
         many / base);
  printf("| merge of two 1 ms..30 days sketches | %.0f ns | < 1000 ns |\n", merge);
  printf("| bytes per 1 ms..30 days sketch | %zu | <= 2560 |\n", bytes);
  printf("| relative error p50 / p90 / p99 (%zu values) | %.3f %% / %.3f %% / %.3f %% | < 1 %% |\n", nacc,
         100 * err[0], 100 * err[1], 100 * err[2]);

  if (bytes > 2560) {
    fprintf(stderr, "bench-sketch: FAIL: %zu bytes per sketch > 2560\n", bytes);
    failed = 1;
  }
  if (!(worst < 0.01)) {
    fprintf(stderr, "bench-sketch: FAIL: relative error %.4f %% >= 1 %%\n", 100 * worst);
    failed = 1;
  }
  free(values);
  return failed;
}
