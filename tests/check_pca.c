/* Tests of the pca transform (lib/pca.c): scikit-learn's PCA on iris (both
 * solvers, whitening, fractional n_components, inverse), class placement,
 * pipelines and cross-validation, model files, bad input, corrupt payloads
 * and allocation failures.
 *
 * Reference values: scikit-learn 1.2.1 / numpy 1.24.2 (Debian's
 * python3-sklearn) run with /usr/bin/python3 on datasets/iris.csv:
 *
 *   import numpy as np
 *   from sklearn.decomposition import PCA
 *   X = np.genfromtxt('datasets/iris.csv', delimiter=',', skip_header=1,
 *                     usecols=(0, 1, 2, 3))
 *   np.set_printoptions(precision=17)
 *   p = PCA().fit(X)
 *   print(p.explained_variance_ratio_, p.explained_variance_,
 *         p.singular_values_, p.mean_, p.components_)
 *   rows = [0, 50, 100, 149]
 *   print(p.transform(X)[rows])
 *   p2 = PCA(n_components=2, whiten=True).fit(X)
 *   print(p2.noise_variance_, p2.transform(X)[rows],
 *         p2.inverse_transform(p2.transform(X))[rows])
 *   print(PCA(n_components=0.95).fit(X).n_components_,   # 2
 *         PCA(n_components=0.99).fit(X).n_components_)   # 3
 *
 * and for the pipeline (same X; y = np.repeat([0, 1, 2], 50)):
 *
 *   from sklearn.neighbors import KNeighborsClassifier
 *   from sklearn.pipeline import make_pipeline
 *   from sklearn.model_selection import StratifiedKFold, cross_val_predict
 *   m = make_pipeline(PCA(n_components=2), KNeighborsClassifier(n_neighbors=3))
 *   pred = cross_val_predict(m, X, y, cv=StratifiedKFold(10))
 *   print(np.nonzero(pred != y)[0])              # [72 77 83 106 149]
 *   print(np.nonzero(m.fit(X, y).predict(X) != y)[0])   # [106]
 */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "testutil.h"
#include "internal.h"

#define TOL 1e-10

static const double iris_ratio[4] = {0.9246187232017271, 0.05306648311706783,
                                     0.01710260980792977, 0.00521218387327537};
static const double iris_var[4] = {4.228241706034864, 0.24267074792863344,
                                   0.07820950004291942, 0.02383509297344943};
static const double iris_sv[4] = {25.099960442183864, 6.013147382308734, 3.4136806391921013,
                                  1.8845235082226928};
static const double iris_mean[4] = {5.843333333333335, 3.057333333333334, 3.7580000000000027,
                                    1.199333333333334};
static const double iris_comp[16] = {
    0.3613865917853687, -0.08452251406456868, 0.8566706059498351, 0.3582891971515508,
    0.6565887712868422, 0.7301614347850266, -0.17337266279585684, -0.0754810199174632,
    -0.5820298513060654, 0.5979108301000856, 0.07623607582096326, 0.5458314320200756,
    -0.3154871929039753, 0.3197231036661293, 0.4798389869946344, -0.7536574252640454};
static const size_t iris_rows[4] = {0, 50, 100, 149};
static const double iris_t[16] = {
    -2.6841256259695374e+00, 3.1939724658509988e-01, -2.7914827589413771e-02,
    -2.2624370713174428e-03, 1.2848256888583509e+00, 6.8516047046730899e-01,
    -4.0656802546769449e-01, -1.8525287923270246e-02, 2.5311927278036275e+00,
    -9.8491094988015730e-03, 7.6016542724589509e-01, 2.9055572778700006e-02,
    1.3901888619479135e+00, -2.8266093799055048e-01, 3.6290964808537562e-01,
    1.5503862823011177e-01};
static const double iris_w[8] = {-1.3053378633198562, 0.6483693157802363,
                                 0.6248335037697882, 1.3908605355437587,
                                 1.2309638844748483, -0.01999347350378977,
                                 0.6760734822203687, -0.5737954253588191};
static const double iris_winv[16] = {
    5.083038967128146, 3.517413931138377, 1.403213722425075, 0.21353168781973186,
    6.757520781506588, 3.449014388150679, 4.739884306206821, 1.6079558867560793,
    6.751605631682111, 2.836199120474418, 5.928105974243327, 2.1069757644441878,
    6.160136950124669, 2.733442959656073, 4.9979396142374295, 1.7187585204600335};
static const double iris_noise2 = 0.05102229650818443;

/* ---- helpers --------------------------------------------------------------- */

static clearn_dataset *read_data(const char *rel)
{
    return tu_read(rel, NULL);
}

static clearn_transform *fitted(const char *spec, const clearn_dataset *ds)
{
    clearn_error err;
    clearn_transform *t = clearn_transform_new(spec, &err);
    ck_assert_msg(t != NULL, "%s: %s", spec, err.text);
    ck_assert_msg(clearn_transform_fit(t, ds, &err) == CLEARN_OK, "%s: %s", spec, err.text);
    return t;
}

static clearn_dataset *apply(const clearn_transform *t, const clearn_dataset *ds)
{
    clearn_error err;
    clearn_dataset *out = clearn_transform_apply(t, ds, &err);
    ck_assert_msg(out != NULL, "apply: %s", err.text);
    return out;
}

static clearn_dataset *inverse(const clearn_transform *t, const clearn_dataset *ds)
{
    clearn_error err;
    clearn_dataset *out = clearn_transform_inverse(t, ds, &err);
    ck_assert_msg(out != NULL, "inverse: %s", err.text);
    return out;
}

static void assert_near(double got, double want, double tol, const char *what, size_t i)
{
    ck_assert_msg(fabs(got - want) <= tol, "%s[%zu]: %.17g, want %.17g", what, i, got, want);
}

static void assert_array(const double *got, const double *want, size_t n, double tol,
                         const char *what)
{
    for (size_t i = 0; i < n; i++)
        assert_near(got[i], want[i], tol, what, i);
}

/* Rows iris_rows of ds, columns 0..k, against want (4 x k). */
static void assert_iris_rows(const clearn_dataset *ds, const double *want, size_t k,
                             double tol)
{
    for (size_t r = 0; r < 4; r++)
        for (size_t c = 0; c < k; c++)
            assert_near(clearn_dataset_get(ds, iris_rows[r], c), want[r * k + c], tol, "row",
                        r * k + c);
}

/* Every value of a equals b's (bit for bit; NaN equals NaN), same schema. */
static void assert_same_data(const clearn_dataset *a, const clearn_dataset *b)
{
    size_t n = clearn_dataset_rows(a), d = clearn_dataset_attrs(a);
    ck_assert(clearn_dataset_same_schema(a, b));
    ck_assert_uint_eq(clearn_dataset_rows(b), n);
    for (size_t i = 0; i < n * d; i++) {
        double x = clearn_dataset_data(a)[i], y = clearn_dataset_data(b)[i];
        ck_assert_msg(x == y || (isnan(x) && isnan(y)), "value %zu: %.17g vs %.17g", i, x, y);
    }
}

static void assert_error(int rc, const clearn_error *err, int code, const char *text)
{
    ck_assert_msg(rc == code, "code %d, want %d (%s)", rc, code, err->text);
    ck_assert_int_eq(err->code, code);
    ck_assert_msg(strstr(err->text, text) != NULL, "'%s' lacks '%s'", err->text, text);
}

/* Fit error of spec on ds: code and a piece of the message. */
static void assert_fit_error(const char *spec, const clearn_dataset *ds, int code,
                             const char *text)
{
    clearn_error err;
    clearn_transform *t = clearn_transform_new(spec, &err);
    ck_assert_msg(t != NULL, "%s: %s", spec, err.text);
    assert_error(clearn_transform_fit(t, ds, &err), &err, code, text);
    ck_assert(!clearn_transform_is_fitted(t));
    clearn_transform_free(t);
}

/* n x p table with no class from row-major values. */
static clearn_dataset *table(size_t n, size_t p, const double *x)
{
    clearn_error err;
    clearn_dataset *ds = clearn_dataset_from_arrays(n, p, x, NULL, NULL, NULL, 0, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    return ds;
}

/* A reproducible, well-conditioned n x 6 table: independent uniforms of
 * distinct spreads, mixed by a fixed matrix, plus an offset. */
static clearn_dataset *random_table(size_t n)
{
    static const double mix[36] = {
        1.0, 0.3, -0.2, 0.1, 0.0, 0.4,  0.2, 1.0, 0.5, -0.3, 0.2, 0.0,
        -0.1, 0.4, 1.0, 0.2, -0.5, 0.1, 0.3, 0.0, 0.2, 1.0, 0.1, -0.2,
        0.0, -0.2, 0.1, 0.3, 1.0, 0.5,  0.4, 0.1, 0.0, -0.1, 0.3, 1.0};
    double *x = malloc(n * 6 * sizeof *x);
    uint64_t s = 88172645463325252u;
    clearn_dataset *ds;
    for (size_t i = 0; i < n; i++) {
        double z[6];
        for (size_t j = 0; j < 6; j++) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            z[j] = ((double)(s >> 11) / 9007199254740992.0 - 0.5) * (double)(6 - j) * 3;
        }
        for (size_t j = 0; j < 6; j++) {
            x[i * 6 + j] = 10.0 * (double)j;
            for (size_t l = 0; l < 6; l++)
                x[i * 6 + j] += z[l] * mix[l * 6 + j];
        }
    }
    ds = table(n, 6, x);
    free(x);
    return ds;
}

struct info {
    clearn_pca_summary s;
    double mean[8], comp[64], var[8], ratio[8], sv[8];
};

static void get_info(const clearn_transform *t, struct info *in)
{
    clearn_error err;
    memset(in, 0, sizeof *in);
    ck_assert_msg(clearn_pca_info(t, &in->s, in->mean, in->comp, in->var, in->ratio, in->sv,
                                  &err) == CLEARN_OK, "%s", err.text);
}

/* ---- scikit-learn on iris ---------------------------------------------------- */

static void iris_against_sklearn(const char *spec)
{
    clearn_dataset *ds = read_data("datasets/iris.csv"), *out;
    clearn_transform *t = fitted(spec, ds);
    struct info in;
    get_info(t, &in);
    ck_assert_uint_eq(in.s.n_components, 4);
    ck_assert_uint_eq(in.s.n_features, 4);
    ck_assert_uint_eq(in.s.n_samples, 150);
    assert_near(in.s.noise_variance, 0, 0, "noise", 0);
    assert_near(in.s.total_variance, 4.228241706034864 + 0.24267074792863344 +
                0.07820950004291942 + 0.02383509297344943, TOL, "total", 0);
    assert_array(in.ratio, iris_ratio, 4, TOL, "ratio");
    assert_array(in.var, iris_var, 4, TOL, "variance");
    assert_array(in.sv, iris_sv, 4, TOL, "singular");
    assert_array(in.mean, iris_mean, 4, 1e-14, "mean");
    assert_array(in.comp, iris_comp, 16, TOL, "components");
    out = apply(t, ds);
    ck_assert_uint_eq(clearn_dataset_attrs(out), 5);
    for (size_t c = 0; c < 4; c++) {
        char name[8];
        snprintf(name, sizeof name, "pc%zu", c + 1);
        ck_assert_str_eq(clearn_dataset_attr_name(out, c), name);
        ck_assert_int_eq(clearn_dataset_attr_kind(out, c), CLEARN_NUMERIC);
    }
    ck_assert_uint_eq(clearn_dataset_class(out), 4);
    ck_assert_str_eq(clearn_dataset_attr_name(out, 4), "class");
    ck_assert_uint_eq(clearn_dataset_categories(out, 4), 3);
    ck_assert_str_eq(clearn_dataset_category(out, 4, 2), "Iris-virginica");
    for (size_t i = 0; i < 150; i++)
        ck_assert(clearn_dataset_get(out, i, 4) == clearn_dataset_get(ds, i, 4));
    assert_iris_rows(out, iris_t, 4, TOL);
    clearn_dataset_free(out);
    clearn_transform_free(t);
    clearn_dataset_free(ds);
}

START_TEST(iris_full)
{
    iris_against_sklearn("pca solver=full");
}
END_TEST

START_TEST(iris_covariance)
{
    iris_against_sklearn("pca solver=covariance");
    iris_against_sklearn("pca");  /* auto: 150 >= 10 x 4 rows: covariance */
}
END_TEST

START_TEST(iris_whiten_inverse)
{
    static const char *const specs[] = {"pca n_components=2 whiten=true solver=full",
                                        "pca n_components=2 whiten=true solver=covariance"};
    clearn_dataset *ds = read_data("datasets/iris.csv");
    for (size_t s = 0; s < 2; s++) {
        clearn_transform *t = fitted(specs[s], ds);
        clearn_dataset *out = apply(t, ds), *back;
        struct info in;
        get_info(t, &in);
        ck_assert_uint_eq(in.s.n_components, 2);
        assert_near(in.s.noise_variance, iris_noise2, TOL, "noise", s);
        assert_array(in.ratio, iris_ratio, 2, TOL, "ratio");
        ck_assert_uint_eq(clearn_dataset_attrs(out), 3);
        ck_assert_uint_eq(clearn_dataset_class(out), 2);
        assert_iris_rows(out, iris_w, 2, TOL);
        back = inverse(t, out);
        ck_assert_uint_eq(clearn_dataset_attrs(back), 5);
        ck_assert_str_eq(clearn_dataset_attr_name(back, 0), "sepallength");
        ck_assert_str_eq(clearn_dataset_attr_name(back, 3), "petalwidth");
        ck_assert_uint_eq(clearn_dataset_class(back), 4);
        ck_assert_uint_eq(clearn_dataset_categories(back, 4), 3);
        assert_iris_rows(back, iris_winv, 4, TOL);
        for (size_t i = 0; i < 150; i++)
            ck_assert(clearn_dataset_get(back, i, 4) == clearn_dataset_get(ds, i, 4));
        clearn_dataset_free(back);
        clearn_dataset_free(out);
        clearn_transform_free(t);
    }
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(iris_fraction)
{
    static const char *const specs[] = {"pca n_components=0.95", "pca n_components=0.99",
                                        "pca n_components=0.5 solver=full",
                                        "pca n_components=0.999999 solver=full",
                                        "pca n_components=3"};
    static const size_t want[] = {2, 3, 1, 4, 3};
    clearn_dataset *ds = read_data("datasets/iris.csv");
    for (size_t s = 0; s < 5; s++) {
        clearn_transform *t = fitted(specs[s], ds);
        clearn_dataset *out = apply(t, ds);
        struct info in;
        get_info(t, &in);
        ck_assert_msg(in.s.n_components == want[s], "%s: %zu", specs[s], in.s.n_components);
        ck_assert_uint_eq(clearn_dataset_attrs(out), want[s] + 1);
        for (size_t r = 0; r < 4; r++)
            for (size_t c = 0; c < want[s]; c++)
                assert_near(clearn_dataset_get(out, iris_rows[r], c), iris_t[r * 4 + c], TOL,
                            specs[s], c);
        clearn_dataset_free(out);
        clearn_transform_free(t);
    }
    clearn_dataset_free(ds);
}
END_TEST

/* Weka 3.6's PrincipalComponents filter (standardized attributes, 95% of
 * the variance) on iris:
 *   java -cp /usr/share/java/weka.jar \
 *     weka.filters.unsupervised.attribute.PrincipalComponents -c last \
 *     -i datasets/iris.arff -o out.arff
 * rows 1, 51, 101, 150 of out.arff. Weka standardizes with the sample sd
 * (n - 1): its values are ours times sqrt(149/150); its pc2 has the other
 * sign. */
START_TEST(weka_iris)
{
    static const double weka[8] = {-2.256981, -0.504015, 1.100308, -0.860231,
                                   1.841503, -0.868786, 0.956096, 0.02221};
    clearn_dataset *ds = read_data("datasets/iris.arff"), *z, *out;
    clearn_transform *s = fitted("standardize", ds), *t;
    z = apply(s, ds);
    t = fitted("pca n_components=0.95", z);
    out = apply(t, z);
    ck_assert_uint_eq(clearn_dataset_attrs(out), 3);
    for (size_t r = 0; r < 4; r++)
        for (size_t c = 0; c < 2; c++)
            assert_near((c ? -1 : 1) * sqrt(149.0 / 150) * clearn_dataset_get(out, iris_rows[r], c),
                        weka[r * 2 + c], 1e-6, "weka", r * 2 + c);
    clearn_dataset_free(out);
    clearn_dataset_free(z);
    clearn_transform_free(t);
    clearn_transform_free(s);
    clearn_dataset_free(ds);
}
END_TEST

/* All components: the inverse gives the data back (to rounding). */
START_TEST(inverse_round_trip)
{
    static const char *const specs[] = {"pca solver=full", "pca solver=covariance",
                                        "pca whiten=true"};
    clearn_dataset *ds = read_data("datasets/iris.csv");
    for (size_t s = 0; s < 3; s++) {
        clearn_transform *t = fitted(specs[s], ds);
        clearn_dataset *out = apply(t, ds), *back = inverse(t, out);
        ck_assert(clearn_dataset_same_schema(back, ds));
        for (size_t i = 0; i < 150 * 5; i++)
            assert_near(clearn_dataset_data(back)[i], clearn_dataset_data(ds)[i], 1e-12,
                        specs[s], i);
        clearn_dataset_free(back);
        clearn_dataset_free(out);
        clearn_transform_free(t);
    }
    clearn_dataset_free(ds);
}
END_TEST

/* The two solvers agree on well-conditioned data: axes (signs included),
 * variances and transformed values. */
START_TEST(solvers_agree)
{
    size_t n = tu_valgrind() ? 400 : 50000;  /* two blocks of rows natively */
    clearn_dataset *ds = random_table(n);
    clearn_transform *f = fitted("pca solver=full", ds), *c = fitted("pca solver=covariance", ds);
    clearn_dataset *a = apply(f, ds), *b = apply(c, ds);
    struct info fi, ci;
    get_info(f, &fi);
    get_info(c, &ci);
    ck_assert_uint_eq(fi.s.n_components, 6);
    for (size_t k = 1; k < 6; k++)  /* distinct variances */
        ck_assert(fi.var[k] < 0.9 * fi.var[k - 1]);
    assert_array(ci.comp, fi.comp, 36, TOL, "components");
    assert_array(ci.var, fi.var, 6, TOL, "variance");
    assert_array(ci.ratio, fi.ratio, 6, TOL, "ratio");
    assert_array(ci.mean, fi.mean, 6, 0, "mean");
    for (size_t i = 0; i < n * 6; i++)
        assert_near(clearn_dataset_data(b)[i], clearn_dataset_data(a)[i], TOL, "value", i);
    /* the sign rule: each column's value of largest magnitude is positive */
    for (size_t k = 0; k < 6; k++) {
        double best = 0;
        for (size_t i = 0; i < n; i++) {
            double v = clearn_dataset_get(a, i, k);
            if (fabs(v) > fabs(best))
                best = v;
        }
        ck_assert_msg(best > 0, "component %zu", k);
    }
    clearn_dataset_free(a);
    clearn_dataset_free(b);
    clearn_transform_free(f);
    clearn_transform_free(c);
    clearn_dataset_free(ds);
}
END_TEST

/* Fewer rows than features (4 x 5): min(n, p) = 4 components, the last
 * of zero variance; the first three against scikit-learn:
 *   X = np.array([[1., 2., 0.5, 4., -1.], [3., 1., 2.5, 0., 2.],
 *                 [0., -2., 1., 3., 1.5], [2., 0., -1., 1., 0.]])
 *   p = PCA().fit(X)
 *   print(p.n_components_, p.explained_variance_, p.components_[:3],
 *         p.transform(X)[:, :3])
 */
START_TEST(wide_data)
{
    static const double x[20] = {1, 2, 0.5, 4, -1, 3, 1, 2.5, 0, 2,
                                 0, -2, 1, 3, 1.5, 2, 0, -1, 1, 0};
    static const double var[3] = {5.8039436976154306, 4.0138537105595011, 2.0780359251583973};
    static const double comp[15] = {
        0.4350928729563489, 0.02470363714298782, 0.347087932688292, -0.7086856968319227,
        0.43287235104880334, -0.3597090375948408, -0.8271789724527366, 0.08293643948408881,
        0.04806241435624361, 0.4209464421236735, 0.1529162585587263, -0.28326990987897555,
        -0.8079547631555805, -0.4437070375171943, -0.21612020168758575};
    static const double z[12] = {-2.38187601876817, -1.8763559326043733, -0.906410528070737,
                                 3.291141795852225, -0.5321324874270943, -0.8067500823794499,
                                 -0.9513728994983929, 2.8378409054963987, -0.42681799539312143,
                                 0.04210712241433711, -0.4293524854649312, 2.139978605843308};
    static const char *const specs[] = {"pca", "pca solver=covariance",
                                        "pca n_components=3 solver=full"};
    clearn_dataset *ds = table(4, 5, x);
    for (size_t s = 0; s < 3; s++) {
        clearn_transform *t = fitted(specs[s], ds);
        clearn_dataset *out = apply(t, ds);
        struct info in;
        get_info(t, &in);
        ck_assert_uint_eq(in.s.n_components, s == 2 ? 3 : 4);
        ck_assert_uint_eq(clearn_dataset_attrs(out), in.s.n_components);
        assert_array(in.var, var, 3, TOL, specs[s]);
        assert_array(in.comp, comp, 15, TOL, specs[s]);
        assert_near(in.s.noise_variance, 0, 1e-12, specs[s], 0);
        if (s < 2)
            assert_near(in.var[3], 0, 1e-12, specs[s], 3);
        for (size_t i = 0; i < 4; i++)
            for (size_t c = 0; c < 3; c++)
                assert_near(clearn_dataset_get(out, i, c), z[i * 3 + c], TOL, specs[s], i * 3 + c);
        clearn_dataset_free(out);
        clearn_transform_free(t);
    }
    clearn_dataset_free(ds);
}
END_TEST

/* ---- schemas ---------------------------------------------------------------- */

/* Attributes a, cls (nominal, the class), b, c. */
static clearn_dataset *class_in_middle(void)
{
    static const char *const yn[] = {"no", "yes"};
    static const double rows[6][4] = {{1, 0, 2, 0.5}, {2, 1, 1, 0.1}, {3, 1, 5, 0.9},
                                      {4, 0, 3, 0.3}, {0.5, 1, 2.5, 0.7}, {2.5, 0, 4, 0.2}};
    clearn_error err;
    clearn_dataset *ds = clearn_dataset_new("mid", &err);
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "a", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "cls", yn, 2, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "b", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "c", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_set_class(ds, 1, &err), CLEARN_OK);
    for (size_t i = 0; i < 6; i++)
        ck_assert_int_eq(clearn_dataset_add_row(ds, rows[i], &err), CLEARN_OK);
    return ds;
}

START_TEST(class_position)
{
    clearn_dataset *ds = class_in_middle(), *out, *back;
    clearn_transform *t = fitted("pca", ds), *one = fitted("pca n_components=1", ds);
    out = apply(t, ds);  /* pc1, cls, pc2, pc3 */
    ck_assert_uint_eq(clearn_dataset_attrs(out), 4);
    ck_assert_str_eq(clearn_dataset_attr_name(out, 0), "pc1");
    ck_assert_str_eq(clearn_dataset_attr_name(out, 1), "cls");
    ck_assert_str_eq(clearn_dataset_attr_name(out, 3), "pc3");
    ck_assert_uint_eq(clearn_dataset_class(out), 1);
    back = inverse(t, out);
    ck_assert(clearn_dataset_same_schema(back, ds));
    for (size_t i = 0; i < 24; i++)
        assert_near(clearn_dataset_data(back)[i], clearn_dataset_data(ds)[i], 1e-12, "back", i);
    clearn_dataset_free(back);
    clearn_dataset_free(out);
    out = apply(one, ds);  /* pc1, cls */
    ck_assert_uint_eq(clearn_dataset_attrs(out), 2);
    ck_assert_uint_eq(clearn_dataset_class(out), 1);
    ck_assert_str_eq(clearn_dataset_attr_name(out, 1), "cls");
    back = inverse(one, out);
    ck_assert(clearn_dataset_same_schema(back, ds));
    clearn_dataset_free(back);
    clearn_dataset_free(out);
    clearn_transform_free(one);
    clearn_transform_free(t);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(no_class)
{
    clearn_error err;
    clearn_dataset *iris = read_data("datasets/iris.csv"), *ds, *out, *back;
    clearn_transform *t;
    size_t cols[4] = {0, 1, 2, 3};
    ds = clearn_dataset_select(iris, cols, 4, &err);
    ck_assert_ptr_nonnull(ds);
    ck_assert_uint_eq(clearn_dataset_class(ds), CLEARN_NONE);
    t = fitted("pca n_components=2", ds);
    out = apply(t, ds);
    ck_assert_uint_eq(clearn_dataset_attrs(out), 2);
    ck_assert_uint_eq(clearn_dataset_class(out), CLEARN_NONE);
    assert_iris_rows(out, (const double[]){iris_t[0], iris_t[1], iris_t[4], iris_t[5],
                                          iris_t[8], iris_t[9], iris_t[12], iris_t[13]}, 2, TOL);
    back = inverse(t, out);
    ck_assert(clearn_dataset_same_schema(back, ds));
    clearn_dataset_free(back);
    clearn_dataset_free(out);
    clearn_transform_free(t);
    clearn_dataset_free(ds);
    clearn_dataset_free(iris);
}
END_TEST

/* Zero variance: ratios 0 (not NaN), values 0, whitening finite. */
START_TEST(constant_data)
{
    static const double x[15] = {2.5, -1, 7, 2.5, -1, 7, 2.5, -1, 7, 2.5, -1, 7, 2.5, -1, 7};
    static const char *const specs[] = {"pca solver=full", "pca solver=covariance whiten=true",
                                        "pca n_components=0.9"};
    clearn_dataset *ds = table(5, 3, x);
    for (size_t s = 0; s < 3; s++) {
        clearn_transform *t = fitted(specs[s], ds);
        clearn_dataset *out = apply(t, ds), *back = inverse(t, out);
        struct info in;
        get_info(t, &in);
        ck_assert_uint_eq(in.s.n_components, s == 2 ? 1 : 3);
        ck_assert(in.s.total_variance == 0 && in.s.noise_variance == 0);
        for (size_t k = 0; k < in.s.n_components; k++)
            ck_assert(in.ratio[k] == 0 && in.var[k] == 0 && in.sv[k] == 0);
        for (size_t i = 0; i < 5 * in.s.n_components; i++)
            ck_assert(clearn_dataset_data(out)[i] == 0);
        for (size_t i = 0; i < 15; i++)
            ck_assert(clearn_dataset_data(back)[i] == x[i]);
        clearn_dataset_free(back);
        clearn_dataset_free(out);
        clearn_transform_free(t);
    }
    clearn_dataset_free(ds);
}
END_TEST

/* ---- pipelines and model files ---------------------------------------------- */

static void assert_wrong_rows(const double *pred, const clearn_dataset *ds, const size_t *want,
                              size_t n_want)
{
    size_t w = 0;
    for (size_t i = 0; i < clearn_dataset_rows(ds); i++)
        if (pred[i] != clearn_dataset_get(ds, i, 4)) {
            ck_assert_msg(w < n_want && want[w] == i, "row %zu misclassified", i);
            w++;
        }
    ck_assert_uint_eq(w, n_want);
}

START_TEST(pipeline_knn)
{
    static const size_t train_wrong[] = {106}, cv_wrong[] = {72, 77, 83, 106, 149};
    clearn_error err;
    clearn_dataset *ds = read_data("datasets/iris.csv");
    clearn_estimator *e = clearn_estimator_new("pca n_components=2 | knn k=3", &err), *l;
    const char *path = build_path("tests/pca-pipeline.model");
    clearn_split *sp;
    clearn_cv_result *res;
    double pred[150], again[150];
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(e, ds, pred, &err), CLEARN_OK);
    assert_wrong_rows(pred, ds, train_wrong, 1);
    ck_assert_int_eq(clearn_estimator_save(e, path, &err), CLEARN_OK);
    l = clearn_estimator_load(path, &err);
    ck_assert_msg(l != NULL, "%s", err.text);
    ck_assert_int_eq(clearn_estimator_predict(l, ds, again, &err), CLEARN_OK);
    ck_assert(memcmp(pred, again, sizeof pred) == 0);
    remove(path);
    /* the pipeline's pca stage, read where it lives: as a pca fitted alone */
    {
        clearn_transform *alone = clearn_transform_new("pca n_components=2", &err);
        struct info a, b;
        ck_assert_uint_eq(clearn_estimator_n_stages(e), 1);
        ck_assert_ptr_null(clearn_estimator_stage(e, 1));
        ck_assert_ptr_nonnull(alone);
        ck_assert_int_eq(clearn_transform_fit(alone, ds, &err), CLEARN_OK);
        get_info(clearn_estimator_stage(e, 0), &a);
        get_info(clearn_estimator_stage(l, 0), &b);
        ck_assert(memcmp(&a, &b, sizeof a) == 0);
        get_info(alone, &b);
        ck_assert(memcmp(&a, &b, sizeof a) == 0);
        clearn_transform_free(alone);
    }
    sp = clearn_split_stratified_kfold(ds, 10, 0, 0, &err);
    ck_assert_ptr_nonnull(sp);
    res = clearn_cv(e, ds, sp, NULL, &err);
    ck_assert_msg(res != NULL, "%s", err.text);
    assert_wrong_rows(clearn_cv_result_predictions(res, 0), ds, cv_wrong, 5);
    clearn_cv_result_free(res);
    clearn_split_free(sp);
    clearn_estimator_free(l);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(model_file)
{
    static const char *const specs[] = {"pca n_components=2 whiten=true", "pca solver=full",
                                        "pca n_components=0.95"};
    clearn_error err;
    clearn_dataset *ds = read_data("datasets/iris.csv");
    const char *path = build_path("tests/pca.model");
    for (size_t s = 0; s < 3; s++) {
        clearn_transform *t = fitted(specs[s], ds), *l;
        clearn_dataset *a = apply(t, ds), *b, *ia, *ib;
        struct info x, y;
        char *spec;
        ck_assert_int_eq(clearn_transform_save(t, path, &err), CLEARN_OK);
        l = clearn_transform_load(path, &err);
        ck_assert_msg(l != NULL, "%s: %s", specs[s], err.text);
        spec = clearn_transform_spec(l, &err);
        ck_assert_str_eq(spec, specs[s]);
        clearn__free(spec);
        b = apply(l, ds);
        assert_same_data(a, b);
        ia = inverse(t, a);
        ib = inverse(l, b);
        assert_same_data(ia, ib);
        get_info(t, &x);
        get_info(l, &y);
        ck_assert(memcmp(&x, &y, sizeof x) == 0);
        clearn_dataset_free(ia);
        clearn_dataset_free(ib);
        clearn_dataset_free(a);
        clearn_dataset_free(b);
        clearn_transform_free(l);
        clearn_transform_free(t);
    }
    remove(path);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- bad input ----------------------------------------------------------------- */

START_TEST(bad_data)
{
    clearn_error err;
    clearn_dataset *iris = read_data("datasets/iris.csv"), *ds;
    size_t one = 0, cls_only = 4;
    /* nominal features */
    ds = read_data("datasets/labor.arff");
    assert_fit_error("pca", ds, CLEARN_EINVAL, "'onehot |'");
    assert_fit_error("pca", ds, CLEARN_EINVAL, "attribute 'cost-of-living-adjustment' is nominal");
    clearn_dataset_free(ds);
    /* missing values */
    ds = clearn_dataset_copy(iris, &err);
    ck_assert_int_eq(clearn_dataset_set(ds, 7, 2, NAN, &err), CLEARN_OK);
    assert_fit_error("pca", ds, CLEARN_EINVAL, "attribute 'petallength' is missing in row 8");
    assert_fit_error("pca", ds, CLEARN_EINVAL, "'impute |'");
    {   /* and when applying */
        clearn_transform *t = fitted("pca", iris);
        ck_assert_ptr_null(clearn_transform_apply(t, ds, &err));
        assert_error(err.code, &err, CLEARN_EINVAL, "'impute |'");
        clearn_transform_free(t);
    }
    clearn_dataset_free(ds);
    /* one row */
    ds = clearn_dataset_subset(iris, &one, 1, &err);
    assert_fit_error("pca", ds, CLEARN_EINVAL, "needs at least 2");
    clearn_dataset_free(ds);
    /* only a class */
    ds = clearn_dataset_select(iris, &cls_only, 1, &err);
    assert_fit_error("pca", ds, CLEARN_EINVAL, "no attributes besides the class");
    clearn_dataset_free(ds);
    clearn_dataset_free(iris);
}
END_TEST

START_TEST(bad_parameters)
{
    static const char *const bad[] = {"abc", "0", "1.0", "-1", "1.5", "", "2x", "0.", "nan"};
    clearn_error err;
    clearn_dataset *iris = read_data("datasets/iris.csv");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        clearn_transform *t = clearn_transform_new("pca", &err);
        ck_assert_int_eq(clearn_transform_set(t, "n_components", bad[i], &err), CLEARN_OK);
        assert_error(clearn_transform_fit(t, iris, &err), &err, CLEARN_EINVAL,
                     "parameter n_components");
        clearn_transform_free(t);
    }
    assert_fit_error("pca n_components=5", iris, CLEARN_EINVAL,
                     "n_components=5, but at most min(rows, features) = 4");
    ck_assert_ptr_null(clearn_transform_new("pca solver=qr", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_ptr_null(clearn_transform_new("pca whiten=maybe", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    clearn_dataset_free(iris);
}
END_TEST

START_TEST(bad_use)
{
    clearn_error err;
    clearn_dataset *iris = read_data("datasets/iris.csv");
    clearn_transform *t = clearn_transform_new("pca n_components=2", &err), *s;
    struct info in;
    /* not fitted */
    ck_assert_ptr_null(clearn_transform_apply(t, iris, &err));
    ck_assert_int_eq(err.code, CLEARN_ENOTFIT);
    assert_error(clearn_pca_info(t, NULL, NULL, NULL, NULL, NULL, NULL, &err), &err,
                 CLEARN_ENOTFIT, "not fitted");
    /* not a pca */
    s = fitted("standardize", iris);
    assert_error(clearn_pca_info(s, NULL, NULL, NULL, NULL, NULL, NULL, &err), &err,
                 CLEARN_EINVAL, "not a pca transform");
    assert_error(clearn_pca_info(NULL, NULL, NULL, NULL, NULL, NULL, NULL, &err), &err,
                 CLEARN_EINVAL, "not a pca transform");
    clearn_transform_free(s);
    /* the inverse of data without the component columns */
    ck_assert_int_eq(clearn_transform_fit(t, iris, &err), CLEARN_OK);
    get_info(t, &in);
    ck_assert_uint_eq(in.s.n_components, 2);
    ck_assert_ptr_null(clearn_transform_inverse(t, iris, &err));
    assert_error(err.code, &err, CLEARN_ESCHEMA, "no attribute 'pc1'");
    clearn_transform_free(t);
    clearn_dataset_free(iris);
}
END_TEST

/* A class called like an output column; values whose variance overflows;
 * whitened results that overflow. */
START_TEST(bad_values)
{
    static const char *const cats[] = {"a", "b"};
    static const double y[4] = {0, 1, 0, 1};
    static const char *const names[2] = {"u", "v"};
    double x[8] = {1, 2, 3, 1, 4, 4, 2, 3};
    clearn_error err;
    clearn_dataset *ds = clearn_dataset_from_arrays(4, 2, x, names, y, cats, 2, &err), *big;
    clearn_transform *t;
    ck_assert_int_eq(clearn_dataset_set_attr_name(ds, 2, "pc2", &err), CLEARN_OK);
    assert_fit_error("pca", ds, CLEARN_EINVAL, "class attribute 'pc2'");
    clearn_dataset_free(ds);
    for (size_t i = 0; i < 8; i++)
        x[i] = (i % 2 ? -1e300 : 1e300) * (double)(i + 1) / 8;
    ds = table(4, 2, x);
    assert_fit_error("pca solver=full", ds, CLEARN_ERANGE, "too large");
    assert_fit_error("pca solver=covariance", ds, CLEARN_ERANGE, "too large");
    clearn_dataset_free(ds);
    for (size_t i = 0; i < 8; i++)
        x[i] = 1e-150 * (double)((i * 7) % 5);
    ds = table(4, 2, x);
    t = fitted("pca whiten=true", ds);
    for (size_t i = 0; i < 8; i++)
        x[i] = 1e300;
    big = table(4, 2, x);
    ck_assert_ptr_null(clearn_transform_apply(t, big, &err));
    assert_error(err.code, &err, CLEARN_ERANGE, "overflows");
    clearn_dataset_free(big);
    clearn_transform_free(t);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- corrupt payloads -------------------------------------------------------- */

/* The payload of a pca fitted on iris with spec. */
static char *payload(const char *spec)
{
    clearn_error err;
    clearn_dataset *ds = read_data("datasets/iris.csv");
    clearn_transform *t = fitted(spec, ds);
    const char *path = build_path("tests/pca-payload.model");
    FILE *f;
    char buf[8192], *start, *end;
    size_t len;
    ck_assert_int_eq(clearn_transform_save(t, path, &err), CLEARN_OK);
    f = fopen(path, "rb");
    len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    remove(path);
    buf[len] = 0;
    start = strstr(buf, "attributes z");
    end = strstr(buf, "end ");
    ck_assert(start && end);
    *end = 0;
    clearn_transform_free(t);
    clearn_dataset_free(ds);
    return strdup(start);
}

/* Loads text with the type's load into a fresh state: the result code. */
static int load_text(const char *text, clearn_error *err)
{
    const clearn_transform_type *type = clearn_transform_type_find("pca");
    void *st = calloc(1, type->state_size);
    clearn_reader *r = clearn__reader_new(text, strlen(text), "payload");
    int rc = type->load(st, r, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_finish(r, err);
    type->destroy(st);
    clearn__reader_free(r);
    free(st);
    return rc;
}

/* text with the first `from` replaced by `to`. */
static char *replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    char *out;
    ck_assert_msg(at != NULL, "no '%s'", from);
    out = malloc(strlen(text) + strlen(to) + 1);
    memcpy(out, text, (size_t)(at - text));
    strcpy(out + (at - text), to);
    strcat(out, at + strlen(from));
    return out;
}

START_TEST(corrupt_payloads)
{
    static const char *const edits[][3] = {
        {"components z 2", "components z 5", "rows or components"},
        {"components z 2", "components z 0", "rows or components"},
        {"rows z 150", "rows z 1", "rows or components"},
        {"class z 4", "class z 9", "class index"},
        {"attributes z 5", "attributes z 100000000", ""},
        {"attributes z 5", "attributes z 6", "'feature'"},
        {"feature s sepalwidth", "feature s sepallength", "appears twice"},
        {"ratio D 2 3fed967a012d7652", "ratio D 2 7ff8000000000000", "out of range"},
        {"variance D 2 4010e9b8319c030c", "variance D 2 bff0000000000000", "out of range"},
        {"axes D 8 3fd720f53a3b967a", "axes D 8 4000000000000000", "out of range"},
        {"noise d 3", "noise d b", "out of range"},
        {"axes D 8", "axes D 7", ""},
    };
    clearn_error err;
    char *good = payload("pca n_components=2");
    ck_assert_msg(load_text(good, &err) == CLEARN_OK, "%s", err.text);
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        char *bad = replace(good, edits[i][0], edits[i][1]);
        int rc = load_text(bad, &err);
        ck_assert_msg(rc == CLEARN_ECORRUPT, "edit %zu: code %d (%s)", i, rc, err.text);
        ck_assert_msg(strstr(err.text, edits[i][2]) != NULL, "edit %zu: %s", i, err.text);
        free(bad);
    }
    for (size_t cut = 0; cut + 1 < strlen(good); cut += 7) {
        char *bad = strdup(good);
        bad[cut] = 0;
        ck_assert_int_eq(load_text(bad, &err), CLEARN_ECORRUPT);
        free(bad);
    }
    free(good);
}
END_TEST

/* ---- allocation failures ---------------------------------------------------- */

static int info_too(const clearn_transform *t, const clearn_dataset *ds, clearn_error *err)
{
    struct info in;
    (void)ds;
    return clearn_pca_info(t, &in.s, in.mean, in.comp, in.var, in.ratio, in.sv, err);
}

/* fit, apply, inverse, clearn_pca_info, model file (tests/testutil.h) */
static void alloc_failures_for(const char *spec, const clearn_dataset *ds)
{
    tu_transform_nomem(spec, ds, "pca", info_too);
}

START_TEST(alloc_failures)
{
    clearn_dataset *ds = read_data("datasets/iris.csv");
    alloc_failures_for("pca solver=full", ds);
    alloc_failures_for("pca solver=covariance n_components=2 whiten=true", ds);
    alloc_failures_for("pca n_components=0.95", ds);
    tu_estimator_nomem("pca n_components=2 | knn k=3", ds, "pca", NULL);
    clearn_dataset_free(ds);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pca");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, iris_full);
    tcase_add_test(tc, iris_covariance);
    tcase_add_test(tc, iris_whiten_inverse);
    tcase_add_test(tc, iris_fraction);
    tcase_add_test(tc, weka_iris);
    tcase_add_test(tc, inverse_round_trip);
    tcase_add_test(tc, solvers_agree);
    tcase_add_test(tc, wide_data);
    tcase_add_test(tc, class_position);
    tcase_add_test(tc, no_class);
    tcase_add_test(tc, constant_data);
    tcase_add_test(tc, pipeline_knn);
    tcase_add_test(tc, model_file);
    tcase_add_test(tc, bad_data);
    tcase_add_test(tc, bad_parameters);
    tcase_add_test(tc, bad_use);
    tcase_add_test(tc, bad_values);
    tcase_add_test(tc, corrupt_payloads);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
