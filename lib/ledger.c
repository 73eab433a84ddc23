/*
 * ledger.c: the business ledger events, cost, customer_acquire,
 * customer_churn and customer_revenue (doc/CHOICES.md, "Business ledger").
 * They change no state and are credited with the event's own fields.
 */
#include <string.h>

#include "ccmetrics_int.h"

#define MAX_AMOUNT 9007199254740992.0 /* 2^53: every whole amount up to it is exact in a double */

static bool whole_amount(double v) { return v >= -MAX_AMOUNT && v <= MAX_AMOUNT && (double)(int64_t)v == v; }

int32_t ccm_ledger_check(const ccm_event *ev, const char **why) {
  bool has_value = (ev->flags & CCM_EVF_VALUE) != 0;
  if (ev->type != CCM_EV_COST && !ev->customer) return *why = "customer missing", CCM_E_MISSING_FIELD;
  switch (ev->type) {
    case CCM_EV_COST:
    case CCM_EV_CUSTOMER_REVENUE:
      if (!has_value) return *why = "value missing", CCM_E_MISSING_FIELD;
      if (!whole_amount(ev->value))
        return *why = "amount is not a whole number of minor units within +-2^53", CCM_E_OUT_OF_SCALE;
      break;
    case CCM_EV_CUSTOMER_ACQUIRE:
      if (has_value && ev->value != 0 && ev->value != 1)
        return *why = "referral value is neither 0 nor 1", CCM_E_OUT_OF_SCALE;
      break;
    default:
      break;
  }
  return CCM_OK;
}

void ccm_ledger_credit(const ccm_event *ev, bool levels, ccm_apply *ap) {
  ccm_credit *cr = &ap->credit[0];
  memset(ap, 0, sizeof *ap);
  ap->fcr_credit = -1;
  ap->ncredits = 1;
  /* the fields each event type has in EVENTS.md: cost and revenue skill,
   * channel and campaign; acquire its campaign; churn none */
  if (ev->type != CCM_EV_CUSTOMER_CHURN) cr->dims[CCM_DIM_CAMPAIGN] = ev->campaign;
  if (ev->type == CCM_EV_COST || ev->type == CCM_EV_CUSTOMER_REVENUE) {
    cr->dims[CCM_DIM_SKILL] = ev->skill;
    cr->dims[CCM_DIM_CHANNEL] = ev->channel;
  }
  switch (ev->type) {
    case CCM_EV_COST: ccm_credit_add(cr, CCM_MS_COST, (int64_t)ev->value); break;
    case CCM_EV_CUSTOMER_ACQUIRE:
      ccm_credit_add(cr, CCM_MS_CUSTOMERS_NEW, 1);
      if (levels) ccm_credit_add(cr, CCM_MS_CUSTOMERS_ACTIVE, 1); /* a level: its change */
      if ((ev->flags & CCM_EVF_VALUE) && ev->value == 1) ccm_credit_add(cr, CCM_MS_CUSTOMERS_REFERRED, 1);
      break;
    case CCM_EV_CUSTOMER_CHURN:
      ccm_credit_add(cr, CCM_MS_CUSTOMERS_CHURNED, 1);
      if (levels) ccm_credit_add(cr, CCM_MS_CUSTOMERS_ACTIVE, -1);
      break;
    default: ccm_credit_add(cr, CCM_MS_REVENUE, (int64_t)ev->value); break;
  }
}
