/*
 * report_ingest.c - canonical CSV records to library events (ccm-report).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * This is the per-line hot path: no allocation in steady state, no string
 * copies except into the caches.  Contacts and customers become 64-bit
 * keys through report_strtab (the library never interns them); dimension
 * values become ids through ccm_intern(), skipped for a value the column's
 * cache holds (report_idcache: every short value once seen).
 */
#include "report_ingest.h"
#include "report_number.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const COLUMN_NAMES[] = {"ts",       "event", "contact", "channel", "direction", "customer", "skill",
                                           "campaign", "agent", "team",    "value",   "label",     "id"};

int report_ingest_init(report_ingest *g, ccm_engine *e, int has_id, int direct_keys) {
  memset(g, 0, sizeof(*g));
  g->e = e;
  g->has_id = has_id;
  if (report_strtab_init(&g->contacts) != 0 || report_strtab_init(&g->customers) != 0 ||
      report_strtab_init(&g->ids) != 0) {
    report_ingest_free(g);
    return -1;
  }
  g->contacts.direct = g->customers.direct = direct_keys;
  report_evtypes_init(&g->events);
  return 0;
}

void report_ingest_free(report_ingest *g) {
  report_cache *columns[] = {&g->skill, &g->campaign, &g->agent, &g->team, &g->channel, &g->direction};
  size_t i;
  report_strtab_free(&g->contacts);
  report_strtab_free(&g->customers);
  report_strtab_free(&g->ids);
  free(g->id_accepted);
  g->id_accepted = NULL;
  for (i = 0; i < sizeof columns / sizeof columns[0]; i++) report_idcache_free(&columns[i]->short_ids);
  for (i = 0; i < CCM_DICTS; i++) report_idcache_free(&g->label[i].short_ids);
}

void report_printable(const char *s, size_t len, char *out, size_t out_size) {
  size_t i, n = 0, max = len > 64 ? 64 : len;
  for (i = 0; i < max && n + 4 < out_size; i++) {
    unsigned char c = (unsigned char)s[i];
    out[n++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
  }
  if (len > max && n + 4 < out_size) {
    memcpy(out + n, "...", 3);
    n += 3;
  }
  out[n] = '\0';
}

static int fail(char *reason, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(reason, size, fmt, ap);
  va_end(ap);
  return REPORT_REJECTED;
}

/* A value the column's cache does not hold: asked of the engine and kept
 * (short values) or remembered as the last longer one. */
static int32_t intern_missed(ccm_engine *e, report_cache *c, int32_t dim, const char *s, size_t len, uint32_t *id) {
  int32_t rc = ccm_intern(e, dim, s, len, id);
  if (rc != CCM_OK) return rc;
  if (len <= REPORT_IDCACHE_LEN) {
    uint64_t w0, w1;
    report_words(s, len, &w0, &w1);
    /* a value not kept (cache full, out of memory) is asked for again next time */
    (void)report_idcache_put(&c->short_ids, w0, w1, len, *id);
  } else {
    c->id = *id;
    c->len = len;
    memcpy(c->s, s, len);
  }
  return CCM_OK;
}

/* Id of a non-empty dimension value through the column's cache (the
 * callers leave an empty one's id 0, "not given").  Ids never change in an
 * engine, so a cached one stays right.  Inline: most calls are a hit. */
static inline int32_t intern_cached(ccm_engine *e, report_cache *c, int32_t dim, const char *s, size_t len,
                                    uint32_t *id) {
  if (len <= REPORT_IDCACHE_LEN) {
    uint64_t w0, w1;
    report_words(s, len, &w0, &w1);
    *id = report_idcache_find(&c->short_ids, w0, w1, len);
  } else {
    *id = c->id != 0 && c->len == len && memcmp(c->s, s, len) == 0 ? c->id : 0;
  }
  return *id != 0 ? CCM_OK : intern_missed(e, c, dim, s, len, id);
}

/* Report an interning failure: unknown channel/direction names are the
 * input's fault; out of memory is fatal. */
static int intern_failed(int32_t rc, int col, const report_field *f, char *reason, size_t size) {
  char shown[80];
  report_printable(f->p, f->len, shown, sizeof(shown));
  if (rc == CCM_E_NOMEM) {
    snprintf(reason, size, "out of memory (%s)", ccm_error_name(rc));
    return REPORT_FATAL;
  }
  if (rc == CCM_E_NOT_FOUND) {
    return fail(reason, size, "unknown %s '%s' (%s)", COLUMN_NAMES[col], shown, ccm_error_name(rc));
  }
  return fail(reason, size, "%s '%s': %s (%s)", COLUMN_NAMES[col], shown, ccm_strerror(rc), ccm_error_name(rc));
}

static int ingest(report_ingest *g, const report_record *rec, const report_hint *hint, char *reason, size_t size) {
  const report_field *f = rec->f;
  const size_t expected = g->has_id ? 13 : 12;
  ccm_event ev;
  int32_t rc, label_dim, type = hint->type;
  uint64_t id_key = 0;
  size_t c;
  char shown[80];

  if (rec->error == REPORT_CSV_BAD_QUOTE) return fail(reason, size, "bad quoting");
  if (rec->error == REPORT_CSV_UNTERMINATED) return fail(reason, size, "unterminated quoted field");
  if (rec->nfields != expected) {
    return fail(reason, size, "wrong number of fields: %zu, expected %zu", rec->nfields, expected);
  }
  if (type == 0) type = report_evtypes_find(&g->events, f[REPORT_COL_EVENT].p, f[REPORT_COL_EVENT].len);
  if (type == 0) return fail(reason, size, "unknown event type (%s)", ccm_error_name(CCM_E_EVENT_TYPE));
  ccm_event_init(&ev, type);
  if (report_parse_ms(f[REPORT_COL_TS].p, f[REPORT_COL_TS].len, &ev.ts) != 0) {
    report_printable(f[REPORT_COL_TS].p, f[REPORT_COL_TS].len, shown, sizeof(shown));
    return fail(reason, size, "bad ts '%s'", shown);
  }
  /* in a plain record no field is longer than the contact to the label */
  if (!rec->plain || report_record_span(rec, REPORT_COL_CONTACT, REPORT_COL_LABEL) > REPORT_MAX_TEXT) {
    for (c = REPORT_COL_CONTACT; c <= REPORT_COL_LABEL; c++) {
      if (f[c].len > REPORT_MAX_TEXT && c != REPORT_COL_VALUE) {
        return fail(reason, size, "%s longer than %d bytes (%s)", COLUMN_NAMES[c], REPORT_MAX_TEXT,
                    ccm_error_name(CCM_E_TOO_LONG));
      }
    }
  }

  /* Duplicate delivery: an id already accepted is ignored. */
  if (g->has_id && f[REPORT_COL_ID].len > 0) {
    const report_field *idf = &f[REPORT_COL_ID];
    if (idf->len > REPORT_MAX_ID) {
      return fail(reason, size, "id longer than %d bytes (%s)", REPORT_MAX_ID, ccm_error_name(CCM_E_TOO_LONG));
    }
    id_key = report_strtab_key(&g->ids, idf->p, idf->len);
    if (id_key == 0) goto nomem;
    if (id_key >= g->id_accepted_cap) {
      size_t ncap = g->id_accepted_cap ? g->id_accepted_cap * 2 : 4096;
      unsigned char *na;
      while (ncap <= id_key) ncap *= 2;
      na = realloc(g->id_accepted, ncap);
      if (na == NULL) goto nomem;
      memset(na + g->id_accepted_cap, 0, ncap - g->id_accepted_cap);
      g->id_accepted = na;
      g->id_accepted_cap = ncap;
    }
    if (g->id_accepted[id_key]) return REPORT_DUPLICATE;
    ev.event_id = id_key;
  }

  /* Contact and customer keys. */
  if (f[REPORT_COL_CONTACT].len > 0) {
    const report_field *cf = &f[REPORT_COL_CONTACT];
    /* a short id that is its own key costs less than the comparison with
     * the last one; the last one saves a table probe for the others */
    uint64_t direct = hint->contact; /* the router's, with --threads */
    if (direct == 0 && g->contacts.direct) direct = report_direct_key(cf->p, cf->len);
    if (direct != 0) {
      ev.contact = direct;
    } else if (cf->len == g->last_contact_len && g->last_contact_key != 0 && memcmp(cf->p, g->last_contact, cf->len) == 0) {
      ev.contact = g->last_contact_key;
    } else {
      ev.contact = report_strtab_key(&g->contacts, cf->p, cf->len);
      if (ev.contact == 0) goto nomem;
      g->last_contact_key = ev.contact;
      g->last_contact_len = cf->len;
      memcpy(g->last_contact, cf->p, cf->len);
    }
  }
  if (hint->customer != 0) {
    ev.customer = hint->customer;
  } else if (f[REPORT_COL_CUSTOMER].len > 0) {
    ev.customer = report_strtab_key(&g->customers, f[REPORT_COL_CUSTOMER].p, f[REPORT_COL_CUSTOMER].len);
    if (ev.customer == 0) goto nomem;
  }

  /* Dimensions. */
  /* most of these fields are empty: ccm_event_init() left their ids 0 */
#define INTERN(col, cache, dim, field)                                                  \
  do {                                                                                 \
    if (f[col].len == 0) break;                                                        \
    rc = intern_cached(g->e, &g->cache, dim, f[col].p, f[col].len, &ev.field);         \
    if (rc != CCM_OK) return intern_failed(rc, col, &f[col], reason, size);            \
  } while (0)
  INTERN(REPORT_COL_CHANNEL, channel, CCM_DIM_CHANNEL, channel);
  INTERN(REPORT_COL_DIRECTION, direction, CCM_DIM_DIRECTION, direction);
  INTERN(REPORT_COL_SKILL, skill, CCM_DIM_SKILL, skill);
  INTERN(REPORT_COL_CAMPAIGN, campaign, CCM_DIM_CAMPAIGN, campaign);
  INTERN(REPORT_COL_AGENT, agent, CCM_DIM_AGENT, agent);
  INTERN(REPORT_COL_TEAM, team, CCM_DIM_TEAM, team);
#undef INTERN
  /* The label goes to the dictionary of the event type; event types without
   * a label ignore the column. */
  label_dim = ccm_event_label_dim(type);
  if (f[REPORT_COL_LABEL].len > 0 && label_dim >= 0 && label_dim < CCM_DICTS) {
    rc = intern_cached(g->e, &g->label[label_dim], label_dim, f[REPORT_COL_LABEL].p, f[REPORT_COL_LABEL].len,
                       &ev.label);
    if (rc != CCM_OK) return intern_failed(rc, REPORT_COL_LABEL, &f[REPORT_COL_LABEL], reason, size);
  }
  if (type == CCM_EV_AGENT_STATE && f[REPORT_COL_LABEL].len > 0) {
    /* agent states are fixed ids, not a dictionary */
    char name[REPORT_MAX_TEXT + 1];
    int32_t state = 0;
    memcpy(name, f[REPORT_COL_LABEL].p, f[REPORT_COL_LABEL].len);
    name[f[REPORT_COL_LABEL].len] = '\0';
    if (strlen(name) != f[REPORT_COL_LABEL].len || ccm_agent_state_id(name, &state) != CCM_OK) {
      report_printable(f[REPORT_COL_LABEL].p, f[REPORT_COL_LABEL].len, shown, sizeof(shown));
      return fail(reason, size, "unknown agent state '%s' (%s)", shown, ccm_error_name(CCM_E_VALUE_RANGE));
    }
    ev.label = (uint32_t)state;
  }
  if (f[REPORT_COL_VALUE].len > 0) {
    if (report_parse_value(f[REPORT_COL_VALUE].p, f[REPORT_COL_VALUE].len, &ev.value) != 0) {
      report_printable(f[REPORT_COL_VALUE].p, f[REPORT_COL_VALUE].len, shown, sizeof(shown));
      return fail(reason, size, "bad value '%s'", shown);
    }
    ev.flags |= CCM_EVF_VALUE;
  }

  rc = ccm_ingest(g->e, &ev);
  if (rc == CCM_OK) {
    if (id_key != 0) g->id_accepted[id_key] = 1;
    if (g->accepted == 0 || ev.ts > g->max_ts) g->max_ts = ev.ts;
    return REPORT_ACCEPTED;
  }
  if (rc == CCM_E_NOMEM) goto nomem;
  {
    /* The engine's message names the event and the contact by its 64-bit
     * key, which means nothing to the reader of the CSV, and ends with the
     * code: keep the reason in between when the message has that shape, and
     * print the code once, in the same form as the reader's own errors. */
    const char *msg = ccm_engine_errmsg(g->e);
    char affix[96];
    size_t mlen, alen;
    if (msg == NULL) msg = "";
    mlen = strlen(msg);
    snprintf(affix, sizeof(affix), "%s (contact %llu): ", ccm_event_name(type), (unsigned long long)ev.contact);
    alen = strlen(affix);
    if (mlen >= alen && memcmp(msg, affix, alen) == 0) {
      msg += alen;
      mlen -= alen;
    }
    snprintf(affix, sizeof(affix), " [%s]", ccm_error_name(rc));
    alen = strlen(affix);
    if (mlen >= alen && memcmp(msg + mlen - alen, affix, alen) == 0) mlen -= alen;
    if (mlen == 0) {
      msg = ccm_strerror(rc);
      mlen = strlen(msg);
    }
    return fail(reason, size, "%.*s (%s)", (int)mlen, msg, ccm_error_name(rc));
  }

nomem:
  snprintf(reason, size, "out of memory (%s)", ccm_error_name(CCM_E_NOMEM));
  return REPORT_FATAL;
}

int report_ingest_record(report_ingest *g, const report_record *rec, char *reason, size_t reason_size) {
  static const report_hint none = {0, 0, 0};
  return report_ingest_record_as(g, rec, &none, reason, reason_size);
}

int report_ingest_record_as(report_ingest *g, const report_record *rec, const report_hint *hint, char *reason,
                            size_t reason_size) {
  int r = ingest(g, rec, hint, reason, reason_size);
  if (r == REPORT_ACCEPTED) {
    g->accepted++;
  } else if (r == REPORT_REJECTED) {
    g->rejected++;
  } else if (r == REPORT_DUPLICATE) {
    g->duplicates++;
  }
  return r;
}
