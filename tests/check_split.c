/* Tests of the train/test splits (lib/split.c).
 *
 * Reference fold sizes and unshuffled memberships are scikit-learn 1.2.1's,
 * from /usr/bin/python3 with:
 *
 *   import numpy as np; from sklearn.model_selection import *
 *   iris = np.repeat([0,1,2], 50); imb = np.array([int(c) for c in IMB])
 *   def fold_string(y, k):             # fold of each row, shuffle=False
 *       f = np.empty(len(y), int)
 *       for i, (tr, te) in enumerate(StratifiedKFold(k).split(np.zeros(len(y)), y)): f[te] = i
 *       return "".join(str(v) for v in f)
 *   def sizes(y, k):                   # per fold, test rows of class 0, 1, 2
 *       return [np.bincount(y[te], minlength=3).tolist() for tr, te in
 *               StratifiedKFold(k, shuffle=True, random_state=0).split(np.zeros(len(y)), y)]
 *   for y in (iris, imb):
 *       for k in (3, 7, 10): print(sizes(y, k), fold_string(y, k))
 *   [len(te) for tr, te in KFold(5).split(np.zeros(23))]           # [5,5,5,4,4]
 *   [np.bincount(imb[te], minlength=3).tolist() for tr, te in
 *    StratifiedShuffleSplit(1, test_size=.3).split(np.zeros(37), imb)]  # [[7,3,2]]
 *   [len(te) for tr, te in ShuffleSplit(1, test_size=.25).split(np.zeros(150))]  # [38]
 *
 * The warnings' wording is what StratifiedKFold warns. */
#include "config.h"
#include <math.h>
#include <stddef.h>
#include "testutil.h"
#include "internal.h"
#include <clearn/split.h>

/* 37 rows: 23 of class 0, 9 of class 1, 5 of class 2; class 1 first. */
static const char IMB[] = "1201000001020100000000210102021010010";

static size_t imb_y(double *y)
{
    size_t i;
    for (i = 0; IMB[i]; i++)
        y[i] = IMB[i] - '0';
    return i;
}

static void iris_y(double *y)
{
    size_t i;
    for (i = 0; i < 150; i++)
        y[i] = (double)(i / 50);
}

static clearn_dataset *read_iris(void)
{
    clearn_error err;
    clearn_dataset *ds = clearn_read(src_path("datasets/iris.arff"), NULL, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    return ds;
}

/* The fold of every row in repetition r, as digits ('.' for none). */
static const char *fold_string(const clearn_split *s, size_t r)
{
    static char buf[512];
    size_t i, n = clearn_split_rows(s);
    ck_assert_uint_lt(n, sizeof buf);
    for (i = 0; i < n; i++) {
        size_t f = clearn_split_fold_of(s, r, i);
        buf[i] = f == CLEARN_NONE ? '.' : (char)('0' + f);
    }
    buf[n] = '\0';
    return buf;
}

/* Every split: train and test ascending, disjoint, covering the usable
 * rows; each repetition's tests partition them (holdout: one test). */
static void check_partition(const clearn_split *s, const double *y)
{
    size_t n = clearn_split_rows(s), used = 0, i, j, r, f;
    size_t folds = clearn_split_folds(s);
    size_t *tr = malloc(n * sizeof *tr), *te = malloc(n * sizeof *te);
    char *seen = malloc(n);
    ck_assert(tr && te && seen);
    for (i = 0; i < n; i++)
        used += !y || !isnan(y[i]);
    ck_assert_uint_eq(clearn_split_used_rows(s), used);
    ck_assert_uint_eq(clearn_split_count(s), clearn_split_repeats(s) * folds);
    for (r = 0; r < clearn_split_repeats(s); r++) {
        size_t tested = 0;
        memset(seen, 0, n);
        for (f = 0; f < folds; f++) {
            size_t k = r * folds + f, nt = clearn_split_train_size(s, k);
            size_t ns = clearn_split_test_size(s, k);
            char *mark = calloc(n, 1);
            ck_assert_ptr_nonnull(mark);
            ck_assert_uint_eq(nt + ns, used);
            ck_assert_uint_gt(ns, 0);
            ck_assert_int_eq(clearn_split_train(s, k, tr, NULL), CLEARN_OK);
            ck_assert_int_eq(clearn_split_test(s, k, te, NULL), CLEARN_OK);
            for (j = 0; j < nt; j++) {
                ck_assert(j == 0 || tr[j - 1] < tr[j]);
                ck_assert(!y || !isnan(y[tr[j]]));
                mark[tr[j]] = 1;
            }
            for (j = 0; j < ns; j++) {
                ck_assert(j == 0 || te[j - 1] < te[j]);
                ck_assert(!y || !isnan(y[te[j]]));
                ck_assert_int_eq(mark[te[j]], 0); /* no overlap */
                ck_assert_int_eq(seen[te[j]], 0); /* tested once */
                ck_assert_uint_eq(clearn_split_fold_of(s, r, te[j]), f);
                seen[te[j]] = 1;
            }
            tested += ns;
            free(mark);
        }
        if (clearn_split_get_method(s) != CLEARN_SPLIT_HOLDOUT &&
            clearn_split_get_method(s) != CLEARN_SPLIT_STRATIFIED_HOLDOUT)
            ck_assert_uint_eq(tested, used); /* full coverage */
    }
    free(tr);
    free(te);
    free(seen);
}

/* Test rows of each class (codes 0..2) in split i, as "a,b,c". */
static const char *test_classes(const clearn_split *s, size_t i, const double *y)
{
    static char buf[64];
    size_t c[3] = {0, 0, 0}, j, ns = clearn_split_test_size(s, i);
    size_t *te = malloc((ns ? ns : 1) * sizeof *te);
    ck_assert_ptr_nonnull(te);
    ck_assert_int_eq(clearn_split_test(s, i, te, NULL), CLEARN_OK);
    for (j = 0; j < ns; j++)
        c[(size_t)y[te[j]]]++;
    free(te);
    snprintf(buf, sizeof buf, "%zu,%zu,%zu", c[0], c[1], c[2]);
    return buf;
}

static void expect_sizes(const clearn_split *s, const double *y, size_t r,
                         const char *const *want)
{
    size_t f, k = clearn_split_folds(s);
    for (f = 0; f < k; f++)
        ck_assert_str_eq(test_classes(s, r * k + f, y), want[f]);
}

/* ---- stratified k-fold ------------------------------------------------------ */

static const char *const iris7[] = {"8,7,7", "7,8,7", "7,7,8", "7,7,7",
                                    "7,7,7", "7,7,7", "7,7,7"};
static const char *const iris3[] = {"17,17,16", "17,16,17", "16,17,17"};
static const char *const imb3[] = {"8,3,2", "7,3,2", "8,3,1"};
static const char *const imb7[] = {"4,2,0", "4,2,0", "3,1,1", "3,1,1",
                                   "3,1,1", "3,1,1", "3,1,1"};
static const char *const imb10[] = {"2,1,1", "2,1,1", "2,1,1", "2,1,1",
                                    "3,1,0", "3,1,0", "3,1,0", "2,1,0",
                                    "2,1,0", "2,0,1"};

START_TEST(test_stratified_iris)
{
    clearn_dataset *ds = read_iris();
    double y[150];
    clearn_error err;
    clearn_split *s;
    size_t k;
    iris_y(y);
    for (k = 0; k < 150; k++)
        ck_assert(clearn_dataset_get(ds, k, clearn_dataset_class(ds)) == y[k]);
    s = clearn_split_stratified_kfold(ds, 7, 0, 1, &err);
    ck_assert_msg(s != NULL, "%s", err.text);
    ck_assert_str_eq(fold_string(s, 0),
                     "00000000111111122222223333333444444455555556666666"
                     "00000001111111122222223333333444444455555556666666"
                     "00000001111111222222223333333444444455555556666666");
    expect_sizes(s, y, 0, iris7);
    check_partition(s, y);
    ck_assert_ptr_null(clearn_split_warning(s));
    clearn_split_free(s);
    s = clearn_split_stratified_kfold(ds, 7, 1, 1, &err);
    expect_sizes(s, y, 0, iris7);
    check_partition(s, y);
    clearn_split_free(s);
    s = clearn_split_stratified_kfold(ds, 3, 1, 99, &err);
    expect_sizes(s, y, 0, iris3);
    check_partition(s, y);
    clearn_split_free(s);
    s = clearn_split_stratified_kfold(ds, 10, 0, 0, &err);
    ck_assert_str_eq(fold_string(s, 0),
                     "00000111112222233333444445555566666777778888899999"
                     "00000111112222233333444445555566666777778888899999"
                     "00000111112222233333444445555566666777778888899999");
    for (k = 0; k < 10; k++)
        ck_assert_str_eq(test_classes(s, k, y), "5,5,5");
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_stratified_imbalanced)
{
    double y[64];
    size_t n = imb_y(y);
    clearn_error err;
    clearn_split *s;
    s = clearn_split_stratified_kfold_y(n, y, 3, 0, 5, &err);
    ck_assert_msg(s != NULL, "%s", err.text);
    ck_assert_str_eq(fold_string(s, 0), "0000000000000111111112112121222222222");
    expect_sizes(s, y, 0, imb3);
    ck_assert_ptr_null(clearn_split_warning(s));
    clearn_split_free(s);
    s = clearn_split_stratified_kfold_y(n, y, 7, 0, 5, &err);
    ck_assert_str_eq(fold_string(s, 0), "0200000111131122233344424355564556666");
    expect_sizes(s, y, 0, imb7);
    ck_assert_str_eq(clearn_split_warning(s), "The least populated class in y "
                     "has only 5 members, which is less than n_splits=7.");
    check_partition(s, y);
    clearn_split_free(s);
    s = clearn_split_stratified_kfold_y(n, y, 10, 0, 5, &err);
    ck_assert_str_eq(fold_string(s, 0), "0001011222313344455566246573796878989");
    expect_sizes(s, y, 0, imb10);
    ck_assert_str_eq(clearn_split_warning(s), "The least populated class in y "
                     "has only 5 members, which is less than n_splits=10.");
    clearn_split_free(s);
    /* shuffled: same sizes, other members */
    s = clearn_split_stratified_kfold_y(n, y, 10, 1, 5, &err);
    expect_sizes(s, y, 0, imb10);
    check_partition(s, y);
    ck_assert_str_ne(fold_string(s, 0), "0001011222313344455566246573796878989");
    clearn_split_free(s);
}
END_TEST

START_TEST(test_stratified_large_codes)
{
    /* classes are numbered by first appearance whatever their codes: the
     * same labels spelled 1e6, 5 and 77777 give the same folds */
    double y[64];
    size_t n = imb_y(y), i;
    clearn_split *s;
    for (i = 0; i < n; i++)
        y[i] = y[i] == 0 ? 1e6 : y[i] == 1 ? 5 : 77777;
    s = clearn_split_stratified_kfold_y(n, y, 7, 0, 5, NULL);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(fold_string(s, 0), "0200000111131122233344424355564556666");
    clearn_split_free(s);
    y[3] = NAN;
    s = clearn_split_stratified_kfold_y(n, y, 3, 1, 5, NULL);
    ck_assert_ptr_nonnull(s);
    check_partition(s, y);
    ck_assert_uint_eq(clearn_split_fold_of(s, 0, 3), CLEARN_NONE);
    clearn_split_free(s);
}
END_TEST

/* ---- k-fold ------------------------------------------------------------------- */

START_TEST(test_kfold)
{
    static const size_t want[] = {5, 5, 5, 4, 4};
    clearn_split *a, *b, *c, *d;
    size_t i, te[5];
    char sa[64];
    a = clearn_split_kfold_y(23, NULL, 5, 0, 1, NULL);
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(fold_string(a, 0), "00000111112222233334444");
    for (i = 0; i < 5; i++)
        ck_assert_uint_eq(clearn_split_test_size(a, i), want[i]);
    ck_assert_int_eq(clearn_split_test(a, 1, te, NULL), CLEARN_OK);
    ck_assert_uint_eq(te[0], 5);
    ck_assert_uint_eq(te[4], 9);
    check_partition(a, NULL);
    b = clearn_split_kfold_y(23, NULL, 5, 1, 1, NULL);
    c = clearn_split_kfold_y(23, NULL, 5, 1, 1, NULL);
    d = clearn_split_kfold_y(23, NULL, 5, 1, 2, NULL);
    for (i = 0; i < 5; i++)
        ck_assert_uint_eq(clearn_split_test_size(b, i), want[i]);
    check_partition(b, NULL);
    strcpy(sa, fold_string(b, 0));
    ck_assert_str_ne(sa, "00000111112222233334444");
    ck_assert_str_eq(sa, fold_string(c, 0)); /* same seed, same folds */
    ck_assert_str_ne(sa, fold_string(d, 0)); /* other seed */
    ck_assert_int_eq(clearn_split_get_method(b), CLEARN_SPLIT_KFOLD);
    ck_assert_uint_eq(clearn_split_seed(d), 2);
    clearn_split_free(a);
    clearn_split_free(b);
    clearn_split_free(c);
    clearn_split_free(d);
}
END_TEST

START_TEST(test_missing_class_rows)
{
    /* rows whose class is missing are in no fold, train or test */
    double y[] = {1.5, NAN, 2, 3, NAN, 4, 5, 6, 7, NAN, 8};
    clearn_split *s = clearn_split_kfold_y(11, y, 4, 1, 3, NULL);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(clearn_split_rows(s), 11);
    ck_assert_uint_eq(clearn_split_used_rows(s), 8);
    check_partition(s, y);
    ck_assert_int_eq(fold_string(s, 0)[1], '.');
    ck_assert_int_eq(fold_string(s, 0)[4], '.');
    ck_assert_int_eq(fold_string(s, 0)[9], '.');
    clearn_split_free(s);
    /* from a dataset: the class column's NaNs */
    {
        double x[11] = {0};
        clearn_error err;
        clearn_dataset *ds = clearn_dataset_from_arrays(11, 1, x, NULL, y, NULL,
                                                        0, &err);
        ck_assert_msg(ds != NULL, "%s", err.text);
        s = clearn_split_kfold(ds, 2, 0, 0, &err);
        ck_assert_str_eq(fold_string(s, 0), "0.00.0111.1");
        clearn_split_free(s);
        s = clearn_split_holdout(ds, 0.5, 0, 0, &err);
        check_partition(s, y);
        ck_assert_uint_eq(clearn_split_test_size(s, 0), 4);
        clearn_split_free(s);
        clearn_dataset_free(ds);
    }
}
END_TEST

/* ---- holdout ------------------------------------------------------------------- */

START_TEST(test_holdout)
{
    clearn_dataset *ds = read_iris();
    double y[150], yi[64];
    size_t n = imb_y(yi);
    clearn_split *s;
    clearn_error err;
    iris_y(y);
    s = clearn_split_holdout(ds, 0.25, 0, 7, &err);
    ck_assert_msg(s != NULL, "%s", err.text);
    ck_assert_uint_eq(clearn_split_count(s), 1);
    ck_assert_uint_eq(clearn_split_test_size(s, 0), 38);
    ck_assert_uint_eq(clearn_split_train_size(s, 0), 112);
    check_partition(s, y);
    clearn_split_free(s);
    s = clearn_split_holdout(ds, 0.2, 1, 7, &err);
    ck_assert_str_eq(test_classes(s, 0, y), "10,10,10");
    ck_assert_int_eq(clearn_split_get_method(s), CLEARN_SPLIT_STRATIFIED_HOLDOUT);
    clearn_split_free(s);
    /* ties in the rounding are broken at random: 38 over three equal classes */
    s = clearn_split_holdout(ds, 0.25, 1, 7, &err);
    ck_assert_uint_eq(clearn_split_test_size(s, 0), 38);
    clearn_split_free(s);
    s = clearn_split_holdout_y(n, yi, 0.3, 1, 11, &err);
    ck_assert_msg(s != NULL, "%s", err.text);
    ck_assert_str_eq(test_classes(s, 0, yi), "7,3,2");
    check_partition(s, yi);
    /* test rows are fold 0, training rows belong to no fold */
    {
        size_t te[12];
        ck_assert_int_eq(clearn_split_test(s, 0, te, NULL), CLEARN_OK);
        ck_assert_uint_eq(clearn_split_fold_of(s, 0, te[0]), 0);
    }
    clearn_split_free(s);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- leave-one-out and repeated ---------------------------------------------- */

START_TEST(test_loo)
{
    double y[] = {0, 1, NAN, 1, 0};
    size_t tr[5], te[1], i;
    clearn_split *s = clearn_split_loo_y(5, y, NULL);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(clearn_split_count(s), 4);
    ck_assert_uint_eq(clearn_split_folds(s), 4);
    ck_assert_int_eq(clearn_split_get_method(s), CLEARN_SPLIT_LOO);
    check_partition(s, y);
    ck_assert_int_eq(clearn_split_test(s, 2, te, NULL), CLEARN_OK);
    ck_assert_uint_eq(te[0], 3);
    ck_assert_int_eq(clearn_split_train(s, 2, tr, NULL), CLEARN_OK);
    ck_assert_uint_eq(tr[0], 0);
    ck_assert_uint_eq(tr[1], 1);
    ck_assert_uint_eq(tr[2], 4);
    ck_assert_uint_eq(clearn_split_fold_of(s, 0, 2), CLEARN_NONE);
    ck_assert_uint_eq(clearn_split_fold_of(s, 0, 4), 3);
    ck_assert_uint_eq(clearn_split_fold_of(s, 1, 4), CLEARN_NONE);
    ck_assert_uint_eq(clearn_split_fold_of(s, 0, 9), CLEARN_NONE);
    ck_assert_str_eq(fold_string(s, 0), "01.23");
    clearn_split_free(s);
    {
        clearn_dataset *ds = read_iris();
        s = clearn_split_loo(ds, NULL);
        ck_assert_uint_eq(clearn_split_count(s), 150);
        for (i = 0; i < 150; i++)
            ck_assert_uint_eq(clearn_split_train_size(s, i), 149);
        clearn_split_free(s);
        clearn_dataset_free(ds);
    }
}
END_TEST

START_TEST(test_repeated)
{
    clearn_dataset *ds = read_iris();
    double y[150];
    clearn_split *s, *t, *one;
    char r0[160], r1[160];
    size_t i;
    iris_y(y);
    s = clearn_split_repeated(ds, 3, 7, 1, 42, NULL);
    t = clearn_split_repeated(ds, 3, 7, 1, 42, NULL);
    one = clearn_split_stratified_kfold(ds, 7, 1, 42, NULL);
    ck_assert(s && t && one);
    ck_assert_uint_eq(clearn_split_count(s), 21);
    ck_assert_uint_eq(clearn_split_repeats(s), 3);
    check_partition(s, y);
    for (i = 0; i < 3; i++) {
        expect_sizes(s, y, i, iris7); /* the same allocation every time */
        ck_assert_str_eq(fold_string(s, i), fold_string(t, i));
    }
    strcpy(r0, fold_string(s, 0));
    strcpy(r1, fold_string(s, 1));
    ck_assert_str_ne(r0, r1);
    ck_assert_str_ne(r1, fold_string(s, 2));
    ck_assert_str_eq(r0, fold_string(one, 0)); /* repetition 0 = one k-fold */
    clearn_split_free(s);
    clearn_split_free(t);
    clearn_split_free(one);
    /* unstratified */
    s = clearn_split_repeated(ds, 2, 4, 0, 9, NULL);
    one = clearn_split_kfold(ds, 4, 1, 9, NULL);
    check_partition(s, y);
    ck_assert_str_eq(fold_string(s, 0), fold_string(one, 0));
    strcpy(r0, fold_string(s, 0));
    ck_assert_str_ne(r0, fold_string(s, 1));
    for (i = 0; i < 8; i++)
        ck_assert_uint_eq(clearn_split_test_size(s, i), i % 4 < 2 ? 38 : 37);
    clearn_split_free(s);
    clearn_split_free(one);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- errors ------------------------------------------------------------------- */

static void expect_null(clearn_split *s, const clearn_error *err, int code,
                        const char *text)
{
    ck_assert_ptr_null(s);
    ck_assert_int_eq(err->code, code);
    ck_assert_str_eq(err->text, text);
}

START_TEST(test_errors)
{
    double y[] = {0, 0, 1, 1, 2}, nan3[] = {NAN, NAN, NAN};
    double frac[] = {0, 1, -0.5, 1.5, NAN};
    clearn_error err;
    size_t i;
    expect_null(clearn_split_kfold_y(5, y, 1, 0, 0, &err), &err, CLEARN_EINVAL,
                "number of folds k=1 must be at least 2");
    expect_null(clearn_split_stratified_kfold_y(5, y, 0, 0, 0, &err), &err,
                CLEARN_EINVAL, "number of folds k=0 must be at least 2");
    expect_null(clearn_split_kfold_y(5, y, 6, 1, 0, &err), &err, CLEARN_EINVAL,
                "number of folds k=6 is greater than the number of rows with a "
                "known class (5)");
    expect_null(clearn_split_stratified_kfold_y(4, y, 3, 0, 0, &err), &err,
                CLEARN_EINVAL, "n_splits=3 cannot be greater than the number "
                "of members in each class.");
    expect_null(clearn_split_kfold_y(0, NULL, 2, 0, 0, &err), &err,
                CLEARN_EINVAL, "no rows to split");
    expect_null(clearn_split_kfold_y(3, nan3, 2, 0, 0, &err), &err,
                CLEARN_EINVAL, "no rows to split: the class value of all 3 rows "
                "is missing");
    expect_null(clearn_split_stratified_kfold_y(5, NULL, 2, 0, 0, &err), &err,
                CLEARN_EINVAL, "a stratified split needs class values (y is NULL)");
    expect_null(clearn_split_repeated_y(5, y, 0, 2, 0, 0, &err), &err,
                CLEARN_EINVAL, "number of repetitions 0 must be at least 1");
    for (i = 0; i < sizeof frac / sizeof frac[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "test fraction %g must be in (0, 1)", frac[i]);
        expect_null(clearn_split_holdout_y(5, y, frac[i], 0, 0, &err), &err,
                    CLEARN_EINVAL, want);
    }
    expect_null(clearn_split_holdout_y(5, y, 0.9, 0, 0, &err), &err,
                CLEARN_EINVAL, "with 5 rows and test fraction 0.9 the training "
                "part would be empty");
    expect_null(clearn_split_loo_y(3, (double[]){1, NAN, NAN}, &err), &err,
                CLEARN_EINVAL, "leave-one-out needs at least 2 rows with a known "
                "class, got 1");
    {
        double bad[] = {0, 1, 2.5}, neg[] = {0, -1, 1}, inf[] = {0, 1, INFINITY};
        expect_null(clearn_split_stratified_kfold_y(3, bad, 2, 0, 0, &err), &err,
                    CLEARN_EINVAL, "class value at row 2 is 2.5: stratification "
                    "needs class codes (non-negative integers)");
        expect_null(clearn_split_holdout_y(3, neg, 0.5, 1, 0, &err), &err,
                    CLEARN_EINVAL, "class value at row 1 is -1: stratification "
                    "needs class codes (non-negative integers)");
        expect_null(clearn_split_repeated_y(3, inf, 2, 2, 1, 0, &err), &err,
                    CLEARN_EINVAL, "class value at row 2 is inf: stratification "
                    "needs class codes (non-negative integers)");
    }
}
END_TEST

START_TEST(test_stratified_holdout_errors)
{
    double y[] = {0, 0, 0, 0, 1, 1, 2}, y2[] = {0, 0, 1, 1, 2, 2, 0, 0};
    clearn_error err;
    expect_null(clearn_split_holdout_y(7, y, 0.3, 1, 0, &err), &err,
                CLEARN_EINVAL, "The least populated class in y has only 1 "
                "member, which is too few. The minimum number of groups for any "
                "class cannot be less than 2.");
    expect_null(clearn_split_holdout_y(8, y2, 0.2, 1, 0, &err), &err,
                CLEARN_EINVAL, "The test_size = 2 should be greater or equal to "
                "the number of classes = 3");
    expect_null(clearn_split_holdout_y(8, y2, 0.8, 1, 0, &err), &err,
                CLEARN_EINVAL, "The train_size = 1 should be greater or equal to "
                "the number of classes = 3");
    /* without stratification the same data split fine */
    clearn_split_free(clearn_split_holdout_y(7, y, 0.3, 0, 0, &err));
}
END_TEST

START_TEST(test_dataset_errors)
{
    clearn_error err;
    clearn_dataset *ds = read_iris(), *reg, *none, *empty;
    double x[4] = {1, 2, 3, 4}, yv[4] = {1, 2, 3, 4};
    reg = clearn_dataset_from_arrays(4, 1, x, NULL, yv, NULL, 0, &err);
    none = clearn_dataset_from_arrays(4, 1, x, NULL, NULL, NULL, 0, &err);
    empty = clearn_dataset_header(ds, &err);
    ck_assert(reg && none && empty);
    expect_null(clearn_split_kfold(NULL, 2, 0, 0, &err), &err, CLEARN_EINVAL,
                "dataset is NULL");
    expect_null(clearn_split_kfold(empty, 2, 0, 0, &err), &err, CLEARN_EINVAL,
                "no rows to split: the dataset is empty");
    expect_null(clearn_split_stratified_kfold(none, 2, 0, 0, &err), &err,
                CLEARN_EINVAL, "a stratified split needs a nominal class "
                "attribute; the dataset has none");
    expect_null(clearn_split_repeated(reg, 2, 2, 1, 0, &err), &err,
                CLEARN_EINVAL, "a stratified split needs a nominal class "
                "attribute; class 'class' is numeric");
    expect_null(clearn_split_holdout(reg, 0.5, 1, 0, &err), &err, CLEARN_EINVAL,
                "a stratified split needs a nominal class attribute; class "
                "'class' is numeric");
    expect_null(clearn_split_loo(empty, &err), &err, CLEARN_EINVAL,
                "no rows to split: the dataset is empty");
    expect_null(clearn_split_stratified_kfold(ds, 151, 0, 0, &err), &err,
                CLEARN_EINVAL, "number of folds k=151 is greater than the number "
                "of rows with a known class (150)");
    /* unstratified splits work without a class or with a numeric one */
    clearn_split_free(clearn_split_kfold(none, 2, 1, 0, NULL));
    {
        clearn_split *s = clearn_split_repeated(reg, 2, 2, 0, 0, &err);
        ck_assert_msg(s != NULL, "%s", err.text);
        clearn_split_free(s);
    }
    clearn_dataset_free(reg);
    clearn_dataset_free(none);
    clearn_dataset_free(empty);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(test_accessor_errors)
{
    clearn_split *s = clearn_split_kfold_y(10, NULL, 2, 0, 0, NULL);
    size_t out[10];
    clearn_error err;
    ck_assert_int_eq(clearn_split_train(s, 2, out, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "split 2 out of range (there are 2)");
    ck_assert_int_eq(clearn_split_test(s, 0, NULL, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "output array is NULL");
    ck_assert_int_eq(clearn_split_test(NULL, 0, out, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "split is NULL");
    ck_assert_uint_eq(clearn_split_test_size(s, 2), 0);
    ck_assert_uint_eq(clearn_split_train_size(s, 2), 0);
    ck_assert_uint_eq(clearn_split_fold_of(s, 1, 0), CLEARN_NONE);
    ck_assert_uint_eq(clearn_split_fold_of(s, 0, 10), CLEARN_NONE);
    ck_assert_uint_eq(clearn_split_count(NULL), 0);
    ck_assert_uint_eq(clearn_split_folds(NULL), 0);
    ck_assert_uint_eq(clearn_split_repeats(NULL), 0);
    ck_assert_uint_eq(clearn_split_rows(NULL), 0);
    ck_assert_uint_eq(clearn_split_used_rows(NULL), 0);
    ck_assert_uint_eq(clearn_split_seed(NULL), 0);
    ck_assert_uint_eq(clearn_split_fold_of(NULL, 0, 0), CLEARN_NONE);
    ck_assert_ptr_null(clearn_split_warning(NULL));
    clearn_split_free(s);
    clearn_split_free(NULL);
}
END_TEST

/* ---- allocation failures -------------------------------------------------------- */

static clearn_split *make(int which, const clearn_dataset *ds, const double *y,
                          size_t n, clearn_error *err)
{
    switch (which) {
    case 0: return clearn_split_holdout(ds, 0.3, 0, 1, err);
    case 1: return clearn_split_holdout(ds, 0.3, 1, 1, err);
    case 2: return clearn_split_kfold(ds, 5, 1, 1, err);
    case 3: return clearn_split_stratified_kfold(ds, 5, 1, 1, err);
    case 4: return clearn_split_repeated(ds, 2, 3, 1, 1, err);
    case 5: return clearn_split_loo(ds, err);
    default: return clearn_split_stratified_kfold_y(n, y, 3, 1, 1, err);
    }
}

START_TEST(test_alloc_failures)
{
    clearn_dataset *ds = read_iris();
    double y[64];
    size_t n = imb_y(y), i;
    int which;
    for (i = 0; i < n; i++)
        y[i] = y[i] * 1e6; /* the sorting path */
    for (which = 0; which < 7; which++) {
        long k;
        clearn_split *s = NULL;
        for (k = 0; !s && k < 50; k++) {
            clearn_error err;
            clearn__alloc_fail_after(k);
            s = make(which, ds, y, n, &err);
            clearn__alloc_fail_after(-1);
            if (!s) {
                ck_assert_int_eq(err.code, CLEARN_ENOMEM);
                ck_assert_str_eq(err.text, "out of memory");
            }
        }
        ck_assert_msg(s != NULL, "method %d", which);
        clearn_split_free(s);
    }
    clearn_dataset_free(ds);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("split");
    TCase *t = tcase_create("split");
    tcase_add_test(t, test_stratified_iris);
    tcase_add_test(t, test_stratified_imbalanced);
    tcase_add_test(t, test_stratified_large_codes);
    tcase_add_test(t, test_kfold);
    tcase_add_test(t, test_missing_class_rows);
    tcase_add_test(t, test_holdout);
    tcase_add_test(t, test_loo);
    tcase_add_test(t, test_repeated);
    tcase_add_test(t, test_errors);
    tcase_add_test(t, test_stratified_holdout_errors);
    tcase_add_test(t, test_dataset_errors);
    tcase_add_test(t, test_accessor_errors);
    tcase_add_test(t, test_alloc_failures);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return run_suite(suite());
}
