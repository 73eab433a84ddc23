#!/usr/bin/env python3
"""coverage-functions.py - the functions of a gcovr JSON report with the most
lines never run, worst first ('make coverage').

A function's lines are taken to be those from its first line to the line
before the next function of the same file (gcovr's JSON gives each line's
count and each function's first line).

usage: coverage-functions.py [--worst N] coverage.json
"""
import json
import sys


def main(argv):
    worst = 25
    args = argv[1:]
    if len(args) >= 2 and args[0] == "--worst":
        worst = int(args[1])
        args = args[2:]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as f:
        report = json.load(f)
    rows = []
    never_called = 0
    for entry in report.get("files", []):
        name = entry["file"]
        lines = {l["line_number"]: l["count"] for l in entry.get("lines", []) if not l.get("gcovr/noncode")}
        funcs = sorted(entry.get("functions", []), key=lambda fn: fn["lineno"])
        for i, fn in enumerate(funcs):
            start = fn["lineno"]
            end = funcs[i + 1]["lineno"] if i + 1 < len(funcs) else max(lines, default=start) + 1
            mine = [c for ln, c in lines.items() if start <= ln < end]
            missed = sum(1 for c in mine if c == 0)
            if fn.get("execution_count", 0) == 0:
                never_called += 1
            if missed:
                rows.append((missed, len(mine), name, fn["name"], start, fn.get("execution_count", 0)))
    rows.sort(key=lambda r: (-r[0], r[2], r[4]))
    print("Functions with the most lines never run (of %d with a miss; %d functions never called)"
          % (len(rows), never_called))
    print("%7s %7s  %-28s %s" % ("missed", "lines", "file:line", "function (calls)"))
    for missed, total, name, func, start, calls in rows[:worst]:
        print("%7d %7d  %-28s %s (%d)" % (missed, total, "%s:%d" % (name, start), func, calls))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
