/*
 * report_alloc.h - the allocator ccm-report gives its engines.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * malloc, realloc and free, and one thing more: a block of at least
 * REPORT_HUGE_MIN bytes (in a large run, the engine's contact records, its
 * index slots and its cell tables) is, on Linux, a mapping of its own,
 * aligned to 2 MiB and marked for transparent huge pages (madvise
 * MADV_HUGEPAGE), which grows in place into address space it holds in
 * reserve (1 GiB), else by a copy into a new aligned mapping, never
 * splitting its huge pages.  A
 * report reads those tables at random: with 4 KiB pages nearly every
 * contact looked up missed the TLB too, and every page was a fault of its
 * own.  This is the host's choice, as the library
 * leaves memory to its host (ccm_allocator).  Safe to use from several
 * threads at once.
 */
#ifndef REPORT_ALLOC_H
#define REPORT_ALLOC_H

#include "ccmetrics.h"

/** 2 MiB: the huge page size of x86-64 and of most arm64 kernels. */
#define REPORT_HUGE_MIN ((size_t)2 << 20)

/** The hooks (static, for every engine of the run). */
const ccm_allocator *report_allocator(void);

#endif
