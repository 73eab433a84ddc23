#!/bin/sh
# test-abi.sh - the built library's ABI against the committed baseline.
#
# tests/abi/libccmetrics.abi is the ABI of the last release (abidw output).
# Removing or changing a function or a public type is an incompatible change
# and fails; additions are reported and pass.  When the ABI is meant to grow,
# regenerate the baseline from a -g build of the new release:
#   abidw --no-corpus-path --headers-dir include --drop-private-types \
#     BUILD/lib/.libs/libccmetrics.so.0 > tests/abi/libccmetrics.abi
# Skips (77) without abidiff or without a shared library.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT

srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
so="$builddir/lib/.libs/libccmetrics.so.0"

command -v abidw >/dev/null 2>&1 || { echo "skip: abidw not installed"; exit 77; }
command -v abidiff >/dev/null 2>&1 || { echo "skip: abidiff not installed"; exit 77; }
[ -f "$so" ] || { echo "skip: no shared library at $so"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ccm-abi.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

if ! abidw --no-corpus-path --headers-dir "$srcdir/include" --drop-private-types "$so" > "$tmp/current.abi"; then
  echo "FAIL: abidw could not read $so"
  exit 1
fi
if ! grep -q 'elf-function-symbols\|function-decl' "$tmp/current.abi"; then
  echo "skip: $so has no debug information to compare (build with -g)"
  exit 77
fi

abidiff "$srcdir/tests/abi/libccmetrics.abi" "$tmp/current.abi" > "$tmp/report"
rc=$?
cat "$tmp/report"
# abidiff's status bits: 1 error, 2 usage, 4 ABI change, 8 incompatible change.
if [ $((rc & 3)) -ne 0 ]; then
  echo "FAIL: abidiff failed (status $rc)"
  exit 1
fi
if [ $((rc & 8)) -ne 0 ]; then
  echo "FAIL: incompatible ABI change against tests/abi/libccmetrics.abi"
  exit 1
fi
if [ $((rc & 4)) -ne 0 ]; then
  echo "ok: compatible ABI change (additions); regenerate the baseline at release"
else
  echo "ok: ABI identical to the baseline"
fi
exit 0
