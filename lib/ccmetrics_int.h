/*
 * ccmetrics_int.h - private declarations shared by the files of lib/.
 *
 * Data flow of one event: engine.c validates the envelope, contact.c applies
 * the event to a copy of the contact's record and lists the measure
 * contributions (credits) it causes, view.c reserves room for every cell the
 * credits touch, then engine.c commits the record and view.c applies the
 * credits.  Nothing that can fail happens after the first change, so a
 * rejected event (or an allocation failure) leaves the engine as it was.
 */
#ifndef CCMETRICS_INT_H
#define CCMETRICS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ccmetrics.h"
#include "measures.h"

#include "mem.h"
#include "clock.h"

/* ---- configuration (config.c) ------------------------------------------ */

#define CCM_CFG_FIRST 1
#define CCM_CFG_LAST 18

struct ccm_config {
  ccm_mem mem;
  int64_t value[CCM_CFG_LAST + 1];
  ccm_clock clock;
  bool has_calendar;
  ccm_calendar cal; /* holidays allocated from mem */
};

void ccm_config_defaults(int64_t value[CCM_CFG_LAST + 1]);

/* ---- dictionaries (intern.c) ------------------------------------------- */

typedef struct ccm_dict {
  const char *const *fixed; /* non-NULL: a fixed dictionary (channel, direction) */
  uint32_t nfixed;
  struct ccm_dict_entry {
    char *name; /* NUL-terminated bytes, in a block that never moves */
    uint32_t len;
  } *entry;        /* id - 1 -> value */
  uint32_t count, cap;
  uint32_t *slots; /* open addressing: id, 0 = empty */
  uint32_t nslots; /* power of two */
  char *block;     /* current string block; blocks are chained by their first word */
  size_t block_used, block_cap;
} ccm_dict;

void ccm_dict_init(ccm_dict *d, int32_t dim);
void ccm_dict_free(ccm_dict *d, ccm_mem *m);
/* The highest id of a dictionary (ids are 1 .. this). */
static inline uint32_t ccm_dict_ids(const ccm_dict *d) { return d->fixed ? d->nfixed : d->count; }
/* Whether id names a value of the dictionary (inline: every event's ids
 * are checked). */
static inline bool ccm_dict_has(const ccm_dict *d, uint32_t id) { return id >= 1 && id <= ccm_dict_ids(d); }

/* ---- measures, cells and the catalog (catalog.c) ----------------------- */

typedef struct ccm_timer {
  int64_t count, sum, min, max;
} ccm_timer;

/* A level: its change within the cell is stored; start and end are the
 * level at the bucket's start and end, computed by query.c (zero in cells). */
typedef struct ccm_level {
  int64_t change, start, end;
} ccm_level;
#define CCM_LEVEL_START 1 /* slot offsets */
#define CCM_LEVEL_END 2

/* The measures of one cell, as a struct so every measure has an offset. */
typedef struct ccm_cell_layout {
#define CCM_X_FIELD_COUNT(id) int64_t id;
#define CCM_X_FIELD_TIMER(id) ccm_timer id;
#define CCM_X_FIELD_LEVEL(id) ccm_level id;
#define CCM_X_FIELD(id, name, kind, family) CCM_X_FIELD_##kind(id)
  CCM_MEASURE_LIST(CCM_X_FIELD)
#undef CCM_X_FIELD
#undef CCM_X_FIELD_COUNT
#undef CCM_X_FIELD_TIMER
#undef CCM_X_FIELD_LEVEL
} ccm_cell_layout;

#define CCM_SLOTS ((uint32_t)(sizeof(ccm_cell_layout) / sizeof(int64_t)))

/* Timers by their own index (a sketched cell keeps one sketch per timer). */
enum ccm_timer_id {
#define CCM_X_TIMER_COUNT(id)
#define CCM_X_TIMER_TIMER(id) CCM_TIMER_##id,
#define CCM_X_TIMER_LEVEL(id)
#define CCM_X_TIMER(id, name, kind, family) CCM_X_TIMER_##kind(id)
  CCM_MEASURE_LIST(CCM_X_TIMER)
#undef CCM_X_TIMER
  CCM_NTIMERS
};
extern const int8_t ccm_timer_index[CCM_MS_COUNT]; /* timer index of a measure, -1 for others */

extern const uint16_t ccm_measure_slot[CCM_MS_COUNT];
extern const uint8_t ccm_measure_is_timer[CCM_MS_COUNT];
extern const uint8_t ccm_measure_is_level[CCM_MS_COUNT];
/* Whether a metric reads a level (computed from earlier buckets). */
bool ccm_metric_reads_levels(int32_t metric);
bool ccm_metric_is_longest_wait(int32_t metric);
/* The slots of an empty cell (timer minima/maxima at their sentinels). */
const int64_t *ccm_cell_template_slots(void);

/* Merge cell b into a (counts and sums add, min/max combine). */
void ccm_slots_merge(int64_t *a, const int64_t *b);
/* Value of a metric over one set of slots. */
int32_t ccm_slots_metric(const int64_t *slots, int32_t metric, double *value);
/* The measures a metric's formula reads (at most CCM_METRIC_MEASURES, with
 * repeats), for reading only those of a cell; 0 for an unknown metric. */
#define CCM_METRIC_MEASURES 8
uint32_t ccm_metric_measures(int32_t metric, int32_t *out);
int32_t ccm_slots_field(const int64_t *slots, int32_t measure, int32_t field, int64_t *value);

/* ccm_event_label_dim() for the library's own calls (event.c): a call to
 * the exported function would go through the PLT. */
int32_t ccm_event_label_dim_of(int32_t type);

/* ---- credits: what one event contributes (contact.c -> view.c) --------- */

enum ccm_op {
  CCM_OP_ADD,        /* count += v */
  CCM_OP_TIMER,      /* count += 1, sum += v, min/max with v */
  CCM_OP_TIMER_OPEN, /* count += 1, sum += v (a value completed later) */
  CCM_OP_TIMER_MORE  /* sum += v, then min/max with mm (the completed value) */
};

typedef struct ccm_credit_item {
  uint16_t measure;
  uint16_t op;
  int64_t v;
  int64_t mm;
} ccm_credit_item;

#define CCM_CREDIT_ITEMS 12
#define CCM_MAX_CREDITS 10 /* a few tuples of measures, and gauge changes at old and new keys */

/* Dimension tuple indexed by CCM_DIM_*; the tag entry is used only when
 * single_tag is set, else the contact's tag chain is iterated.  Every credit
 * is at the time of the event that causes it. */
typedef struct ccm_credit {
  uint32_t dims[CCM_KEY_DIMS];
  uint32_t views; /* 0: every view; else only views 0 .. views-2 (gauges of an older contact) */
  bool single_tag;
  bool old_tags;  /* to the contact's tags before this event (a gauge leaving its old key) */
  uint32_t n;
  ccm_credit_item item[CCM_CREDIT_ITEMS];
} ccm_credit;

/* Append one item to a credit (room for it is the caller's business). */
static inline void ccm_credit_put(ccm_credit *cr, int32_t measure, uint16_t op, int64_t v, int64_t mm) {
  ccm_credit_item *it = &cr->item[cr->n++];
  it->measure = (uint16_t)measure;
  it->op = op;
  it->v = v;
  it->mm = mm;
}

static inline void ccm_credit_add(ccm_credit *cr, int32_t measure, int64_t v) {
  ccm_credit_put(cr, measure, CCM_OP_ADD, v, 0);
}

/* ---- contacts (contact.c, contact_table.c) ----------------------------- */

#include "pool.h"

/* ---- contacts ------------------------------------------------------------ */

#define CCM_ACW_LEGS 3
/* Distinct tags one contact may hold (each tag event looks the list up). */
#define CCM_MAX_TAGS 1024

/* An agent contact waiting for its acw_end (a node of the engine's ACW
 * pool; a contact's list runs newest first). */
typedef struct ccm_acw_leg {
  uint32_t next; /* first word: the pool's free chain reuses it */
  uint32_t agent, team, skill;
  int64_t end;       /* agent_end / transfer time */
  int64_t talk_hold; /* its talk + hold, for the complete handle time */
} ccm_acw_leg;

/* The open agent contact. */
typedef struct ccm_leg {
  uint32_t agent, team, skill, flags;
  int64_t start;      /* answer */
  int64_t hold_start; /* while on hold */
  int64_t hold_total;
  int64_t focus_start; /* while focus is open */
} ccm_leg;

enum ccm_leg_flag {
  CCM_LEG_FIRST_MSG = 1u << 0, /* its first agent message happened */
  CCM_LEG_HELD = 1u << 1,
  CCM_LEG_ON_HOLD = 1u << 2,
  CCM_LEG_FOCUS = 1u << 3
};

enum ccm_contact_flag {
  CCM_C_USED = 1u << 0,      /* record slot in use */
  CCM_C_ENDED = 1u << 1,     /* contact_end / blocked / released */
  CCM_C_IN_QUEUE = 1u << 2,
  CCM_C_LEG_OPEN = 1u << 3,
  CCM_C_OFFER = 1u << 4,     /* an offer is remembered */
  CCM_C_RESOLVED = 1u << 5,
  CCM_C_CLOSED_ONCE = 1u << 6,
  CCM_C_ESCALATED = 1u << 7,
  CCM_C_TRANSFERRED = 1u << 8,
  CCM_C_CUSTOMER_TURN = 1u << 9, /* a customer turn was counted */
  CCM_C_AGENT_MSG = 1u << 10,    /* the contact's first agent message happened */
  CCM_C_LAST_LEG = 1u << 11,     /* last_agent/last_team are set */
  CCM_C_SERVED = 1u << 12,       /* a queue visit or agent contact happened */
  CCM_C_REPEAT = 1u << 13,       /* its customer started another contact within the repeat window before it */
  CCM_C_FCR_PENDING = 1u << 14   /* a provisional FCR of it waits in its customer's record */
};

enum ccm_party { CCM_PARTY_NONE, CCM_PARTY_CUSTOMER, CCM_PARTY_AGENT };

typedef struct ccm_contact {
  uint64_t key;
  uint64_t customer;
  int64_t start_ts;
  int64_t last_ts;
  uint32_t flags;
  uint32_t campaign, contact_type, skill, disposition;
  uint8_t channel, direction, nacw, last_party;
  uint32_t tag_head; /* tag list in the engine's tag pool, 0 = none */
  uint16_t ntags;
  uint16_t gauge_views; /* views that existed at its start, + 1: the ones its gauges go to */
  uint32_t acw_head; /* agent contacts in after-contact work (ACW pool), newest first */
  uint32_t q_skill;
  int64_t q_enter;
  int64_t offer_ts;
  uint32_t offer_agent, offer_team;
  uint32_t last_agent, last_team;
  int64_t customer_turn_start;
  ccm_leg leg;
} ccm_contact;

/* The dimensions the contact itself gives every contribution of it (the
 * caller sets agent, team, skill and the tags). */
static inline void ccm_contact_dims(const ccm_contact *c, uint32_t *dims) {
  dims[CCM_DIM_CAMPAIGN] = c->campaign;
  dims[CCM_DIM_CHANNEL] = c->channel;
  dims[CCM_DIM_DIRECTION] = c->direction;
  dims[CCM_DIM_CONTACT_TYPE] = c->contact_type;
  dims[CCM_DIM_DISPOSITION] = c->disposition;
}

/* Whether two states of a contact give the same ccm_contact_dims (the same
 * fields, compared without building the keys). */
static inline bool ccm_contact_same_dims(const ccm_contact *a, const ccm_contact *b) {
  return a->campaign == b->campaign && a->channel == b->channel && a->direction == b->direction &&
         a->contact_type == b->contact_type && a->disposition == b->disposition;
}

typedef struct ccm_tag_node {
  uint32_t next; /* first word: the pool's free chain reuses it */
  uint32_t tag;
} ccm_tag_node;

/* Contacts by key: a record pool plus a linear-probing index. */
typedef struct ccm_contact_table {
  ccm_contact *rec;
  uint32_t cap, used;     /* records allocated / in use */
  uint32_t free_head;     /* free record list: index + 1, chained through key */
  uint32_t hwm;           /* records ever handed out (high-water mark) */
  struct ccm_slot { uint32_t idx, hash; } *slots; /* idx: record + 1, 0 = empty; hash of its key */
  uint32_t nslots;        /* power of two */
  uint32_t open, retained;
  /* A contact found or inserted lately, by its hash (idx 0 = none): a
   * contact's events come close together, and this small array stays in
   * cache where the slots of a big table do not.  The hash is compared
   * first, so that another contact's record is not read for nothing; then
   * the record's key.  A cache, so filled even through a const table. */
  struct ccm_slot *recent;
  /* due[i]: a time from which ccm_engine_expire() must look at record i,
   * at most the first time its state lets it be released, expired or
   * forgotten (INT64_MAX: never, as it stands).  An array beside the
   * records, so that expiry reads 8 bytes of each record, not 160; due_min
   * is at most every due[i], so that expiry usually reads nothing. */
  int64_t *due;
  uint32_t due_cap;
  int64_t due_min;
} ccm_contact_table;

/* An open contact became ended (by its events or by expiry). */
static inline void ccm_contacts_count_ended(ccm_contact_table *t) {
  t->open--;
  t->retained++;
}

/* Set the time from which expiry looks at c: at most its own due time
 * (ccm_expiry_due).  A change that only makes that later needs no call: the
 * array may hold earlier times than the records' own. */
static inline void ccm_contacts_set_due(ccm_contact_table *t, const ccm_contact *c, int64_t due) {
  t->due[c - t->rec] = due;
  if (due < t->due_min) t->due_min = due;
}

#define CCM_RECENT_CONTACTS 8192u /* 64 KiB */

/* Result of applying one event to a contact. */
typedef struct ccm_apply {
  ccm_credit credit[CCM_MAX_CREDITS];
  uint32_t ncredits;
  int32_t fcr_credit;    /* credit index of a first closure that may be a provisional FCR (-1 = none) */
  uint32_t old_tag_head; /* the contact's tags before the event (credits with old_tags) */
  bool fcr_takeback;     /* the contact's provisional FCR is taken back */
  uint32_t push_tag;     /* a tag to add to the contact's list (0 = none) */
  bool acw_push;         /* acw_new enters after-contact work */
  ccm_acw_leg acw_new;
  uint32_t acw_remove;   /* ACW node whose acw_end came (0 = none) */
  uint32_t acw_drop;     /* ACW node dropped unmeasured, the oldest (0 = none) */
  int64_t clamped;       /* negative durations clamped */
  const char *why;       /* reason of a rejection */
} ccm_apply;

struct ccm_engine;
int32_t ccm_contact_apply(const struct ccm_engine *e, const ccm_contact *before, ccm_contact *c, bool is_new,
                          const ccm_event *ev, ccm_apply *out);
bool ccm_contact_has_tag(const struct ccm_engine *e, const ccm_contact *c, uint32_t tag);
/* Over: nothing is going on (no queue visit, no agent contact open or in
 * after-contact work) and it is resolved or, for voice and video, served
 * (the call is no longer connected). */
static inline bool ccm_contact_is_voice_like(const ccm_contact *c) {
  return c->channel == CCM_CHANNEL_VOICE || c->channel == CCM_CHANNEL_VIDEO;
}
static inline bool ccm_contact_is_over(const ccm_contact *c) {
  if (c->flags & (CCM_C_IN_QUEUE | CCM_C_LEG_OPEN)) return false;
  if (c->nacw) return false;
  if (c->flags & CCM_C_RESOLVED) return true;
  return ccm_contact_is_voice_like(c) && (c->flags & CCM_C_SERVED);
}
/* Gauge changes (in_queue, open_contacts, awaiting_reply) between two states
 * of a contact, added to out as credits (out->push_tag: a tag is added). */
void ccm_contact_gauges(const struct ccm_engine *e, const ccm_contact *before, const ccm_contact *after,
                        ccm_apply *out);

int32_t ccm_contacts_init(ccm_contact_table *t, ccm_mem *m);
void ccm_contacts_free(ccm_contact_table *t, ccm_mem *m);
ccm_contact *ccm_contacts_find(const ccm_contact_table *t, uint64_t key);
int32_t ccm_contacts_reserve(ccm_contact_table *t, ccm_mem *m);
ccm_contact *ccm_contacts_insert(ccm_contact_table *t, uint64_t key); /* after reserve */
void ccm_contacts_remove(ccm_contact_table *t, ccm_contact *c);
/* Snapshot restore: room for the due times of cap records. */
int32_t ccm_contacts_alloc_due(ccm_contact_table *t, ccm_mem *m);
/* Batch ingestion hides memory latency by asking for a contact's index slot
 * some events ahead, then (once the slot is cached) for its record. */
void ccm_contacts_prefetch_slot(const ccm_contact_table *t, uint64_t key);
void ccm_contacts_prefetch_record(const ccm_contact_table *t, uint64_t key);

#if defined(__GNUC__) || defined(__clang__)
#define CCM_PREFETCH(p) __builtin_prefetch(p)
#else
#define CCM_PREFETCH(p) ((void)(p))
#endif

/* A rare path kept out of its caller, so that the caller's usual path
 * needs fewer registers (a plain function elsewhere). */
#if defined(__GNUC__) || defined(__clang__)
#define CCM_NOINLINE __attribute__((noinline))
#else
#define CCM_NOINLINE
#endif

/* A short function on the hot path, inlined into each of its callers
 * whatever the compiler's estimate of its size (a plain inline elsewhere). */
#if defined(__GNUC__) || defined(__clang__)
#define CCM_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define CCM_ALWAYS_INLINE inline
#endif

/* ---- customers and first contact resolution (customer.c) --------------- */

/* A provisional FCR (a node of the engine's FCR pool, in its customer's
 * list): enough to take it back in the very cells it was credited to. */
typedef struct ccm_fcr_node {
  uint32_t next; /* first word: the pool's free chain reuses it */
  uint32_t ntags;  /* the contact's tags at the closure (its oldest ntags) */
  uint32_t nviews; /* views that existed at the closure */
  uint32_t dims[CCM_KEY_DIMS];
  uint64_t contact;
  int64_t closed; /* closure time */
} ccm_fcr_node;

typedef struct ccm_customer {
  uint64_t key;       /* 0 = empty slot */
  int64_t last_start; /* latest contact_start seen */
  uint32_t pending;   /* provisional FCRs (FCR pool), newest first */
  uint32_t last_contact; /* hash of the contact that started then (an FCR is not its own repeat) */
} ccm_customer;

/* Customers by key: open addressing, records in the slots. */
typedef struct ccm_customer_table {
  ccm_customer *slot;
  uint32_t nslots, used; /* nslots: power of two */
  int64_t last_scan, next_scan; /* ccm_engine_advance() scans when now is outside [last_scan, next_scan) */
} ccm_customer_table;

/* The hash that places a customer in the table (customer.c, snapshot.c). */
uint32_t ccm_customer_hash(uint64_t key);

struct ccm_engine;
void ccm_customers_free(struct ccm_engine *e);
/* Plan phase (reads only): repeat status of a starting contact, FCR of a
 * first closure; adds the credit items and says what to reserve. */
void ccm_customers_plan(const struct ccm_engine *e, ccm_contact *c, const ccm_event *ev, ccm_apply *ap,
                        bool *need_record, bool *push_fcr);
int32_t ccm_customers_reserve(struct ccm_engine *e, bool need_record, bool push_fcr);
/* Whether an applied event concerns the customer records at all (a start
 * with a customer, a first closure, an FCR taken back): most events do not,
 * and skip plan and commit.  The union of the cases ccm_customers_plan and
 * ccm_customers_commit act on (customer.c): a case added there goes here. */
static inline bool ccm_customers_involved(const ccm_contact *c, const ccm_event *ev, const ccm_apply *ap) {
  return (ev->type == CCM_EV_CONTACT_START && c->customer) || ap->fcr_credit >= 0 || ap->fcr_takeback;
}
/* Commit phase: cannot fail. */
void ccm_customers_commit(struct ccm_engine *e, ccm_contact *c, const ccm_event *ev, const ccm_apply *ap,
                          bool push_fcr);
void ccm_customers_advance(struct ccm_engine *e, int64_t now);
/* Batch ingestion asks for a starting contact's customer slot some events
 * ahead: the table is large and a start probes it at random. */
void ccm_customers_prefetch(const ccm_customer_table *t, uint64_t key);

/* ---- surveys and ledger (survey.c, ledger.c): stateless events ---------- */

int32_t ccm_survey_check(const ccm_event *ev, const char **why);
/* One credit in ap; returns the contact record it was completed from (NULL:
 * not held), whose tags the credit goes to. */
const ccm_contact *ccm_survey_credit(const struct ccm_engine *e, const ccm_event *ev, ccm_apply *ap);
int32_t ccm_ledger_check(const ccm_event *ev, const char **why);
void ccm_ledger_credit(const ccm_event *ev, bool levels, ccm_apply *ap); /* levels: CCM_CFG_LEVELS */

/* ---- agent states (agent_state.c) -------------------------------------- */

typedef struct ccm_agent {
  int64_t since;   /* start of the running span (or the time it was credited up to) */
  int64_t last_ts; /* the agent's latest state event */
  uint32_t team;
  uint32_t reason;      /* CCM_DIM_REASON id of the span's reason code (0 = none) */
  uint32_t gauge_views; /* views that existed at its first state event, + 1 */
  uint8_t state;   /* CCM_STATE_*, 0 = no state event yet */
} ccm_agent;

int32_t ccm_agent_state_check(const ccm_event *ev, const char **why);
int32_t ccm_agents_ingest(struct ccm_engine *e, const ccm_event *ev, const char **why);
int32_t ccm_agents_advance(struct ccm_engine *e, int64_t now);
void ccm_agents_free(struct ccm_engine *e);

/* ---- views (view.c, timegrain.c) --------------------------------------- */

#include "sketch.h"
#include "cell_store.h"

/* A view's cells: a header of `stride` bytes each in one array (bucket,
 * hash, where its measure groups lie, key, sketch references: view.c) and
 * their measures in blocks of the view's word store (cell_store.h). */
#define CCM_CELL_CHUNK_SHIFT 9
#define CCM_CELL_CHUNK (1u << CCM_CELL_CHUNK_SHIFT)
struct ccm_view {
  struct ccm_engine *engine;
  uint32_t pos;       /* position in the engine's list */
  int64_t min_bucket, max_bucket; /* of its cells (when it has any) */
  uint32_t mask;
  int32_t grain;
  uint32_t flags;
  uint32_t ndims;
  uint8_t dim[CCM_KEY_DIMS]; /* the view's dimensions in increasing order */
  bool by_tag;
  uint32_t tag_pos;    /* position of the tag in the key (when by_tag) */
  size_t stride;      /* bytes per cell header */
  ccm_cell_plan plan; /* where each measure lies in a cell's block */
  ccm_word_store words;
  uint32_t ncells;
  uint32_t cells_room;   /* cells the chunks and the index hold without growing */
  unsigned char **chunk; /* cell headers, CCM_CELL_CHUNK per chunk */
  uint32_t nchunks, chunks_cap;
  uint64_t *index;    /* hash << 32 | (cell + 1); 0 = empty */
  uint32_t nindex;    /* power of two, >= 2 * cap */
  uint32_t last;      /* the cell credited last + 1: consecutive credits often share it */
  /* A view with one dimension: for each id of it (below nby_id), the cell
   * it was credited in last and that cell's bucket, so that a
   * time-ordered stream, which credits the same buckets over and over,
   * finds its cells without hashing (view.c, cell_for).  16 bytes per id
   * of the dictionary, up to CCM_VIEW_BY_ID_MAX ids (1 MiB), in every such
   * view.  It grows when a credit makes room in the view
   * (ccm_view_reserve_slow), so it may trail the dictionary for a while
   * (a restored view has none until then), and stays as it is out of
   * memory: an id it does not cover is found through the index. */
  struct ccm_id_cell {
    int64_t bucket;
    uint32_t cell; /* + 1; 0 = none yet */
  } *by_id;
  uint32_t nby_id; /* 0, or a power of two: ids 0 .. nby_id - 1 */
  bool sketches;      /* CCM_VIEW_SKETCHES */
  size_t sketches_at; /* offset of the sketch refs within a cell */
  ccm_sketch_store sk;
};

/* Events may carry times in [-CCM_MAX_ABS_TS, CCM_MAX_ABS_TS]. */
#define CCM_MAX_ABS_TS INT64_C(253402300799999) /* 9999-12-31T23:59:59.999Z */
int64_t ccm_floor_div(int64_t a, int64_t b);
/* A bucket: its id (CCM_GRAIN_*) and the instants [start, end) it spans. */
typedef struct ccm_span {
  int64_t id, start, end;
} ccm_span;
#define CCM_GRAINS 7
/* A stretch of constant offset of the clock, remembered between bucket
 * lookups (iterating buckets, ingestion): most lookups are arithmetic. */
typedef struct ccm_clock_memo {
  int64_t from, to, offset;
} ccm_clock_memo;
void ccm_clock_memo_init(ccm_clock_memo *memo);
void ccm_time_span_memo(const struct ccm_engine *e, ccm_clock_memo *memo, int32_t grain, int64_t ts, ccm_span *out);
void ccm_time_span(const struct ccm_engine *e, int32_t grain, int64_t ts, ccm_span *out);
int64_t ccm_time_bucket(const struct ccm_engine *e, int32_t grain, int64_t ts);
int64_t ccm_time_bucket_end(const struct ccm_engine *e, int32_t grain, int64_t ts); /* INT64_MAX for NONE */
/* Interval, date, week, month: buckets named by their first instant. */
bool ccm_grain_has_instants(int32_t grain);
/* Room for credits to `more` cells (new or growing) and, in a view with
 * sketches, `inserts` sketch values, so that crediting cannot fail.  Every
 * event asks, so the usual answer (room enough) costs no call. */
int32_t ccm_view_reserve_slow(struct ccm_view *v, uint32_t more, uint32_t inserts);
/* Whether `more` new cells, each holding every group, fit without
 * allocating (with by_id covering the dictionary: ccm_view_reserve's
 * usual answer). */
static inline bool ccm_view_has_room(const struct ccm_view *v, uint32_t more) {
  return more <= v->cells_room - v->ncells && ccm_word_store_holds(&v->words, (uint64_t)more * v->plan.total_words);
}
/* ccm_view_reserve() is defined after struct ccm_engine: whoever reserves
 * view room is about to spend it, and the engine's view_room (engine.c)
 * does not count that, so it sets view_room to 0. */
static inline int32_t ccm_view_reserve(struct ccm_view *v, uint32_t more, uint32_t inserts);
/* Cells (new or growing) a view takes without allocating: what
 * ccm_view_has_room() answers yes for, at most; 0 with sketches. */
uint32_t ccm_view_room(const struct ccm_view *v);
/* Every credit of an event has the event's time, so its bucket in each grain
 * in use is found once per event (from a per-grain cache of the last span):
 * ccm_buckets_at() below, which calls this when the time lies outside the
 * last buckets found.  Returns e->buckets_last, filled. */
const int64_t *ccm_buckets_find(struct ccm_engine *e, int64_t ts);
void ccm_buckets_forget(struct ccm_engine *e);
/* Forget the last buckets found (a view was added: its grain may be new). */
void ccm_buckets_forget_last(struct ccm_engine *e);
uint32_t ccm_credit_sketch_values(const ccm_credit *cr);
void ccm_view_credit(struct ccm_view *v, const ccm_credit *cr, const struct ccm_engine *e, uint32_t tag_head,
                     int64_t bucket);
int64_t ccm_view_find(const struct ccm_view *v, const uint32_t *dims, int64_t bucket); /* cell or -1 */
/* A cell's measures in the layout of ccm_cell_layout (empty where it holds
 * none), one measure's word (0..3), merged into a layout. */
void ccm_view_cell_read(const struct ccm_view *v, uint32_t cell, int64_t *slots);
/* Only what one metric reads (the rest of slots is left as it was); cell
 * may be -1: no cell, the measures of an empty one. */
void ccm_view_cell_read_metric(const struct ccm_view *v, int64_t cell, int32_t metric, int64_t *slots);
int64_t ccm_view_cell_field(const struct ccm_view *v, uint32_t cell, int32_t measure, uint32_t word);
void ccm_view_cell_merge_into(const struct ccm_view *v, uint32_t cell, int64_t *slots);
/* Merging a cell of another view (of the same definition) into cell `to`,
 * created before: the words to reserve first (to < 0: a cell to be made),
 * then the merge. */
uint32_t ccm_view_cell_merge_words(const struct ccm_view *dv, int64_t to, const struct ccm_view *sv, uint32_t c);
void ccm_view_cell_merge(struct ccm_view *dv, uint32_t to, const struct ccm_view *sv, uint32_t c);
/* Set an empty cell's measures from a layout (a snapshot's), after
 * reserving the plan's total_words words. */
void ccm_view_cell_set(struct ccm_view *v, uint32_t cell, const int64_t *slots);
/* Room for `more` new cells; for blocks of `words` words in total. */
int32_t ccm_view_reserve_cells(struct ccm_view *v, uint32_t more);
int32_t ccm_view_reserve_words(struct ccm_view *v, uint64_t words);
/* A cell's sketch refs by timer index (NULL: the view has no sketches). */
const uint32_t *ccm_view_cell_sketches(const struct ccm_view *v, uint32_t cell);
uint32_t *ccm_view_cell_sketches_mut(struct ccm_view *v, uint32_t cell);
void ccm_view_cell_key(const struct ccm_view *v, uint32_t cell, uint32_t *key, uint32_t nkey, int64_t *bucket);
void ccm_view_destroy(struct ccm_view *v);
/* A credit to the cell of the key dims (all of the view's dimensions, the
 * tag included in a view by tag: one cell), made when absent in reserved
 * room, whose number is returned; or to a cell known to be its. */
uint32_t ccm_view_credit_keyed(struct ccm_view *v, const ccm_credit *cr, const uint32_t *dims, int64_t bucket);
void ccm_view_credit_cell(struct ccm_view *v, const ccm_credit *cr, uint32_t cell);
/* The same credit to cells[i] of views[i], i < n: the cells a route-table
 * hit names, credited in one loop (ccm_view_credit_cell's work, with
 * apply_items inlined once for all the views). */
void ccm_view_credit_cells(struct ccm_view *const *views, const uint32_t *cells, uint32_t n, const ccm_credit *cr);

/* ---- the cells of recent credit keys (route_cache.c) -------------------- */

#define CCM_ROUTE_ENTRIES 4096u /* a power of two */
#define CCM_ROUTE_VIEWS 16u     /* the views whose cells an entry holds: the first ones */

/* The event's buckets are named by the start of the stretch of time in
 * which every grain's bucket is the same (ccm_buckets_at: buckets_from):
 * one word instead of one per grain. */
typedef struct ccm_route_key {
  uint32_t dims[CCM_KEY_DIMS]; /* the credit's; as tag, its one tag (route_cache.c) */
  uint32_t views;              /* the views it goes to: the first `views`; | CCM_ROUTE_ONE_TAG */
  uint32_t hash;               /* 0: an empty entry */
  int64_t buckets_from;
} ccm_route_key;
/* compared and hashed as words: no padding */
_Static_assert(sizeof(ccm_route_key) == 4 * (CCM_KEY_DIMS + 2) + 8 && sizeof(ccm_route_key) % 8 == 0,
               "a route key has no padding");

typedef struct ccm_route_cache {
  ccm_route_key *key; /* NULL: no table (fewer than two views) */
  uint32_t *cell;     /* entry k's cell in view i: cell[k * nviews + i] */
  uint32_t nviews;    /* views whose cells an entry holds (the first ones) */
  uint32_t tag_views; /* views by tag among them */
  /* per dimension, ~0 when one of those views is keyed by it, else 0: a
   * key keeps only the dimensions that name their cells */
  uint32_t dim_mask[CCM_KEY_DIMS];
} ccm_route_cache;
/* In a route key's views: the credit goes to one tag, so an entry holds
 * the cells of the views by tag too. */
#define CCM_ROUTE_ONE_TAG 0x80000000u

struct ccm_engine;
/* The table for the engine's views and `adding`, the view about to be
 * added: none when there are fewer than two views; made anew unless the
 * first CCM_ROUTE_VIEWS stay the same.  CCM_OK or CCM_E_NOMEM
 * (the old table kept). */
int32_t ccm_route_cache_resize(struct ccm_engine *e, const struct ccm_view *adding);
void ccm_route_cache_free(struct ccm_engine *e);
/* A credit to the first n views, at the event's buckets (cells reserved;
 * bucket: ccm_buckets_at() of the event's time, just before), through the
 * table, which the engine has (e->routes.key). */
void ccm_route_credit(struct ccm_engine *e, const ccm_credit *cr, uint32_t n, uint32_t tag_head,
                      const int64_t *bucket);
/* Add delta to a count measure of an existing cell, for the tags as they
 * were: the contact's oldest `ntags` tags (the list runs newest first). */
void ccm_view_adjust(struct ccm_view *v, const uint32_t *dims, const struct ccm_engine *e, uint32_t tag_head,
                     uint32_t ntags_now, uint32_t ntags, int64_t bucket, int32_t measure, int64_t delta);

/* ---- exactly-once and lateness (dedup.c, reorder.c) -------------------- */

/* Event ids of accepted events, remembered in arrival order (a ring) with a
 * linear-probing index over the ring's slots; an id leaves when
 * CCM_CFG_DEDUP_MAX newer ids came or the latest event time passed its time
 * by CCM_CFG_DEDUP_WINDOW_MS. */
typedef struct ccm_dedup {
  uint64_t *id;    /* ring: ids (0 = free slot) */
  int64_t *ts;     /* ring: their event times */
  uint32_t cap, head, count; /* ring capacity (power of two), oldest slot, ids held */
  uint32_t *index; /* ring slot + 1 per hash position, 0 = empty */
  uint32_t nindex; /* power of two, 2 x cap */
  int64_t latest;  /* the latest event time seen (INT64_MIN: none) */
  uint32_t holes;  /* ring slots of forgotten ids (id 0), still in count */
} ccm_dedup;

struct ccm_engine;
void ccm_dedup_free(ccm_dedup *d, ccm_mem *m);
bool ccm_dedup_seen(const ccm_dedup *d, uint64_t id);
void ccm_dedup_forget(ccm_dedup *d, uint64_t id);
/* Room to remember one more id (may allocate), then remember it (cannot fail). */
int32_t ccm_dedup_reserve(struct ccm_engine *e);
void ccm_dedup_remember(struct ccm_engine *e, uint64_t id, int64_t ts);

/* Events held back to be applied in time order (CCM_CFG_LATENESS_MS > 0):
 * a binary min-heap by (ts, seq); an event is applied once the latest event
 * time seen is at least its time + the lateness. */
typedef struct ccm_held {
  ccm_event ev;
  uint64_t seq; /* arrival order: equal times keep it */
} ccm_held;

typedef struct ccm_reorder {
  ccm_held *heap;
  uint32_t n, cap;
  uint64_t next_seq;
  int64_t latest; /* the latest event time seen (INT64_MIN: none) */
} ccm_reorder;

void ccm_reorder_free(ccm_reorder *r, ccm_mem *m);
int32_t ccm_reorder_reserve(struct ccm_engine *e); /* room to hold one more */
void ccm_reorder_push(struct ccm_engine *e, const ccm_event *ev);
/* Whether the earliest held event has a time <= until; take it out. */
bool ccm_reorder_ready(const ccm_reorder *r, int64_t until);
void ccm_reorder_pop(ccm_reorder *r, ccm_held *out);

/* ---- query results (query.c, percentile.c) ----------------------------- */

struct ccm_measures {
  ccm_mem mem; /* a copy of the engine's hooks: the set outlives nothing */
  int64_t slots[CCM_SLOTS];
  bool levels_undefined; /* levels merged from a view by hour or day of week, or from different spans */
  bool levels_off;       /* merged from an engine that keeps no level (CCM_CFG_LEVELS 0): every field undefined */
  bool has_wait;         /* longest_wait is known */
  bool span_set;         /* something was merged: levels are of [span_from, span_to) */
  int64_t longest_wait;
  int64_t span_from, span_to;
  /* sketches: merged from views with sketches; one cell without makes them
   * incomplete (quantiles unsupported) */
  uint8_t sketch_state; /* CCM_SKETCHES_NONE / _ALL / _PARTIAL */
  uint32_t sketch[CCM_NTIMERS];
  ccm_sketch_store sk;
};
enum { CCM_SKETCHES_NONE, CCM_SKETCHES_ALL, CCM_SKETCHES_PARTIAL };

struct ccm_cursor {
  ccm_mem mem;
  const struct ccm_view *view;
  int64_t pos;          /* current cell, -1 before the first */
  int64_t *before;      /* levels: per cell, the changes of its key in earlier buckets (lazy) */
  int64_t *wait;        /* longest wait per cell, -1 = none (lazy) */
  size_t nbefore, nwait;
  int64_t read_pos;          /* the cell whose measures slots holds, -1 = none */
  int64_t slots[CCM_SLOTS];
};

/* Merge the sketches of a view's cell into a set (CCM_OK or CCM_E_NOMEM). */
int32_t ccm_measures_merge_sketches(ccm_measures *m, const struct ccm_view *v, uint32_t cell);

/* ---- engine (engine.c) ------------------------------------------------- */

#define CCM_ERRMSG_LEN 256
/* Blocks of time whose buckets are remembered, per grain: the open
 * contacts' events interleave times hours apart, so one bucket per grain
 * would be left by nearly every event. */
#define CCM_BUCKET_CACHE 64
#define CCM_REJECT_CODES 64 /* rejected counts for codes -1 .. -63 */

struct ccm_engine {
  ccm_mem mem;
  int64_t cfg[CCM_CFG_LAST + 1];
  ccm_clock clock;      /* local time of every bucket */
  bool clock_fixed;     /* a fixed offset (UTC, or no daylight time): buckets by arithmetic */
  int64_t fixed_offset;
  bool has_calendar;    /* business-hours measures are credited */
  ccm_calendar cal;
  /* Recent buckets of each grain (ingestion), two per block of
   * 2^bucket_shift[grain] ms, direct-mapped by block (timegrain.c), and the
   * clock's stretch around them. */
  ccm_span bucket_cache[CCM_GRAINS][CCM_BUCKET_CACHE][2];
  uint8_t bucket_shift[CCM_GRAINS];
  ccm_clock_memo memo;
  /* the last buckets found, and the times [from, to) they all hold */
  int64_t buckets_last[CCM_GRAINS];
  int64_t buckets_from, buckets_to;
  ccm_dict dict[CCM_DICTS];
  ccm_contact_table contacts;
  ccm_pool tags; /* ccm_tag_node */
  ccm_pool acw;  /* ccm_acw_leg */
  ccm_pool fcr;  /* ccm_fcr_node */
  ccm_customer_table customers;
  ccm_agent *agents; /* indexed by agent id - 1 */
  uint32_t nagents, agents_cap, agents_known; /* known: agents with a state event */
  int64_t fcr_pending;
  int64_t now;   /* time of the latest ccm_engine_advance() (INT64_MIN: none) */
  struct ccm_view **views;
  uint32_t nviews, views_cap;
  ccm_route_cache routes; /* the cells of recent credit keys */
  /* Credits to cells that every view takes without allocating, at least:
   * ingestion spends it event by event and checks the views one by one
   * only when it runs out (engine.c); any other reserve of view room sets
   * it to 0, since the credits that follow spend room it does not count. */
  uint32_t view_room;
  int64_t grain_views[CCM_GRAINS]; /* views per grain: buckets computed only for grains in use */
  ccm_dedup dedup;
  ccm_reorder reorder;
  int64_t accepted, rejected, clamped, released, expired, forgotten, acw_unclosed;
  int64_t duplicates, reordered;
  int64_t rejected_by_code[CCM_REJECT_CODES];
  char errmsg[CCM_ERRMSG_LEN];
};

/* Ids a view's by_id table should cover: every id of its one dimension
 * (and 0, "none"), up to CCM_VIEW_BY_ID_MAX; 0 for other views. */
#define CCM_VIEW_BY_ID_MAX (1u << 16)
static inline uint32_t ccm_view_by_id_wanted(const struct ccm_view *v) {
  uint32_t ids;
  if (v->ndims != 1) return 0;
  ids = ccm_dict_ids(&v->engine->dict[v->dim[0]]) + 1;
  return ids < CCM_VIEW_BY_ID_MAX ? ids : CCM_VIEW_BY_ID_MAX;
}
static inline int32_t ccm_view_reserve(struct ccm_view *v, uint32_t more, uint32_t inserts) {
  v->engine->view_room = 0;
  if (!inserts && ccm_view_has_room(v, more) && v->nby_id >= ccm_view_by_id_wanted(v)) return CCM_OK;
  return ccm_view_reserve_slow(v, more, inserts);
}

/* The buckets of time ts in every grain (0 for grains no view uses), valid
 * until the next call: consecutive events of a stream mostly share every
 * bucket (and buckets_from names them: route_cache.c). */
static inline const int64_t *ccm_buckets_at(ccm_engine *e, int64_t ts) {
  return ts >= e->buckets_from && ts < e->buckets_to ? e->buckets_last : ccm_buckets_find(e, ts);
}

/* The one tag a credit goes to in views by tag, or false when it goes to
 * each of several: its own tag, else the contact's tags from tag_head
 * (none: tag 0, "none").  ccm_view_credit and the route table, which keys
 * a credit by that tag, both decide by it. */
static inline bool ccm_credit_one_tag(const ccm_engine *e, const ccm_credit *cr, uint32_t tag_head, uint32_t *tag) {
  const ccm_tag_node *node;
  if (cr->single_tag || !tag_head) {
    *tag = cr->single_tag ? cr->dims[CCM_DIM_TAG] : 0;
    return true;
  }
  node = ccm_pool_at(&e->tags, tag_head);
  if (node->next) return false;
  *tag = node->tag;
  return true;
}

/* Every credit of ap, at the buckets of ts, to every view it goes to (the
 * cells were reserved). */
void ccm_route_credits(ccm_engine *e, const ccm_apply *ap, uint32_t tag_head, int64_t ts);

/* Apply the held events (lateness) whose time is <= until. */
void ccm_engine_release_held(ccm_engine *e, int64_t until);

/* Expiry (expiry.c).  The first time from which ccm_engine_expire()
 * releases, expires or forgets c as it stands (INT64_MAX: never, until it
 * changes): an ended contact after the retention time unless an FCR of it
 * is provisional; an over one after the grace time; an idle one after the
 * idle timeout.  The one statement of the rule: expiry_of() derives from
 * it.  Times lie within +-CCM_MAX_ABS_TS and the durations within a year
 * (config.c), so the sums do not overflow.  Inline: ingestion asks it at
 * most changes of state. */
static inline int64_t ccm_expiry_due(const ccm_engine *e, const ccm_contact *c) {
  int64_t due = INT64_MAX;
  if (!(c->flags & CCM_C_USED)) return INT64_MAX;
  if (c->flags & CCM_C_ENDED)
    return (c->flags & CCM_C_FCR_PENDING) ? INT64_MAX : c->last_ts + e->cfg[CCM_CFG_RETENTION_MS] + 1;
  if (ccm_contact_is_over(c)) due = c->last_ts + e->cfg[CCM_CFG_GRACE_MS];
  if (e->cfg[CCM_CFG_IDLE_TIMEOUT_MS] && c->last_ts + e->cfg[CCM_CFG_IDLE_TIMEOUT_MS] + 1 < due)
    due = c->last_ts + e->cfg[CCM_CFG_IDLE_TIMEOUT_MS] + 1;
  return due;
}
/* c changed outside the ingestion of its own event (a provisional FCR of
 * it became final or was taken back): its due time, exact again. */
void ccm_expiry_note(ccm_engine *e, const ccm_contact *c);
/* Every record's due time from the records (after a snapshot restore). */
void ccm_expiry_rebuild(ccm_engine *e);

int32_t ccm_set_error(ccm_engine *e, int32_t code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Saturating helpers for durations. */
static inline int64_t ccm_duration(int64_t from, int64_t to, int64_t *clamped) {
  if (to < from) {
    ++*clamped;
    return 0;
  }
  return to - from;
}

#endif
