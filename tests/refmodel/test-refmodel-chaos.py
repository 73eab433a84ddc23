#!/usr/bin/env python3
# test-refmodel-chaos.py - ccm-report against the reference model on
# chaotic streams: random event sequences per contact (most of them invalid
# somewhere), timestamps that sometimes go backwards, restarted contact ids,
# and on odd seeds an id column with duplicate deliveries.  ccm-gen writes
# only well-formed life cycles; these streams reach the validation paths and
# the crediting corners it never produces.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Exit 0 when everything agrees, 1 on a difference (the stream is kept as
# tests/refmodel/failed-chaos-N.csv in the build tree), 77 without ccm-report.
#
# offer_miss lines never name a team here: which team a missed offer goes to
# when offer_miss names another one is a known difference between the engine
# and doc/CHOICES.md (see fixtures/cases.txt).

import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.join(os.environ["top_srcdir"], "tests", "refmodel") \
    if os.environ.get("top_srcdir") else os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # nothing written into the source tree

import ccm_refmodel as model  # noqa: E402
import compare  # noqa: E402

REPORT = os.path.join(os.environ.get("top_builddir", "."), "examples", "ccm-report")
SEEDS = [11, 12, 13, 14]
CONTACTS = 120
BY_SETS = [[], ["skill"], ["agent", "team"], ["tag", "hour"], ["disposition", "interval"],
           ["channel", "direction", "contact_type", "campaign"]]

TYPES = ["queue_enter", "offer", "offer_miss", "answer", "queue_abandon", "queue_exit",
         "blocked", "hold", "resume", "transfer", "escalate", "agent_end", "acw_end",
         "customer_message", "agent_message", "bot_message", "focus_start", "focus_end",
         "tag", "disposition", "resolve", "reopen", "contact_end"]
WEIGHTS = [6, 5, 2, 6, 2, 2, 1, 3, 3, 3, 1, 4, 4, 5, 5, 1, 3, 3, 2, 2, 2, 1, 2]
STEPS = [0, 0, 500, 1000, 3000, 7000, 20000, 60000, 300000, 1000000]


def chaos(seed):
    r = random.Random(seed)
    base = 1767571200000  # 2026-01-05T00:00:00Z, a Monday
    rows = []

    def add(ts, text):
        rows.append((ts, len(rows), text))

    for k in range(CONTACTS):
        cid = "c%d" % k
        ts = base + r.randrange(0, 2 * 86400000)
        add(ts, "%d,contact_start,%s,%s,%s,u%d,%s,%s,,,,%s" % (
            ts, cid, r.choice(["voice", "chat", "email", "video", "sms", "social"]),
            r.choice(["inbound", "outbound"]), r.randrange(5),
            r.choice(["s1", "s2", "s3", ""]), r.choice(["camp", ""]),
            r.choice(["order", "", ""])))
        for _ in range(r.randrange(3, 40)):
            ts += r.choice(STEPS)
            if r.random() < 0.02:
                ts -= 5000
            t = r.choices(TYPES, WEIGHTS)[0]
            agent = r.choice(["a", "b", "c", ""])
            team = r.choice(["t1", "t2"]) if r.random() < 0.3 and t != "offer_miss" else ""
            skill = r.choice(["s1", "s2", "s3"]) \
                if t in ("queue_enter", "transfer", "blocked") and r.random() < 0.9 else ""
            label = ""
            if t == "tag":
                label = r.choice(["x", "y", "z", ""])
            elif t == "disposition":
                label = r.choice(["d1", "d2", ""])
            elif t == "queue_exit":
                label = "timeout"
            add(ts, "%d,%s,%s,,,,%s,,%s,%s,,%s" % (ts, t, cid, skill, agent, team, label))
        if r.random() < 0.1:
            add(ts, "%d,contact_start,%s,voice,inbound,,s1,,,,," % (ts, cid))
    add(base, "%d,hold,ghost,,,,,,a,,," % base)
    rows.sort(key=lambda x: (x[0], x[1]))
    header = "ts,event,contact,channel,direction,customer,skill,campaign,agent,team,value,label"
    lines = [x[2] for x in rows]
    if seed % 2:
        header += ",id"
        ids = []
        for i, l in enumerate(lines):
            if ids and r.random() < 0.05:
                ids.append(r.choice(ids))  # a duplicate delivery (or a retry)
            elif r.random() < 0.9:
                ids.append("e%d" % i)
            else:
                ids.append("")
            lines[i] = l + "," + ids[-1]
    return (header + "\n" + "\n".join(lines) + "\n").encode()


def main():
    if not os.access(REPORT, os.X_OK):
        print("SKIP: %s is not built" % REPORT)
        return 77
    failures = 0
    tmp = tempfile.mkdtemp(prefix="ccm-chaos.")
    try:
        for seed in SEEDS:
            data = chaos(seed)
            path = os.path.join(tmp, "chaos-%d.csv" % seed)
            with open(path, "wb") as f:
                f.write(data)
            cfg = model.parse_args(["-"])[0]
            contacts, messages, summary = model.ingest(data)
            contributions = model.all_contributions(contacts, cfg)
            model_err = "\n".join(messages + [summary]) + "\n"
            bad = False
            for by in BY_SETS:
                by_opt = ["--by", ",".join(by)] if by else []
                cmd = [REPORT, "--format", "csv"] + by_opt + [path]
                p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                out = p.stdout.decode("utf-8", "surrogateescape")
                err = p.stderr.decode("utf-8", "surrogateescape")
                label = "chaos seed %d, --by %s" % (seed, ",".join(by) or "(none)")
                if p.returncode != 0:
                    msgs = ["ccm-report exit status %d: %s" % (p.returncode, err.strip()[:300])]
                else:
                    msgs = compare.compare_outputs(
                        model.report(contributions, cfg, by, model.METRIC_NAMES), out)
                    if not by:
                        msgs += compare.compare_stderr(model_err, err)
                if msgs:
                    failures += 1
                    bad = True
                    print("FAIL %s (expected = model, got = ccm-report):" % label)
                    for m in msgs:
                        print("    " + m)
                else:
                    print("ok   %s: %d rows" % (label, out.count("\n") - 1))
            print("     chaos seed %d: %s" % (seed, summary))
            if bad:
                keep = os.path.join("tests", "refmodel", "failed-chaos-%d.csv" % seed)
                try:
                    os.makedirs(os.path.dirname(keep), exist_ok=True)
                    with open(keep, "wb") as f:
                        f.write(data)
                    print("     stream kept as %s" % keep)
                except OSError:
                    pass
    finally:
        for name in os.listdir(tmp):
            os.unlink(os.path.join(tmp, name))
        os.rmdir(tmp)
    print("%d chaos stream(s) x %d --by set(s): %d failure(s)" % (len(SEEDS), len(BY_SETS), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
