/* clearn — decision trees: ID3 and C4.5.
 *
 * id3: Quinlan (1986) as Mitchell (1997, ch. 3) teaches it: nominal
 * attributes only, information gain, one branch per category, no pruning.
 * Ties between attributes go to the first; a node stops when it is pure or
 * no attribute gains information (Weka's Id3 too). A category no training
 * row reached gets an empty leaf that predicts its parent's classes.
 *
 * c45: C4.5 release 8 (Quinlan 1993) as Weka 3.6's J48 builds it, which is
 * the reference: its trees on Weka's data sets are J48's, node for node (see
 * tests/check_tree_c45.c). ID3's growth is in tree_c45_id3.c, C4.5's in
 * tree_c45_grow.c, pruning in tree_c45_prune.c, the printed forms and the
 * trace in tree_c45_show.c; this file holds what they share.
 *
 * Both predict by J48's rules: a row goes down the branch of its value; a
 * missing (or unseen) value goes down every non-empty branch weighted by
 * the branch's share of the training weight; the probabilities are the
 * class frequencies (fractional weights included) of the leaves reached;
 * a known value leading to an empty leaf takes the parent's branch
 * frequencies, or the parent's own when the branch is empty. */
#include "config.h"
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "tree_c45.h"

/* ---- small shared helpers ------------------------------------------------ */

void clearn__c45_text_free(struct c45_text *t)
{
    clearn__free(t->s);
    memset(t, 0, sizeof *t);
}

void clearn__c45_printf(struct c45_text *t, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (t->failed)
        return;
    va_start(ap, fmt);
    n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        t->failed = 1;
        return;
    }
    if (!t->s || t->len + (size_t)n >= t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        char *s;
        while (cap <= t->len + (size_t)n)
            cap *= 2;
        if (!(s = clearn__realloc(t->s, cap))) {
            t->failed = 1;
            return;
        }
        t->s = s;
        t->cap = cap;
        va_start(ap, fmt);
        vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
    }
    t->len += (size_t)n;
}

double clearn__c45_xlog2x(double x)
{
    return x < 1e-6 ? 0 : x * log(x) / log(2.0);
}

size_t clearn__c45_argmax(const double *w, size_t k)
{
    double max = 0;
    size_t best = 0;
    for (size_t c = 0; c < k; c++)
        if (C45_GR(w[c], max)) {
            max = w[c];
            best = c;
        }
    return best;
}

/* ---- the working tree ------------------------------------------------------- */

int clearn__c45_tree_init(struct c45_tree *t, size_t k, clearn_error *err)
{
    memset(t, 0, sizeof *t);
    t->k = k;
    t->cap = 64;
    t->node = clearn__mallocarray(t->cap, sizeof *t->node);
    t->cls = clearn__mallocarray(t->cap, k * sizeof *t->cls);
    t->bagcls = clearn__mallocarray(t->cap, k * sizeof *t->bagcls);
    t->parent = clearn__mallocarray(t->cap, sizeof *t->parent);
    t->branch = clearn__mallocarray(t->cap, sizeof *t->branch);
    if (!t->node || !t->cls || !t->bagcls || !t->parent || !t->branch) {
        clearn__c45_tree_free(t);
        return clearn__nomem(err);
    }
    return CLEARN_OK;
}

void clearn__c45_tree_free(struct c45_tree *t)
{
    clearn__free(t->node);
    clearn__free(t->cls);
    clearn__free(t->bagcls);
    clearn__free(t->parent);
    clearn__free(t->branch);
    memset(t, 0, sizeof *t);
}

static int tree_grow(struct c45_tree *t, size_t need)
{
    size_t cap = t->cap;
    void *p;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return CLEARN_ENOMEM;
        cap *= 2;
    }
    if (cap == t->cap)
        return CLEARN_OK;
#define C45_REGROW(field, size)                                 \
    if (!(p = clearn__reallocarray(t->field, cap, size)))       \
        return CLEARN_ENOMEM;                                   \
    t->field = p;
    C45_REGROW(node, sizeof *t->node)
    C45_REGROW(cls, t->k * sizeof *t->cls)
    C45_REGROW(bagcls, t->k * sizeof *t->bagcls)
    C45_REGROW(parent, sizeof *t->parent)
    C45_REGROW(branch, sizeof *t->branch)
#undef C45_REGROW
    t->cap = cap;
    return CLEARN_OK;
}

int clearn__c45_tree_add(struct c45_tree *t, size_t count, size_t parent, size_t *first,
                         clearn_error *err)
{
    if (count > SIZE_MAX - t->n || tree_grow(t, t->n + count) != CLEARN_OK)
        return clearn__nomem(err);
    *first = t->n;
    for (size_t j = 0; j < count; j++) {
        size_t i = t->n + j;
        memset(&t->node[i], 0, sizeof t->node[i]);
        t->node[i].attr = CLEARN_NONE;
        memset(t->cls + i * t->k, 0, t->k * sizeof *t->cls);
        memset(t->bagcls + i * t->k, 0, t->k * sizeof *t->bagcls);
        t->parent[i] = parent;
        t->branch[i] = j;
    }
    t->n += count;
    return CLEARN_OK;
}

/* One branch condition: "outlook = sunny", "humidity <= 75". */
static void branch_text(const struct c45_node *x, const clearn_dataset *ds, size_t j,
                        struct c45_text *out)
{
    const struct clearn__attr *a = &ds->attrs[x->attr];
    char num[64];
    if (!x->numeric) {
        clearn__c45_printf(out, "%s = %s", a->name, j < a->n_cats ? a->cats[j] : "?");
        return;
    }
    clearn__c45_weka_number(x->thr, num, sizeof num);
    clearn__c45_printf(out, "%s %s %s", a->name, j ? ">" : "<=", num);
}

void clearn__c45_path(const struct c45_tree *t, const clearn_dataset *ds, size_t i,
                      struct c45_text *out)
{
    size_t depth = 0, *up;
    if (i == 0) {
        clearn__c45_printf(out, "(root)");
        return;
    }
    for (size_t j = i; j != 0; j = t->parent[j])
        depth++;
    if (!(up = clearn__mallocarray(depth, sizeof *up))) {
        out->failed = 1;
        return;
    }
    depth = 0;
    for (size_t j = i; j != 0; j = t->parent[j])
        up[depth++] = j;
    while (depth--) {
        size_t j = up[depth];
        branch_text(&t->node[t->parent[j]], ds, t->branch[j], out);
        if (depth)
            clearn__c45_printf(out, ", ");
    }
    clearn__free(up);
}

/* ---- weighted training entries -------------------------------------------- */

void clearn__c45_data_free(struct c45_data *D)
{
    for (size_t i = 0; D->arr && i < D->n_arr; i++)
        clearn__free(D->arr[i]);
    clearn__free(D->arr);
    clearn__free(D->row);
    clearn__free(D->w);
    clearn__free(D->side);
    clearn__free(D->num);
    clearn__free(D->tmp);
    clearn__free(D->newid);
    memset(D, 0, sizeof *D);
}

struct keyed {
    double v;
    uint32_t row;
};

/* Ascending values, missing last, ties by row. */
static int keyed_cmp(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int xn = isnan(x->v), yn = isnan(y->v);
    if (xn != yn)
        return xn - yn;
    if (!xn && x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

static int sort_numeric(struct c45_data *D, clearn_error *err)
{
    const clearn_dataset *ds = D->ds;
    size_t n = ds->n;
    struct keyed *key = clearn__mallocarray(n ? n : 1, sizeof *key);
    if (!key)
        return clearn__nomem(err);
    for (size_t i = 1; i < D->n_arr; i++) {
        size_t a = D->num[i - 1];
        for (size_t r = 0; r < n; r++)
            key[r] = (struct keyed){ds->x[r * ds->d + a], (uint32_t)r};
        qsort(key, n, sizeof *key, keyed_cmp);
        for (size_t r = 0; r < n; r++)
            D->arr[i][r] = key[r].row;
    }
    clearn__free(key);
    return CLEARN_OK;
}

int clearn__c45_data_init(struct c45_data *D, const clearn_dataset *ds, int sorted,
                          clearn_error *err)
{
    size_t n = ds->n, nnum = 0;
    memset(D, 0, sizeof *D);
    if (n > UINT32_MAX / 4)
        return clearn__error(err, CLEARN_ERANGE, "tree: %zu rows are too many (at most %u)", n,
                             (unsigned)(UINT32_MAX / 4));
    D->ds = ds;
    D->d = ds->d;
    D->cls = ds->cls;
    D->k = ds->attrs[ds->cls].n_cats;
    for (size_t j = 0; sorted && j < ds->d; j++)
        nnum += j != ds->cls && ds->attrs[j].kind == CLEARN_NUMERIC;
    D->n_arr = 1 + nnum;
    D->cap = D->cap_ent = n ? n : 1;
    D->row = clearn__mallocarray(D->cap_ent, sizeof *D->row);
    D->w = clearn__mallocarray(D->cap_ent, sizeof *D->w);
    D->side = clearn__mallocarray(D->cap_ent, sizeof *D->side);
    D->tmp = clearn__mallocarray(D->cap, sizeof *D->tmp);
    D->num = clearn__mallocarray(nnum ? nnum : 1, sizeof *D->num);
    D->arr = clearn__calloc(D->n_arr, sizeof *D->arr);
    if (!D->row || !D->w || !D->side || !D->tmp || !D->num || !D->arr)
        goto nomem;
    for (size_t i = 0; i < D->n_arr; i++)
        if (!(D->arr[i] = clearn__mallocarray(D->cap, sizeof **D->arr)))
            goto nomem;
    for (size_t j = 0, i = 0; sorted && j < ds->d; j++)
        if (j != ds->cls && ds->attrs[j].kind == CLEARN_NUMERIC)
            D->num[i++] = j;
    for (size_t r = 0; r < n; r++) {
        D->row[r] = (uint32_t)r;
        D->w[r] = 1;
        D->arr[0][r] = (uint32_t)r;
    }
    D->n_ent = D->top = n;
    if (sort_numeric(D, err) != CLEARN_OK) {
        clearn__c45_data_free(D);
        return CLEARN_ENOMEM;
    }
    return CLEARN_OK;
nomem:
    clearn__c45_data_free(D);
    return clearn__nomem(err);
}

long clearn__c45_which(const struct c45_node *x, double v)
{
    if (isnan(v))
        return -1;
    if (!x->numeric)
        return v >= 0 && v < (double)x->n_kids ? (long)v : -1;
    return C45_SMEQ(v, x->thr) ? 0 : 1;
}

void clearn__c45_class_weights(const struct c45_data *D, size_t s, size_t n, double *cls,
                               double *total)
{
    const clearn_dataset *ds = D->ds;
    memset(cls, 0, D->k * sizeof *cls);
    *total = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t e = D->arr[0][s + i];
        double w = D->w[e];
        cls[(size_t)ds->x[(size_t)D->row[e] * ds->d + ds->cls]] += w;
        *total += w;
    }
}

/* Room for `extra` more segment slots and `ent` more entries. */
static int data_reserve(struct c45_data *D, size_t extra, size_t ent)
{
    void *p;
    if (extra > UINT32_MAX || ent > UINT32_MAX || D->n_ent + ent > UINT32_MAX)
        return CLEARN_ERANGE;
    if (D->top + extra > D->cap) {
        size_t cap = D->cap;
        while (cap < D->top + extra)
            cap = cap < SIZE_MAX / 2 ? 2 * cap : D->top + extra;
        for (size_t i = 0; i < D->n_arr; i++) {
            if (!(p = clearn__reallocarray(D->arr[i], cap, sizeof **D->arr)))
                return CLEARN_ENOMEM;
            D->arr[i] = p;
        }
        if (!(p = clearn__reallocarray(D->tmp, cap, sizeof *D->tmp)))
            return CLEARN_ENOMEM;
        D->tmp = p;
        D->cap = cap;
    }
    if (D->n_ent + ent > D->cap_ent) {
        size_t cap = D->cap_ent;
        while (cap < D->n_ent + ent)
            cap *= 2;
        if (!(p = clearn__reallocarray(D->row, cap, sizeof *D->row)))
            return CLEARN_ENOMEM;
        D->row = p;
        if (!(p = clearn__reallocarray(D->w, cap, sizeof *D->w)))
            return CLEARN_ENOMEM;
        D->w = p;
        if (!(p = clearn__reallocarray(D->side, cap, sizeof *D->side)))
            return CLEARN_ENOMEM;
        D->side = p;
        D->cap_ent = cap;
    }
    return CLEARN_OK;
}

/* Every array's segment reordered by branch, in place (no copies). seg
 * holds each branch's start; its lengths are filled in. */
static void route_in_place(struct c45_data *D, size_t nk, size_t s, size_t n, size_t *seg)
{
    for (size_t a = 0; a < D->n_arr; a++) {
        uint32_t *src = D->arr[a] + s;
        for (size_t j = 0; j < nk; j++)
            seg[2 * j + 1] = seg[2 * j] - s;   /* cursors into tmp */
        for (size_t i = 0; i < n; i++)
            D->tmp[seg[2 * D->side[src[i]] + 1]++] = src[i];
        memcpy(src, D->tmp, n * sizeof *src);
    }
    for (size_t j = 0; j < nk; j++)
        seg[2 * j + 1] -= seg[2 * j] - s;
}

/* Entries with missing values copied into every branch they reach; the
 * branches are written above top. */
static int route_copy(struct c45_data *D, const double *frac, size_t nk, size_t nmiss, size_t s,
                      size_t n, size_t *seg)
{
    size_t total = 0, reach = 0;
    int rc;
    for (size_t j = 0; j < nk; j++)
        reach += C45_GR(frac[j], 0);
    for (size_t j = 0; j < nk; j++) {
        seg[2 * j + 1] += C45_GR(frac[j], 0) ? nmiss : 0;
        total += seg[2 * j + 1];
    }
    if (nmiss > SIZE_MAX / nk)
        return CLEARN_ENOMEM;
    if ((rc = data_reserve(D, total, nmiss * reach)) != CLEARN_OK)
        return rc;
    if (nmiss * nk > D->cap_newid) {
        uint32_t *p = clearn__reallocarray(D->newid, nmiss * nk, sizeof *p);
        if (!p)
            return CLEARN_ENOMEM;
        D->newid = p;
        D->cap_newid = nmiss * nk;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t e = D->arr[0][s + i];
        if (D->side[e] < nk)
            continue;
        for (size_t j = 0; j < nk; j++)
            if (C45_GR(frac[j], 0)) {
                size_t id = D->n_ent++;
                D->row[id] = D->row[e];
                D->w[id] = frac[j] * D->w[e];
                D->newid[(D->side[e] - nk) * nk + j] = (uint32_t)id;
            }
    }
    for (size_t j = 0, at = D->top; j < nk; j++) {
        seg[2 * j] = at;
        at += seg[2 * j + 1];
    }
    for (size_t a = 0; a < D->n_arr; a++) {
        uint32_t *arr = D->arr[a];
        for (size_t j = 0; j < nk; j++)
            seg[2 * j + 1] = seg[2 * j];     /* cursors */
        for (size_t i = 0; i < n; i++) {
            uint32_t e = arr[s + i];
            size_t b = D->side[e];
            if (b < nk) {
                arr[seg[2 * b + 1]++] = e;
                continue;
            }
            for (size_t j = 0; j < nk; j++)
                if (C45_GR(frac[j], 0))
                    arr[seg[2 * j + 1]++] = D->newid[(b - nk) * nk + j];
        }
    }
    for (size_t j = 0; j < nk; j++)
        seg[2 * j + 1] -= seg[2 * j];
    D->top += total;
    return CLEARN_OK;
}

int clearn__c45_route(struct c45_data *D, const struct c45_node *x, const double *frac,
                      size_t s, size_t n, size_t *seg, clearn_error *err)
{
    const clearn_dataset *ds = D->ds;
    size_t nk = x->n_kids, nmiss = 0, at = s;
    int rc;
    for (size_t j = 0; j < nk; j++)
        seg[2 * j + 1] = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t e = D->arr[0][s + i];
        long b = clearn__c45_which(x, ds->x[(size_t)D->row[e] * ds->d + x->attr]);
        if (b < 0) {
            D->side[e] = nk + nmiss++;
        } else {
            D->side[e] = (size_t)b;
            seg[2 * (size_t)b + 1]++;
        }
    }
    if (nmiss) {
        rc = route_copy(D, frac, nk, nmiss, s, n, seg);
        if (rc == CLEARN_ERANGE)
            return clearn__error(err, rc, "tree: too many fractional rows (at most %u)",
                                 (unsigned)UINT32_MAX);
        return rc == CLEARN_OK ? CLEARN_OK : clearn__nomem(err);
    }
    for (size_t j = 0; j < nk; j++) {
        seg[2 * j] = at;
        at += seg[2 * j + 1];
    }
    route_in_place(D, nk, s, n, seg);
    return CLEARN_OK;
}

/* ---- fitting ------------------------------------------------------------------ */

static void c45_destroy(void *st)
{
    struct c45 *m = st;
    clearn__free(m->nodes);
    clearn__free(m->cls);
    clearn__free(m->bagcls);
    clearn__c45_text_free(&m->log);
    m->nodes = NULL;
    m->cls = m->bagcls = NULL;
    m->n_nodes = m->k = m->d = m->cls_attr = 0;
    m->id3 = 0;
}

/* The reachable nodes of t into m, each node's children consecutive
 * (breadth-first order). */
static int compact(struct c45 *m, const struct c45_tree *t, clearn_error *err)
{
    size_t k = t->k, len = 1, *order = clearn__mallocarray(t->n, sizeof *order);
    if (!order)
        return clearn__nomem(err);
    order[0] = 0;
    for (size_t q = 0; q < len; q++) {
        const struct c45_node *x = &t->node[order[q]];
        for (size_t j = 0; j < x->n_kids; j++)
            order[len++] = x->kid + j;
    }
    m->nodes = clearn__mallocarray(len, sizeof *m->nodes);
    m->cls = clearn__mallocarray(len, k * sizeof *m->cls);
    m->bagcls = clearn__mallocarray(len, k * sizeof *m->bagcls);
    if (!m->nodes || !m->cls || !m->bagcls) {
        clearn__free(order);
        return clearn__nomem(err);
    }
    for (size_t q = 0, next = 1; q < len; q++) {
        size_t o = order[q];
        m->nodes[q] = t->node[o];
        if (t->node[o].n_kids) {
            m->nodes[q].kid = next;
            next += t->node[o].n_kids;
        } else {   /* a leaf made by pruning keeps no trace of its split */
            m->nodes[q].kid = 0;
            m->nodes[q].attr = CLEARN_NONE;
            m->nodes[q].numeric = 0;
            m->nodes[q].thr = 0;
        }
        memcpy(m->cls + q * k, t->cls + o * k, k * sizeof *m->cls);
        memcpy(m->bagcls + q * k, t->bagcls + o * k, k * sizeof *m->bagcls);
    }
    m->n_nodes = len;
    clearn__free(order);
    return CLEARN_OK;
}

static int tree_fit(struct c45 *m, const clearn_dataset *train, int id3, clearn_error *err)
{
    struct c45_tree t;
    struct c45_text *log = m->trace ? &m->log : NULL;
    const char *name = id3 ? "id3" : "c45";
    size_t k = train->attrs[train->cls].n_cats;
    int rc;
    c45_destroy(m);
    if (!k)
        return clearn__error(err, CLEARN_EINVAL, "%s: the class '%s' has no categories", name,
                             train->attrs[train->cls].name);
    if (id3 && (rc = clearn__id3_check(train, err)) != CLEARN_OK)
        return rc;
    if ((rc = clearn__c45_tree_init(&t, k, err)) != CLEARN_OK)
        return rc;
    if (log)
        clearn__c45_printf(log, "%s on %zu rows, %zu attributes, %zu classes\n", name, train->n,
                           train->d - 1, k);
    rc = id3 ? clearn__id3_grow(train, &t, log, err) : clearn__c45_grow(m, train, &t, log, err);
    if (log && !id3 && (m->collapse || !m->unpruned))
        clearn__c45_printf(log, "\nsimplifying the tree (confidence %g):\n", m->confidence);
    if (rc == CLEARN_OK && !id3 && m->collapse)
        rc = clearn__c45_collapse(&t, train, log, err);
    if (rc == CLEARN_OK && !id3 && !m->unpruned)
        rc = clearn__c45_prune(m, train, &t, log, err);
    if (rc == CLEARN_OK)
        rc = compact(m, &t, err);
    if (rc == CLEARN_OK && log && log->failed)
        rc = clearn__nomem(err);
    clearn__c45_tree_free(&t);
    if (rc != CLEARN_OK) {
        c45_destroy(m);
        return rc;
    }
    m->id3 = id3;
    m->k = k;
    m->d = train->d;
    m->cls_attr = train->cls;
    return CLEARN_OK;
}

static int id3_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    return tree_fit(st, train, 1, err);
}

static int c45_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    return tree_fit(st, train, 0, err);
}

/* ---- prediction --------------------------------------------------------------- */

/* The model's splits must fit the data's attributes (predict conforms the
 * data to the training schema, so only a doctored model file fails). */
int clearn__c45_check(const struct c45 *m, const clearn_dataset *x, clearn_error *err)
{
    const char *name = m->id3 ? "id3" : "c45";
    if (x->d != m->d || x->cls != m->cls_attr || x->attrs[x->cls].kind != CLEARN_NOMINAL ||
        x->attrs[x->cls].n_cats != m->k)
        return clearn__error(err, CLEARN_ESCHEMA,
                             "%s: the model was fitted on %zu attributes with %zu classes, "
                             "which the data does not have", name, m->d, m->k);
    for (size_t i = 0; i < m->n_nodes; i++) {
        const struct c45_node *nd = &m->nodes[i];
        const struct clearn__attr *a;
        if (!nd->n_kids)
            continue;
        a = &x->attrs[nd->attr];
        if ((a->kind == CLEARN_NUMERIC) != nd->numeric || (!nd->numeric && a->n_cats != nd->n_kids))
            return clearn__error(err, CLEARN_ESCHEMA,
                                 "%s: the model's split on attribute '%s' does not fit the "
                                 "data's attribute of that name", name, a->name);
    }
    return CLEARN_OK;
}

struct walk {
    size_t *node;
    double *w;
    size_t n, cap;
};

static int walk_push(struct walk *s, size_t node, double w)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        size_t *pn = clearn__reallocarray(s->node, cap, sizeof *pn);
        double *pw;
        if (!pn)
            return CLEARN_ENOMEM;
        s->node = pn;
        if (!(pw = clearn__reallocarray(s->w, cap, sizeof *pw)))
            return CLEARN_ENOMEM;
        s->w = pw;
        s->cap = cap;
    }
    s->node[s->n] = node;
    s->w[s->n++] = w;
    return CLEARN_OK;
}

/* J48's class probability at a node's own distribution, or at branch j of
 * it (the branch's weights when it has any). */
static double node_prob(const struct c45 *m, size_t i, long j, size_t c)
{
    const struct c45_node *x = &m->nodes[i];
    if (j >= 0) {
        const struct c45_node *b = &m->nodes[x->kid + (size_t)j];
        const double *bc = m->bagcls + (x->kid + (size_t)j) * m->k;
        if (C45_GR(b->bag, 0))
            return m->laplace ? (bc[c] + 1) / (b->bag + (double)m->k) : bc[c] / b->bag;
    }
    if (m->laplace)
        return (m->cls[i * m->k + c] + 1) / (x->total + (double)m->k);
    return C45_EQ(x->total, 0) ? 0 : m->cls[i * m->k + c] / x->total;
}

/* Adds w times the class probabilities of node i's leaf (or of i's branch j
 * when j >= 0) to p. */
static void add_probs(const struct c45 *m, size_t i, long j, double w, double *p)
{
    for (size_t c = 0; c < m->k; c++)
        p[c] += w * node_prob(m, i, j, c);
}

/* Class probabilities of one row into p (k values). */
static int row_probs(const struct c45 *m, const double *row, struct walk *s, double *p)
{
    memset(p, 0, m->k * sizeof *p);
    s->n = 0;
    if (walk_push(s, 0, 1) != CLEARN_OK)
        return CLEARN_ENOMEM;
    while (s->n) {
        size_t i = s->node[--s->n];
        double w = s->w[s->n];
        const struct c45_node *x = &m->nodes[i];
        long j;
        if (!x->n_kids) {
            add_probs(m, i, -1, w, p);
            continue;
        }
        j = clearn__c45_which(x, row[x->attr]);
        if (j >= 0 && m->nodes[x->kid + (size_t)j].empty) {
            add_probs(m, i, j, w, p);
        } else if (j >= 0) {
            if (walk_push(s, x->kid + (size_t)j, w) != CLEARN_OK)
                return CLEARN_ENOMEM;
        } else {
            for (size_t b = x->n_kids; b-- > 0;)
                if (!m->nodes[x->kid + b].empty &&
                    walk_push(s, x->kid + b, m->nodes[x->kid + b].bag / x->total * w) != CLEARN_OK)
                    return CLEARN_ENOMEM;
        }
    }
    return CLEARN_OK;
}

/* Probabilities (proba != NULL: n x k into it) or classes (into cls). */
static int tree_predict(const struct c45 *m, const clearn_dataset *x, double *proba, double *cls,
                        clearn_error *err)
{
    struct walk s = {NULL, NULL, 0, 0};
    double *p = clearn__mallocarray(m->k, sizeof *p);
    int rc = clearn__c45_check(m, x, err);
    if (rc == CLEARN_OK && !p)
        rc = clearn__nomem(err);
    for (size_t i = 0; rc == CLEARN_OK && i < x->n; i++) {
        double *out = proba ? proba + i * m->k : p;
        if (row_probs(m, x->x + i * x->d, &s, out) != CLEARN_OK) {
            rc = clearn__nomem(err);
            break;
        }
        if (cls) {   /* J48's classifyInstance: the first class clearly best */
            double max = -1;
            size_t best = 0;
            for (size_t c = 0; c < m->k; c++)
                if (C45_GR(out[c], max)) {
                    max = out[c];
                    best = c;
                }
            cls[i] = (double)best;
        }
    }
    clearn__free(p);
    clearn__free(s.node);
    clearn__free(s.w);
    return rc;
}

static int c45_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    return tree_predict(st, x, NULL, out, err);
}

static int c45_predict_proba(const void *st, const clearn_dataset *x, double *out,
                             clearn_error *err)
{
    return tree_predict(st, x, out, NULL, err);
}

/* ---- model files ------------------------------------------------------------- */

/* Class weights in records of at most 64 values, so that a reader never
 * allocates for more than it has read. */
#define C45_CHUNK 64

static int write_chunked(clearn_writer *w, const char *key, const double *v, size_t n,
                         clearn_error *err)
{
    int rc = CLEARN_OK;
    for (size_t o = 0; rc == CLEARN_OK && o < n; o += C45_CHUNK)
        rc = clearn_writer_doubles(w, key, v + o, n - o < C45_CHUNK ? n - o : C45_CHUNK, err);
    return rc;
}

static int c45_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct c45 *m = st;
    int rc = clearn_writer_size(w, "classes", m->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "attributes", m->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "class", m->cls_attr, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "nodes", m->n_nodes, err);
    for (size_t i = 0; rc == CLEARN_OK && i < m->n_nodes; i++) {
        const struct c45_node *x = &m->nodes[i];
        double v[8] = {x->n_kids ? (double)x->attr : -1, x->thr, (double)x->kid,
                       (double)x->n_kids, x->numeric, x->empty, x->total, x->bag};
        rc = clearn_writer_doubles(w, "node", v, 8, err);
        if (rc == CLEARN_OK)
            rc = write_chunked(w, "cls", m->cls + i * m->k, m->k, err);
        if (rc == CLEARN_OK)
            rc = write_chunked(w, "bag", m->bagcls + i * m->k, m->k, err);
    }
    if (rc == CLEARN_OK)
        rc = clearn_writer_string(w, "trace", m->log.s ? m->log.s : "", err);
    return rc;
}

static int corrupt(const struct c45 *m, size_t i, const char *what, clearn_error *err)
{
    return clearn__error(err, CLEARN_ECORRUPT, "%s model: node %zu: %s", m->id3 ? "id3" : "c45",
                         i, what);
}

static int is_count(double v, double max)
{
    return v >= 0 && v <= max && v == floor(v);
}

/* One node's fields, checked on their own. */
static int node_from(struct c45 *m, size_t i, const double *v, clearn_error *err)
{
    struct c45_node *x = &m->nodes[i];
    int leaf = v[0] == -1;
    if (!leaf && (!is_count(v[0], (double)m->d - 1) || (size_t)v[0] == m->cls_attr))
        return corrupt(m, i, "bad split attribute", err);
    if (!is_count(v[2], (double)m->n_nodes - 1) || !is_count(v[3], (double)m->n_nodes - 1) ||
        (leaf != (v[3] == 0)) || (!leaf && (v[3] < 2 || !(v[2] > (double)i) ||
                                            v[2] + v[3] > (double)m->n_nodes)))
        return corrupt(m, i, "bad children", err);
    if ((v[4] != 0 && v[4] != 1) || (v[5] != 0 && v[5] != 1) || (v[4] == 1 && (leaf || v[3] != 2)))
        return corrupt(m, i, "bad flags", err);
    if ((v[4] == 1 && !isfinite(v[1])) || !(isfinite(v[6]) && v[6] >= 0) ||
        !(isfinite(v[7]) && v[7] >= 0) || (!leaf && !(v[6] > 0)))
        return corrupt(m, i, "bad threshold or weights", err);
    x->attr = leaf ? CLEARN_NONE : (size_t)v[0];
    x->thr = v[1];
    x->kid = (size_t)v[2];
    x->n_kids = (size_t)v[3];
    x->numeric = (int)v[4];
    x->empty = (int)v[5];
    x->total = v[6];
    x->bag = v[7];
    return CLEARN_OK;
}

static int read_chunked(clearn_reader *r, const char *key, double *v, size_t n, clearn_error *err)
{
    int rc = CLEARN_OK;
    for (size_t o = 0; rc == CLEARN_OK && o < n; o += C45_CHUNK)
        rc = clearn_reader_doubles(r, key, v + o, n - o < C45_CHUNK ? n - o : C45_CHUNK, err);
    for (size_t c = 0; rc == CLEARN_OK && c < n; c++)
        if (!(isfinite(v[c]) && v[c] >= 0))
            rc = clearn__error(err, CLEARN_ECORRUPT, "tree model: a class weight ('%s') is "
                               "not a finite non-negative number", key);
    return rc;
}

/* Grows the node arrays to hold node i (geometrically, as nodes arrive). */
static int reserve_node(struct c45 *m, size_t i, size_t *cap)
{
    void *p;
    size_t c;
    if (i < *cap)
        return CLEARN_OK;
    c = *cap ? 2 * *cap : 16;
    if (!(p = clearn__reallocarray(m->nodes, c, sizeof *m->nodes)))
        return CLEARN_ENOMEM;
    m->nodes = p;
    if (!(p = clearn__reallocarray(m->cls, c, m->k * sizeof *m->cls)))
        return CLEARN_ENOMEM;
    m->cls = p;
    if (!(p = clearn__reallocarray(m->bagcls, c, m->k * sizeof *m->bagcls)))
        return CLEARN_ENOMEM;
    m->bagcls = p;
    *cap = c;
    return CLEARN_OK;
}

/* Each node but the root is the child of exactly one node. */
static int check_tree(struct c45 *m, clearn_error *err)
{
    unsigned char *seen = clearn__calloc(m->n_nodes, 1);
    int rc = CLEARN_OK;
    if (!seen)
        return clearn__nomem(err);
    for (size_t i = 0; rc == CLEARN_OK && i < m->n_nodes; i++)
        for (size_t j = 0; rc == CLEARN_OK && j < m->nodes[i].n_kids; j++)
            if (seen[m->nodes[i].kid + j]++)
                rc = corrupt(m, m->nodes[i].kid + j, "has two parents", err);
    for (size_t i = 1; rc == CLEARN_OK && i < m->n_nodes; i++)
        if (!seen[i])
            rc = corrupt(m, i, "is not in the tree", err);
    clearn__free(seen);
    return rc;
}

static int load_nodes(struct c45 *m, clearn_reader *r, clearn_error *err)
{
    size_t cap = 0, n = m->n_nodes;
    int rc = CLEARN_OK;
    for (size_t i = 0; rc == CLEARN_OK && i < n; i++) {
        double v[8];
        if ((rc = clearn_reader_doubles(r, "node", v, 8, err)) != CLEARN_OK)
            break;
        if (reserve_node(m, i, &cap) != CLEARN_OK)
            return clearn__nomem(err);
        if ((rc = node_from(m, i, v, err)) != CLEARN_OK)
            break;
        if ((rc = read_chunked(r, "cls", m->cls + i * m->k, m->k, err)) == CLEARN_OK)
            rc = read_chunked(r, "bag", m->bagcls + i * m->k, m->k, err);
    }
    return rc == CLEARN_OK ? check_tree(m, err) : rc;
}

static int tree_load(struct c45 *m, clearn_reader *r, int id3, clearn_error *err)
{
    char *trace = NULL;
    int rc;
    c45_destroy(m);
    m->id3 = id3;
    rc = clearn_reader_size(r, "classes", &m->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "attributes", &m->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "class", &m->cls_attr, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "nodes", &m->n_nodes, err);
    if (rc == CLEARN_OK && (!m->k || m->d < 2 || m->cls_attr >= m->d || !m->n_nodes ||
                            m->k > SIZE_MAX / sizeof(double) / C45_CHUNK))
        rc = clearn__error(err, CLEARN_ECORRUPT, "%s model: bad sizes", id3 ? "id3" : "c45");
    if (rc == CLEARN_OK)
        rc = load_nodes(m, r, err);
    if (rc == CLEARN_OK && (rc = clearn_reader_string(r, "trace", &trace, err)) == CLEARN_OK &&
        *trace) {
        m->log.s = trace;
        m->log.len = strlen(trace);
        m->log.cap = m->log.len + 1;
        trace = NULL;
    }
    clearn__free(trace);
    if (rc != CLEARN_OK)
        c45_destroy(m);
    return rc;
}

static int id3_load(void *st, clearn_reader *r, clearn_error *err)
{
    return tree_load(st, r, 1, err);
}

static int c45_load(void *st, clearn_reader *r, clearn_error *err)
{
    return tree_load(st, r, 0, err);
}

/* ---- the types ------------------------------------------------------------ */

static const clearn_param id3_params[] = {
    {"trace", CLEARN_PARAM_BOOL, offsetof(struct c45, trace), "false", 1, 0, NULL,
     "record every node's table of candidate attributes (clearn train --explain)", 0},
};

static const clearn_param c45_params[] = {
    {"confidence", CLEARN_PARAM_DOUBLE, offsetof(struct c45, confidence), "0.25", 0, 0.5, NULL,
     "confidence for pessimistic pruning; smaller prunes more (J48 -C)", CLEARN_PARAM_MIN_OPEN},
    {"min_leaf", CLEARN_PARAM_INT, offsetof(struct c45, min_leaf), "2", 1, 1e9, NULL,
     "at least two branches of a split need this many rows (J48 -M)", 0},
    {"unpruned", CLEARN_PARAM_BOOL, offsetof(struct c45, unpruned), "false", 1, 0, NULL,
     "skip pessimistic pruning (J48 -U)", 0},
    {"subtree_raising", CLEARN_PARAM_BOOL, offsetof(struct c45, subtree_raising), "true", 1, 0,
     NULL, "let pruning replace a node by its largest branch (J48 without -S)", 0},
    {"collapse", CLEARN_PARAM_BOOL, offsetof(struct c45, collapse), "true", 1, 0, NULL,
     "turn subtrees that do not reduce the training error into leaves (as J48)", 0},
    {"mdl_correction", CLEARN_PARAM_BOOL, offsetof(struct c45, mdl_correction), "true", 1, 0,
     NULL, "charge numeric splits log2(cut points)/rows of gain (release 8)", 0},
    {"laplace", CLEARN_PARAM_BOOL, offsetof(struct c45, laplace), "false", 1, 0, NULL,
     "Laplace-smoothed leaf probabilities (J48 -A)", 0},
    {"trace", CLEARN_PARAM_BOOL, offsetof(struct c45, trace), "false", 1, 0, NULL,
     "record each node's candidate splits and the pruning (clearn train --explain)", 0},
};

const clearn_estimator_type clearn__id3_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "id3",
    .summary = "ID3 decision tree: nominal attributes, information gain (Quinlan 1986)",
    .tasks = CLEARN_CLASSIFY,
    .params = id3_params,
    .n_params = sizeof id3_params / sizeof *id3_params,
    .state_size = sizeof(struct c45),
    .fit = id3_fit,
    .predict = c45_predict,
    .predict_proba = c45_predict_proba,
    .save = c45_save,
    .load = id3_load,
    .destroy = c45_destroy,
    .print = clearn__c45_print,
    .dot = clearn__c45_dot,
    .explain = clearn__c45_explain,
};

const clearn_estimator_type clearn__c45_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "c45",
    .summary = "C4.5 decision tree, release 8 (Quinlan 1993), as Weka's J48",
    .tasks = CLEARN_CLASSIFY,
    .params = c45_params,
    .n_params = sizeof c45_params / sizeof *c45_params,
    .state_size = sizeof(struct c45),
    .fit = c45_fit,
    .predict = c45_predict,
    .predict_proba = c45_predict_proba,
    .save = c45_save,
    .load = c45_load,
    .destroy = c45_destroy,
    .print = clearn__c45_print,
    .dot = clearn__c45_dot,
    .explain = clearn__c45_explain,
};
