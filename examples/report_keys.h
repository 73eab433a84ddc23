/*
 * report_keys.h - printed form of ccm-report's row keys.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef REPORT_KEYS_H
#define REPORT_KEYS_H

#include <stddef.h>
#include <stdint.h>

/** Room for any printed time key, with its NUL. */
#define REPORT_TIME_KEY_MAX 40

/**
 * Print a time bucket of a grain: interval "YYYY-MM-DDTHH:MM", date
 * "YYYY-MM-DD", week "YYYY-Www" (ISO), month "YYYY-MM" from the local time
 * of the bucket's first instant (ms, ccm_engine_local_time()); hour "00".."23"
 * and dow "Mon".."Sun" (0 = Monday) from the bucket itself.
 * @return the length written (buf holds at least REPORT_TIME_KEY_MAX bytes).
 */
size_t report_format_time(int32_t grain, int64_t bucket, char *buf);

/**
 * Civil date of a day number (days since 1970-01-01, may be negative),
 * proleptic Gregorian calendar.
 */
void report_civil_date(int64_t days, int64_t *year, int *month, int *day);

#endif
