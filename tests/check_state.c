/*
 * check_state.c - the contact state machine: every validation rule of
 * doc/CHOICES.md, with its exact code, and proof that a rejected event
 * changes nothing; contact lifetime (end, release, idle expiry, forgetting);
 * batches; error names.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* ------------------------------------------------------------------------ */
/* A small script language for the validation table. */

enum sym { NONE = 0, ANN, BOB, RED, BLUE, BILLING, SUPPORT, REFUND, URGENT, SALE, TIMEOUT, VIP, SPRING, FORM1, BOGUS,
           /* agent states are fixed ids (CCM_STATE_*), not interned */
           ST_AVAILABLE, ST_BUSY, ST_9 };

typedef struct step {
  int32_t type;
  int64_t dt; /* ms after TU_T0 */
  uint64_t contact;
  uint32_t channel, direction;
  int skill, agent, team, label, campaign;
  uint64_t customer;
  uint32_t size; /* 0 = sizeof(ccm_event) */
  int has_value;
  double value;
  int32_t expect;
} step;

static uint32_t resolve(const tu_ids *ids, int s) {
  switch (s) {
  case NONE: return 0;
  case ANN: return ids->ann;
  case BOB: return ids->bob;
  case RED: return ids->red;
  case BLUE: return ids->blue;
  case BILLING: return ids->billing;
  case SUPPORT: return ids->support;
  case REFUND: return ids->refund;
  case URGENT: return ids->urgent;
  case SALE: return ids->sale;
  case TIMEOUT: return ids->timeout;
  case VIP: return ids->vip;
  case SPRING: return ids->camp1;
  case FORM1: return ids->form1;
  case ST_AVAILABLE: return CCM_STATE_AVAILABLE;
  case ST_BUSY: return CCM_STATE_BUSY;
  case ST_9: return 9;
  default: return 4000000u; /* never interned */
  }
}

static ccm_event make(const tu_ids *ids, const step *s) {
  ccm_event ev;
  ccm_event_init(&ev, s->type);
  ev.type = s->type;
  ev.size = s->size ? s->size : (uint32_t)sizeof(ccm_event);
  ev.ts = TU_T0 + s->dt;
  ev.contact = s->contact;
  ev.customer = s->customer;
  ev.channel = s->channel;
  ev.direction = s->direction;
  ev.skill = resolve(ids, s->skill);
  ev.agent = resolve(ids, s->agent);
  ev.team = resolve(ids, s->team);
  ev.label = resolve(ids, s->label);
  ev.campaign = resolve(ids, s->campaign);
  if (s->has_value) {
    ev.flags = CCM_EVF_VALUE;
    ev.value = s->value;
  }
  return ev;
}

static int is_end(const step *s) { return s->type == 0 && s->contact == 0 && s->dt == 0; }

static void run_steps(ccm_engine *e, const tu_ids *ids, const step *s, const char *what, const char *name) {
  for (; !is_end(s); ++s) {
    ccm_event ev = make(ids, s);
    int32_t rc = ccm_ingest(e, &ev);
    ck_assert_msg(rc == s->expect, "case %s: %s step %s at +%lld: got %d (%s) \"%s\", expected %d (%s)", name, what,
                  ccm_event_name(s->type) ? ccm_event_name(s->type) : "?", (long long)s->dt, (int)rc,
                  ccm_error_name(rc), ccm_engine_errmsg(e), (int)s->expect, ccm_error_name(s->expect));
  }
}

/* the contact is the first variadic argument, so the variadic part is never empty */
#define E(type_, dt_, ...) {.type = (type_), .dt = (dt_), .contact = __VA_ARGS__}
#define END {0}

/* building blocks */
#define VOICE(c_, dt_) \
  E(CCM_EV_CONTACT_START, dt_, c_, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND, .skill = BILLING)
#define CHAT(c_, dt_) \
  E(CCM_EV_CONTACT_START, dt_, c_, .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_INBOUND, .skill = SUPPORT)
#define QENTER(c_, dt_) E(CCM_EV_QUEUE_ENTER, dt_, c_, .skill = BILLING)
#define ANSWER(c_, dt_) E(CCM_EV_ANSWER, dt_, c_, .agent = ANN, .team = RED)
#define OFFER(c_, dt_) E(CCM_EV_OFFER, dt_, c_, .agent = ANN, .team = RED)
#define AEND(c_, dt_) E(CCM_EV_AGENT_END, dt_, c_)
#define CEND(c_, dt_) E(CCM_EV_CONTACT_END, dt_, c_)
#define REJ(code_, type_, dt_, ...) E(type_, dt_, __VA_ARGS__, .expect = (code_))

typedef struct vcase {
  const char *name;
  step setup[10];
  step bad;
  step after[6];
} vcase;

/* clang-format off */
static const vcase cases[] = {
  /* any event */
  {"size 1", {VOICE(1, 0), END}, REJ(CCM_E_EVENT_SIZE, CCM_EV_QUEUE_ENTER, 1, 1, .skill = BILLING, .size = 1), {QENTER(1, 2), END}},
  {"size 8", {VOICE(1, 0), END}, REJ(CCM_E_EVENT_SIZE, CCM_EV_QUEUE_ENTER, 1, 1, .skill = BILLING, .size = 8), {QENTER(1, 2), END}},
  {"size - 1", {VOICE(1, 0), END}, REJ(CCM_E_EVENT_SIZE, CCM_EV_QUEUE_ENTER, 1, 1, .skill = BILLING, .size = sizeof(ccm_event) - 1), {QENTER(1, 2), END}},
  {"type 0", {VOICE(1, 0), END}, REJ(CCM_E_EVENT_TYPE, 0, 1, 1, .skill = BILLING), {QENTER(1, 2), END}},
  {"type 999", {VOICE(1, 0), END}, REJ(CCM_E_EVENT_TYPE, 999, 1, 1, .skill = BILLING), {QENTER(1, 2), END}},
  {"type -1", {VOICE(1, 0), END}, REJ(CCM_E_EVENT_TYPE, -1, 1, 1), {QENTER(1, 2), END}},
  {"type COUNT", {VOICE(1, 0), END}, REJ(CCM_E_EVENT_TYPE, CCM_EV_COUNT, 1, 1), {QENTER(1, 2), END}},
  {"contact 0 queue_enter", {VOICE(1, 0), END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_QUEUE_ENTER, 1, 0, .skill = BILLING), {QENTER(1, 2), END}},
  {"contact 0 start", {END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_CONTACT_START, 1, 0, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND), {VOICE(1, 2), END}},
  {"contact 0 tag", {VOICE(1, 0), END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_TAG, 1, 0, .label = REFUND), {QENTER(1, 2), END}},
  {"bad skill id", {VOICE(1, 0), END}, REJ(CCM_E_BAD_ID, CCM_EV_QUEUE_ENTER, 1, 1, .skill = BOGUS), {QENTER(1, 2), END}},
  {"bad agent id", {VOICE(1, 0), QENTER(1, 0), END}, REJ(CCM_E_BAD_ID, CCM_EV_ANSWER, 1, 1, .agent = BOGUS), {ANSWER(1, 2), END}},
  {"bad team id", {VOICE(1, 0), QENTER(1, 0), END}, REJ(CCM_E_BAD_ID, CCM_EV_ANSWER, 1, 1, .agent = ANN, .team = BOGUS), {ANSWER(1, 2), END}},
  {"bad tag id", {VOICE(1, 0), END}, REJ(CCM_E_BAD_ID, CCM_EV_TAG, 1, 1, .label = BOGUS), {E(CCM_EV_TAG, 2, 1, .label = REFUND), END}},
  {"bad campaign id", {END}, REJ(CCM_E_BAD_ID, CCM_EV_CONTACT_START, 1, 1, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND, .campaign = BOGUS), {VOICE(1, 2), END}},
  {"bad contact type id", {END}, REJ(CCM_E_BAD_ID, CCM_EV_CONTACT_START, 1, 1, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND, .label = BOGUS), {VOICE(1, 2), END}},
  {"bad start skill id", {END}, REJ(CCM_E_BAD_ID, CCM_EV_CONTACT_START, 1, 1, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND, .skill = BOGUS), {VOICE(1, 2), END}},
  {"bad disposition id", {VOICE(1, 0), END}, REJ(CCM_E_BAD_ID, CCM_EV_DISPOSITION, 1, 1, .label = BOGUS), {E(CCM_EV_DISPOSITION, 2, 1, .label = SALE), END}},
  {"bad reason id", {VOICE(1, 0), QENTER(1, 0), END}, REJ(CCM_E_BAD_ID, CCM_EV_QUEUE_EXIT, 1, 1, .label = BOGUS), {E(CCM_EV_QUEUE_EXIT, 2, 1, .label = TIMEOUT), END}},
  {"bad resolve agent id", {VOICE(1, 0), END}, REJ(CCM_E_BAD_ID, CCM_EV_RESOLVE, 1, 1, .agent = BOGUS), {E(CCM_EV_RESOLVE, 2, 1), END}},
  /* contact_start */
  {"start without channel", {END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_CONTACT_START, 0, 1, .direction = CCM_DIRECTION_INBOUND), {VOICE(1, 1), END}},
  {"start with channel 9", {END}, REJ(CCM_E_VALUE_RANGE, CCM_EV_CONTACT_START, 0, 1, .channel = 9, .direction = CCM_DIRECTION_INBOUND), {VOICE(1, 1), END}},
  {"start without direction", {END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_CONTACT_START, 0, 1, .channel = CCM_CHANNEL_CHAT), {CHAT(1, 1), END}},
  {"start with direction 3", {END}, REJ(CCM_E_VALUE_RANGE, CCM_EV_CONTACT_START, 0, 1, .channel = CCM_CHANNEL_CHAT, .direction = 3), {CHAT(1, 1), END}},
  {"start twice", {VOICE(1, 0), END}, REJ(CCM_E_CONTACT_EXISTS, CCM_EV_CONTACT_START, 1, 1, .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_INBOUND), {QENTER(1, 2), END}},
  {"start after end", {VOICE(1, 0), CEND(1, 1), END}, REJ(CCM_E_CONTACT_EXISTS, CCM_EV_CONTACT_START, 2, 1, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND), {E(CCM_EV_TAG, 3, 1, .label = REFUND), END}},
  /* unknown contacts */
  {"queue_enter unknown", {VOICE(1, 0), END}, REJ(CCM_E_UNKNOWN_CONTACT, CCM_EV_QUEUE_ENTER, 1, 2, .skill = BILLING), {VOICE(2, 2), QENTER(2, 3), END}},
  {"tag unknown", {VOICE(1, 0), END}, REJ(CCM_E_UNKNOWN_CONTACT, CCM_EV_TAG, 1, 2, .label = REFUND), {VOICE(2, 2), END}},
  {"resolve unknown", {END}, REJ(CCM_E_UNKNOWN_CONTACT, CCM_EV_RESOLVE, 1, 7), {VOICE(7, 2), END}},
  /* queue_enter */
  {"queue_enter without skill", {VOICE(1, 0), END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_QUEUE_ENTER, 1, 1), {QENTER(1, 2), END}},
  {"queue_enter twice", {VOICE(1, 0), QENTER(1, 0), END}, REJ(CCM_E_QUEUED, CCM_EV_QUEUE_ENTER, 1, 1, .skill = SUPPORT), {E(CCM_EV_QUEUE_ABANDON, 2, 1), END}},
  {"queue_enter with agent contact", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), END}, REJ(CCM_E_AGENT_CONTACT_OPEN, CCM_EV_QUEUE_ENTER, 2, 1, .skill = SUPPORT), {AEND(1, 3), QENTER(1, 4), END}},
  /* offer */
  {"offer without agent", {VOICE(1, 0), QENTER(1, 0), END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_OFFER, 1, 1, .team = RED), {OFFER(1, 2), END}},
  {"offer with agent contact", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), END}, REJ(CCM_E_AGENT_CONTACT_OPEN, CCM_EV_OFFER, 2, 1, .agent = BOB), {AEND(1, 3), END}},
  /* offer_miss */
  {"offer_miss without agent", {VOICE(1, 0), QENTER(1, 0), OFFER(1, 1), END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_OFFER_MISS, 2, 1), {E(CCM_EV_OFFER_MISS, 3, 1, .agent = ANN), END}},
  {"offer_miss without offer", {VOICE(1, 0), QENTER(1, 0), END}, REJ(CCM_E_NO_OFFER, CCM_EV_OFFER_MISS, 2, 1, .agent = ANN), {OFFER(1, 3), E(CCM_EV_OFFER_MISS, 4, 1, .agent = ANN), END}},
  {"offer_miss other agent", {VOICE(1, 0), QENTER(1, 0), OFFER(1, 1), END}, REJ(CCM_E_NO_OFFER, CCM_EV_OFFER_MISS, 2, 1, .agent = BOB), {E(CCM_EV_OFFER_MISS, 3, 1, .agent = ANN), END}},
  {"offer_miss twice", {VOICE(1, 0), QENTER(1, 0), OFFER(1, 1), E(CCM_EV_OFFER_MISS, 2, 1, .agent = ANN), END}, REJ(CCM_E_NO_OFFER, CCM_EV_OFFER_MISS, 3, 1, .agent = ANN), {ANSWER(1, 4), END}},
  /* answer */
  {"answer without agent", {VOICE(1, 0), QENTER(1, 0), END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_ANSWER, 1, 1, .team = RED), {ANSWER(1, 2), END}},
  {"answer twice", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), END}, REJ(CCM_E_AGENT_CONTACT_OPEN, CCM_EV_ANSWER, 2, 1, .agent = BOB), {AEND(1, 3), END}},
  /* queue_abandon, queue_exit */
  {"abandon without visit", {VOICE(1, 0), END}, REJ(CCM_E_NOT_QUEUED, CCM_EV_QUEUE_ABANDON, 1, 1), {QENTER(1, 2), E(CCM_EV_QUEUE_ABANDON, 3, 1), END}},
  {"abandon after answer", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), END}, REJ(CCM_E_NOT_QUEUED, CCM_EV_QUEUE_ABANDON, 2, 1), {AEND(1, 3), END}},
  {"exit without visit", {VOICE(1, 0), END}, REJ(CCM_E_NOT_QUEUED, CCM_EV_QUEUE_EXIT, 1, 1), {QENTER(1, 2), E(CCM_EV_QUEUE_EXIT, 3, 1), END}},
  {"exit after abandon", {VOICE(1, 0), QENTER(1, 0), E(CCM_EV_QUEUE_ABANDON, 1, 1), END}, REJ(CCM_E_NOT_QUEUED, CCM_EV_QUEUE_EXIT, 2, 1), {CEND(1, 3), END}},
  /* blocked */
  {"blocked while queued", {VOICE(1, 0), QENTER(1, 0), END}, REJ(CCM_E_CONTACT_BUSY, CCM_EV_BLOCKED, 1, 1), {E(CCM_EV_QUEUE_ABANDON, 2, 1), E(CCM_EV_BLOCKED, 3, 1), END}},
  {"blocked with agent contact", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), END}, REJ(CCM_E_CONTACT_BUSY, CCM_EV_BLOCKED, 2, 1), {AEND(1, 3), END}},
  /* hold */
  {"hold without agent contact", {VOICE(1, 0), QENTER(1, 0), END}, REJ(CCM_E_NO_AGENT_CONTACT, CCM_EV_HOLD, 1, 1), {ANSWER(1, 2), E(CCM_EV_HOLD, 3, 1), END}},
  {"hold while on hold", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), E(CCM_EV_HOLD, 2, 1), END}, REJ(CCM_E_ON_HOLD, CCM_EV_HOLD, 3, 1), {E(CCM_EV_RESUME, 4, 1), REJ(CCM_E_NOT_ON_HOLD, CCM_EV_RESUME, 5, 1), AEND(1, 6), END}},
  {"hold wrong agent", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), END}, REJ(CCM_E_WRONG_AGENT, CCM_EV_HOLD, 2, 1, .agent = BOB), {E(CCM_EV_HOLD, 3, 1, .agent = ANN), AEND(1, 6), END}},
  {"hold after agent_end", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), AEND(1, 2), END}, REJ(CCM_E_NO_AGENT_CONTACT, CCM_EV_HOLD, 3, 1), {E(CCM_EV_ACW_END, 4, 1), END}},
  /* resume */
  {"resume without agent contact", {VOICE(1, 0), END}, REJ(CCM_E_NO_AGENT_CONTACT, CCM_EV_RESUME, 1, 1), {QENTER(1, 2), END}},
  {"resume without hold", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), END}, REJ(CCM_E_NOT_ON_HOLD, CCM_EV_RESUME, 2, 1), {E(CCM_EV_HOLD, 3, 1), E(CCM_EV_RESUME, 5, 1), AEND(1, 6), END}},
  {"resume wrong agent", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), E(CCM_EV_HOLD, 2, 1), END}, REJ(CCM_E_WRONG_AGENT, CCM_EV_RESUME, 3, 1, .agent = BOB), {E(CCM_EV_RESUME, 5, 1, .agent = ANN), AEND(1, 6), END}},
  /* focus */
  {"focus_start without agent contact", {CHAT(1, 0), END}, REJ(CCM_E_NO_AGENT_CONTACT, CCM_EV_FOCUS_START, 1, 1), {QENTER(1, 2), END}},
  {"focus_start twice", {CHAT(1, 0), QENTER(1, 0), ANSWER(1, 1), E(CCM_EV_FOCUS_START, 2, 1), END}, REJ(CCM_E_FOCUS_OPEN, CCM_EV_FOCUS_START, 3, 1), {E(CCM_EV_FOCUS_END, 5, 1), AEND(1, 6), END}},
  {"focus_start wrong agent", {CHAT(1, 0), QENTER(1, 0), ANSWER(1, 1), END}, REJ(CCM_E_WRONG_AGENT, CCM_EV_FOCUS_START, 2, 1, .agent = BOB), {E(CCM_EV_FOCUS_START, 3, 1, .agent = ANN), AEND(1, 6), END}},
  {"focus_end without agent contact", {CHAT(1, 0), END}, REJ(CCM_E_NO_AGENT_CONTACT, CCM_EV_FOCUS_END, 1, 1), {QENTER(1, 2), END}},
  {"focus_end without focus", {CHAT(1, 0), QENTER(1, 0), ANSWER(1, 1), END}, REJ(CCM_E_NO_FOCUS, CCM_EV_FOCUS_END, 2, 1), {E(CCM_EV_FOCUS_START, 3, 1), E(CCM_EV_FOCUS_END, 5, 1), REJ(CCM_E_NO_FOCUS, CCM_EV_FOCUS_END, 5, 1), AEND(1, 6), END}},
  {"focus_end wrong agent", {CHAT(1, 0), QENTER(1, 0), ANSWER(1, 1), E(CCM_EV_FOCUS_START, 2, 1), END}, REJ(CCM_E_WRONG_AGENT, CCM_EV_FOCUS_END, 3, 1, .agent = BOB), {E(CCM_EV_FOCUS_END, 5, 1, .agent = ANN), AEND(1, 6), END}},
  /* agent_end */
  {"agent_end without agent contact", {VOICE(1, 0), QENTER(1, 0), END}, REJ(CCM_E_NO_AGENT_CONTACT, CCM_EV_AGENT_END, 1, 1), {ANSWER(1, 2), AEND(1, 3), END}},
  {"agent_end twice", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), AEND(1, 2), END}, REJ(CCM_E_NO_AGENT_CONTACT, CCM_EV_AGENT_END, 3, 1), {E(CCM_EV_ACW_END, 4, 1), END}},
  {"agent_end wrong agent", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), END}, REJ(CCM_E_WRONG_AGENT, CCM_EV_AGENT_END, 2, 1, .agent = BOB), {E(CCM_EV_AGENT_END, 3, 1, .agent = ANN), END}},
  /* transfer */
  {"transfer without agent contact", {VOICE(1, 0), QENTER(1, 0), END}, REJ(CCM_E_NO_AGENT_CONTACT, CCM_EV_TRANSFER, 1, 1, .skill = SUPPORT), {ANSWER(1, 2), E(CCM_EV_TRANSFER, 3, 1, .skill = SUPPORT), END}},
  /* acw_end */
  {"acw_end without acw", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), END}, REJ(CCM_E_NO_ACW, CCM_EV_ACW_END, 2, 1), {AEND(1, 3), E(CCM_EV_ACW_END, 4, 1), END}},
  {"acw_end before any agent contact", {VOICE(1, 0), END}, REJ(CCM_E_NO_ACW, CCM_EV_ACW_END, 1, 1, .agent = ANN), {QENTER(1, 2), END}},
  {"acw_end of another agent", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), AEND(1, 2), END}, REJ(CCM_E_NO_ACW, CCM_EV_ACW_END, 3, 1, .agent = BOB), {E(CCM_EV_ACW_END, 4, 1, .agent = ANN), REJ(CCM_E_NO_ACW, CCM_EV_ACW_END, 5, 1), END}},
  {"acw_end twice", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), AEND(1, 2), E(CCM_EV_ACW_END, 3, 1), END}, REJ(CCM_E_NO_ACW, CCM_EV_ACW_END, 4, 1), {CEND(1, 5), END}},
  /* reopen */
  {"reopen unresolved", {CHAT(1, 0), END}, REJ(CCM_E_NOT_RESOLVED, CCM_EV_REOPEN, 1, 1), {E(CCM_EV_RESOLVE, 2, 1), E(CCM_EV_REOPEN, 3, 1), END}},
  {"reopen twice", {CHAT(1, 0), E(CCM_EV_RESOLVE, 1, 1), E(CCM_EV_REOPEN, 2, 1), END}, REJ(CCM_E_NOT_RESOLVED, CCM_EV_REOPEN, 3, 1), {E(CCM_EV_RESOLVE, 4, 1), E(CCM_EV_REOPEN, 5, 1), END}},
  /* tag, disposition */
  {"tag without label", {CHAT(1, 0), END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_TAG, 1, 1), {E(CCM_EV_TAG, 2, 1, .label = REFUND), END}},
  {"disposition without label", {CHAT(1, 0), END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_DISPOSITION, 1, 1, .agent = ANN), {E(CCM_EV_DISPOSITION, 2, 1, .label = SALE), END}},
  /* contact_end */
  {"contact_end while queued", {VOICE(1, 0), QENTER(1, 0), END}, REJ(CCM_E_CONTACT_BUSY, CCM_EV_CONTACT_END, 1, 1), {E(CCM_EV_QUEUE_ABANDON, 2, 1), CEND(1, 3), END}},
  {"contact_end with agent contact", {VOICE(1, 0), QENTER(1, 0), ANSWER(1, 1), END}, REJ(CCM_E_CONTACT_BUSY, CCM_EV_CONTACT_END, 2, 1), {AEND(1, 3), CEND(1, 4), END}},
  /* after the end */
  {"queue_enter after end", {VOICE(1, 0), CEND(1, 1), END}, REJ(CCM_E_CONTACT_ENDED, CCM_EV_QUEUE_ENTER, 2, 1, .skill = BILLING), {E(CCM_EV_TAG, 3, 1, .label = REFUND), END}},
  {"offer after end", {VOICE(1, 0), CEND(1, 1), END}, REJ(CCM_E_CONTACT_ENDED, CCM_EV_OFFER, 2, 1, .agent = ANN), {E(CCM_EV_RESOLVE, 3, 1), END}},
  {"answer after end", {VOICE(1, 0), CEND(1, 1), END}, REJ(CCM_E_CONTACT_ENDED, CCM_EV_ANSWER, 2, 1, .agent = ANN), {E(CCM_EV_RESOLVE, 3, 1), END}},
  {"customer_message after end", {CHAT(1, 0), CEND(1, 1), END}, REJ(CCM_E_CONTACT_ENDED, CCM_EV_CUSTOMER_MESSAGE, 2, 1), {E(CCM_EV_RESOLVE, 3, 1), END}},
  {"agent_message after end", {CHAT(1, 0), CEND(1, 1), END}, REJ(CCM_E_CONTACT_ENDED, CCM_EV_AGENT_MESSAGE, 2, 1, .agent = ANN), {E(CCM_EV_RESOLVE, 3, 1), END}},
  {"bot_message after end", {CHAT(1, 0), CEND(1, 1), END}, REJ(CCM_E_CONTACT_ENDED, CCM_EV_BOT_MESSAGE, 2, 1), {E(CCM_EV_RESOLVE, 3, 1), END}},
  {"hold after end", {VOICE(1, 0), CEND(1, 1), END}, REJ(CCM_E_CONTACT_ENDED, CCM_EV_HOLD, 2, 1), {E(CCM_EV_RESOLVE, 3, 1), END}},
  {"contact_end twice", {VOICE(1, 0), CEND(1, 1), END}, REJ(CCM_E_CONTACT_ENDED, CCM_EV_CONTACT_END, 2, 1), {E(CCM_EV_RESOLVE, 3, 1), END}},
  {"blocked after end", {VOICE(1, 0), CEND(1, 1), END}, REJ(CCM_E_CONTACT_ENDED, CCM_EV_BLOCKED, 2, 1), {E(CCM_EV_RESOLVE, 3, 1), END}},
  {"queue_enter after blocked", {VOICE(1, 0), E(CCM_EV_BLOCKED, 1, 1), END}, REJ(CCM_E_CONTACT_ENDED, CCM_EV_QUEUE_ENTER, 2, 1, .skill = BILLING), {E(CCM_EV_TAG, 3, 1, .label = REFUND), END}},
  /* time */
  {"queue_enter backwards", {VOICE(1, 1000), END}, REJ(CCM_E_TIME_BACKWARDS, CCM_EV_QUEUE_ENTER, 999, 1, .skill = BILLING), {QENTER(1, 1000), END}},
  {"answer backwards", {VOICE(1, 0), QENTER(1, 500), END}, REJ(CCM_E_TIME_BACKWARDS, CCM_EV_ANSWER, 499, 1, .agent = ANN), {ANSWER(1, 500), END}},
  {"tag after end backwards", {VOICE(1, 0), CEND(1, 5000), END}, REJ(CCM_E_TIME_BACKWARDS, CCM_EV_TAG, 4000, 1, .label = REFUND), {E(CCM_EV_TAG, 5000, 1, .label = REFUND), END}},
  /* surveys and quality */
#define CSAT_OK(dt_) E(CCM_EV_CSAT, dt_, 1, .has_value = 1, .value = 4)
#define AVAIL(dt_) E(CCM_EV_AGENT_STATE, dt_, 0, .agent = ANN, .team = RED, .label = ST_AVAILABLE)
  {"csat without value", {VOICE(1, 0), END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_CSAT, 1, 1, .agent = ANN), {CSAT_OK(2), END}},
  {"csat without contact or customer", {VOICE(1, 0), END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_CSAT, 1, 0, .has_value = 1, .value = 4), {CSAT_OK(2), END}},
  {"csat 6", {VOICE(1, 0), END}, REJ(CCM_E_OUT_OF_SCALE, CCM_EV_CSAT, 1, 1, .has_value = 1, .value = 6), {CSAT_OK(2), END}},
  {"csat 0", {VOICE(1, 0), END}, REJ(CCM_E_OUT_OF_SCALE, CCM_EV_CSAT, 1, 1, .has_value = 1, .value = 0), {CSAT_OK(2), END}},
  {"csat 4.5", {VOICE(1, 0), END}, REJ(CCM_E_OUT_OF_SCALE, CCM_EV_CSAT, 1, 1, .has_value = 1, .value = 4.5), {CSAT_OK(2), END}},
  {"csat NaN", {VOICE(1, 0), END}, REJ(CCM_E_OUT_OF_SCALE, CCM_EV_CSAT, 1, 1, .has_value = 1, .value = 0.0 / 0.0), {CSAT_OK(2), END}},
  {"csat bad agent id", {VOICE(1, 0), END}, REJ(CCM_E_BAD_ID, CCM_EV_CSAT, 1, 1, .has_value = 1, .value = 4, .agent = BOGUS), {CSAT_OK(2), END}},
  {"nps 11", {END}, REJ(CCM_E_OUT_OF_SCALE, CCM_EV_NPS, 1, 0, .customer = 5, .has_value = 1, .value = 11), {E(CCM_EV_NPS, 2, 0, .customer = 5, .has_value = 1, .value = 10), END}},
  {"nps -1", {END}, REJ(CCM_E_OUT_OF_SCALE, CCM_EV_NPS, 1, 0, .customer = 5, .has_value = 1, .value = -1), {E(CCM_EV_NPS, 2, 0, .customer = 5, .has_value = 1, .value = 0), END}},
  {"ces 8", {VOICE(1, 0), END}, REJ(CCM_E_OUT_OF_SCALE, CCM_EV_CES, 1, 1, .has_value = 1, .value = 8), {E(CCM_EV_CES, 2, 1, .has_value = 1, .value = 7), END}},
  {"ces 0", {VOICE(1, 0), END}, REJ(CCM_E_OUT_OF_SCALE, CCM_EV_CES, 1, 1, .has_value = 1, .value = 0), {E(CCM_EV_CES, 2, 1, .has_value = 1, .value = 1), END}},
  {"qa_score 100.5", {VOICE(1, 0), END}, REJ(CCM_E_OUT_OF_SCALE, CCM_EV_QA_SCORE, 1, 1, .has_value = 1, .value = 100.5, .agent = ANN, .label = FORM1), {E(CCM_EV_QA_SCORE, 2, 1, .has_value = 1, .value = 99.5, .agent = ANN), END}},
  {"qa_score without contact", {VOICE(1, 0), END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_QA_SCORE, 1, 0, .customer = 5, .has_value = 1, .value = 50), {E(CCM_EV_QA_SCORE, 2, 1, .has_value = 1, .value = 50), END}},
  {"qa_score bad form id", {VOICE(1, 0), END}, REJ(CCM_E_BAD_ID, CCM_EV_QA_SCORE, 1, 1, .has_value = 1, .value = 50, .label = BOGUS), {E(CCM_EV_QA_SCORE, 2, 1, .has_value = 1, .value = 50, .label = FORM1), END}},
  /* agent states */
  {"agent_state without agent", {END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_AGENT_STATE, 1, 0, .label = ST_AVAILABLE), {AVAIL(2), END}},
  {"agent_state without state", {END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_AGENT_STATE, 1, 0, .agent = ANN), {AVAIL(2), END}},
  {"agent_state unknown state", {AVAIL(0), END}, REJ(CCM_E_VALUE_RANGE, CCM_EV_AGENT_STATE, 1, 0, .agent = ANN, .label = ST_9), {AVAIL(2), END}},
  {"agent_state reason -1", {AVAIL(0), END}, REJ(CCM_E_OUT_OF_SCALE, CCM_EV_AGENT_STATE, 1, 0, .agent = ANN, .label = ST_BUSY, .has_value = 1, .value = -1), {AVAIL(2), END}},
  {"agent_state reason 1.5", {AVAIL(0), END}, REJ(CCM_E_OUT_OF_SCALE, CCM_EV_AGENT_STATE, 1, 0, .agent = ANN, .label = ST_BUSY, .has_value = 1, .value = 1.5), {AVAIL(2), END}},
  {"agent_state backwards", {AVAIL(60000), END}, REJ(CCM_E_TIME_BACKWARDS, CCM_EV_AGENT_STATE, 59999, 0, .agent = ANN, .label = ST_BUSY), {E(CCM_EV_AGENT_STATE, 120000, 0, .agent = ANN, .label = ST_BUSY), END}},
  /* business ledger */
  {"cost without value", {END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_COST, 1, 0, .skill = BILLING), {E(CCM_EV_COST, 2, 0, .has_value = 1, .value = 1000, .skill = BILLING), END}},
  {"cost 1.5", {END}, REJ(CCM_E_OUT_OF_SCALE, CCM_EV_COST, 1, 0, .has_value = 1, .value = 1.5), {E(CCM_EV_COST, 2, 0, .has_value = 1, .value = -150), END}},
  {"cost 2^54", {END}, REJ(CCM_E_OUT_OF_SCALE, CCM_EV_COST, 1, 0, .has_value = 1, .value = 18014398509481984.0), {E(CCM_EV_COST, 2, 0, .has_value = 1, .value = 9007199254740992.0), END}},
  {"customer_acquire without customer", {END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_CUSTOMER_ACQUIRE, 1, 0, .campaign = SPRING), {E(CCM_EV_CUSTOMER_ACQUIRE, 2, 0, .customer = 5), END}},
  {"customer_acquire value 2", {END}, REJ(CCM_E_OUT_OF_SCALE, CCM_EV_CUSTOMER_ACQUIRE, 1, 0, .customer = 5, .has_value = 1, .value = 2), {E(CCM_EV_CUSTOMER_ACQUIRE, 2, 0, .customer = 5, .has_value = 1, .value = 1), END}},
  {"customer_churn without customer", {END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_CUSTOMER_CHURN, 1, 0), {E(CCM_EV_CUSTOMER_CHURN, 2, 0, .customer = 5), END}},
  {"customer_revenue without customer", {END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_CUSTOMER_REVENUE, 1, 0, .has_value = 1, .value = 500), {E(CCM_EV_CUSTOMER_REVENUE, 2, 0, .customer = 5, .has_value = 1, .value = 500), END}},
  {"customer_revenue without value", {END}, REJ(CCM_E_MISSING_FIELD, CCM_EV_CUSTOMER_REVENUE, 1, 0, .customer = 5), {E(CCM_EV_CUSTOMER_REVENUE, 2, 0, .customer = 5, .has_value = 1, .value = 500), END}},
  {"customer_revenue 0.5", {END}, REJ(CCM_E_OUT_OF_SCALE, CCM_EV_CUSTOMER_REVENUE, 1, 0, .customer = 5, .has_value = 1, .value = 0.5), {E(CCM_EV_CUSTOMER_REVENUE, 2, 0, .customer = 5, .has_value = 1, .value = 1), END}},
};
/* clang-format on */

#define NCASES ((int)(sizeof cases / sizeof cases[0]))

/*
 * For each case: engine A gets setup + bad + after, engine B (the shadow)
 * setup + after.  The bad event must return its code, leave a message,
 * count in ccm_engine_rejected(code), and leave A's fingerprint as it was;
 * and A must end exactly as B (so the contact state did not change either).
 */
START_TEST(test_validation_table) {
  const vcase *vc = &cases[_i];
  ccm_engine *a = tu_engine(NULL), *b = tu_engine(NULL);
  tu_ids ia, ib;
  tu_views va, vb;
  tu_fp before, after, fa, fb;
  ccm_event ev;
  int64_t rej_code, rej_all;
  int32_t rc;
  tu_intern_ids(a, &ia);
  tu_intern_ids(b, &ib);
  tu_views_add(a, &va);
  tu_views_add(b, &vb);
  ck_assert_str_eq(ccm_engine_errmsg(a), "");
  run_steps(a, &ia, vc->setup, "setup", vc->name);
  run_steps(b, &ib, vc->setup, "setup", vc->name);

  tu_fingerprint(a, &va, &before);
  rej_code = tu_rejected(a, vc->bad.expect);
  rej_all = tu_stat(a, CCM_STAT_REJECTED);
  ev = make(&ia, &vc->bad);
  rc = ccm_ingest(a, &ev);
  ck_assert_msg(rc == vc->bad.expect, "case %s: got %d (%s) \"%s\", expected %d (%s)", vc->name, (int)rc,
                ccm_error_name(rc), ccm_engine_errmsg(a), (int)vc->bad.expect, ccm_error_name(vc->bad.expect));
  ck_assert_msg(ccm_engine_errmsg(a) != NULL && ccm_engine_errmsg(a)[0] != '\0', "case %s: empty error message",
                vc->name);
  /* the message names the event */
  if (ccm_event_name(vc->bad.type) != NULL)
    ck_assert_msg(strstr(ccm_engine_errmsg(a), ccm_event_name(vc->bad.type)) != NULL,
                  "case %s: message \"%s\" does not name the event", vc->name, ccm_engine_errmsg(a));
  ck_assert_msg(tu_rejected(a, vc->bad.expect) == rej_code + 1, "case %s: rejected(%s) not incremented", vc->name,
                ccm_error_name(vc->bad.expect));
  ck_assert_int_eq(tu_stat(a, CCM_STAT_REJECTED), rej_all + 1);
  tu_fingerprint(a, &va, &after);
  ck_assert_msg(tu_fp_equal(&before, &after), "case %s: the rejected event changed the engine", vc->name);

  run_steps(a, &ia, vc->after, "after", vc->name);
  run_steps(b, &ib, vc->after, "after", vc->name);
  tu_fingerprint(a, &va, &fa);
  tu_fingerprint(b, &vb, &fb);
  ck_assert_msg(tu_fp_equal(&fa, &fb), "case %s: the engine differs from one that never saw the rejected event",
                vc->name);
  ck_assert_int_eq(tu_stat(a, CCM_STAT_ACCEPTED), tu_stat(b, CCM_STAT_ACCEPTED));
  ck_assert_int_eq(tu_stat(a, CCM_STAT_REJECTED), tu_stat(b, CCM_STAT_REJECTED) + 1);
  tu_fp_free(&before);
  tu_fp_free(&after);
  tu_fp_free(&fa);
  tu_fp_free(&fb);
  ccm_engine_free(a);
  ccm_engine_free(b);
}
END_TEST

/* ------------------------------------------------------------------------ */

START_TEST(test_ingest_bad_args) {
  ccm_engine *e = tu_engine(NULL);
  ccm_event ev;
  ccm_event_init(&ev, CCM_EV_CONTACT_START);
  ev.contact = 1;
  ev.channel = CCM_CHANNEL_VOICE;
  ev.direction = CCM_DIRECTION_INBOUND;
  ck_assert_int_eq(ccm_ingest(NULL, &ev), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_ingest(e, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_ingest(e, &ev), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_ACCEPTED), 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 1);
  ccm_engine_free(e);
}
END_TEST

/* A transfer's agent field is informational: never checked. */
START_TEST(test_transfer_agent_informational) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids ids;
  tu_intern_ids(e, &ids);
  TU_OK(e, CCM_EV_CONTACT_START, TU_T0, 1, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_QUEUE_ENTER, TU_T0, 1, .skill = ids.billing);
  TU_OK(e, CCM_EV_ANSWER, TU_T0 + 1000, 1, .agent = ids.ann);
  TU_OK(e, CCM_EV_TRANSFER, TU_T0 + 2000, 1, .agent = ids.bob, .skill = ids.support);
  /* the agent contact is closed: a second transfer has nothing to end */
  TU_REJECT(e, CCM_E_NO_AGENT_CONTACT, CCM_EV_TRANSFER, TU_T0 + 3000, 1);
  /* ann's agent contact is in after-contact work */
  TU_REJECT(e, CCM_E_NO_ACW, CCM_EV_ACW_END, TU_T0 + 3000, 1, .agent = ids.bob);
  TU_OK(e, CCM_EV_ACW_END, TU_T0 + 3000, 1, .agent = ids.ann);
  ccm_engine_free(e);
}
END_TEST

/* Equal timestamps are fine; leg events naming the open agent are fine. */
START_TEST(test_equal_times_and_right_agent) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids ids;
  int64_t t = TU_T0;
  tu_intern_ids(e, &ids);
  TU_OK(e, CCM_EV_CONTACT_START, t, 1, .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, t, 1);
  TU_OK(e, CCM_EV_QUEUE_ENTER, t, 1, .skill = ids.support);
  TU_OK(e, CCM_EV_OFFER, t, 1, .agent = ids.bob, .team = ids.blue);
  TU_OK(e, CCM_EV_ANSWER, t, 1, .agent = ids.bob);
  TU_OK(e, CCM_EV_HOLD, t, 1, .agent = ids.bob);
  TU_OK(e, CCM_EV_RESUME, t, 1, .agent = ids.bob);
  TU_OK(e, CCM_EV_FOCUS_START, t, 1, .agent = ids.bob);
  TU_OK(e, CCM_EV_FOCUS_END, t, 1, .agent = ids.bob);
  /* agent_message, resolve, escalate, disposition are not leg events: any
   * agent may be named */
  TU_OK(e, CCM_EV_AGENT_MESSAGE, t, 1, .agent = ids.ann);
  TU_OK(e, CCM_EV_ESCALATE, t, 1, .agent = ids.cat);
  TU_OK(e, CCM_EV_DISPOSITION, t, 1, .agent = ids.dan, .label = ids.sale);
  TU_OK(e, CCM_EV_RESOLVE, t, 1, .agent = ids.eve);
  TU_OK(e, CCM_EV_RESOLVE, t, 1); /* resolving a resolved contact: accepted, counts nothing */
  TU_OK(e, CCM_EV_AGENT_END, t, 1, .agent = ids.bob);
  TU_OK(e, CCM_EV_ACW_END, t, 1, .agent = ids.bob);
  TU_OK(e, CCM_EV_CONTACT_END, t, 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_ACCEPTED), 17);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_REJECTED), 0);
  ccm_engine_free(e);
}
END_TEST

/* CHOICES.md: an ended contact accepts tag, disposition, resolve, reopen,
 * escalate, acw_end (of an agent contact still in ACW). */
START_TEST(test_accepted_after_end) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids ids;
  int64_t t = TU_T0;
  tu_intern_ids(e, &ids);
  TU_OK(e, CCM_EV_CONTACT_START, t, 1, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_QUEUE_ENTER, t, 1, .skill = ids.billing);
  TU_OK(e, CCM_EV_ANSWER, t + 1000, 1, .agent = ids.ann);
  TU_OK(e, CCM_EV_AGENT_END, t + 2000, 1);
  TU_OK(e, CCM_EV_CONTACT_END, t + 3000, 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RETAINED_CONTACTS), 1);
  TU_OK(e, CCM_EV_TAG, t + 4000, 1, .label = ids.refund);
  TU_OK(e, CCM_EV_DISPOSITION, t + 5000, 1, .label = ids.sale);
  TU_OK(e, CCM_EV_RESOLVE, t + 6000, 1);
  TU_OK(e, CCM_EV_REOPEN, t + 7000, 1);
  TU_OK(e, CCM_EV_ESCALATE, t + 8000, 1);
  TU_OK(e, CCM_EV_ACW_END, t + 9000, 1);
  /* the agent contact's ACW is closed now */
  TU_REJECT(e, CCM_E_NO_ACW, CCM_EV_ACW_END, t + 9500, 1);
  TU_OK(e, CCM_EV_RESOLVE, t + 10000, 1, .agent = ids.bob);
  TU_REJECT(e, CCM_E_CONTACT_ENDED, CCM_EV_TRANSFER, t + 11000, 1);
  TU_REJECT(e, CCM_E_CONTACT_ENDED, CCM_EV_FOCUS_START, t + 11000, 1);
  TU_REJECT(e, CCM_E_CONTACT_ENDED, CCM_EV_QUEUE_ABANDON, t + 11000, 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RETAINED_CONTACTS), 1);
  ccm_engine_free(e);
}
END_TEST

/* At most 8 agent contacts of one contact wait in ACW; a ninth drops the
 * oldest unmeasured (CCM_STAT_ACW_UNCLOSED). */
START_TEST(test_acw_legs_limit) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids ids;
  ccm_view *v;
  int64_t t = TU_T0;
  int i;
  tu_intern_ids(e, &ids);
  v = tu_view(e, 0, CCM_GRAIN_NONE);
  TU_OK(e, CCM_EV_CONTACT_START, t, 1, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND);
  /* CHOICES.md: at most 3 agent contacts of one contact wait in ACW */
  for (i = 0; i < 3; ++i) {
    TU_OK(e, CCM_EV_QUEUE_ENTER, t, 1, .skill = ids.billing);
    TU_OK(e, CCM_EV_ANSWER, t + 1000, 1, .agent = ids.ann);
    TU_OK(e, CCM_EV_TRANSFER, t + 2000, 1, .skill = ids.billing);
    t += 2000;
  }
  ck_assert_int_eq(tu_stat(e, CCM_STAT_ACW_UNCLOSED), 0);
  /* a fourth agent contact in ACW drops the oldest */
  TU_OK(e, CCM_EV_QUEUE_ENTER, t, 1, .skill = ids.billing);
  TU_OK(e, CCM_EV_ANSWER, t + 1000, 1, .agent = ids.bob);
  TU_OK(e, CCM_EV_AGENT_END, t + 2000, 1);
  t += 2000;
  ck_assert_int_eq(tu_stat(e, CCM_STAT_ACW_UNCLOSED), 1);
  /* bob's leg ended at t = T0+8000; ann's 2 remaining legs ended at T0+4000 and T0+6000 */
  TU_OK(e, CCM_EV_ACW_END, t + 500, 1, .agent = ids.bob); /* acw 500 */
  for (i = 0; i < 2; ++i) TU_OK(e, CCM_EV_ACW_END, t + 1000, 1, .agent = ids.ann);
  TU_REJECT(e, CCM_E_NO_ACW, CCM_EV_ACW_END, t + 1000, 1, .agent = ids.ann);
  TU_REJECT(e, CCM_E_NO_ACW, CCM_EV_ACW_END, t + 1000, 1);
  /* 3 measured: 500 + (T0+9000 - (T0+4000)) + (T0+9000 - (T0+6000)) = 500 + 5000 + 3000 */
  TU_FIELD(v, TU_KEY0, 0, "acw_time", CCM_FIELD_COUNT, 3);
  TU_FIELD(v, TU_KEY0, 0, "acw_time", CCM_FIELD_SUM, 8500);
  ccm_engine_free(e);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Lifetime */

START_TEST(test_expire_release_over) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids ids;
  ccm_view *v;
  int64_t t = TU_T0, last;
  tu_intern_ids(e, &ids);
  v = tu_view(e, 0, CCM_GRAIN_NONE);
  /* a voice call that was answered and wrapped up is over */
  TU_OK(e, CCM_EV_CONTACT_START, t, 1, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_QUEUE_ENTER, t, 1, .skill = ids.billing);
  TU_OK(e, CCM_EV_ANSWER, t + 1000, 1, .agent = ids.ann);
  TU_OK(e, CCM_EV_AGENT_END, t + 61000, 1);
  /* still in after-contact work: not over, whatever the time */
  ck_assert_int_eq(ccm_engine_expire(e, t + 61000 + 10 * TU_MIN), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RELEASED), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 1);
  last = t + 20 * TU_MIN;
  TU_OK(e, CCM_EV_ACW_END, last, 1);
  /* grace 5 min from the last event: not yet at grace - 1 ms */
  ck_assert_int_eq(ccm_engine_expire(e, last + 5 * TU_MIN - 1), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RELEASED), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 1);
  ck_assert_int_eq(ccm_engine_expire(e, last + 5 * TU_MIN), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RELEASED), 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EXPIRED), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RETAINED_CONTACTS), 1);
  /* released contacts behave exactly like ended ones */
  TU_REJECT(e, CCM_E_CONTACT_ENDED, CCM_EV_QUEUE_ENTER, last + 6 * TU_MIN, 1, .skill = ids.billing);
  TU_REJECT(e, CCM_E_CONTACT_EXISTS, CCM_EV_CONTACT_START, last + 6 * TU_MIN, 1, .channel = CCM_CHANNEL_VOICE,
            .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_RESOLVE, last + 6 * TU_MIN, 1);
  TU_FIELD(v, TU_KEY0, 0, "closed_contacts", CCM_FIELD_COUNT, 1);
  /* releasing credits nothing: no abandon, no extra handled */
  TU_FIELD(v, TU_KEY0, 0, "abandoned", CCM_FIELD_COUNT, 0);
  TU_FIELD(v, TU_KEY0, 0, "handled", CCM_FIELD_COUNT, 1);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_expire_digital_needs_resolution) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids ids;
  int64_t t = TU_T0;
  tu_intern_ids(e, &ids);
  /* a chat served and wrapped up but not resolved is not over */
  TU_OK(e, CCM_EV_CONTACT_START, t, 1, .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_QUEUE_ENTER, t, 1, .skill = ids.support);
  TU_OK(e, CCM_EV_ANSWER, t + 1000, 1, .agent = ids.bob);
  TU_OK(e, CCM_EV_AGENT_END, t + 2000, 1);
  TU_OK(e, CCM_EV_ACW_END, t + 3000, 1);
  /* a voice call never served is not over either */
  TU_OK(e, CCM_EV_CONTACT_START, t, 2, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND);
  ck_assert_int_eq(ccm_engine_expire(e, t + 3000 + TU_HOUR), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RELEASED), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 2);
  /* resolved: over */
  TU_OK(e, CCM_EV_RESOLVE, t + 2 * TU_HOUR, 1);
  ck_assert_int_eq(ccm_engine_expire(e, t + 2 * TU_HOUR + 5 * TU_MIN), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RELEASED), 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RETAINED_CONTACTS), 1);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_expire_idle) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids ids;
  ccm_view *v;
  int64_t t = TU_T0;
  tu_intern_ids(e, &ids);
  v = tu_view(e, 0, CCM_GRAIN_NONE);
  /* contact 1 waits in queue, contact 2 has an agent contact open */
  TU_OK(e, CCM_EV_CONTACT_START, t, 1, .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_QUEUE_ENTER, t, 1, .skill = ids.support);
  TU_OK(e, CCM_EV_CONTACT_START, t, 2, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_QUEUE_ENTER, t, 2, .skill = ids.billing);
  TU_OK(e, CCM_EV_ANSWER, t + 1000, 2, .agent = ids.ann);
  /* idle timeout 1 day: contact 1 has been idle exactly 1 day, not longer
   * ("idle for longer than the idle timeout"): nothing happens */
  ck_assert_int_eq(ccm_engine_expire(e, t + TU_DAY), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EXPIRED), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 2);
  ck_assert_int_eq(ccm_engine_expire(e, t + 1000 + TU_DAY + 1), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EXPIRED), 2);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RELEASED), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RETAINED_CONTACTS), 2);
  /* nothing still open was credited: no abandon, no handled, no talk */
  TU_FIELD(v, TU_KEY0, 0, "offered", CCM_FIELD_COUNT, 2);
  TU_FIELD(v, TU_KEY0, 0, "abandoned", CCM_FIELD_COUNT, 0);
  TU_FIELD(v, TU_KEY0, 0, "flow_out", CCM_FIELD_COUNT, 0);
  TU_FIELD(v, TU_KEY0, 0, "handled", CCM_FIELD_COUNT, 0);
  TU_FIELD(v, TU_KEY0, 0, "talk_time", CCM_FIELD_COUNT, 0);
  /* expired contacts are ended */
  TU_REJECT(e, CCM_E_CONTACT_ENDED, CCM_EV_QUEUE_ABANDON, t + 2 * TU_DAY, 1);
  TU_REJECT(e, CCM_E_CONTACT_ENDED, CCM_EV_AGENT_END, t + 2 * TU_DAY, 2);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_expire_idle_never) {
  ccm_config *cfg = NULL;
  ccm_engine *e;
  tu_ids ids;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_IDLE_TIMEOUT_MS, 0), CCM_OK);
  e = tu_engine(cfg);
  ccm_config_free(cfg);
  tu_intern_ids(e, &ids);
  TU_OK(e, CCM_EV_CONTACT_START, TU_T0, 1, .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_QUEUE_ENTER, TU_T0, 1, .skill = ids.support);
  ck_assert_int_eq(ccm_engine_expire(e, TU_T0 + 365 * TU_DAY), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EXPIRED), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 1);
  TU_OK(e, CCM_EV_QUEUE_ABANDON, TU_T0 + 365 * TU_DAY, 1);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_forget_after_retention) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids ids;
  ccm_view *v;
  int64_t t = TU_T0, end = TU_T0 + 10000;
  tu_intern_ids(e, &ids);
  v = tu_view(e, 0, CCM_GRAIN_NONE);
  TU_OK(e, CCM_EV_CONTACT_START, t, 1, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_CONTACT_END, end, 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RETAINED_CONTACTS), 1);
  /* retention 7 days from the last event: at exactly 7 days the contact is
   * not yet older than the window */
  ck_assert_int_eq(ccm_engine_expire(e, end + 7 * TU_DAY), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FORGOTTEN), 0);
  TU_OK(e, CCM_EV_TAG, end + TU_DAY, 1, .label = ids.refund); /* a late event restarts the window */
  ck_assert_int_eq(ccm_engine_expire(e, end + 7 * TU_DAY + 1), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FORGOTTEN), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RETAINED_CONTACTS), 1);
  ck_assert_int_eq(ccm_engine_expire(e, end + 8 * TU_DAY + 1), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FORGOTTEN), 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RETAINED_CONTACTS), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 0);
  /* the id is unknown now, and can start again */
  TU_REJECT(e, CCM_E_UNKNOWN_CONTACT, CCM_EV_TAG, end + 9 * TU_DAY, 1, .label = ids.refund);
  TU_REJECT(e, CCM_E_UNKNOWN_CONTACT, CCM_EV_RESOLVE, end + 9 * TU_DAY, 1);
  TU_OK(e, CCM_EV_CONTACT_START, end + 9 * TU_DAY, 1, .channel = CCM_CHANNEL_CHAT,
        .direction = CCM_DIRECTION_OUTBOUND);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 1);
  TU_FIELD(v, TU_KEY0, 0, "contacts", CCM_FIELD_COUNT, 2);
  /* the measures of the forgotten contact stay in the views */
  TU_FIELD(v, TU_KEY0, 0, "tagged", CCM_FIELD_COUNT, 1);
  ccm_engine_free(e);
}
END_TEST

/* max_contacts bounds open plus retained contacts (CCM_E_LIMIT). */
START_TEST(test_max_contacts) {
  ccm_config *cfg = NULL;
  ccm_engine *e;
  tu_views vs;
  tu_fp before, after;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_MAX_CONTACTS, 2), CCM_OK);
  e = tu_engine(cfg);
  ccm_config_free(cfg);
  tu_views_add(e, &vs);
  TU_OK(e, CCM_EV_CONTACT_START, TU_T0, 1, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_CONTACT_START, TU_T0, 2, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND);
  tu_fingerprint(e, &vs, &before);
  TU_REJECT(e, CCM_E_LIMIT, CCM_EV_CONTACT_START, TU_T0, 3, .channel = CCM_CHANNEL_VOICE,
            .direction = CCM_DIRECTION_INBOUND);
  tu_fingerprint(e, &vs, &after);
  ck_assert(tu_fp_equal(&before, &after));
  ck_assert_int_eq(tu_rejected(e, CCM_E_LIMIT), 1);
  /* an ended contact is still retained: still full */
  TU_OK(e, CCM_EV_CONTACT_END, TU_T0 + 1000, 1);
  TU_REJECT(e, CCM_E_LIMIT, CCM_EV_CONTACT_START, TU_T0 + 1000, 3, .channel = CCM_CHANNEL_VOICE,
            .direction = CCM_DIRECTION_INBOUND);
  /* forgotten after the retention window: room again */
  ck_assert_int_eq(ccm_engine_expire(e, TU_T0 + 1000 + 7 * TU_DAY + 1), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FORGOTTEN), 1);
  TU_OK(e, CCM_EV_CONTACT_START, TU_T0 + 8 * TU_DAY, 3, .channel = CCM_CHANNEL_VOICE,
        .direction = CCM_DIRECTION_INBOUND);
  tu_fp_free(&before);
  tu_fp_free(&after);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_expire_bad_args) { ck_assert_int_eq(ccm_engine_expire(NULL, TU_T0), CCM_E_INVALID_ARG); }
END_TEST

/* Extreme "now" values neither overflow (UBSan watches) nor misbehave: the
 * far past changes nothing, the far future forgets every ended contact. */
START_TEST(test_expire_extreme_now) {
  ccm_engine *e = tu_engine(NULL);
  TU_OK(e, CCM_EV_CONTACT_START, TU_T0, 1, .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_CONTACT_END, TU_T0 + 1000, 1);
  TU_OK(e, CCM_EV_CONTACT_START, TU_T0, 2, .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_INBOUND);
  ck_assert_int_eq(ccm_engine_expire(e, INT64_MIN), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FORGOTTEN), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EXPIRED), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 1);
  ck_assert_int_eq(ccm_engine_expire(e, INT64_MAX), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FORGOTTEN), 1); /* contact 1, ended */
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EXPIRED), 1);   /* contact 2, idle */
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 0);
  ccm_engine_free(e);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Batches */

START_TEST(test_batch) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids ids;
  ccm_event evs[6];
  int32_t results[6];
  size_t accepted = 99;
  int32_t rc;
  int i;
  tu_intern_ids(e, &ids);
  evs[0] = TU_EVENT(CCM_EV_CONTACT_START, TU_T0, 1, .channel = CCM_CHANNEL_VOICE,
                    .direction = CCM_DIRECTION_INBOUND);
  evs[1] = TU_EVENT(CCM_EV_QUEUE_ABANDON, TU_T0 + 1, 1);                 /* not queued */
  evs[2] = TU_EVENT(CCM_EV_QUEUE_ENTER, TU_T0 + 2, 1, .skill = ids.billing);
  evs[3] = TU_EVENT(CCM_EV_HOLD, TU_T0 + 3, 1);                          /* no agent contact */
  evs[4] = TU_EVENT(CCM_EV_ANSWER, TU_T0 + 4, 1, .agent = ids.ann);
  evs[5] = TU_EVENT(CCM_EV_ANSWER, TU_T0 + 5, 2, .agent = ids.ann);      /* unknown contact */
  for (i = 0; i < 6; ++i) results[i] = 12345;
  rc = ccm_ingest_batch(e, evs, 6, 0, &accepted, results);
  ck_assert_int_eq(rc, CCM_E_NOT_QUEUED); /* the first rejected event's code */
  ck_assert_uint_eq(accepted, 3);
  ck_assert_int_eq(results[0], CCM_OK);
  ck_assert_int_eq(results[1], CCM_E_NOT_QUEUED);
  ck_assert_int_eq(results[2], CCM_OK);
  ck_assert_int_eq(results[3], CCM_E_NO_AGENT_CONTACT);
  ck_assert_int_eq(results[4], CCM_OK);
  ck_assert_int_eq(results[5], CCM_E_UNKNOWN_CONTACT);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_ACCEPTED), 3);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_REJECTED), 3);
  ck_assert_int_eq(tu_rejected(e, CCM_E_NOT_QUEUED), 1);
  ck_assert_int_eq(tu_rejected(e, CCM_E_UNKNOWN_CONTACT), 1);
  ck_assert_int_eq(tu_rejected(e, CCM_E_NOMEM), 0);
  /* an all-good batch returns OK; NULL outputs allowed */
  evs[0] = TU_EVENT(CCM_EV_AGENT_END, TU_T0 + 10, 1);
  evs[1] = TU_EVENT(CCM_EV_ACW_END, TU_T0 + 11, 1);
  ck_assert_int_eq(ccm_ingest_batch(e, evs, 2, 0, NULL, NULL), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_ACCEPTED), 5);
  /* an empty batch */
  accepted = 7;
  ck_assert_int_eq(ccm_ingest_batch(e, evs, 0, 0, &accepted, NULL), CCM_OK);
  ck_assert_uint_eq(accepted, 0);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_batch_stride) {
  struct wide {
    ccm_event ev;
    char pad[24];
  } w[3];
  ccm_engine *e = tu_engine(NULL);
  tu_ids ids;
  size_t accepted = 0;
  int32_t results[3];
  tu_intern_ids(e, &ids);
  memset(w, 0x5A, sizeof w);
  w[0].ev = TU_EVENT(CCM_EV_CONTACT_START, TU_T0, 9, .channel = CCM_CHANNEL_SMS, .direction = CCM_DIRECTION_INBOUND);
  w[1].ev = TU_EVENT(CCM_EV_CUSTOMER_MESSAGE, TU_T0 + 1, 9);
  w[2].ev = TU_EVENT(CCM_EV_QUEUE_ENTER, TU_T0 + 2, 9, .skill = ids.support);
  ck_assert_int_eq(ccm_ingest_batch(e, &w[0].ev, 3, sizeof(struct wide), &accepted, results), CCM_OK);
  ck_assert_uint_eq(accepted, 3);
  ck_assert_int_eq(results[2], CCM_OK);
  TU_OK(e, CCM_EV_QUEUE_ABANDON, TU_T0 + 3, 9); /* the visit is open */
  ck_assert_int_eq(ccm_ingest_batch(NULL, &w[0].ev, 1, 0, NULL, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_ingest_batch(e, NULL, 1, 0, NULL, NULL), CCM_E_INVALID_ARG);
  ccm_engine_free(e);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Error codes */

static const struct {
  int32_t code;
  const char *name;
} codes[] = {
    {CCM_OK, "CCM_OK"},
    {CCM_UNDEFINED, "CCM_UNDEFINED"},
    {CCM_END, "CCM_END"},
    {CCM_E_INVALID_ARG, "CCM_E_INVALID_ARG"},
    {CCM_E_NOMEM, "CCM_E_NOMEM"},
    {CCM_E_UNSUPPORTED, "CCM_E_UNSUPPORTED"},
    {CCM_E_RANGE, "CCM_E_RANGE"},
    {CCM_E_NOT_FOUND, "CCM_E_NOT_FOUND"},
    {CCM_E_TOO_LONG, "CCM_E_TOO_LONG"},
    {CCM_E_LIMIT, "CCM_E_LIMIT"},
    {CCM_E_PARSE, "CCM_E_PARSE"},
    {CCM_E_IO, "CCM_E_IO"},
    {CCM_E_SNAPSHOT_FORMAT, "CCM_E_SNAPSHOT_FORMAT"},
    {CCM_E_SNAPSHOT_VERSION, "CCM_E_SNAPSHOT_VERSION"},
    {CCM_E_SNAPSHOT_CHECKSUM, "CCM_E_SNAPSHOT_CHECKSUM"},
    {CCM_E_SNAPSHOT_TRUNCATED, "CCM_E_SNAPSHOT_TRUNCATED"},
    {CCM_E_SNAPSHOT_CORRUPT, "CCM_E_SNAPSHOT_CORRUPT"},
    {CCM_E_INCOMPATIBLE, "CCM_E_INCOMPATIBLE"},
    {CCM_E_EVENT_SIZE, "CCM_E_EVENT_SIZE"},
    {CCM_E_EVENT_TYPE, "CCM_E_EVENT_TYPE"},
    {CCM_E_MISSING_FIELD, "CCM_E_MISSING_FIELD"},
    {CCM_E_BAD_ID, "CCM_E_BAD_ID"},
    {CCM_E_VALUE_RANGE, "CCM_E_VALUE_RANGE"},
    {CCM_E_UNKNOWN_CONTACT, "CCM_E_UNKNOWN_CONTACT"},
    {CCM_E_CONTACT_ENDED, "CCM_E_CONTACT_ENDED"},
    {CCM_E_CONTACT_EXISTS, "CCM_E_CONTACT_EXISTS"},
    {CCM_E_TIME_BACKWARDS, "CCM_E_TIME_BACKWARDS"},
    {CCM_E_QUEUED, "CCM_E_QUEUED"},
    {CCM_E_NOT_QUEUED, "CCM_E_NOT_QUEUED"},
    {CCM_E_AGENT_CONTACT_OPEN, "CCM_E_AGENT_CONTACT_OPEN"},
    {CCM_E_NO_AGENT_CONTACT, "CCM_E_NO_AGENT_CONTACT"},
    {CCM_E_WRONG_AGENT, "CCM_E_WRONG_AGENT"},
    {CCM_E_ON_HOLD, "CCM_E_ON_HOLD"},
    {CCM_E_NOT_ON_HOLD, "CCM_E_NOT_ON_HOLD"},
    {CCM_E_FOCUS_OPEN, "CCM_E_FOCUS_OPEN"},
    {CCM_E_NO_FOCUS, "CCM_E_NO_FOCUS"},
    {CCM_E_NO_ACW, "CCM_E_NO_ACW"},
    {CCM_E_NO_OFFER, "CCM_E_NO_OFFER"},
    {CCM_E_NOT_RESOLVED, "CCM_E_NOT_RESOLVED"},
    {CCM_E_CONTACT_BUSY, "CCM_E_CONTACT_BUSY"},
    {CCM_E_OUT_OF_SCALE, "CCM_E_OUT_OF_SCALE"},
    {CCM_E_TOO_LATE, "CCM_E_TOO_LATE"},
};
#define NCODES ((int)(sizeof codes / sizeof codes[0]))

START_TEST(test_error_names) {
  int i, j;
  for (i = 0; i < NCODES; ++i) {
    const char *s = ccm_strerror(codes[i].code), *n = ccm_error_name(codes[i].code);
    ck_assert_ptr_nonnull(s);
    ck_assert_ptr_nonnull(n);
    ck_assert_msg(s[0] != '\0', "empty strerror for %d", (int)codes[i].code);
    ck_assert_str_ne(s, "unknown error");
    ck_assert_str_eq(n, codes[i].name);
    for (j = 0; j < i; ++j) {
      ck_assert_msg(strcmp(s, ccm_strerror(codes[j].code)) != 0, "%s and %s share a description", codes[i].name,
                    codes[j].name);
      ck_assert_str_ne(n, ccm_error_name(codes[j].code));
    }
  }
  /* pinned values */
  ck_assert_int_eq(CCM_E_EVENT_SIZE, -20);
  ck_assert_int_eq(CCM_E_CONTACT_BUSY, -41);
  ck_assert_int_eq(CCM_E_OUT_OF_SCALE, -42);
  /* unknown codes */
  ck_assert_int_eq(CCM_E_PARSE, -8);
  ck_assert_int_eq(CCM_E_INCOMPATIBLE, -15);
  ck_assert_int_eq(CCM_E_TOO_LATE, -43);
  ck_assert_str_eq(ccm_strerror(-16), "unknown error");
  ck_assert_str_eq(ccm_strerror(-19), "unknown error");
  ck_assert_str_eq(ccm_strerror(-44), "unknown error");
  ck_assert_str_eq(ccm_strerror(4), "unknown error");
  ck_assert_str_eq(ccm_error_name(CCM_DUPLICATE), "CCM_DUPLICATE");
  ck_assert_str_eq(ccm_strerror(INT32_MIN), "unknown error");
  ck_assert_str_eq(ccm_error_name(-16), "CCM_E_UNKNOWN");
  ck_assert_str_eq(ccm_error_name(-44), "CCM_E_UNKNOWN");
  ck_assert_str_eq(ccm_error_name(INT32_MAX), "CCM_E_UNKNOWN");
}
END_TEST

START_TEST(test_stats_and_rejected_args) {
  ccm_engine *e = tu_engine(NULL);
  int64_t v;
  int32_t s;
  for (s = CCM_STAT_ACCEPTED; s <= CCM_STAT_AGENTS; ++s) {
    ck_assert_int_eq(ccm_engine_stat(e, s, &v), CCM_OK);
    if (s != CCM_STAT_MEMORY_BYTES && s != CCM_STAT_ALLOCATIONS) ck_assert_int_eq(v, 0);
  }
  ck_assert_int_eq(ccm_engine_stat(e, 0, &v), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_engine_stat(e, CCM_STAT_EVENT_IDS + 1, &v), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_engine_stat(e, CCM_STAT_ACCEPTED, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_stat(NULL, CCM_STAT_ACCEPTED, &v), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_rejected(e, CCM_E_NO_ACW, &v), CCM_OK);
  ck_assert_int_eq(v, 0);
  ck_assert_int_eq(ccm_engine_rejected(e, CCM_E_NO_ACW, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_rejected(NULL, CCM_E_NO_ACW, &v), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_rejected(e, 5, &v), CCM_E_INVALID_ARG);
  ccm_engine_free(e);
}
END_TEST

static Suite *state_suite(void) {
  Suite *s = suite_create("state");
  TCase *tv = tcase_create("validation");
  TCase *tl = tcase_create("lifetime");
  TCase *tb = tcase_create("batch");
  tcase_add_loop_test(tv, test_validation_table, 0, NCASES);
  tcase_add_test(tv, test_ingest_bad_args);
  tcase_add_test(tv, test_transfer_agent_informational);
  tcase_add_test(tv, test_equal_times_and_right_agent);
  tcase_add_test(tv, test_accepted_after_end);
  tcase_add_test(tv, test_acw_legs_limit);
  tcase_add_test(tl, test_expire_release_over);
  tcase_add_test(tl, test_expire_digital_needs_resolution);
  tcase_add_test(tl, test_expire_idle);
  tcase_add_test(tl, test_expire_idle_never);
  tcase_add_test(tl, test_forget_after_retention);
  tcase_add_test(tl, test_max_contacts);
  tcase_add_test(tl, test_expire_bad_args);
  tcase_add_test(tl, test_expire_extreme_now);
  tcase_add_test(tb, test_batch);
  tcase_add_test(tb, test_batch_stride);
  tcase_add_test(tb, test_error_names);
  tcase_add_test(tb, test_stats_and_rejected_args);
  tcase_set_timeout(tv, 60);
  suite_add_tcase(s, tv);
  suite_add_tcase(s, tl);
  suite_add_tcase(s, tb);
  return s;
}

int main(void) { return tu_run(state_suite()); }
