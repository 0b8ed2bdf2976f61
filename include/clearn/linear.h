/* clearn — linear models: what they offer beyond the estimator interface.
 *
 * The types (see clearn_linear(3)): "ols" (least squares by QR, with the
 * statistician's table), "ridge", "lasso" and "elastic_net" (regression),
 * and "logreg" (binary and multinomial logistic regression). They encode a
 * nominal attribute with k categories as k - 1 indicator columns (the first
 * category is the reference level) and refuse missing feature values when
 * fitting (put "impute |" in front); at prediction a missing value stands
 * for the training mean of its columns.
 *
 * Coefficients are laid out by equation: a regression has one, a binary
 * logreg one (for the second class against the first), a multinomial
 * logreg one per class (penalty=l2) or one per class after the first,
 * which is the reference (penalty=none). Each equation holds its intercept
 * (0 when fitted without one) followed by one coefficient per design
 * column. The calls below work on an estimator fitted with one of these
 * types, also as the last stage of a pipeline; they fail with
 * CLEARN_ENOTFIT before fitting and CLEARN_EINVAL for another type. Arrays
 * are the caller's, clearn_linear_ncoefs() long unless said otherwise. */
#ifndef CLEARN_LINEAR_H
#define CLEARN_LINEAR_H

#include <stddef.h>
#include <clearn/error.h>
#include <clearn/dataset.h>
#include <clearn/estimator.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- every linear type ----------------------------------------------------- */

/* Number of coefficients (equations x (1 + design columns)); 0 when e is
 * not a fitted linear estimator. */
size_t clearn_linear_ncoefs(const clearn_estimator *e);

/* The coefficients into coef. */
int clearn_linear_coefs(const clearn_estimator *e, double *coef, clearn_error *err);

/* Name of coefficient j into buf (size bytes, always terminated):
 * "(Intercept)", "x1", "outlook=rainy"; for logreg prefixed by the class
 * of the equation, "Iris-virginica:petallength". CLEARN_EINVAL when j is
 * out of range. */
int clearn_linear_coef_name(const clearn_estimator *e, size_t j, char *buf, size_t size,
                            clearn_error *err);

/* Number of design columns a dataset gives (its features, nominal ones
 * expanded as above). */
size_t clearn_linear_width(const clearn_dataset *ds);

/* ---- ols: the regression summary ------------------------------------------- */

typedef struct clearn_ols_stats {
    size_t n;             /* rows fitted */
    size_t rank;          /* rank of the design (without the intercept) */
    int intercept;        /* fitted with an intercept */
    int svd;              /* 1: solved by SVD (rank deficient or solver=svd) */
    double df_model;      /* rank */
    double df_resid;      /* n - rank - intercept */
    double rss;           /* residual sum of squares */
    double tss;           /* total sum of squares: about the mean with an
                           * intercept, about 0 without (as R and NIST) */
    double r2, adj_r2;    /* 1 - rss/tss; adjusted for the degrees of freedom */
    double sigma;         /* residual standard error sqrt(rss / df_resid) */
    double f, f_pvalue;   /* F statistic of the model against the intercept
                           * only (against 0 without one) and its p-value */
    double rcond;         /* smallest / largest singular value of the
                           * centred, column-scaled design */
} clearn_ols_stats;

/* The summary statistics of a fitted ols. Undefined figures (no residual
 * degrees of freedom, a constant response) are NaN. */
int clearn_ols_get_stats(const clearn_estimator *e, clearn_ols_stats *out, clearn_error *err);

/* The coefficient table: estimates, standard errors, t values and
 * two-sided p-values (Student t with df_resid degrees of freedom). Any
 * array may be NULL. Without an intercept its entries are 0 (estimate)
 * and NaN. */
int clearn_ols_table(const clearn_estimator *e, double *coef, double *se, double *t,
                     double *p, clearn_error *err);

/* ---- logreg: likelihood and covariance --------------------------------------- */

typedef struct clearn_logreg_stats {
    size_t n;             /* rows fitted */
    size_t classes;       /* classes present in the training data */
    size_t n_params;      /* parameters estimated */
    double loglik;        /* log-likelihood at the estimate (with class
                           * weights: the weighted log-likelihood) */
    double loglik_null;   /* the same for the intercept-only model */
    double pseudo_r2;     /* McFadden's: 1 - loglik / loglik_null */
    long n_iter;          /* iterations of the solver */
    int converged;        /* the solver met its tolerance */
} clearn_logreg_stats;

int clearn_logreg_get_stats(const clearn_estimator *e, clearn_logreg_stats *out, clearn_error *err);

/* Estimates, standard errors, z values and two-sided p-values (normal), as
 * statsmodels' Logit and MNLogit give them. Standard errors come from the
 * inverse of the Hessian of the log-likelihood, so they exist only for
 * penalty=none; otherwise (and for an intercept not fitted, or a singular
 * Hessian) they are NaN. Any array may be NULL. */
int clearn_logreg_table(const clearn_estimator *e, double *coef, double *se, double *z,
                        double *p, clearn_error *err);

/* The ncoefs x ncoefs covariance matrix of the estimates (row-major), NaN
 * where undefined as above. */
int clearn_logreg_cov(const clearn_estimator *e, double *cov, clearn_error *err);

/* ---- the lasso / elastic net regularisation path ----------------------------- */

typedef struct clearn_path_options {
    double l1_ratio;      /* mix of the penalties: 1 = lasso (default), in (0, 1] */
    size_t n_alphas;      /* number of alphas (default 100) */
    double eps;           /* alpha_min / alpha_max of the grid (default 1e-3) */
    const double *alphas; /* NULL (default): the grid of scikit-learn's
                           * lasso_path, n_alphas values from alpha_max (the
                           * smallest alpha giving all-zero coefficients)
                           * down to eps * alpha_max, evenly spaced in log;
                           * otherwise n_alphas alphas >= 0, fitted in the
                           * order given */
    int intercept;        /* fit an intercept (centre the data; default 1) */
    double tol;           /* duality-gap tolerance, as scikit-learn's (1e-4) */
    long max_iter;        /* coordinate sweeps per alpha (default 1000) */
} clearn_path_options;

/* Sets the defaults above. */
void clearn_path_options_init(clearn_path_options *opt);

/* Fits the elastic net on train (a numeric class; complete rows) for each
 * alpha, each fit warm-started from the previous one, minimising
 *   (1/(2n)) ||y - Xw - b||^2 + alpha l1_ratio ||w||_1
 *                              + (alpha/2)(1 - l1_ratio) ||w||^2.
 * alphas receives the n_alphas alphas (may be NULL), coefs n_alphas x width
 * coefficients (row-major, width = clearn_linear_width(train)), intercepts
 * the n_alphas intercepts (may be NULL), n_iter the sweeps each fit took
 * (may be NULL). An alpha that does not converge in max_iter sweeps keeps
 * its last iterate and is counted in *not_converged (may be NULL). */
int clearn_lasso_path(const clearn_dataset *train, const clearn_path_options *opt,
                      double *alphas, double *coefs, double *intercepts, long *n_iter,
                      size_t *not_converged, clearn_error *err);

#ifdef __cplusplus
}
#endif
#endif
