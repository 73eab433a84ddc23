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

/* Room for n more takes, growing by doubling.  A take uses the free chain
 * (hwm - used nodes) before the never used nodes (cap - hwm), so n takes fit
 * when cap - used >= n. */
int32_t ccm_pool_reserve_n(ccm_pool *p, ccm_mem *m, uint32_t n) {
  uint64_t need = (uint64_t)p->used + n, ncap;
  unsigned char *nodes;
  if (ccm_pool_has_room(p, n)) return CCM_OK;
  if (need > CCM_POOL_LIMIT) return CCM_E_LIMIT;
  ncap = p->cap ? (uint64_t)p->cap * 2 : 64;
  while (ncap < need) ncap *= 2;
  if (ncap > CCM_POOL_LIMIT) ncap = CCM_POOL_LIMIT;
  nodes = ccm_realloc_array(m, p->nodes, p->cap, (size_t)ncap, p->node_size);
  if (!nodes) return CCM_E_NOMEM;
  p->nodes = nodes;
  p->cap = (uint32_t)ncap;
  return CCM_OK;
}

int32_t ccm_pool_reserve(ccm_pool *p, ccm_mem *m) { return ccm_pool_reserve_n(p, m, 1); }

/* Every node free again without walking the lists: ccm_pool_take hands out
 * nodes from the start of the array and zeroes each one it hands out. */
void ccm_pool_forget_all(ccm_pool *p) { p->hwm = p->used = p->free_head = 0; }

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

void ccm_pool_give_list(ccm_pool *p, uint32_t *head) {
  uint32_t ref = *head;
  while (ref) {
    uint32_t next;
    memcpy(&next, ccm_pool_at(p, ref), sizeof next); /* nodes start with next */
    ccm_pool_give(p, ref);
    ref = next;
  }
  *head = 0;
}
