/* Tests of logistic regression (lib/logreg.c).
 *
 * Reference values, printed with repr() by the commands quoted above each
 * table, run from the top of the source tree with /usr/bin/python3
 * (Debian's python3-statsmodels 0.13, python3-sklearn 1.2.1), after
 *   import numpy as np, pandas as pd, statsmodels.api as sm
 *   from scipy.io import arff
 * with pima = the DataFrame of datasets/pima.arff (strings decoded),
 *   Xp = pima.drop(columns='class').values.astype(float)
 *   yp = (pima['class'] == 'tested_positive').astype(int).values
 * and wine = pd.read_csv('datasets/wine.csv'). */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "internal.h"
#include "linear_impl.h"

/* ---- helpers ------------------------------------------------------------------- */

/* wine.csv with alcohol, malic_acid and the class only. */
static clearn_dataset *wine2(void)
{
    clearn_error err;
    clearn_dataset *w = tu_dataset("wine.csv", NULL), *s;
    size_t cols[3] = {0, 1, 13};
    s = clearn_dataset_select(w, cols, 3, &err);
    ck_assert_msg(s != NULL, "%s", err.text);
    clearn_dataset_free(w);
    return s;
}

/* Relative: |a - b| <= tol |b|. */
static void rel_near(const double *a, const double *b, size_t n, double tol, const char *what)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(fabs(a[i] - b[i]) <= tol * fabs(b[i]),
                      "%s[%zu]: %.17g, expected %.17g", what, i, a[i], b[i]);
}

static const char *printed(const clearn_estimator *e)
{
    static char buf[16384];
    clearn_error err;
    size_t n;
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    ck_assert_msg(clearn_estimator_print(e, f, &err) == CLEARN_OK, "%s", err.text);
    rewind(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* ---- maximum likelihood against statsmodels ------------------------------------------ */

/* r = sm.Logit(yp, sm.add_constant(Xp)).fit(disp=0, method='newton',
 * tol=1e-12, maxiter=100); r.params, r.bse, r.llf. */
static const double pima_coef[] = {-8.404696366914143, 0.12318229835243945, 0.03516371460685666,
    -0.013295546904306163, 0.0006189643648757453, -0.001191698984162233, 0.08970097003094664,
    0.9451797406211297, 0.014869004744469458};
static const double pima_se[] = {0.7166360722578887, 0.03207755509149096, 0.003708708021279403,
    0.005233610841523097, 0.006899376434046254, 0.0009012256317523057, 0.01508762801389654,
    0.29914750158079634, 0.009334794393877653};
static const double pima_ll = -361.72268888708436;

START_TEST(logit_statsmodels)
{
    clearn_dataset *ds = tu_dataset("pima.arff", NULL);
    clearn_estimator *e = tu_fitted("logreg penalty=none", ds);
    clearn_logreg_stats st;
    clearn_error err;
    double coef[9], se[9], z[9], p[9];
    char name[64];
    ck_assert_uint_eq(clearn_linear_ncoefs(e), 9);
    ck_assert_int_eq(clearn_logreg_table(e, coef, se, z, p, &err), CLEARN_OK);
    rel_near(coef, pima_coef, 9, 1e-8, "coef");
    rel_near(se, pima_se, 9, 1e-8, "se");
    ck_assert_double_eq_tol(z[1], coef[1] / se[1], 1e-15);
    ck_assert_double_eq_tol(p[1], erfc(fabs(z[1]) / sqrt(2)), 1e-15);
    ck_assert_int_eq(clearn_logreg_get_stats(e, &st, &err), CLEARN_OK);
    ck_assert_double_eq_tol(st.loglik, pima_ll, 1e-10 * fabs(pima_ll));
    /* the intercept-only model: 268 positives of 768 */
    ck_assert_double_eq_tol(st.loglik_null, 268 * log(268.0 / 768) + 500 * log(500.0 / 768), 1e-9);
    ck_assert_uint_eq(st.n_params, 9);
    ck_assert_uint_eq(st.classes, 2);
    ck_assert_int_eq(st.converged, 1);
    ck_assert_int_eq(clearn_linear_coef_name(e, 2, name, sizeof name, &err), CLEARN_OK);
    ck_assert_str_eq(name, "tested_positive:plas");
    ck_assert_ptr_nonnull(strstr(printed(e), "Class tested_positive (against tested_negative):"));
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* X = sm.add_constant(wine[['alcohol', 'malic_acid']].values),
 * y = pd.Categorical(wine['class']).codes; r = sm.MNLogit(y, X).fit(disp=0,
 * method='newton', tol=1e-12, maxiter=200); r.params.T, r.bse.T, r.llf,
 * np.asarray(r.cov_params()) (first row here). */
static const double wine_coef[] = {66.31828812770249, -5.088058525656791, 0.05544638033967325,
    25.93894310995713, -2.1740165651721464, 1.2096137557805715};
static const double wine_se[] = {9.483848040350168, 0.7256316346624465, 0.33533278828015456,
    7.184374612179816, 0.540496280479927, 0.2625122264394222};
static const double wine_ll = -94.09846414358157;
static const double wine_cov0[] = {89.9433736524537, -6.858732493670197, -0.17916121100532348,
    42.33564799100416, -3.138139106984751, 0.06011223181815096};

START_TEST(mnlogit_statsmodels)
{
    clearn_dataset *ds = wine2();
    const char *specs[] = {"logreg penalty=none", "logreg penalty=none solver=newton",
                           "logreg penalty=none threads=3"};
    for (size_t s = 0; s < 3; s++) {
        clearn_estimator *e = tu_fitted(specs[s], ds);
        clearn_logreg_stats st;
        clearn_error err;
        double coef[6], se[6], cov[36];
        ck_assert_uint_eq(clearn_linear_ncoefs(e), 6);
        ck_assert_int_eq(clearn_logreg_table(e, coef, se, NULL, NULL, &err), CLEARN_OK);
        rel_near(coef, wine_coef, 6, 1e-8, specs[s]);
        rel_near(se, wine_se, 6, 1e-8, specs[s]);
        ck_assert_int_eq(clearn_logreg_cov(e, cov, &err), CLEARN_OK);
        rel_near(cov, wine_cov0, 6, 1e-7, "cov");
        for (size_t i = 0; i < 6; i++)
            for (size_t j = 0; j < 6; j++)
                ck_assert_double_eq(cov[i * 6 + j], cov[j * 6 + i]);
        ck_assert_int_eq(clearn_logreg_get_stats(e, &st, &err), CLEARN_OK);
        ck_assert_double_eq_tol(st.loglik, wine_ll, 1e-10 * fabs(wine_ll));
        ck_assert_uint_eq(st.n_params, 6);
        clearn_estimator_free(e);
    }
    clearn_dataset_free(ds);
}
END_TEST

/* ---- the penalised fit against scikit-learn ------------------------------------------ */

/* m = LogisticRegression(C=..., class_weight=..., solver='newton-cg',
 * tol=1e-12, max_iter=10000).fit(Xp, yp); np.r_[m.intercept_,
 * m.coef_.ravel()]: C=1; C=1, class_weight='balanced'; C=0.1,
 * class_weight={1: 3.0}. (newton-cg: scikit-learn's lbfgs stops short of
 * the optimum on pima's unscaled columns, e.g. intercept -8.36543 with a
 * gradient component of 0.14.) */
static const double sk_pima[] = {-8.365067126993173, 0.12249607416156043, 0.03511029241735972,
    -0.013299217544586222, 0.0007800374427065777, -0.00117377649889483, 0.08965168071918175,
    0.8677978998809219, 0.014984163018815411};
static const double sk_pima_bal[] = {-7.949746523122456, 0.1234163926292554, 0.03464074297909275,
    -0.012713744082513977, 0.0002066401181622665, -0.0011112773696773533, 0.09103983471484323,
    0.9579893075959423, 0.01892152281163522};
static const double sk_pima_w3[] = {-7.471456618229735, 0.12242820633455796, 0.03387268515488093,
    -0.01250963603457848, 0.001158079233428916, -0.0010499683675102948, 0.09171779275182779,
    0.7094427934994024, 0.02324171511250244};

/* iris = pd.read_csv('datasets/iris.csv'); the same with C=0.5 on its four
 * features: np.c_[m.intercept_, m.coef_] (one row per class), and with
 * fit_intercept=False: m.coef_. */
static const double sk_iris[] = {8.498996238537705, -0.40652053623972145, 0.731113043508957,
    -2.0628042575136933, -0.8635891862730533, 2.1111890208334048, 0.3711519436922187,
    -0.36086537270450525, -0.10820810772280984, -0.6766050968191969, -10.610185259371113,
    0.03536859254752694, -0.3702476708044571, 2.1710123652365017, 1.540194283092252};
static const double sk_iris_noint[] = {0.601028196190778, 1.3997094127481111, -1.8929347828005463,
    -0.8810761634517601, 0.4950197924145203, -0.18947135094069187, 0.020639458822537718,
    -0.7355230143322264, -1.096047988605312, -1.2102380618074295, 1.872295323977999,
    1.616599177783992};

static void sklearn_case(const clearn_dataset *ds, const char *spec, const double *want,
                         size_t n, int intercept, double tol)
{
    clearn_estimator *e = tu_fitted(spec, ds);
    clearn_error err;
    double coef[16];
    size_t p1 = intercept ? 0 : 1;
    ck_assert_int_eq(clearn_linear_coefs(e, coef, &err), CLEARN_OK);
    for (size_t i = 0, j = 0; i < clearn_linear_ncoefs(e); i++) {
        if (i % 5 == 0 && p1 && n == 12)
            continue;   /* no intercepts: skip their zero entries */
        ck_assert_msg(fabs(coef[i] - want[j]) <= tol * fmax(fabs(want[j]), 0.01),
                      "%s [%zu]: %.17g, expected %.17g", spec, j, coef[i], want[j]);
        j++;
    }
    clearn_estimator_free(e);
}

START_TEST(sklearn_l2)
{
    clearn_dataset *pima = tu_dataset("pima.arff", NULL), *iris = tu_dataset("iris.csv", NULL);
    sklearn_case(pima, "logreg solver=newton tol=1e-9", sk_pima, 9, 1, 1e-7);
    sklearn_case(pima, "logreg tol=1e-9 max_iter=10000", sk_pima, 9, 1, 1e-4);
    sklearn_case(pima, "logreg solver=newton tol=1e-9 class_weight=balanced", sk_pima_bal, 9, 1,
                 1e-7);
    sklearn_case(pima, "logreg C=0.1 solver=newton tol=1e-9 class_weight=tested_positive:3",
                 sk_pima_w3, 9, 1, 1e-7);
    sklearn_case(pima, "logreg solver=newton tol=1e-9 class_weight=tested_positive:3,"
                 "tested_negative:1 C=0.1", sk_pima_w3, 9, 1, 1e-7);
    sklearn_case(iris, "logreg C=0.5 tol=1e-9 max_iter=10000", sk_iris, 15, 1, 1e-4);
    sklearn_case(iris, "logreg C=0.5 solver=newton tol=1e-9", sk_iris, 15, 1, 1e-7);
    sklearn_case(iris, "logreg C=0.5 intercept=false tol=1e-9 max_iter=10000", sk_iris_noint, 12,
                 0, 1e-4);
    clearn_dataset_free(pima);
    clearn_dataset_free(iris);
}
END_TEST

/* ---- predictions ------------------------------------------------------------------------- */

START_TEST(probabilities)
{
    clearn_error err;
    clearn_dataset *iris = tu_dataset("iris.csv", NULL);
    clearn_estimator *e = tu_fitted("logreg", iris);
    size_t n = clearn_dataset_rows(iris), right = 0;
    double *proba = malloc(n * 3 * sizeof *proba), *pred = malloc(n * sizeof *pred);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, iris, proba, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(e, iris, pred, &err), CLEARN_OK);
    for (size_t i = 0; i < n; i++) {
        double s = proba[3 * i] + proba[3 * i + 1] + proba[3 * i + 2];
        size_t best = 0;
        for (size_t c = 1; c < 3; c++)
            if (proba[3 * i + c] > proba[3 * i + best])
                best = c;
        ck_assert_double_eq_tol(s, 1, 1e-14);
        ck_assert_double_eq(pred[i], (double)best);
        right += pred[i] == clearn_dataset_get(iris, i, 4);
    }
    ck_assert_uint_eq(right, 146);   /* scikit-learn's default fit: 97.33% on iris */
    clearn_estimator_free(e);
    free(proba);
    free(pred);
    clearn_dataset_free(iris);
}
END_TEST

/* Classes absent from the training rows get probability 0; one class
 * alone is predicted for every row. */
START_TEST(absent_classes)
{
    clearn_error err;
    clearn_dataset *iris = tu_dataset("iris.csv", NULL), *part;
    size_t rows[100], one[20];
    double proba[150 * 3], pred[150];
    clearn_estimator *e;
    for (size_t i = 0; i < 100; i++)
        rows[i] = 50 + i;   /* versicolor and virginica */
    for (size_t i = 0; i < 20; i++)
        one[i] = 60 + i;
    part = clearn_dataset_subset(iris, rows, 100, &err);
    e = tu_fitted("logreg", part);
    ck_assert_uint_eq(clearn_linear_ncoefs(e), 5);   /* binary: one equation */
    ck_assert_int_eq(clearn_estimator_predict_proba(e, part, proba, &err), CLEARN_OK);
    for (size_t i = 0; i < 100; i++)
        ck_assert_double_eq(proba[3 * i], 0);
    clearn_estimator_free(e);
    clearn_dataset_free(part);
    part = clearn_dataset_subset(iris, one, 20, &err);
    e = tu_fitted("logreg penalty=none", part);
    ck_assert_uint_eq(clearn_linear_ncoefs(e), 0);
    ck_assert_int_eq(clearn_estimator_predict(e, iris, pred, &err), CLEARN_OK);
    ck_assert_double_eq(pred[0], 1);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, iris, proba, &err), CLEARN_OK);
    ck_assert_double_eq(proba[1], 1);
    ck_assert_ptr_nonnull(strstr(printed(e), "Only class Iris-versicolor in the training data"));
    clearn_estimator_free(e);
    clearn_dataset_free(part);
    clearn_dataset_free(iris);
}
END_TEST

/* Nominal features are indicators; a missing value at prediction stands
 * for the training mean. Separable data without a penalty does not crash. */
START_TEST(nominal_and_missing)
{
    clearn_error err;
    clearn_dataset *w = tu_dataset("weather.nominal.arff", NULL);
    clearn_estimator *e = tu_fitted("logreg", w);
    double proba[14 * 2], pred[14];
    char name[64];
    ck_assert_uint_eq(clearn_linear_ncoefs(e), 7);   /* 2 + 2 + 1 + 1 indicators */
    ck_assert_int_eq(clearn_linear_coef_name(e, 1, name, sizeof name, &err), CLEARN_OK);
    ck_assert_str_eq(name, "no:outlook=overcast");
    ck_assert_int_eq(clearn_dataset_set(w, 0, 0, NAN, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, w, proba, &err), CLEARN_OK);
    ck_assert(proba[0] > 0 && proba[0] < 1);
    clearn_estimator_free(e);
    e = clearn_estimator_new("logreg", &err);
    ck_assert_int_eq(clearn_estimator_fit(e, w, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "logreg: attribute 'outlook' is missing in row 1: fitting needs "
                     "complete rows (impute first: \"impute | logreg\")");
    clearn_estimator_free(e);
    clearn_dataset_free(w);
    w = tu_dataset("weather.nominal.arff", NULL);
    e = tu_fitted("logreg penalty=none max_iter=50", w);   /* separable: no MLE */
    ck_assert_int_eq(clearn_estimator_predict(e, w, pred, &err), CLEARN_OK);
    for (size_t i = 0; i < 14; i++)
        ck_assert_double_eq(pred[i], clearn_dataset_get(w, i, 4));
    clearn_estimator_free(e);
    clearn_dataset_free(w);
}
END_TEST

/* ---- errors -------------------------------------------------------------------------- */

START_TEST(bad_input)
{
    clearn_error err;
    clearn_dataset *iris = tu_dataset("iris.csv", NULL);
    clearn_estimator *e;
    const struct {
        const char *spec, *text;
    } cases[] = {
        {"logreg class_weight=Iris-setosa", "logreg: class_weight: 'Iris-setosa' is not "
         "CLASS:WEIGHT with a finite weight >= 0"},
        {"logreg class_weight=Iris-setosa:-1", "logreg: class_weight: 'Iris-setosa:-1' is not "
         "CLASS:WEIGHT with a finite weight >= 0"},
        {"logreg class_weight=rose:2", "logreg: class_weight: 'rose' is not a class of 'class'"},
        {"logreg class_weight=Iris-setosa:2,", NULL},
    };
    double cov[1];
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        e = clearn_estimator_new(cases[c].spec, &err);
        ck_assert_ptr_nonnull(e);
        if (cases[c].text) {
            ck_assert_int_eq(clearn_estimator_fit(e, iris, &err), CLEARN_EINVAL);
            ck_assert_str_eq(err.text, cases[c].text);
        } else {
            ck_assert_int_eq(clearn_estimator_fit(e, iris, &err), CLEARN_OK);
        }
        clearn_estimator_free(e);
    }
    ck_assert_ptr_null(clearn_estimator_new("logreg C=0", &err));
    ck_assert_ptr_null(clearn_estimator_new("logreg penalty=l1", &err));
    ck_assert_ptr_null(clearn_estimator_new("logreg threads=-2", &err));
    e = clearn_estimator_new("logreg", &err);
    ck_assert_int_eq(clearn_logreg_cov(e, cov, &err), CLEARN_ENOTFIT);
    ck_assert_str_eq(err.text, "logreg is not fitted");
    clearn_estimator_free(e);
    e = tu_fitted("zeror", iris);
    ck_assert_int_eq(clearn_logreg_cov(e, cov, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "zeror is not logreg");
    clearn_estimator_free(e);
    clearn_dataset_free(iris);
}
END_TEST

/* A penalised fit has no standard errors. */
START_TEST(no_se_with_penalty)
{
    clearn_error err;
    clearn_dataset *iris = tu_dataset("iris.csv", NULL);
    clearn_estimator *e = tu_fitted("logreg", iris);
    double se[15], cov[225];
    ck_assert_int_eq(clearn_logreg_table(e, NULL, se, NULL, NULL, &err), CLEARN_OK);
    ck_assert(isnan(se[0]) && isnan(se[14]));
    ck_assert_int_eq(clearn_logreg_cov(e, cov, &err), CLEARN_OK);
    ck_assert(isnan(cov[0]));
    clearn_estimator_free(e);
    clearn_dataset_free(iris);
}
END_TEST

/* ---- threads, files, memory ---------------------------------------------------------- */

START_TEST(threads_same_result)
{
    clearn_error err;
    size_t n = tu_valgrind() ? 3000 : 30000, d = 5;
    double *x = malloc(n * d * sizeof *x), *y = malloc(n * sizeof *y), a[18], b[18];
    const char *names[3] = {"a", "b", "c"};
    clearn_rng r;
    clearn_dataset *ds;
    clearn_estimator *e1, *e3;
    clearn_rng_seed(&r, 5, 0);
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < d; j++) {
            x[i * d + j] = clearn_rng_normal(&r);
            s += (double)j * x[i * d + j];
        }
        y[i] = s + clearn_rng_normal(&r) > 1 ? 0 : s > -2 ? 1 : 2;
    }
    ds = clearn_dataset_from_arrays(n, d, x, NULL, y, names, 3, &err);
    e1 = tu_fitted("logreg threads=1", ds);
    e3 = tu_fitted("logreg threads=3", ds);
    ck_assert_int_eq(clearn_linear_coefs(e1, a, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_linear_coefs(e3, b, &err), CLEARN_OK);
    ck_assert(memcmp(a, b, sizeof a) == 0);
    clearn_estimator_free(e1);
    clearn_estimator_free(e3);
    clearn_dataset_free(ds);
    free(x);
    free(y);
}
END_TEST

START_TEST(save_load)
{
    clearn_dataset *ds = wine2();
    const char *path = build_path("tests/logreg.model");
    const char *specs[] = {"logreg penalty=none", "logreg C=0.3"};
    for (size_t s = 0; s < 2; s++) {
        clearn_error err;
        clearn_estimator *e = tu_fitted(specs[s], ds), *l;
        size_t n = clearn_dataset_rows(ds);
        double *a = malloc(n * 3 * sizeof *a), *b = malloc(n * 3 * sizeof *b), c1[81], c2[81];
        size_t nc = clearn_linear_ncoefs(e);
        char text[16384];
        snprintf(text, sizeof text, "%s", printed(e));
        ck_assert_int_eq(clearn_estimator_save(e, path, &err), CLEARN_OK);
        l = clearn_estimator_load(path, &err);
        ck_assert_msg(l != NULL, "%s", err.text);
        ck_assert_str_eq(printed(l), text);
        ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, a, &err), CLEARN_OK);
        ck_assert_int_eq(clearn_estimator_predict_proba(l, ds, b, &err), CLEARN_OK);
        ck_assert(memcmp(a, b, n * 3 * sizeof *a) == 0);
        ck_assert_int_eq(clearn_logreg_cov(e, c1, &err), CLEARN_OK);
        ck_assert_int_eq(clearn_logreg_cov(l, c2, &err), CLEARN_OK);
        ck_assert_uint_le(nc * nc, 81);
        for (size_t i = 0; i < nc * nc; i++)
            ck_assert(c1[i] == c2[i] || (isnan(c1[i]) && isnan(c2[i])));
        clearn_estimator_free(l);
        clearn_estimator_free(e);
        free(a);
        free(b);
    }
    remove(path);
    clearn_dataset_free(ds);
}
END_TEST

/* A payload written by save with one line replaced, loaded into a fresh
 * state: CLEARN_ECORRUPT with the message given. */
static void corrupt(const char *key, const char *line, const char *text)
{
    clearn_error err;
    clearn_dataset *ds = wine2();
    clearn_estimator *e = tu_fitted("logreg penalty=none", ds);
    const void *st = clearn__lm_state(e, &clearn__logreg_type);
    clearn_writer *w = clearn__writer_new();
    clearn_reader *r;
    const char *data, *at;
    size_t len;
    char *buf;
    void *fresh = calloc(1, clearn__logreg_type.state_size);
    ck_assert_int_eq(clearn__logreg_type.save(st, w, &err), CLEARN_OK);
    data = clearn__writer_data(w, &len);
    buf = malloc(len + strlen(line) + 2);
    at = strstr(data, key);
    ck_assert_ptr_nonnull(at);
    memcpy(buf, data, (size_t)(at - data));
    sprintf(buf + (at - data), "%s%s", line, strchr(at, '\n'));
    r = clearn__reader_new(buf, strlen(buf), "payload");
    ck_assert_int_eq(clearn__logreg_type.load(fresh, r, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, text);
    clearn__reader_free(r);
    free(fresh);
    free(buf);
    clearn__writer_free(w);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}

START_TEST(corrupt_payloads)
{
    corrupt("present ", "present z 4", "logreg model: 'present' is 4, more than 3");
    corrupt("flags ", "flags i 8", "logreg model: bad flags 8");
    corrupt("codes ", "codes D 3 0000000000000000 4000000000000000 3ff0000000000000",
            "logreg model: bad class code 3");
}
END_TEST

static int print_too(clearn_estimator *e, const clearn_dataset *ds, double *out,
                     clearn_error *err)
{
    FILE *f = tmpfile();
    int rc;
    (void)ds;
    (void)out;
    ck_assert_ptr_nonnull(f);
    rc = clearn_estimator_print(e, f, err);
    fclose(f);
    return rc;
}

static void until_success(const char *spec, const clearn_dataset *ds)
{
    tu_estimator_nomem(spec, ds, "logreg", print_too);
}

START_TEST(out_of_memory)
{
    clearn_dataset *w = wine2();
    until_success("logreg", w);
    until_success("logreg penalty=none", w);
    until_success("logreg solver=newton class_weight=balanced", w);
    clearn_dataset_free(w);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("logreg");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, logit_statsmodels);
    tcase_add_test(tc, mnlogit_statsmodels);
    tcase_add_test(tc, sklearn_l2);
    tcase_add_test(tc, probabilities);
    tcase_add_test(tc, absent_classes);
    tcase_add_test(tc, nominal_and_missing);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, no_se_with_penalty);
    tcase_add_test(tc, threads_same_result);
    tcase_add_test(tc, save_load);
    tcase_add_test(tc, corrupt_payloads);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
