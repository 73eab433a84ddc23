/* config.c: scalar settings with bounds (one table), set before an engine exists. */
#include <string.h>

#include "ccmetrics_int.h"

#define MINUTE 60000LL
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)
#define YEAR (366 * DAY)

typedef struct ccm_setting {
  const char *name;
  int64_t min, max, def;
} ccm_setting;

/* Indexed by CCM_CFG_* key. */
static const ccm_setting settings[CCM_CFG_LAST + 1] = {
    [CCM_CFG_INTERVAL_MS] = {"interval_ms", MINUTE, DAY, 15 * MINUTE},
    [CCM_CFG_SL_THRESHOLD_MS] = {"sl_threshold_ms", 0, DAY, 20000},
    [CCM_CFG_SHORT_ABANDON_MS] = {"short_abandon_ms", 0, HOUR, 5000},
    [CCM_CFG_RING_CYCLE_MS] = {"ring_cycle_ms", 1, 10 * MINUTE, 6000},
    [CCM_CFG_FRT_TARGET_MS] = {"frt_target_ms", 0, YEAR, HOUR},
    [CCM_CFG_RESOLUTION_TARGET_MS] = {"resolution_target_ms", 0, YEAR, DAY},
    [CCM_CFG_REPEAT_WINDOW_MS] = {"repeat_window_ms", 0, YEAR, 7 * DAY},
    [CCM_CFG_RETENTION_MS] = {"retention_ms", 0, YEAR, 7 * DAY},
    [CCM_CFG_GRACE_MS] = {"grace_ms", 0, 30 * DAY, 5 * MINUTE},
    [CCM_CFG_IDLE_TIMEOUT_MS] = {"idle_timeout_ms", 0, YEAR, DAY},
    [CCM_CFG_CSAT_SATISFIED] = {"csat_satisfied", 1, 5, 4},
    [CCM_CFG_CES_EASY] = {"ces_easy", 1, 7, 5},
    [CCM_CFG_MAX_CONTACTS] = {"max_contacts", 0, 0xFFFFFFF0LL, 0},
    [CCM_CFG_CUSTOMERS_BASE] = {"customers_base", 0, 1000000000000LL, 0},
    [CCM_CFG_DEDUP_WINDOW_MS] = {"dedup_window_ms", 0, YEAR, DAY},
    [CCM_CFG_DEDUP_MAX] = {"dedup_max", 1, 1LL << 30, 1LL << 20},
    [CCM_CFG_LATENESS_MS] = {"lateness_ms", 0, DAY, 0},
    [CCM_CFG_LEVELS] = {"levels", 0, 1, 1},
};

static bool key_ok(int32_t key) { return key >= CCM_CFG_FIRST && key <= CCM_CFG_LAST; }

void ccm_config_defaults(int64_t value[CCM_CFG_LAST + 1]) {
  int32_t k;
  value[0] = 0;
  for (k = CCM_CFG_FIRST; k <= CCM_CFG_LAST; k++) value[k] = settings[k].def;
}

int32_t ccm_config_new(const ccm_allocator *alloc, ccm_config **out) {
  ccm_mem mem;
  ccm_config *cfg;
  if (!out) return CCM_E_INVALID_ARG;
  *out = NULL;
  if (alloc && (!alloc->alloc || !alloc->realloc || !alloc->free)) return CCM_E_INVALID_ARG;
  ccm_mem_init(&mem, alloc);
  cfg = ccm_alloc(&mem, sizeof *cfg);
  if (!cfg) return CCM_E_NOMEM;
  cfg->mem = mem;
  ccm_config_defaults(cfg->value);
  ccm_clock_utc(&cfg->clock);
  cfg->has_calendar = false;
  memset(&cfg->cal, 0, sizeof cfg->cal);
  *out = cfg;
  return CCM_OK;
}

void ccm_config_free(ccm_config *cfg) {
  ccm_mem mem;
  if (!cfg) return;
  mem = cfg->mem;
  if (cfg->has_calendar) ccm_calendar_release(&cfg->cal, &mem);
  ccm_free(&mem, cfg, sizeof *cfg);
}

int32_t ccm_config_set(ccm_config *cfg, int32_t key, int64_t value) {
  if (!cfg) return CCM_E_INVALID_ARG;
  if (!key_ok(key)) return CCM_E_NOT_FOUND;
  if (value < settings[key].min || value > settings[key].max) return CCM_E_RANGE;
  if (key == CCM_CFG_INTERVAL_MS && DAY % value != 0) return CCM_E_RANGE;
  cfg->value[key] = value;
  return CCM_OK;
}

int32_t ccm_config_get(const ccm_config *cfg, int32_t key, int64_t *value) {
  if (!cfg || !value) return CCM_E_INVALID_ARG;
  if (!key_ok(key)) return CCM_E_NOT_FOUND;
  *value = cfg->value[key];
  return CCM_OK;
}

int32_t ccm_config_bounds(int32_t key, int64_t *min, int64_t *max, int64_t *def) {
  if (!key_ok(key)) return CCM_E_NOT_FOUND;
  if (min) *min = settings[key].min;
  if (max) *max = settings[key].max;
  if (def) *def = settings[key].def;
  return CCM_OK;
}

const char *ccm_config_name(int32_t key) { return key_ok(key) ? settings[key].name : NULL; }

int32_t ccm_config_set_tz(ccm_config *cfg, const char *rule) {
  ccm_tz tz;
  if (!cfg) return CCM_E_INVALID_ARG;
  /* "UTC" and "GMT" name no offset in POSIX, but everyone writes them */
  if (!rule || !*rule || strcmp(rule, "UTC") == 0 || strcmp(rule, "GMT") == 0) {
    ccm_clock_utc(&cfg->clock);
    return CCM_OK;
  }
  if (ccm_tz_parse(rule, strlen(rule), &tz) != CCM_OK) return CCM_E_PARSE;
  ccm_clock_utc(&cfg->clock);
  cfg->clock.tz = tz;
  return CCM_OK;
}

int32_t ccm_config_set_utc_offset_fn(ccm_config *cfg, ccm_utc_offset_fn fn, void *user) {
  if (!cfg) return CCM_E_INVALID_ARG;
  ccm_clock_utc(&cfg->clock);
  cfg->clock.fn = fn;
  cfg->clock.user = fn ? user : NULL;
  return CCM_OK;
}

int32_t ccm_config_set_calendar(ccm_config *cfg, const ccm_calendar *cal) {
  ccm_calendar copy;
  if (!cfg) return CCM_E_INVALID_ARG;
  if (cal && ccm_calendar_copy(cal, &cfg->mem, &copy) != CCM_OK) return CCM_E_NOMEM;
  if (cfg->has_calendar) ccm_calendar_release(&cfg->cal, &cfg->mem);
  cfg->has_calendar = cal != NULL;
  if (cal) cfg->cal = copy;
  return CCM_OK;
}
