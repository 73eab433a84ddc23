/*
 * calendar.c - business calendars: weekly open hours in local time and
 * holidays (doc/CALENDAR.md), and the business time of a span of instants.
 *
 * Business time is counted in local time, one stretch of constant offset
 * at a time: within a stretch, instant x has local time x + o, so the
 * stretch counts exactly the naive local business time of its local range.
 * A repeated hour is thus counted twice and a skipped hour not at all.
 */
#include <string.h>

#include "clock.h"

#define MIN_MS INT64_C(60000)
#define DAY_MS INT64_C(86400000)
#define DAY_MINUTES 1440

/* ---- spans and holidays -------------------------------------------------- */

/* Add [open, close) to a day, merging spans that overlap or touch; the day
 * is unchanged when the result would hold too many spans. */
static int32_t day_add(ccm_cal_day *day, int32_t open, int32_t close) {
  ccm_cal_day out;
  uint16_t i = 0;
  memset(&out, 0, sizeof out); /* unused slots zero: days compare with memcmp */
  /* spans wholly before the new one */
  while (i < day->n && day->close[i] < open) {
    out.open[out.n] = day->open[i];
    out.close[out.n++] = day->close[i++];
  }
  /* spans overlapping or touching it join it */
  while (i < day->n && day->open[i] <= close) {
    if (day->open[i] < open) open = day->open[i];
    if (day->close[i] > close) close = day->close[i];
    i++;
  }
  if (out.n + 1 + (day->n - i) > CCM_CAL_SPANS) return CCM_E_LIMIT;
  out.open[out.n] = (uint16_t)open;
  out.close[out.n++] = (uint16_t)close;
  while (i < day->n) {
    out.open[out.n] = day->open[i];
    out.close[out.n++] = day->close[i++];
  }
  *day = out;
  return CCM_OK;
}

/* The first index of a sorted array whose value is >= key. */
static uint32_t lower_bound(const int64_t *a, uint32_t n, int64_t key) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (a[mid] < key)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Room for `more` holidays. */
static int32_t holidays_reserve(ccm_calendar *cal, ccm_mem *m, uint32_t more) {
  uint32_t cap;
  int64_t *h;
  if (more > UINT32_MAX - cal->nholidays) return CCM_E_LIMIT;
  if (cal->nholidays + more <= cal->holidays_cap) return CCM_OK;
  cap = cal->holidays_cap ? cal->holidays_cap : 8;
  while (cap < cal->nholidays + more) cap = cap > UINT32_MAX / 2 ? UINT32_MAX : cap * 2;
  h = ccm_realloc_array(m, cal->holiday, cal->holidays_cap, cap, sizeof *h);
  if (!h) return CCM_E_NOMEM;
  cal->holiday = h;
  cal->holidays_cap = cap;
  return CCM_OK;
}

/* Insert a day (room reserved); a repeat is a no-op. */
static void holiday_insert(ccm_calendar *cal, int64_t day) {
  uint32_t i = lower_bound(cal->holiday, cal->nholidays, day);
  if (i < cal->nholidays && cal->holiday[i] == day) return;
  memmove(cal->holiday + i + 1, cal->holiday + i, (cal->nholidays - i) * sizeof *cal->holiday);
  cal->holiday[i] = day;
  cal->nholidays++;
}

static bool date_ok(int32_t y, int32_t m, int32_t d) {
  int64_t yy;
  int32_t mm, dd;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  /* a day past the month's end comes back as another date */
  ccm_civil_from_days(ccm_days_from_civil(y, m, d), &yy, &mm, &dd);
  return mm == m && dd == d;
}

static bool hours_ok(int32_t open, int32_t close) {
  return open >= 0 && open < DAY_MINUTES && close > open && close <= DAY_MINUTES;
}

/* ---- public API ---------------------------------------------------------- */

int32_t ccm_calendar_new(const ccm_allocator *alloc, ccm_calendar **out) {
  ccm_mem mem;
  ccm_calendar *cal;
  if (!out) return CCM_E_INVALID_ARG;
  *out = NULL;
  if (alloc && (!alloc->alloc || !alloc->realloc || !alloc->free)) return CCM_E_INVALID_ARG;
  ccm_mem_init(&mem, alloc);
  cal = ccm_zalloc(&mem, sizeof *cal);
  if (!cal) return CCM_E_NOMEM;
  cal->mem = mem;
  cal->holiday = NULL;
  *out = cal;
  return CCM_OK;
}

void ccm_calendar_free(ccm_calendar *cal) {
  ccm_mem mem;
  if (!cal) return;
  mem = cal->mem;
  ccm_free(&mem, cal->holiday, (size_t)cal->holidays_cap * sizeof *cal->holiday);
  ccm_free(&mem, cal, sizeof *cal);
}

int32_t ccm_calendar_add_hours(ccm_calendar *cal, int32_t dow, int32_t open_minute, int32_t close_minute) {
  if (!cal) return CCM_E_INVALID_ARG;
  if (dow < 0 || dow > 6 || !hours_ok(open_minute, close_minute)) return CCM_E_RANGE;
  return day_add(&cal->day[dow], open_minute, close_minute);
}

int32_t ccm_calendar_add_holiday(ccm_calendar *cal, int32_t year, int32_t month, int32_t day) {
  int32_t rc;
  if (!cal) return CCM_E_INVALID_ARG;
  if (!date_ok(year, month, day)) return CCM_E_RANGE;
  rc = holidays_reserve(cal, &cal->mem, 1);
  if (rc != CCM_OK) return rc;
  holiday_insert(cal, ccm_days_from_civil(year, month, day));
  return CCM_OK;
}

/* ---- the text format ----------------------------------------------------- */

typedef struct cursor {
  const char *p, *end;
} cursor;

static bool is_blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f'; }

static void skip_blanks(cursor *c) {
  while (c->p < c->end && is_blank(*c->p)) c->p++;
}

/* At the end of an entry: end of line, end of text or a comment. */
static bool at_entry_end(const cursor *c) { return c->p == c->end || *c->p == '\n' || *c->p == '#'; }

static bool digits(cursor *c, int min_digits, int max_digits, int32_t *out) {
  int32_t v = 0;
  int n = 0;
  while (n < max_digits && c->p < c->end && *c->p >= '0' && *c->p <= '9') {
    v = v * 10 + (*c->p++ - '0');
    n++;
  }
  *out = v;
  return n >= min_digits && !(c->p < c->end && *c->p >= '0' && *c->p <= '9');
}

static bool expect(cursor *c, char ch) {
  if (c->p < c->end && *c->p == ch) {
    c->p++;
    return true;
  }
  return false;
}

/* A word of letters, lower-cased into buf (false if longer than cap - 1). */
static bool word(cursor *c, char *buf, size_t cap) {
  size_t n = 0;
  while (c->p < c->end && ((*c->p >= 'a' && *c->p <= 'z') || (*c->p >= 'A' && *c->p <= 'Z'))) {
    if (n + 1 >= cap) return false;
    buf[n++] = (char)(*c->p >= 'A' && *c->p <= 'Z' ? *c->p - 'A' + 'a' : *c->p);
    c->p++;
  }
  buf[n] = '\0';
  return n > 0;
}

/* hh:mm as minutes after midnight (hh 0 .. 24, but syntax only here). */
static int32_t clock_time(cursor *c, int32_t *minutes) {
  int32_t h, m;
  if (!digits(c, 1, 2, &h) || !expect(c, ':') || !digits(c, 2, 2, &m)) return CCM_E_PARSE;
  if (h > 24 || m > 59) return CCM_E_RANGE;
  *minutes = h * 60 + m;
  return CCM_OK;
}

/* YYYY-MM-DD as a day number. */
static int32_t iso_date(cursor *c, int64_t *day) {
  int32_t y, m, d;
  if (!digits(c, 4, 4, &y) || !expect(c, '-') || !digits(c, 2, 2, &m) || !expect(c, '-') || !digits(c, 2, 2, &d))
    return CCM_E_PARSE;
  if (!date_ok(y, m, d)) return CCM_E_RANGE;
  *day = ccm_days_from_civil(y, m, d);
  return CCM_OK;
}

/* What a text adds: the week's spans (with the calendar's own) and the new
 * holidays, committed only when the whole text is good. */
typedef struct pending {
  ccm_cal_day day[7];
  int64_t *holiday;
  uint32_t n, cap;
} pending;

static int32_t pending_holiday(pending *pd, ccm_mem *m, int64_t day) {
  if (pd->n == pd->cap) {
    uint32_t cap = pd->cap ? pd->cap * 2 : 8;
    int64_t *h;
    if (pd->cap > UINT32_MAX / 4) return CCM_E_LIMIT;
    h = ccm_realloc_array(m, pd->holiday, pd->cap, cap, sizeof *h);
    if (!h) return CCM_E_NOMEM;
    pd->holiday = h;
    pd->cap = cap;
  }
  pd->holiday[pd->n++] = day;
  return CCM_OK;
}

/* One entry (the cursor is past leading blanks, on a word). */
static int32_t entry(cursor *c, pending *pd, ccm_mem *m) {
  static const char *const days[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  char name[8];
  int32_t dow, rc, items = 0;
  if (!word(c, name, sizeof name)) return CCM_E_PARSE;
  if (!at_entry_end(c) && !is_blank(*c->p)) return CCM_E_PARSE; /* mon09:00 */
  if (strcmp(name, "holiday") == 0) {
    for (;;) {
      int64_t day;
      skip_blanks(c);
      if (at_entry_end(c)) break;
      if ((rc = iso_date(c, &day)) != CCM_OK) return rc;
      if ((rc = pending_holiday(pd, m, day)) != CCM_OK) return rc;
      items++;
    }
    return items ? CCM_OK : CCM_E_PARSE;
  }
  for (dow = 0; dow < 7 && strcmp(name, days[dow]) != 0; dow++) {
  }
  if (dow == 7) return CCM_E_PARSE;
  for (;;) {
    int32_t open, close;
    skip_blanks(c);
    if (at_entry_end(c)) break;
    if ((rc = clock_time(c, &open)) != CCM_OK) return rc;
    skip_blanks(c);
    if (!expect(c, '-')) return CCM_E_PARSE;
    skip_blanks(c);
    if ((rc = clock_time(c, &close)) != CCM_OK) return rc;
    if (!hours_ok(open, close)) return CCM_E_RANGE;
    if ((rc = day_add(&pd->day[dow], open, close)) != CCM_OK) return rc;
    items++;
  }
  return items ? CCM_OK : CCM_E_PARSE;
}

int32_t ccm_calendar_parse(ccm_calendar *cal, const char *text, size_t len, size_t *error_line) {
  pending pd;
  cursor c;
  size_t line = 1;
  int32_t rc = CCM_OK;
  uint32_t i;
  if (error_line) *error_line = 0;
  if (!cal || (!text && len)) return CCM_E_INVALID_ARG;
  memcpy(pd.day, cal->day, sizeof pd.day);
  pd.holiday = NULL;
  pd.n = pd.cap = 0;
  c.p = text;
  c.end = text ? text + len : text;
  while (c.p < c.end) {
    skip_blanks(&c);
    if (!at_entry_end(&c)) rc = entry(&c, &pd, &cal->mem);
    if (rc != CCM_OK) break;
    skip_blanks(&c);
    if (c.p < c.end && *c.p == '#')
      while (c.p < c.end && *c.p != '\n') c.p++;
    if (c.p < c.end && *c.p != '\n') {
      rc = CCM_E_PARSE; /* junk after the entry */
      break;
    }
    if (c.p < c.end) {
      c.p++;
      line++;
    }
  }
  if (rc == CCM_OK) rc = holidays_reserve(cal, &cal->mem, pd.n);
  if (rc == CCM_OK) {
    for (i = 0; i < pd.n; i++) holiday_insert(cal, pd.holiday[i]);
    memcpy(cal->day, pd.day, sizeof cal->day);
  } else if (error_line && rc != CCM_E_NOMEM) {
    *error_line = line;
  }
  ccm_free(&cal->mem, pd.holiday, (size_t)pd.cap * sizeof *pd.holiday);
  return rc;
}

/* ---- engine side ---------------------------------------------------------- */

int32_t ccm_calendar_copy(const ccm_calendar *src, ccm_mem *m, ccm_calendar *dst) {
  memset(dst, 0, sizeof *dst);
  dst->holiday = NULL;
  ccm_mem_init(&dst->mem, &m->hooks);
  if (src->nholidays) {
    dst->holiday = ccm_realloc_array(m, NULL, 0, src->nholidays, sizeof *dst->holiday);
    if (!dst->holiday) return CCM_E_NOMEM;
    memcpy(dst->holiday, src->holiday, (size_t)src->nholidays * sizeof *dst->holiday);
  }
  memcpy(dst->day, src->day, sizeof dst->day);
  dst->nholidays = dst->holidays_cap = src->nholidays;
  return CCM_OK;
}

void ccm_calendar_release(ccm_calendar *cal, ccm_mem *m) {
  ccm_free(m, cal->holiday, (size_t)cal->holidays_cap * sizeof *cal->holiday);
  memset(cal->day, 0, sizeof cal->day);
  cal->holiday = NULL;
  cal->nholidays = cal->holidays_cap = 0;
}

bool ccm_calendar_is_holiday(const ccm_calendar *cal, int64_t day) {
  uint32_t i = lower_bound(cal->holiday, cal->nholidays, day);
  return i < cal->nholidays && cal->holiday[i] == day;
}

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) q--;
  return q;
}

/* Business time of the local range [a, b) with no offset change: day by
 * day, each open span clipped to the range. */
static int64_t local_business_ms(const ccm_calendar *cal, int64_t a, int64_t b) {
  int64_t first = floor_div(a, DAY_MS), last = floor_div(b - 1, DAY_MS), d, sum = 0;
  uint32_t h = lower_bound(cal->holiday, cal->nholidays, first);
  for (d = first; d <= last; d++) {
    const ccm_cal_day *day = &cal->day[ccm_weekday(d)];
    int64_t midnight = d * DAY_MS;
    uint16_t i;
    while (h < cal->nholidays && cal->holiday[h] < d) h++;
    if (h < cal->nholidays && cal->holiday[h] == d) continue;
    for (i = 0; i < day->n; i++) {
      int64_t s = midnight + day->open[i] * MIN_MS, e = midnight + day->close[i] * MIN_MS;
      if (s < a) s = a;
      if (e > b) e = b;
      if (e > s) sum += e - s;
    }
  }
  return sum;
}

int64_t ccm_calendar_business_ms(const ccm_calendar *cal, const ccm_clock *clk, int64_t from, int64_t to) {
  int64_t sum = 0, s = from;
  while (s < to) {
    int64_t from_unused, e, o = ccm_clock_offset(clk, s);
    ccm_clock_stretch(clk, s, s, to, &from_unused, &e);
    sum += local_business_ms(cal, s + o, e + o);
    s = e;
  }
  return sum;
}
