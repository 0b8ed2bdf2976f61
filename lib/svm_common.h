/* clearn — private helpers shared by the libsvm and liblinear wrappers,
 * lib/svm.c and lib/liblinear.c (defined in liblinear.c, apart from the
 * svm decision values). Not installed.
 *
 * Both libraries take sparse rows of (index, value) pairs, indices from 1,
 * and draw from the C library's global rand(). The helpers here encode a
 * dataset's features as such rows (nominal attributes one-hot), parse class
 * weights, and serialise the libraries' use of rand(). */
#ifndef CLEARN_SVM_COMMON_H
#define CLEARN_SVM_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include "internal.h"

/* The types (registered through lib/builtins.c). */
extern const clearn_estimator_type clearn__svm_type, clearn__linear_svc_type,
    clearn__logreg_liblinear_type;

/* ---- feature encoding ------------------------------------------------------
 * Column layout of the training schema: every attribute but the class in
 * order, a numeric one as one column, a nominal one as one column per
 * category (one-hot; a missing or unseen category gives all zeros).
 * Missing numeric values are refused. Columns count from 0 here; the
 * libraries' indices are column + 1. */
struct clearn__xenc {
    size_t d;        /* attributes of the schema, the class included */
    size_t cls;      /* the class index, or CLEARN_NONE */
    size_t n_cols;   /* encoded columns (< INT_MAX) */
    long *shape;     /* d entries: -1 numeric, -2 the class, else the
                      * number of categories of a nominal attribute */
};

/* Takes the layout of ds's schema; CLEARN_ERANGE when it needs INT_MAX
 * columns or more. who names the estimator in messages. */
int clearn__xenc_fit(struct clearn__xenc *e, const clearn_dataset *ds, const char *who,
                     clearn_error *err);
void clearn__xenc_free(struct clearn__xenc *e);
/* CLEARN_ESCHEMA unless ds has the layout (only a doctored model file
 * fails this: predict data is conformed to the training schema first). */
int clearn__xenc_check(const struct clearn__xenc *e, const clearn_dataset *ds, const char *who,
                       clearn_error *err);
/* Counts the non-zero encoded values of ds into *nnz, the largest non-zero
 * column + 1 into *max_col (0 when every value is 0), and refuses a missing
 * numeric value (CLEARN_EINVAL naming the attribute and the row) or more
 * rows than INT_MAX (CLEARN_ERANGE). */
int clearn__xenc_scan(const struct clearn__xenc *e, const clearn_dataset *ds, const char *who,
                      size_t *nnz, size_t *max_col, clearn_error *err);
/* The non-zero values of row i of ds, by ascending column, into col[] and
 * val[] (room for n_cols each); returns how many. */
size_t clearn__xenc_row(const struct clearn__xenc *e, const clearn_dataset *ds, size_t i,
                        int *col, double *val);
/* Row i of ds densely into out[0..n_cols). */
void clearn__xenc_dense(const struct clearn__xenc *e, const clearn_dataset *ds, size_t i,
                        double *out);
int clearn__xenc_save(const struct clearn__xenc *e, clearn_writer *w, clearn_error *err);
int clearn__xenc_load(struct clearn__xenc *e, clearn_reader *r, const char *who,
                      clearn_error *err);

/* ---- classes ----------------------------------------------------------------- */

/* Number of categories of ds's class (0 when it has no nominal class). */
size_t clearn__svm_n_classes(const clearn_dataset *ds);

/* Parses a class_weight parameter for the nominal class of train (also
 * used by lib/sgd.c): "" (no
 * weights), "balanced" (n / (m * n_c) for each of the m classes present,
 * as scikit-learn), or "NAME:W,NAME:W..." (W > 0 and finite; a name is
 * matched up to its last ':'). Returns the libraries' arrays: *nr entries
 * of category codes and weights (both NULL when *nr is 0; free with
 * clearn__free). CLEARN_EINVAL names the bad entry. */
int clearn__class_weights(const char *spec, const clearn_dataset *train, const char *who,
                          int *nr, int **label, double **weight, clearn_error *err);

/* CLEARN_ECORRUPT ("a class label appears twice") unless v[0..n) are
 * distinct; CLEARN_ENOMEM. */
int clearn__distinct_ints(const int *v, size_t n, clearn_error *err);

/* ---- the global rand() ------------------------------------------------------
 * libsvm and liblinear draw from rand(). Around a training that does,
 * clearn__rand_lock takes one process-wide mutex (shared by both wrappers)
 * and calls srand(clearn__rand_seed(seed)); clearn__rand_unlock releases it.
 * The seed itself is used when it fits an unsigned int (higher bits are
 * folded in otherwise); the wrappers' default seed=1 reproduces svm-train
 * and liblinear-train, which never call srand(). */
unsigned clearn__rand_seed(long seed);
void clearn__rand_lock(long seed);
void clearn__rand_unlock(void);

/* ---- decision values (tests and, later, a public call) ----------------------
 * Raw scores of a fitted state for the rows of x (in the training schema),
 * row-major into out (rows x clearn__*_n_decision(state) values):
 *   svm, classification with k categories: k = 2: one column, > 0 votes for
 *     category 1 (scikit-learn's convention); k > 2: k(k-1)/2 columns, the
 *     pairs (0,1), (0,2), ..., (k-2,k-1), > 0 votes for the pair's first
 *     (scikit-learn's 'ovo' shape). NaN for a pair with a category that had
 *     no training rows.
 *   svm, regression and one-class: one column, the decision function
 *     (one-class: > 0 inlier).
 *   linear_svc, logreg_liblinear: k = 2: one column, > 0 for category 1;
 *     k > 2: one column per category (one-vs-rest; NaN for a category
 *     without training rows).
 * via_libsvm = 1 computes them with libsvm's svm_predict_values instead of
 * the fast path (the two agree bit for bit; tests check it). */
size_t clearn__svm_n_decision(const void *state);
/* 1 when predictions of this fitted svm state take the fast path (see
 * lib/svm.c), 0 when they go through libsvm row by row. */
int clearn__svm_fast(const void *state);
int clearn__svm_decision(const void *state, const clearn_dataset *x, int via_libsvm,
                         double *out, clearn_error *err);
size_t clearn__linear_n_decision(const void *state);
int clearn__linear_decision(const void *state, const clearn_dataset *x, double *out,
                            clearn_error *err);

#endif
