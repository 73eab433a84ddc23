#!/bin/sh
# tests/test-staff.sh: ccm-staff prints the staffing of CLI.md ("ccm-staff").
#
# - exact CSV rows for the Call Centre Helper worked example (100 calls in
#   30 minutes, AHT 180 s, 80 % in 20 s: 14 agents, pwait 0.1741319,
#   service level 88.835 %, ASA 7.836 s, occupancy 71.43 %; with 11 agents
#   pwait 0.6821182 and service level 38.96138 %, as published with the
#   CRAN package ErlangC's README);
# - each kind of target, Erlang C and Erlang A, and that the answer is the
#   smallest (one agent less misses the goal);
# - rate 0, no agents, a load at or over the agents;
# - the table format;
# - bad arguments: exit status 2 and a message naming the problem.
#
# The harness exports top_builddir; by hand, from the build tree:
#   top_builddir=. sh tests/test-staff.sh

set -u
: "${top_builddir:=.}"
STAFF=$top_builddir/examples/ccm-staff
HEADER='agents,pwait,service_level,asa,occupancy,abandon_rate'

if [ ! -x "$STAFF" ]; then
  echo "test-staff: $STAFF not built" >&2
  exit 99 # hard error: the test cannot run
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-staff.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

passed=0
failed=0
ok() {
  passed=$((passed + 1))
  echo "ok - $1"
}
not_ok() {
  failed=$((failed + 1))
  echo "not ok - $1"
}

# run ARGS...: stdout in $tmp/out, stderr in $tmp/err, exit status in $status.
run() {
  status=0
  "$STAFF" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
}

# csv ROW ARGS...: ccm-staff ARGS --format csv prints the header and ROW,
# exits 0 and says nothing on stderr.
csv() {
  want=$1
  shift
  run "$@" --format csv
  printf '%s\n%s\n' "$HEADER" "$want" >"$tmp/want"
  if [ "$status" -eq 0 ] && cmp -s "$tmp/want" "$tmp/out" && [ ! -s "$tmp/err" ]; then
    ok "$* -> $want"
  else
    not_ok "$* -> $want (status $status)"
    diff -u "$tmp/want" "$tmp/out" | sed 's/^/#   /'
    sed 's/^/#   stderr: /' "$tmp/err"
  fi
}

# bad REGEX ARGS...: ccm-staff ARGS exits 2, prints nothing on stdout and a
# line matching the extended REGEX on stderr.
bad() {
  re=$1
  shift
  run "$@"
  if [ "$status" -eq 2 ] && [ ! -s "$tmp/out" ] && grep -Eq -- "$re" "$tmp/err"; then
    ok "bad: $* (exit 2: $(head -1 "$tmp/err"))"
  else
    not_ok "bad: $* (status $status, wanted 2 and /$re/)"
    sed 's/^/#   stderr: /' "$tmp/err"
  fi
}

# check DESCRIPTION COMMAND...: the command succeeds.
check() {
  d=$1
  shift
  if "$@"; then ok "$d"; else not_ok "$d"; fi
}

# field N: the Nth field of the CSV row of the last run.
field() { sed -n 2p "$tmp/out" | cut -d, -f"$1"; }

# less X Y: the number X is below Y.
less() { awk -v x="$1" -v y="$2" 'BEGIN { exit !(x < y) }'; }

# ----------------------------------------------------------------------------
# Erlang C: the published example

csv '14,0.1741,88.835,7.836,71.429,' --rate 200 --aht 180 --target-sl 80 --sl-threshold 20
csv '11,0.6821,38.961,122.781,90.909,' --rate 200 --aht 180 --agents 11 --sl-threshold 20
csv '13,0.2853,79.559,17.116,76.923,' --rate 200 --aht 180 --agents 13 --sl-threshold 20
# the other targets, no threshold: no service level
csv '14,0.1741,,7.836,71.429,' --rate 200 --aht 180 --target-pwait 0.2
csv '14,0.1741,,7.836,71.429,' --rate 200 --aht 180 --agents 14
csv '14,0.1741,,7.836,71.429,' --rate 200 --aht 180 --target-asa 10
csv '16,0.0573,94.266,1.720,62.500,' --rate 200 --aht 180 --target-sl 90 --sl-threshold 0
# the value may follow '='
csv '14,0.1741,88.835,7.836,71.429,' --rate=200 --aht=180 --target-sl=80 --sl-threshold=20

# The answer is the smallest: one agent less misses the goal (the service
# level of 13 agents, 79.559, is above).
run --rate 200 --aht 180 --agents 13 --format csv
check "13 agents: pwait $(field 2) > 0.2" less 0.2 "$(field 2)"
check "13 agents: asa $(field 4) > 10" less 10 "$(field 4)"

# A load of 3000 Erlangs.
csv '3018,0.6481,80.479,10.802,99.404,' --rate 36000 --aht 300 --target-sl 80 --sl-threshold 20
csv '3079,0.0976,,0.371,97.434,' --rate 36000 --aht 300 --target-pwait 0.1

# At or over the load: no steady state, a note on stderr, exit 0.
run --rate 200 --aht 180 --agents 10 --sl-threshold 20 --format csv
if [ "$status" -eq 0 ] && [ "$(sed -n 2p "$tmp/out")" = '10,1.0000,0.000,,,' ] &&
  grep -q 'at or over 10 agents' "$tmp/err"; then
  ok "10 agents for 10 Erlangs: no steady state"
else
  not_ok "10 agents for 10 Erlangs: $(sed -n 2p "$tmp/out") (status $status)"
fi

# ----------------------------------------------------------------------------
# Erlang A

csv '14,0.1115,94.378,1.408,69.263,3.032' --rate 200 --aht 180 --agents 14 --patience 60 --sl-threshold 20
csv '12,0.2404,86.030,3.520,77.008,7.590' --rate 200 --aht 180 --target-sl 80 --sl-threshold 20 --patience 60
csv '13,0.1681,,2.276,73.141,4.917' --rate 200 --aht 180 --target-pwait 0.2 --patience 60
csv '11,0.3828,,9.783,82.350,9.416' --rate 200 --aht 180 --target-asa 10 --patience 120
# one agent less misses each goal
run --rate 200 --aht 180 --agents 11 --patience 60 --sl-threshold 20 --format csv
check "Erlang A, 11 agents: service level $(field 3) < 80" less "$(field 3)" 80
run --rate 200 --aht 180 --agents 12 --patience 60 --format csv
check "Erlang A, 12 agents: pwait $(field 2) > 0.2" less 0.2 "$(field 2)"
run --rate 200 --aht 180 --agents 10 --patience 120 --format csv
check "Erlang A, 10 agents: asa $(field 4) > 10" less 10 "$(field 4)"
# no agents: everybody abandons, nobody is answered (no ASA)
csv '0,1.0000,0.000,,0.000,100.000' --rate 200 --aht 180 --agents 0 --patience 60 --sl-threshold 20
# a probability of waiting of 1 is met by no agents at all
csv '0,1.0000,,,0.000,100.000' --rate 200 --aht 180 --target-pwait 1 --patience 60
# a femtosecond of patience: the Erlang B loss system, B(10, 5) = 0.01838
csv '10,0.0184,,0.000,49.081,1.838' --rate 18000 --aht 1 --agents 10 --patience 0.000000000000001

# ----------------------------------------------------------------------------
# Rate 0 needs 0 agents

csv '0,0.0000,100.000,0.000,0.000,' --rate 0 --aht 180 --target-sl 80 --sl-threshold 20
csv '0,0.0000,100.000,0.000,0.000,' --rate 0 --aht 180 --target-sl 100 --sl-threshold 20
csv '0,0.0000,,0.000,0.000,' --rate 0 --aht 180 --target-pwait 0
csv '0,0.0000,,0.000,0.000,0.000' --rate 0 --aht 180 --target-asa 0 --patience 30
csv '3,0.0000,,0.000,0.000,' --rate 0 --aht 180 --agents 3

# ----------------------------------------------------------------------------
# Table format (the default)

run --rate 200 --aht 180 --target-sl 80 --sl-threshold 20
cat >"$tmp/want" <<'EOF'
agents   pwait  service_level    asa  occupancy  abandon_rate
    14  0.1741         88.835  7.836     71.429             -
EOF
if [ "$status" -eq 0 ] && cmp -s "$tmp/want" "$tmp/out"; then ok "table"; else
  not_ok "table"
  diff -u "$tmp/want" "$tmp/out" | sed 's/^/#   /'
fi
run --rate 200 --aht 180 --agents 14 --patience 60 --sl-threshold 20 --format table
cat >"$tmp/want" <<'EOF'
agents   pwait  service_level    asa  occupancy  abandon_rate
    14  0.1115         94.378  1.408     69.263         3.032
EOF
if [ "$status" -eq 0 ] && cmp -s "$tmp/want" "$tmp/out"; then ok "table, Erlang A"; else
  not_ok "table, Erlang A"
  diff -u "$tmp/want" "$tmp/out" | sed 's/^/#   /'
fi

# --help and --version
run --help
check "--help" grep -q '^Usage: ccm-staff' "$tmp/out"
run --version
check "--version" grep -q '^ccm-staff (ccmetrics) [0-9]' "$tmp/out"

# ----------------------------------------------------------------------------
# Bad arguments

bad '--rate: is required' --aht 180 --agents 3
bad '--aht: is required' --rate 10 --agents 3
bad 'exactly one of' --rate 10 --aht 180
bad 'exactly one of' --rate 10 --aht 180 --target-pwait 0.2 --target-asa 20
bad 'exactly one of' --rate 10 --aht 180 --agents 3 --target-sl 80 --sl-threshold 20
bad 'exactly one of' --rate 10 --aht 180 --agents 13 --target-sl 80 --sl-threshold 20
bad '--target-sl: needs --sl-threshold' --rate 10 --aht 180 --target-sl 80
bad '--rate: must be >= 0' --rate -1 --aht 180 --agents 3
bad '--rate: must be a number' --rate ten --aht 180 --agents 3
bad '--rate: must be a number' --rate nan --aht 180 --agents 3
bad '--rate: must be a number' --rate inf --aht 180 --agents 3
bad '--rate: must be a number' --rate '' --aht 180 --agents 3
bad '--aht: must be > 0' --rate 10 --aht 0 --agents 3
bad '--patience: must be > 0' --rate 10 --aht 180 --agents 3 --patience 0
bad '--sl-threshold: must be >= 0' --rate 10 --aht 180 --target-sl 80 --sl-threshold -1
bad '--target-sl: must be 0 .. 100' --rate 10 --aht 180 --target-sl 101 --sl-threshold 20
bad '--target-pwait: must be 0 .. 1' --rate 10 --aht 180 --target-pwait 1.5
bad '--target-asa: must be >= 0' --rate 10 --aht 180 --target-asa -3
bad '--agents: must be a whole number' --rate 10 --aht 180 --agents -1
bad '--agents: must be a whole number' --rate 10 --aht 180 --agents 2.5
bad '--agents: must be a whole number' --rate 10 --aht 180 --agents 99999999999999999999
bad '--format: must be table or csv' --rate 10 --aht 180 --agents 3 --format xml
bad '--rate: given twice' --rate 10 --rate 20 --aht 180 --agents 3
bad '--aht: needs a value' --rate 10 --agents 3 --aht
bad '--frobnicate: unknown option' --frobnicate --rate 10 --aht 180 --agents 3
bad '^ccm-staff: 7: unknown option' --rate 10 --aht 180 --agents 3 7
# goals no number of agents reaches with a load
bad '--target-sl: no number of agents' --rate 10 --aht 180 --target-sl 100 --sl-threshold 20
bad '--target-pwait: no number of agents' --rate 10 --aht 180 --target-pwait 0
bad '--target-asa: no number of agents' --rate 10 --aht 180 --target-asa 0 --patience 60
# beyond the library's range
bad 'out of range' --rate 10000000000000 --aht 1000 --agents 3
bad 'out of range' --rate 36000 --aht 300 --target-pwait 0.1 --patience 10000000

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
