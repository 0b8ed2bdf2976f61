/* clearn — regularised least squares: ridge, lasso, elastic_net, and the
 * lasso / elastic-net regularisation path (clearn_lasso_path); and what
 * every linear model keeps once fitted: the coefficient store (payloads,
 * scoring, the coefficient table) and the public calls of
 * include/clearn/linear.h that read it.
 *
 * ridge minimises ||y - Xw - b||^2 + alpha ||w||^2 (the intercept is not
 * penalised), as scikit-learn's Ridge. It reuses the QR factor R of the
 * centred, column-scaled [X y] that ols computes, and solves the small
 * problem min |z - R u|^2 + alpha |D^-1 u|^2 (D the column scales) as the
 * least-squares problem of the stacked matrix [R; sqrt(alpha) D^-1] by SVD
 * (LAPACK dgelsd): no normal equations, and alpha = 0 gives ols's
 * minimum-norm answer.
 *
 * lasso and elastic_net minimise scikit-learn's objective
 *   (1/(2n)) ||y - Xw - b||^2 + alpha l1_ratio ||w||_1
 *                             + (alpha/2) (1 - l1_ratio) ||w||^2
 * (lasso: l1_ratio = 1) by cyclic coordinate descent, as scikit-learn's
 * Lasso and ElasticNet do, with the same stopping rule: a sweep whose
 * largest coefficient change is below tol times the largest coefficient
 * triggers a duality-gap check, and the fit stops once the gap is below
 * tol times |y|^2. With more rows than columns the sweeps work on the Gram
 * matrix of the centred data (covariance updates, as glmnet and
 * scikit-learn's lasso_path), otherwise on the residual. The path fits a
 * decreasing sequence of alphas, each warm-started from the previous
 * solution. */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <string.h>
#include <cblas.h>
#include <lapacke.h>
#include "internal.h"
#include "linear_impl.h"

/* Rows per block when accumulating the Gram matrix, and when scoring. */
#define GRAM_BLOCK 1024
#define SCORE_BLOCK 256

/* ---- coefficient payloads --------------------------------------------------- */

void clearn__lm_clear(struct clearn__lm *m)
{
    clearn__free(m->coef);
    memset(m, 0, sizeof *m);
}

int clearn__lm_alloc(struct clearn__lm *m, size_t p, size_t k, clearn_error *err)
{
    size_t total;
    clearn__lm_clear(m);
    if (p > CLEARN__LM_MAX_WIDTH || k > CLEARN__LM_MAX_OUTPUTS)
        return clearn__error(err, CLEARN_ERANGE, "linear model: %zu columns x %zu outputs is "
                             "too many", p, k);
    total = p * k + k + p;
    if (!(m->coef = clearn__calloc(total ? total : 1, sizeof *m->coef)))
        return clearn__nomem(err);
    m->intercept = m->coef + p * k;
    m->mean = m->intercept + k;
    m->p = p;
    m->k = k;
    return CLEARN_OK;
}

int clearn__lm_save(const struct clearn__lm *m, clearn_writer *w, clearn_error *err)
{
    int rc = clearn_writer_size(w, "columns", m->p, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "outputs", m->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "coef", m->coef, m->p * m->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "intercept", m->intercept, m->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "mean", m->mean, m->p, err);
    return rc;
}

int clearn__lm_read_count(clearn_reader *r, const char *key, size_t max, const char *who,
                          size_t *out, clearn_error *err)
{
    int rc = clearn_reader_size(r, key, out, err);
    if (rc == CLEARN_OK && *out > max)
        return clearn__error(err, CLEARN_ECORRUPT, "%s model: '%s' is %zu, more than %zu", who,
                             key, *out, max);
    return rc;
}

int clearn__lm_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

int clearn__lm_load(struct clearn__lm *m, const char *who, clearn_reader *r, clearn_error *err)
{
    size_t p, k;
    int rc = clearn__lm_read_count(r, "columns", CLEARN__LM_MAX_WIDTH, who, &p, err);
    if (rc == CLEARN_OK)
        rc = clearn__lm_read_count(r, "outputs", CLEARN__LM_MAX_OUTPUTS, who, &k, err);
    if (rc == CLEARN_OK && p * k > CLEARN__LM_MAX_WIDTH)
        rc = clearn__error(err, CLEARN_ECORRUPT, "%s model: %zu x %zu coefficients is too many",
                           who, p, k);
    if (rc == CLEARN_OK)
        rc = clearn__lm_alloc(m, p, k, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_doubles(r, "coef", m->coef, p * k, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_doubles(r, "intercept", m->intercept, k, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_doubles(r, "mean", m->mean, p, err);
    if (rc == CLEARN_OK && !clearn__lm_finite(m->coef, p * k + k + p))
        rc = clearn__error(err, CLEARN_ECORRUPT, "%s model: a coefficient is not finite", who);
    return rc;
}

int clearn__lm_check(const struct clearn__lm *m, const char *who, const clearn_dataset *x,
                     clearn_error *err)
{
    size_t p = clearn__lm_width(x);
    if (p != m->p)
        return clearn__error(err, CLEARN_ESCHEMA,
                             "%s: the model has %zu design columns but the data gives %zu",
                             who, m->p, p);
    return CLEARN_OK;
}

int clearn__lm_scores(const struct clearn__lm *m, const clearn_dataset *x, double *out,
                      clearn_error *err)
{
    size_t p = m->p, k = m->k;
    double *blk = clearn__mallocarray(SCORE_BLOCK * (p ? p : 1), sizeof *blk);
    if (!blk)
        return clearn__nomem(err);
    for (size_t r = 0; r < x->n; r += SCORE_BLOCK) {
        size_t n = x->n - r < SCORE_BLOCK ? x->n - r : SCORE_BLOCK;
        double *o = out + r * k;
        for (size_t i = 0; i < n; i++)
            memcpy(o + i * k, m->intercept, k * sizeof *o);
        if (!p || !k)
            continue;
        clearn__lm_expand(x, r, n, m->mean, blk, p, 1);
        if (k == 1)
            cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)p, 1.0, blk, (int)p, m->coef,
                        1, 1.0, o, 1);
        else
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)k, (int)p, 1.0,
                        blk, (int)p, m->coef, (int)k, 1.0, o, (int)k);
    }
    clearn__free(blk);
    return CLEARN_OK;
}

int clearn__lm_io(int ok, const char *who, clearn_error *err)
{
    return ok ? CLEARN_OK : clearn__error(err, CLEARN_EIO, "%s: cannot write the model", who);
}

int clearn__lm_name_width(const clearn_dataset *schema, size_t p)
{
    size_t w = strlen("(Intercept)");
    char name[256];
    for (size_t c = 0; c < p; c++) {
        clearn__lm_colname(schema, c, name, sizeof name);
        if (strlen(name) > w)
            w = strlen(name);
    }
    return (int)(w > 60 ? 60 : w);
}

int clearn__lm_print(const struct clearn__lm *m, const clearn_dataset *schema,
                     const char *title, FILE *out, clearn_error *err)
{
    int w = clearn__lm_name_width(schema, m->p), ok = fprintf(out, "%s\n\n", title) >= 0;
    char name[256];
    ok = ok && fprintf(out, "%-*s %24s\n", w, "", "Coefficient") >= 0;
    ok = ok && fprintf(out, "%-*s %24.17g\n", w, "(Intercept)", m->intercept[0]) >= 0;
    for (size_t c = 0; ok && c < m->p; c++) {
        clearn__lm_colname(schema, c, name, sizeof name);
        ok = fprintf(out, "%-*s %24.17g\n", w, name, m->coef[c * m->k]) >= 0;
    }
    return clearn__lm_io(ok, "print", err);
}

/* ---- the public calls ---------------------------------------------------------- */

const void *clearn__lm_state(const clearn_estimator *e, const clearn_estimator_type *type)
{
    if (!e || clearn_estimator_get_type(e) != type || !clearn_estimator_is_fitted(e))
        return NULL;
    return clearn__estimator_state(e);
}

/* The coefficients of a fitted linear estimator, and its state. */
static const struct clearn__lm *lm_of(const clearn_estimator *e, const void **state,
                                      clearn_error *err)
{
    const struct {
        const clearn_estimator_type *type;
        const size_t *offset;
    } types[] = {
        {&clearn__ols_type, &clearn__ols_lm_offset},
        {&clearn__ridge_type, &clearn__ridge_lm_offset},
        {&clearn__lasso_type, &clearn__lasso_lm_offset},
        {&clearn__elastic_net_type, &clearn__lasso_lm_offset},
        {&clearn__logreg_type, &clearn__logreg_lm_offset},
    };
    const clearn_estimator_type *t = e ? clearn_estimator_get_type(e) : NULL;
    for (size_t i = 0; t && i < sizeof types / sizeof *types; i++) {
        if (t != types[i].type)
            continue;
        if (!(*state = clearn__lm_state(e, t))) {
            clearn__error(err, CLEARN_ENOTFIT, "%s is not fitted", t->name);
            return NULL;
        }
        return (const struct clearn__lm *)(const void *)((const char *)*state + *types[i].offset);
    }
    clearn__error(err, CLEARN_EINVAL, "%s is not a linear model", t ? t->name : "NULL");
    return NULL;
}

size_t clearn_linear_ncoefs(const clearn_estimator *e)
{
    const void *state;
    const struct clearn__lm *lm = lm_of(e, &state, NULL);
    return lm ? lm->k * (lm->p + 1) : 0;
}

int clearn_linear_coefs(const clearn_estimator *e, double *coef, clearn_error *err)
{
    const void *state;
    const struct clearn__lm *lm = lm_of(e, &state, err);
    if (!lm)
        return err ? err->code : CLEARN_EINVAL;
    if (!coef)
        return clearn__error(err, CLEARN_EINVAL, "linear coefficients: NULL array");
    for (size_t o = 0; o < lm->k; o++) {
        coef[o * (lm->p + 1)] = lm->intercept[o];
        for (size_t c = 0; c < lm->p; c++)
            coef[o * (lm->p + 1) + 1 + c] = lm->coef[c * lm->k + o];
    }
    return CLEARN_OK;
}

int clearn_linear_coef_name(const clearn_estimator *e, size_t j, char *buf, size_t size,
                            clearn_error *err)
{
    const void *state;
    const struct clearn__lm *lm = lm_of(e, &state, err);
    clearn_dataset *schema;
    char col[256];
    size_t c;
    if (!lm)
        return err ? err->code : CLEARN_EINVAL;
    if (!buf || !size || j >= lm->k * (lm->p + 1))
        return clearn__error(err, CLEARN_EINVAL, "linear coefficient %zu: out of range (%zu "
                             "coefficients) or no buffer", j, lm->k * (lm->p + 1));
    /* The schema the model saw: the training header through the stages. */
    if (!(schema = clearn__estimator_prepare(e, clearn_estimator_schema(e), err)))
        return err ? err->code : CLEARN_ENOMEM;
    c = j % (lm->p + 1);
    if (c)
        clearn__lm_colname(schema, c - 1, col, sizeof col);
    else
        snprintf(col, sizeof col, "(Intercept)");
    if (clearn_estimator_get_type(e) == &clearn__logreg_type)
        snprintf(buf, size, "%s:%s", clearn__logreg_eq_class(state, schema, j / (lm->p + 1)), col);
    else
        snprintf(buf, size, "%s", col);
    clearn_dataset_free(schema);
    return CLEARN_OK;
}

/* ---- ridge ----------------------------------------------------------------- */

struct ridge {
    double alpha;           /* parameters */
    int intercept;
    long threads;
    struct clearn__lm lm;   /* fitted */
};

const size_t clearn__ridge_lm_offset = offsetof(struct ridge, lm);

static const clearn_param ridge_params[] = {
    {"alpha", CLEARN_PARAM_DOUBLE, offsetof(struct ridge, alpha), "1", 0, 1e300, NULL,
     "penalty on the squared norm of the coefficients", 0},
    {"intercept", CLEARN_PARAM_BOOL, offsetof(struct ridge, intercept), "true", 1, 0, NULL,
     "fit an intercept (not penalised)", 0},
    {"threads", CLEARN_PARAM_INT, offsetof(struct ridge, threads), "1", 0, 1e9, NULL,
     "threads (0 = all CPUs); results do not depend on it", 0},
};

static void ridge_destroy(void *st)
{
    struct ridge *m = st;
    clearn__lm_clear(&m->lm);
}

/* Least squares of the stacked (2p x p) problem by SVD; u receives the
 * scaled coefficients. */
static int ridge_solve(const struct clearn__lm_qr *qr, double alpha, double *u,
                       clearn_error *err)
{
    size_t p = qr->p, ld = p + 1, m2 = 2 * p;
    double *a, *b, *sv, rcond, wq, *work = NULL;
    lapack_int rank, info, iwq = 0, *iwork = NULL;
    if (!p)
        return CLEARN_OK;
    if (!(a = clearn__calloc(m2 * p + m2 + p, sizeof *a)))
        return clearn__nomem(err);
    b = a + m2 * p;
    sv = b + m2;
    for (size_t j = 0; j < p; j++) {
        for (size_t i = 0; i <= j; i++)
            a[i + j * m2] = qr->r[i + j * ld];
        a[p + j + j * m2] = sqrt(alpha) / qr->scale[j];
        b[j] = qr->r[j + p * ld];
    }
    rcond = alpha > 0 ? -1 : (double)(qr->n > p ? qr->n : p) * DBL_EPSILON;
    info = LAPACKE_dgelsd_work(LAPACK_COL_MAJOR, (lapack_int)m2, (lapack_int)p, 1, a,
                               (lapack_int)m2, b, (lapack_int)m2, sv, rcond, &rank, &wq, -1, &iwq);
    if (info == 0) {
        work = clearn__mallocarray((size_t)wq + 1, sizeof *work);
        iwork = clearn__mallocarray((size_t)iwq + 1, sizeof *iwork);
        if (!work || !iwork)
            info = -1000;
    }
    if (info == 0)
        info = LAPACKE_dgelsd_work(LAPACK_COL_MAJOR, (lapack_int)m2, (lapack_int)p, 1, a,
                                   (lapack_int)m2, b, (lapack_int)m2, sv, rcond, &rank, work,
                                   (lapack_int)wq, iwork);
    clearn__free(work);
    clearn__free(iwork);
    if (info == 0)
        memcpy(u, b, p * sizeof *u);
    clearn__free(a);
    if (info == -1000)
        return clearn__nomem(err);
    return info == 0 ? CLEARN_OK
           : clearn__error(err, CLEARN_ENUMERIC, "ridge: SVD (dgelsd) failed (LAPACK info %d)",
                           (int)info);
}

static int ridge_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    struct ridge *m = st;
    struct clearn__lm_qr qr;
    size_t threads, p;
    int rc;
    ridge_destroy(m);
    if ((rc = clearn__lm_threads(m->threads, "ridge", &threads, err)) != CLEARN_OK ||
        (rc = clearn__lm_qr(train, m->intercept, threads, "ridge", &qr, err)) != CLEARN_OK)
        return rc;
    p = qr.p;
    rc = clearn__lm_alloc(&m->lm, p, 1, err);
    if (rc == CLEARN_OK)
        rc = ridge_solve(&qr, m->alpha, m->lm.coef, err);
    if (rc == CLEARN_OK) {
        double b0 = qr.mean[p];
        for (size_t j = 0; j < p; j++) {
            m->lm.coef[j] *= qr.scale[p] / qr.scale[j];
            m->lm.mean[j] = qr.mean[j];
            b0 -= qr.mean[j] * m->lm.coef[j];
        }
        m->lm.intercept[0] = m->intercept ? b0 : 0;
        for (size_t j = 0; j <= p && rc == CLEARN_OK; j++)
            if (!isfinite(j < p ? m->lm.coef[j] : m->lm.intercept[0]))
                rc = clearn__error(err, CLEARN_ENUMERIC, "ridge: the coefficients overflow "
                                   "double precision (rescale the data)");
    }
    clearn__lm_qr_free(&qr);
    if (rc != CLEARN_OK)
        ridge_destroy(m);
    return rc;
}

static int ridge_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    const struct ridge *m = st;
    int rc = clearn__lm_check(&m->lm, "ridge", x, err);
    return rc == CLEARN_OK ? clearn__lm_scores(&m->lm, x, out, err) : rc;
}

static int ridge_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct ridge *m = st;
    return clearn__lm_save(&m->lm, w, err);
}

static int ridge_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct ridge *m = st;
    int rc = clearn__lm_load(&m->lm, "ridge", r, err);
    if (rc == CLEARN_OK && m->lm.k != 1)
        rc = clearn__error(err, CLEARN_ECORRUPT, "ridge model: %zu outputs, not 1", m->lm.k);
    if (rc != CLEARN_OK)
        ridge_destroy(m);
    return rc;
}

static int ridge_print(const void *st, const clearn_dataset *schema, FILE *out,
                       clearn_error *err)
{
    const struct ridge *m = st;
    char title[128];
    int rc = clearn__lm_check(&m->lm, "ridge", schema, err);
    if (rc != CLEARN_OK)
        return rc;
    snprintf(title, sizeof title, "Ridge regression (alpha=%.17g)", m->alpha);
    return clearn__lm_print(&m->lm, schema, title, out, err);
}

const clearn_estimator_type clearn__ridge_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "ridge",
    .summary = "ridge regression (L2-penalised least squares, by QR and SVD)",
    .tasks = CLEARN_REGRESS,
    .params = ridge_params,
    .n_params = sizeof ridge_params / sizeof *ridge_params,
    .state_size = sizeof(struct ridge),
    .fit = ridge_fit,
    .predict = ridge_predict,
    .save = ridge_save,
    .load = ridge_load,
    .destroy = ridge_destroy,
    .print = ridge_print,
};

/* ---- the data of a coordinate-descent problem ----------------------------------
 * Either the Gram matrix of the (centred) design with X'y and y'y, or the
 * (centred) design itself, column-major, with y. */

struct cd_data {
    size_t n, p;
    int gram;             /* which of the two forms */
    double *g;            /* gram: (p + 1) x (p + 1), the last row and column
                           * X'y and y'y; else n x p column-major design */
    double *y;            /* residual form: the centred class (n) */
    double *colsq;        /* p: squared column norms (the diagonal) */
    double *xty;          /* p: X'y */
    double yy;            /* y'y */
    double *mean;         /* p + 1: the means subtracted (0 without an intercept) */
    double *avg;          /* p + 1: the means */
};

static void cd_data_free(struct cd_data *d)
{
    clearn__free(d->g);
    clearn__free(d->y);
    clearn__free(d->mean);
    memset(d, 0, sizeof *d);
}

/* [X y] of rows r0.. minus the means, row-major (q = p + 1 columns). */
static void centred_block(const clearn_dataset *ds, size_t r0, size_t m, const double *mean,
                          double *blk, size_t q)
{
    clearn__lm_expand(ds, r0, m, NULL, blk, q, 1);
    for (size_t i = 0; i < m; i++) {
        double *row = blk + i * q;
        row[q - 1] = ds->x[(r0 + i) * ds->d + ds->cls];
        for (size_t c = 0; c < q; c++)
            row[c] -= mean[c];
    }
}

/* 1 when the dataset's rows are [X y] already: all features numeric, the
 * class last. */
static int plain_layout(const clearn_dataset *ds)
{
    if (ds->cls + 1 != ds->d)
        return 0;
    for (size_t j = 0; j + 1 < ds->d; j++)
        if (ds->attrs[j].kind != CLEARN_NUMERIC)
            return 0;
    return 1;
}

static int gram_build(const clearn_dataset *ds, struct cd_data *d, int center, clearn_error *err)
{
    size_t q = d->p + 1;
    double *blk;
    if (!(d->g = clearn__calloc(q * q, sizeof *d->g)))
        return clearn__nomem(err);
    if (!center && plain_layout(ds)) {   /* one call on the data as it is */
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)q, (int)ds->n, 1.0, ds->x,
                    (int)q, 0.0, d->g, (int)q);
    } else {
        if (!(blk = clearn__mallocarray(GRAM_BLOCK, q * sizeof *blk)))
            return clearn__nomem(err);
        for (size_t r = 0; r < ds->n; r += GRAM_BLOCK) {
            size_t m = ds->n - r < GRAM_BLOCK ? ds->n - r : GRAM_BLOCK;
            centred_block(ds, r, m, d->mean, blk, q);
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)q, (int)m, 1.0, blk, (int)q,
                        1.0, d->g, (int)q);
        }
        clearn__free(blk);
    }
    for (size_t i = 0; i < q; i++)
        for (size_t j = 0; j < i; j++)
            d->g[i * q + j] = d->g[j * q + i];
    for (size_t j = 0; j < d->p; j++) {
        d->colsq[j] = d->g[j * q + j];
        d->xty[j] = d->g[j * q + d->p];
    }
    d->yy = d->g[q * q - 1];
    return CLEARN_OK;
}

static int design_build(const clearn_dataset *ds, struct cd_data *d, clearn_error *err)
{
    size_t n = ds->n, p = d->p, q = p + 1;
    double *blk = clearn__mallocarray(GRAM_BLOCK, q * sizeof *blk);
    d->g = clearn__mallocarray(n * (p ? p : 1), sizeof *d->g);
    d->y = clearn__mallocarray(n, sizeof *d->y);
    if (!blk || !d->g || !d->y) {
        clearn__free(blk);
        return clearn__nomem(err);
    }
    for (size_t r = 0; r < n; r += GRAM_BLOCK) {
        size_t m = n - r < GRAM_BLOCK ? n - r : GRAM_BLOCK;
        centred_block(ds, r, m, d->mean, blk, q);
        for (size_t i = 0; i < m; i++) {
            for (size_t c = 0; c < p; c++)
                d->g[c * n + r + i] = blk[i * q + c];
            d->y[r + i] = blk[i * q + p];
        }
    }
    clearn__free(blk);
    d->yy = cblas_ddot((int)n, d->y, 1, d->y, 1);
    for (size_t c = 0; c < p; c++) {
        d->colsq[c] = cblas_ddot((int)n, d->g + c * n, 1, d->g + c * n, 1);
        d->xty[c] = cblas_ddot((int)n, d->g + c * n, 1, d->y, 1);
    }
    return CLEARN_OK;
}

/* The problem's data: Gram form when there are at least as many rows as
 * columns (and the Gram matrix is not huge). The column means take a pass
 * over the data: only when centring or when need_avg asks for them. */
static int cd_data_build(const clearn_dataset *ds, int center, int need_avg, const char *who,
                         struct cd_data *d, clearn_error *err)
{
    size_t p = clearn__lm_width(ds);
    double *norm;
    int rc;
    memset(d, 0, sizeof *d);
    d->n = ds->n;
    d->p = p;
    d->gram = p <= ds->n && p <= 8192;
    if (!(d->mean = clearn__calloc(5 * (p + 1), sizeof *d->mean)))
        return clearn__nomem(err);
    d->avg = d->mean + p + 1;
    norm = d->avg + p + 1;
    d->colsq = norm + p + 1;
    d->xty = d->colsq + p + 1;
    rc = center || need_avg ? clearn__lm_moments(ds, center, 1, who, d->avg, norm, err)
                            : CLEARN_OK;
    if (rc == CLEARN_OK && center)
        memcpy(d->mean, d->avg, (p + 1) * sizeof *d->mean);
    if (rc == CLEARN_OK)
        rc = d->gram ? gram_build(ds, d, center, err) : design_build(ds, d, err);
    if (rc != CLEARN_OK)
        cd_data_free(d);
    return rc;
}

/* 1 when the sums the sweeps use are finite (a missing value would have
 * made one NaN: the data need no scan of their own beforehand). */
static int cd_finite(const struct cd_data *d)
{
    return isfinite(d->yy) && clearn__lm_finite(d->colsq, d->p) &&
           clearn__lm_finite(d->xty, d->p) &&
           (!d->gram || clearn__lm_finite(d->g, (d->p + 1) * (d->p + 1)));
}

/* ---- coordinate descent ------------------------------------------------------------ */

struct cd_run {
    double l1, l2;        /* penalties scaled by n */
    double tol;           /* scikit-learn's tol */
    long max_iter;
    long n_iter;          /* out */
    int converged;
    double gap;
};

static double soft(double v, double t)
{
    return v > t ? v - t : v < -t ? v + t : 0;
}

/* Duality gap of the scaled problem 0.5|r|^2 + l1 |w|_1 + 0.5 l2 |w|^2,
 * given X'r (xtr), |r|^2 and r'y. */
static double duality_gap(const struct cd_run *run, const double *w, const double *xtr,
                          size_t p, double rnorm2, double ry)
{
    double dual = 0, l1norm = 0, wnorm2 = 0, k = 1, gap;
    for (size_t j = 0; j < p; j++) {
        double a = fabs(xtr[j] - run->l2 * w[j]);
        if (a > dual)
            dual = a;
        l1norm += fabs(w[j]);
        wnorm2 += w[j] * w[j];
    }
    if (dual > run->l1) {
        k = run->l1 / dual;
        gap = 0.5 * (rnorm2 + rnorm2 * k * k);
    } else {
        gap = rnorm2;
    }
    return gap + run->l1 * l1norm - k * ry + 0.5 * run->l2 * (1 + k * k) * wnorm2;
}

/* Gram form: h = G w is kept up to date; scratch holds X'r. */
static double gram_gap(const struct cd_data *d, const struct cd_run *run, const double *w,
                       const double *h, double *scratch)
{
    double wq = 0, wh = 0;
    for (size_t j = 0; j < d->p; j++) {
        scratch[j] = d->xty[j] - h[j];
        wq += w[j] * d->xty[j];
        wh += w[j] * h[j];
    }
    return duality_gap(run, w, scratch, d->p, d->yy - 2 * wq + wh, d->yy - wq);
}

/* Residual form: r = y - X w is kept up to date. */
static double resid_gap(const struct cd_data *d, const struct cd_run *run, const double *w,
                        const double *r, double *scratch)
{
    for (size_t j = 0; j < d->p; j++)
        scratch[j] = cblas_ddot((int)d->n, d->g + j * d->n, 1, r, 1);
    return duality_gap(run, w, scratch, d->p, cblas_ddot((int)d->n, r, 1, r, 1),
                       cblas_ddot((int)d->n, r, 1, d->y, 1));
}

/* One sweep; returns the largest change and sets *wmax. */
static double sweep(const struct cd_data *d, const struct cd_run *run, double *w, double *v,
                    double *wmax)
{
    size_t p = d->p, q = p + 1;
    double dmax = 0;
    *wmax = 0;
    for (size_t j = 0; j < p; j++) {
        double old = w[j], tmp, nw;
        if (d->colsq[j] == 0)
            continue;
        if (d->gram)
            tmp = d->xty[j] - v[j] + d->colsq[j] * old;
        else
            tmp = cblas_ddot((int)d->n, d->g + j * d->n, 1, v, 1) + d->colsq[j] * old;
        nw = soft(tmp, run->l1) / (d->colsq[j] + run->l2);
        if (nw != old) {
            if (d->gram)
                cblas_daxpy((int)p, nw - old, d->g + j * q, 1, v, 1);
            else
                cblas_daxpy((int)d->n, old - nw, d->g + j * d->n, 1, v, 1);
            w[j] = nw;
        }
        if (fabs(nw - old) > dmax)
            dmax = fabs(nw - old);
        if (fabs(nw) > *wmax)
            *wmax = fabs(nw);
    }
    return dmax;
}

/* v: the Gram form's G w, or the residual y - X w, for the current w. */
static void cd_state(const struct cd_data *d, const double *w, double *v)
{
    size_t p = d->p;
    if (d->gram) {
        if (p)
            cblas_dsymv(CblasRowMajor, CblasUpper, (int)p, 1.0, d->g, (int)(p + 1), w, 1, 0.0,
                        v, 1);
        return;
    }
    memcpy(v, d->y, d->n * sizeof *v);
    if (p)
        cblas_dgemv(CblasColMajor, CblasNoTrans, (int)d->n, (int)p, -1.0, d->g, (int)d->n, w, 1,
                    1.0, v, 1);
}

/* Minimises from the w given (warm start). v and scratch: see cd_state
 * (n or p values) and p values. */
static void cd_solve(const struct cd_data *d, struct cd_run *run, double *w, double *v,
                     double *scratch)
{
    double tol = run->tol * d->yy;
    cd_state(d, w, v);
    run->converged = 0;
    run->gap = NAN;
    for (run->n_iter = 1; run->n_iter <= run->max_iter; run->n_iter++) {
        double wmax, dmax = sweep(d, run, w, v, &wmax);
        if (wmax == 0 || dmax / wmax < run->tol || run->n_iter == run->max_iter) {
            run->gap = d->gram ? gram_gap(d, run, w, v, scratch) : resid_gap(d, run, w, v, scratch);
            if (run->gap < tol) {
                run->converged = 1;
                return;
            }
        }
    }
    run->n_iter = run->max_iter;
}

/* Scratch for cd_solve: v (n or p) and p values. */
static double *cd_scratch(const struct cd_data *d)
{
    size_t nv = d->gram ? d->p : d->n;
    return clearn__mallocarray(nv + d->p + 1, sizeof(double));
}

static double intercept_of(const struct cd_data *d, const double *w, int center)
{
    double b = d->mean[d->p];
    if (!center)
        return 0;
    for (size_t j = 0; j < d->p; j++)
        b -= d->mean[j] * w[j];
    return b;
}

/* ---- lasso and elastic_net --------------------------------------------------------- */

struct lasso {
    double alpha;           /* parameters */
    double l1_ratio;        /* elastic_net only (lasso: 1) */
    int intercept;
    double tol;
    long max_iter;
    struct clearn__lm lm;   /* fitted */
    int enet;               /* fitted as elastic_net */
    long n_iter;
    int converged;
    double gap;             /* final duality gap, in the units of (1/2)|r|^2 */
};

const size_t clearn__lasso_lm_offset = offsetof(struct lasso, lm);

static const clearn_param lasso_params[] = {
    {"alpha", CLEARN_PARAM_DOUBLE, offsetof(struct lasso, alpha), "1", 0, 1e300, NULL,
     "penalty strength (scikit-learn's alpha)", 0},
    {"intercept", CLEARN_PARAM_BOOL, offsetof(struct lasso, intercept), "true", 1, 0, NULL,
     "fit an intercept (not penalised)", 0},
    {"tol", CLEARN_PARAM_DOUBLE, offsetof(struct lasso, tol), "1e-4", 0, 1, NULL,
     "stop when the duality gap is below tol x |y|^2 (as scikit-learn)", 0},
    {"max_iter", CLEARN_PARAM_INT, offsetof(struct lasso, max_iter), "1000", 1, 1e9, NULL,
     "most coordinate-descent sweeps", 0},
};

static const clearn_param enet_params[] = {
    {"alpha", CLEARN_PARAM_DOUBLE, offsetof(struct lasso, alpha), "1", 0, 1e300, NULL,
     "penalty strength (scikit-learn's alpha)", 0},
    {"l1_ratio", CLEARN_PARAM_DOUBLE, offsetof(struct lasso, l1_ratio), "0.5", 0, 1, NULL,
     "share of the L1 penalty: 1 = lasso, 0 = ridge", 0},
    {"intercept", CLEARN_PARAM_BOOL, offsetof(struct lasso, intercept), "true", 1, 0, NULL,
     "fit an intercept (not penalised)", 0},
    {"tol", CLEARN_PARAM_DOUBLE, offsetof(struct lasso, tol), "1e-4", 0, 1, NULL,
     "stop when the duality gap is below tol x |y|^2 (as scikit-learn)", 0},
    {"max_iter", CLEARN_PARAM_INT, offsetof(struct lasso, max_iter), "1000", 1, 1e9, NULL,
     "most coordinate-descent sweeps", 0},
};

static void lasso_destroy(void *st)
{
    struct lasso *m = st;
    clearn__lm_clear(&m->lm);
    m->n_iter = 0;
    m->converged = 0;
    m->enet = 0;
    m->gap = 0;
}

static int cd_fit(struct lasso *m, double ratio, const clearn_dataset *train, const char *who,
                  clearn_error *err)
{
    struct cd_data d;
    struct cd_run run;
    double *scratch, n = (double)train->n;
    int rc;
    lasso_destroy(m);
    if ((rc = cd_data_build(train, m->intercept, 1, who, &d, err)) != CLEARN_OK)
        return rc;   /* missing values: clearn__lm_moments reports them */
    rc = cd_finite(&d) ? clearn__lm_alloc(&m->lm, d.p, 1, err)
         : clearn__error(err, CLEARN_ENUMERIC, "%s: the values are too large: their sums of "
                         "products overflow (rescale the data)", who);
    scratch = rc == CLEARN_OK ? cd_scratch(&d) : NULL;
    if (rc == CLEARN_OK && !scratch)
        rc = clearn__nomem(err);
    if (rc == CLEARN_OK) {
        run.l1 = m->alpha * ratio * n;
        run.l2 = m->alpha * (1 - ratio) * n;
        run.tol = m->tol;
        run.max_iter = m->max_iter;
        cd_solve(&d, &run, m->lm.coef, scratch, scratch + (d.gram ? d.p : d.n));
        memcpy(m->lm.mean, d.avg, d.p * sizeof *d.avg);
        m->lm.intercept[0] = intercept_of(&d, m->lm.coef, m->intercept);
        m->n_iter = run.n_iter;
        m->converged = run.converged;
        m->enet = strcmp(who, "elastic_net") == 0;
        m->gap = run.gap;
        if (!isfinite(m->lm.intercept[0]))
            rc = clearn__error(err, CLEARN_ENUMERIC, "%s: the coefficients overflow double "
                               "precision (rescale the data)", who);
    }
    clearn__free(scratch);
    cd_data_free(&d);
    if (rc != CLEARN_OK)
        lasso_destroy(m);
    return rc;
}

static int lasso_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    return cd_fit(st, 1.0, train, "lasso", err);
}

static int enet_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    struct lasso *m = st;
    return cd_fit(m, m->l1_ratio, train, "elastic_net", err);
}

static int lasso_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    const struct lasso *m = st;
    int rc = clearn__lm_check(&m->lm, m->enet ? "elastic_net" : "lasso", x, err);
    return rc == CLEARN_OK ? clearn__lm_scores(&m->lm, x, out, err) : rc;
}

static int lasso_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct lasso *m = st;
    int rc = clearn__lm_save(&m->lm, w, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "iterations", m->n_iter, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "flags", m->converged + 2 * m->enet, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_double(w, "gap", m->gap, err);
    return rc;
}

static int lasso_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct lasso *m = st;
    long conv = 0;
    int rc;
    lasso_destroy(m);
    rc = clearn__lm_load(&m->lm, "lasso", r, err);
    if (rc == CLEARN_OK && m->lm.k != 1)
        rc = clearn__error(err, CLEARN_ECORRUPT, "lasso model: %zu outputs, not 1", m->lm.k);
    if (rc == CLEARN_OK)
        rc = clearn_reader_int(r, "iterations", &m->n_iter, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_int(r, "flags", &conv, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_double(r, "gap", &m->gap, err);
    if (rc == CLEARN_OK && (conv < 0 || conv > 3 || m->n_iter < 0))
        rc = clearn__error(err, CLEARN_ECORRUPT, "lasso model: bad iteration count or flags");
    m->converged = (int)(conv & 1);
    m->enet = (int)(conv >> 1);
    if (rc != CLEARN_OK)
        lasso_destroy(m);
    return rc;
}

static int lasso_print(const void *st, const clearn_dataset *schema, FILE *out,
                       clearn_error *err)
{
    const struct lasso *m = st;
    char title[256];
    int rc = clearn__lm_check(&m->lm, m->enet ? "elastic_net" : "lasso", schema, err);
    if (rc != CLEARN_OK)
        return rc;
    if (m->enet)
        snprintf(title, sizeof title, "Elastic net by coordinate descent (alpha=%.17g, "
                 "l1_ratio=%.17g): %s after %ld sweeps, duality gap %.3g", m->alpha,
                 m->l1_ratio, m->converged ? "converged" : "NOT converged", m->n_iter, m->gap);
    else
        snprintf(title, sizeof title, "Lasso by coordinate descent (alpha=%.17g): %s after "
                 "%ld sweeps, duality gap %.3g", m->alpha,
                 m->converged ? "converged" : "NOT converged", m->n_iter, m->gap);
    return clearn__lm_print(&m->lm, schema, title, out, err);
}

const clearn_estimator_type clearn__lasso_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "lasso",
    .summary = "lasso (L1-penalised least squares, by coordinate descent)",
    .tasks = CLEARN_REGRESS,
    .params = lasso_params,
    .n_params = sizeof lasso_params / sizeof *lasso_params,
    .state_size = sizeof(struct lasso),
    .fit = lasso_fit,
    .predict = lasso_predict,
    .save = lasso_save,
    .load = lasso_load,
    .destroy = lasso_destroy,
    .print = lasso_print,
};

const clearn_estimator_type clearn__elastic_net_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "elastic_net",
    .summary = "elastic net (L1 + L2-penalised least squares, by coordinate descent)",
    .tasks = CLEARN_REGRESS,
    .params = enet_params,
    .n_params = sizeof enet_params / sizeof *enet_params,
    .state_size = sizeof(struct lasso),
    .fit = enet_fit,
    .predict = lasso_predict,
    .save = lasso_save,
    .load = lasso_load,
    .destroy = lasso_destroy,
    .print = lasso_print,
};

/* ---- the regularisation path ------------------------------------------------------ */

void clearn_path_options_init(clearn_path_options *opt)
{
    if (!opt)
        return;
    opt->l1_ratio = 1;
    opt->n_alphas = 100;
    opt->eps = 1e-3;
    opt->alphas = NULL;
    opt->intercept = 1;
    opt->tol = 1e-4;
    opt->max_iter = 1000;
}

static int path_check(const clearn_dataset *ds, const clearn_path_options *o,
                      const double *coefs, clearn_error *err)
{
    if (!ds || !o || !coefs)
        return clearn__error(err, CLEARN_EINVAL, "lasso_path: NULL argument");
    if (!(o->l1_ratio > 0 && o->l1_ratio <= 1) || !o->n_alphas || !(o->eps > 0 && o->eps <= 1) ||
        !(o->tol >= 0 && o->tol < INFINITY) || o->max_iter < 1)
        return clearn__error(err, CLEARN_EINVAL, "lasso_path: options out of range: l1_ratio=%g "
                             "(in (0, 1]), n_alphas=%zu (>= 1), eps=%g (in (0, 1]), tol=%g "
                             "(>= 0), max_iter=%ld (>= 1)", o->l1_ratio, o->n_alphas, o->eps,
                             o->tol, o->max_iter);
    for (size_t k = 0; o->alphas && k < o->n_alphas; k++)
        if (!(o->alphas[k] >= 0 && o->alphas[k] < INFINITY))
            return clearn__error(err, CLEARN_EINVAL, "lasso_path: alpha %zu is %g, not a finite "
                                 "value >= 0", k + 1, o->alphas[k]);
    if (ds->cls == CLEARN_NONE || ds->attrs[ds->cls].kind != CLEARN_NUMERIC)
        return clearn__error(err, CLEARN_EINVAL, "lasso_path: the data needs a numeric class");
    if (!ds->n)
        return clearn__error(err, CLEARN_EINVAL, "lasso_path: no rows");
    return CLEARN_OK;
}

/* The first missing value, reported (CLEARN_OK when there is none). */
static int path_scan(const clearn_dataset *ds, clearn_error *err)
{
    for (size_t i = 0; i < ds->n; i++)
        for (size_t j = 0; j < ds->d; j++) {
            if (!isnan(ds->x[i * ds->d + j]))
                continue;
            if (j == ds->cls)
                return clearn__error(err, CLEARN_EINVAL, "lasso_path: the class is missing in "
                                     "row %zu", i + 1);
            return clearn__error(err, CLEARN_EINVAL, "lasso_path: attribute '%s' is missing in "
                                 "row %zu (impute the data first)", ds->attrs[j].name, i + 1);
        }
    return CLEARN_OK;
}


/* The problem's data, or the reason there is none: a missing value, or
 * values whose sums overflow. */
static int path_data(const clearn_dataset *ds, int center, struct cd_data *d, clearn_error *err)
{
    int rc = cd_data_build(ds, center, 0, "lasso_path", d, err), scan;
    if (rc == CLEARN_OK && cd_finite(d))
        return CLEARN_OK;
    if (rc != CLEARN_OK && rc != CLEARN_ENUMERIC)
        return rc;
    if (rc == CLEARN_OK)
        cd_data_free(d);
    if ((scan = path_scan(ds, err)) != CLEARN_OK)
        return scan;
    return rc != CLEARN_OK ? rc : clearn__error(err, CLEARN_ENUMERIC, "lasso_path: the values "
                                                "are too large: their sums overflow (rescale "
                                                "the data)");
}

/* scikit-learn's grid: alpha_max = max |X'y| / (n l1_ratio), then
 * 10^linspace(log10(eps alpha_max), log10(alpha_max)) in decreasing order. */
static void path_grid(const struct cd_data *d, const clearn_path_options *o, double *alphas)
{
    double amax = 0, lo, hi, step;
    size_t na = o->n_alphas;
    for (size_t j = 0; j < d->p; j++)
        if (fabs(d->xty[j]) > amax)
            amax = fabs(d->xty[j]);
    amax /= (double)d->n * o->l1_ratio;
    if (amax <= 1e-15) {   /* numpy's float resolution, as scikit-learn */
        for (size_t k = 0; k < na; k++)
            alphas[k] = 1e-15;
        return;
    }
    lo = log10(amax * o->eps);
    hi = log10(amax);
    step = na > 1 ? (hi - lo) / (double)(na - 1) : 0;
    for (size_t k = 0; k < na; k++) {
        size_t i = na - 1 - k;
        alphas[k] = pow(10.0, i + 1 == na ? hi : lo + (double)i * step);
    }
}

static void path_run(const struct cd_data *d, const clearn_path_options *o, const double *alphas,
                     double *coefs, double *intercepts, long *n_iter, size_t *bad,
                     double *scratch)
{
    memset(coefs, 0, d->p * sizeof *coefs);
    for (size_t k = 0; k < o->n_alphas; k++) {
        struct cd_run run;
        double *wk = coefs + k * d->p;
        if (k)
            memcpy(wk, wk - d->p, d->p * sizeof *wk);
        run.l1 = alphas[k] * o->l1_ratio * (double)d->n;
        run.l2 = alphas[k] * (1 - o->l1_ratio) * (double)d->n;
        run.tol = o->tol;
        run.max_iter = o->max_iter;
        cd_solve(d, &run, wk, scratch, scratch + (d->gram ? d->p : d->n));
        if (intercepts)
            intercepts[k] = intercept_of(d, wk, o->intercept);
        if (n_iter)
            n_iter[k] = run.n_iter;
        *bad += !run.converged;
    }
}

int clearn_lasso_path(const clearn_dataset *train, const clearn_path_options *opt,
                      double *alphas, double *coefs, double *intercepts, long *n_iter,
                      size_t *not_converged, clearn_error *err)
{
    struct cd_data d;
    double *grid = NULL, *scratch;
    size_t bad = 0;
    int rc = path_check(train, opt, coefs, err);
    if (rc != CLEARN_OK)
        return rc;
    if ((rc = path_data(train, opt->intercept, &d, err)) != CLEARN_OK)
        return rc;
    scratch = cd_scratch(&d);
    if (!opt->alphas)
        grid = clearn__mallocarray(opt->n_alphas, sizeof *grid);
    if (!scratch || (!opt->alphas && !grid)) {
        rc = clearn__nomem(err);
    } else {
        if (grid)
            path_grid(&d, opt, grid);
        path_run(&d, opt, grid ? grid : opt->alphas, coefs, intercepts, n_iter, &bad, scratch);
        if (alphas)
            memcpy(alphas, grid ? grid : opt->alphas, opt->n_alphas * sizeof *alphas);
        if (not_converged)
            *not_converged = bad;
    }
    clearn__free(grid);
    clearn__free(scratch);
    cd_data_free(&d);
    return rc;
}
