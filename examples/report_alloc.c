/*
 * report_alloc.c - the allocator ccm-report gives its engines (see
 * report_alloc.h).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#define _DEFAULT_SOURCE /* madvise and MADV_HUGEPAGE under -std=c11 */
#include "report_alloc.h"

#include <stdint.h>
#include <stdlib.h>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

/* Mark the pages of [p, p + size) for huge pages (where the system has
 * them): the kernel backs the whole 2 MiB pages inside with huge ones. */
static void advise_huge(void *p, size_t size) {
#if defined(MADV_HUGEPAGE)
  /* Whole small pages, not just the whole huge pages inside: a block that
   * has a mapping of its own (malloc's large blocks) then keeps a single
   * mapping, which realloc can still move without copying (mremap refuses
   * a range that advice split in three). */
  long page = sysconf(_SC_PAGESIZE);
  uintptr_t mask = page > 0 ? (uintptr_t)page - 1 : 4095;
  uintptr_t start = (uintptr_t)p & ~mask, end = ((uintptr_t)p + size + mask) & ~mask;
  /* advice only: a kernel without huge pages says no, and nothing changes */
  if (p != NULL) (void)madvise((void *)start, (size_t)(end - start), MADV_HUGEPAGE);
#else
  (void)p;
  (void)size;
#endif
}

static void *hook_alloc(size_t size, void *user) {
  void *p = malloc(size);
  (void)user;
  if (size >= REPORT_HUGE_MIN) advise_huge(p, size);
  return p;
}

static void *hook_realloc(void *ptr, size_t size, void *user) {
  void *p = realloc(ptr, size);
  (void)user;
  if (size >= REPORT_HUGE_MIN) advise_huge(p, size);
  return p;
}

static void hook_free(void *ptr, void *user) {
  (void)user;
  free(ptr);
}

const ccm_allocator *report_allocator(void) {
  static const ccm_allocator hooks = {hook_alloc, hook_realloc, hook_free, NULL};
  return &hooks;
}
