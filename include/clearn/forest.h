/* clearn — tree ensembles: what the forest estimators (random_forest,
 * extra_trees, bagging) offer beyond the estimator interface (see
 * clearn_forest(3)).
 *
 * The estimators themselves are made like any other, from spec strings:
 * "random_forest n_trees=200 oob=1 threads=0". These calls read a fitted
 * forest estimator (alone, or as the last stage of a pipeline: then the
 * features are the ones that stage saw). */
#ifndef CLEARN_FOREST_H
#define CLEARN_FOREST_H

#include <stddef.h>
#include <clearn/error.h>
#include <clearn/estimator.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The shape of a fitted forest. */
typedef struct clearn_forest_stats {
    size_t trees;
    size_t nodes;       /* of all trees, leaves included */
    size_t leaves;      /* of all trees */
    size_t max_depth;   /* the deepest tree's depth in edges */
    size_t features;    /* attributes the trees may test (all but the class) */
    size_t classes;     /* categories of the class; 0 for regression */
} clearn_forest_stats;

/* Fills *out for a fitted random_forest, extra_trees or bagging
 * estimator. CLEARN_EINVAL when e is none of them, CLEARN_ENOTFIT before
 * fitting. */
int clearn_forest_info(const clearn_estimator *e, clearn_forest_stats *out,
                       clearn_error *err);

/* Impurity-based feature importances (scikit-learn's
 * feature_importances_): the mean, over the trees that split at least
 * once, of each tree's normalised importances, normalised to sum to 1 (all
 * 0 when no tree splits). out receives n values, one per feature in
 * attribute order without the class; n must equal clearn_forest_stats.
 * features (CLEARN_EINVAL otherwise). */
int clearn_forest_feature_importances(const clearn_estimator *e, double *out, size_t n,
                                      clearn_error *err);

/* The out-of-bag score computed by fit with oob=1 (scikit-learn's
 * oob_score_): the accuracy (nominal class) or R^2 (numeric class) of each
 * training row predicted by the trees whose bootstrap did not draw it.
 * CLEARN_EINVAL when the forest was fitted without oob=1. */
int clearn_forest_oob_score(const clearn_estimator *e, double *score, clearn_error *err);

#ifdef __cplusplus
}
#endif
#endif
