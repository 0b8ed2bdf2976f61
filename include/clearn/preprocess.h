/* clearn — what the preprocessing transforms learned: discretize's cut
 * points, select's scores and kept attributes (see clearn_discretize(3),
 * clearn_select(3)). The transforms themselves are used through
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

#ifdef __cplusplus
}
#endif

#endif
