/*
 * expiry.c: the host's clock (ccm_engine_advance) and the end of contacts
 * whose events stopped: over contacts released after the grace time, idle
 * ones expired, ended ones forgotten after the retention time.
 *
 * Every record has a due time beside it (ccm_contact_table.due): at most
 * the time from which expiry ends or forgets it (ccm_expiry_due,
 * ccmetrics_int.h).  Expiry reads only those times, and the records whose
 * time has come, where a scan of every record would read 160 bytes of
 * each.  The due time is lowered whenever a change may bring it earlier
 * (the end of apply_event, a provisional FCR made final or taken back); a
 * raise needs nothing, since an early due time only makes expiry look at
 * the record and find it not due yet.
 */
#include <string.h>

#include "ccmetrics_int.h"

enum expiry { FORGET, RELEASE, EXPIRE };

/* What expiry does to a contact whose due time (ccm_expiry_due) has come:
 * an ended contact is forgotten; an open one is released when it is over
 * and the grace time passed (before the idle timeout, when both passed),
 * else expired. */
static enum expiry expiry_of(const ccm_engine *e, const ccm_contact *c, int64_t now) {
  if (c->flags & CCM_C_ENDED) return FORGET;
  if (ccm_contact_is_over(c) && now - c->last_ts >= e->cfg[CCM_CFG_GRACE_MS]) return RELEASE;
  return EXPIRE;
}

void ccm_expiry_note(ccm_engine *e, const ccm_contact *c) { ccm_contacts_set_due(&e->contacts, c, ccm_expiry_due(e, c)); }

void ccm_expiry_rebuild(ccm_engine *e) {
  ccm_contact_table *t = &e->contacts;
  uint32_t i;
  t->due_min = INT64_MAX;
  for (i = 0; i < t->hwm; i++) ccm_expiry_note(e, &t->rec[i]);
}

/* The record a released (or, idle, expired) contact becomes. */
static void ended_record(ccm_contact *c, bool idle) {
  if (idle) {
    /* Expired: what is still open is dropped uncredited. */
    c->flags &= ~(uint32_t)(CCM_C_IN_QUEUE | CCM_C_LEG_OPEN | CCM_C_OFFER);
    memset(&c->leg, 0, sizeof c->leg);
    c->nacw = 0;
  }
  c->flags |= CCM_C_ENDED;
}

static void end_contact(ccm_engine *e, ccm_contact *c, bool idle, int64_t now) {
  ccm_contact after = *c;
  ccm_apply ap;
  ended_record(&after, idle);
  ap.ncredits = 0;
  ap.push_tag = 0;
  ap.old_tag_head = c->tag_head;
  ccm_contact_gauges(e, c, &after, &ap);
  ccm_route_credits(e, &ap, c->tag_head, now);
  if (idle) {
    ccm_pool_give_list(&e->acw, &c->acw_head);
    e->expired++;
  } else {
    e->released++;
  }
  ended_record(c, idle);
  ccm_contacts_count_ended(&e->contacts);
}

static void forget_contact(ccm_engine *e, ccm_contact *c) {
  ccm_pool_give_list(&e->tags, &c->tag_head);
  c->ntags = 0;
  ccm_pool_give_list(&e->acw, &c->acw_head);
  ccm_contacts_remove(&e->contacts, c);
  e->contacts.retained--;
  e->forgotten++;
}

static int64_t clamp_now(int64_t now) {
  /* Events' times lie within +-CCM_MAX_ABS_TS, so this keeps now - ts exact. */
  if (now > CCM_MAX_ABS_TS) return CCM_MAX_ABS_TS;
  if (now < -CCM_MAX_ABS_TS) return -CCM_MAX_ABS_TS;
  return now;
}

int32_t ccm_engine_advance(ccm_engine *e, int64_t now) {
  int32_t rc;
  if (!e) return CCM_E_INVALID_ARG;
  now = clamp_now(now);
  /* time has passed for the held events too */
  ccm_engine_release_held(e, now - e->cfg[CCM_CFG_LATENESS_MS]);
  rc = ccm_agents_advance(e, now);
  if (rc) return rc;
  ccm_customers_advance(e, now);
  e->now = now;
  return CCM_OK;
}

/* Room for the gauge changes of one ending contact (three gauges, each to
 * every tag of the contact), in every view. */
static int32_t reserve_ending(ccm_engine *e, const ccm_contact *c) {
  uint32_t i, more = 3 * (c->ntags > 1 ? c->ntags : 1);
  for (i = 0; i < e->nviews; i++) {
    int32_t rc = ccm_view_reserve(e->views[i], more, 0);
    if (rc) return rc;
  }
  return CCM_OK;
}

/* Records are visited in index order, as a scan of all would visit them,
 * and each is ended or forgotten at most once per call (one ended here is
 * forgotten by a later call). */
int32_t ccm_engine_expire(ccm_engine *e, int64_t now) {
  ccm_contact_table *t;
  int64_t next_min = INT64_MAX;
  uint32_t i;
  int32_t rc;
  if (!e) return CCM_E_INVALID_ARG;
  now = clamp_now(now);
  rc = ccm_engine_advance(e, now);
  if (rc) return rc;
  t = &e->contacts;
  if (now < t->due_min) return CCM_OK;
  for (i = 0; i < t->hwm; i++) {
    ccm_contact *c = &t->rec[i];
    enum expiry x;
    if (t->due[i] <= now) t->due[i] = ccm_expiry_due(e, c); /* exact: the array's may be early */
    if (t->due[i] > now) {
      if (t->due[i] < next_min) next_min = t->due[i];
      continue;
    }
    x = expiry_of(e, c, now);
    if (x == FORGET) {
      forget_contact(e, c);
      continue; /* its due time is INT64_MAX now */
    }
    /* each contact ends whole or not at all: on failure the ones before it
     * stay ended, and a later call goes on (due_min is still below every
     * due time: it was, and notes only lower it) */
    rc = reserve_ending(e, c);
    if (rc) return ccm_set_error(e, rc, "expire: %s", rc == CCM_E_NOMEM ? "out of memory" : "too many cells");
    end_contact(e, c, x == EXPIRE, now);
    t->due[i] = ccm_expiry_due(e, c); /* ended: retention, or a provisional FCR */
    if (t->due[i] < next_min) next_min = t->due[i];
  }
  t->due_min = next_min;
  return CCM_OK;
}
