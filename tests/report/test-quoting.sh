#!/bin/sh
# tests/report/test-quoting.sh - RFC 4180 input and output, comments, line
# ends, line numbers across quoted line breaks.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT

. "$(dirname "$0")/lib.sh"

# Line 1 header, 2 comment (a valid-looking event that must be ignored),
# 3-4 q1 with the skill 'bill,ing "vip"' (comma and doubled quotes), 5-6 q2
# whose contact type holds a line break, 7 a CRLF line with quoted plain
# fields, 8 blank, 9 an answer for a contact never started (rejected: the
# line number counts the quoted line break and the blank line).
printf '%s\n' \
  "$HEADER" \
  '# 1000,contact_start,zz,voice,inbound,,ignored,,,,,' \
  '1000,contact_start,q1,voice,inbound,,"bill,ing ""vip""",,,,,' \
  '1000,queue_enter,q1,,,,"bill,ing ""vip""",,,,,' \
  '2000,contact_start,q2,chat,inbound,,plain,,,,,"two' \
  'lines"' >"$TMP/q.csv"
printf '2000,queue_enter,"q2",,,,"plain",,,,,\r\n\n3000,answer,q9,,,,,,a,,,\n' >>"$TMP/q.csv"

run --by skill --metrics offered --format csv "$TMP/q.csv"
expect_status "csv" 0
expect_out "csv" 'skill,offered
"bill,ing ""vip""",1
plain,1'
expect_err_line "line number after a quoted line break" 'line 9: answer: .*\(CCM_E_UNKNOWN_CONTACT\)'
expect_err_line "summary" 'accepted 4, rejected 1'
expect_err_count "one rejection" 'line .*' 1

run --by skill --metrics offered --format json "$TMP/q.csv"
expect_status "json" 0
expect_out "json" '[
{"skill":"bill,ing \"vip\"","offered":1},
{"skill":"plain","offered":1}
]'

run --by contact_type --metrics contacts --format csv "$TMP/q.csv"
expect_status "line break csv" 0
expect_out "line break csv" 'contact_type,contacts
,1
"two
lines",1'
run --by contact_type --metrics contacts --format json "$TMP/q.csv"
expect_status "line break json" 0
expect_out "line break json" '[
{"contact_type":"","contacts":1},
{"contact_type":"two\nlines","contacts":1}
]'

# A byte-order mark, a quoted header and CRLF everywhere, no final line end.
printf '\357\273\277"ts","event","contact","channel","direction","customer","skill","campaign","agent","team","value","label"\r\n' >"$TMP/crlf.csv"
printf '1000,contact_start,x1,voice,inbound,,s1,,,,,\r\n' >>"$TMP/crlf.csv"
printf '1000,queue_enter,x1,,,,s1,,,,,\r\n' >>"$TMP/crlf.csv"
printf '1000,contact_start,x2,voice,inbound,,"s2",,,,,"t"\r\n' >>"$TMP/crlf.csv"
printf '1000,queue_enter,x2,,,,s2,,,,,' >>"$TMP/crlf.csv"
run --by skill,contact_type --metrics contacts,offered --format csv "$TMP/crlf.csv"
expect_status "crlf" 0
expect_out "crlf" 'skill,contact_type,contacts,offered
s1,,1,1
s2,t,1,1'
expect_err_line "crlf summary" 'accepted 4, rejected 0'

finish
