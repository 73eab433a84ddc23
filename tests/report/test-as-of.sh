#!/bin/sh
# tests/report/test-as-of.sh - --as-of: the time running agent-state spans
# are credited up to (ccm_engine_advance), as milliseconds or UTC text.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# ann: available at 0, busy at 600000 (10 min), and nothing more.
# Default "now" = the latest accepted event, 600000: logged in 10 min, busy
#   0: utilization 0 / 10 = 0 %.
# --as-of 1200000 (20 min): busy 10 min of 20: utilization 50 %, occupancy
#   10 / (10 + 10) = 50 %.
# --as-of 1970-01-01T00:40: busy 30 of 40: 75 %, occupancy 30 / 40 = 75 %.
# --as-of 300000, before the busy span started: nothing more: 0 %.

. "$(dirname "$0")/lib.sh"

cat >"$TMP/states.csv" <<CSV
$HEADER
0,agent_state,,,,,,,ann,red,,available
600000,agent_state,,,,,,,ann,red,,busy
CSV

as_of() {
  expected=$1
  shift
  run --by agent --metrics utilization,occupancy --format csv "$@" "$TMP/states.csv"
  expect_status "as-of $*" 0
  expect_out "as-of $*" "agent,utilization,occupancy
ann,$expected"
}
as_of 0.000000,0.000000
as_of 50.000000,50.000000 --as-of 1200000
as_of 50.000000,50.000000 --as-of=1200000
as_of 75.000000,75.000000 --as-of 1970-01-01T00:40
as_of 75.000000,75.000000 --as-of 1970-01-01T00:40:00
as_of 0.000000,0.000000 --as-of 300000

for bad in 1970-13-01T00:00 1970-02-30T00:00 1970-01-01T24:00 1970-01-01 12x ""; do
  run --as-of "$bad" "$TMP/states.csv"
  expect_status "as-of '$bad'" 2
  expect_err_line "as-of '$bad'" "ccm-report: --as-of: '$bad' is neither milliseconds nor YYYY-MM-DDTHH:MM\\[:SS\\]"
done

finish
