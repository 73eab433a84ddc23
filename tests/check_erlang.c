/*
 * check_erlang.c - staffing formulas: ccm_erlang_c(), ccm_erlang_a() and
 * ccm_erlang_agents().
 *
 * Expected values come from:
 * - published worked examples and tables, cited where they are used;
 * - independent computations in this file that share nothing with
 *   lib/erlang.c: Erlang B by the textbook forward recurrence and by direct
 *   sums of A^k / k! in long double, and an Erlang A reference that solves the
 *   truncated birth-death chain by forward products, takes the tagged
 *   caller's probability and mean wait of being answered by a first-step
 *   recursion over its position, and its service level by uniformization of
 *   the position chain (the library uses closed forms instead);
 * - exact limits: patience equal to the handle time makes the chain an
 *   M/M/infinity one (Poisson), patience -> 0 gives Erlang B, patience -> inf
 *   Erlang C;
 * - a discrete-event simulation of M/M/N+M with a fixed seed, compared with
 *   a tolerance of five standard errors from batch means.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define SEC 1000.0 /* ms */
#define HOUR_MS 3600000.0

/* Arrivals per hour for a load of a Erlangs with handle time aht_ms. */
static double rate_for(double a, double aht_ms) { return a * HOUR_MS / aht_ms; }

/* Relative closeness (absolute near 0). */
static int close_to(double x, double y, double rel) { return fabs(x - y) <= rel * fmax(1.0, fmax(fabs(x), fabs(y))); }

#define ASSERT_CLOSE(x_, y_, rel_)                                                                          \
  do {                                                                                                    \
    double x__ = (x_), y__ = (y_);                                                                        \
    ck_assert_msg(close_to(x__, y__, (rel_)), "%s = %.17g, expected %.17g (rel %g)", #x_, x__, y__, (rel_)); \
  } while (0)

/* ------------------------------------------------------------------------ */
/* Independent references */

/* Erlang B by the textbook forward recurrence B(k) = A B(k-1) / (k + A B(k-1)). */
static double ref_erlang_b(double a, int64_t n) {
  double b = 1.0;
  for (int64_t k = 1; k <= n; k++) b = a * b / ((double)k + a * b);
  return b;
}

/* Erlang C by the definition, with A^k / k! summed in long double (n <= 60). */
static long double ref_erlang_c_naive(long double a, int n) {
  long double term = 1.0L, below = 0.0L;
  for (int k = 0; k < n; k++) {
    below += term;
    term = term * a / (long double)(k + 1);
  }
  /* term = A^n / n! */
  term = term * (long double)n / ((long double)n - a);
  return term / (below + term);
}

/* The M/M/N+M measures, computed from the chain directly (small systems). */
typedef struct ref_a {
  double pwait, sl, asa, occ, abandon; /* 0..1, ASA in handle times */
} ref_a;

#define REF_MAXQ 4000

/*
 * Load a, abandonment rate g (per handle time), n agents, threshold t (in
 * handle times).  The chain: weights p_k from p_0 = 1 by p_{k+1} = p_k a /
 * d_{k+1}; states up to where they are negligible.  A caller finding i
 * waiting is at position i: it leaves it at rate r_i = n + (i+1) g, towards
 * the agents with probability (n + i g) / r_i.
 *   answered:  p_i = (n + i g) / r_i * p_{i-1}, p_{-1} = 1
 *   wait:      m_i = (n + i g) / r_i * (p_{i-1} / r_i + m_{i-1}), m_{-1} = 0
 *   within t:  uniformization at rate L >= every r_i: h_s(i) = P(answered in
 *              at most s jumps | i), P(answered by t | i) = sum_s
 *              Poisson(L t; s) h_s(i).
 */
static void ref_erlang_a(double a, double g, int n, double t, ref_a *out) {
  static double w[REF_MAXQ + 200], pans[REF_MAXQ], mwait[REF_MAXQ], h[REF_MAXQ + 1], h2[REF_MAXQ + 1],
      within[REF_MAXQ];
  int top, nq, k, i;
  double total = 0.0, busy = 0.0, wait_states = 0.0;
  ck_assert_int_lt(n, 150);
  w[0] = 1.0;
  for (k = 0;; k++) {
    double d = k + 1 <= n ? (double)(k + 1) : (double)n + (double)(k + 1 - n) * g;
    total += w[k];
    if (k >= n && w[k] < 1e-22 * total) break;
    ck_assert_int_lt(k + 1, REF_MAXQ + 150);
    w[k + 1] = w[k] * a / d;
  }
  top = k;
  nq = top - n + 1; /* queue positions 0 .. nq-1 seen on arrival */
  ck_assert_int_le(nq, REF_MAXQ);
  for (i = 0; i < nq; i++) {
    double r = n + (i + 1) * g, fwd = (n + i * g) / r;
    double prev_p = i ? pans[i - 1] : 1.0, prev_m = i ? mwait[i - 1] : 0.0;
    pans[i] = fwd * prev_p;
    mwait[i] = fwd * (prev_p / r + prev_m);
  }
  /* uniformization for the answered-within-t probabilities */
  {
    /* jumps beyond the mean + 40 standard deviations are negligible */
    double lam = n + (nq + 1) * g, lt = lam * t, pois = exp(-lt), jumps = lt + 40.0 * sqrt(lt) + 40.0;
    ck_assert(lt < 700.0); /* exp(-lt) does not underflow */
    memset(h, 0, sizeof h);
    memset(within, 0, sizeof within);
    for (int s = 0; s < jumps; s++) {
      double *src = s % 2 ? h2 : h, *dst = s % 2 ? h : h2;
      /* h_s is in src: accumulate, then step */
      if (s > 0) pois *= lt / s;
      for (i = 0; i < nq; i++) within[i] += pois * src[i];
      for (i = 0; i < nq; i++) {
        double r = n + (i + 1) * g, fwd = n + i * g;
        double ahead = i ? src[i - 1] : 1.0; /* answered is absorbing: h = 1 */
        dst[i] = fwd / lam * ahead + (1.0 - r / lam) * src[i];
      }
    }
  }
  out->pwait = 0.0;
  out->sl = 0.0;
  out->abandon = 0.0;
  out->asa = 0.0;
  {
    double answered = 0.0;
    for (k = 0; k <= top; k++) {
      double p = w[k] / total;
      busy += p * (k < n ? k : n);
      if (k < n) {
        out->sl += p;
        answered += p;
      } else {
        i = k - n;
        wait_states += p;
        out->sl += p * (t > 0.0 ? within[i] : 0.0);
        out->abandon += p * (1.0 - pans[i]);
        answered += p * pans[i];
        out->asa += p * mwait[i];
      }
    }
    out->asa = answered > 0.0 ? out->asa / answered : 0.0;
  }
  out->pwait = wait_states;
  out->occ = n > 0 ? busy / n : 0.0;
}

/* One Erlang A call in handle-time units (aht 1 s): ASA in handle times,
 * percentages as fractions. */
static void lib_erlang_a(double a, double g, int64_t n, double t, ref_a *out) {
  double pw, sl, asa, occ, ab;
  ck_assert_int_eq(ccm_erlang_a(rate_for(a, SEC), SEC, SEC / g, n, t * SEC, &pw, &sl, &asa, &occ, &ab), CCM_OK);
  out->pwait = pw;
  out->sl = sl / 100.0;
  out->asa = asa / SEC;
  out->occ = occ / 100.0;
  out->abandon = ab / 100.0;
}

/* ------------------------------------------------------------------------ */
/* Erlang C: published examples */

/*
 * The Call Centre Helper worked example ("Erlang C formula - made simple"):
 * 100 calls in 30 minutes, AHT 180 s, 20 s target, 80 % goal.  Published
 * results, as printed by the CRAN package ErlangC 0.1.0 README (same
 * example): with 14 agents wait_probability 0.1741319, service_level 0.88835,
 * average_speed_of_answer 7.83593701177724 s, occupancy 0.7142857; with 11
 * agents (the first row of its search) 0.6821182 and 0.3896138; agents
 * needed for 80 %: 14.  (pyworkforce's test of the same example gives
 * service level 0.8883500191794669.)
 */
START_TEST(test_call_centre_helper_example) {
  double pw, sl, asa, occ;
  int64_t n;
  ck_assert_int_eq(ccm_erlang_c(200.0, 180 * SEC, 14, 20 * SEC, &pw, &sl, &asa, &occ), CCM_OK);
  ck_assert_double_eq_tol(pw, 0.1741319, 5e-8);
  ck_assert_double_eq_tol(sl, 88.83500191794669, 1e-9);
  ck_assert_double_eq_tol(asa, 7835.93701177724, 1e-7);
  ck_assert_double_eq_tol(occ, 71.42857, 5e-6);

  ck_assert_int_eq(ccm_erlang_c(200.0, 180 * SEC, 11, 20 * SEC, &pw, &sl, NULL, NULL), CCM_OK);
  ck_assert_double_eq_tol(pw, 0.6821182, 5e-8);
  ck_assert_double_eq_tol(sl, 38.96138, 5e-6);

  ck_assert_int_eq(ccm_erlang_agents(200.0, 180 * SEC, 0, 20 * SEC, CCM_TARGET_SERVICE_LEVEL, 80.0, &n), CCM_OK);
  ck_assert_int_eq(n, 14);
  /* 13 agents miss the goal */
  ck_assert_int_eq(ccm_erlang_c(200.0, 180 * SEC, 13, 20 * SEC, NULL, &sl, NULL, NULL), CCM_OK);
  ck_assert(sl < 80.0);
}
END_TEST

/*
 * Erlang B tables, through Erlang A with a patience of a femtosecond (callers
 * who find every agent busy leave at once: the loss system):
 * - B(10 lines, 5 Erlangs) = 0.01838 (standard Erlang B table entry);
 * - the erlang.com (Westbay) calculator manual, "How much traffic can a trunk
 *   group handle": 15 lines at 1 % blocking carry 8.108 Erlangs.
 * And Erlang C from Erlang B by C = N B / (N - A (1 - B)).
 */
START_TEST(test_erlang_b_tables) {
  double pw, ab, c;
  ck_assert_int_eq(ccm_erlang_a(rate_for(5.0, SEC), SEC, 1e-12, 10, 0.0, &pw, NULL, NULL, NULL, &ab), CCM_OK);
  ck_assert_double_eq_tol(ab / 100.0, 0.01838, 5e-6);
  ck_assert_double_eq_tol(pw, 0.01838, 5e-6);
  ck_assert_double_eq_tol(ab / 100.0, ref_erlang_b(5.0, 10), 1e-12);

  ck_assert_int_eq(ccm_erlang_a(rate_for(8.108, SEC), SEC, 1e-12, 15, 0.0, NULL, NULL, NULL, NULL, &ab), CCM_OK);
  ck_assert_double_eq_tol(ab / 100.0, 0.01, 1e-5); /* 8.108 is rounded: dB/dA ~ 0.006 */
  ck_assert_double_eq_tol(ab / 100.0, ref_erlang_b(8.108, 15), 1e-12);

  /* Erlang C(10, 5) from the same B */
  c = 10 * ref_erlang_b(5.0, 10) / (10 - 5.0 * (1 - ref_erlang_b(5.0, 10)));
  ck_assert_int_eq(ccm_erlang_c(rate_for(5.0, SEC), SEC, 10, 0.0, &pw, NULL, NULL, NULL), CCM_OK);
  ASSERT_CLOSE(pw, c, 1e-13);
  ck_assert_double_eq_tol(pw, 0.0361, 5e-5); /* Erlang C table: 10 agents, 5 E */
}
END_TEST

/* Small cases by hand. */
START_TEST(test_erlang_c_by_hand) {
  double pw, sl, asa, occ;
  /* M/M/1 at rho = 0.75: C = rho, SL(t) = 1 - rho e^{-(1-rho) t}, ASA = rho/(1-rho) aht */
  ck_assert_int_eq(ccm_erlang_c(rate_for(0.75, 60 * SEC), 60 * SEC, 1, 30 * SEC, &pw, &sl, &asa, &occ), CCM_OK);
  ASSERT_CLOSE(pw, 0.75, 1e-14);
  ASSERT_CLOSE(sl, 100.0 * (1.0 - 0.75 * exp(-0.25 * 0.5)), 1e-14);
  ASSERT_CLOSE(asa, 3.0 * 60 * SEC, 1e-14);
  ASSERT_CLOSE(occ, 75.0, 1e-14);
  /* M/M/2 at A = 1: B(2,1) = 0.2, C = 1/3, ASA = C / (N - A) aht */
  ck_assert_int_eq(ccm_erlang_c(rate_for(1.0, 100 * SEC), 100 * SEC, 2, 0.0, &pw, &sl, &asa, &occ), CCM_OK);
  ASSERT_CLOSE(pw, 1.0 / 3.0, 1e-14);
  ASSERT_CLOSE(sl, 100.0 * 2.0 / 3.0, 1e-13); /* threshold 0: answered at once */
  ASSERT_CLOSE(asa, 100 * SEC / 3.0, 1e-13);
  ASSERT_CLOSE(occ, 50.0, 1e-14);
}
END_TEST

/* Every N and A on a grid against the definition in long double. */
START_TEST(test_erlang_c_against_definition) {
  for (int n = 1; n <= 60; n++) {
    for (double frac = 0.05; frac < 1.0; frac += 0.1) {
      double a = n * frac, pw, sl, asa, occ;
      long double c = ref_erlang_c_naive(a, n);
      double t = 0.3; /* handle times */
      ck_assert_int_eq(ccm_erlang_c(rate_for(a, 240 * SEC), 240 * SEC, n, t * 240 * SEC, &pw, &sl, &asa, &occ),
                       CCM_OK);
      ASSERT_CLOSE(pw, (double)c, 1e-12);
      ASSERT_CLOSE(sl, 100.0 * (1.0 - (double)c * exp(-(n - a) * t)), 1e-12);
      ASSERT_CLOSE(asa, (double)c / (n - a) * 240 * SEC, 1e-12);
      ASSERT_CLOSE(occ, 100.0 * a / n, 1e-14);
    }
  }
}
END_TEST

/* No steady state when the load reaches the agents. */
START_TEST(test_erlang_c_overload) {
  double pw = -1, sl = -1, asa = -1, occ = -1;
  /* A = 5 exactly, 5 agents */
  ck_assert_int_eq(ccm_erlang_c(rate_for(5.0, SEC), SEC, 5, 20 * SEC, &pw, &sl, &asa, &occ), CCM_UNDEFINED);
  ck_assert(pw == 1.0 && sl == 0.0 && asa == 0.0 && occ == 0.0);
  ck_assert_int_eq(ccm_erlang_c(rate_for(7.5, SEC), SEC, 3, 20 * SEC, &pw, &sl, &asa, &occ), CCM_UNDEFINED);
  ck_assert_int_eq(ccm_erlang_c(100.0, SEC, 0, 20 * SEC, &pw, &sl, &asa, &occ), CCM_UNDEFINED);
  ck_assert(pw == 1.0 && sl == 0.0);
}
END_TEST

/* Rate 0: nobody waits, whatever the agents (0 included). */
START_TEST(test_no_load) {
  double pw = -1, sl = -1, asa = -1, occ = -1, ab = -1;
  int64_t n = -1;
  for (int64_t agents = 0; agents <= 3; agents++) {
    ck_assert_int_eq(ccm_erlang_c(0.0, 180 * SEC, agents, 20 * SEC, &pw, &sl, &asa, &occ), CCM_OK);
    ck_assert(pw == 0.0 && sl == 100.0 && asa == 0.0 && occ == 0.0);
    pw = sl = asa = occ = ab = -1;
    ck_assert_int_eq(ccm_erlang_a(0.0, 180 * SEC, 60 * SEC, agents, 20 * SEC, &pw, &sl, &asa, &occ, &ab), CCM_OK);
    ck_assert(pw == 0.0 && sl == 100.0 && asa == 0.0 && occ == 0.0 && ab == 0.0);
  }
  ck_assert_int_eq(ccm_erlang_agents(0.0, 180 * SEC, 0, 20 * SEC, CCM_TARGET_SERVICE_LEVEL, 100.0, &n), CCM_OK);
  ck_assert_int_eq(n, 0);
  n = -1;
  ck_assert_int_eq(ccm_erlang_agents(0.0, 180 * SEC, 60 * SEC, 0, CCM_TARGET_PWAIT, 0.0, &n), CCM_OK);
  ck_assert_int_eq(n, 0);
  n = -1;
  ck_assert_int_eq(ccm_erlang_agents(0.0, 180 * SEC, 0, 0, CCM_TARGET_ASA, 0.0, &n), CCM_OK);
  ck_assert_int_eq(n, 0);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Erlang A */

/* Against the independent chain computation on a grid of small systems. */
START_TEST(test_erlang_a_against_chain) {
  static const double loads[] = {0.3, 2.5, 12.0};
  static const double gs[] = {0.05, 0.7, 3.0};         /* aht / patience */
  static const double ts[] = {0.0, 0.1, 2.0};          /* handle times */
  static const int agents[] = {0, 1, 3, 6, 10, 16};
  for (size_t ia = 0; ia < sizeof loads / sizeof *loads; ia++)
    for (size_t ig = 0; ig < sizeof gs / sizeof *gs; ig++)
      for (size_t in = 0; in < sizeof agents / sizeof *agents; in++)
        for (size_t it = 0; it < sizeof ts / sizeof *ts; it++) {
          const int n = agents[in];
          ref_a want, got;
          ref_erlang_a(loads[ia], gs[ig], n, ts[it], &want);
          lib_erlang_a(loads[ia], gs[ig], n, ts[it], &got);
          ck_assert_msg(close_to(got.pwait, want.pwait, 1e-10) && close_to(got.sl, want.sl, 1e-9) &&
                            close_to(got.asa, want.asa, 1e-9) && close_to(got.occ, want.occ, 1e-10) &&
                            close_to(got.abandon, want.abandon, 1e-10),
                        "A=%g g=%g N=%d t=%g: pwait %.12g/%.12g sl %.12g/%.12g asa %.12g/%.12g occ %.12g/%.12g "
                        "abandon %.12g/%.12g",
                        loads[ia], gs[ig], n, ts[it], got.pwait, want.pwait, got.sl, want.sl, got.asa, want.asa,
                        got.occ, want.occ, got.abandon, want.abandon);
        }
}
END_TEST

/* Patience equal to the handle time: every caller in the system leaves at
 * rate 1, so the number in the system is Poisson(A) (M/M/infinity):
 * pwait = P(X >= N), P(abandon) = E[(X - N)+] / A. */
START_TEST(test_erlang_a_poisson_case) {
  const double a = 9.0;
  for (int n = 0; n <= 20; n++) {
    double p = exp(-a), below = 0.0, excess = 0.0, pw, ab, occ;
    for (int k = 0; k < 200; k++) {
      if (k < n) below += p;
      if (k > n) excess += (k - n) * p;
      p *= a / (k + 1);
    }
    ck_assert_int_eq(ccm_erlang_a(rate_for(a, 300 * SEC), 300 * SEC, 300 * SEC, n, 20 * SEC, &pw, NULL, NULL, &occ,
                                  &ab),
                     CCM_OK);
    ASSERT_CLOSE(pw, 1.0 - below, 1e-12);
    ASSERT_CLOSE(ab / 100.0, excess / a, 1e-12);
    if (n > 0) ASSERT_CLOSE(occ / 100.0, (a - excess) / n, 1e-12); /* E[min(X, N)] / N */
  }
}
END_TEST

/* Very patient callers: Erlang A tends to Erlang C (the difference is of the
 * order of aht / patience). */
START_TEST(test_erlang_a_to_erlang_c) {
  const double rate = 200.0, aht = 180 * SEC, t = 20 * SEC;
  for (int64_t n = 11; n <= 20; n++) {
    double cpw, csl, casa, cocc, pw, sl, asa, occ, ab;
    ck_assert_int_eq(ccm_erlang_c(rate, aht, n, t, &cpw, &csl, &casa, &cocc), CCM_OK);
    ck_assert_int_eq(ccm_erlang_a(rate, aht, 1e5 * aht, n, t, &pw, &sl, &asa, &occ, &ab), CCM_OK);
    ASSERT_CLOSE(pw, cpw, 1e-3);
    ASSERT_CLOSE(sl, csl, 1e-3);
    ASSERT_CLOSE(asa, casa, 2e-3);
    ASSERT_CLOSE(occ, cocc, 1e-4);
    ck_assert(ab < 0.01 && ab >= 0.0);
  }
}
END_TEST

/* Agents only: nobody is answered, everybody abandons. */
START_TEST(test_erlang_a_no_agents) {
  double pw, sl, asa, occ, ab;
  ck_assert_int_eq(ccm_erlang_a(60.0, 180 * SEC, 60 * SEC, 0, 20 * SEC, &pw, &sl, &asa, &occ, &ab), CCM_OK);
  ck_assert(pw == 1.0 && sl == 0.0 && asa == 0.0 && occ == 0.0);
  ASSERT_CLOSE(ab, 100.0, 1e-15);
}
END_TEST

/* A small random generator for the simulation (splitmix64). */
static uint64_t sim_state;
static double sim_uniform(void) {
  uint64_t z = (sim_state += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  z ^= z >> 31;
  return ((double)(z >> 11) + 0.5) / 9007199254740992.0; /* (0, 1) */
}
static double sim_exp(double rate) { return -log(sim_uniform()) / rate; }

#define SIM_BATCHES 20
#define SIM_PER_BATCH 5000
#define SIM_MAXQ 4096

/*
 * M/M/N+M simulated as a continuous-time chain: the next event is an
 * arrival (rate lambda), a service end (busy mu) or an abandonment (q theta,
 * a uniformly chosen waiting caller: patience is memoryless).  Each arrival's
 * fate is recorded when it is known; time-averaged busy agents give the
 * occupancy.  Estimates per batch of arrivals; the tolerance is five
 * standard errors of the batch means.
 */
START_TEST(test_erlang_a_simulation) {
  const int n = 3;
  const double lambda = 2.5, mu = 1.0, theta = 0.5, t = 0.5; /* per handle time */
  static double queue[SIM_MAXQ];                             /* arrival times of the waiting callers */
  double est[5][SIM_BATCHES];                                /* pwait, sl, abandon, asa, occ */
  double now = 0.0, batch_start = 0.0, busy_time = 0.0;
  int busy = 0, q = 0;
  long arrivals = 0, waited = 0, within = 0, abandoned = 0, answered = 0;
  double wait_sum = 0.0;
  int batch = -1; /* -1: warm-up */
  ref_a want;
  sim_state = 20260101;
  while (batch < SIM_BATCHES) {
    double total = lambda + busy * mu + q * theta, dt = sim_exp(total), u = sim_uniform() * total;
    busy_time += busy * dt;
    now += dt;
    if (u < lambda) {
      if (arrivals == (batch < 0 ? 2000 : SIM_PER_BATCH)) {
        /* close the batch (the outcomes of callers still waiting are counted in the next) */
        if (batch >= 0) {
          est[0][batch] = (double)waited / (double)arrivals;
          est[1][batch] = (double)within / (double)arrivals;
          est[2][batch] = (double)abandoned / (double)arrivals;
          est[3][batch] = wait_sum / (double)answered;
          est[4][batch] = busy_time / (now - batch_start) / n;
        }
        batch++;
        arrivals = waited = within = abandoned = answered = 0;
        wait_sum = 0.0;
        busy_time = 0.0;
        batch_start = now;
      }
      arrivals++;
      if (busy < n) {
        busy++;
        within++;
        answered++;
      } else {
        waited++;
        ck_assert_int_lt(q, SIM_MAXQ);
        queue[q++] = now;
      }
    } else if (u < lambda + busy * mu) {
      if (q > 0) { /* the head of the queue takes the agent */
        double w = now - queue[0];
        memmove(queue, queue + 1, (size_t)(q - 1) * sizeof *queue);
        q--;
        answered++;
        wait_sum += w;
        if (w <= t) within++;
      } else {
        busy--;
      }
    } else {
      int who = (int)(sim_uniform() * q);
      if (who >= q) who = q - 1;
      memmove(queue + who, queue + who + 1, (size_t)(q - who - 1) * sizeof *queue);
      q--;
      abandoned++;
    }
  }
  ref_erlang_a(lambda / mu, theta / mu, n, t, &want);
  {
    const double exact[5] = {want.pwait, want.sl, want.abandon, want.asa, want.occ};
    static const char *const names[5] = {"pwait", "service level", "abandon", "asa", "occupancy"};
    ref_a got;
    double lib[5];
    lib_erlang_a(lambda / mu, theta / mu, n, t, &got);
    lib[0] = got.pwait;
    lib[1] = got.sl;
    lib[2] = got.abandon;
    lib[3] = got.asa;
    lib[4] = got.occ;
    for (int m = 0; m < 5; m++) {
      double mean = 0.0, var = 0.0, se;
      for (int b = 0; b < SIM_BATCHES; b++) mean += est[m][b];
      mean /= SIM_BATCHES;
      for (int b = 0; b < SIM_BATCHES; b++) var += (est[m][b] - mean) * (est[m][b] - mean);
      se = sqrt(var / (SIM_BATCHES - 1) / SIM_BATCHES);
      ck_assert_msg(fabs(lib[m] - mean) <= 5.0 * se, "%s: library %.6f, simulation %.6f +- %.6f", names[m], lib[m],
                    mean, se);
      ck_assert_msg(se < 0.01, "%s: standard error %g too large to test anything", names[m], se);
      ASSERT_CLOSE(lib[m], exact[m], 1e-9);
    }
  }
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Large systems */

/* 36000 calls an hour of 300 s: A = 3000 Erlangs, 3001 .. 3300 agents.
 * Finite, in range, monotone, and Erlang B as by the forward recurrence. */
START_TEST(test_large_erlang_c) {
  const double rate = 36000.0, aht = 300 * SEC, t = 20 * SEC, a = 3000.0;
  double prev_pw = 2.0, prev_sl = -1.0, prev_asa = INFINITY;
  for (int64_t n = 3001; n <= 3300; n++) {
    double pw, sl, asa, occ, b = ref_erlang_b(a, n), c = n * b / (n - a * (1 - b));
    ck_assert_int_eq(ccm_erlang_c(rate, aht, n, t, &pw, &sl, &asa, &occ), CCM_OK);
    ck_assert(isfinite(pw) && isfinite(sl) && isfinite(asa) && isfinite(occ));
    ck_assert(pw >= 0 && pw <= 1 && sl >= 0 && sl <= 100 && asa >= 0);
    ck_assert(pw <= prev_pw && sl >= prev_sl && asa <= prev_asa);
    ASSERT_CLOSE(pw, c, 1e-10);
    ASSERT_CLOSE(occ, 100.0 * a / n, 1e-14);
    prev_pw = pw;
    prev_sl = sl;
    prev_asa = asa;
  }
  ck_assert(prev_pw < 1e-6 && prev_sl > 99.9999);
}
END_TEST

START_TEST(test_large_erlang_a) {
  const double rate = 36000.0, aht = 300 * SEC, patience = 120 * SEC, t = 20 * SEC;
  double prev_pw = 2.0, prev_sl = -1.0, prev_asa = INFINITY, prev_ab = INFINITY;
  for (int64_t n = 2500; n <= 3300; n += 4) {
    double pw, sl, asa, occ, ab;
    ck_assert_int_eq(ccm_erlang_a(rate, aht, patience, n, t, &pw, &sl, &asa, &occ, &ab), CCM_OK);
    ck_assert(isfinite(pw) && isfinite(sl) && isfinite(asa) && isfinite(occ) && isfinite(ab));
    ck_assert(pw >= 0 && pw <= 1 && sl >= 0 && sl <= 100 && asa >= 0 && occ <= 100 && ab >= 0 && ab <= 100);
    ck_assert_msg(pw <= prev_pw && sl >= prev_sl && asa <= prev_asa && ab <= prev_ab, "not monotone at N=%lld",
                  (long long)n);
    /* carried load: the answered callers keep the agents busy */
    ASSERT_CLOSE(occ, 3000.0 * (1.0 - ab / 100.0) / n * 100.0, 1e-12);
    prev_pw = pw;
    prev_sl = sl;
    prev_asa = asa;
    prev_ab = ab;
  }
  /* understaffed by 500: about 500/3000 of the callers must leave */
  {
    double ab;
    ck_assert_int_eq(ccm_erlang_a(rate, aht, patience, 2500, t, NULL, NULL, NULL, NULL, &ab), CCM_OK);
    ck_assert(ab > 16.0 && ab < 17.5);
  }
}
END_TEST

/* Far more agents than load, and huge numbers of agents: no overflow, no
 * endless loop. */
START_TEST(test_extreme_agents) {
  double pw, sl, asa, occ, ab;
  ck_assert_int_eq(ccm_erlang_c(36000.0, 300 * SEC, INT64_MAX, 20 * SEC, &pw, &sl, &asa, &occ), CCM_OK);
  ck_assert(pw == 0.0 && sl == 100.0 && asa == 0.0 && occ >= 0.0 && occ < 1e-12);
  ck_assert_int_eq(ccm_erlang_a(36000.0, 300 * SEC, 60 * SEC, INT64_MAX, 20 * SEC, &pw, &sl, &asa, &occ, &ab),
                   CCM_OK);
  ck_assert(pw == 0.0 && sl == 100.0 && asa == 0.0 && ab == 0.0);
  /* A = 10^6 Erlangs */
  ck_assert_int_eq(ccm_erlang_c(3.6e9, SEC, 1001000, 20 * SEC, &pw, &sl, &asa, &occ), CCM_OK);
  ASSERT_CLOSE(pw, 1001000 * ref_erlang_b(1e6, 1001000) / (1001000 - 1e6 * (1 - ref_erlang_b(1e6, 1001000))), 1e-9);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Agents for a target */

typedef struct staff_case {
  double rate, aht, patience, threshold;
  int32_t target;
  double goal;
} staff_case;

/* Whether n agents meet the case's goal, by the public functions. */
static int meets(const staff_case *c, int64_t n) {
  double pw, sl, asa;
  int32_t rc;
  if (c->patience > 0)
    rc = ccm_erlang_a(c->rate, c->aht, c->patience, n, c->threshold, &pw, &sl, &asa, NULL, NULL);
  else
    rc = ccm_erlang_c(c->rate, c->aht, n, c->threshold, &pw, &sl, &asa, NULL);
  if (rc != CCM_OK) return 0;
  switch (c->target) {
    case CCM_TARGET_SERVICE_LEVEL: return sl >= c->goal;
    case CCM_TARGET_PWAIT: return pw <= c->goal;
    default: return n > 0 && asa <= c->goal;
  }
}

/* The answer meets the goal and one agent less does not. */
static void check_smallest(const staff_case *c) {
  int64_t n = -1;
  ck_assert_int_eq(ccm_erlang_agents(c->rate, c->aht, c->patience, c->threshold, c->target, c->goal, &n), CCM_OK);
  ck_assert_msg(meets(c, n), "rate %g target %d goal %g: %lld agents miss it", c->rate, c->target, c->goal,
                (long long)n);
  ck_assert_msg(n == 0 || !meets(c, n - 1), "rate %g target %d goal %g: %lld agents also meet it", c->rate, c->target,
                c->goal, (long long)(n - 1));
}

START_TEST(test_agents_smallest) {
  static const double rates[] = {12.0, 200.0, 1500.0, 36000.0};
  static const double patiences[] = {0.0, 30 * SEC, 180 * SEC, 3600 * SEC};
  static const staff_case goals[] = {
      {0, 0, 0, 20 * SEC, CCM_TARGET_SERVICE_LEVEL, 80.0}, {0, 0, 0, 10 * SEC, CCM_TARGET_SERVICE_LEVEL, 95.0},
      {0, 0, 0, 0.0, CCM_TARGET_SERVICE_LEVEL, 50.0},      {0, 0, 0, 0, CCM_TARGET_PWAIT, 0.2},
      {0, 0, 0, 0, CCM_TARGET_PWAIT, 1e-6},                {0, 0, 0, 0, CCM_TARGET_PWAIT, 1.0},
      {0, 0, 0, 0, CCM_TARGET_ASA, 15 * SEC},              {0, 0, 0, 0, CCM_TARGET_ASA, 0.5 * SEC},
  };
  for (size_t r = 0; r < sizeof rates / sizeof *rates; r++)
    for (size_t p = 0; p < sizeof patiences / sizeof *patiences; p++)
      for (size_t g = 0; g < sizeof goals / sizeof *goals; g++) {
        staff_case c = goals[g];
        c.rate = rates[r];
        c.aht = 300 * SEC;
        c.patience = patiences[p];
        check_smallest(&c);
      }
}
END_TEST

/* Erlang A: the bisection finds what a plain upward scan from 0 finds. */
START_TEST(test_agents_scan) {
  for (double a = 0.5; a < 30.0; a *= 1.7)
    for (double g = 0.1; g < 10.0; g *= 3.0)
      for (int32_t target = CCM_TARGET_SERVICE_LEVEL; target <= CCM_TARGET_ASA; target++) {
        static const double goal_of[4] = {0, 85.0, 0.3, 10 * SEC};
        staff_case c = {rate_for(a, 60 * SEC), 60 * SEC, 60 * SEC / g, 15 * SEC, target, goal_of[target]};
        int64_t n = -1, scan = 0;
        while (!meets(&c, scan)) scan++;
        ck_assert_int_eq(ccm_erlang_agents(c.rate, c.aht, c.patience, c.threshold, target, c.goal, &n), CCM_OK);
        ck_assert_int_eq(n, scan);
      }
}
END_TEST

/* Abandonment lets fewer agents meet a goal than Erlang C needs. */
START_TEST(test_agents_erlang_a_fewer) {
  int64_t c = 0, a = 0;
  ck_assert_int_eq(ccm_erlang_agents(200.0, 180 * SEC, 0, 20 * SEC, CCM_TARGET_SERVICE_LEVEL, 80.0, &c), CCM_OK);
  ck_assert_int_eq(ccm_erlang_agents(200.0, 180 * SEC, 60 * SEC, 20 * SEC, CCM_TARGET_SERVICE_LEVEL, 80.0, &a),
                   CCM_OK);
  ck_assert_int_eq(c, 14);
  ck_assert_int_le(a, c);
  ck_assert_int_ge(a, 11);
  /* the output may be NULL */
  ck_assert_int_eq(ccm_erlang_agents(200.0, 180 * SEC, 0, 20 * SEC, CCM_TARGET_PWAIT, 0.5, NULL), CCM_OK);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Arguments */

START_TEST(test_arguments) {
  const double bad[] = {NAN, INFINITY, -INFINITY, -1.0};
  double pw = 0.25;
  int64_t n = 7;
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    double x = bad[i];
    ck_assert_int_eq(ccm_erlang_c(x, 180 * SEC, 10, 20 * SEC, &pw, NULL, NULL, NULL), CCM_E_RANGE);
    ck_assert_int_eq(ccm_erlang_c(100, x, 10, 20 * SEC, &pw, NULL, NULL, NULL), CCM_E_RANGE);
    ck_assert_int_eq(ccm_erlang_c(100, 180 * SEC, 10, x, &pw, NULL, NULL, NULL), CCM_E_RANGE);
    ck_assert_int_eq(ccm_erlang_a(x, 180 * SEC, 60 * SEC, 10, 20 * SEC, &pw, NULL, NULL, NULL, NULL), CCM_E_RANGE);
    ck_assert_int_eq(ccm_erlang_a(100, x, 60 * SEC, 10, 20 * SEC, &pw, NULL, NULL, NULL, NULL), CCM_E_RANGE);
    ck_assert_int_eq(ccm_erlang_a(100, 180 * SEC, x, 10, 20 * SEC, &pw, NULL, NULL, NULL, NULL), CCM_E_RANGE);
    ck_assert_int_eq(ccm_erlang_a(100, 180 * SEC, 60 * SEC, 10, x, &pw, NULL, NULL, NULL, NULL), CCM_E_RANGE);
    ck_assert_int_eq(ccm_erlang_agents(x, 180 * SEC, 0, 20 * SEC, CCM_TARGET_SERVICE_LEVEL, 80, &n), CCM_E_RANGE);
    ck_assert_int_eq(ccm_erlang_agents(100, x, 0, 20 * SEC, CCM_TARGET_SERVICE_LEVEL, 80, &n), CCM_E_RANGE);
    ck_assert_int_eq(ccm_erlang_agents(100, 180 * SEC, x, 20 * SEC, CCM_TARGET_SERVICE_LEVEL, 80, &n), CCM_E_RANGE);
    ck_assert_int_eq(ccm_erlang_agents(100, 180 * SEC, 0, x, CCM_TARGET_SERVICE_LEVEL, 80, &n), CCM_E_RANGE);
    ck_assert_int_eq(ccm_erlang_agents(100, 180 * SEC, 0, 20 * SEC, CCM_TARGET_SERVICE_LEVEL, x, &n), CCM_E_RANGE);
    ck_assert_int_eq(ccm_erlang_agents(100, 180 * SEC, 0, 20 * SEC, CCM_TARGET_PWAIT, x, &n), CCM_E_RANGE);
    ck_assert_int_eq(ccm_erlang_agents(100, 180 * SEC, 0, 20 * SEC, CCM_TARGET_ASA, x, &n), CCM_E_RANGE);
  }
  /* zero handle time or patience, negative agents */
  ck_assert_int_eq(ccm_erlang_c(100, 0.0, 10, 20 * SEC, &pw, NULL, NULL, NULL), CCM_E_RANGE);
  ck_assert_int_eq(ccm_erlang_c(100, 180 * SEC, -1, 20 * SEC, &pw, NULL, NULL, NULL), CCM_E_RANGE);
  ck_assert_int_eq(ccm_erlang_a(100, 180 * SEC, 0.0, 10, 20 * SEC, &pw, NULL, NULL, NULL, NULL), CCM_E_RANGE);
  ck_assert_int_eq(ccm_erlang_a(100, 180 * SEC, 60 * SEC, -1, 20 * SEC, &pw, NULL, NULL, NULL, NULL), CCM_E_RANGE);
  ck_assert_int_eq(ccm_erlang_agents(100, 0.0, 0, 20 * SEC, CCM_TARGET_SERVICE_LEVEL, 80, &n), CCM_E_RANGE);
  /* goals out of range, unknown targets */
  ck_assert_int_eq(ccm_erlang_agents(100, 180 * SEC, 0, 20 * SEC, CCM_TARGET_SERVICE_LEVEL, 100.5, &n), CCM_E_RANGE);
  ck_assert_int_eq(ccm_erlang_agents(100, 180 * SEC, 0, 20 * SEC, CCM_TARGET_PWAIT, 1.5, &n), CCM_E_RANGE);
  ck_assert_int_eq(ccm_erlang_agents(100, 180 * SEC, 0, 20 * SEC, 0, 80, &n), CCM_E_RANGE);
  ck_assert_int_eq(ccm_erlang_agents(100, 180 * SEC, 0, 20 * SEC, 4, 80, &n), CCM_E_RANGE);
  /* goals no number of agents reaches with a load */
  ck_assert_int_eq(ccm_erlang_agents(100, 180 * SEC, 0, 20 * SEC, CCM_TARGET_SERVICE_LEVEL, 100.0, &n), CCM_E_RANGE);
  ck_assert_int_eq(ccm_erlang_agents(100, 180 * SEC, 60 * SEC, 20 * SEC, CCM_TARGET_SERVICE_LEVEL, 100.0, &n),
                   CCM_E_RANGE);
  ck_assert_int_eq(ccm_erlang_agents(100, 180 * SEC, 0, 20 * SEC, CCM_TARGET_PWAIT, 0.0, &n), CCM_E_RANGE);
  ck_assert_int_eq(ccm_erlang_agents(100, 180 * SEC, 60 * SEC, 0, CCM_TARGET_ASA, 0.0, &n), CCM_E_RANGE);
  /* beyond the documented limits: a load over 10^9 Erlangs, more than 10^7
   * arrivals in one mean patience */
  ck_assert_int_eq(ccm_erlang_c(3.6e12, 2 * SEC, 3000000000, 20 * SEC, &pw, NULL, NULL, NULL), CCM_E_RANGE);
  ck_assert_int_eq(ccm_erlang_a(36000.0, 300 * SEC, 1.1e9, 3000, 20 * SEC, &pw, NULL, NULL, NULL, NULL),
                   CCM_E_RANGE);
  ck_assert_int_eq(ccm_erlang_a(36000.0, 300 * SEC, 0.99e9, 3000, 20 * SEC, &pw, NULL, NULL, NULL, NULL), CCM_OK);
  /* nothing was written by the failed calls */
  ck_assert_int_eq(n, 7);
  /* the outputs may be NULL */
  ck_assert_int_eq(ccm_erlang_c(100, 180 * SEC, 10, 20 * SEC, NULL, NULL, NULL, NULL), CCM_OK);
  ck_assert_int_eq(ccm_erlang_a(100, 180 * SEC, 60 * SEC, 10, 20 * SEC, NULL, NULL, NULL, NULL, NULL), CCM_OK);
}
END_TEST

static Suite *erlang_suite(void) {
  Suite *s = suite_create("erlang");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_call_centre_helper_example);
  tcase_add_test(tc, test_erlang_b_tables);
  tcase_add_test(tc, test_erlang_c_by_hand);
  tcase_add_test(tc, test_erlang_c_against_definition);
  tcase_add_test(tc, test_erlang_c_overload);
  tcase_add_test(tc, test_no_load);
  tcase_add_test(tc, test_erlang_a_against_chain);
  tcase_add_test(tc, test_erlang_a_poisson_case);
  tcase_add_test(tc, test_erlang_a_to_erlang_c);
  tcase_add_test(tc, test_erlang_a_no_agents);
  tcase_add_test(tc, test_erlang_a_simulation);
  tcase_add_test(tc, test_large_erlang_c);
  tcase_add_test(tc, test_large_erlang_a);
  tcase_add_test(tc, test_extreme_agents);
  tcase_add_test(tc, test_agents_smallest);
  tcase_add_test(tc, test_agents_scan);
  tcase_add_test(tc, test_agents_erlang_a_fewer);
  tcase_add_test(tc, test_arguments);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return tu_run(erlang_suite()); }
