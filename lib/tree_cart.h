/* clearn — private declarations shared by the files of the cart estimator
 * (lib/tree_cart.c: the type, model files, prediction and the public
 * extras; lib/tree_cart_grow.c: growing; lib/tree_cart_show.c: text, DOT,
 * pruning and importances). lib/forest.c grows its trees through
 * clearn__cart_setup and clearn__cart_grow, with per-row weights, a shared
 * presort and, for extra trees, random thresholds (struct cart_setup).
 * Not installed. */
#ifndef CLEARN_TREE_CART_H
#define CLEARN_TREE_CART_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <float.h>
#include <math.h>
#include "internal.h"
#include <clearn/tree.h>

/* Resolved criteria (the parameter also has "auto"). */
enum { CART_GINI, CART_ENTROPY, CART_SQUARED, CART_ABSOLUTE, CART_POISSON };

#define CART_LEAF ((size_t)-1)

struct cart_params {
    int criterion;                  /* index into the choices, 0 = auto */
    long max_depth;                 /* 0: unlimited */
    long min_samples_split;
    long min_samples_leaf;
    double min_impurity_decrease;
    char *max_features;             /* all, sqrt, log2, a count or a fraction */
    long max_leaf_nodes;            /* 0: unlimited (depth-first growth) */
    char *class_weight;             /* none, balanced or NAME:W,... */
    double ccp_alpha;
    long seed;
    long threads;
    int trace;
};

struct cart_node {
    size_t left, right;             /* CART_LEAF for a leaf */
    size_t attr;                    /* the attribute tested (its column) */
    double threshold;               /* numeric: x <= threshold goes left */
    size_t cats;                    /* nominal: offset into dirs; CART_LEAF if numeric */
    int missing_left;               /* missing values (and categories the
                                     * node never saw) go left */
    int saw_missing;                /* the split was learned with missing values */
    size_t samples;                 /* training rows that reached the node */
    double weight;                  /* their total weight */
    double impurity;
};

/* The fitted tree. Nodes are numbered as scikit-learn numbers them:
 * depth-first growth in pre-order, best-first growth in creation order;
 * children always come after their parent. */
struct cart_tree {
    size_t n_nodes;
    struct cart_node *nodes;
    double *value;                  /* n_nodes x kv: weighted class totals,
                                     * or the prediction (regression) */
    unsigned char *dirs;            /* nominal splits: per category 0 (not
                                     * seen at the node), 1 left, 2 right */
    size_t n_dirs;
};

struct cart {
    struct cart_params p;           /* first: the parameter table points here */
    int regress;
    int crit;                       /* CART_* */
    size_t d, cls;                  /* attributes and class column of the data */
    size_t k, kv;                   /* classes (0 when regressing); values per node */
    size_t *ncats;                  /* d: categories of each attribute (0 numeric) */
    struct cart_tree t;
    char *trace;                    /* explain text (trace=1), NUL-terminated */
    size_t trace_len, trace_cap;
};

extern const clearn_estimator_type clearn__cart_type;


/* ---- lib/tree_cart_grow.c ----------------------------------------------- */

/* Every feature's rows sorted once for many trees (a forest's): entries
 * as in struct grow, ranks into dist[f], the distinct values of feature
 * f (NULL for a nominal one, whose rank is its code). */
struct cart_presorted {
    size_t n, p;
    uint64_t *ent;                  /* p x n */
    double **dist;                  /* p */
    double *dist_block;
};

/* What fit resolved from the parameters and the data. */
struct cart_setup {
    size_t n;                       /* rows */
    size_t p;                       /* features */
    size_t *attr;                   /* p: feature -> column */
    double *cw;                     /* k class weights (classification) */
    size_t max_features;            /* 1..p */
    size_t max_depth;               /* SIZE_MAX: unlimited */
    size_t max_leaves;              /* 0: depth-first growth */
    size_t threads;
    /* Forests: per-row weights (bootstrap counts; NULL: all 1; rows of
     * weight 0 are left out) and the random stream of the feature
     * sampling (NULL: seed from the parameters, stream 0). */
    const double *sw;
    const clearn_rng *rng;
    /* Extra trees: each numeric feature searched is cut at one threshold
     * drawn uniformly between its smallest and largest value at the node
     * (scikit-learn's RandomSplitter); nominal ones as usual. Not with
     * absolute_error. */
    int random_split;
    /* Forests: the rows presorted once (clearn__cart_presort); a tree
     * then keeps the entries of its rows instead of sorting. Feature f of
     * this setup is feature pre_feat[f] of the presort (NULL: f). */
    const struct cart_presorted *pre;
    const size_t *pre_feat;
};

/* Resolves the parameters against train into m's schema facts and s
 * (fit's first half; free s with clearn__cart_setup_free). */
int clearn__cart_setup(struct cart *m, const clearn_dataset *train, struct cart_setup *s,
                       clearn_error *err);
void clearn__cart_setup_free(struct cart_setup *s);

/* The leaf a row (training schema) falls into. */
size_t clearn__cart_leaf(const struct cart *m, const double *row);

/* Sorts every feature of s (all rows, s->threads) into *out, for setups
 * that share it (s->pre); clearn__cart_presorted_free releases it. */
int clearn__cart_presort(struct cart *m, const struct cart_setup *s, const clearn_dataset *ds,
                         struct cart_presorted *out, clearn_error *err);
void clearn__cart_presorted_free(struct cart_presorted *ps);

/* Grows m->t (and m->trace with trace=1) from the data. */
int clearn__cart_grow(struct cart *m, const struct cart_setup *s, const clearn_dataset *ds,
                      clearn_error *err);

/* Appends formatted text to the trace; CLEARN_ENOMEM on failure. */
int clearn__cart_tracef(struct cart *m, const char *fmt, ...) CLEARN__PRINTF(2, 3);

/* Impurity of one node from its totals: tot[kv] weighted class totals or
 * {sum of y}; w the weight; for poisson sxly = sum y log y; for squared
 * error sq = sum y^2 (absolute error is computed elsewhere). */
double clearn__cart_impurity(int crit, size_t k, const double *tot, double w, double sq,
                             double sxly);

/* ---- growing internals (tree_cart_grow.c, tree_cart_split.c) ---------------
 * Every feature's rows sorted by value, as entries rank << 32 | row; the
 * rank of a missing value is CART_MISSING (sorted last). */
#define CART_MISSING 0xFFFFFFFFu
#define CART_RANK(e) ((uint32_t)((e) >> 32))
#define CART_ROW(e) ((uint32_t)(e))
#define CART_EPS DBL_EPSILON

/* Per-task buffers: one set per block of features. */
struct scratch {
    uint64_t *tmp;              /* n: partition buffer */
    double *L, *R, *M, *T, *A;  /* kv each: totals (A: the running left one) */
    double *cst;                /* maxcat x kv: totals per category */
    double *cwt;                /* maxcat: weight per category */
    size_t *cn;                 /* maxcat: rows per category */
    size_t *cbeg, *cend;        /* maxcat: category ranges in the segment */
    size_t *order;              /* maxcat: categories in evaluation order */
    double *key;                /* maxcat: their sort keys */
    /* absolute_error only */
    double *lo, *hi;            /* n each: the two heaps of a running median */
    double *sad;                /* 4n: sums of absolute deviations */
    size_t *gbeg, *gend;        /* n each: groups of equal values */
};

/* The best split of one feature at the current node. */
struct cand {
    int ok;
    double proxy;               /* larger is better (scikit-learn's proxy) */
    uint32_t rlo, rhi;          /* numeric: ranks around the cut; rhi =
                                 * CART_MISSING: every value left */
    int missing_left;
    int has_thr;                /* random split: its threshold is thr */
    double thr;
};

/* A node waiting to be grown. */
struct rec {
    size_t s, e, depth, parent;
    int is_left;
    double impurity;
    /* best-first: the split found when the node was created */
    size_t id, nl;
    double improvement, imp_l, imp_r;
};

/* Totals of a set of rows. */
struct tot {
    double *v;                  /* kv */
    double w, sq, sxly;
    size_t n;
};

struct grow {
    struct cart *m;
    const struct cart_setup *s;
    const clearn_dataset *ds;
    size_t n, p, kv, k;
    int crit;
    uint64_t *ent;              /* p x n */
    double **dist;              /* p: distinct values of numeric features */
    double *dist_block;
    size_t *ncat;               /* p: categories (0: numeric) */
    size_t maxcat;
    size_t *setoff;             /* p: offset of the feature's set in sets */
    unsigned char *sets;        /* nominal candidates: 1 left, 2 right, 0 absent */
    uint32_t *lab;
    double *y;
    double *rw;                 /* n_rows: row weight (class weight x sw) */
    uint32_t *rows;             /* n: the rows grown on, ascending */
    size_t n_rows;              /* rows of the data (n: those of weight > 0) */
    unsigned char *goleft;      /* n */
    struct scratch *sc;
    size_t n_sc;
    struct cand *cand;          /* p */
    size_t *visit, n_visit, *perm;
    double *draw;               /* p: uniform deviates of random splits */
    clearn_rng rng;
    double w_root;
    /* the node being searched or partitioned */
    size_t cs, ce;
    struct tot nt, lt, rt;
    /* the tree under construction */
    size_t cap_nodes, cap_dirs;
    struct rec *stack;
    size_t n_stack, cap_stack;
};

static inline double clearn__cart_xlogx(double x)
{
    return x > 0 ? x * log(x) : 0;
}

/* Adds row's class weight (or target) to acc; returns its weight. */
static inline double clearn__cart_row_add(const struct grow *g, uint32_t row, double *acc)
{
    double w = g->rw[row];
    if (g->m->regress) {
        acc[0] += w * g->y[row];
        return w;
    }
    acc[g->lab[row]] += w;
    return w;
}

/* End of the known part of a segment (missing entries are last). */
static inline size_t clearn__cart_known_end(const uint64_t *E, size_t s, size_t e)
{
    size_t lo = s, hi = e;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (CART_RANK(E[mid]) == CART_MISSING)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* tree_cart_split.c: per-task buffers; the split search of the current
 * node [g->cs, g->ce) over g->visit into g->cand; the partition of every
 * feature's segment by g->goleft; the median of v[0..n) (rearranged). */
int clearn__cart_scratch_init(struct grow *g, struct scratch *sc);
void clearn__cart_scratch_free(struct scratch *sc);
int clearn__cart_search(struct grow *g, clearn_error *err);
int clearn__cart_partition(struct grow *g, clearn_error *err);
double clearn__cart_median_of(double *v, size_t n);

/* ---- lib/tree_cart_show.c ----------------------------------------------- */

int clearn__cart_print(const void *st, const clearn_dataset *schema, FILE *out,
                       clearn_error *err);
int clearn__cart_dot(const void *st, const clearn_dataset *schema, FILE *out,
                     clearn_error *err);
int clearn__cart_explain(const void *st, const clearn_dataset *schema, FILE *out,
                         clearn_error *err);
/* The pruning path of tree t (alphas and total leaf impurities, n steps,
 * allocated here); w_root the root weight. */
int clearn__cart_path(const struct cart_tree *t, double **alphas, double **impurities,
                      size_t *n, clearn_error *err);
/* Prunes t in place with minimal cost-complexity pruning at alpha > 0,
 * renumbering the nodes in pre-order. */
int clearn__cart_prune(struct cart *m, double alpha, clearn_error *err);
/* Impurity-based importances of every attribute (d values, the class 0),
 * normalised to sum to 1 unless all are 0. */
void clearn__cart_importances(const struct cart *m, double *imp);

/* Frees the tree's arrays and zeroes it. */
void clearn__cart_tree_free(struct cart_tree *t);

#endif
