/* Tests of the libsvm wrapper (lib/svm.c) and the encoding it shares with
 * lib/liblinear.c.
 *
 * Reference values are in the .txt files of tests/data/svm, recorded by
 * tests/data/svm/record.py with Debian's libsvm 3.24 tools: each file's
 * header is the svm-train and svm-predict command lines and what they
 * printed; "dec" lines are svm_predict_values on the model file svm-train
 * wrote (libsvm.so.3 through ctypes: what svm-predict computes before it
 * prints a label), "prob" lines svm-predict -b 1's output. Since clearn
 * trains with the same library on the same nodes, the number of support
 * vectors, the predictions and the accuracy are compared exactly, and rho,
 * Platt's A and B and the decision values agree bit for bit on the
 * recording machine (the checks allow 1e-12 for another CPU's exp(); see
 * close_to); the -b 1 probabilities to their 6 printed digits. clearn's
 * fast prediction path and libsvm's own svm_predict_values are compared
 * bit for bit everywhere.
 * svm-train reads its numeric options through a float (its model file
 * shows gamma 0.070000000298023224 for -g 0.07), so the tests pass clearn
 * those float values, e.g. gamma=0.07000000029802322, and check that the
 * plain decimal gives the same predictions and nearly the same numbers.
 * iris_sklearn.txt is scikit-learn 1.2.1's SVC (its own libsvm fork):
 * compared to 5e-3. */
#include "config.h"
#include <stddef.h>
#include "svm_testutil.h"
#include "svm_common.h"

/* ---- fixtures ---------------------------------------------------------------- */

/* Decision values of a fitted svm state (fast path or libsvm). */
static double *decisions(const struct typed *d, const clearn_dataset *ds, int via_libsvm)
{
    clearn_error err;
    size_t w = clearn__svm_n_decision(d->st), n = clearn_dataset_rows(ds);
    double *out = malloc((n * w + 1) * sizeof *out);
    ck_assert_msg(clearn__svm_decision(d->st, ds, via_libsvm, out, &err) == CLEARN_OK, "%s",
                  err.text);
    return out;
}

/* The fixture's decision values (libsvm's pair order over its labels)
 * re-expressed in clearn's convention: pairs (a, b) of category codes,
 * a < b, > 0 for a; with two categories one column, > 0 for category 1. */
static double expected_dec(const struct fixture *f, const clearn_dataset *ds, size_t row,
                           size_t a, size_t b)
{
    size_t nr = f->n_label, ia = nr, ib = nr, lo, hi, p;
    double v;
    for (size_t i = 0; i < nr; i++) {
        if (code_of(ds, f->label[i]) == a)
            ia = i;
        if (code_of(ds, f->label[i]) == b)
            ib = i;
    }
    lo = ia < ib ? ia : ib;
    hi = ia < ib ? ib : ia;
    p = lo * nr - lo * (lo + 1) / 2 + (hi - lo - 1);
    v = ia < ib ? f->dec[row][p] : -f->dec[row][p];
    return clearn_dataset_categories(ds, clearn_dataset_class(ds)) == 2 ? -v : v;
}

/* Fits params on ds and compares everything with fixture fx: support
 * vectors, rho, Platt's A and B (print), predictions and the decision
 * values (both paths, bit for bit). */
static void check_classifier(const char *fx, const char *data, const char *params)
{
    struct fixture *f = fixture(fx);
    clearn_dataset *ds = tu_read(data, NULL);
    char spec[256];
    clearn_estimator *e;
    clearn_error err;
    size_t n = clearn_dataset_rows(ds), k = clearn_dataset_categories(ds, clearn_dataset_class(ds));
    size_t right = 0, nv;
    double *out = malloc(n * sizeof *out), v[8], *fast, *slow;
    struct typed d;
    const char *text;
    snprintf(spec, sizeof spec, "svm %s", params);
    e = tu_fitted(spec, ds);
    text = printed(e);
    ck_assert_msg(printed_values(text, "support vectors:", v, 1) == 1 && v[0] == (double)f->nsv,
                  "%s: %s", fx, text);
    nv = printed_values(text, "rho:", v, 8);
    ck_assert_uint_eq(nv, f->n_rho);
    for (size_t i = 0; i < nv; i++)
        ck_assert_msg(close_to(v[i], f->rho[i], 1e-12), "%s rho %zu: %.17g vs %.17g", fx, i, v[i],
                      f->rho[i]);
    if (f->n_probA) {
        ck_assert_uint_eq(printed_values(text, "probA:", v, 8), f->n_probA);
        for (size_t i = 0; i < f->n_probA; i++)
            ck_assert_msg(close_to(v[i], f->probA[i], 1e-10), "%s probA %zu", fx, i);
        ck_assert_uint_eq(printed_values(text, "probB:", v, 8), f->n_probB);
        for (size_t i = 0; i < f->n_probB; i++)
            ck_assert_msg(close_to(v[i], f->probB[i], 1e-10), "%s probB %zu", fx, i);
    }
    ck_assert_int_eq(clearn_estimator_predict(e, ds, out, &err), CLEARN_OK);
    ck_assert_uint_eq(f->n_pred, n);
    /* svm-predict -b 1 predicts the most probable class, not the vote */
    for (size_t i = 0; !f->n_prob && i < n; i++) {
        const char *name = clearn_dataset_category(ds, clearn_dataset_class(ds), (size_t)out[i]);
        ck_assert_msg(strcmp(name, f->predicted[i]) == 0, "%s row %zu: %s vs %s", fx, i, name,
                      f->predicted[i]);
        right += out[i] == clearn_dataset_get(ds, i, clearn_dataset_class(ds));
    }
    if (f->acc_n && !f->n_prob)
        ck_assert_uint_eq(right, f->acc_k);
    d = typed_fit("svm", params, ds);
    ck_assert_msg(clearn__svm_fast(d.st), "%s: the fast path is off", fx);
    fast = decisions(&d, ds, 0);
    slow = decisions(&d, ds, 1);
    ck_assert_uint_eq(f->n_dec, n);
    for (size_t i = 0, o = 0; i < n; i++)
        for (size_t a = 0; a < k; a++)
            for (size_t b = a + 1; b < k; b++, o++) {
                double want = expected_dec(f, ds, i, a, b);
                ck_assert_msg(same_bits(fast[o], slow[o]) && close_to(fast[o], want, 1e-12),
                              "%s row %zu pair (%zu,%zu): %.17g / %.17g vs %.17g", fx, i, a, b,
                              fast[o], slow[o], want);
            }
    free(fast);
    free(slow);
    typed_free(&d);
    free(out);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    fixture_free(f);
}

/* ---- svm-train and svm-predict on heart_scale and iris ------------------------ */

START_TEST(heart_default)
{
    check_classifier("heart_default", "datasets/heart_scale.libsvm", "");
}
END_TEST

START_TEST(heart_c1_g007)
{
    clearn_dataset *ds = heart();
    clearn_estimator *e = tu_fitted("svm C=1 gamma=0.07", ds), *f;
    size_t n = clearn_dataset_rows(ds);
    double a[270], b[270], rho_a, rho_b;
    clearn_error err;
    /* svm-train -c 1 -g 0.07 trains with gamma = (float)0.07 */
    check_classifier("heart_c1_g007", "datasets/heart_scale.libsvm", "C=1 gamma=0.07000000029802322");
    f = tu_fitted("svm C=1 gamma=0.07000000029802322", ds);
    ck_assert_int_eq(clearn_estimator_predict(e, ds, a, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(f, ds, b, &err), CLEARN_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert(a[i] == b[i]);
    printed_values(printed(e), "rho:", &rho_a, 1);
    printed_values(printed(f), "rho:", &rho_b, 1);
    ck_assert_double_eq_tol(rho_a, rho_b, 1e-7);
    ck_assert(rho_a != rho_b);
    clearn_estimator_free(e);
    clearn_estimator_free(f);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(heart_kernels)
{
    check_classifier("heart_linear", "datasets/heart_scale.libsvm", "kernel=linear C=0.5");
    check_classifier("heart_poly", "datasets/heart_scale.libsvm",
                     "kernel=poly degree=2 gamma=0.10000000149011612 coef0=1");
    check_classifier("heart_sigmoid", "datasets/heart_scale.libsvm",
                     "kernel=sigmoid gamma=0.009999999776482582 coef0=-0.5");
}
END_TEST

START_TEST(heart_nu_and_weights)
{
    clearn_dataset *ds = heart();
    check_classifier("heart_nu", "datasets/heart_scale.libsvm", "type=nu_svc nu=0.30000001192092896");
    check_classifier("heart_weights", "datasets/heart_scale.libsvm", "C=2 class_weight=1:3,-1:0.5");
    /* balanced: 270 / (2 x 120) for 1, 270 / (2 x 150) for -1 */
    check_classifier("heart_balanced", "datasets/heart_scale.libsvm",
                     "class_weight=1:1.125,-1:0.8999999761581421");
    same_results("svm class_weight=balanced probability=true seed=1",
                 "svm class_weight=-1:0.9,1:1.125 probability=true seed=1", ds, ds);
    clearn_dataset_free(ds);
}
END_TEST

/* Three classes whose libsvm order (first appearance: 2, 1, 0) is not the
 * category order. */
START_TEST(iris_multiclass)
{
    check_classifier("iris", "tests/data/svm/iris_shuffled.libsvm", "gamma=0.25");
}
END_TEST

/* scikit-learn's SVC, decision_function_shape='ovo': the same convention,
 * a different libsvm build (agreement within the solver's tolerance). */
START_TEST(iris_sklearn)
{
    struct fixture *f = fixture("iris_sklearn");
    clearn_dataset *ds = tu_read("tests/data/svm/iris_shuffled.libsvm", NULL);
    struct typed d = typed_fit("svm", "gamma=0.25", ds);
    double *dec = decisions(&d, ds, 0);
    ck_assert_uint_eq(clearn__svm_n_decision(d.st), 3);
    for (size_t i = 0; i < f->n_dec; i++)
        for (size_t c = 0; c < 3; c++)
            ck_assert_msg(fabs(dec[3 * i + c] - f->dec[i][c]) < 5e-3, "row %zu col %zu: %g vs %g",
                          i, c, dec[3 * i + c], f->dec[i][c]);
    free(dec);
    typed_free(&d);
    clearn_dataset_free(ds);
    fixture_free(f);
}
END_TEST

/* probability=true seed=1 is svm-train -b 1 (which never seeds rand()):
 * same A and B; svm-predict -b 1's probabilities (6 digits), columns
 * moved to category order. */
static void check_proba(const char *fx, const char *data, const char *params)
{
    struct fixture *f = fixture(fx);
    clearn_dataset *ds = tu_read(data, NULL);
    char spec[256];
    clearn_estimator *e;
    clearn_error err;
    size_t n = clearn_dataset_rows(ds), k = clearn_dataset_categories(ds, clearn_dataset_class(ds));
    double *p = malloc(n * k * sizeof *p);
    snprintf(spec, sizeof spec, "svm %s", params);
    check_classifier(fx, data, params);
    e = tu_fitted(spec, ds);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, p, &err), CLEARN_OK);
    ck_assert_uint_eq(f->n_prob, n);
    ck_assert_uint_eq(f->prob_cols, k);
    for (size_t i = 0; i < n; i++) {
        size_t best = 0;
        for (size_t q = 0; q < k; q++) {
            double want = f->prob[i][q], got = p[i * k + code_of(ds, f->label[q])];
            ck_assert_msg(fabs(got - want) <= 5e-6 * fmax(want, 1e-3), "%s row %zu class %s: %.9g vs %g",
                          fx, i, f->label[q], got, want);
            best = p[i * k + q] > p[i * k + best] ? q : best;
        }
        ck_assert_str_eq(clearn_dataset_category(ds, clearn_dataset_class(ds), best), f->predicted[i]);
    }
    free(p);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    fixture_free(f);
}

START_TEST(probabilities)
{
    /* the default seed, 1, is the one svm-train runs with */
    check_proba("heart_prob", "datasets/heart_scale.libsvm", "probability=true");
    check_proba("iris_prob", "tests/data/svm/iris_shuffled.libsvm",
                "gamma=0.25 probability=true seed=1");
}
END_TEST

/* Another seed shuffles libsvm's internal folds differently; the same seed
 * gives the same model. */
START_TEST(probability_seeds)
{
    clearn_dataset *ds = heart();
    clearn_estimator *a = tu_fitted("svm probability=true seed=7", ds);
    clearn_estimator *b = tu_fitted("svm probability=true seed=7", ds);
    clearn_estimator *c = tu_fitted("svm probability=true seed=8", ds);
    char ta[8192];
    snprintf(ta, sizeof ta, "%s", printed(a));
    ck_assert_str_eq(ta, printed(b));
    ck_assert_str_ne(ta, printed(c));
    ck_assert_uint_eq(clearn__rand_seed(7), 7);
    ck_assert_uint_eq(clearn__rand_seed(0x100000001L), 0);
    clearn_estimator_free(a);
    clearn_estimator_free(b);
    clearn_estimator_free(c);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- regression and one-class ------------------------------------------------- */

static void check_regression(const char *fx, const char *params)
{
    struct fixture *f = fixture(fx);
    clearn_dataset *ds = tu_read("tests/data/svm/heart_reg.libsvm", NULL);
    size_t n = clearn_dataset_rows(ds);
    struct typed d;
    double *out = malloc(n * sizeof *out), *fast, *slow, v[2];
    char spec[256];
    clearn_error err;
    clearn_estimator *e;
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, clearn_dataset_class(ds)), CLEARN_NUMERIC);
    snprintf(spec, sizeof spec, "svm %s", params);
    e = tu_fitted(spec, ds);
    ck_assert(printed_values(printed(e), "support vectors:", v, 1) == 1 && v[0] == (double)f->nsv);
    ck_assert(printed_values(printed(e), "rho:", v, 2) == 1 && close_to(v[0], f->rho[0], 1e-12));
    ck_assert_int_eq(clearn_estimator_predict(e, ds, out, &err), CLEARN_OK);
    d = typed_fit("svm", params, ds);
    fast = decisions(&d, ds, 0);
    slow = decisions(&d, ds, 1);
    for (size_t i = 0; i < n; i++) {
        double want = strtod(f->predicted[i], NULL);
        ck_assert_msg(close_to(out[i], want, 1e-12), "%s row %zu: %.17g vs %.17g", fx, i, out[i], want);
        ck_assert(same_bits(fast[i], slow[i]) && same_bits(fast[i], out[i]));
        ck_assert(close_to(fast[i], f->dec[i][0], 1e-12));
    }
    ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, out, &err), CLEARN_EINVAL);
    free(fast);
    free(slow);
    typed_free(&d);
    free(out);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    fixture_free(f);
}

START_TEST(regression)
{
    check_regression("reg_eps", "type=epsilon_svr epsilon=0.05000000074505806");
    check_regression("reg_nu", "type=nu_svr kernel=poly degree=2");
}
END_TEST

/* One-class on heart_scale's features (no class): +1 inliers, -1 outliers,
 * as svm-train -s 2. */
START_TEST(one_class)
{
    struct fixture *f = fixture("heart_oneclass");
    clearn_dataset *full = heart(), *ds = features_only(full);
    size_t n = clearn_dataset_rows(ds);
    clearn_estimator *e = tu_fitted("svm type=one_class nu=0.20000000298023224", ds);
    struct typed d = typed_fit("svm", "type=one_class nu=0.20000000298023224", ds);
    double *out = malloc(n * sizeof *out), *dec = decisions(&d, ds, 0), v[1];
    clearn_error err;
    ck_assert(printed_values(printed(e), "support vectors:", v, 1) == 1 && v[0] == (double)f->nsv);
    ck_assert_int_eq(clearn_estimator_predict(e, ds, out, &err), CLEARN_OK);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(out[i] == strtod(f->predicted[i], NULL), "row %zu", i);
        ck_assert(close_to(dec[i], f->dec[i][0], 1e-12));
    }
    ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, out, &err), CLEARN_EINVAL);
    free(out);
    free(dec);
    typed_free(&d);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    clearn_dataset_free(full);
    fixture_free(f);
}
END_TEST

/* ---- the encoding ---------------------------------------------------------------- */

/* Nominal attributes are one-hot encoded in place, a missing category as
 * all zeros: exactly scikit-learn's OneHotEncoder(handle_unknown='ignore'),
 * i.e. clearn's "onehot missing=zeros". */
START_TEST(one_hot)
{
    clearn_dataset *ds = tu_arff(mixed_arff()), *w = tu_read("datasets/weather.nominal.arff", NULL);
    same_results("svm gamma=0.3 probability=true seed=1",
                 "onehot missing=zeros | svm gamma=0.3 probability=true seed=1", ds, ds);
    same_results("svm kernel=linear probability=true seed=1",
                 "onehot missing=zeros | svm kernel=linear probability=true seed=1", w, w);
    /* gamma=libsvm counts the one-hot columns: 10 here, as for the onehot data */
    same_results("svm probability=true seed=1", "onehot missing=zeros | svm probability=true seed=1",
                 w, w);
    clearn_dataset_free(ds);
    clearn_dataset_free(w);
}
END_TEST

/* gamma=auto is 1/columns, scale 1/(columns x variance), libsvm 1/(largest
 * non-zero column); a number is taken as it is. */
START_TEST(gamma_choices)
{
    clearn_dataset *ds = tu_arff(mixed_arff());
    double v[1], mean = 0, var = 0, x[10][6] = {
        {1, 0, 0, 1.5, 1, 0}, {0, 1, 0, 0, 0, 1}, {0, 0, 1, 2, 1, 0}, {0, 0, 0, 3, 0, 1},
        {1, 0, 0, -1, 0, 0}, {0, 1, 0, 2.5, 1, 0}, {0, 0, 1, 0.5, 0, 1}, {1, 0, 0, 1, 1, 0},
        {0, 1, 0, -0.5, 0, 1}, {0, 0, 1, 1.2, 1, 0}};
    clearn_estimator *e;
    for (size_t i = 0; i < 60; i++)
        mean += x[i / 6][i % 6] / 60;
    for (size_t i = 0; i < 60; i++)
        var += (x[i / 6][i % 6] - mean) * (x[i / 6][i % 6] - mean) / 60;
    e = tu_fitted("svm gamma=scale", ds);
    printed_values(printed(e), "gamma", v, 1);
    ck_assert_double_eq_tol(v[0], 1 / (6 * var), 1e-15);
    clearn_estimator_free(e);
    e = tu_fitted("svm gamma=auto", ds);
    printed_values(printed(e), "gamma", v, 1);
    ck_assert(v[0] == 1.0 / 6);
    clearn_estimator_free(e);
    e = tu_fitted("svm", ds);
    printed_values(printed(e), "gamma", v, 1);
    ck_assert(v[0] == 1.0 / 6);
    clearn_estimator_free(e);
    e = tu_fitted("svm gamma=2.5", ds);
    printed_values(printed(e), "gamma", v, 1);
    ck_assert(v[0] == 2.5);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    /* the last column is always 0: libsvm's 1/5, auto's 1/6 */
    ds = tu_arff("@relation z\n@attribute a numeric\n@attribute b numeric\n@attribute c {p,q}\n"
              "@data\n1,0,p\n2,0,q\n3,0,p\n");
    e = tu_fitted("svm", ds);
    printed_values(printed(e), "gamma", v, 1);
    ck_assert(v[0] == 1.0);
    clearn_estimator_free(e);
    e = tu_fitted("svm gamma=auto", ds);
    printed_values(printed(e), "gamma", v, 1);
    ck_assert(v[0] == 0.5);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* Unseen categories become missing (all zeros); a missing numeric value is
 * refused, naming the attribute and the row. */
START_TEST(missing_values)
{
    clearn_dataset *ds = tu_arff(mixed_arff()), *bad;
    clearn_estimator *e = tu_fitted("svm", ds);
    clearn_error err;
    double out[3];
    bad = tu_arff("@relation t\n@attribute colour {red,purple}\n@attribute size numeric\n"
               "@attribute shape {round,square}\n@attribute class {yes,no}\n@data\n"
               "purple,1,round,yes\nred,?,round,no\n");
    ck_assert_int_eq(clearn_estimator_predict(e, bad, out, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "svm: attribute 'size' is missing in row 2 (impute it first, e.g. "
                               "'impute | svm')");
    clearn_estimator_free(e);
    e = clearn_estimator_new("svm", &err);
    ck_assert_int_eq(clearn_estimator_fit(e, bad, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "svm: attribute 'size' is missing in row 2 (impute it first, e.g. "
                               "'impute | svm')");
    clearn_estimator_free(e);
    e = tu_fitted("impute | svm", bad);
    ck_assert_int_eq(clearn_estimator_predict(e, bad, out, &err), CLEARN_OK);
    clearn_estimator_free(e);
    clearn_dataset_free(bad);
    clearn_dataset_free(ds);
}
END_TEST

/* One row, one class present, no features, huge values: no crash, sensible
 * answers. */
START_TEST(edge_cases)
{
    clearn_dataset *ds = heart(), *one, *tiny;
    size_t rows[60], n = 0;
    clearn_estimator *e;
    clearn_error err;
    double out[540], p[2];
    for (size_t i = 0; i < clearn_dataset_rows(ds) && n < 60; i++)
        if (clearn_dataset_get(ds, i, clearn_dataset_class(ds)) == 1)
            rows[n++] = i;
    one = clearn_dataset_subset(ds, rows, n, &err);
    e = tu_fitted("svm probability=true", one);
    ck_assert_int_eq(clearn_estimator_predict(e, ds, out, &err), CLEARN_OK);
    for (size_t i = 0; i < clearn_dataset_rows(ds); i++)
        ck_assert(out[i] == 1);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, out, &err), CLEARN_OK);
    ck_assert(out[0] == 0 && out[1] == 1);
    clearn_estimator_free(e);
    {
        struct typed d = typed_fit("svm", "", one);
        double *dec = decisions(&d, one, 0);
        ck_assert(isnan(dec[0]));
        free(dec);
        typed_free(&d);
    }
    tiny = clearn_dataset_subset(ds, rows, 1, &err);
    e = tu_fitted("svm", tiny);
    ck_assert_int_eq(clearn_estimator_predict(e, tiny, p, &err), CLEARN_OK);
    ck_assert(p[0] == 1);
    clearn_estimator_free(e);
    clearn_dataset_free(tiny);
    clearn_dataset_free(one);
    clearn_dataset_free(ds);
    ds = tu_arff("@relation c\n@attribute class {a,b}\n@data\na\nb\na\n");
    e = tu_fitted("svm", ds);
    ck_assert_int_eq(clearn_estimator_predict(e, ds, out, &err), CLEARN_OK);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    ds = tu_arff("@relation h\n@attribute x numeric\n@attribute class {a,b}\n@data\n"
              "1e300,a\n-1e300,b\n1e300,a\n0,b\n1e-300,a\n");
    for (int k = 0; k < 4; k++) {
        static const char *const spec[] = {"svm", "svm kernel=linear", "svm kernel=poly",
                                           "svm kernel=sigmoid"};
        e = tu_fitted(spec[k], ds);
        ck_assert_int_eq(clearn_estimator_predict(e, ds, out, &err), CLEARN_OK);
        clearn_estimator_free(e);
    }
    clearn_dataset_free(ds);
}
END_TEST

/* ---- errors ------------------------------------------------------------------------- */

START_TEST(bad_parameters)
{
    clearn_dataset *ds = heart(), *reg = tu_read("tests/data/svm/heart_reg.libsvm", NULL);
    clearn_dataset *feat = features_only(ds);
    bad_param("svm C=0", "parameter C: '0' is out of range");
    bad_param("svm nu=1.5", "parameter nu: '1.5' is out of range");
    bad_param("svm kernel=cubic", "parameter kernel: 'cubic' is not a valid choice");
    bad_param("svm type=svc", "parameter type: 'svc' is not a valid choice");
    bad_param("svm degree=-1", "parameter degree: '-1' is out of range");
    bad_param("svm tolerance=0", "parameter tolerance: '0' is out of range");
    bad_param("svm threads=-1", "parameter threads: '-1' is out of range");
    bad_param("svm cache_size=0", "parameter cache_size: '0' is out of range");
    bad_fit("svm gamma=fast", ds, CLEARN_EINVAL,
            "svm: parameter gamma: 'fast' is not a number, libsvm, auto or scale");
    bad_fit("svm gamma=-1", ds, CLEARN_EINVAL, "svm: libsvm rejects the parameters: gamma < 0");
    bad_fit("svm type=nu_svc nu=0.95", ds, CLEARN_EINVAL,
            "svm: libsvm rejects the parameters: specified nu is infeasible");
    bad_fit("svm type=one_class probability=true", feat, CLEARN_EINVAL,
            "svm: libsvm rejects the parameters: one-class SVM probability output not supported yet");
    bad_fit("svm class_weight=1", ds, CLEARN_EINVAL,
            "svm: class_weight: '1' is not NAME:WEIGHT (or use 'balanced')");
    bad_fit("svm class_weight=1:x", ds, CLEARN_EINVAL,
            "svm: class_weight: the weight in '1:x' is not a number > 0");
    bad_fit("svm class_weight=1:0", ds, CLEARN_EINVAL,
            "svm: class_weight: the weight in '1:0' is not a number > 0");
    bad_fit("svm class_weight=2:1", ds, CLEARN_EINVAL,
            "svm: class_weight: the class 'class' has no category '2'");
    bad_fit("svm class_weight=1:1,1:2", ds, CLEARN_EINVAL, "svm: class_weight: '1' is given twice");
    bad_fit("svm class_weight=1:1,-1:2,", ds, CLEARN_EINVAL,
            "svm: class_weight: more entries than the 2 classes");
    bad_fit("svm type=epsilon_svr", ds, CLEARN_EINVAL,
            "svm type=epsilon_svr is a regressor but the class 'class' is nominal (use type=c_svc "
            "or nu_svc)");
    bad_fit("svm", reg, CLEARN_EINVAL,
            "svm type=c_svc is a classifier but the class 'class' is numeric (use type=epsilon_svr "
            "or nu_svr)");
    bad_fit("svm type=one_class", ds, CLEARN_EINVAL,
            "svm type=one_class learns without a class, but the data's class is 'class' (make it a "
            "feature or drop it, and set no class)");
    bad_fit("svm type=nu_svc", feat, CLEARN_EINVAL,
            "svm type=nu_svc needs a class attribute (only type=one_class learns without one)");
    clearn_dataset_free(feat);
    clearn_dataset_free(reg);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(no_probabilities)
{
    clearn_dataset *ds = heart();
    clearn_estimator *e = tu_fitted("svm", ds);
    clearn_error err;
    double *p = malloc(2 * clearn_dataset_rows(ds) * sizeof *p);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, p, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "svm: no class probabilities: fit with probability=true");
    free(p);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- threads ------------------------------------------------------------------------ */

/* threads= changes nothing in the results. */
START_TEST(threads_same_results)
{
    clearn_dataset *ds = tu_read("tests/data/svm/iris_shuffled.libsvm", NULL);
    same_results("svm probability=true seed=3 threads=1", "svm probability=true seed=3 threads=2",
                 ds, ds);
    same_results("svm probability=true seed=3 threads=1", "svm probability=true seed=3 threads=0",
                 ds, ds);
    clearn_dataset_free(ds);
}
END_TEST

/* Probability fits use rand(): run concurrently, each still gets the model
 * its seed gives alone. */
START_TEST(concurrent_fits)
{
    clearn_dataset *ds = heart();
    static const char *const specs[] = {"svm probability=true seed=3", "svm probability=true seed=4",
                                        "svm probability=true seed=3", "svm probability=true seed=5"};
    struct fit_job jobs[4], alone;
    pthread_t th[4];
    for (int rep = 0; rep < (tu_valgrind() ? 1 : 3); rep++) {
        for (int i = 0; i < 4; i++) {
            jobs[i].ds = ds;
            jobs[i].spec = specs[i];
            jobs[i].text[0] = '\0';
            ck_assert_int_eq(pthread_create(&th[i], NULL, fit_thread, &jobs[i]), 0);
        }
        for (int i = 0; i < 4; i++)
            pthread_join(th[i], NULL);
        for (int i = 0; i < 4; i++) {
            alone.ds = ds;
            alone.spec = specs[i];
            fit_thread(&alone);
            ck_assert_str_eq(jobs[i].text, alone.text);
            ck_assert(strstr(alone.text, "probA") != NULL);
        }
    }
    clearn_dataset_free(ds);
}
END_TEST

/* ---- model files ------------------------------------------------------------------- */

/* Saved and loaded through a model file, an estimator predicts, gives
 * probabilities and prints exactly as before. */
static void file_roundtrip(const char *spec, const clearn_dataset *ds)
{
    const char *path = build_path("tests/svm_roundtrip.model");
    clearn_estimator *e = tu_fitted(spec, ds), *l;
    clearn_error err;
    size_t n = clearn_dataset_rows(ds), c = clearn_dataset_class(ds);
    size_t k = c == CLEARN_NONE || clearn_dataset_attr_kind(ds, c) == CLEARN_NUMERIC
               ? 1 : clearn_dataset_categories(ds, c);
    double *a = malloc(n * k * sizeof *a), *b = malloc(n * k * sizeof *b);
    char text[8192];
    ck_assert_int_eq(clearn_estimator_save(e, path, &err), CLEARN_OK);
    l = clearn_estimator_load(path, &err);
    ck_assert_msg(l != NULL, "%s: %s", spec, err.text);
    ck_assert_int_eq(clearn_estimator_predict(e, ds, a, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(l, ds, b, &err), CLEARN_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(same_bits(a[i], b[i]), "%s row %zu", spec, i);
    if (clearn_estimator_predict_proba(e, ds, a, &err) == CLEARN_OK) {
        ck_assert_int_eq(clearn_estimator_predict_proba(l, ds, b, &err), CLEARN_OK);
        for (size_t i = 0; i < n * k; i++)
            ck_assert(same_bits(a[i], b[i]));
    }
    snprintf(text, sizeof text, "%s", printed(e));
    ck_assert_str_eq(text, printed(l));
    remove(path);
    free(a);
    free(b);
    clearn_estimator_free(e);
    clearn_estimator_free(l);
}

START_TEST(model_files)
{
    clearn_dataset *h = heart(), *f = features_only(h), *iris = tu_read("tests/data/svm/iris_shuffled.libsvm", NULL);
    clearn_dataset *reg = tu_read("tests/data/svm/heart_reg.libsvm", NULL), *mixed = tu_arff(mixed_arff());
    file_roundtrip("svm probability=true seed=1", h);
    file_roundtrip("svm gamma=0.25 probability=true", iris);
    file_roundtrip("svm type=nu_svr kernel=poly degree=2", reg);
    file_roundtrip("svm type=epsilon_svr kernel=sigmoid gamma=0.01 probability=true", reg);
    file_roundtrip("svm type=one_class nu=0.2", f);
    file_roundtrip("svm kernel=linear class_weight=yes:2", mixed);
    clearn_dataset_free(h);
    clearn_dataset_free(f);
    clearn_dataset_free(iris);
    clearn_dataset_free(reg);
    clearn_dataset_free(mixed);
}
END_TEST

/* A payload read back gives the same decision values, fast path and all. */
START_TEST(payload_roundtrip)
{
    clearn_dataset *ds = tu_read("tests/data/svm/iris_shuffled.libsvm", NULL);
    struct typed d = typed_fit("svm", "gamma=0.25 probability=true", ds), l;
    char *text = payload(&d);
    clearn_error err;
    double *a = decisions(&d, ds, 0), *b;
    ck_assert_msg(load_text("svm", "gamma=0.25 probability=true", text, &l, &err) == CLEARN_OK, "%s",
                  err.text);
    ck_assert(clearn__svm_fast(l.st));
    b = decisions(&l, ds, 0);
    for (size_t i = 0; i < 3 * clearn_dataset_rows(ds); i++)
        ck_assert(same_bits(a[i], b[i]));
    free(a);
    free(b);
    free(text);
    typed_free(&l);
    typed_free(&d);
    clearn_dataset_free(ds);
}
END_TEST

/* Every field is checked: bad values are CLEARN_ECORRUPT saying what. */
START_TEST(payload_validated)
{
    clearn_dataset *ds = heart(), *f = features_only(ds);
    struct typed d = typed_fit("svm", "probability=true seed=1", ds);
    struct typed o = typed_fit("svm", "type=one_class", f);
    char *text = payload(&d), *otext = payload(&o), *two;
    const char *p = "probability=true seed=1";
    double v[16] = {0.5, 2, 0.25, 1, 0.25}, shape[14];
    clearn_error err;
    size_t len = strlen(text);
    doctored("svm", p, text, "svm_type", 1, "svm_type i 9", "'svm_type' is 9, not in [0, 4]");
    doctored("svm", p, text, "kernel", 1, "kernel i 0", "the type or kernel differs from the spec's");
    doctored("svm", p, text, "classes", 1, "classes z 1", "inconsistent classes");
    doctored("svm", p, text, "nr_class", 1, "nr_class z 3", "inconsistent classes");
    doctored("svm", p, text, "total_sv", 1, "total_sv z 1", "inconsistent classes");
    doctored("svm", p, text, "total_sv", 1, "total_sv z 200", "do not add up to total_sv");
    doctored("svm", p, text, "gamma", 1, dscalar("gamma", -1), "gamma or coef0 is not a finite number");
    doctored("svm", p, text, "coef0", 1, dscalar("coef0", NAN), "gamma or coef0 is not a finite number");
    v[0] = 1, v[1] = 1;
    doctored("svm", p, text, "labels", 1, dline("labels", v, 2), "a class label appears twice");
    v[1] = 5;
    doctored("svm", p, text, "labels", 1, dline("labels", v, 2), "'labels' value 2 is not an integer in [0, 1]");
    v[0] = 0, v[1] = 132;
    doctored("svm", p, text, "nsv", 1, dline("nsv", v, 2), "'nsv' value 1 is not an integer in [1, 2147483647]");
    doctored("svm", p, text, "nnz", 1, "nnz z 99", "a support vector has more values than there are features");
    two = edit(text, "nnz", 1, "nnz z 2");   /* the first SV with two values */
    v[0] = 0.5, v[1] = 2, v[2] = 0.25, v[3] = 1, v[4] = 0.25;
    doctored("svm", p, two, "sv", 1, dline("sv", v, 5), "support vector indices must increase within the features");
    v[1] = 1, v[3] = 14;
    doctored("svm", p, two, "sv", 1, dline("sv", v, 5), "support vector indices must increase within the features");
    v[1] = 1.5, v[3] = 2;
    doctored("svm", p, two, "sv", 1, dline("sv", v, 5), "support vector indices must increase within the features");
    v[0] = NAN, v[1] = 1;
    doctored("svm", p, two, "sv", 1, dline("sv", v, 5), "'sv' value 1 is not finite");
    free(two);
    v[0] = INFINITY;
    doctored("svm", p, text, "rho", 1, dline("rho", v, 1), "'rho' value 1 is not finite");
    doctored("svm", p, text, "probB", 1, dline("probB", v, 1), "'probB' value 1 is not finite");
    for (size_t j = 0; j < 14; j++)
        shape[j] = -1;
    shape[13] = -2, shape[0] = -3;
    doctored("svm", p, text, "shape", 1, dline("shape", shape, 14), "bad shape 1 of the features");
    shape[0] = -2;
    doctored("svm", p, text, "shape", 1, dline("shape", shape, 14), "bad shape 14 of the features");
    doctored("svm", p, text, "attributes", 1, "attributes z 99999999", "99999999 attributes (at most 16777216)");
    doctored("svm", "type=one_class", otext, "probability", 1, "probability i 1",
             "'probability' is 1, not in [0, 0]");
    /* every truncation at a line end fails cleanly */
    for (size_t cut = 0; cut + 1 < len; cut++) {
        char *t;
        if (text[cut] != '\n')
            continue;
        t = strndup(text, cut + 1);
        ck_assert_int_eq(load_text("svm", p, t, NULL, &err), CLEARN_ECORRUPT);
        free(t);
    }
    free(text);
    free(otext);
    typed_free(&d);
    typed_free(&o);
    clearn_dataset_free(f);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- out of memory ------------------------------------------------------------------ */

START_TEST(out_of_memory)
{
    clearn_dataset *h = heart(), *small, *f, *mixed = tu_arff(mixed_arff());
    size_t rows[40];
    clearn_error err;
    for (size_t i = 0; i < 40; i++)
        rows[i] = i;
    small = clearn_dataset_subset(h, rows, 40, &err);
    f = features_only(small);
    nomem("svm probability=true", small);
    if (!tu_valgrind())   /* the same paths again, other parameters */
        nomem("svm gamma=scale class_weight=balanced threads=2", small);
    nomem("svm type=one_class", f);
    nomem("svm kernel=poly class_weight=yes:2,no:1", mixed);
    clearn_dataset_free(small);
    clearn_dataset_free(f);
    clearn_dataset_free(h);
    clearn_dataset_free(mixed);
}
END_TEST

START_TEST(registered)
{
    const clearn_estimator_type *t = clearn_estimator_type_find("svm");
    ck_assert_ptr_eq(t, &clearn__svm_type);
    ck_assert_uint_eq(t->tasks, CLEARN_CLASSIFY | CLEARN_REGRESS | CLEARN_CLUSTER);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("svm");
    TCase *tc = tcase_create("libsvm");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, heart_default);
    tcase_add_test(tc, heart_c1_g007);
    tcase_add_test(tc, heart_kernels);
    tcase_add_test(tc, heart_nu_and_weights);
    tcase_add_test(tc, iris_multiclass);
    tcase_add_test(tc, iris_sklearn);
    tcase_add_test(tc, probabilities);
    tcase_add_test(tc, probability_seeds);
    tcase_add_test(tc, regression);
    tcase_add_test(tc, one_class);
    suite_add_tcase(s, tc);
    tc = tcase_create("wrapper");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, one_hot);
    tcase_add_test(tc, gamma_choices);
    tcase_add_test(tc, missing_values);
    tcase_add_test(tc, edge_cases);
    tcase_add_test(tc, bad_parameters);
    tcase_add_test(tc, no_probabilities);
    tcase_add_test(tc, threads_same_results);
    tcase_add_test(tc, concurrent_fits);
    tcase_add_test(tc, model_files);
    tcase_add_test(tc, payload_roundtrip);
    tcase_add_test(tc, payload_validated);
    tcase_add_test(tc, out_of_memory);
    tcase_add_test(tc, registered);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
