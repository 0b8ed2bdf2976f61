/* clearn — growing a C4.5 tree (release 8) the way Weka 3.6's J48 does.
 *
 * At a node holding weight W (fractional rows included):
 * - it stays a leaf when W < 2 min_leaf or one class holds all of W;
 * - every attribute proposes a split. A nominal attribute splits into one
 *   branch per category, and is usable when at least two branches get
 *   min_leaf. A numeric attribute is cut in two at the best of its cut
 *   points (between known values more than 1e-5 apart, each side holding
 *   at least min(25, max(min_leaf, 10% of the known weight per class)));
 *   its gain is then lowered by log2(cut points tried) / W (release 8's
 *   MDL correction), and it is usable while that gain stays above 0;
 * - gains are those of the rows whose value is known, scaled by their
 *   share of W; split info counts the unknown rows as one more branch;
 * - among the usable splits whose gain is at least the average gain (less
 *   1e-3) the highest gain ratio wins (ties: the first attribute). The
 *   average leaves out nominal attributes with at least 0.3 x rows
 *   categories unless every attribute is such;
 * - a numeric split's threshold becomes the largest value in the whole
 *   training data not above the cut (of values within 1e-6, the first in
 *   row order), so that printed thresholds are values seen in the data;
 * - rows with a missing value go down every branch, with their weight
 *   shared in proportion to the known weight of each branch.
 * Comparisons use Weka's tolerance of 1e-6. Attributes are sorted once;
 * each node's rows stay sorted by partitioning. */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tree_c45.h"

struct grow {
    const struct c45 *p;
    const clearn_dataset *ds;
    struct c45_data D;
    struct c45_tree *t;
    struct c45_text *log;
    size_t k, n_all, seq;
    double min_obj;
    int multi_val;                 /* every attribute nominal with many values */
    double **all;                  /* per sorted array: the training values, ascending */
    size_t *n_all_known;
    size_t *arr_of;                /* attribute -> its sorted array (numeric ones) */
    struct c45_cand *cand;         /* per attribute */
    double *dist, *bag, *known_cls, *cls, *frac;
    size_t *seg;
    size_t *stack, n_stack, cap_stack;   /* items of 5: node, s, n, top, n_ent */
    double *xlt;                   /* xlog2x of 0..n_all: weights are mostly whole */
};

#define VAL(g, e, a) ((g)->ds->x[(size_t)(g)->D.row[e] * (g)->ds->d + (a)])
#define CLS(g, e) ((size_t)VAL(g, e, (g)->ds->cls))

/* ---- split criteria (Weka's EntropyBasedSplitCrit and subclasses) ---------- */

/* x log2 x, from the table when x is a whole number of rows (the same
 * value, without the logarithm). */
static double xl(const struct grow *g, double x)
{
    if (x >= 0 && x <= (double)g->n_all && x == (double)(size_t)x)
        return g->xlt[(size_t)x];
    return clearn__c45_xlog2x(x);
}

/* Entropy of the classes in the bags, times their weight. */
static double new_ent(const struct grow *g, const double *dist, const double *bag, size_t nb)
{
    size_t k = g->k;
    double r = 0;
    for (size_t b = 0; b < nb; b++) {
        for (size_t c = 0; c < k; c++)
            r += xl(g, dist[b * k + c]);
        r -= xl(g, bag[b]);
    }
    return -r;
}

static double old_ent(const struct grow *g, const double *cls, double total)
{
    double r = 0;
    for (size_t c = 0; c < g->k; c++)
        r += xl(g, cls[c]);
    return xl(g, total) - r;
}

/* Gain per unit weight, scaled by the share of known weight. */
static double info_gain(double old, double nw, double known, double total)
{
    double num = (1 - (total - known) / total) * (old - nw);
    return C45_EQ(num, 0) ? 0 : num / known;
}

/* Split entropy with the unknown weight as one more bag (times weight). */
static double split_ent(const struct grow *g, const double *bag, size_t nb, double known,
                        double total)
{
    double r = 0;
    if (!C45_GR(known, 0))
        return 0;
    for (size_t b = 0; b < nb; b++)
        r -= xl(g, bag[b]);
    r -= xl(g, total - known);
    return r + xl(g, total);
}

static void set_ratio(const struct grow *g, struct c45_cand *c, const double *bag, size_t nb,
                      double known, double total)
{
    double se = split_ent(g, bag, nb, known, total);
    c->split_info = se / total;
    c->ratio = C45_EQ(se, 0) ? 0 : c->gain / (se / total);
}

/* ---- candidates ----------------------------------------------------------- */

/* Known class weights of [s, s+n) on attribute a into the bags. */
static double nominal_dist(struct grow *g, size_t a, size_t s, size_t n)
{
    size_t k = g->k, nv = g->ds->attrs[a].n_cats;
    double known = 0;
    memset(g->dist, 0, nv * k * sizeof *g->dist);
    memset(g->bag, 0, nv * sizeof *g->bag);
    memset(g->known_cls, 0, k * sizeof *g->known_cls);
    for (size_t i = 0; i < n; i++) {
        uint32_t e = g->D.arr[0][s + i];
        double v = VAL(g, e, a), w = g->D.w[e];
        size_t c;
        if (isnan(v))
            continue;
        c = CLS(g, e);
        g->dist[(size_t)v * k + c] += w;
        g->bag[(size_t)v] += w;
        g->known_cls[c] += w;
        known += w;
    }
    return known;
}

static void eval_nominal(struct grow *g, size_t a, size_t s, size_t n, double total,
                         struct c45_cand *c)
{
    size_t nv = g->ds->attrs[a].n_cats, big = 0;
    double known = nominal_dist(g, a, s, n), nw;
    for (size_t v = 0; v < nv; v++)
        big += C45_GREQ(g->bag[v], g->min_obj);
    if (big < 2) {
        c->why = "fewer than two branches would hold min_leaf rows";
        return;
    }
    nw = new_ent(g, g->dist, g->bag, nv);
    c->valid = 1;
    c->info = nw / known;
    c->gain = info_gain(old_ent(g, g->known_cls, known), nw, known, total);
    set_ratio(g, c, g->bag, nv, known, total);
}

/* Moves the entries o[from, to) from the upper bag (b1) to the lower (b0). */
static void shift(struct grow *g, const uint32_t *o, size_t from, size_t to, double *b0,
                  double *b1, double *pb0, double *pb1)
{
    for (size_t i = from; i < to; i++) {
        size_t c = CLS(g, o[i]);
        double w = g->D.w[o[i]];
        b1[c] -= w;
        b0[c] += w;
        *pb1 -= w;
        *pb0 += w;
    }
}

/* The two bags of cutting the sorted known entries o[0, known) after
 * position at. */
static void cut_dist(struct grow *g, const uint32_t *o, size_t at, size_t known)
{
    size_t k = g->k;
    memset(g->dist, 0, 2 * k * sizeof *g->dist);
    g->bag[0] = g->bag[1] = 0;
    for (size_t i = 0; i < known; i++) {
        size_t b = i > at;
        g->dist[b * k + CLS(g, o[i])] += g->D.w[o[i]];
        g->bag[b] += g->D.w[o[i]];
    }
}

/* The midpoint of a cut, kept below the upper value when rounding would
 * make them equal, and finite for huge values. */
static double midpoint(double lo, double hi)
{
    double m = (hi + lo) / 2;
    if (!isfinite(m))
        m = lo / 2 + hi / 2;
    return m == hi ? lo : m;
}

/* Known entries sorted by a into the upper bag; returns the known weight
 * and sets *known to their count. */
static double all_upper(struct grow *g, const uint32_t *o, size_t n, size_t a, size_t *known)
{
    size_t k = g->k, m = 0;
    double kw = 0;
    memset(g->dist, 0, 2 * k * sizeof *g->dist);
    memset(g->known_cls, 0, k * sizeof *g->known_cls);
    for (; m < n && !isnan(VAL(g, o[m], a)); m++) {
        size_t c = CLS(g, o[m]);
        double w = g->D.w[o[m]];
        g->dist[k + c] += w;
        g->known_cls[c] += w;
        kw += w;
    }
    *known = m;
    return kw;
}

/* The best cut of numeric attribute a by information gain. */
static void eval_numeric(struct grow *g, size_t a, size_t s, size_t n, double total,
                         struct c45_cand *c)
{
    const uint32_t *o = g->D.arr[g->arr_of[a]] + s;
    size_t k = g->k, known, last = 0, at = 0;
    double *b0 = g->dist, *b1 = g->dist + k, pb0 = 0, pb1, min_split, old, best = 0;
    pb1 = all_upper(g, o, n, a, &known);
    min_split = 0.1 * pb1 / (double)k;
    if (C45_SMEQ(min_split, g->min_obj))
        min_split = g->min_obj;
    else if (C45_GR(min_split, 25))
        min_split = 25;
    if (C45_SM((double)known, 2 * min_split)) {
        c->why = "too few rows with a known value";
        return;
    }
    old = old_ent(g, g->known_cls, pb1);
    for (size_t next = 1; next < known; next++) {
        if (!(VAL(g, o[next - 1], a) + 1e-5 < VAL(g, o[next], a)))
            continue;
        shift(g, o, last, next, b0, b1, &pb0, &pb1);
        last = next;
        if (C45_GREQ(pb0, min_split) && C45_GREQ(pb1, min_split)) {
            double bag[2] = {pb0, pb1};
            double gain = info_gain(old, new_ent(g, g->dist, bag, 2), pb0 + pb1, total);
            if (C45_GR(gain, best)) {
                best = gain;
                at = next - 1;
            }
            c->cuts++;
        }
    }
    if (!c->cuts) {
        c->why = "no cut point leaves enough rows on both sides";
        return;
    }
    if (g->p->mdl_correction)
        best -= log((double)c->cuts) / log(2.0) / total;
    if (C45_SMEQ(best, 0)) {
        c->why = g->p->mdl_correction ? "no cut point gains information after the MDL correction"
                                      : "no cut point gains information";
        return;
    }
    c->valid = 1;
    c->gain = best;
    c->at = at;
    c->known = known;
    c->cut = midpoint(VAL(g, o[at], a), VAL(g, o[at + 1], a));
    cut_dist(g, o, at, known);
    c->info = new_ent(g, g->dist, g->bag, 2) / (g->bag[0] + g->bag[1]);
    set_ratio(g, c, g->bag, 2, g->bag[0] + g->bag[1], total);
}

/* ---- choosing --------------------------------------------------------------- */

/* Evaluates every attribute; returns the chosen one (CLEARN_NONE: leaf)
 * and the average gain in *avg. */
static size_t choose(struct grow *g, size_t s, size_t n, double total, double *avg)
{
    const clearn_dataset *ds = g->ds;
    size_t best = CLEARN_NONE, valid = 0;
    double sum = 0, min_result = 0;
    for (size_t a = 0; a < ds->d; a++) {
        struct c45_cand *c = &g->cand[a];
        if (a == ds->cls)
            continue;
        memset(c, 0, sizeof *c);
        if (ds->attrs[a].kind == CLEARN_NUMERIC)
            eval_numeric(g, a, s, n, total, c);
        else
            eval_nominal(g, a, s, n, total, c);
        if (c->valid && (ds->attrs[a].kind == CLEARN_NUMERIC || g->multi_val ||
                         C45_SM((double)ds->attrs[a].n_cats, 0.3 * (double)g->n_all))) {
            c->averaged = 1;
            sum += c->gain;
            valid++;
        }
    }
    *avg = valid ? sum / (double)valid : 0;
    if (!valid)
        return CLEARN_NONE;
    for (size_t a = 0; a < ds->d; a++) {
        const struct c45_cand *c = &g->cand[a];
        if (a != ds->cls && c->valid && c->gain >= *avg - 1e-3 && C45_GR(c->ratio, min_result)) {
            best = a;
            min_result = c->ratio;
        }
    }
    return C45_EQ(min_result, 0) ? CLEARN_NONE : best;
}

/* The threshold replacing a cut (C45Split.setSplitPoint): J48 scans the
 * training values in row order and keeps each one not above the cut (within
 * 1e-6) that exceeds the one kept by more than 1e-6. That is the largest
 * such value M unless another lies within 1e-6 below M; only then is the
 * scan replayed. */
static double threshold(const struct grow *g, size_t a, double cut)
{
    const clearn_dataset *ds = g->ds;
    const double *v = g->all[g->arr_of[a]];
    size_t lo = 0, hi = g->n_all_known[g->arr_of[a]], j;
    double best = -DBL_MAX;
    while (lo < hi) {   /* the first value with v - cut >= 1e-6 */
        size_t mid = lo + (hi - lo) / 2;
        if (C45_SMEQ(v[mid], cut))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!lo)
        return cut;
    for (j = lo - 1; j > 0 && v[j - 1] == v[lo - 1]; j--)
        ;
    if (j == 0 || C45_GR(v[lo - 1], v[j - 1]))
        return v[lo - 1];
    for (size_t r = 0; r < ds->n; r++) {
        double x = ds->x[r * ds->d + a];
        if (!isnan(x) && C45_GR(x, best) && C45_SMEQ(x, cut))
            best = x;
    }
    return best;
}

/* The chosen split's bags with the unknown rows added in proportion
 * (Distribution.addInstWithUnknown); fills node i's and its children's
 * class weights and the branch fractions g->frac. */
static void split_dist(struct grow *g, size_t i, size_t a, size_t s, size_t n)
{
    struct c45_tree *t = g->t;
    const struct c45_cand *c = &g->cand[a];
    size_t k = g->k, nb = t->node[i].n_kids, first = t->node[i].kid;
    double known = 0, *cls = t->cls + i * k, total;
    if (t->node[i].numeric) {
        cut_dist(g, g->D.arr[g->arr_of[a]] + s, c->at, c->known);
        memset(cls, 0, k * sizeof *cls);
        for (size_t b = 0; b < 2; b++)
            for (size_t cl = 0; cl < k; cl++)
                cls[cl] += g->dist[b * k + cl];
        known = g->bag[0] + g->bag[1];
    } else {
        known = nominal_dist(g, a, s, n);
        memcpy(cls, g->known_cls, k * sizeof *cls);
    }
    for (size_t b = 0; b < nb; b++)
        g->frac[b] = C45_EQ(known, 0) ? 1.0 / (double)nb : g->bag[b] / known;
    total = known;
    for (size_t j = 0; j < n; j++) {
        uint32_t e = g->D.arr[0][s + j];
        double w = g->D.w[e];
        size_t cl;
        if (!isnan(VAL(g, e, a)))
            continue;
        cl = CLS(g, e);
        cls[cl] += w;
        total += w;
        for (size_t b = 0; b < nb; b++) {
            g->dist[b * k + cl] += g->frac[b] * w;
            g->bag[b] += g->frac[b] * w;
        }
    }
    t->node[i].total = total;
    for (size_t b = 0; b < nb; b++) {
        t->node[first + b].bag = g->bag[b];
        memcpy(t->bagcls + (first + b) * k, g->dist + b * k, k * sizeof *g->dist);
        g->frac[b] = g->bag[b] / total;   /* C45Split.weights */
    }
}

/* ---- growing ---------------------------------------------------------------- */

static int push(struct grow *g, size_t node, size_t s, size_t n, size_t top, size_t ent)
{
    if (g->n_stack + 5 > g->cap_stack) {
        size_t cap = g->cap_stack ? 2 * g->cap_stack : 80;
        size_t *p = clearn__reallocarray(g->stack, cap, sizeof *p);
        if (!p)
            return CLEARN_ENOMEM;
        g->stack = p;
        g->cap_stack = cap;
    }
    g->stack[g->n_stack++] = node;
    g->stack[g->n_stack++] = s;
    g->stack[g->n_stack++] = n;
    g->stack[g->n_stack++] = top;
    g->stack[g->n_stack++] = ent;
    return CLEARN_OK;
}

/* Makes node i a split on attribute a and pushes its branches. */
static int split_node(struct grow *g, size_t i, size_t a, size_t s, size_t n, double avg,
                      clearn_error *err)
{
    struct c45_tree *t = g->t;
    struct c45_node *x;
    size_t first, nb = g->ds->attrs[a].kind == CLEARN_NUMERIC ? 2 : g->ds->attrs[a].n_cats;
    size_t top = g->D.top, ent = g->D.n_ent;
    int rc;
    if ((rc = clearn__c45_tree_add(t, nb, i, &first, err)) != CLEARN_OK)
        return rc;
    x = &t->node[i];
    x->attr = a;
    x->kid = first;
    x->n_kids = nb;
    x->numeric = g->ds->attrs[a].kind == CLEARN_NUMERIC;
    if (x->numeric)
        x->thr = threshold(g, a, g->cand[a].cut);
    split_dist(g, i, a, s, n);
    if (g->log) {
        char num[64];
        clearn__c45_trace_table(g->log, g->ds, g->cand, &avg);
        clearn__c45_printf(g->log, "  split on %s (the highest gain ratio among the attributes "
                           "with at least the average gain)", g->ds->attrs[a].name);
        if (x->numeric) {
            clearn__c45_weka_number(x->thr, num, sizeof num);
            clearn__c45_printf(g->log, " at %s, the largest value in the data not above the cut",
                               num);
        }
        clearn__c45_printf(g->log, "\n");
    }
    if ((rc = clearn__c45_route(&g->D, x, g->frac, s, n, g->seg, err)) != CLEARN_OK)
        return rc;
    if (g->D.top != top && push(g, CLEARN_NONE, 0, 0, top, ent) != CLEARN_OK)
        return clearn__nomem(err);
    for (size_t b = nb; b-- > 0;)
        if (push(g, first + b, g->seg[2 * b], g->seg[2 * b + 1], 0, 0) != CLEARN_OK)
            return clearn__nomem(err);
    return CLEARN_OK;
}

static int grow_node(struct grow *g, size_t i, size_t s, size_t n, clearn_error *err)
{
    struct c45_tree *t = g->t;
    size_t k = g->k, a;
    double total, avg;
    const char *why = NULL;
    clearn__c45_class_weights(&g->D, s, n, t->cls + i * k, &total);
    t->node[i].total = total;
    if (i == 0) {
        t->node[0].bag = total;
        memcpy(t->bagcls, t->cls, k * sizeof *t->cls);
    }
    if (g->log)
        clearn__c45_trace_node(g->log, t, g->ds, i, ++g->seq, t->cls + i * k, total);
    if (C45_EQ(total, t->cls[i * k + clearn__c45_argmax(t->cls + i * k, k)]))
        why = "pure";
    else if (C45_SM(total, 2 * g->min_obj))
        why = "fewer than 2 x min_leaf rows";
    else if ((a = choose(g, s, n, total, &avg)) != CLEARN_NONE)
        return split_node(g, i, a, s, n, avg, err);
    else if (g->log)
        clearn__c45_trace_table(g->log, g->ds, g->cand, &avg);
    t->node[i].empty = C45_EQ(total, 0);
    if (g->log)
        clearn__c45_trace_leaf(g->log, g->ds, t->cls + i * k, total,
                               why ? why : "no usable split");
    return CLEARN_OK;
}

/* Every numeric attribute's training values, ascending (for thresholds),
 * and whether every attribute is nominal with many values. */
static int prepare(struct grow *g, clearn_error *err)
{
    const clearn_dataset *ds = g->ds;
    size_t nn = g->D.n_arr;
    g->all = clearn__calloc(nn, sizeof *g->all);
    g->n_all_known = clearn__calloc(nn, sizeof *g->n_all_known);
    g->arr_of = clearn__calloc(ds->d, sizeof *g->arr_of);
    if (!g->all || !g->n_all_known || !g->arr_of)
        return clearn__nomem(err);
    for (size_t i = 1; i < nn; i++) {
        size_t a = g->D.num[i - 1], m = 0;
        g->arr_of[a] = i;
        if (!(g->all[i] = clearn__mallocarray(ds->n ? ds->n : 1, sizeof **g->all)))
            return clearn__nomem(err);
        while (m < ds->n && !isnan(VAL(g, g->D.arr[i][m], a))) {
            g->all[i][m] = VAL(g, g->D.arr[i][m], a);
            m++;
        }
        g->n_all_known[i] = m;
    }
    g->multi_val = 1;
    for (size_t a = 0; a < ds->d; a++)
        if (a != ds->cls && (ds->attrs[a].kind == CLEARN_NUMERIC ||
                             C45_SM((double)ds->attrs[a].n_cats, 0.3 * (double)ds->n)))
            g->multi_val = 0;
    return CLEARN_OK;
}

static void grow_free(struct grow *g)
{
    for (size_t i = 0; g->all && i < g->D.n_arr; i++)
        clearn__free(g->all[i]);
    clearn__free(g->all);
    clearn__free(g->n_all_known);
    clearn__free(g->arr_of);
    clearn__c45_data_free(&g->D);
    clearn__free(g->cand);
    clearn__free(g->dist);
    clearn__free(g->bag);
    clearn__free(g->known_cls);
    clearn__free(g->frac);
    clearn__free(g->seg);
    clearn__free(g->stack);
    clearn__free(g->xlt);
}

static int grow_init(struct grow *g, clearn_error *err)
{
    const clearn_dataset *ds = g->ds;
    size_t mb = 2, k = g->k;
    int rc;
    for (size_t a = 0; a < ds->d; a++)
        if (a != ds->cls && ds->attrs[a].n_cats > mb)
            mb = ds->attrs[a].n_cats;
    if ((rc = clearn__c45_data_init(&g->D, ds, 1, err)) != CLEARN_OK)
        return rc;
    g->cand = clearn__calloc(ds->d, sizeof *g->cand);
    g->dist = clearn__mallocarray(mb, k * sizeof *g->dist);
    g->bag = clearn__mallocarray(mb, sizeof *g->bag);
    g->known_cls = clearn__mallocarray(k, sizeof *g->known_cls);
    g->frac = clearn__mallocarray(mb, sizeof *g->frac);
    g->seg = clearn__mallocarray(mb, 2 * sizeof *g->seg);
    g->xlt = clearn__mallocarray(ds->n + 1, sizeof *g->xlt);
    if (!g->cand || !g->dist || !g->bag || !g->known_cls || !g->frac || !g->seg || !g->xlt)
        return clearn__nomem(err);
    for (size_t i = 0; i <= ds->n; i++)
        g->xlt[i] = clearn__c45_xlog2x((double)i);
    return prepare(g, err);
}

int clearn__c45_grow(const struct c45 *p, const clearn_dataset *ds, struct c45_tree *t,
                     struct c45_text *log, clearn_error *err)
{
    struct grow g;
    size_t root;
    int rc;
    memset(&g, 0, sizeof g);
    g.p = p;
    g.ds = ds;
    g.t = t;
    g.log = log;
    g.k = t->k;
    g.n_all = ds->n;
    g.min_obj = (double)p->min_leaf;
    if ((rc = grow_init(&g, err)) == CLEARN_OK &&
        (rc = clearn__c45_tree_add(t, 1, 0, &root, err)) == CLEARN_OK &&
        push(&g, root, 0, ds->n, 0, 0) != CLEARN_OK)
        rc = clearn__nomem(err);
    while (rc == CLEARN_OK && g.n_stack) {
        size_t ent = g.stack[--g.n_stack], top = g.stack[--g.n_stack];
        size_t n = g.stack[--g.n_stack], s = g.stack[--g.n_stack], i = g.stack[--g.n_stack];
        if (i == CLEARN_NONE) {   /* a node's copied branches are done */
            g.D.top = top;
            g.D.n_ent = ent;
            continue;
        }
        rc = grow_node(&g, i, s, n, err);
    }
    grow_free(&g);
    return rc;
}
