/*
 * pool.c: fixed-size nodes for the short per-contact lists (tags, agent
 * contacts waiting in after-contact work), so contact records stay small
 * and steady-state ingestion does not allocate.  A node is named by
 * index + 1 (0 = none); free nodes are chained through their first word.
 */
#include <string.h>

#include "ccmetrics_int.h"

void ccm_pool_init(ccm_pool *p, uint32_t node_size) {
  memset(p, 0, sizeof *p);
  p->node_size = node_size;
}

void ccm_pool_free(ccm_pool *p, ccm_mem *m) {
  ccm_free(m, p->nodes, (size_t)p->cap * p->node_size);
  p->nodes = NULL;
  p->cap = p->hwm = p->free_head = p->used = 0;
}

int32_t ccm_pool_reserve(ccm_pool *p, ccm_mem *m) {
  unsigned char *nodes;
  uint32_t ncap;
  if (p->free_head || p->hwm < p->cap) return CCM_OK;
  if (p->cap >= 0x40000000u) return CCM_E_LIMIT;
  ncap = p->cap ? p->cap * 2 : 64;
  nodes = ccm_realloc_array(m, p->nodes, p->cap, ncap, p->node_size);
  if (!nodes) return CCM_E_NOMEM;
  p->nodes = nodes;
  p->cap = ncap;
  return CCM_OK;
}

uint32_t ccm_pool_take(ccm_pool *p) {
  uint32_t ref;
  if (p->free_head) {
    ref = p->free_head;
    memcpy(&p->free_head, ccm_pool_at(p, ref), sizeof p->free_head);
  } else {
    ref = ++p->hwm;
  }
  memset(ccm_pool_at(p, ref), 0, p->node_size);
  p->used++;
  return ref;
}

void ccm_pool_give(ccm_pool *p, uint32_t ref) {
  void *node = ccm_pool_at(p, ref);
  memset(node, 0, p->node_size);
  memcpy(node, &p->free_head, sizeof p->free_head);
  p->free_head = ref;
  p->used--;
}
