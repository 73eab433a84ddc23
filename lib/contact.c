/*
 * contact.c: the contact state machine.
 *
 * ccm_contact_apply() validates one event against a contact's record,
 * updates the record (the caller passes a copy, and the record as it was
 * for the gauges) and lists the measure
 * contributions the event causes, with the dimensions they are credited to.
 * It knows nothing about views and changes nothing outside the record, so
 * the engine can drop the copy when the event is rejected.
 * doc/CHOICES.md describes every rule implemented here.
 */
#include <stddef.h>
#include <string.h>

#include "ccmetrics_int.h"

static int32_t reject(ccm_apply *out, int32_t code, const char *why) {
  out->why = why;
  return code;
}

/* A new credit without items: only the part before the items is cleared,
 * since items are read up to n only (the items are most of its bytes). */
static void credit_clear(ccm_credit *cr) { memset(cr, 0, offsetof(ccm_credit, item)); }

/* The credit for (agent, team, skill) at this event, shared by every
 * measure the event credits to the same tuple. */
static ccm_credit *credit_for(ccm_apply *out, const ccm_contact *c, uint32_t agent, uint32_t team, uint32_t skill) {
  ccm_credit *cr;
  uint32_t i;
  for (i = 0; i < out->ncredits; i++) {
    cr = &out->credit[i];
    if (!cr->single_tag && cr->dims[CCM_DIM_AGENT] == agent && cr->dims[CCM_DIM_TEAM] == team &&
        cr->dims[CCM_DIM_SKILL] == skill)
      return cr;
  }
  cr = &out->credit[out->ncredits++];
  credit_clear(cr);
  cr->dims[CCM_DIM_AGENT] = agent;
  cr->dims[CCM_DIM_TEAM] = team;
  cr->dims[CCM_DIM_SKILL] = skill;
  ccm_contact_dims(c, cr->dims);
  return cr;
}

static void count(ccm_credit *cr, int32_t measure) { ccm_credit_add(cr, measure, 1); }

static void timer(ccm_credit *cr, int32_t measure, int64_t v) { ccm_credit_put(cr, measure, CCM_OP_TIMER, v, 0); }

/* A business-hours timer beside its calendar one, when there is a calendar. */
static void timer_bh(const ccm_engine *e, ccm_credit *cr, int32_t measure, int64_t from, int64_t to) {
  if (e->has_calendar) timer(cr, measure, ccm_calendar_business_ms(&e->cal, &e->clock, from, to));
}

static ccm_credit *leg_credit(ccm_apply *out, const ccm_contact *c) {
  return credit_for(out, c, c->leg.agent, c->leg.team, c->leg.skill);
}

/* Resolution family: the event's agent, else the open agent contact's, else
 * the last one's; the team that goes with that agent; the current skill. */
static ccm_credit *resolution_credit(ccm_apply *out, const ccm_contact *c, const ccm_event *ev) {
  bool open = (c->flags & CCM_C_LEG_OPEN) != 0, last = (c->flags & CCM_C_LAST_LEG) != 0;
  uint32_t agent = ev->agent, team = ev->team;
  if (!agent) agent = open ? c->leg.agent : (last ? c->last_agent : 0);
  if (!team) {
    if (open && agent == c->leg.agent) team = c->leg.team;
    else if (last && agent == c->last_agent) team = c->last_team;
  }
  return credit_for(out, c, agent, team, c->skill);
}

/* Leg events need the open agent contact, and name its agent if any. */
static int32_t check_leg(const ccm_contact *c, const ccm_event *ev, ccm_apply *out, bool check_agent) {
  if (!(c->flags & CCM_C_LEG_OPEN)) return reject(out, CCM_E_NO_AGENT_CONTACT, "no agent contact is open");
  if (check_agent && ev->agent && ev->agent != c->leg.agent)
    return reject(out, CCM_E_WRONG_AGENT, "the event names another agent than the open agent contact's");
  return CCM_OK;
}

/* A reopen, escalation or transfer takes a provisional FCR back. */
static void fcr_takeback(ccm_contact *c, ccm_apply *out) {
  if (!(c->flags & CCM_C_FCR_PENDING)) return;
  c->flags &= ~(uint32_t)CCM_C_FCR_PENDING;
  out->fcr_takeback = true;
}

static int64_t ceil_div(int64_t a, int64_t b) { return a / b + (a % b != 0); }

static int32_t on_start(const ccm_engine *e, ccm_contact *c, const ccm_event *ev, ccm_apply *out) {
  c->gauge_views = (uint16_t)(e->nviews + 1); /* ccm_view_new() keeps nviews below UINT16_MAX */
  c->start_ts = ev->ts;
  c->channel = (uint8_t)ev->channel;
  c->direction = (uint8_t)ev->direction;
  c->customer = ev->customer;
  c->skill = ev->skill;
  c->campaign = ev->campaign;
  c->contact_type = ev->label;
  {
    ccm_credit *cr = credit_for(out, c, 0, 0, ev->skill);
    count(cr, CCM_MS_CONTACTS);
    if (ev->customer) count(cr, CCM_MS_CONTACTS_WITH_CUSTOMER); /* repeat: customer.c */
  }
  return CCM_OK;
}

static int32_t on_queue_enter(ccm_contact *c, const ccm_event *ev, ccm_apply *out) {
  if (c->flags & CCM_C_LEG_OPEN) return reject(out, CCM_E_AGENT_CONTACT_OPEN, "an agent contact is open");
  if (c->flags & CCM_C_IN_QUEUE) return reject(out, CCM_E_QUEUED, "the contact is already waiting in a queue");
  c->flags = (c->flags | CCM_C_IN_QUEUE | CCM_C_SERVED) & ~(uint32_t)CCM_C_OFFER;
  c->q_enter = ev->ts;
  c->q_skill = ev->skill;
  c->skill = ev->skill;
  count(credit_for(out, c, 0, 0, c->q_skill), CCM_MS_OFFERED);
  return CCM_OK;
}

static int32_t on_offer(ccm_contact *c, const ccm_event *ev, ccm_apply *out) {
  if (c->flags & CCM_C_LEG_OPEN) return reject(out, CCM_E_AGENT_CONTACT_OPEN, "an agent contact is open");
  c->flags |= CCM_C_OFFER;
  c->offer_ts = ev->ts;
  c->offer_agent = ev->agent;
  c->offer_team = ev->team;
  return CCM_OK;
}

static int32_t on_offer_miss(ccm_contact *c, const ccm_event *ev, ccm_apply *out) {
  uint32_t skill = (c->flags & CCM_C_IN_QUEUE) ? c->q_skill : c->skill;
  if (!(c->flags & CCM_C_OFFER) || c->offer_agent != ev->agent)
    return reject(out, CCM_E_NO_OFFER, "no open offer to that agent");
  count(credit_for(out, c, ev->agent, ev->team ? ev->team : c->offer_team, skill), CCM_MS_OFFER_MISSED);
  c->flags &= ~(uint32_t)CCM_C_OFFER;
  return CCM_OK;
}

static int32_t on_answer(const ccm_engine *e, ccm_contact *c, const ccm_event *ev, ccm_apply *out) {
  bool offered = (c->flags & CCM_C_OFFER) && c->offer_agent == ev->agent;
  bool queued = (c->flags & CCM_C_IN_QUEUE) != 0;
  uint32_t team = ev->team ? ev->team : (offered ? c->offer_team : 0);
  uint32_t skill = queued ? c->q_skill : c->skill;
  ccm_credit *cr;
  if (c->flags & CCM_C_LEG_OPEN) return reject(out, CCM_E_AGENT_CONTACT_OPEN, "an agent contact is already open");
  cr = credit_for(out, c, ev->agent, team, skill);
  if (queued) {
    int64_t wait = ccm_duration(c->q_enter, ev->ts, &out->clamped);
    count(cr, CCM_MS_ANSWERED);
    timer(cr, CCM_MS_WAIT_ANSWERED, wait);
    if (wait <= e->cfg[CCM_CFG_SL_THRESHOLD_MS]) count(cr, CCM_MS_ANSWERED_IN_SL);
    if (offered) {
      int64_t alert = ccm_duration(c->offer_ts, ev->ts, &out->clamped);
      timer(cr, CCM_MS_ALERT_TIME, alert);
      if (c->channel == CCM_CHANNEL_VOICE) {
        ccm_credit_put(cr, CCM_MS_RINGS, CCM_OP_ADD, ceil_div(alert, e->cfg[CCM_CFG_RING_CYCLE_MS]), 0);
        count(cr, CCM_MS_RUNG_ANSWERED);
      }
    }
  }
  count(cr, CCM_MS_AGENT_CONTACTS);
  if (ccm_contact_is_voice_like(c)) count(cr, CCM_MS_RESPONDED_AGENT_CONTACTS);
  c->flags = (c->flags | CCM_C_LEG_OPEN | CCM_C_SERVED) & ~(uint32_t)(CCM_C_IN_QUEUE | CCM_C_OFFER);
  memset(&c->leg, 0, sizeof c->leg);
  c->leg.agent = ev->agent;
  c->leg.team = team;
  c->leg.skill = skill;
  c->leg.start = ev->ts;
  return CCM_OK;
}

/* queue_abandon and queue_exit: the visit ends without an agent. */
static int32_t on_visit_end(const ccm_engine *e, ccm_contact *c, const ccm_event *ev, ccm_apply *out,
                            bool abandon) {
  int64_t wait;
  ccm_credit *cr;
  if (!(c->flags & CCM_C_IN_QUEUE)) return reject(out, CCM_E_NOT_QUEUED, "the contact is not waiting in a queue");
  wait = ccm_duration(c->q_enter, ev->ts, &out->clamped);
  cr = credit_for(out, c, 0, 0, c->q_skill);
  if (abandon) {
    count(cr, CCM_MS_ABANDONED);
    timer(cr, CCM_MS_ABANDON_WAIT, wait);
    if (wait < e->cfg[CCM_CFG_SHORT_ABANDON_MS]) count(cr, CCM_MS_SHORT_ABANDONED);
    if (wait <= e->cfg[CCM_CFG_SL_THRESHOLD_MS]) count(cr, CCM_MS_ABANDONED_IN_SL);
  } else {
    cr->dims[CCM_DIM_REASON] = ev->label; /* flow-outs by reason (timeout, callback, ...) */
    count(cr, CCM_MS_FLOW_OUT);
    timer(cr, CCM_MS_FLOW_OUT_WAIT, wait);
    if (wait <= e->cfg[CCM_CFG_SL_THRESHOLD_MS]) count(cr, CCM_MS_FLOW_OUT_IN_SL);
  }
  c->flags &= ~(uint32_t)(CCM_C_IN_QUEUE | CCM_C_OFFER);
  return CCM_OK;
}

static int32_t on_blocked(ccm_contact *c, const ccm_event *ev, ccm_apply *out) {
  if (c->flags & (CCM_C_IN_QUEUE | CCM_C_LEG_OPEN))
    return reject(out, CCM_E_CONTACT_BUSY, "a queue visit or agent contact is still open");
  count(credit_for(out, c, 0, 0, ev->skill ? ev->skill : c->skill), CCM_MS_BLOCKED);
  c->flags |= CCM_C_ENDED;
  return CCM_OK;
}

static int32_t on_hold(ccm_contact *c, const ccm_event *ev, ccm_apply *out) {
  int32_t rc = check_leg(c, ev, out, true);
  if (rc) return rc;
  if (c->leg.flags & CCM_LEG_ON_HOLD) return reject(out, CCM_E_ON_HOLD, "the customer is already on hold");
  c->leg.flags |= CCM_LEG_ON_HOLD | CCM_LEG_HELD;
  c->leg.hold_start = ev->ts;
  count(leg_credit(out, c), CCM_MS_HOLDS);
  return CCM_OK;
}

static int32_t on_resume(ccm_contact *c, const ccm_event *ev, ccm_apply *out) {
  int32_t rc = check_leg(c, ev, out, true);
  if (rc) return rc;
  if (!(c->leg.flags & CCM_LEG_ON_HOLD)) return reject(out, CCM_E_NOT_ON_HOLD, "resume without hold");
  c->leg.hold_total += ccm_duration(c->leg.hold_start, ev->ts, &out->clamped);
  c->leg.flags &= ~(uint32_t)CCM_LEG_ON_HOLD;
  return CCM_OK;
}

static int32_t on_focus(ccm_contact *c, const ccm_event *ev, ccm_apply *out, bool start) {
  int32_t rc = check_leg(c, ev, out, true);
  if (rc) return rc;
  if (start) {
    if (c->leg.flags & CCM_LEG_FOCUS) return reject(out, CCM_E_FOCUS_OPEN, "a focus span is already open");
    c->leg.flags |= CCM_LEG_FOCUS;
    c->leg.focus_start = ev->ts;
    count(leg_credit(out, c), CCM_MS_FOCUS_COUNT);
  } else {
    if (!(c->leg.flags & CCM_LEG_FOCUS)) return reject(out, CCM_E_NO_FOCUS, "focus_end without focus_start");
    timer(leg_credit(out, c), CCM_MS_FOCUS_TIME, ccm_duration(c->leg.focus_start, ev->ts, &out->clamped));
    c->leg.flags &= ~(uint32_t)CCM_LEG_FOCUS;
  }
  return CCM_OK;
}

static const ccm_acw_leg *acw_at(const ccm_engine *e, uint32_t ref) { return ccm_pool_at(&e->acw, ref); }

/* agent_end and transfer: the agent contact's connected part ends. */
static int32_t on_leg_end(const ccm_engine *e, ccm_contact *c, const ccm_event *ev, ccm_apply *out, bool transfer) {
  int64_t span, talk;
  ccm_credit *cr;
  ccm_acw_leg *acw;
  int32_t rc = check_leg(c, ev, out, !transfer);
  if (rc) return rc;
  if (c->leg.flags & CCM_LEG_ON_HOLD) c->leg.hold_total += ccm_duration(c->leg.hold_start, ev->ts, &out->clamped);
  span = ccm_duration(c->leg.start, ev->ts, &out->clamped);
  talk = span - c->leg.hold_total;
  if (talk < 0) talk = 0;
  cr = leg_credit(out, c);
  count(cr, CCM_MS_HANDLED);
  timer(cr, CCM_MS_AGENT_CONTACT_TIME, span);
  timer(cr, CCM_MS_TALK_TIME, talk);
  if (c->leg.flags & CCM_LEG_HELD) {
    count(cr, CCM_MS_HELD_CONTACTS);
    timer(cr, CCM_MS_HOLD_TIME, c->leg.hold_total);
  }
  if (c->leg.flags & CCM_LEG_FOCUS)
    timer(cr, CCM_MS_FOCUS_TIME, ccm_duration(c->leg.focus_start, ev->ts, &out->clamped));
  ccm_credit_put(cr, CCM_MS_HANDLE_TIME, CCM_OP_TIMER_OPEN, talk + c->leg.hold_total, 0);
  if (transfer) {
    count(cr, CCM_MS_TRANSFERS);
    if (!(c->flags & CCM_C_TRANSFERRED)) count(cr, CCM_MS_TRANSFERRED_CONTACTS);
    c->flags |= CCM_C_TRANSFERRED;
    if (ev->skill) c->skill = ev->skill;
    fcr_takeback(c, out);
  }
  if (c->nacw == CCM_ACW_LEGS) {
    /* the oldest waiting agent contact leaves ACW unmeasured */
    uint32_t ref = c->acw_head;
    while (acw_at(e, ref)->next) ref = acw_at(e, ref)->next;
    out->acw_drop = ref;
    c->nacw--;
  }
  out->acw_push = true;
  acw = &out->acw_new;
  acw->next = 0;
  acw->agent = c->leg.agent;
  acw->team = c->leg.team;
  acw->skill = c->leg.skill;
  acw->end = ev->ts;
  acw->talk_hold = talk + c->leg.hold_total;
  c->nacw++;
  c->last_agent = c->leg.agent;
  c->last_team = c->leg.team;
  c->flags = (c->flags | CCM_C_LAST_LEG) & ~(uint32_t)CCM_C_LEG_OPEN;
  memset(&c->leg, 0, sizeof c->leg);
  return CCM_OK;
}

static int32_t on_acw_end(const ccm_engine *e, ccm_contact *c, const ccm_event *ev, ccm_apply *out) {
  uint32_t ref;
  int64_t acw;
  const ccm_acw_leg *leg;
  ccm_credit *cr;
  /* newest first: the agent's latest agent contact, or the latest of all */
  for (ref = c->acw_head; ref; ref = acw_at(e, ref)->next)
    if (!ev->agent || acw_at(e, ref)->agent == ev->agent) break;
  if (!ref) return reject(out, CCM_E_NO_ACW, "no agent contact of that agent is in after-contact work");
  leg = acw_at(e, ref);
  acw = ccm_duration(leg->end, ev->ts, &out->clamped);
  cr = credit_for(out, c, leg->agent, leg->team, leg->skill);
  timer(cr, CCM_MS_ACW_TIME, acw);
  ccm_credit_put(cr, CCM_MS_HANDLE_TIME, CCM_OP_TIMER_MORE, acw, leg->talk_hold + acw);
  out->acw_remove = ref;
  c->nacw--;
  return CCM_OK;
}

static int32_t on_customer_message(ccm_contact *c, const ccm_event *ev, ccm_apply *out) {
  if (c->last_party != CCM_PARTY_CUSTOMER) {
    bool open = (c->flags & CCM_C_LEG_OPEN) != 0;
    ccm_credit *cr = open ? leg_credit(out, c) : credit_for(out, c, 0, 0, c->skill);
    count(cr, CCM_MS_CUSTOMER_RESPONSES);
    if (!(c->flags & CCM_C_CUSTOMER_TURN)) count(cr, CCM_MS_CONTACTS_WITH_CUSTOMER_RESPONSE);
    c->flags |= CCM_C_CUSTOMER_TURN;
    c->customer_turn_start = ev->ts;
    c->last_party = CCM_PARTY_CUSTOMER;
  }
  return CCM_OK;
}

static int32_t on_agent_message(const ccm_engine *e, ccm_contact *c, const ccm_event *ev, ccm_apply *out) {
  bool open = (c->flags & CCM_C_LEG_OPEN) != 0;
  bool digital = !ccm_contact_is_voice_like(c);
  bool leg_first = open && !(c->leg.flags & CCM_LEG_FIRST_MSG);
  uint32_t agent = ev->agent ? ev->agent : (open ? c->leg.agent : 0);
  uint32_t team = open ? c->leg.team : ev->team;
  ccm_credit *cr = credit_for(out, c, agent, team, open ? c->leg.skill : c->skill);
  count(cr, CCM_MS_AGENT_MESSAGES);
  if (leg_first) {
    c->leg.flags |= CCM_LEG_FIRST_MSG;
    if (digital) {
      ccm_credit *lc = leg_credit(out, c);
      timer(lc, CCM_MS_AGENT_FRT, ccm_duration(c->leg.start, ev->ts, &out->clamped));
      timer_bh(e, lc, CCM_MS_AGENT_FRT_BH, c->leg.start, ev->ts);
      count(lc, CCM_MS_AGENT_CONTACTS_WITH_FRT);
      count(lc, CCM_MS_RESPONDED_AGENT_CONTACTS);
    }
  }
  if (!(c->flags & CCM_C_AGENT_MSG)) {
    c->flags |= CCM_C_AGENT_MSG;
    if (digital && c->direction == CCM_DIRECTION_INBOUND) {
      int64_t frt = ccm_duration(c->start_ts, ev->ts, &out->clamped);
      timer(cr, CCM_MS_FIRST_REPLY_TIME, frt);
      timer_bh(e, cr, CCM_MS_FIRST_REPLY_TIME_BH, c->start_ts, ev->ts);
      if (frt <= e->cfg[CCM_CFG_FRT_TARGET_MS]) count(cr, CCM_MS_FIRST_REPLY_IN_TARGET);
    }
  }
  if (c->last_party != CCM_PARTY_AGENT) {
    bool after_customer = c->last_party == CCM_PARTY_CUSTOMER;
    int64_t rt = after_customer ? ccm_duration(c->customer_turn_start, ev->ts, &out->clamped) : 0;
    count(cr, CCM_MS_AGENT_RESPONSES);
    if (after_customer) {
      timer(cr, CCM_MS_RESPONSE_TIME, rt);
      timer_bh(e, cr, CCM_MS_RESPONSE_TIME_BH, c->customer_turn_start, ev->ts);
    }
    if (open && !leg_first) {
      count(cr, CCM_MS_FOLLOW_ON_RESPONSES);
      if (after_customer) timer(cr, CCM_MS_FOLLOW_ON_RESPONSE_TIME, rt);
    }
    c->last_party = CCM_PARTY_AGENT;
  }
  return CCM_OK;
}

bool ccm_contact_has_tag(const ccm_engine *e, const ccm_contact *c, uint32_t tag) {
  uint32_t i;
  for (i = c->tag_head; i; i = ((const ccm_tag_node *)ccm_pool_at(&e->tags, i))->next)
    if (((const ccm_tag_node *)ccm_pool_at(&e->tags, i))->tag == tag) return true;
  return false;
}

static int32_t on_tag(const ccm_engine *e, ccm_contact *c, const ccm_event *ev, ccm_apply *out) {
  ccm_credit *cr;
  if (ccm_contact_has_tag(e, c, ev->label)) return CCM_OK;
  if (c->ntags == CCM_MAX_TAGS) return reject(out, CCM_E_LIMIT, "a contact has at most 1024 distinct tags");
  out->push_tag = ev->label;
  cr = resolution_credit(out, c, ev);
  cr->single_tag = true;
  cr->dims[CCM_DIM_TAG] = ev->label;
  count(cr, CCM_MS_TAGGED);
  return CCM_OK;
}

static int32_t on_resolve(const ccm_engine *e, ccm_contact *c, const ccm_event *ev, ccm_apply *out) {
  int64_t t;
  ccm_credit *cr;
  if (c->flags & CCM_C_RESOLVED) return CCM_OK;
  t = ccm_duration(c->start_ts, ev->ts, &out->clamped);
  cr = resolution_credit(out, c, ev);
  count(cr, CCM_MS_CLOSED_CONTACTS);
  timer(cr, CCM_MS_RESOLUTION_TIME, t);
  timer_bh(e, cr, CCM_MS_RESOLUTION_TIME_BH, c->start_ts, ev->ts);
  if (t <= e->cfg[CCM_CFG_RESOLUTION_TARGET_MS]) count(cr, CCM_MS_RESOLVED_IN_TARGET);
  if (!(c->flags & CCM_C_CLOSED_ONCE)) {
    timer(cr, CCM_MS_FIRST_RESOLUTION_TIME, t);
    if (c->customer && !(c->flags & CCM_C_REPEAT)) {
      count(cr, CCM_MS_FCR_ELIGIBLE);
      /* customer.c decides whether it is a provisional FCR */
      if (!(c->flags & (CCM_C_TRANSFERRED | CCM_C_ESCALATED))) out->fcr_credit = (int32_t)(cr - out->credit);
    }
  }
  c->flags |= CCM_C_RESOLVED | CCM_C_CLOSED_ONCE;
  return CCM_OK;
}

static int32_t on_reopen(ccm_contact *c, const ccm_event *ev, ccm_apply *out) {
  if (!(c->flags & CCM_C_RESOLVED)) return reject(out, CCM_E_NOT_RESOLVED, "reopen of a contact that is not resolved");
  count(resolution_credit(out, c, ev), CCM_MS_REOPENED);
  c->flags &= ~(uint32_t)CCM_C_RESOLVED;
  fcr_takeback(c, out);
  return CCM_OK;
}

static int32_t on_escalate(ccm_contact *c, const ccm_event *ev, ccm_apply *out) {
  if (c->flags & CCM_C_ESCALATED) return CCM_OK;
  count(resolution_credit(out, c, ev), CCM_MS_ESCALATED);
  c->flags |= CCM_C_ESCALATED;
  fcr_takeback(c, out);
  return CCM_OK;
}

static int32_t on_contact_end(ccm_contact *c, ccm_apply *out) {
  if (c->flags & (CCM_C_IN_QUEUE | CCM_C_LEG_OPEN))
    return reject(out, CCM_E_CONTACT_BUSY, "a queue visit or agent contact is still open");
  c->flags |= CCM_C_ENDED;
  return CCM_OK;
}

/* ---- gauges ------------------------------------------------------------- */

/* The gauges, as bits of a mask. */
#define G_IN_QUEUE 1u
#define G_OPEN 2u
#define G_AWAITING 4u

/* The gauges a contact counts in (doc/CHOICES.md, "Levels").  in_queue's
 * key has the queue's skill and no agent or team; open_contacts and
 * awaiting_reply share one key: the agent and team of the open agent
 * contact (else of the last one), and the contact's skill.  The keys'
 * other dimensions are the contact's own (ccm_contact_dims); the tags are
 * the credit's tags. */
static CCM_ALWAYS_INLINE unsigned gauges_counted(const ccm_contact *c) {
  unsigned in = 0;
  if (!c->channel) return 0; /* not started */
  if ((c->flags & (CCM_C_IN_QUEUE | CCM_C_ENDED)) == CCM_C_IN_QUEUE) in |= G_IN_QUEUE;
  if (!(c->flags & (CCM_C_ENDED | CCM_C_RESOLVED))) {
    in |= G_OPEN;
    if (!ccm_contact_is_voice_like(c) && c->last_party == CCM_PARTY_CUSTOMER) in |= G_AWAITING;
  }
  return in;
}

/* The agent and team of the key of open_contacts and awaiting_reply. */
static void gauge_agent(const ccm_contact *c, uint32_t *agent, uint32_t *team) {
  if (c->flags & CCM_C_LEG_OPEN) {
    *agent = c->leg.agent;
    *team = c->leg.team;
  } else if (c->flags & CCM_C_LAST_LEG) {
    *agent = c->last_agent;
    *team = c->last_team;
  } else {
    *agent = *team = 0;
  }
}

/* The credit for a gauge key of contact c with room for `items` more items
 * and one spare (for the repeat or FCR item customer.c may add after the
 * gauges), shared with the event's other credits of the same key: one cell
 * update instead of two.  Without a new tag the tags before and after the
 * event are the same, so old_tags does not matter. */
static ccm_credit *gauge_credit(ccm_apply *out, const ccm_contact *c, uint32_t agent, uint32_t team, uint32_t skill,
                                uint32_t views, bool old_tags, uint32_t items) {
  uint32_t dims[CCM_KEY_DIMS] = {0}, i;
  ccm_credit *cr;
  ccm_contact_dims(c, dims);
  dims[CCM_DIM_AGENT] = agent;
  dims[CCM_DIM_TEAM] = team;
  dims[CCM_DIM_SKILL] = skill;
  for (i = 0; i < out->ncredits; i++) {
    cr = &out->credit[i];
    if (!cr->single_tag && cr->views == views && (cr->old_tags == old_tags || !out->push_tag) &&
        memcmp(cr->dims, dims, sizeof cr->dims) == 0 && cr->n + items < CCM_CREDIT_ITEMS)
      return cr;
  }
  cr = &out->credit[out->ncredits++];
  credit_clear(cr);
  memcpy(cr->dims, dims, sizeof cr->dims);
  cr->views = views;
  cr->old_tags = old_tags;
  return cr;
}

/* The gauges of `which` (open_contacts, awaiting_reply) change by `delta`
 * at one key: one credit for both. */
static void gauges_add(ccm_apply *out, const ccm_contact *c, uint32_t views, bool old_tags, unsigned which,
                       int64_t delta) {
  uint32_t agent, team;
  ccm_credit *cr;
  uint32_t items = (which & G_OPEN ? 1 : 0) + (which & G_AWAITING ? 1 : 0);
  gauge_agent(c, &agent, &team);
  cr = gauge_credit(out, c, agent, team, c->skill, views, old_tags, items);
  if (which & G_OPEN) ccm_credit_put(cr, CCM_MS_OPEN_CONTACTS, CCM_OP_ADD, delta, 0);
  if (which & G_AWAITING) ccm_credit_put(cr, CCM_MS_AWAITING_REPLY, CCM_OP_ADD, delta, 0);
}

/* Whether what the gauges read beside the contact's own dimensions
 * (ccm_contact_same_dims, which covers the channel) is the same in two
 * states. */
static bool same_gauge_fields(const ccm_contact *b, const ccm_contact *a) {
  const uint32_t read = CCM_C_ENDED | CCM_C_IN_QUEUE | CCM_C_LEG_OPEN | CCM_C_RESOLVED | CCM_C_LAST_LEG;
  return ((b->flags ^ a->flags) & read) == 0 && b->last_party == a->last_party && b->q_skill == a->q_skill &&
         b->skill == a->skill && b->leg.agent == a->leg.agent && b->leg.team == a->leg.team &&
         b->last_agent == a->last_agent && b->last_team == a->last_team;
}

/* A gauge changes when the contact starts or stops counting in it, or
 * counts in it and its key moved: it then leaves its old key (-1) and
 * enters its new one (+1). */
void ccm_contact_gauges(const ccm_engine *e, const ccm_contact *before, const ccm_contact *after,
                        ccm_apply *out) {
  unsigned was, is, both, leave, enter;
  uint32_t views, agent_b, team_b, agent_a, team_a;
  bool same;
  if (!e->cfg[CCM_CFG_LEVELS]) return; /* the host keeps no level */
  /* a new tag moves every gauge (the tags are part of the keys) */
  same = out->push_tag == 0 && ccm_contact_same_dims(before, after);
  /* nothing a gauge reads changed (a third of the events: an offer, a
   * hold, a second message of the same party): no gauge changes */
  if (same && same_gauge_fields(before, after)) return;
  /* views registered after the contact started do not count it; when there
   * are none, its gauges go everywhere like any credit */
  views = after->gauge_views == e->nviews + 1 ? 0 : after->gauge_views;
  was = gauges_counted(before);
  is = gauges_counted(after);
  both = was & is;
  leave = was & ~is;
  enter = is & ~was;
  if ((both & G_IN_QUEUE) && (!same || before->q_skill != after->q_skill)) {
    leave |= G_IN_QUEUE;
    enter |= G_IN_QUEUE;
  }
  if (both & (G_OPEN | G_AWAITING)) {
    gauge_agent(before, &agent_b, &team_b);
    gauge_agent(after, &agent_a, &team_a);
    if (!same || agent_b != agent_a || team_b != team_a || before->skill != after->skill) {
      leave |= both & (G_OPEN | G_AWAITING);
      enter |= both & (G_OPEN | G_AWAITING);
    }
  }
  if (leave & G_IN_QUEUE)
    ccm_credit_put(gauge_credit(out, before, 0, 0, before->q_skill, views, true, 1), CCM_MS_IN_QUEUE, CCM_OP_ADD,
                   -1, 0);
  if (enter & G_IN_QUEUE)
    ccm_credit_put(gauge_credit(out, after, 0, 0, after->q_skill, views, false, 1), CCM_MS_IN_QUEUE, CCM_OP_ADD,
                   1, 0);
  if (leave & (G_OPEN | G_AWAITING)) gauges_add(out, before, views, true, leave, -1);
  if (enter & (G_OPEN | G_AWAITING)) gauges_add(out, after, views, false, enter, 1);
}

int32_t ccm_contact_apply(const ccm_engine *e, const ccm_contact *before, ccm_contact *c, bool is_new,
                          const ccm_event *ev, ccm_apply *out) {
  int32_t rc;
  out->ncredits = 0;
  out->fcr_credit = -1;
  out->fcr_takeback = false;
  out->push_tag = 0;
  out->acw_push = false;
  out->acw_remove = 0;
  out->acw_drop = 0;
  out->clamped = 0;
  out->why = NULL;
  switch (is_new ? CCM_EV_CONTACT_START : ev->type) {
    case CCM_EV_CONTACT_START: rc = on_start(e, c, ev, out); break;
    case CCM_EV_QUEUE_ENTER: rc = on_queue_enter(c, ev, out); break;
    case CCM_EV_OFFER: rc = on_offer(c, ev, out); break;
    case CCM_EV_OFFER_MISS: rc = on_offer_miss(c, ev, out); break;
    case CCM_EV_ANSWER: rc = on_answer(e, c, ev, out); break;
    case CCM_EV_QUEUE_ABANDON: rc = on_visit_end(e, c, ev, out, true); break;
    case CCM_EV_QUEUE_EXIT: rc = on_visit_end(e, c, ev, out, false); break;
    case CCM_EV_BLOCKED: rc = on_blocked(c, ev, out); break;
    case CCM_EV_HOLD: rc = on_hold(c, ev, out); break;
    case CCM_EV_RESUME: rc = on_resume(c, ev, out); break;
    case CCM_EV_TRANSFER: rc = on_leg_end(e, c, ev, out, true); break;
    case CCM_EV_ESCALATE: rc = on_escalate(c, ev, out); break;
    case CCM_EV_AGENT_END: rc = on_leg_end(e, c, ev, out, false); break;
    case CCM_EV_ACW_END: rc = on_acw_end(e, c, ev, out); break;
    case CCM_EV_CUSTOMER_MESSAGE: rc = on_customer_message(c, ev, out); break;
    case CCM_EV_AGENT_MESSAGE: rc = on_agent_message(e, c, ev, out); break;
    case CCM_EV_BOT_MESSAGE: rc = CCM_OK; break;
    case CCM_EV_FOCUS_START: rc = on_focus(c, ev, out, true); break;
    case CCM_EV_FOCUS_END: rc = on_focus(c, ev, out, false); break;
    case CCM_EV_TAG: rc = on_tag(e, c, ev, out); break;
    case CCM_EV_DISPOSITION: c->disposition = ev->label; rc = CCM_OK; break;
    case CCM_EV_RESOLVE: rc = on_resolve(e, c, ev, out); break;
    case CCM_EV_REOPEN: rc = on_reopen(c, ev, out); break;
    case CCM_EV_CONTACT_END: rc = on_contact_end(c, out); break;
    default: rc = reject(out, CCM_E_UNSUPPORTED, "event type not supported by this version"); break;
  }
  if (rc == CCM_OK) {
    c->last_ts = ev->ts;
    out->old_tag_head = before->tag_head;
    ccm_contact_gauges(e, before, c, out);
  }
  return rc;
}

