/*
 * pool.h - pools of fixed-size nodes named by index + 1 (pool.c).
 */
#ifndef CCM_POOL_H
#define CCM_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "mem.h"

typedef struct ccm_pool {
  unsigned char *nodes;
  uint32_t node_size;
  uint32_t cap, hwm, used; /* nodes allocated / ever handed out / in use */
  uint32_t free_head;      /* index + 1 */
} ccm_pool;

void ccm_pool_init(ccm_pool *p, uint32_t node_size);
void ccm_pool_free(ccm_pool *p, ccm_mem *m);
#define CCM_POOL_LIMIT 0x40000000u /* nodes a pool may hold */
int32_t ccm_pool_reserve(ccm_pool *p, ccm_mem *m); /* room for one take */
int32_t ccm_pool_reserve_n(ccm_pool *p, ccm_mem *m, uint32_t n); /* room for n takes */
void ccm_pool_forget_all(ccm_pool *p); /* every node free, the memory kept */
static inline bool ccm_pool_has_room(const ccm_pool *p, uint32_t n) { return p->cap - p->used >= n; }
uint32_t ccm_pool_take(ccm_pool *p);               /* after reserve; zeroed */
void ccm_pool_give(ccm_pool *p, uint32_t ref);
/* Give every node of a list (chained through its first word) back; *head = 0. */
void ccm_pool_give_list(ccm_pool *p, uint32_t *head);
static inline void *ccm_pool_at(const ccm_pool *p, uint32_t ref) {
  return p->nodes + (size_t)(ref - 1) * p->node_size;
}

#endif
