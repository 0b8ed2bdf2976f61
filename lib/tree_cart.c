/* clearn — cart: classification and regression trees (Breiman, Friedman,
 * Olshen and Stone 1984), numerically as scikit-learn 1.2's
 * DecisionTreeClassifier and DecisionTreeRegressor grow them.
 *
 * Binary splits: x <= threshold (a midpoint between consecutive distinct
 * training values) for numeric attributes; a subset of categories for
 * nominal ones, found by ordering the categories (see tree_cart_grow.c).
 * Criteria gini, entropy (classification), squared_error, absolute_error
 * and poisson (regression); depth-first growth, or best-first with
 * max_leaf_nodes; minimal cost-complexity pruning with ccp_alpha.
 *
 * Missing values: each split learns where they go (the side that gives
 * the better split, as scikit-learn 1.3 does), and also considers sending
 * all of them one way and every known value the other. A split that saw no
 * missing value sends them, and categories that did not reach the node, to
 * the child with more training rows (ties: right).
 *
 * This file: parameters, fit set-up, prediction, model files and the
 * public extras of <clearn/tree.h>. Growing: tree_cart_grow.c; text, DOT,
 * pruning and importances: tree_cart_show.c. */
#include "config.h"
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tree_cart.h"
#include "pool.h"

static const char *const criterion_choices[] = {
    "auto", "gini", "entropy", "log_loss", "squared_error", "absolute_error", "poisson", NULL};

static const clearn_param cart_params[] = {
    {"criterion", CLEARN_PARAM_ENUM, offsetof(struct cart, p.criterion), "auto", 1, 0,
     criterion_choices,
     "split quality: auto (gini for a nominal class, squared_error for a numeric one), gini, "
     "entropy (= log_loss), squared_error, absolute_error, poisson", 0},
    {"max_depth", CLEARN_PARAM_INT, offsetof(struct cart, p.max_depth), "0", 0, 1e9, NULL,
     "deepest node (the root has depth 0); 0 = unlimited", 0},
    {"min_samples_split", CLEARN_PARAM_INT, offsetof(struct cart, p.min_samples_split), "2", 2,
     1e15, NULL, "fewest rows a node needs to be split", 0},
    {"min_samples_leaf", CLEARN_PARAM_INT, offsetof(struct cart, p.min_samples_leaf), "1", 1,
     1e15, NULL, "fewest rows in each child of a split", 0},
    {"min_impurity_decrease", CLEARN_PARAM_DOUBLE,
     offsetof(struct cart, p.min_impurity_decrease), "0", 0, DBL_MAX, NULL,
     "split only if the weighted impurity decrease (as scikit-learn's) is at least this", 0},
    {"max_features", CLEARN_PARAM_STRING, offsetof(struct cart, p.max_features), "all", 1, 0,
     NULL, "features searched per node, drawn at random (seed): all, sqrt, log2, a count (3) "
     "or a fraction (0.5)", 0},
    {"max_leaf_nodes", CLEARN_PARAM_INT, offsetof(struct cart, p.max_leaf_nodes), "0", 0, 1e15,
     NULL, "grow best-first up to this many leaves (>= 2); 0 = unlimited, depth-first", 0},
    {"class_weight", CLEARN_PARAM_STRING, offsetof(struct cart, p.class_weight), "", 1, 0, NULL,
     "weights of the classes: NAME:W,NAME:W... (others 1) or balanced "
     "(n / (classes x n_class)); empty: none", 0},
    {"ccp_alpha", CLEARN_PARAM_DOUBLE, offsetof(struct cart, p.ccp_alpha), "0", 0, DBL_MAX,
     NULL, "complexity parameter of minimal cost-complexity pruning; 0 = no pruning", 0},
    {"seed", CLEARN_PARAM_INT, offsetof(struct cart, p.seed), "42", 0, (double)LONG_MAX, NULL,
     "seed of the feature sampling (max_features)", 0},
    {"threads", CLEARN_PARAM_INT, offsetof(struct cart, p.threads), "1", 0, 256, NULL,
     "threads for sorting and searching large nodes (0 = all CPUs); the tree does not "
     "depend on it", 0},
    {"trace", CLEARN_PARAM_BOOL, offsetof(struct cart, p.trace), "false", 1, 0, NULL,
     "record every node's candidate splits for explain (clearn train --explain)", 0},
};

void clearn__cart_tree_free(struct cart_tree *t)
{
    clearn__free(t->nodes);
    clearn__free(t->value);
    clearn__free(t->dirs);
    memset(t, 0, sizeof *t);
}

static void cart_destroy(void *st)
{
    struct cart *m = st;
    clearn__cart_tree_free(&m->t);
    clearn__free(m->ncats);
    clearn__free(m->trace);
    m->ncats = NULL;
    m->trace = NULL;
    m->trace_len = m->trace_cap = 0;
    m->regress = m->crit = 0;
    m->d = m->cls = m->k = m->kv = 0;
}

/* ---- fit ------------------------------------------------------------------- */

/* The criterion the parameter names for this task. */
static int resolve_criterion(struct cart *m, clearn_error *err)
{
    static const int map[] = {-1, CART_GINI, CART_ENTROPY, CART_ENTROPY, CART_SQUARED,
                              CART_ABSOLUTE, CART_POISSON};
    int c = map[m->p.criterion];
    if (c < 0) {
        m->crit = m->regress ? CART_SQUARED : CART_GINI;
        return CLEARN_OK;
    }
    if ((c <= CART_ENTROPY) == !m->regress) {
        m->crit = c;
        return CLEARN_OK;
    }
    return clearn__error(err, CLEARN_EINVAL,
                         "cart: criterion=%s is for %s, but the class is %s",
                         criterion_choices[m->p.criterion],
                         m->regress ? "classification" : "regression",
                         m->regress ? "numeric" : "nominal");
}

/* max_features: all, sqrt, log2, a count or a fraction of p. */
static int resolve_max_features(const char *v, size_t p, size_t *out, clearn_error *err)
{
    double x;
    size_t len = strlen(v);
    if (!strcmp(v, "all") || !strcmp(v, "none") || !*v) {
        *out = p;
    } else if (!strcmp(v, "sqrt")) {
        *out = (size_t)sqrt((double)p);
    } else if (!strcmp(v, "log2")) {
        *out = p ? (size_t)log2((double)p) : 0;
    } else if (clearn__parse_double(v, len, &x) && x > 0 && x <= 1 && strchr(v, '.')) {
        *out = (size_t)(x * (double)p);
    } else if (clearn__parse_double(v, len, &x) && x >= 1 && x == floor(x) && !strchr(v, '.')
               && x <= 1e15) {
        *out = (size_t)x > p ? p : (size_t)x;
    } else {
        return clearn__error(err, CLEARN_EINVAL,
                             "cart: max_features='%s': expected all, sqrt, log2, a count >= 1 "
                             "or a fraction in (0, 1]", v);
    }
    if (*out < 1)
        *out = 1;
    return CLEARN_OK;
}

/* One NAME:W item of class_weight into cw. */
static int class_weight_item(const clearn_dataset *ds, const char *item, size_t len,
                             double *cw, clearn_error *err)
{
    const char *colon = NULL;
    double w;
    size_t code;
    char *name;
    int rc;
    for (size_t i = 0; i < len; i++)
        if (item[i] == ':')
            colon = item + i;
    if (!colon || !clearn__parse_double(colon + 1, len - (size_t)(colon + 1 - item), &w) ||
        !(w > 0) || !isfinite(w))
        return clearn__error(err, CLEARN_EINVAL,
                             "cart: class_weight item '%.*s': expected NAME:W with W > 0",
                             (int)len, item);
    if (!(name = clearn__strndup(item, (size_t)(colon - item))))
        return clearn__nomem(err);
    rc = clearn_dataset_category_code(ds, ds->cls, name, &code, NULL);
    if (rc == CLEARN_OK)
        cw[code] = w;
    else if (rc == CLEARN_ENOTFOUND)
        clearn__error(err, rc, "cart: class_weight: '%s' is not a class of '%s'", name,
                      ds->attrs[ds->cls].name);
    else
        clearn__nomem(err);
    clearn__free(name);
    return rc;
}

/* Class weights: 1, balanced (n / (present classes x count)), or listed. */
static int resolve_class_weight(const struct cart *m, const clearn_dataset *ds, double *cw,
                                clearn_error *err)
{
    const char *v = m->p.class_weight ? m->p.class_weight : "";
    for (size_t c = 0; c < m->k; c++)
        cw[c] = 1;
    if (!*v || !strcmp(v, "none"))
        return CLEARN_OK;
    if (m->regress)
        return clearn__error(err, CLEARN_EINVAL,
                             "cart: class_weight='%s' applies to a nominal class only", v);
    if (!strcmp(v, "balanced")) {
        size_t present = 0;
        for (size_t c = 0; c < m->k; c++)
            cw[c] = 0;
        for (size_t i = 0; i < ds->n; i++)
            cw[(size_t)ds->x[i * ds->d + ds->cls]] += 1;
        for (size_t c = 0; c < m->k; c++)
            present += cw[c] > 0;
        for (size_t c = 0; c < m->k; c++)
            cw[c] = cw[c] > 0 ? (double)ds->n / ((double)present * cw[c]) : 1;
        return CLEARN_OK;
    }
    while (*v) {
        size_t len = strcspn(v, ",");
        int rc = class_weight_item(ds, v, len, cw, err);
        if (rc != CLEARN_OK)
            return rc;
        v += len + (v[len] == ',');
    }
    return CLEARN_OK;
}

/* Poisson deviance needs y >= 0 and a positive total. */
static int check_poisson(const clearn_dataset *ds, clearn_error *err)
{
    double sum = 0;
    for (size_t i = 0; i < ds->n; i++) {
        double y = ds->x[i * ds->d + ds->cls];
        if (y < 0)
            return clearn__error(err, CLEARN_EINVAL,
                                 "cart: criterion=poisson needs '%s' >= 0; row %zu has %g",
                                 ds->attrs[ds->cls].name, i + 1, y);
        sum += y;
    }
    if (!(sum > 0))
        return clearn__error(err, CLEARN_EINVAL,
                             "cart: criterion=poisson needs a positive sum of '%s'",
                             ds->attrs[ds->cls].name);
    return CLEARN_OK;
}

static int check_params(const struct cart *m, clearn_error *err)
{
    if (m->p.max_leaf_nodes == 1)
        return clearn__error(err, CLEARN_EINVAL,
                             "cart: max_leaf_nodes=1: must be 0 (unlimited) or at least 2");
    if (m->p.threads < 0)
        return clearn__error(err, CLEARN_EINVAL, "cart: threads=%ld: must be >= 0 "
                             "(0 = all CPUs)", m->p.threads);
    return CLEARN_OK;
}

/* Schema facts the model keeps: attribute count, class, categories. */
static int keep_schema(struct cart *m, const clearn_dataset *ds, clearn_error *err)
{
    m->d = ds->d;
    m->cls = ds->cls;
    m->regress = ds->attrs[ds->cls].kind == CLEARN_NUMERIC;
    m->k = m->regress ? 0 : ds->attrs[ds->cls].n_cats;
    m->kv = m->regress ? 1 : m->k;
    if (!(m->ncats = clearn__calloc(ds->d, sizeof *m->ncats)))
        return clearn__nomem(err);
    for (size_t j = 0; j < ds->d; j++)
        m->ncats[j] = ds->attrs[j].kind == CLEARN_NOMINAL ? ds->attrs[j].n_cats : 0;
    if (!m->regress && !m->k)
        return clearn__error(err, CLEARN_EINVAL, "cart: the class '%s' has no categories",
                             ds->attrs[ds->cls].name);
    return CLEARN_OK;
}

void clearn__cart_setup_free(struct cart_setup *s)
{
    clearn__free(s->attr);
    clearn__free(s->cw);
    s->attr = NULL;
    s->cw = NULL;
}

int clearn__cart_setup(struct cart *m, const clearn_dataset *train, struct cart_setup *s,
                       clearn_error *err)
{
    int rc;
    memset(s, 0, sizeof *s);
    if ((rc = check_params(m, err)) != CLEARN_OK || (rc = keep_schema(m, train, err)) != CLEARN_OK ||
        (rc = resolve_criterion(m, err)) != CLEARN_OK)
        return rc;
    if (train->n >= UINT32_MAX)
        return clearn__error(err, CLEARN_ERANGE, "cart: %zu rows; at most %lu", train->n,
                             (unsigned long)UINT32_MAX - 1);
    if (m->crit == CART_POISSON && (rc = check_poisson(train, err)) != CLEARN_OK)
        return rc;
    s->n = train->n;
    s->p = train->d - 1;
    s->max_depth = m->p.max_depth ? (size_t)m->p.max_depth : SIZE_MAX;
    s->max_leaves = (size_t)m->p.max_leaf_nodes;
    s->threads = clearn__resolve_threads(m->p.threads);
    if ((rc = resolve_max_features(m->p.max_features ? m->p.max_features : "", s->p,
                                   &s->max_features, err)) != CLEARN_OK)
        return rc;
    s->attr = clearn__mallocarray(s->p + 1, sizeof *s->attr);
    s->cw = clearn__mallocarray(m->k + 1, sizeof *s->cw);
    if (!s->attr || !s->cw) {
        clearn__cart_setup_free(s);
        return clearn__nomem(err);
    }
    for (size_t j = 0, f = 0; j < train->d; j++)
        if (j != train->cls)
            s->attr[f++] = j;
    if ((rc = resolve_class_weight(m, train, s->cw, err)) != CLEARN_OK)
        clearn__cart_setup_free(s);
    return rc;
}

static int cart_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    struct cart *m = st;
    struct cart_setup s;
    int rc;
    cart_destroy(m);
    if ((rc = clearn__cart_setup(m, train, &s, err)) != CLEARN_OK)
        return rc;
    if ((rc = clearn__cart_grow(m, &s, train, err)) == CLEARN_OK && m->p.ccp_alpha > 0)
        rc = clearn__cart_prune(m, m->p.ccp_alpha, err);
    clearn__cart_setup_free(&s);
    return rc;
}

/* ---- prediction --------------------------------------------------------------- */

size_t clearn__cart_leaf(const struct cart *m, const double *row)
{
    const struct cart_node *nodes = m->t.nodes;
    size_t i = 0;
    while (nodes[i].left != CART_LEAF) {
        const struct cart_node *nd = &nodes[i];
        double v = row[nd->attr];
        int left;
        if (isnan(v)) {
            left = nd->missing_left;
        } else if (nd->cats != CART_LEAF) {
            unsigned char dir = v >= 0 && v < (double)m->ncats[nd->attr]
                                ? m->t.dirs[nd->cats + (size_t)v] : 0;
            left = dir ? dir == 1 : nd->missing_left;
        } else {
            left = v <= nd->threshold;
        }
        i = left ? nd->left : nd->right;
    }
    return i;
}

static int check_data(const struct cart *m, const clearn_dataset *x, clearn_error *err)
{
    if (!m->t.n_nodes)
        return clearn__error(err, CLEARN_ENOTFIT, "cart: not fitted");
    if (x->d != m->d)
        return clearn__error(err, CLEARN_ESCHEMA,
                             "cart: the model has %zu attributes but the data %zu", m->d,
                             x->d);
    return CLEARN_OK;
}

static int cart_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    const struct cart *m = st;
    int rc = check_data(m, x, err);
    for (size_t i = 0; rc == CLEARN_OK && i < x->n; i++) {
        const double *v = m->t.value + clearn__cart_leaf(m, x->x + i * x->d) * m->kv;
        size_t best = 0;
        if (m->regress) {
            out[i] = v[0];
            continue;
        }
        for (size_t c = 1; c < m->k; c++)
            if (v[c] > v[best])
                best = c;
        out[i] = (double)best;
    }
    return rc;
}

static int cart_predict_proba(const void *st, const clearn_dataset *x, double *out,
                              clearn_error *err)
{
    const struct cart *m = st;
    int rc = check_data(m, x, err);
    if (rc == CLEARN_OK && m->regress)
        return clearn__error(err, CLEARN_EINVAL,
                             "cart: no class probabilities for a numeric class");
    for (size_t i = 0; rc == CLEARN_OK && i < x->n; i++) {
        const double *v = m->t.value + clearn__cart_leaf(m, x->x + i * x->d) * m->kv;
        double sum = 0;
        for (size_t c = 0; c < m->k; c++)
            sum += v[c];
        for (size_t c = 0; c < m->k; c++)
            out[i * m->k + c] = sum > 0 ? v[c] / sum : 1.0 / (double)m->k;
    }
    return rc;
}

/* ---- model files ----------------------------------------------------------------- */

/* Node fields saved as columns of doubles (indices as exact integers, -1
 * for "none"). */
enum { COL_LEFT, COL_RIGHT, COL_ATTR, COL_THRESHOLD, COL_CATS, COL_MISSING, COL_SAMPLES,
       COL_WEIGHT, COL_IMPURITY, N_COLS };
static const char *const col_keys[N_COLS] = {"left", "right", "attr", "threshold", "cats",
                                             "missing_left", "samples", "weight", "impurity"};

static double size_or_none(size_t v)
{
    return v == CART_LEAF ? -1 : (double)v;
}

static double node_col(const struct cart_node *nd, int col)
{
    switch (col) {
    case COL_LEFT: return size_or_none(nd->left);
    case COL_RIGHT: return size_or_none(nd->right);
    case COL_ATTR: return (double)nd->attr;
    case COL_THRESHOLD: return nd->threshold;
    case COL_CATS: return size_or_none(nd->cats);
    case COL_MISSING: return nd->missing_left + 2 * nd->saw_missing;
    case COL_SAMPLES: return (double)nd->samples;
    case COL_WEIGHT: return nd->weight;
    default: return nd->impurity;
    }
}

static int cart_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct cart *m = st;
    size_t n = m->t.n_nodes;
    double *buf = clearn__mallocarray(n > m->d ? n : m->d, sizeof *buf);
    double *dirs = clearn__mallocarray(m->t.n_dirs + 1, sizeof *dirs);
    int rc = CLEARN_OK;
    if (!buf || !dirs)
        rc = clearn__nomem(err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "criterion", m->crit, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "attributes", m->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "class", m->cls, err);
    for (size_t j = 0; rc == CLEARN_OK && j < m->d; j++)
        buf[j] = (double)m->ncats[j];
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "categories", buf, m->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "nodes", n, err);
    for (int col = 0; rc == CLEARN_OK && col < N_COLS; col++) {
        for (size_t i = 0; i < n; i++)
            buf[i] = node_col(&m->t.nodes[i], col);
        rc = clearn_writer_doubles(w, col_keys[col], buf, n, err);
    }
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "value", m->t.value, n * m->kv, err);
    for (size_t i = 0; rc == CLEARN_OK && i < m->t.n_dirs; i++)
        dirs[i] = m->t.dirs[i];
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "directions", m->t.n_dirs, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "dirs", dirs, m->t.n_dirs, err);
    clearn__free(buf);
    clearn__free(dirs);
    return rc;
}

static int corrupt(clearn_error *err, const char *what, size_t i)
{
    return clearn__error(err, CLEARN_ECORRUPT, "cart model: node %zu: bad %s", i, what);
}

/* An index column value: -1 (none, if allowed) or an integer in [lo, hi). */
static int index_ok(double v, size_t lo, size_t hi, int none_ok, size_t *out)
{
    if (v == -1 && none_ok) {
        *out = CART_LEAF;
        return 1;
    }
    if (!(v >= (double)lo && v < (double)hi) || v != floor(v))
        return 0;
    *out = (size_t)v;
    return 1;
}

/* Stores column col of node i from v, checking it. */
static int set_col(struct cart *m, size_t i, int col, double v, clearn_error *err)
{
    struct cart_node *nd = &m->t.nodes[i];
    size_t n = m->t.n_nodes, x;
    switch (col) {
    case COL_LEFT:
    case COL_RIGHT:
        if (!index_ok(v, i + 1, n, 1, &x))
            return corrupt(err, col_keys[col], i);
        *(col == COL_LEFT ? &nd->left : &nd->right) = x;
        return CLEARN_OK;
    case COL_ATTR:
        if (!index_ok(v, 0, m->d, 0, &nd->attr))
            return corrupt(err, "attribute", i);
        return CLEARN_OK;
    case COL_THRESHOLD:
        if (isnan(v))
            return corrupt(err, "threshold", i);
        nd->threshold = v;
        return CLEARN_OK;
    case COL_CATS:
        if (!index_ok(v, 0, m->t.n_dirs + 1, 1, &nd->cats))
            return corrupt(err, "category offset", i);
        return CLEARN_OK;
    case COL_MISSING:
        if (v != 0 && v != 1 && v != 2 && v != 3)
            return corrupt(err, "missing_left", i);
        nd->missing_left = v == 1 || v == 3;
        nd->saw_missing = v >= 2;
        return CLEARN_OK;
    case COL_SAMPLES:
        if (!(v >= 1 && v <= 1e15) || v != floor(v))
            return corrupt(err, "sample count", i);
        nd->samples = (size_t)v;
        return CLEARN_OK;
    case COL_WEIGHT:
        if (!(v > 0) || !isfinite(v))
            return corrupt(err, "weight", i);
        nd->weight = v;
        return CLEARN_OK;
    default:
        if (isnan(v))
            return corrupt(err, "impurity", i);
        nd->impurity = v;
        return CLEARN_OK;
    }
}

/* The nodes must form one tree rooted at 0: every other node has exactly
 * one parent, and splits refer to valid attributes and category blocks. */
static int check_tree(struct cart *m, clearn_error *err)
{
    size_t n = m->t.n_nodes, *parents = clearn__calloc(n, sizeof *parents);
    int rc = CLEARN_OK;
    if (!parents)
        return clearn__nomem(err);
    for (size_t i = 0; rc == CLEARN_OK && i < n; i++) {
        struct cart_node *nd = &m->t.nodes[i];
        size_t nc = m->ncats[nd->attr];
        if ((nd->left == CART_LEAF) != (nd->right == CART_LEAF) || nd->left == nd->right) {
            rc = (nd->left == CART_LEAF && nd->right == CART_LEAF) ? CLEARN_OK
                 : corrupt(err, "children", i);
            continue;
        }
        parents[nd->left]++;
        parents[nd->right]++;
        if (nd->attr == m->cls)
            rc = corrupt(err, "attribute", i);
        if (nd->cats != CART_LEAF && (!nc || nd->cats + nc > m->t.n_dirs))
            rc = corrupt(err, "category block", i);
        if (nd->cats == CART_LEAF && nc)
            rc = corrupt(err, "split of a nominal attribute", i);
    }
    for (size_t i = 1; rc == CLEARN_OK && i < n; i++)
        if (parents[i] != 1)
            rc = corrupt(err, "parent count", i);
    clearn__free(parents);
    return rc;
}

/* Reads the schema facts; checks them. */
static int load_head(struct cart *m, clearn_reader *r, double **buf, clearn_error *err)
{
    long crit;
    int rc;
    if ((rc = clearn_reader_int(r, "criterion", &crit, err)) != CLEARN_OK ||
        (rc = clearn_reader_size(r, "attributes", &m->d, err)) != CLEARN_OK ||
        (rc = clearn_reader_size(r, "class", &m->cls, err)) != CLEARN_OK)
        return rc;
    if (crit < CART_GINI || crit > CART_POISSON)
        return clearn__error(err, CLEARN_ECORRUPT, "cart model: bad criterion %ld", crit);
    if (m->d < 1 || m->d > 100000000 || m->cls >= m->d)
        return clearn__error(err, CLEARN_ECORRUPT, "cart model: bad attribute count or class");
    m->crit = (int)crit;
    m->regress = crit >= CART_SQUARED;
    if (!(*buf = clearn__mallocarray(m->d, sizeof **buf)) ||
        !(m->ncats = clearn__calloc(m->d, sizeof *m->ncats)))
        return clearn__nomem(err);
    if ((rc = clearn_reader_doubles(r, "categories", *buf, m->d, err)) != CLEARN_OK)
        return rc;
    for (size_t j = 0; j < m->d; j++)
        if (!index_ok((*buf)[j], 0, 100000000, 0, &m->ncats[j]))
            return clearn__error(err, CLEARN_ECORRUPT, "cart model: bad category count");
    m->k = m->regress ? 0 : m->ncats[m->cls];
    m->kv = m->regress ? 1 : m->k;
    if ((m->regress && m->ncats[m->cls]) || !m->kv)
        return clearn__error(err, CLEARN_ECORRUPT, "cart model: the class does not fit the "
                             "criterion");
    return CLEARN_OK;
}

static size_t max_categories(const struct cart *m)
{
    size_t most = 0;
    for (size_t j = 0; j < m->d; j++)
        if (j != m->cls && m->ncats[j] > most)
            most = m->ncats[j];
    return most;
}

static int load_nodes(struct cart *m, clearn_reader *r, clearn_error *err)
{
    size_t n, nd;
    double *buf = NULL;
    int rc;
    if ((rc = clearn_reader_size(r, "nodes", &n, err)) != CLEARN_OK)
        return rc;
    if (n < 1 || n > ((size_t)1 << 33))
        return clearn__error(err, CLEARN_ECORRUPT, "cart model: bad node count %zu", n);
    m->t.nodes = clearn__calloc(n, sizeof *m->t.nodes);
    buf = clearn__mallocarray(n, sizeof *buf);
    if (!m->t.nodes || !buf || !(m->t.value = clearn__mallocarray(n, m->kv * sizeof(double)))) {
        clearn__free(buf);
        return clearn__nomem(err);
    }
    m->t.n_nodes = n;
    for (int col = 0; rc == CLEARN_OK && col < N_COLS; col++) {
        if (col == COL_CATS)        /* the directions come last: check_tree checks */
            m->t.n_dirs = SIZE_MAX - 1;
        rc = clearn_reader_doubles(r, col_keys[col], buf, n, err);
        for (size_t i = 0; rc == CLEARN_OK && i < n; i++)
            rc = set_col(m, i, col, buf[i], err);
    }
    clearn__free(buf);
    m->t.n_dirs = 0;
    if (rc == CLEARN_OK)
        rc = clearn_reader_doubles(r, "value", m->t.value, n * m->kv, err);
    for (size_t i = 0; rc == CLEARN_OK && i < n * m->kv; i++)
        if (!isfinite(m->t.value[i]) || (!m->regress && m->t.value[i] < 0))
            rc = corrupt(err, "value", i / m->kv);
    if (rc == CLEARN_OK && (rc = clearn_reader_size(r, "directions", &nd, err)) == CLEARN_OK &&
        nd > n * max_categories(m))     /* at most one block per node */
        rc = clearn__error(err, CLEARN_ECORRUPT, "cart model: bad direction count");
    if (rc != CLEARN_OK)
        return rc;
    if (!(m->t.dirs = clearn__malloc(nd + 1)) || !(buf = clearn__mallocarray(nd + 1, sizeof *buf)))
        return clearn__nomem(err);
    rc = clearn_reader_doubles(r, "dirs", buf, nd, err);
    for (size_t i = 0; rc == CLEARN_OK && i < nd; i++) {
        if (buf[i] != 0 && buf[i] != 1 && buf[i] != 2)
            rc = clearn__error(err, CLEARN_ECORRUPT, "cart model: bad direction %zu", i);
        m->t.dirs[i] = (unsigned char)buf[i];
    }
    m->t.n_dirs = nd;
    clearn__free(buf);
    return rc == CLEARN_OK ? check_tree(m, err) : rc;
}

static int cart_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct cart *m = st;
    double *buf = NULL;
    int rc;
    cart_destroy(m);
    rc = load_head(m, r, &buf, err);
    clearn__free(buf);
    return rc == CLEARN_OK ? load_nodes(m, r, err) : rc;
}

/* ---- public extras (<clearn/tree.h>) ------------------------------------------- */

/* The fitted cart state behind e, or NULL with err filled. */
static const struct cart *cart_of(const clearn_estimator *e, clearn_error *err)
{
    if (!e) {
        clearn__error(err, CLEARN_EINVAL, "tree: NULL estimator");
        return NULL;
    }
    if (clearn_estimator_get_type(e) != &clearn__cart_type) {
        clearn__error(err, CLEARN_EINVAL, "tree: the estimator is '%s', not cart",
                      clearn_estimator_get_type(e)->name);
        return NULL;
    }
    if (!clearn_estimator_is_fitted(e)) {
        clearn__error(err, CLEARN_ENOTFIT, "tree: the estimator is not fitted");
        return NULL;
    }
    return clearn__estimator_state(e);
}

int clearn_tree_info(const clearn_estimator *e, clearn_tree_stats *out, clearn_error *err)
{
    const clearn_estimator_type *t = e ? clearn_estimator_get_type(e) : NULL;
    const struct cart *m;
    size_t *depth;
    if (t == &clearn__c45_type || t == &clearn__id3_type)
        return clearn__c45_tree_info(e, out, err);
    if (t && t != &clearn__cart_type)
        return clearn__error(err, CLEARN_EINVAL, "tree: the estimator is '%s', not a tree "
                             "(cart, c45 or id3)", t->name);
    m = cart_of(e, err);
    if (!m)
        return err ? err->code : CLEARN_EINVAL;
    if (!out)
        return clearn__error(err, CLEARN_EINVAL, "tree: NULL output");
    if (!(depth = clearn__calloc(m->t.n_nodes, sizeof *depth)))
        return clearn__nomem(err);
    memset(out, 0, sizeof *out);
    out->nodes = m->t.n_nodes;
    out->features = m->d - 1;
    out->classes = m->k;
    for (size_t i = 0; i < m->t.n_nodes; i++) {
        const struct cart_node *nd = &m->t.nodes[i];
        if (depth[i] > out->depth)
            out->depth = depth[i];
        if (nd->left == CART_LEAF) {
            out->leaves++;
            continue;
        }
        depth[nd->left] = depth[nd->right] = depth[i] + 1;
    }
    clearn__free(depth);
    return CLEARN_OK;
}

int clearn_tree_feature_importances(const clearn_estimator *e, double *out, size_t n,
                                    clearn_error *err)
{
    const struct cart *m = cart_of(e, err);
    double *imp;
    if (!m)
        return err ? err->code : CLEARN_EINVAL;
    if (!out || n != m->d - 1)
        return clearn__error(err, CLEARN_EINVAL,
                             "tree: importances: room for %zu values given; the tree has %zu "
                             "features", out ? n : 0, m->d - 1);
    if (!(imp = clearn__calloc(m->d, sizeof *imp)))
        return clearn__nomem(err);
    clearn__cart_importances(m, imp);
    for (size_t j = 0, f = 0; j < m->d; j++)
        if (j != m->cls)
            out[f++] = imp[j];
    clearn__free(imp);
    return CLEARN_OK;
}

int clearn_cart_pruning_path(const clearn_estimator *e, const clearn_dataset *train,
                             double **ccp_alphas, double **impurities, size_t *n,
                             clearn_error *err)
{
    clearn_estimator *full;
    const struct cart *m;
    int rc;
    if (!e || !train || !ccp_alphas || !impurities || !n)
        return clearn__error(err, CLEARN_EINVAL, "cart: pruning path: NULL argument");
    *ccp_alphas = *impurities = NULL;
    *n = 0;
    if (clearn_estimator_get_type(e) != &clearn__cart_type)
        return clearn__error(err, CLEARN_EINVAL, "cart: pruning path: the estimator is '%s', "
                             "not cart", clearn_estimator_get_type(e)->name);
    if (!(full = clearn_estimator_clone(e, err)))
        return err ? err->code : CLEARN_ENOMEM;
    if ((rc = clearn_estimator_set(full, "ccp_alpha", "0", err)) == CLEARN_OK &&
        (rc = clearn_estimator_set(full, "trace", "false", err)) == CLEARN_OK &&
        (rc = clearn_estimator_fit(full, train, err)) == CLEARN_OK) {
        m = clearn__estimator_state(full);
        rc = clearn__cart_path(&m->t, ccp_alphas, impurities, n, err);
    }
    clearn_estimator_free(full);
    return rc;
}

/* ---- the type ----------------------------------------------------------------------- */

const clearn_estimator_type clearn__cart_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "cart",
    .summary = "CART decision tree (Breiman et al. 1984; as scikit-learn's DecisionTree*)",
    .tasks = CLEARN_CLASSIFY | CLEARN_REGRESS,
    .params = cart_params,
    .n_params = sizeof cart_params / sizeof *cart_params,
    .state_size = sizeof(struct cart),
    .fit = cart_fit,
    .predict = cart_predict,
    .predict_proba = cart_predict_proba,
    .save = cart_save,
    .load = cart_load,
    .destroy = cart_destroy,
    .print = clearn__cart_print,
    .dot = clearn__cart_dot,
    .explain = clearn__cart_explain,
};
