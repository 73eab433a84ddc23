#!/usr/bin/env python3
# ccm_refmodel.py - slow, obviously correct reference model of ccm-report.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Reimplements, from the specification (../shared/spec/EVENTS.md, METRICS.md,
# CLI.md) and doc/CHOICES.md, what `ccm-report --format csv` prints.  It does
# NOT follow the engine's incremental design:
#
#   1. read the canonical CSV and validate every event against a small
#      per-contact state machine (the same rejections and reason codes as
#      the engine); keep the list of accepted events of each contact;
#   2. for each contact, cut its event history into queue visits, agent
#      contacts (legs) and message turns, then emit every measure
#      contribution as (measure, value, event index) with its agent, team
#      and skill; the remaining dimensions (disposition, tags at that moment)
#      are read back from the history before that event;
#   3. group the contributions by the requested key and evaluate each
#      metric's formula over the grouped measures.
#
# The families of 0.2.0 (CHOICES.md: "Surveys and quality", "Customers and
# first contact resolution", "Agent states", "Business ledger"):
# - a survey or QA score naming a contact held at that point of the stream
#   is put in that contact's event list where it came (it changes nothing
#   and is never checked against the contact's time), so its dimensions are
#   the contact's state there; any other survey has only its own fields;
# - repeat contacts and FCR are judged in one pass over the accepted events
#   in stream order (customer_pass): one latest start per customer, a
#   provisional fcr taken back by another start of the customer within the
#   window after the closure, or by a reopen, escalate or transfer within it;
#   a taken-back fcr is simply not credited (its +1 and -1 fall in the same
#   cells, which fcr_eligible creates anyway);
# - agent-state spans come from each agent's state events in stream order,
#   the open ones credited up to ccm-report's --as-of (default: the largest
#   accepted time), and are cut at the time grain of the view;
# - costs and the customer ledger are credited with the event's own
#   dimensions named by CHOICES.md (cost and revenue: skill, channel,
#   campaign; acquire: campaign; churn: none).
#
# Levels (CHOICES.md, "Levels: real-time gauges and the customer stock"):
# - a level measure is a list of +1 / -1 changes credited like any
#   contribution; a contact gauge carries the contact's current disposition
#   and its tags ("none" when it has none) as part of its key, each change
#   naming them explicitly (Contribution.state): a -1 those before the
#   event, a +1 those after it;
# - in_queue: counted from queue_enter to the end of the visit, key the
#   visit's skill; open_contacts and awaiting_reply: the contact's state and
#   key (current skill; agent and team of the open agent contact, else of
#   the last one); every gauge's key (with disposition and tags) is
#   recomputed after each of the contact's events, every difference a -1 at
#   the old key and a +1 at the new one, at that event (contact_gauges): so a
#   disposition event, or a tag event adding a new tag, moves every gauge
#   the contact counts in;
# - agents_*: -1 for the agent's previous state with the previous span's
#   team, +1 for the new one with the new span's team, at each agent_state
#   (logged_out counts in none); customers_active: +1 at customer_acquire
#   (its campaign), -1 at customer_churn (no dimension);
# - read_levels() reads them per row: without a time key the sum of the
#   row's changes; by interval or date the sum over the row's key in its
#   bucket and every earlier one (end) and that minus the row's own changes
#   (start); undefined by hour and dow.  --customers-base N is added, start
#   and end, to every row whose --by dimensions are all empty;
# - longest_wait: as-of minus the queue_enter of the oldest contact still
#   waiting at the end of the input (contacts never expire in ccm-report),
#   at least 0, over the waiting contacts whose in-queue key projects onto
#   the row's key (its current disposition; by tag: each of its tags, or
#   "none"), given only in the row whose bucket holds as-of;
# - ccm-report registers its view before reading: every contact counts.
#
# Where CHOICES.md leaves a detail open, the model reads it as follows
# (the engine, lib/contact.c, does the same):
# - one offer is remembered at a time (a later offer replaces it); it is
#   forgotten by offer_miss, queue_enter, answer, queue_abandon, queue_exit;
#   alert time needs the remembered offer to the answering agent and an open
#   queue visit;
# - a leg event naming another agent is CCM_E_WRONG_AGENT before its own
#   state is checked (hold while on hold naming another agent: wrong agent);
# - resolution family team: the event's, else the team of the open agent
#   contact if its agent is the credited one, else of the last ended one if
#   its agent is;
# - an untagged contribution in a --by tag view goes to the "none" tag;
# - average durations are rounded to a whole millisecond, half away from zero;
# - an agent's state span of zero length credits nothing (no cell);
# - the contact column of cost and customer_* events is not read (like
#   agent_state's): those events need no contact;
# - an agent_state's unknown state name is a reader-level rejection (checked
#   with the channel and direction names, before the engine's checks).
# The reason dimension (--by reason, beyond CLI.md): a queue_exit's label on
# its flow-out measures, an agent state's reason code (decimal text) on its
# span's time and its agent gauges; "none" everywhere else.
# Reader-level checks and reasons follow examples/ccm-report (report_ingest.c).
# As CHOICES.md says: at most 3 agent contacts of one contact wait in
# after-contact work, and offer_missed goes to the team the offer_miss event
# names, else to the team of the missed offer.
#
# Local time, business hours and percentiles (CHOICES.md, "Time buckets
# and local time", "Business hours", "Percentiles"; doc/CALENDAR.md):
# - --tz RULE: a POSIX TZ rule, read by the model itself (TzRule: Mm.w.d,
#   Jn and n dates, rule times of -167..167 h, southern rules); every time
#   key is in its local time.  A bucket of interval, date, week or month is
#   the unbroken run of instants whose local time lies in one local range
#   (bucket_run): a fall-back makes a second run of a range the clock left
#   (two rows printed alike, in time order), but a range holding the whole
#   repeated hour (a 60-minute interval 01:00-02:00) stays one run of two
#   hours; rows sort by the run's first instant and an interval prints the
#   local time of that instant (02:30 for an hourly interval whose
#   02:00..02:30 was skipped).  Hour of day and day of week are the local
#   hour and weekday.  Agent-state spans are cut where those runs end;
# - --calendar FILE: business time of [from, to) = the milliseconds whose
#   local time is in an open span of a non-holiday local date, counted one
#   stretch of constant offset at a time (business_ms); the four `_bh`
#   timers are credited like their twins (agent_frt, first_reply_time,
#   response_time, resolution_time at each closure) with the business time
#   of the same [from, to); without a calendar they get nothing;
# - --percentiles: after each metric that averages one timer, its exact
#   lower quantiles (rank floor(q (n - 1)) of the cell's sorted values;
#   ccm-report's sketch is within 1 %, compare.py allows that); handle_time's
#   values are the complete handle times, entered at acw_end.
#
# Python standard library only.

import bisect
import re
import sys
from fractions import Fraction

# ---------------------------------------------------------------------------
# Constants of the specification.

HEADER = ["ts", "event", "contact", "channel", "direction", "customer", "skill",
          "campaign", "agent", "team", "value", "label"]

CHANNELS = ["voice", "chat", "email", "sms", "social", "messaging", "video", "other"]
DIRECTIONS = ["inbound", "outbound"]
NOT_DIGITAL = ("voice", "video")

EVENTS = ["contact_start", "queue_enter", "offer", "offer_miss", "answer",
          "queue_abandon", "queue_exit", "blocked", "hold", "resume", "transfer",
          "escalate", "agent_end", "acw_end", "customer_message", "agent_message",
          "bot_message", "focus_start", "focus_end", "tag", "disposition",
          "resolve", "reopen", "contact_end", "csat", "nps", "ces", "qa_score",
          "agent_state", "cost", "customer_acquire", "customer_churn",
          "customer_revenue"]
# Surveys and quality: credited at their own time, never change a contact.
SURVEYS = {"csat", "nps", "ces", "qa_score"}
SCALES = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}
# Events of no contact (their contact column is not read).
LEDGER = {"cost", "customer_acquire", "customer_churn", "customer_revenue"}
CONTACTLESS = LEDGER | {"agent_state"}
AGENT_STATES = ["logged_out", "available", "busy", "not_ready", "acw"]
STATE_MEASURE = {"available": "available_time", "busy": "busy_time",
                 "not_ready": "not_ready_time", "acw": "acw_state_time"}
MAX_REASON = 2 ** 31 - 1  # agent_state reason codes: 0..2^31-1
MAX_AMOUNT = 2 ** 53      # cost and revenue: |value| <= 2^53
# What an ended (or released) contact still accepts.
AFTER_END = {"tag", "disposition", "resolve", "reopen", "escalate", "acw_end"}

MAX_TEXT = 255  # bytes of a text field
MAX_ID = 64     # bytes of an event id
ACW_LEGS = 3    # agent contacts of one contact waiting in after-contact work

DIMS = ["agent", "team", "skill", "campaign", "channel", "direction",
        "contact_type", "disposition", "tag", "reason"]
TIME_KEYS = ["interval", "hour", "dow", "date", "week", "month"]
DOW_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

DAY_MS = 86400000


def fdiv(a, b):
    return a // b  # Python's // floors toward minus infinity, as the spec wants


class Reject(Exception):
    """A rejected record; the argument is the reason: the CCM_E_ name of
    the engine's (or ccm_intern's) code, else the words of ccm-report's CSV
    reader ("bad ts", "wrong number of fields", ...)."""


# ---------------------------------------------------------------------------
# 1. Reading: RFC 4180 records with their starting line numbers.

def read_records(text):
    """Yield (line, fields, problem) for every record; comments (a record
    starting with '#') and blank lines are skipped but counted.  problem is
    None, "bad quoting" (something other than a comma or a line end after a
    closing quote: the record ends at that line) or "unterminated quoted
    field" (end of input inside quotes)."""
    i, n, line = 0, len(text), 1
    if text.startswith("\ufeff"):
        i = 1
    while i < n:
        start_line = line
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            line += 1
            continue
        if c == "\n" or (c == "\r" and (i + 1 == n or text[i + 1] == "\n")):
            i += 2 if c == "\r" and i + 1 < n else 1
            line += 1
            continue
        fields, problem = [], None
        while True:
            field = []
            if i < n and text[i] == '"':
                i += 1
                while True:
                    if i >= n:
                        problem = "unterminated quoted field"
                        break
                    ch = text[i]
                    if ch == '"':
                        if i + 1 < n and text[i + 1] == '"':
                            field.append('"')
                            i += 2
                            continue
                        i += 1
                        break
                    if ch == "\n":
                        line += 1
                    field.append(ch)
                    i += 1
                if i < n and text[i] not in ",\n" and not (
                        text[i] == "\r" and (i + 1 == n or text[i + 1] == "\n")):
                    problem = "bad quoting"
                    j = text.find("\n", i)
                    i = n if j < 0 else j
                elif i < n and text[i] == "\r":
                    i += 1
            else:
                while i < n and text[i] not in ",\n":
                    field.append(text[i])
                    i += 1
                if field and field[-1] == "\r" and (i == n or text[i] == "\n"):
                    field.pop()
            fields.append("".join(field))
            if i < n and text[i] == ",":
                i += 1
                continue
            if i < n:  # the line end
                i += 1
                line += 1
            break
        yield start_line, fields, problem


class Event:
    __slots__ = ("line", "ts", "type", "contact", "channel", "direction",
                 "customer", "skill", "campaign", "agent", "team", "value",
                 "label", "leg", "id", "fval", "vc", "idx")

    def __init__(self, line, f):
        self.line = line
        (ts, self.type, self.contact, self.channel, self.direction,
         self.customer, self.skill, self.campaign, self.agent, self.team,
         self.value, self.label) = f[:12]
        self.ts = ts
        self.leg = None  # acw_end: which agent contact of the contact it closes
        self.id = None
        self.fval = None  # the value column as the double ccm-report passes on
        self.vc = None    # the contact state it belongs to (None: no held contact)
        self.idx = None   # its index in that contact's event list


TS_RE = re.compile(r"-?[0-9]{1,18}\Z")
VALUE_RE = re.compile(r"[-+]?[0-9]*\.?[0-9]*\Z")
MAX_ABS_TS = 253402300799999  # 9999-12-31T23:59:59.999Z


def value_ok(s):
    """A decimal number: [-+]digits[.digits] (also "5." and ".5")."""
    if not VALUE_RE.match(s) or not any(ch.isdigit() for ch in s):
        return False
    digits = sum(1 for ch in s if ch.isdigit())
    if ("." in s or digits > 15) and len(s) >= 64:
        return False
    return True


def nbytes(s):
    return len(s.encode("utf-8", "surrogateescape"))


def make_event(line, fields, ncols):
    """The checks ccm-report makes on a record before the engine sees it, in
    its order.  Raises Reject with the reason text."""
    if len(fields) != ncols:
        raise Reject("wrong number of fields")
    if fields[1] not in EVENTS:
        raise Reject("CCM_E_EVENT_TYPE")
    if not TS_RE.match(fields[0]):
        raise Reject("bad ts")
    for k in range(2, 12):
        if k != 10 and nbytes(fields[k]) > MAX_TEXT:
            raise Reject("CCM_E_TOO_LONG")
    ev = Event(line, [int(fields[0])] + list(fields[1:12]))
    ev.id = fields[12] if ncols == 13 and fields[12] else None
    if ev.id is not None and nbytes(ev.id) > MAX_ID:
        raise Reject("CCM_E_TOO_LONG")
    return ev


def check_fields(ev):
    """The rest of ccm-report's record checks (after the duplicate test)."""
    if ev.channel and ev.channel not in CHANNELS:
        raise Reject("CCM_E_NOT_FOUND")  # unknown channel name
    if ev.direction and ev.direction not in DIRECTIONS:
        raise Reject("CCM_E_NOT_FOUND")
    # The label of agent_state is a state name, mapped to its CCM_STATE_* id
    # by the reader like channel names (an empty one is the engine's
    # CCM_E_MISSING_FIELD).
    if ev.type == "agent_state" and ev.label and ev.label not in AGENT_STATES:
        raise Reject("CCM_E_VALUE_RANGE")  # unknown agent state
    if ev.value:
        if not value_ok(ev.value):
            raise Reject("bad value")
        # The reader converts the text to a double (correctly rounded, as
        # strtod does); the engine sees only that double.
        ev.fval = float(ev.value)


# ---------------------------------------------------------------------------
# 1b. Validation: the per-contact state machine of doc/CHOICES.md.  It keeps
# only what is needed to accept or reject; measures come later.

class VState:
    def __init__(self, ev):
        self.channel = ev.channel
        self.ended = False
        self.last_ts = ev.ts
        self.visit = False
        self.leg = None        # agent of the open agent contact ("" = none)
        self.nlegs = 0         # agent contacts so far (answers)
        self.on_hold = False
        self.focus = False
        self.acw = []          # (leg number, agent) in after-contact work, oldest first
        self.offer = None      # agent of the remembered offer
        self.resolved = False
        self.events = [ev]
        # first contact resolution (set by customer_pass, in stream order)
        self.repeat = False
        self.closed_once = False
        self.transferred = self.escalated = False
        self.fcr = None        # None, "eligible", "fcr" (credited), "taken" (taken back)
        self.closure_ts = None


class World:
    """Everything ingest() keeps: the contacts (never forgotten, as in
    ccm-report, which expires nothing while reading), the accepted events in
    stream order, each agent's last accepted agent_state time."""

    def __init__(self):
        self.contacts = {}
        self.stream = []
        self.agent_last = {}

    def max_ts(self):
        return max(ev.ts for ev in self.stream) if self.stream else None


def is_whole(v):
    return v == int(v)


def check_value(ev):
    """The value checks of the new families (CHOICES.md's validation
    table), after their required fields."""
    t, v = ev.type, ev.fval
    if t in SCALES:
        lo, hi = SCALES[t]
        if not (is_whole(v) and lo <= v <= hi):
            raise Reject("CCM_E_OUT_OF_SCALE")
    elif t == "qa_score":
        if not 0 <= v <= 100:
            raise Reject("CCM_E_OUT_OF_SCALE")
    elif t == "agent_state":
        if v is not None and not (is_whole(v) and 0 <= v <= MAX_REASON):
            raise Reject("CCM_E_OUT_OF_SCALE")
    elif t in ("cost", "customer_revenue"):
        if not (is_whole(v) and abs(v) <= MAX_AMOUNT):
            raise Reject("CCM_E_OUT_OF_SCALE")
    elif t == "customer_acquire":
        if v is not None and v not in (0, 1):
            raise Reject("CCM_E_OUT_OF_SCALE")


def check_and_apply(world, ev):
    contacts = world.contacts
    t = ev.type
    if ev.ts < -MAX_ABS_TS or ev.ts > MAX_ABS_TS:
        raise Reject("CCM_E_VALUE_RANGE")
    if not ev.contact and t not in CONTACTLESS and t not in ("csat", "nps", "ces"):
        raise Reject("CCM_E_MISSING_FIELD")
    required = {
        "contact_start": ("channel", "direction"),
        "queue_enter": ("skill",),
        "offer": ("agent",),
        "offer_miss": ("agent",),
        "answer": ("agent",),
        "tag": ("label",),
        "disposition": ("label",),
        "csat": ("fval",),
        "nps": ("fval",),
        "ces": ("fval",),
        "qa_score": ("fval",),
        "agent_state": ("agent", "label"),
        "cost": ("fval",),
        "customer_revenue": ("customer", "fval"),
        "customer_acquire": ("customer",),
        "customer_churn": ("customer",),
    }.get(t, ())
    for fld in required:
        if getattr(ev, fld) in ("", None):
            raise Reject("CCM_E_MISSING_FIELD")
    if t in SCALES and not ev.contact and not ev.customer:
        raise Reject("CCM_E_MISSING_FIELD")
    check_value(ev)

    if t in SURVEYS:
        # Any time order, ended contacts too; a contact not held (never
        # seen) is no error: the survey then has only its own fields.
        c = contacts.get(ev.contact) if ev.contact else None
        if c is not None:
            ev.vc, ev.idx = c, len(c.events)
            c.events.append(ev)  # last_ts unchanged
        return
    if t == "agent_state":
        last = world.agent_last.get(ev.agent)
        if last is not None and ev.ts < last:
            raise Reject("CCM_E_TIME_BACKWARDS")
        world.agent_last[ev.agent] = ev.ts
        return
    if t in LEDGER:
        return

    c = contacts.get(ev.contact)
    if t == "contact_start":
        if c is not None:
            raise Reject("CCM_E_CONTACT_EXISTS")
        c = contacts[ev.contact] = VState(ev)
        ev.vc, ev.idx = c, 0
        return
    if c is None:
        raise Reject("CCM_E_UNKNOWN_CONTACT")
    if c.ended and t not in AFTER_END:
        raise Reject("CCM_E_CONTACT_ENDED")
    if ev.ts < c.last_ts:
        raise Reject("CCM_E_TIME_BACKWARDS")

    def need_leg():
        if c.leg is None:
            raise Reject("CCM_E_NO_AGENT_CONTACT")

    def same_agent():
        if ev.agent and ev.agent != c.leg:
            raise Reject("CCM_E_WRONG_AGENT")

    if t == "queue_enter":
        if c.visit:
            raise Reject("CCM_E_QUEUED")
        if c.leg is not None:
            raise Reject("CCM_E_AGENT_CONTACT_OPEN")
        c.visit = True
        c.offer = None
    elif t == "offer":
        if c.leg is not None:
            raise Reject("CCM_E_AGENT_CONTACT_OPEN")
        c.offer = ev.agent
    elif t == "offer_miss":
        if c.offer != ev.agent:
            raise Reject("CCM_E_NO_OFFER")
        c.offer = None
    elif t == "answer":
        if c.leg is not None:
            raise Reject("CCM_E_AGENT_CONTACT_OPEN")
        c.visit = False
        c.offer = None
        c.leg = ev.agent
        c.nlegs += 1
        c.on_hold = c.focus = False
    elif t in ("queue_abandon", "queue_exit"):
        if not c.visit:
            raise Reject("CCM_E_NOT_QUEUED")
        c.visit = False
        c.offer = None
    elif t in ("blocked", "contact_end"):
        if c.visit or c.leg is not None:
            raise Reject("CCM_E_CONTACT_BUSY")
        c.ended = True
    elif t == "hold":
        need_leg()
        same_agent()
        if c.on_hold:
            raise Reject("CCM_E_ON_HOLD")
        c.on_hold = True
    elif t == "resume":
        need_leg()
        same_agent()
        if not c.on_hold:
            raise Reject("CCM_E_NOT_ON_HOLD")
        c.on_hold = False
    elif t == "focus_start":
        need_leg()
        same_agent()
        if c.focus:
            raise Reject("CCM_E_FOCUS_OPEN")
        c.focus = True
    elif t == "focus_end":
        need_leg()
        same_agent()
        if not c.focus:
            raise Reject("CCM_E_NO_FOCUS")
        c.focus = False
    elif t in ("agent_end", "transfer"):
        need_leg()
        if t == "agent_end":
            same_agent()
        if len(c.acw) == ACW_LEGS:
            del c.acw[0]  # the oldest leaves after-contact work unmeasured
        c.acw.append((c.nlegs, c.leg))
        c.leg = None
        c.on_hold = c.focus = False
    elif t == "acw_end":
        pick = None
        for k in range(len(c.acw) - 1, -1, -1):
            if not ev.agent or c.acw[k][1] == ev.agent:
                pick = k
                break
        if pick is None:
            raise Reject("CCM_E_NO_ACW")
        ev.leg = c.acw.pop(pick)[0]
    elif t == "reopen":
        if not c.resolved:
            raise Reject("CCM_E_NOT_RESOLVED")
        c.resolved = False
    elif t == "resolve":
        c.resolved = True
    # escalate, messages, tag, disposition: nothing to check.
    c.last_ts = ev.ts
    ev.vc, ev.idx = c, len(c.events)
    c.events.append(ev)


# ---------------------------------------------------------------------------
# 2. Deriving contributions from one contact's accepted events.

class Leg:
    """One agent contact, cut out of the history."""

    def __init__(self, num, i, ev, team, skill, visit):
        self.num = num          # 1-based, in answer order
        self.answer_i = i
        self.agent = ev.agent
        self.team = team
        self.skill = skill
        self.visit = visit      # the Visit it was answered from, or None
        self.end_i = None       # index of agent_end / transfer
        self.acw_i = None       # index of the acw_end that closed it


class Visit:
    def __init__(self, i, skill):
        self.enter_i = i
        self.skill = skill
        self.end_i = None


class Contribution:
    """One measure contribution.  Of a contact: at its event i, with the
    contact's channel, direction, type, campaign (unless `over` replaces
    channel or campaign), its disposition and tags before event i.  Of no
    contact (`free`): at time ts with exactly the dimensions given (tag
    none).  An agent-state span (`span` = (start, end)) is split at the
    time grain of the view."""
    __slots__ = ("measure", "value", "i", "agent", "team", "skill", "own_tag",
                 "over", "ts", "free", "span", "state")

    def __init__(self, measure, value, i, agent, team, skill, own_tag=None, over=None):
        self.measure, self.value, self.i = measure, value, i
        self.agent, self.team, self.skill = agent, team, skill
        self.own_tag = own_tag
        self.over = over
        self.ts = None
        self.free = None
        self.span = None
        # a gauge change or a waiting probe: (disposition, tags) given
        # explicitly instead of read back from the history
        self.state = None


def free_contribution(measure, value, ts, span=None, **dims):
    cb = Contribution(measure, value, None, dims.get("agent", ""), dims.get("team", ""),
                      dims.get("skill", ""))
    cb.ts = ts
    cb.span = span
    cb.free = dict((d, dims.get(d, "")) for d in DIMS)
    return cb


def survey_measures(ev, cfg):
    """(measure, value) pairs of an accepted csat, nps, ces or qa_score."""
    t, v = ev.type, ev.fval
    if t == "csat":
        out = [("csat_responses", 1), ("csat_sum", int(v))]
        if v >= cfg["csat_satisfied"]:
            out.append(("csat_satisfied", 1))
    elif t == "nps":
        out = [("nps_responses", 1)]
        if v >= 9:
            out.append(("nps_promoters", 1))
        elif v <= 6:
            out.append(("nps_detractors", 1))
    elif t == "ces":
        out = [("ces_responses", 1), ("ces_sum", int(v))]
        if v >= cfg["ces_easy"]:
            out.append(("ces_easy", 1))
    else:
        # thousandths of a point of the double, rounded half away from zero
        q = Fraction(v) * 1000
        out = [("qa_evaluations", 1), ("qa_sum", int(q + Fraction(1, 2)))]
    return out


def derive(c, cfg):
    """All contributions of one contact, from its accepted events (surveys
    naming it are in its list too, where they came in the stream)."""
    evs = c.events
    start = evs[0]
    digital = start.channel not in NOT_DIGITAL
    out = []

    def emit(measure, value, i, agent, team, skill, own_tag=None, over=None):
        out.append(Contribution(measure, value, i, agent, team, skill, own_tag, over))

    def emit_bh(measure, k, i, *a):
        # the business-hours twin of a timer over [event k, event i): the
        # same credit, in business time (only with a calendar)
        if cfg.get("calendar") is not None:
            emit(measure, business_ms(cfg["tz"], cfg["calendar"], evs[k].ts, evs[i].ts), i, *a)

    # ---- the history, cut into visits and legs --------------------------
    visits, legs = [], []
    open_visit, open_leg = None, None
    for i, ev in enumerate(evs):
        if ev.type == "queue_enter":
            open_visit = Visit(i, ev.skill)
            visits.append(open_visit)
        elif ev.type in ("queue_abandon", "queue_exit"):
            open_visit.end_i = i
            open_visit = None
        elif ev.type == "answer":
            team = ev.team or offer_team_before(evs, i, ev.agent)
            skill = open_visit.skill if open_visit else current_skill(evs, i)
            open_leg = Leg(len(legs) + 1, i, ev, team, skill, open_visit)
            legs.append(open_leg)
            if open_visit:
                open_visit.end_i = i
                open_visit = None
        elif ev.type in ("agent_end", "transfer"):
            open_leg.end_i = i
            open_leg = None
        elif ev.type == "acw_end":
            legs[ev.leg - 1].acw_i = i

    def leg_open_at(i):
        """The agent contact open when event i happens (before it applies)."""
        for lg in legs:
            if lg.answer_i < i and (lg.end_i is None or i <= lg.end_i):
                return lg
        return None

    def last_ended_before(i):
        best = None
        for lg in legs:
            if lg.end_i is not None and lg.end_i < i:
                if best is None or lg.end_i > best.end_i:
                    best = lg
        return best

    # ---- contact ---------------------------------------------------------
    emit("contacts", 1, 0, "", "", start.skill)
    if start.customer:
        emit("contacts_with_customer", 1, 0, "", "", start.skill)
        if c.repeat:
            emit("repeat_contacts", 1, 0, "", "", start.skill)
    for i, ev in enumerate(evs):
        if ev.type == "blocked":
            emit("blocked", 1, i, "", "", ev.skill or current_skill(evs, i))

    # ---- queue visits ----------------------------------------------------
    for v in visits:
        enter = evs[v.enter_i]
        emit("offered", 1, v.enter_i, "", "", v.skill)
        if v.end_i is None:
            continue
        end = evs[v.end_i]
        wait = end.ts - enter.ts
        if end.type == "queue_abandon":
            emit("abandoned", 1, v.end_i, "", "", v.skill)
            emit("abandon_wait", wait, v.end_i, "", "", v.skill)
            if wait < cfg["short_abandon"]:
                emit("short_abandoned", 1, v.end_i, "", "", v.skill)
            if wait <= cfg["sl_threshold"]:
                emit("abandoned_in_sl", 1, v.end_i, "", "", v.skill)
        elif end.type == "queue_exit":
            # flow-outs by reason: the queue_exit's label (CHOICES.md, "Agent states")
            why = {"reason": end.label}
            emit("flow_out", 1, v.end_i, "", "", v.skill, over=why)
            emit("flow_out_wait", wait, v.end_i, "", "", v.skill, over=why)
            if wait <= cfg["sl_threshold"]:
                emit("flow_out_in_sl", 1, v.end_i, "", "", v.skill, over=why)
        else:  # answer
            lg = next(lg for lg in legs if lg.answer_i == v.end_i)
            a = (v.end_i, lg.agent, lg.team, v.skill)
            emit("answered", 1, *a)
            emit("wait_answered", wait, *a)
            if wait <= cfg["sl_threshold"]:
                emit("answered_in_sl", 1, *a)
            k = remembered_offer(evs, v.end_i, lg.agent)
            if k is not None and k > v.enter_i:
                alert = end.ts - evs[k].ts
                emit("alert_time", alert, *a)
                if start.channel == "voice":
                    emit("rings", -(-alert // cfg["ring_cycle"]), *a)
                    emit("rung_answered", 1, *a)

    for i, ev in enumerate(evs):
        if ev.type == "offer_miss":
            k = remembered_offer(evs, i, ev.agent)
            emit("offer_missed", 1, i, ev.agent, ev.team or evs[k].team, current_skill(evs, i))

    # ---- agent contacts --------------------------------------------------
    for lg in legs:
        a = (lg.agent, lg.team, lg.skill)
        ans = evs[lg.answer_i]
        emit("agent_contacts", 1, lg.answer_i, *a)
        if not digital:
            emit("responded_agent_contacts", 1, lg.answer_i, *a)
        last = lg.end_i if lg.end_i is not None else len(evs) - 1
        inside = range(lg.answer_i + 1, last + 1)
        # hold spans and focus spans, closed at the end of the leg
        holds = []
        hold_from = focus_from = None
        for i in inside:
            t = evs[i].type
            if t == "hold":
                emit("holds", 1, i, *a)
                hold_from = i
            elif t == "resume":
                holds.append(evs[i].ts - evs[hold_from].ts)
                hold_from = None
            elif t == "focus_start":
                emit("focus_count", 1, i, *a)
                focus_from = i
            elif t == "focus_end":
                emit("focus_time", evs[i].ts - evs[focus_from].ts, i, *a)
                focus_from = None
        if lg.end_i is not None:
            end = evs[lg.end_i]
            if hold_from is not None:
                holds.append(end.ts - evs[hold_from].ts)
            if focus_from is not None:
                emit("focus_time", end.ts - evs[focus_from].ts, lg.end_i, *a)
            act = end.ts - ans.ts
            hold = sum(holds)
            emit("handled", 1, lg.end_i, *a)
            emit("agent_contact_time", act, lg.end_i, *a)
            emit("talk_time", act - hold, lg.end_i, *a)
            if holds:
                emit("held_contacts", 1, lg.end_i, *a)
                emit("hold_time", hold, lg.end_i, *a)
            emit("handle_time", act, lg.end_i, *a)
            if end.type == "transfer":
                emit("transfers", 1, lg.end_i, *a)
                first = min(x.end_i for x in legs if x.end_i is not None
                            and evs[x.end_i].type == "transfer")
                if first == lg.end_i:
                    emit("transferred_contacts", 1, lg.end_i, *a)
        if lg.acw_i is not None:
            acw = evs[lg.acw_i].ts - evs[lg.end_i].ts
            emit("acw_time", acw, lg.acw_i, *a)
            emit("handle_time_more", acw, lg.acw_i, *a)
            emit("handle_time_done", evs[lg.acw_i].ts - ans.ts, lg.acw_i, *a)
        # first agent message of the leg (digital: agent FRT and responded)
        msgs = [i for i in inside if evs[i].type == "agent_message"
                and (lg.end_i is None or i < lg.end_i)]
        if msgs and digital:
            i = msgs[0]
            emit("agent_frt", evs[i].ts - ans.ts, i, *a)
            emit_bh("agent_frt_bh", lg.answer_i, i, *a)
            emit("agent_contacts_with_frt", 1, i, *a)
            emit("responded_agent_contacts", 1, i, *a)

    # ---- messages and turns ---------------------------------------------
    # The party sequence ignores bot messages; all agents are one party.
    party = None            # party of the previous customer/agent message
    turn_from = None        # index of the first message of the customer turn
    seen_customer_turn = seen_agent_msg = False
    for i, ev in enumerate(evs):
        if ev.type == "customer_message":
            lg = leg_open_at(i)
            a = (lg.agent, lg.team, lg.skill) if lg else ("", "", current_skill(evs, i))
            if party != "customer":
                emit("customer_responses", 1, i, *a)
                if not seen_customer_turn:
                    emit("contacts_with_customer_response", 1, i, *a)
                    seen_customer_turn = True
                turn_from = i
            party = "customer"
        elif ev.type == "agent_message":
            lg = leg_open_at(i)
            agent = ev.agent or (lg.agent if lg else "")
            team = lg.team if lg else ev.team
            skill = lg.skill if lg else current_skill(evs, i)
            a = (agent, team, skill)
            emit("agent_messages", 1, i, *a)
            if not seen_agent_msg:
                seen_agent_msg = True
                if digital and start.direction == "inbound":
                    frt = ev.ts - start.ts
                    emit("first_reply_time", frt, i, *a)
                    emit_bh("first_reply_time_bh", 0, i, *a)
                    if frt <= cfg["frt_target"]:
                        emit("first_reply_in_target", 1, i, *a)
            if party != "agent":
                emit("agent_responses", 1, i, *a)
                follow_on = lg is not None and any(
                    evs[k].type == "agent_message" for k in range(lg.answer_i + 1, i))
                if follow_on:
                    emit("follow_on_responses", 1, i, *a)
                if party == "customer":
                    rt = ev.ts - evs[turn_from].ts
                    emit("response_time", rt, i, *a)
                    emit_bh("response_time_bh", turn_from, i, *a)
                    if follow_on:
                        emit("follow_on_response_time", rt, i, *a)
            party = "agent"

    # ---- resolution family ----------------------------------------------
    def resolution_dims(i):
        # agent: the event's, else the open agent contact's, else the last
        # ended one's; team: the event's, else the team of the open or the
        # last agent contact whose agent that is (open first).
        ev = evs[i]
        open_leg, last_leg = leg_open_at(i), last_ended_before(i)
        ref = open_leg or last_leg
        agent = ev.agent or (ref.agent if ref else "")
        team = ev.team
        if not team:
            for lg in (open_leg, last_leg):
                if lg is not None and lg.agent == agent:
                    team = lg.team
                    break
        return agent, team, current_skill(evs, i)

    resolved = False
    closed_once = escalated = False
    tags_seen = set()
    for i, ev in enumerate(evs):
        t = ev.type
        if t == "resolve" and not resolved:
            resolved = True
            a = resolution_dims(i)
            rt = ev.ts - start.ts
            emit("closed_contacts", 1, i, *a)
            emit("resolution_time", rt, i, *a)
            emit_bh("resolution_time_bh", 0, i, *a)
            if rt <= cfg["resolution_target"]:
                emit("resolved_in_target", 1, i, *a)
            if not closed_once:
                emit("first_resolution_time", rt, i, *a)
                closed_once = True
                # first contact resolution: decided by customer_pass; a
                # taken-back fcr (+1 then -1 in the same cells) leaves the
                # cells exactly as if it had never been credited.
                if c.fcr is not None:
                    emit("fcr_eligible", 1, i, *a)
                if c.fcr == "fcr":
                    emit("fcr", 1, i, *a)
        elif t == "reopen":
            resolved = False
            emit("reopened", 1, i, *resolution_dims(i))
        elif t == "escalate" and not escalated:
            escalated = True
            emit("escalated", 1, i, *resolution_dims(i))
        elif t == "tag" and ev.label not in tags_seen:
            tags_seen.add(ev.label)
            emit("tagged", 1, i, *resolution_dims(i), own_tag=ev.label)

    # ---- surveys and QA naming this (held) contact ----------------------
    # The event's agent, team, skill, channel, campaign first; the rest from
    # the contact as it is when the survey comes (agent and team by the
    # resolution family's rule, the current skill).
    for i, ev in enumerate(evs):
        if ev.type in SURVEYS:
            agent, team, skill = resolution_dims(i)
            if ev.skill:
                skill = ev.skill
            over = {}
            if ev.channel:
                over["channel"] = ev.channel
            if ev.campaign:
                over["campaign"] = ev.campaign
            for m, v in survey_measures(ev, cfg):
                emit(m, v, i, agent, team, skill)
                out[-1].over = over or None

    # ---- levels: the contact gauges -------------------------------------
    out += contact_gauges(evs, visits, legs)
    return out


def contact_gauges(evs, visits, legs):
    """The changes of in_queue, open_contacts and awaiting_reply of one
    contact (CHOICES.md, "Levels").  Each gauge's key, with the contact's
    current disposition and tags, is recomputed after every event of the
    contact; each difference from the key before the event is a -1 at the
    old key (with the disposition and tags before the event) and a +1 at the
    new one (those after it), at that event."""
    out = []

    def change(measure, value, i, key):
        cb = Contribution(measure, value, i, key[1], key[2], key[0])
        cb.state = (key[3], list(key[4]))
        out.append(cb)

    enters = dict((v.enter_i, v) for v in visits)
    ends = set(v.end_i for v in visits if v.end_i is not None)
    digital = evs[0].channel not in NOT_DIGITAL
    skill = evs[0].skill
    qskill = None        # the open visit's skill, None: not in queue
    last_leg = None      # the open agent contact, else the last one
    resolved = ended = False
    party = None         # of the last non-bot message
    disposition = ""
    tags = ()
    gauges = ("in_queue", "open_contacts", "awaiting_reply")
    before = dict((m, None) for m in gauges)  # key, or None: not counted
    for i, ev in enumerate(evs):
        t = ev.type
        if t in SURVEYS:
            continue  # a survey changes nothing
        if i in enters:
            qskill = enters[i].skill
        elif i in ends:
            qskill = None
        if t == "queue_enter" or (t == "transfer" and ev.skill):
            skill = ev.skill
        elif t == "answer":
            last_leg = next(lg for lg in legs if lg.answer_i == i)
        elif t == "resolve":
            resolved = True
        elif t == "reopen":
            resolved = False
        elif t in ("contact_end", "blocked"):
            ended = True
        elif t == "customer_message":
            party = "customer"
        elif t == "agent_message":
            party = "agent"
        elif t == "disposition":
            disposition = ev.label
        elif t == "tag" and ev.label not in tags:
            tags = tags + (ev.label,)
        key = (skill, last_leg.agent, last_leg.team) if last_leg else (skill, "", "")
        key += (disposition, tags)
        is_open = not resolved and not ended
        after = {"in_queue": (qskill, "", "", disposition, tags) if qskill is not None else None,
                 "open_contacts": key if is_open else None,
                 "awaiting_reply": key if is_open and digital and party == "customer" else None}
        for m in gauges:
            if before[m] != after[m]:
                if before[m] is not None:
                    change(m, -1, i, before[m])
                if after[m] is not None:
                    change(m, 1, i, after[m])
        before = after
    return out


def current_skill(evs, i):
    """The contact's current skill when event i happens: the contact_start
    skill, replaced by each queue_enter skill and each transfer target."""
    skill = evs[0].skill
    for ev in evs[1:i]:
        if ev.type == "queue_enter" or (ev.type == "transfer" and ev.skill):
            skill = ev.skill
    return skill


def remembered_offer(evs, i, agent):
    """Index of the offer still remembered for `agent` when event i happens,
    else None.  One offer is remembered at a time: a later offer replaces it;
    offer_miss forgets it, and so does the start or end of a queue visit
    (queue_enter, answer, queue_abandon, queue_exit)."""
    k = None
    for j in range(i):
        t = evs[j].type
        if t == "offer":
            k = j
        elif t in ("offer_miss", "answer", "queue_enter", "queue_abandon", "queue_exit"):
            k = None
    if k is not None and evs[k].agent == agent:
        return k
    return None


def offer_team_before(evs, i, agent):
    k = remembered_offer(evs, i, agent)
    return evs[k].team if k is not None else ""


def disposition_before(evs, i):
    d = ""
    for ev in evs[:i]:
        if ev.type == "disposition":
            d = ev.label
    return d


def tags_before(evs, i):
    tags = []
    for ev in evs[:i]:
        if ev.type == "tag" and ev.label not in tags:
            tags.append(ev.label)
    return tags


# ---------------------------------------------------------------------------
# 3. Cells and metrics.

# Level measures (CHOICES.md, "Levels"), in lib/measures.h's order: stored
# as changes (+1, -1) in the cells, read as the level at the start and at
# the end of a row's bucket.
LEVELS = ["in_queue", "open_contacts", "awaiting_reply", "agents_logged_in",
          "agents_available", "agents_busy", "agents_not_ready", "agents_acw",
          "customers_active"]

TIMERS = {"wait_answered", "abandon_wait", "flow_out_wait", "alert_time",
          "talk_time", "hold_time", "acw_time", "handle_time", "focus_time",
          "agent_contact_time", "agent_frt", "response_time",
          "follow_on_response_time", "first_reply_time", "resolution_time",
          "first_resolution_time", "agent_frt_bh", "first_reply_time_bh",
          "response_time_bh", "resolution_time_bh"}

# Timer metrics (an average of one timer's sum): with --percentiles each is
# followed by the p50, p90, p95 and p99 of that timer's values in the cell
# (CLI.md, "Percentiles").
PERCENTILE_TIMER = {
    "avg_agent_frt": "agent_frt", "avg_follow_on_response_time": "follow_on_response_time",
    "avg_resolution_time": "resolution_time", "avg_abandon_time": "abandon_wait",
    "asa": "wait_answered", "avg_talk_time": "talk_time", "avg_hold_time": "hold_time",
    "avg_acw_time": "acw_time", "aht": "handle_time", "avg_alert_time": "alert_time",
    "first_reply_time": "first_reply_time", "avg_response_time": "response_time",
    "first_resolution_time": "first_resolution_time",
    "avg_agent_frt_bh": "agent_frt_bh", "first_reply_time_bh": "first_reply_time_bh",
    "avg_response_time_bh": "response_time_bh", "avg_resolution_time_bh": "resolution_time_bh"}
PERCENTILES = [("_p50", Fraction(50, 100)), ("_p90", Fraction(90, 100)),
               ("_p95", Fraction(95, 100)), ("_p99", Fraction(99, 100))]


class Cell:
    def __init__(self):
        self.count = {}
        self.sum = {}
        self.max = {}
        self.vals = {}  # timer -> every value, for the percentiles
        self.lv = None  # level -> (start, end) of the row; None: undefined
        self.lw = None  # longest wait (ms) of the row, or None

    def add(self, measure, value):
        if measure == "handle_time_more":  # acw part of the handle time: sum only
            self.sum["handle_time"] = self.sum.get("handle_time", 0) + value
            return
        if measure == "handle_time_done":  # a complete handle time (at acw_end)
            self.vals.setdefault("handle_time", []).append(value)
            return
        if measure in TIMERS:
            self.count[measure] = self.count.get(measure, 0) + 1
            self.sum[measure] = self.sum.get(measure, 0) + value
            self.max[measure] = max(self.max.get(measure, value), value)
            if measure != "handle_time":  # its values are the complete ones
                self.vals.setdefault(measure, []).append(value)
        else:
            self.count[measure] = self.count.get(measure, 0) + value

    def n(self, m):
        """A count, or the count of a timer."""
        return self.count.get(m, 0)

    def s(self, m):
        return self.sum.get(m, 0)

    def quantile(self, m, q):
        """The exact lower quantile of a timer's values: the value of rank
        floor(q (n - 1)) in sorted order; None without values."""
        v = self.vals.get(m)
        if not v:
            return None
        v.sort()
        return v[int(q * (len(v) - 1))]


CNT, MS, MS_AVG, PCT, RATIO = "count", "ms", "ms_avg", "pct", "ratio"
MONEY = "money"  # a plain sum printed with six decimals


def avg(c, m):
    return (c.s(m), c.n(m))


def level_end(c, m):
    """A level at the end of the row's bucket (None: undefined)."""
    return None if c.lv is None else c.lv[m][1]


def stock(c, fn):
    """fn(active at start, active at end) of the row, None when undefined."""
    if c.lv is None:
        return None
    return fn(*c.lv["customers_active"])


def max_wait(c):
    vals = [c.max[m] for m in ("wait_answered", "abandon_wait") if m in c.max]
    return max(vals) if vals else None


# name -> (unit, function of a cell).  Counts and sums give a number; the
# other units give (numerator, denominator).
METRICS = [
    ("focus_time_pct", PCT, lambda c: (c.s("focus_time"), c.s("agent_contact_time"))),
    ("agent_frt", MS, lambda c: c.s("agent_frt")),
    ("agent_messages", CNT, lambda c: c.n("agent_messages")),
    ("agent_responses", CNT, lambda c: c.n("agent_responses")),
    ("agent_contacts_with_frt", CNT, lambda c: c.n("agent_contacts_with_frt")),
    ("agent_first_response_rate", PCT, lambda c: (c.n("responded_agent_contacts"), c.n("agent_contacts"))),
    ("avg_agent_frt", MS_AVG, lambda c: avg(c, "agent_frt")),
    ("avg_agent_responses", RATIO, lambda c: (c.n("agent_responses"), c.n("agent_contacts"))),
    ("avg_customer_responses", RATIO, lambda c: (c.n("customer_responses"), c.n("contacts_with_customer_response"))),
    ("avg_follow_on_response_time", MS_AVG, lambda c: avg(c, "follow_on_response_time")),
    ("avg_resolution_time", MS_AVG, lambda c: (c.s("resolution_time"), c.n("closed_contacts"))),
    ("closed_contacts", CNT, lambda c: c.n("closed_contacts")),
    ("customer_responses", CNT, lambda c: c.n("customer_responses")),
    ("focus_count", CNT, lambda c: c.n("focus_count")),
    ("focus_time", MS, lambda c: c.s("focus_time")),
    ("follow_on_responses", CNT, lambda c: c.n("follow_on_responses")),
    ("follow_on_response_time", MS, lambda c: c.s("follow_on_response_time")),
    ("resolution_time", MS, lambda c: c.s("resolution_time")),
    ("total_responses", CNT, lambda c: c.n("agent_responses") + c.n("customer_responses")),
    ("tag_count", CNT, lambda c: c.n("tagged")),
    ("contacts", CNT, lambda c: c.n("contacts")),
    ("offered", CNT, lambda c: c.n("offered")),
    ("answered", CNT, lambda c: c.n("answered")),
    ("abandoned", CNT, lambda c: c.n("abandoned")),
    ("short_abandoned", CNT, lambda c: c.n("short_abandoned")),
    ("abandon_rate", PCT, lambda c: (c.n("abandoned"), c.n("offered"))),
    ("avg_abandon_time", MS_AVG, lambda c: (c.s("abandon_wait"), c.n("abandoned"))),
    ("asa", MS_AVG, lambda c: (c.s("wait_answered"), c.n("answered"))),
    ("avg_queue_time", MS_AVG, lambda c: (
        c.s("wait_answered") + c.s("abandon_wait") + c.s("flow_out_wait"),
        c.n("answered") + c.n("abandoned") + c.n("flow_out"))),
    ("max_wait", "max", max_wait),
    ("service_level", PCT, lambda c: (
        c.n("answered_in_sl"), c.n("answered") + c.n("abandoned") - c.n("short_abandoned"))),
    ("service_level_answered", PCT, lambda c: (c.n("answered_in_sl"), c.n("answered"))),
    ("service_level_abandon_ok", PCT, lambda c: (
        c.n("answered_in_sl") + c.n("abandoned_in_sl"), c.n("answered") + c.n("abandoned"))),
    ("service_level_offered", PCT, lambda c: (
        c.n("answered_in_sl") + c.n("abandoned_in_sl") + c.n("flow_out_in_sl"), c.n("offered"))),
    ("blocked", CNT, lambda c: c.n("blocked")),
    ("flow_out", CNT, lambda c: c.n("flow_out")),
    ("agent_contacts", CNT, lambda c: c.n("agent_contacts")),
    ("handled", CNT, lambda c: c.n("handled")),
    ("avg_talk_time", MS_AVG, lambda c: (c.s("talk_time"), c.n("handled"))),
    ("avg_hold_time", MS_AVG, lambda c: (c.s("hold_time"), c.n("held_contacts"))),
    ("avg_acw_time", MS_AVG, lambda c: avg(c, "acw_time")),
    ("aht", MS_AVG, lambda c: (c.s("handle_time"), c.n("handled"))),
    ("transfer_rate", PCT, lambda c: (c.n("transfers"), c.n("agent_contacts"))),
    ("escalation_rate", PCT, lambda c: (c.n("escalated"), c.n("agent_contacts"))),
    ("avg_rings", RATIO, lambda c: (c.n("rings"), c.n("rung_answered"))),
    ("avg_alert_time", MS_AVG, lambda c: avg(c, "alert_time")),
    ("offer_missed", CNT, lambda c: c.n("offer_missed")),
    ("cost_per_contact", RATIO, lambda c: (c.n("cost"), c.n("handled"))),
    ("first_reply_time", MS_AVG, lambda c: avg(c, "first_reply_time")),
    ("avg_response_time", MS_AVG, lambda c: avg(c, "response_time")),
    ("frt_sla_pct", PCT, lambda c: (c.n("first_reply_in_target"), c.n("first_reply_time"))),
    ("resolution_sla_pct", PCT, lambda c: (c.n("resolved_in_target"), c.n("closed_contacts"))),
    ("first_resolution_time", MS_AVG, lambda c: avg(c, "first_resolution_time")),
    ("reopened", CNT, lambda c: c.n("reopened")),
    ("resolution_rate", PCT, lambda c: (c.n("closed_contacts"), c.n("agent_contacts"))),
    ("backlog", CNT, lambda c: level_end(c, "open_contacts")),
    ("open_requests", CNT, lambda c: level_end(c, "awaiting_reply")),
    ("in_queue", CNT, lambda c: level_end(c, "in_queue")),
    ("longest_wait", "max", lambda c: c.lw),
    ("repeat_contact_rate", PCT, lambda c: (c.n("repeat_contacts"), c.n("contacts_with_customer"))),
    ("contacts_per_case", RATIO, lambda c: (
        c.n("contacts_with_customer"), c.n("contacts_with_customer") - c.n("repeat_contacts"))),
    ("fcr_rate", PCT, lambda c: (c.n("fcr"), c.n("fcr_eligible"))),
    ("csat_pct", PCT, lambda c: (c.n("csat_satisfied"), c.n("csat_responses"))),
    ("csat_avg", RATIO, lambda c: (c.n("csat_sum"), c.n("csat_responses"))),
    ("nps", PCT, lambda c: (c.n("nps_promoters") - c.n("nps_detractors"), c.n("nps_responses"))),
    ("ces_avg", RATIO, lambda c: (c.n("ces_sum"), c.n("ces_responses"))),
    ("ces_easy_pct", PCT, lambda c: (c.n("ces_easy"), c.n("ces_responses"))),
    ("quality_score", RATIO, lambda c: (c.n("qa_sum"), 1000 * c.n("qa_evaluations"))),
    ("occupancy", PCT, lambda c: (
        c.n("busy_time") + c.n("acw_state_time"),
        c.n("busy_time") + c.n("acw_state_time") + c.n("available_time"))),
    ("utilization", PCT, lambda c: (c.n("busy_time") + c.n("acw_state_time"), c.n("logged_in_time"))),
    ("customers_new", CNT, lambda c: c.n("customers_new")),
    ("customers_churned", CNT, lambda c: c.n("customers_churned")),
    ("churn_rate", PCT, lambda c: stock(c, lambda s, e: (c.n("customers_churned"), s))),
    ("retention_rate", PCT, lambda c: stock(c, lambda s, e: (e - c.n("customers_new"), s))),
    ("referral_rate", PCT, lambda c: (c.n("customers_referred"), c.n("customers_new"))),
    ("revenue", MONEY, lambda c: c.n("revenue")),
    ("arpu", RATIO, lambda c: stock(c, lambda s, e: (c.n("revenue"), e))),
    ("clv", RATIO, lambda c: stock(c, lambda s, e: None if s == 0 else (
        c.n("revenue") * s, e * c.n("customers_churned")))),
    ("engagement", RATIO, lambda c: stock(c, lambda s, e: (c.n("contacts_with_customer"), e))),
    # beyond METRICS.md's table: the agent-state times (CHOICES.md, "Agent states")
    ("logged_in_time", MS, lambda c: c.n("logged_in_time")),
    ("available_time", MS, lambda c: c.n("available_time")),
    ("busy_time", MS, lambda c: c.n("busy_time")),
    ("not_ready_time", MS, lambda c: c.n("not_ready_time")),
    ("acw_state_time", MS, lambda c: c.n("acw_state_time")),
    # business-hours variants (METRICS.md): no values without a calendar
    ("avg_agent_frt_bh", MS_AVG, lambda c: avg(c, "agent_frt_bh")),
    ("first_reply_time_bh", MS_AVG, lambda c: avg(c, "first_reply_time_bh")),
    ("avg_response_time_bh", MS_AVG, lambda c: avg(c, "response_time_bh")),
    ("avg_resolution_time_bh", MS_AVG, lambda c: avg(c, "resolution_time_bh")),
]
METRIC_NAMES = [m[0] for m in METRICS]


def level_part(m, part):
    if part == "change":
        return lambda c: c.n(m)
    k = 0 if part == "start" else 1
    return lambda c: None if c.lv is None else c.lv[m][k]


# The model's own view of the level measures (not metrics of ccm-report;
# --metrics accepts them, test-refmodel-fixtures.py uses them for the
# @model-only cases): LEVEL.start, LEVEL.end, LEVEL.change.
LEVEL_METRICS = [("%s.%s" % (m, part), CNT, level_part(m, part))
                 for m in LEVELS for part in ("start", "end", "change")]
LEVEL_NAMES = set(m[0] for m in LEVEL_METRICS)


def fmt_ms_sum(ms):
    sign = "-" if ms < 0 else ""
    ms = abs(ms)
    return "%s%d.%03d" % (sign, ms // 1000, ms % 1000)


def format_metric(unit, v):
    if v is None:
        return ""
    if unit == CNT:
        return str(v)
    if unit == MS:
        return fmt_ms_sum(v)
    if unit == "max":
        return "" if v is None else fmt_ms_sum(v)
    if unit == MONEY:
        return fmt_fixed6(Fraction(v))
    num, den = v
    if den == 0:
        return ""
    if unit == MS_AVG:
        # Seconds with three decimals of the average rounded to a whole
        # millisecond, half away from zero (CLI.md; report_output.c).
        q = Fraction(num, den)
        r = int(abs(q) + Fraction(1, 2))
        return fmt_ms_sum(-r if q < 0 else r)
    if unit == PCT:
        q = Fraction(num * 100, den)
    else:
        q = Fraction(num, den)
    return fmt_fixed6(q)


def fmt_fixed6(q):
    """An exact fraction with six decimals, rounded half away from zero (the
    engine computes in doubles: the last digit may differ, which the
    comparison tolerates)."""
    micro = int(abs(q) * 1000000 + Fraction(1, 2))
    sign = "-" if q < 0 and micro else ""
    return "%s%d.%06d" % (sign, micro // 1000000, micro % 1000000)


# ---------------------------------------------------------------------------
# Local time (CHOICES.md, "Local time"): a POSIX TZ rule, the bucket of an
# instant in each time grain, and business time from a calendar.  Instants
# are ms since the epoch (UTC); an offset is local minus UTC in ms; a "local
# time" is the wall clock as ms since 1970-01-01 00:00 local, so the civil
# arithmetic of UTC applies to it.

HOUR_MS = 3600000
MIN_MS = 60000


def civil_from_days(z):
    """Days since 1970-01-01 -> (year, month, day), proleptic Gregorian."""
    z += 719468
    era = fdiv(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + 1 if m <= 2 else y, m, d)


def is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def weekday(days):
    """0 = Monday .. 6 = Sunday of a day number (1970-01-01 was a Thursday)."""
    return (days + 3) % 7


TZ_NAME_RE = re.compile(r"<([A-Za-z0-9+-]{3,})>|([A-Za-z]{3,})")
# [+-]hh[:mm[:ss]]: a zone offset (hours 0..24) or a rule time (0..167)
TZ_HMS_RE = re.compile(r"([+-]?)([0-9]{1,3})(?::([0-9]{2})(?::([0-9]{2}))?)?")
TZ_DATE_RE = re.compile(r"M([0-9]{1,2})\.([0-9])\.([0-9])|J([0-9]{1,3})|([0-9]{1,3})")
US_RULES = ((("M", 3, 2, 0), 2 * HOUR_MS), (("M", 11, 1, 0), 2 * HOUR_MS))


class TzRule:
    """A POSIX TZ rule `std offset [dst [offset] [,start[/time],end[/time]]]`
    (the offset is west of Greenwich: EST5 is UTC-5).  Without a daylight
    part the offset is fixed; a daylight name without rules takes the US
    rules M3.2.0,M11.1.0; the daylight offset defaults to one hour ahead.
    Daylight time starts at `start` (a local time in standard time) and ends
    at `end` (in daylight time), every year; the state at an instant is that
    of the latest transition at or before it, so a southern rule (start
    later in the year than end) needs no special case.  "" is UTC."""

    def __init__(self, text):
        self.text = text
        self.std, self.dst, self.rules = 0, None, None
        self.cover = None          # (first year, last year) of times/offs
        self.times, self.offs = [], []
        if text:
            self.parse(text)

    def parse(self, s):
        pos = [0]

        def name():
            m = TZ_NAME_RE.match(s, pos[0])
            if not m:
                raise ValueError("bad zone name")
            pos[0] = m.end()
            return m.group(1) or m.group(2)

        def hms(max_hours, signed=True):
            m = TZ_HMS_RE.match(s, pos[0])
            if not m or (m.group(1) and not signed):
                raise ValueError("bad offset or time")
            h, mi, se = int(m.group(2)), int(m.group(3) or 0), int(m.group(4) or 0)
            if h > max_hours or mi > 59 or se > 59:
                raise ValueError("offset or time out of range")
            pos[0] = m.end()
            v = ((h * 60 + mi) * 60 + se) * 1000
            return -v if m.group(1) == "-" else v

        def at_offset():
            return pos[0] < len(s) and (s[pos[0]].isdigit() or s[pos[0]] in "+-")

        def rule():
            m = TZ_DATE_RE.match(s, pos[0])
            if not m:
                raise ValueError("bad rule date")
            pos[0] = m.end()
            if m.group(1):
                date = ("M", int(m.group(1)), int(m.group(2)), int(m.group(3)))
                if not (1 <= date[1] <= 12 and 1 <= date[2] <= 5 and date[3] <= 6):
                    raise ValueError("bad M rule")
            elif m.group(4):
                date = ("J", int(m.group(4)), 0, 0)
                if not 1 <= date[1] <= 365:
                    raise ValueError("bad J rule")
            else:
                date = ("N", int(m.group(5)), 0, 0)
                if date[1] > 365:
                    raise ValueError("bad day rule")
            time = 2 * HOUR_MS
            if s.startswith("/", pos[0]):
                pos[0] += 1
                time = hms(167)
            return date, time

        name()
        self.std = -hms(24)
        if pos[0] == len(s):
            return
        name()
        self.dst = self.std + HOUR_MS
        if at_offset():
            self.dst = -hms(24)
        if pos[0] == len(s):
            self.rules = US_RULES
            return
        if not s.startswith(",", pos[0]):
            raise ValueError("junk after the daylight part")
        pos[0] += 1
        start = rule()
        if not s.startswith(",", pos[0]):
            raise ValueError("no end rule")
        pos[0] += 1
        end = rule()
        if pos[0] != len(s):
            raise ValueError("junk after the rules")
        self.rules = (start, end)

    @staticmethod
    def rule_day(date, y):
        """Day number of a rule's date in year y."""
        kind, a, w, d = date
        jan1 = days_from_civil(y, 1, 1)
        if kind == "J":  # 1..365, February 29 never counted
            return jan1 + a - 1 + (1 if is_leap(y) and a >= 60 else 0)
        if kind == "N":  # 0..365, February 29 counted
            return jan1 + a
        first = days_from_civil(y, a, 1)
        nxt = days_from_civil(y + 1, 1, 1) if a == 12 else days_from_civil(y, a + 1, 1)
        sunday0 = (first + 4) % 7  # weekday of the 1st, 0 = Sunday
        day = first + (d - sunday0) % 7 + 7 * (w - 1)
        while day >= nxt:  # week 5: the last such day of the month
            day -= 7
        return day

    def ensure(self, t):
        """Transitions known around the year of instant t: times[k] is the
        k-th change of offset, offs[k] the offset from it on (times[0] is
        minus infinity)."""
        y = civil_from_days(fdiv(t, DAY_MS))[0]
        if self.cover and self.cover[0] < y < self.cover[1]:
            return
        lo, hi = y - 3, y + 3
        if self.cover:
            lo, hi = min(lo, self.cover[0]), max(hi, self.cover[1])
        (sdate, stime), (edate, etime) = self.rules
        # (instant, order, offset after): an end at the same instant as a
        # start goes first, so that `J1/0,J365/25` (RFC 8536) is daylight
        # time all year
        trans = []
        for yy in range(lo, hi + 1):
            trans.append((self.rule_day(sdate, yy) * DAY_MS + stime - self.std, 1, self.dst))
            trans.append((self.rule_day(edate, yy) * DAY_MS + etime - self.dst, 0, self.std))
        trans.sort()
        self.times = [-(1 << 80)]
        self.offs = [self.std if trans[0][2] == self.dst else self.dst]
        for k, (when, _, off) in enumerate(trans):
            if k + 1 < len(trans) and trans[k + 1][0] == when:
                continue  # the later one of the same instant holds
            if off != self.offs[-1]:
                self.times.append(when)
                self.offs.append(off)
        self.cover = (lo, hi)

    def offset(self, t):
        if self.rules is None:
            return self.std
        self.ensure(t)
        return self.offs[bisect.bisect_right(self.times, t) - 1]

    def change_at_or_before(self, t):
        """The latest change of offset at or before t, else None."""
        if self.rules is None:
            return None
        self.ensure(t)
        k = bisect.bisect_right(self.times, t) - 1
        return self.times[k] if k > 0 else None

    def change_after(self, t):
        """The first change of offset after t, else None."""
        if self.rules is None:
            return None
        self.ensure(t)  # known up to 3 years on: a rule changes every year
        k = bisect.bisect_right(self.times, t)
        return self.times[k] if k < len(self.times) else None


UTC = TzRule("")


def local_range(grain, local, interval_ms):
    """The local range [lo, hi) of a grain holding a local time (hour of day
    and day of week: the hour and the day)."""
    if grain == "interval":
        lo = fdiv(local, interval_ms) * interval_ms
        return lo, lo + interval_ms
    if grain == "hour":
        lo = fdiv(local, HOUR_MS) * HOUR_MS
        return lo, lo + HOUR_MS
    days = fdiv(local, DAY_MS)
    if grain in ("date", "dow"):
        return days * DAY_MS, days * DAY_MS + DAY_MS
    if grain == "week":
        monday = days - weekday(days)
        return monday * DAY_MS, (monday + 7) * DAY_MS
    if grain == "month":
        y, m, _ = civil_from_days(days)
        first = days_from_civil(y, m, 1)
        nxt = days_from_civil(y + 1, 1, 1) if m == 12 else days_from_civil(y, m + 1, 1)
        return first * DAY_MS, nxt * DAY_MS
    raise ValueError(grain)


def bucket_run(tz, grain, t, interval_ms):
    """The bucket of instant t: (lo, first, end) where [lo, hi) is the local
    range holding t's local time and [first, end) the run of instants
    around t whose local time stays in that range (a clock change that
    keeps local time inside the range continues the run).  At a fall-back
    the repeated local times make a second run (a second bucket) of a range
    they left; a spring-forward gap shortens one."""
    off = tz.offset(t)
    lo, hi = local_range(grain, t + off, interval_ms)
    s, s_off = t, off
    while True:  # back to the run's first instant
        change = tz.change_at_or_before(s)
        if change is None or lo - s_off > change:
            first = lo - s_off
            break
        before = tz.offset(change - 1)  # the instant before the change
        if not lo <= change - 1 + before < hi:
            first = change
            break
        s, s_off = change - 1, before
    e, e_off = t, off
    while True:  # on to the instant after the run
        change = tz.change_after(e)
        if change is None or hi - e_off < change:
            end = hi - e_off
            break
        after = tz.offset(change)
        if not lo <= change + after < hi:
            end = change
            break
        e, e_off = change, after
    return lo, first, end


def iso_week_text(lo):
    """ISO YYYY-Www of the week starting on local day lo (a Monday)."""
    thursday = fdiv(lo, DAY_MS) + 3
    y = civil_from_days(thursday)[0]
    return "%04d-W%02d" % (y, (thursday - days_from_civil(y, 1, 1)) // 7 + 1)


def time_key(kind, ts, cfg):
    """(sort value, printed value) of an instant in a time key, in the local
    time of cfg["tz"].  Buckets (interval, date, week, month) sort by their
    first instant: two runs of a repeated local range are two keys printed
    alike; hour of day and day of week by their number.  An interval prints
    the local time of its first instant, a date, week or month its range."""
    tz = cfg.get("tz", UTC)
    if kind in ("hour", "dow"):
        local = ts + tz.offset(ts)
        if kind == "hour":
            h = (local % DAY_MS) // HOUR_MS
            return h, "%02d" % h
        dow = weekday(fdiv(local, DAY_MS))
        return dow, DOW_NAMES[dow]
    lo, first, _ = bucket_run(tz, kind, ts, cfg["interval"])
    if kind == "interval":
        # the local time of the bucket's first instant: the range's start,
        # unless a spring-forward gap skipped it (02:30 for [02:00, 03:00)
        # when 02:00..02:30 did not exist)
        start = first + tz.offset(first)
        y, m, d = civil_from_days(fdiv(start, DAY_MS))
        rest = start % DAY_MS
        return first, "%04d-%02d-%02dT%02d:%02d" % (y, m, d, rest // HOUR_MS, rest // MIN_MS % 60)
    y, m, d = civil_from_days(fdiv(lo, DAY_MS))
    if kind == "date":
        return first, "%04d-%02d-%02d" % (y, m, d)
    if kind == "week":
        return first, iso_week_text(lo)
    if kind == "month":
        return first, "%04d-%02d" % (y, m)
    raise ValueError(kind)


# Business calendars (doc/CALENDAR.md): weekly open spans of local time and
# holidays (local dates closed all day).

CAL_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
CAL_SPAN_RE = re.compile(r"([0-9]{1,2}):([0-9]{2})-([0-9]{1,2}):([0-9]{2})\Z")
CAL_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
CAL_MAX_SPANS = 16  # separate spans of one day


class Calendar:
    def __init__(self, text):
        """Parse a calendar text; ValueError("line N: ...") when bad: the
        whole text or nothing."""
        spans = [[] for _ in range(7)]  # per weekday: (open, close) ms after midnight
        self.holidays = set()           # day numbers
        for n, line in enumerate(text.split("\n"), 1):
            if "\0" in line:
                raise ValueError("line %d: NUL byte" % n)
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            head = words[0].lower()
            if head == "holiday" and len(words) >= 2:
                for w in words[1:]:
                    m = CAL_DATE_RE.match(w)
                    y, mo, d = (int(x) for x in m.groups()) if m else (0, 0, 0)
                    if not (1 <= y <= 9999 and 1 <= mo <= 12 and 1 <= d <= 31) or \
                            civil_from_days(days_from_civil(y, mo, d)) != (y, mo, d):
                        raise ValueError("line %d: bad date %s" % (n, w))
                    self.holidays.add(days_from_civil(y, mo, d))
            elif head in CAL_DAYS and len(words) >= 2:
                day = spans[CAL_DAYS.index(head)]
                for w in words[1:]:
                    m = CAL_SPAN_RE.match(w)
                    if not m:
                        raise ValueError("line %d: bad span %s" % (n, w))
                    h1, m1, h2, m2 = (int(x) for x in m.groups())
                    a, b = h1 * 60 + m1, h2 * 60 + m2
                    if h1 > 23 or m1 > 59 or m2 > 59 or b > 1440 or a >= b:
                        raise ValueError("line %d: bad span %s" % (n, w))
                    day.append((a * MIN_MS, b * MIN_MS))
                if len(self.merged(day)) > CAL_MAX_SPANS:
                    raise ValueError("line %d: more than %d spans on a day" % (n, CAL_MAX_SPANS))
            else:
                raise ValueError("line %d: not a calendar entry" % n)
        self.spans = [self.merged(s) for s in spans]
        self.day_open = [sum(b - a for a, b in s) for s in self.spans]

    @staticmethod
    def merged(spans):
        out = []
        for a, b in sorted(spans):
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out

    def open_before(self, local):
        """Business ms of all local times before `local`, counted from local
        day 4 (1970-01-05, a Monday): a difference of two gives the open
        time of a local range."""
        days = fdiv(local, DAY_MS)
        weeks, rest = divmod(days - 4, 7)
        total = weeks * sum(self.day_open) + sum(self.day_open[:rest])
        # holidays before the day: only differences matter, so every one
        # before it counts, however early
        total -= sum(self.day_open[weekday(h)] for h in self.holidays if h < days)
        if days not in self.holidays:
            into = local - days * DAY_MS
            total += sum(min(max(into - a, 0), b - a) for a, b in self.spans[weekday(days)])
        return total


def business_ms(tz, cal, a, b):
    """Business time of [a, b): the milliseconds whose local time is in an
    open span of a non-holiday local date, one stretch of constant offset at
    a time (a repeated open hour counts twice, a skipped one not at all)."""
    total = 0
    while a < b:
        off = tz.offset(a)
        change = tz.change_after(a)
        e = b if change is None or change > b else change
        total += cal.open_before(e + off) - cal.open_before(a + off)
        a = e
    return total


# ---------------------------------------------------------------------------
# Driver.

USAGE = ("usage: ccm_refmodel.py [--by LIST] [--metrics LIST|all] [--interval MIN]\n"
         "       [--tz RULE] [--calendar FILE] [--percentiles]\n"
         "       [--sl-threshold SEC] [--short-abandon SEC] [--ring-cycle SEC]\n"
         "       [--frt-target SEC] [--resolution-target SEC] [--repeat-window DAYS]\n"
         "       [--csat-satisfied N] [--ces-easy N] [--as-of TIME]\n"
         "       [--customers-base N] FILE.csv|-\n")


def usage_error(msg):
    sys.stderr.write("ccm_refmodel.py: %s\n%s" % (msg, USAGE))
    sys.exit(2)


def seconds_ms(opt, s):
    try:
        v = Fraction(s)
    except (ValueError, ZeroDivisionError):
        usage_error("%s: not a number: %s" % (opt, s))
    if v < 0:
        usage_error("%s: negative" % opt)
    return int(v * 1000)


AS_OF_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?\Z")


def days_from_civil(y, m, d):
    """(year, month, day) -> days since 1970-01-01 (inverse of civil_from_days)."""
    y -= m <= 2
    era = fdiv(y, 400)
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def parse_as_of(s):
    """--as-of: integer milliseconds since the epoch, or UTC
    YYYY-MM-DDTHH:MM[:SS]."""
    if TS_RE.match(s):
        return int(s)
    m = AS_OF_RE.match(s)
    if not m:
        usage_error("--as-of: not a time: %s" % s)
    y, mo, d, h, mi = (int(x) for x in m.groups()[:5])
    sec = int(m.group(6) or 0)
    if not (1 <= mo <= 12 and 1 <= d <= 31 and h < 24 and mi < 60 and sec < 60):
        usage_error("--as-of: not a time: %s" % s)
    return (days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec) * 1000


def parse_args(argv):
    cfg = {"interval": 15 * 60000, "sl_threshold": 20000, "short_abandon": 5000,
           "ring_cycle": 6000, "frt_target": 3600000, "resolution_target": 86400000,
           "repeat_window": 7 * DAY_MS, "csat_satisfied": 4, "ces_easy": 5, "as_of": None,
           "customers_base": 0, "now": None, "tz": UTC, "calendar": None,
           "percentiles": False, "idle_timeout": DAY_MS}
    by, metrics, path = [], list(METRIC_NAMES), None
    opts = {"--sl-threshold": "sl_threshold", "--short-abandon": "short_abandon",
            "--ring-cycle": "ring_cycle", "--frt-target": "frt_target",
            "--resolution-target": "resolution_target", "--idle-timeout": "idle_timeout"}
    i = 0
    while i < len(argv):
        a = argv[i]
        val = None
        if a.startswith("--") and "=" in a:
            a, val = a.split("=", 1)
        takes = a in opts or a in ("--by", "--metrics", "--interval", "--format",
                                   "--repeat-window", "--csat-satisfied", "--ces-easy",
                                   "--as-of", "--customers-base", "--tz", "--calendar")
        if takes and val is None:
            i += 1
            if i >= len(argv):
                usage_error("%s needs a value" % a)
            val = argv[i]
        if a == "--by":
            by = [x for x in val.split(",") if x] if val else []
            for x in by:
                if x not in DIMS and x not in TIME_KEYS:
                    usage_error("unknown --by name: %s" % x)
            if len(set(by)) != len(by):
                usage_error("--by names a key twice")
            if sum(1 for x in by if x in TIME_KEYS) > 1:
                usage_error("--by takes at most one time key")
        elif a == "--metrics":
            metrics = list(METRIC_NAMES) if val == "all" else val.split(",")
            for m in metrics:
                if m not in METRIC_NAMES and m not in LEVEL_NAMES:
                    usage_error("unknown or unsupported metric: %s" % m)
        elif a == "--interval":
            if not val.isdigit() or int(val) <= 0 or 1440 % int(val):
                usage_error("--interval must divide a day: %s" % val)
            cfg["interval"] = int(val) * 60000
        elif a == "--format":
            if val != "csv":
                usage_error("only --format csv is modelled")
        elif a == "--repeat-window":
            try:
                days = Fraction(val)
            except (ValueError, ZeroDivisionError):
                usage_error("%s: not a number: %s" % (a, val))
            if days < 0:
                usage_error("%s: negative" % a)
            cfg["repeat_window"] = int(days * DAY_MS + Fraction(1, 2))
        elif a in ("--csat-satisfied", "--ces-easy"):
            if not val.isdigit():
                usage_error("%s: not an integer: %s" % (a, val))
            cfg[a[2:].replace("-", "_")] = int(val)
        elif a == "--as-of":
            cfg["as_of"] = parse_as_of(val)
        elif a == "--tz":
            try:
                cfg["tz"] = TzRule(val)
            except ValueError as e:
                usage_error("--tz: %s: %s" % (e, val))
        elif a == "--calendar":
            try:
                with open(val, encoding="utf-8") as f:
                    cfg["calendar"] = Calendar(f.read())
            except (OSError, ValueError) as e:
                usage_error("--calendar: %s: %s" % (val, e))
        elif a == "--percentiles":
            cfg["percentiles"] = True
        elif a == "--customers-base":
            if not val.isdigit() or int(val) > 10 ** 12:
                usage_error("%s: not an integer 0..10^12: %s" % (a, val))
            cfg["customers_base"] = int(val)
        elif a in opts:
            cfg[opts[a]] = seconds_ms(a, val)
            if a == "--ring-cycle" and cfg["ring_cycle"] <= 0:
                usage_error("--ring-cycle must be positive")
        elif a.startswith("-") and a != "-":
            usage_error("unknown option: %s" % a)
        else:
            if path is not None:
                usage_error("one input file only")
            path = a
        i += 1
    if path is None:
        usage_error("no input file")
    return cfg, by, metrics, path


class BadInput(Exception):
    """The input cannot be read at all (exit status 2)."""


def ingest(data):
    """Read and validate a whole canonical CSV (bytes).

    Returns (world, messages, summary): world.contacts maps a contact id to
    its state with the list of its accepted events, world.stream lists every
    accepted event in input order; messages are the stderr
    lines of the rejected records; summary is the final stderr line."""
    text = data.decode("utf-8", "surrogateescape")
    records = read_records(text)
    first = next(records, None)
    if first is None or first[2] or first[1] not in (HEADER, HEADER + ["id"]):
        raise BadInput("bad or missing header")
    ncols = len(first[1])
    world = World()
    accepted_ids = set()
    accepted = rejected = duplicates = 0
    messages = []
    for line, fields, problem in records:
        name = printable(fields[1] if len(fields) > 1 else "")
        try:
            if problem:
                raise Reject(problem)
            ev = make_event(line, fields, ncols)
            if ev.id is not None and ev.id in accepted_ids:
                duplicates += 1  # a duplicate delivery: ignored
                continue
            check_fields(ev)
            check_and_apply(world, ev)
            world.stream.append(ev)
            accepted += 1
            if ev.id is not None:
                accepted_ids.add(ev.id)
        except Reject as r:
            rejected += 1
            messages.append("line %d: %s: %s" % (line, name, r.args[0]))
    if duplicates:
        summary = "accepted %d, rejected %d, duplicates %d" % (accepted, rejected, duplicates)
    else:
        summary = "accepted %d, rejected %d" % (accepted, rejected)
    return world, messages, summary


def customer_pass(world, cfg):
    """Repeat contacts and first contact resolution, in the order the events
    were accepted (CHOICES.md, "Customers and first contact resolution"):
    one latest start per customer; a provisional fcr is taken back by
    another start of the customer 0 <= t - closure <= window, or by a
    reopen, escalate or transfer of the contact within the window."""
    window = cfg["repeat_window"]
    latest = {}   # customer -> (latest start time, the contact that started then)
    pending = {}  # customer -> contacts with an fcr credited (maybe taken back since)
    for c in world.contacts.values():
        c.repeat = c.closed_once = c.transferred = c.escalated = False
        c.fcr = c.closure_ts = None
    for ev in world.stream:
        c = ev.vc
        if c is None or ev.type in SURVEYS:
            continue
        t = ev.type
        cust = c.events[0].customer
        if t == "contact_start":
            if not cust:
                continue
            rec = latest.get(cust)
            if rec is not None and 0 <= ev.ts - rec[0] <= window:
                c.repeat = True
            for other in pending.get(cust, []):
                if other.fcr == "fcr" and 0 <= ev.ts - other.closure_ts <= window:
                    other.fcr = "taken"
            if rec is None or ev.ts >= rec[0]:
                latest[cust] = (ev.ts, c)
        elif t == "resolve":
            if c.closed_once:
                continue
            c.closed_once = True
            if not cust or c.repeat:
                continue
            c.fcr = "eligible"
            if c.transferred or c.escalated:
                continue
            s, holder = latest[cust]
            if holder is not c and 0 <= s - ev.ts <= window:
                continue  # a later start of the customer is already known
            c.fcr, c.closure_ts = "fcr", ev.ts
            pending.setdefault(cust, []).append(c)
        elif t in ("reopen", "escalate", "transfer"):
            if t == "transfer":
                c.transferred = True
            elif t == "escalate":
                c.escalated = True
            if c.fcr == "fcr" and ev.ts - c.closure_ts <= window:
                c.fcr = "taken"


def as_of_time(world, cfg):
    """Where ccm-report calls ccm_engine_advance() after the input."""
    if cfg.get("as_of") is not None:
        return cfg["as_of"]
    return world.max_ts()


def agent_state_contributions(world, cfg):
    """Agent-state spans: each state event closes the agent's running span
    [since, t) and opens one; the span's team is its opening event's, else
    the agent's previous team.  At the end, ccm_engine_advance(as-of)
    credits every open span up to as-of (when as-of is after its start).
    Empty spans credit nothing."""
    out = []
    agents = {}  # agent -> [state, since, team, reason]

    # an agent silent longer than the idle timeout (366 days when it is 0)
    # gets state time only up to its last event + that timeout
    silence = cfg["idle_timeout"] if cfg["idle_timeout"] > 0 else 366 * DAY_MS

    def credit(agent, state, a, b, team, reason):
        b = min(b, a + silence)  # a: the span's opening event, the agent's last
        if state == "logged_out" or b <= a:
            return
        for m in ("logged_in_time", STATE_MEASURE[state]):
            out.append(free_contribution(m, b - a, a, span=(a, b), agent=agent, team=team, reason=reason))

    def gauge(agent, state, team, reason, value, ts):
        # agents_<state> and agents_logged_in: +1 entering, -1 leaving
        if state == "logged_out":
            return
        for m in ("agents_logged_in", "agents_" + state):
            out.append(free_contribution(m, value, ts, agent=agent, team=team, reason=reason))

    for ev in world.stream:
        if ev.type != "agent_state":
            continue
        rec = agents.get(ev.agent)
        if rec is not None:
            credit(ev.agent, rec[0], rec[1], ev.ts, rec[2], rec[3])
            gauge(ev.agent, rec[0], rec[2], rec[3], -1, ev.ts)
        team = ev.team or (rec[2] if rec is not None else "")
        # the reason code keys views by reason as its decimal text
        reason = str(int(ev.fval)) if ev.fval is not None else ""
        gauge(ev.agent, ev.label, team, reason, 1, ev.ts)
        agents[ev.agent] = [ev.label, ev.ts, team, reason]
    now = as_of_time(world, cfg)
    if now is not None:
        for agent in agents:
            state, since, team, reason = agents[agent]
            credit(agent, state, since, now, team, reason)
    return out


def free_event_contributions(world, cfg):
    """Surveys of no held contact, and the business ledger."""
    out = []
    for ev in world.stream:
        t = ev.type
        if t in SURVEYS and ev.vc is None:
            for m, v in survey_measures(ev, cfg):
                out.append(free_contribution(m, v, ev.ts, agent=ev.agent, team=ev.team,
                                             skill=ev.skill, channel=ev.channel,
                                             campaign=ev.campaign))
        elif t == "cost":
            out.append(free_contribution("cost", int(ev.fval), ev.ts, skill=ev.skill,
                                         channel=ev.channel, campaign=ev.campaign))
        elif t == "customer_acquire":
            out.append(free_contribution("customers_new", 1, ev.ts, campaign=ev.campaign))
            out.append(free_contribution("customers_active", 1, ev.ts, campaign=ev.campaign))
            if ev.fval == 1:
                out.append(free_contribution("customers_referred", 1, ev.ts, campaign=ev.campaign))
        elif t == "customer_churn":
            out.append(free_contribution("customers_churned", 1, ev.ts))
            out.append(free_contribution("customers_active", -1, ev.ts))
        elif t == "customer_revenue":
            out.append(free_contribution("revenue", int(ev.fval), ev.ts, skill=ev.skill,
                                         channel=ev.channel, campaign=ev.campaign))
    return out


def all_contributions(world, cfg):
    """(contribution, events of its contact or None) for everything."""
    customer_pass(world, cfg)
    out = []
    for c in world.contacts.values():
        for cb in derive(c, cfg):
            out.append((cb, c.events))
    for cb in free_event_contributions(world, cfg) + agent_state_contributions(world, cfg):
        out.append((cb, None))
    # longest_wait: where ccm-report calls ccm_engine_advance() (report()
    # reads cfg["now"]), and the contacts still waiting then
    now = cfg["now"] = as_of_time(world, cfg)
    for cb in waiting_probes(world, now):
        out.append((cb, None))
    return out


def waiting_probes(world, now):
    """One "waiting" contribution per contact whose last queue visit is not
    ended at the end of the input: its age at now (0 when negative), with
    the visit's in-queue key (visit skill, the contact's channel,
    direction, type, campaign and current disposition; no agent, team; by
    tag: each of its tags, or none), at the time now.  report() keeps the
    largest per key; they make no row."""
    out = []
    for c in world.contacts.values():
        if not c.visit:
            continue
        evs = c.events
        k = max(i for i, ev in enumerate(evs) if ev.type == "queue_enter")
        start = evs[0]
        disposition = disposition_before(evs, len(evs))
        cb = free_contribution(
            "waiting", max(0, now - evs[k].ts), now, skill=evs[k].skill,
            channel=start.channel, direction=start.direction,
            contact_type=start.label, campaign=start.campaign,
            disposition=disposition)
        cb.state = (disposition, tags_before(evs, len(evs)))
        out.append(cb)
    return out


def span_pieces(a, b, kind, cfg):
    """[a, b) cut where it leaves a bucket of the time key (hour of day and
    day of week: a local hour, a local day): (start, length) pieces."""
    out = []
    while a < b:
        nxt = min(bucket_run(cfg["tz"], kind, a, cfg["interval"])[2], b)
        out.append((a, nxt - a))
        a = nxt
    return out


def read_levels(cells, waits, by, tkey, cfg):
    """Set cell.lv (level measure -> (level at the start, at the end of the
    row's bucket); None by hour or dow: undefined) and cell.lw (longest
    wait, ms, or None) of every row (CHOICES.md, "Levels").  Without a time
    key a row's level is the sum of its changes; by interval or date, the sum
    of the changes of its key in its bucket and every earlier one.  The
    customers base belongs to the key whose every dimension is empty, from
    the beginning of time."""
    if tkey in ("hour", "dow"):
        for cell in cells.values():
            cell.lv = cell.lw = None
        return
    tpos = by.index(tkey) if tkey else None
    groups = {}
    for key in cells:
        rest = tuple(k for j, k in enumerate(key) if j != tpos)
        groups.setdefault(rest, []).append(key)
    now = cfg.get("now")
    now_bucket = time_key(tkey, now, cfg) if tkey and now is not None else None
    for rest, keys in groups.items():
        level = dict((m, 0) for m in LEVELS)
        if all(k[1] == "" for k in rest):
            level["customers_active"] = cfg["customers_base"]
        for key in sorted(keys):  # by bucket, earliest first
            cell = cells[key]
            cell.lv = {}
            for m in LEVELS:
                start = level[m]
                level[m] += cell.n(m)
                cell.lv[m] = (start, level[m])
            if tkey is None or key[tpos] == now_bucket:
                cell.lw = waits.get(key)
            else:
                cell.lw = None


def report(contributions, cfg, by, metrics):
    """The `ccm-report --format csv` output for one --by set, as text."""
    cells = {}
    waits = {}  # key -> the age of the oldest contact waiting at as-of
    tkey = next((x for x in by if x in TIME_KEYS), None)
    for cb, evs in contributions:
        if evs is None:
            base = cb.free
            tags = (cb.state[1] or [""]) if cb.state and "tag" in by else [""]
            ts = cb.ts
        else:
            start = evs[0]
            ts = evs[cb.i].ts
            if "tag" not in by:
                tags = [""]
            elif cb.state is not None:
                tags = cb.state[1] or [""]
            elif cb.own_tag is not None:
                tags = [cb.own_tag]
            else:
                tags = tags_before(evs, cb.i) or [""]
            if "disposition" not in by:
                disposition = ""
            elif cb.state is not None:
                disposition = cb.state[0]
            else:
                disposition = disposition_before(evs, cb.i)
            base = {"agent": cb.agent, "team": cb.team, "skill": cb.skill,
                    "campaign": start.campaign, "channel": start.channel,
                    "direction": start.direction, "contact_type": start.label,
                    "disposition": disposition, "reason": ""}
            if cb.over:
                base.update(cb.over)
        if cb.span is not None and tkey:
            pieces = span_pieces(cb.span[0], cb.span[1], tkey, cfg)
        else:
            pieces = [(ts, cb.value)]
        for pts, value in pieces:
            tk = time_key(tkey, pts, cfg) if tkey else None
            for tag in tags:
                dims = dict(base)
                dims["tag"] = tag
                key = tuple(tk if x in TIME_KEYS else
                            (dims[x].encode("utf-8", "surrogateescape"), dims[x])
                            for x in by)
                if cb.measure == "waiting":
                    # a contact still waiting at as-of (its age): makes no row
                    waits[key] = max(waits.get(key, value), value)
                    continue
                cell = cells.get(key)
                if cell is None:
                    cell = cells[key] = Cell()
                cell.add(cb.measure, value)
    read_levels(cells, waits, by, tkey, cfg)

    table = dict((m[0], m) for m in METRICS + LEVEL_METRICS)
    columns = []  # (header, unit, function of a cell)
    for m in metrics:
        columns.append(table[m])
        if cfg.get("percentiles") and m in PERCENTILE_TIMER:
            for suffix, q in PERCENTILES:
                timer = PERCENTILE_TIMER[m]
                columns.append((m + suffix, MS, lambda c, t=timer, q=q: c.quantile(t, q)))
    lines = [",".join(by + [c[0] for c in columns])]
    for key in sorted(cells):
        cell = cells[key]
        row = [csv_quote(k[1]) for k in key]
        for _, unit, fn in columns:
            row.append(format_metric(unit, fn(cell)))
        lines.append(",".join(row))
    return "\n".join(lines) + "\n"


def main(argv):
    cfg, by, metrics, path = parse_args(argv)
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as f:
                data = f.read()
    except OSError as e:
        sys.stderr.write("ccm_refmodel.py: %s: %s\n" % (path, e.strerror))
        return 2
    try:
        world, messages, summary = ingest(data)
    except BadInput as e:
        sys.stderr.write("ccm_refmodel.py: %s: %s\n" % (path, e))
        return 2
    out = report(all_contributions(world, cfg), cfg, by, metrics)
    for m in messages:
        sys.stderr.write(m + "\n")
    sys.stderr.write(summary + "\n")
    sys.stdout.write(out)
    return 0


def printable(s):
    """An input field as ccm-report shows it in a message: at most 64 bytes,
    control characters as '?', "..." when cut."""
    b = s.encode("utf-8", "surrogateescape")
    out = bytes((0x3f if ch < 0x20 or ch == 0x7f else ch) for ch in b[:64])
    return out.decode("utf-8", "surrogateescape") + ("..." if len(b) > 64 else "")


def csv_quote(s):
    if any(ch in s for ch in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
