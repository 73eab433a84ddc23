#!/usr/bin/env python3
# compare.py - compare two `ccm-report --format csv` outputs (and their
# stderr summaries); used by the reference-model tests, also runnable alone:
#
#   compare.py EXPECTED.csv ACTUAL.csv     exit 0 when equal, 1 with a diff
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Fields are compared as strings.  Where they differ and the expected field
# is a number with exactly six decimals (percentages, ratios), both are
# parsed and an absolute difference <= 0.0000015 is accepted: the engine and
# the model may round the last digit differently.  Everything else (keys,
# counts, durations with three decimals, empty = undefined) must be equal,
# except the percentile columns (`<metric>_p50`, `_p90`, `_p95`, `_p99`):
# the engine estimates them with a sketch within 1 % of the exact value, so
# there a difference of at most 1 % of the expected value plus 1 ms (the
# printed rounding) is accepted; empty must still be empty.
#
# Rows are matched by key in order.  Time buckets of a repeated local hour
# print the same key twice (two rows, in chronological order), so keys are
# counted as a multiset.

import re
import sys
from collections import Counter

SIX = re.compile(r"^-?[0-9]+\.[0-9]{6}$")
TOLERANCE = 0.0000015
PERCENTILE = re.compile(r"_p(50|90|95|99)$")
DURATION = re.compile(r"^-?[0-9]+\.[0-9]{3}$")
PCT_RELATIVE, PCT_ABSOLUTE = 0.01, 0.001  # 1 %, plus 1 ms (in seconds)
KEY_NAMES = {"agent", "team", "skill", "campaign", "channel", "direction",
             "contact_type", "disposition", "tag", "interval", "hour", "dow",
             "date", "week", "month"}


def split_csv_line(line):
    """Split one output line (RFC 4180 quoting, no embedded line breaks)."""
    out, field, i, n = [], [], 0, len(line)
    while True:
        if i < n and line[i] == '"':
            i += 1
            while i < n:
                if line[i] == '"':
                    if i + 1 < n and line[i + 1] == '"':
                        field.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                field.append(line[i])
                i += 1
        while i < n and line[i] != ",":
            field.append(line[i])
            i += 1
        out.append("".join(field))
        field = []
        if i < n:
            i += 1
            continue
        return out


def parse_output(text):
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [split_csv_line(l.rstrip("\r")) for l in lines]


def fields_equal(exp, act, column=""):
    if exp == act:
        return True
    if SIX.match(exp) and SIX.match(act):
        return abs(float(exp) - float(act)) <= TOLERANCE
    if PERCENTILE.search(column) and DURATION.match(exp) and DURATION.match(act):
        e = float(exp)
        return abs(e - float(act)) <= PCT_RELATIVE * abs(e) + PCT_ABSOLUTE + 1e-9
    return False


def compare_outputs(expected, actual, max_report=8):
    """Differences between two CSV outputs, as readable lines ([] = equal)."""
    e, a = parse_output(expected), parse_output(actual)
    msgs = []
    if not e or not a:
        return ["empty output (expected %d lines, got %d)" % (len(e), len(a))]
    if e[0] != a[0]:
        return ["header differs:", "  expected: " + ",".join(e[0]),
                "  actual:   " + ",".join(a[0])]
    header = e[0]
    nkey = 0
    while nkey < len(header) and header[nkey] in KEY_NAMES:
        nkey += 1

    def key_of(row):
        return tuple(row[:nkey])

    ek = [key_of(r) for r in e[1:]]
    ak = [key_of(r) for r in a[1:]]
    missing = list((Counter(ek) - Counter(ak)).elements())
    extra = list((Counter(ak) - Counter(ek)).elements())
    for k in missing[:max_report]:
        msgs.append("row missing: key %s" % (",".join(k) if k else "(total)"))
    for k in extra[:max_report]:
        msgs.append("unexpected row: key %s" % (",".join(k) if k else "(total)"))
    if missing or extra:
        msgs.append("rows: expected %d, got %d (%d missing, %d unexpected)"
                    % (len(ek), len(ak), len(missing), len(extra)))
        return msgs
    if ek != ak:
        for i, (x, y) in enumerate(zip(ek, ak)):
            if x != y:
                msgs.append("row order differs at row %d: expected key %s, got %s"
                            % (i + 1, ",".join(x), ",".join(y)))
                break
        return msgs
    ndiff = 0
    for er, ar in zip(e[1:], a[1:]):
        if len(er) != len(ar):
            msgs.append("key %s: %d fields expected, got %d"
                        % (",".join(key_of(er)), len(er), len(ar)))
            ndiff += 1
            continue
        for col in range(nkey, len(header)):
            if not fields_equal(er[col], ar[col], header[col]):
                ndiff += 1
                if ndiff <= max_report:
                    msgs.append("key %s, %s: expected '%s', got '%s'"
                                % (",".join(key_of(er)) or "(total)", header[col],
                                   er[col], ar[col]))
    if ndiff > max_report:
        msgs.append("... %d differing fields in all" % ndiff)
    return msgs


REJECT = re.compile(r"line ([0-9]+): (.*)$")
CODE = re.compile(r"CCM_E_[A-Z_]+")
SUMMARY = re.compile(r"^accepted ([0-9]+), rejected ([0-9]+)(?:, duplicates ([0-9]+))?$")


def reason_key(text):
    """The comparable part of a rejection reason: its CCM_E_ code, else the
    words before any quoted value or detail ("bad ts '1.5'" -> "bad ts")."""
    m = CODE.search(text)
    if m:
        return m.group(0)
    return re.split(r"['(:]", text, 1)[0].strip()


def parse_stderr(text):
    """(list of (line, event, reason), summary) from a stderr text; summary
    is (accepted, rejected, duplicates) or None."""
    rejects, summary = [], None
    for l in text.splitlines():
        m = SUMMARY.match(l.strip())
        if m:
            summary = (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
            continue
        m = REJECT.search(l)
        if m:
            event, _, reason = m.group(2).partition(": ")
            rejects.append((int(m.group(1)), event, reason_key(reason)))
    return rejects, summary


def fmt_summary(s):
    if s is None:
        return "no summary line"
    return "accepted %d, rejected %d, duplicates %d" % s


def compare_stderr(expected, actual, max_report=8):
    er, es = parse_stderr(expected)
    ar, as_ = parse_stderr(actual)
    msgs = []
    if es != as_:
        msgs.append("summary differs: expected %s, got %s" % (fmt_summary(es), fmt_summary(as_)))
    if er != ar:
        ed, ad = dict((r[0], r) for r in er), dict((r[0], r) for r in ar)
        n = 0
        for line in sorted(set(ed) | set(ad)):
            if ed.get(line) != ad.get(line):
                n += 1
                if n <= max_report:
                    msgs.append("line %d: expected %s, got %s"
                                % (line, ": ".join(map(str, ed[line][1:])) if line in ed else "accepted",
                                   ": ".join(map(str, ad[line][1:])) if line in ad else "accepted"))
        if n > max_report:
            msgs.append("... %d differing rejections in all" % n)
    return msgs


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: compare.py EXPECTED.csv ACTUAL.csv\n")
        return 2
    with open(argv[0], encoding="utf-8", errors="surrogateescape") as f:
        exp = f.read()
    with open(argv[1], encoding="utf-8", errors="surrogateescape") as f:
        act = f.read()
    msgs = compare_outputs(exp, act)
    for m in msgs:
        print(m)
    return 1 if msgs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
