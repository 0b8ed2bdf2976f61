/* clearn — nearest-neighbour search kernels (core layer). Private: included
 * by library modules, not installed.
 *
 * lib/distance.c: the metrics (exact "reduced" distances), a top-k list,
 * the searcher (clearn__nn) and brute-force search, with a BLAS screen
 * (sgemm or dgemm) for euclidean, squared euclidean and cosine distances.
 * lib/knn_tree.c: kd-tree and ball-tree search over the same searcher.
 *
 * Exactness. Every distance that decides a result is computed by one exact
 * kernel (clearn__rdist: a sequential sum over the coordinates in order, in
 * double), whatever the algorithm. The BLAS products only screen: a row is
 * dropped only when a rounding-error bound proves that it cannot enter the
 * k nearest, and every surviving row is measured with the exact kernel.
 * Trees prune only nodes whose lower bound exceeds the current k-th
 * distance. So the k nearest, ordered by (reduced distance, row index), are
 * the same for brute force, kd-tree and ball tree, either screen, any block
 * size and any number of threads. */
#ifndef CLEARN_DISTANCE_H
#define CLEARN_DISTANCE_H

#include <math.h>
#include <stddef.h>
#include <clearn/error.h>

/* Metrics, in the order of the knn type's metric= choices. */
enum {
    CLEARN__EUCLIDEAN = 0,
    CLEARN__SQEUCLIDEAN,
    CLEARN__MANHATTAN,
    CLEARN__CHEBYSHEV,
    CLEARN__MINKOWSKI,
    CLEARN__COSINE,
    CLEARN__HAMMING,
    CLEARN__MIXED
};

/* Search methods, in the order of the knn type's algorithm= choices. */
enum { CLEARN__AUTO = 0, CLEARN__BRUTE, CLEARN__KD_TREE, CLEARN__BALL_TREE };

/* The BLAS screen of brute force (euclidean, sqeuclidean, cosine): none
 * (exact distances throughout), or products in double (dgemm) or single
 * precision (sgemm) that only decide which rows to measure exactly. The
 * results are the same. SINGLE and DOUBLE are 1 + the knn type's screen=
 * choices. */
enum { CLEARN__SCREEN_NONE = 0, CLEARN__SCREEN_SINGLE, CLEARN__SCREEN_DOUBLE };

/* A metric over d coordinates. Reduced distances (what searches compare)
 * are: euclidean, sqeuclidean and mixed: the sum of squared differences;
 * manhattan: sum of |differences|; minkowski: sum of |differences|^p;
 * chebyshev: the largest |difference|; cosine: 1 - u.v of the unit rows
 * (clipped to [0, 2]); hamming: the fraction of coordinates that differ
 * (NaN differs from everything). clearn__dist_from_r turns them into
 * distances (square root for euclidean and mixed, 1/p-th power for
 * minkowski, unchanged otherwise). */
typedef struct clearn__metric {
    int kind;
    double p;                       /* minkowski exponent, >= 1 */
    size_t d;
    /* mixed (Weka IBk's rules): per coordinate, nominal or numeric, and a
     * numeric coordinate's training minimum and width (max - min; lo is
     * NaN when no value was seen). */
    const unsigned char *nominal;
    const double *lo, *width;
} clearn__metric;

/* Fills m. minkowski with p = 1 or 2 becomes manhattan or euclidean (as
 * scikit-learn's effective metric does). */
void clearn__metric_init(clearn__metric *m, int kind, double p, size_t d);

/* 1 when a tree can search this metric (a metric on numbers with the
 * triangle inequality): euclidean, sqeuclidean, manhattan, chebyshev,
 * minkowski. */
int clearn__metric_tree_ok(const clearn__metric *m);

/* Reduced distance between rows a and b (d values; for cosine, rows made
 * unit by clearn__metric_prepare). May stop early once the partial value
 * exceeds bound (pass INFINITY for none) and then returns some value >
 * bound; a result <= bound is exact. */
double clearn__rdist(const clearn__metric *m, const double *a, const double *b, double bound);

/* clearn__rdist for euclidean and sqeuclidean, inline for hot loops. */
static inline double clearn__r_squares(const double *a, const double *b, size_t d, double bound)
{
    double s = 0;
    for (size_t j = 0; j < d; j++) {
        double t = a[j] - b[j];
        s += t * t;
        if (s > bound)
            break;
    }
    return s;
}

/* The distance of a reduced distance, and back (for ball-tree bounds). */
double clearn__dist_from_r(const clearn__metric *m, double r);
double clearn__r_from_dist(const clearn__metric *m, double dist);

/* Makes a row ready for clearn__rdist: for cosine, divides it by its
 * length (a zero row stays zero, as scikit-learn's normalize leaves it);
 * nothing for other metrics. */
void clearn__metric_prepare(const clearn__metric *m, double *row);

/* ---- the k nearest so far --------------------------------------------- */

typedef struct clearn__nbr {
    double r;       /* reduced distance */
    size_t i;       /* training row (as given to the searcher) */
} clearn__nbr;

/* A max-heap of at most k neighbours ordered by (r, i): a row enters when
 * it is nearer than the worst kept, or as near with a lower index. */
typedef struct clearn__topk {
    clearn__nbr *h;
    size_t k, n;
} clearn__topk;

/* The r a newcomer must not exceed to be considered: the worst kept r once
 * k are kept, else +infinity. */
static inline double clearn__topk_bound(const clearn__topk *t)
{
    return t->n < t->k ? INFINITY : t->h[0].r;
}
/* Offers (r, i); returns 1 if it was kept. */
int clearn__topk_push(clearn__topk *t, double r, size_t i);
/* Sorts the kept neighbours by (r, i) into t->h[0..n) (the heap is gone). */
void clearn__topk_sort(clearn__topk *t);

/* ---- the searcher ------------------------------------------------------- */

typedef struct clearn__tree clearn__tree;

typedef struct clearn__nn {
    clearn__metric m;
    int method;                 /* CLEARN__BRUTE, CLEARN__KD_TREE, CLEARN__BALL_TREE */
    size_t n, d, leaf_size;
    double *x;                  /* n x d rows in storage order (cosine: unit rows) */
    double *raw;                /* cosine: the rows as given; otherwise NULL */
    size_t *id;                 /* trees: storage row -> row as given */
    int screen;                 /* CLEARN__SCREEN_* */
    double *sq;                 /* double screen: squared length of each row */
    float *xf, *sqf;            /* single screen: rows in screen units, squared lengths */
    double *mu, scale;          /* single screen, not cosine: x' = (x - mu) scale */
    clearn__tree *tree;
} clearn__nn;

/* Builds a searcher over x (n >= 1 rows of d values, row-major, allocated
 * with clearn__malloc). nn takes x whatever happens (trees reorder it in
 * place). method is BRUTE, KD_TREE or BALL_TREE (a tree needs
 * clearn__metric_tree_ok); screen is CLEARN__SCREEN_SINGLE or _DOUBLE
 * (brute force on euclidean, sqeuclidean and cosine only);
 * m->nominal/lo/width are borrowed. threads builds tree branches in
 * parallel (the tree does not depend on it). */
int clearn__nn_build(clearn__nn *nn, double *x, size_t n, size_t d, const clearn__metric *m,
                     int method, int screen, size_t leaf_size, size_t threads,
                     clearn_error *err);
/* Frees what build allocated; a zeroed nn is fine. */
void clearn__nn_free(clearn__nn *nn);

/* Row i as given to build. inv is clearn__nn_inverse's array (NULL when
 * that returned NULL with rc CLEARN_OK). */
const double *clearn__nn_row(const clearn__nn *nn, const size_t *inv, size_t i);
/* *inv receives the row -> storage map when rows were reordered (a new
 * array, clearn__free it), else NULL. */
int clearn__nn_inverse(const clearn__nn *nn, size_t **inv, clearn_error *err);

/* Query rows: row i's coordinate j is x[i * stride + cols[j]] (cols NULL:
 * x[i * stride + j]). */
typedef struct clearn__rows {
    const double *x;
    size_t n, stride;
    const size_t *cols;
} clearn__rows;

/* Receives query q's k nearest (sorted, ids as given to build), from a
 * worker thread: it must write only q's part of its output. scratch is
 * the task's own working memory (the doubles asked for in search). */
typedef void (*clearn__nn_visit)(void *ctx, size_t q, const clearn__nbr *nb, size_t k,
                                 double *scratch);

/* Finds the k (1 <= k <= nn->n) nearest rows of every query on `threads`
 * threads (blocks of queries; brute force with few queries also splits the
 * training rows and merges the lists, then visits in the calling thread;
 * results do not depend on threads) and hands them to visit with `scratch`
 * doubles of working memory. CLEARN_ENOMEM or CLEARN_EINVAL (bad k). */
int clearn__nn_search(const clearn__nn *nn, const clearn__rows *q, size_t k, size_t threads,
                      clearn__nn_visit visit, void *ctx, size_t scratch, clearn_error *err);

/* ---- trees (lib/knn_tree.c) ---------------------------------------------- */

/* Builds nn->tree over nn->x, reordering nn->x and filling nn->id. */
int clearn__tree_build(clearn__nn *nn, size_t threads, clearn_error *err);
void clearn__tree_free(clearn__tree *t);
/* Adds the nearest rows to q (prepared, d values) into t (ids as given). */
void clearn__tree_query(const clearn__nn *nn, const double *q, clearn__topk *t);

#endif
