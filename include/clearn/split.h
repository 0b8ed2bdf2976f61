/* clearn — train/test splits: holdout, k-fold, stratified k-fold, repeated
 * r x k, leave-one-out.
 *
 * A clearn_split is a fixed assignment of rows to folds, built once from a
 * dataset (or from a row count and class codes) and a seed, then read as
 * many times as needed: give the same split to several models and they all
 * see exactly the same training and test rows. Splits are numbered
 * 0..clearn_split_count()-1; split i is fold (i % folds) of repetition
 * (i / folds). Row indices refer to the rows of the dataset (or array) the
 * split was built from and are handed out sorted ascending.
 *
 * Rows whose class value is missing (NaN) belong to no fold: they are in
 * neither the training nor the test rows of any split. A dataset without a
 * class attribute (or y == NULL) uses every row.
 *
 * Randomness: repetition r draws from its own stream, clearn_rng_seed(seed,
 * r), so repetition 0 of a repeated split equals the single split built with
 * the same seed, and adding repetitions never changes earlier ones. The
 * assignment depends only on (method, sizes, classes, seed), never on the
 * machine or the thread count.
 *
 * Fold sizes follow scikit-learn 1.2 exactly (membership, being drawn from
 * our generator, does not): KFold gives the first n % k folds n / k + 1 rows
 * and the others n / k; StratifiedKFold's per-class allocation (classes in
 * order of first appearance, sorted labels dealt round-robin to the folds)
 * is reproduced, so each fold holds the same number of rows of each class as
 * scikit-learn's; holdout takes ceil(fraction * n) test rows as
 * train_test_split / ShuffleSplit do, and the stratified holdout apportions
 * them per class as StratifiedShuffleSplit does (ties in its rounding are
 * broken by our generator). Without shuffling, k-fold and stratified k-fold
 * membership equal scikit-learn's shuffle=False splits too.
 *
 * A split is immutable after construction: concurrent reads from several
 * threads are safe. */
#ifndef CLEARN_SPLIT_H
#define CLEARN_SPLIT_H

#include <stddef.h>
#include <stdint.h>
#include <clearn/error.h>
#include <clearn/dataset.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clearn_split clearn_split;

/* The method a split was built with. */
typedef enum clearn_split_method {
    CLEARN_SPLIT_HOLDOUT = 0,           /* one train/test split */
    CLEARN_SPLIT_STRATIFIED_HOLDOUT,    /* ditto, class proportions kept */
    CLEARN_SPLIT_KFOLD,                 /* k folds (shuffled or in row order) */
    CLEARN_SPLIT_STRATIFIED_KFOLD,      /* k folds, class proportions kept */
    CLEARN_SPLIT_LOO                    /* leave-one-out: n folds of one row */
} clearn_split_method;

/* ---- Constructors from a dataset ----------------------------------------
 * Each reads ds (borrowed; not kept) and returns a new split the caller
 * frees with clearn_split_free, or NULL with err filled:
 *   CLEARN_EINVAL  ds NULL, no usable row (empty data or every class value
 *                  missing), k < 2, k greater than the usable rows, fraction
 *                  outside (0, 1) or leaving an empty train or test part,
 *                  repeats < 1, stratification without a nominal class;
 *   CLEARN_ERANGE  more folds or rows than the split can index (> 2^32 - 2
 *                  folds);
 *   CLEARN_ENOMEM  out of memory. */

/* One holdout split: ceil(test_fraction * n) rows form the test part, the
 * rest the training part (n = rows with a known class). With stratify != 0
 * the class proportions are kept as scikit-learn's StratifiedShuffleSplit
 * keeps them; this needs a nominal class, every class with at least 2 rows,
 * and at least one row of each class on both sides (CLEARN_EINVAL with
 * scikit-learn's wording otherwise). */
clearn_split *clearn_split_holdout(const clearn_dataset *ds, double test_fraction,
                                   int stratify, uint64_t seed,
                                   clearn_error *err);

/* k-fold cross-validation. With shuffle != 0 the rows are permuted by the
 * seed before being cut into k consecutive folds; with shuffle == 0 the
 * folds are consecutive blocks in row order (seed unused). */
clearn_split *clearn_split_kfold(const clearn_dataset *ds, size_t k,
                                 int shuffle, uint64_t seed, clearn_error *err);

/* Stratified k-fold: each fold holds, for each class, the number of rows
 * scikit-learn 1.2's StratifiedKFold(n_splits=k) gives it. Needs a nominal
 * class. With shuffle != 0 the rows of each class are dealt to their folds
 * in an order drawn from the seed; with shuffle == 0 in row order (as
 * scikit-learn with shuffle=False). It is CLEARN_EINVAL when every class has
 * fewer than k rows ("n_splits=K cannot be greater than the number of members
 * in each class."); when only some do, the split is built and
 * clearn_split_warning says so. */
clearn_split *clearn_split_stratified_kfold(const clearn_dataset *ds, size_t k,
                                            int shuffle, uint64_t seed,
                                            clearn_error *err);

/* r x k cross-validation: `repeats` shuffled k-fold (stratify == 0) or
 * stratified k-fold (stratify != 0) splits, repetition r drawn from stream r
 * of seed (as scikit-learn's RepeatedKFold / RepeatedStratifiedKFold, which
 * always shuffle). repeats == 1 gives clearn_split_kfold(ds, k, 1, seed) or
 * clearn_split_stratified_kfold(ds, k, 1, seed). */
clearn_split *clearn_split_repeated(const clearn_dataset *ds, size_t repeats,
                                    size_t k, int stratify, uint64_t seed,
                                    clearn_error *err);

/* Leave-one-out: one split per usable row, whose test part is that row.
 * Needs at least 2 usable rows. Takes O(n) memory; its splits are not
 * stored. */
clearn_split *clearn_split_loo(const clearn_dataset *ds, clearn_error *err);

/* ---- Constructors from arrays -------------------------------------------
 * The same, for n rows whose class values are y[0..n) (borrowed; not kept).
 * y may be NULL (every row usable; stratification then is CLEARN_EINVAL).
 * For the stratified methods y holds class codes: non-negative integers
 * stored as doubles, NaN for missing; any other value is CLEARN_EINVAL
 * naming the row. For the others y only marks missing rows (NaN). */
clearn_split *clearn_split_holdout_y(size_t n, const double *y,
                                     double test_fraction, int stratify,
                                     uint64_t seed, clearn_error *err);
clearn_split *clearn_split_kfold_y(size_t n, const double *y, size_t k,
                                   int shuffle, uint64_t seed,
                                   clearn_error *err);
clearn_split *clearn_split_stratified_kfold_y(size_t n, const double *y,
                                              size_t k, int shuffle,
                                              uint64_t seed, clearn_error *err);
clearn_split *clearn_split_repeated_y(size_t n, const double *y,
                                      size_t repeats, size_t k, int stratify,
                                      uint64_t seed, clearn_error *err);
clearn_split *clearn_split_loo_y(size_t n, const double *y, clearn_error *err);

/* Frees the split; NULL is a no-op. */
void clearn_split_free(clearn_split *s);

/* ---- Reading a split ----------------------------------------------------- */

/* The method the split was built with. */
clearn_split_method clearn_split_get_method(const clearn_split *s);

/* Number of train/test splits: repeats x folds (1 for holdout, n for LOO). */
size_t clearn_split_count(const clearn_split *s);
/* Folds per repetition (1 for holdout, the usable rows for LOO). */
size_t clearn_split_folds(const clearn_split *s);
/* Repetitions (1 unless built by clearn_split_repeated). */
size_t clearn_split_repeats(const clearn_split *s);
/* Rows of the data the split was built for (all of them), and how many of
 * them are in the folds (those with a known class). */
size_t clearn_split_rows(const clearn_split *s);
size_t clearn_split_used_rows(const clearn_split *s);
/* The seed it was built with. */
uint64_t clearn_split_seed(const clearn_split *s);

/* Sizes of the training and test parts of split i; 0 when i is out of
 * range. */
size_t clearn_split_train_size(const clearn_split *s, size_t i);
size_t clearn_split_test_size(const clearn_split *s, size_t i);

/* Copies the row indices of the training (test) part of split i into
 * out[0..train_size(s, i)) (out[0..test_size(s, i)) ), sorted ascending.
 * out is the caller's. CLEARN_EINVAL when i >= clearn_split_count(s) or s
 * or out is NULL. Each call is O(n) and allocates nothing. */
int clearn_split_train(const clearn_split *s, size_t i, size_t *out,
                       clearn_error *err);
int clearn_split_test(const clearn_split *s, size_t i, size_t *out,
                      clearn_error *err);

/* The fold (0..folds-1) that row `row` is tested in, in repetition r, or
 * CLEARN_NONE when the row belongs to no fold (missing class, out of
 * range). For a holdout split the fold is 0 for test rows and CLEARN_NONE
 * for training rows. */
size_t clearn_split_fold_of(const clearn_split *s, size_t r, size_t row);

/* A warning about the split, or NULL: scikit-learn's "The least populated
 * class in y has only N members, which is less than n_splits=K." when a
 * class has fewer rows than folds (some folds then lack it in their test
 * part). The library never prints; show it if you like. The text is owned
 * by the split. */
const char *clearn_split_warning(const clearn_split *s);

#ifdef __cplusplus
}
#endif
#endif
