/* Walks the registry: every registered estimator, and every transform in a
 * pipeline, is fitted on a shipped dataset, saved, loaded and must predict
 * exactly what it predicted before. Later types are covered as they are
 * registered. Also: a real model file truncated at every byte and with
 * bytes flipped fails to load cleanly. */
#include "config.h"
#include <math.h>
#include "testutil.h"
#include "internal.h"

/* Tried in order until the type fits one: mixed with missing values,
 * numeric only, nominal only, regression. */
static const char *const datasets[] = {
    "datasets/labor.arff", "datasets/iris.csv", "datasets/weather.nominal.arff",
    "datasets/cpu.arff", NULL,
};

static int same(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* Fits spec on the first dataset it accepts, round-trips it through a
 * model file and compares predictions and probabilities bit for bit. */
static void roundtrip(const char *spec)
{
    clearn_error err;
    const char *path = build_path("tests/registry.model");
    int fitted = 0;
    for (size_t d = 0; datasets[d] && !fitted; d++) {
        clearn_dataset *ds = clearn_read(src_path(datasets[d]), NULL, &err);
        clearn_estimator *e = clearn_estimator_new(spec, &err), *l;
        size_t n = clearn_dataset_rows(ds), c = clearn_dataset_class(ds);
        size_t k = clearn_dataset_attr_kind(ds, c) == CLEARN_NOMINAL ? clearn_dataset_categories(ds, c) : 1;
        double *a = calloc(n * k, sizeof *a), *b = calloc(n * k, sizeof *b);
        ck_assert_msg(ds && e, "%s: %s", spec, err.text);
        if (clearn_estimator_fit(e, ds, &err) == CLEARN_OK) {
            fitted = 1;
            ck_assert_int_eq(clearn_estimator_save(e, path, &err), CLEARN_OK);
            l = clearn_estimator_load(path, &err);
            ck_assert_msg(l != NULL, "%s on %s: %s", spec, datasets[d], err.text);
            ck_assert_int_eq(clearn_estimator_predict(e, ds, a, &err), CLEARN_OK);
            ck_assert_int_eq(clearn_estimator_predict(l, ds, b, &err), CLEARN_OK);
            for (size_t i = 0; i < n; i++)
                ck_assert_msg(same(a[i], b[i]), "%s row %zu: %g vs %g", spec, i, a[i], b[i]);
            if (clearn_estimator_predict_proba(e, ds, a, &err) == CLEARN_OK) {
                ck_assert_int_eq(clearn_estimator_predict_proba(l, ds, b, &err), CLEARN_OK);
                for (size_t i = 0; i < n * k; i++)
                    ck_assert_msg(same(a[i], b[i]), "%s proba %zu", spec, i);
            }
            clearn_estimator_free(l);
            remove(path);
        }
        free(a);
        free(b);
        clearn_estimator_free(e);
        clearn_dataset_free(ds);
    }
    ck_assert_msg(fitted, "%s fits none of the test datasets", spec);
}

START_TEST(every_estimator)
{
    const clearn_estimator_type *t[256];
    size_t n = clearn_estimator_types(t, 256);
    ck_assert_uint_ge(n, 2);
    for (size_t i = 0; i < n; i++)
        roundtrip(t[i]->name);
}
END_TEST

START_TEST(every_transform)
{
    const clearn_transform_type *t[256];
    size_t n = clearn_transform_types(t, 256);
    ck_assert_uint_ge(n, 4);
    for (size_t i = 0; i < n; i++) {
        char spec[128];
        snprintf(spec, sizeof spec, "%s | oner", t[i]->name);
        roundtrip(spec);
    }
    roundtrip("impute | onehot | standardize | minmax | zeror");
}
END_TEST

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    buf = malloc(*len + 1);
    ck_assert_uint_eq(fread(buf, 1, *len, f), *len);
    fclose(f);
    return buf;
}

static void spit(const char *path, const char *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
    fclose(f);
}

/* A real pipeline model, truncated at every byte and with every byte
 * flipped: each load fails with CLEARN_ECORRUPT and leaks nothing. */
START_TEST(corrupted_files)
{
    clearn_error err;
    clearn_dataset *ds = clearn_read(src_path("datasets/weather.numeric.arff"), NULL, &err);
    clearn_estimator *e = clearn_estimator_new("standardize | oner", &err), *l;
    const char *good = build_path("tests/corrupt.model");
    char bad[4096];
    size_t len;
    char *buf;
    snprintf(bad, sizeof bad, "%s", build_path("tests/corrupt-bad.model"));
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_save(e, good, &err), CLEARN_OK);
    buf = slurp(good, &len);
    for (size_t cut = 0; cut < len; cut++) {
        spit(bad, buf, cut);
        l = clearn_estimator_load(bad, &err);
        ck_assert_msg(l == NULL, "truncated at %zu loaded", cut);
        ck_assert_msg(err.code == CLEARN_ECORRUPT, "cut %zu: code %d: %s", cut, err.code, err.text);
    }
    for (size_t i = 0; i < len; i++) {
        char saved = buf[i];
        buf[i] ^= (char)(i % 2 ? 0x01 : 0x80);
        spit(bad, buf, len);
        buf[i] = saved;
        l = clearn_estimator_load(bad, &err);
        ck_assert_msg(l == NULL, "flip at %zu loaded", i);
        ck_assert_int_eq(err.code, CLEARN_ECORRUPT);
    }
    remove(bad);
    remove(good);
    free(buf);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* A transform saved on its own applies exactly as before after loading. */
START_TEST(transform_files)
{
    clearn_error err;
    clearn_dataset *mixed = clearn_read(src_path("datasets/labor.arff"), NULL, &err);
    clearn_dataset *numeric = clearn_read(src_path("datasets/iris.csv"), NULL, &err), *a, *b;
    const char *path = build_path("tests/transform.model");
    const clearn_transform_type *t[256];
    size_t n = clearn_transform_types(t, 256);
    for (size_t i = 0; i < n; i++) {
        clearn_transform *tr = clearn_transform_new(t[i]->name, &err), *l;
        const clearn_dataset *ds = mixed;
        ck_assert_int_eq(clearn_transform_save(tr, path, &err), CLEARN_ENOTFIT);
        /* labor.arff (nominal attributes, missing values), else iris */
        if (clearn_transform_fit(tr, ds, &err) != CLEARN_OK) {
            ck_assert_msg(err.code == CLEARN_EINVAL, "%s: %s", t[i]->name, err.text);
            ds = numeric;
        }
        ck_assert_msg(clearn_transform_fit(tr, ds, &err) == CLEARN_OK, "%s: %s", t[i]->name,
                      err.text);
        ck_assert_int_eq(clearn_transform_save(tr, path, &err), CLEARN_OK);
        l = clearn_transform_load(path, &err);
        ck_assert_msg(l != NULL, "%s: %s", t[i]->name, err.text);
        a = clearn_transform_apply(tr, ds, &err);
        b = clearn_transform_apply(l, ds, &err);
        ck_assert(clearn_dataset_same_schema(a, b));
        for (size_t r = 0; r < clearn_dataset_rows(a); r++)
            for (size_t j = 0; j < clearn_dataset_attrs(a); j++)
                ck_assert(same(clearn_dataset_get(a, r, j), clearn_dataset_get(b, r, j)));
        clearn_dataset_free(a);
        clearn_dataset_free(b);
        clearn_transform_free(l);
        clearn_transform_free(tr);
    }
    ck_assert_ptr_null(clearn_estimator_load(path, &err));
    ck_assert_int_eq(err.code, CLEARN_ECORRUPT);
    ck_assert_str_eq(strstr(err.text, "holds"), "holds a transform, not an estimator");
    remove(path);
    clearn_dataset_free(mixed);
    clearn_dataset_free(numeric);
}
END_TEST

/* The decision function: svm and the liblinear types give one, whose sign
 * agrees with their binary predictions; others say they have none. */
START_TEST(decision_function)
{
    clearn_error err;
    clearn_dataset *ds = clearn_read(src_path("datasets/heart_scale.libsvm"), NULL, &err);
    const char *const specs[] = {"svm", "linear_svc", "logreg_liblinear"};
    size_t n = clearn_dataset_rows(ds), cols;
    double *pred = calloc(n, sizeof *pred), *dec = calloc(n, sizeof *dec);
    for (size_t t = 0; t < 3; t++) {
        clearn_estimator *e = clearn_estimator_new(specs[t], &err);
        ck_assert_int_eq(clearn_estimator_decision_function(e, ds, dec, &cols, &err), CLEARN_ENOTFIT);
        ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), CLEARN_OK);
        ck_assert_int_eq(clearn_estimator_decision_function(e, ds, NULL, &cols, &err), CLEARN_OK);
        ck_assert_uint_eq(cols, 1);
        ck_assert_int_eq(clearn_estimator_decision_function(e, ds, dec, &cols, &err), CLEARN_OK);
        ck_assert_int_eq(clearn_estimator_predict(e, ds, pred, &err), CLEARN_OK);
        for (size_t i = 0; i < n; i++)   /* > 0 means category 1 */
            ck_assert_msg((dec[i] > 0) == (pred[i] == 1), "%s row %zu", specs[t], i);
        clearn_estimator_free(e);
    }
    {
        clearn_estimator *e = clearn_estimator_new("zeror", &err);
        clearn_estimator_fit(e, ds, &err);
        ck_assert_int_eq(clearn_estimator_decision_function(e, ds, dec, &cols, &err), CLEARN_EINVAL);
        ck_assert_str_eq(err.text, "zeror has no decision function");
        clearn_estimator_free(e);
    }
    free(pred);
    free(dec);
    clearn_dataset_free(ds);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("registry");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, every_estimator);
    tcase_add_test(tc, every_transform);
    tcase_add_test(tc, corrupted_files);
    tcase_add_test(tc, transform_files);
    tcase_add_test(tc, decision_function);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
