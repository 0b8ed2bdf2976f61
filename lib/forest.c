/* clearn — tree ensembles of CART trees, as scikit-learn 1.2's:
 *   random_forest  random forests (Breiman 2001): RandomForestClassifier /
 *                  RandomForestRegressor;
 *   extra_trees    extremely randomized trees (Geurts, Ernst and Wehenkel
 *                  2006): ExtraTreesClassifier / ExtraTreesRegressor;
 *   bagging        bagged trees (Breiman 1996): BaggingClassifier /
 *                  BaggingRegressor with their default tree.
 *
 * Each tree is a cart tree (lib/tree_cart*.c) grown on a bootstrap sample,
 * given to cart as per-row weights (the number of times a row was drawn;
 * rows never drawn are left out, as scikit-learn does), searching
 * max_features random features at each node (bagging: a feature subset
 * drawn once per tree; extra_trees: one random threshold per feature).
 * The rows are sorted once for the whole forest; each tree keeps the
 * entries of its own rows. Tree i draws its rows and features from the
 * random stream (seed, i), so the forest is the same for every threads=
 * value; the trees are grown in parallel, each in one thread.
 * Classification averages the trees' class probabilities (soft voting),
 * regression their predictions. The out-of-bag score and the impurity
 * importances are as scikit-learn's oob_score_ and feature_importances_.
 * Model files hold every tree in cart's format. */
#include "config.h"
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tree_cart.h"
#include "pool.h"
#include <clearn/forest.h>

/* Rows per prediction task: fixed, so sums never depend on threads=. */
#define ROWS_PER_TASK 256
/* Most trees a model file may declare. */
#define MAX_TREES 10000000

struct forest_params {
    long n_trees;
    int bootstrap_features;     /* bagging: features drawn with replacement */
    int criterion;              /* as cart's choices */
    long max_depth;
    long min_samples_split;
    long min_samples_leaf;
    double min_impurity_decrease;
    char *max_features;         /* auto: sqrt (classification), all (regression) */
    long max_leaf_nodes;
    int bootstrap;
    char *max_samples;          /* empty: n */
    int oob;
    char *class_weight;         /* cart's, or balanced_subsample */
    double ccp_alpha;
    long seed;
    long threads;
};

/* The kinds of forest (one type each): random_forest draws features at
 * every node; bagging draws them once per tree (rows without replacement
 * too when bootstrap=0); extra_trees as random_forest, but cuts each
 * numeric feature at a random threshold (and by default on every row). */
enum { FOREST_RANDOM, FOREST_BAGGING, FOREST_EXTRA };

struct forest {
    struct forest_params p;     /* first: the parameter table points here */
    int kind;                   /* FOREST_* */
    size_t n_trees;
    struct cart *trees;
    int regress;
    size_t d, cls, k, kv;
    int has_oob;
    double oob_score;
};

extern const clearn_estimator_type clearn__random_forest_type, clearn__bagging_type,
    clearn__extra_trees_type;

static const char *const kind_names[] = {"random_forest", "bagging", "extra_trees"};

static const char *const criterion_choices[] = {
    "auto", "gini", "entropy", "log_loss", "squared_error", "absolute_error", "poisson", NULL};

/* The parameters of random_forest and extra_trees (they differ in the
 * default of bootstrap). */
#define FOREST_PARAMS(bootstrap_default) \
    {"n_trees", CLEARN_PARAM_INT, offsetof(struct forest, p.n_trees), "100", 1, 1e6, NULL, \
     "trees in the forest", 0}, \
    {"criterion", CLEARN_PARAM_ENUM, offsetof(struct forest, p.criterion), "auto", 1, 0, \
     criterion_choices, \
     "split quality: auto (gini for a nominal class, squared_error for a numeric one), gini, " \
     "entropy (= log_loss), squared_error, absolute_error (bootstrap=0 only), poisson", 0}, \
    {"max_depth", CLEARN_PARAM_INT, offsetof(struct forest, p.max_depth), "0", 0, 1e9, NULL, \
     "deepest node of each tree (the root has depth 0); 0 = unlimited", 0}, \
    {"min_samples_split", CLEARN_PARAM_INT, offsetof(struct forest, p.min_samples_split), "2", \
     2, 1e15, NULL, "fewest distinct rows a node needs to be split", 0}, \
    {"min_samples_leaf", CLEARN_PARAM_INT, offsetof(struct forest, p.min_samples_leaf), "1", 1, \
     1e15, NULL, "fewest distinct rows in each child of a split", 0}, \
    {"min_impurity_decrease", CLEARN_PARAM_DOUBLE, \
     offsetof(struct forest, p.min_impurity_decrease), "0", 0, DBL_MAX, NULL, \
     "split only if the weighted impurity decrease is at least this", 0}, \
    {"max_features", CLEARN_PARAM_STRING, offsetof(struct forest, p.max_features), "auto", 1, \
     0, NULL, "features drawn at each node: auto (sqrt for a nominal class, all for a " \
     "numeric one), all, sqrt, log2, a count (3) or a fraction (0.5)", 0}, \
    {"max_leaf_nodes", CLEARN_PARAM_INT, offsetof(struct forest, p.max_leaf_nodes), "0", 0, \
     1e15, NULL, "grow each tree best-first up to this many leaves (>= 2); 0 = unlimited", 0}, \
    {"bootstrap", CLEARN_PARAM_BOOL, offsetof(struct forest, p.bootstrap), bootstrap_default, 1, \
     0, NULL, \
     "grow each tree on a bootstrap sample (else on every row)", 0}, \
    {"max_samples", CLEARN_PARAM_STRING, offsetof(struct forest, p.max_samples), "", 1, 0, \
     NULL, "rows drawn per bootstrap: a count (500) or a fraction of the rows (0.5); " \
     "empty: as many as there are rows", 0}, \
    {"oob", CLEARN_PARAM_BOOL, offsetof(struct forest, p.oob), "false", 1, 0, NULL, \
     "compute the out-of-bag score (accuracy or R^2) while fitting (needs bootstrap)", 0}, \
    {"class_weight", CLEARN_PARAM_STRING, offsetof(struct forest, p.class_weight), "", 1, 0, \
     NULL, "weights of the classes: NAME:W,NAME:W... (others 1), balanced (from all rows) " \
     "or balanced_subsample (from each tree's bootstrap); empty: none", 0}, \
    {"ccp_alpha", CLEARN_PARAM_DOUBLE, offsetof(struct forest, p.ccp_alpha), "0", 0, DBL_MAX, \
     NULL, "minimal cost-complexity pruning of each tree; 0 = none", 0}, \
    {"seed", CLEARN_PARAM_INT, offsetof(struct forest, p.seed), "42", 0, (double)LONG_MAX, \
     NULL, "seed of the bootstraps and the feature sampling", 0}, \
    {"threads", CLEARN_PARAM_INT, offsetof(struct forest, p.threads), "1", 0, 256, NULL, \
     "threads growing trees and predicting (0 = all CPUs); results do not depend on it", 0}

static const clearn_param forest_params[] = {FOREST_PARAMS("true")};

static void free_trees(struct cart *trees, size_t n)
{
    for (size_t i = 0; trees && i < n; i++)
        clearn__cart_type.destroy(&trees[i]);
    clearn__free(trees);
}

static void forest_destroy(void *st)
{
    struct forest *f = st;
    free_trees(f->trees, f->n_trees);
    f->trees = NULL;
    f->n_trees = 0;
    f->regress = f->has_oob = 0;
    f->d = f->cls = f->k = f->kv = 0;
    f->oob_score = 0;
}

/* ---- fit ------------------------------------------------------------------ */

/* What every tree task shares. */
struct fit_ctx {
    struct forest *f;
    const clearn_dataset *ds;
    const struct cart *tmpl;        /* resolved parameters and schema facts */
    const struct cart_setup *s;     /* s->pre: the rows sorted once */
    int kind;
    size_t n_boot;                  /* rows drawn per tree; 0: every row once */
    size_t n_feat;                  /* bagging: features drawn per tree */
    int subsample_weights;          /* class_weight=balanced_subsample */
    unsigned char *inbag;           /* n_trees x n (oob=1), else NULL */
};

/* Rows per bootstrap: max_samples as a count or a fraction (rounded half
 * to even, at least 1, as scikit-learn). */
static int resolve_max_samples(const char *who, const char *v, size_t n, size_t *out,
                               clearn_error *err)
{
    double x;
    size_t len = strlen(v);
    if (!*v) {
        *out = n;
    } else if (clearn__parse_double(v, len, &x) && strchr(v, '.') && x > 0 && x <= 1) {
        x = nearbyint((double)n * x);
        *out = x < 1 ? 1 : (size_t)x;
    } else if (clearn__parse_double(v, len, &x) && !strchr(v, '.') && x >= 1 && x == floor(x)
               && x <= (double)n) {
        *out = (size_t)x;
    } else {
        return clearn__error(err, CLEARN_EINVAL,
                             "%s: max_samples='%s': expected a count in [1, %zu] "
                             "(the rows) or a fraction in (0, 1]", who, v, n);
    }
    return CLEARN_OK;
}

/* bagging's max_features: features per tree, a count or a fraction
 * (floored, at least 1, as scikit-learn); all or empty: every one. */
static int resolve_tree_features(const char *v, size_t p, size_t *out, clearn_error *err)
{
    double x;
    size_t len = strlen(v);
    if (!*v || !strcmp(v, "all") || !strcmp(v, "auto")) {
        *out = p;
    } else if (clearn__parse_double(v, len, &x) && strchr(v, '.') && x > 0 && x <= 1) {
        x = floor((double)p * x);
        *out = x < 1 ? 1 : (size_t)x;
    } else if (clearn__parse_double(v, len, &x) && !strchr(v, '.') && x >= 1 && x == floor(x)
               && x <= (double)p) {
        *out = (size_t)x;
    } else {
        return clearn__error(err, CLEARN_EINVAL,
                             "bagging: max_features='%s': expected all, a count in [1, %zu] "
                             "(the features) or a fraction in (0, 1]", v, p);
    }
    return CLEARN_OK;
}

/* balanced_subsample: n_boot / (classes drawn x draws of the class). */
static void subsample_weights(const struct fit_ctx *c, const double *sw, double *cw)
{
    const clearn_dataset *ds = c->ds;
    size_t k = c->tmpl->k, present = 0;
    for (size_t j = 0; j < k; j++)
        cw[j] = 0;
    for (size_t i = 0; i < ds->n; i++)
        cw[(size_t)ds->x[i * ds->d + ds->cls]] += sw ? sw[i] : 1;
    for (size_t j = 0; j < k; j++)
        present += cw[j] > 0;
    for (size_t j = 0; j < k; j++) {
        double total = sw ? (double)c->n_boot : (double)ds->n;
        cw[j] = cw[j] > 0 ? total / ((double)present * cw[j]) : 1;
    }
}

/* Gives back the slack of the tree's doubling arrays. */
static void shrink_tree(struct cart_tree *t, size_t kv)
{
    struct cart_node *nodes = clearn__reallocarray(t->nodes, t->n_nodes, sizeof *nodes);
    double *value;
    if (nodes)
        t->nodes = nodes;
    if ((value = clearn__reallocarray(t->value, t->n_nodes, kv * sizeof *value)))
        t->value = value;
}

/* A tree's own copy of the template's schema facts. */
static int tree_init(const struct fit_ctx *c, struct cart *t, clearn_error *err)
{
    const struct cart *tm = c->tmpl;
    *t = *tm;
    memset(&t->t, 0, sizeof t->t);
    t->trace = NULL;
    t->trace_len = t->trace_cap = 0;
    if (!(t->ncats = clearn__mallocarray(tm->d, sizeof *t->ncats)))
        return clearn__nomem(err);
    memcpy(t->ncats, tm->ncats, tm->d * sizeof *t->ncats);
    return CLEARN_OK;
}

/* The rows of a tree as weights (*sw; NULL: every row once): n_boot
 * draws with replacement (bootstrap) or without (bagging's subsample). */
static int draw_rows(const struct fit_ctx *c, clearn_rng *rng, double **sw,
                     clearn_error *err)
{
    size_t n = c->ds->n, *pick;
    int rc;
    *sw = NULL;
    if (!c->n_boot)
        return CLEARN_OK;
    if (!(*sw = clearn__calloc(n, sizeof **sw)))
        return clearn__nomem(err);
    if (c->f->p.bootstrap) {
        for (size_t j = 0; j < c->n_boot; j++)
            (*sw)[clearn_rng_below(rng, n)] += 1;
        return CLEARN_OK;
    }
    if (!(pick = clearn__mallocarray(c->n_boot, sizeof *pick)))
        return clearn__nomem(err);
    if ((rc = clearn_rng_sample(rng, n, c->n_boot, 0, pick, err)) == CLEARN_OK)
        for (size_t j = 0; j < c->n_boot; j++)
            (*sw)[pick[j]] = 1;
    clearn__free(pick);
    return rc;
}

/* bagging: the tree's features (n_feat drawn, with replacement under
 * bootstrap_features; repeats count once), in column order, into s. */
static int draw_features(const struct fit_ctx *c, clearn_rng *rng, struct cart_setup *s,
                         size_t **attr, clearn_error *err)
{
    size_t p = c->s->p, *pick = NULL, cnt = 0;
    unsigned char *on = NULL;
    int rc;
    *attr = NULL;
    if (c->kind != FOREST_BAGGING || (c->n_feat == p && !c->f->p.bootstrap_features))
        return CLEARN_OK;
    pick = clearn__mallocarray(c->n_feat, sizeof *pick);
    on = clearn__calloc(p, 1);
    *attr = clearn__mallocarray(p, 2 * sizeof **attr);    /* the columns, then the map */
    if (!pick || !on || !*attr) {
        rc = clearn__nomem(err);
        goto done;
    }
    if ((rc = clearn_rng_sample(rng, p, c->n_feat, c->f->p.bootstrap_features, pick, err)) !=
        CLEARN_OK)
        goto done;
    for (size_t j = 0; j < c->n_feat; j++)
        on[pick[j]] = 1;
    for (size_t f = 0; f < p; f++)
        if (on[f]) {
            (*attr)[p + cnt] = f;
            (*attr)[cnt++] = c->s->attr[f];
        }
    s->attr = *attr;
    s->pre_feat = *attr + p;
    s->p = s->max_features = cnt;
done:
    clearn__free(pick);
    clearn__free(on);
    return rc;
}

static int grow_tree(const struct fit_ctx *c, struct cart *t, struct cart_setup *s,
                     clearn_error *err)
{
    int rc = clearn__cart_grow(t, s, c->ds, err);
    if (rc == CLEARN_OK && t->p.ccp_alpha > 0)
        rc = clearn__cart_prune(t, t->p.ccp_alpha, err);
    if (rc == CLEARN_OK)
        shrink_tree(&t->t, t->kv);
    return rc;
}

static int tree_task(void *ctx, size_t i, clearn_error *err)
{
    struct fit_ctx *c = ctx;
    struct cart *t = &c->f->trees[i];
    struct cart_setup s = *c->s;
    size_t n = c->ds->n, *attr = NULL;
    double *sw = NULL, *cw = NULL;
    clearn_rng rng;
    int rc;
    clearn_rng_seed(&rng, (uint64_t)c->f->p.seed, i);
    if ((rc = tree_init(c, t, err)) != CLEARN_OK ||
        (rc = draw_rows(c, &rng, &sw, err)) != CLEARN_OK ||
        (rc = draw_features(c, &rng, &s, &attr, err)) != CLEARN_OK)
        goto done;
    if (c->subsample_weights) {
        if (!(cw = clearn__mallocarray(t->k + 1, sizeof *cw))) {
            rc = clearn__nomem(err);
            goto done;
        }
        subsample_weights(c, sw, cw);
        s.cw = cw;
    }
    s.sw = sw;
    s.rng = &rng;
    s.threads = 1;
    rc = grow_tree(c, t, &s, err);
    for (size_t j = 0; rc == CLEARN_OK && c->inbag && j < n; j++)
        c->inbag[i * n + j] = !sw || sw[j] > 0;
done:
    clearn__free(sw);
    clearn__free(cw);
    clearn__free(attr);
    return rc;
}

/* The template tree: the forest's parameters as cart's, resolved against
 * train by cart itself (criterion, max_features, class weights...). */
static int make_template(struct forest *f, int kind, const clearn_dataset *ds,
                         struct cart *tm, struct cart_setup *s, int *subsample,
                         clearn_error *err)
{
    const struct forest_params *p = &f->p;
    const char *mf = p->max_features ? p->max_features : "auto";
    const char *cw = p->class_weight ? p->class_weight : "";
    int regress = ds->attrs[ds->cls].kind == CLEARN_NUMERIC, rc;
    *subsample = !strcmp(cw, "balanced_subsample");
    if (*subsample && regress)
        return clearn__error(err, CLEARN_EINVAL, "%s: class_weight=%s applies to "
                             "a nominal class only", kind_names[kind], cw);
    memset(tm, 0, sizeof *tm);
    tm->p.criterion = p->criterion;
    tm->p.max_depth = p->max_depth;
    tm->p.min_samples_split = p->min_samples_split;
    tm->p.min_samples_leaf = p->min_samples_leaf;
    tm->p.min_impurity_decrease = p->min_impurity_decrease;
    if (kind == FOREST_BAGGING)
        mf = "all";         /* per node; the per-tree draw is bagging's own */
    tm->p.max_features = (char *)(strcmp(mf, "auto") ? mf : regress ? "all" : "sqrt");
    tm->p.max_leaf_nodes = p->max_leaf_nodes;
    tm->p.class_weight = (char *)(*subsample ? "" : cw);
    tm->p.ccp_alpha = p->ccp_alpha;
    tm->p.seed = p->seed;
    tm->p.threads = 1;
    if ((rc = clearn__cart_setup(tm, ds, s, err)) != CLEARN_OK)
        return rc;
    s->random_split = kind == FOREST_EXTRA;
    if (kind == FOREST_EXTRA && tm->crit == CART_ABSOLUTE)
        return clearn__error(err, CLEARN_EINVAL, "extra_trees: criterion=absolute_error is "
                             "not supported (random thresholds need a running criterion)");
    return CLEARN_OK;
}

static int check_params(const struct forest *f, int kind, clearn_error *err)
{
    const char *ms = f->p.max_samples ? f->p.max_samples : "";
    if (!f->p.bootstrap && *ms && kind != FOREST_BAGGING)
        return clearn__error(err, CLEARN_EINVAL, "%s: max_samples='%s' needs "
                             "bootstrap=1", kind_names[kind], ms);
    if (!f->p.bootstrap && f->p.oob)
        return clearn__error(err, CLEARN_EINVAL, "%s: oob=1 needs bootstrap=1 "
                             "(without bootstrap no row is out of the bag)", kind_names[kind]);
    return CLEARN_OK;
}

/* Rows and features each tree draws. */
static int resolve_draws(const struct forest *f, struct fit_ctx *c, clearn_error *err)
{
    const char *ms = f->p.max_samples ? f->p.max_samples : "";
    int rc = CLEARN_OK;
    c->n_boot = 0;
    c->n_feat = c->s->p;
    if (f->p.bootstrap || *ms)
        rc = resolve_max_samples(kind_names[c->kind], ms, c->ds->n, &c->n_boot, err);
    if (rc == CLEARN_OK && !f->p.bootstrap && c->n_boot == c->ds->n)
        c->n_boot = 0;      /* every row once: no weights */
    if (rc == CLEARN_OK && c->kind == FOREST_BAGGING)
        rc = resolve_tree_features(f->p.max_features ? f->p.max_features : "", c->s->p,
                                   &c->n_feat, err);
    return rc;
}

static int compute_oob(struct forest *f, const clearn_dataset *ds, const unsigned char *inbag,
                       clearn_error *err);

static int fit_kind(struct forest *f, int kind, const clearn_dataset *train,
                    clearn_error *err)
{
    struct fit_ctx c;
    struct cart tm;
    struct cart_setup s;
    struct cart_presorted pre;
    int rc;
    memset(&pre, 0, sizeof pre);
    forest_destroy(f);
    f->kind = kind;
    memset(&c, 0, sizeof c);
    memset(&s, 0, sizeof s);
    memset(&tm, 0, sizeof tm);
    c.f = f;
    c.kind = kind;
    c.ds = train;
    c.tmpl = &tm;
    c.s = &s;
    if ((rc = check_params(f, kind, err)) != CLEARN_OK ||
        (rc = make_template(f, kind, train, &tm, &s, &c.subsample_weights, err)) !=
        CLEARN_OK || (rc = resolve_draws(f, &c, err)) != CLEARN_OK)
        goto done;
    s.threads = clearn__resolve_threads(f->p.threads);
    if ((rc = clearn__cart_presort(&tm, &s, train, &pre, err)) != CLEARN_OK)
        goto done;
    s.pre = &pre;
    s.threads = 1;
    f->trees = clearn__calloc((size_t)f->p.n_trees, sizeof *f->trees);
    if (f->p.oob)
        c.inbag = clearn__mallocarray((size_t)f->p.n_trees, train->n);
    if (!f->trees || (f->p.oob && !c.inbag)) {
        rc = clearn__nomem(err);
        goto done;
    }
    f->n_trees = (size_t)f->p.n_trees;
    f->regress = tm.regress;
    f->d = tm.d;
    f->cls = tm.cls;
    f->k = tm.k;
    f->kv = tm.kv;
    rc = clearn__parallel_for(f->n_trees, clearn__resolve_threads(f->p.threads), tree_task,
                              &c, err);
    if (rc == CLEARN_OK && c.inbag)
        rc = compute_oob(f, train, c.inbag, err);
done:
    if (rc != CLEARN_OK)
        forest_destroy(f);
    clearn__free(c.inbag);
    clearn__cart_presorted_free(&pre);
    clearn__cart_setup_free(&s);
    tm.p.max_features = tm.p.class_weight = NULL;      /* borrowed */
    clearn__cart_type.destroy(&tm);
    return rc;
}

static int forest_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    return fit_kind(st, FOREST_RANDOM, train, err);
}

static int bagging_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    return fit_kind(st, FOREST_BAGGING, train, err);
}

static int extra_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    return fit_kind(st, FOREST_EXTRA, train, err);
}

/* ---- prediction ------------------------------------------------------------ */

/* Adds tree t's answer for row to acc: its class probabilities, or its
 * prediction. */
static void tree_add(const struct forest *f, const struct cart *t, const double *row,
                     double *acc)
{
    const double *v = t->t.value + clearn__cart_leaf(t, row) * t->kv;
    double sum = 0;
    if (f->regress) {
        acc[0] += v[0];
        return;
    }
    for (size_t c = 0; c < f->k; c++)
        sum += v[c];
    for (size_t c = 0; c < f->k; c++)
        acc[c] += sum > 0 ? v[c] / sum : 1.0 / (double)f->k;
}

struct pred_ctx {
    const struct forest *f;
    const clearn_dataset *x;
    double *out;                    /* rows x kv */
};

static int pred_task(void *ctx, size_t b, clearn_error *err)
{
    struct pred_ctx *c = ctx;
    const struct forest *f = c->f;
    size_t end = (b + 1) * ROWS_PER_TASK;
    (void)err;
    for (size_t i = b * ROWS_PER_TASK; i < c->x->n && i < end; i++) {
        double *acc = c->out + i * f->kv;
        const double *row = c->x->x + i * c->x->d;
        memset(acc, 0, f->kv * sizeof *acc);
        for (size_t t = 0; t < f->n_trees; t++)
            tree_add(f, &f->trees[t], row, acc);
        for (size_t j = 0; j < f->kv; j++)
            acc[j] /= (double)f->n_trees;
    }
    return CLEARN_OK;
}

static int check_data(const struct forest *f, const clearn_dataset *x, clearn_error *err)
{
    if (!f->n_trees)
        return clearn__error(err, CLEARN_ENOTFIT, "forest: not fitted");
    if (x->d != f->d)
        return clearn__error(err, CLEARN_ESCHEMA, "forest: the model has %zu "
                             "attributes but the data %zu", f->d, x->d);
    return CLEARN_OK;
}

/* The mean of the trees' answers for every row of x (rows x kv). */
static int average(const struct forest *f, const clearn_dataset *x, double *out,
                   clearn_error *err)
{
    struct pred_ctx c = {f, x, out};
    size_t tasks = (x->n + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    int rc = check_data(f, x, err);
    if (rc != CLEARN_OK)
        return rc;
    return clearn__parallel_for(tasks, clearn__resolve_threads(f->p.threads), pred_task, &c,
                                err);
}

static size_t argmax(const double *v, size_t k)
{
    size_t best = 0;
    for (size_t c = 1; c < k; c++)
        if (v[c] > v[best])
            best = c;
    return best;
}

static int forest_predict(const void *st, const clearn_dataset *x, double *out,
                          clearn_error *err)
{
    const struct forest *f = st;
    double *buf;
    int rc;
    if (f->regress || (rc = check_data(f, x, err)) != CLEARN_OK)
        return average(f, x, out, err);
    if (!(buf = clearn__mallocarray(x->n + 1, f->kv * sizeof *buf)))
        return clearn__nomem(err);
    if ((rc = average(f, x, buf, err)) == CLEARN_OK)
        for (size_t i = 0; i < x->n; i++)
            out[i] = (double)argmax(buf + i * f->kv, f->k);
    clearn__free(buf);
    return rc;
}

static int forest_predict_proba(const void *st, const clearn_dataset *x, double *out,
                                clearn_error *err)
{
    const struct forest *f = st;
    int rc = check_data(f, x, err);
    if (rc == CLEARN_OK && f->regress)
        return clearn__error(err, CLEARN_EINVAL,
                             "forest: no class probabilities for a numeric class");
    return rc == CLEARN_OK ? average(f, x, out, err) : rc;
}

/* ---- out-of-bag score ------------------------------------------------------- */

struct oob_ctx {
    const struct forest *f;
    const clearn_dataset *ds;
    const unsigned char *inbag;
    double *pred;                   /* n x kv */
};

/* Each row's mean answer over the trees that did not draw it; rows that
 * every tree drew get 0s (scikit-learn's oob_decision_function_). */
static int oob_task(void *ctx, size_t b, clearn_error *err)
{
    struct oob_ctx *c = ctx;
    const struct forest *f = c->f;
    size_t n = c->ds->n, end = (b + 1) * ROWS_PER_TASK;
    (void)err;
    for (size_t i = b * ROWS_PER_TASK; i < n && i < end; i++) {
        double *acc = c->pred + i * f->kv;
        size_t cnt = 0;
        memset(acc, 0, f->kv * sizeof *acc);
        for (size_t t = 0; t < f->n_trees; t++) {
            if (c->inbag[t * n + i])
                continue;
            tree_add(f, &f->trees[t], c->ds->x + i * c->ds->d, acc);
            cnt++;
        }
        for (size_t j = 0; cnt && j < f->kv; j++)
            acc[j] /= (double)cnt;
    }
    return CLEARN_OK;
}

/* Accuracy of the argmax, or R^2. */
static double oob_score(const struct forest *f, const clearn_dataset *ds, const double *pred)
{
    double right = 0, mean = 0, ss_res = 0, ss_tot = 0;
    size_t n = ds->n;
    for (size_t i = 0; i < n; i++) {
        double y = ds->x[i * ds->d + ds->cls];
        if (!f->regress)
            right += (double)argmax(pred + i * f->kv, f->k) == y;
        mean += y;
    }
    if (!f->regress)
        return right / (double)n;
    mean /= (double)n;
    for (size_t i = 0; i < n; i++) {
        double y = ds->x[i * ds->d + ds->cls];
        ss_res += (y - pred[i]) * (y - pred[i]);
        ss_tot += (y - mean) * (y - mean);
    }
    /* scikit-learn's r2_score: a constant target scores 1 if fitted exactly, else 0 */
    if (!(ss_tot > 0))
        return ss_res > 0 ? 0 : 1;
    return 1 - ss_res / ss_tot;
}

static int compute_oob(struct forest *f, const clearn_dataset *ds, const unsigned char *inbag,
                       clearn_error *err)
{
    struct oob_ctx c = {f, ds, inbag, NULL};
    size_t tasks = (ds->n + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    int rc;
    if (!(c.pred = clearn__mallocarray(ds->n, f->kv * sizeof *c.pred)))
        return clearn__nomem(err);
    rc = clearn__parallel_for(tasks, clearn__resolve_threads(f->p.threads), oob_task, &c, err);
    if (rc == CLEARN_OK) {
        f->oob_score = oob_score(f, ds, c.pred);
        f->has_oob = 1;
    }
    clearn__free(c.pred);
    return rc;
}

/* ---- model files ------------------------------------------------------------- */

static int forest_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct forest *f = st;
    int rc = clearn_writer_size(w, "trees", f->n_trees, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "oob", f->has_oob, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_double(w, "oob_score", f->oob_score, err);
    for (size_t i = 0; rc == CLEARN_OK && i < f->n_trees; i++)
        rc = clearn__cart_type.save(&f->trees[i], w, err);
    return rc;
}

/* Every tree must read the same data as the first. */
static int check_loaded(struct forest *f, size_t i, clearn_error *err)
{
    const struct cart *t = &f->trees[i], *t0 = &f->trees[0];
    if (i == 0) {
        f->regress = t->regress;
        f->d = t->d;
        f->cls = t->cls;
        f->k = t->k;
        f->kv = t->kv;
        return CLEARN_OK;
    }
    if (t->d != t0->d || t->cls != t0->cls || t->regress != t0->regress || t->k != t0->k ||
        memcmp(t->ncats, t0->ncats, t->d * sizeof *t->ncats))
        return clearn__error(err, CLEARN_ECORRUPT, "forest model: tree %zu does not "
                             "read the data as tree 1 does", i + 1);
    return CLEARN_OK;
}

static int load_kind(struct forest *f, int kind, clearn_reader *r, clearn_error *err)
{
    size_t n, cap = 0;
    long has;
    int rc;
    forest_destroy(f);
    f->kind = kind;
    if ((rc = clearn_reader_size(r, "trees", &n, err)) != CLEARN_OK ||
        (rc = clearn_reader_int(r, "oob", &has, err)) != CLEARN_OK ||
        (rc = clearn_reader_double(r, "oob_score", &f->oob_score, err)) != CLEARN_OK)
        return rc;
    if (n < 1 || n > MAX_TREES || (has != 0 && has != 1) || !isfinite(f->oob_score))
        return clearn__error(err, CLEARN_ECORRUPT, "forest model: bad tree count or "
                             "out-of-bag score");
    f->has_oob = (int)has;
    /* grown as trees arrive: a corrupt count cannot make us allocate much */
    for (size_t i = 0; rc == CLEARN_OK && i < n; i++) {
        if (i == cap) {
            size_t c2 = cap ? 2 * cap : 16;
            struct cart *t = clearn__reallocarray(f->trees, c2 < n ? c2 : n, sizeof *t);
            if (!t)
                return clearn__nomem(err);
            f->trees = t;
            cap = c2 < n ? c2 : n;
        }
        memset(&f->trees[i], 0, sizeof f->trees[i]);
        f->n_trees = i + 1;
        if ((rc = clearn__cart_type.load(&f->trees[i], r, err)) == CLEARN_OK)
            rc = check_loaded(f, i, err);
    }
    return rc;
}

static int forest_load(void *st, clearn_reader *r, clearn_error *err)
{
    return load_kind(st, FOREST_RANDOM, r, err);
}

static int bagging_load(void *st, clearn_reader *r, clearn_error *err)
{
    return load_kind(st, FOREST_BAGGING, r, err);
}

static int extra_load(void *st, clearn_reader *r, clearn_error *err)
{
    return load_kind(st, FOREST_EXTRA, r, err);
}

/* ---- public extras (<clearn/forest.h>) ----------------------------------------- */

static const struct forest *forest_of(const clearn_estimator *e, clearn_error *err)
{
    if (!e) {
        clearn__error(err, CLEARN_EINVAL, "forest: NULL estimator");
        return NULL;
    }
    if (clearn_estimator_get_type(e) != &clearn__random_forest_type &&
        clearn_estimator_get_type(e) != &clearn__bagging_type &&
        clearn_estimator_get_type(e) != &clearn__extra_trees_type) {
        clearn__error(err, CLEARN_EINVAL, "forest: the estimator is '%s', not random_forest, "
                      "extra_trees or bagging", clearn_estimator_get_type(e)->name);
        return NULL;
    }
    if (!clearn_estimator_is_fitted(e)) {
        clearn__error(err, CLEARN_ENOTFIT, "forest: the estimator is not fitted");
        return NULL;
    }
    return clearn__estimator_state(e);
}

/* Longest root-to-leaf path of a tree (children come after parents). */
static size_t tree_depth(const struct cart_tree *t, size_t *depth)
{
    size_t most = 0;
    depth[0] = 0;
    for (size_t i = 0; i < t->n_nodes; i++) {
        const struct cart_node *nd = &t->nodes[i];
        if (depth[i] > most)
            most = depth[i];
        if (nd->left != CART_LEAF)
            depth[nd->left] = depth[nd->right] = depth[i] + 1;
    }
    return most;
}

static int stats_of(const struct forest *f, clearn_forest_stats *out, clearn_error *err)
{
    size_t most = 0, *depth;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < f->n_trees; i++)
        most = f->trees[i].t.n_nodes > most ? f->trees[i].t.n_nodes : most;
    if (!(depth = clearn__mallocarray(most, sizeof *depth)))
        return clearn__nomem(err);
    out->trees = f->n_trees;
    out->features = f->d - 1;
    out->classes = f->k;
    for (size_t i = 0; i < f->n_trees; i++) {
        const struct cart_tree *t = &f->trees[i].t;
        size_t dep = tree_depth(t, depth);
        out->nodes += t->n_nodes;
        out->leaves += (t->n_nodes + 1) / 2;
        out->max_depth = dep > out->max_depth ? dep : out->max_depth;
    }
    clearn__free(depth);
    return CLEARN_OK;
}

int clearn_forest_info(const clearn_estimator *e, clearn_forest_stats *out, clearn_error *err)
{
    const struct forest *f = forest_of(e, err);
    if (!f)
        return err ? err->code : CLEARN_EINVAL;
    if (!out)
        return clearn__error(err, CLEARN_EINVAL, "forest: NULL output");
    return stats_of(f, out, err);
}

/* scikit-learn's feature_importances_: the mean over the trees that split
 * at least once of their normalised importances, normalised again; d
 * values in attribute order (the class 0). */
static int importances(const struct forest *f, double *imp, clearn_error *err)
{
    double *one = clearn__calloc(f->d, sizeof *one), total = 0;
    size_t used = 0;
    if (!one)
        return clearn__nomem(err);
    memset(imp, 0, f->d * sizeof *imp);
    for (size_t i = 0; i < f->n_trees; i++) {
        if (f->trees[i].t.n_nodes < 2)
            continue;
        clearn__cart_importances(&f->trees[i], one);
        for (size_t j = 0; j < f->d; j++)
            imp[j] += one[j];
        used++;
    }
    for (size_t j = 0; used && j < f->d; j++)
        total += (imp[j] /= (double)used);
    for (size_t j = 0; total > 0 && j < f->d; j++)
        imp[j] /= total;
    clearn__free(one);
    return CLEARN_OK;
}

int clearn_forest_feature_importances(const clearn_estimator *e, double *out, size_t n,
                                      clearn_error *err)
{
    const struct forest *f = forest_of(e, err);
    double *imp;
    int rc;
    if (!f)
        return err ? err->code : CLEARN_EINVAL;
    if (!out || n != f->d - 1)
        return clearn__error(err, CLEARN_EINVAL, "forest: importances: room for %zu values "
                             "given; the forest has %zu features", out ? n : 0, f->d - 1);
    if (!(imp = clearn__calloc(f->d, sizeof *imp)))
        return clearn__nomem(err);
    if ((rc = importances(f, imp, err)) == CLEARN_OK)
        for (size_t j = 0, k = 0; j < f->d; j++)
            if (j != f->cls)
                out[k++] = imp[j];
    clearn__free(imp);
    return rc;
}

int clearn_forest_oob_score(const clearn_estimator *e, double *score, clearn_error *err)
{
    const struct forest *f = forest_of(e, err);
    if (!f)
        return err ? err->code : CLEARN_EINVAL;
    if (!score)
        return clearn__error(err, CLEARN_EINVAL, "forest: NULL output");
    if (!f->has_oob)
        return clearn__error(err, CLEARN_EINVAL, "forest: no out-of-bag score: fit with "
                             "oob=1 (and bootstrap=1)");
    *score = f->oob_score;
    return CLEARN_OK;
}

/* ---- text -------------------------------------------------------------------------- */

static int forest_print(const void *st, const clearn_dataset *schema, FILE *out,
                        clearn_error *err)
{
    const struct forest *f = st;
    clearn_forest_stats s;
    double *imp = clearn__calloc(f->d, sizeof *imp);
    int rc = imp ? stats_of(f, &s, err) : clearn__nomem(err);
    if (rc == CLEARN_OK)
        rc = importances(f, imp, err);
    if (rc != CLEARN_OK) {
        clearn__free(imp);
        return rc;
    }
    fprintf(out, "%s: %zu trees, %s of '%s'\n",
            f->kind == FOREST_BAGGING ? "bagged trees"
            : f->kind == FOREST_EXTRA ? "extra trees" : "random forest", s.trees,
            f->regress ? "regression" : "classification", schema->attrs[f->cls].name);
    fprintf(out, "nodes: %zu (%.1f a tree), deepest tree: %zu\n", s.nodes,
            (double)s.nodes / (double)s.trees, s.max_depth);
    if (f->has_oob)
        fprintf(out, "out-of-bag %s: %.6g\n", f->regress ? "R^2" : "accuracy", f->oob_score);
    fprintf(out, "feature importances:\n");
    for (size_t j = 0; j < f->d; j++)
        if (j != f->cls)
            fprintf(out, "  %-24s %.6f\n", schema->attrs[j].name, imp[j]);
    clearn__free(imp);
    return ferror(out) ? clearn__error(err, CLEARN_EIO, "forest: cannot write the "
                                       "model text") : CLEARN_OK;
}

/* ---- the type ------------------------------------------------------------------------ */

const clearn_estimator_type clearn__random_forest_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "random_forest",
    .summary = "random forest of CART trees (Breiman 2001; as scikit-learn's RandomForest*)",
    .tasks = CLEARN_CLASSIFY | CLEARN_REGRESS,
    .params = forest_params,
    .n_params = sizeof forest_params / sizeof *forest_params,
    .state_size = sizeof(struct forest),
    .fit = forest_fit,
    .predict = forest_predict,
    .predict_proba = forest_predict_proba,
    .save = forest_save,
    .load = forest_load,
    .destroy = forest_destroy,
    .print = forest_print,
};

/* bagging: as scikit-learn's BaggingClassifier / BaggingRegressor with
 * their default base estimator (a decision tree): 10 trees, each on a
 * bootstrap of the rows and a draw of the features made once per tree. */
static const clearn_param bagging_params[] = {
    {"n_trees", CLEARN_PARAM_INT, offsetof(struct forest, p.n_trees), "10", 1, 1e6, NULL,
     "trees in the ensemble", 0},
    {"max_samples", CLEARN_PARAM_STRING, offsetof(struct forest, p.max_samples), "", 1, 0,
     NULL, "rows drawn per tree: a count (500) or a fraction of the rows (0.5); empty: as "
     "many as there are rows", 0},
    {"max_features", CLEARN_PARAM_STRING, offsetof(struct forest, p.max_features), "all", 1,
     0, NULL, "features drawn per tree (once, not per node): all, a count (3) or a fraction "
     "(0.5, floored, at least 1)", 0},
    {"bootstrap", CLEARN_PARAM_BOOL, offsetof(struct forest, p.bootstrap), "true", 1, 0, NULL,
     "draw the rows with replacement (else without: max_samples distinct rows)", 0},
    {"bootstrap_features", CLEARN_PARAM_BOOL, offsetof(struct forest, p.bootstrap_features),
     "false", 1, 0, NULL, "draw the features with replacement (a repeat counts once)", 0},
    {"oob", CLEARN_PARAM_BOOL, offsetof(struct forest, p.oob), "false", 1, 0, NULL,
     "compute the out-of-bag score (accuracy or R^2) while fitting (needs bootstrap)", 0},
    {"criterion", CLEARN_PARAM_ENUM, offsetof(struct forest, p.criterion), "auto", 1, 0,
     criterion_choices, "each tree's, as cart's (absolute_error: bootstrap=0 only)", 0},
    {"max_depth", CLEARN_PARAM_INT, offsetof(struct forest, p.max_depth), "0", 0, 1e9, NULL,
     "deepest node of each tree; 0 = unlimited", 0},
    {"min_samples_split", CLEARN_PARAM_INT, offsetof(struct forest, p.min_samples_split), "2",
     2, 1e15, NULL, "fewest distinct rows a node needs to be split", 0},
    {"min_samples_leaf", CLEARN_PARAM_INT, offsetof(struct forest, p.min_samples_leaf), "1", 1,
     1e15, NULL, "fewest distinct rows in each child of a split", 0},
    {"min_impurity_decrease", CLEARN_PARAM_DOUBLE,
     offsetof(struct forest, p.min_impurity_decrease), "0", 0, DBL_MAX, NULL,
     "split only if the weighted impurity decrease is at least this", 0},
    {"max_leaf_nodes", CLEARN_PARAM_INT, offsetof(struct forest, p.max_leaf_nodes), "0", 0,
     1e15, NULL, "grow each tree best-first up to this many leaves (>= 2); 0 = unlimited", 0},
    {"class_weight", CLEARN_PARAM_STRING, offsetof(struct forest, p.class_weight), "", 1, 0,
     NULL, "as random_forest's: NAME:W,..., balanced or balanced_subsample; empty: none", 0},
    {"ccp_alpha", CLEARN_PARAM_DOUBLE, offsetof(struct forest, p.ccp_alpha), "0", 0, DBL_MAX,
     NULL, "minimal cost-complexity pruning of each tree; 0 = none", 0},
    {"seed", CLEARN_PARAM_INT, offsetof(struct forest, p.seed), "42", 0, (double)LONG_MAX,
     NULL, "seed of the row and feature draws", 0},
    {"threads", CLEARN_PARAM_INT, offsetof(struct forest, p.threads), "1", 0, 256, NULL,
     "threads growing trees and predicting (0 = all CPUs); results do not depend on it", 0},
};

const clearn_estimator_type clearn__bagging_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "bagging",
    .summary = "bagged CART trees (Breiman 1996; as scikit-learn's Bagging* of trees)",
    .tasks = CLEARN_CLASSIFY | CLEARN_REGRESS,
    .params = bagging_params,
    .n_params = sizeof bagging_params / sizeof *bagging_params,
    .state_size = sizeof(struct forest),
    .fit = bagging_fit,
    .predict = forest_predict,
    .predict_proba = forest_predict_proba,
    .save = forest_save,
    .load = bagging_load,
    .destroy = forest_destroy,
    .print = forest_print,
};

/* extra_trees: as scikit-learn's ExtraTreesClassifier / ExtraTreesRegressor
 * (Geurts, Ernst and Wehenkel 2006): random_forest's parameters, but no
 * bootstrap by default, and random thresholds. */
static const clearn_param extra_params[] = {FOREST_PARAMS("false")};

const clearn_estimator_type clearn__extra_trees_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "extra_trees",
    .summary = "extremely randomized trees (Geurts et al. 2006; as scikit-learn's ExtraTrees*)",
    .tasks = CLEARN_CLASSIFY | CLEARN_REGRESS,
    .params = extra_params,
    .n_params = sizeof extra_params / sizeof *extra_params,
    .state_size = sizeof(struct forest),
    .fit = extra_fit,
    .predict = forest_predict,
    .predict_proba = forest_predict_proba,
    .save = forest_save,
    .load = extra_load,
    .destroy = forest_destroy,
    .print = forest_print,
};
