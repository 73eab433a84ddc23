/*
 * engine.c: engine lifetime, ingestion (validate, apply, reserve, commit),
 * diagnostics (expiry: expiry.c).
 */
#include <string.h>

#include "ccmetrics_int.h"


/* The size of ccm_event in the first release: later releases only append
 * fields, and must keep accepting hosts built with this size. */
#define CCM_EVENT_SIZE_V1 80u
_Static_assert(sizeof(ccm_event) == CCM_EVENT_SIZE_V1, "ccm_event of release 0.1 is 80 bytes");

int32_t ccm_engine_new(const ccm_config *cfg, const ccm_allocator *alloc, ccm_engine **out) {
  ccm_mem mem;
  ccm_engine *e;
  int32_t d;
  if (!out) return CCM_E_INVALID_ARG;
  *out = NULL;
  if (alloc && (!alloc->alloc || !alloc->realloc || !alloc->free)) return CCM_E_INVALID_ARG;
  ccm_mem_init(&mem, alloc);
  e = ccm_zalloc(&mem, sizeof *e);
  if (!e) return CCM_E_NOMEM;
  e->mem = mem;
  if (cfg) {
    memcpy(e->cfg, cfg->value, sizeof e->cfg);
    e->clock = cfg->clock;
    if (cfg->has_calendar && ccm_calendar_copy(&cfg->cal, &e->mem, &e->cal) != CCM_OK) {
      ccm_free(&e->mem, e, sizeof *e);
      return CCM_E_NOMEM;
    }
    e->has_calendar = cfg->has_calendar;
  } else {
    ccm_config_defaults(e->cfg);
    ccm_clock_utc(&e->clock);
  }
  /* a clock without changes of offset: buckets by plain arithmetic */
  e->clock_fixed = !e->clock.fn && !e->clock.tz.has_dst;
  e->fixed_offset = e->clock_fixed ? e->clock.tz.std_offset : 0;
  ccm_buckets_forget(e);
  for (d = 0; d < CCM_DICTS; d++) ccm_dict_init(&e->dict[d], d);
  ccm_contacts_init(&e->contacts, &e->mem);
  ccm_pool_init(&e->tags, sizeof(ccm_tag_node));
  ccm_pool_init(&e->acw, sizeof(ccm_acw_leg));
  ccm_pool_init(&e->fcr, sizeof(ccm_fcr_node));
  e->now = INT64_MIN;
  e->dedup.latest = e->reorder.latest = INT64_MIN;
  e->customers.last_scan = e->customers.next_scan = INT64_MIN;
  *out = e;
  return CCM_OK;
}

void ccm_engine_free(ccm_engine *e) {
  ccm_mem mem;
  uint32_t i;
  int32_t d;
  if (!e) return;
  ccm_route_cache_free(e);
  for (i = 0; i < e->nviews; i++) ccm_view_destroy(e->views[i]);
  ccm_free(&e->mem, e->views, (size_t)e->views_cap * sizeof *e->views);
  for (d = 0; d < CCM_DICTS; d++) ccm_dict_free(&e->dict[d], &e->mem);
  ccm_contacts_free(&e->contacts, &e->mem);
  ccm_pool_free(&e->tags, &e->mem);
  ccm_pool_free(&e->acw, &e->mem);
  ccm_pool_free(&e->fcr, &e->mem);
  ccm_customers_free(e);
  ccm_agents_free(e);
  if (e->has_calendar) ccm_calendar_release(&e->cal, &e->mem);
  ccm_dedup_free(&e->dedup, &e->mem);
  ccm_reorder_free(&e->reorder, &e->mem);
  mem = e->mem;
  ccm_free(&mem, e, sizeof *e);
}

int32_t ccm_engine_config(const ccm_engine *e, int32_t key, int64_t *value) {
  if (!e || !value) return CCM_E_INVALID_ARG;
  if (key < CCM_CFG_FIRST || key > CCM_CFG_LAST) return CCM_E_NOT_FOUND;
  *value = e->cfg[key];
  return CCM_OK;
}

int32_t ccm_engine_stat(const ccm_engine *e, int32_t stat, int64_t *value) {
  uint32_t i;
  if (!e || !value) return CCM_E_INVALID_ARG;
  switch (stat) {
    case CCM_STAT_ACCEPTED: *value = e->accepted; break;
    case CCM_STAT_REJECTED: *value = e->rejected; break;
    case CCM_STAT_CLAMPED: *value = e->clamped; break;
    case CCM_STAT_OPEN_CONTACTS: *value = e->contacts.open; break;
    case CCM_STAT_RETAINED_CONTACTS: *value = e->contacts.retained; break;
    case CCM_STAT_RELEASED: *value = e->released; break;
    case CCM_STAT_EXPIRED: *value = e->expired; break;
    case CCM_STAT_FORGOTTEN: *value = e->forgotten; break;
    case CCM_STAT_CELLS:
      *value = 0;
      for (i = 0; i < e->nviews; i++) *value += e->views[i]->ncells;
      break;
    case CCM_STAT_MEMORY_BYTES: *value = e->mem.bytes; break;
    case CCM_STAT_ALLOCATIONS: *value = e->mem.allocations; break;
    case CCM_STAT_ACW_UNCLOSED: *value = e->acw_unclosed; break;
    case CCM_STAT_VIEWS: *value = e->nviews; break;
    case CCM_STAT_CUSTOMERS: *value = e->customers.used; break;
    case CCM_STAT_FCR_PENDING: *value = e->fcr_pending; break;
    case CCM_STAT_DUPLICATES: *value = e->duplicates; break;
    case CCM_STAT_REORDERED: *value = e->reordered; break;
    case CCM_STAT_HELD: *value = e->reorder.n; break;
    case CCM_STAT_EVENT_IDS: *value = e->dedup.count - e->dedup.holes; break;
    case CCM_STAT_AGENTS: *value = e->agents_known; break;
    default: return CCM_E_NOT_FOUND;
  }
  return CCM_OK;
}

int32_t ccm_engine_rejected(const ccm_engine *e, int32_t code, int64_t *count) {
  if (!e || !count || code >= 0) return CCM_E_INVALID_ARG;
  *count = (-code < CCM_REJECT_CODES) ? e->rejected_by_code[-code] : 0;
  return CCM_OK;
}

/* ---- per-contact lists in the pools ------------------------------------ */

static void tags_push(ccm_engine *e, ccm_contact *c, uint32_t tag) {
  uint32_t ref = ccm_pool_take(&e->tags);
  ccm_tag_node *n = ccm_pool_at(&e->tags, ref);
  n->tag = tag;
  n->next = c->tag_head;
  c->tag_head = ref;
  c->ntags++; /* on_tag refuses a tag beyond CCM_MAX_TAGS */
}

/* Unlink one node of a contact's ACW list and give it back. */
static void acw_unlink(ccm_engine *e, ccm_contact *c, uint32_t ref) {
  uint32_t *link = &c->acw_head;
  while (*link != ref) link = &((ccm_acw_leg *)ccm_pool_at(&e->acw, *link))->next;
  *link = ((ccm_acw_leg *)ccm_pool_at(&e->acw, ref))->next;
  ccm_pool_give(&e->acw, ref);
}

static void acw_commit(ccm_engine *e, ccm_contact *c, const ccm_apply *ap) {
  if (ap->acw_remove) acw_unlink(e, c, ap->acw_remove);
  if (ap->acw_drop) {
    acw_unlink(e, c, ap->acw_drop);
    e->acw_unclosed++;
  }
  if (ap->acw_push) {
    uint32_t ref = ccm_pool_take(&e->acw);
    ccm_acw_leg *n = ccm_pool_at(&e->acw, ref);
    *n = ap->acw_new;
    n->next = c->acw_head;
    c->acw_head = ref;
  }
}

/* ---- ingestion --------------------------------------------------------- */

static int32_t rejected(ccm_engine *e, const ccm_event *ev, int32_t code, const char *why) {
  const char *name = ccm_event_name(ev->type);
  e->rejected++;
  if (-code < CCM_REJECT_CODES) e->rejected_by_code[-code]++;
  ccm_set_error(e, code, "%s (contact %llu): %s [%s]", name ? name : "event", (unsigned long long)ev->contact, why,
                ccm_error_name(code));
  return code;
}

static bool id_ok(const ccm_engine *e, int32_t dim, uint32_t id) { return id == 0 || ccm_dict_has(&e->dict[dim], id); }

/* Events of a contact's life (the state machine of contact.c). */
static bool is_contact_event(int32_t type) { return type >= CCM_EV_CONTACT_START && type <= CCM_EV_CONTACT_END; }

/* Checks that need no contact state. */
static int32_t check_envelope(const ccm_engine *e, const ccm_event *ev, const char **why) {
  int32_t label_dim;
  if (ev->size < CCM_EVENT_SIZE_V1) return *why = "event size smaller than release 0.1's ccm_event", CCM_E_EVENT_SIZE;
  if (ev->type <= 0 || ev->type >= CCM_EV_COUNT) return *why = "unknown event type", CCM_E_EVENT_TYPE;
  if (ev->ts < -CCM_MAX_ABS_TS || ev->ts > CCM_MAX_ABS_TS) return *why = "timestamp out of range", CCM_E_VALUE_RANGE;
  if (is_contact_event(ev->type) && !ev->contact) return *why = "contact missing", CCM_E_MISSING_FIELD;
  if (ev->channel > CCM_CHANNEL_OTHER) return *why = "unknown channel", CCM_E_VALUE_RANGE;
  if (ev->direction > CCM_DIRECTION_OUTBOUND) return *why = "unknown direction", CCM_E_VALUE_RANGE;
  if (!id_ok(e, CCM_DIM_SKILL, ev->skill)) return *why = "skill id never interned", CCM_E_BAD_ID;
  if (!id_ok(e, CCM_DIM_CAMPAIGN, ev->campaign)) return *why = "campaign id never interned", CCM_E_BAD_ID;
  if (!id_ok(e, CCM_DIM_AGENT, ev->agent)) return *why = "agent id never interned", CCM_E_BAD_ID;
  if (!id_ok(e, CCM_DIM_TEAM, ev->team)) return *why = "team id never interned", CCM_E_BAD_ID;
  label_dim = ccm_event_label_dim_of(ev->type);
  if (label_dim >= 0 && !id_ok(e, label_dim, ev->label)) return *why = "label id never interned", CCM_E_BAD_ID;
  switch (ev->type) {
    case CCM_EV_CONTACT_START:
      if (!ev->channel) return *why = "channel missing", CCM_E_MISSING_FIELD;
      if (!ev->direction) return *why = "direction missing", CCM_E_MISSING_FIELD;
      break;
    case CCM_EV_QUEUE_ENTER:
      if (!ev->skill) return *why = "skill missing", CCM_E_MISSING_FIELD;
      break;
    case CCM_EV_OFFER:
    case CCM_EV_OFFER_MISS:
    case CCM_EV_ANSWER:
      if (!ev->agent) return *why = "agent missing", CCM_E_MISSING_FIELD;
      break;
    case CCM_EV_TAG:
    case CCM_EV_DISPOSITION:
      if (!ev->label) return *why = "label missing", CCM_E_MISSING_FIELD;
      break;
    case CCM_EV_CSAT:
    case CCM_EV_NPS:
    case CCM_EV_CES:
    case CCM_EV_QA_SCORE:
      return ccm_survey_check(ev, why);
    case CCM_EV_AGENT_STATE:
      return ccm_agent_state_check(ev, why);
    case CCM_EV_COST:
    case CCM_EV_CUSTOMER_ACQUIRE:
    case CCM_EV_CUSTOMER_CHURN:
    case CCM_EV_CUSTOMER_REVENUE:
      return ccm_ledger_check(ev, why);
    default:
      break;
  }
  return CCM_OK;
}

/* Events an ended contact still accepts (late work on a closed contact). */
static bool allowed_after_end(int32_t type) {
  switch (type) {
    case CCM_EV_TAG:
    case CCM_EV_DISPOSITION:
    case CCM_EV_RESOLVE:
    case CCM_EV_REOPEN:
    case CCM_EV_ESCALATE:
    case CCM_EV_ACW_END:
      return true;
    default:
      return false;
  }
}

/* The cells of a view by tag that a credit may reach: one per tag of a
 * contact with ntags tags, or its own tag's. */
static uint32_t credit_tag_cells(const ccm_credit *cr, uint32_t ntags) {
  return (!cr->single_tag && ntags > 1) ? ntags : 1;
}

/* Credits to cells that reserve_cells_slow() makes room for beyond an
 * event's own, in every view without sketches: the room left is then
 * spent by the next events with no view looked at (reserve_cells), and
 * the views are looked at again every ten events or so rather than at
 * every event.  At most this many cells and their words more per view
 * (16 x 147 words, 19 KiB).  Measured (tests/bench/RESULTS.md): 64 saves
 * 1 % more instructions than 16 for 75 KiB per view. */
#define VIEW_ROOM_AHEAD 16u

/* Room for every cell the credits may create, in every view (a credit
 * goes to each of the contact's ntags tags in a tag view), and e->view_room
 * what every view still takes after them.  The counts depend only on
 * whether a view is by tag and keeps sketches, so they are summed once per
 * event, not once per view.  Out of line: reserve_cells() comes here only
 * when the room left is spent. */
static CCM_NOINLINE int32_t reserve_cells_slow(ccm_engine *e, const ccm_apply *ap, uint32_t ntags, uint32_t need) {
  uint32_t i, k, cells = ap->ncredits, tag_cells = 0, values = 0, tag_values = 0, room = UINT32_MAX;
  bool values_known = false;
  for (i = 0; i < e->nviews; i++) {
    ccm_view *v = e->views[i];
    uint32_t inserts = 0, more;
    int32_t rc;
    if (v->by_tag && tag_cells == 0) /* counted once, for the first view by tag */
      for (k = 0; k < ap->ncredits; k++) tag_cells += credit_tag_cells(&ap->credit[k], ntags);
    more = v->by_tag ? tag_cells : cells;
    if (v->sketches) {
      if (!values_known) {
        for (k = 0; k < ap->ncredits; k++) {
          uint32_t n = ccm_credit_sketch_values(&ap->credit[k]);
          values += n;
          tag_values += n * credit_tag_cells(&ap->credit[k], ntags);
        }
        values_known = true;
      }
      inserts = v->by_tag ? tag_values : values;
    } else if (ccm_view_reserve(v, need + VIEW_ROOM_AHEAD, 0) == CCM_OK) {
      continue; /* else the event's own room, which alone is an error to lack */
    }
    rc = ccm_view_reserve(v, more, inserts);
    if (rc) return rc;
  }
  /* after every reserve (each sets view_room to 0) */
  for (i = 0; i < e->nviews; i++) {
    uint32_t r = ccm_view_room(e->views[i]);
    if (r < room) room = r;
  }
  e->view_room = room > need ? room - need : 0;
  return CCM_OK;
}

/* The usual case: the room left after earlier events covers this one's
 * credits (counted as if every view were by tag, which is at least as
 * much), and no view is looked at. */
static int32_t reserve_cells(ccm_engine *e, const ccm_apply *ap, uint32_t ntags) {
  uint32_t k, need = ap->ncredits;
  if (!need) return CCM_OK;
  if (ntags > 1) /* else one per credit */
    for (k = 0, need = 0; k < ap->ncredits; k++) need += credit_tag_cells(&ap->credit[k], ntags);
  if (need <= e->view_room) {
    e->view_room -= need;
    return CCM_OK;
  }
  return reserve_cells_slow(e, ap, ntags, need);
}

/* Every credit of an event, at the event's time, to every view it goes to. */
void ccm_route_credits(ccm_engine *e, const ccm_apply *ap, uint32_t tag_head, int64_t ts) {
  const int64_t *bucket;
  uint32_t k;
  if (!ap->ncredits || !e->nviews) return; /* no cell to credit */
  bucket = ccm_buckets_at(e, ts);
  for (k = 0; k < ap->ncredits; k++) {
    const ccm_credit *cr = &ap->credit[k];
    uint32_t n = cr->views ? cr->views - 1 : e->nviews, head = cr->old_tags ? ap->old_tag_head : tag_head, i;
    if (e->routes.key) {
      ccm_route_credit(e, cr, n, head, bucket);
      continue;
    }
    /* no route table (one view): the view looks the cell up itself */
    for (i = 0; i < n; i++) ccm_view_credit(e->views[i], cr, e, head, bucket[e->views[i]->grain]);
  }
}

/* Surveys and ledger events: no state, one credit. */
static int32_t ingest_stateless(ccm_engine *e, const ccm_event *ev) {
  ccm_apply ap;
  const ccm_contact *c = NULL;
  int32_t rc;
  if (ev->type >= CCM_EV_CSAT && ev->type <= CCM_EV_QA_SCORE) c = ccm_survey_credit(e, ev, &ap);
  else ccm_ledger_credit(ev, e->cfg[CCM_CFG_LEVELS] != 0, &ap);
  rc = reserve_cells(e, &ap, c ? c->ntags : 0);
  if (rc) return rejected(e, ev, rc, rc == CCM_E_NOMEM ? "out of memory" : "capacity limit reached");
  ccm_route_credits(e, &ap, c ? c->tag_head : 0, ev->ts);
  e->accepted++;
  return CCM_OK;
}

/* The record a new contact starts from. */
static const ccm_contact no_contact;

/* One event whose envelope is valid: validated against the state, applied. */
static int32_t apply_event(ccm_engine *e, const ccm_event *ev) {
  ccm_contact *rec, tmp;
  ccm_apply ap;
  const char *why = NULL;
  bool is_new, customers, need_customer = false, push_fcr = false;
  int64_t due_before;
  bool due_may_drop;
  int32_t rc;
  if (ev->type == CCM_EV_AGENT_STATE) {
    rc = ccm_agents_ingest(e, ev, &why);
    if (rc) return rejected(e, ev, rc, why);
    e->accepted++;
    return CCM_OK;
  }
  if (!is_contact_event(ev->type)) return ingest_stateless(e, ev);
  rec = ccm_contacts_find(&e->contacts, ev->contact);
  is_new = ev->type == CCM_EV_CONTACT_START;
  if (is_new && rec) return rejected(e, ev, CCM_E_CONTACT_EXISTS, "a contact with this id is open or retained");
  if (!is_new && !rec) return rejected(e, ev, CCM_E_UNKNOWN_CONTACT, "no contact with this id");
  if (rec && (rec->flags & CCM_C_ENDED) && !allowed_after_end(ev->type))
    return rejected(e, ev, CCM_E_CONTACT_ENDED, "the contact has ended");
  if (rec && ev->ts < rec->last_ts)
    return rejected(e, ev, CCM_E_TIME_BACKWARDS, "timestamp earlier than the contact's previous event");
  if (rec) tmp = *rec;
  else memset(&tmp, 0, sizeof tmp);
  rc = ccm_contact_apply(e, rec ? rec : &no_contact, &tmp, is_new, ev, &ap);
  if (rc) return rejected(e, ev, rc, ap.why);
  customers = ccm_customers_involved(&tmp, ev, &ap);
  if (customers) ccm_customers_plan(e, &tmp, ev, &ap, &need_customer, &push_fcr);

  /* Reserve everything the commit needs; failing here changes nothing. */
  if (is_new) {
    if (e->cfg[CCM_CFG_MAX_CONTACTS] && e->contacts.used >= (uint64_t)e->cfg[CCM_CFG_MAX_CONTACTS])
      return rejected(e, ev, CCM_E_LIMIT, "max_contacts reached");
    rc = ccm_contacts_reserve(&e->contacts, &e->mem);
  }
  if (!rc && ap.push_tag) rc = ccm_pool_reserve(&e->tags, &e->mem);
  if (!rc && ap.acw_push) rc = ccm_pool_reserve(&e->acw, &e->mem);
  if (!rc && (need_customer || push_fcr)) rc = ccm_customers_reserve(e, need_customer, push_fcr); /* planned */
  if (!rc) rc = reserve_cells(e, &ap, tmp.ntags);
  if (rc) return rejected(e, ev, rc, rc == CCM_E_NOMEM ? "out of memory" : "capacity limit reached");

  /* Commit: nothing below can fail.  Only a new contact or a change of
   * state (flags, after-contact work) can bring its due time earlier; a
   * later last_ts alone moves it later, which needs no note (expiry.c). */
  due_may_drop = !rec || tmp.flags != rec->flags || tmp.nacw != rec->nacw;
  due_before = !due_may_drop ? 0 : rec ? ccm_expiry_due(e, rec) : INT64_MAX;
  if (is_new) {
    rec = ccm_contacts_insert(&e->contacts, ev->contact);
    tmp.key = rec->key;
    tmp.flags |= CCM_C_USED;
    e->contacts.open++;
  }
  if ((tmp.flags & CCM_C_ENDED) && !(rec->flags & CCM_C_ENDED)) ccm_contacts_count_ended(&e->contacts);
  *rec = tmp;
  if (ap.push_tag) tags_push(e, rec, ap.push_tag);
  acw_commit(e, rec, &ap);
  ccm_route_credits(e, &ap, rec->tag_head, ev->ts);
  if (customers) ccm_customers_commit(e, rec, ev, &ap, push_fcr);
  /* the record's due time is at most its due time before (expiry.c): only
   * an earlier one is written, a few times in a contact's life */
  if (due_may_drop) {
    int64_t due_after = ccm_expiry_due(e, rec);
    if (due_after < due_before) ccm_contacts_set_due(&e->contacts, rec, due_after);
  }
  e->clamped += ap.clamped;
  e->accepted++;
  return CCM_OK;
}

static bool dedup_on(const ccm_engine *e, const ccm_event *ev) {
  return ev->event_id != 0 && e->cfg[CCM_CFG_DEDUP_WINDOW_MS] > 0;
}

/* Apply the held events whose time is <= until, in time order; the result
 * of the one that arrived as `mine` (CCM_OK while it stays held).  The
 * others' rejections are counted like any rejection. */
static int32_t release_held(ccm_engine *e, int64_t until, uint64_t mine) {
  int32_t result = CCM_OK;
  while (ccm_reorder_ready(&e->reorder, until)) {
    ccm_held h;
    int32_t rc;
    ccm_reorder_pop(&e->reorder, &h);
    rc = apply_event(e, &h.ev);
    /* its id was remembered when it was held: a refused event is not "seen" */
    if (rc < 0 && dedup_on(e, &h.ev)) ccm_dedup_forget(&e->dedup, h.ev.event_id);
    if (h.seq == mine) result = rc;
  }
  return result;
}

/* A contact event with lateness allowed: held, then whatever is ripe applied. */
static int32_t hold_event(ccm_engine *e, const ccm_event *ev) {
  const ccm_contact *rec = ccm_contacts_find(&e->contacts, ev->contact);
  int64_t lateness = e->cfg[CCM_CFG_LATENESS_MS], until;
  uint64_t mine;
  int32_t rc;
  bool ripe, ids = dedup_on(e, ev);
  if (rec && ev->ts < rec->last_ts)
    return rejected(e, ev, CCM_E_TOO_LATE, "earlier than an event of the contact already applied (lateness exceeded)");
  rc = ccm_reorder_reserve(e);
  if (rc) return rejected(e, ev, rc, rc == CCM_E_NOMEM ? "out of memory" : "capacity limit reached");
  if (ev->ts < e->reorder.latest) e->reordered++;
  mine = e->reorder.next_seq;
  ccm_reorder_push(e, ev);
  /* An event applied at once (already older than the watermark allows) is
   * remembered once accepted, as without lateness: remembering it first
   * could push the oldest id out, a change a refused event must not make.
   * One that stays held is remembered now, so that a redelivery of it is
   * a duplicate while it waits. */
  until = e->reorder.latest - lateness; /* what is applied now */
  ripe = ev->ts <= until;
  if (ids && !ripe) ccm_dedup_remember(e, ev->event_id, ev->ts);
  rc = release_held(e, until, mine);
  if (ids && ripe && rc == CCM_OK) ccm_dedup_remember(e, ev->event_id, ev->ts);
  return rc;
}

/* One event (e and ev not NULL).  ccm_ingest_batch calls it directly: a
 * call to the exported ccm_ingest would go through the PLT. */
static int32_t ingest_one(ccm_engine *e, const ccm_event *ev) {
  const char *why = NULL;
  int32_t rc;
  rc = check_envelope(e, ev, &why);
  if (rc) return rejected(e, ev, rc, why);
  if (dedup_on(e, ev)) {
    if (ccm_dedup_seen(&e->dedup, ev->event_id)) {
      e->duplicates++;
      return CCM_DUPLICATE;
    }
    rc = ccm_dedup_reserve(e);
    if (rc) return rejected(e, ev, rc, "out of memory");
  }
  if (e->cfg[CCM_CFG_LATENESS_MS] > 0 && is_contact_event(ev->type)) return hold_event(e, ev);
  rc = apply_event(e, ev);
  if (rc == CCM_OK && dedup_on(e, ev)) ccm_dedup_remember(e, ev->event_id, ev->ts);
  return rc;
}

int32_t ccm_ingest(ccm_engine *e, const ccm_event *ev) {
  if (!e || !ev) return CCM_E_INVALID_ARG;
  return ingest_one(e, ev);
}

void ccm_engine_release_held(ccm_engine *e, int64_t until) { release_held(e, until, UINT64_MAX); }

int32_t ccm_engine_flush(ccm_engine *e) {
  if (!e) return CCM_E_INVALID_ARG;
  release_held(e, INT64_MAX, UINT64_MAX);
  return CCM_OK;
}

int32_t ccm_ingest_batch(ccm_engine *e, const ccm_event *evs, size_t n, size_t stride, size_t *accepted,
                         int32_t *results) {
  size_t i, ok = 0;
  int32_t first = CCM_OK;
  const unsigned char *p = (const unsigned char *)evs;
  if (accepted) *accepted = 0;
  if (!e || (!evs && n)) return CCM_E_INVALID_ARG;
  if (!stride) stride = sizeof(ccm_event);
  for (i = 0; i < n; i++, p += stride) {
    int32_t rc;
    /* Two-stage prefetch: the index slot 16 events ahead, the record 8 ahead
     * (and a starting contact's customer slot). */
    if (i + 16 < n) ccm_contacts_prefetch_slot(&e->contacts, ((const ccm_event *)(const void *)(p + 16 * stride))->contact);
    if (i + 8 < n) {
      const ccm_event *ahead = (const ccm_event *)(const void *)(p + 8 * stride);
      ccm_contacts_prefetch_record(&e->contacts, ahead->contact);
      if (ahead->type == CCM_EV_CONTACT_START && ahead->customer) ccm_customers_prefetch(&e->customers, ahead->customer);
    }
    rc = ingest_one(e, (const ccm_event *)(const void *)p);
    if (results) results[i] = rc;
    if (rc == CCM_OK) {
      ok++;
      continue;
    }
    if (rc == CCM_DUPLICATE) continue;
    if (first == CCM_OK) first = rc;
    if (rc == CCM_E_NOMEM) break;
  }
  if (accepted) *accepted = ok;
  return first;
}
