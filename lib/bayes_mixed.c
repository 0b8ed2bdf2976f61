/* clearn — naive_bayes: nominal and numeric attributes together, as Weka's
 * NaiveBayes (3.6) computes it.
 *
 * The class prior and each nominal attribute's distribution per class are
 * Laplace estimates (every count starts at 1). A numeric attribute gets a
 * precision: the mean gap between its distinct training values (0.01 when
 * it has fewer than two). Values are rounded to multiples of it, and per
 * class a normal distribution is fitted to the rounded values (population
 * standard deviation, at least precision / 6); a value's likelihood is the
 * probability of its rounding interval, P(|X - v| < precision / 2), with the
 * normal CDF computed as Weka does (so that a value far in the upper tail
 * gets exactly 0). Every factor is at least 1e-75. Missing values are
 * skipped in training and ignored at prediction.
 *
 * Checked against Weka 3.6's distributionForInstance on ten data sets
 * (tests/data/bayes/make_weka.sh): agreement to 1e-11 relative or 1e-13
 * absolute, the last bits differing because Weka sums the training values
 * in another order (it leaves the rows sorted by an attribute) and uses its
 * own erf; a rounding interval far in a tail loses digits to cancellation,
 * in Weka as here. The printed model is Weka's, character for character. */
#include "config.h"
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "bayes_impl.h"

#define FLOOR 1e-75            /* Weka's smallest factor */
#define DEFAULT_PRECISION 0.01 /* Weka's precision without two distinct values */

/* Per attribute j, the slots tab[off[j] .. off[j + 1]): a nominal attribute
 * with m categories has k x m Laplace counts ([c * m + v]); a numeric one
 * k x 3 figures ([c * 3 + S_WEIGHT, S_MEAN, S_SD]); the class none. */
enum { S_WEIGHT, S_MEAN, S_SD, S_NUM };

struct naive_bayes {
    int unused;            /* no parameters */
    size_t k, d, cls;      /* classes, attributes (class included), class column */
    double *prior;         /* k Laplace class counts */
    double *prec;          /* d: precision of a numeric attribute, else 0 */
    size_t *off;           /* d + 1 */
    double *tab;
    double *lprior;        /* derived: k log priors */
    double *lnom;          /* derived: log of the nominal probabilities
                            * (floored), shaped like tab */
};

static void wnb_destroy(void *st)
{
    struct naive_bayes *m = st;
    clearn__free(m->prior);
    clearn__free(m->prec);
    clearn__free(m->off);
    clearn__free(m->tab);
    clearn__free(m->lprior);
    clearn__free(m->lnom);
    memset(m, 0, sizeof *m);
}

static int is_numeric(const struct naive_bayes *m, size_t j)
{
    return m->prec[j] > 0;
}

static size_t width(const struct naive_bayes *m, size_t j)
{
    return (m->off[j + 1] - m->off[j]) / m->k;
}

/* log priors and the log nominal probabilities. */
static void wnb_derive(struct naive_bayes *m)
{
    double n = 0;
    for (size_t c = 0; c < m->k; c++)
        n += m->prior[c];
    for (size_t c = 0; c < m->k; c++)
        m->lprior[c] = log(m->prior[c] / n);
    for (size_t j = 0; j < m->d; j++) {
        size_t w = width(m, j);
        if (j == m->cls || is_numeric(m, j))
            continue;
        for (size_t c = 0; c < m->k; c++) {
            const double *cnt = m->tab + m->off[j] + c * w;
            double total = 0;
            for (size_t v = 0; v < w; v++)
                total += cnt[v];
            for (size_t v = 0; v < w; v++)
                m->lnom[m->off[j] + c * w + v] = log(fmax(FLOOR, total > 0 ? cnt[v] / total : 0));
        }
    }
}

/* ---- fitting ------------------------------------------------------------- */

/* The mean gap between the sorted distinct known values, summed in
 * ascending order as Weka does; DEFAULT_PRECISION with fewer than two. */
static double precision(const clearn_dataset *ds, size_t j, double *scratch)
{
    size_t n = 0, distinct = 0;
    double sum = 0;
    for (size_t i = 0; i < ds->n; i++)
        if (!isnan(ds->x[i * ds->d + j]))
            scratch[n++] = ds->x[i * ds->d + j];
    qsort(scratch, n, sizeof *scratch, clearn__cmp_double);
    for (size_t i = 1; i < n; i++)
        if (scratch[i] != scratch[i - 1]) {
            sum += scratch[i] - scratch[i - 1];
            distinct++;
        }
    return distinct ? sum / (double)distinct : DEFAULT_PRECISION;
}

/* Weka's rounding of a value to its precision. */
static double snap(double v, double prec)
{
    return rint(v / prec) * prec;
}

/* Weka's normal estimator per class, updated value by value in row order:
 * the standard deviation is recomputed after each value and kept only
 * while it exceeds 1e-10. */
static int fit_numeric(struct naive_bayes *m, const clearn_dataset *ds, size_t j,
                       double *scratch, clearn_error *err)
{
    double prec = precision(ds, j, scratch), *t = m->tab + m->off[j];
    double *sum = scratch, *sq = scratch + m->k;   /* the values are no longer needed */
    m->prec[j] = prec;
    for (size_t c = 0; c < m->k; c++) {
        t[c * S_NUM + S_WEIGHT] = t[c * S_NUM + S_MEAN] = sum[c] = sq[c] = 0;
        t[c * S_NUM + S_SD] = prec / 6;
    }
    for (size_t i = 0; i < ds->n; i++) {
        double v = ds->x[i * ds->d + j], *e, sd;
        size_t c = (size_t)ds->x[i * ds->d + ds->cls];
        if (isnan(v))
            continue;
        e = t + c * S_NUM;
        v = snap(v, prec);
        e[S_WEIGHT] += 1;
        sum[c] += v;
        sq[c] += v * v;
        e[S_MEAN] = sum[c] / e[S_WEIGHT];
        sd = sqrt(fabs(sq[c] - e[S_MEAN] * sum[c]) / e[S_WEIGHT]);
        if (sd > 1e-10)
            e[S_SD] = fmax(prec / 6, sd);
    }
    for (size_t c = 0; c < m->k; c++)
        if (!isfinite(prec) || !(prec / 6 > 0) || !isfinite(t[c * S_NUM + S_MEAN]) ||
            !isfinite(t[c * S_NUM + S_SD]))
            return clearn__error(err, CLEARN_EINVAL,
                                 "naive_bayes: attribute '%s': the values are too large or too "
                                 "close together for Weka's normal estimator; scale them first",
                                 ds->attrs[j].name);
    return CLEARN_OK;
}

static void fit_nominal(struct naive_bayes *m, const clearn_dataset *ds, size_t j)
{
    size_t w = width(m, j);
    double *t = m->tab + m->off[j];
    for (size_t e = 0; e < m->k * w; e++)
        t[e] = 1;
    for (size_t i = 0; i < ds->n; i++) {
        double v = ds->x[i * ds->d + j];
        if (!isnan(v))
            t[(size_t)ds->x[i * ds->d + ds->cls] * w + (size_t)v]++;
    }
}

/* Shapes: offsets from the schema, and the arrays. */
static int wnb_alloc(struct naive_bayes *m, const clearn_dataset *ds, clearn_error *err)
{
    m->k = clearn__nb_classes(ds);
    m->d = ds->d;
    m->cls = ds->cls;
    if (!m->k)
        return clearn__error(err, CLEARN_EINVAL, "naive_bayes: the class '%s' has no categories",
                             ds->attrs[ds->cls].name);
    m->off = clearn__mallocarray(m->d + 1, sizeof *m->off);
    m->prec = clearn__calloc(m->d, sizeof *m->prec);
    m->prior = clearn__mallocarray(m->k, sizeof *m->prior);
    m->lprior = clearn__mallocarray(m->k, sizeof *m->lprior);
    if (!m->off || !m->prec || !m->prior || !m->lprior)
        return clearn__nomem(err);
    m->off[0] = 0;
    for (size_t j = 0; j < m->d; j++) {
        size_t w = j == m->cls ? 0 : ds->attrs[j].kind == CLEARN_NUMERIC ? S_NUM : ds->attrs[j].n_cats;
        m->off[j + 1] = m->off[j] + clearn__nb_mul(w, m->k);
    }
    m->tab = clearn__mallocarray(m->off[m->d] ? m->off[m->d] : 1, sizeof *m->tab);
    m->lnom = clearn__calloc(m->off[m->d] ? m->off[m->d] : 1, sizeof *m->lnom);
    if (!m->tab || !m->lnom)
        return clearn__nomem(err);
    return CLEARN_OK;
}

static int wnb_fit(void *st, const clearn_dataset *ds, clearn_error *err)
{
    struct naive_bayes *m = st;
    double *scratch = NULL;
    int rc;
    wnb_destroy(m);
    rc = wnb_alloc(m, ds, err);
    if (rc == CLEARN_OK &&
        !(scratch = clearn__mallocarray(ds->n > 2 * m->k ? ds->n : 2 * m->k, sizeof *scratch)))
        rc = clearn__nomem(err);
    for (size_t j = 0; rc == CLEARN_OK && j < m->d; j++) {
        if (j == m->cls)
            continue;
        if (ds->attrs[j].kind == CLEARN_NUMERIC)
            rc = fit_numeric(m, ds, j, scratch, err);
        else
            fit_nominal(m, ds, j);
    }
    clearn__free(scratch);
    if (rc != CLEARN_OK) {
        wnb_destroy(m);
        return rc;
    }
    for (size_t c = 0; c < m->k; c++)
        m->prior[c] = 1;
    for (size_t i = 0; i < ds->n; i++)
        m->prior[(size_t)ds->x[i * ds->d + ds->cls]]++;
    wnb_derive(m);
    return CLEARN_OK;
}

/* ---- prediction ---------------------------------------------------------- */

/* The standard normal CDF as Weka's Statistics.normalProbability computes
 * it: 1 - erfc(...) / 2 in the upper tail, which rounds to exactly 1 far
 * out. */
static double weka_ndtr(double a)
{
    double x = a * M_SQRT1_2, z = fabs(x), y;
    if (z < M_SQRT1_2)
        return 0.5 + 0.5 * erf(x);
    y = 0.5 * erfc(z);
    return x > 0 ? 1 - y : y;
}

/* log of Weka's factor for value v of a numeric attribute. */
static double numeric_log(const double *e, double prec, double v)
{
    double lo, hi;
    v = snap(v, prec);
    lo = weka_ndtr((v - e[S_MEAN] - prec / 2) / e[S_SD]);
    hi = weka_ndtr((v - e[S_MEAN] + prec / 2) / e[S_SD]);
    return log(fmax(FLOOR, hi - lo));
}

static void wnb_jll(const void *st, const double *row, double *out)
{
    const struct naive_bayes *m = st;
    for (size_t c = 0; c < m->k; c++)
        out[c] = m->lprior[c];
    for (size_t j = 0; j < m->d; j++) {
        double v = row[j];
        size_t w;
        if (j == m->cls || isnan(v))
            continue;
        if (is_numeric(m, j)) {
            for (size_t c = 0; c < m->k; c++)
                out[c] += numeric_log(m->tab + m->off[j] + c * S_NUM, m->prec[j], v);
            continue;
        }
        if (!(v >= 0 && v < (double)(w = width(m, j))))
            continue;
        for (size_t c = 0; c < m->k; c++)
            out[c] += m->lnom[m->off[j] + c * w + (size_t)v];
    }
}

/* The data must be laid out as in training (only a doctored model file
 * fails this). */
static int wnb_check(const struct naive_bayes *m, const clearn_dataset *x, clearn_error *err)
{
    if (x->d != m->d || x->cls != m->cls || clearn__nb_classes(x) != m->k)
        return clearn__error(err, CLEARN_ESCHEMA,
                             "naive_bayes: the model has %zu attributes and %zu classes, class "
                             "column %zu; the data does not match", m->d, m->k, m->cls + 1);
    for (size_t j = 0; j < m->d; j++) {
        if (j == m->cls)
            continue;
        if ((x->attrs[j].kind == CLEARN_NUMERIC) != is_numeric(m, j) ||
            (!is_numeric(m, j) && x->attrs[j].n_cats != width(m, j)))
            return clearn__error(err, CLEARN_ESCHEMA,
                                 "naive_bayes: attribute %zu of the data does not match the model",
                                 j + 1);
    }
    return CLEARN_OK;
}

static int wnb_run(const void *st, const clearn_dataset *x, enum clearn__nb_out what, double *out,
                  clearn_error *err)
{
    const struct naive_bayes *m = st;
    struct clearn__nb_view v = {m->k, m->lprior, wnb_jll, st};
    int rc = wnb_check(m, x, err);
    return rc == CLEARN_OK ? clearn__nb_run(&v, x, what, out, err) : rc;
}

static int wnb_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    return wnb_run(st, x, CLEARN__NB_CLASS, out, err);
}

static int wnb_predict_proba(const void *st, const clearn_dataset *x, double *out,
                            clearn_error *err)
{
    return wnb_run(st, x, CLEARN__NB_PROBA, out, err);
}

int clearn__naive_bayes_jll(const void *st, const clearn_dataset *x, double *out,
                            clearn_error *err)
{
    return wnb_run(st, x, CLEARN__NB_JLL, out, err);
}

/* ---- model files ------------------------------------------------------------ */

/* Per attribute: its kind (0 numeric, 1 nominal, 2 the class), then the
 * precision or the number of categories; then the prior and the table. */
static int wnb_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct naive_bayes *m = st;
    int rc = clearn_writer_size(w, "classes", m->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "attributes", m->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "class", m->cls, err);
    for (size_t j = 0; rc == CLEARN_OK && j < m->d; j++) {
        int numeric = j != m->cls && is_numeric(m, j);
        rc = clearn_writer_int(w, "kind", j == m->cls ? 2 : numeric ? 0 : 1, err);
        if (rc == CLEARN_OK && numeric)
            rc = clearn_writer_double(w, "precision", m->prec[j], err);
        else if (rc == CLEARN_OK && j != m->cls)
            rc = clearn_writer_size(w, "categories", width(m, j), err);
    }
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "prior", m->prior, m->k, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "table", m->tab, m->off[m->d], err);
    return rc;
}

static int wnb_corrupt(const char *what, clearn_error *err)
{
    return clearn__error(err, CLEARN_ECORRUPT, "naive_bayes model: %s", what);
}

/* One attribute's description; grows off and prec as they are read. */
static int load_attr(struct naive_bayes *m, clearn_reader *r, size_t j, size_t *cap,
                     clearn_error *err)
{
    long kind;
    size_t w = S_NUM;
    int rc;
    if (j + 2 > *cap) {
        size_t want = *cap ? (*cap < m->d / 2 ? 2 * *cap : m->d + 1) : 17;
        size_t *o = clearn__reallocarray(m->off, want, sizeof *o);
        double *p = o ? clearn__reallocarray(m->prec, want, sizeof *p) : NULL;
        m->off = o ? o : m->off;
        m->prec = p ? p : m->prec;
        if (!o || !p)
            return clearn__nomem(err);
        *cap = want;
        m->off[0] = 0;
    }
    if ((rc = clearn_reader_int(r, "kind", &kind, err)) != CLEARN_OK)
        return rc;
    if (kind < 0 || kind > 2 || (kind == 2) != (j == m->cls))
        return wnb_corrupt("bad attribute kind", err);
    m->prec[j] = 0;
    if (kind == 0) {
        if ((rc = clearn_reader_double(r, "precision", &m->prec[j], err)) != CLEARN_OK)
            return rc;
        if (!isfinite(m->prec[j]) || !(m->prec[j] / 6 > 0))
            return wnb_corrupt("bad precision", err);
    } else if (kind == 1 && (rc = clearn_reader_size(r, "categories", &w, err)) != CLEARN_OK) {
        return rc;
    }
    w = kind == 2 ? 0 : w;
    if (clearn__nb_mul(w, m->k) > SIZE_MAX / 8 - m->off[j])
        return wnb_corrupt("bad number of categories", err);
    m->off[j + 1] = m->off[j] + w * m->k;
    return CLEARN_OK;
}

/* Counts >= 1 (Laplace), weights >= 0, finite means, deviations at least
 * precision / 6. */
static int wnb_valid(const struct naive_bayes *m, clearn_error *err)
{
    for (size_t c = 0; c < m->k; c++)
        if (!(m->prior[c] >= 1 && isfinite(m->prior[c])))
            return wnb_corrupt("bad class counts", err);
    for (size_t j = 0; j < m->d; j++) {
        const double *t = m->tab + m->off[j];
        size_t n = m->off[j + 1] - m->off[j];
        for (size_t e = 0; e < n; e++) {
            int ok = !is_numeric(m, j) ? t[e] >= 1 && isfinite(t[e])
                     : e % S_NUM == S_WEIGHT ? t[e] >= 0 && isfinite(t[e])
                     : e % S_NUM == S_MEAN ? isfinite(t[e])
                     : t[e] >= m->prec[j] / 6 && isfinite(t[e]);
            if (!ok)
                return wnb_corrupt("bad statistics", err);
        }
    }
    return CLEARN_OK;
}

static int wnb_load_all(struct naive_bayes *m, clearn_reader *r, clearn_error *err)
{
    size_t cap = 0;
    int rc = clearn_reader_size(r, "classes", &m->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "attributes", &m->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "class", &m->cls, err);
    if (rc != CLEARN_OK)
        return rc;
    if (!m->k || m->cls >= m->d || m->k > SIZE_MAX / 8)
        return wnb_corrupt("bad numbers of classes and attributes", err);
    for (size_t j = 0; rc == CLEARN_OK && j < m->d; j++)
        rc = load_attr(m, r, j, &cap, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "prior", m->k, &m->prior, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "table", m->off[m->d], &m->tab, err);
    if (rc == CLEARN_OK)
        rc = wnb_valid(m, err);
    if (rc != CLEARN_OK)
        return rc;
    m->lprior = clearn__mallocarray(m->k, sizeof *m->lprior);
    m->lnom = clearn__calloc(m->off[m->d] ? m->off[m->d] : 1, sizeof *m->lnom);
    if (!m->lprior || !m->lnom)
        return clearn__nomem(err);
    wnb_derive(m);
    return CLEARN_OK;
}

static int wnb_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct naive_bayes *m = st;
    int rc;
    wnb_destroy(m);
    if ((rc = wnb_load_all(m, r, err)) != CLEARN_OK)
        wnb_destroy(m);
    return rc;
}

/* ---- text output, as Weka prints the model ---------------------------------- */

/* Weka's Utils.doubleToString(v, digits): rounded half up to `digits`
 * decimals, trailing zeros and point dropped. */
static void weka_fixed(double v, int digits, char *buf, size_t size)
{
    double scaled = v * pow(10.0, digits);
    char *p;
    if (!(fabs(scaled) < 9.2e18)) {
        snprintf(buf, size, "%g", v);
        return;
    }
    scaled = scaled > 0 ? floor(scaled + 0.5) : -floor(fabs(scaled) + 0.5);
    snprintf(buf, size, "%.*f", digits, scaled / pow(10.0, digits));
    if (!strchr(buf, '.'))
        return;
    for (p = buf + strlen(buf) - 1; *p == '0'; p--)
        *p = '\0';
    if (*p == '.')
        *p = '\0';
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
}

/* Java's Double.toString of a whole count: "3.0", "1.2345678E7". */
static void java_count(double v, char *buf, size_t size)
{
    char dig[400];
    size_t len, n;
    if (v < 1e7) {
        snprintf(buf, size, "%.1f", v);
        return;
    }
    snprintf(dig, sizeof dig, "%.0f", v);
    len = n = strlen(dig);
    while (n > 2 && dig[n - 1] == '0')
        dig[--n] = '\0';
    snprintf(buf, size, "%c.%.16sE%zu", dig[0], n > 1 ? dig + 1 : "0", len - 1);
}

static double log10_weka(double v)
{
    return log(fabs(v)) / log(10.0);
}

/* Weka's column width: class names, priors, counts, and for numeric
 * attributes 6 + the order of magnitude of the mean or precision. */
static int column_width(const struct naive_bayes *m, const clearn_dataset *s)
{
    const struct clearn__attr *y = &s->attrs[s->cls];
    double n = 0;
    int wmax = 0;
    char buf[64];
    for (size_t c = 0; c < m->k; c++) {
        wmax = (int)fmax(wmax, (double)strlen(y->cats[c]));
        n += m->prior[c];
    }
    for (size_t j = 0; j < m->d; j++) {
        const double *t = m->tab + m->off[j];
        if (j == m->cls)
            continue;
        for (size_t c = 0; c < m->k; c++) {
            if (is_numeric(m, j)) {
                double w = fmax(log10_weka(t[c * S_NUM + S_MEAN]), log10_weka(m->prec[j]));
                wmax = (int)fmax(wmax, (double)(int)((w < 0 ? 1 : w) + 6.0));
                continue;
            }
            double total = 0;
            for (size_t v = 0; v < width(m, j); v++) {
                java_count(t[c * width(m, j) + v], buf, sizeof buf);
                wmax = (int)fmax(wmax, (double)strlen(buf));
                total += t[c * width(m, j) + v];
            }
            java_count(total, buf, sizeof buf);
            wmax = (int)fmax(wmax, (double)strlen(buf));
        }
    }
    for (size_t c = 0; c < m->k; c++) {
        weka_fixed(m->prior[c] / n, 2, buf, sizeof buf);
        wmax = (int)fmax(wmax, (double)strlen(buf) + 2);
    }
    return wmax;
}

/* Width of the first column: attribute names, "value  ", "  weight sum". */
static int label_width(const struct naive_bayes *m, const clearn_dataset *s)
{
    size_t w = strlen("  weight sum");
    for (size_t j = 0; j < m->d; j++) {
        if (j == m->cls)
            continue;
        w = strlen(s->attrs[j].name) > w ? strlen(s->attrs[j].name) : w;
        for (size_t v = 0; !is_numeric(m, j) && v < width(m, j); v++)
            w = strlen(s->attrs[j].cats[v]) + 2 > w ? strlen(s->attrs[j].cats[v]) + 2 : w;
    }
    return (int)w + 2;
}

static int print_numeric(const struct naive_bayes *m, size_t j, int aw, int cw, FILE *out)
{
    static const char *const label[] = {"  mean", "  std. dev.", "  weight sum", "  precision"};
    static const int slot[] = {S_MEAN, S_SD, S_WEIGHT, -1};
    const double *t = m->tab + m->off[j];
    int ok = 1;
    for (int r = 0; ok && r < 4; r++) {
        ok = fprintf(out, "%-*s", aw + 1, label[r]) >= 0;
        for (size_t c = 0; ok && c < m->k; c++) {
            char buf[64];
            weka_fixed(slot[r] < 0 ? m->prec[j] : t[c * S_NUM + slot[r]], 4, buf, sizeof buf);
            ok = fprintf(out, "%*s", cw + 1, buf) >= 0;
        }
        ok = ok && fprintf(out, "\n") >= 0;
    }
    return ok && fprintf(out, "\n") >= 0;
}

static int print_nominal(const struct naive_bayes *m, const clearn_dataset *s, size_t j, int aw,
                         int cw, FILE *out)
{
    size_t w = width(m, j);
    const double *t = m->tab + m->off[j];
    char buf[64], label[256];
    int ok = 1;
    for (size_t v = 0; ok && v <= w; v++) {
        snprintf(label, sizeof label, "  %s", v < w ? s->attrs[j].cats[v] : "[total]");
        ok = fprintf(out, "%-*s", aw + 1, label) >= 0;
        for (size_t c = 0; ok && c < m->k; c++) {
            double total = 0;
            for (size_t u = 0; u < w; u++)
                total += t[c * w + u];
            java_count(v < w ? t[c * w + v] : total, buf, sizeof buf);
            ok = fprintf(out, "%*s", cw + 1, buf) >= 0;
        }
        ok = ok && fprintf(out, "\n") >= 0;
    }
    return ok && fprintf(out, "\n") >= 0;
}

static int wnb_print(const void *st, const clearn_dataset *s, FILE *out, clearn_error *err)
{
    const struct naive_bayes *m = st;
    const struct clearn__attr *y;
    int aw, cw, ok, rc = wnb_check(m, s, err);
    double n = 0;
    char buf[64];
    if (rc != CLEARN_OK)
        return rc;
    y = &s->attrs[s->cls];
    aw = label_width(m, s);
    cw = column_width(m, s);
    ok = fprintf(out, "Naive Bayes Classifier\n\n%*s\n%-*s", aw + cw + 1, "Class", aw,
                 "Attribute") >= 0;
    for (size_t c = 0; ok && c < m->k; c++)
        ok = fprintf(out, "%*s", cw + 1, y->cats[c]) >= 0;
    ok = ok && fprintf(out, "\n%*s", aw, "") >= 0;
    for (size_t c = 0; c < m->k; c++)
        n += m->prior[c];
    for (size_t c = 0; ok && c < m->k; c++) {
        char p[80];
        weka_fixed(m->prior[c] / n, 2, buf, sizeof buf);
        snprintf(p, sizeof p, "(%s)", buf);
        ok = fprintf(out, "%*s", cw + 1, p) >= 0;
    }
    ok = ok && fprintf(out, "\n") >= 0;
    for (size_t i = 0; ok && i < (size_t)aw + (size_t)cw * m->k + m->k + 1; i++)
        ok = fputc('=', out) != EOF;
    ok = ok && fprintf(out, "\n") >= 0;
    for (size_t j = 0; ok && j < m->d; j++) {
        if (j == m->cls)
            continue;
        ok = fprintf(out, "%s\n", s->attrs[j].name) >= 0;
        ok = ok && (is_numeric(m, j) ? print_numeric(m, j, aw, cw, out)
                                     : print_nominal(m, s, j, aw, cw, out));
    }
    return ok ? CLEARN_OK : clearn__error(err, CLEARN_EIO, "naive_bayes: cannot write the model");
}

const clearn_estimator_type clearn__naive_bayes_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "naive_bayes",
    .summary = "naive Bayes for nominal and numeric attributes (Weka's NaiveBayes)",
    .tasks = CLEARN_CLASSIFY,
    .params = NULL,
    .n_params = 0,
    .state_size = sizeof(struct naive_bayes),
    .fit = wnb_fit,
    .predict = wnb_predict,
    .predict_proba = wnb_predict_proba,
    .save = wnb_save,
    .load = wnb_load,
    .destroy = wnb_destroy,
    .print = wnb_print,
};
