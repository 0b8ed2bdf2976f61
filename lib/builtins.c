/* clearn — the built-in estimator and transform types, registered once by
 * lib/registry.c. A new module adds its type here. */
#include "config.h"
#include "internal.h"

const clearn_estimator_type *const clearn__builtin_estimators[] = {
    &clearn__zeror_type,
    &clearn__oner_type,
    &clearn__knn_type,
    &clearn__id3_type,
    &clearn__c45_type,
    &clearn__cart_type,
    &clearn__svm_type,
    &clearn__linear_svc_type,
    &clearn__logreg_liblinear_type,
    &clearn__linear_svr_type,
    &clearn__ols_type,
    &clearn__ridge_type,
    &clearn__lasso_type,
    &clearn__elastic_net_type,
    &clearn__logreg_type,
    &clearn__perceptron_type,
    &clearn__sgd_type,
    &clearn__nb_gaussian_type,
    &clearn__nb_multinomial_type,
    &clearn__nb_bernoulli_type,
    &clearn__nb_categorical_type,
    &clearn__naive_bayes_type,
    &clearn__kmeans_type,
    &clearn__random_forest_type,
    &clearn__extra_trees_type,
    &clearn__bagging_type,
};
const size_t clearn__n_builtin_estimators =
    sizeof clearn__builtin_estimators / sizeof clearn__builtin_estimators[0];

const clearn_transform_type *const clearn__builtin_transforms[] = {
    &clearn__standardize_type,
    &clearn__minmax_type,
    &clearn__onehot_type,
    &clearn__impute_type,
    &clearn__discretize_type,
    &clearn__select_type,
    &clearn__pca_type,
};
const size_t clearn__n_builtin_transforms =
    sizeof clearn__builtin_transforms / sizeof clearn__builtin_transforms[0];
