/* clearn — scaling transforms: standardize (scikit-learn's StandardScaler)
 * and minmax (MinMaxScaler).
 *
 * Both map each numeric feature column by an affine function and leave
 * nominal attributes and the class untouched. The fitted state is two
 * arrays over all attributes. Statistics and arithmetic follow
 * scikit-learn's order of operations ((x - mean) / scale; x * scale + min),
 * so on row-major data the results agree with it to the bit. Missing values
 * stay missing. */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "internal.h"

/* Per-attribute coefficients. Columns that are not transformed hold a = 1,
 * b = 0. */
struct affine {
    size_t d;
    double *a, *b;
};

/* Order of operations of the forward or inverse map. */
enum { SUB_DIV, MUL_ADD };  /* (x - b) / a;  x * a + b */

static void affine_clear(struct affine *f)
{
    clearn__free(f->a);
    clearn__free(f->b);
    f->a = f->b = NULL;
    f->d = 0;
}

static int is_feature(const clearn_dataset *ds, size_t j)
{
    return j != ds->cls && ds->attrs[j].kind == CLEARN_NUMERIC;
}

/* Fresh coefficient arrays for ds, set to the identity. */
static int affine_alloc(struct affine *f, const clearn_dataset *ds, clearn_error *err)
{
    size_t d = ds->d ? ds->d : 1;
    f->d = ds->d;
    f->a = clearn__mallocarray(d, sizeof *f->a);
    f->b = clearn__mallocarray(d, sizeof *f->b);
    if (!f->a || !f->b) {
        affine_clear(f);
        return clearn__nomem(err);
    }
    for (size_t j = 0; j < ds->d; j++) {
        f->a[j] = 1;
        f->b[j] = 0;
    }
    return CLEARN_OK;
}

static int check_width(const char *who, const struct affine *f, const clearn_dataset *ds,
                       clearn_error *err)
{
    if (!f->a)
        return clearn__error(err, CLEARN_ENOTFIT, "%s: the transform is not fitted", who);
    if (ds->d != f->d)
        return clearn__error(err, CLEARN_ESCHEMA,
                             "%s: the data has %zu attributes but the transform was fitted on %zu",
                             who, ds->d, f->d);
    return CLEARN_OK;
}

/* A copy of data with every numeric feature column mapped by f in the
 * order op; results are clipped to [lo, hi] when clip is set. A result
 * that overflows is CLEARN_ERANGE (a dataset holds no infinities). */
static clearn_dataset *affine_map(const char *who, const struct affine *f,
                                  const clearn_dataset *data, int op, int clip,
                                  double lo, double hi, clearn_error *err)
{
    clearn_dataset *out;
    if (check_width(who, f, data, err) != CLEARN_OK)
        return NULL;
    if (!(out = clearn_dataset_copy(data, err)))
        return NULL;
    for (size_t j = 0; j < out->d; j++) {
        if (!is_feature(out, j))
            continue;
        for (size_t i = 0; i < out->n; i++) {
            double *v = &out->x[i * out->d + j];
            if (isnan(*v))
                continue;
            *v = op == SUB_DIV ? (*v - f->b[j]) / f->a[j] : *v * f->a[j] + f->b[j];
            if (clip)
                *v = *v < lo ? lo : *v > hi ? hi : *v;
            if (isinf(*v)) {
                clearn__error(err, CLEARN_ERANGE,
                              "%s: attribute '%s', row %zu: the result overflows", who,
                              out->attrs[j].name, i);
                clearn_dataset_free(out);
                return NULL;
            }
        }
    }
    return out;
}

static int affine_save(const struct affine *f, const char *ka, const char *kb,
                       clearn_writer *w, clearn_error *err)
{
    int rc = clearn_writer_size(w, "d", f->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, ka, f->a, f->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, kb, f->b, f->d, err);
    return rc;
}

/* Reads what affine_save wrote into f (replacing its contents). a must be
 * finite and non-zero, b finite. */
static int affine_load(const char *who, struct affine *f, const char *ka, const char *kb,
                       clearn_reader *r, clearn_error *err)
{
    struct affine g = {0, NULL, NULL};
    size_t d;
    int rc = clearn_reader_size(r, "d", &d, err);
    if (rc != CLEARN_OK)
        return rc;
    g.d = d;
    g.a = clearn__mallocarray(d ? d : 1, sizeof *g.a);
    g.b = clearn__mallocarray(d ? d : 1, sizeof *g.b);
    if (!g.a || !g.b) {
        affine_clear(&g);
        return clearn__nomem(err);
    }
    rc = clearn_reader_doubles(r, ka, g.a, d, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_doubles(r, kb, g.b, d, err);
    for (size_t j = 0; rc == CLEARN_OK && j < d; j++)
        if (!isfinite(g.a[j]) || g.a[j] == 0 || !isfinite(g.b[j]))
            rc = clearn__error(err, CLEARN_ECORRUPT,
                               "%s: bad coefficients for attribute %zu in the model", who, j);
    if (rc != CLEARN_OK) {
        affine_clear(&g);
        return rc;
    }
    affine_clear(f);
    *f = g;
    return CLEARN_OK;
}

/* ---- standardize ------------------------------------------------------- */

struct standardize {
    int with_mean, with_std;  /* parameters */
    struct affine f;          /* b = mean (or 0), a = sd (or 1) */
};

static const clearn_param standardize_params[] = {
    {"with_mean", CLEARN_PARAM_BOOL, offsetof(struct standardize, with_mean), "true",
     1, 0, NULL, "subtract the mean of each numeric attribute", 0},
    {"with_std", CLEARN_PARAM_BOOL, offsetof(struct standardize, with_std), "true",
     1, 0, NULL, "divide by the population standard deviation (ddof=0)", 0},
};

/* Mean and population variance of the non-missing values of column j as
 * scikit-learn computes them (_incremental_mean_and_var): the mean is
 * sum / n; the variance is two-pass with the rounding correction of the
 * centred sum subtracted. *n receives the count. */
static void column_moments(const clearn_dataset *ds, size_t j, size_t *n, double *mean,
                           double *var)
{
    double s = 0, c = 0, ss = 0;
    size_t k = 0;
    for (size_t i = 0; i < ds->n; i++) {
        double v = ds->x[i * ds->d + j];
        if (!isnan(v)) {
            s += v;
            k++;
        }
    }
    *n = k;
    if (!k) {
        *mean = *var = NAN;
        return;
    }
    s /= (double)k;
    for (size_t i = 0; i < ds->n; i++) {
        double v = ds->x[i * ds->d + j];
        if (!isnan(v)) {
            c += v - s;
            ss += (v - s) * (v - s);
        }
    }
    *mean = s;
    *var = (ss - c * c / (double)k) / (double)k;
    if (*var < 0)
        *var = 0;
}

/* scikit-learn's test for a column that is constant up to rounding
 * (_is_constant_feature): its variance is within the error bound of the
 * two-pass algorithm. */
static int near_constant(double var, double mean, size_t n)
{
    double eps = DBL_EPSILON, nd = (double)n;
    return var <= nd * eps * var + (nd * mean * eps) * (nd * mean * eps);
}

static int standardize_fit(void *state, const clearn_dataset *data, clearn_error *err)
{
    struct standardize *st = state;
    struct affine g;
    int rc = affine_alloc(&g, data, err);
    if (rc != CLEARN_OK)
        return rc;
    for (size_t j = 0; j < data->d; j++) {
        size_t n;
        double mean, var;
        if (!is_feature(data, j))
            continue;
        column_moments(data, j, &n, &mean, &var);
        if (!n)
            continue;  /* all missing: stays missing */
        if (!isfinite(mean) || !isfinite(var)) {
            affine_clear(&g);
            return clearn__error(err, CLEARN_ERANGE,
                                 "standardize: attribute '%s': the values are too large "
                                 "(the mean or variance overflows)", data->attrs[j].name);
        }
        if (st->with_mean)
            g.b[j] = mean;
        if (st->with_std && !near_constant(var, mean, n))
            g.a[j] = sqrt(var);
    }
    affine_clear(&st->f);
    st->f = g;
    return CLEARN_OK;
}

static clearn_dataset *standardize_apply(const void *state, const clearn_dataset *data,
                                         clearn_error *err)
{
    const struct standardize *st = state;
    return affine_map("standardize", &st->f, data, SUB_DIV, 0, 0, 0, err);
}

static clearn_dataset *standardize_inverse(const void *state, const clearn_dataset *data,
                                           clearn_error *err)
{
    const struct standardize *st = state;
    return affine_map("standardize", &st->f, data, MUL_ADD, 0, 0, 0, err);
}

static int standardize_save(const void *state, clearn_writer *w, clearn_error *err)
{
    const struct standardize *st = state;
    return affine_save(&st->f, "scale", "mean", w, err);
}

static int standardize_load(void *state, clearn_reader *r, clearn_error *err)
{
    struct standardize *st = state;
    return affine_load("standardize", &st->f, "scale", "mean", r, err);
}

static void standardize_destroy(void *state)
{
    affine_clear(&((struct standardize *)state)->f);
}

const clearn_transform_type clearn__standardize_type = {
    CLEARN_TRANSFORM_ABI, "standardize",
    "centre numeric attributes on their mean and divide by their standard deviation",
    standardize_params, sizeof standardize_params / sizeof standardize_params[0],
    sizeof(struct standardize),
    standardize_fit, standardize_apply, standardize_inverse,
    standardize_save, standardize_load, standardize_destroy,
};

/* ---- minmax ------------------------------------------------------------ */

struct minmax {
    double min, max;  /* parameters: the target range */
    int clip;
    struct affine f;  /* x * a + b, as scikit-learn's scale_ and min_ */
};

static const clearn_param minmax_params[] = {
    {"min", CLEARN_PARAM_DOUBLE, offsetof(struct minmax, min), "0", 1, 0, NULL,
     "lower end of the target range (less than max)", 0},
    {"max", CLEARN_PARAM_DOUBLE, offsetof(struct minmax, max), "1", 1, 0, NULL,
     "upper end of the target range (greater than min)", 0},
    {"clip", CLEARN_PARAM_BOOL, offsetof(struct minmax, clip), "false", 1, 0, NULL,
     "clip transformed values to [min, max] (values outside the training range)", 0},
};

static void column_range(const clearn_dataset *ds, size_t j, double *lo, double *hi)
{
    *lo = *hi = NAN;
    for (size_t i = 0; i < ds->n; i++) {
        double v = ds->x[i * ds->d + j];
        if (isnan(v))
            continue;
        if (isnan(*lo) || v < *lo)
            *lo = v;
        if (isnan(*hi) || v > *hi)
            *hi = v;
    }
}

static int minmax_fit(void *state, const clearn_dataset *data, clearn_error *err)
{
    struct minmax *st = state;
    struct affine g;
    double span = st->max - st->min;
    int rc;
    if (!(st->min < st->max)) {
        char a[CLEARN__DBL_BUF], b[CLEARN__DBL_BUF];
        clearn__format_double(st->min, a);
        clearn__format_double(st->max, b);
        return clearn__error(err, CLEARN_EINVAL,
                             "minmax: min=%s must be less than max=%s", a, b);
    }
    if (!isfinite(span))
        return clearn__error(err, CLEARN_ERANGE, "minmax: the range max - min overflows");
    if ((rc = affine_alloc(&g, data, err)) != CLEARN_OK)
        return rc;
    for (size_t j = 0; j < data->d; j++) {
        double lo, hi, range;
        if (!is_feature(data, j))
            continue;
        column_range(data, j, &lo, &hi);
        if (isnan(lo))
            continue;  /* all missing: stays missing */
        range = hi - lo;
        if (range < 10 * DBL_EPSILON)  /* as scikit-learn's _handle_zeros_in_scale */
            range = 1;
        g.a[j] = span / range;
        g.b[j] = st->min - lo * g.a[j];
        if (!isfinite(range) || !isfinite(g.b[j]) || g.a[j] == 0) {
            affine_clear(&g);
            return clearn__error(err, CLEARN_ERANGE,
                                 "minmax: attribute '%s': the values are too large or too "
                                 "spread out to scale into [min, max]", data->attrs[j].name);
        }
    }
    affine_clear(&st->f);
    st->f = g;
    return CLEARN_OK;
}

static clearn_dataset *minmax_apply(const void *state, const clearn_dataset *data,
                                    clearn_error *err)
{
    const struct minmax *st = state;
    return affine_map("minmax", &st->f, data, MUL_ADD, st->clip, st->min, st->max, err);
}

static clearn_dataset *minmax_inverse(const void *state, const clearn_dataset *data,
                                      clearn_error *err)
{
    const struct minmax *st = state;
    return affine_map("minmax", &st->f, data, SUB_DIV, 0, 0, 0, err);
}

static int minmax_save(const void *state, clearn_writer *w, clearn_error *err)
{
    const struct minmax *st = state;
    return affine_save(&st->f, "scale", "offset", w, err);
}

static int minmax_load(void *state, clearn_reader *r, clearn_error *err)
{
    struct minmax *st = state;
    return affine_load("minmax", &st->f, "scale", "offset", r, err);
}

static void minmax_destroy(void *state)
{
    affine_clear(&((struct minmax *)state)->f);
}

const clearn_transform_type clearn__minmax_type = {
    CLEARN_TRANSFORM_ABI, "minmax",
    "scale numeric attributes linearly so the training data spans [min, max]",
    minmax_params, sizeof minmax_params / sizeof minmax_params[0],
    sizeof(struct minmax),
    minmax_fit, minmax_apply, minmax_inverse,
    minmax_save, minmax_load, minmax_destroy,
};
