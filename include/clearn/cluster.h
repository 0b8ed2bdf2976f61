/* clearn — clustering: what the k-means estimator offers beyond the
 * estimator interface (see clearn_kmeans(3)).
 *
 * The estimator itself is made like any other, from a spec string:
 *   clearn_estimator_new("kmeans k=3 init=k-means++ seed=7", &err)
 * Its parameters: k, init (k-means++, random, first), n_init, max_iter,
 * tol, seed, threads. Predicting gives each row's cluster index 0..k-1;
 * clearn_estimator_decision_function gives each row's k distances to the
 * centres (scikit-learn's KMeans.transform).
 *
 * These calls read a fitted kmeans estimator, alone or as the last stage of
 * a pipeline (the centres are then in the space that stage saw). Each
 * returns CLEARN_EINVAL for a NULL argument or an estimator of another
 * type, and CLEARN_ENOTFIT before fitting. */
#ifndef CLEARN_CLUSTER_H
#define CLEARN_CLUSTER_H

#include <stddef.h>
#include <clearn/error.h>
#include <clearn/estimator.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A fitted k-means model at a glance. */
typedef struct clearn_kmeans_stats {
    size_t k;           /* clusters */
    size_t features;    /* coordinates of a centre: the attributes but the class */
    size_t rows;        /* training rows */
    size_t iterations;  /* Lloyd iterations of the run kept (scikit-learn's n_iter_) */
    double inertia;     /* sum of squared distances of the training rows to
                         * their centres, for the run kept (inertia_) */
} clearn_kmeans_stats;

/* Fills *out. */
int clearn_kmeans_info(const clearn_estimator *e, clearn_kmeans_stats *out, clearn_error *err);

/* The centres (scikit-learn's cluster_centers_): out receives k x features
 * doubles, row-major, cluster 0 first, features in attribute order without
 * the class; n must equal k * features (CLEARN_EINVAL otherwise). The
 * values are exactly those a saved and reloaded model holds. */
int clearn_kmeans_centers(const clearn_estimator *e, double *out, size_t n, clearn_error *err);

/* Training rows per cluster: out receives k counts (n must equal k). */
int clearn_kmeans_sizes(const clearn_estimator *e, size_t *out, size_t n, clearn_error *err);

/* The inertia and the iteration count of clearn_kmeans_info, alone. */
int clearn_kmeans_inertia(const clearn_estimator *e, double *inertia, clearn_error *err);
int clearn_kmeans_iterations(const clearn_estimator *e, size_t *iterations, clearn_error *err);

#ifdef __cplusplus
}
#endif
#endif
