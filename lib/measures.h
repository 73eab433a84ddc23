/*
 * measures.h - the one list of primitive measures a cell holds.
 *
 * X-macro: CCM_MEASURE(ID, name, kind, family).  The order is the public
 * measure id (ccm_measure_name()), so entries are only ever appended.
 * kind: COUNT (one int64 slot: a count, or a plain sum such as ms of agent
 * state time or money), TIMER (count, sum, min, max: four slots) or LEVEL
 * (three slots: the change within the cell, stored; the level at the start
 * and at the end of the bucket, filled in by the query code).
 * family: the measure family of METRICS.md, used by the catalog to say which
 * metrics this version can compute.
 */
#ifndef CCM_MEASURES_H
#define CCM_MEASURES_H

#define CCM_MEASURE_LIST(X)                                    \
  /* Contact */                                                \
  X(CONTACTS, "contacts", COUNT, CONTACT)                      \
  X(BLOCKED, "blocked", COUNT, CONTACT)                        \
  /* Queue visit */                                            \
  X(OFFERED, "offered", COUNT, QUEUE)                          \
  X(ANSWERED, "answered", COUNT, QUEUE)                        \
  X(WAIT_ANSWERED, "wait_answered", TIMER, QUEUE)              \
  X(ANSWERED_IN_SL, "answered_in_sl", COUNT, QUEUE)            \
  X(ABANDONED, "abandoned", COUNT, QUEUE)                      \
  X(ABANDON_WAIT, "abandon_wait", TIMER, QUEUE)                \
  X(SHORT_ABANDONED, "short_abandoned", COUNT, QUEUE)          \
  X(ABANDONED_IN_SL, "abandoned_in_sl", COUNT, QUEUE)          \
  X(FLOW_OUT, "flow_out", COUNT, QUEUE)                        \
  X(FLOW_OUT_WAIT, "flow_out_wait", TIMER, QUEUE)              \
  X(FLOW_OUT_IN_SL, "flow_out_in_sl", COUNT, QUEUE)            \
  X(OFFER_MISSED, "offer_missed", COUNT, QUEUE)                \
  X(ALERT_TIME, "alert_time", TIMER, QUEUE)                    \
  X(RINGS, "rings", COUNT, QUEUE)                              \
  X(RUNG_ANSWERED, "rung_answered", COUNT, QUEUE)              \
  /* Agent contact */                                          \
  X(AGENT_CONTACTS, "agent_contacts", COUNT, AGENT)            \
  X(HANDLED, "handled", COUNT, AGENT)                          \
  X(TALK_TIME, "talk_time", TIMER, AGENT)                      \
  X(HOLD_TIME, "hold_time", TIMER, AGENT)                      \
  X(HOLDS, "holds", COUNT, AGENT)                              \
  X(HELD_CONTACTS, "held_contacts", COUNT, AGENT)              \
  X(ACW_TIME, "acw_time", TIMER, AGENT)                        \
  X(HANDLE_TIME, "handle_time", TIMER, AGENT)                  \
  X(TRANSFERS, "transfers", COUNT, AGENT)                      \
  X(FOCUS_COUNT, "focus_count", COUNT, AGENT)                  \
  X(FOCUS_TIME, "focus_time", TIMER, AGENT)                    \
  X(AGENT_CONTACT_TIME, "agent_contact_time", TIMER, AGENT)    \
  X(AGENT_MESSAGES, "agent_messages", COUNT, AGENT)            \
  X(AGENT_FRT, "agent_frt", TIMER, AGENT)                      \
  X(AGENT_CONTACTS_WITH_FRT, "agent_contacts_with_frt", COUNT, AGENT) \
  X(RESPONDED_AGENT_CONTACTS, "responded_agent_contacts", COUNT, AGENT) \
  /* Turns */                                                  \
  X(AGENT_RESPONSES, "agent_responses", COUNT, TURNS)          \
  X(CUSTOMER_RESPONSES, "customer_responses", COUNT, TURNS)    \
  X(CONTACTS_WITH_CUSTOMER_RESPONSE, "contacts_with_customer_response", COUNT, TURNS) \
  X(RESPONSE_TIME, "response_time", TIMER, TURNS)              \
  X(FOLLOW_ON_RESPONSES, "follow_on_responses", COUNT, TURNS)  \
  X(FOLLOW_ON_RESPONSE_TIME, "follow_on_response_time", TIMER, TURNS) \
  X(FIRST_REPLY_TIME, "first_reply_time", TIMER, TURNS)        \
  X(FIRST_REPLY_IN_TARGET, "first_reply_in_target", COUNT, TURNS) \
  /* Resolution */                                             \
  X(CLOSED_CONTACTS, "closed_contacts", COUNT, RESOLUTION)     \
  X(RESOLUTION_TIME, "resolution_time", TIMER, RESOLUTION)     \
  X(FIRST_RESOLUTION_TIME, "first_resolution_time", TIMER, RESOLUTION) \
  X(RESOLVED_IN_TARGET, "resolved_in_target", COUNT, RESOLUTION) \
  X(REOPENED, "reopened", COUNT, RESOLUTION)                   \
  X(ESCALATED, "escalated", COUNT, RESOLUTION)                 \
  X(TRANSFERRED_CONTACTS, "transferred_contacts", COUNT, RESOLUTION) \
  X(TAGGED, "tagged", COUNT, RESOLUTION)                       \
  /* Customer */                                               \
  X(CONTACTS_WITH_CUSTOMER, "contacts_with_customer", COUNT, CUSTOMER) \
  X(REPEAT_CONTACTS, "repeat_contacts", COUNT, CUSTOMER)       \
  X(FCR_ELIGIBLE, "fcr_eligible", COUNT, CUSTOMER)             \
  X(FCR, "fcr", COUNT, CUSTOMER)                               \
  /* Surveys and quality */                                    \
  X(CSAT_RESPONSES, "csat_responses", COUNT, SURVEY)           \
  X(CSAT_SUM, "csat_sum", COUNT, SURVEY)                       \
  X(CSAT_SATISFIED, "csat_satisfied", COUNT, SURVEY)           \
  X(NPS_RESPONSES, "nps_responses", COUNT, SURVEY)             \
  X(NPS_PROMOTERS, "nps_promoters", COUNT, SURVEY)             \
  X(NPS_DETRACTORS, "nps_detractors", COUNT, SURVEY)           \
  X(CES_RESPONSES, "ces_responses", COUNT, SURVEY)             \
  X(CES_SUM, "ces_sum", COUNT, SURVEY)                         \
  X(CES_EASY, "ces_easy", COUNT, SURVEY)                       \
  X(QA_EVALUATIONS, "qa_evaluations", COUNT, SURVEY)           \
  X(QA_SUM, "qa_sum", COUNT, SURVEY)                           \
  /* Agent state (ms sums) */                                  \
  X(LOGGED_IN_TIME, "logged_in_time", COUNT, AGENT_STATE)      \
  X(AVAILABLE_TIME, "available_time", COUNT, AGENT_STATE)      \
  X(BUSY_TIME, "busy_time", COUNT, AGENT_STATE)                \
  X(NOT_READY_TIME, "not_ready_time", COUNT, AGENT_STATE)      \
  X(ACW_STATE_TIME, "acw_state_time", COUNT, AGENT_STATE)      \
  /* Business ledger */                                        \
  X(COST, "cost", COUNT, LEDGER)                               \
  X(CUSTOMERS_NEW, "customers_new", COUNT, LEDGER)             \
  X(CUSTOMERS_REFERRED, "customers_referred", COUNT, LEDGER)   \
  X(CUSTOMERS_CHURNED, "customers_churned", COUNT, LEDGER)     \
  X(REVENUE, "revenue", COUNT, LEDGER)                         \
  /* Levels (gauges and the customer stock): changes in the cell */ \
  X(IN_QUEUE, "in_queue", LEVEL, GAUGE)                        \
  X(OPEN_CONTACTS, "open_contacts", LEVEL, GAUGE)              \
  X(AWAITING_REPLY, "awaiting_reply", LEVEL, GAUGE)            \
  X(AGENTS_LOGGED_IN, "agents_logged_in", LEVEL, GAUGE)        \
  X(AGENTS_AVAILABLE, "agents_available", LEVEL, GAUGE)        \
  X(AGENTS_BUSY, "agents_busy", LEVEL, GAUGE)                  \
  X(AGENTS_NOT_READY, "agents_not_ready", LEVEL, GAUGE)        \
  X(AGENTS_ACW, "agents_acw", LEVEL, GAUGE)                    \
  X(CUSTOMERS_ACTIVE, "customers_active", LEVEL, LEDGER)      \
  /* Business-hours variants (with a calendar): only open hours count */ \
  X(AGENT_FRT_BH, "agent_frt_bh", TIMER, BUSINESS)             \
  X(FIRST_REPLY_TIME_BH, "first_reply_time_bh", TIMER, BUSINESS) \
  X(RESPONSE_TIME_BH, "response_time_bh", TIMER, BUSINESS)     \
  X(RESOLUTION_TIME_BH, "resolution_time_bh", TIMER, BUSINESS)

/* Measure ids: CCM_MS_CONTACTS, ... */
enum ccm_measure_id {
#define CCM_X_ID(id, name, kind, family) CCM_MS_##id,
  CCM_MEASURE_LIST(CCM_X_ID)
#undef CCM_X_ID
  CCM_MS_COUNT
};

#endif
