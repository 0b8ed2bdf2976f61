/* clearn — naive Bayes: the prediction code the types share, long arrays
 * in model files, and the public calls of <clearn/bayes.h>. The types are
 * in lib/bayes_sklearn.c (nb_gaussian, nb_multinomial, nb_bernoulli,
 * nb_categorical) and lib/bayes_mixed.c (naive_bayes).
 *
 * Every type computes joint log-likelihoods and turns them into
 * probabilities with exp(jll - max) / sum, so thousands of features do not
 * underflow. Zero probabilities (alpha = 0) are log(0) = -inf throughout;
 * a class at -inf gets probability 0, and a row for which every class is
 * at -inf gets the prior. */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <clearn/bayes.h>
#include "internal.h"
#include "bayes_impl.h"


/* ---- shared prediction and model-file code ------------------------------- */

size_t clearn__nb_mul(size_t n, size_t m)
{
    return m && n > SIZE_MAX / m ? SIZE_MAX : n * m;
}

size_t clearn__nb_classes(const clearn_dataset *ds)
{
    if (ds->cls == CLEARN_NONE || ds->attrs[ds->cls].kind != CLEARN_NOMINAL)
        return 0;
    return ds->attrs[ds->cls].n_cats;
}

static size_t argmax(const double *v, size_t k)
{
    size_t best = 0;
    for (size_t c = 1; c < k; c++)
        if (v[c] > v[best])
            best = c;
    return best;
}

void clearn__nb_proba(const double *jll, const double *lprior, size_t k, double *p)
{
    double top, sum = 0;
    if (jll[argmax(jll, k)] == -INFINITY)
        jll = lprior;
    top = jll[argmax(jll, k)];
    for (size_t c = 0; c < k; c++)
        sum += p[c] = exp(jll[c] - top);
    for (size_t c = 0; c < k; c++)
        p[c] /= sum;
}

int clearn__nb_run(const struct clearn__nb_view *v, const clearn_dataset *x,
                   enum clearn__nb_out what, double *out, clearn_error *err)
{
    size_t k = v->k;
    double *jll = clearn__mallocarray(k, sizeof *jll);
    if (!jll)
        return clearn__nomem(err);
    for (size_t i = 0; i < x->n; i++) {
        const double *row = x->x + i * x->d;
        if (what == CLEARN__NB_JLL) {
            v->jll(v->state, row, out + i * k);
            continue;
        }
        v->jll(v->state, row, jll);
        if (what == CLEARN__NB_PROBA)
            clearn__nb_proba(jll, v->lprior, k, out + i * k);
        else if (jll[argmax(jll, k)] == -INFINITY)
            out[i] = (double)argmax(v->lprior, k);
        else
            out[i] = (double)argmax(jll, k);
    }
    clearn__free(jll);
    return CLEARN_OK;
}

/* ---- public calls (<clearn/bayes.h>) --------------------------------------- */


int clearn_nb_joint_log_proba(const clearn_estimator *e, const clearn_dataset *x, double *out,
                              clearn_error *err)
{
    const clearn_estimator_type *t;
    const void *state;
    clearn_dataset *in;
    int rc;
    if (!e || !x || (!out && clearn_dataset_rows(x)))
        return clearn__error(err, CLEARN_EINVAL, "joint log proba: NULL argument");
    t = clearn_estimator_get_type(e);
    if (t != &clearn__nb_gaussian_type && t != &clearn__nb_multinomial_type &&
        t != &clearn__nb_bernoulli_type && t != &clearn__nb_categorical_type &&
        t != &clearn__naive_bayes_type)
        return clearn__error(err, CLEARN_EINVAL,
                             "joint log proba: '%s' is not a naive Bayes type (nb_gaussian, "
                             "nb_multinomial, nb_bernoulli, nb_categorical, naive_bayes)", t->name);
    if ((rc = clearn__estimator_prepared(e, x, &state, &in, err)) != CLEARN_OK)
        return rc;
    rc = t == &clearn__naive_bayes_type ? clearn__naive_bayes_jll(state, in, out, err)
                                        : clearn__nb_sklearn_jll(t, state, in, out, err);
    clearn_dataset_free(in);
    return rc;
}
