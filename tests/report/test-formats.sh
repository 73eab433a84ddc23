#!/bin/sh
# tests/report/test-formats.sh - table, CSV and JSON give the same values.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Values: see test-example.sh (billing and support rows).

. "$(dirname "$0")/lib.sh"
EX="$DATA/example.csv"
M=offered,answered,abandoned,asa,abandon_rate,aht,avg_hold_time

run --by skill --metrics "$M" --format csv "$EX"
expect_status "csv" 0
expect_out "csv" 'skill,offered,answered,abandoned,asa,abandon_rate,aht,avg_hold_time
billing,2,1,1,12.000,50.000000,218.000,30.000
support,1,1,0,60.000,0.000000,125.000,'
cp "$TMP/out" "$TMP/csv"

run --by skill --metrics "$M" --format json "$EX"
expect_status "json" 0
expect_out "json" '[
{"skill":"billing","offered":2,"answered":1,"abandoned":1,"asa":12.000,"abandon_rate":50.000000,"aht":218.000,"avg_hold_time":30.000},
{"skill":"support","offered":1,"answered":1,"abandoned":0,"asa":60.000,"abandon_rate":0.000000,"aht":125.000,"avg_hold_time":null}
]'

# Table (the default format): keys left-aligned, values right-aligned, each
# column as wide as its widest cell, two spaces apart; undefined is '-'.
# Widths: skill 7 (billing), offered 7, answered 8, abandoned 9, asa 6
# (12.000), abandon_rate 12, aht 7 (218.000), avg_hold_time 13.
run --by skill --metrics "$M" "$EX"
expect_status "table" 0
F='%-7s  %7s  %8s  %9s  %6s  %12s  %7s  %13s\n'
expect_out "table" "$(printf "$F" skill offered answered abandoned asa abandon_rate aht avg_hold_time
printf "$F" billing 2 1 1 12.000 50.000000 218.000 30.000
printf "$F" support 1 1 0 60.000 0.000000 125.000 -)"
# The same cells as the CSV once the columns are split ('-' is empty).
awk '{ line = ""; for (i = 1; i <= NF; i++) { v = ($i == "-") ? "" : $i; line = line (i > 1 ? "," : "") v } print line }' \
  "$TMP/out" >"$TMP/table-as-csv"
if ! cmp -s "$TMP/table-as-csv" "$TMP/csv"; then
  fail "table and csv differ"
  diff -u "$TMP/csv" "$TMP/table-as-csv" >&2
fi

# Without --by: one row in every format.
run --metrics offered,asa,avg_hold_time --format table "$EX"
expect_out "total table" "$(printf '%7s  %6s  %13s\n' offered asa avg_hold_time
printf '%7s  %6s  %13s\n' 3 36.000 30.000)"
run --metrics offered,asa,avg_hold_time --format json "$EX"
expect_out "total json" '[
{"offered":3,"asa":36.000,"avg_hold_time":30.000}
]'

# No rows with --by (nothing accepted): header only / an empty array.
printf '%s\n' "$HEADER" >"$TMP/header.csv"
run --by agent --metrics offered,asa --format json "$TMP/header.csv"
expect_out "empty json" '[
]'
run --by agent --metrics offered,asa --format table "$TMP/header.csv"
expect_out "empty table" 'agent  offered  asa'

finish
