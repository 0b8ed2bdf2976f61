/* clearn — seeing an ID3 or C4.5 tree: Weka J48's text and Graphviz graph,
 * character for character, and the trace of how fit chose each split. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tree_c45.h"

/* ---- Weka's number formats ---------------------------------------------------- */

/* Utils.roundDouble(v, 2) printed by Java: Math.round, halves up. */
static void weka_round2(double v, char *buf)
{
    double x = v * 100, f = floor(x);
    clearn__format_java_double((x - f >= 0.5 ? f + 1 : f) / 100, buf);
}

/* Utils.doubleToString(v, 6): rounded to 6 decimals (halves away from
 * 0), trailing zeros and point dropped ("75", "0.5", "-0.0001"). */
void clearn__c45_weka_number(double v, char *buf, size_t size)
{
    double t = v * 1e6;
    long long pv;
    char digits[32], out[48], *s = out;
    size_t len, dot;
    if (!(fabs(t) < 9.2233720368547758e18)) {   /* Long.MAX_VALUE: Java's text */
        clearn__format_java_double(v, out);
        snprintf(buf, size, "%s", out);
        return;
    }
    pv = t > 0 ? (long long)(t + 0.5) : -(long long)(fabs(t) + 0.5);
    snprintf(digits, sizeof digits, "%06lld", pv < 0 ? -pv : pv);
    len = strlen(digits);
    dot = len - 6;
    if (pv < 0)
        *s++ = '-';
    if (!dot)
        *s++ = '0';
    memcpy(s, digits, dot);
    s += dot;
    while (len > dot && digits[len - 1] == '0')
        len--;
    if (len > dot) {
        *s++ = '.';
        memcpy(s, digits + dot, len - dot);
        s += len - dot;
    }
    *s = '\0';
    snprintf(buf, size, "%s", out);
}

/* Weka's Utils.quote: backslash escapes and single quotes when needed. */
static void weka_quote(const char *s, struct c45_text *out)
{
    int esc = strpbrk(s, "\n\r'\"\\\t%\x1e") != NULL;
    int q = esc || strpbrk(s, "{}, ") || !strcmp(s, "?") || !*s;
    if (q)
        clearn__c45_printf(out, "'");
    for (; *s; s++) {
        const char *e = NULL;
        switch (*s) {
        case '\\': e = "\\\\"; break;
        case '\'': e = "\\'"; break;
        case '"': e = "\\\""; break;
        case '\t': e = "\\t"; break;
        case '\n': e = "\\n"; break;
        case '\r': e = "\\r"; break;
        case '%': e = "\\%"; break;
        case '\x1e': e = "\\u001E"; break;
        default: break;
        }
        if (e)
            clearn__c45_printf(out, "%s", e);
        else
            clearn__c45_printf(out, "%c", *s);
    }
    if (q)
        clearn__c45_printf(out, "'");
}

/* ---- pieces of a fitted tree ------------------------------------------------ */

/* " = sunny", " <= 75", " > 75". */
static void right_side(const struct c45 *m, const clearn_dataset *ds, size_t i, size_t j,
                       struct c45_text *out)
{
    const struct c45_node *x = &m->nodes[i];
    char num[64];
    if (!x->numeric) {
        clearn__c45_printf(out, " = %s", ds->attrs[x->attr].cats[j]);
        return;
    }
    clearn__c45_weka_number(x->thr, num, sizeof num);
    clearn__c45_printf(out, " %s %s", j ? ">" : "<=", num);
}

/* J48's leaf label for branch j of node i (j < 0: the root as a leaf):
 * "yes (2.0)", "no (3.38/1.2)". */
static void label(const struct c45 *m, const clearn_dataset *ds, size_t i, long j,
                  struct c45_text *out)
{
    const struct clearn__attr *y = &ds->attrs[ds->cls];
    const double *bc = j < 0 ? m->cls : m->bagcls + (m->nodes[i].kid + (size_t)j) * m->k;
    double bag = j < 0 ? m->nodes[0].total : m->nodes[m->nodes[i].kid + (size_t)j].bag, wrong;
    size_t c = C45_GR(bag, 0) ? clearn__c45_argmax(bc, m->k)
                              : clearn__c45_argmax(m->cls + i * m->k, m->k);
    char a[CLEARN__DBL_BUF], b[CLEARN__DBL_BUF];
    wrong = bag - bc[c];
    weka_round2(bag, a);
    clearn__c45_printf(out, "%s (%s", y->cats[c], a);
    if (C45_GR(wrong, 0)) {
        weka_round2(wrong, b);
        clearn__c45_printf(out, "/%s", b);
    }
    clearn__c45_printf(out, ")");
}

static int flush(struct c45_text *t, FILE *out, const char *who, clearn_error *err)
{
    int rc = CLEARN_OK;
    if (t->failed)
        rc = clearn__nomem(err);
    else if (t->len && fwrite(t->s, 1, t->len, out) != t->len)
        rc = clearn__error(err, CLEARN_EIO, "%s: cannot write the tree", who);
    clearn__c45_text_free(t);
    return rc;
}

struct visit {
    size_t node, id, next, depth;
};

static int visit_push(struct visit **st, size_t *n, size_t *cap, struct visit v)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 32;
        struct visit *p = clearn__reallocarray(*st, c, sizeof *p);
        if (!p)
            return CLEARN_ENOMEM;
        *st = p;
        *cap = c;
    }
    (*st)[(*n)++] = v;
    return CLEARN_OK;
}

/* ---- print -------------------------------------------------------------------- */

/* The branches below the root, as J48's dumpTree. */
static int dump_tree(const struct c45 *m, const clearn_dataset *ds, struct c45_text *t)
{
    struct visit *st = NULL;
    size_t n = 0, cap = 0;
    int rc = visit_push(&st, &n, &cap, (struct visit){0, 0, 0, 0});
    while (rc == CLEARN_OK && n) {
        struct visit *v = &st[n - 1];
        const struct c45_node *x = &m->nodes[v->node];
        size_t j, c, depth = v->depth, i = v->node;
        if (v->next == x->n_kids) {
            n--;
            continue;
        }
        j = v->next++;
        c = x->kid + j;
        clearn__c45_printf(t, "\n");
        for (size_t d = 0; d < depth; d++)
            clearn__c45_printf(t, "|   ");
        clearn__c45_printf(t, "%s", ds->attrs[x->attr].name);
        right_side(m, ds, i, j, t);
        if (m->nodes[c].n_kids) {
            rc = visit_push(&st, &n, &cap, (struct visit){c, 0, 0, depth + 1});
        } else {
            clearn__c45_printf(t, ": ");
            label(m, ds, i, (long)j, t);
        }
    }
    clearn__free(st);
    return rc;
}

int clearn__c45_print(const void *st, const clearn_dataset *schema, FILE *out,
                      clearn_error *err)
{
    const struct c45 *m = st;
    struct c45_text t = {NULL, 0, 0, 0};
    size_t leaves = 0;
    int rc = clearn__c45_check(m, schema, err);
    if (rc != CLEARN_OK)
        return rc;
    for (size_t i = 0; i < m->n_nodes; i++)
        leaves += !m->nodes[i].n_kids;
    clearn__c45_printf(&t, "%s\n------------------\n",
                       m->id3 ? "ID3 tree" : m->unpruned ? "J48 unpruned tree" : "J48 pruned tree");
    if (!m->nodes[0].n_kids) {
        clearn__c45_printf(&t, ": ");
        label(m, schema, 0, -1, &t);
    } else if (dump_tree(m, schema, &t) != CLEARN_OK) {
        t.failed = 1;
    }
    clearn__c45_printf(&t, "\n\nNumber of Leaves  : \t%zu\n\nSize of the tree : \t%zu\n", leaves,
                       m->n_nodes);
    return flush(&t, out, m->id3 ? "id3" : "c45", err);
}

/* ---- dot ----------------------------------------------------------------------- */

/* The line of node c (branch j of node i; the root when j < 0). */
static void dot_node(const struct c45 *m, const clearn_dataset *ds, size_t i, long j, size_t c,
                     size_t id, struct c45_text *t)
{
    struct c45_text lab = {NULL, 0, 0, 0};
    if (m->nodes[c].n_kids) {
        weka_quote(ds->attrs[m->nodes[c].attr].name, &lab);
        clearn__c45_printf(t, "N%zu [label=\"%s\" ]\n", id, lab.s ? lab.s : "");
    } else {
        struct c45_text raw = {NULL, 0, 0, 0};
        label(m, ds, i, j, &raw);
        weka_quote(raw.s ? raw.s : "", &lab);
        clearn__c45_printf(t, "N%zu [label=\"%s\" shape=box style=filled ]\n", id,
                           lab.s ? lab.s : "");
        t->failed |= raw.failed;
        clearn__c45_text_free(&raw);
    }
    t->failed |= lab.failed;
    clearn__c45_text_free(&lab);
}

static void dot_edge(const struct c45 *m, const clearn_dataset *ds, size_t i, size_t j,
                     size_t from, size_t to, struct c45_text *t)
{
    struct c45_text side = {NULL, 0, 0, 0}, lab = {NULL, 0, 0, 0};
    right_side(m, ds, i, j, &side);
    weka_quote(side.s ? side.s + 1 : "", &lab);   /* trimmed of its leading space */
    clearn__c45_printf(t, "N%zu->N%zu [label=\"%s\"]\n", from, to, lab.s ? lab.s : "");
    t->failed |= side.failed | lab.failed;
    clearn__c45_text_free(&side);
    clearn__c45_text_free(&lab);
}

int clearn__c45_dot(const void *st, const clearn_dataset *schema, FILE *out, clearn_error *err)
{
    const struct c45 *m = st;
    struct c45_text t = {NULL, 0, 0, 0};
    struct visit *stack = NULL;
    size_t n = 0, cap = 0, ids = 0;
    int rc = clearn__c45_check(m, schema, err);
    if (rc != CLEARN_OK)
        return rc;
    clearn__c45_printf(&t, "digraph %s {\n", m->id3 ? "ID3Tree" : "J48Tree");
    dot_node(m, schema, 0, -1, 0, 0, &t);
    if (m->nodes[0].n_kids && visit_push(&stack, &n, &cap, (struct visit){0, 0, 0, 0}))
        t.failed = 1;
    while (!t.failed && n) {
        struct visit *v = &stack[n - 1];
        const struct c45_node *x = &m->nodes[v->node];
        size_t j, c, id = ++ids, i = v->node, from = v->id;
        if (v->next == x->n_kids) {
            n--;
            ids--;
            continue;
        }
        j = v->next++;
        c = x->kid + j;
        dot_edge(m, schema, i, j, from, id, &t);
        dot_node(m, schema, i, (long)j, c, id, &t);
        if (m->nodes[c].n_kids && visit_push(&stack, &n, &cap, (struct visit){c, id, 0, 0}))
            t.failed = 1;
    }
    clearn__free(stack);
    clearn__c45_printf(&t, "}\n");
    return flush(&t, out, m->id3 ? "id3" : "c45", err);
}

/* ---- the trace ------------------------------------------------------------------ */

int clearn__c45_explain(const void *st, const clearn_dataset *schema, FILE *out,
                        clearn_error *err)
{
    const struct c45 *m = st;
    (void)schema;
    if (!m->log.s)
        return clearn__error(err, CLEARN_EINVAL, "%s: no trace was recorded: fit with trace=1",
                             m->id3 ? "id3" : "c45");
    if (fwrite(m->log.s, 1, m->log.len, out) != m->log.len)
        return clearn__error(err, CLEARN_EIO, "%s: cannot write the trace",
                             m->id3 ? "id3" : "c45");
    return CLEARN_OK;
}

/* Rounding noise around 0 printed as 0, not -0.0000. */
static double tidy(double v)
{
    return fabs(v) < 1e-12 ? 0 : v;
}

void clearn__c45_trace_node(struct c45_text *log, const struct c45_tree *t,
                            const clearn_dataset *ds, size_t i, size_t seq, const double *cls,
                            double total)
{
    const struct clearn__attr *y = &ds->attrs[ds->cls];
    double ent = clearn__c45_xlog2x(total);
    int first = 1;
    clearn__c45_printf(log, "\nnode %zu: ", seq);
    clearn__c45_path(t, ds, i, log);
    clearn__c45_printf(log, "\n  %.6g rows:", total);
    for (size_t c = 0; c < y->n_cats; c++) {
        ent -= clearn__c45_xlog2x(cls[c]);
        if (cls[c] > 0) {
            clearn__c45_printf(log, "%s %.6g %s", first ? "" : ",", cls[c], y->cats[c]);
            first = 0;
        }
    }
    clearn__c45_printf(log, "; entropy %.4f\n", total > 0 ? tidy(ent / total) : 0.0);
}

/* The candidate's name: "outlook", "humidity <= 82.5". */
static void cand_name(const clearn_dataset *ds, size_t a, const struct c45_cand *c, char *buf,
                      size_t size)
{
    char num[64];
    if (ds->attrs[a].kind == CLEARN_NUMERIC && c->valid) {
        clearn__c45_weka_number(c->cut, num, sizeof num);
        snprintf(buf, size, "%s <= %s", ds->attrs[a].name, num);
    } else {
        snprintf(buf, size, "%s", ds->attrs[a].name);
    }
}

void clearn__c45_trace_table(struct c45_text *log, const clearn_dataset *ds,
                             const struct c45_cand *cand, const double *avg)
{
    char name[160];
    int w = 9;
    for (size_t a = 0; a < ds->d; a++) {
        if (a == ds->cls || cand[a].hidden)
            continue;
        cand_name(ds, a, &cand[a], name, sizeof name);
        if ((int)strlen(name) > w)
            w = (int)strlen(name);
    }
    clearn__c45_printf(log, "  %-*s    info    gain  split info  gain ratio\n", w, "attribute");
    for (size_t a = 0; a < ds->d; a++) {
        const struct c45_cand *c = &cand[a];
        if (a == ds->cls || c->hidden)
            continue;
        cand_name(ds, a, c, name, sizeof name);
        if (!c->valid) {
            clearn__c45_printf(log, "  %-*s  no split: %s\n", w, name, c->why ? c->why : "");
            continue;
        }
        clearn__c45_printf(log, "  %-*s  %6.4f  %6.4f  %10.4f  %10.4f", w, name, tidy(c->info),
                           tidy(c->gain), tidy(c->split_info), tidy(c->ratio));
        if (ds->attrs[a].kind == CLEARN_NUMERIC)
            clearn__c45_printf(log, "  (the best of %zu cut%s)", c->cuts, c->cuts == 1 ? "" : "s");
        clearn__c45_printf(log, "\n");
    }
    if (avg)
        clearn__c45_printf(log, "  average gain %.4f\n", *avg);
}

void clearn__c45_trace_leaf(struct c45_text *log, const clearn_dataset *ds, const double *cls,
                            double total, const char *why)
{
    const struct clearn__attr *y = &ds->attrs[ds->cls];
    if (C45_EQ(total, 0)) {
        clearn__c45_printf(log, "  leaf without rows: it predicts its parent's classes\n");
        return;
    }
    clearn__c45_printf(log, "  leaf: %s (%s)\n", y->cats[clearn__c45_argmax(cls, y->n_cats)], why);
}

/* ---- the tree's shape (clearn_tree_info) ------------------------------------ */

int clearn__c45_tree_info(const clearn_estimator *e, clearn_tree_stats *out, clearn_error *err)
{
    const struct c45 *m;
    size_t *depth;
    if (!clearn_estimator_is_fitted(e))
        return clearn__error(err, CLEARN_ENOTFIT, "tree: the estimator is not fitted");
    if (!out)
        return clearn__error(err, CLEARN_EINVAL, "tree: NULL output");
    m = clearn__estimator_state(e);
    if (!(depth = clearn__calloc(m->n_nodes ? m->n_nodes : 1, sizeof *depth)))
        return clearn__nomem(err);
    memset(out, 0, sizeof *out);
    out->nodes = m->n_nodes;
    out->features = m->d - 1;
    out->classes = m->k;
    /* children are stored after their parent */
    for (size_t i = 0; i < m->n_nodes; i++) {
        const struct c45_node *nd = &m->nodes[i];
        out->depth = depth[i] > out->depth ? depth[i] : out->depth;
        out->leaves += nd->n_kids == 0;
        for (size_t c = 0; c < nd->n_kids && nd->kid + c < m->n_nodes; c++)
            depth[nd->kid + c] = depth[i] + 1;
    }
    clearn__free(depth);
    return CLEARN_OK;
}
