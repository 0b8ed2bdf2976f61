/* clearn — kd-tree and ball tree for nearest-neighbour search.
 *
 * Both are balanced binary trees laid out as arrays (node i has children
 * 2i+1 and 2i+2), with the rows of node i stored contiguously in nn->x:
 * each split puts the median of the node's widest coordinate in the
 * middle (so the shape depends only on n and leaf_size, as in
 * scikit-learn). A kd-tree node keeps the bounding box of its rows, a ball
 * tree node its centroid and the largest distance from it to a row.
 *
 * A query walks the tree depth first, nearer child first, and skips a node
 * only when the lower bound on its distance is strictly above the current
 * k-th (an equal row with a lower index could still enter). The kd-tree
 * bound is computed with the same operations as the exact distance on
 * coordinates that are no farther, so it never exceeds a row's computed
 * distance; the ball bound comes from the triangle inequality and is
 * lowered by a rounding margin. Either way the result equals brute force.
 *
 * The build partitions the top levels in the calling thread, then builds
 * the subtrees below them as pool tasks (about four per thread). Each node
 * is split the same way whoever splits it, so the tree does not depend on
 * the thread count. */
#include "config.h"
#include <float.h>
#include <math.h>
#include <string.h>
#include "internal.h"
#include "pool.h"
#include "distance.h"

#define MAX_LEVELS 60

struct clearn__tree {
    int ball;
    size_t levels, n_nodes, first_leaf;
    size_t *start, *end;        /* rows of node i: [start[i], end[i]) */
    double *lo, *hi;            /* kd: n_nodes x d bounding boxes */
    double *centre, *radius;    /* ball: n_nodes x d centroids, n_nodes radii */
};

void clearn__tree_free(clearn__tree *t)
{
    if (!t)
        return;
    clearn__free(t->start);
    clearn__free(t->end);
    clearn__free(t->lo);
    clearn__free(t->hi);
    clearn__free(t->centre);
    clearn__free(t->radius);
    clearn__free(t);
}

/* ---- selection of the median row ------------------------------------------ */

static void swap_rows(double *x, size_t *id, size_t d, size_t a, size_t b)
{
    size_t ti = id[a];
    id[a] = id[b];
    id[b] = ti;
    for (size_t j = 0; j < d; j++) {
        double t = x[a * d + j];
        x[a * d + j] = x[b * d + j];
        x[b * d + j] = t;
    }
}

#define KEY(i) (x[(i) * d + dim])

static void insertion_sort(double *x, size_t *id, size_t d, size_t dim, size_t lo, size_t hi)
{
    for (size_t i = lo + 1; i < hi; i++)
        for (size_t j = i; j > lo && KEY(j - 1) > KEY(j); j--)
            swap_rows(x, id, d, j - 1, j);
}

static void heap_down(double *x, size_t *id, size_t d, size_t dim, size_t lo, size_t n,
                      size_t at)
{
    for (;;) {
        size_t c = 2 * at + 1;
        if (c >= n)
            return;
        if (c + 1 < n && KEY(lo + c) < KEY(lo + c + 1))
            c++;
        if (!(KEY(lo + at) < KEY(lo + c)))
            return;
        swap_rows(x, id, d, lo + at, lo + c);
        at = c;
    }
}

/* Sorts rows [lo, hi) by coordinate dim in O(n log n) whatever the data:
 * the fallback when quickselect meets a bad pivot sequence. */
static void heap_sort(double *x, size_t *id, size_t d, size_t dim, size_t lo, size_t hi)
{
    size_t n = hi - lo;
    for (size_t i = n / 2; i-- > 0;)
        heap_down(x, id, d, dim, lo, n, i);
    for (size_t end = n; end > 1; end--) {
        swap_rows(x, id, d, lo, lo + end - 1);
        heap_down(x, id, d, dim, lo, end - 1, 0);
    }
}

static double median3(double a, double b, double c)
{
    if (a < b)
        return b < c ? b : a < c ? c : a;
    return a < c ? a : b < c ? c : b;
}

/* Reorders rows [lo, hi) so that row nth holds the value it would hold
 * sorted by coordinate dim, with no larger value before it and no smaller
 * after it. Three-way partitions keep runs of equal values cheap. */
static void select_rows(double *x, size_t *id, size_t d, size_t dim, size_t lo, size_t hi,
                        size_t nth)
{
    size_t budget = 8;
    for (size_t n = hi - lo; n > 1; n >>= 1)
        budget += 2;
    while (hi - lo > 16) {
        size_t lt = lo, i = lo, gt = hi;
        double p;
        if (budget-- == 0) {
            heap_sort(x, id, d, dim, lo, hi);
            return;
        }
        p = median3(KEY(lo), KEY(lo + (hi - lo) / 2), KEY(hi - 1));
        while (i < gt) {
            if (KEY(i) < p)
                swap_rows(x, id, d, lt++, i++);
            else if (KEY(i) > p)
                swap_rows(x, id, d, i, --gt);
            else
                i++;
        }
        if (nth < lt)
            hi = lt;
        else if (nth >= gt)
            lo = gt;
        else
            return;
    }
    insertion_sort(x, id, d, dim, lo, hi);
}

#undef KEY

/* ---- building --------------------------------------------------------------- */

/* The coordinate with the widest spread over rows [s, e) (the lowest one
 * on ties). */
static size_t widest(const clearn__nn *nn, size_t s, size_t e, double *lo, double *hi)
{
    size_t d = nn->d, best = 0;
    for (size_t j = 0; j < d; j++)
        lo[j] = hi[j] = nn->x[s * d + j];
    for (size_t i = s + 1; i < e; i++)
        for (size_t j = 0; j < d; j++) {
            double v = nn->x[i * d + j];
            if (v < lo[j])
                lo[j] = v;
            if (v > hi[j])
                hi[j] = v;
        }
    for (size_t j = 1; j < d; j++)
        if (hi[j] - lo[j] > hi[best] - lo[best])
            best = j;
    return best;
}

/* A ball tree needs a true metric: squared euclidean is searched as
 * euclidean (same order), so its balls are measured in euclidean units. */
static double true_dist(const clearn__metric *m, double r)
{
    return m->kind == CLEARN__SQEUCLIDEAN ? sqrt(r) : clearn__dist_from_r(m, r);
}

static double true_r(const clearn__metric *m, double dist)
{
    return m->kind == CLEARN__SQEUCLIDEAN ? dist * dist : clearn__r_from_dist(m, dist);
}

/* Centroid and radius of a ball node. */
static void ball_stats(const clearn__nn *nn, clearn__tree *t, size_t node)
{
    size_t d = nn->d, s = t->start[node], e = t->end[node];
    double *c = t->centre + node * d, r = 0;
    for (size_t j = 0; j < d; j++) {
        double sum = 0;
        for (size_t i = s; i < e; i++)
            sum += nn->x[i * d + j];
        c[j] = sum / (double)(e - s);
    }
    for (size_t i = s; i < e; i++) {
        double dist = true_dist(&nn->m, clearn__rdist(&nn->m, c, nn->x + i * d, INFINITY));
        if (dist > r)
            r = dist;
    }
    t->radius[node] = r;
}

/* Computes node's bounds and, unless it is a leaf, splits its rows at the
 * middle by the widest coordinate. lo/hi: d doubles of scratch (ball). */
static void node_build(clearn__nn *nn, clearn__tree *t, size_t node, double *lo, double *hi)
{
    size_t s = t->start[node], e = t->end[node], dim;
    if (!t->ball) {
        lo = t->lo + node * nn->d;
        hi = t->hi + node * nn->d;
    }
    dim = widest(nn, s, e, lo, hi);
    if (t->ball)
        ball_stats(nn, t, node);
    if (node < t->first_leaf)
        select_rows(nn->x, nn->id, nn->d, dim, s, e, t->start[2 * node + 2]);
}

static void subtree_build(clearn__nn *nn, clearn__tree *t, size_t node, double *lo, double *hi)
{
    node_build(nn, t, node, lo, hi);
    if (node < t->first_leaf) {
        subtree_build(nn, t, 2 * node + 1, lo, hi);
        subtree_build(nn, t, 2 * node + 2, lo, hi);
    }
}

struct build {
    clearn__nn *nn;
    size_t first;       /* the first node built by a task */
};

static int build_task(void *arg, size_t i, clearn_error *err)
{
    struct build *b = arg;
    size_t d = b->nn->d;
    double *box = clearn__mallocarray(2 * d, sizeof *box);
    if (!box)
        return clearn__nomem(err);
    subtree_build(b->nn, b->nn->tree, b->first + i, box, box + d);
    clearn__free(box);
    return CLEARN_OK;
}

/* Levels as scikit-learn counts them: leaves of about leaf_size rows. */
static size_t tree_levels(size_t n, size_t leaf_size)
{
    size_t q = (n > 1 ? n - 1 : 1) / leaf_size, levels = 1;
    while (q > 1 && levels < MAX_LEVELS) {
        q >>= 1;
        levels++;
    }
    return levels;
}

static int tree_alloc(clearn__nn *nn, clearn__tree **out, clearn_error *err)
{
    clearn__tree *t = clearn__calloc(1, sizeof *t);
    size_t d = nn->d, nn_ = 0;
    int ok;
    *out = t;
    if (!t)
        return clearn__nomem(err);
    t->ball = nn->method == CLEARN__BALL_TREE;
    t->levels = tree_levels(nn->n, nn->leaf_size);
    t->n_nodes = ((size_t)1 << t->levels) - 1;
    t->first_leaf = ((size_t)1 << (t->levels - 1)) - 1;
    nn_ = t->n_nodes;
    t->start = clearn__mallocarray(nn_, sizeof *t->start);
    t->end = clearn__mallocarray(nn_, sizeof *t->end);
    if (t->ball) {
        t->centre = clearn__mallocarray(nn_, d * sizeof *t->centre);
        t->radius = clearn__mallocarray(nn_, sizeof *t->radius);
        ok = t->centre && t->radius;
    } else {
        t->lo = clearn__mallocarray(nn_, d * sizeof *t->lo);
        t->hi = clearn__mallocarray(nn_, d * sizeof *t->hi);
        ok = t->lo && t->hi;
    }
    if (!ok || !t->start || !t->end)
        return clearn__nomem(err);
    t->start[0] = 0;
    t->end[0] = nn->n;
    for (size_t i = 0; i < t->first_leaf; i++) {
        size_t mid = t->start[i] + (t->end[i] - t->start[i]) / 2;
        t->start[2 * i + 1] = t->start[i];
        t->end[2 * i + 1] = t->start[2 * i + 2] = mid;
        t->end[2 * i + 2] = t->end[i];
    }
    return CLEARN_OK;
}

int clearn__tree_build(clearn__nn *nn, size_t threads, clearn_error *err)
{
    clearn__tree *t;
    struct build b;
    size_t depth, d = nn->d;
    double *box;
    int rc;
    if (!(nn->id = clearn__mallocarray(nn->n, sizeof *nn->id)))
        return clearn__nomem(err);
    for (size_t i = 0; i < nn->n; i++)
        nn->id[i] = i;
    rc = tree_alloc(nn, &t, err);
    nn->tree = t;
    if (rc != CLEARN_OK)
        return rc;
    if (!(box = clearn__mallocarray(2 * d, sizeof *box)))
        return clearn__nomem(err);
    /* The levels above the subtrees, in order (parents first). */
    depth = 0;
    while (threads > 1 && ((size_t)1 << depth) < 4 * threads && depth + 1 < t->levels)
        depth++;
    b.nn = nn;
    b.first = ((size_t)1 << depth) - 1;
    for (size_t node = 0; node < b.first; node++)
        node_build(nn, t, node, box, box + d);
    clearn__free(box);
    return clearn__parallel_for(b.first + 1, threads, build_task, &b, err);
}

/* ---- queries ----------------------------------------------------------------- */

/* Lower bound on the reduced distance from q to any row in kd node i: the
 * distance to its box. */
static double box_r(const clearn__nn *nn, const clearn__tree *t, size_t node, const double *q)
{
    const double *lo = t->lo + node * nn->d, *hi = t->hi + node * nn->d;
    double s = 0;
    for (size_t j = 0; j < nn->d; j++) {
        double g = lo[j] - q[j], h = q[j] - hi[j];
        if (h > g)
            g = h;
        if (!(g > 0))
            continue;
        switch (nn->m.kind) {
        case CLEARN__MANHATTAN: s += g; break;
        case CLEARN__CHEBYSHEV: s = g > s ? g : s; break;
        case CLEARN__MINKOWSKI: s += pow(g, nn->m.p); break;
        default: s += g * g; break;
        }
    }
    return s;
}

/* Lower bound for a ball node: distance to the centre less the radius,
 * less a margin for the rounding of both. */
static double ball_r(const clearn__nn *nn, const clearn__tree *t, size_t node, const double *q)
{
    double dc = true_dist(&nn->m, clearn__rdist(&nn->m, q, t->centre + node * nn->d, INFINITY));
    double rad = t->radius[node], lb;
    lb = dc - rad - 8 * ((double)nn->d + 4) * DBL_EPSILON * (dc + rad);
    return lb > 0 ? true_r(&nn->m, lb) : 0;
}

static double node_r(const clearn__nn *nn, const clearn__tree *t, size_t node, const double *q)
{
    return t->ball ? ball_r(nn, t, node, q) : box_r(nn, t, node, q);
}

static void leaf_scan(const clearn__nn *nn, const clearn__tree *t, size_t node, const double *q,
                      clearn__topk *top)
{
    double bound = clearn__topk_bound(top);
    int squares = nn->m.kind == CLEARN__EUCLIDEAN || nn->m.kind == CLEARN__SQEUCLIDEAN;
    for (size_t i = t->start[node]; i < t->end[node]; i++) {
        const double *x = nn->x + i * nn->d;
        double r = squares ? clearn__r_squares(q, x, nn->d, bound)
                           : clearn__rdist(&nn->m, q, x, bound);
        if (r <= bound && clearn__topk_push(top, r, nn->id[i]))
            bound = clearn__topk_bound(top);
    }
}

void clearn__tree_query(const clearn__nn *nn, const double *q, clearn__topk *top)
{
    const clearn__tree *t = nn->tree;
    struct {
        size_t node;
        double r;
    } stack[2 * MAX_LEVELS + 2];
    size_t sp = 0;
    stack[sp].node = 0;
    stack[sp++].r = node_r(nn, t, 0, q);
    while (sp) {
        size_t node = stack[--sp].node, a, b;
        double ra, rb, bound = clearn__topk_bound(top);
        if (stack[sp].r > bound)
            continue;
        if (node >= t->first_leaf) {
            leaf_scan(nn, t, node, q, top);
            continue;
        }
        a = 2 * node + 1;
        b = a + 1;
        ra = node_r(nn, t, a, q);
        rb = node_r(nn, t, b, q);
        if (ra > rb) {  /* nearer child on top of the stack */
            size_t tn = a;
            double tr = ra;
            a = b;
            b = tn;
            ra = rb;
            rb = tr;
        }
        if (rb <= bound) {
            stack[sp].node = b;
            stack[sp++].r = rb;
        }
        if (ra <= bound) {
            stack[sp].node = a;
            stack[sp++].r = ra;
        }
    }
}
