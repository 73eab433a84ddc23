#!/usr/bin/env python3
# test-refmodel-fixtures.py - the reference model, and ccm-report when it is
# built, against hand-computed outputs (fixtures/cases.txt).
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Exit 0 when every case matches, 1 otherwise.  Without ccm-report only the
# model is checked (and said so); the model alone always runs.
#
# cases.txt markers: "@known-difference" (ccm-report is known to differ from
# the expected output: reported, not counted) and "@model-only" (the
# expected output reads the model's own level columns, LEVEL.start,
# LEVEL.end, LEVEL.change, which ccm-report does not print: only the model
# runs).

import os
import subprocess
import sys

HERE = os.path.join(os.environ.get("top_srcdir", ""), "tests", "refmodel") \
    if os.environ.get("top_srcdir") else os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # nothing written into the source tree

import compare  # noqa: E402
import ccm_refmodel  # noqa: E402

MODEL = [sys.executable, os.path.join(HERE, "ccm_refmodel.py")]


def find_report():
    builddir = os.environ.get("top_builddir")
    if not builddir:
        return None
    path = os.path.join(builddir, "examples", "ccm-report")
    return path if os.access(path, os.X_OK) else None


def read(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return f.read()


def args_of(expected_text, extra):
    header = compare.split_csv_line(expected_text.split("\n", 1)[0])
    nkey = 0
    while nkey < len(header) and header[nkey] in compare.KEY_NAMES:
        nkey += 1
    by, metrics = header[:nkey], header[nkey:]
    args = []
    if by:
        args += ["--by", ",".join(by)]
    args += ["--metrics", "all" if metrics == ccm_refmodel.METRIC_NAMES else ",".join(metrics)]
    return args + extra


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return (p.returncode, p.stdout.decode("utf-8", "surrogateescape"),
            p.stderr.decode("utf-8", "surrogateescape"))


def main():
    report = find_report()
    cases = []
    for line in read(os.path.join(HERE, "fixtures", "cases.txt")).splitlines():
        if line.strip() and not line.startswith("#"):
            parts = line.split()
            known = parts[0] == "@known-difference"
            model_only = parts[0] == "@model-only"
            if known or model_only:
                parts = parts[1:]
            cases.append((parts[0], parts[1], parts[2:], known, model_only))
    failures = 0
    progs = [("model", MODEL)]
    if report:
        progs.append(("ccm-report", [report, "--format", "csv"]))
    else:
        print("note: %s/examples/ccm-report not built: checking the model only"
              % os.environ.get("top_builddir", "(top_builddir unset)"))
    known_left = 0
    for csv, exp, extra, known, model_only in cases:
        csv_path = os.path.join(HERE, csv)
        exp_text = read(os.path.join(HERE, exp))
        err_text = read(os.path.splitext(csv_path)[0] + ".stderr")
        args = args_of(exp_text, extra)
        for name, prog in progs:
            if model_only and name != "model":
                continue
            rc, out, err = run(prog + args + [csv_path])
            msgs = []
            if rc != 0:
                msgs.append("exit status %d; stderr: %s" % (rc, err.strip()[:500]))
            else:
                msgs += compare.compare_outputs(exp_text, out)
                msgs += compare.compare_stderr(err_text, err)
            label = "%s: %s %s" % (name, exp, " ".join(args))
            if msgs and known and name != "model":
                known_left += 1
                print("KNOWN DIFFERENCE (not counted) %s" % label)
                for m in msgs:
                    print("    " + m)
            elif msgs:
                failures += 1
                print("FAIL %s" % label)
                for m in msgs:
                    print("    " + m)
            elif known and name != "model":
                print("ok   %s (the known difference is gone: drop its marker)" % label)
            else:
                print("ok   %s" % label)
    print("%d case(s), %d program(s), %d failure(s), %d known difference(s)"
          % (len(cases), len(progs), failures, known_left))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
