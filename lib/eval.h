/* clearn — private helpers of the evaluation modules (lib/cv.c, grid.c,
 * compare.c). Not installed. */
#ifndef CLEARN_EVAL_H
#define CLEARN_EVAL_H

#include <stddef.h>
#include <clearn/cv.h>

/* One configuration of a multi-model run: an estimator and an optional cap
 * on the training rows of every split (0 = all; the learning curve's
 * sizes). label, if not NULL, prefixes its error messages. */
typedef struct clearn__cv_config {
    const clearn_estimator *model;
    size_t train_limit;
    const char *label;
} clearn__cv_config;

/* Cross-validates every configuration on the same split as one task list
 * of n x splits tasks; out[0..n) receive the results (all or none). */
int clearn__cv_run(const clearn__cv_config *cfg, size_t n, const clearn_dataset *ds,
                   const clearn_split *split, const clearn_cv_options *opt,
                   clearn_cv_result **out, clearn_error *err);

/* ---- special functions (lib/compare.c) -------------------------------------- */

/* log Gamma(x) for x > 0 (Lanczos; relative error about 1e-15). Unlike
 * lgamma() it touches no global (signgam). */
double clearn__lngamma(double x);
/* The regularised incomplete beta function I_x(a, b), a, b > 0, x in
 * [0, 1]; xc must be 1 - x, given separately so that callers who know it
 * exactly avoid the cancellation of 1 - x. NaN for bad arguments. */
double clearn__betainc(double a, double b, double x, double xc);
/* Two-sided p-value of Student's t with df > 0 degrees of freedom:
 * P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2). */
double clearn__t_pvalue(double t, double df);
/* P(X <= m) for X ~ Binomial(n, 1/2). */
double clearn__binom_half_cdf(size_t m, size_t n);

#endif
