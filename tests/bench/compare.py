#!/usr/bin/env python3
"""compare.py - check a peer's skill x interval table against ccm-report's.

Copyright (c) 2026 The ccmetrics authors.
SPDX-License-Identifier: MIT

Usage: compare.py REPORT.csv PEER.csv NAME

REPORT.csv is `ccm-report --by skill,interval --format csv --metrics M` with
the nine metrics of peer-query.sql; PEER.csv is that query's result (skill,
bucket in ms, the same metrics).  Rows are matched by (skill, interval); a
row missing on one side stands for a cell with no contribution to these
metrics (counts 0, averages undefined): ccm-report prints every cell that
received any measure, the query only those that feed its metrics.

Counts must be equal; durations (seconds, 3 decimals) within 0.0015;
percentages within 1e-6 relative; undefined (empty) only against undefined.
Prints one summary line; exit status 0 when everything matches, 1 if not.
"""
import csv
import datetime
import sys

METRICS = ["offered", "answered", "abandoned", "asa", "service_level", "aht",
           "agent_responses", "avg_agent_frt", "avg_resolution_time"]
COUNTS = {"offered", "answered", "abandoned", "agent_responses"}
PERCENT = {"service_level"}


def parse(v):
    v = v.strip()
    return None if v == "" else float(v)


def load_report(path):
    rows = {}
    with open(path, newline="") as f:
        r = csv.DictReader(f)
        for rec in r:
            rows[(rec["skill"], rec["interval"])] = [parse(rec[m]) for m in METRICS]
    return rows


def load_peer(path):
    rows = {}
    with open(path, newline="") as f:
        r = csv.DictReader(f)
        for rec in r:
            ms = int(float(rec["bucket"]))
            t = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
            key = (rec["skill"], t.strftime("%Y-%m-%dT%H:%M"))
            rows[key] = [parse(rec[m]) for m in METRICS]
    return rows


def equal(metric, a, b):
    if metric in COUNTS:
        return (a or 0.0) == (b or 0.0)
    if a is None or b is None:
        return a is None and b is None
    if metric in PERCENT:
        return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1.0)
    return abs(a - b) <= 0.0015


def main():
    if len(sys.argv) != 4:
        print("usage: compare.py REPORT.csv PEER.csv NAME", file=sys.stderr)
        return 2
    rep, peer, name = load_report(sys.argv[1]), load_peer(sys.argv[2]), sys.argv[3]
    empty = [None] * len(METRICS)
    keys = sorted(set(rep) | set(peer))
    bad = 0
    values = 0
    for k in keys:
        a, b = rep.get(k, empty), peer.get(k, empty)
        for i, m in enumerate(METRICS):
            values += 1
            if not equal(m, a[i], b[i]):
                bad += 1
                if bad <= 10:
                    print("  %s: %s %s %s: ccm-report %s, %s %s" % (name, k[0] or "(none)", k[1], m, a[i], name, b[i]))
    print("%s: %d cells (%d in ccm-report, %d from SQL), %d values compared, %d differ"
          % (name, len(keys), len(rep), len(peer), values, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
