/* Tests of the select transform (lib/select.c).
 *
 * Reference values: scikit-learn 1.2.1 and scipy 1.10.1 through
 * /usr/bin/python3, with this script (D = "datasets/"):
 *   iris = np.loadtxt(D + "iris.csv", delimiter=",", skiprows=1, usecols=(0, 1, 2, 3))
 *   y = np.repeat([0, 1, 2], 50)              # iris.csv is sorted by class
 *   f_classif(iris, y); chi2(iris, y)
 *   SelectKBest(f_classif or chi2, k=k).fit(iris, y).get_support()       k = 1, 2, 3
 *   SelectPercentile(f_classif, percentile=q).fit(iris, y).get_support() q = 10 25 50 60 80
 *   vt = VarianceThreshold(0.5).fit(iris); vt.variances_, vt.get_support()
 *   dia = np.loadtxt(D + "diabetes.csv", delimiter=",", skiprows=1)
 *   f_regression(dia[:, :10], dia[:, 10])
 *   SelectKBest(f_regression, k=3).fit(dia[:, :10], dia[:, 10]).get_support()
 *   cpu = scipy.io.arff.loadarff(D + "cpu.arff"): f_regression(first 6 columns, class)
 *   credit-g (scipy.io.arff.loadarff), for a in checking_status, purpose, foreign_worker:
 *     tab = counts of (a, class); stats.chi2_contingency(tab, correction=False)
 *     stats.f_oneway(*[credit_amount[a == u] for u in categories of a])
 * printed with repr(float). */
#include "config.h"
#include <float.h>
#include <math.h>
#include <unistd.h>
#include "testutil.h"
#include "internal.h"

static void assert_rel(double got, double want, double tol, const char *what, size_t j)
{
    ck_assert_msg(fabs(got - want) <= tol * fabs(want), "%s[%zu]: %.17g, want %.17g", what, j,
                  got, want);
}

static clearn_transform *fitted(const char *spec, const clearn_dataset *ds)
{
    clearn_error err;
    clearn_transform *t = clearn_transform_new(spec, &err);
    ck_assert_msg(t != NULL, "%s: %s", spec, err.text);
    ck_assert_msg(clearn_transform_fit(t, ds, &err) == CLEARN_OK, "%s: %s", spec, err.text);
    return t;
}

/* Scores of data by `score` against want (n attributes, the class last). */
static void check_scores(const clearn_dataset *ds, const char *score, const double *f,
                         const double *p, size_t n)
{
    clearn_error err;
    double got_f[32], got_p[32];
    ck_assert_msg(clearn_select_score(ds, score, got_f, got_p, &err) == CLEARN_OK, "%s",
                  err.text);
    for (size_t j = 0; j < n; j++) {
        assert_rel(got_f[j], f[j], 1e-10, score, j);
        assert_rel(got_p[j], p[j], 1e-10, "p-value", j);
    }
    ck_assert(isnan(got_f[clearn_dataset_class(ds)]));
}

/* The support of spec fitted on ds equals want[0..n) (class excluded). */
static void check_support(const char *spec, const clearn_dataset *ds, const int *want, size_t n)
{
    clearn_error err;
    int keep[32];
    clearn_transform *t = fitted(spec, ds);
    ck_assert_msg(clearn_select_support(t, keep, 32, &err) == CLEARN_OK, "%s", err.text);
    for (size_t j = 0; j < n; j++)
        ck_assert_msg(keep[j] == want[j], "%s: attribute %zu: %d", spec, j, keep[j]);
    ck_assert_int_eq(keep[clearn_dataset_class(ds)], 1);
    clearn_transform_free(t);
}

static const double iris_f[] = {119.26450218449871, 49.16004008961098, 1180.1611822529776,
                                960.0071468018025};
static const double iris_fp[] = {1.6696691907731882e-31, 4.4920171333119905e-17,
                                 2.85677661096213e-91, 4.169445839445089e-85};

START_TEST(iris_scores)
{
    static const double c[] = {10.817820878494002, 3.7107283035324965, 116.31261309207025,
                               67.04836020011118};
    static const double cp[] = {0.004476514990225768, 0.15639598043162514,
                                5.533972277193866e-26, 2.758249653003403e-15};
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.csv", "class");
    clearn_transform *t = fitted("select method=kbest k=2", ds);
    double f[5], p[5];
    check_scores(ds, "f_classif", iris_f, iris_fp, 4);
    check_scores(ds, "auto", iris_f, iris_fp, 4);
    check_scores(ds, "chi2", c, cp, 4);
    /* the same numbers from the fitted transform */
    ck_assert_msg(clearn_select_scores(t, f, p, 5, &err) == CLEARN_OK, "%s", err.text);
    for (size_t j = 0; j < 4; j++) {
        assert_rel(f[j], iris_f[j], 1e-10, "scores", j);
        assert_rel(p[j], iris_fp[j], 1e-10, "pvalues", j);
    }
    ck_assert(isnan(f[4]) && isnan(p[4]));
    clearn_transform_free(t);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(iris_support)
{
    static const int k1[] = {0, 0, 1, 0}, k2[] = {0, 0, 1, 1}, k3[] = {1, 0, 1, 1};
    clearn_dataset *ds = tu_dataset("iris.csv", "class");
    check_support("select method=kbest k=1", ds, k1, 4);
    check_support("select method=kbest k=2", ds, k2, 4);
    check_support("select method=kbest k=3", ds, k3, 4);
    check_support("select method=kbest k=1 score=chi2", ds, k1, 4);
    check_support("select method=kbest k=2 score=chi2", ds, k2, 4);
    check_support("select method=kbest k=3 score=chi2", ds, k3, 4);
    check_support("select method=kbest k=3 rank=pvalue", ds, k3, 4);
    check_support("select method=percentile percentile=10", ds, k1, 4);
    check_support("select method=percentile percentile=25", ds, k1, 4);
    check_support("select method=percentile percentile=50", ds, k2, 4);
    check_support("select method=percentile percentile=60", ds, k2, 4);
    check_support("select method=percentile percentile=80", ds, k3, 4);
    {
        static const int none[] = {0, 0, 0, 0}, all[] = {1, 1, 1, 1};
        check_support("select method=kbest k=0", ds, none, 4);
        check_support("select method=kbest k=10", ds, all, 4);   /* sklearn: an error */
        check_support("select method=percentile percentile=0", ds, none, 4);
        check_support("select method=percentile percentile=100", ds, all, 4);
    }
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(variance)
{
    static const double var[] = {0.6811222222222222, 0.1887128888888887, 3.0955026666666674,
                                 0.5771328888888888};
    static const int keep[] = {1, 0, 1, 1};
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.csv", "class"), *c, *out;
    clearn_transform *t = fitted("select method=variance threshold=0.5", ds);
    double v[5], p[5];
    ck_assert(clearn_select_scores(t, v, p, 5, &err) == CLEARN_OK);
    for (size_t j = 0; j < 4; j++) {
        assert_rel(v[j], var[j], 1e-13, "variance", j);
        ck_assert(isnan(p[j]));
    }
    check_support("select method=variance threshold=0.5", ds, keep, 4);
    clearn_transform_free(t);
    /* threshold=0 drops a constant column, keeps nominal ones; without a class */
    c = tu_arff("@relation r\n@attribute a numeric\n@attribute b numeric\n@attribute n {x,y}\n"
                "@attribute e numeric\n@data\n0.1,1,x,?\n0.1,2,x,?\n0.1,3,x,?\n");
    clearn_dataset_set_class(c, CLEARN_NONE, &err);
    t = fitted("select method=variance", c);
    out = clearn_transform_apply(t, c, &err);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(clearn_dataset_attrs(out), 2);
    ck_assert_str_eq(clearn_dataset_attr_name(out, 0), "b");
    ck_assert_str_eq(clearn_dataset_attr_name(out, 1), "n");
    ck_assert_uint_eq(clearn_dataset_class(out), CLEARN_NONE);
    clearn_dataset_free(out);
    clearn_transform_free(t);
    clearn_dataset_free(c);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(regression_scores)
{
    static const double df[] = {16.101374010745538, 0.8174234902529466, 230.6537644941369,
                                106.52013085528664, 20.710567446320027, 13.746079173190688,
                                81.23965867875602, 100.06926441335226, 207.2711936170634,
                                75.39968319740203};
    static const double dp[] = {7.055686149115831e-05, 0.3664292946520661,
                                3.466006445155271e-42, 1.6493720527411896e-22,
                                6.920711787759529e-06, 0.00023598480959852007,
                                6.162864695183821e-18, 2.304253281753632e-21,
                                8.826458958915743e-39, 7.580083266087534e-17};
    static const double cf[] = {21.555042113481242, 355.3713822288601, 604.052629253575,
                                162.04557029836482, 121.96995664021442, 119.6417989398014};
    static const double cp[] = {6.1017901540811214e-06, 8.268502737491585e-47,
                                2.648888997750024e-63, 8.505256503660837e-28,
                                1.3573247959670141e-22, 2.847764506453701e-22};
    static const int k3[] = {0, 0, 1, 1, 0, 0, 0, 0, 1, 0};
    clearn_dataset *dia = tu_dataset("diabetes.csv", "y"), *cpu = tu_dataset("cpu.arff", NULL);
    check_scores(dia, "f_regression", df, dp, 10);
    check_scores(dia, "auto", df, dp, 10);
    check_scores(cpu, "f_regression", cf, cp, 6);
    check_support("select method=kbest k=3", dia, k3, 10);
    {   /* force_finite: f_regression([[1,5,3],[2,5,1],[3,5,2],[4,5,8]], [2,4,6,8]) */
        static const double f[] = {DBL_MAX, 0, 1.5802469135802462},
                            p[] = {0, 1, 0.3356361611700804};
        clearn_dataset *ds = tu_arff("@relation r\n@attribute a numeric\n@attribute b numeric\n"
                                     "@attribute c numeric\n@attribute y numeric\n@data\n"
                                     "1,5,3,2\n2,5,1,4\n3,5,2,6\n4,5,8,8\n");
        check_scores(ds, "f_regression", f, p, 3);
        clearn_dataset_free(ds);
    }
    clearn_dataset_free(dia);
    clearn_dataset_free(cpu);
}
END_TEST

/* Nominal attributes: chi-squared test of independence against a nominal
 * class, ANOVA of a numeric class by category. */
START_TEST(nominal_scores)
{
    static const size_t at[] = {0, 3, 19};
    static const double chi[] = {123.72094351626559, 33.35644686141815, 6.737044120221693};
    static const double chip[] = {1.2189020722893845e-26, 0.00011574910079691586,
                                  0.009443096254921023};
    static const double fa[] = {7.186192692393368, 17.552048071816273, 2.506271418727899};
    static const double fap[] = {8.95059790366769e-05, 3.557032845220569e-27,
                                 0.11371075929614723};
    clearn_error err;
    clearn_dataset *cg = tu_dataset("credit-g.arff", NULL);
    clearn_dataset *amt = tu_dataset("credit-g.arff", "credit_amount");
    double f[32], p[32];
    ck_assert_msg(clearn_select_score(cg, "auto", f, p, &err) == CLEARN_OK, "%s", err.text);
    for (size_t i = 0; i < 3; i++) {
        assert_rel(f[at[i]], chi[i], 1e-10, "chi2 table", at[i]);
        assert_rel(p[at[i]], chip[i], 1e-10, "chi2 table p", at[i]);
    }
    ck_assert_msg(clearn_select_score(amt, "auto", f, p, &err) == CLEARN_OK, "%s", err.text);
    for (size_t i = 0; i < 3; i++) {
        assert_rel(f[at[i]], fa[i], 1e-10, "anova", at[i]);
        assert_rel(p[at[i]], fap[i], 1e-10, "anova p", at[i]);
    }
    clearn_dataset_free(cg);
    clearn_dataset_free(amt);
}
END_TEST

/* Equal scores keep the lower index (sklearn's SelectKBest keeps the
 * higher: f_classif on [[1,2,3],[1,2,3],[2,3,4]], y = [0,0,1], k=1 gives
 * [False, False, True]). */
START_TEST(ties)
{
    clearn_dataset *ds = tu_arff("@relation r\n@attribute a numeric\n@attribute b numeric\n"
                                 "@attribute c numeric\n@attribute y {p,q}\n@data\n"
                                 "1,2,3,p\n1,2,3,p\n2,3,4,q\n1,2,3,p\n2,3,4,q\n2,3,5,q\n");
    static const int first[] = {1, 0, 0}, two[] = {1, 1, 0};
    check_support("select method=kbest k=1", ds, first, 3);
    check_support("select method=kbest k=2", ds, two, 3);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(output_and_pipeline)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.csv", "class"), *out, *two;
    clearn_transform *t = fitted("select method=kbest k=2 score=f_classif", ds);
    clearn_estimator *pipe, *knn;
    static const size_t petal[] = {2, 3, 4};
    size_t n = clearn_dataset_rows(ds);
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    out = clearn_transform_apply(t, ds, &err);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(clearn_dataset_attrs(out), 3);
    ck_assert_str_eq(clearn_dataset_attr_name(out, 0), "petallength");
    ck_assert_str_eq(clearn_dataset_attr_name(out, 1), "petalwidth");
    ck_assert_uint_eq(clearn_dataset_class(out), 2);
    ck_assert_double_eq(clearn_dataset_get(out, 0, 0), 1.4);
    /* the pipeline predicts as knn on the two petal attributes */
    pipe = tu_fitted("select method=kbest k=2 score=f_classif | knn", ds);
    two = clearn_dataset_select(ds, petal, 3, &err);
    knn = tu_fitted("knn", two);
    ck_assert(clearn_estimator_predict(pipe, ds, a, &err) == CLEARN_OK);
    ck_assert(clearn_estimator_predict(knn, two, b, &err) == CLEARN_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_double_eq(a[i], b[i]);
    {
        const char *path = build_path("tests/select_model.tmp");
        clearn_estimator *back;
        ck_assert_msg(clearn_estimator_save(pipe, path, &err) == CLEARN_OK, "%s", err.text);
        back = clearn_estimator_load(path, &err);
        ck_assert_msg(back != NULL, "%s", err.text);
        ck_assert(clearn_estimator_predict(back, ds, b, &err) == CLEARN_OK);
        for (size_t i = 0; i < n; i++)
            ck_assert_double_eq(a[i], b[i]);
        clearn_estimator_free(back);
        unlink(path);
    }
    free(a);
    free(b);
    clearn_estimator_free(pipe);
    clearn_estimator_free(knn);
    clearn_dataset_free(two);
    clearn_dataset_free(out);
    clearn_transform_free(t);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(round_trip)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("credit-g.arff", NULL), *a, *b;
    clearn_transform *t = fitted("select method=kbest k=7 rank=pvalue", ds), *back;
    const char *path = build_path("tests/select_transform.tmp");
    double f1[32], p1[32], f2[32], p2[32];
    ck_assert_msg(clearn_transform_save(t, path, &err) == CLEARN_OK, "%s", err.text);
    back = clearn_transform_load(path, &err);
    ck_assert_msg(back != NULL, "%s", err.text);
    a = clearn_transform_apply(t, ds, &err);
    b = clearn_transform_apply(back, ds, &err);
    ck_assert(a && b && clearn_dataset_same_schema(a, b));
    ck_assert_uint_eq(clearn_dataset_attrs(a), 8);
    ck_assert_int_eq(memcmp(clearn_dataset_data(a), clearn_dataset_data(b),
                            clearn_dataset_rows(a) * clearn_dataset_attrs(a) * sizeof(double)),
                     0);
    ck_assert(clearn_select_scores(t, f1, p1, 32, &err) == CLEARN_OK);
    ck_assert(clearn_select_scores(back, f2, p2, 32, &err) == CLEARN_OK);
    ck_assert_int_eq(memcmp(f1, f2, 21 * sizeof *f1), 0);
    ck_assert_int_eq(memcmp(p1, p2, 21 * sizeof *p1), 0);
    unlink(path);
    clearn_dataset_free(a);
    clearn_dataset_free(b);
    clearn_transform_free(t);
    clearn_transform_free(back);
    clearn_dataset_free(ds);
}
END_TEST

static void expect_fit_error(const char *spec, const clearn_dataset *ds, const char *text)
{
    clearn_error err;
    clearn_transform *t = clearn_transform_new(spec, &err);
    ck_assert_msg(t != NULL, "%s", err.text);
    ck_assert_int_eq(clearn_transform_fit(t, ds, &err), CLEARN_EINVAL);
    ck_assert_msg(strstr(err.text, text) != NULL, "%s: %s", spec, err.text);
    clearn_transform_free(t);
}

START_TEST(bad_input)
{
    clearn_error err;
    clearn_dataset *iris = tu_dataset("iris.csv", "class"), *cpu = tu_dataset("cpu.arff", NULL);
    clearn_dataset *noclass = clearn_dataset_copy(iris, &err), *neg, *miss, *one;
    clearn_transform *t;
    double f[8];
    int keep[8];
    clearn_dataset_set_class(noclass, CLEARN_NONE, &err);
    expect_fit_error("select method=kbest", noclass, "needs a class attribute");
    expect_fit_error("select method=kbest score=f_regression", iris, "needs a numeric class; class 'class'");
    expect_fit_error("select method=kbest score=f_classif", cpu, "needs a nominal class; class 'class'");
    expect_fit_error("select method=kbest score=chi2", cpu, "score=chi2 needs a nominal class");
    neg = tu_arff("@relation r\n@attribute a numeric\n@attribute b numeric\n@attribute y {p,q}\n"
                  "@data\n1,2,p\n2,-0.5,q\n");
    expect_fit_error("select method=kbest score=chi2", neg, "attribute 'b' is -0.5 in row 2");
    expect_fit_error("select method=variance threshold=10", iris, "threshold=10");
    miss = tu_arff("@relation r\n@attribute a numeric\n@attribute y {p,q}\n"
                   "@data\n1,p\n?,q\n3,q\n");
    expect_fit_error("select method=kbest", miss, "attribute 'a' is missing in row 2");
    expect_fit_error("select method=kbest", miss, "impute");
    {   /* the hint works */
        clearn_estimator *e = tu_fitted("impute | select method=kbest k=1 | zeror", miss);
        clearn_estimator_free(e);
    }
    one = tu_arff("@relation r\n@attribute a numeric\n@attribute y numeric\n@data\n1,2\n3,4\n");
    expect_fit_error("select method=kbest", one, "2 rows have a class value; score=f_regression needs at "
                                    "least 3");
    clearn_dataset_free(one);
    one = tu_arff("@relation r\n@attribute a numeric\n@attribute y {p,q}\n@data\n1,p\n");
    t = fitted("select method=kbest k=1", one);   /* one row: NaN scores, kept by index */
    ck_assert(clearn_select_scores(t, f, NULL, 8, &err) == CLEARN_OK && isnan(f[0]));
    clearn_transform_free(t);
    /* parameters */
    ck_assert_ptr_null(clearn_transform_new("select method=kbest k=-1", &err));
    ck_assert_ptr_nonnull(strstr(err.text, "k"));
    ck_assert_ptr_null(clearn_transform_new("select percentile=101", &err));
    ck_assert_ptr_null(clearn_transform_new("select threshold=-1", &err));
    ck_assert_ptr_null(clearn_transform_new("select method=kbest score=mutual_info", &err));
    ck_assert_ptr_nonnull(strstr(err.text, "f_classif"));
    ck_assert_int_eq(clearn_select_score(iris, "anova", f, NULL, &err), CLEARN_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.text, "'anova'"));
    /* accessors */
    t = fitted("select method=kbest k=2", iris);
    ck_assert_int_eq(clearn_select_scores(t, f, NULL, 4, &err), CLEARN_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.text, "5 attributes"));
    ck_assert_int_eq(clearn_select_support(NULL, keep, 8, &err), CLEARN_EINVAL);
    ck_assert_ptr_null(clearn_transform_apply(t, one, &err));
    ck_assert_int_eq(err.code, CLEARN_ESCHEMA);
    clearn_transform_free(t);
    t = clearn_transform_new("select method=kbest", &err);
    ck_assert_int_eq(clearn_select_support(t, keep, 8, &err), CLEARN_ENOTFIT);
    clearn_transform_free(t);
    t = fitted("standardize", iris);
    ck_assert_int_eq(clearn_select_support(t, keep, 8, &err), CLEARN_EINVAL);
    clearn_transform_free(t);
    clearn_dataset_free(one);
    clearn_dataset_free(miss);
    clearn_dataset_free(neg);
    clearn_dataset_free(noclass);
    clearn_dataset_free(cpu);
    clearn_dataset_free(iris);
}
END_TEST

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
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.csv", "class");
    clearn_transform *t = fitted("select method=kbest k=2", ds);
    clearn_writer *w = clearn__writer_new();
    size_t len;
    char *text;
    ck_assert_int_eq(clearn__transform_save(t, w, &err), CLEARN_OK);
    text = strdup(clearn__writer_data(w, &len));
    /* keep: 0 0 1 1 1 */
    expect_corrupt(text, "keep D 5 0000000000000000", "keep D 5 4000000000000000",
                   "bad selection or p-value for attribute 0");
    expect_corrupt(text, "keep D 5", "keep D 6", "keep");
    expect_corrupt(text, "d z 5", "d z 99999999999", "keep");
    {   /* the first p-value becomes 3 */
        char *at = strstr(text, "pvalues D 5 "), from[40], to[40];
        ck_assert_ptr_nonnull(at);
        memcpy(from, at, 28);
        from[28] = 0;
        snprintf(to, sizeof to, "pvalues D 5 4008000000000000");
        expect_corrupt(text, from, to, "bad selection or p-value for attribute 0");
    }
    free(text);
    clearn__writer_free(w);
    clearn_transform_free(t);
    clearn_dataset_free(ds);
}
END_TEST

static int scores_too(const clearn_transform *t, const clearn_dataset *ds, clearn_error *err)
{
    double f[32];
    int rc = clearn_select_scores(t, f, NULL, 32, err);
    return rc == CLEARN_OK ? clearn_select_score(ds, "auto", f, NULL, err) : rc;
}

static void alloc_failures_for(const char *spec, const clearn_dataset *ds)
{
    tu_transform_nomem(spec, ds, "select", scores_too);
}

START_TEST(alloc_failures)
{
    clearn_dataset *iris = tu_dataset("iris.csv", "class");
    clearn_dataset *cg = tu_read("datasets/weather.nominal.arff", NULL);
    alloc_failures_for("select method=kbest k=2", iris);
    alloc_failures_for("select method=percentile", iris);
    alloc_failures_for("select method=variance threshold=0.3", iris);
    alloc_failures_for("select method=kbest k=2 score=chi2", cg);
    clearn_dataset_free(iris);
    clearn_dataset_free(cg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("select");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, iris_scores);
    tcase_add_test(tc, iris_support);
    tcase_add_test(tc, variance);
    tcase_add_test(tc, regression_scores);
    tcase_add_test(tc, nominal_scores);
    tcase_add_test(tc, ties);
    tcase_add_test(tc, output_and_pipeline);
    tcase_add_test(tc, round_trip);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, corrupt_payload);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
