/* Tests of grid search, learning curves (lib/grid.c) and model comparison
 * (lib/compare.c).
 *
 * Reference values, with the commands that produced them:
 * - betainc, Student's t and binomial tails: scipy 1.10.1,
 *     /usr/bin/python3 -c 'from scipy import special, stats;
 *       print("%.17g" % special.betainc(a, b, x));
 *       print("%.17g" % (2 * stats.t.sf(abs(t), df)));
 *       print("%.17g" % stats.binom.cdf(m, n, 0.5))'
 * - the corrected resampled t-test: Weka 3.6's own class,
 *     new weka.experiment.PairedStatsCorrected(0.05, ratio), add(a_i, b_i),
 *     calculateDerived(), printing differencesStats.mean, .stdDev and
 *     differencesProbability (a 10-line Java program compiled against
 *     /usr/share/java/weka.jar), and the same with numpy/scipy:
 *       d = a - b; t = d.mean() / sqrt((1/n + r) * d.var(ddof=1));
 *       p = 2 * stats.t.sf(abs(t), n - 1)
 * - McNemar: statsmodels 0.13.5,
 *     from statsmodels.stats.contingency_tables import mcnemar
 *     r = mcnemar([[50, n01], [n10, 7]], exact=False, correction=True)
 *     r.statistic, r.pvalue, mcnemar(same, exact=True).pvalue */
#include "config.h"
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "testutil.h"
#include "internal.h"
#include "eval.h"

/* ---- test types: constant predictors with a parameter ---------------------- */

struct cstate {
    long code;
    double value;
};

static const clearn_param const_params[] = {
    {.name = "code", .type = CLEARN_PARAM_INT, .offset = offsetof(struct cstate, code),
     .def = "0", .min = 0, .max = 100, .help = "class code predicted"},
    {.name = "value", .type = CLEARN_PARAM_DOUBLE, .offset = offsetof(struct cstate, value),
     .def = "0", .min = 1, .max = 0, .help = "number predicted"},
};

static int c_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    (void)st;
    (void)train;
    (void)err;
    return CLEARN_OK;
}

static int c_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    const struct cstate *s = st;
    size_t c = clearn_dataset_class(x);
    int nominal = clearn_dataset_attr_kind(x, c) == CLEARN_NOMINAL;
    (void)err;
    for (size_t i = 0; i < clearn_dataset_rows(x); i++)
        out[i] = nominal ? (double)s->code : s->value;
    return CLEARN_OK;
}

static int c_save(const void *st, clearn_writer *w, clearn_error *err)
{
    (void)st;
    return clearn_writer_int(w, "c", 1, err);
}

static int c_load(void *st, clearn_reader *r, clearn_error *err)
{
    long v;
    (void)st;
    return clearn_reader_int(r, "c", &v, err);
}

static const clearn_estimator_type const_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI, .name = "t_const", .summary = "constant",
    .tasks = CLEARN_CLASSIFY | CLEARN_REGRESS, .params = const_params, .n_params = 2,
    .state_size = sizeof(struct cstate), .fit = c_fit, .predict = c_predict, .save = c_save,
    .load = c_load};

/* ---- helpers ------------------------------------------------------------------ */

/* 100 rows, classes 0/1/2 in proportions 50/30/20, x1 = row index. */
static clearn_dataset *three_classes(void)
{
    static const char *const names[] = {"a", "b", "c"};
    double x[100], y[100];
    clearn_error err;
    clearn_dataset *ds;
    for (int i = 0; i < 100; i++) {
        x[i] = i;
        y[i] = i < 50 ? 0 : i < 80 ? 1 : 2;
    }
    ds = clearn_dataset_from_arrays(100, 1, x, NULL, y, names, 3, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    return ds;
}

static void assert_has(const char *text, const char *part)
{
    ck_assert_msg(strstr(text, part) != NULL, "'%s' lacks '%s'", text, part);
}

static void expect_expansion(const char *grid, const char *const *want, size_t n)
{
    clearn_error err;
    char **specs;
    size_t got;
    ck_assert_msg(clearn_grid_expand(grid, &specs, &got, &err) == CLEARN_OK, "%s: %s", grid, err.text);
    ck_assert_msg(got == n, "%s: %zu specs, expected %zu", grid, got, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(specs[i], want[i]);
    clearn_grid_specs_free(specs, got);
}

static const char *expand_fails(const char *grid, int code)
{
    static clearn_error err;
    char **specs = (char **)&err;
    size_t n = 99;
    ck_assert_int_eq(clearn_grid_expand(grid, &specs, &n, &err), code);
    ck_assert_int_eq(err.code, code);
    ck_assert_ptr_null(specs);
    ck_assert_uint_eq(n, 0);
    return err.text;
}

/* ---- expansion ------------------------------------------------------------------ */

START_TEST(test_expand_good)
{
    static const char *const one[] = {"oner min_bucket=1", "oner min_bucket=3", "oner min_bucket=6",
                                      "oner min_bucket=10"};
    static const char *const pipe[] = {"standardize | oner min_bucket=1",
                                       "standardize | oner min_bucket=3"};
    static const char *const two[] = {"knn k=1 metric=a", "knn k=1 metric=b", "knn k=1 metric=c",
                                      "knn k=5 metric=a", "knn k=5 metric=b", "knn k=5 metric=c"};
    static const char *const stages[] = {"minmax min=-1 | oner min_bucket=2",
                                         "minmax min=-1 | oner min_bucket=4",
                                         "minmax min=0 | oner min_bucket=2",
                                         "minmax min=0 | oner min_bucket=4"};
    static const char *const quoted[] = {"x s='a,b'"};
    static const char *const quoted2[] = {"x s='a,b' t=1", "x s=\"c d\" t=1", "x s=e t=1"};
    static const char *const bar[] = {"x s='a|b'", "x s=c"};
    static const char *const plain[] = {"zeror"};
    expect_expansion("oner min_bucket=1,3,6,10", one, 4);
    expect_expansion("  standardize|oner   min_bucket=1,3 ", pipe, 2);
    expect_expansion("knn k=1,5 metric=a,b,c", two, 6);
    expect_expansion("minmax min=-1,0 | oner min_bucket=2,4", stages, 4);
    expect_expansion("x s='a,b'", quoted, 1);
    expect_expansion("x s='a,b',\"c d\",e t=1", quoted2, 3);
    expect_expansion("x s='a|b',c", bar, 2);
    expect_expansion("zeror", plain, 1);
}
END_TEST

START_TEST(test_expand_bad)
{
    char **specs;
    size_t n;
    clearn_error err;
    ck_assert_str_eq(expand_fails("oner min_bucket=", CLEARN_EINVAL), "grid: 'min_bucket=' has no values");
    ck_assert_str_eq(expand_fails("oner min_bucket=1,,3", CLEARN_EINVAL),
                     "grid: 'min_bucket=1,,3' has an empty value in its list");
    ck_assert_str_eq(expand_fails("oner min_bucket=1,", CLEARN_EINVAL),
                     "grid: 'min_bucket=1,' has an empty value in its list");
    ck_assert_str_eq(expand_fails("oner min_bucket=,1", CLEARN_EINVAL),
                     "grid: 'min_bucket=,1' has an empty value in its list");
    ck_assert_str_eq(expand_fails("oner s='a,b", CLEARN_EINVAL), "grid 'oner s='a,b': unterminated quote");
    ck_assert_str_eq(expand_fails("", CLEARN_EINVAL), "grid: empty spec");
    ck_assert_str_eq(expand_fails("  ", CLEARN_EINVAL), "grid: empty spec");
    ck_assert_str_eq(expand_fails("| oner", CLEARN_EINVAL), "grid '| oner': a stage has no name");
    ck_assert_str_eq(expand_fails("oner |", CLEARN_EINVAL), "grid 'oner |': a stage has no name");
    ck_assert_str_eq(expand_fails("a | | oner", CLEARN_EINVAL), "grid 'a | | oner': a stage has no name");
    /* 10^7 combinations */
    assert_has(expand_fails("x a=1,2,3,4,5,6,7,8,9,10 b=1,2,3,4,5,6,7,8,9,10 c=1,2,3,4,5,6,7,8,9,10 "
                            "d=1,2,3,4,5,6,7,8,9,10 e=1,2,3,4,5,6,7,8,9,10 f=1,2,3,4,5,6,7,8,9,10 "
                            "g=1,2,3,4,5,6,7,8,9,10", CLEARN_ERANGE), "more than 1000000 combinations");
    ck_assert_int_eq(clearn_grid_expand(NULL, &specs, &n, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_grid_expand("x", NULL, &n, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_grid_expand("x", &specs, NULL, &err), CLEARN_EINVAL);
    clearn_grid_specs_free(NULL, 3);
}
END_TEST

/* ---- grid search ------------------------------------------------------------------- */

static clearn_grid *search(const char *grid, const clearn_dataset *ds, const clearn_split *s,
                           const char *rank, const char *const *metrics, size_t nm, long threads)
{
    clearn_error err;
    clearn_cv_options o;
    clearn_grid *g;
    clearn_cv_options_init(&o);
    o.metrics = metrics;
    o.n_metrics = nm;
    o.threads = threads;
    g = clearn_grid_search(grid, ds, s, rank, &o, &err);
    ck_assert_msg(g != NULL, "%s: %s", grid, err.text);
    return g;
}

static const char *search_fails(const char *grid, const clearn_dataset *ds, const clearn_split *s,
                                const char *rank, int code)
{
    static clearn_error err;
    clearn_grid *g = clearn_grid_search(grid, ds, s, rank, NULL, &err);
    ck_assert_msg(g == NULL, "%s should fail", grid);
    ck_assert_msg(err.code == code, "%s: %d %s", grid, err.code, err.text);
    return err.text;
}

START_TEST(test_ranking_classification)
{
    static const char *const acc[] = {"accuracy"};
    clearn_error err;
    clearn_dataset *ds = three_classes();
    clearn_split *s = clearn_split_stratified_kfold(ds, 5, 1, 3, &err);
    /* code=2: 20% right, code=0: 50%, code=1: 30%, code=0 again: a tie */
    clearn_grid *g = search("t_const code=2,0,1,0", ds, s, NULL, acc, 1, 0);
    ck_assert_uint_eq(clearn_grid_size(g), 4);
    ck_assert_str_eq(clearn_grid_spec(g, 0), "t_const code=2");
    ck_assert_uint_eq(clearn_grid_ranked(g, 0), 1);   /* ties kept in order */
    ck_assert_uint_eq(clearn_grid_ranked(g, 1), 3);
    ck_assert_uint_eq(clearn_grid_ranked(g, 2), 2);
    ck_assert_uint_eq(clearn_grid_ranked(g, 3), 0);
    ck_assert_uint_eq(clearn_grid_ranked(g, 4), CLEARN_NONE);
    ck_assert_str_eq(clearn_grid_metric(g)->name, "accuracy");
    ck_assert(clearn_cv_result_mean(clearn_grid_result(g, 1), 0) == 0.5);
    ck_assert_double_eq_tol(clearn_cv_result_mean(clearn_grid_result(g, 0), 0), 0.2, 1e-15);
    ck_assert_ptr_null(clearn_grid_result(g, 4));
    ck_assert_ptr_null(clearn_grid_spec(g, 4));
    clearn_grid_free(g);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_ranking_regression_lower_is_better)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("cpu.arff", NULL);
    clearn_split *s = clearn_split_kfold(ds, 5, 1, 3, &err);
    char spec[64], buf[32];
    /* defaults rmse, mae, r2; ranked by mae: the closest constant to the
     * median wins */
    clearn_grid *g = search("t_const value=0,100,50,1000", ds, s, "mae", NULL, 0, 2);
    ck_assert_str_eq(clearn_grid_metric(g)->name, "mae");
    ck_assert_uint_eq(clearn_cv_result_metrics(clearn_grid_result(g, 0)), 3);
    ck_assert_uint_eq(clearn_grid_ranked(g, 0), 2);
    ck_assert_uint_eq(clearn_grid_ranked(g, 1), 1);
    ck_assert_uint_eq(clearn_grid_ranked(g, 2), 0);
    ck_assert_uint_eq(clearn_grid_ranked(g, 3), 3);
    /* the refitted best */
    ck_assert(clearn_estimator_is_fitted(clearn_grid_best(g)));
    ck_assert_int_eq(clearn_estimator_get(clearn_grid_best(g), "value", buf, sizeof buf, &err), CLEARN_OK);
    ck_assert_str_eq(buf, "50");
    clearn_grid_free(g);
    /* a ranking metric not among the metrics is added */
    g = search("t_const value=0,100", ds, s, "max_error", NULL, 0, 1);
    ck_assert_uint_eq(clearn_cv_result_metrics(clearn_grid_result(g, 0)), 4);
    ck_assert_str_eq(clearn_cv_result_metric(clearn_grid_result(g, 0), 3)->name, "max_error");
    snprintf(spec, sizeof spec, "%s", clearn_grid_spec(g, clearn_grid_ranked(g, 0)));
    ck_assert_str_eq(spec, "t_const value=100");
    clearn_grid_free(g);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

/* Every combination's result equals its own cross-validation; the refitted
 * best predicts as a manual fit of the best spec; threads do not matter. */
START_TEST(test_grid_results_refit_threads)
{
    static const char *const metrics[] = {"accuracy", "kappa"};
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.csv", NULL);
    clearn_split *s = clearn_split_repeated(ds, 2, 5, 1, 9, &err);
    const char *grid = "standardize | oner min_bucket=1,5,20,40";
    clearn_grid *g = search(grid, ds, s, "kappa", metrics, 2, 1);
    clearn_estimator *manual, *best;
    double p1[150], p2[150];
    for (size_t i = 0; i < clearn_grid_size(g); i++) {
        clearn_cv_options o;
        clearn_cv_result *one;
        clearn_cv_options_init(&o);
        o.metrics = metrics;
        o.n_metrics = 2;
        one = clearn_cv_spec(clearn_grid_spec(g, i), ds, s, &o, &err);
        ck_assert_ptr_nonnull(one);
        for (size_t m = 0; m < 2; m++)
            for (size_t k = 0; k < 10; k++)
                ck_assert(clearn_cv_result_value(one, m, k) == clearn_cv_result_value(clearn_grid_result(g, i), m, k));
        clearn_cv_result_free(one);
    }
    for (size_t r = 1; r < clearn_grid_size(g); r++) {
        double a = clearn_cv_result_mean(clearn_grid_result(g, clearn_grid_ranked(g, r - 1)), 1);
        double b = clearn_cv_result_mean(clearn_grid_result(g, clearn_grid_ranked(g, r)), 1);
        ck_assert(a >= b);
    }
    manual = clearn_estimator_new(clearn_grid_spec(g, clearn_grid_ranked(g, 0)), &err);
    ck_assert_int_eq(clearn_estimator_fit(manual, ds, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(manual, ds, p1, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(clearn_grid_best(g), ds, p2, &err), CLEARN_OK);
    ck_assert(memcmp(p1, p2, sizeof p1) == 0);
    for (long t = 2; t <= 4; t += 2) {
        clearn_grid *h = search(grid, ds, s, "kappa", metrics, 2, t);
        for (size_t i = 0; i < clearn_grid_size(g); i++) {
            double a = clearn_cv_result_mean(clearn_grid_result(g, i), 1);
            double b = clearn_cv_result_mean(clearn_grid_result(h, i), 1);
            ck_assert(memcmp(&a, &b, sizeof a) == 0);
            ck_assert_uint_eq(clearn_grid_ranked(g, i), clearn_grid_ranked(h, i));
        }
        clearn_grid_free(h);
    }
    best = clearn_grid_take_best(g);
    ck_assert_ptr_nonnull(best);
    ck_assert_ptr_null(clearn_grid_best(g));
    ck_assert_ptr_null(clearn_grid_take_best(g));
    clearn_estimator_free(best);
    clearn_estimator_free(manual);
    clearn_grid_free(g);
    clearn_grid_free(NULL);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_grid_bad)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.csv", NULL);
    clearn_split *s = clearn_split_kfold(ds, 3, 1, 1, &err);
    assert_has(search_fails("oner min_bucket=1,3 nosuch=2", ds, s, NULL, CLEARN_EINVAL),
               "grid 'oner min_bucket=1 nosuch=2': ");
    assert_has(search_fails("oner min_bucket=1,3 nosuch=2", ds, s, NULL, CLEARN_EINVAL), "nosuch");
    assert_has(search_fails("oner min_bucket=3,0", ds, s, NULL, CLEARN_EINVAL),
               "grid 'oner min_bucket=0': ");
    assert_has(search_fails("nosuch k=1,2", ds, s, NULL, CLEARN_ENOTFOUND), "no estimator named 'nosuch'");
    assert_has(search_fails("oner min_bucket=", ds, s, NULL, CLEARN_EINVAL), "has no values");
    assert_has(search_fails("oner min_bucket=1,2", ds, s, "bogus", CLEARN_ENOTFOUND), "bogus");
    assert_has(search_fails("oner min_bucket=1,2", ds, s, "rmse", CLEARN_EINVAL),
               "metric rmse is for regression");
    ck_assert_ptr_null(clearn_grid_search("oner", NULL, s, NULL, NULL, &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_ptr_null(clearn_grid_search("oner", ds, NULL, NULL, NULL, &err));
    ck_assert_ptr_null(clearn_grid_best(NULL));
    ck_assert_uint_eq(clearn_grid_size(NULL), 0);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- special functions --------------------------------------------------------------- */

START_TEST(test_special_functions)
{
    static const double beta[][4] = {
        {0.5, 0.5, 0.3, 0.36901011956554541},
        {2, 3, 0.4, 0.52479999999999993},
        {5, 0.5, 0.9, 0.31664291502001202},
        {49.5, 0.5, 0.95, 0.024589522572171001},
        {0.5, 49.5, 0.001, 0.24642404038978213},
        {100, 200, 0.3, 0.10884306564491235},
        {1, 1, 0.25, 0.25},
        {10, 10, 0.5, 0.50000000000000022},
        {4.5, 0.5, 0.01, 2.597549811426686e-10},
        /* exact: for whole a, b, I_x(a, b) = P(Bin(a + b - 1, x) >= a), summed
         * in rationals (fractions.Fraction, math.comb) for dyadic x; scipy is
         * off by up to 2e-12 on these */
        {665, 649, 0.5, 0.32941276753473897},
        {963, 1400, 0.40234375, 0.30453514869030113},
        {2000, 30, 0.984375, 0.35583030016361206},
        {1200, 3, 0.998046875, 0.58335260692020552},
        {300, 300, 0.498046875, 0.46190177901652463},
    };
    static const double tp[][3] = {
        {0.5, 1, 0.70483276469913358},
        {2.0, 9, 0.076552823770700926},
        {-2.0, 9, 0.076552823770700926},
        {1.96, 99, 0.052807113750970788},
        {3.5, 4, 0.024896163460222751},
        {10, 99, 1.0939757007992122e-16},
        {31.2433, 99, 4.4659606665993353e-53},
        {0.01, 30, 0.99208749257317774},
        {50, 2, 0.00039976015988808051},
        {2.5, 1000, 0.012578567801090793},
    };
    static const double bin[][3] = {
        {0, 1, 0.5}, {0, 10, 0.0009765625}, {3, 10, 0.171875}, {5, 10, 0.623046875},
        {12, 40, 0.0082945016874873545}, {100, 300, 4.0074376082694607e-09},
    };
    for (size_t i = 0; i < sizeof beta / sizeof *beta; i++) {
        double v = clearn__betainc(beta[i][0], beta[i][1], beta[i][2], 1 - beta[i][2]);
        ck_assert_msg(fabs(v - beta[i][3]) <= 1e-13 * beta[i][3], "betainc %zu: %.17g", i, v);
    }
    for (size_t i = 0; i < sizeof tp / sizeof *tp; i++) {
        double v = clearn__t_pvalue(tp[i][0], tp[i][1]);
        ck_assert_msg(fabs(v - tp[i][2]) <= 1e-12 * tp[i][2], "t %zu: %.17g", i, v);
    }
    for (size_t i = 0; i < sizeof bin / sizeof *bin; i++) {
        double v = clearn__binom_half_cdf((size_t)bin[i][0], (size_t)bin[i][1]);
        ck_assert_msg(fabs(v - bin[i][2]) <= 1e-12 * bin[i][2], "binom %zu: %.17g", i, v);
    }
    ck_assert(clearn__binom_half_cdf(5, 5) == 1);
    ck_assert_double_eq_tol(clearn__lngamma(0.5), 0.5723649429247001, 1e-15);   /* log sqrt(pi) */
    ck_assert_double_eq_tol(clearn__lngamma(10), log(362880.0), 1e-13);
    ck_assert(isnan(clearn__lngamma(0)) && isnan(clearn__lngamma(-1)));
    ck_assert(clearn__betainc(2, 3, 0, 1) == 0 && clearn__betainc(2, 3, 1, 0) == 1);
    ck_assert(isnan(clearn__betainc(0, 1, 0.5, 0.5)) && isnan(clearn__betainc(1, 1, 1.5, -0.5)));
    ck_assert(isnan(clearn__betainc(INFINITY, 1, 0.5, 0.5)));
    ck_assert(clearn__t_pvalue(0, 5) == 1 && clearn__t_pvalue(INFINITY, 5) == 0);
    ck_assert(clearn__t_pvalue(1e200, 5) == 0);
    ck_assert(isnan(clearn__t_pvalue(NAN, 5)) && isnan(clearn__t_pvalue(1, 0)));
}
END_TEST

/* ---- the corrected t-test ------------------------------------------------------------------- */

START_TEST(test_ttest_reference)
{
    static const double a[10] = {0.90, 0.85, 0.95, 0.80, 0.90, 0.88, 0.92, 0.87, 0.91, 0.86};
    static const double b[10] = {0.86, 0.84, 0.90, 0.81, 0.85, 0.88, 0.89, 0.80, 0.90, 0.83};
    double x[100], y[100];
    clearn_ttest t;
    clearn_error err;
    ck_assert_int_eq(clearn_ttest_corrected(a, b, 10, 15.0 / 135.0, &t, &err), CLEARN_OK);
    /* Weka: mean 0.028000000000000004 sd 0.025298221281347025 p 0.039322124510764220;
     * scipy: t 2.4088652056408999, p 0.039322124510764181 */
    ck_assert_double_eq_tol(t.mean_diff, 0.028000000000000004, 1e-15);
    ck_assert_double_eq_tol(t.sd_diff, 0.025298221281347025, 1e-15);
    ck_assert_double_eq_tol(t.t, 2.4088652056408999, 1e-13);
    ck_assert_double_eq_tol(t.p, 0.039322124510764181, 1e-13);
    ck_assert(t.df == 9 && t.n == 10);
    ck_assert_double_eq_tol(t.mean_a, 0.884, 1e-15);
    ck_assert_double_eq_tol(t.mean_b, 0.856, 1e-15);
    /* Weka: mean 0.013500000000000010 sd 0.027866021451135668 p 0.16701500578143260;
     * scipy: t 1.3920883761422544, p 0.16701500578143422 */
    for (int i = 0; i < 100; i++) {
        x[i] = 0.8 + 0.01 * (i % 7);
        y[i] = 0.79 + 0.013 * (i % 5);
    }
    ck_assert_int_eq(clearn_ttest_corrected(x, y, 100, 1.0 / 9.0, &t, &err), CLEARN_OK);
    ck_assert_double_eq_tol(t.mean_diff, 0.0135, 1e-14);
    ck_assert_double_eq_tol(t.sd_diff, 0.027866021451135668, 1e-14);
    ck_assert_double_eq_tol(t.t, 1.3920883761422544, 1e-12);
    ck_assert_double_eq_tol(t.p, 0.16701500578143422, 1e-12);
    ck_assert(t.df == 99);
    /* swapping a and b flips t, keeps p */
    ck_assert_int_eq(clearn_ttest_corrected(y, x, 100, 1.0 / 9.0, &t, &err), CLEARN_OK);
    ck_assert_double_eq_tol(t.t, -1.3920883761422544, 1e-12);
    ck_assert_double_eq_tol(t.p, 0.16701500578143422, 1e-12);
}
END_TEST

START_TEST(test_ttest_edge_and_bad)
{
    double a[3] = {1, 2, 3}, b[3] = {1, 2, 3}, c[3] = {0.5, 1.5, 2.5}, bad[3] = {1, NAN, 3};
    clearn_ttest t;
    clearn_error err;
    ck_assert_int_eq(clearn_ttest_corrected(a, b, 3, 0.5, &t, &err), CLEARN_OK);
    ck_assert(t.t == 0 && t.p == 1);
    ck_assert_int_eq(clearn_ttest_corrected(a, c, 3, 0.5, &t, &err), CLEARN_OK);
    ck_assert(isinf(t.t) && t.t > 0 && t.p == 0);
    ck_assert_int_eq(clearn_ttest_corrected(c, a, 3, 0.5, &t, &err), CLEARN_OK);
    ck_assert(isinf(t.t) && t.t < 0 && t.p == 0);
    ck_assert_int_eq(clearn_ttest_corrected(a, b, 1, 0.5, &t, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "t-test: 1 paired values; at least 2 are needed");
    ck_assert_int_eq(clearn_ttest_corrected(a, bad, 3, 0.5, &t, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "t-test: value 2 is 2 vs nan; values must be finite numbers");
    ck_assert_int_eq(clearn_ttest_corrected(a, b, 3, 0, &t, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "t-test: test/train ratio 0 must be finite and > 0");
    ck_assert_int_eq(clearn_ttest_corrected(a, b, 3, NAN, &t, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_ttest_corrected(NULL, b, 3, 0.5, &t, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_ttest_corrected(a, b, 3, 0.5, NULL, &err), CLEARN_EINVAL);
}
END_TEST

static void cv_pair(const char *sa, const char *sb, const clearn_dataset *ds, const clearn_split *s,
                    const char *const *metrics, size_t nm, clearn_cv_result **out)
{
    clearn_error err;
    clearn_cv_options o;
    clearn_estimator *m[2] = {clearn_estimator_new(sa, &err), clearn_estimator_new(sb, &err)};
    clearn_cv_options_init(&o);
    o.metrics = metrics;
    o.n_metrics = nm;
    ck_assert_int_eq(clearn_cv_many((const clearn_estimator *const *)m, 2, ds, s, &o, out, &err),
                     CLEARN_OK);
    clearn_estimator_free(m[0]);
    clearn_estimator_free(m[1]);
}

START_TEST(test_ttest_cv)
{
    static const char *const metrics[] = {"accuracy", "kappa"};
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.csv", NULL);
    clearn_split *s = clearn_split_repeated(ds, 4, 5, 1, 2, &err);
    clearn_split *s2 = clearn_split_kfold(ds, 5, 1, 2, &err);
    clearn_cv_result *r[2], *other;
    clearn_ttest t, manual;
    double a[20], b[20];
    cv_pair("oner", "zeror", ds, s, metrics, 2, r);
    for (size_t i = 0; i < 20; i++) {
        a[i] = clearn_cv_result_value(r[0], 1, i);
        b[i] = clearn_cv_result_value(r[1], 1, i);
    }
    ck_assert_int_eq(clearn_ttest_cv(r[0], r[1], "kappa", &t, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_ttest_corrected(a, b, 20, 30.0 / 120.0, &manual, &err), CLEARN_OK);
    ck_assert(memcmp(&t, &manual, sizeof t) == 0);
    ck_assert(t.ratio == 0.25 && t.p < 1e-6 && t.t > 0);
    ck_assert_int_eq(clearn_ttest_cv(r[0], r[1], NULL, &t, &err), CLEARN_OK);   /* accuracy */
    ck_assert(t.mean_b == clearn_cv_result_mean(r[1], 0));
    ck_assert_int_eq(clearn_ttest_cv(r[0], r[1], "mcc", &t, &err), CLEARN_EINVAL);
    assert_has(err.text, "has no metric 'mcc'");
    other = clearn_cv_spec("oner", ds, s2, NULL, &err);
    ck_assert_int_eq(clearn_ttest_cv(r[0], other, NULL, &t, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "t-test: the two results come from different splits (20 and 5 splits)");
    ck_assert_int_eq(clearn_ttest_cv(NULL, other, NULL, &t, &err), CLEARN_EINVAL);
    clearn_cv_result_free(other);
    clearn_cv_result_free(r[0]);
    clearn_cv_result_free(r[1]);
    clearn_split_free(s);
    clearn_split_free(s2);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- McNemar ---------------------------------------------------------------------------------- */

START_TEST(test_mcnemar_reference)
{
    static const double ref[][5] = {
        {31, 0, 29.032258064516128, 7.118304164714049e-08, 9.3132257461547852e-10},
        {10, 5, 1.0666666666666667, 0.30169958247834494, 0.30175781249999994},
        {3, 3, 0.16666666666666666, 0.68309139830960863, 1},
        {4, 5, 0, 1, 1},
        {1, 0, 0, 1, 1},
        {25, 40, 3.0153846153846153, 0.082477887473209707, 0.081681533941540027},
        {120, 80, 7.6050000000000004, 0.0058206664078108766, 0.0056851559967503063},
    };
    clearn_mcnemar m;
    clearn_error err;
    for (size_t i = 0; i < sizeof ref / sizeof *ref; i++) {
        ck_assert_int_eq(clearn_mcnemar_counts((size_t)ref[i][0], (size_t)ref[i][1], &m, &err), CLEARN_OK);
        ck_assert_msg(fabs(m.chi2 - ref[i][2]) <= 1e-14 * ref[i][2], "chi2 %zu: %.17g", i, m.chi2);
        ck_assert_msg(fabs(m.p - ref[i][3]) <= 1e-12 * ref[i][3], "p %zu: %.17g", i, m.p);
        ck_assert_msg(fabs(m.p_exact - ref[i][4]) <= 1e-12 * ref[i][4], "exact %zu: %.17g", i, m.p_exact);
        ck_assert_uint_eq(m.n, (size_t)(ref[i][0] + ref[i][1]));
    }
    ck_assert_int_eq(clearn_mcnemar_counts(0, 0, &m, &err), CLEARN_OK);
    ck_assert(m.chi2 == 0 && m.p == 1 && m.p_exact == 1);
    ck_assert_int_eq(clearn_mcnemar_counts(1, 1, NULL, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_mcnemar_counts(SIZE_MAX, 2, &m, &err), CLEARN_ERANGE);
}
END_TEST

START_TEST(test_mcnemar_cv)
{
    static const char *const acc[] = {"accuracy"};
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.csv", NULL), *cpu = tu_dataset("cpu.arff", NULL);
    clearn_split *h = clearn_split_holdout(ds, 0.4, 1, 5, &err);
    clearn_split *rep = clearn_split_repeated(ds, 2, 3, 1, 5, &err);
    clearn_split *hc = clearn_split_holdout(cpu, 0.3, 0, 5, &err);
    clearn_cv_result *r[2], *q[2];
    clearn_mcnemar m;
    const double *t, *pa, *pb;
    size_t c[4] = {0, 0, 0, 0};
    cv_pair("oner", "oner min_bucket=40", ds, h, acc, 1, r);
    t = clearn_cv_result_truth(r[0]);
    pa = clearn_cv_result_predictions(r[0], 0);
    pb = clearn_cv_result_predictions(r[1], 0);
    for (size_t j = 0; j < 150; j++)
        if (!isnan(pa[j]))
            c[(pa[j] == t[j]) + 2 * (pb[j] == t[j])]++;
    ck_assert_int_eq(clearn_mcnemar_cv(r[0], r[1], &m, &err), CLEARN_OK);
    ck_assert_uint_eq(m.n, 60);
    ck_assert_uint_eq(m.both_wrong, c[0]);
    ck_assert_uint_eq(m.n01, c[1]);
    ck_assert_uint_eq(m.n10, c[2]);
    ck_assert_uint_eq(m.both_right, c[3]);
    clearn_cv_result_free(r[0]);
    clearn_cv_result_free(r[1]);
    /* repeated splits and regression are refused */
    cv_pair("oner", "zeror", ds, rep, acc, 1, r);
    ck_assert_int_eq(clearn_mcnemar_cv(r[0], r[1], &m, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "McNemar: needs a split of one repetition (the results have 2)");
    cv_pair("zeror", "t_const value=3", cpu, hc, NULL, 0, q);
    ck_assert_int_eq(clearn_mcnemar_cv(q[0], q[1], &m, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "McNemar: needs classification results");
    ck_assert_int_eq(clearn_mcnemar_cv(r[0], q[1], &m, &err), CLEARN_EINVAL);
    clearn_cv_result_free(r[0]);
    clearn_cv_result_free(r[1]);
    clearn_cv_result_free(q[0]);
    clearn_cv_result_free(q[1]);
    clearn_split_free(h);
    clearn_split_free(rep);
    clearn_split_free(hc);
    clearn_dataset_free(ds);
    clearn_dataset_free(cpu);
}
END_TEST

/* ---- learning curve ----------------------------------------------------------------------------- */

static clearn_curve *curve(const char *spec, const clearn_dataset *ds, const clearn_split *s,
                           const double *sizes, size_t n, long threads)
{
    clearn_error err;
    clearn_cv_options o;
    clearn_estimator *e = clearn_estimator_new(spec, &err);
    clearn_curve *c;
    clearn_cv_options_init(&o);
    o.threads = threads;
    c = clearn_learning_curve(e, ds, s, sizes, n, &o, &err);
    ck_assert_msg(c != NULL, "%s", err.text);
    clearn_estimator_free(e);
    return c;
}

static int size_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

START_TEST(test_curve)
{
    static const double sizes[] = {0.1, 0.5, 40, 1};
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.csv", NULL);
    clearn_split *s = clearn_split_stratified_kfold(ds, 4, 1, 8, &err);   /* train 112 or 113 */
    clearn_curve *c = curve("oner", ds, s, sizes, 4, 2), *c4;
    ck_assert_uint_eq(clearn_curve_points(c), 4);
    ck_assert_uint_eq(clearn_curve_train_size(c, 0), 11);
    ck_assert_uint_eq(clearn_curve_train_size(c, 1), 56);
    ck_assert_uint_eq(clearn_curve_train_size(c, 2), 40);
    ck_assert_uint_eq(clearn_curve_train_size(c, 3), 112);
    ck_assert_uint_eq(clearn_curve_train_size(c, 4), 0);
    ck_assert_ptr_null(clearn_curve_result(c, 4));
    /* each point's values equal a manual fit on the prefix of the training
     * rows shuffled by stream i of the split's seed */
    for (size_t p = 0; p < 4; p++) {
        const clearn_cv_result *r = clearn_curve_result(c, p);
        size_t lim = clearn_curve_train_size(c, p);
        ck_assert_uint_eq(clearn_cv_result_metrics(r), 2);
        for (size_t i = 0; i < 4; i++) {
            size_t ntr = clearn_split_train_size(s, i), nte = clearn_split_test_size(s, i);
            size_t tr[150], te[150];
            double pred[150], truth[150], v;
            clearn_rng rng;
            clearn_dataset *a, *b;
            clearn_estimator *e = clearn_estimator_new("oner", &err);
            clearn_split_train(s, i, tr, &err);
            clearn_split_test(s, i, te, &err);
            clearn_rng_seed(&rng, clearn_split_seed(s), i);
            clearn_rng_shuffle(&rng, tr, ntr);
            if (lim < ntr)
                qsort(tr, lim, sizeof *tr, size_cmp);
            a = clearn_dataset_subset(ds, tr, lim < ntr ? lim : ntr, &err);
            b = clearn_dataset_subset(ds, te, nte, &err);
            ck_assert_int_eq(clearn_estimator_fit(e, a, &err), CLEARN_OK);
            ck_assert_int_eq(clearn_estimator_predict(e, b, pred, &err), CLEARN_OK);
            clearn_dataset_column(b, 4, truth, &err);
            clearn_metric_accuracy(truth, pred, nte, 3, &v, &err);
            ck_assert_msg(v == clearn_cv_result_value(r, 0, i), "point %zu split %zu", p, i);
            ck_assert_uint_eq(clearn_cv_result_train_rows(r, i), lim < ntr ? lim : ntr);
            clearn_dataset_free(a);
            clearn_dataset_free(b);
            clearn_estimator_free(e);
        }
    }
    c4 = curve("oner", ds, s, sizes, 4, 4);
    for (size_t p = 0; p < 4; p++) {
        double a = clearn_cv_result_mean(clearn_curve_result(c, p), 0);
        double b = clearn_cv_result_mean(clearn_curve_result(c4, p), 0);
        ck_assert(memcmp(&a, &b, sizeof a) == 0);
    }
    clearn_curve_free(c4);
    clearn_curve_free(c);
    clearn_curve_free(NULL);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_curve_csv)
{
    static const double sizes[] = {0.5, 1};
    clearn_error err;
    clearn_dataset *ds = three_classes();
    clearn_split *s = clearn_split_stratified_kfold(ds, 5, 1, 8, &err);
    clearn_curve *c = curve("t_const code=1", ds, s, sizes, 2, 1);
    char buf[512];
    size_t n;
    FILE *f = tmpfile();
    ck_assert_int_eq(clearn_curve_write_csv(c, f, &err), CLEARN_OK);
    rewind(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    /* every test fold holds 6 of the 30 class-1 rows of 20: accuracy 0.3 in
     * each; kappa of a constant prediction is 0 */
    ck_assert_str_eq(buf, "train_size,accuracy_mean,accuracy_sd,kappa_mean,kappa_sd\n"
                          "40,0.3,0,0,0\n"
                          "80,0.3,0,0,0\n");
    ck_assert_int_eq(clearn_curve_write_csv(NULL, stdout, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_curve_write_csv(c, NULL, &err), CLEARN_EINVAL);
    clearn_curve_free(c);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_curve_bad)
{
    static const struct {
        double size;
        const char *msg;
    } bad[] = {
        {0, "learning curve: size 0: give a fraction in (0, 1] or a whole number of rows"},
        {-0.5, "learning curve: size -0.5: give a fraction in (0, 1] or a whole number of rows"},
        {1.5, "learning curve: size 1.5: give a fraction in (0, 1] or a whole number of rows"},
        {NAN, "learning curve: size nan: give a fraction in (0, 1] or a whole number of rows"},
        {113, "learning curve: size 113 exceeds the smallest training part of the split (112 rows)"},
    };
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.csv", NULL);
    clearn_split *s = clearn_split_stratified_kfold(ds, 4, 1, 8, &err);
    clearn_estimator *e = clearn_estimator_new("oner", &err);
    double one = 0.5;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ck_assert_ptr_null(clearn_learning_curve(e, ds, s, &bad[i].size, 1, NULL, &err));
        ck_assert_int_eq(err.code, CLEARN_EINVAL);
        ck_assert_str_eq(err.text, bad[i].msg);
    }
    ck_assert_ptr_null(clearn_learning_curve(e, ds, s, &one, 0, NULL, &err));
    ck_assert_str_eq(err.text, "learning curve: no training sizes");
    ck_assert_ptr_null(clearn_learning_curve(e, ds, s, NULL, 1, NULL, &err));
    ck_assert_ptr_null(clearn_learning_curve(NULL, ds, s, &one, 1, NULL, &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    clearn_estimator_free(e);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- allocation failures ------------------------------------------------------------------------ */

/* Fails allocation k = 0, 1, 2, ... until the call succeeds; under
 * valgrind every 13th k only (the loop is quadratic in the allocations). */
#define ALLOC_LOOP(call, ok)                                                           \
    for (long k = 0;; k += tu_valgrind() ? 13 : 1) {                                \
        clearn__alloc_fail_after(k);                                                   \
        call;                                                                          \
        clearn__alloc_fail_after(-1);                                                  \
        if (ok)                                                                        \
            break;                                                                     \
        ck_assert_msg(err.code == CLEARN_ENOMEM, "k=%ld: %d %s", k, err.code, err.text); \
    }

START_TEST(test_alloc_failures)
{
    static const double sizes[] = {0.5, 1};
    clearn_error err;
    clearn_dataset *ds = tu_dataset("weather.nominal.arff", NULL);
    clearn_split *s = clearn_split_stratified_kfold(ds, 3, 1, 1, &err);
    clearn_cv_options o;
    clearn_estimator *e = clearn_estimator_new("oner", &err);
    clearn_grid *g = NULL;
    clearn_curve *c = NULL;
    clearn_cv_result *r[2];
    clearn_ttest t;
    clearn_mcnemar m;
    char **specs = NULL;
    size_t n;
    int rc = -1;
    clearn_cv_options_init(&o);
    o.threads = 1;
    ALLOC_LOOP(rc = clearn_grid_expand("onehot | oner min_bucket=1,2 | x", &specs, &n, &err), rc == CLEARN_OK);
    clearn_grid_specs_free(specs, n);
    ALLOC_LOOP(g = clearn_grid_search("onehot | oner min_bucket=1,2", ds, s, "kappa", &o, &err), g);
    clearn_grid_free(g);
    ALLOC_LOOP(c = clearn_learning_curve(e, ds, s, sizes, 2, &o, &err), c);
    clearn_curve_free(c);
    cv_pair("oner", "zeror", ds, s, NULL, 0, r);
    ALLOC_LOOP(rc = clearn_ttest_cv(r[0], r[1], NULL, &t, &err), rc == CLEARN_OK);
    ALLOC_LOOP(rc = clearn_mcnemar_cv(r[0], r[1], &m, &err), rc == CLEARN_OK);
    clearn_cv_result_free(r[0]);
    clearn_cv_result_free(r[1]);
    clearn_estimator_free(e);
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

static Suite *grid_suite(void)
{
    Suite *s = suite_create("grid");
    TCase *tc = tcase_create("grid");
    tcase_set_timeout(tc, tu_valgrind() ? 600 : 60);
    tcase_add_test(tc, test_expand_good);
    tcase_add_test(tc, test_expand_bad);
    tcase_add_test(tc, test_ranking_classification);
    tcase_add_test(tc, test_ranking_regression_lower_is_better);
    tcase_add_test(tc, test_grid_results_refit_threads);
    tcase_add_test(tc, test_grid_bad);
    tcase_add_test(tc, test_special_functions);
    tcase_add_test(tc, test_ttest_reference);
    tcase_add_test(tc, test_ttest_edge_and_bad);
    tcase_add_test(tc, test_ttest_cv);
    tcase_add_test(tc, test_mcnemar_reference);
    tcase_add_test(tc, test_mcnemar_cv);
    tcase_add_test(tc, test_curve);
    tcase_add_test(tc, test_curve_csv);
    tcase_add_test(tc, test_curve_bad);
    tcase_add_test(tc, test_alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    clearn_error err;
    if (clearn_register(&const_type, &err) != CLEARN_OK) {
        fprintf(stderr, "register: %s\n", err.text);
        return EXIT_FAILURE;
    }
    return run_suite(grid_suite());
}
