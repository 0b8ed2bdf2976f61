/* clearn — what the preprocessing transforms learned: discretize's cut
 * points, select's scores and kept attributes, pca's variances and axes
 * (see clearn_discretize(3), clearn_select(3), clearn_pca(3)). The transforms themselves are used through
 * <clearn/transform.h> and in pipelines. */
#ifndef CLEARN_PREPROCESS_H
#define CLEARN_PREPROCESS_H

#include <stddef.h>
#include <clearn/error.h>
#include <clearn/dataset.h>
#include <clearn/transform.h>

#ifdef __cplusplus
extern "C" {
#endif

/* discretize: the cut points of attribute j (its index in the training
 * data) of a fitted discretize transform, increasing; the first `size` go
 * to cuts (which may be NULL when size is 0), their number to *n.
 * CLEARN_EINVAL if t is not a discretize transform or j is not a
 * discretized attribute; CLEARN_ENOTFIT. */
int clearn_discretize_cuts(const clearn_transform *t, size_t j, double *cuts, size_t size,
                           size_t *n, clearn_error *err);

/* select: the scores and p-values (either may be NULL) of a fitted select
 * transform, one per training attribute (n must be at least that count;
 * NaN for the class and attributes not scored; with method=variance the
 * variances and NaN p-values). */
int clearn_select_scores(const clearn_transform *t, double *scores, double *pvalues, size_t n,
                         clearn_error *err);

/* select: keep[j] = 1 when training attribute j is in the output (1 for
 * the class), else 0; n as above. */
int clearn_select_support(const clearn_transform *t, int *keep, size_t n, clearn_error *err);

/* Scores every attribute of data against its class without fitting
 * anything (score: auto, f_classif, f_regression or chi2, as select's
 * score=); NaN for the class. scores and pvalues hold one value per
 * attribute; either may be NULL. */
int clearn_select_score(const clearn_dataset *data, const char *score, double *scores,
                        double *pvalues, clearn_error *err);

/* pca: sizes and totals of a fitted pca transform (scikit-learn's names). */
typedef struct clearn_pca_summary {
    size_t n_components;    /* K: components kept (pc1..pcK) */
    size_t n_features;      /* p: attributes other than the class */
    size_t n_samples;       /* rows fitted on */
    double total_variance;  /* summed variance of all min(n, p) components */
    double noise_variance;  /* mean variance of the components not kept (0: none) */
} clearn_pca_summary;

/* pca: fills *sum (if not NULL) and copies into each non-NULL array: mean
 * (p values, mean_), components (K x p row-major, components_), variance,
 * ratio, singular (K values each: explained_variance_,
 * explained_variance_ratio_, singular_values_). Call with NULL arrays to
 * learn K and p first. CLEARN_EINVAL if t is not a pca transform;
 * CLEARN_ENOTFIT. */
int clearn_pca_info(const clearn_transform *t, clearn_pca_summary *sum, double *mean,
                    double *components, double *variance, double *ratio, double *singular,
                    clearn_error *err);

#ifdef __cplusplus
}
#endif

#endif
