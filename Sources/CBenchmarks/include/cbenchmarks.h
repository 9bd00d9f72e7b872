#ifndef CBENCHMARKS_H
#define CBENCHMARKS_H

/* Plain-C baselines for SynVerify's benchmark: the same problems, the same GSL routines, the
   same algorithm as the Swift engine, so that time per right-hand-side evaluation can be compared
   in one process. Each function returns 0 on success and fills the counters. */

typedef struct {
  long rhs_evaluations;
  long steps;
  long spikes;
  double final_value;
} cbench_result;

/* Brian2 peak-normalised dual exponential (tau1 = 8 ms, tau2 = 60 ms, w = 100 nS, spike at 0),
   adaptive gsl_odeiv2_evolve_apply with y control (eps_abs = eps_rel = eps) from 0 to t_end ms. */
int cbench_dualexp_gsl(const char *stepper, double eps, double t_end, cbench_result *out);

/* The same, with the finiteness test of SynVerify's evaluators added to the right-hand side
   (derivatives read back, summed, times 0): the cost of that check alone, measured in C. */
int cbench_dualexp_gsl_probed(const char *stepper, double eps, double t_end, cbench_result *out);

/* Conductance LIF (Exercise 6d: C = 1500 pF, g_l = 10 nS, u_rest = -60 mV, u_th = -50 mV,
   reset -60 mV, shunt 10 nS at -70 mV, I = 1000 pA), adaptive with y control, threshold
   crossings located as the Swift engine locates them: re-integrating the step with rk8pd at
   1e-14 and Brent's method to 1e-13 ms, then integrating to the crossing for the state. */
int cbench_lif_gsl(const char *stepper, double eps, double t_end, cbench_result *out);

/* Hand-written classic RK4 on the same dual exponential, fixed step h, n steps, with the
   parameters as compile-time constants: the compiler folds k and turns x/tau1 (tau1 = 8) into
   x*0.125, so each evaluation does one division instead of two. */
int cbench_dualexp_rk4(double h, long n, cbench_result *out);

/* The same RK4 with tau1 and tau2 (ms) as run-time values, as a simulator (or SynVerify) reads
   them from its model: the arithmetic of the Swift engine's RK4, two divisions per evaluation. */
int cbench_dualexp_rk4_runtime(double h, long n, double tau1, double tau2, cbench_result *out);

#endif
