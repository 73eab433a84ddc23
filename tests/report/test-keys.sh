#!/bin/sh
# tests/report/test-keys.sh - printed form and order of --by keys.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Example times (see test-example.sh), t0 = 2023-11-14T22:13:20Z (a Tuesday),
# seconds after t0 and the cell each contribution lands in (credit at the
# completing event):
#   0, 1, 5 queue_enter (offered 3), 4 abandon, 12 answer c1   -> 22:13
#   65 answer c3, 72 hold, 95 agent_message                    -> 22:14
#   155 customer_message (a customer turn)                     -> 22:15
#   175 agent_message, 180 tag, 190 resolve + agent_end c3,
#   200 agent_end c1                                           -> 22:16
#   230 acw_end c1                                             -> 22:17
# handle_time at agent_end: c1 talk 158 + hold 30 = 188 s, c3 125 s; the
# acw of c1 (30 s) is added at acw_end, whose cell has handled 0.
#   15-minute intervals: 22:00 holds offered 3, answered 2, handled 0 (aht
#   undefined); 22:15 handled 2, aht (188 + 30 + 125) / 2 = 171.500.
#   1-minute intervals: 22:16 aht = (188 + 125) / 2 = 156.500; 22:17 has
#   the acw but handled 0: aht undefined.
#   5-minute intervals: 22:10 and 22:15, same values as 15 minutes.

. "$(dirname "$0")/lib.sh"
EX="$DATA/example.csv"

run --by interval --metrics offered,answered,handled,aht --format csv "$EX"
expect_status "interval 15" 0
expect_out "interval 15" 'interval,offered,answered,handled,aht
2023-11-14T22:00,3,2,0,
2023-11-14T22:15,0,0,2,171.500'

run --by interval --interval 5 --metrics offered,answered,handled,aht --format csv "$EX"
expect_status "interval 5" 0
expect_out "interval 5" 'interval,offered,answered,handled,aht
2023-11-14T22:10,3,2,0,
2023-11-14T22:15,0,0,2,171.500'

run --by interval --interval=1 --metrics offered,answered,handled,aht --format csv "$EX"
expect_status "interval 1" 0
expect_out "interval 1" 'interval,offered,answered,handled,aht
2023-11-14T22:13,3,1,0,
2023-11-14T22:14,0,1,0,
2023-11-14T22:15,0,0,0,
2023-11-14T22:16,0,0,2,156.500
2023-11-14T22:17,0,0,0,'

run --by hour --metrics offered,handled --format csv "$EX"
expect_status "hour" 0
expect_out "hour" 'hour,offered,handled
22,3,2'

run --by dow --metrics offered,handled --format csv "$EX"
expect_status "dow" 0
expect_out "dow" 'dow,offered,handled
Tue,3,2'

run --by date --metrics offered,handled --format csv "$EX"
expect_status "date" 0
expect_out "date" 'date,offered,handled
2023-11-14,3,2'

# Two keys, in the order given.
run --by skill,hour --metrics offered,answered --format csv "$EX"
expect_status "skill,hour" 0
expect_out "skill,hour" 'skill,hour,offered,answered
billing,22,2,1
support,22,1,1'
run --by hour,skill --metrics offered,answered --format csv "$EX"
expect_status "hour,skill" 0
expect_out "hour,skill" 'hour,skill,offered,answered
22,billing,2,1
22,support,1,1'

# Tag keys: c3 is tagged refund at 180 s and resolved at 190 s, so the
# resolution is credited to refund (tags at that moment), and tag_count
# (tagged) to the tag itself; everything credited before or without a tag
# (the three contact_starts) goes to the "none" tag, printed empty, first.
run --by tag --metrics tag_count,closed_contacts,contacts --format csv "$EX"
expect_status "tag" 0
expect_out "tag" 'tag,tag_count,closed_contacts,contacts
,0,0,3
refund,1,1,0'

# Time keys around the epoch and a leap day.  ts -1 is
# 1969-12-31T23:59:59.999Z (a Wednesday, hour 23, interval 23:45); 5000 is
# 1970-01-01T00:00:05Z (a Thursday); 1709208000000 is 2024-02-29T12:00:00Z
# (a Thursday).  n1 queues at -1 and abandons at 5000; n2 queues and abandons
# on the leap day.  Time keys sort chronologically: Wed before Thu, hour 00
# before 12 before 23.
cat >"$TMP/epoch.csv" <<CSV
$HEADER
-1,contact_start,n1,voice,inbound,,s,,,,,
-1,queue_enter,n1,,,,s,,,,,
5000,queue_abandon,n1,,,,,,,,,
1709208000000,contact_start,n2,voice,inbound,,s,,,,,
1709208000000,queue_enter,n2,,,,s,,,,,
1709208030000,queue_abandon,n2,,,,,,,,,
CSV
run --by date --metrics offered,abandoned --format csv "$TMP/epoch.csv"
expect_status "epoch date" 0
expect_out "epoch date" 'date,offered,abandoned
1969-12-31,1,0
1970-01-01,0,1
2024-02-29,1,1'
run --by interval --metrics offered,abandoned --format csv "$TMP/epoch.csv"
expect_status "epoch interval" 0
expect_out "epoch interval" 'interval,offered,abandoned
1969-12-31T23:45,1,0
1970-01-01T00:00,0,1
2024-02-29T12:00,1,1'
run --by dow --metrics offered,abandoned --format csv "$TMP/epoch.csv"
expect_status "epoch dow" 0
expect_out "epoch dow" 'dow,offered,abandoned
Wed,1,0
Thu,1,2'
run --by hour --metrics offered,abandoned --format csv "$TMP/epoch.csv"
expect_status "epoch hour" 0
expect_out "epoch hour" 'hour,offered,abandoned
00,0,1
12,1,1
23,1,0'

# Dimension values sort bytewise, "none" (empty) first: "B" (0x42) before
# "a b" (0x61 0x20) before "ab" before "b" before "é" (0xC3 0xA9).
cat >"$TMP/sort.csv" <<CSV
$HEADER
1000,contact_start,k1,chat,inbound,,b,,,,,
1000,contact_start,k2,chat,inbound,,é,,,,,
1000,contact_start,k3,chat,inbound,,ab,,,,,
1000,contact_start,k4,chat,inbound,,,,,,,
1000,contact_start,k5,chat,inbound,,B,,,,,
1000,contact_start,k6,chat,inbound,,a b,,,,,
1000,contact_start,k7,email,outbound,,b,,,,,
CSV
run --by skill --metrics contacts --format csv "$TMP/sort.csv"
expect_status "sort" 0
expect_out "sort" 'skill,contacts
,1
B,1
a b,1
ab,1
b,2
é,1'
run --by direction,channel --metrics contacts --format csv "$TMP/sort.csv"
expect_status "sort 2 keys" 0
expect_out "sort 2 keys" 'direction,channel,contacts
inbound,chat,6
outbound,email,1'

# Dimension values a byte apart, 1 to 17 bytes long (the bridge caches the
# ids of values of up to 16 bytes by two words of them: first and last
# bytes, or first and last four, or first and last eight): skill number k
# of the list is given to k contacts, the contacts of all skills
# interleaved, with 1 and 2 threads.
SKILLS="a b ab ba abc acc abd abcd abce xbcd abcde abcdf abXde abcdefg abcdefh abcXefg abcdefgh abcdefgi \
xbcdefgh abcdefghijkl abcdeXghijkl abcdefghijklmnop abcdefghijklmnoq bbcdefghijklmnop abcdefghXjklmnop \
abcdefghijklmnopq abcdefghijklmnopr abcdefghXjklmnopq"
{
  echo "$HEADER"
  round=1
  n=$(echo $SKILLS | wc -w)
  while [ $round -le $n ]; do
    k=1
    for skill in $SKILLS; do
      [ $k -ge $round ] && echo "$((1000 + round)),contact_start,k${k}r${round},voice,inbound,,$skill,,,,,"
      k=$((k + 1))
    done
    round=$((round + 1))
  done
} >"$TMP/skills.csv"
k=1
for skill in $SKILLS; do
  echo "$skill,$k"
  k=$((k + 1))
done | LC_ALL=C sort >"$TMP/skills.expected"
for threads in 1 2; do
  run --threads $threads --by skill --metrics contacts --format csv "$TMP/skills.csv"
  expect_status "near skills, $threads threads" 0
  sed 1d "$TMP/out" | LC_ALL=C sort >"$TMP/skills.got"
  cmp -s "$TMP/skills.expected" "$TMP/skills.got" || {
    fail "near skills, $threads threads: other counts"
    diff "$TMP/skills.expected" "$TMP/skills.got" | head -n 10 >&2
  }
done

finish
