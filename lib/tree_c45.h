/* clearn — private to lib/tree_c45*.c: the ID3 and C4.5 trees.
 *
 * tree_c45.c       the types: parameters, fit, predict, model files, the
 *                  shared working tree and the weighted rows
 * tree_c45_id3.c   ID3 growth
 * tree_c45_grow.c  C4.5 growth (Weka's J48: C45ModelSelection, C45Split)
 * tree_c45_prune.c collapsing and pessimistic pruning with subtree raising
 * tree_c45_show.c  print (J48's text), dot (J48's graph) and the trace */
#ifndef CLEARN_TREE_C45_H
#define CLEARN_TREE_C45_H

#include <stdint.h>
#include <stdio.h>
#include "internal.h"

/* Weka compares nearly every double with this tolerance (Utils.SMALL). */
#define C45_SMALL 1e-6
#define C45_GR(a, b) ((a) - (b) > C45_SMALL)
#define C45_SM(a, b) ((b) - (a) > C45_SMALL)
#define C45_SMEQ(a, b) ((a) - (b) < C45_SMALL)
#define C45_GREQ(a, b) ((b) - (a) < C45_SMALL)
#define C45_EQ(a, b) (C45_SMEQ(a, b) && C45_GREQ(a, b))

/* A node. The children of a node are consecutive nodes. A node's `bag` and
 * its row of bagcls are its parent's distribution for the branch leading to
 * it (what J48 prints at a leaf); cls and total are the node's own. */
struct c45_node {
    size_t attr;      /* split attribute; CLEARN_NONE for a leaf */
    double thr;       /* numeric split: values <= thr go to the first child */
    size_t kid;       /* first child */
    size_t n_kids;    /* 0 for a leaf */
    int numeric;      /* the split attribute is numeric */
    int empty;        /* a leaf no training weight reached */
    double total;     /* training weight at the node, fractions included */
    double bag;       /* the parent's weight for this branch */
};

/* A growing text (the trace). */
struct c45_text {
    char *s;
    size_t len, cap;
    int failed;       /* an allocation failed: the text is incomplete */
};

/* The state of both types: the parameters first (id3 uses `trace` only),
 * then the fitted model. */
struct c45 {
    double confidence;
    long min_leaf;
    int unpruned, subtree_raising, collapse, mdl_correction, laplace, trace;
    int id3;                  /* fitted as id3 (set by fit and load) */
    size_t k, d, cls_attr;    /* classes, attributes, class index */
    size_t n_nodes;
    struct c45_node *nodes;   /* nodes[0] is the root */
    double *cls, *bagcls;     /* n_nodes x k class weights */
    struct c45_text log;      /* the trace, when fitted with trace=1 */
};

/* The tree while it grows and is pruned. parent/branch locate a node (for
 * the trace and for subtree raising). */
struct c45_tree {
    struct c45_node *node;
    double *cls, *bagcls;
    size_t *parent, *branch;
    size_t n, cap, k;
};

/* Training rows as weighted entries. An entry is a row with a weight; a row
 * with a missing split value is copied into each branch with a fraction of
 * its weight. A node's data is a segment [s, s+n) of each array in arr:
 * arr[0] in any order, arr[1 + i] sorted by numeric attribute num[i]
 * (missing values last). Splitting partitions a segment in place, or, when
 * some entries are copied, writes the branches above `top` (freed
 * stack-wise by restoring top and n_ent). */
struct c45_data {
    const clearn_dataset *ds;
    size_t d, cls, k;
    uint32_t *row;
    double *w;
    size_t n_ent, cap_ent;
    size_t *side;             /* per entry: its branch, or n_kids + i */
    uint32_t **arr;
    size_t n_arr;
    size_t *num;              /* numeric attribute of arr[1 + i] */
    size_t top, cap;
    uint32_t *tmp;            /* cap entries of scratch */
    uint32_t *newid;          /* copies of missing entries, per branch */
    size_t cap_newid;
};

/* One candidate split at a node, as the trace shows it. */
struct c45_cand {
    int valid;            /* a usable split */
    int averaged;         /* counted in C4.5's average gain */
    int hidden;           /* not a candidate (ID3: used above) */
    double info;          /* expected entropy after the split (bits) */
    double gain;          /* information gain (C4.5: MDL-corrected if numeric) */
    double split_info;    /* entropy of the branch sizes (bits) */
    double ratio;         /* gain / split_info */
    double cut;           /* numeric: the best cut point (a midpoint) */
    size_t cuts;          /* numeric: cut points tried */
    size_t at, known;     /* numeric: the cut's position in the sorted
                           * known values, and how many are known */
    const char *why;      /* why there is no split */
};

/* ---- tree_c45.c ---------------------------------------------------------- */
void clearn__c45_text_free(struct c45_text *t);
/* Appends to the text; records a failed allocation in t->failed. */
void clearn__c45_printf(struct c45_text *t, const char *fmt, ...) CLEARN__PRINTF(2, 3);
/* Weka's x log2 x (0 below 1e-6). */
double clearn__c45_xlog2x(double x);
/* Index of the largest weight (ties: the first, within C45_SMALL), 0 if
 * none is above 0: Weka's Distribution.maxClass. */
size_t clearn__c45_argmax(const double *w, size_t k);
int clearn__c45_tree_init(struct c45_tree *t, size_t k, clearn_error *err);
void clearn__c45_tree_free(struct c45_tree *t);
/* Appends count zeroed leaves; *first receives the first one's index. */
int clearn__c45_tree_add(struct c45_tree *t, size_t count, size_t parent, size_t *first,
                         clearn_error *err);
/* The branch leading to node i as text ("outlook = sunny, humidity <= 75"). */
void clearn__c45_path(const struct c45_tree *t, const clearn_dataset *ds, size_t i,
                      struct c45_text *out);
/* Data over all rows of ds, weight 1; arrays sorted by each numeric
 * attribute when sorted is set. */
int clearn__c45_data_init(struct c45_data *D, const clearn_dataset *ds, int sorted,
                          clearn_error *err);
void clearn__c45_data_free(struct c45_data *D);
/* The branch of x's split value v: 0..n_kids-1, or -1 when missing. */
long clearn__c45_which(const struct c45_node *x, double v);
/* Sends the segment [s, s+n) down x's split: entries with a missing value
 * go to every branch j with frac[j] > C45_SMALL, with that fraction of
 * their weight. seg receives each branch's (start, length). */
int clearn__c45_route(struct c45_data *D, const struct c45_node *x, const double *frac,
                      size_t s, size_t n, size_t *seg, clearn_error *err);
/* Class weights of the segment into cls (k) and their sum into *total. */
void clearn__c45_class_weights(const struct c45_data *D, size_t s, size_t n, double *cls,
                               double *total);

/* CLEARN_ESCHEMA unless the model's splits fit x's attributes. */
int clearn__c45_check(const struct c45 *m, const clearn_dataset *x, clearn_error *err);

/* ---- tree_c45_id3.c ---------------------------------------------------------- */
/* CLEARN_EINVAL, with advice, for a numeric attribute or a missing value. */
int clearn__id3_check(const clearn_dataset *ds, clearn_error *err);
int clearn__id3_grow(const clearn_dataset *ds, struct c45_tree *t, struct c45_text *log,
                     clearn_error *err);

/* ---- tree_c45_grow.c ------------------------------------------------------- */
int clearn__c45_grow(const struct c45 *p, const clearn_dataset *ds, struct c45_tree *t,
                     struct c45_text *log, clearn_error *err);

/* ---- tree_c45_prune.c -------------------------------------------------------- */
int clearn__c45_collapse(struct c45_tree *t, const clearn_dataset *ds, struct c45_text *log,
                         clearn_error *err);
int clearn__c45_prune(const struct c45 *p, const clearn_dataset *ds, struct c45_tree *t,
                      struct c45_text *log, clearn_error *err);

/* ---- tree_c45_show.c ------------------------------------------------------- */
/* Weka's Utils.doubleToString(v, 6), as J48 prints thresholds. */
void clearn__c45_weka_number(double v, char *buf, size_t size);
int clearn__c45_print(const void *st, const clearn_dataset *schema, FILE *out,
                      clearn_error *err);
int clearn__c45_dot(const void *st, const clearn_dataset *schema, FILE *out, clearn_error *err);
/* The trace: a node's heading (its number, path and classes), its table
 * of candidates (avg: C4.5's average gain, or NULL), a leaf's verdict. */
void clearn__c45_trace_node(struct c45_text *log, const struct c45_tree *t,
                            const clearn_dataset *ds, size_t i, size_t seq, const double *cls,
                            double total);
void clearn__c45_trace_table(struct c45_text *log, const clearn_dataset *ds,
                             const struct c45_cand *cand, const double *avg);
void clearn__c45_trace_leaf(struct c45_text *log, const clearn_dataset *ds, const double *cls,
                            double total, const char *why);
int clearn__c45_explain(const void *st, const clearn_dataset *schema, FILE *out,
                        clearn_error *err);

#endif
