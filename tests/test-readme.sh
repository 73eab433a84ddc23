#!/bin/sh
# test-readme.sh - the metric table of README.md lists the library's catalog:
# the same metrics, in catalog order, and "not yet computed" exactly for the
# metrics this version does not compute (as ccm-report --list-metrics says).
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT

set -u

srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
readme="$srcdir/README.md"
report="$builddir/examples/ccm-report"

if [ ! -x "$report" ]; then
  echo "SKIP: $report not built" >&2
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ccm-readme.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C
export LC_ALL

# README rows after the "| metric | formula | unit | in 0.1.0 |" header:
# "name computed|not yet computed".
awk -F'|' '
  /^\| metric \| formula \|/ { intable = 1; next }
  intable && /^\|---/ { next }
  intable && !/^\|/ { exit }
  intable {
    name = $2; gsub(/[ `]/, "", name)
    status = $(NF - 1); gsub(/^ +| +$/, "", status)
    print name "," (status == "computed" ? 1 : 0)
  }' "$readme" > "$tmp/readme"

# The catalog: name and supported flag, the first and fourth CSV fields
# (name, unit, better and supported never hold a comma or a quote).
if ! "$report" --list-metrics > "$tmp/list" 2> "$tmp/err"; then
  echo "FAIL: ccm-report --list-metrics failed:" >&2
  cat "$tmp/err" >&2
  exit 1
fi
sed 1d "$tmp/list" | awk -F, '{ print $1 "," $4 }' > "$tmp/catalog"

if [ ! -s "$tmp/readme" ]; then
  echo "FAIL: no metric table found in README.md" >&2
  exit 1
fi
if cmp -s "$tmp/catalog" "$tmp/readme"; then
  echo "ok: README.md lists the $(wc -l < "$tmp/catalog") catalog metrics in order, with their status"
  exit 0
fi
echo "FAIL: README.md's metric table differs from the catalog (name,computed):" >&2
echo "  < catalog, > README.md" >&2
diff "$tmp/catalog" "$tmp/readme" | grep '^[<>]' | sed 's/^/  /' >&2
exit 1
