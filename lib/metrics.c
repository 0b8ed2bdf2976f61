/* clearn — evaluation metrics (classification and regression) and their
 * registry. Formulas follow scikit-learn 1.2, term by term where the order
 * of floating-point operations is cheap to keep. */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include <clearn/metrics.h>

/* ---- input checks -------------------------------------------------------- */

/* 1 when v is a class code in 0..k-1. */
static int is_code(double v, size_t k)
{
    return v >= 0 && v < (double)k && v == floor(v);
}

static int check_truth(const double *truth, size_t i, size_t k,
                       clearn_error *err)
{
    if (!is_code(truth[i], k))
        return clearn__error(err, CLEARN_EINVAL, "true class at row %zu is %g, "
                             "not a class code in 0..%zu", i, truth[i], k - 1);
    return CLEARN_OK;
}

static int check_pred(const double *pred, size_t i, size_t k, clearn_error *err)
{
    if (isnan(pred[i]))
        return clearn__error(err, CLEARN_EINVAL,
                             "prediction at row %zu is missing (NaN)", i);
    if (!is_code(pred[i], k))
        return clearn__error(err, CLEARN_EINVAL, "prediction at row %zu is %g, "
                             "not a class code in 0..%zu", i, pred[i], k - 1);
    return CLEARN_OK;
}

static int no_rows(clearn_error *err)
{
    return clearn__error(err, CLEARN_EINVAL,
                         "no row with a known true value to evaluate");
}

static int check_args(const double *truth, const void *other, const char *what,
                      size_t k, size_t min_k, clearn_error *err)
{
    if (!truth || !other)
        return clearn__error(err, CLEARN_EINVAL, "%s is NULL",
                             !truth ? "true values array" : what);
    if (k < min_k)
        return clearn__error(err, CLEARN_EINVAL, "number of classes k=%zu: "
                             "this metric needs at least %zu", k, min_k);
    return CLEARN_OK;
}

/* Validates truth and pred codes; *used = rows with a known truth. */
static int check_codes(const double *truth, const double *pred, size_t n,
                       size_t k, size_t *used, clearn_error *err)
{
    size_t i;
    int rc = check_args(truth, pred, "predictions array", k, 1, err);
    *used = 0;
    for (i = 0; rc == CLEARN_OK && i < n; i++) {
        if (isnan(truth[i]))
            continue;
        if ((rc = check_truth(truth, i, k, err)) == CLEARN_OK)
            rc = check_pred(pred, i, k, err);
        (*used)++;
    }
    if (rc == CLEARN_OK && *used == 0)
        rc = no_rows(err);
    return rc;
}

/* Validates truth codes and the probability rows of known truths; with
 * unit != 0 entries must be in [0, 1] (brier_score_loss's check). */
static int check_proba(const double *truth, const double *proba, size_t n,
                       size_t k, int unit, size_t *used, clearn_error *err)
{
    size_t i, c;
    int rc = check_args(truth, proba, "probabilities array", k, 2, err);
    *used = 0;
    for (i = 0; rc == CLEARN_OK && i < n; i++) {
        if (isnan(truth[i]))
            continue;
        if ((rc = check_truth(truth, i, k, err)) != CLEARN_OK)
            break;
        for (c = 0; c < k && rc == CLEARN_OK; c++) {
            double p = proba[i * k + c];
            if (!isfinite(p) || (unit && (p < 0 || p > 1)))
                rc = clearn__error(err, CLEARN_EINVAL, "probability of class "
                                   "%zu at row %zu is %g%s", c, i, p,
                                   isfinite(p) ? ", outside [0, 1]" : "");
        }
        (*used)++;
    }
    if (rc == CLEARN_OK && *used == 0)
        rc = no_rows(err);
    return rc;
}

/* ---- per-class counts ----------------------------------------------------- */

typedef struct tally {
    size_t *tp, *pred, *truth; /* k each: hits, predicted, true counts */
    size_t n, k;               /* rows counted */
} tally;

static void tally_free(tally *t)
{
    clearn__free(t->tp);
}

static int tally_make(const double *truth, const double *pred, size_t n,
                      size_t k, tally *t, clearn_error *err)
{
    size_t i;
    int rc = check_codes(truth, pred, n, k, &t->n, err);
    t->tp = NULL;
    if (rc != CLEARN_OK)
        return rc;
    t->k = k;
    t->tp = clearn__calloc(k, 3 * sizeof *t->tp);
    if (!t->tp)
        return clearn__nomem(err);
    t->pred = t->tp + k;
    t->truth = t->tp + 2 * k;
    for (i = 0; i < n; i++) {
        size_t a, b;
        if (isnan(truth[i]))
            continue;
        a = (size_t)truth[i];
        b = (size_t)pred[i];
        t->truth[a]++;
        t->pred[b]++;
        t->tp[a] += a == b;
    }
    return CLEARN_OK;
}

static double ratio0(size_t num, size_t den)
{
    return den ? (double)num / (double)den : 0.0;
}

static double f1_of(double p, double r)
{
    return p + r == 0 ? 0.0 : 2.0 * p * r / (p + r);
}

/* ---- classification from codes ------------------------------------------- */

int clearn_metric_accuracy(const double *truth, const double *pred, size_t n,
                           size_t k, double *value, clearn_error *err)
{
    size_t i, used, hit = 0;
    int rc = check_codes(truth, pred, n, k, &used, err);
    if (rc != CLEARN_OK)
        return rc;
    for (i = 0; i < n; i++)
        hit += !isnan(truth[i]) && truth[i] == pred[i];
    *value = (double)hit / (double)used;
    return CLEARN_OK;
}

int clearn_metric_balanced_accuracy(const double *truth, const double *pred,
                                    size_t n, size_t k, double *value,
                                    clearn_error *err)
{
    tally t;
    size_t c, m = 0;
    double sum = 0;
    int rc = tally_make(truth, pred, n, k, &t, err);
    if (rc != CLEARN_OK)
        return rc;
    for (c = 0; c < k; c++)
        if (t.truth[c]) {
            sum += (double)t.tp[c] / (double)t.truth[c];
            m++;
        }
    *value = sum / (double)m;
    tally_free(&t);
    return CLEARN_OK;
}

int clearn_metric_per_class(const double *truth, const double *pred, size_t n,
                            size_t k, double *precision, double *recall,
                            double *f1, size_t *support, clearn_error *err)
{
    tally t;
    size_t c;
    int rc = tally_make(truth, pred, n, k, &t, err);
    if (rc != CLEARN_OK)
        return rc;
    for (c = 0; c < k; c++) {
        double p = ratio0(t.tp[c], t.pred[c]), r = ratio0(t.tp[c], t.truth[c]);
        if (precision)
            precision[c] = p;
        if (recall)
            recall[c] = r;
        if (f1)
            f1[c] = f1_of(p, r);
        if (support)
            support[c] = t.truth[c];
    }
    tally_free(&t);
    return CLEARN_OK;
}

enum { WANT_P, WANT_R, WANT_F };

static double class_figure(const tally *t, size_t c, int want)
{
    double p = ratio0(t->tp[c], t->pred[c]), r = ratio0(t->tp[c], t->truth[c]);
    return want == WANT_P ? p : want == WANT_R ? r : f1_of(p, r);
}

static double averaged(const tally *t, clearn_average avg, int want)
{
    size_t c, m = 0, tp = 0;
    double sum = 0, wsum = 0;
    if (avg == CLEARN_AVERAGE_MICRO) {
        for (c = 0; c < t->k; c++)
            tp += t->tp[c];
        return (double)tp / (double)t->n; /* pooled P = R = F1 */
    }
    for (c = 0; c < t->k; c++) {
        if (!t->truth[c] && !t->pred[c])
            continue; /* not among unique_labels(y_true, y_pred) */
        if (avg == CLEARN_AVERAGE_MACRO) {
            sum += class_figure(t, c, want);
            m++;
        } else {
            sum += class_figure(t, c, want) * (double)t->truth[c];
            wsum += (double)t->truth[c];
        }
    }
    return avg == CLEARN_AVERAGE_MACRO ? sum / (double)m : sum / wsum;
}

static int prf(const double *truth, const double *pred, size_t n, size_t k,
               clearn_average avg, int want, double *value, clearn_error *err)
{
    tally t;
    int rc;
    if (avg != CLEARN_AVERAGE_MACRO && avg != CLEARN_AVERAGE_MICRO &&
        avg != CLEARN_AVERAGE_WEIGHTED)
        return clearn__error(err, CLEARN_EINVAL, "unknown average %d (macro, "
                             "micro or weighted)", (int)avg);
    if ((rc = tally_make(truth, pred, n, k, &t, err)) != CLEARN_OK)
        return rc;
    *value = averaged(&t, avg, want);
    tally_free(&t);
    return CLEARN_OK;
}

int clearn_metric_precision(const double *truth, const double *pred, size_t n,
                            size_t k, clearn_average average, double *value,
                            clearn_error *err)
{
    return prf(truth, pred, n, k, average, WANT_P, value, err);
}

int clearn_metric_recall(const double *truth, const double *pred, size_t n,
                         size_t k, clearn_average average, double *value,
                         clearn_error *err)
{
    return prf(truth, pred, n, k, average, WANT_R, value, err);
}

int clearn_metric_f1(const double *truth, const double *pred, size_t n,
                     size_t k, clearn_average average, double *value,
                     clearn_error *err)
{
    return prf(truth, pred, n, k, average, WANT_F, value, err);
}

int clearn_metric_kappa(const double *truth, const double *pred, size_t n,
                        size_t k, double *value, clearn_error *err)
{
    tally t;
    size_t c;
    double total, agree = 0, chance = 0;
    int rc = tally_make(truth, pred, n, k, &t, err);
    if (rc != CLEARN_OK)
        return rc;
    total = (double)t.n;
    for (c = 0; c < k; c++) {
        agree += (double)t.tp[c];
        chance += (double)t.pred[c] * (double)t.truth[c];
    }
    /* 1 - observed disagreement / disagreement expected by chance */
    *value = 1.0 - (total - agree) / ((total * total - chance) / total);
    tally_free(&t);
    return CLEARN_OK;
}

int clearn_metric_mcc(const double *truth, const double *pred, size_t n,
                      size_t k, double *value, clearn_error *err)
{
    tally t;
    size_t c;
    double s, correct = 0, tp_dot = 0, pp_dot = 0, tt_dot = 0, cov_tp, cov_pp,
              cov_tt;
    int rc = tally_make(truth, pred, n, k, &t, err);
    if (rc != CLEARN_OK)
        return rc;
    s = (double)t.n;
    for (c = 0; c < k; c++) {
        double tc = (double)t.truth[c], pc = (double)t.pred[c];
        correct += (double)t.tp[c];
        tp_dot += tc * pc;
        pp_dot += pc * pc;
        tt_dot += tc * tc;
    }
    cov_tp = correct * s - tp_dot;
    cov_pp = s * s - pp_dot;
    cov_tt = s * s - tt_dot;
    *value = cov_pp * cov_tt == 0 ? 0.0 : cov_tp / sqrt(cov_tt * cov_pp);
    tally_free(&t);
    return CLEARN_OK;
}

/* ---- classification from probabilities ----------------------------------- */

int clearn_metric_log_loss(const double *truth, const double *proba, size_t n,
                           size_t k, double *value, clearn_error *err)
{
    const double eps = DBL_EPSILON; /* scikit-learn 1.2's eps="auto" */
    size_t i, c, used;
    double total = 0;
    int rc = check_proba(truth, proba, n, k, 0, &used, err);
    if (rc != CLEARN_OK)
        return rc;
    for (i = 0; i < n; i++) {
        double sum = 0, mine = 0;
        if (isnan(truth[i]))
            continue;
        for (c = 0; c < k; c++) {
            double p = proba[i * k + c];
            p = p < eps ? eps : p > 1 - eps ? 1 - eps : p;
            sum += p;
            if (c == (size_t)truth[i])
                mine = p;
        }
        total += -log(mine / sum);
    }
    *value = total / (double)used;
    return CLEARN_OK;
}

int clearn_metric_brier(const double *truth, const double *proba, size_t n,
                        size_t k, double *value, clearn_error *err)
{
    size_t i, c, used;
    double total = 0;
    int rc = check_proba(truth, proba, n, k, 1, &used, err);
    if (rc != CLEARN_OK)
        return rc;
    for (i = 0; i < n; i++) {
        size_t y;
        if (isnan(truth[i]))
            continue;
        y = (size_t)truth[i];
        if (k == 2) {
            double d = (double)(y == 1) - proba[i * k + 1];
            total += d * d;
            continue;
        }
        for (c = 0; c < k; c++) {
            double d = (double)(y == c) - proba[i * k + c];
            total += d * d;
        }
    }
    *value = total / (double)used;
    return CLEARN_OK;
}

typedef struct scored {
    double score;
    int positive;
} scored;

static int cmp_scored(const void *a, const void *b)
{
    double x = ((const scored *)a)->score, y = ((const scored *)b)->score;
    return (x > y) - (x < y);
}

/* Mann-Whitney AUC of column c (class c positive); 0 positives or
 * negatives is CLEARN_EINVAL. */
static int auc_column(const double *truth, const double *proba, size_t n,
                      size_t k, size_t c, scored *s, double *auc,
                      clearn_error *err)
{
    size_t i, m = 0, pos = 0, j;
    double rank_sum = 0;
    for (i = 0; i < n; i++)
        if (!isnan(truth[i])) {
            s[m].score = proba[i * k + c];
            s[m].positive = (size_t)truth[i] == c;
            pos += (size_t)s[m++].positive;
        }
    if ((pos == 0 || pos == m) && k == 2)
        return clearn__error(err, CLEARN_EINVAL, "only one class present in the "
                             "true values: ROC AUC is not defined");
    if (pos == 0 || pos == m)
        return clearn__error(err, CLEARN_EINVAL, "only one class present in the "
                             "one-vs-rest problem of class %zu (%s): ROC AUC is "
                             "not defined", c, pos ? "every true value is it"
                                                   : "no true value is it");
    qsort(s, m, sizeof *s, cmp_scored);
    for (i = 0; i < m; i = j) {
        size_t hits = 0;
        for (j = i; j < m && s[j].score == s[i].score; j++)
            hits += (size_t)s[j].positive;
        /* tied block i..j-1 shares the mean rank (i + 1 + j) / 2 */
        rank_sum += (double)hits * ((double)(i + 1 + j) / 2.0);
    }
    *auc = (rank_sum - (double)pos * ((double)pos + 1) / 2.0) /
           ((double)pos * (double)(m - pos));
    return CLEARN_OK;
}

static int check_rows_sum(const double *truth, const double *proba, size_t n,
                          size_t k, clearn_error *err)
{
    size_t i, c;
    for (i = 0; i < n; i++) {
        double sum = 0;
        if (isnan(truth[i]))
            continue;
        for (c = 0; c < k; c++)
            sum += proba[i * k + c];
        if (!(fabs(1.0 - sum) <= 1e-8 + 1e-5 * fabs(sum)))
            return clearn__error(err, CLEARN_EINVAL, "probabilities at row %zu "
                                 "sum to %.17g, not 1: multiclass ROC AUC needs "
                                 "probabilities", i, sum);
    }
    return CLEARN_OK;
}

int clearn_metric_roc_auc(const double *truth, const double *proba, size_t n,
                          size_t k, double *value, clearn_error *err)
{
    size_t used, c;
    scored *s;
    double sum = 0, auc = 0;
    int rc = check_proba(truth, proba, n, k, 0, &used, err);
    if (rc == CLEARN_OK && k > 2)
        rc = check_rows_sum(truth, proba, n, k, err);
    if (rc != CLEARN_OK)
        return rc;
    s = clearn__mallocarray(used, sizeof *s);
    if (!s)
        return clearn__nomem(err);
    for (c = k == 2 ? 1 : 0; c < k && rc == CLEARN_OK; c++) {
        rc = auc_column(truth, proba, n, k, c, s, &auc, err);
        sum += auc;
    }
    clearn__free(s);
    if (rc == CLEARN_OK)
        *value = k == 2 ? auc : sum / (double)k;
    return rc;
}

/* ---- confusion matrix ------------------------------------------------------ */

int clearn_confusion_matrix(const double *truth, const double *pred, size_t n,
                            size_t k, size_t *counts, clearn_error *err)
{
    size_t i, used;
    int rc = check_codes(truth, pred, n, k, &used, err);
    if (rc == CLEARN_OK && !counts)
        rc = clearn__error(err, CLEARN_EINVAL, "counts array is NULL");
    if (rc == CLEARN_OK && k > SIZE_MAX / k)
        rc = clearn__error(err, CLEARN_ERANGE, "k=%zu classes: the matrix is "
                           "too large", k);
    if (rc != CLEARN_OK)
        return rc;
    memset(counts, 0, k * k * sizeof *counts);
    for (i = 0; i < n; i++)
        if (!isnan(truth[i]))
            counts[(size_t)truth[i] * k + (size_t)pred[i]]++;
    return CLEARN_OK;
}

/* Output to a FILE or, snprintf-style, to a buffer. */
typedef struct sink {
    FILE *f;
    char *buf;
    size_t size, len;
    int failed;
} sink;

static void emit(sink *o, const char *fmt, ...) CLEARN__PRINTF(2, 3);

static void emit(sink *o, const char *fmt, ...)
{
    va_list ap;
    int m;
    va_start(ap, fmt);
    if (o->f)
        m = vfprintf(o->f, fmt, ap);
    else
        m = vsnprintf(o->len < o->size ? o->buf + o->len : NULL,
                      o->len < o->size ? o->size - o->len : 0, fmt, ap);
    va_end(ap);
    if (m < 0)
        o->failed = 1;
    else
        o->len += (size_t)m;
}

/* Weka's column label of class i: a..z, then aa, ab, ... (bijective base
 * 26), right-aligned in buf. */
static void class_id(size_t i, char *buf, size_t cap)
{
    size_t pos = cap - 1;
    buf[pos] = '\0';
    for (;;) {
        buf[--pos] = (char)('a' + i % 26);
        if (i < 26)
            break;
        i = i / 26 - 1;
    }
    memmove(buf, buf + pos, cap - pos);
}

/* Column width: the widest count, or 1 + floor(log26 k) as Weka sizes the
 * labels. */
static int column_width(const size_t *counts, size_t k)
{
    size_t i, max = 0, m = 26;
    int digits = 1, label = 1;
    for (i = 0; i < k * k; i++)
        max = counts[i] > max ? counts[i] : max;
    for (; max >= 10; max /= 10)
        digits++;
    while (m <= k) {
        label++;
        if (m > SIZE_MAX / 26)
            break;
        m *= 26;
    }
    return digits > label ? digits : label;
}

static void write_matrix(sink *o, const size_t *counts, size_t k,
                         const char *const *names, const char *title)
{
    char id[32];
    size_t i, j;
    int w = column_width(counts, k);
    if (title)
        emit(o, "%s\n\n", title);
    for (j = 0; j < k; j++) {
        class_id(j, id, sizeof id);
        emit(o, " %*s", w, id);
    }
    emit(o, "   <-- classified as\n");
    for (i = 0; i < k; i++) {
        for (j = 0; j < k; j++)
            emit(o, " %*zu", w, counts[i * k + j]);
        class_id(i, id, sizeof id);
        if (names && names[i])
            emit(o, " | %*s = %s\n", w, id, names[i]);
        else
            emit(o, " | %*s = %zu\n", w, id, i);
    }
}

static int check_matrix(const size_t *counts, size_t k, clearn_error *err)
{
    if (!counts)
        return clearn__error(err, CLEARN_EINVAL, "counts array is NULL");
    if (k == 0)
        return clearn__error(err, CLEARN_EINVAL, "number of classes k is 0");
    if (k > SIZE_MAX / k)
        return clearn__error(err, CLEARN_ERANGE, "k=%zu classes: the matrix is "
                             "too large", k);
    return CLEARN_OK;
}

int clearn_confusion_print(FILE *f, const size_t *counts, size_t k,
                           const char *const *names, const char *title,
                           clearn_error *err)
{
    sink o = {0};
    int rc = check_matrix(counts, k, err);
    if (rc != CLEARN_OK)
        return rc;
    if (!f)
        return clearn__error(err, CLEARN_EINVAL, "output stream is NULL");
    o.f = f;
    write_matrix(&o, counts, k, names, title);
    if (o.failed || ferror(f))
        return clearn__error(err, CLEARN_EIO, "could not write the confusion "
                             "matrix");
    return CLEARN_OK;
}

int clearn_confusion_format(char *buf, size_t size, const size_t *counts,
                            size_t k, const char *const *names,
                            const char *title, size_t *length,
                            clearn_error *err)
{
    sink o = {0};
    int rc = check_matrix(counts, k, err);
    if (rc != CLEARN_OK)
        return rc;
    if (!buf && size)
        return clearn__error(err, CLEARN_EINVAL, "buffer is NULL but its size "
                             "is %zu", size);
    o.buf = buf;
    o.size = size;
    write_matrix(&o, counts, k, names, title);
    if (o.failed)
        return clearn__error(err, CLEARN_EINVAL, "could not format the "
                             "confusion matrix");
    if (length)
        *length = o.len;
    return CLEARN_OK;
}

/* ---- regression ---------------------------------------------------------- */

static int check_regression(const double *truth, const double *pred, size_t n,
                            size_t *used, clearn_error *err)
{
    size_t i;
    int rc = check_args(truth, pred, "predictions array", 1, 1, err);
    *used = 0;
    for (i = 0; rc == CLEARN_OK && i < n; i++) {
        if (isnan(truth[i]))
            continue;
        if (isinf(truth[i]))
            rc = clearn__error(err, CLEARN_EINVAL, "true value at row %zu is "
                               "infinite", i);
        else if (!isfinite(pred[i]))
            rc = clearn__error(err, CLEARN_EINVAL, "prediction at row %zu is "
                               "%s", i, isnan(pred[i]) ? "missing (NaN)"
                                                       : "infinite");
        (*used)++;
    }
    if (rc == CLEARN_OK && *used == 0)
        rc = no_rows(err);
    return rc;
}

/* Sums over the known rows: residuals, squared and absolute residuals,
 * truths; and the largest absolute residual. */
typedef struct resid {
    size_t n;
    double sum_r, sum_r2, sum_abs, sum_t, max_abs;
} resid;

static int residuals(const double *truth, const double *pred, size_t n,
                     resid *s, clearn_error *err)
{
    size_t i;
    int rc = check_regression(truth, pred, n, &s->n, err);
    s->sum_r = s->sum_r2 = s->sum_abs = s->sum_t = s->max_abs = 0;
    if (rc != CLEARN_OK)
        return rc;
    for (i = 0; i < n; i++) {
        double r;
        if (isnan(truth[i]))
            continue;
        r = truth[i] - pred[i];
        s->sum_r += r;
        s->sum_r2 += r * r;
        s->sum_abs += fabs(r);
        s->sum_t += truth[i];
        if (fabs(r) > s->max_abs)
            s->max_abs = fabs(r);
    }
    return CLEARN_OK;
}

int clearn_metric_mse(const double *truth, const double *pred, size_t n,
                      double *value, clearn_error *err)
{
    resid s;
    int rc = residuals(truth, pred, n, &s, err);
    if (rc == CLEARN_OK)
        *value = s.sum_r2 / (double)s.n;
    return rc;
}

int clearn_metric_rmse(const double *truth, const double *pred, size_t n,
                       double *value, clearn_error *err)
{
    resid s;
    int rc = residuals(truth, pred, n, &s, err);
    if (rc == CLEARN_OK)
        *value = sqrt(s.sum_r2 / (double)s.n);
    return rc;
}

int clearn_metric_mae(const double *truth, const double *pred, size_t n,
                      double *value, clearn_error *err)
{
    resid s;
    int rc = residuals(truth, pred, n, &s, err);
    if (rc == CLEARN_OK)
        *value = s.sum_abs / (double)s.n;
    return rc;
}

int clearn_metric_max_error(const double *truth, const double *pred, size_t n,
                            double *value, clearn_error *err)
{
    resid s;
    int rc = residuals(truth, pred, n, &s, err);
    if (rc == CLEARN_OK)
        *value = s.max_abs;
    return rc;
}

/* Sum of squared deviations of the known values of v - shift from their
 * mean (shift NULL: of truth itself). */
static double sum_sq_dev(const double *truth, const double *shift, size_t n,
                         double mean)
{
    size_t i;
    double s = 0;
    for (i = 0; i < n; i++)
        if (!isnan(truth[i])) {
            double d = truth[i] - (shift ? shift[i] : 0) - mean;
            s += d * d;
        }
    return s;
}

/* scikit-learn's force_finite rule for a constant truth. */
static double one_minus_ratio(double num, double den)
{
    if (den == 0)
        return num == 0 ? 1.0 : 0.0;
    return 1.0 - num / den;
}

int clearn_metric_r2(const double *truth, const double *pred, size_t n,
                     double *value, clearn_error *err)
{
    resid s;
    int rc = residuals(truth, pred, n, &s, err);
    if (rc != CLEARN_OK)
        return rc;
    if (s.n < 2)
        *value = NAN; /* "not well-defined with less than two samples" */
    else
        *value = one_minus_ratio(s.sum_r2,
                                 sum_sq_dev(truth, NULL, n, s.sum_t / (double)s.n));
    return CLEARN_OK;
}

int clearn_metric_explained_variance(const double *truth, const double *pred,
                                     size_t n, double *value,
                                     clearn_error *err)
{
    resid s;
    int rc = residuals(truth, pred, n, &s, err);
    double num, den;
    if (rc != CLEARN_OK)
        return rc;
    num = sum_sq_dev(truth, pred, n, s.sum_r / (double)s.n) / (double)s.n;
    den = sum_sq_dev(truth, NULL, n, s.sum_t / (double)s.n) / (double)s.n;
    *value = one_minus_ratio(num, den);
    return CLEARN_OK;
}

/* ---- registry ---------------------------------------------------------- */

#define WRAP(id, expr)                                                        \
    static int m_##id(const double *t, const double *p, const double *pr,     \
                      size_t n, size_t k, double *v, clearn_error *e)         \
    {                                                                         \
        (void)t; (void)p; (void)pr; (void)n; (void)k;                         \
        return expr;                                                          \
    }

WRAP(accuracy, clearn_metric_accuracy(t, p, n, k, v, e))
WRAP(balanced, clearn_metric_balanced_accuracy(t, p, n, k, v, e))
WRAP(p_macro, clearn_metric_precision(t, p, n, k, CLEARN_AVERAGE_MACRO, v, e))
WRAP(p_micro, clearn_metric_precision(t, p, n, k, CLEARN_AVERAGE_MICRO, v, e))
WRAP(p_weighted, clearn_metric_precision(t, p, n, k, CLEARN_AVERAGE_WEIGHTED, v, e))
WRAP(r_macro, clearn_metric_recall(t, p, n, k, CLEARN_AVERAGE_MACRO, v, e))
WRAP(r_micro, clearn_metric_recall(t, p, n, k, CLEARN_AVERAGE_MICRO, v, e))
WRAP(r_weighted, clearn_metric_recall(t, p, n, k, CLEARN_AVERAGE_WEIGHTED, v, e))
WRAP(f_macro, clearn_metric_f1(t, p, n, k, CLEARN_AVERAGE_MACRO, v, e))
WRAP(f_micro, clearn_metric_f1(t, p, n, k, CLEARN_AVERAGE_MICRO, v, e))
WRAP(f_weighted, clearn_metric_f1(t, p, n, k, CLEARN_AVERAGE_WEIGHTED, v, e))
WRAP(kappa, clearn_metric_kappa(t, p, n, k, v, e))
WRAP(mcc, clearn_metric_mcc(t, p, n, k, v, e))
WRAP(log_loss, clearn_metric_log_loss(t, pr, n, k, v, e))
WRAP(brier, clearn_metric_brier(t, pr, n, k, v, e))
WRAP(roc_auc, clearn_metric_roc_auc(t, pr, n, k, v, e))
WRAP(mse, clearn_metric_mse(t, p, n, v, e))
WRAP(rmse, clearn_metric_rmse(t, p, n, v, e))
WRAP(mae, clearn_metric_mae(t, p, n, v, e))
WRAP(r2, clearn_metric_r2(t, p, n, v, e))
WRAP(ev, clearn_metric_explained_variance(t, p, n, v, e))
WRAP(max_error, clearn_metric_max_error(t, p, n, v, e))

#define C CLEARN_CLASSIFY
#define R CLEARN_REGRESS
static const clearn_metric metrics[] = {
    {"accuracy", "fraction correct", C, 0, 1, m_accuracy},
    {"balanced_accuracy", "mean per-class recall", C, 0, 1, m_balanced},
    {"precision_macro", "precision, macro average", C, 0, 1, m_p_macro},
    {"precision_micro", "precision, micro average", C, 0, 1, m_p_micro},
    {"precision_weighted", "precision, weighted average", C, 0, 1, m_p_weighted},
    {"recall_macro", "recall, macro average", C, 0, 1, m_r_macro},
    {"recall_micro", "recall, micro average", C, 0, 1, m_r_micro},
    {"recall_weighted", "recall, weighted average", C, 0, 1, m_r_weighted},
    {"f1_macro", "F1, macro average", C, 0, 1, m_f_macro},
    {"f1_micro", "F1, micro average", C, 0, 1, m_f_micro},
    {"f1_weighted", "F1, weighted average", C, 0, 1, m_f_weighted},
    {"kappa", "Cohen's kappa", C, 0, 1, m_kappa},
    {"mcc", "Matthews correlation coefficient", C, 0, 1, m_mcc},
    {"log_loss", "mean negative log-likelihood", C, 1, 0, m_log_loss},
    {"brier", "Brier score", C, 1, 0, m_brier},
    {"roc_auc", "area under the ROC curve (one-vs-rest macro)", C, 1, 1, m_roc_auc},
    {"mse", "mean squared error", R, 0, 0, m_mse},
    {"rmse", "root mean squared error", R, 0, 0, m_rmse},
    {"mae", "mean absolute error", R, 0, 0, m_mae},
    {"r2", "coefficient of determination", R, 0, 1, m_r2},
    {"explained_variance", "explained variance", R, 0, 1, m_ev},
    {"max_error", "largest absolute error", R, 0, 0, m_max_error},
};
#undef C
#undef R

#define N_METRICS (sizeof metrics / sizeof metrics[0])

size_t clearn_metric_count(void)
{
    return N_METRICS;
}

const clearn_metric *clearn_metric_at(size_t i)
{
    return i < N_METRICS ? &metrics[i] : NULL;
}

const clearn_metric *clearn_metric_find(const char *name, clearn_error *err)
{
    size_t i;
    if (!name) {
        clearn__error(err, CLEARN_EINVAL, "metric name is NULL");
        return NULL;
    }
    for (i = 0; i < N_METRICS; i++)
        if (strcmp(metrics[i].name, name) == 0)
            return &metrics[i];
    clearn__error(err, CLEARN_ENOTFOUND, "unknown metric '%.40s' (known: accuracy, "
                  "balanced_accuracy, {precision,recall,f1}_{macro,micro,"
                  "weighted}, kappa, mcc, log_loss, brier, roc_auc, mse, rmse, "
                  "mae, r2, explained_variance, max_error)", name);
    return NULL;
}

int clearn_metric_better(const clearn_metric *m, double a, double b)
{
    if (!m || isnan(a))
        return 0;
    if (isnan(b))
        return 1;
    return m->greater_is_better ? a > b : a < b;
}
