#!/usr/bin/env python3
# test-refmodel-local.py - local time, business hours and percentiles:
# ccm-report against the reference model (issue 5).
#
#   1. the model's POSIX TZ rules against Python's zoneinfo: the offset of
#      New York, Berlin, Sydney, Lord Howe (30-minute change) and Nuuk (rule
#      times below zero) at samples of 2010..2030 and at each of zoneinfo's
#      transitions (1 ms before, at, 1 ms after), and hand-computed rule
#      dates (Jn, n, Mm.5.d);
#   2. hand-computed cases (fixtures/local_cases.txt, explained in
#      fixtures/local.md): the model and ccm-report against them;
#   3. ccm-gen streams moved so that their busy hours cross the 2026 clock
#      changes of New York, Berlin, Sydney and Lord Howe (one with odd rules:
#      Jn and n dates, times past 24 h and below zero, a fixed +05:30; one
#      across the new year, ISO week 2026-W53), each with --tz for its zone
#      and others: every time key with a business calendar (weekday hours
#      with a lunch break, a Saturday morning, a Sunday night span over the
#      changed hours, a holiday inside three of the streams) and
#      --percentiles, hourly intervals without a calendar; ccm-report must
#      print what the model prints (compare.py: percentiles within 1 %).
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Exit 0 when everything agrees, 1 on a difference (a failing stream is kept
# as tests/refmodel/failed-local-N.csv in the build tree, its calendar as
# failed-local-N.cal, with the commands to reproduce), 77 when ccm-gen or
# ccm-report is not built or Python has no time-zone data.
#
# Environment: top_builddir and top_srcdir (set by `make check`); by default
# the build tree is the current directory and the sources are found from
# this script.  REFMODEL_SEEDS=21,22 runs only those streams.

import datetime
import os
import subprocess
import sys
import tempfile

HERE = os.path.join(os.environ["top_srcdir"], "tests", "refmodel") \
    if os.environ.get("top_srcdir") else os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # nothing written into the source tree

import ccm_refmodel as model  # noqa: E402
import compare  # noqa: E402

try:
    import zoneinfo
except ImportError:  # Python < 3.9
    zoneinfo = None

BUILD = os.environ.get("top_builddir", ".")
GEN = os.path.join(BUILD, "examples", "ccm-gen")
REPORT = os.path.join(BUILD, "examples", "ccm-report")

HOUR_MS = 3600000
DAY_MS = 86400000

# TZ rules and the zoneinfo zones they are equivalent to, over those years.
NEW_YORK = "EST5EDT,M3.2.0,M11.1.0"
BERLIN = "CET-1CEST,M3.5.0,M10.5.0/3"
SYDNEY = "AEST-10AEDT,M10.1.0,M4.1.0/3"
LORD_HOWE = "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"  # a 30-minute change
EQUIVALENT = [
    (NEW_YORK, "America/New_York", 2010, 2030),
    ("EST5EDT", "America/New_York", 2010, 2030),  # the default US rules
    (BERLIN, "Europe/Berlin", 2010, 2030),
    (SYDNEY, "Australia/Sydney", 2010, 2030),
    # a 30-minute change, and rule times below zero (Nuuk since 2024)
    (LORD_HOWE, "Australia/Lord_Howe", 2010, 2030),
    ("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "America/Nuuk", 2024, 2030),
]

# Rule dates computed by hand: (rule, year, (month, day) of the start and
# of the end).
RULE_DATES = [
    ("AAA0BBB,J60,J365", 2024, (3, 1), (12, 31)),    # Jn: February 29 not counted
    ("AAA0BBB,59,365", 2024, (2, 29), (12, 31)),     # n: counted, from 0
    ("AAA0BBB,59,364", 2025, (3, 1), (12, 31)),
    ("AAA0BBB,M2.5.0,M12.5.6", 2026, (2, 22), (12, 26)),  # the last Sunday, Saturday
    ("AAA0BBB,M3.1.4,M10.4.1", 2026, (3, 5), (10, 26)),
]

# Daylight time all year (RFC 8536: from January 1 00:00 to December 31
# 24:00 plus the daylight shift).
ALL_YEAR = "EST5EDT,0/0,J365/25"
# Odd rules, on one stream: a 30-minute change, rule times below zero and
# after midnight, Jn and n dates, a fixed offset that is no whole hour, and
# daylight time all year.  The first three change the clocks on 2026-04-05
# (UTC).
ODD_ZONES = [LORD_HOWE, "<-02>2<-01>,M4.1.0/-1,M4.1.0/23",
             "XXX-2YYY-3,J94/26,95/-1:30", "<+0530>-5:30", ALL_YEAR]

# A calendar: weekdays with a lunch break, a short Friday, a Saturday
# morning, a Sunday night span over the hours the clocks change, and a
# holiday inside streams 21, 23 and 26 below (the Monday after the change:
# the others keep theirs open, so that business time crosses the change).
CALENDAR = """\
# business hours of test-refmodel-local.py
mon 08:00-12:00 13:00-18:00
tue 08:00-12:00 13:00-18:00
wed 08:00-12:00 13:00-18:00
thu 08:00-12:00 13:00-18:00
fri 08:00-12:00 13:00-16:30
sat 09:00-13:00
sun 01:00-03:30   # crosses the repeated and the skipped hour
holiday 2026-03-09
holiday 2026-04-06
holiday 2027-01-01
"""

# (seed, ccm-gen options, hours to move every timestamp by, zones: the first
# one is the stream's main zone).  ccm-gen is busiest on weekdays around
# 08..19 UTC, and the clocks change on Sunday nights: each stream is a
# Tuesday onwards moved so that its busy hours cross the change.
CHANGE_STREAMS = [
    # New York springs forward 2026-03-08 07:00Z (Sun 2026-03-08 and Mon)
    (21, ["--start", "2026-03-03", "--days", "2", "--contacts-per-day", "150"], 5 * 24 - 6,
     [NEW_YORK, "UTC0", BERLIN, SYDNEY]),
    # Berlin springs forward 2026-03-29 01:00Z
    (22, ["--start", "2026-03-24", "--days", "2", "--contacts-per-day", "150", "--interleave"],
     5 * 24 - 10, [BERLIN, "UTC0", NEW_YORK, SYDNEY]),
    # Sydney falls back 2026-04-04 16:00Z
    (23, ["--start", "2026-03-31", "--days", "2", "--contacts-per-day", "150"], 4 * 24,
     [SYDNEY, "UTC0", NEW_YORK, BERLIN]),
    # Berlin falls back 2026-10-25 01:00Z
    (24, ["--start", "2026-10-20", "--days", "2", "--contacts-per-day", "150"], 5 * 24 - 10,
     [BERLIN, "UTC0", NEW_YORK, SYDNEY]),
    # New York falls back 2026-11-01 06:00Z
    (25, ["--start", "2026-10-27", "--days", "2", "--contacts-per-day", "150", "--interleave"],
     5 * 24 - 6, [NEW_YORK, "UTC0", BERLIN, SYDNEY]),
    # the new year: ISO week 2026-W53, months, a holiday on 2027-01-01
    (26, ["--start", "2026-12-28", "--days", "6", "--contacts-per-day", "40", "--contacts-only"],
     0, [SYDNEY, "UTC0", NEW_YORK, BERLIN]),
    # odd rules (Lord Howe falls back 2026-04-04 15:00Z, the others change on
    # 2026-04-05)
    (27, ["--start", "2026-03-31", "--days", "2", "--contacts-per-day", "100"], 4 * 24, ODD_ZONES),
    # Lord Howe springs forward 30 minutes 2026-10-03 15:30Z: an hourly
    # interval starting at 02:30; Sydney springs forward 2026-10-03 16:00Z
    (28, ["--start", "2026-09-29", "--days", "2", "--contacts-per-day", "100"], 4 * 24,
     [LORD_HOWE, SYDNEY]),
]

# The main zone of a stream: every time key, with the calendar and
# --percentiles; and two --by sets without a calendar, by hourly intervals
# (a repeated hour is then one bucket of two hours).  The other zones:
# SMALL_SETS with the calendar.
TIME_SETS = [[], ["interval"], ["hour"], ["dow"], ["date"], ["week"], ["month"],
             ["agent", "interval"], ["skill", "date"], ["team", "hour"], ["channel", "week"]]
BARE_SETS = [["interval"], ["dow"]]
SMALL_SETS = [["interval"], ["date"]]


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return (p.returncode, p.stdout.decode("utf-8", "surrogateescape"),
            p.stderr.decode("utf-8", "surrogateescape"))


def read(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return f.read()


# ---- 1. the model's TZ rules against zoneinfo ----------------------------

def epoch_ms(y, m, d):
    return model.days_from_civil(y, m, d) * DAY_MS


def zone_offset(zone, t):
    d = datetime.datetime.fromtimestamp(t / 1000, tz=zone)
    return int(d.utcoffset().total_seconds() * 1000)


def zone_transitions(zone, t0, t1, step=6 * HOUR_MS):
    """The instants where zoneinfo's offset changes, to the millisecond
    (sampled every 6 hours, then bisected)."""
    out = []
    prev_t, prev = t0, zone_offset(zone, t0)
    t = t0 + step
    while t <= t1:
        off = zone_offset(zone, t)
        if off != prev:
            lo, hi = prev_t, t  # offset(lo) = prev, offset(hi) != prev
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if zone_offset(zone, mid) == prev:
                    lo = mid
                else:
                    hi = mid
            out.append(hi)
        prev_t, prev = t, off
        t += step
    return out


def check_rules():
    failures = 0
    for rule, name, y0, y1 in EQUIVALENT:
        try:
            zone = zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            print("note: no zoneinfo data for %s: %s not checked" % (name, rule))
            continue
        tz = model.TzRule(rule)
        t0, t1 = epoch_ms(y0, 1, 1), epoch_ms(y1 + 1, 1, 1)
        changes = zone_transitions(zone, t0, t1)
        samples = list(range(t0, t1, 5 * HOUR_MS + 1234))
        for c in changes:
            samples += [c - 1, c, c + 1]
        bad = [t for t in samples if tz.offset(t) != zone_offset(zone, t)]
        if bad or len(changes) != 2 * (y1 - y0 + 1):
            failures += 1
            print("FAIL TZ rule %s against %s: %d transitions in %d..%d, %d offsets differ"
                  % (rule, name, len(changes), y0, y1, len(bad)))
            for t in bad[:5]:
                print("    at %d: model %d, zoneinfo %d" % (t, tz.offset(t), zone_offset(zone, t)))
        else:
            print("ok   TZ rule %s = %s: %d instants, %d transitions"
                  % (rule, name, len(samples), len(changes)))
    for rule, y, start, end in RULE_DATES:
        tz = model.TzRule(rule)
        (sd, _), (ed, _) = tz.rules
        got = (model.civil_from_days(tz.rule_day(sd, y))[1:],
               model.civil_from_days(tz.rule_day(ed, y))[1:])
        if got != (start, end):
            failures += 1
            print("FAIL rule dates of %s in %d: expected %s, got %s" % (rule, y, (start, end), got))
    tz = model.TzRule(ALL_YEAR)
    odd = [t for t in range(epoch_ms(2020, 1, 1), epoch_ms(2031, 1, 1), 7 * HOUR_MS)
           if tz.offset(t) != -4 * HOUR_MS]
    if odd:
        failures += 1
        print("FAIL %s: not UTC-4 at %d instants, first %d" % (ALL_YEAR, len(odd), odd[0]))
    if not failures:
        print("ok   rule dates: %d rules; %s all year" % (len(RULE_DATES), ALL_YEAR))
    return failures


# ---- 2. hand-computed cases ----------------------------------------------

def check_fixtures():
    """fixtures/local_cases.txt: INPUT.csv EXPECTED [options]; `CALENDAR` in
    the options stands for fixtures/local.cal."""
    failures = 0
    cal = os.path.join(HERE, "fixtures", "local.cal")
    listing = read(os.path.join(HERE, "fixtures", "local_cases.txt"))
    cases = [line.split() for line in listing.splitlines()
             if line.strip() and not line.startswith("#")]
    for parts in cases:
        csv_path, exp = os.path.join(HERE, parts[0]), parts[1]
        extra = [cal if x == "CALENDAR" else x for x in parts[2:]]
        exp_text = read(os.path.join(HERE, exp))
        header = compare.split_csv_line(exp_text.split("\n", 1)[0])
        nkey = 0
        while nkey < len(header) and header[nkey] in compare.KEY_NAMES:
            nkey += 1
        by = header[:nkey]
        metrics = [m for m in header[nkey:] if m in model.METRIC_NAMES]
        args = (["--by", ",".join(by)] if by else []) + ["--metrics", ",".join(metrics)] + extra
        err_text = read(os.path.splitext(csv_path)[0] + ".stderr")
        for name, prog in (("model", [sys.executable, os.path.join(HERE, "ccm_refmodel.py")]),
                           ("ccm-report", [REPORT])):
            rc, out, err = run(prog + ["--format", "csv"] + args + [csv_path])
            if rc != 0:
                msgs = ["exit status %d; stderr: %s" % (rc, err.strip()[:500])]
            else:
                msgs = compare.compare_outputs(exp_text, out)
                msgs += compare.compare_stderr(err_text, err)
            label = "%s: %s %s" % (name, exp, " ".join(parts[2:]))
            if msgs:
                failures += 1
                print("FAIL %s" % label)
                for m in msgs:
                    print("    " + m)
            else:
                print("ok   %s" % label)
    return failures


# ---- 3. ccm-gen streams ----------------------------------------------------

def shift_stream(data, hours):
    """Move every timestamp (the first field of a record, when it is an
    integer) by whole hours."""
    if not hours:
        return data
    out = []
    for line in data.split(b"\n"):
        ts, sep, rest = line.partition(b",")
        if sep and ts.lstrip(b"-").isdigit():
            line = b"%d,%s" % (int(ts) + hours * HOUR_MS, rest)
        out.append(line)
    return b"\n".join(out)


def check_stream(tmp, seed, gen_opts, shift, zones, cal_path):
    gen_cmd = [GEN, "--seed", str(seed)] + gen_opts
    path = os.path.join(tmp, "local-%d.csv" % seed)
    rc, _, err = run(gen_cmd + ["-o", path])
    if rc != 0:
        print("FAIL seed %d: ccm-gen exit status %d: %s" % (seed, rc, err.strip()))
        return 1
    with open(path, "rb") as f:
        data = shift_stream(f.read(), shift)
    with open(path, "wb") as f:
        f.write(data)
    world, messages, summary = model.ingest(data)
    model_err = "\n".join(messages + [summary]) + "\n"
    plan = [(zones[0], ["--calendar", cal_path, "--percentiles"], TIME_SETS),
            (zones[0], ["--interval", "60"], BARE_SETS)]
    plan += [(rule, ["--calendar", cal_path], SMALL_SETS) for rule in zones[1:]]
    failures = 0
    for rule, more, sets in plan:
        opts = ["--tz", rule] + more
        # business time depends on the zone: contributions per run plan
        cfg = model.parse_args(opts + ["-"])[0]
        contributions = model.all_contributions(world, cfg)
        for by in sets:
            by_opt = ["--by", ",".join(by)] if by else []
            cmd = [REPORT, "--format", "csv", "--metrics", "all"] + by_opt + opts + [path]
            rc, out, err = run(cmd)
            if rc != 0:
                msgs = ["ccm-report exit status %d: %s" % (rc, err.strip()[:300])]
            else:
                expected = model.report(contributions, cfg, by, model.METRIC_NAMES)
                msgs = compare.compare_outputs(expected, out)
                if not by:
                    msgs += compare.compare_stderr(model_err, err)
            shown = " ".join(by_opt + opts).replace(cal_path, "CAL")
            if msgs:
                failures += 1
                print("FAIL seed %d, %s (expected = model, got = ccm-report):" % (seed, shown))
                for m in msgs:
                    print("    " + m)
                print("    reproduce: %s --format csv --metrics all %s STREAM" % (REPORT, shown))
                print("               %s %s %s STREAM"
                      % (sys.executable, os.path.join(HERE, "ccm_refmodel.py"), shown))
            else:
                print("ok   seed %d, %s: %d rows" % (seed, shown, out.count("\n") - 1))
    print("     seed %d: %s, moved %+d h; %s" % (seed, " ".join(gen_opts), shift, summary))
    if failures:
        keep = os.path.join("tests", "refmodel", "failed-local-%d" % seed)
        try:
            os.makedirs(os.path.dirname(keep), exist_ok=True)
            with open(keep + ".csv", "wb") as f:
                f.write(data)
            with open(keep + ".cal", "w", encoding="utf-8") as f:
                f.write(CALENDAR)
            print("     STREAM kept as %s.csv (%s, moved %+d h), CAL as %s.cal"
                  % (keep, " ".join(gen_cmd), shift, keep))
        except OSError:
            print("     STREAM: %s, moved %+d h" % (" ".join(gen_cmd), shift))
    return failures


def main():
    for prog in (GEN, REPORT):
        if not os.access(prog, os.X_OK):
            print("SKIP: %s is not built" % prog)
            return 77
    if zoneinfo is None:
        print("SKIP: this Python has no zoneinfo")
        return 77
    try:
        zoneinfo.ZoneInfo("America/New_York")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        print("SKIP: no time-zone data for Python's zoneinfo")
        return 77
    failures = check_rules()
    tmp = tempfile.mkdtemp(prefix="ccm-refmodel-local.")
    try:
        cal_path = os.path.join(tmp, "hours.cal")
        with open(cal_path, "w", encoding="utf-8") as f:
            f.write(CALENDAR)
        failures += check_fixtures()
        only = os.environ.get("REFMODEL_SEEDS")
        for seed, gen_opts, shift, zones in CHANGE_STREAMS:
            if not only or str(seed) in only.split(","):
                failures += check_stream(tmp, seed, gen_opts, shift, zones, cal_path)
    finally:
        for name in os.listdir(tmp):
            os.unlink(os.path.join(tmp, name))
        os.rmdir(tmp)
    print("%d failure(s)" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
