#!/bin/sh
# tests/report/test-rejected.sh - rejected lines: messages, summary, --strict,
# duplicate event ids.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT

. "$(dirname "$0")/lib.sh"

LONG=$(printf '%0256d' 0) # a 256-byte skill: one byte over the limit

# Line by line (accepted: 2, 8, 14):
#  3 eleven fields; 4 a ts that is not a number; 5 an unknown event name;
#  6 an unknown channel; 7 an answer for a contact never started; 9 resume
#  with no agent contact open; 10 csat out of its 1..5 scale;
#  11 a field over 255 bytes; 12 a value that is not a decimal number;
#  13 junk after a closing quote; 15 contact_start for an open contact;
#  16 a quote left open at the end of the input.
cat >"$TMP/rej.csv" <<CSV
$HEADER
1000,contact_start,r1,voice,inbound,,s,,,,,
1000,queue_enter,r1,,,,s,,,,
abc,queue_enter,r1,,,,s,,,,,
1000,queue_entr,r1,,,,s,,,,,
1000,contact_start,r2,pigeon,inbound,,s,,,,,
1000,answer,nobody,,,,,,a,,,
1000,queue_enter,r1,,,,s,,,,,
2000,resume,r1,,,,,,,,,
3000,csat,r1,,,,,,,,6,
3000,contact_start,r3,voice,inbound,,$LONG,,,,,
3000,cost,,,,,,,,,12x,
3000,contact_start,r4,voice,inbound,,"s"x,,,,,
4000,queue_abandon,r1,,,,,,,,,
5000,contact_start,r1,voice,inbound,,s,,,,,
6000,contact_start,r5,voice,inbound,,s,,,,,"open
CSV

run --by skill --metrics offered,abandoned --format csv "$TMP/rej.csv"
expect_status "rejected lines" 0
expect_out "rejected lines" 'skill,offered,abandoned
s,1,1'
expect_err_line "fields" 'line 3: queue_enter: wrong number of fields: 11, expected 12'
expect_err_line "ts" "line 4: queue_enter: bad ts 'abc'"
expect_err_line "event" 'line 5: queue_entr: unknown event type \(CCM_E_EVENT_TYPE\)'
expect_err_line "channel" "line 6: contact_start: unknown channel 'pigeon' \(CCM_E_NOT_FOUND\)"
expect_err_line "unknown contact" 'line 7: answer: .+ \(CCM_E_UNKNOWN_CONTACT\)'
expect_err_line "no agent contact" 'line 9: resume: .+ \(CCM_E_NO_AGENT_CONTACT\)'
expect_err_line "out of scale" 'line 10: csat: .+ \(CCM_E_OUT_OF_SCALE\)'
expect_err_line "too long" 'line 11: contact_start: skill longer than 255 bytes \(CCM_E_TOO_LONG\)'
expect_err_line "value" "line 12: cost: bad value '12x'"
expect_err_line "quote" 'line 13: contact_start: bad quoting'
expect_err_line "exists" 'line 15: contact_start: .+ \(CCM_E_CONTACT_EXISTS\)'
expect_err_line "unterminated" 'line 16: contact_start: unterminated quoted field'
expect_err_count "one message per rejected line" 'line [0-9]+: .*' 12
expect_err_line "summary" 'accepted 3, rejected 12'
# The summary comes last.
if [ "$(tail -n 1 "$TMP/err")" != "accepted 3, rejected 12" ]; then
  fail "summary is not the last stderr line"
fi

# --strict: stops at line 3, nothing printed on stdout, status 1.
run --strict --by skill --metrics offered --format csv "$TMP/rej.csv"
expect_status "strict" 1
expect_empty_out "strict"
expect_err_count "strict: one message" 'line [0-9]+: .*' 1
expect_err_line "strict: first rejected line" 'line 3: queue_enter: wrong number of fields: 11, expected 12'
expect_err_line "strict: summary" 'accepted 1, rejected 1'

# --strict on clean input: status 0 and the report.
run --strict --metrics offered,answered --format csv "$DATA/example.csv"
expect_status "strict clean" 0
expect_out "strict clean" 'offered,answered
3,2'

# The optional id column: a second delivery of an accepted event is ignored
# (line 4 would otherwise be rejected: the contact is already queued); an
# empty id is no id; an id over 64 bytes is rejected.
ID65=$(printf '%065d' 0)
cat >"$TMP/ids.csv" <<CSV
$HEADER,id
1000,contact_start,d1,voice,inbound,,s,,,,,,e1
1000,queue_enter,d1,,,,s,,,,,,e2
1000,queue_enter,d1,,,,s,,,,,,e2
2000,queue_abandon,d1,,,,,,,,,,e3
3000,contact_start,d2,voice,inbound,,s,,,,,,
3000,queue_enter,d2,,,,s,,,,,,$ID65
3000,queue_enter,d2,,,,s,,,,,,e1
CSV
run --by skill --metrics contacts,offered,abandoned --format csv "$TMP/ids.csv"
expect_status "ids" 0
expect_out "ids" 'skill,contacts,offered,abandoned
s,2,1,1'
expect_err_line "id too long" 'line 7: queue_enter: id longer than 64 bytes \(CCM_E_TOO_LONG\)'
expect_err_line "ids summary" 'accepted 4, rejected 1, duplicates 2'

# Twelve columns after a 13-column header are the wrong count.
printf '%s,id\n1000,contact_start,d1,voice,inbound,,s,,,,,\n' "$HEADER" >"$TMP/ids12.csv"
run --format csv --metrics contacts "$TMP/ids12.csv"
expect_status "12 of 13" 0
expect_err_line "12 of 13" 'line 2: contact_start: wrong number of fields: 12, expected 13'

# Event names one byte away from real ones (cut short, one byte more, the
# first, a middle or the last byte changed, the case changed) are no event
# types, for the bridge and for the --threads router alike (their lookup
# compares the first and last eight bytes of a name, then the rest).
{
  echo "$HEADER"
  echo "1000,contact_start,v1,voice,inbound,,s,,,,,"
  for name in tag offer answer queue_enter contact_start customer_message customer_acquire; do
    len=${#name}
    mid=$((len / 2))
    for bad in "$(printf '%s' "$name" | cut -c1-$((len - 1)))" "${name}x" "${name}_" "x$(printf '%s' "$name" | cut -c2-)" \
      "$(printf '%s' "$name" | cut -c1-$((mid)))X$(printf '%s' "$name" | cut -c$((mid + 2))-)" \
      "$(printf '%s' "$name" | cut -c1-$((len - 1)))X" "$(printf '%s' "$name" | tr a-z A-Z)" "${name}${name}"; do
      echo "2000,$bad,v1,,,,s,,,,,"
    done
  done
  echo "3000,queue_enter,v1,,,,s,,,,,"
} >"$TMP/names.csv"
for threads in 1 2; do
  run --threads $threads --by skill --metrics offered --format csv "$TMP/names.csv"
  expect_status "near names, $threads threads" 0
  expect_out "near names, $threads threads" 'skill,offered
s,1'
  expect_err_count "near names, $threads threads" 'line [0-9]+: .*: unknown event type \(CCM_E_EVENT_TYPE\)' 56
  expect_err_line "near names, $threads threads: summary" 'accepted 2, rejected 56'
done

finish
