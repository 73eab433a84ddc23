#!/bin/sh
# tests/bench/pairs.sh - two builds of ccm-report on one file, run in
# alternated pairs: on a machine whose speed drifts over minutes (a shared
# VM), the two runs of a pair see about the same machine, and the median of
# the per-pair ratios says more than the medians of separate series.
#
#   tests/bench/pairs.sh [-t THREADS] [-n PAIRS] OLD NEW FILE.csv
#
# OLD and NEW are ccm-report programs (a build's examples/ccm-report, or a
# copy of examples/.libs/ccm-report with LD_LIBRARY_PATH set).  Each round
# runs OLD then NEW, the next NEW then OLD; the report's CSV of the two must
# be identical.  Prints each pair (OLD s, NEW s, NEW/OLD) and the median
# and mean of the ratios.  Uses the metrics of the benchmark's peers
# (skill x interval).
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT

threads=2
pairs=10
while getopts t:n: opt; do
  case $opt in
    t) threads=$OPTARG ;;
    n) pairs=$OPTARG ;;
    *) echo "usage: $0 [-t THREADS] [-n PAIRS] OLD NEW FILE.csv" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -ne 3 ]; then
  echo "usage: $0 [-t THREADS] [-n PAIRS] OLD NEW FILE.csv" >&2
  exit 2
fi
old=$1
new=$2
file=$3
metrics=offered,answered,abandoned,asa,service_level,aht,agent_responses,avg_agent_frt,avg_resolution_time
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ccm-pairs.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# run PROGRAM OUT: the wall seconds of one run
run() {
  start=$(date +%s.%N)
  "$1" --by skill,interval --format csv --metrics "$metrics" --threads "$threads" "$file" >"$2" 2>/dev/null ||
    { echo "$0: $1 failed" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$start $end" | awk '{printf "%.3f\n", $2 - $1}'
}

r=1
while [ "$r" -le "$pairs" ]; do
  if [ $((r % 2)) = 1 ]; then
    a=$(run "$old" "$tmp/old.csv") || exit 1
    b=$(run "$new" "$tmp/new.csv") || exit 1
  else
    b=$(run "$new" "$tmp/new.csv") || exit 1
    a=$(run "$old" "$tmp/old.csv") || exit 1
  fi
  cmp -s "$tmp/old.csv" "$tmp/new.csv" || { echo "$0: the two builds print different reports" >&2; exit 1; }
  echo "$a $b" | awk '{printf "%s %s %.3f\n", $1, $2, $2 / $1}' | tee -a "$tmp/pairs"
  r=$((r + 1))
done
sort -n -k3 "$tmp/pairs" | awk '{ratio[NR] = $3; sum += $3}
  END { if (NR) printf "pairs %d, NEW/OLD median %.3f, mean %.3f\n", NR, ratio[int((NR + 1) / 2)], sum / NR }'
