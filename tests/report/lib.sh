# tests/report/lib.sh - helpers for the ccm-report shell tests (sourced).
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# The harness exports top_srcdir and top_builddir; by hand, run from the
# build tree:  top_srcdir=/path/to/src top_builddir=. sh tests/report/test-x.sh

: "${top_srcdir:=$(dirname "$0")/../..}"
: "${top_builddir:=.}"
REPORT="$top_builddir/examples/ccm-report"
DATA="$top_srcdir/tests/report"
if [ ! -x "$REPORT" ]; then
  echo "ccm-report not built: $REPORT" >&2
  exit 99 # hard error: the test cannot run
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ccm-report-test.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run ARGS...: run ccm-report; stdout in $TMP/out, stderr in $TMP/err, exit
# status in $status.
run() {
  status=0
  "$REPORT" "$@" >"$TMP/out" 2>"$TMP/err" || status=$?
}

# expect_status NAME N: the last run exited with N.
expect_status() {
  if [ "$status" != "$2" ]; then
    fail "$1: exit status $status, expected $2"
    sed 's/^/  stderr: /' "$TMP/err" >&2
  fi
}

# expect_out NAME TEXT: the last run's stdout is exactly TEXT (plus a newline).
expect_out() {
  printf '%s\n' "$2" >"$TMP/expected"
  if ! cmp -s "$TMP/expected" "$TMP/out"; then
    fail "$1: unexpected output"
    diff -u "$TMP/expected" "$TMP/out" >&2
    sed 's/^/  stderr: /' "$TMP/err" >&2
  fi
}

# expect_err_line NAME REGEX: some stderr line matches the extended REGEX
# entirely.
expect_err_line() {
  if ! grep -Eqx -- "$2" "$TMP/err"; then
    fail "$1: no stderr line matching /$2/"
    sed 's/^/  stderr: /' "$TMP/err" >&2
  fi
}

# expect_err_count NAME REGEX N: exactly N stderr lines match REGEX entirely.
expect_err_count() {
  n=$(grep -Ecx -- "$2" "$TMP/err")
  if [ "$n" != "$3" ]; then
    fail "$1: $n stderr lines match /$2/, expected $3"
    sed 's/^/  stderr: /' "$TMP/err" >&2
  fi
}

# expect_empty_out NAME: nothing on stdout.
expect_empty_out() {
  if [ -s "$TMP/out" ]; then
    fail "$1: unexpected output on stdout"
    sed 's/^/  stdout: /' "$TMP/out" >&2
  fi
}

# The canonical header.
HEADER='ts,event,contact,channel,direction,customer,skill,campaign,agent,team,value,label'

finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  exit 0
}
