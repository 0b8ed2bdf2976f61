/* clearn — linear classifiers trained online: perceptron and sgd.
 *
 * perceptron: the multiclass perceptron (one weight vector per class; a
 * row whose true class does not score strictly above every other moves the
 * true class's vector towards it and the best wrong class's away), averaged
 * over every step by default (Collins 2002; Daume's bookkeeping). With two
 * classes and averaged=false it is scikit-learn's Perceptron: the same
 * updates, the same stopping rule, weights twice as large (w1 - w0 = 2 w).
 *
 * sgd: scikit-learn's SGDClassifier (1.2): one-vs-rest binary problems
 * (one for two classes), hinge, log, squared, modified Huber, squared
 * hinge or perceptron loss, class weights, L2, L1 (cumulative
 * penalty, Tsuruoka et al. 2009) or elastic-net penalty, the 'optimal',
 * 'constant' or 'invscaling' learning rate, the same scaled-weight
 * arithmetic and stopping rule. With shuffle=false it reproduces
 * SGDClassifier(shuffle=False) to rounding; with shuffling the order comes
 * from clearn_rng (stream e of the seed for equation e), so results are
 * reproducible per seed and independent of threads=.
 *
 * Both need numeric attributes without missing values when fitting; at
 * prediction a missing value stands for the training mean. */
#include "config.h"
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "pool.h"
#include "svm_common.h"


#define MAX_DLOSS 1e12         /* scikit-learn clips the loss derivative */
#define WSCALE_MIN 1e-9        /* and folds the weight scale in below this */

/* ---- the fitted linear model both types produce ------------------------- */

struct lin {
    size_t k, d, cls, q;  /* classes, attributes (class included), class column, features */
    size_t m;             /* equations: rows of w */
    double *w;            /* m x q weights */
    double *b;            /* m intercepts */
    double *mean;         /* q training means, for missing values at prediction */
    size_t epochs;        /* epochs run (the most of any equation) */
};

static void lin_clear(struct lin *f)
{
    clearn__free(f->w);
    clearn__free(f->b);
    clearn__free(f->mean);
    memset(f, 0, sizeof *f);
}

/* Attribute index of feature i. */
static size_t column(const struct lin *f, size_t i)
{
    return i < f->cls ? i : i + 1;
}

/* The training data as a dense n x q matrix (class column dropped) and
 * the class codes; refuses nominal attributes and missing values. */
static int lin_begin(struct lin *f, const clearn_dataset *ds, const char *who, double **x,
                     size_t **y, clearn_error *err)
{
    size_t n = ds->n;
    f->k = ds->attrs[ds->cls].n_cats;
    f->d = ds->d;
    f->cls = ds->cls;
    f->q = ds->d - 1;
    for (size_t i = 0; i < f->q; i++)
        if (ds->attrs[column(f, i)].kind != CLEARN_NUMERIC)
            return clearn__error(err, CLEARN_EINVAL, "%s: attribute '%s' is nominal; %s needs "
                                 "numeric attributes (put 'onehot |' in front)", who,
                                 ds->attrs[column(f, i)].name, who);
    if (!f->k)
        return clearn__error(err, CLEARN_EINVAL, "%s: the class '%s' has no categories", who,
                             ds->attrs[ds->cls].name);
    *x = clearn__mallocarray(n, (f->q ? f->q : 1) * sizeof **x);
    *y = clearn__mallocarray(n, sizeof **y);
    f->mean = clearn__calloc(f->q ? f->q : 1, sizeof *f->mean);
    if (!*x || !*y || !f->mean)
        return clearn__nomem(err);
    for (size_t r = 0; r < n; r++) {
        const double *row = ds->x + r * ds->d;
        (*y)[r] = (size_t)row[ds->cls];
        for (size_t i = 0; i < f->q; i++) {
            double v = row[column(f, i)];
            if (isnan(v))
                return clearn__error(err, CLEARN_EINVAL, "%s: attribute '%s' is missing in row "
                                     "%zu; %s needs complete data (put 'impute |' in front)",
                                     who, ds->attrs[column(f, i)].name, r + 1, who);
            (*x)[r * f->q + i] = v;
            f->mean[i] += v / (double)n;
        }
    }
    return CLEARN_OK;
}

/* Decision values of the m equations for one row (missing: the mean);
 * never NaN. */
static void decision(const struct lin *f, const double *row, double *out)
{
    for (size_t e = 0; e < f->m; e++) {
        const double *w = f->w + e * f->q;
        double s = 0;
        for (size_t i = 0; i < f->q; i++) {
            double v = row[column(f, i)];
            s += w[i] * (isnan(v) ? f->mean[i] : v);
        }
        s += f->b[e];
        out[e] = isnan(s) ? 0 : s;   /* inf - inf from huge values: undecided */
    }
}

/* The class of decision values: with one equation for two classes, the
 * second when positive; else the largest (ties: the lowest code). */
static size_t lin_class(const struct lin *f, const double *dv)
{
    size_t best = 0;
    if (f->m == 1 && f->k == 2)
        return dv[0] > 0;
    for (size_t e = 1; e < f->m; e++)
        if (dv[e] > dv[best])
            best = e;
    return best;
}

static int lin_check(const struct lin *f, const clearn_dataset *x, const char *who,
                     clearn_error *err)
{
    if (x->d != f->d || x->cls != f->cls || x->cls == CLEARN_NONE ||
        x->attrs[x->cls].kind != CLEARN_NOMINAL || x->attrs[x->cls].n_cats != f->k)
        return clearn__error(err, CLEARN_ESCHEMA, "%s: the data does not match the model's "
                             "%zu attributes and %zu classes", who, f->d, f->k);
    for (size_t i = 0; i < f->q; i++)
        if (x->attrs[column(f, i)].kind != CLEARN_NUMERIC)
            return clearn__error(err, CLEARN_ESCHEMA, "%s: attribute %zu of the data is not "
                                 "numeric as in the model", who, column(f, i) + 1);
    return CLEARN_OK;
}

/* What predict_proba gives: 1 for the predicted class; the logistic
 * sigmoid of each equation, normalised over the classes (scikit-learn's
 * one-vs-rest, loss=log); or modified Huber's (clip(v, -1, 1) + 1) / 2,
 * normalised likewise (uniform when every class gets 0), as scikit-learn. */
enum { PROBA_HARD, PROBA_LOGISTIC, PROBA_HUBER };

static double proba_of(int kind, double v)
{
    return kind == PROBA_LOGISTIC ? 1 / (1 + exp(-v)) : (fmax(-1, fmin(1, v)) + 1) / 2;
}

/* Classes, or probabilities of the given kind. */
static int lin_run(const struct lin *f, const clearn_dataset *x, int proba, int kind,
                   double *out, clearn_error *err)
{
    double *dv = clearn__mallocarray(f->m ? f->m : 1, sizeof *dv);
    if (!dv)
        return clearn__nomem(err);
    for (size_t r = 0; r < x->n; r++) {
        double *p = out + r * f->k, sum = 0;
        size_t c;
        decision(f, x->x + r * x->d, dv);
        c = f->m ? lin_class(f, dv) : 0;
        if (!proba) {
            out[r] = (double)c;
            continue;
        }
        for (size_t j = 0; j < f->k; j++)
            p[j] = j == c;
        if (kind == PROBA_HARD || !f->m)
            continue;
        if (f->m == 1 && f->k == 2) {
            p[1] = proba_of(kind, dv[0]);
            p[0] = 1 - p[1];
            continue;
        }
        for (size_t e = 0; e < f->m; e++)
            sum += p[e] = proba_of(kind, dv[e]);
        for (size_t e = 0; e < f->m; e++)
            p[e] = sum > 0 ? p[e] / sum : 1.0 / (double)f->m;
    }
    clearn__free(dv);
    return CLEARN_OK;
}

static int lin_save(const struct lin *f, clearn_writer *w, clearn_error *err)
{
    int rc = clearn_writer_size(w, "classes", f->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "attributes", f->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "class", f->cls, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "equations", f->m, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "epochs", f->epochs, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "mean", f->mean, f->q, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "intercept", f->b, f->m, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "weights", f->w, f->m * f->q, err);
    return rc;
}

static int finite_all(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

/* m must be what fit gives: `binary_one` equations for two classes (1 for
 * sgd, 2 for the perceptron), k otherwise (0 for one class). */
static int lin_load(struct lin *f, clearn_reader *r, const char *who, size_t binary_one,
                    clearn_error *err)
{
    int rc = clearn_reader_size(r, "classes", &f->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "attributes", &f->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "class", &f->cls, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "equations", &f->m, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "epochs", &f->epochs, err);
    if (rc != CLEARN_OK)
        return rc;
    f->q = f->d - 1;
    if (!f->k || f->cls >= f->d || f->m != (f->k == 1 ? 0 : f->k == 2 ? binary_one : f->k) ||
        f->q > SIZE_MAX / 8 / (f->m ? f->m : 1))
        return clearn__error(err, CLEARN_ECORRUPT, "%s model: bad numbers of classes, "
                             "attributes or equations", who);
    rc = clearn__reader_long_doubles(r, "mean", f->q, &f->mean, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "intercept", f->m, &f->b, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "weights", f->m * f->q, &f->w, err);
    if (rc == CLEARN_OK && (!finite_all(f->mean, f->q) || !finite_all(f->b, f->m) ||
                            !finite_all(f->w, f->m * f->q)))
        rc = clearn__error(err, CLEARN_ECORRUPT, "%s model: weights not finite", who);
    return rc;
}

/* The weights as a table: a row per feature (the intercept first), a column
 * per equation; numbers in their shortest exact form. */
static int lin_print(const struct lin *f, const clearn_dataset *s, const char *title,
                     FILE *out, clearn_error *err)
{
    const struct clearn__attr *y = &s->attrs[s->cls];
    char num[CLEARN__DBL_BUF];
    int ok = fprintf(out, "%s; %zu epochs\n\n%-24s", title, f->epochs, "") >= 0;
    for (size_t e = 0; ok && e < f->m; e++)
        ok = fprintf(out, " %24.24s", y->cats[f->m == 1 ? 1 : e]) >= 0;
    ok = ok && fprintf(out, "\n%-24s", "(intercept)") >= 0;
    for (size_t e = 0; ok && e < f->m; e++) {
        clearn__format_double(f->b[e], num);
        ok = fprintf(out, " %24s", num) >= 0;
    }
    for (size_t i = 0; ok && i < f->q; i++) {
        ok = fprintf(out, "\n%-24.24s", s->attrs[column(f, i)].name) >= 0;
        for (size_t e = 0; ok && e < f->m; e++) {
            clearn__format_double(f->w[e * f->q + i], num);
            ok = fprintf(out, " %24s", num) >= 0;
        }
    }
    ok = ok && fprintf(out, "\n") >= 0;
    return ok ? CLEARN_OK : clearn__error(err, CLEARN_EIO, "cannot write the model");
}

/* scikit-learn's stopping rule: stop after n_iter_no_change epochs whose
 * loss is not below the best by tol * n. Returns 1 to stop. */
static int no_progress(double loss, double tol, size_t n, double *best, long *count, long limit)
{
    if (loss > *best - tol * (double)n)
        ++*count;
    else
        *count = 0;
    if (loss < *best)
        *best = loss;
    return *count >= limit;
}

/* ---- perceptron -------------------------------------------------------------- */

struct perceptron {
    int averaged, fit_intercept, shuffle;   /* parameters */
    long max_iter, n_iter_no_change, seed;
    double tol;
    struct lin f;                           /* one equation per class */
};

static const clearn_param perceptron_params[] = {
    {"averaged", CLEARN_PARAM_BOOL, offsetof(struct perceptron, averaged), "true", 1, 0, NULL,
     "return the average of the weights over every step (false: the last ones)", 0},
    {"max_iter", CLEARN_PARAM_INT, offsetof(struct perceptron, max_iter), "1000", 1, 1e9, NULL,
     "most passes (epochs) over the data", 0},
    {"tol", CLEARN_PARAM_DOUBLE, offsetof(struct perceptron, tol), "0.001", 0, 1e10, NULL,
     "stop when the loss has not dropped by tol x rows for n_iter_no_change epochs", 0},
    {"n_iter_no_change", CLEARN_PARAM_INT, offsetof(struct perceptron, n_iter_no_change), "5", 1,
     1e9, NULL, "epochs without progress before stopping", 0},
    {"fit_intercept", CLEARN_PARAM_BOOL, offsetof(struct perceptron, fit_intercept), "true", 1, 0,
     NULL, "learn an intercept per class", 0},
    {"shuffle", CLEARN_PARAM_BOOL, offsetof(struct perceptron, shuffle), "true", 1, 0, NULL,
     "shuffle the rows before each epoch (false: file order)", 0},
    {"seed", CLEARN_PARAM_INT, offsetof(struct perceptron, seed), "42", 0, (double)LONG_MAX, NULL,
     "random seed of the shuffling", 0},
};

static void perceptron_destroy(void *st)
{
    lin_clear(&((struct perceptron *)st)->f);
}

/* Scratch of one training run. */
struct ptrain {
    const double *x;
    const size_t *y;
    size_t n;
    size_t *order;
    double *s;            /* k scores */
    double *u, *ub;       /* averaging: sums of step x update */
};

/* One row: scores, and an update when the true class does not score
 * strictly above every other (a mistake: returns 1). Adds half the margin
 * violation to *loss (with two classes, scikit-learn's perceptron loss). */
static int perceptron_step(struct perceptron *m, struct ptrain *t, size_t r, double step,
                           double *loss)
{
    struct lin *f = &m->f;
    const double *x = t->x + r * f->q;
    size_t y = t->y[r], rival = y == 0 ? 1 : 0;
    for (size_t c = 0; c < f->k; c++) {
        double s = f->b[c];
        for (size_t i = 0; i < f->q; i++)
            s += f->w[c * f->q + i] * x[i];
        t->s[c] = s;
    }
    for (size_t c = 0; c < f->k; c++)
        if (c != y && t->s[c] > t->s[rival])
            rival = c;
    if (t->s[y] > t->s[rival])
        return 0;
    *loss += (t->s[rival] - t->s[y]) / 2;
    for (size_t i = 0; i < f->q; i++) {
        f->w[y * f->q + i] += x[i];
        f->w[rival * f->q + i] -= x[i];
        if (t->u) {
            t->u[y * f->q + i] += step * x[i];
            t->u[rival * f->q + i] -= step * x[i];
        }
    }
    if (m->fit_intercept) {
        f->b[y] += 1, f->b[rival] -= 1;
        if (t->ub)
            t->ub[y] += step, t->ub[rival] -= step;
    }
    return 1;
}

static int perceptron_epochs(struct perceptron *m, struct ptrain *t, clearn_error *err)
{
    struct lin *f = &m->f;
    clearn_rng rng;
    double best = INFINITY, step = 1;
    long stale = 0;
    clearn_rng_seed(&rng, (uint64_t)m->seed, 0);
    for (size_t r = 0; r < t->n; r++)
        t->order[r] = r;
    for (long epoch = 0; epoch < m->max_iter; epoch++) {
        double loss = 0;
        size_t mistakes = 0;
        if (m->shuffle)
            clearn_rng_shuffle(&rng, t->order, t->n);
        for (size_t r = 0; r < t->n; r++, step++)
            mistakes += (size_t)perceptron_step(m, t, t->order[r], step, &loss);
        f->epochs = (size_t)epoch + 1;
        if (!finite_all(f->w, f->k * f->q) || !finite_all(f->b, f->k))
            return clearn__error(err, CLEARN_EINVAL, "perceptron: the weights overflowed in "
                                 "epoch %ld; scale the data (put 'standardize |' in front)",
                                 epoch + 1);
        if (!mistakes || no_progress(loss, m->tol, t->n, &best, &stale, m->n_iter_no_change))
            break;
    }
    for (size_t e = 0; t->u && e < f->k * f->q; e++)
        f->w[e] -= t->u[e] / step;
    for (size_t c = 0; t->ub && c < f->k; c++)
        f->b[c] -= t->ub[c] / step;
    return CLEARN_OK;
}

static int perceptron_fit(void *st, const clearn_dataset *ds, clearn_error *err)
{
    struct perceptron *m = st;
    struct lin *f = &m->f;
    struct ptrain t = {NULL, NULL, ds->n, NULL, NULL, NULL, NULL};
    double *x = NULL;
    size_t *y = NULL;
    int rc;
    lin_clear(f);
    rc = lin_begin(f, ds, "perceptron", &x, &y, err);
    if (rc == CLEARN_OK) {
        size_t row = (f->q ? f->q : 1) * sizeof(double);
        f->m = f->k == 1 ? 0 : f->k;
        f->w = clearn__calloc(f->k, row);
        f->b = clearn__calloc(f->k, sizeof *f->b);
        t.order = clearn__mallocarray(ds->n, sizeof *t.order);
        t.s = clearn__mallocarray(f->k, sizeof *t.s);
        if (m->averaged) {
            t.u = clearn__calloc(f->k, row);
            t.ub = clearn__calloc(f->k, sizeof *t.ub);
        }
        if (!f->w || !f->b || !t.order || !t.s || (m->averaged && (!t.u || !t.ub)))
            rc = clearn__nomem(err);
    }
    t.x = x;
    t.y = y;
    if (rc == CLEARN_OK && f->k > 1)
        rc = perceptron_epochs(m, &t, err);
    clearn__free(x);
    clearn__free(y);
    clearn__free(t.order);
    clearn__free(t.s);
    clearn__free(t.u);
    clearn__free(t.ub);
    if (rc != CLEARN_OK)
        lin_clear(f);
    return rc;
}

static int perceptron_predict(const void *st, const clearn_dataset *x, double *out,
                              clearn_error *err)
{
    const struct lin *f = &((const struct perceptron *)st)->f;
    int rc = lin_check(f, x, "perceptron", err);
    return rc == CLEARN_OK ? lin_run(f, x, 0, PROBA_HARD, out, err) : rc;
}

/* 1 for the predicted class (a perceptron has no probabilities). */
static int perceptron_proba(const void *st, const clearn_dataset *x, double *out,
                            clearn_error *err)
{
    const struct lin *f = &((const struct perceptron *)st)->f;
    int rc = lin_check(f, x, "perceptron", err);
    return rc == CLEARN_OK ? lin_run(f, x, 1, PROBA_HARD, out, err) : rc;
}

static int perceptron_save(const void *st, clearn_writer *w, clearn_error *err)
{
    return lin_save(&((const struct perceptron *)st)->f, w, err);
}

static int perceptron_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct lin *f = &((struct perceptron *)st)->f;
    int rc;
    lin_clear(f);
    if ((rc = lin_load(f, r, "perceptron", 2, err)) != CLEARN_OK)
        lin_clear(f);
    return rc;
}

static int perceptron_print(const void *st, const clearn_dataset *s, FILE *out,
                            clearn_error *err)
{
    const struct perceptron *m = st;
    int rc = lin_check(&m->f, s, "perceptron", err);
    if (rc != CLEARN_OK)
        return rc;
    return lin_print(&m->f, s, m->averaged ? "Averaged multiclass perceptron: weights per class"
                                           : "Multiclass perceptron: weights per class", out, err);
}

/* ---- sgd ------------------------------------------------------------------------ */

enum { LOSS_HINGE, LOSS_LOG, LOSS_SQUARED, LOSS_MODIFIED_HUBER, LOSS_SQUARED_HINGE,
       LOSS_PERCEPTRON };
enum { PEN_L2, PEN_L1, PEN_ELASTICNET, PEN_NONE };
enum { RATE_OPTIMAL, RATE_CONSTANT, RATE_INVSCALING };

struct sgd {
    int loss, penalty, learning_rate, fit_intercept, shuffle;   /* parameters */
    double alpha, l1_ratio, eta0, power_t, tol;
    long max_iter, n_iter_no_change, seed, threads;
    char *class_weight;
    struct lin f;        /* one equation for two classes, else one per class */
};

static const char *const loss_choices[] = {"hinge", "log", "squared", "modified_huber",
                                           "squared_hinge", "perceptron", NULL};
static const char *const penalty_choices[] = {"l2", "l1", "elasticnet", "none", NULL};
static const char *const rate_choices[] = {"optimal", "constant", "invscaling", NULL};

static const clearn_param sgd_params[] = {
    {"loss", CLEARN_PARAM_ENUM, offsetof(struct sgd, loss), "hinge", 1, 0, loss_choices,
     "hinge (a linear SVM), log (logistic regression), squared (least squares on +-1), "
     "modified_huber (smoothed hinge, with probabilities), squared_hinge, perceptron", 0},
    {"penalty", CLEARN_PARAM_ENUM, offsetof(struct sgd, penalty), "l2", 1, 0, penalty_choices,
     "regularisation of the weights", 0},
    {"alpha", CLEARN_PARAM_DOUBLE, offsetof(struct sgd, alpha), "0.0001", 0, 1e6, NULL,
     "strength of the penalty (and scale of the optimal learning rate)", CLEARN_PARAM_MIN_OPEN},
    {"l1_ratio", CLEARN_PARAM_DOUBLE, offsetof(struct sgd, l1_ratio), "0.15", 0, 1, NULL,
     "share of L1 in the elastic-net penalty", 0},
    {"learning_rate", CLEARN_PARAM_ENUM, offsetof(struct sgd, learning_rate), "optimal", 1, 0,
     rate_choices, "step size: 1 / (alpha (t0 + t)), eta0, or eta0 / t^power_t", 0},
    {"eta0", CLEARN_PARAM_DOUBLE, offsetof(struct sgd, eta0), "0.01", 0, 1e6, NULL,
     "initial step size for the constant and invscaling rates", CLEARN_PARAM_MIN_OPEN},
    {"power_t", CLEARN_PARAM_DOUBLE, offsetof(struct sgd, power_t), "0.5", 0, 10, NULL,
     "exponent of the invscaling rate", 0},
    {"max_iter", CLEARN_PARAM_INT, offsetof(struct sgd, max_iter), "1000", 1, 1e9, NULL,
     "most passes (epochs) over the data", 0},
    {"tol", CLEARN_PARAM_DOUBLE, offsetof(struct sgd, tol), "0.001", 0, 1e10, NULL,
     "stop when the loss has not dropped by tol x rows for n_iter_no_change epochs", 0},
    {"n_iter_no_change", CLEARN_PARAM_INT, offsetof(struct sgd, n_iter_no_change), "5", 1, 1e9,
     NULL, "epochs without progress before stopping", 0},
    {"fit_intercept", CLEARN_PARAM_BOOL, offsetof(struct sgd, fit_intercept), "true", 1, 0, NULL,
     "learn an intercept", 0},
    {"shuffle", CLEARN_PARAM_BOOL, offsetof(struct sgd, shuffle), "true", 1, 0, NULL,
     "shuffle the rows before each epoch (false: file order)", 0},
    {"seed", CLEARN_PARAM_INT, offsetof(struct sgd, seed), "42", 0, (double)LONG_MAX, NULL,
     "random seed of the shuffling", 0},
    {"threads", CLEARN_PARAM_INT, offsetof(struct sgd, threads), "1", 0, 256, NULL,
     "threads for the one-vs-rest problems (0: all CPUs); results do not depend on it", 0},
    {"class_weight", CLEARN_PARAM_STRING, offsetof(struct sgd, class_weight), "", 1, 0, NULL,
     "step multipliers per class: NAME:W,NAME:W... or balanced (n / (classes x n_class)); "
     "empty: none", 0},
};

static void sgd_destroy(void *st)
{
    lin_clear(&((struct sgd *)st)->f);
}

/* scikit-learn's losses (sgd_fast.pyx) of prediction p for label y = +-1. */
static double loss_value(int loss, double p, double y)
{
    double z = p * y;
    switch (loss) {
    case LOSS_HINGE:
        return z < 1 ? 1 - z : 0;
    case LOSS_LOG:
        return z > 18 ? exp(-z) : z < -18 ? -z : log(1 + exp(-z));
    case LOSS_MODIFIED_HUBER:
        return z >= 1 ? 0 : z >= -1 ? (1 - z) * (1 - z) : -4 * z;
    case LOSS_SQUARED_HINGE:
        return z < 1 ? (1 - z) * (1 - z) : 0;
    case LOSS_PERCEPTRON:
        return z <= 0 ? -z : 0;
    default:
        return 0.5 * (p - y) * (p - y);
    }
}

static double loss_slope(int loss, double p, double y)
{
    double z = p * y;
    switch (loss) {
    case LOSS_HINGE:
        return z <= 1 ? -y : 0;
    case LOSS_LOG:
        return z > 18 ? exp(-z) * -y : z < -18 ? -y : -y / (exp(z) + 1);
    case LOSS_MODIFIED_HUBER:
        return z >= 1 ? 0 : z >= -1 ? 2 * (1 - z) * -y : -4 * y;
    case LOSS_SQUARED_HINGE:
        return z < 1 ? -2 * y * (1 - z) : 0;
    case LOSS_PERCEPTRON:
        return z <= 0 ? -y : 0;
    default:
        return p - y;
    }
}

/* Weights kept as wscale * w so that the L2 shrinkage is one multiply. */
struct wvec {
    double *w, scale;
    size_t q;
};

static void wvec_fold(struct wvec *v)
{
    for (size_t i = 0; i < v->q; i++)
        v->w[i] *= v->scale;
    v->scale = 1;
}

/* The cumulative L1 penalty: u is the total any weight could have lost so
 * far, q[i] what weight i did lose. */
static void l1_clip(struct wvec *v, double *q, double u)
{
    for (size_t i = 0; i < v->q; i++) {
        double z = v->w[i];
        if (v->scale * z > 0)
            v->w[i] = fmax(0, v->w[i] - (u + q[i]) / v->scale);
        else if (v->scale * z < 0)
            v->w[i] = fmin(0, v->w[i] + (u - q[i]) / v->scale);
        q[i] += v->scale * (v->w[i] - z);
    }
}

/* What the one-vs-rest problems share (read-only) and write (their own
 * rows of w, b and iters). */
struct sgd_job {
    const struct sgd *p;
    const double *x;
    const size_t *y;
    size_t n, q;
    double *w, *b;
    size_t *iters;
    const double *cw;   /* k class weights (all 1 without class_weight) */
};

/* One step on row x with label y and weight cw (its class's, or 1 for
 * the rest of a one-vs-rest problem, as scikit-learn); returns the loss
 * before it (unweighted, as scikit-learn's stopping rule sums it). */
static double sgd_step(const struct sgd *p, struct wvec *v, double *b, double *q, double *u,
                       const double *x, double y, double cw, double eta)
{
    double l1r = p->penalty == PEN_L2 ? 0 : p->penalty == PEN_L1 ? 1 : p->l1_ratio;
    double s = 0, pred, slope, update, loss;
    for (size_t i = 0; i < v->q; i++)
        s += v->w[i] * x[i];
    pred = s * v->scale + *b;
    loss = loss_value(p->loss, pred, y);
    slope = fmax(-MAX_DLOSS, fmin(MAX_DLOSS, loss_slope(p->loss, pred, y)));
    update = -eta * slope * cw;
    if (p->penalty == PEN_L2 || p->penalty == PEN_ELASTICNET) {
        v->scale *= fmax(0, 1 - (1 - l1r) * eta * p->alpha);
        if (v->scale < WSCALE_MIN)
            wvec_fold(v);
    }
    if (update != 0) {
        for (size_t i = 0; i < v->q; i++)
            v->w[i] += x[i] * (update / v->scale);
        if (p->fit_intercept)
            *b += update;
    }
    if (p->penalty == PEN_L1 || p->penalty == PEN_ELASTICNET) {
        *u += l1r * eta * p->alpha;
        l1_clip(v, q, *u);
    }
    return loss;
}

/* t0 of the optimal rate (Bottou's heuristic, as scikit-learn). */
static double optimal_init(const struct sgd *p)
{
    double typw = sqrt(1.0 / sqrt(p->alpha));
    double eta0 = typw / fmax(1.0, loss_slope(p->loss, -typw, 1.0));
    return 1.0 / (eta0 * p->alpha);
}

static double rate(const struct sgd *p, double t, double t0)
{
    switch (p->learning_rate) {
    case RATE_OPTIMAL:
        return 1.0 / (p->alpha * (t0 + t - 1));
    case RATE_CONSTANT:
        return p->eta0;
    default:
        return p->eta0 / pow(t, p->power_t);
    }
}

/* Epochs of equation e until the stopping rule or max_iter. */
static int sgd_epochs(const struct sgd_job *j, size_t e, size_t *order, double *q,
                      clearn_error *err)
{
    const struct sgd *p = j->p;
    size_t pos = j->p->f.m == 1 ? 1 : e;
    double wpos = j->cw[pos], wneg = j->p->f.m == 1 ? j->cw[0] : 1;
    struct wvec v = {j->w + e * j->q, 1, j->q};
    double best = INFINITY, t = 1, t0 = optimal_init(p), u = 0;
    long stale = 0, epoch;
    clearn_rng rng;
    clearn_rng_seed(&rng, (uint64_t)p->seed, e);
    for (size_t r = 0; r < j->n; r++)
        order[r] = r;
    for (epoch = 0; epoch < p->max_iter; epoch++) {
        double loss = 0;
        if (p->shuffle)
            clearn_rng_shuffle(&rng, order, j->n);
        for (size_t r = 0; r < j->n; r++, t++) {
            size_t i = order[r];
            int yes = j->y[i] == pos;
            loss += sgd_step(p, &v, &j->b[e], q, &u, j->x + i * j->q, yes ? 1 : -1,
                             yes ? wpos : wneg, rate(p, t, t0));
        }
        if (!isfinite(j->b[e]) || !finite_all(v.w, v.q) || !isfinite(v.scale))
            return clearn__error(err, CLEARN_EINVAL, "sgd: the weights overflowed in epoch %ld; "
                                 "scale the data (put 'standardize |' in front) or lower eta0",
                                 epoch + 1);
        if (no_progress(loss, p->tol, j->n, &best, &stale, p->n_iter_no_change)) {
            epoch++;
            break;
        }
    }
    wvec_fold(&v);
    j->iters[e] = (size_t)epoch;
    return CLEARN_OK;
}

static int sgd_task(void *ctx, size_t e, clearn_error *err)
{
    const struct sgd_job *j = ctx;
    int l1 = j->p->penalty == PEN_L1 || j->p->penalty == PEN_ELASTICNET;
    size_t *order = clearn__mallocarray(j->n, sizeof *order);
    double *q = l1 ? clearn__calloc(j->q ? j->q : 1, sizeof *q) : NULL;
    int rc = !order || (l1 && !q) ? clearn__nomem(err) : sgd_epochs(j, e, order, q, err);
    clearn__free(order);
    clearn__free(q);
    return rc;
}

/* The k class weights of class_weight (1 where it names none). */
static int class_weights(const struct sgd *m, const clearn_dataset *ds, double **cw,
                         clearn_error *err)
{
    int nr, *label;
    double *weight;
    int rc = clearn__class_weights(m->class_weight, ds, "sgd", &nr, &label, &weight, err);
    if (rc != CLEARN_OK)
        return rc;
    if (!(*cw = clearn__mallocarray(m->f.k, sizeof **cw))) {
        rc = clearn__nomem(err);
    } else {
        for (size_t c = 0; c < m->f.k; c++)
            (*cw)[c] = 1;
        for (int i = 0; i < nr; i++)
            (*cw)[label[i]] = weight[i];
    }
    clearn__free(label);
    clearn__free(weight);
    return rc;
}

static int sgd_train(struct sgd *m, const clearn_dataset *ds, const double *x, const size_t *y,
                     clearn_error *err)
{
    struct lin *f = &m->f;
    struct sgd_job j = {m, x, y, ds->n, f->q, f->w, f->b, NULL, NULL};
    size_t threads = clearn__resolve_threads(m->threads);
    double *cw = NULL;
    int rc = class_weights(m, ds, &cw, err);
    if (rc != CLEARN_OK)
        return rc;
    j.cw = cw;
    if (!(j.iters = clearn__calloc(f->m, sizeof *j.iters))) {
        clearn__free(cw);
        return clearn__nomem(err);
    }
    rc = clearn__parallel_for(f->m, threads, sgd_task, &j, err);
    for (size_t e = 0; e < f->m; e++)
        f->epochs = j.iters[e] > f->epochs ? j.iters[e] : f->epochs;
    clearn__free(j.iters);
    clearn__free(cw);
    return rc;
}

static int sgd_fit(void *st, const clearn_dataset *ds, clearn_error *err)
{
    struct sgd *m = st;
    struct lin *f = &m->f;
    double *x = NULL;
    size_t *y = NULL;
    int rc;
    lin_clear(f);
    rc = lin_begin(f, ds, "sgd", &x, &y, err);
    if (rc == CLEARN_OK) {
        f->m = f->k == 1 ? 0 : f->k == 2 ? 1 : f->k;
        f->w = clearn__calloc(f->m ? f->m : 1, (f->q ? f->q : 1) * sizeof *f->w);
        f->b = clearn__calloc(f->m ? f->m : 1, sizeof *f->b);
        if (!f->w || !f->b)
            rc = clearn__nomem(err);
    }
    if (rc == CLEARN_OK && f->m)
        rc = sgd_train(m, ds, x, y, err);
    clearn__free(x);
    clearn__free(y);
    if (rc != CLEARN_OK)
        lin_clear(f);
    return rc;
}

static int sgd_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    const struct lin *f = &((const struct sgd *)st)->f;
    int rc = lin_check(f, x, "sgd", err);
    return rc == CLEARN_OK ? lin_run(f, x, 0, PROBA_HARD, out, err) : rc;
}

/* loss=log and modified_huber: scikit-learn's probabilities; other losses:
 * 1 for the predicted class. */
static int sgd_proba(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    const struct sgd *m = st;
    int rc = lin_check(&m->f, x, "sgd", err);
    int kind = m->loss == LOSS_LOG ? PROBA_LOGISTIC
               : m->loss == LOSS_MODIFIED_HUBER ? PROBA_HUBER : PROBA_HARD;
    return rc == CLEARN_OK ? lin_run(&m->f, x, 1, kind, out, err) : rc;
}

static int sgd_save(const void *st, clearn_writer *w, clearn_error *err)
{
    return lin_save(&((const struct sgd *)st)->f, w, err);
}

static int sgd_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct lin *f = &((struct sgd *)st)->f;
    int rc;
    lin_clear(f);
    if ((rc = lin_load(f, r, "sgd", 1, err)) != CLEARN_OK)
        lin_clear(f);
    return rc;
}

static int sgd_print(const void *st, const clearn_dataset *s, FILE *out, clearn_error *err)
{
    const struct sgd *m = st;
    char title[160];
    int rc = lin_check(&m->f, s, "sgd", err);
    if (rc != CLEARN_OK)
        return rc;
    snprintf(title, sizeof title, "SGD linear classifier (loss %s, penalty %s): %s",
             loss_choices[m->loss], penalty_choices[m->penalty],
             m->f.m == 1 ? "the second class against the first" : "each class against the rest");
    return lin_print(&m->f, s, title, out, err);
}

/* ---- the types --------------------------------------------------------------------- */

const clearn_estimator_type clearn__perceptron_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "perceptron",
    .summary = "averaged multiclass perceptron",
    .tasks = CLEARN_CLASSIFY,
    .params = perceptron_params,
    .n_params = sizeof perceptron_params / sizeof *perceptron_params,
    .state_size = sizeof(struct perceptron),
    .fit = perceptron_fit,
    .predict = perceptron_predict,
    .predict_proba = perceptron_proba,
    .save = perceptron_save,
    .load = perceptron_load,
    .destroy = perceptron_destroy,
    .print = perceptron_print,
};

const clearn_estimator_type clearn__sgd_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "sgd",
    .summary = "linear classifier by stochastic gradient descent (scikit-learn's SGDClassifier)",
    .tasks = CLEARN_CLASSIFY,
    .params = sgd_params,
    .n_params = sizeof sgd_params / sizeof *sgd_params,
    .state_size = sizeof(struct sgd),
    .fit = sgd_fit,
    .predict = sgd_predict,
    .predict_proba = sgd_proba,
    .save = sgd_save,
    .load = sgd_load,
    .destroy = sgd_destroy,
    .print = sgd_print,
};
