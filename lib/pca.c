/* clearn — pca: principal component analysis (scikit-learn's PCA).
 *
 * The numeric features (every attribute but the class) are centred on their
 * training mean and projected on the principal axes; the output has the
 * numeric attributes pc1..pcK in place of the features, and the class
 * passes through unchanged, at position min(class index, K): first stays
 * first, last stays last.
 *
 * Two solvers: full, the SVD of the centred n x p data (LAPACK dgesdd), as
 * scikit-learn's svd_solver='full'; covariance, the eigendecomposition of
 * the p x p covariance matrix (dsyevd), accumulated from centred blocks of
 * rows (dsyrk), which is much faster when n >> p. auto picks covariance
 * when n >= 10 p. Signs follow scikit-learn 1.2's svd_flip (u-based): in
 * each component, the projected training value of largest magnitude (the
 * first such row) is positive. Variances use ddof = 1.
 *
 * Zero total variance (constant data) gives explained variance ratios of 0
 * (scikit-learn 1.2 gives NaN), a fractional n_components then keeps one
 * component, and whitening divides by max(sqrt(variance), DBL_EPSILON), as
 * later scikit-learn releases do, so nothing becomes infinite. */
#include "config.h"
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cblas.h>
#include <lapacke.h>
#include "internal.h"

enum { SOLVER_AUTO, SOLVER_FULL, SOLVER_COVARIANCE };
static const char *const solver_choices[] = {"auto", "full", "covariance", NULL};

/* Rows per block when centring, projecting or accumulating. */
#define BLOCK_VALUES 262144

/* The fitted model. Features are the attributes other than the class, in
 * order; k of the r = min(n, p) components are kept. */
struct pca_model {
    size_t d, cls;        /* training attributes; class index or CLEARN_NONE */
    size_t n, p, r, k;    /* rows, features, components computed and kept */
    char **names;         /* p feature names (for the inverse) */
    double *mean;         /* p */
    double *comp;         /* k x p, row-major: the principal axes */
    double *var;          /* k explained variances (ddof = 1) */
    double *ratio;        /* k explained variance ratios */
    double *sv;           /* k singular values */
    double total, noise;  /* variance of all r components; mean of the dropped */
};

struct pca {
    char *n_components;   /* parameters */
    int whiten, solver;
    struct pca_model m;
};

static const clearn_param pca_params[] = {
    {"n_components", CLEARN_PARAM_STRING, offsetof(struct pca, n_components), "all", 1, 0,
     NULL, "components kept: all (min(rows, features)), a count, or a fraction in (0, 1): "
     "the fewest components whose cumulative explained variance ratio exceeds it", 0},
    {"whiten", CLEARN_PARAM_BOOL, offsetof(struct pca, whiten), "false", 1, 0, NULL,
     "divide each component by its standard deviation (ddof = 1)", 0},
    {"solver", CLEARN_PARAM_ENUM, offsetof(struct pca, solver), "auto", 1, 0, solver_choices,
     "full: SVD of the centred data; covariance: eigendecomposition of the covariance "
     "matrix (faster when rows >> features); auto: covariance when rows >= 10 x features", 0},
};

static void model_clear(struct pca_model *m)
{
    if (m->names)
        for (size_t f = 0; f < m->p; f++)
            clearn__free(m->names[f]);
    clearn__free(m->names);
    clearn__free(m->mean);
    clearn__free(m->comp);
    clearn__free(m->var);
    clearn__free(m->ratio);
    clearn__free(m->sv);
    memset(m, 0, sizeof *m);
}

/* Column of feature f in a dataset whose class is at cls. */
static size_t feature_col(size_t cls, size_t f)
{
    return cls != CLEARN_NONE && f >= cls ? f + 1 : f;
}

/* Rows per block for p features and n rows (at least 1). */
static size_t block_rows(size_t p, size_t n)
{
    size_t b = BLOCK_VALUES / (p ? p : 1);
    b = b < 16 ? 16 : b;
    return b < n ? b : n ? n : 1;
}

static int lapack_error(const char *what, lapack_int info, clearn_error *err)
{
    return clearn__error(err, CLEARN_ENUMERIC, "pca: %s failed (LAPACK info %d)", what,
                         (int)info);
}

/* ---- n_components ------------------------------------------------------------ */

enum { NC_ALL, NC_COUNT, NC_FRACTION };

struct ncomp {
    int mode;
    size_t count;
    double frac;
};

static int parse_ncomp(const char *s, struct ncomp *nc, clearn_error *err)
{
    size_t len = s ? strlen(s) : 0, digits = strspn(s ? s : "", "0123456789");
    double v;
    if (len && strcmp(s, "all") == 0) {
        nc->mode = NC_ALL;
        return CLEARN_OK;
    }
    if (len && digits == len && len < 16) {
        nc->mode = NC_COUNT;
        nc->count = 0;
        for (size_t i = 0; i < len; i++)
            nc->count = nc->count * 10 + (size_t)(s[i] - '0');
        if (nc->count >= 1)
            return CLEARN_OK;
    } else if (len && clearn__parse_double(s, len, &v) && v > 0 && v < 1) {
        nc->mode = NC_FRACTION;
        nc->frac = v;
        return CLEARN_OK;
    }
    return clearn__error(err, CLEARN_EINVAL, "pca: parameter n_components: '%.60s' is not "
                         "'all', a count >= 1 or a fraction in (0, 1)", s ? s : "");
}

/* ---- checking the data -------------------------------------------------------- */

/* Every feature numeric and present. */
static int check_features(const clearn_dataset *ds, clearn_error *err)
{
    for (size_t j = 0; j < ds->d; j++)
        if (j != ds->cls && ds->attrs[j].kind != CLEARN_NUMERIC)
            return clearn__error(err, CLEARN_EINVAL, "pca: attribute '%s' is nominal; pca "
                                 "needs numeric attributes (put 'onehot |' in front)",
                                 ds->attrs[j].name);
    for (size_t i = 0; i < ds->n; i++)
        for (size_t j = 0; j < ds->d; j++)
            if (j != ds->cls && isnan(ds->x[i * ds->d + j]))
                return clearn__error(err, CLEARN_EINVAL, "pca: attribute '%s' is missing in "
                                     "row %zu; pca needs complete data (put 'impute |' in "
                                     "front)", ds->attrs[j].name, i + 1);
    return CLEARN_OK;
}

/* Copies rows r0..r0+m of the features, centred, into blk (m x p). */
static void center_block(const clearn_dataset *ds, const struct pca_model *m, size_t r0,
                         size_t rows, double *blk)
{
    for (size_t i = 0; i < rows; i++) {
        const double *row = ds->x + (r0 + i) * ds->d;
        double *o = blk + i * m->p;
        for (size_t f = 0; f < m->p; f++)
            o[f] = row[feature_col(m->cls, f)] - m->mean[f];
    }
}

static int column_means(const clearn_dataset *ds, struct pca_model *m, clearn_error *err)
{
    if (!(m->mean = clearn__calloc(m->p, sizeof *m->mean)))
        return clearn__nomem(err);
    for (size_t i = 0; i < ds->n; i++)
        for (size_t f = 0; f < m->p; f++)
            m->mean[f] += ds->x[i * ds->d + feature_col(m->cls, f)];
    for (size_t f = 0; f < m->p; f++) {
        m->mean[f] /= (double)ds->n;
        if (!isfinite(m->mean[f]))
            return clearn__error(err, CLEARN_ERANGE, "pca: attribute '%s': the values are "
                                 "too large (the mean overflows)",
                                 ds->attrs[feature_col(m->cls, f)].name);
    }
    return CLEARN_OK;
}

/* ---- solvers: r components (rows of comp, r x p), their variances (ev) and
 * singular values (sv) ----------------------------------------------------- */

/* SVD of the centred data, laid out column-major as scipy hands it to
 * dgesdd for scikit-learn: X = U S V'. The rows of V' are the axes; U
 * decides the signs. */
static int full_svd(const clearn_dataset *ds, const struct pca_model *m, double *comp,
                    double *ev, double *sv, clearn_error *err)
{
    size_t n = m->n, p = m->p, r = m->r;
    double *a = clearn__mallocarray(n, p * sizeof *a), *u = clearn__mallocarray(n, r * sizeof *u);
    double *vt = clearn__mallocarray(r, p * sizeof *vt), *work = NULL, wq;
    lapack_int *iw = clearn__mallocarray(8 * r, sizeof *iw), info = -1000;
    if (a && u && vt && iw) {
        for (size_t i = 0; i < n; i++)
            for (size_t f = 0; f < p; f++)
                a[i + f * n] = ds->x[i * ds->d + feature_col(m->cls, f)] - m->mean[f];
        info = LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, 'S', (lapack_int)n, (lapack_int)p, a,
                                   (lapack_int)n, sv, u, (lapack_int)n, vt, (lapack_int)r,
                                   &wq, -1, iw);
        if (info == 0 && !(work = clearn__mallocarray((size_t)wq + 1, sizeof *work)))
            info = -1000;
        if (info == 0)
            info = LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, 'S', (lapack_int)n, (lapack_int)p, a,
                                       (lapack_int)n, sv, u, (lapack_int)n, vt, (lapack_int)r,
                                       work, (lapack_int)wq, iw);
    }
    for (size_t c = 0; info == 0 && c < r; c++) {
        const double *uc = u + c * n;
        double best = -1, sign = 1;
        for (size_t i = 0; i < n; i++)
            if (fabs(uc[i]) > best)
                best = fabs(uc[i]), sign = uc[i] < 0 ? -1 : 1;
        for (size_t f = 0; f < p; f++)
            comp[c * p + f] = sign * vt[c + f * r];
        ev[c] = sv[c] * sv[c] / (double)(n - 1);
    }
    clearn__free(a);
    clearn__free(u);
    clearn__free(vt);
    clearn__free(iw);
    clearn__free(work);
    if (info == -1000)
        return clearn__nomem(err);
    return info ? lapack_error("SVD (dgesdd)", info, err) : CLEARN_OK;
}

/* The upper triangle of the p x p scatter matrix of the centred data. */
static int scatter(const clearn_dataset *ds, const struct pca_model *m, double *c,
                   clearn_error *err)
{
    size_t b = block_rows(m->p, m->n);
    double *blk = clearn__mallocarray(b, m->p * sizeof *blk);
    if (!blk)
        return clearn__nomem(err);
    for (size_t r0 = 0; r0 < m->n; r0 += b) {
        size_t rows = m->n - r0 < b ? m->n - r0 : b;
        center_block(ds, m, r0, rows, blk);
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, (int)m->p, (int)rows, 1.0, blk,
                    (int)m->p, 1.0, c, (int)m->p);
    }
    clearn__free(blk);
    return CLEARN_OK;
}

/* Eigendecomposition of the covariance matrix; signs are set later
 * (flip_by_projection) for the kept components only. */
static int covariance_eig(const clearn_dataset *ds, const struct pca_model *m, double *comp,
                          double *ev, double *sv, clearn_error *err)
{
    size_t p = m->p;
    double *c = clearn__calloc(p * p + p, sizeof *c), *w, *work = NULL, wq;
    lapack_int *iw = NULL, iwq, info = -1000;
    int rc;
    if (!c)
        return clearn__nomem(err);
    w = c + p * p;
    if ((rc = scatter(ds, m, c, err)) == CLEARN_OK)
        for (size_t i = 0; i < p * p; i++)
            if (!isfinite(c[i])) {
                rc = clearn__error(err, CLEARN_ERANGE, "pca: the values are too large (the "
                                   "covariance overflows)");
                break;
            }
    if (rc != CLEARN_OK) {
        clearn__free(c);
        return rc;
    }
    info = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, 'V', 'U', (lapack_int)p, c, (lapack_int)p, w,
                               &wq, -1, &iwq, -1);
    if (info == 0 && (!(work = clearn__mallocarray((size_t)wq + 1, sizeof *work)) ||
                      !(iw = clearn__mallocarray((size_t)iwq + 1, sizeof *iw))))
        info = -1000;
    if (info == 0)
        info = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, 'V', 'U', (lapack_int)p, c, (lapack_int)p,
                                   w, work, (lapack_int)wq, iw, (lapack_int)iwq);
    for (size_t k = 0; info == 0 && k < m->r; k++) {  /* eigenvalues ascend */
        memcpy(comp + k * p, c + (p - 1 - k) * p, p * sizeof *comp);
        sv[k] = w[p - 1 - k] > 0 ? sqrt(w[p - 1 - k]) : 0;
        ev[k] = w[p - 1 - k] > 0 ? w[p - 1 - k] / (double)(m->n - 1) : 0;
    }
    clearn__free(c);
    clearn__free(work);
    clearn__free(iw);
    if (info == -1000)
        return clearn__nomem(err);
    return info ? lapack_error("eigendecomposition (dsyevd)", info, err) : CLEARN_OK;
}

/* svd_flip's rule without U: the projection of largest magnitude (first
 * row among equals) of each of the k kept components is made positive. */
static int flip_by_projection(const clearn_dataset *ds, const struct pca_model *m, double *comp,
                              clearn_error *err)
{
    size_t b = block_rows(m->p, m->n), k = m->k;
    double *blk = clearn__mallocarray(b, (m->p + k) * sizeof *blk);
    double *best = clearn__mallocarray(2 * k, sizeof *best), *proj;
    if (!blk || !best) {
        clearn__free(blk);
        clearn__free(best);
        return clearn__nomem(err);
    }
    proj = blk + b * m->p;
    for (size_t c = 0; c < k; c++)
        best[c] = -1, best[k + c] = 0;
    for (size_t r0 = 0; r0 < m->n; r0 += b) {
        size_t rows = m->n - r0 < b ? m->n - r0 : b;
        center_block(ds, m, r0, rows, blk);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)k, (int)m->p, 1.0,
                    blk, (int)m->p, comp, (int)m->p, 0.0, proj, (int)k);
        for (size_t i = 0; i < rows; i++)
            for (size_t c = 0; c < k; c++)
                if (fabs(proj[i * k + c]) > best[c]) {
                    best[c] = fabs(proj[i * k + c]);
                    best[k + c] = proj[i * k + c];
                }
    }
    for (size_t c = 0; c < k; c++)
        if (best[k + c] < 0)
            for (size_t f = 0; f < m->p; f++)
                comp[c * m->p + f] = -comp[c * m->p + f];
    clearn__free(blk);
    clearn__free(best);
    return CLEARN_OK;
}

static int out_header(const clearn_dataset *src, char *const *names, size_t nf, size_t at,
                      clearn_dataset **out, clearn_error *err);

/* ---- fitting ---------------------------------------------------------------- */

/* Ratios of all r components into ratio; sets m->total, m->k and m->noise. */
static void choose_k(struct pca_model *m, const struct ncomp *nc, const double *ev,
                     double *ratio)
{
    double cum = 0;
    size_t below = 0;
    m->total = 0;
    for (size_t c = 0; c < m->r; c++)
        m->total += ev[c];
    for (size_t c = 0; c < m->r; c++)
        ratio[c] = m->total > 0 ? ev[c] / m->total : 0;
    if (nc->mode == NC_ALL)
        m->k = m->r;
    else if (nc->mode == NC_COUNT)
        m->k = nc->count;
    else {  /* scikit-learn: searchsorted(cumsum, frac, side='right') + 1 */
        for (size_t c = 0; c < m->r && m->total > 0; c++) {
            cum += ratio[c];
            if (!(cum <= nc->frac))
                break;
            below++;
        }
        m->k = below + 1 < m->r ? below + 1 : m->r;
    }
    m->noise = 0;
    for (size_t c = m->k; c < m->r; c++)
        m->noise += ev[c];
    if (m->k < m->r)
        m->noise /= (double)(m->r - m->k);
}

/* Copies the first k components out of the r-sized work arrays. */
static int keep(struct pca_model *m, const double *comp, const double *ev, const double *sv,
                const double *ratio, clearn_error *err)
{
    size_t k = m->k;
    m->comp = clearn__mallocarray(k, m->p * sizeof *m->comp);
    m->var = clearn__mallocarray(k, sizeof *m->var);
    m->ratio = clearn__mallocarray(k, sizeof *m->ratio);
    m->sv = clearn__mallocarray(k, sizeof *m->sv);
    if (!m->comp || !m->var || !m->ratio || !m->sv)
        return clearn__nomem(err);
    memcpy(m->comp, comp, k * m->p * sizeof *comp);
    memcpy(m->var, ev, k * sizeof *ev);
    memcpy(m->ratio, ratio, k * sizeof *ratio);
    memcpy(m->sv, sv, k * sizeof *sv);
    return CLEARN_OK;
}

static int copy_names(struct pca_model *m, const clearn_dataset *ds, clearn_error *err)
{
    if (!(m->names = clearn__calloc(m->p, sizeof *m->names)))
        return clearn__nomem(err);
    for (size_t f = 0; f < m->p; f++)
        if (!(m->names[f] = clearn__strdup(ds->attrs[feature_col(m->cls, f)].name)))
            return clearn__nomem(err);
    return CLEARN_OK;
}

/* Shapes of the model and the checks that need them. */
static int fit_shape(struct pca_model *m, const clearn_dataset *ds, const struct ncomp *nc,
                     clearn_error *err)
{
    m->d = ds->d;
    m->cls = ds->cls;
    m->n = ds->n;
    m->p = ds->d - (ds->cls != CLEARN_NONE);
    m->r = m->n < m->p ? m->n : m->p;
    if (!m->p)
        return clearn__error(err, CLEARN_EINVAL, "pca: the data has no attributes besides "
                             "the class");
    if (m->n < 2)
        return clearn__error(err, CLEARN_EINVAL, "pca: the data has %zu row; pca needs at "
                             "least 2", m->n);
    if (m->n > INT_MAX || m->p > INT_MAX / 8)
        return clearn__error(err, CLEARN_ERANGE, "pca: %zu rows x %zu features is too "
                             "large for BLAS/LAPACK", m->n, m->p);
    if (nc->mode == NC_COUNT && nc->count > m->r)
        return clearn__error(err, CLEARN_EINVAL, "pca: n_components=%zu, but at most "
                             "min(rows, features) = %zu components exist", nc->count, m->r);
    return check_features(ds, err);
}

static int fit_model(const struct pca *st, struct pca_model *m, const clearn_dataset *ds,
                     clearn_error *err)
{
    struct ncomp nc = {NC_ALL, 0, 0};
    double *comp, *ev, *sv, *ratio;
    int rc, cov;
    if ((rc = parse_ncomp(st->n_components, &nc, err)) != CLEARN_OK ||
        (rc = fit_shape(m, ds, &nc, err)) != CLEARN_OK ||
        (rc = column_means(ds, m, err)) != CLEARN_OK)
        return rc;
    cov = st->solver == SOLVER_COVARIANCE || (st->solver == SOLVER_AUTO && m->n / 10 >= m->p);
    if (!(comp = clearn__mallocarray(m->r, (m->p + 3) * sizeof *comp)))
        return clearn__nomem(err);
    ev = comp + m->r * m->p;
    sv = ev + m->r;
    ratio = sv + m->r;
    rc = cov ? covariance_eig(ds, m, comp, ev, sv, err) : full_svd(ds, m, comp, ev, sv, err);
    if (rc == CLEARN_OK)
        choose_k(m, &nc, ev, ratio);
    if (rc == CLEARN_OK && !isfinite(m->total))
        rc = clearn__error(err, CLEARN_ERANGE, "pca: the values are too large (the variance "
                           "overflows)");
    if (rc == CLEARN_OK && cov)
        rc = flip_by_projection(ds, m, comp, err);
    if (rc == CLEARN_OK)
        rc = keep(m, comp, ev, sv, ratio, err);
    clearn__free(comp);
    return rc == CLEARN_OK ? copy_names(m, ds, err) : rc;
}

static int pca_fit(void *state, const clearn_dataset *data, clearn_error *err)
{
    struct pca *st = state;
    struct pca_model m;
    int rc;
    memset(&m, 0, sizeof m);
    if ((rc = fit_model(st, &m, data, err)) == CLEARN_OK) {
        /* the output header must build (a class called "pc1"...) */
        clearn_dataset *h;
        if ((rc = out_header(data, NULL, m.k, m.cls < m.k ? m.cls : m.k, &h, err)) == CLEARN_OK)
            clearn_dataset_free(h);
    }
    if (rc != CLEARN_OK) {
        model_clear(&m);
        return rc;
    }
    model_clear(&st->m);
    st->m = m;
    return CLEARN_OK;
}

/* ---- output schemas ----------------------------------------------------------- */

/* Adds a copy of the class attribute of src to out. */
static int add_class(clearn_dataset *out, const clearn_dataset *src, clearn_error *err)
{
    const struct clearn__attr *a = &src->attrs[src->cls];
    size_t idx;
    int rc;
    if (!clearn__dataset_name_free(out, a->name))
        return clearn__error(err, CLEARN_EINVAL, "pca: the class attribute '%s' has the name "
                             "of an output attribute (rename it)", a->name);
    rc = a->kind == CLEARN_NOMINAL
        ? clearn_dataset_add_nominal(out, a->name, (const char *const *)a->cats, a->n_cats,
                                     &idx, err)
        : clearn_dataset_add_numeric(out, a->name, &idx, err);
    if (rc == CLEARN_OK)
        out->cls = idx;
    return rc;
}

static int add_feature(clearn_dataset *out, const char *name, size_t c, clearn_error *err)
{
    char buf[32];
    if (!name) {
        snprintf(buf, sizeof buf, "pc%zu", c + 1);
        name = buf;
    }
    if (!clearn__dataset_name_free(out, name))
        return clearn__error(err, CLEARN_EINVAL, "pca: attribute '%s' appears twice in the "
                             "output (is the class called so?)", name);
    return clearn_dataset_add_numeric(out, name, NULL, err);
}

/* In *out, a header of nf numeric attributes (names, or pc1..pcN when
 * NULL) with the class of src, if any, at position at. */
static int out_header(const clearn_dataset *src, char *const *names, size_t nf, size_t at,
                      clearn_dataset **out, clearn_error *err)
{
    clearn_dataset *o = clearn_dataset_new(src->relation, err);
    int rc = o ? CLEARN_OK : CLEARN_ENOMEM;
    for (size_t c = 0; rc == CLEARN_OK && c <= nf; c++) {
        if (c == at && src->cls != CLEARN_NONE)
            rc = add_class(o, src, err);
        if (rc == CLEARN_OK && c < nf)
            rc = add_feature(o, names ? names[c] : NULL, c, err);
    }
    if (rc != CLEARN_OK) {
        clearn_dataset_free(o);
        o = NULL;
    }
    *out = o;
    return rc;
}

/* ---- apply and inverse ------------------------------------------------------ */

static int not_fitted(clearn_error *err)
{
    return clearn__error(err, CLEARN_ENOTFIT, "pca: the transform is not fitted");
}

/* Writes block values vals (rows x nf) and the class of in's rows r0.. into
 * out's rows r0..; 0 when a value is infinite (the caller reports it). */
static int put_rows(clearn_dataset *out, const clearn_dataset *in, size_t r0, size_t rows,
                    const double *vals, size_t nf)
{
    for (size_t i = 0; i < rows; i++) {
        double *o = out->x + (r0 + i) * out->d;
        const double *v = vals + i * nf;
        for (size_t c = 0, f = 0; c < out->d; c++) {
            if (c == out->cls) {
                o[c] = in->x[(r0 + i) * in->d + in->cls];
                continue;
            }
            if (isinf(v[f]))
                return 0;
            o[c] = v[f++];
        }
    }
    return 1;
}

static clearn_dataset *overflow(clearn_dataset *out, clearn_error *err)
{
    clearn__error(err, CLEARN_ERANGE, "pca: the result overflows (values too large)");
    clearn_dataset_free(out);
    return NULL;
}

/* The whitening divisors: sqrt(variance), at least DBL_EPSILON. */
static double *whiten_scale(const struct pca_model *m, clearn_error *err)
{
    double *s = clearn__mallocarray(m->k, sizeof *s);
    if (!s) {
        clearn__nomem(err);
        return NULL;
    }
    for (size_t c = 0; c < m->k; c++)
        s[c] = sqrt(m->var[c]) < DBL_EPSILON ? DBL_EPSILON : sqrt(m->var[c]);
    return s;
}

static clearn_dataset *project(const struct pca *st, const clearn_dataset *in,
                               clearn_dataset *out, double *buf, const double *scale,
                               clearn_error *err)
{
    const struct pca_model *m = &st->m;
    size_t b = block_rows(m->p, in->n), k = m->k;
    double *proj = buf + b * m->p;
    for (size_t r0 = 0; r0 < in->n; r0 += b) {
        size_t rows = in->n - r0 < b ? in->n - r0 : b;
        center_block(in, m, r0, rows, buf);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)k, (int)m->p, 1.0,
                    buf, (int)m->p, m->comp, (int)m->p, 0.0, proj, (int)k);
        for (size_t i = 0; scale && i < rows * k; i++)
            proj[i] /= scale[i % k];
        if (!put_rows(out, in, r0, rows, proj, k))
            return overflow(out, err);
    }
    return out;
}

static clearn_dataset *pca_apply(const void *state, const clearn_dataset *data,
                                 clearn_error *err)
{
    const struct pca *st = state;
    const struct pca_model *m = &st->m;
    clearn_dataset *out;
    double *buf, *scale = NULL;
    size_t b = block_rows(m->p, data->n);
    if (!m->comp) {
        not_fitted(err);
        return NULL;
    }
    if (data->d != m->d || data->cls != m->cls) {
        clearn__error(err, CLEARN_ESCHEMA, "pca: the data (%zu attributes) does not have the "
                      "layout the transform was fitted on (%zu)", data->d, m->d);
        return NULL;
    }
    if (check_features(data, err) != CLEARN_OK ||
        out_header(data, NULL, m->k, m->cls < m->k ? m->cls : m->k, &out, err) != CLEARN_OK)
        return NULL;
    if ((data->n && !clearn__dataset_extend(out, data->n, err)) ||
        (st->whiten && !(scale = whiten_scale(m, err)))) {
        clearn_dataset_free(out);
        return NULL;
    }
    if (!(buf = clearn__mallocarray(b, (m->p + m->k) * sizeof *buf))) {
        clearn__free(scale);
        clearn_dataset_free(out);
        clearn__nomem(err);
        return NULL;
    }
    out = project(st, data, out, buf, scale, err);
    clearn__free(buf);
    clearn__free(scale);
    return out;
}

/* Components times sqrt(variance) when whitened (no floor: scikit-learn's
 * inverse_transform), else a copy. */
static double *inverse_weights(const struct pca *st, clearn_error *err)
{
    const struct pca_model *m = &st->m;
    double *w = clearn__mallocarray(m->k, m->p * sizeof *w);
    if (!w) {
        clearn__nomem(err);
        return NULL;
    }
    for (size_t c = 0; c < m->k; c++)
        for (size_t f = 0; f < m->p; f++)
            w[c * m->p + f] = st->whiten ? sqrt(m->var[c]) * m->comp[c * m->p + f]
                                         : m->comp[c * m->p + f];
    return w;
}

/* CLEARN_ESCHEMA unless data has k numeric attributes besides its class. */
static int check_inverse_input(const struct pca_model *m, const clearn_dataset *data,
                               clearn_error *err)
{
    size_t nf = data->d - (data->cls != CLEARN_NONE);
    if (nf != m->k)
        return clearn__error(err, CLEARN_ESCHEMA, "pca inverse: the data has %zu attributes "
                             "besides the class, but the transform keeps %zu components",
                             nf, m->k);
    for (size_t j = 0; j < data->d; j++)
        if (j != data->cls && data->attrs[j].kind != CLEARN_NUMERIC)
            return clearn__error(err, CLEARN_ESCHEMA, "pca inverse: attribute '%s' is "
                                 "nominal; components are numeric", data->attrs[j].name);
    return CLEARN_OK;
}

static clearn_dataset *reconstruct(const struct pca_model *m, const clearn_dataset *in,
                                   clearn_dataset *out, const double *w, double *buf,
                                   clearn_error *err)
{
    size_t b = block_rows(m->p, in->n), k = m->k;
    double *x = buf + b * k;
    for (size_t r0 = 0; r0 < in->n; r0 += b) {
        size_t rows = in->n - r0 < b ? in->n - r0 : b;
        for (size_t i = 0; i < rows; i++)
            for (size_t c = 0; c < k; c++)
                buf[i * k + c] = in->x[(r0 + i) * in->d + feature_col(in->cls, c)];
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)m->p, (int)k,
                    1.0, buf, (int)k, w, (int)m->p, 0.0, x, (int)m->p);
        for (size_t i = 0; i < rows; i++)
            for (size_t f = 0; f < m->p; f++)
                x[i * m->p + f] += m->mean[f];
        if (!put_rows(out, in, r0, rows, x, m->p))
            return overflow(out, err);
    }
    return out;
}

static clearn_dataset *pca_inverse(const void *state, const clearn_dataset *data,
                                   clearn_error *err)
{
    const struct pca *st = state;
    const struct pca_model *m = &st->m;
    size_t b = block_rows(m->p, data->n);
    clearn_dataset *out;
    double *w, *buf;
    if (!m->comp) {
        not_fitted(err);
        return NULL;
    }
    if (check_inverse_input(m, data, err) != CLEARN_OK ||
        out_header(data, m->names, m->p, m->cls != CLEARN_NONE ? m->cls : m->p, &out,
                   err) != CLEARN_OK)
        return NULL;
    if ((data->n && !clearn__dataset_extend(out, data->n, err)) ||
        !(w = inverse_weights(st, err))) {
        clearn_dataset_free(out);
        return NULL;
    }
    if (!(buf = clearn__mallocarray(b, (m->p + m->k) * sizeof *buf))) {
        clearn__free(w);
        clearn_dataset_free(out);
        clearn__nomem(err);
        return NULL;
    }
    out = reconstruct(m, data, out, w, buf, err);
    clearn__free(buf);
    clearn__free(w);
    return out;
}

/* ---- model payload --------------------------------------------------------- */

static int model_save(const struct pca_model *m, clearn_writer *w, clearn_error *err)
{
    int rc = clearn_writer_size(w, "attributes", m->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "class", m->cls == CLEARN_NONE ? m->d : m->cls, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "rows", m->n, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "components", m->k, err);
    for (size_t f = 0; rc == CLEARN_OK && f < m->p; f++)
        rc = clearn_writer_string(w, "feature", m->names[f], err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "mean", m->mean, m->p, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "axes", m->comp, m->k * m->p, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "variance", m->var, m->k, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "ratio", m->ratio, m->k, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "singular", m->sv, m->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_double(w, "total", m->total, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_double(w, "noise", m->noise, err);
    return rc;
}

static int pca_save(const void *state, clearn_writer *w, clearn_error *err)
{
    const struct pca *st = state;
    if (!st->m.comp)
        return not_fitted(err);
    return model_save(&st->m, w, err);
}

static int corrupt(const char *what, clearn_error *err)
{
    return clearn__error(err, CLEARN_ECORRUPT, "pca: bad model: %s", what);
}

static int load_shape(struct pca_model *m, clearn_reader *r, clearn_error *err)
{
    size_t cls;
    int rc = clearn_reader_size(r, "attributes", &m->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "class", &cls, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "rows", &m->n, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "components", &m->k, err);
    if (rc != CLEARN_OK)
        return rc;
    if (cls > m->d || m->d < 1 || (cls == m->d - 1 && m->d == 1))
        return corrupt("the class index or attribute count", err);
    m->cls = cls == m->d ? CLEARN_NONE : cls;
    m->p = m->d - (m->cls != CLEARN_NONE);
    m->r = m->n < m->p ? m->n : m->p;
    if (m->n < 2 || m->n > INT_MAX || m->p > INT_MAX / 8 || m->k < 1 || m->k > m->r)
        return corrupt("the number of rows or components", err);
    return CLEARN_OK;
}

/* Feature names, read one by one into an array that grows as they come
 * (a doctored count cannot ask for a huge allocation). */
static int load_names(struct pca_model *m, clearn_reader *r, clearn_error *err)
{
    size_t cap = 0, p = m->p;
    int rc = CLEARN_OK;
    m->p = 0;  /* model_clear frees names[0..p) */
    for (size_t f = 0; rc == CLEARN_OK && f < p; f++) {
        if (f == cap) {
            char **g = clearn__reallocarray(m->names, cap = cap ? 2 * cap : 16, sizeof *g);
            if (!g)
                return clearn__nomem(err);
            m->names = g;
        }
        if ((rc = clearn_reader_string(r, "feature", &m->names[f], err)) == CLEARN_OK)
            m->p++;
        if (rc == CLEARN_OK && !m->names[f][0])
            rc = corrupt("an empty feature name", err);
    }
    return rc;
}

static int check_names(const struct pca_model *m, clearn_error *err)
{
    clearn__strmap *seen = clearn__strmap_new();
    int rc = seen ? CLEARN_OK : clearn__nomem(err);
    for (size_t f = 0; rc == CLEARN_OK && f < m->p; f++) {
        size_t len = strlen(m->names[f]), v;
        if (clearn__strmap_get(seen, m->names[f], len, &v))
            rc = corrupt("a feature name appears twice", err);
        else if (clearn__strmap_put(seen, m->names[f], len, f) != CLEARN_OK)
            rc = clearn__nomem(err);
    }
    clearn__strmap_free(seen);
    return rc;
}

static int all_finite(const double *v, size_t n, double lo, double hi)
{
    for (size_t i = 0; i < n; i++)
        if (!(v[i] >= lo && v[i] <= hi))
            return 0;
    return 1;
}

static int load_arrays(struct pca_model *m, clearn_reader *r, clearn_error *err)
{
    int rc = clearn__reader_long_doubles(r, "mean", m->p, &m->mean, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "axes", m->k * m->p, &m->comp, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "variance", m->k, &m->var, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "ratio", m->k, &m->ratio, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "singular", m->k, &m->sv, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_double(r, "total", &m->total, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_double(r, "noise", &m->noise, err);
    if (rc != CLEARN_OK)
        return rc;
    if (!all_finite(m->mean, m->p, -DBL_MAX, DBL_MAX) ||
        !all_finite(m->comp, m->k * m->p, -1, 1) || !all_finite(m->var, m->k, 0, DBL_MAX) ||
        !all_finite(m->ratio, m->k, 0, 1) || !all_finite(m->sv, m->k, 0, DBL_MAX) ||
        !all_finite(&m->total, 1, 0, DBL_MAX) || !all_finite(&m->noise, 1, 0, DBL_MAX))
        return corrupt("a value out of range", err);
    return CLEARN_OK;
}

static int model_load(struct pca_model *m, clearn_reader *r, clearn_error *err)
{
    size_t p;
    int rc = load_shape(m, r, err);
    if (rc != CLEARN_OK)
        return rc;
    p = m->p;
    if ((rc = load_names(m, r, err)) != CLEARN_OK)
        return rc;
    if (m->p != p)
        return corrupt("missing feature names", err);
    if ((rc = check_names(m, err)) != CLEARN_OK)
        return rc;
    return load_arrays(m, r, err);
}

static int pca_load(void *state, clearn_reader *r, clearn_error *err)
{
    struct pca *st = state;
    struct pca_model m;
    int rc;
    memset(&m, 0, sizeof m);
    if ((rc = model_load(&m, r, err)) != CLEARN_OK) {
        model_clear(&m);
        return rc;
    }
    model_clear(&st->m);
    st->m = m;
    return CLEARN_OK;
}

static void pca_destroy(void *state)
{
    model_clear(&((struct pca *)state)->m);
}

const clearn_transform_type clearn__pca_type = {
    .abi_version = CLEARN_TRANSFORM_ABI,
    .name = "pca",
    .summary = "principal component analysis: project numeric attributes on their "
               "principal axes (pc1..pcK)",
    .params = pca_params,
    .n_params = sizeof pca_params / sizeof pca_params[0],
    .state_size = sizeof(struct pca),
    .fit = pca_fit,
    .apply = pca_apply,
    .inverse = pca_inverse,
    .save = pca_save,
    .load = pca_load,
    .destroy = pca_destroy,
};

/* ---- public accessor ----------------------------------------------------------- */

static void copy_out(double *dst, const double *src, size_t n)
{
    if (dst)
        memcpy(dst, src, n * sizeof *src);
}

int clearn_pca_info(const clearn_transform *t, clearn_pca_summary *sum, double *mean,
                    double *components, double *variance, double *ratio, double *singular,
                    clearn_error *err)
{
    const void *state;
    const struct pca_model *m;
    int rc = clearn__transform_state_of(t, &clearn__pca_type, &state, err);
    if (rc != CLEARN_OK)
        return rc;
    m = &((const struct pca *)state)->m;
    if (sum) {
        sum->n_components = m->k;
        sum->n_features = m->p;
        sum->n_samples = m->n;
        sum->total_variance = m->total;
        sum->noise_variance = m->noise;
    }
    copy_out(mean, m->mean, m->p);
    copy_out(components, m->comp, m->k * m->p);
    copy_out(variance, m->var, m->k);
    copy_out(ratio, m->ratio, m->k);
    copy_out(singular, m->sv, m->k);
    return CLEARN_OK;
}
