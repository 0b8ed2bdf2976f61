/* clearn — the cart estimator's fitted tree as text (scikit-learn's
 * export_text), as Graphviz DOT (export_graphviz), its trace; minimal
 * cost-complexity pruning and impurity-based importances (scikit-learn's
 * algorithms: _tree.pyx ccp_pruning_path and compute_feature_importances). */
#include "config.h"
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tree_cart.h"

/* ---- walking the tree without recursion (trees can be deep) ---------------- */

/* fn(ctx, node, depth, phase): phase 0 before the left subtree (a leaf's
 * only call), 1 between the subtrees, 2 after the right one. */
typedef int (*visit_fn)(void *ctx, size_t node, size_t depth, int phase);

struct frame {
    size_t node, depth;
    int phase;
};

static int walk(const struct cart_tree *t, visit_fn fn, void *ctx, clearn_error *err)
{
    struct frame *st = clearn__mallocarray(t->n_nodes + 2, sizeof *st);
    size_t n = 0;
    int rc = CLEARN_OK;
    if (!st)
        return clearn__nomem(err);
    st[n++] = (struct frame){0, 0, 0};
    while (n && rc == CLEARN_OK) {
        struct frame f = st[--n];
        const struct cart_node *nd = &t->nodes[f.node];
        rc = fn(ctx, f.node, f.depth, f.phase);
        if (nd->left == CART_LEAF || f.phase == 2)
            continue;
        st[n++] = (struct frame){f.node, f.depth, f.phase + 1};
        st[n++] = (struct frame){f.phase ? nd->right : nd->left, f.depth + 1, 0};
    }
    clearn__free(st);
    if (rc != CLEARN_OK)
        return clearn__error(err, rc, "cart: cannot write the tree");
    return CLEARN_OK;
}

/* %.*f without the locale's decimal comma. */
static void fixed(char *buf, size_t size, int decimals, double v)
{
    char *c;
    snprintf(buf, size, "%.*f", decimals, v);
    if ((c = strchr(buf, ',')) != NULL)
        *c = '.';
}

/* Shortest text of v rounded to `digits` decimals ("0.8", "0.667", "150"). */
static void rounded(char *buf, int digits, double v)
{
    char *dot;
    size_t n;
    if (!isfinite(v)) {
        clearn__format_double(v, buf);
        return;
    }
    fixed(buf, CLEARN__DBL_BUF + 8, digits, v);
    if (!(dot = strchr(buf, '.')))
        return;
    n = strlen(buf);
    while (n > (size_t)(dot - buf) + 2 && buf[n - 1] == '0')
        buf[--n] = '\0';
}

static size_t argmax(const double *v, size_t k)
{
    size_t best = 0;
    for (size_t c = 1; c < k; c++)
        if (v[c] > v[best])
            best = c;
    return best;
}

/* ---- export_text --------------------------------------------------------------- */

struct printer {
    const struct cart *m;
    const clearn_dataset *schema;
    FILE *out;
};

static int indent(FILE *out, size_t depth)
{
    for (size_t i = 0; i < depth; i++)
        if (fputs("|   ", out) < 0)
            return CLEARN_EIO;
    return fputs("|---", out) < 0 ? CLEARN_EIO : CLEARN_OK;
}

/* The test of a split, as its left (phase 0) or right branch reads. */
static int print_test(const struct printer *pr, const struct cart_node *nd, int right)
{
    const struct clearn__attr *a = &pr->schema->attrs[nd->attr];
    char num[CLEARN__DBL_BUF + 8];
    if (nd->cats == CART_LEAF) {
        fixed(num, sizeof num, 2, nd->threshold);
        return fprintf(pr->out, " %s %s %s", a->name, right ? "> " : "<=", num) < 0
               ? CLEARN_EIO : CLEARN_OK;
    }
    if (fprintf(pr->out, " %s %s {", a->name, right ? "not in" : "in") < 0)
        return CLEARN_EIO;
    for (size_t c = 0, first = 1; c < a->n_cats && c < pr->m->ncats[nd->attr]; c++) {
        if (pr->m->t.dirs[nd->cats + c] != 1)
            continue;
        if (fprintf(pr->out, "%s%s", first ? "" : ", ", a->cats[c]) < 0)
            return CLEARN_EIO;
        first = 0;
    }
    return fputc('}', pr->out) == EOF ? CLEARN_EIO : CLEARN_OK;
}

static int print_visit(void *ctx, size_t node, size_t depth, int phase)
{
    const struct printer *pr = ctx;
    const struct cart *m = pr->m;
    const struct cart_node *nd = &m->t.nodes[node];
    const double *v = m->t.value + node * m->kv;
    char num[CLEARN__DBL_BUF + 8];
    int rc;
    if (phase == 2)
        return CLEARN_OK;
    if ((rc = indent(pr->out, depth)) != CLEARN_OK)
        return rc;
    if (nd->left == CART_LEAF) {
        if (m->regress) {
            fixed(num, sizeof num, 2, v[0]);
            return fprintf(pr->out, " value: [%s]\n", num) < 0 ? CLEARN_EIO : CLEARN_OK;
        }
        return fprintf(pr->out, " class: %s\n",
                       pr->schema->attrs[m->cls].cats[argmax(v, m->k)]) < 0
               ? CLEARN_EIO : CLEARN_OK;
    }
    if ((rc = print_test(pr, nd, phase == 1)) != CLEARN_OK)
        return rc;
    if (nd->saw_missing && ((phase == 1) != nd->missing_left) && fputs(" (or missing)", pr->out) < 0)
        return CLEARN_EIO;
    return fputc('\n', pr->out) == EOF ? CLEARN_EIO : CLEARN_OK;
}

/* The schema must be the one the tree was fitted on. */
static int check_schema(const struct cart *m, const clearn_dataset *schema, clearn_error *err)
{
    if (!m->t.n_nodes)
        return clearn__error(err, CLEARN_ENOTFIT, "cart: not fitted");
    if (schema->d != m->d || schema->cls != m->cls)
        return clearn__error(err, CLEARN_ESCHEMA, "cart: the schema does not match the tree");
    for (size_t j = 0; j < m->d; j++)
        if (schema->attrs[j].kind == CLEARN_NOMINAL && schema->attrs[j].n_cats < m->ncats[j])
            return clearn__error(err, CLEARN_ESCHEMA,
                                 "cart: attribute '%s' has fewer categories than the tree",
                                 schema->attrs[j].name);
    return CLEARN_OK;
}

int clearn__cart_print(const void *st, const clearn_dataset *schema, FILE *out,
                       clearn_error *err)
{
    const struct cart *m = st;
    struct printer pr = {m, schema, out};
    int rc = check_schema(m, schema, err);
    return rc == CLEARN_OK ? walk(&m->t, print_visit, &pr, err) : rc;
}

/* ---- export_graphviz ------------------------------------------------------------- */

/* A name inside a DOT string: quotes and backslashes escaped. */
static int dot_name(FILE *out, const char *s)
{
    for (; *s; s++)
        if (((*s == '"' || *s == '\\') && fputc('\\', out) == EOF) || fputc(*s, out) == EOF)
            return CLEARN_EIO;
    return CLEARN_OK;
}

static int dot_values(const struct printer *pr, size_t node)
{
    const struct cart *m = pr->m;
    const double *v = m->t.value + node * m->kv;
    char num[CLEARN__DBL_BUF + 8];
    if (m->regress) {
        rounded(num, 3, v[0]);
        return fprintf(pr->out, "\\nvalue = %s", num) < 0 ? CLEARN_EIO : CLEARN_OK;
    }
    if (fputs("\\nvalue = [", pr->out) < 0)
        return CLEARN_EIO;
    for (size_t c = 0; c < m->k; c++) {
        rounded(num, 3, v[c]);
        if (fprintf(pr->out, "%s%s", c ? ", " : "", num) < 0)
            return CLEARN_EIO;
    }
    if (fputs("]\\nclass = ", pr->out) < 0)
        return CLEARN_EIO;
    return dot_name(pr->out, pr->schema->attrs[m->cls].cats[argmax(v, m->k)]);
}

static int dot_test(const struct printer *pr, const struct cart_node *nd)
{
    const struct clearn__attr *a = &pr->schema->attrs[nd->attr];
    char num[CLEARN__DBL_BUF + 8];
    int first = 1;
    if (dot_name(pr->out, a->name) != CLEARN_OK)
        return CLEARN_EIO;
    if (nd->cats == CART_LEAF) {
        rounded(num, 3, nd->threshold);
        return fprintf(pr->out, " <= %s\\n", num) < 0 ? CLEARN_EIO : CLEARN_OK;
    }
    if (fputs(" in {", pr->out) < 0)
        return CLEARN_EIO;
    for (size_t c = 0; c < a->n_cats && c < pr->m->ncats[nd->attr]; c++) {
        if (pr->m->t.dirs[nd->cats + c] != 1)
            continue;
        if ((!first && fputs(", ", pr->out) < 0) || dot_name(pr->out, a->cats[c]) != CLEARN_OK)
            return CLEARN_EIO;
        first = 0;
    }
    return fputs("}\\n", pr->out) < 0 ? CLEARN_EIO : CLEARN_OK;
}

static const char *const crit_label[] = {"gini", "entropy", "squared_error",
                                         "absolute_error", "poisson"};

static int dot_visit(void *ctx, size_t node, size_t depth, int phase)
{
    const struct printer *pr = ctx;
    const struct cart_node *nd = &pr->m->t.nodes[node];
    char num[CLEARN__DBL_BUF + 8];
    (void)depth;
    if (phase == 2)
        return CLEARN_OK;
    if (phase == 1)
        return fprintf(pr->out, "%zu -> %zu%s ;\n", node, nd->right,
                       node ? "" : " [labeldistance=2.5, labelangle=-45, headlabel=\"False\"]")
               < 0 ? CLEARN_EIO : CLEARN_OK;
    if (fprintf(pr->out, "%zu [label=\"", node) < 0)
        return CLEARN_EIO;
    if (nd->left != CART_LEAF && dot_test(pr, nd) != CLEARN_OK)
        return CLEARN_EIO;
    rounded(num, 3, nd->impurity);
    if (fprintf(pr->out, "%s = %s\\nsamples = %zu", crit_label[pr->m->crit], num, nd->samples) < 0
        || dot_values(pr, node) != CLEARN_OK || fputs("\"] ;\n", pr->out) < 0)
        return CLEARN_EIO;
    if (nd->left == CART_LEAF)
        return CLEARN_OK;
    return fprintf(pr->out, "%zu -> %zu%s ;\n", node, nd->left,
                   node ? "" : " [labeldistance=2.5, labelangle=45, headlabel=\"True\"]")
           < 0 ? CLEARN_EIO : CLEARN_OK;
}

int clearn__cart_dot(const void *st, const clearn_dataset *schema, FILE *out,
                     clearn_error *err)
{
    const struct cart *m = st;
    struct printer pr = {m, schema, out};
    int rc = check_schema(m, schema, err);
    if (rc != CLEARN_OK)
        return rc;
    if (fputs("digraph Tree {\nnode [shape=box, fontname=\"helvetica\"] ;\n"
              "edge [fontname=\"helvetica\"] ;\n", out) < 0)
        return clearn__error(err, CLEARN_EIO, "cart: cannot write the tree");
    if ((rc = walk(&m->t, dot_visit, &pr, err)) != CLEARN_OK)
        return rc;
    if (fputs("}\n", out) < 0)
        return clearn__error(err, CLEARN_EIO, "cart: cannot write the tree");
    return CLEARN_OK;
}

int clearn__cart_explain(const void *st, const clearn_dataset *schema, FILE *out,
                         clearn_error *err)
{
    const struct cart *m = st;
    int rc = check_schema(m, schema, err);
    if (rc != CLEARN_OK)
        return rc;
    if (!m->trace)
        return clearn__error(err, CLEARN_EINVAL,
                             "cart: no trace recorded: fit with trace=1 (a loaded model has none)");
    if (fputs(m->trace, out) < 0)
        return clearn__error(err, CLEARN_EIO, "cart: cannot write the trace");
    return CLEARN_OK;
}

/* ---- minimal cost-complexity pruning --------------------------------------------- */

/* scikit-learn's weakest-link loop. R(t) = weight share x impurity;
 * a branch's alpha is (R(t) - R(branch)) / (leaves - 1). */
struct pruner {
    size_t n;
    size_t *parent, *leaves, *stack;
    double *r_node, *r_branch;
    unsigned char *in_tree, *is_leaf;
};

static void pruner_free(struct pruner *p)
{
    clearn__free(p->parent);
    clearn__free(p->leaves);
    clearn__free(p->stack);
    clearn__free(p->r_node);
    clearn__free(p->r_branch);
    clearn__free(p->in_tree);
    clearn__free(p->is_leaf);
}

static int pruner_init(struct pruner *p, const struct cart_tree *t, clearn_error *err)
{
    size_t n = t->n_nodes;
    memset(p, 0, sizeof *p);
    p->n = n;
    p->parent = clearn__mallocarray(n, sizeof *p->parent);
    p->leaves = clearn__calloc(n, sizeof *p->leaves);
    p->stack = clearn__mallocarray(n + 2, sizeof *p->stack);
    p->r_node = clearn__mallocarray(n, sizeof *p->r_node);
    p->r_branch = clearn__calloc(n, sizeof *p->r_branch);
    p->in_tree = clearn__mallocarray(n, 1);
    p->is_leaf = clearn__mallocarray(n, 1);
    if (!p->parent || !p->leaves || !p->stack || !p->r_node || !p->r_branch || !p->in_tree || !p->is_leaf) {
        pruner_free(p);
        return clearn__nomem(err);
    }
    p->parent[0] = CART_LEAF;
    for (size_t i = 0; i < n; i++) {
        const struct cart_node *nd = &t->nodes[i];
        p->r_node[i] = nd->weight / t->nodes[0].weight * nd->impurity;
        p->in_tree[i] = 1;
        p->is_leaf[i] = nd->left == CART_LEAF;
        if (!p->is_leaf[i])
            p->parent[nd->left] = p->parent[nd->right] = i;
    }
    /* children come after their parent: sum leaves bottom-up */
    for (size_t i = n; i-- > 0;) {
        if (p->is_leaf[i]) {
            p->leaves[i] = 1;
            p->r_branch[i] = p->r_node[i];
        }
        if (i) {
            p->leaves[p->parent[i]] += p->leaves[i];
            p->r_branch[p->parent[i]] += p->r_branch[i];
        }
    }
    return CLEARN_OK;
}

/* The branch to prune next (its alpha in *alpha), or CART_LEAF when the
 * root is a leaf. */
static size_t weakest_link(const struct pruner *p, double *alpha)
{
    size_t best = CART_LEAF;
    *alpha = DBL_MAX;
    for (size_t i = 0; i < p->n; i++) {
        double a;
        if (!p->in_tree[i] || p->is_leaf[i])
            continue;
        a = (p->r_node[i] - p->r_branch[i]) / ((double)p->leaves[i] - 1);
        if (a < *alpha || best == CART_LEAF) {
            *alpha = a;
            best = i;
        }
    }
    return best;
}

/* Turns node b into a leaf: its descendants leave the tree. */
static void prune_branch(struct pruner *p, const struct cart_tree *t, size_t b)
{
    size_t pruned = p->leaves[b] - 1, n = 0, i;
    double diff = p->r_node[b] - p->r_branch[b];
    p->stack[n++] = t->nodes[b].left;
    p->stack[n++] = t->nodes[b].right;
    while (n) {
        i = p->stack[--n];
        if (!p->in_tree[i])
            continue;
        p->in_tree[i] = 0;
        if (t->nodes[i].left != CART_LEAF) {
            p->stack[n++] = t->nodes[i].left;
            p->stack[n++] = t->nodes[i].right;
        }
    }
    p->is_leaf[b] = 1;
    p->leaves[b] = 1;
    p->r_branch[b] = p->r_node[b];
    for (i = p->parent[b]; i != CART_LEAF; i = p->parent[i]) {
        p->leaves[i] -= pruned;
        p->r_branch[i] += diff;
    }
}

int clearn__cart_path(const struct cart_tree *t, double **alphas, double **impurities,
                      size_t *n, clearn_error *err)
{
    struct pruner p;
    size_t cap = 1, b;
    double alpha;
    int rc = pruner_init(&p, t, err);
    if (rc != CLEARN_OK)
        return rc;
    for (size_t i = 0; i < t->n_nodes; i++)
        cap += !p.is_leaf[i];
    *alphas = clearn__mallocarray(cap, sizeof **alphas);
    *impurities = clearn__mallocarray(cap, sizeof **impurities);
    if (!*alphas || !*impurities) {
        clearn__free(*alphas);
        clearn__free(*impurities);
        *alphas = *impurities = NULL;
        pruner_free(&p);
        return clearn__nomem(err);
    }
    (*alphas)[0] = 0;
    (*impurities)[0] = p.r_branch[0];
    *n = 1;
    while ((b = weakest_link(&p, &alpha)) != CART_LEAF) {
        prune_branch(&p, t, b);
        (*alphas)[*n] = alpha;
        (*impurities)[(*n)++] = p.r_branch[0];
    }
    pruner_free(&p);
    return CLEARN_OK;
}

/* Copies the nodes still in the tree, in pre-order, into a new tree. */
static int rebuild(struct cart *m, const struct pruner *p, clearn_error *err)
{
    struct cart_tree *t = &m->t, nt;
    size_t *st = clearn__mallocarray(t->n_nodes + 1, sizeof *st), *par, n = 0;
    memset(&nt, 0, sizeof nt);
    par = clearn__mallocarray(t->n_nodes + 1, sizeof *par);
    nt.nodes = clearn__mallocarray(t->n_nodes, sizeof *nt.nodes);
    nt.value = clearn__mallocarray(t->n_nodes, m->kv * sizeof *nt.value);
    if (!st || !par || !nt.nodes || !nt.value) {
        clearn__free(st);
        clearn__free(par);
        clearn__cart_tree_free(&nt);
        return clearn__nomem(err);
    }
    st[n] = 0;
    par[n++] = CART_LEAF;       /* parent's new number, side in the low bit */
    while (n) {
        size_t old = st[--n], pa = par[n], id = nt.n_nodes++;
        struct cart_node *nd = &nt.nodes[id];
        *nd = t->nodes[old];
        memcpy(nt.value + id * m->kv, t->value + old * m->kv, m->kv * sizeof *nt.value);
        if (pa != CART_LEAF)
            *((pa & 1) ? &nt.nodes[pa >> 1].left : &nt.nodes[pa >> 1].right) = id;
        if (p->is_leaf[old]) {
            nd->left = nd->right = nd->cats = CART_LEAF;
            nd->attr = 0;
            nd->threshold = 0;
            nd->missing_left = nd->saw_missing = 0;
            continue;
        }
        st[n] = t->nodes[old].right;
        par[n++] = id << 1;
        st[n] = t->nodes[old].left;
        par[n++] = id << 1 | 1;
    }
    nt.dirs = t->dirs;
    nt.n_dirs = t->n_dirs;
    t->dirs = NULL;
    clearn__cart_tree_free(t);
    *t = nt;
    clearn__free(st);
    clearn__free(par);
    return CLEARN_OK;
}

int clearn__cart_prune(struct cart *m, double alpha, clearn_error *err)
{
    struct pruner p;
    size_t b;
    double a;
    int rc = pruner_init(&p, &m->t, err);
    if (rc != CLEARN_OK)
        return rc;
    while ((b = weakest_link(&p, &a)) != CART_LEAF && !(alpha < a))
        prune_branch(&p, &m->t, b);
    rc = rebuild(m, &p, err);
    pruner_free(&p);
    return rc;
}

/* ---- importances ------------------------------------------------------------------ */

void clearn__cart_importances(const struct cart *m, double *imp)
{
    const struct cart_tree *t = &m->t;
    double sum = 0;
    memset(imp, 0, m->d * sizeof *imp);
    for (size_t i = 0; i < t->n_nodes; i++) {
        const struct cart_node *nd = &t->nodes[i], *l, *r;
        if (nd->left == CART_LEAF)
            continue;
        l = &t->nodes[nd->left];
        r = &t->nodes[nd->right];
        imp[nd->attr] += nd->weight * nd->impurity - l->weight * l->impurity -
                         r->weight * r->impurity;
    }
    for (size_t j = 0; j < m->d; j++) {
        imp[j] /= t->nodes[0].weight;
        sum += imp[j];
    }
    if (sum > 0)
        for (size_t j = 0; j < m->d; j++)
            imp[j] /= sum;
}
