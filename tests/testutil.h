/* Shared helpers for the Check suites. */
#ifndef CLEARN_TESTUTIL_H
#define CLEARN_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <clearn.h>

/* Path of a file in the source tree (read-only under distcheck) and of a
 * scratch file in the build tree. Static buffers: use one at a time. */
static inline const char *src_path(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", TOP_SRCDIR, rel);
    return buf;
}

static inline const char *build_path(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", TOP_BUILDDIR, rel);
    return buf;
}

/* Runs a suite and returns the process exit status. */
static inline int run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* 1 when running under valgrind (its preload library is in LD_PRELOAD):
 * suites make their heavy loops smaller. */
static inline int tu_valgrind(void)
{
    const char *p = getenv("LD_PRELOAD");
    return p && strstr(p, "vgpreload") != NULL;
}

/* A dataset read from the source tree (rel: "datasets/iris.csv"); cls
 * names the class attribute (NULL: the reader's default). Fails the test
 * when it cannot be read. */
static inline clearn_dataset *tu_read(const char *rel, const char *cls)
{
    clearn_error err;
    clearn_read_options opt;
    clearn_dataset *ds;
    clearn_read_options_init(&opt);
    opt.class_attr = cls;
    ds = clearn_read(src_path(rel), &opt, &err);
    ck_assert_msg(ds != NULL, "%s: %s", rel, err.text);
    return ds;
}

/* The same for a file of datasets/. */
static inline clearn_dataset *tu_dataset(const char *name, const char *cls)
{
    char rel[512];
    snprintf(rel, sizeof rel, "datasets/%s", name);
    return tu_read(rel, cls);
}

/* A dataset from ARFF text (class: the last attribute). */
static inline clearn_dataset *tu_arff(const char *text)
{
    clearn_error err;
    clearn_read_options opt;
    clearn_dataset *ds;
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    rewind(f);
    clearn_read_options_init(&opt);
    opt.format = CLEARN_FORMAT_ARFF;
    ds = clearn_read_stream(f, "inline.arff", &opt, &err);
    fclose(f);
    ck_assert_msg(ds != NULL, "%s", err.text);
    return ds;
}

/* An estimator made from spec and fitted on train (fails the test if
 * either step fails). */
static inline clearn_estimator *tu_fitted(const char *spec, const clearn_dataset *train)
{
    clearn_error err;
    clearn_estimator *e = clearn_estimator_new(spec, &err);
    ck_assert_msg(e != NULL, "%s: %s", spec, err.text);
    ck_assert_msg(clearn_estimator_fit(e, train, &err) == CLEARN_OK, "%s: %s", spec, err.text);
    return e;
}

/* The allocation-failure hooks of lib/alloc.c (declared in lib/internal.h
 * too; the suites link the library's internals). */
void clearn__alloc_fail_after(long n);
long clearn__alloc_calls(void);

/* More work with a fitted estimator inside tu_estimator_nomem. */
typedef int (*tu_extra_fn)(clearn_estimator *e, const clearn_dataset *ds, double *out,
                           clearn_error *err);

/* An estimator's life (new, fit, predict, predict_proba, extra if not
 * NULL, save to a file named after tag, load) with the k-th allocation
 * failing, for k = 0, 1, ... until a run succeeds without reaching the
 * failure: every failure must be CLEARN_ENOMEM, and nothing may leak (the
 * suites run under valgrind in CI). out holds rows x classes doubles. */
static inline void tu_estimator_nomem(const char *spec, const clearn_dataset *ds,
                                      const char *tag, tu_extra_fn extra)
{
    size_t n = clearn_dataset_rows(ds), c = clearn_dataset_class(ds);
    size_t k = c == CLEARN_NONE ? 1 : clearn_dataset_categories(ds, c);
    double *out = malloc(n * (k ? k : 1) * sizeof *out);
    char rel[256];
    const char *path;
    snprintf(rel, sizeof rel, "tests/%s_nomem.model", tag);
    path = build_path(rel);
    ck_assert_ptr_nonnull(out);
    for (long fail = 0;; fail++) {
        clearn_error err;
        clearn_estimator *e, *l = NULL;
        long before = clearn__alloc_calls();
        int rc = CLEARN_ENOMEM;
        clearn__alloc_fail_after(fail);
        e = clearn_estimator_new(spec, &err);
        if (e && (rc = clearn_estimator_fit(e, ds, &err)) == CLEARN_OK &&
            (rc = clearn_estimator_predict(e, ds, out, &err)) == CLEARN_OK &&
            (rc = clearn_estimator_predict_proba(e, ds, out, &err)) == CLEARN_OK &&
            (!extra || (rc = extra(e, ds, out, &err)) == CLEARN_OK) &&
            (rc = clearn_estimator_save(e, path, &err)) == CLEARN_OK &&
            !(l = clearn_estimator_load(path, &err)))
            rc = err.code;
        clearn__alloc_fail_after(-1);
        if (rc != CLEARN_OK)
            ck_assert_msg(err.code == CLEARN_ENOMEM, "%s after %ld: %s", spec, fail, err.text);
        clearn_estimator_free(e);
        clearn_estimator_free(l);
        if (rc == CLEARN_OK && clearn__alloc_calls() - before <= fail)
            break;
    }
    remove(path);
    free(out);
}

/* More work with a fitted transform inside tu_transform_nomem. */
typedef int (*tu_transform_fn)(const clearn_transform *t, const clearn_dataset *ds,
                               clearn_error *err);

/* 1 when a and b hold the same values, bit for bit (NaN equal to NaN). */
static inline int tu_same_values(const clearn_dataset *a, const clearn_dataset *b)
{
    size_t n = clearn_dataset_rows(a), d = clearn_dataset_attrs(a);
    if (n != clearn_dataset_rows(b) || d != clearn_dataset_attrs(b))
        return 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < d; j++) {
            double x = clearn_dataset_get(a, i, j), y = clearn_dataset_get(b, i, j);
            if (memcmp(&x, &y, sizeof x) != 0 && !(x != x && y != y))
                return 0;
        }
    return 1;
}

/* A transform's life (new, fit, apply, inverse when the type has one,
 * extra if not NULL, save to a file named after tag, load, apply again)
 * with the k-th allocation failing, for k = 0, 1, ... until a run
 * succeeds without reaching the failure: every failure must be
 * CLEARN_ENOMEM, nothing may leak (valgrind), and the loaded transform
 * must apply as the fitted one did. */
static inline void tu_transform_nomem(const char *spec, const clearn_dataset *ds,
                                      const char *tag, tu_transform_fn extra)
{
    char rel[256];
    const char *path;
    snprintf(rel, sizeof rel, "tests/%s_nomem.model", tag);
    path = build_path(rel);
    for (long fail = 0;; fail++) {
        clearn_error err;
        clearn_transform *t, *l = NULL;
        clearn_dataset *a = NULL, *inv = NULL, *b = NULL;
        long before = clearn__alloc_calls();
        int rc = CLEARN_ENOMEM;
        clearn__alloc_fail_after(fail);
        t = clearn_transform_new(spec, &err);
        if (t && (rc = clearn_transform_fit(t, ds, &err)) == CLEARN_OK &&
            !(a = clearn_transform_apply(t, ds, &err)))
            rc = err.code;
        if (rc == CLEARN_OK && clearn_transform_get_type(t)->inverse &&
            !(inv = clearn_transform_inverse(t, a, &err)))
            rc = err.code;
        if (rc == CLEARN_OK && extra)
            rc = extra(t, ds, &err);
        if (rc == CLEARN_OK && (rc = clearn_transform_save(t, path, &err)) == CLEARN_OK &&
            (!(l = clearn_transform_load(path, &err)) || !(b = clearn_transform_apply(l, ds, &err))))
            rc = err.code;
        clearn__alloc_fail_after(-1);
        if (rc != CLEARN_OK)
            ck_assert_msg(err.code == CLEARN_ENOMEM, "%s after %ld: %s", spec, fail, err.text);
        else
            ck_assert_msg(tu_same_values(a, b), "%s: the loaded transform applies differently",
                          spec);
        clearn_transform_free(t);
        clearn_transform_free(l);
        clearn_dataset_free(a);
        clearn_dataset_free(inv);
        clearn_dataset_free(b);
        if (rc == CLEARN_OK && clearn__alloc_calls() - before <= fail)
            break;
    }
    remove(path);
}

#endif
