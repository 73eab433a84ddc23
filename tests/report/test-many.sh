#!/bin/sh
# tests/report/test-many.sh - thousands of contacts and event ids: the
# string tables grow and every event still finds its contact.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# 3000 contacts k1..k3000 (skill s): all start at 1000 ms, then queue in
# reverse order at 2000 ms; contact i is answered (odd i, agent a) or
# abandons (even i) at 3000 + i ms; then k1..k10 start again (rejected:
# CCM_E_CONTACT_EXISTS).
#   offered 3000, answered 1500, abandoned 1500, contacts 3000;
#   accepted 3 x 3000 = 9000, rejected 10.
#   asa: waits 1000 + i for odd i: (1500 x 1000 + (1 + 3 + ... + 2999)) / 1500
#        = (1500000 + 1500^2) / 1500 = 2500 ms -> 2.500;
#   avg_abandon_time: 1000 + i for even i: (1500000 + 2 (1 + ... + 1500)) /
#        1500 = (1500000 + 2251500) / 1500 = 2501 ms -> 2.501.

. "$(dirname "$0")/lib.sh"

awk -v header="$HEADER" 'BEGIN {
  print header
  for (i = 1; i <= 3000; i++) printf "1000,contact_start,k%d,voice,inbound,,s,,,,,\n", i
  for (i = 3000; i >= 1; i--) printf "2000,queue_enter,k%d,,,,s,,,,,\n", i
  for (i = 1; i <= 3000; i++) {
    if (i % 2) printf "%d,answer,k%d,,,,,,a,,,\n", 3000 + i, i
    else printf "%d,queue_abandon,k%d,,,,,,,,,\n", 3000 + i, i
  }
  for (i = 1; i <= 10; i++) printf "9000,contact_start,k%d,voice,inbound,,s,,,,,\n", i
}' >"$TMP/many.csv"
M=contacts,offered,answered,abandoned,asa,avg_abandon_time

run --metrics "$M" --format csv "$TMP/many.csv"
expect_status "many" 0
expect_out "many" "$M
3000,3000,1500,1500,2.500,2.501"
expect_err_line "many summary" 'accepted 9000, rejected 10'
expect_err_count "many rejections" 'line [0-9]+: contact_start: .+ \(CCM_E_CONTACT_EXISTS\)' 10

# The same events with unique ids, each delivered twice in a row: every
# second delivery of an accepted event is a duplicate; a rejected event's id
# is not remembered, so its second delivery is rejected again.
awk -v header="$HEADER" 'NR == 1 { print header ",id"; next } { print $0 ",e" NR; print $0 ",e" NR }' \
  "$TMP/many.csv" >"$TMP/many-ids.csv"
run --metrics "$M" --format csv "$TMP/many-ids.csv"
expect_status "many ids" 0
expect_out "many ids" "$M
3000,3000,1500,1500,2.500,2.501"
expect_err_line "many ids summary" 'accepted 9000, rejected 20, duplicates 9000'

finish
