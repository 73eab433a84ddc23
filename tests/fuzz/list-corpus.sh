#!/bin/sh
# list-corpus.sh - rewrite the corpus list of tests/fuzz/fuzz.mk (the block
# between "# BEGIN CORPUS LIST" and "# END CORPUS LIST") from the files now
# in tests/fuzz/corpus/*/ and tests/fuzz/crashes/, so that every one is in
# EXTRA_DIST.  Run from anywhere: list-corpus.sh [TOP_SRCDIR].
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
set -eu
top=${1:-$(dirname "$0")/../..}
mk="$top/tests/fuzz/fuzz.mk"
list=$(mktemp)
trap 'rm -f "$list" "$list.mk"' EXIT
(
  cd "$top"
  find tests/fuzz/corpus tests/fuzz/crashes -type f ! -name README.md | LC_ALL=C sort | while read -r f; do
    case $f in
      *[!A-Za-z0-9._/+-]*) echo "list-corpus.sh: $f: a name make cannot carry" >&2; exit 1 ;;
    esac
    printf '\t%s \\\n' "$f"
  done
) > "$list"
{
  sed -n '1,/^# BEGIN CORPUS LIST$/p' "$mk"
  if [ -s "$list" ]; then
    printf 'EXTRA_DIST += \\\n'
    sed '$ s/ \\$//' "$list"
  fi
  sed -n '/^# END CORPUS LIST$/,$p' "$mk"
} > "$list.mk"
cat "$list.mk" > "$mk"
echo "list-corpus.sh: $(grep -c . "$list") files listed in $mk"
