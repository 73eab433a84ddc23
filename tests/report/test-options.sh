#!/bin/sh
# tests/report/test-options.sh - configuration options reach the engine, in
# their units and with millisecond precision; out-of-bounds values are refused.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Example queue visits (test-example.sh): c1 answered after 12 s (offer at 10,
# answer at 12: alert 2 s, voice), c3 answered after 60 s (no offer),
# c2 abandoned after 3 s.  c3 (inbound chat): first reply 90 s after start,
# resolved 185 s after start.
#
# SL 20 s, short abandon 5 s (defaults): answered_in_sl 1 (c1), abandoned_in_sl
#   1, short_abandoned 1 (3 < 5):
#   service_level = 1 / (2 + 1 - 1) = 50 %, service_level_answered = 1 / 2 =
#   50 %, service_level_abandon_ok = (1 + 1) / (2 + 1) = 66.666667 %,
#   service_level_offered = (1 + 1 + 0) / 3 = 66.666667 %.
# SL 11.999 s: 12000 ms > 11999: answered_in_sl 0, abandoned_in_sl 1:
#   0 %, 0 %, 1 / 3 = 33.333333 %, 33.333333 %.
# SL 12 s: as the default (wait <= threshold is in SL).
# SL 60 s: answered_in_sl 2: 2 / 2 = 100 %, 100 %, 3 / 3 = 100 %, 100 %.
# SL 2.999 s: nothing in SL: 0 %, 0 %, 0 %, 0 %.
# Short abandon 3 s: 3000 < 3000 is false: short 0, service_level = 1 / 3 =
#   33.333333 %; short abandon 3.001 s: short 1, 50 %.
# Ring cycle 6 s: rings = ceil(2 / 6) = 1 over 1 rung answer: avg_rings 1;
#   0.5 s: ceil(4) = 4; 1.5 s: ceil(1.33) = 2; 2 s: 1; 1.999 s: 2.
# First-response target 90 s: 90 <= 90: frt_sla_pct 100 %; 89.999 s: 0 %.
# Resolution target 185 s: 100 %; 184.999 s: 0 %.

. "$(dirname "$0")/lib.sh"
EX="$DATA/example.csv"
SLM=service_level,service_level_answered,service_level_abandon_ok,service_level_offered

sl() {
  run --metrics "$SLM" --format csv "$@" "$EX"
  expect_status "sl $*" 0
  expect_out "sl $*" "$SLM
$SL_EXPECTED"
}
SL_EXPECTED=50.000000,50.000000,66.666667,66.666667 sl
SL_EXPECTED=0.000000,0.000000,33.333333,33.333333 sl --sl-threshold 11.999
SL_EXPECTED=50.000000,50.000000,66.666667,66.666667 sl --sl-threshold 12
SL_EXPECTED=50.000000,50.000000,66.666667,66.666667 sl --sl-threshold=12.0
SL_EXPECTED=100.000000,100.000000,100.000000,100.000000 sl --sl-threshold 60
SL_EXPECTED=0.000000,0.000000,0.000000,0.000000 sl --sl-threshold 2.999

run --metrics service_level,short_abandoned --format csv --short-abandon 3 "$EX"
expect_out "short 3" 'service_level,short_abandoned
33.333333,0'
run --metrics service_level,short_abandoned --format csv --short-abandon 3.001 "$EX"
expect_out "short 3.001" 'service_level,short_abandoned
50.000000,1'

for pair in 6:1 0.5:4 1.5:2 2:1 1.999:2; do
  cycle=${pair%:*}
  rings=${pair#*:}
  run --metrics avg_rings,avg_alert_time --format csv --ring-cycle "$cycle" "$EX"
  expect_status "ring cycle $cycle" 0
  expect_out "ring cycle $cycle" "avg_rings,avg_alert_time
$rings.000000,2.000"
done

run --metrics first_reply_time,frt_sla_pct --format csv --frt-target 90 "$EX"
expect_out "frt 90" 'first_reply_time,frt_sla_pct
90.000,100.000000'
run --metrics first_reply_time,frt_sla_pct --format csv --frt-target 89.999 "$EX"
expect_out "frt 89.999" 'first_reply_time,frt_sla_pct
90.000,0.000000'
run --metrics avg_resolution_time,resolution_sla_pct --format csv --resolution-target 185 "$EX"
expect_out "resolution 185" 'avg_resolution_time,resolution_sla_pct
185.000,100.000000'
run --metrics avg_resolution_time,resolution_sla_pct --format csv --resolution-target 184.999 "$EX"
expect_out "resolution 184.999" 'avg_resolution_time,resolution_sla_pct
185.000,0.000000'

# Options the example does not exercise are still accepted within bounds.
run --metrics offered --format csv --repeat-window 1.5 --retention 0.5 --grace 0 --idle-timeout 0 \
  --csat-satisfied 5 --ces-easy 7 --max-contacts 1000 "$EX"
expect_status "other options" 0
expect_out "other options" 'offered
3'

# Refused values: status 2 and the bounds in the option's unit.
bad() {
  name=$1
  regex=$2
  shift 2
  run "$@" "$EX"
  expect_status "$name" 2
  expect_empty_out "$name"
  expect_err_line "$name" "$regex"
}
bad "exponent" "ccm-report: --sl-threshold: '1e9' is not a number" --sl-threshold 1e9
bad "sl bounds" 'ccm-report: --sl-threshold 99999999: out of bounds \([0-9.]+ to [0-9.]+ seconds\)' \
  --sl-threshold 99999999
bad "sl negative" 'ccm-report: --sl-threshold -1: out of bounds \([0-9.]+ to [0-9.]+ seconds\)' --sl-threshold -1
bad "csat" 'ccm-report: --csat-satisfied 6: out of bounds \(1 to 5\)' --csat-satisfied 6
bad "ces" 'ccm-report: --ces-easy 0: out of bounds \(1 to 7\)' --ces-easy 0
bad "csat fraction" "ccm-report: --csat-satisfied: '4.5' is not an integer.*" --csat-satisfied 4.5
bad "not a number" "ccm-report: --grace: 'soon' is not a number.*" --grace soon
bad "interval divides a day" 'ccm-report: --interval 7: must divide a day .*' --interval 7
bad "interval too small" 'ccm-report: --interval 0.5: out of bounds \([0-9.]+ to [0-9.]+ minutes\)' --interval 0.5
bad "customers base" 'ccm-report: --customers-base -1: out of bounds \(0 to 1000000000000\)' --customers-base -1

# The customer stock starts at --customers-base: one churn of 100 active
# customers is a churn rate of 1 %, arpu 500 / 99; without a base the active
# count at the start is 0: churn rate undefined.
cat >"$TMP/stock.csv" <<CSV
$HEADER
1000,customer_churn,,,,u1,,,,,,
2000,customer_revenue,,,,u2,,,,,500,
CSV
run --metrics churn_rate,arpu,retention_rate --format csv --customers-base 100 "$TMP/stock.csv"
expect_status "customers base" 0
expect_out "customers base" "churn_rate,arpu,retention_rate
1.000000,5.050505,99.000000"
run --metrics churn_rate,arpu --format csv "$TMP/stock.csv"
expect_out "no customers base" "churn_rate,arpu
,-500.000000"

# 2.5 minutes is 150 s, which divides a day: t0 22:13:20 falls in the
# interval 22:12:30 .. 22:15:00, printed to the minute.
run --by interval --interval 2.5 --metrics offered --format csv "$EX"
expect_status "interval 2.5" 0
if [ "$(sed -n 2p "$TMP/out")" != "2023-11-14T22:12,3" ]; then
  fail "interval 2.5: first row $(sed -n 2p "$TMP/out")"
fi

finish
