/*
 * bench-parse.c - CSV parsing alone, with ccm-report's own record reader
 * (examples/report_csv.c): every record is split into fields and nothing
 * else is done with it.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Usage: bench-parse FILE.csv [RUNS]   (prints key=value lines)
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_csv.h"

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  int runs = argc > 2 ? atoi(argv[2]) : 5, r;
  double t[64];
  unsigned long long records = 0, bytes = 0;
  if (argc < 2 || runs < 1 || runs > 64) {
    fputs("usage: bench-parse FILE.csv [RUNS (1..64)]\n", stderr);
    return 2;
  }
  for (r = 0; r < runs; r++) {
    FILE *in = fopen(argv[1], "rb");
    report_csv rd;
    report_record rec;
    double t0;
    int rc;
    if (!in) {
      fprintf(stderr, "bench-parse: %s: %s\n", argv[1], strerror(errno));
      return 2;
    }
    t0 = now_s();
    if (report_csv_open(&rd, in) != 0) return 2;
    records = bytes = 0;
    while ((rc = report_csv_next(&rd, &rec)) == 1) {
      size_t i, n = rec.nfields < REPORT_CSV_MAX_FIELDS ? rec.nfields : REPORT_CSV_MAX_FIELDS;
      records++;
      for (i = 0; i < n; i++) bytes += rec.f[i].len;
    }
    report_csv_close(&rd);
    t[r] = now_s() - t0;
    fclose(in);
    if (rc < 0) {
      fputs("bench-parse: read error\n", stderr);
      return 2;
    }
  }
  qsort(t, (size_t)runs, sizeof t[0], cmp_double);
  printf("records=%llu\nfield_bytes=%llu\nparse_s=%.6f\nparse_rps=%.0f\n", records, bytes,
         runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2,
         (double)records / (runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2));
  return 0;
}
