/* clearn — impute: replace missing values (scikit-learn's SimpleImputer).
 *
 * Numeric attributes get the training mean, median (numpy's: the mean of
 * the two middle values for an even count), most frequent value (ties: the
 * smallest) or fill_value; nominal ones the most frequent category (ties:
 * the lowest code) or fill_category. A fill_category the attribute lacks
 * is appended to its categories in the output, whether or not a value is
 * missing, so the output schema depends only on the training data. The
 * class is never imputed; unseen categories (made missing by the generic
 * apply) are imputed like missing values.
 *
 * An attribute with no value in the training data has no mean, median or
 * mode: scikit-learn drops such columns, which would change the schema, so
 * here a numeric one is filled with fill_value and a nominal one with
 * fill_category. */
#include "config.h"
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

enum { NUM_MEAN, NUM_MEDIAN, NUM_MOST_FREQUENT, NUM_CONSTANT };
enum { NOM_MOST_FREQUENT, NOM_CONSTANT };

static const char *const numeric_choices[] = {"mean", "median", "most_frequent", "constant",
                                              NULL};
static const char *const nominal_choices[] = {"most_frequent", "constant", NULL};

struct impute {
    int numeric, nominal;  /* parameters */
    double fill_value;
    char *fill_category;
    size_t d;              /* attributes of the training data */
    double *fill;          /* per attribute: value or category code; NaN: not imputed */
    double *add;           /* 1: fill_category is appended as a category first */
};

static const clearn_param impute_params[] = {
    {"numeric", CLEARN_PARAM_ENUM, offsetof(struct impute, numeric), "mean", 1, 0,
     numeric_choices, "what fills a missing numeric value", 0},
    {"nominal", CLEARN_PARAM_ENUM, offsetof(struct impute, nominal), "most_frequent", 1, 0,
     nominal_choices, "what fills a missing nominal value", 0},
    {"fill_value", CLEARN_PARAM_DOUBLE, offsetof(struct impute, fill_value), "0", 1, 0, NULL,
     "the numeric value of numeric=constant (and of attributes with no values)", 0},
    {"fill_category", CLEARN_PARAM_STRING, offsetof(struct impute, fill_category), "missing",
     1, 0, NULL,
     "the category of nominal=constant (and of attributes with no values); added if absent", 0},
};

static void impute_clear(struct impute *st)
{
    clearn__free(st->fill);
    clearn__free(st->add);
    st->fill = st->add = NULL;
    st->d = 0;
}

/* The statistic the numeric strategy asks for over v[0..n) (sorted in
 * place; n > 0). */
static double numeric_stat(int strategy, double *v, size_t n)
{
    double s = 0, best;
    size_t run = 1, best_run = 0;
    if (strategy == NUM_MEAN) {
        for (size_t i = 0; i < n; i++)
            s += v[i];
        return s / (double)n;
    }
    qsort(v, n, sizeof *v, clearn__cmp_double);
    if (strategy == NUM_MEDIAN) {
        if (n % 2)
            return v[n / 2];
        s = (v[n / 2 - 1] + v[n / 2]) / 2;
        return isinf(s) ? v[n / 2 - 1] / 2 + v[n / 2] / 2 : s;
    }
    best = v[0];
    for (size_t i = 1; i <= n; i++, run++) {  /* runs of equal values, ascending */
        if (i < n && v[i] == v[i - 1])
            continue;
        if (run > best_run) {
            best_run = run;
            best = v[i - 1];
        }
        run = 0;
    }
    return best;
}

/* Fill value of numeric column j; buf has room for n values. */
static int numeric_fill(const struct impute *st, const clearn_dataset *ds, size_t j,
                        double *buf, double *fill, clearn_error *err)
{
    size_t k = 0;
    for (size_t i = 0; i < ds->n; i++)
        if (!isnan(ds->x[i * ds->d + j]))
            buf[k++] = ds->x[i * ds->d + j];
    *fill = st->numeric == NUM_CONSTANT || !k ? st->fill_value : numeric_stat(st->numeric, buf, k);
    if (!isfinite(*fill))
        return clearn__error(err, CLEARN_ERANGE,
                             "impute: attribute '%s': the mean of the values overflows",
                             ds->attrs[j].name);
    return CLEARN_OK;
}

/* Fill of nominal column j: the most frequent code (lowest on ties), or
 * fill_category; counts has room for n_cats values. */
static int nominal_fill(const struct impute *st, const clearn_dataset *ds, size_t j,
                        size_t *counts, double *fill, double *add, clearn_error *err)
{
    const struct clearn__attr *a = &ds->attrs[j];
    size_t best = 0, code;
    memset(counts, 0, (a->n_cats ? a->n_cats : 1) * sizeof *counts);
    for (size_t i = 0; i < ds->n; i++) {
        double v = ds->x[i * ds->d + j];
        if (!isnan(v))
            counts[(size_t)v]++;
    }
    for (size_t c = 1; c < a->n_cats; c++)
        if (counts[c] > counts[best])
            best = c;
    *add = 0;
    if (st->nominal == NOM_MOST_FREQUENT && a->n_cats && counts[best]) {
        *fill = (double)best;
        return CLEARN_OK;
    }
    if (!st->fill_category || !*st->fill_category)
        return clearn__error(err, CLEARN_EINVAL,
                             "impute: fill_category must not be empty (it fills attribute '%s')",
                             a->name);
    if (clearn__strmap_get(a->cat_index, st->fill_category, strlen(st->fill_category), &code)) {
        *fill = (double)code;
    } else {
        *fill = (double)a->n_cats;  /* the code it gets when appended */
        *add = 1;
    }
    return CLEARN_OK;
}

static int compute_fills(const struct impute *st, const clearn_dataset *data, double *fill,
                         double *add, clearn_error *err)
{
    size_t most = data->n;
    void *buf;
    int rc = CLEARN_OK;
    for (size_t j = 0; j < data->d; j++)
        if (data->attrs[j].n_cats > most)
            most = data->attrs[j].n_cats;
    if (!(buf = clearn__mallocarray(most ? most : 1, sizeof(double) > sizeof(size_t)
                                    ? sizeof(double) : sizeof(size_t))))
        return clearn__nomem(err);
    for (size_t j = 0; rc == CLEARN_OK && j < data->d; j++) {
        fill[j] = NAN;
        add[j] = 0;
        if (j == data->cls)
            continue;
        if (data->attrs[j].kind == CLEARN_NUMERIC)
            rc = numeric_fill(st, data, j, buf, &fill[j], err);
        else
            rc = nominal_fill(st, data, j, buf, &fill[j], &add[j], err);
    }
    clearn__free(buf);
    return rc;
}

static int impute_fit(void *state, const clearn_dataset *data, clearn_error *err)
{
    struct impute *st = state;
    size_t d = data->d ? data->d : 1;
    double *fill = clearn__mallocarray(d, sizeof *fill);
    double *add = clearn__mallocarray(d, sizeof *add);
    int rc = fill && add ? compute_fills(st, data, fill, add, err) : clearn__nomem(err);
    if (rc != CLEARN_OK) {
        clearn__free(fill);
        clearn__free(add);
        return rc;
    }
    impute_clear(st);
    st->fill = fill;
    st->add = add;
    st->d = data->d;
    return CLEARN_OK;
}

/* Fills the missing values of column j of out with v. */
static void fill_column(clearn_dataset *out, size_t j, double v)
{
    for (size_t i = 0; i < out->n; i++)
        if (isnan(out->x[i * out->d + j]))
            out->x[i * out->d + j] = v;
}

/* CLEARN_OK when the fill of attribute j suits ds's attribute j. */
static int check_fill(const struct impute *st, const clearn_dataset *ds, size_t j,
                      clearn_error *err)
{
    const struct clearn__attr *a = &ds->attrs[j];
    double f = st->fill[j];
    int ok = a->kind == CLEARN_NOMINAL
        ? isnan(f) || st->add[j] || (f >= 0 && f == floor(f) && f < (double)a->n_cats)
        : !st->add[j];
    if (!ok)
        return clearn__error(err, CLEARN_ESCHEMA,
                             "impute: attribute '%s' differs from the training data (kind "
                             "or categories)", a->name);
    return CLEARN_OK;
}

static clearn_dataset *impute_apply(const void *state, const clearn_dataset *data,
                                    clearn_error *err)
{
    const struct impute *st = state;
    clearn_dataset *out;
    if (!st->fill) {
        clearn__error(err, CLEARN_ENOTFIT, "impute: the transform is not fitted");
        return NULL;
    }
    if (data->d != st->d) {
        clearn__error(err, CLEARN_ESCHEMA,
                      "impute: the data has %zu attributes but the transform was fitted on %zu",
                      data->d, st->d);
        return NULL;
    }
    for (size_t j = 0; j < data->d; j++)
        if (check_fill(st, data, j, err) != CLEARN_OK)
            return NULL;
    if (!(out = clearn_dataset_copy(data, err)))
        return NULL;
    for (size_t j = 0; j < out->d; j++) {
        size_t code;
        if (!st->add[j]) {
            if (!isnan(st->fill[j]))
                fill_column(out, j, st->fill[j]);
        } else if (clearn_dataset_add_category(out, j, st->fill_category, &code, err)
                   == CLEARN_OK) {
            fill_column(out, j, (double)code);
        } else {
            clearn_dataset_free(out);
            return NULL;
        }
    }
    return out;
}

static int impute_save(const void *state, clearn_writer *w, clearn_error *err)
{
    const struct impute *st = state;
    int rc = clearn_writer_size(w, "d", st->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "fill", st->fill, st->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "new_category", st->add, st->d, err);
    return rc;
}

static int impute_load(void *state, clearn_reader *r, clearn_error *err)
{
    struct impute *st = state;
    size_t d;
    double *fill = NULL, *add = NULL;
    int rc = clearn_reader_size(r, "d", &d, err);
    if (rc != CLEARN_OK)
        return rc;
    fill = clearn__mallocarray(d ? d : 1, sizeof *fill);
    add = clearn__mallocarray(d ? d : 1, sizeof *add);
    rc = fill && add ? clearn_reader_doubles(r, "fill", fill, d, err) : clearn__nomem(err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_doubles(r, "new_category", add, d, err);
    for (size_t j = 0; rc == CLEARN_OK && j < d; j++)
        if (isinf(fill[j]) || (add[j] != 0 && add[j] != 1))
            rc = clearn__error(err, CLEARN_ECORRUPT,
                               "impute: bad fill for attribute %zu in the model", j);
    if (rc != CLEARN_OK) {
        clearn__free(fill);
        clearn__free(add);
        return rc;
    }
    impute_clear(st);
    st->fill = fill;
    st->add = add;
    st->d = d;
    return CLEARN_OK;
}

static void impute_destroy(void *state)
{
    impute_clear(state);
}

const clearn_transform_type clearn__impute_type = {
    CLEARN_TRANSFORM_ABI, "impute",
    "replace missing values by the mean, median or most frequent value, or a constant",
    impute_params, sizeof impute_params / sizeof impute_params[0],
    sizeof(struct impute),
    impute_fit, impute_apply, NULL,
    impute_save, impute_load, impute_destroy,
};
