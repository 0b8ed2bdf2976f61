/* clearn — cross-validation: one task per (configuration, split), each
 * fitting a fresh clone on the split's training rows and scoring its test
 * rows; every task writes only its own slots of the results, so the figures
 * do not depend on the thread count. */
#include "config.h"
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "internal.h"
#include "pool.h"
#include "eval.h"

struct clearn_cv_result {
    char *spec;
    const clearn_metric **metrics;
    size_t n_metrics;
    size_t n_splits, folds, repeats, rows, k;   /* k = 0: regression */
    double *values;            /* [m * n_splits + i] */
    double *mean, *sd, *pooled;
    size_t *confusion;         /* k x k, NULL for regression */
    double *truth;             /* rows */
    double *pred;              /* repeats x rows */
    double *proba;             /* repeats x rows x k, or NULL */
    size_t *n_train, *n_test;  /* per split */
    double *fit_s, *pred_s;    /* per split */
    char *warning;
};

static const char *const default_class_metrics[] = {"accuracy", "kappa"};
static const char *const default_reg_metrics[] = {"rmse", "mae", "r2"};

void clearn_cv_options_init(clearn_cv_options *opt)
{
    if (opt)
        memset(opt, 0, sizeof *opt);
}

static int nominal_class(const clearn_dataset *ds)
{
    size_t c = clearn_dataset_class(ds);
    return c != CLEARN_NONE && clearn_dataset_attr_kind(ds, c) == CLEARN_NOMINAL;
}

size_t clearn_cv_default_metrics(const clearn_dataset *ds, const char *const **names)
{
    if (!ds || clearn_dataset_class(ds) == CLEARN_NONE) {
        if (names)
            *names = NULL;
        return 0;
    }
    if (nominal_class(ds)) {
        if (names)
            *names = default_class_metrics;
        return sizeof default_class_metrics / sizeof *default_class_metrics;
    }
    if (names)
        *names = default_reg_metrics;
    return sizeof default_reg_metrics / sizeof *default_reg_metrics;
}

void clearn_cv_result_free(clearn_cv_result *r)
{
    if (!r)
        return;
    clearn__free(r->spec);
    clearn__free(r->metrics);
    clearn__free(r->values);
    clearn__free(r->mean);
    clearn__free(r->sd);
    clearn__free(r->pooled);
    clearn__free(r->confusion);
    clearn__free(r->truth);
    clearn__free(r->pred);
    clearn__free(r->proba);
    clearn__free(r->n_train);
    clearn__free(r->n_test);
    clearn__free(r->fit_s);
    clearn__free(r->pred_s);
    clearn__free(r->warning);
    clearn__free(r);
}

/* ---- the shared plan of a run ------------------------------------------------ */

struct plan {
    const clearn__cv_config *cfg;
    size_t n_cfg;
    const clearn_dataset *ds;
    const clearn_split *split;
    size_t n_splits, folds, rows, cls, k;
    size_t max_train;               /* the largest training part */
    const clearn_metric **metrics;
    size_t n_metrics;
    int want_proba;
    clearn_cv_result **res;
    /* Training tables kept between tasks: a fold's training rows are most
     * of the data, and fresh blocks that large cost a page fault per 4 KiB
     * on every fold. At most one block per running thread. */
    pthread_mutex_t lock;
    double *spare[CLEARN__MAX_THREADS];
    size_t spare_cap[CLEARN__MAX_THREADS], n_spare;
    int have_lock;
};

static int resolve_metrics(struct plan *p, const clearn_cv_options *opt, clearn_error *err)
{
    const char *const *names = opt->metrics;
    size_t n = opt->n_metrics;
    unsigned task = p->k ? CLEARN_CLASSIFY : CLEARN_REGRESS;
    if (!n)
        n = clearn_cv_default_metrics(p->ds, &names);
    if (!names)
        return clearn__error(err, CLEARN_EINVAL, "cv: NULL metric names");
    if (!(p->metrics = clearn__mallocarray(n, sizeof *p->metrics)))
        return clearn__nomem(err);
    p->n_metrics = n;
    for (size_t m = 0; m < n; m++) {
        const clearn_metric *mt = names[m] ? clearn_metric_find(names[m], err) : NULL;
        if (!names[m])
            return clearn__error(err, CLEARN_EINVAL, "cv: metric %zu is NULL", m + 1);
        if (!mt)
            return err ? err->code : CLEARN_ENOTFOUND;
        if (mt->task != task)
            return clearn__error(err, CLEARN_EINVAL, "metric %s is for %s, but the class '%s' is %s",
                                 mt->name, task == CLEARN_CLASSIFY ? "regression" : "classification",
                                 clearn_dataset_attr_name(p->ds, p->cls),
                                 task == CLEARN_CLASSIFY ? "nominal" : "numeric");
        p->metrics[m] = mt;
        p->want_proba |= mt->needs_proba;
    }
    return CLEARN_OK;
}

/* The checks that would otherwise fail identically in every fold. */
static int check_model(const struct plan *p, const clearn_estimator *e, clearn_error *err)
{
    const clearn_estimator_type *t = clearn_estimator_get_type(e);
    unsigned need = p->k ? CLEARN_CLASSIFY : CLEARN_REGRESS;
    if (t->tasks == CLEARN_CLUSTER)
        return clearn__error(err, CLEARN_EINVAL, "%s is a clusterer: cross-validation scores "
                             "classifiers and regressors against the class", t->name);
    if (!(t->tasks & need))
        return clearn__error(err, CLEARN_EINVAL, "%s is a %s but the class '%s' is %s", t->name,
                             need == CLEARN_CLASSIFY ? "regressor" : "classifier",
                             clearn_dataset_attr_name(p->ds, p->cls),
                             need == CLEARN_CLASSIFY ? "nominal" : "numeric");
    if (!p->want_proba || t->predict_proba)
        return CLEARN_OK;
    for (size_t m = 0; m < p->n_metrics; m++)
        if (p->metrics[m]->needs_proba)
            return clearn__error(err, CLEARN_EINVAL,
                                 "metric %s needs class probabilities, which %s does not give",
                                 p->metrics[m]->name, t->name);
    return clearn__error(err, CLEARN_EINVAL, "keep_proba: %s gives no class probabilities", t->name);
}

static int plan_init(struct plan *p, const clearn__cv_config *cfg, size_t n,
                     const clearn_dataset *ds, const clearn_split *split,
                     const clearn_cv_options *opt, clearn_error *err)
{
    memset(p, 0, sizeof *p);
    p->cfg = cfg;
    p->n_cfg = n;
    p->ds = ds;
    p->split = split;
    if (!cfg || !n || !ds || !split)
        return clearn__error(err, CLEARN_EINVAL, "cv: NULL argument");
    for (size_t c = 0; c < n; c++)
        if (!cfg[c].model)
            return clearn__error(err, CLEARN_EINVAL, "cv: model %zu is NULL", c + 1);
    if ((p->cls = clearn_dataset_class(ds)) == CLEARN_NONE)
        return clearn__error(err, CLEARN_EINVAL, "cross-validation needs a class attribute "
                                                 "(the dataset has none)");
    p->rows = clearn_dataset_rows(ds);
    if (clearn_split_rows(split) != p->rows)
        return clearn__error(err, CLEARN_EINVAL, "the split was built for %zu rows, the dataset has %zu",
                             clearn_split_rows(split), p->rows);
    p->n_splits = clearn_split_count(split);
    p->folds = clearn_split_folds(split);
    for (size_t i = 0; i < p->n_splits; i++)
        if (clearn_split_train_size(split, i) > p->max_train)
            p->max_train = clearn_split_train_size(split, i);
    p->k = nominal_class(ds) ? clearn_dataset_categories(ds, p->cls) : 0;
    if (p->k == 0 && nominal_class(ds))
        return clearn__error(err, CLEARN_EINVAL, "the class '%s' has no categories",
                             clearn_dataset_attr_name(ds, p->cls));
    if (clearn__resolve_threads(opt->threads) == 0)
        return clearn__error(err, CLEARN_EINVAL, "threads=%ld: must be >= 0 (0 = all CPUs)",
                             opt->threads);
    if (resolve_metrics(p, opt, err) != CLEARN_OK)
        return err ? err->code : CLEARN_EINVAL;
    p->want_proba |= opt->keep_proba != 0;
    for (size_t c = 0; c < n; c++)
        if (check_model(p, cfg[c].model, err) != CLEARN_OK)
            return err ? err->code : CLEARN_EINVAL;
    return CLEARN_OK;
}

/* ---- results ------------------------------------------------------------------- */

static double *nan_array(size_t n)
{
    double *a = clearn__mallocarray(n ? n : 1, sizeof *a);
    for (size_t i = 0; a && i < n; i++)
        a[i] = NAN;
    return a;
}

static clearn_cv_result *result_new(const struct plan *p, const clearn_estimator *e,
                                    clearn_error *err)
{
    clearn_cv_result *r = clearn__calloc(1, sizeof *r);
    size_t ns = p->n_splits, reps = clearn_split_repeats(p->split);
    const char *warn = clearn_split_warning(p->split);
    if (!r)
        return (void)clearn__nomem(err), NULL;
    r->n_metrics = p->n_metrics;
    r->n_splits = ns;
    r->folds = p->folds;
    r->repeats = reps;
    r->rows = p->rows;
    r->k = p->k;
    if (!(r->spec = clearn_estimator_spec(e, err))) {
        clearn_cv_result_free(r);
        return NULL;
    }
    r->metrics = clearn__mallocarray(p->n_metrics, sizeof *r->metrics);
    r->values = nan_array(p->n_metrics * ns);
    r->mean = nan_array(p->n_metrics);
    r->sd = nan_array(p->n_metrics);
    r->pooled = nan_array(p->n_metrics);
    r->truth = nan_array(p->rows);
    r->pred = nan_array(reps * p->rows);
    r->proba = p->want_proba ? nan_array(reps * p->rows * p->k) : NULL;
    r->confusion = p->k ? clearn__calloc(p->k * p->k, sizeof *r->confusion) : NULL;
    r->n_train = clearn__calloc(ns ? ns : 1, sizeof *r->n_train);
    r->n_test = clearn__calloc(ns ? ns : 1, sizeof *r->n_test);
    r->fit_s = nan_array(ns);
    r->pred_s = nan_array(ns);
    r->warning = warn ? clearn__strdup(warn) : NULL;
    if (!r->metrics || !r->values || !r->mean || !r->sd || !r->pooled || !r->truth || !r->pred ||
        (p->want_proba && !r->proba) || (p->k && !r->confusion) || !r->n_train || !r->n_test ||
        !r->fit_s || !r->pred_s || (warn && !r->warning)) {
        clearn_cv_result_free(r);
        return (void)clearn__nomem(err), NULL;
    }
    memcpy(r->metrics, p->metrics, p->n_metrics * sizeof *r->metrics);
    if (clearn_dataset_column(p->ds, p->cls, r->truth, err) != CLEARN_OK) {
        clearn_cv_result_free(r);
        return NULL;
    }
    return r;
}

/* ---- one task ---------------------------------------------------------------- */

struct fold {
    size_t *train, *test;
    size_t n_train, n_test;
    clearn_dataset *train_ds, *test_ds;
    double *buf;                    /* train_ds's table, from the plan's spares */
    size_t buf_cap;                 /* in values */
    clearn_estimator *model;
    double *truth, *pred, *proba;   /* n_test (x k) */
};

/* Takes a spare block of at least n values (or a new one). */
static int take_buffer(struct plan *p, size_t n, struct fold *f, clearn_error *err)
{
    pthread_mutex_lock(&p->lock);
    if (p->n_spare) {
        p->n_spare--;
        f->buf = p->spare[p->n_spare];
        f->buf_cap = p->spare_cap[p->n_spare];
    }
    pthread_mutex_unlock(&p->lock);
    if (f->buf_cap < n) {
        clearn__free(f->buf);
        f->buf_cap = 0;
        if (!(f->buf = clearn__mallocarray(n, sizeof *f->buf)))
            return clearn__nomem(err);
        f->buf_cap = n;
    }
    return CLEARN_OK;
}

/* Gives the fold's block back (taking it out of its dataset first). */
static void give_buffer(struct plan *p, struct fold *f)
{
    if (f->train_ds && f->train_ds->x == f->buf)
        clearn__dataset_release(f->train_ds);
    if (!f->buf)
        return;
    pthread_mutex_lock(&p->lock);
    if (p->n_spare < CLEARN__MAX_THREADS) {
        p->spare[p->n_spare] = f->buf;
        p->spare_cap[p->n_spare++] = f->buf_cap;
        f->buf = NULL;
    }
    pthread_mutex_unlock(&p->lock);
    clearn__free(f->buf);
    f->buf = NULL;
}

static void fold_free(struct plan *p, struct fold *f)
{
    give_buffer(p, f);
    clearn__free(f->train);
    clearn__free(f->test);
    clearn_dataset_free(f->train_ds);
    clearn_dataset_free(f->test_ds);
    clearn_estimator_free(f->model);
    clearn__free(f->truth);
    clearn__free(f->pred);
    clearn__free(f->proba);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int size_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Keeps `limit` training rows: a prefix of the rows shuffled by stream i of
 * the split's seed, so every limit of one split picks nested subsets. */
static void limit_rows(const struct plan *p, size_t i, size_t limit, struct fold *f)
{
    clearn_rng r;
    if (!limit || limit >= f->n_train)
        return;
    clearn_rng_seed(&r, clearn_split_seed(p->split), i);
    clearn_rng_shuffle(&r, f->train, f->n_train);
    f->n_train = limit;
    qsort(f->train, limit, sizeof *f->train, size_cmp);
}

/* The training rows as a dataset whose table is a spare block. */
static int train_subset(struct plan *p, struct fold *f, clearn_error *err)
{
    const clearn_dataset *ds = p->ds;
    size_t d = ds->d;
    int rc;
    if ((rc = take_buffer(p, p->max_train * d + 1, f, err)) != CLEARN_OK)
        return rc;
    if (!(f->train_ds = clearn_dataset_header(ds, err)))
        return err ? err->code : CLEARN_ENOMEM;
    for (size_t j = 0; j < f->n_train; j++)
        memcpy(f->buf + j * d, ds->x + f->train[j] * d, d * sizeof *f->buf);
    clearn__dataset_adopt(f->train_ds, f->buf, f->n_train, f->buf_cap / (d ? d : 1));
    return CLEARN_OK;
}

static int fold_data(struct plan *p, size_t c, size_t i, struct fold *f, clearn_error *err)
{
    f->n_train = clearn_split_train_size(p->split, i);
    f->n_test = clearn_split_test_size(p->split, i);
    if (!(f->train = clearn__mallocarray(f->n_train ? f->n_train : 1, sizeof *f->train)) ||
        !(f->test = clearn__mallocarray(f->n_test ? f->n_test : 1, sizeof *f->test)) ||
        !(f->truth = clearn__mallocarray(f->n_test ? f->n_test : 1, sizeof *f->truth)) ||
        !(f->pred = clearn__mallocarray(f->n_test ? f->n_test : 1, sizeof *f->pred)) ||
        (p->want_proba && !(f->proba = clearn__mallocarray(f->n_test * p->k + 1, sizeof *f->proba))))
        return clearn__nomem(err);
    if (clearn_split_train(p->split, i, f->train, err) != CLEARN_OK ||
        clearn_split_test(p->split, i, f->test, err) != CLEARN_OK)
        return err ? err->code : CLEARN_EINVAL;
    limit_rows(p, i, p->cfg[c].train_limit, f);
    if (train_subset(p, f, err) != CLEARN_OK ||
        !(f->test_ds = clearn_dataset_subset(p->ds, f->test, f->n_test, err)))
        return err ? err->code : CLEARN_ENOMEM;
    return clearn_dataset_column(f->test_ds, p->cls, f->truth, err);
}

/* Every prediction must be a number (a class code for classification). */
static int check_predictions(const struct plan *p, const struct fold *f, clearn_error *err)
{
    const char *name = clearn_estimator_get_type(f->model)->name;
    for (size_t j = 0; j < f->n_test; j++) {
        double v = f->pred[j];
        int bad = p->k ? !(v >= 0 && v < (double)p->k && v == floor(v)) : !isfinite(v);
        if (bad) {
            char buf[CLEARN__DBL_BUF];
            clearn__format_double(v, buf);
            return clearn__error(err, CLEARN_EINVAL, "%s predicted %s for data row %zu (%s)",
                                 name, buf, f->test[j] + 1,
                                 p->k ? "not a class code" : "not a number");
        }
    }
    return CLEARN_OK;
}

static int fit_predict(const struct plan *p, size_t c, size_t i, struct fold *f,
                       clearn_cv_result *r, clearn_error *err)
{
    double t0, t1, t2;
    int rc;
    if (!(f->model = clearn_estimator_clone(p->cfg[c].model, err)))
        return err ? err->code : CLEARN_ENOMEM;
    t0 = now();
    if ((rc = clearn_estimator_fit(f->model, f->train_ds, err)) != CLEARN_OK)
        return rc;
    t1 = now();
    if ((rc = clearn_estimator_predict(f->model, f->test_ds, f->pred, err)) != CLEARN_OK ||
        (f->proba && (rc = clearn_estimator_predict_proba(f->model, f->test_ds, f->proba, err)) !=
                         CLEARN_OK))
        return rc;
    t2 = now();
    r->fit_s[i] = t1 - t0;
    r->pred_s[i] = t2 - t1;
    return check_predictions(p, f, err);
}

/* Copies the fold's predictions into its repetition's row slots (folds of
 * one repetition are disjoint, so tasks never write the same slot). */
static void scatter(const struct plan *p, size_t i, const struct fold *f, clearn_cv_result *r)
{
    size_t rep = i / p->folds;
    double *pred = r->pred + rep * p->rows;
    for (size_t j = 0; j < f->n_test; j++)
        pred[f->test[j]] = f->pred[j];
    if (!f->proba)
        return;
    for (size_t j = 0; j < f->n_test; j++)
        memcpy(r->proba + (rep * p->rows + f->test[j]) * p->k, f->proba + j * p->k,
               p->k * sizeof *f->proba);
}

static int score(const struct plan *p, size_t i, const struct fold *f, clearn_cv_result *r,
                 clearn_error *err)
{
    for (size_t m = 0; m < p->n_metrics; m++) {
        double v;
        int rc = p->metrics[m]->compute(f->truth, f->pred, f->proba, f->n_test, p->k, &v, err);
        if (rc != CLEARN_OK)
            return rc;
        r->values[m * p->n_splits + i] = v;
    }
    r->n_train[i] = f->n_train;
    r->n_test[i] = f->n_test;
    return CLEARN_OK;
}

/* Puts "LABEL: fold F of K (repetition R): " before the message. */
static int locate(const struct plan *p, size_t c, size_t i, int rc, clearn_error *err)
{
    char why[CLEARN_ERROR_TEXT_SIZE], where[96];
    const char *label = p->cfg[c].label;
    size_t reps = clearn_split_repeats(p->split);
    if (!err || rc == CLEARN_ENOMEM)
        return rc;
    memcpy(why, err->text, sizeof why);
    if (reps > 1)
        snprintf(where, sizeof where, "fold %zu of %zu (repetition %zu)", i % p->folds + 1,
                 p->folds, i / p->folds + 1);
    else
        snprintf(where, sizeof where, "fold %zu of %zu", i % p->folds + 1, p->folds);
    return clearn__error(err, rc, "%.60s%s%s: %.180s", label ? label : "", label ? ": " : "",
                         where, why[0] ? why : clearn_strerror(rc));
}

static int cv_task(void *ctx, size_t t, clearn_error *err)
{
    struct plan *p = ctx;
    size_t c = t / p->n_splits, i = t % p->n_splits;
    clearn_cv_result *r = p->res[c];
    struct fold f;
    int rc;
    memset(&f, 0, sizeof f);
    if ((rc = fold_data(p, c, i, &f, err)) == CLEARN_OK &&
        (rc = fit_predict(p, c, i, &f, r, err)) == CLEARN_OK &&
        (rc = score(p, i, &f, r, err)) == CLEARN_OK)
        scatter(p, i, &f, r);
    fold_free(p, &f);
    return rc == CLEARN_OK ? rc : locate(p, c, i, rc, err);
}

/* ---- summaries, after every task ------------------------------------------------ */

static void summarise_values(clearn_cv_result *r)
{
    size_t n = r->n_splits;
    for (size_t m = 0; m < r->n_metrics; m++) {
        const double *v = r->values + m * n;
        double s = 0.0, ss = 0.0;
        for (size_t i = 0; i < n; i++)
            s += v[i];
        r->mean[m] = n ? s / (double)n : NAN;
        for (size_t i = 0; i < n; i++)
            ss += (v[i] - r->mean[m]) * (v[i] - r->mean[m]);
        r->sd[m] = n > 1 ? sqrt(ss / (double)(n - 1)) : NAN;
    }
}

static void fill_confusion(clearn_cv_result *r)
{
    for (size_t rep = 0; r->k && rep < r->repeats; rep++) {
        const double *pred = r->pred + rep * r->rows;
        for (size_t j = 0; j < r->rows; j++)
            if (!isnan(pred[j]) && !isnan(r->truth[j]))
                r->confusion[(size_t)r->truth[j] * r->k + (size_t)pred[j]]++;
    }
}

/* Gathers the rows tested in repetition rep into the scratch arrays;
 * returns how many. */
static size_t gather(const clearn_cv_result *r, size_t rep, double *truth, double *pred,
                     double *proba)
{
    const double *rp = r->pred + rep * r->rows;
    size_t n = 0;
    for (size_t j = 0; j < r->rows; j++) {
        if (isnan(rp[j]) || isnan(r->truth[j]))
            continue;
        truth[n] = r->truth[j];
        pred[n] = rp[j];
        if (proba)
            memcpy(proba + n * r->k, r->proba + (rep * r->rows + j) * r->k, r->k * sizeof *proba);
        n++;
    }
    return n;
}

/* Metrics over all out-of-fold predictions of each repetition, averaged. A
 * metric that cannot be computed on the pool (other than for lack of
 * memory) is NaN: the per-split values were computable. */
static int fill_pooled(clearn_cv_result *r, clearn_error *err)
{
    size_t n = r->rows ? r->rows : 1;
    double *truth = clearn__mallocarray(n, sizeof *truth);
    double *pred = clearn__mallocarray(n, sizeof *pred);
    double *proba = r->proba ? clearn__mallocarray(n * r->k, sizeof *proba) : NULL;
    int rc = CLEARN_OK;
    if (!truth || !pred || (r->proba && !proba))
        rc = clearn__nomem(err);
    for (size_t m = 0; rc == CLEARN_OK && m < r->n_metrics; m++)
        r->pooled[m] = 0.0;
    for (size_t rep = 0; rc == CLEARN_OK && rep < r->repeats; rep++) {
        size_t cnt = gather(r, rep, truth, pred, proba);
        for (size_t m = 0; rc == CLEARN_OK && m < r->n_metrics; m++) {
            clearn_error e2;
            double v = NAN;
            int mrc = r->metrics[m]->compute(truth, pred, proba, cnt, r->k, &v, &e2);
            if (mrc == CLEARN_ENOMEM)
                rc = clearn__nomem(err);
            r->pooled[m] += (mrc == CLEARN_OK ? v : NAN) / (double)r->repeats;
        }
    }
    clearn__free(truth);
    clearn__free(pred);
    clearn__free(proba);
    return rc;
}

static int summarise(clearn_cv_result *r, clearn_error *err)
{
    summarise_values(r);
    fill_confusion(r);
    return fill_pooled(r, err);
}

/* ---- entry points ------------------------------------------------------------- */

static void free_results(clearn_cv_result **res, size_t n)
{
    for (size_t c = 0; res && c < n; c++)
        clearn_cv_result_free(res[c]);
    clearn__free(res);
}

/* The lock and one empty result per configuration. */
static int plan_start(struct plan *p, const clearn__cv_config *cfg, size_t n, clearn_error *err)
{
    if (pthread_mutex_init(&p->lock, NULL) != 0)
        return clearn__nomem(err);
    p->have_lock = 1;
    if (!(p->res = clearn__calloc(n, sizeof *p->res)))
        return clearn__nomem(err);
    for (size_t c = 0; c < n; c++)
        if (!(p->res[c] = result_new(p, cfg[c].model, err)))
            return err ? err->code : CLEARN_ENOMEM;
    return CLEARN_OK;
}

static void plan_free(struct plan *p, size_t n)
{
    free_results(p->res, n);
    clearn__free(p->metrics);
    for (size_t b = 0; b < p->n_spare; b++)
        clearn__free(p->spare[b]);
    if (p->have_lock)
        pthread_mutex_destroy(&p->lock);
}

int clearn__cv_run(const clearn__cv_config *cfg, size_t n, const clearn_dataset *ds,
                   const clearn_split *split, const clearn_cv_options *opt,
                   clearn_cv_result **out, clearn_error *err)
{
    clearn_cv_options defaults;
    struct plan p;
    int rc;
    if (!opt) {
        clearn_cv_options_init(&defaults);
        opt = &defaults;
    }
    if (!out)
        return clearn__error(err, CLEARN_EINVAL, "cv: NULL argument");
    if ((rc = plan_init(&p, cfg, n, ds, split, opt, err)) == CLEARN_OK &&
        (rc = plan_start(&p, cfg, n, err)) == CLEARN_OK)
        rc = clearn__parallel_for_progress(n * p.n_splits, clearn__resolve_threads(opt->threads),
                                           cv_task, &p, err, opt->progress, opt->progress_ctx);
    for (size_t c = 0; rc == CLEARN_OK && c < n; c++)
        rc = summarise(p.res[c], err);
    if (rc == CLEARN_OK) {
        memcpy(out, p.res, n * sizeof *out);
        clearn__free(p.res);
        p.res = NULL;
    }
    plan_free(&p, n);
    return rc;
}

int clearn_cv_many(const clearn_estimator *const *models, size_t m, const clearn_dataset *ds,
                   const clearn_split *split, const clearn_cv_options *opt,
                   clearn_cv_result **out, clearn_error *err)
{
    clearn__cv_config *cfg;
    int rc;
    if (!models || !m || !out)
        return clearn__error(err, CLEARN_EINVAL, "cv: NULL argument or no model");
    if (!(cfg = clearn__calloc(m, sizeof *cfg)))
        return clearn__nomem(err);
    for (size_t c = 0; c < m; c++)
        cfg[c].model = models[c];
    rc = clearn__cv_run(cfg, m, ds, split, opt, out, err);
    clearn__free(cfg);
    return rc;
}

clearn_cv_result *clearn_cv(const clearn_estimator *e, const clearn_dataset *ds,
                            const clearn_split *split, const clearn_cv_options *opt,
                            clearn_error *err)
{
    clearn_cv_result *r = NULL;
    clearn__cv_config cfg = {e, 0, NULL};
    if (!e) {
        clearn__error(err, CLEARN_EINVAL, "cv: NULL estimator");
        return NULL;
    }
    return clearn__cv_run(&cfg, 1, ds, split, opt, &r, err) == CLEARN_OK ? r : NULL;
}

clearn_cv_result *clearn_cv_spec(const char *spec, const clearn_dataset *ds,
                                 const clearn_split *split, const clearn_cv_options *opt,
                                 clearn_error *err)
{
    clearn_estimator *e = clearn_estimator_new(spec, err);
    clearn_cv_result *r = e ? clearn_cv(e, ds, split, opt, err) : NULL;
    clearn_estimator_free(e);
    return r;
}

/* ---- accessors ---------------------------------------------------------------------- */

const char *clearn_cv_result_spec(const clearn_cv_result *r)
{
    return r ? r->spec : NULL;
}

size_t clearn_cv_result_splits(const clearn_cv_result *r)
{
    return r ? r->n_splits : 0;
}

size_t clearn_cv_result_repeats(const clearn_cv_result *r)
{
    return r ? r->repeats : 0;
}

size_t clearn_cv_result_rows(const clearn_cv_result *r)
{
    return r ? r->rows : 0;
}

size_t clearn_cv_result_metrics(const clearn_cv_result *r)
{
    return r ? r->n_metrics : 0;
}

const clearn_metric *clearn_cv_result_metric(const clearn_cv_result *r, size_t m)
{
    return r && m < r->n_metrics ? r->metrics[m] : NULL;
}

size_t clearn_cv_result_metric_index(const clearn_cv_result *r, const char *name)
{
    for (size_t m = 0; r && name && m < r->n_metrics; m++)
        if (strcmp(r->metrics[m]->name, name) == 0)
            return m;
    return CLEARN_NONE;
}

double clearn_cv_result_value(const clearn_cv_result *r, size_t m, size_t i)
{
    return r && m < r->n_metrics && i < r->n_splits ? r->values[m * r->n_splits + i] : NAN;
}

double clearn_cv_result_mean(const clearn_cv_result *r, size_t m)
{
    return r && m < r->n_metrics ? r->mean[m] : NAN;
}

double clearn_cv_result_sd(const clearn_cv_result *r, size_t m)
{
    return r && m < r->n_metrics ? r->sd[m] : NAN;
}

double clearn_cv_result_pooled(const clearn_cv_result *r, size_t m)
{
    return r && m < r->n_metrics ? r->pooled[m] : NAN;
}

size_t clearn_cv_result_classes(const clearn_cv_result *r)
{
    return r ? r->k : 0;
}

const size_t *clearn_cv_result_confusion(const clearn_cv_result *r)
{
    return r ? r->confusion : NULL;
}

const double *clearn_cv_result_truth(const clearn_cv_result *r)
{
    return r ? r->truth : NULL;
}

const double *clearn_cv_result_predictions(const clearn_cv_result *r, size_t rep)
{
    return r && rep < r->repeats ? r->pred + rep * r->rows : NULL;
}

const double *clearn_cv_result_probabilities(const clearn_cv_result *r, size_t rep)
{
    return r && r->proba && rep < r->repeats ? r->proba + rep * r->rows * r->k : NULL;
}

size_t clearn_cv_result_train_rows(const clearn_cv_result *r, size_t i)
{
    return r && i < r->n_splits ? r->n_train[i] : 0;
}

size_t clearn_cv_result_test_rows(const clearn_cv_result *r, size_t i)
{
    return r && i < r->n_splits ? r->n_test[i] : 0;
}

double clearn_cv_result_fit_seconds(const clearn_cv_result *r, size_t i)
{
    return r && i < r->n_splits ? r->fit_s[i] : NAN;
}

double clearn_cv_result_predict_seconds(const clearn_cv_result *r, size_t i)
{
    return r && i < r->n_splits ? r->pred_s[i] : NAN;
}

const char *clearn_cv_result_warning(const clearn_cv_result *r)
{
    return r ? r->warning : NULL;
}
