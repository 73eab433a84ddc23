/*
 * survey.c: csat, nps, ces and qa_score events (doc/CHOICES.md, "Surveys and
 * quality").  They change no state: each is checked against its scale and
 * credited with its own fields, completed from the contact's record while
 * the engine holds it.
 */
#include <string.h>

#include "ccmetrics_int.h"

int32_t ccm_survey_check(const ccm_event *ev, const char **why) {
  double v = ev->value, lo = 0, hi = 0;
  bool whole = true;
  if (ev->type == CCM_EV_QA_SCORE) {
    if (!ev->contact) return *why = "contact missing", CCM_E_MISSING_FIELD;
  } else if (!ev->contact && !ev->customer) {
    return *why = "contact and customer both missing", CCM_E_MISSING_FIELD;
  }
  if (!(ev->flags & CCM_EVF_VALUE)) return *why = "value missing", CCM_E_MISSING_FIELD;
  switch (ev->type) {
    case CCM_EV_CSAT: lo = 1, hi = 5; break;
    case CCM_EV_NPS: lo = 0, hi = 10; break;
    case CCM_EV_CES: lo = 1, hi = 7; break;
    default: lo = 0, hi = 100, whole = false; break;
  }
  /* written so that NaN fails too */
  if (!(v >= lo && v <= hi)) return *why = "value outside the scale", CCM_E_OUT_OF_SCALE;
  if (whole && (double)(int64_t)v != v) return *why = "value is not a whole number of the scale", CCM_E_OUT_OF_SCALE;
  return CCM_OK;
}

/* The event's fields first, then the held contact's (resolution family's
 * agent and team rule). */
static void survey_dims(const ccm_event *ev, const ccm_contact *c, uint32_t *dims) {
  memset(dims, 0, CCM_KEY_DIMS * sizeof *dims);
  dims[CCM_DIM_AGENT] = ev->agent;
  dims[CCM_DIM_TEAM] = ev->team;
  dims[CCM_DIM_SKILL] = ev->skill;
  dims[CCM_DIM_CAMPAIGN] = ev->campaign;
  dims[CCM_DIM_CHANNEL] = ev->channel;
  if (!c) return;
  {
    bool open = (c->flags & CCM_C_LEG_OPEN) != 0, last = (c->flags & CCM_C_LAST_LEG) != 0;
    uint32_t agent = dims[CCM_DIM_AGENT];
    if (!agent) agent = open ? c->leg.agent : (last ? c->last_agent : 0);
    if (!dims[CCM_DIM_TEAM]) {
      if (open && agent == c->leg.agent) dims[CCM_DIM_TEAM] = c->leg.team;
      else if (last && agent == c->last_agent) dims[CCM_DIM_TEAM] = c->last_team;
    }
    dims[CCM_DIM_AGENT] = agent;
  }
  if (!dims[CCM_DIM_SKILL]) dims[CCM_DIM_SKILL] = c->skill;
  if (!dims[CCM_DIM_CAMPAIGN]) dims[CCM_DIM_CAMPAIGN] = c->campaign;
  if (!dims[CCM_DIM_CHANNEL]) dims[CCM_DIM_CHANNEL] = c->channel;
  dims[CCM_DIM_DIRECTION] = c->direction;
  dims[CCM_DIM_CONTACT_TYPE] = c->contact_type;
  dims[CCM_DIM_DISPOSITION] = c->disposition;
}

const ccm_contact *ccm_survey_credit(const ccm_engine *e, const ccm_event *ev, ccm_apply *ap) {
  const ccm_contact *c = ev->contact ? ccm_contacts_find(&e->contacts, ev->contact) : NULL;
  ccm_credit *cr = &ap->credit[0];
  int64_t v = (int64_t)ev->value;
  memset(ap, 0, sizeof *ap);
  ap->fcr_credit = -1;
  ap->ncredits = 1;
  survey_dims(ev, c, cr->dims);
  switch (ev->type) {
    case CCM_EV_CSAT:
      ccm_credit_add(cr, CCM_MS_CSAT_RESPONSES, 1);
      ccm_credit_add(cr, CCM_MS_CSAT_SUM, v);
      if (v >= e->cfg[CCM_CFG_CSAT_SATISFIED]) ccm_credit_add(cr, CCM_MS_CSAT_SATISFIED, 1);
      break;
    case CCM_EV_NPS:
      ccm_credit_add(cr, CCM_MS_NPS_RESPONSES, 1);
      if (v >= 9) ccm_credit_add(cr, CCM_MS_NPS_PROMOTERS, 1);
      if (v <= 6) ccm_credit_add(cr, CCM_MS_NPS_DETRACTORS, 1);
      break;
    case CCM_EV_CES:
      ccm_credit_add(cr, CCM_MS_CES_RESPONSES, 1);
      ccm_credit_add(cr, CCM_MS_CES_SUM, v);
      if (v >= e->cfg[CCM_CFG_CES_EASY]) ccm_credit_add(cr, CCM_MS_CES_EASY, 1);
      break;
    default: /* CCM_EV_QA_SCORE: thousandths of a point, rounded half up (value >= 0) */
      ccm_credit_add(cr, CCM_MS_QA_EVALUATIONS, 1);
      ccm_credit_add(cr, CCM_MS_QA_SUM, (int64_t)(ev->value * 1000.0 + 0.5));
      break;
  }
  return c;
}
