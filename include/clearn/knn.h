/* clearn — k-nearest neighbours: neighbour queries.
 *
 * The classifier / regressor is the estimator type "knn" (clearn_knn(3)):
 *   clearn_estimator_new("knn k=5 metric=manhattan weights=distance", &err)
 * Its parameters: k, weights (uniform, distance), metric (euclidean,
 * sqeuclidean, manhattan, chebyshev, minkowski with p, cosine, hamming,
 * mixed), algorithm (auto, brute, kd_tree, ball_tree), screen (single,
 * double), leaf_size, threads.
 *
 * This header adds what an estimator cannot express: the k nearest
 * training rows of each query row and their distances, either from a
 * fitted knn estimator or from a stand-alone index over any dataset.
 *
 * Output layout (both calls): for n query rows, indices and distances are
 * n x k arrays, row-major; row q lists its neighbours from nearest to
 * farthest, equal distances by lower training index. distances may be
 * NULL. Results do not depend on the algorithm or on threads=. */
#ifndef CLEARN_KNN_H
#define CLEARN_KNN_H

#include <stddef.h>
#include <clearn/error.h>
#include <clearn/dataset.h>
#include <clearn/estimator.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The k nearest training rows of each row of queries, from a fitted knn
 * estimator (or a pipeline ending in one: queries then go through its
 * transforms first). Training rows are counted 0, 1, ... over the rows fit
 * used, i.e. the rows of the training set whose class was not missing.
 * queries is matched to the training schema by attribute name (its class
 * column may be absent). k must be in [1, training rows].
 * Errors: CLEARN_EINVAL (NULL argument, not a knn estimator, bad k, a
 * missing value the metric cannot compare), CLEARN_ENOTFIT, CLEARN_ESCHEMA,
 * CLEARN_ENOMEM. */
int clearn_knn_query(const clearn_estimator *knn, const clearn_dataset *queries, size_t k,
                     size_t *indices, double *distances, clearn_error *err);

/* ---- stand-alone index ---------------------------------------------------- */

typedef struct clearn_knn_index clearn_knn_index;

/* Builds an index over every row of data, on all its attributes but the
 * class (data need not have one; a row whose class is missing is kept).
 * options: NULL or "" for the defaults, else space-separated key=value
 * pairs of the knn parameters that concern search: metric, p, algorithm,
 * screen, leaf_size, threads (e.g. "metric=cosine threads=2"). The data is
 * copied.
 * Errors: CLEARN_EINVAL (no rows, no attribute, a bad option, an
 * attribute or missing value the metric cannot use), CLEARN_ENOMEM. */
clearn_knn_index *clearn_knn_index_new(const clearn_dataset *data, const char *options,
                                       clearn_error *err);

/* Frees the index; NULL is a no-op. */
void clearn_knn_index_free(clearn_knn_index *index);

/* Rows indexed. */
size_t clearn_knn_index_rows(const clearn_knn_index *index);

/* The k nearest indexed rows of each row of queries (matched to the
 * indexed data's schema by attribute name); indices count the rows of the
 * data given to clearn_knn_index_new. Errors as clearn_knn_query. An index
 * may be queried from several threads at once. */
int clearn_knn_index_query(const clearn_knn_index *index, const clearn_dataset *queries,
                           size_t k, size_t *indices, double *distances, clearn_error *err);

#ifdef __cplusplus
}
#endif
#endif
