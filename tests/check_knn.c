/* Tests of k-nearest neighbours (lib/knn.c, lib/distance.c, lib/knn_tree.c).
 *
 * Reference values:
 * - tests/data/knn/sklearn.txt: scikit-learn 1.2.1's KNeighborsClassifier
 *   (predict, predict_proba, kneighbors) and KNeighborsRegressor (predict)
 *   for every metric and weighting, made by
 *       /usr/bin/python3 tests/data/knn/sklearn_fixture.py > tests/data/knn/sklearn.txt
 *   (the script says how the data and queries were chosen: no distance ties
 *   at the k-th neighbour, no near-ties in weighted votes).
 * - tests/data/knn/weka.txt: Weka 3.6 IBk's predictions for metric=mixed
 *   (its default normalised euclidean distance) on mixed_*.arff, made by
 *       cd tests/data/knn && /usr/bin/python3 weka_fixture.py > weka.txt
 *   which runs java -cp /usr/share/java/weka.jar weka.classifiers.lazy.IBk
 *   -K K -t mixed_train.arff -T mixed_test.arff -p 0.
 * - Weka's distance rules worked by hand (mixed_rules).
 * Every algorithm (brute, kd_tree, ball_tree, auto) and thread count must
 * give the same neighbours and distances, bit for bit. */
#include "config.h"
#include <math.h>
#include <stddef.h>
#include <clearn/knn.h>
#include "testutil.h"
#include "internal.h"

static const char *const algos[] = {"auto", "brute", "kd_tree", "ball_tree"};

/* ---- building data ------------------------------------------------------------ */

/* n rows of d features (levels[j] > 0: nominal with categories "0".."L-1")
 * and, unless y is NULL, a class: nominal "0".."k-1" (k > 0) or numeric. */
static clearn_dataset *table(size_t n, size_t d, const double *x, const size_t *levels,
                             const double *y, size_t k)
{
    static const char *const names[] = {"0", "1", "2", "3", "4", "5", "6", "7"};
    clearn_error err;
    clearn_dataset *ds = clearn_dataset_new("t", &err);
    double row[64];
    ck_assert_ptr_nonnull(ds);
    ck_assert_uint_lt(d, 63);
    for (size_t j = 0; j < d; j++) {
        char name[16];
        snprintf(name, sizeof name, "f%zu", j + 1);
        if (levels && levels[j])
            ck_assert_int_eq(clearn_dataset_add_nominal(ds, name, names, levels[j], NULL, &err), 0);
        else
            ck_assert_int_eq(clearn_dataset_add_numeric(ds, name, NULL, &err), 0);
    }
    if (y) {
        if (k)
            ck_assert_int_eq(clearn_dataset_add_nominal(ds, "class", names, k, NULL, &err), 0);
        else
            ck_assert_int_eq(clearn_dataset_add_numeric(ds, "class", NULL, &err), 0);
        ck_assert_int_eq(clearn_dataset_set_class(ds, d, &err), 0);
    }
    for (size_t i = 0; i < n; i++) {
        memcpy(row, x + i * d, d * sizeof *row);
        row[d] = y ? y[i] : 0;
        ck_assert_msg(clearn_dataset_add_row(ds, row, &err) == 0, "%s", err.text);
    }
    return ds;
}

/* ---- the scikit-learn fixture ---------------------------------------------------- */

struct skcase {
    char metric[16], weights[16];
    double p;
    size_t k;
    long pred[20];
    double proba[60], reg[20];
    int has_nbr;
    size_t nbr[18 * 7];
    double dist[18 * 7];
};

struct skdata {
    char name[16];
    size_t n, nq, d;
    double x[60 * 12], y[60], t[60], q[20 * 12];
    struct skcase cases[32];
    size_t ncases;
};

static void read_numbers(FILE *f, double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(fscanf(f, "%lf", &v[i]), 1);
}

static void read_case_lines(FILE *f, struct skdata *s, struct skcase *c)
{
    char tag[16];
    double v[20 * 7];
    ck_assert_int_eq(fscanf(f, " %15s", tag), 1);
    ck_assert_str_eq(tag, "pred");
    read_numbers(f, v, s->nq);
    for (size_t i = 0; i < s->nq; i++)
        c->pred[i] = (long)v[i];
    ck_assert_int_eq(fscanf(f, " %15s", tag), 1);
    ck_assert_str_eq(tag, "proba");
    read_numbers(f, c->proba, s->nq * 3);
    ck_assert_int_eq(fscanf(f, " %15s", tag), 1);
    ck_assert_str_eq(tag, "reg");
    read_numbers(f, c->reg, s->nq);
}

/* Reads the data sets and cases of tests/data/knn/sklearn.txt. */
static size_t read_fixture(struct skdata *out, size_t max)
{
    FILE *f = fopen(src_path("tests/data/knn/sklearn.txt"), "r");
    char tag[16];
    size_t nd = 0;
    ck_assert_ptr_nonnull(f);
    while (fscanf(f, " %15s", tag) == 1) {
        struct skdata *s = &out[nd - 1];
        if (tag[0] == '#') {
            int ch;
            while ((ch = fgetc(f)) != EOF && ch != '\n')
                ;
        } else if (!strcmp(tag, "data")) {
            size_t classes, seed;
            ck_assert_uint_lt(nd, max);
            s = &out[nd++];
            memset(s, 0, sizeof *s);
            ck_assert_int_eq(fscanf(f, "%15s %zu %zu %zu %zu %zu", s->name, &s->n, &s->nq, &s->d,
                                    &classes, &seed), 6);
            for (size_t i = 0; i < s->n; i++) {
                ck_assert_int_eq(fscanf(f, " %15s", tag), 1);
                read_numbers(f, s->x + i * s->d, s->d);
                read_numbers(f, &s->y[i], 1);
                read_numbers(f, &s->t[i], 1);
            }
            for (size_t i = 0; i < s->nq; i++) {
                ck_assert_int_eq(fscanf(f, " %15s", tag), 1);
                read_numbers(f, s->q + i * s->d, s->d);
            }
        } else if (!strcmp(tag, "case")) {
            struct skcase *c = &s->cases[s->ncases++];
            char name[16];
            ck_assert_int_eq(fscanf(f, "%15s %15s %lf %15s %zu", name, c->metric, &c->p,
                                    c->weights, &c->k), 5);
            read_case_lines(f, s, c);
        } else if (!strcmp(tag, "nbr")) {
            struct skcase *c = &s->cases[s->ncases - 1];
            double v[18 * 7];
            read_numbers(f, v, (s->nq - 2) * c->k);
            for (size_t i = 0; i < (s->nq - 2) * c->k; i++)
                c->nbr[i] = (size_t)v[i];
            ck_assert_int_eq(fscanf(f, " %15s", tag), 1);
            read_numbers(f, c->dist, (s->nq - 2) * c->k);
            c->has_nbr = 1;
        } else {
            ck_abort_msg("sklearn.txt: unexpected '%s'", tag);
        }
    }
    fclose(f);
    return nd;
}

static int close_to(double a, double b, double rel)
{
    return fabs(a - b) <= rel * fmax(fmax(fabs(a), fabs(b)), 1e-300);
}

/* One data set's datasets: classification train, regression train,
 * queries. */
struct skfix {
    clearn_dataset *cls, *reg, *queries;
};

static struct skfix sk_tables(const struct skdata *s)
{
    struct skfix t;
    size_t levels[12];
    int nominal = !strcmp(s->name, "nominal");
    for (size_t j = 0; j < s->d; j++)
        levels[j] = nominal ? 4 : 0;
    t.cls = table(s->n, s->d, s->x, levels, s->y, 3);
    t.reg = table(s->n, s->d, s->x, levels, s->t, 0);
    t.queries = table(s->nq, s->d, s->q, levels, NULL, 0);
    return t;
}

static void sk_free(struct skfix *t)
{
    clearn_dataset_free(t->cls);
    clearn_dataset_free(t->reg);
    clearn_dataset_free(t->queries);
}

/* Classifier and regressor of one case with one algorithm and thread count
 * against scikit-learn's values. */
static void sk_check_case(const struct skdata *s, const struct skcase *c, const struct skfix *t,
                          const char *algo, int threads, int dgemm)
{
    char spec[160];
    double pred[20], proba[60];
    clearn_error err;
    clearn_estimator *e;
    snprintf(spec, sizeof spec, "knn k=%zu metric=%s p=%g weights=%s algorithm=%s threads=%d%s",
             c->k, c->metric, c->p, c->weights, algo, threads,
             dgemm ? " screen=double" : " screen=single");
    e = clearn_estimator_new(spec, &err);
    ck_assert_msg(e != NULL, "%s: %s", spec, err.text);
    if (clearn_estimator_fit(e, t->cls, &err) != CLEARN_OK) {
        /* only trees refuse, and only metrics they cannot search */
        ck_assert_msg(strstr(algo, "tree") && err.code == CLEARN_EINVAL &&
                      strstr(err.text, "cannot search metric="), "%s: %s", spec, err.text);
        clearn_estimator_free(e);
        return;
    }
    ck_assert_int_eq(clearn_estimator_predict(e, t->queries, pred, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, t->queries, proba, &err), CLEARN_OK);
    for (size_t i = 0; i < s->nq; i++)
        ck_assert_msg(pred[i] == (double)c->pred[i], "%s: query %zu: %g, sklearn %ld", spec, i,
                      pred[i], c->pred[i]);
    for (size_t i = 0; i < s->nq * 3; i++)
        ck_assert_msg(fabs(proba[i] - c->proba[i]) <= 1e-12, "%s: proba %zu: %.17g, sklearn %.17g",
                      spec, i, proba[i], c->proba[i]);
    ck_assert_int_eq(clearn_estimator_fit(e, t->reg, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(e, t->queries, pred, &err), CLEARN_OK);
    for (size_t i = 0; i < s->nq; i++)
        ck_assert_msg(close_to(pred[i], c->reg[i], 1e-12), "%s: regression %zu: %.17g, sklearn %.17g",
                      spec, i, pred[i], c->reg[i]);
    clearn_estimator_free(e);
}

/* scikit-learn lists equal distances (training rows 3 and 10 are equal)
 * in no particular order: the position in its list of the entry that
 * belongs at position i when equal distances go by lower index. */
static size_t sk_order(const struct skcase *c, size_t i)
{
    size_t q0 = i - i % c->k, best = SIZE_MAX, rank;
    /* the entries strictly before i in (distance, index) order */
    for (size_t cand = q0; cand < q0 + c->k; cand++) {
        rank = 0;
        for (size_t o = q0; o < q0 + c->k; o++)
            rank += c->dist[o] < c->dist[cand] ||
                    (c->dist[o] == c->dist[cand] && c->nbr[o] < c->nbr[cand]);
        if (rank == i - q0)
            best = cand;
    }
    ck_assert_uint_ne(best, SIZE_MAX);
    return best;
}

/* kneighbors: indices and distances (queries 2..19; 0 and 1 are the
 * zero-distance ones, whose order scikit-learn leaves open). */
static void sk_check_neighbours(const struct skdata *s, const struct skcase *c,
                                const struct skfix *t, const char *algo)
{
    char opt[96];
    size_t idx[20 * 7];
    double dist[20 * 7];
    clearn_error err;
    clearn_knn_index *ix;
    snprintf(opt, sizeof opt, "metric=%s p=%g algorithm=%s", c->metric, c->p, algo);
    if (!(ix = clearn_knn_index_new(t->cls, opt, &err))) {
        ck_assert_msg(strstr(algo, "tree") != NULL, "%s: %s", opt, err.text);
        return;
    }
    ck_assert_int_eq(clearn_knn_index_query(ix, t->queries, c->k, idx, dist, &err), CLEARN_OK);
    for (size_t i = 0; i < (s->nq - 2) * c->k; i++) {
        size_t want = sk_order(c, i);
        ck_assert_msg(idx[2 * c->k + i] == c->nbr[want], "%s k=%zu: neighbour %zu: %zu, sklearn %zu",
                      opt, c->k, i, idx[2 * c->k + i], c->nbr[want]);
        ck_assert_msg(close_to(dist[2 * c->k + i], c->dist[want], 1e-12),
                      "%s: distance %zu: %.17g, sklearn %.17g", opt, i, dist[2 * c->k + i],
                      c->dist[want]);
    }
    /* query 0 is training rows 3 and 10 (equal): both at 0 (cosine: 1 - u.u,
     * a rounding error from 0), lower index first */
    ck_assert_uint_eq(idx[0], 3);
    ck_assert_uint_eq(idx[1], 10);
    ck_assert_msg(dist[0] == dist[1] && dist[0] <= (strcmp(c->metric, "cosine") ? 0 : 1e-15),
                  "%s: %g", opt, dist[0]);
    clearn_knn_index_free(ix);
}

START_TEST(sklearn_equality)
{
    static struct skdata data[2];
    size_t nd = read_fixture(data, 2);
    ck_assert_uint_eq(nd, 2);
    for (size_t di = 0; di < nd; di++) {
        const struct skdata *s = &data[di];
        struct skfix t = sk_tables(s);
        ck_assert_uint_ge(s->ncases, 4);
        for (size_t ci = 0; ci < s->ncases; ci++)
            for (size_t a = 0; a < 4; a++) {
                sk_check_case(s, &s->cases[ci], &t, algos[a], 1, 0);
                if (a < 2)
                    sk_check_case(s, &s->cases[ci], &t, algos[a], 2, a == 1);
                if (s->cases[ci].has_nbr)
                    sk_check_neighbours(s, &s->cases[ci], &t, algos[a]);
            }
        sk_free(&t);
    }
}
END_TEST

/* clearn_knn_query on a fitted estimator gives the same neighbours. */
START_TEST(query_on_estimator)
{
    static struct skdata data[2];
    const struct skcase *c;
    struct skfix t;
    clearn_estimator *e;
    clearn_error err;
    size_t idx[20 * 5];
    double dist[20 * 5];
    read_fixture(data, 2);
    c = &data[0].cases[0];
    ck_assert_str_eq(c->metric, "euclidean");
    ck_assert(c->has_nbr && c->k == 5);
    t = sk_tables(&data[0]);
    e = tu_fitted("knn metric=euclidean", t.cls);
    ck_assert_int_eq(clearn_knn_query(e, t.queries, 5, idx, dist, &err), CLEARN_OK);
    for (size_t i = 0; i < 18 * 5; i++) {
        ck_assert_uint_eq(idx[10 + i], c->nbr[sk_order(c, i)]);
        ck_assert(close_to(dist[10 + i], c->dist[sk_order(c, i)], 1e-12));
    }
    ck_assert_int_eq(clearn_knn_query(e, t.queries, 61, idx, dist, &err), CLEARN_EINVAL);
    ck_assert_msg(strstr(err.text, "k=61 must be in [1, 60]") != NULL, "%s", err.text);
    clearn_estimator_free(e);
    /* through a pipeline: the queries are standardised as the training rows */
    e = tu_fitted("standardize | knn k=3", t.cls);
    ck_assert_int_eq(clearn_knn_query(e, t.queries, 3, idx, NULL, &err), CLEARN_OK);
    ck_assert_uint_eq(idx[0], 3);
    ck_assert_uint_eq(idx[1], 10);
    clearn_estimator_free(e);
    sk_free(&t);
}
END_TEST

/* ---- Weka IBk: metric=mixed ------------------------------------------------------ */

static void weka_line(FILE *f, const char *tag, long k, double *v, size_t n)
{
    char got[16];
    long kk;
    ck_assert_int_eq(fscanf(f, " %15s %ld", got, &kk), 2);
    ck_assert_str_eq(got, tag);
    ck_assert_int_eq(kk, k);
    read_numbers(f, v, n);
}

START_TEST(weka_mixed)
{
    FILE *f = fopen(src_path("tests/data/knn/weka.txt"), "r");
    clearn_dataset *tr = tu_read("tests/data/knn/mixed_train.arff", NULL);
    clearn_dataset *te = tu_read("tests/data/knn/mixed_test.arff", NULL);
    clearn_dataset *trr = tu_read("tests/data/knn/mixed_train_reg.arff", NULL);
    clearn_dataset *ter = tu_read("tests/data/knn/mixed_test_reg.arff", NULL);
    double want[15], got[15];
    clearn_error err;
    int ch;
    ck_assert_ptr_nonnull(f);
    while ((ch = fgetc(f)) != EOF && ch != '\n')   /* the comment line */
        ;
    ck_assert_uint_eq(clearn_dataset_rows(te), 15);
    for (long k = 1; k <= 5; k += 2) {
        char spec[64];
        clearn_estimator *e;
        snprintf(spec, sizeof spec, "knn metric=mixed k=%ld", k);
        e = tu_fitted(spec, tr);
        weka_line(f, "pred", k, want, 15);
        ck_assert_int_eq(clearn_estimator_predict(e, te, got, &err), CLEARN_OK);
        for (size_t i = 0; i < 15; i++)
            ck_assert_msg(got[i] == want[i], "k=%ld row %zu: %g, Weka %g", k, i + 1, got[i], want[i]);
        clearn_estimator_free(e);
    }
    {
        clearn_estimator *e = tu_fitted("knn metric=mixed k=3", trr);
        weka_line(f, "reg", 3, want, 15);
        ck_assert_int_eq(clearn_estimator_predict(e, ter, got, &err), CLEARN_OK);
        for (size_t i = 0; i < 15; i++)   /* Weka prints 3 decimals */
            ck_assert_msg(fabs(got[i] - want[i]) <= 5e-4 + 1e-9, "row %zu: %.6f, Weka %.3f", i + 1,
                          got[i], want[i]);
        clearn_estimator_free(e);
    }
    fclose(f);
    clearn_dataset_free(tr);
    clearn_dataset_free(te);
    clearn_dataset_free(trr);
    clearn_dataset_free(ter);
}
END_TEST

/* Weka's rules by hand. Numeric f1 has training range [0, 10] (width 10),
 * nominal f2 {0,1,2}. Training rows: (0, 0), (10, 1), (4, ?), (?, 2).
 * Query (5, 0):
 *   row 0: (0.5 - 0)^2 + 0            = 0.25
 *   row 1: (0.5 - 1)^2 + 1            = 1.25
 *   row 2: (0.5 - 0.4)^2 + 1 (missing)= 1.01
 *   row 3: one missing, 0.5 -> 0.5, 0.5^2 + 1 (differ) = 1.25
 * Query (?, ?): both f1 missing on row 3 -> 1; one missing elsewhere:
 *   row 0: 0 -> 1 - 0 = 1; +1 = 2   row 1: 1 -> 1; +1 = 2
 *   row 2: 0.4 -> 0.6: 0.36 + 1 = 1.36   row 3: 1 + 1 = 2
 * Query (20, 1) (outside the range: not clipped): row 1: (2 - 1)^2 = 1. */
START_TEST(mixed_rules)
{
    double x[] = {0, 0, 10, 1, 4, NAN, NAN, 2}, q[] = {5, 0, NAN, NAN, 20, 1};
    size_t levels[] = {0, 3}, idx[12];
    double dist[12];
    clearn_error err;
    clearn_dataset *ds = table(4, 2, x, levels, NULL, 0), *qs = table(3, 2, q, levels, NULL, 0);
    clearn_knn_index *ix = clearn_knn_index_new(ds, "metric=mixed", &err);
    ck_assert_msg(ix != NULL, "%s", err.text);
    ck_assert_int_eq(clearn_knn_index_query(ix, qs, 4, idx, dist, &err), CLEARN_OK);
    ck_assert_uint_eq(idx[0], 0);
    ck_assert_uint_eq(idx[1], 2);
    ck_assert_uint_eq(idx[2], 1);   /* 1.25 twice: lower index first */
    ck_assert_uint_eq(idx[3], 3);
    ck_assert_double_eq_tol(dist[0], 0.5, 1e-15);
    ck_assert_double_eq_tol(dist[1], sqrt(1.01), 1e-15);
    ck_assert_double_eq_tol(dist[2], sqrt(1.25), 1e-15);
    ck_assert_double_eq_tol(dist[3], sqrt(1.25), 1e-15);
    ck_assert_uint_eq(idx[4], 2);
    ck_assert_double_eq_tol(dist[4], sqrt(1.36), 1e-15);
    for (size_t i = 5; i < 8; i++) {
        static const size_t want[] = {0, 1, 3};
        ck_assert_uint_eq(idx[i], want[i - 5]);
        ck_assert_double_eq_tol(dist[i], sqrt(2), 1e-15);
    }
    ck_assert_uint_eq(idx[8], 1);
    ck_assert_double_eq_tol(dist[8], 1, 1e-15);
    clearn_knn_index_free(ix);
    clearn_dataset_free(ds);
    clearn_dataset_free(qs);
}
END_TEST

/* Hamming: the fraction of differing values; a missing value differs from
 * everything, itself included. Cosine: a zero row is at distance 1. */
START_TEST(hamming_and_cosine)
{
    double x[] = {0, 1, 2, 0, 1, 1, NAN, 1, 2}, q[] = {0, 1, 2, NAN, NAN, NAN};
    double cx[] = {0, 0, 1, 0, 1, 1}, cq[] = {0, 0, 2, 0}, dist[6];
    size_t levels[] = {3, 3, 3}, idx[6];
    clearn_error err;
    clearn_dataset *ds = table(3, 3, x, levels, NULL, 0), *qs = table(2, 3, q, levels, NULL, 0);
    clearn_knn_index *ix = clearn_knn_index_new(ds, "metric=hamming", &err);
    ck_assert_msg(ix != NULL, "%s", err.text);
    ck_assert_int_eq(clearn_knn_index_query(ix, qs, 3, idx, dist, &err), CLEARN_OK);
    ck_assert(idx[0] == 0 && dist[0] == 0);
    ck_assert(idx[1] == 1 && dist[1] == 1.0 / 3);
    ck_assert(idx[2] == 2 && dist[2] == 1.0 / 3);   /* NaN at f1 differs */
    for (size_t i = 3; i < 6; i++)
        ck_assert(idx[i] == i - 3 && dist[i] == 1);
    clearn_knn_index_free(ix);
    clearn_dataset_free(ds);
    clearn_dataset_free(qs);
    ds = table(3, 2, cx, NULL, NULL, 0);
    qs = table(2, 2, cq, NULL, NULL, 0);
    ix = clearn_knn_index_new(ds, "metric=cosine", &err);
    ck_assert_int_eq(clearn_knn_index_query(ix, qs, 3, idx, dist, &err), CLEARN_OK);
    for (size_t i = 0; i < 3; i++)   /* zero query: every row at 1 */
        ck_assert(idx[i] == i && dist[i] == 1);
    ck_assert(idx[3] == 1 && dist[3] == 0);
    ck_assert(idx[4] == 2 && fabs(dist[4] - (1 - sqrt(0.5))) < 1e-15);
    ck_assert(idx[5] == 0 && dist[5] == 1);   /* zero training row */
    clearn_knn_index_free(ix);
    clearn_dataset_free(ds);
    clearn_dataset_free(qs);
}
END_TEST

/* ---- the same result whatever the search ------------------------------------------ */

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 33;
}

/* n x d values: small integers (many exact ties and duplicate rows), or
 * continuous ones, plus an offset (cancellation in the dgemm formula). */
static double *values(size_t n, size_t d, int ties, double offset, uint64_t seed)
{
    double *v = malloc(n * d * sizeof *v);
    ck_assert_ptr_nonnull(v);
    for (size_t i = 0; i < n * d; i++)
        v[i] = offset + (ties ? (double)(lcg(&seed) % 4) : (double)lcg(&seed) / 2147483648.0 - 1);
    return v;
}

/* Neighbours and distances of every query for every algorithm and thread
 * count equal those of brute force on one thread. */
static void same_everywhere(size_t n, size_t nq, size_t d, size_t k, int ties, double offset,
                            const char *metric)
{
    double *x = values(n, d, ties, offset, 1), *q = values(nq, d, ties, offset, 2);
    clearn_dataset *ds = table(n, d, x, NULL, NULL, 0), *qs = table(nq, d, q, NULL, NULL, 0);
    size_t *idx0 = malloc(nq * k * sizeof *idx0), *idx = malloc(nq * k * sizeof *idx);
    double *d0 = malloc(nq * k * sizeof *d0), *dd = malloc(nq * k * sizeof *dd);
    static const char *const leaves[] = {"1", "3", "30"};
    clearn_error err;
    ck_assert(idx0 && idx && d0 && dd);
    for (size_t a = 1; a < 4; a++)
        for (int threads = 1; threads <= 3; threads++)
            for (size_t l = 0; l < (a == 1 ? 2 : 3); l++) {
                char opt[128];
                clearn_knn_index *ix;
                /* brute: leaf_size is nothing, the screen's precision is */
                snprintf(opt, sizeof opt, "%s algorithm=%s threads=%d %s=%s", metric, algos[a],
                         threads, a == 1 ? "screen" : "leaf_size",
                         a == 1 ? (l ? "double" : "single") : leaves[l]);
                ix = clearn_knn_index_new(ds, opt, &err);
                ck_assert_msg(ix != NULL, "%s: %s", opt, err.text);
                ck_assert_int_eq(clearn_knn_index_query(ix, qs, k, idx, dd, &err), CLEARN_OK);
                if (a == 1 && threads == 1 && l == 0) {
                    memcpy(idx0, idx, nq * k * sizeof *idx);
                    memcpy(d0, dd, nq * k * sizeof *dd);
                    for (size_t i = 0; i < nq; i++)
                        for (size_t j = 1; j < k; j++)
                            ck_assert(d0[i * k + j - 1] < d0[i * k + j] ||
                                      (d0[i * k + j - 1] == d0[i * k + j] &&
                                       idx0[i * k + j - 1] < idx0[i * k + j]));
                }
                ck_assert_msg(!memcmp(idx, idx0, nq * k * sizeof *idx), "%s: n=%zu d=%zu", opt,
                              n, d);
                ck_assert_msg(!memcmp(dd, d0, nq * k * sizeof *dd), "%s: distances", opt);
                clearn_knn_index_free(ix);
            }
    free(x);
    free(q);
    free(idx0);
    free(idx);
    free(d0);
    free(dd);
    clearn_dataset_free(ds);
    clearn_dataset_free(qs);
}

START_TEST(algorithms_agree)
{
    static const char *const metrics[] = {"metric=euclidean", "metric=sqeuclidean",
                                          "metric=manhattan", "metric=chebyshev",
                                          "metric=minkowski p=3.5"};
    size_t n = tu_valgrind() ? 300 : 2000, nq = tu_valgrind() ? 40 : 300;
    for (size_t m = 0; m < 5; m++) {
        same_everywhere(n, nq, 3, 7, 1, 0, metrics[m]);
        same_everywhere(n, nq, 4, 5, 0, 0, metrics[m]);
    }
    same_everywhere(n, nq, 20, 4, 0, 0, "metric=euclidean");
    same_everywhere(n, nq, 9, 5, 1, 0, "metric=euclidean");
    /* far from the origin: the dgemm screen's cancellation is re-checked */
    same_everywhere(n, nq, 6, 5, 0, 1e6, "metric=euclidean");
    same_everywhere(n, nq, 6, 5, 1, 1e6, "metric=euclidean");
    same_everywhere(50, 20, 2, 50, 1, 0, "metric=euclidean");   /* k = n */
    same_everywhere(1, 3, 2, 1, 0, 0, "metric=euclidean");      /* one row */
}
END_TEST

/* The dgemm screen against the exact scan: brute euclidean and cosine
 * screen with dgemm; the kd-tree and chebyshev-free exact kernel do not.
 * Compared with a plain double loop written here. */
START_TEST(brute_matches_naive)
{
    size_t n = tu_valgrind() ? 400 : 3000, nq = tu_valgrind() ? 30 : 520, d = 33, k = 6;
    double *x = values(n, d, 0, 0.5, 3), *q = values(nq, d, 0, 0.5, 4);
    clearn_dataset *ds = table(n, d, x, NULL, NULL, 0), *qs = table(nq, d, q, NULL, NULL, 0);
    size_t *idx = malloc(nq * k * sizeof *idx);
    double *dist = malloc(nq * k * sizeof *dist);
    clearn_error err;
    for (int variant = 0; variant < 4; variant++) {
        static const char *const opts[] = {"algorithm=brute threads=2 screen=single",
                                           "algorithm=brute threads=2 screen=double",
                                           "metric=cosine threads=2 screen=single",
                                           "metric=cosine threads=2 screen=double"};
        int cosine = variant >= 2;
        size_t bad = 0, first = 0;
        clearn_knn_index *ix = clearn_knn_index_new(ds, opts[variant], &err);
        ck_assert_msg(ix != NULL, "%s", err.text);
        ck_assert_int_eq(clearn_knn_index_query(ix, qs, k, idx, dist, &err), CLEARN_OK);
        /* the k-th distance bounds every row not listed (counted, then one
         * assertion: Check records each assertion with a system call) */
        for (size_t i = 0; i < nq; i++) {
            double kth = dist[i * k + k - 1];
            for (size_t j = 0; j < n; j++) {
                double s = 0, qq = 0, xx = 0, v;
                int listed = 0;
                for (size_t c = 0; c < d; c++) {
                    double t = q[i * d + c] - x[j * d + c];
                    s += t * t;
                    qq += q[i * d + c] * q[i * d + c];
                    xx += x[j * d + c] * x[j * d + c];
                }
                v = cosine ? 1 - (qq + xx - s) / 2 / sqrt(qq * xx) : sqrt(s);
                for (size_t r = 0; r < k; r++)
                    listed |= idx[i * k + r] == j;
                if (!(listed || v >= kth - 1e-12) && !bad++)
                    first = i * n + j;
            }
        }
        ck_assert_msg(!bad, "%s: %zu rows nearer than the k-th not listed (first: query %zu, row %zu)",
                      opts[variant], bad, first / n, first % n);
        clearn_knn_index_free(ix);
    }
    free(x);
    free(q);
    free(idx);
    free(dist);
    clearn_dataset_free(ds);
    clearn_dataset_free(qs);
}
END_TEST

/* Brute force splits a task's queries into sub-blocks that share each
 * training block, and one sub-block with a query too long for the screen
 * is measured exactly while the others are screened: with 1200 queries
 * (tasks of up to 768 on one thread, three sub-blocks of 256), one huge
 * query in the middle sub-block and 1000 training rows (blocks of 256, the
 * last 232), every precision and thread count equals the kd-tree. */
START_TEST(brute_blocks_match_tree)
{
    size_t n = 1000, nq = tu_valgrind() ? 600 : 1200, d = 5, k = 4;
    double *x = values(n, d, 0, 0.25, 7), *q = values(nq, d, 0, 0.25, 8);
    size_t *i0 = malloc(nq * k * sizeof *i0), *i1 = malloc(nq * k * sizeof *i1);
    double *d0 = malloc(nq * k * sizeof *d0), *d1 = malloc(nq * k * sizeof *d1);
    clearn_dataset *ds, *qs;
    clearn_knn_index *ix;
    clearn_error err;
    ck_assert(i0 && i1 && d0 && d1);
    q[300 * d] = 1e200;
    ds = table(n, d, x, NULL, NULL, 0);
    qs = table(nq, d, q, NULL, NULL, 0);
    ix = clearn_knn_index_new(ds, "algorithm=kd_tree", &err);
    ck_assert_msg(ix != NULL, "%s", err.text);
    ck_assert_int_eq(clearn_knn_index_query(ix, qs, k, i0, d0, &err), CLEARN_OK);
    clearn_knn_index_free(ix);
    for (int threads = 1; threads <= 3; threads++)
        for (int dbl = 0; dbl < 2; dbl++) {
            char opt[96];
            snprintf(opt, sizeof opt, "algorithm=brute threads=%d screen=%s", threads,
                     dbl ? "double" : "single");
            ix = clearn_knn_index_new(ds, opt, &err);
            ck_assert_msg(ix != NULL, "%s: %s", opt, err.text);
            ck_assert_int_eq(clearn_knn_index_query(ix, qs, k, i1, d1, &err), CLEARN_OK);
            ck_assert_msg(!memcmp(i0, i1, nq * k * sizeof *i0), "%s: indices differ", opt);
            ck_assert_msg(!memcmp(d0, d1, nq * k * sizeof *d0), "%s: distances differ", opt);
            clearn_knn_index_free(ix);
        }
    free(x);
    free(q);
    free(i0);
    free(i1);
    free(d0);
    free(d1);
    clearn_dataset_free(ds);
    clearn_dataset_free(qs);
}
END_TEST

/* Few queries against many rows: brute force splits the training rows
 * among the threads (slices of at least 8192 rows) and merges the lists;
 * ties across slices still go to the lower row (rows 3, 20000 and 35000
 * are one point, the nearest to query 0). Equal to the kd-tree,
 * distances and indices. */
START_TEST(brute_slices_match)
{
    size_t n = 40000, nq = 7, d = 3, k = 9;
    double *x = values(n, d, 0, 0, 11), *q = values(nq, d, 0, 0, 12);
    size_t i0[63], i1[63];
    double d0[63], d1[63];
    clearn_dataset *ds, *qs;
    clearn_error err;
    for (size_t j = 0; j < d; j++)
        x[3 * d + j] = x[20000 * d + j] = x[35000 * d + j] = q[j] + 1e-3;
    ds = table(n, d, x, NULL, NULL, 0);
    qs = table(nq, d, q, NULL, NULL, 0);
    static const char *const opts[] = {"algorithm=brute threads=2", "algorithm=brute threads=3",
                                       "algorithm=brute threads=8 screen=single",
                                       "algorithm=brute threads=5 metric=manhattan"};
    for (size_t v = 0; v < 4; v++) {
        clearn_knn_index *a = clearn_knn_index_new(ds, v == 3 ? "algorithm=kd_tree metric=manhattan"
                                                              : "algorithm=kd_tree", &err);
        clearn_knn_index *b = clearn_knn_index_new(ds, opts[v], &err);
        ck_assert(a && b);
        ck_assert_int_eq(clearn_knn_index_query(a, qs, k, i0, d0, &err), CLEARN_OK);
        ck_assert_int_eq(clearn_knn_index_query(b, qs, k, i1, d1, &err), CLEARN_OK);
        ck_assert_msg(!memcmp(i0, i1, sizeof i0) && !memcmp(d0, d1, sizeof d0), "%s", opts[v]);
        ck_assert(i1[0] == 3 && i1[1] == 20000 && i1[2] == 35000 && d1[0] == d1[2]);
        clearn_knn_index_free(a);
        clearn_knn_index_free(b);
    }
    free(x);
    free(q);
    clearn_dataset_free(ds);
    clearn_dataset_free(qs);
}
END_TEST

/* Values near the top of the double range: no NaN from the dgemm formula
 * (the search falls back to exact distances), every algorithm agrees. */
START_TEST(huge_values)
{
    double x[] = {1e300, -1e300, 1e300, 1e300, 0, 0, -1e300, 5e299, 1, 2};
    double q[] = {1e300, 1e300, 1, 1, -1e300, -1e300}, dist[15];
    size_t idx[15], idx0[15];
    clearn_error err;
    clearn_dataset *ds = table(5, 2, x, NULL, NULL, 0), *qs = table(3, 2, q, NULL, NULL, 0);
    for (size_t a = 1; a < 4; a++) {
        char opt[64];
        clearn_knn_index *ix;
        snprintf(opt, sizeof opt, "algorithm=%s", algos[a]);
        ix = clearn_knn_index_new(ds, opt, &err);
        ck_assert_int_eq(clearn_knn_index_query(ix, qs, 5, idx, dist, &err), CLEARN_OK);
        if (a == 1)
            memcpy(idx0, idx, sizeof idx);
        ck_assert_msg(!memcmp(idx, idx0, sizeof idx), "%s", opt);
        for (size_t i = 0; i < 15; i++)
            ck_assert(!isnan(dist[i]));
        clearn_knn_index_free(ix);
    }
    ck_assert_uint_eq(idx0[0], 1);   /* (1e300, 1e300) itself */
    ck_assert_uint_eq(idx0[5], 4);   /* (1, 2) nearest to (1, 1), then (0, 0) */
    ck_assert_uint_eq(idx0[6], 2);
    clearn_dataset_free(ds);
    clearn_dataset_free(qs);
    /* ordinary training rows, one query too long for the dgemm formula
     * (|q|^2 > DBL_MAX / 16): brute force measures it exactly */
    {
        double x2[] = {1, 2, 3, 4, 5, 6, 7, 8, -9, 10}, q2[] = {4e153, 1e153, 2, 3};
        size_t i1[10], i2[10];
        double d1[10], d2[10];
        clearn_knn_index *b, *k;
        ds = table(5, 2, x2, NULL, NULL, 0);
        qs = table(2, 2, q2, NULL, NULL, 0);
        b = clearn_knn_index_new(ds, "algorithm=brute", &err);
        k = clearn_knn_index_new(ds, "algorithm=kd_tree", &err);
        ck_assert_int_eq(clearn_knn_index_query(b, qs, 5, i1, d1, &err), CLEARN_OK);
        ck_assert_int_eq(clearn_knn_index_query(k, qs, 5, i2, d2, &err), CLEARN_OK);
        ck_assert(!memcmp(i1, i2, sizeof i1) && !memcmp(d1, d2, sizeof d1));
        ck_assert(i1[5] == 0 && i1[6] == 1);
        clearn_knn_index_free(b);
        clearn_knn_index_free(k);
        clearn_dataset_free(ds);
        clearn_dataset_free(qs);
    }
}
END_TEST

/* minkowski with p = 1 and p = 2 is manhattan and euclidean; a numeric
 * attribute with one value, or none, adds nothing under mixed (Weka's
 * normalisation gives 0), except where a value is missing. */
START_TEST(metric_special_cases)
{
    double *x = values(200, 4, 0, 0, 5), *q = values(30, 4, 0, 0, 6), d1[150], d2[150];
    double cx[] = {1, 5, NAN, 1, 7, NAN, 1, 6, NAN}, cq[] = {1, 5.5, 3};
    size_t i1[150], i2[150];
    clearn_error err;
    clearn_dataset *ds = table(200, 4, x, NULL, NULL, 0), *qs = table(30, 4, q, NULL, NULL, 0);
    static const char *const pairs[][2] = {{"metric=minkowski p=1", "metric=manhattan"},
                                           {"metric=minkowski p=2", "metric=euclidean"}};
    for (size_t p = 0; p < 2; p++) {
        clearn_knn_index *a = clearn_knn_index_new(ds, pairs[p][0], &err);
        clearn_knn_index *b = clearn_knn_index_new(ds, pairs[p][1], &err);
        ck_assert_int_eq(clearn_knn_index_query(a, qs, 5, i1, d1, &err), CLEARN_OK);
        ck_assert_int_eq(clearn_knn_index_query(b, qs, 5, i2, d2, &err), CLEARN_OK);
        ck_assert(!memcmp(i1, i2, sizeof i1) && !memcmp(d1, d2, sizeof d1));
        clearn_knn_index_free(a);
        clearn_knn_index_free(b);
    }
    clearn_dataset_free(ds);
    clearn_dataset_free(qs);
    free(x);
    free(q);
    /* f1 constant, f2 in [5, 7], f3 never present: query (1, 5.5, 3) is
     * 0 + 0.25^2 + 1 from row 0, 0.75^2 + 1 from row 1, 0.25^2 + 1 from row 2 */
    ds = table(3, 3, cx, NULL, NULL, 0);
    qs = table(1, 3, cq, NULL, NULL, 0);
    {
        clearn_knn_index *ix = clearn_knn_index_new(ds, "metric=mixed", &err);
        ck_assert_int_eq(clearn_knn_index_query(ix, qs, 3, i1, d1, &err), CLEARN_OK);
        ck_assert(i1[0] == 0 && i1[1] == 2 && i1[2] == 1);
        ck_assert_double_eq_tol(d1[0], sqrt(0.0625 + 1), 1e-15);
        ck_assert(d1[0] == d1[1]);
        ck_assert_double_eq_tol(d1[2], sqrt(0.5625 + 1), 1e-15);
        clearn_knn_index_free(ix);
    }
    clearn_dataset_free(ds);
    clearn_dataset_free(qs);
}
END_TEST

/* ---- votes ---------------------------------------------------------------------- */

/* Equal votes go to the lower class code; weights=distance: a neighbour
 * at distance 0 takes all; k above the rows is lowered to them. */
START_TEST(votes_and_ties)
{
    double x[] = {0, 1, 2, 3}, y[] = {1, 0, 1, 0}, q[] = {1.5, 0, 10}, pred[3], proba[9];
    clearn_error err;
    clearn_dataset *ds = table(4, 1, x, NULL, y, 3), *qs = table(3, 1, q, NULL, NULL, 0);
    clearn_estimator *e = tu_fitted("knn k=2", ds);
    ck_assert_int_eq(clearn_estimator_predict(e, qs, pred, &err), CLEARN_OK);
    ck_assert(pred[0] == 0);   /* rows 1 (class 0) and 2 (class 1): tie -> 0 */
    ck_assert(pred[1] == 0);   /* rows 0 (1) and 1 (0) */
    ck_assert(pred[2] == 0);   /* rows 3 (0) and 2 (1) */
    ck_assert_int_eq(clearn_estimator_predict_proba(e, qs, proba, &err), CLEARN_OK);
    ck_assert(proba[0] == 0.5 && proba[1] == 0.5 && proba[2] == 0);
    clearn_estimator_free(e);
    e = tu_fitted("knn k=3 weights=distance", ds);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, qs, proba, &err), CLEARN_OK);
    ck_assert(proba[3] == 0 && proba[4] == 1);   /* query 0 sits on row 0 */
    ck_assert_int_eq(clearn_estimator_predict(e, qs, pred, &err), CLEARN_OK);
    ck_assert(pred[1] == 1);
    /* 1.5: rows 1, 2 at 0.5 (lower index first), row 0 or 3 at 1.5: row 0 */
    ck_assert_double_eq_tol(proba[0], 2.0 / (2 + 2 + 1.0 / 1.5), 1e-15);
    clearn_estimator_free(e);
    e = tu_fitted("knn k=100", ds);   /* lowered to 4: 2 votes each, class 0 */
    ck_assert_int_eq(clearn_estimator_predict_proba(e, qs, proba, &err), CLEARN_OK);
    ck_assert(proba[6] == 0.5 && proba[7] == 0.5);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    clearn_dataset_free(qs);
}
END_TEST

/* Every neighbour at an infinite distance (the squares overflow): with
 * weights=distance they count equally rather than giving 0/0. */
START_TEST(infinite_distances)
{
    double x[] = {-1e300, -9e299, -8e299}, y[] = {1, 0, 1}, q[] = {1e300}, p[2], v;
    clearn_error err;
    clearn_dataset *ds = table(3, 1, x, NULL, y, 2), *qs = table(1, 1, q, NULL, NULL, 0);
    clearn_dataset *dr = table(3, 1, x, NULL, y, 0);
    clearn_estimator *e = tu_fitted("knn k=3 weights=distance", ds);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, qs, p, &err), CLEARN_OK);
    ck_assert(fabs(p[0] - 1.0 / 3) < 1e-15 && fabs(p[1] - 2.0 / 3) < 1e-15);
    clearn_estimator_free(e);
    e = tu_fitted("knn k=3 weights=distance", dr);
    ck_assert_int_eq(clearn_estimator_predict(e, qs, &v, &err), CLEARN_OK);
    ck_assert(fabs(v - 2.0 / 3) < 1e-15);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    clearn_dataset_free(dr);
    clearn_dataset_free(qs);
}
END_TEST

/* The type's own checks, behind the generic layer's: data of another
 * layout, probabilities of a regressor. */
START_TEST(type_checks)
{
    const clearn_estimator_type *t = clearn_estimator_type_find("knn");
    clearn_dataset *iris = tu_read("datasets/iris.csv", NULL), *cpu = tu_read("datasets/cpu.arff", NULL);
    void *st = calloc(1, t->state_size);
    double out[209 * 3];
    clearn_error err;
    ck_assert_int_eq(clearn__params_defaults(t->params, t->n_params, st, &err), CLEARN_OK);
    ck_assert_int_eq(t->fit(st, iris, &err), CLEARN_OK);
    ck_assert_int_eq(t->predict(st, cpu, out, &err), CLEARN_ESCHEMA);
    ck_assert_msg(strstr(err.text, "does not have the model's layout"), "%s", err.text);
    ck_assert_int_eq(t->fit(st, cpu, &err), CLEARN_OK);
    ck_assert_int_eq(t->predict_proba(st, cpu, out, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "knn: no class probabilities for a numeric class");
    ck_assert_int_eq(t->predict(st, cpu, out, &err), CLEARN_OK);
    t->destroy(st);
    t->destroy(st);   /* twice: the state is left empty */
    clearn__params_free(t->params, t->n_params, st);
    free(st);
    clearn_dataset_free(iris);
    clearn_dataset_free(cpu);
}
END_TEST

START_TEST(regression)
{
    double x[] = {0, 1, 2, 4}, y[] = {10, 20, 30, 50}, q[] = {0.9, 1}, pred[2];
    clearn_error err;
    clearn_dataset *ds = table(4, 1, x, NULL, y, 0), *qs = table(2, 1, q, NULL, NULL, 0);
    clearn_estimator *e = tu_fitted("knn k=3", ds);
    ck_assert_int_eq(clearn_estimator_predict(e, qs, pred, &err), CLEARN_OK);
    ck_assert_double_eq_tol(pred[0], 20, 1e-13);
    ck_assert_int_eq(clearn_estimator_predict_proba(e, qs, pred, &err), CLEARN_EINVAL);
    clearn_estimator_free(e);
    e = tu_fitted("knn k=2 weights=distance", ds);
    ck_assert_int_eq(clearn_estimator_predict(e, qs, pred, &err), CLEARN_OK);
    /* 0.9: rows 1 (0.1) and 0 (0.9): (20/0.1 + 10/0.9) / (1/0.1 + 1/0.9) */
    ck_assert_double_eq_tol(pred[0], (20 / 0.1 + 10 / 0.9) / (1 / 0.1 + 1 / 0.9), 1e-12);
    ck_assert(pred[1] == 20);   /* on row 1 */
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    clearn_dataset_free(qs);
}
END_TEST

/* Unseen categories become missing values, which mixed compares. */
START_TEST(unseen_category)
{
    clearn_dataset *tr = tu_read("datasets/weather.nominal.arff", NULL);
    clearn_dataset *te = clearn_dataset_copy(tr, NULL);
    clearn_estimator *e = tu_fitted("knn metric=mixed k=1", tr), *h = tu_fitted("knn metric=hamming", tr);
    double a[14], b[14];
    size_t code, idx[14];
    clearn_error err;
    ck_assert_int_eq(clearn_dataset_add_category(te, 0, "foggy", &code, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_set(te, 0, 0, (double)code, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(e, te, a, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(e, tr, b, &err), CLEARN_OK);
    for (size_t i = 1; i < 14; i++)
        ck_assert(a[i] == b[i]);
    ck_assert_int_eq(clearn_estimator_predict(h, te, a, &err), CLEARN_OK);
    {   /* 'foggy' differs from every outlook: 1/4 at best */
        double dist[14];
        ck_assert_int_eq(clearn_knn_query(h, te, 1, idx, dist, &err), CLEARN_OK);
        ck_assert(dist[0] == 0.25 && dist[1] == 0);
    }
    clearn_estimator_free(e);
    clearn_estimator_free(h);
    clearn_dataset_free(tr);
    clearn_dataset_free(te);
}
END_TEST

/* ---- bad input -------------------------------------------------------------------- */

static void expect_fit_error(const char *spec, const clearn_dataset *ds, int code,
                             const char *text)
{
    clearn_error err;
    clearn_estimator *e = clearn_estimator_new(spec, &err);
    ck_assert_msg(e != NULL, "%s: %s", spec, err.text);
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), code);
    ck_assert_msg(strstr(err.text, text) != NULL, "%s: %s", spec, err.text);
    clearn_estimator_free(e);
}

START_TEST(bad_input)
{
    clearn_dataset *labor = tu_read("datasets/labor.arff", NULL);
    clearn_dataset *iris = tu_read("datasets/iris.csv", NULL);
    clearn_dataset *w = tu_read("datasets/weather.nominal.arff", NULL);
    clearn_dataset *only;
    size_t cls = clearn_dataset_class(iris), idx[4];
    clearn_estimator *e;
    clearn_error err;
    double out[150 * 3];
    expect_fit_error("knn", labor, CLEARN_EINVAL,
                     "attribute 'cost-of-living-adjustment' is nominal; metric=euclidean measures numbers only");
    expect_fit_error("knn metric=manhattan", w, CLEARN_EINVAL, "'outlook' is nominal");
    expect_fit_error("knn metric=cosine algorithm=kd_tree", iris, CLEARN_EINVAL,
                     "algorithm=kd_tree cannot search metric=cosine");
    expect_fit_error("knn metric=mixed algorithm=ball_tree", labor, CLEARN_EINVAL,
                     "algorithm=ball_tree cannot search metric=mixed");
    only = clearn_dataset_select(iris, &cls, 1, &err);
    expect_fit_error("knn", only, CLEARN_EINVAL, "no attribute besides the class");
    clearn_dataset_free(only);
    /* a missing value the metric cannot compare, at fit and at predict */
    ck_assert_int_eq(clearn_dataset_set(iris, 7, 2, NAN, &err), CLEARN_OK);
    expect_fit_error("knn", iris, CLEARN_EINVAL, "row 8: attribute 'petallength' is missing");
    e = tu_fitted("knn metric=mixed", iris);
    clearn_estimator_free(e);
    ck_assert_int_eq(clearn_dataset_set(iris, 7, 2, 1.5, &err), CLEARN_OK);
    e = tu_fitted("knn", iris);
    ck_assert_int_eq(clearn_dataset_set(iris, 9, 0, NAN, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(e, iris, out, &err), CLEARN_EINVAL);
    ck_assert_msg(strstr(err.text, "row 10: attribute 'sepallength' is missing; metric=euclidean")
                  != NULL, "%s", err.text);
    ck_assert_int_eq(clearn_knn_index_query(NULL, iris, 1, idx, NULL, &err), CLEARN_EINVAL);
    /* the query call */
    ck_assert_int_eq(clearn_knn_query(NULL, iris, 1, idx, NULL, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "clearn_knn_query: NULL argument");
    clearn_estimator_free(e);
    e = clearn_estimator_new("knn", &err);
    ck_assert_int_eq(clearn_knn_query(e, iris, 1, idx, NULL, &err), CLEARN_ENOTFIT);
    ck_assert_str_eq(err.text, "clearn_knn_query: knn is not fitted");
    clearn_estimator_free(e);
    e = tu_fitted("zeror", iris);
    ck_assert_int_eq(clearn_knn_query(e, iris, 1, idx, NULL, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "clearn_knn_query: the estimator is 'zeror', not knn");
    clearn_estimator_free(e);
    /* parameters */
    ck_assert_ptr_null(clearn_estimator_new("knn k=0", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_ptr_null(clearn_estimator_new("knn metric=jaccard", &err));
    ck_assert_msg(strstr(err.text, "jaccard") && strstr(err.text, "mixed"), "%s", err.text);
    ck_assert_ptr_null(clearn_estimator_new("knn p=0.5", &err));
    ck_assert_ptr_null(clearn_estimator_new("knn threads=-1", &err));
    clearn_dataset_free(labor);
    clearn_dataset_free(iris);
    clearn_dataset_free(w);
}
END_TEST

START_TEST(index_errors)
{
    clearn_dataset *iris = tu_read("datasets/iris.csv", NULL), *empty;
    clearn_knn_index *ix;
    clearn_error err;
    size_t idx[600];
    double dist[600];
    ck_assert_ptr_null(clearn_knn_index_new(NULL, NULL, &err));
    ck_assert_str_eq(err.text, "clearn_knn_index_new: NULL data");
    ck_assert_ptr_null(clearn_knn_index_new(iris, "k=3", &err));
    ck_assert_msg(strstr(err.text, "option 'k' is not for an index"), "%s", err.text);
    ck_assert_ptr_null(clearn_knn_index_new(iris, "weights=distance", &err));
    ck_assert_ptr_null(clearn_knn_index_new(iris, "metric=foo", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_msg(strstr(err.text, "foo") != NULL, "%s", err.text);
    ck_assert_ptr_null(clearn_knn_index_new(iris, "metric=cosine | x", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_ptr_null(clearn_knn_index_new(iris, "leaf_size", &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    empty = clearn_dataset_header(iris, &err);
    ck_assert_ptr_null(clearn_knn_index_new(empty, "", &err));
    ck_assert_str_eq(err.text, "clearn_knn_index_new: the data has no rows");
    /* the class is not a feature; a query without it is fine */
    ix = clearn_knn_index_new(iris, "algorithm=ball_tree", &err);
    ck_assert_ptr_nonnull(ix);
    ck_assert_uint_eq(clearn_knn_index_rows(ix), 150);
    ck_assert_uint_eq(clearn_knn_index_rows(NULL), 0);
    ck_assert_int_eq(clearn_knn_index_query(ix, iris, 0, idx, dist, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "clearn_knn_index_query: k=0 must be in [1, 150] (the rows indexed)");
    ck_assert_int_eq(clearn_knn_index_query(ix, iris, 151, idx, dist, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_knn_index_query(ix, iris, 1, NULL, dist, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_knn_index_query(ix, empty, 1, NULL, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_knn_index_query(ix, iris, 4, idx, dist, &err), CLEARN_OK);
    for (size_t i = 0; i < 150; i++)   /* iris has duplicate rows: the lower index first */
        ck_assert(dist[4 * i] == 0 && idx[4 * i] <= i);
    ck_assert_uint_eq(idx[4 * 142], 101);   /* rows 102 and 143 are equal */
    ck_assert_uint_eq(idx[4 * 142 + 1], 142);
    clearn_knn_index_free(ix);
    clearn_knn_index_free(NULL);
    clearn_dataset_free(empty);
    clearn_dataset_free(iris);
}
END_TEST

/* ---- model files ------------------------------------------------------------------- */

static void roundtrip(const char *spec, const char *file)
{
    clearn_dataset *ds = tu_read(file, NULL);
    size_t n = clearn_dataset_rows(ds), c = clearn_dataset_class(ds);
    size_t k = clearn_dataset_attr_kind(ds, c) == CLEARN_NOMINAL ? clearn_dataset_categories(ds, c) : 1;
    double *a = malloc(n * k * sizeof *a), *b = malloc(n * k * sizeof *b);
    const char *path = build_path("tests/knn_roundtrip.model");
    clearn_estimator *e = tu_fitted(spec, ds), *l;
    clearn_error err;
    ck_assert_int_eq(clearn_estimator_save(e, path, &err), CLEARN_OK);
    l = clearn_estimator_load(path, &err);
    ck_assert_msg(l != NULL, "%s: %s", spec, err.text);
    ck_assert_int_eq(clearn_estimator_predict(e, ds, a, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(l, ds, b, &err), CLEARN_OK);
    ck_assert(!memcmp(a, b, n * sizeof *a));
    if (k > 1) {
        ck_assert_int_eq(clearn_estimator_predict_proba(e, ds, a, &err), CLEARN_OK);
        ck_assert_int_eq(clearn_estimator_predict_proba(l, ds, b, &err), CLEARN_OK);
        ck_assert(!memcmp(a, b, n * k * sizeof *a));
    }
    remove(path);
    clearn_estimator_free(e);
    clearn_estimator_free(l);
    free(a);
    free(b);
    clearn_dataset_free(ds);
}

START_TEST(model_files)
{
    roundtrip("knn k=3 algorithm=kd_tree", "datasets/iris.csv");
    roundtrip("knn k=4 weights=distance algorithm=ball_tree metric=manhattan", "datasets/iris.csv");
    roundtrip("knn metric=cosine", "datasets/iris.csv");
    roundtrip("knn metric=mixed k=3", "datasets/labor.arff");
    roundtrip("knn metric=hamming k=3", "datasets/weather.nominal.arff");
    roundtrip("knn k=2 weights=distance metric=mixed", "datasets/cpu.arff");
}
END_TEST

/* Payloads written by hand and fed to the type's load: every defect is
 * CLEARN_ECORRUPT naming it, and nothing leaks. */
static void bad_payload(void (*write)(clearn_writer *), const char *text)
{
    const clearn_estimator_type *t = clearn_estimator_type_find("knn");
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

static void header(clearn_writer *w, long regress, size_t cols, size_t cls, size_t classes,
                   size_t rows, double flag)
{
    double flags[2] = {0, flag};
    clearn_writer_int(w, "regress", regress, NULL);
    clearn_writer_size(w, "columns", cols, NULL);
    clearn_writer_size(w, "class", cls, NULL);
    clearn_writer_size(w, "classes", classes, NULL);
    clearn_writer_size(w, "rows", rows, NULL);
    if (cols <= 3)
        clearn_writer_doubles(w, "nominal", flags, cols - 1, NULL);
}

static void p_regress(clearn_writer *w) { clearn_writer_int(w, "regress", 4, NULL); }
static void p_wide(clearn_writer *w) { header(w, 0, (size_t)1 << 21, 0, 2, 1, 0); }
static void p_huge(clearn_writer *w) { header(w, 0, 3, 2, 2, (size_t)1 << 62, 0); }
static void p_cols(clearn_writer *w) { header(w, 0, 3, 3, 2, 1, 0); }
static void p_classes(clearn_writer *w) { header(w, 1, 3, 2, 2, 1, 0); }
static void p_rows(clearn_writer *w) { header(w, 0, 3, 2, 2, 0, 0); }
static void p_flag(clearn_writer *w) { header(w, 0, 3, 2, 2, 1, 0.5); }
static void p_nominal(clearn_writer *w) { header(w, 0, 3, 2, 2, 1, 1); }

static void p_value(clearn_writer *w)
{
    double x[2] = {1, INFINITY}, y = 0;
    header(w, 0, 3, 2, 2, 1, 0);
    clearn_writer_doubles(w, "x", x, 2, NULL);
    clearn_writer_doubles(w, "y", &y, 1, NULL);
}

static void p_class(clearn_writer *w)
{
    double x[2] = {1, 2}, y = 2;
    header(w, 0, 3, 2, 2, 1, 0);
    clearn_writer_doubles(w, "x", x, 2, NULL);
    clearn_writer_doubles(w, "y", &y, 1, NULL);
}

static void p_short(clearn_writer *w)
{
    double x[2] = {1, 2}, y = 1;
    header(w, 0, 3, 2, 2, 1000000000, 0);   /* claims 10^9 rows, holds one */
    clearn_writer_doubles(w, "x", x, 2, NULL);
    clearn_writer_doubles(w, "y", &y, 1, NULL);
}

static void p_short_lines(clearn_writer *w)
{
    static double x[2048], y[1024];
    header(w, 0, 3, 2, 2, 5000, 0);   /* claims 5000 rows, holds a line of 1024 */
    clearn_writer_doubles(w, "x", x, 2048, NULL);
    clearn_writer_doubles(w, "y", y, 1024, NULL);
}

START_TEST(corrupt_models)
{
    bad_payload(p_regress, "'regress' is not 0 or 1");
    bad_payload(p_cols, "class column is out of range");
    bad_payload(p_wide, "attribute count or class column is out of range");
    bad_payload(p_huge, "too many training values");
    bad_payload(p_classes, "number of classes does not suit");
    bad_payload(p_rows, "no training rows");
    bad_payload(p_flag, "'nominal' flag is not 0 or 1");
    bad_payload(p_nominal, "nominal feature with a metric that measures numbers only");
    bad_payload(p_value, "training value is not finite");
    bad_payload(p_class, "class value is not finite or not one of the classes");
    bad_payload(p_short, "'x': expected 2048 values, found 2");
    bad_payload(p_short_lines, "expected 'x', found the end of the data");
}
END_TEST

/* ---- printing, help ----------------------------------------------------------------- */

START_TEST(print_and_help)
{
    clearn_dataset *labor = tu_read("datasets/labor.arff", NULL);
    clearn_estimator *e = tu_fitted("knn metric=mixed k=3", labor);
    char buf[4096];
    size_t n;
    clearn_error err;
    FILE *f = tmpfile();
    ck_assert_int_eq(clearn_estimator_print(e, f, &err), CLEARN_OK);
    rewind(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    ck_assert_msg(strstr(buf, "kNN classification (k=3, weights=uniform, metric=mixed)\n"
                              "57 training rows x 16 features, search: brute\n"
                              "  duration: numeric, range [1, 3]\n") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, "  vacation: nominal (overlap)\n") != NULL, "%s", buf);
    clearn_estimator_free(e);
    clearn_dataset_free(labor);
    ck_assert_ptr_nonnull(clearn_estimator_type_find("knn"));
}
END_TEST

/* ---- out of memory ------------------------------------------------------------------- */

static void nomem_estimator(const char *spec, const char *file)
{
    clearn_dataset *ds = tu_read(file, NULL);
    double *out = malloc(clearn_dataset_rows(ds) * 8 * sizeof *out);
    const char *path = build_path("tests/knn_nomem.model");
    for (long n = 0;; n++) {
        clearn_error err;
        clearn_estimator *e, *l = NULL;
        long before = clearn__alloc_calls();
        int rc = CLEARN_ENOMEM;
        clearn__alloc_fail_after(n);
        e = clearn_estimator_new(spec, &err);
        if (e && (rc = clearn_estimator_fit(e, ds, &err)) == CLEARN_OK &&
            (rc = clearn_estimator_predict(e, ds, out, &err)) == CLEARN_OK &&
            (rc = clearn_estimator_predict_proba(e, ds, out, &err)) == CLEARN_OK &&
            (rc = clearn_estimator_save(e, path, &err)) == CLEARN_OK &&
            !(l = clearn_estimator_load(path, &err)))
            rc = err.code;
        clearn__alloc_fail_after(-1);
        if (rc != CLEARN_OK)
            ck_assert_msg(err.code == CLEARN_ENOMEM, "%s after %ld: %s", spec, n, err.text);
        clearn_estimator_free(e);
        clearn_estimator_free(l);
        if (rc == CLEARN_OK && clearn__alloc_calls() - before <= n)
            break;
    }
    remove(path);
    free(out);
    clearn_dataset_free(ds);
}

static void nomem_index(const char *options)
{
    clearn_dataset *ds = tu_read("datasets/iris.csv", NULL);
    size_t idx[150 * 3];
    for (long n = 0;; n++) {
        clearn_error err;
        clearn_knn_index *ix;
        long before = clearn__alloc_calls();
        int rc = CLEARN_ENOMEM;
        clearn__alloc_fail_after(n);
        ix = clearn_knn_index_new(ds, options, &err);
        if (ix)
            rc = clearn_knn_index_query(ix, ds, 3, idx, NULL, &err);
        clearn__alloc_fail_after(-1);
        if (rc != CLEARN_OK)
            ck_assert_msg(err.code == CLEARN_ENOMEM, "%s after %ld: %s", options, n, err.text);
        clearn_knn_index_free(ix);
        if (rc == CLEARN_OK && clearn__alloc_calls() - before <= n)
            break;
    }
    clearn_dataset_free(ds);
}

START_TEST(out_of_memory)
{
    nomem_estimator("knn k=3 threads=1", "datasets/iris.csv");
    nomem_estimator("knn k=3 threads=1 algorithm=kd_tree leaf_size=10", "datasets/iris.csv");
    nomem_estimator("knn threads=1 algorithm=ball_tree leaf_size=10", "datasets/iris.csv");
    nomem_estimator("knn metric=mixed threads=1", "datasets/labor.arff");
    nomem_estimator("knn metric=cosine threads=2", "datasets/iris.csv");
    nomem_index("metric=chebyshev threads=1 algorithm=kd_tree");
    nomem_index("metric=hamming threads=1");
}
END_TEST

static Suite *knn_suite(void)
{
    Suite *s = suite_create("knn");
    TCase *tc = tcase_create("knn");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, sklearn_equality);
    tcase_add_test(tc, query_on_estimator);
    tcase_add_test(tc, weka_mixed);
    tcase_add_test(tc, mixed_rules);
    tcase_add_test(tc, hamming_and_cosine);
    tcase_add_test(tc, algorithms_agree);
    tcase_add_test(tc, brute_matches_naive);
    tcase_add_test(tc, huge_values);
    tcase_add_test(tc, brute_blocks_match_tree);
    tcase_add_test(tc, brute_slices_match);
    tcase_add_test(tc, metric_special_cases);
    tcase_add_test(tc, votes_and_ties);
    tcase_add_test(tc, infinite_distances);
    tcase_add_test(tc, type_checks);
    tcase_add_test(tc, regression);
    tcase_add_test(tc, unseen_category);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, index_errors);
    tcase_add_test(tc, model_files);
    tcase_add_test(tc, corrupt_models);
    tcase_add_test(tc, print_and_help);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(knn_suite());
}
