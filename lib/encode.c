/* clearn — onehot: nominal features to 0/1 indicator columns (scikit-learn's
 * OneHotEncoder).
 *
 * Each nominal attribute other than the class, with k categories, is
 * replaced in place by k numeric columns named "ATTR=CATEGORY" (k - 1 with
 * drop=first, which leaves out the first category's column). Numeric
 * attributes and the class pass through. A missing value gives NaN in all
 * of the attribute's columns (missing=nan) or 0 in all (missing=zeros). An
 * unseen category has already been made missing by the generic apply, so it
 * is treated the same way: missing=zeros gives what scikit-learn's
 * handle_unknown='ignore' gives (with drop=first, all zeros is also how the
 * first category looks). An indicator name that is already an attribute's
 * name is an error at fit. Not invertible. */
#include "config.h"
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "internal.h"

enum { DROP_NONE, DROP_FIRST };
enum { MISSING_NAN, MISSING_ZEROS };

static const char *const drop_choices[] = {"none", "first", NULL};
static const char *const missing_choices[] = {"nan", "zeros", NULL};

struct onehot {
    int drop, missing;  /* parameters */
    size_t d;           /* attributes of the training data */
    double *k;          /* per attribute: categories encoded, or -1: passed through */
};

static const clearn_param onehot_params[] = {
    {"drop", CLEARN_PARAM_ENUM, offsetof(struct onehot, drop), "none", 1, 0, drop_choices,
     "none: one column per category; first: leave out the first category's column", 0},
    {"missing", CLEARN_PARAM_ENUM, offsetof(struct onehot, missing), "nan", 1, 0,
     missing_choices,
     "a missing or unseen value gives NaN (nan) or 0 (zeros) in all its columns", 0},
};

static void onehot_clear(struct onehot *st)
{
    clearn__free(st->k);
    st->k = NULL;
    st->d = 0;
}

static int encoded(const clearn_dataset *ds, size_t j)
{
    return j != ds->cls && ds->attrs[j].kind == CLEARN_NOMINAL;
}

/* Adds column "ATTR=CAT" to out; a name already taken is CLEARN_EINVAL. */
static int add_indicator(clearn_dataset *out, const char *attr, const char *cat,
                         clearn_error *err)
{
    size_t la = strlen(attr), lc = strlen(cat);
    char *name = clearn__malloc(la + lc + 2);
    int rc;
    if (!name)
        return clearn__nomem(err);
    memcpy(name, attr, la);
    name[la] = '=';
    memcpy(name + la + 1, cat, lc + 1);
    if (!clearn__dataset_name_free(out, name))
        rc = clearn__error(err, CLEARN_EINVAL,
                           "onehot: the column '%s' for attribute '%s' has the name of "
                           "another attribute", name, attr);
    else
        rc = clearn_dataset_add_numeric(out, name, NULL, err);
    clearn__free(name);
    return rc;
}

/* Adds a copy of attribute j of ds to out (passed through). */
static int add_copy(clearn_dataset *out, const clearn_dataset *ds, size_t j, clearn_error *err)
{
    const struct clearn__attr *a = &ds->attrs[j];
    size_t idx;
    int rc;
    if (!clearn__dataset_name_free(out, a->name))
        return clearn__error(err, CLEARN_EINVAL,
                             "onehot: attribute '%s' has the name of an indicator column",
                             a->name);
    rc = a->kind == CLEARN_NOMINAL
        ? clearn_dataset_add_nominal(out, a->name, (const char *const *)a->cats, a->n_cats,
                                     &idx, err)
        : clearn_dataset_add_numeric(out, a->name, &idx, err);
    if (rc == CLEARN_OK && j == ds->cls)
        out->cls = idx;
    return rc;
}

/* Builds in *out the output schema for ds (no rows). */
static int output_header(const struct onehot *st, const clearn_dataset *ds,
                         clearn_dataset **out, clearn_error *err)
{
    size_t first = st->drop == DROP_FIRST;
    clearn_dataset *o = clearn_dataset_new(ds->relation, err);
    int rc = o ? CLEARN_OK : CLEARN_ENOMEM;
    for (size_t j = 0; rc == CLEARN_OK && j < ds->d; j++) {
        const struct clearn__attr *a = &ds->attrs[j];
        if (!encoded(ds, j))
            rc = add_copy(o, ds, j, err);
        for (size_t c = first; rc == CLEARN_OK && encoded(ds, j) && c < a->n_cats; c++)
            rc = add_indicator(o, a->name, a->cats[c], err);
    }
    if (rc != CLEARN_OK) {
        clearn_dataset_free(o);
        o = NULL;
    }
    *out = o;
    return rc;
}

static int onehot_fit(void *state, const clearn_dataset *data, clearn_error *err)
{
    struct onehot *st = state;
    clearn_dataset *hdr;
    double *k;
    int rc = output_header(st, data, &hdr, err);
    if (rc != CLEARN_OK)
        return rc;
    clearn_dataset_free(hdr);
    if (!(k = clearn__mallocarray(data->d ? data->d : 1, sizeof *k)))
        return clearn__nomem(err);
    for (size_t j = 0; j < data->d; j++)
        k[j] = encoded(data, j) ? (double)data->attrs[j].n_cats : -1;
    onehot_clear(st);
    st->k = k;
    st->d = data->d;
    return CLEARN_OK;
}

/* CLEARN_ESCHEMA unless ds has the layout the transform was fitted on. */
static int check_schema(const struct onehot *st, const clearn_dataset *ds, clearn_error *err)
{
    if (!st->k)
        return clearn__error(err, CLEARN_ENOTFIT, "onehot: the transform is not fitted");
    if (ds->d != st->d)
        return clearn__error(err, CLEARN_ESCHEMA,
                             "onehot: the data has %zu attributes but the transform was "
                             "fitted on %zu", ds->d, st->d);
    for (size_t j = 0; j < ds->d; j++) {
        double want = encoded(ds, j) ? (double)ds->attrs[j].n_cats : -1;
        if (want != st->k[j])
            return clearn__error(err, CLEARN_ESCHEMA,
                                 "onehot: attribute '%s' differs from the training data "
                                 "(kind, class or number of categories)", ds->attrs[j].name);
    }
    return CLEARN_OK;
}

/* Writes the encoded values of one input row into out (the output row). */
static void encode_row(const struct onehot *st, const clearn_dataset *ds, const double *in,
                       double *out)
{
    size_t first = st->drop == DROP_FIRST, col = 0;
    for (size_t j = 0; j < ds->d; j++) {
        size_t k = ds->attrs[j].n_cats;
        double v = in[j];
        if (!encoded(ds, j)) {
            out[col++] = v;
            continue;
        }
        for (size_t c = first; c < k; c++) {
            if (isnan(v))
                out[col] = st->missing == MISSING_ZEROS ? 0 : NAN;
            else
                out[col] = (size_t)v == c ? 1 : 0;
            col++;
        }
    }
}

static clearn_dataset *onehot_apply(const void *state, const clearn_dataset *data,
                                    clearn_error *err)
{
    const struct onehot *st = state;
    clearn_dataset *out;
    double *rows;
    if (check_schema(st, data, err) != CLEARN_OK ||
        output_header(st, data, &out, err) != CLEARN_OK)
        return NULL;
    if (!(rows = clearn__dataset_extend(out, data->n, err))) {
        clearn_dataset_free(out);
        return NULL;
    }
    for (size_t i = 0; i < data->n; i++)
        encode_row(st, data, data->x + i * data->d, rows + i * out->d);
    return out;
}

static int onehot_save(const void *state, clearn_writer *w, clearn_error *err)
{
    const struct onehot *st = state;
    int rc = clearn_writer_size(w, "d", st->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "categories", st->k, st->d, err);
    return rc;
}

static int onehot_load(void *state, clearn_reader *r, clearn_error *err)
{
    struct onehot *st = state;
    size_t d;
    double *k;
    int rc = clearn_reader_size(r, "d", &d, err);
    if (rc != CLEARN_OK)
        return rc;
    if (!(k = clearn__mallocarray(d ? d : 1, sizeof *k)))
        return clearn__nomem(err);
    rc = clearn_reader_doubles(r, "categories", k, d, err);
    for (size_t j = 0; rc == CLEARN_OK && j < d; j++)
        if (!(k[j] == -1 || (k[j] >= 0 && k[j] <= 1e15 && k[j] == floor(k[j]))))
            rc = clearn__error(err, CLEARN_ECORRUPT,
                               "onehot: bad category count for attribute %zu in the model", j);
    if (rc != CLEARN_OK) {
        clearn__free(k);
        return rc;
    }
    onehot_clear(st);
    st->k = k;
    st->d = d;
    return CLEARN_OK;
}

static void onehot_destroy(void *state)
{
    onehot_clear(state);
}

const clearn_transform_type clearn__onehot_type = {
    CLEARN_TRANSFORM_ABI, "onehot",
    "replace each nominal attribute by 0/1 indicator columns, one per category",
    onehot_params, sizeof onehot_params / sizeof onehot_params[0],
    sizeof(struct onehot),
    onehot_fit, onehot_apply, NULL,
    onehot_save, onehot_load, onehot_destroy,
};
