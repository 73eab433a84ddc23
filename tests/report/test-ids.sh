#!/bin/sh
# tests/report/test-ids.sh - contact and customer ids of every kind stay
# distinct.  Without --save and --load, an id of 1 to 8 ASCII bytes is its
# own 64-bit key (report_strtab.h, direct) and a longer or non-ASCII one is
# stored; with --save every id is stored.  Both must give the same report,
# and so must --threads 2.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Eleven contacts, each started with a customer and queued in billing, in
# three different orders (no event repeats the previous one's contact):
#   c1, C1, "c1 " (a trailing space), c1234567 and c1234568 (8 bytes, only
#   the last differs), c12345678 (9 bytes), cé (UTF-8), c123456, c12345, x,
#   xy.
# Customers, each twice except u1: u1234567 (8 bytes), u12345678 (9), uñ
# (UTF-8), u7 and u8: 5 repeats among 11 contacts with a customer,
# repeat_contact_rate = 5 / 11 x 100 = 45.454545.  Every contact abandons
# except c1234568 and c12345678, answered: offered 11, abandoned 9,
# answered 2; 11 + 11 + 9 + 2 = 33 events.  Two contacts taken for one
# would show as a rejected contact_start (a contact with this id is open),
# two customers taken for one as an extra repeat.

. "$(dirname "$0")/lib.sh"

IDS="$TMP/ids.csv"
{
  echo "$HEADER"
  t=1700000000000
  for pair in "c1 u1" "C1 u1234567" "c1  u1234567" "c1234567 u12345678" "c1234568 u12345678" \
    "c12345678 uñ" "cé uñ" "c123456 u7" "c12345 u7" "x u8" "xy u8"; do
    c=${pair% *}
    u=${pair##* }
    echo "$t,contact_start,$c,voice,inbound,$u,billing,,,,,"
    t=$((t + 1000))
  done
  # the queue entries, in another order
  for c in "cé" "c1" "x" "c1234568" "C1" "c12345" "c12345678" "c1 " "xy" "c1234567" "c123456"; do
    echo "$t,queue_enter,$c,,,,billing,,,,,"
    t=$((t + 1000))
  done
  for c in "c1" "C1" "c1 " "c1234567" "cé" "c123456" "c12345" "x" "xy"; do
    echo "$t,queue_abandon,$c,,,,,,,,,"
    t=$((t + 1000))
  done
  for c in "c1234568" "c12345678"; do
    echo "$t,answer,$c,,,,,,ann,red,,"
    t=$((t + 1000))
  done
} >"$IDS"

WANT='offered,abandoned,answered,repeat_contact_rate
11,9,2,45.454545'

run --metrics offered,abandoned,answered,repeat_contact_rate --format csv "$IDS"
expect_status "ids kept by value" 0
expect_out "ids kept by value" "$WANT"
expect_err_line "ids kept by value" 'accepted 33, rejected 0'

run --save "$TMP/state" --metrics offered,abandoned,answered,repeat_contact_rate --format csv "$IDS"
expect_status "ids stored (--save)" 0
expect_out "ids stored (--save)" "$WANT"
expect_err_line "ids stored (--save)" 'accepted 33, rejected 0'

run --threads 2 --metrics offered,abandoned,answered,repeat_contact_rate --format csv "$IDS"
expect_status "ids, two threads" 0
expect_out "ids, two threads" "$WANT"
expect_err_line "ids, two threads" 'accepted 33, rejected 0'

finish
