/*
 * check_metrics.c - every metric this version computes, against values
 * computed by hand from doc/CHOICES.md (the arithmetic is in the comments).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Shorthands for GRAIN_NONE views. */
#define M(v_, key_, name_, val_) TU_METRIC(v_, key_, 0, name_, val_)
#define U(v_, key_, name_) TU_UNDEF(v_, key_, 0, name_)
#define F(v_, key_, measure_, field_, val_) TU_FIELD(v_, key_, 0, measure_, field_, val_)
#define C(v_, key_, measure_, val_) TU_FIELD(v_, key_, 0, measure_, CCM_FIELD_COUNT, val_)

#define SKILL(s_) TU_KEY([CCM_DIM_SKILL] = (s_))
#define AGENT(a_) TU_KEY([CCM_DIM_AGENT] = (a_))
#define TAG(t_) TU_KEY([CCM_DIM_TAG] = (t_))
#define DISP(d_) TU_KEY([CCM_DIM_DISPOSITION] = (d_))
#define ATS(a_, t_, s_) TU_KEY([CCM_DIM_AGENT] = (a_), [CCM_DIM_TEAM] = (t_), [CCM_DIM_SKILL] = (s_))
#define AT(a_, t_) TU_KEY([CCM_DIM_AGENT] = (a_), [CCM_DIM_TEAM] = (t_))

#define T TU_T0
#define VOICE_IN .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND
#define CHAT_IN .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_INBOUND

#define ATS_MASK (CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_TEAM) | CCM_DIM_BIT(CCM_DIM_SKILL))

typedef struct fx {
  ccm_engine *e;
  tu_ids id;
  ccm_view *company, *skill, *agent, *tag, *ats, *at, *disp;
} fx;

static void fx_init(fx *f, const ccm_config *cfg) {
  f->e = tu_engine(cfg);
  tu_intern_ids(f->e, &f->id);
  f->company = tu_view(f->e, 0, CCM_GRAIN_NONE);
  f->skill = tu_view(f->e, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_NONE);
  f->agent = tu_view(f->e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  f->tag = tu_view(f->e, CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_NONE);
  f->ats = tu_view(f->e, ATS_MASK, CCM_GRAIN_NONE);
  f->at = tu_view(f->e, CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_TEAM), CCM_GRAIN_NONE);
  f->disp = tu_view(f->e, CCM_DIM_BIT(CCM_DIM_DISPOSITION), CCM_GRAIN_NONE);
}

static void fx_free(fx *f) { ccm_engine_free(f->e); }

/* ------------------------------------------------------------------------ */
/* The example at the end of EVENTS.md */

START_TEST(test_events_md_example) {
  fx f;
  ccm_engine *e;
  uint32_t ann, bob, red, blue, billing, support, refund;
  fx_init(&f, NULL);
  e = f.e;
  ann = f.id.ann, bob = f.id.bob, red = f.id.red, blue = f.id.blue;
  billing = f.id.billing, support = f.id.support, refund = f.id.refund;

  TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN, .customer = 11, .skill = billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = billing);
  TU_OK(e, CCM_EV_OFFER, T + 10000, 1, .agent = ann, .team = red);
  TU_OK(e, CCM_EV_ANSWER, T + 12000, 1, .agent = ann, .team = red);
  TU_OK(e, CCM_EV_HOLD, T + 72000, 1);
  TU_OK(e, CCM_EV_RESUME, T + 102000, 1);
  TU_OK(e, CCM_EV_AGENT_END, T + 200000, 1);
  TU_OK(e, CCM_EV_ACW_END, T + 230000, 1);
  TU_OK(e, CCM_EV_CONTACT_START, T + 1000, 2, VOICE_IN, .customer = 12, .skill = billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T + 1000, 2, .skill = billing);
  TU_OK(e, CCM_EV_QUEUE_ABANDON, T + 4000, 2);
  TU_OK(e, CCM_EV_CONTACT_START, T + 5000, 3, CHAT_IN, .customer = 13, .skill = support);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, T + 5000, 3);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T + 5000, 3, .skill = support);
  TU_OK(e, CCM_EV_ANSWER, T + 65000, 3, .agent = bob, .team = blue);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 95000, 3);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, T + 155000, 3);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 175000, 3);
  TU_OK(e, CCM_EV_TAG, T + 180000, 3, .label = refund);
  TU_OK(e, CCM_EV_RESOLVE, T + 190000, 3);
  TU_OK(e, CCM_EV_AGENT_END, T + 190000, 3);

  /* --- skill billing: c1 answered after 12 s, c2 abandoned after 3 s --- */
  M(f.skill, SKILL(billing), "contacts", 2);
  M(f.skill, SKILL(billing), "offered", 2);
  M(f.skill, SKILL(billing), "answered", 1);
  M(f.skill, SKILL(billing), "abandoned", 1);
  M(f.skill, SKILL(billing), "short_abandoned", 1);      /* 3000 < 5000 */
  M(f.skill, SKILL(billing), "abandon_rate", 50);        /* 1 / 2 x 100 */
  M(f.skill, SKILL(billing), "avg_abandon_time", 3000);  /* 4000 - 1000 */
  M(f.skill, SKILL(billing), "asa", 12000);              /* 12000 / 1 */
  M(f.skill, SKILL(billing), "avg_queue_time", 7500);    /* (12000 + 3000) / (1 + 1) */
  M(f.skill, SKILL(billing), "max_wait", 12000);         /* max(12000, 3000) */
  M(f.skill, SKILL(billing), "service_level", 100);      /* 1 / (1 + 1 - 1) x 100 */
  M(f.skill, SKILL(billing), "service_level_answered", 100);   /* 1 / 1 */
  M(f.skill, SKILL(billing), "service_level_abandon_ok", 100); /* (1 + 1) / (1 + 1) */
  M(f.skill, SKILL(billing), "service_level_offered", 100);    /* (1 + 1 + 0) / 2 */
  M(f.skill, SKILL(billing), "blocked", 0);
  M(f.skill, SKILL(billing), "flow_out", 0);
  M(f.skill, SKILL(billing), "agent_contacts", 1);
  M(f.skill, SKILL(billing), "handled", 1);
  M(f.skill, SKILL(billing), "avg_talk_time", 158000);   /* (200000 - 12000) - 30000 hold */
  M(f.skill, SKILL(billing), "avg_hold_time", 30000);    /* 102000 - 72000, 1 held */
  M(f.skill, SKILL(billing), "avg_acw_time", 30000);     /* 230000 - 200000 */
  M(f.skill, SKILL(billing), "aht", 218000);             /* (158000 + 30000 + 30000) / 1 */
  M(f.skill, SKILL(billing), "transfer_rate", 0);
  M(f.skill, SKILL(billing), "escalation_rate", 0);
  M(f.skill, SKILL(billing), "avg_rings", 1);            /* ceil(2000 / 6000) = 1, 1 rung */
  M(f.skill, SKILL(billing), "avg_alert_time", 2000);    /* 12000 - 10000 */
  M(f.skill, SKILL(billing), "offer_missed", 0);
  M(f.skill, SKILL(billing), "agent_first_response_rate", 100); /* voice: responded at answer */
  M(f.skill, SKILL(billing), "closed_contacts", 0);
  M(f.skill, SKILL(billing), "resolution_rate", 0);      /* 0 / 1 */
  M(f.skill, SKILL(billing), "agent_frt", 0);            /* a sum: 0 without values */
  M(f.skill, SKILL(billing), "focus_time_pct", 0);       /* 0 / 188000 */
  U(f.skill, SKILL(billing), "avg_agent_frt");
  U(f.skill, SKILL(billing), "first_reply_time");
  U(f.skill, SKILL(billing), "avg_resolution_time");
  U(f.skill, SKILL(billing), "avg_customer_responses");
  F(f.skill, SKILL(billing), "agent_contact_time", CCM_FIELD_SUM, 188000);
  F(f.skill, SKILL(billing), "talk_time", CCM_FIELD_SUM, 158000);
  F(f.skill, SKILL(billing), "hold_time", CCM_FIELD_COUNT, 1);
  C(f.skill, SKILL(billing), "holds", 1);
  C(f.skill, SKILL(billing), "held_contacts", 1);
  F(f.skill, SKILL(billing), "handle_time", CCM_FIELD_COUNT, 1);
  F(f.skill, SKILL(billing), "handle_time", CCM_FIELD_SUM, 218000);
  F(f.skill, SKILL(billing), "handle_time", CCM_FIELD_MIN, 218000);
  F(f.skill, SKILL(billing), "handle_time", CCM_FIELD_MAX, 218000);
  C(f.skill, SKILL(billing), "rings", 1);
  C(f.skill, SKILL(billing), "rung_answered", 1);
  C(f.skill, SKILL(billing), "responded_agent_contacts", 1);
  C(f.skill, SKILL(billing), "answered_in_sl", 1);
  C(f.skill, SKILL(billing), "abandoned_in_sl", 1);

  /* --- skill support: the chat c3 --- */
  M(f.skill, SKILL(support), "contacts", 1);
  M(f.skill, SKILL(support), "offered", 1);
  M(f.skill, SKILL(support), "answered", 1);
  M(f.skill, SKILL(support), "asa", 60000);             /* 65000 - 5000 */
  M(f.skill, SKILL(support), "service_level", 0);       /* 0 / (1 + 0 - 0): 60 s > 20 s */
  M(f.skill, SKILL(support), "abandon_rate", 0);
  M(f.skill, SKILL(support), "max_wait", 60000);
  M(f.skill, SKILL(support), "avg_queue_time", 60000);
  U(f.skill, SKILL(support), "avg_rings");              /* no voice answer with an offer */
  U(f.skill, SKILL(support), "avg_alert_time");
  U(f.skill, SKILL(support), "avg_hold_time");
  U(f.skill, SKILL(support), "avg_acw_time");           /* bob's ACW never ended */
  U(f.skill, SKILL(support), "avg_abandon_time");
  M(f.skill, SKILL(support), "agent_contacts", 1);
  M(f.skill, SKILL(support), "handled", 1);
  M(f.skill, SKILL(support), "avg_talk_time", 125000);  /* 190000 - 65000 */
  M(f.skill, SKILL(support), "aht", 125000);            /* (125000 + 0) / 1, no acw_end */
  M(f.skill, SKILL(support), "agent_frt", 30000);       /* 95000 - 65000 */
  M(f.skill, SKILL(support), "avg_agent_frt", 30000);
  M(f.skill, SKILL(support), "agent_contacts_with_frt", 1);
  M(f.skill, SKILL(support), "agent_first_response_rate", 100); /* 1 / 1 x 100 */
  M(f.skill, SKILL(support), "agent_messages", 2);
  M(f.skill, SKILL(support), "agent_responses", 2);
  M(f.skill, SKILL(support), "customer_responses", 2);
  M(f.skill, SKILL(support), "total_responses", 4);     /* 2 + 2 */
  M(f.skill, SKILL(support), "avg_agent_responses", 2); /* 2 / 1 */
  M(f.skill, SKILL(support), "avg_customer_responses", 2); /* 2 / 1 */
  M(f.skill, SKILL(support), "first_reply_time", 90000);   /* 95000 - 5000 */
  M(f.skill, SKILL(support), "frt_sla_pct", 100);          /* 90 s <= 1 h */
  M(f.skill, SKILL(support), "avg_response_time", 55000);  /* (90000 + 20000) / 2 */
  M(f.skill, SKILL(support), "follow_on_responses", 1);
  M(f.skill, SKILL(support), "follow_on_response_time", 20000); /* 175000 - 155000 */
  M(f.skill, SKILL(support), "avg_follow_on_response_time", 20000);
  M(f.skill, SKILL(support), "closed_contacts", 1);
  M(f.skill, SKILL(support), "resolution_time", 185000);     /* 190000 - 5000 */
  M(f.skill, SKILL(support), "avg_resolution_time", 185000);
  M(f.skill, SKILL(support), "first_resolution_time", 185000);
  M(f.skill, SKILL(support), "resolution_sla_pct", 100);
  M(f.skill, SKILL(support), "resolution_rate", 100);        /* 1 / 1 */
  M(f.skill, SKILL(support), "reopened", 0);
  M(f.skill, SKILL(support), "tag_count", 1);
  M(f.skill, SKILL(support), "focus_count", 0);
  M(f.skill, SKILL(support), "focus_time", 0);
  M(f.skill, SKILL(support), "focus_time_pct", 0);           /* 0 / 125000 */
  F(f.skill, SKILL(support), "handle_time", CCM_FIELD_COUNT, 1);
  F(f.skill, SKILL(support), "handle_time", CCM_FIELD_SUM, 125000);
  F(f.skill, SKILL(support), "handle_time", CCM_FIELD_MIN, 0); /* no complete handle time yet */
  F(f.skill, SKILL(support), "handle_time", CCM_FIELD_MAX, 0);
  C(f.skill, SKILL(support), "contacts_with_customer_response", 1);
  C(f.skill, SKILL(support), "first_reply_in_target", 1);
  C(f.skill, SKILL(support), "resolved_in_target", 1);

  /* --- agents --- */
  M(f.agent, AGENT(ann), "answered", 1);
  M(f.agent, AGENT(ann), "asa", 12000);
  M(f.agent, AGENT(ann), "contacts", 0);
  M(f.agent, AGENT(ann), "offered", 0);          /* queue measures carry no agent */
  U(f.agent, AGENT(ann), "abandon_rate");        /* 0 / 0 */
  M(f.agent, AGENT(ann), "aht", 218000);
  M(f.agent, AGENT(ann), "avg_rings", 1);
  M(f.agent, AGENT(ann), "avg_hold_time", 30000);
  M(f.agent, AGENT(ann), "service_level_answered", 100);
  M(f.agent, AGENT(bob), "answered", 1);
  M(f.agent, AGENT(bob), "asa", 60000);
  M(f.agent, AGENT(bob), "aht", 125000);
  M(f.agent, AGENT(bob), "agent_messages", 2);
  M(f.agent, AGENT(bob), "agent_responses", 2);
  M(f.agent, AGENT(bob), "customer_responses", 1);    /* only the one while bob's agent contact was open */
  U(f.agent, AGENT(bob), "avg_customer_responses");   /* 1 / 0: the first customer turn had no agent */
  M(f.agent, AGENT(bob), "avg_response_time", 55000);
  M(f.agent, AGENT(bob), "first_reply_time", 90000);
  M(f.agent, AGENT(bob), "follow_on_responses", 1);
  M(f.agent, AGENT(bob), "closed_contacts", 1);
  M(f.agent, AGENT(bob), "tag_count", 1);
  M(f.agent, AGENT(bob), "resolution_rate", 100);
  /* no agent: contact and queue measures, the first customer turn */
  M(f.agent, AGENT(0), "contacts", 3);
  M(f.agent, AGENT(0), "offered", 3);
  M(f.agent, AGENT(0), "abandoned", 1);
  M(f.agent, AGENT(0), "answered", 0);
  M(f.agent, AGENT(0), "abandon_rate", 100.0 / 3.0);  /* 1 / 3 x 100 */
  M(f.agent, AGENT(0), "customer_responses", 1);
  M(f.agent, AGENT(0), "avg_customer_responses", 1);  /* 1 / 1 */
  U(f.agent, AGENT(0), "service_level");              /* 0 / (0 + 1 - 1) */
  M(f.agent, AGENT(0), "service_level_abandon_ok", 100);     /* (0 + 1) / (0 + 1) */
  M(f.agent, AGENT(0), "service_level_offered", 100.0 / 3.0); /* (0 + 1 + 0) / 3 */
  /* agent, team and skill together */
  M(f.ats, ATS(ann, red, billing), "answered", 1);
  M(f.ats, ATS(ann, red, billing), "handled", 1);
  M(f.ats, ATS(bob, blue, support), "closed_contacts", 1);
  M(f.ats, ATS(bob, blue, support), "tag_count", 1);
  M(f.ats, ATS(bob, blue, support), "agent_frt", 30000);
  M(f.ats, ATS(bob, 0, support), "closed_contacts", 0);

  /* --- company --- */
  M(f.company, TU_KEY0, "contacts", 3);
  M(f.company, TU_KEY0, "offered", 3);
  M(f.company, TU_KEY0, "answered", 2);
  M(f.company, TU_KEY0, "asa", 36000);                  /* (12000 + 60000) / 2 */
  M(f.company, TU_KEY0, "abandon_rate", 100.0 / 3.0);
  M(f.company, TU_KEY0, "service_level", 50);           /* 1 / (2 + 1 - 1) */
  M(f.company, TU_KEY0, "service_level_answered", 50);  /* 1 / 2 */
  M(f.company, TU_KEY0, "service_level_abandon_ok", 200.0 / 3.0); /* (1 + 1) / (2 + 1) */
  M(f.company, TU_KEY0, "service_level_offered", 200.0 / 3.0);    /* (1 + 1 + 0) / 3 */
  M(f.company, TU_KEY0, "avg_queue_time", 25000);       /* (72000 + 3000) / 3 */
  M(f.company, TU_KEY0, "max_wait", 60000);
  M(f.company, TU_KEY0, "aht", 171500);                 /* (218000 + 125000) / 2 */
  M(f.company, TU_KEY0, "avg_talk_time", 141500);       /* (158000 + 125000) / 2 */
  M(f.company, TU_KEY0, "total_responses", 4);
  M(f.company, TU_KEY0, "avg_customer_responses", 2);   /* 2 / 1 */
  M(f.company, TU_KEY0, "avg_agent_responses", 1);      /* 2 / 2 */
  M(f.company, TU_KEY0, "agent_first_response_rate", 100); /* 2 / 2 */

  /* --- tag view: contributions after the tag, tagged to its tag --- */
  M(f.tag, TAG(refund), "tag_count", 1);
  M(f.tag, TAG(refund), "closed_contacts", 1);
  M(f.tag, TAG(refund), "handled", 1);          /* c3's agent_end came after the tag */
  M(f.tag, TAG(refund), "avg_talk_time", 125000);
  M(f.tag, TAG(refund), "agent_messages", 0);   /* both came before the tag */
  M(f.tag, TAG(refund), "answered", 0);
  fx_free(&f);
}
END_TEST

/* ------------------------------------------------------------------------ */

/* Two legs: ann holds then transfers with the hold open, bob takes it from
 * the support queue; both do after-contact work, closed with and without an
 * agent. */
START_TEST(test_transfer) {
  fx f;
  ccm_engine *e;
  uint32_t ann, bob, red, blue, billing, support;
  fx_init(&f, NULL);
  e = f.e;
  ann = f.id.ann, bob = f.id.bob, red = f.id.red, blue = f.id.blue;
  billing = f.id.billing, support = f.id.support;
  TU_OK(e, CCM_EV_CONTACT_START, T, 10, VOICE_IN, .skill = billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 10, .skill = billing);
  TU_OK(e, CCM_EV_ANSWER, T + 10000, 10, .agent = ann, .team = red);
  TU_OK(e, CCM_EV_HOLD, T + 20000, 10);
  TU_OK(e, CCM_EV_TRANSFER, T + 50000, 10, .skill = support, .agent = f.id.cat); /* agent informational */
  TU_OK(e, CCM_EV_QUEUE_ENTER, T + 55000, 10, .skill = support);
  TU_OK(e, CCM_EV_OFFER, T + 56000, 10, .agent = bob, .team = blue);
  TU_OK(e, CCM_EV_ANSWER, T + 60000, 10, .agent = bob); /* team from the offer */
  TU_OK(e, CCM_EV_AGENT_END, T + 100000, 10);
  TU_OK(e, CCM_EV_ACW_END, T + 110000, 10, .agent = ann); /* ann's leg */
  TU_OK(e, CCM_EV_ACW_END, T + 120000, 10);               /* the most recent: bob's */
  TU_REJECT(e, CCM_E_NO_ACW, CCM_EV_ACW_END, T + 130000, 10);
  TU_OK(e, CCM_EV_CONTACT_END, T + 130000, 10);

  /* ann: agent contact 10000..50000 = 40000, on hold 20000..50000 = 30000
   * (still open at the transfer: hold, not talk), talk 10000; ACW 110000 -
   * 50000 = 60000; handle 10000 + 30000 + 60000 = 100000 */
  M(f.agent, AGENT(ann), "agent_contacts", 1);
  M(f.agent, AGENT(ann), "handled", 1);
  M(f.agent, AGENT(ann), "avg_talk_time", 10000);
  M(f.agent, AGENT(ann), "avg_hold_time", 30000);
  M(f.agent, AGENT(ann), "avg_acw_time", 60000);
  M(f.agent, AGENT(ann), "aht", 100000);
  M(f.agent, AGENT(ann), "transfer_rate", 100); /* 1 / 1 */
  F(f.agent, AGENT(ann), "agent_contact_time", CCM_FIELD_SUM, 40000);
  F(f.agent, AGENT(ann), "handle_time", CCM_FIELD_MIN, 100000);
  F(f.agent, AGENT(ann), "handle_time", CCM_FIELD_MAX, 100000);
  C(f.agent, AGENT(ann), "transfers", 1);
  C(f.agent, AGENT(ann), "transferred_contacts", 1);
  C(f.agent, AGENT(ann), "held_contacts", 1);
  C(f.agent, AGENT(f.id.cat), "transfers", 0);
  /* bob: waited 60000 - 55000 = 5000, alert 60000 - 56000 = 4000 (1 ring);
   * agent contact 60000..100000 = 40000 all talk; ACW 120000 - 100000 =
   * 20000; handle 60000 */
  M(f.agent, AGENT(bob), "answered", 1);
  M(f.agent, AGENT(bob), "asa", 5000);
  M(f.agent, AGENT(bob), "avg_alert_time", 4000);
  M(f.agent, AGENT(bob), "avg_rings", 1);
  M(f.agent, AGENT(bob), "avg_talk_time", 40000);
  M(f.agent, AGENT(bob), "avg_acw_time", 20000);
  M(f.agent, AGENT(bob), "aht", 60000);
  M(f.agent, AGENT(bob), "transfer_rate", 0);
  U(f.agent, AGENT(bob), "avg_hold_time");
  /* bob's team is the one of his offer */
  M(f.at, AT(bob, blue), "handled", 1);
  M(f.at, AT(ann, red), "handled", 1);
  /* skills: each leg keeps the skill of its queue visit; the transfer
   * counts against the transferring leg's skill */
  M(f.skill, SKILL(billing), "offered", 1);
  M(f.skill, SKILL(billing), "answered", 1);
  M(f.skill, SKILL(billing), "aht", 100000);
  M(f.skill, SKILL(billing), "transfer_rate", 100);
  M(f.skill, SKILL(billing), "contacts", 1);
  M(f.skill, SKILL(support), "offered", 1);
  M(f.skill, SKILL(support), "answered", 1);
  M(f.skill, SKILL(support), "asa", 5000);
  M(f.skill, SKILL(support), "aht", 60000);
  M(f.skill, SKILL(support), "transfer_rate", 0);
  M(f.skill, SKILL(support), "contacts", 0);
  M(f.ats, ATS(ann, red, billing), "transfer_rate", 100);
  /* company: 2 agent contacts, 1 transfer */
  M(f.company, TU_KEY0, "transfer_rate", 50);           /* 1 / 2 x 100 */
  M(f.company, TU_KEY0, "aht", 80000);                  /* (100000 + 60000) / 2 */
  M(f.company, TU_KEY0, "avg_acw_time", 40000);         /* (60000 + 20000) / 2 */
  M(f.company, TU_KEY0, "avg_talk_time", 25000);        /* (10000 + 40000) / 2 */
  F(f.company, TU_KEY0, "handle_time", CCM_FIELD_MIN, 60000);
  F(f.company, TU_KEY0, "handle_time", CCM_FIELD_MAX, 100000);
  fx_free(&f);
}
END_TEST

/* transferred_contacts counts the contact once; transfers counts each. */
START_TEST(test_two_transfers) {
  fx f;
  ccm_engine *e;
  fx_init(&f, NULL);
  e = f.e;
  TU_OK(e, CCM_EV_CONTACT_START, T, 11, CHAT_IN, .skill = f.id.billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 11, .skill = f.id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 11, .agent = f.id.ann);
  TU_OK(e, CCM_EV_TRANSFER, T + 2000, 11, .skill = f.id.support);
  /* an answer straight after a transfer (offer, no queue visit): an agent
   * contact, not an answered queue visit */
  TU_OK(e, CCM_EV_OFFER, T + 2500, 11, .agent = f.id.bob, .team = f.id.blue);
  TU_OK(e, CCM_EV_ANSWER, T + 3000, 11, .agent = f.id.bob);
  TU_OK(e, CCM_EV_TRANSFER, T + 4000, 11, .skill = f.id.sales);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T + 4000, 11, .skill = f.id.sales);
  TU_OK(e, CCM_EV_ANSWER, T + 9000, 11, .agent = f.id.cat);
  TU_OK(e, CCM_EV_AGENT_END, T + 10000, 11);
  C(f.company, TU_KEY0, "transfers", 2);
  C(f.company, TU_KEY0, "transferred_contacts", 1);
  M(f.company, TU_KEY0, "agent_contacts", 3);
  M(f.company, TU_KEY0, "answered", 2);          /* bob's answer had no queue visit */
  M(f.company, TU_KEY0, "offered", 2);
  M(f.company, TU_KEY0, "transfer_rate", 200.0 / 3.0); /* 2 / 3 x 100 */
  M(f.company, TU_KEY0, "asa", 3000);             /* (1000 + 5000) / 2 */
  C(f.agent, AGENT(f.id.ann), "transferred_contacts", 1);
  C(f.agent, AGENT(f.id.bob), "transferred_contacts", 0);
  C(f.agent, AGENT(f.id.bob), "transfers", 1);
  /* bob's agent contact has the contact's current skill (the transfer
   * target, support): no queue visit */
  M(f.skill, SKILL(f.id.support), "agent_contacts", 1);
  M(f.skill, SKILL(f.id.support), "transfer_rate", 100);
  M(f.skill, SKILL(f.id.sales), "asa", 5000);
  fx_free(&f);
}
END_TEST

START_TEST(test_holds) {
  fx f;
  ccm_engine *e;
  uint32_t ann;
  fx_init(&f, NULL);
  e = f.e;
  ann = f.id.ann;
  /* c20: talk 0..1000, hold 1000..3000, talk 3000..5000, hold 5000..9000
   * still open at agent_end; ACW 9000..10000 */
  TU_OK(e, CCM_EV_CONTACT_START, T, 20, VOICE_IN, .skill = f.id.billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 20, .skill = f.id.billing);
  TU_OK(e, CCM_EV_ANSWER, T, 20, .agent = ann);
  TU_OK(e, CCM_EV_HOLD, T + 1000, 20);
  TU_OK(e, CCM_EV_RESUME, T + 3000, 20);
  TU_OK(e, CCM_EV_HOLD, T + 5000, 20, .agent = ann);
  TU_OK(e, CCM_EV_AGENT_END, T + 9000, 20);
  TU_OK(e, CCM_EV_ACW_END, T + 10000, 20);
  /* c21: 5000 of talk, no hold, no acw_end */
  TU_OK(e, CCM_EV_CONTACT_START, T, 21, VOICE_IN, .skill = f.id.billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 21, .skill = f.id.billing);
  TU_OK(e, CCM_EV_ANSWER, T, 21, .agent = ann);
  TU_OK(e, CCM_EV_AGENT_END, T + 5000, 21);

  C(f.agent, AGENT(ann), "holds", 2);
  C(f.agent, AGENT(ann), "held_contacts", 1);
  F(f.agent, AGENT(ann), "hold_time", CCM_FIELD_COUNT, 1); /* = held_contacts */
  F(f.agent, AGENT(ann), "hold_time", CCM_FIELD_SUM, 6000); /* 2000 + 4000 */
  F(f.agent, AGENT(ann), "hold_time", CCM_FIELD_MIN, 6000);
  F(f.agent, AGENT(ann), "talk_time", CCM_FIELD_SUM, 8000);   /* (9000 - 6000) + 5000 */
  F(f.agent, AGENT(ann), "talk_time", CCM_FIELD_MIN, 3000);
  F(f.agent, AGENT(ann), "talk_time", CCM_FIELD_MAX, 5000);
  M(f.agent, AGENT(ann), "avg_hold_time", 6000);   /* 6000 / 1 held, not / 2 handled */
  M(f.agent, AGENT(ann), "avg_talk_time", 4000);   /* 8000 / 2 */
  M(f.agent, AGENT(ann), "avg_acw_time", 1000);    /* 1000 / 1 acw */
  /* handle: count 2 at agent_end, sum 9000 + 1000 + 5000; min/max of the
   * complete handle times only (c20: 10000) */
  F(f.agent, AGENT(ann), "handle_time", CCM_FIELD_COUNT, 2);
  F(f.agent, AGENT(ann), "handle_time", CCM_FIELD_SUM, 15000);
  F(f.agent, AGENT(ann), "handle_time", CCM_FIELD_MIN, 10000);
  F(f.agent, AGENT(ann), "handle_time", CCM_FIELD_MAX, 10000);
  M(f.agent, AGENT(ann), "aht", 7500);             /* 15000 / 2 */
  F(f.agent, AGENT(ann), "agent_contact_time", CCM_FIELD_SUM, 14000);
  fx_free(&f);
}
END_TEST

START_TEST(test_focus) {
  fx f;
  ccm_engine *e;
  fx_init(&f, NULL);
  e = f.e;
  /* ann: focus 1000..4000 and 6000..10000 (open at agent_end) */
  TU_OK(e, CCM_EV_CONTACT_START, T, 30, CHAT_IN, .skill = f.id.support);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 30, .skill = f.id.support);
  TU_OK(e, CCM_EV_ANSWER, T, 30, .agent = f.id.ann);
  TU_OK(e, CCM_EV_FOCUS_START, T + 1000, 30);
  TU_OK(e, CCM_EV_FOCUS_END, T + 4000, 30);
  TU_OK(e, CCM_EV_FOCUS_START, T + 6000, 30, .agent = f.id.ann);
  TU_OK(e, CCM_EV_AGENT_END, T + 10000, 30);
  /* bob: 10000 without focus */
  TU_OK(e, CCM_EV_CONTACT_START, T, 31, CHAT_IN, .skill = f.id.support);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 31, .skill = f.id.support);
  TU_OK(e, CCM_EV_ANSWER, T, 31, .agent = f.id.bob);
  TU_OK(e, CCM_EV_AGENT_END, T + 10000, 31);
  M(f.agent, AGENT(f.id.ann), "focus_count", 2);
  M(f.agent, AGENT(f.id.ann), "focus_time", 7000);       /* 3000 + 4000 */
  M(f.agent, AGENT(f.id.ann), "focus_time_pct", 70);     /* 7000 / 10000 x 100 */
  F(f.agent, AGENT(f.id.ann), "focus_time", CCM_FIELD_COUNT, 2);
  F(f.agent, AGENT(f.id.ann), "focus_time", CCM_FIELD_MAX, 4000);
  M(f.agent, AGENT(f.id.bob), "focus_count", 0);
  M(f.agent, AGENT(f.id.bob), "focus_time", 0);
  M(f.agent, AGENT(f.id.bob), "focus_time_pct", 0);      /* 0 / 10000 */
  U(f.agent, AGENT(f.id.cat), "focus_time_pct");         /* 0 / 0 */
  M(f.company, TU_KEY0, "focus_time_pct", 35);           /* 7000 / 20000 x 100 */
  fx_free(&f);
}
END_TEST

/* Turns, response times, follow-on responses, bot messages, and a transfer
 * whose new agent continues the agent turn. */
START_TEST(test_turns_and_follow_on) {
  fx f;
  ccm_engine *e;
  uint32_t ann, bob;
  fx_init(&f, NULL);
  e = f.e;
  ann = f.id.ann, bob = f.id.bob;
  TU_OK(e, CCM_EV_CONTACT_START, T, 35, CHAT_IN, .skill = f.id.billing);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, T, 35);                 /* customer turn 1 (no agent) */
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 35, .skill = f.id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + 10000, 35, .agent = ann, .team = f.id.red);
  TU_OK(e, CCM_EV_BOT_MESSAGE, T + 11000, 35);              /* ignored */
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 20000, 35);            /* agent turn 1: response 20000 */
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 25000, 35, .agent = ann); /* same turn */
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, T + 30000, 35);         /* customer turn 2 (ann) */
  TU_OK(e, CCM_EV_BOT_MESSAGE, T + 31000, 35);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, T + 32000, 35);         /* same turn */
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 40000, 35);            /* turn 2: 40000 - 30000, follow-on */
  TU_OK(e, CCM_EV_TRANSFER, T + 50000, 35, .skill = f.id.support);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T + 50000, 35, .skill = f.id.support);
  TU_OK(e, CCM_EV_ANSWER, T + 60000, 35, .agent = bob, .team = f.id.blue);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 70000, 35);            /* continues the agent turn: no response */
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, T + 80000, 35);         /* customer turn 3 (bob) */
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 95000, 35, .agent = bob); /* 95000 - 80000, follow-on */
  TU_OK(e, CCM_EV_AGENT_END, T + 100000, 35);

  /* ann: messages 20000, 25000, 40000; responses 20000 and 10000 */
  M(f.agent, AGENT(ann), "agent_messages", 3);
  M(f.agent, AGENT(ann), "agent_responses", 2);
  M(f.agent, AGENT(ann), "avg_response_time", 15000);      /* (20000 + 10000) / 2 */
  M(f.agent, AGENT(ann), "follow_on_responses", 1);
  M(f.agent, AGENT(ann), "follow_on_response_time", 10000);
  M(f.agent, AGENT(ann), "agent_frt", 10000);              /* 20000 - 10000 */
  M(f.agent, AGENT(ann), "first_reply_time", 20000);       /* 20000 - 0 */
  M(f.agent, AGENT(ann), "customer_responses", 1);
  M(f.agent, AGENT(ann), "avg_agent_responses", 2);        /* 2 / 1 */
  /* bob: messages 70000, 95000; one response of 15000 */
  M(f.agent, AGENT(bob), "agent_messages", 2);
  M(f.agent, AGENT(bob), "agent_responses", 1);
  M(f.agent, AGENT(bob), "avg_response_time", 15000);
  M(f.agent, AGENT(bob), "follow_on_responses", 1);
  M(f.agent, AGENT(bob), "avg_follow_on_response_time", 15000);
  M(f.agent, AGENT(bob), "agent_frt", 10000);              /* 70000 - 60000 */
  M(f.agent, AGENT(bob), "agent_contacts_with_frt", 1);
  M(f.agent, AGENT(bob), "agent_first_response_rate", 100);
  U(f.agent, AGENT(bob), "first_reply_time");              /* not the contact's first */
  M(f.agent, AGENT(bob), "customer_responses", 1);
  /* company */
  M(f.company, TU_KEY0, "agent_messages", 5);
  M(f.company, TU_KEY0, "agent_responses", 3);
  M(f.company, TU_KEY0, "customer_responses", 3);
  M(f.company, TU_KEY0, "total_responses", 6);
  M(f.company, TU_KEY0, "avg_customer_responses", 3);      /* 3 / 1 */
  M(f.company, TU_KEY0, "avg_agent_responses", 1.5);       /* 3 / 2 */
  M(f.company, TU_KEY0, "avg_response_time", 15000);       /* (20000 + 10000 + 15000) / 3 */
  M(f.company, TU_KEY0, "follow_on_responses", 2);
  M(f.company, TU_KEY0, "follow_on_response_time", 25000); /* 10000 + 15000 */
  M(f.company, TU_KEY0, "avg_follow_on_response_time", 12500);
  M(f.company, TU_KEY0, "agent_frt", 20000);               /* a sum: 10000 + 10000 */
  M(f.company, TU_KEY0, "avg_agent_frt", 10000);
  M(f.company, TU_KEY0, "agent_contacts_with_frt", 2);
  M(f.company, TU_KEY0, "agent_first_response_rate", 100);
  M(f.company, TU_KEY0, "first_reply_time", 20000);
  M(f.company, TU_KEY0, "frt_sla_pct", 100);
  F(f.company, TU_KEY0, "response_time", CCM_FIELD_MIN, 10000);
  F(f.company, TU_KEY0, "response_time", CCM_FIELD_MAX, 20000);
  /* messages go to the agent contact's skill */
  M(f.skill, SKILL(f.id.billing), "agent_messages", 3);
  M(f.skill, SKILL(f.id.support), "agent_messages", 2);
  /* customer turn 1 had no agent contact: the contact's current skill */
  M(f.skill, SKILL(f.id.billing), "customer_responses", 2);
  M(f.skill, SKILL(f.id.support), "customer_responses", 1);
  fx_free(&f);
}
END_TEST

START_TEST(test_reopen_and_resolution) {
  fx f;
  ccm_engine *e;
  fx_init(&f, NULL);
  e = f.e;
  TU_OK(e, CCM_EV_CONTACT_START, T, 40, CHAT_IN, .skill = f.id.support);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 40, .skill = f.id.support);
  TU_OK(e, CCM_EV_ANSWER, T + 500, 40, .agent = f.id.bob, .team = f.id.blue);
  TU_OK(e, CCM_EV_RESOLVE, T + 1000, 40);   /* closure 1: 1000, first */
  TU_OK(e, CCM_EV_RESOLVE, T + 1500, 40);   /* already resolved: nothing */
  TU_OK(e, CCM_EV_REOPEN, T + 2000, 40);
  TU_OK(e, CCM_EV_RESOLVE, T + 5000, 40);   /* closure 2: 5000 */
  TU_OK(e, CCM_EV_AGENT_END, T + 6000, 40);
  /* c41: no agent ever, resolved one ms after the 24 h target */
  TU_OK(e, CCM_EV_CONTACT_START, T, 41, CHAT_IN, .skill = f.id.support);
  TU_OK(e, CCM_EV_RESOLVE, T + TU_DAY + 1, 41);

  M(f.company, TU_KEY0, "closed_contacts", 3);
  M(f.company, TU_KEY0, "resolution_time", 86406001);          /* 1000 + 5000 + 86400001 */
  M(f.company, TU_KEY0, "avg_resolution_time", 86406001.0 / 3.0);
  M(f.company, TU_KEY0, "first_resolution_time", 43200500.5);  /* (1000 + 86400001) / 2 */
  M(f.company, TU_KEY0, "resolution_sla_pct", 200.0 / 3.0);    /* 2 in target / 3 */
  M(f.company, TU_KEY0, "reopened", 1);
  M(f.company, TU_KEY0, "resolution_rate", 300);               /* 3 closed / 1 agent contact */
  F(f.company, TU_KEY0, "first_resolution_time", CCM_FIELD_COUNT, 2);
  F(f.company, TU_KEY0, "resolution_time", CCM_FIELD_COUNT, 3);
  /* c40's closures and reopen go to bob (the open agent contact) */
  M(f.agent, AGENT(f.id.bob), "closed_contacts", 2);
  M(f.agent, AGENT(f.id.bob), "avg_resolution_time", 3000);    /* (1000 + 5000) / 2 */
  M(f.agent, AGENT(f.id.bob), "first_resolution_time", 1000);  /* once */
  M(f.agent, AGENT(f.id.bob), "resolution_sla_pct", 100);
  M(f.agent, AGENT(f.id.bob), "reopened", 1);
  M(f.agent, AGENT(f.id.bob), "resolution_rate", 200);
  M(f.at, AT(f.id.bob, f.id.blue), "closed_contacts", 2);
  /* c41 has no agent */
  M(f.agent, AGENT(0), "closed_contacts", 1);
  M(f.agent, AGENT(0), "resolution_sla_pct", 0);
  U(f.agent, AGENT(0), "resolution_rate");                     /* 1 / 0 */
  fx_free(&f);
}
END_TEST

/* After contact_end the contact keeps its dimensions: late tag,
 * disposition, resolve and escalate are credited as if it were open. */
START_TEST(test_late_events_after_end) {
  fx f;
  ccm_engine *e;
  ccm_view *all;
  uint32_t ann, red;
  fx_init(&f, NULL);
  e = f.e;
  ann = f.id.ann, red = f.id.red;
  all = tu_view(e, (1u << CCM_VIEW_DIMS) - 1, CCM_GRAIN_NONE);
  TU_OK(e, CCM_EV_CONTACT_START, T, 50, CHAT_IN, .skill = f.id.sales, .campaign = f.id.camp1, .label = f.id.vip,
        .customer = 7);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 50, .skill = f.id.sales);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 50, .agent = ann, .team = red);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 2000, 50);
  TU_OK(e, CCM_EV_AGENT_END, T + 3000, 50);
  TU_OK(e, CCM_EV_ACW_END, T + 4000, 50);
  TU_OK(e, CCM_EV_CONTACT_END, T + 5000, 50);
  TU_OK(e, CCM_EV_TAG, T + 6000, 50, .label = f.id.urgent);
  TU_OK(e, CCM_EV_DISPOSITION, T + 6500, 50, .label = f.id.sale);
  TU_OK(e, CCM_EV_RESOLVE, T + 7000, 50);
  TU_OK(e, CCM_EV_ESCALATE, T + 8000, 50);
  TU_OK(e, CCM_EV_ESCALATE, T + 8500, 50); /* once per contact */
  {
    /* the last agent contact's agent and team, the current skill, the
     * contact's channel, direction, type, campaign, tags, disposition */
    const uint32_t *k = TU_KEY([CCM_DIM_AGENT] = ann, [CCM_DIM_TEAM] = red, [CCM_DIM_SKILL] = f.id.sales,
                               [CCM_DIM_CAMPAIGN] = f.id.camp1, [CCM_DIM_CHANNEL] = CCM_CHANNEL_CHAT,
                               [CCM_DIM_DIRECTION] = CCM_DIRECTION_INBOUND, [CCM_DIM_CONTACT_TYPE] = f.id.vip,
                               [CCM_DIM_DISPOSITION] = f.id.sale, [CCM_DIM_TAG] = f.id.urgent);
    const uint32_t *kt = TU_KEY([CCM_DIM_AGENT] = ann, [CCM_DIM_TEAM] = red, [CCM_DIM_SKILL] = f.id.sales,
                                [CCM_DIM_CAMPAIGN] = f.id.camp1, [CCM_DIM_CHANNEL] = CCM_CHANNEL_CHAT,
                                [CCM_DIM_DIRECTION] = CCM_DIRECTION_INBOUND, [CCM_DIM_CONTACT_TYPE] = f.id.vip,
                                [CCM_DIM_DISPOSITION] = 0, [CCM_DIM_TAG] = f.id.urgent);
    M(all, k, "closed_contacts", 1);
    M(all, k, "resolution_time", 7000);
    C(all, k, "escalated", 1);
    M(all, kt, "tag_count", 1); /* before the disposition */
  }
  M(f.agent, AGENT(ann), "escalation_rate", 100);  /* 1 escalated / 1 agent contact */
  M(f.agent, AGENT(ann), "resolution_rate", 100);
  M(f.skill, SKILL(f.id.sales), "closed_contacts", 1);
  /* a late resolve naming another agent: that agent, no team */
  TU_OK(e, CCM_EV_CONTACT_START, T, 51, CHAT_IN, .skill = f.id.sales);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 51, .skill = f.id.sales);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 51, .agent = ann, .team = red);
  TU_OK(e, CCM_EV_AGENT_END, T + 3000, 51);
  TU_OK(e, CCM_EV_CONTACT_END, T + 5000, 51);
  TU_OK(e, CCM_EV_RESOLVE, T + 9000, 51, .agent = f.id.bob);
  M(f.at, AT(f.id.bob, 0), "closed_contacts", 1);
  M(f.at, AT(f.id.bob, red), "closed_contacts", 0);
  M(f.at, AT(ann, red), "closed_contacts", 1);
  fx_free(&f);
}
END_TEST

/* Tags are multi-valued: one contribution per tag; tagged only to its own
 * tag, once per contact and tag. */
START_TEST(test_tags) {
  fx f;
  ccm_engine *e;
  uint32_t refund, urgent;
  fx_init(&f, NULL);
  e = f.e;
  refund = f.id.refund, urgent = f.id.urgent;
  TU_OK(e, CCM_EV_CONTACT_START, T, 60, CHAT_IN, .skill = f.id.support);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 60, .skill = f.id.support);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 60, .agent = f.id.ann);
  TU_OK(e, CCM_EV_TAG, T + 2000, 60, .label = refund);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 3000, 60);   /* tags: refund */
  TU_OK(e, CCM_EV_TAG, T + 4000, 60, .label = urgent);
  TU_OK(e, CCM_EV_TAG, T + 4500, 60, .label = refund); /* again: not counted */
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 5000, 60);   /* tags: refund, urgent */
  TU_OK(e, CCM_EV_RESOLVE, T + 6000, 60);
  TU_OK(e, CCM_EV_CONTACT_START, T, 61, CHAT_IN, .skill = f.id.support);
  TU_OK(e, CCM_EV_TAG, T + 100, 61, .label = refund);
  M(f.tag, TAG(refund), "tag_count", 2);          /* c60 and c61 */
  M(f.tag, TAG(refund), "agent_messages", 2);
  M(f.tag, TAG(refund), "closed_contacts", 1);
  M(f.tag, TAG(refund), "avg_resolution_time", 6000);
  M(f.tag, TAG(urgent), "tag_count", 1);          /* not credited to refund, already on the contact */
  M(f.tag, TAG(urgent), "agent_messages", 1);
  M(f.tag, TAG(urgent), "closed_contacts", 1);
  ck_assert(!tu_has_cell(f.tag, TAG(f.id.promo), 0));
  /* before any tag, contributions go to the "none" tag (0), like any other
   * dimension without a value */
  M(f.tag, TAG(0), "agent_contacts", 1);
  M(f.tag, TAG(0), "contacts", 2);
  M(f.tag, TAG(0), "tag_count", 0);
  /* views without the tag dimension count each contribution once */
  M(f.company, TU_KEY0, "tag_count", 3);
  M(f.company, TU_KEY0, "agent_messages", 2);
  M(f.company, TU_KEY0, "closed_contacts", 1);
  M(f.agent, AGENT(f.id.ann), "tag_count", 2);    /* c60's two tags, with its open agent contact */
  M(f.agent, AGENT(0), "tag_count", 1);           /* c61 */
  fx_free(&f);
}
END_TEST

/* A contact with many tags: one event creates a cell per tag at once. */
START_TEST(test_many_tags) {
  fx f;
  ccm_engine *e;
  ccm_view *ti;
  uint32_t tags[40];
  int i;
  char name[16];
  fx_init(&f, NULL);
  e = f.e;
  ti = tu_view(e, CCM_DIM_BIT(CCM_DIM_TAG) | CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL);
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, CHAT_IN, .skill = f.id.support);
  TU_OK(e, CCM_EV_ANSWER, T, 1, .agent = f.id.ann);
  for (i = 0; i < 40; ++i) {
    snprintf(name, sizeof name, "t%02d", i);
    tags[i] = tu_intern(e, CCM_DIM_TAG, name);
    TU_OK(e, CCM_EV_TAG, T + i, 1, .label = tags[i]);
  }
  /* one message in a new interval: 40 new cells in each tag view */
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + TU_HOUR, 1);
  TU_OK(e, CCM_EV_AGENT_END, T + TU_HOUR + 1000, 1);
  for (i = 0; i < 40; ++i) {
    M(f.tag, TAG(tags[i]), "agent_messages", 1);
    M(f.tag, TAG(tags[i]), "tag_count", 1);
    M(f.tag, TAG(tags[i]), "handled", 1);
    TU_METRIC(ti, TU_KEY([CCM_DIM_TAG] = tags[i], [CCM_DIM_AGENT] = f.id.ann), T + TU_HOUR - 13 * TU_MIN - 20 * TU_SEC,
              "agent_messages", 1);
    TU_METRIC(ti, TU_KEY([CCM_DIM_TAG] = tags[i], [CCM_DIM_AGENT] = f.id.ann), T + TU_HOUR - 13 * TU_MIN - 20 * TU_SEC,
              "handled", 1);
  }
  /* tag view: tag 0 (contacts, answer) + 40 tags.  tag x agent x interval:
   * at T, (0, none) contacts, (0, ann) answer, 40 x (t, ann) tagged; at
   * T + 1 h, 40 x (t, ann) message and handled */
  ck_assert_int_eq(ccm_view_cells(f.tag), 41);
  ck_assert_int_eq(ccm_view_cells(ti), 2 + 40 + 40);
  M(f.company, TU_KEY0, "agent_messages", 1);
  M(f.company, TU_KEY0, "tag_count", 40);
  fx_free(&f);
}
END_TEST

/* The disposition dimension is the contact's current disposition. */
START_TEST(test_disposition_dimension) {
  fx f;
  ccm_engine *e;
  ccm_view *dd;
  uint32_t sale, nosale;
  int64_t day = T - (T % TU_DAY);
  fx_init(&f, NULL);
  e = f.e;
  sale = f.id.sale, nosale = f.id.nosale;
  dd = tu_view(e, CCM_DIM_BIT(CCM_DIM_DISPOSITION), CCM_GRAIN_DATE);
  TU_OK(e, CCM_EV_CONTACT_START, T, 70, VOICE_IN, .skill = f.id.billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 70, .skill = f.id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 70, .agent = f.id.ann);
  TU_OK(e, CCM_EV_DISPOSITION, T + 2000, 70, .label = sale);
  TU_OK(e, CCM_EV_AGENT_END, T + 5000, 70);
  TU_OK(e, CCM_EV_DISPOSITION, T + 6000, 70, .label = nosale, .agent = f.id.ann);
  TU_OK(e, CCM_EV_ACW_END, T + 8000, 70);
  M(f.disp, DISP(0), "contacts", 1);
  M(f.disp, DISP(0), "answered", 1);
  M(f.disp, DISP(0), "agent_contacts", 1);
  M(f.disp, DISP(0), "handled", 0);
  M(f.disp, DISP(sale), "handled", 1);
  M(f.disp, DISP(sale), "avg_talk_time", 4000);    /* 5000 - 1000 */
  M(f.disp, DISP(sale), "answered", 0);
  /* ACW 8000 - 5000 = 3000, credited at acw_end, after "nosale" */
  M(f.disp, DISP(nosale), "avg_acw_time", 3000);
  M(f.disp, DISP(nosale), "handled", 0);
  U(f.disp, DISP(nosale), "aht");                  /* handle sum 3000 / 0 handled */
  F(f.disp, DISP(nosale), "handle_time", CCM_FIELD_SUM, 3000);
  F(f.disp, DISP(nosale), "handle_time", CCM_FIELD_COUNT, 0);
  F(f.disp, DISP(nosale), "handle_time", CCM_FIELD_MAX, 7000); /* complete: 4000 + 3000 */
  F(f.disp, DISP(sale), "handle_time", CCM_FIELD_SUM, 4000);
  F(f.disp, DISP(sale), "handle_time", CCM_FIELD_COUNT, 1);
  M(f.disp, DISP(sale), "aht", 4000);
  /* the same by date: 1700000000000 - 80000000 = 1699920000000 */
  ck_assert_int_eq(day, INT64_C(1699920000000));
  TU_METRIC(dd, DISP(sale), day, "handled", 1);
  TU_METRIC(dd, DISP(nosale), day, "avg_acw_time", 3000);
  TU_METRIC(dd, DISP(0), day, "contacts", 1);
  ck_assert(!tu_has_cell(dd, DISP(sale), day + TU_DAY));
  fx_free(&f);
}
END_TEST

START_TEST(test_rings_and_alert) {
  fx f;
  ccm_engine *e;
  uint32_t ann, bob, billing, support;
  fx_init(&f, NULL);
  e = f.e;
  ann = f.id.ann, bob = f.id.bob, billing = f.id.billing, support = f.id.support;
#define CALL(c_, sk_)                                                           \
  TU_OK(e, CCM_EV_CONTACT_START, T, c_, VOICE_IN, .skill = (sk_));            \
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, c_, .skill = (sk_))
  CALL(1, billing); /* alert 13000: ceil(13000 / 6000) = 3 rings */
  TU_OK(e, CCM_EV_OFFER, T + 1000, 1, .agent = ann, .team = f.id.red);
  TU_OK(e, CCM_EV_ANSWER, T + 14000, 1, .agent = ann);
  CALL(2, billing); /* alert 6000: exactly 1 ring */
  TU_OK(e, CCM_EV_OFFER, T, 2, .agent = ann);
  TU_OK(e, CCM_EV_ANSWER, T + 6000, 2, .agent = ann);
  CALL(3, billing); /* no offer: no alert, no ring count */
  TU_OK(e, CCM_EV_ANSWER, T + 5000, 3, .agent = ann);
  /* a chat: alert time, but no rings */
  TU_OK(e, CCM_EV_CONTACT_START, T, 4, CHAT_IN, .skill = support);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 4, .skill = support);
  TU_OK(e, CCM_EV_OFFER, T, 4, .agent = ann);
  TU_OK(e, CCM_EV_ANSWER, T + 7000, 4, .agent = ann);
  CALL(5, billing); /* ann misses, bob rings 1000: 1 ring for bob */
  TU_OK(e, CCM_EV_OFFER, T, 5, .agent = ann, .team = f.id.red);
  TU_OK(e, CCM_EV_OFFER_MISS, T + 2000, 5, .agent = ann);
  TU_OK(e, CCM_EV_OFFER, T + 3000, 5, .agent = bob, .team = f.id.blue);
  TU_OK(e, CCM_EV_ANSWER, T + 4000, 5, .agent = bob);
  CALL(6, billing); /* offered to ann, answered by bob: no alert */
  TU_OK(e, CCM_EV_OFFER, T, 6, .agent = ann);
  TU_OK(e, CCM_EV_ANSWER, T + 3000, 6, .agent = bob);
  CALL(7, billing); /* alert 12000: exactly 2 rings */
  TU_OK(e, CCM_EV_OFFER, T, 7, .agent = ann);
  TU_OK(e, CCM_EV_ANSWER, T + 12000, 7, .agent = ann);
#undef CALL
  /* rings 3 + 1 + 1 + 2 = 7 over 4 rung answers (c1, c2, c5, c7) */
  C(f.company, TU_KEY0, "rings", 7);
  C(f.company, TU_KEY0, "rung_answered", 4);
  M(f.company, TU_KEY0, "avg_rings", 1.75);
  M(f.company, TU_KEY0, "answered", 7);
  /* alert 13000 + 6000 + 7000 + 1000 + 12000 = 39000 over 5 */
  M(f.company, TU_KEY0, "avg_alert_time", 7800);
  M(f.agent, AGENT(ann), "avg_rings", 2);                 /* (3 + 1 + 2) / 3 */
  M(f.agent, AGENT(ann), "avg_alert_time", 9500);         /* (13000 + 6000 + 7000 + 12000) / 4 */
  M(f.agent, AGENT(ann), "offer_missed", 1);
  M(f.agent, AGENT(bob), "avg_rings", 1);
  M(f.agent, AGENT(bob), "avg_alert_time", 1000);
  M(f.agent, AGENT(bob), "offer_missed", 0);
  /* offer_missed goes to the missing agent, the team of its offer and the
   * visit's skill */
  M(f.ats, ATS(ann, f.id.red, billing), "offer_missed", 1);
  M(f.skill, SKILL(billing), "offer_missed", 1);
  M(f.company, TU_KEY0, "offer_missed", 1);
  U(f.skill, SKILL(support), "avg_rings");
  M(f.skill, SKILL(support), "avg_alert_time", 7000);
  fx_free(&f);
}
END_TEST

/* acw_end naming an agent closes that agent's latest agent contact still in
 * ACW; each leg's ACW goes to its own skill. */
START_TEST(test_acw_order) {
  fx f;
  ccm_engine *e;
  uint32_t ann;
  fx_init(&f, NULL);
  e = f.e;
  ann = f.id.ann;
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN, .skill = f.id.billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = f.id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 1, .agent = ann);
  TU_OK(e, CCM_EV_TRANSFER, T + 2000, 1, .skill = f.id.support);       /* leg 1 ends at 2000 */
  TU_OK(e, CCM_EV_QUEUE_ENTER, T + 2000, 1, .skill = f.id.support);
  TU_OK(e, CCM_EV_ANSWER, T + 4000, 1, .agent = ann);
  TU_OK(e, CCM_EV_AGENT_END, T + 10000, 1);                              /* leg 2 ends at 10000 */
  TU_OK(e, CCM_EV_ACW_END, T + 12000, 1, .agent = ann);                  /* leg 2: 2000 */
  TU_OK(e, CCM_EV_ACW_END, T + 13000, 1, .agent = ann);                  /* leg 1: 11000 */
  F(f.agent, AGENT(ann), "acw_time", CCM_FIELD_COUNT, 2);
  F(f.agent, AGENT(ann), "acw_time", CCM_FIELD_MIN, 2000);
  F(f.agent, AGENT(ann), "acw_time", CCM_FIELD_MAX, 11000);
  M(f.skill, SKILL(f.id.billing), "avg_acw_time", 11000);
  M(f.skill, SKILL(f.id.support), "avg_acw_time", 2000);
  /* complete handle times: leg 1 1000 + 11000, leg 2 6000 + 2000 */
  F(f.skill, SKILL(f.id.billing), "handle_time", CCM_FIELD_MAX, 12000);
  F(f.skill, SKILL(f.id.support), "handle_time", CCM_FIELD_MAX, 8000);
  M(f.skill, SKILL(f.id.billing), "aht", 12000);
  M(f.skill, SKILL(f.id.support), "aht", 8000);
  fx_free(&f);
}
END_TEST

/* An agent message naming another agent than the open agent contact's: the
 * message measures go to that agent (with the open agent contact's team),
 * the agent contact measures to the agent contact. */
START_TEST(test_message_agent) {
  fx f;
  ccm_engine *e;
  uint32_t ann, bob, red, blue;
  fx_init(&f, NULL);
  e = f.e;
  ann = f.id.ann, bob = f.id.bob, red = f.id.red, blue = f.id.blue;
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, CHAT_IN, .skill = f.id.support);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, T, 1);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = f.id.support);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 1, .agent = ann, .team = red);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 3000, 1, .agent = bob, .team = blue);
  M(f.at, AT(bob, red), "agent_messages", 1);
  M(f.at, AT(bob, red), "agent_responses", 1);
  M(f.at, AT(bob, red), "avg_response_time", 3000);
  M(f.at, AT(bob, red), "first_reply_time", 3000);
  M(f.at, AT(bob, blue), "agent_messages", 0);
  M(f.at, AT(ann, red), "agent_messages", 0);
  M(f.at, AT(ann, red), "agent_frt", 2000);               /* the agent contact's first message */
  M(f.at, AT(ann, red), "agent_first_response_rate", 100);
  M(f.at, AT(bob, red), "agent_contacts_with_frt", 0);
  /* no agent contact open: the event's agent and team */
  TU_OK(e, CCM_EV_AGENT_END, T + 4000, 1);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, T + 5000, 1);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 9000, 1, .agent = bob, .team = blue);
  M(f.at, AT(bob, blue), "agent_messages", 1);
  M(f.at, AT(bob, blue), "avg_response_time", 4000);
  M(f.at, AT(0, 0), "customer_responses", 2);             /* no agent contact open at either */
  fx_free(&f);
}
END_TEST

/* Resolution family: the event's agent and team first. */
START_TEST(test_resolution_team) {
  fx f;
  ccm_engine *e;
  fx_init(&f, NULL);
  e = f.e;
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, CHAT_IN, .skill = f.id.support);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 1, .agent = f.id.ann, .team = f.id.red);
  TU_OK(e, CCM_EV_RESOLVE, T + 2000, 1, .agent = f.id.ann, .team = f.id.blue);
  TU_OK(e, CCM_EV_REOPEN, T + 3000, 1);
  TU_OK(e, CCM_EV_RESOLVE, T + 4000, 1, .agent = f.id.ann);
  TU_OK(e, CCM_EV_TAG, T + 5000, 1, .label = f.id.promo, .agent = f.id.cat);
  M(f.at, AT(f.id.ann, f.id.blue), "closed_contacts", 1);  /* the event's team */
  M(f.at, AT(f.id.ann, f.id.red), "closed_contacts", 1);   /* the open agent contact's */
  M(f.at, AT(f.id.ann, f.id.red), "reopened", 1);
  M(f.at, AT(f.id.cat, 0), "tag_count", 1);                 /* another agent: no team */
  fx_free(&f);
}
END_TEST

/* offer_miss without a queue visit: the contact's current skill. */
START_TEST(test_offer_miss_without_visit) {
  fx f;
  ccm_engine *e;
  fx_init(&f, NULL);
  e = f.e;
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN, .skill = f.id.billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = f.id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 1, .agent = f.id.ann);
  TU_OK(e, CCM_EV_TRANSFER, T + 2000, 1, .skill = f.id.sales);
  TU_OK(e, CCM_EV_OFFER, T + 2500, 1, .agent = f.id.bob, .team = f.id.blue);
  TU_OK(e, CCM_EV_OFFER_MISS, T + 8500, 1, .agent = f.id.bob);
  M(f.ats, ATS(f.id.bob, f.id.blue, f.id.sales), "offer_missed", 1);
  fx_free(&f);
}
END_TEST

/* Two agents offered at once (ring group): each offer is remembered; the
 * answering agent's alert time and team come from its own offer, and the
 * other agent may still miss its offer. */
/* One offer is remembered at a time (CHOICES.md): a second offer replaces
 * the first, so a miss of the first agent has nothing to act on. */
START_TEST(test_two_offers) {
  fx f;
  ccm_engine *e;
  fx_init(&f, NULL);
  e = f.e;
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN, .skill = f.id.billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = f.id.billing);
  TU_OK(e, CCM_EV_OFFER, T + 1000, 1, .agent = f.id.ann, .team = f.id.red);
  TU_OK(e, CCM_EV_OFFER, T + 2000, 1, .agent = f.id.bob, .team = f.id.blue);
  TU_REJECT(e, CCM_E_NO_OFFER, CCM_EV_OFFER_MISS, T + 3000, 1, .agent = f.id.ann);
  TU_OK(e, CCM_EV_OFFER_MISS, T + 3000, 1, .agent = f.id.bob); /* bob, team of his offer: blue */
  TU_OK(e, CCM_EV_OFFER, T + 4000, 1, .agent = f.id.ann, .team = f.id.red);
  TU_OK(e, CCM_EV_ANSWER, T + 11000, 1, .agent = f.id.ann); /* alert 7000: ceil(7000/6000) = 2 rings; team red */
  M(f.at, AT(f.id.ann, f.id.red), "answered", 1);
  M(f.at, AT(f.id.ann, f.id.red), "avg_alert_time", 7000);
  M(f.at, AT(f.id.ann, f.id.red), "avg_rings", 2);
  M(f.at, AT(f.id.ann, f.id.red), "offer_missed", 0);
  M(f.at, AT(f.id.bob, f.id.blue), "offer_missed", 1);
  fx_free(&f);
}
END_TEST

/* Configured thresholds reach the measures. */
START_TEST(test_configured_thresholds) {
  ccm_config *cfg = NULL;
  fx f;
  ccm_engine *e;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_RING_CYCLE_MS, 5000), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_SL_THRESHOLD_MS, 30000), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_SHORT_ABANDON_MS, 6000), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_FRT_TARGET_MS, 60000), CCM_OK);
  ck_assert_int_eq(ccm_config_set(cfg, CCM_CFG_RESOLUTION_TARGET_MS, TU_HOUR), CCM_OK);
  fx_init(&f, cfg);
  ccm_config_free(cfg);
  e = f.e;
  /* c1: wait 25000 (in SL at 30 s), alert 11000: ceil(11000 / 5000) = 3 */
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = f.id.billing);
  TU_OK(e, CCM_EV_OFFER, T + 14000, 1, .agent = f.id.ann);
  TU_OK(e, CCM_EV_ANSWER, T + 25000, 1, .agent = f.id.ann);
  /* c2: abandoned after 5500: short at 6 s */
  TU_OK(e, CCM_EV_CONTACT_START, T, 2, VOICE_IN);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 2, .skill = f.id.billing);
  TU_OK(e, CCM_EV_QUEUE_ABANDON, T + 5500, 2);
  /* c3: chat, first reply after 61 s: out of a 60 s target; resolved after
   * 1 h exactly: in target */
  TU_OK(e, CCM_EV_CONTACT_START, T, 3, CHAT_IN);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 3, .agent = f.id.bob);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 61000, 3);
  TU_OK(e, CCM_EV_RESOLVE, T + TU_HOUR, 3);
  C(f.company, TU_KEY0, "rings", 3);
  C(f.company, TU_KEY0, "answered_in_sl", 1);
  C(f.company, TU_KEY0, "short_abandoned", 1);
  M(f.company, TU_KEY0, "service_level", 100);  /* 1 / (1 + 1 - 1) */
  M(f.company, TU_KEY0, "frt_sla_pct", 0);
  M(f.company, TU_KEY0, "resolution_sla_pct", 100);
  fx_free(&f);
}
END_TEST

/* Short abandons and the four service levels. */
START_TEST(test_service_levels) {
  fx f;
  ccm_engine *e;
  uint64_t c = 100;
  size_t i;
  const int64_t answered[] = {10000, 20000, 25000};       /* in SL: 10 s, 20 s (<= 20 s) */
  const int64_t abandoned[] = {4999, 5000, 30000, 21000}; /* short: 4999 only; in SL: 4999, 5000 */
  const int64_t flowed[] = {15000, 40000};                /* in SL: 15 s */
  fx_init(&f, NULL);
  e = f.e;
  for (i = 0; i < 3; ++i, ++c) {
    TU_OK(e, CCM_EV_CONTACT_START, T, c, VOICE_IN, .skill = f.id.billing);
    TU_OK(e, CCM_EV_QUEUE_ENTER, T, c, .skill = f.id.billing);
    TU_OK(e, CCM_EV_ANSWER, T + answered[i], c, .agent = f.id.ann);
  }
  for (i = 0; i < 4; ++i, ++c) {
    TU_OK(e, CCM_EV_CONTACT_START, T, c, VOICE_IN, .skill = f.id.billing);
    TU_OK(e, CCM_EV_QUEUE_ENTER, T, c, .skill = f.id.billing);
    TU_OK(e, CCM_EV_QUEUE_ABANDON, T + abandoned[i], c);
  }
  for (i = 0; i < 2; ++i, ++c) {
    TU_OK(e, CCM_EV_CONTACT_START, T, c, VOICE_IN, .skill = f.id.billing);
    TU_OK(e, CCM_EV_QUEUE_ENTER, T, c, .skill = f.id.billing);
    TU_OK(e, CCM_EV_QUEUE_EXIT, T + flowed[i], c, .label = f.id.timeout);
  }
  M(f.skill, SKILL(f.id.billing), "offered", 9);
  M(f.skill, SKILL(f.id.billing), "answered", 3);
  M(f.skill, SKILL(f.id.billing), "abandoned", 4);
  M(f.skill, SKILL(f.id.billing), "short_abandoned", 1);
  M(f.skill, SKILL(f.id.billing), "flow_out", 2);
  C(f.skill, SKILL(f.id.billing), "answered_in_sl", 2);
  C(f.skill, SKILL(f.id.billing), "abandoned_in_sl", 2);
  C(f.skill, SKILL(f.id.billing), "flow_out_in_sl", 1);
  M(f.skill, SKILL(f.id.billing), "service_level", 100.0 / 3.0);      /* 2 / (3 + 4 - 1) x 100 */
  M(f.skill, SKILL(f.id.billing), "service_level_answered", 200.0 / 3.0); /* 2 / 3 */
  M(f.skill, SKILL(f.id.billing), "service_level_abandon_ok", 400.0 / 7.0); /* (2 + 2) / (3 + 4) */
  M(f.skill, SKILL(f.id.billing), "service_level_offered", 500.0 / 9.0);    /* (2 + 2 + 1) / 9 */
  M(f.skill, SKILL(f.id.billing), "abandon_rate", 400.0 / 9.0);             /* 4 / 9 */
  M(f.skill, SKILL(f.id.billing), "avg_abandon_time", 15249.75);            /* 60999 / 4 */
  M(f.skill, SKILL(f.id.billing), "asa", 55000.0 / 3.0);                    /* (10000 + 20000 + 25000) / 3 */
  M(f.skill, SKILL(f.id.billing), "avg_queue_time", 170999.0 / 9.0);        /* (55000 + 60999 + 55000) / 9 */
  M(f.skill, SKILL(f.id.billing), "max_wait", 30000);   /* answered and abandoned only, not the 40 s flow-out */
  F(f.skill, SKILL(f.id.billing), "flow_out_wait", CCM_FIELD_SUM, 55000);
  F(f.skill, SKILL(f.id.billing), "flow_out_wait", CCM_FIELD_MAX, 40000);
  F(f.skill, SKILL(f.id.billing), "abandon_wait", CCM_FIELD_MIN, 4999);
  F(f.skill, SKILL(f.id.billing), "wait_answered", CCM_FIELD_MAX, 25000);
  /* abandons and flow-outs carry no agent */
  M(f.agent, AGENT(f.id.ann), "abandoned", 0);
  M(f.agent, AGENT(0), "flow_out", 2);
  fx_free(&f);
}
END_TEST

START_TEST(test_blocked) {
  fx f;
  ccm_engine *e;
  fx_init(&f, NULL);
  e = f.e;
  /* the event's skill */
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN, .skill = f.id.billing);
  TU_OK(e, CCM_EV_BLOCKED, T + 10, 1, .skill = f.id.support);
  /* else the contact's current skill (the last queue_enter's) */
  TU_OK(e, CCM_EV_CONTACT_START, T, 2, VOICE_IN, .skill = f.id.billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 2, .skill = f.id.sales);
  TU_OK(e, CCM_EV_QUEUE_EXIT, T + 1000, 2);
  TU_OK(e, CCM_EV_BLOCKED, T + 1000, 2);
  /* else the contact_start skill */
  TU_OK(e, CCM_EV_CONTACT_START, T, 3, VOICE_IN, .skill = f.id.billing);
  TU_OK(e, CCM_EV_BLOCKED, T, 3);
  M(f.skill, SKILL(f.id.support), "blocked", 1);
  M(f.skill, SKILL(f.id.sales), "blocked", 1);
  M(f.skill, SKILL(f.id.billing), "blocked", 1);
  M(f.skill, SKILL(f.id.billing), "contacts", 3); /* contacts: the contact_start skill */
  M(f.skill, SKILL(f.id.sales), "contacts", 0);
  M(f.skill, SKILL(f.id.sales), "flow_out", 1);
  M(f.company, TU_KEY0, "blocked", 3);
  M(f.company, TU_KEY0, "offered", 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_OPEN_CONTACTS), 0); /* blocked ends the contact */
  fx_free(&f);
}
END_TEST

/* An outbound answer without a queue visit: an agent contact, not
 * answered. */
START_TEST(test_outbound_answer) {
  fx f;
  ccm_engine *e;
  fx_init(&f, NULL);
  e = f.e;
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_OUTBOUND,
        .skill = f.id.sales);
  TU_OK(e, CCM_EV_ANSWER, T + 2000, 1, .agent = f.id.ann, .team = f.id.red);
  TU_OK(e, CCM_EV_AGENT_END, T + 62000, 1);
  M(f.ats, ATS(f.id.ann, f.id.red, f.id.sales), "agent_contacts", 1);
  M(f.ats, ATS(f.id.ann, f.id.red, f.id.sales), "answered", 0);
  M(f.ats, ATS(f.id.ann, f.id.red, f.id.sales), "handled", 1);
  M(f.ats, ATS(f.id.ann, f.id.red, f.id.sales), "avg_talk_time", 60000);
  M(f.ats, ATS(f.id.ann, f.id.red, f.id.sales), "agent_first_response_rate", 100);
  U(f.ats, ATS(f.id.ann, f.id.red, f.id.sales), "asa");
  M(f.skill, SKILL(f.id.sales), "offered", 0);
  M(f.skill, SKILL(f.id.sales), "contacts", 1);
  U(f.skill, SKILL(f.id.sales), "service_level");
  fx_free(&f);
}
END_TEST

/* Voice and video are responded at answer; digital at the first agent
 * message; first reply time only for inbound digital contacts. */
START_TEST(test_responded) {
  fx f;
  ccm_engine *e;
  fx_init(&f, NULL);
  e = f.e;
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, CHAT_IN);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 1, .agent = f.id.bob);
  M(f.agent, AGENT(f.id.bob), "agent_first_response_rate", 0); /* 0 / 1 */
  M(f.agent, AGENT(f.id.bob), "agent_contacts_with_frt", 0);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 4000, 1);
  M(f.agent, AGENT(f.id.bob), "agent_first_response_rate", 100); /* 1 / 1 */
  M(f.agent, AGENT(f.id.bob), "agent_frt", 3000);
  M(f.agent, AGENT(f.id.bob), "first_reply_time", 4000);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 5000, 1);
  M(f.agent, AGENT(f.id.bob), "agent_contacts_with_frt", 1);
  C(f.agent, AGENT(f.id.bob), "responded_agent_contacts", 1);
  /* voice: responded at answer, no agent FRT even with messages */
  TU_OK(e, CCM_EV_CONTACT_START, T, 2, VOICE_IN);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 2, .agent = f.id.ann);
  M(f.agent, AGENT(f.id.ann), "agent_first_response_rate", 100);
  /* video too */
  TU_OK(e, CCM_EV_CONTACT_START, T, 3, .channel = CCM_CHANNEL_VIDEO, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 3, .agent = f.id.dan);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 2000, 3);
  C(f.agent, AGENT(f.id.dan), "responded_agent_contacts", 1);
  M(f.agent, AGENT(f.id.dan), "agent_contacts_with_frt", 0);
  M(f.agent, AGENT(f.id.dan), "agent_frt", 0);
  U(f.agent, AGENT(f.id.dan), "first_reply_time");
  M(f.agent, AGENT(f.id.dan), "agent_messages", 1);
  /* outbound email: agent FRT, but no first reply time */
  TU_OK(e, CCM_EV_CONTACT_START, T, 4, .channel = CCM_CHANNEL_EMAIL, .direction = CCM_DIRECTION_OUTBOUND);
  TU_OK(e, CCM_EV_ANSWER, T, 4, .agent = f.id.cat);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 5000, 4);
  M(f.agent, AGENT(f.id.cat), "avg_agent_frt", 5000);
  U(f.agent, AGENT(f.id.cat), "first_reply_time");
  U(f.agent, AGENT(f.id.cat), "frt_sla_pct");
  /* company: 4 agent contacts, all responded */
  M(f.company, TU_KEY0, "agent_first_response_rate", 100);
  M(f.company, TU_KEY0, "agent_contacts", 4);
  fx_free(&f);
}
END_TEST

START_TEST(test_first_reply_target) {
  fx f;
  ccm_engine *e;
  fx_init(&f, NULL);
  e = f.e;
  /* replies after exactly 1 h (in target) and 1 h + 1 ms (not) */
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, CHAT_IN);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, T, 1);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 1, .agent = f.id.ann);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + TU_HOUR, 1);
  TU_OK(e, CCM_EV_CONTACT_START, T, 2, .channel = CCM_CHANNEL_SMS, .direction = CCM_DIRECTION_INBOUND);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, T, 2);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 2, .agent = f.id.ann);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + TU_HOUR + 1, 2);
  M(f.company, TU_KEY0, "first_reply_time", 3600000.5); /* (3600000 + 3600001) / 2 */
  M(f.company, TU_KEY0, "frt_sla_pct", 50);             /* 1 / 2 */
  C(f.company, TU_KEY0, "first_reply_in_target", 1);
  M(f.company, TU_KEY0, "avg_response_time", 3600000.5);
  fx_free(&f);
}
END_TEST

START_TEST(test_escalation) {
  fx f;
  ccm_engine *e;
  fx_init(&f, NULL);
  e = f.e;
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, CHAT_IN);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 1, .agent = f.id.ann);
  TU_OK(e, CCM_EV_ESCALATE, T + 2000, 1);
  TU_OK(e, CCM_EV_ESCALATE, T + 3000, 1);
  TU_OK(e, CCM_EV_CONTACT_START, T, 2, CHAT_IN);
  TU_OK(e, CCM_EV_ANSWER, T + 1000, 2, .agent = f.id.ann);
  C(f.agent, AGENT(f.id.ann), "escalated", 1);
  M(f.agent, AGENT(f.id.ann), "escalation_rate", 50); /* 1 / 2 x 100 */
  /* an escalation naming an agent goes to that agent */
  TU_OK(e, CCM_EV_ESCALATE, T + 4000, 2, .agent = f.id.bob);
  C(f.agent, AGENT(f.id.bob), "escalated", 1);
  U(f.agent, AGENT(f.id.bob), "escalation_rate");     /* 1 / 0 */
  M(f.company, TU_KEY0, "escalation_rate", 100);      /* 2 / 2 */
  fx_free(&f);
}
END_TEST

/* contacts by channel, direction, contact type, campaign. */
START_TEST(test_contact_dimensions) {
  fx f;
  ccm_engine *e;
  ccm_view *ch, *dir, *type, *camp;
  fx_init(&f, NULL);
  e = f.e;
  ch = tu_view(e, CCM_DIM_BIT(CCM_DIM_CHANNEL), CCM_GRAIN_NONE);
  dir = tu_view(e, CCM_DIM_BIT(CCM_DIM_DIRECTION), CCM_GRAIN_NONE);
  type = tu_view(e, CCM_DIM_BIT(CCM_DIM_CONTACT_TYPE), CCM_GRAIN_NONE);
  camp = tu_view(e, CCM_DIM_BIT(CCM_DIM_CAMPAIGN), CCM_GRAIN_NONE);
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN, .label = f.id.vip, .campaign = f.id.camp1);
  TU_OK(e, CCM_EV_CONTACT_START, T, 2, VOICE_IN, .label = f.id.std);
  TU_OK(e, CCM_EV_CONTACT_START, T, 3, .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_OUTBOUND,
        .label = f.id.vip, .campaign = f.id.camp2);
  TU_OK(e, CCM_EV_CONTACT_START, T, 4, .channel = CCM_CHANNEL_SOCIAL, .direction = CCM_DIRECTION_INBOUND);
  M(ch, TU_KEY([CCM_DIM_CHANNEL] = CCM_CHANNEL_VOICE), "contacts", 2);
  M(ch, TU_KEY([CCM_DIM_CHANNEL] = CCM_CHANNEL_CHAT), "contacts", 1);
  M(ch, TU_KEY([CCM_DIM_CHANNEL] = CCM_CHANNEL_SOCIAL), "contacts", 1);
  M(ch, TU_KEY([CCM_DIM_CHANNEL] = CCM_CHANNEL_EMAIL), "contacts", 0);
  M(dir, TU_KEY([CCM_DIM_DIRECTION] = CCM_DIRECTION_INBOUND), "contacts", 3);
  M(dir, TU_KEY([CCM_DIM_DIRECTION] = CCM_DIRECTION_OUTBOUND), "contacts", 1);
  M(type, TU_KEY([CCM_DIM_CONTACT_TYPE] = f.id.vip), "contacts", 2);
  M(type, TU_KEY([CCM_DIM_CONTACT_TYPE] = f.id.std), "contacts", 1);
  M(type, TU_KEY([CCM_DIM_CONTACT_TYPE] = 0), "contacts", 1);
  M(camp, TU_KEY([CCM_DIM_CAMPAIGN] = f.id.camp1), "contacts", 1);
  M(camp, TU_KEY([CCM_DIM_CAMPAIGN] = f.id.camp2), "contacts", 1);
  M(camp, TU_KEY([CCM_DIM_CAMPAIGN] = 0), "contacts", 2);
  M(f.company, TU_KEY0, "contacts", 4);
  fx_free(&f);
}
END_TEST

/* Durations never go negative within a contact (time never goes
 * backwards), so nothing is clamped; the counter exists. */
START_TEST(test_clamped_counter) {
  fx f;
  tu_stream s = {0};
  size_t i;
  fx_init(&f, NULL);
  tu_gen(&f.id, 3, 60, &s);
  for (i = 0; i < s.n; ++i) tu_expect(f.e, &s.ev[i], CCM_OK, __FILE__, __LINE__);
  ck_assert_int_eq(tu_stat(f.e, CCM_STAT_CLAMPED), 0);
  ck_assert_int_eq(tu_stat(f.e, CCM_STAT_ACCEPTED), (int64_t)s.n);
  tu_stream_free(&s);
  fx_free(&f);
}
END_TEST

/* Every metric this version computes appears in the tests above
 * (tu_computed_metrics lists the metrics these tests exercise). */

START_TEST(test_every_supported_metric_tested) {
  int32_t n = ccm_metric_count(), m;
  size_t i, ntested = tu_ncomputed_metrics;
  for (m = 0; m < n; ++m) {
    const char *name = ccm_metric_name(m);
    int found = 0;
    if (ccm_metric_supported(m) != 1) continue;
    for (i = 0; i < ntested; ++i)
      if (strcmp(tu_computed_metrics[i], name) == 0) found = 1;
    ck_assert_msg(found, "supported metric %s has no test", name);
  }
  for (i = 0; i < ntested; ++i) {
    int32_t id = -1;
    ck_assert_msg(ccm_metric_by_name(tu_computed_metrics[i], &id) == CCM_OK, "no metric %s", tu_computed_metrics[i]);
    ck_assert_msg(ccm_metric_supported(id) == 1, "metric %s is not computed", tu_computed_metrics[i]);
  }
}
END_TEST

static Suite *metrics_suite(void) {
  Suite *s = suite_create("metrics");
  TCase *tc = tcase_create("metrics");
  tcase_add_test(tc, test_events_md_example);
  tcase_add_test(tc, test_transfer);
  tcase_add_test(tc, test_two_transfers);
  tcase_add_test(tc, test_holds);
  tcase_add_test(tc, test_focus);
  tcase_add_test(tc, test_turns_and_follow_on);
  tcase_add_test(tc, test_reopen_and_resolution);
  tcase_add_test(tc, test_late_events_after_end);
  tcase_add_test(tc, test_tags);
  tcase_add_test(tc, test_many_tags);
  tcase_add_test(tc, test_disposition_dimension);
  tcase_add_test(tc, test_rings_and_alert);
  tcase_add_test(tc, test_acw_order);
  tcase_add_test(tc, test_message_agent);
  tcase_add_test(tc, test_resolution_team);
  tcase_add_test(tc, test_offer_miss_without_visit);
  tcase_add_test(tc, test_two_offers);
  tcase_add_test(tc, test_configured_thresholds);
  tcase_add_test(tc, test_service_levels);
  tcase_add_test(tc, test_blocked);
  tcase_add_test(tc, test_outbound_answer);
  tcase_add_test(tc, test_responded);
  tcase_add_test(tc, test_first_reply_target);
  tcase_add_test(tc, test_escalation);
  tcase_add_test(tc, test_contact_dimensions);
  tcase_add_test(tc, test_clamped_counter);
  tcase_add_test(tc, test_every_supported_metric_tested);
  tcase_set_timeout(tc, 60);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return tu_run(metrics_suite()); }
