/* clearn — growing CART trees (the cart estimator's fit; see lib/tree_cart.c).
 *
 * Sort once: every feature's rows are sorted by value when fit starts, and
 * kept as entries (rank of the value << 32 | row) in p arrays of n. A node
 * owns the same segment [s, e) of every array, its rows in that feature's
 * order with missing values last; splitting a node partitions each
 * segment stably (tree_cart_split.c), so the children's segments stay
 * sorted, and a split search is one linear scan per feature. Nothing is
 * allocated per node or per feature: buffers are sized once from n and p
 * (the tree's own arrays grow by doubling).
 *
 * Nodes are grown as scikit-learn 1.2's DepthFirstTreeBuilder and
 * BestFirstTreeBuilder grow them (same leaf rules, same node numbering). */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "tree_cart.h"
#include "pool.h"

/* ---- small helpers --------------------------------------------------------- */

int clearn__cart_tracef(struct cart *m, const char *fmt, ...)
{
    va_list ap;
    int len;
    char small[1];
    va_start(ap, fmt);
    len = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (len < 0)
        return CLEARN_OK;
    if (m->trace_len + (size_t)len + 1 > m->trace_cap) {
        size_t cap = 2 * m->trace_cap + (size_t)len + 256;
        char *t = clearn__realloc(m->trace, cap);
        if (!t)
            return CLEARN_ENOMEM;
        m->trace = t;
        m->trace_cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(m->trace + m->trace_len, (size_t)len + 1, fmt, ap);
    va_end(ap);
    m->trace_len += (size_t)len;
    return CLEARN_OK;
}

double clearn__cart_impurity(int crit, size_t k, const double *tot, double w, double sq,
                             double sxly)
{
    double s = 0;
    if (!(w > 0))
        return 0;
    switch (crit) {
    case CART_GINI:
        for (size_t c = 0; c < k; c++)
            s += (tot[c] / w) * (tot[c] / w);
        return 1 - s;
    case CART_ENTROPY:
        for (size_t c = 0; c < k; c++)
            if (tot[c] > 0)
                s -= (tot[c] / w) * log2(tot[c] / w);
        return s;
    case CART_SQUARED:
        return sq / w - (tot[0] / w) * (tot[0] / w);
    case CART_POISSON:
        if (tot[0] <= CART_EPS)
            return INFINITY;
        return (sxly - tot[0] * log(tot[0] / w)) / w;
    default:
        return 0;
    }
}
/* ---- presorting ------------------------------------------------------------ */

/* Keys that sort as the doubles do, NaN last. */
static uint64_t sort_key(double v)
{
    uint64_t u;
    if (isnan(v))
        return UINT64_MAX;
    if (v == 0)
        v = 0;                  /* -0 and 0 are one value */
    memcpy(&u, &v, sizeof u);
    return (u >> 63) ? ~u : u | 0x8000000000000000u;
}

struct sortbuf {
    uint64_t *k1, *k2;
    uint32_t *r1, *r2;
    uint32_t (*cnt)[2048];      /* 6 histograms */
};

/* Stable LSD radix sort of (key, row) pairs, 11 bits a pass; passes whose
 * digit is the same for every key are skipped. The result is in k1/r1. */
static void radix_sort(struct sortbuf *b, size_t n)
{
    uint64_t *ks = b->k1, *kd = b->k2, *kt;
    uint32_t *rs = b->r1, *rd = b->r2, *rt;
    memset(b->cnt, 0, 6 * sizeof *b->cnt);
    for (size_t i = 0; i < n; i++)
        for (int p = 0; p < 6; p++)
            b->cnt[p][(ks[i] >> (11 * p)) & 2047]++;
    for (int p = 0; p < 6; p++) {
        uint32_t *c = b->cnt[p], sum = 0;
        int trivial = 0;
        for (int j = 0; j < 2048; j++) {
            uint32_t t = c[j];
            if (t == n)
                trivial = 1;
            c[j] = sum;
            sum += t;
        }
        if (trivial)
            continue;
        for (size_t i = 0; i < n; i++) {
            uint32_t at = c[(ks[i] >> (11 * p)) & 2047]++;
            kd[at] = ks[i];
            rd[at] = rs[i];
        }
        kt = ks, ks = kd, kd = kt;
        rt = rs, rs = rd, rd = rt;
    }
    if (ks != b->k1) {
        memcpy(b->k1, ks, n * sizeof *ks);
        memcpy(b->r1, rs, n * sizeof *rs);
    }
}

/* The double a sort key came from. */
static double key_value(uint64_t k)
{
    double v;
    k = (k >> 63) ? k & ~((uint64_t)1 << 63) : ~k;
    memcpy(&v, &k, sizeof v);
    return v;
}

struct presort {
    struct grow *g;
    struct sortbuf *buf;        /* one per task */
    size_t n_tasks;
    size_t *nd;                 /* p: distinct known values */
};

/* Sorts feature f: its entries, and its distinct values (numeric) into
 * the feature's slot of n values in dist_block. */
static void presort_feature(struct presort *ps, struct sortbuf *b, size_t f)
{
    struct grow *g = ps->g;
    const clearn_dataset *ds = g->ds;
    size_t n = g->n, col = g->s->attr[f], d = ds->d, nd = 0;
    uint64_t *E = g->ent + f * n;
    double *dist = g->dist_block + f * n;
    uint32_t rank = 0;
    for (size_t i = 0; i < n; i++) {
        b->k1[i] = sort_key(ds->x[(size_t)g->rows[i] * d + col]);
        b->r1[i] = g->rows[i];
    }
    radix_sort(b, n);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = b->k1[i];
        if (k == UINT64_MAX) {
            E[i] = (uint64_t)CART_MISSING << 32 | b->r1[i];
            continue;
        }
        if (i > 0 && k != b->k1[i - 1])
            rank++;
        if (g->ncat[f]) {
            E[i] = (uint64_t)(uint32_t)key_value(k) << 32 | b->r1[i];     /* the code */
            continue;
        }
        if (nd == rank)
            dist[nd++] = key_value(k);
        E[i] = (uint64_t)rank << 32 | b->r1[i];
    }
    ps->nd[f] = nd;
}

static int presort_task(void *ctx, size_t t, clearn_error *err)
{
    struct presort *ps = ctx;
    size_t p = ps->g->p, per = (p + ps->n_tasks - 1) / ps->n_tasks;
    (void)err;
    for (size_t f = t * per; f < p && f < (t + 1) * per; f++)
        presort_feature(ps, &ps->buf[t], f);
    return CLEARN_OK;
}

static void sortbufs_free(struct sortbuf *b, size_t n)
{
    for (size_t i = 0; b && i < n; i++) {
        clearn__free(b[i].k1);
        clearn__free(b[i].k2);
        clearn__free(b[i].r1);
        clearn__free(b[i].r2);
        clearn__free(b[i].cnt);
    }
    clearn__free(b);
}

/* Packs the distinct values of the numeric features together and gives
 * the rest of the block back. */
static void pack_distinct(struct grow *g, const size_t *nd)
{
    size_t total = 0;
    double *block;
    for (size_t f = 0; f < g->p; f++) {
        if (g->ncat[f])
            continue;
        memmove(g->dist_block + total, g->dist_block + f * g->n, nd[f] * sizeof *block);
        total += nd[f];
    }
    if ((block = clearn__reallocarray(g->dist_block, total ? total : 1, sizeof *block)))
        g->dist_block = block;  /* a failed shrink keeps the larger block */
    total = 0;
    for (size_t f = 0; f < g->p; f++) {
        g->dist[f] = g->ncat[f] ? NULL : g->dist_block + total;
        total += g->ncat[f] ? 0 : nd[f];
    }
}

static int presort(struct grow *g, clearn_error *err)
{
    struct presort ps = {g, NULL, 0, NULL};
    size_t n = g->n;
    int rc = CLEARN_ENOMEM;
    ps.n_tasks = g->s->threads < g->p ? g->s->threads : g->p;
    ps.buf = clearn__calloc(ps.n_tasks, sizeof *ps.buf);
    ps.nd = clearn__calloc(g->p, sizeof *ps.nd);
    g->dist_block = clearn__mallocarray(g->p, n * sizeof *g->dist_block);
    if (!ps.buf || !ps.nd || !g->dist_block)
        goto done;
    for (size_t t = 0; t < ps.n_tasks; t++) {
        struct sortbuf *b = &ps.buf[t];
        b->k1 = clearn__mallocarray(n, sizeof *b->k1);
        b->k2 = clearn__mallocarray(n, sizeof *b->k2);
        b->r1 = clearn__mallocarray(n, sizeof *b->r1);
        b->r2 = clearn__mallocarray(n, sizeof *b->r2);
        b->cnt = clearn__mallocarray(6, sizeof *b->cnt);
        if (!b->k1 || !b->k2 || !b->r1 || !b->r2 || !b->cnt)
            goto done;
    }
    if ((rc = clearn__parallel_for(ps.n_tasks, ps.n_tasks, presort_task, &ps, err)) == CLEARN_OK)
        pack_distinct(g, ps.nd);
done:
    sortbufs_free(ps.buf, ps.n_tasks);
    clearn__free(ps.nd);
    if (rc == CLEARN_ENOMEM)
        clearn__nomem(err);
    return rc;
}

/* ---- the node ----------------------------------------------------------------- */

/* 1 if feature f cannot split the current node. */
static int constant(const struct grow *g, size_t f)
{
    const uint64_t *E = g->ent + f * g->n;
    size_t k = clearn__cart_known_end(E, g->cs, g->ce);
    return k == g->cs || (k == g->ce && CART_RANK(E[g->cs]) == CART_RANK(E[k - 1]));
}

/* The features to search: all, in order; or, with max_features, a random
 * order cut after max_features of them once one could split (as
 * scikit-learn draws them). */
static void choose_features(struct grow *g)
{
    size_t p = g->p, mf = g->s->max_features;
    int usable = 0;
    g->n_visit = 0;
    if (mf >= p) {
        for (size_t f = 0; f < p; f++)
            g->visit[g->n_visit++] = f;
        return;
    }
    for (size_t i = 0; i < p; i++) {
        size_t j = i + (size_t)clearn_rng_below(&g->rng, p - i), t = g->perm[i];
        g->perm[i] = g->perm[j];
        g->perm[j] = t;
        g->visit[g->n_visit++] = g->perm[i];
        usable |= !constant(g, g->perm[i]);
        if (g->n_visit >= mf && usable)
            break;
    }
}

/* Totals of the current node's rows (scanned in feature 0's order). */
static void node_totals(struct grow *g, size_t s, size_t e, struct tot *t)
{
    memset(t->v, 0, g->kv * sizeof *t->v);
    t->w = t->sq = t->sxly = 0;
    t->n = e - s;
    for (size_t i = s; i < e; i++) {
        uint32_t row = g->p ? CART_ROW(g->ent[i]) : g->rows[i];
        double w = clearn__cart_row_add(g, row, t->v);
        t->w += w;
        if (g->m->regress) {
            t->sq += w * (g->y[row] * g->y[row]);
            t->sxly += w * clearn__cart_xlogx(g->y[row]);
        }
    }
}

/* The median and mean absolute deviation of the targets of the rows
 * [s, e) with goleft == side (side < 0: all rows). */
static double absolute_impurity(struct grow *g, size_t s, size_t e, int side, double *median)
{
    double *v = g->sc[0].lo, sad = 0, med;
    size_t n = 0;
    for (size_t i = s; i < e; i++) {
        uint32_t row = g->p ? CART_ROW(g->ent[i]) : g->rows[i];
        if (side < 0 || g->goleft[row] == side)
            v[n++] = g->y[row];
    }
    med = clearn__cart_median_of(v, n);
    for (size_t i = 0; i < n; i++)
        sad += fabs(v[i] - med);
    if (median)
        *median = med;
    return n ? sad / (double)n : 0;
}

static double impurity_of(struct grow *g, const struct tot *t, size_t s, size_t e, int side)
{
    if (g->crit == CART_ABSOLUTE)
        return absolute_impurity(g, s, e, side, NULL);
    return clearn__cart_impurity(g->crit, g->k, t->v, t->w, t->sq, t->sxly);
}

/* ---- growing ----------------------------------------------------------------- */

struct split {
    size_t f;                   /* feature */
    struct cand c;
    double threshold;
    size_t nl, n_missing;
    double improvement, imp_l, imp_r;
};

/* The child impurity implied by a proxy (for the trace). */
static double decrease_of(const struct grow *g, double proxy_value, double impurity)
{
    double w = g->nt.w, child;
    switch (g->crit) {
    case CART_GINI:
        child = (w - proxy_value) / w;
        break;
    case CART_ENTROPY:
        child = -proxy_value / (w * log(2.0));
        break;
    case CART_SQUARED:
        child = (g->nt.sq - proxy_value) / w;
        break;
    case CART_POISSON:
        child = (g->nt.sxly - proxy_value) / w;
        break;
    default:
        child = -proxy_value / w;
    }
    return impurity - child;
}

static double threshold_of(const struct grow *g, size_t f, const struct cand *c)
{
    double lo, hi, t;
    if (c->has_thr)
        return c->thr;
    if (g->ncat[f] || c->rhi == CART_MISSING)
        return INFINITY;
    lo = g->dist[f][c->rlo];
    hi = g->dist[f][c->rhi];
    t = lo / 2 + hi / 2;
    if (t == hi || isinf(t))
        t = lo;
    return t;
}

static const char *const crit_names[] = {"gini", "entropy", "squared_error",
                                         "absolute_error", "poisson"};

/* One line per searched feature: its best cut and impurity decrease. */
static int trace_node(struct grow *g, double impurity, size_t best)
{
    struct cart *m = g->m;
    const clearn_dataset *ds = g->ds;
    int rc = clearn__cart_tracef(m, "node %zu: %zu rows, weight %.6g, %s %.6g\n",
                                 m->t.n_nodes, g->nt.n, g->nt.w, crit_names[g->crit], impurity);
    for (size_t i = 0; rc == CLEARN_OK && i < g->n_visit; i++) {
        size_t f = g->visit[i], col = g->s->attr[f];
        const struct cand *c = &g->cand[f];
        const char *name = ds->attrs[col].name;
        if (!c->ok) {
            rc = clearn__cart_tracef(m, "  %-20s no split\n", name);
            continue;
        }
        if (g->ncat[f]) {
            const unsigned char *set = g->sets + g->setoff[f];
            rc = clearn__cart_tracef(m, "  %-20s in {", name);
            for (size_t cat = 0, first = 1; rc == CLEARN_OK && cat < g->ncat[f]; cat++)
                if (set[cat] == 1) {
                    rc = clearn__cart_tracef(m, "%s%s", first ? "" : ", ",
                                             ds->attrs[col].cats[cat]);
                    first = 0;
                }
            if (rc == CLEARN_OK)
                rc = clearn__cart_tracef(m, "}");
        } else if (rc == CLEARN_OK) {
            rc = clearn__cart_tracef(m, "  %-20s <= %.6g", name, threshold_of(g, f, c));
        }
        if (rc == CLEARN_OK)
            rc = clearn__cart_tracef(m, "  decrease %.6g%s%s\n",
                                     decrease_of(g, c->proxy, impurity),
                                     c->missing_left ? "  (missing left)" : "",
                                     f == best ? "  <- best" : "");
    }
    return rc == CLEARN_OK ? CLEARN_OK : CLEARN_ENOMEM;
}

/* Marks which rows go left under split sp and sums the left side. */
static void mark_rows(struct grow *g, struct split *sp)
{
    const uint64_t *E = g->ent + sp->f * g->n;
    const unsigned char *set = g->sets + g->setoff[sp->f];
    int nominal = g->ncat[sp->f] != 0;
    struct tot *lt = &g->lt;
    memset(lt->v, 0, g->kv * sizeof *lt->v);
    lt->w = lt->sq = lt->sxly = 0;
    lt->n = sp->n_missing = 0;
    for (size_t i = g->cs; i < g->ce; i++) {
        uint32_t row = CART_ROW(E[i]), r = CART_RANK(E[i]);
        double w;
        int left;
        if (r == CART_MISSING) {
            left = sp->c.missing_left;
            sp->n_missing++;
        } else {
            left = nominal ? set[r] == 1 : r <= sp->c.rlo;
        }
        g->goleft[row] = (unsigned char)left;
        if (!left)
            continue;
        lt->n++;
        w = clearn__cart_row_add(g, row, lt->v);
        lt->w += w;
        if (g->m->regress) {
            lt->sq += w * (g->y[row] * g->y[row]);
            lt->sxly += w * clearn__cart_xlogx(g->y[row]);
        }
    }
    for (size_t j = 0; j < g->kv; j++)
        g->rt.v[j] = g->nt.v[j] - lt->v[j];
    g->rt.w = g->nt.w - lt->w;
    g->rt.sq = g->nt.sq - lt->sq;
    g->rt.sxly = g->nt.sxly - lt->sxly;
    g->rt.n = g->nt.n - lt->n;
    sp->nl = lt->n;
}

/* Searches the best split of the node [s, e) (its totals in g->nt).
 * Returns 1 and fills sp when there is one, 0 when none, < 0 on error. */
static int find_split(struct grow *g, size_t s, size_t e, double impurity, struct split *sp,
                      clearn_error *err)
{
    size_t best = CART_LEAF;
    double w = g->nt.w;
    int rc;
    g->cs = s;
    g->ce = e;
    choose_features(g);
    for (size_t i = 0; g->s->random_split && i < g->n_visit; i++)
        g->draw[g->visit[i]] = clearn_rng_uniform(&g->rng);    /* in visiting order */
    if ((rc = clearn__cart_search(g, err)) != CLEARN_OK)
        return -rc;
    for (size_t i = 0; i < g->n_visit; i++) {
        size_t f = g->visit[i];
        if (g->cand[f].ok && (best == CART_LEAF || g->cand[f].proxy > g->cand[best].proxy))
            best = f;
    }
    if (g->m->p.trace && trace_node(g, impurity, best) != CLEARN_OK)
        return -clearn__nomem(err);
    if (best == CART_LEAF)
        return 0;
    sp->f = best;
    sp->c = g->cand[best];
    sp->threshold = threshold_of(g, best, &sp->c);
    mark_rows(g, sp);
    if (!sp->n_missing)
        sp->c.missing_left = sp->nl > g->nt.n - sp->nl;
    sp->imp_l = impurity_of(g, &g->lt, s, e, 1);
    sp->imp_r = impurity_of(g, &g->rt, s, e, 0);
    sp->improvement = w / g->w_root *
                      (impurity - g->rt.w / w * sp->imp_r - g->lt.w / w * sp->imp_l);
    return 1;
}

/* Makes room for one more node (and its category directions). */
static int reserve_node(struct grow *g, size_t ncat)
{
    struct cart_tree *t = &g->m->t;
    if (t->n_nodes == g->cap_nodes) {
        size_t cap = g->cap_nodes ? 2 * g->cap_nodes : 64;
        struct cart_node *nodes = clearn__reallocarray(t->nodes, cap, sizeof *nodes);
        double *value;
        if (!nodes)
            return CLEARN_ENOMEM;
        t->nodes = nodes;
        if (!(value = clearn__reallocarray(t->value, cap, g->kv * sizeof *value)))
            return CLEARN_ENOMEM;
        t->value = value;
        g->cap_nodes = cap;
    }
    if (t->n_dirs + ncat > g->cap_dirs) {
        size_t cap = 2 * g->cap_dirs + ncat + 64;
        unsigned char *dirs = clearn__realloc(t->dirs, cap);
        if (!dirs)
            return CLEARN_ENOMEM;
        t->dirs = dirs;
        g->cap_dirs = cap;
    }
    return CLEARN_OK;
}

/* Adds the node of record r (totals g->nt), split by sp unless NULL. */
static int add_node(struct grow *g, const struct rec *r, double impurity,
                    const struct split *sp, size_t *id)
{
    struct cart_tree *t = &g->m->t;
    size_t ncat = sp ? g->ncat[sp->f] : 0;
    struct cart_node *nd;
    double *val;
    if (reserve_node(g, ncat) != CLEARN_OK)
        return CLEARN_ENOMEM;
    *id = t->n_nodes++;
    nd = &t->nodes[*id];
    memset(nd, 0, sizeof *nd);
    nd->left = nd->right = nd->cats = CART_LEAF;
    nd->samples = g->nt.n;
    nd->weight = g->nt.w;
    nd->impurity = impurity;
    val = t->value + *id * g->kv;
    if (!g->m->regress)
        memcpy(val, g->nt.v, g->kv * sizeof *val);
    else if (g->crit == CART_ABSOLUTE)
        absolute_impurity(g, r->s, r->e, -1, val);
    else
        val[0] = g->nt.v[0] / g->nt.w;
    if (sp) {
        nd->attr = g->s->attr[sp->f];
        nd->threshold = sp->threshold;
        nd->missing_left = sp->c.missing_left;
        nd->saw_missing = sp->n_missing > 0;
        if (ncat) {
            nd->cats = t->n_dirs;
            memcpy(t->dirs + t->n_dirs, g->sets + g->setoff[sp->f], ncat);
            t->n_dirs += ncat;
        }
    }
    if (r->parent != CART_LEAF) {
        if (r->is_left)
            t->nodes[r->parent].left = *id;
        else
            t->nodes[r->parent].right = *id;
    }
    return CLEARN_OK;
}

static int push(struct grow *g, const struct rec *r)
{
    if (g->n_stack == g->cap_stack) {
        size_t cap = 2 * g->cap_stack + 16;
        struct rec *st = clearn__reallocarray(g->stack, cap, sizeof *st);
        if (!st)
            return CLEARN_ENOMEM;
        g->stack = st;
        g->cap_stack = cap;
    }
    g->stack[g->n_stack++] = *r;
    return CLEARN_OK;
}

/* Evaluates the node of r: totals, leaf rules, split search; adds it and,
 * when it splits, partitions its rows. Returns 1 if it splits. */
static int grow_node(struct grow *g, struct rec *r, int first, struct split *sp,
                     clearn_error *err)
{
    const struct cart_params *p = &g->m->p;
    size_t n = r->e - r->s;
    int leaf, found = 0, rc;
    node_totals(g, r->s, r->e, &g->nt);
    if (first)
        r->impurity = impurity_of(g, &g->nt, r->s, r->e, -1);
    leaf = r->depth >= g->s->max_depth || n < (size_t)p->min_samples_split ||
           n < 2 * (size_t)p->min_samples_leaf || r->impurity <= CART_EPS || !g->p;
    if (p->trace && leaf && (rc = clearn__cart_tracef(g->m, "node %zu: %zu rows, leaf\n",
                                                      g->m->t.n_nodes, n)) != CLEARN_OK)
        return -clearn__nomem(err);
    if (!leaf && (found = find_split(g, r->s, r->e, r->impurity, sp, err)) < 0)
        return found;
    if (found && sp->improvement + CART_EPS < p->min_impurity_decrease)
        found = 0;
    if (add_node(g, r, r->impurity, found ? sp : NULL, &r->id) != CLEARN_OK)
        return -clearn__nomem(err);
    if (found && (rc = clearn__cart_partition(g, err)) != CLEARN_OK)
        return -rc;
    return found;
}

static int grow_depth_first(struct grow *g, clearn_error *err)
{
    struct rec root = {0, g->n, 0, CART_LEAF, 0, NAN, 0, 0, 0, 0, 0};
    struct split sp;
    int first = 1, found;
    if (push(g, &root) != CLEARN_OK)
        return clearn__nomem(err);
    while (g->n_stack) {
        struct rec r = g->stack[--g->n_stack];
        if ((found = grow_node(g, &r, first, &sp, err)) < 0)
            return -found;
        first = 0;
        if (found) {
            struct rec right = {r.s + sp.nl, r.e, r.depth + 1, r.id, 0, sp.imp_r,
                                0, 0, 0, 0, 0};
            struct rec left = {r.s, r.s + sp.nl, r.depth + 1, r.id, 1, sp.imp_l,
                               0, 0, 0, 0, 0};
            if (push(g, &right) != CLEARN_OK || push(g, &left) != CLEARN_OK)
                return clearn__nomem(err);
        }
    }
    return CLEARN_OK;
}

/* Best-first frontier: a max-heap on improvement (ties: the older node). */
static int heap_before(const struct rec *a, const struct rec *b)
{
    return a->improvement > b->improvement ||
           (a->improvement == b->improvement && a->id < b->id);
}

static int frontier_push(struct grow *g, const struct rec *r)
{
    size_t i;
    if (push(g, r) != CLEARN_OK)
        return CLEARN_ENOMEM;
    for (i = g->n_stack - 1; i > 0 && heap_before(&g->stack[i], &g->stack[(i - 1) / 2]);
         i = (i - 1) / 2) {
        struct rec t = g->stack[i];
        g->stack[i] = g->stack[(i - 1) / 2];
        g->stack[(i - 1) / 2] = t;
    }
    return CLEARN_OK;
}

static struct rec frontier_pop(struct grow *g)
{
    struct rec top = g->stack[0];
    size_t i = 0, n = --g->n_stack;
    g->stack[0] = g->stack[n];
    for (;;) {
        size_t c = 2 * i + 1;
        struct rec t;
        if (c >= n)
            break;
        if (c + 1 < n && heap_before(&g->stack[c + 1], &g->stack[c]))
            c++;
        if (!heap_before(&g->stack[c], &g->stack[i]))
            break;
        t = g->stack[i];
        g->stack[i] = g->stack[c];
        g->stack[c] = t;
        i = c;
    }
    return top;
}

/* Adds the node of r and, when it can split, puts it on the frontier. */
static int frontier_add(struct grow *g, struct rec *r, int first, clearn_error *err)
{
    struct split sp;
    int found = grow_node(g, r, first, &sp, err);
    if (found <= 0)
        return -found;
    r->nl = sp.nl;
    r->improvement = sp.improvement;
    r->imp_l = sp.imp_l;
    r->imp_r = sp.imp_r;
    return frontier_push(g, r) == CLEARN_OK ? CLEARN_OK : clearn__nomem(err);
}

/* scikit-learn's BestFirstTreeBuilder: expand the frontier node of largest
 * improvement until max_leaf_nodes leaves. */
static int grow_best_first(struct grow *g, clearn_error *err)
{
    struct rec root = {0, g->n, 0, CART_LEAF, 0, NAN, 0, 0, 0, 0, 0};
    size_t splits = g->s->max_leaves - 1;
    int rc = frontier_add(g, &root, 1, err);
    while (rc == CLEARN_OK && g->n_stack) {
        struct rec r = frontier_pop(g);
        struct cart_node *nd = &g->m->t.nodes[r.id];
        struct rec left = {r.s, r.s + r.nl, r.depth + 1, r.id, 1, r.imp_l, 0, 0, 0, 0, 0};
        struct rec right = {r.s + r.nl, r.e, r.depth + 1, r.id, 0, r.imp_r, 0, 0, 0, 0, 0};
        if (!splits) {              /* no more leaves allowed */
            nd->attr = 0;
            nd->threshold = 0;
            nd->cats = CART_LEAF;
            nd->missing_left = nd->saw_missing = 0;
            continue;
        }
        splits--;
        if ((rc = frontier_add(g, &left, 0, err)) == CLEARN_OK)
            rc = frontier_add(g, &right, 0, err);
    }
    return rc;
}

/* ---- set-up ------------------------------------------------------------------ */

static void grow_free(struct grow *g)
{
    for (size_t t = 0; g->sc && t < g->n_sc; t++)
        clearn__cart_scratch_free(&g->sc[t]);
    clearn__free(g->sc);
    clearn__free(g->ent);
    clearn__free(g->dist);
    clearn__free(g->dist_block);        /* NULL when shared (s->pre) */
    clearn__free(g->ncat);
    clearn__free(g->setoff);
    clearn__free(g->sets);
    clearn__free(g->lab);
    clearn__free(g->y);
    clearn__free(g->rw);
    clearn__free(g->rows);
    clearn__free(g->goleft);
    clearn__free(g->cand);
    clearn__free(g->visit);
    clearn__free(g->perm);
    clearn__free(g->draw);
    clearn__free(g->nt.v);
    clearn__free(g->stack);
}

/* The rows grown on (weight > 0), their count g->n, and each row's weight
 * (class weight x sample weight; exactly the class weight without
 * sample weights). */
static int row_weights(struct grow *g)
{
    const clearn_dataset *ds = g->ds;
    const double *sw = g->s->sw;
    size_t nr = g->n_rows;
    g->rw = clearn__mallocarray(nr + 1, sizeof *g->rw);
    g->rows = clearn__mallocarray(nr + 1, sizeof *g->rows);
    if (!g->rw || !g->rows)
        return CLEARN_ENOMEM;
    g->n = 0;
    for (size_t i = 0; i < nr; i++) {
        double w = sw ? sw[i] : 1;
        if (!g->m->regress)
            w = g->s->cw[(size_t)ds->x[i * ds->d + ds->cls]] * w;
        g->rw[i] = w;
        if (!sw || sw[i] > 0)
            g->rows[g->n++] = (uint32_t)i;
    }
    return CLEARN_OK;
}

/* Allocates the per-feature tables and copies the class column. */
static int grow_alloc(struct grow *g)
{
    const clearn_dataset *ds = g->ds;
    size_t p = g->p, n = g->n, nsets = 0;
    g->ncat = clearn__calloc(p + 1, sizeof *g->ncat);
    g->setoff = clearn__calloc(p + 1, sizeof *g->setoff);
    g->dist = clearn__calloc(p + 1, sizeof *g->dist);
    g->cand = clearn__calloc(p + 1, sizeof *g->cand);
    g->visit = clearn__calloc(p + 1, sizeof *g->visit);
    g->perm = clearn__calloc(p + 1, sizeof *g->perm);
    g->draw = clearn__calloc(p + 1, sizeof *g->draw);
    g->nt.v = clearn__calloc(3 * g->kv, sizeof *g->nt.v);
    g->goleft = clearn__calloc(g->n_rows + 1, 1);
    g->ent = clearn__mallocarray(p ? p : 1, n * sizeof *g->ent);
    if (!g->ncat || !g->setoff || !g->dist || !g->cand || !g->visit || !g->perm || !g->draw ||
        !g->nt.v || !g->goleft || !g->ent)
        return CLEARN_ENOMEM;
    g->lt.v = g->nt.v + g->kv;
    g->rt.v = g->lt.v + g->kv;
    for (size_t f = 0; f < p; f++) {
        const struct clearn__attr *a = &ds->attrs[g->s->attr[f]];
        g->perm[f] = f;
        g->ncat[f] = a->kind == CLEARN_NOMINAL ? (a->n_cats ? a->n_cats : 1) : 0;
        g->setoff[f] = nsets;
        nsets += g->ncat[f];
        if (g->ncat[f] > g->maxcat)
            g->maxcat = g->ncat[f];
    }
    if (!(g->sets = clearn__malloc(nsets ? nsets : 1)))
        return CLEARN_ENOMEM;
    if (g->m->regress)
        g->y = clearn__mallocarray(g->n_rows, sizeof *g->y);
    else
        g->lab = clearn__mallocarray(g->n_rows, sizeof *g->lab);
    if (!g->y && !g->lab)
        return CLEARN_ENOMEM;
    for (size_t i = 0; i < g->n_rows; i++) {
        double v = ds->x[i * ds->d + ds->cls];
        if (g->y)
            g->y[i] = v;
        else
            g->lab[i] = (uint32_t)v;
    }
    return CLEARN_OK;
}

/* Sample weights must be finite and >= 0, some > 0; absolute_error's
 * running medians take only weights 0 and 1. */
static int check_weights(const struct grow *g, clearn_error *err)
{
    size_t pos = 0;
    for (size_t i = 0; g->s->sw && i < g->n_rows; i++) {
        double w = g->s->sw[i];
        if (!(w >= 0) || !isfinite(w))
            return clearn__error(err, CLEARN_EINVAL, "cart: sample weight %g of row %zu: "
                                 "must be finite and >= 0", w, i + 1);
        if (g->crit == CART_ABSOLUTE && w != 0 && w != 1)
            return clearn__error(err, CLEARN_EINVAL, "cart: criterion=absolute_error takes "
                                 "no sample weights other than 0 and 1 (bootstrap=0 does)");
        pos += w > 0;
    }
    if (g->s->sw && !pos)
        return clearn__error(err, CLEARN_EINVAL, "cart: every sample weight is 0");
    return CLEARN_OK;
}

/* The entries of the rows grown on, from the shared presort (in the same
 * order presort() would give: ascending value, then row). */
static void take_presorted(struct grow *g)
{
    const struct cart_presorted *pre = g->s->pre;
    const double *sw = g->s->sw;
    for (size_t f = 0; f < g->p; f++) {
        size_t pf = g->s->pre_feat ? g->s->pre_feat[f] : f, c = 0;
        const uint64_t *src = pre->ent + pf * pre->n;
        uint64_t *dst = g->ent + f * g->n;
        for (size_t j = 0; j < pre->n; j++)
            if (!sw || sw[CART_ROW(src[j])] > 0)
                dst[c++] = src[j];
        g->dist[f] = pre->dist[pf];
    }
}

/* The first steps of growing: checks, weights, tables. */
static int grow_init(struct grow *g, struct cart *m, const struct cart_setup *s,
                     const clearn_dataset *ds, clearn_error *err)
{
    int rc;
    memset(g, 0, sizeof *g);
    g->m = m;
    g->s = s;
    g->ds = ds;
    g->n_rows = s->n;
    g->p = s->p;
    g->k = m->k;
    g->kv = m->kv;
    g->crit = m->crit;
    if ((rc = check_weights(g, err)) != CLEARN_OK)
        return rc;
    if (row_weights(g) != CLEARN_OK || grow_alloc(g) != CLEARN_OK)
        return clearn__nomem(err);
    return CLEARN_OK;
}

void clearn__cart_presorted_free(struct cart_presorted *ps)
{
    clearn__free(ps->ent);
    clearn__free(ps->dist);
    clearn__free(ps->dist_block);
    memset(ps, 0, sizeof *ps);
}

int clearn__cart_presort(struct cart *m, const struct cart_setup *s, const clearn_dataset *ds,
                         struct cart_presorted *out, clearn_error *err)
{
    struct grow g;
    struct cart_setup all = *s;
    int rc;
    memset(out, 0, sizeof *out);
    all.sw = NULL;
    all.pre = NULL;
    if ((rc = grow_init(&g, m, &all, ds, err)) == CLEARN_OK && g.p &&
        (rc = presort(&g, err)) == CLEARN_OK) {
        out->n = g.n;
        out->p = g.p;
        out->ent = g.ent;
        out->dist = g.dist;
        out->dist_block = g.dist_block;
        g.ent = NULL;
        g.dist = NULL;
        g.dist_block = NULL;
    }
    grow_free(&g);
    return rc;
}

int clearn__cart_grow(struct cart *m, const struct cart_setup *s, const clearn_dataset *ds,
                      clearn_error *err)
{
    struct grow g;
    int rc;
    if ((rc = grow_init(&g, m, s, ds, err)) != CLEARN_OK)
        goto done;
    if (s->rng)
        g.rng = *s->rng;
    else
        clearn_rng_seed(&g.rng, (uint64_t)m->p.seed, 0);
    if (g.p && s->pre)
        take_presorted(&g);
    else if (g.p && (rc = presort(&g, err)) != CLEARN_OK)
        goto done;
    if (!(g.sc = clearn__calloc(s->threads, sizeof *g.sc)))
        goto nomem;
    g.n_sc = s->threads;
    for (size_t t = 0; t < g.n_sc; t++)
        if (clearn__cart_scratch_init(&g, &g.sc[t]) != CLEARN_OK)
            goto nomem;
    node_totals(&g, 0, g.n, &g.nt);
    g.w_root = g.nt.w;
    rc = s->max_leaves ? grow_best_first(&g, err) : grow_depth_first(&g, err);
    goto done;
nomem:
    rc = clearn__nomem(err);
done:
    grow_free(&g);
    return rc;
}
