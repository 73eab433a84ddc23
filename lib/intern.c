/* intern.c: dimension values <-> 32-bit ids, one dictionary per dimension. */
#include <string.h>

#include "ccmetrics_int.h"
#include "hash.h"

#define BLOCK_SIZE 16384

static const char *const channel_names[] = {"voice", "chat", "email", "sms", "social", "messaging", "video", "other"};
static const char *const direction_names[] = {"inbound", "outbound"};

static const char *const dim_names[CCM_DICTS] = {"agent",   "team",        "skill", "campaign", "channel", "direction",
                                                  "contact_type", "disposition", "tag",   "reason",   "form"};

const char *ccm_dim_name(int32_t dim) { return (dim >= 0 && dim < CCM_DICTS) ? dim_names[dim] : NULL; }

void ccm_dict_init(ccm_dict *d, int32_t dim) {
  memset(d, 0, sizeof *d);
  if (dim == CCM_DIM_CHANNEL) {
    d->fixed = channel_names;
    d->nfixed = sizeof channel_names / sizeof *channel_names;
  } else if (dim == CCM_DIM_DIRECTION) {
    d->fixed = direction_names;
    d->nfixed = sizeof direction_names / sizeof *direction_names;
  }
}

typedef struct block_header {
  char *prev;
  size_t cap;
} block_header;

void ccm_dict_free(ccm_dict *d, ccm_mem *m) {
  char *b = d->block;
  while (b) {
    block_header h;
    memcpy(&h, b, sizeof h);
    ccm_free(m, b, h.cap);
    b = h.prev;
  }
  ccm_free(m, d->entry, d->cap * sizeof *d->entry);
  ccm_free(m, d->slots, d->nslots * sizeof *d->slots);
  memset(d, 0, sizeof *d);
}

static uint32_t find(const ccm_dict *d, const char *name, size_t len, uint32_t h) {
  uint32_t mask, i;
  if (d->fixed) {
    for (i = 0; i < d->nfixed; i++)
      if (strlen(d->fixed[i]) == len && memcmp(d->fixed[i], name, len) == 0) return i + 1;
    return 0;
  }
  if (!d->nslots) return 0;
  mask = d->nslots - 1;
  for (i = h & mask;; i = (i + 1) & mask) {
    uint32_t id = d->slots[i];
    if (!id) return 0;
    if (d->entry[id - 1].len == len && memcmp(d->entry[id - 1].name, name, len) == 0) return id;
  }
}

/* Make room for one more value; on failure nothing observable changed. */
static int32_t reserve(ccm_dict *d, ccm_mem *m, size_t len) {
  if (d->count == d->cap) {
    uint32_t ncap = d->cap ? d->cap * 2 : 16;
    struct ccm_dict_entry *entry;
    if (d->cap >= 0x40000000u) return CCM_E_LIMIT;
    entry = ccm_realloc_array(m, d->entry, d->cap, ncap, sizeof *entry);
    if (!entry) return CCM_E_NOMEM;
    d->entry = entry;
    d->cap = ncap;
  }
  if ((d->count + 1) * 2 > d->nslots) {
    uint32_t n = d->nslots ? d->nslots * 2 : 32, i, mask = n - 1;
    uint32_t *slots = ccm_zalloc(m, n * sizeof *slots);
    if (!slots) return CCM_E_NOMEM;
    for (i = 0; i < d->count; i++) {
      uint32_t j = ccm_hash_bytes(d->entry[i].name, d->entry[i].len) & mask;
      while (slots[j]) j = (j + 1) & mask;
      slots[j] = i + 1;
    }
    ccm_free(m, d->slots, d->nslots * sizeof *d->slots);
    d->slots = slots;
    d->nslots = n;
  }
  if (!d->block || d->block_used + len + 1 > d->block_cap) {
    block_header h;
    char *b = ccm_alloc(m, BLOCK_SIZE);
    if (!b) return CCM_E_NOMEM;
    h.prev = d->block;
    h.cap = BLOCK_SIZE;
    memcpy(b, &h, sizeof h);
    d->block = b;
    d->block_used = sizeof h;
    d->block_cap = BLOCK_SIZE;
  }
  return CCM_OK;
}

static int32_t check_args(const ccm_engine *e, int32_t dim, const char *name, size_t len, const uint32_t *id) {
  if (!e || !id || (!name && len)) return CCM_E_INVALID_ARG;
  if (dim < 0 || dim >= CCM_DICTS) return CCM_E_NOT_FOUND;
  if (len == 0) return CCM_E_INVALID_ARG;
  if (len > CCM_MAX_NAME_LEN) return CCM_E_TOO_LONG;
  return CCM_OK;
}

int32_t ccm_intern(ccm_engine *e, int32_t dim, const char *name, size_t len, uint32_t *id) {
  ccm_dict *d;
  uint32_t h, found, mask, i;
  int32_t rc = check_args(e, dim, name, len, id);
  if (rc) return rc;
  d = &e->dict[dim];
  h = ccm_hash_bytes(name, len);
  found = find(d, name, len, h);
  if (found) {
    *id = found;
    return CCM_OK;
  }
  if (d->fixed) return CCM_E_NOT_FOUND;
  rc = reserve(d, &e->mem, len);
  if (rc) return rc;
  d->entry[d->count].name = d->block + d->block_used;
  memcpy(d->entry[d->count].name, name, len);
  d->entry[d->count].name[len] = '\0';
  d->block_used += len + 1;
  d->entry[d->count].len = (uint32_t)len;
  d->count++;
  mask = d->nslots - 1;
  for (i = h & mask; d->slots[i]; i = (i + 1) & mask) {
  }
  d->slots[i] = d->count;
  *id = d->count;
  return CCM_OK;
}

int32_t ccm_lookup(const ccm_engine *e, int32_t dim, const char *name, size_t len, uint32_t *id) {
  uint32_t found;
  int32_t rc = check_args(e, dim, name, len, id);
  if (rc) return rc == CCM_E_TOO_LONG ? CCM_E_NOT_FOUND : rc;
  found = find(&e->dict[dim], name, len, ccm_hash_bytes(name, len));
  if (!found) return CCM_E_NOT_FOUND;
  *id = found;
  return CCM_OK;
}

int32_t ccm_name(const ccm_engine *e, int32_t dim, uint32_t id, const char **name, size_t *len) {
  const ccm_dict *d;
  if (!e || !name) return CCM_E_INVALID_ARG;
  if (dim < 0 || dim >= CCM_DICTS) return CCM_E_NOT_FOUND;
  d = &e->dict[dim];
  if (id == 0) {
    *name = "";
    if (len) *len = 0;
    return CCM_OK;
  }
  if (!ccm_dict_has(d, id)) return CCM_E_NOT_FOUND;
  if (d->fixed) {
    *name = d->fixed[id - 1];
    if (len) *len = strlen(*name);
  } else {
    *name = d->entry[id - 1].name;
    if (len) *len = d->entry[id - 1].len;
  }
  return CCM_OK;
}
