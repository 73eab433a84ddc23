/*
 * mem.h - every allocation of an engine (or a configuration, a calendar)
 * goes through its hooks and is counted (alloc.c).
 */
#ifndef CCM_MEM_H
#define CCM_MEM_H

#include <stddef.h>
#include <stdint.h>

#include "ccmetrics.h"

typedef struct ccm_mem {
  ccm_allocator hooks;
  int64_t bytes;       /* bytes held now */
  int64_t allocations; /* successful alloc + realloc calls */
} ccm_mem;

void ccm_mem_init(ccm_mem *m, const ccm_allocator *hooks);
void *ccm_alloc(ccm_mem *m, size_t size);
void *ccm_zalloc(ccm_mem *m, size_t size);
/* Resize to nmemb * size bytes; on failure returns NULL and leaves p valid. */
void *ccm_realloc_array(ccm_mem *m, void *p, size_t old_nmemb, size_t nmemb, size_t size);
void ccm_free(ccm_mem *m, void *p, size_t size);

#endif
