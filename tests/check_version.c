/*
 * check_version.c - the version macros agree with the library linked.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

START_TEST(test_number_matches_macros) {
  ck_assert_int_eq(CCM_VERSION_NUMBER, CCM_VERSION_MAJOR * 10000 + CCM_VERSION_MINOR * 100 + CCM_VERSION_PATCH);
  ck_assert_int_eq(ccm_version_number(), CCM_VERSION_NUMBER);
}
END_TEST

START_TEST(test_string_matches_macros) {
  char buf[64];
  const char *s = ccm_version_string();
  ck_assert_ptr_nonnull(s);
  ck_assert_str_eq(s, CCM_VERSION_STRING);
  snprintf(buf, sizeof buf, "%d.%d.%d", CCM_VERSION_MAJOR, CCM_VERSION_MINOR, CCM_VERSION_PATCH);
  ck_assert_str_eq(buf, CCM_VERSION_STRING);
  /* static storage: the same pointer every time */
  ck_assert_ptr_eq(ccm_version_string(), s);
}
END_TEST

START_TEST(test_string_matches_number) {
  int major = -1, minor = -1, patch = -1;
  ck_assert_int_eq(sscanf(ccm_version_string(), "%d.%d.%d", &major, &minor, &patch), 3);
  ck_assert_int_eq(major * 10000 + minor * 100 + patch, ccm_version_number());
  ck_assert_int_ge(minor, 0);
  ck_assert_int_lt(minor, 100);
  ck_assert_int_ge(patch, 0);
  ck_assert_int_lt(patch, 100);
}
END_TEST

static Suite *version_suite(void) {
  Suite *s = suite_create("version");
  TCase *tc = tcase_create("version");
  tcase_add_test(tc, test_number_matches_macros);
  tcase_add_test(tc, test_string_matches_macros);
  tcase_add_test(tc, test_string_matches_number);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return tu_run(version_suite()); }
