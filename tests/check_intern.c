/*
 * check_intern.c - dictionaries: interning, lookup, names, fixed
 * dictionaries, and the name tables of dimensions and event types.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static uint32_t intern_len(ccm_engine *e, int32_t dim, const char *p, size_t len) {
  uint32_t id = 0;
  int32_t rc = ccm_intern(e, dim, p, len, &id);
  TU_CHECK(rc == CCM_OK, "ccm_intern returned %d", (int)rc);
  return id;
}

START_TEST(test_ids_start_at_one) {
  ccm_engine *e = tu_engine(NULL);
  int32_t dim;
  /* the first value of every free dictionary gets id 1 */
  for (dim = 0; dim < CCM_DICTS; ++dim) {
    if (dim == CCM_DIM_CHANNEL || dim == CCM_DIM_DIRECTION) continue;
    ck_assert_msg(tu_intern(e, dim, "first") == 1, "dim %d: first id is not 1", (int)dim);
  }
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_same_bytes_same_id) {
  ccm_engine *e = tu_engine(NULL);
  uint32_t a = tu_intern(e, CCM_DIM_AGENT, "ann");
  uint32_t b = tu_intern(e, CCM_DIM_AGENT, "bob");
  ck_assert_uint_ne(a, b);
  ck_assert_uint_eq(tu_intern(e, CCM_DIM_AGENT, "ann"), a);
  ck_assert_uint_eq(tu_intern(e, CCM_DIM_AGENT, "bob"), b);
  /* bytes, not a prefix: "an" and "ann " are other values */
  ck_assert_uint_ne(tu_intern(e, CCM_DIM_AGENT, "an"), a);
  ck_assert_uint_ne(tu_intern(e, CCM_DIM_AGENT, "ann "), a);
  ck_assert_uint_ne(tu_intern(e, CCM_DIM_AGENT, "Ann"), a);
  /* the name need not be NUL-terminated: only len bytes count */
  ck_assert_uint_eq(intern_len(e, CCM_DIM_AGENT, "annXYZ", 3), a);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_dims_independent) {
  ccm_engine *e = tu_engine(NULL);
  uint32_t id = 0;
  uint32_t ag = tu_intern(e, CCM_DIM_AGENT, "x");
  uint32_t ag2 = tu_intern(e, CCM_DIM_AGENT, "y");
  uint32_t sk = tu_intern(e, CCM_DIM_SKILL, "y");
  const char *name = NULL;
  ck_assert_uint_eq(ag, 1);
  ck_assert_uint_eq(ag2, 2);
  /* "y" is the first skill, whatever the agent dictionary holds */
  ck_assert_uint_eq(sk, 1);
  ck_assert_int_eq(ccm_lookup(e, CCM_DIM_SKILL, "x", 1, &id), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_lookup(e, CCM_DIM_TEAM, "y", 1, &id), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_name(e, CCM_DIM_SKILL, 1, &name, NULL), CCM_OK);
  ck_assert_str_eq(name, "y");
  ck_assert_int_eq(ccm_name(e, CCM_DIM_AGENT, 1, &name, NULL), CCM_OK);
  ck_assert_str_eq(name, "x");
  ck_assert_int_eq(ccm_name(e, CCM_DIM_SKILL, 2, &name, NULL), CCM_E_NOT_FOUND);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_embedded_nul) {
  ccm_engine *e = tu_engine(NULL);
  const char ab[] = {'a', '\0', 'b'};
  const char ac[] = {'a', '\0', 'c'};
  const char zz[] = {'\0', '\0'};
  uint32_t i1 = intern_len(e, CCM_DIM_TAG, ab, 3);
  uint32_t i2 = intern_len(e, CCM_DIM_TAG, ac, 3);
  uint32_t i3 = intern_len(e, CCM_DIM_TAG, "a", 1);
  uint32_t i4 = intern_len(e, CCM_DIM_TAG, zz, 2);
  uint32_t i5 = intern_len(e, CCM_DIM_TAG, zz, 1);
  const char *name = NULL;
  size_t len = 0;
  ck_assert_uint_ne(i1, i2);
  ck_assert_uint_ne(i1, i3);
  ck_assert_uint_ne(i2, i3);
  ck_assert_uint_ne(i4, i5);
  ck_assert_uint_eq(intern_len(e, CCM_DIM_TAG, ab, 3), i1);
  ck_assert_int_eq(ccm_name(e, CCM_DIM_TAG, i1, &name, &len), CCM_OK);
  ck_assert_uint_eq(len, 3);
  ck_assert_int_eq(memcmp(name, ab, 3), 0);
  ck_assert_int_eq(name[3], '\0');
  ck_assert_int_eq(ccm_name(e, CCM_DIM_TAG, i4, &name, &len), CCM_OK);
  ck_assert_uint_eq(len, 2);
  ck_assert_int_eq(memcmp(name, zz, 2), 0);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_length_limits) {
  ccm_engine *e = tu_engine(NULL);
  char buf[CCM_MAX_NAME_LEN + 2];
  uint32_t id = 0, id2 = 0;
  const char *name = NULL;
  size_t len = 0;
  memset(buf, 'q', sizeof buf);
  ck_assert_int_eq(CCM_MAX_NAME_LEN, 255);
  ck_assert_int_eq(ccm_intern(e, CCM_DIM_CAMPAIGN, buf, 255, &id), CCM_OK);
  ck_assert_uint_ne(id, 0);
  ck_assert_int_eq(ccm_name(e, CCM_DIM_CAMPAIGN, id, &name, &len), CCM_OK);
  ck_assert_uint_eq(len, 255);
  ck_assert_int_eq(memcmp(name, buf, 255), 0);
  id2 = 99;
  ck_assert_int_eq(ccm_intern(e, CCM_DIM_CAMPAIGN, buf, 256, &id2), CCM_E_TOO_LONG);
  {
    /* a value that cannot exist is not found (or too long) */
    int32_t rc = ccm_lookup(e, CCM_DIM_CAMPAIGN, buf, 256, &id2);
    ck_assert_msg(rc == CCM_E_NOT_FOUND || rc == CCM_E_TOO_LONG, "lookup of 256 bytes returned %d", (int)rc);
  }
  ck_assert_int_eq(ccm_intern(e, CCM_DIM_CAMPAIGN, buf, 100000, &id2), CCM_E_TOO_LONG);
  /* nothing was added by the refused ones */
  ck_assert_int_eq(ccm_name(e, CCM_DIM_CAMPAIGN, id + 1, &name, &len), CCM_E_NOT_FOUND);
  /* empty and NULL */
  ck_assert_int_eq(ccm_intern(e, CCM_DIM_CAMPAIGN, buf, 0, &id2), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_intern(e, CCM_DIM_CAMPAIGN, NULL, 3, &id2), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_intern(e, CCM_DIM_CAMPAIGN, "abc", 3, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_intern(NULL, CCM_DIM_CAMPAIGN, "abc", 3, &id2), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_lookup(e, CCM_DIM_CAMPAIGN, "abc", 3, NULL), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_lookup(NULL, CCM_DIM_CAMPAIGN, "abc", 3, &id2), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_name(e, CCM_DIM_CAMPAIGN, id, NULL, &len), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_name(NULL, CCM_DIM_CAMPAIGN, id, &name, &len), CCM_E_INVALID_ARG);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_name_round_trip) {
  ccm_engine *e = tu_engine(NULL);
  static const char *const names[] = {"ann", "bob", "Cécile", "d'Artagnan, \"jr\"", "x"};
  uint32_t ids[5];
  const char *name = NULL;
  size_t len = 99, i;
  for (i = 0; i < 5; ++i) ids[i] = tu_intern(e, CCM_DIM_AGENT, names[i]);
  for (i = 0; i < 5; ++i) {
    ck_assert_int_eq(ccm_name(e, CCM_DIM_AGENT, ids[i], &name, &len), CCM_OK);
    ck_assert_str_eq(name, names[i]);
    ck_assert_uint_eq(len, strlen(names[i]));
    /* len may be NULL */
    ck_assert_int_eq(ccm_name(e, CCM_DIM_AGENT, ids[i], &name, NULL), CCM_OK);
    ck_assert_str_eq(name, names[i]);
  }
  /* id 0 is "not given": the empty string, in every dictionary */
  ck_assert_int_eq(ccm_name(e, CCM_DIM_AGENT, 0, &name, &len), CCM_OK);
  ck_assert_str_eq(name, "");
  ck_assert_uint_eq(len, 0);
  ck_assert_int_eq(ccm_name(e, CCM_DIM_CHANNEL, 0, &name, &len), CCM_OK);
  ck_assert_str_eq(name, "");
  ck_assert_int_eq(ccm_name(e, CCM_DIM_FORM, 0, &name, &len), CCM_OK);
  ck_assert_str_eq(name, "");
  /* ids never handed out */
  ck_assert_int_eq(ccm_name(e, CCM_DIM_AGENT, 6, &name, &len), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_name(e, CCM_DIM_AGENT, 0xFFFFFFFFu, &name, &len), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_name(e, CCM_DIM_TEAM, 1, &name, &len), CCM_E_NOT_FOUND);
  /* bad dictionaries */
  ck_assert_int_eq(ccm_name(e, -1, 1, &name, &len), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_name(e, CCM_DICTS, 1, &name, &len), CCM_E_NOT_FOUND);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_lookup_does_not_add) {
  ccm_engine *e = tu_engine(NULL);
  uint32_t id = 77, id2 = 0;
  const char *name;
  ck_assert_int_eq(ccm_lookup(e, CCM_DIM_SKILL, "billing", 7, &id), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_lookup(e, CCM_DIM_SKILL, "billing", 7, &id), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_name(e, CCM_DIM_SKILL, 1, &name, NULL), CCM_E_NOT_FOUND);
  id = tu_intern(e, CCM_DIM_SKILL, "billing");
  ck_assert_uint_eq(id, 1);
  ck_assert_int_eq(ccm_lookup(e, CCM_DIM_SKILL, "billing", 7, &id2), CCM_OK);
  ck_assert_uint_eq(id2, id);
  ck_assert_int_eq(ccm_lookup(e, CCM_DIM_SKILL, "billin", 6, &id2), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_lookup(e, -1, "billing", 7, &id2), CCM_E_NOT_FOUND);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_fixed_dictionaries) {
  ccm_engine *e = tu_engine(NULL);
  static const char *const channels[] = {"voice", "chat", "email", "sms", "social", "messaging", "video", "other"};
  uint32_t id = 0, i;
  const char *name;
  size_t len;
  ck_assert_uint_eq(tu_intern(e, CCM_DIM_CHANNEL, "chat"), CCM_CHANNEL_CHAT);
  for (i = 0; i < 8; ++i) {
    ck_assert_uint_eq(tu_intern(e, CCM_DIM_CHANNEL, channels[i]), CCM_CHANNEL_VOICE + i);
    ck_assert_int_eq(ccm_lookup(e, CCM_DIM_CHANNEL, channels[i], strlen(channels[i]), &id), CCM_OK);
    ck_assert_uint_eq(id, CCM_CHANNEL_VOICE + i);
    ck_assert_int_eq(ccm_name(e, CCM_DIM_CHANNEL, CCM_CHANNEL_VOICE + i, &name, &len), CCM_OK);
    ck_assert_str_eq(name, channels[i]);
    ck_assert_uint_eq(len, strlen(channels[i]));
  }
  ck_assert_uint_eq(CCM_CHANNEL_OTHER, 8);
  ck_assert_uint_eq(tu_intern(e, CCM_DIM_DIRECTION, "inbound"), CCM_DIRECTION_INBOUND);
  ck_assert_uint_eq(tu_intern(e, CCM_DIM_DIRECTION, "outbound"), CCM_DIRECTION_OUTBOUND);
  ck_assert_int_eq(ccm_name(e, CCM_DIM_DIRECTION, CCM_DIRECTION_OUTBOUND, &name, NULL), CCM_OK);
  ck_assert_str_eq(name, "outbound");
  /* never added */
  ck_assert_int_eq(ccm_intern(e, CCM_DIM_CHANNEL, "fax", 3, &id), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_intern(e, CCM_DIM_CHANNEL, "Chat", 4, &id), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_intern(e, CCM_DIM_DIRECTION, "sideways", 8, &id), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_lookup(e, CCM_DIM_CHANNEL, "fax", 3, &id), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_name(e, CCM_DIM_CHANNEL, 9, &name, NULL), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_name(e, CCM_DIM_DIRECTION, 3, &name, NULL), CCM_E_NOT_FOUND);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_bad_dim) {
  ccm_engine *e = tu_engine(NULL);
  uint32_t id = 0;
  ck_assert_int_eq(ccm_intern(e, -1, "x", 1, &id), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_intern(e, CCM_DICTS, "x", 1, &id), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_intern(e, 1000, "x", 1, &id), CCM_E_NOT_FOUND);
  /* the dictionary-only dimensions intern like the others */
  ck_assert_uint_eq(tu_intern(e, CCM_DIM_REASON, "timeout"), 1);
  ck_assert_uint_eq(tu_intern(e, CCM_DIM_FORM, "form-a"), 1);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_many_values) {
  ccm_engine *e = tu_engine(NULL);
  enum { N = 100000 };
  uint32_t *ids = malloc(N * sizeof *ids);
  char buf[32];
  int i;
  ck_assert_ptr_nonnull(ids);
  for (i = 0; i < N; ++i) {
    int n = snprintf(buf, sizeof buf, "cust-%d", i);
    ids[i] = intern_len(e, CCM_DIM_CAMPAIGN, buf, (size_t)n);
    TU_CHECK(ids[i] != 0, "id 0 for %d", i);
  }
  /* ids are distinct (they are 1..N in some order) and map back */
  {
    unsigned char *seen = calloc(N + 1, 1);
    ck_assert_ptr_nonnull(seen);
    for (i = 0; i < N; ++i) {
      TU_CHECK(ids[i] <= N && !seen[ids[i]], "value %d: id %u out of range or repeated", i, (unsigned)ids[i]);
      seen[ids[i]] = 1;
    }
    free(seen);
  }
  for (i = 0; i < N; ++i) {
    const char *name = NULL;
    size_t len = 0;
    uint32_t id = 0;
    int n = snprintf(buf, sizeof buf, "cust-%d", i);
    TU_CHECK(ccm_name(e, CCM_DIM_CAMPAIGN, ids[i], &name, &len) == CCM_OK, "ccm_name(%u)", (unsigned)ids[i]);
    TU_CHECK(len == (size_t)n && memcmp(name, buf, len) == 0, "value %d: name %.*s", i, (int)len, name);
    TU_CHECK(ccm_lookup(e, CCM_DIM_CAMPAIGN, buf, (size_t)n, &id) == CCM_OK && id == ids[i], "lookup %s", buf);
    if (i % 97 == 0) TU_CHECK(intern_len(e, CCM_DIM_CAMPAIGN, buf, (size_t)n) == ids[i], "re-intern %s", buf);
  }
  /* names stay valid while more values are added */
  {
    const char *first = NULL;
    ck_assert_int_eq(ccm_name(e, CCM_DIM_CAMPAIGN, ids[0], &first, NULL), CCM_OK);
    for (i = 0; i < 1000; ++i) {
      int n = snprintf(buf, sizeof buf, "more-%d", i);
      intern_len(e, CCM_DIM_CAMPAIGN, buf, (size_t)n);
    }
    ck_assert_str_eq(first, "cust-0");
  }
  free(ids);
  ccm_engine_free(e);
}
END_TEST

START_TEST(test_dim_names) {
  static const char *const names[CCM_DICTS] = {"agent",    "team",        "skill", "campaign", "channel", "direction",
                                               "contact_type", "disposition", "tag", "reason", "form"};
  int32_t d;
  for (d = 0; d < CCM_DICTS; ++d) {
    ck_assert_ptr_nonnull(ccm_dim_name(d));
    ck_assert_str_eq(ccm_dim_name(d), names[d]);
  }
  ck_assert_ptr_null(ccm_dim_name(-1));
  ck_assert_ptr_null(ccm_dim_name(CCM_DICTS));
}
END_TEST

static const char *const event_names[CCM_EV_COUNT] = {
    NULL,           "contact_start", "queue_enter",    "offer",          "offer_miss",       "answer",
    "queue_abandon", "queue_exit",    "blocked",        "hold",           "resume",           "transfer",
    "escalate",     "agent_end",     "acw_end",        "customer_message", "agent_message",  "bot_message",
    "focus_start",  "focus_end",     "tag",            "disposition",    "resolve",          "reopen",
    "contact_end",  "csat",          "nps",            "ces",            "qa_score",         "agent_state",
    "cost",         "customer_acquire", "customer_churn", "customer_revenue"};

START_TEST(test_event_names) {
  int32_t t, got;
  ck_assert_int_eq(CCM_EV_COUNT, 34);
  for (t = 1; t < CCM_EV_COUNT; ++t) {
    const char *n = ccm_event_name(t);
    ck_assert_msg(n != NULL, "event %d has no name", (int)t);
    ck_assert_str_eq(n, event_names[t]);
    got = -1;
    ck_assert_int_eq(ccm_event_type(n, &got), CCM_OK);
    ck_assert_int_eq(got, t);
  }
  ck_assert_ptr_null(ccm_event_name(0));
  ck_assert_ptr_null(ccm_event_name(CCM_EV_COUNT));
  ck_assert_ptr_null(ccm_event_name(-1));
  ck_assert_int_eq(ccm_event_type("teleport", &got), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_event_type("", &got), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_event_type("Answer", &got), CCM_E_NOT_FOUND);
  ck_assert_int_eq(ccm_event_type(NULL, &got), CCM_E_INVALID_ARG);
  ck_assert_int_eq(ccm_event_type("answer", NULL), CCM_E_INVALID_ARG);
}
END_TEST

START_TEST(test_event_label_dims) {
  int32_t t;
  /* EVENTS.md: label = contact type, reason, tag, disposition code, QA form */
  ck_assert_int_eq(ccm_event_label_dim(CCM_EV_CONTACT_START), CCM_DIM_CONTACT_TYPE);
  ck_assert_int_eq(ccm_event_label_dim(CCM_EV_QUEUE_EXIT), CCM_DIM_REASON);
  ck_assert_int_eq(ccm_event_label_dim(CCM_EV_TAG), CCM_DIM_TAG);
  ck_assert_int_eq(ccm_event_label_dim(CCM_EV_DISPOSITION), CCM_DIM_DISPOSITION);
  ck_assert_int_eq(ccm_event_label_dim(CCM_EV_QA_SCORE), CCM_DIM_FORM);
  /* events without a label */
  for (t = 1; t < CCM_EV_COUNT; ++t) {
    if (t == CCM_EV_CONTACT_START || t == CCM_EV_QUEUE_EXIT || t == CCM_EV_TAG || t == CCM_EV_DISPOSITION ||
        t == CCM_EV_QA_SCORE || t == CCM_EV_AGENT_STATE)
      continue;
    ck_assert_msg(ccm_event_label_dim(t) == -1, "%s has label dim %d", ccm_event_name(t),
                  (int)ccm_event_label_dim(t));
  }
  ck_assert_int_eq(ccm_event_label_dim(0), -1);
  ck_assert_int_eq(ccm_event_label_dim(CCM_EV_COUNT), -1);
}
END_TEST

START_TEST(test_event_init) {
  ccm_event ev;
  memset(&ev, 0xA5, sizeof ev);
  ccm_event_init(&ev, CCM_EV_ANSWER);
  ck_assert_uint_eq(ev.size, sizeof(ccm_event));
  ck_assert_int_eq(ev.type, CCM_EV_ANSWER);
  ck_assert_int_eq(ev.ts, 0);
  ck_assert_uint_eq(ev.contact, 0);
  ck_assert_uint_eq(ev.customer, 0);
  ck_assert_uint_eq(ev.channel, 0);
  ck_assert_uint_eq(ev.direction, 0);
  ck_assert_uint_eq(ev.skill, 0);
  ck_assert_uint_eq(ev.campaign, 0);
  ck_assert_uint_eq(ev.agent, 0);
  ck_assert_uint_eq(ev.team, 0);
  ck_assert_uint_eq(ev.label, 0);
  ck_assert_uint_eq(ev.flags, 0);
  ck_assert(ev.value == 0.0);
  ck_assert_uint_eq(ev.event_id, 0);
}
END_TEST

static Suite *intern_suite(void) {
  Suite *s = suite_create("intern");
  TCase *tc = tcase_create("intern");
  TCase *big = tcase_create("many");
  tcase_add_test(tc, test_ids_start_at_one);
  tcase_add_test(tc, test_same_bytes_same_id);
  tcase_add_test(tc, test_dims_independent);
  tcase_add_test(tc, test_embedded_nul);
  tcase_add_test(tc, test_length_limits);
  tcase_add_test(tc, test_name_round_trip);
  tcase_add_test(tc, test_lookup_does_not_add);
  tcase_add_test(tc, test_fixed_dictionaries);
  tcase_add_test(tc, test_bad_dim);
  tcase_add_test(tc, test_dim_names);
  tcase_add_test(tc, test_event_names);
  tcase_add_test(tc, test_event_label_dims);
  tcase_add_test(tc, test_event_init);
  tcase_add_test(big, test_many_values);
  tcase_set_timeout(big, 120);
  suite_add_tcase(s, tc);
  suite_add_tcase(s, big);
  return s;
}

int main(void) { return tu_run(intern_suite()); }
