/* timegrain.c: the time bucket of a timestamp in each grain (UTC). */
#include "ccmetrics_int.h"

#define HOUR_MS 3600000LL
#define DAY_MS 86400000LL

int64_t ccm_floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

int64_t ccm_bucket_of(int32_t grain, int64_t interval_ms, int64_t ts) {
  switch (grain) {
    case CCM_GRAIN_INTERVAL:
      return ccm_floor_div(ts, interval_ms) * interval_ms;
    case CCM_GRAIN_HOUR:
      return ccm_floor_div(ts, HOUR_MS) - ccm_floor_div(ts, DAY_MS) * 24;
    case CCM_GRAIN_DOW: {
      /* 1970-01-01 was a Thursday: Monday = 0 makes it 3. */
      int64_t d = ccm_floor_div(ts, DAY_MS) + 3;
      return d - ccm_floor_div(d, 7) * 7;
    }
    case CCM_GRAIN_DATE:
      return ccm_floor_div(ts, DAY_MS) * DAY_MS;
    default:
      return 0;
  }
}

int64_t ccm_grain_width(int32_t grain, int64_t interval_ms) {
  switch (grain) {
    case CCM_GRAIN_INTERVAL: return interval_ms;
    case CCM_GRAIN_HOUR: return HOUR_MS;
    case CCM_GRAIN_DOW:
    case CCM_GRAIN_DATE: return DAY_MS;
    default: return 0;
  }
}

int64_t ccm_bucket_end(int32_t grain, int64_t interval_ms, int64_t ts) {
  int64_t width = ccm_grain_width(grain, interval_ms);
  return width ? (ccm_floor_div(ts, width) + 1) * width : INT64_MAX;
}

void ccm_buckets_of(const int64_t *grains_used, int64_t interval_ms, int64_t ts, int64_t *bucket) {
  int32_t g;
  for (g = 0; g < CCM_GRAINS; g++) bucket[g] = grains_used[g] ? ccm_bucket_of(g, interval_ms, ts) : 0;
}

int32_t ccm_view_bucket(const ccm_view *v, int64_t ts, int64_t *bucket) {
  if (!v || !bucket) return CCM_E_INVALID_ARG;
  *bucket = ccm_bucket_of(v->grain, v->engine->cfg[CCM_CFG_INTERVAL_MS], ts);
  return CCM_OK;
}
