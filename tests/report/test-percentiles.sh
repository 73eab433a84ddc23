#!/bin/sh
# tests/report/test-percentiles.sh - --percentiles columns and the
# --staffing report, with hand-computed values.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT

. "$(dirname "$0")/lib.sh"

# Ten voice contacts of skill s1 answered after 1, 2, ..., 10 s (and one of
# s2 after 7 s).  Lower quantiles (rank floor(q (n - 1))): p50 = 5 s,
# p90 = 9 s, p95 = 9 s, p99 = 9 s; the sketch is within 1 %.
{
  echo "$HEADER"
  i=1
  while [ $i -le 10 ]; do
    t=$((i * 60000))
    printf '%s,contact_start,c%s,voice,inbound,,s1,,,,,\n' $t $i
    printf '%s,queue_enter,c%s,,,,s1,,,,,\n' $t $i
    printf '%s,answer,c%s,,,,,,a1,,,\n' $((t + i * 1000)) $i
    i=$((i + 1))
  done
  printf '0,contact_start,d1,voice,inbound,,s2,,,,,\n0,queue_enter,d1,,,,s2,,,,,\n7000,answer,d1,,,,,,a2,,,\n'
} >"$TMP/waits.csv"

run --by skill --metrics offered,asa --percentiles --format csv "$TMP/waits.csv"
expect_status "percentiles" 0
# the header and the keys exactly; the values within 1 %
head -n 1 "$TMP/out" >"$TMP/header"
if [ "$(cat "$TMP/header")" != "skill,offered,asa,asa_p50,asa_p90,asa_p95,asa_p99" ]; then
  fail "percentile columns: $(cat "$TMP/header")"
fi
awk -F, 'NR == 1 { next }
  function near(v, want) { return v != "" && v >= want * 0.99 && v <= want * 1.01 }
  $1 == "s1" { ok1 = $2 == 10 && $3 == "5.500" && near($4, 5) && near($5, 9) && near($6, 9) && near($7, 9) }
  $1 == "s2" { ok2 = $2 == 1 && $3 == "7.000" && $4 == "7.000" && $5 == "7.000" && $7 == "7.000" }
  END { exit !(ok1 && ok2 && NR == 3) }' "$TMP/out" || fail "percentile values: $(cat "$TMP/out")"

# Only timer averages get percentile columns; no values: empty fields.
run --metrics offered,service_level,avg_resolution_time --percentiles --format csv "$TMP/waits.csv"
expect_status "percentiles of a timer without values" 0
expect_out "percentiles of a timer without values" "offered,service_level,avg_resolution_time,avg_resolution_time_p50,avg_resolution_time_p90,avg_resolution_time_p95,avg_resolution_time_p99
11,100.000000,,,,,"

# Staffing: the Call Centre Helper example (100 contacts in 30 minutes,
# AHT 180 s, 80 % in 20 s) needs 14 agents: probability of waiting
# 0.1741319, 88.835 % in 20 s, ASA 7.836 s, occupancy 10 / 14 = 71.43 %.
# Contacts start every 18 s from 2026-11-10 09:00Z, are answered at once
# and end 180 s later: the last ten end in the next interval, which has no
# arrivals (0 agents).
T=1794301200000
{
  echo "$HEADER"
  i=0
  while [ $i -lt 100 ]; do
    t=$((T + i * 18000))
    printf '%s,contact_start,s%s,voice,inbound,,s1,,,,,\n' $t $i
    printf '%s,queue_enter,s%s,,,,s1,,,,,\n' $t $i
    printf '%s,answer,s%s,,,,,,a1,,,\n' $t $i
    printf '%s,agent_end,s%s,,,,,,a1,,,\n' $((t + 180000)) $i
    i=$((i + 1))
  done
} >"$TMP/staff.csv"
run --staffing --interval 30 --by interval --format csv "$TMP/staff.csv"
expect_status "staffing" 0
expect_out "staffing" "interval,offered,aht,rate_per_hour,agents,pwait,service_level,asa,occupancy,abandon_rate
2026-11-10T09:00,100,180.000,200.000000,14,0.174132,88.835002,7.836,71.428571,
2026-11-10T09:30,0,180.000,0.000000,0,0.000000,100.000000,0.000,,"

# Erlang A: the same with a mean patience of 60 s fills abandon_rate.
run --staffing --patience 60 --interval 30 --by interval --format csv "$TMP/staff.csv"
expect_status "staffing, Erlang A" 0
awk -F, 'NR == 2 { exit !($5 > 0 && $5 <= 14 && $10 > 0 && $10 < 100) }' "$TMP/out" ||
  fail "Erlang A row: $(sed -n 2p "$TMP/out")"

finish
