/* clearn — private pieces shared by the naive Bayes files: lib/bayes.c
 * (shared prediction code, the public calls of <clearn/bayes.h>),
 * lib/bayes_sklearn.c (nb_gaussian, nb_multinomial, nb_bernoulli,
 * nb_categorical) and lib/bayes_mixed.c (naive_bayes, Weka's NaiveBayes).
 * Not installed. */
#ifndef CLEARN_BAYES_IMPL_H
#define CLEARN_BAYES_IMPL_H

#include <stddef.h>
#include "internal.h"

/* The joint log-likelihood of every class for one row of data laid out as
 * in training (the class column ignored): log P(c) + sum_j log P(x_j | c),
 * over the known values. Entries are finite or -inf, never NaN or +inf. */
typedef void (*clearn__nb_jll_fn)(const void *state, const double *row, double *out);

/* What the shared prediction code needs from a fitted type. */
struct clearn__nb_view {
    size_t k;                 /* classes */
    const double *lprior;     /* k log priors: the answer when every class
                               * has a joint log-likelihood of -inf */
    clearn__nb_jll_fn jll;
    const void *state;
};

/* Which output clearn__nb_run writes per row. */
enum clearn__nb_out { CLEARN__NB_CLASS, CLEARN__NB_PROBA, CLEARN__NB_JLL };

/* For every row of x: the most probable class (ties: the lowest code), the
 * k class probabilities, or the k joint log-likelihoods. Allocates k
 * doubles of scratch. */
int clearn__nb_run(const struct clearn__nb_view *v, const clearn_dataset *x,
                   enum clearn__nb_out what, double *out, clearn_error *err);

/* Probabilities from joint log-likelihoods, computed as exp(jll - max) /
 * sum so that thousands of features do not underflow. When every entry is
 * -inf the row is explained by no class; the answer is then the
 * normalised prior exp(lprior). */
void clearn__nb_proba(const double *jll, const double *lprior, size_t k, double *p);


/* n * m, or SIZE_MAX when it overflows. */
size_t clearn__nb_mul(size_t n, size_t m);

/* The class's number of categories when ds has a nominal class, else 0. */
size_t clearn__nb_classes(const clearn_dataset *ds);

/* The types, and their joint log-likelihoods for clearn_nb_joint_log_proba
 * (x in the training schema): lib/bayes_sklearn.c (CLEARN_EINVAL for a
 * type not its own) and lib/bayes_mixed.c. */
extern const clearn_estimator_type clearn__nb_gaussian_type, clearn__nb_multinomial_type,
    clearn__nb_bernoulli_type, clearn__nb_categorical_type, clearn__naive_bayes_type;
int clearn__nb_sklearn_jll(const clearn_estimator_type *type, const void *state,
                           const clearn_dataset *x, double *out, clearn_error *err);
int clearn__naive_bayes_jll(const void *state, const clearn_dataset *x, double *out,
                            clearn_error *err);

#endif
