/* clearn — select: feature selection (scikit-learn's VarianceThreshold,
 * SelectKBest and SelectPercentile).
 *
 * method=variance drops the numeric attributes whose training variance
 * (ddof=0, missing values ignored; with threshold=0 the smaller of the
 * variance and the range, as scikit-learn) is <= threshold; nominal
 * attributes are kept. method=kbest keeps the k attributes with the best
 * scores, method=percentile the best `percentile` percent by scikit-learn's
 * rule (above the score's percentile, then ties in index order).
 *
 * Scores (against the class; rows with a missing class are skipped):
 *   numeric attribute, nominal class: f_classif (one-way ANOVA F) or chi2
 *     (scikit-learn's: the attribute's sums per class against their
 *     expectation; values must be >= 0);
 *   numeric attribute, numeric class: f_regression (F of the correlation,
 *     scikit-learn's force_finite: 0 for a constant, DBL_MAX for r^2 = 1);
 *   nominal attribute, nominal class: Pearson's chi-squared test of
 *     independence of the attribute x class table (no Yates correction;
 *     empty rows and columns left out) — not scikit-learn's chi2 on one-hot
 *     columns;
 *   nominal attribute, numeric class: one-way ANOVA F of the class grouped
 *     by the attribute's categories.
 * score=auto is f_classif for a nominal class and f_regression for a
 * numeric one. A missing value in a scored attribute is an error (impute
 * first). Ranking is by score (rank=score; NaN scores rank last, as
 * scikit-learn's) or by p-value (rank=pvalue, smaller first, ties by score);
 * equal keys keep the lower attribute index (scikit-learn's SelectKBest
 * keeps the higher one). The output has the kept attributes in their
 * original order, and the class. */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

enum { SEL_VARIANCE, SEL_KBEST, SEL_PERCENTILE };
enum { SC_AUTO, SC_F_CLASSIF, SC_F_REGRESSION, SC_CHI2 };
enum { RANK_SCORE, RANK_PVALUE };

static const char *const method_choices[] = {"variance", "kbest", "percentile", NULL};
static const char *const score_choices[] = {"auto", "f_classif", "f_regression", "chi2", NULL};
static const char *const rank_choices[] = {"score", "pvalue", NULL};

struct select {
    int method, score, rank;  /* parameters */
    long k;
    double percentile, threshold;
    size_t d;                 /* attributes of the training data */
    double *scores, *pvalues; /* per attribute; NaN where not scored */
    double *keep;             /* per attribute: 1 kept, 0 dropped */
};

static const clearn_param select_params[] = {
    {.name = "method", .type = CLEARN_PARAM_ENUM, .offset = offsetof(struct select, method),
     .def = "variance", .min = 1, .max = 0, .choices = method_choices,
     .help = "variance: drop low-variance numeric attributes; kbest: keep the k best scores; "
             "percentile: keep the best percentile"},
    {.name = "k", .type = CLEARN_PARAM_INT, .offset = offsetof(struct select, k), .def = "10",
     .min = 0, .max = 1e9, .help = "attributes kept by method=kbest (all when fewer)"},
    {.name = "percentile", .type = CLEARN_PARAM_DOUBLE,
     .offset = offsetof(struct select, percentile), .def = "10", .min = 0, .max = 100,
     .help = "percent of the attributes kept by method=percentile"},
    {.name = "threshold", .type = CLEARN_PARAM_DOUBLE,
     .offset = offsetof(struct select, threshold), .def = "0", .min = 0, .max = DBL_MAX,
     .help = "method=variance drops numeric attributes with variance <= threshold (>= 0)"},
    {.name = "score", .type = CLEARN_PARAM_ENUM, .offset = offsetof(struct select, score),
     .def = "auto", .min = 1, .max = 0, .choices = score_choices,
     .help = "auto: f_classif for a nominal class, f_regression for a numeric one; chi2 "
             "needs values >= 0"},
    {.name = "rank", .type = CLEARN_PARAM_ENUM, .offset = offsetof(struct select, rank),
     .def = "score", .min = 1, .max = 0, .choices = rank_choices,
     .help = "rank attributes by score (larger first) or by p-value (smaller first)"},
};

static void select_clear(struct select *st)
{
    clearn__free(st->scores);
    clearn__free(st->pvalues);
    clearn__free(st->keep);
    st->scores = st->pvalues = st->keep = NULL;
    st->d = 0;
}

/* ---- scores ---------------------------------------------------------------- */

/* What one attribute is scored against: the rows with a class value. */
struct scoring {
    const clearn_dataset *ds;
    const size_t *rows;
    size_t n;
    int score;        /* SC_F_CLASSIF, SC_F_REGRESSION or SC_CHI2 */
    double *cnt, *sum;  /* scratch: one per group (classes or categories) */
    double *table;      /* scratch: categories x classes */
};

static double value(const struct scoring *s, size_t r, size_t j)
{
    return s->ds->x[s->rows[r] * s->ds->d + j];
}

/* One-way ANOVA of column vj grouped by the codes of nominal column gj
 * (g groups); groups without rows are left out, as scikit-learn's
 * f_classif only sees the classes present. */
static void anova(const struct scoring *s, size_t vj, size_t gj, size_t g, double *f,
                  double *p)
{
    double total = 0, mean, ssb = 0, ssw = 0, present = 0, dfb, dfw;
    memset(s->cnt, 0, g * sizeof *s->cnt);
    memset(s->sum, 0, g * sizeof *s->sum);
    for (size_t r = 0; r < s->n; r++) {
        size_t c = (size_t)value(s, r, gj);
        s->cnt[c] += 1;
        s->sum[c] += value(s, r, vj);
        total += value(s, r, vj);
    }
    mean = total / (double)s->n;
    for (size_t c = 0; c < g; c++) {
        if (!s->cnt[c])
            continue;
        present++;
        s->sum[c] /= s->cnt[c];  /* now the group mean */
        ssb += s->cnt[c] * (s->sum[c] - mean) * (s->sum[c] - mean);
    }
    for (size_t r = 0; r < s->n; r++) {
        double e = value(s, r, vj) - s->sum[(size_t)value(s, r, gj)];
        ssw += e * e;
    }
    dfb = present - 1;
    dfw = (double)s->n - present;
    *f = dfb > 0 && dfw > 0 ? (ssb / dfb) / (ssw / dfw) : NAN;
    *p = clearn__f_pvalue(*f, dfb, dfw);
}

/* scikit-learn's f_regression of column j against the numeric class. */
static void f_regression(const struct scoring *s, size_t j, double *f, double *p)
{
    size_t y = s->ds->cls;
    double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0, r, dof = (double)s->n - 2;
    for (size_t i = 0; i < s->n; i++) {
        mx += value(s, i, j);
        my += value(s, i, y);
    }
    mx /= (double)s->n;
    my /= (double)s->n;
    for (size_t i = 0; i < s->n; i++) {
        double a = value(s, i, j) - mx, b = value(s, i, y) - my;
        sxx += a * a;
        syy += b * b;
        sxy += a * b;
    }
    r = sxy / sqrt(sxx) / sqrt(syy);
    if (isnan(r))
        r = 0;  /* a constant attribute or class */
    *f = r * r / (1 - r * r) * dof;
    *p = clearn__f_pvalue(*f, 1, dof);
    if (isinf(*f) || r * r >= 1) {  /* perfect correlation (r^2 may round above 1) */
        *f = DBL_MAX;
        *p = 0;
    }
}

/* scikit-learn's chi2 of the non-negative column j against k classes. */
static int chi2_sums(const struct scoring *s, size_t j, size_t k, double *chi, double *p,
                     clearn_error *err)
{
    const clearn_dataset *ds = s->ds;
    double total = 0, present = 0;
    memset(s->cnt, 0, k * sizeof *s->cnt);
    memset(s->sum, 0, k * sizeof *s->sum);
    for (size_t r = 0; r < s->n; r++) {
        double v = value(s, r, j);
        size_t c = (size_t)value(s, r, ds->cls);
        if (v < 0)
            return clearn__error(err, CLEARN_EINVAL,
                                 "select: attribute '%s' is %g in row %zu: score=chi2 needs "
                                 "values >= 0 (counts or frequencies; use f_classif, or "
                                 "minmax first)", ds->attrs[j].name, v, s->rows[r] + 1);
        s->cnt[c] += 1;
        s->sum[c] += v;
        total += v;
    }
    *chi = 0;
    for (size_t c = 0; c < k; c++) {
        double e = s->cnt[c] / (double)s->n * total;
        if (!s->cnt[c])
            continue;
        present++;
        *chi += (s->sum[c] - e) * (s->sum[c] - e) / e;
    }
    *p = present > 1 ? clearn__chi2_pvalue(*chi, present - 1) : NAN;
    if (present < 2)
        *chi = NAN;
    return CLEARN_OK;
}

/* Pearson's chi-squared test of independence of nominal column j and the
 * nominal class (a categories x k classes table). */
static void chi2_table(const struct scoring *s, size_t j, size_t a, size_t k, double *chi,
                       double *p)
{
    double *t = s->table, *row = s->sum, *col = s->cnt, rows = 0, cols = 0, n = (double)s->n;
    memset(t, 0, a * k * sizeof *t);
    memset(row, 0, a * sizeof *row);
    memset(col, 0, k * sizeof *col);
    for (size_t r = 0; r < s->n; r++) {
        size_t u = (size_t)value(s, r, j), c = (size_t)value(s, r, s->ds->cls);
        t[u * k + c] += 1;
        row[u] += 1;
        col[c] += 1;
    }
    *chi = 0;
    for (size_t u = 0; u < a; u++)
        for (size_t c = 0; c < k; c++) {
            double e = row[u] * col[c] / n;
            if (e > 0)
                *chi += (t[u * k + c] - e) * (t[u * k + c] - e) / e;
        }
    for (size_t u = 0; u < a; u++)
        rows += row[u] > 0;
    for (size_t c = 0; c < k; c++)
        cols += col[c] > 0;
    if ((rows - 1) * (cols - 1) > 0) {
        *p = clearn__chi2_pvalue(*chi, (rows - 1) * (cols - 1));
    } else {
        *chi = 0;
        *p = 1;
    }
}

static int check_missing(const struct scoring *s, size_t j, clearn_error *err)
{
    for (size_t r = 0; r < s->n; r++)
        if (isnan(value(s, r, j)))
            return clearn__error(err, CLEARN_EINVAL,
                                 "select: attribute '%s' is missing in row %zu: the scores "
                                 "cannot use missing values (put 'impute |' before select)",
                                 s->ds->attrs[j].name, s->rows[r] + 1);
    return CLEARN_OK;
}

static int score_attribute(const struct scoring *s, size_t j, double *f, double *p,
                           clearn_error *err)
{
    const clearn_dataset *ds = s->ds;
    size_t k = ds->attrs[ds->cls].n_cats, a = ds->attrs[j].n_cats;
    int rc = check_missing(s, j, err);
    if (rc != CLEARN_OK)
        return rc;
    if (ds->attrs[j].kind == CLEARN_NOMINAL) {
        if (s->score == SC_F_REGRESSION)
            anova(s, ds->cls, j, a, f, p);
        else
            chi2_table(s, j, a, k, f, p);
        return CLEARN_OK;
    }
    if (s->score == SC_F_CLASSIF)
        anova(s, j, ds->cls, k, f, p);
    else if (s->score == SC_F_REGRESSION)
        f_regression(s, j, f, p);
    else
        rc = chi2_sums(s, j, k, f, p, err);
    return rc;
}

/* The score to use for ds's class: CLEARN_EINVAL when they do not fit. */
static int resolve_score(int score, const clearn_dataset *ds, int *out, clearn_error *err)
{
    int nominal;
    if (ds->cls == CLEARN_NONE)
        return clearn__error(err, CLEARN_EINVAL,
                             "select: scoring attributes needs a class attribute and the data "
                             "has none (set one, or use method=variance)");
    nominal = ds->attrs[ds->cls].kind == CLEARN_NOMINAL;
    *out = score != SC_AUTO ? score : nominal ? SC_F_CLASSIF : SC_F_REGRESSION;
    if (nominal && *out == SC_F_REGRESSION)
        return clearn__error(err, CLEARN_EINVAL,
                             "select: score=f_regression needs a numeric class; class '%s' is "
                             "nominal (use f_classif or chi2)", ds->attrs[ds->cls].name);
    if (!nominal && *out != SC_F_REGRESSION)
        return clearn__error(err, CLEARN_EINVAL,
                             "select: score=%s needs a nominal class; class '%s' is numeric "
                             "(use f_regression)", score_choices[*out], ds->attrs[ds->cls].name);
    return CLEARN_OK;
}

/* Scores and p-values of every attribute of ds (NaN for the class). */
static int score_all(int score, const clearn_dataset *ds, double *f, double *p,
                     clearn_error *err)
{
    struct scoring s = {ds, NULL, 0, 0, NULL, NULL, NULL};
    size_t most = 1, *rows;
    int rc = resolve_score(score, ds, &s.score, err);
    if (rc != CLEARN_OK)
        return rc;
    for (size_t j = 0; j < ds->d; j++)
        most = ds->attrs[j].n_cats > most ? ds->attrs[j].n_cats : most;
    rows = clearn__mallocarray(ds->n ? ds->n : 1, sizeof *rows);
    s.cnt = clearn__mallocarray(most, sizeof *s.cnt);
    s.sum = clearn__mallocarray(most, sizeof *s.sum);
    if (!rows || !s.cnt || !s.sum)
        rc = clearn__nomem(err);
    for (size_t i = 0; rc == CLEARN_OK && i < ds->n; i++)
        if (!isnan(ds->x[i * ds->d + ds->cls]))
            rows[s.n++] = i;
    s.rows = rows;
    if (rc == CLEARN_OK && s.n < (s.score == SC_F_REGRESSION ? 3u : 1u))
        rc = clearn__error(err, CLEARN_EINVAL,
                           "select: %zu rows have a class value; score=%s needs at least %d",
                           s.n, score_choices[s.score], s.score == SC_F_REGRESSION ? 3 : 1);
    for (size_t j = 0; rc == CLEARN_OK && j < ds->d; j++) {
        f[j] = p[j] = NAN;
        if (j == ds->cls)
            continue;
        if (ds->attrs[j].kind == CLEARN_NOMINAL && ds->attrs[ds->cls].kind == CLEARN_NOMINAL) {
            clearn__free(s.table);
            s.table = clearn__mallocarray(ds->attrs[j].n_cats + 1,
                                          (ds->attrs[ds->cls].n_cats + 1) * sizeof *s.table);
            if (!s.table) {
                rc = clearn__nomem(err);
                break;
            }
        }
        rc = score_attribute(&s, j, &f[j], &p[j], err);
    }
    clearn__free(rows);
    clearn__free(s.cnt);
    clearn__free(s.sum);
    clearn__free(s.table);
    return rc;
}

/* ---- variance ---------------------------------------------------------------- */

/* numpy's nanvar (ddof=0) of column j; with threshold 0 and no missing
 * value, the smaller of it and the range (VarianceThreshold's guard against
 * rounding in constant columns). */
static double column_variance(const clearn_dataset *ds, size_t j, int zero_threshold)
{
    double s = 0, ss = 0, lo = INFINITY, hi = -INFINITY, mean, var;
    size_t k = 0;
    for (size_t i = 0; i < ds->n; i++) {
        double v = ds->x[i * ds->d + j];
        if (isnan(v))
            continue;
        s += v;
        k++;
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    if (!k)
        return NAN;
    mean = s / (double)k;
    for (size_t i = 0; i < ds->n; i++) {
        double v = ds->x[i * ds->d + j];
        if (!isnan(v))
            ss += (v - mean) * (v - mean);
    }
    var = ss / (double)k;
    if (zero_threshold && k == ds->n && hi - lo < var)
        var = hi - lo;
    return var;
}

static int select_variance(const struct select *st, const clearn_dataset *ds, struct select *g,
                           clearn_error *err)
{
    size_t kept = 0, candidates = 0;
    for (size_t j = 0; j < ds->d; j++) {
        g->scores[j] = g->pvalues[j] = NAN;
        g->keep[j] = 1;
        if (j == ds->cls)
            continue;
        if (ds->attrs[j].kind == CLEARN_NOMINAL) {
            kept++;
            continue;
        }
        candidates++;
        g->scores[j] = column_variance(ds, j, st->threshold == 0);
        g->keep[j] = g->scores[j] > st->threshold;
        kept += g->keep[j] != 0;
    }
    if (candidates && !kept) {
        char t[CLEARN__DBL_BUF];
        clearn__format_double(st->threshold, t);
        return clearn__error(err, CLEARN_EINVAL,
                             "select: no attribute has a variance above threshold=%s (lower "
                             "the threshold)", t);
    }
    return CLEARN_OK;
}

/* ---- ranking ------------------------------------------------------------------- */

struct ranked {
    double key, score;
    size_t j;
};

/* Larger key first, then larger score, then the lower index. */
static int cmp_ranked(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return (a->j > b->j) - (a->j < b->j);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* lib/discretize.c: numpy's linear percentile of sorted values. */

/* scikit-learn's SelectPercentile mask over r[0..m) (in index order). */
static void keep_percentile(double pct, struct ranked *r, size_t m, double *keep, double *buf)
{
    double thr;
    size_t kept = 0, max_feats;
    if (!m || pct == 0)
        return;
    for (size_t i = 0; i < m; i++) {
        keep[r[i].j] = pct == 100;
        buf[i] = r[i].key;
    }
    if (pct == 100)
        return;
    qsort(buf, m, sizeof *buf, cmp_double);
    thr = clearn__quantile_sorted(buf, m, (100 - pct) / 100);
    for (size_t i = 0; i < m; i++)
        if (r[i].key > thr) {
            keep[r[i].j] = 1;
            kept++;
        }
    max_feats = (size_t)((double)m * pct / 100);
    for (size_t i = 0; i < m && kept < max_feats; i++)
        if (r[i].key == thr) {
            keep[r[i].j] = 1;
            kept++;
        }
}

static int select_ranked(const struct select *st, const clearn_dataset *ds, struct select *g,
                         clearn_error *err)
{
    size_t m = 0;
    struct ranked *r;
    double *buf;
    int rc = score_all(st->score, ds, g->scores, g->pvalues, err);
    if (rc != CLEARN_OK)
        return rc;
    r = clearn__mallocarray(ds->d ? ds->d : 1, sizeof *r);
    buf = clearn__mallocarray(ds->d ? ds->d : 1, sizeof *buf);
    if (!r || !buf) {
        clearn__free(r);
        clearn__free(buf);
        return clearn__nomem(err);
    }
    for (size_t j = 0; j < ds->d; j++) {
        double s = g->scores[j], p = g->pvalues[j];
        g->keep[j] = j == ds->cls;
        if (j == ds->cls)
            continue;
        r[m].score = isnan(s) ? -DBL_MAX : s;
        r[m].key = st->rank == RANK_SCORE ? r[m].score : isnan(p) ? -DBL_MAX : -p;
        r[m++].j = j;
    }
    if (st->method == SEL_PERCENTILE) {
        keep_percentile(st->percentile, r, m, g->keep, buf);
    } else {
        qsort(r, m, sizeof *r, cmp_ranked);
        for (size_t i = 0; i < m && i < (size_t)st->k; i++)
            g->keep[r[i].j] = 1;
    }
    clearn__free(r);
    clearn__free(buf);
    return CLEARN_OK;
}

/* ---- the transform ------------------------------------------------------------- */

static int select_fit(void *state, const clearn_dataset *data, clearn_error *err)
{
    struct select *st = state, g = *st;
    size_t d = data->d ? data->d : 1;
    int rc;
    g.d = data->d;
    g.scores = clearn__mallocarray(d, sizeof *g.scores);
    g.pvalues = clearn__mallocarray(d, sizeof *g.pvalues);
    g.keep = clearn__mallocarray(d, sizeof *g.keep);
    if (!g.scores || !g.pvalues || !g.keep)
        rc = clearn__nomem(err);
    else if (st->method == SEL_VARIANCE)
        rc = select_variance(st, data, &g, err);
    else
        rc = select_ranked(st, data, &g, err);
    if (rc != CLEARN_OK) {
        select_clear(&g);
        return rc;
    }
    select_clear(st);
    *st = g;
    return CLEARN_OK;
}

static clearn_dataset *select_apply(const void *state, const clearn_dataset *data,
                                    clearn_error *err)
{
    const struct select *st = state;
    clearn_dataset *out;
    size_t *attrs, m = 0;
    if (!st->keep) {
        clearn__error(err, CLEARN_ENOTFIT, "select: the transform is not fitted");
        return NULL;
    }
    if (data->d != st->d) {
        clearn__error(err, CLEARN_ESCHEMA,
                      "select: the data has %zu attributes but the transform was fitted on %zu",
                      data->d, st->d);
        return NULL;
    }
    if (!(attrs = clearn__mallocarray(data->d ? data->d : 1, sizeof *attrs))) {
        clearn__nomem(err);
        return NULL;
    }
    for (size_t j = 0; j < data->d; j++)
        if (st->keep[j] != 0 || j == data->cls)
            attrs[m++] = j;
    out = clearn_dataset_select(data, attrs, m, err);
    clearn__free(attrs);
    return out;
}

static int select_save(const void *state, clearn_writer *w, clearn_error *err)
{
    const struct select *st = state;
    int rc = clearn_writer_size(w, "d", st->d, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "keep", st->keep, st->d, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "scores", st->scores, st->d, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "pvalues", st->pvalues, st->d, err);
    return rc;
}

static int select_load(void *state, clearn_reader *r, clearn_error *err)
{
    struct select *st = state, g = *st;
    int rc = clearn_reader_size(r, "d", &g.d, err);
    if (rc != CLEARN_OK)
        return rc;
    g.keep = g.scores = g.pvalues = NULL;
    rc = clearn__reader_long_doubles(r, "keep", g.d, &g.keep, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "scores", g.d, &g.scores, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "pvalues", g.d, &g.pvalues, err);
    for (size_t j = 0; rc == CLEARN_OK && j < g.d; j++)
        if ((g.keep[j] != 0 && g.keep[j] != 1) ||
            !(isnan(g.pvalues[j]) || (g.pvalues[j] >= 0 && g.pvalues[j] <= 1)))
            rc = clearn__error(err, CLEARN_ECORRUPT,
                               "select: bad selection or p-value for attribute %zu in the model",
                               j);
    if (rc != CLEARN_OK) {
        select_clear(&g);
        return rc;
    }
    select_clear(st);
    *st = g;
    return CLEARN_OK;
}

static void select_destroy(void *state)
{
    select_clear(state);
}

const clearn_transform_type clearn__select_type = {
    .abi_version = CLEARN_TRANSFORM_ABI,
    .name = "select",
    .summary = "keep the attributes with the best univariate scores (F, chi-squared) or "
               "enough variance",
    .params = select_params,
    .n_params = sizeof select_params / sizeof select_params[0],
    .state_size = sizeof(struct select),
    .fit = select_fit,
    .apply = select_apply,
    .inverse = NULL,
    .save = select_save,
    .load = select_load,
    .destroy = select_destroy,
};

/* ---- public accessors ------------------------------------------------------------ */

/* t's fitted state, when t is a fitted select and n values have room for
 * one per training attribute. */
static int fitted(const clearn_transform *t, size_t n, const struct select **st,
                  clearn_error *err)
{
    const void *v;
    int rc = clearn__transform_state_of(t, &clearn__select_type, &v, err);
    *st = v;
    if (rc == CLEARN_OK && n < (*st)->d)
        rc = clearn__error(err, CLEARN_EINVAL,
                           "select: room for %zu values; the training data has %zu attributes",
                           n, (*st)->d);
    return rc;
}

int clearn_select_scores(const clearn_transform *t, double *scores, double *pvalues, size_t n,
                         clearn_error *err)
{
    const struct select *st;
    int rc = fitted(t, n, &st, err);
    if (rc != CLEARN_OK)
        return rc;
    if (scores)
        memcpy(scores, st->scores, st->d * sizeof *scores);
    if (pvalues)
        memcpy(pvalues, st->pvalues, st->d * sizeof *pvalues);
    return CLEARN_OK;
}

int clearn_select_support(const clearn_transform *t, int *keep, size_t n, clearn_error *err)
{
    const struct select *st;
    int rc = fitted(t, n, &st, err);
    if (rc != CLEARN_OK)
        return rc;
    for (size_t j = 0; keep && j < st->d; j++)
        keep[j] = st->keep[j] != 0;
    return CLEARN_OK;
}

int clearn_select_score(const clearn_dataset *data, const char *score, double *scores,
                        double *pvalues, clearn_error *err)
{
    size_t d;
    double *f, *p;
    int which = -1, rc;
    for (int i = 0; score && score_choices[i]; i++)
        if (!strcmp(score, score_choices[i]))
            which = i;
    if (!data || !clearn_dataset_rows(data))
        return clearn__error(err, CLEARN_EINVAL, "select: no data to score");
    if (which < 0)
        return clearn__error(err, CLEARN_EINVAL,
                             "select: score '%s' is not one of auto, f_classif, f_regression, "
                             "chi2", score ? score : "(null)");
    d = data->d ? data->d : 1;
    f = clearn__mallocarray(d, sizeof *f);
    p = clearn__mallocarray(d, sizeof *p);
    rc = f && p ? score_all(which, data, f, p, err) : clearn__nomem(err);
    if (rc == CLEARN_OK && scores)
        memcpy(scores, f, data->d * sizeof *f);
    if (rc == CLEARN_OK && pvalues)
        memcpy(pvalues, p, data->d * sizeof *p);
    clearn__free(f);
    clearn__free(p);
    return rc;
}
