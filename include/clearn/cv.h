/* clearn — cross-validation, grid search, model comparison and learning
 * curves: the evaluation harness.
 *
 * Every routine here takes a clearn_split (split.h) built from the same
 * dataset, so several models can be evaluated on exactly the same folds,
 * and evaluates by cross-validation: for each train/test split, a fresh
 * unfitted clone of the estimator is fitted on the training rows and
 * predicts the test rows. A pipeline ("standardize | oner") is one
 * estimator, so its transforms are fitted on the training rows of each fold
 * only: nothing learnt from a test row leaks into its prediction. The
 * caller's estimator is never modified.
 *
 * Work is cut into one task per (model, split) pair and run on the thread
 * pool (threads= in clearn_cv_options). Each task writes only its own
 * slots, and every figure (per-fold values, means, predictions, the
 * confusion matrix, rankings) is bit-identical for any thread count; only
 * the measured fit and predict times vary.
 *
 * Metrics are named as in metrics.h (clearn_metric_find). By default a
 * nominal class is scored by accuracy and kappa, a numeric class by rmse,
 * mae and r2.
 *
 * Results are immutable objects: concurrent reads are safe. Pointers and
 * strings they return are owned by them and live until they are freed. */
#ifndef CLEARN_CV_H
#define CLEARN_CV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <clearn/error.h>
#include <clearn/dataset.h>
#include <clearn/estimator.h>
#include <clearn/split.h>
#include <clearn/metrics.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Called after each finished task with done = 1, 2, ..., total, from
 * whichever thread finished it, one call at a time: keep it short. */
typedef void (*clearn_progress_fn)(void *ctx, size_t done, size_t total);

typedef struct clearn_cv_options {
    /* Metric names (borrowed); n_metrics == 0 selects the defaults. */
    const char *const *metrics;
    size_t n_metrics;
    /* Threads including the caller's: 0 = one per CPU (the default),
     * 1 = the calling thread only; negative is CLEARN_EINVAL. */
    long threads;
    /* 1: keep the out-of-fold class probabilities even when no metric
     * needs them (CLEARN_EINVAL if the estimator gives none). */
    int keep_proba;
    /* Optional progress report (total = models x splits). */
    clearn_progress_fn progress;
    void *progress_ctx;
} clearn_cv_options;

/* Fills opt with the defaults: default metrics, threads = 0, no
 * probabilities kept, no progress callback. */
void clearn_cv_options_init(clearn_cv_options *opt);

/* The default metric names for a dataset's class: {"accuracy", "kappa"}
 * for a nominal class, {"rmse", "mae", "r2"} for a numeric one. Returns how
 * many, and points *names at a static array; 0 without a class. */
size_t clearn_cv_default_metrics(const clearn_dataset *ds, const char *const **names);

/* ---- Cross-validation ----------------------------------------------------- */

typedef struct clearn_cv_result clearn_cv_result;

/* Cross-validates estimator e (borrowed; cloned for every split, never
 * fitted itself) on ds with split (built from ds: same number of rows).
 * opt may be NULL for the defaults. Returns a new result (free with
 * clearn_cv_result_free), or NULL with err filled:
 *   CLEARN_EINVAL  NULL argument, ds without a class, a split built for
 *                  another number of rows, a metric for the other task (or
 *                  one that needs probabilities the estimator cannot give),
 *                  a negative thread count, or an estimator prediction that
 *                  is not a number or not a class code ("fold 3 of 10: oner
 *                  predicted NaN for row 17");
 *   CLEARN_ENOTFOUND  an unknown metric name;
 *   any error of fitting or predicting, prefixed with the fold.
 * When several folds fail, the error of the first (in split order) is the
 * one reported, whatever the thread count. */
clearn_cv_result *clearn_cv(const clearn_estimator *e, const clearn_dataset *ds,
                            const clearn_split *split, const clearn_cv_options *opt,
                            clearn_error *err);

/* The same for an estimator spec string ("standardize | oner"). */
clearn_cv_result *clearn_cv_spec(const char *spec, const clearn_dataset *ds,
                                 const clearn_split *split, const clearn_cv_options *opt,
                                 clearn_error *err);

/* Cross-validates m estimators on the same split as one task list (m x
 * splits tasks, so every thread keeps busy even with few folds). On
 * success out[0..m) receive one result each; on failure nothing is
 * returned in out. */
int clearn_cv_many(const clearn_estimator *const *models, size_t m,
                   const clearn_dataset *ds, const clearn_split *split,
                   const clearn_cv_options *opt, clearn_cv_result **out,
                   clearn_error *err);

/* Frees a result; NULL is a no-op. */
void clearn_cv_result_free(clearn_cv_result *r);

/* ---- Reading a result ---------------------------------------------------
 * Splits are numbered as in split.h: split i is fold i % folds of
 * repetition i / folds. Out-of-range indices give NaN, 0 or NULL. */

/* The canonical spec of the evaluated estimator. */
const char *clearn_cv_result_spec(const clearn_cv_result *r);
/* Number of splits, repetitions and rows of the dataset. */
size_t clearn_cv_result_splits(const clearn_cv_result *r);
size_t clearn_cv_result_repeats(const clearn_cv_result *r);
size_t clearn_cv_result_rows(const clearn_cv_result *r);

/* The metrics, in the order asked for. */
size_t clearn_cv_result_metrics(const clearn_cv_result *r);
const clearn_metric *clearn_cv_result_metric(const clearn_cv_result *r, size_t m);
/* Index of the metric called name, or CLEARN_NONE. */
size_t clearn_cv_result_metric_index(const clearn_cv_result *r, const char *name);

/* Metric m on the test rows of split i. */
double clearn_cv_result_value(const clearn_cv_result *r, size_t m, size_t i);
/* Mean and sample standard deviation (n - 1) of the per-split values (in
 * split order; NaN if any value is NaN; the sd of one split is NaN). */
double clearn_cv_result_mean(const clearn_cv_result *r, size_t m);
double clearn_cv_result_sd(const clearn_cv_result *r, size_t m);
/* Metric m on all out-of-fold predictions of a repetition at once (as Weka
 * reports cross-validation), averaged over the repetitions: the figure to
 * read for leave-one-out, whose single-row folds make per-fold values of
 * kappa or r2 meaningless. */
double clearn_cv_result_pooled(const clearn_cv_result *r, size_t m);

/* Number of classes (0 for regression) and the k x k confusion matrix
 * pooled over every split of every repetition (counts[t * k + p]: true
 * class t, predicted p; rows with a missing class are not counted), or
 * NULL for regression. Print it with clearn_confusion_print. */
size_t clearn_cv_result_classes(const clearn_cv_result *r);
const size_t *clearn_cv_result_confusion(const clearn_cv_result *r);

/* The true class values of the rows[0..rows) (NaN = missing). */
const double *clearn_cv_result_truth(const clearn_cv_result *r);
/* Out-of-fold predictions of repetition rep: rows values, one per row of
 * the dataset (class codes or numbers), NaN for a row not tested in that
 * repetition (training rows of a holdout split, rows with a missing
 * class). Under repeated cross-validation each repetition keeps its own
 * array. */
const double *clearn_cv_result_predictions(const clearn_cv_result *r, size_t rep);
/* Out-of-fold class probabilities of repetition rep: rows x classes,
 * row-major, NaN rows for rows not tested; NULL unless a metric needed them
 * or keep_proba was set. */
const double *clearn_cv_result_probabilities(const clearn_cv_result *r, size_t rep);

/* Rows used to fit and to test split i, and the wall-clock seconds spent
 * fitting and predicting (the only figures that vary between runs). */
size_t clearn_cv_result_train_rows(const clearn_cv_result *r, size_t i);
size_t clearn_cv_result_test_rows(const clearn_cv_result *r, size_t i);
double clearn_cv_result_fit_seconds(const clearn_cv_result *r, size_t i);
double clearn_cv_result_predict_seconds(const clearn_cv_result *r, size_t i);

/* A warning about the evaluation, or NULL: the split's warning (a class
 * with fewer rows than folds, in scikit-learn's words). The library never
 * prints it. */
const char *clearn_cv_result_warning(const clearn_cv_result *r);

/* ---- Grid search -----------------------------------------------------------
 * A grid spec is a spec whose values may be comma-separated lists, in any
 * stage of a pipeline: "standardize | oner min_bucket=1,3,6,10". It stands
 * for every combination of the listed values (the cartesian product, the
 * last list varying fastest). A value that itself contains a comma is
 * quoted: cats='a,b' is one value. */

/* Expands grid_spec into *n spec strings (*specs, freed with
 * clearn_grid_specs_free). Quotes are kept in the expanded text.
 * CLEARN_EINVAL for an empty list or item ("k=", "k=1,,3"), an unterminated
 * quote, a malformed spec; CLEARN_ERANGE for more than 1,000,000
 * combinations. Parameter names are not checked here (clearn_grid_search
 * does). */
int clearn_grid_expand(const char *grid_spec, char ***specs, size_t *n,
                       clearn_error *err);
void clearn_grid_specs_free(char **specs, size_t n);

typedef struct clearn_grid clearn_grid;

/* Cross-validates every combination of grid_spec on ds with split (all
 * combinations x splits as one task list), ranks them by rank_metric (NULL:
 * the first metric of opt; added to the metrics if absent): best mean
 * first (highest for scores, lowest for losses), ties and NaN means kept in
 * expansion order, NaN last; then refits the best on all of ds. Errors: as
 * clearn_grid_expand, clearn_estimator_new (unknown estimator or parameter,
 * bad value: naming the combination) and clearn_cv_many. */
clearn_grid *clearn_grid_search(const char *grid_spec, const clearn_dataset *ds,
                                const clearn_split *split, const char *rank_metric,
                                const clearn_cv_options *opt, clearn_error *err);
void clearn_grid_free(clearn_grid *g);

/* Number of combinations, combination i's spec (as expanded) and result. */
size_t clearn_grid_size(const clearn_grid *g);
const char *clearn_grid_spec(const clearn_grid *g, size_t i);
const clearn_cv_result *clearn_grid_result(const clearn_grid *g, size_t i);
/* The ranking metric, and the combination at rank `rank` (0 = the best). */
const clearn_metric *clearn_grid_metric(const clearn_grid *g);
size_t clearn_grid_ranked(const clearn_grid *g, size_t rank);
/* The best combination refitted on the whole dataset (owned by g), or, with
 * take, handed to the caller (later calls then return NULL). */
const clearn_estimator *clearn_grid_best(const clearn_grid *g);
clearn_estimator *clearn_grid_take_best(clearn_grid *g);

/* ---- Comparing two models --------------------------------------------------- */

/* The corrected resampled paired t-test (Nadeau & Bengio 2003; the default
 * of Weka's Experimenter, PairedCorrectedTTester). With d_j = a_j - b_j
 * over the n = r x k splits, mean d and sample variance s^2:
 *     t = mean d / sqrt((1/n + n_test/n_train) s^2),  df = n - 1,
 * and p is two-sided from Student's t. When s = 0, t is 0 and p 1 if the
 * mean difference is 0, else t is +-infinity and p 0. */
typedef struct clearn_ttest {
    size_t n;                 /* paired values */
    double mean_a, mean_b;    /* means of a and b */
    double mean_diff, sd_diff;/* mean and sample sd of a - b */
    double ratio;             /* n_test / n_train used in the correction */
    double t, df, p;
} clearn_ttest;

/* The test on paired values a[0..n), b[0..n) (borrowed). CLEARN_EINVAL for
 * NULL arrays, n < 2, a value that is not finite (naming it), or a ratio
 * that is not finite and positive. */
int clearn_ttest_corrected(const double *a, const double *b, size_t n,
                           double test_train_ratio, clearn_ttest *out,
                           clearn_error *err);

/* The test between two results on the same split (same splits, rows and
 * fold sizes; CLEARN_EINVAL otherwise), on their values of the metric
 * called `metric` (NULL: the first), with ratio = sum of test rows / sum of
 * training rows over the splits. a - b > 0 means a scored higher. */
int clearn_ttest_cv(const clearn_cv_result *a, const clearn_cv_result *b,
                    const char *metric, clearn_ttest *out, clearn_error *err);

/* McNemar's test with Edwards' continuity correction, as statsmodels'
 * mcnemar(table, exact=False, correction=True) and Dietterich (1998):
 *     chi2 = (|n01 - n10| - 1)^2 / (n01 + n10),  df = 1
 * (not clamped at 0: equal counts give 1 / (n01 + n10), as statsmodels),
 * n01 the rows only a got right and n10 the rows only b got right, p the
 * chi-square upper tail; p_exact is the two-sided exact binomial test
 * (statsmodels' default exact=True): min(1, 2 P(X <= min(n01, n10))),
 * X ~ Bin(n01 + n10, 1/2). With n01 + n10 = 0, chi2 = 0 and both p = 1. */
typedef struct clearn_mcnemar {
    size_t n;                 /* rows compared (n01 + n10 from counts) */
    size_t both_right, both_wrong;
    size_t n01, n10;          /* only a right; only b right */
    double chi2, p, p_exact;
} clearn_mcnemar;

int clearn_mcnemar_counts(size_t n01, size_t n10, clearn_mcnemar *out,
                          clearn_error *err);

/* The test on the out-of-fold predictions of two classification results on
 * the same split of one repetition in which each row is tested once (a
 * holdout split, as the test is meant for, or a single k-fold).
 * CLEARN_EINVAL for regression results, repeated splits or different
 * splits. */
int clearn_mcnemar_cv(const clearn_cv_result *a, const clearn_cv_result *b,
                      clearn_mcnemar *out, clearn_error *err);

/* ---- Learning curve ------------------------------------------------------- */

typedef struct clearn_curve clearn_curve;

/* Cross-validates e on ds with split once per training-set size: sizes in
 * (0, 1] are fractions of the smallest training part of the split
 * (rounded down, at least one row), sizes > 1 are row counts (whole
 * numbers, at most that smallest part). For each split the training rows
 * are shuffled once (stream i of the split's seed) and each size takes the
 * first rows of that order, so smaller training sets are subsets of larger
 * ones; the test rows are always the whole test part. All sizes x splits
 * run as one task list. CLEARN_EINVAL for no sizes or a bad one, besides
 * the errors of clearn_cv. */
clearn_curve *clearn_learning_curve(const clearn_estimator *e, const clearn_dataset *ds,
                                    const clearn_split *split, const double *sizes,
                                    size_t n_sizes, const clearn_cv_options *opt,
                                    clearn_error *err);
void clearn_curve_free(clearn_curve *c);

/* Number of points, the training rows of point i, and its result. */
size_t clearn_curve_points(const clearn_curve *c);
size_t clearn_curve_train_size(const clearn_curve *c, size_t i);
const clearn_cv_result *clearn_curve_result(const clearn_curve *c, size_t i);

/* Writes the curve as CSV: a header "train_size,M_mean,M_sd,..." for each
 * metric M, then one line per point; numbers in their shortest exact form
 * ("nan" for NaN). CLEARN_EIO on a write error. */
int clearn_curve_write_csv(const clearn_curve *c, FILE *f, clearn_error *err);

#ifdef __cplusplus
}
#endif
#endif
