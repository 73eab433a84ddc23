#!/bin/sh
# tests/report/test-threads.sh - --threads N: the input split by contact over
# N engines, merged before printing, prints exactly what one engine prints
# (stdout and stderr, byte for byte, exit status too) for the sample file
# and for generated streams with interleaved contacts, agent states,
# surveys, the ledger, invalid lines and redelivered event ids.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT

. "$(dirname "$0")/lib.sh"

SAMPLE="$top_srcdir/examples/sample.csv"
GEN="$top_builddir/examples/ccm-gen"

# same_as_one NAME FILE ARGS...: --threads 2, 3 and 8 against --threads 1.
same_as_one() {
  name=$1
  file=$2
  shift 2
  run "$@" --threads 1 "$file"
  cp "$TMP/out" "$TMP/out1"
  cp "$TMP/err" "$TMP/err1"
  status1=$status
  for n in 2 3 8; do
    run "$@" --threads "$n" "$file"
    if [ "$status" != "$status1" ]; then
      fail "$name, $n threads: exit status $status, expected $status1"
    fi
    if ! cmp -s "$TMP/out1" "$TMP/out"; then
      fail "$name, $n threads: other output"
      diff "$TMP/out1" "$TMP/out" | head -n 10 >&2
    fi
    if ! cmp -s "$TMP/err1" "$TMP/err"; then
      fail "$name, $n threads: other messages"
      diff "$TMP/err1" "$TMP/err" | head -n 10 >&2
    fi
  done
  [ -s "$TMP/out1" ] || [ "$status1" != 0 ] || fail "$name: no output"
}

# every view shape: no key, dimensions with every time grain, tags,
# reasons, percentiles (merged sketches), staffing, local time, formats
views() {
  file=$1
  same_as_one "$file company" "$file" --format csv
  same_as_one "$file agent,interval" "$file" --by agent,interval --format csv
  same_as_one "$file team,hour" "$file" --by team,hour --format csv
  same_as_one "$file skill,channel,date percentiles" "$file" --by skill,channel,date --percentiles --format csv
  same_as_one "$file tag,dow" "$file" --by tag,dow --format csv
  same_as_one "$file reason,week json" "$file" --by reason,week --format json
  same_as_one "$file campaign,contact_type,direction,month" "$file" \
    --by campaign,contact_type,direction,month --format table
  same_as_one "$file disposition,date tz" "$file" --by disposition,date --tz EST5EDT,M3.2.0,M11.1.0 --format csv
  same_as_one "$file staffing by interval" "$file" --by interval --staffing --format csv
  same_as_one "$file staffing by hour" "$file" --by hour --staffing --format csv
}

views "$SAMPLE"

if [ -x "$GEN" ]; then
  # contacts interleaved (each delayed up to an hour), agent states, surveys,
  # ledger, 30 invalid lines
  "$GEN" --seed 7 --days 2 --contacts-per-day 1500 --agents 25 --interleave --bad 30 >"$TMP/gen.csv" ||
    fail "ccm-gen failed"
  views "$TMP/gen.csv"
  same_as_one "gen --strict" "$TMP/gen.csv" --strict --by agent --format csv
  [ "$status1" = 1 ] || fail "gen --strict: exit status $status1, expected 1"
  # an id column: every 40th event delivered twice
  awk -F, 'NR == 1 { print $0 ",id"; next } /^#/ { print; next }
           { print $0 ",ev" NR; if (NR % 40 == 0) print $0 ",ev" NR }' "$TMP/gen.csv" >"$TMP/gen-id.csv"
  same_as_one "gen with ids" "$TMP/gen-id.csv" --by skill,interval --percentiles --format csv
  expect_err_line "gen with ids: duplicates" 'accepted [0-9]+, rejected [0-9]+, duplicates [1-9][0-9]*'
  # many more batches than the pool holds (16 per shard, 1024 records
  # each): the reader runs out of empty batches and ingests queued ones
  # itself, workers take other shards' batches, each shard has hundreds
  "$GEN" --seed 11 --days 4 --contacts-per-day 5000 --agents 60 --interleave --bad 20 >"$TMP/big.csv" ||
    fail "ccm-gen failed"
  same_as_one "many batches" "$TMP/big.csv" --by skill,interval --format csv
  # contact ids too long to be their own keys (the router's table of
  # contact strings gives them keys as they start; the reader routes a
  # start and the contact's next events in the same group of records)
  "$GEN" --seed 13 --days 1 --contacts-per-day 3000 --agents 30 --interleave >"$TMP/long.csv" ||
    fail "ccm-gen failed"
  awk -F, 'BEGIN { OFS = "," } NR > 1 && !/^#/ && $3 != "" { $3 = "a-long-contact-id-" $3 } { print }' \
    "$TMP/long.csv" >"$TMP/long-ids.csv"
  same_as_one "long contact ids" "$TMP/long-ids.csv" --by skill,interval --format csv
  expect_err_line "long contact ids: nothing rejected" 'accepted [0-9]+, rejected 0'
else
  echo "ccm-gen not built: generated streams skipped" >&2
fi

# --strict stops at the first rejected line, whichever engine had it.
cat >"$TMP/strict.csv" <<CSV
$HEADER
1000,contact_start,c1,voice,inbound,u1,s,,,,,
1000,contact_start,c2,voice,inbound,u2,s,,,,,
1000,contact_start,c3,voice,inbound,u3,s,,,,,
2000,queue_enter,c1,,,,s,,,,,
2000,answer,c2,,,,,,a,,,
2000,queue_enter,c3,,,,s,,,,,
3000,answer,c9,,,,,,a,,,
4000,answer,c3,,,,,,a,,,
5000,resume,c1,,,,,,,,,
CSV
same_as_one "strict" "$TMP/strict.csv" --strict --format csv
expect_status "strict" 1
expect_empty_out "strict"
expect_err_line "strict: first rejected line" 'line 8: answer: .+ \(CCM_E_UNKNOWN_CONTACT\)'
expect_err_count "strict: one rejected line" 'line [0-9]+: .*' 1
expect_err_line "strict: summary" 'accepted 6, rejected 1'
same_as_one "not strict" "$TMP/strict.csv" --format csv
expect_err_line "not strict: rejected line" 'line 10: resume: .+ \(CCM_E_NO_AGENT_CONTACT\)'
expect_err_line "not strict: summary" 'accepted 7, rejected 2'

# Contacts still waiting at the end stay in the engine that ingested them:
# the longest wait is the largest over the engines.  w1..w40 queue at
# 1000 i ms in skill s(i mod 3); "now" is 40000: the oldest of s1 is w1
# (39 s), of s2 w2 (38 s), of s0 w3 (37 s).
awk -v header="$HEADER" 'BEGIN {
  print header
  for (i = 1; i <= 40; i++) {
    printf "%d,contact_start,w%d,voice,inbound,,s%d,,,,,\n", 1000 * i, i, i % 3
    printf "%d,queue_enter,w%d,,,,s%d,,,,,\n", 1000 * i, i, i % 3
  }
}' >"$TMP/wait.csv"
same_as_one "longest wait by skill" "$TMP/wait.csv" --by skill --metrics in_queue,longest_wait --format csv
expect_out "longest wait by skill" "skill,in_queue,longest_wait
s0,13,37.000
s1,14,39.000
s2,13,38.000"
same_as_one "longest wait" "$TMP/wait.csv" --metrics in_queue,longest_wait --format csv
expect_out "longest wait" "in_queue,longest_wait
40,39.000"
same_as_one "longest wait as of" "$TMP/wait.csv" --by skill --metrics longest_wait --as-of 100000 --format csv

# standard input
run --threads 4 --format csv - <"$SAMPLE"
cp "$TMP/out" "$TMP/stdin4"
run --threads 1 --format csv "$SAMPLE"
cmp -s "$TMP/out" "$TMP/stdin4" || fail "stdin with 4 threads: other output"

# the option itself
for bad in 0 65 -1 x 2.5 ""; do
  run --threads "$bad" "$SAMPLE"
  expect_status "--threads '$bad'" 2
  expect_err_line "--threads '$bad'" "ccm-report: --threads: '.*' is not a number of threads from 1 to 64"
done
run --threads 64 --format csv "$SAMPLE"
expect_status "--threads 64" 0
cmp -s "$TMP/out" "$TMP/stdin4" || fail "64 threads: other output"
# what one engine per thread cannot do alike: refused
run --threads 2 --save "$TMP/s" "$SAMPLE"
expect_status "--threads 2 --save" 2
expect_err_line "--threads 2 --save" 'ccm-report: --save needs --threads 1 .*'
run --threads 2 --lateness 5 "$SAMPLE"
expect_status "--threads 2 --lateness 5" 2
expect_err_line "--threads 2 --lateness" 'ccm-report: --lateness needs --threads 1 .*'
run --threads 2 --max-contacts 100 "$SAMPLE"
expect_status "--threads 2 --max-contacts 100" 2
run --threads 2 --lateness 0 --max-contacts 0 --format csv "$SAMPLE"
expect_status "--threads 2, lateness and max contacts 0" 0

finish
