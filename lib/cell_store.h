/*
 * cell_store.h - where a view keeps the measures of its cells (cell_store.c).
 *
 * A cell holds only the measure groups it was credited with.  The measures
 * fall into groups of ones that are credited together (the handling of a
 * contact by an agent, a queue answer, a digital reply...); a cell's groups
 * lie one after another in a block of 64-bit words, and the cell's header
 * says where each group starts in the block (or that it is absent).  An
 * agent x interval cell of a mixed stream thus keeps about 50 words instead
 * of every measure's.  A level keeps one word (its change; query.c derives
 * its start and end), a timer four (count, sum, min, max), a count one.
 *
 * Blocks are exactly as long as the groups they hold; they come from pages
 * of words owned by the view, and a block given back (its cell grew) goes
 * to a free list of its length, from which the next block of that length
 * is taken.  A block is named by a 32-bit reference: page + 1 in the high
 * 16 bits, word offset in the low 16, so a page has at most 65 536 words.
 */
#ifndef CCM_CELL_STORE_H
#define CCM_CELL_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "ccmetrics.h"
#include "measures.h"
#include "mem.h"

#define CCM_CELL_GROUPS 19
#define CCM_GROUP_ABSENT 0xFF /* a group's offset in a cell without it */
/* The words of every measure together: the longest a block can be. */
#define CCM_X_WORDS_COUNT 1
#define CCM_X_WORDS_TIMER 4
#define CCM_X_WORDS_LEVEL 1
#define CCM_X_WORDS(id, name, kind, family) +CCM_X_WORDS_##kind
enum { CCM_CELL_MAX_WORDS = 0 CCM_MEASURE_LIST(CCM_X_WORDS) };
#undef CCM_X_WORDS

/* Where each measure is stored: the plan of every cell (one per view, the
 * same for all views; built from cell_store.c's group table). */
typedef struct ccm_cell_plan {
  uint8_t group[CCM_MS_COUNT]; /* a measure's group */
  uint8_t at[CCM_MS_COUNT];    /* its first word within the group */
  uint8_t words[CCM_MS_COUNT]; /* words it stores: 1 (count, level) or 4 (timer) */
  uint8_t group_words[CCM_CELL_GROUPS];
  uint16_t total_words; /* of every group together */
  /* the measures of group g, in the order of their words:
   * member[first[g]] .. member[first[g + 1] - 1] */
  uint8_t first[CCM_CELL_GROUPS + 1];
  uint8_t member[CCM_MS_COUNT];
} ccm_cell_plan;

void ccm_cell_plan_init(ccm_cell_plan *p);

/* The pages of words of one view, and the free blocks by length. */
typedef struct ccm_word_store {
  int64_t **page;
  uint32_t *page_words; /* each page's length */
  uint32_t npages, pages_cap;
  uint32_t cur, used;   /* the page blocks are cut from, and its words cut */
  uint64_t ahead;       /* sure words (below) of the pages after cur, all uncut */
  uint32_t free_head[CCM_CELL_MAX_WORDS + 1]; /* by length: reference of a free block, 0 = none */
} ccm_word_store;

/* Words that blocks of any length up to the maximum are sure to get from a
 * page with `left` words: a block that does not fit leaves fewer than the
 * maximum behind. */
static inline uint64_t ccm_word_store_sure(uint32_t left) {
  return left >= CCM_CELL_MAX_WORDS ? left - (CCM_CELL_MAX_WORDS - 1) : 0;
}

/* Words in blocks of any lengths that can be taken without allocating. */
static inline uint64_t ccm_word_store_room(const ccm_word_store *s) {
  return s->npages ? ccm_word_store_sure(s->page_words[s->cur] - s->used) + s->ahead : 0;
}
/* Whether blocks of `words` words in total can be taken without allocating
 * (what ccm_word_store_reserve ensures). */
static inline bool ccm_word_store_holds(const ccm_word_store *s, uint64_t words) {
  return s->npages && ccm_word_store_room(s) >= words;
}

void ccm_word_store_init(ccm_word_store *s);
void ccm_word_store_free(ccm_word_store *s, ccm_mem *m);
/* Room to take blocks of `words` words in total (each at most
 * CCM_CELL_MAX_WORDS long) without allocating: CCM_OK, CCM_E_NOMEM or
 * CCM_E_LIMIT. */
int32_t ccm_word_store_reserve(ccm_word_store *s, ccm_mem *m, uint64_t words);
/* A block of n words (1 <= n <= CCM_CELL_MAX_WORDS), after a reserve. */
uint32_t ccm_word_store_take(ccm_word_store *s, uint32_t n);
void ccm_word_store_give(ccm_word_store *s, uint32_t ref, uint32_t n);
static inline int64_t *ccm_word_store_at(const ccm_word_store *s, uint32_t ref) {
  return s->page[(ref >> 16) - 1] + (ref & 0xFFFFu);
}

#endif
