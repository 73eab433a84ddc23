#!/bin/sh
# shellcheck disable=SC2016 # awk and sh -c programs are single-quoted on purpose
# tests/test-gen.sh: ccm-gen writes deterministic, well-formed and valid
# event files.
#
# - the same options give byte-identical output, another seed another one;
# - examples/sample.csv is reproduced byte for byte by the command in its
#   second line;
# - header, comment, 12 fields per line, known event names, sorted times;
# - --contacts-only writes the bytes of the versions before the surveys,
#   agent states, costs and customer ledger (a checksum recorded from them);
#   --surveys (with it), --interleave and --bad only add or reorder lines;
# - a replay of the engine's rules (doc/CHOICES.md, in Python) accepts every
#   generated event and rejects exactly the --bad lines;
# - the new families are in range and consistent with the contacts: surveys
#   and QA after their contact, agent states in time order per agent and
#   busy exactly while the agent handles a contact;
# - the agents of the sample's command work shifts that follow the load:
#   occupancy from their states in a realistic range, no idle staffed hour,
#   no one logged in for more than a shift.
#
# Run from the top build directory (make check does); $srcdir locates the
# sources, $CCM_GEN may name the program.

set -u
srcdir=${srcdir:-.}
GEN=${CCM_GEN:-./examples/ccm-gen}
SAMPLE=$srcdir/examples/sample.csv
HEADER='ts,event,contact,channel,direction,customer,skill,campaign,agent,team,value,label'

if [ ! -x "$GEN" ]; then
  echo "test-gen: $GEN not built" >&2
  exit 99
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-gen.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
failed=0
ok() {
  n=$((n + 1))
  echo "ok $n - $1"
}
not_ok() {
  n=$((n + 1))
  failed=$((failed + 1))
  echo "not ok $n - $1"
}
check() { # check DESCRIPTION COMMAND...
  d=$1
  shift
  if "$@"; then ok "$d"; else not_ok "$d"; fi
}

# Lines without the comment lines.
strip() { grep -v '^#' "$1"; }

# ----------------------------------------------------------------------------
# The replay of the engine's rules.

cat > "$tmp/check.py" <<'EOF'
import sys

# Replays a canonical event CSV with the rules of doc/CHOICES.md, counts the
# lines the engine would reject, and flags what the generator must never
# produce (events a host's ccm_engine_expire() would make invalid, contacts
# left open).  Usage: check.py FILE EXPECTED_REJECTED [open-ok]
HEADER = "ts,event,contact,channel,direction,customer,skill,campaign,agent,team,value,label"
EVENTS = set("""contact_start queue_enter offer offer_miss answer queue_abandon queue_exit
blocked hold resume transfer escalate agent_end acw_end customer_message agent_message
bot_message focus_start focus_end tag disposition resolve reopen contact_end csat nps ces
qa_score agent_state cost customer_acquire customer_churn customer_revenue""".split())
SURVEYS = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}
FAMILIES = set(SURVEYS) | set("qa_score agent_state cost customer_acquire customer_churn "
                              "customer_revenue".split())
STATES = set("logged_out available busy not_ready acw".split())
CHANNELS = set("voice chat email sms social messaging video other".split())
AFTER_END = set("tag disposition resolve reopen escalate acw_end".split())
GRACE, IDLE = 300000, 86400000


class Contact:
    def __init__(self, channel, ts):
        self.channel = channel
        self.last = ts
        self.ended = False
        self.visit = False
        self.offers = set()
        self.leg = None          # agent of the open agent contact
        self.hold = False
        self.focus = False
        self.acw = []            # agents of agent contacts in after-contact work
        self.resolved = False
        self.had_leg_or_visit = False

    def over(self):
        if self.visit or self.leg is not None or self.acw:
            return False
        return self.resolved or (self.channel in ("voice", "video") and self.had_leg_or_visit)


def number(v):
    """The value as a float, None when it is not a decimal number."""
    if not v or not all(ch in "0123456789.-" for ch in v) or v.count(".") > 1:
        return None
    try:
        return float(v)
    except ValueError:
        return None


def is_int(v):
    return v != "" and (v.lstrip("-").isdigit())


def family_check(ev, cid, cust, agent, value, label, ts, agent_last):
    """The rejection reason of a survey/state/ledger event, None if valid."""
    if ev in SURVEYS:
        lo, hi = SURVEYS[ev]
        if value == "" or (not cid and not cust):
            return "missing field"
        if not is_int(value) or not lo <= int(value) <= hi:
            return "out of scale"
    elif ev == "qa_score":
        if not cid or value == "":
            return "missing field"
        x = number(value)
        if x is None or not 0 <= x <= 100:
            return "out of scale"
    elif ev == "agent_state":
        if not agent or not label:
            return "missing field"
        if label not in STATES:
            return "bad state"
        if value != "" and (not is_int(value) or not 0 <= int(value) < 2 ** 31):
            return "out of scale"
        if ts < agent_last.get(agent, ts):
            return "time backwards"
        agent_last[agent] = ts
    elif ev in ("cost", "customer_revenue"):
        if value == "" or (ev == "customer_revenue" and not cust):
            return "missing field"
        if not is_int(value) or abs(int(value)) > 2 ** 53:
            return "out of scale"
    elif ev in ("customer_acquire", "customer_churn"):
        if not cust:
            return "missing field"
        if ev == "customer_acquire" and value not in ("", "0", "1"):
            return "out of scale"
    return None


def replay(path, expected, open_ok):
    contacts = {}
    agent_last = {}
    rejected = {}
    accepted = 0
    errors = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != HEADER:
        errors.append("bad header")
    for n, line in enumerate(lines[1:], start=2):
        if line.startswith("#"):
            continue

        def reject(why):
            rejected[why] = rejected.get(why, 0) + 1
            if expected == 0 and len(errors) < 20:
                errors.append("line %d: %s: %s" % (n, why, line))

        f = line.split(",")
        if len(f) != 12:
            errors.append("line %d: %d fields" % (n, len(f)))
            continue
        ts, ev, cid, ch, dr, cust, skill, camp, agent, team, value, label = f
        if any(len(x.encode()) > 255 for x in f):
            errors.append("line %d: a field longer than 255 bytes" % n)
        try:
            ts = int(ts)
        except ValueError:
            reject("bad ts")
            continue
        if ev not in EVENTS:
            reject("unknown event")
            continue
        if ev in FAMILIES:
            why = family_check(ev, cid, cust, agent, value, label, ts, agent_last)
            if why:
                reject(ev + ": " + why)
                continue
            if cid and cid not in contacts:
                errors.append("line %d: %s names a contact not started before" % (n, ev))
            accepted += 1
            continue
        if value != "":
            errors.append("line %d: a value on %s" % (n, ev))
        if not cid:
            reject("missing contact")
            continue
        if ev == "contact_start":
            if ch not in CHANNELS or dr not in ("inbound", "outbound"):
                reject("bad channel or direction")
            elif cid in contacts:
                reject("contact exists")
            else:
                contacts[cid] = Contact(ch, ts)
                accepted += 1
            continue
        if (ev == "queue_enter" and not skill) or (ev in ("offer", "offer_miss", "answer") and not agent) or \
           (ev in ("tag", "disposition") and not label):
            reject("missing field")
            continue
        c = contacts.get(cid)
        if c is None:
            reject("unknown contact")
            continue
        if ts < c.last:
            reject("time backwards")
            continue
        # would a host calling ccm_engine_expire(ts) have released it?
        if not c.ended:
            if c.over() and ts - c.last >= GRACE:
                c.ended = True
                if ev not in AFTER_END:
                    errors.append("line %d: %s after the grace period released the contact" % (n, ev))
            elif ts - c.last > IDLE:
                c.ended = True
                errors.append("line %d: the contact was idle for more than a day" % n)
        if c.ended and ev not in AFTER_END:
            reject("contact ended")
            continue
        ok = True
        if ev == "queue_enter":
            ok = not c.visit and c.leg is None
            if ok:
                c.visit = c.had_leg_or_visit = True
                c.offers = set()
        elif ev == "offer":
            ok = c.leg is None
            if ok:
                c.offers.add(agent)
        elif ev == "offer_miss":
            ok = agent in c.offers
            c.offers.discard(agent)
        elif ev == "answer":
            ok = c.leg is None
            if ok:
                c.visit = c.hold = c.focus = False
                c.offers = set()
                c.leg = agent
                c.had_leg_or_visit = True
        elif ev in ("queue_abandon", "queue_exit"):
            ok = c.visit
            c.visit = False
            c.offers = set()
        elif ev == "blocked":
            ok = not c.visit and c.leg is None
            if ok:
                c.ended = True
        elif ev in ("hold", "resume", "focus_start", "focus_end", "agent_end"):
            ok = c.leg is not None and (not agent or agent == c.leg)
            if ok and ev == "hold":
                ok, c.hold = not c.hold, True
            elif ok and ev == "resume":
                ok, c.hold = c.hold, False
            elif ok and ev == "focus_start":
                ok, c.focus = not c.focus, True
            elif ok and ev == "focus_end":
                ok, c.focus = c.focus, False
            elif ok:
                c.acw.append(c.leg)
                c.leg = None
        elif ev == "transfer":
            ok = c.leg is not None
            if ok:
                c.acw.append(c.leg)
                c.leg = None
        elif ev == "acw_end":
            ok = (agent in c.acw) if agent else bool(c.acw)
            if ok:
                c.acw.remove(agent if agent else c.acw[0])
        elif ev == "reopen":
            ok = c.resolved
            c.resolved = False
        elif ev == "resolve":
            c.resolved = True
        elif ev == "contact_end":
            ok = not c.visit and c.leg is None
            if ok:
                c.ended = True
        if not ok:
            reject(ev + " in a wrong state")
            continue
        c.last = ts
        accepted += 1
    nrej = sum(rejected.values())
    left = [k for k, c in contacts.items() if not c.ended or c.acw or c.visit or c.leg is not None]
    print("# %s: %d contacts, %d accepted, %d rejected %s, %d not ended" %
          (path, len(contacts), accepted, nrej, sorted(rejected.items()), len(left)))
    if left and not open_ok:
        errors.append("contacts not ended or with open work: %s" % " ".join(left[:10]))
    if nrej != expected:
        errors.append("expected %d rejected lines, got %d" % (expected, nrej))
    for e in errors:
        print("#   " + e)
    return 1 if errors else 0


sys.exit(replay(sys.argv[1], int(sys.argv[2]), len(sys.argv) > 3 and sys.argv[3] == "open-ok"))
EOF

cat > "$tmp/families.py" <<'EOF'
import sys

# Checks the surveys, QA, agent states, costs and customer ledger of a valid
# generated file against its contacts.  Usage: families.py FILE [interleaved]
# (an interleaved file skips the checks that need the lines in time order).
# Prints the event counts; exits 1 with the problems found.
path = sys.argv[1]
ordered = not (len(sys.argv) > 2 and sys.argv[2] == "interleaved")
DAY = 86400000
errors = []
counts = {}
starts = {}        # contact -> (ts, customer)
ends = {}          # contact -> ts of contact_end
leg_agents = {}    # contact -> agents of its agent contacts
open_leg = {}      # contact -> agent of the open agent contact
conn = {}          # agent -> contacts connected
acw = {}           # agent -> agent contacts in after-contact work
state = {}         # agent -> (state, ts)
history = {}       # agent -> states in order
resolved = {}      # contact -> ts of its first resolve
survey_delays = []
qa_delays = []
qa_decimal = csat_with_agent = nps_customer_only = referrals = 0


def err(n, msg):
    if len(errors) < 20:
        errors.append("line %d: %s" % (n, msg))


with open(path, encoding="utf-8") as f:
    lines = f.read().split("\n")
for n, line in enumerate(lines[1:], start=2):
    if not line or line.startswith("#"):
        continue
    ts, ev, cid, ch, dr, cust, skill, camp, agent, team, value, label = line.split(",")
    ts = int(ts)
    counts[ev] = counts.get(ev, 0) + 1
    if ev == "contact_start":
        starts[cid] = (ts, cust)
    elif ev == "contact_end":
        ends[cid] = ts
    elif ev == "resolve":
        resolved.setdefault(cid, ts)
    elif ev == "answer":
        leg_agents.setdefault(cid, set()).add(agent)
        open_leg[cid] = agent
        if ordered:
            st = state.get(agent, ("logged_out", 0))[0]
            if st not in ("available", "busy", "acw"):
                err(n, "%s answers while %s" % (agent, st))
            conn.setdefault(agent, set()).add(cid)
    elif ev in ("agent_end", "transfer"):
        a = open_leg.pop(cid, None)
        if ordered and a is not None:
            if state.get(a, ("?", 0))[0] != "busy":
                err(n, "%s ends an agent contact while not busy" % a)
            conn[a].discard(cid)
            acw[a] = acw.get(a, 0) + 1
    elif ev == "acw_end":
        if ordered:
            if state.get(agent, ("?", 0))[0] not in ("acw", "busy"):
                err(n, "%s ends after-contact work while %s" % (agent, state.get(agent)))
            acw[agent] = acw.get(agent, 0) - 1
    elif ev in ("csat", "nps", "ces"):
        lo, hi = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}[ev]
        if not (value.isdigit() and lo <= int(value) <= hi):
            err(n, "%s value %s out of %d..%d" % (ev, value, lo, hi))
        if cid:
            if cid not in ends:
                err(n, "%s before its contact ended" % ev)
            else:
                survey_delays.append(ts - ends[cid])
            if cust and starts[cid][1] != cust:
                err(n, "%s names another customer than its contact's" % ev)
        elif not cust:
            err(n, "%s without contact nor customer" % ev)
        if ev == "csat" and agent:
            csat_with_agent += 1
            if agent not in leg_agents.get(cid, ()) or not (team and skill and ch):
                err(n, "csat names an agent that did not handle the contact, or no team/skill/channel")
        if ev == "nps" and not cid:
            nps_customer_only += 1
    elif ev == "qa_score":
        whole, _, frac = value.partition(".")
        if not (whole.isdigit() and (frac == "" or (frac.isdigit() and len(frac) == 1))
                and 0 <= float(value) <= 100):
            err(n, "qa_score %s" % value)
        qa_decimal += "." in value
        if agent not in leg_agents.get(cid, ()):
            err(n, "qa_score of an agent that did not handle the contact")
        if label not in ("voice_form", "chat_form", "email_form"):
            err(n, "qa_score form %s" % label)
        if cid in ends:
            qa_delays.append(ts - ends[cid])
    elif ev == "agent_state":
        prev, pts = state.get(agent, ("logged_out", -1))
        if ts < pts:
            err(n, "agent states of %s go back in time" % agent)
        if label == prev and label != "not_ready":
            err(n, "%s: %s again" % (agent, label))
        if prev == "logged_out" and label != "available":
            err(n, "%s: %s without logging in" % (agent, label))
        if (label == "not_ready") != (value != ""):
            err(n, "%s: reason code %r with %s" % (agent, value, label))
        if value and value not in ("1", "2", "3", "4"):
            err(n, "unknown reason code %s" % value)
        if not team or cid:
            err(n, "agent_state without team, or with a contact")
        if ordered:
            c, w = len(conn.get(agent, ())), acw.get(agent, 0)
            want = "busy" if c else "acw" if w else None
            if want and label != want:
                err(n, "%s is %s with %d connected, %d in acw" % (agent, label, c, w))
        state[agent] = (label, ts)
        history.setdefault(agent, []).append(label)
    elif ev == "cost":
        if not value.isdigit() or int(value) <= 0 or not ch or cid or cust:
            err(n, "cost %s channel %r" % (value, ch))
    elif ev in ("customer_acquire", "customer_churn", "customer_revenue"):
        if not cust or cid:
            err(n, "%s: customer %r contact %r" % (ev, cust, cid))
        if ev == "customer_acquire":
            if value not in ("", "1"):
                err(n, "acquire value %s" % value)
            referrals += value == "1"
        if ev == "customer_revenue" and not (value.isdigit() and int(value) > 0):
            err(n, "revenue %s" % value)

for a, h in sorted(history.items()):
    if h[0] != "available" or h[-1] != "logged_out":
        errors.append("%s: states from %s to %s" % (a, h[0], h[-1]))
if not survey_delays or min(survey_delays) < 60000 or max(survey_delays) > 3 * DAY:
    errors.append("survey delays outside 1 min .. 3 days")
elif max(survey_delays) < DAY:
    errors.append("no survey a day or more after its contact")
if not qa_delays or min(qa_delays) < 0 or max(qa_delays) > 4 * DAY:
    errors.append("QA delays outside 0 .. 4 days after the contact's end")
if not qa_decimal:
    errors.append("no qa_score with a decimal")
if not 0 < csat_with_agent < counts.get("csat", 0) / 2:
    errors.append("%d of %d csat name an agent" % (csat_with_agent, counts.get("csat", 0)))
if not counts.get("nps", 0) / 2 < nps_customer_only < counts.get("nps", 0):
    errors.append("%d of %d nps name only the customer" % (nps_customer_only, counts.get("nps", 0)))
acq = counts.get("customer_acquire", 0)
if not acq or (acq >= 10 and not 0.05 <= referrals / acq <= 0.45):
    errors.append("%d referrals of %d new customers" % (referrals, acq))
# repeat contacts within days, some after a resolved contact (an FCR taken back)
by_cust = {}
for c, (t, u) in starts.items():
    if u:
        by_cust.setdefault(u, []).append((t, c))
repeats = takebacks = 0
for v in by_cust.values():
    v.sort()
    for (t0, c0), (t1, c1) in zip(v, v[1:]):
        if t1 - t0 <= 3 * DAY:
            repeats += 1
            if c0 in resolved and 0 <= t1 - resolved[c0] <= 3 * DAY:
                takebacks += 1
if not repeats or not takebacks:
    errors.append("%d repeat contacts, %d after a resolved one" % (repeats, takebacks))
print("# %s: %s" % (path, " ".join("%s=%d" % kv for kv in sorted(counts.items()))))
print("# %d agents with states, %d repeat contacts (%d after a resolution), %d referrals" %
      (len(history), repeats, takebacks, referrals))
for e in errors:
    print("#   " + e)
sys.exit(1 if errors else 0)
EOF

cat > "$tmp/occupancy.py" <<'EOF'
import sys

# Occupancy of the agents of a generated file, from their states (the
# definitions of METRICS.md: occupancy = (busy + acw) / (busy + acw +
# available), utilization = (busy + acw) / logged in), checked against
# bounds: whole-run occupancy between LO and HI percent, utilization below
# it; every clock hour with an agent-hour logged in at least 20 % occupied;
# agent-hours logged in per hour of the first day following the arrivals
# (correlation >= 0.9); no agent logged in over 11 hours in a row or in a
# day.  Usage: occupancy.py FILE LO HI
path, lo, hi = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
HOUR, DAY = 3600000, 86400000
errors = []
since = {}     # agent -> (state, ts) of the running span
login = {}     # agent -> ts of its login
tot = {}       # state -> ms
hours = {}     # hour -> {state: ms}
perday = {}    # (agent, day) -> ms logged in
arrivals = {}  # hour -> contact_start count
first = None


def credit(agent, st, t1, t2):
    tot[st] = tot.get(st, 0) + t2 - t1
    t = t1
    while t < t2:
        e = min(t2, (t // HOUR + 1) * HOUR)
        h = hours.setdefault(t // HOUR, {})
        h[st] = h.get(st, 0) + e - t
        perday[(agent, t // DAY)] = perday.get((agent, t // DAY), 0) + e - t
        t = e


with open(path, encoding="utf-8") as f:
    for line in f:
        if line.startswith("#") or line.startswith("ts,"):
            continue
        v = line.rstrip("\n").split(",")
        ts = int(v[0])
        if first is None:
            first = ts // DAY * DAY
        if v[1] == "contact_start":
            arrivals[ts // HOUR] = arrivals.get(ts // HOUR, 0) + 1
        if v[1] != "agent_state":
            continue
        agent, st = v[8], v[11]
        if agent in since and since[agent][0] != "logged_out":
            credit(agent, since[agent][0], since[agent][1], ts)
        if st == "logged_out" and agent in login:
            if ts - login.pop(agent) > 11 * HOUR:
                errors.append("%s logged in for over 11 hours up to %d" % (agent, ts))
        elif st != "logged_out" and agent not in login:
            login[agent] = ts
        since[agent] = (st, ts)


def ratios(d):
    work = d.get("busy", 0) + d.get("acw", 0)
    avail = work + d.get("available", 0)
    logged = avail + d.get("not_ready", 0)
    return (100.0 * work / avail if avail else 0.0, 100.0 * work / logged if logged else 0.0, logged / HOUR)


occ, util, logged = ratios(tot)
print("# %s: occupancy %.1f %%, utilization %.1f %%, %.1f agent-hours logged in" % (path, occ, util, logged))
if not lo <= occ <= hi:
    errors.append("occupancy %.1f %% outside %g..%g" % (occ, lo, hi))
if not util < occ:
    errors.append("utilization %.1f %% not below occupancy" % util)
for h in sorted(hours):
    o, u, n = ratios(hours[h])
    if n >= 1 and o < 20:
        errors.append("hour %d of the run: %.1f agent-hours logged in, occupancy %.1f %%" % (h - first // HOUR, n, o))
for (a, d), ms in sorted(perday.items()):
    if ms > 11 * HOUR:
        errors.append("%s logged in %.1f hours on day %d" % (a, ms / HOUR, d - first // DAY))
xs = [ratios(hours.get(first // HOUR + i, {}))[2] for i in range(24)]
ys = [arrivals.get(first // HOUR + i, 0) for i in range(24)]
mx, my = sum(xs) / 24, sum(ys) / 24
sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
sxx = sum((x - mx) ** 2 for x in xs)
syy = sum((y - my) ** 2 for y in ys)
corr = sxy / (sxx * syy) ** 0.5 if sxx and syy else 0.0
print("# agent-hours logged in per hour of the first day: %s" % " ".join("%.1f" % x for x in xs))
print("# correlation with the arrivals per hour: %.3f" % corr)
if corr < 0.9:
    errors.append("staffing does not follow the arrivals (correlation %.3f)" % corr)
for e in errors[:20]:
    print("#   " + e)
sys.exit(1 if errors else 0)
EOF

have_python=0
if command -v python3 > /dev/null 2>&1; then
  have_python=1
fi
replay() { # replay FILE EXPECTED_REJECTED [open-ok]
  if [ "$have_python" = 1 ]; then
    python3 "$tmp/check.py" "$@"
  else
    echo "# python3 not found: replay of $1 skipped"
  fi
}
# shellcheck disable=SC2317 # called through check
families() { # families FILE [interleaved]
  if [ "$have_python" = 1 ]; then
    python3 "$tmp/families.py" "$@"
  else
    echo "# python3 not found: check of $1 skipped"
  fi
}

# ----------------------------------------------------------------------------
# The replay itself: the example of EVENTS.md is valid; a hand-made file has
# exactly 13 invalid lines (one per comment below); a resolved chat written
# to six minutes later, after the grace period, is flagged.

if [ "$have_python" = 1 ]; then
  cat > "$tmp/example.csv" <<EOF
$HEADER
1700000000000,contact_start,c1,voice,inbound,u1,billing,,,,,
1700000000000,queue_enter,c1,,,,billing,,,,,
1700000010000,offer,c1,,,,,,ann,red,,
1700000012000,answer,c1,,,,,,ann,red,,
1700000072000,hold,c1,,,,,,,,,
1700000102000,resume,c1,,,,,,,,,
1700000200000,agent_end,c1,,,,,,,,,
1700000230000,acw_end,c1,,,,,,,,,
1700000001000,contact_start,c2,voice,inbound,u2,billing,,,,,
1700000001000,queue_enter,c2,,,,billing,,,,,
1700000004000,queue_abandon,c2,,,,,,,,,
1700000005000,contact_start,c3,chat,inbound,u3,support,,,,,
1700000005000,customer_message,c3,,,,,,,,,
1700000005000,queue_enter,c3,,,,support,,,,,
1700000065000,answer,c3,,,,,,bob,blue,,
1700000095000,agent_message,c3,,,,,,,,,
1700000155000,customer_message,c3,,,,,,,,,
1700000175000,agent_message,c3,,,,,,,,,
1700000180000,tag,c3,,,,,,,,,refund
1700000190000,resolve,c3,,,,,,,,,
1700000190000,agent_end,c3,,,,,,,,,
EOF
  check "replay accepts the example of EVENTS.md" replay "$tmp/example.csv" 0 open-ok

  cat > "$tmp/invalid.csv" <<EOF
$HEADER
1000,contact_start,c1,voice,inbound,u1,billing,,,,,
1000,queue_enter,c1,,,,billing,,,,,
1500,resume,c1,,,,,,,,,
2000,offer,c1,,,,,,ann,red,,
2500,offer_miss,c1,,,,,,bob,,,
3000,answer,c1,,,,,,ann,red,,
3500,queue_enter,c1,,,,billing,,,,,
4000,hold,c1,,,,,,bob,,,
4000,hold,c1,,,,,,ann,,,
4500,hold,c1,,,,,,,,,
5000,resume,c1,,,,,,,,,
3000,agent_message,c1,,,,,,ann,,,
6000,contact_end,c1,,,,,,,,,
7000,agent_end,c1,,,,,,ann,,,
7000,contact_end,c1,,,,,,,,,
8000,hold,c1,,,,,,,,,
9000,disposition,c1,,,,,,ann,,,done
9500,acw_end,c1,,,,,,ann,,,
9600,acw_end,c1,,,,,,ann,,,
9700,reopen,c1,,,,,,,,,
9800,customer_message,c9,,,,,,,,,
9900,contact_start,c1,voice,inbound,,,,,,,
9950,call_start,c2,,,,,,,,,
EOF
  check "replay rejects the 13 invalid lines of a hand-made file" replay "$tmp/invalid.csv" 13

  cat > "$tmp/late.csv" <<EOF
$HEADER
0,contact_start,c1,chat,inbound,u1,support,,,,,
0,customer_message,c1,,,,,,,,,
0,queue_enter,c1,,,,support,,,,,
1000,answer,c1,,,,,,ann,red,,
2000,agent_message,c1,,,,,,ann,,,
3000,resolve,c1,,,,,,ann,,,
3000,agent_end,c1,,,,,,ann,,,
33000,acw_end,c1,,,,,,ann,,,
363000,customer_message,c1,,,,,,,,,
363000,contact_end,c1,,,,,,,,,
EOF
  replay "$tmp/late.csv" 2 > "$tmp/late.out"
  rc=$?
  cat "$tmp/late.out"
  check "replay flags a message after the grace period" sh -c '
    test "$1" = 1 && grep -q "customer_message after the grace period" "$2"' sh "$rc" "$tmp/late.out"
fi

# ----------------------------------------------------------------------------
# Options.

check "--help exits 0" sh -c '"$1" --help > /dev/null' sh "$GEN"
"$GEN" --bogus > /dev/null 2>&1
check "an unknown option exits 2" test $? = 2
"$GEN" --days 0 > /dev/null 2>&1
check "--days 0 exits 2" test $? = 2
"$GEN" --start 2026-02-29 > /dev/null 2>&1
check "a date that does not exist exits 2" test $? = 2
"$GEN" --channels fax=1 > /dev/null 2>&1
check "an unknown channel exits 2" test $? = 2

# ----------------------------------------------------------------------------
# Determinism.

"$GEN" --seed 7 --days 2 --contacts-per-day 800 > "$tmp/a.csv" || not_ok "ccm-gen --seed 7 --days 2 --contacts-per-day 800 runs"
"$GEN" --seed 7 --days 2 --contacts-per-day 800 > "$tmp/b.csv"
"$GEN" --seed 7 --days 2 --contacts-per-day 800 -o "$tmp/o.csv"
"$GEN" --seed 8 --days 2 --contacts-per-day 800 > "$tmp/c.csv"
check "the same seed gives the same bytes" cmp -s "$tmp/a.csv" "$tmp/b.csv"
check "-o FILE writes the same bytes as standard output" cmp -s "$tmp/a.csv" "$tmp/o.csv"
check "another seed gives other events" sh -c '! cmp -s "$1" "$2"' sh "$tmp/a.csv" "$tmp/c.csv"

# --contacts-only writes what the versions before the surveys, agent states,
# costs and customer ledger wrote (checksums of their output without the
# comment line, recorded with that version).
"$GEN" --seed 5 --days 2 --contacts-per-day 600 --agents 12 --contacts-only > "$tmp/old1.csv"
check "--contacts-only: the previous version's events (1)" \
  test "$(strip "$tmp/old1.csv" | cksum)" = "1419896965 853910"
"$GEN" --seed 9 --days 2 --start 2026-02-27 --contacts-per-day 500 --agents 7 --teams 2 --skills a,b,c \
  --channels voice=40,chat=20,email=10,sms=10,video=10,other=10 --interleave --bad 30 --contacts-only > "$tmp/old2.csv"
check "--contacts-only: the previous version's events (2: interleaved, 30 bad)" \
  test "$(strip "$tmp/old2.csv" | cksum)" = "3440748686 462938"

# ----------------------------------------------------------------------------
# Format.

check "the first line is the header" test "$(sed -n 1p "$tmp/a.csv")" = "$HEADER"
expect="# generated by: ccm-gen --seed 7 --days 2 --start 2026-01-05 --contacts-per-day 800 --agents 20 --teams 4 --skills billing,support,sales,tech --channels voice=60,chat=25,email=15"
check "the second line is the command with every option" test "$(sed -n 2p "$tmp/a.csv")" = "$expect"
check "--contacts-only is in the command" test "$(sed -n 2p "$tmp/old1.csv")" = \
  "# generated by: ccm-gen --seed 5 --days 2 --start 2026-01-05 --contacts-per-day 600 --agents 12 --teams 4 --skills billing,support,sales,tech --channels voice=60,chat=25,email=15 --contacts-only"
check "no other comment line" test "$(grep -c '^#' "$tmp/a.csv")" = 1
check "every line has 12 fields" awk -F, 'NR > 2 && NF != 12 { bad = 1 } END { exit bad }' "$tmp/a.csv"
CONTACT_EVENTS="contact_start queue_enter offer offer_miss answer queue_abandon queue_exit blocked \
hold resume transfer escalate agent_end acw_end customer_message agent_message \
bot_message focus_start focus_end tag disposition resolve reopen contact_end"
NEW_EVENTS="csat nps ces qa_score agent_state cost customer_acquire customer_churn customer_revenue"
check "every event name is valid" awk -F, -v names="$CONTACT_EVENTS $NEW_EVENTS" '
  BEGIN { n = split(names, v, " "); for (i = 1; i <= n; i++) ok[v[i]] = 1 }
  NR > 2 && !($2 in ok) { print "bad event: " $0; bad = 1 }
  END { exit bad }' "$tmp/a.csv"
for ev in $NEW_EVENTS; do
  check "the default output has $ev events" grep -q "^[0-9]*,$ev," "$tmp/a.csv"
done
check "--contacts-only writes only contact events" awk -F, -v names="$CONTACT_EVENTS" '
  BEGIN { n = split(names, v, " "); for (i = 1; i <= n; i++) ok[v[i]] = 1 }
  NR > 2 && !($2 in ok) { print "not a contact event: " $0; bad = 1 }
  END { exit bad }' "$tmp/old1.csv"
check "times are integer milliseconds in non-decreasing order" awk -F, '
  NR > 2 { if ($1 !~ /^[0-9]+$/ || $1 + 0 < last) bad = 1; last = $1 + 0 }
  END { exit bad }' "$tmp/a.csv"
check "contact ids are unique" awk -F, '$2 == "contact_start" && seen[$3]++ { bad = 1 } END { exit bad }' "$tmp/a.csv"
check "two days of 800 a day (Monday 110%) hold 1400 to 2100 contacts" awk -F, '
  $2 == "contact_start" { n++ } END { exit !(n >= 1400 && n <= 2100) }' "$tmp/a.csv"
check "survey values are in their scales" awk -F, '
  ($2 == "csat" && !($11 ~ /^[1-5]$/)) || ($2 == "nps" && !($11 ~ /^([0-9]|10)$/)) ||
  ($2 == "ces" && !($11 ~ /^[1-7]$/)) { print; bad = 1 } END { exit bad }' "$tmp/a.csv"
check "qa_score values are 0..100 with at most one decimal" awk -F, '
  $2 == "qa_score" && !($11 ~ /^[0-9]+(\.[0-9])?$/ && $11 + 0 <= 100) { print; bad = 1 }
  $2 == "qa_score" && $11 ~ /\./ { dec++ } END { exit bad || !dec }' "$tmp/a.csv"
check "agent states are the five states, reason codes only with not_ready" awk -F, '
  $2 == "agent_state" && !($12 ~ /^(logged_out|available|busy|not_ready|acw)$/ && $9 != "" && $10 != "") { bad = 1 }
  $2 == "agent_state" && (($12 == "not_ready") != ($11 ~ /^[1-4]$/)) { bad = 1 }
  $2 == "agent_state" && $11 != "" { reason[$11] = 1 }
  END { exit bad || !(1 in reason) || !(2 in reason) || !(4 in reason) }' "$tmp/a.csv"
check "agent states of each agent are in time order" awk -F, '
  $2 == "agent_state" { if ($1 + 0 < last[$9]) bad = 1; last[$9] = $1 + 0 } END { exit bad }' "$tmp/a.csv"
check "costs and revenues are whole minor units" awk -F, '
  ($2 == "cost" || $2 == "customer_revenue") && !($11 ~ /^[0-9]+$/) { bad = 1 } END { exit bad }' "$tmp/a.csv"
check "costs per skill and channel, and per campaign" sh -c '
  grep -q ",cost,,voice,,,billing,,,,[0-9]*,$" "$1" && grep -q ",cost,,chat,,,support,,,,[0-9]*,$" "$1" &&
  grep -q ",cost,,voice,,,,renewal,,,[0-9]*,$" "$1"' sh "$tmp/a.csv"
check "customer_acquire: value 1 (referral) or none, some referrals" awk -F, '
  $2 == "customer_acquire" { n++; if ($11 == 1) r++; else if ($11 != "") bad = 1; if ($6 == "") bad = 1 }
  END { exit bad || !r || r == n }' "$tmp/a.csv"

# ----------------------------------------------------------------------------
# The sample.

if [ -f "$SAMPLE" ]; then
  cmd=$(sed -n 2p "$SAMPLE")
  case $cmd in
    "# generated by: ccm-gen "*)
      args=${cmd#"# generated by: ccm-gen "}
      # shellcheck disable=SC2086 # the options are words
      "$GEN" $args > "$tmp/sample.csv"
      check "examples/sample.csv is reproduced by its command" cmp -s "$tmp/sample.csv" "$SAMPLE"
      ;;
    *) not_ok "examples/sample.csv gives its command in its second line" ;;
  esac
  check "the sample holds one day of 1500 to 3000 contacts" awk -F, '
    $2 == "contact_start" { n++ } END { exit !(n >= 1500 && n <= 3000) }' "$SAMPLE"
  check "the sample has voice, chat and email" sh -c '
    grep -q ",contact_start,[^,]*,voice," "$1" && grep -q ",contact_start,[^,]*,chat," "$1" &&
    grep -q ",contact_start,[^,]*,email," "$1"' sh "$SAMPLE"
  replay "$SAMPLE" 0 > "$tmp/r.out"
  check "the engine's rules accept every event of the sample" test $? = 0
  cat "$tmp/r.out"
  # the sample's command as built now (the sample itself may be older)
  if [ "$have_python" = 1 ] && [ -s "$tmp/sample.csv" ]; then
    python3 "$tmp/occupancy.py" "$tmp/sample.csv" 50 90 > "$tmp/occ.out"
    check "the sample's agents: occupancy 50..90 %, utilization below, shifts that follow the load" test $? = 0
    cat "$tmp/occ.out"
  fi
else
  not_ok "examples/sample.csv exists"
fi

# ----------------------------------------------------------------------------
# --surveys (with --contacts-only), --interleave, --bad only add or reorder
# lines.

SURVEY_RE=',(csat|nps|ces|qa_score),'
"$GEN" --seed 7 --days 2 --contacts-per-day 800 --contacts-only > "$tmp/co.csv"
"$GEN" --seed 7 --days 2 --contacts-per-day 800 --contacts-only --surveys > "$tmp/s.csv"
check "--surveys is in the command after --contacts-only" sh -c 'sed -n 2p "$1" | grep -q -- "--contacts-only --surveys$"' sh "$tmp/s.csv"
grep -E "$SURVEY_RE" "$tmp/s.csv" > "$tmp/s-only.csv"
nsurv=$(wc -l < "$tmp/s-only.csv")
grep -vE "$SURVEY_RE" "$tmp/s.csv" | grep -v '^#' > "$tmp/s-rest.csv"
strip "$tmp/co.csv" > "$tmp/co-rest.csv"
check "--contacts-only --surveys only adds survey events" cmp -s "$tmp/s-rest.csv" "$tmp/co-rest.csv"
check "--contacts-only --surveys adds $nsurv (over 100) survey and QA events" test "$nsurv" -gt 100
for ev in csat nps ces qa_score; do
  check "--contacts-only --surveys writes $ev events" grep -q ",$ev," "$tmp/s-only.csv"
done
"$GEN" --seed 7 --days 2 --contacts-per-day 800 --surveys > "$tmp/s2.csv"
strip "$tmp/a.csv" > "$tmp/a-rest.csv"
check "--surveys alone writes the same bytes (surveys are on by default)" cmp -s "$tmp/s2.csv" "$tmp/a.csv"
"$GEN" --seed 7 --days 2 --contacts-per-day 800 --interleave > "$tmp/i.csv"
strip "$tmp/i.csv" | sort > "$tmp/i-sorted.csv"
sort "$tmp/a-rest.csv" > "$tmp/a-sorted.csv"
check "--interleave writes the same lines" cmp -s "$tmp/i-sorted.csv" "$tmp/a-sorted.csv"
strip "$tmp/i.csv" > "$tmp/i-rest.csv"
check "--interleave changes the order" sh -c '! cmp -s "$1" "$2"' sh "$tmp/a-rest.csv" "$tmp/i-rest.csv"
# the events of each contact keep their order, and so do those without a
# contact (agent states, costs, ledger, surveys naming only the customer)
awk -F, '{ print $3 "," NR "," $0 }' "$tmp/a-rest.csv" | sort -t, -k1,1 -k2,2n | cut -d, -f3- > "$tmp/a-bycontact.csv"
awk -F, '{ print $3 "," NR "," $0 }' "$tmp/i-rest.csv" | sort -t, -k1,1 -k2,2n | cut -d, -f3- > "$tmp/i-bycontact.csv"
check "--interleave keeps each contact's order" cmp -s "$tmp/a-bycontact.csv" "$tmp/i-bycontact.csv"

"$GEN" --seed 7 --days 2 --contacts-per-day 800 --bad 40 > "$tmp/bad.csv"
strip "$tmp/bad.csv" > "$tmp/bad-rest.csv"
diff "$tmp/a-rest.csv" "$tmp/bad-rest.csv" > "$tmp/bad.diff"
check "--bad 40 adds 40 lines" test "$(grep -c '^>' "$tmp/bad.diff")" = 40
check "--bad 40 removes nothing" test "$(grep -c '^<' "$tmp/bad.diff")" = 0
check "--bad injects invalid events of the new families" sh -c '
  grep -q "^>.*,csat,.*,6,$" "$1" && grep -q "^>.*,agent_state,.*,on_break$" "$1" &&
  grep -q "^>.*,cost,.*,12.5,$" "$1"' sh "$tmp/bad.diff"

# ----------------------------------------------------------------------------
# Validity: every generated event is accepted, exactly the --bad lines are
# rejected; the new families are consistent with the contacts.

if [ "$have_python" = 1 ]; then
  check "replay: --seed 7 --days 2 --contacts-per-day 800" replay "$tmp/a.csv" 0
  check "replay: --seed 8 --days 2 --contacts-per-day 800" replay "$tmp/c.csv" 0
  check "replay: --interleave" replay "$tmp/i.csv" 0
  check "replay: --contacts-only --surveys" replay "$tmp/s.csv" 0
  check "replay: --bad 40 rejects 40 lines" replay "$tmp/bad.csv" 40
  check "replay: --contacts-only, interleaved, --bad 30 rejects 30 lines" replay "$tmp/old2.csv" 30
  "$GEN" --seed 3 --days 3 --start 2026-03-06 --contacts-per-day 700 --agents 9 --teams 3 \
    --skills orders,returns,vip --channels voice=30,chat=20,email=10,sms=10,social=10,messaging=10,video=5,other=5 \
    > "$tmp/mix.csv"
  "$GEN" --seed 3 --days 3 --start 2026-03-06 --contacts-per-day 700 --agents 9 --teams 3 \
    --skills orders,returns,vip --channels voice=30,chat=20,email=10,sms=10,social=10,messaging=10,video=5,other=5 \
    --interleave --bad 25 > "$tmp/mix-ib.csv"
  check "replay: every channel, three skills, a weekend" replay "$tmp/mix.csv" 0
  check "replay: the same interleaved, 25 bad" replay "$tmp/mix-ib.csv" 25
  "$GEN" --seed 11 --days 2 --agents 1 --teams 1 --skills solo --contacts-per-day 300 > "$tmp/one.csv"
  check "replay: one agent, one skill" replay "$tmp/one.csv" 0

  check "families: --seed 7 --days 2 --contacts-per-day 800" families "$tmp/a.csv"
  check "families: --seed 8 --days 2 --contacts-per-day 800" families "$tmp/c.csv"
  check "families: every channel, three skills, a weekend" families "$tmp/mix.csv"
  check "families: --interleave" families "$tmp/i.csv" interleaved
  check "families: one agent, one skill" families "$tmp/one.csv"
else
  echo "# python3 not found: the replays are skipped"
fi

echo "1..$n"
if [ "$failed" -gt 0 ]; then
  echo "test-gen: $failed of $n checks failed" >&2
  exit 1
fi
exit 0
