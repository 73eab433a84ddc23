/*
 * snapshot.c - an engine's whole state written out and read back
 * (ccm_engine_snapshot, ccm_engine_restore).  The format is described in
 * doc/SNAPSHOT.md.
 *
 * What is written is the engine's logical content, never a struct or a
 * pointer: settings, dictionaries as their strings in id order, views with
 * their cells (bucket, key, the measures that differ from an empty cell,
 * sketches as bucket counts), agents, contact records in their positions
 * with their tag and after-contact-work lists inline, customers with their
 * provisional FCRs inline, remembered event ids, held events, counters.
 * Hash indexes and pools are rebuilt on restore, mostly by the engine's own
 * code (interning, view cells, contact insertion, duplicate detection), so
 * the restored engine is the one those functions would have built.  What
 * decides the order of future cells is kept: cells in their order, contact
 * records in their positions and the free list of records, held events in
 * their heap order, remembered ids in arrival order.
 *
 * Writing: the snapshot is produced twice through a small buffer (no
 * allocation), once to learn its length and CRC32C for the header, once to
 * hand it to the host.  Reading: nothing is trusted; every count is checked
 * against the bytes that remain before anything is allocated, every id,
 * reference, flag and time is checked, and lists are read inline so that no
 * cycle or shared node can be expressed.
 */
#include <string.h>

#include "ccmetrics_int.h"
#include "crc32c.h"
#include "hash.h"

#define SNAP_MAGIC "CCMSNAP" /* with its NUL: 8 bytes */
#define SNAP_MAGIC_LEN 8
#define SNAP_VERSION 1u
#define SNAP_HEADER 24 /* magic, version u32, crc32c u32, total length u64 */

/* Section tags: four ASCII letters, read as a little-endian u32. */
#define TAG(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)
#define SEC_CONFIG TAG('C', 'O', 'N', 'F')
#define SEC_DICTS TAG('D', 'I', 'C', 'T')
#define SEC_VIEWS TAG('V', 'I', 'E', 'W')
#define SEC_AGENTS TAG('A', 'G', 'N', 'T')
#define SEC_CONTACTS TAG('C', 'T', 'C', 'T')
#define SEC_CUSTOMERS TAG('C', 'U', 'S', 'T')
#define SEC_DEDUP TAG('D', 'D', 'U', 'P')
#define SEC_REORDER TAG('R', 'O', 'R', 'D')
#define SEC_STATS TAG('S', 'T', 'A', 'T')

#define SLOT_WORDS ((CCM_SLOTS + 63) / 64) /* u64 words of a cell's slot bitmap */
#define CLOCK_RULE 0
#define CLOCK_HOST_FN 1
#define FREE_RECORD 0
#define USED_RECORD 1

_Static_assert(CCM_NTIMERS <= 32, "a cell's sketches are flagged in a u32");
_Static_assert(CCM_SKETCH_PAGES <= 32, "a sketch's pages are flagged in a u32");
_Static_assert(sizeof(double) == 8, "doubles are written as 64-bit patterns");

/* ======================================================================== */
/* Writing                                                                  */
/* ======================================================================== */

#define SINK_BUF 16384

enum sink_mode {
  SINK_COUNT, /* only the length (ccm_engine_snapshot_size) */
  SINK_CRC,   /* the length and the CRC32C (first pass) */
  SINK_WRITE  /* to the host (second pass) */
};

typedef struct sink {
  enum sink_mode mode;
  ccm_write_fn write;
  void *user;
  int32_t rc;     /* CCM_E_IO once the host refused a piece */
  uint64_t total; /* bytes flushed */
  uint32_t crc;
  size_t used; /* bytes in buf */
  unsigned char buf[SINK_BUF];
} sink;

static void sink_init(sink *s, enum sink_mode mode, ccm_write_fn write, void *user) {
  s->mode = mode;
  s->write = write;
  s->user = user;
  s->rc = CCM_OK;
  s->total = 0;
  s->crc = 0;
  s->used = 0;
}

static void flush(sink *s) {
  if (!s->used) return;
  if (s->mode == SINK_CRC) s->crc = ccm_crc32c(s->crc, s->buf, s->used);
  if (s->mode == SINK_WRITE && !s->rc && s->write(s->buf, s->used, s->user) != 0) s->rc = CCM_E_IO;
  s->total += s->used;
  s->used = 0;
}

/* Room for n <= 8 bytes. */
static inline unsigned char *room(sink *s, size_t n) {
  if (SINK_BUF - s->used < n) flush(s);
  s->used += n;
  return s->buf + s->used - n;
}

static inline void put_u8(sink *s, uint32_t v) { *room(s, 1) = (unsigned char)v; }

static inline void put_u16(sink *s, uint32_t v) {
  unsigned char *p = room(s, 2);
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
}

static inline void put_u32(sink *s, uint32_t v) {
  unsigned char *p = room(s, 4);
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16);
  p[3] = (unsigned char)(v >> 24);
}

static inline void put_u64(sink *s, uint64_t v) {
  unsigned char *p = room(s, 8);
  int i;
  for (i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static inline void put_i32(sink *s, int32_t v) { put_u32(s, (uint32_t)v); }
static inline void put_i64(sink *s, int64_t v) { put_u64(s, (uint64_t)v); }

static void put_f64(sink *s, double v) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  put_u64(s, bits);
}

static void put_bytes(sink *s, const void *data, size_t n) {
  const unsigned char *p = data;
  while (n) {
    size_t k;
    if (s->used == SINK_BUF) flush(s);
    k = SINK_BUF - s->used < n ? SINK_BUF - s->used : n;
    memcpy(s->buf + s->used, p, k);
    s->used += k;
    p += k;
    n -= k;
  }
}

/* ---- sections ------------------------------------------------------------ */

static void put_tz_date(sink *s, const ccm_tz_date *d) {
  put_u8(s, d->kind);
  put_u16(s, (uint16_t)d->month);
  put_u16(s, (uint16_t)d->week);
  put_u16(s, (uint16_t)d->day);
  put_i64(s, d->time);
}

static void write_config(sink *s, const ccm_engine *e) {
  int32_t k, d;
  uint32_t i;
  put_u32(s, SEC_CONFIG);
  put_u32(s, CCM_CFG_LAST);
  for (k = CCM_CFG_FIRST; k <= CCM_CFG_LAST; k++) put_i64(s, e->cfg[k]);
  put_u8(s, e->clock.fn ? CLOCK_HOST_FN : CLOCK_RULE);
  put_i64(s, e->clock.tz.std_offset);
  put_i64(s, e->clock.tz.dst_offset);
  put_u8(s, e->clock.tz.has_dst);
  put_tz_date(s, &e->clock.tz.start);
  put_tz_date(s, &e->clock.tz.end);
  put_u8(s, e->has_calendar);
  if (!e->has_calendar) return;
  for (d = 0; d < 7; d++) {
    const ccm_cal_day *day = &e->cal.day[d];
    put_u16(s, day->n);
    for (i = 0; i < day->n; i++) {
      put_u16(s, day->open[i]);
      put_u16(s, day->close[i]);
    }
  }
  put_u32(s, e->cal.nholidays);
  for (i = 0; i < e->cal.nholidays; i++) put_i64(s, e->cal.holiday[i]);
}

static void write_dicts(sink *s, const ccm_engine *e) {
  int32_t d;
  uint32_t i;
  put_u32(s, SEC_DICTS);
  for (d = 0; d < CCM_DICTS; d++) {
    const ccm_dict *dict = &e->dict[d];
    uint32_t n = dict->fixed ? 0 : dict->count; /* fixed dictionaries are the library's */
    put_u32(s, n);
    for (i = 0; i < n; i++) {
      put_u8(s, dict->entry[i].len);
      put_bytes(s, dict->entry[i].name, dict->entry[i].len);
    }
  }
}

static void write_sketch(sink *s, const ccm_sketch_store *st, uint32_t ref) {
  const ccm_sketch_head *h = ccm_pool_at(&st->heads, ref);
  uint32_t pages = 0, p, k;
  for (p = 0; p < CCM_SKETCH_PAGES; p++)
    if (h->page[p]) pages |= 1u << p;
  put_u64(s, h->zero);
  put_u64(s, h->count);
  put_u32(s, pages);
  for (p = 0; p < CCM_SKETCH_PAGES; p++) {
    const ccm_sketch_page *pg;
    if (!h->page[p]) continue;
    pg = ccm_pool_at(&st->pages, h->page[p]);
    put_u8(s, pg->wide != 0);
    for (k = 0; k < CCM_SKETCH_PAGE_BUCKETS; k++) put_u16(s, pg->low[k]);
    if (pg->wide) {
      const ccm_sketch_wide *w = ccm_pool_at(&st->wides, pg->wide);
      for (k = 0; k < CCM_SKETCH_PAGE_BUCKETS; k++) put_u32(s, w->high[k]);
    }
  }
}

/* A cell: bucket, key, the slots that differ from an empty cell's (a bitmap
 * then their values), and with sketches a bitmap of timers then each
 * sketch.  The cell layout is that of ccmetrics_int.h (struct ccm_view). */
static void write_cell(sink *s, const ccm_view *v, uint32_t c, const int64_t *empty) {
  int64_t slots[CCM_SLOTS], bucket;
  uint32_t key[CCM_KEY_DIMS];
  uint64_t bits[SLOT_WORDS] = {0};
  uint32_t i;
  ccm_view_cell_key(v, c, key, CCM_KEY_DIMS, &bucket);
  ccm_view_cell_read(v, c, slots);
  put_i64(s, bucket);
  for (i = 0; i < v->ndims; i++) put_u32(s, key[v->dim[i]]);
  for (i = 0; i < CCM_SLOTS; i++)
    if (slots[i] != empty[i]) bits[i / 64] |= UINT64_C(1) << (i % 64);
  for (i = 0; i < SLOT_WORDS; i++) put_u64(s, bits[i]);
  for (i = 0; i < CCM_SLOTS; i++)
    if (bits[i / 64] >> (i % 64) & 1) put_i64(s, slots[i]);
  if (v->sketches) {
    const uint32_t *refs = ccm_view_cell_sketches(v, c);
    uint32_t have = 0;
    for (i = 0; i < CCM_NTIMERS; i++)
      if (refs[i]) have |= 1u << i;
    put_u32(s, have);
    for (i = 0; i < CCM_NTIMERS; i++)
      if (refs[i]) write_sketch(s, &v->sk, refs[i]);
  }
}

static void write_views(sink *s, const ccm_engine *e) {
  const int64_t *empty = ccm_cell_template_slots();
  uint32_t i, c;
  put_u32(s, SEC_VIEWS);
  put_u32(s, CCM_SLOTS);
  put_u32(s, CCM_NTIMERS);
  put_u32(s, e->nviews);
  for (i = 0; i < e->nviews; i++) {
    const ccm_view *v = e->views[i];
    put_u32(s, v->mask);
    put_i32(s, v->grain);
    put_u32(s, v->flags);
    put_u32(s, v->ncells);
    for (c = 0; c < v->ncells && !s->rc; c++) write_cell(s, v, c, empty);
  }
}

static void write_agents(sink *s, const ccm_engine *e) {
  uint32_t i;
  put_u32(s, SEC_AGENTS);
  put_u32(s, e->nagents);
  for (i = 0; i < e->nagents; i++) {
    const ccm_agent *a = &e->agents[i];
    put_i64(s, a->since);
    put_i64(s, a->last_ts);
    put_u32(s, a->team);
    put_u32(s, a->reason);
    put_u32(s, a->gauge_views);
    put_u8(s, a->state);
  }
}

static void write_contact(sink *s, const ccm_engine *e, const ccm_contact *c) {
  uint32_t ref;
  put_u64(s, c->key);
  put_u64(s, c->customer);
  put_i64(s, c->start_ts);
  put_i64(s, c->last_ts);
  put_u32(s, c->flags);
  put_u32(s, c->campaign);
  put_u32(s, c->contact_type);
  put_u32(s, c->skill);
  put_u32(s, c->disposition);
  put_u8(s, c->channel);
  put_u8(s, c->direction);
  put_u8(s, c->last_party);
  put_u16(s, c->gauge_views);
  put_u32(s, c->q_skill);
  put_i64(s, c->q_enter);
  put_i64(s, c->offer_ts);
  put_u32(s, c->offer_agent);
  put_u32(s, c->offer_team);
  put_u32(s, c->last_agent);
  put_u32(s, c->last_team);
  put_i64(s, c->customer_turn_start);
  put_u32(s, c->leg.agent);
  put_u32(s, c->leg.team);
  put_u32(s, c->leg.skill);
  put_u32(s, c->leg.flags);
  put_i64(s, c->leg.start);
  put_i64(s, c->leg.hold_start);
  put_i64(s, c->leg.hold_total);
  put_i64(s, c->leg.focus_start);
  /* the lists, newest first: ntags tags, nacw agent contacts in ACW */
  put_u16(s, c->ntags);
  for (ref = c->tag_head; ref; ref = ((const ccm_tag_node *)ccm_pool_at(&e->tags, ref))->next)
    put_u32(s, ((const ccm_tag_node *)ccm_pool_at(&e->tags, ref))->tag);
  put_u8(s, c->nacw);
  for (ref = c->acw_head; ref; ref = ((const ccm_acw_leg *)ccm_pool_at(&e->acw, ref))->next) {
    const ccm_acw_leg *leg = ccm_pool_at(&e->acw, ref);
    put_u32(s, leg->agent);
    put_u32(s, leg->team);
    put_u32(s, leg->skill);
    put_i64(s, leg->end);
    put_i64(s, leg->talk_hold);
  }
}

static void write_contacts(sink *s, const ccm_engine *e) {
  const ccm_contact_table *t = &e->contacts;
  uint32_t i;
  put_u32(s, SEC_CONTACTS);
  put_u32(s, t->hwm);
  put_u32(s, t->free_head);
  for (i = 0; i < t->hwm && !s->rc; i++) {
    const ccm_contact *c = &t->rec[i];
    if (c->flags & CCM_C_USED) {
      put_u8(s, USED_RECORD);
      write_contact(s, e, c);
    } else {
      put_u8(s, FREE_RECORD);
      put_u32(s, (uint32_t)c->key); /* the next free record + 1 */
    }
  }
}

static void write_customer(sink *s, const ccm_engine *e, const ccm_customer *r) {
  uint32_t n = 0, ref, d;
  for (ref = r->pending; ref; ref = ((const ccm_fcr_node *)ccm_pool_at(&e->fcr, ref))->next) n++;
  put_u64(s, r->key);
  put_i64(s, r->last_start);
  put_u32(s, r->last_contact);
  put_u32(s, n);
  for (ref = r->pending; ref; ref = ((const ccm_fcr_node *)ccm_pool_at(&e->fcr, ref))->next) {
    const ccm_fcr_node *f = ccm_pool_at(&e->fcr, ref);
    put_u32(s, f->ntags);
    put_u32(s, f->nviews);
    for (d = 0; d < CCM_KEY_DIMS; d++) put_u32(s, f->dims[d]);
    put_u64(s, f->contact);
    put_i64(s, f->closed);
  }
}

/* Customers in slot order from just after an empty slot: inserted again in
 * that order into a table of the same size, each lands in its old slot
 * (every slot from its home to it is taken by then), so the table, and a
 * snapshot of the restored engine, are the same. */
static void write_customers(sink *s, const ccm_engine *e) {
  const ccm_customer_table *t = &e->customers;
  uint32_t i, first = 0;
  put_u32(s, SEC_CUSTOMERS);
  put_u32(s, t->nslots);
  put_u32(s, t->used);
  while (first < t->nslots && t->slot[first].key) first++; /* the load stays under 3/4: there is one */
  for (i = 1; i <= t->nslots; i++) {
    const ccm_customer *r = &t->slot[(first + i) & (t->nslots - 1)];
    if (r->key) write_customer(s, e, r);
  }
  put_i64(s, t->last_scan);
  put_i64(s, t->next_scan);
}

static void write_dedup(sink *s, const ccm_engine *e) {
  const ccm_dedup *d = &e->dedup;
  uint32_t k;
  put_u32(s, SEC_DEDUP);
  put_u32(s, d->count);
  put_i64(s, d->latest);
  for (k = 0; k < d->count; k++) { /* oldest first */
    uint32_t slot = (d->head + k) & (d->cap - 1);
    put_u64(s, d->id[slot]);
    put_i64(s, d->ts[slot]);
  }
}

static void write_event(sink *s, const ccm_event *ev) {
  put_u32(s, ev->size);
  put_i32(s, ev->type);
  put_i64(s, ev->ts);
  put_u64(s, ev->contact);
  put_u64(s, ev->customer);
  put_u32(s, ev->channel);
  put_u32(s, ev->direction);
  put_u32(s, ev->skill);
  put_u32(s, ev->campaign);
  put_u32(s, ev->agent);
  put_u32(s, ev->team);
  put_u32(s, ev->label);
  put_u32(s, ev->flags);
  put_f64(s, ev->value);
  put_u64(s, ev->event_id);
}

static void write_reorder(sink *s, const ccm_engine *e) {
  const ccm_reorder *r = &e->reorder;
  uint32_t i;
  put_u32(s, SEC_REORDER);
  put_u32(s, r->n);
  put_u64(s, r->next_seq);
  put_i64(s, r->latest);
  for (i = 0; i < r->n; i++) { /* in heap order: the same events come out first */
    write_event(s, &r->heap[i].ev);
    put_u64(s, r->heap[i].seq);
  }
}

static void write_stats(sink *s, const ccm_engine *e) {
  int32_t i;
  put_u32(s, SEC_STATS);
  put_i64(s, e->now);
  put_i64(s, e->accepted);
  put_i64(s, e->rejected);
  put_i64(s, e->clamped);
  put_i64(s, e->released);
  put_i64(s, e->expired);
  put_i64(s, e->forgotten);
  put_i64(s, e->acw_unclosed);
  put_i64(s, e->duplicates);
  put_i64(s, e->reordered);
  put_u32(s, CCM_REJECT_CODES - 1);
  for (i = 1; i < CCM_REJECT_CODES; i++) put_i64(s, e->rejected_by_code[i]);
}

/* Everything after the header. */
static void write_body(sink *s, const ccm_engine *e) {
  write_config(s, e);
  write_dicts(s, e);
  write_views(s, e);
  write_agents(s, e);
  write_contacts(s, e);
  write_customers(s, e);
  write_dedup(s, e);
  write_reorder(s, e);
  write_stats(s, e);
  flush(s);
}

int32_t ccm_engine_snapshot_size(const ccm_engine *e, uint64_t *size) {
  sink s;
  if (!e || !size) return CCM_E_INVALID_ARG;
  sink_init(&s, SINK_COUNT, NULL, NULL);
  write_body(&s, e);
  *size = SNAP_HEADER + s.total;
  return CCM_OK;
}

int32_t ccm_engine_snapshot(const ccm_engine *e, ccm_write_fn write, void *user) {
  sink s;
  uint32_t crc;
  uint64_t body;
  if (!e || !write) return CCM_E_INVALID_ARG;
  /* first pass: the header needs the body's length and checksum */
  sink_init(&s, SINK_CRC, NULL, NULL);
  write_body(&s, e);
  crc = s.crc;
  body = s.total;
  sink_init(&s, SINK_WRITE, write, user);
  put_bytes(&s, SNAP_MAGIC, SNAP_MAGIC_LEN);
  put_u32(&s, SNAP_VERSION);
  put_u32(&s, crc);
  put_u64(&s, SNAP_HEADER + body);
  write_body(&s, e);
  return s.rc;
}

/* ======================================================================== */
/* Reading                                                                  */
/* ======================================================================== */

/* The bytes not read yet.  Errors are sticky: after the first one every
 * read gives 0, and callers check rc before they allocate or link. */
typedef struct source {
  const unsigned char *p, *end;
  int32_t rc;
} source;

static int32_t corrupt(source *s) {
  if (!s->rc) s->rc = CCM_E_SNAPSHOT_CORRUPT;
  s->p = s->end;
  return s->rc;
}

static inline size_t left(const source *s) { return (size_t)(s->end - s->p); }

/* n more bytes, or NULL (corrupt) when fewer remain. */
static inline const unsigned char *take(source *s, size_t n) {
  const unsigned char *p = s->p;
  if (s->rc || left(s) < n) {
    corrupt(s);
    return NULL;
  }
  s->p += n;
  return p;
}

/* Whether count items of at least `each` bytes can still follow: checked
 * before anything is allocated for them. */
static bool fits(source *s, uint64_t count, size_t each) {
  if (s->rc || count > left(s) / each) {
    corrupt(s);
    return false;
  }
  return true;
}

static inline uint32_t le16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }

static inline uint32_t le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t le64(const unsigned char *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

static inline uint32_t get_u8(source *s) {
  const unsigned char *p = take(s, 1);
  return p ? p[0] : 0;
}

static inline uint32_t get_u16(source *s) {
  const unsigned char *p = take(s, 2);
  return p ? le16(p) : 0;
}

static inline uint32_t get_u32(source *s) {
  const unsigned char *p = take(s, 4);
  return p ? le32(p) : 0;
}

static inline uint64_t get_u64(source *s) {
  const unsigned char *p = take(s, 8);
  return p ? le64(p) : 0;
}

/* Two's complement back to signed without implementation-defined casts. */
static inline int64_t get_i64(source *s) {
  uint64_t u = get_u64(s);
  return u <= (uint64_t)INT64_MAX ? (int64_t)u : -(int64_t)(UINT64_MAX - u) - 1;
}

static inline int32_t get_i32(source *s) {
  uint32_t u = get_u32(s);
  return u <= (uint32_t)INT32_MAX ? (int32_t)u : -(int32_t)(UINT32_MAX - u) - 1;
}

static double get_f64(source *s) {
  uint64_t bits = get_u64(s);
  double v;
  memcpy(&v, &bits, sizeof v);
  return v;
}

/* A value that must lie in [lo, hi]. */
static int64_t get_ranged(source *s, int64_t lo, int64_t hi) {
  int64_t v = get_i64(s);
  if (v < lo || v > hi) corrupt(s);
  return v;
}

/* An event time (or 0 for "none", which is one). */
static int64_t get_time(source *s) { return get_ranged(s, -CCM_MAX_ABS_TS, CCM_MAX_ABS_TS); }

/* A time, or INT64_MIN for "never". */
static int64_t get_time_or_never(source *s) {
  int64_t v = get_i64(s);
  if (v != INT64_MIN && (v < -CCM_MAX_ABS_TS || v > CCM_MAX_ABS_TS)) corrupt(s);
  return v;
}

/* A sum of durations between event times. */
static int64_t get_duration(source *s) { return get_ranged(s, 0, 4 * CCM_MAX_ABS_TS); }

/* An id of dictionary dim, 0 ("not given") included. */
static uint32_t get_id(source *s, const ccm_engine *e, int32_t dim) {
  uint32_t id = get_u32(s);
  if (id && !ccm_dict_has(&e->dict[dim], id)) corrupt(s);
  return id;
}

static void expect_tag(source *s, uint32_t tag) {
  if (get_u32(s) != tag) corrupt(s);
}

/* Errors of the engine's own functions while rebuilding: an allocation
 * failure stays one, anything else (a limit) means the content is wrong. */
static int32_t rebuild_error(source *s, int32_t rc) {
  if (rc == CCM_E_NOMEM) {
    if (!s->rc) s->rc = CCM_E_NOMEM;
    s->p = s->end;
    return s->rc;
  }
  return corrupt(s);
}

/* ---- configuration and clock --------------------------------------------- */

#define HOUR_MS INT64_C(3600000)
#define MAX_TZ_OFFSET (26 * HOUR_MS)

static void get_tz_date(source *s, ccm_tz_date *d) {
  d->kind = (uint8_t)get_u8(s);
  d->month = (int16_t)get_u16(s);
  d->week = (int16_t)get_u16(s);
  d->day = (int16_t)get_u16(s);
  d->time = get_ranged(s, -168 * HOUR_MS, 168 * HOUR_MS);
}

/* A rule date as ccm_tz_parse() makes them. */
static bool tz_date_ok(const ccm_tz_date *d) {
  switch (d->kind) {
    case 'M': return d->month >= 1 && d->month <= 12 && d->week >= 1 && d->week <= 5 && d->day >= 0 && d->day <= 6;
    case 'J': return d->month == 0 && d->week == 0 && d->day >= 1 && d->day <= 365;
    case 'N': return d->month == 0 && d->week == 0 && d->day >= 0 && d->day <= 365;
    default: return false;
  }
}

static bool tz_date_none(const ccm_tz_date *d) {
  return !d->kind && !d->month && !d->week && !d->day && !d->time;
}

static void get_clock(source *s, const ccm_config *host, ccm_clock *clk, int32_t *incompatible) {
  uint32_t kind = get_u8(s);
  ccm_tz *tz = &clk->tz;
  ccm_clock_utc(clk);
  tz->std_offset = get_ranged(s, -MAX_TZ_OFFSET, MAX_TZ_OFFSET);
  tz->dst_offset = get_ranged(s, -MAX_TZ_OFFSET, MAX_TZ_OFFSET);
  tz->has_dst = get_u8(s) != 0;
  get_tz_date(s, &tz->start);
  get_tz_date(s, &tz->end);
  if (s->rc) return;
  if (kind == CLOCK_HOST_FN) {
    /* the host's function cannot be written: the restore is given it */
    if (tz->has_dst || tz->std_offset || tz->dst_offset || !tz_date_none(&tz->start) || !tz_date_none(&tz->end))
      corrupt(s);
    if (!host || !host->clock.fn) {
      *incompatible = 1;
      return;
    }
    clk->fn = host->clock.fn;
    clk->user = host->clock.user;
    return;
  }
  if (kind != CLOCK_RULE) {
    corrupt(s);
    return;
  }
  if (!tz->has_dst) {
    /* ccm_tz_parse() leaves a rule without daylight time like this */
    if (tz->dst_offset != tz->std_offset || !tz_date_none(&tz->start) || !tz_date_none(&tz->end)) corrupt(s);
    return;
  }
  /* a daylight rule that never changes the offset is folded by the parser */
  if (!tz_date_ok(&tz->start) || !tz_date_ok(&tz->end) || tz->dst_offset == tz->std_offset ||
      ccm_tz_next_change(tz, INT64_C(946684800000)) == INT64_MAX)
    corrupt(s);
}

static void get_settings(source *s, int64_t value[CCM_CFG_LAST + 1]) {
  uint32_t n = get_u32(s), k;
  if (n > CCM_CFG_LAST) { /* a later version's settings */
    corrupt(s);
    return;
  }
  ccm_config_defaults(value);
  for (k = CCM_CFG_FIRST; k <= n; k++) {
    int64_t lo, hi;
    ccm_config_bounds((int32_t)k, &lo, &hi, NULL);
    value[k] = get_ranged(s, lo, hi);
  }
  if (!s->rc && INT64_C(86400000) % value[CCM_CFG_INTERVAL_MS] != 0) corrupt(s);
}

static void get_calendar(source *s, ccm_engine *e) {
  ccm_calendar *cal = &e->cal;
  int64_t first = ccm_days_from_civil(1, 1, 1), last = ccm_days_from_civil(9999, 12, 31);
  uint32_t n, i;
  int32_t d;
  if (!get_u8(s)) return;
  memset(cal, 0, sizeof *cal);
  ccm_mem_init(&cal->mem, &e->mem.hooks);
  e->has_calendar = true; /* ccm_engine_free() releases what is read below */
  for (d = 0; d < 7; d++) {
    ccm_cal_day *day = &cal->day[d];
    n = get_u16(s);
    if (n > CCM_CAL_SPANS) {
      corrupt(s);
      return;
    }
    day->n = (uint16_t)n;
    for (i = 0; i < n; i++) {
      day->open[i] = (uint16_t)get_u16(s);
      day->close[i] = (uint16_t)get_u16(s);
      /* sorted spans that neither overlap nor touch, within the day */
      if (day->open[i] >= day->close[i] || day->close[i] > 1440 || (i && day->open[i] <= day->close[i - 1]))
        corrupt(s);
    }
  }
  n = get_u32(s);
  if (!fits(s, n, 8) || !n) return;
  cal->holiday = ccm_realloc_array(&e->mem, NULL, 0, n, sizeof *cal->holiday);
  if (!cal->holiday) {
    rebuild_error(s, CCM_E_NOMEM);
    return;
  }
  cal->holidays_cap = n;
  for (i = 0; i < n; i++) {
    cal->holiday[i] = get_ranged(s, first, last);
    cal->nholidays = i + 1;
    if (i && cal->holiday[i] <= cal->holiday[i - 1]) corrupt(s); /* sorted, no repeats */
  }
}

/* ---- dictionaries --------------------------------------------------------- */

static void get_dicts(source *s, ccm_engine *e) {
  int32_t d;
  expect_tag(s, SEC_DICTS);
  for (d = 0; d < CCM_DICTS && !s->rc; d++) {
    uint32_t n = get_u32(s), i;
    if (!fits(s, n, 2) || (n && e->dict[d].fixed)) {
      corrupt(s);
      return;
    }
    /* interned again in id order, so every id is the same */
    for (i = 0; i < n && !s->rc; i++) {
      uint32_t len = get_u8(s), id;
      const unsigned char *name = take(s, len);
      int32_t rc;
      if (!name || !len) {
        corrupt(s);
        return;
      }
      rc = ccm_intern(e, d, (const char *)name, len, &id);
      if (rc) rebuild_error(s, rc);
      else if (id != i + 1) corrupt(s); /* a repeated string */
    }
  }
}

/* ---- views ------------------------------------------------------------------ */

/* A cell's bucket is one the view's grain gives. */
static bool bucket_ok(const ccm_engine *e, const ccm_view *v, ccm_clock_memo *memo, int64_t bucket) {
  const int64_t far = CCM_MAX_ABS_TS + INT64_C(40) * 86400000;
  ccm_span span;
  switch (v->grain) {
    case CCM_GRAIN_NONE: return bucket == 0;
    case CCM_GRAIN_HOUR: return bucket >= 0 && bucket <= 23;
    case CCM_GRAIN_DOW: return bucket >= 0 && bucket <= 6;
    default: break;
  }
  /* buckets named by their first instant; near the ends of time and with a
   * host function (which may not be called here) only the range is checked */
  if (bucket < -far || bucket > far) return false;
  if (e->clock.fn || bucket < -CCM_MAX_ABS_TS || bucket > CCM_MAX_ABS_TS) return true;
  ccm_time_span_memo(e, memo, v->grain, bucket, &span);
  return span.start == bucket;
}

/* One sketch into the view's store; *ref receives it. */
static void get_sketch(source *s, ccm_view *v, uint32_t *ref) {
  ccm_mem *m = &v->engine->mem;
  ccm_sketch_store *st = &v->sk;
  uint64_t zero = get_u64(s), count = get_u64(s), sum = 0;
  uint32_t pages = get_u32(s), npages = 0, p, k;
  ccm_sketch_head *h;
  int32_t rc;
  for (p = 0; p < CCM_SKETCH_PAGES; p++) npages += pages >> p & 1;
  if (pages >> CCM_SKETCH_PAGES || !fits(s, npages, 1 + 2 * CCM_SKETCH_PAGE_BUCKETS)) {
    corrupt(s);
    return;
  }
  rc = ccm_pool_reserve(&st->heads, m);
  if (!rc) rc = ccm_pool_reserve_n(&st->pages, m, npages);
  if (rc) {
    rebuild_error(s, rc);
    return;
  }
  *ref = ccm_pool_take(&st->heads);
  h = ccm_pool_at(&st->heads, *ref); /* the heads and pages pools do not move below */
  h->zero = zero;
  h->count = count;
  for (p = 0; p < CCM_SKETCH_PAGES && !s->rc; p++) {
    ccm_sketch_page *pg;
    const unsigned char *low;
    uint32_t wide;
    if (!(pages >> p & 1)) continue;
    h->page[p] = ccm_pool_take(&st->pages);
    pg = ccm_pool_at(&st->pages, h->page[p]);
    wide = get_u8(s);
    low = take(s, 2 * CCM_SKETCH_PAGE_BUCKETS);
    if (wide > 1 || !low) {
      corrupt(s);
      return;
    }
    for (k = 0; k < CCM_SKETCH_PAGE_BUCKETS; k++) {
      pg->low[k] = (uint16_t)le16(low + 2 * k);
      sum += pg->low[k];
    }
    if (wide && !s->rc) {
      ccm_sketch_wide *w;
      rc = ccm_pool_reserve(&st->wides, m);
      if (rc) {
        rebuild_error(s, rc);
        return;
      }
      pg->wide = ccm_pool_take(&st->wides);
      w = ccm_pool_at(&st->wides, pg->wide);
      for (k = 0; k < CCM_SKETCH_PAGE_BUCKETS; k++) {
        w->high[k] = get_u32(s);
        sum += (uint64_t)w->high[k] << 16; /* < 2^48 per bucket: no overflow */
      }
    }
  }
  /* queries walk the buckets for a rank below count */
  if (zero > count || count - zero != sum) corrupt(s);
}

/* Slots that must hold 0 in a cell: a level's start and end (query.c fills
 * them in). */
static void level_slots(bool *computed) {
  int32_t m;
  memset(computed, 0, CCM_SLOTS * sizeof *computed);
  for (m = 0; m < CCM_MS_COUNT; m++) {
    if (!ccm_measure_is_level[m]) continue;
    computed[ccm_measure_slot[m] + CCM_LEVEL_START] = true;
    computed[ccm_measure_slot[m] + CCM_LEVEL_END] = true;
  }
}

typedef struct cell_format {
  uint32_t nslots, ntimers, words; /* as the snapshot has them (this version's or fewer) */
  bool computed[CCM_SLOTS];
} cell_format;

static void get_cell(source *s, ccm_engine *e, ccm_view *v, const cell_format *f, ccm_clock_memo *memo) {
  ccm_credit cr;
  int64_t bucket, slots[CCM_SLOTS];
  uint64_t bits[SLOT_WORDS] = {0};
  uint32_t i, before = v->ncells;
  int32_t rc;
  memset(&cr, 0, sizeof cr);
  bucket = get_i64(s);
  for (i = 0; i < v->ndims; i++) cr.dims[v->dim[i]] = get_id(s, e, v->dim[i]);
  for (i = 0; i < f->words; i++) bits[i] = get_u64(s);
  /* the bits past the snapshot's slots are clear */
  if (s->rc || !bucket_ok(e, v, memo, bucket) || (f->nslots % 64 && bits[f->words - 1] >> (f->nslots % 64))) {
    corrupt(s);
    return;
  }
  /* The view's own code makes the cell (hash, index, min and max bucket,
   * measures of an empty cell): a credit without items to exactly this
   * key.  The cell layout is that of ccmetrics_int.h (struct ccm_view). */
  cr.single_tag = true;
  ccm_view_credit(v, &cr, e, 0, bucket);
  if (v->ncells != before + 1) { /* the key was there already */
    corrupt(s);
    return;
  }
  memcpy(slots, ccm_cell_template_slots(), sizeof slots);
  for (i = 0; i < f->nslots && !s->rc; i++) {
    if (!bits[i / 64]) { /* most slots of a cell are empty */
      i |= 63;
      continue;
    }
    if (!(bits[i / 64] >> (i % 64) & 1)) continue;
    slots[i] = get_i64(s);
    if (f->computed[i] && slots[i] != 0) corrupt(s);
  }
  if (s->rc) return;
  rc = ccm_view_reserve_words(v, v->plan.total_words);
  if (rc) {
    rebuild_error(s, rc);
    return;
  }
  ccm_view_cell_set(v, before, slots);
  if (v->sketches) {
    uint32_t have = get_u32(s), *refs = ccm_view_cell_sketches_mut(v, before);
    if (have >> f->ntimers) corrupt(s);
    for (i = 0; i < f->ntimers && !s->rc; i++) /* what is made before an error is freed with the view */
      if (have >> i & 1) get_sketch(s, v, &refs[i]);
  }
}

static void get_views(source *s, ccm_engine *e) {
  cell_format f;
  uint32_t nviews, i, c;
  expect_tag(s, SEC_VIEWS);
  f.nslots = get_u32(s);
  f.ntimers = get_u32(s);
  nviews = get_u32(s);
  if (s->rc || f.nslots > CCM_SLOTS || f.ntimers > CCM_NTIMERS || !fits(s, nviews, 16) ||
      nviews >= UINT16_MAX - 1) {
    corrupt(s);
    return;
  }
  f.words = (f.nslots + 63) / 64;
  level_slots(f.computed);
  for (i = 0; i < nviews && !s->rc; i++) {
    uint32_t mask = get_u32(s), flags, ncells;
    int32_t grain = get_i32(s), rc;
    size_t min_cell;
    ccm_view *v;
    ccm_clock_memo memo;
    flags = get_u32(s);
    ncells = get_u32(s);
    if (s->rc) return;
    rc = ccm_view_new(e, mask, grain, flags, &v); /* checks the definition */
    if (rc) {
      rebuild_error(s, rc);
      return;
    }
    min_cell = 8 + 4 * (size_t)v->ndims + 8 * (size_t)f.words + (v->sketches ? 4 : 0);
    if (!fits(s, ncells, min_cell)) return;
    if (ncells && (rc = ccm_view_reserve_cells(v, ncells)) != CCM_OK) {
      rebuild_error(s, rc);
      return;
    }
    ccm_clock_memo_init(&memo);
    for (c = 0; c < ncells && !s->rc; c++) get_cell(s, e, v, &f, &memo);
    v->last = 0;
  }
}

/* ---- agents --------------------------------------------------------------- */

static void get_agents(source *s, ccm_engine *e) {
  uint32_t n, i;
  expect_tag(s, SEC_AGENTS);
  n = get_u32(s);
  /* agents are indexed by their interned id */
  if (!fits(s, n, 33) || n > e->dict[CCM_DIM_AGENT].count) {
    corrupt(s);
    return;
  }
  if (!n) return;
  e->agents = ccm_realloc_array(&e->mem, NULL, 0, n, sizeof *e->agents);
  if (!e->agents) {
    rebuild_error(s, CCM_E_NOMEM);
    return;
  }
  memset(e->agents, 0, (size_t)n * sizeof *e->agents);
  e->agents_cap = e->nagents = n;
  for (i = 0; i < n && !s->rc; i++) {
    ccm_agent *a = &e->agents[i];
    a->since = get_time(s);
    a->last_ts = get_time(s);
    a->team = get_id(s, e, CCM_DIM_TEAM);
    a->reason = get_id(s, e, CCM_DIM_REASON);
    a->gauge_views = get_u32(s);
    a->state = (uint8_t)get_u8(s);
    if (a->state > CCM_STATE_ACW || a->gauge_views > e->nviews + 1) corrupt(s);
    if (a->state) e->agents_known++;
  }
}

/* ---- contacts -------------------------------------------------------------- */

#define CONTACT_FLAGS ((uint32_t)((CCM_C_FCR_PENDING << 1) - 1))
#define LEG_FLAGS ((uint32_t)((CCM_LEG_FOCUS << 1) - 1))
#define MARK_FREE 0x80000000u /* a free record seen on the free list (while checking it) */

/* A contact's list of tags, newest first, into the tag pool. */
static void get_tags(source *s, ccm_engine *e, ccm_contact *c) {
  uint32_t n = get_u16(s), i, *link = &c->tag_head;
  int32_t rc;
  if (n > CCM_MAX_TAGS || !fits(s, n, 4)) {
    corrupt(s);
    return;
  }
  if ((rc = ccm_pool_reserve_n(&e->tags, &e->mem, n)) != CCM_OK) { /* the pool does not move below */
    rebuild_error(s, rc);
    return;
  }
  for (i = 0; i < n; i++) {
    uint32_t ref = ccm_pool_take(&e->tags);
    ccm_tag_node *node = ccm_pool_at(&e->tags, ref);
    node->tag = get_id(s, e, CCM_DIM_TAG);
    if (!node->tag) corrupt(s);
    *link = ref;
    link = &node->next;
  }
  c->ntags = (uint16_t)n;
}

static void get_acw(source *s, ccm_engine *e, ccm_contact *c) {
  uint32_t n = get_u8(s), i, *link = &c->acw_head;
  int32_t rc;
  if (n > CCM_ACW_LEGS) {
    corrupt(s);
    return;
  }
  if ((rc = ccm_pool_reserve_n(&e->acw, &e->mem, n)) != CCM_OK) {
    rebuild_error(s, rc);
    return;
  }
  for (i = 0; i < n; i++) {
    uint32_t ref = ccm_pool_take(&e->acw);
    ccm_acw_leg *leg = ccm_pool_at(&e->acw, ref);
    leg->agent = get_id(s, e, CCM_DIM_AGENT);
    leg->team = get_id(s, e, CCM_DIM_TEAM);
    leg->skill = get_id(s, e, CCM_DIM_SKILL);
    leg->end = get_time(s);
    leg->talk_hold = get_duration(s);
    *link = ref;
    link = &leg->next;
  }
  c->nacw = (uint8_t)n; /* contact.c walks exactly nacw legs */
}

static void get_contact(source *s, ccm_engine *e, ccm_contact *c) {
  memset(c, 0, sizeof *c);
  c->key = get_u64(s);
  c->customer = get_u64(s);
  c->start_ts = get_time(s);
  c->last_ts = get_time(s);
  c->flags = get_u32(s);
  c->campaign = get_id(s, e, CCM_DIM_CAMPAIGN);
  c->contact_type = get_id(s, e, CCM_DIM_CONTACT_TYPE);
  c->skill = get_id(s, e, CCM_DIM_SKILL);
  c->disposition = get_id(s, e, CCM_DIM_DISPOSITION);
  c->channel = (uint8_t)get_u8(s);
  c->direction = (uint8_t)get_u8(s);
  c->last_party = (uint8_t)get_u8(s);
  c->gauge_views = (uint16_t)get_u16(s);
  c->q_skill = get_id(s, e, CCM_DIM_SKILL);
  c->q_enter = get_time(s);
  c->offer_ts = get_time(s);
  c->offer_agent = get_id(s, e, CCM_DIM_AGENT);
  c->offer_team = get_id(s, e, CCM_DIM_TEAM);
  c->last_agent = get_id(s, e, CCM_DIM_AGENT);
  c->last_team = get_id(s, e, CCM_DIM_TEAM);
  c->customer_turn_start = get_time(s);
  c->leg.agent = get_id(s, e, CCM_DIM_AGENT);
  c->leg.team = get_id(s, e, CCM_DIM_TEAM);
  c->leg.skill = get_id(s, e, CCM_DIM_SKILL);
  c->leg.flags = get_u32(s);
  c->leg.start = get_time(s);
  c->leg.hold_start = get_time(s);
  c->leg.hold_total = get_duration(s);
  c->leg.focus_start = get_time(s);
  if (s->rc) return;
  /* gauges go to views 0 .. gauge_views - 2, which must exist */
  if (!c->key || !(c->flags & CCM_C_USED) || (c->flags & ~CONTACT_FLAGS) || (c->leg.flags & ~LEG_FLAGS) ||
      c->channel < CCM_CHANNEL_VOICE || c->channel > CCM_CHANNEL_OTHER || c->direction < CCM_DIRECTION_INBOUND ||
      c->direction > CCM_DIRECTION_OUTBOUND || c->last_party > CCM_PARTY_AGENT || c->gauge_views < 1 ||
      c->gauge_views > e->nviews + 1) {
    corrupt(s);
    return;
  }
  get_tags(s, e, c);
  if (!s->rc) get_acw(s, e, c);
}

/* Index record i where it lies: ccm_contacts_insert() takes the record at
 * the head of the free list, so the list is pointed at record i. */
static void index_record(source *s, ccm_contact_table *t, ccm_mem *m, uint32_t i, const ccm_contact *c) {
  int32_t rc;
  if (ccm_contacts_find(t, c->key)) { /* two records of one contact */
    corrupt(s);
    return;
  }
  t->free_head = i + 1;
  t->rec[i].key = 0; /* the free list ends after it */
  rc = ccm_contacts_reserve(t, m);
  if (rc) {
    t->free_head = 0;
    rebuild_error(s, rc);
    return;
  }
  ccm_contacts_insert(t, c->key);
  t->rec[i] = *c;
}

/* The free records form one list through their key: each once, no cycle. */
static void check_free_list(source *s, ccm_contact_table *t, uint32_t head) {
  uint32_t nfree = t->hwm - t->used, seen = 0, ref, i;
  for (ref = head; ref && !s->rc; ref = (uint32_t)t->rec[ref - 1].key) {
    ccm_contact *c;
    if (ref > t->hwm || seen == nfree) {
      corrupt(s);
      break;
    }
    c = &t->rec[ref - 1];
    if ((c->flags & CCM_C_USED) || (c->flags & MARK_FREE)) {
      corrupt(s);
      break;
    }
    c->flags |= MARK_FREE;
    seen++;
  }
  if (seen != nfree) corrupt(s);
  for (i = 0; i < t->hwm; i++) t->rec[i].flags &= ~MARK_FREE;
  t->free_head = s->rc ? 0 : head;
}

static void get_contacts(source *s, ccm_engine *e) {
  ccm_contact_table *t = &e->contacts;
  uint32_t hwm, head, i;
  expect_tag(s, SEC_CONTACTS);
  hwm = get_u32(s);
  head = get_u32(s);
  if (!fits(s, hwm, 5) || hwm > 0x7FFFFFFFu) {
    corrupt(s);
    return;
  }
  if (hwm) {
    t->rec = ccm_realloc_array(&e->mem, NULL, 0, hwm, sizeof *t->rec);
    if (!t->rec) {
      rebuild_error(s, CCM_E_NOMEM);
      return;
    }
    memset(t->rec, 0, (size_t)hwm * sizeof *t->rec);
    t->cap = t->hwm = hwm;
    if (ccm_contacts_alloc_due(t, &e->mem) != CCM_OK) {
      rebuild_error(s, CCM_E_NOMEM);
      return;
    }
  }
  for (i = 0; i < hwm && !s->rc; i++) {
    uint32_t kind = get_u8(s);
    if (kind == USED_RECORD) {
      ccm_contact c;
      get_contact(s, e, &c);
      if (s->rc) {
        /* its lists are in the pools, which the engine frees */
        break;
      }
      index_record(s, t, &e->mem, i, &c);
      if (c.flags & CCM_C_ENDED) t->retained++;
      else t->open++;
    } else if (kind == FREE_RECORD) {
      t->rec[i].key = get_u32(s);
    } else {
      corrupt(s);
    }
  }
  if (!s->rc) check_free_list(s, t, head);
}

/* ---- customers ------------------------------------------------------------- */

static void get_fcr_list(source *s, ccm_engine *e, ccm_customer *r) {
  uint32_t n = get_u32(s), i, d, *link = &r->pending;
  int32_t rc;
  if (!fits(s, n, 24 + 4 * CCM_KEY_DIMS)) return;
  if ((rc = ccm_pool_reserve_n(&e->fcr, &e->mem, n)) != CCM_OK) {
    rebuild_error(s, rc);
    return;
  }
  for (i = 0; i < n; i++) {
    uint32_t ref = ccm_pool_take(&e->fcr);
    ccm_fcr_node *f = ccm_pool_at(&e->fcr, ref);
    f->ntags = get_u32(s);
    f->nviews = get_u32(s);
    for (d = 0; d < CCM_KEY_DIMS; d++) f->dims[d] = get_id(s, e, (int32_t)d);
    f->contact = get_u64(s);
    f->closed = get_time(s);
    if (f->ntags > CCM_MAX_TAGS || f->nviews > e->nviews || !f->contact) corrupt(s);
    *link = ref;
    link = &f->next;
  }
}

static void get_customers(source *s, ccm_engine *e) {
  ccm_customer_table *t = &e->customers;
  uint32_t n, i, nslots, least = 64;
  expect_tag(s, SEC_CUSTOMERS);
  nslots = get_u32(s);
  n = get_u32(s);
  if (!fits(s, n, 24) || n > 0x60000000u || nslots > 0x80000000u || (nslots & (nslots - 1)) ||
      (uint64_t)n * 4 > (uint64_t)nslots * 3) { /* a power of two, at most 3/4 full */
    corrupt(s);
    return;
  }
  /* The table's own size when it is not much emptier than a new one would
   * be (a table never shrinks: its size is not bounded by the snapshot's
   * length), else the size a new table would have. */
  while ((uint64_t)n * 4 > (uint64_t)least * 3) least *= 2;
  if (nslots > 16 * (uint64_t)least) nslots = least;
  if (nslots) {
    t->slot = ccm_zalloc(&e->mem, (size_t)nslots * sizeof *t->slot);
    if (!t->slot) {
      rebuild_error(s, CCM_E_NOMEM);
      return;
    }
    t->nslots = nslots;
  }
  for (i = 0; i < n && !s->rc; i++) {
    uint64_t key = get_u64(s);
    uint32_t mask = nslots - 1, j;
    ccm_customer *r;
    if (!key) {
      corrupt(s);
      return;
    }
    for (j = ccm_customer_hash(key) & mask; t->slot[j].key; j = (j + 1) & mask) {
      if (t->slot[j].key == key) {
        corrupt(s);
        return;
      }
    }
    r = &t->slot[j];
    r->key = key;
    t->used++;
    r->last_start = get_time(s);
    r->last_contact = get_u32(s);
    get_fcr_list(s, e, r);
  }
  t->last_scan = get_i64(s);
  t->next_scan = get_i64(s);
  e->fcr_pending = e->fcr.used;
}

/* ---- duplicate detection and held events ---------------------------------- */

static void get_dedup(source *s, ccm_engine *e) {
  ccm_dedup *d = &e->dedup;
  int64_t window = e->cfg[CCM_CFG_DEDUP_WINDOW_MS], max = e->cfg[CCM_CFG_DEDUP_MAX], latest;
  uint64_t stand_in = UINT64_MAX; /* an id not held, for the holes */
  uint32_t n, k;
  expect_tag(s, SEC_DEDUP);
  n = get_u32(s);
  latest = get_time_or_never(s);
  if (!fits(s, n, 16) || (int64_t)n > max) {
    corrupt(s);
    return;
  }
  /* The ids in arrival order through dedup.c's own code, with nothing
   * forgotten on the way (what was kept stays), then its latest time.  A
   * hole (id 0: an id forgotten when its held event was refused) keeps its
   * place in the ring: some id remembered and forgotten at once. */
  e->cfg[CCM_CFG_DEDUP_WINDOW_MS] = INT64_MAX;
  e->cfg[CCM_CFG_DEDUP_MAX] = INT64_MAX;
  for (k = 0; k < n && !s->rc; k++) {
    uint64_t id = get_u64(s);
    int64_t ts = get_time(s);
    int32_t rc;
    if (s->rc) break;
    if (id && ccm_dedup_seen(d, id)) { /* twice */
      corrupt(s);
      break;
    }
    rc = ccm_dedup_reserve(e);
    if (rc) {
      rebuild_error(s, rc);
      break;
    }
    if (id) {
      ccm_dedup_remember(e, id, ts);
      continue;
    }
    while (ccm_dedup_seen(d, stand_in)) stand_in--; /* goes down past each id at most once */
    ccm_dedup_remember(e, stand_in, ts);
    ccm_dedup_forget(d, stand_in);
  }
  e->cfg[CCM_CFG_DEDUP_WINDOW_MS] = window;
  e->cfg[CCM_CFG_DEDUP_MAX] = max;
  d->latest = latest;
}

static void get_event(source *s, const ccm_engine *e, ccm_event *ev) {
  int32_t label_dim;
  memset(ev, 0, sizeof *ev);
  ev->size = get_u32(s);
  ev->type = get_i32(s);
  ev->ts = get_time(s);
  ev->contact = get_u64(s);
  ev->customer = get_u64(s);
  ev->channel = get_u32(s);
  ev->direction = get_u32(s);
  ev->skill = get_id(s, e, CCM_DIM_SKILL);
  ev->campaign = get_id(s, e, CCM_DIM_CAMPAIGN);
  ev->agent = get_id(s, e, CCM_DIM_AGENT);
  ev->team = get_id(s, e, CCM_DIM_TEAM);
  ev->label = get_u32(s);
  ev->flags = get_u32(s);
  ev->value = get_f64(s);
  ev->event_id = get_u64(s);
  if (s->rc) return;
  /* only contact events are held, once they passed the envelope checks */
  if (ev->size != sizeof *ev || ev->type < CCM_EV_CONTACT_START || ev->type > CCM_EV_CONTACT_END || !ev->contact ||
      ev->channel > CCM_CHANNEL_OTHER || ev->direction > CCM_DIRECTION_OUTBOUND ||
      (ev->type == CCM_EV_CONTACT_START && (!ev->channel || !ev->direction))) {
    corrupt(s);
    return;
  }
  label_dim = ccm_event_label_dim_of(ev->type);
  if (label_dim >= 0 && ev->label && !ccm_dict_has(&e->dict[label_dim], ev->label)) corrupt(s);
}

static bool held_before(const ccm_held *a, const ccm_held *b) {
  return a->ev.ts < b->ev.ts || (a->ev.ts == b->ev.ts && a->seq < b->seq);
}

static void get_reorder(source *s, ccm_engine *e) {
  ccm_reorder *r = &e->reorder;
  uint32_t n, cap = 64, i;
  uint64_t next_seq;
  int64_t latest;
  expect_tag(s, SEC_REORDER);
  n = get_u32(s);
  next_seq = get_u64(s);
  latest = get_time_or_never(s);
  if (!fits(s, n, 88) || n > 0x08000000u) {
    corrupt(s);
    return;
  }
  r->next_seq = next_seq;
  r->latest = latest;
  if (!n) return;
  while (cap < n) cap *= 2;
  r->heap = ccm_realloc_array(&e->mem, NULL, 0, cap, sizeof *r->heap);
  if (!r->heap) {
    rebuild_error(s, CCM_E_NOMEM);
    return;
  }
  r->cap = cap;
  for (i = 0; i < n && !s->rc; i++) {
    ccm_held *h = &r->heap[i];
    memset(h, 0, sizeof *h);
    get_event(s, e, &h->ev);
    h->seq = get_u64(s);
    r->n = i + 1;
    /* a binary heap by (time, arrival) in array order */
    if (h->seq >= next_seq || (i && held_before(h, &r->heap[(i - 1) / 2]))) corrupt(s);
  }
}

static void get_stats(source *s, ccm_engine *e) {
  uint32_t n, i;
  expect_tag(s, SEC_STATS);
  e->now = get_time_or_never(s);
  e->accepted = get_i64(s);
  e->rejected = get_i64(s);
  e->clamped = get_i64(s);
  e->released = get_i64(s);
  e->expired = get_i64(s);
  e->forgotten = get_i64(s);
  e->acw_unclosed = get_i64(s);
  e->duplicates = get_i64(s);
  e->reordered = get_i64(s);
  n = get_u32(s);
  if (!fits(s, n, 8) || n > CCM_REJECT_CODES - 1) {
    corrupt(s);
    return;
  }
  for (i = 1; i <= n; i++) e->rejected_by_code[i] = get_i64(s);
}

/* ---- the whole snapshot ---------------------------------------------------- */

/* Magic, version, length and checksum; the body's bounds on success. */
static int32_t check_header(const unsigned char *p, size_t len, source *body) {
  uint64_t total;
  size_t have = len < SNAP_MAGIC_LEN ? len : SNAP_MAGIC_LEN;
  if (memcmp(p, SNAP_MAGIC, have) != 0) return CCM_E_SNAPSHOT_FORMAT;
  if (len < SNAP_MAGIC_LEN + 4) return CCM_E_SNAPSHOT_TRUNCATED;
  if (le32(p + 8) != SNAP_VERSION) return CCM_E_SNAPSHOT_VERSION;
  if (len < SNAP_HEADER) return CCM_E_SNAPSHOT_TRUNCATED;
  total = le64(p + 16);
  if (total < SNAP_HEADER) return CCM_E_SNAPSHOT_CORRUPT;
  if (total > len) return CCM_E_SNAPSHOT_TRUNCATED;
  if (total < len) return CCM_E_SNAPSHOT_CORRUPT; /* bytes after the end */
  if (ccm_crc32c(0, p + SNAP_HEADER, len - SNAP_HEADER) != le32(p + 12)) return CCM_E_SNAPSHOT_CHECKSUM;
  body->p = p + SNAP_HEADER;
  body->end = p + len;
  body->rc = CCM_OK;
  return CCM_OK;
}

int32_t ccm_engine_restore(const void *data, size_t len, const ccm_config *cfg, const ccm_allocator *alloc,
                           ccm_engine **out) {
  struct ccm_config conf;
  source s;
  ccm_engine *e = NULL;
  int32_t rc, incompatible = 0;
  if (!out) return CCM_E_INVALID_ARG;
  *out = NULL;
  if (!data || (alloc && (!alloc->alloc || !alloc->realloc || !alloc->free))) return CCM_E_INVALID_ARG;
  rc = check_header(data, len, &s);
  if (rc) return rc;

  /* settings and clock first: they make the engine */
  memset(&conf, 0, sizeof conf);
  expect_tag(&s, SEC_CONFIG);
  get_settings(&s, conf.value);
  get_clock(&s, cfg, &conf.clock, &incompatible);
  if (s.rc) return s.rc;
  if (incompatible) return CCM_E_INCOMPATIBLE;
  rc = ccm_engine_new(&conf, alloc, &e);
  if (rc) return rc;

  get_calendar(&s, e);
  if (!s.rc) get_dicts(&s, e);
  if (!s.rc) get_views(&s, e);
  if (!s.rc) get_agents(&s, e);
  if (!s.rc) get_contacts(&s, e);
  if (!s.rc) get_customers(&s, e);
  if (!s.rc) get_dedup(&s, e);
  if (!s.rc) get_reorder(&s, e);
  if (!s.rc) get_stats(&s, e);
  if (!s.rc && s.p != s.end) corrupt(&s);
  if (s.rc) {
    ccm_engine_free(e);
    return s.rc;
  }
  ccm_buckets_forget(e);
  ccm_expiry_rebuild(e); /* derived from the records, not saved */
  *out = e;
  return CCM_OK;
}

