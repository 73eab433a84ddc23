/*
 * report_number.h - the numbers of the canonical CSV: ts and value.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef REPORT_NUMBER_H
#define REPORT_NUMBER_H

#include <stddef.h>
#include <stdint.h>

/** Integer milliseconds: [-]digits, 1 to 18 digits, nothing else.  0, or
 * -1 (and *out untouched) for any other text. */
int report_parse_ms(const char *s, size_t len, int64_t *out);

/** A decimal number: [-+]digits[.digits] (also "5." and ".5"); no exponent,
 * no inf or nan, under 64 bytes.  Plain integers up to 15 digits are
 * converted exactly without strtod.  0, or -1 for any other text. */
int report_parse_value(const char *s, size_t len, double *out);

#endif
