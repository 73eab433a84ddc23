/*
 * check_report_parse.c - ccm-report's per-line conversions, built from
 * their sources: the ts and value numbers (examples/report_number.c),
 * checked by hand and against a byte-at-a-time definition on random text,
 * and the cache of dimension ids (examples/report_idcache.c) against a
 * plain list.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report_idcache.h"
#include "report_number.h"

static uint64_t rng = 0x2545F4914F6CDD1Du;
static unsigned rnd(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

/* s parsed from a block that ends right after it, so that reading a byte
 * past the field is caught by valgrind and AddressSanitizer. */
static int ms_at_end(const char *s, size_t len, int64_t *out) {
  char *block = malloc(len ? len : 1);
  int r;
  ck_assert_ptr_nonnull(block);
  memcpy(block, s, len);
  r = report_parse_ms(block, len, out);
  free(block);
  return r;
}

static int64_t ms(const char *s) {
  int64_t v = 12345;
  ck_assert_msg(ms_at_end(s, strlen(s), &v) == 0, "'%s' rejected", s);
  return v;
}

static int ms_rejected(const char *s) {
  int64_t v = 12345;
  int r = ms_at_end(s, strlen(s), &v);
  ck_assert_int_eq(v, 12345); /* untouched */
  return r == -1;
}

START_TEST(ms_by_hand) {
  ck_assert_int_eq(ms("0"), 0);
  ck_assert_int_eq(ms("7"), 7);
  ck_assert_int_eq(ms("-7"), -7);
  ck_assert_int_eq(ms("12345678"), 12345678);
  ck_assert_int_eq(ms("123456789"), 123456789);                 /* 9 digits: the word path */
  ck_assert_int_eq(ms("1767571222049"), INT64_C(1767571222049)); /* a ts of 2026 */
  ck_assert_int_eq(ms("-1767571222049"), -INT64_C(1767571222049));
  ck_assert_int_eq(ms("0000000000000"), 0);
  ck_assert_int_eq(ms("0000000000001"), 1);
  ck_assert_int_eq(ms("1000000000000"), INT64_C(1000000000000));
  ck_assert_int_eq(ms("9999999999999999"), INT64_C(9999999999999999));   /* 16 */
  ck_assert_int_eq(ms("12345678901234567"), INT64_C(12345678901234567)); /* 17: bytes */
  ck_assert_int_eq(ms("999999999999999999"), INT64_C(999999999999999999)); /* 18 */
  ck_assert(ms_rejected(""));
  ck_assert(ms_rejected("-"));
  ck_assert(ms_rejected("+5"));
  ck_assert(ms_rejected("1234567890123456789")); /* 19 digits */
  ck_assert(ms_rejected("17675712220a9"));
  ck_assert(ms_rejected("1767571222049 "));
  ck_assert(ms_rejected(" 1767571222049"));
  ck_assert(ms_rejected("176757122204:"));  /* ':' follows '9' */
  ck_assert(ms_rejected("/767571222049"));  /* '/' precedes '0' */
  ck_assert(ms_rejected("17675712220?9"));  /* high nibble 3, not a digit */
  ck_assert(ms_rejected("1767571222.49"));
  ck_assert(ms_rejected("1767571222049-"));
  ck_assert(ms_rejected("17675\xb1" "1222049")); /* '1' with the high bit */
}
END_TEST

/* The definition: an optional '-', then 1 to 18 decimal digits. */
static int ms_by_definition(const char *s, size_t len, int64_t *out) {
  size_t i = len > 0 && s[0] == '-', digits = len - i, k;
  int64_t v = 0;
  if (digits < 1 || digits > 18) return -1;
  for (k = i; k < len; k++) {
    if (s[k] < '0' || s[k] > '9') return -1;
    v = v * 10 + (s[k] - '0');
  }
  *out = s[0] == '-' ? -v : v;
  return 0;
}

START_TEST(ms_matches_the_definition) {
  /* digits mostly, and the bytes next to them that a word-at-a-time check
   * could take for digits */
  static const char odd[] = {'/', ':', ';', '?', '-', '+', ' ', '.', '\0', '\x7f', '\xb0', '\xb9', '\xf9', '\xff', 'a'};
  char s[24];
  unsigned round, valid = 0;
  for (round = 0; round < 200000; round++) {
    size_t len = rnd(21), k;
    int64_t got = -42, want = -42;
    int rg, rw;
    for (k = 0; k < len; k++) s[k] = (char)('0' + rnd(10));
    if (len > 0 && rnd(4) == 0) s[0] = '-';
    if (len > 0 && rnd(3) == 0) s[rnd((unsigned)len)] = odd[rnd(sizeof odd)];
    rg = ms_at_end(s, len, &got);
    rw = ms_by_definition(s, len, &want);
    ck_assert_int_eq(rg, rw);
    if (rw == 0) {
      ck_assert_int_eq(got, want);
      valid++;
    }
  }
  ck_assert_uint_gt(valid, 50000); /* both outcomes were exercised */
}
END_TEST

static double value_of(const char *s) {
  double v = -1;
  ck_assert_msg(report_parse_value(s, strlen(s), &v) == 0, "'%s' rejected", s);
  return v;
}

static int value_rejected(const char *s) {
  double v;
  return report_parse_value(s, strlen(s), &v) == -1;
}

START_TEST(values_by_hand) {
  ck_assert(value_of("0") == 0.0);
  ck_assert(value_of("42") == 42.0);
  ck_assert(value_of("-3") == -3.0);
  ck_assert(value_of("+2.25") == 2.25);
  ck_assert(value_of("5.") == 5.0);
  ck_assert(value_of(".5") == 0.5);
  ck_assert(value_of("123456789012345") == 123456789012345.0);     /* 15 digits: exact */
  ck_assert(value_of("1234567890123456") == 1234567890123456.0);   /* 16: strtod, still exact */
  ck_assert(value_of("0.1") == 0.1);
  ck_assert(value_rejected(""));
  ck_assert(value_rejected("."));
  ck_assert(value_rejected("-"));
  ck_assert(value_rejected("1e5"));
  ck_assert(value_rejected("inf"));
  ck_assert(value_rejected("nan"));
  ck_assert(value_rejected("1.2.3"));
  ck_assert(value_rejected("1,5"));
  ck_assert(value_rejected(" 1"));
}
END_TEST

/* ---- the id cache -------------------------------------------------------- */

typedef struct value {
  char s[REPORT_IDCACHE_LEN];
  size_t len;
  uint32_t id;
} value;

static void words_of(const value *v, uint64_t *w0, uint64_t *w1) { report_words(v->s, v->len, w0, w1); }

static uint32_t find(const report_idcache *c, const value *v) {
  uint64_t w0, w1;
  words_of(v, &w0, &w1);
  return report_idcache_find(c, w0, w1, v->len);
}

static int put(report_idcache *c, const value *v) {
  uint64_t w0, w1;
  words_of(v, &w0, &w1);
  return report_idcache_put(c, w0, w1, v->len, v->id);
}

START_TEST(idcache_by_hand) {
  report_idcache c;
  value a = {"agent7", 6, 3}, b = {"agent8", 6, 4}, shorter = {"agent", 5, 9}, longest = {"0123456789abcdef", 16, 5};
  value one = {"x", 1, 6}, mid = {"xyx", 3, 7}, mid2 = {"xzx", 3, 8};
  memset(&c, 0, sizeof c);
  ck_assert_uint_eq(find(&c, &a), 0); /* all-zero: empty */
  ck_assert_int_eq(put(&c, &a), 0);
  ck_assert_uint_eq(find(&c, &a), 3);
  ck_assert_uint_eq(find(&c, &b), 0);
  ck_assert_uint_eq(find(&c, &shorter), 0);
  ck_assert_int_eq(put(&c, &longest), 0);
  ck_assert_int_eq(put(&c, &one), 0);
  ck_assert_int_eq(put(&c, &mid), 0);
  ck_assert_uint_eq(find(&c, &longest), 5);
  ck_assert_uint_eq(find(&c, &one), 6);
  ck_assert_uint_eq(find(&c, &mid), 7);
  ck_assert_uint_eq(find(&c, &mid2), 0); /* differs in its middle byte only */
  ck_assert_uint_eq(c.used, 4);
  /* refused: id 0, empty and too long values; nothing changes */
  {
    value zero = {"z", 1, 0};
    ck_assert_int_eq(put(&c, &zero), -1);
    ck_assert_int_eq(report_idcache_put(&c, 1, 2, 0, 10), -1);
    ck_assert_int_eq(report_idcache_put(&c, 1, 2, REPORT_IDCACHE_LEN + 1, 10), -1);
    ck_assert_uint_eq(c.used, 4);
  }
  report_idcache_free(&c);
  ck_assert_ptr_null(c.slot);
  ck_assert_uint_eq(find(&c, &a), 0);
  report_idcache_free(&c); /* twice is harmless */
}
END_TEST

/* Random distinct values, more than the cache keeps, against the list. */
START_TEST(idcache_matches_a_list) {
  const size_t n = REPORT_IDCACHE_MAX + 3000;
  value *v = calloc(n, sizeof *v);
  report_idcache c;
  size_t i, kept = 0;
  ck_assert_ptr_nonnull(v);
  memset(&c, 0, sizeof c);
  for (i = 0; i < n; i++) {
    /* distinct by construction: the index in the first bytes (or the
     * length), random bytes after; lengths 1 to 16 */
    size_t k;
    v[i].len = 3 + rnd(REPORT_IDCACHE_LEN - 2);
    v[i].s[0] = (char)(i & 0xFF);
    v[i].s[1] = (char)(i >> 8 & 0xFF);
    v[i].s[2] = (char)(i >> 16 & 0xFF);
    for (k = 3; k < v[i].len; k++) v[i].s[k] = (char)rnd(256);
    v[i].id = (uint32_t)(i + 1);
  }
  for (i = 0; i < n; i++) {
    ck_assert_uint_eq(find(&c, &v[i]), 0); /* not yet */
    if (put(&c, &v[i]) == 0) {
      ck_assert_uint_lt(kept, REPORT_IDCACHE_MAX);
      kept++;
    } else {
      ck_assert_uint_eq(kept, REPORT_IDCACHE_MAX); /* refused only when full */
    }
    ck_assert_uint_eq(c.used, kept);
    if (i % 997 == 0) { /* everything so far, through the growths */
      size_t j;
      for (j = 0; j <= i; j++) ck_assert_uint_eq(find(&c, &v[j]), j < REPORT_IDCACHE_MAX ? v[j].id : 0);
    }
  }
  ck_assert_uint_eq(kept, REPORT_IDCACHE_MAX);
  ck_assert_uint_le(c.used * 2, (size_t)1 << c.bits); /* at most half full */
  for (i = 0; i < n; i++) ck_assert_uint_eq(find(&c, &v[i]), i < REPORT_IDCACHE_MAX ? v[i].id : 0);
  report_idcache_free(&c);
  free(v);
}
END_TEST

/* A byte repeated 4 to 7 (or 8 to 16) times gives the same two words at
 * every length: only the length tells these apart. */
START_TEST(idcache_tells_lengths_apart) {
  static value v[200 * 13];
  report_idcache c;
  size_t n = 0, i, b, len;
  memset(&c, 0, sizeof c);
  for (b = 0; b < 200; b++)
    for (len = 4; len <= REPORT_IDCACHE_LEN; len++) {
      memset(v[n].s, (int)(b + 32), len);
      v[n].len = len;
      v[n].id = (uint32_t)(n + 1);
      ck_assert_int_eq(put(&c, &v[n]), 0);
      n++;
    }
  for (i = 0; i < n; i++) ck_assert_uint_eq(find(&c, &v[i]), v[i].id);
  report_idcache_free(&c);
  /* by hand: "aaaa" in the very slot where "aaaaa" is looked up first */
  {
    struct report_idcache_slot slot[64];
    value four = {"aaaa", 4, 1}, five = {"aaaaa", 5, 2};
    uint64_t w0, w1;
    memset(slot, 0, sizeof slot);
    c.slot = slot;
    c.bits = 6;
    c.used = 1;
    words_of(&five, &w0, &w1);
    slot[report_words_slot(w0, w1, 5, 6)] = (struct report_idcache_slot){w0, w1, 4, 1};
    words_of(&four, &w0, &w1);
    ck_assert(w0 == slot[report_words_slot(w0, w1, 5, 6)].w0); /* the same words */
    ck_assert_uint_eq(find(&c, &five), 0);
  }
}
END_TEST

static Suite *report_parse_suite(void) {
  Suite *s = suite_create("report_parse");
  TCase *tc = tcase_create("parse");
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc, ms_by_hand);
  tcase_add_test(tc, ms_matches_the_definition);
  tcase_add_test(tc, values_by_hand);
  tcase_add_test(tc, idcache_by_hand);
  tcase_add_test(tc, idcache_matches_a_list);
  tcase_add_test(tc, idcache_tells_lengths_apart);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(report_parse_suite());
  int failed;
  srunner_run_all(sr, CK_NORMAL);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
