/* Tests of cross-validation (lib/cv.c): per-fold values equal a manual
 * fit/predict on the split's rows, pipelines fitted inside the folds only,
 * bit-identical results for every thread count, out-of-fold predictions,
 * the pooled confusion matrix, warnings, and bad input.
 *
 * External reference: scikit-learn 1.2.1 on the same folds (shuffle=False
 * splits equal scikit-learn's, see split.h), computed with
 *   /usr/bin/python3 -c '...cross_validate(DummyRegressor(), X, y,
 *       cv=KFold(10), scoring=["neg_root_mean_squared_error",
 *       "neg_mean_absolute_error", "r2"])'
 * on datasets/cpu.arff read with scipy.io.arff (the script is quoted in
 * test_sklearn_cpu_zeror). */
#include "config.h"
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "testutil.h"
#include "internal.h"
#include "eval.h"

/* ---- test types ----------------------------------------------------------- */

/* Test estimators: "t_first" (regressor) predicts the first attribute;
 * "t_nan" predicts NaN; "t_badcode" predicts a code out of range; "t_fail"
 * fails to fit unless its training rows include one whose first attribute
 * is 0; "t_noproba" predicts class 0 and gives no probabilities. */
struct tstate {
    int fitted;
};

static int t_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    (void)train;
    (void)err;
    ((struct tstate *)st)->fitted = 1;
    return CLEARN_OK;
}

static int t_fail_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    for (size_t i = 0; i < clearn_dataset_rows(train); i++)
        if (clearn_dataset_get(train, i, 0) == 0)
            return t_fit(st, train, err);
    return clearn__error(err, CLEARN_ENUMERIC, "t_fail: no row with x1=0");
}

static int t_first_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    (void)st;
    (void)err;
    for (size_t i = 0; i < clearn_dataset_rows(x); i++)
        out[i] = clearn_dataset_get(x, i, 0);
    return CLEARN_OK;
}

static int fill_predict(const clearn_dataset *x, double *out, double v)
{
    for (size_t i = 0; i < clearn_dataset_rows(x); i++)
        out[i] = v;
    return CLEARN_OK;
}

static int t_nan_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    (void)st;
    (void)err;
    return fill_predict(x, out, NAN);
}

static int t_badcode_predict(const void *st, const clearn_dataset *x, double *out,
                             clearn_error *err)
{
    (void)st;
    (void)err;
    return fill_predict(x, out, 7);
}

static int t_zero_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    (void)st;
    (void)err;
    return fill_predict(x, out, 0);
}

static int t_save(const void *st, clearn_writer *w, clearn_error *err)
{
    (void)st;
    return clearn_writer_int(w, "t", 1, err);
}

static int t_load(void *st, clearn_reader *r, clearn_error *err)
{
    long v;
    (void)st;
    return clearn_reader_int(r, "t", &v, err);
}

#define TTYPE(nm, tk, fitfn, pred)                                                        \
    {.abi_version = CLEARN_ESTIMATOR_ABI, .name = nm, .summary = "test type", .tasks = tk, \
     .state_size = sizeof(struct tstate), .fit = fitfn, .predict = pred, .save = t_save,   \
     .load = t_load}

static const clearn_estimator_type test_types[] = {
    TTYPE("t_first", CLEARN_REGRESS, t_fit, t_first_predict),
    TTYPE("t_nan", CLEARN_CLASSIFY | CLEARN_REGRESS, t_fit, t_nan_predict),
    TTYPE("t_badcode", CLEARN_CLASSIFY, t_fit, t_badcode_predict),
    TTYPE("t_fail", CLEARN_CLASSIFY, t_fail_fit, t_zero_predict),
    TTYPE("t_noproba", CLEARN_CLASSIFY, t_fit, t_zero_predict),
};

/* ---- helpers ----------------------------------------------------------------- */

static clearn_split *kfold(const clearn_dataset *ds, size_t k, int stratified, int shuffle)
{
    clearn_error err;
    clearn_split *s = stratified ? clearn_split_stratified_kfold(ds, k, shuffle, 7, &err)
                                 : clearn_split_kfold(ds, k, shuffle, 7, &err);
    ck_assert_msg(s != NULL, "%s", err.text);
    return s;
}

static clearn_cv_result *run_cv(const char *spec, const clearn_dataset *ds, const clearn_split *s,
                                const char *const *metrics, size_t nm, long threads)
{
    clearn_error err;
    clearn_cv_options o;
    clearn_cv_result *r;
    clearn_cv_options_init(&o);
    o.metrics = metrics;
    o.n_metrics = nm;
    o.threads = threads;
    r = clearn_cv_spec(spec, ds, s, &o, &err);
    ck_assert_msg(r != NULL, "%s: %s", spec, err.text);
    return r;
}

/* cv that must fail with code; returns the message. */
static const char *cv_fails(const char *spec, const clearn_dataset *ds, const clearn_split *s,
                            const clearn_cv_options *o, int code)
{
    static clearn_error err;
    clearn_cv_result *r = clearn_cv_spec(spec, ds, s, o, &err);
    ck_assert_msg(r == NULL, "%s should fail", spec);
    ck_assert_msg(err.code == code, "%s: code %d (%s), expected %d", spec, err.code, err.text, code);
    return err.text;
}

static void assert_has(const char *text, const char *part)
{
    ck_assert_msg(strstr(text, part) != NULL, "'%s' lacks '%s'", text, part);
}

static int same_bits(const double *a, const double *b, size_t n)
{
    return n == 0 || memcmp(a, b, n * sizeof *a) == 0;
}

/* ---- per-fold values equal a manual fit/predict ----------------------------------- */

/* Fits spec on the training rows of split i and predicts its test rows. */
static double *manual_fold(const char *spec, const clearn_dataset *ds, const clearn_split *s,
                           size_t i, double *truth_out, size_t *n_test)
{
    clearn_error err;
    size_t ntr = clearn_split_train_size(s, i), nte = clearn_split_test_size(s, i);
    size_t *tr = malloc(ntr * sizeof *tr), *te = malloc(nte * sizeof *te);
    clearn_dataset *a, *b;
    clearn_estimator *e = clearn_estimator_new(spec, &err);
    double *pred = malloc(nte * sizeof *pred);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(clearn_split_train(s, i, tr, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_split_test(s, i, te, &err), CLEARN_OK);
    a = clearn_dataset_subset(ds, tr, ntr, &err);
    b = clearn_dataset_subset(ds, te, nte, &err);
    ck_assert_int_eq(clearn_estimator_fit(e, a, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(e, b, pred, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_column(b, clearn_dataset_class(b), truth_out, &err), CLEARN_OK);
    *n_test = nte;
    clearn_dataset_free(a);
    clearn_dataset_free(b);
    clearn_estimator_free(e);
    free(tr);
    free(te);
    return pred;
}

START_TEST(test_folds_equal_manual)
{
    static const char *const metrics[] = {"accuracy", "kappa", "f1_macro"};
    static const char *const specs[] = {"oner", "oner min_bucket=2", "standardize | oner", "zeror"};
    clearn_dataset *ds = tu_dataset("iris.csv", NULL);
    clearn_split *s = kfold(ds, 5, 1, 1);
    for (size_t q = 0; q < sizeof specs / sizeof *specs; q++) {
        clearn_cv_result *r = run_cv(specs[q], ds, s, metrics, 3, 2);
        ck_assert_uint_eq(clearn_cv_result_splits(r), 5);
        for (size_t i = 0; i < 5; i++) {
            double truth[150], v;
            size_t nte;
            double *pred = manual_fold(specs[q], ds, s, i, truth, &nte);
            clearn_error err;
            size_t te[150];
            ck_assert_int_eq(clearn_metric_accuracy(truth, pred, nte, 3, &v, &err), CLEARN_OK);
            ck_assert_msg(v == clearn_cv_result_value(r, 0, i), "%s fold %zu", specs[q], i);
            ck_assert_int_eq(clearn_metric_kappa(truth, pred, nte, 3, &v, &err), CLEARN_OK);
            ck_assert(v == clearn_cv_result_value(r, 1, i) || (isnan(v) && isnan(clearn_cv_result_value(r, 1, i))));
            ck_assert_int_eq(clearn_metric_f1(truth, pred, nte, 3, CLEARN_AVERAGE_MACRO, &v, &err), CLEARN_OK);
            ck_assert(v == clearn_cv_result_value(r, 2, i));
            /* the out-of-fold predictions are the fold's */
            clearn_split_test(s, i, te, &err);
            for (size_t j = 0; j < nte; j++)
                ck_assert(clearn_cv_result_predictions(r, 0)[te[j]] == pred[j]);
            ck_assert_uint_eq(clearn_cv_result_test_rows(r, i), nte);
            ck_assert_uint_eq(clearn_cv_result_train_rows(r, i), 150 - nte);
            ck_assert(clearn_cv_result_fit_seconds(r, i) >= 0);
            ck_assert(clearn_cv_result_predict_seconds(r, i) >= 0);
            free(pred);
        }
        clearn_cv_result_free(r);
    }
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

/* scikit-learn's DummyRegressor is ZeroR for a numeric class. Command:
 *   /usr/bin/python3 - <<EOF
 *   import pandas as pd; from scipy.io import arff
 *   from sklearn.model_selection import KFold, cross_validate
 *   from sklearn.dummy import DummyRegressor
 *   c = pd.DataFrame(arff.loadarff("datasets/cpu.arff")[0])
 *   X = c.iloc[:, :-1].to_numpy(float); y = c.iloc[:, -1].to_numpy(float)
 *   r = cross_validate(DummyRegressor(), X, y, cv=KFold(10), scoring=[
 *       "neg_root_mean_squared_error", "neg_mean_absolute_error", "r2"])
 *   EOF */
START_TEST(test_sklearn_cpu_zeror)
{
    static const double rmse[10] = {291.33831652592909, 93.247726874882986, 76.001295668171707,
        75.96753248728831, 137.92640563555199, 77.290057421316988, 58.109781382940966,
        164.4044765199653, 70.392745946251139, 325.19601081848316};
    static const double mae[10] = {171.42679837892604, 77.464032421479217, 72.453900709219866,
        71.282421479229995, 105.31281661600811, 72.86904761904762, 54.38424518743669,
        116.2320162107396, 63.679078014184405, 185.90000000000001};
    static const double r2[10] = {-0.21340050504712482, -0.095093728654268128, -5.6353291272967345,
        -0.81025169752940251, -0.016499239435393331, -5.3469416303274162, -4.0105156435868228,
        -0.12438705458194765, -0.94977672018196246, -0.19572328168367314};
    clearn_dataset *ds = tu_dataset("cpu.arff", NULL);
    clearn_split *s = kfold(ds, 10, 0, 0);
    clearn_cv_result *r = run_cv("zeror", ds, s, NULL, 0, 0);   /* defaults: rmse, mae, r2 */
    ck_assert_uint_eq(clearn_cv_result_metrics(r), 3);
    ck_assert_str_eq(clearn_cv_result_metric(r, 0)->name, "rmse");
    ck_assert_str_eq(clearn_cv_result_metric(r, 2)->name, "r2");
    ck_assert_uint_eq(clearn_cv_result_classes(r), 0);
    ck_assert_ptr_null(clearn_cv_result_confusion(r));
    for (size_t i = 0; i < 10; i++) {
        ck_assert_double_eq_tol(clearn_cv_result_value(r, 0, i), rmse[i], 1e-9 * rmse[i]);
        ck_assert_double_eq_tol(clearn_cv_result_value(r, 1, i), mae[i], 1e-9 * mae[i]);
        ck_assert_double_eq_tol(clearn_cv_result_value(r, 2, i), r2[i], 1e-9);
    }
    clearn_cv_result_free(r);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- summaries ------------------------------------------------------------------------ */

START_TEST(test_mean_sd_pooled_confusion)
{
    static const char *const metrics[] = {"accuracy"};
    clearn_dataset *ds = tu_dataset("iris.csv", NULL);
    clearn_split *s = kfold(ds, 10, 1, 1);
    clearn_cv_result *r = run_cv("oner", ds, s, metrics, 1, 0);
    const size_t *cm = clearn_cv_result_confusion(r);
    const double *pred = clearn_cv_result_predictions(r, 0), *truth = clearn_cv_result_truth(r);
    double sum = 0, ss = 0, mean, correct = 0;
    size_t total = 0, diag = 0;
    for (size_t i = 0; i < 10; i++)
        sum += clearn_cv_result_value(r, 0, i);
    mean = sum / 10;
    for (size_t i = 0; i < 10; i++)
        ss += (clearn_cv_result_value(r, 0, i) - mean) * (clearn_cv_result_value(r, 0, i) - mean);
    ck_assert(clearn_cv_result_mean(r, 0) == mean);
    ck_assert(clearn_cv_result_sd(r, 0) == sqrt(ss / 9));
    ck_assert_uint_eq(clearn_cv_result_classes(r), 3);
    for (size_t j = 0; j < 150; j++) {
        ck_assert(!isnan(pred[j]));       /* every row tested once */
        correct += pred[j] == truth[j];
    }
    for (size_t t = 0; t < 3; t++)
        for (size_t p = 0; p < 3; p++) {
            total += cm[t * 3 + p];
            diag += t == p ? cm[t * 3 + p] : 0;
        }
    ck_assert_uint_eq(total, 150);
    ck_assert_uint_eq(diag, (size_t)correct);
    ck_assert(clearn_cv_result_pooled(r, 0) == correct / 150);
    ck_assert_ptr_null(clearn_cv_result_probabilities(r, 0));
    ck_assert_ptr_null(clearn_cv_result_warning(r));
    ck_assert_str_eq(clearn_cv_result_spec(r), "oner");
    ck_assert_uint_eq(clearn_cv_result_metric_index(r, "accuracy"), 0);
    ck_assert_uint_eq(clearn_cv_result_metric_index(r, "kappa"), CLEARN_NONE);
    /* out of range */
    ck_assert(isnan(clearn_cv_result_value(r, 1, 0)) && isnan(clearn_cv_result_value(r, 0, 10)));
    ck_assert(isnan(clearn_cv_result_mean(r, 1)) && isnan(clearn_cv_result_sd(r, 1)));
    ck_assert(isnan(clearn_cv_result_pooled(r, 1)) && isnan(clearn_cv_result_fit_seconds(r, 10)));
    ck_assert_ptr_null(clearn_cv_result_predictions(r, 1));
    ck_assert_ptr_null(clearn_cv_result_metric(r, 1));
    ck_assert_uint_eq(clearn_cv_result_test_rows(r, 10), 0);
    ck_assert_uint_eq(clearn_cv_result_splits(NULL), 0);
    ck_assert_ptr_null(clearn_cv_result_spec(NULL));
    clearn_cv_result_free(r);
    clearn_cv_result_free(NULL);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_repeated_and_holdout)
{
    static const char *const metrics[] = {"accuracy", "log_loss"};
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.csv", NULL);
    clearn_split *s = clearn_split_repeated(ds, 3, 5, 1, 11, &err);
    clearn_cv_result *r = run_cv("oner", ds, s, metrics, 2, 0);
    double pooled = 0;
    ck_assert_uint_eq(clearn_cv_result_splits(r), 15);
    ck_assert_uint_eq(clearn_cv_result_repeats(r), 3);
    for (size_t rep = 0; rep < 3; rep++) {
        const double *p = clearn_cv_result_predictions(r, rep);
        const double *pr = clearn_cv_result_probabilities(r, rep);
        double correct = 0;
        ck_assert_ptr_nonnull(pr);   /* log_loss needs them */
        for (size_t j = 0; j < 150; j++) {
            ck_assert(!isnan(p[j]));
            ck_assert_double_eq_tol(pr[j * 3] + pr[j * 3 + 1] + pr[j * 3 + 2], 1.0, 1e-12);
            correct += p[j] == clearn_cv_result_truth(r)[j];
        }
        pooled += correct / 150 / 3;
    }
    ck_assert_double_eq_tol(clearn_cv_result_pooled(r, 0), pooled, 1e-15);
    ck_assert(clearn_cv_result_mean(r, 1) > 0);
    clearn_cv_result_free(r);
    clearn_split_free(s);
    /* holdout: training rows have no prediction */
    s = clearn_split_holdout(ds, 0.2, 1, 3, &err);
    r = run_cv("oner", ds, s, metrics, 1, 0);
    {
        const double *p = clearn_cv_result_predictions(r, 0);
        size_t te[150], tested = 0;
        clearn_split_test(s, 0, te, &err);
        for (size_t j = 0; j < 150; j++)
            tested += !isnan(p[j]);
        ck_assert_uint_eq(tested, 30);
        for (size_t j = 0; j < 30; j++)
            ck_assert(!isnan(p[te[j]]));
        ck_assert(isnan(clearn_cv_result_sd(r, 0)));   /* one split */
        ck_assert(clearn_cv_result_pooled(r, 0) == clearn_cv_result_mean(r, 0));
    }
    clearn_cv_result_free(r);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_loo)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("weather.nominal.arff", NULL);
    clearn_split *s = clearn_split_loo(ds, &err);
    clearn_cv_result *r = run_cv("zeror", ds, s, NULL, 0, 0);
    const double *p = clearn_cv_result_predictions(r, 0);
    double correct = 0;
    ck_assert_uint_eq(clearn_cv_result_splits(r), 14);
    for (size_t j = 0; j < 14; j++)
        correct += p[j] == clearn_cv_result_truth(r)[j];
    /* ZeroR under LOO: leaving out a "yes" (9 of 14) still predicts yes:
     * 9/14 right; leaving out a "no" predicts yes: wrong. */
    ck_assert(correct == 9);
    ck_assert(clearn_cv_result_mean(r, 0) == 9.0 / 14);
    ck_assert(clearn_cv_result_pooled(r, 0) == 9.0 / 14);
    ck_assert(isnan(clearn_cv_result_mean(r, 1)));   /* kappa of one row: NaN */
    ck_assert(clearn_cv_result_pooled(r, 1) == 0);    /* pooled kappa of a constant: 0 */
    clearn_cv_result_free(r);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- pipelines: transforms fitted inside the folds ------------------------------------ */

/* "standardize | t_first" predicts the first attribute after standardizing
 * it: with the statistics of the training fold, not of all the data. */
START_TEST(test_pipeline_inside_folds)
{
    static const char *const metrics[] = {"rmse"};
    clearn_error err;
    clearn_dataset *ds = tu_dataset("cpu.arff", NULL);
    clearn_split *s = kfold(ds, 5, 0, 1);
    clearn_estimator *e = clearn_estimator_new("standardize | t_first", &err);
    clearn_cv_options o;
    clearn_cv_result *inside, *outside;
    clearn_transform *t = clearn_transform_new("standardize", &err);
    clearn_dataset *all;
    size_t n = clearn_dataset_rows(ds), differ = 0;
    clearn_cv_options_init(&o);
    o.metrics = metrics;
    o.n_metrics = 1;
    inside = clearn_cv(e, ds, s, &o, &err);
    ck_assert_msg(inside != NULL, "%s", err.text);
    ck_assert(!clearn_estimator_is_fitted(e));   /* the caller's estimator is untouched */
    /* expected: per fold, standardize fitted on the training rows only */
    for (size_t i = 0; i < 5; i++) {
        size_t ntr = clearn_split_train_size(s, i), nte = clearn_split_test_size(s, i);
        size_t *tr = malloc(ntr * sizeof *tr), *te = malloc(nte * sizeof *te);
        clearn_dataset *a, *b, *tb;
        clearn_split_train(s, i, tr, &err);
        clearn_split_test(s, i, te, &err);
        a = clearn_dataset_subset(ds, tr, ntr, &err);
        b = clearn_dataset_subset(ds, te, nte, &err);
        ck_assert_int_eq(clearn_transform_fit(t, a, &err), CLEARN_OK);
        tb = clearn_transform_apply(t, b, &err);
        for (size_t j = 0; j < nte; j++)
            ck_assert(clearn_cv_result_predictions(inside, 0)[te[j]] == clearn_dataset_get(tb, j, 0));
        clearn_dataset_free(a);
        clearn_dataset_free(b);
        clearn_dataset_free(tb);
        free(tr);
        free(te);
    }
    /* standardizing all the data first (the leak) gives other numbers */
    ck_assert_int_eq(clearn_transform_fit(t, ds, &err), CLEARN_OK);
    all = clearn_transform_apply(t, ds, &err);
    outside = clearn_cv_spec("t_first", all, s, &o, &err);
    ck_assert_ptr_nonnull(outside);
    for (size_t j = 0; j < n; j++)
        differ += clearn_cv_result_predictions(inside, 0)[j] != clearn_cv_result_predictions(outside, 0)[j];
    ck_assert_uint_eq(differ, n);
    ck_assert(clearn_cv_result_mean(inside, 0) != clearn_cv_result_mean(outside, 0));
    clearn_cv_result_free(inside);
    clearn_cv_result_free(outside);
    clearn_dataset_free(all);
    clearn_transform_free(t);
    clearn_estimator_free(e);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- determinism across thread counts ------------------------------------------------ */

static void assert_identical(const clearn_cv_result *a, const clearn_cv_result *b)
{
    size_t ns = clearn_cv_result_splits(a), nm = clearn_cv_result_metrics(a);
    size_t n = clearn_cv_result_rows(a), k = clearn_cv_result_classes(a);
    ck_assert_uint_eq(ns, clearn_cv_result_splits(b));
    for (size_t m = 0; m < nm; m++) {
        double va = clearn_cv_result_mean(a, m), vb = clearn_cv_result_mean(b, m);
        ck_assert(same_bits(&va, &vb, 1));
        va = clearn_cv_result_sd(a, m), vb = clearn_cv_result_sd(b, m);
        ck_assert(same_bits(&va, &vb, 1));
        va = clearn_cv_result_pooled(a, m), vb = clearn_cv_result_pooled(b, m);
        ck_assert(same_bits(&va, &vb, 1));
        for (size_t i = 0; i < ns; i++) {
            va = clearn_cv_result_value(a, m, i), vb = clearn_cv_result_value(b, m, i);
            ck_assert(same_bits(&va, &vb, 1));
        }
    }
    for (size_t rep = 0; rep < clearn_cv_result_repeats(a); rep++) {
        ck_assert(same_bits(clearn_cv_result_predictions(a, rep), clearn_cv_result_predictions(b, rep), n));
        if (clearn_cv_result_probabilities(a, rep))
            ck_assert(same_bits(clearn_cv_result_probabilities(a, rep),
                                clearn_cv_result_probabilities(b, rep), n * k));
    }
    if (k)
        ck_assert(memcmp(clearn_cv_result_confusion(a), clearn_cv_result_confusion(b),
                         k * k * sizeof(size_t)) == 0);
}

START_TEST(test_threads_bit_identical)
{
    static const char *const cm[] = {"accuracy", "kappa", "log_loss", "brier", "roc_auc", "mcc"};
    static const char *const rm[] = {"rmse", "mae", "r2", "explained_variance", "max_error"};
    clearn_error err;
    clearn_dataset *iris = tu_dataset("iris.csv", NULL), *cpu = tu_dataset("cpu.arff", NULL);
    clearn_split *s1 = clearn_split_repeated(iris, 3, 10, 1, 5, &err);
    clearn_split *s2 = clearn_split_repeated(cpu, 2, 7, 0, 5, &err);
    clearn_cv_result *base1 = run_cv("standardize | oner", iris, s1, cm, 6, 1);
    clearn_cv_result *base2 = run_cv("minmax | t_first", cpu, s2, rm, 5, 1);
    static const long threads[] = {2, 4, 0};
    for (size_t t = 0; t < 3; t++) {
        clearn_cv_result *r1 = run_cv("standardize | oner", iris, s1, cm, 6, threads[t]);
        clearn_cv_result *r2 = run_cv("minmax | t_first", cpu, s2, rm, 5, threads[t]);
        assert_identical(base1, r1);
        assert_identical(base2, r2);
        clearn_cv_result_free(r1);
        clearn_cv_result_free(r2);
    }
    clearn_cv_result_free(base1);
    clearn_cv_result_free(base2);
    clearn_split_free(s1);
    clearn_split_free(s2);
    clearn_dataset_free(iris);
    clearn_dataset_free(cpu);
}
END_TEST

/* clearn_cv_many: one task list for several models, each result equal to
 * its own clearn_cv; progress reported in order up to models x splits. */
struct prog {
    size_t calls, last, total;
    int ordered;
};

static void on_progress(void *ctx, size_t done, size_t total)
{
    struct prog *p = ctx;
    p->ordered &= done == p->last + 1;
    p->last = done;
    p->total = total;
    p->calls++;
}

START_TEST(test_many_and_progress)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.csv", NULL);
    clearn_split *s = kfold(ds, 10, 1, 1);
    clearn_estimator *m[3];
    clearn_cv_result *res[3];
    clearn_cv_options o;
    struct prog p = {0, 0, 0, 1};
    m[0] = clearn_estimator_new("oner", &err);
    m[1] = clearn_estimator_new("zeror", &err);
    m[2] = clearn_estimator_new("standardize | oner min_bucket=3", &err);
    clearn_cv_options_init(&o);
    o.threads = 2;
    o.progress = on_progress;
    o.progress_ctx = &p;
    ck_assert_int_eq(clearn_cv_many((const clearn_estimator *const *)m, 3, ds, s, &o, res, &err),
                     CLEARN_OK);
    ck_assert_uint_eq(p.calls, 30);
    ck_assert_uint_eq(p.total, 30);
    ck_assert(p.ordered);
    for (size_t i = 0; i < 3; i++) {
        clearn_cv_result *one = clearn_cv(m[i], ds, s, NULL, &err);
        assert_identical(res[i], one);
        clearn_cv_result_free(one);
        clearn_cv_result_free(res[i]);
        clearn_estimator_free(m[i]);
    }
    ck_assert_int_eq(clearn_cv_many(NULL, 3, ds, s, &o, res, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_cv_many((const clearn_estimator *const *)m, 0, ds, s, &o, res, &err),
                     CLEARN_EINVAL);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- warnings and bad input ------------------------------------------------------------- */

START_TEST(test_warning_few_members)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("weather.nominal.arff", NULL);   /* 9 yes, 5 no */
    clearn_split *s = clearn_split_stratified_kfold(ds, 7, 1, 1, &err);
    clearn_cv_result *r;
    ck_assert_ptr_nonnull(s);
    r = run_cv("oner", ds, s, NULL, 0, 0);
    ck_assert_ptr_nonnull(clearn_cv_result_warning(r));
    ck_assert_str_eq(clearn_cv_result_warning(r), "The least populated class in y has only 5 "
                                                  "members, which is less than n_splits=7.");
    clearn_cv_result_free(r);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_bad_predictions)
{
    clearn_dataset *iris = tu_dataset("iris.csv", NULL), *cpu = tu_dataset("cpu.arff", NULL);
    clearn_split *s1 = kfold(iris, 5, 1, 1), *s2 = kfold(cpu, 5, 0, 1);
    const char *msg = cv_fails("t_nan", iris, s1, NULL, CLEARN_EINVAL);
    assert_has(msg, "fold 1 of 5: t_nan predicted nan for data row ");
    assert_has(msg, "(not a class code)");
    msg = cv_fails("t_nan", cpu, s2, NULL, CLEARN_EINVAL);
    assert_has(msg, "fold 1 of 5: t_nan predicted nan for data row ");
    assert_has(msg, "(not a number)");
    msg = cv_fails("t_badcode", iris, s1, NULL, CLEARN_EINVAL);
    assert_has(msg, "t_badcode predicted 7 for data row");
    clearn_split_free(s1);
    clearn_split_free(s2);
    clearn_dataset_free(iris);
    clearn_dataset_free(cpu);
}
END_TEST

/* A fit that fails in one fold only: that fold is named, for every thread
 * count. */
START_TEST(test_fold_error_located)
{
    double x[40], y[40];
    static const char *const names[] = {"a", "b"};
    clearn_error err;
    clearn_dataset *ds;
    clearn_split *s;
    size_t f0;
    char want[64];
    for (int i = 0; i < 40; i++) {
        x[i] = i;
        y[i] = i % 2;
    }
    ds = clearn_dataset_from_arrays(40, 1, x, NULL, y, names, 2, &err);
    s = kfold(ds, 8, 0, 1);
    f0 = clearn_split_fold_of(s, 0, 0);   /* the only fold whose training rows lack x1=0 */
    snprintf(want, sizeof want, "fold %zu of 8: t_fail: no row with x1=0", f0 + 1);
    for (long t = 1; t <= 4; t++) {
        clearn_cv_options o;
        clearn_cv_options_init(&o);
        o.threads = t;
        ck_assert_str_eq(cv_fails("t_fail", ds, s, &o, CLEARN_ENUMERIC), want);
    }
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_bad_arguments)
{
    static const char *const reg[] = {"rmse"}, *const bogus[] = {"bogus"};
    static const char *const ll[] = {"accuracy", "log_loss"}, *const nul[] = {NULL};
    clearn_error err;
    clearn_dataset *iris = tu_dataset("iris.csv", NULL), *cpu = tu_dataset("cpu.arff", NULL);
    clearn_dataset *noclass = clearn_dataset_copy(iris, &err);
    clearn_split *s = kfold(iris, 5, 1, 1), *s2 = kfold(cpu, 5, 0, 1);
    clearn_estimator *e = clearn_estimator_new("oner", &err);
    clearn_cv_options o;
    clearn_cv_result *out[1];
    clearn_dataset_set_class(noclass, CLEARN_NONE, &err);
    clearn_cv_options_init(&o);
    ck_assert_ptr_null(clearn_cv(NULL, iris, s, NULL, &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_ptr_null(clearn_cv(e, NULL, s, NULL, &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_ptr_null(clearn_cv(e, iris, NULL, NULL, &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_int_eq(clearn_cv_many((const clearn_estimator *const *)&e, 1, iris, s, NULL, NULL, &err),
                     CLEARN_EINVAL);
    assert_has(cv_fails("oner", noclass, s, NULL, CLEARN_EINVAL), "needs a class attribute");
    assert_has(cv_fails("oner", cpu, s, NULL, CLEARN_EINVAL),
               "the split was built for 150 rows, the dataset has 209");
    assert_has(cv_fails("oner", cpu, s2, NULL, CLEARN_EINVAL),
               "oner is a classifier but the class 'class' is numeric");
    ck_assert_str_eq(cv_fails("nosuch", iris, s, NULL, CLEARN_ENOTFOUND),
                     "no estimator named 'nosuch' (see clearn list)");
    o.metrics = reg;
    o.n_metrics = 1;
    ck_assert_str_eq(cv_fails("oner", iris, s, &o, CLEARN_EINVAL),
                     "metric rmse is for regression, but the class 'class' is nominal");
    o.metrics = bogus;
    assert_has(cv_fails("oner", iris, s, &o, CLEARN_ENOTFOUND), "bogus");
    o.metrics = nul;
    ck_assert_str_eq(cv_fails("oner", iris, s, &o, CLEARN_EINVAL), "cv: metric 1 is NULL");
    o.metrics = ll;
    o.n_metrics = 2;
    ck_assert_str_eq(cv_fails("t_noproba", iris, s, &o, CLEARN_EINVAL),
                     "metric log_loss needs class probabilities, which t_noproba does not give");
    o.n_metrics = 1;
    o.keep_proba = 1;
    ck_assert_str_eq(cv_fails("t_noproba", iris, s, &o, CLEARN_EINVAL),
                     "keep_proba: t_noproba gives no class probabilities");
    o.keep_proba = 0;
    o.threads = -1;
    ck_assert_str_eq(cv_fails("oner", iris, s, &o, CLEARN_EINVAL),
                     "threads=-1: must be >= 0 (0 = all CPUs)");
    clearn_estimator_free(e);
    clearn_split_free(s);
    clearn_split_free(s2);
    clearn_dataset_free(iris);
    clearn_dataset_free(cpu);
    clearn_dataset_free(noclass);
    (void)out;
}
END_TEST

START_TEST(test_keep_proba)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.csv", NULL);
    clearn_split *s = kfold(ds, 3, 1, 1);
    clearn_cv_options o;
    clearn_cv_result *r;
    clearn_cv_options_init(&o);
    o.keep_proba = 1;
    r = clearn_cv_spec("zeror", ds, s, &o, &err);
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(clearn_cv_result_probabilities(r, 0));
    ck_assert_ptr_null(clearn_cv_result_probabilities(r, 1));
    clearn_cv_result_free(r);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_default_metrics)
{
    const char *const *names;
    clearn_dataset *iris = tu_dataset("iris.csv", NULL);
    clearn_error err;
    ck_assert_uint_eq(clearn_cv_default_metrics(iris, &names), 2);
    ck_assert_str_eq(names[0], "accuracy");
    ck_assert_str_eq(names[1], "kappa");
    clearn_dataset_set_class(iris, 0, &err);
    ck_assert_uint_eq(clearn_cv_default_metrics(iris, &names), 3);
    ck_assert_str_eq(names[0], "rmse");
    clearn_dataset_set_class(iris, CLEARN_NONE, &err);
    ck_assert_uint_eq(clearn_cv_default_metrics(iris, &names), 0);
    ck_assert_ptr_null(names);
    ck_assert_uint_eq(clearn_cv_default_metrics(NULL, NULL), 0);
    clearn_cv_options_init(NULL);
    clearn_dataset_free(iris);
}
END_TEST

/* Rows whose class is missing are in no fold and get no prediction. */
START_TEST(test_missing_class_rows)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.csv", NULL);
    clearn_split *s;
    clearn_cv_result *r;
    ck_assert_int_eq(clearn_dataset_set(ds, 3, 4, NAN, &err), CLEARN_OK);
    s = kfold(ds, 5, 1, 1);
    r = run_cv("oner", ds, s, NULL, 0, 2);
    ck_assert(isnan(clearn_cv_result_predictions(r, 0)[3]));
    ck_assert(isnan(clearn_cv_result_truth(r)[3]));
    {
        size_t total = 0;
        for (size_t i = 0; i < 9; i++)
            total += clearn_cv_result_confusion(r)[i];
        ck_assert_uint_eq(total, 149);
    }
    clearn_cv_result_free(r);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- allocation failures ---------------------------------------------------------------- */

START_TEST(test_alloc_failures)
{
    static const char *const metrics[] = {"accuracy", "log_loss"};
    clearn_error err;
    clearn_dataset *ds = tu_dataset("weather.nominal.arff", NULL);
    clearn_split *s = kfold(ds, 3, 1, 1);
    clearn_estimator *e = clearn_estimator_new("onehot | oner", &err);
    clearn_cv_options o;
    clearn_cv_result *r = NULL;
    long k;
    clearn_cv_options_init(&o);
    o.metrics = metrics;
    o.n_metrics = 2;
    o.threads = 1;
    for (k = 0; k < 100000; k += tu_valgrind() ? 5 : 1) {   /* quadratic: thinner under valgrind */
        clearn__alloc_fail_after(k);
        r = clearn_cv(e, ds, s, &o, &err);
        clearn__alloc_fail_after(-1);
        if (r)
            break;
        ck_assert_msg(err.code == CLEARN_ENOMEM, "k=%ld: %d %s", k, err.code, err.text);
    }
    ck_assert_ptr_nonnull(r);
    ck_assert(k > 10);
    clearn_cv_result_free(r);
    clearn_estimator_free(e);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

static Suite *cv_suite(void)
{
    Suite *s = suite_create("cv");
    TCase *tc = tcase_create("cv");
    tcase_set_timeout(tc, tu_valgrind() ? 600 : 60);
    tcase_add_test(tc, test_folds_equal_manual);
    tcase_add_test(tc, test_sklearn_cpu_zeror);
    tcase_add_test(tc, test_mean_sd_pooled_confusion);
    tcase_add_test(tc, test_repeated_and_holdout);
    tcase_add_test(tc, test_loo);
    tcase_add_test(tc, test_pipeline_inside_folds);
    tcase_add_test(tc, test_threads_bit_identical);
    tcase_add_test(tc, test_many_and_progress);
    tcase_add_test(tc, test_warning_few_members);
    tcase_add_test(tc, test_bad_predictions);
    tcase_add_test(tc, test_fold_error_located);
    tcase_add_test(tc, test_bad_arguments);
    tcase_add_test(tc, test_keep_proba);
    tcase_add_test(tc, test_default_metrics);
    tcase_add_test(tc, test_missing_class_rows);
    tcase_add_test(tc, test_alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    clearn_error err;
    for (size_t i = 0; i < sizeof test_types / sizeof *test_types; i++)
        if (clearn_register(&test_types[i], &err) != CLEARN_OK) {
            fprintf(stderr, "register %s: %s\n", test_types[i].name, err.text);
            return EXIT_FAILURE;
        }
    return run_suite(cv_suite());
}
