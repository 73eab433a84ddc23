#!/bin/sh
# test-symbols.sh - the shared library exports exactly the functions the
# public header declares with CCM_EXPORT, and the linker version script lists
# exactly those functions.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT

set -u

srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
header="$srcdir/include/ccmetrics.h"
map="$srcdir/lib/ccmetrics.map"
la="$builddir/lib/libccmetrics.la"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ccm-symbols.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

for f in "$header" "$map"; do
  if [ ! -f "$f" ]; then
    echo "missing: $f" >&2
    exit 99
  fi
done

fail=0
LC_ALL=C
export LC_ALL

# The version script without its /* */ comments (they may span lines).
awk '{
  out = ""; line = $0
  while (line != "") {
    if (incomment) {
      i = index(line, "*/")
      if (i == 0) { line = "" } else { line = substr(line, i + 2); incomment = 0 }
    } else {
      i = index(line, "/*")
      if (i == 0) { out = out line; line = "" }
      else { out = out substr(line, 1, i - 1); line = substr(line, i + 2); incomment = 1 }
    }
  }
  print out
}' "$map" > "$tmp/map-nocomment"

# 1. Functions declared in the header: "CCM_EXPORT <type> [*]name(".
grep '^CCM_EXPORT' "$header" |
  sed -n 's/^CCM_EXPORT[^(]*[ *]\(ccm_[A-Za-z0-9_]*\)(.*/\1/p' |
  sort > "$tmp/header"
ndecl=$(grep -c '^CCM_EXPORT' "$header")
nparsed=$(wc -l < "$tmp/header")
if [ "$ndecl" -ne "$nparsed" ] || [ "$nparsed" -eq 0 ]; then
  echo "FAIL: $ndecl CCM_EXPORT lines in the header but $nparsed names parsed" >&2
  fail=1
fi
if [ -n "$(uniq -d "$tmp/header")" ]; then
  echo "FAIL: functions declared twice in the header:" >&2
  uniq -d "$tmp/header" >&2
  fail=1
fi

# 2. Names in the global part of the version script (every node).
awk '/global:/ { g = 1; next } /local:/ || /[{}]/ { g = 0 } g' \
  "$tmp/map-nocomment" | tr -d ' \t;' | grep -v '^$' | grep -v '[{}]' | sort > "$tmp/map"

if ! cmp -s "$tmp/header" "$tmp/map"; then
  echo "FAIL: lib/ccmetrics.map and the header's CCM_EXPORT functions differ" >&2
  echo "  < header only, > map only:" >&2
  diff "$tmp/header" "$tmp/map" | grep '^[<>]' | sed 's/^/  /' >&2
  fail=1
else
  echo "ok: the version script lists the $nparsed exported functions"
fi

# 3. Dynamic symbols of the built shared library.
if [ ! -f "$la" ]; then
  echo "SKIP: $la not built" >&2
  exit 77
fi
dlname=$(sed -n "s/^dlname='\(.*\)'$/\1/p" "$la")
if [ -z "$dlname" ]; then
  echo "SKIP: static-only build (no shared library)" >&2
  [ "$fail" -eq 0 ] && exit 77
  exit 1
fi
so="$builddir/lib/.libs/$dlname"
if [ ! -f "$so" ]; then
  echo "FAIL: $so not found" >&2
  exit 1
fi
if ! command -v nm > /dev/null 2>&1; then
  echo "SKIP: no nm" >&2
  [ "$fail" -eq 0 ] && exit 77
  exit 1
fi

# Defined dynamic symbols, without the version node's own (absolute) symbol;
# "name@@NODE" is split into name and node.
nm -D --defined-only "$so" | awk '$2 != "A" { print $3 }' > "$tmp/nm"
sed 's/@.*//' "$tmp/nm" | sort > "$tmp/exported"

if ! cmp -s "$tmp/header" "$tmp/exported"; then
  echo "FAIL: the exported symbols of $dlname differ from the header" >&2
  echo "  < declared but not exported, > exported but not declared:" >&2
  diff "$tmp/header" "$tmp/exported" | grep '^[<>]' | sed 's/^/  /' >&2
  fail=1
else
  echo "ok: $dlname exports exactly the $nparsed declared functions"
fi

# When the library was linked with the version script, every symbol carries
# the node that lists it in the map ("name@@CCMETRICS_1.0").
if grep -q '@' "$tmp/nm"; then
  awk '/^[A-Za-z_][A-Za-z0-9_.]*[ \t]*\{/ { node = $1; sub(/\{.*/, "", node); next }
         /global:/ { g = 1; next } /local:/ || /\}/ { g = 0 }
         g { gsub(/[ \t;]/, ""); if ($0 != "") print $0 "@@" node }' \
    "$tmp/map-nocomment" |
    sort > "$tmp/map-versioned"
  sort "$tmp/nm" > "$tmp/nm-versioned"
  if ! cmp -s "$tmp/map-versioned" "$tmp/nm-versioned"; then
    echo "FAIL: symbol versions differ from lib/ccmetrics.map" >&2
    echo "  < map, > library:" >&2
    diff "$tmp/map-versioned" "$tmp/nm-versioned" | grep '^[<>]' | sed 's/^/  /' >&2
    fail=1
  else
    echo "ok: every symbol carries the version node that lists it"
  fi
fi

exit $fail
