/*
 * check_tz.c - local time without a time-zone database (lib/tz.c,
 * lib/clock.c) and business calendars (lib/calendar.c), built from their
 * sources.
 *
 * Expected values are computed by hand in the comments, or come from the
 * table at the end of the file, which tests/tz-crosscheck.py checks against
 * the system's tz database (Python's zoneinfo): the library is compared
 * with an independent implementation without depending on it at run time.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

#define SEC INT64_C(1000)
#define MIN INT64_C(60000)
#define HOUR INT64_C(3600000)
#define DAY INT64_C(86400000)

/* Hot-loop assertion that records no check point when it passes. */
#define CHECK(cond_, ...)                      \
  do {                                         \
    if (!(cond_)) ck_abort_msg(__VA_ARGS__);   \
  } while (0)

/* ---- hand-computed instants -----------------------------------------------
 * 2026-01-01 is day 20454 (56 years of 365 days and 14 leap days since 1970),
 * a Thursday ((20454 + 3) % 7 = 3 with Monday = 0). */
#define JAN1_2026 INT64_C(1767225600000) /* 20454 * DAY */
/* US Eastern 2026: daylight time starts on the second Sunday of March,
 * March 8 (day 20454 + 66 = 20520, (20520 + 3) % 7 = 6: Sunday), at 02:00
 * EST = 07:00Z, and ends on the first Sunday of November, November 1 (day
 * 20454 + 304 = 20758, Sunday), at 02:00 EDT = 06:00Z. */
#define US_START_2026 INT64_C(1772953200000) /* 20520 * DAY + 7 h */
#define US_END_2026 INT64_C(1793512800000)   /* 20758 * DAY + 6 h */
#define US_END_2025 INT64_C(1762063200000)   /* 2025-11-02 (day 20394, Sunday) 06:00Z */
/* EU Central 2026: the last Sundays of March and October, March 29 (day
 * 20541) and October 25 (day 20751), both at 01:00Z. */
#define EU_START_2026 INT64_C(1774746000000) /* 20541 * DAY + 1 h */
#define EU_END_2026 INT64_C(1792890000000)   /* 20751 * DAY + 1 h */
/* Sydney 2026: daylight time ends on the first Sunday of April, April 5
 * (day 20548), at 03:00 AEDT = April 4 16:00Z, and starts on the first
 * Sunday of October, October 4 (day 20730), at 02:00 AEST = October 3
 * 16:00Z. */
#define SYD_END_2026 INT64_C(1775318400000)   /* 20547 * DAY + 16 h */
#define SYD_START_2026 INT64_C(1791043200000) /* 20729 * DAY + 16 h */

#define US_RULE "EST5EDT,M3.2.0,M11.1.0"
#define EU_RULE "CET-1CEST,M3.5.0,M10.5.0/3"
#define SYD_RULE "AEST-10AEDT,M10.1.0,M4.1.0/3"

/* An instant from a UTC date and time (ccm_days_from_civil is checked
 * against a day-by-day count in test_civil). */
static int64_t utc(int y, int m, int d, int hh, int mm) {
  return ccm_days_from_civil(y, m, d) * DAY + hh * HOUR + mm * MIN;
}

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) q--;
  return q;
}

static ccm_clock rule_clock(const char *rule) {
  ccm_clock c;
  ccm_clock_utc(&c);
  ck_assert_int_eq(ccm_tz_parse(rule, strlen(rule), &c.tz), CCM_OK);
  return c;
}

/* ---- civil dates ----------------------------------------------------------- */

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

START_TEST(test_civil) {
  static const int mlen[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  /* 0001-01-01 is 1969 * 365 + 477 leap days before 1970-01-01, a Monday
   * in the proleptic Gregorian calendar; walk day by day to 9999-12-31. */
  int64_t day = -719162;
  int32_t wd = 0;
  int y, m, d;
  for (y = 1; y <= 9999; y++)
    for (m = 1; m <= 12; m++)
      for (d = 1; d <= mlen[m - 1] + (m == 2 && leap(y)); d++) {
        int64_t yy;
        int32_t mm, dd;
        CHECK(ccm_days_from_civil(y, m, d) == day, "days_from_civil %d-%d-%d", y, m, d);
        ccm_civil_from_days(day, &yy, &mm, &dd);
        CHECK(yy == y && mm == m && dd == d, "civil_from_days %lld", (long long)day);
        CHECK(ccm_weekday(day) == wd, "weekday %d-%d-%d", y, m, d);
        day++;
        wd = (wd + 1) % 7;
      }
  ck_assert_int_eq(day - 1, 2932896); /* 9999-12-31 */
  ck_assert_int_eq(ccm_days_from_civil(1970, 1, 1), 0);
  ck_assert_int_eq(ccm_days_from_civil(1969, 12, 31), -1);
  ck_assert_int_eq(ccm_days_from_civil(2000, 3, 1), 11017);
  ck_assert_int_eq(ccm_days_from_civil(2026, 1, 1), JAN1_2026 / DAY);
  ck_assert_int_eq(ccm_weekday(0), 3);      /* Thursday */
  ck_assert_int_eq(ccm_weekday(10957), 5);  /* 2000-01-01, Saturday */
  ck_assert_int_eq(ccm_weekday(20520), 6);  /* 2026-03-08, Sunday */
  ck_assert_int_eq(ccm_weekday(-719162), 0); /* 0001-01-01, Monday */
  ck_assert_int_eq(ccm_weekday(-1), 2);     /* 1969-12-31, Wednesday */
}
END_TEST

/* ---- parsing rules --------------------------------------------------------- */

typedef struct good_rule {
  const char *text;
  int64_t std_offset, dst_offset;
  bool has_dst;
  char start_kind;
  int start_month, start_week, start_day;
  int64_t start_time;
  char end_kind;
  int end_month, end_week, end_day;
  int64_t end_time;
} good_rule;

static const good_rule good_rules[] = {
    /* POSIX offsets are positive west: EST5 is local = UTC - 5 h */
    {US_RULE, -5 * HOUR, -4 * HOUR, true, 'M', 3, 2, 0, 2 * HOUR, 'M', 11, 1, 0, 2 * HOUR},
    {EU_RULE, 1 * HOUR, 2 * HOUR, true, 'M', 3, 5, 0, 2 * HOUR, 'M', 10, 5, 0, 3 * HOUR},
    {SYD_RULE, 10 * HOUR, 11 * HOUR, true, 'M', 10, 1, 0, 2 * HOUR, 'M', 4, 1, 0, 3 * HOUR},
    {"NZST-12NZDT,M9.5.0,M4.1.0/3", 12 * HOUR, 13 * HOUR, true, 'M', 9, 5, 0, 2 * HOUR, 'M', 4, 1, 0, 3 * HOUR},
    {"UTC0", 0, 0, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {"utc+0", 0, 0, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {"<+0530>-5:30", 5 * HOUR + 30 * MIN, 5 * HOUR + 30 * MIN, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {"<-03>3", -3 * HOUR, -3 * HOUR, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {"ABC+3:04:05", -(3 * HOUR + 4 * MIN + 5 * SEC), -(3 * HOUR + 4 * MIN + 5 * SEC), false, 0, 0, 0, 0, 0, 0, 0, 0,
     0, 0},
    {"XXX24", -24 * HOUR, -24 * HOUR, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {"XXX-24:59:59", 25 * HOUR - SEC, 25 * HOUR - SEC, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    /* a daylight name alone takes the US rules */
    {"EST5EDT", -5 * HOUR, -4 * HOUR, true, 'M', 3, 2, 0, 2 * HOUR, 'M', 11, 1, 0, 2 * HOUR},
    {"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", 10 * HOUR + 30 * MIN, 11 * HOUR, true, 'M', 10, 1, 0, 2 * HOUR, 'M',
     4, 1, 0, 2 * HOUR},
    /* negative daylight saving: winter is the daylight time */
    {"IST-1GMT0,M10.5.0,M3.5.0/1", 1 * HOUR, 0, true, 'M', 10, 5, 0, 2 * HOUR, 'M', 3, 5, 0, 1 * HOUR},
    /* rule times below zero and beyond 24 h (POSIX.1-2017) */
    {"IST-2IDT,M3.4.4/26,M10.5.0", 2 * HOUR, 3 * HOUR, true, 'M', 3, 4, 4, 26 * HOUR, 'M', 10, 5, 0, 2 * HOUR},
    {"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", -2 * HOUR, -1 * HOUR, true, 'M', 3, 5, 0, -1 * HOUR, 'M', 10, 5, 0, 0},
    {"EST5EDT4,M3.2.0/-167,M11.1.0/167:59:59", -5 * HOUR, -4 * HOUR, true, 'M', 3, 2, 0, -167 * HOUR, 'M', 11, 1,
     0, 168 * HOUR - SEC},
    {"XXX0YYY,J60/1:30:15,300/+3", 0, HOUR, true, 'J', 0, 0, 60, HOUR + 30 * MIN + 15 * SEC, 'N', 0, 0, 300,
     3 * HOUR},
    {"XXX0YYY,J1,J365", 0, HOUR, true, 'J', 0, 0, 1, 2 * HOUR, 'J', 0, 0, 365, 2 * HOUR},
    {"XXX0YYY,0,365", 0, HOUR, true, 'N', 0, 0, 0, 2 * HOUR, 'N', 0, 0, 365, 2 * HOUR},
    {"est5edt,M12.5.6,M1.1.1", -5 * HOUR, -4 * HOUR, true, 'M', 12, 5, 6, 2 * HOUR, 'M', 1, 1, 1, 2 * HOUR},
    {"<A+1>1<B-1>-1,M3.2.0,M11.1.0", -1 * HOUR, 1 * HOUR, true, 'M', 3, 2, 0, 2 * HOUR, 'M', 11, 1, 0, 2 * HOUR},
    /* rules whose offset never changes are folded into a fixed offset:
     * daylight time all year (tzdata's form), the same offset twice */
    {"EST5EDT,0/0,J365/25", -4 * HOUR, -4 * HOUR, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {"AAA3BBB3,M3.2.0,M11.1.0", -3 * HOUR, -3 * HOUR, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
};

START_TEST(test_parse_good) {
  const good_rule *g = &good_rules[_i];
  ccm_tz tz;
  memset(&tz, 0x5a, sizeof tz);
  ck_assert_msg(ccm_tz_parse(g->text, strlen(g->text), &tz) == CCM_OK, "%s", g->text);
  ck_assert_msg(tz.std_offset == g->std_offset, "%s: std %lld", g->text, (long long)tz.std_offset);
  ck_assert_msg(tz.dst_offset == g->dst_offset, "%s: dst %lld", g->text, (long long)tz.dst_offset);
  ck_assert_msg(tz.has_dst == g->has_dst, "%s: has_dst", g->text);
  if (!g->has_dst) return;
  ck_assert_msg(tz.start.kind == g->start_kind && tz.end.kind == g->end_kind, "%s: kinds", g->text);
  ck_assert_msg(tz.start.time == g->start_time && tz.end.time == g->end_time, "%s: times", g->text);
  ck_assert_msg(tz.start.day == g->start_day && tz.end.day == g->end_day, "%s: days", g->text);
  if (g->start_kind == 'M')
    ck_assert_msg(tz.start.month == g->start_month && tz.start.week == g->start_week, "%s: start", g->text);
  if (g->end_kind == 'M') ck_assert_msg(tz.end.month == g->end_month && tz.end.week == g->end_week, "%s: end", g->text);
}
END_TEST

static const char *const bad_rules[] = {
    "",                            /* empty */
    "EST",                         /* missing offset */
    "5",                           /* missing name */
    "ES5",                         /* name of 2 letters */
    "E5T5",                        /* name with a digit */
    "<AB>5",                       /* quoted name of 2 characters */
    "<ABC5",                       /* unterminated quote */
    "<AB C>5",                     /* blank in a quoted name */
    "<A.B>5",                      /* punctuation in a quoted name */
    ":America/New_York",           /* a database name */
    "EST+",                        /* sign without hours */
    "EST25",                       /* hours beyond 24 */
    "EST-25",                      /* ... either way */
    "EST123",                      /* three digits */
    "EST5:60",                     /* minutes beyond 59 */
    "EST5:5",                      /* one-digit minutes */
    "EST5:00:60",                  /* seconds beyond 59 */
    "EST5:",                       /* colon without minutes */
    "EST5 ",                       /* trailing blank */
    " EST5",                       /* leading blank */
    "EST5ED",                      /* daylight name of 2 letters */
    "EST5EDT25",                   /* daylight offset beyond 24 */
    "EST5,M3.2.0,M11.1.0",         /* rules without a daylight name */
    "EST5EDT,",                    /* comma and nothing */
    "EST5EDT,,",                   /* empty rules */
    "EST5EDT,M3.2.0",              /* missing end rule */
    "EST5EDT,M3.2.0,",             /* empty end rule */
    "EST5EDT;M3.2.0,M11.1.0",      /* wrong separator */
    "EST5EDT,M3.2,M11.1.0",        /* missing day */
    "EST5EDT,M3.2.0.1,M11.1.0",    /* extra field */
    "EST5EDT,M0.2.0,M11.1.0",      /* month 0 */
    "EST5EDT,M13.2.0,M11.1.0",     /* month 13 */
    "EST5EDT,M3.0.0,M11.1.0",      /* week 0 */
    "EST5EDT,M3.6.0,M11.1.0",      /* week 6 */
    "EST5EDT,M3.2.7,M11.1.0",      /* day 7 */
    "EST5EDT,M3.2.0,M11.1.0x",     /* trailing junk */
    "EST5EDT,M3.2.0,M11.1.0,",     /* trailing comma */
    "EST5EDT,M3.2.0/,M11.1.0",     /* slash without a time */
    "EST5EDT,M3.2.0/2:,M11.1.0",   /* colon without minutes */
    "EST5EDT,M3.2.0/168,M11.1.0",  /* rule time beyond 167 h */
    "EST5EDT,M3.2.0/-168,M11.1.0", /* ... either way */
    "EST5EDT,M3.2.0/1000,M11.1.0", /* four digits */
    "EST5EDT,J0,J365",             /* Jn starts at 1 */
    "EST5EDT,J366,J365",           /* Jn ends at 365 */
    "EST5EDT,366,365",             /* n ends at 365 */
    "EST5EDT,m3.2.0,m11.1.0",      /* lower-case M */
    "EST5EDT,M3.2.0,M11.1.0 ",     /* trailing blank */
    "EST5EDT,M3.2.0,J",            /* J without a number */
};

START_TEST(test_parse_bad) {
  const char *text = bad_rules[_i];
  ccm_tz tz, before;
  memset(&tz, 0x5a, sizeof tz);
  before = tz;
  ck_assert_msg(ccm_tz_parse(text, strlen(text), &tz) == CCM_E_PARSE, "accepted \"%s\"", text);
  ck_assert_msg(memcmp(&tz, &before, sizeof tz) == 0, "\"%s\" changed the output", text);
}
END_TEST

START_TEST(test_parse_length) {
  /* the length is the text: no NUL needed, an embedded one is junk */
  ccm_tz tz;
  ck_assert_int_eq(ccm_tz_parse("EST5EDTxyz", 7, &tz), CCM_OK);
  ck_assert_int_eq(tz.dst_offset, -4 * HOUR);
  ck_assert_int_eq(ccm_tz_parse("EST5EDT,M3.2.0,M11.1.0", 14, &tz), CCM_E_PARSE);
  ck_assert_int_eq(ccm_tz_parse("UTC0\0", 5, &tz), CCM_E_PARSE);
  ck_assert_int_eq(ccm_tz_parse(NULL, 0, &tz), CCM_E_PARSE);
  ck_assert_int_eq(ccm_tz_parse("UTC0", 4, NULL), CCM_E_PARSE);
}
END_TEST

/* ---- offsets and changes --------------------------------------------------- */

START_TEST(test_us_eastern_2026) {
  ccm_clock c = rule_clock(US_RULE);
  const ccm_tz *tz = &c.tz;
  /* winter EST, summer EDT, the change exactly at the instant */
  ck_assert_int_eq(ccm_tz_offset(tz, JAN1_2026), -5 * HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, US_START_2026 - 1), -5 * HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, US_START_2026), -4 * HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, utc(2026, 7, 1, 12, 0)), -4 * HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, US_END_2026 - 1), -4 * HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, US_END_2026), -5 * HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, utc(2026, 12, 31, 23, 59)), -5 * HOUR);
  /* local wall clock: 01:59:59.999 EST then 03:00 EDT */
  ck_assert_int_eq(ccm_clock_local(&c, US_START_2026 - 1), utc(2026, 3, 8, 2, 0) - 1);
  ck_assert_int_eq(ccm_clock_local(&c, US_START_2026), utc(2026, 3, 8, 3, 0));
  /* 01:59:59.999 EDT then 01:00 EST */
  ck_assert_int_eq(ccm_clock_local(&c, US_END_2026 - 1), utc(2026, 11, 1, 2, 0) - 1);
  ck_assert_int_eq(ccm_clock_local(&c, US_END_2026), utc(2026, 11, 1, 1, 0));

  ck_assert_int_eq(ccm_tz_next_change(tz, JAN1_2026), US_START_2026);
  ck_assert_int_eq(ccm_tz_next_change(tz, US_START_2026 - 1), US_START_2026);
  ck_assert_int_eq(ccm_tz_next_change(tz, US_START_2026), US_END_2026);
  ck_assert_int_eq(ccm_tz_next_change(tz, US_END_2026 - 1), US_END_2026);
  /* 2027: March 14 (second Sunday) 07:00Z */
  ck_assert_int_eq(ccm_tz_next_change(tz, US_END_2026), utc(2027, 3, 14, 7, 0));
  ck_assert_int_eq(ccm_tz_prev_change(tz, US_START_2026), US_START_2026);
  ck_assert_int_eq(ccm_tz_prev_change(tz, US_START_2026 - 1), US_END_2025);
  ck_assert_int_eq(ccm_tz_prev_change(tz, JAN1_2026), US_END_2025);
  ck_assert_int_eq(ccm_tz_prev_change(tz, US_END_2026 - 1), US_START_2026);
  ck_assert_int_eq(ccm_tz_prev_change(tz, US_END_2026), US_END_2026);
}
END_TEST

START_TEST(test_eu_central_2026) {
  ccm_clock c = rule_clock(EU_RULE);
  const ccm_tz *tz = &c.tz;
  ck_assert_int_eq(ccm_tz_offset(tz, JAN1_2026), HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, EU_START_2026 - 1), HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, EU_START_2026), 2 * HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, EU_END_2026 - 1), 2 * HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, EU_END_2026), HOUR);
  /* 01:59:59.999 CET then 03:00 CEST; 02:59:59.999 CEST then 02:00 CET */
  ck_assert_int_eq(ccm_clock_local(&c, EU_START_2026 - 1), utc(2026, 3, 29, 2, 0) - 1);
  ck_assert_int_eq(ccm_clock_local(&c, EU_START_2026), utc(2026, 3, 29, 3, 0));
  ck_assert_int_eq(ccm_clock_local(&c, EU_END_2026 - 1), utc(2026, 10, 25, 3, 0) - 1);
  ck_assert_int_eq(ccm_clock_local(&c, EU_END_2026), utc(2026, 10, 25, 2, 0));
  ck_assert_int_eq(ccm_tz_next_change(tz, JAN1_2026), EU_START_2026);
  ck_assert_int_eq(ccm_tz_next_change(tz, EU_START_2026), EU_END_2026);
  ck_assert_int_eq(ccm_tz_prev_change(tz, EU_END_2026 + DAY), EU_END_2026);
  ck_assert_int_eq(ccm_tz_prev_change(tz, EU_END_2026 - 1), EU_START_2026);
  /* 2025: October 26 01:00Z */
  ck_assert_int_eq(ccm_tz_prev_change(tz, EU_START_2026 - 1), utc(2025, 10, 26, 1, 0));
}
END_TEST

START_TEST(test_sydney_2026) {
  /* daylight time over the new year: January is AEDT (+11) */
  ccm_clock c = rule_clock(SYD_RULE);
  const ccm_tz *tz = &c.tz;
  ck_assert_int_eq(ccm_tz_offset(tz, JAN1_2026), 11 * HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, SYD_END_2026 - 1), 11 * HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, SYD_END_2026), 10 * HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, utc(2026, 7, 1, 0, 0)), 10 * HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, SYD_START_2026 - 1), 10 * HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, SYD_START_2026), 11 * HOUR);
  ck_assert_int_eq(ccm_tz_offset(tz, utc(2026, 12, 31, 23, 0)), 11 * HOUR);
  ck_assert_int_eq(ccm_tz_next_change(tz, JAN1_2026), SYD_END_2026);
  ck_assert_int_eq(ccm_tz_next_change(tz, SYD_END_2026), SYD_START_2026);
  /* 2027: the first Sunday of April is April 4, 03:00 AEDT = April 3 16:00Z */
  ck_assert_int_eq(ccm_tz_next_change(tz, SYD_START_2026), utc(2027, 4, 3, 16, 0));
  /* 2025: the first Sunday of October is October 5, 02:00 AEST = October 4 16:00Z */
  ck_assert_int_eq(ccm_tz_prev_change(tz, JAN1_2026), utc(2025, 10, 4, 16, 0));
  ck_assert_int_eq(ccm_tz_prev_change(tz, SYD_START_2026 - 1), SYD_END_2026);
  /* 03:00 AEDT becomes 02:00 AEST; 02:00 AEST becomes 03:00 AEDT */
  ck_assert_int_eq(ccm_clock_local(&c, SYD_END_2026), utc(2026, 4, 5, 2, 0));
  ck_assert_int_eq(ccm_clock_local(&c, SYD_START_2026), utc(2026, 10, 4, 3, 0));
}
END_TEST

START_TEST(test_rule_forms) {
  ccm_tz tz;
  /* J60 is March 1 in every year; n = 59 is February 29 in a leap year and
   * March 1 otherwise; J300 is October 27 always; n = 299 is October 26 in
   * a leap year.  Standard offset 0, so a start at 02:00 local is 02:00Z
   * and an end at 02:00 daylight local is 01:00Z. */
  ck_assert_int_eq(ccm_tz_parse("XXX0YYY,J60,J300", 16, &tz), CCM_OK);
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2024, 1, 1, 0, 0)), utc(2024, 3, 1, 2, 0));
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2024, 3, 1, 2, 0)), utc(2024, 10, 27, 1, 0));
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2026, 1, 1, 0, 0)), utc(2026, 3, 1, 2, 0));
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2026, 3, 1, 2, 0)), utc(2026, 10, 27, 1, 0));
  ck_assert_int_eq(ccm_tz_parse("XXX0YYY,59,299", 14, &tz), CCM_OK);
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2024, 1, 1, 0, 0)), utc(2024, 2, 29, 2, 0));
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2024, 2, 29, 2, 0)), utc(2024, 10, 26, 1, 0));
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2026, 1, 1, 0, 0)), utc(2026, 3, 1, 2, 0));
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2026, 3, 1, 2, 0)), utc(2026, 10, 27, 1, 0));
  /* /-1: March 29 2026 (last Sunday) -1 h = March 28 23:00 local = UTC;
   * /25: October 25 + 25 h daylight (+1) local = October 26 01:00 local =
   * October 26 00:00Z. */
  ck_assert_int_eq(ccm_tz_parse("XXX0YYY,M3.5.0/-1,M10.5.0/25", 28, &tz), CCM_OK);
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2026, 1, 1, 0, 0)), utc(2026, 3, 28, 23, 0));
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2026, 3, 28, 23, 0)), utc(2026, 10, 26, 0, 0));
  /* /167: March 1 2026 (first Sunday) + 6 d 23 h = March 7 23:00Z;
   * /-167: October 4 2026 - 6 d 23 h = September 27 01:00 daylight local
   * = September 27 00:00Z. */
  ck_assert_int_eq(ccm_tz_parse("XXX0YYY,M3.1.0/167,M10.1.0/-167", 31, &tz), CCM_OK);
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2026, 1, 1, 0, 0)), utc(2026, 3, 7, 23, 0));
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2026, 3, 7, 23, 0)), utc(2026, 9, 27, 0, 0));
  ck_assert_int_eq(ccm_tz_prev_change(&tz, utc(2026, 12, 1, 0, 0)), utc(2026, 9, 27, 0, 0));
  /* a change of one year that happens in the next: J365/100 is December
   * 31 + 100 h = January 4 04:00Z; J200 is July 19, 02:00 daylight local =
   * 01:00Z */
  ck_assert_int_eq(ccm_tz_parse("XXX0YYY,J365/100,J200", 21, &tz), CCM_OK);
  ck_assert_int_eq(ccm_tz_offset(&tz, utc(2026, 1, 2, 0, 0)), 0);
  ck_assert_int_eq(ccm_tz_offset(&tz, utc(2026, 1, 5, 0, 0)), HOUR);
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2026, 1, 1, 0, 0)), utc(2026, 1, 4, 4, 0));
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2026, 1, 4, 4, 0)), utc(2026, 7, 19, 1, 0));
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2026, 7, 19, 1, 0)), utc(2027, 1, 4, 4, 0));
  ck_assert_int_eq(ccm_tz_prev_change(&tz, utc(2026, 3, 1, 0, 0)), utc(2026, 1, 4, 4, 0));
  ck_assert_int_eq(ccm_tz_prev_change(&tz, utc(2026, 1, 3, 0, 0)), utc(2025, 7, 19, 1, 0));
  /* a fixed offset never changes */
  ck_assert_int_eq(ccm_tz_parse("<+0530>-5:30", 12, &tz), CCM_OK);
  ck_assert_int_eq(ccm_tz_offset(&tz, JAN1_2026), 5 * HOUR + 30 * MIN);
  ck_assert_int_eq(ccm_tz_next_change(&tz, JAN1_2026), INT64_MAX);
  ck_assert_int_eq(ccm_tz_prev_change(&tz, JAN1_2026), INT64_MIN);
  /* daylight time all year, folded */
  ck_assert_int_eq(ccm_tz_parse("EST5EDT,0/0,J365/25", 19, &tz), CCM_OK);
  ck_assert_int_eq(ccm_tz_offset(&tz, JAN1_2026), -4 * HOUR);
  ck_assert_int_eq(ccm_tz_next_change(&tz, JAN1_2026), INT64_MAX);
}
END_TEST

START_TEST(test_leap_only_changes) {
  /* Daylight time from day 0 to day 365 (zero-based): in a leap year day
   * 365 is December 31, so the year ends with a day of standard time; in
   * other years day 365 is January 1 of the next year and nothing changes.
   * 2096 is a leap year, 2100 is not: after the change of 2096 the next is
   * in 2104. */
  ccm_tz tz;
  int64_t t;
  ck_assert_int_eq(ccm_tz_parse("XXX0YYY,0/0,365/1", 17, &tz), CCM_OK);
  ck_assert(tz.has_dst);
  ck_assert_int_eq(ccm_tz_offset(&tz, utc(2026, 6, 1, 0, 0)), HOUR);
  /* 2096-12-31 01:00 daylight local = 00:00Z: standard until 2097-01-01 00:00Z */
  t = ccm_tz_next_change(&tz, utc(2096, 1, 2, 0, 0));
  ck_assert_int_eq(t, utc(2096, 12, 31, 0, 0));
  ck_assert_int_eq(ccm_tz_offset(&tz, t), 0);
  ck_assert_int_eq(ccm_tz_next_change(&tz, t), utc(2097, 1, 1, 0, 0));
  ck_assert_int_eq(ccm_tz_next_change(&tz, utc(2097, 1, 1, 0, 0)), utc(2104, 12, 31, 0, 0));
  ck_assert_int_eq(ccm_tz_prev_change(&tz, utc(2104, 12, 30, 0, 0)), utc(2097, 1, 1, 0, 0));
}
END_TEST

/* Every change of a rule for years 1 .. 9999, walked both ways: each is
 * where the rule says (month, day range, Sunday, local time of day). */
typedef struct rule_check {
  const char *rule;
  int start_month, start_hour; /* start: first or second Sunday */
  int start_first_day;
  int end_month, end_hour;
  int end_first_day;
} rule_check;

static void check_all_years(const rule_check *rc) {
  ccm_tz tz;
  int64_t *list = malloc(20100 * sizeof *list);
  int64_t t = utc(1, 1, 1, 0, 0), end = utc(10000, 1, 1, 0, 0);
  size_t n = 0, i;
  ck_assert_ptr_nonnull(list);
  ck_assert_int_eq(ccm_tz_parse(rc->rule, strlen(rc->rule), &tz), CCM_OK);
  for (;;) {
    int64_t c = ccm_tz_next_change(&tz, t), local, y;
    int32_t m, d;
    bool dst;
    CHECK(c > t, "next_change did not advance");
    if (c >= end) break;
    dst = ccm_tz_offset(&tz, c) == tz.dst_offset;
    CHECK(ccm_tz_offset(&tz, c - 1) == (dst ? tz.std_offset : tz.dst_offset), "no change at %lld", (long long)c);
    /* the rule time is in the local time in force before the change */
    local = c + (dst ? tz.std_offset : tz.dst_offset);
    ccm_civil_from_days(floor_div(local, DAY), &y, &m, &d);
    CHECK(ccm_weekday(floor_div(local, DAY)) == 6, "not a Sunday: %lld", (long long)c);
    if (dst) {
      CHECK(m == rc->start_month && d >= rc->start_first_day && d < rc->start_first_day + 7, "start %lld-%d-%d",
            (long long)y, m, d);
      CHECK(local - floor_div(local, DAY) * DAY == rc->start_hour * HOUR, "start time");
    } else {
      CHECK(m == rc->end_month && d >= rc->end_first_day && d < rc->end_first_day + 7, "end %lld-%d-%d",
            (long long)y, m, d);
      CHECK(local - floor_div(local, DAY) * DAY == rc->end_hour * HOUR, "end time");
    }
    CHECK(n == 0 || ccm_tz_prev_change(&tz, c - 1) == list[n - 1], "prev_change");
    CHECK(ccm_tz_prev_change(&tz, c) == c, "prev_change at the change");
    list[n++] = c;
    t = c;
  }
  ck_assert_int_eq(n, 2 * 9999);
  /* and backwards */
  t = end;
  for (i = n; i-- > 0;) {
    t = ccm_tz_prev_change(&tz, t - 1);
    CHECK(t == list[i], "backwards %zu", i);
  }
  free(list);
}

START_TEST(test_all_years_us) {
  static const rule_check rc = {US_RULE, 3, 2, 8, 11, 2, 1};
  check_all_years(&rc);
}
END_TEST

START_TEST(test_all_years_sydney) {
  static const rule_check rc = {SYD_RULE, 10, 2, 1, 4, 3, 1};
  check_all_years(&rc);
}
END_TEST

START_TEST(test_stretch_consistency) {
  /* For random instants, prev <= t < next and the offset is constant on
   * [prev, next) and different on both sides. */
  static const char *const rules[] = {US_RULE, EU_RULE, SYD_RULE, "IST-1GMT0,M10.5.0,M3.5.0/1",
                                      "<-04>4<-03>,M9.1.6/24,M4.1.6/24", "XXX0YYY,M3.1.0/167,M10.1.0/-167"};
  uint64_t s = 12345;
  size_t r;
  int i;
  for (r = 0; r < sizeof rules / sizeof *rules; r++) {
    ccm_tz tz;
    ck_assert_int_eq(ccm_tz_parse(rules[r], strlen(rules[r]), &tz), CCM_OK);
    for (i = 0; i < 3000; i++) {
      int64_t t, p, n, o;
      s = s * 6364136223846793005u + 1442695040888963407u;
      t = utc(1, 1, 1, 0, 0) + (int64_t)((s >> 11) % (uint64_t)(utc(9999, 12, 31, 0, 0) - utc(1, 1, 1, 0, 0)));
      p = ccm_tz_prev_change(&tz, t);
      n = ccm_tz_next_change(&tz, t);
      o = ccm_tz_offset(&tz, t);
      CHECK(p <= t && t < n && n - p < 366 * DAY, "%s: %lld in [%lld, %lld)", rules[r], (long long)t, (long long)p,
            (long long)n);
      CHECK(ccm_tz_offset(&tz, p) == o && ccm_tz_offset(&tz, n - 1) == o, "%s: not constant", rules[r]);
      CHECK(ccm_tz_offset(&tz, p - 1) != o && ccm_tz_offset(&tz, n) != o, "%s: not a change", rules[r]);
    }
  }
}
END_TEST

START_TEST(test_extremes) {
  ccm_clock c = rule_clock(US_RULE);
  /* no overflow whatever the instant: far years repeat the edge's offset */
  ck_assert_int_eq(ccm_tz_offset(&c.tz, INT64_MAX), -5 * HOUR);
  ck_assert_int_eq(ccm_tz_offset(&c.tz, INT64_MIN), -5 * HOUR);
  ck_assert_int_eq(ccm_tz_next_change(&c.tz, INT64_MAX), INT64_MAX);
  ck_assert_int_eq(ccm_tz_prev_change(&c.tz, INT64_MIN), INT64_MIN);
  ck_assert(ccm_tz_next_change(&c.tz, INT64_MIN) < utc(-99990, 1, 1, 0, 0));
  ck_assert(ccm_tz_prev_change(&c.tz, INT64_MAX) > utc(99990, 1, 1, 0, 0));
  /* UTC */
  ccm_clock_utc(&c);
  ck_assert_int_eq(ccm_clock_offset(&c, JAN1_2026), 0);
  ck_assert_int_eq(ccm_tz_next_change(&c.tz, JAN1_2026), INT64_MAX);
}
END_TEST

/* ---- against the tz database ------------------------------------------------ */

typedef struct xzone {
  const char *zone, *rule;
  int first_year, last_year;
  int32_t start; /* offset at the start of first_year, seconds */
} xzone;

typedef struct xchange {
  int zone;
  int64_t t;      /* seconds */
  int32_t offset; /* after the change, seconds */
} xchange;

/* BEGIN tz-crosscheck (tests/tz-crosscheck.py --print) */
static const xzone xzones[] = {
    {"America/New_York", "EST5EDT,M3.2.0,M11.1.0", 2025, 2040, -18000},
    {"Europe/Berlin", "CET-1CEST,M3.5.0,M10.5.0/3", 2025, 2040, 3600},
    {"Australia/Sydney", "AEST-10AEDT,M10.1.0,M4.1.0/3", 2025, 2040, 39600},
    {"Pacific/Auckland", "NZST-12NZDT,M9.5.0,M4.1.0/3", 2025, 2040, 46800},
    {"America/Nuuk", "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", 2025, 2040, -7200},
    {"Asia/Jerusalem", "IST-2IDT,M3.4.4/26,M10.5.0", 2025, 2040, 7200},
    {"America/Santiago", "<-04>4<-03>,M9.1.6/24,M4.1.6/24", 2025, 2040, -10800},
    {"Europe/Dublin", "IST-1GMT0,M10.5.0,M3.5.0/1", 2025, 2040, 0},
    {"Pacific/Chatham", "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45", 2025, 2040, 49500},
    {"Australia/Lord_Howe", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", 2025, 2040, 39600},
};
static const xchange xtrans[] = {
    {0, 1741503600, -14400},
    {0, 1762063200, -18000},
    {0, 1772953200, -14400},
    {0, 1793512800, -18000},
    {0, 1805007600, -14400},
    {0, 1825567200, -18000},
    {0, 1836457200, -14400},
    {0, 1857016800, -18000},
    {0, 1867906800, -14400},
    {0, 1888466400, -18000},
    {0, 1899356400, -14400},
    {0, 1919916000, -18000},
    {0, 1930806000, -14400},
    {0, 1951365600, -18000},
    {0, 1962860400, -14400},
    {0, 1983420000, -18000},
    {0, 1994310000, -14400},
    {0, 2014869600, -18000},
    {0, 2025759600, -14400},
    {0, 2046319200, -18000},
    {0, 2057209200, -14400},
    {0, 2077768800, -18000},
    {0, 2088658800, -14400},
    {0, 2109218400, -18000},
    {0, 2120108400, -14400},
    {0, 2140668000, -18000},
    {0, 2152162800, -14400},
    {0, 2172722400, -18000},
    {0, 2183612400, -14400},
    {0, 2204172000, -18000},
    {0, 2215062000, -14400},
    {0, 2235621600, -18000},
    {1, 1743296400, 7200},
    {1, 1761440400, 3600},
    {1, 1774746000, 7200},
    {1, 1792890000, 3600},
    {1, 1806195600, 7200},
    {1, 1824944400, 3600},
    {1, 1837645200, 7200},
    {1, 1856394000, 3600},
    {1, 1869094800, 7200},
    {1, 1887843600, 3600},
    {1, 1901149200, 7200},
    {1, 1919293200, 3600},
    {1, 1932598800, 7200},
    {1, 1950742800, 3600},
    {1, 1964048400, 7200},
    {1, 1982797200, 3600},
    {1, 1995498000, 7200},
    {1, 2014246800, 3600},
    {1, 2026947600, 7200},
    {1, 2045696400, 3600},
    {1, 2058397200, 7200},
    {1, 2077146000, 3600},
    {1, 2090451600, 7200},
    {1, 2108595600, 3600},
    {1, 2121901200, 7200},
    {1, 2140045200, 3600},
    {1, 2153350800, 7200},
    {1, 2172099600, 3600},
    {1, 2184800400, 7200},
    {1, 2203549200, 3600},
    {1, 2216250000, 7200},
    {1, 2234998800, 3600},
    {2, 1743868800, 36000},
    {2, 1759593600, 39600},
    {2, 1775318400, 36000},
    {2, 1791043200, 39600},
    {2, 1806768000, 36000},
    {2, 1822492800, 39600},
    {2, 1838217600, 36000},
    {2, 1853942400, 39600},
    {2, 1869667200, 36000},
    {2, 1885996800, 39600},
    {2, 1901721600, 36000},
    {2, 1917446400, 39600},
    {2, 1933171200, 36000},
    {2, 1948896000, 39600},
    {2, 1964620800, 36000},
    {2, 1980345600, 39600},
    {2, 1996070400, 36000},
    {2, 2011795200, 39600},
    {2, 2027520000, 36000},
    {2, 2043244800, 39600},
    {2, 2058969600, 36000},
    {2, 2075299200, 39600},
    {2, 2091024000, 36000},
    {2, 2106748800, 39600},
    {2, 2122473600, 36000},
    {2, 2138198400, 39600},
    {2, 2153923200, 36000},
    {2, 2169648000, 39600},
    {2, 2185372800, 36000},
    {2, 2201097600, 39600},
    {2, 2216822400, 36000},
    {2, 2233152000, 39600},
    {3, 1743861600, 43200},
    {3, 1758981600, 46800},
    {3, 1775311200, 43200},
    {3, 1790431200, 46800},
    {3, 1806760800, 43200},
    {3, 1821880800, 46800},
    {3, 1838210400, 43200},
    {3, 1853330400, 46800},
    {3, 1869660000, 43200},
    {3, 1885384800, 46800},
    {3, 1901714400, 43200},
    {3, 1916834400, 46800},
    {3, 1933164000, 43200},
    {3, 1948284000, 46800},
    {3, 1964613600, 43200},
    {3, 1979733600, 46800},
    {3, 1996063200, 43200},
    {3, 2011183200, 46800},
    {3, 2027512800, 43200},
    {3, 2042632800, 46800},
    {3, 2058962400, 43200},
    {3, 2074687200, 46800},
    {3, 2091016800, 43200},
    {3, 2106136800, 46800},
    {3, 2122466400, 43200},
    {3, 2137586400, 46800},
    {3, 2153916000, 43200},
    {3, 2169036000, 46800},
    {3, 2185365600, 43200},
    {3, 2200485600, 46800},
    {3, 2216815200, 43200},
    {3, 2232540000, 46800},
    {4, 1743296400, -3600},
    {4, 1761440400, -7200},
    {4, 1774746000, -3600},
    {4, 1792890000, -7200},
    {4, 1806195600, -3600},
    {4, 1824944400, -7200},
    {4, 1837645200, -3600},
    {4, 1856394000, -7200},
    {4, 1869094800, -3600},
    {4, 1887843600, -7200},
    {4, 1901149200, -3600},
    {4, 1919293200, -7200},
    {4, 1932598800, -3600},
    {4, 1950742800, -7200},
    {4, 1964048400, -3600},
    {4, 1982797200, -7200},
    {4, 1995498000, -3600},
    {4, 2014246800, -7200},
    {4, 2026947600, -3600},
    {4, 2045696400, -7200},
    {4, 2058397200, -3600},
    {4, 2077146000, -7200},
    {4, 2090451600, -3600},
    {4, 2108595600, -7200},
    {4, 2121901200, -3600},
    {4, 2140045200, -7200},
    {4, 2153350800, -3600},
    {4, 2172099600, -7200},
    {4, 2184800400, -3600},
    {4, 2203549200, -7200},
    {4, 2216250000, -3600},
    {4, 2234998800, -7200},
    {5, 1743120000, 10800},
    {5, 1761433200, 7200},
    {5, 1774569600, 10800},
    {5, 1792882800, 7200},
    {5, 1806019200, 10800},
    {5, 1824937200, 7200},
    {5, 1837468800, 10800},
    {5, 1856386800, 7200},
    {5, 1868918400, 10800},
    {5, 1887836400, 7200},
    {5, 1900972800, 10800},
    {5, 1919286000, 7200},
    {5, 1932422400, 10800},
    {5, 1950735600, 7200},
    {5, 1963872000, 10800},
    {5, 1982790000, 7200},
    {5, 1995321600, 10800},
    {5, 2014239600, 7200},
    {5, 2026771200, 10800},
    {5, 2045689200, 7200},
    {5, 2058220800, 10800},
    {5, 2077138800, 7200},
    {5, 2090275200, 10800},
    {5, 2108588400, 7200},
    {5, 2121724800, 10800},
    {5, 2140038000, 7200},
    {5, 2153174400, 10800},
    {5, 2172092400, 7200},
    {5, 2184624000, 10800},
    {5, 2203542000, 7200},
    {5, 2216073600, 10800},
    {5, 2234991600, 7200},
    {6, 1743908400, -14400},
    {6, 1757217600, -10800},
    {6, 1775358000, -14400},
    {6, 1788667200, -10800},
    {6, 1806807600, -14400},
    {6, 1820116800, -10800},
    {6, 1838257200, -14400},
    {6, 1851566400, -10800},
    {6, 1870311600, -14400},
    {6, 1883016000, -10800},
    {6, 1901761200, -14400},
    {6, 1915070400, -10800},
    {6, 1933210800, -14400},
    {6, 1946520000, -10800},
    {6, 1964660400, -14400},
    {6, 1977969600, -10800},
    {6, 1996110000, -14400},
    {6, 2009419200, -10800},
    {6, 2027559600, -14400},
    {6, 2040868800, -10800},
    {6, 2059614000, -14400},
    {6, 2072318400, -10800},
    {6, 2091063600, -14400},
    {6, 2104372800, -10800},
    {6, 2122513200, -14400},
    {6, 2135822400, -10800},
    {6, 2153962800, -14400},
    {6, 2167272000, -10800},
    {6, 2185412400, -14400},
    {6, 2198721600, -10800},
    {6, 2217466800, -14400},
    {6, 2230171200, -10800},
    {7, 1743296400, 3600},
    {7, 1761440400, 0},
    {7, 1774746000, 3600},
    {7, 1792890000, 0},
    {7, 1806195600, 3600},
    {7, 1824944400, 0},
    {7, 1837645200, 3600},
    {7, 1856394000, 0},
    {7, 1869094800, 3600},
    {7, 1887843600, 0},
    {7, 1901149200, 3600},
    {7, 1919293200, 0},
    {7, 1932598800, 3600},
    {7, 1950742800, 0},
    {7, 1964048400, 3600},
    {7, 1982797200, 0},
    {7, 1995498000, 3600},
    {7, 2014246800, 0},
    {7, 2026947600, 3600},
    {7, 2045696400, 0},
    {7, 2058397200, 3600},
    {7, 2077146000, 0},
    {7, 2090451600, 3600},
    {7, 2108595600, 0},
    {7, 2121901200, 3600},
    {7, 2140045200, 0},
    {7, 2153350800, 3600},
    {7, 2172099600, 0},
    {7, 2184800400, 3600},
    {7, 2203549200, 0},
    {7, 2216250000, 3600},
    {7, 2234998800, 0},
    {8, 1743861600, 45900},
    {8, 1758981600, 49500},
    {8, 1775311200, 45900},
    {8, 1790431200, 49500},
    {8, 1806760800, 45900},
    {8, 1821880800, 49500},
    {8, 1838210400, 45900},
    {8, 1853330400, 49500},
    {8, 1869660000, 45900},
    {8, 1885384800, 49500},
    {8, 1901714400, 45900},
    {8, 1916834400, 49500},
    {8, 1933164000, 45900},
    {8, 1948284000, 49500},
    {8, 1964613600, 45900},
    {8, 1979733600, 49500},
    {8, 1996063200, 45900},
    {8, 2011183200, 49500},
    {8, 2027512800, 45900},
    {8, 2042632800, 49500},
    {8, 2058962400, 45900},
    {8, 2074687200, 49500},
    {8, 2091016800, 45900},
    {8, 2106136800, 49500},
    {8, 2122466400, 45900},
    {8, 2137586400, 49500},
    {8, 2153916000, 45900},
    {8, 2169036000, 49500},
    {8, 2185365600, 45900},
    {8, 2200485600, 49500},
    {8, 2216815200, 45900},
    {8, 2232540000, 49500},
    {9, 1743865200, 37800},
    {9, 1759591800, 39600},
    {9, 1775314800, 37800},
    {9, 1791041400, 39600},
    {9, 1806764400, 37800},
    {9, 1822491000, 39600},
    {9, 1838214000, 37800},
    {9, 1853940600, 39600},
    {9, 1869663600, 37800},
    {9, 1885995000, 39600},
    {9, 1901718000, 37800},
    {9, 1917444600, 39600},
    {9, 1933167600, 37800},
    {9, 1948894200, 39600},
    {9, 1964617200, 37800},
    {9, 1980343800, 39600},
    {9, 1996066800, 37800},
    {9, 2011793400, 39600},
    {9, 2027516400, 37800},
    {9, 2043243000, 39600},
    {9, 2058966000, 37800},
    {9, 2075297400, 39600},
    {9, 2091020400, 37800},
    {9, 2106747000, 39600},
    {9, 2122470000, 37800},
    {9, 2138196600, 39600},
    {9, 2153919600, 37800},
    {9, 2169646200, 39600},
    {9, 2185369200, 37800},
    {9, 2201095800, 39600},
    {9, 2216818800, 37800},
    {9, 2233150200, 39600},
};
/* END tz-crosscheck */
static const size_t nxzones = sizeof xzones / sizeof *xzones, nxtrans = sizeof xtrans / sizeof *xtrans;

START_TEST(test_tz_database) {
  const xzone *z = &xzones[_i];
  ccm_tz tz;
  int64_t t = utc(z->first_year, 1, 1, 0, 0), end = utc(z->last_year + 1, 1, 1, 0, 0), prev = INT64_MIN;
  int64_t o = z->start * SEC;
  size_t i, n = 0;
  ck_assert_int_eq(ccm_tz_parse(z->rule, strlen(z->rule), &tz), CCM_OK);
  ck_assert_msg(ccm_tz_offset(&tz, t) == o, "%s: offset at the start", z->zone);
  for (i = 0; i < nxtrans; i++) {
    int64_t c;
    if (xtrans[i].zone != _i) continue;
    c = ccm_tz_next_change(&tz, t);
    ck_assert_msg(c == xtrans[i].t * SEC, "%s: change %lld, expected %lld", z->zone, (long long)c,
                  (long long)xtrans[i].t * SEC);
    ck_assert_msg(ccm_tz_offset(&tz, c - 1) == o, "%s: before %lld", z->zone, (long long)c);
    ck_assert_msg(ccm_tz_offset(&tz, (t + c) / 2) == o, "%s: between", z->zone);
    o = xtrans[i].offset * SEC;
    ck_assert_msg(ccm_tz_offset(&tz, c) == o, "%s: after %lld", z->zone, (long long)c);
    ck_assert_int_eq(ccm_tz_prev_change(&tz, c), c);
    if (prev != INT64_MIN) ck_assert_int_eq(ccm_tz_prev_change(&tz, c - 1), prev);
    prev = c;
    t = c;
    n++;
  }
  ck_assert_msg(ccm_tz_next_change(&tz, t) >= end, "%s: a change too many", z->zone);
  ck_assert_int_eq(n, 2 * (z->last_year - z->first_year + 1));
}
END_TEST

/* ---- runs of local time (buckets) ------------------------------------------- */

static void assert_run(const ccm_clock *c, int64_t t, int64_t local_lo, int64_t local_hi, int64_t start, int64_t end) {
  int64_t s, e;
  ccm_clock_run(c, t, local_lo, local_hi, &s, &e);
  ck_assert_msg(s == start && e == end, "run of %lld in [%lld, %lld): [%lld, %lld), expected [%lld, %lld)",
                (long long)t, (long long)local_lo, (long long)local_hi, (long long)s, (long long)e,
                (long long)start, (long long)end);
}

typedef struct day_walk {
  int runs;
  int64_t first, end; /* instants of the local day */
} day_walk;

/* Walk the buckets of width w (a divisor of a day, or a day) through local
 * day `day`, run after run: the runs must tile the day's instants, each a
 * maximal run of its bucket. */
static day_walk walk_day(const ccm_clock *c, int64_t day, int64_t w) {
  day_walk dw;
  int64_t t;
  dw.runs = 0;
  dw.first = ccm_clock_first_at(c, day * DAY);
  dw.end = ccm_clock_first_at(c, (day + 1) * DAY);
  for (t = dw.first; t < dw.end;) {
    int64_t local = ccm_clock_local(c, t), lo = floor_div(local, w) * w, s, e;
    CHECK(floor_div(local, DAY) == day, "instant %lld outside its local day", (long long)t);
    ccm_clock_run(c, t, lo, lo + w, &s, &e);
    CHECK(s == t && e > t, "run of %lld: [%lld, %lld)", (long long)t, (long long)s, (long long)e);
    CHECK(ccm_clock_local(c, e - 1) >= lo && ccm_clock_local(c, e - 1) < lo + w, "run end inside");
    CHECK(ccm_clock_local(c, e) < lo || ccm_clock_local(c, e) >= lo + w, "run not maximal at its end");
    CHECK(ccm_clock_local(c, s - 1) < lo || ccm_clock_local(c, s - 1) >= lo + w, "run not maximal at its start");
    dw.runs++;
    t = e;
  }
  ck_assert_int_eq(t, dw.end);
  return dw;
}

/* The day number of a date. */
static int64_t D(int y, int m, int d) { return ccm_days_from_civil(y, m, d); }
/* A local time as ms (the same arithmetic as utc()). */
#define L(y_, m_, d_, hh_, mm_) utc((y_), (m_), (d_), (hh_), (mm_))

static void check_day(const ccm_clock *c, int64_t day, int64_t hours, int intervals15, int hours_runs) {
  day_walk dw = walk_day(c, day, 15 * MIN);
  ck_assert_int_eq(dw.end - dw.first, hours * HOUR);
  ck_assert_int_eq(dw.runs, intervals15);
  dw = walk_day(c, day, HOUR);
  ck_assert_int_eq(dw.runs, hours_runs);
  dw = walk_day(c, day, DAY);
  ck_assert_int_eq(dw.runs, 1);
  ck_assert_int_eq(dw.end - dw.first, hours * HOUR);
}

START_TEST(test_runs_us) {
  ccm_clock c = rule_clock(US_RULE);
  /* a plain day: 96 intervals; the spring-forward day: 23 h, 92 intervals
   * (02:00-03:00 does not exist), 23 hours; the fall-back day: 25 h, 100
   * intervals (01:00-02:00 twice), but 24 hour buckets, 01:00-02:00 being
   * one unbroken run of two hours */
  check_day(&c, D(2026, 1, 14), 24, 96, 24);
  check_day(&c, D(2026, 3, 8), 23, 92, 23);
  check_day(&c, D(2026, 11, 1), 25, 100, 24);
  /* the repeated intervals are two runs each */
  assert_run(&c, utc(2026, 11, 1, 5, 5), L(2026, 11, 1, 1, 0), L(2026, 11, 1, 1, 15), utc(2026, 11, 1, 5, 0),
             utc(2026, 11, 1, 5, 15));
  assert_run(&c, utc(2026, 11, 1, 6, 5), L(2026, 11, 1, 1, 0), L(2026, 11, 1, 1, 15), utc(2026, 11, 1, 6, 0),
             utc(2026, 11, 1, 6, 15));
  assert_run(&c, utc(2026, 11, 1, 5, 59), L(2026, 11, 1, 1, 45), L(2026, 11, 1, 2, 0), utc(2026, 11, 1, 5, 45),
             US_END_2026);
  assert_run(&c, utc(2026, 11, 1, 6, 45), L(2026, 11, 1, 1, 45), L(2026, 11, 1, 2, 0), utc(2026, 11, 1, 6, 45),
             utc(2026, 11, 1, 7, 0));
  /* a 2-hour bucket 00:00-02:00 on the fall-back day: one 3-hour run */
  assert_run(&c, utc(2026, 11, 1, 4, 30), L(2026, 11, 1, 0, 0), L(2026, 11, 1, 2, 0), utc(2026, 11, 1, 4, 0),
             utc(2026, 11, 1, 7, 0));
  assert_run(&c, utc(2026, 11, 1, 6, 30), L(2026, 11, 1, 0, 0), L(2026, 11, 1, 2, 0), utc(2026, 11, 1, 4, 0),
             utc(2026, 11, 1, 7, 0));
  /* spring forward: 00:00-02:00 is 05:00Z-07:00Z; 02:00-04:00 only 07:00Z-08:00Z */
  assert_run(&c, utc(2026, 3, 8, 6, 30), L(2026, 3, 8, 0, 0), L(2026, 3, 8, 2, 0), utc(2026, 3, 8, 5, 0),
             US_START_2026);
  assert_run(&c, utc(2026, 3, 8, 7, 30), L(2026, 3, 8, 2, 0), L(2026, 3, 8, 4, 0), US_START_2026,
             utc(2026, 3, 8, 8, 0));
  assert_run(&c, US_START_2026, L(2026, 3, 8, 3, 0), L(2026, 3, 8, 3, 15), US_START_2026, utc(2026, 3, 8, 7, 15));
  assert_run(&c, US_START_2026 - 1, L(2026, 3, 8, 1, 45), L(2026, 3, 8, 2, 0), utc(2026, 3, 8, 6, 45),
             US_START_2026);
  /* dates: 23 and 25 hours */
  assert_run(&c, utc(2026, 3, 8, 12, 0), L(2026, 3, 8, 0, 0), L(2026, 3, 9, 0, 0), utc(2026, 3, 8, 5, 0),
             utc(2026, 3, 9, 4, 0));
  assert_run(&c, utc(2026, 11, 1, 12, 0), L(2026, 11, 1, 0, 0), L(2026, 11, 2, 0, 0), utc(2026, 11, 1, 4, 0),
             utc(2026, 11, 2, 5, 0));
  /* a week (Monday October 26 .. Monday November 2) and a month (March) */
  assert_run(&c, utc(2026, 10, 30, 0, 0), L(2026, 10, 26, 0, 0), L(2026, 11, 2, 0, 0), utc(2026, 10, 26, 4, 0),
             utc(2026, 11, 2, 5, 0));
  assert_run(&c, utc(2026, 3, 20, 0, 0), L(2026, 3, 1, 0, 0), L(2026, 4, 1, 0, 0), utc(2026, 3, 1, 5, 0),
             utc(2026, 4, 1, 4, 0));
}
END_TEST

START_TEST(test_runs_eu) {
  ccm_clock c = rule_clock(EU_RULE);
  check_day(&c, D(2026, 3, 29), 23, 92, 23);
  check_day(&c, D(2026, 10, 25), 25, 100, 24);
  check_day(&c, D(2026, 7, 1), 24, 96, 24);
  /* 02:00-03:00 repeated: 00:00Z-01:00Z CEST then 01:00Z-02:00Z CET, one run;
   * its first quarter is two runs */
  assert_run(&c, utc(2026, 10, 25, 0, 30), L(2026, 10, 25, 2, 0), L(2026, 10, 25, 3, 0), utc(2026, 10, 25, 0, 0),
             utc(2026, 10, 25, 2, 0));
  assert_run(&c, utc(2026, 10, 25, 0, 10), L(2026, 10, 25, 2, 0), L(2026, 10, 25, 2, 15), utc(2026, 10, 25, 0, 0),
             utc(2026, 10, 25, 0, 15));
  assert_run(&c, utc(2026, 10, 25, 1, 10), L(2026, 10, 25, 2, 0), L(2026, 10, 25, 2, 15), EU_END_2026,
             utc(2026, 10, 25, 1, 15));
  /* dates: March 29 from 23:00Z the day before to 22:00Z; October 25 from
   * 22:00Z the day before to 23:00Z */
  assert_run(&c, utc(2026, 3, 29, 12, 0), L(2026, 3, 29, 0, 0), L(2026, 3, 30, 0, 0), utc(2026, 3, 28, 23, 0),
             utc(2026, 3, 29, 22, 0));
  assert_run(&c, utc(2026, 10, 25, 12, 0), L(2026, 10, 25, 0, 0), L(2026, 10, 26, 0, 0), utc(2026, 10, 24, 22, 0),
             utc(2026, 10, 25, 23, 0));
}
END_TEST

START_TEST(test_runs_south_and_midnight) {
  ccm_clock syd = rule_clock(SYD_RULE);
  ccm_clock nuuk = rule_clock("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
  /* Sydney: April 5 has 25 hours, October 4 has 23 */
  check_day(&syd, D(2026, 4, 5), 25, 100, 24);
  check_day(&syd, D(2026, 10, 4), 23, 92, 23);
  assert_run(&syd, utc(2026, 4, 5, 0, 0), L(2026, 4, 5, 0, 0), L(2026, 4, 6, 0, 0), utc(2026, 4, 4, 13, 0),
             utc(2026, 4, 5, 14, 0));
  /* Nuuk changes at midnight: March 28 (Saturday) ends at 23:00 local, when
   * the clock jumps to Sunday 00:00 (01:00Z); October 25 00:00 daylight
   * (01:00Z) goes back to October 24 23:00, so October 24 has 25 hours and
   * October 25 starts at 02:00Z. */
  check_day(&nuuk, D(2026, 3, 28), 23, 92, 23);
  check_day(&nuuk, D(2026, 10, 24), 25, 100, 24);
  check_day(&nuuk, D(2026, 10, 25), 24, 96, 24);
  ck_assert_int_eq(ccm_clock_first_at(&nuuk, L(2026, 3, 29, 0, 0)), utc(2026, 3, 29, 1, 0));
  ck_assert_int_eq(ccm_clock_first_at(&nuuk, L(2026, 3, 28, 23, 30)), utc(2026, 3, 29, 1, 0));
  ck_assert_int_eq(ccm_clock_first_at(&nuuk, L(2026, 10, 25, 0, 0)), utc(2026, 10, 25, 2, 0));
  ck_assert_int_eq(ccm_clock_first_at(&nuuk, L(2026, 10, 24, 23, 0)), utc(2026, 10, 25, 0, 0));
}
END_TEST

START_TEST(test_first_at) {
  ccm_clock c = rule_clock(US_RULE), u;
  /* in the gap: the end of the gap */
  ck_assert_int_eq(ccm_clock_first_at(&c, L(2026, 3, 8, 2, 0)), US_START_2026);
  ck_assert_int_eq(ccm_clock_first_at(&c, L(2026, 3, 8, 2, 30)), US_START_2026);
  ck_assert_int_eq(ccm_clock_first_at(&c, L(2026, 3, 8, 3, 0)), US_START_2026);
  ck_assert_int_eq(ccm_clock_first_at(&c, L(2026, 3, 8, 1, 59)), utc(2026, 3, 8, 6, 59));
  ck_assert_int_eq(ccm_clock_first_at(&c, L(2026, 3, 8, 3, 1)), utc(2026, 3, 8, 7, 1));
  /* repeated: the first occurrence */
  ck_assert_int_eq(ccm_clock_first_at(&c, L(2026, 11, 1, 1, 0)), utc(2026, 11, 1, 5, 0));
  ck_assert_int_eq(ccm_clock_first_at(&c, L(2026, 11, 1, 1, 30)), utc(2026, 11, 1, 5, 30));
  ck_assert_int_eq(ccm_clock_first_at(&c, L(2026, 11, 1, 2, 0)), utc(2026, 11, 1, 7, 0));
  ck_assert_int_eq(ccm_clock_first_at(&c, L(2026, 11, 1, 0, 59)), utc(2026, 11, 1, 4, 59));
  ck_assert_int_eq(ccm_clock_first_at(&c, L(2026, 1, 15, 12, 0)), utc(2026, 1, 15, 17, 0));
  ck_assert_int_eq(ccm_clock_first_at(&c, L(2026, 7, 15, 12, 0) + 1), utc(2026, 7, 15, 16, 0) + 1);
  ccm_clock_utc(&u);
  ck_assert_int_eq(ccm_clock_first_at(&u, JAN1_2026 + 7), JAN1_2026 + 7);
  assert_run(&u, JAN1_2026 + 5 * MIN, JAN1_2026, JAN1_2026 + 15 * MIN, JAN1_2026, JAN1_2026 + 15 * MIN);
}
END_TEST

/* ---- a host offset function ------------------------------------------------ */

typedef struct host {
  long calls;
  int64_t fixed; /* returned when non-zero */
} host;

/* The US Eastern rule for 2026, by hand (the changes above). */
static int64_t us2026(int64_t t, void *user) {
  host *h = user;
  h->calls++;
  if (h->fixed) return h->fixed;
  return t >= US_START_2026 && t < US_END_2026 ? -4 * HOUR : -5 * HOUR;
}

static ccm_clock host_clock(host *h) {
  ccm_clock c;
  ccm_clock_utc(&c);
  c.fn = us2026;
  c.user = h;
  memset(h, 0, sizeof *h);
  return c;
}

START_TEST(test_host_function) {
  host h;
  ccm_clock hc = host_clock(&h), rc = rule_clock(US_RULE);
  int64_t t, from, to;
  long most = 0;
  /* every answer the same as the rule's, within 2026 (the function knows
   * no other year) */
  for (t = utc(2026, 2, 20, 0, 0); t < utc(2026, 11, 20, 0, 0); t += 7 * HOUR + 13 * MIN + 17 * SEC) {
    int64_t a1, a2, b1, b2, local = ccm_clock_local(&rc, t), lo;
    long calls;
    CHECK(ccm_clock_offset(&hc, t) == ccm_clock_offset(&rc, t), "offset");
    ccm_clock_stretch(&hc, t, t - 10 * DAY, t + 10 * DAY, &a1, &a2);
    ccm_clock_stretch(&rc, t, t - 10 * DAY, t + 10 * DAY, &b1, &b2);
    CHECK(a1 == b1 && a2 == b2, "stretch of %lld", (long long)t);
    lo = floor_div(local, 15 * MIN) * 15 * MIN;
    h.calls = 0;
    ccm_clock_run(&hc, t, lo, lo + 15 * MIN, &a1, &a2);
    calls = h.calls;
    if (calls > most) most = calls;
    ccm_clock_run(&rc, t, lo, lo + 15 * MIN, &b1, &b2);
    CHECK(a1 == b1 && a2 == b2, "interval run of %lld", (long long)t);
    lo = floor_div(local, DAY) * DAY;
    ccm_clock_run(&hc, t, lo, lo + DAY, &a1, &a2);
    ccm_clock_run(&rc, t, lo, lo + DAY, &b1, &b2);
    CHECK(a1 == b1 && a2 == b2, "date run of %lld", (long long)t);
    CHECK(ccm_clock_first_at(&hc, local) == ccm_clock_first_at(&rc, local), "first_at");
  }
  /* a run costs a few dozen calls: 6-hourly samples over the bucket and
   * 26 h each way, and a bisection (25 calls) when a change is near */
  ck_assert_int_le(most, 60);
  /* the change days, exactly */
  check_day(&hc, D(2026, 3, 8), 23, 92, 23);
  check_day(&hc, D(2026, 11, 1), 25, 100, 24);
  assert_run(&hc, utc(2026, 11, 1, 4, 30), L(2026, 11, 1, 0, 0), L(2026, 11, 1, 2, 0), utc(2026, 11, 1, 4, 0),
             utc(2026, 11, 1, 7, 0));
  /* nothing changes within the window: the window's edges */
  ccm_clock_stretch(&hc, JAN1_2026, JAN1_2026 - DAY, JAN1_2026 + DAY, &from, &to);
  ck_assert_int_eq(from, JAN1_2026 - DAY);
  ck_assert_int_eq(to, JAN1_2026 + DAY);
  /* answers beyond +-26 h are clamped */
  h.fixed = 30 * HOUR;
  ck_assert_int_eq(ccm_clock_offset(&hc, 0), 26 * HOUR);
  h.fixed = -40 * HOUR;
  ck_assert_int_eq(ccm_clock_offset(&hc, 0), -26 * HOUR);
}
END_TEST

/* A change at an odd instant is found to the ms. */
static int64_t odd_change(int64_t t, void *user) {
  (void)user;
  return t >= JAN1_2026 + 12345 ? HOUR : 0;
}

START_TEST(test_host_bisection) {
  ccm_clock c;
  int64_t from, to;
  ccm_clock_utc(&c);
  c.fn = odd_change;
  ccm_clock_stretch(&c, JAN1_2026 - 5 * HOUR, JAN1_2026 - 3 * DAY, JAN1_2026 + 3 * DAY, &from, &to);
  ck_assert_int_eq(from, JAN1_2026 - 3 * DAY);
  ck_assert_int_eq(to, JAN1_2026 + 12345);
  ccm_clock_stretch(&c, JAN1_2026 + 2 * DAY, JAN1_2026 - 3 * DAY, JAN1_2026 + 3 * DAY, &from, &to);
  ck_assert_int_eq(from, JAN1_2026 + 12345);
  ck_assert_int_eq(to, JAN1_2026 + 3 * DAY);
  ccm_clock_stretch(&c, JAN1_2026 + 12345, JAN1_2026, JAN1_2026 + DAY, &from, &to);
  ck_assert_int_eq(from, JAN1_2026 + 12345);
  ccm_clock_stretch(&c, JAN1_2026 + 12344, JAN1_2026, JAN1_2026 + DAY, &from, &to);
  ck_assert_int_eq(to, JAN1_2026 + 12345);
}
END_TEST

/* ---- calendars: building ---------------------------------------------------- */

/* A counting allocator that can fail its nth call. */
typedef struct talloc {
  ccm_allocator hooks;
  long calls, fail_at, outstanding;
} talloc;

static void *ta_alloc(size_t n, void *u) {
  talloc *a = u;
  void *p;
  if (++a->calls == a->fail_at) return NULL;
  p = malloc(n);
  if (p) a->outstanding++;
  return p;
}

static void *ta_realloc(void *p, size_t n, void *u) {
  talloc *a = u;
  if (++a->calls == a->fail_at) return NULL;
  return realloc(p, n);
}

static void ta_free(void *p, void *u) {
  talloc *a = u;
  a->outstanding--;
  free(p);
}

static void talloc_init(talloc *a) {
  memset(a, 0, sizeof *a);
  a->hooks.alloc = ta_alloc;
  a->hooks.realloc = ta_realloc;
  a->hooks.free = ta_free;
  a->hooks.user = a;
}

static ccm_calendar *new_calendar(void) {
  ccm_calendar *cal = NULL;
  ck_assert_int_eq(ccm_calendar_new(NULL, &cal), CCM_OK);
  return cal;
}

static void parse_ok(ccm_calendar *cal, const char *text) {
  size_t line = 99;
  ck_assert_msg(ccm_calendar_parse(cal, text, strlen(text), &line) == CCM_OK, "line %zu of:\n%s", line, text);
  ck_assert_int_eq(line, 0);
}

static void assert_spans(const ccm_calendar *cal, int dow, int n, const uint16_t *spans) {
  int i;
  ck_assert_msg(cal->day[dow].n == n, "day %d: %d spans, expected %d", dow, cal->day[dow].n, n);
  for (i = 0; i < n; i++)
    ck_assert_msg(cal->day[dow].open[i] == spans[2 * i] && cal->day[dow].close[i] == spans[2 * i + 1],
                  "day %d span %d: [%d, %d)", dow, i, cal->day[dow].open[i], cal->day[dow].close[i]);
}

#define SPANS(...) ((const uint16_t[]){__VA_ARGS__})

START_TEST(test_calendar_parse) {
  static const char text[] =
      "# opening hours\n"
      "mon 09:00-12:00 13:00-17:00\n"
      "  TUE\t09:00 - 17:00   # with blanks\r\n"
      "\n"
      "   \t\n"
      "wed 09:00-12:00\n"
      "Wed 12:00-13:00 14:00-24:00\n" /* touches 09:00-12:00: merged */
      "sun 0:00-1:30#no blank before the comment\n"
      "holiday 2026-12-25 2026-01-01\n"
      "HOLIDAY 2026-12-25"; /* a repeat; no final newline */
  ccm_calendar *cal = new_calendar();
  parse_ok(cal, text);
  assert_spans(cal, 0, 2, SPANS(540, 720, 780, 1020));
  assert_spans(cal, 1, 1, SPANS(540, 1020));
  assert_spans(cal, 2, 2, SPANS(540, 780, 840, 1440));
  assert_spans(cal, 3, 0, NULL);
  assert_spans(cal, 6, 1, SPANS(0, 90));
  ck_assert_int_eq(cal->nholidays, 2);
  ck_assert_int_eq(cal->holiday[0], D(2026, 1, 1));
  ck_assert_int_eq(cal->holiday[1], D(2026, 12, 25));
  ck_assert(ccm_calendar_is_holiday(cal, D(2026, 12, 25)));
  ck_assert(!ccm_calendar_is_holiday(cal, D(2026, 12, 24)));
  /* a second text adds to the first */
  parse_ok(cal, "mon 17:00-18:00\nholiday 2026-07-04\n");
  assert_spans(cal, 0, 2, SPANS(540, 720, 780, 1080));
  ck_assert_int_eq(cal->nholidays, 3);
  ck_assert_int_eq(cal->holiday[1], D(2026, 7, 4));
  /* the length is the text, no NUL needed; empty texts add nothing */
  parse_ok(cal, "");
  ck_assert_int_eq(ccm_calendar_parse(cal, NULL, 0, NULL), CCM_OK);
  ck_assert_int_eq(ccm_calendar_parse(cal, "fri 10:00-11:00 junk", 15, NULL), CCM_OK);
  assert_spans(cal, 4, 1, SPANS(600, 660));
  ck_assert_int_eq(ccm_calendar_parse(NULL, "", 0, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_calendar_parse(cal, NULL, 3, NULL), CCM_E_INVALID_ARG);
  ccm_calendar_free(cal);
}
END_TEST

typedef struct bad_text {
  const char *text;
  int32_t code;
  size_t line;
} bad_text;

static const bad_text bad_texts[] = {
    {"mon 09:00-17:00\nfoo 09:00-10:00\n", CCM_E_PARSE, 2},
    {"mon\n", CCM_E_PARSE, 1},
    {"# c\nmon # closed\n", CCM_E_PARSE, 2},
    {"mon 09:00\n", CCM_E_PARSE, 1},
    {"mon 09:00-\n", CCM_E_PARSE, 1},
    {"mon 9-17\n", CCM_E_PARSE, 1},
    {"mon 09:00-17:00,18:00-19:00\n", CCM_E_PARSE, 1},
    {"mon 09:00-17:00 x\n", CCM_E_PARSE, 1},
    {"mon 09:0-17:00\n", CCM_E_PARSE, 1},
    {"mon 009:00-17:00\n", CCM_E_PARSE, 1},
    {"monday 09:00-17:00\n", CCM_E_PARSE, 1},
    {"mon09:00-17:00\n", CCM_E_PARSE, 1},
    {"mon-fri 09:00-17:00\n", CCM_E_PARSE, 1},
    {"1 09:00-17:00\n", CCM_E_PARSE, 1},
    {"\n\n\nmon 25:00-26:00\n", CCM_E_RANGE, 4},
    {"mon 10:00-09:00", CCM_E_RANGE, 1},
    {"mon 10:00-10:00", CCM_E_RANGE, 1},
    {"mon 09:60-10:00", CCM_E_RANGE, 1},
    {"mon 24:00-24:00", CCM_E_RANGE, 1},
    {"mon 23:00-24:01", CCM_E_RANGE, 1},
    {"holiday 2026-02-29", CCM_E_RANGE, 1},
    {"holiday 2024-02-30", CCM_E_RANGE, 1},
    {"holiday 0000-01-01", CCM_E_RANGE, 1},
    {"holiday 2026-13-01", CCM_E_RANGE, 1},
    {"holiday 2026-04-31", CCM_E_RANGE, 1},
    {"holiday 2026-1-01", CCM_E_PARSE, 1},
    {"holiday 26-01-01", CCM_E_PARSE, 1},
    {"holiday", CCM_E_PARSE, 1},
    {"holiday 2026-01-01x", CCM_E_PARSE, 1},
    {"holiday 2026/01/01", CCM_E_PARSE, 1},
    {"holidays 2026-01-01", CCM_E_PARSE, 1},
    {"mon 09:00-10:00\r\nholiday 2026-01-01\r\n\r\ntue 9:00-8:00\r\n", CCM_E_RANGE, 4},
    {"holiday 2026-01-01\nmon 09:00-17:00 \001\n", CCM_E_PARSE, 2},
    /* more than 16 separate spans on a day, in one line or over two */
    {"sun 00:00-00:01 00:02-00:03 00:04-00:05 00:06-00:07 00:08-00:09 00:10-00:11 00:12-00:13 00:14-00:15 "
     "00:16-00:17 00:18-00:19 00:20-00:21 00:22-00:23 00:24-00:25 00:26-00:27 00:28-00:29 00:30-00:31 00:32-00:33",
     CCM_E_LIMIT, 1},
    {"sun 00:00-00:01 00:02-00:03 00:04-00:05 00:06-00:07 00:08-00:09 00:10-00:11 00:12-00:13 00:14-00:15\n"
     "sun 00:16-00:17 00:18-00:19 00:20-00:21 00:22-00:23 00:24-00:25 00:26-00:27 00:28-00:29 00:30-00:31\n"
     "holiday 2026-05-01\n"
     "sun 23:00-23:30",
     CCM_E_LIMIT, 4},
};

START_TEST(test_calendar_parse_bad) {
  const bad_text *b = &bad_texts[_i];
  ccm_calendar *cal = new_calendar();
  ccm_cal_day days[7];
  size_t line = 0;
  /* an existing calendar, which a failed parse must leave as it was */
  parse_ok(cal, "fri 10:00-11:00\nsat 12:00-13:00\nholiday 2026-06-01\n");
  memcpy(days, cal->day, sizeof days);
  ck_assert_msg(ccm_calendar_parse(cal, b->text, strlen(b->text), &line) == b->code, "code of \"%s\"", b->text);
  ck_assert_msg(line == b->line, "\"%s\": line %zu", b->text, line);
  ck_assert(memcmp(days, cal->day, sizeof days) == 0);
  ck_assert_int_eq(cal->nholidays, 1);
  ck_assert_int_eq(cal->holiday[0], D(2026, 6, 1));
  ck_assert_int_eq(ccm_calendar_parse(cal, b->text, strlen(b->text), NULL), b->code);
  ccm_calendar_free(cal);
}
END_TEST

START_TEST(test_calendar_parse_nul) {
  ccm_calendar *cal = new_calendar();
  size_t line = 0;
  static const char text[] = "mon 09:00-17:00\n\ntue\0 09:00-17:00";
  ck_assert_int_eq(ccm_calendar_parse(cal, text, sizeof text - 1, &line), CCM_E_PARSE);
  ck_assert_int_eq(line, 3);
  ck_assert_int_eq(cal->day[0].n, 0);
  ccm_calendar_free(cal);
}
END_TEST

START_TEST(test_calendar_hours) {
  ccm_calendar *cal = new_calendar();
  ccm_cal_day before;
  int i;
  ck_assert_int_eq(ccm_calendar_add_hours(NULL, 0, 0, 60), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, -1, 0, 60), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 7, 0, 60), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 0, -1, 60), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 0, 1440, 1441), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 0, 60, 60), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 0, 60, 1441), CCM_E_RANGE);
  ck_assert_int_eq(cal->day[0].n, 0);
  /* merging: overlapping, touching, inside, apart */
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 1, 600, 700), CCM_OK);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 1, 800, 900), CCM_OK);
  assert_spans(cal, 1, 2, SPANS(600, 700, 800, 900));
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 1, 700, 800), CCM_OK); /* touches both */
  assert_spans(cal, 1, 1, SPANS(600, 900));
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 1, 650, 850), CCM_OK); /* inside */
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 1, 500, 601), CCM_OK); /* overlaps */
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 1, 100, 200), CCM_OK); /* apart, before */
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 1, 1000, 1440), CCM_OK); /* apart, after, to midnight */
  assert_spans(cal, 1, 3, SPANS(100, 200, 500, 900, 1000, 1440));
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 1, 150, 1100), CCM_OK); /* swallows all */
  assert_spans(cal, 1, 1, SPANS(100, 1440));
  /* 16 separate spans fit, a 17th does not, one that joins two does */
  for (i = 0; i < CCM_CAL_SPANS; i++) ck_assert_int_eq(ccm_calendar_add_hours(cal, 2, i * 60, i * 60 + 30), CCM_OK);
  before = cal->day[2];
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 2, 1200, 1210), CCM_E_LIMIT);
  ck_assert(memcmp(&before, &cal->day[2], sizeof before) == 0);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 2, 30, 60), CCM_OK);
  ck_assert_int_eq(cal->day[2].n, CCM_CAL_SPANS - 1);
  ck_assert_int_eq(cal->day[2].open[0], 0);
  ck_assert_int_eq(cal->day[2].close[0], 90);
  ck_assert_int_eq(ccm_calendar_add_hours(cal, 2, 0, 1440), CCM_OK);
  assert_spans(cal, 2, 1, SPANS(0, 1440));
  ccm_calendar_free(cal);
}
END_TEST

START_TEST(test_calendar_holidays) {
  ccm_calendar *cal = new_calendar();
  int i;
  ck_assert_int_eq(ccm_calendar_add_holiday(NULL, 2026, 1, 1), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2026, 2, 29), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2100, 2, 29), CCM_E_RANGE); /* not a leap year */
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2026, 4, 31), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2026, 0, 1), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2026, 1, 0), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 0, 1, 1), CCM_E_RANGE);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 10000, 1, 1), CCM_E_RANGE);
  ck_assert_int_eq(cal->nholidays, 0);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2000, 2, 29), CCM_OK);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 1, 1, 1), CCM_OK);
  ck_assert_int_eq(ccm_calendar_add_holiday(cal, 9999, 12, 31), CCM_OK);
  /* 100 days in falling order, each twice: kept sorted, once */
  for (i = 99; i >= 0; i--) {
    int64_t y;
    int32_t m, d;
    ccm_civil_from_days(D(2026, 1, 1) + 3 * i, &y, &m, &d);
    ck_assert_int_eq(ccm_calendar_add_holiday(cal, (int32_t)y, m, d), CCM_OK);
    ck_assert_int_eq(ccm_calendar_add_holiday(cal, (int32_t)y, m, d), CCM_OK);
  }
  ck_assert_int_eq(cal->nholidays, 103);
  for (i = 1; i < 103; i++) ck_assert(cal->holiday[i - 1] < cal->holiday[i]);
  for (i = 0; i < 300; i++) ck_assert(ccm_calendar_is_holiday(cal, D(2026, 1, 1) + i) == (i % 3 == 0));
  ck_assert(ccm_calendar_is_holiday(cal, D(2000, 2, 29)));
  ck_assert(ccm_calendar_is_holiday(cal, D(1, 1, 1)));
  ck_assert(ccm_calendar_is_holiday(cal, D(9999, 12, 31)));
  ccm_calendar_free(cal);
}
END_TEST

START_TEST(test_calendar_alloc) {
  static const char text[] = "mon 09:00-17:00\nholiday 2026-01-01 2026-01-02 2026-01-03 2026-01-04 2026-01-05 "
                             "2026-01-06 2026-01-07 2026-01-08 2026-01-09 2026-01-10 2026-01-11\n";
  talloc a;
  ccm_allocator bad;
  ccm_calendar *cal = NULL, copy;
  ccm_mem m;
  long n;
  talloc_init(&a);
  ck_assert_int_eq(ccm_calendar_new(NULL, NULL), CCM_E_INVALID_ARG);
  bad = a.hooks;
  bad.realloc = NULL;
  ck_assert_int_eq(ccm_calendar_new(&bad, &cal), CCM_E_INVALID_ARG);
  ck_assert_ptr_null(cal);
  a.fail_at = 1;
  ck_assert_int_eq(ccm_calendar_new(&a.hooks, &cal), CCM_E_NOMEM);
  ck_assert_ptr_null(cal);
  ccm_calendar_free(NULL);
  /* every allocation of a parse failing in turn: nothing changes */
  for (n = 1;; n++) {
    size_t line = 99;
    int32_t rc;
    a.calls = 0;
    a.fail_at = 0;
    ck_assert_int_eq(ccm_calendar_new(&a.hooks, &cal), CCM_OK);
    ck_assert_int_eq(ccm_calendar_add_holiday(cal, 2025, 12, 31), CCM_OK);
    a.calls = 0;
    a.fail_at = n;
    rc = ccm_calendar_parse(cal, text, strlen(text), &line);
    if (rc == CCM_OK) {
      ck_assert_int_eq(cal->nholidays, 12);
      ck_assert_int_eq(cal->day[0].n, 1);
      break;
    }
    ck_assert_int_eq(rc, CCM_E_NOMEM);
    ck_assert_int_eq(line, 0);
    ck_assert_int_eq(cal->nholidays, 1);
    ck_assert_int_eq(cal->day[0].n, 0);
    ccm_calendar_free(cal);
    ck_assert_int_eq(a.outstanding, 0);
  }
  ck_assert_int_ge(n, 3); /* the pending list, its growth, the calendar's */
  /* a copy on another allocator, and its failure */
  ccm_mem_init(&m, NULL);
  ck_assert_int_eq(ccm_calendar_copy(cal, &m, &copy), CCM_OK);
  ck_assert_int_eq(copy.nholidays, 12);
  ck_assert(memcmp(copy.holiday, cal->holiday, 12 * sizeof *copy.holiday) == 0);
  ck_assert(memcmp(copy.day, cal->day, sizeof copy.day) == 0);
  ck_assert_int_eq(m.bytes, 12 * (int64_t)sizeof(int64_t));
  ccm_calendar_release(&copy, &m);
  ck_assert_int_eq(m.bytes, 0);
  ck_assert_int_eq(copy.nholidays, 0);
  a.calls = 0;
  a.fail_at = 1;
  {
    ccm_mem failing;
    ccm_mem_init(&failing, &a.hooks);
    ck_assert_int_eq(ccm_calendar_copy(cal, &failing, &copy), CCM_E_NOMEM);
    ck_assert_int_eq(copy.nholidays, 0);
    ck_assert_int_eq(copy.day[0].n, 0);
    ccm_calendar_release(&copy, &failing);
  }
  a.fail_at = 0;
  ccm_calendar_free(cal);
  ck_assert_int_eq(a.outstanding, 0);
}
END_TEST

/* ---- calendars: business time ------------------------------------------------ */

static int64_t business(const ccm_calendar *cal, const ccm_clock *c, int64_t from, int64_t to) {
  return ccm_calendar_business_ms(cal, c, from, to);
}

START_TEST(test_business_utc) {
  ccm_calendar *cal = new_calendar(), *night = new_calendar();
  ccm_clock u;
  ccm_clock_utc(&u);
  /* Monday to Friday 09:00-17:00; 2026-01-05 is a Monday; Wednesday
   * 2026-01-07 is a holiday */
  parse_ok(cal, "mon 09:00-17:00\ntue 09:00-17:00\nwed 09:00-17:00\nthu 09:00-17:00\nfri 09:00-17:00\n"
                "holiday 2026-01-07\n");
  ck_assert_int_eq(business(cal, &u, utc(2026, 1, 5, 10, 0), utc(2026, 1, 5, 12, 0)), 2 * HOUR);
  ck_assert_int_eq(business(cal, &u, utc(2026, 1, 5, 8, 0), utc(2026, 1, 5, 18, 0)), 8 * HOUR);
  ck_assert_int_eq(business(cal, &u, utc(2026, 1, 5, 17, 0) - 1, utc(2026, 1, 5, 17, 0) + 1), 1);
  /* across the night: 16:00-17:00 and 09:00-10:00 */
  ck_assert_int_eq(business(cal, &u, utc(2026, 1, 5, 16, 0), utc(2026, 1, 6, 10, 0)), 2 * HOUR);
  /* across the weekend: Friday 16:00 to Monday 10:00 */
  ck_assert_int_eq(business(cal, &u, utc(2026, 1, 9, 16, 0), utc(2026, 1, 12, 10, 0)), 2 * HOUR);
  ck_assert_int_eq(business(cal, &u, utc(2026, 1, 10, 0, 0), utc(2026, 1, 12, 0, 0)), 0);
  /* across the holiday: Tuesday 16:00 to Thursday 10:00 */
  ck_assert_int_eq(business(cal, &u, utc(2026, 1, 6, 16, 0), utc(2026, 1, 8, 10, 0)), 2 * HOUR);
  /* three weeks: 15 working days less the holiday, 8 h each */
  ck_assert_int_eq(business(cal, &u, utc(2026, 1, 5, 0, 0), utc(2026, 1, 26, 0, 0)), 14 * 8 * HOUR);
  /* a year: 2026 has 261 weekdays */
  ck_assert_int_eq(business(cal, &u, utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0)), 260 * 8 * HOUR);
  /* empty and reversed spans */
  ck_assert_int_eq(business(cal, &u, utc(2026, 1, 5, 10, 0), utc(2026, 1, 5, 10, 0)), 0);
  ck_assert_int_eq(business(cal, &u, utc(2026, 1, 5, 12, 0), utc(2026, 1, 5, 10, 0)), 0);
  /* a night shift over midnight: Monday 22:00-24:00 and Tuesday 00:00-06:00 */
  parse_ok(night, "mon 22:00-24:00\ntue 00:00-06:00\n");
  ck_assert_int_eq(business(night, &u, utc(2026, 1, 5, 21, 0), utc(2026, 1, 6, 7, 0)), 8 * HOUR);
  ck_assert_int_eq(business(night, &u, utc(2026, 1, 5, 23, 30), utc(2026, 1, 6, 0, 30)), HOUR);
  ccm_calendar_free(cal);
  ccm_calendar_free(night);
}
END_TEST

START_TEST(test_business_dst_days) {
  ccm_calendar *early = new_calendar(), *repeat = new_calendar(), *all = new_calendar(), *eu = new_calendar();
  ccm_clock us = rule_clock(US_RULE), cet = rule_clock(EU_RULE);
  int d;
  parse_ok(early, "sun 00:00-04:00\n");
  parse_ok(repeat, "sun 01:00-02:00\n");
  parse_ok(eu, "sun 02:00-03:00\n");
  for (d = 0; d < 7; d++) ck_assert_int_eq(ccm_calendar_add_hours(all, d, 0, 1440), CCM_OK);
  /* fall back (Sunday November 1): 00:00-02:00 EDT is 04:00Z-06:00Z, then
   * 01:00-04:00 EST is 06:00Z-09:00Z: 5 hours of the 25-hour day */
  ck_assert_int_eq(business(early, &us, utc(2026, 11, 1, 4, 0), utc(2026, 11, 2, 5, 0)), 5 * HOUR);
  ck_assert_int_eq(business(early, &us, utc(2026, 10, 26, 4, 0), utc(2026, 11, 2, 5, 0)), 5 * HOUR);
  ck_assert_int_eq(business(early, &us, utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 30)), HOUR);
  /* the repeated hour counts twice */
  ck_assert_int_eq(business(repeat, &us, utc(2026, 11, 1, 0, 0), utc(2026, 11, 2, 0, 0)), 2 * HOUR);
  /* spring forward (Sunday March 8): 02:00-03:00 does not exist: 3 hours */
  ck_assert_int_eq(business(early, &us, utc(2026, 3, 8, 5, 0), utc(2026, 3, 9, 4, 0)), 3 * HOUR);
  /* EU: 02:00-03:00 twice on October 25, never on March 29 */
  ck_assert_int_eq(business(eu, &cet, utc(2026, 10, 24, 0, 0), utc(2026, 10, 26, 0, 0)), 2 * HOUR);
  ck_assert_int_eq(business(eu, &cet, utc(2026, 3, 28, 0, 0), utc(2026, 3, 30, 0, 0)), 0);
  ck_assert_int_eq(business(eu, &cet, utc(2026, 3, 21, 0, 0), utc(2026, 3, 23, 0, 0)), HOUR);
  /* always open: business time is real time, whatever the clocks do */
  ck_assert_int_eq(business(all, &us, utc(2026, 2, 20, 0, 0), utc(2026, 12, 1, 0, 0)),
                   utc(2026, 12, 1, 0, 0) - utc(2026, 2, 20, 0, 0));
  ck_assert_int_eq(business(all, &cet, utc(2025, 2, 20, 0, 7), utc(2027, 12, 1, 0, 0)),
                   utc(2027, 12, 1, 0, 0) - utc(2025, 2, 20, 0, 7));
  /* a holiday is a local date: closed all its 25 hours */
  ck_assert_int_eq(ccm_calendar_add_holiday(early, 2026, 11, 1), CCM_OK);
  ck_assert_int_eq(business(early, &us, utc(2026, 10, 26, 4, 0), utc(2026, 11, 2, 5, 0)), 0);
  ccm_calendar_free(early);
  ccm_calendar_free(repeat);
  ccm_calendar_free(all);
  ccm_calendar_free(eu);
}
END_TEST

/* Business time counted minute by minute, with the offsets of the table
 * (zone -1: UTC), the open minutes of each weekday and the holidays. */
static int64_t brute_business(const bool open[7][1440], const int64_t *hol, int nhol, int z, int64_t from,
                              int64_t to) {
  int64_t sum = 0, x, off = z >= 0 ? xzones[z].start * SEC : 0;
  size_t k = 0;
  for (x = from; x < to; x += MIN) {
    int64_t local, d;
    int i, wd;
    bool holiday = false;
    for (; z >= 0 && k < nxtrans; k++) {
      if (xtrans[k].zone != z) continue;
      if (xtrans[k].t * SEC > x) break;
      off = xtrans[k].offset * SEC;
    }
    local = x + off;
    d = floor_div(local, DAY);
    for (i = 0; i < nhol; i++) holiday |= hol[i] == d;
    wd = (int)(((d + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
    if (!holiday && open[wd][(local - d * DAY) / MIN]) sum += MIN;
  }
  return sum;
}

static uint32_t rnd(uint64_t *s) {
  *s = *s * 6364136223846793005u + 1442695040888963407u;
  return (uint32_t)(*s >> 33);
}

START_TEST(test_business_brute_force) {
  /* zone -1 is UTC, 0 US Eastern, 1 EU Central (the table's first two) */
  static const char *const rules[3] = {"UTC0", US_RULE, EU_RULE};
  const int64_t near[4] = {US_START_2026, US_END_2026, EU_START_2026, EU_END_2026};
  uint64_t seed = 20260308;
  int z, trial;
  host h;
  ccm_clock hc = host_clock(&h);
  ck_assert_str_eq(xzones[0].rule, US_RULE);
  ck_assert_str_eq(xzones[1].rule, EU_RULE);
  for (z = -1; z <= 1; z++) {
    ccm_clock c = rule_clock(rules[z + 1]);
    for (trial = 0; trial < 40; trial++) {
      static bool open[7][1440];
      int64_t hol[4], from, to, got;
      int d, k, m;
      ccm_calendar *cal = new_calendar();
      memset(open, 0, sizeof open);
      for (d = 0; d < 7; d++) {
        int spans = (int)(rnd(&seed) % 4);
        if (rnd(&seed) % 8 == 0) spans = 0;
        for (k = 0; k < spans; k++) {
          int32_t o = (int32_t)(rnd(&seed) % 1440), e = o + 1 + (int32_t)(rnd(&seed) % (uint32_t)(1440 - o));
          if (rnd(&seed) % 6 == 0) e = 1440;
          if (rnd(&seed) % 6 == 0) o = 0;
          ck_assert_int_eq(ccm_calendar_add_hours(cal, d, o, e), CCM_OK);
          for (m = o; m < e; m++) open[d][m] = true;
        }
      }
      for (k = 0; k < 4; k++) {
        int64_t y;
        int32_t mo, dd;
        hol[k] = D(2026, 2, 20) + rnd(&seed) % 280;
        ccm_civil_from_days(hol[k], &y, &mo, &dd);
        ck_assert_int_eq(ccm_calendar_add_holiday(cal, (int32_t)y, mo, dd), CCM_OK);
      }
      /* a span starting within 10 days of a change, or anywhere in the
       * spring and autumn; up to 3 weeks long, often under 2 days */
      if (trial % 2)
        from = near[rnd(&seed) % 4] - 10 * DAY + (int64_t)(rnd(&seed) % (20 * 1440)) * MIN;
      else
        from = utc(2026, 2, 20, 0, 0) + (int64_t)(rnd(&seed) % (270 * 1440)) * MIN;
      to = from + (int64_t)(rnd(&seed) % (trial % 3 ? 2 * 1440 : 21 * 1440)) * MIN;
      got = business(cal, &c, from, to);
      CHECK(got == brute_business(open, hol, 4, z, from, to), "zone %d trial %d: %lld != %lld", z, trial,
            (long long)got, (long long)brute_business(open, hol, 4, z, from, to));
      if (z == 0) CHECK(business(cal, &hc, from, to) == got, "host clock, trial %d", trial);
      ccm_calendar_free(cal);
    }
  }
}
END_TEST

/* ---- suite ------------------------------------------------------------------ */

static Suite *tz_suite(void) {
  Suite *s = suite_create("tz");
  TCase *rules = tcase_create("rules"), *clock = tcase_create("clock"), *cal = tcase_create("calendar");
  tcase_add_test(rules, test_civil);
  tcase_add_loop_test(rules, test_parse_good, 0, (int)(sizeof good_rules / sizeof *good_rules));
  tcase_add_loop_test(rules, test_parse_bad, 0, (int)(sizeof bad_rules / sizeof *bad_rules));
  tcase_add_test(rules, test_parse_length);
  tcase_add_test(rules, test_us_eastern_2026);
  tcase_add_test(rules, test_eu_central_2026);
  tcase_add_test(rules, test_sydney_2026);
  tcase_add_test(rules, test_rule_forms);
  tcase_add_test(rules, test_leap_only_changes);
  tcase_add_test(rules, test_all_years_us);
  tcase_add_test(rules, test_all_years_sydney);
  tcase_add_test(rules, test_stretch_consistency);
  tcase_add_test(rules, test_extremes);
  tcase_add_loop_test(rules, test_tz_database, 0, (int)nxzones);
  tcase_set_timeout(rules, 600); /* valgrind */
  tcase_add_test(clock, test_runs_us);
  tcase_add_test(clock, test_runs_eu);
  tcase_add_test(clock, test_runs_south_and_midnight);
  tcase_add_test(clock, test_first_at);
  tcase_add_test(clock, test_host_function);
  tcase_add_test(clock, test_host_bisection);
  tcase_set_timeout(clock, 600);
  tcase_add_test(cal, test_calendar_parse);
  tcase_add_loop_test(cal, test_calendar_parse_bad, 0, (int)(sizeof bad_texts / sizeof *bad_texts));
  tcase_add_test(cal, test_calendar_parse_nul);
  tcase_add_test(cal, test_calendar_hours);
  tcase_add_test(cal, test_calendar_holidays);
  tcase_add_test(cal, test_calendar_alloc);
  tcase_add_test(cal, test_business_utc);
  tcase_add_test(cal, test_business_dst_days);
  tcase_add_test(cal, test_business_brute_force);
  tcase_set_timeout(cal, 600);
  suite_add_tcase(s, rules);
  suite_add_tcase(s, clock);
  suite_add_tcase(s, cal);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(tz_suite());
  int failed;
  srunner_run_all(sr, CK_ENV);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
