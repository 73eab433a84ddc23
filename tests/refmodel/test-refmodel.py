#!/usr/bin/env python3
# test-refmodel.py - randomized comparison of ccm-report with the reference
# model: for several seeds, ccm-gen writes a stream, and for several --by
# sets ccm-report and ccm_refmodel.py must print the same CSV (same header,
# rows, keys and fields; six-decimal fields may differ in the last digit)
# and reject the same lines with the same reasons.  ccm-gen writes the
# surveys, QA scores, agent states, costs and customer ledger by default
# (seeds 7 and 8 use --contacts-only, with and without --surveys; they are
# skipped by a ccm-gen without those options).  The levels (backlog,
# open_requests, in_queue, longest_wait and the customer stock) are in
# `--metrics all`; seeds 2 and 5 give a --customers-base, and the --by sets
# include interval and date views, where levels add up across buckets.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Exit 0 when everything agrees, 1 on a difference (a failing stream is kept
# as tests/refmodel/failed-seed-N.csv in the build tree, with the commands to
# reproduce), 77 when ccm-gen or ccm-report is not built.
#
# Environment: top_builddir and top_srcdir (set by `make check`); by default
# the build tree is the current directory and the sources are found from
# this script.  REFMODEL_SEEDS=1,2,3 runs only those streams.

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

BUILD = os.environ.get("top_builddir", ".")
GEN = os.path.join(BUILD, "examples", "ccm-gen")
REPORT = os.path.join(BUILD, "examples", "ccm-report")

# (seed, ccm-gen options, options of both ccm-report and the model)
STREAMS = [
    (1, ["--days", "1", "--contacts-per-day", "500"], []),
    (2, ["--days", "2", "--contacts-per-day", "300", "--interleave"], ["--customers-base", "40"]),
    (3, ["--days", "1", "--contacts-per-day", "600", "--interleave", "--bad", "20"], []),
    (4, ["--days", "2", "--contacts-per-day", "350", "--agents", "12", "--teams", "3",
         "--skills", "billing,support,sales", "--channels",
         "voice=30,chat=25,email=15,sms=10,social=5,messaging=5,video=10"],
     ["--interval", "30", "--sl-threshold", "30", "--short-abandon", "10", "--ring-cycle", "5"]),
    (5, ["--days", "2", "--start", "2026-03-07", "--contacts-per-day", "700", "--interleave"],
     ["--frt-target", "120", "--resolution-target", "3600", "--interval", "60",
      "--repeat-window", "1", "--csat-satisfied", "5", "--ces-easy", "6",
      "--customers-base", "1000"]),
    (6, ["--days", "1", "--contacts-per-day", "400", "--bad", "20"],
     ["--sl-threshold", "10", "--interval", "5", "--as-of", "2026-01-05T20:00"]),
    # the contact events only (ccm-gen's output before 0.2.0), and with surveys
    (7, ["--days", "1", "--contacts-per-day", "400", "--contacts-only"], []),
    (8, ["--days", "2", "--contacts-per-day", "300", "--contacts-only", "--surveys",
         "--interleave"], []),
]

BY_SETS = [[], ["skill"], ["agent", "interval"], ["skill", "channel", "date"], ["tag"],
           ["team", "hour"], ["dow"], ["disposition", "contact_type"], ["campaign", "direction"],
           ["agent", "team", "date"], ["campaign", "date"], ["skill", "interval"],
           ["tag", "date"], ["reason"], ["agent", "reason", "interval"]]


def run(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    return (p.returncode, p.stdout.decode("utf-8", "surrogateescape"),
            p.stderr.decode("utf-8", "surrogateescape"))


def main():
    for prog in (GEN, REPORT):
        if not os.access(prog, os.X_OK):
            print("SKIP: %s is not built" % prog)
            return 77
    only = os.environ.get("REFMODEL_SEEDS")
    streams = [s for s in STREAMS if not only or str(s[0]) in only.split(",")]
    # ccm-gen options of a newer ccm-gen than the one built: those streams skip
    helptext = run([GEN, "--help"])[1]
    for s in list(streams):
        missing = [o for o in s[1] if o.startswith("--") and o not in helptext]
        if missing:
            print("note: seed %d skipped: ccm-gen has no %s" % (s[0], " ".join(missing)))
            streams.remove(s)
    failures = 0
    tmp = tempfile.mkdtemp(prefix="ccm-refmodel.")
    try:
        for seed, gen_opts, opts in streams:
            gen_cmd = [GEN, "--seed", str(seed)] + gen_opts
            path = os.path.join(tmp, "seed-%d.csv" % seed)
            rc, _, err = run(gen_cmd + ["-o", path])
            if rc != 0:
                print("FAIL seed %d: ccm-gen exit status %d: %s" % (seed, rc, err.strip()))
                failures += 1
                continue
            with open(path, "rb") as f:
                data = f.read()
            cfg = model.parse_args(opts + ["-"])[0]
            world, messages, summary = model.ingest(data)
            contributions = model.all_contributions(world, cfg)
            model_err = "\n".join(messages + [summary]) + "\n"
            bad_seed = False
            for by in BY_SETS:
                by_opt = ["--by", ",".join(by)] if by else []
                cmd = [REPORT, "--format", "csv", "--metrics", "all"] + by_opt + opts + [path]
                label = "seed %d, --by %s" % (seed, ",".join(by) or "(none)")
                rc, out, err = run(cmd)
                if rc != 0:
                    msgs = ["ccm-report exit status %d: %s" % (rc, err.strip()[:300])]
                else:
                    expected = model.report(contributions, cfg, by, model.METRIC_NAMES)
                    msgs = compare.compare_outputs(expected, out)
                    if not by:  # the rejections once per stream
                        msgs += compare.compare_stderr(model_err, err)
                if msgs:
                    failures += 1
                    bad_seed = True
                    print("FAIL %s (expected = model, got = ccm-report):" % label)
                    for m in msgs:
                        print("    " + m)
                    print("    reproduce: %s" % " ".join(cmd[:-1] + ["STREAM"]))
                    print("               %s %s %s STREAM"
                          % (sys.executable, os.path.join(HERE, "ccm_refmodel.py"),
                             " ".join(by_opt + opts)))
                else:
                    print("ok   %s: %d rows" % (label, out.count("\n") - 1))
            print("     seed %d: %s; %s" % (seed, " ".join(gen_opts + opts), summary))
            if bad_seed:
                keep = os.path.join("tests", "refmodel", "failed-seed-%d.csv" % seed)
                try:
                    os.makedirs(os.path.dirname(keep), exist_ok=True)
                    with open(keep, "wb") as f:
                        f.write(data)
                    print("     STREAM kept as %s (%s)" % (keep, " ".join(gen_cmd)))
                except OSError:
                    print("     STREAM: %s" % " ".join(gen_cmd))
    finally:
        for name in os.listdir(tmp):
            os.unlink(os.path.join(tmp, name))
        os.rmdir(tmp)
    print("%d stream(s) x %d --by set(s): %d failure(s)" % (len(streams), len(BY_SETS), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
