/* clearn — grid search (a spec with lists of values, expanded to every
 * combination, all cross-validated on the same folds as one task list) and
 * learning curves (the same machinery with a cap on the training rows). */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "eval.h"

#define MAX_COMBINATIONS 1000000u

/* ---- expansion ---------------------------------------------------------------
 * The expansion works on the spec's text before it is parsed, with its own
 * tokenisation that respects quotes: words are separated by blanks and
 * stages by '|' outside quotes; in a key=v1,v2 word the commas outside
 * quotes separate the values. Every piece keeps its raw text (quotes
 * included), so the spec parser later reads each value as written. */

struct word {
    char *prefix;     /* "key=" for a list, "" otherwise */
    char **items;     /* raw alternatives (one for a plain word) */
    size_t n;
    int stage_end;    /* a '|' follows this word */
};

struct grammar {
    struct word *w;
    size_t n;
};

static void grammar_free(struct grammar *g)
{
    for (size_t i = 0; i < g->n; i++) {
        for (size_t j = 0; j < g->w[i].n; j++)
            clearn__free(g->w[i].items[j]);
        clearn__free(g->w[i].items);
        clearn__free(g->w[i].prefix);
    }
    clearn__free(g->w);
    memset(g, 0, sizeof *g);
}

/* Length of the word at s (up to a blank or '|' outside quotes); -1 when a
 * quote is not closed. */
static long word_length(const char *s)
{
    char quote = 0;
    size_t i = 0;
    for (; s[i]; i++) {
        if (quote) {
            if (s[i] == quote)
                quote = 0;
        } else if (s[i] == '\'' || s[i] == '"') {
            quote = s[i];
        } else if (isspace((unsigned char)s[i]) || s[i] == '|') {
            break;
        }
    }
    return quote ? -1 : (long)i;
}

static int push_item(struct word *w, const char *s, size_t len, clearn_error *err)
{
    char **ni = clearn__reallocarray(w->items, w->n + 1, sizeof *ni);
    if (!ni)
        return clearn__nomem(err);
    w->items = ni;
    if (!(w->items[w->n] = clearn__strndup(s, len)))
        return clearn__nomem(err);
    w->n++;
    return CLEARN_OK;
}

/* Splits the value list v[0..len) of word `text` at commas outside quotes. */
static int split_values(struct word *w, const char *v, size_t len, const char *text,
                        clearn_error *err)
{
    size_t start = 0;
    char quote = 0;
    for (size_t i = 0; i <= len; i++) {
        int rc;
        if (i < len && quote) {
            quote = v[i] == quote ? 0 : quote;
            continue;
        }
        if (i < len && (v[i] == '\'' || v[i] == '"')) {
            quote = v[i];
            continue;
        }
        if (i < len && v[i] != ',')
            continue;
        if (i == start)
            return clearn__error(err, CLEARN_EINVAL, "grid: '%.*s' has %s", (int)(v - text + len),
                                 text, len ? "an empty value in its list" : "no values");
        if ((rc = push_item(w, v + start, i - start, err)) != CLEARN_OK)
            return rc;
        start = i + 1;
    }
    return CLEARN_OK;
}

/* Adds the word s[0..len) to g: a key=list (not the first word of a stage,
 * which names the type) becomes a list. */
static int add_word(struct grammar *g, const char *s, size_t len, int first, clearn_error *err)
{
    struct word *nw = clearn__reallocarray(g->w, g->n + 1, sizeof *nw), *w;
    const char *eq = NULL;
    if (!nw)
        return clearn__nomem(err);
    g->w = nw;
    w = &g->w[g->n++];
    memset(w, 0, sizeof *w);
    if (!first)
        eq = memchr(s, '=', len);
    if (eq && eq > s && !memchr(s, '\'', (size_t)(eq - s)) && !memchr(s, '"', (size_t)(eq - s))) {
        if (!(w->prefix = clearn__strndup(s, (size_t)(eq - s) + 1)))
            return clearn__nomem(err);
        return split_values(w, eq + 1, len - (size_t)(eq - s) - 1, s, err);
    }
    if (!(w->prefix = clearn__strdup("")))
        return clearn__nomem(err);
    return push_item(w, s, len, err);
}

static int tokenise(const char *text, struct grammar *g, clearn_error *err)
{
    const char *p = text;
    int first = 1, rc;
    memset(g, 0, sizeof *g);
    for (;;) {
        long len;
        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            return CLEARN_OK;
        if (*p == '|') {
            if (first || !g->n)
                return clearn__error(err, CLEARN_EINVAL, "grid '%.100s': a stage has no name", text);
            g->w[g->n - 1].stage_end = 1;
            first = 1;
            p++;
            continue;
        }
        if ((len = word_length(p)) < 0)
            return clearn__error(err, CLEARN_EINVAL, "grid '%.100s': unterminated quote", text);
        if ((rc = add_word(g, p, (size_t)len, first, err)) != CLEARN_OK)
            return rc;
        first = 0;
        p += len;
    }
}

/* The spec of combination c (the last list varying fastest). */
static char *combination(const struct grammar *g, size_t c, clearn_error *err)
{
    size_t len = 1, *pick = clearn__mallocarray(g->n ? g->n : 1, sizeof *pick);
    char *out, *q;
    if (!pick)
        return (void)clearn__nomem(err), NULL;
    for (size_t i = g->n; i-- > 0;) {
        pick[i] = c % g->w[i].n;
        c /= g->w[i].n;
        len += strlen(g->w[i].prefix) + strlen(g->w[i].items[pick[i]]) + 3;
    }
    if (!(out = q = clearn__malloc(len))) {
        clearn__free(pick);
        return (void)clearn__nomem(err), NULL;
    }
    for (size_t i = 0; i < g->n; i++) {
        q += sprintf(q, "%s%s%s", g->w[i].prefix, g->w[i].items[pick[i]],
                     i + 1 == g->n ? "" : g->w[i].stage_end ? " | " : " ");
    }
    clearn__free(pick);
    return out;
}

void clearn_grid_specs_free(char **specs, size_t n)
{
    for (size_t i = 0; specs && i < n; i++)
        clearn__free(specs[i]);
    clearn__free(specs);
}

static int count_combinations(const struct grammar *g, const char *text, size_t *total,
                              clearn_error *err)
{
    *total = 1;
    for (size_t i = 0; i < g->n; i++) {
        if (*total > MAX_COMBINATIONS / g->w[i].n)
            return clearn__error(err, CLEARN_ERANGE, "grid '%.100s': more than %u combinations",
                                 text, MAX_COMBINATIONS);
        *total *= g->w[i].n;
    }
    if (!g->n)
        return clearn__error(err, CLEARN_EINVAL, "grid: empty spec");
    if (g->w[g->n - 1].stage_end)
        return clearn__error(err, CLEARN_EINVAL, "grid '%.100s': a stage has no name", text);
    return CLEARN_OK;
}

int clearn_grid_expand(const char *grid_spec, char ***specs, size_t *n, clearn_error *err)
{
    struct grammar g;
    char **out = NULL;
    size_t total = 0;
    int rc;
    if (!grid_spec || !specs || !n)
        return clearn__error(err, CLEARN_EINVAL, "grid: NULL argument");
    *specs = NULL;
    *n = 0;
    if ((rc = tokenise(grid_spec, &g, err)) != CLEARN_OK ||
        (rc = count_combinations(&g, grid_spec, &total, err)) != CLEARN_OK)
        goto done;
    if (!(out = clearn__calloc(total, sizeof *out))) {
        rc = clearn__nomem(err);
        goto done;
    }
    for (size_t c = 0; c < total; c++)
        if (!(out[c] = combination(&g, c, err))) {
            clearn_grid_specs_free(out, total);
            rc = err ? err->code : CLEARN_ENOMEM;
            goto done;
        }
    *specs = out;
    *n = total;
done:
    grammar_free(&g);
    return rc;
}

/* ---- grid search ------------------------------------------------------------- */

struct clearn_grid {
    char **specs;
    size_t n;
    clearn_cv_result **results;
    size_t *rank;
    const clearn_metric *metric;
    size_t metric_index;
    clearn_estimator *best;
};

void clearn_grid_free(clearn_grid *g)
{
    if (!g)
        return;
    for (size_t i = 0; g->results && i < g->n; i++)
        clearn_cv_result_free(g->results[i]);
    clearn__free(g->results);
    clearn_grid_specs_free(g->specs, g->n);
    clearn__free(g->rank);
    clearn_estimator_free(g->best);
    clearn__free(g);
}

/* The metric names to evaluate: opt's (or the defaults), plus the ranking
 * metric when absent. *names is new (clearn__free); *rank its index. */
static int grid_metrics(const clearn_dataset *ds, const clearn_cv_options *opt, const char *rank,
                        const char ***names, size_t *n, size_t *ri, clearn_error *err)
{
    const char *const *src = opt->metrics;
    size_t k = opt->n_metrics;
    if (!k)
        k = clearn_cv_default_metrics(ds, &src);
    if (!k || !src)
        return clearn__error(err, CLEARN_EINVAL, "grid search needs a class attribute and metrics");
    if (!(*names = clearn__mallocarray(k + 1, sizeof **names)))
        return clearn__nomem(err);
    memcpy(*names, src, k * sizeof **names);
    *n = k;
    *ri = 0;
    if (!rank)
        return CLEARN_OK;
    for (*ri = 0; *ri < k; (*ri)++)
        if (src[*ri] && strcmp(src[*ri], rank) == 0)
            return CLEARN_OK;
    (*names)[k] = rank;
    *n = k + 1;
    return CLEARN_OK;
}

struct ranked {
    double v;
    size_t i;
    const clearn_metric *m;
};

static int ranked_cmp(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    if (clearn_metric_better(a->m, a->v, b->v))
        return -1;
    if (clearn_metric_better(a->m, b->v, a->v))
        return 1;
    return (a->i > b->i) - (a->i < b->i);
}

static int rank_results(clearn_grid *g, clearn_error *err)
{
    struct ranked *r = clearn__mallocarray(g->n, sizeof *r);
    if (!r || !(g->rank = clearn__mallocarray(g->n, sizeof *g->rank))) {
        clearn__free(r);
        return clearn__nomem(err);
    }
    for (size_t i = 0; i < g->n; i++) {
        r[i].v = clearn_cv_result_mean(g->results[i], g->metric_index);
        r[i].i = i;
        r[i].m = g->metric;
    }
    qsort(r, g->n, sizeof *r, ranked_cmp);
    for (size_t i = 0; i < g->n; i++)
        g->rank[i] = r[i].i;
    clearn__free(r);
    return CLEARN_OK;
}

/* Builds every combination's estimator; an error names the combination. */
static int grid_models(const clearn_grid *g, clearn_estimator **models, clearn_error *err)
{
    for (size_t i = 0; i < g->n; i++) {
        if (!(models[i] = clearn_estimator_new(g->specs[i], err))) {
            char why[CLEARN_ERROR_TEXT_SIZE];
            if (!err || err->code == CLEARN_ENOMEM)
                return err ? err->code : CLEARN_ENOMEM;
            memcpy(why, err->text, sizeof why);
            return clearn__error(err, err->code, "grid '%.80s': %.160s", g->specs[i], why);
        }
    }
    return CLEARN_OK;
}

static int grid_run(clearn_grid *g, const clearn_dataset *ds, const clearn_split *split,
                    const clearn_cv_options *opt, clearn_estimator **models, clearn_error *err)
{
    clearn__cv_config *cfg = clearn__calloc(g->n, sizeof *cfg);
    int rc;
    if (!cfg || !(g->results = clearn__calloc(g->n, sizeof *g->results))) {
        clearn__free(cfg);
        return clearn__nomem(err);
    }
    for (size_t i = 0; i < g->n; i++) {
        cfg[i].model = models[i];
        cfg[i].label = g->specs[i];
    }
    rc = clearn__cv_run(cfg, g->n, ds, split, opt, g->results, err);
    clearn__free(cfg);
    if (rc != CLEARN_OK)
        return rc;
    g->metric = clearn_cv_result_metric(g->results[0], g->metric_index);
    if ((rc = rank_results(g, err)) != CLEARN_OK)
        return rc;
    if (!(g->best = clearn_estimator_clone(models[g->rank[0]], err)))
        return err ? err->code : CLEARN_ENOMEM;
    return clearn_estimator_fit(g->best, ds, err);
}

clearn_grid *clearn_grid_search(const char *grid_spec, const clearn_dataset *ds,
                                const clearn_split *split, const char *rank_metric,
                                const clearn_cv_options *opt, clearn_error *err)
{
    clearn_cv_options o;
    clearn_grid *g;
    clearn_estimator **models = NULL;
    const char **names = NULL;
    int rc;
    if (opt)
        o = *opt;
    else
        clearn_cv_options_init(&o);
    if (!ds || !split) {
        clearn__error(err, CLEARN_EINVAL, "grid: NULL argument");
        return NULL;
    }
    if (!(g = clearn__calloc(1, sizeof *g))) {
        clearn__nomem(err);
        return NULL;
    }
    if ((rc = clearn_grid_expand(grid_spec, &g->specs, &g->n, err)) != CLEARN_OK ||
        (rc = grid_metrics(ds, &o, rank_metric, &names, &o.n_metrics, &g->metric_index, err)) !=
            CLEARN_OK)
        goto done;
    o.metrics = names;
    if (!(models = clearn__calloc(g->n, sizeof *models))) {
        rc = clearn__nomem(err);
        goto done;
    }
    if ((rc = grid_models(g, models, err)) == CLEARN_OK)
        rc = grid_run(g, ds, split, &o, models, err);
done:
    for (size_t i = 0; models && i < g->n; i++)
        clearn_estimator_free(models[i]);
    clearn__free(models);
    clearn__free(names);
    if (rc != CLEARN_OK) {
        clearn_grid_free(g);
        return NULL;
    }
    return g;
}

size_t clearn_grid_size(const clearn_grid *g)
{
    return g ? g->n : 0;
}

const char *clearn_grid_spec(const clearn_grid *g, size_t i)
{
    return g && i < g->n ? g->specs[i] : NULL;
}

const clearn_cv_result *clearn_grid_result(const clearn_grid *g, size_t i)
{
    return g && i < g->n ? g->results[i] : NULL;
}

const clearn_metric *clearn_grid_metric(const clearn_grid *g)
{
    return g ? g->metric : NULL;
}

size_t clearn_grid_ranked(const clearn_grid *g, size_t rank)
{
    return g && rank < g->n ? g->rank[rank] : CLEARN_NONE;
}

const clearn_estimator *clearn_grid_best(const clearn_grid *g)
{
    return g ? g->best : NULL;
}

clearn_estimator *clearn_grid_take_best(clearn_grid *g)
{
    clearn_estimator *e = g ? g->best : NULL;
    if (g)
        g->best = NULL;
    return e;
}

/* ---- learning curve ------------------------------------------------------------ */

struct clearn_curve {
    size_t n;
    size_t *sizes;
    clearn_cv_result **results;
};

void clearn_curve_free(clearn_curve *c)
{
    if (!c)
        return;
    for (size_t i = 0; c->results && i < c->n; i++)
        clearn_cv_result_free(c->results[i]);
    clearn__free(c->results);
    clearn__free(c->sizes);
    clearn__free(c);
}

/* Turns the requested sizes into row counts, given the smallest training
 * part of the split. */
static int curve_sizes(const double *sizes, size_t n, size_t smallest, size_t *out,
                       clearn_error *err)
{
    if (!sizes || !n)
        return clearn__error(err, CLEARN_EINVAL, "learning curve: no training sizes");
    for (size_t i = 0; i < n; i++) {
        double s = sizes[i];
        if (!isfinite(s) || !(s > 0) || (s > 1 && s != floor(s)))
            return clearn__error(err, CLEARN_EINVAL, "learning curve: size %g: give a fraction in "
                                 "(0, 1] or a whole number of rows", s);
        if (s > 1 && s > (double)smallest)
            return clearn__error(err, CLEARN_EINVAL, "learning curve: size %g exceeds the smallest "
                                 "training part of the split (%zu rows)", s, smallest);
        out[i] = s > 1 ? (size_t)s : (size_t)floor(s * (double)smallest);
        if (!out[i])
            out[i] = 1;
    }
    return CLEARN_OK;
}

static size_t smallest_train(const clearn_split *split)
{
    size_t m = (size_t)-1, ns = clearn_split_count(split);
    for (size_t i = 0; i < ns; i++)
        if (clearn_split_train_size(split, i) < m)
            m = clearn_split_train_size(split, i);
    return ns ? m : 0;
}

static int curve_run(clearn_curve *c, const clearn_estimator *e, const clearn_dataset *ds,
                     const clearn_split *split, const clearn_cv_options *opt, clearn_error *err)
{
    clearn__cv_config *cfg = clearn__calloc(c->n, sizeof *cfg);
    char (*labels)[48] = clearn__calloc(c->n, sizeof *labels);
    int rc = CLEARN_OK;
    if (!cfg || !labels || !(c->results = clearn__calloc(c->n, sizeof *c->results)))
        rc = clearn__nomem(err);
    for (size_t i = 0; rc == CLEARN_OK && i < c->n; i++) {
        snprintf(labels[i], sizeof labels[i], "train size %zu", c->sizes[i]);
        cfg[i].model = e;
        cfg[i].train_limit = c->sizes[i];
        cfg[i].label = labels[i];
    }
    if (rc == CLEARN_OK)
        rc = clearn__cv_run(cfg, c->n, ds, split, opt, c->results, err);
    clearn__free(cfg);
    clearn__free(labels);
    return rc;
}

clearn_curve *clearn_learning_curve(const clearn_estimator *e, const clearn_dataset *ds,
                                    const clearn_split *split, const double *sizes,
                                    size_t n_sizes, const clearn_cv_options *opt,
                                    clearn_error *err)
{
    clearn_curve *c;
    if (!e || !ds || !split) {
        clearn__error(err, CLEARN_EINVAL, "learning curve: NULL argument");
        return NULL;
    }
    if (!(c = clearn__calloc(1, sizeof *c)) ||
        !(c->sizes = clearn__mallocarray(n_sizes ? n_sizes : 1, sizeof *c->sizes))) {
        clearn__free(c);
        clearn__nomem(err);
        return NULL;
    }
    c->n = n_sizes;
    if (curve_sizes(sizes, n_sizes, smallest_train(split), c->sizes, err) != CLEARN_OK ||
        curve_run(c, e, ds, split, opt, err) != CLEARN_OK) {
        clearn_curve_free(c);
        return NULL;
    }
    return c;
}

size_t clearn_curve_points(const clearn_curve *c)
{
    return c ? c->n : 0;
}

size_t clearn_curve_train_size(const clearn_curve *c, size_t i)
{
    return c && i < c->n ? c->sizes[i] : 0;
}

const clearn_cv_result *clearn_curve_result(const clearn_curve *c, size_t i)
{
    return c && i < c->n ? c->results[i] : NULL;
}

int clearn_curve_write_csv(const clearn_curve *c, FILE *f, clearn_error *err)
{
    const clearn_cv_result *r0;
    size_t nm;
    if (!c || !f)
        return clearn__error(err, CLEARN_EINVAL, "learning curve: NULL argument");
    r0 = c->results[0];
    nm = clearn_cv_result_metrics(r0);
    fputs("train_size", f);
    for (size_t m = 0; m < nm; m++) {
        const char *name = clearn_cv_result_metric(r0, m)->name;
        fprintf(f, ",%s_mean,%s_sd", name, name);
    }
    fputc('\n', f);
    for (size_t i = 0; i < c->n; i++) {
        fprintf(f, "%zu", c->sizes[i]);
        for (size_t m = 0; m < nm; m++) {
            char a[CLEARN__DBL_BUF], b[CLEARN__DBL_BUF];
            clearn__format_double(clearn_cv_result_mean(c->results[i], m), a);
            clearn__format_double(clearn_cv_result_sd(c->results[i], m), b);
            fprintf(f, ",%s,%s", a, b);
        }
        fputc('\n', f);
    }
    if (fflush(f) != 0 || ferror(f))
        return clearn__error(err, CLEARN_EIO, "learning curve: write error: %s", strerror(errno));
    return CLEARN_OK;
}
