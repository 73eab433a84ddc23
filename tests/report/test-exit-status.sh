#!/bin/sh
# tests/report/test-exit-status.sh - usage and I/O errors (status 2), --help,
# --version, --list-metrics.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT

. "$(dirname "$0")/lib.sh"
EX="$DATA/example.csv"

# usage NAME MESSAGE-REGEX ARGS...: status 2, nothing on stdout, a message.
usage() {
  name=$1
  regex=$2
  shift 2
  run "$@"
  expect_status "$name" 2
  expect_empty_out "$name"
  expect_err_line "$name" "$regex"
}

usage "no arguments" 'ccm-report: no input file.*'
usage "unknown option" "ccm-report: unknown option '--bogus'" --bogus "$EX"
usage "two files" 'ccm-report: more than one input file.*' "$EX" "$EX"
usage "missing value" "ccm-report: option '--by' needs a value" "$EX" --by
usage "missing file" "ccm-report: $TMP/nope.csv: No such file or directory" "$TMP/nope.csv"
usage "unknown key" "ccm-report: --by: unknown key 'queue'" --by queue "$EX"
usage "key twice" "ccm-report: --by: 'skill' given twice" --by skill,agent,skill "$EX"
usage "two time keys" 'ccm-report: --by: at most one time key.*' --by hour,date "$EX"
usage "bad tz" "ccm-report: --tz: 'CET-1CEST,M13.5.0' is not a POSIX TZ rule.*" --tz CET-1CEST,M13.5.0 "$EX"
usage "missing calendar" "ccm-report: --calendar $TMP/nope.cal: cannot open" --calendar "$TMP/nope.cal" "$EX"
printf 'mon 09:00-17:00\ntue 25:00-26:00\n' >"$TMP/bad.cal"
usage "bad calendar" "ccm-report: --calendar $TMP/bad.cal:2: .*" --calendar "$TMP/bad.cal" "$EX"
usage "staffing without time" 'ccm-report: --staffing needs a time key.*' --staffing --by skill "$EX"
usage "staffing and percentiles" 'ccm-report: --staffing and --percentiles.*' --staffing --percentiles --by interval "$EX"
usage "bad target" "ccm-report: --target-sl: '100' is not a percentage.*" --target-sl 100 --staffing --by hour "$EX"
usage "bad patience" "ccm-report: --patience: '0' is not a positive.*" --patience 0 --staffing --by hour "$EX"
usage "threads" "ccm-report: --threads: '0' is not a number of threads from 1 to 64" --threads 0 "$EX"
usage "load" "ccm-report: --load $TMP/snap: No such file or directory" --load "$TMP/snap" "$EX"
usage "save" 'ccm-report: --save needs --threads 1 .*' --threads 2 --save="$TMP/snap" "$EX"
usage "unknown metric" "ccm-report: --metrics: unknown metric 'speed'" --metrics asa,speed "$EX"
usage "empty metric" "ccm-report: --metrics: bad list 'asa,'" --metrics asa, "$EX"
usage "format" "ccm-report: --format: 'xml' is not table, csv or json" --format xml "$EX"

# I/O: a directory cannot be read.
usage "directory" "ccm-report: $TMP: read error: .*" "$TMP"

# Input that is not canonical: status 2.
: >"$TMP/empty.csv"
usage "empty input" ".*empty input.*" "$TMP/empty.csv"
printf 'ts,event,contact\n1,contact_start,c\n' >"$TMP/short.csv"
usage "bad header" ".*line 1: not the canonical header.*" "$TMP/short.csv"
printf '%s,extra\n' "$HEADER" >"$TMP/extra.csv"
usage "13th column not id" ".*line 1: not the canonical header.*" "$TMP/extra.csv"
printf '# comment\n%s\n' "$(printf '%s' "$HEADER" | sed 's/skill,campaign/campaign,skill/')" >"$TMP/order.csv"
usage "header order" ".*line 2: not the canonical header.*" "$TMP/order.csv"

# Accepted forms: UTC time zones, one thread.
for tz in UTC UTC0 GMT0 '<+00>0'; do
  run --tz "$tz" --metrics offered --format csv "$EX"
  expect_status "tz $tz" 0
  expect_out "tz $tz" 'offered
3'
done
run --threads 1 --metrics offered --format csv "$EX"
expect_status "threads 1" 0

# A header alone: the company row with zeros and undefined values.
printf '%s\n' "$HEADER" >"$TMP/header.csv"
run --metrics offered,asa,abandon_rate,max_wait --format csv "$TMP/header.csv"
expect_status "header only" 0
expect_out "header only" 'offered,asa,abandon_rate,max_wait
0,,,'
expect_err_line "header only summary" 'accepted 0, rejected 0'
run --by skill --metrics offered --format csv "$TMP/header.csv"
expect_status "header only, by skill" 0
expect_out "header only, by skill" 'skill,offered'

# --help, --version, --list-metrics: status 0 on stdout.
run --help
expect_status "help" 0
if ! grep -q '^Usage: ccm-report ' "$TMP/out"; then fail "help: no usage line"; fi
run --version
expect_status "version" 0
version=$(sed -n 's/^#define CCM_VERSION_STRING "\(.*\)"$/\1/p' "$top_srcdir/include/ccmetrics.h")
expect_out "version" "$version"
run --list-metrics
expect_status "list-metrics" 0
if [ "$(head -n 1 "$TMP/out")" != "name,unit,better,supported,formula,description" ]; then
  fail "list-metrics: header"
fi
if ! grep -qx 'asa,ms,down,1,wait_answered.sum / answered,.*' "$TMP/out"; then fail "list-metrics: asa"; fi
if ! grep -qx 'csat_pct,percent,up,1,csat_satisfied / csat_responses x 100,.*' "$TMP/out"; then
  fail "list-metrics: csat_pct"
fi
if ! grep -qx 'offered,count,none,1,offered,.*' "$TMP/out"; then fail "list-metrics: offered"; fi
if ! grep -qx 'churn_rate,percent,down,1,.*' "$TMP/out"; then fail "list-metrics: churn_rate"; fi
if grep -q '^[^,]*,[^,]*,[^,]*,0,' "$TMP/out"; then fail "list-metrics: a metric is not computed"; fi

# --metrics all: exactly the supported metrics (supported = 1 in the list), in
# catalog order.
expected=$(sed -n '2,$s/^\([^,]*\),[^,]*,[^,]*,1,.*/\1/p' "$TMP/out" | tr '\n' ',' | sed 's/,$//')
run --format csv "$EX"
expect_status "all" 0
if [ "$(head -n 1 "$TMP/out")" != "$expected" ]; then
  fail "all: header is not the supported metrics in catalog order"
  echo "  got:      $(head -n 1 "$TMP/out")" >&2
  echo "  expected: $expected" >&2
fi
if [ "$(wc -l <"$TMP/out")" -ne 2 ]; then fail "all: not one row"; fi

finish
