/* Tests of the metrics (lib/metrics.c).
 *
 * Reference values are scikit-learn 1.2.1's, computed on the fixtures below
 * (copied literally) with /usr/bin/python3 and this script:
 *
 *   import numpy as np, warnings; warnings.simplefilter("ignore")
 *   from sklearn import metrics as M
 *   def show(tag, y, p, P=None):
 *       k = P.shape[1] if P is not None else None
 *       r = [M.accuracy_score(y,p), M.balanced_accuracy_score(y,p)]
 *       for f in (M.precision_score, M.recall_score, M.f1_score):
 *           r += [f(y,p,average=a) for a in ('macro','micro','weighted')]
 *       r += [M.cohen_kappa_score(y,p), M.matthews_corrcoef(y,p)]
 *       if P is not None:
 *           r += [M.log_loss(y,P,labels=list(range(k)))]
 *           if k == 2: r += [M.brier_score_loss(y,P[:,1]), M.roc_auc_score(y,P[:,1])]
 *           else:
 *               r += [np.mean(np.sum((np.eye(k)[y]-P)**2,axis=1))]
 *               try: r += [M.roc_auc_score(y,P,multi_class='ovr',labels=list(range(k)))]
 *               except ValueError as e: print(e)
 *       print(tag, ", ".join("%.17g" % v for v in r))
 *       print(M.precision_recall_fscore_support(y,p,labels=list(range(k or 4)),zero_division=0))
 *   show("A", yA, pA, PA); show("B", yB, (sB>=.5).astype(int), np.c_[1-sB,sB])
 *   show("C", yC, pC, PC)        # the rows of C whose truth is NaN left out
 *   print("R", ", ".join("%.17g" % f(yR,pR) for f in (M.mean_squared_error,
 *         lambda a,b: M.mean_squared_error(a,b,squared=False), M.mean_absolute_error,
 *         M.r2_score, M.explained_variance_score, M.max_error)))
 *
 * The multi-class Brier score is np.mean(np.sum((onehot - P)**2, axis=1))
 * (scikit-learn 1.2 has none). Edge values: see each test. Confusion
 * matrix layouts are Weka 3.6's (java -cp /usr/share/java/weka.jar
 * weka.classifiers.rules.ZeroR -t FILE -no-cv), copied verbatim. */
#include "config.h"
#include <math.h>
#include <float.h>
#include <stddef.h>
#include "testutil.h"
#include "internal.h"
#include <clearn/metrics.h>

#define TOL 1e-12

static void near(double got, double want, const char *what)
{
    ck_assert_msg(fabs(got - want) <= TOL * (1 + fabs(want)),
                  "%s: got %.17g, want %.17g", what, got, want);
}

/* ---- fixtures ------------------------------------------------------------ */

/* A: 3 classes, 20 rows. */
static const double yA[] = {0,0,0,0,0,0,0,1,1,1,1,1,1,1,2,2,2,2,2,2};
static const double pA[] = {0,0,0,1,0,0,0,1,0,2,1,1,0,1,2,2,1,2,2,0};
static const double PA[] = {
    .9,.05,.05, .8,.15,.05, .6,.3,.1, .4,.5,.1, .7,.2,.1, .95,.04,.01,
    .5,.25,.25, .1,.7,.2, .2,.5,.3, .3,.3,.4, .05,.9,.05, .1,.45,.45,
    .6,.3,.1, .2,.6,.2, .1,.2,.7, .05,.15,.8, .2,.5,.3, .1,.1,.8,
    .3,.3,.4, 0,0,1};
/* accuracy, balanced, P macro/micro/weighted, R ..., F1 ..., kappa, mcc,
 * log_loss, brier, roc_auc */
static const double refA[] = {
    0.69999999999999996, 0.69841269841269826, 0.71111111111111114,
    0.69999999999999996, 0.70666666666666667, 0.69841269841269826,
    0.69999999999999996, 0.69999999999999996, 0.6975524475524475,
    0.69999999999999996, 0.6960664335664335, 0.54716981132075471,
    0.55349962494983429, 0.53262114965288943, 0.29771000000000003,
    0.9420024420024421};

/* B: binary, 16 rows, tied scores (sB; pB = sB >= .5). */
static const double yB[] = {0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,1};
static const double sB[] = {.1,.2,.2,.3,.4,.4,.55,.6,.8,.3,.4,.5,.7,.7,.9,.95};
static const double pB[] = {0,0,0,0,0,0,1,1,1,0,0,1,1,1,1,1};
static const double refB[] = {
    0.6875, 0.69047619047619047, 0.6875, 0.6875, 0.6953125,
    0.69047619047619047, 0.6875, 0.6875, 0.68627450980392157, 0.6875,
    0.68872549019607843, 0.375, 0.3779644730092272, 0.5586015353103666,
    0.19343750000000004, 0.76984126984126977};

/* C: 4 classes; class 2 never true, class 3 never predicted; rows 2 and 7
 * have an unknown truth (left out of the reference). */
static const double yC[] = {0,0,NAN,0,1,1,1,NAN,1,3,3,0,1};
static const double pC[] = {0,0,NAN,2,1,1,0,3,2,0,1,0,2};
static const double PC[] = {
    .7,.1,.1,.1, .4,.3,.2,.1, NAN,0,0,0, .2,.2,.5,.1, .1,.8,.05,.05,
    .25,.25,.25,.25, .5,.2,.2,.1, 9,9,9,9, 0,.3,.7,0, .6,.1,.1,.2,
    .1,.5,.1,.3, 1,0,0,0, .1,.3,.4,.2};
static const double refC[] = {
    0.45454545454545453, 0.3833333333333333, 0.31666666666666665,
    0.45454545454545453, 0.52121212121212113, 0.28749999999999998,
    0.45454545454545453, 0.45454545454545453, 0.29166666666666663,
    0.45454545454545453, 0.46969696969696967, 0.23255813953488369,
    0.25976216673306557, 1.0293305216842816, 0.6150000000000001};

/* R: regression, 12 rows (plus a NaN truth in the test's copy). */
static const double yR[] = {3.0,-0.5,2.0,7.0,4.25,1.5,-2.0,0.0,10.0,5.5,6.0,3.3};
static const double pR[] = {2.5,0.0,2.0,8.0,4.0,1.0,-1.5,0.25,9.0,5.0,7.5,3.0};
/* mse, rmse, mae, r2, explained variance, max error */
static const double refR[] = {
    0.47625000000000001, 0.69010868709211304, 0.56666666666666665,
    0.95605050539034975, 0.95636452190185062, 1.5};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const cls_names[] = {
    "accuracy", "balanced_accuracy", "precision_macro", "precision_micro",
    "precision_weighted", "recall_macro", "recall_micro", "recall_weighted",
    "f1_macro", "f1_micro", "f1_weighted", "kappa", "mcc", "log_loss",
    "brier", "roc_auc"};

/* Every classification metric through the registry against ref[]. */
static void check_all(const double *y, const double *p, const double *P,
                      size_t n, size_t k, const double *ref, size_t n_ref)
{
    size_t i;
    for (i = 0; i < n_ref; i++) {
        clearn_error err;
        double v = -1;
        const clearn_metric *m = clearn_metric_find(cls_names[i], &err);
        ck_assert_msg(m != NULL, "%s", err.text);
        ck_assert_msg(m->compute(y, m->needs_proba ? NULL : p,
                                 m->needs_proba ? P : NULL, n, k, &v, &err)
                      == CLEARN_OK, "%s: %s", m->name, err.text);
        near(v, ref[i], m->name);
    }
}

/* ---- classification ------------------------------------------------------ */

START_TEST(test_fixture_a)
{
    check_all(yA, pA, PA, N(yA), 3, refA, N(refA));
}
END_TEST

START_TEST(test_fixture_b)
{
    double P[2 * N(sB)];
    size_t i;
    for (i = 0; i < N(sB); i++) {
        P[2 * i] = 1 - sB[i];
        P[2 * i + 1] = sB[i];
    }
    check_all(yB, pB, P, N(yB), 2, refB, N(refB));
}
END_TEST

START_TEST(test_fixture_c)
{
    /* all but roc_auc; a class never true makes one-vs-rest undefined */
    clearn_error err;
    double v;
    check_all(yC, pC, PC, N(yC), 4, refC, N(refC));
    ck_assert_int_eq(clearn_metric_roc_auc(yC, PC, N(yC), 4, &v, &err),
                     CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "only one class present in the one-vs-rest "
                     "problem of class 2 (no true value is it): ROC AUC is "
                     "not defined");
}
END_TEST

START_TEST(test_per_class)
{
    /* scikit-learn: precision_recall_fscore_support(y, p, labels=range(k),
     * zero_division=0) */
    static const double wantA[3][3] = {
        {2.0 / 3, 2.0 / 3, 0.8}, {6.0 / 7, 4.0 / 7, 4.0 / 6},
        {0.75, 0.61538461538461542, 0.72727272727272729}};
    static const double wantC[3][4] = {
        {0.6, 2.0 / 3, 0, 0}, {0.75, 0.4, 0, 0}, {2.0 / 3, 0.5, 0, 0}};
    static const size_t supA[] = {7, 7, 6}, supC[] = {4, 5, 0, 2};
    double p[4], r[4], f[4];
    size_t s[4], c;
    clearn_error err;
    ck_assert_int_eq(clearn_metric_per_class(yA, pA, N(yA), 3, p, r, f, s, &err),
                     CLEARN_OK);
    for (c = 0; c < 3; c++) {
        near(p[c], wantA[0][c], "precision A");
        near(r[c], wantA[1][c], "recall A");
        near(f[c], wantA[2][c], "f1 A");
        ck_assert_uint_eq(s[c], supA[c]);
    }
    ck_assert_int_eq(clearn_metric_per_class(yC, pC, N(yC), 4, p, r, f, s, &err),
                     CLEARN_OK);
    for (c = 0; c < 4; c++) {
        near(p[c], wantC[0][c], "precision C");
        near(r[c], wantC[1][c], "recall C");
        near(f[c], wantC[2][c], "f1 C");
        ck_assert_uint_eq(s[c], supC[c]);
    }
    /* every output optional */
    ck_assert_int_eq(clearn_metric_per_class(yA, pA, N(yA), 3, NULL, NULL, NULL,
                                             NULL, &err), CLEARN_OK);
}
END_TEST

START_TEST(test_direct_calls)
{
    /* the named functions agree with the registry */
    clearn_error err;
    double v;
    ck_assert_int_eq(clearn_metric_accuracy(yA, pA, N(yA), 3, &v, &err), CLEARN_OK);
    near(v, refA[0], "accuracy");
    ck_assert_int_eq(clearn_metric_f1(yA, pA, N(yA), 3, CLEARN_AVERAGE_WEIGHTED,
                                      &v, &err), CLEARN_OK);
    near(v, refA[10], "f1 weighted");
    ck_assert_int_eq(clearn_metric_precision(yC, pC, N(yC), 4,
                                             CLEARN_AVERAGE_MACRO, &v, &err),
                     CLEARN_OK);
    near(v, refC[2], "precision macro");
    ck_assert_int_eq(clearn_metric_recall(yB, pB, N(yB), 2, CLEARN_AVERAGE_MICRO,
                                          &v, &err), CLEARN_OK);
    near(v, refB[6], "recall micro");
}
END_TEST

START_TEST(test_edge_cases)
{
    /* scikit-learn 1.2.1: cohen_kappa_score([1,1,1],[1,1,1]) -> nan;
     * matthews_corrcoef([1,1,1],[1,1,1]) -> 0.0 and ([0,1,1],[1,1,1]) -> 0.0;
     * cohen_kappa_score([0,1,1],[1,1,1]) -> 0.0;
     * balanced_accuracy_score([0,0,1],[0,2,1]) -> 0.75 (a class only
     * predicted does not count); precision_score([0,0,1],[0,0,0],
     * average='macro') -> 0.3333333333333333 (class 1 never predicted: 0) */
    static const double one[] = {1, 1, 1}, t2[] = {0, 1, 1};
    static const double bt[] = {0, 0, 1}, bp[] = {0, 2, 1}, zp[] = {0, 0, 0};
    clearn_error err;
    double v;
    ck_assert_int_eq(clearn_metric_kappa(one, one, 3, 2, &v, &err), CLEARN_OK);
    ck_assert(isnan(v));
    ck_assert_int_eq(clearn_metric_mcc(one, one, 3, 2, &v, &err), CLEARN_OK);
    ck_assert(v == 0.0);
    ck_assert_int_eq(clearn_metric_mcc(t2, one, 3, 2, &v, &err), CLEARN_OK);
    ck_assert(v == 0.0);
    ck_assert_int_eq(clearn_metric_kappa(t2, one, 3, 2, &v, &err), CLEARN_OK);
    near(v, 0.0, "kappa");
    ck_assert_int_eq(clearn_metric_balanced_accuracy(bt, bp, 3, 3, &v, &err),
                     CLEARN_OK);
    near(v, 0.75, "balanced");
    ck_assert_int_eq(clearn_metric_precision(bt, zp, 3, 2, CLEARN_AVERAGE_MACRO,
                                             &v, &err), CLEARN_OK);
    near(v, 1.0 / 3, "precision never predicted");
    /* classes absent from both truth and predictions do not count */
    ck_assert_int_eq(clearn_metric_precision(bt, zp, 3, 10, CLEARN_AVERAGE_MACRO,
                                             &v, &err), CLEARN_OK);
    near(v, 1.0 / 3, "precision, k larger");
}
END_TEST

START_TEST(test_log_loss_clipping)
{
    /* log_loss([0,1],[[1,0],[1,0]]) = 18.021826694558577 (eps="auto", i.e.
     * 2.22e-16; 1e-15 would give 17.27); log_loss([0,1,2],[[0,.5,.5],
     * [.2,.8,0],[.1,.1,.8]]) = 12.163313497248524 */
    static const double y2[] = {0, 1}, P2[] = {1, 0, 1, 0};
    static const double y3[] = {0, 1, 2}, P3[] = {0, .5, .5, .2, .8, 0, .1, .1, .8};
    clearn_error err;
    double v;
    ck_assert_int_eq(clearn_metric_log_loss(y2, P2, 2, 2, &v, &err), CLEARN_OK);
    near(v, 18.021826694558577, "log loss clipped");
    ck_assert_int_eq(clearn_metric_log_loss(y3, P3, 3, 3, &v, &err), CLEARN_OK);
    near(v, 12.163313497248524, "log loss clipped 3");
}
END_TEST

START_TEST(test_roc_auc_binary_simple)
{
    /* roc_auc_score([0,0,1,1],[.1,.4,.35,.8]) = 0.75 (the textbook case) */
    static const double y[] = {0, 0, 1, 1};
    static const double P[] = {.9, .1, .6, .4, .65, .35, .2, .8};
    clearn_error err;
    double v;
    ck_assert_int_eq(clearn_metric_roc_auc(y, P, 4, 2, &v, &err), CLEARN_OK);
    near(v, 0.75, "auc");
}
END_TEST

/* ---- classification errors ------------------------------------------------- */

static void expect_err(int rc, const clearn_error *err, int code, const char *text)
{
    ck_assert_int_eq(rc, code);
    ck_assert_int_eq(err->code, code);
    ck_assert_str_eq(err->text, text);
}

START_TEST(test_class_errors)
{
    static const double y[] = {0, 1, 2}, bad[] = {0, 1.5, 2}, big[] = {0, 3, 1};
    static const double nan_p[] = {0, NAN, 1}, neg[] = {-1, 0, 1};
    static const double all_nan[] = {NAN, NAN, NAN};
    clearn_error err;
    double v;
    expect_err(clearn_metric_accuracy(y, nan_p, 3, 3, &v, &err), &err,
               CLEARN_EINVAL, "prediction at row 1 is missing (NaN)");
    expect_err(clearn_metric_accuracy(y, big, 3, 3, &v, &err), &err,
               CLEARN_EINVAL, "prediction at row 1 is 3, not a class code in 0..2");
    expect_err(clearn_metric_mcc(y, bad, 3, 3, &v, &err), &err,
               CLEARN_EINVAL, "prediction at row 1 is 1.5, not a class code in 0..2");
    expect_err(clearn_metric_kappa(neg, y, 3, 3, &v, &err), &err,
               CLEARN_EINVAL, "true class at row 0 is -1, not a class code in 0..2");
    expect_err(clearn_metric_f1(big, y, 3, 3, CLEARN_AVERAGE_MACRO, &v, &err), &err,
               CLEARN_EINVAL, "true class at row 1 is 3, not a class code in 0..2");
    expect_err(clearn_metric_accuracy(all_nan, y, 3, 3, &v, &err), &err,
               CLEARN_EINVAL, "no row with a known true value to evaluate");
    expect_err(clearn_metric_accuracy(y, y, 0, 3, &v, &err), &err,
               CLEARN_EINVAL, "no row with a known true value to evaluate");
    expect_err(clearn_metric_accuracy(NULL, y, 3, 3, &v, &err), &err,
               CLEARN_EINVAL, "true values array is NULL");
    expect_err(clearn_metric_balanced_accuracy(y, NULL, 3, 3, &v, &err), &err,
               CLEARN_EINVAL, "predictions array is NULL");
    expect_err(clearn_metric_accuracy(y, y, 3, 0, &v, &err), &err, CLEARN_EINVAL,
               "number of classes k=0: this metric needs at least 1");
    expect_err(clearn_metric_precision(y, y, 3, 3, (clearn_average)7, &v, &err),
               &err, CLEARN_EINVAL, "unknown average 7 (macro, micro or weighted)");
    expect_err(clearn_metric_per_class(y, nan_p, 3, 3, NULL, NULL, NULL, NULL,
                                       &err), &err, CLEARN_EINVAL,
               "prediction at row 1 is missing (NaN)");
    /* a NaN prediction where the truth is unknown is ignored */
    {
        static const double yt[] = {0, NAN, 1};
        ck_assert_int_eq(clearn_metric_accuracy(yt, nan_p, 3, 3, &v, NULL),
                         CLEARN_OK);
        near(v, 1.0, "accuracy with NaNs");
    }
    /* err may be NULL */
    ck_assert_int_eq(clearn_metric_accuracy(y, nan_p, 3, 3, &v, NULL), CLEARN_EINVAL);
}
END_TEST

START_TEST(test_proba_errors)
{
    static const double y[] = {0, 1}, one_class[] = {1, 1};
    static const double P[] = {.7, .3, .2, .8}, Pnan[] = {.7, .3, NAN, .8};
    static const double Pbig[] = {.7, .3, -0.5, 1.5};
    static const double y3[] = {0, 1, 2}, P3[] = {.5, .5, .5, .2, .8, 0, 0, 0, 1};
    clearn_error err;
    double v;
    expect_err(clearn_metric_log_loss(y, P, 2, 1, &v, &err), &err, CLEARN_EINVAL,
               "number of classes k=1: this metric needs at least 2");
    expect_err(clearn_metric_log_loss(y, NULL, 2, 2, &v, &err), &err,
               CLEARN_EINVAL, "probabilities array is NULL");
    expect_err(clearn_metric_brier(y, Pnan, 2, 2, &v, &err), &err, CLEARN_EINVAL,
               "probability of class 0 at row 1 is nan");
    expect_err(clearn_metric_brier(y, Pbig, 2, 2, &v, &err), &err, CLEARN_EINVAL,
               "probability of class 0 at row 1 is -0.5, outside [0, 1]");
    expect_err(clearn_metric_roc_auc(one_class, P, 2, 2, &v, &err), &err,
               CLEARN_EINVAL, "only one class present in the true values: ROC "
               "AUC is not defined");
    expect_err(clearn_metric_roc_auc(y3, P3, 3, 3, &v, &err), &err, CLEARN_EINVAL,
               "probabilities at row 0 sum to 1.5, not 1: multiclass ROC AUC "
               "needs probabilities");
    expect_err(clearn_metric_log_loss(y3, P3, 3, 2, &v, &err), &err,
               CLEARN_EINVAL, "true class at row 2 is 2, not a class code in 0..1");
}
END_TEST

START_TEST(test_brier_values)
{
    /* brier_score_loss([0,1,1],[.1,.9,.4]) = (0.01 + 0.01 + 0.36) / 3;
     * multi-class: ([1,0,0]-[.5,.5,0])^2 sums to .5, one perfect row: .25 */
    static const double y[] = {0, 1, 1}, P[] = {.9, .1, .1, .9, .6, .4};
    static const double y3[] = {0, 2}, P3[] = {.5, .5, 0, 0, 0, 1};
    clearn_error err;
    double v;
    ck_assert_int_eq(clearn_metric_brier(y, P, 3, 2, &v, &err), CLEARN_OK);
    near(v, 0.38 / 3, "brier binary");
    ck_assert_int_eq(clearn_metric_brier(y3, P3, 2, 3, &v, &err), CLEARN_OK);
    near(v, 0.25, "brier multi");
}
END_TEST

/* ---- confusion matrix ------------------------------------------------------ */

static const char *formatted(const size_t *counts, size_t k,
                             const char *const *names, const char *title)
{
    static char buf[8192];
    clearn_error err;
    size_t len;
    ck_assert_int_eq(clearn_confusion_format(buf, sizeof buf, counts, k, names,
                                             title, &len, &err), CLEARN_OK);
    ck_assert_uint_eq(len, strlen(buf));
    return buf;
}

START_TEST(test_confusion_counts)
{
    /* scikit-learn: confusion_matrix(yA, pA) = [[6,1,0],[2,4,1],[1,1,4]] */
    static const size_t want[] = {6, 1, 0, 2, 4, 1, 1, 1, 4};
    size_t got[9], got4[16], i;
    clearn_error err;
    ck_assert_int_eq(clearn_confusion_matrix(yA, pA, N(yA), 3, got, &err),
                     CLEARN_OK);
    for (i = 0; i < 9; i++)
        ck_assert_uint_eq(got[i], want[i]);
    /* C: NaN truths skipped, 11 rows counted */
    ck_assert_int_eq(clearn_confusion_matrix(yC, pC, N(yC), 4, got4, &err),
                     CLEARN_OK);
    for (i = 0, got[0] = 0; i < 16; i++)
        got[0] += got4[i];
    ck_assert_uint_eq(got[0], 11);
    ck_assert_uint_eq(got4[2 * 4 + 2], 0); /* class 2 never true */
    expect_err(clearn_confusion_matrix(yA, pA, N(yA), 3, NULL, &err), &err,
               CLEARN_EINVAL, "counts array is NULL");
}
END_TEST

START_TEST(test_confusion_weka_iris)
{
    /* Weka: ZeroR -t datasets/iris.arff */
    static const size_t m[] = {50, 0, 0, 50, 0, 0, 50, 0, 0};
    static const char *const names[] = {"Iris-setosa", "Iris-versicolor",
                                        "Iris-virginica"};
    ck_assert_str_eq(formatted(m, 3, names, CLEARN_CONFUSION_TITLE),
                     "=== Confusion Matrix ===\n"
                     "\n"
                     "  a  b  c   <-- classified as\n"
                     " 50  0  0 |  a = Iris-setosa\n"
                     " 50  0  0 |  b = Iris-versicolor\n"
                     " 50  0  0 |  c = Iris-virginica\n");
    /* Weka: ZeroR on 100 "yes" and 3 "no" rows */
    {
        static const size_t h[] = {100, 0, 3, 0};
        static const char *const yn[] = {"yes", "no"};
        ck_assert_str_eq(formatted(h, 2, yn, NULL),
                         "   a   b   <-- classified as\n"
                         " 100   0 |   a = yes\n"
                         "   3   0 |   b = no\n");
    }
}
END_TEST

START_TEST(test_confusion_many_classes)
{
    /* 28 classes: Weka labels them a..z, aa, ab with width 1 + floor(log26
     * 28) = 2 (Weka prints 1000 in width 3, misaligned; we widen) */
    size_t m[28 * 28], k = 28;
    const char *text, *line2;
    memset(m, 0, sizeof m);
    m[0] = 1000;
    text = formatted(m, k, NULL, NULL);
    ck_assert_msg(strncmp(text, "    a    b", 10) == 0, "%s", text);
    ck_assert_ptr_nonnull(strstr(text, "   aa   ab   <-- classified as\n"));
    line2 = strchr(text, '\n') + 1;
    ck_assert_msg(strncmp(line2, " 1000    0", 10) == 0, "%.40s", line2);
    ck_assert_ptr_nonnull(strstr(text, " |    a = 0\n"));
    ck_assert_ptr_nonnull(strstr(text, " |   ab = 27\n"));
    /* small counts, 28 classes: width 2 */
    m[0] = 5;
    text = formatted(m, k, NULL, NULL);
    ck_assert_msg(strncmp(text, "  a  b", 6) == 0, "%s", text);
    ck_assert_ptr_nonnull(strstr(text, " aa ab   <-- classified as\n"));
    /* 703 classes reach three letters: label 702 = "aaa" */
    {
        size_t big = 703, *z = calloc(big * big, sizeof *z), len;
        char *buf;
        clearn_error err;
        ck_assert_ptr_nonnull(z);
        ck_assert_int_eq(clearn_confusion_format(NULL, 0, z, big, NULL, NULL,
                                                 &len, &err), CLEARN_OK);
        buf = malloc(len + 1);
        ck_assert_int_eq(clearn_confusion_format(buf, len + 1, z, big, NULL, NULL,
                                                 NULL, &err), CLEARN_OK);
        ck_assert_ptr_nonnull(strstr(buf, " zz aaa   <-- classified as\n"));
        ck_assert_ptr_nonnull(strstr(buf, " | aaa = 702\n"));
        free(buf);
        free(z);
    }
}
END_TEST

START_TEST(test_confusion_buffer_and_file)
{
    static const size_t m[] = {3, 1, 0, 2};
    static const char *const names[] = {"no", NULL};
    const char *full = " a b   <-- classified as\n"
                       " 3 1 | a = no\n"
                       " 0 2 | b = 1\n";
    char small[10], out[256];
    size_t len = 0, got;
    clearn_error err;
    FILE *f;
    ck_assert_str_eq(formatted(m, 2, names, NULL), full);
    /* measuring, then truncating */
    ck_assert_int_eq(clearn_confusion_format(NULL, 0, m, 2, names, NULL, &len,
                                             &err), CLEARN_OK);
    ck_assert_uint_eq(len, strlen(full));
    ck_assert_int_eq(clearn_confusion_format(small, sizeof small, m, 2, names,
                                             NULL, &len, &err), CLEARN_OK);
    ck_assert_str_eq(small, " a b   <-");
    ck_assert_uint_eq(len, strlen(full));
    /* to a FILE */
    f = tmpfile();
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(clearn_confusion_print(f, m, 2, names, "T", &err), CLEARN_OK);
    rewind(f);
    got = fread(out, 1, sizeof out - 1, f);
    out[got] = '\0';
    fclose(f);
    ck_assert_uint_eq(strncmp(out, "T\n\n", 3), 0);
    ck_assert_str_eq(out + 3, full);
    /* errors */
    expect_err(clearn_confusion_print(NULL, m, 2, names, NULL, &err), &err,
               CLEARN_EINVAL, "output stream is NULL");
    expect_err(clearn_confusion_print(stdout, NULL, 2, names, NULL, &err), &err,
               CLEARN_EINVAL, "counts array is NULL");
    expect_err(clearn_confusion_format(small, 4, m, 0, names, NULL, &len, &err),
               &err, CLEARN_EINVAL, "number of classes k is 0");
    expect_err(clearn_confusion_format(NULL, 4, m, 2, names, NULL, &len, &err),
               &err, CLEARN_EINVAL, "buffer is NULL but its size is 4");
    f = fopen("/dev/null", "r");
    if (f) {
        expect_err(clearn_confusion_print(f, m, 2, names, NULL, &err), &err,
                   CLEARN_EIO, "could not write the confusion matrix");
        fclose(f);
    }
}
END_TEST

/* ---- regression ------------------------------------------------------------ */

START_TEST(test_regression_fixture)
{
    static const char *const names[] = {"mse", "rmse", "mae", "r2",
                                        "explained_variance", "max_error"};
    double y[N(yR) + 1], p[N(yR) + 1];
    size_t i;
    memcpy(y, yR, sizeof yR);
    memcpy(p, pR, sizeof pR);
    y[N(yR)] = NAN; /* skipped, whatever its prediction */
    p[N(yR)] = 1e300;
    for (i = 0; i < N(names); i++) {
        clearn_error err;
        double v;
        const clearn_metric *m = clearn_metric_find(names[i], &err);
        ck_assert_ptr_nonnull(m);
        ck_assert_uint_eq(m->task, CLEARN_REGRESS);
        ck_assert_int_eq(m->compute(y, p, NULL, N(yR) + 1, 0, &v, &err), CLEARN_OK);
        near(v, refR[i], names[i]);
    }
}
END_TEST

START_TEST(test_regression_edges)
{
    /* scikit-learn 1.2.1: r2_score([2,2,2],[2,2,2]) = 1.0,
     * r2_score([2,2,2],[2,2,3]) = 0.0, explained_variance_score([2,2,2],
     * [1,1,1]) = 1.0, ([2,2,2],[1,2,3]) = 0.0, r2_score([2],[3]) = nan,
     * explained_variance_score([2],[3]) = 1.0 */
    static const double c[] = {2, 2, 2}, same[] = {2, 2, 2}, off[] = {2, 2, 3};
    static const double shift[] = {1, 1, 1}, var[] = {1, 2, 3}, one[] = {3};
    double v;
    clearn_error err;
    ck_assert_int_eq(clearn_metric_r2(c, same, 3, &v, &err), CLEARN_OK);
    ck_assert(v == 1.0);
    ck_assert_int_eq(clearn_metric_r2(c, off, 3, &v, &err), CLEARN_OK);
    ck_assert(v == 0.0);
    ck_assert_int_eq(clearn_metric_explained_variance(c, shift, 3, &v, &err),
                     CLEARN_OK);
    ck_assert(v == 1.0);
    ck_assert_int_eq(clearn_metric_explained_variance(c, var, 3, &v, &err),
                     CLEARN_OK);
    ck_assert(v == 0.0);
    ck_assert_int_eq(clearn_metric_r2(c, one, 1, &v, &err), CLEARN_OK);
    ck_assert(isnan(v));
    ck_assert_int_eq(clearn_metric_explained_variance(c, one, 1, &v, &err),
                     CLEARN_OK);
    ck_assert(v == 1.0);
    ck_assert_int_eq(clearn_metric_max_error(c, var, 3, &v, &err), CLEARN_OK);
    ck_assert(v == 1.0);
}
END_TEST

START_TEST(test_regression_errors)
{
    static const double y[] = {1, 2, 3}, p_nan[] = {1, 2, NAN};
    static const double p_inf[] = {1, INFINITY, 3}, y_inf[] = {1, -INFINITY, 3};
    static const double none[] = {NAN, NAN, NAN};
    clearn_error err;
    double v;
    expect_err(clearn_metric_mse(y, p_nan, 3, &v, &err), &err, CLEARN_EINVAL,
               "prediction at row 2 is missing (NaN)");
    expect_err(clearn_metric_rmse(y, p_inf, 3, &v, &err), &err, CLEARN_EINVAL,
               "prediction at row 1 is infinite");
    expect_err(clearn_metric_mae(y_inf, y, 3, &v, &err), &err, CLEARN_EINVAL,
               "true value at row 1 is infinite");
    expect_err(clearn_metric_r2(none, y, 3, &v, &err), &err, CLEARN_EINVAL,
               "no row with a known true value to evaluate");
    expect_err(clearn_metric_max_error(y, NULL, 3, &v, &err), &err,
               CLEARN_EINVAL, "predictions array is NULL");
    expect_err(clearn_metric_explained_variance(NULL, y, 3, &v, &err), &err,
               CLEARN_EINVAL, "true values array is NULL");
}
END_TEST

/* ---- registry ------------------------------------------------------------- */

START_TEST(test_registry)
{
    static const char *const all[] = {
        "accuracy", "balanced_accuracy", "f1_macro", "f1_micro", "f1_weighted",
        "precision_macro", "recall_macro", "kappa", "mcc", "log_loss", "brier",
        "roc_auc", "mse", "rmse", "mae", "r2", "explained_variance",
        "max_error", "precision_micro", "precision_weighted", "recall_micro",
        "recall_weighted"};
    clearn_error err;
    size_t i;
    const clearn_metric *m;
    for (i = 0; i < N(all); i++) {
        m = clearn_metric_find(all[i], &err);
        ck_assert_msg(m != NULL, "%s", all[i]);
        ck_assert_str_eq(m->name, all[i]);
        ck_assert_ptr_nonnull(m->summary);
        ck_assert_ptr_nonnull(m->compute);
    }
    ck_assert_uint_eq(clearn_metric_count(), N(all));
    for (i = 0; i < clearn_metric_count(); i++)
        ck_assert_ptr_eq(clearn_metric_find(clearn_metric_at(i)->name, NULL),
                         clearn_metric_at(i));
    ck_assert_ptr_null(clearn_metric_at(N(all)));
    m = clearn_metric_find("log_loss", NULL);
    ck_assert(m->needs_proba && !m->greater_is_better && m->task == CLEARN_CLASSIFY);
    m = clearn_metric_find("roc_auc", NULL);
    ck_assert(m->needs_proba && m->greater_is_better);
    m = clearn_metric_find("r2", NULL);
    ck_assert(!m->needs_proba && m->greater_is_better && m->task == CLEARN_REGRESS);
    m = clearn_metric_find("rmse", NULL);
    ck_assert(!m->greater_is_better);
    ck_assert_ptr_null(clearn_metric_find("f2", &err));
    ck_assert_int_eq(err.code, CLEARN_ENOTFOUND);
    ck_assert_msg(strncmp(err.text, "unknown metric 'f2' (known: accuracy, ", 38) == 0,
                  "%s", err.text);
    ck_assert_ptr_nonnull(strstr(err.text, "max_error)"));
    ck_assert_ptr_null(clearn_metric_find(NULL, &err));
    ck_assert_str_eq(err.text, "metric name is NULL");
}
END_TEST

START_TEST(test_better)
{
    const clearn_metric *acc = clearn_metric_find("accuracy", NULL);
    const clearn_metric *mse = clearn_metric_find("mse", NULL);
    ck_assert(clearn_metric_better(acc, 0.9, 0.8));
    ck_assert(!clearn_metric_better(acc, 0.8, 0.9));
    ck_assert(!clearn_metric_better(acc, 0.8, 0.8));
    ck_assert(clearn_metric_better(mse, 0.1, 0.2));
    ck_assert(!clearn_metric_better(mse, NAN, 0.2));
    ck_assert(clearn_metric_better(mse, 5, NAN));
    ck_assert(!clearn_metric_better(NULL, 1, 0));
}
END_TEST

/* ---- allocation failures ---------------------------------------------------- */

START_TEST(test_alloc_failures)
{
    size_t i;
    for (i = 0; i < N(cls_names); i++) {
        const clearn_metric *m = clearn_metric_find(cls_names[i], NULL);
        long k;
        int rc = CLEARN_ENOMEM;
        for (k = 0; rc == CLEARN_ENOMEM && k < 10; k++) {
            clearn_error err;
            double v;
            clearn__alloc_fail_after(k);
            rc = m->compute(yA, pA, PA, N(yA), 3, &v, &err);
            clearn__alloc_fail_after(-1);
            if (rc == CLEARN_ENOMEM)
                ck_assert_str_eq(err.text, clearn_strerror(CLEARN_ENOMEM));
            else
                ck_assert_int_eq(rc, CLEARN_OK);
        }
        ck_assert_int_eq(rc, CLEARN_OK);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("metrics");
    TCase *t = tcase_create("metrics");
    tcase_add_test(t, test_fixture_a);
    tcase_add_test(t, test_fixture_b);
    tcase_add_test(t, test_fixture_c);
    tcase_add_test(t, test_per_class);
    tcase_add_test(t, test_direct_calls);
    tcase_add_test(t, test_edge_cases);
    tcase_add_test(t, test_log_loss_clipping);
    tcase_add_test(t, test_roc_auc_binary_simple);
    tcase_add_test(t, test_class_errors);
    tcase_add_test(t, test_proba_errors);
    tcase_add_test(t, test_brier_values);
    tcase_add_test(t, test_confusion_counts);
    tcase_add_test(t, test_confusion_weka_iris);
    tcase_add_test(t, test_confusion_many_classes);
    tcase_add_test(t, test_confusion_buffer_and_file);
    tcase_add_test(t, test_regression_fixture);
    tcase_add_test(t, test_regression_edges);
    tcase_add_test(t, test_regression_errors);
    tcase_add_test(t, test_registry);
    tcase_add_test(t, test_better);
    tcase_add_test(t, test_alloc_failures);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return run_suite(suite());
}
