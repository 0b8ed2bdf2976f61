/* Tests of the cart estimator (lib/tree_cart*.c, <clearn/tree.h>).
 *
 * Reference trees come from scikit-learn 1.2.1 (Debian 12's python3-sklearn)
 * and live in the .txt files of tests/data/cart, written by
 *     /usr/bin/python3 tests/data/cart/make_fixtures.py
 * (each file's first line is the scikit-learn call). scikit-learn reads X
 * as float32, so its thresholds are midpoints of float32 values: they are
 * compared with a relative tolerance of 1e-6; everything else (structure,
 * features, sample counts, impurities, leaf values, importances, the
 * pruning path) must agree to 1e-9. */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "tree_cart.h"

/* ---- helpers ------------------------------------------------------------- */

static const struct cart *state(const clearn_estimator *e)
{
    return clearn__estimator_state(e);
}

/* What an output function writes, in a static buffer. */
static const char *output(const clearn_estimator *e,
                          int (*fn)(const clearn_estimator *, FILE *, clearn_error *))
{
    static char buf[1 << 16];
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

static void assert_close(double got, double want, double rel, const char *what, size_t i)
{
    double tol = rel * fmax(fabs(want), 1.0);
    ck_assert_msg(fabs(got - want) <= tol || (isinf(got) && got == want),
                  "%s of node %zu: %.17g, expected %.17g", what, i, got, want);
}

/* The model payload (what save writes) as text. */
static char *payload(const clearn_estimator *e)
{
    clearn_error err;
    clearn_writer *w = clearn__writer_new();
    const char *data;
    size_t len;
    char *copy;
    ck_assert_ptr_nonnull(w);
    ck_assert_msg(clearn__cart_type.save(state(e), w, &err) == CLEARN_OK, "%s", err.text);
    data = clearn__writer_data(w, &len);
    copy = malloc(len + 1);
    memcpy(copy, data, len);
    copy[len] = '\0';
    clearn__writer_free(w);
    return copy;
}

/* ---- scikit-learn fixtures ------------------------------------------------ */

struct fixture {
    const char *file, *data, *cls;
};

static const struct fixture fixtures[] = {
    {"iris_gini", "iris.csv", "class"},
    {"iris_entropy_d3", "iris.csv", "class"},
    {"wine_gini", "wine.csv", "class"},
    {"wine_entropy", "wine.csv", "class"},
    {"cancer_leaf20", "breast_cancer.csv", "class"},
    {"cancer_entropy_leaf10", "breast_cancer.csv", "class"},
    {"cancer_weights_leaf20", "breast_cancer.csv", "class"},
    {"cancer_leaves10", "breast_cancer.csv", "class"},
    {"cancer_ccp", "breast_cancer.csv", "class"},
    {"cancer_mid", "breast_cancer.csv", "class"},
    {"diabetes_leaf10", "diabetes.csv", "y"},
    {"diabetes_d4", "diabetes.csv", "y"},
    {"diabetes_mae_d3", "diabetes.csv", "y"},
    {"diabetes_poisson_d4", "diabetes.csv", "y"},
    {"diabetes_leaves20", "diabetes.csv", "y"},
    {"diabetes_ccp", "diabetes.csv", "y"},
};

static void read_doubles(FILE *f, const char *key, double *v, size_t n)
{
    char word[64];
    ck_assert_int_eq(fscanf(f, "%63s", word), 1);
    ck_assert_str_eq(word, key);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(fscanf(f, "%lf", &v[i]), 1);
}

static void compare_node(const struct cart *m, FILE *f, size_t i)
{
    const struct cart_node *nd = &m->t.nodes[i];
    long id, left, right, feature, samples;
    double thr, imp, w, v;
    ck_assert_int_eq(fscanf(f, "%ld %ld %ld %ld %lf %lf %ld %lf", &id, &left, &right, &feature,
                            &thr, &imp, &samples, &w), 8);
    ck_assert_int_eq((size_t)id, i);
    ck_assert_msg((left < 0 ? CART_LEAF : (size_t)left) == nd->left, "left of node %zu", i);
    ck_assert_msg((right < 0 ? CART_LEAF : (size_t)right) == nd->right, "right of node %zu", i);
    if (left >= 0) {
        ck_assert_msg((size_t)feature == nd->attr, "feature of node %zu: %zu, expected %ld", i,
                      nd->attr, feature);
        assert_close(nd->threshold, thr, 1e-6, "threshold", i);
    }
    assert_close(nd->impurity, imp, 1e-9, "impurity", i);
    ck_assert_msg((size_t)samples == nd->samples, "samples of node %zu", i);
    assert_close(nd->weight, w, 1e-12, "weight", i);
    for (size_t c = 0; c < m->kv; c++) {
        ck_assert_int_eq(fscanf(f, "%lf", &v), 1);
        assert_close(m->t.value[i * m->kv + c], v, 1e-9, "value", i);
    }
}

static void compare_path(const clearn_estimator *e, const clearn_dataset *ds, FILE *f)
{
    clearn_error err;
    double *alphas, *imps, *want;
    size_t n;
    long steps;
    char word[16];
    if (fscanf(f, "%15s %ld", word, &steps) != 2)
        return;                     /* no path in this fixture */
    ck_assert_str_eq(word, "path");
    ck_assert_int_eq(clearn_cart_pruning_path(e, ds, &alphas, &imps, &n, &err), CLEARN_OK);
    ck_assert_uint_eq(n, (size_t)steps);
    want = malloc(n * sizeof *want);
    read_doubles(f, "alphas", want, n);
    for (size_t i = 0; i < n; i++)
        assert_close(alphas[i], want[i], 1e-9, "ccp alpha", i);
    read_doubles(f, "impurities", want, n);
    for (size_t i = 0; i < n; i++)
        assert_close(imps[i], want[i], 1e-9, "path impurity", i);
    free(want);
    clearn_free(alphas);
    clearn_free(imps);
}

START_TEST(test_sklearn_fixture)
{
    const struct fixture *fx = &fixtures[_i];
    char rel[128], line[512], *spec;
    clearn_dataset *ds = tu_dataset(fx->data, fx->cls);
    clearn_estimator *e;
    const struct cart *m;
    clearn_error err;
    double *imp, want;
    long nodes;
    size_t p = clearn_dataset_features(ds);
    FILE *f;
    snprintf(rel, sizeof rel, "tests/data/cart/%s.txt", fx->file);
    ck_assert_ptr_nonnull(f = fopen(src_path(rel), "r"));
    do
        ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    while (line[0] == '#');
    ck_assert(!strncmp(line, "spec ", 5));
    spec = line + 5;
    spec[strcspn(spec, "\n")] = '\0';
    e = tu_fitted(spec, ds);
    m = state(e);
    ck_assert_int_eq(fscanf(f, " nodes %ld", &nodes), 1);
    ck_assert_msg((size_t)nodes == m->t.n_nodes, "%s: %zu nodes, expected %ld", fx->file,
                  m->t.n_nodes, nodes);
    for (size_t i = 0; i < m->t.n_nodes; i++)
        compare_node(m, f, i);
    imp = malloc(p * sizeof *imp);
    ck_assert_int_eq(clearn_tree_feature_importances(e, imp, p, &err), CLEARN_OK);
    ck_assert_int_eq(fscanf(f, " importances"), 0);
    for (size_t j = 0; j < p; j++) {
        ck_assert_int_eq(fscanf(f, "%lf", &want), 1);
        assert_close(imp[j], want, 1e-9, "importance", j);
    }
    compare_path(e, ds, f);
    free(imp);
    fclose(f);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- text and DOT ---------------------------------------------------------- */

START_TEST(test_export_text)
{
    /* from tests/data/cart/iris_entropy_d3.txt's call, then
     * sklearn.tree.export_text(model, feature_names=[...]) with the class
     * codes replaced by their names */
    static const char want_iris[] =
        "|--- petallength <= 2.45\n"
        "|   |--- class: Iris-setosa\n"
        "|--- petallength >  2.45\n"
        "|   |--- petalwidth <= 1.75\n"
        "|   |   |--- petallength <= 4.95\n"
        "|   |   |   |--- class: Iris-versicolor\n"
        "|   |   |--- petallength >  4.95\n"
        "|   |   |   |--- class: Iris-virginica\n"
        "|   |--- petalwidth >  1.75\n"
        "|   |   |--- petallength <= 4.85\n"
        "|   |   |   |--- class: Iris-virginica\n"
        "|   |   |--- petallength >  4.85\n"
        "|   |   |   |--- class: Iris-virginica\n";
    /* DecisionTreeRegressor(random_state=0, criterion='absolute_error',
     * max_depth=3) on datasets/diabetes.csv, export_text verbatim */
    static const char want_diabetes[] =
        "|--- s5 <= 4.60\n"
        "|   |--- bmi <= 26.95\n"
        "|   |   |--- s5 <= 4.17\n"
        "|   |   |   |--- value: [72.00]\n"
        "|   |   |--- s5 >  4.17\n"
        "|   |   |   |--- value: [93.00]\n"
        "|   |--- bmi >  26.95\n"
        "|   |   |--- age <= 26.50\n"
        "|   |   |   |--- value: [274.00]\n"
        "|   |   |--- age >  26.50\n"
        "|   |   |   |--- value: [144.00]\n"
        "|--- s5 >  4.60\n"
        "|   |--- bmi <= 27.75\n"
        "|   |   |--- bp <= 81.50\n"
        "|   |   |   |--- value: [115.50]\n"
        "|   |   |--- bp >  81.50\n"
        "|   |   |   |--- value: [166.00]\n"
        "|   |--- bmi >  27.75\n"
        "|   |   |--- bmi <= 32.75\n"
        "|   |   |   |--- value: [220.00]\n"
        "|   |   |--- bmi >  32.75\n"
        "|   |   |   |--- value: [274.00]\n";
    clearn_dataset *iris = tu_dataset("iris.csv", NULL), *dia = tu_dataset("diabetes.csv", "y");
    clearn_estimator *a = tu_fitted("cart criterion=entropy max_depth=3", iris);
    clearn_estimator *b = tu_fitted("cart criterion=absolute_error max_depth=3", dia);
    ck_assert_str_eq(output(a, clearn_estimator_print), want_iris);
    ck_assert_str_eq(output(b, clearn_estimator_print), want_diabetes);
    clearn_estimator_free(a);
    clearn_estimator_free(b);
    clearn_dataset_free(iris);
    clearn_dataset_free(dia);
}
END_TEST

START_TEST(test_dot)
{
    clearn_dataset *iris = tu_dataset("iris.csv", NULL);
    clearn_estimator *e = tu_fitted("cart max_depth=1", iris);
    ck_assert_str_eq(output(e, clearn_estimator_dot),
                     "digraph Tree {\n"
                     "node [shape=box, fontname=\"helvetica\"] ;\n"
                     "edge [fontname=\"helvetica\"] ;\n"
                     "0 [label=\"petallength <= 2.45\\ngini = 0.667\\nsamples = 150\\n"
                     "value = [50.0, 50.0, 50.0]\\nclass = Iris-setosa\"] ;\n"
                     "0 -> 1 [labeldistance=2.5, labelangle=45, headlabel=\"True\"] ;\n"
                     "1 [label=\"gini = 0.0\\nsamples = 50\\nvalue = [50.0, 0.0, 0.0]\\n"
                     "class = Iris-setosa\"] ;\n"
                     "0 -> 2 [labeldistance=2.5, labelangle=-45, headlabel=\"False\"] ;\n"
                     "2 [label=\"gini = 0.5\\nsamples = 100\\nvalue = [0.0, 50.0, 50.0]\\n"
                     "class = Iris-versicolor\"] ;\n"
                     "}\n");
    clearn_estimator_free(e);
    clearn_dataset_free(iris);
}
END_TEST

START_TEST(test_explain)
{
    clearn_dataset *ds = tu_dataset("weather.nominal.arff", NULL);
    clearn_estimator *e = tu_fitted("cart max_depth=1 trace=1", ds), *plain = tu_fitted("cart", ds);
    clearn_error err;
    const char *text = output(e, clearn_estimator_explain);
    /* Gini of 9 yes / 5 no: 1 - (9/14)^2 - (5/14)^2 = 0.459184; outlook =
     * overcast (4 yes) against the rest (5 yes, 5 no): 0.459184 - 10/14 x
     * 0.5 = 0.102041, the best of the four attributes. */
    ck_assert_msg(strstr(text, "node 0: 14 rows, weight 14, gini 0.459184\n"), "%s", text);
    ck_assert_msg(strstr(text, "  outlook              in {overcast}  decrease 0.102041  <- best\n"),
                  "%s", text);
    ck_assert_msg(strstr(text, "  humidity             in {normal}  decrease 0.0918367\n"), "%s",
                  text);
    ck_assert_msg(strstr(text, "node 1: 4 rows, leaf\n"), "%s", text);
    ck_assert_int_eq(clearn_estimator_explain(plain, stdout, &err), CLEARN_EINVAL);
    ck_assert_msg(strstr(err.text, "trace=1"), "%s", err.text);
    clearn_estimator_free(e);
    clearn_estimator_free(plain);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- nominal attributes ------------------------------------------------------ */

/* Weighted Gini (or squared error) of the root split that sends the
 * categories in mask left; by brute force over the rows. */
static double subset_score(const clearn_dataset *ds, size_t j, unsigned mask, int regress)
{
    double n[2] = {0, 0}, s[2][3] = {{0}}, total = 0;
    for (size_t i = 0; i < ds->n; i++) {
        const double *r = ds->x + i * ds->d;
        int side = (mask >> (int)r[j]) & 1;
        n[side]++;
        if (regress) {
            s[side][0] += r[ds->cls];
            s[side][1] += r[ds->cls] * r[ds->cls];
        } else {
            s[side][(int)r[ds->cls]]++;
        }
    }
    for (int side = 0; side < 2; side++) {
        if (!n[side])
            return INFINITY;
        if (regress)
            total += s[side][1] - s[side][0] * s[side][0] / n[side];
        else
            total += n[side] - (s[side][0] * s[side][0] + s[side][1] * s[side][1]) / n[side];
    }
    return total;
}

/* A random nominal attribute of 7 categories whose classes (or targets)
 * depend on the category: the ordering search must find the subset an
 * exhaustive search finds. */
START_TEST(test_nominal_optimal)
{
    static const char *const cats[] = {"a", "b", "c", "d", "e", "f", "g"};
    static const char *const cls[] = {"no", "yes"};
    int regress = _i;
    clearn_error err;
    clearn_rng r;
    double row[2];
    clearn_dataset *ds = clearn_dataset_new("nominal", &err);
    clearn_estimator *e;
    const struct cart *m;
    double best = INFINITY, got;
    unsigned mask = 0;
    clearn_rng_seed(&r, 7, (uint64_t)_i);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "x", cats, 7, NULL, &err), CLEARN_OK);
    if (regress)
        ck_assert_int_eq(clearn_dataset_add_numeric(ds, "y", NULL, &err), CLEARN_OK);
    else
        ck_assert_int_eq(clearn_dataset_add_nominal(ds, "y", cls, 2, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_set_class(ds, 1, &err), CLEARN_OK);
    for (int i = 0; i < 300; i++) {
        row[0] = (double)clearn_rng_below(&r, 7);
        row[1] = regress ? row[0] * row[0] * (row[0] > 3 ? -1 : 1) + clearn_rng_normal(&r)
                 : (double)(clearn_rng_uniform(&r) < 0.1 + 0.13 * ((int)row[0] * 5 % 7));
        ck_assert_int_eq(clearn_dataset_add_row(ds, row, &err), CLEARN_OK);
    }
    e = tu_fitted("cart max_depth=1", ds);
    m = state(e);
    ck_assert_uint_eq(m->t.n_nodes, 3);
    for (unsigned s = 1; s < 127; s++)
        best = fmin(best, subset_score(ds, 0, s, regress));
    for (unsigned c = 0; c < 7; c++)
        if (m->t.dirs[m->t.nodes[0].cats + c] == 1)
            mask |= 1u << c;
    got = subset_score(ds, 0, mask, regress);
    ck_assert_msg(fabs(got - best) <= 1e-9 * fabs(best), "subset %#x: %.17g, best %.17g", mask,
                  got, best);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_nominal_print)
{
    clearn_dataset *ds = tu_dataset("weather.nominal.arff", NULL);
    clearn_estimator *e = tu_fitted("cart max_depth=2", ds);
    ck_assert_str_eq(output(e, clearn_estimator_print),
                     "|--- outlook in {overcast}\n"
                     "|   |--- class: yes\n"
                     "|--- outlook not in {overcast}\n"
                     "|   |--- humidity in {normal}\n"
                     "|   |   |--- class: yes\n"
                     "|   |--- humidity not in {normal}\n"
                     "|   |   |--- class: no\n");
    /* no missing value in training: missing and unseen categories follow
     * the larger child (10 rows against 4) */
    ck_assert_int_eq(state(e)->t.nodes[0].missing_left, 0);
    ck_assert_int_eq(state(e)->t.nodes[0].saw_missing, 0);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- missing values ----------------------------------------------------------- */

static const char missing_arff[] =
    "@relation m\n@attribute x numeric\n@attribute c {a,b}\n@attribute y {p,q}\n@data\n"
    "1,a,p\n2,a,p\n3,a,p\n10,b,q\n11,b,q\n12,b,q\n?,?,q\n?,?,q\n";

START_TEST(test_missing_learned)
{
    clearn_dataset *ds = tu_arff(missing_arff), *q;
    clearn_estimator *e = tu_fitted("cart", ds);
    const struct cart *m = state(e);
    clearn_error err;
    double pred[3];
    /* x <= 6.5 separates p from q; the missing rows are q: right */
    ck_assert_uint_eq(m->t.n_nodes, 3);
    ck_assert_uint_eq(m->t.nodes[0].attr, 0);
    ck_assert_double_eq(m->t.nodes[0].threshold, 6.5);
    ck_assert_int_eq(m->t.nodes[0].missing_left, 0);
    ck_assert_str_eq(output(e, clearn_estimator_print),
                     "|--- x <= 6.50\n|   |--- class: p\n|--- x >  6.50 (or missing)\n"
                     "|   |--- class: q\n");
    q = tu_arff("@relation m\n@attribute x numeric\n@attribute c {a,b,z}\n@attribute y {p,q}\n"
             "@data\n?,a,?\n2,z,?\n20,?,?\n");
    ck_assert_int_eq(clearn_estimator_predict(e, q, pred, &err), CLEARN_OK);
    ck_assert_double_eq(pred[0], 1);
    ck_assert_double_eq(pred[1], 0);
    ck_assert_double_eq(pred[2], 1);
    clearn_estimator_free(e);
    clearn_dataset_free(q);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_missing_alone)
{
    /* Known values say nothing; whether a value is missing says it all:
     * every known value left, the missing ones right (threshold inf). */
    clearn_dataset *ds = tu_arff("@relation m\n@attribute x numeric\n@attribute y {p,q}\n@data\n"
                              "1,p\n1,p\n1,p\n1,p\n?,q\n?,q\n");
    clearn_estimator *e = tu_fitted("cart", ds);
    const struct cart *m = state(e);
    ck_assert_uint_eq(m->t.n_nodes, 3);
    ck_assert(isinf(m->t.nodes[0].threshold));
    ck_assert_int_eq(m->t.nodes[0].missing_left, 0);
    ck_assert_double_eq(m->t.value[m->t.nodes[0].right * 2 + 1], 2);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_missing_nominal_and_unseen)
{
    clearn_dataset *ds = tu_arff("@relation m\n@attribute c {a,b,c,d}\n@attribute y {p,q}\n@data\n"
                              "a,p\na,p\nb,q\nb,q\nb,q\nc,p\n?,p\n"), *q;
    clearn_estimator *e = tu_fitted("cart", ds);
    const struct cart *m = state(e);
    clearn_error err;
    double pred[3];
    /* b against {a, c}; missing (p) joins {a, c}; d never reached the node */
    ck_assert_uint_eq(m->t.n_nodes, 3);
    ck_assert_int_eq(m->t.dirs[m->t.nodes[0].cats + 3], 0);
    q = tu_arff("@relation m\n@attribute c {a,b,c,d}\n@attribute y {p,q}\n@data\nd,?\n?,?\nb,?\n");
    ck_assert_int_eq(clearn_estimator_predict(e, q, pred, &err), CLEARN_OK);
    ck_assert_double_eq(pred[0], 0);
    ck_assert_double_eq(pred[1], 0);
    ck_assert_double_eq(pred[2], 1);
    clearn_estimator_free(e);
    clearn_dataset_free(q);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- parameters ------------------------------------------------------------------ */

/* A synthetic data set: n rows, d numeric features, a class (3 classes)
 * or a numeric target, a few missing values. */
static clearn_dataset *synthetic(size_t n, size_t d, int regress, uint64_t seed)
{
    static const char *const cls[] = {"c0", "c1", "c2"};
    clearn_error err;
    clearn_rng r;
    double *x = malloc(n * d * sizeof *x), *y = malloc(n * sizeof *y);
    clearn_dataset *ds;
    clearn_rng_seed(&r, seed, 0);
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < d; j++) {
            x[i * d + j] = j % 3 == 2 ? (double)clearn_rng_below(&r, 10) : clearn_rng_normal(&r);
            s += x[i * d + j] * (double)(j % 4);
        }
        if (i % 97 == 5)
            x[i * d + i % d] = NAN;
        y[i] = regress ? s + clearn_rng_normal(&r) : (double)(((long)floor(s) % 3 + 3) % 3);
    }
    ds = clearn_dataset_from_arrays(n, d, x, NULL, y, regress ? NULL : cls, 3, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    free(x);
    free(y);
    return ds;
}

START_TEST(test_threads_identical)
{
    size_t n = tu_valgrind() ? 3000 : 30000;
    clearn_dataset *ds = synthetic(n, 12, _i, 3);
    const char *specs[] = {"cart threads=1", "cart threads=2", "cart threads=4",
                           "cart threads=0"};
    const char *sampled[] = {"cart max_features=sqrt threads=1",
                             "cart max_features=sqrt threads=3"};
    char *ref = NULL;
    for (size_t s = 0; s < 6; s++) {
        clearn_estimator *e = tu_fitted(s < 4 ? specs[s] : sampled[s - 4], ds);
        char *p = payload(e);
        if (s == 0 || s == 4) {
            free(ref);
            ref = p;
        } else {
            ck_assert_msg(!strcmp(p, ref), "spec %zu differs", s);
            free(p);
        }
        clearn_estimator_free(e);
    }
    free(ref);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_limits)
{
    clearn_dataset *ds = synthetic(2000, 6, 0, 5);
    clearn_estimator *e;
    clearn_tree_stats st;
    clearn_error err;
    const struct cart *m;
    e = tu_fitted("cart max_depth=3", ds);
    ck_assert_int_eq(clearn_tree_info(e, &st, &err), CLEARN_OK);
    ck_assert_uint_eq(st.depth, 3);
    ck_assert_uint_eq(st.features, 6);
    ck_assert_uint_eq(st.classes, 3);
    ck_assert_uint_le(st.leaves, 8);
    clearn_estimator_free(e);
    e = tu_fitted("cart min_samples_leaf=50", ds);
    m = state(e);
    for (size_t i = 0; i < m->t.n_nodes; i++)
        ck_assert_uint_ge(m->t.nodes[i].samples, 50);
    clearn_estimator_free(e);
    e = tu_fitted("cart min_samples_split=300", ds);
    m = state(e);
    for (size_t i = 0; i < m->t.n_nodes; i++)
        if (m->t.nodes[i].left != CART_LEAF)
            ck_assert_uint_ge(m->t.nodes[i].samples, 300);
    clearn_estimator_free(e);
    e = tu_fitted("cart max_leaf_nodes=7", ds);
    ck_assert_int_eq(clearn_tree_info(e, &st, &err), CLEARN_OK);
    ck_assert_uint_eq(st.leaves, 7);
    ck_assert_uint_eq(st.nodes, 13);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_max_features_seed)
{
    clearn_dataset *ds = synthetic(1500, 10, 1, 9);
    clearn_estimator *a = tu_fitted("cart max_features=3 seed=1", ds);
    clearn_estimator *b = tu_fitted("cart max_features=3 seed=1", ds);
    clearn_estimator *c = tu_fitted("cart max_features=0.3 seed=2", ds);
    char *pa = payload(a), *pb = payload(b), *pc = payload(c);
    ck_assert_str_eq(pa, pb);
    ck_assert_str_ne(pa, pc);
    free(pa);
    free(pb);
    free(pc);
    clearn_estimator_free(a);
    clearn_estimator_free(b);
    clearn_estimator_free(c);
    clearn_dataset_free(ds);
}
END_TEST

/* balanced = n / (classes x count): wine has 59, 71 and 48 rows */
START_TEST(test_balanced)
{
    clearn_dataset *ds = tu_dataset("wine.csv", NULL);
    clearn_estimator *a = tu_fitted("cart class_weight=balanced", ds);
    clearn_estimator *b = tu_fitted("cart class_weight=class_0:1.0056497175141244,"
                                 "class_1:0.83568075117370888,class_2:1.2361111111111112", ds);
    char *pa = payload(a), *pb = payload(b);
    ck_assert_double_eq_tol(178.0 / (3 * 59), 1.0056497175141244, 1e-16);
    ck_assert_str_eq(pa, pb);
    ck_assert_double_eq_tol(state(a)->t.nodes[0].weight, 178, 1e-12);
    free(pa);
    free(pb);
    clearn_estimator_free(a);
    clearn_estimator_free(b);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_proba_and_predict)
{
    clearn_dataset *ds = tu_dataset("iris.csv", NULL);
    clearn_estimator *e = tu_fitted("cart max_depth=2", ds);
    clearn_error err;
    double *proba = malloc(150 * 3 * sizeof *proba), pred[150];
    ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, proba, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(e, ds, pred, &err), CLEARN_OK);
    /* row 51 (versicolor) ends in the leaf of 49 versicolor, 5 virginica */
    ck_assert_double_eq_tol(proba[50 * 3 + 1], 49.0 / 54.0, 1e-15);
    ck_assert_double_eq_tol(proba[50 * 3 + 2], 5.0 / 54.0, 1e-15);
    ck_assert_double_eq(pred[50], 1);
    ck_assert_double_eq(pred[0], 0);
    free(proba);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- edge cases ------------------------------------------------------------------ */

START_TEST(test_degenerate)
{
    static const char *const texts[] = {
        /* one row */
        "@relation d\n@attribute x numeric\n@attribute y {p,q}\n@data\n1,p\n",
        /* one class */
        "@relation d\n@attribute x numeric\n@attribute y {p,q}\n@data\n1,p\n2,p\n3,p\n",
        /* constant feature */
        "@relation d\n@attribute x numeric\n@attribute y {p,q}\n@data\n1,p\n1,q\n1,p\n",
        /* all missing */
        "@relation d\n@attribute x numeric\n@attribute y {p,q}\n@data\n?,p\n?,q\n",
        /* no feature at all */
        "@relation d\n@attribute y {p,q}\n@data\np\nq\nq\n",
        /* huge values, regression */
        "@relation d\n@attribute x numeric\n@attribute y numeric\n@data\n"
        "1e300,1e300\n-1e300,-1e300\n1.7e308,1.7e308\n0,0\n",
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        clearn_dataset *ds = tu_arff(texts[t]);
        clearn_estimator *e = tu_fitted("cart", ds);
        clearn_error err;
        double pred[8];
        ck_assert_int_eq(clearn_estimator_predict(e, ds, pred, &err), CLEARN_OK);
        if (t < 2)
            ck_assert_double_eq(pred[0], 0);
        clearn_estimator_free(e);
        clearn_dataset_free(ds);
    }
}
END_TEST

/* ---- errors ------------------------------------------------------------------------ */

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
    clearn_dataset *neg = tu_arff("@relation n\n@attribute x numeric\n@attribute y numeric\n@data\n"
                               "1,1\n2,-1\n"), *zero;
    clearn_error err;
    fit_fails("cart criterion=squared_error", iris, CLEARN_EINVAL,
              "criterion=squared_error is for regression, but the class is nominal");
    fit_fails("cart criterion=gini", dia, CLEARN_EINVAL,
              "criterion=gini is for classification, but the class is numeric");
    fit_fails("cart max_features=abc", iris, CLEARN_EINVAL, "max_features='abc': expected all");
    fit_fails("cart max_features=1.5", iris, CLEARN_EINVAL, "max_features='1.5'");
    fit_fails("cart max_features=0", iris, CLEARN_EINVAL, "max_features='0'");
    fit_fails("cart max_leaf_nodes=1", iris, CLEARN_EINVAL, "max_leaf_nodes=1: must be 0");
    fit_fails("cart class_weight=Iris-setosa", iris, CLEARN_EINVAL,
              "class_weight item 'Iris-setosa': expected NAME:W with W > 0");
    fit_fails("cart class_weight=Iris-setosa:0", iris, CLEARN_EINVAL, "with W > 0");
    fit_fails("cart class_weight=rose:2", iris, CLEARN_ENOTFOUND,
              "class_weight: 'rose' is not a class of 'class'");
    fit_fails("cart class_weight=balanced", dia, CLEARN_EINVAL,
              "class_weight='balanced' applies to a nominal class only");
    fit_fails("cart criterion=poisson", neg, CLEARN_EINVAL,
              "criterion=poisson needs 'y' >= 0; row 2 has -1");
    zero = tu_arff("@relation n\n@attribute x numeric\n@attribute y numeric\n@data\n1,0\n2,0\n");
    fit_fails("cart criterion=poisson", zero, CLEARN_EINVAL, "needs a positive sum of 'y'");
    ck_assert_ptr_null(clearn_estimator_new("cart max_depth=-1", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_ptr_null(clearn_estimator_new("cart threads=-1", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    clearn_dataset_free(iris);
    clearn_dataset_free(dia);
    clearn_dataset_free(neg);
    clearn_dataset_free(zero);
}
END_TEST

START_TEST(test_bad_calls)
{
    clearn_dataset *iris = tu_dataset("iris.csv", NULL), *dia = tu_dataset("diabetes.csv", "y");
    clearn_estimator *e = clearn_estimator_new("cart", NULL), *z = tu_fitted("zeror", iris);
    clearn_estimator *r = tu_fitted("cart max_depth=2", dia);
    clearn_tree_stats st;
    clearn_error err;
    double imp[4], *a, *b, out[3];
    size_t n;
    ck_assert_int_eq(clearn_tree_info(e, &st, &err), CLEARN_ENOTFIT);
    ck_assert_str_eq(err.text, "tree: the estimator is not fitted");
    ck_assert_int_eq(clearn_tree_info(z, &st, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "tree: the estimator is 'zeror', not a tree (cart, c45 or id3)");
    ck_assert_int_eq(clearn_tree_info(NULL, &st, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "tree: NULL estimator");
    ck_assert_int_eq(clearn_estimator_fit(e, iris, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_tree_info(e, NULL, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_tree_feature_importances(e, imp, 3, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "tree: importances: room for 3 values given; the tree has 4 "
                               "features");
    ck_assert_int_eq(clearn_cart_pruning_path(z, iris, &a, &b, &n, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "cart: pruning path: the estimator is 'zeror', not cart");
    ck_assert_int_eq(clearn_cart_pruning_path(e, NULL, &a, &b, &n, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "cart: pruning path: NULL argument");
    ck_assert_int_eq(clearn_estimator_predict_proba(r, dia, out, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "cart gives no class probabilities here");
    clearn_estimator_free(e);
    clearn_estimator_free(z);
    clearn_estimator_free(r);
    clearn_dataset_free(iris);
    clearn_dataset_free(dia);
}
END_TEST

/* ---- model files --------------------------------------------------------------------- */

/* Loads payload text (with `from` replaced by `to`) into a fresh state. */
static int load_text(const char *text, const char *from, const char *to, clearn_error *err)
{
    char *buf = malloc(strlen(text) + (to ? strlen(to) : 0) + 1), *at;
    struct cart *m = calloc(1, sizeof *m);
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
    rc = clearn__cart_type.load(m, r, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_finish(r, err);
    clearn__cart_type.destroy(m);
    clearn__reader_free(r);
    free(m);
    free(buf);
    return rc;
}

START_TEST(test_corrupt_payloads)
{
    /* the payload of "cart max_depth=1" on weather.nominal: three nodes,
     * a nominal split (see the lines below) */
    static const struct {
        const char *from, *to, *msg;
    } cases[] = {
        {"criterion i 0", "criterion i 9", "bad criterion 9"},
        {"class z 4", "class z 5", "bad attribute count or class"},
        {"nodes z 3", "nodes z 0", "bad node count 0"},
        {"left D 3 3ff0000000000000", "left D 3 0000000000000000", "node 0: bad left"},
        {"right D 3 4000000000000000", "right D 3 3ff0000000000000", "node 0: bad children"},
        {"attr D 3 0000000000000000", "attr D 3 4010000000000000", "node 0: bad attribute"},
        {"cats D 3 0000000000000000", "cats D 3 4000000000000000", "node 0: bad category block"},
        {"missing_left D 3 0000000000000000", "missing_left D 3 4010000000000000",
         "node 0: bad missing_left"},
        {"samples D 3 402c000000000000", "samples D 3 0000000000000000",
         "node 0: bad sample count"},
        {"weight D 3 402c000000000000", "weight D 3 7ff8000000000000", "node 0: bad weight"},
        {"value D 6 4022000000000000", "value D 6 bff0000000000000", "node 0: bad value"},
        {"dirs D 3 4000000000000000", "dirs D 3 4008000000000000", "bad direction 0"},
        {"directions z 3", "directions z 99", "bad direction count"},
        {"impurity D 3 3fdd6343eb1a1f58", "impurity D 3 7ff8000000000000", "node 0: bad impurity"},
        {"categories D 5 4008000000000000", "categories D 5 bff0000000000000",
         "bad category count"},
    };
    clearn_dataset *ds = tu_dataset("weather.nominal.arff", NULL);
    clearn_estimator *e = tu_fitted("cart max_depth=1", ds);
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

START_TEST(test_round_trip)
{
    clearn_dataset *ds = synthetic(500, 5, _i, 11);
    clearn_estimator *e = tu_fitted(_i ? "cart criterion=absolute_error max_depth=6"
                                    : "cart criterion=entropy ccp_alpha=0.002", ds), *back;
    clearn_error err;
    double a[500], b[500];
    const char *path = build_path("tests/check_tree_cart.model");
    ck_assert_int_eq(clearn_estimator_save(e, path, &err), CLEARN_OK);
    ck_assert_ptr_nonnull(back = clearn_estimator_load(path, &err));
    ck_assert_int_eq(clearn_estimator_predict(e, ds, a, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(back, ds, b, &err), CLEARN_OK);
    ck_assert_int_eq(memcmp(a, b, sizeof a), 0);
    ck_assert_str_eq(output(e, clearn_estimator_print), output(back, clearn_estimator_print));
    remove(path);
    clearn_estimator_free(e);
    clearn_estimator_free(back);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- allocation failures ---------------------------------------------------------------- */

START_TEST(test_alloc_failures)
{
    static const char *const specs[] = {"cart trace=1", "cart criterion=absolute_error",
                                        "cart max_leaf_nodes=5 ccp_alpha=0.01"};
    clearn_dataset *ds = synthetic(120, 4, _i == 1, 13);
    clearn_dataset *nom = tu_dataset("weather.nominal.arff", NULL);
    const clearn_dataset *train = _i == 2 ? nom : ds;
    int done = 0;
    for (long k = 0; !done; k++) {
        clearn_error err;
        clearn_estimator *e = clearn_estimator_new(specs[_i], &err);
        double out[120], *a, *b;
        size_t n;
        int rc;
        ck_assert_ptr_nonnull(e);
        clearn__alloc_fail_after(k);
        rc = clearn_estimator_fit(e, train, &err);
        if (rc == CLEARN_OK)
            rc = clearn_estimator_predict(e, train, out, &err);
        if (rc == CLEARN_OK && (rc = clearn_cart_pruning_path(e, train, &a, &b, &n, &err)) ==
            CLEARN_OK) {
            clearn_free(a);
            clearn_free(b);
        }
        if (rc == CLEARN_OK) {
            const char *path = build_path("tests/check_tree_cart.alloc.model");
            clearn_estimator *back;
            rc = clearn_estimator_save(e, path, &err);
            if (rc == CLEARN_OK) {
                back = clearn_estimator_load(path, &err);
                rc = back ? CLEARN_OK : err.code;
                clearn_estimator_free(back);
            }
            remove(path);
        }
        clearn__alloc_fail_after(-1);
        ck_assert_msg(rc == CLEARN_OK || rc == CLEARN_ENOMEM, "k=%ld: %d %s", k, rc, err.text);
        done = rc == CLEARN_OK;
        clearn_estimator_free(e);
    }
    clearn_dataset_free(ds);
    clearn_dataset_free(nom);
}
END_TEST

static Suite *cart_suite(void)
{
    Suite *s = suite_create("tree_cart");
    TCase *tc = tcase_create("sklearn");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_sklearn_fixture, 0, sizeof fixtures / sizeof *fixtures);
    tcase_add_test(tc, test_export_text);
    tcase_add_test(tc, test_dot);
    tcase_add_test(tc, test_explain);
    suite_add_tcase(s, tc);
    tc = tcase_create("features");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_nominal_optimal, 0, 2);
    tcase_add_test(tc, test_nominal_print);
    tcase_add_test(tc, test_missing_learned);
    tcase_add_test(tc, test_missing_alone);
    tcase_add_test(tc, test_missing_nominal_and_unseen);
    tcase_add_loop_test(tc, test_threads_identical, 0, 2);
    tcase_add_test(tc, test_limits);
    tcase_add_test(tc, test_max_features_seed);
    tcase_add_test(tc, test_balanced);
    tcase_add_test(tc, test_proba_and_predict);
    tcase_add_test(tc, test_degenerate);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_bad_parameters);
    tcase_add_test(tc, test_bad_calls);
    tcase_add_test(tc, test_corrupt_payloads);
    tcase_add_loop_test(tc, test_round_trip, 0, 2);
    tcase_add_loop_test(tc, test_alloc_failures, 0, 3);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(cart_suite());
}
