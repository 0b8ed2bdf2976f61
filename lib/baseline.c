/* clearn — baseline estimators.
 *
 * zeror: Weka's ZeroR, scikit-learn's DummyClassifier(strategy='prior') and
 * DummyRegressor(strategy='mean'): predicts the most frequent class (ties:
 * the lowest code) or the mean of a numeric class, whatever the features.
 * Its class probabilities are the training frequencies; laplace=true adds
 * one to every count first, as Weka's ZeroR does.
 *
 * oner: Holte's 1R (1993) as Weka's OneR builds it. For each attribute a
 * rule maps every value to its majority class: each category of a nominal
 * attribute, or each interval of a numeric one, which is discretised as in
 * Weka (see numeric_rule). The rule with the most training rows right wins;
 * ties go to the first attribute. Missing values form a branch of their
 * own. Checked against Weka 3.6's OneR on the shipped data sets and on
 * about a thousand random ones, with many tied values, for min_bucket from
 * 1 to 10: same rules, same counts, same text. One deliberate difference:
 * a missing value at prediction time takes the most frequent class
 * when training saw none (Weka takes the first class). */
#include "config.h"
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* ---- shared helpers --------------------------------------------------- */

/* Index of the largest count; ties go to the lowest index. */
static size_t argmax(const size_t *count, size_t k)
{
    size_t best = 0;
    for (size_t c = 1; c < k; c++)
        if (count[c] > count[best])
            best = c;
    return best;
}

/* A zeroed rows x k table of counts, or NULL. */
static size_t *counts_new(size_t rows, size_t k)
{
    size_t n;
    if (k && rows > SIZE_MAX / k)
        return NULL;
    n = rows * k;
    return clearn__calloc(n ? n : 1, sizeof(size_t));
}

/* The class attribute's number of categories, or 0 when data has no
 * nominal class. */
static size_t n_classes(const clearn_dataset *ds)
{
    if (ds->cls == CLEARN_NONE || ds->attrs[ds->cls].kind != CLEARN_NOMINAL)
        return 0;
    return ds->attrs[ds->cls].n_cats;
}

/* ---- zeror ------------------------------------------------------------ */

struct zeror {
    int laplace;        /* parameter */
    int regress;        /* fitted on a numeric class */
    size_t k;           /* classes (0 when regressing) */
    double *proba;      /* k class probabilities */
    double value;       /* the prediction: a class code or the mean */
};

static const clearn_param zeror_params[] = {
    {"laplace", CLEARN_PARAM_BOOL, offsetof(struct zeror, laplace), "false", 1, 0, NULL,
     "add 1 to each class count for the probabilities (as Weka's ZeroR)", 0},
};

static void zeror_destroy(void *st)
{
    struct zeror *m = st;
    clearn__free(m->proba);
    m->proba = NULL;
    m->k = 0;
    m->regress = 0;
    m->value = 0;
}

/* Mean of the class column; sums with Neumaier's compensation, and
 * divides first when the plain sum would overflow. */
static double class_mean(const clearn_dataset *ds)
{
    double s = 0, c = 0, nd = (double)ds->n;
    for (size_t i = 0; i < ds->n; i++) {
        double v = ds->x[i * ds->d + ds->cls], t = s + v;
        c += fabs(s) >= fabs(v) ? (s - t) + v : (v - t) + s;
        s = t;
    }
    if (isfinite(s))
        return (s + c) / nd;
    s = 0;
    for (size_t i = 0; i < ds->n; i++)
        s += ds->x[i * ds->d + ds->cls] / nd;
    return s;
}

static int zeror_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    struct zeror *m = st;
    size_t k = n_classes(train), *count;
    double add = m->laplace ? 1 : 0, total;
    zeror_destroy(m);
    if (train->attrs[train->cls].kind == CLEARN_NUMERIC) {
        m->regress = 1;
        m->value = class_mean(train);
        return CLEARN_OK;
    }
    if (!k)
        return clearn__error(err, CLEARN_EINVAL, "zeror: the class '%s' has no categories",
                             train->attrs[train->cls].name);
    count = counts_new(1, k);
    m->proba = clearn__mallocarray(k, sizeof *m->proba);
    if (!count || !m->proba) {
        clearn__free(count);
        zeror_destroy(m);
        return clearn__nomem(err);
    }
    for (size_t i = 0; i < train->n; i++)
        count[(size_t)train->x[i * train->d + train->cls]]++;
    total = (double)train->n + add * (double)k;
    for (size_t c = 0; c < k; c++)
        m->proba[c] = ((double)count[c] + add) / total;
    m->k = k;
    m->value = (double)argmax(count, k);
    clearn__free(count);
    return CLEARN_OK;
}

/* The data's class must have the categories the model was fitted on. */
static int zeror_check(const struct zeror *m, const clearn_dataset *x, clearn_error *err)
{
    if (!m->regress && n_classes(x) != m->k)
        return clearn__error(err, CLEARN_ESCHEMA,
                             "zeror: the model has %zu classes but the data's class has %zu",
                             m->k, n_classes(x));
    return CLEARN_OK;
}

static int zeror_predict(const void *st, const clearn_dataset *x, double *out,
                         clearn_error *err)
{
    const struct zeror *m = st;
    int rc = zeror_check(m, x, err);
    for (size_t i = 0; rc == CLEARN_OK && i < x->n; i++)
        out[i] = m->value;
    return rc;
}

static int zeror_predict_proba(const void *st, const clearn_dataset *x, double *out,
                               clearn_error *err)
{
    const struct zeror *m = st;
    int rc;
    if (m->regress)
        return clearn__error(err, CLEARN_EINVAL,
                             "zeror: no class probabilities for a numeric class");
    if ((rc = zeror_check(m, x, err)) != CLEARN_OK)
        return rc;
    for (size_t i = 0; i < x->n; i++)
        memcpy(out + i * m->k, m->proba, m->k * sizeof *out);
    return CLEARN_OK;
}

static int zeror_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct zeror *m = st;
    int rc = clearn_writer_int(w, "regress", m->regress, err);
    if (rc == CLEARN_OK && !m->regress)
        rc = clearn_writer_size(w, "classes", m->k, err);
    if (rc == CLEARN_OK && !m->regress)
        rc = clearn_writer_doubles(w, "proba", m->proba, m->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_double(w, "value", m->value, err);
    return rc;
}

/* The probabilities must be a distribution (up to rounding) and the
 * predicted class one of them. */
static int zeror_valid(const struct zeror *m, clearn_error *err)
{
    double sum = 0;
    if (m->regress)
        return isfinite(m->value) ? CLEARN_OK
               : clearn__error(err, CLEARN_ECORRUPT, "zeror model: the mean is not finite");
    for (size_t c = 0; c < m->k; c++) {
        if (!(m->proba[c] >= 0 && m->proba[c] <= 1))
            return clearn__error(err, CLEARN_ECORRUPT,
                                 "zeror model: probability %zu is not in [0, 1]", c);
        sum += m->proba[c];
    }
    if (fabs(sum - 1) > 1e-9)
        return clearn__error(err, CLEARN_ECORRUPT,
                             "zeror model: the probabilities sum to %g, not 1", sum);
    if (!(m->value >= 0 && m->value < (double)m->k) || m->value != floor(m->value))
        return clearn__error(err, CLEARN_ECORRUPT,
                             "zeror model: the predicted class is not one of the %zu classes",
                             m->k);
    return CLEARN_OK;
}

static int zeror_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct zeror *m = st;
    long regress;
    int rc;
    zeror_destroy(m);
    if ((rc = clearn_reader_int(r, "regress", &regress, err)) != CLEARN_OK)
        return rc;
    if (regress != 0 && regress != 1)
        return clearn__error(err, CLEARN_ECORRUPT, "zeror model: 'regress' is %ld, not 0 or 1",
                             regress);
    m->regress = (int)regress;
    if (!m->regress) {
        size_t k;
        if ((rc = clearn_reader_size(r, "classes", &k, err)) != CLEARN_OK)
            return rc;
        if (!k)
            return clearn__error(err, CLEARN_ECORRUPT, "zeror model: no classes");
        if (!(m->proba = clearn__mallocarray(k, sizeof *m->proba)))
            return clearn__nomem(err);
        m->k = k;
        if ((rc = clearn_reader_doubles(r, "proba", m->proba, k, err)) != CLEARN_OK)
            return rc;
    }
    if ((rc = clearn_reader_double(r, "value", &m->value, err)) != CLEARN_OK)
        return rc;
    return zeror_valid(m, err);
}

static int zeror_print(const void *st, const clearn_dataset *schema, FILE *out,
                       clearn_error *err)
{
    const struct zeror *m = st;
    char num[CLEARN__DBL_BUF];
    const char *name = num;
    int rc = zeror_check(m, schema, err);
    if (rc != CLEARN_OK)
        return rc;
    if (m->regress)
        clearn__format_java_double(m->value, num);
    else
        name = schema->attrs[schema->cls].cats[(size_t)m->value];
    if (fprintf(out, "ZeroR predicts class value: %s\n", name) < 0)
        return clearn__error(err, CLEARN_EIO, "zeror: cannot write the model");
    return CLEARN_OK;
}

/* ---- oner ------------------------------------------------------------- */

/* A rule on one attribute. */
struct rule {
    size_t attr;            /* the attribute tested */
    int numeric;            /* its kind */
    size_t n;               /* branches: the categories, or numeric buckets */
    size_t *cls;            /* the class of each branch */
    double *breaks;         /* numeric: n - 1 bounds; bucket b < n - 1 holds
                             * the values below breaks[b] (and not below
                             * breaks[b - 1]) */
    int has_missing;        /* training saw missing values of attr */
    size_t missing_cls;     /* the class of missing and unseen values */
    size_t correct;         /* training rows the rule gets right */
};

struct oner {
    long min_bucket;        /* parameter */
    struct rule r;
    size_t k;               /* classes */
    size_t total;           /* training rows */
};

static const clearn_param oner_params[] = {
    {"min_bucket", CLEARN_PARAM_INT, offsetof(struct oner, min_bucket), "6", 1, 1e9, NULL,
     "fewest rows of the majority class in an interval of a numeric attribute (Weka's -B)", 0},
};

/* A known value and the class of its row. */
struct point {
    double v;
    size_t c;
};

/* Counts shared by the attributes while fitting. */
struct scratch {
    size_t k;
    size_t *all;            /* class counts over every row */
    size_t *miss;           /* class counts of the rows missing the attribute */
    size_t *cur;            /* class counts of the bucket being filled */
    size_t *grp;            /* class counts of one value's rows */
    struct point *pts;      /* the known values of a numeric attribute */
};

static void rule_clear(struct rule *r)
{
    clearn__free(r->cls);
    clearn__free(r->breaks);
    memset(r, 0, sizeof *r);
}

/* The missing branch: the majority class of the rows missing the value,
 * or of all rows when none is missing. */
static void missing_branch(struct rule *r, const struct scratch *s)
{
    size_t n = 0;
    for (size_t c = 0; c < s->k; c++)
        n += s->miss[c];
    r->has_missing = n > 0;
    r->missing_cls = argmax(n ? s->miss : s->all, s->k);
    if (n)
        r->correct += s->miss[r->missing_cls];
}

/* One branch per category; a category without training rows gets the
 * first class, as in Weka. */
static int nominal_rule(const clearn_dataset *ds, size_t j, struct scratch *s, struct rule *r,
                        clearn_error *err)
{
    size_t ncat = ds->attrs[j].n_cats, k = s->k, *count = counts_new(ncat, k);
    r->attr = j;
    r->n = ncat;
    r->cls = clearn__mallocarray(ncat ? ncat : 1, sizeof *r->cls);
    if (!count || !r->cls) {
        clearn__free(count);
        rule_clear(r);
        return clearn__nomem(err);
    }
    memset(s->miss, 0, k * sizeof *s->miss);
    for (size_t i = 0; i < ds->n; i++) {
        double v = ds->x[i * ds->d + j];
        size_t c = (size_t)ds->x[i * ds->d + ds->cls];
        if (isnan(v))
            s->miss[c]++;
        else
            count[(size_t)v * k + c]++;
    }
    for (size_t v = 0; v < ncat; v++) {
        r->cls[v] = argmax(count + v * k, k);
        r->correct += count[v * k + r->cls[v]];
    }
    missing_branch(r, s);
    clearn__free(count);
    return CLEARN_OK;
}

static int point_cmp(const void *a, const void *b)
{
    const struct point *p = a, *q = b;
    return (p->v > q->v) - (p->v < q->v);
}

/* The bound between adjacent distinct values a < b: their midpoint, as in
 * Weka, unless rounding makes it a (then a would fall in the upper bucket). */
static double midpoint(double a, double b)
{
    double m = (a + b) / 2;
    if (!isfinite(m))
        m = a / 2 + b / 2;
    return m > a ? m : b;
}

/* Gives back the unused tail of an array (keeping it if that fails). */
static void *shrink(void *p, size_t n, size_t size)
{
    void *q = clearn__reallocarray(p, n ? n : 1, size);
    return q ? q : p;
}

/* Adds the group of equal values starting at pts[i] to count, keeping *best
 * its most frequent class (ties: the lowest code); returns the group's end. */
static size_t add_group(const struct point *pts, size_t i, size_t m, size_t *count, size_t *best)
{
    size_t j = i;
    for (; j < m && pts[j].v == pts[i].v; j++) {
        size_t c = pts[j].c;
        count[c]++;
        if (count[c] > count[*best] || (count[c] == count[*best] && c < *best))
            *best = c;
    }
    return j;
}

/* Sets count[c] = 0 for the classes of pts[i..j). */
static void clear_counts(const struct point *pts, size_t i, size_t j, size_t *count)
{
    for (; i < j; i++)
        count[pts[i].c] = 0;
}

/* Weka's discretisation, on the rows sorted by value and taken a value at a
 * time (rows with equal values are never split): a bucket takes values
 * until its majority class (ties: the lowest code) has min_bucket rows,
 * then every following value whose own majority is that class. A bucket
 * predicts its majority and merges with the previous bucket when they
 * predict the same. Bounds are midpoints. Leaves r->n = 0 when the
 * attribute has no known value (Weka skips those). */
static int numeric_rule(const clearn_dataset *ds, size_t j, size_t min_bucket, struct scratch *s,
                        struct rule *r, clearn_error *err)
{
    size_t m = 0, i = 0, nb = 0;
    struct point *pts = s->pts;
    r->attr = j;
    r->numeric = 1;
    memset(s->miss, 0, s->k * sizeof *s->miss);
    for (size_t row = 0; row < ds->n; row++) {
        double v = ds->x[row * ds->d + j];
        size_t c = (size_t)ds->x[row * ds->d + ds->cls];
        if (isnan(v))
            s->miss[c]++;
        else
            pts[m++] = (struct point){v, c};
    }
    if (!m)
        return CLEARN_OK;
    qsort(pts, m, sizeof *pts, point_cmp);
    r->cls = clearn__mallocarray(m, sizeof *r->cls);
    r->breaks = clearn__mallocarray(m, sizeof *r->breaks);
    if (!r->cls || !r->breaks) {
        rule_clear(r);
        return clearn__nomem(err);
    }
    while (i < m) {
        size_t start = i, best = pts[i].c, cl;
        do
            i = add_group(pts, i, m, s->cur, &best);
        while (s->cur[best] < min_bucket && i < m);
        cl = best;
        while (i < m) {
            size_t gbest = pts[i].c, end = add_group(pts, i, m, s->grp, &gbest);
            clear_counts(pts, i, end, s->grp);
            if (gbest != cl)
                break;
            i = add_group(pts, i, m, s->cur, &best);
        }
        if (nb && r->cls[nb - 1] == best)
            nb--;
        r->cls[nb] = best;
        if (i < m)
            r->breaks[nb] = midpoint(pts[i - 1].v, pts[i].v);
        nb++;
        r->correct += s->cur[best];
        clear_counts(pts, start, i, s->cur);
    }
    r->n = nb;
    r->cls = shrink(r->cls, nb, sizeof *r->cls);
    r->breaks = shrink(r->breaks, nb - 1, sizeof *r->breaks);
    missing_branch(r, s);
    return CLEARN_OK;
}

static void oner_destroy(void *st)
{
    struct oner *m = st;
    rule_clear(&m->r);
    m->k = m->total = 0;
}

static void scratch_free(struct scratch *s)
{
    clearn__free(s->all);
    clearn__free(s->miss);
    clearn__free(s->cur);
    clearn__free(s->grp);
    clearn__free(s->pts);
}

/* Builds each attribute's rule in turn, keeping the best so far. */
static int best_rule(const clearn_dataset *ds, size_t min_bucket, struct scratch *s,
                     struct rule *best, clearn_error *err)
{
    int have = 0;
    for (size_t j = 0; j < ds->d; j++) {
        struct rule cand;
        int rc;
        if (j == ds->cls)
            continue;
        memset(&cand, 0, sizeof cand);
        rc = ds->attrs[j].kind == CLEARN_NUMERIC ? numeric_rule(ds, j, min_bucket, s, &cand, err)
                                                 : nominal_rule(ds, j, s, &cand, err);
        if (rc != CLEARN_OK)
            return rc;
        if (cand.numeric && !cand.n) {
            rule_clear(&cand);
        } else if (!have || cand.correct > best->correct) {
            rule_clear(best);
            *best = cand;
            have = 1;
        } else {
            rule_clear(&cand);
        }
    }
    if (!have)
        return clearn__error(err, CLEARN_EINVAL, "oner: %s",
                             ds->d < 2 ? "the data has no attribute besides the class"
                                       : "no attribute to build a rule from: every attribute "
                                         "besides the class is numeric and missing in every row");
    return CLEARN_OK;
}

static int oner_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    struct oner *m = st;
    struct scratch s;
    struct rule best;
    int rc;
    oner_destroy(m);
    memset(&best, 0, sizeof best);
    s.k = n_classes(train);
    if (!s.k)
        return clearn__error(err, CLEARN_EINVAL, "oner: the class '%s' has no categories",
                             train->attrs[train->cls].name);
    s.all = counts_new(1, s.k);
    s.miss = counts_new(1, s.k);
    s.cur = counts_new(1, s.k);
    s.grp = counts_new(1, s.k);
    s.pts = clearn__mallocarray(train->n, sizeof *s.pts);
    if (!s.all || !s.miss || !s.cur || !s.grp || !s.pts) {
        scratch_free(&s);
        return clearn__nomem(err);
    }
    for (size_t i = 0; i < train->n; i++)
        s.all[(size_t)train->x[i * train->d + train->cls]]++;
    rc = best_rule(train, (size_t)m->min_bucket, &s, &best, err);
    scratch_free(&s);
    if (rc != CLEARN_OK) {
        rule_clear(&best);
        return rc;
    }
    m->r = best;
    m->k = s.k;
    m->total = train->n;
    return CLEARN_OK;
}

/* The data must have the rule's attribute, of its kind and with as many
 * categories, and the model's classes (only a doctored model file fails
 * this: predict conforms the data to the training schema first). */
static int oner_check(const struct oner *m, const clearn_dataset *x, clearn_error *err)
{
    const struct rule *r = &m->r;
    if (r->attr >= x->d || r->attr == x->cls ||
        (x->attrs[r->attr].kind == CLEARN_NUMERIC) != r->numeric ||
        (!r->numeric && x->attrs[r->attr].n_cats != r->n))
        return clearn__error(err, CLEARN_ESCHEMA,
                             "oner: the model's rule on attribute %zu (%s) does not fit the "
                             "data's attributes", r->attr + 1, r->numeric ? "numeric" : "nominal");
    if (n_classes(x) != m->k)
        return clearn__error(err, CLEARN_ESCHEMA,
                             "oner: the model has %zu classes but the data's class has %zu",
                             m->k, n_classes(x));
    return CLEARN_OK;
}

/* The class the rule gives value v. */
static size_t rule_apply(const struct rule *r, double v)
{
    size_t lo = 0, hi;
    if (isnan(v))
        return r->missing_cls;
    if (!r->numeric)
        return v >= 0 && v < (double)r->n ? r->cls[(size_t)v] : r->missing_cls;
    hi = r->n - 1;  /* the last bucket has no upper bound */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v < r->breaks[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return r->cls[lo];
}

static int oner_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    const struct oner *m = st;
    int rc = oner_check(m, x, err);
    for (size_t i = 0; rc == CLEARN_OK && i < x->n; i++)
        out[i] = (double)rule_apply(&m->r, x->x[i * x->d + m->r.attr]);
    return rc;
}

/* One-hot, as Weka's OneR gives. */
static int oner_predict_proba(const void *st, const clearn_dataset *x, double *out,
                              clearn_error *err)
{
    const struct oner *m = st;
    int rc = oner_check(m, x, err);
    for (size_t i = 0; rc == CLEARN_OK && i < x->n; i++) {
        double *p = out + i * m->k;
        for (size_t c = 0; c < m->k; c++)
            p[c] = 0;
        p[rule_apply(&m->r, x->x[i * x->d + m->r.attr])] = 1;
    }
    return rc;
}

static int oner_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct oner *m = st;
    const struct rule *r = &m->r;
    int rc = clearn_writer_size(w, "attribute", r->attr, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "numeric", r->numeric, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "classes", m->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "rows", m->total, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "correct", r->correct, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "branches", r->n, err);
    for (size_t b = 0; rc == CLEARN_OK && b < r->n; b++)
        rc = clearn_writer_size(w, "class", r->cls[b], err);
    if (rc == CLEARN_OK && r->numeric)
        rc = clearn_writer_doubles(w, "breaks", r->breaks, r->n - 1, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "has_missing", r->has_missing, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "missing", r->missing_cls, err);
    return rc;
}

static int read_flag(clearn_reader *r, const char *key, int *v, clearn_error *err)
{
    long x;
    int rc = clearn_reader_int(r, key, &x, err);
    if (rc == CLEARN_OK && x != 0 && x != 1)
        return clearn__error(err, CLEARN_ECORRUPT, "oner model: '%s' is %ld, not 0 or 1", key, x);
    if (rc == CLEARN_OK)
        *v = (int)x;
    return rc;
}

static int read_class(clearn_reader *r, const char *key, size_t k, size_t *c, clearn_error *err)
{
    int rc = clearn_reader_size(r, key, c, err);
    if (rc == CLEARN_OK && *c >= k)
        return clearn__error(err, CLEARN_ECORRUPT,
                             "oner model: '%s' is class %zu but there are %zu classes", key, *c, k);
    return rc;
}

/* The branch classes, one line each; the array grows as lines are read so
 * that a doctored count cannot ask for a huge allocation up front. */
static int read_branches(clearn_reader *rd, struct rule *r, size_t k, clearn_error *err)
{
    size_t cap = 0;
    for (size_t b = 0; b < r->n; b++) {
        int rc;
        if (b == cap) {
            size_t *grown;
            cap = cap ? (cap < r->n / 2 ? 2 * cap : r->n) : (r->n < 16 ? r->n : 16);
            if (!(grown = clearn__reallocarray(r->cls, cap, sizeof *grown)))
                return clearn__nomem(err);
            r->cls = grown;
        }
        if ((rc = read_class(rd, "class", k, &r->cls[b], err)) != CLEARN_OK)
            return rc;
    }
    return CLEARN_OK;
}

/* Numeric bounds must be finite and increasing. */
static int read_breaks(clearn_reader *rd, struct rule *r, clearn_error *err)
{
    int rc;
    if (!(r->breaks = clearn__mallocarray(r->n - 1 ? r->n - 1 : 1, sizeof *r->breaks)))
        return clearn__nomem(err);
    if ((rc = clearn_reader_doubles(rd, "breaks", r->breaks, r->n - 1, err)) != CLEARN_OK)
        return rc;
    for (size_t b = 0; b + 1 < r->n; b++)
        if (!isfinite(r->breaks[b]) || (b && !(r->breaks[b] > r->breaks[b - 1])))
            return clearn__error(err, CLEARN_ECORRUPT,
                                 "oner model: bound %zu is not finite and above the previous one",
                                 b + 1);
    return CLEARN_OK;
}

static int oner_load_rule(clearn_reader *rd, struct oner *m, clearn_error *err)
{
    struct rule *r = &m->r;
    int rc = clearn_reader_size(rd, "attribute", &r->attr, err);
    if (rc == CLEARN_OK)
        rc = read_flag(rd, "numeric", &r->numeric, err);
    if (rc == CLEARN_OK && (rc = clearn_reader_size(rd, "classes", &m->k, err)) == CLEARN_OK &&
        !m->k)
        rc = clearn__error(err, CLEARN_ECORRUPT, "oner model: no classes");
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(rd, "rows", &m->total, err);
    if (rc == CLEARN_OK && (rc = clearn_reader_size(rd, "correct", &r->correct, err)) == CLEARN_OK &&
        r->correct > m->total)
        rc = clearn__error(err, CLEARN_ECORRUPT, "oner model: %zu of %zu rows correct",
                           r->correct, m->total);
    if (rc == CLEARN_OK && (rc = clearn_reader_size(rd, "branches", &r->n, err)) == CLEARN_OK &&
        r->numeric && !r->n)
        rc = clearn__error(err, CLEARN_ECORRUPT, "oner model: a numeric rule without buckets");
    if (rc == CLEARN_OK)
        rc = read_branches(rd, r, m->k, err);
    if (rc == CLEARN_OK && r->numeric)
        rc = read_breaks(rd, r, err);
    if (rc == CLEARN_OK)
        rc = read_flag(rd, "has_missing", &r->has_missing, err);
    if (rc == CLEARN_OK)
        rc = read_class(rd, "missing", m->k, &r->missing_cls, err);
    return rc;
}

static int oner_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct oner *m = st;
    int rc;
    oner_destroy(m);
    if ((rc = oner_load_rule(r, m, err)) != CLEARN_OK)
        oner_destroy(m);
    return rc;
}

/* Weka's text for the rule, e.g. "outlook:\n\tsunny\t-> no\n...
 * (10/14 instances correct)\n"; numeric buckets print as "< 72.5",
 * ">= 72.5", a single one as "not ?". */
static int oner_print(const void *st, const clearn_dataset *schema, FILE *out,
                      clearn_error *err)
{
    const struct oner *m = st;
    const struct rule *r = &m->r;
    const struct clearn__attr *a, *y;
    char num[CLEARN__DBL_BUF];
    int ok, rc = oner_check(m, schema, err);
    if (rc != CLEARN_OK)
        return rc;
    a = &schema->attrs[r->attr];
    y = &schema->attrs[schema->cls];
    ok = fprintf(out, "%s:\n", a->name) >= 0;
    for (size_t b = 0; ok && b < r->n; b++) {
        if (!r->numeric)
            ok = fprintf(out, "\t%s\t-> %s\n", a->cats[b], y->cats[r->cls[b]]) >= 0;
        else if (r->n == 1)
            ok = fprintf(out, "\tnot ?\t-> %s\n", y->cats[r->cls[b]]) >= 0;
        else {
            clearn__format_java_double(r->breaks[b + 1 < r->n ? b : b - 1], num);
            ok = fprintf(out, "\t%s %s\t-> %s\n", b + 1 < r->n ? "<" : ">=", num,
                         y->cats[r->cls[b]]) >= 0;
        }
    }
    if (ok && r->has_missing)
        ok = fprintf(out, "\t?\t-> %s\n", y->cats[r->missing_cls]) >= 0;
    if (ok)
        ok = fprintf(out, "(%zu/%zu instances correct)\n", r->correct, m->total) >= 0;
    return ok ? CLEARN_OK : clearn__error(err, CLEARN_EIO, "oner: cannot write the model");
}

/* ---- the types ----------------------------------------------------------- */

const clearn_estimator_type clearn__zeror_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "zeror",
    .summary = "majority class or mean of the class (Weka's ZeroR)",
    .tasks = CLEARN_CLASSIFY | CLEARN_REGRESS,
    .params = zeror_params,
    .n_params = sizeof zeror_params / sizeof *zeror_params,
    .state_size = sizeof(struct zeror),
    .fit = zeror_fit,
    .predict = zeror_predict,
    .predict_proba = zeror_predict_proba,
    .save = zeror_save,
    .load = zeror_load,
    .destroy = zeror_destroy,
    .print = zeror_print,
};

const clearn_estimator_type clearn__oner_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "oner",
    .summary = "one-attribute rule (Holte's 1R, as Weka's OneR)",
    .tasks = CLEARN_CLASSIFY,
    .params = oner_params,
    .n_params = sizeof oner_params / sizeof *oner_params,
    .state_size = sizeof(struct oner),
    .fit = oner_fit,
    .predict = oner_predict,
    .predict_proba = oner_predict_proba,
    .save = oner_save,
    .load = oner_load,
    .destroy = oner_destroy,
    .print = oner_print,
};
