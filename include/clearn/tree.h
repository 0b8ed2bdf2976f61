/* clearn — decision trees: what the tree estimators offer beyond the
 * estimator interface (see clearn_cart(3)).
 *
 * The estimators themselves are made like any other, from spec strings:
 * "cart max_depth=3 criterion=entropy". These calls read a fitted cart
 * estimator (alone, or as the last stage of a pipeline: then the features
 * are the ones that stage saw). */
#ifndef CLEARN_TREE_H
#define CLEARN_TREE_H

#include <stddef.h>
#include <clearn/error.h>
#include <clearn/dataset.h>
#include <clearn/estimator.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The shape of a fitted tree. */
typedef struct clearn_tree_stats {
    size_t nodes;       /* all nodes, leaves included */
    size_t leaves;
    size_t depth;       /* longest root-to-leaf path in edges (a stump: 1) */
    size_t features;    /* attributes the tree may test (all but the class) */
    size_t classes;     /* categories of the class; 0 for regression */
} clearn_tree_stats;

/* Fills *out for a fitted cart, c45 or id3 estimator. CLEARN_EINVAL when
 * e is none of them, CLEARN_ENOTFIT before fitting. */
int clearn_tree_info(const clearn_estimator *e, clearn_tree_stats *out, clearn_error *err);

/* Impurity-based feature importances (scikit-learn's
 * feature_importances_): each split adds its weighted impurity decrease to
 * its attribute, and the totals are normalised to sum to 1 (all 0 for a
 * tree that is one leaf). out receives n values, one per feature in
 * attribute order without the class; n must equal
 * clearn_tree_stats.features (CLEARN_EINVAL otherwise). */
int clearn_tree_feature_importances(const clearn_estimator *e, double *out, size_t n,
                                    clearn_error *err);

/* The minimal cost-complexity pruning path (scikit-learn's
 * cost_complexity_pruning_path): fits a copy of e with ccp_alpha=0 on
 * train, then prunes its weakest link again and again. (*ccp_alphas)[i]
 * is the effective alpha of step i (0 first) and (*impurities)[i] the
 * total impurity of the leaves of the tree pruned that far (each leaf's
 * impurity weighted by its share of the training weight); *n steps, the
 * last being the root alone. Fitting with ccp_alpha=a gives the tree of
 * the last step whose alpha is <= a. Both arrays are the caller's: release
 * them with clearn_free. e is not changed and need not be fitted; it must
 * be a cart estimator. */
int clearn_cart_pruning_path(const clearn_estimator *e, const clearn_dataset *train,
                             double **ccp_alphas, double **impurities, size_t *n,
                             clearn_error *err);

#ifdef __cplusplus
}
#endif
#endif
