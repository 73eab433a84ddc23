/*
 * report_opts.c - command-line options of ccm-report.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * A small hand-written parser (no getopt_long, for portability): every long
 * option takes its argument either as the next word or after '='.
 */
#include "report_opts.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG "ccm-report"

static const char USAGE[] =
    "Usage: ccm-report [options] FILE.csv|-\n"
    "Read canonical contact-center events (CSV) and print metrics.\n"
    "\n"
    "  --by LIST             dimensions and at most one time key, comma-separated:\n"
    "                        agent team skill campaign channel direction\n"
    "                        contact_type disposition tag reason\n"
    "                        | interval hour dow date week month\n"
    "                        (none: one company-wide row)\n"
    "  --metrics LIST|all    metric names (default all computed metrics)\n"
    "  --format table|csv|json   output format (default table)\n"
    "  --interval MIN        interval width in minutes (default 15)\n"
    "  --tz RULE             time zone of every time key, a POSIX TZ rule such as\n"
    "                        EST5EDT,M3.2.0,M11.1.0 (default UTC0)\n"
    "  --calendar FILE       business hours (doc/CALENDAR.md): adds the *_bh metrics\n"
    "  --sl-threshold SEC    service-level threshold (default 20)\n"
    "  --short-abandon SEC   short-abandon threshold (default 5)\n"
    "  --ring-cycle SEC      ring cycle (default 6)\n"
    "  --frt-target SEC      first-response target (default 3600)\n"
    "  --resolution-target SEC   resolution target (default 86400)\n"
    "  --repeat-window DAYS  repeat window (default 7)\n"
    "  --retention DAYS      how long ended contacts stay known (default 7)\n"
    "  --grace SEC           release delay of contacts that are over (default 300)\n"
    "  --idle-timeout SEC    idle open contacts expire (default 86400; 0 = never)\n"
    "  --csat-satisfied N    CSAT answers >= N are satisfied (default 4)\n"
    "  --ces-easy N          CES answers >= N are easy (default 5)\n"
    "  --max-contacts N      open plus retained contacts allowed (0 = unlimited)\n"
    "  --customers-base N    active customers before the first event (default 0)\n"
    "  --dedup-window SEC    event ids are remembered this long (default 86400; 0 = off)\n"
    "  --dedup-max N         at most N event ids are remembered (default 1048576)\n"
    "  --lateness SEC        a contact's events up to SEC late are put back in order\n"
    "                        (default 0: rejected)\n"
    "  --as-of TIME          the time gauges and running agent states are read at:\n"
    "                        ms since the epoch or UTC YYYY-MM-DDTHH:MM[:SS]\n"
    "                        (default: the latest accepted event's time)\n"
    "  --strict              stop at the first rejected line, exit status 1\n"
    "  --percentiles         add p50, p90, p95 and p99 columns after each timer metric\n"
    "  --staffing            print the Erlang staffing report per row instead\n"
    "  --target-sl PCT       --staffing: service-level goal at --sl-threshold (default 80)\n"
    "  --patience SEC        --staffing: mean patience, for Erlang A (default: Erlang C)\n"
    "  --threads N           ingest with N engines on N threads (1 to 64, default 1),\n"
    "                        events routed by contact, merged before printing\n"
    "  --load FILE           start from a state saved by --save (same options and\n"
    "                        --by) instead of an empty engine\n"
    "  --save FILE           write the state once the input is read: --load FILE on\n"
    "                        the rest of the stream prints what one run would\n"
    "  --list-metrics        print the metric catalog as CSV and exit\n"
    "  --help                print this help and exit\n"
    "  --version             print the library version and exit\n"
    "\n"
    "Exit status: 0 when the input was read (even with rejected lines),\n"
    "1 with --strict and a rejected line, 2 for usage or I/O errors.\n";

/* Days from 1970-01-01 to a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  int64_t era, yoe, doy, doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* Fixed-width decimal field of s at [at, at + n). */
static int digits(const char *s, size_t at, size_t n, int64_t *v) {
  size_t i;
  *v = 0;
  for (i = at; i < at + n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    *v = *v * 10 + (s[i] - '0');
  }
  return 0;
}

/* --as-of: [-]milliseconds, or UTC YYYY-MM-DDTHH:MM[:SS]. */
static int parse_time(const char *s, int64_t *out) {
  size_t len = strlen(s), i = s[0] == '-';
  int64_t y, mo, d, h, mi, sec = 0;
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (len > i && len - i <= 15 && strspn(s + i, "0123456789") == len - i) {
    *out = strtoll(s, NULL, 10);
    return 0;
  }
  if (len != 16 && len != 19) return -1;
  if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || (len == 19 && s[16] != ':')) return -1;
  if (digits(s, 0, 4, &y) || digits(s, 5, 2, &mo) || digits(s, 8, 2, &d) || digits(s, 11, 2, &h) ||
      digits(s, 14, 2, &mi) || (len == 19 && digits(s, 17, 2, &sec)))
    return -1;
  if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || sec > 59) return -1;
  if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return -1;
  *out = ((days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60000 + sec * 1000;
  return 0;
}

/* Dimension names of --by. */
static const struct {
  const char *name;
  int32_t dim;
} DIMS[] = {
    {"agent", CCM_DIM_AGENT},
    {"team", CCM_DIM_TEAM},
    {"skill", CCM_DIM_SKILL},
    {"campaign", CCM_DIM_CAMPAIGN},
    {"channel", CCM_DIM_CHANNEL},
    {"direction", CCM_DIM_DIRECTION},
    {"contact_type", CCM_DIM_CONTACT_TYPE},
    {"disposition", CCM_DIM_DISPOSITION},
    {"tag", CCM_DIM_TAG},
    {"reason", CCM_DIM_REASON},
};

/* Time keys of --by; grain -1: named by the spec, not computed yet. */
static const struct {
  const char *name;
  int32_t grain;
} TIMES[] = {
    {"interval", CCM_GRAIN_INTERVAL},
    {"hour", CCM_GRAIN_HOUR},
    {"dow", CCM_GRAIN_DOW},
    {"date", CCM_GRAIN_DATE},
    {"week", CCM_GRAIN_WEEK},
    {"month", CCM_GRAIN_MONTH},
};

/* One option per configuration value. */
static const struct {
  const char *option;
  int32_t key;
  int64_t factor; /* library units per command-line unit */
  const char *unit;
} CFGS[] = {
    {"--interval", CCM_CFG_INTERVAL_MS, 60000, "minutes"},
    {"--sl-threshold", CCM_CFG_SL_THRESHOLD_MS, 1000, "seconds"},
    {"--short-abandon", CCM_CFG_SHORT_ABANDON_MS, 1000, "seconds"},
    {"--ring-cycle", CCM_CFG_RING_CYCLE_MS, 1000, "seconds"},
    {"--frt-target", CCM_CFG_FRT_TARGET_MS, 1000, "seconds"},
    {"--resolution-target", CCM_CFG_RESOLUTION_TARGET_MS, 1000, "seconds"},
    {"--repeat-window", CCM_CFG_REPEAT_WINDOW_MS, 86400000, "days"},
    {"--retention", CCM_CFG_RETENTION_MS, 86400000, "days"},
    {"--grace", CCM_CFG_GRACE_MS, 1000, "seconds"},
    {"--idle-timeout", CCM_CFG_IDLE_TIMEOUT_MS, 1000, "seconds"},
    {"--csat-satisfied", CCM_CFG_CSAT_SATISFIED, 1, NULL},
    {"--ces-easy", CCM_CFG_CES_EASY, 1, NULL},
    {"--max-contacts", CCM_CFG_MAX_CONTACTS, 1, NULL},
    {"--customers-base", CCM_CFG_CUSTOMERS_BASE, 1, NULL},
    {"--dedup-window", CCM_CFG_DEDUP_WINDOW_MS, 1000, "seconds"},
    {"--dedup-max", CCM_CFG_DEDUP_MAX, 1, NULL},
    {"--lateness", CCM_CFG_LATENESS_MS, 1000, "seconds"},
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/*
 * A decimal number times a factor, exactly, rounded to the nearest integer
 * (half away from zero): "1.5" seconds with factor 1000 is 1500 ms.  Only
 * [-]digits[.digits]; fraction digits past the ninth are ignored (below a
 * microsecond for every factor in use).  Without a unit (factor 1) no
 * fraction is allowed.  Returns 0, or -1 for bad text or overflow.
 */
static int parse_scaled(const char *s, int64_t factor, int64_t *out) {
  int neg = 0;
  int64_t ip = 0, fnum = 0, fden = 1, v;
  int digits = 0, fdigits = 0;
  if (*s == '-' || *s == '+') neg = (*s++ == '-');
  for (; *s >= '0' && *s <= '9'; s++, digits++) {
    if (ip > (INT64_MAX - 9) / 10) return -1;
    ip = ip * 10 + (*s - '0');
  }
  if (*s == '.') {
    if (factor == 1) return -1;
    for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
      if (fdigits < 9) {
        fnum = fnum * 10 + (*s - '0');
        fden *= 10;
        fdigits++;
      }
    }
  }
  if (*s != '\0' || digits == 0) return -1;
  if (ip > INT64_MAX / factor) return -1;
  v = ip * factor;
  /* fnum < 1e9 and factor <= 8.64e7: the product fits in 64 bits. */
  v += (fnum * factor + fden / 2) / fden;
  if (v < 0) return -1;
  *out = neg ? -v : v;
  return 0;
}

static int usage_error(const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, PROG ": ");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry 'ccm-report --help' for more information.\n");
  return REPORT_OPTS_USAGE;
}

static int not_supported(const char *what) {
  fprintf(stderr, PROG ": %s: not supported yet\n", what);
  return REPORT_OPTS_USAGE;
}

static const char *unit_name(int32_t unit) {
  switch (unit) {
    case CCM_UNIT_COUNT: return "count";
    case CCM_UNIT_MS: return "ms";
    case CCM_UNIT_PERCENT: return "percent";
    case CCM_UNIT_RATIO: return "ratio";
    case CCM_UNIT_SCORE: return "score";
    case CCM_UNIT_MONEY: return "money";
    default: return "";
  }
}

static const char *better_name(int32_t better) {
  switch (better) {
    case CCM_BETTER_UP: return "up";
    case CCM_BETTER_DOWN: return "down";
    case CCM_BETTER_NONE: return "none";
    default: return "";
  }
}

/* A CSV field with RFC 4180 quoting when needed. */
static void put_csv(const char *s) {
  if (s == NULL) s = "";
  if (strpbrk(s, ",\"\r\n") == NULL) {
    fputs(s, stdout);
    return;
  }
  putchar('"');
  for (; *s; s++) {
    if (*s == '"') putchar('"');
    putchar(*s);
  }
  putchar('"');
}

static void list_metrics(void) {
  int32_t n = ccm_metric_count(), m;
  fputs("name,unit,better,supported,formula,description\n", stdout);
  for (m = 0; m < n; m++) {
    put_csv(ccm_metric_name(m));
    printf(",%s,%s,%d,", unit_name(ccm_metric_unit(m)), better_name(ccm_metric_better(m)),
           ccm_metric_supported(m) == 1);
    put_csv(ccm_metric_formula(m));
    putchar(',');
    put_csv(ccm_metric_description(m));
    putchar('\n');
  }
}

/* --by LIST */
static int parse_by(const char *list, report_opts *o) {
  const char *p = list;
  int have_time = 0;
  if (*list == '\0') return usage_error("--by: empty list");
  for (;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    size_t i;
    int found = 0;
    char word[64];
    if (len == 0 || len >= sizeof(word)) return usage_error("--by: bad list '%s'", list);
    memcpy(word, p, len);
    word[len] = '\0';
    for (i = 0; i < COUNT_OF(DIMS) && !found; i++) {
      if (strcmp(word, DIMS[i].name) != 0) continue;
      found = 1;
      if (o->dim_mask & CCM_DIM_BIT(DIMS[i].dim)) return usage_error("--by: '%s' given twice", word);
      o->dim_mask |= CCM_DIM_BIT(DIMS[i].dim);
      o->keys[o->nkeys].kind = REPORT_KEY_DIM;
      o->keys[o->nkeys].id = DIMS[i].dim;
      o->keys[o->nkeys].name = DIMS[i].name;
      o->nkeys++;
    }
    for (i = 0; i < COUNT_OF(TIMES) && !found; i++) {
      if (strcmp(word, TIMES[i].name) != 0) continue;
      found = 1;
      if (have_time) return usage_error("--by: at most one time key (%s)", list);
      if (TIMES[i].grain < 0) {
        char what[96];
        snprintf(what, sizeof(what), "--by %s", word);
        return not_supported(what);
      }
      have_time = 1;
      o->grain = TIMES[i].grain;
      o->keys[o->nkeys].kind = REPORT_KEY_TIME;
      o->keys[o->nkeys].id = TIMES[i].grain;
      o->keys[o->nkeys].name = TIMES[i].name;
      o->nkeys++;
    }
    if (!found) return usage_error("--by: unknown key '%s'", word);
    if (comma == NULL) break;
    p = comma + 1;
  }
  return REPORT_OPTS_RUN;
}

/* --metrics LIST|all */
static int parse_metrics(const char *list, report_opts *o) {
  int32_t n = ccm_metric_count(), m;
  size_t cap = 8;
  const char *p = list;
  free(o->metrics);
  o->metrics = NULL;
  o->nmetrics = 0;
  if (strcmp(list, "all") == 0) {
    o->metrics = malloc(sizeof(int32_t) * (size_t)(n > 0 ? n : 1));
    if (o->metrics == NULL) return usage_error("out of memory");
    for (m = 0; m < n; m++) {
      if (ccm_metric_supported(m) == 1) o->metrics[o->nmetrics++] = m;
    }
    return REPORT_OPTS_RUN;
  }
  o->metrics = malloc(sizeof(int32_t) * cap);
  if (o->metrics == NULL) return usage_error("out of memory");
  for (;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    char word[128];
    if (len == 0 || len >= sizeof(word)) return usage_error("--metrics: bad list '%s'", list);
    memcpy(word, p, len);
    word[len] = '\0';
    if (ccm_metric_by_name(word, &m) != CCM_OK) return usage_error("--metrics: unknown metric '%s'", word);
    if (ccm_metric_supported(m) != 1) {
      fprintf(stderr, PROG ": metric %s is not computed by this version\n", word);
      return REPORT_OPTS_USAGE;
    }
    if (o->nmetrics == cap) {
      int32_t *nm = realloc(o->metrics, sizeof(int32_t) * cap * 2);
      if (nm == NULL) return usage_error("out of memory");
      o->metrics = nm;
      cap *= 2;
    }
    o->metrics[o->nmetrics++] = m;
    if (comma == NULL) break;
    p = comma + 1;
  }
  return REPORT_OPTS_RUN;
}

/* A plain decimal number (no unit), finite. */
static int parse_double(const char *s, double *out) {
  char *end;
  double v;
  if (*s == '\0') return -1;
  v = strtod(s, &end);
  if (*end != '\0' || !(v == v) || v > 1e300 || v < -1e300) return -1;
  *out = v;
  return 0;
}

/*
 * What --threads N (N > 1) cannot do with the same output as one engine:
 * merged engines keep only the first engine's contacts, so their state
 * cannot be saved; reordering late events depends on the latest time each
 * engine saw; a cap on contacts applies to each engine.
 */
static int check_threads(const report_opts *o) {
  size_t i;
  if (o->save) return usage_error("--save needs --threads 1 (merged engines do not keep every open contact)");
  for (i = 0; i < o->ncfg; i++) {
    if (o->cfg[i].value == 0) continue;
    if (o->cfg[i].key == CCM_CFG_LATENESS_MS || o->cfg[i].key == CCM_CFG_MAX_CONTACTS)
      return usage_error("%s needs --threads 1 (each engine would apply it on its own)", o->cfg[i].option);
  }
  return REPORT_OPTS_RUN;
}

int report_opts_parse(int argc, char **argv, report_opts *o) {
  int i, rc;
  int have_metrics = 0, only_args = 0;
  memset(o, 0, sizeof(*o));
  o->grain = CCM_GRAIN_NONE;
  o->target_sl = 80;
  o->format = REPORT_FORMAT_TABLE;
  o->threads = 1;
  for (i = 1; i < argc; i++) {
    const char *arg = argv[i];
    const char *val = NULL;
    char name[64];
    size_t c;
    int takes_value;
    if (only_args || arg[0] != '-' || strcmp(arg, "-") == 0) {
      if (o->file != NULL) return usage_error("more than one input file ('%s', '%s')", o->file, arg);
      o->file = arg;
      continue;
    }
    if (strcmp(arg, "--") == 0) {
      only_args = 1;
      continue;
    }
    /* Split --name=value. */
    {
      const char *eq = strchr(arg, '=');
      size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
      if (len >= sizeof(name)) return usage_error("unknown option '%s'", arg);
      memcpy(name, arg, len);
      name[len] = '\0';
      if (eq) val = eq + 1;
    }
    /* Options without a value. */
    takes_value = !(strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "--version") == 0 ||
                    strcmp(name, "--list-metrics") == 0 || strcmp(name, "--strict") == 0 ||
                    strcmp(name, "--percentiles") == 0 || strcmp(name, "--staffing") == 0);
    if (!takes_value) {
      if (val != NULL) return usage_error("option '%s' takes no value", name);
      if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        fputs(USAGE, stdout);
        return REPORT_OPTS_DONE;
      }
      if (strcmp(name, "--version") == 0) {
        printf("%s\n", ccm_version_string());
        return REPORT_OPTS_DONE;
      }
      if (strcmp(name, "--list-metrics") == 0) {
        list_metrics();
        return REPORT_OPTS_DONE;
      }
      if (strcmp(name, "--percentiles") == 0) {
        o->percentiles = 1;
      } else if (strcmp(name, "--staffing") == 0) {
        o->staffing = 1;
      } else {
        o->strict = 1;
      }
      continue;
    }
    if (val == NULL) {
      if (i + 1 >= argc) return usage_error("option '%s' needs a value", name);
      val = argv[++i];
    }
    if (strcmp(name, "--by") == 0) {
      o->nkeys = 0;
      o->dim_mask = 0;
      o->grain = CCM_GRAIN_NONE;
      if ((rc = parse_by(val, o)) != REPORT_OPTS_RUN) return rc;
    } else if (strcmp(name, "--metrics") == 0) {
      if ((rc = parse_metrics(val, o)) != REPORT_OPTS_RUN) return rc;
      have_metrics = 1;
    } else if (strcmp(name, "--format") == 0) {
      if (strcmp(val, "table") == 0) {
        o->format = REPORT_FORMAT_TABLE;
      } else if (strcmp(val, "csv") == 0) {
        o->format = REPORT_FORMAT_CSV;
      } else if (strcmp(val, "json") == 0) {
        o->format = REPORT_FORMAT_JSON;
      } else {
        return usage_error("--format: '%s' is not table, csv or json", val);
      }
    } else if (strcmp(name, "--as-of") == 0) {
      if (parse_time(val, &o->as_of) != 0)
        return usage_error("--as-of: '%s' is neither milliseconds nor YYYY-MM-DDTHH:MM[:SS]", val);
      o->has_as_of = 1;
    } else if (strcmp(name, "--tz") == 0) {
      o->tz = val;
    } else if (strcmp(name, "--calendar") == 0) {
      o->calendar = val;
    } else if (strcmp(name, "--target-sl") == 0) {
      if (parse_double(val, &o->target_sl) != 0 || o->target_sl <= 0 || o->target_sl >= 100)
        return usage_error("--target-sl: '%s' is not a percentage above 0 and below 100", val);
    } else if (strcmp(name, "--patience") == 0) {
      if (parse_double(val, &o->patience_s) != 0 || o->patience_s <= 0)
        return usage_error("--patience: '%s' is not a positive number of seconds", val);
    } else if (strcmp(name, "--threads") == 0) {
      int64_t n = 0;
      if (parse_scaled(val, 1, &n) != 0 || n < 1 || n > REPORT_MAX_THREADS)
        return usage_error("--threads: '%s' is not a number of threads from 1 to %d", val, REPORT_MAX_THREADS);
      o->threads = (int)n;
    } else if (strcmp(name, "--load") == 0) {
      if (*val == '\0') return usage_error("--load: empty file name");
      o->load = val;
    } else if (strcmp(name, "--save") == 0) {
      if (*val == '\0') return usage_error("--save: empty file name");
      o->save = val;
    } else {
      for (c = 0; c < COUNT_OF(CFGS); c++) {
        if (strcmp(name, CFGS[c].option) == 0) break;
      }
      if (c == COUNT_OF(CFGS)) return usage_error("unknown option '%s'", name);
      if (o->ncfg == REPORT_MAX_CFG) return usage_error("too many options");
      if (parse_scaled(val, CFGS[c].factor, &o->cfg[o->ncfg].value) != 0) {
        return usage_error(CFGS[c].unit ? "%s: '%s' is not a number" : "%s: '%s' is not an integer", name, val);
      }
      o->cfg[o->ncfg].key = CFGS[c].key;
      o->cfg[o->ncfg].option = CFGS[c].option;
      o->cfg[o->ncfg].text = val;
      o->cfg[o->ncfg].factor = CFGS[c].factor;
      o->cfg[o->ncfg].unit = CFGS[c].unit;
      o->ncfg++;
    }
  }
  if (o->file == NULL) return usage_error("no input file (use - for standard input)");
  if (o->staffing && o->percentiles) return usage_error("--staffing and --percentiles do not go together");
  if (o->staffing && o->grain != CCM_GRAIN_INTERVAL && o->grain != CCM_GRAIN_HOUR && o->grain != CCM_GRAIN_DATE)
    return usage_error("--staffing needs a time key in --by: interval, hour or date");
  if (o->threads > 1 && (rc = check_threads(o)) != REPORT_OPTS_RUN) return rc;
  if (!have_metrics && (rc = parse_metrics("all", o)) != REPORT_OPTS_RUN) return rc;
  return REPORT_OPTS_RUN;
}

void report_opts_free(report_opts *o) {
  free(o->metrics);
  o->metrics = NULL;
  o->nmetrics = 0;
}

/* A value in the option's unit: 20000 ms -> "20", 1500 ms -> "1.5". */
static void format_in_unit(char *buf, size_t size, int64_t v, int64_t factor) {
  if (factor == 1 || v % factor == 0) {
    snprintf(buf, size, "%lld", (long long)(v / factor));
  } else {
    snprintf(buf, size, "%.10g", (double)v / (double)factor);
  }
}

/* --calendar FILE into the configuration. */
static int apply_calendar(const char *path, ccm_config *cfg) {
  FILE *f = fopen(path, "rb");
  char *text = NULL;
  size_t len = 0, cap = 0, line = 0;
  ccm_calendar *cal = NULL;
  int32_t rc;
  if (!f) {
    fprintf(stderr, PROG ": --calendar %s: cannot open\n", path);
    return 2;
  }
  for (;;) {
    size_t n;
    if (len == cap) {
      char *t = realloc(text, cap ? cap * 2 : 4096);
      if (!t) break;
      text = t;
      cap = cap ? cap * 2 : 4096;
    }
    n = fread(text + len, 1, cap - len, f);
    len += n;
    if (n == 0) break;
  }
  if (ferror(f) || len == cap) {
    fclose(f);
    free(text);
    fprintf(stderr, PROG ": --calendar %s: cannot read\n", path);
    return 2;
  }
  fclose(f);
  rc = ccm_calendar_new(NULL, &cal);
  if (rc == CCM_OK) rc = ccm_calendar_parse(cal, text, len, &line);
  if (rc == CCM_OK) rc = ccm_config_set_calendar(cfg, cal);
  ccm_calendar_free(cal);
  free(text);
  if (rc != CCM_OK) {
    if (line) fprintf(stderr, PROG ": --calendar %s:%zu: %s\n", path, line, ccm_strerror(rc));
    else fprintf(stderr, PROG ": --calendar %s: %s\n", path, ccm_strerror(rc));
    return 2;
  }
  return 0;
}

int report_opts_apply(const report_opts *o, ccm_config *cfg) {
  size_t i;
  if (o->tz && ccm_config_set_tz(cfg, o->tz) != CCM_OK) {
    fprintf(stderr, PROG ": --tz: '%s' is not a POSIX TZ rule (e.g. EST5EDT,M3.2.0,M11.1.0)\n", o->tz);
    return 2;
  }
  if (o->calendar && apply_calendar(o->calendar, cfg) != 0) return 2;
  for (i = 0; i < o->ncfg; i++) {
    const report_cfg *c = &o->cfg[i];
    int32_t rc = ccm_config_set(cfg, c->key, c->value);
    if (rc == CCM_OK) continue;
    if (rc == CCM_E_RANGE) {
      int64_t lo = 0, hi = 0;
      char slo[48], shi[48];
      ccm_config_bounds(c->key, &lo, &hi, NULL);
      format_in_unit(slo, sizeof(slo), lo, c->factor);
      format_in_unit(shi, sizeof(shi), hi, c->factor);
      if (c->value >= lo && c->value <= hi) {
        /* In bounds but refused: the interval must divide a day. */
        fprintf(stderr, PROG ": %s %s: must divide a day (bounds %s to %s%s%s)\n", c->option, c->text, slo, shi,
                c->unit ? " " : "", c->unit ? c->unit : "");
      } else {
        fprintf(stderr, PROG ": %s %s: out of bounds (%s to %s%s%s)\n", c->option, c->text, slo, shi,
                c->unit ? " " : "", c->unit ? c->unit : "");
      }
    } else {
      fprintf(stderr, PROG ": %s %s: %s (%s)\n", c->option, c->text, ccm_strerror(rc), ccm_error_name(rc));
    }
    return 2;
  }
  return 0;
}
