/* clearn — k-nearest neighbours: the estimator type "knn" (classification
 * or regression by the class attribute's kind), neighbour queries on a
 * fitted knn, and the stand-alone index of include/clearn/knn.h.
 *
 * The model is the training data. Search is in lib/distance.c (brute
 * force, dgemm screening) and lib/knn_tree.c (kd-tree, ball tree).
 *
 * Votes follow scikit-learn's KNeighborsClassifier / KNeighborsRegressor:
 * weights=uniform counts each neighbour once, weights=distance weighs it by
 * 1/distance, and when some neighbours are at distance 0 (1/distance is
 * infinite) they get weight 1 and the others 0. Class probabilities are
 * the weighted vote fractions, summed in neighbour order; the prediction
 * is the class with the largest vote, the lower code on ties. Regression
 * predicts the (weighted) mean of the neighbours' values. One departure:
 * if every neighbour is at infinite distance (overflow), they count
 * equally instead of giving 0/0.
 *
 * Attributes: metric=mixed (Weka IBk's distance) and metric=hamming take
 * nominal attributes and missing values. The other metrics need numeric
 * attributes without missing values and say so (naming the attribute and
 * the row) rather than guessing an encoding: put "onehot |" or "impute |"
 * in front, or use mixed. k above the number of training rows is lowered to
 * it when predicting, as Weka's IBk does. */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <clearn/knn.h>
#include "internal.h"
#include "pool.h"
#include "distance.h"

#define SAVE_ROWS 1024      /* rows per line of training data in a model file */
#define AUTO_BRUTE_ROWS 1024
#define AUTO_MAX_DIM 15     /* auto: trees up to this many features */

enum { W_UNIFORM = 0, W_DISTANCE };

struct knn {
    /* parameters */
    long k;
    int weights;
    int metric;
    double p;
    int algorithm;
    int screen;
    long leaf_size;
    long threads;
    /* fitted */
    int regress;                /* the class is numeric */
    size_t cols, cls;           /* the schema's attributes; class column or CLEARN_NONE */
    size_t n, d, n_classes;
    size_t *feat;               /* d schema columns of the features */
    unsigned char *nominal;     /* d flags */
    double *lo, *width;         /* mixed: ranges of the numeric features */
    double *y;                  /* n class values (NULL in an index) */
    clearn__nn nn;              /* owns the training rows */
};

static const char *const weight_names[] = {"uniform", "distance", NULL};
static const char *const metric_names[] = {"euclidean", "sqeuclidean", "manhattan",
                                           "chebyshev", "minkowski", "cosine", "hamming",
                                           "mixed", NULL};
static const char *const algo_names[] = {"auto", "brute", "kd_tree", "ball_tree", NULL};
static const char *const screen_names[] = {"single", "double", NULL};

static const clearn_param knn_params[] = {
    {"k", CLEARN_PARAM_INT, offsetof(struct knn, k), "5", 1, 1e9, NULL,
     "neighbours that vote (lowered to the training rows when there are fewer)", 0},
    {"weights", CLEARN_PARAM_ENUM, offsetof(struct knn, weights), "uniform", 1, 0, weight_names,
     "uniform: one vote each; distance: 1/distance (neighbours at distance 0 take all)", 0},
    {"metric", CLEARN_PARAM_ENUM, offsetof(struct knn, metric), "euclidean", 1, 0, metric_names,
     "distance; mixed is Weka IBk's (nominal overlap, range-normalised numbers, "
     "missing values); hamming and mixed accept nominal attributes", 0},
    {"p", CLEARN_PARAM_DOUBLE, offsetof(struct knn, p), "2", 1, 1000, NULL,
     "exponent of metric=minkowski", 0},
    {"algorithm", CLEARN_PARAM_ENUM, offsetof(struct knn, algorithm), "auto", 1, 0, algo_names,
     "search: auto picks a kd-tree for euclidean-like metrics up to 15 features "
     "and 1025+ rows, else brute force", 0},
    {"screen", CLEARN_PARAM_ENUM, offsetof(struct knn, screen), "single", 1, 0, screen_names,
     "brute force on euclidean, sqeuclidean, cosine: BLAS products in single (sgemm, about "
     "1.6 times as fast) or double (dgemm) precision pick the rows to measure exactly "
     "(speed only: the results are the same)", 0},
    {"leaf_size", CLEARN_PARAM_INT, offsetof(struct knn, leaf_size), "30", 1, 1e6, NULL,
     "rows per tree leaf (speed only)", 0},
    {"threads", CLEARN_PARAM_INT, offsetof(struct knn, threads), "0", 0, 1024, NULL,
     "threads for search and tree building (0 = all CPUs; results do not depend on it)", 0},
};
#define N_PARAMS (sizeof knn_params / sizeof *knn_params)

extern const clearn_estimator_type clearn__knn_type;

/* ---- fitting ---------------------------------------------------------------- */

static void knn_destroy(void *st)
{
    struct knn *m = st;
    clearn__nn_free(&m->nn);
    clearn__free(m->feat);
    clearn__free(m->nominal);
    clearn__free(m->lo);
    clearn__free(m->width);
    clearn__free(m->y);
    m->feat = NULL;
    m->nominal = NULL;
    m->lo = m->width = m->y = NULL;
    m->n = m->d = m->n_classes = m->cols = 0;
    m->regress = 0;
}

/* 1 when the metric takes nominal attributes and missing values. */
static int takes_nominal(const struct knn *m)
{
    return m->metric == CLEARN__HAMMING || m->metric == CLEARN__MIXED;
}

/* Non-class columns of the schema, their kinds; checks the metric can
 * measure them. */
static int pick_features(struct knn *m, const clearn_dataset *ds, clearn_error *err)
{
    m->cols = ds->d;
    m->cls = ds->cls;
    m->d = ds->cls == CLEARN_NONE ? ds->d : ds->d - 1;
    if (!m->d)
        return clearn__error(err, CLEARN_EINVAL, "knn: the data has no attribute besides the class");
    m->feat = clearn__mallocarray(m->d, sizeof *m->feat);
    m->nominal = clearn__malloc(m->d);
    if (!m->feat || !m->nominal)
        return clearn__nomem(err);
    for (size_t j = 0, f = 0; j < ds->d; j++) {
        if (j == ds->cls)
            continue;
        m->feat[f] = j;
        m->nominal[f] = ds->attrs[j].kind == CLEARN_NOMINAL;
        if (m->nominal[f] && !takes_nominal(m))
            return clearn__error(err, CLEARN_EINVAL,
                                 "knn: attribute '%s' is nominal; metric=%s measures numbers only "
                                 "(use metric=mixed or hamming, or put 'onehot |' before knn)",
                                 ds->attrs[j].name, metric_names[m->metric]);
        f++;
    }
    return CLEARN_OK;
}

/* The metrics other than hamming and mixed cannot compare a missing value:
 * the first one found is an error naming its row (1-based) and attribute. */
static int check_missing(const struct knn *m, const clearn_dataset *ds, clearn_error *err)
{
    if (takes_nominal(m))
        return CLEARN_OK;
    for (size_t i = 0; i < ds->n; i++)
        for (size_t f = 0; f < m->d; f++)
            if (isnan(ds->x[i * ds->d + m->feat[f]]))
                return clearn__error(err, CLEARN_EINVAL,
                                     "knn: row %zu: attribute '%s' is missing; metric=%s cannot "
                                     "compare missing values (use metric=mixed, or put 'impute |' "
                                     "before knn)", i + 1, ds->attrs[m->feat[f]].name,
                                     metric_names[m->metric]);
    return CLEARN_OK;
}

/* The search method: the one asked for, or auto's choice. */
static int pick_method(const struct knn *m, const clearn__metric *mt, int *method,
                       clearn_error *err)
{
    int tree_ok = clearn__metric_tree_ok(mt);
    if (m->algorithm == CLEARN__AUTO) {
        *method = tree_ok && m->d <= AUTO_MAX_DIM && m->n > AUTO_BRUTE_ROWS &&
                  (size_t)m->k < m->n / 2 ? CLEARN__KD_TREE : CLEARN__BRUTE;
        return CLEARN_OK;
    }
    if (m->algorithm != CLEARN__BRUTE && !tree_ok)
        return clearn__error(err, CLEARN_EINVAL,
                             "knn: algorithm=%s cannot search metric=%s (trees take euclidean, "
                             "sqeuclidean, manhattan, chebyshev and minkowski; use algorithm=brute "
                             "or auto)", algo_names[m->algorithm], metric_names[m->metric]);
    *method = m->algorithm;
    return CLEARN_OK;
}

/* mixed: each numeric feature's training minimum and width, over the
 * values present (lo stays NaN when there are none), as Weka's ranges. */
static int mixed_ranges(struct knn *m, const double *x, clearn_error *err)
{
    m->lo = clearn__mallocarray(m->d, sizeof *m->lo);
    m->width = clearn__mallocarray(m->d, sizeof *m->width);
    if (!m->lo || !m->width)
        return clearn__nomem(err);
    for (size_t f = 0; f < m->d; f++) {
        double lo = NAN, hi = NAN;
        for (size_t i = 0; i < m->n; i++) {
            double v = x[i * m->d + f];
            if (isnan(v))
                continue;
            if (isnan(lo) || v < lo)
                lo = v;
            if (isnan(hi) || v > hi)
                hi = v;
        }
        m->lo[f] = lo;
        m->width[f] = isnan(lo) ? 0 : hi - lo;
    }
    return CLEARN_OK;
}

/* Builds the searcher over x (n x d features, taken whatever happens). */
static int build_search(struct knn *m, double *x, clearn_error *err)
{
    clearn__metric mt;
    int method = CLEARN__BRUTE, rc;
    clearn__metric_init(&mt, m->metric, m->p, m->d);
    if (m->metric == CLEARN__MIXED && (rc = mixed_ranges(m, x, err)) != CLEARN_OK) {
        clearn__free(x);
        return rc;
    }
    mt.nominal = m->nominal;
    mt.lo = m->lo;
    mt.width = m->width;
    if ((rc = pick_method(m, &mt, &method, err)) != CLEARN_OK) {
        clearn__free(x);
        return rc;
    }
    return clearn__nn_build(&m->nn, x, m->n, m->d, &mt, method, m->screen + 1,
                            (size_t)m->leaf_size, clearn__resolve_threads(m->threads), err);
}

/* The model from a dataset: features, class values (when with_class) and
 * the searcher. */
static int knn_build(struct knn *m, const clearn_dataset *ds, int with_class, clearn_error *err)
{
    double *x;
    int rc;
    if ((rc = pick_features(m, ds, err)) != CLEARN_OK ||
        (rc = check_missing(m, ds, err)) != CLEARN_OK)
        return rc;
    m->n = ds->n;
    if (with_class) {
        const struct clearn__attr *c = &ds->attrs[ds->cls];
        m->regress = c->kind == CLEARN_NUMERIC;
        m->n_classes = m->regress ? 0 : c->n_cats;
        if (!m->regress && !m->n_classes)
            return clearn__error(err, CLEARN_EINVAL, "knn: the class '%s' has no categories",
                                 c->name);
        if (!(m->y = clearn__mallocarray(m->n, sizeof *m->y)))
            return clearn__nomem(err);
        for (size_t i = 0; i < m->n; i++)
            m->y[i] = ds->x[i * ds->d + ds->cls];
    }
    if (!(x = clearn__mallocarray(m->n, m->d * sizeof *x)))
        return clearn__nomem(err);
    for (size_t i = 0; i < m->n; i++)
        for (size_t f = 0; f < m->d; f++)
            x[i * m->d + f] = ds->x[i * ds->d + m->feat[f]];
    return build_search(m, x, err);
}

static int knn_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    struct knn *m = st;
    int rc;
    knn_destroy(m);
    if ((rc = knn_build(m, train, 1, err)) != CLEARN_OK)
        knn_destroy(m);
    return rc;
}

/* ---- votes -------------------------------------------------------------------- */

/* Each neighbour's weight into w (scikit-learn's _get_weights). */
static void neighbour_weights(const struct knn *m, const clearn__nbr *nb, size_t k, double *w)
{
    int inf = 0, any = 0;
    for (size_t i = 0; i < k; i++) {
        w[i] = m->weights == W_UNIFORM ? 1 : 1 / clearn__dist_from_r(&m->nn.m, nb[i].r);
        inf |= isinf(w[i]);
    }
    for (size_t i = 0; i < k; i++) {
        if (inf)
            w[i] = isinf(w[i]) ? 1 : 0;
        any |= w[i] > 0;
    }
    for (size_t i = 0; !any && i < k; i++)
        w[i] = 1;
}

/* Weighted votes per class into score; returns the winning class. */
static size_t class_votes(const struct knn *m, const clearn__nbr *nb, size_t k, double *w,
                          double *score)
{
    size_t best = 0;
    neighbour_weights(m, nb, k, w);
    for (size_t c = 0; c < m->n_classes; c++)
        score[c] = 0;
    for (size_t i = 0; i < k; i++)
        score[(size_t)m->y[nb[i].i]] += w[i];
    for (size_t c = 1; c < m->n_classes; c++)
        if (score[c] > score[best])
            best = c;
    return best;
}

static double regress_value(const struct knn *m, const clearn__nbr *nb, size_t k, double *w)
{
    double num = 0, den = 0;
    neighbour_weights(m, nb, k, w);
    if (m->weights == W_UNIFORM) {
        for (size_t i = 0; i < k; i++)
            num += m->y[nb[i].i];
        return num / (double)k;
    }
    for (size_t i = 0; i < k; i++) {
        num += m->y[nb[i].i] * w[i];
        den += w[i];
    }
    return num / den;
}

struct predict_ctx {
    const struct knn *m;
    double *out;
    int proba;
};

static void predict_visit(void *arg, size_t q, const clearn__nbr *nb, size_t k, double *scratch)
{
    const struct predict_ctx *c = arg;
    const struct knn *m = c->m;
    double *w = scratch, *score;
    size_t best;
    if (m->regress) {
        c->out[q] = regress_value(m, nb, k, w);
        return;
    }
    score = c->proba ? c->out + q * m->n_classes : scratch + k;
    best = class_votes(m, nb, k, w, score);
    if (c->proba) {
        double total = 0;   /* > 0: some weight is */
        for (size_t cl = 0; cl < m->n_classes; cl++)
            total += score[cl];
        for (size_t cl = 0; cl < m->n_classes; cl++)
            score[cl] /= total;
    } else {
        c->out[q] = (double)best;
    }
}

/* x must have the training schema's layout (predict conforms it). */
static int check_layout(const struct knn *m, const clearn_dataset *x, clearn_error *err)
{
    if (x->d != m->cols || x->cls != m->cls)
        return clearn__error(err, CLEARN_ESCHEMA,
                             "knn: the data does not have the model's layout (%zu attributes "
                             "and the class where the model has them; the data has %zu)",
                             m->cols, x->d);
    if (!m->regress && m->y && (x->cls == CLEARN_NONE || x->attrs[x->cls].n_cats != m->n_classes))
        return clearn__error(err, CLEARN_ESCHEMA,
                             "knn: the model has %zu classes but the data's class has %zu",
                             m->n_classes, x->cls == CLEARN_NONE ? 0 : x->attrs[x->cls].n_cats);
    return check_missing(m, x, err);
}

static int run_votes(const struct knn *m, const clearn_dataset *x, double *out, int proba,
                     clearn_error *err)
{
    struct predict_ctx c;
    clearn__rows rows;
    size_t k = (size_t)m->k < m->n ? (size_t)m->k : m->n;
    int rc = check_layout(m, x, err);
    if (rc != CLEARN_OK)
        return rc;
    c.m = m;
    c.out = out;
    c.proba = proba;
    rows.x = x->x;
    rows.n = x->n;
    rows.stride = x->d;
    rows.cols = m->feat;
    return clearn__nn_search(&m->nn, &rows, k, clearn__resolve_threads(m->threads), predict_visit,
                             &c, k + m->n_classes, err);
}

static int knn_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    return run_votes(st, x, out, 0, err);
}

static int knn_predict_proba(const void *st, const clearn_dataset *x, double *out,
                             clearn_error *err)
{
    const struct knn *m = st;
    if (m->regress)
        return clearn__error(err, CLEARN_EINVAL, "knn: no class probabilities for a numeric class");
    return run_votes(m, x, out, 1, err);
}

/* ---- neighbour queries ------------------------------------------------------ */

struct query_ctx {
    const struct knn *m;
    size_t *idx;
    double *dist;
};

static void query_visit(void *arg, size_t q, const clearn__nbr *nb, size_t k, double *scratch)
{
    const struct query_ctx *c = arg;
    (void)scratch;
    for (size_t i = 0; i < k; i++) {
        c->idx[q * k + i] = nb[i].i;
        if (c->dist)
            c->dist[q * k + i] = clearn__dist_from_r(&c->m->nn.m, nb[i].r);
    }
}

/* x is in the model's schema. */
static int knn_neighbours(const struct knn *m, const clearn_dataset *x, size_t k, size_t *idx,
                          double *dist, const char *who, clearn_error *err)
{
    struct query_ctx c;
    clearn__rows rows;
    int rc;
    if (k < 1 || k > m->n)
        return clearn__error(err, CLEARN_EINVAL, "%s: k=%zu must be in [1, %zu] (the rows indexed)",
                             who, k, m->n);
    if (x->n && !idx)
        return clearn__error(err, CLEARN_EINVAL, "%s: NULL indices", who);
    if ((rc = check_layout(m, x, err)) != CLEARN_OK)
        return rc;
    c.m = m;
    c.idx = idx;
    c.dist = dist;
    rows.x = x->x;
    rows.n = x->n;
    rows.stride = x->d;
    rows.cols = m->feat;
    return clearn__nn_search(&m->nn, &rows, k, clearn__resolve_threads(m->threads), query_visit,
                             &c, 0, err);
}


int clearn_knn_query(const clearn_estimator *knn, const clearn_dataset *queries, size_t k,
                     size_t *indices, double *distances, clearn_error *err)
{
    clearn_dataset *in;
    int rc;
    if (!knn || !queries)
        return clearn__error(err, CLEARN_EINVAL, "clearn_knn_query: NULL argument");
    if (clearn_estimator_get_type(knn) != &clearn__knn_type)
        return clearn__error(err, CLEARN_EINVAL, "clearn_knn_query: the estimator is '%s', not knn",
                             clearn_estimator_get_type(knn)->name);
    if (!clearn_estimator_is_fitted(knn))
        return clearn__error(err, CLEARN_ENOTFIT, "clearn_knn_query: knn is not fitted");
    if (!(in = clearn__estimator_prepare(knn, queries, err)))
        return err ? err->code : CLEARN_ENOMEM;
    rc = knn_neighbours(clearn__estimator_state(knn), in, k, indices, distances,
                        "clearn_knn_query", err);
    clearn_dataset_free(in);
    return rc;
}

/* ---- the stand-alone index ------------------------------------------------------ */

struct clearn_knn_index {
    struct knn m;
    clearn_dataset *schema;     /* the indexed data's header */
};

void clearn_knn_index_free(clearn_knn_index *ix)
{
    if (!ix)
        return;
    knn_destroy(&ix->m);
    clearn__params_free(knn_params, N_PARAMS, &ix->m);
    clearn_dataset_free(ix->schema);
    clearn__free(ix);
}

/* Applies "key=value ..." to the index's parameters; k and weights belong
 * to queries and estimators, not to an index. */
static int index_options(clearn_knn_index *ix, const char *options, clearn_error *err)
{
    clearn__spec spec;
    char *text;
    size_t len = options ? strlen(options) : 0;
    int rc;
    if (!len)
        return CLEARN_OK;
    if (!(text = clearn__malloc(len + 5)))
        return clearn__nomem(err);
    memcpy(text, "knn ", 4);
    memcpy(text + 4, options, len + 1);
    rc = clearn__spec_parse(text, &spec, err);
    clearn__free(text);
    if (rc != CLEARN_OK)
        return rc;
    if (spec.n != 1)
        rc = clearn__error(err, CLEARN_EINVAL, "clearn_knn_index_new: options '%s' are not "
                           "key=value pairs", options);
    for (size_t i = 0; rc == CLEARN_OK && i < spec.stages[0].n_kv; i++) {
        const char *key = spec.stages[0].keys[i];
        if (!strcmp(key, "k") || !strcmp(key, "weights"))
            rc = clearn__error(err, CLEARN_EINVAL, "clearn_knn_index_new: option '%s' is not for "
                               "an index (k is given to each query); allowed: metric, p, "
                               "algorithm, screen, leaf_size, threads", key);
    }
    if (rc == CLEARN_OK)
        rc = clearn__params_apply(knn_params, N_PARAMS, &ix->m, &spec.stages[0], err);
    clearn__spec_free(&spec);
    return rc;
}

clearn_knn_index *clearn_knn_index_new(const clearn_dataset *data, const char *options,
                                       clearn_error *err)
{
    clearn_knn_index *ix;
    int rc;
    if (!data) {
        clearn__error(err, CLEARN_EINVAL, "clearn_knn_index_new: NULL data");
        return NULL;
    }
    if (!(ix = clearn__calloc(1, sizeof *ix))) {
        clearn__nomem(err);
        return NULL;
    }
    rc = clearn__params_defaults(knn_params, N_PARAMS, &ix->m, err);
    if (rc == CLEARN_OK)
        rc = index_options(ix, options, err);
    if (rc == CLEARN_OK && !data->n)
        rc = clearn__error(err, CLEARN_EINVAL, "clearn_knn_index_new: the data has no rows");
    if (rc == CLEARN_OK && !(ix->schema = clearn_dataset_header(data, err)))
        rc = err ? err->code : CLEARN_ENOMEM;
    if (rc == CLEARN_OK)
        rc = knn_build(&ix->m, data, 0, err);
    if (rc != CLEARN_OK) {
        clearn_knn_index_free(ix);
        return NULL;
    }
    return ix;
}

size_t clearn_knn_index_rows(const clearn_knn_index *ix)
{
    return ix ? ix->m.n : 0;
}

int clearn_knn_index_query(const clearn_knn_index *ix, const clearn_dataset *queries, size_t k,
                           size_t *indices, double *distances, clearn_error *err)
{
    clearn_dataset *in;
    int rc;
    if (!ix || !queries)
        return clearn__error(err, CLEARN_EINVAL, "clearn_knn_index_query: NULL argument");
    if (!(in = clearn_dataset_conform(ix->schema, queries, NULL, err)))
        return err ? err->code : CLEARN_ENOMEM;
    rc = knn_neighbours(&ix->m, in, k, indices, distances, "clearn_knn_index_query", err);
    clearn_dataset_free(in);
    return rc;
}

/* ---- model files ---------------------------------------------------------------- */

/* The training rows and class values in their original order, SAVE_ROWS
 * rows per line, so that a reader can grow its arrays line by line. */
static int save_rows(const struct knn *m, clearn_writer *w, clearn_error *err)
{
    size_t *inv, chunk = SAVE_ROWS;
    double *buf;
    int rc = clearn__nn_inverse(&m->nn, &inv, err);
    if (rc != CLEARN_OK)
        return rc;
    if (!(buf = clearn__mallocarray(chunk, m->d * sizeof *buf))) {
        clearn__free(inv);
        return clearn__nomem(err);
    }
    for (size_t r0 = 0; rc == CLEARN_OK && r0 < m->n; r0 += chunk) {
        size_t rows = m->n - r0 < chunk ? m->n - r0 : chunk;
        for (size_t i = 0; i < rows; i++)
            memcpy(buf + i * m->d, clearn__nn_row(&m->nn, inv, r0 + i), m->d * sizeof *buf);
        rc = clearn_writer_doubles(w, "x", buf, rows * m->d, err);
        if (rc == CLEARN_OK)
            rc = clearn_writer_doubles(w, "y", m->y + r0, rows, err);
    }
    clearn__free(buf);
    clearn__free(inv);
    return rc;
}

static int knn_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct knn *m = st;
    double *flags = clearn__mallocarray(m->d, sizeof *flags);
    int rc;
    if (!flags)
        return clearn__nomem(err);
    for (size_t f = 0; f < m->d; f++)
        flags[f] = m->nominal[f];
    rc = clearn_writer_int(w, "regress", m->regress, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "columns", m->cols, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "class", m->cls, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "classes", m->n_classes, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "rows", m->n, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "nominal", flags, m->d, err);
    clearn__free(flags);
    if (rc == CLEARN_OK)
        rc = save_rows(m, w, err);
    return rc;
}

static int corrupt(clearn_error *err, const char *what)
{
    return clearn__error(err, CLEARN_ECORRUPT, "knn model: %s", what);
}

/* The sizes, each checked before anything is sized by it: at most 2^20
 * attributes and 2^24 classes, rows x features doubles addressable. */
static int load_sizes(struct knn *m, clearn_reader *r, clearn_error *err)
{
    long regress = 0;
    int rc = clearn_reader_int(r, "regress", &regress, err);
    if (rc == CLEARN_OK && regress != 0 && regress != 1)
        return corrupt(err, "'regress' is not 0 or 1");
    m->regress = (int)regress;
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "columns", &m->cols, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "class", &m->cls, err);
    if (rc == CLEARN_OK && (m->cols < 2 || m->cols > (size_t)1 << 20 || m->cls >= m->cols))
        return corrupt(err, "the attribute count or class column is out of range");
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "classes", &m->n_classes, err);
    if (rc == CLEARN_OK && (m->regress ? m->n_classes != 0 : m->n_classes == 0 ||
                                                             m->n_classes > (size_t)1 << 24))
        return corrupt(err, "the number of classes does not suit the class kind");
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "rows", &m->n, err);
    if (rc == CLEARN_OK && !m->n)
        return corrupt(err, "no training rows");
    m->d = m->cols - 1;
    if (rc == CLEARN_OK && m->d > SIZE_MAX / sizeof(double) / m->n)
        return corrupt(err, "too many training values");
    return rc;
}

/* The header: sizes, then the kind of each feature. */
static int load_header(struct knn *m, clearn_reader *r, clearn_error *err)
{
    double *flags;
    int rc = load_sizes(m, r, err);
    if (rc != CLEARN_OK)
        return rc;
    m->feat = clearn__mallocarray(m->d, sizeof *m->feat);
    m->nominal = clearn__malloc(m->d);
    flags = clearn__mallocarray(m->d, sizeof *flags);
    if (!m->feat || !m->nominal || !flags)
        rc = clearn__nomem(err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_doubles(r, "nominal", flags, m->d, err);
    for (size_t j = 0, f = 0; rc == CLEARN_OK && j < m->cols; j++) {
        if (j == m->cls)
            continue;
        if (flags[f] != 0 && flags[f] != 1)
            rc = corrupt(err, "a 'nominal' flag is not 0 or 1");
        else if (flags[f] == 1 && !takes_nominal(m))
            rc = corrupt(err, "a nominal feature with a metric that measures numbers only");
        m->feat[f] = j;
        m->nominal[f] = flags[f] == 1;
        f++;
    }
    clearn__free(flags);
    return rc;
}

/* A value the model can hold: features finite (or missing for hamming
 * and mixed), class values finite and, for classification, valid codes. */
static int check_values(const struct knn *m, const double *x, const double *y, size_t rows,
                        clearn_error *err)
{
    for (size_t i = 0; i < rows * m->d; i++)
        if (isinf(x[i]) || (isnan(x[i]) && !takes_nominal(m)) ||
            (!isnan(x[i]) && m->nominal[i % m->d] && (x[i] < 0 || x[i] != floor(x[i]))))
            return corrupt(err, "a training value is not finite or not a category code");
    for (size_t i = 0; i < rows; i++)
        if (!isfinite(y[i]) || (!m->regress && (y[i] < 0 || y[i] >= (double)m->n_classes ||
                                                y[i] != floor(y[i]))))
            return corrupt(err, "a class value is not finite or not one of the classes");
    return CLEARN_OK;
}

/* Reads the rows line by line into arrays grown as lines arrive (a
 * doctored row count only fails when the lines run out). */
static int load_rows(struct knn *m, clearn_reader *r, double **xp, clearn_error *err)
{
    size_t cap = 0;
    double *x = NULL;
    int rc = CLEARN_OK;
    for (size_t r0 = 0; rc == CLEARN_OK && r0 < m->n; r0 += SAVE_ROWS) {
        size_t rows = m->n - r0 < SAVE_ROWS ? m->n - r0 : SAVE_ROWS;
        if (r0 + rows > cap) {
            size_t grow = cap ? (2 * cap < m->n ? 2 * cap : m->n) : rows;
            double *nx = clearn__reallocarray(x, grow, m->d * sizeof *x);
            double *ny = nx ? clearn__reallocarray(m->y, grow, sizeof *ny) : NULL;
            if (nx)
                x = nx;
            if (!nx || !ny) {
                rc = clearn__nomem(err);
                break;
            }
            m->y = ny;
            cap = grow;
        }
        rc = clearn_reader_doubles(r, "x", x + r0 * m->d, rows * m->d, err);
        if (rc == CLEARN_OK)
            rc = clearn_reader_doubles(r, "y", m->y + r0, rows, err);
        if (rc == CLEARN_OK)
            rc = check_values(m, x + r0 * m->d, m->y + r0, rows, err);
    }
    *xp = x;
    return rc;
}

static int knn_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct knn *m = st;
    double *x = NULL;
    int rc;
    knn_destroy(m);
    rc = load_header(m, r, err);
    if (rc == CLEARN_OK && (rc = load_rows(m, r, &x, err)) == CLEARN_OK) {
        rc = build_search(m, x, err);
        x = NULL;
    }
    clearn__free(x);
    if (rc != CLEARN_OK)
        knn_destroy(m);
    return rc;
}

/* ---- printing ---------------------------------------------------------------------- */

static const char *method_name(int method)
{
    return algo_names[method];
}

static int knn_print(const void *st, const clearn_dataset *schema, FILE *out, clearn_error *err)
{
    const struct knn *m = st;
    int ok = fprintf(out, "%s (k=%ld, weights=%s, metric=%s", m->regress ? "kNN regression"
                     : "kNN classification", m->k, weight_names[m->weights],
                     metric_names[m->metric]) >= 0;
    if (ok && m->metric == CLEARN__MINKOWSKI)
        ok = fprintf(out, " p=%g", m->p) >= 0;
    if (ok)
        ok = fprintf(out, ")\n%zu training rows x %zu features, search: %s\n", m->n, m->d,
                     method_name(m->nn.method)) >= 0;
    for (size_t f = 0; ok && m->lo && f < m->d; f++) {
        const char *name = m->feat[f] < schema->d ? schema->attrs[m->feat[f]].name : "?";
        char lo[CLEARN__DBL_BUF], hi[CLEARN__DBL_BUF];
        clearn__format_double(m->lo[f], lo);
        clearn__format_double(m->lo[f] + m->width[f], hi);
        if (m->nominal[f])
            ok = fprintf(out, "  %s: nominal (overlap)\n", name) >= 0;
        else
            ok = fprintf(out, "  %s: numeric, range [%s, %s]\n", name, lo, hi) >= 0;
    }
    return ok ? CLEARN_OK : clearn__error(err, CLEARN_EIO, "knn: cannot write the model");
}

const clearn_estimator_type clearn__knn_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "knn",
    .summary = "k-nearest neighbours (classification or regression; exact, as scikit-learn)",
    .tasks = CLEARN_CLASSIFY | CLEARN_REGRESS,
    .params = knn_params,
    .n_params = N_PARAMS,
    .state_size = sizeof(struct knn),
    .fit = knn_fit,
    .predict = knn_predict,
    .predict_proba = knn_predict_proba,
    .save = knn_save,
    .load = knn_load,
    .destroy = knn_destroy,
    .print = knn_print,
};
