/* event.c: event type names and which dictionary each label uses. */
#include <string.h>

#include "ccmetrics_int.h"

typedef struct event_info {
  const char *name;
  int32_t label_dim; /* -1: no label */
} event_info;

/* Indexed by CCM_EV_*. */
static const event_info events[CCM_EV_COUNT] = {
    [CCM_EV_CONTACT_START] = {"contact_start", CCM_DIM_CONTACT_TYPE},
    [CCM_EV_QUEUE_ENTER] = {"queue_enter", -1},
    [CCM_EV_OFFER] = {"offer", -1},
    [CCM_EV_OFFER_MISS] = {"offer_miss", -1},
    [CCM_EV_ANSWER] = {"answer", -1},
    [CCM_EV_QUEUE_ABANDON] = {"queue_abandon", -1},
    [CCM_EV_QUEUE_EXIT] = {"queue_exit", CCM_DIM_REASON},
    [CCM_EV_BLOCKED] = {"blocked", -1},
    [CCM_EV_HOLD] = {"hold", -1},
    [CCM_EV_RESUME] = {"resume", -1},
    [CCM_EV_TRANSFER] = {"transfer", -1},
    [CCM_EV_ESCALATE] = {"escalate", -1},
    [CCM_EV_AGENT_END] = {"agent_end", -1},
    [CCM_EV_ACW_END] = {"acw_end", -1},
    [CCM_EV_CUSTOMER_MESSAGE] = {"customer_message", -1},
    [CCM_EV_AGENT_MESSAGE] = {"agent_message", -1},
    [CCM_EV_BOT_MESSAGE] = {"bot_message", -1},
    [CCM_EV_FOCUS_START] = {"focus_start", -1},
    [CCM_EV_FOCUS_END] = {"focus_end", -1},
    [CCM_EV_TAG] = {"tag", CCM_DIM_TAG},
    [CCM_EV_DISPOSITION] = {"disposition", CCM_DIM_DISPOSITION},
    [CCM_EV_RESOLVE] = {"resolve", -1},
    [CCM_EV_REOPEN] = {"reopen", -1},
    [CCM_EV_CONTACT_END] = {"contact_end", -1},
    [CCM_EV_CSAT] = {"csat", -1},
    [CCM_EV_NPS] = {"nps", -1},
    [CCM_EV_CES] = {"ces", -1},
    [CCM_EV_QA_SCORE] = {"qa_score", CCM_DIM_FORM},
    [CCM_EV_AGENT_STATE] = {"agent_state", -1},
    [CCM_EV_COST] = {"cost", -1},
    [CCM_EV_CUSTOMER_ACQUIRE] = {"customer_acquire", -1},
    [CCM_EV_CUSTOMER_CHURN] = {"customer_churn", -1},
    [CCM_EV_CUSTOMER_REVENUE] = {"customer_revenue", -1},
};

static bool type_ok(int32_t type) { return type > 0 && type < CCM_EV_COUNT; }

void ccm_event_init(ccm_event *ev, int32_t type) {
  if (!ev) return;
  memset(ev, 0, sizeof *ev);
  ev->size = (uint32_t)sizeof *ev;
  ev->type = type;
}

const char *ccm_event_name(int32_t type) { return type_ok(type) ? events[type].name : NULL; }

int32_t ccm_event_type(const char *name, int32_t *type) {
  int32_t t;
  if (!name || !type) return CCM_E_INVALID_ARG;
  for (t = 1; t < CCM_EV_COUNT; t++) {
    if (strcmp(events[t].name, name) == 0) {
      *type = t;
      return CCM_OK;
    }
  }
  return CCM_E_NOT_FOUND;
}

int32_t ccm_event_label_dim_of(int32_t type) { return type_ok(type) ? events[type].label_dim : -1; }

int32_t ccm_event_label_dim(int32_t type) { return ccm_event_label_dim_of(type); }
