/* clearn — comparing two models: the corrected resampled paired t-test
 * (Nadeau & Bengio 2003) and McNemar's test (tails from lib/special.c). */
#include "config.h"
#include <float.h>
#include <math.h>
#include <string.h>
#include "internal.h"
#include "eval.h"

/* ---- the corrected resampled t-test ------------------------------------------ */

int clearn_ttest_corrected(const double *a, const double *b, size_t n, double ratio,
                           clearn_ttest *out, clearn_error *err)
{
    double sa = 0, sb = 0, sd = 0, ss = 0, mean, var;
    if (!a || !b || !out)
        return clearn__error(err, CLEARN_EINVAL, "t-test: NULL argument");
    if (n < 2)
        return clearn__error(err, CLEARN_EINVAL, "t-test: %zu paired values; at least 2 are needed", n);
    if (!isfinite(ratio) || !(ratio > 0))
        return clearn__error(err, CLEARN_EINVAL, "t-test: test/train ratio %g must be finite and > 0",
                             ratio);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(a[i]) || !isfinite(b[i]))
            return clearn__error(err, CLEARN_EINVAL, "t-test: value %zu is %g vs %g; values must be "
                                 "finite numbers", i + 1, a[i], b[i]);
        sa += a[i];
        sb += b[i];
        sd += a[i] - b[i];
    }
    mean = sd / (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (a[i] - b[i] - mean) * (a[i] - b[i] - mean);
    var = ss / (double)(n - 1);
    memset(out, 0, sizeof *out);
    out->n = n;
    out->mean_a = sa / (double)n;
    out->mean_b = sb / (double)n;
    out->mean_diff = mean;
    out->sd_diff = sqrt(var);
    out->ratio = ratio;
    out->df = (double)(n - 1);
    if (var == 0) {
        out->t = mean == 0 ? 0.0 : copysign(INFINITY, mean);
        out->p = mean == 0 ? 1.0 : 0.0;
        return CLEARN_OK;
    }
    out->t = mean / sqrt((1.0 / (double)n + ratio) * var);
    out->p = clearn__t_pvalue(out->t, out->df);
    return CLEARN_OK;
}

/* CLEARN_OK when a and b were computed on the same split. */
static int same_split(const clearn_cv_result *a, const clearn_cv_result *b, const char *what,
                      clearn_error *err)
{
    size_t ns = clearn_cv_result_splits(a);
    if (!a || !b)
        return clearn__error(err, CLEARN_EINVAL, "%s: NULL result", what);
    if (ns != clearn_cv_result_splits(b) || clearn_cv_result_rows(a) != clearn_cv_result_rows(b) ||
        clearn_cv_result_repeats(a) != clearn_cv_result_repeats(b))
        return clearn__error(err, CLEARN_EINVAL, "%s: the two results come from different splits "
                             "(%zu and %zu splits)", what, ns, clearn_cv_result_splits(b));
    for (size_t i = 0; i < ns; i++)
        if (clearn_cv_result_train_rows(a, i) != clearn_cv_result_train_rows(b, i) ||
            clearn_cv_result_test_rows(a, i) != clearn_cv_result_test_rows(b, i))
            return clearn__error(err, CLEARN_EINVAL, "%s: the two results come from different "
                                 "splits (split %zu differs in size)", what, i + 1);
    return CLEARN_OK;
}

static int metric_of(const clearn_cv_result *r, const char *metric, size_t *m, clearn_error *err)
{
    *m = metric ? clearn_cv_result_metric_index(r, metric) : 0;
    if (*m == CLEARN_NONE || *m >= clearn_cv_result_metrics(r))
        return clearn__error(err, CLEARN_EINVAL, "t-test: the result of %s has no metric '%s'",
                             clearn_cv_result_spec(r), metric ? metric : "");
    return CLEARN_OK;
}

int clearn_ttest_cv(const clearn_cv_result *a, const clearn_cv_result *b, const char *metric,
                    clearn_ttest *out, clearn_error *err)
{
    size_t ma, mb, ns, tr = 0, te = 0;
    double *va, *vb;
    int rc;
    if ((rc = same_split(a, b, "t-test", err)) != CLEARN_OK)
        return rc;
    if ((rc = metric_of(a, metric, &ma, err)) != CLEARN_OK ||
        (rc = metric_of(b, metric ? metric : clearn_cv_result_metric(a, ma)->name, &mb, err)) !=
            CLEARN_OK)
        return rc;
    ns = clearn_cv_result_splits(a);
    va = clearn__mallocarray(ns ? ns : 1, sizeof *va);
    vb = clearn__mallocarray(ns ? ns : 1, sizeof *vb);
    if (!va || !vb) {
        clearn__free(va);
        clearn__free(vb);
        return clearn__nomem(err);
    }
    for (size_t i = 0; i < ns; i++) {
        va[i] = clearn_cv_result_value(a, ma, i);
        vb[i] = clearn_cv_result_value(b, mb, i);
        tr += clearn_cv_result_train_rows(a, i);
        te += clearn_cv_result_test_rows(a, i);
    }
    rc = clearn_ttest_corrected(va, vb, ns, tr ? (double)te / (double)tr : NAN, out, err);
    clearn__free(va);
    clearn__free(vb);
    return rc;
}

/* ---- McNemar --------------------------------------------------------------------- */

int clearn_mcnemar_counts(size_t n01, size_t n10, clearn_mcnemar *out, clearn_error *err)
{
    size_t s = n01 + n10;
    double diff;
    if (!out)
        return clearn__error(err, CLEARN_EINVAL, "McNemar: NULL argument");
    if (s < n01)
        return clearn__error(err, CLEARN_ERANGE, "McNemar: counts overflow");
    memset(out, 0, sizeof *out);
    out->n = s;
    out->n01 = n01;
    out->n10 = n10;
    if (s == 0) {
        out->p = out->p_exact = 1.0;
        return CLEARN_OK;
    }
    diff = n01 > n10 ? (double)(n01 - n10) : (double)(n10 - n01);
    out->chi2 = (diff - 1.0) * (diff - 1.0) / (double)s;
    out->p = erfc(sqrt(out->chi2 / 2.0));   /* chi-square upper tail, 1 df */
    out->p_exact = fmin(1.0, 2.0 * clearn__binom_half_cdf(n01 < n10 ? n01 : n10, s));
    return CLEARN_OK;
}

static int same_value(double x, double y)
{
    return x == y || (isnan(x) && isnan(y));
}

int clearn_mcnemar_cv(const clearn_cv_result *a, const clearn_cv_result *b, clearn_mcnemar *out,
                      clearn_error *err)
{
    const double *t, *pa, *pb;
    size_t n, c[4] = {0, 0, 0, 0};   /* both wrong, only a, only b, both right */
    int rc;
    if ((rc = same_split(a, b, "McNemar", err)) != CLEARN_OK)
        return rc;
    if (!clearn_cv_result_classes(a) || !clearn_cv_result_classes(b))
        return clearn__error(err, CLEARN_EINVAL, "McNemar: needs classification results");
    if (clearn_cv_result_repeats(a) != 1)
        return clearn__error(err, CLEARN_EINVAL, "McNemar: needs a split of one repetition "
                             "(the results have %zu)", clearn_cv_result_repeats(a));
    t = clearn_cv_result_truth(a);
    pa = clearn_cv_result_predictions(a, 0);
    pb = clearn_cv_result_predictions(b, 0);
    n = clearn_cv_result_rows(a);
    for (size_t j = 0; j < n; j++) {
        if (!same_value(t[j], clearn_cv_result_truth(b)[j]) || isnan(pa[j]) != isnan(pb[j]))
            return clearn__error(err, CLEARN_EINVAL, "McNemar: the two results come from "
                                 "different data or splits (row %zu)", j + 1);
        if (!isnan(t[j]) && !isnan(pa[j]))
            c[(pa[j] == t[j]) + 2 * (pb[j] == t[j])]++;
    }
    if ((rc = clearn_mcnemar_counts(c[1], c[2], out, err)) != CLEARN_OK)
        return rc;
    out->both_wrong = c[0];
    out->both_right = c[3];
    out->n = c[0] + c[1] + c[2] + c[3];
    return CLEARN_OK;
}
