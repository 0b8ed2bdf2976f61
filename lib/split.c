/* clearn — train/test splits (holdout, k-fold, stratified k-fold, repeated,
 * leave-one-out).
 *
 * Every method is one "deal": each class (a single class when not
 * stratifying) gets a list of fold labels, in the order scikit-learn lays
 * them out, optionally shuffled by the repetition's stream; the usable rows
 * of the class then take the labels in row order. The result is one fold id
 * per row and repetition. */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include <clearn/split.h>

#define NO_FOLD UINT32_MAX
#define HOLDOUT_TRAIN 1u /* fold label of holdout training rows */

struct clearn_split {
    clearn_split_method method;
    size_t n, used, folds, repeats;
    uint64_t seed;
    uint32_t *fold;   /* repeats x n fold labels, NO_FOLD = unused; not LOO */
    size_t *test_n;   /* test size of each split; not LOO */
    size_t *usable;   /* LOO only: the usable rows, ascending */
    int has_warning;
    char warning[160];
};

/* What to build. */
typedef struct plan {
    clearn_split_method method;
    size_t k, repeats;
    double fraction;
    int shuffle;
    uint64_t seed;
} plan;

/* The usable rows' classes, numbered by first appearance (as scikit-learn's
 * StratifiedKFold encodes them); one class 0 when not stratifying. */
typedef struct classes {
    uint32_t *cls;   /* n: class id, NO_FOLD for an unusable row */
    size_t *count;   /* n_classes */
    size_t n_classes, used;
} classes;

static int is_stratified(clearn_split_method m)
{
    return m == CLEARN_SPLIT_STRATIFIED_KFOLD ||
           m == CLEARN_SPLIT_STRATIFIED_HOLDOUT;
}

static void classes_free(classes *c)
{
    clearn__free(c->cls);
    clearn__free(c->count);
}

/* ---- class encoding ----------------------------------------------------- */

static int check_codes(size_t n, const double *y, double *max, clearn_error *err)
{
    size_t i;
    *max = -1;
    for (i = 0; i < n; i++) {
        double v = y[i];
        if (isnan(v))
            continue;
        if (!(v >= 0 && v <= 9007199254740992.0 && v == floor(v)))
            return clearn__error(err, CLEARN_EINVAL,
                                 "class value at row %zu is %g: stratification "
                                 "needs class codes (non-negative integers)",
                                 i, v);
        if (v > *max)
            *max = v;
    }
    return CLEARN_OK;
}

/* Codes small enough for a direct code -> rank table. */
static int rank_direct(size_t n, const double *y, size_t max, classes *c)
{
    size_t i, *rank = clearn__mallocarray(max + 1, sizeof *rank);
    if (!rank)
        return CLEARN_ENOMEM;
    for (i = 0; i <= max; i++)
        rank[i] = SIZE_MAX;
    for (i = 0; i < n; i++) {
        size_t code;
        if (isnan(y[i]))
            continue;
        code = (size_t)y[i];
        if (rank[code] == SIZE_MAX)
            rank[code] = c->n_classes++;
        c->cls[i] = (uint32_t)rank[code];
    }
    clearn__free(rank);
    return CLEARN_OK;
}

typedef struct code_row {
    double code;
    size_t row;
} code_row;

static int cmp_code_row(const void *a, const void *b)
{
    const code_row *x = a, *y = b;
    if (x->code != y->code)
        return x->code < y->code ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Large codes: sort (code, row) pairs; a class's rank is the rank of its
 * first row among the classes' first rows. */
static int rank_sorted(size_t n, const double *y, size_t used, classes *c)
{
    code_row *p = clearn__mallocarray(used ? used : 1, sizeof *p);
    size_t *first = clearn__mallocarray(used ? used : 1, sizeof *first);
    size_t i, m = 0, g;
    if (!p || !first) {
        clearn__free(p);
        clearn__free(first);
        return CLEARN_ENOMEM;
    }
    for (i = 0; i < n; i++)
        if (!isnan(y[i])) {
            p[m].code = y[i];
            p[m++].row = i;
        }
    qsort(p, m, sizeof *p, cmp_code_row);
    for (i = 0, g = 0; i < m; i++)
        if (i == 0 || p[i].code != p[i - 1].code)
            first[g++] = p[i].row;
    qsort(first, g, sizeof *first, cmp_size);
    /* a group's lead (its smallest row) ranks among the sorted leads */
    for (i = 0; i < m; i++) {
        size_t lo = 0, hi = g;
        if (i > 0 && p[i].code == p[i - 1].code) {
            c->cls[p[i].row] = c->cls[p[i - 1].row];
            continue;
        }
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (first[mid] < p[i].row)
                lo = mid + 1;
            else
                hi = mid;
        }
        c->cls[p[i].row] = (uint32_t)lo;
    }
    c->n_classes = g;
    clearn__free(p);
    clearn__free(first);
    return CLEARN_OK;
}

/* Fills c from y (NULL: every row usable, one class). With codes == 0 every
 * known value is class 0. */
static int encode(size_t n, const double *y, int codes, classes *c,
                  clearn_error *err)
{
    size_t i;
    double max = -1;
    int rc = CLEARN_OK;
    memset(c, 0, sizeof *c);
    if (codes && (rc = check_codes(n, y, &max, err)) != CLEARN_OK)
        return rc;
    c->cls = clearn__mallocarray(n, sizeof *c->cls);
    if (!c->cls)
        return clearn__nomem(err);
    for (i = 0; i < n; i++) {
        int known = !y || !isnan(y[i]);
        c->cls[i] = known ? 0 : NO_FOLD;
        c->used += (size_t)known;
    }
    if (!codes || c->used == 0)
        c->n_classes = c->used ? 1 : 0;
    else if (max <= (double)n + 1024.0)
        rc = rank_direct(n, y, (size_t)max, c);
    else
        rc = rank_sorted(n, y, c->used, c);
    if (rc == CLEARN_OK && c->n_classes >= NO_FOLD)
        return clearn__error(err, CLEARN_ERANGE, "too many classes (%zu)",
                             c->n_classes);
    if (rc == CLEARN_OK)
        c->count = clearn__calloc(c->n_classes ? c->n_classes : 1,
                                  sizeof *c->count);
    if (rc != CLEARN_OK || !c->count)
        return clearn__nomem(err);
    for (i = 0; i < n; i++)
        if (c->cls[i] != NO_FOLD)
            c->count[c->cls[i]]++;
    return CLEARN_OK;
}

/* ---- fold labels ---------------------------------------------------------- */

/* Labels of the class occupying positions [a, a + cnt) of the labels sorted
 * by class, dealt round-robin to k folds (StratifiedKFold's allocation),
 * written sorted ascending, i.e. in blocks. O(cnt) even when k is large. */
static void round_robin(size_t a, size_t cnt, size_t k, size_t *out)
{
    size_t q = cnt / k, rem = cnt % k, r0 = a % k, f, j, m = 0;
    if (q == 0 && r0 + cnt <= k) {
        for (j = 0; j < cnt; j++)
            out[m++] = r0 + j;
    } else if (q == 0) {
        for (f = 0; f < r0 + cnt - k; f++)
            out[m++] = f;
        for (f = r0; f < k; f++)
            out[m++] = f;
    } else {
        for (f = 0; f < k; f++) {
            size_t times = q + ((f + k - r0) % k < rem);
            for (j = 0; j < times; j++)
                out[m++] = f;
        }
    }
}

/* KFold's blocks: the first used % k folds have one row more. */
static void blocks(size_t used, size_t k, size_t *out)
{
    size_t f, j, m = 0;
    for (f = 0; f < k; f++) {
        size_t size = used / k + (f < used % k);
        for (j = 0; j < size; j++)
            out[m++] = f;
    }
}

/* Holdout: n_test test labels (fold 0), then training labels. */
static void two_parts(size_t cnt, size_t n_test, size_t *out)
{
    size_t j;
    for (j = 0; j < cnt; j++)
        out[j] = j < n_test ? 0 : HOLDOUT_TRAIN;
}

/* Labels of class cl (its segment starts at position a), then the row-order
 * deal. test_n_class: per-class test counts of the stratified holdout. */
static void deal(const classes *c, const plan *p, const size_t *test_n_class,
                 clearn_rng *rng, size_t *lab, size_t *cursor, uint32_t *fold,
                 size_t n)
{
    size_t cl, i, a = 0;
    for (cl = 0; cl < c->n_classes; cl++) {
        size_t cnt = c->count[cl];
        switch (p->method) {
        case CLEARN_SPLIT_KFOLD:
            blocks(cnt, p->k, lab + a);
            break;
        case CLEARN_SPLIT_STRATIFIED_KFOLD:
            round_robin(a, cnt, p->k, lab + a);
            break;
        default:
            two_parts(cnt, test_n_class[cl], lab + a);
            break;
        }
        if (p->shuffle)
            clearn_rng_shuffle(rng, lab + a, cnt);
        cursor[cl] = a;
        a += cnt;
    }
    for (i = 0; i < n; i++)
        fold[i] = c->cls[i] == NO_FOLD ? NO_FOLD : (uint32_t)lab[cursor[c->cls[i]]++];
}

/* ---- stratified holdout: scikit-learn's _approximate_mode ----------------- */

typedef struct rem_idx {
    double rem;
    size_t idx;
} rem_idx;

static int cmp_rem_desc(const void *a, const void *b)
{
    const rem_idx *x = a, *y = b;
    if (x->rem != y->rem)
        return x->rem > y->rem ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* out[c] = count[c] / total * draws rounded down, then the shortfall added
 * one by one to the largest remainders, ties broken at random. */
static void approximate_mode(const size_t *count, size_t nc, size_t total,
                             size_t draws, clearn_rng *rng, rem_idx *ri,
                             size_t *tmp, size_t *out)
{
    size_t c, sum = 0, need, g, e;
    for (c = 0; c < nc; c++) {
        double cont = (double)count[c] / (double)total * (double)draws;
        out[c] = (size_t)floor(cont);
        ri[c].rem = cont - floor(cont);
        ri[c].idx = c;
        sum += out[c];
    }
    need = draws > sum ? draws - sum : 0;
    qsort(ri, nc, sizeof *ri, cmp_rem_desc);
    for (g = 0; g < nc && need > 0; g = e) {
        size_t len, take, j;
        for (e = g; e < nc && ri[e].rem == ri[g].rem; e++)
            tmp[e - g] = ri[e].idx;
        len = e - g;
        take = len < need ? len : need;
        if (take < len)
            clearn_rng_shuffle(rng, tmp, len);
        for (j = 0; j < take; j++)
            out[tmp[j]]++;
        need -= take;
    }
}

/* ---- checks ---------------------------------------------------------------- */

static int check_plan(const plan *p, clearn_error *err)
{
    int kf = p->method == CLEARN_SPLIT_KFOLD ||
             p->method == CLEARN_SPLIT_STRATIFIED_KFOLD;
    if (kf && p->k < 2)
        return clearn__error(err, CLEARN_EINVAL,
                             "number of folds k=%zu must be at least 2", p->k);
    if (kf && p->k >= NO_FOLD)
        return clearn__error(err, CLEARN_ERANGE,
                             "number of folds k=%zu is too large", p->k);
    if (p->repeats < 1)
        return clearn__error(err, CLEARN_EINVAL,
                             "number of repetitions %zu must be at least 1",
                             p->repeats);
    if (!kf && p->method != CLEARN_SPLIT_LOO &&
        !(p->fraction > 0 && p->fraction < 1))
        return clearn__error(err, CLEARN_EINVAL,
                             "test fraction %g must be in (0, 1)", p->fraction);
    return CLEARN_OK;
}

static size_t min_count(const classes *c)
{
    size_t i, m = SIZE_MAX;
    for (i = 0; i < c->n_classes; i++)
        if (c->count[i] < m)
            m = c->count[i];
    return m;
}

static int check_kfold(clearn_split *s, const plan *p, const classes *c,
                       clearn_error *err)
{
    size_t least;
    if (p->k > c->used)
        return clearn__error(err, CLEARN_EINVAL,
                             "number of folds k=%zu is greater than the number "
                             "of rows with a known class (%zu)", p->k, c->used);
    if (p->method != CLEARN_SPLIT_STRATIFIED_KFOLD)
        return CLEARN_OK;
    least = min_count(c);
    {
        size_t i, most = 0;
        for (i = 0; i < c->n_classes; i++)
            most = c->count[i] > most ? c->count[i] : most;
        if (most < p->k)
            return clearn__error(err, CLEARN_EINVAL,
                                 "n_splits=%zu cannot be greater than the "
                                 "number of members in each class.", p->k);
    }
    if (least < p->k) {
        s->has_warning = 1;
        snprintf(s->warning, sizeof s->warning,
                 "The least populated class in y has only %zu members, which "
                 "is less than n_splits=%zu.", least, p->k);
    }
    return CLEARN_OK;
}

/* ceil(fraction * used) test rows; both parts non-empty. */
static int holdout_sizes(const plan *p, const classes *c, size_t *n_test,
                         clearn_error *err)
{
    double t = ceil(p->fraction * (double)c->used);
    *n_test = (size_t)t;
    if (*n_test >= c->used)
        return clearn__error(err, CLEARN_EINVAL,
                             "with %zu rows and test fraction %g the training "
                             "part would be empty", c->used, p->fraction);
    if (p->method != CLEARN_SPLIT_STRATIFIED_HOLDOUT)
        return CLEARN_OK;
    if (min_count(c) < 2)
        return clearn__error(err, CLEARN_EINVAL,
                             "The least populated class in y has only 1 member, "
                             "which is too few. The minimum number of groups "
                             "for any class cannot be less than 2.");
    if (c->used - *n_test < c->n_classes)
        return clearn__error(err, CLEARN_EINVAL,
                             "The train_size = %zu should be greater or equal "
                             "to the number of classes = %zu",
                             c->used - *n_test, c->n_classes);
    if (*n_test < c->n_classes)
        return clearn__error(err, CLEARN_EINVAL,
                             "The test_size = %zu should be greater or equal "
                             "to the number of classes = %zu",
                             *n_test, c->n_classes);
    return CLEARN_OK;
}

/* ---- building -------------------------------------------------------------- */

/* Per-class test counts of a holdout into tnc (ri, tmp: scratch). */
static void holdout_counts(const classes *c, size_t n_test, clearn_rng *rng,
                           rem_idx *ri, size_t *tmp, size_t *tnc)
{
    size_t cl;
    if (!ri) {
        tnc[0] = n_test;
        return;
    }
    approximate_mode(c->count, c->n_classes, c->used, c->used - n_test, rng,
                     ri, tmp, tnc);
    for (cl = 0; cl < c->n_classes; cl++)
        tnc[cl] = c->count[cl] - tnc[cl];
}

typedef struct scratch {
    size_t *lab, *cursor, *tnc, *tmp;
    rem_idx *ri;
} scratch;

static void scratch_free(scratch *w)
{
    clearn__free(w->lab);
    clearn__free(w->cursor);
    clearn__free(w->tnc);
    clearn__free(w->tmp);
    clearn__free(w->ri);
}

static int scratch_alloc(scratch *w, const classes *c, int approx)
{
    size_t nc = c->n_classes;
    memset(w, 0, sizeof *w);
    w->lab = clearn__mallocarray(c->used, sizeof *w->lab);
    w->cursor = clearn__mallocarray(nc, sizeof *w->cursor);
    w->tnc = clearn__mallocarray(nc, sizeof *w->tnc);
    if (approx) {
        w->tmp = clearn__mallocarray(nc, sizeof *w->tmp);
        w->ri = clearn__mallocarray(nc, sizeof *w->ri);
    }
    if (!w->lab || !w->cursor || !w->tnc || (approx && (!w->tmp || !w->ri)))
        return CLEARN_ENOMEM;
    return CLEARN_OK;
}

static int make_folds(clearn_split *s, const plan *p, const classes *c,
                      clearn_error *err)
{
    int kfold = p->method == CLEARN_SPLIT_KFOLD ||
                p->method == CLEARN_SPLIT_STRATIFIED_KFOLD;
    size_t n_test = 0, r, i;
    scratch w;
    int rc = kfold ? check_kfold(s, p, c, err) : holdout_sizes(p, c, &n_test, err);
    if (rc != CLEARN_OK)
        return rc;
    s->folds = kfold ? p->k : 1;
    if (s->repeats > SIZE_MAX / s->n)
        return clearn__error(err, CLEARN_ERANGE, "%zu repetitions of %zu rows "
                             "are too many", s->repeats, s->n);
    s->fold = clearn__mallocarray(s->repeats * s->n, sizeof *s->fold);
    s->test_n = clearn__calloc(s->repeats, s->folds * sizeof *s->test_n);
    rc = scratch_alloc(&w, c, p->method == CLEARN_SPLIT_STRATIFIED_HOLDOUT);
    if (!s->fold || !s->test_n || rc != CLEARN_OK) {
        scratch_free(&w);
        return clearn__nomem(err);
    }
    for (r = 0; r < s->repeats; r++) {
        clearn_rng rng;
        uint32_t *fold = s->fold + r * s->n;
        clearn_rng_seed(&rng, s->seed, r);
        if (!kfold)
            holdout_counts(c, n_test, &rng, w.ri, w.tmp, w.tnc);
        deal(c, p, w.tnc, &rng, w.lab, w.cursor, fold, s->n);
        for (i = 0; i < s->n; i++)
            if (fold[i] < s->folds)
                s->test_n[r * s->folds + fold[i]]++;
    }
    scratch_free(&w);
    return CLEARN_OK;
}

static int make_loo(clearn_split *s, const classes *c, clearn_error *err)
{
    size_t i, m = 0;
    if (c->used < 2)
        return clearn__error(err, CLEARN_EINVAL, "leave-one-out needs at least "
                             "2 rows with a known class, got %zu", c->used);
    s->usable = clearn__mallocarray(c->used, sizeof *s->usable);
    if (!s->usable)
        return clearn__nomem(err);
    for (i = 0; i < s->n; i++)
        if (c->cls[i] != NO_FOLD)
            s->usable[m++] = i;
    s->folds = c->used;
    return CLEARN_OK;
}

static clearn_split *build(size_t n, const double *y, const plan *p,
                           clearn_error *err)
{
    classes c;
    clearn_split *s;
    int rc;
    if (check_plan(p, err) != CLEARN_OK)
        return NULL;
    if (is_stratified(p->method) && !y) {
        clearn__error(err, CLEARN_EINVAL,
                      "a stratified split needs class values (y is NULL)");
        return NULL;
    }
    if (n == 0) {
        clearn__error(err, CLEARN_EINVAL, "no rows to split");
        return NULL;
    }
    if (encode(n, y, is_stratified(p->method), &c, err) != CLEARN_OK) {
        classes_free(&c);
        return NULL;
    }
    if (c.used == 0) {
        classes_free(&c);
        clearn__error(err, CLEARN_EINVAL, "no rows to split: the class value "
                      "of all %zu rows is missing", n);
        return NULL;
    }
    s = clearn__calloc(1, sizeof *s);
    if (!s) {
        classes_free(&c);
        clearn__nomem(err);
        return NULL;
    }
    s->method = p->method;
    s->n = n;
    s->used = c.used;
    s->repeats = p->repeats;
    s->seed = p->seed;
    rc = p->method == CLEARN_SPLIT_LOO ? make_loo(s, &c, err)
                                       : make_folds(s, p, &c, err);
    classes_free(&c);
    if (rc != CLEARN_OK) {
        clearn_split_free(s);
        return NULL;
    }
    return s;
}

void clearn_split_free(clearn_split *s)
{
    if (!s)
        return;
    clearn__free(s->fold);
    clearn__free(s->test_n);
    clearn__free(s->usable);
    clearn__free(s);
}

/* ---- constructors ---------------------------------------------------------- */

static clearn_split *build_plan(size_t n, const double *y,
                                clearn_split_method m, size_t k, size_t repeats,
                                double fraction, int shuffle, uint64_t seed,
                                clearn_error *err)
{
    plan p;
    p.method = m;
    p.k = k;
    p.repeats = repeats;
    p.fraction = fraction;
    p.shuffle = shuffle;
    p.seed = seed;
    return build(n, y, &p, err);
}

clearn_split *clearn_split_holdout_y(size_t n, const double *y,
                                     double test_fraction, int stratify,
                                     uint64_t seed, clearn_error *err)
{
    return build_plan(n, y, stratify ? CLEARN_SPLIT_STRATIFIED_HOLDOUT
                                     : CLEARN_SPLIT_HOLDOUT,
                      0, 1, test_fraction, 1, seed, err);
}

clearn_split *clearn_split_kfold_y(size_t n, const double *y, size_t k,
                                   int shuffle, uint64_t seed, clearn_error *err)
{
    return build_plan(n, y, CLEARN_SPLIT_KFOLD, k, 1, 0, shuffle != 0, seed, err);
}

clearn_split *clearn_split_stratified_kfold_y(size_t n, const double *y,
                                              size_t k, int shuffle,
                                              uint64_t seed, clearn_error *err)
{
    return build_plan(n, y, CLEARN_SPLIT_STRATIFIED_KFOLD, k, 1, 0,
                      shuffle != 0, seed, err);
}

clearn_split *clearn_split_repeated_y(size_t n, const double *y,
                                      size_t repeats, size_t k, int stratify,
                                      uint64_t seed, clearn_error *err)
{
    return build_plan(n, y, stratify ? CLEARN_SPLIT_STRATIFIED_KFOLD
                                     : CLEARN_SPLIT_KFOLD,
                      k, repeats, 0, 1, seed, err);
}

clearn_split *clearn_split_loo_y(size_t n, const double *y, clearn_error *err)
{
    return build_plan(n, y, CLEARN_SPLIT_LOO, 0, 1, 0, 0, 0, err);
}

/* The class column of ds (NULL when it has none), checked for stratifying. */
static int dataset_y(const clearn_dataset *ds, int stratify, double **y,
                     clearn_error *err)
{
    size_t j, n;
    *y = NULL;
    if (!ds)
        return clearn__error(err, CLEARN_EINVAL, "dataset is NULL");
    n = clearn_dataset_rows(ds);
    if (n == 0)
        return clearn__error(err, CLEARN_EINVAL, "no rows to split: the "
                             "dataset is empty");
    j = clearn_dataset_class(ds);
    if (j == CLEARN_NONE && !stratify)
        return CLEARN_OK;
    if (j == CLEARN_NONE)
        return clearn__error(err, CLEARN_EINVAL, "a stratified split needs a "
                             "nominal class attribute; the dataset has none");
    if (stratify && clearn_dataset_attr_kind(ds, j) != CLEARN_NOMINAL)
        return clearn__error(err, CLEARN_EINVAL, "a stratified split needs a "
                             "nominal class attribute; class '%s' is numeric",
                             clearn_dataset_attr_name(ds, j));
    *y = clearn__mallocarray(n, sizeof **y);
    if (!*y)
        return clearn__nomem(err);
    return clearn_dataset_column(ds, j, *y, err);
}

#define FROM_DATASET(stratify, call)                                   \
    do {                                                               \
        double *y;                                                     \
        clearn_split *s = NULL;                                        \
        if (dataset_y(ds, (stratify), &y, err) == CLEARN_OK)           \
            s = (call);                                                \
        clearn__free(y);                                               \
        return s;                                                      \
    } while (0)

clearn_split *clearn_split_holdout(const clearn_dataset *ds, double test_fraction,
                                   int stratify, uint64_t seed, clearn_error *err)
{
    FROM_DATASET(stratify, clearn_split_holdout_y(clearn_dataset_rows(ds), y,
                 test_fraction, stratify, seed, err));
}

clearn_split *clearn_split_kfold(const clearn_dataset *ds, size_t k, int shuffle,
                                 uint64_t seed, clearn_error *err)
{
    FROM_DATASET(0, clearn_split_kfold_y(clearn_dataset_rows(ds), y, k, shuffle,
                 seed, err));
}

clearn_split *clearn_split_stratified_kfold(const clearn_dataset *ds, size_t k,
                                            int shuffle, uint64_t seed,
                                            clearn_error *err)
{
    FROM_DATASET(1, clearn_split_stratified_kfold_y(clearn_dataset_rows(ds), y,
                 k, shuffle, seed, err));
}

clearn_split *clearn_split_repeated(const clearn_dataset *ds, size_t repeats,
                                    size_t k, int stratify, uint64_t seed,
                                    clearn_error *err)
{
    FROM_DATASET(stratify, clearn_split_repeated_y(clearn_dataset_rows(ds), y,
                 repeats, k, stratify, seed, err));
}

clearn_split *clearn_split_loo(const clearn_dataset *ds, clearn_error *err)
{
    FROM_DATASET(0, clearn_split_loo_y(clearn_dataset_rows(ds), y, err));
}

/* ---- reading ---------------------------------------------------------------- */

clearn_split_method clearn_split_get_method(const clearn_split *s)
{
    return s ? s->method : CLEARN_SPLIT_HOLDOUT;
}

size_t clearn_split_count(const clearn_split *s)
{
    return s ? s->repeats * s->folds : 0;
}

size_t clearn_split_folds(const clearn_split *s)
{
    return s ? s->folds : 0;
}

size_t clearn_split_repeats(const clearn_split *s)
{
    return s ? s->repeats : 0;
}

size_t clearn_split_rows(const clearn_split *s)
{
    return s ? s->n : 0;
}

size_t clearn_split_used_rows(const clearn_split *s)
{
    return s ? s->used : 0;
}

uint64_t clearn_split_seed(const clearn_split *s)
{
    return s ? s->seed : 0;
}

size_t clearn_split_test_size(const clearn_split *s, size_t i)
{
    if (!s || i >= clearn_split_count(s))
        return 0;
    return s->usable ? 1 : s->test_n[i];
}

size_t clearn_split_train_size(const clearn_split *s, size_t i)
{
    if (!s || i >= clearn_split_count(s))
        return 0;
    return s->used - clearn_split_test_size(s, i);
}

static int check_index(const clearn_split *s, size_t i, const size_t *out,
                       clearn_error *err)
{
    if (!s || !out)
        return clearn__error(err, CLEARN_EINVAL, "%s is NULL",
                             !s ? "split" : "output array");
    if (i >= clearn_split_count(s))
        return clearn__error(err, CLEARN_EINVAL, "split %zu out of range "
                             "(there are %zu)", i, clearn_split_count(s));
    return CLEARN_OK;
}

/* Rows of split i whose label is (test != 0) or is not (test == 0) the fold. */
static int collect(const clearn_split *s, size_t i, int test, size_t *out,
                   clearn_error *err)
{
    size_t row, m = 0, f;
    const uint32_t *fold;
    int rc = check_index(s, i, out, err);
    if (rc != CLEARN_OK)
        return rc;
    if (s->usable) {
        for (row = 0; row < s->used; row++)
            if ((row == i) == (test != 0))
                out[m++] = s->usable[row];
        return CLEARN_OK;
    }
    fold = s->fold + (i / s->folds) * s->n;
    f = i % s->folds;
    for (row = 0; row < s->n; row++)
        if (fold[row] != NO_FOLD && (fold[row] == f) == (test != 0))
            out[m++] = row;
    return CLEARN_OK;
}

int clearn_split_train(const clearn_split *s, size_t i, size_t *out,
                       clearn_error *err)
{
    return collect(s, i, 0, out, err);
}

int clearn_split_test(const clearn_split *s, size_t i, size_t *out,
                      clearn_error *err)
{
    return collect(s, i, 1, out, err);
}

size_t clearn_split_fold_of(const clearn_split *s, size_t r, size_t row)
{
    size_t lo = 0, hi;
    uint32_t f;
    if (!s || r >= s->repeats || row >= s->n)
        return CLEARN_NONE;
    if (!s->usable) {
        f = s->fold[r * s->n + row];
        return f < s->folds ? f : CLEARN_NONE;
    }
    hi = s->used;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->usable[mid] < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->used && s->usable[lo] == row ? lo : CLEARN_NONE;
}

const char *clearn_split_warning(const clearn_split *s)
{
    return s && s->has_warning ? s->warning : NULL;
}
