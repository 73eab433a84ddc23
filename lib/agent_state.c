/*
 * agent_state.c: agent_state events and the time agents spend in each state
 * (doc/CHOICES.md, "Agent states").
 *
 * Agents are interned ids, so their records sit in an array indexed by id.
 * A state span is credited when it closes (the agent's next state event) or
 * up to the time the host advances to, split at every view's bucket
 * boundaries so each bucket gets exactly the time it covers.
 */
#include <stdio.h>
#include <string.h>

#include "ccmetrics_int.h"

static const char *const state_names[] = {NULL, "logged_out", "available", "busy", "not_ready", "acw"};
#define NSTATES ((int32_t)(sizeof state_names / sizeof *state_names))

const char *ccm_agent_state_name(int32_t state) { return (state > 0 && state < NSTATES) ? state_names[state] : NULL; }

int32_t ccm_agent_state_id(const char *name, int32_t *state) {
  int32_t s;
  if (!name || !state) return CCM_E_INVALID_ARG;
  for (s = 1; s < NSTATES; s++) {
    if (strcmp(state_names[s], name) == 0) {
      *state = s;
      return CCM_OK;
    }
  }
  return CCM_E_NOT_FOUND;
}

int32_t ccm_agent_state_check(const ccm_event *ev, const char **why) {
  if (!ev->agent) return *why = "agent missing", CCM_E_MISSING_FIELD;
  if (!ev->label) return *why = "state missing", CCM_E_MISSING_FIELD;
  if (ev->label >= (uint32_t)NSTATES) return *why = "unknown agent state", CCM_E_VALUE_RANGE;
  if ((ev->flags & CCM_EVF_VALUE) &&
      !(ev->value >= 0 && ev->value <= 2147483647.0 && (double)(int64_t)ev->value == ev->value))
    return *why = "reason code is not a whole number 0..2^31-1", CCM_E_OUT_OF_SCALE;
  return CCM_OK;
}

void ccm_agents_free(ccm_engine *e) {
  ccm_free(&e->mem, e->agents, (size_t)e->agents_cap * sizeof *e->agents);
  e->agents = NULL;
  e->nagents = e->agents_cap = e->agents_known = 0;
}

/* Cells a span [from, to) may need in a view: one per bucket it touches
 * (hour of day and day of week wrap, so never more than 24 or 7). */
static uint32_t pieces(const ccm_engine *e, const ccm_view *v, int64_t from, int64_t to) {
  uint32_t n = 0, most = v->grain == CCM_GRAIN_HOUR ? 24 : v->grain == CCM_GRAIN_DOW ? 7 : 0x3FFFFFFFu;
  ccm_clock_memo memo;
  ccm_clock_memo_init(&memo);
  while (from < to && n < most) {
    ccm_span b;
    ccm_time_span_memo(e, &memo, v->grain, from, &b);
    from = b.end;
    n++;
  }
  return n;
}

/* An agent silent for longer than the idle timeout (366 days when that is
 * 0) gets state time only up to then: no span runs for ever, and the cells
 * one event or advance can touch stay bounded. */
#define AGENT_SILENCE_MAX (366 * INT64_C(86400000))
static int64_t credit_end(const ccm_engine *e, const ccm_agent *a, int64_t to) {
  int64_t idle = e->cfg[CCM_CFG_IDLE_TIMEOUT_MS], limit = idle > 0 ? idle : AGENT_SILENCE_MAX;
  return to > a->last_ts + limit ? a->last_ts + limit : to;
}

static bool credits_time(const ccm_agent *a, int64_t to) {
  return a->state > CCM_STATE_LOGGED_OUT && to > a->since;
}

/* Cells the agent's running span up to `to` may need in a view. */
static uint64_t span_cells(const ccm_engine *e, const ccm_view *v, const ccm_agent *a, int64_t to) {
  to = credit_end(e, a, to);
  return credits_time(a, to) ? pieces(e, v, a->since, to) : 0;
}

static int32_t reserve_cells(ccm_view *v, uint64_t more) {
  return more > 0x3FFFFFFFu ? CCM_E_LIMIT : ccm_view_reserve(v, (uint32_t)more, 0); /* no timers */
}

static const int32_t state_measure[] = {0, 0, CCM_MS_AVAILABLE_TIME, CCM_MS_BUSY_TIME, CCM_MS_NOT_READY_TIME,
                                        CCM_MS_ACW_STATE_TIME};

/* Credit [since, to) of agent id's running span, piece by piece. */
static void credit_span(ccm_engine *e, uint32_t agent, const ccm_agent *a, int64_t to) {
  ccm_credit cr;
  uint32_t i;
  to = credit_end(e, a, to);
  if (!credits_time(a, to)) return;
  memset(&cr, 0, sizeof cr);
  cr.dims[CCM_DIM_AGENT] = agent;
  cr.dims[CCM_DIM_TEAM] = a->team;
  cr.dims[CCM_DIM_REASON] = a->reason;
  cr.n = 2;
  cr.item[0].measure = CCM_MS_LOGGED_IN_TIME;
  cr.item[1].measure = (uint16_t)state_measure[a->state];
  cr.item[0].op = cr.item[1].op = CCM_OP_ADD;
  for (i = 0; i < e->nviews; i++) {
    ccm_view *v = e->views[i];
    int64_t from = a->since;
    ccm_clock_memo memo;
    ccm_clock_memo_init(&memo);
    while (from < to) {
      ccm_span b;
      ccm_time_span_memo(e, &memo, v->grain, from, &b);
      if (b.end > to) b.end = to;
      cr.item[0].v = cr.item[1].v = b.end - from;
      ccm_view_credit(v, &cr, e, 0, b.id);
      from = b.end;
    }
  }
}

static int32_t reserve_agents(ccm_engine *e, uint32_t agent) {
  if (agent > e->agents_cap) {
    uint32_t ncap = e->agents_cap ? e->agents_cap : 64;
    ccm_agent *a;
    while (ncap < agent) ncap *= 2;
    a = ccm_realloc_array(&e->mem, e->agents, e->agents_cap, ncap, sizeof *a);
    if (!a) return CCM_E_NOMEM;
    memset(a + e->agents_cap, 0, (size_t)(ncap - e->agents_cap) * sizeof *a);
    e->agents = a;
    e->agents_cap = ncap;
  }
  return CCM_OK;
}

static const int32_t state_gauge[] = {0, 0, CCM_MS_AGENTS_AVAILABLE, CCM_MS_AGENTS_BUSY, CCM_MS_AGENTS_NOT_READY,
                                      CCM_MS_AGENTS_ACW};

static void gauge_change(ccm_apply *ap, uint32_t agent, uint32_t team, uint32_t reason, uint32_t views, int32_t state,
                         int64_t d) {
  ccm_credit *cr;
  if (state <= CCM_STATE_LOGGED_OUT) return; /* logged out counts in no gauge */
  cr = &ap->credit[ap->ncredits++];
  memset(cr, 0, sizeof *cr);
  cr->dims[CCM_DIM_AGENT] = agent;
  cr->dims[CCM_DIM_TEAM] = team;
  cr->dims[CCM_DIM_REASON] = reason;
  cr->views = views;
  cr->single_tag = true; /* tag "none" */
  cr->n = 2;
  cr->item[0].measure = CCM_MS_AGENTS_LOGGED_IN;
  cr->item[1].measure = (uint16_t)state_gauge[state];
  cr->item[0].op = cr->item[1].op = CCM_OP_ADD;
  cr->item[0].v = cr->item[1].v = d;
}

int32_t ccm_agents_ingest(ccm_engine *e, const ccm_event *ev, const char **why) {
  uint32_t id = ev->agent, reason = 0, i;
  ccm_agent *a = id <= e->nagents ? &e->agents[id - 1] : NULL;
  int32_t rc;
  if (a && a->state && ev->ts < a->since) {
    *why = "earlier than the agent's previous state event or the time it was credited up to";
    return CCM_E_TIME_BACKWARDS;
  }
  rc = reserve_agents(e, id);
  if (!rc && (ev->flags & CCM_EVF_VALUE)) {
    /* the reason code keys views by reason as its decimal text */
    char text[16];
    int len = snprintf(text, sizeof text, "%u", (unsigned)ev->value);
    rc = ccm_intern(e, CCM_DIM_REASON, text, (size_t)len, &reason);
  }
  if (rc) return *why = "out of memory", rc;
  a = &e->agents[id - 1];
  /* the span's pieces, and the agent gauges at the old and the new key */
  for (i = 0; i < e->nviews && !rc; i++) rc = reserve_cells(e->views[i], span_cells(e, e->views[i], a, ev->ts) + 2);
  if (rc) return *why = rc == CCM_E_NOMEM ? "out of memory" : "capacity limit reached", rc;
  /* commit */
  credit_span(e, id, a, ev->ts);
  if (id > e->nagents) e->nagents = id;
  if (!a->state) {
    e->agents_known++;
    a->gauge_views = e->nviews + 1;
  }
  if (e->cfg[CCM_CFG_LEVELS]) {
    ccm_apply ap;
    uint32_t team = ev->team ? ev->team : a->team;
    ap.ncredits = 0;
    gauge_change(&ap, id, a->team, a->reason, a->gauge_views, a->state, -1);
    gauge_change(&ap, id, team, reason, a->gauge_views, (int32_t)ev->label, 1);
    ccm_route_credits(e, &ap, 0, ev->ts);
  }
  a->state = (uint8_t)ev->label;
  a->since = ev->ts;
  a->last_ts = ev->ts;
  if (ev->team) a->team = ev->team;
  a->reason = reason;
  return CCM_OK;
}

int32_t ccm_agents_advance(ccm_engine *e, int64_t now) {
  uint32_t id, i;
  for (i = 0; i < e->nviews; i++) {
    uint64_t more = 0;
    int32_t rc;
    for (id = 1; id <= e->nagents && more <= 0x3FFFFFFFu; id++) more += span_cells(e, e->views[i], &e->agents[id - 1], now);
    rc = reserve_cells(e->views[i], more);
    if (rc) return rc;
  }
  for (id = 1; id <= e->nagents; id++) {
    ccm_agent *a = &e->agents[id - 1];
    int64_t to = credit_end(e, a, now);
    if (!credits_time(a, to)) continue;
    credit_span(e, id, a, to);
    a->since = to;
  }
  return CCM_OK;
}
