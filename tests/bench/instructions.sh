#!/bin/sh
# tests/bench/instructions.sh - instructions per event, counted by
# callgrind: a measure of the library's work that the machine's speed of
# the moment does not move, for changes of a few percent that timed runs on
# a shared machine cannot show (a timed run of the same build varies by
# 20-40 % there).  Cache misses are not in it: the timed suite
# (run-bench.sh) measures those.
#
#   tests/bench/instructions.sh [--builddir DIR] [--base LIBDIR]
#                               [--workdir DIR] [--views LIST]
#
# Workload: `ccm-gen --seed 1 --days 3 --contacts-per-day 32000 --agents
# 320 --contacts-only` (1.39 million events).  Measured:
#   - `ccm-bench ingest FILE --open 1000 --runs 1 --order time --views V`
#     for each V of LIST (default 0,1,2,3,4,5): the instructions of
#     ccm_ingest_batch() and ccm_engine_expire() (--toggle-collect), over
#     the events ingested (the stream twice: the cold and the warm pass);
#   - `ccm-report` with the peers' query (skill x interval, nine metrics),
#     one thread: every instruction of the program over the records read.
# With --base LIBDIR (a copy of another build's lib/.libs), the same
# programs run with that library too (LD_LIBRARY_PATH), and the table gets
# its counts and the ratio new / base.
# Prints a Markdown table.  Exit status 77 when valgrind is missing.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT

set -eu

here=$(cd "$(dirname "$0")" && pwd)
builddir=
base=
work=${TMPDIR:-/tmp}/ccm-instructions
views=0,1,2,3,4,5

while [ $# -gt 0 ]; do
  case $1 in
    --builddir) builddir=$2; shift ;;
    --base) base=$2; shift ;;
    --workdir) work=$2; shift ;;
    --views) views=$2; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "instructions.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

command -v valgrind >/dev/null 2>&1 || { echo "instructions.sh: valgrind not installed: skipped" >&2; exit 77; }
[ -n "$builddir" ] || builddir=$(cd "$here/../.." && pwd)
builddir=$(cd "$builddir" && pwd)
gen=$builddir/examples/ccm-gen
bench=$builddir/tests/bench/ccm-bench
# the program itself, not libtool's wrapper script (valgrind would trace
# the shell); the library comes from LD_LIBRARY_PATH
report=$builddir/examples/.libs/ccm-report
[ -x "$report" ] || report=$builddir/examples/ccm-report
newlib=$builddir/lib/.libs
for p in "$gen" "$bench" "$report"; do
  [ -x "$p" ] || { echo "instructions.sh: $p missing: run 'make bench-programs' in $builddir first" >&2; exit 2; }
done
if [ -n "$base" ]; then
  base=$(cd "$base" && pwd)
  ls "$base"/libccmetrics.so* >/dev/null 2>&1 || { echo "instructions.sh: no libccmetrics.so in $base" >&2; exit 2; }
fi
mkdir -p "$work"

csv=$work/events.csv
if [ ! -s "$csv" ]; then
  "$gen" --seed 1 --days 3 --contacts-per-day 32000 --agents 320 --contacts-only | grep -v '^#' > "$csv"
fi
records=$(($(wc -l < "$csv") - 1))

# The total of a callgrind output file.
total_of() {
  sed -n 's/^summary: //p; s/^totals: //p' "$1" | head -n 1 | cut -d' ' -f1
}

# ingest_ir LIBDIR V: instructions per event of ccm-bench's ingest
ingest_ir() {
  out=$work/ingest.cg
  LD_LIBRARY_PATH=$1 valgrind --tool=callgrind --callgrind-out-file="$out" \
    --toggle-collect=ccm_ingest_batch --toggle-collect=ccm_engine_expire \
    "$bench" ingest "$csv" --open 1000 --runs 1 --order time --views "$2" > "$work/ingest.txt" 2> "$work/ingest.err" ||
    { echo "instructions.sh: ccm-bench failed (views $2):" >&2; tail -n 5 "$work/ingest.err" >&2; exit 1; }
  n=$(sed -n 's/^stream_events=//p' "$work/ingest.txt")
  grep -q '^runs=1$' "$work/ingest.txt" || { echo "instructions.sh: ccm-bench made more than one run" >&2; exit 1; }
  python3 -c "import sys; print('%.1f' % (int(sys.argv[1]) / (2 * int(sys.argv[2]))))" "$(total_of "$out")" "$n"
}

metrics=offered,answered,abandoned,asa,service_level,aht,agent_responses,avg_agent_frt,avg_resolution_time
# report_ir LIBDIR: instructions per record of ccm-report (and its CSV kept)
report_ir() {
  out=$work/report.cg
  LD_LIBRARY_PATH=$1 valgrind --tool=callgrind --callgrind-out-file="$out" \
    "$report" --by skill,interval --format csv --metrics "$metrics" "$csv" > "$work/report-$2.csv" 2> "$work/report.err" ||
    { echo "instructions.sh: ccm-report failed:" >&2; tail -n 5 "$work/report.err" >&2; exit 1; }
  python3 -c "import sys; print('%.1f' % (int(sys.argv[1]) / int(sys.argv[2])))" "$(total_of "$out")" "$records"
}

ratio() { python3 -c "import sys; print('%.3f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }

# row LABEL NOW [WAS]: a line of the table (WAS with --base only)
row() {
  if [ -n "$base" ]; then echo "| $1 | $3 | $2 | $(ratio "$2" "$3") |"; else echo "| $1 | $2 |"; fi
}

echo "Instructions counted by callgrind (valgrind $(valgrind --version | sed 's/^valgrind-//')), $(date -u '+%Y-%m-%d %H:%M UTC')."
echo "Workload: \`ccm-gen --seed 1 --days 3 --contacts-per-day 32000 --agents 320 --contacts-only\`: $records events."
echo "Build: $builddir$( [ -n "$base" ] && echo "; base library: $base" )."
echo ""
if [ -n "$base" ]; then
  echo "| measure | base | this build | this build / base |"
  echo "|---|---|---|---|"
else
  echo "| measure | this build |"
  echo "|---|---|"
fi
# (assignments, so that set -e stops at a failed measurement)
for v in $(echo "$views" | tr ',' ' '); do
  now=$(ingest_ir "$newlib" "$v")
  was=
  if [ -n "$base" ]; then was=$(ingest_ir "$base" "$v"); fi
  row "ingest, $v view(s), 10^3 open, time-ordered: instructions per event" "$now" "$was"
done
now=$(report_ir "$newlib" new)
was=
if [ -n "$base" ]; then
  was=$(report_ir "$base" base)
  cmp -s "$work/report-new.csv" "$work/report-base.csv" ||
    { echo "instructions.sh: ccm-report prints another CSV with the base library" >&2; exit 1; }
fi
row "ccm-report, the peers' query, 1 thread: instructions per record" "$now" "$was"
