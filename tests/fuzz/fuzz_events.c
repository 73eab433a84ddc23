/*
 * fuzz_events.c - random event streams into an engine, invariants checked
 * after every event.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Input layout (every byte sequence is valid; missing bytes read as 0):
 *
 *   byte 0   configuration: time zone (bits 0-1: EST5EDT, CET-1CEST, a
 *            half-hour southern DST, UTC), start time (bits 2-3: plain, US
 *            spring forward, EU fall back, US fall back), business calendar
 *            (bit 4), lateness 2 min (bit 5), small capacities (bit 6),
 *            short timeouts and windows (bit 7)
 *   byte 1   interval width (bits 0-1), grain of one view (bits 2-4), event
 *            after which one more view is registered (bits 5-7, x 8)
 *   then one operation per 7 bytes:
 *     b0  operation (b0 % 48): an event type (0..32), a common type again
 *         (33..38), advance (39), expire (40, 41), an unknown type (42),
 *         another struct size (43), a batch of the next 1..4 events
 *         (44..47); b0 in 192..239 also spoils one field (b6 % 8: an agent,
 *         team, skill, campaign or label never interned, a bad channel or
 *         direction, a time out of range)
 *     b1  contact slot (bits 0-2), new contact in that slot (bit 3, at
 *         contact_start), customer (bits 4-6; 0 = none), event id (bit 7)
 *     b2  time step: seconds, minutes, tens of seconds or three minutes
 *         forward, or a few seconds back (op 41 jumps days)
 *     b3  agent (bits 0-2), team (bits 3-4), skill (bits 5-7); 0 = none
 *     b4  channel (bits 0-3; voice, chat and email most often), direction
 *         (bits 4-5), campaign (bits 6-7)
 *     b5  label (bits 0-3), event id (bits 4-7)
 *     b6  value: 0 none; 1..0x7F a value within the scale of the event
 *         type; 0x80..0xEF (b6 & 0x7F) - 8, plus a half when odd; 0xF0..
 *         special values (NaN, infinities, huge, 2^53 ...)
 *   Ids are chosen from small interned sets so that events meet each
 *   other's contacts and agents.
 *
 * After every operation: the stats and the company total; after every
 * FUZZ_FULL_EVERY-th operation (50 for libFuzzer, every one in the replay
 * of 'make check') and at the end, every cell of every view
 * (fuzz_check_view); accepted + rejected + duplicates + held = the events
 * given; for a refused event (rejected, duplicate) or a failed advance, a
 * fingerprint (stats, cell counts, every field of the company
 * total) equal to the one before (unless, with lateness, it released held
 * events).  At the end every agent logs out, held events are flushed and
 * time runs far ahead: every contact must be gone, the gauges of the
 * company total back to 0, and the views without a multi-valued dimension
 * must add up to the company total.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccmetrics.h"
#include "fuzz_common.h"
#include "fuzz_invariants.h"

#define MIN_MS INT64_C(60000)
#define HOUR_MS INT64_C(3600000)
#define DAY_MS INT64_C(86400000)
#define OP_BYTES 7
#define MAX_OPS 300    /* a longer input is cut: each op checks the cells */
#ifndef FUZZ_FULL_EVERY
#define FUZZ_FULL_EVERY 50 /* every view is checked after every 50th op (else the total) */
#endif

enum { V_TOTAL, V_AGENT, V_TAG, V_INTERVAL, V_VAR, V_REASON, V_LATE, NVIEWS };

typedef struct fuzz_state {
  ccm_engine *e;
  ccm_view *v[NVIEWS];
  unsigned what[NVIEWS];
  uint32_t agent[6], team[3], skill[4], campaign[3];
  uint32_t label[CCM_DICTS][4];
  uint32_t gen[8]; /* contact generation per slot */
  int64_t t, tmax;
  int64_t given; /* events handed to ccm_ingest and ccm_ingest_batch */
  int late_view_at; /* op index that registers V_LATE (0 = never) */
  int no_levels;    /* the engine keeps no level (CCM_CFG_LEVELS 0) */
  /* fingerprint after the last operation */
  int64_t stat[CCM_STAT_EVENT_IDS + 1];
  int64_t cells[NVIEWS];
  uint64_t total_hash;
} fuzz_state;

typedef struct reader {
  const uint8_t *p;
  size_t n, i;
} reader;

static uint8_t next_byte(reader *r) { return r->i < r->n ? r->p[r->i++] : 0; }

static const char *const ZONES[] = {"EST5EDT,M3.2.0,M11.1.0", "CET-1CEST,M3.5.0,M10.5.0/3",
                                    "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0/2", "UTC0"};
/* 2023-11-14T22:13:20Z; before the US spring-forward (2023-03-12T07:00Z);
 * before the EU fall-back (2023-10-29T01:00Z); before the US fall-back
 * (2023-11-05T06:00Z). */
static const int64_t STARTS[] = {INT64_C(1700000000000), INT64_C(1678602600000), INT64_C(1698535800000),
                                 INT64_C(1699160400000)};
static const int64_t INTERVALS[] = {15 * MIN_MS, 30 * MIN_MS, 60 * MIN_MS, 20 * MIN_MS};
static const int32_t GRAINS[] = {CCM_GRAIN_HOUR, CCM_GRAIN_DOW,  CCM_GRAIN_DATE, CCM_GRAIN_WEEK,
                                 CCM_GRAIN_MONTH, CCM_GRAIN_INTERVAL, CCM_GRAIN_NONE, CCM_GRAIN_DATE};
static const double SPECIAL_VALUES[16] = {
    0 /* 0xF0..0xF2: NaN and infinities, in decode_value */, 1e300, -1e300, 9007199254740992.0, 9007199254740994.0,
    -9007199254740992.0, 1e15, -0.0, 1e-300, 4.0000001, 99.99, 100, 101, 5e6, 2147483648.0, 0.25};

static const char CALENDAR[] = "mon 09:00-17:00\ntue 09:00-12:00 13:00-17:00\nwed 08:00-20:00\n"
                               "thu 09:00-17:00\nfri 00:00-24:00\nsat 10:00-14:00\n"
                               "holiday 2023-11-15\nholiday 2023-03-13\n";

static void set(ccm_config *cfg, int32_t key, int64_t value) {
  int32_t rc = ccm_config_set(cfg, key, value);
  FUZZ_CHECK(rc == CCM_OK, "ccm_config_set(%d, %lld) returned %d", (int)key, (long long)value, (int)rc);
}

/* Every bit of c0 and c1 has a use: an engine keeps no level for one input
 * in eight, one pairing of the zone and the interval in four (each zone and
 * each interval with and without levels) when the late view comes at op 8,
 * 24, 40 or 56. */
static int no_levels(uint8_t c0, uint8_t c1) { return ((c0 ^ c1) & 3) == 3 && (c1 & 0x20); }

static void configure(ccm_config *cfg, uint8_t c0, uint8_t c1) {
  int32_t rc = ccm_config_set_tz(cfg, ZONES[c0 & 3]);
  FUZZ_CHECK(rc == CCM_OK, "ccm_config_set_tz(%s) returned %d", ZONES[c0 & 3], (int)rc);
  set(cfg, CCM_CFG_INTERVAL_MS, INTERVALS[c1 & 3]);
  if (c0 & 0x10) {
    ccm_calendar *cal = NULL;
    size_t line = 0;
    rc = ccm_calendar_new(NULL, &cal);
    FUZZ_CHECK(rc == CCM_OK, "ccm_calendar_new returned %d", (int)rc);
    rc = ccm_calendar_parse(cal, CALENDAR, sizeof CALENDAR - 1, &line);
    FUZZ_CHECK(rc == CCM_OK, "ccm_calendar_parse returned %d at line %zu", (int)rc, line);
    rc = ccm_config_set_calendar(cfg, cal);
    FUZZ_CHECK(rc == CCM_OK, "ccm_config_set_calendar returned %d", (int)rc);
    ccm_calendar_free(cal);
  }
  if (c0 & 0x20) set(cfg, CCM_CFG_LATENESS_MS, 2 * MIN_MS);
  if (no_levels(c0, c1)) set(cfg, CCM_CFG_LEVELS, 0);
  if (c0 & 0x40) {
    set(cfg, CCM_CFG_MAX_CONTACTS, 5);
    set(cfg, CCM_CFG_DEDUP_MAX, 4);
    set(cfg, CCM_CFG_DEDUP_WINDOW_MS, 10 * MIN_MS);
  }
  if (c0 & 0x80) {
    set(cfg, CCM_CFG_IDLE_TIMEOUT_MS, 30 * MIN_MS);
    set(cfg, CCM_CFG_GRACE_MS, 0);
    set(cfg, CCM_CFG_RETENTION_MS, HOUR_MS);
    set(cfg, CCM_CFG_REPEAT_WINDOW_MS, 2 * HOUR_MS);
    set(cfg, CCM_CFG_SL_THRESHOLD_MS, 0);
    set(cfg, CCM_CFG_CUSTOMERS_BASE, 3);
  }
}

static uint32_t intern(ccm_engine *e, int32_t dim, const char *name) {
  uint32_t id = 0;
  int32_t rc = ccm_intern(e, dim, name, strlen(name), &id);
  FUZZ_CHECK(rc == CCM_OK && id != 0, "ccm_intern(%d, %s) returned %d", (int)dim, name, (int)rc);
  return id;
}

static void intern_names(fuzz_state *s) {
  static const char *const names[] = {"", "x", "y", "z", "a4", "a5"};
  int i, d;
  for (i = 1; i <= 5; i++) s->agent[i] = intern(s->e, CCM_DIM_AGENT, names[i]);
  for (i = 1; i <= 2; i++) s->team[i] = intern(s->e, CCM_DIM_TEAM, names[i]);
  for (i = 1; i <= 3; i++) s->skill[i] = intern(s->e, CCM_DIM_SKILL, names[i]);
  for (i = 1; i <= 2; i++) s->campaign[i] = intern(s->e, CCM_DIM_CAMPAIGN, names[i]);
  for (d = 0; d < CCM_DICTS; d++) {
    if (d == CCM_DIM_CHANNEL || d == CCM_DIM_DIRECTION) continue;
    for (i = 1; i <= 3; i++) s->label[d][i] = intern(s->e, d, names[i]);
  }
}

static void add_view(fuzz_state *s, int i, uint32_t mask, int32_t grain, uint32_t flags, unsigned what) {
  int32_t rc = ccm_view_new(s->e, mask, grain, flags, &s->v[i]);
  FUZZ_CHECK(rc == CCM_OK, "ccm_view_new(0x%x, %d, %u) returned %d", (unsigned)mask, (int)grain, (unsigned)flags,
             (int)rc);
  s->what[i] = what | ((flags & CCM_VIEW_SKETCHES) ? FUZZ_VIEW_SKETCHES : 0);
  if (s->no_levels) s->what[i] = (s->what[i] & ~FUZZ_VIEW_LEVELS) | FUZZ_VIEW_NO_LEVELS;
}

/* ------------------------------------------------------------------------ */
/* Decoding */

/* A dimension id: 0 (none) or one of n interned ids (ids[1..n]). */
static uint32_t pick(const uint32_t *ids, unsigned n, unsigned sel) { return sel == 0 ? 0 : ids[1 + (sel - 1) % n]; }

/* A value within the scale of the event type. */
static double value_in_scale(int32_t type, unsigned b) {
  switch (type) {
    case CCM_EV_CSAT: return 1 + b % 5;
    case CCM_EV_NPS: return b % 11;
    case CCM_EV_CES: return 1 + b % 7;
    case CCM_EV_QA_SCORE: return (double)(b % 101) - ((b & 64) ? 0.25 : 0);
    case CCM_EV_AGENT_STATE: return b % 8;
    case CCM_EV_CUSTOMER_ACQUIRE: return b & 1;
    default: return (double)b * 37 - 100; /* cost, revenue: any whole amount */
  }
}

static double decode_value(int32_t type, uint8_t b) {
  if (b < 0x80) return value_in_scale(type, b);
  if (b < 0xF0) return (double)((b & 0x7F) - 8) + ((b & 1) ? 0.5 : 0.0);
  switch (b) {
    case 0xF0: return NAN;
    case 0xF1: return INFINITY;
    case 0xF2: return -INFINITY;
    default: return SPECIAL_VALUES[b & 15];
  }
}

/* Advance the clock by a step and return it. */
static int64_t decode_time(fuzz_state *s, uint8_t b) {
  int64_t step;
  switch (b >> 6) {
    case 0: step = (int64_t)(b & 63) * 1000; break;
    case 1: step = (int64_t)(b & 63) * MIN_MS; break;
    case 2: step = (int64_t)(b & 63) * 10000 + (b & 7); break; /* odd milliseconds too */
    default: step = (b & 32) ? -(int64_t)(b & 31) * 7000 : (int64_t)(b & 31) * 3 * MIN_MS; break;
  }
  s->t += step;
  if (s->t > s->tmax) s->tmax = s->t;
  return s->t;
}

/* One event from 6 bytes (b1..b6) for an event type. */
static void decode_event(fuzz_state *s, int32_t type, const uint8_t *b, ccm_event *ev) {
  static const uint32_t CHANNELS[16] = {0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 7, 8, 1};
  static const uint32_t DIRECTIONS[4] = {CCM_DIRECTION_INBOUND, CCM_DIRECTION_INBOUND, CCM_DIRECTION_OUTBOUND, 0};
  unsigned slot = 1 + (b[0] & 7), label_sel = b[4] & 15;
  int32_t label_dim = ccm_event_label_dim(type);
  ccm_event_init(ev, type);
  if (type == CCM_EV_CONTACT_START && (b[0] & 8)) s->gen[slot & 7]++;
  ev->contact = (uint64_t)s->gen[slot & 7] << 4 | slot;
  ev->customer = (b[0] >> 4) & 7 ? 1000 + ((b[0] >> 4) & 7) : 0;
  if (b[0] & 0x80) ev->event_id = 1 + (b[4] >> 4);
  ev->ts = decode_time(s, b[1]);
  ev->agent = pick(s->agent, 5, b[2] & 7);
  ev->team = pick(s->team, 2, (b[2] >> 3) & 3);
  ev->skill = pick(s->skill, 3, b[2] >> 5);
  ev->channel = CHANNELS[b[3] & 15];
  ev->direction = DIRECTIONS[(b[3] >> 4) & 3];
  ev->campaign = pick(s->campaign, 2, b[3] >> 6);
  if (type == CCM_EV_AGENT_STATE) {
    ev->label = CCM_STATE_LOGGED_OUT + label_sel % 5;
  } else if (label_dim >= 0 && label_dim < CCM_DICTS) {
    ev->label = pick(s->label[label_dim], 3, label_sel % 4);
  }
  if (b[5] != 0) {
    ev->flags = CCM_EVF_VALUE;
    ev->value = decode_value(type, b[5]);
  }
}

/* Spoil one field (b0 in 192..239): each is refused by the engine. */
static void spoil(ccm_event *ev, uint8_t how) {
  switch (how % 8) {
    case 0: ev->agent = 4242; break; /* never interned: CCM_E_BAD_ID */
    case 1: ev->team = 4242; break;
    case 2: ev->skill = 4242; break;
    case 3: ev->campaign = 4242; break;
    case 4: ev->label = 4242; break;
    case 5: ev->channel = 9 + how; break;
    case 6: ev->direction = 3 + how; break;
    default: ev->ts = (how & 8) ? INT64_MAX : (how & 16) ? INT64_MIN : -DAY_MS; break;
  }
}

/* ------------------------------------------------------------------------ */
/* Checks */

/* A fingerprint: stats, cells per view and the company total's fields. */
static void fingerprint(const fuzz_state *s, int64_t *stat, int64_t *cells, uint64_t *total_hash) {
  int32_t i;
  for (i = CCM_STAT_ACCEPTED; i <= CCM_STAT_EVENT_IDS; i++) stat[i] = fuzz_stat(s->e, i);
  for (i = 0; i < NVIEWS; i++) cells[i] = s->v[i] ? ccm_view_cells(s->v[i]) : 0;
  *total_hash = fuzz_check_view(s->v[V_TOTAL], s->what[V_TOTAL]);
}

/* Check every view (the company total is checked by fingerprint()). */
static void check_views(const fuzz_state *s, int full) {
  int i;
  if (!full) return;
  for (i = 0; i < NVIEWS; i++) {
    if (s->v[i] && i != V_TOTAL) fuzz_check_view(s->v[i], s->what[i]);
  }
}

/* Check everything after an operation; @p refused: the operation was
 * refused, so nothing but the stat @p counter (0: none) may have moved. */
static void check_after(fuzz_state *s, int refused, int32_t counter, const char *what, int full) {
  int64_t stat[CCM_STAT_EVENT_IDS + 1], cells[NVIEWS];
  uint64_t total_hash;
  int32_t i;
  fuzz_check_stats(s->e);
  fingerprint(s, stat, cells, &total_hash);
  FUZZ_CHECK(stat[CCM_STAT_ACCEPTED] + stat[CCM_STAT_REJECTED] + stat[CCM_STAT_DUPLICATES] + stat[CCM_STAT_HELD] ==
                 s->given,
             "accepted %lld + rejected %lld + duplicates %lld + held %lld != %lld events given",
             (long long)stat[CCM_STAT_ACCEPTED], (long long)stat[CCM_STAT_REJECTED],
             (long long)stat[CCM_STAT_DUPLICATES], (long long)stat[CCM_STAT_HELD], (long long)s->given);
  /* With lateness, an event moves the reorder watermark even when it is
   * itself refused: the held events it makes ripe are applied (EVENTS.md
   * order), so a refusal that released some is not "nothing changed". */
  if (refused && stat[CCM_STAT_HELD] != s->stat[CCM_STAT_HELD]) refused = 0;
  if (refused) {
    for (i = CCM_STAT_ACCEPTED; i <= CCM_STAT_EVENT_IDS; i++) {
      /* diagnostics that a refused event may move */
      if (i == counter || i == CCM_STAT_MEMORY_BYTES || i == CCM_STAT_ALLOCATIONS || i == CCM_STAT_REORDERED) {
        continue;
      }
      FUZZ_CHECK(stat[i] == s->stat[i], "%s changed stat %d from %lld to %lld (%s)", what, (int)i,
                 (long long)s->stat[i], (long long)stat[i], ccm_engine_errmsg(s->e));
    }
    if (counter != 0) {
      FUZZ_CHECK(stat[counter] == s->stat[counter] + 1, "%s: stat %d went from %lld to %lld", what, (int)counter,
                 (long long)s->stat[counter], (long long)stat[counter]);
    }
    for (i = 0; i < NVIEWS; i++) {
      FUZZ_CHECK(cells[i] == s->cells[i], "%s changed the cell count of view %d from %lld to %lld (%s)", what,
                 (int)i, (long long)s->cells[i], (long long)cells[i], ccm_engine_errmsg(s->e));
    }
    FUZZ_CHECK(total_hash == s->total_hash, "%s changed the company total (%s)", what, ccm_engine_errmsg(s->e));
  }
  check_views(s, full);
  memcpy(s->stat, stat, sizeof stat);
  memcpy(s->cells, cells, sizeof cells);
  s->total_hash = total_hash;
}

static void ingest_one(fuzz_state *s, const ccm_event *ev, int full) {
  int32_t rc = ccm_ingest(s->e, ev);
  s->given++;
  FUZZ_CHECK(rc == CCM_OK || rc == CCM_DUPLICATE || rc < 0, "ccm_ingest returned %d", (int)rc);
  FUZZ_CHECK(rc != CCM_E_NOMEM && rc != CCM_E_INVALID_ARG, "ccm_ingest returned %s", ccm_error_name(rc));
  if (rc < 0) {
    const char *msg = ccm_engine_errmsg(s->e);
    FUZZ_CHECK(msg != NULL && msg[0] != '\0', "no message for %s", ccm_error_name(rc));
    check_after(s, 1, CCM_STAT_REJECTED, "a rejected event", full);
  } else if (rc == CCM_DUPLICATE) {
    check_after(s, 1, CCM_STAT_DUPLICATES, "a duplicate event", full);
  } else {
    check_after(s, 0, 0, "", full);
  }
}

static void ingest_batch(fuzz_state *s, const ccm_event *evs, size_t n, int full) {
  int32_t results[8];
  size_t accepted = 99, i, ok = 0;
  int32_t first = CCM_OK;
  int32_t rc = ccm_ingest_batch(s->e, evs, n, 0, &accepted, results);
  s->given += (int64_t)n;
  for (i = 0; i < n; i++) {
    FUZZ_CHECK(results[i] <= 0 || results[i] == CCM_DUPLICATE, "batch result %d", (int)results[i]);
    if (results[i] == CCM_OK) ok++;
    if (results[i] < 0 && first == CCM_OK) first = results[i];
  }
  FUZZ_CHECK(accepted == ok, "batch: accepted %zu, %zu results OK", accepted, ok);
  FUZZ_CHECK(rc == first, "batch returned %d, first rejection %d", (int)rc, (int)first);
  check_after(s, 0, 0, "", full);
}

/* advance or expire: OK for a time the events could have; for an absurd
 * one the engine may refuse (CCM_E_NOMEM: the cells cannot be made), and
 * then nothing changed. */
static void move_time(fuzz_state *s, int expire, int64_t now, int full) {
  int32_t rc = expire ? ccm_engine_expire(s->e, now) : ccm_engine_advance(s->e, now);
  const int absurd = now == INT64_MAX || now == INT64_MIN;
  if (rc == CCM_OK && !absurd && now > s->tmax) s->tmax = now; /* agent spans are credited up to it */
  if (absurd) {
    FUZZ_CHECK(rc == CCM_OK || rc == CCM_E_NOMEM || rc == CCM_E_INVALID_ARG, "%s(%lld) returned %d",
               expire ? "expire" : "advance", (long long)now, (int)rc);
  } else {
    FUZZ_CHECK(rc == CCM_OK, "%s(%lld) returned %d", expire ? "expire" : "advance", (long long)now, (int)rc);
  }
  check_after(s, rc != CCM_OK, 0, expire ? "a failed expire" : "a failed advance", full);
}

/* Final state: every agent logs out, then far in the future nothing is
 * left open or retained. */
static void check_end(fuzz_state *s) {
  static const char *const gauges[] = {"in_queue", "open_contacts", "awaiting_reply"};
  ccm_event ev;
  int64_t v;
  int32_t rc;
  int i;
  for (i = 1; i <= 5; i++) {
    ccm_event_init(&ev, CCM_EV_AGENT_STATE);
    ev.ts = s->tmax + 1;
    ev.agent = s->agent[i];
    ev.label = CCM_STATE_LOGGED_OUT;
    ingest_one(s, &ev, 0);
  }
  /* whatever is held for reordering is applied */
  rc = ccm_engine_flush(s->e);
  FUZZ_CHECK(rc == CCM_OK, "ccm_engine_flush returned %d", (int)rc);
  check_after(s, 0, 0, "", 0);
  v = fuzz_stat(s->e, CCM_STAT_HELD);
  FUZZ_CHECK(v == 0, "%lld events held after ccm_engine_flush", (long long)v);
  move_time(s, 1, s->tmax + 2 * DAY_MS, 0);
  move_time(s, 1, s->tmax + 40 * DAY_MS, 1);
  v = fuzz_stat(s->e, CCM_STAT_OPEN_CONTACTS);
  FUZZ_CHECK(v == 0, "%lld contacts open 40 days after the last event", (long long)v);
  v = fuzz_stat(s->e, CCM_STAT_RETAINED_CONTACTS);
  FUZZ_CHECK(v == 0, "%lld contacts retained 40 days after the last event", (long long)v);
  v = fuzz_stat(s->e, CCM_STAT_FCR_PENDING);
  FUZZ_CHECK(v == 0, "%lld provisional FCR 40 days after the last event", (long long)v);
  for (i = 0; i < 3 && !s->no_levels; i++) {
    v = fuzz_total_field(s->v[V_TOTAL], gauges[i], CCM_FIELD_END);
    FUZZ_CHECK(v == 0, "gauge %s is %lld when every contact is gone", gauges[i], (long long)v);
  }
  /* views of single-valued dimensions add up to the company total */
  fuzz_check_same_totals(s->e, s->v[V_AGENT], s->v[V_TOTAL]);
  fuzz_check_same_totals(s->e, s->v[V_INTERVAL], s->v[V_TOTAL]);
  fuzz_check_same_totals(s->e, s->v[V_VAR], s->v[V_TOTAL]);
  fuzz_check_same_totals(s->e, s->v[V_REASON], s->v[V_TOTAL]);
  {
    ccm_measures *m = NULL;
    uint32_t filter[CCM_KEY_DIMS];
    const unsigned what = FUZZ_VIEW_SKETCHES | (s->no_levels ? FUZZ_VIEW_NO_LEVELS : 0);
    for (i = 0; i < CCM_KEY_DIMS; i++) filter[i] = CCM_ANY;
    filter[CCM_DIM_AGENT] = s->agent[1];
    rc = ccm_measures_new(s->e, &m);
    FUZZ_CHECK(rc == CCM_OK, "ccm_measures_new returned %d", (int)rc);
    rc = ccm_rollup(s->v[V_AGENT], filter, CCM_KEY_DIMS, INT64_MIN, INT64_MAX, m);
    FUZZ_CHECK(rc == CCM_OK, "ccm_rollup returned %d", (int)rc);
    fuzz_check_measures(m, what);
    ccm_measures_clear(m);
    rc = ccm_rollup(s->v[V_AGENT], NULL, 0, s->tmax - DAY_MS, s->tmax + DAY_MS, m);
    FUZZ_CHECK(rc == CCM_OK, "ccm_rollup returned %d", (int)rc);
    fuzz_check_measures(m, what);
    ccm_measures_free(m);
  }
}

/* FUZZ_VERBOSE=1: what an input did, to judge a corpus. */
static void report(const fuzz_state *s) {
  int32_t code;
  fprintf(stderr, "accepted %lld, rejected %lld, duplicates %lld, cells %lld:",
          (long long)fuzz_stat(s->e, CCM_STAT_ACCEPTED), (long long)fuzz_stat(s->e, CCM_STAT_REJECTED),
          (long long)fuzz_stat(s->e, CCM_STAT_DUPLICATES), (long long)fuzz_stat(s->e, CCM_STAT_CELLS));
  for (code = -1; code >= -64; code--) {
    int64_t n = 0;
    if (ccm_engine_rejected(s->e, code, &n) == CCM_OK && n > 0) fprintf(stderr, " %s %lld", ccm_error_name(code), (long long)n);
  }
  fprintf(stderr, "\n  cells per view:");
  for (code = 0; code < NVIEWS; code++) fprintf(stderr, " %lld", s->v[code] ? (long long)ccm_view_cells(s->v[code]) : -1LL);
  fprintf(stderr, ", time span %.1f h\n", (double)(s->tmax - STARTS[0]) / HOUR_MS);
}

/* ------------------------------------------------------------------------ */

#define N_PLAIN (CCM_EV_COUNT - 1) /* op 0..32: event types 1..33 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static fuzz_state s;
  reader r = {data, size, 0};
  ccm_config *cfg = NULL;
  uint8_t c0 = next_byte(&r), c1 = next_byte(&r);
  int32_t rc;
  int op;

  memset(&s, 0, sizeof s);
  rc = ccm_config_new(NULL, &cfg);
  FUZZ_CHECK(rc == CCM_OK, "ccm_config_new returned %d", (int)rc);
  configure(cfg, c0, c1);
  s.no_levels = no_levels(c0, c1);
  rc = ccm_engine_new(cfg, NULL, &s.e);
  FUZZ_CHECK(rc == CCM_OK, "ccm_engine_new returned %d", (int)rc);
  ccm_config_free(cfg);
  intern_names(&s);
  s.t = s.tmax = STARTS[(c0 >> 2) & 3];

  add_view(&s, V_TOTAL, 0, CCM_GRAIN_NONE, 0, FUZZ_VIEW_TOTAL | FUZZ_VIEW_LEVELS);
  add_view(&s, V_AGENT, CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_TEAM) | CCM_DIM_BIT(CCM_DIM_SKILL),
           CCM_GRAIN_INTERVAL, CCM_VIEW_SKETCHES, FUZZ_VIEW_LEVELS);
  add_view(&s, V_TAG, CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_DATE, 0, FUZZ_VIEW_LEVELS);
  add_view(&s, V_INTERVAL, 0, CCM_GRAIN_INTERVAL, 0, FUZZ_VIEW_LEVELS);
  add_view(&s, V_VAR,
           CCM_DIM_BIT(CCM_DIM_CHANNEL) | CCM_DIM_BIT(CCM_DIM_DIRECTION) | CCM_DIM_BIT(CCM_DIM_CONTACT_TYPE) |
               CCM_DIM_BIT(CCM_DIM_CAMPAIGN),
           GRAINS[(c1 >> 2) & 7], 0, FUZZ_VIEW_LEVELS);
  add_view(&s, V_REASON, CCM_DIM_BIT(CCM_DIM_REASON) | CCM_DIM_BIT(CCM_DIM_DISPOSITION), CCM_GRAIN_HOUR,
           CCM_VIEW_SKETCHES, FUZZ_VIEW_LEVELS);
  s.late_view_at = (c1 >> 5) * 8;
  check_after(&s, 0, 0, "", 1);

  for (op = 0; op < MAX_OPS && r.i < r.n; op++) {
    uint8_t b[OP_BYTES];
    unsigned code;
    int full = op % FUZZ_FULL_EVERY == FUZZ_FULL_EVERY - 1, spoiled;
    size_t k;
    ccm_event ev;
    for (k = 0; k < OP_BYTES; k++) b[k] = next_byte(&r);
    if (op == s.late_view_at && op > 0) {
      /* registered after events: starts empty, its gauges may go below 0 */
      add_view(&s, V_LATE, CCM_DIM_BIT(CCM_DIM_SKILL) | CCM_DIM_BIT(CCM_DIM_TAG), CCM_GRAIN_WEEK,
               CCM_VIEW_SKETCHES, 0);
      check_after(&s, 0, 0, "", 1);
    }
    code = b[0] % 48;
    spoiled = b[0] / 48 == 4; /* 192..239 */
    if (code < N_PLAIN || code <= 38) {
      static const int32_t common[] = {CCM_EV_QUEUE_ENTER,      CCM_EV_ANSWER,        CCM_EV_AGENT_END,
                                       CCM_EV_CUSTOMER_MESSAGE, CCM_EV_AGENT_MESSAGE, CCM_EV_CONTACT_START};
      decode_event(&s, code < N_PLAIN ? (int32_t)code + 1 : common[code - N_PLAIN], b + 1, &ev);
      if (spoiled) spoil(&ev, b[6]);
      ingest_one(&s, &ev, full);
      continue;
    }
    switch (code) {
      case 39: case 40: case 41: {
        int64_t now = decode_time(&s, b[2]) + (code == 41 ? 2 * DAY_MS : 0);
        if (spoiled) now = (b[6] & 1) ? INT64_MAX : INT64_MIN;
        move_time(&s, code != 39, now, full);
        break;
      }
      case 42: /* an unknown event type */
        decode_event(&s, CCM_EV_CONTACT_START, b + 1, &ev);
        ev.type = (b[6] & 1) ? CCM_EV_COUNT + b[6] : -(int32_t)b[6];
        ingest_one(&s, &ev, full);
        break;
      case 43: /* another struct size: smaller than the first release's, or larger */
        decode_event(&s, CCM_EV_CONTACT_START, b + 1, &ev);
        ev.size = b[6] % 96u;
        ingest_one(&s, &ev, full);
        break;
      default: { /* 44..47: a batch of the next 1..4 operations' events */
        ccm_event evs[4];
        size_t n = 1 + (code - 44), j;
        for (j = 0; j < n; j++) {
          uint8_t nb[OP_BYTES];
          for (k = 0; k < OP_BYTES; k++) nb[k] = next_byte(&r);
          decode_event(&s, 1 + (int32_t)(nb[0] % N_PLAIN), nb + 1, &evs[j]);
          if (nb[0] / 48 == 4) spoil(&evs[j], nb[6]);
        }
        ingest_batch(&s, evs, n, full);
        break;
      }
    }
  }
  check_end(&s);
  if (getenv("FUZZ_VERBOSE") != NULL) report(&s);
  ccm_engine_free(s.e);
  return 0;
}
