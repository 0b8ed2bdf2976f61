/* Tests of the liblinear wrappers (lib/liblinear.c): linear_svc and
 * logreg_liblinear.
 *
 * Reference values: tests/data/svm/linear_*.txt, recorded by
 * tests/data/svm/record.py with Debian's liblinear 2.3.0 tools:
 * liblinear-train -s SOLVER -B 1 (the header of each file has the command
 * lines), liblinear-predict [-b 1]; "dec" lines are predict_values on the
 * model file liblinear-train wrote (liblinear.so.4 through ctypes, with the
 * bias node), "w" the model file's weights. liblinear-train never calls
 * srand(), so it runs with glibc's default seed 1, clearn's default: the
 * predictions are compared exactly, the decision values and weights (equal
 * bit for bit on the recording machine) to 1e-10, for the primal solvers
 * call BLAS, whose OpenBLAS kernels depend on the CPU (see close_to), the
 * -b 1 probabilities to their 6 printed digits. Like svm-train,
 * liblinear-train reads its numeric options through a float (-w-1 0.7
 * weighs 0.699999988079071). */
#include "config.h"
#include <stddef.h>
#include "svm_testutil.h"
#include "svm_common.h"

/* The spec of liblinear-train -s S. */
static const char *const solver_spec[] = {
    "logreg_liblinear solver=l2r_lr",        "linear_svc solver=l2r_l2loss_svc_dual",
    "linear_svc solver=l2r_l2loss_svc",      "linear_svc solver=l2r_l1loss_svc_dual",
    "linear_svc solver=mcsvm_cs",            "linear_svc solver=l1r_l2loss_svc",
    "logreg_liblinear solver=l1r_lr",        "logreg_liblinear solver=l2r_lr_dual",
};

/* Decision values of a fitted state. */
static double *decisions(const struct typed *d, const clearn_dataset *ds)
{
    clearn_error err;
    size_t w = clearn__linear_n_decision(d->st), n = clearn_dataset_rows(ds);
    double *out = malloc((n * w + 1) * sizeof *out);
    ck_assert_msg(clearn__linear_decision(d->st, ds, out, &err) == CLEARN_OK, "%s", err.text);
    return out;
}

/* liblinear's decision values of a row (its label order: one value for two
 * classes, else one per class) in clearn's convention: two categories, one
 * column > 0 for category 1; more, one column per category. */
static void expected(const struct fixture *f, const clearn_dataset *ds, size_t row, int mcsvm,
                     double *out)
{
    size_t k = clearn_dataset_categories(ds, clearn_dataset_class(ds));
    if (k == 2) {
        size_t one = code_of(ds, f->label[0]) == 1 ? 0 : 1;
        out[0] = mcsvm ? f->dec[row][one] - f->dec[row][1 - one]
                       : one == 0 ? f->dec[row][0] : -f->dec[row][0];
        return;
    }
    for (size_t i = 0; i < f->n_label; i++)
        out[code_of(ds, f->label[i])] = f->dec[row][i];
}

/* Fits spec (seed 1) on data and compares with fixture fx: predictions,
 * accuracy, decision values bit for bit, -b 1 probabilities. */
static void check_solver(const char *fx, const char *data, const char *spec)
{
    struct fixture *f = fixture(fx);
    clearn_dataset *ds = tu_read(data, NULL);
    clearn_estimator *e = tu_fitted(spec, ds);
    clearn_error err;
    size_t n = clearn_dataset_rows(ds), c = clearn_dataset_class(ds);
    size_t k = clearn_dataset_categories(ds, c), right = 0, nw;
    double *out = malloc(n * k * sizeof *out), *dec, want[8];
    const char *space = strchr(spec, ' ');
    char type[32];
    struct typed d;
    snprintf(type, sizeof type, "%.*s", (int)(space - spec), spec);
    ck_assert_int_eq(clearn_estimator_predict(e, ds, out, &err), CLEARN_OK);
    ck_assert_uint_eq(f->n_pred, n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(strcmp(clearn_dataset_category(ds, c, (size_t)out[i]), f->predicted[i]) == 0,
                      "%s row %zu: %s vs %s", fx, i, clearn_dataset_category(ds, c, (size_t)out[i]),
                      f->predicted[i]);
        right += out[i] == clearn_dataset_get(ds, i, c);
    }
    ck_assert_uint_eq(right, f->acc_k);
    d = typed_fit(type, space + 1, ds);
    dec = decisions(&d, ds);
    nw = clearn__linear_n_decision(d.st);
    ck_assert_uint_eq(nw, k == 2 ? 1 : k);
    for (size_t i = 0; i < n; i++) {
        expected(f, ds, i, strstr(spec, "mcsvm") != NULL, want);
        for (size_t q = 0; q < nw; q++)
            ck_assert_msg(close_to(dec[i * nw + q], want[q], 1e-10), "%s row %zu: %.17g vs %.17g", fx, i,
                          dec[i * nw + q], want[q]);
    }
    if (f->n_prob) {
        ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, out, &err), CLEARN_OK);
        for (size_t i = 0; i < n; i++)
            for (size_t q = 0; q < k; q++) {
                double w = f->prob[i][q], got = out[i * k + code_of(ds, f->label[q])];
                ck_assert_msg(fabs(got - w) <= 5e-6 * fmax(w, 1e-3), "%s row %zu: %.9g vs %g", fx,
                              i, got, w);
            }
    }
    free(dec);
    typed_free(&d);
    free(out);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    fixture_free(f);
}

/* ---- liblinear-train and liblinear-predict --------------------------------- */

/* Every solver on heart_scale with the default parameters (bias 1, seed 1,
 * the solver's default tolerance) is liblinear-train -s S -B 1. */
START_TEST(heart_solvers)
{
    for (int s = 0; s < 8; s++) {
        char fx[32];
        snprintf(fx, sizeof fx, "linear_s%d", s);
        check_solver(fx, "datasets/heart_scale.libsvm", solver_spec[s]);
    }
}
END_TEST

/* Three classes whose liblinear order (2, 1, 0) is not the category order:
 * one-vs-rest, Crammer-Singer, and logistic probabilities. */
START_TEST(iris_multiclass)
{
    check_solver("linear_iris_s1", "tests/data/svm/iris_shuffled.libsvm", solver_spec[1]);
    check_solver("linear_iris_s4", "tests/data/svm/iris_shuffled.libsvm", solver_spec[4]);
    check_solver("linear_iris_s0", "tests/data/svm/iris_shuffled.libsvm", solver_spec[0]);
}
END_TEST

/* linear_svr against liblinear-train -s 11, 12, 13 on heart_reg.libsvm
 * (tests/data/svm/linear_svr_*.txt, by record.py): the predictions are
 * liblinear's decision values to 1e-12 (the same library and seed), and
 * liblinear-predict's printed ones (%g) to their 6 digits; the printed
 * weights are the model file's. */
static void check_svr(const char *fx, const char *spec)
{
    struct fixture *f = fixture(fx);
    clearn_dataset *ds = tu_read("tests/data/svm/heart_reg.libsvm", NULL);
    clearn_estimator *e = tu_fitted(spec, ds);
    size_t n = clearn_dataset_rows(ds);
    double *out = malloc(n * sizeof *out), w[64];
    clearn_error err;
    const char *text;
    ck_assert_int_eq(clearn_estimator_predict(e, ds, out, &err), CLEARN_OK);
    ck_assert_uint_eq(f->n_dec, n);
    ck_assert_uint_eq(f->n_pred, n);
    for (size_t i = 0; i < n; i++) {
        double shown = strtod(f->predicted[i], NULL);
        ck_assert_msg(close_to(out[i], f->dec[i][0], 1e-12), "%s row %zu: %.17g vs %.17g", fx, i,
                      out[i], f->dec[i][0]);
        ck_assert_msg(fabs(out[i] - shown) <= 5e-6 * fmax(fabs(shown), 1e-3), "%s row %zu", fx, i);
    }
    text = printed(e);
    ck_assert_ptr_nonnull(strstr(text, "weights of the prediction:"));
    ck_assert_uint_eq(printed_values(text, "(bias)", w, 1), 1);
    ck_assert_msg(close_to(w[0], f->w[f->n_w - 1], 1e-12), "%s bias %.17g vs %.17g", fx, w[0],
                  f->w[f->n_w - 1]);
    free(out);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    fixture_free(f);
}

START_TEST(svr_solvers)
{
    check_svr("linear_svr_s11", "linear_svr solver=l2r_l2loss_svr");
    check_svr("linear_svr_s12", "linear_svr solver=l2r_l2loss_svr_dual");
    check_svr("linear_svr_s13", "linear_svr");
    /* Debian's liblinear-train reads -p through a float, as svm-train does
     * its options: -p 0.05 trains with 0.05000000074505806 */
    check_svr("linear_svr_c2", "linear_svr C=2 epsilon=0.05000000074505806");
}
END_TEST

/* bias=-1 is liblinear-train without -B; class weights. */
START_TEST(bias_and_weights)
{
    check_solver("linear_nobias", "datasets/heart_scale.libsvm",
                 "linear_svc solver=l2r_l2loss_svc bias=-1");
    check_solver("linear_weights", "datasets/heart_scale.libsvm",
                 "linear_svc solver=l2r_l2loss_svc C=0.5 class_weight=1:2,-1:0.699999988079071");
}
END_TEST

/* The printed weights are liblinear-train's, bias last. */
START_TEST(printed_weights)
{
    struct fixture *f = fixture("linear_s2");
    clearn_dataset *ds = heart();
    clearn_estimator *e = tu_fitted(solver_spec[2], ds);
    const char *text = printed(e);
    char key[16];
    double v[2];
    ck_assert_msg(strncmp(text, "liblinear l2r_l2loss_svc, bias 1\nweights, for class: 1\n", 54) == 0,
                  "%s", text);
    ck_assert_uint_eq(f->n_w, 14);
    for (int j = 0; j < 13; j++) {
        snprintf(key, sizeof key, "  f%d ", j + 1);
        ck_assert_uint_eq(printed_values(text, key, v, 2), 1);
        ck_assert_msg(close_to(v[0], f->w[j], 1e-10), "w%d: %.17g vs %.17g", j + 1, v[0], f->w[j]);
    }
    ck_assert(printed_values(text, "(bias)", v, 2) == 1 && close_to(v[0], f->w[13], 1e-10));
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    fixture_free(f);
}
END_TEST

/* The primal solvers draw no random numbers: the seed changes nothing. The
 * dual ones shuffle with rand(): another seed, other (nearly equal)
 * weights. */
START_TEST(seeds)
{
    clearn_dataset *ds = heart();
    static const char *const specs[][2] = {
        {"logreg_liblinear seed=1", "logreg_liblinear seed=99"},
        {"linear_svc solver=l2r_l2loss_svc seed=1", "linear_svc solver=l2r_l2loss_svc seed=99"},
        {"linear_svc seed=1", "linear_svc seed=99"},
        {"logreg_liblinear solver=l2r_lr_dual seed=1", "logreg_liblinear solver=l2r_lr_dual seed=99"},
    };
    for (int i = 0; i < 4; i++) {
        clearn_estimator *a = tu_fitted(specs[i][0], ds), *b = tu_fitted(specs[i][1], ds);
        char ta[8192];
        snprintf(ta, sizeof ta, "%s", printed(a));
        if (i < 2)
            ck_assert_str_eq(ta, printed(b));
        else
            ck_assert_str_ne(ta, printed(b));
        clearn_estimator_free(a);
        clearn_estimator_free(b);
    }
    clearn_dataset_free(ds);
}
END_TEST

/* ---- the wrapper --------------------------------------------------------------- */

START_TEST(one_hot)
{
    clearn_dataset *ds = tu_arff(mixed_arff()), *w = tu_read("datasets/weather.nominal.arff", NULL);
    same_results("linear_svc", "onehot missing=zeros | linear_svc", ds, ds);
    same_results("logreg_liblinear", "onehot missing=zeros | logreg_liblinear", w, w);
    same_results("logreg_liblinear solver=l1r_lr bias=-1",
                 "onehot missing=zeros | logreg_liblinear solver=l1r_lr bias=-1", ds, ds);
    clearn_dataset_free(ds);
    clearn_dataset_free(w);
}
END_TEST

/* One class, one row, no features: no crash, the only class predicted. */
START_TEST(edge_cases)
{
    clearn_dataset *ds = heart(), *one;
    size_t rows[40], n = 0;
    clearn_error err;
    double out[540];
    for (size_t i = 0; i < clearn_dataset_rows(ds) && n < 40; i++)
        if (clearn_dataset_get(ds, i, clearn_dataset_class(ds)) == 0)
            rows[n++] = i;
    for (size_t take = 1; take <= n; take += n - 1) {
        one = clearn_dataset_subset(ds, rows, take, &err);
        for (int s = 0; s < 8; s++) {
            clearn_estimator *e = tu_fitted(solver_spec[s], one);
            ck_assert_int_eq(clearn_estimator_predict(e, ds, out, &err), CLEARN_OK);
            for (size_t i = 0; i < clearn_dataset_rows(ds); i++)
                ck_assert(out[i] == 0);
            if (s == 0) {
                ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, out, &err), CLEARN_OK);
                ck_assert(out[0] == 1 && out[1] == 0);
            }
            clearn_estimator_free(e);
        }
        clearn_dataset_free(one);
    }
    clearn_dataset_free(ds);
    ds = tu_arff("@relation c\n@attribute class {a,b}\n@data\na\nb\na\n");
    for (int s = 0; s < 8; s++) {
        clearn_estimator *e = tu_fitted(solver_spec[s], ds);
        ck_assert_int_eq(clearn_estimator_predict(e, ds, out, &err), CLEARN_OK);
        clearn_estimator_free(e);
    }
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(bad_input)
{
    clearn_dataset *ds = heart(), *bad;
    clearn_estimator *e;
    clearn_error err;
    double out[4];
    bad_param("linear_svc solver=l2r_lr", "parameter solver: 'l2r_lr' is not a valid choice");
    bad_param("logreg_liblinear solver=mcsvm_cs", "parameter solver: 'mcsvm_cs' is not a valid choice");
    bad_param("linear_svc C=0", "parameter C: '0' is out of range");
    bad_param("logreg_liblinear tolerance=-1", "parameter tolerance: '-1' is out of range");
    bad_param("linear_svc bias=nan", "parameter bias: 'nan' is not a number");
    bad_fit("linear_svc class_weight=2:1", ds, CLEARN_EINVAL,
            "linear_svc: class_weight: the class 'class' has no category '2'");
    bad_fit("logreg_liblinear class_weight=balanced,", ds, CLEARN_EINVAL,
            "logreg_liblinear: class_weight: 'balanced' is not NAME:WEIGHT (or use 'balanced')");
    bad = tu_arff("@relation t\n@attribute x numeric\n@attribute class {a,b}\n@data\n1,a\n?,b\n");
    bad_fit("linear_svc", bad, CLEARN_EINVAL,
            "linear_svc: attribute 'x' is missing in row 2 (impute it first, e.g. 'impute | "
            "linear_svc')");
    e = tu_fitted("impute | logreg_liblinear", bad);
    ck_assert_int_eq(clearn_estimator_predict(e, bad, out, &err), CLEARN_OK);
    clearn_estimator_free(e);
    e = tu_fitted("logreg_liblinear", ds);
    ck_assert_int_eq(clearn_estimator_predict(e, bad, out, &err), CLEARN_ESCHEMA);
    clearn_estimator_free(e);
    e = tu_fitted("linear_svc", ds);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, out, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "linear_svc gives no class probabilities here");
    clearn_estimator_free(e);
    clearn_dataset_free(bad);
    bad = tu_read("tests/data/svm/heart_reg.libsvm", NULL);
    bad_fit("logreg_liblinear", bad, CLEARN_EINVAL,
            "logreg_liblinear is a classifier but the class 'class' is numeric (use --nominal or a "
            "regressor)");
    clearn_dataset_free(bad);
    bad_param("linear_svr epsilon=-0.1", "parameter epsilon: '-0.1' is out of range");
    bad_param("linear_svr class_weight=balanced", "linear_svr has no parameter 'class_weight'");
    bad_param("linear_svr solver=l2r_lr", "parameter solver: 'l2r_lr' is not a valid choice");
    bad_fit("linear_svr", ds, CLEARN_EINVAL, "linear_svr is a regressor but the class 'class' is "
            "nominal");
    clearn_dataset_free(ds);
}
END_TEST

/* The dual solvers use rand(): run concurrently, each gets the model its
 * seed gives alone. */
START_TEST(concurrent_fits)
{
    clearn_dataset *ds = tu_read("tests/data/svm/iris_shuffled.libsvm", NULL);
    static const char *const specs[] = {"linear_svc seed=3", "logreg_liblinear solver=l2r_lr_dual seed=4",
                                        "linear_svc solver=mcsvm_cs seed=5", "linear_svc seed=3"};
    struct fit_job jobs[4], alone;
    pthread_t th[4];
    for (int rep = 0; rep < (tu_valgrind() ? 1 : 5); rep++) {
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
        }
    }
    clearn_dataset_free(ds);
}
END_TEST

/* ---- model files ------------------------------------------------------------ */

static void file_roundtrip(const char *spec, const clearn_dataset *ds)
{
    const char *path = build_path("tests/liblinear_roundtrip.model");
    clearn_estimator *e = tu_fitted(spec, ds), *l;
    clearn_error err;
    size_t n = clearn_dataset_rows(ds), k = clearn_dataset_categories(ds, clearn_dataset_class(ds));
    double *a = malloc(n * (k ? k : 1) * sizeof *a), *b = malloc(n * (k ? k : 1) * sizeof *b);
    char text[8192];
    ck_assert_int_eq(clearn_estimator_save(e, path, &err), CLEARN_OK);
    l = clearn_estimator_load(path, &err);
    ck_assert_msg(l != NULL, "%s: %s", spec, err.text);
    ck_assert_int_eq(clearn_estimator_predict(e, ds, a, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(l, ds, b, &err), CLEARN_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert(same_bits(a[i], b[i]));
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
    clearn_dataset *h = heart(), *iris = tu_read("tests/data/svm/iris_shuffled.libsvm", NULL);
    clearn_dataset *mixed = tu_arff(mixed_arff());
    for (int s = 0; s < 8; s++) {
        file_roundtrip(solver_spec[s], h);
        if (!tu_valgrind() || s == 4)
            file_roundtrip(solver_spec[s], iris);
    }
    file_roundtrip("linear_svc bias=-1", h);
    {
        clearn_dataset *reg = tu_read("tests/data/svm/heart_reg.libsvm", NULL);
        file_roundtrip("linear_svr", reg);
        file_roundtrip("linear_svr solver=l2r_l2loss_svr bias=-1", reg);
        clearn_dataset_free(reg);
    }
    file_roundtrip("logreg_liblinear bias=0.5 class_weight=yes:3", mixed);
    clearn_dataset_free(h);
    clearn_dataset_free(iris);
    clearn_dataset_free(mixed);
}
END_TEST

START_TEST(payload_validated)
{
    clearn_dataset *ds = tu_read("tests/data/svm/iris_shuffled.libsvm", NULL);
    struct typed d = typed_fit("logreg_liblinear", "", ds);
    char *text = payload(&d);
    double v[8] = {0, 0, 2};
    clearn_error err;
    size_t len = strlen(text);
    const char *t = "logreg_liblinear";
    doctored(t, "", text, "solver", 1, "solver i 6", "logreg_liblinear model: the solver differs from "
             "the spec's");
    doctored(t, "", text, "classes", 1, "classes z 2", "bad class count or bias");
    doctored(t, "", text, "nr_class", 1, "nr_class z 0", "bad class count or bias");
    doctored(t, "", text, "bias", 1, dscalar("bias", NAN), "bad class count or bias");
    doctored(t, "", text, "labels", 1, dline("labels", v, 3), "a class label appears twice");
    v[0] = 3;
    doctored(t, "", text, "labels", 1, dline("labels", v, 3), "a class label is not one of the classes");
    v[0] = 1, v[1] = 0.5;
    doctored(t, "", text, "labels", 1, dline("labels", v, 3), "a class label is not one of the classes");
    v[0] = v[1] = v[2] = v[3] = 1, v[4] = INFINITY;
    doctored(t, "", text, "w", 2, dline("w", v, 5), "a weight is not finite");
    doctored(t, "", text, "w", 3, dline("w", v, 4), "'w': expected 5 values, found 4");
    for (size_t cut = 0; cut + 1 < len; cut++) {
        char *p;
        if (text[cut] != '\n')
            continue;
        p = strndup(text, cut + 1);
        ck_assert_int_eq(load_text(t, "", p, NULL, &err), CLEARN_ECORRUPT);
        free(p);
    }
    free(text);
    typed_free(&d);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(out_of_memory)
{
    clearn_dataset *h = heart(), *small, *mixed = tu_arff(mixed_arff()), *iris;
    clearn_dataset *full = tu_read("tests/data/svm/iris_shuffled.libsvm", NULL);
    size_t rows[40];
    clearn_error err;
    for (size_t i = 0; i < 40; i++)
        rows[i] = i;
    small = clearn_dataset_subset(h, rows, 40, &err);
    iris = clearn_dataset_subset(full, rows, 30, &err);
    nomem("linear_svc class_weight=balanced", small);
    nomem("logreg_liblinear", iris);
    if (!tu_valgrind())   /* the same paths again, other parameters */
        nomem("logreg_liblinear solver=l1r_lr class_weight=no:2", mixed);
    nomem("linear_svc solver=mcsvm_cs bias=-1", iris);
    {
        clearn_dataset *reg = tu_read("tests/data/svm/heart_reg.libsvm", NULL);
        clearn_dataset *reg40 = clearn_dataset_subset(reg, rows, 40, &err);
        nomem("linear_svr solver=l2r_l2loss_svr", reg40);
        clearn_dataset_free(reg40);
        clearn_dataset_free(reg);
    }
    clearn_dataset_free(full);
    clearn_dataset_free(small);
    clearn_dataset_free(h);
    clearn_dataset_free(mixed);
    clearn_dataset_free(iris);
}
END_TEST

START_TEST(registered)
{
    ck_assert_ptr_eq(clearn_estimator_type_find("linear_svc"), &clearn__linear_svc_type);
    ck_assert_ptr_eq(clearn_estimator_type_find("logreg_liblinear"), &clearn__logreg_liblinear_type);
    ck_assert_uint_eq(clearn__linear_svc_type.tasks, CLEARN_CLASSIFY);
    ck_assert_ptr_null(clearn__linear_svc_type.predict_proba);
    ck_assert_ptr_nonnull(clearn__logreg_liblinear_type.predict_proba);
    ck_assert_ptr_eq(clearn_estimator_type_find("linear_svr"), &clearn__linear_svr_type);
    ck_assert_uint_eq(clearn__linear_svr_type.tasks, CLEARN_REGRESS);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("liblinear");
    TCase *tc = tcase_create("liblinear");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, heart_solvers);
    tcase_add_test(tc, iris_multiclass);
    tcase_add_test(tc, bias_and_weights);
    tcase_add_test(tc, printed_weights);
    tcase_add_test(tc, svr_solvers);
    tcase_add_test(tc, seeds);
    suite_add_tcase(s, tc);
    tc = tcase_create("wrapper");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, one_hot);
    tcase_add_test(tc, edge_cases);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, concurrent_fits);
    tcase_add_test(tc, model_files);
    tcase_add_test(tc, payload_validated);
    tcase_add_test(tc, out_of_memory);
    tcase_add_test(tc, registered);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
