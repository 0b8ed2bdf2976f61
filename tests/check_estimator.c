/* Tests of the estimator layer: parameter tables, spec strings, the
 * registry, the generic fit/predict checks, clone, and model files, through
 * a user-registered type ("centroid": nearest class centroid). */
#include "config.h"
#include <math.h>
#include <stddef.h>
#include "testutil.h"
#include "internal.h"

struct centroid_params {
    long k;             /* unused: exercises INT */
    double shrink;      /* DOUBLE in [0, 1) */
    int verbose;        /* BOOL */
    int metric;         /* ENUM */
    char *label;        /* STRING */
};

struct centroid {
    struct centroid_params p;
    size_t n_classes, d;
    double *means;      /* n_classes x d */
};

static const char *const metrics[] = {"euclidean", "manhattan", NULL};
static const clearn_param centroid_params[] = {
    {"k", CLEARN_PARAM_INT, offsetof(struct centroid_params, k), "5", 1, 100, NULL, "neighbours", 0},
    {"shrink", CLEARN_PARAM_DOUBLE, offsetof(struct centroid_params, shrink), "0", 0, 1, NULL,
     "shrinkage", CLEARN_PARAM_MAX_OPEN},
    {"verbose", CLEARN_PARAM_BOOL, offsetof(struct centroid_params, verbose), "false", 1, 0, NULL,
     "talk", 0},
    {"metric", CLEARN_PARAM_ENUM, offsetof(struct centroid_params, metric), "euclidean", 1, 0,
     metrics, "distance", 0},
    {"label", CLEARN_PARAM_STRING, offsetof(struct centroid_params, label), "none", 1, 0, NULL,
     "a label", 0},
};

static int c_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    struct centroid *m = st;
    size_t c = clearn_dataset_class(train), n = clearn_dataset_rows(train), *count;
    m->n_classes = clearn_dataset_categories(train, c);
    m->d = clearn_dataset_features(train);
    m->means = clearn__calloc(m->n_classes * m->d + 1, sizeof *m->means);
    count = clearn__calloc(m->n_classes + 1, sizeof *count);
    if (!m->means || !count) {
        clearn__free(count);
        return clearn__nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        const double *row = clearn_dataset_row(train, i);
        size_t y = (size_t)row[c], f = 0;
        count[y]++;
        for (size_t j = 0; j < clearn_dataset_attrs(train); j++)
            if (j != c)
                m->means[y * m->d + f++] += row[j];
    }
    for (size_t y = 0; y < m->n_classes; y++)
        for (size_t f = 0; f < m->d; f++)
            m->means[y * m->d + f] /= count[y] ? (double)count[y] : 1;
    clearn__free(count);
    return CLEARN_OK;
}

static int c_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    const struct centroid *m = st;
    size_t c = clearn_dataset_class(x);
    (void)err;
    for (size_t i = 0; i < clearn_dataset_rows(x); i++) {
        const double *row = clearn_dataset_row(x, i);
        double best = INFINITY;
        for (size_t y = 0; y < m->n_classes; y++) {
            double dist = 0;
            size_t f = 0;
            for (size_t j = 0; j < clearn_dataset_attrs(x); j++) {
                double diff;
                if (j == c)
                    continue;
                diff = row[j] - m->means[y * m->d + f++];
                dist += m->p.metric ? fabs(diff) : diff * diff;
            }
            if (dist < best) {
                best = dist;
                out[i] = (double)y;
            }
        }
    }
    return CLEARN_OK;
}

static int c_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct centroid *m = st;
    int rc = clearn_writer_size(w, "classes", m->n_classes, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "d", m->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "means", m->means, m->n_classes * m->d, err);
    return rc;
}

static int c_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct centroid *m = st;
    int rc = clearn_reader_size(r, "classes", &m->n_classes, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "d", &m->d, err);
    if (rc == CLEARN_OK && (m->n_classes > 1000 || m->d > 100000))
        return clearn__error(err, CLEARN_ECORRUPT, "centroid: implausible sizes");
    if (rc == CLEARN_OK && !(m->means = clearn__calloc(m->n_classes * m->d + 1, sizeof *m->means)))
        return clearn__nomem(err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_doubles(r, "means", m->means, m->n_classes * m->d, err);
    return rc;
}

static void c_destroy(void *st)
{
    struct centroid *m = st;
    clearn__free(m->means);
    m->means = NULL;
}

static const clearn_estimator_type centroid_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "centroid",
    .summary = "nearest class centroid (test)",
    .tasks = CLEARN_CLASSIFY,
    .params = centroid_params,
    .n_params = sizeof centroid_params / sizeof centroid_params[0],
    .state_size = sizeof(struct centroid),
    .fit = c_fit,
    .predict = c_predict,
    .save = c_save,
    .load = c_load,
    .destroy = c_destroy,
};

static void setup(void)
{
    clearn_error err;
    if (!clearn_estimator_type_find("centroid"))
        ck_assert_int_eq(clearn_register(&centroid_type, &err), CLEARN_OK);
}

static clearn_dataset *iris(void)
{
    clearn_error err;
    clearn_dataset *ds = clearn_read(src_path("datasets/iris.csv"), NULL, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    return ds;
}

START_TEST(registry)
{
    clearn_error err;
    const clearn_estimator_type *all[64];
    size_t n = clearn_estimator_types(all, 64);
    int found = 0;
    for (size_t i = 0; i < n; i++)
        found += all[i] == &centroid_type;
    ck_assert_int_eq(found, 1);
    ck_assert_ptr_eq(clearn_estimator_type_find("centroid"), &centroid_type);
    ck_assert_ptr_null(clearn_estimator_type_find("nosuch"));
    ck_assert_int_eq(clearn_register(&centroid_type, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "a type named 'centroid' is already registered");
}
END_TEST

START_TEST(spec_and_params)
{
    clearn_error err;
    char buf[64], *spec;
    clearn_estimator *e = clearn_estimator_new("centroid k=7 metric=manhattan label='a b'", &err);
    ck_assert_msg(e != NULL, "%s", err.text);
    ck_assert_int_eq(clearn_estimator_get(e, "k", buf, sizeof buf, &err), CLEARN_OK);
    ck_assert_str_eq(buf, "7");
    ck_assert_int_eq(clearn_estimator_get(e, "shrink", buf, sizeof buf, &err), CLEARN_OK);
    ck_assert_str_eq(buf, "0");
    ck_assert_int_eq(clearn_estimator_get(e, "label", buf, sizeof buf, &err), CLEARN_OK);
    ck_assert_str_eq(buf, "a b");
    spec = clearn_estimator_spec(e, &err);
    ck_assert_str_eq(spec, "centroid k=7 metric=manhattan label='a b'");
    clearn_free(spec);
    ck_assert_int_eq(clearn_estimator_set(e, "shrink", "0.25", &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_set(e, "verbose", "yes", &err), CLEARN_OK);
    spec = clearn_estimator_spec(e, &err);
    ck_assert_str_eq(spec, "centroid k=7 shrink=0.25 verbose=true metric=manhattan label='a b'");
    clearn_free(spec);

    /* both quote characters and a '|' survive the canonical spec */
    ck_assert_int_eq(clearn_estimator_set(e, "label", "it's \"x\" | y", &err), CLEARN_OK);
    spec = clearn_estimator_spec(e, &err);
    {
        clearn_estimator *again = clearn_estimator_new(spec, &err);
        ck_assert_msg(again != NULL, "%s: %s", spec, err.text);
        ck_assert_int_eq(clearn_estimator_get(again, "label", buf, sizeof buf, &err), CLEARN_OK);
        ck_assert_str_eq(buf, "it's \"x\" | y");
        clearn_estimator_free(again);
    }
    clearn_free(spec);
    ck_assert_int_eq(clearn_estimator_set(e, "label", "a b", &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_set(e, "k", "0", &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "parameter k: '0' is out of range (allowed: int in [1, 100])");
    ck_assert_int_eq(clearn_estimator_set(e, "k", "3x", &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "parameter k: '3x' is not an integer (allowed: int in [1, 100])");
    ck_assert_int_eq(clearn_estimator_set(e, "shrink", "1", &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "parameter shrink: '1' is out of range (allowed: double in [0, 1))");
    ck_assert_int_eq(clearn_estimator_set(e, "metric", "cosine", &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "parameter metric: 'cosine' is not a valid choice (allowed: one of euclidean, manhattan)");
    ck_assert_int_eq(clearn_estimator_set(e, "verbose", "maybe", &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_estimator_set(e, "kk", "1", &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "centroid has no parameter 'kk' (parameters: k, shrink, verbose, metric, label)");
    ck_assert_int_eq(clearn_estimator_get(e, "k", buf, sizeof buf, &err), CLEARN_OK);
    ck_assert_str_eq(buf, "7");   /* failed sets change nothing */
    clearn_estimator_free(e);

    ck_assert_ptr_null(clearn_estimator_new("nosuch k=1", &err));
    ck_assert_int_eq(err.code, CLEARN_ENOTFOUND);
    ck_assert_str_eq(err.text, "no estimator named 'nosuch' (see clearn list)");
    ck_assert_ptr_null(clearn_estimator_new("centroid k", &err));
    ck_assert_str_eq(err.text, "spec: 'k' after 'centroid' is not key=value");
    ck_assert_ptr_null(clearn_estimator_new("centroid label='abc", &err));
    ck_assert_ptr_null(clearn_estimator_new("", &err));
    ck_assert_ptr_null(clearn_estimator_new("centroid |", &err));
    ck_assert_ptr_null(clearn_estimator_new("centroid k=1000", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
}
END_TEST

START_TEST(fit_predict_checks)
{
    clearn_error err;
    clearn_dataset *ds = iris(), *noclass;
    clearn_estimator *e = clearn_estimator_new("centroid", &err), *c;
    double *pred = malloc(150 * sizeof *pred);
    size_t correct = 0, none[1] = {0};
    ck_assert_int_eq(clearn_estimator_predict(e, ds, pred, &err), CLEARN_ENOTFIT);
    ck_assert_str_eq(err.text, "centroid is not fitted");
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), CLEARN_OK);
    ck_assert(clearn_estimator_is_fitted(e));
    ck_assert_int_eq(clearn_estimator_predict(e, ds, pred, &err), CLEARN_OK);
    for (size_t i = 0; i < 150; i++)
        correct += pred[i] == clearn_dataset_get(ds, i, 4);
    /* nearest centroid on iris, training accuracy: 139/150 (scikit-learn's
     * NearestCentroid().fit(X, y).score(X, y) = 0.9266..., sklearn 1.2.1) */
    ck_assert_uint_eq(correct, 139);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, pred, &err), CLEARN_EINVAL);

    c = clearn_estimator_clone(e, &err);
    ck_assert(!clearn_estimator_is_fitted(c));
    clearn_estimator_free(c);

    /* task checks */
    clearn_dataset_set_class(ds, 0, NULL);
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "centroid is a classifier but the class 'sepallength' is numeric (use --nominal or a regressor)");
    ck_assert(!clearn_estimator_is_fitted(e));
    clearn_dataset_set_class(ds, CLEARN_NONE, NULL);
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "centroid needs a class attribute (the dataset has none)");
    clearn_dataset_set_class(ds, 4, NULL);
    noclass = clearn_dataset_subset(ds, none, 0, &err);
    ck_assert_int_eq(clearn_estimator_fit(e, noclass, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "centroid: cannot fit on an empty dataset");
    clearn_dataset_free(noclass);
    noclass = clearn_dataset_copy(ds, &err);
    for (size_t i = 0; i < 150; i++)
        clearn_dataset_set(noclass, i, 4, NAN, NULL);
    ck_assert_int_eq(clearn_estimator_fit(e, noclass, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "centroid: the class 'class' has no values");
    clearn_dataset_free(noclass);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    free(pred);
}
END_TEST

/* Predicting on data whose attributes come in another order maps by name. */
START_TEST(schema_mapping)
{
    clearn_error err;
    clearn_dataset *ds = iris(), *perm;
    const size_t order[] = {3, 4, 1, 0, 2};
    clearn_estimator *e = clearn_estimator_new("centroid", &err);
    double a[150], b[150];
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), CLEARN_OK);
    perm = clearn_dataset_select(ds, order, 5, &err);
    ck_assert_int_eq(clearn_estimator_predict(e, ds, a, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(e, perm, b, &err), CLEARN_OK);
    for (size_t i = 0; i < 150; i++)
        ck_assert_double_eq(a[i], b[i]);
    clearn_dataset_free(perm);
    perm = clearn_dataset_select(ds, order, 2, &err);   /* no sepalwidth */
    ck_assert_int_eq(clearn_estimator_predict(e, perm, b, &err), CLEARN_ESCHEMA);
    ck_assert_str_eq(err.text, "the data has no attribute 'sepallength'");
    clearn_dataset_free(perm);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* A pipeline's stages, in order; a plain estimator and NULL have none. */
START_TEST(stages)
{
    clearn_error err;
    clearn_estimator *p = clearn_estimator_new("impute | standardize | zeror", &err);
    clearn_estimator *z = clearn_estimator_new("zeror", &err);
    ck_assert(p && z);
    ck_assert_uint_eq(clearn_estimator_n_stages(p), 2);
    ck_assert_str_eq(clearn_transform_get_type(clearn_estimator_stage(p, 0))->name, "impute");
    ck_assert_str_eq(clearn_transform_get_type(clearn_estimator_stage(p, 1))->name,
                     "standardize");
    ck_assert_ptr_null(clearn_estimator_stage(p, 2));
    ck_assert(!clearn_transform_is_fitted(clearn_estimator_stage(p, 1)));
    ck_assert_uint_eq(clearn_estimator_n_stages(z), 0);
    ck_assert_ptr_null(clearn_estimator_stage(z, 0));
    ck_assert_uint_eq(clearn_estimator_n_stages(NULL), 0);
    ck_assert_ptr_null(clearn_estimator_stage(NULL, 0));
    clearn_estimator_free(p);
    clearn_estimator_free(z);
}
END_TEST

START_TEST(model_roundtrip)
{
    clearn_error err;
    clearn_dataset *ds = iris();
    clearn_estimator *e = clearn_estimator_new("centroid metric=manhattan", &err), *l;
    double a[150], b[150];
    const char *path = build_path("tests/centroid.model");
    char *spec;
    ck_assert_int_eq(clearn_estimator_save(e, path, &err), CLEARN_ENOTFIT);
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_save(e, path, &err), CLEARN_OK);
    l = clearn_estimator_load(path, &err);
    ck_assert_msg(l != NULL, "%s", err.text);
    spec = clearn_estimator_spec(l, &err);
    ck_assert_str_eq(spec, "centroid metric=manhattan");
    clearn_free(spec);
    ck_assert(clearn_dataset_same_schema(clearn_estimator_schema(l), clearn_estimator_schema(e)));
    clearn_estimator_predict(e, ds, a, &err);
    clearn_estimator_predict(l, ds, b, &err);
    for (size_t i = 0; i < 150; i++)
        ck_assert_double_eq(a[i], b[i]);
    clearn_estimator_free(l);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    remove(path);
}
END_TEST

/* The k-th allocation failing, for growing k, through a whole pipeline's
 * life: every failure is CLEARN_ENOMEM and nothing leaks (valgrind, ASan). */
START_TEST(alloc_failures)
{
    clearn_error err;
    clearn_dataset *ds = clearn_read(src_path("datasets/weather.numeric.arff"), NULL, &err);
    const char *path = build_path("tests/alloc.model");
    double pred[14], proba[28];
    int done = 0;
    ck_assert_ptr_nonnull(ds);
    for (long k = 0; !done; k++) {
        clearn_estimator *e, *l = NULL, *c = NULL;
        char *spec = NULL;
        int rc;
        clearn__alloc_fail_after(k);
        if (!(e = clearn_estimator_new("impute | standardize | oner min_bucket=3", &err))) {
            ck_assert_int_eq(err.code, CLEARN_ENOMEM);
            continue;
        }
        rc = clearn_estimator_fit(e, ds, &err);
        if (rc == CLEARN_OK)
            rc = clearn_estimator_predict(e, ds, pred, &err);
        if (rc == CLEARN_OK)
            rc = clearn_estimator_predict_proba(e, ds, proba, &err);
        if (rc == CLEARN_OK && !(spec = clearn_estimator_spec(e, &err)))
            rc = err.code;
        if (rc == CLEARN_OK && !(c = clearn_estimator_clone(e, &err)))
            rc = err.code;
        if (rc == CLEARN_OK)
            rc = clearn_estimator_save(e, path, &err);
        if (rc == CLEARN_OK && !(l = clearn_estimator_load(path, &err)))
            rc = err.code;
        if (rc == CLEARN_OK)
            done = 1;
        else
            ck_assert_msg(rc == CLEARN_ENOMEM, "k=%ld: %d %s", k, rc, err.text);
        clearn_free(spec);
        clearn_estimator_free(c);
        clearn_estimator_free(l);
        clearn_estimator_free(e);
    }
    clearn__alloc_fail_after(-1);
    remove(path);
    clearn_dataset_free(ds);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("estimator");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, registry);
    tcase_add_test(tc, spec_and_params);
    tcase_add_test(tc, fit_predict_checks);
    tcase_add_test(tc, schema_mapping);
    tcase_add_test(tc, stages);
    tcase_add_test(tc, model_roundtrip);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
