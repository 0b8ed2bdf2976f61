/* Tests of k-means clustering (lib/kmeans.c, include/clearn/cluster.h).
 *
 * Reference values: scikit-learn 1.2.1 (/usr/bin/python3), KMeans with
 * explicit starting centres, which init=first reproduces:
 *
 *   import numpy as np, pandas as pd
 *   from sklearn.cluster import KMeans
 *   X = pd.read_csv(PATH).drop(columns=["class"]).to_numpy(dtype=float)
 *   km = KMeans(n_clusters=K, init=X[:K], n_init=1, algorithm="lloyd",
 *               tol=TOL, max_iter=MAX_ITER).fit(X)
 *   print(km.n_iter_, "%.17g" % km.inertia_, "".join(map(str, km.labels_)))
 *   for c in km.cluster_centers_: print(" ".join("%.17g" % v for v in c))
 *
 * with PATH datasets/iris.csv or datasets/wine.csv (tol 1e-4 and max_iter
 * 300 unless a test says otherwise), and on BLOBS, 60 rows whose first two
 * are equal, so that cluster 1 is empty after the first assignment and is
 * relocated:
 *
 *   rng = np.random.RandomState(7)
 *   Y = np.vstack([rng.normal(c, 0.8, size=(20, 2))
 *                  for c in ((0, 0), (5, 1), (2, 6))])
 *   Y = np.round(Y[rng.permutation(60)], 2); Y[1] = Y[0]
 *
 * scikit-learn's predict(X) equals labels_ in every case here. The best
 * iris clustering for k=3 (inertia 78.851441426145996) is KMeans(
 * n_clusters=3, n_init=1, random_state=4).fit(X).inertia_. */
#include "config.h"
#include <math.h>
#include <stddef.h>
#include <clearn/cluster.h>
#include "testutil.h"
#include "internal.h"

static const double blobs[60 * 2] = {
    5.27, 1.59, 5.27, 1.59, 5.31, 2.8, 5.08, 1.2, 5.67, 0.86, 4.85, -0.42,
    3.63, -0.44, 1.31, 6.3, 1.32, 0.12, 6.2, 0.77, 4.7, -0.53, -0.63, 0,
    1.73, 5.62, 1.01, 6.15, 1.99, 5.94, -0.59, 0.86, -0.96, 1.17, 0.44, 0.1,
    0.03, 0.33, 6.2, 0.83, 1.35, -0.37, 2.44, 6.54, 2.84, 6.45, 6.53, 1.19,
    4.76, 0.06, -0.04, -1.16, 1.77, 6.24, -1.65, -0.53, 3.22, 6.54, 0.4, -0.21,
    0.81, 0.48, 4.89, 0.75, 3.37, 5.63, 4.05, 0.16, 2.39, 5.54, 1.46, 5.96,
    -0.0, -1.4, 5.22, 0.58, 2.31, 4.85, 1.41, -0.26, -0.32, -1.83, 0.84, -0.33,
    3.81, 6.7, -0.19, -1.16, 4.92, 2.36, 3.14, 6.13, 4.92, 1.95, 1.48, 7.4,
    3.85, 1.4, 2.02, 5.66, 5.09, 2.15, 2.52, 6.72, 4.69, 0.29, 1.84, 5.53,
    -0.31, 1.62, 2.33, 5.26, -1.32, 0.43, 5.45, 0.4, -0.5, -0.14, 1.76, 7.04,
};

/* ---- helpers ------------------------------------------------------------------- */

/* A data file of datasets/ without its class attribute. */
static clearn_dataset *features_of(const char *name)
{
    clearn_dataset *ds = tu_dataset(name, "none"), *out;
    size_t d = clearn_dataset_attrs(ds), cols[64], n = 0;
    clearn_error err;
    for (size_t j = 0; j < d; j++)
        if (strcmp(clearn_dataset_attr_name(ds, j), "class"))
            cols[n++] = j;
    out = clearn_dataset_select(ds, cols, n, &err);
    ck_assert_msg(out != NULL, "%s", err.text);
    clearn_dataset_free(ds);
    return out;
}

static clearn_dataset *table(size_t n, size_t d, const double *x)
{
    clearn_error err;
    clearn_dataset *ds = clearn_dataset_from_arrays(n, d, x, NULL, NULL, NULL, 0, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    return ds;
}

/* n x d uniform values in [0, 1) scaled by scale and moved by shift. */
static double *values(size_t n, size_t d, uint64_t seed, double scale, double shift)
{
    clearn_rng r;
    double *x = malloc(n * d * sizeof *x);
    ck_assert_ptr_nonnull(x);
    clearn_rng_seed(&r, seed, 0);
    for (size_t i = 0; i < n * d; i++)
        x[i] = shift + scale * clearn_rng_uniform(&r);
    return x;
}

static double *predict(const clearn_estimator *e, const clearn_dataset *ds)
{
    clearn_error err;
    double *out = malloc((clearn_dataset_rows(ds) + 1) * sizeof *out);
    ck_assert_ptr_nonnull(out);
    ck_assert_msg(clearn_estimator_predict(e, ds, out, &err) == CLEARN_OK, "%s", err.text);
    return out;
}

/* The predictions as a string of digits (k <= 10). */
static void label_text(const clearn_estimator *e, const clearn_dataset *ds, char *buf)
{
    size_t n = clearn_dataset_rows(ds);
    double *p = predict(e, ds);
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)('0' + (int)p[i]);
    buf[n] = '\0';
    free(p);
}

/* Compares a fitted model with scikit-learn's labels, centres (to 1e-10
 * relative to the largest centre value), inertia (1e-12 relative) and
 * iteration count. */
static void expect_model(const clearn_estimator *e, const clearn_dataset *ds, const char *labels,
                         const double *centres, double inertia, size_t iterations)
{
    clearn_kmeans_stats st;
    clearn_error err;
    char buf[1024];
    double c[256], big = 0;
    size_t n;
    ck_assert_int_eq(clearn_kmeans_info(e, &st, &err), CLEARN_OK);
    n = st.k * st.features;
    ck_assert_uint_le(n, 256);
    ck_assert_int_eq(clearn_kmeans_centers(e, c, n, &err), CLEARN_OK);
    ck_assert_uint_eq(st.iterations, iterations);
    ck_assert_uint_eq(st.rows, clearn_dataset_rows(ds));
    ck_assert_msg(fabs(st.inertia - inertia) <= 1e-12 * inertia, "inertia %.17g, expected %.17g",
                  st.inertia, inertia);
    for (size_t i = 0; i < n; i++)
        big = fmax(big, fabs(centres[i]));
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(fabs(c[i] - centres[i]) <= 1e-10 * big, "centre value %zu: %.17g, expected "
                      "%.17g", i, c[i], centres[i]);
    label_text(e, ds, buf);
    ck_assert_str_eq(buf, labels);
}

/* Two fitted models are the same bit for bit (centres, sizes, inertia,
 * iterations) and predict the same on ds. */
static void same_model(const clearn_estimator *a, const clearn_estimator *b,
                       const clearn_dataset *ds)
{
    clearn_kmeans_stats sa, sb;
    clearn_error err;
    size_t n, *za, *zb;
    double *ca, *cb, *pa = predict(a, ds), *pb = predict(b, ds);
    ck_assert_int_eq(clearn_kmeans_info(a, &sa, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_kmeans_info(b, &sb, &err), CLEARN_OK);
    ck_assert_uint_eq(sa.k, sb.k);
    ck_assert_uint_eq(sa.features, sb.features);
    ck_assert_uint_eq(sa.iterations, sb.iterations);
    ck_assert(memcmp(&sa.inertia, &sb.inertia, sizeof sa.inertia) == 0);
    n = sa.k * sa.features;
    ca = malloc(n * sizeof *ca);
    cb = malloc(n * sizeof *cb);
    za = malloc(sa.k * sizeof *za);
    zb = malloc(sa.k * sizeof *zb);
    ck_assert(ca && cb && za && zb);
    ck_assert_int_eq(clearn_kmeans_centers(a, ca, n, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_kmeans_centers(b, cb, n, &err), CLEARN_OK);
    ck_assert(memcmp(ca, cb, n * sizeof *ca) == 0);
    ck_assert_int_eq(clearn_kmeans_sizes(a, za, sa.k, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_kmeans_sizes(b, zb, sa.k, &err), CLEARN_OK);
    ck_assert(memcmp(za, zb, sa.k * sizeof *za) == 0);
    ck_assert(memcmp(pa, pb, clearn_dataset_rows(ds) * sizeof *pa) == 0);
    free(ca);
    free(cb);
    free(za);
    free(zb);
    free(pa);
    free(pb);
}

static double inertia_of(const clearn_estimator *e)
{
    clearn_error err;
    double v = -1;
    ck_assert_int_eq(clearn_kmeans_inertia(e, &v, &err), CLEARN_OK);
    return v;
}

/* ---- scikit-learn, explicit starting centres ---------------------------------------- */

START_TEST(sklearn_iris)
{
    static const double c3[] = {
        6.8538461538461544, 3.0769230769230771, 5.7153846153846155, 2.0538461538461537,
        5.8836065573770489, 2.7409836065573772, 4.388524590163934, 1.4344262295081966,
        5.0060000000000002, 3.4279999999999999, 1.4620000000000002, 0.24600000000000055};
    static const double c5[] = {
        6.9124999999999996, 3.1000000000000001, 5.8468750000000007, 2.1312499999999996,
        6.2365853658536583, 2.8585365853658535, 4.807317073170732, 1.6219512195121952,
        4.704545454545455, 3.1227272727272726, 1.4136363636363631, 0.20000000000000018,
        5.5296296296296292, 2.6222222222222222, 3.9407407407407407, 1.2185185185185186,
        5.2428571428571429, 3.6678571428571427, 1.4999999999999996, 0.28214285714285747};
    /* max_iter=2 */
    static const double c3i2[] = {
        6.5450704225352112, 3, 5.26056338028169, 1.847887323943662,
        5.568965517241379, 2.5586206896551724, 4.0379310344827584, 1.2551724137931035,
        5.0060000000000002, 3.4279999999999999, 1.4620000000000002, 0.24600000000000055};
    clearn_dataset *iris = features_of("iris.csv");
    clearn_estimator *e = tu_fitted("kmeans k=3 init=first", iris);
    expect_model(e, iris,
                 "22222222222222222222222222222222222222222222222222010111111111111111111111111"
                 "0111111111111111111111101000010000001100001010100110000010000100010001001",
                 c3, 78.855665825977312, 12);
    clearn_estimator_free(e);
    e = tu_fitted("kmeans k=5 init=first", iris);
    expect_model(e, iris,
                 "42224424224222444444442422444224442244244224424242111313131333313113131311111"
                 "1133331311133313333313301000030001101100001010100110000011000100010001101",
                 c5, 49.849814510523345, 13);
    clearn_estimator_free(e);
    e = tu_fitted("kmeans k=3 init=first max_iter=2", iris);
    expect_model(e, iris,
                 "22222222222222222222222222222222222222222222222222000101010111101011110101100"
                 "0111110100111111111111100000010000000000000000000000000000000000000000000",
                 c3i2, 86.72282751379241, 2);
    clearn_estimator_free(e);
    clearn_dataset_free(iris);
}
END_TEST

/* tol: scikit-learn's rule (squared centre shifts summed <= tol x the mean
 * feature variance) stops these runs early; tol=0 only when no label
 * changes. */
START_TEST(sklearn_tolerance)
{
    clearn_dataset *iris = features_of("iris.csv");
    static const struct {
        const char *spec, *labels;
        double inertia;
        size_t iterations;
    } cases[] = {
        {"kmeans k=3 init=first tol=0",
         "22222222222222222222222222222222222222222222222222010111111111111111111111111"
         "0111111111111111111111101000010000001100001010100110000010000100010001001",
         78.855665825977312, 12},
        {"kmeans k=3 init=first tol=0.01",
         "22222222222222222222222222222222222222222222222222010101010111111111110101110"
         "0111110110111111111111100000010000000000001010000000000000000000000000000",
         83.579113945743202, 4},
        {"kmeans k=3 init=first tol=0.1",
         "22222222222222222222222222222222222222222222222222000101010111111011110101110"
         "0111110110111111111111100000010000000000001000000000000000000000000000000",
         84.491931385098454, 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        clearn_estimator *e = tu_fitted(cases[i].spec, iris);
        char buf[256];
        size_t it = 0;
        clearn_error err;
        label_text(e, iris, buf);
        ck_assert_str_eq(buf, cases[i].labels);
        ck_assert_int_eq(clearn_kmeans_iterations(e, &it, &err), CLEARN_OK);
        ck_assert_uint_eq(it, cases[i].iterations);
        ck_assert(fabs(inertia_of(e) - cases[i].inertia) <= 1e-12 * cases[i].inertia);
        clearn_estimator_free(e);
    }
    clearn_dataset_free(iris);
}
END_TEST

START_TEST(sklearn_wine)
{
    static const double c3[] = {
        13.369183673469388, 2.3999999999999999, 2.3926530612244896, 18.514285714285712,
        109.08163265306122, 2.4416326530612245, 2.2136734693877549, 0.32551020408163267,
        1.7067346938775509, 5.1883673469387759, 0.95971428571428574, 2.8479591836734692,
        906.34693877551035,
        12.598529411764705, 2.4534313725490198, 2.3218627450980391, 20.646078431372548,
        93.696078431372555, 2.0536274509803922, 1.6475490196078431, 0.39598039215686276,
        1.4250980392156862, 4.6733333235294126, 0.91784313725490196, 2.3948039215686276,
        521.55882352941137,
        13.850740740740742, 1.7785185185185184, 2.4877777777777776, 16.925925925925927,
        105.62962962962963, 2.9414814814814809, 3.1366666666666667, 0.29888888888888887,
        2.007037037037037, 6.275185185185185, 1.1029629629629629, 3.0022222222222221,
        1308.7777777777778};
    static const double c6[] = {
        13.449999999999999, 2.016, 2.3673333333333333, 18.063333333333333, 107.40000000000001,
        2.6603333333333334, 2.6059999999999999, 0.28433333333333333, 1.7909999999999999,
        4.9550000000000001, 1.0172000000000001, 3.0880000000000001, 999.43333333333339,
        12.945, 2.6401785714285713, 2.4067857142857143, 20.007142857142856, 101.66071428571428,
        2.0610714285714287, 1.4753571428571428, 0.40392857142857141, 1.43875,
        5.7094642857142857, 0.86892857142857149, 2.3016071428571427, 694.26785714285711,
        13.779999999999999, 1.7578947368421052, 2.5031578947368422, 16.936842105263157,
        103.94736842105263, 2.838421052631579, 3.0610526315789475, 0.30789473684210528,
        1.9347368421052631, 5.9726315789473681, 1.1047368421052632, 2.9963157894736843,
        1245.2631578947371,
        14.124000000000001, 1.8460000000000001, 2.4039999999999999, 16.48, 106.8,
        3.2520000000000002, 3.5140000000000002, 0.25800000000000001, 2.266,
        7.3300000000000001, 1.1259999999999999, 3.0640000000000001, 1546.4000000000001,
        12.504242424242424, 2.4431818181818183, 2.2837878787878787, 20.777272727272727,
        92.469696969696955, 2.0733333333333333, 1.7954545454545454, 0.3846969696969697,
        1.4718181818181819, 4.0724242272727285, 0.94621212121212117, 2.5048484848484849,
        452.54545454545445,
        13.984999999999999, 1.8300000000000001, 2.5650000000000004, 16.149999999999999, 113.5,
        3.1349999999999998, 3.0899999999999999, 0.36499999999999999, 1.825,
        6.5250000000000004, 1.0899999999999999, 2.8900000000000001, 1412.5};
    clearn_dataset *wine = features_of("wine.csv");
    clearn_estimator *e = tu_fitted("kmeans k=3 init=first", wine);
    expect_model(e, wine,
                 "00220222002222222220000000220022020000000001000002222202022111111111000110011"
                 "10111111111111111101111111111111111111111111111111111111111011110110011111111"
                 "101011111111110111100001",
                 c3, 2633555.3324093386, 13);
    clearn_estimator_free(e);
    e = tu_fitted("kmeans k=6 init=first threads=2", wine);
    expect_model(e, wine,
                 "00231522003222322231110011220023020000011001000002222500022414144144110440044"
                 "41441144444114444401414144414444144144444441444444441144111141111440141144441"
                 "114011414114111144111114",
                 c6, 997329.67957089003, 13);
    clearn_estimator_free(e);
    clearn_dataset_free(wine);
}
END_TEST

/* An empty cluster after the first assignment (rows 0 and 1 are equal,
 * so centre 1 wins no row) is moved to the row farthest from its centre,
 * row 28 (-1.65, -0.53), as scikit-learn does. */
START_TEST(sklearn_empty_cluster)
{
    static const double c1[] = {5.4160000000000004, 1.694, -1.6499999999999995,
                                -0.5299999999999998, 2.4986363636363635, 5.78909090909091,
                                2.2181250000000001, 0.12999999999999989};
    static const double c300[] = {5.0738095238095244, 0.9304761904761909, -0.54000000000000004,
                                  -0.15083333333333293, 2.2370000000000001, 6.1100000000000003,
                                  0.93857142857142861, -0.067142857142857171};
    clearn_dataset *ds = table(60, 2, blobs);
    clearn_estimator *e = tu_fitted("kmeans k=4 init=first max_iter=1", ds);
    expect_model(e, ds, "000000323001222113103220012123302322102313210202020202121012", c1,
                 103.82473676872414, 1);
    clearn_estimator_free(e);
    e = tu_fitted("kmeans k=4 init=first", ds);
    expect_model(e, ds, "000000023001222113103220012123302022102313210202020202121012", c300,
                 63.739330714285714, 6);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- k-means++, random starts, seeds -------------------------------------------------- */

START_TEST(kmeanspp_iris)
{
    clearn_dataset *iris = features_of("iris.csv");
    clearn_estimator *a = tu_fitted("kmeans k=3", iris), *b = tu_fitted("kmeans k=3", iris);
    clearn_estimator *c = tu_fitted("kmeans k=3 seed=1", iris);
    clearn_estimator *r = tu_fitted("kmeans k=3 init=random", iris);
    clearn_estimator *r1 = tu_fitted("kmeans k=3 init=random n_init=1 seed=3", iris);
    size_t sizes[3];
    clearn_error err;
    /* the default seed finds the best clustering */
    ck_assert_msg(fabs(inertia_of(a) - 78.851441426145996) <= 1e-12 * 78.85, "%.17g",
                  inertia_of(a));
    ck_assert_int_eq(clearn_kmeans_sizes(a, sizes, 3, &err), CLEARN_OK);
    ck_assert_uint_eq(sizes[0] + sizes[1] + sizes[2], 150);
    same_model(a, b, iris);
    /* seed=1 finds the other local optimum (scikit-learn's random_state=0
     * does too: 78.855665825977...) */
    ck_assert_msg(fabs(inertia_of(c) - 78.855665825977312) <= 1e-12 * 78.85, "%.17g",
                  inertia_of(c));
    /* ten random starts (n_init auto) find the best one too */
    ck_assert_msg(fabs(inertia_of(r) - 78.851441426145996) <= 1e-12 * 78.85, "%.17g",
                  inertia_of(r));
    ck_assert(inertia_of(r1) >= 78.8514);
    clearn_estimator_free(a);
    clearn_estimator_free(b);
    clearn_estimator_free(c);
    clearn_estimator_free(r);
    clearn_estimator_free(r1);
    clearn_dataset_free(iris);
}
END_TEST

/* Several runs keep the lowest inertia; the same seed gives the same
 * model, another seed another model. */
START_TEST(seeds_and_runs)
{
    size_t n = 400, d = 3;
    double *x = values(n, d, 11, 10, 0);
    clearn_dataset *ds = table(n, d, x);
    double best = INFINITY, ten;
    clearn_estimator *e;
    for (int s = 0; s < 5; s++) {
        char spec[64];
        snprintf(spec, sizeof spec, "kmeans k=9 init=random n_init=1 seed=%d", s);
        e = tu_fitted(spec, ds);
        best = fmin(best, inertia_of(e));
        clearn_estimator_free(e);
    }
    e = tu_fitted("kmeans k=9 init=random n_init=5 seed=0", ds);
    ten = inertia_of(e);
    /* runs 0..4 of seed 0 are not seeds 0..4, but five runs beat most single ones */
    ck_assert(ten <= best * 1.05);
    clearn_estimator_free(e);
    {
        clearn_estimator *a = tu_fitted("kmeans k=9 seed=5", ds);
        clearn_estimator *b = tu_fitted("kmeans k=9 seed=5 threads=1", ds);
        clearn_estimator *c = tu_fitted("kmeans k=9 seed=6", ds);
        double ca[27], cc[27];
        clearn_error err;
        same_model(a, b, ds);
        ck_assert_int_eq(clearn_kmeans_centers(a, ca, 27, &err), CLEARN_OK);
        ck_assert_int_eq(clearn_kmeans_centers(c, cc, 27, &err), CLEARN_OK);
        ck_assert(memcmp(ca, cc, sizeof ca) != 0);
        clearn_estimator_free(a);
        clearn_estimator_free(b);
        clearn_estimator_free(c);
    }
    free(x);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- threads and exactness --------------------------------------------------------------- */

/* Enough rows for several tasks (2048 rows each): 1, 2 and 3 threads give
 * the same model bit for bit. */
START_TEST(threads_identical)
{
    static const char *const specs[] = {"kmeans k=7", "kmeans k=7 init=random n_init=3",
                                        "kmeans k=7 init=first tol=0", "kmeans k=40 max_iter=5"};
    size_t n = tu_valgrind() ? 4500 : 9000, d = 5;
    double *x = values(n, d, 3, 4, -2);
    clearn_dataset *ds = table(n, d, x);
    for (size_t s = 0; s < sizeof specs / sizeof *specs; s++) {
        clearn_estimator *e[3];
        for (int t = 0; t < 3; t++) {
            char spec[96];
            snprintf(spec, sizeof spec, "%s threads=%d", specs[s], t + 1);
            e[t] = tu_fitted(spec, ds);
        }
        same_model(e[0], e[1], ds);
        same_model(e[0], e[2], ds);
        for (int t = 0; t < 3; t++)
            clearn_estimator_free(e[t]);
    }
    free(x);
    clearn_dataset_free(ds);
}
END_TEST

/* Each row's label is the exact nearest centre (squared differences summed
 * in attribute order), ties to the lower index, also far from the origin
 * where |x|^2 + |c|^2 - 2 x.c cancels badly, and for rows exactly between
 * two centres. */
static void nearest_exactly(const clearn_estimator *e, const clearn_dataset *q)
{
    clearn_kmeans_stats st;
    clearn_error err;
    double *c, *p = predict(e, q), *dist;
    size_t n = clearn_dataset_rows(q);
    ck_assert_int_eq(clearn_kmeans_info(e, &st, &err), CLEARN_OK);
    c = malloc(st.k * st.features * sizeof *c);
    dist = malloc(n * st.k * sizeof *dist);
    ck_assert(c && dist);
    ck_assert_int_eq(clearn_kmeans_centers(e, c, st.k * st.features, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_decision_function(e, q, dist, &(size_t){0}, &err),
                     CLEARN_OK);
    for (size_t i = 0; i < n; i++) {
        const double *row = clearn_dataset_row(q, i);
        double best = INFINITY;
        size_t label = 0;
        for (size_t k = 0; k < st.k; k++) {
            double s = 0;
            for (size_t j = 0; j < st.features; j++) {
                double t = row[j] - c[k * st.features + j];
                s += t * t;
            }
            if (s < best) {
                best = s;
                label = k;
            }
            ck_assert(dist[i * st.k + k] == sqrt(s));
        }
        ck_assert_msg(p[i] == (double)label, "row %zu: label %g, nearest %zu", i, p[i], label);
    }
    free(c);
    free(dist);
    free(p);
}

START_TEST(exact_labels)
{
    size_t n = tu_valgrind() ? 1500 : 5000, d = 6;
    for (int far = 0; far < 2; far++) {
        double *x = values(n, d, 5 + far, 1, far ? 1e7 : 0), *q;
        clearn_dataset *ds = table(n, d, x), *qs;
        clearn_estimator *e = tu_fitted("kmeans k=12 threads=2", ds);
        clearn_kmeans_stats st;
        clearn_error err;
        double c[12 * 6];
        nearest_exactly(e, ds);
        /* midpoints of pairs of centres, and the centres themselves */
        ck_assert_int_eq(clearn_kmeans_info(e, &st, &err), CLEARN_OK);
        ck_assert_int_eq(clearn_kmeans_centers(e, c, sizeof c / sizeof *c, &err), CLEARN_OK);
        q = malloc(12 * 12 * d * sizeof *q);
        ck_assert_ptr_nonnull(q);
        for (size_t a = 0; a < 12; a++)
            for (size_t b = 0; b < 12; b++)
                for (size_t j = 0; j < d; j++)
                    q[(a * 12 + b) * d + j] = (c[a * d + j] + c[b * d + j]) / 2;
        qs = table(144, d, q);
        nearest_exactly(e, qs);
        clearn_dataset_free(qs);
        clearn_estimator_free(e);
        clearn_dataset_free(ds);
        free(q);
        free(x);
    }
}
END_TEST

/* Equal rows: fewer distinct points than clusters leaves clusters empty,
 * which take the farthest rows; a row halfway between two centres goes to
 * the lower one. */
START_TEST(ties_and_duplicates)
{
    static const double x[] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 1, 1};
    static const double mid[] = {0.5, 0.5, 1.25, 1.25};
    clearn_dataset *ds = table(8, 2, x), *m = table(2, 2, mid);
    clearn_estimator *e = tu_fitted("kmeans k=5", ds);
    double c[10], p[2];
    size_t sizes[5], total = 0;
    clearn_error err;
    ck_assert_int_eq(clearn_kmeans_sizes(e, sizes, 5, &err), CLEARN_OK);
    for (int i = 0; i < 5; i++)
        total += sizes[i];
    ck_assert_uint_eq(total, 8);
    ck_assert_msg(inertia_of(e) < 1e-20, "%g", inertia_of(e));
    clearn_estimator_free(e);
    /* k = 2 from the first rows, (0,0) twice: centre 1 wins no row and
     * takes a farthest one, (2,2); then (1,1) joins (0,0) */
    e = tu_fitted("kmeans k=2 init=first", ds);
    ck_assert_int_eq(clearn_kmeans_centers(e, c, 4, &err), CLEARN_OK);
    ck_assert_msg(c[0] == 0.5 && c[1] == 0.5 && c[2] == 2 && c[3] == 2, "%g %g %g %g", c[0],
                  c[1], c[2], c[3]);
    ck_assert_int_eq(clearn_estimator_predict(e, m, p, &err), CLEARN_OK);
    ck_assert(p[0] == 0);
    ck_assert(p[1] == 0);     /* (1.25, 1.25) is halfway: the lower index */
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    clearn_dataset_free(m);
}
END_TEST

/* Two empty clusters at once: they take the farthest rows, the farthest
 * first. scikit-learn 1.2.1 agrees: KMeans(n_clusters=3, init=X[:3],
 * n_init=1, algorithm="lloyd") on these rows gives centres (0.25, 0),
 * (10, 0), (5, 0), labels 0 0 0 1 2 0, n_iter_ 2, inertia_ 0.75. */
START_TEST(two_empty_clusters)
{
    static const double x[] = {0, 0, 0, 0, 0, 0, 10, 0, 5, 0, 1, 0};
    static const double c[] = {0.25, 0, 10, 0, 5, 0};
    clearn_dataset *ds = table(6, 2, x);
    clearn_estimator *e = tu_fitted("kmeans k=3 init=first", ds);
    expect_model(e, ds, "000120", c, 0.75, 2);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* k-means++ holds its candidates' distances only when they take no more
 * room than the data or 2^20 values; past that (one feature, 270,000
 * rows, 4 candidates) it computes the winner's again: still the same for
 * every thread count. */
START_TEST(kmeanspp_recompute)
{
    size_t n = 270000;
    double *x = values(n, 1, 9, 100, 0);
    clearn_dataset *ds = table(n, 1, x);
    clearn_estimator *a = tu_fitted("kmeans k=8 threads=1 max_iter=3", ds);
    clearn_estimator *b = tu_fitted("kmeans k=8 threads=3 max_iter=3", ds);
    same_model(a, b, ds);
    clearn_estimator_free(a);
    clearn_estimator_free(b);
    clearn_dataset_free(ds);
    free(x);
}
END_TEST

/* One row, k = rows, k = 1. */
START_TEST(small_cases)
{
    static const double one[] = {3, -4};
    static const double three[] = {1, 0, 5, 0, 9, 0};
    clearn_dataset *a = table(1, 2, one), *b = table(3, 2, three);
    clearn_estimator *e = tu_fitted("kmeans k=1", a);
    double c[6], p[3];
    size_t it;
    clearn_error err;
    ck_assert_int_eq(clearn_kmeans_centers(e, c, 2, &err), CLEARN_OK);
    ck_assert(c[0] == 3 && c[1] == -4 && inertia_of(e) == 0);
    ck_assert_int_eq(clearn_kmeans_iterations(e, &it, &err), CLEARN_OK);
    ck_assert_uint_eq(it, 1);
    clearn_estimator_free(e);
    e = tu_fitted("kmeans k=3 init=first", b);
    ck_assert_int_eq(clearn_estimator_predict(e, b, p, &err), CLEARN_OK);
    ck_assert(p[0] == 0 && p[1] == 1 && p[2] == 2 && inertia_of(e) == 0);
    clearn_estimator_free(e);
    e = tu_fitted("kmeans k=1 init=random", b);
    ck_assert_int_eq(clearn_kmeans_centers(e, c, 2, &err), CLEARN_OK);
    ck_assert(c[0] == 5 && c[1] == 0 && inertia_of(e) == 32);
    clearn_estimator_free(e);
    clearn_dataset_free(a);
    clearn_dataset_free(b);
}
END_TEST

/* ---- decision function, pipelines, printing ---------------------------------------------- */

START_TEST(decision_and_pipeline)
{
    clearn_dataset *iris = features_of("iris.csv");
    clearn_estimator *e = tu_fitted("kmeans k=3 init=first", iris);
    clearn_estimator *pl = tu_fitted("standardize | kmeans k=3 init=first", iris);
    size_t cols = 0;
    clearn_kmeans_stats st;
    clearn_error err;
    double *p;
    ck_assert_int_eq(clearn_estimator_decision_function(e, iris, NULL, &cols, &err), CLEARN_OK);
    ck_assert_uint_eq(cols, 3);
    nearest_exactly(e, iris);
    /* the pipeline's centres are in standardised units */
    ck_assert_int_eq(clearn_kmeans_info(pl, &st, &err), CLEARN_OK);
    ck_assert_uint_eq(st.k, 3);
    ck_assert_uint_eq(st.features, 4);
    ck_assert(st.inertia < 150 * 4);
    p = predict(pl, iris);
    for (size_t i = 0; i < 150; i++)
        ck_assert(p[i] >= 0 && p[i] <= 2 && p[i] == floor(p[i]));
    free(p);
    clearn_estimator_free(e);
    clearn_estimator_free(pl);
    clearn_dataset_free(iris);
}
END_TEST

static void print_text(const clearn_estimator *e, char *buf, size_t size)
{
    clearn_error err;
    FILE *f = tmpfile();
    size_t n;
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(clearn_estimator_print(e, f, &err), CLEARN_OK);
    rewind(f);
    n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

START_TEST(printing)
{
    clearn_dataset *iris = features_of("iris.csv");
    clearn_estimator *e = tu_fitted("kmeans k=3", iris);
    char buf[4096];
    print_text(e, buf, sizeof buf);
    ck_assert_msg(strstr(buf, "k-means: 3 clusters of 150 rows x 4 features (init=k-means++, "
                              "1 run)\niterations: ") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, "inertia (sum of squared distances to the centres): "
                              "78.85144142614") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, "cluster                0            1            2\n"
                              "(rows)  ") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, "\npetalwidth ") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, "        5.006") != NULL, "%s", buf);
    clearn_estimator_free(e);
    e = tu_fitted("kmeans k=2 init=random n_init=4", iris);
    print_text(e, buf, sizeof buf);
    ck_assert_msg(strstr(buf, "(init=random, 4 runs)") != NULL, "%s", buf);
    clearn_estimator_free(e);
    clearn_dataset_free(iris);
}
END_TEST

/* ---- model files ------------------------------------------------------------------------ */

static void roundtrip(const char *spec, const clearn_dataset *ds)
{
    clearn_estimator *e = tu_fitted(spec, ds), *l;
    const char *path = build_path("tests/kmeans_roundtrip.model");
    char a[8192], b[8192];
    clearn_error err;
    ck_assert_msg(clearn_estimator_save(e, path, &err) == CLEARN_OK, "%s", err.text);
    l = clearn_estimator_load(path, &err);
    ck_assert_msg(l != NULL, "%s", err.text);
    same_model(e, l, ds);
    print_text(e, a, sizeof a);
    print_text(l, b, sizeof b);
    ck_assert_str_eq(a, b);
    {
        size_t n = clearn_dataset_rows(ds), k = 0;
        double *da, *db;
        ck_assert_int_eq(clearn_estimator_decision_function(e, ds, NULL, &k, &err), CLEARN_OK);
        da = malloc(n * k * sizeof *da);
        db = malloc(n * k * sizeof *db);
        ck_assert(da && db);
        ck_assert_int_eq(clearn_estimator_decision_function(e, ds, da, &k, &err), CLEARN_OK);
        ck_assert_int_eq(clearn_estimator_decision_function(l, ds, db, &k, &err), CLEARN_OK);
        ck_assert(memcmp(da, db, n * k * sizeof *da) == 0);
        free(da);
        free(db);
    }
    remove(path);
    clearn_estimator_free(e);
    clearn_estimator_free(l);
}

START_TEST(model_files)
{
    clearn_dataset *iris = features_of("iris.csv"), *wine = features_of("wine.csv");
    clearn_dataset *b = table(60, 2, blobs);
    roundtrip("kmeans k=3", iris);
    roundtrip("kmeans k=6 init=random", wine);
    roundtrip("kmeans k=4 init=first", b);
    roundtrip("standardize | kmeans k=5", wine);
    clearn_dataset_free(iris);
    clearn_dataset_free(wine);
    clearn_dataset_free(b);
}
END_TEST

/* Payloads written by hand and fed to the type's load (parameters at
 * their defaults: k=8, max_iter=300): every defect is CLEARN_ECORRUPT
 * naming it, and nothing leaks. */
static void bad_payload(void (*write)(clearn_writer *), const char *text)
{
    const clearn_estimator_type *t = clearn_estimator_type_find("kmeans");
    clearn_writer *w = clearn__writer_new();
    clearn_reader *r;
    clearn_error err;
    const char *data;
    size_t len;
    void *st = calloc(1, t->state_size);
    ck_assert(w && st);
    ck_assert_int_eq(clearn__params_defaults(t->params, t->n_params, st, &err), CLEARN_OK);
    write(w);
    data = clearn__writer_data(w, &len);
    r = clearn__reader_new(data, len, "payload");
    ck_assert_int_eq(t->load(st, r, &err), CLEARN_ECORRUPT);
    ck_assert_msg(strstr(err.text, text) != NULL, "%s", err.text);
    t->destroy(st);
    clearn__params_free(t->params, t->n_params, st);
    free(st);
    clearn__reader_free(r);
    clearn__writer_free(w);
}

static void header(clearn_writer *w, size_t cols, long cls, size_t k, size_t rows,
                   size_t iterations, double inertia)
{
    clearn_writer_size(w, "columns", cols, NULL);
    clearn_writer_int(w, "class", cls, NULL);
    clearn_writer_size(w, "clusters", k, NULL);
    clearn_writer_size(w, "rows", rows, NULL);
    clearn_writer_size(w, "iterations", iterations, NULL);
    clearn_writer_double(w, "inertia", inertia, NULL);
}

static void body(clearn_writer *w, double size0, double centre0)
{
    double sizes[8] = {size0, 1, 1, 1, 1, 1, 1, 1}, c[16] = {centre0};
    header(w, 2, -1, 8, 10, 3, 1.5);
    clearn_writer_doubles(w, "sizes", sizes, 8, NULL);
    clearn_writer_doubles(w, "centers", c, 16, NULL);
}

static void p_cols(clearn_writer *w) { header(w, 0, -1, 8, 10, 3, 1); }
static void p_wide(clearn_writer *w) { header(w, (size_t)1 << 21, -1, 8, 10, 3, 1); }
static void p_class(clearn_writer *w) { header(w, 3, 3, 8, 10, 3, 1); }
static void p_class_only(clearn_writer *w) { header(w, 1, 0, 8, 10, 3, 1); }
static void p_k(clearn_writer *w) { header(w, 3, 2, 7, 10, 3, 1); }
static void p_rows(clearn_writer *w) { header(w, 3, 2, 8, 7, 3, 1); }
static void p_iter0(clearn_writer *w) { header(w, 3, 2, 8, 10, 0, 1); }
static void p_iter(clearn_writer *w) { header(w, 3, 2, 8, 10, 301, 1); }
static void p_inertia(clearn_writer *w) { header(w, 3, 2, 8, 10, 3, NAN); }
static void p_negative(clearn_writer *w) { header(w, 3, 2, 8, 10, 3, -1); }
static void p_size(clearn_writer *w) { body(w, 2.5, 0); }
static void p_total(clearn_writer *w) { body(w, 2, 0); }
static void p_centre(clearn_writer *w) { body(w, 3, INFINITY); }

static void p_short(clearn_writer *w)
{
    double sizes[8] = {3, 1, 1, 1, 1, 1, 1, 1}, c[4] = {0};
    header(w, 1000000, -1, 8, 10, 3, 1);     /* claims 8 x 10^6 values, holds 4 */
    clearn_writer_doubles(w, "sizes", sizes, 8, NULL);
    clearn_writer_doubles(w, "centers", c, 4, NULL);
}

START_TEST(corrupt_models)
{
    bad_payload(p_cols, "attribute count or class column is out of range");
    bad_payload(p_wide, "attribute count or class column is out of range");
    bad_payload(p_class, "attribute count or class column is out of range");
    bad_payload(p_class_only, "attribute count or class column is out of range");
    bad_payload(p_k, "number of clusters differs from the parameter k");
    bad_payload(p_rows, "fewer training rows than clusters");
    bad_payload(p_iter0, "iteration count is not in [1, max_iter]");
    bad_payload(p_iter, "iteration count is not in [1, max_iter]");
    bad_payload(p_inertia, "inertia is not a finite number");
    bad_payload(p_negative, "inertia is not a finite number");
    bad_payload(p_size, "a cluster size is not a count");
    bad_payload(p_total, "cluster sizes do not add up to the rows");
    bad_payload(p_centre, "a centre is not finite");
    bad_payload(p_short, "'centers': expected 256 values, found 4");
}
END_TEST

/* ---- bad input ------------------------------------------------------------------------------ */

static void fit_fails(const char *spec, const clearn_dataset *ds, int code, const char *text)
{
    clearn_error err;
    clearn_estimator *e = clearn_estimator_new(spec, &err);
    ck_assert_msg(e != NULL, "%s: %s", spec, err.text);
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), code);
    ck_assert_msg(strstr(err.text, text) != NULL, "%s: %s", spec, err.text);
    ck_assert(!clearn_estimator_is_fitted(e));
    clearn_estimator_free(e);
}

static void spec_fails(const char *spec, const char *text)
{
    clearn_error err;
    ck_assert_ptr_null(clearn_estimator_new(spec, &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_msg(strstr(err.text, text) != NULL, "%s: %s", spec, err.text);
}

START_TEST(bad_input)
{
    static const double small[] = {1, 2, 3, 4, 5, 6};
    clearn_dataset *weather = tu_dataset("weather.numeric.arff", "none");
    clearn_dataset *iris = features_of("iris.csv"), *copy, *s = table(3, 2, small), *only;
    clearn_error err;
    double out[150];
    size_t col = 0;
    fit_fails("kmeans k=2", weather, CLEARN_EINVAL,
              "kmeans: attribute 'outlook' is nominal; k-means measures numbers only "
              "(put 'onehot |' before kmeans)");
    copy = clearn_dataset_copy(iris, &err);
    ck_assert_int_eq(clearn_dataset_set(copy, 41, 2, NAN, &err), CLEARN_OK);
    fit_fails("kmeans k=3", copy, CLEARN_EINVAL,
              "kmeans: row 42: attribute 'petallength' is missing; k-means cannot measure "
              "missing values (put 'impute |' before kmeans)");
    ck_assert_int_eq(clearn_dataset_set(copy, 41, 2, 1e200, &err), CLEARN_OK);
    fit_fails("kmeans k=3 threads=3", copy, CLEARN_EINVAL,
              "kmeans: row 42: attribute 'petallength' is 1e+200, beyond 1e150");
    fit_fails("kmeans k=4", s, CLEARN_EINVAL, "kmeans: k=4 clusters but only 3 rows (lower k)");
    /* predicting meets the same checks */
    {
        clearn_estimator *e = tu_fitted("kmeans k=3", iris);
        ck_assert_int_eq(clearn_estimator_predict(e, copy, out, &err), CLEARN_EINVAL);
        ck_assert_msg(strstr(err.text, "row 42: attribute 'petallength' is 1e+200") != NULL,
                      "%s", err.text);
        ck_assert_int_eq(clearn_dataset_set(copy, 41, 2, NAN, &err), CLEARN_OK);
        ck_assert_int_eq(clearn_estimator_predict(e, copy, out, &err), CLEARN_EINVAL);
        ck_assert_msg(strstr(err.text, "row 42: attribute 'petallength' is missing") != NULL,
                      "%s", err.text);
        ck_assert_int_eq(clearn_estimator_predict(e, s, out, &err), CLEARN_ESCHEMA);
        clearn_estimator_free(e);
    }
    /* a dataset whose only attribute is the class */
    ck_assert_int_eq(clearn_dataset_find(weather, "temperature", &col, &err), CLEARN_OK);
    only = clearn_dataset_select(weather, &col, 1, &err);
    ck_assert_ptr_nonnull(only);
    ck_assert_int_eq(clearn_dataset_set_class(only, 0, &err), CLEARN_OK);
    {
        const clearn_estimator_type *t = clearn_estimator_type_find("kmeans");
        void *st = calloc(1, t->state_size);
        ck_assert_ptr_nonnull(st);
        ck_assert_int_eq(clearn__params_defaults(t->params, t->n_params, st, &err), CLEARN_OK);
        ck_assert_int_eq(t->fit(st, only, &err), CLEARN_EINVAL);
        ck_assert_msg(strstr(err.text, "kmeans: the data has no attribute besides the class"),
                      "%s", err.text);
        t->destroy(st);
        free(st);
    }
    spec_fails("kmeans k=0", "k");
    spec_fails("kmeans init=kmeans", "init");
    spec_fails("kmeans tol=-1", "tol");
    spec_fails("kmeans n_init=-1", "n_init");
    spec_fails("kmeans max_iter=0", "max_iter");
    spec_fails("kmeans threads=-1", "threads");
    clearn_dataset_free(weather);
    clearn_dataset_free(iris);
    clearn_dataset_free(copy);
    clearn_dataset_free(s);
    clearn_dataset_free(only);
}
END_TEST

/* The calls of include/clearn/cluster.h on the wrong estimator or output. */
START_TEST(public_errors)
{
    clearn_dataset *iris = features_of("iris.csv");
    clearn_estimator *e = tu_fitted("kmeans k=3", iris), *u, *knn;
    clearn_kmeans_stats st;
    clearn_error err;
    double c[12], v;
    size_t z[3], it;
    u = clearn_estimator_new("kmeans", &err);
    knn = clearn_estimator_new("knn", &err);
    ck_assert(u && knn);
    ck_assert_int_eq(clearn_kmeans_info(NULL, &st, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "clearn_kmeans_info: NULL estimator");
    ck_assert_int_eq(clearn_kmeans_info(knn, &st, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "clearn_kmeans_info: the estimator is 'knn', not kmeans");
    ck_assert_int_eq(clearn_kmeans_info(u, &st, &err), CLEARN_ENOTFIT);
    ck_assert_str_eq(err.text, "clearn_kmeans_info: kmeans is not fitted");
    ck_assert_int_eq(clearn_kmeans_info(e, NULL, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_kmeans_centers(u, c, 12, &err), CLEARN_ENOTFIT);
    ck_assert_int_eq(clearn_kmeans_centers(knn, c, 12, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_kmeans_centers(e, c, 11, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "clearn_kmeans_centers: room for 11 values given; the centres "
                               "are 3 x 4 = 12");
    ck_assert_int_eq(clearn_kmeans_centers(e, NULL, 12, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_kmeans_sizes(e, z, 2, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "clearn_kmeans_sizes: room for 2 counts given; there are 3 "
                               "clusters");
    ck_assert_int_eq(clearn_kmeans_sizes(u, z, 3, &err), CLEARN_ENOTFIT);
    ck_assert_int_eq(clearn_kmeans_inertia(knn, &v, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_kmeans_inertia(e, NULL, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_kmeans_iterations(u, &it, &err), CLEARN_ENOTFIT);
    ck_assert_int_eq(clearn_kmeans_iterations(e, NULL, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_kmeans_iterations(NULL, &it, NULL), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, iris, c, &err), CLEARN_EINVAL);
    clearn_estimator_free(e);
    clearn_estimator_free(u);
    clearn_estimator_free(knn);
    clearn_dataset_free(iris);
}
END_TEST

/* A class attribute takes no part: the centres are those of the data
 * without it, and a class with missing values loses no rows. */
START_TEST(class_ignored)
{
    clearn_dataset *plain = features_of("iris.csv"), *with = tu_dataset("iris.csv", NULL);
    clearn_estimator *a = tu_fitted("kmeans k=3 init=first", plain), *b;
    const clearn_estimator_type *t = clearn_estimator_type_find("kmeans");
    clearn_error err;
    double ca[12], cb[12];
    /* the type itself, as the estimator layer calls it: the same labels
     * and printed model */
    {
        clearn_estimator *e = clearn_estimator_new("kmeans k=3 init=first", &err);
        double *pa = predict(a, plain), pb[150];
        char ta[4096], tb[4096];
        FILE *f = tmpfile();
        size_t n;
        ck_assert(e && f);
        ck_assert_int_eq(t->fit(clearn__estimator_state(e), with, &err), CLEARN_OK);
        ck_assert_int_eq(t->predict(clearn__estimator_state(e), with, pb, &err), CLEARN_OK);
        ck_assert(memcmp(pa, pb, sizeof pb) == 0);
        ck_assert_int_eq(t->print(clearn__estimator_state(e), with, f, &err), CLEARN_OK);
        rewind(f);
        n = fread(tb, 1, sizeof tb - 1, f);
        tb[n] = '\0';
        fclose(f);
        print_text(a, ta, sizeof ta);
        ck_assert_str_eq(ta, tb);
        t->destroy(clearn__estimator_state(e));
        clearn_estimator_free(e);
        free(pa);
    }
    /* through the estimator layer: a clusterer ignores the class */
    b = clearn_estimator_new("kmeans k=3 init=first", &err);
    ck_assert_ptr_nonnull(b);
    ck_assert_msg(clearn_estimator_fit(b, with, &err) == CLEARN_OK, "%s", err.text);
    ck_assert_int_eq(clearn_kmeans_centers(b, cb, 12, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_kmeans_centers(a, ca, 12, &err), CLEARN_OK);
    ck_assert(memcmp(ca, cb, sizeof ca) == 0);
    same_model(a, b, plain);
    clearn_estimator_free(a);
    clearn_estimator_free(b);
    clearn_dataset_free(plain);
    clearn_dataset_free(with);
}
END_TEST

/* ---- out of memory ------------------------------------------------------------------------- */

/* A model's life with the fail-th allocation failing, fail = 0, 1, ...
 * until a run succeeds without reaching the failure: every failure is
 * CLEARN_ENOMEM and nothing leaks (valgrind). */
static void nomem(const char *spec, const clearn_dataset *ds)
{
    size_t n = clearn_dataset_rows(ds);
    double *out = malloc(n * 8 * sizeof *out);
    const char *path = build_path("tests/kmeans_nomem.model");
    ck_assert_ptr_nonnull(out);
    for (long fail = 0;; fail++) {
        clearn_error err;
        clearn_estimator *e, *l = NULL;
        long before = clearn__alloc_calls();
        size_t cols = 0;
        int rc = CLEARN_ENOMEM;
        clearn__alloc_fail_after(fail);
        e = clearn_estimator_new(spec, &err);
        if (e && (rc = clearn_estimator_fit(e, ds, &err)) == CLEARN_OK &&
            (rc = clearn_estimator_predict(e, ds, out, &err)) == CLEARN_OK &&
            (rc = clearn_estimator_decision_function(e, ds, out, &cols, &err)) == CLEARN_OK &&
            (rc = clearn_estimator_save(e, path, &err)) == CLEARN_OK &&
            !(l = clearn_estimator_load(path, &err)))
            rc = err.code;
        if (rc == CLEARN_OK)
            rc = clearn_estimator_predict(l, ds, out, &err);
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

START_TEST(out_of_memory)
{
    clearn_dataset *iris = features_of("iris.csv"), *b = table(60, 2, blobs);
    nomem("kmeans k=3 threads=1", iris);
    nomem("kmeans k=3 init=random n_init=2 threads=2", iris);
    nomem("kmeans k=4 init=first", b);
    nomem("standardize | kmeans k=2 threads=1", b);
    clearn_dataset_free(iris);
    clearn_dataset_free(b);
}
END_TEST

static Suite *kmeans_suite(void)
{
    Suite *s = suite_create("kmeans");
    TCase *tc = tcase_create("kmeans");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, sklearn_iris);
    tcase_add_test(tc, sklearn_tolerance);
    tcase_add_test(tc, sklearn_wine);
    tcase_add_test(tc, sklearn_empty_cluster);
    tcase_add_test(tc, kmeanspp_iris);
    tcase_add_test(tc, seeds_and_runs);
    tcase_add_test(tc, threads_identical);
    tcase_add_test(tc, exact_labels);
    tcase_add_test(tc, ties_and_duplicates);
    tcase_add_test(tc, small_cases);
    tcase_add_test(tc, two_empty_clusters);
    tcase_add_test(tc, kmeanspp_recompute);
    tcase_add_test(tc, decision_and_pipeline);
    tcase_add_test(tc, printing);
    tcase_add_test(tc, model_files);
    tcase_add_test(tc, corrupt_models);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, public_errors);
    tcase_add_test(tc, class_ignored);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(kmeans_suite());
}
