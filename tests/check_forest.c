/* Tests of the random_forest estimator (lib/forest.c, <clearn/forest.h>)
 * and of cart's per-row weights, which forests grow their trees with.
 *
 * Exact where the forest reduces to cart (one tree, no bootstrap, every
 * feature: the same tree; bootstrap counts all 1: the same as no
 * weights). Against scikit-learn 1.2.1 statistically: a forest's figures
 * depend on its random numbers, and ours are not numpy's, so each
 * reference below is the mean over 5 seeds of scikit-learn's figure and
 * ours must fall within a stated tolerance of it. The references were
 * printed by this script, run with /usr/bin/python3 (Debian 12,
 * python3-sklearn 1.2.1):
 *
 *   import numpy as np, pandas as pd
 *   from scipy.io import arff
 *   from sklearn.ensemble import RandomForestClassifier as RFC
 *   from sklearn.ensemble import RandomForestRegressor as RFR
 *   from sklearn.model_selection import cross_val_score, StratifiedKFold, KFold
 *   D = "datasets/"
 *   def csv(name, cls):
 *       df = pd.read_csv(D + name)
 *       return df.drop(columns=[cls]).to_numpy(float), df[cls].to_numpy()
 *   def arf(name):
 *       df = pd.DataFrame(arff.loadarff(D + name)[0])
 *       y = df.iloc[:, -1].map(lambda v: v.decode() if isinstance(v, bytes) else v)
 *       return df.iloc[:, :-1].to_numpy(float), y.to_numpy()
 *   for name, (X, y) in CLASSIFICATION_SETS:        # iris.csv ... ionosphere.arff
 *       cv = [cross_val_score(RFC(random_state=s), X, y, cv=StratifiedKFold(
 *             10, shuffle=True, random_state=s)).mean() for s in range(5)]
 *       oob = [RFC(oob_score=True, random_state=s).fit(X, y).oob_score_
 *              for s in range(5)]
 *       print(name, np.mean(cv), min(cv), max(cv), np.mean(oob), min(oob), max(oob))
 *   for name, (X, y) in REGRESSION_SETS:            # diabetes.csv, cpu.arff
 *       cv = [cross_val_score(RFR(random_state=s), X, y, scoring="r2", cv=KFold(
 *             10, shuffle=True, random_state=s)).mean() for s in range(5)]
 *       oob = [RFR(oob_score=True, random_state=s).fit(X, y).oob_score_
 *              for s in range(5)]
 *       print(name, np.mean(cv), min(cv), max(cv), np.mean(oob), min(oob), max(oob))
 *   # importances: mean of RFC(n_estimators=500, random_state=s) for s in 0..2
 */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "tree_cart.h"
#include <clearn/forest.h>

/* ---- helpers ------------------------------------------------------------- */

/* The model payload of e (what its type's save writes) as text. */
static char *payload(const clearn_estimator *e)
{
    clearn_error err;
    clearn_writer *w = clearn__writer_new();
    const clearn_estimator_type *t = clearn_estimator_get_type(e);
    const char *data;
    size_t len;
    char *copy;
    ck_assert_ptr_nonnull(w);
    ck_assert_msg(t->save(clearn__estimator_state(e), w, &err) == CLEARN_OK, "%s", err.text);
    data = clearn__writer_data(w, &len);
    copy = malloc(len + 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, data, len);
    copy[len] = '\0';
    clearn__writer_free(w);
    return copy;
}

/* What an output function writes, in a static buffer. */
static const char *output(const clearn_estimator *e,
                          int (*fn)(const clearn_estimator *, FILE *, clearn_error *))
{
    static char buf[1 << 14];
    clearn_error err;
    size_t n;
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    ck_assert_msg(fn(e, f, &err) == CLEARN_OK, "%s", err.text);
    rewind(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Predictions (and probabilities when k > 0) of e on ds. */
static double *predictions(const clearn_estimator *e, const clearn_dataset *ds, size_t k)
{
    size_t n = clearn_dataset_rows(ds);
    double *out = malloc(n * (k + 1) * sizeof *out);
    clearn_error err;
    ck_assert_ptr_nonnull(out);
    ck_assert_msg(clearn_estimator_predict(e, ds, out, &err) == CLEARN_OK, "%s", err.text);
    if (k)
        ck_assert_msg(clearn_estimator_predict_proba(e, ds, out + n, &err) == CLEARN_OK, "%s",
                      err.text);
    return out;
}

static size_t classes(const clearn_dataset *ds)
{
    size_t c = clearn_dataset_class(ds);
    return clearn_dataset_attr_kind(ds, c) == CLEARN_NOMINAL ? clearn_dataset_categories(ds, c)
                                                             : 0;
}

/* Rows depending on x0 strongly, on x1 less, on x2 a little; x3, x4 noise;
 * a few missing values. */
static clearn_dataset *synthetic(size_t n, int regress, uint64_t seed)
{
    static const char *const cls[] = {"neg", "pos"};
    clearn_error err;
    clearn_rng r;
    size_t d = 5;
    double *x = malloc(n * d * sizeof *x), *y = malloc(n * sizeof *y);
    clearn_dataset *ds;
    ck_assert(x && y);
    clearn_rng_seed(&r, seed, 0);
    for (size_t i = 0; i < n; i++) {
        double s;
        for (size_t j = 0; j < d; j++)
            x[i * d + j] = clearn_rng_normal(&r);
        s = 3 * x[i * d] + 1.5 * x[i * d + 1] + 0.5 * x[i * d + 2] + 0.3 * clearn_rng_normal(&r);
        if (i % 53 == 7)
            x[i * d + 3] = NAN;
        y[i] = regress ? s : s > 0;
    }
    ds = clearn_dataset_from_arrays(n, d, x, NULL, y, regress ? NULL : cls, 2, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    free(x);
    free(y);
    return ds;
}

/* Mean of a metric over 10-fold (stratified for a class) cross-validation. */
static double cv_mean(const char *spec, const clearn_dataset *ds, const char *metric,
                      uint64_t seed)
{
    clearn_error err;
    const char *metrics[] = {metric};
    clearn_cv_options opt;
    clearn_split *sp = classes(ds) ? clearn_split_stratified_kfold(ds, 10, 1, seed, &err)
                                   : clearn_split_kfold(ds, 10, 1, seed, &err);
    clearn_cv_result *r;
    double m;
    ck_assert_msg(sp != NULL, "%s", err.text);
    clearn_cv_options_init(&opt);
    opt.metrics = metrics;
    opt.n_metrics = 1;
    r = clearn_cv_spec(spec, ds, sp, &opt, &err);
    ck_assert_msg(r != NULL, "%s: %s", spec, err.text);
    m = clearn_cv_result_mean(r, 0);
    clearn_cv_result_free(r);
    clearn_split_free(sp);
    return m;
}

/* ---- exactness ---------------------------------------------------------------- */

/* One tree on every row with every feature is cart's tree. */
START_TEST(test_one_tree_is_cart)
{
    static const struct {
        const char *file, *cls, *opts;
    } cases[] = {
        {"iris.csv", NULL, ""},
        {"wine.csv", NULL, "criterion=entropy min_samples_leaf=3"},
        {"breast_cancer.csv", NULL, "max_depth=4 class_weight=balanced"},
        {"diabetes.csv", "y", ""},
        {"cpu.arff", NULL, "min_samples_split=10"},
        {"labor.arff", NULL, ""},
        {"vote.arff", NULL, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        clearn_dataset *ds = tu_dataset(cases[i].file, cases[i].cls);
        char fs[256], cs[256];
        clearn_estimator *f, *c;
        size_t k = classes(ds), n = clearn_dataset_rows(ds);
        double *a, *b;
        snprintf(cs, sizeof cs, "cart %s", cases[i].opts);
        c = tu_fitted(cs, ds);
        b = predictions(c, ds, k);
        for (int bag = 0; bag < 2; bag++) {
            snprintf(fs, sizeof fs, bag ? "bagging n_trees=1 bootstrap=0 %s"
                     : "random_forest n_trees=1 bootstrap=0 max_features=all %s",
                     cases[i].opts);
            f = tu_fitted(fs, ds);
            a = predictions(f, ds, k);
            ck_assert_msg(!memcmp(a, b, n * (k + 1) * sizeof *a), "%s: %s differs", fs,
                          cases[i].file);
            free(a);
            clearn_estimator_free(f);
        }
        free(b);
        clearn_estimator_free(c);
        clearn_dataset_free(ds);
    }
}
END_TEST

/* Grows a cart tree through the forest's entry (clearn__cart_setup and
 * clearn__cart_grow) with weights sw; returns its payload text. */
static char *grow_weighted(const char *spec, const clearn_dataset *ds, const double *sw)
{
    clearn_error err;
    clearn_estimator *e = clearn_estimator_new(spec, &err);
    struct cart *m;
    struct cart_setup s;
    clearn_writer *w = clearn__writer_new();
    const char *data;
    size_t len;
    char *copy;
    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_nonnull(w);
    m = clearn__estimator_state(e);
    ck_assert_msg(clearn__cart_setup(m, ds, &s, &err) == CLEARN_OK, "%s", err.text);
    s.sw = sw;
    ck_assert_msg(clearn__cart_grow(m, &s, ds, &err) == CLEARN_OK, "%s", err.text);
    clearn__cart_setup_free(&s);
    ck_assert_int_eq(clearn__cart_type.save(m, w, &err), CLEARN_OK);
    data = clearn__writer_data(w, &len);
    copy = malloc(len + 1);
    memcpy(copy, data, len);
    copy[len] = '\0';
    clearn__writer_free(w);
    clearn__cart_type.destroy(m);
    clearn_estimator_free(e);
    return copy;
}

/* Weights all 1 grow the tree of no weights, bit for bit. */
START_TEST(test_unit_weights)
{
    static const char *const specs[] = {"cart criterion=squared_error", "cart",
                                        "cart criterion=entropy", "cart max_features=2",
                                        "cart class_weight=balanced", "cart criterion=poisson"};
    clearn_dataset *cl = synthetic(400, 0, 5), *rg = synthetic(400, 1, 6), *pos;
    size_t n = clearn_dataset_rows(rg), cls = clearn_dataset_class(rg);
    double *ones = malloc(n * sizeof *ones);
    ck_assert_ptr_nonnull(pos = clearn_dataset_copy(rg, NULL));
    for (size_t r = 0; r < n; r++) {
        ones[r] = 1;
        clearn_dataset_set(pos, r, cls, exp(clearn_dataset_get(rg, r, cls) / 4), NULL);
    }
    for (size_t i = 0; i < sizeof specs / sizeof *specs; i++) {
        const clearn_dataset *ds = i == 0 ? rg : i == 5 ? pos : cl;
        clearn_estimator *e = tu_fitted(specs[i], ds);
        char *a = grow_weighted(specs[i], ds, NULL), *b = grow_weighted(specs[i], ds, ones);
        char *c = payload(e);
        ck_assert_msg(!strcmp(a, b), "%s: unit weights differ", specs[i]);
        ck_assert_msg(!strcmp(a, c), "%s: differs from fit", specs[i]);
        free(a);
        free(b);
        free(c);
        clearn_estimator_free(e);
    }
    free(ones);
    clearn_dataset_free(cl);
    clearn_dataset_free(rg);
    clearn_dataset_free(pos);
}
END_TEST

/* Integer weights act as copies of the rows: the tree grown with weights
 * 0..3 predicts what the tree grown on the rows repeated that often does
 * (class totals are exact integers either way). */
START_TEST(test_weights_are_copies)
{
    clearn_dataset *ds = synthetic(300, 0, 8), *rep;
    size_t n = clearn_dataset_rows(ds), k = 2;
    double *sw = malloc(n * sizeof *sw), *a, *b;
    clearn_estimator *w = clearn_estimator_new("cart", NULL), *c;
    struct cart *m = clearn__estimator_state(w);
    struct cart_setup s;
    clearn_error err;
    clearn_rng r;
    ck_assert_ptr_nonnull(rep = clearn_dataset_header(ds, NULL));
    clearn_rng_seed(&r, 4, 0);
    for (size_t i = 0; i < n; i++) {
        sw[i] = (double)clearn_rng_below(&r, 4);
        for (double t = 0; t < sw[i]; t++)
            ck_assert_int_eq(clearn_dataset_add_row(rep, clearn_dataset_row(ds, i), NULL),
                             CLEARN_OK);
    }
    ck_assert_int_eq(clearn__cart_setup(m, ds, &s, &err), CLEARN_OK);
    s.sw = sw;
    ck_assert_msg(clearn__cart_grow(m, &s, ds, &err) == CLEARN_OK, "%s", err.text);
    clearn__cart_setup_free(&s);
    c = tu_fitted("cart", rep);
    a = malloc(n * (k + 1) * sizeof *a);
    for (size_t i = 0; i < n; i++) {
        const double *v = m->t.value + clearn__cart_leaf(m, clearn_dataset_row(ds, i)) * k;
        a[i] = v[1] > v[0];
        a[n + 2 * i] = v[0] / (v[0] + v[1]);
        a[n + 2 * i + 1] = v[1] / (v[0] + v[1]);
    }
    b = predictions(c, ds, k);
    ck_assert_int_eq(memcmp(a, b, n * (k + 1) * sizeof *a), 0);
    free(a);
    free(b);
    free(sw);
    clearn__cart_type.destroy(m);       /* grown behind the estimator's back */
    clearn_estimator_free(w);
    clearn_estimator_free(c);
    clearn_dataset_free(ds);
    clearn_dataset_free(rep);
}
END_TEST

START_TEST(test_bad_weights)
{
    clearn_dataset *ds = synthetic(50, 1, 9);
    double sw[50];
    static const struct {
        const char *spec;
        double w0, rest;
        const char *msg;
    } cases[] = {
        {"cart", -1, 1, "cart: sample weight -1 of row 1: must be finite and >= 0"},
        {"cart", NAN, 1, "must be finite and >= 0"},
        {"cart", 0, 0, "cart: every sample weight is 0"},
        {"cart criterion=absolute_error", 2, 1, "criterion=absolute_error takes no sample "
                                                "weights other than 0 and 1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        clearn_estimator *e = clearn_estimator_new(cases[i].spec, NULL);
        struct cart *m = clearn__estimator_state(e);
        struct cart_setup s;
        clearn_error err;
        for (size_t r = 0; r < 50; r++)
            sw[r] = r ? cases[i].rest : cases[i].w0;
        ck_assert_int_eq(clearn__cart_setup(m, ds, &s, &err), CLEARN_OK);
        s.sw = sw;
        ck_assert_int_eq(clearn__cart_grow(m, &s, ds, &err), CLEARN_EINVAL);
        ck_assert_msg(strstr(err.text, cases[i].msg), "case %zu: %s", i, err.text);
        clearn__cart_setup_free(&s);
        clearn__cart_type.destroy(m);
        clearn_estimator_free(e);
    }
    clearn_dataset_free(ds);
}
END_TEST

/* ---- against scikit-learn ------------------------------------------------------ */

/* scikit-learn's figures (the script above): the mean over seeds 0..4 of
 * 10-fold CV accuracy / R^2 and of oob_score_, default forests (100
 * trees). Its output (mean, min, max over the seeds):
 *   iris.csv        cv 0.9453 0.9333 0.9533  oob 0.9480 0.9333 0.9533
 *   wine.csv        cv 0.9822 0.9778 0.9833  oob 0.9809 0.9775 0.9831
 *   breast_cancer   cv 0.9617 0.9543 0.9684  oob 0.9631 0.9578 0.9701
 *   ionosphere.arff cv 0.9340 0.9290 0.9401  oob 0.9328 0.9288 0.9373
 *   diabetes.csv    cv 0.4097 0.3870 0.4227  oob 0.4190 0.4087 0.4262 (R^2)
 *   cpu.arff        cv 0.8562 0.8073 0.8815  oob 0.8797 0.8653 0.8872 (R^2)
 * The same script with ExtraTreesClassifier / ExtraTreesRegressor (OOB:
 * with bootstrap=True, oob_score=True):
 *   iris.csv        cv 0.9507 0.9467 0.9533  oob 0.9507 0.9400 0.9600
 *   wine.csv        cv 0.9888 0.9778 0.9944  oob 0.9831 0.9775 0.9944
 *   breast_cancer   cv 0.9680 0.9648 0.9737  oob 0.9634 0.9613 0.9649
 *   diabetes.csv    cv 0.4238 0.4115 0.4442  oob 0.4527 0.4455 0.4665 (R^2)
 * and with BaggingClassifier / BaggingRegressor (10 trees; OOB with
 * n_estimators=50):
 *   iris.csv        cv 0.9413 0.9267 0.9600  oob 0.9560 0.9533 0.9600
 *   wine.csv        cv 0.9463 0.9212 0.9556  oob 0.9629 0.9551 0.9719
 *   breast_cancer   cv 0.9511 0.9437 0.9578  oob 0.9575 0.9525 0.9613
 *   diabetes.csv    cv 0.3588 0.3205 0.3816  oob 0.4026 0.3831 0.4193 (R^2)
 * Ours: the mean over seeds 1..3 (extra_trees and bagging: 1..2) of our
 * own CV and OOB figures (10-fold, stratified for a class, shuffled by the
 * seed; forest seed the same), on the data sets listed in reference[].
 * Tolerances: 0.02 accuracy, 0.05 R^2 (cpu's own spread over seeds is
 * 0.074) for CV, 0.025 accuracy, 0.04 R^2 for OOB; for bagging's 10
 * trees 0.03 and 0.06 for both. */
static const struct {
    const char *type, *file, *cls;
    double cv, oob;
} reference[] = {
    {"random_forest", "iris.csv", NULL, 0.9453, 0.9480},
    {"random_forest", "wine.csv", NULL, 0.9822, 0.9809},
    {"random_forest", "breast_cancer.csv", NULL, 0.9617, 0.9631},
    {"random_forest", "ionosphere.arff", NULL, 0.9340, 0.9328},
    {"random_forest", "diabetes.csv", "y", 0.4097, 0.4190},
    {"random_forest", "cpu.arff", NULL, 0.8562, 0.8797},
    {"extra_trees", "wine.csv", NULL, 0.9888, 0.9831},
    {"extra_trees", "breast_cancer.csv", NULL, 0.9680, 0.9634},
    {"extra_trees", "diabetes.csv", "y", 0.4238, 0.4527},
    {"bagging", "iris.csv", NULL, 0.9413, 0.9560},
    {"bagging", "breast_cancer.csv", NULL, 0.9511, 0.9575},
    {"bagging", "diabetes.csv", "y", 0.3588, 0.4026},
};

START_TEST(test_sklearn_statistics)
{
    clearn_dataset *ds = tu_dataset(reference[_i].file, reference[_i].cls);
    const char *type = reference[_i].type;
    int regress = classes(ds) == 0, bag = !strcmp(type, "bagging");
    double cv = 0, oob = 0, tol_cv = regress ? 0.05 : 0.02, tol_oob = regress ? 0.04 : 0.025;
    size_t seeds = tu_valgrind() ? 1 : strcmp(type, "random_forest") ? 2 : 3;
    if (tu_valgrind() && _i > 1) {      /* the statistics are not what valgrind checks */
        clearn_dataset_free(ds);
        return;
    }
    if (bag)
        tol_cv = tol_oob = regress ? 0.06 : 0.03;
    for (uint64_t s = 1; s <= seeds; s++) {
        char spec[128];
        clearn_estimator *e;
        double v;
        snprintf(spec, sizeof spec, "%s seed=%llu", type, (unsigned long long)s);
        cv += cv_mean(spec, ds, regress ? "r2" : "accuracy", s) / (double)seeds;
        snprintf(spec, sizeof spec, "%s oob=1 bootstrap=1 n_trees=%d seed=%llu", type,
                 bag ? 50 : 100, (unsigned long long)s);
        e = tu_fitted(spec, ds);
        ck_assert_int_eq(clearn_forest_oob_score(e, &v, NULL), CLEARN_OK);
        oob += v / (double)seeds;
        clearn_estimator_free(e);
    }
    ck_assert_msg(fabs(cv - reference[_i].cv) <= tol_cv, "%s %s: CV %.4f, scikit-learn %.4f",
                  type, reference[_i].file, cv, reference[_i].cv);
    ck_assert_msg(fabs(oob - reference[_i].oob) <= tol_oob, "%s %s: OOB %.4f, scikit-learn "
                  "%.4f", type, reference[_i].file, oob, reference[_i].oob);
    clearn_dataset_free(ds);
}
END_TEST

/* Importances: on wine, scikit-learn's top three (500 trees, mean over
 * seeds 0..2: proline 0.1747, flavanoids 0.1556, color_intensity 0.1535;
 * then alcohol 0.1276, od280/od315_of_diluted_wines 0.1226, hue 0.0814...)
 * are ours; on rows built from x0 > x1 > x2 > noise, the ranking is
 * exactly that. */
START_TEST(test_importances)
{
    clearn_dataset *wine = tu_dataset("wine.csv", NULL), *syn = synthetic(1000, _i, 21);
    clearn_estimator *e = tu_fitted(tu_valgrind() ? "random_forest n_trees=100 threads=0"
                                    : "random_forest n_trees=500 threads=0", wine);
    clearn_estimator *s = tu_fitted("random_forest threads=0", syn);
    double imp[13], si[5], sum = 0;
    const char *top[3] = {"proline", "flavanoids", "color_intensity"};
    size_t rank[13];
    ck_assert_int_eq(clearn_forest_feature_importances(e, imp, 13, NULL), CLEARN_OK);
    for (size_t j = 0; j < 13; j++) {
        rank[j] = j;
        sum += imp[j];
    }
    ck_assert(fabs(sum - 1) < 1e-12);
    for (size_t a = 0; a < 13; a++)
        for (size_t b = a + 1; b < 13; b++)
            if (imp[rank[b]] > imp[rank[a]]) {
                size_t t = rank[a];
                rank[a] = rank[b];
                rank[b] = t;
            }
    for (size_t t = 0; t < 3; t++) {
        int found = 0;
        for (size_t u = 0; u < 3; u++)
            found |= !strcmp(clearn_dataset_attr_name(wine, rank[u]), top[t]);
        ck_assert_msg(found, "'%s' not among our top three", top[t]);
    }
    ck_assert_int_eq(clearn_forest_feature_importances(s, si, 5, NULL), CLEARN_OK);
    ck_assert_msg(si[0] > si[1] && si[1] > si[2] && si[2] > si[3] && si[2] > si[4],
                  "%g %g %g %g %g", si[0], si[1], si[2], si[3], si[4]);
    clearn_estimator_free(e);
    clearn_estimator_free(s);
    clearn_dataset_free(wine);
    clearn_dataset_free(syn);
}
END_TEST

/* ---- determinism ------------------------------------------------------------------- */

START_TEST(test_threads_identical)
{
    clearn_dataset *ds = synthetic(tu_valgrind() ? 300 : 3000, _i, 31);
    static const char *const types[] = {
        "random_forest n_trees=20 oob=1", "extra_trees n_trees=20 oob=1 bootstrap=1",
        "bagging n_trees=20 oob=1 max_features=0.6 bootstrap_features=1"};
    size_t k = classes(ds), n = clearn_dataset_rows(ds);
    char *ref = NULL;
    double *pref = NULL, oref = 0;
    for (size_t s = 0; s < 9; s++) {
        char spec[160];
        clearn_estimator *e;
        snprintf(spec, sizeof spec, "%s threads=%zu", types[s / 3], s % 3 + 1);
        e = tu_fitted(spec, ds);
        char *p = payload(e);
        double *pr = predictions(e, ds, k), o;
        ck_assert_int_eq(clearn_forest_oob_score(e, &o, NULL), CLEARN_OK);
        if (s % 3 == 0) {
            free(ref);
            free(pref);
            ref = p;
            pref = pr;
            oref = o;
        } else {
            ck_assert_msg(!strcmp(p, ref), "%s: another model", spec);
            ck_assert_msg(!memcmp(pr, pref, n * (k + 1) * sizeof *pr), "%s", spec);
            ck_assert(o == oref);
            free(p);
            free(pr);
        }
        clearn_estimator_free(e);
    }
    free(ref);
    free(pref);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_seeds)
{
    clearn_dataset *ds = synthetic(500, 0, 41);
    clearn_estimator *a = tu_fitted("random_forest n_trees=10 seed=7", ds);
    clearn_estimator *b = tu_fitted("random_forest n_trees=10 seed=7", ds);
    clearn_estimator *c = tu_fitted("random_forest n_trees=10 seed=8", ds);
    clearn_estimator *d = tu_fitted("random_forest n_trees=10 seed=7 bootstrap=0", ds);
    char *pa = payload(a), *pb = payload(b), *pc = payload(c), *pd = payload(d);
    ck_assert(!strcmp(pa, pb));
    ck_assert(strcmp(pa, pc));
    ck_assert(strcmp(pa, pd));
    free(pa);
    free(pb);
    free(pc);
    free(pd);
    clearn_estimator_free(a);
    clearn_estimator_free(b);
    clearn_estimator_free(c);
    clearn_estimator_free(d);
    clearn_dataset_free(ds);
}
END_TEST

/* The trees of a fitted forest, read back from its payload (cart's
 * format, one after the other). */
static struct cart *trees_of(const clearn_estimator *e, size_t *n)
{
    char *text = payload(e);
    clearn_reader *r = clearn__reader_new(text, strlen(text), "payload");
    clearn_error err;
    struct cart *t;
    long oob;
    double score;
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(clearn_reader_size(r, "trees", n, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_reader_int(r, "oob", &oob, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_reader_double(r, "oob_score", &score, &err), CLEARN_OK);
    ck_assert_ptr_nonnull(t = calloc(*n, sizeof *t));
    for (size_t i = 0; i < *n; i++)
        ck_assert_msg(clearn__cart_type.load(&t[i], r, &err) == CLEARN_OK, "%s", err.text);
    ck_assert_int_eq(clearn__reader_finish(r, &err), CLEARN_OK);
    clearn__reader_free(r);
    free(text);
    return t;
}

/* Soft voting: the probabilities are the mean of the trees'; predict is
 * their argmax; a regression forest predicts the mean of its trees. */
START_TEST(test_voting)
{
    clearn_dataset *ds = synthetic(200, _i, 51);
    clearn_estimator *e = tu_fitted("random_forest n_trees=7", ds);
    size_t n = clearn_dataset_rows(ds), k = classes(ds), kv = k ? k : 1, nt;
    struct cart *trees = trees_of(e, &nt);
    double *p = predictions(e, ds, k), *want = calloc(n * kv, sizeof *want);
    clearn_error err;
    ck_assert_uint_eq(nt, 7);
    for (size_t t = 0; t < 7; t++) {
        double *o = malloc(n * kv * sizeof *o);
        ck_assert_int_eq(k ? clearn__cart_type.predict_proba(&trees[t], ds, o, &err)
                           : clearn__cart_type.predict(&trees[t], ds, o, &err), CLEARN_OK);
        for (size_t i = 0; i < n * kv; i++)
            want[i] += o[i];
        free(o);
        clearn__cart_type.destroy(&trees[t]);
    }
    for (size_t i = 0; i < n; i++) {
        if (!k) {
            ck_assert(p[i] == want[i] / 7);
            continue;
        }
        for (size_t c = 0; c < k; c++)
            ck_assert(p[n + i * k + c] == want[i * k + c] / 7);
        ck_assert(p[i] == (want[i * k + 1] > want[i * k] ? 1 : 0));
    }
    free(trees);
    free(p);
    free(want);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* bagging: a tree tests only its own features (2 of 4 drawn once per
 * tree), and bootstrap=0 max_samples=0.5 grows each tree on 75 distinct
 * rows of iris's 150 (root: 75 rows of weight 75). */
START_TEST(test_bagging_draws)
{
    clearn_dataset *ds = tu_dataset("iris.csv", NULL);
    clearn_estimator *e = tu_fitted("bagging n_trees=12 max_features=2", ds);
    clearn_estimator *h = tu_fitted("bagging n_trees=12 bootstrap=0 max_samples=0.5", ds);
    size_t nt, nh, seen_pairs = 0;
    struct cart *t = trees_of(e, &nt), *u = trees_of(h, &nh);
    unsigned pairs = 0;
    for (size_t i = 0; i < nt; i++) {
        unsigned used = 0;
        for (size_t j = 0; j < t[i].t.n_nodes; j++)
            if (t[i].t.nodes[j].left != CART_LEAF)
                used |= 1u << t[i].t.nodes[j].attr;
        {
            unsigned bits = 0;
            for (unsigned b = used; b; b >>= 1)
                bits += b & 1;
            ck_assert_msg(bits <= 2, "tree %zu tests %x", i, used);
        }
        pairs |= 1u << (used % 16);
        clearn__cart_type.destroy(&t[i]);
    }
    for (unsigned b = 0; b < 16; b++)
        seen_pairs += (pairs >> b) & 1;
    ck_assert_msg(seen_pairs >= 3, "the trees drew too few feature sets");
    for (size_t i = 0; i < nh; i++) {
        ck_assert_uint_eq(u[i].t.nodes[0].samples, 75);
        ck_assert(u[i].t.nodes[0].weight == 75);
        clearn__cart_type.destroy(&u[i]);
    }
    free(t);
    free(u);
    clearn_estimator_free(e);
    clearn_estimator_free(h);
    clearn_dataset_free(ds);
}
END_TEST

/* extra_trees: every numeric split's threshold lies between the smallest
 * and largest value of its attribute at the node, and is (almost surely)
 * not the midpoint best splits use; the trees differ from random_forest's
 * on the same seed. */
START_TEST(test_extra_thresholds)
{
    clearn_dataset *ds = tu_dataset("iris.csv", NULL);
    clearn_estimator *e = tu_fitted("extra_trees n_trees=5 max_features=all", ds);
    size_t nt, n = clearn_dataset_rows(ds), mids = 0, splits = 0;
    struct cart *t = trees_of(e, &nt);
    for (size_t i = 0; i < nt; i++) {
        const struct cart_node *root = &t[i].t.nodes[0];
        double lo = INFINITY, hi = -INFINITY, below = -INFINITY, above = INFINITY;
        for (size_t r = 0; r < n; r++) {
            double v = clearn_dataset_get(ds, r, root->attr);
            lo = fmin(lo, v);
            hi = fmax(hi, v);
            if (v <= root->threshold)
                below = fmax(below, v);
            else
                above = fmin(above, v);
        }
        ck_assert(root->left != CART_LEAF);
        ck_assert_msg(root->threshold >= lo && root->threshold < hi, "tree %zu: %g not in "
                      "[%g, %g)", i, root->threshold, lo, hi);
        splits++;
        mids += root->threshold == below / 2 + above / 2;
        clearn__cart_type.destroy(&t[i]);
    }
    ck_assert_uint_lt(mids, splits);
    free(t);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- model files ----------------------------------------------------------------------- */

START_TEST(test_round_trip)
{
    clearn_dataset *ds = _i == 2 ? tu_dataset("vote.arff", NULL) : synthetic(300, _i % 2, 61);
    static const char *const specs[] = {
        "random_forest n_trees=15 oob=1 criterion=entropy max_samples=0.5",
        "random_forest n_trees=15 oob=1 max_features=sqrt min_samples_leaf=3",
        "random_forest n_trees=15 class_weight=balanced_subsample ccp_alpha=0.001",
        "extra_trees n_trees=15 bootstrap=1 oob=1 max_features=3",
        "bagging n_trees=15 oob=1 max_features=2 max_samples=100"};
    clearn_estimator *e = tu_fitted(specs[_i], ds), *back;
    const char *path = build_path("tests/check_forest.model");
    size_t k = classes(ds), n = clearn_dataset_rows(ds), d = clearn_dataset_features(ds);
    double *a, *b, ia[16], ib[16], oa = 0, ob = 1;
    clearn_error err;
    char *pa, *pb;
    ck_assert_int_eq(clearn_estimator_save(e, path, &err), CLEARN_OK);
    ck_assert_ptr_nonnull(back = clearn_estimator_load(path, &err));
    a = predictions(e, ds, k);
    b = predictions(back, ds, k);
    ck_assert_int_eq(memcmp(a, b, n * (k + 1) * sizeof *a), 0);
    ck_assert_int_eq(clearn_forest_feature_importances(e, ia, d, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_forest_feature_importances(back, ib, d, &err), CLEARN_OK);
    ck_assert_int_eq(memcmp(ia, ib, d * sizeof *ia), 0);
    ck_assert_int_eq(clearn_forest_oob_score(e, &oa, &err) == CLEARN_OK,
                     clearn_forest_oob_score(back, &ob, &err) == CLEARN_OK);
    ck_assert(_i == 2 || oa == ob);
    ck_assert_str_eq(clearn_estimator_get_type(back)->name, clearn_estimator_get_type(e)->name);
    pa = payload(e);
    pb = payload(back);
    ck_assert_str_eq(pa, pb);
    ck_assert_str_eq(output(e, clearn_estimator_print), output(back, clearn_estimator_print));
    free(pa);
    free(pb);
    free(a);
    free(b);
    remove(path);
    clearn_estimator_free(e);
    clearn_estimator_free(back);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_print_and_info)
{
    clearn_dataset *ds = tu_dataset("iris.csv", NULL);
    clearn_estimator *e = tu_fitted("random_forest n_trees=10 oob=1", ds);
    clearn_forest_stats st;
    const char *text = output(e, clearn_estimator_print);
    ck_assert_int_eq(clearn_forest_info(e, &st, NULL), CLEARN_OK);
    ck_assert_uint_eq(st.trees, 10);
    ck_assert_uint_eq(st.features, 4);
    ck_assert_uint_eq(st.classes, 3);
    ck_assert_uint_eq(st.leaves * 2, st.nodes + st.trees);
    ck_assert(st.max_depth >= 2);
    ck_assert_msg(strstr(text, "random forest: 10 trees, classification of 'class'"), "%s", text);
    ck_assert_msg(strstr(text, "out-of-bag accuracy: "), "%s", text);
    ck_assert_msg(strstr(text, "  petal length (cm)") || strstr(text, "  petallength") ||
                  strstr(text, "feature importances:\n"), "%s", text);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* Loads payload text (with `from` replaced by `to`) into a fresh state. */
static int load_text(const char *text, const char *from, const char *to, clearn_error *err)
{
    const clearn_estimator_type *t = clearn_estimator_type_find("random_forest");
    char *buf = malloc(strlen(text) + (to ? strlen(to) : 0) + 1), *at;
    void *m = calloc(1, t->state_size);
    clearn_reader *r;
    int rc;
    strcpy(buf, text);
    if (from) {
        ck_assert_msg((at = strstr(buf, from)) != NULL, "no '%s' in the payload", from);
        memmove(at + strlen(to), at + strlen(from), strlen(at + strlen(from)) + 1);
        memcpy(at, to, strlen(to));
    }
    r = clearn__reader_new(buf, strlen(buf), "payload");
    ck_assert_ptr_nonnull(r);
    rc = t->load(m, r, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_finish(r, err);
    t->destroy(m);
    clearn__reader_free(r);
    free(m);
    free(buf);
    return rc;
}

START_TEST(test_corrupt_payloads)
{
    static const struct {
        const char *from, *to, *msg;
    } cases[] = {
        {"trees z 2", "trees z 0", "forest model: bad tree count"},
        {"trees z 2", "trees z 3", "expected 'criterion', found the end of the data"},
        {"trees z 2", "trees z 99999999999", "bad tree count"},
        {"oob i 0", "oob i 2", "bad tree count or out-of-bag score"},
        {"oob_score d 0000000000000000", "oob_score d 7ff8000000000000", "out-of-bag score"},
        {"nodes z 3", "nodes z 0", "cart model: bad node count 0"},
        {"criterion i 0", "criterion i 7", "cart model: bad criterion 7"},
    };
    clearn_dataset *ds = tu_dataset("weather.nominal.arff", NULL);
    clearn_estimator *e = tu_fitted("random_forest n_trees=2 max_depth=1", ds);
    char *text = payload(e);
    clearn_error err;
    ck_assert_int_eq(load_text(text, NULL, NULL, &err), CLEARN_OK);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ck_assert_int_eq(load_text(text, cases[i].from, cases[i].to, &err), CLEARN_ECORRUPT);
        ck_assert_msg(strstr(err.text, cases[i].msg), "case %zu: '%s'", i, err.text);
    }
    free(text);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* The second tree must read the data as the first: a forest whose trees
 * disagree on the class is corrupt. */
START_TEST(test_corrupt_mixed_trees)
{
    clearn_dataset *ds = tu_dataset("weather.nominal.arff", NULL);
    clearn_estimator *e = tu_fitted("random_forest n_trees=2 max_depth=1", ds);
    char *text = payload(e), *second;
    clearn_error err;
    ck_assert_ptr_nonnull(second = strstr(strstr(text, "class z 4") + 1, "class z 4"));
    second[8] = '3';        /* tree 2: class 'windy' */
    ck_assert_int_eq(load_text(text, NULL, NULL, &err), CLEARN_ECORRUPT);
    ck_assert_msg(strstr(err.text, "forest model: tree 2 does not read the data as "
                         "tree 1 does"), "%s", err.text);
    free(text);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- errors --------------------------------------------------------------------------------- */

static void fit_fails(const char *spec, const clearn_dataset *ds, int code, const char *msg)
{
    clearn_error err;
    clearn_estimator *e = clearn_estimator_new(spec, &err);
    ck_assert_msg(e != NULL, "%s: %s", spec, err.text);
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), code);
    ck_assert_msg(strstr(err.text, msg), "%s: '%s' lacks '%s'", spec, err.text, msg);
    clearn_estimator_free(e);
}

START_TEST(test_bad_parameters)
{
    clearn_dataset *iris = tu_dataset("iris.csv", NULL), *dia = tu_dataset("diabetes.csv", "y");
    clearn_error err;
    fit_fails("random_forest max_samples=abc", iris, CLEARN_EINVAL,
              "random_forest: max_samples='abc': expected a count in [1, 150] (the rows) or a "
              "fraction in (0, 1]");
    fit_fails("random_forest max_samples=1.5", iris, CLEARN_EINVAL, "max_samples='1.5'");
    fit_fails("random_forest max_samples=151", iris, CLEARN_EINVAL, "max_samples='151'");
    fit_fails("random_forest max_samples=0", iris, CLEARN_EINVAL, "max_samples='0'");
    fit_fails("random_forest bootstrap=0 max_samples=0.5", iris, CLEARN_EINVAL,
              "random_forest: max_samples='0.5' needs bootstrap=1");
    fit_fails("random_forest bootstrap=0 oob=1", iris, CLEARN_EINVAL,
              "random_forest: oob=1 needs bootstrap=1");
    fit_fails("random_forest max_features=abc", iris, CLEARN_EINVAL,
              "max_features='abc': expected all");
    fit_fails("random_forest criterion=squared_error", iris, CLEARN_EINVAL,
              "criterion=squared_error is for regression, but the class is nominal");
    fit_fails("random_forest criterion=gini", dia, CLEARN_EINVAL,
              "criterion=gini is for classification, but the class is numeric");
    fit_fails("random_forest class_weight=balanced_subsample", dia, CLEARN_EINVAL,
              "random_forest: class_weight=balanced_subsample applies to a nominal class only");
    fit_fails("random_forest class_weight=rose:2", iris, CLEARN_ENOTFOUND,
              "class_weight: 'rose' is not a class of 'class'");
    fit_fails("random_forest criterion=absolute_error n_trees=2", dia, CLEARN_EINVAL,
              "criterion=absolute_error takes no sample weights other than 0 and 1 "
              "(bootstrap=0 does)");
    fit_fails("random_forest max_leaf_nodes=1", iris, CLEARN_EINVAL, "max_leaf_nodes=1");
    fit_fails("extra_trees criterion=absolute_error", dia, CLEARN_EINVAL,
              "extra_trees: criterion=absolute_error is not supported");
    fit_fails("extra_trees max_samples=0.5", iris, CLEARN_EINVAL,
              "extra_trees: max_samples='0.5' needs bootstrap=1");
    fit_fails("extra_trees oob=1", iris, CLEARN_EINVAL, "extra_trees: oob=1 needs bootstrap=1");
    fit_fails("bagging max_features=sqrt", iris, CLEARN_EINVAL,
              "bagging: max_features='sqrt': expected all, a count in [1, 4] (the features) or "
              "a fraction in (0, 1]");
    fit_fails("bagging max_features=5", iris, CLEARN_EINVAL, "max_features='5'");
    fit_fails("bagging max_features=0", iris, CLEARN_EINVAL, "max_features='0'");
    fit_fails("bagging bootstrap=0 oob=1", iris, CLEARN_EINVAL,
              "bagging: oob=1 needs bootstrap=1");
    fit_fails("bagging bootstrap=0 max_samples=200", iris, CLEARN_EINVAL,
              "bagging: max_samples='200': expected a count in [1, 150]");
    ck_assert_ptr_null(clearn_estimator_new("random_forest n_trees=0", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_msg(strstr(err.text, "n_trees"), "%s", err.text);
    ck_assert_ptr_null(clearn_estimator_new("random_forest threads=-1", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_ptr_null(clearn_estimator_new("random_forest bootstrap=maybe", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    clearn_dataset_free(iris);
    clearn_dataset_free(dia);
}
END_TEST

/* Data the trees cannot learn from, and data they can despite its oddities. */
START_TEST(test_bad_data)
{
    clearn_dataset *one = tu_arff("@relation o\n@attribute x numeric\n@attribute c {a,b}\n"
                                  "@data\n1,a\n");
    clearn_dataset *odd = tu_arff("@relation o\n@attribute x numeric\n@attribute n {p,q,r}\n"
                                  "@attribute c {a,b}\n@data\n1,p,a\n?,q,b\n3,?,a\n4,r,b\n"
                                  "5,p,a\n6,q,b\n");
    clearn_dataset *only = tu_arff("@relation o\n@attribute c {a,b}\n@data\na\nb\na\n");
    clearn_dataset *inf = tu_arff("@relation o\n@attribute x numeric\n@attribute c numeric\n"
                                  "@data\n1,1\n2,2\n3,3\n");
    clearn_dataset *other = tu_dataset("iris.csv", NULL);
    clearn_estimator *e = tu_fitted("random_forest n_trees=5", one);
    double out[12];
    clearn_error err;
    ck_assert_int_eq(clearn_estimator_predict(e, one, out, &err), CLEARN_OK);
    ck_assert(out[0] == 0);
    clearn_estimator_free(e);
    e = tu_fitted("random_forest n_trees=5 oob=1", odd);       /* missing values */
    ck_assert_int_eq(clearn_estimator_predict_proba(e, odd, out, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(e, other, out, &err), CLEARN_ESCHEMA);
    clearn_estimator_free(e);
    e = tu_fitted("random_forest n_trees=5", only);             /* no feature at all */
    ck_assert_int_eq(clearn_estimator_predict(e, only, out, &err), CLEARN_OK);
    clearn_estimator_free(e);
    clearn_dataset_set(inf, 1, 0, INFINITY, NULL);
    e = tu_fitted("random_forest n_trees=5 oob=1", inf);
    ck_assert_int_eq(clearn_estimator_predict(e, inf, out, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, inf, out, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "random_forest gives no class probabilities here");
    clearn_estimator_free(e);
    clearn_dataset_free(one);
    clearn_dataset_free(odd);
    clearn_dataset_free(only);
    clearn_dataset_free(inf);
    clearn_dataset_free(other);
}
END_TEST

START_TEST(test_bad_calls)
{
    clearn_dataset *iris = tu_dataset("iris.csv", NULL);
    clearn_estimator *e = clearn_estimator_new("random_forest n_trees=3", NULL);
    clearn_estimator *z = tu_fitted("zeror", iris);
    clearn_forest_stats st;
    clearn_error err;
    double imp[4], s;
    ck_assert_int_eq(clearn_forest_info(e, &st, &err), CLEARN_ENOTFIT);
    ck_assert_str_eq(err.text, "forest: the estimator is not fitted");
    ck_assert_int_eq(clearn_forest_info(z, &st, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "forest: the estimator is 'zeror', not random_forest, "
                               "extra_trees or bagging");
    ck_assert_int_eq(clearn_forest_oob_score(NULL, &s, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "forest: NULL estimator");
    ck_assert_int_eq(clearn_estimator_fit(e, iris, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_forest_info(e, NULL, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_forest_feature_importances(e, imp, 3, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "forest: importances: room for 3 values given; the forest has "
                               "4 features");
    ck_assert_int_eq(clearn_forest_oob_score(e, &s, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "forest: no out-of-bag score: fit with oob=1 (and bootstrap=1)");
    ck_assert_int_eq(clearn_forest_oob_score(e, NULL, &err), CLEARN_EINVAL);
    clearn_estimator_free(e);
    clearn_estimator_free(z);
    clearn_dataset_free(iris);
}
END_TEST

/* ---- allocation failures ---------------------------------------------------------------- */

static int forest_extras(clearn_estimator *e, const clearn_dataset *ds, double *out,
                         clearn_error *err)
{
    clearn_forest_stats st;
    int rc = clearn_forest_info(e, &st, err);
    FILE *f;
    (void)ds;
    if (rc == CLEARN_OK)
        rc = clearn_forest_feature_importances(e, out, st.features, err);
    if (rc == CLEARN_OK && (f = tmpfile())) {
        rc = clearn_estimator_print(e, f, err);
        fclose(f);
    }
    return rc;
}

START_TEST(test_alloc_failures)
{
    static const char *const specs[] = {
        "random_forest n_trees=3 oob=1 threads=1",
        "random_forest n_trees=3 oob=1 threads=2 class_weight=balanced_subsample",
        "random_forest n_trees=2 bootstrap=0 threads=2 max_leaf_nodes=4 ccp_alpha=0.01",
        "extra_trees n_trees=3 bootstrap=1 oob=1 threads=2",
        "bagging n_trees=3 bootstrap=0 max_samples=0.7 max_features=0.5 bootstrap_features=1",
        "bagging n_trees=3 oob=1 max_features=3 threads=2"};
    clearn_dataset *ds = synthetic(60, 0, 71);
    tu_estimator_nomem(specs[_i], ds, "check_forest", _i % 2 ? forest_extras : NULL);
    clearn_dataset_free(ds);
}
END_TEST

static TCase *tcase(Suite *s, const char *name)
{
    TCase *tc = tcase_create(name);
    tcase_set_timeout(tc, 120);
    suite_add_tcase(s, tc);
    return tc;
}

static Suite *forest_suite(void)
{
    Suite *s = suite_create("forest");
    TCase *tc = tcase(s, "exact");
    tcase_add_test(tc, test_one_tree_is_cart);
    tcase_add_test(tc, test_unit_weights);
    tcase_add_test(tc, test_weights_are_copies);
    tcase_add_test(tc, test_bad_weights);
    tcase_add_loop_test(tc, test_voting, 0, 2);
    tcase_add_test(tc, test_bagging_draws);
    tcase_add_test(tc, test_extra_thresholds);
    tc = tcase(s, "sklearn");
    tcase_add_loop_test(tc, test_sklearn_statistics, 0,
                        (int)(sizeof reference / sizeof *reference));
    tcase_add_loop_test(tc, test_importances, 0, 2);
    tc = tcase(s, "determinism");
    tcase_add_loop_test(tc, test_threads_identical, 0, 2);
    tcase_add_test(tc, test_seeds);
    tc = tcase(s, "files");
    tcase_add_loop_test(tc, test_round_trip, 0, 5);
    tcase_add_test(tc, test_print_and_info);
    tcase_add_test(tc, test_corrupt_payloads);
    tcase_add_test(tc, test_corrupt_mixed_trees);
    tc = tcase(s, "errors");
    tcase_add_test(tc, test_bad_parameters);
    tcase_add_test(tc, test_bad_data);
    tcase_add_test(tc, test_bad_calls);
    tc = tcase(s, "alloc");
    tcase_add_loop_test(tc, test_alloc_failures, 0, 6);
    return s;
}

int main(void)
{
    return run_suite(forest_suite());
}
