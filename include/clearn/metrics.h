/* clearn — evaluation metrics for classification and regression, and a
 * registry of them by name.
 *
 * Every metric reads plain arrays the caller owns (borrowed, not kept):
 *   truth[0..n)  true values: class codes for classification (non-negative
 *                integers stored as doubles), numbers for regression;
 *                NaN = missing: that row is skipped, as evaluation ignores
 *                rows whose class is unknown;
 *   pred[0..n)   predicted values: codes in 0..k-1, or numbers; a NaN
 *                prediction (for a row whose truth is known) is CLEARN_EINVAL
 *                naming the row;
 *   proba        n x k class probabilities, row-major (row i, class c at
 *                proba[i * k + c]); non-finite entries are CLEARN_EINVAL;
 *   k            the number of classes; a code outside 0..k-1 (or not an
 *                integer) in truth or pred is CLEARN_EINVAL naming the row.
 * The result goes to *value; the call returns CLEARN_OK or an error code,
 * err (optional) saying what and where. No metric allocates more than O(k^2)
 * memory besides ROC AUC's O(n) sort, and none keeps state: every function
 * is safe to call from several threads at once.
 *
 * Values match scikit-learn 1.2 (the tests record its figures and the
 * commands that produced them). Where scikit-learn restricts a computation
 * to the labels present in y_true or y_pred (the macro averages), so does
 * clearn; classes absent from both do not count.
 *
 * Errors common to all: CLEARN_EINVAL for NULL arrays, no row with a known
 * true value, a NaN prediction, a code out of range, k == 0. */
#ifndef CLEARN_METRICS_H
#define CLEARN_METRICS_H

#include <stddef.h>
#include <stdio.h>
#include <clearn/error.h>
#include <clearn/estimator.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How per-class precision, recall and F1 are averaged. */
typedef enum clearn_average {
    CLEARN_AVERAGE_MACRO = 0, /* unweighted mean over the classes present in
                                 truth or predictions */
    CLEARN_AVERAGE_MICRO,     /* from the pooled counts (= accuracy for
                                 single-label multiclass data) */
    CLEARN_AVERAGE_WEIGHTED   /* mean weighted by each class's true count */
} clearn_average;

/* ---- Classification: from predicted codes ------------------------------ */

/* Fraction of rows predicted correctly. */
int clearn_metric_accuracy(const double *truth, const double *pred, size_t n,
                           size_t k, double *value, clearn_error *err);

/* Mean recall over the classes that occur in truth (scikit-learn's
 * balanced_accuracy_score, adjusted=False). */
int clearn_metric_balanced_accuracy(const double *truth, const double *pred,
                                    size_t n, size_t k, double *value,
                                    clearn_error *err);

/* Per-class figures: for each class c in 0..k-1, precision[c], recall[c],
 * f1[c] and support[c] (rows whose true class is c). Any output may be NULL;
 * the others have k elements. A class never predicted has precision 0, a
 * class never true has recall 0, and F1 is 0 when precision + recall is 0
 * (scikit-learn's zero_division="warn" values, without the warning). */
int clearn_metric_per_class(const double *truth, const double *pred, size_t n,
                            size_t k, double *precision, double *recall,
                            double *f1, size_t *support, clearn_error *err);

/* Averaged precision, recall and F1 (scikit-learn's precision_score,
 * recall_score, f1_score with average="macro", "micro", "weighted"). The
 * macro mean is over the classes present in truth or pred, as scikit-learn
 * uses unique_labels(y_true, y_pred). An unknown `average` is CLEARN_EINVAL. */
int clearn_metric_precision(const double *truth, const double *pred, size_t n,
                            size_t k, clearn_average average, double *value,
                            clearn_error *err);
int clearn_metric_recall(const double *truth, const double *pred, size_t n,
                         size_t k, clearn_average average, double *value,
                         clearn_error *err);
int clearn_metric_f1(const double *truth, const double *pred, size_t n,
                     size_t k, clearn_average average, double *value,
                     clearn_error *err);

/* Cohen's kappa (scikit-learn's cohen_kappa_score, unweighted). When the
 * chance agreement is total (truth and predictions all one and the same
 * class) it is 0/0: *value is NaN and the call succeeds, as scikit-learn
 * returns nan. */
int clearn_metric_kappa(const double *truth, const double *pred, size_t n,
                        size_t k, double *value, clearn_error *err);

/* Matthews correlation coefficient, multiclass (Gorodkin's R_K; scikit-
 * learn's matthews_corrcoef): 0 when truth or predictions are constant. */
int clearn_metric_mcc(const double *truth, const double *pred, size_t n,
                      size_t k, double *value, clearn_error *err);

/* ---- Classification: from probabilities --------------------------------
 * proba is n x k (see above); k >= 2 (CLEARN_EINVAL otherwise). All k
 * columns count as classes, as scikit-learn with labels=range(k). */

/* Mean negative log-likelihood of the true class (scikit-learn 1.2's
 * log_loss): probabilities are clipped to [eps, 1 - eps] with
 * eps = DBL_EPSILON (its eps="auto" for float64), then each row is divided
 * by its sum. */
int clearn_metric_log_loss(const double *truth, const double *proba, size_t n,
                           size_t k, double *value, clearn_error *err);

/* Brier score. For k == 2: scikit-learn 1.2's brier_score_loss on the
 * positive class (code 1): mean of (proba[i][1] - [truth_i == 1])^2, in
 * [0, 1]. For k > 2: Brier's original multi-class score, the mean over rows
 * of the squared distance between the probability vector and the one-hot
 * vector of the true class, sum_c (proba[i][c] - [truth_i == c])^2, in
 * [0, 2] (scikit-learn 1.2 has no multi-class Brier score; this is the
 * definition later versions adopted). */
int clearn_metric_brier(const double *truth, const double *proba, size_t n,
                        size_t k, double *value, clearn_error *err);

/* Area under the ROC curve, ties counted half. k == 2: the score is
 * proba[i][1] (scikit-learn's roc_auc_score(y, p[:, 1])). k > 2: the
 * unweighted mean over classes of the one-vs-rest AUC of column c
 * (roc_auc_score(multi_class="ovr", average="macro")); then each row must
 * sum to 1 (within 1e-8 + 1e-5, numpy's allclose) and every class must
 * occur in truth. A class with no true row, or only one class present, is
 * CLEARN_EINVAL ("only one class present ..."), as in scikit-learn. */
int clearn_metric_roc_auc(const double *truth, const double *proba, size_t n,
                          size_t k, double *value, clearn_error *err);

/* ---- Confusion matrix ---------------------------------------------------- */

/* Counts into counts[0..k*k): counts[t * k + p] is the number of rows whose
 * true class is t and predicted class p (rows = true, columns = predicted,
 * as in scikit-learn and Weka). counts is the caller's; it is overwritten. */
int clearn_confusion_matrix(const double *truth, const double *pred, size_t n,
                            size_t k, size_t *counts, clearn_error *err);

/* Weka's title line for a confusion matrix. */
#define CLEARN_CONFUSION_TITLE "=== Confusion Matrix ==="

/* Writes the k x k matrix `counts` (as clearn_confusion_matrix fills it) the
 * way Weka prints it:
 *
 *     === Confusion Matrix ===
 *
 *       a  b  c   <-- classified as
 *      50  0  0 |  a = Iris-setosa
 *       0 47  3 |  b = Iris-versicolor
 *       0  2 48 |  c = Iris-virginica
 *
 * Columns are labelled a, b, ..., z, aa, ab, ...; every column has the width
 * of the widest count or label. names[0..k) are the class names (NULL for
 * the codes 0..k-1). With title NULL the title and blank line are left out;
 * otherwise title (e.g. CLEARN_CONFUSION_TITLE) is printed, then an empty
 * line. k == 0 or NULL counts are CLEARN_EINVAL. */
int clearn_confusion_print(FILE *f, const size_t *counts, size_t k,
                           const char *const *names, const char *title,
                           clearn_error *err);
/* The same text into buf, snprintf-style: at most size bytes including the
 * terminating NUL are written (buf may be NULL when size is 0), and *length
 * (if not NULL) receives the length of the whole text, so a caller can size
 * buf with a first call. Truncation is not an error. */
int clearn_confusion_format(char *buf, size_t size, const size_t *counts,
                            size_t k, const char *const *names,
                            const char *title, size_t *length,
                            clearn_error *err);

/* ---- Regression -----------------------------------------------------------
 * truth and pred are numbers; a non-finite prediction or infinite truth is
 * CLEARN_EINVAL naming the row. */

int clearn_metric_mse(const double *truth, const double *pred, size_t n,
                      double *value, clearn_error *err);
int clearn_metric_rmse(const double *truth, const double *pred, size_t n,
                       double *value, clearn_error *err);
int clearn_metric_mae(const double *truth, const double *pred, size_t n,
                      double *value, clearn_error *err);
/* Coefficient of determination (scikit-learn 1.2's r2_score). A constant
 * truth gives 1.0 when predicted perfectly and 0.0 otherwise (its
 * force_finite=True); a single row gives NaN (not defined; scikit-learn
 * warns and returns nan). */
int clearn_metric_r2(const double *truth, const double *pred, size_t n,
                     double *value, clearn_error *err);
/* Explained variance, 1 - Var(truth - pred) / Var(truth), with the same
 * constant-truth rule as r2 (scikit-learn 1.2's explained_variance_score). */
int clearn_metric_explained_variance(const double *truth, const double *pred,
                                     size_t n, double *value,
                                     clearn_error *err);
/* Largest absolute error. */
int clearn_metric_max_error(const double *truth, const double *pred, size_t n,
                            double *value, clearn_error *err);

/* ---- The registry ------------------------------------------------------- */

/* Uniform signature: classification metrics read pred (codes) or proba as
 * they need (the other may be NULL) and k; regression metrics read pred and
 * ignore proba and k. */
typedef int (*clearn_metric_fn)(const double *truth, const double *pred,
                                const double *proba, size_t n, size_t k,
                                double *value, clearn_error *err);

/* A metric known by name. Static and immutable. */
typedef struct clearn_metric {
    const char *name;        /* "accuracy", "f1_macro", "rmse", ... */
    const char *summary;     /* one line for tables and help */
    unsigned task;           /* CLEARN_CLASSIFY or CLEARN_REGRESS
                                (the values of estimator.h) */
    int needs_proba;         /* 1: reads proba, not pred */
    int greater_is_better;   /* 1 for scores, 0 for losses and errors */
    clearn_metric_fn compute;
} clearn_metric;

/* The metric called `name`: accuracy, balanced_accuracy, precision_macro,
 * precision_micro, precision_weighted, recall_macro, recall_micro,
 * recall_weighted, f1_macro, f1_micro, f1_weighted, kappa, mcc, log_loss,
 * brier, roc_auc (classification); mse, rmse, mae, r2, explained_variance,
 * max_error (regression). An unknown name is NULL with CLEARN_ENOTFOUND
 * listing the known ones. */
const clearn_metric *clearn_metric_find(const char *name, clearn_error *err);

/* Number of registered metrics, and metric i (NULL when out of range), in
 * the order listed above. */
size_t clearn_metric_count(void);
const clearn_metric *clearn_metric_at(size_t i);

/* 1 when value a is better than value b for metric m (a NaN is never
 * better; a number beats a NaN). */
int clearn_metric_better(const clearn_metric *m, double a, double b);

#ifdef __cplusplus
}
#endif
#endif
