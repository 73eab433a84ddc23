/*
 * erlang.c: staffing formulas for one interval, Erlang C (M/M/N) and
 * Erlang A (M/M/N+M), and the smallest number of agents meeting a target.
 *
 * Units.  Inside this file time is counted in handle times (the service
 * rate mu is 1): the load is A = rate * aht (Erlangs), the abandonment rate
 * of one waiting caller is g = aht / patience, the threshold is
 * t = threshold / aht.  Results are converted back to ms and percent at the
 * public functions.
 *
 * Both models are birth-death chains on the number k of callers in the
 * system: arrivals at rate A, departures at rate min(k, N) + g max(k - N, 0)
 * (g = 0 for Erlang C).  Nothing uses factorials or powers: every quantity
 * is a sum of positive terms built by ratios, scaled so that no term
 * overflows and truncated where the rest is provably below 1e-17 of the sum.
 * The work is O(sqrt(A)) for the states up to N and, for Erlang A, O(number
 * of queue states that matter), which is why the arrivals per mean patience
 * are bounded (ERLANG_MAX_PATIENCE_ARRIVALS).
 *
 * Erlang B (states 0..N).  B(N, A) = 1 / sum_{k=0..N} t_k with t_N = 1 and
 * t_{k-1} = t_k k / A: the terms relative to state N, summed downward from
 * N.  (The usual forward recurrence B(k) = A B(k-1) / (k + A B(k-1)) gives
 * the same number but takes N steps; the downward sum stops after
 * O(sqrt(A)) steps, and once its scale passes e^800 B is below the smallest
 * double and is 0.)
 *
 * Erlang C.  C = N B / (N - A (1 - B)); service level 1 - C e^{-(N - A) t};
 * ASA C / (N - A); occupancy A / N; defined only for A < N.
 *
 * Erlang A.  Relative to state N the queue states have weights
 * u_0 = 1, u_i = u_{i-1} A / (N + i g); with the states below N (which sum
 * to 1/B relative to state N) they give the stationary distribution.  By
 * PASTA an arrival sees it; one who finds i callers waiting (state N + i)
 * has a virtual wait V (the time until an agent would take it if it never
 * gave up) that is the sum of exponential stages of rates N + l g,
 * l = i .. 0 (a service ends or one of the l callers ahead abandons).  It is
 * answered when V is below its own exponential patience of rate g, so
 *
 *   P(answered, wait <= t | i) = E[e^{-g V}; V <= t].
 *
 * With alpha = N / g, X = e^{-g V} has the Beta(alpha, i + 1) distribution
 * (the MGF of -ln X is prod_{l=0..i} (alpha + l) / (alpha + l - s), the
 * MGF of that sum of exponentials scaled by g).  Hence, exactly:
 *
 *   P(answered | i)            = alpha / (alpha + i + 1) = N / (N + (i+1) g)
 *   P(answered, wait <= t | i) = P(answered | i) * (1 - F_i), where F_i is
 *     the Beta(alpha + 1, i + 1) distribution function at x0 = e^{-g t}, a
 *     negative binomial distribution function for integer i + 1:
 *     F_i = sum_{j=0..i} q_j, q_0 = x0^{alpha+1} = e^{-(N + g) t},
 *     q_j = q_{j-1} (N + j g) / j * (1 - e^{-g t}) / g
 *   E[wait; answered | i]      = P(answered | i) * sum_{l=1..i+1} 1 / (N + l g)
 *     (from E[X ln X] with the digamma difference
 *     psi(alpha + i + 2) - psi(alpha + 1) = sum_{l=1..i+1} 1 / (alpha + l)).
 *
 * As g -> 0 these tend to the Erlang C ones (F_i becomes a Poisson sum, the
 * wait (i + 1) / N).  Every term is a product of positive ratios; q starts
 * in logarithms while it is below e^-600 (e^{-(N + g) t} may underflow).
 * P(abandon) = sum over i of the weight times (i + 1) g / (N + (i + 1) g),
 * which equals g E[queue] / A (balance of the abandonment flow).
 *
 * The search for agents assumes that more agents never lower the service
 * level nor raise the probability of waiting or the ASA (shown by the
 * Erlang C formulas; for Erlang A's ASA of answered callers checked
 * numerically: tests/check_erlang.c compares the search with a plain scan).
 * It gallops from floor(A) + 1 (doubling steps) to bracket the answer, then
 * bisects: O(log) evaluations instead of a scan of O(sqrt(A)) or, for
 * Erlang A from 1 agent, O(A) of them.
 */
#include <math.h>

#include "ccmetrics.h"

/* The largest load in Erlangs (the search steps about sqrt(A) states). */
#define ERLANG_MAX_LOAD 1e9
/* Erlang A: the largest number of arrivals in one mean patience (A / g):
 * it bounds the queue states the computation walks. */
#define ERLANG_MAX_PATIENCE_ARRIVALS 1e7
/* The rest of a sum is dropped when it is at most this share of it. */
#define TAIL_EPS 1e-17
/* Terms are rescaled by 1/RESCALE when they exceed RESCALE. */
#define RESCALE 1e250
#define LOG_RESCALE 575.64627324851142 /* ln(1e250) */
/* Below e^-800 a probability is 0 in double precision. */
#define LOG_NEGLIGIBLE 800.0
/* q is kept in logarithms below e^-600. */
#define LOG_Q_LINEAR (-600.0)
#define MS_PER_HOUR 3600000.0

/* One evaluation, in the file's units (probabilities 0..1, times in handle
 * times). */
typedef struct staffing {
  double pwait;    /* P(all agents busy on arrival) */
  double sl;       /* P(answered with wait <= t) over all arrivals */
  double asa;      /* mean wait of answered callers */
  double occ;      /* busy agents / agents */
  double abandon;  /* P(abandon) (Erlang A) */
  int answered;    /* some callers are answered (asa is meaningful) */
} staffing;

static int finite_nonneg(double x) { return isfinite(x) && x >= 0.0; }

/* Erlang B(n, a) for a > 0 by the downward sum described above. */
static double erlang_b(double a, int64_t n) {
  double t = 1.0, sum = 1.0, log_scale = 0.0;
  for (int64_t k = n; k > 0; k--) {
    double r = (double)k / a; /* t_{k-1} / t_k */
    t *= r;
    sum += t;
    if (t > RESCALE) {
      t /= RESCALE;
      sum /= RESCALE;
      log_scale += LOG_RESCALE;
      if (log_scale > LOG_NEGLIGIBLE) return 0.0; /* B < e^-800 */
    }
    if (r < 1.0) {
      /* every later ratio is at most (k-1)/a: the rest is a geometric tail */
      double next = (double)(k - 1) / a;
      if (t * next / (1.0 - next) <= TAIL_EPS * sum) break;
    }
  }
  return exp(-log_scale) / sum;
}

/* Erlang C with a > 0.  Returns CCM_UNDEFINED when a >= n. */
static int32_t eval_c(double a, int64_t n, double t, staffing *r) {
  double dn = (double)n, b, c;
  r->abandon = 0.0;
  if (a >= dn) {
    r->pwait = 1.0;
    r->sl = 0.0;
    r->asa = 0.0;
    r->occ = 0.0;
    r->answered = 0;
    return CCM_UNDEFINED;
  }
  b = erlang_b(a, n);
  c = dn * b / (dn - a * (1.0 - b));
  r->pwait = c;
  r->sl = 1.0 - c * exp(-(dn - a) * t);
  r->asa = c / (dn - a);
  r->occ = a / dn;
  r->answered = 1;
  return CCM_OK;
}

/* Erlang A with a > 0, g = aht / patience > 0 and a / g bounded. */
static void eval_a(double a, double g, int64_t n, double t, staffing *r) {
  const double dn = (double)n;
  /* weighted sums over the queue states, relative to state N, scaled by
   * e^-log_scale */
  double u = 1.0, s_all = 0.0, s_ans = 0.0, s_in = 0.0, s_wait = 0.0, s_ab = 0.0;
  double log_scale = 0.0;
  /* the per-state quantities of the tagged caller */
  double harmonic = 0.0; /* sum_{l=1..i+1} 1 / (N + l g) */
  double f = 0.0;        /* F_i */
  double q = 0.0, log_q = 0.0, q_ratio = 0.0;
  int q_linear = 0;
  const int with_threshold = t > 0.0 && n > 0;
  double b, denom, nowait;

  if (with_threshold) {
    q_ratio = -expm1(-g * t) / g; /* (1 - x0) / g */
    log_q = -(dn + g) * t;        /* ln q_0 */
  }
  for (int64_t i = 0;; i++) {
    const double exits = dn + (double)(i + 1) * g; /* rate of leaving the position */
    const double served = dn / exits;               /* P(answered | i) */
    double within = 0.0, ratio;
    harmonic += 1.0 / exits;
    if (with_threshold) {
      if (i > 0) {
        const double step = (dn + (double)i * g) / (double)i * q_ratio;
        if (q_linear)
          q *= step;
        else
          log_q += log(step);
      }
      if (!q_linear && log_q >= LOG_Q_LINEAR) {
        q = exp(log_q);
        q_linear = 1;
      }
      f += q_linear ? q : exp(log_q);
      within = f < 1.0 ? served * (1.0 - f) : 0.0;
    }
    s_all += u;
    s_ans += u * served;
    s_in += u * within;
    s_wait += u * served * harmonic;
    s_ab += u * ((double)(i + 1) * g / exits); /* 1 - served, without cancellation */

    ratio = a / exits; /* u_{i+1} / u_i */
    if (ratio < 1.0 && u * ratio / (1.0 - ratio) <= TAIL_EPS * s_all) break;
    u *= ratio;
    if (u == 0.0) break;
    if (u > RESCALE) {
      u /= RESCALE;
      s_all /= RESCALE;
      s_ans /= RESCALE;
      s_in /= RESCALE;
      s_wait /= RESCALE;
      s_ab /= RESCALE;
      log_scale += LOG_RESCALE;
    }
  }

  /* Normalize: the states below N weigh 1/B - 1 relative to state N.
   * Multiplied through by B so that B = 0 (N far above A) needs no 1/B. */
  b = erlang_b(a, n);
  nowait = exp(-log_scale) * (1.0 - b);
  denom = nowait + b * s_all;
  r->pwait = b * s_all / denom;
  nowait /= denom;
  r->sl = nowait + b * s_in / denom;
  r->abandon = b * s_ab / denom;
  {
    double answered = nowait + b * s_ans / denom;
    r->answered = answered > 0.0;
    r->asa = r->answered ? (b * s_wait / denom) / answered : 0.0;
  }
  r->occ = n > 0 ? a * (1.0 - r->abandon) / dn : 0.0;
}

/* No load: nobody waits, every arrival (there are none) meets the goal. */
static void eval_idle(staffing *r) {
  r->pwait = 0.0;
  r->sl = 1.0;
  r->asa = 0.0;
  r->occ = 0.0;
  r->abandon = 0.0;
  r->answered = 1;
}

/* Load and Erlang A ratio from validated arguments; CCM_E_RANGE when out of
 * the supported range.  patience_ms 0 means Erlang C (g = 0). */
static int32_t model_of(double rate_per_hour, double aht_ms, double patience_ms, double *a, double *g) {
  if (!finite_nonneg(rate_per_hour) || !isfinite(aht_ms) || !(aht_ms > 0.0) || !finite_nonneg(patience_ms))
    return CCM_E_RANGE;
  *a = rate_per_hour / MS_PER_HOUR * aht_ms;
  if (!(*a <= ERLANG_MAX_LOAD)) return CCM_E_RANGE;
  *g = 0.0;
  if (patience_ms > 0.0) {
    *g = aht_ms / patience_ms;
    if (!isfinite(*g)) return CCM_E_RANGE;
    if (*a > 0.0 && !(rate_per_hour / MS_PER_HOUR * patience_ms <= ERLANG_MAX_PATIENCE_ARRIVALS))
      return CCM_E_RANGE;
  }
  return CCM_OK;
}

/* Evaluate either model (g = 0: Erlang C). */
static int32_t evaluate(double a, double g, int64_t n, double t, staffing *r) {
  if (a == 0.0) {
    eval_idle(r);
    return CCM_OK;
  }
  if (g == 0.0) return eval_c(a, n, t, r);
  eval_a(a, g, n, t, r);
  return CCM_OK;
}

static void put(double *out, double v) {
  if (out) *out = v;
}

int32_t ccm_erlang_c(double rate_per_hour, double aht_ms, int64_t agents, double threshold_ms, double *pwait,
                     double *service_level, double *asa_ms, double *occupancy) {
  double a, g;
  staffing r;
  int32_t rc = model_of(rate_per_hour, aht_ms, 0.0, &a, &g);
  if (rc != CCM_OK || agents < 0 || !finite_nonneg(threshold_ms)) return CCM_E_RANGE;
  rc = evaluate(a, 0.0, agents, threshold_ms / aht_ms, &r);
  put(pwait, r.pwait);
  put(service_level, r.sl * 100.0);
  put(asa_ms, r.asa * aht_ms);
  put(occupancy, r.occ * 100.0);
  return rc;
}

int32_t ccm_erlang_a(double rate_per_hour, double aht_ms, double patience_ms, int64_t agents, double threshold_ms,
                     double *pwait, double *service_level, double *asa_ms, double *occupancy, double *abandon_rate) {
  double a, g;
  staffing r;
  int32_t rc;
  if (!(patience_ms > 0.0)) return CCM_E_RANGE;
  rc = model_of(rate_per_hour, aht_ms, patience_ms, &a, &g);
  if (rc != CCM_OK || agents < 0 || !finite_nonneg(threshold_ms)) return CCM_E_RANGE;
  evaluate(a, g, agents, threshold_ms / aht_ms, &r);
  put(pwait, r.pwait);
  put(service_level, r.sl * 100.0);
  put(asa_ms, r.asa * aht_ms);
  put(occupancy, r.occ * 100.0);
  put(abandon_rate, r.abandon * 100.0);
  return CCM_OK;
}

/* The goal of one search, in the public units. */
typedef struct goal {
  double a, g, t, aht_ms;
  int32_t target;
  double value;
} goal;

/* Whether n agents meet the goal (with the numbers the public functions
 * report for n). */
static int meets(const goal *gl, int64_t n) {
  staffing r;
  if (evaluate(gl->a, gl->g, n, gl->t, &r) != CCM_OK) return 0; /* Erlang C without steady state */
  switch (gl->target) {
    case CCM_TARGET_SERVICE_LEVEL: return r.sl * 100.0 >= gl->value;
    case CCM_TARGET_PWAIT: return r.pwait <= gl->value;
    default: return r.answered && r.asa * gl->aht_ms <= gl->value;
  }
}

int32_t ccm_erlang_agents(double rate_per_hour, double aht_ms, double patience_ms, double threshold_ms,
                          int32_t target, double goal_value, int64_t *agents) {
  goal gl;
  int64_t lo, hi, step, cap;
  int32_t rc = model_of(rate_per_hour, aht_ms, patience_ms, &gl.a, &gl.g);
  if (rc != CCM_OK || !finite_nonneg(threshold_ms) || !isfinite(goal_value)) return CCM_E_RANGE;
  switch (target) {
    case CCM_TARGET_SERVICE_LEVEL:
      if (goal_value < 0.0 || goal_value > 100.0 || (goal_value == 100.0 && gl.a > 0.0)) return CCM_E_RANGE;
      break;
    case CCM_TARGET_PWAIT:
      if (goal_value < 0.0 || goal_value > 1.0 || (goal_value == 0.0 && gl.a > 0.0)) return CCM_E_RANGE;
      break;
    case CCM_TARGET_ASA:
      if (goal_value < 0.0 || (goal_value == 0.0 && gl.a > 0.0)) return CCM_E_RANGE;
      break;
    default:
      return CCM_E_RANGE;
  }
  if (gl.a == 0.0) {
    if (agents) *agents = 0;
    return CCM_OK;
  }
  gl.t = threshold_ms / aht_ms;
  gl.aht_ms = aht_ms;
  gl.target = target;
  gl.value = goal_value;
  /* Far above the load every measure is at its limit in double precision
   * (B < e^-800 well before A + 100 sqrt(A) + 100 agents). */
  cap = (int64_t)(gl.a + 100.0 * sqrt(gl.a) + 100.0);

  /* Bracket: lo fails (or is -1), hi meets. */
  lo = (int64_t)floor(gl.a);
  hi = lo + 1;
  if (gl.g > 0.0 && meets(&gl, hi)) {
    /* Erlang A may need fewer agents than the load: gallop down. */
    for (step = 1;; step *= 2) {
      lo = hi - step;
      if (lo < 0) {
        lo = -1;
        break;
      }
      if (!meets(&gl, lo)) break;
      hi = lo;
    }
  } else {
    for (step = 1; !meets(&gl, hi); step *= 2) {
      lo = hi;
      if (hi >= cap) return CCM_E_RANGE;
      hi = hi + step > cap ? cap : hi + step;
    }
  }
  while (hi - lo > 1) {
    int64_t mid = lo + (hi - lo) / 2;
    if (meets(&gl, mid))
      hi = mid;
    else
      lo = mid;
  }
  if (agents) *agents = hi;
  return CCM_OK;
}
