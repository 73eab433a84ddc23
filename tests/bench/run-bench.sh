#!/bin/sh
# run-bench.sh - the ccmetrics benchmark suite, in one run on the same data.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Usage: run-bench.sh [--quick] [--builddir DIR] [--workdir DIR]
#                     [--no-duckdb] [--no-sqlite] [--sqlite-runs N]
#                     [--runs N]
#
# 'make bench' runs it with --builddir set to the build tree (after building
# the library, ccm-gen, ccm-report and the bench programs).  Large files go
# to the work directory (default ${TMPDIR:-/tmp}/ccm-bench), never into the
# source tree.  --quick uses small sizes (seconds, not minutes).
#
# Steps: machine; ccm-gen workload (seeded); ingest throughput with K open
# contacts against the memory-pass baseline, round-robin and time-ordered
# streams, and with 0 to 5 views; memory per open contact and per cell;
# query latency; ccm-report end to end with 1 and 2 threads (whose outputs
# must be byte-identical) and CSV parsing alone; the same CSV in DuckDB
# (npm @duckdb/node-api, installed here with 'npm install' when missing)
# and SQLite (sqlite3 shell) with
# peer-query.sql, whose numbers must equal ccm-report's (compare.py);
# snapshot and restore (bench-snapshot) and the merge of two shards
# (bench-merge, checked against one engine).  Prints Markdown tables; exit
# status 1 when a peer disagrees with ccm-report, ccm-report's 2 threads
# with its 1, or a merged engine with one engine; 2 on a setup error.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
builddir=
work=${TMPDIR:-/tmp}/ccm-bench
quick=0
runs_override=
duckdb=1
sqlite=1
sqlite_runs=1

while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --builddir) builddir=$2; shift ;;
    --workdir) work=$2; shift ;;
    --no-duckdb) duckdb=0 ;;
    --no-sqlite) sqlite=0 ;;
    --sqlite-runs) sqlite_runs=$2; shift ;;
    --runs) runs_override=$2; shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "run-bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

[ -n "$builddir" ] || builddir=$(cd "$here/../.." && pwd)
builddir=$(cd "$builddir" && pwd)
gen=$builddir/examples/ccm-gen
report=$builddir/examples/ccm-report
bench=$builddir/tests/bench/ccm-bench
parse=$builddir/tests/bench/bench-parse
snapshot=$builddir/tests/bench/bench-snapshot
merge=$builddir/tests/bench/bench-merge
for p in "$gen" "$report" "$bench" "$parse" "$snapshot" "$merge"; do
  if [ ! -x "$p" ]; then
    echo "run-bench.sh: $p is missing: run 'make bench' in the build tree" >&2
    exit 2
  fi
done
PYTHON=${PYTHON:-python3}
mkdir -p "$work"
rm -f "$work"/*.cmp "$work"/*.txt

if [ "$quick" = 1 ]; then
  gen_args="--seed 1 --days 3 --contacts-per-day 8000 --agents 80 --contacts-only"
  opens="1000 10000"
  sketch_opens="10000"
  variant_opens="10000"
  runs=3
  e2e_runs=3
  duck_runs=1
  snapshot_args="--quick"
  merge_args="--quick"
else
  # contact events only (the peers' SQL and the K-open-contacts streams are
  # about contacts; the same workload as the first runs of RESULTS.md)
  gen_args="--seed 1 --days 28 --contacts-per-day 32000 --agents 320 --contacts-only"
  opens="1000 100000 1000000"
  sketch_opens="100000"
  variant_opens="100000" # the target's
  runs=5
  e2e_runs=5
  duck_runs=3
  snapshot_args="--runs 5"
  merge_args="--runs 5"
fi
# --runs N: the runs of every timed measurement (the median is reported)
if [ -n "$runs_override" ]; then
  runs=$runs_override e2e_runs=$runs_override
  if [ "$quick" = 0 ]; then snapshot_args="--runs $runs_override" merge_args="--runs $runs_override"; fi
  if [ "$runs_override" -lt "$duck_runs" ]; then duck_runs=$runs_override; fi
fi
metrics=offered,answered,abandoned,asa,service_level,aht,agent_responses,avg_agent_frt,avg_resolution_time

# key=value output of a bench program: val FILE KEY
val() { sed -n "s/^$2=//p" "$1" | head -n 1; }
# median of numbers, one a line, on stdin
median() { sort -g | awk '{v[NR]=$1} END{if(NR%2) print v[(NR+1)/2]; else printf "%.6f\n", (v[NR/2]+v[NR/2+1])/2}'; }
# median of one field of lines "k=v k=v ...": pmed FILE FIELD
pmed() { sed -n "s/\(.* \)*$2=\([0-9.]*\).*/\2/p" "$1" | median; }
fmt() { awk -v x="$1" -v f="$2" 'BEGIN{printf f, x}'; }
# The memory pass of an ingest file: the fastest pass, then the slowest.
baseline_of() { echo "$(fmt "$(val "$1" baseline_eps)" '%.3g') ($(fmt "$(val "$1" baseline_slowest_eps)" '%.3g'))"; }
# The columns every ingest table shares, from cold events/s to open / retained.
ingest_cols() {
  echo "$(fmt "$(val "$1" cold_eps)" '%.3g') | $(fmt "$(val "$1" warm_eps)" '%.3g') | $(fmt "$(val "$1" warm_cpu_eps)" '%.3g') | $(baseline_of "$1") | $(val "$1" ratio_warm)x | $(val "$1" ratio_cold)x | $(val "$1" allocs_cold) | $(val "$1" allocs_warm) | $(val "$1" steady_open) / $(val "$1" steady_retained)"
}
# run a command with stdout to OUT and stderr to ERR; print
# "wall_s=W cpu_s=C maxrss_mb=M" (CPU: user + system of the command and its
# children; peak resident set of the largest process)
measure() {
  "$PYTHON" - "$@" <<'PY'
import resource, subprocess, sys, time
out, err, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
# what this process's children used before (an interpreter started through
# a shim has children of its own before it runs this)
r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, "wb") as o, open(err, "ab") as e:
    t0 = time.monotonic()
    rc = subprocess.call(cmd, stdout=o, stderr=e)
    t1 = time.monotonic()
r = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = r.ru_utime + r.ru_stime - r0.ru_utime - r0.ru_stime
print("wall_s=%.6f cpu_s=%.3f maxrss_mb=%.0f" % (t1 - t0, cpu, r.ru_maxrss / 1024.0))
sys.exit(rc)
PY
}

out=$work/results.md
: > "$out"
status=0
say() { printf '%s\n' "$*" | tee -a "$out"; }

# ---------------------------------------------------------------------------
say "# ccmetrics benchmark ($( [ "$quick" = 1 ] && echo quick || echo full ))"
say ""
say "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
say "- machine: $(uname -a)"
say "- CPU: $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1) x $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
say "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
say "- compiler: $(sed -n 's/^CC = //p' "$builddir/Makefile" 2>/dev/null | head -n 1) $(sed -n 's/^CFLAGS = //p' "$builddir/Makefile" 2>/dev/null | head -n 1)"
say "- command: tests/bench/run-bench.sh $( [ "$quick" = 1 ] && echo --quick ) (make bench)"
say ""

# ---------------------------------------------------------------------------
csv=$work/events.csv
echo "run-bench.sh: generating the workload: ccm-gen $gen_args" >&2
"$gen" $gen_args | grep -v '^#' > "$csv"
nev=$(($(wc -l < "$csv") - 1))
say "Workload: \`ccm-gen $gen_args\` without its comment line: $nev events, $(($(wc -c < "$csv") / 1048576)) MiB."
say ""

# ---------------------------------------------------------------------------
say "## 1-2. Ingest throughput against the memory-pass baseline"
say ""
say "ccm_ingest_batch() of pre-built ccm_event arrays, one core, five views (company total; agent x interval;"
say "skill x channel x interval; team x date; tag); K contacts open at once (round-robin interleaving of"
say "the contacts' own event sequences, replicated with new keys and shifted times when needed); ended"
say "contacts are forgotten through ccm_engine_expire() (retention 0) every max(K, 4096) events, the"
say "expire calls being timed with the ingest. Median of $runs runs; timed: the steady part (K open)."
say "cold: a fresh engine (cells and tables created); warm: the same stream again on that engine after"
say "every ended contact was forgotten. Baseline: a pass over the same array, reading each event and"
say "adding to one counter; each run makes five and keeps the fastest (what the hardware allows: a"
say "neighbour's memory traffic slows a pass that only streams memory), the slowest in parentheses."
say ""
say "### Round-robin stream (\`ccm-bench ingest --order rr\`, the default)"
say ""
say "| open contacts | timed events | cold events/s | warm events/s | warm events/CPU-s | baseline events/s | warm / baseline | cold / baseline | allocations (cold) | allocations (warm) | open / retained at steady state |"
say "|---|---|---|---|---|---|---|---|---|---|---|"
for k in $opens; do
  echo "run-bench.sh: ingest with $k open contacts" >&2
  f=$work/ingest-$k.txt
  "$bench" ingest "$csv" --open "$k" --runs "$runs" > "$f"
  say "| $k | $(val "$f" timed_events) | $(ingest_cols "$f") |"
done
for k in $sketch_opens; do
  echo "run-bench.sh: ingest with $k open contacts, views with sketches" >&2
  f=$work/ingest-sk-$k.txt
  "$bench" ingest "$csv" --open "$k" --runs "$runs" --sketches > "$f"
  say "| $k, five views with sketches | $(val "$f" timed_events) | $(ingest_cols "$f") |"
done
say ""
say "### Time-ordered stream (\`ccm-bench ingest --order time\`)"
say ""
say "The same engine, expiry and timing, but the events in time order, as a contact center sees them, so"
say "that the hot cells are the current intervals (the table above is the round-robin stream, whose credits"
say "land in random intervals over weeks). The contacts open in the busiest window of the file (its mean"
say "number of open contacts measured by a sweep over each contact's first..last event) are replicated R"
say "times with new keys, replica r shifted by r x (60 s / R), thinned evenly to about K open, and merged by"
say "timestamp. Timed: the window, from the moment the last replica enters it to its end; expire times: the"
say "time of the earliest event that is the latest of a contact with events still to come."
say ""
say "| open contacts | replicas (file: open in the window) | window | timed events | open in the timed part (min / mean / max) | cold events/s | warm events/s | warm events/CPU-s | baseline events/s | warm / baseline | cold / baseline | allocations (cold) | allocations (warm) | open / retained at steady state |"
say "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
# time_row K NAME LABEL [OPTIONS]: one row of the time-ordered table, the
# stream at K open with ccm-bench's OPTIONS; LABEL follows K in the first
# column, NAME names the run's file.
time_row() {
  tk=$1 tname=$2 tlabel=$3
  shift 3
  echo "run-bench.sh: ingest with $tk open contacts, time-ordered stream${tlabel:+, $tlabel}" >&2
  tf=$work/ingest-time$tname-$tk.txt
  "$bench" ingest "$csv" --open "$tk" --runs "$runs" --order time "$@" > "$tf"
  say "| $tk${tlabel:+, $tlabel} | $(val "$tf" replicas) ($(val "$tf" natural_open)) | $(($(val "$tf" window_s) / 60)) min | $(val "$tf" timed_events) | $(val "$tf" timed_open_min) / $(val "$tf" timed_open_mean) / $(val "$tf" timed_open_max) | $(ingest_cols "$tf") |"
}
for k in $opens; do
  time_row "$k" "" ""
done
# The same with an engine that keeps no level (CCM_CFG_LEVELS 0): what a
# host that asks for no gauge saves; and with the engine allocating through
# ccm-report's allocator (large tables in transparent huge pages): what a
# host gains by its choice of allocator (ccm_allocator), the library's own
# code being the same.
for k in $variant_opens; do
  time_row "$k" -nolevels "no levels (\`--no-levels\`)" --no-levels
  time_row "$k" -huge "ccm-report's allocator, huge pages (\`--huge-pages\`)" --huge-pages
done
say ""

# What limits the ingest: the same time-ordered stream with 0, 1, ... 5 of
# the views, so the per-event work that no view layout can remove (the
# contact's state machine) shows apart from what each view adds; with few
# and with many contacts open, so that what the memory adds shows too.
ladder_small=$(echo $opens | awk '{print $1}')
ladder_k=$(echo $opens | awk '{print $(NF > 2 ? NF - 1 : NF)}')
say "### What the views cost (\`ccm-bench ingest --order time --views V\`)"
say ""
say "The time-ordered stream with only the first V of the five views, in the order of the list above"
say "(V = 0: the contacts' state machine, its checks and its credits, with no cell to credit), with"
say "$ladder_small and with $ladder_k contacts open. Median of $runs runs, warm; the step is what the V-th view"
say "adds per event; warm / baseline: against the memory pass of the same run (its fastest of five)."
say ""
say "| views | $ladder_small open: events/s | ns/event | step ns | warm / baseline | $ladder_k open: events/s | ns/event | step ns | warm / baseline | allocations (warm) |"
say "|---|---|---|---|---|---|---|---|---|---|"
prev_small= prev_k=
for v in 0 1 2 3 4 5; do
  row="| $v"
  allocs=0
  for k in $ladder_small $ladder_k; do
    echo "run-bench.sh: ingest with $k open contacts, time-ordered stream, $v views" >&2
    f=$work/ingest-views-$v-$k.txt
    "$bench" ingest "$csv" --open "$k" --runs "$runs" --order time --views "$v" > "$f"
    ns=$(awk -v e="$(val "$f" warm_eps)" 'BEGIN{printf "%.1f", 1e9 / e}')
    if [ "$k" = "$ladder_small" ]; then prev=$prev_small; prev_small=$ns; else prev=$prev_k; prev_k=$ns; fi
    step=$( [ -n "$prev" ] && awk -v a="$ns" -v b="$prev" 'BEGIN{printf "%+.1f", a - b}' || echo "" )
    row="$row | $(fmt "$(val "$f" warm_eps)" '%.3g') | $ns | $step | $(val "$f" ratio_warm)x"
    allocs=$((allocs + $(val "$f" allocs_warm)))
  done
  say "$row | $allocs |"
done
say ""

# ---------------------------------------------------------------------------
say "## 4. Memory"
say ""
kmax=$(echo $opens | awk '{print $NF}')
echo "run-bench.sh: memory" >&2
"$bench" mem "$csv" --open "$kmax" --views 0 > "$work/mem-open.txt"
"$bench" mem "$csv" --all --views 5 > "$work/mem-all-views.txt"
"$bench" mem "$csv" --all --views 0 > "$work/mem-all-noviews.txt"
"$bench" mem "$csv" --all --views 5 --sketches > "$work/mem-all-sketches.txt"
m=$work/mem-open.txt
say "| measure | library accounting (CCM_STAT_MEMORY_BYTES) | resident set (RSS growth) |"
say "|---|---|---|"
say "| bytes per open contact ($(val "$m" open) open, no views) | $(awk -v a="$(val "$m" memory_bytes)" -v n="$(val "$m" open)" 'BEGIN{printf "%.1f", a/n}') | $(awk -v a="$(val "$m" rss_delta)" -v n="$(val "$m" open)" 'BEGIN{printf "%.1f", a/n}') |"
a=$work/mem-all-views.txt b=$work/mem-all-noviews.txt
cells=$(val "$a" cells)
say "| bytes per cell ($cells cells of the five views, whole file; with views minus without) | $(awk -v a="$(val "$a" memory_bytes)" -v b="$(val "$b" memory_bytes)" -v n="$cells" 'BEGIN{printf "%.1f", (a-b)/n}') | $(awk -v a="$(val "$a" rss_delta)" -v b="$(val "$b" rss_delta)" -v n="$cells" 'BEGIN{printf "%.1f", (a-b)/n}') |"
s=$work/mem-all-sketches.txt
say "| bytes per cell with sketches (the same cells, views with CCM_VIEW_SKETCHES) | $(awk -v a="$(val "$s" memory_bytes)" -v b="$(val "$b" memory_bytes)" -v n="$cells" 'BEGIN{printf "%.1f", (a-b)/n}') | $(awk -v a="$(val "$s" rss_delta)" -v b="$(val "$b" rss_delta)" -v n="$cells" 'BEGIN{printf "%.1f", (a-b)/n}') |"
say ""
say "Whole file with the five views: $(val "$a" memory_bytes) bytes (library), $(val "$a" open) open and $(val "$a" retained) retained contacts (default retention: 7 days), $(val "$a" allocations) allocations for $nev events."
say ""

# ---------------------------------------------------------------------------
say "## 5. Query latency"
say ""
echo "run-bench.sh: queries" >&2
q=$work/query.txt
"$bench" query "$csv" --days 7 --runs "$runs" > "$q"
say "After ingesting the first 7 days ($(val "$q" query_events) events, $(val "$q" cells) cells in 7 views). Median of $runs runs."
say ""
say "| query | time |"
say "|---|---|"
say "| ccm_query(): one metric (asa) of one cell of skill x interval | $(val "$q" query_cell_ns) ns |"
say "| ccm_rollup() of the 96 intervals of one day of one skill + ccm_measures_metric() (aht) | $(val "$q" rollup_day_us) µs |"
say "| full cursor scan of skill x interval ($(val "$q" scan_skill_interval_cells) cells: key + aht) | $(val "$q" scan_skill_interval_ms) ms ($(val "$q" scan_skill_interval_ns_per_cell) ns/cell) |"
say "| full cursor scan of agent x interval ($(val "$q" scan_agent_interval_cells) cells: key + aht) | $(val "$q" scan_agent_interval_ms) ms ($(val "$q" scan_agent_interval_ns_per_cell) ns/cell) |"
say ""

# ---------------------------------------------------------------------------
say "## 3. End to end, and the peers"
say ""
if [ "$duckdb" = 1 ] && ! command -v node >/dev/null 2>&1; then
  echo "run-bench.sh: node not found: DuckDB skipped" >&2
  duckdb=0
fi
if [ "$duckdb" = 1 ] && [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
  # npm install --no-save: the versions of package-lock.json, which stays
  # as it is ('npm ci' refuses a lock file without every platform's binding)
  echo "run-bench.sh: installing @duckdb/node-api (npm install in $here)" >&2
  (cd "$here" && npm install --no-save --no-audit --no-fund >&2) ||
    { echo "run-bench.sh: npm install failed: DuckDB skipped" >&2; duckdb=0; }
fi
if [ "$sqlite" = 1 ] && ! command -v "${SQLITE3:-sqlite3}" >/dev/null 2>&1; then
  echo "run-bench.sh: sqlite3 not found (apt-get install sqlite3): SQLite skipped" >&2
  sqlite=0
fi

# Rounds: ccm-report with 1 thread, with 2, then DuckDB with its default
# threads, so that each round's three runs see about the same machine (its
# speed drifts over minutes); the ratio DuckDB / ccm-report 2 threads is
# also taken per round.  The 2-thread CSV must be byte-identical to one
# thread's.
rep=$work/report.csv
rep2=$work/report-2t.csv
echo "run-bench.sh: ccm-report end to end, 1 and 2 threads ($e2e_runs rounds), DuckDB in the first $duck_runs" >&2
: > "$work/report.txt"
: > "$work/report.err"
: > "$work/report-2t.txt"
: > "$work/report-2t.err"
: > "$work/duck-0.txt"
: > "$work/rounds.txt"
duck_cmd() { # DuckDB with THREADS (0: its default)
  if [ "$1" = 0 ]; then set -- node "$here/peer-duckdb.mjs" "$csv" "$here/peer-query.sql" "$work/duckdb.csv"
  else set -- node "$here/peer-duckdb.mjs" "$csv" "$here/peer-query.sql" "$work/duckdb.csv" "$1"; fi
  m=$(measure "$work/peer.out" "$work/peer.err" "$@")
  echo "$(cat "$work/peer.out") $m"
}
i=0
while [ $i -lt "$e2e_runs" ]; do
  measure "$rep" "$work/report.err" "$report" --by skill,interval --format csv --metrics "$metrics" "$csv" >> "$work/report.txt"
  m2=$(measure "$rep2" "$work/report-2t.err" "$report" --threads 2 --by skill,interval --format csv --metrics "$metrics" "$csv")
  echo "$m2" >> "$work/report-2t.txt"
  if [ "$duckdb" = 1 ] && [ $i -lt "$duck_runs" ]; then
    d=$(duck_cmd 0)
    echo "$d" >> "$work/duck-0.txt"
    w2=$(echo "$m2" | sed -n 's/.*wall_s=\([0-9.]*\).*/\1/p')
    dt=$(echo "$d" | sed -n 's/.*total_s=\([0-9.]*\).*/\1/p')
    echo "ratio=$(awk -v a="$dt" -v b="$w2" 'BEGIN{printf "%.2f", a/b}') duck_s=$dt report2_s=$(fmt "$w2" '%.3f')" >> "$work/rounds.txt"
  fi
  i=$((i + 1))
done
tail -n 1 "$work/report.err" > "$work/report.summary"
if cmp -s "$rep" "$rep2"; then
  same2=identical
else
  echo "run-bench.sh: ccm-report --threads 2 printed another CSV than --threads 1 ($rep2, $rep)" >&2
  same2=DIFFERENT
  status=1
fi

p=$work/parse.txt
"$parse" "$csv" "$e2e_runs" > "$p"
l=$work/load.txt
"$bench" parse "$csv" --runs 3 > "$l"

peer_rows=
if [ "$duckdb" = 1 ]; then
  for th in 0 1; do
    if [ $th = 1 ]; then
      echo "run-bench.sh: DuckDB ($duck_runs runs, threads: 1)" >&2
      : > "$work/duck-1.txt"
      i=0
      while [ $i -lt "$duck_runs" ]; do
        duck_cmd 1 >> "$work/duck-1.txt"
        i=$((i + 1))
      done
    fi
    if "$PYTHON" "$here/compare.py" "$rep" "$work/duckdb.csv" duckdb > "$work/duck-$th.cmp"; then ok=identical; else ok=DIFFERENT; status=1; fi
    cat "$work/duck-$th.cmp" >&2
    peer_rows="$peer_rows duck-$th:$ok"
  done
fi
if [ "$sqlite" = 1 ]; then
  echo "run-bench.sh: SQLite ($sqlite_runs runs)" >&2
  : > "$work/sqlite.txt"
  i=0
  while [ $i -lt "$sqlite_runs" ]; do
    m=$(measure "$work/peer.out" "$work/peer.err" sh "$here/peer-sqlite.sh" "$csv" "$here/peer-query.sql" "$work/sqlite.csv")
    echo "$(cat "$work/peer.out") $m" >> "$work/sqlite.txt"
    i=$((i + 1))
  done
  if "$PYTHON" "$here/compare.py" "$rep" "$work/sqlite.csv" sqlite > "$work/sqlite.cmp"; then ok=identical; else ok=DIFFERENT; status=1; fi
  cat "$work/sqlite.cmp" >&2
  peer_rows="$peer_rows sqlite:$ok"
fi


say "The same file ($nev events), the same run: \`ccm-report --by skill,interval --format csv --metrics $metrics\`"
say "against peer-query.sql (the same metrics by skill x 15-min interval, window functions over each"
say "contact's ordered events) in DuckDB and SQLite, in memory, load plus query. ccm-report: median of"
say "$e2e_runs runs ($(cat "$work/report.summary")), and the same with \`--threads 2\` (sharded ingest, engines"
say "merged before printing; its CSV compared byte for byte with one thread's); DuckDB: median of $duck_runs"
say "runs; SQLite: $sqlite_runs run(s).  ccm-report's runs and DuckDB's (default threads) alternate in rounds."
say ""
t_report=$(pmed "$work/report.txt" wall_s)
t_report2=$(pmed "$work/report-2t.txt" wall_s)
# total time of a row against ccm-report's with 1 and with 2 threads
ratios() { awk -v a="$1" -v b="$t_report" -v c="$t_report2" 'BEGIN{printf "%.1fx | %.1fx", a/b, a/c}'; }
say "| engine | load s | query s | total s (wall) | events/s | total / ccm-report | total / ccm-report 2 threads | CPU s | peak RSS MB | numbers vs ccm-report |"
say "|---|---|---|---|---|---|---|---|---|---|"
say "| ccm-report (1 thread, parsing included) | | | $(fmt "$t_report" '%.3f') | $(fmt "$(awk -v n="$nev" -v t="$t_report" 'BEGIN{print n/t}')" '%.3g') | $(ratios "$t_report") | $(pmed "$work/report.txt" cpu_s) | $(pmed "$work/report.txt" maxrss_mb) | (reference) |"
say "| ccm-report (2 threads, parsing included) | | | $(fmt "$t_report2" '%.3f') | $(fmt "$(awk -v n="$nev" -v t="$t_report2" 'BEGIN{print n/t}')" '%.3g') | $(ratios "$t_report2") | $(pmed "$work/report-2t.txt" cpu_s) | $(pmed "$work/report-2t.txt" maxrss_mb) | $same2 (CSV byte for byte) |"
for row in $peer_rows; do
  name=${row%%:*} ok=${row#*:}
  case $name in
    duck-0) f=$work/duck-0.txt; label="DuckDB $(sed -n 's/.*threads=\([0-9]*\).*/\1/p' "$f" | head -n 1) threads (@duckdb/node-api $(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$here/node_modules/@duckdb/node-api/package.json" | head -n 1))" ;;
    duck-1) f=$work/duck-1.txt; label="DuckDB 1 thread" ;;
    sqlite) f=$work/sqlite.txt; label="SQLite $("${SQLITE3:-sqlite3}" --version | cut -d' ' -f1) (sqlite3 shell, :memory:)" ;;
  esac
  tl=$(pmed "$f" load_s) tq=$(pmed "$f" query_s) tt=$(pmed "$f" total_s)
  say "| $label | $tl | $tq | $tt | $(fmt "$(awk -v n="$nev" -v t="$tt" 'BEGIN{print n/t}')" '%.3g') | $(ratios "$tt") | $(pmed "$f" cpu_s) | $(pmed "$f" maxrss_mb) | $ok |"
done
if [ -s "$work/rounds.txt" ]; then
  say "DuckDB (default threads) / ccm-report 2 threads, per round: median $(pmed "$work/rounds.txt" ratio)x (rounds: $(sed -n 's/^ratio=\([0-9.]*\) duck_s=\([0-9.]*\) report2_s=\([0-9.]*\)/\1x = \2 \/ \3 s/p' "$work/rounds.txt" | paste -sd ';' - | sed 's/;/; /g'))."
fi
say ""
say "| CSV parsing alone | time s | records/s |"
say "|---|---|---|"
say "| ccm-report's reader (examples/report_csv.c), records split into fields | $(fmt "$(val "$p" parse_s)" '%.3f') | $(fmt "$(val "$p" parse_rps)" '%.3g') |"
say "| the bench's loader: CSV to a ccm_event array (fields parsed, values interned), no engine | $(fmt "$(val "$l" load_s)" '%.3f') | $(fmt "$(val "$l" load_eps)" '%.3g') |"
say ""
for c in "$work"/duck-0.cmp "$work"/duck-1.cmp "$work"/sqlite.cmp; do
  [ -f "$c" ] && say "    $(tail -n 1 "$c")"
done
say ""

# ---------------------------------------------------------------------------
say "## 6. Merge and snapshot"
say ""
echo "run-bench.sh: snapshot and restore (bench-snapshot $snapshot_args)" >&2
f=$work/snapshot.txt
"$snapshot" $snapshot_args --kv > "$f"
say "\`bench-snapshot $snapshot_args\`: an engine of $(val "$f" open_contacts) open contacts (every state), $(val "$f" cells) cells"
say "in the five views (two with sketches) and $(val "$f" event_ids) remembered event ids, written to memory and"
say "restored; median of $(val "$f" runs) runs. Cold restore: every block fresh from the system (a page fault"
say "per page filled); warm: the allocator keeps freed memory (the library's own work)."
say ""
say "| measure | value |"
say "|---|---|"
say "| snapshot bytes | $(val "$f" snapshot_bytes) ($(awk -v b="$(val "$f" snapshot_bytes)" 'BEGIN{printf "%.1f", b/1e6}') MB) |"
say "| bytes per cell / per open contact / per event id | $(val "$f" bytes_per_cell) / $(val "$f" bytes_per_contact) / $(val "$f" bytes_per_event_id) |"
say "| ccm_engine_snapshot_size | $(fmt "$(val "$f" size_ms)" '%.1f') ms ($(val "$f" size_mbps) MB/s) |"
say "| ccm_engine_snapshot (checksum pass + write pass) | $(fmt "$(val "$f" snapshot_ms)" '%.1f') ms ($(val "$f" snapshot_mbps) MB/s) |"
say "| ccm_engine_restore, cold | $(fmt "$(val "$f" restore_cold_ms)" '%.1f') ms ($(val "$f" restore_cold_mbps) MB/s, $(val "$f" restore_cold_ns_per_item) ns per cell + contact) |"
if [ -n "$(val "$f" restore_warm_ms)" ]; then
  say "| ccm_engine_restore, warm | $(fmt "$(val "$f" restore_warm_ms)" '%.1f') ms ($(val "$f" restore_warm_mbps) MB/s, $(val "$f" restore_warm_ns_per_item) ns per cell + contact) |"
fi
say "| ccm_engine_free of the restored engine | $(fmt "$(val "$f" free_ms)" '%.1f') ms |"
say "| for scale: ingesting the same stream (one run) | $(fmt "$(val "$f" ingest_ms)" '%.1f') ms |"
say ""

echo "run-bench.sh: merge of two shards (bench-merge $merge_args)" >&2
f=$work/merge.txt
merge_status=0
"$merge" $merge_args > "$f" || merge_status=$?
case $merge_status in
  0) merged=identical ;;
  1) merged=DIFFERENT; status=1; echo "run-bench.sh: a merged engine differs from one engine ($f)" >&2 ;;
  *) echo "run-bench.sh: bench-merge failed (exit $merge_status)" >&2; exit 2 ;;
esac
say "\`bench-merge $merge_args\`: $(val "$f" events) events of $(val "$f" contacts) complete contacts over $(val "$f" days) days,"
say "$(val "$f" agents) agents, split in two shards by customer (as \`ccm-report --threads\`), the names interned in"
say "reverse order in shard B (the merge maps its ids by name); the five views of section 1, without and"
say "with CCM_VIEW_SKETCHES. Timed: ccm_engine_merge(A, B) into a copy of A restored from a snapshot, and"
say "ccm_view_merge() of the five views in turn; cells merged: the cells of B. Baselines, the same run,"
say "over the cells of B: a cursor pass (ccm_cursor_next + key + one metric: the least a merge reads,"
say "through the API) and a memcpy of the bytes they take (the engine's memory with views minus without)."
say "Median of $(val "$f" runs) runs. Checked: every view's cell count, offered, answered and aht of the total"
say "and of 16 skill x interval cells (and, with sketches, the total's p50 and p90 handle time) equal to"
say "those of one engine that ingested the whole stream."
say ""
say "| views | cells: B into A (after; one engine) | ccm_engine_merge | cells/s | ns/cell | ccm_view_merge x 5 | cursor pass (cells/s) | merge / cursor pass | memcpy of the cells' bytes (bytes/cell) | merge / memcpy | merged = one engine |"
say "|---|---|---|---|---|---|---|---|---|---|---|"
for v in plain sketch; do
  label=$( [ $v = plain ] && echo "five views" || echo "five views with sketches" )
  say "| $label | $(val "$f" ${v}_cells_src) into $(val "$f" ${v}_cells_dst) ($(val "$f" ${v}_cells_merged); $(val "$f" ${v}_cells_whole)) | $(fmt "$(val "$f" ${v}_merge_ms)" '%.1f') ms | $(fmt "$(val "$f" ${v}_merge_cells_per_s)" '%.3g') | $(fmt "$(val "$f" ${v}_merge_ns_per_cell)" '%.0f') | $(fmt "$(val "$f" ${v}_view_merge_ms)" '%.1f') ms | $(fmt "$(val "$f" ${v}_baseline_ms)" '%.1f') ms ($(fmt "$(val "$f" ${v}_baseline_cells_per_s)" '%.3g')) | $(val "$f" ${v}_ratio)x | $(fmt "$(val "$f" ${v}_memcpy_ms)" '%.2f') ms ($(val "$f" ${v}_bytes_per_cell)) | $(val "$f" ${v}_ratio_memcpy)x | $merged ($(val "$f" ${v}_checked) values: $(val "$f" ${v}_check)) |"
done
say ""
say "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "run-bench.sh: tables written to $out" >&2
exit $status
