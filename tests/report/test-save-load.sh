#!/bin/sh
# tests/report/test-save-load.sh - --save and --load: the output of --save s
# on the first part of a stream, then --load s on the rest (the header
# repeated), equals the output of one run on the whole stream; a missing,
# corrupt or incompatible state is refused with exit status 2 and a
# message.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT

. "$(dirname "$0")/lib.sh"

SAMPLE="$top_srcdir/examples/sample.csv"
GEN="$top_builddir/examples/ccm-gen"

# part FILE FROM TO OUT: the header and lines FROM..TO (TO empty: to the end).
part() {
  if [ -z "$3" ]; then
    { head -n 1 "$1"; tail -n "+$2" "$1"; } >"$4"
  else
    { head -n 1 "$1"; sed -n "$2,$3p" "$1"; } >"$4"
  fi
}

# split_at NAME FILE LINE ARGS...: lines 2..LINE saved, the rest loaded, against
# one run; and the rest again with --threads 3 (the loaded engine is shard 0).
split_at() {
  name=$1
  file=$2
  at=$3
  shift 3
  run "$@" "$file"
  cp "$TMP/out" "$TMP/whole"
  part "$file" 2 "$at" "$TMP/p1.csv"
  part "$file" $((at + 1)) "" "$TMP/p2.csv"
  run "$@" --save "$TMP/state" "$TMP/p1.csv"
  expect_status "$name: save at $at" 0
  run "$@" --load "$TMP/state" "$TMP/p2.csv"
  expect_status "$name: load at $at" 0
  if ! cmp -s "$TMP/whole" "$TMP/out"; then
    fail "$name: split at line $at: other output"
    diff "$TMP/whole" "$TMP/out" | head -n 10 >&2
  fi
  run "$@" --threads 3 --load "$TMP/state" "$TMP/p2.csv"
  expect_status "$name: load at $at, 3 threads" 0
  if ! cmp -s "$TMP/whole" "$TMP/out"; then
    fail "$name: split at line $at, 3 threads: other output"
    diff "$TMP/whole" "$TMP/out" | head -n 10 >&2
  fi
}

lines=$(wc -l <"$SAMPLE")
for at in 2 3 500 9999 "$((lines - 1))" "$lines"; do
  split_at "sample company" "$SAMPLE" "$at" --format csv
done
for at in 3 7777 20000; do
  split_at "sample agent,interval" "$SAMPLE" "$at" --by agent,interval --format csv
  split_at "sample skill,channel,date percentiles" "$SAMPLE" "$at" --by skill,channel,date --percentiles --format csv
  split_at "sample staffing by hour" "$SAMPLE" "$at" --by hour --staffing --format csv
  split_at "sample tag,week json tz" "$SAMPLE" "$at" --by tag,week --tz CET-1CEST,M3.5.0,M10.5.0/3 --format json
done

# Three parts: save, load and save over the same file, load.
run --by agent,date --format csv "$SAMPLE"
cp "$TMP/out" "$TMP/whole"
part "$SAMPLE" 2 8000 "$TMP/a.csv"
part "$SAMPLE" 8001 16000 "$TMP/b.csv"
part "$SAMPLE" 16001 "" "$TMP/c.csv"
run --by agent,date --format csv --save "$TMP/s3" "$TMP/a.csv"
expect_status "three parts: first" 0
run --by agent,date --format csv --load "$TMP/s3" --save "$TMP/s3" "$TMP/b.csv"
expect_status "three parts: second" 0
run --by agent,date --format csv --load "$TMP/s3" "$TMP/c.csv"
expect_status "three parts: third" 0
cmp -s "$TMP/whole" "$TMP/out" || fail "three parts: other output"
[ ! -e "$TMP/s3.tmp" ] || fail "three parts: the temporary file was left"

if [ -x "$GEN" ]; then
  # interleaved contacts (events of a contact on both sides of the split),
  # agent states, surveys, ledger, invalid lines; and event ids redelivered
  # across the split
  "$GEN" --seed 11 --days 2 --contacts-per-day 1200 --agents 20 --interleave --bad 20 >"$TMP/gen.csv" ||
    fail "ccm-gen failed"
  awk -F, 'NR == 1 { print $0 ",id"; next } /^#/ { print; next }
           { print $0 ",ev" NR; if (NR % 30 == 0) held[NR] = $0 ",ev" NR }
           END { for (k in held) print held[k] }' "$TMP/gen.csv" >"$TMP/gen-id.csv"
  n=$(wc -l <"$TMP/gen.csv")
  for at in 1000 $((n / 2)) $((n - 100)); do
    split_at "gen agent,interval" "$TMP/gen.csv" "$at" --by agent,interval --format csv
    split_at "gen skill,reason" "$TMP/gen.csv" "$at" --by skill,reason --percentiles --format csv
    split_at "gen ids" "$TMP/gen-id.csv" "$at" --by team,hour --format csv
  done
else
  echo "ccm-gen not built: generated streams skipped" >&2
fi

# Refusals: exit status 2 and a message.
part "$SAMPLE" 2 3000 "$TMP/p1.csv"
run --by agent --save "$TMP/st" "$TMP/p1.csv"
expect_status "save for the refusals" 0
refused() {
  name=$1
  regex=$2
  shift 2
  run "$@" "$TMP/p1.csv"
  expect_status "$name" 2
  expect_empty_out "$name"
  expect_err_line "$name" "$regex"
}
refused "missing state" 'ccm-report: --load .*/nothing: No such file or directory' --by agent --load "$TMP/nothing"
refused "not a state" 'ccm-report: --load .*: not a state file written by ccm-report --save' --by agent \
  --load "$SAMPLE"
: >"$TMP/empty"
refused "empty state" 'ccm-report: --load .*: not a state file written by ccm-report --save' --by agent \
  --load "$TMP/empty"
cp "$TMP/st" "$TMP/flipped"
printf 'x' | dd of="$TMP/flipped" bs=1 seek=100 conv=notrunc 2>/dev/null
refused "corrupt state" 'ccm-report: --load .*: corrupt state file \(checksum mismatch\)' --by agent \
  --load "$TMP/flipped"
head -c 200 "$TMP/st" >"$TMP/short"
refused "truncated state" 'ccm-report: --load .*: corrupt state file \(.*\)' --by agent --load "$TMP/short"
refused "other --by" 'ccm-report: --load .*: the state was saved for --by agent, not --by skill,date' \
  --by skill,date --load "$TMP/st"
refused "no --by" 'ccm-report: --load .*: the state was saved for --by agent, not --by \(none\)' --load "$TMP/st"
refused "other setting" 'ccm-report: --load .*: the state was saved with sl_threshold_ms = 20000, not 30000' \
  --by agent --sl-threshold 30 --load "$TMP/st"
refused "other time zone" 'ccm-report: --load .*: the state was saved with other --tz, .*' --by agent \
  --tz EST5EDT --load "$TMP/st"
refused "percentiles" 'ccm-report: --load .*: the state was saved with other --tz, .*' --by agent --percentiles \
  --load "$TMP/st"
refused "unwritable save" 'ccm-report: --save .*: No such file or directory' --by agent \
  --save "$TMP/no/such/dir/s"
if command -v python3 >/dev/null 2>&1; then
  # a byte of the engine's own snapshot changed and the file's hash made
  # right again: the library's CRC32C refuses it
  python3 - "$TMP/st" "$TMP/engine-bad" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
elen = struct.unpack_from("<Q", data, 8)[0]
data[16 + elen // 2] ^= 0x01
h = 0xcbf29ce484222325
for b in data[:-8]:
    h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
data[-8:] = struct.pack("<Q", h)
open(sys.argv[2], "wb").write(bytes(data))
PY
  refused "corrupt engine snapshot" 'ccm-report: --load .*: engine snapshot refused: .* \(CCM_E_SNAPSHOT_[A-Z_]+\)' \
    --by agent --load "$TMP/engine-bad"
fi
# the state is not touched by a refused or failed run
run --by agent --format csv --load "$TMP/st" "$TMP/p1.csv"
expect_status "state still good" 0

finish
