/*
 * report_alloc.c - the allocator ccm-report gives its engines (see
 * report_alloc.h).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * On Linux a large block is a mapping of its own, aligned to 2 MiB and
 * marked for huge pages, with address space held in reserve after it; it
 * grows in place into its reserve, else by a copy into a new aligned
 * mapping, and its huge pages stay huge.  (malloc's own large blocks are only
 * page-aligned: the kernel can back just the aligned 2 MiB inside them with
 * huge pages, and the mremap() of glibc's realloc moves them to an address
 * that splits every huge page back into small ones, so that in a
 * 900 000-contact report most of the contact table ended up in 4 KiB
 * pages.)  Elsewhere: malloc and realloc.
 */
#if defined(__linux__)
#define _GNU_SOURCE /* MADV_HUGEPAGE, malloc_usable_size */
#endif
#include "report_alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
#include <malloc.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/resource.h>
#endif

#if defined(__linux__) && defined(MADV_HUGEPAGE)
#define HUGE_BLOCKS 1
#else
#define HUGE_BLOCKS 0
#endif

#if HUGE_BLOCKS

#define HUGE_PAGE ((size_t)2 << 20)
#define MAX_BLOCKS 256 /* large blocks at once (an engine has a handful; more: malloc) */
/* Address space a large block holds in reserve (PROT_NONE, which costs no
 * memory) so that it grows in place.  The system hands out mappings from
 * the top down: the space just after a block is usually the block mapped
 * before it, so mremap() could seldom grow one, and every doubling of the
 * contact table copied it into new pages, a fault on each (in a 28-day
 * report, 4% of the run in the kernel zeroing pages for those copies). */
#ifndef REPORT_ALLOC_RESERVE
#define REPORT_ALLOC_RESERVE ((size_t)1 << 30) /* the tests build with less, to pass it */
#endif
#define RESERVE REPORT_ALLOC_RESERVE

/* The large blocks: start (2 MiB-aligned), bytes readable and writable (a
 * multiple of 2 MiB), address space held (the rest of it PROT_NONE), and
 * the size last asked for (the bytes a move copies).  Shared by the
 * engines of every thread, hence the lock; only large blocks and 2
 * MiB-aligned pointers ever look at it. */
struct block {
  void *p;
  size_t len, res, used;
};
static struct block blocks[MAX_BLOCKS];
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

/* The record of the large block at p in *b: 1, or 0 when p is not one. */
static int block_of(const void *p, struct block *b) {
  long i;
  if (p == NULL || !is_aligned(p)) return 0;
  pthread_mutex_lock(&blocks_mu);
  i = find_block(p);
  if (i >= 0) *b = blocks[i];
  pthread_mutex_unlock(&blocks_mu);
  return i >= 0;
}

/* Record a block (0), or -1 when the table is full. */
static int add_block(const struct block *b) {
  int rc = -1;
  pthread_mutex_lock(&blocks_mu);
  if (nblocks < MAX_BLOCKS) {
    blocks[nblocks++] = *b;
    rc = 0;
  }
  pthread_mutex_unlock(&blocks_mu);
  return rc;
}

/* Change the record of the block at old to *b (b NULL: forget it). */
static void set_block(const void *old, const struct block *b) {
  long i;
  pthread_mutex_lock(&blocks_mu);
  i = find_block(old);
  if (i >= 0 && b != NULL) blocks[i] = *b;
  else if (i >= 0) blocks[i] = blocks[--nblocks];
  pthread_mutex_unlock(&blocks_mu);
}

/* Make [from, from + n) of a reservation readable and writable, asking for
 * huge pages: 0, or -1 (out of memory under strict overcommit). */
static int open_up(char *from, size_t n) {
  if (mprotect(from, n, PROT_READ | PROT_WRITE) != 0) return -1;
  /* advice only: a kernel without huge pages says no, and nothing changes */
  (void)madvise(from, n, MADV_HUGEPAGE);
  return 0;
}

/* A block of len bytes at a 2 MiB boundary (len a multiple of it) in
 * res >= len bytes of address space, or 0 when the system has neither
 * that space nor len bytes alone: map 2 MiB more, give back the ends. */
static int map_block(size_t len, size_t res, struct block *b) {
  size_t over, head;
  char *raw, *p;
  for (;;) {
    over = res + HUGE_PAGE;
    raw = over < res ? MAP_FAILED : mmap(NULL, over, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw != MAP_FAILED) break;
    if (res == len) return 0;
    res = len; /* no room for the reserve: the block alone */
  }
  p = (char *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
  head = (size_t)(p - raw);
  if (head > 0) munmap(raw, head);
  if (over - head > res) munmap(p + res, over - head - res);
  if (open_up(p, len) != 0) {
    munmap(p, res);
    return 0;
  }
  b->p = p;
  b->len = len;
  b->res = res;
  b->used = 0;
  return 1;
}

/* The address space to hold for a block of len bytes.  None beyond it
 * under a limit on address space (ulimit -v), which a reserve would use up
 * while it holds no memory. */
static size_t reserve_for(size_t len) {
  struct rlimit as;
  if (getrlimit(RLIMIT_AS, &as) != 0 || as.rlim_cur != RLIM_INFINITY) return len;
  return len < RESERVE ? RESERVE : len;
}

static void *alloc_large(size_t size) {
  size_t len = round_huge(size);
  struct block b;
  if (len < size || !map_block(len, reserve_for(len), &b)) return NULL;
  b.used = size;
  if (add_block(&b) != 0) {
    munmap(b.p, b.res);
    return malloc(size); /* the table is full: an ordinary block */
  }
  return b.p;
}

/* Grow or shrink the large block b to size (>= REPORT_HUGE_MIN).  The
 * registry names the new place before the old one is unmapped, so that
 * another thread's block that the system puts there later is never taken
 * for this one. */
static void *realloc_large(struct block b, size_t size) {
  size_t nlen = round_huge(size);
  void *old = b.p;
  struct block nb;
  if (nlen < size) return NULL;
  if (nlen <= b.len) {
    /* Room already.  A block left at less than a quarter of its length
     * gives the rest and its reserve back; a failed unmap leaves them. */
    if (nlen < b.len / 4 && munmap((char *)b.p + nlen, b.res - nlen) == 0) b.len = b.res = nlen;
    b.used = size;
    set_block(old, &b);
    return b.p;
  }
  /* In place, within the reserve: no byte copied, no page touched again. */
  if (nlen <= b.res) {
    if (open_up((char *)b.p + b.len, nlen - b.len) != 0) return NULL; /* the block is as it was */
    b.len = nlen;
    b.used = size;
    set_block(old, &b);
    return b.p;
  }
  /* Past the reserve: a copy of the bytes in use into a new block with a
   * reserve of twice the length asked for (or more), so that the next
   * doubling needs no copy.  Moving the pages with mremap() would leave
   * the block in several mappings, which later mremap() calls refuse on
   * kernels before 6.17, and valgrind does not follow a move that grows a
   * mapping. */
  if (!map_block(nlen, nlen <= SIZE_MAX / 2 ? reserve_for(nlen * 2) : nlen, &nb)) return NULL;
  memcpy(nb.p, b.p, b.used < size ? b.used : size);
  nb.used = size;
  set_block(old, &nb);
  munmap(b.p, b.res);
  return nb.p;
}

static void *hook_alloc(size_t size, void *user) {
  (void)user;
  return size >= REPORT_HUGE_MIN ? alloc_large(size) : malloc(size);
}

static void *hook_realloc(void *ptr, size_t size, void *user) {
  struct block b;
  void *q;
  int large;
  if (ptr == NULL) return hook_alloc(size, user);
  large = block_of(ptr, &b); /* one look at the registry (a lock and a search) */
  if (large && size >= REPORT_HUGE_MIN) return realloc_large(b, size);
  if (large) {
    /* a large block becomes a small one */
    q = malloc(size);
    if (q == NULL) return NULL;
    memcpy(q, ptr, size < b.used ? size : b.used);
    set_block(ptr, NULL);
    munmap(ptr, b.res);
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
  struct block b;
  (void)user;
  if (block_of(ptr, &b)) {
    set_block(ptr, NULL);
    munmap(ptr, b.res);
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
