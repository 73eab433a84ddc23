#!/bin/sh
# test-installed.sh - install libccmetrics into a temporary directory and
# build the README's example against the installed copy only, through
# pkg-config, with the shared and with the static library; run both.
#
# Usage: tests/test-installed.sh [BUILDDIR]
#   BUILDDIR: a configured and built tree to install from ('make install
#   DESTDIR=...').  Without it, the source tree beside this script is
#   configured and built in a temporary directory with --prefix.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT

set -eu

here=$(cd "$(dirname "$0")" && pwd)
srcdir=$(cd "$here/.." && pwd)
cc=${CC:-cc}
make=${MAKE:-make}
expected='asa: 20000 ms'

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ccm-installed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ $# -ge 1 ]; then
  builddir=$(cd "$1" && pwd)
  if [ ! -f "$builddir/config.status" ]; then
    echo "$builddir is not a configured build tree" >&2
    exit 99
  fi
  echo "== installing $builddir into DESTDIR=$tmp/dest"
  "$make" -C "$builddir" install DESTDIR="$tmp/dest" > "$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log" >&2; exit 1; }
  prefix=$(sed -n 's/^prefix = //p' "$builddir/Makefile" | head -n 1)
  [ -n "$prefix" ] || prefix=/usr/local
  root="$tmp/dest$prefix"
else
  if [ -f "$srcdir/config.status" ]; then
    echo "$srcdir is configured in place; give a build directory or run 'make distclean'" >&2
    exit 99
  fi
  echo "== configuring $srcdir into $tmp/build with --prefix=$tmp/prefix"
  mkdir "$tmp/build"
  (cd "$tmp/build" && "$srcdir/configure" --prefix="$tmp/prefix" > "$tmp/configure.log" 2>&1) ||
    { cat "$tmp/configure.log" >&2; exit 1; }
  "$make" -C "$tmp/build" -j2 install > "$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log" >&2; exit 1; }
  root="$tmp/prefix"
fi

pc=$(find "$root" -name ccmetrics.pc | head -n 1)
if [ -z "$pc" ]; then
  echo "FAIL: ccmetrics.pc not installed under $root" >&2
  exit 1
fi
echo "installed under $root:"
(cd "$root" && find . \( -type f -o -type l \) ! -path './share/man/*' | sort | sed 's/^/  /')
echo "  and $(find "$root" -path '*/share/man/*' -type f | wc -l) man pages"

# pkg-config, told where the files really are (DESTDIR moved them).
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
pc() {
  pkg-config --define-variable=prefix="$root" "$@" ccmetrics
}
cflags=$(pc --cflags)
libs=$(pc --libs)
libs_static=$(pc --static --libs)
libdir=$(pc --variable=libdir)
echo "pkg-config --cflags: $cflags"
echo "pkg-config --libs:   $libs"

# The installed header is the one of this tree, and nothing private is
# installed.
includedir=$(pc --variable=includedir)
cmp "$srcdir/include/ccmetrics.h" "$includedir/ccmetrics.h"
for f in "$includedir"/*; do
  if [ "$(basename "$f")" != ccmetrics.h ]; then
    echo "FAIL: unexpected installed header: $f" >&2
    exit 1
  fi
done

# The example: the first ```c block of README.md.
awk '/^```c$/ { if (!done) { inblock = 1; next } }
     /^```$/ && inblock { inblock = 0; done = 1; next }
     inblock' "$srcdir/README.md" > "$tmp/example.c"
if [ ! -s "$tmp/example.c" ]; then
  echo "FAIL: no C example found in README.md" >&2
  exit 1
fi

fail=0
check_run() {
  # check_run NAME PROGRAM [ENV...]
  name=$1
  prog=$2
  out=$(env LD_LIBRARY_PATH="$libdir" "$prog" 2>&1) || {
    echo "FAIL: $name exited with $?: $out" >&2
    fail=1
    return 0
  }
  if [ "$out" = "$expected" ]; then
    echo "ok: $name prints '$out'"
  else
    echo "FAIL: $name printed '$out', expected '$expected'" >&2
    fail=1
  fi
}

echo "== example against the shared library"
# shellcheck disable=SC2086
"$cc" -Wall -Wextra -Werror -o "$tmp/example-shared" "$tmp/example.c" $cflags $libs
check_run "shared build" "$tmp/example-shared"
if command -v ldd > /dev/null 2>&1; then
  if ! LD_LIBRARY_PATH="$libdir" ldd "$tmp/example-shared" | grep -q "$libdir/libccmetrics"; then
    echo "FAIL: the example is not linked to the installed libccmetrics:" >&2
    LD_LIBRARY_PATH="$libdir" ldd "$tmp/example-shared" >&2
    fail=1
  fi
fi

if [ -f "$libdir/libccmetrics.a" ]; then
  echo "== example against the static library"
  static_libs=$(printf '%s\n' "$libs_static" | sed 's/-lccmetrics/-l:libccmetrics.a/')
  # shellcheck disable=SC2086
  "$cc" -Wall -Wextra -Werror -o "$tmp/example-static" "$tmp/example.c" $cflags $static_libs
  if command -v ldd > /dev/null 2>&1 && ldd "$tmp/example-static" | grep -q libccmetrics; then
    echo "FAIL: the static example still needs libccmetrics.so" >&2
    fail=1
  fi
  check_run "static build" "$tmp/example-static"
else
  echo "no static library installed: static build skipped"
fi

# The ccm-report example, built from its sources against the installed
# library only (examples use nothing but the public API), reads the same
# events as CSV and must agree with the library: asa 20 s.
if [ -f "$srcdir/examples/ccm-report.c" ]; then
  echo "== ccm-report built against the installed library"
  # shellcheck disable=SC2086
  "$cc" -Wall -Wextra -Werror -I"$srcdir/examples" -o "$tmp/ccm-report" \
    "$srcdir/examples/ccm-report.c" "$srcdir"/examples/report_*.c $cflags $libs
  cat > "$tmp/events.csv" <<'CSV'
ts,event,contact,channel,direction,customer,skill,campaign,agent,team,value,label
1700000100000,contact_start,c1,voice,inbound,,sales,,,,,
1700000100000,queue_enter,c1,,,,sales,,,,,
1700000110000,answer,c1,,,,,,ann,,,
1700000160000,contact_start,c2,voice,inbound,,sales,,,,,
1700000160000,queue_enter,c2,,,,sales,,,,,
1700000190000,answer,c2,,,,,,ann,,,
CSV
  printf 'skill,answered,asa\nsales,2,20.000\n' > "$tmp/expected.csv"
  if env LD_LIBRARY_PATH="$libdir" "$tmp/ccm-report" --by skill --metrics answered,asa \
      --format csv "$tmp/events.csv" > "$tmp/out.csv" 2> "$tmp/err.txt" &&
      cmp -s "$tmp/expected.csv" "$tmp/out.csv"; then
    echo "ok: ccm-report prints asa 20.000 s for skill sales"
  else
    echo "FAIL: ccm-report output differs from the expected:" >&2
    diff "$tmp/expected.csv" "$tmp/out.csv" >&2 || true
    cat "$tmp/err.txt" >&2
    fail=1
  fi
fi

exit $fail
