/* clearn — growing an ID3 tree (Quinlan 1986) as Mitchell (1997, Table
 * 3.1) describes it: at each node the attribute of highest information gain
 * among those not used above (ties: the first) splits the rows, one branch
 * per category, until a node is pure or no attribute gains information. A
 * category without rows gets an empty leaf. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tree_c45.h"

struct id3_grow {
    const clearn_dataset *ds;
    struct c45_data D;
    struct c45_tree *t;
    struct c45_text *log;
    double *dist, *best, *bag, *cls;   /* maxcats x k, maxcats x k, maxcats, k */
    struct c45_cand *cand;             /* per attribute, for the trace */
    size_t *stack, n_stack, cap_stack; /* (node, s, n) triples */
    size_t *seg;                       /* 2 x maxcats */
    size_t seq;                        /* nodes traced so far */
};

/* Information gain etc. of splitting [s, s+n) on nominal attribute a. */
static void id3_eval(struct id3_grow *g, size_t a, size_t s, size_t n, double total,
                     double old_ent, struct c45_cand *c)
{
    const clearn_dataset *ds = g->ds;
    size_t k = g->D.k, nv = ds->attrs[a].n_cats;
    double new_ent = 0, split_ent = 0;
    memset(g->dist, 0, nv * k * sizeof *g->dist);
    memset(g->bag, 0, nv * sizeof *g->bag);
    for (size_t i = 0; i < n; i++) {
        uint32_t e = g->D.arr[0][s + i];
        const double *row = ds->x + (size_t)g->D.row[e] * ds->d;
        size_t v = (size_t)row[a];
        g->dist[v * k + (size_t)row[ds->cls]] += g->D.w[e];
        g->bag[v] += g->D.w[e];
    }
    for (size_t v = 0; v < nv; v++) {
        for (size_t c2 = 0; c2 < k; c2++)
            new_ent += clearn__c45_xlog2x(g->dist[v * k + c2]);
        new_ent -= clearn__c45_xlog2x(g->bag[v]);
        split_ent -= clearn__c45_xlog2x(g->bag[v]);
    }
    new_ent = -new_ent;
    split_ent += clearn__c45_xlog2x(total);
    memset(c, 0, sizeof *c);
    c->valid = 1;
    c->info = new_ent / total;
    c->gain = (old_ent - new_ent) / total;
    c->split_info = split_ent / total;
    c->ratio = C45_EQ(split_ent, 0) ? 0 : c->gain / c->split_info;
}

static int id3_push(struct id3_grow *g, size_t node, size_t s, size_t n)
{
    if (g->n_stack + 3 > g->cap_stack) {
        size_t cap = g->cap_stack ? 2 * g->cap_stack : 48;
        size_t *p = clearn__reallocarray(g->stack, cap, sizeof *p);
        if (!p)
            return CLEARN_ENOMEM;
        g->stack = p;
        g->cap_stack = cap;
    }
    g->stack[g->n_stack++] = node;
    g->stack[g->n_stack++] = s;
    g->stack[g->n_stack++] = n;
    return CLEARN_OK;
}

/* Whether a node above node i splits on attribute a (its rows then share
 * one value of a: no gain, so ID3 leaves it out, as Mitchell's
 * Attributes - {A}). */
static int used(const struct c45_tree *t, size_t i, size_t a)
{
    for (; i != 0; i = t->parent[i])
        if (t->node[t->parent[i]].attr == a)
            return 1;
    return 0;
}

/* The best attribute by gain (ties: the first) among those not used
 * above, or CLEARN_NONE when none gains information. */
static size_t id3_select(struct id3_grow *g, size_t i, size_t s, size_t n, double total)
{
    const clearn_dataset *ds = g->ds;
    size_t best = CLEARN_NONE, k = g->D.k;
    double old_ent = clearn__c45_xlog2x(total), gain = 1e-12;
    for (size_t c = 0; c < k; c++)
        old_ent -= clearn__c45_xlog2x(g->cls[c]);
    for (size_t a = 0; a < ds->d; a++) {
        g->cand[a].hidden = 1;
        if (a == ds->cls || used(g->t, i, a))
            continue;
        id3_eval(g, a, s, n, total, old_ent, &g->cand[a]);
        if (g->cand[a].gain > gain) {
            gain = g->cand[a].gain;
            best = a;
            memcpy(g->best, g->dist, ds->attrs[a].n_cats * k * sizeof *g->best);
        }
    }
    return best;
}

/* Grows the subtree of one node; pushes its children. */
static int id3_node(struct id3_grow *g, size_t i, size_t s, size_t n, clearn_error *err)
{
    struct c45_tree *t = g->t;
    size_t k = g->D.k, a, first, nv;
    struct c45_node *x;
    double total;
    int rc;
    clearn__c45_class_weights(&g->D, s, n, g->cls, &total);
    memcpy(t->cls + i * k, g->cls, k * sizeof *g->cls);
    t->node[i].total = total;
    if (i == 0) {
        t->node[0].bag = total;
        memcpy(t->bagcls, g->cls, k * sizeof *g->cls);
    }
    if (g->log)
        clearn__c45_trace_node(g->log, t, g->ds, i, ++g->seq, g->cls, total);
    if (C45_EQ(total, g->cls[clearn__c45_argmax(g->cls, k)])) {
        t->node[i].empty = C45_EQ(total, 0);
        if (g->log)
            clearn__c45_trace_leaf(g->log, g->ds, g->cls, total, "pure");
        return CLEARN_OK;
    }
    a = id3_select(g, i, s, n, total);
    if (g->log)
        clearn__c45_trace_table(g->log, g->ds, g->cand, NULL);
    if (a == CLEARN_NONE) {
        if (g->log)
            clearn__c45_trace_leaf(g->log, g->ds, g->cls, total, "no attribute gains information");
        return CLEARN_OK;
    }
    nv = g->ds->attrs[a].n_cats;
    if ((rc = clearn__c45_tree_add(t, nv, i, &first, err)) != CLEARN_OK)
        return rc;
    x = &t->node[i];
    x->attr = a;
    x->kid = first;
    x->n_kids = nv;
    for (size_t v = 0; v < nv; v++) {
        double b = 0;
        for (size_t c = 0; c < k; c++)
            b += g->best[v * k + c];
        t->node[first + v].bag = b;
        memcpy(t->bagcls + (first + v) * k, g->best + v * k, k * sizeof *g->best);
    }
    if (g->log)
        clearn__c45_printf(g->log, "  split on %s (the highest information gain)\n",
                           g->ds->attrs[a].name);
    if ((rc = clearn__c45_route(&g->D, x, NULL, s, n, g->seg, err)) != CLEARN_OK)
        return rc;
    for (size_t v = nv; v-- > 0;)
        if (id3_push(g, first + v, g->seg[2 * v], g->seg[2 * v + 1]) != CLEARN_OK)
            return clearn__nomem(err);
    return CLEARN_OK;
}

static size_t max_categories(const clearn_dataset *ds)
{
    size_t m = 2;
    for (size_t a = 0; a < ds->d; a++)
        if (a != ds->cls && ds->attrs[a].n_cats > m)
            m = ds->attrs[a].n_cats;
    return m;
}

/* Numeric attributes and missing values are refused with advice. */
int clearn__id3_check(const clearn_dataset *ds, clearn_error *err)
{
    for (size_t a = 0; a < ds->d; a++) {
        if (a == ds->cls)
            continue;
        if (ds->attrs[a].kind == CLEARN_NUMERIC)
            return clearn__error(err, CLEARN_EINVAL,
                                 "id3: attribute '%s' is numeric, but id3 splits nominal "
                                 "attributes only: discretise it into categories first, or "
                                 "use c45, which splits numeric attributes too",
                                 ds->attrs[a].name);
        for (size_t r = 0; r < ds->n; r++)
            if (isnan(ds->x[r * ds->d + a]))
                return clearn__error(err, CLEARN_EINVAL,
                                     "id3: attribute '%s' is missing in row %zu, and id3 "
                                     "learns from complete rows only: impute the missing "
                                     "values first (\"impute | id3\"), or use c45",
                                     ds->attrs[a].name, r + 1);
    }
    return CLEARN_OK;
}

int clearn__id3_grow(const clearn_dataset *ds, struct c45_tree *t, struct c45_text *log,
                     clearn_error *err)
{
    struct id3_grow g;
    size_t k = ds->attrs[ds->cls].n_cats, mc = max_categories(ds), root;
    int rc;
    memset(&g, 0, sizeof g);
    g.ds = ds;
    g.t = t;
    g.log = log;
    if ((rc = clearn__c45_data_init(&g.D, ds, 0, err)) != CLEARN_OK)
        return rc;
    g.dist = clearn__mallocarray(mc, k * sizeof *g.dist);
    g.best = clearn__mallocarray(mc, k * sizeof *g.best);
    g.bag = clearn__mallocarray(mc, sizeof *g.bag);
    g.cls = clearn__mallocarray(k, sizeof *g.cls);
    g.seg = clearn__mallocarray(mc, 2 * sizeof *g.seg);
    g.cand = clearn__calloc(ds->d, sizeof *g.cand);
    if (!g.dist || !g.best || !g.bag || !g.cls || !g.seg || !g.cand ||
        id3_push(&g, 0, 0, ds->n) != CLEARN_OK)
        rc = clearn__nomem(err);
    else
        rc = clearn__c45_tree_add(t, 1, 0, &root, err);
    while (rc == CLEARN_OK && g.n_stack) {
        size_t n = g.stack[--g.n_stack], s = g.stack[--g.n_stack], i = g.stack[--g.n_stack];
        rc = id3_node(&g, i, s, n, err);
    }
    clearn__c45_data_free(&g.D);
    clearn__free(g.dist);
    clearn__free(g.best);
    clearn__free(g.bag);
    clearn__free(g.cls);
    clearn__free(g.seg);
    clearn__free(g.cand);
    clearn__free(g.stack);
    return rc;
}

