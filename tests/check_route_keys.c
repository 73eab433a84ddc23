/*
 * check_route_keys.c - the route table's keys hold only the dimensions its
 * views are keyed by (lib/route_cache.c, dim_mask).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * White box: built from the library's sources, so that it can read the
 * engine's route table.  check_routes proves that the table never sends a
 * credit to a wrong cell; this suite proves what only the speed shows: the
 * mask follows the views the table holds (the first CCM_ROUTE_VIEWS; the
 * tag is put in the key apart from it), and credits that differ only in a
 * dimension no view of the table is keyed by share one entry.
 */
#include <check.h>

#include "ccmetrics_int.h"
#include "testutil.h"

#define D(x) CCM_DIM_BIT(CCM_DIM_##x)
#define ALL ~UINT32_C(0)

/* The dimensions whose mask entry is ALL, as CCM_DIM_BIT bits. */
static uint32_t masked_dims(const ccm_engine *e) {
  uint32_t d, bits = 0;
  for (d = 0; d < CCM_KEY_DIMS; d++) {
    ck_assert(e->routes.dim_mask[d] == 0 || e->routes.dim_mask[d] == ALL);
    if (e->routes.dim_mask[d] == ALL) bits |= CCM_DIM_BIT(d);
  }
  return bits;
}

/* Entries of the table in use. */
static uint32_t entries_used(const ccm_engine *e) {
  uint32_t i, n = 0;
  for (i = 0; i < CCM_ROUTE_ENTRIES; i++) n += e->routes.key[i].hash != 0;
  return n;
}

START_TEST(test_mask_follows_the_views) {
  ccm_engine *e = tu_engine(NULL);
  uint32_t i;
  tu_view(e, D(SKILL), CCM_GRAIN_INTERVAL);
  ck_assert_ptr_null(e->routes.key); /* one view: no table */
  tu_view(e, D(AGENT) | D(TEAM), CCM_GRAIN_DATE);
  ck_assert_uint_eq(masked_dims(e), D(SKILL) | D(AGENT) | D(TEAM));
  /* a view by tag: the one tag goes in the key apart from the mask */
  tu_view(e, D(TAG) | D(CHANNEL), CCM_GRAIN_NONE);
  ck_assert_uint_eq(masked_dims(e), D(SKILL) | D(AGENT) | D(TEAM) | D(CHANNEL));
  tu_view(e, D(DISPOSITION), CCM_GRAIN_HOUR);
  ck_assert_uint_eq(masked_dims(e), D(SKILL) | D(AGENT) | D(TEAM) | D(CHANNEL) | D(DISPOSITION));
  /* up to the table's last view: each one's dimensions join the mask */
  while (e->nviews < CCM_ROUTE_VIEWS - 1) tu_view(e, D(AGENT), CCM_GRAIN_INTERVAL);
  tu_view(e, D(REASON), CCM_GRAIN_DATE);
  ck_assert_uint_eq(e->routes.nviews, CCM_ROUTE_VIEWS);
  ck_assert_uint_eq(masked_dims(e), D(SKILL) | D(AGENT) | D(TEAM) | D(CHANNEL) | D(DISPOSITION) | D(REASON));
  /* views past it are looked up on their own: their dimensions stay out */
  for (i = 0; i < 2; i++) tu_view(e, D(CAMPAIGN) | D(CONTACT_TYPE), CCM_GRAIN_INTERVAL);
  ck_assert_uint_eq(masked_dims(e), D(SKILL) | D(AGENT) | D(TEAM) | D(CHANNEL) | D(DISPOSITION) | D(REASON));
  ccm_engine_free(e);
}
END_TEST

/* A contact's first events, the same for each contact but its type and,
 * for the last one, its skill. */
static void contact(ccm_engine *e, uint64_t id, uint32_t type, uint32_t skill) {
  TU_OK(e, CCM_EV_CONTACT_START, TU_T0, id, .channel = CCM_CHANNEL_VOICE, .direction = CCM_DIRECTION_INBOUND,
        .skill = skill, .label = type);
  TU_OK(e, CCM_EV_QUEUE_ENTER, TU_T0 + TU_SEC, id, .skill = skill);
}

START_TEST(test_other_dimensions_share_an_entry) {
  ccm_engine *e = tu_engine(NULL);
  tu_ids ids;
  uint32_t after_first;
  tu_intern_ids(e, &ids);
  tu_view(e, D(SKILL), CCM_GRAIN_INTERVAL);
  tu_view(e, D(AGENT) | D(TEAM), CCM_GRAIN_DATE);
  contact(e, 1, ids.vip, ids.billing);
  after_first = entries_used(e);
  ck_assert_uint_gt(after_first, 0);
  /* another contact type: no view is keyed by it, the same entries */
  contact(e, 2, ids.std, ids.billing);
  ck_assert_uint_eq(entries_used(e), after_first);
  /* another skill: entries of its own */
  contact(e, 3, ids.vip, ids.support);
  ck_assert_uint_gt(entries_used(e), after_first);
  /* both billing contacts reached billing's cell through the shared entries */
  ck_assert_int_eq(tu_field(e->views[0], (const uint32_t[CCM_KEY_DIMS]){[CCM_DIM_SKILL] = ids.billing},
                            TU_T0 - TU_T0 % (15 * TU_MIN), "offered", 0),
                   2);
  ccm_engine_free(e);
}
END_TEST

int main(void) {
  Suite *s = suite_create("route_keys");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_mask_follows_the_views);
  tcase_add_test(tc, test_other_dimensions_share_an_entry);
  suite_add_tcase(s, tc);
  return tu_run(s);
}
