/*
 * testutil.c - helpers shared by the Check suites of libccmetrics.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Events */

void tu_expect(ccm_engine *e, const ccm_event *ev, int32_t expected, const char *file, int line) {
  int32_t rc = ccm_ingest(e, ev);
  const char *name = ccm_event_name(ev->type);
  TU_CHECK(rc == expected, "%s:%d: %s (ts %lld, contact %llu) returned %d (%s) \"%s\", expected %d (%s)", file,
                line, name ? name : "?", (long long)ev->ts, (unsigned long long)ev->contact, (int)rc,
                ccm_error_name(rc), ccm_engine_errmsg(e), (int)expected, ccm_error_name(expected));
}

uint32_t tu_intern(ccm_engine *e, int32_t dim, const char *name) {
  uint32_t id = 0;
  int32_t rc = ccm_intern(e, dim, name, strlen(name), &id);
  ck_assert_msg(rc == CCM_OK, "ccm_intern(%d, \"%s\") returned %d", (int)dim, name, (int)rc);
  ck_assert_msg(id != 0, "ccm_intern(%d, \"%s\") gave id 0", (int)dim, name);
  return id;
}

void tu_intern_ids(ccm_engine *e, tu_ids *ids) {
  memset(ids, 0, sizeof *ids);
  ids->ann = tu_intern(e, CCM_DIM_AGENT, "ann");
  ids->bob = tu_intern(e, CCM_DIM_AGENT, "bob");
  ids->cat = tu_intern(e, CCM_DIM_AGENT, "cat");
  ids->dan = tu_intern(e, CCM_DIM_AGENT, "dan");
  ids->eve = tu_intern(e, CCM_DIM_AGENT, "eve");
  ids->red = tu_intern(e, CCM_DIM_TEAM, "red");
  ids->blue = tu_intern(e, CCM_DIM_TEAM, "blue");
  ids->billing = tu_intern(e, CCM_DIM_SKILL, "billing");
  ids->support = tu_intern(e, CCM_DIM_SKILL, "support");
  ids->sales = tu_intern(e, CCM_DIM_SKILL, "sales");
  ids->camp1 = tu_intern(e, CCM_DIM_CAMPAIGN, "spring");
  ids->camp2 = tu_intern(e, CCM_DIM_CAMPAIGN, "autumn");
  ids->vip = tu_intern(e, CCM_DIM_CONTACT_TYPE, "vip");
  ids->std = tu_intern(e, CCM_DIM_CONTACT_TYPE, "standard");
  ids->refund = tu_intern(e, CCM_DIM_TAG, "refund");
  ids->urgent = tu_intern(e, CCM_DIM_TAG, "urgent");
  ids->promo = tu_intern(e, CCM_DIM_TAG, "promo");
  ids->sale = tu_intern(e, CCM_DIM_DISPOSITION, "sale");
  ids->nosale = tu_intern(e, CCM_DIM_DISPOSITION, "nosale");
  ids->timeout = tu_intern(e, CCM_DIM_REASON, "timeout");
  ids->form1 = tu_intern(e, CCM_DIM_FORM, "form1");
}

ccm_engine *tu_engine(const ccm_config *cfg) {
  ccm_engine *e = NULL;
  int32_t rc = ccm_engine_new(cfg, NULL, &e);
  ck_assert_msg(rc == CCM_OK, "ccm_engine_new returned %d", (int)rc);
  ck_assert_ptr_nonnull(e);
  return e;
}

ccm_view *tu_view(ccm_engine *e, uint32_t mask, int32_t grain) {
  ccm_view *v = NULL;
  int32_t rc = ccm_view_new(e, mask, grain, 0, &v);
  ck_assert_msg(rc == CCM_OK, "ccm_view_new(0x%x, %d) returned %d", (unsigned)mask, (int)grain, (int)rc);
  ck_assert_ptr_nonnull(v);
  return v;
}

int64_t tu_stat(const ccm_engine *e, int32_t stat) {
  int64_t v = -1;
  int32_t rc = ccm_engine_stat(e, stat, &v);
  ck_assert_msg(rc == CCM_OK, "ccm_engine_stat(%d) returned %d", (int)stat, (int)rc);
  return v;
}

int64_t tu_rejected(const ccm_engine *e, int32_t code) {
  int64_t v = -1;
  int32_t rc = ccm_engine_rejected(e, code, &v);
  ck_assert_msg(rc == CCM_OK, "ccm_engine_rejected(%d) returned %d", (int)code, (int)rc);
  return v;
}

/* ------------------------------------------------------------------------ */
/* Test allocator: every block carries a header with its size and a magic. */

#define TU_MAGIC 0x5ca1ab1eu

typedef union tu_hdr {
  struct {
    size_t size;
    unsigned magic;
  } h;
  max_align_t align;
} tu_hdr;

static int tu_should_fail(tu_alloc *a) {
  ++a->calls;
  if (a->fail_at > 0 && (a->calls == a->fail_at || (a->fail_after && a->calls > a->fail_at))) {
    ++a->injected;
    return 1;
  }
  return 0;
}

static void *tu_hook_alloc(size_t size, void *user) {
  tu_alloc *a = user;
  tu_hdr *h;
  if (tu_should_fail(a)) return NULL;
  h = malloc(sizeof *h + size);
  if (h == NULL) return NULL;
  h->h.size = size;
  h->h.magic = TU_MAGIC;
  ++a->outstanding;
  ++a->total_allocs;
  a->bytes += (long long)size;
  return h + 1;
}

static void *tu_hook_realloc(void *ptr, size_t size, void *user) {
  tu_alloc *a = user;
  tu_hdr *h = (tu_hdr *)ptr - 1, *n;
  size_t old;
  if (h->h.magic != TU_MAGIC) {
    ++a->bad_frees;
    return NULL;
  }
  if (tu_should_fail(a)) return NULL;
  old = h->h.size;
  n = realloc(h, sizeof *n + size);
  if (n == NULL) return NULL;
  n->h.size = size;
  ++a->total_allocs;
  a->bytes += (long long)size - (long long)old;
  return n + 1;
}

static void tu_hook_free(void *ptr, void *user) {
  tu_alloc *a = user;
  tu_hdr *h = (tu_hdr *)ptr - 1;
  if (h->h.magic != TU_MAGIC) {
    ++a->bad_frees;
    return;
  }
  h->h.magic = 0;
  --a->outstanding;
  a->bytes -= (long long)h->h.size;
  free(h);
}

void tu_alloc_init(tu_alloc *a) {
  memset(a, 0, sizeof *a);
  a->hooks.alloc = tu_hook_alloc;
  a->hooks.realloc = tu_hook_realloc;
  a->hooks.free = tu_hook_free;
  a->hooks.user = a;
}

void tu_alloc_arm(tu_alloc *a, long n) {
  a->calls = 0;
  a->injected = 0;
  a->fail_at = n;
  a->fail_after = 0;
}

void tu_alloc_arm_from(tu_alloc *a, long n) {
  tu_alloc_arm(a, n);
  a->fail_after = 1;
}

void tu_alloc_disarm(tu_alloc *a) {
  a->fail_at = 0;
  a->fail_after = 0;
}

/* ------------------------------------------------------------------------ */
/* Fingerprint */

void tu_views_add(ccm_engine *e, tu_views *vs) {
  vs->v[0] = tu_view(e, 0, CCM_GRAIN_NONE);
  vs->v[1] = tu_view(e, CCM_DIM_BIT(CCM_DIM_AGENT), CCM_GRAIN_INTERVAL);
  vs->v[2] = tu_view(e, CCM_DIM_BIT(CCM_DIM_SKILL) | CCM_DIM_BIT(CCM_DIM_CHANNEL), CCM_GRAIN_NONE);
  vs->v[3] = tu_view(e, CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_NONE);
  vs->v[4] = tu_view(e, CCM_DIM_BIT(CCM_DIM_DISPOSITION), CCM_GRAIN_DATE);
}

static size_t tu_rec_size; /* for the qsort comparator */

static int tu_rec_cmp(const void *a, const void *b) { return memcmp(a, b, tu_rec_size); }

static void tu_put64(unsigned char *p, int64_t v) {
  uint64_t u = (uint64_t)v;
  int i;
  for (i = 7; i >= 0; --i) {
    p[i] = (unsigned char)(u & 0xff);
    u >>= 8;
  }
}

void tu_fingerprint(const ccm_engine *e, const tu_views *vs, tu_fp *fp) {
  int32_t nm = ccm_measure_count();
  size_t nfields = 0, rec;
  int32_t m;
  int i;
  memset(fp, 0, sizeof *fp);
  ck_assert_int_gt(nm, 0);
  for (m = 0; m < nm; ++m) nfields += ccm_measure_kind(m) == CCM_MEASURE_TIMER_KIND ? 4 : 1;
  /* view index, bucket, key, fields: all as 8 big-endian bytes */
  rec = 8 * (2 + CCM_VIEW_DIMS + nfields);
  for (i = 0; i < TU_STD_VIEWS; ++i) {
    const ccm_view *v = vs->v[i];
    ccm_cursor *c = NULL;
    int64_t ncells = ccm_view_cells(v), k = 0;
    unsigned char *buf;
    int32_t rc;
    ck_assert_int_ge(ncells, 0);
    buf = malloc(rec * (size_t)(ncells + 1));
    ck_assert_ptr_nonnull(buf);
    rc = ccm_cursor_new(v, &c);
    ck_assert_msg(rc == CCM_OK, "ccm_cursor_new returned %d", (int)rc);
    while ((rc = ccm_cursor_next(c)) == CCM_OK) {
      uint32_t key[CCM_VIEW_DIMS];
      int64_t bucket = 0;
      unsigned char *p = buf + rec * (size_t)k;
      int d;
      TU_CHECK(k < ncells, "view %d: cursor gives more cells than ccm_view_cells (%lld)", i, (long long)ncells);
      rc = ccm_cursor_key(c, key, CCM_VIEW_DIMS, &bucket);
      TU_CHECK(rc == CCM_OK, "ccm_cursor_key returned %d", (int)rc);
      tu_put64(p, i);
      tu_put64(p + 8, bucket);
      p += 16;
      for (d = 0; d < CCM_VIEW_DIMS; ++d, p += 8) tu_put64(p, key[d]);
      for (m = 0; m < nm; ++m) {
        int32_t f, nf = ccm_measure_kind(m) == CCM_MEASURE_TIMER_KIND ? 4 : 1;
        for (f = 0; f < nf; ++f, p += 8) {
          int64_t val = 0;
          rc = ccm_cursor_measure(c, m, f, &val);
          TU_CHECK(rc == CCM_OK, "ccm_cursor_measure(%d, %d) returned %d", (int)m, (int)f, (int)rc);
          tu_put64(p, val);
        }
      }
      ++k;
    }
    ck_assert_msg(rc == CCM_END, "ccm_cursor_next returned %d", (int)rc);
    ck_assert_msg(k == ncells, "view %d: cursor gave %lld cells, ccm_view_cells %lld", i, (long long)k,
                  (long long)ncells);
    ccm_cursor_free(c);
    tu_rec_size = rec;
    qsort(buf, (size_t)k, rec, tu_rec_cmp);
    fp->buf = realloc(fp->buf, fp->len + rec * (size_t)k + 1);
    ck_assert_ptr_nonnull(fp->buf);
    memcpy(fp->buf + fp->len, buf, rec * (size_t)k);
    fp->len += rec * (size_t)k;
    free(buf);
  }
  fp->open = tu_stat(e, CCM_STAT_OPEN_CONTACTS);
  fp->retained = tu_stat(e, CCM_STAT_RETAINED_CONTACTS);
  fp->cells = tu_stat(e, CCM_STAT_CELLS);
  fp->customers = tu_stat(e, CCM_STAT_CUSTOMERS);
  fp->fcr_pending = tu_stat(e, CCM_STAT_FCR_PENDING);
  fp->agents = tu_stat(e, CCM_STAT_AGENTS);
}

int tu_fp_equal(const tu_fp *a, const tu_fp *b) {
  return a->len == b->len && (a->len == 0 || memcmp(a->buf, b->buf, a->len) == 0) && a->open == b->open &&
         a->retained == b->retained && a->cells == b->cells && a->customers == b->customers &&
         a->fcr_pending == b->fcr_pending && a->agents == b->agents;
}

void tu_fp_free(tu_fp *fp) {
  free(fp->buf);
  memset(fp, 0, sizeof *fp);
}

/* ------------------------------------------------------------------------ */
/* Generated streams */

typedef struct tu_rng {
  uint32_t s;
} tu_rng;

static uint32_t tu_rand(tu_rng *r) {
  uint32_t x = r->s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  r->s = x;
  return x;
}

/* 0 .. n-1 */
static int64_t tu_below(tu_rng *r, int64_t n) { return (int64_t)(tu_rand(r) % (uint32_t)n); }

static void tu_push(tu_stream *s, const ccm_event *ev) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 256;
    s->ev = realloc(s->ev, s->cap * sizeof *s->ev);
    s->expect = realloc(s->expect, s->cap * sizeof *s->expect);
    TU_CHECK(s->ev != NULL && s->expect != NULL, "out of memory");
  }
  s->ev[s->n] = *ev;
  s->expect[s->n] = CCM_OK;
  ++s->n;
}

#define PUSH(type_, ts_, ...) tu_push(s, &TU_EVENT(type_, ts_, __VA_ARGS__))

static uint32_t tu_pick_agent(const tu_ids *ids, tu_rng *r, uint32_t *team) {
  uint32_t a[5];
  int64_t i = tu_below(r, 5);
  a[0] = ids->ann;
  a[1] = ids->bob;
  a[2] = ids->cat;
  a[3] = ids->dan;
  a[4] = ids->eve;
  *team = i < 2 ? ids->red : ids->blue;
  return a[i];
}

static uint32_t tu_pick_skill(const tu_ids *ids, tu_rng *r) {
  switch (tu_below(r, 3)) {
  case 0: return ids->billing;
  case 1: return ids->support;
  default: return ids->sales;
  }
}

static uint32_t tu_pick_tag(const tu_ids *ids, tu_rng *r) {
  switch (tu_below(r, 3)) {
  case 0: return ids->refund;
  case 1: return ids->urgent;
  default: return ids->promo;
  }
}

/* One answered agent contact (from answer to acw_end), voice or digital.
 * Returns the time after it. */
static int64_t tu_gen_leg(tu_rng *r, tu_stream *s, uint64_t c, int64_t t, int digital, uint32_t agent) {
  if (digital) {
    int n = (int)tu_below(r, 6), i;
    for (i = 0; i < n; ++i) {
      t += 1000 + tu_below(r, 60000);
      switch (tu_below(r, 6)) {
      case 0:
      case 1: PUSH(CCM_EV_CUSTOMER_MESSAGE, t, c); break;
      case 2:
      case 3: PUSH(CCM_EV_AGENT_MESSAGE, t, c); break;
      case 4: PUSH(CCM_EV_AGENT_MESSAGE, t, c, .agent = agent); break;
      default: PUSH(CCM_EV_BOT_MESSAGE, t, c); break;
      }
    }
    if (tu_below(r, 2)) {
      t += tu_below(r, 5000);
      PUSH(CCM_EV_FOCUS_START, t, c, .agent = tu_below(r, 2) ? agent : 0);
      t += tu_below(r, 40000);
      if (tu_below(r, 2)) {
        PUSH(CCM_EV_FOCUS_END, t, c);
        t += tu_below(r, 2000);
      }
    }
  } else {
    t += 1000 + tu_below(r, 120000);
    if (tu_below(r, 3) == 0) {
      PUSH(CCM_EV_HOLD, t, c);
      t += tu_below(r, 50000);
      if (tu_below(r, 3)) {
        PUSH(CCM_EV_RESUME, t, c, .agent = agent);
        t += tu_below(r, 90000);
      }
    }
  }
  return t;
}

static void tu_sort_by_time(tu_stream *s, size_t first);

void tu_gen(const tu_ids *ids, uint32_t seed, int ncontacts, tu_stream *s) {
  tu_rng r;
  int i;
  size_t first = s->n;
  r.s = seed ? seed * 2654435761u : 0x9e3779b9u;
  if (r.s == 0) r.s = 1;
  for (i = 0; i < ncontacts; ++i) {
    uint64_t c = 100000u + seed * 10000u + (uint64_t)i;
    int64_t t = TU_T0 + tu_below(&r, 4 * 3600) * 1000;
    int64_t kind = tu_below(&r, 10);
    uint32_t skill = tu_pick_skill(ids, &r), team, agent = tu_pick_agent(ids, &r, &team);
    uint32_t camp = tu_below(&r, 3) == 0 ? ids->camp1 : 0;
    uint32_t type = tu_below(&r, 2) ? ids->vip : ids->std;
    uint64_t cust = 1 + (uint64_t)tu_below(&r, 50);
    if (kind <= 3) {
      /* voice inbound */
      int64_t w = tu_below(&r, 45000), outcome = tu_below(&r, 6);
      PUSH(CCM_EV_CONTACT_START, t, c, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND,
           .customer = cust, .skill = skill, .campaign = camp, .label = type);
      PUSH(CCM_EV_QUEUE_ENTER, t, c, .skill = skill);
      if (outcome == 0) {
        if (tu_below(&r, 2)) PUSH(CCM_EV_OFFER, t + w / 2, c, .agent = agent, .team = team);
        PUSH(CCM_EV_QUEUE_ABANDON, t + w, c);
        t += w;
      } else if (outcome == 1) {
        PUSH(CCM_EV_QUEUE_EXIT, t + w, c, .label = ids->timeout);
        t += w;
      } else {
        int64_t alert = tu_below(&r, 20000);
        if (tu_below(&r, 4) == 0) {
          uint32_t t2, a2 = tu_pick_agent(ids, &r, &t2);
          PUSH(CCM_EV_OFFER, t + w / 4, c, .agent = a2, .team = t2);
          PUSH(CCM_EV_OFFER_MISS, t + w / 3, c, .agent = a2);
        }
        if (tu_below(&r, 3)) {
          int64_t at = t + w - (alert < w ? alert : w);
          if (at < t + w / 3) at = t + w / 3;
          PUSH(CCM_EV_OFFER, at, c, .agent = agent, .team = team);
        }
        t += w;
        PUSH(CCM_EV_ANSWER, t, c, .agent = agent, .team = tu_below(&r, 2) ? team : 0);
        t = tu_gen_leg(&r, s, c, t, 0, agent);
        if (tu_below(&r, 4) == 0) {
          /* transfer to another skill, second leg */
          uint32_t s2 = tu_pick_skill(ids, &r), t2, a2 = tu_pick_agent(ids, &r, &t2);
          PUSH(CCM_EV_TRANSFER, t, c, .skill = s2, .agent = a2);
          t += tu_below(&r, 3000);
          PUSH(CCM_EV_QUEUE_ENTER, t, c, .skill = s2);
          t += tu_below(&r, 30000);
          PUSH(CCM_EV_ANSWER, t, c, .agent = a2, .team = t2);
          t = tu_gen_leg(&r, s, c, t, 0, a2);
          PUSH(CCM_EV_AGENT_END, t, c);
          t += tu_below(&r, 20000);
          PUSH(CCM_EV_ACW_END, t, c, .agent = agent);
          t += tu_below(&r, 20000);
          PUSH(CCM_EV_ACW_END, t, c);
        } else {
          PUSH(CCM_EV_AGENT_END, t, c, .agent = tu_below(&r, 2) ? agent : 0);
          if (tu_below(&r, 2)) {
            t += tu_below(&r, 10000);
            PUSH(CCM_EV_DISPOSITION, t, c, .label = tu_below(&r, 2) ? ids->sale : ids->nosale);
          }
          if (tu_below(&r, 4)) {
            t += tu_below(&r, 60000);
            PUSH(CCM_EV_ACW_END, t, c);
          }
        }
      }
      if (tu_below(&r, 4)) {
        t += tu_below(&r, 1000);
        PUSH(CCM_EV_CONTACT_END, t, c);
        if (tu_below(&r, 3) == 0) {
          t += tu_below(&r, 600000);
          PUSH(CCM_EV_TAG, t, c, .label = tu_pick_tag(ids, &r));
          PUSH(CCM_EV_RESOLVE, t + 10, c);
        }
      }
    } else if (kind <= 6) {
      /* digital inbound */
      uint32_t ch = kind == 4 ? CCM_CHANNEL_CHAT : kind == 5 ? CCM_CHANNEL_EMAIL : CCM_CHANNEL_MESSAGING;
      PUSH(CCM_EV_CONTACT_START, t, c, .channel = ch, .direction = CCM_DIRECTION_INBOUND, .customer = cust,
           .skill = skill, .label = type);
      PUSH(CCM_EV_CUSTOMER_MESSAGE, t, c);
      if (tu_below(&r, 3) == 0) PUSH(CCM_EV_BOT_MESSAGE, t + 500, c);
      t += 500;
      PUSH(CCM_EV_QUEUE_ENTER, t, c, .skill = skill);
      if (tu_below(&r, 6) == 0) {
        t += tu_below(&r, 600000);
        PUSH(CCM_EV_QUEUE_ABANDON, t, c);
      } else {
        if (tu_below(&r, 2)) PUSH(CCM_EV_OFFER, t + 100, c, .agent = agent, .team = team);
        t += 100 + tu_below(&r, 300000);
        PUSH(CCM_EV_ANSWER, t, c, .agent = agent, .team = team);
        if (tu_below(&r, 3) == 0) PUSH(CCM_EV_TAG, t + 1, c, .label = tu_pick_tag(ids, &r));
        t = tu_gen_leg(&r, s, c, t + 1, 1, agent);
        if (tu_below(&r, 4) == 0) {
          uint32_t s2 = tu_pick_skill(ids, &r), t2, a2 = tu_pick_agent(ids, &r, &t2);
          PUSH(CCM_EV_TRANSFER, t, c, .skill = s2);
          PUSH(CCM_EV_QUEUE_ENTER, t, c, .skill = s2);
          t += tu_below(&r, 60000);
          PUSH(CCM_EV_ANSWER, t, c, .agent = a2);
          agent = a2;
          t = tu_gen_leg(&r, s, c, t, 1, a2);
        }
        if (tu_below(&r, 5) == 0) PUSH(CCM_EV_ESCALATE, t, c);
        if (tu_below(&r, 2)) PUSH(CCM_EV_TAG, t, c, .label = tu_pick_tag(ids, &r));
        if (tu_below(&r, 3)) {
          t += tu_below(&r, 5000);
          PUSH(CCM_EV_RESOLVE, t, c, .agent = tu_below(&r, 2) ? agent : 0);
          if (tu_below(&r, 4) == 0) {
            t += tu_below(&r, 5000);
            PUSH(CCM_EV_REOPEN, t, c);
            t += tu_below(&r, 5000);
            PUSH(CCM_EV_CUSTOMER_MESSAGE, t, c);
            t += tu_below(&r, 5000);
            PUSH(CCM_EV_AGENT_MESSAGE, t, c);
            PUSH(CCM_EV_RESOLVE, t, c);
          }
        }
        t += tu_below(&r, 5000);
        PUSH(CCM_EV_AGENT_END, t, c);
        if (tu_below(&r, 2)) PUSH(CCM_EV_ACW_END, t + tu_below(&r, 30000), c, .agent = agent);
        t += 30000;
      }
      if (tu_below(&r, 2)) {
        PUSH(CCM_EV_CONTACT_END, t, c);
        if (tu_below(&r, 3) == 0) PUSH(CCM_EV_DISPOSITION, t + 100, c, .label = ids->sale);
      }
    } else if (kind == 7) {
      /* outbound voice, no queue */
      PUSH(CCM_EV_CONTACT_START, t, c, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_OUTBOUND,
           .customer = cust, .skill = skill, .campaign = ids->camp2);
      t += tu_below(&r, 30000);
      PUSH(CCM_EV_ANSWER, t, c, .agent = agent, .team = team);
      t = tu_gen_leg(&r, s, c, t, 0, agent);
      PUSH(CCM_EV_AGENT_END, t, c, .agent = agent);
      PUSH(CCM_EV_DISPOSITION, t + 1000, c, .label = ids->sale, .agent = agent);
      PUSH(CCM_EV_ACW_END, t + 2000 + tu_below(&r, 20000), c);
      t += 30000;
      PUSH(CCM_EV_CONTACT_END, t, c);
    } else if (kind == 8) {
      /* blocked */
      PUSH(CCM_EV_CONTACT_START, t, c, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND,
           .customer = cust, .skill = skill);
      PUSH(CCM_EV_BLOCKED, t + tu_below(&r, 100), c, .skill = tu_below(&r, 2) ? skill : 0);
    } else {
      /* email answered without a queue (offered straight to an agent) */
      PUSH(CCM_EV_CONTACT_START, t, c, .channel = CCM_CHANNEL_EMAIL, .direction = CCM_DIRECTION_INBOUND,
           .customer = cust, .skill = skill);
      PUSH(CCM_EV_CUSTOMER_MESSAGE, t, c);
      t += tu_below(&r, 600000);
      PUSH(CCM_EV_OFFER, t, c, .agent = agent, .team = team);
      t += tu_below(&r, 60000);
      PUSH(CCM_EV_ANSWER, t, c, .agent = agent);
      t += tu_below(&r, 600000);
      PUSH(CCM_EV_AGENT_MESSAGE, t, c);
      PUSH(CCM_EV_RESOLVE, t, c);
      PUSH(CCM_EV_AGENT_END, t, c);
      PUSH(CCM_EV_CONTACT_END, t + 1, c);
    }
  }
  tu_sort_by_time(s, first);
}

/* Interleave: a stable sort by time keeps each contact's (and agent's) order. */
static void tu_sort_by_time(tu_stream *s, size_t first) {
  {
    size_t n = s->n - first, k, j;
    ccm_event *ev = s->ev + first;
    /* insertion sort from the back would be quadratic; use a merge sort */
    ccm_event *buf = malloc(n * sizeof *buf);
    size_t width;
    ck_assert_ptr_nonnull(buf);
    for (width = 1; width < n; width *= 2) {
      for (k = 0; k < n; k += 2 * width) {
        size_t lo = k, mid = k + width < n ? k + width : n, hi = k + 2 * width < n ? k + 2 * width : n;
        size_t a = lo, b = mid, o = lo;
        while (a < mid && b < hi) buf[o++] = ev[b].ts < ev[a].ts ? ev[b++] : ev[a++];
        while (a < mid) buf[o++] = ev[a++];
        while (b < hi) buf[o++] = ev[b++];
      }
      for (j = 0; j < n; ++j) ev[j] = buf[j];
    }
    free(buf);
  }
}

void tu_gen_families(const tu_ids *ids, uint32_t seed, int n, tu_stream *s) {
  static const int32_t states[] = {CCM_STATE_AVAILABLE, CCM_STATE_BUSY, CCM_STATE_ACW, CCM_STATE_NOT_READY,
                                   CCM_STATE_LOGGED_OUT};
  tu_rng r;
  size_t first = s->n;
  int i, k;
  uint32_t agents[5], teams[5];
  agents[0] = ids->ann, agents[1] = ids->bob, agents[2] = ids->cat, agents[3] = ids->dan, agents[4] = ids->eve;
  teams[0] = teams[1] = ids->red, teams[2] = teams[3] = teams[4] = ids->blue;
  r.s = (seed + 7) * 2246822519u;
  if (r.s == 0) r.s = 1;
  /* agent state streams, each agent's in time order */
  for (k = 0; k < 5; ++k) {
    int64_t t = TU_T0 + tu_below(&r, 600) * 1000;
    for (i = 0; i < n; ++i) {
      int32_t st = states[tu_below(&r, 5)];
      if (st == CCM_STATE_NOT_READY)
        PUSH(CCM_EV_AGENT_STATE, t, 0, .agent = agents[k], .team = teams[k], .label = (uint32_t)st,
             .flags = CCM_EVF_VALUE, .value = (double)(1 + tu_below(&r, 3)));
      else
        PUSH(CCM_EV_AGENT_STATE, t, 0, .agent = agents[k], .team = tu_below(&r, 2) ? teams[k] : 0,
             .label = (uint32_t)st);
      t += tu_below(&r, 40 * 60) * 1000;
    }
  }
  for (i = 0; i < n; ++i) {
    int64_t t = TU_T0 + tu_below(&r, 5 * 3600) * 1000;
    uint64_t c = 100000u + seed * 10000u + (uint64_t)tu_below(&r, 80), cust = 1 + (uint64_t)tu_below(&r, 50);
    PUSH(CCM_EV_CSAT, t, c, .flags = CCM_EVF_VALUE, .value = (double)(1 + tu_below(&r, 5)));
    PUSH(CCM_EV_NPS, t + 1, 0, .customer = cust, .flags = CCM_EVF_VALUE, .value = (double)tu_below(&r, 11));
    PUSH(CCM_EV_CES, t + 2, c, .agent = tu_below(&r, 2) ? ids->ann : 0, .flags = CCM_EVF_VALUE,
         .value = (double)(1 + tu_below(&r, 7)));
    PUSH(CCM_EV_QA_SCORE, t + 3, c, .agent = ids->bob, .label = ids->form1, .flags = CCM_EVF_VALUE,
         .value = (double)tu_below(&r, 1001) / 10.0);
    PUSH(CCM_EV_COST, t + 4, 0, .skill = ids->billing, .channel = CCM_CHANNEL_VOICE, .flags = CCM_EVF_VALUE,
         .value = (double)tu_below(&r, 100000));
    PUSH(CCM_EV_CUSTOMER_ACQUIRE, t + 5, 0, .customer = 1000 + (uint64_t)i, .campaign = ids->camp1,
         .flags = CCM_EVF_VALUE, .value = (double)tu_below(&r, 2));
    if (tu_below(&r, 3) == 0) PUSH(CCM_EV_CUSTOMER_CHURN, t + 6, 0, .customer = cust);
    PUSH(CCM_EV_CUSTOMER_REVENUE, t + 7, 0, .customer = cust, .flags = CCM_EVF_VALUE,
         .value = (double)tu_below(&r, 5000));
  }
  tu_sort_by_time(s, first);
}

#undef PUSH

void tu_stream_free(tu_stream *s) {
  free(s->ev);
  free(s->expect);
  memset(s, 0, sizeof *s);
}

/* ------------------------------------------------------------------------ */
/* Reading results */

int32_t tu_query(const ccm_view *v, const uint32_t *key, int64_t bucket, const char *metric, double *value) {
  int32_t id = -1, rc = ccm_metric_by_name(metric, &id);
  ck_assert_msg(rc == CCM_OK, "no metric named \"%s\" (%d)", metric, (int)rc);
  *value = -12345.0;
  return ccm_query(v, key, CCM_VIEW_DIMS, bucket, id, value);
}

static int tu_key_matches(const ccm_view *v, const uint32_t *want, const uint32_t *have) {
  uint32_t mask = ccm_view_dims(v);
  int d;
  for (d = 0; d < CCM_VIEW_DIMS; ++d)
    if ((mask & CCM_DIM_BIT(d)) && want[d] != have[d]) return 0;
  return 1;
}

static int tu_find_cell(const ccm_view *v, const uint32_t *key, int64_t bucket, const char *measure,
                        int32_t field, int64_t *out) {
  ccm_cursor *c = NULL;
  int32_t mid = -1, rc;
  int found = 0;
  if (measure != NULL) {
    rc = ccm_measure_by_name(measure, &mid);
    ck_assert_msg(rc == CCM_OK, "no measure named \"%s\" (%d)", measure, (int)rc);
  }
  ck_assert_int_eq(ccm_cursor_new(v, &c), CCM_OK);
  while ((rc = ccm_cursor_next(c)) == CCM_OK) {
    uint32_t have[CCM_VIEW_DIMS];
    int64_t b = 0;
    rc = ccm_cursor_key(c, have, CCM_VIEW_DIMS, &b);
    TU_CHECK(rc == CCM_OK, "ccm_cursor_key returned %d", (int)rc);
    if (b == bucket && tu_key_matches(v, key, have)) {
      TU_CHECK(!found, "two cells with the same key");
      found = 1;
      if (measure != NULL) {
        rc = ccm_cursor_measure(c, mid, field, out);
        ck_assert_msg(rc == CCM_OK, "ccm_cursor_measure(%s, %d) returned %d", measure, (int)field, (int)rc);
      }
    }
  }
  ck_assert_int_eq(rc, CCM_END);
  ccm_cursor_free(c);
  return found;
}

int64_t tu_field(const ccm_view *v, const uint32_t *key, int64_t bucket, const char *measure, int32_t field) {
  int64_t val = 0;
  if (!tu_find_cell(v, key, bucket, measure, field, &val)) return 0;
  return val;
}

int32_t tu_metric_id(const char *name) {
  int32_t id = -1;
  ck_assert_msg(ccm_metric_by_name(name, &id) == CCM_OK, "no metric %s", name);
  return id;
}

int32_t tu_measure_id(const char *name) {
  int32_t id = -1;
  ck_assert_msg(ccm_measure_by_name(name, &id) == CCM_OK, "no measure %s", name);
  return id;
}

int tu_has_cell(const ccm_view *v, const uint32_t *key, int64_t bucket) {
  return tu_find_cell(v, key, bucket, NULL, 0, NULL);
}

void tu_assert_metric(const ccm_view *v, const uint32_t *key, int64_t bucket, const char *name, double expected,
                      const char *file, int line) {
  double val = 0;
  int32_t rc = tu_query(v, key, bucket, name, &val);
  ck_assert_msg(rc == CCM_OK, "%s:%d: metric %s: status %d (%s), value %.17g; expected %.17g", file, line, name,
                (int)rc, ccm_error_name(rc), val, expected);
  ck_assert_msg(fabs(val - expected) <= TU_TOL * (1.0 + fabs(expected)),
                "%s:%d: metric %s: got %.17g, expected %.17g", file, line, name, val, expected);
}

void tu_assert_undef(const ccm_view *v, const uint32_t *key, int64_t bucket, const char *name, const char *file,
                     int line) {
  double val = 0;
  int32_t rc = tu_query(v, key, bucket, name, &val);
  ck_assert_msg(rc == CCM_UNDEFINED, "%s:%d: metric %s: status %d (%s) value %.17g; expected CCM_UNDEFINED", file,
                line, name, (int)rc, ccm_error_name(rc), val);
  ck_assert_msg(val == 0.0, "%s:%d: metric %s: undefined but value %.17g, expected 0", file, line, name, val);
}

void tu_assert_field(const ccm_view *v, const uint32_t *key, int64_t bucket, const char *measure, int32_t field,
                     int64_t expected, const char *file, int line) {
  int64_t got = tu_field(v, key, bucket, measure, field);
  ck_assert_msg(got == expected, "%s:%d: measure %s field %d: got %lld, expected %lld", file, line, measure,
                (int)field, (long long)got, (long long)expected);
}

int tu_run(Suite *s) {
  SRunner *sr = srunner_create(s);
  int failed;
  srunner_run_all(sr, CK_ENV);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

const char *const tu_computed_metrics[] = {
    "focus_time_pct", "agent_frt", "agent_messages", "agent_responses", "agent_contacts_with_frt",
    "agent_first_response_rate", "avg_agent_frt", "avg_agent_responses", "avg_customer_responses",
    "avg_follow_on_response_time", "avg_resolution_time", "closed_contacts", "customer_responses", "focus_count",
    "focus_time", "follow_on_responses", "follow_on_response_time", "resolution_time", "total_responses",
    "tag_count", "contacts", "offered", "answered", "abandoned", "short_abandoned", "abandon_rate",
    "avg_abandon_time", "asa", "avg_queue_time", "max_wait", "service_level", "service_level_answered",
    "service_level_abandon_ok", "service_level_offered", "blocked", "flow_out", "agent_contacts", "handled",
    "avg_talk_time", "avg_hold_time", "avg_acw_time", "aht", "transfer_rate", "escalation_rate", "avg_rings",
    "avg_alert_time", "offer_missed", "cost_per_contact", "first_reply_time", "avg_response_time", "frt_sla_pct",
    "resolution_sla_pct", "first_resolution_time", "reopened", "resolution_rate", "backlog", "open_requests", "in_queue",
    "longest_wait", "repeat_contact_rate",
    "contacts_per_case", "fcr_rate", "csat_pct", "csat_avg", "nps", "ces_avg", "ces_easy_pct", "quality_score",
    "occupancy", "utilization", "customers_new", "customers_churned", "churn_rate", "retention_rate",
    "referral_rate", "revenue", "arpu", "clv", "engagement", "logged_in_time", "available_time", "busy_time",
    "not_ready_time", "acw_state_time",
    /* business-hours variants (check_local) */
    "avg_agent_frt_bh", "first_reply_time_bh", "avg_response_time_bh", "avg_resolution_time_bh"};
const size_t tu_ncomputed_metrics = sizeof tu_computed_metrics / sizeof tu_computed_metrics[0];

int32_t tu_out_write(const void *data, size_t len, void *user) {
  tu_out *b = user;
  ++b->calls;
  TU_CHECK(len > 0, "write callback called with 0 bytes");
  if (b->fail_at && b->calls >= b->fail_at) return -1;
  if (b->n + len > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + len) cap *= 2;
    b->p = realloc(b->p, cap);
    ck_assert_ptr_nonnull(b->p);
    b->cap = cap;
  }
  memcpy(b->p + b->n, data, len);
  b->n += len;
  return 0;
}

void tu_out_free(tu_out *b) {
  free(b->p);
  memset(b, 0, sizeof *b);
}
