/*
 * fuzz_snapshot.c - ccm_engine_restore() on hostile bytes, and snapshots of
 * real engines restored, compared and then damaged.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Byte 0 chooses the mode (b0 % 3):
 *   0  the rest is a snapshot, restored as it is (magic, version, length
 *      and checksum checks);
 *   1  the rest is a snapshot whose header is repaired first: its length
 *      field set to the real length and its CRC32C recomputed, so that
 *      mutations of a real snapshot (the corpus holds some) reach the
 *      section parser instead of stopping at the checksum;
 *   2  the rest builds an engine: byte 1 its setup (lateness, event ids, a
 *      time zone, sketches, a calendar), then 3 bytes per event from a small
 *      set of types, contacts and agents.  Its snapshot must restore to an
 *      engine that snapshots to the same bytes, with the same stats and
 *      cells; then bytes of the input past the events overwrite bytes of
 *      the snapshot (header repaired), and that must be refused or give an
 *      engine that works.
 * Every engine restored is exercised: stats, cursors over every view,
 * a few events, a snapshot of it, and the restore of that snapshot.
 *
 * FUZZ_SNAPSHOT_SEEDS=DIR (environment): mode 2 also writes each real
 * snapshot to DIR as a mode-1 input (how the seed corpus was made).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccmetrics.h"
#include "fuzz_common.h"
#include "fuzz_invariants.h"

#define HEADER_BYTES 24 /* magic 8, version 4, CRC32C 4, length 8 (doc/SNAPSHOT.md) */
#define T0 INT64_C(1700000000000)

/* ------------------------------------------------------------------------ */
/* Bytes */

typedef struct buffer {
  unsigned char *p;
  size_t len, cap;
} buffer;

static int32_t to_buffer(const void *data, size_t len, void *user) {
  buffer *b = user;
  if (b->len + len > b->cap) {
    size_t ncap = b->cap ? b->cap : 4096;
    unsigned char *np;
    while (ncap < b->len + len) ncap *= 2;
    np = realloc(b->p, ncap);
    if (np == NULL) return -1;
    b->p = np;
    b->cap = ncap;
  }
  memcpy(b->p + b->len, data, len);
  b->len += len;
  return 0;
}

/* CRC32C (Castagnoli, reflected), bit by bit: the library's own is not
 * exported, and this one is obviously right. */
static uint32_t crc32c(const unsigned char *p, size_t len) {
  uint32_t c = 0xFFFFFFFFu;
  size_t i;
  int k;
  for (i = 0; i < len; i++) {
    c ^= p[i];
    for (k = 0; k < 8; k++) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1u)));
  }
  return ~c;
}

static void put_le(unsigned char *p, uint64_t v, int n) {
  int i;
  for (i = 0; i < n; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* Make the header agree with the bytes: length and checksum. */
static void repair_header(unsigned char *p, size_t len) {
  if (len < HEADER_BYTES) return;
  put_le(p + 16, len, 8);
  put_le(p + 12, crc32c(p + HEADER_BYTES, len - HEADER_BYTES), 4);
}

static void snapshot(const ccm_engine *e, buffer *b) {
  uint64_t size = 0;
  int32_t rc;
  b->len = 0;
  rc = ccm_engine_snapshot(e, to_buffer, b);
  FUZZ_CHECK(rc == CCM_OK, "ccm_engine_snapshot returned %d (%s)", (int)rc, ccm_error_name(rc));
  rc = ccm_engine_snapshot_size(e, &size);
  FUZZ_CHECK(rc == CCM_OK && size == b->len, "ccm_engine_snapshot_size: rc %d, %llu, snapshot %zu bytes", (int)rc,
             (unsigned long long)size, b->len);
  FUZZ_CHECK(b->len >= HEADER_BYTES && crc32c(b->p + HEADER_BYTES, b->len - HEADER_BYTES) ==
                                           ((uint32_t)b->p[12] | (uint32_t)b->p[13] << 8 |
                                            (uint32_t)b->p[14] << 16 | (uint32_t)b->p[15] << 24),
             "the snapshot's CRC32C does not match its bytes");
}

/* ------------------------------------------------------------------------ */
/* Engines */

/* Every view checked; with @p strict the invariants of real engines, else
 * only that reading works (a crafted snapshot may hold any counts). */
static uint64_t check_views(ccm_engine *e, int strict) {
  int64_t nviews = fuzz_stat(e, CCM_STAT_VIEWS);
  uint64_t hash = 0;
  uint32_t i;
  for (i = 0; i < (uint64_t)nviews; i++) {
    ccm_view *v = NULL;
    int32_t rc = ccm_engine_view(e, i, &v);
    FUZZ_CHECK(rc == CCM_OK && v != NULL, "ccm_engine_view(%u) returned %d", (unsigned)i, (int)rc);
    if (strict) {
      hash = hash * 31 + fuzz_check_view(v, 0);
    } else {
      ccm_cursor *c = NULL;
      int n = 0;
      rc = ccm_cursor_new(v, &c);
      FUZZ_CHECK(rc == CCM_OK, "ccm_cursor_new returned %d", (int)rc);
      while (n++ < 16 && ccm_cursor_next(c) == CCM_OK) { /* a few cells: the reading code, not the data */
        double value;
        int32_t m;
        for (m = 0; m < ccm_metric_count(); m++) (void)ccm_cursor_metric(c, m, &value);
      }
      ccm_cursor_free(c);
    }
  }
  return hash;
}

/* A few events into a restored engine (any outcome), then its snapshot must
 * restore. */
static void exercise(ccm_engine *e) {
  static const int32_t types[] = {CCM_EV_CONTACT_START, CCM_EV_QUEUE_ENTER, CCM_EV_ANSWER, CCM_EV_AGENT_END,
                                  CCM_EV_ACW_END, CCM_EV_AGENT_STATE, CCM_EV_CSAT, CCM_EV_CUSTOMER_MESSAGE};
  buffer b = {NULL, 0, 0};
  ccm_engine *again = NULL;
  ccm_event ev;
  uint32_t agent = 0, skill = 0;
  size_t i;
  int32_t rc;
  (void)ccm_intern(e, CCM_DIM_AGENT, "ann", 3, &agent);
  (void)ccm_intern(e, CCM_DIM_SKILL, "billing", 7, &skill);
  for (i = 0; i < sizeof types / sizeof types[0]; i++) {
    ccm_event_init(&ev, types[i]);
    ev.ts = T0 + 3600000 + (int64_t)i * 1000;
    ev.contact = 1 + i % 2;
    ev.customer = 7;
    ev.channel = CCM_CHANNEL_VOICE;
    ev.direction = CCM_DIRECTION_INBOUND;
    ev.agent = agent;
    ev.skill = skill;
    ev.event_id = 1000 + i;
    if (types[i] == CCM_EV_AGENT_STATE) ev.label = CCM_STATE_AVAILABLE;
    if (types[i] == CCM_EV_CSAT) {
      ev.flags = CCM_EVF_VALUE;
      ev.value = 4;
    }
    rc = ccm_ingest(e, &ev);
    FUZZ_CHECK(rc == CCM_OK || rc == CCM_DUPLICATE || (rc < 0 && rc != CCM_E_NOMEM && rc != CCM_E_INVALID_ARG),
               "ccm_ingest into a restored engine returned %d", (int)rc);
  }
  rc = ccm_engine_flush(e);
  FUZZ_CHECK(rc == CCM_OK, "ccm_engine_flush returned %d", (int)rc);
  rc = ccm_engine_expire(e, T0 + 7200000);
  FUZZ_CHECK(rc == CCM_OK || rc == CCM_E_NOMEM, "ccm_engine_expire returned %d", (int)rc);
  check_views(e, 0);
  snapshot(e, &b);
  rc = ccm_engine_restore(b.p, b.len, NULL, NULL, &again);
  FUZZ_CHECK(rc == CCM_OK, "the snapshot of a restored engine does not restore: %d (%s)", (int)rc,
             ccm_error_name(rc));
  ccm_engine_free(again);
  free(b.p);
}

/* Restore hostile bytes: refused with a snapshot error, or a working engine. */
static void restore_any(const unsigned char *p, size_t len) {
  ccm_engine *e = NULL;
  int32_t rc = ccm_engine_restore(p, len, NULL, NULL, &e);
  if (rc != CCM_OK) {
    FUZZ_CHECK(rc == CCM_E_SNAPSHOT_FORMAT || rc == CCM_E_SNAPSHOT_VERSION || rc == CCM_E_SNAPSHOT_CHECKSUM ||
                   rc == CCM_E_SNAPSHOT_TRUNCATED || rc == CCM_E_SNAPSHOT_CORRUPT || rc == CCM_E_INCOMPATIBLE ||
                   rc == CCM_E_INVALID_ARG,
               "ccm_engine_restore returned %d (%s)", (int)rc, ccm_error_name(rc));
    return;
  }
  FUZZ_CHECK(e != NULL, "ccm_engine_restore gave no engine");
  (void)fuzz_stat(e, CCM_STAT_ACCEPTED);
  exercise(e);
  ccm_engine_free(e);
}

/* Mode 2: an engine from the bytes. */
static ccm_engine *build(const uint8_t *p, size_t n, size_t *used) {
  static const int32_t types[] = {CCM_EV_CONTACT_START, CCM_EV_QUEUE_ENTER, CCM_EV_OFFER,      CCM_EV_ANSWER,
                                  CCM_EV_HOLD,          CCM_EV_RESUME,      CCM_EV_AGENT_END,  CCM_EV_ACW_END,
                                  CCM_EV_TAG,           CCM_EV_RESOLVE,     CCM_EV_CONTACT_END, CCM_EV_CSAT,
                                  CCM_EV_CUSTOMER_MESSAGE, CCM_EV_AGENT_MESSAGE, CCM_EV_AGENT_STATE,
                                  CCM_EV_QUEUE_ABANDON};
  ccm_config *cfg = NULL;
  ccm_engine *e = NULL;
  ccm_view *v = NULL;
  uint32_t agents[3], skills[2], tags[2];
  uint8_t setup = n > 0 ? p[0] : 0;
  int64_t t = T0;
  size_t i = 1;
  int32_t rc = ccm_config_new(NULL, &cfg);
  FUZZ_CHECK(rc == CCM_OK, "ccm_config_new returned %d", (int)rc);
  if (setup & 1) ccm_config_set(cfg, CCM_CFG_LATENESS_MS, 60000);
  if (setup & 2) ccm_config_set_tz(cfg, "CET-1CEST,M3.5.0,M10.5.0/3");
  if (setup & 4) {
    ccm_calendar *cal = NULL;
    static const char hours[] = "mon 09:00-17:00\ntue 09:00-17:00\nholiday 2023-11-15\n";
    FUZZ_CHECK(ccm_calendar_new(NULL, &cal) == CCM_OK, "ccm_calendar_new failed");
    FUZZ_CHECK(ccm_calendar_parse(cal, hours, sizeof hours - 1, NULL) == CCM_OK, "ccm_calendar_parse failed");
    FUZZ_CHECK(ccm_config_set_calendar(cfg, cal) == CCM_OK, "ccm_config_set_calendar failed");
    ccm_calendar_free(cal);
  }
  rc = ccm_engine_new(cfg, NULL, &e);
  FUZZ_CHECK(rc == CCM_OK, "ccm_engine_new returned %d", (int)rc);
  ccm_config_free(cfg);
  rc = ccm_view_new(e, 0, CCM_GRAIN_NONE, 0, &v);
  FUZZ_CHECK(rc == CCM_OK, "ccm_view_new returned %d", (int)rc);
  rc = ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_AGENT) | CCM_DIM_BIT(CCM_DIM_SKILL), CCM_GRAIN_INTERVAL,
                    (setup & 8) ? CCM_VIEW_SKETCHES : 0, &v);
  FUZZ_CHECK(rc == CCM_OK, "ccm_view_new returned %d", (int)rc);
  rc = ccm_view_new(e, CCM_DIM_BIT(CCM_DIM_TAG), (setup & 16) ? CCM_GRAIN_MONTH : CCM_GRAIN_HOUR, 0, &v);
  FUZZ_CHECK(rc == CCM_OK, "ccm_view_new returned %d", (int)rc);
  agents[0] = 0;
  FUZZ_CHECK(ccm_intern(e, CCM_DIM_AGENT, "ann", 3, &agents[1]) == CCM_OK, "intern");
  FUZZ_CHECK(ccm_intern(e, CCM_DIM_AGENT, "bob", 3, &agents[2]) == CCM_OK, "intern");
  FUZZ_CHECK(ccm_intern(e, CCM_DIM_SKILL, "billing", 7, &skills[0]) == CCM_OK, "intern");
  FUZZ_CHECK(ccm_intern(e, CCM_DIM_SKILL, "sales", 5, &skills[1]) == CCM_OK, "intern");
  FUZZ_CHECK(ccm_intern(e, CCM_DIM_TAG, "refund", 6, &tags[0]) == CCM_OK, "intern");
  FUZZ_CHECK(ccm_intern(e, CCM_DIM_TAG, "urgent", 6, &tags[1]) == CCM_OK, "intern");
  /* 3 bytes an event until a 0xFF type byte (the rest damages the snapshot) */
  while (i + 3 <= n && p[i] != 0xFF) {
    ccm_event ev;
    int32_t type = types[p[i] % 16];
    ccm_event_init(&ev, type);
    t += (int64_t)p[i + 2] * ((p[i] & 0x80) ? 60000 : 1000);
    ev.ts = t;
    ev.contact = 1 + (p[i + 1] & 3);
    ev.customer = (p[i + 1] & 4) ? 0 : 50 + (p[i + 1] & 1);
    ev.channel = (p[i + 1] & 8) ? CCM_CHANNEL_CHAT : CCM_CHANNEL_VOICE;
    ev.direction = CCM_DIRECTION_INBOUND;
    ev.agent = agents[1 + ((p[i + 1] >> 4) & 1)];
    ev.skill = skills[(p[i + 1] >> 5) & 1];
    if (p[i + 1] & 0x40) ev.event_id = p[i + 2];
    if (type == CCM_EV_TAG) ev.label = tags[p[i + 2] & 1];
    if (type == CCM_EV_AGENT_STATE) ev.label = CCM_STATE_LOGGED_OUT + p[i + 2] % 5;
    if (type == CCM_EV_CSAT) {
      ev.flags = CCM_EVF_VALUE;
      ev.value = 1 + p[i + 2] % 5;
    }
    (void)ccm_ingest(e, &ev);
    i += 3;
  }
  *used = i < n ? i + 1 : n; /* past the 0xFF */
  return e;
}

static void write_seed(const buffer *b) {
  const char *dir = getenv("FUZZ_SNAPSHOT_SEEDS");
  char path[4096];
  FILE *f;
  if (dir == NULL) return;
  snprintf(path, sizeof path, "%s/snap-%08x-%zu", dir, (unsigned)crc32c(b->p, b->len), b->len);
  f = fopen(path, "wb");
  FUZZ_CHECK(f != NULL, "cannot write %s", path);
  fputc(1, f); /* mode 1 */
  fwrite(b->p, 1, b->len, f);
  fclose(f);
}

static void round_trip(const uint8_t *data, size_t size) {
  buffer b = {NULL, 0, 0}, b2 = {NULL, 0, 0};
  size_t used = 0, i;
  ccm_engine *e = build(data, size, &used), *r = NULL;
  int64_t stat_e[CCM_STAT_EVENT_IDS + 1];
  uint64_t hash_e;
  int32_t rc, s;
  snapshot(e, &b);
  write_seed(&b);
  rc = ccm_engine_restore(b.p, b.len, NULL, NULL, &r);
  FUZZ_CHECK(rc == CCM_OK, "a snapshot does not restore: %d (%s)", (int)rc, ccm_error_name(rc));
  /* the same engine: same bytes, same stats (memory aside), same cells */
  snapshot(r, &b2);
  FUZZ_CHECK(b2.len == b.len && memcmp(b2.p, b.p, b.len) == 0, "restore then snapshot gives other bytes (%zu, %zu)",
             b.len, b2.len);
  for (s = CCM_STAT_ACCEPTED; s <= CCM_STAT_EVENT_IDS; s++) {
    int64_t x = fuzz_stat(r, s);
    stat_e[s] = fuzz_stat(e, s);
    if (s == CCM_STAT_MEMORY_BYTES || s == CCM_STAT_ALLOCATIONS) continue;
    FUZZ_CHECK(x == stat_e[s], "stat %d: %lld before the snapshot, %lld restored", (int)s, (long long)stat_e[s],
               (long long)x);
  }
  fuzz_check_stats(r);
  hash_e = check_views(e, 1);
  FUZZ_CHECK(check_views(r, 1) == hash_e, "the restored engine's cells differ");
  ccm_engine_free(r);
  ccm_engine_free(e);
  /* damage: the rest of the input overwrites bytes (position, value pairs) */
  if (used + 2 <= size && b.len > HEADER_BYTES) {
    for (i = used; i + 2 <= size; i += 3) {
      size_t at = HEADER_BYTES + ((size_t)data[i] << 8 | (i + 1 < size ? data[i + 1] : 0)) % (b.len - HEADER_BYTES);
      b.p[at] = i + 2 < size ? data[i + 2] : (unsigned char)(b.p[at] ^ 0xFF);
    }
    repair_header(b.p, b.len);
    restore_any(b.p, b.len);
  }
  free(b.p);
  free(b2.p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned char *copy;
  if (size == 0) return 0;
  switch (data[0] % 3) {
    case 0:
      restore_any(data + 1, size - 1);
      break;
    case 1:
      copy = malloc(size);
      FUZZ_CHECK(copy != NULL, "out of memory");
      memcpy(copy, data + 1, size - 1);
      repair_header(copy, size - 1);
      restore_any(copy, size - 1);
      free(copy);
      break;
    default:
      round_trip(data + 1, size - 1);
      break;
  }
  return 0;
}
