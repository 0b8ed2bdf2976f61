/* clearn — private helpers shared by the linear models: lib/linreg.c (ols;
 * the design matrix, column moments, the QR factor of the data),
 * lib/lasso.c (ridge, lasso, elastic_net, the regularisation path; the
 * coefficient store) and lib/logreg.c (logreg). Not installed. */
#ifndef CLEARN_LINEAR_IMPL_H
#define CLEARN_LINEAR_IMPL_H

#include <stdio.h>
#include "internal.h"
#include <clearn/linear.h>

/* ---- the design matrix ----------------------------------------------------
 * Every attribute but the class gives columns, in attribute order: a
 * numeric attribute its value; a nominal one with k categories k - 1
 * indicators, of categories 2..k (the first category is the reference
 * level, all indicators 0: R's treatment contrasts). */

/* Number of design columns of a schema. */
size_t clearn__lm_width(const clearn_dataset *ds);

/* Name of design column c ("age", "outlook=rainy") into buf. */
void clearn__lm_colname(const clearn_dataset *ds, size_t c, char *buf, size_t size);

/* CLEARN_EINVAL naming the first row and attribute whose feature value is
 * missing (fitting needs complete rows). */
int clearn__lm_no_missing(const clearn_dataset *ds, const char *who, clearn_error *err);

/* Design rows r0 .. r0 + m - 1 of ds: element (i, c) goes to
 * out[i * rs + c * cs] (row-major: rs = width, cs = 1; column-major:
 * rs = 1, cs = leading dimension). A missing value takes fill[c], or
 * stays NaN (in every indicator of a nominal attribute) when fill is NULL. */
void clearn__lm_expand(const clearn_dataset *ds, size_t r0, size_t m, const double *fill,
                       double *out, size_t rs, size_t cs);

/* Rows are processed in chunks whose boundaries depend on n only, so that
 * results do not depend on the number of threads. */
size_t clearn__lm_chunks(size_t n, size_t min_rows, size_t *rows_per_chunk);

/* threads= as a thread count, or CLEARN_EINVAL naming the estimator. */
int clearn__lm_threads(long threads, const char *who, size_t *out, clearn_error *err);

/* ---- column moments and the QR factor of [X y] ------------------------- */

/* Means of the p design columns and of the class (index p), and their root
 * sums of squares about the means (center) or about 0. A missing feature
 * value fails as clearn__lm_no_missing does (the sums show it, so the
 * data need no scan beforehand); CLEARN_ENUMERIC when a sum overflows. */
int clearn__lm_moments(const clearn_dataset *ds, int center, size_t threads, const char *who,
                       double *mean, double *norm, clearn_error *err);

/* The triangular factor of the QR decomposition of [X y], X the design,
 * each column centred (when center) and divided by its scale. */
struct clearn__lm_qr {
    size_t n, p;          /* rows; design columns (r is (p + 1) x (p + 1)) */
    int center;
    double *mean;         /* p + 1 means (of X's columns, then y's);
                           * subtracted only when center */
    double *norm;         /* p + 1 root sums of squares (about the mean if centred) */
    double *scale;        /* p + 1 divisors: norm rounded down to a power of
                           * two, or 1 for a zero column */
    double *r;            /* column-major, upper triangle; the last column is Q'y */
};
int clearn__lm_qr(const clearn_dataset *ds, int center, size_t threads, const char *who,
                  struct clearn__lm_qr *qr, clearn_error *err);
void clearn__lm_qr_free(struct clearn__lm_qr *qr);

/* ---- fitted coefficients ---------------------------------------------- */

/* Largest counts a model may have (and a model file may declare). */
#define CLEARN__LM_MAX_WIDTH ((size_t)1 << 24)
#define CLEARN__LM_MAX_OUTPUTS ((size_t)1 << 16)

/* 1 when the n values are all finite. */
int clearn__lm_finite(const double *v, size_t n);

/* Width of the name column of a coefficient table over p design columns. */
int clearn__lm_name_width(const clearn_dataset *schema, size_t p);

/* k equations (outputs) over p design columns: score_o(x) =
 * intercept[o] + sum_c x_c coef[c * k + o]. */
struct clearn__lm {
    size_t p, k;
    double *coef;         /* p x k */
    double *intercept;    /* k */
    double *mean;         /* p: training means of the design columns, which
                           * stand in for missing values at prediction */
};
void clearn__lm_clear(struct clearn__lm *m);
int clearn__lm_alloc(struct clearn__lm *m, size_t p, size_t k, clearn_error *err);
int clearn__lm_save(const struct clearn__lm *m, clearn_writer *w, clearn_error *err);
/* Reads what clearn__lm_save wrote; counts are bounded, values finite. */
int clearn__lm_load(struct clearn__lm *m, const char *who, clearn_reader *r, clearn_error *err);
/* CLEARN_ESCHEMA unless x has the model's design width. */
int clearn__lm_check(const struct clearn__lm *m, const char *who, const clearn_dataset *x,
                     clearn_error *err);
/* n x k scores of the rows of x into out (x already checked). */
int clearn__lm_scores(const struct clearn__lm *m, const clearn_dataset *x, double *out,
                      clearn_error *err);
/* The coefficient table of a regression ("(Intercept)" and each design
 * column with its value), under a title line. */
int clearn__lm_print(const struct clearn__lm *m, const clearn_dataset *schema,
                     const char *title, FILE *out, clearn_error *err);
/* CLEARN_EIO for a failed write. */
int clearn__lm_io(int ok, const char *who, clearn_error *err);

/* Reads a size written by the writer, refusing more than max. */
int clearn__lm_read_count(clearn_reader *r, const char *key, size_t max, const char *who,
                          size_t *out, clearn_error *err);

/* ---- access from the public calls (include/clearn/linear.h) ----------- */

/* The state of the final estimator of e when e is fitted and of the given
 * type, else NULL. */
const void *clearn__lm_state(const clearn_estimator *e, const clearn_estimator_type *type);

/* Where each type keeps its struct clearn__lm inside its state. */
extern const clearn_estimator_type clearn__ols_type, clearn__ridge_type, clearn__lasso_type,
    clearn__elastic_net_type, clearn__logreg_type;
extern const size_t clearn__ols_lm_offset, clearn__ridge_lm_offset, clearn__lasso_lm_offset,
    clearn__logreg_lm_offset;

/* The class of equation o of a fitted logreg (lib/logreg.c). */
const char *clearn__logreg_eq_class(const void *state, const clearn_dataset *schema, size_t o);

#endif
