/*
 * ccm-config-list.c - print the settings of the linked libccmetrics as CSV
 * (key,name,min,max,default), for the configuration table of ccmetrics(7).
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Built at build time only (not installed): the bounds and defaults in the
 * manual come from ccm_config_bounds(), never from a second copy.
 */
#include <stdio.h>

#include <ccmetrics.h>

/* Keys are small pinned integers; later versions append.  Look well past
 * the last key of this version so that a new one is never missed. */
#define KEY_SCAN_LIMIT 1024

int main(void) {
  int32_t key;
  int listed = 0;
  printf("key,name,min,max,default\n");
  for (key = 0; key < KEY_SCAN_LIMIT; key++) {
    const char *name = ccm_config_name(key);
    int64_t min, max, def;
    if (name == NULL) continue;
    if (ccm_config_bounds(key, &min, &max, &def) != CCM_OK) {
      fprintf(stderr, "ccm-config-list: %s has a name but no bounds\n", name);
      return 1;
    }
    printf("%d,%s,%lld,%lld,%lld\n", (int)key, name, (long long)min, (long long)max, (long long)def);
    listed++;
  }
  if (listed == 0) {
    fprintf(stderr, "ccm-config-list: the library has no setting\n");
    return 1;
  }
  return 0;
}
