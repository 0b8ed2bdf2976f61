/* clearn — comparing and mapping schemas, appending, summaries. */
#include "config.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

int clearn_dataset_resolve_attr(const clearn_dataset *ds, const char *spec, size_t *j,
                                clearn_error *err)
{
    char *end;
    unsigned long long k;
    if (!ds || !spec || !j)
        return clearn__error(err, CLEARN_EINVAL, "resolve attribute: NULL argument");
    if (clearn__strmap_get(ds->attr_index, spec, strlen(spec), j))
        return CLEARN_OK;
    if (strcmp(spec, "none") == 0) {
        *j = CLEARN_NONE;
        return CLEARN_OK;
    }
    if (!ds->d)
        return clearn__error(err, CLEARN_ENOTFOUND, "no attribute '%s': the dataset has no attributes", spec);
    if (strcmp(spec, "first") == 0) {
        *j = 0;
        return CLEARN_OK;
    }
    if (strcmp(spec, "last") == 0) {
        *j = ds->d - 1;
        return CLEARN_OK;
    }
    errno = 0;
    k = strtoull(spec, &end, 10);
    if (spec[0] >= '0' && spec[0] <= '9' && !*end && errno == 0) {
        if (k >= 1 && k <= ds->d) {
            *j = (size_t)(k - 1);
            return CLEARN_OK;
        }
        return clearn__error(err, CLEARN_ENOTFOUND,
                             "attribute index %s out of range (1..%zu)", spec, ds->d);
    }
    return clearn__error(err, CLEARN_ENOTFOUND,
                         "no attribute named '%s' (give a name, first, last, none or a 1-based index)",
                         spec);
}

static int same_attr(const struct clearn__attr *a, const struct clearn__attr *b)
{
    if (a->kind != b->kind || strcmp(a->name, b->name) != 0 || a->n_cats != b->n_cats)
        return 0;
    for (size_t c = 0; c < a->n_cats; c++)
        if (strcmp(a->cats[c], b->cats[c]) != 0)
            return 0;
    return 1;
}

int clearn_dataset_same_schema(const clearn_dataset *a, const clearn_dataset *b)
{
    if (!a || !b || a->d != b->d || a->cls != b->cls)
        return 0;
    for (size_t j = 0; j < a->d; j++)
        if (!same_attr(&a->attrs[j], &b->attrs[j]))
            return 0;
    return 1;
}

/* Per-attribute translation of src's codes into dst's: map[c] is dst's code
 * of src's category c, or -1 if dst lacks it. NULL for numeric attributes. */
static long *category_map(const struct clearn__attr *dst, const struct clearn__attr *src)
{
    long *map = clearn__mallocarray(src->n_cats ? src->n_cats : 1, sizeof *map);
    if (!map)
        return NULL;
    for (size_t c = 0; c < src->n_cats; c++) {
        size_t code;
        map[c] = clearn__strmap_get(dst->cat_index, src->cats[c], strlen(src->cats[c]), &code)
            ? (long)code : -1;
    }
    return map;
}

static double map_value(double v, const long *map, size_t *unseen)
{
    long code;
    if (!map || isnan(v))
        return v;
    code = map[(size_t)v];
    if (code < 0) {
        if (unseen)
            (*unseen)++;
        return NAN;
    }
    return (double)code;
}

static void free_maps(long **maps, size_t d)
{
    if (!maps)
        return;
    for (size_t j = 0; j < d; j++)
        clearn__free(maps[j]);
    clearn__free(maps);
}

/* How conform translates one attribute of the data into the reference's. */
struct conv {
    size_t src;      /* column in data, or CLEARN_NONE (absent class) */
    long *codes;     /* nominal -> nominal: data code -> ref code or -1 */
    double *values;  /* nominal -> numeric: data code -> number */
    int from_number; /* numeric -> nominal: the number's text names the category */
};

/* A numeric value written as text ("1", "2.5") names a category of a. */
static double number_to_code(const struct clearn__attr *a, double v, size_t *unseen)
{
    char buf[CLEARN__DBL_BUF];
    size_t code;
    if (isnan(v))
        return v;
    if (clearn__strmap_get(a->cat_index, buf, clearn__format_double(v, buf), &code))
        return (double)code;
    (*unseen)++;
    return NAN;
}

/* Categories that are numbers map to those numbers; any other is an error. */
static int category_numbers(const struct clearn__attr *a, const struct clearn__attr *d,
                            double **out, clearn_error *err)
{
    double *v = clearn__mallocarray(d->n_cats ? d->n_cats : 1, sizeof *v);
    if (!v)
        return clearn__nomem(err);
    for (size_t c = 0; c < d->n_cats; c++) {
        if (!clearn__parse_double(d->cats[c], strlen(d->cats[c]), &v[c])) {
            clearn__free(v);
            return clearn__error(err, CLEARN_ESCHEMA,
                                 "attribute '%s' is numeric in the model's schema but the data has "
                                 "the category '%s'", a->name, d->cats[c]);
        }
    }
    *out = v;
    return CLEARN_OK;
}

static void free_convs(struct conv *cv, size_t d)
{
    for (size_t j = 0; cv && j < d; j++) {
        clearn__free(cv[j].codes);
        clearn__free(cv[j].values);
    }
    clearn__free(cv);
}

static int plan_conv(const clearn_dataset *ref, const clearn_dataset *data, size_t j,
                     struct conv *cv, clearn_error *err)
{
    const struct clearn__attr *a = &ref->attrs[j], *d;
    if (!clearn__strmap_get(data->attr_index, a->name, strlen(a->name), &cv->src)) {
        cv->src = CLEARN_NONE;
        if (j == ref->cls)
            return CLEARN_OK;
        return clearn__error(err, CLEARN_ESCHEMA, "the data has no attribute '%s'", a->name);
    }
    d = &data->attrs[cv->src];
    if (a->kind == CLEARN_NOMINAL && d->kind == CLEARN_NOMINAL) {
        if (!(cv->codes = category_map(a, d)))
            return clearn__nomem(err);
    } else if (a->kind == CLEARN_NOMINAL) {
        cv->from_number = 1;
    } else if (d->kind == CLEARN_NOMINAL) {
        return category_numbers(a, d, &cv->values, err);
    }
    return CLEARN_OK;
}

clearn_dataset *clearn_dataset_conform(const clearn_dataset *ref, const clearn_dataset *data,
                                       size_t *n_unseen, clearn_error *err)
{
    clearn_dataset *out = NULL;
    struct conv *cv;
    size_t unseen = 0, d;
    if (!ref || !data) {
        clearn__error(err, CLEARN_EINVAL, "conform: NULL dataset");
        return NULL;
    }
    d = ref->d;
    if (!(cv = clearn__calloc(d ? d : 1, sizeof *cv))) {
        clearn__nomem(err);
        return NULL;
    }
    for (size_t j = 0; j < d; j++)
        if (plan_conv(ref, data, j, &cv[j], err) != CLEARN_OK)
            goto fail;
    if (!(out = clearn_dataset_header(ref, err)) || clearn_dataset_reserve(out, data->n, err) != CLEARN_OK)
        goto fail;
    for (size_t i = 0; i < data->n; i++) {
        const double *row = data->x + i * data->d;
        double *o = out->x + i * d;
        for (size_t j = 0; j < d; j++) {
            double v = cv[j].src == CLEARN_NONE ? NAN : row[cv[j].src];
            if (cv[j].codes)
                v = map_value(v, cv[j].codes, &unseen);
            else if (cv[j].values)
                v = isnan(v) ? v : cv[j].values[(size_t)v];
            else if (cv[j].from_number)
                v = number_to_code(&ref->attrs[j], v, &unseen);
            o[j] = v;
        }
    }
    out->n = data->n;
    if (n_unseen)
        *n_unseen = unseen;
    free_convs(cv, d);
    return out;
fail:
    clearn_dataset_free(out);
    free_convs(cv, d);
    return NULL;
}

/* Adds to dst every category of src's nominal attributes that dst lacks.
 * On failure the added categories stay (harmless: no value uses them). */
static int merge_categories(clearn_dataset *dst, const clearn_dataset *src, clearn_error *err)
{
    for (size_t j = 0; j < dst->d; j++) {
        if (dst->attrs[j].kind != CLEARN_NOMINAL)
            continue;
        for (size_t c = 0; c < src->attrs[j].n_cats; c++)
            if (clearn_dataset_add_category(dst, j, src->attrs[j].cats[c], NULL, err) != CLEARN_OK)
                return CLEARN_ENOMEM;
    }
    return CLEARN_OK;
}

int clearn_dataset_append(clearn_dataset *dst, const clearn_dataset *src, clearn_error *err)
{
    long **maps;
    size_t d, n0;
    double *o;
    if (!dst || !src)
        return clearn__error(err, CLEARN_EINVAL, "append: NULL dataset");
    if (dst == src)
        return clearn__error(err, CLEARN_EINVAL, "append: a dataset cannot be appended to itself");
    d = dst->d;
    if (src->d != d)
        return clearn__error(err, CLEARN_ESCHEMA, "append: %zu attributes, expected %zu", src->d, d);
    for (size_t j = 0; j < d; j++) {
        const struct clearn__attr *a = &dst->attrs[j], *b = &src->attrs[j];
        if (strcmp(a->name, b->name) != 0 || a->kind != b->kind)
            return clearn__error(err, CLEARN_ESCHEMA,
                                 "append: attribute %zu is '%s' (%s), expected '%s' (%s)", j + 1,
                                 b->name, b->kind == CLEARN_NOMINAL ? "nominal" : "numeric",
                                 a->name, a->kind == CLEARN_NOMINAL ? "nominal" : "numeric");
    }
    if (!(maps = clearn__calloc(d ? d : 1, sizeof *maps)))
        return clearn__nomem(err);
    n0 = dst->n;
    if (merge_categories(dst, src, err) != CLEARN_OK)
        goto fail;
    for (size_t j = 0; j < d; j++)
        if (dst->attrs[j].kind == CLEARN_NOMINAL && !(maps[j] = category_map(&dst->attrs[j], &src->attrs[j]))) {
            clearn__nomem(err);
            goto fail;
        }
    if (!(o = clearn__dataset_extend(dst, src->n, err)))
        goto fail;
    for (size_t i = 0; i < src->n; i++)
        for (size_t j = 0; j < d; j++)
            o[i * d + j] = map_value(src->x[i * d + j], maps[j], NULL);
    free_maps(maps, d);
    return CLEARN_OK;
fail:
    dst->n = n0;
    free_maps(maps, d);
    return err ? err->code : CLEARN_ENOMEM;
}

/* ---- summaries ------------------------------------------------------------ */

/* distinct and unique counts of the sorted values v[0..n). */
static void count_distinct(const double *v, size_t n, size_t *distinct, size_t *unique)
{
    *distinct = *unique = 0;
    for (size_t i = 0; i < n;) {
        size_t k = i + 1;
        while (k < n && v[k] == v[i])
            k++;
        (*distinct)++;
        if (k - i == 1)
            (*unique)++;
        i = k;
    }
}

static int numeric_summary(const clearn_dataset *ds, size_t j, clearn_summary *s,
                           clearn_error *err)
{
    double *v = clearn__mallocarray(ds->n ? ds->n : 1, sizeof *v);
    double mean = 0, m2 = 0;
    size_t k = 0;
    if (!v)
        return clearn__nomem(err);
    for (size_t i = 0; i < ds->n; i++) {
        double x = ds->x[i * ds->d + j], delta;
        if (isnan(x))
            continue;
        v[k++] = x;
        delta = x - mean;           /* Welford: stable for large offsets */
        mean += delta / (double)k;
        m2 += delta * (x - mean);
    }
    s->count = k;
    s->missing = ds->n - k;
    s->mean = k ? mean : NAN;
    s->sd = k > 1 ? sqrt(m2 / (double)(k - 1)) : NAN;
    qsort(v, k, sizeof *v, clearn__cmp_double);
    s->min = k ? v[0] : NAN;
    s->max = k ? v[k - 1] : NAN;
    count_distinct(v, k, &s->distinct, &s->unique);
    clearn__free(v);
    return CLEARN_OK;
}

int clearn_dataset_category_counts(const clearn_dataset *ds, size_t j, size_t *counts,
                                   clearn_error *err)
{
    const struct clearn__attr *a;
    if (!ds || j >= ds->d || !counts)
        return clearn__error(err, CLEARN_EINVAL, "category counts: bad attribute index or NULL");
    a = &ds->attrs[j];
    if (a->kind != CLEARN_NOMINAL)
        return clearn__error(err, CLEARN_EINVAL, "attribute '%s' is numeric, not nominal", a->name);
    memset(counts, 0, a->n_cats * sizeof *counts);
    for (size_t i = 0; i < ds->n; i++) {
        double x = ds->x[i * ds->d + j];
        if (!isnan(x))
            counts[(size_t)x]++;
    }
    return CLEARN_OK;
}

int clearn_dataset_summary(const clearn_dataset *ds, size_t j, clearn_summary *s,
                           clearn_error *err)
{
    size_t *counts;
    const struct clearn__attr *a;
    if (!ds || j >= ds->d || !s)
        return clearn__error(err, CLEARN_EINVAL, "summary: bad attribute index or NULL");
    a = &ds->attrs[j];
    memset(s, 0, sizeof *s);
    s->kind = a->kind;
    if (a->kind == CLEARN_NUMERIC)
        return numeric_summary(ds, j, s, err);
    s->min = s->max = s->mean = s->sd = NAN;
    if (!(counts = clearn__calloc(a->n_cats ? a->n_cats : 1, sizeof *counts)))
        return clearn__nomem(err);
    clearn_dataset_category_counts(ds, j, counts, NULL);
    for (size_t c = 0; c < a->n_cats; c++) {
        s->count += counts[c];
        s->distinct += counts[c] > 0;
        s->unique += counts[c] == 1;
    }
    s->missing = ds->n - s->count;
    clearn__free(counts);
    return CLEARN_OK;
}
