/*
 * check_families.c - surveys and quality, customers and first contact
 * resolution, agent states, business ledger: every measure and metric
 * against values computed by hand from doc/CHOICES.md (the arithmetic is in
 * the comments).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define T TU_T0 /* 2023-11-14T22:13:20Z */
#define SEC TU_SEC
#define MIN TU_MIN
#define HOUR TU_HOUR
#define DAY TU_DAY
#define MID INT64_C(1700006400000) /* 2023-11-15T00:00:00Z */

#define VOICE_IN .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND
#define CHAT_IN .channel = CCM_CHANNEL_CHAT, .direction = CCM_DIRECTION_INBOUND
#define VAL(v_) .flags = CCM_EVF_VALUE, .value = (v_)

#define M(v_, key_, name_, val_) TU_METRIC(v_, key_, 0, name_, val_)
#define U(v_, key_, name_) TU_UNDEF(v_, key_, 0, name_)
#define C(v_, key_, measure_, val_) TU_FIELD(v_, key_, 0, measure_, CCM_FIELD_COUNT, val_)
#define MB(v_, key_, b_, name_, val_) TU_METRIC(v_, key_, b_, name_, val_)
#define UB(v_, key_, b_, name_) TU_UNDEF(v_, key_, b_, name_)
#define CB(v_, key_, b_, measure_, val_) TU_FIELD(v_, key_, b_, measure_, CCM_FIELD_COUNT, val_)

#define AGENT(a_) TU_KEY([CCM_DIM_AGENT] = (a_))
#define TAG(t_) TU_KEY([CCM_DIM_TAG] = (t_))
#define SKILL(s_) TU_KEY([CCM_DIM_SKILL] = (s_))
#define CAMP(c_) TU_KEY([CCM_DIM_CAMPAIGN] = (c_))
#define ATS(a_, t_, s_) TU_KEY([CCM_DIM_AGENT] = (a_), [CCM_DIM_TEAM] = (t_), [CCM_DIM_SKILL] = (s_))
#define AT(a_, t_) TU_KEY([CCM_DIM_AGENT] = (a_), [CCM_DIM_TEAM] = (t_))
#define ATS_MASK (CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_TEAM) | CCM_DIM_BIT(CCM_DIM_SKILL))

static ccm_engine *engine_cfg(int32_t k1, int64_t v1, int32_t k2, int64_t v2) {
  ccm_config *cfg = NULL;
  ccm_engine *e;
  ck_assert_int_eq(ccm_config_new(NULL, &cfg), CCM_OK);
  if (k1) ck_assert_int_eq(ccm_config_set(cfg, k1, v1), CCM_OK);
  if (k2) ck_assert_int_eq(ccm_config_set(cfg, k2, v2), CCM_OK);
  e = tu_engine(cfg);
  ccm_config_free(cfg);
  return e;
}

/* ------------------------------------------------------------------------ */
/* Surveys and quality */

START_TEST(test_surveys) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *company, *agent, *ats, *tag;
  tu_intern_ids(e, &id);
  company = tu_view(e, 0, CCM_GRAIN_NONE);
  agent = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  ats = tu_view(e, ATS_MASK, CCM_GRAIN_NONE);
  tag = tu_view(e, CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_NONE);

  TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN, .customer = 11, .skill = id.billing, .campaign = id.camp1);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + 10 * SEC, 1, .agent = id.ann, .team = id.red);
  TU_OK(e, CCM_EV_TAG, T + 20 * SEC, 1, .label = id.refund);
  TU_OK(e, CCM_EV_AGENT_END, T + 60 * SEC, 1);
  TU_OK(e, CCM_EV_CONTACT_END, T + 61 * SEC, 1);
  /* late surveys of the ended contact: ann, red, billing, tag refund */
  TU_OK(e, CCM_EV_CSAT, T + 100 * SEC, 1, VAL(5));
  TU_OK(e, CCM_EV_CSAT, T + 101 * SEC, 1, VAL(3));
  TU_OK(e, CCM_EV_NPS, T + 102 * SEC, 0, .customer = 11, VAL(9)); /* customer only: no agent, no tag */
  TU_OK(e, CCM_EV_NPS, T + 103 * SEC, 1, VAL(6));
  TU_OK(e, CCM_EV_CES, T + 104 * SEC, 1, VAL(6));
  /* the event's agent wins; ann is not bob, so no team from the contact */
  TU_OK(e, CCM_EV_CES, T + 105 * SEC, 1, .agent = id.bob, VAL(2));
  TU_OK(e, CCM_EV_QA_SCORE, T + 106 * SEC, 1, .label = id.form1, VAL(87.5));
  /* a contact never seen: its own fields only */
  TU_OK(e, CCM_EV_QA_SCORE, T + 107 * SEC, 99, .agent = id.bob, .team = id.blue, VAL(90));
  TU_OK(e, CCM_EV_CSAT, T + 108 * SEC, 2, VAL(1));
  /* surveys did not move the contact's time: a tag at +62 s is still in order */
  TU_OK(e, CCM_EV_TAG, T + 62 * SEC, 1, .label = id.urgent);

  /* company: csat 5, 3, 1; nps 9, 6; ces 6, 2; qa 87.5, 90 */
  C(company, TU_KEY0, "csat_responses", 3);
  C(company, TU_KEY0, "csat_sum", 9);
  C(company, TU_KEY0, "csat_satisfied", 1);               /* 5 >= 4 */
  M(company, TU_KEY0, "csat_pct", 100.0 / 3.0);           /* 1 / 3 x 100 */
  M(company, TU_KEY0, "csat_avg", 3);                     /* 9 / 3 */
  C(company, TU_KEY0, "nps_promoters", 1);                /* 9 */
  C(company, TU_KEY0, "nps_detractors", 1);               /* 6 */
  M(company, TU_KEY0, "nps", 0);                          /* (1 - 1) / 2 x 100 */
  M(company, TU_KEY0, "ces_avg", 4);                      /* (6 + 2) / 2 */
  M(company, TU_KEY0, "ces_easy_pct", 50);                /* 6 >= 5: 1 / 2 */
  C(company, TU_KEY0, "qa_sum", 177500);                  /* thousandths: 87500 + 90000 */
  M(company, TU_KEY0, "quality_score", 88.75);            /* 177500 / 1000 / 2 */
  /* agents */
  M(agent, AGENT(id.ann), "csat_pct", 50);                /* 5 and 3 */
  M(agent, AGENT(id.ann), "csat_avg", 4);
  M(agent, AGENT(id.ann), "nps", -100);                   /* one detractor */
  M(agent, AGENT(id.ann), "ces_avg", 6);
  M(agent, AGENT(id.ann), "ces_easy_pct", 100);
  M(agent, AGENT(id.ann), "quality_score", 87.5);
  M(agent, AGENT(id.bob), "ces_avg", 2);
  M(agent, AGENT(id.bob), "ces_easy_pct", 0);
  M(agent, AGENT(id.bob), "quality_score", 90);
  U(agent, AGENT(id.bob), "csat_pct");
  M(agent, AGENT(0), "csat_avg", 1);                      /* the unknown contact 2 */
  M(agent, AGENT(0), "nps", 100);                         /* the customer-only 9 */
  /* teams and skills come from the contact, unless the event's agent differs */
  C(ats, ATS(id.ann, id.red, id.billing), "csat_responses", 2);
  C(ats, ATS(id.ann, id.red, id.billing), "qa_evaluations", 1);
  C(ats, ATS(id.bob, 0, id.billing), "ces_responses", 1);
  C(ats, ATS(id.bob, id.blue, 0), "qa_evaluations", 1);
  /* tags: the contact's tags at the survey */
  C(tag, TAG(id.refund), "csat_responses", 2);
  C(tag, TAG(id.refund), "nps_responses", 1);
  C(tag, TAG(id.refund), "ces_responses", 2);
  C(tag, TAG(id.refund), "qa_evaluations", 1);
  C(tag, TAG(0), "csat_responses", 1);
  C(tag, TAG(0), "nps_responses", 1);
  C(tag, TAG(0), "qa_evaluations", 1);
  C(tag, TAG(id.urgent), "csat_responses", 0);
  C(tag, TAG(id.urgent), "tagged", 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_ACCEPTED), 16);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_survey_thresholds) {
  ccm_engine *e = engine_cfg(CCM_CFG_CSAT_SATISFIED, 3, CCM_CFG_CES_EASY, 7);
  ccm_view *company = tu_view(e, 0, CCM_GRAIN_NONE);
  TU_OK(e, CCM_EV_CSAT, T, 0, .customer = 1, VAL(3));
  TU_OK(e, CCM_EV_CSAT, T, 0, .customer = 1, VAL(2));
  TU_OK(e, CCM_EV_CES, T, 0, .customer = 1, VAL(6));
  TU_OK(e, CCM_EV_CES, T, 0, .customer = 1, VAL(7));
  M(company, TU_KEY0, "csat_pct", 50); /* 3 >= 3 */
  M(company, TU_KEY0, "ces_easy_pct", 50); /* only 7 >= 7 */
  U(company, TU_KEY0, "nps");
  U(company, TU_KEY0, "quality_score");
  ccm_engine_free(e);
}
END_TEST

/* A survey after the contact was forgotten has only its own fields. */
START_TEST(test_survey_for_released_contact) {
  ccm_engine *e = engine_cfg(CCM_CFG_RETENTION_MS, 0, 0, 0);
  tu_ids id;
  ccm_view *agent;
  tu_intern_ids(e, &id);
  agent = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  TU_OK(e, CCM_EV_CONTACT_START, T, 3, VOICE_IN, .skill = id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + 100, 3, .agent = id.ann);
  TU_OK(e, CCM_EV_AGENT_END, T + 200, 3);
  TU_OK(e, CCM_EV_CONTACT_END, T + 300, 3);
  TU_OK(e, CCM_EV_CSAT, T + 500, 3, VAL(4)); /* retained: ann */
  ck_assert_int_eq(ccm_engine_expire(e, T + 1000), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FORGOTTEN), 1);
  TU_OK(e, CCM_EV_CSAT, T + 2000, 3, VAL(2)); /* forgotten: no agent */
  M(agent, AGENT(id.ann), "csat_avg", 4);
  M(agent, AGENT(0), "csat_avg", 2);
  ccm_engine_free(e);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Customers and first contact resolution */

#define I2200 INT64_C(1699999200000) /* 2023-11-14T22:00Z */
#define I2215 (I2200 + 15 * MIN)
#define I2300 (I2200 + HOUR)

START_TEST(test_fcr_taken_back_across_intervals) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *ci, *company, *tag;
  tu_intern_ids(e, &id);
  ci = tu_view(e, 0, CCM_GRAIN_INTERVAL);
  company = tu_view(e, 0, CCM_GRAIN_NONE);
  tag = tu_view(e, CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_NONE);

  TU_OK(e, CCM_EV_CONTACT_START, T, 1, CHAT_IN, .customer = 11, .skill = id.support); /* 22:13:20 */
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = id.support);
  TU_OK(e, CCM_EV_ANSWER, T + MIN, 1, .agent = id.ann, .team = id.red);
  TU_OK(e, CCM_EV_TAG, T + 2 * MIN, 1, .label = id.refund);
  TU_OK(e, CCM_EV_RESOLVE, T + 5 * MIN, 1); /* 22:18:20: the 22:15 interval */
  TU_OK(e, CCM_EV_AGENT_END, T + 5 * MIN, 1);
  TU_OK(e, CCM_EV_CONTACT_END, T + 5 * MIN, 1);
  TU_OK(e, CCM_EV_TAG, T + 6 * MIN, 1, .label = id.urgent); /* after the closure */

  CB(ci, TU_KEY0, I2200, "contacts_with_customer", 1);
  CB(ci, TU_KEY0, I2200, "repeat_contacts", 0);
  CB(ci, TU_KEY0, I2215, "fcr_eligible", 1);
  CB(ci, TU_KEY0, I2215, "fcr", 1);
  MB(ci, TU_KEY0, I2215, "fcr_rate", 100);
  C(tag, TAG(id.refund), "fcr", 1);
  C(tag, TAG(id.urgent), "fcr", 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FCR_PENDING), 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_CUSTOMERS), 1);

  /* the customer comes back at 23:13:20, within the 7-day window */
  TU_OK(e, CCM_EV_CONTACT_START, T + HOUR, 2, CHAT_IN, .customer = 11, .skill = id.support);
  CB(ci, TU_KEY0, I2215, "fcr_eligible", 1);
  CB(ci, TU_KEY0, I2215, "fcr", 0); /* taken back in the closure's interval */
  MB(ci, TU_KEY0, I2215, "fcr_rate", 0);
  CB(ci, TU_KEY0, I2300, "contacts", 1);
  CB(ci, TU_KEY0, I2300, "repeat_contacts", 1);
  MB(ci, TU_KEY0, I2300, "repeat_contact_rate", 100); /* 1 / 1 */
  UB(ci, TU_KEY0, I2300, "contacts_per_case");        /* 1 / (1 - 1) */
  UB(ci, TU_KEY0, I2300, "fcr_rate");
  C(company, TU_KEY0, "contacts_with_customer", 2);
  M(company, TU_KEY0, "repeat_contact_rate", 50); /* 1 / 2 x 100 */
  M(company, TU_KEY0, "contacts_per_case", 2);    /* 2 / (2 - 1) */
  M(company, TU_KEY0, "fcr_rate", 0);
  C(tag, TAG(id.refund), "fcr", 0);
  C(tag, TAG(id.urgent), "fcr", 0); /* never credited there, so never taken back there */
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FCR_PENDING), 0);
  /* the repeat contact is not eligible */
  TU_OK(e, CCM_EV_RESOLVE, T + HOUR + MIN, 2);
  C(company, TU_KEY0, "fcr_eligible", 1);
  C(company, TU_KEY0, "closed_contacts", 2);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_fcr_final_after_window) {
  ccm_engine *e = engine_cfg(CCM_CFG_RETENTION_MS, 0, CCM_CFG_REPEAT_WINDOW_MS, DAY);
  ccm_view *company = tu_view(e, 0, CCM_GRAIN_NONE);
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, CHAT_IN, .customer = 11);
  TU_OK(e, CCM_EV_RESOLVE, T + MIN, 1);
  TU_OK(e, CCM_EV_CONTACT_END, T + MIN, 1);
  /* ended and past retention, but its FCR is provisional: kept */
  ck_assert_int_eq(ccm_engine_expire(e, T + 2 * MIN), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RETAINED_CONTACTS), 1);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FCR_PENDING), 1);
  /* advance alone makes nothing final before the window passed */
  ck_assert_int_eq(ccm_engine_advance(e, T + MIN + DAY), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FCR_PENDING), 1);
  /* made final at the first advance 1/64 of the window (22.5 min) after the
   * previous scan at which it was not due yet */
  ck_assert_int_eq(ccm_engine_expire(e, T + MIN + DAY + DAY / 64), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FCR_PENDING), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RETAINED_CONTACTS), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_CUSTOMERS), 0); /* latest start older than the window */
  /* a host going back in time (a replay) scans again at once */
  ck_assert_int_eq(ccm_engine_advance(e, T + 100 * DAY), CCM_OK);
  TU_OK(e, CCM_EV_CONTACT_START, T + DAY + MIN, 3, CHAT_IN, .customer = 12);
  TU_OK(e, CCM_EV_RESOLVE, T + DAY + MIN, 3);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FCR_PENDING), 1);
  ck_assert_int_eq(ccm_engine_advance(e, T + 4 * DAY), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FCR_PENDING), 0);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_CUSTOMERS), 0);
  /* the customer returns after the window: not a repeat, the FCR stays */
  TU_OK(e, CCM_EV_CONTACT_START, T + DAY + 2 * MIN, 2, CHAT_IN, .customer = 11);
  C(company, TU_KEY0, "repeat_contacts", 0);
  C(company, TU_KEY0, "fcr", 2); /* contacts 1 and 3 */
  M(company, TU_KEY0, "fcr_rate", 100);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_CUSTOMERS), 1);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_fcr_not_credited_and_taken_back) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *company;
  tu_intern_ids(e, &id);
  company = tu_view(e, 0, CCM_GRAIN_NONE);
  /* c1: transferred before its closure: eligible, no FCR */
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, CHAT_IN, .customer = 21);
  TU_OK(e, CCM_EV_ANSWER, T + 1, 1, .agent = id.ann);
  TU_OK(e, CCM_EV_TRANSFER, T + 2, 1, .skill = id.sales);
  TU_OK(e, CCM_EV_RESOLVE, T + 3, 1);
  /* c2: escalated before its closure */
  TU_OK(e, CCM_EV_CONTACT_START, T, 2, CHAT_IN, .customer = 22);
  TU_OK(e, CCM_EV_ESCALATE, T + 1, 2);
  TU_OK(e, CCM_EV_RESOLVE, T + 2, 2);
  /* c3: no customer: not eligible */
  TU_OK(e, CCM_EV_CONTACT_START, T, 3, CHAT_IN);
  TU_OK(e, CCM_EV_RESOLVE, T + 2, 3);
  /* c4: reopened after the closure, resolved again: taken back, never again */
  TU_OK(e, CCM_EV_CONTACT_START, T, 4, CHAT_IN, .customer = 24);
  TU_OK(e, CCM_EV_RESOLVE, T + 2, 4);
  TU_OK(e, CCM_EV_REOPEN, T + 3, 4);
  TU_OK(e, CCM_EV_RESOLVE, T + 4, 4);
  /* c5: escalated after the closure */
  TU_OK(e, CCM_EV_CONTACT_START, T, 5, CHAT_IN, .customer = 25);
  TU_OK(e, CCM_EV_RESOLVE, T + 2, 5);
  TU_OK(e, CCM_EV_ESCALATE, T + 3, 5);
  /* c6: an FCR */
  TU_OK(e, CCM_EV_CONTACT_START, T, 6, CHAT_IN, .customer = 26);
  TU_OK(e, CCM_EV_RESOLVE, T + 2, 6);
  /* c7 closes at T + 1 h, but c8 of the same customer, started at T + 2 h,
   * was ingested first: eligible, not an FCR */
  TU_OK(e, CCM_EV_CONTACT_START, T, 7, CHAT_IN, .customer = 27);
  TU_OK(e, CCM_EV_CONTACT_START, T + 2 * HOUR, 8, CHAT_IN, .customer = 27);
  TU_OK(e, CCM_EV_RESOLVE, T + HOUR, 7);

  C(company, TU_KEY0, "fcr_eligible", 6); /* c1, c2, c4, c5, c6, c7 */
  C(company, TU_KEY0, "fcr", 1);          /* c6 */
  M(company, TU_KEY0, "fcr_rate", 100.0 / 6.0);
  C(company, TU_KEY0, "repeat_contacts", 1); /* c8 */
  C(company, TU_KEY0, "contacts_with_customer", 7);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_FCR_PENDING), 1);
  ccm_engine_free(e);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Agent states */

START_TEST(test_agent_state_spans) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *ai, *ad, *ah, *at;
  tu_intern_ids(e, &id);
  ai = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL);
  ad = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_DATE);
  ah = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_HOUR);
  at = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_TEAM), CCM_GRAIN_NONE);

  /* ann: available 10:50, busy 11:20, acw 11:40, not_ready (reason 2) 11:45 */
  TU_OK(e, CCM_EV_AGENT_STATE, MID + 10 * HOUR + 50 * MIN, 0, .agent = id.ann, .team = id.red,
        .label = CCM_STATE_AVAILABLE);
  TU_OK(e, CCM_EV_AGENT_STATE, MID + 11 * HOUR + 20 * MIN, 0, .agent = id.ann, .label = CCM_STATE_BUSY);
  TU_OK(e, CCM_EV_AGENT_STATE, MID + 11 * HOUR + 40 * MIN, 0, .agent = id.ann, .label = CCM_STATE_ACW);
  TU_OK(e, CCM_EV_AGENT_STATE, MID + 11 * HOUR + 45 * MIN, 0, .agent = id.ann, .label = CCM_STATE_NOT_READY,
        VAL(2));
  /* bob: available from 23:50 the day before to 00:20, then logged out */
  TU_OK(e, CCM_EV_AGENT_STATE, MID - 10 * MIN, 0, .agent = id.bob, .team = id.blue, .label = CCM_STATE_AVAILABLE);
  TU_OK(e, CCM_EV_AGENT_STATE, MID + 20 * MIN, 0, .agent = id.bob, .label = CCM_STATE_LOGGED_OUT);
  /* the running not_ready span is credited up to the host's time */
  ck_assert_int_eq(ccm_engine_advance(e, MID + 12 * HOUR), CCM_OK);

  /* 10:50 -> 11:20 available: 10 min to 10:45, 15 to 11:00, 5 to 11:15 */
  CB(ai, AGENT(id.ann), MID + 10 * HOUR + 45 * MIN, "available_time", 10 * MIN);
  CB(ai, AGENT(id.ann), MID + 11 * HOUR, "available_time", 15 * MIN);
  CB(ai, AGENT(id.ann), MID + 11 * HOUR + 15 * MIN, "available_time", 5 * MIN);
  CB(ai, AGENT(id.ann), MID + 11 * HOUR + 15 * MIN, "busy_time", 10 * MIN);
  CB(ai, AGENT(id.ann), MID + 11 * HOUR + 15 * MIN, "logged_in_time", 15 * MIN);
  MB(ai, AGENT(id.ann), MID + 11 * HOUR + 15 * MIN, "occupancy", 100.0 * 10 / 15);   /* 10 / (10 + 0 + 5) */
  MB(ai, AGENT(id.ann), MID + 11 * HOUR + 15 * MIN, "utilization", 100.0 * 10 / 15); /* 10 / 15 */
  CB(ai, AGENT(id.ann), MID + 11 * HOUR + 30 * MIN, "busy_time", 10 * MIN);
  CB(ai, AGENT(id.ann), MID + 11 * HOUR + 30 * MIN, "acw_state_time", 5 * MIN);
  MB(ai, AGENT(id.ann), MID + 11 * HOUR + 30 * MIN, "occupancy", 100);              /* 15 / 15 */
  CB(ai, AGENT(id.ann), MID + 11 * HOUR + 45 * MIN, "not_ready_time", 15 * MIN);
  UB(ai, AGENT(id.ann), MID + 11 * HOUR + 45 * MIN, "occupancy");                   /* 0 / 0 */
  MB(ai, AGENT(id.ann), MID + 11 * HOUR + 45 * MIN, "utilization", 0);              /* 0 / 15 */
  /* whole: available 30, busy 20, acw 5, not ready 15 min; logged in 70 */
  C(at, AT(id.ann, id.red), "logged_in_time", 70 * MIN);
  C(at, AT(id.ann, id.red), "not_ready_time", 15 * MIN);
  M(at, AT(id.ann, id.red), "logged_in_time", 70 * MIN);
  M(at, AT(id.ann, id.red), "available_time", 30 * MIN);
  M(at, AT(id.ann, id.red), "busy_time", 20 * MIN);
  M(at, AT(id.ann, id.red), "not_ready_time", 15 * MIN);
  M(at, AT(id.ann, id.red), "acw_state_time", 5 * MIN);
  M(at, AT(id.ann, id.red), "occupancy", 100.0 * 25 / 55);    /* (20 + 5) / (20 + 5 + 30) */
  M(at, AT(id.ann, id.red), "utilization", 100.0 * 25 / 70);  /* (20 + 5) / 70 */
  /* hours of day: 10:50-11:00 and 11:00-12:00 */
  CB(ah, AGENT(id.ann), 10, "logged_in_time", 10 * MIN);
  CB(ah, AGENT(id.ann), 11, "logged_in_time", 60 * MIN);
  /* bob over midnight: 10 min the 14th, 20 min the 15th; nothing after logging out */
  CB(ad, AGENT(id.bob), MID - DAY, "available_time", 10 * MIN);
  CB(ad, AGENT(id.bob), MID, "available_time", 20 * MIN);
  CB(ad, AGENT(id.bob), MID, "logged_in_time", 20 * MIN);
  CB(ai, AGENT(id.bob), MID - 15 * MIN, "available_time", 10 * MIN);
  CB(ai, AGENT(id.bob), MID, "available_time", 15 * MIN);
  CB(ai, AGENT(id.bob), MID + 15 * MIN, "available_time", 5 * MIN);
  CB(ah, AGENT(id.bob), 23, "available_time", 10 * MIN);
  CB(ah, AGENT(id.bob), 0, "available_time", 20 * MIN);
  C(at, AT(id.bob, id.blue), "logged_in_time", 30 * MIN);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_AGENTS), 2);

  /* advancing again adds only the new time, in its own interval */
  ck_assert_int_eq(ccm_engine_advance(e, MID + 12 * HOUR + 10 * MIN), CCM_OK);
  CB(ai, AGENT(id.ann), MID + 11 * HOUR + 45 * MIN, "not_ready_time", 15 * MIN);
  CB(ai, AGENT(id.ann), MID + 12 * HOUR, "not_ready_time", 10 * MIN);
  /* an advance into the past changes nothing */
  ck_assert_int_eq(ccm_engine_advance(e, MID), CCM_OK);
  C(at, AT(id.ann, id.red), "logged_in_time", 80 * MIN);
  /* the agent's state time was credited up to 12:10: earlier is backwards */
  TU_REJECT(e, CCM_E_TIME_BACKWARDS, CCM_EV_AGENT_STATE, MID + 12 * HOUR + 5 * MIN, 0, .agent = id.ann,
            .label = CCM_STATE_BUSY);
  TU_OK(e, CCM_EV_AGENT_STATE, MID + 12 * HOUR + 10 * MIN, 0, .agent = id.ann, .label = CCM_STATE_BUSY);
  C(at, AT(id.ann, id.red), "logged_in_time", 80 * MIN);
  C(at, AT(id.ann, id.red), "busy_time", 20 * MIN);
  ck_assert_int_eq(tu_rejected(e, CCM_E_TIME_BACKWARDS), 1);
  ccm_engine_free(e);
}
END_TEST

/* A new team on a state event applies from that span on. */
/* An agent silent for longer than the idle timeout gets state time only up
 * to then (default 1 day), by a later state event or an advance, however far
 * either is; the next span starts normally. */
START_TEST(test_agent_silence_limit) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *total, *by_interval;
  tu_intern_ids(e, &id);
  total = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  by_interval = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL);
  TU_OK(e, CCM_EV_AGENT_STATE, MID, 0, .agent = id.ann, .team = id.red, .label = CCM_STATE_AVAILABLE);
  /* an advance 5000 years on: one day credited, 96 intervals, not 175 million */
  ck_assert_int_eq(ccm_engine_advance(e, MID + 5000 * 365 * 24 * HOUR), CCM_OK);
  C(total, TU_KEY(id.ann), "available_time", 24 * HOUR);
  ck_assert_int_eq(ccm_view_cells(by_interval), 96);
  /* a state event far later: nothing more for the silent span; the new one runs */
  TU_OK(e, CCM_EV_AGENT_STATE, MID + 5000 * 365 * 24 * HOUR, 0, .agent = id.ann, .label = CCM_STATE_BUSY);
  ck_assert_int_eq(ccm_engine_advance(e, MID + 5000 * 365 * 24 * HOUR + 2 * HOUR), CCM_OK);
  C(total, TU_KEY(id.ann), "available_time", 24 * HOUR);
  C(total, TU_KEY(id.ann), "busy_time", 2 * HOUR);
  C(total, TU_KEY(id.ann), "logged_in_time", 26 * HOUR);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_agent_state_team) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *at;
  tu_intern_ids(e, &id);
  at = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_TEAM), CCM_GRAIN_NONE);
  TU_OK(e, CCM_EV_AGENT_STATE, T, 0, .agent = id.ann, .team = id.red, .label = CCM_STATE_AVAILABLE);
  TU_OK(e, CCM_EV_AGENT_STATE, T + MIN, 0, .agent = id.ann, .label = CCM_STATE_BUSY);
  TU_OK(e, CCM_EV_AGENT_STATE, T + 3 * MIN, 0, .agent = id.ann, .team = id.blue, .label = CCM_STATE_BUSY);
  TU_OK(e, CCM_EV_AGENT_STATE, T + 6 * MIN, 0, .agent = id.ann, .label = CCM_STATE_LOGGED_OUT);
  C(at, AT(id.ann, id.red), "available_time", MIN);
  C(at, AT(id.ann, id.red), "busy_time", 2 * MIN);
  C(at, AT(id.ann, id.blue), "busy_time", 3 * MIN);
  C(at, AT(id.ann, id.blue), "logged_in_time", 3 * MIN);
  ccm_engine_free(e);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Business ledger */

START_TEST(test_ledger) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *company, *skill, *camp;
  tu_intern_ids(e, &id);
  company = tu_view(e, 0, CCM_GRAIN_NONE);
  skill = tu_view(e, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_NONE);
  camp = tu_view(e, CCM_DIM_BIT(CCM_DIM_CAMPAIGN), CCM_GRAIN_NONE);
  TU_OK(e, CCM_EV_COST, T, 0, .skill = id.billing, .channel = CCM_CHANNEL_VOICE, VAL(1000));
  TU_OK(e, CCM_EV_COST, T, 0, .skill = id.billing, VAL(-200)); /* a refund */
  TU_OK(e, CCM_EV_COST, T, 0, .skill = id.support, VAL(500));
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, VOICE_IN, .skill = id.billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + SEC, 1, .agent = id.ann);
  TU_OK(e, CCM_EV_AGENT_END, T + MIN, 1);
  TU_OK(e, CCM_EV_CONTACT_START, T, 2, VOICE_IN, .skill = id.billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 2, .skill = id.billing);
  TU_OK(e, CCM_EV_ANSWER, T + SEC, 2, .agent = id.bob);
  TU_OK(e, CCM_EV_AGENT_END, T + MIN, 2);
  TU_OK(e, CCM_EV_CUSTOMER_ACQUIRE, T, 0, .customer = 1001, .campaign = id.camp1, VAL(1));
  TU_OK(e, CCM_EV_CUSTOMER_ACQUIRE, T, 0, .customer = 1002, .campaign = id.camp1);
  TU_OK(e, CCM_EV_CUSTOMER_ACQUIRE, T, 0, .customer = 1003, VAL(0));
  TU_OK(e, CCM_EV_CUSTOMER_CHURN, T, 0, .customer = 1004);
  TU_OK(e, CCM_EV_CUSTOMER_REVENUE, T, 0, .customer = 1001, VAL(500));
  TU_OK(e, CCM_EV_CUSTOMER_REVENUE, T, 0, .customer = 1002, .campaign = id.camp2, VAL(250));

  C(skill, SKILL(id.billing), "cost", 800);
  M(skill, SKILL(id.billing), "cost_per_contact", 400); /* 800 / 2 handled */
  U(skill, SKILL(id.support), "cost_per_contact");      /* 500 / 0 */
  M(company, TU_KEY0, "cost_per_contact", 650);         /* 1300 / 2 */
  M(company, TU_KEY0, "customers_new", 3);
  C(company, TU_KEY0, "customers_referred", 1);
  M(company, TU_KEY0, "referral_rate", 100.0 / 3.0);
  M(company, TU_KEY0, "customers_churned", 1);
  M(company, TU_KEY0, "revenue", 750);
  M(camp, CAMP(id.camp1), "customers_new", 2);
  M(camp, CAMP(id.camp1), "referral_rate", 50);
  M(camp, CAMP(id.camp2), "revenue", 250);
  M(camp, CAMP(0), "revenue", 500);
  M(camp, CAMP(0), "customers_new", 1);
  M(camp, CAMP(0), "customers_churned", 1);
  M(camp, CAMP(0), "referral_rate", 0);
  ccm_engine_free(e);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Levels: gauges and the customer stock */

#define CHANGE(v_, key_, b_, measure_, val_) TU_FIELD(v_, key_, b_, measure_, CCM_FIELD_COUNT, val_)
#define START(v_, key_, b_, measure_, val_) TU_FIELD(v_, key_, b_, measure_, CCM_FIELD_START, val_)
#define END(v_, key_, b_, measure_, val_) TU_FIELD(v_, key_, b_, measure_, CCM_FIELD_END, val_)

START_TEST(test_contact_gauges) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *si, *company, *agent, *tag, *sh, *disp, *late = NULL;
  ccm_measures *m = NULL;
  uint32_t f[CCM_VIEW_DIMS];
  int i;
  tu_intern_ids(e, &id);
  si = tu_view(e, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_INTERVAL);
  company = tu_view(e, 0, CCM_GRAIN_NONE);
  agent = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_NONE);
  tag = tu_view(e, CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_NONE);
  sh = tu_view(e, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_HOUR);
  disp = tu_view(e, CCM_DIM_BIT(CCM_DIM_DISPOSITION), CCM_GRAIN_NONE);

  /* 22:13:20 c1, a chat in billing: open, awaiting the agent, in queue */
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, CHAT_IN, .skill = id.billing);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, T, 1);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = id.billing);
  /* a view registered now sees only contacts that start later */
  late = tu_view(e, 0, CCM_GRAIN_NONE);
  /* 22:14:20 c2, a call in support */
  TU_OK(e, CCM_EV_CONTACT_START, T + MIN, 2, VOICE_IN, .skill = id.support);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T + MIN, 2, .skill = id.support);
  M(company, TU_KEY0, "backlog", 2);
  M(company, TU_KEY0, "open_requests", 1);
  M(company, TU_KEY0, "in_queue", 2);
  M(late, TU_KEY0, "backlog", 1);
  M(late, TU_KEY0, "in_queue", 1);
  /* 22:15:20: the host's time; c1 waits 2 min, c2 1 min */
  TU_OK(e, CCM_EV_TAG, T + 2 * MIN, 1, .label = id.refund);
  U(company, TU_KEY0, "longest_wait"); /* no time given yet */
  ck_assert_int_eq(ccm_engine_advance(e, T + 2 * MIN), CCM_OK);
  M(company, TU_KEY0, "longest_wait", 2 * MIN);
  MB(si, SKILL(id.billing), I2215, "longest_wait", 2 * MIN);
  MB(si, SKILL(id.support), I2215, "longest_wait", MIN);
  UB(si, SKILL(id.billing), I2200, "longest_wait"); /* not now's interval */
  UB(si, SKILL(id.sales), I2215, "longest_wait");   /* nobody waits there */
  UB(sh, SKILL(id.billing), 22, "longest_wait");    /* hour of day: no levels */
  M(tag, TAG(id.refund), "longest_wait", 2 * MIN);  /* c1, tagged */
  M(tag, TAG(0), "longest_wait", MIN);              /* c2, untagged */
  M(tag, TAG(0), "in_queue", 1);
  M(tag, TAG(id.refund), "in_queue", 1);
  /* 22:16:20 ann answers c1: out of the queue, the backlog and the awaited
   * reply move from the queue to ann */
  TU_OK(e, CCM_EV_ANSWER, T + 3 * MIN, 1, .agent = id.ann, .team = id.red);
  TU_OK(e, CCM_EV_AGENT_MESSAGE, T + 4 * MIN, 1);  /* replied */
  TU_OK(e, CCM_EV_QUEUE_ABANDON, T + 5 * MIN, 2);  /* c2 leaves the queue, still open */
  TU_OK(e, CCM_EV_CONTACT_END, T + 6 * MIN, 2);    /* and ends */
  TU_OK(e, CCM_EV_RESOLVE, T + 7 * MIN, 1);
  TU_OK(e, CCM_EV_REOPEN, T + 8 * MIN, 1);         /* open again, with ann */
  TU_OK(e, CCM_EV_DISPOSITION, T + 8 * MIN, 1, .label = id.sale); /* the backlog moves with it */
  ck_assert_int_eq(ccm_engine_advance(e, T + 9 * MIN), CCM_OK);

  /* interval 22:00: billing +1 open, +1 awaiting, +1 queued; support +1, +1 */
  END(si, SKILL(id.billing), I2200, "open_contacts", 1);
  END(si, SKILL(id.billing), I2200, "awaiting_reply", 1);
  END(si, SKILL(id.billing), I2200, "in_queue", 1);
  MB(si, SKILL(id.billing), I2200, "backlog", 1);
  MB(si, SKILL(id.billing), I2200, "open_requests", 1);
  MB(si, SKILL(id.billing), I2200, "in_queue", 1);
  MB(si, SKILL(id.support), I2200, "backlog", 1);
  MB(si, SKILL(id.support), I2200, "open_requests", 0);
  /* interval 22:15: billing in_queue -1, open -1 +1 (moved to ann) -1 +1
   * (resolved, reopened), awaiting -1 +1 (moved) -1 (replied) */
  CHANGE(si, SKILL(id.billing), I2215, "in_queue", -1);
  START(si, SKILL(id.billing), I2215, "in_queue", 1);
  END(si, SKILL(id.billing), I2215, "in_queue", 0);
  CHANGE(si, SKILL(id.billing), I2215, "open_contacts", 0);
  MB(si, SKILL(id.billing), I2215, "backlog", 1);
  CHANGE(si, SKILL(id.billing), I2215, "awaiting_reply", -1);
  MB(si, SKILL(id.billing), I2215, "open_requests", 0);
  MB(si, SKILL(id.support), I2215, "backlog", 0);
  MB(si, SKILL(id.support), I2215, "in_queue", 0);
  UB(sh, SKILL(id.billing), 22, "backlog");
  /* now */
  M(company, TU_KEY0, "backlog", 1);
  M(company, TU_KEY0, "open_requests", 0);
  M(company, TU_KEY0, "in_queue", 0);
  U(company, TU_KEY0, "longest_wait"); /* nobody waits at 22:22:20 */
  M(late, TU_KEY0, "backlog", 0);
  M(late, TU_KEY0, "in_queue", 0);
  M(agent, AGENT(id.ann), "backlog", 1);
  M(agent, AGENT(0), "backlog", 0); /* +1 c1 +1 c2, -1 c1 (to ann), -1 c2 (ended) */
  C(agent, AGENT(0), "open_contacts", 0);
  M(agent, AGENT(id.ann), "open_requests", 0);
  M(disp, TU_KEY([CCM_DIM_DISPOSITION] = id.sale), "backlog", 1);
  M(disp, TU_KEY([CCM_DIM_DISPOSITION] = 0), "backlog", 0);
  M(tag, TAG(0), "backlog", 0);      /* c1 moved to its tag at the tag event */
  M(tag, TAG(id.refund), "backlog", 1);
  C(tag, TAG(0), "open_contacts", 0); /* +1 c1, +1 c2, -1 c1 (tagged), -1 c2 (ended) */
  /* rollups: a range's start is every earlier change, its end adds the range's */
  ck_assert_int_eq(ccm_measures_new(e, &m), CCM_OK);
  for (i = 0; i < CCM_VIEW_DIMS; ++i) f[i] = CCM_ANY;
  f[CCM_DIM_SKILL] = id.billing;
  ck_assert_int_eq(ccm_rollup(si, f, CCM_VIEW_DIMS, I2215, I2215 + 15 * MIN, m), CCM_OK);
  {
    int64_t v = -1;
    double d = -1;
    ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("in_queue"), CCM_FIELD_START, &v), CCM_OK);
    ck_assert_int_eq(v, 1);
    ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("in_queue"), CCM_FIELD_END, &v), CCM_OK);
    ck_assert_int_eq(v, 0);
    ck_assert_int_eq(ccm_measures_metric(m, tu_metric_id("backlog"), &d), CCM_OK);
    ck_assert(d == 1);
    /* a range starting inside a bucket starts after it: same as the next bucket */
    ccm_measures_clear(m);
    ck_assert_int_eq(ccm_rollup(si, f, CCM_VIEW_DIMS, I2215 - 7 * MIN, I2215 + 15 * MIN, m), CCM_OK);
    ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("in_queue"), CCM_FIELD_START, &v), CCM_OK);
    ck_assert_int_eq(v, 1);
    ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("in_queue"), CCM_FIELD_END, &v), CCM_OK);
    ck_assert_int_eq(v, 0);
    /* every skill over both intervals = the company now */
    ccm_measures_clear(m);
    ck_assert_int_eq(ccm_rollup(si, NULL, 0, INT64_MIN, INT64_MAX, m), CCM_OK);
    ck_assert_int_eq(ccm_measures_metric(m, tu_metric_id("backlog"), &d), CCM_OK);
    ck_assert(d == 1);
    ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("open_contacts"), CCM_FIELD_START, &v), CCM_OK);
    ck_assert_int_eq(v, 0);
    /* a second rollup over another range: levels of mixed spans are undefined */
    ck_assert_int_eq(ccm_rollup(si, NULL, 0, I2200, I2215, m), CCM_OK);
    ck_assert_int_eq(ccm_measures_metric(m, tu_metric_id("backlog"), &d), CCM_UNDEFINED);
    ck_assert_int_eq(ccm_measures_get(m, tu_measure_id("open_contacts"), CCM_FIELD_END, &v), CCM_UNDEFINED);
    /* by hour of day: undefined */
    ccm_measures_clear(m);
    ck_assert_int_eq(ccm_rollup(sh, NULL, 0, INT64_MIN, INT64_MAX, m), CCM_OK);
    ck_assert_int_eq(ccm_measures_metric(m, tu_metric_id("in_queue"), &d), CCM_UNDEFINED);
  }
  ccm_measures_free(m);
  ccm_engine_free(e);
}
END_TEST

/* Idle expiry and release take contacts out of the gauges at now's bucket. */
START_TEST(test_gauges_at_expiry) {
  ccm_engine *e = engine_cfg(CCM_CFG_IDLE_TIMEOUT_MS, HOUR, CCM_CFG_GRACE_MS, MIN);
  tu_ids id;
  ccm_view *si, *company;
  tu_intern_ids(e, &id);
  si = tu_view(e, CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_INTERVAL);
  company = tu_view(e, 0, CCM_GRAIN_NONE);
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, CHAT_IN, .skill = id.billing);
  TU_OK(e, CCM_EV_CUSTOMER_MESSAGE, T, 1);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 1, .skill = id.billing); /* then nothing: lost */
  TU_OK(e, CCM_EV_CONTACT_START, T, 2, VOICE_IN, .skill = id.support);
  TU_OK(e, CCM_EV_QUEUE_ENTER, T, 2, .skill = id.support);
  TU_OK(e, CCM_EV_ANSWER, T + MIN, 2, .agent = id.ann);
  TU_OK(e, CCM_EV_AGENT_END, T + 2 * MIN, 2); /* over (a served call), not resolved */
  TU_OK(e, CCM_EV_ACW_END, T + 2 * MIN, 2);
  M(company, TU_KEY0, "backlog", 2);
  M(company, TU_KEY0, "in_queue", 1);
  M(company, TU_KEY0, "open_requests", 1);
  /* 22:25:20: c2 is released (grace 1 min) */
  ck_assert_int_eq(ccm_engine_expire(e, T + 12 * MIN), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_RELEASED), 1);
  M(company, TU_KEY0, "backlog", 1);
  M(company, TU_KEY0, "longest_wait", 12 * MIN);
  CHANGE(si, SKILL(id.support), I2215, "open_contacts", -1);
  /* 23:13:21: c1 idle for more than an hour: expired */
  ck_assert_int_eq(ccm_engine_expire(e, T + HOUR + SEC), CCM_OK);
  ck_assert_int_eq(tu_stat(e, CCM_STAT_EXPIRED), 1);
  M(company, TU_KEY0, "backlog", 0);
  M(company, TU_KEY0, "in_queue", 0);
  M(company, TU_KEY0, "open_requests", 0);
  U(company, TU_KEY0, "longest_wait");
  CHANGE(si, SKILL(id.billing), I2300, "in_queue", -1);
  CHANGE(si, SKILL(id.billing), I2300, "open_contacts", -1);
  CHANGE(si, SKILL(id.billing), I2300, "awaiting_reply", -1);
  END(si, SKILL(id.billing), I2300, "in_queue", 0);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_agent_gauges) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *ti, *team;
  int64_t i1000 = MID + 10 * HOUR;
  tu_intern_ids(e, &id);
  ti = tu_view(e, CCM_DIM_BIT(CCM_DIM_TEAM), CCM_GRAIN_INTERVAL);
  team = tu_view(e, CCM_DIM_BIT(CCM_DIM_TEAM), CCM_GRAIN_NONE);
#define TEAM(t_) TU_KEY([CCM_DIM_TEAM] = (t_))
  TU_OK(e, CCM_EV_AGENT_STATE, i1000, 0, .agent = id.ann, .team = id.red, .label = CCM_STATE_AVAILABLE);
  TU_OK(e, CCM_EV_AGENT_STATE, i1000 + 5 * MIN, 0, .agent = id.bob, .team = id.blue, .label = CCM_STATE_AVAILABLE);
  TU_OK(e, CCM_EV_AGENT_STATE, i1000 + 20 * MIN, 0, .agent = id.ann, .label = CCM_STATE_BUSY);
  /* ann moves to team blue, still busy */
  TU_OK(e, CCM_EV_AGENT_STATE, i1000 + 40 * MIN, 0, .agent = id.ann, .team = id.blue, .label = CCM_STATE_BUSY);
  TU_OK(e, CCM_EV_AGENT_STATE, i1000 + 50 * MIN, 0, .agent = id.ann, .label = CCM_STATE_LOGGED_OUT);
  /* 10:00 red: ann logged in, available */
  END(ti, TEAM(id.red), i1000, "agents_logged_in", 1);
  END(ti, TEAM(id.red), i1000, "agents_available", 1);
  END(ti, TEAM(id.blue), i1000, "agents_available", 1); /* bob */
  /* 10:15 red: available -> busy */
  END(ti, TEAM(id.red), i1000 + 15 * MIN, "agents_available", 0);
  END(ti, TEAM(id.red), i1000 + 15 * MIN, "agents_busy", 1);
  END(ti, TEAM(id.red), i1000 + 15 * MIN, "agents_logged_in", 1);
  /* 10:30: ann leaves red for blue */
  END(ti, TEAM(id.red), i1000 + 30 * MIN, "agents_busy", 0);
  END(ti, TEAM(id.red), i1000 + 30 * MIN, "agents_logged_in", 0);
  END(ti, TEAM(id.blue), i1000 + 30 * MIN, "agents_logged_in", 2);
  END(ti, TEAM(id.blue), i1000 + 30 * MIN, "agents_busy", 1);
  START(ti, TEAM(id.blue), i1000 + 30 * MIN, "agents_logged_in", 1);
  /* 10:45: ann logs out */
  END(ti, TEAM(id.blue), i1000 + 45 * MIN, "agents_logged_in", 1);
  END(ti, TEAM(id.blue), i1000 + 45 * MIN, "agents_busy", 0);
  /* now */
  C(team, TEAM(id.red), "agents_logged_in", 0);
  C(team, TEAM(id.blue), "agents_logged_in", 1);
  C(team, TEAM(id.blue), "agents_available", 1);
  C(team, TEAM(id.blue), "agents_busy", 0);
  C(team, TEAM(id.blue), "agents_not_ready", 0);
  C(team, TEAM(id.blue), "agents_acw", 0);
#undef TEAM
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_customer_stock) {
  ccm_engine *e = engine_cfg(CCM_CFG_CUSTOMERS_BASE, 100, 0, 0);
  tu_ids id;
  ccm_view *cd, *company, *camp, *hour;
  ccm_measures *m = NULL;
  double d = -1;
  tu_intern_ids(e, &id);
  cd = tu_view(e, 0, CCM_GRAIN_DATE);
  company = tu_view(e, 0, CCM_GRAIN_NONE);
  camp = tu_view(e, CCM_DIM_BIT(CCM_DIM_CAMPAIGN), CCM_GRAIN_NONE);
  hour = tu_view(e, 0, CCM_GRAIN_HOUR);
  /* day 1: +2 (spring), -1; revenue 1000; one contact with a customer */
  TU_OK(e, CCM_EV_CUSTOMER_ACQUIRE, MID + HOUR, 0, .customer = 1, .campaign = id.camp1);
  TU_OK(e, CCM_EV_CUSTOMER_ACQUIRE, MID + HOUR, 0, .customer = 2, .campaign = id.camp1, VAL(1));
  TU_OK(e, CCM_EV_CUSTOMER_CHURN, MID + 2 * HOUR, 0, .customer = 3);
  TU_OK(e, CCM_EV_CUSTOMER_REVENUE, MID + 3 * HOUR, 0, .customer = 1, VAL(1000));
  TU_OK(e, CCM_EV_CONTACT_START, MID + 4 * HOUR, 1, CHAT_IN, .customer = 1);
  /* day 2: -2, +1; revenue 300 */
  TU_OK(e, CCM_EV_CUSTOMER_CHURN, MID + DAY + HOUR, 0, .customer = 4);
  TU_OK(e, CCM_EV_CUSTOMER_CHURN, MID + DAY + HOUR, 0, .customer = 5);
  TU_OK(e, CCM_EV_CUSTOMER_REVENUE, MID + DAY + 2 * HOUR, 0, .customer = 1, VAL(300));
  TU_OK(e, CCM_EV_CUSTOMER_ACQUIRE, MID + DAY + 3 * HOUR, 0, .customer = 6);
  /* day 3: revenue only */
  TU_OK(e, CCM_EV_CUSTOMER_REVENUE, MID + 2 * DAY, 0, .customer = 6, VAL(50));

  /* day 1: start 100 (the base), end 101 */
  START(cd, TU_KEY0, MID, "customers_active", 100);
  END(cd, TU_KEY0, MID, "customers_active", 101);
  MB(cd, TU_KEY0, MID, "churn_rate", 1);                        /* 1 / 100 */
  MB(cd, TU_KEY0, MID, "retention_rate", 99);                   /* (101 - 2) / 100 */
  MB(cd, TU_KEY0, MID, "arpu", 1000.0 / 101);
  MB(cd, TU_KEY0, MID, "clv", 1000.0 * 100 / (101 * 1));        /* arpu / (churn_rate / 100) */
  MB(cd, TU_KEY0, MID, "engagement", 1.0 / 101);
  /* day 2: start 101, end 100 */
  MB(cd, TU_KEY0, MID + DAY, "churn_rate", 200.0 / 101);        /* 2 / 101 */
  MB(cd, TU_KEY0, MID + DAY, "retention_rate", 9900.0 / 101);   /* (100 - 1) / 101 */
  MB(cd, TU_KEY0, MID + DAY, "arpu", 3);                        /* 300 / 100 */
  MB(cd, TU_KEY0, MID + DAY, "clv", 300.0 * 101 / (100 * 2));   /* 151.5 */
  MB(cd, TU_KEY0, MID + DAY, "engagement", 0);
  /* day 3: no churn: clv undefined */
  MB(cd, TU_KEY0, MID + 2 * DAY, "churn_rate", 0);
  MB(cd, TU_KEY0, MID + 2 * DAY, "retention_rate", 100);
  MB(cd, TU_KEY0, MID + 2 * DAY, "arpu", 0.5);
  UB(cd, TU_KEY0, MID + 2 * DAY, "clv");
  /* all time: start 100, end 100, churned 3, new 3, revenue 1350 */
  M(company, TU_KEY0, "churn_rate", 3);
  M(company, TU_KEY0, "retention_rate", 97);
  M(company, TU_KEY0, "arpu", 13.5);
  M(company, TU_KEY0, "clv", 1350.0 * 100 / (100 * 3));
  M(company, TU_KEY0, "engagement", 0.01);
  /* by campaign: spring has no base; the "none" row has it */
  END(camp, CAMP(id.camp1), 0, "customers_active", 2);
  START(camp, CAMP(id.camp1), 0, "customers_active", 0);
  U(camp, CAMP(id.camp1), "churn_rate");
  U(camp, CAMP(id.camp1), "clv");
  M(camp, CAMP(id.camp1), "arpu", 0);
  END(camp, CAMP(0), 0, "customers_active", 98); /* 100 - 3 + 1 */
  M(camp, CAMP(0), "churn_rate", 3);
  /* a rollup over days 2 and 3 starts where day 1 ended */
  ck_assert_int_eq(ccm_measures_new(e, &m), CCM_OK);
  ck_assert_int_eq(ccm_rollup(cd, NULL, 0, MID + DAY, MID + 3 * DAY, m), CCM_OK);
  ck_assert_int_eq(ccm_measures_metric(m, tu_metric_id("churn_rate"), &d), CCM_OK);
  ck_assert_double_eq_tol(d, 200.0 / 101, 1e-9);
  ck_assert_int_eq(ccm_measures_metric(m, tu_metric_id("arpu"), &d), CCM_OK);
  ck_assert_double_eq_tol(d, 3.5, 1e-9); /* 350 / 100 */
  ccm_measures_free(m);
  /* by hour of day: no stock */
  UB(hour, TU_KEY0, 1, "churn_rate");
  UB(hour, TU_KEY0, 1, "arpu");
  ccm_engine_free(e);
}
END_TEST

/* The reason dimension: flow-outs by queue_exit reason, agent state time and
 * agent gauges by reason code (interned as its decimal text). */
START_TEST(test_reason_dimension) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids id;
  ccm_view *reason, *ar;
  uint32_t r2 = 0, r3 = 0, key[CCM_KEY_DIMS] = {0};
  double val = -1;
  int32_t nr = tu_metric_id("not_ready_time");
  tu_intern_ids(e, &id);
  reason = tu_view(e, CCM_DIM_BIT(CCM_DIM_REASON), CCM_GRAIN_NONE);
  ar = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_REASON), CCM_GRAIN_NONE);
  /* ann: available 0-10 min, not ready (2) 10-15, not ready (3) 15-20, available */
  TU_OK(e, CCM_EV_AGENT_STATE, MID, 0, .agent = id.ann, .team = id.red, .label = CCM_STATE_AVAILABLE);
  TU_OK(e, CCM_EV_AGENT_STATE, MID + 10 * MIN, 0, .agent = id.ann, .label = CCM_STATE_NOT_READY, VAL(2));
  TU_OK(e, CCM_EV_AGENT_STATE, MID + 15 * MIN, 0, .agent = id.ann, .label = CCM_STATE_NOT_READY, VAL(3));
  TU_OK(e, CCM_EV_AGENT_STATE, MID + 20 * MIN, 0, .agent = id.ann, .label = CCM_STATE_AVAILABLE);
  /* bob: not ready (2) from 5 min, still */
  TU_OK(e, CCM_EV_AGENT_STATE, MID + 5 * MIN, 0, .agent = id.bob, .team = id.blue, .label = CCM_STATE_NOT_READY,
        VAL(2));
  /* one call flows out on a timeout */
  TU_OK(e, CCM_EV_CONTACT_START, MID, 1, VOICE_IN, .skill = id.billing);
  TU_OK(e, CCM_EV_QUEUE_ENTER, MID, 1, .skill = id.billing);
  TU_OK(e, CCM_EV_QUEUE_EXIT, MID + 30 * SEC, 1, .label = id.timeout);
  ck_assert_int_eq(ccm_engine_advance(e, MID + 30 * MIN), CCM_OK);
  ck_assert_int_eq(ccm_lookup(e, CCM_DIM_REASON, "2", 1, &r2), CCM_OK);
  ck_assert_int_eq(ccm_lookup(e, CCM_DIM_REASON, "3", 1, &r3), CCM_OK);
  /* reason 2: ann 5 min + bob 25 min; reason 3: ann 5 min */
  key[CCM_DIM_REASON] = r2;
  ck_assert_int_eq(ccm_query(reason, key, CCM_KEY_DIMS, 0, nr, &val), CCM_OK);
  ck_assert(val == 30 * MIN);
  key[CCM_DIM_REASON] = r3;
  ck_assert_int_eq(ccm_query(reason, key, CCM_KEY_DIMS, 0, nr, &val), CCM_OK);
  ck_assert(val == 5 * MIN);
  key[CCM_DIM_REASON] = id.timeout;
  ck_assert_int_eq(ccm_query(reason, key, CCM_KEY_DIMS, 0, tu_metric_id("flow_out"), &val), CCM_OK);
  ck_assert(val == 1);
  /* no reason: ann's available 10 + 10 min; the call's other measures */
  key[CCM_DIM_REASON] = 0;
  ck_assert_int_eq(ccm_query(reason, key, CCM_KEY_DIMS, 0, tu_metric_id("available_time"), &val), CCM_OK);
  ck_assert(val == 20 * MIN);
  ck_assert_int_eq(ccm_query(reason, key, CCM_KEY_DIMS, 0, tu_metric_id("offered"), &val), CCM_OK);
  ck_assert(val == 1);
  /* agents not ready now, by reason: bob (2); ann left reason 3 */
  key[CCM_DIM_AGENT] = id.bob;
  key[CCM_DIM_REASON] = r2;
  ck_assert_int_eq(ccm_query(ar, key, CCM_KEY_DIMS, 0, tu_metric_id("not_ready_time"), &val), CCM_OK);
  ck_assert(val == 25 * MIN);
  {
    ccm_cursor *c = NULL;
    int64_t nready2 = 0, nready3 = 0, v;
    uint32_t k[CCM_KEY_DIMS];
    int32_t ms = tu_measure_id("agents_not_ready");
    ck_assert_int_eq(ccm_cursor_new(ar, &c), CCM_OK);
    while (ccm_cursor_next(c) == CCM_OK) {
      ck_assert_int_eq(ccm_cursor_key(c, k, CCM_KEY_DIMS, NULL), CCM_OK);
      ck_assert_int_eq(ccm_cursor_measure(c, ms, CCM_FIELD_END, &v), CCM_OK);
      if (k[CCM_DIM_REASON] == r2) nready2 += v;
      if (k[CCM_DIM_REASON] == r3) nready3 += v;
    }
    ccm_cursor_free(c);
    ck_assert_int_eq(nready2, 1);
    ck_assert_int_eq(nready3, 0);
  }
  /* a key array of 0.1's size cannot address the reason */
  ck_assert_int_eq(ccm_query(reason, key, CCM_VIEW_DIMS, 0, nr, &val), CCM_E_INVALID_ARG);
  ccm_engine_free(e);
}
END_TEST

/* A contact keeps at most 1024 distinct tags: the next new one is refused,
 * the engine unchanged. */
START_TEST(test_tag_limit) {
  ccm_engine *e = tu_engine(NULL);
  ccm_view *tag = tu_view(e, CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_NONE);
  int64_t cells;
  uint32_t i, id = 0;
  char name[16];
  TU_OK(e, CCM_EV_CONTACT_START, T, 1, CHAT_IN);
  for (i = 0; i <= 1024u; ++i) {
    int len = snprintf(name, sizeof name, "t%u", (unsigned)i);
    ck_assert_int_eq(ccm_intern(e, CCM_DIM_TAG, name, (size_t)len, &id), CCM_OK);
    if (i < 1024u) TU_OK(e, CCM_EV_TAG, T, 1, .label = id);
  }
  cells = ccm_view_cells(tag);
  TU_REJECT(e, CCM_E_LIMIT, CCM_EV_TAG, T, 1, .label = id);
  ck_assert_int_eq(ccm_view_cells(tag), cells);
  ck_assert_int_eq(tu_rejected(e, CCM_E_LIMIT), 1);
  TU_OK(e, CCM_EV_TAG, T, 1, .label = 1); /* a tag it has: nothing to add */
  ccm_engine_free(e);
}
END_TEST

/* Names of agent states, and the new stats. */
START_TEST(test_agent_state_names) {
  int32_t s = 0;
  ck_assert_str_eq(ccm_agent_state_name(CCM_STATE_LOGGED_OUT), "logged_out");
  ck_assert_str_eq(ccm_agent_state_name(CCM_STATE_AVAILABLE), "available");
  ck_assert_str_eq(ccm_agent_state_name(CCM_STATE_BUSY), "busy");
  ck_assert_str_eq(ccm_agent_state_name(CCM_STATE_NOT_READY), "not_ready");
  ck_assert_str_eq(ccm_agent_state_name(CCM_STATE_ACW), "acw");
  ck_assert_ptr_null(ccm_agent_state_name(0));
  ck_assert_ptr_null(ccm_agent_state_name(6));
  ck_assert_int_eq(ccm_agent_state_id("not_ready", &s), CCM_OK);
  ck_assert_int_eq(s, CCM_STATE_NOT_READY);
  ck_assert_int_eq(ccm_agent_state_id("napping", &s), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_agent_state_id(NULL, &s), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_agent_state_id("busy", NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_engine_advance(NULL, 0), CCM_E_INVALID_ARG);
  ck_assert_str_eq(ccm_error_name(CCM_E_OUT_OF_SCALE), "CCM_E_OUT_OF_SCALE");
}
END_TEST

static Suite *families_suite(void) {
  Suite *s = suite_create("families");
  TCase *tc = tcase_create("families");
  tcase_add_test(tc, test_surveys);
  tcase_add_test(tc, test_survey_thresholds);
  tcase_add_test(tc, test_survey_for_released_contact);
  tcase_add_test(tc, test_fcr_taken_back_across_intervals);
  tcase_add_test(tc, test_fcr_final_after_window);
  tcase_add_test(tc, test_fcr_not_credited_and_taken_back);
  tcase_add_test(tc, test_agent_state_spans);
  tcase_add_test(tc, test_agent_state_team);
  tcase_add_test(tc, test_agent_silence_limit);
  tcase_add_test(tc, test_ledger);
  tcase_add_test(tc, test_contact_gauges);
  tcase_add_test(tc, test_gauges_at_expiry);
  tcase_add_test(tc, test_agent_gauges);
  tcase_add_test(tc, test_customer_stock);
  tcase_add_test(tc, test_reason_dimension);
  tcase_add_test(tc, test_tag_limit);
  tcase_add_test(tc, test_agent_state_names);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return tu_run(families_suite()); }
