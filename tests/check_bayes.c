/* Tests of the naive Bayes types (lib/bayes.c, lib/bayes_mixed.c).
 *
 * Reference values:
 * - scikit-learn 1.2.1's GaussianNB, MultinomialNB, BernoulliNB and
 *   CategoricalNB predict_proba, written by tests/data/bayes/make_sklearn.py
 *   (run: /usr/bin/python3 tests/data/bayes/make_sklearn.py), which also
 *   writes the count data sets tests/data/bayes/counts_*.csv;
 * - Weka 3.6.14's NaiveBayes distributionForInstance, written by
 *   tests/data/bayes/make_weka.sh (WekaNB.java), and its printed model
 *   (java -cp /usr/share/java/weka.jar weka.classifiers.bayes.NaiveBayes
 *   -t datasets/weather.numeric.arff);
 * - Witten, Frank & Hall, Data Mining (3rd ed.), section 4.2: the weather
 *   data's worked example (likelihoods 0.0053 and 0.0206, P(yes) = 20.5%)
 *   and the normal densities f(temperature = 66 | yes) = 0.0340, ... */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <clearn/bayes.h>
#include "testutil.h"
#include "internal.h"

extern const clearn_estimator_type clearn__nb_gaussian_type, clearn__nb_multinomial_type,
    clearn__nb_bernoulli_type, clearn__nb_categorical_type, clearn__naive_bayes_type;

/* ---- helpers ------------------------------------------------------------- */

static size_t n_classes(const clearn_dataset *ds)
{
    return clearn_dataset_categories(ds, clearn_dataset_class(ds));
}

/* predict_proba of e on x, malloc'ed. */
static double *proba(const clearn_estimator *e, const clearn_dataset *x)
{
    clearn_error err;
    size_t k = n_classes(clearn_estimator_schema(e)), n = clearn_dataset_rows(x);
    double *p = malloc((n ? n : 1) * k * sizeof *p);
    ck_assert_ptr_nonnull(p);
    ck_assert_msg(clearn_estimator_predict_proba(e, x, p, &err) == CLEARN_OK, "%s", err.text);
    return p;
}

static double *jll(const clearn_estimator *e, const clearn_dataset *x)
{
    clearn_error err;
    size_t k = n_classes(clearn_estimator_schema(e)), n = clearn_dataset_rows(x);
    double *p = malloc((n ? n : 1) * k * sizeof *p);
    ck_assert_ptr_nonnull(p);
    ck_assert_msg(clearn_nb_joint_log_proba(e, x, p, &err) == CLEARN_OK, "%s", err.text);
    return p;
}

/* Reads a reference file: "# " lines, then rows of k numbers. Returns the
 * values (rows * k), malloc'ed. */
static double *reference(const char *rel, size_t rows, size_t k)
{
    FILE *f = fopen(src_path(rel), "r");
    char line[8192];
    size_t n = 0;
    double *v = malloc(rows * k * sizeof *v);
    ck_assert_msg(f != NULL, "%s", rel);
    ck_assert_ptr_nonnull(v);
    while (fgets(line, sizeof line, f)) {
        char *p = line, *end;
        if (line[0] == '#')
            continue;
        for (size_t c = 0; c < k; c++, p = end) {
            ck_assert_msg(n < rows * k, "%s: too many values", rel);
            v[n++] = strtod(p, &end);
            ck_assert_msg(end != p, "%s: bad number in %s", rel, line);
        }
    }
    fclose(f);
    ck_assert_msg(n == rows * k, "%s: %zu values, expected %zu", rel, n, rows * k);
    return v;
}

/* |a - b| <= rel * max(|a|, |b|) + abs_tol; returns the worst relative
 * difference among the values above 1e-300. */
static double compare(const double *a, const double *b, size_t n, double rel, double abs_tol,
                      const char *what)
{
    double worst = 0;
    for (size_t i = 0; i < n; i++) {
        double m = fmax(fabs(a[i]), fabs(b[i])), d = fabs(a[i] - b[i]);
        ck_assert_msg(d <= rel * m + abs_tol, "%s: value %zu (row %zu): %.17g vs %.17g", what,
                      i, i, a[i], b[i]);
        if (m > 1e-300)
            worst = fmax(worst, d / m);
    }
    return worst;
}

/* Each row of p (n x k) is a distribution. */
static void distributions(const double *p, size_t n, size_t k)
{
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t c = 0; c < k; c++) {
            ck_assert_msg(p[i * k + c] >= 0 && p[i * k + c] <= 1, "row %zu: %g", i, p[i * k + c]);
            s += p[i * k + c];
        }
        ck_assert_msg(fabs(s - 1) < 1e-14, "row %zu sums to %.17g", i, s);
    }
}

/* ---- scikit-learn ------------------------------------------------------------ */

/* spec on train, predict_proba on test against the fixture. */
static void sklearn_case(const char *spec, const char *train, const char *test, const char *fixture,
                         double rel)
{
    clearn_dataset *tr = tu_read(train, NULL), *te = tu_read(test, NULL);
    clearn_estimator *e = tu_fitted(spec, tr);
    size_t n = clearn_dataset_rows(te), k = n_classes(tr);
    double *p = proba(e, te), *want = reference(fixture, n, k), worst;
    distributions(p, n, k);
    worst = compare(p, want, n * k, rel, 1e-300, fixture);
    printf("%-40s %-34s worst relative difference %.1e\n", spec, fixture + 17, worst);
    free(p);
    free(want);
    clearn_estimator_free(e);
    clearn_dataset_free(tr);
    clearn_dataset_free(te);
}

/* The Gaussian fixtures' test rows: iris, 1.5 x - 0.5 mean(x), 4 far
 * points (as make_sklearn.py builds them). */
static clearn_dataset *iris_test_rows(const clearn_dataset *iris)
{
    clearn_error err;
    size_t n = clearn_dataset_rows(iris), m = 2 * n + 4;
    double mean[4] = {0}, *x = malloc(m * 4 * sizeof *x);
    static const double far[4][4] = {{8, 1, 9, 4}, {0, 0, 0, 0}, {20, 20, 20, 20},
                                     {5.8, 3.0, 4.35, 1.3}};
    clearn_dataset *out;
    ck_assert_ptr_nonnull(x);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < 4; j++)
            mean[j] += clearn_dataset_get(iris, i, j);
    for (size_t j = 0; j < 4; j++)
        mean[j] /= (double)n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < 4; j++) {
            x[i * 4 + j] = clearn_dataset_get(iris, i, j);
            x[(n + i) * 4 + j] = 1.5 * x[i * 4 + j] - 0.5 * mean[j];
        }
    memcpy(x + 2 * n * 4, far, sizeof far);
    out = clearn_dataset_from_arrays(m, 4, x, (const char *[]){"sepallength", "sepalwidth",
                                     "petallength", "petalwidth"}, NULL, NULL, 0, &err);
    ck_assert_msg(out != NULL, "%s", err.text);
    free(x);
    return out;
}

START_TEST(sklearn_gaussian)
{
    static const char *const cases[][2] = {
        {"nb_gaussian", "gaussian_iris"},
        {"nb_gaussian var_smoothing=0", "gaussian_iris_vs0"},
        {"nb_gaussian var_smoothing=0.01", "gaussian_iris_vs01"},
    };
    clearn_dataset *iris = tu_read("datasets/iris.csv", NULL), *te = iris_test_rows(iris);
    size_t n = clearn_dataset_rows(te);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char rel[128];
        clearn_estimator *e = tu_fitted(cases[i][0], iris);
        double *p = proba(e, te), *want, worst;
        snprintf(rel, sizeof rel, "tests/data/bayes/%s.txt", cases[i][1]);
        want = reference(rel, n, 3);
        distributions(p, n, 3);
        worst = compare(p, want, n * 3, 1e-12, 1e-300, rel);
        printf("%-40s %-34s worst relative difference %.1e\n", cases[i][0], cases[i][1], worst);
        free(p);
        free(want);
        clearn_estimator_free(e);
    }
    clearn_dataset_free(te);
    clearn_dataset_free(iris);
}
END_TEST

START_TEST(sklearn_counts)
{
    static const char *const cases[][2] = {
        {"nb_multinomial", "multinomial_a1"},
        {"nb_multinomial alpha=0.5 fit_prior=false", "multinomial_a05_noprior"},
        {"nb_multinomial alpha=1e-10", "multinomial_a1e-10"},
        {"nb_bernoulli", "bernoulli_a1"},
        {"nb_bernoulli alpha=0.3 binarize=2.5", "bernoulli_a03_b25"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "tests/data/bayes/%s.txt", cases[i][1]);
        sklearn_case(cases[i][0], "tests/data/bayes/counts_train.csv",
                     "tests/data/bayes/counts_test.csv", rel, 1e-12);
    }
}
END_TEST

/* All 36 combinations of the weather attributes, in the order of
 * make_sklearn.py (codes in lexicographic order). */
static clearn_dataset *weather_grid(const clearn_dataset *weather)
{
    clearn_error err;
    clearn_dataset *g = clearn_dataset_header(weather, &err);
    ck_assert_ptr_nonnull(g);
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            for (int c = 0; c < 2; c++)
                for (int d = 0; d < 2; d++) {
                    double row[5] = {a, b, c, d, NAN};
                    ck_assert_int_eq(clearn_dataset_add_row(g, row, &err), CLEARN_OK);
                }
    return g;
}

START_TEST(sklearn_categorical)
{
    static const char *const cases[][2] = {
        {"nb_categorical", "categorical_a1"},
        {"nb_categorical alpha=0.5", "categorical_a05"},
        {"nb_categorical alpha=0", "categorical_a0"},
    };
    clearn_dataset *w = tu_read("datasets/weather.nominal.arff", NULL), *g = weather_grid(w);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char rel[128];
        clearn_estimator *e = tu_fitted(cases[i][0], w);
        double *p = proba(e, g), *want;
        snprintf(rel, sizeof rel, "tests/data/bayes/%s.txt", cases[i][1]);
        want = reference(rel, 36, 2);
        distributions(p, 36, 2);
        compare(p, want, 72, 1e-12, 1e-300, rel);
        free(p);
        free(want);
        clearn_estimator_free(e);
    }
    clearn_dataset_free(g);
    clearn_dataset_free(w);
}
END_TEST

/* make_sklearn.py's wide(): 60 rows, 5000 attributes; every joint
 * log-likelihood is about -10^4, far below what exp() can represent. */
static clearn_dataset *wide(int gauss)
{
    clearn_error err;
    size_t n = 60, d = 5000;
    double *x = malloc(n * d * sizeof *x), *y = malloc(n * sizeof *y);
    clearn_dataset *ds;
    ck_assert(x && y);
    for (size_t i = 0; i < n; i++) {
        size_t c = i % 2;
        y[i] = (double)c;
        for (size_t j = 0; j < d; j++) {
            size_t b = j < 4 && c == 1 ? (i / 2 + j) % 3 : 0;
            x[i * d + j] = (double)((7 * i + 3 * j) % 5 + b) / (gauss ? 7.0 : 1.0);
        }
    }
    ds = clearn_dataset_from_arrays(n, d, x, NULL, y, (const char *[]){"c0", "c1"}, 2, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    free(x);
    free(y);
    return ds;
}

START_TEST(wide_no_underflow)
{
    static const struct { const char *spec, *fixture; int gauss; } cases[] = {
        {"nb_gaussian", "tests/data/bayes/wide_gaussian.txt", 1},
        {"nb_multinomial", "tests/data/bayes/wide_multinomial.txt", 0},
        {"nb_bernoulli binarize=2.5", "tests/data/bayes/wide_bernoulli.txt", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        clearn_dataset *ds = wide(cases[i].gauss);
        clearn_estimator *e = tu_fitted(cases[i].spec, ds);
        double *p = proba(e, ds), *l = jll(e, ds), *want = reference(cases[i].fixture, 60, 2);
        /* exp() of the joint log-likelihoods overflows or underflows */
        ck_assert_msg(fabs(l[0]) > 800 && fabs(l[1]) > 800, "%s: %g %g", cases[i].spec, l[0],
                      l[1]);
        distributions(p, 60, 2);
        /* scikit-learn's own rows sum to 1 only within about 1e-12 here
         * (its exp(jll - logsumexp) loses the last bits of a -10^4) */
        compare(p, want, 120, 1e-9, 1e-300, cases[i].fixture);
        free(p);
        free(l);
        free(want);
        clearn_estimator_free(e);
        clearn_dataset_free(ds);
    }
}
END_TEST

/* ---- Weka ---------------------------------------------------------------------- */

/* naive_bayes against Weka's distributionForInstance on the training data. */
START_TEST(weka_distributions)
{
    static const char *const sets[] = {"weather.numeric", "weather.nominal", "labor", "iris",
                                       "vote", "pima", "credit-g", "glass", "contact-lenses",
                                       "ionosphere"};
    for (size_t i = 0; i < sizeof sets / sizeof *sets; i++) {
        char data[128], fix[128];
        clearn_dataset *ds;
        clearn_estimator *e;
        double *p, *want, worst;
        size_t n, k;
        snprintf(data, sizeof data, "datasets/%s.arff", sets[i]);
        snprintf(fix, sizeof fix, "tests/data/bayes/weka_%s.txt", sets[i]);
        ds = tu_read(data, NULL);
        e = tu_fitted("naive_bayes", ds);
        n = clearn_dataset_rows(ds);
        k = n_classes(ds);
        p = proba(e, ds);
        want = reference(fix, n, k);
        distributions(p, n, k);
        worst = compare(p, want, n * k, 1e-9, 1e-13, fix);
        printf("naive_bayes on %-16s worst relative difference from Weka %.1e\n", sets[i], worst);
        free(p);
        free(want);
        clearn_estimator_free(e);
        clearn_dataset_free(ds);
    }
}
END_TEST

/* Values in the far tails (the 1e-75 floor), between rounding steps, and
 * missing. */
START_TEST(weka_extreme)
{
    clearn_dataset *tr = tu_read("datasets/weather.numeric.arff", NULL);
    clearn_dataset *te = tu_read("tests/data/bayes/weather_extreme.arff", NULL);
    clearn_estimator *e = tu_fitted("naive_bayes", tr);
    double *p = proba(e, te), *want = reference("tests/data/bayes/weka_weather_extreme.txt", 8, 2);
    compare(p, want, 16, 1e-9, 1e-13, "weather_extreme");
    /* everything missing: the Laplace prior 10/16 */
    ck_assert_double_eq_tol(p[8], 0.625, 1e-15);
    free(p);
    free(want);
    clearn_estimator_free(e);
    clearn_dataset_free(te);
    clearn_dataset_free(tr);
}
END_TEST

/* What clearn_estimator_print writes, malloc'ed. */
static char *printed(const clearn_estimator *e)
{
    clearn_error err;
    char *buf = malloc(1 << 18);
    size_t n;
    FILE *f = tmpfile();
    ck_assert(f && buf);
    ck_assert_msg(clearn_estimator_print(e, f, &err) == CLEARN_OK, "%s", err.text);
    rewind(f);
    n = fread(buf, 1, (1 << 18) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Weka's printed model, from the fixture file written by make_weka.sh. */
static char *weka_text(const char *rel)
{
    FILE *f = fopen(src_path(rel), "r");
    char *buf = malloc(1 << 18), line[1024];
    size_t n = 0;
    ck_assert(f && buf);
    while (fgets(line, sizeof line, f))
        if (line[0] != '#') {
            ck_assert(n + strlen(line) < 1 << 18);
            memcpy(buf + n, line, strlen(line));
            n += strlen(line);
        }
    buf[n] = '\0';
    fclose(f);
    return buf;
}

START_TEST(weka_print)
{
    static const char *const sets[] = {"weather.numeric", "labor", "iris", "vote"};
    for (size_t i = 0; i < sizeof sets / sizeof *sets; i++) {
        char data[128], fix[128];
        clearn_dataset *ds;
        clearn_estimator *e;
        char *got, *want;
        snprintf(data, sizeof data, "datasets/%s.arff", sets[i]);
        snprintf(fix, sizeof fix, "tests/data/bayes/weka_%s.model.txt", sets[i]);
        ds = tu_read(data, NULL);
        e = tu_fitted("naive_bayes", ds);
        got = printed(e);
        want = weka_text(fix);
        ck_assert_msg(strcmp(got, want) == 0, "%s:\n%s\nWeka:\n%s", sets[i], got, want);
        free(got);
        free(want);
        clearn_estimator_free(e);
        clearn_dataset_free(ds);
    }
}
END_TEST

/* ---- the textbook ------------------------------------------------------------ */

/* Witten, Frank & Hall, section 4.2: a new day, sunny / cool / high /
 * true. Likelihood of yes = 2/9 x 3/9 x 3/9 x 3/9 x 9/14 = 0.0053, of no =
 * 3/5 x 1/5 x 4/5 x 3/5 x 5/14 = 0.0206; P(yes) = 0.0053 / (0.0053 +
 * 0.0206) = 20.5%. */
START_TEST(textbook_weather)
{
    clearn_dataset *w = tu_read("datasets/weather.nominal.arff", NULL), *q;
    clearn_estimator *e = tu_fitted("nb_categorical alpha=0", w);
    clearn_error err;
    double row[5] = {0, 2, 0, 0, NAN}, *l, *p;
    q = clearn_dataset_header(w, &err);
    ck_assert_int_eq(clearn_dataset_add_row(q, row, &err), CLEARN_OK);
    l = jll(e, q);
    p = proba(e, q);
    ck_assert_double_eq_tol(exp(l[0]), 2.0 / 9 * 3.0 / 9 * 3.0 / 9 * 3.0 / 9 * 9.0 / 14, 1e-15);
    ck_assert_double_eq_tol(exp(l[1]), 3.0 / 5 * 1.0 / 5 * 4.0 / 5 * 3.0 / 5 * 5.0 / 14, 1e-15);
    ck_assert_double_eq_tol(round(exp(l[0]) * 1e4) / 1e4, 0.0053, 1e-12);
    ck_assert_double_eq_tol(round(exp(l[1]) * 1e4) / 1e4, 0.0206, 1e-12);
    ck_assert_double_eq_tol(round(p[0] * 1000) / 10, 20.5, 1e-9);
    /* overcast never comes with "no": P(no) is exactly 0 */
    free(p);
    clearn_dataset_set(q, 0, 0, 1, &err);
    p = proba(e, q);
    ck_assert(p[1] == 0 && p[0] == 1);
    free(p);
    free(l);
    clearn_estimator_free(e);
    clearn_dataset_free(q);
    clearn_dataset_free(w);
}
END_TEST

/* The book's normal densities with the sample standard deviation: for
 * temperature = 66, f = 0.0340 (yes: mean 73, sd 6.2) and 0.0279 (no: mean
 * 74.6, sd 7.9); for humidity = 90, 0.0221 (yes) and 0.0381 (no). */
START_TEST(textbook_densities)
{
    static const struct { const char *attr; double v, yes, no; } cases[] = {
        {"temperature", 66, 0.0340, 0.0279}, {"humidity", 90, 0.0221, 0.0381},
    };
    clearn_dataset *w = tu_read("datasets/weather.numeric.arff", NULL);
    for (size_t i = 0; i < 2; i++) {
        clearn_error err;
        size_t a, cls = clearn_dataset_class(w), sel[2];
        clearn_dataset *one, *q;
        clearn_estimator *e;
        double *l, row[2];
        ck_assert_int_eq(clearn_dataset_find(w, cases[i].attr, &a, &err), CLEARN_OK);
        sel[0] = a;
        sel[1] = cls;
        one = clearn_dataset_select(w, sel, 2, &err);
        e = tu_fitted("nb_gaussian var=sample var_smoothing=0", one);
        q = clearn_dataset_header(one, &err);
        row[0] = cases[i].v;
        row[1] = NAN;
        ck_assert_int_eq(clearn_dataset_add_row(q, row, &err), CLEARN_OK);
        l = jll(e, q);
        /* the book computes with the mean and sd rounded to one decimal */
        ck_assert_double_eq_tol(exp(l[0]) / (9.0 / 14), cases[i].yes, 2e-4);
        ck_assert_double_eq_tol(exp(l[1]) / (5.0 / 14), cases[i].no, 2e-4);
        free(l);
        clearn_estimator_free(e);
        clearn_dataset_free(q);
        clearn_dataset_free(one);
    }
    clearn_dataset_free(w);
}
END_TEST

/* ---- zeros, missing values, odd data ------------------------------------------- */

static const char *const impossible_arff =
    "@relation z\n@attribute a {p, q, r}\n@attribute b {s, t}\n@attribute cls {x, y}\n"
    "@data\np,s,x\np,s,x\nq,t,y\np,t,y\n";

/* alpha = 0: a row no class can explain gets the prior; the predicted
 * class is the most frequent one. */
START_TEST(all_classes_impossible)
{
    clearn_dataset *ds = tu_arff(impossible_arff), *q;
    clearn_estimator *e = tu_fitted("nb_categorical alpha=0", ds);
    clearn_error err;
    double row[3] = {2, 0, NAN}, *l, *p, cls;
    q = clearn_dataset_header(ds, &err);
    /* r never occurs: every class at -inf */
    ck_assert_int_eq(clearn_dataset_add_row(q, row, &err), CLEARN_OK);
    l = jll(e, q);
    p = proba(e, q);
    ck_assert(isinf(l[0]) && l[0] < 0 && isinf(l[1]) && l[1] < 0);
    ck_assert_double_eq_tol(p[0], 0.5, 1e-15);
    ck_assert_double_eq_tol(p[1], 0.5, 1e-15);
    ck_assert_int_eq(clearn_estimator_predict(e, q, &cls, &err), CLEARN_OK);
    ck_assert(cls == 0);
    free(l);
    free(p);
    /* q with s: only x has s... and a = q only with y: -inf for both again */
    clearn_dataset_set(q, 0, 0, 1, &err);
    p = proba(e, q);
    ck_assert_double_eq_tol(p[0], 0.5, 1e-15);
    free(p);
    /* with a missing, b = t: x never has t, so P(y) = 1 */
    clearn_dataset_set(q, 0, 0, NAN, &err);
    clearn_dataset_set(q, 0, 1, 1, &err);
    p = proba(e, q);
    ck_assert(p[0] == 0 && p[1] == 1);
    free(p);
    clearn_estimator_free(e);
    clearn_dataset_free(q);
    clearn_dataset_free(ds);
}
END_TEST

/* Missing values are skipped when counting: with alpha = 0, P(a = p | x)
 * counts only the rows of x where a is known. */
START_TEST(missing_in_training)
{
    clearn_dataset *ds = tu_arff("@relation m\n@attribute a {p, q}\n@attribute b {s, t}\n"
                              "@attribute cls {x, y}\n@data\np,s,x\n?,s,x\nq,t,x\np,?,y\nq,t,y\n");
    clearn_estimator *e = tu_fitted("nb_categorical alpha=0", ds);
    clearn_error err;
    clearn_dataset *q = clearn_dataset_header(ds, &err);
    double row[3] = {0, 0, NAN}, *l;
    ck_assert_int_eq(clearn_dataset_add_row(q, row, &err), CLEARN_OK);
    l = jll(e, q);
    /* x: 3/5 x P(p | x) = 1/2 x P(s | x) = 2/3; y: 2/5 x 1/2 x 0/1 */
    ck_assert_double_eq_tol(l[0], log(3.0 / 5 * 1.0 / 2 * 2.0 / 3), 1e-15);
    ck_assert(isinf(l[1]) && l[1] < 0);
    free(l);
    clearn_estimator_free(e);
    clearn_dataset_free(q);
    clearn_dataset_free(ds);
}
END_TEST

/* A value missing at prediction is ignored: the same probabilities as a
 * model fitted without that attribute (each attribute's estimates are its
 * own in these types). */
static void missing_same_as_dropped(const char *spec, const char *file, size_t drop)
{
    clearn_error err;
    clearn_dataset *ds = tu_read(file, NULL), *holed, *fewer;
    size_t d = clearn_dataset_attrs(ds), keep[64], nk = 0, n;
    clearn_estimator *a, *b;
    double *pa, *pb;
    for (size_t j = 0; j < d; j++)
        if (j != drop)
            keep[nk++] = j;
    fewer = clearn_dataset_select(ds, keep, nk, &err);
    holed = clearn_dataset_copy(ds, &err);
    n = clearn_dataset_rows(ds);
    for (size_t i = 0; i < n; i++)
        clearn_dataset_set(holed, i, drop, NAN, &err);
    a = tu_fitted(spec, ds);
    b = tu_fitted(spec, fewer);
    pa = proba(a, holed);
    pb = proba(b, fewer);
    compare(pa, pb, n * n_classes(ds), 1e-13, 1e-300, spec);
    free(pa);
    free(pb);
    clearn_estimator_free(a);
    clearn_estimator_free(b);
    clearn_dataset_free(holed);
    clearn_dataset_free(fewer);
    clearn_dataset_free(ds);
}

START_TEST(missing_at_prediction)
{
    missing_same_as_dropped("nb_categorical", "datasets/weather.nominal.arff", 1);
    missing_same_as_dropped("nb_categorical alpha=0", "datasets/weather.nominal.arff", 0);
    missing_same_as_dropped("nb_bernoulli binarize=2", "tests/data/bayes/counts_train.csv", 3);
    missing_same_as_dropped("nb_gaussian var_smoothing=0", "datasets/iris.csv", 2);
    missing_same_as_dropped("naive_bayes", "datasets/weather.numeric.arff", 1);
}
END_TEST

/* An unseen category is missing: ignored. */
START_TEST(unseen_category)
{
    clearn_dataset *w = tu_read("datasets/weather.nominal.arff", NULL);
    clearn_dataset *q = tu_arff("@relation q\n@attribute outlook {foggy, sunny}\n"
                             "@attribute temperature {cool}\n@attribute humidity {high}\n"
                             "@attribute windy {TRUE}\n@attribute play {yes, no}\n"
                             "@data\nfoggy,cool,high,TRUE,?\n");
    clearn_estimator *e = tu_fitted("nb_categorical", w), *f = tu_fitted("naive_bayes", w);
    clearn_error err;
    clearn_dataset *h = clearn_dataset_header(w, &err);
    double row[5] = {NAN, 2, 0, 0, NAN}, *a, *b;
    ck_assert_int_eq(clearn_dataset_add_row(h, row, &err), CLEARN_OK);
    a = proba(e, q);
    b = proba(e, h);
    ck_assert(a[0] == b[0] && a[1] == b[1]);
    free(a);
    free(b);
    a = proba(f, q);
    b = proba(f, h);
    ck_assert(a[0] == b[0] && a[1] == b[1]);
    free(a);
    free(b);
    clearn_estimator_free(e);
    clearn_estimator_free(f);
    clearn_dataset_free(h);
    clearn_dataset_free(q);
    clearn_dataset_free(w);
}
END_TEST

/* One row, one class, constant attributes, classes without rows. */
START_TEST(degenerate_data)
{
    static const char *const specs[] = {"nb_gaussian", "nb_gaussian var=sample var_smoothing=0",
                                        "nb_multinomial alpha=0", "nb_bernoulli alpha=0",
                                        "naive_bayes"};
    clearn_error err;
    double x[] = {1, 2, 1, 2, 1, 2}, y[] = {1, 1, 1};
    for (size_t s = 0; s < sizeof specs / sizeof *specs; s++) {
        for (size_t n = 1; n <= 3; n++) {
            clearn_dataset *ds = clearn_dataset_from_arrays(n, 2, x, NULL, y,
                                                            (const char *[]){"a", "b", "c"}, 3, &err);
            clearn_estimator *e = tu_fitted(specs[s], ds);
            clearn_dataset *q = clearn_dataset_from_arrays(1, 2, (double[]){1, 2}, NULL, NULL,
                                                           NULL, 0, &err);
            double *p = proba(e, q), cls;
            distributions(p, 1, 3);
            /* b is the only class seen (naive_bayes: a Laplace prior for the others) */
            ck_assert_msg(p[1] > p[0] && p[1] > p[2], "%s n=%zu: %g %g %g", specs[s], n, p[0],
                          p[1], p[2]);
            if (strcmp(specs[s], "naive_bayes") != 0)
                ck_assert_msg(p[1] == 1, "%s n=%zu: %g", specs[s], n, p[1]);
            ck_assert_int_eq(clearn_estimator_predict(e, q, &cls, &err), CLEARN_OK);
            ck_assert(cls == 1);
            free(p);
            clearn_estimator_free(e);
            clearn_dataset_free(q);
            clearn_dataset_free(ds);
        }
    }
}
END_TEST

/* Only the class: the prior. */
START_TEST(no_attributes)
{
    static const char *const specs[] = {"nb_gaussian", "nb_multinomial alpha=0", "nb_bernoulli",
                                        "nb_categorical alpha=0", "naive_bayes"};
    clearn_error err;
    double y[] = {0, 1, 1, 1};
    clearn_dataset *ds = clearn_dataset_from_arrays(4, 0, NULL, NULL, y,
                                                    (const char *[]){"a", "b"}, 2, &err);
    for (size_t s = 0; s < sizeof specs / sizeof *specs; s++) {
        clearn_estimator *e = tu_fitted(specs[s], ds);
        double *p = proba(e, ds), *l = jll(e, ds);
        double want = s == 4 ? 2.0 / 6 : 0.25;   /* naive_bayes: Laplace */
        ck_assert_msg(fabs(p[0] - want) < 1e-15, "%s: %g", specs[s], p[0]);
        ck_assert_msg(fabs(exp(l[0]) - want) < 1e-15, "%s: %g", specs[s], l[0]);
        free(p);
        free(l);
        clearn_estimator_free(e);
    }
    clearn_dataset_free(ds);
}
END_TEST

/* Attributes with no known value are ignored; huge values are refused
 * with a clear message rather than giving NaN. */
START_TEST(all_missing_and_huge)
{
    clearn_error err;
    double x[] = {NAN, 1, NAN, 2, NAN, 3, NAN, 4}, y[] = {0, 0, 1, 1};
    clearn_dataset *ds = clearn_dataset_from_arrays(4, 2, x, NULL, y,
                                                    (const char *[]){"a", "b"}, 2, &err);
    const char *specs[] = {"nb_gaussian", "naive_bayes", "nb_bernoulli", "nb_multinomial"};
    clearn_estimator *e;
    for (size_t s = 0; s < 4; s++) {
        double *p;
        e = tu_fitted(specs[s], ds);
        p = proba(e, ds);
        distributions(p, 4, 2);
        /* as a 0/1 value (every value is > 0) x2 says nothing: the prior */
        if (s < 2)
            ck_assert_msg(p[0] > p[1] && p[7] > p[6], "%s", specs[s]);
        else if (s == 2)
            ck_assert_msg(p[0] == 0.5 && p[7] == 0.5, "%s", specs[s]);
        free(p);
        clearn_estimator_free(e);
    }
    clearn_dataset_free(ds);
    x[0] = 1.7e308, x[2] = -1.7e308, x[4] = 1.7e308, x[6] = -1.7e308;
    ds = clearn_dataset_from_arrays(4, 2, x, NULL, y, (const char *[]){"a", "b"}, 2, &err);
    e = clearn_estimator_new("nb_gaussian", &err);
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "nb_gaussian: attribute 'x1': the values are too large (their "
                               "variance overflows); scale them first");
    clearn_estimator_free(e);
    e = clearn_estimator_new("naive_bayes", &err);
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "naive_bayes: attribute 'x1': the values are too large or too "
                               "close together for Weka's normal estimator; scale them first");
    clearn_estimator_free(e);
    /* far-off values at prediction: finite answers */
    {
        clearn_dataset *iris = tu_read("datasets/iris.csv", NULL);
        double far[8] = {1e300, -1e300, 1e300, -1e300, 1e-300, 0, 0, 0}, *p;
        clearn_dataset *q = clearn_dataset_from_arrays(2, 4, far, (const char *[]){"sepallength",
                            "sepalwidth", "petallength", "petalwidth"}, NULL, NULL, 0, &err);
        const char *iris_specs[] = {"nb_gaussian", "naive_bayes", "nb_bernoulli",
                                    "nb_multinomial"};
        for (size_t s = 0; s < 4; s++) {
            clearn_estimator *f = tu_fitted(iris_specs[s], iris);
            if (s == 3) {  /* negative counts */
                double out[6];
                ck_assert_int_eq(clearn_estimator_predict_proba(f, q, out, &err), CLEARN_EINVAL);
                ck_assert_str_eq(err.text, "nb_multinomial: attribute 'sepalwidth' is -1e+300 "
                                           "in row 1: counts must be >= 0");
            } else {
                p = proba(f, q);
                distributions(p, 2, 3);
                free(p);
            }
            clearn_estimator_free(f);
        }
        clearn_dataset_free(q);
        clearn_dataset_free(iris);
    }
    clearn_dataset_free(ds);
}
END_TEST

/* ---- errors ----------------------------------------------------------------------- */

static void fit_fails(const char *spec, const char *file, int code, const char *text)
{
    clearn_error err;
    clearn_dataset *ds = tu_read(file, NULL);
    clearn_estimator *e = clearn_estimator_new(spec, &err);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), code);
    ck_assert_int_eq(err.code, code);
    ck_assert_str_eq(err.text, text);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}

START_TEST(bad_data)
{
    fit_fails("nb_gaussian", "datasets/labor.arff", CLEARN_EINVAL,
              "nb_gaussian: attribute 'cost-of-living-adjustment' is nominal; nb_gaussian models numeric "
              "attributes only (use naive_bayes for mixed data, or 'onehot | nb_gaussian')");
    fit_fails("nb_multinomial", "datasets/weather.nominal.arff", CLEARN_EINVAL,
              "nb_multinomial: attribute 'outlook' is nominal; nb_multinomial models counts "
              "(numeric attributes >= 0)");
    fit_fails("nb_bernoulli", "datasets/weather.numeric.arff", CLEARN_EINVAL,
              "nb_bernoulli: attribute 'outlook' is nominal; nb_bernoulli models numeric "
              "attributes, binarized (use 'onehot | nb_bernoulli' for nominal ones)");
    fit_fails("nb_categorical", "datasets/iris.csv", CLEARN_EINVAL,
              "nb_categorical: attribute 'sepallength' is numeric; nb_categorical models nominal "
              "attributes only (discretize it first, or use naive_bayes for mixed data)");
    fit_fails("naive_bayes", "datasets/cpu.arff", CLEARN_EINVAL,
              "naive_bayes is a classifier but the class 'class' is numeric (use --nominal or a "
              "regressor)");
}
END_TEST

START_TEST(negative_counts)
{
    clearn_error err;
    double x[] = {1, 2, 3, -1}, y[] = {0, 1};
    clearn_dataset *ds = clearn_dataset_from_arrays(2, 2, x, NULL, y, (const char *[]){"a", "b"},
                                                    2, &err);
    clearn_estimator *e = clearn_estimator_new("nb_multinomial", &err);
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "nb_multinomial: attribute 'x2' is -1 in row 2: counts must be >= 0");
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(bad_params)
{
    static const char *const bad[][2] = {
        {"nb_multinomial alpha=-1", "parameter alpha: '-1' is out of range (allowed: double in [0, 10000000000])"},
        {"nb_gaussian var=n", "parameter var: 'n' is not a valid choice (allowed: one of population, sample)"},
        {"nb_gaussian var_smoothing=-1e-9", "parameter var_smoothing: '-1e-9' is out of range"},
        {"nb_bernoulli binarize=x", "parameter binarize: 'x' is not a number"},
        {"naive_bayes k=1", "naive_bayes"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        clearn_error err;
        ck_assert_ptr_null(clearn_estimator_new(bad[i][0], &err));
        ck_assert_int_eq(err.code, CLEARN_EINVAL);
        ck_assert_msg(strstr(err.text, bad[i][1]) != NULL, "%s: %s", bad[i][0], err.text);
    }
}
END_TEST

START_TEST(joint_log_proba_errors)
{
    clearn_error err;
    clearn_dataset *w = tu_read("datasets/weather.nominal.arff", NULL);
    clearn_estimator *z = tu_fitted("zeror", w), *u = clearn_estimator_new("naive_bayes", &err);
    double out[28];
    ck_assert_int_eq(clearn_nb_joint_log_proba(z, w, out, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "joint log proba: 'zeror' is not a naive Bayes type (nb_gaussian, "
                               "nb_multinomial, nb_bernoulli, nb_categorical, naive_bayes)");
    ck_assert_int_eq(clearn_nb_joint_log_proba(u, w, out, &err), CLEARN_ENOTFIT);
    ck_assert_str_eq(err.text, "naive_bayes is not fitted");
    ck_assert_int_eq(clearn_nb_joint_log_proba(NULL, w, out, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_nb_joint_log_proba(z, w, NULL, &err), CLEARN_EINVAL);
    clearn_estimator_free(z);
    clearn_estimator_free(u);
    clearn_dataset_free(w);
}
END_TEST

/* Through a pipeline: onehot | nb_bernoulli on the nominal weather data
 * is nb_categorical-like; the joint log-likelihoods go through the stages. */
START_TEST(pipeline)
{
    clearn_dataset *w = tu_read("datasets/weather.nominal.arff", NULL);
    clearn_estimator *e = tu_fitted("onehot | nb_bernoulli alpha=0", w);
    double *l = jll(e, w), *p = proba(e, w);
    /* row 1 (sunny, hot, high, false, no): no has P(sunny) = 3/5 etc. */
    for (size_t i = 0; i < 14; i++) {
        double s = exp(l[2 * i]) + exp(l[2 * i + 1]);
        ck_assert_double_eq_tol(p[2 * i], exp(l[2 * i]) / s, 1e-12);
    }
    free(l);
    free(p);
    clearn_estimator_free(e);
    clearn_dataset_free(w);
}
END_TEST

/* ---- model files --------------------------------------------------------------- */

static const char *const all_specs[][2] = {
    {"nb_gaussian var=sample", "datasets/iris.csv"},
    {"standardize | nb_gaussian", "datasets/iris.csv"},   /* negative means */
    {"nb_multinomial alpha=0.5", "tests/data/bayes/counts_train.csv"},
    {"nb_bernoulli binarize=2 fit_prior=false", "tests/data/bayes/counts_train.csv"},
    {"nb_categorical alpha=0", "datasets/soybean.arff"},
    {"naive_bayes", "datasets/labor.arff"},
};

START_TEST(save_load)
{
    for (size_t s = 0; s < sizeof all_specs / sizeof *all_specs; s++) {
        clearn_error err;
        clearn_dataset *ds = tu_read(all_specs[s][1], NULL);
        clearn_estimator *e = tu_fitted(all_specs[s][0], ds), *l;
        const char *path = build_path("tests/bayes.model");
        size_t n = clearn_dataset_rows(ds), k = n_classes(ds);
        double *a, *b;
        char *ta, *tb;
        ck_assert_int_eq(clearn_estimator_save(e, path, &err), CLEARN_OK);
        l = clearn_estimator_load(path, &err);
        ck_assert_msg(l != NULL, "%s: %s", all_specs[s][0], err.text);
        a = jll(e, ds);
        b = jll(l, ds);
        ck_assert(memcmp(a, b, n * k * sizeof *a) == 0);
        free(a);
        free(b);
        ta = printed(e);
        tb = printed(l);
        ck_assert_str_eq(ta, tb);
        free(ta);
        free(tb);
        remove(path);
        clearn_estimator_free(e);
        clearn_estimator_free(l);
        clearn_dataset_free(ds);
    }
}
END_TEST

/* A payload handed to a type's load directly. */
static int load_payload(const clearn_estimator_type *t, const char *text, clearn_error *err)
{
    void *st = calloc(1, t->state_size);
    clearn_reader *r = clearn__reader_new(text, strlen(text), "doctored");
    int rc;
    ck_assert(st && r);
    ck_assert_int_eq(clearn__params_defaults(t->params, t->n_params, st, err), CLEARN_OK);
    rc = t->load(st, r, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_finish(r, err);
    t->destroy(st);
    clearn__reader_free(r);
    free(st);
    return rc;
}

#define ONE "3ff0000000000000"
#define NEG "bff0000000000000"
#define BIG "18446744073709551615"

START_TEST(doctored_payloads)
{
    static const struct { const clearn_estimator_type *t; const char *text, *msg; } cases[] = {
        /* huge counts: refused, or read until the data runs out, without a
         * huge allocation */
        {&clearn__nb_multinomial_type, "classes z " BIG "\nattributes z 2\nclass z 1\n",
         "bad numbers of classes"},
        {&clearn__nb_multinomial_type, "classes z 100000000000\nattributes z 2\nclass z 1\n"
         "count D 1 " ONE "\n", "'count': expected 256 values, found 1"},
        {&clearn__nb_multinomial_type, "classes z 1\nattributes z 2\nclass z 2\n",
         "bad numbers of classes"},
        {&clearn__nb_multinomial_type, "classes z 1\nattributes z 2\nclass z 1\ncount D 1 " NEG
         "\n", "bad class counts"},
        {&clearn__nb_multinomial_type, "classes z 1\nattributes z 2\nclass z 1\ncount D 1 " ONE
         "\nfeature_count D 2 " ONE " " NEG "\n", "bad feature counts"},
        {&clearn__nb_gaussian_type, "classes z 1\nattributes z 2\nclass z 1\ncount D 1 " ONE
         "\nknown D 2 " ONE " " ONE "\nmean D 2 " ONE " " ONE "\nvar D 2 " ONE " 0000000000000000\n",
         "bad means or variances"},
        {&clearn__nb_bernoulli_type, "classes z 1\nattributes z 2\nclass z 1\ncount D 1 " ONE
         "\nones D 2 " ONE " 0\n", "'ones': the line does not hold 2 values"},
        {&clearn__nb_bernoulli_type, "classes z 1\nattributes z 2\nclass z 1\ncount D 1 " ONE
         "\nones D 2 " ONE " " ONE "\nknown D 2 0000000000000000 " ONE "\n", "bad counts"},
        {&clearn__nb_categorical_type, "classes z 1\nattributes z 2\nclass z 1\ncount D 1 " ONE
         "\ncategories z " BIG "\n", "bad number of categories"},
        {&clearn__nb_categorical_type, "classes z 1\nattributes z 2\nclass z 1\ncount D 1 " ONE
         "\ncategories z 100000000000\ncategories z 0\n", "expected 'counts'"},
        {&clearn__nb_categorical_type, "classes z 1\nattributes z 2\nclass z 1\ncount D 1 " ONE
         "\ncategories z 1\ncategories z 1\n", "bad number of categories"},
        {&clearn__naive_bayes_type, "classes z 1\nattributes z 2\nclass z 1\nkind i 1\n"
         "categories z 100000000000\nkind i 2\nprior D 1 " ONE "\n", "expected 'table'"},
        {&clearn__naive_bayes_type, "classes z 1\nattributes z 2\nclass z 1\nkind i 2\n",
         "bad attribute kind"},
        {&clearn__naive_bayes_type, "classes z 1\nattributes z 2\nclass z 1\nkind i 0\n"
         "precision d " NEG "\n", "bad precision"},
        {&clearn__naive_bayes_type, "classes z 1\nattributes z 2\nclass z 1\nkind i 1\n"
         "categories z 1\nkind i 2\nprior D 1 " ONE "\ntable D 1 0000000000000000\n",
         "bad statistics"},
        {&clearn__naive_bayes_type, "classes z 1\nattributes z 2\nclass z 1\nkind i 0\n"
         "precision d " ONE "\nkind i 2\nprior D 1 " ONE "\ntable D 3 " ONE " " ONE " 0000000000000000\n",
         "bad statistics"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        clearn_error err;
        ck_assert_int_eq(load_payload(cases[i].t, cases[i].text, &err), CLEARN_ECORRUPT);
        ck_assert_msg(strstr(err.text, cases[i].msg) != NULL, "case %zu: %s", i, err.text);
    }
}
END_TEST

/* ---- printed models -------------------------------------------------------------- */

START_TEST(print_tables)
{
    clearn_dataset *w = tu_read("datasets/weather.nominal.arff", NULL);
    clearn_estimator *e = tu_fitted("nb_categorical alpha=0", w);
    char *t = printed(e);
    ck_assert_msg(strstr(t, "\noutlook\n  sunny                     2  0.2222      3  0.6000\n"
                            "  overcast                  4  0.4444      0  0.0000\n") != NULL,
                  "%s", t);
    ck_assert_msg(strstr(t, "  prior                      0.642857       0.357143\n") != NULL,
                  "%s", t);
    free(t);
    clearn_estimator_free(e);
    clearn_dataset_free(w);
}
END_TEST

/* ---- out of memory ----------------------------------------------------------------- */

/* Fails each allocation of fit, predict, predict_proba, the joint
 * log-likelihoods, save and load in turn: every failure is CLEARN_ENOMEM
 * and nothing leaks (run under valgrind). */
static int jll_too(clearn_estimator *e, const clearn_dataset *ds, double *out, clearn_error *err)
{
    return clearn_nb_joint_log_proba(e, ds, out, err);
}

static void until_success(const char *spec, const char *file)
{
    clearn_dataset *ds = tu_read(file, NULL);
    tu_estimator_nomem(spec, ds, "bayes", jll_too);
    clearn_dataset_free(ds);
}

START_TEST(out_of_memory)
{
    until_success("nb_gaussian", "datasets/iris.csv");
    until_success("nb_multinomial", "datasets/iris.csv");
    until_success("nb_bernoulli", "datasets/iris.csv");
    until_success("nb_categorical", "datasets/weather.nominal.arff");
    until_success("naive_bayes", "datasets/labor.arff");
}
END_TEST

/* ---- registry -------------------------------------------------------------------- */

START_TEST(registered)
{
    static const char *const names[] = {"nb_gaussian", "nb_multinomial", "nb_bernoulli",
                                        "nb_categorical", "naive_bayes"};
    for (size_t i = 0; i < 5; i++) {
        const clearn_estimator_type *t = clearn_estimator_type_find(names[i]);
        ck_assert_msg(t != NULL, "%s", names[i]);
        ck_assert_str_eq(t->name, names[i]);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("bayes");
    TCase *ref = tcase_create("references"), *edge = tcase_create("edges"),
          *io = tcase_create("files");
    tcase_set_timeout(ref, 120);
    tcase_set_timeout(io, 300);
    tcase_add_test(ref, sklearn_gaussian);
    tcase_add_test(ref, sklearn_counts);
    tcase_add_test(ref, sklearn_categorical);
    tcase_add_test(ref, wide_no_underflow);
    tcase_add_test(ref, weka_distributions);
    tcase_add_test(ref, weka_extreme);
    tcase_add_test(ref, weka_print);
    tcase_add_test(ref, textbook_weather);
    tcase_add_test(ref, textbook_densities);
    tcase_add_test(edge, all_classes_impossible);
    tcase_add_test(edge, missing_in_training);
    tcase_add_test(edge, missing_at_prediction);
    tcase_add_test(edge, unseen_category);
    tcase_add_test(edge, degenerate_data);
    tcase_add_test(edge, all_missing_and_huge);
    tcase_add_test(edge, no_attributes);
    tcase_add_test(edge, bad_data);
    tcase_add_test(edge, negative_counts);
    tcase_add_test(edge, bad_params);
    tcase_add_test(edge, joint_log_proba_errors);
    tcase_add_test(edge, pipeline);
    tcase_add_test(edge, print_tables);
    tcase_add_test(edge, registered);
    tcase_add_test(io, save_load);
    tcase_add_test(io, doctored_payloads);
    tcase_add_test(io, out_of_memory);
    suite_add_tcase(s, ref);
    suite_add_tcase(s, edge);
    suite_add_tcase(s, io);
    return run_suite(s);
}
