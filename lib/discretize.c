/* clearn — discretize: numeric attributes to intervals (Weka's Discretize
 * filters, scikit-learn's KBinsDiscretizer).
 *
 * method=width cuts the training range [min, max] into `bins` intervals of
 * equal width (cut i = min + i (max - min) / bins, as Weka and numpy's
 * linspace compute it). method=frequency takes the cut points at the
 * quantiles i / bins of the training values (numpy's linear percentile, as
 * KBinsDiscretizer(strategy='quantile')), dropping an edge that is within
 * 1e-8 of the one before it. method=mdl is Fayyad and Irani's recursive
 * entropy split with the MDL stopping rule, computed as Weka's supervised
 * Discretize does (its default options), so the cut points are Weka's.
 *
 * Each numeric attribute other than the class becomes a nominal attribute
 * of the same name whose categories are the intervals, right-closed and
 * named as Weka names them: "(-inf-5.55]", "(5.55-6.15]", "(6.15-inf)",
 * cut points printed with up to 6 decimals (Weka's doubleToString); when
 * two cut points print the same, that attribute's names use the shortest
 * exact form instead. An attribute with no cut point has the single
 * category "All". Missing values stay missing; values outside the training
 * range fall in the end intervals. Nominal attributes and the class pass
 * through. */
#include "config.h"
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

enum { M_WIDTH, M_FREQUENCY, M_MDL };
static const char *const method_choices[] = {"width", "frequency", "mdl", NULL};

struct discretize {
    int method;   /* parameters */
    long bins;
    size_t d;     /* attributes of the training data */
    double *ncut; /* per attribute: number of cut points, -1: passed through */
    size_t *off;  /* d + 1 offsets into cuts */
    double *cuts; /* all cut points, attribute after attribute, increasing */
};

static const clearn_param discretize_params[] = {
    {.name = "method", .type = CLEARN_PARAM_ENUM, .offset = offsetof(struct discretize, method),
     .def = "width", .min = 1, .max = 0, .choices = method_choices,
     .help = "width: equal-width bins; frequency: quantile bins; mdl: Fayyad & Irani's "
             "supervised MDL cut points (needs a nominal class)"},
    {.name = "bins", .type = CLEARN_PARAM_INT, .offset = offsetof(struct discretize, bins),
     .def = "10", .min = 1, .max = 1000000,
     .help = "number of intervals of method=width and method=frequency"},
};

static void discretize_clear(struct discretize *st)
{
    clearn__free(st->ncut);
    clearn__free(st->off);
    clearn__free(st->cuts);
    st->ncut = st->cuts = NULL;
    st->off = NULL;
    st->d = 0;
}

static int discretized(const clearn_dataset *ds, size_t j)
{
    return j != ds->cls && ds->attrs[j].kind == CLEARN_NUMERIC;
}

/* numpy's linear percentile (q in [0, 1]) of sorted v[0..n), n > 0, with
 * its order of operations, so that quantile edges equal scikit-learn's.
 * Also used by lib/select.c (percentile selection). */
double clearn__quantile_sorted(const double *v, size_t n, double q)
{
    double at = (double)(n - 1) * q, lo = floor(at), t, a, b, diff;
    size_t i;
    if (!(at > 0))
        return v[0];
    if (at >= (double)(n - 1))
        return v[n - 1];
    i = (size_t)lo;
    t = at - lo;
    a = v[i];
    b = v[i + 1];
    diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/* ---- cut points of one attribute ----------------------------------------- */

/* Non-missing values of column j (and, when cls is set, rows whose class
 * is known, with the class code in the odd slots: pairs value, class). */
static size_t gather(const clearn_dataset *ds, size_t j, int with_class, double *buf)
{
    size_t k = 0;
    for (size_t i = 0; i < ds->n; i++) {
        const double *row = ds->x + i * ds->d;
        if (isnan(row[j]) || (with_class && isnan(row[ds->cls])))
            continue;
        buf[k * (with_class ? 2 : 1)] = row[j];
        if (with_class)
            buf[k * 2 + 1] = row[ds->cls];
        k++;
    }
    return k;
}

/* Equal-width cut points of v[0..n) into out; returns how many. */
static size_t width_cuts(const double *v, size_t n, long bins, double *out)
{
    double lo = INFINITY, hi = -INFINITY, w;
    for (size_t i = 0; i < n; i++) {
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    if (!n || bins < 2 || !((w = (hi - lo) / (double)bins) > 0))
        return 0;
    for (long i = 1; i < bins; i++)
        out[i - 1] = lo + w * (double)i;
    return (size_t)bins - 1;
}

/* Quantile cut points of v[0..n) (sorted here) into out. */
static size_t frequency_cuts(double *v, size_t n, long bins, double *out)
{
    double step = 100.0 / (double)bins, prev = 0;
    size_t k = 0;
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, clearn__cmp_double);
    for (long i = 0; i <= bins; i++) {
        double pct = i == bins ? 100.0 : (double)i * step;
        double e = clearn__quantile_sorted(v, n, pct / 100);
        if (i == 0 || e - prev > 1e-8)
            out[k++] = e;   /* kept edges, the first being the minimum */
        prev = e;
    }
    /* interior kept edges: drop the first and the last */
    if (k < 3)
        return 0;
    memmove(out, out + 1, (k - 2) * sizeof *out);
    return k - 2;
}

/* ---- MDL (Weka's supervised Discretize) ---------------------------------- */

struct mdl {
    const double *pv;   /* sorted pairs value, class */
    size_t k;           /* classes */
    double *cnt;        /* 4 k: left, right, prior, best left|right */
};

/* Weka's ContingencyTables arithmetic: x ln x, 0 below 1e-6. */
static double xlnx(double x)
{
    return x < 1e-6 ? 0 : x * log(x);
}

static double entropy(const double *c, size_t k)
{
    double r = 0, s = 0;
    for (size_t i = 0; i < k; i++) {
        r -= xlnx(c[i]);
        s += c[i];
    }
    return s - 0 < 1e-6 && 0 - s < 1e-6 ? 0 : (r + xlnx(s)) / (s * log(2.0));
}

static double entropy_rows(const double *left, const double *right, size_t k)
{
    double r = 0, total = 0;
    const double *rows[2] = {left, right};
    for (int i = 0; i < 2; i++) {
        double sum = 0;
        for (size_t j = 0; j < k; j++) {
            r = r + xlnx(rows[i][j]);
            sum += rows[i][j];
            total += rows[i][j];
        }
        r = r - xlnx(sum);
    }
    return total - 0 < 1e-6 && 0 - total < 1e-6 ? 0 : -r / (total * log(2.0));
}

static size_t present(const double *c, size_t k)
{
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
        m += c[i] > 0;
    return m;
}

/* Fayyad and Irani's acceptance test (Weka's FayyadAndIranisMDL). */
static int mdl_accept(const double *prior, const double *bl, const double *br, size_t k,
                      double n, double n_cuts)
{
    double ln2 = log(2.0), pe = entropy(prior, k), e = entropy_rows(bl, br, k);
    double kt = (double)present(prior, k), kl = (double)present(bl, k),
           kr = (double)present(br, k);
    double delta = log(pow(3, kt) - 2) / ln2 -
                   (kt * pe - kr * entropy(br, k) - kl * entropy(bl, k));
    return pe - e > (log(n_cuts) / ln2 + delta) / n;
}

/* Best boundary of rows [a, b): 1 with *at (the last row on the left) and
 * *cut when the split passes the MDL test. */
static int mdl_split(const struct mdl *m, size_t a, size_t b, size_t *at, double *cut)
{
    size_t k = m->k;
    double *left = m->cnt, *right = left + k, *prior = right + k, *best = prior + k;
    double pe, be;
    int found = 0;
    if (b - a < 2)
        return 0;
    memset(m->cnt, 0, 4 * k * sizeof *m->cnt);
    for (size_t i = a; i < b; i++)
        right[(size_t)m->pv[2 * i + 1]] += 1;
    memcpy(prior, right, k * sizeof *prior);
    pe = be = entropy(prior, k);
    for (size_t i = a; i + 1 < b; i++) {
        size_t c = (size_t)m->pv[2 * i + 1];
        double e;
        left[c] += 1;
        right[c] -= 1;
        if (!(m->pv[2 * i] < m->pv[2 * i + 2]))
            continue;
        e = entropy_rows(left, right, k);
        if (e < be) {
            be = e;
            *at = i;
            *cut = (m->pv[2 * i] + m->pv[2 * i + 2]) / 2.0;
            memcpy(best, left, k * sizeof *best);
            found = 1;
        }
    }
    if (!found || pe - be <= 0)
        return 0;
    /* left becomes the best split's right side: prior - best left */
    for (size_t c = 0; c < k; c++)
        left[c] = prior[c] - best[c];
    return mdl_accept(prior, best, left, k, (double)(b - a), (double)(b - a - 1));
}

static int cmp_pair(const void *a, const void *b)
{
    return clearn__cmp_double(a, b);
}

/* MDL cut points of pairs pv[0..2n) (sorted here) into out; stack has room
 * for 2 (n + 1) sizes, cnt for 4 k doubles. Intervals are split with an
 * explicit stack (depth can reach n) and the cuts sorted at the end. */
static size_t mdl_cuts(double *pv, size_t n, size_t k, size_t *stack, double *cnt, double *out)
{
    struct mdl m = {pv, k, cnt};
    size_t top = 0, nc = 0;
    qsort(pv, n, 2 * sizeof *pv, cmp_pair);
    stack[top++] = 0;
    stack[top++] = n;
    while (top) {
        size_t b = stack[--top], a = stack[--top], at;
        double cut;
        if (!mdl_split(&m, a, b, &at, &cut))
            continue;
        out[nc++] = cut;
        stack[top++] = a;
        stack[top++] = at + 1;
        stack[top++] = at + 1;
        stack[top++] = b;
    }
    qsort(out, nc, sizeof *out, clearn__cmp_double);
    return nc;
}

/* ---- fit ------------------------------------------------------------------ */

static int check_method(const struct discretize *st, const clearn_dataset *ds,
                        clearn_error *err)
{
    if (st->method != M_MDL)
        return CLEARN_OK;
    if (ds->cls == CLEARN_NONE)
        return clearn__error(err, CLEARN_EINVAL,
                             "discretize: method=mdl needs a nominal class attribute and the "
                             "data has no class (set one, or use method=width or frequency)");
    if (ds->attrs[ds->cls].kind != CLEARN_NOMINAL)
        return clearn__error(err, CLEARN_EINVAL,
                             "discretize: method=mdl needs a nominal class; class '%s' is "
                             "numeric (use method=width or frequency)",
                             ds->attrs[ds->cls].name);
    return CLEARN_OK;
}

/* Scratch for one attribute's cut points. */
struct scratch {
    double *v, *cnt, *out;
    size_t *stack;
};

static size_t attribute_cuts(const struct discretize *st, const clearn_dataset *ds, size_t j,
                             struct scratch *s)
{
    size_t n = gather(ds, j, st->method == M_MDL, s->v);
    if (st->method == M_WIDTH)
        return width_cuts(s->v, n, st->bins, s->out);
    if (st->method == M_FREQUENCY)
        return frequency_cuts(s->v, n, st->bins, s->out);
    return mdl_cuts(s->v, n, ds->attrs[ds->cls].n_cats, s->stack, s->cnt, s->out);
}

/* Appends the m cut points in c to st->cuts (capacity *cap). */
static int append_cuts(struct discretize *st, size_t *cap, const double *c, size_t m,
                       size_t at, clearn_error *err)
{
    if (at + m > *cap) {
        size_t want = (at + m) * 2;
        double *p = clearn__reallocarray(st->cuts, want, sizeof *p);
        if (!p)
            return clearn__nomem(err);
        st->cuts = p;
        *cap = want;
    }
    if (m)   /* st->cuts may still be NULL */
        memcpy(st->cuts + at, c, m * sizeof *c);
    return CLEARN_OK;
}

static int all_cuts(struct discretize *st, const clearn_dataset *ds, struct scratch *s,
                    clearn_error *err)
{
    size_t cap = 0, at = 0;
    int rc = CLEARN_OK;
    for (size_t j = 0; rc == CLEARN_OK && j < ds->d; j++) {
        size_t m = 0;
        st->off[j] = at;
        st->ncut[j] = -1;
        if (!discretized(ds, j))
            continue;
        m = attribute_cuts(st, ds, j, s);
        for (size_t i = 0; i < m; i++)
            if (!isfinite(s->out[i]))
                return clearn__error(err, CLEARN_ERANGE,
                                     "discretize: attribute '%s': the values are too large "
                                     "(the interval width overflows)", ds->attrs[j].name);
        st->ncut[j] = (double)m;
        rc = append_cuts(st, &cap, s->out, m, at, err);
        at += m;
    }
    st->off[ds->d] = at;
    return rc;
}

static int discretize_fit(void *state, const clearn_dataset *data, clearn_error *err)
{
    struct discretize *st = state, g = *st;
    size_t n = data->n, k = 1, outn = n > (size_t)st->bins ? n : (size_t)st->bins;
    struct scratch s;
    int rc = check_method(st, data, err);
    if (rc != CLEARN_OK)
        return rc;
    if (st->method == M_MDL)
        k = data->attrs[data->cls].n_cats + 1;
    g.d = data->d;
    g.cuts = NULL;
    g.ncut = clearn__mallocarray(data->d + 1, sizeof *g.ncut);
    g.off = clearn__mallocarray(data->d + 1, sizeof *g.off);
    s.v = clearn__mallocarray(n, 2 * sizeof *s.v);
    s.cnt = clearn__mallocarray(k, 4 * sizeof *s.cnt);
    s.out = clearn__mallocarray(outn + 1, sizeof *s.out);
    s.stack = clearn__mallocarray(n + 1, 2 * sizeof *s.stack);
    if (!g.ncut || !g.off || !s.v || !s.cnt || !s.out || !s.stack)
        rc = clearn__nomem(err);
    else
        rc = all_cuts(&g, data, &s, err);
    clearn__free(s.v);
    clearn__free(s.cnt);
    clearn__free(s.out);
    clearn__free(s.stack);
    if (rc != CLEARN_OK) {
        discretize_clear(&g);
        return rc;
    }
    discretize_clear(st);
    *st = g;
    return CLEARN_OK;
}

/* ---- names and apply ------------------------------------------------------ */

/* v as Weka's Utils.doubleToString(v, 6): rounded half up to 6 decimals,
 * trailing zeros and a trailing point removed. */
static void format_weka6(double v, char *buf)
{
    double t = v * 1e6;
    long long p;
    char digits[32];
    size_t len, ip;
    if (!(fabs(t) < 9223372036854775807.0)) {
        clearn__format_java_double(v, buf);
        return;
    }
    p = t > 0 ? (long long)(t + 0.5) : -(long long)(fabs(t) + 0.5);
    len = (size_t)snprintf(digits, sizeof digits, "%07lld", p < 0 ? -p : p);
    ip = len - 6;
    while (len > ip && digits[len - 1] == '0')
        len--;
    snprintf(buf, CLEARN__DBL_BUF, "%s%.*s%s%.*s", p < 0 ? "-" : "", (int)ip, digits,
             len > ip ? "." : "", (int)(len - ip), digits + ip);
}

static void format_cut(double v, int exact, char *buf)
{
    if (exact)
        clearn__format_double(v, buf);
    else
        format_weka6(v, buf);
}

/* Name of interval i of the m + 1 intervals of cuts c into buf. */
static void interval_name(const double *c, size_t m, size_t i, int exact, char *buf,
                          size_t size)
{
    char a[CLEARN__DBL_BUF], b[CLEARN__DBL_BUF];
    if (!m) {
        snprintf(buf, size, "All");
        return;
    }
    if (i > 0)
        format_cut(c[i - 1], exact, a);
    if (i < m)
        format_cut(c[i], exact, b);
    if (i == 0)
        snprintf(buf, size, "(-inf-%s]", b);
    else if (i == m)
        snprintf(buf, size, "(%s-inf)", a);
    else
        snprintf(buf, size, "(%s-%s]", a, b);
}

/* 1 when two of the cut points c[0..m) print the same with 6 decimals. */
static int names_collide(const double *c, size_t m)
{
    char a[CLEARN__DBL_BUF], b[CLEARN__DBL_BUF];
    for (size_t i = 1; i < m; i++) {
        format_weka6(c[i - 1], a);
        format_weka6(c[i], b);
        if (!strcmp(a, b))
            return 1;
    }
    return 0;
}

#define NAME_BUF (2 * CLEARN__DBL_BUF + 8)

/* Adds attribute j of ds to out as the nominal attribute of its intervals. */
static int add_intervals(const struct discretize *st, clearn_dataset *out,
                         const clearn_dataset *ds, size_t j, clearn_error *err)
{
    size_t m = (size_t)st->ncut[j], nn = m + 1;
    const double *c = st->cuts + st->off[j];
    int exact = names_collide(c, m), rc;
    char **names = clearn__mallocarray(nn, sizeof *names), *text;
    if (!names || !(text = clearn__mallocarray(nn, NAME_BUF))) {
        clearn__free(names);
        return clearn__nomem(err);
    }
    for (size_t i = 0; i < nn; i++) {
        names[i] = text + i * NAME_BUF;
        interval_name(c, m, i, exact, names[i], NAME_BUF);
    }
    rc = clearn_dataset_add_nominal(out, ds->attrs[j].name, (const char *const *)names, nn,
                                    NULL, err);
    clearn__free(text);
    clearn__free(names);
    return rc;
}

static int add_copy(clearn_dataset *out, const clearn_dataset *ds, size_t j, clearn_error *err)
{
    const struct clearn__attr *a = &ds->attrs[j];
    size_t idx;
    int rc = a->kind == CLEARN_NOMINAL
        ? clearn_dataset_add_nominal(out, a->name, (const char *const *)a->cats, a->n_cats,
                                     &idx, err)
        : clearn_dataset_add_numeric(out, a->name, &idx, err);
    if (rc == CLEARN_OK && j == ds->cls)
        rc = clearn_dataset_set_class(out, idx, err);
    return rc;
}

static clearn_dataset *output_header(const struct discretize *st, const clearn_dataset *ds,
                                     clearn_error *err)
{
    clearn_dataset *o = clearn_dataset_new(ds->relation, err);
    int rc = o ? CLEARN_OK : CLEARN_ENOMEM;
    for (size_t j = 0; rc == CLEARN_OK && j < ds->d; j++)
        rc = discretized(ds, j) ? add_intervals(st, o, ds, j, err) : add_copy(o, ds, j, err);
    if (rc != CLEARN_OK) {
        clearn_dataset_free(o);
        return NULL;
    }
    return o;
}

static int check_schema(const struct discretize *st, const clearn_dataset *ds,
                        clearn_error *err)
{
    if (!st->ncut)
        return clearn__error(err, CLEARN_ENOTFIT, "discretize: the transform is not fitted");
    if (ds->d != st->d)
        return clearn__error(err, CLEARN_ESCHEMA,
                             "discretize: the data has %zu attributes but the transform was "
                             "fitted on %zu", ds->d, st->d);
    for (size_t j = 0; j < ds->d; j++)
        if (discretized(ds, j) != (st->ncut[j] >= 0))
            return clearn__error(err, CLEARN_ESCHEMA,
                                 "discretize: attribute '%s' differs from the training data "
                                 "(kind or class)", ds->attrs[j].name);
    return CLEARN_OK;
}

/* Code of the interval of v among cuts c[0..m): the first with v <= c[i]. */
static double interval_of(const double *c, size_t m, double v)
{
    size_t lo = 0, hi = m;
    if (isnan(v))
        return NAN;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v <= c[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return (double)lo;
}

static clearn_dataset *discretize_apply(const void *state, const clearn_dataset *data,
                                        clearn_error *err)
{
    const struct discretize *st = state;
    clearn_dataset *out;
    double *rows;
    if (check_schema(st, data, err) != CLEARN_OK || !(out = output_header(st, data, err)))
        return NULL;
    if (!(rows = clearn__dataset_extend(out, data->n, err))) {
        clearn_dataset_free(out);
        return NULL;
    }
    for (size_t i = 0; i < data->n; i++) {
        const double *in = data->x + i * data->d;
        double *o = rows + i * data->d;
        for (size_t j = 0; j < data->d; j++)
            o[j] = st->ncut[j] < 0 ? in[j]
                                   : interval_of(st->cuts + st->off[j], (size_t)st->ncut[j], in[j]);
    }
    return out;
}

/* ---- model files ------------------------------------------------------------ */

static int discretize_save(const void *state, clearn_writer *w, clearn_error *err)
{
    const struct discretize *st = state;
    int rc = clearn_writer_size(w, "d", st->d, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "n_cuts", st->ncut, st->d, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "cuts", st->cuts, st->off[st->d], err);
    return rc;
}

/* Offsets from the counts; CLEARN_ECORRUPT for a bad count. */
static int load_offsets(struct discretize *g, clearn_error *err)
{
    size_t at = 0;
    for (size_t j = 0; j < g->d; j++) {
        double c = g->ncut[j];
        g->off[j] = at;
        if (!(c == -1 || (c >= 0 && c <= 1e9 && c == floor(c))) || at > SIZE_MAX / 2)
            return clearn__error(err, CLEARN_ECORRUPT,
                                 "discretize: bad number of cut points for attribute %zu in "
                                 "the model", j);
        at += c > 0 ? (size_t)c : 0;
    }
    g->off[g->d] = at;
    return CLEARN_OK;
}

static int check_cuts(const struct discretize *g, clearn_error *err)
{
    for (size_t j = 0; j < g->d; j++)
        for (size_t i = g->off[j]; i < g->off[j + 1]; i++)
            if (!isfinite(g->cuts[i]) || (i > g->off[j] && !(g->cuts[i] > g->cuts[i - 1])))
                return clearn__error(err, CLEARN_ECORRUPT,
                                     "discretize: the cut points of attribute %zu in the model "
                                     "are not finite and increasing", j);
    return CLEARN_OK;
}

static int discretize_load(void *state, clearn_reader *r, clearn_error *err)
{
    struct discretize *st = state, g = *st;
    int rc = clearn_reader_size(r, "d", &g.d, err);
    if (rc != CLEARN_OK)
        return rc;
    g.ncut = g.cuts = NULL;
    g.off = NULL;
    rc = clearn__reader_long_doubles(r, "n_cuts", g.d, &g.ncut, err);
    if (rc == CLEARN_OK && !(g.off = clearn__mallocarray(g.d + 1, sizeof *g.off)))
        rc = clearn__nomem(err);
    if (rc == CLEARN_OK)
        rc = load_offsets(&g, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_long_doubles(r, "cuts", g.off[g.d], &g.cuts, err);
    if (rc == CLEARN_OK)
        rc = check_cuts(&g, err);
    if (rc != CLEARN_OK) {
        discretize_clear(&g);
        return rc;
    }
    discretize_clear(st);
    *st = g;
    return CLEARN_OK;
}

static void discretize_destroy(void *state)
{
    discretize_clear(state);
}

const clearn_transform_type clearn__discretize_type = {
    .abi_version = CLEARN_TRANSFORM_ABI,
    .name = "discretize",
    .summary = "turn numeric attributes into nominal intervals (equal width, equal "
               "frequency or supervised MDL cut points)",
    .params = discretize_params,
    .n_params = sizeof discretize_params / sizeof discretize_params[0],
    .state_size = sizeof(struct discretize),
    .fit = discretize_fit,
    .apply = discretize_apply,
    .inverse = NULL,
    .save = discretize_save,
    .load = discretize_load,
    .destroy = discretize_destroy,
};

/* ---- public accessor ---------------------------------------------------------- */

int clearn_discretize_cuts(const clearn_transform *t, size_t j, double *cuts, size_t size,
                           size_t *n, clearn_error *err)
{
    const void *v;
    const struct discretize *st;
    size_t m;
    int rc = clearn__transform_state_of(t, &clearn__discretize_type, &v, err);
    if (rc != CLEARN_OK)
        return rc;
    st = v;
    if (j >= st->d || st->ncut[j] < 0)
        return clearn__error(err, CLEARN_EINVAL,
                             "discretize: attribute %zu is not a discretized attribute of the "
                             "training data (%zu attributes)", j, st->d);
    m = (size_t)st->ncut[j];
    if (n)
        *n = m;
    if (cuts)
        memcpy(cuts, st->cuts + st->off[j], (m < size ? m : size) * sizeof *cuts);
    return CLEARN_OK;
}
