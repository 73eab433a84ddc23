/* contact_table.c: contact records by host key (record pool + linear-probing index). */
#include <string.h>

#include "ccmetrics_int.h"
#include "hash.h"

int32_t ccm_contacts_init(ccm_contact_table *t, ccm_mem *m) {
  (void)m;
  memset(t, 0, sizeof *t);
  t->due_min = INT64_MAX;
  return CCM_OK;
}

void ccm_contacts_free(ccm_contact_table *t, ccm_mem *m) {
  ccm_free(m, t->rec, (size_t)t->cap * sizeof *t->rec);
  ccm_free(m, t->slots, (size_t)t->nslots * sizeof *t->slots);
  ccm_free(m, t->recent, CCM_RECENT_CONTACTS * sizeof *t->recent);
  ccm_free(m, t->due, (size_t)t->due_cap * sizeof *t->due);
  memset(t, 0, sizeof *t);
  t->due_min = INT64_MAX;
}

/* Slots hold 32 bits of the key's hash: the probe reads a record only when
 * they agree, and rehashing or deleting never reads records. */
static uint32_t key_hash(uint64_t key) { return (uint32_t)ccm_hash_u64(key); }

/* The recent-contacts entry of a hash (its high bits: the slot index uses
 * the low ones). */
static struct ccm_slot *recent_of(const ccm_contact_table *t, uint32_t h) {
  return &t->recent[(h >> 19) & (CCM_RECENT_CONTACTS - 1)];
}

ccm_contact *ccm_contacts_find(const ccm_contact_table *t, uint64_t key) {
  uint32_t mask, i, h = key_hash(key);
  struct ccm_slot *r;
  if (!t->nslots) return NULL;
  r = recent_of(t, h);
  /* a free record has no CCM_C_USED (its key field chains the free list) */
  if (r->hash == h && r->idx && t->rec[r->idx - 1].key == key && (t->rec[r->idx - 1].flags & CCM_C_USED))
    return &t->rec[r->idx - 1];
  mask = t->nslots - 1;
  for (i = h & mask; t->slots[i].idx; i = (i + 1) & mask)
    if (t->slots[i].hash == h && t->rec[t->slots[i].idx - 1].key == key) {
      *r = t->slots[i];
      return &t->rec[t->slots[i].idx - 1];
    }
  return NULL;
}

/* Room for the due times of n records. */
static int32_t due_reserve(ccm_contact_table *t, ccm_mem *m, uint32_t n) {
  int64_t *due;
  if (t->due_cap >= n) return CCM_OK;
  due = ccm_realloc_array(m, t->due, t->due_cap, n, sizeof *due);
  if (!due) return CCM_E_NOMEM;
  t->due = due;
  t->due_cap = n;
  return CCM_OK;
}

/* Room for one more contact, so that insert cannot fail. */
int32_t ccm_contacts_reserve(ccm_contact_table *t, ccm_mem *m) {
  if (!t->recent && !(t->recent = ccm_zalloc(m, CCM_RECENT_CONTACTS * sizeof *t->recent))) return CCM_E_NOMEM;
  if (!t->free_head && t->hwm == t->cap) {
    uint32_t ncap = t->cap ? t->cap * 2 : 64;
    ccm_contact *rec;
    if (t->cap >= 0x7FFFFFFFu) return CCM_E_LIMIT;
    /* first, so that a failure leaves cap as it was */
    if (due_reserve(t, m, ncap) != CCM_OK) return CCM_E_NOMEM;
    rec = ccm_realloc_array(m, t->rec, t->cap, ncap, sizeof *rec);
    if (!rec) return CCM_E_NOMEM;
    t->rec = rec;
    t->cap = ncap;
  }
  if ((uint64_t)(t->used + 1) * 2 > t->nslots) {
    uint32_t n = t->nslots ? t->nslots * 2 : 128, mask = n - 1, i;
    struct ccm_slot *slots = ccm_zalloc(m, (size_t)n * sizeof *slots);
    if (!slots) return CCM_E_NOMEM;
    for (i = 0; i < t->nslots; i++) {
      uint32_t j;
      if (!t->slots[i].idx) continue;
      for (j = t->slots[i].hash & mask; slots[j].idx; j = (j + 1) & mask) {
      }
      slots[j] = t->slots[i];
    }
    ccm_free(m, t->slots, (size_t)t->nslots * sizeof *t->slots);
    t->slots = slots;
    t->nslots = n;
  }
  return CCM_OK;
}

ccm_contact *ccm_contacts_insert(ccm_contact_table *t, uint64_t key) {
  uint32_t idx, mask = t->nslots - 1, i;
  ccm_contact *c;
  if (t->free_head) {
    idx = t->free_head - 1;
    t->free_head = (uint32_t)t->rec[idx].key;
  } else {
    idx = t->hwm++;
  }
  c = &t->rec[idx];
  memset(c, 0, sizeof *c);
  c->key = key;
  c->flags = CCM_C_USED;
  t->due[idx] = INT64_MAX;
  for (i = key_hash(key) & mask; t->slots[i].idx; i = (i + 1) & mask) {
  }
  t->slots[i].hash = key_hash(key);
  t->slots[i].idx = idx + 1;
  *recent_of(t, t->slots[i].hash) = t->slots[i];
  t->used++;
  return c;
}

/* Remove by backward-shift deletion, so probes never meet tombstones. */
void ccm_contacts_remove(ccm_contact_table *t, ccm_contact *c) {
  uint32_t mask = t->nslots - 1, i, j, idx = (uint32_t)(c - t->rec);
  for (i = key_hash(c->key) & mask; t->slots[i].idx != idx + 1; i = (i + 1) & mask) {
  }
  for (j = (i + 1) & mask; t->slots[j].idx; j = (j + 1) & mask) {
    uint32_t home = t->slots[j].hash & mask;
    /* move j back to i when its home is not in (i, j] (cyclically) */
    if (((j - home) & mask) >= ((j - i) & mask)) {
      t->slots[i] = t->slots[j];
      i = j;
    }
  }
  t->slots[i].idx = 0;
  t->slots[i].hash = 0;
  memset(c, 0, sizeof *c);
  t->due[idx] = INT64_MAX;
  c->key = t->free_head;
  t->free_head = idx + 1;
  t->used--;
}

int32_t ccm_contacts_alloc_due(ccm_contact_table *t, ccm_mem *m) {
  uint32_t i;
  if (due_reserve(t, m, t->cap) != CCM_OK) return CCM_E_NOMEM;
  for (i = 0; i < t->cap; i++) t->due[i] = INT64_MAX;
  return CCM_OK;
}

void ccm_contacts_prefetch_slot(const ccm_contact_table *t, uint64_t key) {
  if (t->nslots) CCM_PREFETCH(&t->slots[key_hash(key) & (t->nslots - 1)]);
}

/* The record of the first slot of the probe whose hash agrees (the slots
 * were asked for some events ago; a probe seldom leaves their line). */
void ccm_contacts_prefetch_record(const ccm_contact_table *t, uint64_t key) {
  uint32_t mask, i, h = key_hash(key), n;
  if (!t->nslots) return;
  mask = t->nslots - 1;
  for (i = h & mask, n = 0; t->slots[i].idx && n < 8; i = (i + 1) & mask, n++)
    if (t->slots[i].hash == h) {
      const char *r = (const char *)&t->rec[t->slots[i].idx - 1];
      size_t at;
      for (at = 0; at < sizeof *t->rec; at += 64) CCM_PREFETCH(r + at);
      CCM_PREFETCH(r + sizeof *t->rec - 1);
      return;
    }
}
