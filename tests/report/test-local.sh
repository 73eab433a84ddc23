#!/bin/sh
# tests/report/test-local.sh - local time (--tz), week and month keys, and
# business hours (--calendar), with hand-computed rows.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# US Eastern (EST5EDT,M3.2.0,M11.1.0) falls back on 2026-11-01 at 06:00Z
# (02:00 EDT becomes 01:00 EST).  Voice contacts answered after 5 s at:
#   03:30Z = 2026-10-31 23:30 EDT      05:10Z = 01:10 EDT
#   05:40Z = 01:40 EDT                 06:10Z = 01:10 EST
#   06:40Z = 01:40 EST                 07:10Z = 02:10 EST
# 30-minute intervals: the repeated 01:00 and 01:30 are separate rows;
# 60-minute intervals: 01:00-02:00 holds the whole repeated hour (4).

. "$(dirname "$0")/lib.sh"

answered() { # TS(ms) CONTACT: start, queue, answer 5 s later, end
  printf '%s,contact_start,%s,voice,inbound,,s1,,,,,\n' "$1" "$2"
  printf '%s,queue_enter,%s,,,,s1,,,,,\n' "$1" "$2"
  printf '%s,answer,%s,,,,,,a1,,,\n' "$(($1 + 5000))" "$2"
  printf '%s,agent_end,%s,,,,,,a1,,,\n' "$(($1 + 65000))" "$2"
  printf '%s,contact_end,%s,,,,,,,,,\n' "$(($1 + 65000))" "$2"
}

{
  echo "$HEADER"
  answered 1793503800000 c0
  answered 1793509800000 c1
  answered $((1793509800000 + 1800000)) c2
  answered $((1793509800000 + 3600000)) c3
  answered $((1793509800000 + 5400000)) c4
  answered $((1793509800000 + 7200000)) c5
} >"$TMP/fallback.csv"

US='EST5EDT,M3.2.0,M11.1.0'
run --tz "$US" --interval 30 --by interval --metrics answered --format csv "$TMP/fallback.csv"
expect_status "30-minute intervals" 0
expect_out "30-minute intervals" "interval,answered
2026-10-31T23:30,1
2026-11-01T01:00,1
2026-11-01T01:30,1
2026-11-01T01:00,1
2026-11-01T01:30,1
2026-11-01T02:00,1"

run --tz "$US" --interval 60 --by interval --metrics answered --format csv "$TMP/fallback.csv"
expect_status "60-minute intervals" 0
expect_out "60-minute intervals" "interval,answered
2026-10-31T23:00,1
2026-11-01T01:00,4
2026-11-01T02:00,1"

run --tz "$US" --by hour --metrics answered --format csv "$TMP/fallback.csv"
expect_status "hour of day" 0
expect_out "hour of day" "hour,answered
01,4
02,1
23,1"

run --tz "$US" --by date --metrics answered --format csv "$TMP/fallback.csv"
expect_status "local dates" 0
expect_out "local dates" "date,answered
2026-10-31,1
2026-11-01,5"

run --by date --metrics answered --format csv "$TMP/fallback.csv"
expect_status "UTC dates" 0
expect_out "UTC dates" "date,answered
2026-11-01,6"

run --tz 'CET-1CEST,M3.5.0,M10.5.0/3' --by dow --metrics answered --format csv "$TMP/fallback.csv"
expect_status "day of week in Berlin" 0
expect_out "day of week in Berlin" "dow,answered
Sun,6"

# ISO weeks across the year end: 2026 has 53 weeks (it starts on a
# Thursday); 2027-01-03 is a Sunday of 2026-W53, 2027-01-04 a Monday.
{
  echo "$HEADER"
  answered 1798718400000 w1
  answered 1798977600000 w2
  answered 1799064000000 w3
} >"$TMP/yearend.csv"
run --by week --metrics answered --format csv "$TMP/yearend.csv"
expect_status "ISO weeks" 0
expect_out "ISO weeks" "week,answered
2026-W53,2
2027-W01,1"
run --by month --metrics answered --format csv "$TMP/yearend.csv"
expect_status "months" 0
expect_out "months" "month,answered
2026-12,1
2027-01,2"
# 2027-01-04 12:00Z is still Monday in Pacific/Kiritimati (+14): week 01;
# 2027-01-03 12:00Z is 2027-01-04 02:00 there.
run --tz '<+14>-14' --by week --metrics answered --format csv "$TMP/yearend.csv"
expect_status "ISO weeks at +14" 0
expect_out "ISO weeks at +14" "week,answered
2026-W53,1
2027-W01,2"

# Business hours.  A chat starts on Friday 2026-11-06 16:00Z, the customer
# writes at 16:05, an agent answers at 16:30 and replies on Monday
# 2026-11-09 10:00, which resolves it at 11:00.  Open Monday to Friday
# 09:00-17:00 (UTC):
#   first_reply_time_bh  = 16:00-17:00 + 09:00-10:00 = 7200 s
#   avg_agent_frt_bh     = 16:30-17:00 + 09:00-10:00 = 5400 s
#   avg_response_time_bh = 16:05-17:00 + 09:00-10:00 = 6900 s
#   avg_resolution_time_bh = 16:00-17:00 + 09:00-11:00 = 10800 s
# With Monday a holiday, Monday counts nothing: 3600, 1800, 3300, 3600.
F=1793980800000
M=1794218400000
cat >"$TMP/chat.csv" <<CSV
$HEADER
$F,contact_start,k1,chat,inbound,,s1,,,,,
$F,queue_enter,k1,,,,s1,,,,,
$((F + 300000)),customer_message,k1,,,,,,,,,
$((F + 1800000)),answer,k1,,,,,,a1,,,
$M,agent_message,k1,,,,,,a1,,,
$((M + 3600000)),resolve,k1,,,,,,a1,,,
CSV
cat >"$TMP/week.cal" <<'CAL'
# weekdays, nine to five
mon 09:00-17:00
tue 09:00-17:00
wed 09:00-17:00
thu 09:00-17:00
fri 09:00-17:00
CAL
BH=first_reply_time,first_reply_time_bh,avg_agent_frt_bh,avg_response_time_bh,avg_resolution_time_bh
run --calendar "$TMP/week.cal" --metrics "$BH" --format csv "$TMP/chat.csv"
expect_status "business hours" 0
expect_out "business hours" "first_reply_time,first_reply_time_bh,avg_agent_frt_bh,avg_response_time_bh,avg_resolution_time_bh
237600.000,7200.000,5400.000,6900.000,10800.000"

{ cat "$TMP/week.cal"; echo "holiday 2026-11-09"; } >"$TMP/holiday.cal"
run --calendar "$TMP/holiday.cal" --metrics "$BH" --format csv "$TMP/chat.csv"
expect_status "business hours, holiday" 0
expect_out "business hours, holiday" "first_reply_time,first_reply_time_bh,avg_agent_frt_bh,avg_response_time_bh,avg_resolution_time_bh
237600.000,3600.000,1800.000,3300.000,3600.000"

run --metrics "$BH" --format csv "$TMP/chat.csv"
expect_status "no calendar" 0
expect_out "no calendar" "first_reply_time,first_reply_time_bh,avg_agent_frt_bh,avg_response_time_bh,avg_resolution_time_bh
237600.000,,,,"

finish
