#!/usr/bin/env python3
"""Cross-check the time-zone table of tests/check_tz.c against zoneinfo.

check_tz.c holds, between the lines "BEGIN tz-crosscheck" and
"END tz-crosscheck", a table of zones (tz database name, the POSIX rule that
ccmetrics is given, a range of years, the offset at the start) and of every
offset change of those years.  The Check suite asserts that the library's
rule code (lib/tz.c) produces exactly these changes; this script asserts
that the table is what the system's tz database says, so the library is
checked against an independent implementation (Python's zoneinfo reading
/usr/share/zoneinfo).

    tests/tz-crosscheck.py [path/to/check_tz.c]   check (exit 0, 1; 77 = skip)
    tests/tz-crosscheck.py --print                print the table to paste

A zone whose TZif footer (the rule tzdata uses for future years) is not the
table's rule is skipped with a note: the system's tzdata is older or newer
than the table, so it says nothing about the library.
"""

import datetime
import os
import re
import sys

SKIP = 77

# zone, the POSIX rule given to ccmetrics, first and last year compared.
ZONES = [
    ("America/New_York", "EST5EDT,M3.2.0,M11.1.0", 2025, 2040),
    ("Europe/Berlin", "CET-1CEST,M3.5.0,M10.5.0/3", 2025, 2040),
    ("Australia/Sydney", "AEST-10AEDT,M10.1.0,M4.1.0/3", 2025, 2040),
    ("Pacific/Auckland", "NZST-12NZDT,M9.5.0,M4.1.0/3", 2025, 2040),
    ("America/Nuuk", "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", 2025, 2040),
    ("Asia/Jerusalem", "IST-2IDT,M3.4.4/26,M10.5.0", 2025, 2040),
    ("America/Santiago", "<-04>4<-03>,M9.1.6/24,M4.1.6/24", 2025, 2040),
    ("Europe/Dublin", "IST-1GMT0,M10.5.0,M3.5.0/1", 2025, 2040),
    ("Pacific/Chatham", "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45", 2025, 2040),
    ("Australia/Lord_Howe", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", 2025, 2040),
]

STEP = 6 * 3600  # offsets change months apart: sample, then bisect


def tzif_footer(name):
    """The POSIX rule at the end of a TZif file (version 2+), or None."""
    try:
        from zoneinfo import TZPATH
    except ImportError:
        return None
    for base in TZPATH:
        path = os.path.join(base, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                data = f.read()
            lines = data.rstrip(b"\n").rsplit(b"\n", 1)
            return lines[-1].decode("ascii", "replace") if len(lines) == 2 else None
    return None


def offset(zone, t):
    """Local minus UTC at UTC second t, in seconds."""
    dt = datetime.datetime.fromtimestamp(t, tz=datetime.timezone.utc).astimezone(zone)
    return int(dt.utcoffset().total_seconds())


def changes(zone, first, last):
    """The offset at the start of year first, and each change (instant,
    offset after) until the end of year last."""
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    t0 = int((datetime.datetime(first, 1, 1, tzinfo=datetime.timezone.utc) - epoch).total_seconds())
    t1 = int((datetime.datetime(last + 1, 1, 1, tzinfo=datetime.timezone.utc) - epoch).total_seconds())
    start = offset(zone, t0)
    out = []
    t, o = t0, start
    while t < t1:
        n = min(t + STEP, t1)
        on = offset(zone, n)
        if on != o:
            a, b = t, n  # offset(a) == o != offset(b)
            while b - a > 1:
                mid = (a + b) // 2
                if offset(zone, mid) == o:
                    a = mid
                else:
                    b = mid
            out.append((b, offset(zone, b)))
            t, o = b, offset(zone, b)
        else:
            t = n
    return start, out


def table(zones):
    lines = ["/* BEGIN tz-crosscheck (tests/tz-crosscheck.py --print) */",
             "static const xzone xzones[] = {"]
    trans = []
    for i, (name, rule, first, last, start, ch) in enumerate(zones):
        lines.append('    {"%s", "%s", %d, %d, %d},' % (name, rule, first, last, start))
        trans.extend((i, t, o) for t, o in ch)
    lines.append("};")
    lines.append("static const xchange xtrans[] = {")
    lines.extend("    {%d, %d, %d}," % x for x in trans)
    lines.append("};")
    lines.append("/* END tz-crosscheck */")
    return lines


def main(argv):
    try:
        import zoneinfo
    except ImportError:
        print("tz-crosscheck: no zoneinfo module; skipped")
        return SKIP
    printing = "--print" in argv
    args = [a for a in argv if a != "--print"]
    source = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_tz.c")

    computed, skipped = [], 0
    for name, rule, first, last in ZONES:
        try:
            zone = zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            print("tz-crosscheck: %s not in the tz database; skipped" % name)
            skipped += 1
            continue
        footer = tzif_footer(name)
        if footer != rule:
            print("tz-crosscheck: %s: tzdata rule %r is not %r; skipped" % (name, footer, rule))
            skipped += 1
            continue
        start, ch = changes(zone, first, last)
        computed.append((name, rule, first, last, start, ch))

    if printing:
        print("\n".join(table(computed)))
        return 0
    if not computed:
        return SKIP

    with open(source) as f:
        text = f.read()
    m = re.search(r"static const xzone xzones\[\] = \{(.*?)\};\s*static const xchange xtrans\[\] = \{(.*?)\};",
                  text, re.S)
    if not m:
        print("tz-crosscheck: no table in %s" % source)
        return 1
    zones = re.findall(r'\{"([^"]+)", "([^"]+)", (-?\d+), (-?\d+), (-?\d+)\}', m.group(1))
    trans = [tuple(map(int, x)) for x in re.findall(r"\{(-?\d+), (-?\d+), (-?\d+)\}", m.group(2))]

    bad = 0
    for name, rule, first, last, start, ch in computed:
        idx = [i for i, z in enumerate(zones) if z[0] == name]
        if not idx:
            print("tz-crosscheck: %s missing from the table" % name)
            bad += 1
            continue
        i = idx[0]
        z = zones[i]
        if (z[1], int(z[2]), int(z[3]), int(z[4])) != (rule, first, last, start):
            print("tz-crosscheck: %s: table has %r, zoneinfo gives %r" % (name, z[1:], (rule, first, last, start)))
            bad += 1
        mine = [(t, o) for j, t, o in trans if j == i]
        if mine != ch:
            for a, b in zip(mine + [None] * len(ch), ch + [None] * len(mine)):
                if a != b:
                    print("tz-crosscheck: %s: table has %r, zoneinfo gives %r" % (name, a, b))
                    break
            bad += 1
    n = sum(len(c[5]) for c in computed)
    print("tz-crosscheck: %d zones, %d offset changes compared, %d skipped, %d wrong" % (len(computed), n, skipped, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
