/*
 * csv_small.c - ccm-report's CSV reader built again with a 7-byte block, so
 * that fuzz_csv.c can compare it with the real one: nearly every record
 * then crosses a block boundary and goes through the refill and rescan
 * paths.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#undef BLOCK_BYTES /* the fuzzer build sets one for report_csv.c */
#define BLOCK_BYTES ((size_t)7)
#define report_csv_open fuzz_small_csv_open
#define report_csv_close fuzz_small_csv_close
#define report_csv_next fuzz_small_csv_next
#define report_csv_next_many fuzz_small_csv_next_many
#include "report_csv.c"
