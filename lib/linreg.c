/* clearn — ordinary least squares ("ols"), and what the linear models
 * share for reading data: the design matrix, column moments, the QR factor
 * of the data.
 *
 * ols never forms the normal equations. It computes the R factor of the
 * QR decomposition of [X y] (X centred when there is an intercept, every
 * column of [X y] divided by its 2-norm rounded down to a power of two, so
 * that scaling adds no rounding) by Householder reflections
 * (LAPACK dtpqrt), reading the rows once in blocks: each chunk of rows
 * gives a triangle, and the triangles are merged in chunk order, so the
 * result does not depend on threads=. The last column of R holds Q'y and
 * the residual norm. The singular values of the scaled triangle decide the
 * rank: a singular value at or below rank_tol times the largest counts as
 * zero (rank_tol=0: max(n, p) times the machine epsilon, the convention of
 * LAPACK's and NumPy's rank tests). A full-rank design is solved by
 * back-substitution, a rank-deficient one (or solver=svd) through the SVD
 * of the triangle: the minimum-norm solution, with standard errors from
 * the pseudo-inverse (as statsmodels). Column scaling makes the rank test
 * independent of the units, and centring removes the intercept's
 * collinearity with the other columns. Two steps of iterative refinement
 * in double-double precision (see ols_refine) then recover the digits that
 * centring and a large residual cost: on the NIST StRD data the estimates
 * have 13 to 15 correct digits, Filip's 8.5 (see clearn_linear(3) and
 * tests/check_linreg.c). */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cblas.h>
#include <lapacke.h>
#include "internal.h"
#include "pool.h"
#include "linear_impl.h"

/* Rows per block given to LAPACK (the block and its reflectors stay in
 * cache) and columns per Householder panel. */
#define QR_BLOCK 384
#define QR_PANEL 8

/* ---- the design matrix ---------------------------------------------------- */

static size_t attr_width(const struct clearn__attr *a)
{
    if (a->kind == CLEARN_NUMERIC)
        return 1;
    return a->n_cats ? a->n_cats - 1 : 0;
}

size_t clearn__lm_width(const clearn_dataset *ds)
{
    size_t p = 0;
    for (size_t j = 0; j < ds->d; j++)
        if (j != ds->cls)
            p += attr_width(&ds->attrs[j]);
    return p;
}

size_t clearn_linear_width(const clearn_dataset *ds)
{
    return ds ? clearn__lm_width(ds) : 0;
}

void clearn__lm_colname(const clearn_dataset *ds, size_t c, char *buf, size_t size)
{
    for (size_t j = 0; j < ds->d; j++) {
        const struct clearn__attr *a = &ds->attrs[j];
        size_t w = j == ds->cls ? 0 : attr_width(a);
        if (c < w) {
            if (a->kind == CLEARN_NUMERIC)
                snprintf(buf, size, "%s", a->name);
            else
                snprintf(buf, size, "%s=%s", a->name, a->cats[c + 1]);
            return;
        }
        c -= w;
    }
    snprintf(buf, size, "?");
}

int clearn__lm_no_missing(const clearn_dataset *ds, const char *who, clearn_error *err)
{
    for (size_t i = 0; i < ds->n; i++) {
        const double *row = ds->x + i * ds->d;
        for (size_t j = 0; j < ds->d; j++)
            if (j != ds->cls && isnan(row[j]))
                return clearn__error(err, CLEARN_EINVAL,
                                     "%s: attribute '%s' is missing in row %zu: fitting needs "
                                     "complete rows (impute first: \"impute | %s\")",
                                     who, ds->attrs[j].name, i + 1, who);
    }
    return CLEARN_OK;
}

/* 1 when every feature is numeric: design rows are the data rows without
 * the class. */
static int all_numeric(const clearn_dataset *ds)
{
    for (size_t j = 0; j < ds->d; j++)
        if (j != ds->cls && ds->attrs[j].kind != CLEARN_NUMERIC)
            return 0;
    return 1;
}

/* The common case of fitting: numeric features, nothing missing. */
static void copy_numeric(const clearn_dataset *ds, size_t r0, size_t m, double *out, size_t rs,
                         size_t cs)
{
    size_t d = ds->d, cls = ds->cls < d ? ds->cls : d;
    for (size_t i = 0; i < m; i++) {
        const double *row = ds->x + (r0 + i) * d;
        double *o = out + i * rs;
        if (cs == 1) {
            memcpy(o, row, cls * sizeof *o);
            if (cls + 1 < d)
                memcpy(o + cls, row + cls + 1, (d - cls - 1) * sizeof *o);
            continue;
        }
        for (size_t j = 0; j < cls; j++)
            o[j * cs] = row[j];
        for (size_t j = cls + 1; j < d; j++)
            o[(j - 1) * cs] = row[j];
    }
}

void clearn__lm_expand(const clearn_dataset *ds, size_t r0, size_t m, const double *fill,
                       double *out, size_t rs, size_t cs)
{
    if (!fill && all_numeric(ds)) {
        copy_numeric(ds, r0, m, out, rs, cs);
        return;
    }
    for (size_t i = 0; i < m; i++) {
        const double *row = ds->x + (r0 + i) * ds->d;
        double *o = out + i * rs;
        size_t c = 0;
        for (size_t j = 0; j < ds->d; j++) {
            const struct clearn__attr *a = &ds->attrs[j];
            double v = row[j];
            if (j == ds->cls)
                continue;
            if (a->kind == CLEARN_NUMERIC) {
                o[c * cs] = isnan(v) && fill ? fill[c] : v;
                c++;
                continue;
            }
            for (size_t l = 1; l < a->n_cats; l++, c++)
                o[c * cs] = isnan(v) ? (fill ? fill[c] : v) : (double)(v == (double)l);
        }
    }
}

size_t clearn__lm_chunks(size_t n, size_t min_rows, size_t *rows_per_chunk)
{
    size_t per = n / 64 + (n % 64 != 0);
    if (per < min_rows)
        per = min_rows;
    *rows_per_chunk = per;
    return n / per + (n % per != 0);
}

int clearn__lm_threads(long threads, const char *who, size_t *out, clearn_error *err)
{
    *out = clearn__resolve_threads(threads);
    if (!*out)
        return clearn__error(err, CLEARN_EINVAL, "%s: threads=%ld: must be >= 0 (0 = all CPUs)",
                             who, threads);
    return CLEARN_OK;
}

/* Rows r0.. of [X y]: the design columns, then the class. */
static void expand_xy(const clearn_dataset *ds, size_t r0, size_t m, size_t p, double *out,
                      size_t rs, size_t cs)
{
    clearn__lm_expand(ds, r0, m, NULL, out, rs, cs);
    for (size_t i = 0; i < m; i++)
        out[i * rs + p * cs] = ds->x[(r0 + i) * ds->d + ds->cls];
}

/* ---- column moments ---------------------------------------------------------
 * Each chunk is read in blocks; a block's means and sums of squared
 * deviations come from two passes over it (in cache), and blocks and chunks
 * are merged with Chan, Golub and LeVeque's update, which keeps the sums
 * accurate without a second pass over the data. */

struct moments_ctx {
    const clearn_dataset *ds;
    size_t q, per;         /* columns (p + 1); rows per chunk */
    double *mean, *m2;     /* n_chunks x q */
    double *big;           /* n_chunks x q: largest magnitudes */
    double *count;         /* n_chunks */
};

static void merge_moments(double na, double *mean, double *m2, double nb, const double *bmean,
                          const double *bm2, size_t q)
{
    double n = na + nb;
    for (size_t c = 0; c < q; c++) {
        double delta = bmean[c] - mean[c];
        mean[c] += delta * (nb / n);
        m2[c] += bm2[c] + delta * delta * (na / n) * nb;
    }
}

static int moments_task(void *arg, size_t t, clearn_error *err)
{
    struct moments_ctx *x = arg;
    size_t q = x->q, r0 = t * x->per, r1 = r0 + x->per;
    double *blk, *bm, *bs, *mean = x->mean + t * q, *m2 = x->m2 + t * q, na = 0;
    double *big = x->big + t * q;
    int plain = all_numeric(x->ds) && x->ds->cls + 1 == x->ds->d;
    if (r1 > x->ds->n)
        r1 = x->ds->n;
    blk = clearn__mallocarray(QR_BLOCK * q + 2 * q, sizeof *blk);
    if (!blk)
        return clearn__nomem(err);
    bm = blk + QR_BLOCK * q;
    bs = bm + q;
    memset(mean, 0, q * sizeof *mean);
    memset(m2, 0, q * sizeof *m2);
    memset(big, 0, q * sizeof *big);
    for (size_t r = r0; r < r1; r += QR_BLOCK) {
        size_t m = r1 - r < QR_BLOCK ? r1 - r : QR_BLOCK;
        const double *rows = blk;
        if (plain)   /* the rows are [X y] already */
            rows = x->ds->x + r * q;
        else
            expand_xy(x->ds, r, m, q - 1, blk, q, 1);
        memset(bm, 0, 2 * q * sizeof *bm);
        for (size_t i = 0; i < m; i++)   /* row by row: the loops over c vectorise */
            for (size_t c = 0; c < q; c++) {
                double v = rows[i * q + c], a = v < 0 ? -v : v;
                bm[c] += v;
                big[c] = a > big[c] ? a : big[c];   /* no libm call: this loop is hot */
            }
        for (size_t c = 0; c < q; c++)
            bm[c] /= (double)m;
        for (size_t i = 0; i < m; i++)
            for (size_t c = 0; c < q; c++) {
                double dv = rows[i * q + c] - bm[c];
                bs[c] += dv * dv;
            }
        merge_moments(na, mean, m2, (double)m, bm, bs, q);
        na += (double)m;
    }
    x->count[t] = na;
    clearn__free(blk);
    return CLEARN_OK;
}

/* The root sum of squares of column c about mu, computed on the values
 * divided by big (their largest magnitude), for a column whose plain sum
 * of squares underflowed or overflowed. */
static double rescaled_norm(const clearn_dataset *ds, size_t c, double mu, double big,
                            double *blk)
{
    size_t q = clearn__lm_width(ds) + 1;
    double ss = 0;
    for (size_t r = 0; r < ds->n; r += QR_BLOCK) {
        size_t m = ds->n - r < QR_BLOCK ? ds->n - r : QR_BLOCK;
        expand_xy(ds, r, m, q - 1, blk, q, 1);
        for (size_t i = 0; i < m; i++) {
            double v = blk[i * q + c] / big - mu / big;
            ss += v * v;
        }
    }
    return big * sqrt(ss);
}

/* Merges the chunks' figures into mean and norm (sums of squares). */
static double merge_chunks(const struct moments_ctx *x, size_t nt, double *mean, double *norm,
                           double *big)
{
    size_t q = x->q;
    double na = x->count[0];
    memcpy(mean, x->mean, q * sizeof *mean);
    memcpy(norm, x->m2, q * sizeof *norm);
    memcpy(big, x->big, q * sizeof *big);
    for (size_t t = 1; t < nt; t++) {
        merge_moments(na, mean, norm, x->count[t], x->mean + t * q, x->m2 + t * q, q);
        na += x->count[t];
        for (size_t c = 0; c < q; c++)
            big[c] = fmax(big[c], x->big[t * q + c]);
    }
    return na;
}

int clearn__lm_moments(const clearn_dataset *ds, int center, size_t threads, const char *who,
                       double *mean, double *norm, clearn_error *err)
{
    struct moments_ctx x = {ds, clearn__lm_width(ds) + 1, 0, NULL, NULL, NULL, NULL};
    size_t nt = clearn__lm_chunks(ds->n, QR_BLOCK, &x.per), q = x.q;
    double na, *big;
    int rc;
    x.mean = clearn__mallocarray(nt ? nt : 1, 3 * q * sizeof *x.mean);
    x.count = clearn__mallocarray(nt ? nt : 1, sizeof *x.count);
    big = clearn__mallocarray(QR_BLOCK + 1, q * sizeof *big);
    if (!x.mean || !x.count || !big) {
        rc = clearn__nomem(err);
        goto done;
    }
    x.m2 = x.mean + (nt ? nt : 1) * q;
    x.big = x.m2 + (nt ? nt : 1) * q;
    if ((rc = clearn__parallel_for(nt, threads, moments_task, &x, err)) != CLEARN_OK)
        goto done;
    if (!nt) {   /* no rows: nothing to sum */
        memset(mean, 0, q * sizeof *mean);
        memset(norm, 0, q * sizeof *norm);
        goto done;
    }
    na = merge_chunks(&x, nt, mean, norm, big);
    for (size_t c = 0; c < q && rc == CLEARN_OK; c++) {
        norm[c] = sqrt(center ? norm[c] : norm[c] + na * mean[c] * mean[c]);
        if (big[c] > 0 && isfinite(big[c]) && isfinite(mean[c]) &&
            !(norm[c] > 0 && isfinite(norm[c])))
            norm[c] = rescaled_norm(ds, c, center ? mean[c] : 0, big[c], big + q);
        if (isnan(norm[c]) || isnan(mean[c]))   /* a missing value: name it */
            rc = clearn__lm_no_missing(ds, who, err);
        if (rc == CLEARN_OK && (!isfinite(norm[c]) || !isfinite(mean[c])))
            rc = clearn__error(err, CLEARN_ENUMERIC, "%s: the values of %s are too large: "
                               "their sums overflow (rescale the data)", who,
                               c + 1 == q ? "the class" : "a feature");
    }
done:
    clearn__free(x.mean);
    clearn__free(x.count);
    clearn__free(big);
    return rc;
}

/* ---- the R factor of [X y] ---------------------------------------------------- */

struct qr_ctx {
    const clearn_dataset *ds;
    const struct clearn__lm_qr *qr;
    size_t q, per;
    double *tri;          /* n_chunks triangles, q x q column-major */
};

/* Scratch of one chunk: the block, LAPACK's T factor and workspace. */
static double *qr_scratch(size_t q)
{
    return clearn__mallocarray(QR_BLOCK * q + 2 * QR_PANEL * q, sizeof(double));
}

static int lapack_failed(lapack_int info, const char *what, clearn_error *err)
{
    return clearn__error(err, CLEARN_ENUMERIC, "%s failed (LAPACK info %d)", what, (int)info);
}

static int qr_task(void *arg, size_t t, clearn_error *err)
{
    struct qr_ctx *x = arg;
    const struct clearn__lm_qr *qr = x->qr;
    size_t q = x->q, r0 = t * x->per, r1 = r0 + x->per, nb = q < QR_PANEL ? q : QR_PANEL;
    double *tri = x->tri + t * q * q, *blk = qr_scratch(q), *tf, *work;
    if (!blk)
        return clearn__nomem(err);
    tf = blk + QR_BLOCK * q;
    work = tf + QR_PANEL * q;
    if (r1 > x->ds->n)
        r1 = x->ds->n;
    memset(tri, 0, q * q * sizeof *tri);
    for (size_t r = r0; r < r1; r += QR_BLOCK) {
        size_t m = r1 - r < QR_BLOCK ? r1 - r : QR_BLOCK;
        lapack_int info;
        expand_xy(x->ds, r, m, q - 1, blk, 1, m);
        for (size_t c = 0; c < q; c++) {
            double mu = qr->center ? qr->mean[c] : 0, s = qr->scale[c], inv = 1 / s;
            double *col = blk + c * m;
            if (!isfinite(inv))   /* a subnormal scale */
                for (size_t i = 0; i < m; i++)
                    col[i] = (col[i] - mu) / s;
            else
                for (size_t i = 0; i < m; i++)
                    col[i] = (col[i] - mu) * inv;
        }
        info = LAPACKE_dtpqrt_work(LAPACK_COL_MAJOR, (lapack_int)m, (lapack_int)q, 0,
                                   (lapack_int)nb, tri, (lapack_int)q, blk, (lapack_int)m, tf,
                                   (lapack_int)nb, work);
        if (info != 0) {
            clearn__free(blk);
            return lapack_failed(info, "QR (dtpqrt)", err);
        }
    }
    clearn__free(blk);
    return CLEARN_OK;
}

/* Merges the chunk triangles into the first, in chunk order. */
static int qr_merge(double *tri, size_t nt, size_t q, clearn_error *err)
{
    size_t nb = q < QR_PANEL ? q : QR_PANEL;
    double *tf = qr_scratch(q), *work;
    if (!tf)
        return clearn__nomem(err);
    work = tf + QR_PANEL * q;
    for (size_t t = 1; t < nt; t++) {
        lapack_int info = LAPACKE_dtpqrt_work(LAPACK_COL_MAJOR, (lapack_int)q, (lapack_int)q,
                                              (lapack_int)q, (lapack_int)nb, tri, (lapack_int)q,
                                              tri + t * q * q, (lapack_int)q, tf, (lapack_int)nb,
                                              work);
        if (info != 0) {
            clearn__free(tf);
            return lapack_failed(info, "QR merge (dtpqrt)", err);
        }
    }
    clearn__free(tf);
    return CLEARN_OK;
}

void clearn__lm_qr_free(struct clearn__lm_qr *qr)
{
    clearn__free(qr->mean);
    clearn__free(qr->r);
    memset(qr, 0, sizeof *qr);
}

int clearn__lm_qr(const clearn_dataset *ds, int center, size_t threads, const char *who,
                  struct clearn__lm_qr *qr, clearn_error *err)
{
    struct qr_ctx x = {ds, qr, clearn__lm_width(ds) + 1, 0, NULL};
    size_t q = x.q, nt = clearn__lm_chunks(ds->n, QR_BLOCK, &x.per);
    int rc;
    memset(qr, 0, sizeof *qr);
    if (q > CLEARN__LM_MAX_WIDTH)
        return clearn__error(err, CLEARN_ERANGE, "%s: %zu design columns is too many", who, q - 1);
    qr->n = ds->n;
    qr->p = q - 1;
    qr->center = center;
    qr->mean = clearn__mallocarray(3 * q, sizeof *qr->mean);
    x.tri = clearn__calloc((nt ? nt : 1) * q, q * sizeof *x.tri);
    if (!qr->mean || !x.tri) {
        clearn__free(x.tri);
        clearn__lm_qr_free(qr);
        return clearn__nomem(err);
    }
    qr->norm = qr->mean + q;
    qr->scale = qr->norm + q;
    rc = clearn__lm_moments(ds, center, threads, who, qr->mean, qr->norm, err);
    for (size_t c = 0; rc == CLEARN_OK && c < q; c++) {
        /* The power of two nearest below the norm: scaling is then exact. */
        int e;
        (void)frexp(qr->norm[c], &e);
        qr->scale[c] = qr->norm[c] > 0 ? ldexp(1.0, e - 1) : 1;
    }
    if (rc == CLEARN_OK)
        rc = clearn__parallel_for(nt, threads, qr_task, &x, err);
    if (rc == CLEARN_OK)
        rc = qr_merge(x.tri, nt, q, err);
    if (rc != CLEARN_OK) {
        clearn__free(x.tri);
        clearn__lm_qr_free(qr);
        return rc;
    }
    qr->r = x.tri;
    return CLEARN_OK;
}

/* ---- ols ------------------------------------------------------------------------ */

enum { SOLVER_AUTO, SOLVER_QR, SOLVER_SVD };
static const char *const solver_names[] = {"auto", "qr", "svd", NULL};

struct ols {
    int intercept;          /* parameters */
    int solver;
    double rank_tol;
    long refine;
    long threads;
    struct clearn__lm lm;   /* fitted */
    double *table;          /* 4 x (p + 1): estimate, se, t, p (intercept first) */
    clearn_ols_stats st;
};

const size_t clearn__ols_lm_offset = offsetof(struct ols, lm);

static const clearn_param ols_params[] = {
    {"intercept", CLEARN_PARAM_BOOL, offsetof(struct ols, intercept), "true", 1, 0, NULL,
     "fit an intercept (centre the data)", 0},
    {"solver", CLEARN_PARAM_ENUM, offsetof(struct ols, solver), "auto", 1, 0, solver_names,
     "auto: QR, SVD when rank deficient; qr: refuse a rank-deficient design; svd: always SVD", 0},
    {"rank_tol", CLEARN_PARAM_DOUBLE, offsetof(struct ols, rank_tol), "0", 0, 1, NULL,
     "singular values below rank_tol x the largest count as 0 (0: max(n, p) x machine epsilon)",
     0},
    {"refine", CLEARN_PARAM_INT, offsetof(struct ols, refine), "-1", -1, 100, NULL,
     "iterative-refinement steps in double-double precision (-1: 2 when n x (p + 1) <= 4e6, "
     "else 0)", 0},
    {"threads", CLEARN_PARAM_INT, offsetof(struct ols, threads), "1", 0, 1e9, NULL,
     "threads (0 = all CPUs); results do not depend on it", 0},
};

static void ols_destroy(void *st)
{
    struct ols *m = st;
    clearn__lm_clear(&m->lm);
    clearn__free(m->table);
    m->table = NULL;
    memset(&m->st, 0, sizeof m->st);
}

/* The solution of the scaled problem: beta (p) and a factor Z with
 * (R'R)^+ = Z Z' (p x p, column-major), from the triangle R (p x p, column
 * -major, leading dimension ld) and Q'y (z). With the SVD, vt holds V'
 * (its rows rank.. span the null space). */
struct solution {
    size_t rank;
    int svd;
    double rcond;
    double *beta, *zf, *sv, *vt;   /* p, p x p, p, p x p */
};

/* Singular values of the triangle into sv; *u and *vt (p x p) when
 * vectors is set. */
static int triangle_svd(const double *r, size_t ld, size_t p, int vectors, double *sv, double *u,
                        double *vt, clearn_error *err)
{
    double *a = clearn__mallocarray(p * p, sizeof *a), wq, *work;
    char job = vectors ? 'A' : 'N';
    lapack_int info;
    if (!a)
        return clearn__nomem(err);
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++)
            a[i + j * p] = i <= j ? r[i + j * ld] : 0;
    info = LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, job, job, (lapack_int)p, (lapack_int)p, a,
                               (lapack_int)p, sv, u, (lapack_int)p, vt, (lapack_int)p, &wq, -1);
    work = info == 0 ? clearn__mallocarray((size_t)wq + 1, sizeof *work) : NULL;
    if (info == 0 && !work) {
        clearn__free(a);
        return clearn__nomem(err);
    }
    if (info == 0)
        info = LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, job, job, (lapack_int)p, (lapack_int)p, a,
                                   (lapack_int)p, sv, u, (lapack_int)p, vt, (lapack_int)p, work,
                                   (lapack_int)wq);
    clearn__free(work);
    clearn__free(a);
    return info == 0 ? CLEARN_OK : lapack_failed(info, "SVD (dgesvd)", err);
}

/* Full rank: beta = R^-1 z by back-substitution, Z = R^-1. */
static int solve_qr(const double *r, size_t ld, const double *z, size_t p, struct solution *s,
                    clearn_error *err)
{
    lapack_int info;
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++)
            s->zf[i + j * p] = i <= j ? r[i + j * ld] : 0;
    info = LAPACKE_dtrtri_work(LAPACK_COL_MAJOR, 'U', 'N', (lapack_int)p, s->zf, (lapack_int)p);
    if (info != 0)
        return lapack_failed(info, "triangular inverse (dtrtri)", err);
    memcpy(s->beta, z, p * sizeof *z);
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++)
            s->zf[i + j * p] = i <= j ? r[i + j * ld] : 0;
    info = LAPACKE_dtrtrs_work(LAPACK_COL_MAJOR, 'U', 'N', 'N', (lapack_int)p, 1, s->zf,
                               (lapack_int)p, s->beta, (lapack_int)p);
    if (info != 0)
        return lapack_failed(info, "back-substitution (dtrtrs)", err);
    info = LAPACKE_dtrtri_work(LAPACK_COL_MAJOR, 'U', 'N', (lapack_int)p, s->zf, (lapack_int)p);
    return info == 0 ? CLEARN_OK : lapack_failed(info, "triangular inverse (dtrtri)", err);
}

/* Any rank: R = U S V'; beta = V_r S_r^-1 U_r' z, Z = V_r S_r^-1. */
static int solve_svd(const double *r, size_t ld, const double *z, size_t p, struct solution *s,
                     clearn_error *err)
{
    double *u = clearn__mallocarray(p * p, sizeof *u), *vt = s->vt;
    int rc;
    if (!u)
        return clearn__nomem(err);
    if ((rc = triangle_svd(r, ld, p, 1, s->sv, u, vt, err)) != CLEARN_OK) {
        clearn__free(u);
        return rc;
    }
    memset(s->beta, 0, p * sizeof *s->beta);
    memset(s->zf, 0, p * p * sizeof *s->zf);
    for (size_t k = 0; k < s->rank; k++) {
        double uz = 0;
        for (size_t i = 0; i < p; i++)
            uz += u[i + k * p] * z[i];
        for (size_t j = 0; j < p; j++) {
            s->beta[j] += vt[k + j * p] * (uz / s->sv[k]);
            s->zf[j + k * p] = vt[k + j * p] / s->sv[k];
        }
    }
    clearn__free(u);
    return CLEARN_OK;
}

static void solution_free(struct solution *s)
{
    clearn__free(s->beta);
    memset(s, 0, sizeof *s);
}

/* Rank decision and solve. */
static int ols_solve(const struct ols *m, const struct clearn__lm_qr *qr, struct solution *s,
                     const char *who, clearn_error *err)
{
    size_t p = qr->p, ld = p + 1, big = qr->n > p ? qr->n : p;
    double tol = m->rank_tol > 0 ? m->rank_tol : (double)big * DBL_EPSILON;
    int rc;
    memset(s, 0, sizeof *s);
    if (!(s->beta = clearn__mallocarray(2 * p * p + 2 * p + 1, sizeof *s->beta)))
        return clearn__nomem(err);
    s->zf = s->beta + p;
    s->sv = s->zf + p * p;
    s->vt = s->sv + p;
    if (!p)
        return CLEARN_OK;
    if ((rc = triangle_svd(qr->r, ld, p, 0, s->sv, NULL, NULL, err)) != CLEARN_OK)
        return rc;
    for (size_t k = 0; k < p; k++)
        s->rank += s->sv[k] > tol * s->sv[0];
    s->rcond = p ? s->sv[p - 1] / s->sv[0] : 1;
    if (p && !(s->rcond == s->rcond))
        s->rcond = 0;
    s->svd = m->solver == SOLVER_SVD || s->rank < p;
    if (s->rank < p && m->solver == SOLVER_QR)
        return clearn__error(err, CLEARN_ENUMERIC, "%s: the design is rank deficient (rank %zu "
                             "of %zu columns); use solver=auto or solver=svd", who, s->rank, p);
    if (s->svd)
        return solve_svd(qr->r, ld, qr->r + p * ld, p, s, err);
    return solve_qr(qr->r, ld, qr->r + p * ld, p, s, err);
}

/* Residual sum of squares of the scaled problem: |z - R beta|^2 + rho^2. */
static double scaled_rss(const struct clearn__lm_qr *qr, const double *beta)
{
    size_t p = qr->p, ld = p + 1;
    double rss = qr->r[p + p * ld] * qr->r[p + p * ld];
    for (size_t i = 0; i < p; i++) {
        double v = qr->r[i + p * ld];
        for (size_t j = i; j < p; j++)
            v -= qr->r[i + j * ld] * beta[j];
        rss += v * v;
    }
    return rss;
}

/* Share of the direction v (p) that lies in the null space of the design
 * (0 when v is estimable; 0 for a full-rank design). */
static double null_share(const struct solution *s, const double *v, size_t p)
{
    double in = 0, all = 0;
    if (!s->svd)
        return 0;
    for (size_t j = 0; j < p; j++)
        all += v[j] * v[j];
    for (size_t k = s->rank; k < p; k++) {
        double w = 0;
        for (size_t j = 0; j < p; j++)
            w += s->vt[k + j * p] * v[j];
        in += w * w;
    }
    return all > 0 ? in / all : 0;
}

/* Not estimable: the coefficient has no standard error (R's NA). */
#define NULL_SHARE 1.5e-8

/* Estimates in the data's units, their standard errors, t and p; dm is
 * scratch (p). */
static void ols_table(struct ols *m, const struct clearn__lm_qr *qr, const struct solution *s,
                      double *dm)
{
    size_t p = qr->p, q = p + 1;
    double *est = m->table, *se = est + q, *tv = se + q, *pv = tv + q;
    double sy = qr->scale[p], sigma = m->st.sigma, b0 = qr->mean[p], v0 = 0;
    for (size_t j = 0; j < p; j++) {
        double rowss = 0;
        est[j + 1] = sy * s->beta[j] / qr->scale[j];
        b0 -= qr->mean[j] * est[j + 1];
        for (size_t k = 0; k < p; k++)
            rowss += s->zf[j + k * p] * s->zf[j + k * p];
        memset(dm, 0, p * sizeof *dm);
        dm[j] = 1;
        se[j + 1] = null_share(s, dm, p) > NULL_SHARE ? NAN : sigma / qr->scale[j] * sqrt(rowss);
        dm[j] = 0;
    }
    for (size_t j = 0; j < p; j++)
        dm[j] = qr->mean[j] / qr->scale[j];
    for (size_t k = 0; k < p; k++) {   /* || Z' D^-1 mean ||^2 */
        double w = 0;
        for (size_t j = 0; j < p; j++)
            w += s->zf[j + k * p] * dm[j];
        v0 += w * w;
    }
    est[0] = m->intercept ? b0 : 0;
    se[0] = !m->intercept || null_share(s, dm, p) > NULL_SHARE ? NAN
            : sigma * sqrt(1 / (double)qr->n + v0);
    for (size_t j = 0; j < q; j++) {
        tv[j] = est[j] / se[j];
        pv[j] = clearn__t_pvalue(tv[j], m->st.df_resid);
    }
    if (!m->intercept)
        tv[0] = pv[0] = NAN;
}

/* Sums of squares, R^2, F. The regression sum of squares is |R beta|^2
 * (no cancellation between the total and the residual sums). */
static void ols_stats(struct ols *m, const struct clearn__lm_qr *qr, const struct solution *s)
{
    clearn_ols_stats *st = &m->st;
    size_t p = qr->p, ld = p + 1;
    double sy2 = qr->scale[p] * qr->scale[p], n = (double)qr->n, ssr = 0;
    for (size_t i = 0; i < p; i++) {
        double v = 0;
        for (size_t j = i; j < p; j++)
            v += qr->r[i + j * ld] * s->beta[j];
        ssr += v * v;
    }
    ssr *= sy2;
    st->n = qr->n;
    st->rank = s->rank;
    st->intercept = m->intercept;
    st->svd = s->svd;
    st->rcond = s->rcond;
    st->df_model = (double)s->rank;
    st->df_resid = n - (double)s->rank - (m->intercept ? 1 : 0);
    st->rss = scaled_rss(qr, s->beta) * sy2;
    st->tss = qr->norm[p] * qr->norm[p];
    st->r2 = ssr + st->rss > 0 ? ssr / (ssr + st->rss) : NAN;
    st->sigma = st->adj_r2 = st->f = st->f_pvalue = NAN;
    if (st->df_resid > 0) {
        st->sigma = sqrt(st->rss / st->df_resid);
        st->adj_r2 = 1 - (1 - st->r2) * (m->intercept ? n - 1 : n) / st->df_resid;
        if (st->df_model > 0) {
            st->f = (ssr / st->df_model) / (st->rss / st->df_resid);
            st->f_pvalue = clearn__f_pvalue(st->f, st->df_model, st->df_resid);
        }
    }
}

/* ---- iterative refinement ------------------------------------------------------------
 * Rounding the data while centring and scaling it, and the QR itself,
 * leave errors of order cond^2 eps |r| / (|X| |beta|) in the estimates of
 * a large-residual fit (NIST's Wampler5: 6 digits). A refinement step
 * computes the residuals r = y - b0 - X b of the original data, and
 * [1 X]'r, in double-double arithmetic, and solves for the correction with
 * the triangle already at hand (the corrected semi-normal equations of
 * Bjorck); two steps give all the digits the data determine. */

/* a + b = s + e exactly. */
static void two_sum(double a, double b, double *s, double *e)
{
    double z;
    *s = a + b;
    z = *s - a;
    *e = (a - (*s - z)) + (b - z);
}

/* a b = p + e exactly (Dekker's product; no fused multiply-add needed). */
static void two_prod(double a, double b, double *p, double *e)
{
    const double split = 134217729.0;   /* 2^27 + 1 */
    double t = split * a, ah = t - (t - a), al = a - ah;
    double u = split * b, bh = u - (u - b), bl = b - bh;
    *p = a * b;
    *e = ((ah * bh - *p) + ah * bl + al * bh) + al * bl;
}

/* hi + lo += v w */
static void dd_fma(double *hi, double *lo, double v, double w)
{
    double p, pe, s, se;
    two_prod(v, w, &p, &pe);
    two_sum(*hi, p, &s, &se);
    *hi = s;
    *lo += se + pe;
}

struct refine_ctx {
    const clearn_dataset *ds;
    size_t p, per;
    const double *beta;   /* p + 1: intercept, then the coefficients */
    double *part;         /* n_chunks x 2 (p + 2): [1 X]'r and r'r, hi and lo */
};

static int refine_task(void *arg, size_t t, clearn_error *err)
{
    struct refine_ctx *x = arg;
    size_t q = x->p + 1, r0 = t * x->per, r1 = r0 + x->per;
    double *acc = x->part + t * 2 * (q + 1), *row = clearn__mallocarray(q, sizeof *row);
    if (!row)
        return clearn__nomem(err);
    if (r1 > x->ds->n)
        r1 = x->ds->n;
    memset(acc, 0, 2 * (q + 1) * sizeof *acc);
    row[0] = 1;
    for (size_t i = r0; i < r1; i++) {
        double rh = x->ds->x[i * x->ds->d + x->ds->cls], rl = 0, s, e;
        clearn__lm_expand(x->ds, i, 1, NULL, row + 1, 1, 1);
        for (size_t j = 0; j < q; j++)
            dd_fma(&rh, &rl, -x->beta[j], row[j]);
        two_sum(rh, rl, &s, &e);   /* normalise */
        for (size_t j = 0; j < q; j++) {
            dd_fma(&acc[2 * j], &acc[2 * j + 1], row[j], s);
            acc[2 * j + 1] += row[j] * e;
        }
        dd_fma(&acc[2 * q], &acc[2 * q + 1], s, s);
        acc[2 * q + 1] += 2 * s * e;
    }
    clearn__free(row);
    return CLEARN_OK;
}

/* [1 X]'r (q values) and r'r of the estimate beta, to double-double
 * accuracy, into g. */
static int refine_gradient(const clearn_dataset *ds, size_t p, size_t threads,
                           const double *beta, double *g, clearn_error *err)
{
    struct refine_ctx x = {ds, p, 0, beta, NULL};
    size_t q = p + 1, nt = clearn__lm_chunks(ds->n, QR_BLOCK, &x.per);
    int rc;
    if (!(x.part = clearn__calloc(nt ? nt : 1, 2 * (q + 1) * sizeof *x.part)))
        return clearn__nomem(err);
    rc = clearn__parallel_for(nt, threads, refine_task, &x, err);
    for (size_t j = 0; rc == CLEARN_OK && j <= q; j++) {
        double hi = 0, lo = 0, s, e;
        for (size_t t = 0; t < nt; t++) {
            two_sum(hi, x.part[t * 2 * (q + 1) + 2 * j], &s, &e);
            hi = s;
            lo += e + x.part[t * 2 * (q + 1) + 2 * j + 1];
        }
        g[j] = hi + lo;
    }
    clearn__free(x.part);
    return rc;
}

/* One step: beta (intercept first, data units) += the least-squares
 * correction; *rss receives the residual sum of squares before it. The
 * correction solves X_c'X_c dx = gx - mean g0 through (R'R)^+ = Z Z' of
 * the scaled triangle, and d0 = g0 / n - mean'dx. */
static int refine_step(const struct clearn__lm_qr *qr, const struct solution *s, int intercept,
                       const clearn_dataset *ds, size_t threads, double *beta, double *rss,
                       double *scratch, clearn_error *err)
{
    size_t p = qr->p;
    double *g = scratch, *u = g + p + 2, d0;
    int rc = refine_gradient(ds, p, threads, beta, g, err);
    if (rc != CLEARN_OK)
        return rc;
    *rss = g[p + 1];
    for (size_t j = 0; j < p; j++)   /* D^-1 (gx - mean g0) */
        u[j] = (g[j + 1] - (intercept ? qr->mean[j] * g[0] : 0)) / qr->scale[j];
    for (size_t k = 0; k < p; k++) {   /* v = Z' u */
        double v = 0;
        for (size_t j = 0; j < p; j++)
            v += s->zf[j + k * p] * u[j];
        u[p + k] = v;
    }
    d0 = intercept ? g[0] / (double)qr->n : 0;
    for (size_t j = 0; j < p; j++) {   /* dx = D^-1 Z v, into u */
        double v = 0;
        for (size_t k = 0; k < p; k++)
            v += s->zf[j + k * p] * u[p + k];
        u[j] = v / qr->scale[j];
        d0 -= intercept ? qr->mean[j] * u[j] : 0;
    }
    /* Products of extreme values can overflow the double-double
     * arithmetic: then the estimate stays as it is. */
    if (!isfinite(d0) || !isfinite(*rss) || !clearn__lm_finite(u, p))
        return CLEARN_OK;
    for (size_t j = 0; j < p; j++)
        beta[j + 1] += u[j];
    beta[0] += d0;
    return CLEARN_OK;
}

/* Refines the table's estimates (steps as the refine parameter says);
 * the residual sum of squares and what depends on it follow. */
static int ols_refine(struct ols *m, const struct clearn__lm_qr *qr, const struct solution *s,
                      const clearn_dataset *ds, size_t threads, clearn_error *err)
{
    size_t p = qr->p, q = p + 1;
    long steps = m->refine >= 0 ? m->refine : (double)ds->n * (double)q <= 4e6 ? 2 : 0;
    double rss = m->st.rss, sigma = m->st.sigma, *scratch, *est = m->table, *se = est + q;
    clearn_ols_stats *st = &m->st;
    int rc = CLEARN_OK;
    /* The corrections converge when cond^2 eps < 1; closer to singular
     * they would only add noise. */
    if (!steps || !p || s->rcond * s->rcond < 8 * DBL_EPSILON)
        return CLEARN_OK;
    if (!(scratch = clearn__mallocarray(3 * p + 2, sizeof *scratch)))
        return clearn__nomem(err);
    /* Each step reports the residual sum of squares of the estimate it
     * starts from; that of the last is right to O(correction^2). */
    for (long k = 0; rc == CLEARN_OK && k < steps; k++)
        rc = refine_step(qr, s, m->intercept, ds, threads, est, &rss, scratch, err);
    clearn__free(scratch);
    if (rc != CLEARN_OK)
        return rc;
    st->rss = rss;
    if (st->tss > 0)
        st->r2 = 1 - rss / st->tss;
    if (st->df_resid > 0) {
        st->sigma = sqrt(rss / st->df_resid);
        st->adj_r2 = 1 - (1 - st->r2) * (m->intercept ? (double)st->n - 1 : (double)st->n) /
                         st->df_resid;
        if (st->df_model > 0) {
            st->f = ((st->tss - rss) / st->df_model) / (rss / st->df_resid);
            st->f_pvalue = clearn__f_pvalue(st->f, st->df_model, st->df_resid);
        }
    }
    for (size_t j = 0; j < q; j++) {
        if (sigma > 0 && isfinite(st->sigma))
            se[j] *= st->sigma / sigma;
        se[q + j] = est[j] / se[j];
        se[2 * q + j] = clearn__t_pvalue(se[q + j], st->df_resid);
    }
    if (!m->intercept)
        est[0] = se[q] = se[2 * q] = 0, se[q] = se[2 * q] = NAN;
    return CLEARN_OK;
}

/* Fills the model from the solution. */
static int ols_finish(struct ols *m, const struct clearn__lm_qr *qr, const struct solution *s,
                      const clearn_dataset *ds, size_t threads, clearn_error *err)
{
    size_t p = qr->p;
    double *dm;
    int rc = clearn__lm_alloc(&m->lm, p, 1, err);
    if (rc != CLEARN_OK)
        return rc;
    m->table = clearn__mallocarray(4 * (p + 1) + p, sizeof *m->table);
    if (!m->table)
        return clearn__nomem(err);
    dm = m->table + 4 * (p + 1);
    ols_stats(m, qr, s);
    ols_table(m, qr, s, dm);
    if ((rc = ols_refine(m, qr, s, ds, threads, err)) != CLEARN_OK)
        return rc;
    m->lm.intercept[0] = m->table[0];
    for (size_t j = 0; j < p; j++) {
        m->lm.coef[j] = m->table[j + 1];
        m->lm.mean[j] = qr->mean[j];
    }
    if (!clearn__lm_finite(m->lm.coef, 2 * p + 1))
        return clearn__error(err, CLEARN_ENUMERIC, "ols: the coefficients overflow double "
                             "precision (rescale the data)");
    return CLEARN_OK;
}

static int ols_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    struct ols *m = st;
    struct clearn__lm_qr qr;
    struct solution s = {0, 0, 0, NULL, NULL, NULL, NULL};
    size_t threads;
    int rc;
    ols_destroy(m);
    if ((rc = clearn__lm_threads(m->threads, "ols", &threads, err)) != CLEARN_OK)
        return rc;   /* missing values: clearn__lm_moments reports them */
    if (!clearn__lm_width(train) && !m->intercept)
        return clearn__error(err, CLEARN_EINVAL, "ols: no feature columns to fit without an "
                             "intercept");
    if ((rc = clearn__lm_qr(train, m->intercept, threads, "ols", &qr, err)) != CLEARN_OK)
        return rc;
    rc = ols_solve(m, &qr, &s, "ols", err);
    if (rc == CLEARN_OK)
        rc = ols_finish(m, &qr, &s, train, threads, err);
    solution_free(&s);
    clearn__lm_qr_free(&qr);
    if (rc != CLEARN_OK)
        ols_destroy(m);
    return rc;
}

static int ols_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    const struct ols *m = st;
    int rc = clearn__lm_check(&m->lm, "ols", x, err);
    return rc == CLEARN_OK ? clearn__lm_scores(&m->lm, x, out, err) : rc;
}

#define OLS_NSTATS 10

static void stats_pack(const clearn_ols_stats *st, double *v)
{
    v[0] = st->df_model;
    v[1] = st->df_resid;
    v[2] = st->rss;
    v[3] = st->tss;
    v[4] = st->r2;
    v[5] = st->adj_r2;
    v[6] = st->sigma;
    v[7] = st->f;
    v[8] = st->f_pvalue;
    v[9] = st->rcond;
}

static void stats_unpack(clearn_ols_stats *st, const double *v)
{
    st->df_model = v[0];
    st->df_resid = v[1];
    st->rss = v[2];
    st->tss = v[3];
    st->r2 = v[4];
    st->adj_r2 = v[5];
    st->sigma = v[6];
    st->f = v[7];
    st->f_pvalue = v[8];
    st->rcond = v[9];
}

static int ols_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct ols *m = st;
    double v[OLS_NSTATS];
    int rc = clearn__lm_save(&m->lm, w, err);
    stats_pack(&m->st, v);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "table", m->table, 4 * (m->lm.p + 1), err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "rows", m->st.n, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "rank", m->st.rank, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "flags", m->st.intercept + 2 * m->st.svd, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "stats", v, OLS_NSTATS, err);
    return rc;
}

static int ols_load_rest(struct ols *m, clearn_reader *r, clearn_error *err)
{
    size_t p = m->lm.p;
    double v[OLS_NSTATS];
    long flags;
    int rc;
    if (m->lm.k != 1)
        return clearn__error(err, CLEARN_ECORRUPT, "ols model: %zu outputs, not 1", m->lm.k);
    if (!(m->table = clearn__mallocarray(4 * (p + 1) + p, sizeof *m->table)))
        return clearn__nomem(err);
    if ((rc = clearn_reader_doubles(r, "table", m->table, 4 * (p + 1), err)) != CLEARN_OK ||
        (rc = clearn_reader_size(r, "rows", &m->st.n, err)) != CLEARN_OK ||
        (rc = clearn_reader_size(r, "rank", &m->st.rank, err)) != CLEARN_OK ||
        (rc = clearn_reader_int(r, "flags", &flags, err)) != CLEARN_OK ||
        (rc = clearn_reader_doubles(r, "stats", v, OLS_NSTATS, err)) != CLEARN_OK)
        return rc;
    if (m->st.rank > p || !m->st.n || flags < 0 || flags > 3)
        return clearn__error(err, CLEARN_ECORRUPT, "ols model: rank %zu of %zu columns, %zu "
                             "rows, flags %ld", m->st.rank, p, m->st.n, flags);
    m->st.intercept = (int)(flags & 1);
    m->st.svd = (int)(flags >> 1);
    stats_unpack(&m->st, v);
    return CLEARN_OK;
}

static int ols_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct ols *m = st;
    int rc;
    ols_destroy(m);
    rc = clearn__lm_load(&m->lm, "ols", r, err);
    if (rc == CLEARN_OK)
        rc = ols_load_rest(m, r, err);
    if (rc != CLEARN_OK)
        ols_destroy(m);
    return rc;
}

/* R's significance codes. */
static const char *stars(double p)
{
    return !(p == p) ? "" : p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*"
           : p < 0.1 ? "." : "";
}

static int ols_print_row(FILE *out, int w, const char *name, const double *table, size_t q,
                         size_t j)
{
    return fprintf(out, "%-*s %23.15e %22.15e %11.5g %11.5g %s\n", w, name, table[j],
                   table[q + j], table[2 * q + j], table[3 * q + j], stars(table[3 * q + j])) >= 0;
}

static int ols_print_summary(const clearn_ols_stats *st, FILE *out)
{
    int ok = fprintf(out, "\nResidual standard error: %.15g on %.0f degrees of freedom\n",
                     st->sigma, st->df_resid) >= 0;
    ok = ok && fprintf(out, "Multiple R-squared: %.15g, Adjusted R-squared: %.15g\n", st->r2,
                       st->adj_r2) >= 0;
    ok = ok && fprintf(out, "F-statistic: %.15g on %.0f and %.0f DF, p-value: %.6g\n", st->f,
                       st->df_model, st->df_resid, st->f_pvalue) >= 0;
    ok = ok && fprintf(out, "Residual sum of squares: %.15g, total: %.15g (%s)\n", st->rss,
                       st->tss, st->intercept ? "about the mean" : "uncentred") >= 0;
    ok = ok && fprintf(out, "Observations: %zu; rank %zu; reciprocal condition of the scaled "
                       "design: %.3g%s\n", st->n, st->rank, st->rcond,
                       st->svd ? "; solved by SVD (minimum-norm estimates)" : "") >= 0;
    return ok;
}

static int ols_print(const void *st, const clearn_dataset *schema, FILE *out, clearn_error *err)
{
    const struct ols *m = st;
    size_t p = m->lm.p, q = p + 1;
    int rc = clearn__lm_check(&m->lm, "ols", schema, err), w, ok;
    char name[256];
    if (rc != CLEARN_OK)
        return rc;
    w = clearn__lm_name_width(schema, p);
    ok = fprintf(out, "Linear regression by least squares (ols)\n\nCoefficients:\n") >= 0;
    ok = ok && fprintf(out, "%-*s %23s %22s %11s %11s\n", w, "", "Estimate", "Std. Error",
                       "t value", "Pr(>|t|)") >= 0;
    if (ok && m->st.intercept)
        ok = ols_print_row(out, w, "(Intercept)", m->table, q, 0);
    for (size_t j = 0; ok && j < p; j++) {
        clearn__lm_colname(schema, j, name, sizeof name);
        ok = ols_print_row(out, w, name, m->table, q, j + 1);
    }
    ok = ok && fprintf(out, "---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n")
                   >= 0;
    ok = ok && ols_print_summary(&m->st, out);
    return clearn__lm_io(ok, "ols", err);
}

const clearn_estimator_type clearn__ols_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "ols",
    .summary = "linear regression by least squares (QR; SVD when rank deficient)",
    .tasks = CLEARN_REGRESS,
    .params = ols_params,
    .n_params = sizeof ols_params / sizeof *ols_params,
    .state_size = sizeof(struct ols),
    .fit = ols_fit,
    .predict = ols_predict,
    .save = ols_save,
    .load = ols_load,
    .destroy = ols_destroy,
    .print = ols_print,
};

/* ---- the public calls of ols --------------------------------------------------------- */

static const struct ols *ols_of(const clearn_estimator *e, clearn_error *err)
{
    const void *state;
    if (!e || clearn_estimator_get_type(e) != &clearn__ols_type) {
        clearn__error(err, CLEARN_EINVAL, "%s is not ols",
                      e ? clearn_estimator_get_type(e)->name : "NULL");
        return NULL;
    }
    if (!(state = clearn__lm_state(e, &clearn__ols_type)))
        clearn__error(err, CLEARN_ENOTFIT, "ols is not fitted");
    return state;
}

int clearn_ols_get_stats(const clearn_estimator *e, clearn_ols_stats *out, clearn_error *err)
{
    const struct ols *m = ols_of(e, err);
    if (!m)
        return err ? err->code : CLEARN_EINVAL;
    if (!out)
        return clearn__error(err, CLEARN_EINVAL, "ols_get_stats: NULL argument");
    *out = m->st;
    return CLEARN_OK;
}

int clearn_ols_table(const clearn_estimator *e, double *coef, double *se, double *t, double *p,
                     clearn_error *err)
{
    const struct ols *m = ols_of(e, err);
    double *cols[4] = {coef, se, t, p};
    size_t q;
    if (!m)
        return err ? err->code : CLEARN_EINVAL;
    q = m->lm.p + 1;
    for (size_t k = 0; k < 4; k++)
        if (cols[k])
            memcpy(cols[k], m->table + k * q, q * sizeof *m->table);
    return CLEARN_OK;
}
