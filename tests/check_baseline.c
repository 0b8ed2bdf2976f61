/* Tests of the baseline estimators (lib/baseline.c): zeror and oner.
 *
 * Expected rules are Weka 3.6.14's OneR output (java weka.classifiers.rules.
 * OneR -t FILE -no-cv -B N), copied verbatim, on the shipped data sets and
 * on small hand-made ones; ZeroR's figures are Weka's too. */
#include "config.h"
#include <math.h>
#include <stddef.h>
#include "testutil.h"
#include "internal.h"

/* ---- helpers ------------------------------------------------------------- */

/* What clearn_estimator_print writes, in a static buffer. */
static const char *printed(const clearn_estimator *e)
{
    static char buf[4096];
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

/* The rule oner learns on train with the given spec. */
static const char *rule_of(const char *spec, const clearn_dataset *train)
{
    clearn_estimator *e = tu_fitted(spec, train);
    const char *text = printed(e);
    clearn_estimator_free(e);
    return text;
}

/* Training rows predicted right. */
static size_t n_correct(const clearn_estimator *e, const clearn_dataset *ds)
{
    clearn_error err;
    size_t n = clearn_dataset_rows(ds), c = clearn_dataset_class(ds), right = 0;
    double *out = malloc(n * sizeof *out);
    ck_assert_ptr_nonnull(out);
    ck_assert_int_eq(clearn_estimator_predict(e, ds, out, &err), CLEARN_OK);
    for (size_t i = 0; i < n; i++)
        right += out[i] == clearn_dataset_get(ds, i, c);
    free(out);
    return right;
}

/* Predictions for the rows of ds in out. */
static void predict(const clearn_estimator *e, const clearn_dataset *ds, double *out)
{
    clearn_error err;
    ck_assert_msg(clearn_estimator_predict(e, ds, out, &err) == CLEARN_OK, "%s", err.text);
}

/* ---- oner: textbook and Weka results --------------------------------------- */

static const char weather_rule[] =
    "outlook:\n"
    "\tsunny\t-> no\n"
    "\tovercast\t-> yes\n"
    "\trainy\t-> yes\n"
    "(10/14 instances correct)\n";

/* Witten & Frank, Data Mining, Table 4.1: outlook and humidity both make
 * 4/14 errors; the first attribute wins. */
START_TEST(oner_weather_nominal)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("weather.nominal.arff", NULL);
    clearn_estimator *e = tu_fitted("oner", ds);
    double out[14], proba[28];
    ck_assert_str_eq(printed(e), weather_rule);
    ck_assert_uint_eq(n_correct(e, ds), 10);
    predict(e, ds, out);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, proba, &err), CLEARN_OK);
    for (size_t i = 0; i < 14; i++) {
        const char *outlook = clearn_dataset_category(ds, 0, (size_t)clearn_dataset_get(ds, i, 0));
        const char *cls = clearn_dataset_category(ds, 4, (size_t)out[i]);
        ck_assert_str_eq(cls, strcmp(outlook, "sunny") == 0 ? "no" : "yes");
        ck_assert_double_eq(proba[2 * i + (size_t)out[i]], 1);
        ck_assert_double_eq(proba[2 * i + 1 - (size_t)out[i]], 0);
    }
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* With humidity first (Weka's Reorder -R 3,2,1,4,5), humidity wins the tie. */
START_TEST(oner_tie_goes_to_first_attribute)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("weather.nominal.arff", NULL), *re;
    const size_t order[] = {2, 1, 0, 3, 4};
    re = clearn_dataset_select(ds, order, 5, &err);
    ck_assert_ptr_nonnull(re);
    ck_assert_str_eq(rule_of("oner", re),
                     "humidity:\n\thigh\t-> no\n\tnormal\t-> yes\n(10/14 instances correct)\n");
    clearn_dataset_free(re);
    clearn_dataset_free(ds);
}
END_TEST

/* weather.numeric. By hand, min_bucket 6: temperature sorts to
 * 64y 65n 68y 69y 70y 71n 72n 72y 75y 75y | 80n 81y 83y 85n; the first
 * bucket closes at the 75s (6 yes, then the other 75 yes), the rest is 2
 * yes 2 no, a tie that goes to yes, so the buckets merge: one interval,
 * "not ?", 9/14. humidity: 65y 70nyy 75y 80yy (6 yes) | 85n 86y 90ny 91n
 * 95n 96y (4 no of 7): < 82.5 yes, >= 82.5 no, 10/14, which ties with
 * outlook's 10/14, so outlook (first) wins. min_bucket 3 gives the
 * humidity rule of Witten & Frank (3/14 errors). All as Weka prints them. */
START_TEST(oner_weather_numeric)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("weather.numeric.arff", NULL), *one;
    size_t attrs[2] = {1, 4};
    ck_assert_str_eq(rule_of("oner", ds), weather_rule);
    ck_assert_str_eq(rule_of("oner min_bucket=10", ds), weather_rule);
    ck_assert_str_eq(rule_of("oner min_bucket=3", ds),
                     "humidity:\n\t< 82.5\t-> yes\n\t< 95.5\t-> no\n\t>= 95.5\t-> yes\n"
                     "(11/14 instances correct)\n");
    ck_assert_str_eq(rule_of("oner min_bucket=2", ds),
                     "temperature:\n\t< 70.5\t-> yes\n\t< 73.5\t-> no\n\t< 84.0\t-> yes\n"
                     "\t>= 84.0\t-> no\n(11/14 instances correct)\n");
    ck_assert_str_eq(rule_of("oner min_bucket=1", ds),
                     "temperature:\n\t< 64.5\t-> yes\n\t< 66.5\t-> no\n\t< 70.5\t-> yes\n"
                     "\t< 71.5\t-> no\n\t< 77.5\t-> yes\n\t< 80.5\t-> no\n\t< 84.0\t-> yes\n"
                     "\t>= 84.0\t-> no\n(13/14 instances correct)\n");
    one = clearn_dataset_select(ds, attrs, 2, &err);
    ck_assert_ptr_nonnull(one);
    ck_assert_str_eq(rule_of("oner", one), "temperature:\n\tnot ?\t-> yes\n(9/14 instances correct)\n");
    clearn_dataset_free(one);
    attrs[0] = 2;
    one = clearn_dataset_select(ds, attrs, 2, &err);
    ck_assert_ptr_nonnull(one);
    ck_assert_str_eq(rule_of("oner", one),
                     "humidity:\n\t< 82.5\t-> yes\n\t>= 82.5\t-> no\n(10/14 instances correct)\n");
    clearn_dataset_free(one);
    clearn_dataset_free(ds);
}
END_TEST

static const char iris_rule[] =
    "petalwidth:\n"
    "\t< 0.8\t-> Iris-setosa\n"
    "\t< 1.75\t-> Iris-versicolor\n"
    "\t>= 1.75\t-> Iris-virginica\n"
    "(144/150 instances correct)\n";

/* Many tied values: Weka takes equal values as one block, whatever their
 * classes and order, so 1.4..1.7 (mostly versicolor) stay together. */
START_TEST(oner_iris)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.arff", NULL), *q;
    clearn_estimator *e = tu_fitted("oner", ds);
    const double pw[] = {0.79, 0.8, 1.7499, 1.75, NAN, 0.1};
    double out[6];
    ck_assert_str_eq(printed(e), iris_rule);
    ck_assert_uint_eq(n_correct(e, ds), 144);
    /* the bounds are exclusive above: 0.8 is versicolor, 1.75 virginica */
    q = clearn_dataset_header(ds, &err);
    ck_assert_ptr_nonnull(q);
    for (size_t i = 0; i < 6; i++) {
        double row[5] = {5, 3, 4, pw[i], NAN};
        ck_assert_int_eq(clearn_dataset_add_row(q, row, &err), CLEARN_OK);
    }
    predict(e, q, out);
    ck_assert_double_eq(out[0], 0);
    ck_assert_double_eq(out[1], 1);
    ck_assert_double_eq(out[2], 1);
    ck_assert_double_eq(out[3], 2);
    ck_assert_double_eq(out[4], 0);  /* missing: no missing in training, the majority (a tie: setosa) */
    ck_assert_double_eq(out[5], 0);
    clearn_dataset_free(q);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* The rule does not depend on the order of the rows. */
START_TEST(oner_row_order)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("iris.arff", NULL);
    for (uint64_t seed = 1; seed <= 5; seed++) {
        ck_assert_int_eq(clearn_dataset_shuffle(ds, seed, &err), CLEARN_OK);
        ck_assert_str_eq(rule_of("oner", ds), iris_rule);
    }
    clearn_dataset_free(ds);
}
END_TEST

/* Weka's text on other shipped data: missing-value branches (vote, labor),
 * many buckets and Java's number format (glass). */
START_TEST(oner_more_data_sets)
{
    clearn_dataset *ds = tu_dataset("vote.arff", NULL);
    ck_assert_str_eq(rule_of("oner", ds),
                     "physician-fee-freeze:\n\tn\t-> democrat\n\ty\t-> republican\n"
                     "\t?\t-> democrat\n(416/435 instances correct)\n");
    clearn_dataset_free(ds);
    ds = tu_dataset("labor.arff", NULL);
    ck_assert_str_eq(rule_of("oner", ds),
                     "wage-increase-first-year:\n\t< 2.9\t-> bad\n\t>= 2.9\t-> good\n"
                     "\t?\t-> good\n(48/57 instances correct)\n");
    clearn_dataset_free(ds);
    ds = tu_dataset("glass.arff", NULL);
    ck_assert_str_eq(rule_of("oner", ds),
                     "Al:\n"
                     "\t< 0.905\t-> build wind float\n"
                     "\t< 1.1150000000000002\t-> build wind non-float\n"
                     "\t< 1.2149999999999999\t-> build wind float\n"
                     "\t< 1.2650000000000001\t-> build wind non-float\n"
                     "\t< 1.42\t-> build wind float\n"
                     "\t< 1.815\t-> build wind non-float\n"
                     "\t< 2.95\t-> headlamps\n"
                     "\t>= 2.95\t-> containers\n"
                     "(135/214 instances correct)\n");
    clearn_dataset_free(ds);
}
END_TEST

/* Numbers print as Java's Double.toString: E notation outside
 * [0.001, 1e7), at least one decimal. */
START_TEST(oner_number_format)
{
    clearn_dataset *ds = tu_arff("@relation p\n@attribute a numeric\n@attribute c {p,q}\n@data\n"
                              "-3,q\n-1,p\n0.0005,q\n0.0015,p\n123456789,q\n123456791,p\n"
                              "-0.5,q\n-0.00003,p\n0.00001,q\n");
    ck_assert_str_eq(rule_of("oner min_bucket=1", ds),
                     "a:\n"
                     "\t< -2.0\t-> q\n"
                     "\t< -0.75\t-> p\n"
                     "\t< -0.250015\t-> q\n"
                     "\t< -9.999999999999999E-6\t-> p\n"
                     "\t< 0.001\t-> q\n"
                     "\t< 6.172839450075E7\t-> p\n"
                     "\t< 1.2345679E8\t-> q\n"
                     "\t>= 1.2345679E8\t-> p\n"
                     "(9/9 instances correct)\n");
    clearn_dataset_free(ds);
    ds = tu_arff("@relation p\n@attribute a numeric\n@attribute c {p,q}\n@data\n"
              "1,q\n3,p\n19999999,q\n20000001,p\n0.0001,q\n0.0003,p\n?,q\n");
    ck_assert_str_eq(rule_of("oner min_bucket=1", ds),
                     "a:\n\t< 1.9999999999999998E-4\t-> q\n\t< 0.50015\t-> p\n\t< 2.0\t-> q\n"
                     "\t< 1.0000001E7\t-> p\n\t< 2.0E7\t-> q\n\t>= 2.0E7\t-> p\n\t?\t-> q\n"
                     "(7/7 instances correct)\n");
    clearn_dataset_free(ds);
}
END_TEST

/* A category without training rows gets the first class (as in Weka);
 * missing values get their own majority. */
START_TEST(oner_empty_category)
{
    clearn_dataset *ds = tu_arff("@relation p\n@attribute a {x,y,z,w}\n@attribute c {p,q,r}\n@data\n"
                              "x,q\nx,q\nx,p\ny,r\ny,r\n?,p\n?,p\n?,q\n");
    ck_assert_str_eq(rule_of("oner min_bucket=1", ds),
                     "a:\n\tx\t-> q\n\ty\t-> r\n\tz\t-> p\n\tw\t-> p\n\t?\t-> p\n"
                     "(6/8 instances correct)\n");
    clearn_dataset_free(ds);
}
END_TEST

/* ---- oner: missing and unseen values --------------------------------------- */

static const char missing_train[] =
    "@relation m\n@attribute a {x,y,w}\n@attribute n numeric\n@attribute c {p,q,r}\n@data\n"
    "x,1,p\nx,2,p\ny,3,r\ny,4,r\ny,5,r\n?,?,q\n?,?,q\n";

/* Missing values in training: the "?" branch (q, neither the first class
 * nor the majority). At prediction a missing value and a category the
 * training data never had both take it. Both attributes are 7/7: a wins. */
START_TEST(oner_missing_branch)
{
    clearn_dataset *ds = tu_arff(missing_train), *q;
    clearn_estimator *e = tu_fitted("oner min_bucket=1", ds);
    double out[4];
    ck_assert_str_eq(printed(e), "a:\n\tx\t-> p\n\ty\t-> r\n\tw\t-> p\n\t?\t-> q\n"
                                 "(7/7 instances correct)\n");
    q = tu_arff("@relation t\n@attribute a {y,x,v}\n@attribute n numeric\n@data\n"
             "x,9\n?,9\nv,1\ny,?\n");
    predict(e, q, out);
    ck_assert_double_eq(out[0], 0);  /* x -> p */
    ck_assert_double_eq(out[1], 1);  /* missing -> q */
    ck_assert_double_eq(out[2], 1);  /* unseen v -> missing -> q */
    ck_assert_double_eq(out[3], 2);  /* y -> r */
    clearn_dataset_free(q);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    /* the numeric attribute alone */
    ds = tu_arff("@relation m\n@attribute n numeric\n@attribute c {p,q,r}\n@data\n"
              "1,p\n2,p\n3,r\n4,r\n5,r\n?,q\n?,q\n");
    e = tu_fitted("oner min_bucket=1", ds);
    ck_assert_str_eq(printed(e), "n:\n\t< 2.5\t-> p\n\t>= 2.5\t-> r\n\t?\t-> q\n"
                                 "(7/7 instances correct)\n");
    q = tu_arff("@relation t\n@attribute n numeric\n@data\n?\n2.5\n-7\n");
    predict(e, q, out);
    ck_assert_double_eq(out[0], 1);
    ck_assert_double_eq(out[1], 2);
    ck_assert_double_eq(out[2], 0);
    clearn_dataset_free(q);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* No missing values in training: a missing or unseen value takes the most
 * frequent class (r here; Weka would take the first class, p). */
START_TEST(oner_missing_without_branch)
{
    clearn_dataset *ds = tu_arff("@relation m\n@attribute a {x,y}\n@attribute c {p,q,r}\n@data\n"
                              "x,p\nx,p\ny,r\ny,r\ny,r\ny,q\n"), *q;
    clearn_estimator *e = tu_fitted("oner", ds);
    double out[3];
    ck_assert_str_eq(printed(e), "a:\n\tx\t-> p\n\ty\t-> r\n(5/6 instances correct)\n");
    q = tu_arff("@relation t\n@attribute a {x,y,fog}\n@data\n?\nfog\nx\n");
    predict(e, q, out);
    ck_assert_double_eq(out[0], 2);
    ck_assert_double_eq(out[1], 2);
    ck_assert_double_eq(out[2], 0);
    clearn_dataset_free(q);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* A numeric attribute missing in every row is skipped (as in Weka); a
 * nominal one is not. */
START_TEST(oner_all_missing_attribute)
{
    clearn_dataset *ds = tu_arff("@relation p\n@attribute n numeric\n@attribute m {a,b}\n"
                              "@attribute c {p,q}\n@data\n?,?,q\n?,?,p\n?,?,p\n");
    ck_assert_str_eq(rule_of("oner min_bucket=1", ds),
                     "m:\n\ta\t-> p\n\tb\t-> p\n\t?\t-> p\n(2/3 instances correct)\n");
    clearn_dataset_free(ds);
}
END_TEST

/* ---- oner: errors ------------------------------------------------------------ */

START_TEST(oner_bad_parameters)
{
    clearn_error err;
    clearn_estimator *e;
    ck_assert_ptr_null(clearn_estimator_new("oner min_bucket=0", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "parameter min_bucket: '0' is out of range "
                               "(allowed: int in [1, 1000000000])");
    ck_assert_ptr_null(clearn_estimator_new("oner min_bucket=-3", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "parameter min_bucket: '-3' is out of range "
                               "(allowed: int in [1, 1000000000])");
    ck_assert_ptr_null(clearn_estimator_new("oner min_bucket=six", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "parameter min_bucket: 'six' is not an integer "
                               "(allowed: int in [1, 1000000000])");
    ck_assert_ptr_null(clearn_estimator_new("oner min_bucket=2.5", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "parameter min_bucket: '2.5' is not an integer "
                               "(allowed: int in [1, 1000000000])");
    e = clearn_estimator_new("oner", &err);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(clearn_estimator_set(e, "min_bucket", "0", &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "parameter min_bucket: '0' is out of range "
                               "(allowed: int in [1, 1000000000])");
    ck_assert_int_eq(clearn_estimator_set(e, "min_bucket", "7", &err), CLEARN_OK);
    {
        char *spec = clearn_estimator_spec(e, &err);
        ck_assert_str_eq(spec, "oner min_bucket=7");
        clearn__free(spec);
    }
    clearn_estimator_free(e);
}
END_TEST

START_TEST(oner_bad_data)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("cpu.arff", NULL);
    clearn_estimator *e = clearn_estimator_new("oner", &err);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "oner is a classifier but the class 'class' is numeric "
                               "(use --nominal or a regressor)");
    clearn_dataset_free(ds);
    ds = tu_arff("@relation p\n@attribute c {p,q}\n@data\np\nq\n");
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "oner: the data has no attribute besides the class");
    clearn_dataset_free(ds);
    ds = tu_arff("@relation p\n@attribute n numeric\n@attribute k numeric\n@attribute c {p,q}\n"
              "@data\n?,?,p\n?,?,q\n");
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "oner: no attribute to build a rule from: every attribute "
                               "besides the class is numeric and missing in every row");
    ck_assert(!clearn_estimator_is_fitted(e));
    clearn_dataset_free(ds);
    clearn_estimator_free(e);
}
END_TEST

/* ---- oner: model files -------------------------------------------------------- */

/* Saves e, loads it back, and checks the copy predicts and prints the same. */
static void round_trip(const clearn_estimator *e, const clearn_dataset *ds, const char *file)
{
    clearn_error err;
    clearn_estimator *back;
    size_t n = clearn_dataset_rows(ds);
    double *a = malloc(2 * n * sizeof *a);
    char text[4096];
    ck_assert_ptr_nonnull(a);
    ck_assert_msg(clearn_estimator_save(e, build_path(file), &err) == CLEARN_OK, "%s", err.text);
    back = clearn_estimator_load(build_path(file), &err);
    ck_assert_msg(back != NULL, "%s", err.text);
    predict(e, ds, a);
    predict(back, ds, a + n);
    for (size_t i = 0; i < n; i++)
        ck_assert_double_eq(a[i], a[n + i]);
    snprintf(text, sizeof text, "%s", printed(e));
    ck_assert_str_eq(printed(back), text);
    remove(build_path(file));
    clearn_estimator_free(back);
    free(a);
}

START_TEST(oner_save_load)
{
    clearn_dataset *ds = tu_dataset("iris.arff", NULL);
    clearn_estimator *e = tu_fitted("oner min_bucket=3", ds);
    round_trip(e, ds, "oner_iris.model");
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    ds = tu_dataset("vote.arff", NULL);
    e = tu_fitted("oner", ds);
    round_trip(e, ds, "oner_vote.model");
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* A payload as oner writes it, with fields to doctor. */
struct oner_payload {
    size_t attr;
    long numeric;
    size_t classes, rows, correct, branches;
    size_t cls[3];
    double breaks[2];
    long has_missing;
    size_t missing;
};

/* Runs oner's load on the payload and returns the code. */
static int load_payload(const clearn_estimator_type *type, const struct oner_payload *p,
                        int truncate, clearn_error *err)
{
    clearn_writer *w = clearn__writer_new();
    clearn_reader *r;
    const char *data;
    size_t len;
    void *st = calloc(1, type->state_size);
    int rc;
    ck_assert_ptr_nonnull(w);
    ck_assert_ptr_nonnull(st);
    clearn_writer_size(w, "attribute", p->attr, NULL);
    clearn_writer_int(w, "numeric", p->numeric, NULL);
    clearn_writer_size(w, "classes", p->classes, NULL);
    clearn_writer_size(w, "rows", p->rows, NULL);
    clearn_writer_size(w, "correct", p->correct, NULL);
    clearn_writer_size(w, "branches", p->branches, NULL);
    for (size_t b = 0; b < p->branches && b < 3 - (size_t)truncate; b++)
        clearn_writer_size(w, "class", p->cls[b], NULL);
    if (!truncate) {
        if (p->numeric)  /* at most the 2 bounds we have */
            clearn_writer_doubles(w, "breaks", p->breaks,
                                  p->branches == 0 ? 0 : p->branches > 3 ? 2 : p->branches - 1, NULL);
        clearn_writer_int(w, "has_missing", p->has_missing, NULL);
        clearn_writer_size(w, "missing", p->missing, NULL);
    }
    data = clearn__writer_data(w, &len);
    r = clearn__reader_new(data, len, "payload");
    ck_assert_ptr_nonnull(r);
    rc = type->load(st, r, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_finish(r, err);
    type->destroy(st);
    free(st);
    clearn__reader_free(r);
    clearn__writer_free(w);
    return rc;
}

START_TEST(oner_load_validates)
{
    clearn_error err;
    const struct oner_payload good = {3, 1, 3, 150, 144, 3, {0, 1, 2}, {0.8, 1.75}, 0, 0};
    struct oner_payload p = good;
    ck_assert_int_eq(load_payload(&clearn__oner_type, &p, 0, &err), CLEARN_OK);
    p.cls[1] = 3;
    ck_assert_int_eq(load_payload(&clearn__oner_type, &p, 0, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "oner model: 'class' is class 3 but there are 3 classes");
    p = good;
    p.missing = 7;
    ck_assert_int_eq(load_payload(&clearn__oner_type, &p, 0, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "oner model: 'missing' is class 7 but there are 3 classes");
    p = good;
    p.numeric = 2;
    ck_assert_int_eq(load_payload(&clearn__oner_type, &p, 0, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "oner model: 'numeric' is 2, not 0 or 1");
    p = good;
    p.has_missing = -1;
    ck_assert_int_eq(load_payload(&clearn__oner_type, &p, 0, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "oner model: 'has_missing' is -1, not 0 or 1");
    p = good;
    p.breaks[1] = 0.8;
    ck_assert_int_eq(load_payload(&clearn__oner_type, &p, 0, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "oner model: bound 2 is not finite and above the previous one");
    p = good;
    p.breaks[0] = NAN;
    ck_assert_int_eq(load_payload(&clearn__oner_type, &p, 0, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "oner model: bound 1 is not finite and above the previous one");
    p = good;
    p.branches = 0;
    ck_assert_int_eq(load_payload(&clearn__oner_type, &p, 0, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "oner model: a numeric rule without buckets");
    p = good;
    p.classes = 0;
    ck_assert_int_eq(load_payload(&clearn__oner_type, &p, 0, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "oner model: no classes");
    p = good;
    p.correct = 151;
    ck_assert_int_eq(load_payload(&clearn__oner_type, &p, 0, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "oner model: 151 of 150 rows correct");
    /* a count larger than the data: the reader runs out */
    p = good;
    p.branches = 1000000000;
    ck_assert_int_eq(load_payload(&clearn__oner_type, &p, 0, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "payload:10: expected 'class', found 'breaks'");
    p = good;
    ck_assert_int_eq(load_payload(&clearn__oner_type, &p, 1, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "payload:9: expected 'class', found the end of the data");
    /* nominal, with no breaks line */
    p = good;
    p.numeric = 0;
    ck_assert_int_eq(load_payload(&clearn__oner_type, &p, 0, &err), CLEARN_OK);
}
END_TEST

/* A loaded rule that does not fit the data (only a doctored file can make
 * one) is refused, not read out of bounds. */
START_TEST(oner_predict_checks_model)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("weather.nominal.arff", NULL);
    clearn_estimator *e = tu_fitted("oner", ds);
    const clearn_estimator_type *t = &clearn__oner_type;
    clearn_writer *w = clearn__writer_new();
    clearn_reader *r;
    const char *data;
    size_t len;
    void *st = calloc(1, t->state_size);
    double out[14];
    ck_assert_ptr_nonnull(st);
    /* the payload of a numeric rule on attribute 0 (which is nominal) */
    clearn_writer_size(w, "attribute", 0, NULL);
    clearn_writer_int(w, "numeric", 1, NULL);
    clearn_writer_size(w, "classes", 2, NULL);
    clearn_writer_size(w, "rows", 14, NULL);
    clearn_writer_size(w, "correct", 9, NULL);
    clearn_writer_size(w, "branches", 1, NULL);
    clearn_writer_size(w, "class", 0, NULL);
    clearn_writer_doubles(w, "breaks", NULL, 0, NULL);
    clearn_writer_int(w, "has_missing", 0, NULL);
    clearn_writer_size(w, "missing", 0, NULL);
    data = clearn__writer_data(w, &len);
    r = clearn__reader_new(data, len, "payload");
    ck_assert_int_eq(t->load(st, r, &err), CLEARN_OK);
    ck_assert_int_eq(t->predict(st, ds, out, &err), CLEARN_ESCHEMA);
    ck_assert_str_eq(err.text, "oner: the model's rule on attribute 1 (numeric) does not fit "
                               "the data's attributes");
    ck_assert_int_eq(t->print(st, ds, stdout, &err), CLEARN_ESCHEMA);
    t->destroy(st);
    clearn__reader_free(r);
    clearn__writer_free(w);
    /* the right attribute but a class with other categories */
    {
        const size_t outlook_play[] = {0, 4};
        clearn_dataset *small = clearn_dataset_select(ds, outlook_play, 2, &err);
        size_t code;
        ck_assert_ptr_nonnull(small);
        ck_assert_int_eq(clearn_dataset_add_category(small, 1, "maybe", &code, &err), CLEARN_OK);
        w = clearn__writer_new();
        clearn_writer_size(w, "attribute", 0, NULL);
        clearn_writer_int(w, "numeric", 0, NULL);
        clearn_writer_size(w, "classes", 2, NULL);
        clearn_writer_size(w, "rows", 14, NULL);
        clearn_writer_size(w, "correct", 10, NULL);
        clearn_writer_size(w, "branches", 3, NULL);
        for (int b = 0; b < 3; b++)
            clearn_writer_size(w, "class", b == 0, NULL);
        clearn_writer_int(w, "has_missing", 0, NULL);
        clearn_writer_size(w, "missing", 0, NULL);
        data = clearn__writer_data(w, &len);
        r = clearn__reader_new(data, len, "payload");
        ck_assert_int_eq(t->load(st, r, &err), CLEARN_OK);
        ck_assert_int_eq(t->predict(st, ds, out, &err), CLEARN_OK);  /* 5 attributes: fine */
        ck_assert_int_eq(t->predict_proba(st, small, out, &err), CLEARN_ESCHEMA);
        ck_assert_str_eq(err.text, "oner: the model has 2 classes but the data's class has 3");
        t->destroy(st);
        clearn__reader_free(r);
        clearn__writer_free(w);
        clearn_dataset_free(small);
    }
    free(st);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- zeror --------------------------------------------------------------------- */

START_TEST(zeror_weather)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("weather.nominal.arff", NULL);
    clearn_estimator *e = tu_fitted("zeror", ds);
    double out[14], proba[28];
    ck_assert_str_eq(printed(e), "ZeroR predicts class value: yes\n");
    predict(e, ds, out);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, proba, &err), CLEARN_OK);
    for (size_t i = 0; i < 14; i++) {
        ck_assert_double_eq(out[i], 0);
        ck_assert_double_eq(proba[2 * i], 9.0 / 14);
        ck_assert_double_eq(proba[2 * i + 1], 5.0 / 14);
    }
    ck_assert_uint_eq(n_correct(e, ds), 9);
    clearn_estimator_free(e);
    /* Weka's ZeroR distribution: (9 + 1) / (14 + 2) */
    e = tu_fitted("zeror laplace=true", ds);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, proba, &err), CLEARN_OK);
    ck_assert_double_eq(proba[0], 0.625);
    ck_assert_double_eq(proba[1], 0.375);
    round_trip(e, ds, "zeror_weather.model");
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* Equal counts: the lowest code; a class never seen has probability 0. */
START_TEST(zeror_ties)
{
    clearn_error err;
    clearn_dataset *ds = tu_arff("@relation t\n@attribute a numeric\n@attribute c {u,v,w}\n@data\n"
                              "1,w\n2,v\n3,w\n4,v\n5,?\n");
    clearn_estimator *e = tu_fitted("zeror", ds);
    double out[5], proba[15];
    predict(e, ds, out);
    ck_assert_double_eq(out[0], 1);
    ck_assert_double_eq(out[4], 1);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, proba, &err), CLEARN_OK);
    ck_assert_double_eq(proba[0], 0);
    ck_assert_double_eq(proba[1], 0.5);
    ck_assert_double_eq(proba[2], 0.5);
    ck_assert_str_eq(printed(e), "ZeroR predicts class value: v\n");
    clearn_estimator_free(e);
    e = tu_fitted("zeror laplace=yes", ds);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, proba, &err), CLEARN_OK);
    ck_assert_double_eq(proba[0], 1.0 / 7);
    ck_assert_double_eq(proba[1], 3.0 / 7);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* The mean of cpu's class: 22075 / 209, printed as Weka prints it. */
START_TEST(zeror_regression)
{
    clearn_error err;
    clearn_dataset *ds = tu_dataset("cpu.arff", NULL);
    clearn_estimator *e = tu_fitted("zeror", ds);
    double out[209], proba[2];
    predict(e, ds, out);
    for (size_t i = 0; i < 209; i++)
        ck_assert_double_eq(out[i], 22075.0 / 209);
    ck_assert_str_eq(printed(e), "ZeroR predicts class value: 105.622009569378\n");
    ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, proba, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "zeror gives no class probabilities here");
    round_trip(e, ds, "zeror_cpu.model");
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    /* huge values: the plain sum would overflow */
    ds = tu_arff("@relation t\n@attribute y numeric\n@data\n1e308\n1.5e308\n1.7e308\n");
    e = tu_fitted("zeror", ds);
    predict(e, ds, out);
    ck_assert_double_eq_tol(out[0], 1.4e308, 1e293);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(zeror_bad_parameters)
{
    clearn_error err;
    ck_assert_ptr_null(clearn_estimator_new("zeror laplace=maybe", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "parameter laplace: 'maybe' is not a boolean "
                               "(allowed: bool (true or false))");
    ck_assert_ptr_null(clearn_estimator_new("zeror k=3", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "zeror has no parameter 'k' (parameters: laplace)");
}
END_TEST

/* Runs zeror's load on a hand-written payload. */
static int zeror_load_payload(long regress, size_t k, const double *proba, double value,
                              clearn_error *err)
{
    const clearn_estimator_type *t = &clearn__zeror_type;
    clearn_writer *w = clearn__writer_new();
    clearn_reader *r;
    const char *data;
    size_t len;
    void *st = calloc(1, t->state_size);
    int rc;
    ck_assert_ptr_nonnull(st);
    clearn_writer_int(w, "regress", regress, NULL);
    if (regress != 1) {
        clearn_writer_size(w, "classes", k, NULL);
        clearn_writer_doubles(w, "proba", proba, k, NULL);
    }
    clearn_writer_double(w, "value", value, NULL);
    data = clearn__writer_data(w, &len);
    r = clearn__reader_new(data, len, "payload");
    rc = t->load(st, r, err);
    t->destroy(st);
    free(st);
    clearn__reader_free(r);
    clearn__writer_free(w);
    return rc;
}

START_TEST(zeror_load_validates)
{
    clearn_error err;
    const double good[2] = {0.625, 0.375}, bad_sum[2] = {0.6, 0.3}, neg[2] = {1.5, -0.5};
    ck_assert_int_eq(zeror_load_payload(0, 2, good, 0, &err), CLEARN_OK);
    ck_assert_int_eq(zeror_load_payload(1, 0, NULL, 105.6, &err), CLEARN_OK);
    ck_assert_int_eq(zeror_load_payload(0, 2, bad_sum, 0, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "zeror model: the probabilities sum to 0.9, not 1");
    ck_assert_int_eq(zeror_load_payload(0, 2, neg, 0, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "zeror model: probability 0 is not in [0, 1]");
    ck_assert_int_eq(zeror_load_payload(0, 2, good, 2, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "zeror model: the predicted class is not one of the 2 classes");
    ck_assert_int_eq(zeror_load_payload(0, 2, good, 0.5, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "zeror model: the predicted class is not one of the 2 classes");
    ck_assert_int_eq(zeror_load_payload(0, 0, NULL, 0, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "zeror model: no classes");
    ck_assert_int_eq(zeror_load_payload(3, 0, NULL, 0, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "zeror model: 'regress' is 3, not 0 or 1");
    ck_assert_int_eq(zeror_load_payload(1, 0, NULL, INFINITY, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "zeror model: the mean is not finite");
}
END_TEST

/* What the type itself refuses: probabilities of a numeric class, and data
 * whose class has other categories than the model's. */
START_TEST(zeror_type_checks)
{
    clearn_error err;
    const clearn_estimator_type *t = &clearn__zeror_type;
    clearn_dataset *ds = tu_dataset("weather.nominal.arff", NULL);
    void *st = calloc(1, t->state_size);
    double out[28];
    const double three[3] = {0.5, 0.25, 0.25};
    for (int regress = 1; regress >= 0; regress--) {
        clearn_writer *w = clearn__writer_new();
        clearn_reader *r;
        const char *data;
        size_t len;
        clearn_writer_int(w, "regress", regress, NULL);
        if (!regress) {
            clearn_writer_size(w, "classes", 3, NULL);
            clearn_writer_doubles(w, "proba", three, 3, NULL);
        }
        clearn_writer_double(w, "value", 0, NULL);
        data = clearn__writer_data(w, &len);
        r = clearn__reader_new(data, len, "payload");
        ck_assert_int_eq(t->load(st, r, &err), CLEARN_OK);
        if (regress) {
            ck_assert_int_eq(t->predict_proba(st, ds, out, &err), CLEARN_EINVAL);
            ck_assert_str_eq(err.text, "zeror: no class probabilities for a numeric class");
        } else {
            ck_assert_int_eq(t->predict(st, ds, out, &err), CLEARN_ESCHEMA);
            ck_assert_str_eq(err.text, "zeror: the model has 3 classes but the data's class has 2");
            ck_assert_int_eq(t->predict_proba(st, ds, out, &err), CLEARN_ESCHEMA);
            ck_assert_int_eq(t->print(st, ds, stdout, &err), CLEARN_ESCHEMA);
        }
        t->destroy(st);
        clearn__reader_free(r);
        clearn__writer_free(w);
    }
    free(st);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- out of memory ---------------------------------------------------------------- */

/* Fails each allocation of fit, predict and save in turn: every failure is
 * CLEARN_ENOMEM, and nothing leaks (run under valgrind). */
static void fit_until_success(const char *spec, const char *file)
{
    clearn_dataset *ds = tu_dataset(file, NULL);
    double *out = malloc(clearn_dataset_rows(ds) * 3 * sizeof *out);
    ck_assert_ptr_nonnull(out);
    for (long n = 0;; n++) {
        clearn_error err;
        clearn_estimator *e;
        long before = clearn__alloc_calls();
        int rc = CLEARN_ENOMEM;
        clearn__alloc_fail_after(n);
        e = clearn_estimator_new(spec, &err);
        if (e && (rc = clearn_estimator_fit(e, ds, &err)) == CLEARN_OK &&
            (rc = clearn_estimator_predict(e, ds, out, &err)) == CLEARN_OK &&
            (rc = clearn_estimator_predict_proba(e, ds, out, &err)) == CLEARN_EINVAL)
            rc = CLEARN_OK;  /* regression */
        if (rc == CLEARN_OK)
            rc = clearn_estimator_save(e, build_path("baseline_nomem.model"), &err);
        clearn__alloc_fail_after(-1);
        if (!e || rc != CLEARN_OK)
            ck_assert_msg(err.code == CLEARN_ENOMEM, "%s after %ld: %s", spec, n, err.text);
        clearn_estimator_free(e);
        if (rc == CLEARN_OK && clearn__alloc_calls() - before <= n)
            break;
    }
    remove(build_path("baseline_nomem.model"));
    free(out);
    clearn_dataset_free(ds);
}

START_TEST(out_of_memory)
{
    fit_until_success("oner", "weather.numeric.arff");
    fit_until_success("oner min_bucket=2", "labor.arff");
    fit_until_success("zeror", "weather.nominal.arff");
    fit_until_success("zeror", "cpu.arff");
}
END_TEST

/* ---- registry ---------------------------------------------------------------------- */

START_TEST(types_registered)
{
    const clearn_estimator_type *z = clearn_estimator_type_find("zeror");
    const clearn_estimator_type *o = clearn_estimator_type_find("oner");
    ck_assert_ptr_eq(z, &clearn__zeror_type);
    ck_assert_ptr_eq(o, &clearn__oner_type);
    ck_assert_uint_eq(z->tasks, CLEARN_CLASSIFY | CLEARN_REGRESS);
    ck_assert_uint_eq(o->tasks, CLEARN_CLASSIFY);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("baseline");
    TCase *tc = tcase_create("oner");
    tcase_add_test(tc, oner_weather_nominal);
    tcase_add_test(tc, oner_tie_goes_to_first_attribute);
    tcase_add_test(tc, oner_weather_numeric);
    tcase_add_test(tc, oner_iris);
    tcase_add_test(tc, oner_row_order);
    tcase_add_test(tc, oner_more_data_sets);
    tcase_add_test(tc, oner_number_format);
    tcase_add_test(tc, oner_empty_category);
    tcase_add_test(tc, oner_missing_branch);
    tcase_add_test(tc, oner_missing_without_branch);
    tcase_add_test(tc, oner_all_missing_attribute);
    tcase_add_test(tc, oner_bad_parameters);
    tcase_add_test(tc, oner_bad_data);
    tcase_add_test(tc, oner_save_load);
    tcase_add_test(tc, oner_load_validates);
    tcase_add_test(tc, oner_predict_checks_model);
    suite_add_tcase(s, tc);
    tc = tcase_create("zeror");
    tcase_add_test(tc, zeror_weather);
    tcase_add_test(tc, zeror_ties);
    tcase_add_test(tc, zeror_regression);
    tcase_add_test(tc, zeror_bad_parameters);
    tcase_add_test(tc, zeror_load_validates);
    tcase_add_test(tc, zeror_type_checks);
    suite_add_tcase(s, tc);
    tc = tcase_create("common");
    tcase_add_test(tc, out_of_memory);
    tcase_add_test(tc, types_registered);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
