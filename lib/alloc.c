/* alloc.c: every allocation of an engine goes through its hooks, counted. */
#include <stdlib.h>
#include <string.h>

#include "ccmetrics_int.h"

static void *default_alloc(size_t size, void *user) {
  (void)user;
  return malloc(size);
}

static void *default_realloc(void *ptr, size_t size, void *user) {
  (void)user;
  return realloc(ptr, size);
}

static void default_free(void *ptr, void *user) {
  (void)user;
  free(ptr);
}

void ccm_mem_init(ccm_mem *m, const ccm_allocator *hooks) {
  if (hooks) {
    m->hooks = *hooks;
  } else {
    m->hooks.alloc = default_alloc;
    m->hooks.realloc = default_realloc;
    m->hooks.free = default_free;
    m->hooks.user = NULL;
  }
  m->bytes = 0;
  m->allocations = 0;
}

void *ccm_alloc(ccm_mem *m, size_t size) {
  void *p;
  if (size == 0) size = 1;
  p = m->hooks.alloc(size, m->hooks.user);
  if (p) {
    m->bytes += (int64_t)size;
    m->allocations++;
  }
  return p;
}

void *ccm_zalloc(ccm_mem *m, size_t size) {
  void *p = ccm_alloc(m, size);
  if (p) memset(p, 0, size);
  return p;
}

void *ccm_realloc_array(ccm_mem *m, void *p, size_t old_nmemb, size_t nmemb, size_t size) {
  void *q;
  size_t bytes;
  if (size != 0 && nmemb > SIZE_MAX / size) return NULL;
  bytes = nmemb * size;
  if (bytes == 0) bytes = 1;
  if (!p) return ccm_alloc(m, bytes);
  q = m->hooks.realloc(p, bytes, m->hooks.user);
  if (q) {
    size_t old_bytes = old_nmemb * size;
    m->bytes += (int64_t)bytes - (int64_t)(old_bytes != 0 ? old_bytes : 1);
    m->allocations++;
  }
  return q;
}

void ccm_free(ccm_mem *m, void *p, size_t size) {
  if (!p) return;
  m->hooks.free(p, m->hooks.user);
  m->bytes -= (int64_t)(size ? size : 1);
}
