/* Tests of the discretize transform (lib/discretize.c).
 *
 * Weka's cut points come from this Java program (Weka 3.6, Java 17's
 * single-file launcher), WekaCuts.java:
 *   import weka.core.*; import weka.filters.Filter;
 *   import weka.core.converters.ConverterUtils.DataSource;
 *   public class WekaCuts { public static void main(String[] a) throws Exception {
 *     Instances d = DataSource.read(a[0]); d.setClassIndex(d.numAttributes() - 1);
 *     boolean sup = a[1].equals("supervised");
 *     weka.filters.supervised.attribute.Discretize s = new ...supervised...Discretize();
 *     weka.filters.unsupervised.attribute.Discretize u = new ...unsupervised...Discretize();
 *     if (!sup) u.setBins(Integer.parseInt(a[2]));
 *     Filter f = sup ? s : u; f.setInputFormat(d); Filter.useFilter(d, f);
 *     for (int j = 0; j < d.numAttributes() - 1; j++) if (d.attribute(j).isNumeric()) {
 *       double[] c = sup ? s.getCutPoints(j) : u.getCutPoints(j);
 *       print d.attribute(j).name() and Double.toHexString of each c[i] } } }
 * run as
 *   java -cp /usr/share/java/weka.jar WekaCuts.java datasets/iris.arff supervised
 *   java -cp /usr/share/java/weka.jar WekaCuts.java datasets/glass.arff supervised
 *   java -cp /usr/share/java/weka.jar WekaCuts.java datasets/iris.arff width 10
 * (class = last attribute; default options). The same comparison on every
 * numeric attribute of pima, ionosphere, credit-g, labor, glass and cpu
 * (mdl, and width with 3 and 10 bins) gave identical cut points.
 * The interval names are those of
 *   java -cp /usr/share/java/weka.jar weka.filters.supervised.attribute.Discretize \
 *        -i datasets/iris.arff -c last
 * without the single quotes Weka 3.6 puts inside each value.
 *
 * scikit-learn 1.2.1's edges (interior ones) come from
 *   X = np.loadtxt("datasets/iris.csv", delimiter=",", skiprows=1, usecols=(0, 1, 2, 3))
 *   k = KBinsDiscretizer(n_bins=b, encode="ordinal", strategy=s).fit(X)
 *   for e in k.bin_edges_: print([float(v).hex() for v in e[1:-1]])
 * for s in uniform, quantile and b in 5, 10. */
#include "config.h"
#include <math.h>
#include <unistd.h>
#include "testutil.h"
#include "internal.h"

static clearn_transform *fitted(const char *spec, const clearn_dataset *ds)
{
    clearn_error err;
    clearn_transform *t = clearn_transform_new(spec, &err);
    ck_assert_msg(t != NULL, "%s: %s", spec, err.text);
    ck_assert_msg(clearn_transform_fit(t, ds, &err) == CLEARN_OK, "%s: %s", spec, err.text);
    return t;
}

/* Asserts that attribute j's cut points are exactly want[0..n). */
static void assert_cuts(const clearn_transform *t, size_t j, const double *want, size_t n)
{
    clearn_error err;
    double got[64];
    size_t m = 99;
    ck_assert_msg(clearn_discretize_cuts(t, j, got, 64, &m, &err) == CLEARN_OK, "%s", err.text);
    ck_assert_uint_eq(m, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(got[i] == want[i], "attribute %zu cut %zu: %a, want %a", j, i, got[i],
                      want[i]);
}

static void assert_names(const clearn_dataset *out, size_t j, const char *const *names,
                         size_t n)
{
    ck_assert_int_eq(clearn_dataset_attr_kind(out, j), CLEARN_NOMINAL);
    ck_assert_uint_eq(clearn_dataset_categories(out, j), n);
    for (size_t c = 0; c < n; c++)
        ck_assert_str_eq(clearn_dataset_category(out, j, c), names[c]);
}

static clearn_dataset *apply(const clearn_transform *t, const clearn_dataset *ds)
{
    clearn_error err;
    clearn_dataset *out = clearn_transform_apply(t, ds, &err);
    ck_assert_msg(out != NULL, "%s", err.text);
    return out;
}

START_TEST(mdl_iris_weka)
{
    static const double cuts[4][2] = {
        {0x1.6333333333333p2, 0x1.899999999999ap2}, {0x1.799999999999ap1, 0x1.accccccccccccp1},
        {0x1.399999999999ap1, 0x1.3p2}, {0x1.999999999999ap-1, 0x1.cp0}};
    static const char *const n0[] = {"(-inf-5.55]", "(5.55-6.15]", "(6.15-inf)"};
    static const char *const n1[] = {"(-inf-2.95]", "(2.95-3.35]", "(3.35-inf)"};
    static const char *const n2[] = {"(-inf-2.45]", "(2.45-4.75]", "(4.75-inf)"};
    static const char *const n3[] = {"(-inf-0.8]", "(0.8-1.75]", "(1.75-inf)"};
    clearn_dataset *ds = tu_dataset("iris.arff", NULL), *out;
    clearn_transform *t = fitted("discretize method=mdl", ds);
    for (size_t j = 0; j < 4; j++)
        assert_cuts(t, j, cuts[j], 2);
    out = apply(t, ds);
    assert_names(out, 0, n0, 3);
    assert_names(out, 1, n1, 3);
    assert_names(out, 2, n2, 3);
    assert_names(out, 3, n3, 3);
    ck_assert_uint_eq(clearn_dataset_class(out), 4);
    ck_assert_uint_eq(clearn_dataset_categories(out, 4), 3);
    /* Weka's first two data rows: (-inf-5.55] (3.35-inf) (-inf-2.45] (-inf-0.8]
     * and (-inf-5.55] (2.95-3.35] (-inf-2.45] (-inf-0.8] */
    {
        static const double r0[] = {0, 2, 0, 0, 0}, r1[] = {0, 1, 0, 0, 0};
        for (size_t j = 0; j < 5; j++) {
            ck_assert_double_eq(clearn_dataset_get(out, 0, j), r0[j]);
            ck_assert_double_eq(clearn_dataset_get(out, 1, j), r1[j]);
        }
    }
    clearn_dataset_free(out);
    clearn_transform_free(t);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(mdl_glass_weka)
{
    static const double ri[] = {0x1.8470110a137f4p0, 0x1.849aaa3ad18d2p0},
                        na[] = {0x1.c2147ae147ae1p3}, mg[] = {0x1.58f5c28f5c29p1},
                        al[] = {0x1.63d70a3d70a3dp0, 0x1.c666666666666p0},
                        k[] = {0x1.c28f5c28f5c29p-5, 0x1.3ae147ae147aep-1, 0x1.7d70a3d70a3d7p-1},
                        ca[] = {0x1.c147ae147ae14p2, 0x1.0a147ae147ae2p3, 0x1.4266666666666p3},
                        ba[] = {0x1.570a3d70a3d71p-2};
    static const char *const all[] = {"All"};
    clearn_dataset *ds = tu_dataset("glass.arff", NULL), *out;
    clearn_transform *t = fitted("discretize method=mdl", ds);
    assert_cuts(t, 0, ri, 2);
    assert_cuts(t, 1, na, 1);
    assert_cuts(t, 2, mg, 1);
    assert_cuts(t, 3, al, 2);
    assert_cuts(t, 4, NULL, 0);
    assert_cuts(t, 5, k, 3);
    assert_cuts(t, 6, ca, 3);
    assert_cuts(t, 7, ba, 1);
    assert_cuts(t, 8, NULL, 0);
    out = apply(t, ds);
    assert_names(out, 4, all, 1);   /* Si: no cut point */
    assert_names(out, 8, all, 1);   /* Fe */
    for (size_t i = 0; i < clearn_dataset_rows(out); i++)
        ck_assert_double_eq(clearn_dataset_get(out, i, 4), 0);
    clearn_dataset_free(out);
    clearn_transform_free(t);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(width_iris_weka)
{
    static const double cuts[4][9] = {
        {0x1.2a3d70a3d70a4p2, 0x1.4147ae147ae14p2, 0x1.5851eb851eb85p2, 0x1.6f5c28f5c28f6p2,
         0x1.8666666666666p2, 0x1.9d70a3d70a3d7p2, 0x1.b47ae147ae148p2, 0x1.cb851eb851eb8p2,
         0x1.e28f5c28f5c29p2},
        {0x1.1eb851eb851ecp1, 0x1.3d70a3d70a3d7p1, 0x1.5c28f5c28f5c3p1, 0x1.7ae147ae147aep1,
         0x1.999999999999ap1, 0x1.b851eb851eb86p1, 0x1.d70a3d70a3d72p1, 0x1.f5c28f5c28f5dp1,
         0x1.0a3d70a3d70a4p2},
        {0x1.970a3d70a3d71p0, 0x1.170a3d70a3d71p1, 0x1.628f5c28f5c2ap1, 0x1.ae147ae147ae2p1,
         0x1.f99999999999ap1, 0x1.228f5c28f5c2ap2, 0x1.4851eb851eb86p2, 0x1.6e147ae147ae2p2,
         0x1.93d70a3d70a3ep2},
        {0x1.5c28f5c28f5c2p-2, 0x1.28f5c28f5c28fp-1, 0x1.a3d70a3d70a3dp-1, 0x1.0f5c28f5c28f6p0,
         0x1.4cccccccccccdp0, 0x1.8a3d70a3d70a4p0, 0x1.c7ae147ae147bp0, 0x1.028f5c28f5c29p1,
         0x1.2147ae147ae15p1}};
    /* java ... weka.filters.unsupervised.attribute.Discretize -i datasets/iris.arff */
    static const char *const n0[] = {"(-inf-4.66]", "(4.66-5.02]", "(5.02-5.38]", "(5.38-5.74]",
                                     "(5.74-6.1]", "(6.1-6.46]", "(6.46-6.82]", "(6.82-7.18]",
                                     "(7.18-7.54]", "(7.54-inf)"};
    clearn_dataset *ds = tu_dataset("iris.arff", NULL), *out;
    clearn_transform *t = fitted("discretize", ds);
    for (size_t j = 0; j < 4; j++)
        assert_cuts(t, j, cuts[j], 9);
    out = apply(t, ds);
    assert_names(out, 0, n0, 10);
    /* Weka's first row: (5.02-5.38] (3.44-3.68] (-inf-1.59] (-inf-0.34] */
    ck_assert_double_eq(clearn_dataset_get(out, 0, 0), 2);
    ck_assert_double_eq(clearn_dataset_get(out, 0, 1), 6);
    ck_assert_double_eq(clearn_dataset_get(out, 0, 2), 0);
    ck_assert_double_eq(clearn_dataset_get(out, 0, 3), 0);
    clearn_dataset_free(out);
    clearn_transform_free(t);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(sklearn_edges)
{
    static const double u5[4][4] = {
        {0x1.4147ae147ae14p+2, 0x1.6f5c28f5c28f6p+2, 0x1.9d70a3d70a3d7p+2, 0x1.cb851eb851eb8p+2},
        {0x1.3d70a3d70a3d7p+1, 0x1.7ae147ae147aep+1, 0x1.b851eb851eb86p+1, 0x1.f5c28f5c28f5dp+1},
        {0x1.170a3d70a3d71p+1, 0x1.ae147ae147ae2p+1, 0x1.228f5c28f5c2ap+2, 0x1.6e147ae147ae2p+2},
        {0x1.28f5c28f5c28fp-1, 0x1.0f5c28f5c28f6p+0, 0x1.8a3d70a3d70a4p+0, 0x1.028f5c28f5c29p+1}};
    static const double q5[4][4] = {
        {0x1.4000000000000p+2, 0x1.6666666666666p+2, 0x1.8666666666666p+2, 0x1.a147ae147ae15p+2},
        {0x1.599999999999ap+1, 0x1.8000000000000p+1, 0x1.8cccccccccccdp+1, 0x1.b333333333333p+1},
        {0x1.8000000000000p+0, 0x1.f333333333333p+1, 0x1.28f5c28f5c28ep+2, 0x1.547ae147ae148p+2},
        {0x1.999999999999ap-3, 0x1.28f5c28f5c290p+0, 0x1.8000000000000p+0, 0x1.e666666666666p+0}};
    /* quantile, 10 bins: edges closer than 1e-8 are dropped (sepalwidth and
     * petalwidth keep 8 cut points) */
    static const double q10a[] = {0x1.3333333333333p+2, 0x1.4000000000000p+2,
                                  0x1.5147ae147ae14p+2, 0x1.6666666666666p+2,
                                  0x1.7333333333333p+2, 0x1.8666666666666p+2,
                                  0x1.9333333333333p+2, 0x1.a147ae147ae15p+2,
                                  0x1.b99999999999ap+2};
    static const double q10b[] = {0x1.4000000000000p+1, 0x1.599999999999ap+1,
                                  0x1.6666666666666p+1, 0x1.8000000000000p+1,
                                  0x1.8cccccccccccdp+1, 0x1.999999999999ap+1,
                                  0x1.b333333333333p+1, 0x1.ce147ae147ae0p+1};
    static const double q10d[] = {0x1.999999999999ap-3, 0x1.999999999999ap-2,
                                  0x1.28f5c28f5c290p+0, 0x1.4cccccccccccdp+0,
                                  0x1.8000000000000p+0, 0x1.ccccccccccccdp+0,
                                  0x1.e666666666666p+0, 0x1.199999999999ap+1};
    clearn_dataset *ds = tu_dataset("iris.csv", "class");
    clearn_transform *u = fitted("discretize method=width bins=5", ds);
    clearn_transform *q = fitted("discretize method=frequency bins=5", ds);
    clearn_transform *q10 = fitted("discretize method=frequency bins=10", ds);
    for (size_t j = 0; j < 4; j++) {
        assert_cuts(u, j, u5[j], 4);
        assert_cuts(q, j, q5[j], 4);
    }
    assert_cuts(q10, 0, q10a, 9);
    assert_cuts(q10, 1, q10b, 8);
    assert_cuts(q10, 3, q10d, 8);
    clearn_transform_free(u);
    clearn_transform_free(q);
    clearn_transform_free(q10);
    clearn_dataset_free(ds);
}
END_TEST

/* Right-closed intervals, values outside the training range, missing
 * values, nominal attributes and a numeric class pass through. */
START_TEST(categories)
{
    clearn_dataset *train = tu_arff("@relation r\n@attribute a numeric\n@attribute b {x,y}\n"
                                    "@attribute c numeric\n@data\n0,x,1\n1,y,2\n2,x,3\n"
                                    "3,y,4\n4,x,5\n");
    clearn_dataset *test = tu_arff("@relation r\n@attribute a numeric\n@attribute b {x,y}\n"
                                   "@attribute c numeric\n@data\n-7,y,9\n1,x,9\n1.0001,?,9\n"
                                   "?,x,9\n99,y,?\n");
    static const char *const names[] = {"(-inf-1]", "(1-2]", "(2-3]", "(3-inf)"};
    static const double want[5] = {0, 0, 1, NAN, 3};
    clearn_transform *t = fitted("discretize bins=4", train);
    clearn_dataset *out = apply(t, test);
    assert_names(out, 0, names, 4);
    ck_assert_int_eq(clearn_dataset_attr_kind(out, 1), CLEARN_NOMINAL);
    ck_assert_int_eq(clearn_dataset_attr_kind(out, 2), CLEARN_NUMERIC);
    ck_assert_uint_eq(clearn_dataset_class(out), 2);
    for (size_t i = 0; i < 5; i++) {
        double v = clearn_dataset_get(out, i, 0);
        ck_assert(isnan(want[i]) ? isnan(v) : v == want[i]);
        if (i != 2)
            ck_assert_double_eq(clearn_dataset_get(out, i, 1), clearn_dataset_get(test, i, 1));
    }
    ck_assert(isnan(clearn_dataset_get(out, 2, 1)));
    ck_assert(isnan(clearn_dataset_get(out, 4, 2)));
    clearn_dataset_free(out);
    clearn_transform_free(t);
    clearn_dataset_free(train);
    clearn_dataset_free(test);
}
END_TEST

/* Names: 6 decimals rounded half up; negative numbers; cut points that
 * print the same fall back to exact names; a constant column is "All". */
START_TEST(names)
{
    clearn_dataset *ds = tu_arff("@relation r\n@attribute a numeric\n@attribute b numeric\n"
                                 "@attribute k numeric\n@attribute c {p,q}\n@data\n"
                                 "-1,0,5,p\n0,0.0000001,5,q\n-1,0,5,p\n0,0.0000001,5,q\n");
    static const char *const a[] = {"(-inf--0.5]", "(-0.5-inf)"};
    static const char *const b[] = {"(-inf-3.3333333333333334e-08]",
                                    "(3.3333333333333334e-08-6.666666666666667e-08]",
                                    "(6.666666666666667e-08-inf)"};
    static const char *const k[] = {"All"};
    clearn_transform *t2 = fitted("discretize bins=2", ds), *t3 = fitted("discretize bins=3", ds);
    clearn_dataset *o2 = apply(t2, ds), *o3 = apply(t3, ds);
    assert_names(o2, 0, a, 2);
    assert_names(o3, 1, b, 3);
    assert_names(o2, 2, k, 1);
    clearn_dataset_free(o2);
    clearn_dataset_free(o3);
    clearn_transform_free(t2);
    clearn_transform_free(t3);
    clearn_dataset_free(ds);
}
END_TEST

/* Names with negative cut points, against Weka's header lines
 *   java -cp weka.jar weka.filters.unsupervised.attribute.Discretize -i datasets/ionosphere.arff
 *   java -cp weka.jar weka.filters.supervised.attribute.Discretize -c last -i datasets/ionosphere.arff
 * (every attribute of pima, ionosphere, glass and labor was compared the
 * same way, for both filters, when this was written: all equal). */
START_TEST(names_weka)
{
    static const char *const w3[] = {"(-inf--0.8]", "(-0.8--0.6]", "(-0.6--0.4]", "(-0.4--0.2]",
                                     "(-0.2-0]", "(0-0.2]", "(0.2-0.4]", "(0.4-0.6]",
                                     "(0.6-0.8]", "(0.8-inf)"};
    static const char *const m4[] = {"(-inf--0.609635]", "(-0.609635--0.00017]",
                                     "(-0.00017-0.007075]", "(0.007075-0.74685]",
                                     "(0.74685-inf)"};
    static const char *const m6[] = {"(-inf--0.79531]", "(-0.79531--0.217515]",
                                     "(-0.217515--0.000715]", "(-0.000715-0.00101]",
                                     "(0.00101-0.82509]", "(0.82509-inf)"};
    static const char *const all[] = {"All"};
    clearn_dataset *ds = tu_dataset("ionosphere.arff", NULL), *w, *m;
    clearn_transform *tw = fitted("discretize", ds), *tm = fitted("discretize method=mdl", ds);
    w = apply(tw, ds);
    m = apply(tm, ds);
    assert_names(w, 1, all, 1);
    assert_names(w, 2, w3, 10);
    assert_names(m, 3, m4, 5);
    assert_names(m, 5, m6, 6);
    clearn_dataset_free(w);
    clearn_dataset_free(m);
    clearn_transform_free(tw);
    clearn_transform_free(tm);
    clearn_dataset_free(ds);
}
END_TEST

static double train_accuracy(const char *spec, const clearn_dataset *ds)
{
    clearn_error err;
    clearn_estimator *e = tu_fitted(spec, ds), *back;
    size_t n = clearn_dataset_rows(ds);
    double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q), *y = malloc(n * sizeof *y);
    double acc;
    const char *path = build_path("tests/discretize_model.tmp");
    ck_assert_msg(clearn_estimator_predict(e, ds, p, &err) == CLEARN_OK, "%s", err.text);
    ck_assert_msg(clearn_estimator_save(e, path, &err) == CLEARN_OK, "%s", err.text);
    back = clearn_estimator_load(path, &err);
    ck_assert_msg(back != NULL, "%s", err.text);
    ck_assert_msg(clearn_estimator_predict(back, ds, q, &err) == CLEARN_OK, "%s", err.text);
    for (size_t i = 0; i < n; i++) {
        ck_assert_double_eq(p[i], q[i]);
        y[i] = clearn_dataset_get(ds, i, clearn_dataset_class(ds));
    }
    ck_assert(clearn_metric_accuracy(y, p, n, 3, &acc, &err) == CLEARN_OK);
    unlink(path);
    clearn_estimator_free(e);
    clearn_estimator_free(back);
    free(p);
    free(q);
    free(y);
    return acc;
}

START_TEST(pipelines)
{
    clearn_dataset *ds = tu_dataset("iris.arff", NULL);
    /* Training accuracy as Weka's (142 and 145 of 150):
     *   java -cp weka.jar weka.classifiers.meta.FilteredClassifier \
     *     -F "weka.filters.supervised.attribute.Discretize -R first-last" \
     *     -W weka.classifiers.bayes.NaiveBayes -t datasets/iris.arff -T datasets/iris.arff -o
     * and the same with -W weka.classifiers.trees.Id3. */
    ck_assert_double_eq_tol(train_accuracy("discretize method=mdl | naive_bayes", ds),
                            142.0 / 150, 1e-15);
    ck_assert_double_eq_tol(train_accuracy("discretize method=mdl | id3", ds), 145.0 / 150,
                            1e-15);
    ck_assert_double_ge(train_accuracy("discretize bins=5 | id3", ds), 0.9);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(round_trip)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("glass.arff", NULL), *a, *b;
    clearn_transform *t = fitted("discretize method=mdl", ds), *back;
    const char *path = build_path("tests/discretize_transform.tmp");
    ck_assert_msg(clearn_transform_save(t, path, &err) == CLEARN_OK, "%s", err.text);
    back = clearn_transform_load(path, &err);
    ck_assert_msg(back != NULL, "%s", err.text);
    a = apply(t, ds);
    b = apply(back, ds);
    ck_assert(clearn_dataset_same_schema(a, b));
    ck_assert_int_eq(memcmp(clearn_dataset_data(a), clearn_dataset_data(b),
                            clearn_dataset_rows(a) * clearn_dataset_attrs(a) * sizeof(double)),
                     0);
    unlink(path);
    clearn_dataset_free(a);
    clearn_dataset_free(b);
    clearn_transform_free(t);
    clearn_transform_free(back);
    clearn_dataset_free(ds);
}
END_TEST

static void expect_fit_error(const char *spec, const clearn_dataset *ds, int code,
                             const char *text)
{
    clearn_error err;
    clearn_transform *t = clearn_transform_new(spec, &err);
    ck_assert_msg(t != NULL, "%s", err.text);
    ck_assert_int_eq(clearn_transform_fit(t, ds, &err), code);
    ck_assert_msg(strstr(err.text, text) != NULL, "%s", err.text);
    clearn_transform_free(t);
}

START_TEST(bad_input)
{
    clearn_error err;
    clearn_dataset *iris = tu_dataset("iris.arff", NULL);
    clearn_dataset *cpu = tu_dataset("cpu.arff", NULL), *noclass, *other, *one;
    clearn_transform *t;
    size_t n;
    /* mdl needs a nominal class */
    expect_fit_error("discretize method=mdl", cpu, CLEARN_EINVAL, "class 'class' is numeric");
    noclass = clearn_dataset_copy(iris, &err);
    clearn_dataset_set_class(noclass, CLEARN_NONE, &err);
    expect_fit_error("discretize method=mdl", noclass, CLEARN_EINVAL, "has no class");
    /* parameters */
    ck_assert_ptr_null(clearn_transform_new("discretize bins=0", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.text, "bins"));
    ck_assert_ptr_null(clearn_transform_new("discretize method=kmeans", &err));
    ck_assert_ptr_nonnull(strstr(err.text, "width"));
    /* one row, and huge values */
    one = tu_arff("@relation r\n@attribute a numeric\n@attribute c {p,q}\n@data\n3,p\n");
    t = fitted("discretize method=mdl", one);
    ck_assert(clearn_discretize_cuts(t, 0, NULL, 0, &n, &err) == CLEARN_OK && n == 0);
    ck_assert_int_eq(clearn_discretize_cuts(t, 1, NULL, 0, &n, &err), CLEARN_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.text, "not a discretized attribute"));
    clearn_transform_free(t);
    clearn_dataset_free(one);
    one = tu_arff("@relation r\n@attribute a numeric\n@attribute c {p,q}\n@data\n"
                  "-1e308,p\n1e308,q\n");
    expect_fit_error("discretize", one, CLEARN_ERANGE, "attribute 'a'");
    clearn_dataset_free(one);
    /* schema: data with other attributes */
    t = fitted("discretize", iris);
    other = tu_arff("@relation r\n@attribute sepallength numeric\n@data\n1\n");
    ck_assert_ptr_null(clearn_transform_apply(t, other, &err));
    ck_assert_int_eq(err.code, CLEARN_ESCHEMA);
    ck_assert_int_eq(clearn_discretize_cuts(NULL, 0, NULL, 0, &n, &err), CLEARN_EINVAL);
    clearn_transform_free(t);
    t = clearn_transform_new("discretize", &err);
    ck_assert_int_eq(clearn_discretize_cuts(t, 0, NULL, 0, &n, &err), CLEARN_ENOTFIT);
    clearn_transform_free(t);
    clearn_dataset_free(other);
    clearn_dataset_free(noclass);
    clearn_dataset_free(cpu);
    clearn_dataset_free(iris);
}
END_TEST

/* The saved payload of t (stage, schema, payload) as text (free). */
static char *payload_text(const clearn_transform *t)
{
    clearn_error err;
    clearn_writer *w = clearn__writer_new();
    size_t len;
    char *text;
    ck_assert_int_eq(clearn__transform_save(t, w, &err), CLEARN_OK);
    text = strdup(clearn__writer_data(w, &len));
    clearn__writer_free(w);
    return text;
}

/* text with the first `from` replaced by `to` fails to load with
 * CLEARN_ECORRUPT and a message containing want. */
static void expect_corrupt(const char *text, const char *from, const char *to, const char *want)
{
    clearn_error err;
    const char *at = strstr(text, from);
    size_t pre, len;
    char *doc;
    clearn_reader *r;
    ck_assert_msg(at != NULL, "no '%s' in the payload", from);
    pre = (size_t)(at - text);
    len = strlen(text) - strlen(from) + strlen(to);
    doc = malloc(len + 1);
    memcpy(doc, text, pre);
    strcpy(doc + pre, to);
    strcat(doc, at + strlen(from));
    r = clearn__reader_new(doc, len, "payload");
    ck_assert_ptr_null(clearn__transform_load(r, &err));
    ck_assert_int_eq(err.code, CLEARN_ECORRUPT);
    ck_assert_msg(strstr(err.text, want) != NULL, "%s -> %s: %s", from, to, err.text);
    clearn__reader_free(r);
    free(doc);
}

START_TEST(corrupt_payload)
{
    clearn_dataset *ds = tu_dataset("iris.arff", NULL);
    clearn_transform *t = fitted("discretize method=mdl", ds);
    char *text = payload_text(t);
    /* the payload is "d z 5", "n_cuts D 5 <hex>...", "cuts D 8 <hex>..." */
    expect_corrupt(text, "n_cuts D 5 4000000000000000", "n_cuts D 5 3ff8000000000000",
                   "bad number of cut points for attribute 0");
    expect_corrupt(text, "n_cuts D 5 4000000000000000", "n_cuts D 5 c000000000000000",
                   "bad number of cut points");
    expect_corrupt(text, "n_cuts D 5 4000000000000000", "n_cuts D 5 4008000000000000", "cuts");
    expect_corrupt(text, "d z 5", "d z 99999999999", "n_cuts");
    expect_corrupt(text, "4016333333333333 401899999999999a", "401899999999999a 4016333333333333",
                   "not finite and increasing");
    expect_corrupt(text, "4016333333333333", "7ff0000000000000", "not finite and increasing");
    free(text);
    clearn_transform_free(t);
    clearn_dataset_free(ds);
}
END_TEST

static int cuts_too(const clearn_transform *t, const clearn_dataset *ds, clearn_error *err)
{
    size_t n;
    (void)ds;
    return clearn_discretize_cuts(t, 0, NULL, 0, &n, err);
}

static void alloc_failures_for(const char *spec, const clearn_dataset *ds)
{
    tu_transform_nomem(spec, ds, "discretize", cuts_too);
}

START_TEST(alloc_failures)
{
    clearn_dataset *ds = tu_dataset("iris.arff", NULL);
    alloc_failures_for("discretize method=mdl", ds);
    alloc_failures_for("discretize method=frequency bins=4", ds);
    alloc_failures_for("discretize bins=3", ds);
    clearn_dataset_free(ds);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("discretize");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, mdl_iris_weka);
    tcase_add_test(tc, mdl_glass_weka);
    tcase_add_test(tc, width_iris_weka);
    tcase_add_test(tc, sklearn_edges);
    tcase_add_test(tc, categories);
    tcase_add_test(tc, names);
    tcase_add_test(tc, names_weka);
    tcase_add_test(tc, pipelines);
    tcase_add_test(tc, round_trip);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, corrupt_payload);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
