/*
 * report_keys.c - printed form of ccm-report's row keys.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Times are formatted by arithmetic, not through gmtime(): that keeps the
 * output independent of the C library, the process time zone and the range
 * of time_t.
 */
#include "report_keys.h"

#include <stdio.h>

#include "ccmetrics.h"

#define MS_PER_MINUTE INT64_C(60000)
#define MS_PER_DAY INT64_C(86400000)

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

/*
 * Days to a Gregorian date.  The calendar repeats every 400 years (146097
 * days).  Counting years from March 1st puts the leap day at the end of the
 * year, so within a 400-year cycle the day of the cycle gives the year with
 * the 4/100/400 corrections, and the day of that March-based year gives the
 * month through the 153-days-per-5-months pattern (31 30 31 30 31).
 */
void report_civil_date(int64_t days, int64_t *year, int *month, int *day) {
  const int64_t from_0000_03_01 = days + 719468; /* 1970-01-01 is day 719468 */
  const int64_t cycle = floor_div(from_0000_03_01, 146097);
  const int64_t doc = from_0000_03_01 - cycle * 146097;                /* 0 .. 146096 */
  const int64_t yoc = (doc - doc / 1460 + doc / 36524 - doc / 146096) / 365; /* 0 .. 399 */
  const int64_t doy = doc - (365 * yoc + yoc / 4 - yoc / 100);         /* 0 .. 365 */
  const int64_t mp = (5 * doy + 2) / 153;                              /* 0 = March .. 11 = February */
  *day = (int)(doy - (153 * mp + 2) / 5 + 1);
  *month = (int)(mp < 10 ? mp + 3 : mp - 9);
  *year = cycle * 400 + yoc + (*month <= 2 ? 1 : 0);
}

/* Days since January 1st of a date of the year (0 .. 365). */
static int64_t day_of_year(int64_t year, int month, int day) {
  static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return before[month - 1] + (month > 2 && leap) + day - 1;
}

size_t report_format_time(int32_t grain, int64_t bucket, char *buf) {
  static const char *const DOW[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  int64_t days, year, minute_of_day;
  int month, day, n;
  switch (grain) {
    case CCM_GRAIN_HOUR:
      n = snprintf(buf, REPORT_TIME_KEY_MAX, "%02lld", (long long)bucket);
      break;
    case CCM_GRAIN_DOW:
      n = snprintf(buf, REPORT_TIME_KEY_MAX, "%s", (bucket >= 0 && bucket < 7) ? DOW[bucket] : "?");
      break;
    case CCM_GRAIN_WEEK: {
      /* ISO 8601: the week belongs to the year of its Thursday */
      int64_t thursday = floor_div(bucket, MS_PER_DAY) + 3;
      report_civil_date(thursday, &year, &month, &day);
      n = snprintf(buf, REPORT_TIME_KEY_MAX, "%04lld-W%02d", (long long)year,
                   (int)(day_of_year(year, month, day) / 7 + 1));
      break;
    }
    case CCM_GRAIN_MONTH:
      report_civil_date(floor_div(bucket, MS_PER_DAY), &year, &month, &day);
      n = snprintf(buf, REPORT_TIME_KEY_MAX, "%04lld-%02d", (long long)year, month);
      break;
    case CCM_GRAIN_INTERVAL:
    case CCM_GRAIN_DATE:
      days = floor_div(bucket, MS_PER_DAY);
      minute_of_day = (bucket - days * MS_PER_DAY) / MS_PER_MINUTE;
      report_civil_date(days, &year, &month, &day);
      if (grain == CCM_GRAIN_DATE) {
        n = snprintf(buf, REPORT_TIME_KEY_MAX, "%04lld-%02d-%02d", (long long)year, month, day);
      } else {
        n = snprintf(buf, REPORT_TIME_KEY_MAX, "%04lld-%02d-%02dT%02d:%02d", (long long)year, month, day,
                     (int)(minute_of_day / 60), (int)(minute_of_day % 60));
      }
      break;
    default:
      n = 0;
      buf[0] = '\0';
      break;
  }
  return n > 0 ? (size_t)n : 0;
}
