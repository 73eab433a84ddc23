/* timegrain.c: the time bucket of a timestamp in each grain (UTC). */
#include "ccmetrics_int.h"

#define HOUR_MS 3600000LL
#define DAY_MS 86400000LL

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

int64_t ccm_bucket_of(int32_t grain, int64_t interval_ms, int64_t ts) {
  switch (grain) {
    case CCM_GRAIN_INTERVAL:
      return floor_div(ts, interval_ms) * interval_ms;
    case CCM_GRAIN_HOUR:
      return floor_div(ts, HOUR_MS) - floor_div(ts, DAY_MS) * 24;
    case CCM_GRAIN_DOW: {
      /* 1970-01-01 was a Thursday: Monday = 0 makes it 3. */
      int64_t d = floor_div(ts, DAY_MS) + 3;
      return d - floor_div(d, 7) * 7;
    }
    case CCM_GRAIN_DATE:
      return floor_div(ts, DAY_MS) * DAY_MS;
    default:
      return 0;
  }
}

int64_t ccm_bucket_end(int32_t grain, int64_t interval_ms, int64_t ts) {
  int64_t width;
  switch (grain) {
    case CCM_GRAIN_INTERVAL: width = interval_ms; break;
    case CCM_GRAIN_HOUR: width = HOUR_MS; break;
    case CCM_GRAIN_DOW:
    case CCM_GRAIN_DATE: width = DAY_MS; break;
    default: return INT64_MAX;
  }
  return (floor_div(ts, width) + 1) * width;
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
