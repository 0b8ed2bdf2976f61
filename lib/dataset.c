/* clearn — the dataset: attributes, rows, values, subsets. */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

/* ---- attributes --------------------------------------------------------- */

static void attr_clear(struct clearn__attr *a)
{
    clearn__free(a->name);
    for (size_t c = 0; c < a->n_cats; c++)
        clearn__free(a->cats[c]);
    clearn__free(a->cats);
    clearn__strmap_free(a->cat_index);
    memset(a, 0, sizeof *a);
}

/* Appends category `cat` to a nominal attribute (not already present). */
static int attr_push_category(struct clearn__attr *a, const char *cat, size_t len)
{
    char *copy;
    if (a->n_cats == a->cap_cats) {
        size_t ncap = a->cap_cats ? a->cap_cats * 2 : 4;
        char **nc = clearn__reallocarray(a->cats, ncap, sizeof *nc);
        if (!nc)
            return CLEARN_ENOMEM;
        a->cats = nc;
        a->cap_cats = ncap;
    }
    copy = clearn__strndup(cat, len);
    if (!copy)
        return CLEARN_ENOMEM;
    if (clearn__strmap_put(a->cat_index, cat, len, a->n_cats) != CLEARN_OK) {
        clearn__free(copy);
        return CLEARN_ENOMEM;
    }
    a->cats[a->n_cats++] = copy;
    return CLEARN_OK;
}

int clearn__dataset_name_free(const clearn_dataset *ds, const char *name)
{
    return name && *name && !clearn__strmap_get(ds->attr_index, name, strlen(name), NULL);
}

/* Adds a column to every existing row (filled with NaN). */
static int widen_rows(clearn_dataset *ds)
{
    size_t d = ds->d, n = ds->n;
    double *nx;
    if (!n)
        return CLEARN_OK;
    nx = clearn__mallocarray(ds->cap_rows, (d + 1) * sizeof *nx);
    if (!nx)
        return CLEARN_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (d)
            memcpy(nx + i * (d + 1), ds->x + i * d, d * sizeof *nx);
        nx[i * (d + 1) + d] = NAN;
    }
    clearn__free(ds->x);
    ds->x = nx;
    return CLEARN_OK;
}

static int add_attr(clearn_dataset *ds, const char *name, clearn_kind kind,
                    const char *const *cats, size_t n_cats, size_t *idx,
                    clearn_error *err)
{
    struct clearn__attr a;
    if (!ds || !name)
        return clearn__error(err, CLEARN_EINVAL, "add attribute: NULL argument");
    if (!*name)
        return clearn__error(err, CLEARN_EINVAL, "attribute names must not be empty");
    if (!clearn__dataset_name_free(ds, name))
        return clearn__error(err, CLEARN_EINVAL, "duplicate attribute name '%s'", name);
    memset(&a, 0, sizeof a);
    a.kind = kind;
    if (!(a.name = clearn__strdup(name)))
        goto nomem;
    if (kind == CLEARN_NOMINAL) {
        if (!(a.cat_index = clearn__strmap_new()))
            goto nomem;
        for (size_t c = 0; c < n_cats; c++) {
            size_t len;
            if (!cats[c] || !*cats[c]) {
                attr_clear(&a);
                return clearn__error(err, CLEARN_EINVAL,
                                     "attribute '%s': category %zu is empty", name, c);
            }
            len = strlen(cats[c]);
            if (clearn__strmap_get(a.cat_index, cats[c], len, NULL)) {
                attr_clear(&a);
                return clearn__error(err, CLEARN_EINVAL,
                                     "attribute '%s': duplicate category '%s'", name, cats[c]);
            }
            if (attr_push_category(&a, cats[c], len) != CLEARN_OK)
                goto nomem;
        }
    }
    if (ds->d == ds->cap_attrs) {
        size_t ncap = ds->cap_attrs ? ds->cap_attrs * 2 : 8;
        struct clearn__attr *na = clearn__reallocarray(ds->attrs, ncap, sizeof *na);
        if (!na)
            goto nomem;
        ds->attrs = na;
        ds->cap_attrs = ncap;
    }
    if (clearn__strmap_put(ds->attr_index, name, strlen(name), ds->d) != CLEARN_OK)
        goto nomem;
    if (widen_rows(ds) != CLEARN_OK) {
        clearn__strmap_del(ds->attr_index, name, strlen(name));
        goto nomem;
    }
    ds->attrs[ds->d] = a;
    if (idx)
        *idx = ds->d;
    ds->d++;
    return CLEARN_OK;
nomem:
    attr_clear(&a);
    return clearn__nomem(err);
}

int clearn_dataset_add_numeric(clearn_dataset *ds, const char *name, size_t *idx,
                               clearn_error *err)
{
    return add_attr(ds, name, CLEARN_NUMERIC, NULL, 0, idx, err);
}

int clearn_dataset_add_nominal(clearn_dataset *ds, const char *name,
                               const char *const *cats, size_t n_cats,
                               size_t *idx, clearn_error *err)
{
    if (n_cats && !cats)
        return clearn__error(err, CLEARN_EINVAL, "add nominal attribute: NULL category list");
    return add_attr(ds, name, CLEARN_NOMINAL, cats, n_cats, idx, err);
}

int clearn_dataset_add_category(clearn_dataset *ds, size_t j, const char *cat,
                                size_t *code, clearn_error *err)
{
    struct clearn__attr *a;
    size_t len, c;
    if (!ds || !cat || j >= ds->d)
        return clearn__error(err, CLEARN_EINVAL, "add category: bad attribute index or NULL");
    a = &ds->attrs[j];
    if (a->kind != CLEARN_NOMINAL)
        return clearn__error(err, CLEARN_EINVAL, "attribute '%s' is numeric, not nominal", a->name);
    if (!*cat)
        return clearn__error(err, CLEARN_EINVAL, "attribute '%s': empty category name", a->name);
    len = strlen(cat);
    if (clearn__strmap_get(a->cat_index, cat, len, &c)) {
        if (code)
            *code = c;
        return CLEARN_OK;
    }
    if (attr_push_category(a, cat, len) != CLEARN_OK)
        return clearn__nomem(err);
    if (code)
        *code = a->n_cats - 1;
    return CLEARN_OK;
}

/* ---- lifecycle ------------------------------------------------------------ */

clearn_dataset *clearn_dataset_new(const char *relation, clearn_error *err)
{
    clearn_dataset *ds = clearn__calloc(1, sizeof *ds);
    if (!ds)
        goto nomem;
    ds->cls = CLEARN_NONE;
    ds->relation = clearn__strdup(relation ? relation : "data");
    ds->attr_index = clearn__strmap_new();
    if (!ds->relation || !ds->attr_index)
        goto nomem;
    return ds;
nomem:
    clearn_dataset_free(ds);
    clearn__nomem(err);
    return NULL;
}

void clearn_dataset_free(clearn_dataset *ds)
{
    if (!ds)
        return;
    for (size_t j = 0; j < ds->d; j++)
        attr_clear(&ds->attrs[j]);
    clearn__free(ds->attrs);
    clearn__strmap_free(ds->attr_index);
    clearn__free(ds->x);
    clearn__free(ds->relation);
    clearn__free(ds);
}

int clearn_dataset_reserve(clearn_dataset *ds, size_t n, clearn_error *err)
{
    double *nx;
    if (!ds)
        return clearn__error(err, CLEARN_EINVAL, "reserve: NULL dataset");
    if (n <= ds->cap_rows)
        return CLEARN_OK;
    nx = clearn__reallocarray(ds->x, n, (ds->d ? ds->d : 1) * sizeof *nx);
    if (!nx)
        return clearn__nomem(err);
    ds->x = nx;
    ds->cap_rows = n;
    return CLEARN_OK;
}

double *clearn__dataset_extend(clearn_dataset *ds, size_t k, clearn_error *err)
{
    if (k > SIZE_MAX / 2 - ds->n) {
        clearn__error(err, CLEARN_ERANGE, "too many rows");
        return NULL;
    }
    if (ds->n + k > ds->cap_rows) {
        size_t ncap = ds->cap_rows + ds->cap_rows / 2 + 16;
        if (ncap < ds->n + k)
            ncap = ds->n + k;
        if (clearn_dataset_reserve(ds, ncap, err) != CLEARN_OK)
            return NULL;
    }
    ds->n += k;
    return ds->x + (ds->n - k) * ds->d;
}

void clearn__dataset_adopt(clearn_dataset *ds, double *x, size_t n, size_t cap_rows)
{
    clearn__free(ds->x);
    ds->x = x;
    ds->n = n;
    ds->cap_rows = cap_rows;
}

double *clearn__dataset_release(clearn_dataset *ds)
{
    double *x = ds->x;
    ds->x = NULL;
    ds->n = ds->cap_rows = 0;
    return x;
}

/* CLEARN_OK when v may be stored in attribute j. */
static int check_value(const clearn_dataset *ds, size_t j, double v, clearn_error *err)
{
    const struct clearn__attr *a = &ds->attrs[j];
    if (isnan(v))
        return CLEARN_OK;
    if (isinf(v))
        return clearn__error(err, CLEARN_EINVAL, "attribute '%s': infinite value", a->name);
    if (a->kind == CLEARN_NOMINAL && (v < 0 || v != floor(v) || v >= (double)a->n_cats))
        return clearn__error(err, CLEARN_EINVAL,
                             "attribute '%s': %g is not a category code (0..%zu)",
                             a->name, v, a->n_cats ? a->n_cats - 1 : 0);
    return CLEARN_OK;
}

int clearn_dataset_add_row(clearn_dataset *ds, const double *values, clearn_error *err)
{
    double *row;
    if (!ds || (!values && ds->d))
        return clearn__error(err, CLEARN_EINVAL, "add row: NULL argument");
    for (size_t j = 0; j < ds->d; j++)
        if (check_value(ds, j, values[j], err) != CLEARN_OK)
            return err ? err->code : CLEARN_EINVAL;
    if (!(row = clearn__dataset_extend(ds, 1, err)))
        return err ? err->code : CLEARN_ENOMEM;
    if (ds->d)
        memcpy(row, values, ds->d * sizeof *row);
    return CLEARN_OK;
}

clearn_dataset *clearn_dataset_from_arrays(size_t n, size_t d, const double *x,
                                           const char *const *feature_names,
                                           const double *y,
                                           const char *const *class_names,
                                           size_t n_classes, clearn_error *err)
{
    clearn_dataset *ds;
    size_t w = d + (y != NULL);
    double *row;
    if ((n && d && !x) || (class_names && !y))
        goto bad;
    if (!(ds = clearn_dataset_new(NULL, err)))
        return NULL;
    for (size_t j = 0; j < d; j++) {
        char buf[32];
        const char *name = feature_names ? feature_names[j] : buf;
        snprintf(buf, sizeof buf, "x%zu", j + 1);
        if (clearn_dataset_add_numeric(ds, name, NULL, err) != CLEARN_OK)
            goto fail;
    }
    if (y) {
        int rc = class_names
            ? clearn_dataset_add_nominal(ds, "class", class_names, n_classes, &ds->cls, err)
            : clearn_dataset_add_numeric(ds, "class", &ds->cls, err);
        if (rc != CLEARN_OK)
            goto fail;
    }
    if (!(row = clearn__dataset_extend(ds, n, err)))
        goto fail;
    for (size_t i = 0; i < n; i++, row += w) {
        for (size_t j = 0; j < d; j++)
            row[j] = x[i * d + j];
        if (y)
            row[d] = y[i];
        for (size_t j = 0; j < w; j++) {
            if (check_value(ds, j, row[j], err) != CLEARN_OK) {
                if (err) {  /* say which row */
                    char tmp[CLEARN_ERROR_TEXT_SIZE];
                    memcpy(tmp, err->text, sizeof tmp);
                    clearn__error(err, CLEARN_EINVAL, "row %zu: %.200s", i, tmp);
                }
                goto fail;
            }
        }
    }
    return ds;
bad:
    clearn__error(err, CLEARN_EINVAL, "from arrays: NULL data, or class names without y");
    return NULL;
fail:
    clearn_dataset_free(ds);
    return NULL;
}

/* ---- schema access --------------------------------------------------------- */

size_t clearn_dataset_rows(const clearn_dataset *ds) { return ds ? ds->n : 0; }
size_t clearn_dataset_attrs(const clearn_dataset *ds) { return ds ? ds->d : 0; }
const char *clearn_dataset_relation(const clearn_dataset *ds) { return ds ? ds->relation : NULL; }
size_t clearn_dataset_class(const clearn_dataset *ds) { return ds ? ds->cls : CLEARN_NONE; }

size_t clearn_dataset_features(const clearn_dataset *ds)
{
    if (!ds)
        return 0;
    return ds->cls == CLEARN_NONE ? ds->d : ds->d - 1;
}

int clearn_dataset_set_relation(clearn_dataset *ds, const char *relation, clearn_error *err)
{
    char *copy;
    if (!ds || !relation)
        return clearn__error(err, CLEARN_EINVAL, "set relation: NULL argument");
    if (!(copy = clearn__strdup(relation)))
        return clearn__nomem(err);
    clearn__free(ds->relation);
    ds->relation = copy;
    return CLEARN_OK;
}

const char *clearn_dataset_attr_name(const clearn_dataset *ds, size_t j)
{
    return ds && j < ds->d ? ds->attrs[j].name : NULL;
}

clearn_kind clearn_dataset_attr_kind(const clearn_dataset *ds, size_t j)
{
    return ds && j < ds->d ? ds->attrs[j].kind : CLEARN_NUMERIC;
}

int clearn_dataset_set_attr_name(clearn_dataset *ds, size_t j, const char *name,
                                 clearn_error *err)
{
    char *copy;
    struct clearn__attr *a;
    if (!ds || j >= ds->d || !name)
        return clearn__error(err, CLEARN_EINVAL, "rename attribute: bad index or NULL name");
    a = &ds->attrs[j];
    if (strcmp(a->name, name) == 0)
        return CLEARN_OK;
    if (!clearn__dataset_name_free(ds, name))
        return clearn__error(err, CLEARN_EINVAL, "attribute name '%s' is empty or already used", name);
    if (!(copy = clearn__strdup(name)))
        return clearn__nomem(err);
    if (clearn__strmap_put(ds->attr_index, name, strlen(name), j) != CLEARN_OK) {
        clearn__free(copy);
        return clearn__nomem(err);
    }
    clearn__strmap_del(ds->attr_index, a->name, strlen(a->name));
    clearn__free(a->name);
    a->name = copy;
    return CLEARN_OK;
}

size_t clearn_dataset_categories(const clearn_dataset *ds, size_t j)
{
    return ds && j < ds->d ? ds->attrs[j].n_cats : 0;
}

const char *clearn_dataset_category(const clearn_dataset *ds, size_t j, size_t code)
{
    if (!ds || j >= ds->d || code >= ds->attrs[j].n_cats)
        return NULL;
    return ds->attrs[j].cats[code];
}

int clearn_dataset_category_code(const clearn_dataset *ds, size_t j, const char *name,
                                 size_t *code, clearn_error *err)
{
    const struct clearn__attr *a;
    if (!ds || j >= ds->d || !name)
        return clearn__error(err, CLEARN_EINVAL, "category code: bad index or NULL name");
    a = &ds->attrs[j];
    if (a->kind != CLEARN_NOMINAL)
        return clearn__error(err, CLEARN_EINVAL, "attribute '%s' is numeric, not nominal", a->name);
    if (!clearn__strmap_get(a->cat_index, name, strlen(name), code))
        return clearn__error(err, CLEARN_ENOTFOUND, "attribute '%s' has no category '%s'",
                             a->name, name);
    return CLEARN_OK;
}

int clearn_dataset_find(const clearn_dataset *ds, const char *name, size_t *j,
                        clearn_error *err)
{
    if (!ds || !name)
        return clearn__error(err, CLEARN_EINVAL, "find attribute: NULL argument");
    if (!clearn__strmap_get(ds->attr_index, name, strlen(name), j))
        return clearn__error(err, CLEARN_ENOTFOUND, "no attribute named '%s'", name);
    return CLEARN_OK;
}

int clearn_dataset_set_class(clearn_dataset *ds, size_t j, clearn_error *err)
{
    if (!ds || (j != CLEARN_NONE && j >= ds->d))
        return clearn__error(err, CLEARN_EINVAL, "set class: attribute index %zu out of range (%zu attributes)",
                             j, ds ? ds->d : 0);
    ds->cls = j;
    return CLEARN_OK;
}

/* ---- values ------------------------------------------------------------------ */

double clearn_dataset_get(const clearn_dataset *ds, size_t i, size_t j)
{
    if (!ds || i >= ds->n || j >= ds->d)
        return NAN;
    return ds->x[i * ds->d + j];
}

int clearn_dataset_set(clearn_dataset *ds, size_t i, size_t j, double v, clearn_error *err)
{
    if (!ds || i >= ds->n || j >= ds->d)
        return clearn__error(err, CLEARN_EINVAL, "set value: cell (%zu, %zu) out of range", i, j);
    if (check_value(ds, j, v, err) != CLEARN_OK)
        return CLEARN_EINVAL;
    ds->x[i * ds->d + j] = v;
    return CLEARN_OK;
}

const double *clearn_dataset_row(const clearn_dataset *ds, size_t i)
{
    return ds && i < ds->n ? ds->x + i * ds->d : NULL;
}

const double *clearn_dataset_data(const clearn_dataset *ds)
{
    return ds ? ds->x : NULL;
}

int clearn_dataset_column(const clearn_dataset *ds, size_t j, double *out, clearn_error *err)
{
    if (!ds || j >= ds->d || (!out && ds->n))
        return clearn__error(err, CLEARN_EINVAL, "column: bad attribute index or NULL output");
    for (size_t i = 0; i < ds->n; i++)
        out[i] = ds->x[i * ds->d + j];
    return CLEARN_OK;
}

int clearn_dataset_split_xy(const clearn_dataset *ds, double *x, double *y, clearn_error *err)
{
    size_t d, c;
    if (!ds)
        return clearn__error(err, CLEARN_EINVAL, "split x/y: NULL dataset");
    d = ds->d;
    c = ds->cls;
    if (y && c == CLEARN_NONE)
        return clearn__error(err, CLEARN_EINVAL, "split x/y: the dataset has no class attribute");
    for (size_t i = 0; i < ds->n; i++) {
        const double *row = ds->x + i * d;
        if (x) {
            double *out = x + i * clearn_dataset_features(ds);
            if (c == CLEARN_NONE) {
                memcpy(out, row, d * sizeof *out);
            } else {
                memcpy(out, row, c * sizeof *out);
                memcpy(out + c, row + c + 1, (d - c - 1) * sizeof *out);
            }
        }
        if (y)
            y[i] = row[c];
    }
    return CLEARN_OK;
}

/* ---- new datasets from old ---------------------------------------------------- */

/* Copy of the schema of ds restricted to attributes attrs[0..k) (all when
 * attrs is NULL), with room for `rows` rows. */
static clearn_dataset *schema_copy(const clearn_dataset *ds, const size_t *attrs, size_t k,
                                   size_t rows, clearn_error *err)
{
    clearn_dataset *out = clearn_dataset_new(ds->relation, err);
    if (!out)
        return NULL;
    if (!attrs)
        k = ds->d;
    for (size_t t = 0; t < k; t++) {
        size_t j = attrs ? attrs[t] : t;
        const struct clearn__attr *a = &ds->attrs[j];
        int rc = a->kind == CLEARN_NOMINAL
            ? clearn_dataset_add_nominal(out, a->name, (const char *const *)a->cats,
                                         a->n_cats, NULL, err)
            : clearn_dataset_add_numeric(out, a->name, NULL, err);
        if (rc != CLEARN_OK)
            goto fail;
        if (j == ds->cls)
            out->cls = t;
    }
    if (clearn_dataset_reserve(out, rows, err) != CLEARN_OK)
        goto fail;
    return out;
fail:
    clearn_dataset_free(out);
    return NULL;
}

clearn_dataset *clearn_dataset_header(const clearn_dataset *ds, clearn_error *err)
{
    if (!ds) {
        clearn__error(err, CLEARN_EINVAL, "header: NULL dataset");
        return NULL;
    }
    return schema_copy(ds, NULL, 0, 0, err);
}

clearn_dataset *clearn_dataset_subset(const clearn_dataset *ds, const size_t *rows,
                                      size_t n, clearn_error *err)
{
    clearn_dataset *out;
    if (!ds || (n && !rows)) {
        clearn__error(err, CLEARN_EINVAL, "subset: NULL argument");
        return NULL;
    }
    for (size_t t = 0; t < n; t++) {
        if (rows[t] >= ds->n) {
            clearn__error(err, CLEARN_EINVAL, "subset: row index %zu out of range (%zu rows)",
                          rows[t], ds->n);
            return NULL;
        }
    }
    if (!(out = schema_copy(ds, NULL, 0, n, err)))
        return NULL;
    for (size_t t = 0; t < n; t++)
        memcpy(out->x + t * ds->d, ds->x + rows[t] * ds->d, ds->d * sizeof *out->x);
    out->n = n;
    return out;
}

clearn_dataset *clearn_dataset_copy(const clearn_dataset *ds, clearn_error *err)
{
    clearn_dataset *out;
    if (!ds) {
        clearn__error(err, CLEARN_EINVAL, "copy: NULL dataset");
        return NULL;
    }
    if (!(out = schema_copy(ds, NULL, 0, ds->n, err)))
        return NULL;
    if (ds->n && ds->d)
        memcpy(out->x, ds->x, ds->n * ds->d * sizeof *out->x);
    out->n = ds->n;
    return out;
}

clearn_dataset *clearn_dataset_select(const clearn_dataset *ds, const size_t *attrs,
                                      size_t k, clearn_error *err)
{
    clearn_dataset *out;
    if (!ds || (k && !attrs)) {
        clearn__error(err, CLEARN_EINVAL, "select: NULL argument");
        return NULL;
    }
    for (size_t t = 0; t < k; t++) {
        if (attrs[t] >= ds->d) {
            clearn__error(err, CLEARN_EINVAL, "select: attribute index %zu out of range (%zu attributes)",
                          attrs[t], ds->d);
            return NULL;
        }
    }
    /* A repeated attribute is reported by add_attr as a duplicate name. */
    if (!(out = schema_copy(ds, attrs, k, ds->n, err)))
        return NULL;
    for (size_t i = 0; i < ds->n; i++)
        for (size_t t = 0; t < k; t++)
            out->x[i * k + t] = ds->x[i * ds->d + attrs[t]];
    out->n = ds->n;
    return out;
}

clearn_dataset *clearn_dataset_drop_missing_class(const clearn_dataset *ds, clearn_error *err)
{
    clearn_dataset *out;
    size_t *keep, k = 0;
    if (!ds) {
        clearn__error(err, CLEARN_EINVAL, "drop missing class: NULL dataset");
        return NULL;
    }
    if (!(keep = clearn__mallocarray(ds->n ? ds->n : 1, sizeof *keep))) {
        clearn__nomem(err);
        return NULL;
    }
    for (size_t i = 0; i < ds->n; i++)
        if (ds->cls == CLEARN_NONE || !isnan(ds->x[i * ds->d + ds->cls]))
            keep[k++] = i;
    out = clearn_dataset_subset(ds, keep, k, err);
    clearn__free(keep);
    return out;
}

int clearn_dataset_shuffle(clearn_dataset *ds, uint64_t seed, clearn_error *err)
{
    clearn_rng r;
    double *tmp;
    if (!ds)
        return clearn__error(err, CLEARN_EINVAL, "shuffle: NULL dataset");
    if (ds->n < 2 || !ds->d)
        return CLEARN_OK;
    if (!(tmp = clearn__mallocarray(ds->d, sizeof *tmp)))
        return clearn__nomem(err);
    clearn_rng_seed(&r, seed, 0);
    for (size_t i = ds->n - 1; i > 0; i--) {   /* Fisher-Yates on rows */
        size_t k = (size_t)clearn_rng_below(&r, (uint64_t)i + 1);
        if (k != i) {
            size_t sz = ds->d * sizeof *tmp;
            memcpy(tmp, ds->x + i * ds->d, sz);
            memcpy(ds->x + i * ds->d, ds->x + k * ds->d, sz);
            memcpy(ds->x + k * ds->d, tmp, sz);
        }
    }
    clearn__free(tmp);
    return CLEARN_OK;
}
