#!/bin/sh
# tests/report/test-reason.sh - --by reason: flow-outs by queue_exit reason,
# agent state time by reason code.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# ann: available 0-600 s, not ready (reason 2) 600-900 s, not ready (3)
# 900-1200 s, available at 1200 s (the last event: nothing after it).
# c1 flows out after 30 s (timeout).
# Rows: "" (no reason): available 600 s, logged in 600 s, offered 1;
#       2: not ready 300 s; 3: not ready 300 s; timeout: flow_out 1.

. "$(dirname "$0")/lib.sh"

cat >"$TMP/reason.csv" <<CSV
$HEADER
0,agent_state,,,,,,,ann,red,,available
600000,agent_state,,,,,,,ann,red,2,not_ready
900000,agent_state,,,,,,,ann,red,3,not_ready
1200000,agent_state,,,,,,,ann,red,,available
0,contact_start,c1,voice,inbound,,billing,,,,,
0,queue_enter,c1,,,,billing,,,,,
30000,queue_exit,c1,,,,,,,,,timeout
CSV

run --by reason --metrics offered,flow_out,available_time,not_ready_time,logged_in_time --format csv "$TMP/reason.csv"
expect_status "by reason" 0
expect_out "by reason" "reason,offered,flow_out,available_time,not_ready_time,logged_in_time
,1,0,600.000,0.000,600.000
2,0,0,0.000,300.000,300.000
3,0,0,0.000,300.000,300.000
timeout,0,1,0.000,0.000,0.000"

run --by agent,reason --metrics not_ready_time --format csv --as-of 1500000 "$TMP/reason.csv"
expect_status "by agent and reason" 0
expect_out "by agent and reason" "agent,reason,not_ready_time
,,0.000
,timeout,0.000
ann,,0.000
ann,2,300.000
ann,3,300.000"

finish
