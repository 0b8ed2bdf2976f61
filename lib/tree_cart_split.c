/* clearn — the split search of the cart estimator (see tree_cart_grow.c).
 *
 * As scikit-learn 1.2's BestSplitter: thresholds are midpoints between
 * consecutive distinct values, and a candidate replaces the best only when
 * strictly better (scan order: values ascending; features in index order,
 * or in a random order with max_features). Large nodes are searched and
 * partitioned by several threads, each taking a fixed block of features:
 * the blocks change only who computes what, so the tree is the same for
 * every threads= value. */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tree_cart.h"
#include "pool.h"

#if defined(__GNUC__)
#define CART_HOT inline __attribute__((always_inline))
#else
#define CART_HOT inline
#endif

/* Work (rows x features) below which a node is handled by one thread. */
#define PAR_MIN_WORK 200000u

/* scikit-learn's proxy of the children's impurity (larger is better):
 * L, wl the left totals, R, wr the right ones. */
static inline double proxy(int crit, size_t k, const double *L, double wl, const double *R,
                           double wr)
{
    double a = 0, b = 0;
    switch (crit) {
    case CART_GINI:
        for (size_t c = 0; c < k; c++) {
            a += L[c] * L[c];
            b += R[c] * R[c];
        }
        return a / wl + b / wr;
    case CART_ENTROPY:
        for (size_t c = 0; c < k; c++)
            a += clearn__cart_xlogx(L[c]) + clearn__cart_xlogx(R[c]);
        return a - clearn__cart_xlogx(wl) - clearn__cart_xlogx(wr);
    case CART_SQUARED:
        return L[0] * L[0] / wl + R[0] * R[0] / wr;
    case CART_POISSON:
        if (L[0] <= CART_EPS || R[0] <= CART_EPS)
            return -INFINITY;
        return L[0] * log(L[0] / wl) + R[0] * log(R[0] / wr);
    default:
        return -INFINITY;
    }
}

/* Weight and totals contribution of one row. */
/* ---- buffers ----------------------------------------------------------------- */

void clearn__cart_scratch_free(struct scratch *sc)
{
    clearn__free(sc->tmp);
    clearn__free(sc->L);
    clearn__free(sc->cst);
    clearn__free(sc->cwt);
    clearn__free(sc->cn);
    clearn__free(sc->cbeg);
    clearn__free(sc->cend);
    clearn__free(sc->order);
    clearn__free(sc->key);
    clearn__free(sc->lo);
    clearn__free(sc->hi);
    clearn__free(sc->sad);
    clearn__free(sc->gbeg);
    clearn__free(sc->gend);
}

int clearn__cart_scratch_init(struct grow *g, struct scratch *sc)
{
    size_t n = g->n, kv = g->kv, mc = g->maxcat ? g->maxcat : 1;
    sc->tmp = clearn__mallocarray(n, sizeof *sc->tmp);
    sc->L = clearn__mallocarray(5 * kv, sizeof *sc->L);
    sc->cst = clearn__mallocarray(mc, kv * sizeof *sc->cst);
    sc->cwt = clearn__mallocarray(mc, sizeof *sc->cwt);
    sc->cn = clearn__mallocarray(mc, sizeof *sc->cn);
    sc->cbeg = clearn__mallocarray(mc, sizeof *sc->cbeg);
    sc->cend = clearn__mallocarray(mc, sizeof *sc->cend);
    sc->order = clearn__mallocarray(mc, sizeof *sc->order);
    sc->key = clearn__mallocarray(mc, sizeof *sc->key);
    if (!sc->tmp || !sc->L || !sc->cst || !sc->cwt || !sc->cn || !sc->cbeg || !sc->cend ||
        !sc->order || !sc->key)
        return CLEARN_ENOMEM;
    sc->R = sc->L + kv;
    sc->M = sc->R + kv;
    sc->T = sc->M + kv;
    sc->A = sc->T + kv;
    if (g->crit != CART_ABSOLUTE)
        return CLEARN_OK;
    sc->lo = clearn__mallocarray(n + 1, sizeof *sc->lo);
    sc->hi = clearn__mallocarray(n + 1, sizeof *sc->hi);
    sc->sad = clearn__mallocarray(n + 1, 4 * sizeof *sc->sad);
    sc->gbeg = clearn__mallocarray(n + 1, sizeof *sc->gbeg);
    sc->gend = clearn__mallocarray(n + 1, sizeof *sc->gend);
    if (!sc->lo || !sc->hi || !sc->sad || !sc->gbeg || !sc->gend)
        return CLEARN_ENOMEM;
    return CLEARN_OK;
}

/* ---- the running median (absolute_error) ------------------------------------ */

/* A max-heap of the lower half and a min-heap of the upper half, with
 * their sums: the sum of absolute deviations from the median is then
 * sum(hi) - sum(lo) + median * (|lo| - |hi|). */
struct median {
    double *lo, *hi;
    size_t nlo, nhi;
    double slo, shi;
};

static void heap_push(double *h, size_t *n, double v, int max)
{
    size_t i = (*n)++;
    while (i > 0) {
        size_t up = (i - 1) / 2;
        if (max ? h[up] >= v : h[up] <= v)
            break;
        h[i] = h[up];
        i = up;
    }
    h[i] = v;
}

static double heap_pop(double *h, size_t *n, int max)
{
    double top = h[0], v = h[--*n];
    size_t i = 0, c;
    while ((c = 2 * i + 1) < *n) {
        if (c + 1 < *n && (max ? h[c + 1] > h[c] : h[c + 1] < h[c]))
            c++;
        if (max ? v >= h[c] : v <= h[c])
            break;
        h[i] = h[c];
        i = c;
    }
    if (*n)
        h[i] = v;
    return top;
}

static void median_add(struct median *md, double v)
{
    if (md->nlo == 0 || v <= md->lo[0]) {
        heap_push(md->lo, &md->nlo, v, 1);
        md->slo += v;
    } else {
        heap_push(md->hi, &md->nhi, v, 0);
        md->shi += v;
    }
    if (md->nlo > md->nhi + 1) {
        double t = heap_pop(md->lo, &md->nlo, 1);
        md->slo -= t;
        heap_push(md->hi, &md->nhi, t, 0);
        md->shi += t;
    } else if (md->nhi > md->nlo) {
        double t = heap_pop(md->hi, &md->nhi, 0);
        md->shi -= t;
        heap_push(md->lo, &md->nlo, t, 1);
        md->slo += t;
    }
}

static double median_sad(const struct median *md)
{
    double s;
    if (!md->nlo)
        return 0;
    s = md->shi - md->slo + md->lo[0] * ((double)md->nlo - (double)md->nhi);
    return s > 0 ? s : 0;
}

/* The median of v[0..n) (rearranged): scikit-learn's, the mean of the two
 * middle values when n is even. */
static double select_kth(double *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        double piv = v[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < piv)
                i++;
            while (v[j] > piv)
                j--;
            if (i <= j) {
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return v[k];
    }
    return v[k];
}

double clearn__cart_median_of(double *v, size_t n)
{
    double a, b = INFINITY;
    if (!n)
        return 0;
    a = select_kth(v, n, (n - 1) / 2);
    if (n % 2)
        return a;
    for (size_t i = n / 2; i < n; i++)
        if (v[i] < b)
            b = v[i];
    return a / 2 + b / 2;
}

/* ---- split search: one feature ---------------------------------------------- */


/* Considers the cut whose left side has totals L (nl rows, weight wl)
 * before missing values are placed: once with the missing values (nm rows,
 * weight wm, totals sc->M) right and, when there are any, once left. The
 * right side is the rest of the node. */
static void consider(const struct grow *g, struct scratch *sc, struct cand *c, const double *L,
                     size_t nl, double wl, size_t nm, double wm, uint32_t rlo, uint32_t rhi)
{
    size_t kv = g->kv, msl = (size_t)g->m->p.min_samples_leaf;
    for (int side = 0; side < (nm ? 2 : 1); side++) {
        size_t n1 = nl + (side ? nm : 0), n2 = g->nt.n - n1;
        double w1 = wl + (side ? wm : 0), pr;
        if (n1 < msl || n2 < msl)
            continue;
        for (size_t j = 0; j < kv; j++) {
            sc->L[j] = L[j] + (side ? sc->M[j] : 0);
            sc->R[j] = g->nt.v[j] - sc->L[j];
        }
        pr = proxy(g->crit, g->k, sc->L, w1, sc->R, g->nt.w - w1);
        if (pr > (c->ok ? c->proxy : -INFINITY)) {
            c->ok = 1;
            c->proxy = pr;
            c->rlo = rlo;
            c->rhi = rhi;
            c->missing_left = side;
        }
    }
}

/* consider() without missing values, the hot loop of most fits: the
 * right side is the node minus L, scored without copies. */
static CART_HOT void consider_known(const struct grow *g, struct cand *c, const double *L,
                                  size_t nl, double wl, uint32_t rlo, uint32_t rhi)
{
    const double *T = g->nt.v;
    size_t msl = (size_t)g->m->p.min_samples_leaf;
    double wr = g->nt.w - wl, a = 0, b = 0, pr;
    if (nl < msl || g->nt.n - nl < msl)
        return;
    switch (g->crit) {
    case CART_GINI:
        for (size_t j = 0; j < g->k; j++) {
            double r = T[j] - L[j];
            a += L[j] * L[j];
            b += r * r;
        }
        pr = a / wl + b / wr;
        break;
    case CART_SQUARED:
        pr = L[0] * L[0] / wl + (T[0] - L[0]) * (T[0] - L[0]) / wr;
        break;
    case CART_ENTROPY:
        for (size_t j = 0; j < g->k; j++)
            a += clearn__cart_xlogx(L[j]) + clearn__cart_xlogx(T[j] - L[j]);
        pr = a - clearn__cart_xlogx(wl) - clearn__cart_xlogx(wr);
        break;
    default:            /* poisson */
        a = L[0];
        b = T[0] - L[0];
        pr = a <= CART_EPS || b <= CART_EPS ? -INFINITY : a * log(a / wl) + b * log(b / wr);
    }
    if (pr > (c->ok ? c->proxy : -INFINITY)) {
        c->ok = 1;
        c->proxy = pr;
        c->rlo = rlo;
        c->rhi = rhi;
        c->missing_left = 0;
    }
}

/* Totals M of the missing part [k, e) and T of the known part [s, k). */
static void split_totals(const struct grow *g, struct scratch *sc, const uint64_t *E,
                         size_t k, double *wt, double *wm)
{
    *wm = 0;
    memset(sc->M, 0, g->kv * sizeof *sc->M);
    for (size_t i = k; i < g->ce; i++)
        *wm += clearn__cart_row_add(g, CART_ROW(E[i]), sc->M);
    for (size_t j = 0; j < g->kv; j++)
        sc->T[j] = g->nt.v[j] - sc->M[j];
    *wt = g->nt.w - *wm;
}

/* The scan of a feature without missing values at the node, with the
 * accumulation specialised by task (the inner loop of most fits). */
static void scan_known(const struct grow *g, struct cand *c, const uint64_t *E, size_t s,
                       size_t k, double *acc)
{
    const double *rw = g->rw;
    double wl = 0;
    if (g->m->regress) {
        const double *y = g->y;
        for (size_t i = s; i + 1 < k; i++) {
            uint64_t a = E[i], b = E[i + 1];
            double w = rw[CART_ROW(a)];
            acc[0] += w * y[CART_ROW(a)];
            wl += w;
            if (CART_RANK(a) != CART_RANK(b))
                consider_known(g, c, acc, i + 1 - s, wl, CART_RANK(a), CART_RANK(b));
        }
        return;
    }
    for (size_t i = s; i + 1 < k; i++) {
        uint64_t a = E[i], b = E[i + 1];
        uint32_t lab = g->lab[CART_ROW(a)];
        double w = rw[CART_ROW(a)];
        acc[lab] += w;
        wl += w;
        if (CART_RANK(a) != CART_RANK(b))
            consider_known(g, c, acc, i + 1 - s, wl, CART_RANK(a), CART_RANK(b));
    }
}

static void search_numeric(const struct grow *g, struct scratch *sc, size_t f, struct cand *c)
{
    const uint64_t *E = g->ent + f * g->n;
    size_t s = g->cs, k = clearn__cart_known_end(E, s, g->ce), nm = g->ce - k;
    double wt, wm, wl = 0, *acc = sc->A;
    if (k == s)
        return;
    split_totals(g, sc, E, k, &wt, &wm);
    memset(acc, 0, g->kv * sizeof *acc);
    if (CART_RANK(E[s]) != CART_RANK(E[k - 1]) && !nm) {
        scan_known(g, c, E, s, k, acc);
    } else if (CART_RANK(E[s]) != CART_RANK(E[k - 1])) {
        for (size_t i = s; i + 1 < k; i++) {
            uint64_t a = E[i], b = E[i + 1];
            wl += clearn__cart_row_add(g, CART_ROW(a), acc);
            if (CART_RANK(a) != CART_RANK(b))
                consider(g, sc, c, acc, i + 1 - s, wl, nm, wm, CART_RANK(a), CART_RANK(b));
        }
    }
    if (nm)     /* every known value left, the missing ones right */
        consider(g, sc, c, sc->T, k - s, wt, 0, 0, CART_RANK(E[k - 1]), CART_MISSING);
}

/* A random split (extra trees): the one threshold drawn for f, uniform
 * between the node's smallest and largest known value (the smallest if
 * it rounds to the largest, as scikit-learn); missing values go to the
 * better side. */
static void search_random(const struct grow *g, struct scratch *sc, size_t f, struct cand *c)
{
    const uint64_t *E = g->ent + f * g->n;
    const double *dist = g->dist[f];
    size_t s = g->cs, k = clearn__cart_known_end(E, s, g->ce), nm = g->ce - k, i;
    double wt, wm, wl = 0, *acc = sc->A, lo, hi, t;
    if (k == s || CART_RANK(E[s]) == CART_RANK(E[k - 1]))
        return;
    lo = dist[CART_RANK(E[s])];
    hi = dist[CART_RANK(E[k - 1])];
    t = lo + (hi - lo) * g->draw[f];
    if (!(t < hi))
        t = lo;
    split_totals(g, sc, E, k, &wt, &wm);
    memset(acc, 0, g->kv * sizeof *acc);
    for (i = s; dist[CART_RANK(E[i])] <= t; i++)     /* stops below k: t < hi */
        wl += clearn__cart_row_add(g, CART_ROW(E[i]), acc);
    consider(g, sc, c, acc, i - s, wl, nm, wm, CART_RANK(E[i - 1]), CART_RANK(E[i]));
    c->has_thr = c->ok;
    c->thr = t;
}

/* Per-category totals of a nominal feature's known part [s, k); fills
 * order[] with the categories present and returns how many. */
static size_t category_totals(const struct grow *g, struct scratch *sc, const uint64_t *E,
                              size_t s, size_t k, size_t ncat)
{
    size_t kv = g->kv, np = 0;
    memset(sc->cst, 0, ncat * kv * sizeof *sc->cst);
    memset(sc->cwt, 0, ncat * sizeof *sc->cwt);
    memset(sc->cn, 0, ncat * sizeof *sc->cn);
    for (size_t i = s; i < k; i++) {
        size_t cat = CART_RANK(E[i]);
        if (!sc->cn[cat]) {
            sc->order[np++] = cat;
            sc->cbeg[cat] = i;
        }
        sc->cn[cat]++;
        sc->cend[cat] = i + 1;
        sc->cwt[cat] += clearn__cart_row_add(g, CART_ROW(E[i]), sc->cst + cat * kv);
    }
    return np;
}

/* Number of category orderings tried: one for two classes (by the share
 * of the second class: optimal, Breiman et al. 1984, 9.4) and for
 * regression (by the mean: optimal for squared error); for more classes
 * one per class, by that class's share (a heuristic). */
static size_t n_orderings(const struct grow *g)
{
    return g->m->regress || g->k <= 2 ? 1 : g->k;
}

/* Sorts the np present categories by their key under ordering o (ties:
 * by code; insertion sort: categories are few). */
static void order_categories(const struct grow *g, struct scratch *sc, size_t np, size_t o)
{
    size_t cls = !g->m->regress && g->k == 2 ? 1 : o;
    for (size_t i = 0; i < np; i++) {
        size_t cat = sc->order[i];
        sc->key[cat] = g->m->regress ? sc->cst[cat] / (double)sc->cn[cat]
                       : sc->cst[cat * g->kv + cls] / sc->cwt[cat];
    }
    for (size_t i = 1; i < np; i++) {
        size_t c = sc->order[i], j = i;
        double kc = sc->key[c];
        while (j > 0 && (sc->key[sc->order[j - 1]] > kc ||
                         (sc->key[sc->order[j - 1]] == kc && sc->order[j - 1] > c))) {
            sc->order[j] = sc->order[j - 1];
            j--;
        }
        sc->order[j] = c;
    }
}

/* Records the best nominal split: the first t categories of ordering o go
 * left, the other present ones right. */
static void record_set(const struct grow *g, struct scratch *sc, size_t f, size_t np,
                       size_t o, size_t t)
{
    unsigned char *set = g->sets + g->setoff[f];
    order_categories(g, sc, np, o);
    memset(set, 0, g->ncat[f]);
    for (size_t i = 0; i < np; i++)
        set[sc->order[i]] = i < t ? 1 : 2;
}

/* 1 if c improved since (was, before). */
static int improved(const struct cand *c, int was, double before)
{
    return c->ok && (!was || c->proxy != before);
}

static void search_nominal(const struct grow *g, struct scratch *sc, size_t f, struct cand *c)
{
    const uint64_t *E = g->ent + f * g->n;
    size_t s = g->cs, k = clearn__cart_known_end(E, s, g->ce), nm = g->ce - k, kv = g->kv;
    size_t np, best_o = 0, best_t = 0;
    double wt, wm, *acc = sc->A;
    if (k == s)
        return;
    split_totals(g, sc, E, k, &wt, &wm);
    np = category_totals(g, sc, E, s, k, g->ncat[f]);
    for (size_t o = 0; o < n_orderings(g) && np > 1; o++) {
        size_t nl = 0;
        double wl = 0;
        order_categories(g, sc, np, o);
        memset(acc, 0, kv * sizeof *acc);
        for (size_t i = 0; i + 1 < np; i++) {
            size_t cat = sc->order[i];
            int was = c->ok;
            double before = c->proxy;
            for (size_t j = 0; j < kv; j++)
                acc[j] += sc->cst[cat * kv + j];
            nl += sc->cn[cat];
            wl += sc->cwt[cat];
            consider(g, sc, c, acc, nl, wl, nm, wm, 0, 0);
            if (improved(c, was, before)) {
                best_o = o;
                best_t = i + 1;
            }
        }
    }
    if (nm) {
        int was = c->ok;
        double before = c->proxy;
        consider(g, sc, c, sc->T, k - s, wt, 0, 0, 0, CART_MISSING);
        if (improved(c, was, before))
            best_t = np;
    }
    if (c->ok)
        record_set(g, sc, f, np, best_o, best_t);
}

/* ---- split search: absolute error ------------------------------------------ */

/* Sums of absolute deviations of the groups' targets, cumulated forwards
 * (out[t]: groups 0..t) or backwards (out[t]: groups t+1..G-1), the
 * missing rows [k, e) included when with_missing. */
static void cumulate_sad(const struct grow *g, struct scratch *sc, const uint64_t *E,
                         size_t G, size_t k, int backwards, int with_missing, double *out)
{
    struct median md = {sc->lo, sc->hi, 0, 0, 0, 0};
    if (with_missing)
        for (size_t i = k; i < g->ce; i++)
            median_add(&md, g->y[CART_ROW(E[i])]);
    for (size_t t = 0; t < G; t++) {
        size_t grp = backwards ? G - 1 - t : t;
        if (backwards && t > 0)
            out[grp] = median_sad(&md);
        if (backwards && t == 0)
            out[grp] = 0;
        for (size_t i = sc->gbeg[grp]; i < sc->gend[grp]; i++)
            median_add(&md, g->y[CART_ROW(E[i])]);
        if (!backwards)
            out[grp] = median_sad(&md);
    }
}

static void consider_sad(const struct grow *g, struct cand *c, size_t n1, double sad,
                         uint32_t rlo, uint32_t rhi, int side)
{
    size_t msl = (size_t)g->m->p.min_samples_leaf;
    if (n1 < msl || g->nt.n - n1 < msl)
        return;
    if (-sad > (c->ok ? c->proxy : -INFINITY)) {
        c->ok = 1;
        c->proxy = -sad;
        c->rlo = rlo;
        c->rhi = rhi;
        c->missing_left = side;
    }
}

/* Groups of the known part: runs of one value (numeric) or categories by
 * mean (nominal); returns their number. */
static size_t make_groups(const struct grow *g, struct scratch *sc, size_t f, const uint64_t *E,
                          size_t s, size_t k, size_t *np)
{
    size_t G = 0;
    if (g->ncat[f]) {
        *np = category_totals(g, sc, E, s, k, g->ncat[f]);
        order_categories(g, sc, *np, 0);
        for (size_t i = 0; i < *np; i++) {
            sc->gbeg[i] = sc->cbeg[sc->order[i]];
            sc->gend[i] = sc->cend[sc->order[i]];
        }
        return *np;
    }
    for (size_t i = s; i < k; i++) {
        if (i == s || CART_RANK(E[i]) != CART_RANK(E[i - 1])) {
            if (G)
                sc->gend[G - 1] = i;
            sc->gbeg[G++] = i;
        }
    }
    sc->gend[G - 1] = k;
    return G;
}

static void search_absolute(const struct grow *g, struct scratch *sc, size_t f, struct cand *c)
{
    const uint64_t *E = g->ent + f * g->n;
    size_t s = g->cs, k = clearn__cart_known_end(E, s, g->ce), nm = g->ce - k, G, np = 0, nl = 0;
    size_t n = g->n, best_t = 0;
    double *A = sc->sad, *B = A + n, *C = B + n, *D = C + n;
    int nominal = g->ncat[f] != 0;
    if (k == s)
        return;
    G = make_groups(g, sc, f, E, s, k, &np);
    cumulate_sad(g, sc, E, G, k, 0, 0, A);
    cumulate_sad(g, sc, E, G, k, 1, 0, C);
    if (nm) {
        cumulate_sad(g, sc, E, G, k, 0, 1, B);
        cumulate_sad(g, sc, E, G, k, 1, 1, D);
    }
    for (size_t t = 0; t + 1 < G; t++) {
        uint32_t rlo = nominal ? 0 : CART_RANK(E[sc->gbeg[t]]);
        uint32_t rhi = nominal ? 0 : CART_RANK(E[sc->gbeg[t + 1]]);
        int was = c->ok;
        double before = c->proxy;
        nl += sc->gend[t] - sc->gbeg[t];
        consider_sad(g, c, nl, A[t] + (nm ? D[t] : C[t]), rlo, rhi, 0);
        if (nm)
            consider_sad(g, c, nl + nm, B[t] + C[t], rlo, rhi, 1);
        if (improved(c, was, before))
            best_t = t + 1;
    }
    if (nm) {
        struct median md = {sc->lo, sc->hi, 0, 0, 0, 0};
        int was = c->ok;
        double before = c->proxy;
        for (size_t i = k; i < g->ce; i++)
            median_add(&md, g->y[CART_ROW(E[i])]);
        consider_sad(g, c, k - s, A[G - 1] + median_sad(&md),
                     nominal ? 0 : CART_RANK(E[k - 1]), CART_MISSING, 0);
        if (improved(c, was, before))
            best_t = G;
    }
    if (c->ok && nominal)
        record_set(g, sc, f, np, 0, best_t);
}

/* ---- split search: the node ------------------------------------------------ */

static int search_task(void *ctx, size_t t, clearn_error *err)
{
    struct grow *g = ctx;
    struct scratch *sc = &g->sc[t];
    size_t blocks = g->n_visit < g->n_sc ? g->n_visit : g->n_sc;
    size_t per = (g->n_visit + blocks - 1) / blocks;
    (void)err;
    for (size_t i = t * per; i < g->n_visit && i < (t + 1) * per; i++) {
        size_t f = g->visit[i];
        struct cand *c = &g->cand[f];
        memset(c, 0, sizeof *c);
        if (g->crit == CART_ABSOLUTE)
            search_absolute(g, sc, f, c);
        else if (g->ncat[f])
            search_nominal(g, sc, f, c);
        else if (g->s->random_split)
            search_random(g, sc, f, c);
        else
            search_numeric(g, sc, f, c);
    }
    return CLEARN_OK;
}

static int partition_task(void *ctx, size_t t, clearn_error *err)
{
    struct grow *g = ctx;
    size_t blocks = g->p < g->n_sc ? g->p : g->n_sc, per = (g->p + blocks - 1) / blocks;
    uint64_t *tmp = g->sc[t].tmp;
    (void)err;
    for (size_t f = t * per; f < g->p && f < (t + 1) * per; f++) {
        uint64_t *E = g->ent + f * g->n;
        const unsigned char *goleft = g->goleft;
        size_t w = g->cs, r = 0;
        for (size_t i = g->cs; i < g->ce; i++) {     /* branch-free: sides are random */
            uint64_t e = E[i];
            size_t left = goleft[CART_ROW(e)];
            E[w] = e;
            tmp[r] = e;
            w += left;
            r += 1 - left;
        }
        memcpy(E + w, tmp, r * sizeof *tmp);
    }
    return CLEARN_OK;
}

/* Runs fn over blocks of `items` (features) on the pool when the node is
 * large enough to pay for the threads, else in this thread. */
static int run_blocks(struct grow *g, size_t items, clearn__task_fn fn, clearn_error *err)
{
    size_t blocks = items < g->n_sc ? items : g->n_sc;
    if (blocks > 1 && (g->ce - g->cs) * items >= PAR_MIN_WORK)
        return clearn__parallel_for(blocks, blocks, fn, g, err);
    for (size_t t = 0; t < blocks; t++)
        fn(g, t, err);
    return CLEARN_OK;
}

int clearn__cart_search(struct grow *g, clearn_error *err)
{
    return run_blocks(g, g->n_visit, search_task, err);
}

int clearn__cart_partition(struct grow *g, clearn_error *err)
{
    return run_blocks(g, g->p, partition_task, err);
}
