/*
 * report_alloc.c - the allocator ccm-report gives its engines (see
 * report_alloc.h).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * On Linux a large block is a mapping of its own, aligned to 2 MiB and
 * marked for huge pages; it grows in place by mremap() where the address
 * space after it is free, else by a copy into a new aligned mapping, and
 * its huge pages stay huge.  (malloc's own large blocks are only
 * page-aligned: the kernel can back just the aligned 2 MiB inside them with
 * huge pages, and the mremap() of glibc's realloc moves them to an address
 * that splits every huge page back into small ones, so that in a
 * 900 000-contact report most of the contact table ended up in 4 KiB
 * pages.)  Elsewhere: malloc and realloc.
 */
#if defined(__linux__)
#define _GNU_SOURCE /* mremap, MADV_HUGEPAGE, malloc_usable_size */
#endif
#include "report_alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
#include <malloc.h>
#include <pthread.h>
#include <sys/mman.h>
#endif

#if defined(__linux__) && defined(MREMAP_MAYMOVE) && defined(MADV_HUGEPAGE)
#define HUGE_BLOCKS 1
#else
#define HUGE_BLOCKS 0
#endif

#if HUGE_BLOCKS

#define HUGE_PAGE ((size_t)2 << 20)
#define MAX_BLOCKS 256 /* large blocks at once (an engine has a handful; more: malloc) */

/* The large blocks: start (2 MiB-aligned), mapped length (a multiple of
 * 2 MiB) and the size last asked for (the bytes a move copies).  Shared by
 * the engines of every thread, hence the lock; only large blocks and
 * 2 MiB-aligned pointers ever look at it. */
static struct block {
  void *p;
  size_t len, used;
} blocks[MAX_BLOCKS];
static size_t nblocks;
static pthread_mutex_t blocks_mu = PTHREAD_MUTEX_INITIALIZER;

static size_t round_huge(size_t size) { return (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1); }

static int is_aligned(const void *p) { return ((uintptr_t)p & (HUGE_PAGE - 1)) == 0; }

/* Index of the block at p, or -1 (call with the lock held). */
static long find_block(const void *p) {
  size_t i;
  for (i = 0; i < nblocks; i++)
    if (blocks[i].p == p) return (long)i;
  return -1;
}

/* The mapped length of a large block at p (and in *used the size last
 * asked for), or 0 when p is not one. */
static size_t block_len(const void *p, size_t *used) {
  long i;
  size_t len = 0;
  if (p == NULL || !is_aligned(p)) return 0;
  pthread_mutex_lock(&blocks_mu);
  i = find_block(p);
  if (i >= 0) {
    len = blocks[i].len;
    if (used) *used = blocks[i].used;
  }
  pthread_mutex_unlock(&blocks_mu);
  return len;
}

/* Record a block (0), or -1 when the table is full. */
static int add_block(void *p, size_t len, size_t used) {
  int rc = -1;
  pthread_mutex_lock(&blocks_mu);
  if (nblocks < MAX_BLOCKS) {
    blocks[nblocks].p = p;
    blocks[nblocks].len = len;
    blocks[nblocks].used = used;
    nblocks++;
    rc = 0;
  }
  pthread_mutex_unlock(&blocks_mu);
  return rc;
}

/* Change the record of the block at old (to new_p, new_len, used; new_p
 * NULL: forget it). */
static void set_block(const void *old, void *new_p, size_t new_len, size_t used) {
  long i;
  pthread_mutex_lock(&blocks_mu);
  i = find_block(old);
  if (i >= 0 && new_p != NULL) {
    blocks[i].p = new_p;
    blocks[i].len = new_len;
    blocks[i].used = used;
  } else if (i >= 0) {
    blocks[i] = blocks[--nblocks];
  }
  pthread_mutex_unlock(&blocks_mu);
}

/* len bytes of address space at a 2 MiB boundary (len a multiple of it),
 * readable and writable, or NULL: map 2 MiB more, give back the ends. */
static void *map_aligned(size_t len) {
  size_t over = len + HUGE_PAGE, head;
  char *raw, *p;
  if (over < len) return NULL;
  raw = mmap(NULL, over, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return NULL;
  p = (char *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
  head = (size_t)(p - raw);
  if (head > 0) munmap(raw, head);
  if (over - head > len) munmap(p + len, over - head - len);
  /* advice only: a kernel without huge pages says no, and nothing changes */
  (void)madvise(p, len, MADV_HUGEPAGE);
  return p;
}

static void *alloc_large(size_t size) {
  size_t len = round_huge(size);
  void *p;
  if (len < size) return NULL;
  p = map_aligned(len);
  if (p == NULL) return NULL;
  if (add_block(p, len, size) != 0) {
    munmap(p, len);
    return malloc(size); /* the table is full: an ordinary block */
  }
  return p;
}

/* Grow or shrink a large block of len mapped bytes, used of them asked
 * for (size >= REPORT_HUGE_MIN).  The registry names the new place before
 * the old one is unmapped, so that another thread's block that the system
 * puts there later is never taken for this one. */
static void *realloc_large(void *p, size_t len, size_t used, size_t size) {
  size_t nlen = round_huge(size), glen;
  void *q;
  if (nlen < size) return NULL;
  if (nlen <= len) {
    /* Room already (a move maps twice what was asked).  A block left at
     * less than a quarter of its length gives the rest back; a failed
     * unmap leaves the tail in the block, counted. */
    if (nlen < len / 4 && munmap((char *)p + nlen, len - nlen) == 0) len = nlen;
    set_block(p, p, len, size);
    return p;
  }
  /* In place when the address space after it is free (one mapping, grown
   * by the system).  Else a copy of the bytes in use into a new aligned
   * mapping of twice the length asked for (address space only, until
   * touched), so that the next doubling needs no copy: moving the pages
   * with mremap() would leave the block in two mappings (the moved pages
   * and the rest of the new one), which later mremap() calls refuse on
   * kernels before 6.17, and valgrind does not follow a move that grows a
   * mapping. */
  q = mremap(p, len, nlen, 0);
  if (q != MAP_FAILED) {
    (void)madvise(q, nlen, MADV_HUGEPAGE);
    set_block(p, q, nlen, size);
    return q;
  }
  glen = nlen * 2;
  q = glen / 2 == nlen ? map_aligned(glen) : NULL;
  if (q == NULL) q = map_aligned(glen = nlen);
  if (q == NULL) return NULL; /* the old block is as it was */
  memcpy(q, p, used < size ? used : size);
  set_block(p, q, glen, size);
  munmap(p, len);
  return q;
}

static void *hook_alloc(size_t size, void *user) {
  (void)user;
  return size >= REPORT_HUGE_MIN ? alloc_large(size) : malloc(size);
}

static void *hook_realloc(void *ptr, size_t size, void *user) {
  size_t used = 0, len;
  void *q;
  if (ptr == NULL) return hook_alloc(size, user);
  len = block_len(ptr, &used);
  if (len > 0 && size >= REPORT_HUGE_MIN) return realloc_large(ptr, len, used, size);
  if (len > 0) {
    /* a large block becomes a small one */
    q = malloc(size);
    if (q == NULL) return NULL;
    memcpy(q, ptr, size < used ? size : used);
    set_block(ptr, NULL, 0, 0);
    munmap(ptr, len);
    return q;
  }
  if (size >= REPORT_HUGE_MIN) {
    size_t old = malloc_usable_size(ptr);
    q = alloc_large(size);
    if (q == NULL) return NULL;
    memcpy(q, ptr, old < size ? old : size);
    free(ptr);
    return q;
  }
  return realloc(ptr, size);
}

static void hook_free(void *ptr, void *user) {
  size_t len = block_len(ptr, NULL);
  (void)user;
  if (len > 0) {
    set_block(ptr, NULL, 0, 0);
    munmap(ptr, len);
  } else {
    free(ptr);
  }
}

#else /* !HUGE_BLOCKS */

static void *hook_alloc(size_t size, void *user) {
  (void)user;
  return malloc(size);
}

static void *hook_realloc(void *ptr, size_t size, void *user) {
  (void)user;
  return realloc(ptr, size);
}

static void hook_free(void *ptr, void *user) {
  (void)user;
  free(ptr);
}

#endif

const ccm_allocator *report_allocator(void) {
  static const ccm_allocator hooks = {hook_alloc, hook_realloc, hook_free, NULL};
  return &hooks;
}
