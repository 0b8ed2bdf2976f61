/* clearn — simplifying a grown C4.5 tree as Weka 3.6's J48 does.
 *
 * Collapsing: a subtree whose leaves misclassify at least as much training
 * weight as the node would on its own (less 1e-3) becomes a leaf.
 *
 * Pessimistic pruning, bottom up: a node's estimated errors are its
 * training errors E plus the upper confidence limit's excess (Quinlan
 * 1993, section 4.2: the normal approximation with continuity correction;
 * for E < 1 the exact binomial bound at E = 0 and linear interpolation).
 * A node becomes a leaf when that costs at most the subtree's estimate (and
 * the largest branch's) plus 0.1; otherwise, with subtree raising, the
 * largest branch replaces the node when its estimate, on all of the node's
 * training rows, is at most the subtree's plus 0.1, and the node is pruned
 * again. The rows are routed down the tree again when needed instead of
 * being kept at every node. Every walk is iterative. */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tree_c45.h"

/* ---- error estimates -------------------------------------------------------- */

/* The standard normal quantile of p, to full precision (a rational start,
 * refined by Halley steps on erfc). */
static double normal_quantile(double p)
{
    double q = p < 0.5 ? p : 1 - p, t = sqrt(-2 * log(q));
    double x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
                       (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
    if (p < 0.5)
        x = -x;
    for (int i = 0; i < 4; i++) {
        double e = 0.5 * erfc(-x / sqrt(2.0)) - p;
        double u = e * 2.5066282746310002 * exp(x * x / 2);   /* sqrt(2 pi) */
        x -= u / (1 + x * u / 2);
    }
    return x;
}

/* Errors to add to e observed among n (Weka's Stats.addErrs); cf is the
 * confidence as the float J48 keeps, z its normal quantile. */
static double add_errs(double n, double e, double cf, double z)
{
    double f, r;
    if (e < 1) {
        double base = n * (1 - pow(cf, 1 / n));
        return e == 0 ? base : base + e * (add_errs(n, 1, cf, z) - base);
    }
    if (e + 0.5 >= n)
        return n - e > 0 ? n - e : 0;
    f = (e + 0.5) / n;
    r = (f + (z * z) / (2 * n) + z * sqrt((f / n) - (f * f / n) + (z * z / (4 * n * n)))) /
        (1 + (z * z) / n);
    return r * n - e;
}

struct prune {
    const struct c45 *p;
    const clearn_dataset *ds;
    struct c45_tree *t;
    struct c45_text *log;
    struct c45_data D;
    size_t k;
    double cf, z;
    double *dist, *bag, *cls, *frac;   /* a reset distribution */
    size_t *seg, n_seg, cap_seg;       /* branch segments of the frames */
    size_t *walk, n_walk, cap_walk;    /* triples: node, s, n */
    size_t *nodes, cap_nodes;          /* a subtree's nodes */
    int complete;                      /* no attribute value is missing */
    double *extra;                     /* per node: class weights of rows added */
};

static double training_errors(const double *cls, double total, size_t k)
{
    return total - cls[clearn__c45_argmax(cls, k)];
}

static double estimate(const struct prune *g, const double *cls, double total)
{
    double e;
    if (C45_EQ(total, 0))
        return 0;
    e = training_errors(cls, total, g->k);
    return e + add_errs(total, e, g->cf, g->z);
}

/* ---- walks -------------------------------------------------------------------- */

static int todo_push(struct prune *g, size_t node, size_t s, size_t n)
{
    if (g->n_walk + 3 > g->cap_walk) {
        size_t cap = g->cap_walk ? 2 * g->cap_walk : 48;
        size_t *p = clearn__reallocarray(g->walk, cap, sizeof *p);
        if (!p)
            return CLEARN_ENOMEM;
        g->walk = p;
        g->cap_walk = cap;
    }
    g->walk[g->n_walk++] = node;
    g->walk[g->n_walk++] = s;
    g->walk[g->n_walk++] = n;
    return CLEARN_OK;
}

/* The nodes of i's subtree into g->nodes (parents before children);
 * returns how many, or 0 when out of memory. */
static size_t subtree(struct prune *g, size_t i)
{
    const struct c45_tree *t = g->t;
    size_t len = 1;
    if (!g->cap_nodes) {
        if (!(g->nodes = clearn__mallocarray(t->n, sizeof *g->nodes)))
            return 0;
        g->cap_nodes = t->n;
    }
    g->nodes[0] = i;
    for (size_t q = 0; q < len; q++)
        for (size_t j = 0; j < t->node[g->nodes[q]].n_kids; j++)
            g->nodes[len++] = t->node[g->nodes[q]].kid + j;
    return len;
}

/* Node x's split applied to the segment's rows (resetDistribution): the
 * known rows by branch, then the others shared in proportion; fills
 * g->dist, g->bag, g->cls, g->frac and returns the total. */
static double reset_dist(struct prune *g, const struct c45_node *x, size_t s, size_t n)
{
    const clearn_dataset *ds = g->ds;
    size_t k = g->k, nb = x->n_kids;
    double known = 0, total = 0;
    memset(g->dist, 0, nb * k * sizeof *g->dist);
    memset(g->bag, 0, nb * sizeof *g->bag);
    memset(g->cls, 0, k * sizeof *g->cls);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            uint32_t e = g->D.arr[0][s + i];
            const double *row = ds->x + (size_t)g->D.row[e] * ds->d;
            long b = clearn__c45_which(x, row[x->attr]);
            size_t c = (size_t)row[ds->cls];
            double w = g->D.w[e];
            if ((b >= 0) == (pass == 1))
                continue;
            g->cls[c] += w;
            if (pass == 0) {
                g->dist[(size_t)b * k + c] += w;
                g->bag[b] += w;
                known += w;
                continue;
            }
            total += w;
            for (size_t j = 0; j < nb; j++) {
                g->dist[j * k + c] += g->frac[j] * w;
                g->bag[j] += g->frac[j] * w;
            }
        }
        if (pass == 0) {
            for (size_t j = 0; j < nb; j++)
                g->frac[j] = C45_EQ(known, 0) ? 1.0 / (double)nb : g->bag[j] / known;
            total = known;
        }
    }
    for (size_t j = 0; j < nb; j++)
        g->frac[j] = g->bag[j] / total;
    return total;
}

/* Room for `extra` more segment numbers after g->n_seg. */
static int reserve_seg(struct prune *g, size_t extra)
{
    size_t *p, cap;
    if (g->n_seg + extra <= g->cap_seg)
        return CLEARN_OK;
    cap = 2 * (g->n_seg + extra);
    if (!(p = clearn__reallocarray(g->seg, cap, sizeof *p)))
        return CLEARN_ENOMEM;
    g->seg = p;
    g->cap_seg = cap;
    return CLEARN_OK;
}

/* Routes the rows through a split with the reset distribution's fractions
 * and pushes the branches (and a marker to free copied rows). */
static int todo_split(struct prune *g, const struct c45_node *x, size_t s, size_t n,
                      clearn_error *err)
{
    size_t top = g->D.top, ent = g->D.n_ent;
    int rc;
    if (reserve_seg(g, 2 * x->n_kids) != CLEARN_OK)
        return clearn__nomem(err);
    rc = clearn__c45_route(&g->D, x, g->frac, s, n, g->seg + g->n_seg, err);
    if (rc != CLEARN_OK)
        return rc;
    if (g->D.top != top && todo_push(g, CLEARN_NONE, top, ent) != CLEARN_OK)
        return clearn__nomem(err);
    for (size_t j = x->n_kids; j-- > 0;)
        if (todo_push(g, x->kid + j, g->seg[g->n_seg + 2 * j], g->seg[g->n_seg + 2 * j + 1]) !=
            CLEARN_OK)
            return clearn__nomem(err);
    return CLEARN_OK;
}

/* The next item of a walk, after freeing copies at markers; 0 when done. */
static int todo_pop(struct prune *g, size_t *i, size_t *s, size_t *n)
{
    while (g->n_walk) {
        *n = g->walk[--g->n_walk];
        *s = g->walk[--g->n_walk];
        *i = g->walk[--g->n_walk];
        if (*i != CLEARN_NONE)
            return 1;
        g->D.top = *s;
        g->D.n_ent = *n;
    }
    return 0;
}

/* branch_errors when no value is missing: then the rows of branch b
 * (child i) fall exactly into its leaves' counts, so only the node's other
 * rows are sent down, one at a time, and added to the leaves' counts. */
static int branch_errors_complete(struct prune *g, size_t i, size_t s, size_t n, size_t bs,
                                  size_t bn, double *sum, clearn_error *err)
{
    const struct c45_tree *t = g->t;
    const clearn_dataset *ds = g->ds;
    size_t k = g->k, len;
    if (!g->extra && !(g->extra = clearn__calloc(t->n, (k + 1) * sizeof *g->extra)))
        return clearn__nomem(err);
    for (size_t q = s; q < s + n; q++) {
        uint32_t e = g->D.arr[0][q];
        const double *row = ds->x + (size_t)g->D.row[e] * ds->d;
        size_t y = i;
        if (q >= bs && q < bs + bn)
            continue;
        while (t->node[y].n_kids)
            y = t->node[y].kid + (size_t)clearn__c45_which(&t->node[y], row[t->node[y].attr]);
        g->extra[y * (k + 1) + (size_t)row[ds->cls]] += g->D.w[e];
        g->extra[y * (k + 1) + k] += g->D.w[e];
    }
    if (!(len = subtree(g, i)))
        return clearn__nomem(err);
    *sum = 0;
    for (size_t q = 0; q < len; q++) {
        size_t y = g->nodes[q];
        double *x = g->extra + y * (k + 1);
        if (t->node[y].n_kids)
            continue;
        for (size_t c = 0; c < k; c++)
            g->cls[c] = t->cls[y * k + c] + x[c];
        *sum += estimate(g, g->cls, t->node[y].total + x[k]);
        memset(x, 0, (k + 1) * sizeof *x);
    }
    return CLEARN_OK;
}

/* Estimated errors of subtree i on the given rows
 * (getEstimatedErrorsForBranch). */
static int branch_errors(struct prune *g, size_t root, size_t s, size_t n, double *sum,
                         clearn_error *err)
{
    size_t top = g->D.top, ent = g->D.n_ent, i;
    int rc = todo_push(g, root, s, n) == CLEARN_OK ? CLEARN_OK : clearn__nomem(err);
    *sum = 0;
    while (rc == CLEARN_OK && todo_pop(g, &i, &s, &n)) {
        const struct c45_node *x = &g->t->node[i];
        double total;
        if (!x->n_kids) {
            clearn__c45_class_weights(&g->D, s, n, g->cls, &total);
            *sum += estimate(g, g->cls, total);
            continue;
        }
        reset_dist(g, x, s, n);
        rc = todo_split(g, x, s, n, err);
    }
    g->n_walk = 0;
    g->D.top = top;
    g->D.n_ent = ent;
    return rc;
}

/* Recomputes the distributions of subtree i from the given rows
 * (newDistribution). */
static int redistribute(struct prune *g, size_t root, size_t s, size_t n, clearn_error *err)
{
    struct c45_tree *t = g->t;
    size_t top = g->D.top, ent = g->D.n_ent, i, k = g->k;
    int rc = todo_push(g, root, s, n) == CLEARN_OK ? CLEARN_OK : clearn__nomem(err);
    while (rc == CLEARN_OK && todo_pop(g, &i, &s, &n)) {
        struct c45_node *x = &t->node[i];
        if (!x->n_kids) {
            clearn__c45_class_weights(&g->D, s, n, t->cls + i * k, &x->total);
            if (!C45_EQ(x->total, 0))
                x->empty = 0;
            continue;
        }
        x->total = reset_dist(g, x, s, n);
        memcpy(t->cls + i * k, g->cls, k * sizeof *g->cls);
        for (size_t j = 0; j < x->n_kids; j++) {
            t->node[x->kid + j].bag = g->bag[j];
            memcpy(t->bagcls + (x->kid + j) * k, g->dist + j * k, k * sizeof *g->dist);
        }
        rc = todo_split(g, x, s, n, err);
    }
    g->n_walk = 0;
    g->D.top = top;
    g->D.n_ent = ent;
    return rc;
}

/* ---- collapsing ---------------------------------------------------------------- */

int clearn__c45_collapse(struct c45_tree *t, const clearn_dataset *ds, struct c45_text *log,
                         clearn_error *err)
{
    size_t k = t->k, len = 1, *order = clearn__mallocarray(t->n, sizeof *order);
    double *sub = clearn__mallocarray(t->n, sizeof *sub);
    if (!order || !sub) {
        clearn__free(order);
        clearn__free(sub);
        return clearn__nomem(err);
    }
    order[0] = 0;
    for (size_t q = 0; q < len; q++)
        for (size_t j = 0; j < t->node[order[q]].n_kids; j++)
            order[len++] = t->node[order[q]].kid + j;
    for (size_t q = len; q-- > 0;) {   /* training errors of each subtree */
        const struct c45_node *x = &t->node[order[q]];
        sub[order[q]] = 0;
        if (!x->n_kids)
            sub[order[q]] = training_errors(t->cls + order[q] * k, x->total, k);
        for (size_t j = 0; j < x->n_kids; j++)
            sub[order[q]] += sub[x->kid + j];
    }
    len = 1;
    for (size_t q = 0; q < len; q++) {   /* top down */
        struct c45_node *x = &t->node[order[q]];
        double own = training_errors(t->cls + order[q] * k, x->total, k);
        if (!x->n_kids)
            continue;
        if (sub[order[q]] >= own - 1e-3) {
            if (log) {
                clearn__c45_printf(log, "collapse ");
                clearn__c45_path(t, ds, order[q], log);
                clearn__c45_printf(log, ": the subtree's %.4g training errors are no fewer "
                                   "than the node's %.4g: a leaf\n", sub[order[q]], own);
            }
            x->n_kids = 0;
            x->attr = CLEARN_NONE;
            continue;
        }
        for (size_t j = 0; j < x->n_kids; j++)
            order[len++] = x->kid + j;
    }
    clearn__free(order);
    clearn__free(sub);
    return CLEARN_OK;
}

/* ---- pruning ------------------------------------------------------------------- */

enum { START, KIDS, DECIDE };

struct frame {
    size_t node, s, n, top, ent, seg0, i;
    int state;
};

/* Estimated errors of the leaves of subtree i, or -1 when out of memory. */
static double tree_errors(struct prune *g, size_t i)
{
    size_t len = subtree(g, i);
    double sum = 0;
    if (!len)
        return -1;
    for (size_t q = 0; q < len; q++) {
        const struct c45_node *x = &g->t->node[g->nodes[q]];
        if (!x->n_kids)
            sum += estimate(g, g->t->cls + g->nodes[q] * g->k, x->total);
    }
    return sum;
}

static void trace_decision(struct prune *g, size_t i, double leaf, double tree, double branch,
                           const char *what)
{
    if (!g->log)
        return;
    clearn__c45_printf(g->log, "prune ");
    clearn__c45_path(g->t, g->ds, i, g->log);
    clearn__c45_printf(g->log, ": estimated errors as a leaf %.3f, of the subtree %.3f", leaf,
                       tree);
    if (branch < DBL_MAX)
        clearn__c45_printf(g->log, ", of its largest branch %.3f", branch);
    clearn__c45_printf(g->log, ": %s\n", what);
}

/* Node i takes over its branch b's split and branches (or becomes a leaf
 * when b is one). */
static void raise_branch(struct c45_tree *t, size_t i, size_t b)
{
    struct c45_node *x = &t->node[i];
    const struct c45_node *y = &t->node[x->kid + b];
    x->attr = y->attr;
    x->thr = y->thr;
    x->numeric = y->numeric;
    x->kid = y->kid;
    x->n_kids = y->n_kids;
    for (size_t j = 0; j < x->n_kids; j++)
        t->parent[x->kid + j] = i;
}

/* The pruning decision at a node whose branches are pruned. Sets *again
 * when the node raised a branch and must be pruned again. */
static int decide(struct prune *g, const struct frame *f, int *again, clearn_error *err)
{
    struct c45_tree *t = g->t;
    struct c45_node *x = &t->node[f->node];
    size_t big = 0;
    double max = 0, branch = DBL_MAX, leaf, tree;
    int rc;
    *again = 0;
    for (size_t j = 0; j < x->n_kids; j++)   /* maxBag: ties go to the last */
        if (C45_GREQ(t->node[x->kid + j].bag, max)) {
            max = t->node[x->kid + j].bag;
            big = j;
        }
    if (g->p->subtree_raising && g->complete)
        rc = branch_errors_complete(g, x->kid + big, f->s, f->n, g->seg[f->seg0 + 2 * big],
                                    g->seg[f->seg0 + 2 * big + 1], &branch, err);
    else if (g->p->subtree_raising)
        rc = branch_errors(g, x->kid + big, f->s, f->n, &branch, err);
    else
        rc = CLEARN_OK;
    if (rc != CLEARN_OK)
        return rc;
    leaf = estimate(g, t->cls + f->node * g->k, x->total);
    if ((tree = tree_errors(g, f->node)) < 0)
        return clearn__nomem(err);
    if (C45_SMEQ(leaf, tree + 0.1) && C45_SMEQ(leaf, branch + 0.1)) {
        trace_decision(g, f->node, leaf, tree, branch, "a leaf");
        x->n_kids = 0;
        x->attr = CLEARN_NONE;
        return CLEARN_OK;
    }
    if (!C45_SMEQ(branch, tree + 0.1)) {
        trace_decision(g, f->node, leaf, tree, branch, "kept");
        return CLEARN_OK;
    }
    trace_decision(g, f->node, leaf, tree, branch, "replaced by its largest branch");
    raise_branch(t, f->node, big);
    *again = 1;
    return redistribute(g, f->node, f->s, f->n, err);
}

static int push_frame(struct frame **fr, size_t *n, size_t *cap, struct frame f)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 32;
        struct frame *p = clearn__reallocarray(*fr, c, sizeof *p);
        if (!p)
            return CLEARN_ENOMEM;
        *fr = p;
        *cap = c;
    }
    (*fr)[(*n)++] = f;
    return CLEARN_OK;
}

/* Routes a frame's rows to its branches with the node's own fractions. */
static int start_frame(struct prune *g, struct frame *f, clearn_error *err)
{
    const struct c45_node *x = &g->t->node[f->node];
    size_t nk = x->n_kids;
    g->D.top = f->top;
    g->D.n_ent = f->ent;
    g->n_seg = f->seg0;
    if (reserve_seg(g, 2 * nk) != CLEARN_OK)
        return clearn__nomem(err);
    for (size_t j = 0; j < nk; j++)
        g->frac[j] = g->t->node[x->kid + j].bag / x->total;
    if (clearn__c45_route(&g->D, x, g->frac, f->s, f->n, g->seg + g->n_seg, err) != CLEARN_OK)
        return err ? err->code : CLEARN_ENOMEM;
    g->n_seg += 2 * nk;
    f->i = 0;
    f->state = KIDS;
    return CLEARN_OK;
}

/* Leaves a frame: the rows its subtree copied are freed. */
static void pop_frame(struct prune *g, const struct frame *f)
{
    g->D.top = f->top;
    g->D.n_ent = f->ent;
    g->n_seg = f->seg0;
}

static int prune_all(struct prune *g, clearn_error *err)
{
    struct frame *fr = NULL, root = {0, 0, g->ds->n, g->D.top, g->D.n_ent, 0, 0, START};
    size_t n_fr = 0, cap_fr = 0;
    int rc = push_frame(&fr, &n_fr, &cap_fr, root) == CLEARN_OK ? CLEARN_OK : clearn__nomem(err);
    while (rc == CLEARN_OK && n_fr) {
        struct frame *f = &fr[n_fr - 1];
        size_t nk = g->t->node[f->node].n_kids;
        int again = 0;
        if (f->state == START && !nk) {
            pop_frame(g, f);
            n_fr--;
        } else if (f->state == START) {
            rc = start_frame(g, f, err);
        } else if (f->state == KIDS && f->i < nk) {
            size_t j = f->i++, *sg = g->seg + f->seg0 + 2 * j;
            struct frame c = {g->t->node[f->node].kid + j, sg[0], sg[1], g->D.top, g->D.n_ent,
                              g->n_seg, 0, START};
            if (push_frame(&fr, &n_fr, &cap_fr, c) != CLEARN_OK)
                rc = clearn__nomem(err);
        } else if (f->state == KIDS) {
            f->state = DECIDE;
        } else if ((rc = decide(g, f, &again, err)) == CLEARN_OK && again) {
            f->state = START;
        } else if (rc == CLEARN_OK) {
            pop_frame(g, f);
            n_fr--;
        }
    }
    clearn__free(fr);
    return rc;
}

int clearn__c45_prune(const struct c45 *p, const clearn_dataset *ds, struct c45_tree *t,
                      struct c45_text *log, clearn_error *err)
{
    struct prune g;
    size_t mb = 2;
    int rc;
    memset(&g, 0, sizeof g);
    g.p = p;
    g.ds = ds;
    g.t = t;
    g.log = log;
    g.k = t->k;
    g.cf = (double)(float)p->confidence;
    g.z = normal_quantile((double)(1.0f - (float)p->confidence));
    for (size_t a = 0; a < ds->d; a++)
        if (a != ds->cls && ds->attrs[a].n_cats > mb)
            mb = ds->attrs[a].n_cats;
    g.complete = 1;
    for (size_t r = 0; r < ds->n && g.complete; r++)
        for (size_t a = 0; a < ds->d; a++)
            if (a != ds->cls && isnan(ds->x[r * ds->d + a]))
                g.complete = 0;
    if ((rc = clearn__c45_data_init(&g.D, ds, 0, err)) != CLEARN_OK)
        return rc;
    g.dist = clearn__mallocarray(mb, g.k * sizeof *g.dist);
    g.bag = clearn__mallocarray(mb, sizeof *g.bag);
    g.cls = clearn__mallocarray(g.k, sizeof *g.cls);
    g.frac = clearn__mallocarray(mb, sizeof *g.frac);
    g.cap_seg = 4 * mb;
    g.seg = clearn__mallocarray(g.cap_seg, sizeof *g.seg);
    if (!g.dist || !g.bag || !g.cls || !g.frac || !g.seg)
        rc = clearn__nomem(err);
    else
        rc = prune_all(&g, err);
    clearn__c45_data_free(&g.D);
    clearn__free(g.dist);
    clearn__free(g.bag);
    clearn__free(g.cls);
    clearn__free(g.frac);
    clearn__free(g.seg);
    clearn__free(g.walk);
    clearn__free(g.nodes);
    clearn__free(g.extra);
    return rc;
}
