/*
 * ccm-staff.c - staffing from rates: Erlang C, or Erlang A with --patience,
 * for one interval (CLI.md, "ccm-staff").
 *
 *   ccm-staff --rate CONTACTS_PER_HOUR --aht SEC
 *             (--target-sl PCT --sl-threshold SEC | --target-pwait P |
 *              --target-asa SEC | --agents N)
 *             [--patience SEC] [--format table|csv]
 *
 * With a target it prints the smallest number of agents that meets it and
 * that staffing's measures; with --agents N the measures of N agents.  One
 * CSV row under the header agents,pwait,service_level,asa,occupancy,
 * abandon_rate, or the same columns as an aligned table.  Bad arguments:
 * exit status 2 and a message.
 *
 * Uses only the public API of libccmetrics.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccmetrics.h"

#define PROG "ccm-staff"
#define MS_PER_SEC 1000.0
/* The limits of the library's staffing functions (ccm_erlang_c(3)). */
#define OUT_OF_RANGE \
  "the load is out of range (at most 1e9 Erlangs; with --patience at most 1e7 arrivals in one mean patience)"

/* The options; a negative value is "not given". */
typedef struct options {
  double rate, aht, patience, sl_threshold;
  double target_sl, target_pwait, target_asa;
  int64_t agents;
  int csv;
  int targets; /* how many of the four exclusive options were given */
} options;

/* The measures of one staffing, as printed: a column is empty (NAN) where it
 * does not apply. */
typedef struct result {
  int64_t agents;
  double pwait, service_level, asa_sec, occupancy, abandon_rate;
} result;

static void usage(FILE *f) {
  fputs("Usage: ccm-staff --rate CONTACTS_PER_HOUR --aht SEC\n"
        "                 (--target-sl PCT --sl-threshold SEC | --target-pwait P |\n"
        "                  --target-asa SEC | --agents N)\n"
        "                 [--patience SEC] [--format table|csv]\n"
        "Agents needed for one interval by Erlang C, or Erlang A with --patience.\n"
        "\n"
        "  --rate R             contacts arriving per hour (>= 0)\n"
        "  --aht SEC            average handle time in seconds (> 0)\n"
        "  --target-sl PCT      smallest staffing answering PCT % (0 .. 100) of the\n"
        "                       contacts within --sl-threshold\n"
        "  --sl-threshold SEC   service-level threshold in seconds (also reports the\n"
        "                       service level with the other options)\n"
        "  --target-pwait P     smallest staffing whose probability of waiting is at\n"
        "                       most P (0 .. 1)\n"
        "  --target-asa SEC     smallest staffing whose average speed of answer is at\n"
        "                       most SEC seconds\n"
        "  --agents N           the measures of N agents\n"
        "  --patience SEC       mean patience in seconds: Erlang A (callers abandon)\n"
        "  --format table|csv   output format (default table)\n"
        "  --help               this help\n"
        "  --version            print the library version\n"
        "\n"
        "Columns: agents, pwait (0 .. 1), service_level (%), asa (s), occupancy (%),\n"
        "abandon_rate (%, Erlang A only); empty where not applicable.\n",
        f);
}

static int bad_usage(const char *opt, const char *why) {
  fprintf(stderr, PROG ": %s: %s\nTry '" PROG " --help'.\n", opt, why);
  return 2;
}

/* A finite decimal number, the whole string. */
static int parse_number(const char *s, double *out) {
  char *end;
  double v;
  if (!*s) return -1;
  errno = 0;
  v = strtod(s, &end);
  if (*end || errno == ERANGE || !isfinite(v)) return -1;
  *out = v;
  return 0;
}

/* A non-negative decimal integer. */
static int parse_count(const char *s, int64_t *out) {
  int64_t v = 0;
  if (!*s) return -1;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return -1;
    if (v > (INT64_MAX - (*s - '0')) / 10) return -1;
    v = v * 10 + (*s - '0');
  }
  *out = v;
  return 0;
}

/* Parse argv into o; returns -1 to go on, else an exit status. */
static int parse_options(int argc, char **argv, options *o) {
  static const char *const names[] = {"--rate",         "--aht",        "--patience",   "--sl-threshold",
                                      "--target-sl",    "--target-pwait", "--target-asa", "--agents",
                                      "--format"};
  int seen[sizeof names / sizeof *names] = {0};
  o->rate = o->aht = o->patience = o->sl_threshold = -1.0;
  o->target_sl = o->target_pwait = o->target_asa = -1.0;
  o->agents = -1;
  o->csv = 0;
  o->targets = 0;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i], *val, *eq;
    char name[32];
    size_t len, k;
    double v;
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
      usage(stdout);
      return 0;
    }
    if (strcmp(arg, "--version") == 0) {
      printf(PROG " (ccmetrics) %s\n", ccm_version_string());
      return 0;
    }
    eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
    len = eq ? (size_t)(eq - arg) : strlen(arg);
    if (len >= sizeof name) return bad_usage(arg, "unknown option");
    memcpy(name, arg, len);
    name[len] = '\0';
    for (k = 0; k < sizeof names / sizeof *names; k++)
      if (strcmp(name, names[k]) == 0) break;
    if (k == sizeof names / sizeof *names) return bad_usage(arg, "unknown option");
    if (seen[k]++) return bad_usage(name, "given twice");
    if (eq) {
      val = eq + 1;
    } else {
      if (i + 1 >= argc) return bad_usage(name, "needs a value");
      val = argv[++i];
    }
    if (strcmp(name, "--format") == 0) {
      if (strcmp(val, "csv") == 0)
        o->csv = 1;
      else if (strcmp(val, "table") != 0)
        return bad_usage(name, "must be table or csv");
      continue;
    }
    if (strcmp(name, "--agents") == 0) {
      if (parse_count(val, &o->agents)) return bad_usage(name, "must be a whole number >= 0");
      o->targets++;
      continue;
    }
    if (parse_number(val, &v)) return bad_usage(name, "must be a number");
    if (strcmp(name, "--rate") == 0) {
      if (v < 0) return bad_usage(name, "must be >= 0");
      o->rate = v;
    } else if (strcmp(name, "--aht") == 0) {
      if (v <= 0) return bad_usage(name, "must be > 0");
      o->aht = v;
    } else if (strcmp(name, "--patience") == 0) {
      if (v <= 0) return bad_usage(name, "must be > 0");
      o->patience = v;
    } else if (strcmp(name, "--sl-threshold") == 0) {
      if (v < 0) return bad_usage(name, "must be >= 0");
      o->sl_threshold = v;
    } else if (strcmp(name, "--target-sl") == 0) {
      if (v < 0 || v > 100) return bad_usage(name, "must be 0 .. 100");
      o->target_sl = v;
      o->targets++;
    } else if (strcmp(name, "--target-pwait") == 0) {
      if (v < 0 || v > 1) return bad_usage(name, "must be 0 .. 1");
      o->target_pwait = v;
      o->targets++;
    } else {
      if (v < 0) return bad_usage(name, "must be >= 0");
      o->target_asa = v;
      o->targets++;
    }
  }
  if (o->rate < 0) return bad_usage("--rate", "is required");
  if (o->aht < 0) return bad_usage("--aht", "is required");
  if (o->targets != 1) {
    fprintf(stderr, PROG ": give exactly one of --target-sl, --target-pwait, --target-asa or --agents\n"
                         "Try '" PROG " --help'.\n");
    return 2;
  }
  if (o->target_sl >= 0 && o->sl_threshold < 0) return bad_usage("--target-sl", "needs --sl-threshold");
  return -1;
}

/* The smallest number of agents for the target; -1 with a message (exit 2). */
static int64_t agents_for(const options *o) {
  double patience_ms = o->patience > 0 ? o->patience * MS_PER_SEC : 0.0;
  double threshold_ms = o->sl_threshold > 0 ? o->sl_threshold * MS_PER_SEC : 0.0;
  int32_t target;
  double goal;
  const char *opt;
  int64_t n;
  if (o->target_sl >= 0) {
    target = CCM_TARGET_SERVICE_LEVEL;
    goal = o->target_sl;
    opt = "--target-sl";
  } else if (o->target_pwait >= 0) {
    target = CCM_TARGET_PWAIT;
    goal = o->target_pwait;
    opt = "--target-pwait";
  } else {
    target = CCM_TARGET_ASA;
    goal = o->target_asa * MS_PER_SEC;
    opt = "--target-asa";
  }
  if (ccm_erlang_agents(o->rate, o->aht * MS_PER_SEC, patience_ms, threshold_ms, target, goal, &n) == CCM_OK)
    return n;
  if (o->rate > 0 && ((target == CCM_TARGET_SERVICE_LEVEL && goal >= 100.0) || goal == 0.0))
    bad_usage(opt, "no number of agents reaches this goal with a load");
  else
    bad_usage("--rate", OUT_OF_RANGE);
  return -1;
}

/* The measures of o's model with n agents; -1 with a message (exit 2). */
static int measure(const options *o, int64_t n, result *r) {
  double aht_ms = o->aht * MS_PER_SEC, threshold_ms = o->sl_threshold > 0 ? o->sl_threshold * MS_PER_SEC : 0.0;
  double pwait, sl, asa_ms, occ, ab = NAN;
  int32_t rc;
  if (o->patience > 0)
    rc = ccm_erlang_a(o->rate, aht_ms, o->patience * MS_PER_SEC, n, threshold_ms, &pwait, &sl, &asa_ms, &occ, &ab);
  else
    rc = ccm_erlang_c(o->rate, aht_ms, n, threshold_ms, &pwait, &sl, &asa_ms, &occ);
  if (rc < 0) {
    bad_usage("--rate", OUT_OF_RANGE);
    return -1;
  }
  r->agents = n;
  r->pwait = pwait;
  r->service_level = o->sl_threshold >= 0 ? sl : NAN;
  r->asa_sec = asa_ms / MS_PER_SEC;
  r->occupancy = occ;
  r->abandon_rate = ab;
  if (rc == CCM_UNDEFINED) {
    /* Erlang C at or over capacity: no steady state, no waiting time */
    r->asa_sec = NAN;
    r->occupancy = NAN;
    fprintf(stderr, PROG ": a load of %.3f Erlangs is at or over %lld agents: the queue grows without end\n",
            o->rate * aht_ms / 3600000.0, (long long)n);
  } else if (o->patience > 0 && n == 0 && o->rate > 0) {
    r->asa_sec = NAN; /* nobody is answered */
  }
  return 0;
}

#define NCOLS 6

/* The row's cells as text ("" where not applicable). */
static void format_cells(const result *r, char cells[NCOLS][32]) {
  const double values[NCOLS - 1] = {r->pwait, r->service_level, r->asa_sec, r->occupancy, r->abandon_rate};
  snprintf(cells[0], 32, "%lld", (long long)r->agents);
  for (int c = 1; c < NCOLS; c++) {
    double v = values[c - 1];
    if (isnan(v))
      cells[c][0] = '\0';
    else
      snprintf(cells[c], 32, c == 1 ? "%.4f" : "%.3f", v);
  }
}

static void print_result(const result *r, int csv) {
  static const char *const header[NCOLS] = {"agents",    "pwait",       "service_level", "asa",
                                            "occupancy", "abandon_rate"};
  char cells[NCOLS][32];
  format_cells(r, cells);
  if (csv) {
    for (int c = 0; c < NCOLS; c++) printf("%s%s", c ? "," : "", header[c]);
    putchar('\n');
    for (int c = 0; c < NCOLS; c++) printf("%s%s", c ? "," : "", cells[c]);
    putchar('\n');
    return;
  }
  /* table: the header over right-aligned values, "-" where not applicable */
  for (int c = 0; c < NCOLS; c++) {
    if (!cells[c][0]) strcpy(cells[c], "-");
  }
  for (int row = 0; row < 2; row++) {
    for (int c = 0; c < NCOLS; c++) {
      int w = (int)(strlen(header[c]) > strlen(cells[c]) ? strlen(header[c]) : strlen(cells[c]));
      printf("%s%*s", c ? "  " : "", w, row ? cells[c] : header[c]);
    }
    putchar('\n');
  }
}

int main(int argc, char **argv) {
  options o;
  result r;
  int64_t n;
  int status = parse_options(argc, argv, &o);
  if (status >= 0) return status;
  n = o.agents >= 0 ? o.agents : agents_for(&o);
  if (n < 0) return 2;
  if (measure(&o, n, &r) < 0) return 2;
  print_result(&r, o.csv);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, PROG ": write error\n");
    return 2;
  }
  return 0;
}
