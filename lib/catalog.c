/*
 * catalog.c: THE table of metrics (METRICS.md, in its order), the measure
 * list's metadata, and evaluation of a metric over a cell's measures.
 * The query code, ccm_metric_*(), ccm-report's columns and the man page's
 * metric table all come from this table.
 */
#include <stddef.h>
#include <string.h>

#include "ccmetrics_int.h"

/* ---- measures ---------------------------------------------------------- */

static const char *const measure_names[CCM_MS_COUNT] = {
#define CCM_X_NAME(id, name, kind, family) name,
    CCM_MEASURE_LIST(CCM_X_NAME)
#undef CCM_X_NAME
};

const uint16_t ccm_measure_slot[CCM_MS_COUNT] = {
#define CCM_X_SLOT(id, name, kind, family) (uint16_t)(offsetof(ccm_cell_layout, id) / sizeof(int64_t)),
    CCM_MEASURE_LIST(CCM_X_SLOT)
#undef CCM_X_SLOT
};

#define CCM_X_TIDX_COUNT(id) -1,
#define CCM_X_TIDX_TIMER(id) CCM_TIMER_##id,
#define CCM_X_TIDX_LEVEL(id) -1,
const int8_t ccm_timer_index[CCM_MS_COUNT] = {
#define CCM_X_TIDX(id, name, kind, family) CCM_X_TIDX_##kind(id)
    CCM_MEASURE_LIST(CCM_X_TIDX)
#undef CCM_X_TIDX
};

#define CCM_IS_TIMER_COUNT 0
#define CCM_IS_TIMER_TIMER 1
#define CCM_IS_TIMER_LEVEL 0
const uint8_t ccm_measure_is_timer[CCM_MS_COUNT] = {
#define CCM_X_KIND(id, name, kind, family) CCM_IS_TIMER_##kind,
    CCM_MEASURE_LIST(CCM_X_KIND)
#undef CCM_X_KIND
};

#define CCM_IS_LEVEL_COUNT 0
#define CCM_IS_LEVEL_TIMER 0
#define CCM_IS_LEVEL_LEVEL 1
const uint8_t ccm_measure_is_level[CCM_MS_COUNT] = {
#define CCM_X_KIND(id, name, kind, family) CCM_IS_LEVEL_##kind,
    CCM_MEASURE_LIST(CCM_X_KIND)
#undef CCM_X_KIND
};

/* A new cell: zero, except that timer minima start above every value and
 * maxima below, so merging and updating need no special case. */
#define CCM_X_TEMPLATE_COUNT(id) .id = 0,
#define CCM_X_TEMPLATE_TIMER(id) .id = {0, 0, INT64_MAX, INT64_MIN},
#define CCM_X_TEMPLATE_LEVEL(id) .id = {0, 0, 0},
#define CCM_X_TEMPLATE(id, name, kind, family) CCM_X_TEMPLATE_##kind(id)
static const ccm_cell_layout template_layout = {CCM_MEASURE_LIST(CCM_X_TEMPLATE)};
#undef CCM_X_TEMPLATE
#undef CCM_X_TEMPLATE_LEVEL

const int64_t *ccm_cell_template_slots(void);
const int64_t *ccm_cell_template_slots(void) { return (const int64_t *)(const void *)&template_layout; }

int32_t ccm_measure_count(void) { return CCM_MS_COUNT; }

const char *ccm_measure_name(int32_t measure) {
  return (measure >= 0 && measure < CCM_MS_COUNT) ? measure_names[measure] : NULL;
}

int32_t ccm_measure_kind(int32_t measure) {
  if (measure < 0 || measure >= CCM_MS_COUNT) return CCM_E_NOT_FOUND;
  if (ccm_measure_is_level[measure]) return CCM_MEASURE_LEVEL_KIND;
  return ccm_measure_is_timer[measure] ? CCM_MEASURE_TIMER_KIND : CCM_MEASURE_COUNT_KIND;
}

int32_t ccm_measure_by_name(const char *name, int32_t *measure) {
  int32_t i;
  if (!name || !measure) return CCM_E_INVALID_ARG;
  for (i = 0; i < CCM_MS_COUNT; i++) {
    if (strcmp(measure_names[i], name) == 0) {
      *measure = i;
      return CCM_OK;
    }
  }
  return CCM_E_NOT_FOUND;
}

/* ---- metrics ----------------------------------------------------------- */

typedef struct term {
  int16_t measure;
  int8_t field; /* CCM_FIELD_* */
  int8_t coef;  /* +1 / -1; 0 ends the list */
} term;

enum metric_kind {
  UNSUPPORTED, /* a family later versions compute */
  VALUE,       /* sum of num terms */
  RATIO,       /* scale * num / den; undefined when den == 0 */
  MAXIMUM,     /* largest max field of the num timers that have values */
  CLV,         /* num[0] x num[1] / (den[0] x den[1]): a quotient of quotients */
  LONGEST_WAIT /* the age of the oldest waiting contact now (query.c) */
};

typedef struct metric_def {
  const char *name;
  const char *description;
  const char *formula;
  const char *seeds;
  int8_t unit, better, kind;
  double scale;
  term num[4], den[4];
} metric_def;

#define C(m) {CCM_MS_##m, CCM_FIELD_COUNT, 1}
#define S(m) {CCM_MS_##m, CCM_FIELD_SUM, 1}
#define MINUS(m) {CCM_MS_##m, CCM_FIELD_COUNT, -1}
#define AT_START(m) {CCM_MS_##m, CCM_LEVEL_START, 1} /* a level at the bucket's start */
#define AT_END(m) {CCM_MS_##m, CCM_LEVEL_END, 1}
#define UP CCM_BETTER_UP
#define DOWN CCM_BETTER_DOWN
#define EVEN CCM_BETTER_NONE
#define COUNT CCM_UNIT_COUNT
#define MS CCM_UNIT_MS
#define PCT CCM_UNIT_PERCENT
#define RATIO_U CCM_UNIT_RATIO
#define SCORE CCM_UNIT_SCORE
#define MONEY CCM_UNIT_MONEY

#define VAL(name, desc, formula, unit, better, seeds, ...) \
  {name, desc, formula, seeds, unit, better, VALUE, 1.0, {__VA_ARGS__}, {{0, 0, 0}}}
#define PCT_OF(name, desc, formula, better, seeds, num, den) \
  {name, desc, formula, seeds, PCT, better, RATIO, 100.0, num, den}
#define AVG(name, desc, formula, unit, better, seeds, num, den) \
  {name, desc, formula, seeds, unit, better, RATIO, 1.0, num, den}
#define T(...) {__VA_ARGS__}

static const metric_def metrics[] = {
    PCT_OF("focus_time_pct", "Share of agent contact time the agent's focus was on the contact",
           "focus_time.sum / agent_contact_time.sum x 100", UP, "D", T(S(FOCUS_TIME)), T(S(AGENT_CONTACT_TIME))),
    VAL("agent_frt", "Total agent first response time (first agent message - answer, digital)", "agent_frt.sum", MS,
        DOWN, "D", S(AGENT_FRT)),
    VAL("agent_messages", "Messages sent by agents", "agent_messages", COUNT, UP, "D", C(AGENT_MESSAGES)),
    VAL("agent_responses", "Agent turns (responses)", "agent_responses", COUNT, UP, "D", C(AGENT_RESPONSES)),
    VAL("agent_contacts_with_frt", "Digital agent contacts with a first agent response", "agent_contacts_with_frt",
        COUNT, UP, "D", C(AGENT_CONTACTS_WITH_FRT)),
    PCT_OF("agent_first_response_rate", "Share of agent contacts that got a first response",
           "responded_agent_contacts / agent_contacts x 100", UP, "D", T(C(RESPONDED_AGENT_CONTACTS)),
           T(C(AGENT_CONTACTS))),
    AVG("avg_agent_frt", "Average agent first response time", "agent_frt.sum / agent_frt.count", MS, DOWN, "D",
        T(S(AGENT_FRT)), T(C(AGENT_FRT))),
    AVG("avg_agent_responses", "Agent responses per agent contact", "agent_responses / agent_contacts", RATIO_U, UP,
        "D", T(C(AGENT_RESPONSES)), T(C(AGENT_CONTACTS))),
    AVG("avg_customer_responses", "Customer responses per contact with a customer response",
        "customer_responses / contacts_with_customer_response", RATIO_U, UP, "D", T(C(CUSTOMER_RESPONSES)),
        T(C(CONTACTS_WITH_CUSTOMER_RESPONSE))),
    AVG("avg_follow_on_response_time", "Average response time of agent turns after an agent contact's first response",
        "follow_on_response_time.sum / follow_on_response_time.count", MS, DOWN, "D", T(S(FOLLOW_ON_RESPONSE_TIME)),
        T(C(FOLLOW_ON_RESPONSE_TIME))),
    AVG("avg_resolution_time", "Average time from contact start to resolution", "resolution_time.sum / closed_contacts",
        MS, DOWN, "D, K, L", T(S(RESOLUTION_TIME)), T(C(CLOSED_CONTACTS))),
    VAL("closed_contacts", "Resolutions of unresolved contacts", "closed_contacts", COUNT, UP, "D",
        C(CLOSED_CONTACTS)),
    VAL("customer_responses", "Customer turns (responses)", "customer_responses", COUNT, UP, "D",
        C(CUSTOMER_RESPONSES)),
    VAL("focus_count", "Times an agent's focus entered a contact", "focus_count", COUNT, UP, "D", C(FOCUS_COUNT)),
    VAL("focus_time", "Total time the agent's focus was on contacts", "focus_time.sum", MS, DOWN, "D",
        S(FOCUS_TIME)),
    VAL("follow_on_responses", "Agent turns after an agent contact's first response", "follow_on_responses", COUNT,
        UP, "D", C(FOLLOW_ON_RESPONSES)),
    VAL("follow_on_response_time", "Total follow-on response time", "follow_on_response_time.sum", MS, DOWN, "D",
        S(FOLLOW_ON_RESPONSE_TIME)),
    VAL("resolution_time", "Total time from contact start to resolution", "resolution_time.sum", MS, DOWN, "D, K",
        S(RESOLUTION_TIME)),
    VAL("total_responses", "Agent and customer responses", "agent_responses + customer_responses", COUNT, UP, "D",
        C(AGENT_RESPONSES), C(CUSTOMER_RESPONSES)),
    VAL("tag_count", "Tags put on contacts (each distinct tag once per contact)", "tagged (by tag)", COUNT, UP, "D",
        C(TAGGED)),
    VAL("contacts", "Contacts started (volume; by channel: volume by channel)", "contacts", COUNT, UP, "C, I, L",
        C(CONTACTS)),
    VAL("offered", "Queue visits started", "offered", COUNT, EVEN, "+", C(OFFERED)),
    VAL("answered", "Queue visits answered by an agent", "answered", COUNT, UP, "C", C(ANSWERED)),
    VAL("abandoned", "Queue visits abandoned by the customer", "abandoned", COUNT, DOWN, "C", C(ABANDONED)),
    VAL("short_abandoned", "Abandons before the short-abandon threshold", "short_abandoned", COUNT, EVEN, "+",
        C(SHORT_ABANDONED)),
    PCT_OF("abandon_rate", "Share of offered queue visits abandoned", "abandoned / offered x 100", DOWN, "C",
           T(C(ABANDONED)), T(C(OFFERED))),
    AVG("avg_abandon_time", "Average wait before abandoning", "abandon_wait.sum / abandoned", MS, EVEN, "C",
        T(S(ABANDON_WAIT)), T(C(ABANDONED))),
    AVG("asa", "Average speed of answer", "wait_answered.sum / answered", MS, DOWN, "C, K, L", T(S(WAIT_ANSWERED)),
        T(C(ANSWERED))),
    AVG("avg_queue_time", "Average time in queue, whatever the outcome",
        "(wait_answered + abandon_wait + flow_out_wait).sum / (answered + abandoned + flow_out)", MS, DOWN, "C",
        T(S(WAIT_ANSWERED), S(ABANDON_WAIT), S(FLOW_OUT_WAIT)), T(C(ANSWERED), C(ABANDONED), C(FLOW_OUT))),
    {"max_wait", "Longest wait of an answered or abandoned queue visit", "max of wait_answered.max, abandon_wait.max",
     "+", MS, DOWN, MAXIMUM, 1.0, T(C(WAIT_ANSWERED), C(ABANDON_WAIT)), {{0, 0, 0}}},
    PCT_OF("service_level", "Answered within the threshold, of answered and long abandons",
           "answered_in_sl / (answered + abandoned - short_abandoned) x 100", UP, "K, L", T(C(ANSWERED_IN_SL)),
           T(C(ANSWERED), C(ABANDONED), MINUS(SHORT_ABANDONED))),
    PCT_OF("service_level_answered", "Answered within the threshold, of answered (Asterisk SL)",
           "answered_in_sl / answered x 100", UP, "+", T(C(ANSWERED_IN_SL)), T(C(ANSWERED))),
    PCT_OF("service_level_abandon_ok",
           "Answered or abandoned within the threshold, of answered and abandoned (Asterisk SL2)",
           "(answered_in_sl + abandoned_in_sl) / (answered + abandoned) x 100", UP, "+",
           T(C(ANSWERED_IN_SL), C(ABANDONED_IN_SL)), T(C(ANSWERED), C(ABANDONED))),
    PCT_OF("service_level_offered", "Visits ended within the threshold, of offered (Connect)",
           "(answered_in_sl + abandoned_in_sl + flow_out_in_sl) / offered x 100", UP, "+",
           T(C(ANSWERED_IN_SL), C(ABANDONED_IN_SL), C(FLOW_OUT_IN_SL)), T(C(OFFERED))),
    VAL("blocked", "Contacts refused without queueing", "blocked", COUNT, DOWN, "L", C(BLOCKED)),
    VAL("flow_out", "Queue visits ended by the system without an agent", "flow_out", COUNT, EVEN, "+", C(FLOW_OUT)),
    VAL("agent_contacts", "Agent contacts started (per agent per day: contacts per teammate)", "agent_contacts",
        COUNT, UP, "I, K", C(AGENT_CONTACTS)),
    VAL("handled", "Agent contacts ended (agent_end or transfer)", "handled", COUNT, UP, "+", C(HANDLED)),
    AVG("avg_talk_time", "Average talk time (connected minus hold)", "talk_time.sum / handled", MS, EVEN, "C",
        T(S(TALK_TIME)), T(C(HANDLED))),
    AVG("avg_hold_time", "Average hold time of held agent contacts", "hold_time.sum / held_contacts", MS, DOWN, "C",
        T(S(HOLD_TIME)), T(C(HELD_CONTACTS))),
    AVG("avg_acw_time", "Average after-contact work time", "acw_time.sum / acw_time.count", MS, DOWN, "C",
        T(S(ACW_TIME)), T(C(ACW_TIME))),
    AVG("aht", "Average handle time (talk + hold + after-contact work)", "handle_time.sum / handled", MS, DOWN,
        "C, K, L", T(S(HANDLE_TIME)), T(C(HANDLED))),
    PCT_OF("transfer_rate", "Transfers per agent contact", "transfers / agent_contacts x 100", DOWN, "C",
           T(C(TRANSFERS)), T(C(AGENT_CONTACTS))),
    PCT_OF("escalation_rate", "Escalated contacts per agent contact", "escalated / agent_contacts x 100", DOWN, "K",
           T(C(ESCALATED)), T(C(AGENT_CONTACTS))),
    AVG("avg_rings", "Average rings before a voice answer", "rings / answered (voice: rung_answered)", RATIO_U, DOWN,
        "C", T(C(RINGS)), T(C(RUNG_ANSWERED))),
    AVG("avg_alert_time", "Average time from the last offer to the answer", "alert_time.sum / alert_time.count", MS,
        DOWN, "+", T(S(ALERT_TIME)), T(C(ALERT_TIME))),
    VAL("offer_missed", "Offers the agent did not accept", "offer_missed", COUNT, DOWN, "+", C(OFFER_MISSED)),
    AVG("cost_per_contact", "Operating cost per handled agent contact", "cost / handled", MONEY, DOWN, "C",
        T(C(COST)), T(C(HANDLED))),
    AVG("first_reply_time", "Average time from contact start to the first agent message (inbound digital)",
        "first_reply_time.sum / first_reply_time.count", MS, DOWN, "C, K, L", T(S(FIRST_REPLY_TIME)),
        T(C(FIRST_REPLY_TIME))),
    AVG("avg_response_time", "Average time from a customer turn to the agent's reply",
        "response_time.sum / response_time.count", MS, DOWN, "K, I", T(S(RESPONSE_TIME)), T(C(RESPONSE_TIME))),
    PCT_OF("frt_sla_pct", "First replies within the first-response target",
           "first_reply_in_target / first_reply_time.count x 100", UP, "K", T(C(FIRST_REPLY_IN_TARGET)),
           T(C(FIRST_REPLY_TIME))),
    PCT_OF("resolution_sla_pct", "Resolutions within the resolution target",
           "resolved_in_target / closed_contacts x 100", UP, "K", T(C(RESOLVED_IN_TARGET)), T(C(CLOSED_CONTACTS))),
    AVG("first_resolution_time", "Average time from contact start to its first resolution",
        "first_resolution_time.sum / first_resolution_time.count", MS, DOWN, "+", T(S(FIRST_RESOLUTION_TIME)),
        T(C(FIRST_RESOLUTION_TIME))),
    VAL("reopened", "Resolved contacts opened again", "reopened", COUNT, DOWN, "+", C(REOPENED)),
    PCT_OF("resolution_rate", "Resolutions per agent contact", "closed_contacts / agent_contacts x 100", UP, "L",
           T(C(CLOSED_CONTACTS)), T(C(AGENT_CONTACTS))),
    VAL("backlog", "Open contacts: started, neither resolved nor ended (gauge)", "open_contacts (gauge)", COUNT,
        DOWN, "K, L", AT_END(OPEN_CONTACTS)),
    VAL("open_requests", "Open digital contacts whose last turn is the customer's (gauge)",
        "awaiting_reply (gauge)", COUNT, DOWN, "L", AT_END(AWAITING_REPLY)),
    VAL("in_queue", "Contacts waiting in a queue now (gauge)", "in_queue (gauge)", COUNT, DOWN, "+",
        AT_END(IN_QUEUE)),
    {"longest_wait", "Age of the oldest waiting contact (gauge, at the engine's current time)",
     "now - queue_enter of the oldest waiting contact (gauge)", "+", MS, DOWN, LONGEST_WAIT, 1.0,
     T(AT_END(IN_QUEUE)), {{0, 0, 0}}},
    PCT_OF("repeat_contact_rate", "Contacts whose customer came within the repeat window before",
           "repeat_contacts / contacts_with_customer x 100", DOWN, "C", T(C(REPEAT_CONTACTS)),
           T(C(CONTACTS_WITH_CUSTOMER))),
    AVG("contacts_per_case", "Contacts per customer case",
        "contacts_with_customer / (contacts_with_customer - repeat_contacts)", RATIO_U, DOWN, "C",
        T(C(CONTACTS_WITH_CUSTOMER)), T(C(CONTACTS_WITH_CUSTOMER), MINUS(REPEAT_CONTACTS))),
    PCT_OF("fcr_rate", "First contact resolution rate", "fcr / fcr_eligible x 100", UP, "K", T(C(FCR)),
           T(C(FCR_ELIGIBLE))),
    PCT_OF("csat_pct", "Satisfied survey answers", "csat_satisfied / csat_responses x 100", UP, "C, K, I, L",
           T(C(CSAT_SATISFIED)), T(C(CSAT_RESPONSES))),
    AVG("csat_avg", "Average satisfaction score", "csat_sum / csat_responses", SCORE, UP, "K", T(C(CSAT_SUM)),
        T(C(CSAT_RESPONSES))),
    {"nps", "Net promoter score", "(nps_promoters - nps_detractors) / nps_responses x 100", "K, I, L", SCORE, UP,
     RATIO, 100.0, T(C(NPS_PROMOTERS), MINUS(NPS_DETRACTORS)), T(C(NPS_RESPONSES))},
    AVG("ces_avg", "Average customer effort score (7 = easy)", "ces_sum / ces_responses", SCORE, UP, "K, L",
        T(C(CES_SUM)), T(C(CES_RESPONSES))),
    PCT_OF("ces_easy_pct", "Easy effort answers", "ces_easy / ces_responses x 100", UP, "+", T(C(CES_EASY)),
           T(C(CES_RESPONSES))),
    {"quality_score", "Average quality evaluation (by channel: call, email, chat quality)",
     "qa_sum / qa_evaluations (qa_sum in thousandths of a point)", "K, L", SCORE, UP, RATIO, 0.001,
     T(C(QA_SUM)), T(C(QA_EVALUATIONS))},
    PCT_OF("occupancy", "Busy and ACW time of available, busy and ACW time",
           "(busy_time + acw_state_time) / (busy_time + acw_state_time + available_time) x 100", EVEN, "+",
           T(C(BUSY_TIME), C(ACW_STATE_TIME)), T(C(BUSY_TIME), C(ACW_STATE_TIME), C(AVAILABLE_TIME))),
    PCT_OF("utilization", "Busy and ACW time of logged-in time",
           "(busy_time + acw_state_time) / logged_in_time x 100", EVEN, "+", T(C(BUSY_TIME), C(ACW_STATE_TIME)),
           T(C(LOGGED_IN_TIME))),
    VAL("customers_new", "New customers", "customers_new", COUNT, UP, "L", C(CUSTOMERS_NEW)),
    VAL("customers_churned", "Customers lost", "customers_churned", COUNT, DOWN, "L", C(CUSTOMERS_CHURNED)),
    PCT_OF("churn_rate", "Customers lost of active customers at bucket start",
           "customers_churned / customers_active at bucket start x 100", DOWN, "L", T(C(CUSTOMERS_CHURNED)),
           T(AT_START(CUSTOMERS_ACTIVE))),
    PCT_OF("retention_rate", "Customers kept of active customers at bucket start",
           "(customers_active at end - customers_new) / customers_active at start x 100", UP, "K, L",
           T(AT_END(CUSTOMERS_ACTIVE), MINUS(CUSTOMERS_NEW)), T(AT_START(CUSTOMERS_ACTIVE))),
    PCT_OF("referral_rate", "New customers who came by referral", "customers_referred / customers_new x 100", UP,
           "L", T(C(CUSTOMERS_REFERRED)), T(C(CUSTOMERS_NEW))),
    VAL("revenue", "Revenue", "revenue", MONEY, UP, "L", C(REVENUE)),
    AVG("arpu", "Average revenue per active customer", "revenue / customers_active at end", MONEY, UP, "L",
        T(C(REVENUE)), T(AT_END(CUSTOMERS_ACTIVE))),
    {"clv", "Customer lifetime value", "arpu / (churn_rate / 100)", "L", MONEY, UP, CLV, 1.0,
     T(C(REVENUE), AT_START(CUSTOMERS_ACTIVE)), T(AT_END(CUSTOMERS_ACTIVE), C(CUSTOMERS_CHURNED))},
    AVG("engagement", "Contacts per active customer", "contacts_with_customer / customers_active at end", RATIO_U,
        UP, "L", T(C(CONTACTS_WITH_CUSTOMER)), T(AT_END(CUSTOMERS_ACTIVE))),
    /* beyond METRICS.md's table (its agent-state measures, as metrics so a
     * report can show them, e.g. not-ready time by reason); appended so that
     * the ids above never change */
    VAL("logged_in_time", "Time agents were logged in (any state but logged out)", "logged_in_time", MS, EVEN, "+",
        C(LOGGED_IN_TIME)),
    VAL("available_time", "Time agents were available", "available_time", MS, EVEN, "+", C(AVAILABLE_TIME)),
    VAL("busy_time", "Time agents were busy with contacts", "busy_time", MS, EVEN, "+", C(BUSY_TIME)),
    VAL("not_ready_time", "Time agents were not ready (by reason: a view by reason)", "not_ready_time", MS, DOWN,
        "+", C(NOT_READY_TIME)),
    VAL("acw_state_time", "Time agents were in after-contact work (agent state)", "acw_state_time", MS, EVEN, "+",
        C(ACW_STATE_TIME)),
    /* Business-hours variants (METRICS.md, "Business-hours variants"): undefined without a calendar */
    AVG("avg_agent_frt_bh", "Average agent first response time in business hours",
        "agent_frt_bh.sum / agent_frt_bh.count", MS, DOWN, "+", T(S(AGENT_FRT_BH)), T(C(AGENT_FRT_BH))),
    AVG("first_reply_time_bh", "Average first reply time in business hours",
        "first_reply_time_bh.sum / first_reply_time_bh.count", MS, DOWN, "+", T(S(FIRST_REPLY_TIME_BH)),
        T(C(FIRST_REPLY_TIME_BH))),
    AVG("avg_response_time_bh", "Average response time in business hours",
        "response_time_bh.sum / response_time_bh.count", MS, DOWN, "+", T(S(RESPONSE_TIME_BH)),
        T(C(RESPONSE_TIME_BH))),
    AVG("avg_resolution_time_bh", "Average resolution time in business hours",
        "resolution_time_bh.sum / resolution_time_bh.count", MS, DOWN, "+", T(S(RESOLUTION_TIME_BH)),
        T(C(RESOLUTION_TIME_BH))),
};

#define NMETRICS ((int32_t)(sizeof metrics / sizeof *metrics))

static const metric_def *metric_get(int32_t metric) {
  return (metric >= 0 && metric < NMETRICS) ? &metrics[metric] : NULL;
}

int32_t ccm_metric_count(void) { return NMETRICS; }

uint32_t ccm_metric_measures(int32_t metric, int32_t *out) {
  const metric_def *m = metric_get(metric);
  uint32_t n = 0, i;
  if (!m) return 0;
  for (i = 0; i < 4 && m->num[i].coef; i++) out[n++] = m->num[i].measure;
  for (i = 0; i < 4 && m->den[i].coef; i++) out[n++] = m->den[i].measure;
  return n;
}

int32_t ccm_metric_by_name(const char *name, int32_t *metric) {
  int32_t i;
  if (!name || !metric) return CCM_E_INVALID_ARG;
  for (i = 0; i < NMETRICS; i++) {
    if (strcmp(metrics[i].name, name) == 0) {
      *metric = i;
      return CCM_OK;
    }
  }
  return CCM_E_NOT_FOUND;
}

const char *ccm_metric_name(int32_t metric) {
  const metric_def *m = metric_get(metric);
  return m ? m->name : NULL;
}

const char *ccm_metric_description(int32_t metric) {
  const metric_def *m = metric_get(metric);
  return m ? m->description : NULL;
}

const char *ccm_metric_formula(int32_t metric) {
  const metric_def *m = metric_get(metric);
  return m ? m->formula : NULL;
}

const char *ccm_metric_seeds(int32_t metric) {
  const metric_def *m = metric_get(metric);
  return m ? m->seeds : NULL;
}

int32_t ccm_metric_unit(int32_t metric) {
  const metric_def *m = metric_get(metric);
  return m ? m->unit : CCM_E_NOT_FOUND;
}

int32_t ccm_metric_better(int32_t metric) {
  const metric_def *m = metric_get(metric);
  return m ? m->better : CCM_E_NOT_FOUND;
}

int32_t ccm_metric_supported(int32_t metric) {
  const metric_def *m = metric_get(metric);
  return m ? (m->kind != UNSUPPORTED) : CCM_E_NOT_FOUND;
}

/* ---- evaluation over slots --------------------------------------------- */

int32_t ccm_slots_field(const int64_t *slots, int32_t measure, int32_t field, int64_t *value) {
  const int64_t *p;
  if (measure < 0 || measure >= CCM_MS_COUNT) return CCM_E_NOT_FOUND;
  if (field < CCM_FIELD_COUNT || field > CCM_FIELD_END) return CCM_E_INVALID_ARG;
  p = slots + ccm_measure_slot[measure];
  if (ccm_measure_is_level[measure]) {
    if (field == CCM_FIELD_START) *value = p[CCM_LEVEL_START];
    else if (field == CCM_FIELD_END) *value = p[CCM_LEVEL_END];
    else if (field == CCM_FIELD_COUNT) *value = p[0];
    else return CCM_E_INVALID_ARG;
    return CCM_OK;
  }
  if (!ccm_measure_is_timer[measure] && field != CCM_FIELD_COUNT) return CCM_E_INVALID_ARG;
  if (field == CCM_FIELD_MIN) *value = (p[2] == INT64_MAX) ? 0 : p[2];
  else if (field == CCM_FIELD_MAX) *value = (p[3] == INT64_MIN) ? 0 : p[3];
  else *value = p[field];
  return CCM_OK;
}

static double term_value(const int64_t *slots, const term *t) {
  return (double)t->coef * (double)slots[ccm_measure_slot[t->measure] + t->field];
}

static double terms_sum(const int64_t *slots, const term *t) {
  double s = 0;
  int i;
  for (i = 0; i < 4 && t[i].coef; i++) s += term_value(slots, &t[i]);
  return s;
}

int32_t ccm_slots_metric(const int64_t *slots, int32_t metric, double *value) {
  const metric_def *m = metric_get(metric);
  double den;
  int i;
  bool any = false;
  int64_t best = 0;
  if (!m) return CCM_E_NOT_FOUND;
  *value = 0;
  switch (m->kind) {
    case VALUE:
      *value = terms_sum(slots, m->num);
      return CCM_OK;
    case RATIO:
      den = terms_sum(slots, m->den);
      if (den == 0) return CCM_UNDEFINED;
      *value = m->scale * terms_sum(slots, m->num) / den;
      return CCM_OK;
    case CLV:
      /* arpu / (churn_rate / 100) = revenue x active at start / (active at end x churned) */
      den = term_value(slots, &m->den[0]) * term_value(slots, &m->den[1]);
      if (den == 0 || term_value(slots, &m->num[1]) == 0) return CCM_UNDEFINED;
      *value = term_value(slots, &m->num[0]) * term_value(slots, &m->num[1]) / den;
      return CCM_OK;
    case MAXIMUM:
      for (i = 0; i < 4 && m->num[i].coef; i++) {
        const int64_t *p = slots + ccm_measure_slot[m->num[i].measure];
        if (p[0] > 0 && (!any || p[3] > best)) {
          best = p[3];
          any = true;
        }
      }
      if (!any) return CCM_UNDEFINED;
      *value = (double)best;
      return CCM_OK;
    default:
      return CCM_E_UNSUPPORTED;
  }
}

/* An average of one timer (its sum over a count): the timer, whose sketch
 * gives the metric's percentiles. */
int32_t ccm_metric_timer(int32_t metric, int32_t *measure) {
  const metric_def *m = metric_get(metric);
  if (!measure) return CCM_E_INVALID_ARG;
  if (!m || m->kind != RATIO || m->unit != MS || m->num[1].coef || m->num[0].field != CCM_FIELD_SUM ||
      !ccm_measure_is_timer[m->num[0].measure])
    return CCM_E_NOT_FOUND;
  *measure = m->num[0].measure;
  return CCM_OK;
}

bool ccm_metric_reads_levels(int32_t metric) {
  const metric_def *m = metric_get(metric);
  int i;
  if (!m) return false;
  for (i = 0; i < 4; i++) {
    if (m->num[i].coef && ccm_measure_is_level[m->num[i].measure]) return true;
    if (m->den[i].coef && ccm_measure_is_level[m->den[i].measure]) return true;
  }
  return false;
}

int32_t ccm_metric_uses_levels(int32_t metric) {
  if (!metric_get(metric)) return CCM_E_NOT_FOUND;
  return ccm_metric_reads_levels(metric) ? 1 : 0;
}

bool ccm_metric_is_longest_wait(int32_t metric) {
  const metric_def *m = metric_get(metric);
  return m && m->kind == LONGEST_WAIT;
}

void ccm_slots_merge(int64_t *a, const int64_t *b) {
  int32_t m;
  for (m = 0; m < CCM_MS_COUNT; m++) {
    uint16_t s = ccm_measure_slot[m];
    if (ccm_measure_is_level[m]) {
      a[s] += b[s];
      a[s + 1] += b[s + 1];
      a[s + 2] += b[s + 2];
    } else if (!ccm_measure_is_timer[m]) {
      a[s] += b[s];
    } else {
      a[s] += b[s];
      a[s + 1] += b[s + 1];
      if (b[s + 2] < a[s + 2]) a[s + 2] = b[s + 2];
      if (b[s + 3] > a[s + 3]) a[s + 3] = b[s + 3];
    }
  }
}
