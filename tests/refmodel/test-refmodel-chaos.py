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
#
# The families of 0.2.0 are mixed in: surveys and QA scores of the contacts
# (often late: written later in the stream than their own time), of contacts
# never seen and of customers only; agent states of a few agents (some going
# back in time, some with bad names or reason codes); costs and the customer
# ledger (some with values out of scale).  A third of the contacts are
# delayed in the stream (each contact stays in time order), so customers'
# starts and closures come out of time order, as the FCR rules allow; five
# frequent customers make repeats and taken-back FCRs common.  Seed 14 runs with
# --as-of and --repeat-window.
#
# The levels come with every run (ccm-report's default metrics are all of
# them): contacts left waiting, open or awaiting a reply at the end, agents
# left in a state, acquisitions and churns; seeds 12 and 13 give a
# --customers-base, seed 13 an --as-of in the middle of the stream (queue
# visits entered after it have a wait of 0, and longest_wait is in an early
# bucket).

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
           ["channel", "direction", "contact_type", "campaign"], ["agent", "interval"],
           ["team", "date"], ["campaign", "skill", "channel", "dow"], ["skill", "interval"],
           ["campaign", "date"], ["tag", "disposition", "date"], ["tag", "skill", "interval"],
           ["reason", "team"]]
# options of both ccm-report and the model, per seed
OPTIONS = {12: ["--customers-base", "3"],
           13: ["--as-of", "2026-01-06T12:00", "--customers-base", "20", "--interval", "60"],
           14: ["--as-of", "2026-01-07T06:00", "--repeat-window", "0.5"]}

TYPES = ["queue_enter", "offer", "offer_miss", "answer", "queue_abandon", "queue_exit",
         "blocked", "hold", "resume", "transfer", "escalate", "agent_end", "acw_end",
         "customer_message", "agent_message", "bot_message", "focus_start", "focus_end",
         "tag", "disposition", "resolve", "reopen", "contact_end"]
WEIGHTS = [6, 5, 2, 6, 2, 2, 1, 3, 3, 3, 1, 4, 4, 5, 5, 1, 3, 3, 2, 2, 2, 1, 2]
STEPS = [0, 0, 500, 1000, 3000, 7000, 20000, 60000, 300000, 1000000]
SURVEY_VALUES = {
    "csat": ["1", "2", "3", "4", "5", "5", "4.0", "0", "6", "3.5", ""],
    "nps": ["0", "3", "6", "7", "8", "9", "10", "10", "11", "-1", "9.5"],
    "ces": ["1", "2", "4", "5", "6", "7", "7", "0", "8", "6.5"],
}
STATES = ["logged_out", "available", "available", "busy", "busy", "not_ready", "acw"]


def survey_value(r, t):
    if r.random() < 0.02:
        return "x"  # not a number: the reader's "bad value"
    if t == "qa_score":
        if r.random() < 0.08:
            return r.choice(["100.001", "-1", "150", ""])
        # at most three decimals: the thousandths are never a tie
        return "%.3f" % (r.randrange(0, 100001) / 1000.0)
    return r.choice(SURVEY_VALUES[t])


def survey_line(r, ts, t, contact, customer):
    v = survey_value(r, t)
    agent = r.choice(["a", "b", "", "", ""])
    team = r.choice(["t1", "t2"]) if r.random() < 0.2 else ""
    skill = r.choice(["s1", "s4"]) if r.random() < 0.2 else ""
    channel = r.choice(["chat", "voice"]) if r.random() < 0.2 else ""
    campaign = r.choice(["camp", "promo"]) if r.random() < 0.2 else ""
    label = "form" if t == "qa_score" and r.random() < 0.3 else ""
    direction = "outbound" if r.random() < 0.05 else ""  # not a survey's own field
    return "%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s" % (
        ts, t, contact, channel, direction, customer, skill, campaign, agent, team, v, label)


def chaos(seed):
    r = random.Random(seed)
    base = 1767571200000  # 2026-01-05T00:00:00Z, a Monday
    rows = []

    for k in range(CONTACTS):
        cid = "c%d" % k
        ts = base + r.randrange(0, 2 * 86400000)
        # a delayed contact: its lines come later in the stream than their time
        delay = r.randrange(0, 3 * 3600000) if r.random() < 0.33 else 0

        def add(ts_, text, delay=delay):
            rows.append((ts_ + delay, len(rows), text))

        customer = ""
        if r.random() < 0.85:  # five frequent customers, many occasional ones
            customer = "u%d" % (r.randrange(5) if r.random() < 0.4 else r.randrange(5, 100))
        add(ts, "%d,contact_start,%s,%s,%s,%s,%s,%s,,,,%s" % (
            ts, cid, r.choice(["voice", "chat", "email", "video", "sms", "social"]),
            r.choice(["inbound", "outbound"]), customer,
            r.choice(["s1", "s2", "s3", ""]), r.choice(["camp", ""]),
            r.choice(["order", "", ""])))
        for _ in range(r.randrange(3, 40)):
            ts += r.choice(STEPS)
            if r.random() < 0.02:
                ts -= 5000
            if r.random() < 0.06:
                # a survey of this contact, written up to an hour after its time
                t = r.choice(["csat", "nps", "ces", "qa_score"])
                late = r.choice([0, 0, 60000, 3600000])
                rows.append((ts + delay + late, len(rows),
                             survey_line(r, ts, t, cid, r.choice(["", customer]))))
                continue
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

    def add(ts_, text):
        rows.append((ts_, len(rows), text))

    add(base, "%d,hold,ghost,,,,,,a,,," % base)
    # surveys of contacts never seen, of customers only, of no one
    for _ in range(40):
        ts = base + r.randrange(0, 2 * 86400000)
        t = r.choice(["csat", "nps", "ces", "qa_score"])
        who = r.random()
        contact = "g%d" % r.randrange(10) if who < 0.5 else ""
        customer = "u%d" % r.randrange(5) if who >= 0.4 and who < 0.95 else ""
        add(ts, survey_line(r, ts, t, contact, customer))
    # agent states
    for agent in ["a", "b", "c", "d", "e"]:
        ts = base + r.randrange(0, 86400000)
        for _ in range(r.randrange(5, 40)):
            ts += r.choice([0, 60000, 300000, 900000, 1800000, 3600000, 7200000])
            sts = ts - 120000 if r.random() < 0.04 else ts  # now and then back in time
            label = r.choice(STATES)
            x = r.random()
            if x < 0.02:
                label = r.choice(["sleeping", ""])
            reason = ""
            if label == "not_ready" and r.random() < 0.7:
                reason = r.choice(["0", "7", "12", "2147483647", "2147483648", "1.5", "-3"])
            team = r.choice(["t1", "t2", "t3"]) if r.random() < 0.3 else ""
            contact = "c%d" % r.randrange(CONTACTS) if r.random() < 0.05 else ""
            add(sts, "%d,agent_state,%s,,,,,,%s,%s,%s,%s" % (
                sts, contact, agent if x > 0.01 else "", team, reason, label))
    # the business ledger
    for _ in range(60):
        ts = base + r.randrange(0, 2 * 86400000)
        t = r.choice(["cost", "cost", "customer_acquire", "customer_churn", "customer_revenue"])
        customer = "u%d" % r.randrange(8) if r.random() < 0.97 else ""
        skill = r.choice(["s1", "s2", ""])
        channel = r.choice(["voice", "chat", ""])
        campaign = r.choice(["camp", "promo", ""])
        if t in ("cost", "customer_revenue"):
            value = r.choice(["1200", "-300", "45", "0", "9007199254740994", "12.5", ""])
        elif t == "customer_acquire":
            value = r.choice(["", "0", "1", "1", "2"])
        else:
            value = ""
        contact = "c%d" % r.randrange(CONTACTS) if r.random() < 0.05 else ""
        # fields the ledger events do not use (CHOICES.md), now and then
        agent = r.choice(["a", "b"]) if r.random() < 0.1 else ""
        team = "t1" if r.random() < 0.05 else ""
        direction = "inbound" if r.random() < 0.05 else ""
        add(ts, "%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s," % (
            ts, t, contact, channel, direction, customer if t != "cost" else "", skill,
            campaign, agent, team, value))
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
            opts = OPTIONS.get(seed, [])
            cfg = model.parse_args(opts + ["-"])[0]
            world, messages, summary = model.ingest(data)
            contributions = model.all_contributions(world, cfg)
            model_err = "\n".join(messages + [summary]) + "\n"
            bad = False
            for by in BY_SETS:
                by_opt = ["--by", ",".join(by)] if by else []
                cmd = [REPORT, "--format", "csv"] + by_opt + opts + [path]
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
