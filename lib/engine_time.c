/* engine_time.c: the engine's local time and business time, for hosts. */
#include "ccmetrics_int.h"

int32_t ccm_engine_local_time(const ccm_engine *e, int64_t utc_ms, int64_t *local_ms) {
  if (!e || !local_ms) return CCM_E_INVALID_ARG;
  *local_ms = e->clock_fixed ? utc_ms + e->fixed_offset : ccm_clock_local(&e->clock, utc_ms);
  return CCM_OK;
}

int32_t ccm_engine_business_time(const ccm_engine *e, int64_t from, int64_t to, int64_t *ms) {
  if (!e || !ms) return CCM_E_INVALID_ARG;
  *ms = 0;
  if (!e->has_calendar) return CCM_UNDEFINED;
  *ms = ccm_calendar_business_ms(&e->cal, &e->clock, from, to);
  return CCM_OK;
}
