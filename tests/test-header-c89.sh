#!/bin/sh
# test-header-c89.sh - the public header compiles on its own as strict C89,
# C99 and C11, and as C++ (C++98 and C++11) with C linkage.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT

set -u

srcdir=${top_srcdir:-.}
header="$srcdir/include/ccmetrics.h"
cc=${CC:-cc}
cxx=${CXX:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ccm-header.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

if [ ! -f "$header" ]; then
  echo "header not found: $header" >&2
  exit 99
fi

fail=0

# A translation unit that uses the header's types, macros and functions, so
# that a syntax the standard does not allow cannot hide in unused text.
cat > "$tmp/use.c" <<'EOF'
#include "ccmetrics.h"
#include "ccmetrics.h" /* the include guard works */

int ccm_test_use(void);

int ccm_test_use(void)
{
  ccm_event ev;
  ccm_allocator al;
  uint32_t key[CCM_VIEW_DIMS];
  int32_t (*fn)(ccm_engine *, const ccm_event *) = ccm_ingest;
  key[0] = CCM_ANY;
  al.alloc = 0;
  al.realloc = 0;
  al.free = 0;
  al.user = 0;
  ccm_event_init(&ev, CCM_EV_CONTACT_START);
  return (int)(CCM_VERSION_NUMBER + (int)key[0] + CCM_DIM_BIT(CCM_DIM_SKILL) + (fn != 0) +
               (al.user == 0) + (int)sizeof ev + CCM_E_NOMEM);
}
EOF
cp "$tmp/use.c" "$tmp/use.cc"

run() {
  # run DESCRIPTION COMMAND...
  desc=$1
  shift
  if "$@" > "$tmp/out" 2>&1; then
    echo "ok: $desc"
  else
    echo "FAIL: $desc"
    echo "  command: $*"
    sed 's/^/  /' "$tmp/out"
    fail=1
  fi
}

# Warnings are errors; the library's own export attribute is off here, as in
# every program that uses the library.
for std in c89 c99 c11; do
  run "$cc -std=$std -pedantic" \
    "$cc" -std=$std -pedantic -Wall -Wextra -Werror -I"$srcdir/include" \
    -c "$tmp/use.c" -o "$tmp/use-$std.o"
done
# The header alone, as the first and only include (no hidden dependency).
run "$cc -std=c89 header alone" \
  "$cc" -std=c89 -pedantic -Wall -Wextra -Werror -fsyntax-only -x c "$header"

if [ -z "$cxx" ] || ! command -v "$cxx" > /dev/null 2>&1; then
  echo "no C++ compiler: the C++ part is skipped"
else
  for std in c++98 c++11; do
    run "$cxx -std=$std -pedantic" \
      "$cxx" -std=$std -pedantic -Wall -Wextra -Werror -I"$srcdir/include" \
      -c "$tmp/use.cc" -o "$tmp/use-$std.o"
  done
  # extern "C": the functions the C++ object calls are the C names, not
  # mangled ones.
  if [ -f "$tmp/use-c++11.o" ] && command -v nm > /dev/null 2>&1; then
    undef=$(nm -u "$tmp/use-c++11.o" | awk '{ print $NF }')
    for sym in ccm_ingest ccm_event_init; do
      if printf '%s\n' "$undef" | grep -qx "$sym"; then
        echo "ok: C++ references $sym with C linkage"
      else
        echo "FAIL: C++ object does not reference $sym with C linkage:"
        printf '%s\n' "$undef" | sed 's/^/  /'
        fail=1
      fi
    done
  fi
fi

exit $fail
