/* cell_store.c: the measure groups of a cell, and the pages of words their
 * blocks are cut from (cell_store.h). */
#include <string.h>

#include "cell_store.h"

/* ---- the groups --------------------------------------------------------- */

enum cell_group {
  G_CONTACT,        /* contacts, blocked, offered */
  G_ABANDON,        /* abandoned and its wait */
  G_ANSWER,         /* answered, its wait, service level, alert time */
  G_FLOW_OUT,       /* flow out of a queue */
  G_RING,           /* rings of agents */
  G_HANDLE,         /* an agent's handling of a contact */
  G_HOLD,           /* holds */
  G_MOVE,           /* transfers, escalations, reopens */
  G_DIGITAL,        /* an agent's focus, messages and replies */
  G_CUSTOMER_TURN,  /* the customer's turns and first reply */
  G_RESOLUTION,     /* closing and resolution */
  G_CUSTOMER,       /* contacts with a customer, repeats */
  G_FCR,            /* first-contact resolution */
  G_SURVEY,         /* surveys and quality */
  G_AGENT_STATE,    /* agent state time */
  G_LEDGER,         /* business ledger and the customer stock */
  G_CONTACT_LEVEL,  /* contact gauges */
  G_AGENT_LEVEL,    /* agent gauges */
  G_BUSINESS,       /* business-hours timers */
  G_COUNT
};

_Static_assert(G_COUNT == CCM_CELL_GROUPS, "CCM_CELL_GROUPS is the number of cell groups");
_Static_assert(G_COUNT <= 32, "a cell's groups fit a 32-bit mask");

/* Every measure, once, by group; the order within a group is the order of
 * its words.  Groups were drawn from which measures a cell of a mixed voice
 * and digital stream is credited with together (tests/bench). */
static const struct {
  uint8_t group;
  uint8_t measure;
} group_table[] = {
    {G_CONTACT, CCM_MS_CONTACTS},
    {G_CONTACT, CCM_MS_BLOCKED},
    {G_CONTACT, CCM_MS_OFFERED},
    {G_ABANDON, CCM_MS_ABANDONED},
    {G_ABANDON, CCM_MS_ABANDON_WAIT},
    {G_ABANDON, CCM_MS_SHORT_ABANDONED},
    {G_ABANDON, CCM_MS_ABANDONED_IN_SL},
    {G_ANSWER, CCM_MS_ANSWERED},
    {G_ANSWER, CCM_MS_WAIT_ANSWERED},
    {G_ANSWER, CCM_MS_ANSWERED_IN_SL},
    {G_ANSWER, CCM_MS_ALERT_TIME},
    {G_FLOW_OUT, CCM_MS_FLOW_OUT},
    {G_FLOW_OUT, CCM_MS_FLOW_OUT_WAIT},
    {G_FLOW_OUT, CCM_MS_FLOW_OUT_IN_SL},
    {G_RING, CCM_MS_OFFER_MISSED},
    {G_RING, CCM_MS_RINGS},
    {G_RING, CCM_MS_RUNG_ANSWERED},
    {G_HANDLE, CCM_MS_AGENT_CONTACTS},
    {G_HANDLE, CCM_MS_HANDLED},
    {G_HANDLE, CCM_MS_TALK_TIME},
    {G_HANDLE, CCM_MS_ACW_TIME},
    {G_HANDLE, CCM_MS_HANDLE_TIME},
    {G_HANDLE, CCM_MS_AGENT_CONTACT_TIME},
    {G_HANDLE, CCM_MS_RESPONDED_AGENT_CONTACTS},
    {G_HOLD, CCM_MS_HOLD_TIME},
    {G_HOLD, CCM_MS_HOLDS},
    {G_HOLD, CCM_MS_HELD_CONTACTS},
    {G_MOVE, CCM_MS_TRANSFERS},
    {G_MOVE, CCM_MS_TRANSFERRED_CONTACTS},
    {G_MOVE, CCM_MS_ESCALATED},
    {G_MOVE, CCM_MS_REOPENED},
    {G_DIGITAL, CCM_MS_FOCUS_COUNT},
    {G_DIGITAL, CCM_MS_FOCUS_TIME},
    {G_DIGITAL, CCM_MS_AGENT_MESSAGES},
    {G_DIGITAL, CCM_MS_AGENT_FRT},
    {G_DIGITAL, CCM_MS_AGENT_CONTACTS_WITH_FRT},
    {G_DIGITAL, CCM_MS_AGENT_RESPONSES},
    {G_DIGITAL, CCM_MS_RESPONSE_TIME},
    {G_CUSTOMER_TURN, CCM_MS_CUSTOMER_RESPONSES},
    {G_CUSTOMER_TURN, CCM_MS_CONTACTS_WITH_CUSTOMER_RESPONSE},
    {G_CUSTOMER_TURN, CCM_MS_FOLLOW_ON_RESPONSES},
    {G_CUSTOMER_TURN, CCM_MS_FOLLOW_ON_RESPONSE_TIME},
    {G_CUSTOMER_TURN, CCM_MS_FIRST_REPLY_TIME},
    {G_CUSTOMER_TURN, CCM_MS_FIRST_REPLY_IN_TARGET},
    {G_RESOLUTION, CCM_MS_CLOSED_CONTACTS},
    {G_RESOLUTION, CCM_MS_RESOLUTION_TIME},
    {G_RESOLUTION, CCM_MS_FIRST_RESOLUTION_TIME},
    {G_RESOLUTION, CCM_MS_RESOLVED_IN_TARGET},
    {G_RESOLUTION, CCM_MS_TAGGED},
    {G_CUSTOMER, CCM_MS_CONTACTS_WITH_CUSTOMER},
    {G_CUSTOMER, CCM_MS_REPEAT_CONTACTS},
    {G_FCR, CCM_MS_FCR_ELIGIBLE},
    {G_FCR, CCM_MS_FCR},
    {G_SURVEY, CCM_MS_CSAT_RESPONSES},
    {G_SURVEY, CCM_MS_CSAT_SUM},
    {G_SURVEY, CCM_MS_CSAT_SATISFIED},
    {G_SURVEY, CCM_MS_NPS_RESPONSES},
    {G_SURVEY, CCM_MS_NPS_PROMOTERS},
    {G_SURVEY, CCM_MS_NPS_DETRACTORS},
    {G_SURVEY, CCM_MS_CES_RESPONSES},
    {G_SURVEY, CCM_MS_CES_SUM},
    {G_SURVEY, CCM_MS_CES_EASY},
    {G_SURVEY, CCM_MS_QA_EVALUATIONS},
    {G_SURVEY, CCM_MS_QA_SUM},
    {G_AGENT_STATE, CCM_MS_LOGGED_IN_TIME},
    {G_AGENT_STATE, CCM_MS_AVAILABLE_TIME},
    {G_AGENT_STATE, CCM_MS_BUSY_TIME},
    {G_AGENT_STATE, CCM_MS_NOT_READY_TIME},
    {G_AGENT_STATE, CCM_MS_ACW_STATE_TIME},
    {G_LEDGER, CCM_MS_COST},
    {G_LEDGER, CCM_MS_CUSTOMERS_NEW},
    {G_LEDGER, CCM_MS_CUSTOMERS_REFERRED},
    {G_LEDGER, CCM_MS_CUSTOMERS_CHURNED},
    {G_LEDGER, CCM_MS_REVENUE},
    {G_LEDGER, CCM_MS_CUSTOMERS_ACTIVE},
    {G_CONTACT_LEVEL, CCM_MS_IN_QUEUE},
    {G_CONTACT_LEVEL, CCM_MS_OPEN_CONTACTS},
    {G_CONTACT_LEVEL, CCM_MS_AWAITING_REPLY},
    {G_AGENT_LEVEL, CCM_MS_AGENTS_LOGGED_IN},
    {G_AGENT_LEVEL, CCM_MS_AGENTS_AVAILABLE},
    {G_AGENT_LEVEL, CCM_MS_AGENTS_BUSY},
    {G_AGENT_LEVEL, CCM_MS_AGENTS_NOT_READY},
    {G_AGENT_LEVEL, CCM_MS_AGENTS_ACW},
    {G_BUSINESS, CCM_MS_AGENT_FRT_BH},
    {G_BUSINESS, CCM_MS_FIRST_REPLY_TIME_BH},
    {G_BUSINESS, CCM_MS_RESPONSE_TIME_BH},
    {G_BUSINESS, CCM_MS_RESOLUTION_TIME_BH},
};

/* A measure added to measures.h must be given a group here. */
_Static_assert(sizeof group_table / sizeof group_table[0] == CCM_MS_COUNT, "every measure has one cell group");

/* Words each measure stores, by its kind. */
static const uint8_t kind_words[CCM_MS_COUNT] = {
#define CCM_X_KIND_WORDS(id, name, kind, family) CCM_X_WORDS_##kind,
    CCM_MEASURE_LIST(CCM_X_KIND_WORDS)
#undef CCM_X_KIND_WORDS
};

void ccm_cell_plan_init(ccm_cell_plan *p) {
  uint32_t i;
  memset(p, 0, sizeof *p);
  for (i = 0; i < CCM_MS_COUNT; i++) {
    uint32_t m = group_table[i].measure, g = group_table[i].group;
    p->group[m] = (uint8_t)g;
    p->words[m] = kind_words[m];
    p->at[m] = p->group_words[g];
    p->group_words[g] = (uint8_t)(p->group_words[g] + p->words[m]);
    p->total_words = (uint16_t)(p->total_words + p->words[m]);
    p->first[g + 1]++;
  }
  /* members by group: the table lists each group's measures together */
  for (i = 0; i < CCM_CELL_GROUPS; i++) p->first[i + 1] = (uint8_t)(p->first[i + 1] + p->first[i]);
  {
    uint8_t fill[CCM_CELL_GROUPS];
    memcpy(fill, p->first, sizeof fill);
    for (i = 0; i < CCM_MS_COUNT; i++) p->member[fill[group_table[i].group]++] = group_table[i].measure;
  }
}

/* ---- the pages ---------------------------------------------------------- */

#define PAGE_MAX_WORDS 65536u /* a reference's offset has 16 bits */
#define PAGE_FIRST_WORDS 512u
#define PAGES_MAX 65535u

void ccm_word_store_init(ccm_word_store *s) { memset(s, 0, sizeof *s); }

void ccm_word_store_free(ccm_word_store *s, ccm_mem *m) {
  uint32_t i;
  for (i = 0; i < s->npages; i++) ccm_free(m, s->page[i], (size_t)s->page_words[i] * sizeof(int64_t));
  ccm_free(m, s->page, (size_t)s->pages_cap * sizeof *s->page);
  ccm_free(m, s->page_words, (size_t)s->pages_cap * sizeof *s->page_words);
  ccm_word_store_init(s);
}

static int32_t add_page(ccm_word_store *s, ccm_mem *m, uint32_t words) {
  int64_t *page;
  if (s->npages >= PAGES_MAX) return CCM_E_LIMIT;
  if (s->npages == s->pages_cap) {
    uint32_t ncap = s->pages_cap ? s->pages_cap * 2 : 8;
    int64_t **pages = ccm_realloc_array(m, s->page, s->pages_cap, ncap, sizeof *pages);
    uint32_t *lens;
    if (!pages) return CCM_E_NOMEM;
    s->page = pages;
    lens = ccm_realloc_array(m, s->page_words, s->pages_cap, ncap, sizeof *lens);
    if (!lens) { /* keep the arrays' capacities equal */
      pages = ccm_realloc_array(m, s->page, ncap, s->pages_cap, sizeof *pages);
      if (pages) s->page = pages;
      return CCM_E_NOMEM;
    }
    s->page_words = lens;
    s->pages_cap = ncap;
  }
  page = ccm_alloc(m, (size_t)words * sizeof *page);
  if (!page) return CCM_E_NOMEM;
  s->page[s->npages] = page;
  s->page_words[s->npages] = words;
  if (s->npages) s->ahead += ccm_word_store_sure(words); /* the first page is the current one */
  s->npages++;
  return CCM_OK;
}

int32_t ccm_word_store_reserve(ccm_word_store *s, ccm_mem *m, uint64_t words) {
  uint64_t room;
  if (ccm_word_store_holds(s, words)) return CCM_OK; /* the usual case */
  room = ccm_word_store_room(s);
  while (room < words) {
    /* pages double up to the largest, so a small view stays small */
    uint32_t size = s->npages ? s->page_words[s->npages - 1] * 2 : PAGE_FIRST_WORDS;
    uint64_t want = words - room + CCM_CELL_MAX_WORDS;
    int32_t rc;
    if (size > PAGE_MAX_WORDS) size = PAGE_MAX_WORDS;
    if (want > size) size = want < PAGE_MAX_WORDS ? (uint32_t)want : PAGE_MAX_WORDS;
    rc = add_page(s, m, size);
    if (rc) return rc;
    room += ccm_word_store_sure(size);
  }
  return CCM_OK;
}

uint32_t ccm_word_store_take(ccm_word_store *s, uint32_t n) {
  uint32_t ref = s->free_head[n];
  if (ref) {
    s->free_head[n] = (uint32_t)ccm_word_store_at(s, ref)[0];
    return ref;
  }
  while (s->page_words[s->cur] - s->used < n) {
    /* the page's tail is a free block of its length; the next page was reserved */
    uint32_t tail = s->page_words[s->cur] - s->used;
    if (tail) ccm_word_store_give(s, (s->cur + 1) << 16 | s->used, tail);
    s->cur++;
    s->used = 0;
    s->ahead -= ccm_word_store_sure(s->page_words[s->cur]);
  }
  ref = (s->cur + 1) << 16 | s->used;
  s->used += n;
  return ref;
}

void ccm_word_store_give(ccm_word_store *s, uint32_t ref, uint32_t n) {
  ccm_word_store_at(s, ref)[0] = s->free_head[n];
  s->free_head[n] = ref;
}
_Static_assert(CCM_CELL_MAX_WORDS < CCM_GROUP_ABSENT, "a group's offset in a block fits 8 bits");
