#!/bin/sh
# peer-sqlite.sh - the peer query in SQLite (the sqlite3 command-line shell).
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Usage: peer-sqlite.sh EVENTS.csv QUERY.sql OUT.csv
# Loads the canonical CSV (without comment lines) into an in-memory table ev
# with .import, runs the query into OUT.csv and prints one line:
#   sqlite load_s=X query_s=Y total_s=Z
set -eu
csv=$1 sql=$2 out=$3
SQLITE3=${SQLITE3:-sqlite3}
stamps=$(mktemp "${TMPDIR:-/tmp}/ccm-sqlite.XXXXXX")
trap 'rm -f "$stamps"' EXIT
"$SQLITE3" -bail :memory: <<SQL
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -2000000;
CREATE TABLE ev(ts INTEGER, event TEXT, contact TEXT, channel TEXT, direction TEXT, customer TEXT,
                skill TEXT, campaign TEXT, agent TEXT, team TEXT, value REAL, label TEXT);
.system date +%s.%N >> $stamps
.import --csv --skip 1 $csv ev
.system date +%s.%N >> $stamps
.headers on
.mode csv
.once $out
.read $sql
.system date +%s.%N >> $stamps
SQL
awk 'NR==1{a=$1} NR==2{b=$1} NR==3{c=$1} END{printf "sqlite load_s=%.3f query_s=%.3f total_s=%.3f\n", b-a, c-b, c-a}' "$stamps"
