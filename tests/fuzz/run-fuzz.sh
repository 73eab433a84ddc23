#!/bin/sh
# run-fuzz.sh - run libFuzzer harnesses one after the other ('make fuzz').
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# run-fuzz.sh --bindir DIR --srcdir DIR --workdir DIR --seconds N TARGET...
#
# For each TARGET (csv, events, snapshot): runs DIR/fuzz_TARGET-fuzzer for N
# seconds on WORKDIR/corpus/TARGET (where new inputs go) and the committed
# SRCDIR/corpus/TARGET (read only), writing crashes to
# WORKDIR/crashes/TARGET/ and the log to WORKDIR/TARGET.log, then prints
# libFuzzer's final figures.  Extra libFuzzer options come from $FUZZ_ARGS.
# Exit status: 0 when no harness crashed, 1 otherwise.
set -u

bindir= srcdir= workdir= seconds=600
while [ $# -gt 0 ]; do
  case $1 in
    --bindir) bindir=$2; shift 2 ;;
    --srcdir) srcdir=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --) shift; break ;;
    -*) echo "run-fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ -z "$bindir" ] || [ -z "$srcdir" ] || [ -z "$workdir" ] || [ $# -eq 0 ]; then
  echo "usage: run-fuzz.sh --bindir DIR --srcdir DIR --workdir DIR [--seconds N] TARGET..." >&2
  exit 2
fi

# Options per harness: the events harness checks every view, so its inputs
# are kept shorter; the CSV harness gets the format's words.
options_of() {
  case $1 in
    csv) echo "-max_len=4096 -dict=$srcdir/csv.dict" ;;
    events) echo "-max_len=1024" ;;
    snapshot) echo "-max_len=32768" ;;
    *) echo "" ;;
  esac
}

status=0
for t in "$@"; do
  bin=$bindir/fuzz_$t-fuzzer
  if [ ! -x "$bin" ]; then
    echo "run-fuzz.sh: $bin: not built" >&2
    status=1
    continue
  fi
  mkdir -p "$workdir/corpus/$t" "$workdir/crashes/$t" || exit 2
  log=$workdir/$t.log
  echo "== $t: $seconds s, corpus $workdir/corpus/$t + $srcdir/corpus/$t, log $log"
  # shellcheck disable=SC2086 # options are words
  "$bin" $(options_of "$t") ${FUZZ_ARGS:-} -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$workdir/crashes/$t/" "$workdir/corpus/$t" "$srcdir/corpus/$t" > "$log" 2>&1
  rc=$?
  # libFuzzer's last status line (cov, ft, corpus) and final stats
  grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log"
  crashes=$(find "$workdir/crashes/$t" -type f | wc -l)
  if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    echo "== $t: FAILED (exit $rc, $crashes reproducer(s) in $workdir/crashes/$t):"
    grep -E 'invariant broken|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error' "$log" | head -n 5
    status=1
  else
    echo "== $t: no crash"
  fi
done
exit $status
