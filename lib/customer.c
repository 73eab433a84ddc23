/*
 * customer.c: customer records, repeat contacts and provisional first
 * contact resolution (doc/CHOICES.md, "Customers and first contact
 * resolution").
 *
 * A customer record holds the latest contact_start of the customer and the
 * list of its provisional FCRs.  An FCR is credited at the first closure and
 * taken back, in the very cells it went to, when the customer comes back
 * within the repeat window or the contact is reopened, escalated or
 * transferred; ccm_engine_advance() makes it final once the window passed.
 */
#include <string.h>

#include "ccmetrics_int.h"
#include "hash.h"

uint32_t ccm_customer_hash(uint64_t key) { return (uint32_t)(ccm_hash_u64(key ^ 0x5bd1e995u) >> 32); }


static uint32_t contact_hash(uint64_t key) { return (uint32_t)ccm_hash_u64(key); }

static ccm_customer *find(const ccm_customer_table *t, uint64_t key) {
  uint32_t mask, i;
  if (!t->nslots) return NULL;
  mask = t->nslots - 1;
  for (i = ccm_customer_hash(key) & mask; t->slot[i].key; i = (i + 1) & mask)
    if (t->slot[i].key == key) return &t->slot[i];
  return NULL;
}

static int32_t table_reserve(ccm_customer_table *t, ccm_mem *m) {
  uint32_t n, mask, i;
  ccm_customer *slot;
  /* three quarters full at most: records are small, probes stay short */
  if ((uint64_t)(t->used + 1) * 4 <= (uint64_t)t->nslots * 3) return CCM_OK;
  if (t->nslots >= 0x80000000u) return CCM_E_LIMIT;
  n = t->nslots ? t->nslots * 2 : 64;
  mask = n - 1;
  slot = ccm_zalloc(m, (size_t)n * sizeof *slot);
  if (!slot) return CCM_E_NOMEM;
  for (i = 0; i < t->nslots; i++) {
    uint32_t j;
    if (!t->slot[i].key) continue;
    for (j = ccm_customer_hash(t->slot[i].key) & mask; slot[j].key; j = (j + 1) & mask) {
    }
    slot[j] = t->slot[i];
  }
  ccm_free(m, t->slot, (size_t)t->nslots * sizeof *t->slot);
  t->slot = slot;
  t->nslots = n;
  return CCM_OK;
}

void ccm_customers_prefetch(const ccm_customer_table *t, uint64_t key) {
  if (t->nslots) CCM_PREFETCH(&t->slot[ccm_customer_hash(key) & (t->nslots - 1)]);
}

/* After table_reserve(). */
static ccm_customer *insert(ccm_customer_table *t, uint64_t key) {
  uint32_t mask = t->nslots - 1, i;
  for (i = ccm_customer_hash(key) & mask; t->slot[i].key; i = (i + 1) & mask) {
  }
  memset(&t->slot[i], 0, sizeof t->slot[i]);
  t->slot[i].key = key;
  t->used++;
  return &t->slot[i];
}

/* Backward-shift deletion: probes never meet tombstones. */
static void remove_at(ccm_customer_table *t, uint32_t i) {
  uint32_t mask = t->nslots - 1, j;
  for (j = (i + 1) & mask; t->slot[j].key; j = (j + 1) & mask) {
    uint32_t home = ccm_customer_hash(t->slot[j].key) & mask;
    if (((j - home) & mask) >= ((j - i) & mask)) {
      t->slot[i] = t->slot[j];
      i = j;
    }
  }
  memset(&t->slot[i], 0, sizeof t->slot[i]);
  t->used--;
}

void ccm_customers_free(ccm_engine *e) {
  ccm_free(&e->mem, e->customers.slot, (size_t)e->customers.nslots * sizeof *e->customers.slot);
  memset(&e->customers, 0, sizeof e->customers);
}

static bool within(int64_t from, int64_t to, int64_t window) { return to >= from && to - from <= window; }

/* Only for events ccm_customers_involved() admits (ccmetrics_int.h): the
 * engine skips the others, so every case below must be one of its cases. */
void ccm_customers_plan(const ccm_engine *e, ccm_contact *c, const ccm_event *ev, ccm_apply *ap, bool *need_record,
                        bool *push_fcr) {
  int64_t window = e->cfg[CCM_CFG_REPEAT_WINDOW_MS];
  const ccm_customer *r;
  *need_record = false;
  *push_fcr = false;
  if (ev->type == CCM_EV_CONTACT_START && c->customer) {
    r = find(&e->customers, c->customer);
    if (r && within(r->last_start, ev->ts, window)) {
      ccm_credit_add(&ap->credit[0], CCM_MS_REPEAT_CONTACTS, 1); /* the contact_start's tuple */
      c->flags |= CCM_C_REPEAT;
    }
    *need_record = r == NULL;
  }
  if (ap->fcr_credit >= 0) {
    r = find(&e->customers, c->customer);
    /* another contact of the customer already started within the window after
     * this closure (ingested earlier, out of time order): not an FCR */
    if (!(r && r->last_contact != contact_hash(c->key) && within(ev->ts, r->last_start, window))) {
      ccm_credit_add(&ap->credit[ap->fcr_credit], CCM_MS_FCR, 1);
      c->flags |= CCM_C_FCR_PENDING;
      *push_fcr = true;
      if (!r) *need_record = true;
    }
  }
}

int32_t ccm_customers_reserve(ccm_engine *e, bool need_record, bool push_fcr) {
  int32_t rc = CCM_OK;
  if (need_record) rc = table_reserve(&e->customers, &e->mem);
  if (!rc && push_fcr) rc = ccm_pool_reserve(&e->fcr, &e->mem);
  return rc;
}

/* fcr -1 in every cell the FCR went to; the node goes back to the pool. */
static void take_back(ccm_engine *e, uint32_t ref) {
  ccm_fcr_node *n = ccm_pool_at(&e->fcr, ref);
  ccm_contact *c = ccm_contacts_find(&e->contacts, n->contact);
  uint32_t i, tag_head = c ? c->tag_head : 0, ntags_now = c ? c->ntags : 0;
  for (i = 0; i < n->nviews && i < e->nviews; i++) {
    ccm_view *v = e->views[i];
    int64_t bucket = ccm_time_bucket(e, v->grain, n->closed);
    ccm_view_adjust(v, n->dims, e, tag_head, ntags_now, c ? n->ntags : 0, bucket, CCM_MS_FCR, -1);
  }
  if (c) {
    c->flags &= ~(uint32_t)CCM_C_FCR_PENDING;
    ccm_expiry_note(e, c); /* an ended contact may be forgotten now */
  }
  ccm_pool_give(&e->fcr, ref);
  e->fcr_pending--;
}

/* Unlink the nodes of r's list that match: for one contact (contact != 0), or
 * closures a start at `start` follows within the window. */
static void take_back_matching(ccm_engine *e, ccm_customer *r, uint64_t contact, int64_t start, bool final_only,
                               int64_t now) {
  uint32_t *link = &r->pending;
  int64_t window = e->cfg[CCM_CFG_REPEAT_WINDOW_MS];
  while (*link) {
    uint32_t ref = *link;
    ccm_fcr_node *n = ccm_pool_at(&e->fcr, ref);
    bool hit;
    if (final_only) hit = now - n->closed > window;
    else if (contact) hit = n->contact == contact;
    else hit = within(n->closed, start, window);
    if (!hit) {
      link = &n->next;
      continue;
    }
    *link = n->next;
    if (final_only) {
      ccm_contact *c = ccm_contacts_find(&e->contacts, n->contact);
      if (c) {
        c->flags &= ~(uint32_t)CCM_C_FCR_PENDING;
        ccm_expiry_note(e, c);
      }
      ccm_pool_give(&e->fcr, ref);
      e->fcr_pending--;
    } else {
      take_back(e, ref);
    }
  }
}

void ccm_customers_commit(ccm_engine *e, ccm_contact *c, const ccm_event *ev, const ccm_apply *ap, bool push_fcr) {
  ccm_customer *r;
  if (ev->type == CCM_EV_CONTACT_START && c->customer) {
    r = find(&e->customers, c->customer);
    if (!r) {
      r = insert(&e->customers, c->customer);
      r->last_start = ev->ts;
      r->last_contact = contact_hash(c->key);
    } else {
      take_back_matching(e, r, 0, ev->ts, false, 0);
      if (ev->ts >= r->last_start) {
        r->last_start = ev->ts;
        r->last_contact = contact_hash(c->key);
      }
    }
  }
  if (ap->fcr_takeback && (r = find(&e->customers, c->customer)) != NULL) take_back_matching(e, r, c->key, 0, false, 0);
  if (push_fcr) {
    uint32_t ref = ccm_pool_take(&e->fcr);
    ccm_fcr_node *n = ccm_pool_at(&e->fcr, ref);
    r = find(&e->customers, c->customer);
    if (!r) {
      /* the record was released while the contact stayed open */
      r = insert(&e->customers, c->customer);
      r->last_start = c->start_ts;
      r->last_contact = contact_hash(c->key);
    }
    memcpy(n->dims, ap->credit[ap->fcr_credit].dims, sizeof n->dims);
    n->ntags = c->ntags;
    n->nviews = e->nviews;
    n->contact = c->key;
    n->closed = ev->ts;
    n->next = r->pending;
    r->pending = ref;
    e->fcr_pending++;
  }
}

/* A scan's turn at record i reads, when the record has closures pending,
 * its newest node and that node's contact (index slot, then record): lines
 * nowhere near each other or the records.  Each is asked for some turns
 * ahead, after the one it is found through: at the end of a long run most
 * of the records have closures pending, and the scan otherwise waits for
 * memory three times a record. */
#define SCAN_AHEAD 8

/* The newest pending closure of record i, or NULL (no record, none pending,
 * past the table). */
static const ccm_fcr_node *newest_pending(const ccm_engine *e, uint32_t i) {
  const ccm_customer_table *t = &e->customers;
  if (i >= t->nslots || !t->slot[i].key || !t->slot[i].pending) return NULL;
  return ccm_pool_at(&e->fcr, t->slot[i].pending);
}

static void scan_prefetch(const ccm_engine *e, uint32_t i) {
  const ccm_fcr_node *n;
  if ((n = newest_pending(e, i + 3 * SCAN_AHEAD)) != NULL) CCM_PREFETCH(n);
  if ((n = newest_pending(e, i + 2 * SCAN_AHEAD)) != NULL) ccm_contacts_prefetch_slot(&e->contacts, n->contact);
  if ((n = newest_pending(e, i + SCAN_AHEAD)) != NULL) ccm_contacts_prefetch_record(&e->contacts, n->contact);
}

void ccm_customers_advance(ccm_engine *e, int64_t now) {
  ccm_customer_table *t = &e->customers;
  int64_t window = e->cfg[CCM_CFG_REPEAT_WINDOW_MS], step = window / 64;
  uint32_t i = 0;
  /* A scan visits every record: hosts call this often, so records are made
   * final and released within 1/64 of the window (at least a minute) after
   * they are due.  Their metrics do not depend on it: repeats and take-backs
   * compare times, not the presence of a record. */
  if (now >= t->last_scan && now < t->next_scan) return; /* (a time before the last scan scans again) */
  t->last_scan = now;
  t->next_scan = now + (step > 60000 ? step : 60000);
  while (i < t->nslots) {
    ccm_customer *r = &t->slot[i];
    if (!r->key) {
      i++;
      continue;
    }
    scan_prefetch(e, i);
    if (r->pending) take_back_matching(e, r, 0, 0, true, now);
    if (!r->pending && now - r->last_start > window) {
      remove_at(t, i); /* a later record may have moved into i: look again */
      continue;
    }
    i++;
  }
}
