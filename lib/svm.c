/* clearn — support vector machines through libsvm (svm).
 *
 * Wraps the system's libsvm (Debian's libsvm-dev; never vendored) and makes
 * it behave like the rest of clearn:
 * - Features: nominal attributes are one-hot encoded (lib/liblinear.c,
 *   clearn__xenc_*), rows are libsvm's sparse nodes without the zeros, a
 *   missing numeric value is refused (impute first).
 * - Classes: libsvm's labels are the class's category codes; probabilities
 *   and decision values are given in the class attribute's category order
 *   (libsvm orders its labels by first appearance).
 * - Reproducible and thread-safe: libsvm draws from rand() only for
 *   probability=true (the internal cross-validation of Platt scaling);
 *   that training runs under one process-wide mutex right after
 *   srand(seed) (clearn__rand_lock). Other fits run concurrently.
 *   libsvm's printing is silenced once, process-wide.
 * - The fitted model is clearn's own copy: libsvm's svm_model whose arrays
 *   this file allocated, the support vectors in one block (SV[0] at its
 *   start, free_sv = 1); libsvm's trained model, whose SV[] point into the
 *   training problem, is freed at once. Model files hold its fields with
 *   clearn's writer (doubles bit-exact), not libsvm's text format, which
 *   rounds support vectors to 8 digits and goes through setlocale().
 * - Prediction takes a dense fast path when the support vectors are dense
 *   enough: the same kernel arithmetic as libsvm's k_function and
 *   svm_predict_values, term for term, so the results are bit-identical;
 *   fit and load check that on a few support vectors and fall back to
 *   libsvm row by row if any bit differs. Rows are spread over threads=.
 * Out of memory inside libsvm's own code is not reported (libsvm does not
 * check its allocations). */
#include "config.h"
#include <float.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_LIBSVM_SVM_H
#include <libsvm/svm.h>
#else
#include <svm.h>
#endif
#include "internal.h"
#include "pool.h"
#include "svm_common.h"

/* The fast path must add and multiply exactly as libsvm does: no fused
 * multiply-add. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#define WHO "svm"
#define MAX_CLASSES 65536u          /* one-vs-one beyond this is hopeless */
#define MAX_DENSE ((size_t)1 << 24) /* fast path: at most 128 MiB of SVs */
#define ROWS_PER_TASK 64

/* ---- the estimator's state ---------------------------------------------------- */

static const char *const svm_types[] = {"c_svc", "nu_svc", "one_class", "epsilon_svr", "nu_svr",
                                        NULL};
static const char *const kernels[] = {"linear", "poly", "rbf", "sigmoid", NULL};

struct svm_est {
    /* parameters; type and kernel in libsvm's enum order */
    int type, kernel;
    long degree;
    char *gamma;
    double coef0, C, nu, epsilon, cache_size, tolerance;
    int shrinking, probability;
    char *class_weight;
    long seed, threads;
    /* fitted */
    struct svm_model *m;      /* clearn's copy: every array allocated here */
    struct svm_node *nodes;   /* the support vectors, one block */
    struct clearn__xenc enc;
    size_t k;                 /* categories of the class (0: regression, one-class) */
    double *dense;            /* fast path: the SVs (see dense_at); NULL: off */
};

static const clearn_param sv_params[] = {
    {"type", CLEARN_PARAM_ENUM, offsetof(struct svm_est, type), "c_svc", 1, 0, svm_types,
     "c_svc, nu_svc: classification; epsilon_svr, nu_svr: regression; one_class: novelty "
     "detection without a class (predicts 1 inlier, -1 outlier)", 0},
    {"kernel", CLEARN_PARAM_ENUM, offsetof(struct svm_est, kernel), "rbf", 1, 0, kernels,
     "linear u'v, poly (gamma u'v + coef0)^degree, rbf exp(-gamma |u-v|^2), sigmoid "
     "tanh(gamma u'v + coef0)", 0},
    {"C", CLEARN_PARAM_DOUBLE, offsetof(struct svm_est, C), "1", 0, DBL_MAX, NULL,
     "cost of a margin violation (c_svc, epsilon_svr, nu_svr)", CLEARN_PARAM_MIN_OPEN},
    {"nu", CLEARN_PARAM_DOUBLE, offsetof(struct svm_est, nu), "0.5", 0, 1, NULL,
     "bound on the fraction of margin errors and of support vectors (nu_svc, one_class, nu_svr)",
     CLEARN_PARAM_MIN_OPEN},
    {"epsilon", CLEARN_PARAM_DOUBLE, offsetof(struct svm_est, epsilon), "0.1", 0, DBL_MAX, NULL,
     "width of the insensitive tube (epsilon_svr)", 0},
    {"gamma", CLEARN_PARAM_STRING, offsetof(struct svm_est, gamma), "libsvm", 1, 0, NULL,
     "kernel coefficient: a number >= 0; libsvm = 1/(largest non-zero feature index), as "
     "svm-train; auto = 1/features; scale = 1/(features x variance of all values), as "
     "scikit-learn (features count one-hot columns)", 0},
    {"degree", CLEARN_PARAM_INT, offsetof(struct svm_est, degree), "3", 0, INT_MAX, NULL,
     "degree of the poly kernel", 0},
    {"coef0", CLEARN_PARAM_DOUBLE, offsetof(struct svm_est, coef0), "0", 1, 0, NULL,
     "constant term of the poly and sigmoid kernels", 0},
    {"cache_size", CLEARN_PARAM_DOUBLE, offsetof(struct svm_est, cache_size), "100", 0, 1e9, NULL,
     "kernel cache in MB (speed only)", CLEARN_PARAM_MIN_OPEN},
    {"tolerance", CLEARN_PARAM_DOUBLE, offsetof(struct svm_est, tolerance), "0.001", 0, DBL_MAX,
     NULL, "stopping tolerance of the solver (svm-train -e)", CLEARN_PARAM_MIN_OPEN},
    {"shrinking", CLEARN_PARAM_BOOL, offsetof(struct svm_est, shrinking), "true", 1, 0, NULL,
     "use the shrinking heuristics", 0},
    {"probability", CLEARN_PARAM_BOOL, offsetof(struct svm_est, probability), "false", 1, 0, NULL,
     "fit Platt's class probabilities by an internal 5-fold cross-validation (uses seed)", 0},
    {"class_weight", CLEARN_PARAM_STRING, offsetof(struct svm_est, class_weight), "", 1, 0, NULL,
     "C multipliers per class: NAME:W,NAME:W... or balanced (n / (classes x n_class)); "
     "empty: none", 0},
    {"seed", CLEARN_PARAM_INT, offsetof(struct svm_est, seed), "1", 0, (double)LONG_MAX, NULL,
     "srand() seed for libsvm's shuffles (probability=true); the default 1 is what svm-train "
     "runs with", 0},
    {"threads", CLEARN_PARAM_INT, offsetof(struct svm_est, threads), "1", 0, 256, NULL,
     "threads for predicting (0 = all CPUs); results do not depend on it", 0},
};

static int is_classifier(int type)
{
    return type == C_SVC || type == NU_SVC;
}

/* Frees a model this file built (never one from svm_train). */
static void model_free(struct svm_model *m)
{
    if (!m)
        return;
    if (m->sv_coef)
        clearn__free(m->sv_coef[0]);
    clearn__free(m->sv_coef);
    clearn__free(m->SV);
    clearn__free(m->rho);
    clearn__free(m->probA);
    clearn__free(m->probB);
    clearn__free(m->label);
    clearn__free(m->nSV);
    clearn__free(m);
}

static void sv_destroy(void *st)
{
    struct svm_est *s = st;
    model_free(s->m);
    clearn__free(s->nodes);
    clearn__free(s->dense);
    clearn__xenc_free(&s->enc);
    s->m = NULL;
    s->nodes = NULL;
    s->dense = NULL;
    s->k = 0;
}

/* Number of one-vs-one pairs of m classes. */
static size_t n_pairs(size_t m)
{
    return m * (m - (m > 0)) / 2;
}

/* ---- the fast path: libsvm's kernel arithmetic on dense rows ------------------- */

/* libsvm's powi: exponentiation by squaring, the same multiplications in
 * the same order. */
static double powi(double base, long times)
{
    double t = base, r = 1.0;
    for (long k = times; k > 0; k /= 2) {
        if (k % 2 == 1)
            r *= t;
        t = t * t;
    }
    return r;
}

/* The fast path stores the SVs in blocks of BLK: block q holds SVs
 * q*BLK.. (q+1)*BLK - 1 feature by feature, padded with zero SVs, so that
 * the inner loop runs over BLK independent sums held in registers. */
#define BLK 8

/* Where feature c of SV j lives in s->dense. */
static size_t dense_at(const struct svm_est *s, size_t j, size_t c)
{
    return ((j / BLK) * s->enc.n_cols + c) * BLK + j % BLK;
}

/* kv[0..l) = K(x, SV_j) for the dense row x (kv has room for l rounded up
 * to BLK). Each SV's sum adds its terms in ascending feature order, as
 * libsvm's sparse loops do; the extra terms are exact zeros, which change
 * nothing (a sum of squares or products starts at +0 and never is -0). */
static void fast_kernel(const struct svm_est *s, const double *x, double *kv)
{
    const struct svm_parameter *p = &s->m->param;
    size_t l = (size_t)s->m->l, nc = s->enc.n_cols, nb = (l + BLK - 1) / BLK;
    int rbf = p->kernel_type == RBF;
    for (size_t q = 0; q < nb; q++) {
        const double *t = s->dense + q * nc * BLK;
        /* eight named sums: the compiler keeps them in registers */
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
        for (size_t c = 0; c < nc; c++, t += BLK) {
            double xv = x[c];
            if (rbf) {
                double d0 = xv - t[0], d1 = xv - t[1], d2 = xv - t[2], d3 = xv - t[3];
                double d4 = xv - t[4], d5 = xv - t[5], d6 = xv - t[6], d7 = xv - t[7];
                a0 += d0 * d0, a1 += d1 * d1, a2 += d2 * d2, a3 += d3 * d3;
                a4 += d4 * d4, a5 += d5 * d5, a6 += d6 * d6, a7 += d7 * d7;
            } else if (xv != 0) {
                a0 += xv * t[0], a1 += xv * t[1], a2 += xv * t[2], a3 += xv * t[3];
                a4 += xv * t[4], a5 += xv * t[5], a6 += xv * t[6], a7 += xv * t[7];
            }
        }
        kv[q * BLK] = a0, kv[q * BLK + 1] = a1, kv[q * BLK + 2] = a2, kv[q * BLK + 3] = a3;
        kv[q * BLK + 4] = a4, kv[q * BLK + 5] = a5, kv[q * BLK + 6] = a6, kv[q * BLK + 7] = a7;
    }
    for (size_t j = 0; j < l; j++) {
        switch (p->kernel_type) {
        case RBF: kv[j] = exp(-p->gamma * kv[j]); break;
        case POLY: kv[j] = powi(p->gamma * kv[j] + p->coef0, p->degree); break;
        case SIGMOID: kv[j] = tanh(p->gamma * kv[j] + p->coef0); break;
        default: break;
        }
    }
}

/* svm_predict_values after the kernel values: dec[] in libsvm's order, the
 * return value what svm_predict returns. */
static double fast_decide(const struct svm_model *m, const double *kv, double *dec, int *vote)
{
    int nr = m->nr_class, p = 0, best = 0;
    if (m->param.svm_type != C_SVC && m->param.svm_type != NU_SVC) {
        double sum = 0;
        for (int i = 0; i < m->l; i++)
            sum += m->sv_coef[0][i] * kv[i];
        sum -= m->rho[0];
        *dec = sum;
        return m->param.svm_type == ONE_CLASS ? (sum > 0 ? 1 : -1) : sum;
    }
    memset(vote, 0, (size_t)nr * sizeof *vote);
    for (int i = 0, si = 0; i < nr; si += m->nSV[i++]) {
        for (int j = i + 1, sj = si + m->nSV[i]; j < nr; sj += m->nSV[j++]) {
            const double *c1 = m->sv_coef[j - 1], *c2 = m->sv_coef[i];
            double sum = 0;
            for (int q = 0; q < m->nSV[i]; q++)
                sum += c1[si + q] * kv[si + q];
            for (int q = 0; q < m->nSV[j]; q++)
                sum += c2[sj + q] * kv[sj + q];
            sum -= m->rho[p];
            dec[p++] = sum;
            vote[sum > 0 ? i : j]++;
        }
    }
    for (int i = 1; i < nr; i++)
        if (vote[i] > vote[best])
            best = i;
    return m->label[best];
}

/* Scratch space of one task. */
struct scratch {
    double *x, *kv, *dec, *dec2, *prob;
    int *vote, *col;
    struct svm_node *row;
};

static void scratch_free(struct scratch *w)
{
    clearn__free(w->x);
    clearn__free(w->kv);
    clearn__free(w->dec);
    clearn__free(w->dec2);
    clearn__free(w->prob);
    clearn__free(w->vote);
    clearn__free(w->col);
    clearn__free(w->row);
}

static int scratch_new(const struct svm_est *s, struct scratch *w)
{
    size_t nc = s->enc.n_cols + 1, l = (size_t)s->m->l + BLK, m = (size_t)s->m->nr_class + 1;
    w->x = clearn__mallocarray(nc, sizeof *w->x);
    w->kv = clearn__mallocarray(l, sizeof *w->kv);
    w->dec = clearn__mallocarray(n_pairs(m), sizeof *w->dec);
    w->dec2 = clearn__mallocarray(n_pairs(m), sizeof *w->dec2);
    w->prob = clearn__mallocarray(m, sizeof *w->prob);
    w->vote = clearn__mallocarray(m, sizeof *w->vote);
    w->col = clearn__mallocarray(nc, sizeof *w->col);
    w->row = clearn__mallocarray(nc, sizeof *w->row);
    if (w->x && w->kv && w->dec && w->dec2 && w->prob && w->vote && w->col && w->row)
        return CLEARN_OK;
    scratch_free(w);
    return CLEARN_ENOMEM;
}

/* Row i of ds as libsvm nodes in w->row (w->x holds the values). */
static void sparse_row(const struct svm_est *s, const clearn_dataset *ds, size_t i,
                       struct scratch *w)
{
    size_t n = clearn__xenc_row(&s->enc, ds, i, w->col, w->x);
    for (size_t q = 0; q < n; q++) {
        w->row[q].index = w->col[q] + 1;
        w->row[q].value = w->x[q];
    }
    w->row[n].index = -1;
}

/* Decision values of row i into w->dec (libsvm's order); returns what
 * svm_predict would. */
static double eval_row(const struct svm_est *s, const clearn_dataset *ds, size_t i, int via_libsvm,
                       struct scratch *w)
{
    if (s->dense && !via_libsvm) {
        clearn__xenc_dense(&s->enc, ds, i, w->x);
        fast_kernel(s, w->x, w->kv);
        return fast_decide(s->m, w->kv, w->dec, w->vote);
    }
    sparse_row(s, ds, i, w);
    return svm_predict_values(s->m, w->row, w->dec);
}

/* Fast path on SV number j (as a dense row) against libsvm's answer, bit
 * for bit. */
static int fast_agrees(const struct svm_est *s, size_t j, struct scratch *w)
{
    size_t np = is_classifier(s->m->param.svm_type) ? n_pairs((size_t)s->m->nr_class) : 1;
    double a, b;
    for (size_t c = 0; c < s->enc.n_cols; c++)
        w->x[c] = s->dense[dense_at(s, j, c)];
    fast_kernel(s, w->x, w->kv);
    a = fast_decide(s->m, w->kv, w->dec2, w->vote);
    b = svm_predict_values(s->m, s->m->SV[j], w->dec);
    return memcmp(&a, &b, sizeof a) == 0 && memcmp(w->dec, w->dec2, np * sizeof *w->dec) == 0;
}

/* Turns the fast path on when the SVs are dense enough to gain from it and
 * it reproduces libsvm exactly on the first few SVs. */
static int fast_setup(struct svm_est *s, clearn_error *err)
{
    size_t l = (size_t)s->m->l, nc = s->enc.n_cols, nnz = 0;
    struct scratch w;
    int ok = 1;
    s->dense = NULL;
    if (!l || !nc || nc > MAX_DENSE / l)
        return CLEARN_OK;
    for (size_t j = 0; j < l; j++)
        for (const struct svm_node *p = s->m->SV[j]; p->index != -1; p++)
            nnz++;
    if (nnz < l * nc / 4)
        return CLEARN_OK;
    if (!(s->dense = clearn__calloc(((l + BLK - 1) / BLK) * BLK * nc, sizeof *s->dense)) ||
        scratch_new(s, &w) != CLEARN_OK) {
        clearn__free(s->dense);
        s->dense = NULL;
        return clearn__nomem(err);
    }
    for (size_t j = 0; j < l; j++)
        for (const struct svm_node *p = s->m->SV[j]; p->index != -1; p++)
            s->dense[dense_at(s, j, (size_t)(p->index - 1))] = p->value;
    for (size_t j = 0; ok && j < l && j < 8; j++)
        ok = fast_agrees(s, j, &w);
    scratch_free(&w);
    if (!ok) {
        clearn__free(s->dense);
        s->dense = NULL;
    }
    return CLEARN_OK;
}

/* ---- fit --------------------------------------------------------------------- */

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;

static void print_nothing(const char *s)
{
    (void)s;
}

static void quiet_init(void)
{
    svm_set_print_string_function(print_nothing);
}

/* The class each type needs. */
static int check_class(const struct svm_est *s, const clearn_dataset *train, clearn_error *err)
{
    size_t c = train->cls;
    const char *name = c == CLEARN_NONE ? NULL : train->attrs[c].name;
    if (s->type == ONE_CLASS)
        return c == CLEARN_NONE ? CLEARN_OK
               : clearn__error(err, CLEARN_EINVAL,
                               "svm type=one_class learns without a class, but the data's class is "
                               "'%s' (make it a feature or drop it, and set no class)", name);
    if (c == CLEARN_NONE)
        return clearn__error(err, CLEARN_EINVAL, "svm type=%s needs a class attribute (only "
                             "type=one_class learns without one)", svm_types[s->type]);
    if (is_classifier(s->type) && train->attrs[c].kind != CLEARN_NOMINAL)
        return clearn__error(err, CLEARN_EINVAL, "svm type=%s is a classifier but the class '%s' is "
                             "numeric (use type=epsilon_svr or nu_svr)", svm_types[s->type], name);
    if (!is_classifier(s->type) && train->attrs[c].kind != CLEARN_NUMERIC)
        return clearn__error(err, CLEARN_EINVAL, "svm type=%s is a regressor but the class '%s' is "
                             "nominal (use type=c_svc or nu_svc)", svm_types[s->type], name);
    if (is_classifier(s->type) && clearn__svm_n_classes(train) > MAX_CLASSES)
        return clearn__error(err, CLEARN_ERANGE, "svm: the class '%s' has %zu categories; at most "
                             "%u are supported", name, clearn__svm_n_classes(train), MAX_CLASSES);
    return CLEARN_OK;
}

/* libsvm's problem for ds: y and x, with every row's nodes in one block. */
struct problem {
    struct svm_problem p;
    struct svm_node *block;
};

static void problem_free(struct problem *pr)
{
    clearn__free(pr->p.y);
    clearn__free(pr->p.x);
    clearn__free(pr->block);
    memset(pr, 0, sizeof *pr);
}

static int problem_build(const struct svm_est *s, const clearn_dataset *ds, size_t nnz,
                         struct problem *pr, clearn_error *err)
{
    size_t n = ds->n, at = 0;
    int *col = clearn__mallocarray(s->enc.n_cols + 1, sizeof *col);
    double *val = clearn__mallocarray(s->enc.n_cols + 1, sizeof *val);
    memset(pr, 0, sizeof *pr);
    pr->p.y = clearn__mallocarray(n, sizeof *pr->p.y);
    pr->p.x = clearn__mallocarray(n, sizeof *pr->p.x);
    pr->block = nnz <= SIZE_MAX - n ? clearn__mallocarray(nnz + n, sizeof *pr->block) : NULL;
    if (!col || !val || !pr->p.y || !pr->p.x || !pr->block) {
        clearn__free(col);
        clearn__free(val);
        problem_free(pr);
        return clearn__nomem(err);
    }
    pr->p.l = (int)n;
    for (size_t i = 0; i < n; i++) {
        size_t q = clearn__xenc_row(&s->enc, ds, i, col, val);
        pr->p.y[i] = ds->cls == CLEARN_NONE ? 0 : ds->x[i * ds->d + ds->cls];
        pr->p.x[i] = pr->block + at;
        for (size_t j = 0; j < q; j++)
            pr->block[at++] = (struct svm_node){col[j] + 1, val[j]};
        pr->block[at++] = (struct svm_node){-1, 0};
    }
    clearn__free(col);
    clearn__free(val);
    return CLEARN_OK;
}

/* scikit-learn's gamma='scale': 1 / (features x the variance of every
 * encoded value), 1 when that variance is 0. */
static int gamma_scale(const struct svm_est *s, const clearn_dataset *ds, double *g,
                       clearn_error *err)
{
    size_t nc = s->enc.n_cols;
    double *row = clearn__mallocarray(nc ? nc : 1, sizeof *row), mean = 0, var = 0, total;
    if (!row)
        return clearn__nomem(err);
    total = (double)ds->n * (double)nc;
    for (size_t i = 0; i < ds->n; i++) {
        clearn__xenc_dense(&s->enc, ds, i, row);
        for (size_t c = 0; c < nc; c++)
            mean += row[c] / total;
    }
    for (size_t i = 0; i < ds->n; i++) {
        clearn__xenc_dense(&s->enc, ds, i, row);
        for (size_t c = 0; c < nc; c++)
            var += (row[c] - mean) * (row[c] - mean) / total;
    }
    clearn__free(row);
    *g = nc && var > 0 && isfinite(var) ? 1.0 / ((double)nc * var) : 1.0;
    return CLEARN_OK;
}

/* The gamma parameter as a number; max_col is the largest non-zero column + 1. */
static int resolve_gamma(const struct svm_est *s, const clearn_dataset *ds, size_t max_col,
                         double *g, clearn_error *err)
{
    const char *t = s->gamma ? s->gamma : "";
    if (strcmp(t, "libsvm") == 0)
        *g = max_col ? 1.0 / (double)max_col : 0;
    else if (strcmp(t, "auto") == 0)
        *g = s->enc.n_cols ? 1.0 / (double)s->enc.n_cols : 0;
    else if (strcmp(t, "scale") == 0)
        return gamma_scale(s, ds, g, err);
    else if (!clearn__parse_double(t, strlen(t), g))
        return clearn__error(err, CLEARN_EINVAL, "svm: parameter gamma: '%.60s' is not a number, "
                             "libsvm, auto or scale", t);
    return CLEARN_OK;
}

/* Zeroes p and sets every field libsvm reads. */
static void set_param(const struct svm_est *s, double gamma, struct svm_parameter *p)
{
    memset(p, 0, sizeof *p);
    p->svm_type = s->type;
    p->kernel_type = s->kernel;
    p->degree = (int)s->degree;
    p->gamma = gamma;
    p->coef0 = s->coef0;
    p->cache_size = s->cache_size;
    p->eps = s->tolerance;
    p->C = s->C;
    p->nu = s->nu;
    p->p = s->epsilon;
    p->shrinking = s->shrinking;
    p->probability = s->probability;
}

/* Copies n doubles (NULL stays NULL). */
static int copy_doubles(double **dst, const double *src, size_t n)
{
    *dst = NULL;
    if (!src)
        return CLEARN_OK;
    if (!(*dst = clearn__mallocarray(n ? n : 1, sizeof **dst)))
        return CLEARN_ENOMEM;
    memcpy(*dst, src, n * sizeof **dst);
    return CLEARN_OK;
}

static int copy_ints(int **dst, const int *src, size_t n)
{
    *dst = NULL;
    if (!src)
        return CLEARN_OK;
    if (!(*dst = clearn__mallocarray(n ? n : 1, sizeof **dst)))
        return CLEARN_ENOMEM;
    memcpy(*dst, src, n * sizeof **dst);
    return CLEARN_OK;
}

/* A zeroed model with the SV pointer and coefficient arrays for l SVs and
 * nr classes (nr - 1 coefficient rows, in one block). */
static struct svm_model *model_alloc(int nr, int l)
{
    struct svm_model *m = clearn__calloc(1, sizeof *m);
    size_t rows = nr > 1 ? (size_t)nr - 1 : 1, n = (size_t)l;
    if (!m)
        return NULL;
    m->nr_class = nr;
    m->l = l;
    m->free_sv = 1;
    m->SV = clearn__mallocarray(n ? n : 1, sizeof *m->SV);
    m->sv_coef = clearn__mallocarray(rows, sizeof *m->sv_coef);
    if (!m->SV || !m->sv_coef || !(m->sv_coef[0] = clearn__mallocarray(rows, n *
                                                                       sizeof **m->sv_coef))) {
        if (m->sv_coef)
            m->sv_coef[0] = NULL;
        model_free(m);
        return NULL;
    }
    for (size_t r = 1; r < rows; r++)
        m->sv_coef[r] = m->sv_coef[0] + r * n;
    return m;
}

/* The SVs of t copied into one block, s->nodes. */
static int copy_svs(struct svm_est *s, const struct svm_model *t)
{
    size_t total = 0, at = 0;
    for (int j = 0; j < t->l; j++) {
        const struct svm_node *p = t->SV[j];
        while (p->index != -1)
            p++;
        total += (size_t)(p - t->SV[j]) + 1;
    }
    if (!(s->nodes = clearn__mallocarray(total ? total : 1, sizeof *s->nodes)))
        return CLEARN_ENOMEM;
    for (int j = 0; j < t->l; j++) {
        const struct svm_node *p = t->SV[j];
        s->m->SV[j] = s->nodes + at;
        do
            s->nodes[at++] = *p;
        while ((p++)->index != -1);
    }
    return CLEARN_OK;
}

/* clearn's own copy of the model svm_train returned. */
static int adopt(struct svm_est *s, const struct svm_model *t, clearn_error *err)
{
    size_t nr = (size_t)t->nr_class, np = is_classifier(t->param.svm_type) ? n_pairs(nr) : 1;
    size_t rows = nr > 1 ? nr - 1 : 1;
    struct svm_model *m = model_alloc(t->nr_class, t->l);
    int rc = m ? CLEARN_OK : CLEARN_ENOMEM;
    if (rc == CLEARN_OK) {
        m->param = t->param;
        m->param.nr_weight = 0;
        m->param.weight_label = NULL;
        m->param.weight = NULL;
        s->m = m;
        for (size_t r = 0; r < rows && t->l; r++)
            memcpy(m->sv_coef[r], t->sv_coef[r], (size_t)t->l * sizeof **m->sv_coef);
        rc = copy_svs(s, t);
    }
    if (rc == CLEARN_OK)
        rc = copy_doubles(&m->rho, t->rho, np);
    if (rc == CLEARN_OK)
        rc = copy_doubles(&m->probA, t->probA, np);
    if (rc == CLEARN_OK && is_classifier(t->param.svm_type))
        rc = copy_doubles(&m->probB, t->probB, np);
    if (rc == CLEARN_OK && is_classifier(t->param.svm_type))
        rc = copy_ints(&m->label, t->label, nr);
    if (rc == CLEARN_OK && is_classifier(t->param.svm_type))
        rc = copy_ints(&m->nSV, t->nSV, nr);
    return rc == CLEARN_OK ? CLEARN_OK : clearn__nomem(err);
}

/* svm_train, under the rand() lock when libsvm will draw from rand(): only
 * the probability fits do (their internal cross-validation). */
static struct svm_model *train_locked(const struct svm_est *s, const struct svm_problem *p,
                                      const struct svm_parameter *param)
{
    struct svm_model *t;
    pthread_once(&quiet_once, quiet_init);
    if (param->probability)
        clearn__rand_lock(s->seed);
    t = svm_train(p, param);
    if (param->probability)
        clearn__rand_unlock();
    return t;
}

/* Builds the problem and parameters, checks them with libsvm, trains and
 * keeps clearn's copy of the model. */
static int train(struct svm_est *s, const clearn_dataset *train, size_t nnz, size_t max_col,
                 clearn_error *err)
{
    struct problem pr;
    struct svm_parameter param;
    struct svm_model *t;
    const char *why;
    double gamma;
    int rc = resolve_gamma(s, train, max_col, &gamma, err);
    if (rc != CLEARN_OK)
        return rc;
    set_param(s, gamma, &param);
    if (is_classifier(s->type) &&
        (rc = clearn__class_weights(s->class_weight, train, WHO, &param.nr_weight,
                                    &param.weight_label, &param.weight, err)) != CLEARN_OK)
        return rc;
    if ((rc = problem_build(s, train, nnz, &pr, err)) == CLEARN_OK) {
        if ((why = svm_check_parameter(&pr.p, &param)) != NULL) {
            rc = clearn__error(err, CLEARN_EINVAL, "svm: libsvm rejects the parameters: %s", why);
        } else if (!(t = train_locked(s, &pr.p, &param))) {
            rc = clearn__nomem(err);
        } else {
            rc = adopt(s, t, err);
            svm_free_and_destroy_model(&t);
        }
        problem_free(&pr);
    }
    clearn__free(param.weight_label);
    clearn__free(param.weight);
    return rc;
}

static int sv_fit(void *st, const clearn_dataset *train_ds, clearn_error *err)
{
    struct svm_est *s = st;
    size_t nnz, max_col;
    int rc;
    sv_destroy(s);
    if ((rc = check_class(s, train_ds, err)) != CLEARN_OK ||
        (rc = clearn__xenc_fit(&s->enc, train_ds, WHO, err)) != CLEARN_OK ||
        (rc = clearn__xenc_scan(&s->enc, train_ds, WHO, &nnz, &max_col, err)) != CLEARN_OK ||
        (rc = train(s, train_ds, nnz, max_col, err)) != CLEARN_OK ||
        (rc = fast_setup(s, err)) != CLEARN_OK) {
        sv_destroy(s);
        return rc;
    }
    s->k = clearn__svm_n_classes(train_ds);
    return CLEARN_OK;
}

/* ---- predict --------------------------------------------------------------------- */

enum job { JOB_PREDICT, JOB_PROBA, JOB_DECISION };

struct predict_ctx {
    const struct svm_est *s;
    const clearn_dataset *x;
    enum job job;
    int via_libsvm;
    size_t width;   /* output values per row */
    double *out;
};

/* libsvm's index of each category code (-1: no training rows). */
static void label_index(const struct svm_model *m, size_t k, int *where)
{
    for (size_t c = 0; c < k; c++)
        where[c] = -1;
    for (int i = 0; i < m->nr_class; i++)
        if (m->label[i] >= 0 && (size_t)m->label[i] < k)
            where[m->label[i]] = i;
}

/* Index of libsvm's pair (i, j), i < j, among nr classes. */
static size_t pair_index(size_t i, size_t j, size_t nr)
{
    return i * nr - i * (i + 1) / 2 + (j - i - 1);
}

/* Classification decision values in category order (see svm_common.h). */
static void map_decision(const struct svm_est *s, const double *dec, const int *where, double *out)
{
    size_t k = s->k, nr = (size_t)s->m->nr_class, o = 0;
    for (size_t a = 0; a < k; a++) {
        for (size_t b = a + 1; b < k; b++, o++) {
            int ia = where[a], ib = where[b];
            double v;
            if (ia < 0 || ib < 0) {
                out[o] = NAN;
                continue;
            }
            v = ia < ib ? dec[pair_index((size_t)ia, (size_t)ib, nr)]
                        : -dec[pair_index((size_t)ib, (size_t)ia, nr)];
            out[o] = k == 2 ? -v : v;   /* binary: > 0 for category 1 */
        }
    }
}

/* One row's outputs for the job into out. */
static void predict_row(const struct predict_ctx *c, size_t i, struct scratch *w, const int *where,
                        double *out)
{
    const struct svm_est *s = c->s;
    double v;
    if (c->job == JOB_PROBA) {
        sparse_row(s, c->x, i, w);
        svm_predict_probability(s->m, w->row, w->prob);
        for (size_t q = 0; q < s->k; q++)
            out[q] = where[q] < 0 ? 0 : w->prob[where[q]];
        return;
    }
    v = eval_row(s, c->x, i, c->via_libsvm, w);
    if (c->job == JOB_PREDICT)
        out[0] = v;
    else if (s->k)
        map_decision(s, w->dec, where, out);
    else
        out[0] = w->dec[0];
}

static int predict_task(void *ctx, size_t t, clearn_error *err)
{
    const struct predict_ctx *c = ctx;
    size_t lo = t * ROWS_PER_TASK, hi = lo + ROWS_PER_TASK < c->x->n ? lo + ROWS_PER_TASK : c->x->n;
    struct scratch w;
    int *where = clearn__mallocarray(c->s->k ? c->s->k : 1, sizeof *where);
    if (!where || scratch_new(c->s, &w) != CLEARN_OK) {
        clearn__free(where);
        return clearn__nomem(err);
    }
    if (c->s->k)
        label_index(c->s->m, c->s->k, where);
    for (size_t i = lo; i < hi; i++)
        predict_row(c, i, &w, where, c->out + i * c->width);
    scratch_free(&w);
    clearn__free(where);
    return CLEARN_OK;
}

/* Runs a job over the rows of x on the threads= threads. */
static int run_job(const struct svm_est *s, const clearn_dataset *x, enum job job, int via_libsvm,
                   size_t width, double *out, clearn_error *err)
{
    struct predict_ctx c = {s, x, job, via_libsvm, width, out};
    size_t tasks = x->n / ROWS_PER_TASK + (x->n % ROWS_PER_TASK != 0);
    size_t threads = clearn__resolve_threads(s->threads);
    int rc;
    if (!s->m)
        return clearn__error(err, CLEARN_ENOTFIT, "svm is not fitted");
    if ((rc = clearn__xenc_check(&s->enc, x, WHO, err)) != CLEARN_OK ||
        (rc = clearn__xenc_scan(&s->enc, x, WHO, NULL, NULL, err)) != CLEARN_OK)
        return rc;
    if (s->k && clearn__svm_n_classes(x) != s->k)
        return clearn__error(err, CLEARN_ESCHEMA, "svm: the model has %zu classes but the data's "
                             "class has %zu", s->k, clearn__svm_n_classes(x));
    if (!threads)
        return clearn__error(err, CLEARN_EINVAL, "svm: threads=%ld: must be >= 0 (0 = all CPUs)",
                             s->threads);
    return clearn__parallel_for(tasks, threads, predict_task, &c, err);
}

static int sv_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    return run_job(st, x, JOB_PREDICT, 0, 1, out, err);
}

static int sv_predict_proba(const void *st, const clearn_dataset *x, double *out,
                             clearn_error *err)
{
    const struct svm_est *s = st;
    if (s->m && (!s->k || !svm_check_probability_model(s->m)))
        return clearn__error(err, CLEARN_EINVAL, "svm: no class probabilities: %s",
                             !s->k ? "the model is not a classifier"
                                   : "fit with probability=true");
    return run_job(s, x, JOB_PROBA, 0, s->k, out, err);
}

size_t clearn__svm_n_decision(const void *state)
{
    const struct svm_est *s = state;
    return s->k ? n_pairs(s->k) : 1;
}

int clearn__svm_fast(const void *state)
{
    const struct svm_est *s = state;
    return s->dense != NULL;
}

int clearn__svm_decision(const void *state, const clearn_dataset *x, int via_libsvm, double *out,
                         clearn_error *err)
{
    return run_job(state, x, JOB_DECISION, via_libsvm, clearn__svm_n_decision(state), out, err);
}

/* ---- model files ------------------------------------------------------------------
 * The encoding, libsvm's prediction parameters, the class structure, the
 * support vectors (per SV: its coefficients, then index/value pairs), then
 * rho and Platt's coefficients. The SVs come before the per-pair arrays so
 * that no array is allocated from a count the file has not backed with
 * data (every class has at least one SV). */

static int save_svs(const struct svm_model *m, clearn_writer *w, clearn_error *err)
{
    size_t rows = (size_t)m->nr_class - 1, cap = 0;
    double *buf = NULL;
    int rc = CLEARN_OK;
    for (int j = 0; rc == CLEARN_OK && j < m->l; j++) {
        size_t n = 0, at = rows;
        while (m->SV[j][n].index != -1)
            n++;
        if (rows + 2 * n > cap) {
            double *grown = clearn__reallocarray(buf, rows + 2 * n, sizeof *buf);
            if (!grown) {
                rc = clearn__nomem(err);
                break;
            }
            buf = grown;
            cap = rows + 2 * n;
        }
        for (size_t r = 0; r < rows; r++)
            buf[r] = m->sv_coef[r][j];
        for (size_t q = 0; q < n; q++) {
            buf[at++] = m->SV[j][q].index;
            buf[at++] = m->SV[j][q].value;
        }
        if ((rc = clearn_writer_size(w, "nnz", n, err)) == CLEARN_OK)
            rc = clearn_writer_doubles(w, "sv", buf, rows + 2 * n, err);
    }
    clearn__free(buf);
    return rc;
}

/* An int array as doubles. */
static int save_ints(clearn_writer *w, const char *key, const int *v, size_t n, clearn_error *err)
{
    double *d = clearn__mallocarray(n ? n : 1, sizeof *d);
    int rc;
    if (!d)
        return clearn__nomem(err);
    for (size_t i = 0; i < n; i++)
        d[i] = v[i];
    rc = clearn_writer_doubles(w, key, d, n, err);
    clearn__free(d);
    return rc;
}

static int sv_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct svm_est *s = st;
    const struct svm_model *m = s->m;
    int cl = is_classifier(m->param.svm_type);
    size_t nr = (size_t)m->nr_class, np = cl ? n_pairs(nr) : 1;
    int rc = clearn__xenc_save(&s->enc, w, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "svm_type", m->param.svm_type, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "kernel", m->param.kernel_type, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "degree", m->param.degree, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_double(w, "gamma", m->param.gamma, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_double(w, "coef0", m->param.coef0, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "classes", s->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "nr_class", nr, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "total_sv", (size_t)m->l, err);
    if (rc == CLEARN_OK && cl)
        rc = save_ints(w, "labels", m->label, nr, err);
    if (rc == CLEARN_OK && cl)
        rc = save_ints(w, "nsv", m->nSV, nr, err);
    if (rc == CLEARN_OK)
        rc = save_svs(m, w, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "rho", m->rho, np, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "probability", m->probA != NULL, err);
    if (rc == CLEARN_OK && m->probA)
        rc = clearn_writer_doubles(w, "probA", m->probA, np, err);
    if (rc == CLEARN_OK && m->probA && cl)
        rc = clearn_writer_doubles(w, "probB", m->probB, np, err);
    return rc;
}

static int corrupt(clearn_error *err, const char *what)
{
    return clearn__error(err, CLEARN_ECORRUPT, "svm model: %s", what);
}

static int read_long(clearn_reader *r, const char *key, long lo, long hi, long *v, clearn_error *err)
{
    int rc = clearn_reader_int(r, key, v, err);
    if (rc == CLEARN_OK && (*v < lo || *v > hi))
        return clearn__error(err, CLEARN_ECORRUPT, "svm model: '%s' is %ld, not in [%ld, %ld]", key,
                             *v, lo, hi);
    return rc;
}

static int read_finite(clearn_reader *r, const char *key, double *v, size_t n, clearn_error *err)
{
    int rc = clearn_reader_doubles(r, key, v, n, err);
    for (size_t i = 0; rc == CLEARN_OK && i < n; i++)
        if (!isfinite(v[i]))
            rc = clearn__error(err, CLEARN_ECORRUPT, "svm model: '%s' value %zu is not finite", key,
                               i + 1);
    return rc;
}

/* nr integers in [lo, hi] into v. */
static int read_ints(clearn_reader *r, const char *key, size_t nr, long lo, long hi, int *v,
                     clearn_error *err)
{
    double *buf = clearn__mallocarray(nr ? nr : 1, sizeof *buf);
    int rc;
    if (!buf)
        return clearn__nomem(err);
    rc = clearn_reader_doubles(r, key, buf, nr, err);
    for (size_t i = 0; rc == CLEARN_OK && i < nr; i++) {
        if (!(buf[i] >= (double)lo && buf[i] <= (double)hi) || buf[i] != floor(buf[i]))
            rc = clearn__error(err, CLEARN_ECORRUPT, "svm model: '%s' value %zu is not an integer "
                               "in [%ld, %ld]", key, i + 1, lo, hi);
        else
            v[i] = (int)buf[i];
    }
    clearn__free(buf);
    return rc;
}

/* The parameters and class structure: m->param, nr_class, l, label, nSV. */
static int load_head(struct svm_est *s, clearn_reader *r, struct svm_model *m, clearn_error *err)
{
    long type, kernel, degree;
    size_t nr, l, sum = 0;
    int rc;
    if ((rc = read_long(r, "svm_type", C_SVC, NU_SVR, &type, err)) != CLEARN_OK ||
        (rc = read_long(r, "kernel", LINEAR, SIGMOID, &kernel, err)) != CLEARN_OK ||
        (rc = read_long(r, "degree", 0, INT_MAX, &degree, err)) != CLEARN_OK ||
        (rc = clearn_reader_double(r, "gamma", &m->param.gamma, err)) != CLEARN_OK ||
        (rc = clearn_reader_double(r, "coef0", &m->param.coef0, err)) != CLEARN_OK ||
        (rc = clearn_reader_size(r, "classes", &s->k, err)) != CLEARN_OK ||
        (rc = clearn_reader_size(r, "nr_class", &nr, err)) != CLEARN_OK ||
        (rc = clearn_reader_size(r, "total_sv", &l, err)) != CLEARN_OK)
        return rc;
    if (type != s->type || kernel != s->kernel)
        return corrupt(err, "the type or kernel differs from the spec's");
    if (is_classifier((int)type) ? !nr || nr > s->k || nr > MAX_CLASSES || (nr > 1 && l < nr)
                                 : s->k || nr != 2)
        return corrupt(err, "inconsistent classes, class count and support vector count");
    if (l > INT_MAX || !(m->param.gamma >= 0) || !isfinite(m->param.gamma + m->param.coef0))
        return corrupt(err, l > INT_MAX ? "too many support vectors" : "gamma or coef0 is not a "
                       "finite number (gamma >= 0)");
    m->param.svm_type = (int)type;
    m->param.kernel_type = (int)kernel;
    m->param.degree = (int)degree;
    m->nr_class = (int)nr;
    m->l = (int)l;
    if (!is_classifier((int)type))
        return CLEARN_OK;
    m->label = clearn__mallocarray(nr, sizeof *m->label);
    m->nSV = clearn__mallocarray(nr, sizeof *m->nSV);
    if (!m->label || !m->nSV)
        return clearn__nomem(err);
    if ((rc = read_ints(r, "labels", nr, 0, (long)s->k - 1, m->label, err)) != CLEARN_OK ||
        (rc = clearn__distinct_ints(m->label, nr, err)) != CLEARN_OK ||
        (rc = read_ints(r, "nsv", nr, nr > 1, INT_MAX, m->nSV, err)) != CLEARN_OK)
        return rc;
    for (size_t i = 0; i < nr; i++)
        sum += (size_t)m->nSV[i];
    return sum == l ? CLEARN_OK : corrupt(err, "the class SV counts do not add up to total_sv");
}

/* Arrays that grow as the SVs are read. */
struct svs {
    double *coef;            /* rows per SV */
    struct svm_node *nodes;
    size_t *start;           /* each SV's first node */
    size_t n_nodes, cap_coef, cap_nodes, cap_start;
};

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t c = *cap ? *cap : 16;
    void *q;
    if (need <= *cap)
        return CLEARN_OK;
    while (c < need)
        c = c > SIZE_MAX / 4 ? need : 2 * c;
    if (!(q = clearn__reallocarray(*p, c, size)))
        return CLEARN_ENOMEM;
    *p = q;
    *cap = c;
    return CLEARN_OK;
}

/* Room for SV j with nnz values. */
static int svs_room(struct svs *v, size_t rows, size_t j, size_t nnz)
{
    if (grow((void **)&v->coef, &v->cap_coef, (j + 1) * rows + 1, sizeof *v->coef) ||
        grow((void **)&v->nodes, &v->cap_nodes, v->n_nodes + nnz + 1, sizeof *v->nodes) ||
        grow((void **)&v->start, &v->cap_start, j + 1, sizeof *v->start))
        return CLEARN_ENOMEM;
    return CLEARN_OK;
}

/* Indices (every other value from buf) must be integers increasing
 * within [1, n_cols]. */
static int check_indices(const double *buf, size_t nnz, size_t n_cols, clearn_error *err)
{
    double prev = 0;
    for (size_t q = 0; q < nnz; q++) {
        double idx = buf[2 * q];
        if (idx != floor(idx) || !(idx > prev) || idx > (double)n_cols)
            return corrupt(err, "support vector indices must increase within the features");
        prev = idx;
    }
    return CLEARN_OK;
}

/* SV j: "nnz", then its coefficients and index/value pairs. */
static int read_sv(const struct svm_est *s, clearn_reader *r, size_t rows, size_t j, struct svs *v,
                   clearn_error *err)
{
    size_t nnz;
    double *buf;
    int rc = clearn_reader_size(r, "nnz", &nnz, err);
    if (rc != CLEARN_OK)
        return rc;
    if (nnz > s->enc.n_cols)
        return corrupt(err, "a support vector has more values than there are features");
    if (!(buf = clearn__mallocarray(rows + 2 * nnz + 1, sizeof *buf)))
        return clearn__nomem(err);
    if ((rc = read_finite(r, "sv", buf, rows + 2 * nnz, err)) == CLEARN_OK &&
        (rc = check_indices(buf + rows, nnz, s->enc.n_cols, err)) == CLEARN_OK &&
        svs_room(v, rows, j, nnz) != CLEARN_OK)
        rc = clearn__nomem(err);
    if (rc == CLEARN_OK) {
        memcpy(v->coef + j * rows, buf, rows * sizeof *buf);
        v->start[j] = v->n_nodes;
        for (size_t q = 0; q < nnz; q++)
            v->nodes[v->n_nodes++] = (struct svm_node){(int)buf[rows + 2 * q], buf[rows + 2 * q + 1]};
        v->nodes[v->n_nodes++] = (struct svm_node){-1, 0};
    }
    clearn__free(buf);
    return rc;
}

/* Reads the SVs and installs them in m (coefficient rows transposed) and
 * s->nodes. */
static int load_svs(struct svm_est *s, clearn_reader *r, struct svm_model *m, clearn_error *err)
{
    size_t l = (size_t)m->l, rows = (size_t)m->nr_class - 1;
    struct svs v = {NULL, NULL, NULL, 0, 0, 0, 0};
    int rc = CLEARN_OK;
    for (size_t j = 0; rc == CLEARN_OK && j < l; j++)
        rc = read_sv(s, r, rows, j, &v, err);
    if (rc == CLEARN_OK) {
        size_t nrows = rows ? rows : 1;
        m->SV = clearn__mallocarray(l ? l : 1, sizeof *m->SV);
        m->sv_coef = clearn__calloc(nrows, sizeof *m->sv_coef);
        if (!m->SV || !m->sv_coef ||
            !(m->sv_coef[0] = clearn__mallocarray(nrows, l * sizeof **m->sv_coef)))
            rc = clearn__nomem(err);
    }
    if (rc == CLEARN_OK) {
        for (size_t q = 1; q < rows; q++)
            m->sv_coef[q] = m->sv_coef[0] + q * l;
        for (size_t j = 0; j < l; j++) {
            m->SV[j] = v.nodes + v.start[j];
            for (size_t q = 0; q < rows; q++)
                m->sv_coef[q][j] = v.coef[j * rows + q];
        }
        s->nodes = v.nodes;
        v.nodes = NULL;
    }
    clearn__free(v.coef);
    clearn__free(v.nodes);
    clearn__free(v.start);
    return rc;
}

/* rho and Platt's coefficients. */
static int load_tail(clearn_reader *r, struct svm_model *m, clearn_error *err)
{
    int cl = is_classifier(m->param.svm_type);
    size_t np = cl ? n_pairs((size_t)m->nr_class) : 1;
    long prob;
    int rc;
    if (!(m->rho = clearn__mallocarray(np ? np : 1, sizeof *m->rho)))
        return clearn__nomem(err);
    if ((rc = read_finite(r, "rho", m->rho, np, err)) != CLEARN_OK ||
        (rc = read_long(r, "probability", 0, m->param.svm_type != ONE_CLASS, &prob, err)) != CLEARN_OK ||
        !prob)
        return rc;
    m->param.probability = 1;
    m->probA = clearn__mallocarray(np ? np : 1, sizeof *m->probA);
    if (cl)
        m->probB = clearn__mallocarray(np ? np : 1, sizeof *m->probB);
    if (!m->probA || (cl && !m->probB))
        return clearn__nomem(err);
    rc = read_finite(r, "probA", m->probA, np, err);
    if (rc == CLEARN_OK && cl)
        rc = read_finite(r, "probB", m->probB, np, err);
    return rc;
}

static int sv_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct svm_est *s = st;
    struct svm_model *m;
    int rc;
    sv_destroy(s);
    if (!(m = clearn__calloc(1, sizeof *m)))
        return clearn__nomem(err);
    m->free_sv = 1;
    s->m = m;
    if ((rc = clearn__xenc_load(&s->enc, r, WHO, err)) != CLEARN_OK ||
        (rc = load_head(s, r, m, err)) != CLEARN_OK ||
        (rc = load_svs(s, r, m, err)) != CLEARN_OK ||
        (rc = load_tail(r, m, err)) != CLEARN_OK ||
        (rc = fast_setup(s, err)) != CLEARN_OK)
        sv_destroy(s);
    return rc;
}

/* ---- print --------------------------------------------------------------------- */

static int print_doubles(FILE *out, const char *what, const double *v, size_t n)
{
    char num[CLEARN__DBL_BUF];
    int ok = fprintf(out, "%s:", what) >= 0;
    for (size_t i = 0; ok && i < n; i++) {
        clearn__format_double(v[i], num);
        ok = fprintf(out, " %s", num) >= 0;
    }
    return ok && fputc('\n', out) != EOF;
}

/* libsvm's model in a few lines: the kernel, the SVs per class, rho and
 * Platt's coefficients (shortest exact decimals). */
static int sv_print(const void *st, const clearn_dataset *schema, FILE *out, clearn_error *err)
{
    const struct svm_est *s = st;
    const struct svm_model *m = s->m;
    int cl = is_classifier(m->param.svm_type), ok;
    size_t np = cl ? n_pairs((size_t)m->nr_class) : 1;
    char g[CLEARN__DBL_BUF];
    if (cl && clearn__svm_n_classes(schema) != s->k)
        return clearn__error(err, CLEARN_ESCHEMA, "svm: the model has %zu classes but the schema's "
                             "class has %zu", s->k, clearn__svm_n_classes(schema));
    clearn__format_double(m->param.gamma, g);
    ok = fprintf(out, "libsvm %s, kernel %s", svm_types[m->param.svm_type],
                 kernels[m->param.kernel_type]) >= 0;
    if (ok && m->param.kernel_type != LINEAR)
        ok = fprintf(out, ", gamma %s", g) >= 0;
    if (ok && m->param.kernel_type == POLY)
        ok = fprintf(out, ", degree %d", m->param.degree) >= 0;
    if (ok && (m->param.kernel_type == POLY || m->param.kernel_type == SIGMOID)) {
        clearn__format_double(m->param.coef0, g);
        ok = fprintf(out, ", coef0 %s", g) >= 0;
    }
    if (ok)
        ok = fprintf(out, "\nsupport vectors: %d", m->l) >= 0;
    for (int i = 0; ok && cl && i < m->nr_class; i++)
        ok = fprintf(out, "%s%s: %d", i ? ", " : " (",
                     schema->attrs[schema->cls].cats[m->label[i]], m->nSV[i]) >= 0;
    if (ok)
        ok = fputs(cl && m->nr_class ? ")\n" : "\n", out) != EOF;
    if (ok)
        ok = print_doubles(out, "rho", m->rho, np);
    if (ok && m->probA)
        ok = print_doubles(out, "probA", m->probA, np);
    if (ok && m->probB)
        ok = print_doubles(out, "probB", m->probB, np);
    return ok ? CLEARN_OK : clearn__error(err, CLEARN_EIO, "svm: cannot write the model");
}

static int sv_decision(const void *state, const clearn_dataset *x, double *out, clearn_error *err)
{
    return clearn__svm_decision(state, x, 0, out, err);
}

const clearn_estimator_type clearn__svm_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "svm",
    .summary = "support vector machine (libsvm): classification, regression, one-class",
    .tasks = CLEARN_CLASSIFY | CLEARN_REGRESS | CLEARN_CLUSTER,
    .params = sv_params,
    .n_params = sizeof sv_params / sizeof *sv_params,
    .state_size = sizeof(struct svm_est),
    .fit = sv_fit,
    .predict = sv_predict,
    .predict_proba = sv_predict_proba,
    .save = sv_save,
    .load = sv_load,
    .destroy = sv_destroy,
    .print = sv_print,
    .n_decision = clearn__svm_n_decision,
    .decision = sv_decision,
};
