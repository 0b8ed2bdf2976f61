/* clearn — naive Bayes after scikit-learn (1.2): nb_gaussian (GaussianNB),
 * nb_multinomial (MultinomialNB), nb_bernoulli (BernoulliNB) and
 * nb_categorical (CategoricalNB). Same formulas as scikit-learn, checked
 * against its predict_proba (tests/data/bayes/make_sklearn.py). Missing
 * values are skipped when counting and ignored when predicting (Weka's
 * rule; scikit-learn refuses them). alpha = 0 is allowed: a zero count is
 * log(0) = -inf, and an empty denominator (nothing counted) gives the limit
 * as alpha -> 0, the uniform distribution. */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "bayes_impl.h"

/* ---- the fitted part the four types share ---------------------------------- */

/* Tables are class-major: entry (c, j) of a k x d table is [c * d + j];
 * the class column's entries are unused. nb_categorical's tables are
 * k x w, attribute j's categories at [c * w + off[j] ...]. */
struct nb_desc;

struct nb_fit {
    const struct nb_desc *desc;     /* the type (set with the derived tables) */
    size_t k, d, cls;      /* classes, attributes (class included), class column */
    double *count;         /* k training rows per class */
    double *a, *b;         /* the type's statistics (saved) */
    double *known;         /* per attribute: training rows with a value (saved) */
    size_t *off;           /* nb_categorical: d + 1 offsets (widths are saved) */
    size_t w;              /* nb_categorical: off[d] */
    double *lprior;        /* k log priors (derived) */
    double *t1, *t2;       /* derived tables, shaped like a */
};

/* What the four types differ in when predicting. Every type's state
 * starts with its struct nb_fit, which points here once fitted or loaded. */
struct nb_desc {
    const char *name;
    clearn_kind kind;           /* the attributes it takes */
    void (*jll)(const void *st, const double *row, double *out);
    int (*check)(const clearn_dataset *x, const char *who, clearn_error *err);  /* or NULL */
};

static void gaussian_jll(const void *st, const double *row, double *out);
static void multinomial_jll(const void *st, const double *row, double *out);
static void bernoulli_jll(const void *st, const double *row, double *out);
static void categorical_jll(const void *st, const double *row, double *out);
static int check_counts(const clearn_dataset *ds, const char *who, clearn_error *err);

static const struct nb_desc gaussian_desc = {"nb_gaussian", CLEARN_NUMERIC, gaussian_jll, NULL};
static const struct nb_desc multinomial_desc = {"nb_multinomial", CLEARN_NUMERIC,
                                                multinomial_jll, check_counts};
static const struct nb_desc bernoulli_desc = {"nb_bernoulli", CLEARN_NUMERIC, bernoulli_jll,
                                              NULL};
static const struct nb_desc categorical_desc = {"nb_categorical", CLEARN_NOMINAL,
                                                categorical_jll, NULL};

static void nb_clear(struct nb_fit *f)
{
    clearn__free(f->count);
    clearn__free(f->a);
    clearn__free(f->b);
    clearn__free(f->known);
    clearn__free(f->off);
    clearn__free(f->lprior);
    clearn__free(f->t1);
    clearn__free(f->t2);
    memset(f, 0, sizeof *f);
}

/* Every attribute but the class must have this kind. */
static int need_kind(const clearn_dataset *ds, clearn_kind kind, const char *who,
                     const char *hint, clearn_error *err)
{
    for (size_t j = 0; j < ds->d; j++)
        if (j != ds->cls && ds->attrs[j].kind != kind)
            return clearn__error(err, CLEARN_EINVAL, "%s: attribute '%s' is %s; %s", who,
                                 ds->attrs[j].name,
                                 kind == CLEARN_NUMERIC ? "nominal" : "numeric", hint);
    return CLEARN_OK;
}

/* Shapes and class counts; allocates count, lprior and (if tables) the
 * k x d tables a, t1 (zeroed) and known. */
static int nb_begin(struct nb_fit *f, const clearn_dataset *ds, const char *who, int tables,
                    clearn_error *err)
{
    size_t cells;
    f->k = clearn__nb_classes(ds);
    f->d = ds->d;
    f->cls = ds->cls;
    if (!f->k)
        return clearn__error(err, CLEARN_EINVAL, "%s: the class '%s' has no categories", who,
                             ds->attrs[ds->cls].name);
    cells = clearn__nb_mul(f->k, f->d);
    f->count = clearn__calloc(f->k, sizeof *f->count);
    f->lprior = clearn__mallocarray(f->k, sizeof *f->lprior);
    if (tables) {
        f->a = clearn__calloc(cells, sizeof *f->a);
        f->t1 = clearn__calloc(cells, sizeof *f->t1);
        f->known = clearn__calloc(f->d, sizeof *f->known);
    }
    if (!f->count || !f->lprior || (tables && (!f->a || !f->t1 || !f->known)))
        return clearn__nomem(err);
    for (size_t i = 0; i < ds->n; i++)
        f->count[(size_t)ds->x[i * ds->d + ds->cls]]++;
    return CLEARN_OK;
}

/* log(count / n) (fit_prior) or the uniform prior. */
static void nb_prior(struct nb_fit *f, int fit_prior)
{
    double n = 0;
    for (size_t c = 0; c < f->k; c++)
        n += f->count[c];
    for (size_t c = 0; c < f->k; c++)
        f->lprior[c] = fit_prior ? log(f->count[c]) - log(n) : -log((double)f->k);
}

/* log((count + alpha) / (total + alpha * m)); when the denominator is 0
 * (alpha = 0, nothing counted) the limit as alpha -> 0: log(1 / m). */
static double smoothed_log(double count, double total, double alpha, double m)
{
    double den = total + alpha * m;
    if (den == 0)
        return -log(m);
    return log(count + alpha) - log(den);
}

/* The data must be laid out as the model was fitted (only a doctored
 * model file fails this: predict conforms data to the training schema).
 * Attributes other than the class must have `kind`; nominal ones as many
 * categories as the model's widths when off is set. */
static int nb_check(const struct nb_fit *f, const clearn_dataset *x, clearn_kind kind,
                    const char *who, clearn_error *err)
{
    if (x->d != f->d || x->cls != f->cls || clearn__nb_classes(x) != f->k)
        return clearn__error(err, CLEARN_ESCHEMA,
                             "%s: the model has %zu attributes and %zu classes, class column %zu; "
                             "the data does not match", who, f->d, f->k, f->cls + 1);
    for (size_t j = 0; j < f->d; j++) {
        if (j == f->cls)
            continue;
        if (x->attrs[j].kind != kind ||
            (f->off && x->attrs[j].n_cats != f->off[j + 1] - f->off[j]))
            return clearn__error(err, CLEARN_ESCHEMA,
                                 "%s: attribute %zu of the data does not match the model", who,
                                 j + 1);
    }
    return CLEARN_OK;
}

static int nb_save_head(const struct nb_fit *f, clearn_writer *w, clearn_error *err)
{
    int rc = clearn_writer_size(w, "classes", f->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "attributes", f->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "class", f->cls, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "count", f->count, f->k, err);
    return rc;
}

static int corrupt(const char *who, const char *what, clearn_error *err)
{
    return clearn__error(err, CLEARN_ECORRUPT, "%s model: %s", who, what);
}

/* Values finite and at least lo (a negative lo: any finite value). */
static int all_finite(const double *v, size_t n, double lo)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]) || (lo >= 0 && v[i] < lo))
            return 0;
    return 1;
}

static int nb_load_head(struct nb_fit *f, clearn_reader *r, const char *who, clearn_error *err)
{
    double n = 0;
    int rc = clearn_reader_size(r, "classes", &f->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "attributes", &f->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "class", &f->cls, err);
    if (rc != CLEARN_OK)
        return rc;
    if (!f->k || f->cls >= f->d || clearn__nb_mul(f->k, f->d) > SIZE_MAX / 8)
        return corrupt(who, "bad numbers of classes and attributes", err);
    if ((rc = clearn__reader_long_doubles(r, "count", f->k, &f->count, err)) != CLEARN_OK)
        return rc;
    for (size_t c = 0; c < f->k; c++)
        n += f->count[c];
    if (!all_finite(f->count, f->k, 0) || !(n > 0))
        return corrupt(who, "bad class counts", err);
    if (!(f->lprior = clearn__mallocarray(f->k, sizeof *f->lprior)))
        return clearn__nomem(err);
    return CLEARN_OK;
}

/* Allocates t1 (and t2) shaped like a: n entries. */
static int nb_derived(struct nb_fit *f, size_t n, int two, clearn_error *err)
{
    f->t1 = clearn__mallocarray(n ? n : 1, sizeof *f->t1);
    if (two)
        f->t2 = clearn__mallocarray(n ? n : 1, sizeof *f->t2);
    if (!f->t1 || (two && !f->t2))
        return clearn__nomem(err);
    return CLEARN_OK;
}

/* ---- text output ----------------------------------------------------------- */

/* Width of a class column: the longest class name (14 to 40). */
static int col_width(const clearn_dataset *s)
{
    const struct clearn__attr *y = &s->attrs[s->cls];
    size_t w = 14;
    for (size_t c = 0; c < y->n_cats; c++)
        w = strlen(y->cats[c]) > w ? strlen(y->cats[c]) : w;
    return w < 40 ? (int)w : 40;
}

/* The title, the class names, rows and prior per class. */
static int print_header(const struct nb_fit *f, const clearn_dataset *s, const char *title,
                        FILE *out)
{
    const struct clearn__attr *y = &s->attrs[s->cls];
    int w = col_width(s), ok = fprintf(out, "%s\n\n%-22s", title, "") >= 0;
    double n = 0;
    for (size_t c = 0; ok && c < f->k; c++)
        ok = fprintf(out, " %*.*s", w, w, y->cats[c]) >= 0;
    for (size_t c = 0; c < f->k; c++)
        n += f->count[c];
    ok = ok && fprintf(out, "\n%-22s", "  rows") >= 0;
    for (size_t c = 0; ok && c < f->k; c++)
        ok = fprintf(out, " %*.15g", w, f->count[c]) >= 0;
    ok = ok && fprintf(out, "\n%-22s", "  prior") >= 0;
    for (size_t c = 0; ok && c < f->k; c++)
        ok = fprintf(out, " %*.6g", w, exp(f->lprior[c])) >= 0;
    return ok && fprintf(out, "\n") >= 0;
}

enum show { AS_IS, AS_EXP, AS_SQRT };

/* One line: a label, then v[c * stride] for every class, shown as is, as
 * exp(v) (a log probability) or as sqrt(v) (a variance). */
static int print_line(FILE *out, int w, const char *label, const double *v, size_t k,
                      size_t stride, enum show how)
{
    int ok = fprintf(out, "  %-20.20s", label) >= 0;
    for (size_t c = 0; ok && c < k; c++) {
        double x = v[c * stride];
        ok = fprintf(out, " %*.6g", w, how == AS_EXP ? exp(x) : how == AS_SQRT ? sqrt(x) : x) >= 0;
    }
    return ok && fprintf(out, "\n") >= 0;
}

static int print_done(int ok, const char *who, clearn_error *err)
{
    return ok ? CLEARN_OK : clearn__error(err, CLEARN_EIO, "%s: cannot write the model", who);
}

/* ---- nb_gaussian ------------------------------------------------------------ */

struct gaussian {
    struct nb_fit f;          /* first (see nb_desc): a = means, b = variances
                               * (smoothed), t1 = log(2 pi var) */
    int var;                  /* parameters: 0 population, 1 sample */
    double var_smoothing;
};

static const char *const var_choices[] = {"population", "sample", NULL};

static const clearn_param gaussian_params[] = {
    {"var", CLEARN_PARAM_ENUM, offsetof(struct gaussian, var), "population", 1, 0, var_choices,
     "variance per class: population (divide by n, as scikit-learn) or sample (n - 1)", 0},
    {"var_smoothing", CLEARN_PARAM_DOUBLE, offsetof(struct gaussian, var_smoothing), "1e-9", 0,
     1e10, NULL, "add this fraction of the largest attribute variance to every variance", 0},
};

static void gaussian_destroy(void *st)
{
    nb_clear(&((struct gaussian *)st)->f);
}

/* Per (class, attribute): known values n, their sum and, in a second pass,
 * the squared deviations; slot k of each holds the pooled figures. */
struct moments {
    double *n, *s, *q;
};

static int moments_fill(const clearn_dataset *ds, size_t k, struct moments *mo, clearn_error *err)
{
    size_t d = ds->d, cells = clearn__nb_mul(k + 1, d);
    mo->n = clearn__calloc(cells, sizeof *mo->n);
    mo->s = clearn__calloc(cells, sizeof *mo->s);
    mo->q = clearn__calloc(cells, sizeof *mo->q);
    if (!mo->n || !mo->s || !mo->q)
        return clearn__nomem(err);
    for (size_t i = 0; i < ds->n; i++) {
        const double *row = ds->x + i * d;
        size_t c = (size_t)row[ds->cls];
        for (size_t j = 0; j < d; j++) {
            if (j == ds->cls || isnan(row[j]))
                continue;
            mo->n[c * d + j]++, mo->s[c * d + j] += row[j];
            mo->n[k * d + j]++, mo->s[k * d + j] += row[j];
        }
    }
    for (size_t e = 0; e < cells; e++)
        mo->s[e] = mo->n[e] > 0 ? mo->s[e] / mo->n[e] : 0;   /* now the means */
    for (size_t i = 0; i < ds->n; i++) {
        const double *row = ds->x + i * d;
        size_t c = (size_t)row[ds->cls];
        for (size_t j = 0; j < d; j++) {
            double u, v;
            if (j == ds->cls || isnan(row[j]))
                continue;
            u = row[j] - mo->s[c * d + j];
            v = row[j] - mo->s[k * d + j];
            mo->q[c * d + j] += u * u;
            mo->q[k * d + j] += v * v;
        }
    }
    return CLEARN_OK;
}

static void moments_free(struct moments *mo)
{
    clearn__free(mo->n);
    clearn__free(mo->s);
    clearn__free(mo->q);
}

/* q / n (population) or q / (n - 1) (sample; 0 for a single value). */
static double variance(double q, double n, int sample)
{
    if (sample)
        return n > 1 ? q / (n - 1) : 0;
    return n > 0 ? q / n : 0;
}

/* log(2 pi var) and the log priors from the stored statistics. */
static void gaussian_derive(struct gaussian *m)
{
    struct nb_fit *f = &m->f;
    double n = 0;
    for (size_t c = 0; c < f->k; c++)
        n += f->count[c];
    for (size_t c = 0; c < f->k; c++)
        f->lprior[c] = log(f->count[c] / n);   /* as scikit-learn: log(class_prior_) */
    for (size_t e = 0; e < f->k * f->d; e++)
        f->t1[e] = log(2.0 * M_PI * f->b[e]);
    m->f.desc = &gaussian_desc;
}

/* Means and variances per class; a class without a known value of an
 * attribute takes the pooled mean and variance. The smoothing adds
 * var_smoothing times the largest pooled population variance (as
 * scikit-learn's epsilon_); variances stay at least DBL_MIN. */
static int gaussian_stats(struct gaussian *m, const clearn_dataset *ds, const struct moments *mo,
                          clearn_error *err)
{
    struct nb_fit *f = &m->f;
    size_t k = f->k, d = f->d;
    double top = 0, eps;
    for (size_t j = 0; j < d; j++)
        if (j != f->cls && variance(mo->q[k * d + j], mo->n[k * d + j], 0) > top)
            top = variance(mo->q[k * d + j], mo->n[k * d + j], 0);
    eps = m->var_smoothing * top;
    for (size_t j = 0; j < d; j++) {
        f->known[j] = j == f->cls ? 0 : mo->n[k * d + j];
        for (size_t c = 0; c < k; c++) {
            size_t e = mo->n[c * d + j] > 0 ? c * d + j : k * d + j;
            double v = variance(mo->q[e], mo->n[e], m->var);
            f->a[c * d + j] = mo->s[e];
            f->b[c * d + j] = f->known[j] > 0 ? fmax(v + eps, DBL_MIN) : 1;
            if (!isfinite(f->a[c * d + j]) || !isfinite(f->b[c * d + j]))
                return clearn__error(err, CLEARN_EINVAL,
                                     "nb_gaussian: attribute '%s': the values are too large "
                                     "(their variance overflows); scale them first",
                                     ds->attrs[j].name);
        }
    }
    return CLEARN_OK;
}

static int gaussian_fit(void *st, const clearn_dataset *ds, clearn_error *err)
{
    struct gaussian *m = st;
    struct nb_fit *f = &m->f;
    struct moments mo = {NULL, NULL, NULL};
    int rc;
    nb_clear(f);
    rc = need_kind(ds, CLEARN_NUMERIC, "nb_gaussian",
                   "nb_gaussian models numeric attributes only (use naive_bayes for "
                   "mixed data, or 'onehot | nb_gaussian')", err);
    if (rc == CLEARN_OK)
        rc = nb_begin(f, ds, "nb_gaussian", 1, err);
    if (rc == CLEARN_OK && !(f->b = clearn__mallocarray(f->k * f->d, sizeof *f->b)))
        rc = clearn__nomem(err);
    if (rc == CLEARN_OK)
        rc = moments_fill(ds, f->k, &mo, err);
    if (rc == CLEARN_OK)
        rc = gaussian_stats(m, ds, &mo, err);
    moments_free(&mo);
    if (rc != CLEARN_OK) {
        nb_clear(f);
        return rc;
    }
    gaussian_derive(m);
    return CLEARN_OK;
}

static void gaussian_jll(const void *st, const double *row, double *out)
{
    const struct nb_fit *f = &((const struct gaussian *)st)->f;
    for (size_t c = 0; c < f->k; c++) {
        const double *mu = f->a + c * f->d, *var = f->b + c * f->d, *lv = f->t1 + c * f->d;
        double l = 0, q = 0;
        for (size_t j = 0; j < f->d; j++) {
            double u;
            if (j == f->cls || isnan(row[j]) || !(f->known[j] > 0))
                continue;
            u = row[j] - mu[j];
            l += lv[j];
            q += u * u / var[j];
        }
        out[c] = f->lprior[c] + (-0.5 * l - 0.5 * q);
    }
}

static int gaussian_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct nb_fit *f = &((const struct gaussian *)st)->f;
    int rc = nb_save_head(f, w, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "known", f->known, f->d, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "mean", f->a, f->k * f->d, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "var", f->b, f->k * f->d, err);
    return rc;
}

static int gaussian_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct gaussian *m = st;
    struct nb_fit *f = &m->f;
    int rc;
    nb_clear(f);
    rc = nb_load_head(f, r, "nb_gaussian", err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "known", f->d, &f->known, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "mean", f->k * f->d, &f->a, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "var", f->k * f->d, &f->b, err);
    if (rc == CLEARN_OK && (!all_finite(f->known, f->d, 0) || !all_finite(f->a, f->k * f->d, -1) ||
                            !all_finite(f->b, f->k * f->d, DBL_MIN)))
        rc = corrupt("nb_gaussian", "bad means or variances", err);
    if (rc == CLEARN_OK)
        rc = nb_derived(f, f->k * f->d, 0, err);
    if (rc != CLEARN_OK) {
        nb_clear(f);
        return rc;
    }
    gaussian_derive(m);
    return CLEARN_OK;
}

static int gaussian_print(const void *st, const clearn_dataset *s, FILE *out, clearn_error *err)
{
    const struct gaussian *m = st;
    const struct nb_fit *f = &m->f;
    int ok, rc = nb_check(f, s, CLEARN_NUMERIC, "nb_gaussian", err);
    if (rc != CLEARN_OK)
        return rc;
    ok = print_header(f, s, "Gaussian naive Bayes: mean and standard deviation per class", out);
    for (size_t j = 0; ok && j < f->d; j++) {
        if (j == f->cls)
            continue;
        ok = fprintf(out, "\n%s%s\n", s->attrs[j].name,
                     f->known[j] > 0 ? "" : " (no values: ignored)") >= 0;
        ok = ok && print_line(out, col_width(s), "mean", f->a + j, f->k, f->d, AS_IS);
        ok = ok && print_line(out, col_width(s), "sd", f->b + j, f->k, f->d, AS_SQRT);
    }
    return print_done(ok, "nb_gaussian", err);
}

/* ---- nb_multinomial ------------------------------------------------------- */

struct multinomial {
    struct nb_fit f;          /* first: a = feature counts, t1 = log P(j | c) */
    double alpha;             /* parameters */
    int fit_prior;
};

static const clearn_param multinomial_params[] = {
    {"alpha", CLEARN_PARAM_DOUBLE, offsetof(struct multinomial, alpha), "1", 0, 1e10, NULL,
     "additive (Laplace/Lidstone) smoothing; 0 allowed", 0},
    {"fit_prior", CLEARN_PARAM_BOOL, offsetof(struct multinomial, fit_prior), "true", 1, 0, NULL,
     "learn the class priors (false: uniform)", 0},
};

static void multinomial_destroy(void *st)
{
    nb_clear(&((struct multinomial *)st)->f);
}

/* Counts must be >= 0 (missing values count as nothing). */
static int check_counts(const clearn_dataset *ds, const char *who, clearn_error *err)
{
    for (size_t i = 0; i < ds->n; i++)
        for (size_t j = 0; j < ds->d; j++)
            if (j != ds->cls && ds->x[i * ds->d + j] < 0)
                return clearn__error(err, CLEARN_EINVAL,
                                     "%s: attribute '%s' is %g in row %zu: counts must be >= 0",
                                     who, ds->attrs[j].name, ds->x[i * ds->d + j], i + 1);
    return CLEARN_OK;
}

static void multinomial_derive(struct multinomial *m)
{
    struct nb_fit *f = &m->f;
    double feats = (double)(f->d - 1);
    nb_prior(f, m->fit_prior);
    for (size_t c = 0; c < f->k; c++) {
        double total = 0;
        for (size_t j = 0; j < f->d; j++)
            if (j != f->cls)
                total += f->a[c * f->d + j];
        for (size_t j = 0; j < f->d; j++)
            f->t1[c * f->d + j] = j == f->cls ? 0 : smoothed_log(f->a[c * f->d + j], total,
                                                                  m->alpha, feats);
    }
    m->f.desc = &multinomial_desc;
}

static int multinomial_fit(void *st, const clearn_dataset *ds, clearn_error *err)
{
    struct multinomial *m = st;
    struct nb_fit *f = &m->f;
    int rc;
    nb_clear(f);
    rc = need_kind(ds, CLEARN_NUMERIC, "nb_multinomial",
                   "nb_multinomial models counts (numeric attributes >= 0)", err);
    if (rc == CLEARN_OK)
        rc = check_counts(ds, "nb_multinomial", err);
    if (rc == CLEARN_OK)
        rc = nb_begin(f, ds, "nb_multinomial", 1, err);
    if (rc != CLEARN_OK) {
        nb_clear(f);
        return rc;
    }
    for (size_t i = 0; i < ds->n; i++) {
        const double *row = ds->x + i * ds->d;
        double *fc = f->a + (size_t)row[ds->cls] * f->d;
        for (size_t j = 0; j < f->d; j++)
            if (j != f->cls && row[j] > 0)
                fc[j] += row[j];
    }
    for (size_t e = 0; e < f->k * f->d; e++)
        if (!isfinite(f->a[e])) {
            nb_clear(f);
            return clearn__error(err, CLEARN_EINVAL,
                                 "nb_multinomial: the counts of attribute '%s' overflow",
                                 ds->attrs[e % ds->d].name);
        }
    multinomial_derive(m);
    return CLEARN_OK;
}

/* Zero and missing counts contribute nothing (so that 0 * log 0 is 0). */
static void multinomial_jll(const void *st, const double *row, double *out)
{
    const struct nb_fit *f = &((const struct multinomial *)st)->f;
    for (size_t c = 0; c < f->k; c++) {
        const double *lp = f->t1 + c * f->d;
        double s = 0;
        for (size_t j = 0; j < f->d; j++)
            if (j != f->cls && row[j] > 0)
                s += row[j] * lp[j];
        out[c] = s + f->lprior[c];
    }
}

static int multinomial_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct nb_fit *f = &((const struct multinomial *)st)->f;
    int rc = nb_save_head(f, w, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "feature_count", f->a, f->k * f->d, err);
    return rc;
}

static int multinomial_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct multinomial *m = st;
    struct nb_fit *f = &m->f;
    int rc;
    nb_clear(f);
    rc = nb_load_head(f, r, "nb_multinomial", err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "feature_count", f->k * f->d, &f->a, err);
    if (rc == CLEARN_OK && !all_finite(f->a, f->k * f->d, 0))
        rc = corrupt("nb_multinomial", "bad feature counts", err);
    if (rc == CLEARN_OK)
        rc = nb_derived(f, f->k * f->d, 0, err);
    if (rc != CLEARN_OK) {
        nb_clear(f);
        return rc;
    }
    multinomial_derive(m);
    return CLEARN_OK;
}

static int multinomial_print(const void *st, const clearn_dataset *s, FILE *out,
                             clearn_error *err)
{
    const struct nb_fit *f = &((const struct multinomial *)st)->f;
    int ok, rc = nb_check(f, s, CLEARN_NUMERIC, "nb_multinomial", err);
    if (rc != CLEARN_OK)
        return rc;
    ok = print_header(f, s, "Multinomial naive Bayes: total count and P(attribute | class)", out);
    for (size_t j = 0; ok && j < f->d; j++) {
        if (j == f->cls)
            continue;
        ok = fprintf(out, "\n%s\n", s->attrs[j].name) >= 0;
        ok = ok && print_line(out, col_width(s), "count", f->a + j, f->k, f->d, AS_IS);
        ok = ok && print_line(out, col_width(s), "P", f->t1 + j, f->k, f->d, AS_EXP);
    }
    return print_done(ok, "nb_multinomial", err);
}

/* ---- nb_bernoulli --------------------------------------------------------- */

struct bernoulli {
    struct nb_fit f;          /* first: a = rows above the threshold, b = rows
                               * with a value; t1 = log p, t2 = log(1 - p) */
    double alpha, binarize;   /* parameters */
    int fit_prior;
};

static const clearn_param bernoulli_params[] = {
    {"alpha", CLEARN_PARAM_DOUBLE, offsetof(struct bernoulli, alpha), "1", 0, 1e10, NULL,
     "additive (Laplace/Lidstone) smoothing; 0 allowed", 0},
    {"binarize", CLEARN_PARAM_DOUBLE, offsetof(struct bernoulli, binarize), "0", 1, 0, NULL,
     "a value above this threshold is 1, any other 0", 0},
    {"fit_prior", CLEARN_PARAM_BOOL, offsetof(struct bernoulli, fit_prior), "true", 1, 0, NULL,
     "learn the class priors (false: uniform)", 0},
};

static void bernoulli_destroy(void *st)
{
    nb_clear(&((struct bernoulli *)st)->f);
}

static void bernoulli_derive(struct bernoulli *m)
{
    struct nb_fit *f = &m->f;
    nb_prior(f, m->fit_prior);
    for (size_t e = 0; e < f->k * f->d; e++) {
        f->t1[e] = smoothed_log(f->a[e], f->b[e], m->alpha, 2);
        f->t2[e] = smoothed_log(f->b[e] - f->a[e], f->b[e], m->alpha, 2);
    }
    m->f.desc = &bernoulli_desc;
}

static int bernoulli_fit(void *st, const clearn_dataset *ds, clearn_error *err)
{
    struct bernoulli *m = st;
    struct nb_fit *f = &m->f;
    int rc;
    nb_clear(f);
    rc = need_kind(ds, CLEARN_NUMERIC, "nb_bernoulli",
                   "nb_bernoulli models numeric attributes, binarized (use 'onehot | "
                   "nb_bernoulli' for nominal ones)", err);
    if (rc == CLEARN_OK)
        rc = nb_begin(f, ds, "nb_bernoulli", 1, err);
    if (rc == CLEARN_OK && (!(f->b = clearn__calloc(f->k * f->d, sizeof *f->b)) ||
                            !(f->t2 = clearn__mallocarray(f->k * f->d, sizeof *f->t2))))
        rc = clearn__nomem(err);
    if (rc != CLEARN_OK) {
        nb_clear(f);
        return rc;
    }
    for (size_t i = 0; i < ds->n; i++) {
        const double *row = ds->x + i * ds->d;
        size_t c = (size_t)row[ds->cls];
        for (size_t j = 0; j < f->d; j++) {
            if (j == f->cls || isnan(row[j]))
                continue;
            f->b[c * f->d + j]++;
            f->a[c * f->d + j] += row[j] > m->binarize;
        }
    }
    bernoulli_derive(m);
    return CLEARN_OK;
}

static void bernoulli_jll(const void *st, const double *row, double *out)
{
    const struct bernoulli *m = st;
    const struct nb_fit *f = &m->f;
    for (size_t c = 0; c < f->k; c++) {
        const double *lp = f->t1 + c * f->d, *lq = f->t2 + c * f->d;
        double s = 0;
        for (size_t j = 0; j < f->d; j++)
            if (j != f->cls && !isnan(row[j]))
                s += row[j] > m->binarize ? lp[j] : lq[j];
        out[c] = s + f->lprior[c];
    }
}

static int bernoulli_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct nb_fit *f = &((const struct bernoulli *)st)->f;
    int rc = nb_save_head(f, w, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "ones", f->a, f->k * f->d, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "known", f->b, f->k * f->d, err);
    return rc;
}

static int bernoulli_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct bernoulli *m = st;
    struct nb_fit *f = &m->f;
    int rc;
    nb_clear(f);
    rc = nb_load_head(f, r, "nb_bernoulli", err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "ones", f->k * f->d, &f->a, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "known", f->k * f->d, &f->b, err);
    for (size_t e = 0; rc == CLEARN_OK && e < f->k * f->d; e++)
        if (!(f->a[e] >= 0 && f->a[e] <= f->b[e] && isfinite(f->b[e])))
            rc = corrupt("nb_bernoulli", "bad counts", err);
    if (rc == CLEARN_OK)
        rc = nb_derived(f, f->k * f->d, 1, err);
    if (rc != CLEARN_OK) {
        nb_clear(f);
        return rc;
    }
    bernoulli_derive(m);
    return CLEARN_OK;
}

static int bernoulli_print(const void *st, const clearn_dataset *s, FILE *out, clearn_error *err)
{
    const struct nb_fit *f = &((const struct bernoulli *)st)->f;
    int ok, rc = nb_check(f, s, CLEARN_NUMERIC, "nb_bernoulli", err);
    if (rc != CLEARN_OK)
        return rc;
    ok = print_header(f, s, "Bernoulli naive Bayes: rows above the threshold and "
                            "P(attribute > threshold | class)", out);
    for (size_t j = 0; ok && j < f->d; j++) {
        if (j == f->cls)
            continue;
        ok = fprintf(out, "\n%s\n", s->attrs[j].name) >= 0;
        ok = ok && print_line(out, col_width(s), "count", f->a + j, f->k, f->d, AS_IS);
        ok = ok && print_line(out, col_width(s), "P", f->t1 + j, f->k, f->d, AS_EXP);
    }
    return print_done(ok, "nb_bernoulli", err);
}

/* ---- nb_categorical ------------------------------------------------------- */

struct categorical {
    struct nb_fit f;          /* first: a = counts per (class, category), k x w;
                               * t1 = their log probabilities */
    double alpha;             /* parameters */
    int fit_prior;
};

static const clearn_param categorical_params[] = {
    {"alpha", CLEARN_PARAM_DOUBLE, offsetof(struct categorical, alpha), "1", 0, 1e10, NULL,
     "additive (Laplace/Lidstone) smoothing; 0 gives the textbook's raw frequencies", 0},
    {"fit_prior", CLEARN_PARAM_BOOL, offsetof(struct categorical, fit_prior), "true", 1, 0, NULL,
     "learn the class priors (false: uniform)", 0},
};

static void categorical_destroy(void *st)
{
    nb_clear(&((struct categorical *)st)->f);
}

static void categorical_derive(struct categorical *m)
{
    struct nb_fit *f = &m->f;
    nb_prior(f, m->fit_prior);
    for (size_t c = 0; c < f->k; c++)
        for (size_t j = 0; j < f->d; j++) {
            const double *cnt = f->a + c * f->w + f->off[j];
            double total = 0, width = (double)(f->off[j + 1] - f->off[j]);
            for (size_t v = f->off[j]; v < f->off[j + 1]; v++)
                total += f->a[c * f->w + v];
            for (size_t v = 0; v < f->off[j + 1] - f->off[j]; v++)
                f->t1[c * f->w + f->off[j] + v] = smoothed_log(cnt[v], total, m->alpha, width);
        }
    m->f.desc = &categorical_desc;
}

/* Offsets of each attribute's categories (the class has none). */
static int categorical_offsets(struct nb_fit *f, const clearn_dataset *ds, clearn_error *err)
{
    if (!(f->off = clearn__mallocarray(f->d + 1, sizeof *f->off)))
        return clearn__nomem(err);
    f->off[0] = 0;
    for (size_t j = 0; j < f->d; j++)
        f->off[j + 1] = f->off[j] + (j == f->cls ? 0 : ds->attrs[j].n_cats);
    f->w = f->off[f->d];
    if (!(f->a = clearn__calloc(clearn__nb_mul(f->k, f->w ? f->w : 1), sizeof *f->a)) ||
        !(f->t1 = clearn__mallocarray(clearn__nb_mul(f->k, f->w ? f->w : 1), sizeof *f->t1)))
        return clearn__nomem(err);
    return CLEARN_OK;
}

static int categorical_fit(void *st, const clearn_dataset *ds, clearn_error *err)
{
    struct categorical *m = st;
    struct nb_fit *f = &m->f;
    int rc;
    nb_clear(f);
    rc = need_kind(ds, CLEARN_NOMINAL, "nb_categorical",
                   "nb_categorical models nominal attributes only (discretize it first, or "
                   "use naive_bayes for mixed data)", err);
    if (rc == CLEARN_OK)
        rc = nb_begin(f, ds, "nb_categorical", 0, err);
    if (rc == CLEARN_OK)
        rc = categorical_offsets(f, ds, err);
    if (rc != CLEARN_OK) {
        nb_clear(f);
        return rc;
    }
    for (size_t i = 0; i < ds->n; i++) {
        const double *row = ds->x + i * ds->d;
        double *cnt = f->a + (size_t)row[ds->cls] * f->w;
        for (size_t j = 0; j < f->d; j++)
            if (j != f->cls && !isnan(row[j]))
                cnt[f->off[j] + (size_t)row[j]]++;
    }
    categorical_derive(m);
    return CLEARN_OK;
}

static void categorical_jll(const void *st, const double *row, double *out)
{
    const struct nb_fit *f = &((const struct categorical *)st)->f;
    for (size_t c = 0; c < f->k; c++) {
        const double *lp = f->t1 + c * f->w;
        double s = 0;
        for (size_t j = 0; j < f->d; j++) {
            double v = row[j];
            if (j != f->cls && v >= 0 && v < (double)(f->off[j + 1] - f->off[j]))
                s += lp[f->off[j] + (size_t)v];
        }
        out[c] = s + f->lprior[c];
    }
}

static int categorical_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct nb_fit *f = &((const struct categorical *)st)->f;
    int rc = nb_save_head(f, w, err);
    for (size_t j = 0; rc == CLEARN_OK && j < f->d; j++)
        rc = clearn_writer_size(w, "categories", f->off[j + 1] - f->off[j], err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "counts", f->a, f->k * f->w, err);
    return rc;
}

/* The widths, one line each: the offsets array grows as they are read. */
static int categorical_load_widths(struct nb_fit *f, clearn_reader *r, clearn_error *err)
{
    size_t cap = 0;
    for (size_t j = 0; j < f->d; j++) {
        size_t width;
        int rc;
        if (j + 2 > cap) {
            size_t want = cap ? (cap < f->d / 2 ? 2 * cap : f->d + 1) : 17;
            size_t *grown = clearn__reallocarray(f->off, want, sizeof *grown);
            if (!grown)
                return clearn__nomem(err);
            f->off = grown;
            cap = want;
            if (!j)
                f->off[0] = 0;
        }
        if ((rc = clearn_reader_size(r, "categories", &width, err)) != CLEARN_OK)
            return rc;
        if ((j == f->cls && width) || width > SIZE_MAX / 8 - f->off[j])
            return corrupt("nb_categorical", "bad number of categories", err);
        f->off[j + 1] = f->off[j] + width;
    }
    f->w = f->off[f->d];
    if (clearn__nb_mul(f->k, f->w) > SIZE_MAX / 8)
        return corrupt("nb_categorical", "bad number of categories", err);
    return CLEARN_OK;
}

static int categorical_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct categorical *m = st;
    struct nb_fit *f = &m->f;
    int rc;
    nb_clear(f);
    rc = nb_load_head(f, r, "nb_categorical", err);
    if (rc == CLEARN_OK)
        rc = categorical_load_widths(f, r, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "counts", f->k * f->w, &f->a, err);
    if (rc == CLEARN_OK && !all_finite(f->a, f->k * f->w, 0))
        rc = corrupt("nb_categorical", "bad counts", err);
    if (rc == CLEARN_OK)
        rc = nb_derived(f, f->k * f->w, 0, err);
    if (rc != CLEARN_OK) {
        nb_clear(f);
        return rc;
    }
    categorical_derive(m);
    return CLEARN_OK;
}

/* The textbook's table: per attribute and category, the count in each
 * class and P(category | class). */
static int categorical_print(const void *st, const clearn_dataset *s, FILE *out,
                             clearn_error *err)
{
    const struct nb_fit *f = &((const struct categorical *)st)->f;
    int ok, rc = nb_check(f, s, CLEARN_NOMINAL, "nb_categorical", err);
    if (rc != CLEARN_OK)
        return rc;
    ok = print_header(f, s, "Categorical naive Bayes: count and P(value | class)", out);
    for (size_t j = 0; ok && j < f->d; j++) {
        if (j == f->cls)
            continue;
        ok = fprintf(out, "\n%s\n", s->attrs[j].name) >= 0;
        for (size_t v = f->off[j]; ok && v < f->off[j + 1]; v++) {
            char label[64];
            snprintf(label, sizeof label, "%s", s->attrs[j].cats[v - f->off[j]]);
            ok = fprintf(out, "  %-20.20s", label) >= 0;
            for (size_t c = 0; ok && c < f->k; c++) {
                char cell[48];
                snprintf(cell, sizeof cell, "%.15g  %.4f", f->a[c * f->w + v],
                         exp(f->t1[c * f->w + v]));
                ok = fprintf(out, " %*s", col_width(s), cell) >= 0;
            }
            ok = ok && fprintf(out, "\n") >= 0;
        }
    }
    return print_done(ok, "nb_categorical", err);
}

/* ---- prediction, shared ------------------------------------------------------- */

static int nb_run(const void *st, const clearn_dataset *x, enum clearn__nb_out what,
                  double *out, clearn_error *err)
{
    const struct nb_fit *f = st;
    struct clearn__nb_view v = {f->k, f->lprior, f->desc->jll, st};
    int rc = nb_check(f, x, f->desc->kind, f->desc->name, err);
    if (rc == CLEARN_OK && f->desc->check)
        rc = f->desc->check(x, f->desc->name, err);
    return rc == CLEARN_OK ? clearn__nb_run(&v, x, what, out, err) : rc;
}

static int nb_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    return nb_run(st, x, CLEARN__NB_CLASS, out, err);
}

static int nb_proba(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    return nb_run(st, x, CLEARN__NB_PROBA, out, err);
}

/* ---- the types ---------------------------------------------------------------- */

const clearn_estimator_type clearn__nb_gaussian_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "nb_gaussian",
    .summary = "Gaussian naive Bayes for numeric attributes (scikit-learn's GaussianNB)",
    .tasks = CLEARN_CLASSIFY,
    .params = gaussian_params,
    .n_params = sizeof gaussian_params / sizeof *gaussian_params,
    .state_size = sizeof(struct gaussian),
    .fit = gaussian_fit,
    .predict = nb_predict,
    .predict_proba = nb_proba,
    .save = gaussian_save,
    .load = gaussian_load,
    .destroy = gaussian_destroy,
    .print = gaussian_print,
};

const clearn_estimator_type clearn__nb_multinomial_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "nb_multinomial",
    .summary = "multinomial naive Bayes for counts (scikit-learn's MultinomialNB)",
    .tasks = CLEARN_CLASSIFY,
    .params = multinomial_params,
    .n_params = sizeof multinomial_params / sizeof *multinomial_params,
    .state_size = sizeof(struct multinomial),
    .fit = multinomial_fit,
    .predict = nb_predict,
    .predict_proba = nb_proba,
    .save = multinomial_save,
    .load = multinomial_load,
    .destroy = multinomial_destroy,
    .print = multinomial_print,
};

const clearn_estimator_type clearn__nb_bernoulli_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "nb_bernoulli",
    .summary = "Bernoulli naive Bayes for binary attributes (scikit-learn's BernoulliNB)",
    .tasks = CLEARN_CLASSIFY,
    .params = bernoulli_params,
    .n_params = sizeof bernoulli_params / sizeof *bernoulli_params,
    .state_size = sizeof(struct bernoulli),
    .fit = bernoulli_fit,
    .predict = nb_predict,
    .predict_proba = nb_proba,
    .save = bernoulli_save,
    .load = bernoulli_load,
    .destroy = bernoulli_destroy,
    .print = bernoulli_print,
};

const clearn_estimator_type clearn__nb_categorical_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "nb_categorical",
    .summary = "naive Bayes for nominal attributes (scikit-learn's CategoricalNB)",
    .tasks = CLEARN_CLASSIFY,
    .params = categorical_params,
    .n_params = sizeof categorical_params / sizeof *categorical_params,
    .state_size = sizeof(struct categorical),
    .fit = categorical_fit,
    .predict = nb_predict,
    .predict_proba = nb_proba,
    .save = categorical_save,
    .load = categorical_load,
    .destroy = categorical_destroy,
    .print = categorical_print,
};

/* ---- joint log-likelihoods for <clearn/bayes.h> ---------------------------- */

int clearn__nb_sklearn_jll(const clearn_estimator_type *type, const void *state,
                           const clearn_dataset *x, double *out, clearn_error *err)
{
    if (type != &clearn__nb_gaussian_type && type != &clearn__nb_multinomial_type &&
        type != &clearn__nb_bernoulli_type && type != &clearn__nb_categorical_type)
        return clearn__error(err, CLEARN_EINVAL, "'%s' is not a naive Bayes type", type->name);
    return nb_run(state, x, CLEARN__NB_JLL, out, err);
}
