/*
 * pool.h - pools of fixed-size nodes named by index + 1 (pool.c).
 */
#ifndef CCM_POOL_H
#define CCM_POOL_H

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
int32_t ccm_pool_reserve(ccm_pool *p, ccm_mem *m); /* room for one take */
uint32_t ccm_pool_take(ccm_pool *p);               /* after reserve; zeroed */
void ccm_pool_give(ccm_pool *p, uint32_t ref);
static inline void *ccm_pool_at(const ccm_pool *p, uint32_t ref) {
  return p->nodes + (size_t)(ref - 1) * p->node_size;
}

#endif
