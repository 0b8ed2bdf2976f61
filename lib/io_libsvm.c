/* clearn — LIBSVM / svmlight reader and writer.
 *
 * A line is `label index:value index:value ... [# comment]` with 1-based,
 * strictly increasing indices; blank lines and comment lines are skipped.
 * An svmlight query id (`qid:N` before the first feature) is accepted and
 * ignored. Features are named f1..fN and read as numbers (absent ones are 0);
 * the label becomes the last attribute, "class". Rows are kept as sparse
 * (index, value) pairs while reading, so memory stays proportional to the
 * file until the dense table is built at the end. */
#include "config.h"
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* ---- reading ------------------------------------------------------------------ */

struct svm {
    clearn__lines in;
    const char *name;
    clearn_error *err;
    size_t n_features;  /* from the options; 0: as many as the file uses */
    double *labels;     /* n */
    size_t *start;      /* row i's pairs are start[i] .. start[i+1]-1 */
    size_t n, cap_rows;
    uint32_t *idx;      /* 1-based feature indices */
    double *val;
    size_t nnz, cap_nnz;
    size_t max_idx;
    int all_int;        /* every label so far is an integer */
};

static int perr(struct svm *p, size_t col, const char *fmt, ...) CLEARN__PRINTF(3, 4);

static int perr(struct svm *p, size_t col, const char *fmt, ...)
{
    char msg[CLEARN_ERROR_TEXT_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return clearn__parse_error(p->err, p->name, p->in.lineno, col, "%s", msg);
}

static int shown(size_t len)
{
    return len > 60 ? 60 : (int)len;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Grows an array to hold `need` elements (doubling). */
static int grow(void **a, size_t *cap, size_t need, size_t size)
{
    size_t ncap = *cap ? *cap : 64;
    void *na;
    if (need <= *cap)
        return CLEARN_OK;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return CLEARN_ENOMEM;
        ncap *= 2;
    }
    if (!(na = clearn__reallocarray(*a, ncap, size)))
        return CLEARN_ENOMEM;
    *a = na;
    *cap = ncap;
    return CLEARN_OK;
}

/* Room for one more row (labels and start share cap_rows; start needs one
 * extra slot for the end of the last row). */
static int push_row(struct svm *p, double label)
{
    size_t cap = p->cap_rows;
    if (p->n + 2 > cap) {
        size_t c2 = cap;
        if (grow((void **)&p->labels, &cap, p->n + 2, sizeof *p->labels) != CLEARN_OK ||
            grow((void **)&p->start, &c2, p->n + 2, sizeof *p->start) != CLEARN_OK)
            return clearn__nomem(p->err);
        p->cap_rows = cap < c2 ? cap : c2;
    }
    p->labels[p->n] = label;
    p->start[p->n] = p->nnz;
    p->start[p->n + 1] = p->nnz;
    return CLEARN_OK;
}

static int push_pair(struct svm *p, size_t index, double v)
{
    if (p->nnz == p->cap_nnz) {
        size_t cap = p->cap_nnz, c2 = cap;
        if (grow((void **)&p->idx, &cap, p->nnz + 1, sizeof *p->idx) != CLEARN_OK ||
            grow((void **)&p->val, &c2, p->nnz + 1, sizeof *p->val) != CLEARN_OK)
            return clearn__nomem(p->err);
        p->cap_nnz = cap < c2 ? cap : c2;
    }
    p->idx[p->nnz] = (uint32_t)index;
    p->val[p->nnz++] = v;
    if (index > p->max_idx)
        p->max_idx = index;
    return CLEARN_OK;
}

/* Parses the index of an index:value token; *index is 0 for "qid". */
static int parse_index(struct svm *p, const char *s, size_t len, size_t col, size_t prev,
                       size_t *index)
{
    size_t v = 0;
    if (len == 3 && memcmp(s, "qid", 3) == 0 && prev == 0) {
        *index = 0;
        return CLEARN_OK;
    }
    if (len == 0)
        return perr(p, col, "missing feature index before ':'");
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return perr(p, col, "'%.*s' is not a feature index (expected a positive integer)",
                        shown(len), s);
        v = v > INT_MAX ? v : v * 10 + (size_t)(s[i] - '0');
    }
    if (v == 0)
        return perr(p, col, "feature index 0: indices start at 1");
    if (v > INT_MAX)
        return perr(p, col, "feature index %.*s is too large (at most %d)", shown(len), s,
                    INT_MAX);
    if (p->n_features && v > p->n_features)
        return perr(p, col, "feature index %zu exceeds the number of features (%zu)", v,
                    p->n_features);
    if (v <= prev)
        return perr(p, col, "feature index %zu is not greater than the previous one (%zu): "
                    "indices must increase", v, prev);
    *index = v;
    return CLEARN_OK;
}

/* One index:value token at s[0..len), column col. */
static int parse_pair(struct svm *p, const char *s, size_t len, size_t col, size_t *prev)
{
    const char *colon = memchr(s, ':', len);
    size_t k, index = 0;
    double v;
    int rc;
    if (!colon)
        return perr(p, col, "missing ':' in '%.*s' (expected index:value)", shown(len), s);
    k = (size_t)(colon - s);
    if ((rc = parse_index(p, s, k, col, *prev, &index)) != CLEARN_OK)
        return rc;
    if (!clearn__parse_double(colon + 1, len - k - 1, &v))
        return perr(p, col + k + 1, "'%.*s' is not a number (the value of %.*s)",
                    shown(len - k - 1), colon + 1, shown(k), s);
    if (index == 0)   /* svmlight query id: not a feature */
        return CLEARN_OK;
    *prev = index;
    return push_pair(p, index, v);
}

/* Parses the current line into a row (blank and comment lines add none). */
static int parse_line(struct svm *p)
{
    const char *s = p->in.buf, *hash = memchr(s, '#', p->in.len);
    size_t len = hash ? (size_t)(hash - s) : p->in.len, i = 0, prev = 0;
    double label = 0;
    int rc;
    while (i < len && is_blank(s[i]))
        i++;
    if (i == len)
        return CLEARN_OK;
    for (int first = 1; i < len; first = 0) {
        size_t e = i;
        while (e < len && !is_blank(s[e]))
            e++;
        if (!first)
            rc = parse_pair(p, s + i, e - i, i + 1, &prev);
        else if (!clearn__parse_double(s + i, e - i, &label))
            rc = perr(p, i + 1, "the label '%.*s' is not a number", shown(e - i), s + i);
        else
            rc = push_row(p, label);
        if (rc != CLEARN_OK)
            return rc;
        for (i = e; i < len && is_blank(s[i]); i++)
            ;
    }
    if (label != floor(label))
        p->all_int = 0;
    p->n++;
    p->start[p->n] = p->nnz;
    return CLEARN_OK;
}

/* ---- building the dataset -------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Distinct values, sorted, with their names (shortest round-trip text). */
struct cats {
    double *v;
    size_t k;
    char (*text)[CLEARN__DBL_BUF];
    const char **names;
};

static void cats_free(struct cats *c)
{
    clearn__free(c->v);
    clearn__free(c->text);
    clearn__free(c->names);
}

/* Builds the categories of the m values in vals (which it takes over). */
static int cats_make(struct cats *c, double *vals, size_t m, clearn_error *err)
{
    size_t k = 0;
    memset(c, 0, sizeof *c);
    c->v = vals;
    for (size_t i = 0; i < m; i++)
        if (vals[i] == 0)
            vals[i] = 0.0;   /* -0 and 0 are one category, "0" */
    qsort(vals, m, sizeof *vals, cmp_double);
    for (size_t i = 0; i < m; i++)
        if (k == 0 || vals[i] != vals[k - 1])
            vals[k++] = vals[i];
    c->k = k;
    c->text = clearn__mallocarray(k ? k : 1, sizeof *c->text);
    c->names = clearn__mallocarray(k ? k : 1, sizeof *c->names);
    if (!c->text || !c->names)
        return clearn__nomem(err);
    for (size_t i = 0; i < k; i++) {
        clearn__format_double(vals[i], c->text[i]);
        c->names[i] = c->text[i];
    }
    return CLEARN_OK;
}

static double cats_code(const struct cats *c, double v)
{
    const double *hit = bsearch(&v, c->v, c->k, sizeof v, cmp_double);
    return (double)(size_t)(hit - c->v);
}

/* Value of feature `index` in row i (0 when absent). */
static double feature(const struct svm *p, size_t i, size_t index)
{
    size_t lo = p->start[i], hi = p->start[i + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->idx[mid] == index)
            return p->val[mid];
        if (p->idx[mid] < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0.0;
}

/* K when name is "fK" with 1 <= K <= nf, "class" gives nf + 1; else 0. */
static size_t attr_number(const char *name, size_t nf)
{
    size_t k = 0;
    if (!name)
        return 0;
    if (strcmp(name, "class") == 0)
        return nf + 1;
    if (name[0] != 'f' || name[1] < '1' || name[1] > '9')
        return 0;
    for (const char *s = name + 1; *s; s++) {
        if (*s < '0' || *s > '9' || k > nf)
            return 0;
        k = k * 10 + (size_t)(*s - '0');
    }
    return k <= nf ? k : 0;
}

/* Is name (from the options) in list? */
static int listed(const char *const *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] && strcmp(list[i], name) == 0)
            return 1;
    return 0;
}

/* The attributes that are nominal, as numbers 1..nf (features) and nf + 1
 * (the class), increasing: those the options force, and the class when
 * every label is an integer unless the options force it numeric. */
static int nominal_attrs(struct svm *p, const clearn_read_options *opt, size_t nf,
                         size_t *nom, size_t *n_nom)
{
    size_t m = 0, cls = nf + 1;
    int class_set = 0;
    for (size_t i = 0; i < opt->n_nominal; i++) {
        size_t k = attr_number(opt->nominal[i], nf);
        if (!k)
            continue;
        if (listed(opt->numeric, opt->n_numeric, opt->nominal[i]))
            return clearn__error(p->err, CLEARN_EINVAL, "attribute '%s' is listed as both "
                                 "nominal and numeric", opt->nominal[i]);
        if (!listed(opt->nominal, i, opt->nominal[i]))
            nom[m++] = k;
        class_set |= k == cls;
    }
    if (!class_set && p->all_int && !listed(opt->numeric, opt->n_numeric, "class"))
        nom[m++] = cls;
    qsort(nom, m, sizeof *nom, cmp_size);
    *n_nom = m;
    return CLEARN_OK;
}

/* The categories of nominal attribute k (1..nf + 1). */
static int attr_cats(struct svm *p, size_t k, size_t nf, struct cats *c)
{
    double *vals = clearn__mallocarray(p->n, sizeof *vals);
    if (!vals)
        return clearn__nomem(p->err);
    for (size_t i = 0; i < p->n; i++)
        vals[i] = k > nf ? p->labels[i] : feature(p, i, k);
    return cats_make(c, vals, p->n, p->err);
}

/* The dense n x (nf + 1) table, class last; nominal columns as codes. */
static double *dense(const struct svm *p, size_t nf, const struct cats *cats,
                     const size_t *nom, size_t n_nom)
{
    size_t d = nf + 1;
    double *x = clearn__mallocarray(p->n, d * sizeof *x);
    if (!x)
        return NULL;
    for (size_t i = 0; i < p->n; i++) {
        double *row = x + i * d;
        for (size_t j = 0; j < nf; j++)
            row[j] = 0.0;
        for (size_t t = p->start[i]; t < p->start[i + 1]; t++)
            row[p->idx[t] - 1] = p->val[t];
        row[nf] = p->labels[i];
        for (size_t t = 0; t < n_nom; t++)
            row[nom[t] - 1] = cats_code(&cats[t], row[nom[t] - 1]);
    }
    return x;
}

/* Adds the attributes f1..fN and class to ds. */
static int add_attrs(struct svm *p, clearn_dataset *ds, size_t nf, const struct cats *cats,
                     const size_t *nom, size_t n_nom)
{
    int rc = CLEARN_OK;
    for (size_t k = 1, t = 0; k <= nf + 1 && rc == CLEARN_OK; k++) {
        char name[32];
        if (k > nf)
            snprintf(name, sizeof name, "class");
        else
            snprintf(name, sizeof name, "f%zu", k);
        if (t < n_nom && nom[t] == k) {
            rc = clearn_dataset_add_nominal(ds, name, cats[t].names, cats[t].k, NULL, p->err);
            t++;
        } else {
            rc = clearn_dataset_add_numeric(ds, name, NULL, p->err);
        }
    }
    return rc;
}

/* Datasets are dense, so a short line naming feature 2000000000 would ask
 * for gigabytes. The memory needed (the table, and about 128 bytes per
 * attribute) is refused when it is over 256 MiB and over 64 times what the
 * values read would take densely. */
static int too_sparse(struct svm *p, size_t nf)
{
    double bytes = 8.0 * (double)p->n * ((double)nf + 1) + 128.0 * (double)nf;
    double input = 8.0 * (double)(p->nnz + p->n);
    if (bytes <= 256.0 * 1024 * 1024 || bytes <= 64 * input)
        return 0;
    clearn__error(p->err, CLEARN_ERANGE, "%s: %zu rows of %zu features would take %.0f MB as a "
                  "dense table for %zu non-zero values: too sparse for clearn (check the "
                  "feature indices or n_features)", p->name, p->n, nf, bytes / 1e6, p->nnz);
    return 1;
}

/* The dense table is allocated before the attributes are made, so that an
 * absurd feature count fails fast. */
static clearn_dataset *build(struct svm *p, const clearn_read_options *opt)
{
    size_t nf = p->n_features ? p->n_features : p->max_idx, *nom, n_nom = 0;
    struct cats *cats = NULL;
    clearn_dataset *ds = NULL;
    double *x = NULL;
    int rc = CLEARN_OK;
    if (too_sparse(p, nf))
        return NULL;
    if (!(nom = clearn__mallocarray(opt->n_nominal + 1, sizeof *nom)) ||
        !(cats = clearn__calloc(opt->n_nominal + 1, sizeof *cats)))
        rc = clearn__nomem(p->err);
    if (rc == CLEARN_OK)
        rc = nominal_attrs(p, opt, nf, nom, &n_nom);
    for (size_t t = 0; t < n_nom && rc == CLEARN_OK; t++)
        rc = attr_cats(p, nom[t], nf, &cats[t]);
    if (rc == CLEARN_OK && !(x = dense(p, nf, cats, nom, n_nom)))
        rc = clearn__nomem(p->err);
    if (rc == CLEARN_OK && !(ds = clearn_dataset_new(NULL, p->err)))
        rc = CLEARN_ENOMEM;
    if (rc == CLEARN_OK && (rc = add_attrs(p, ds, nf, cats, nom, n_nom)) == CLEARN_OK) {
        clearn__dataset_adopt(ds, x, p->n, p->n);
        x = NULL;
    }
    if (rc != CLEARN_OK) {
        clearn_dataset_free(ds);
        ds = NULL;
    }
    for (size_t t = 0; cats && t <= opt->n_nominal; t++)
        cats_free(&cats[t]);
    clearn__free(cats);
    clearn__free(nom);
    clearn__free(x);
    return ds;
}

clearn_dataset *clearn__read_libsvm(FILE *f, const char *name,
                                    const clearn_read_options *opt, clearn_error *err)
{
    struct svm *p = clearn__calloc(1, sizeof *p);
    clearn_dataset *ds = NULL;
    int rc;
    if (!p) {
        clearn__nomem(err);
        return NULL;
    }
    p->in.f = f;
    p->name = name ? name : "-";
    p->err = err;
    p->n_features = opt->n_features;
    p->all_int = 1;
    while ((rc = clearn__lines_next(&p->in, p->name, err)) > 0)
        if (parse_line(p) != CLEARN_OK)
            break;
    if (rc == 0 && p->n == 0)
        clearn__parse_error(err, p->name, p->in.lineno ? p->in.lineno : 1, 1,
                            "no data rows (expected lines of 'label index:value ...')");
    else if (rc == 0)
        ds = build(p, opt);
    clearn__free(p->labels);
    clearn__free(p->start);
    clearn__free(p->idx);
    clearn__free(p->val);
    clearn__free(p->in.buf);
    clearn__free(p);
    return ds;
}

/* ---- writing ---------------------------------------------------------------------- */

/* Refuses missing values before anything is written. */
static int check_complete(const clearn_dataset *ds, clearn_error *err)
{
    for (size_t i = 0; i < ds->n; i++)
        for (size_t j = 0; j < ds->d; j++)
            if (isnan(ds->x[i * ds->d + j]))
                return clearn__error(err, CLEARN_EINVAL, "row %zu, attribute '%s': missing "
                                     "value (the LIBSVM format has none; impute or drop it)",
                                     i + 1, ds->attrs[j].name);
    return CLEARN_OK;
}

/* The label: a nominal class's category name when it is a number, else its
 * code; a numeric class's value. */
static int put_label(const clearn_dataset *ds, double v, FILE *f)
{
    const struct clearn__attr *a = &ds->attrs[ds->cls];
    char buf[CLEARN__DBL_BUF];
    size_t k;
    if (a->kind == CLEARN_NOMINAL && v >= 0 && v < (double)a->n_cats) {
        const char *cat = a->cats[(size_t)v];
        double tmp;
        if (clearn__parse_double(cat, strlen(cat), &tmp))
            return fputs(cat, f) == EOF;
    }
    k = clearn__format_double(v, buf);
    return fwrite(buf, 1, k, f) != k;
}

static int put_row(const clearn_dataset *ds, size_t i, FILE *f)
{
    const double *row = ds->x + i * ds->d;
    char buf[CLEARN__DBL_BUF];
    int bad = put_label(ds, row[ds->cls], f);
    for (size_t j = 0, k = 0; j < ds->d && !bad; j++) {
        size_t len;
        if (j == ds->cls)
            continue;
        k++;
        if (row[j] == 0)
            continue;
        len = clearn__format_double(row[j], buf);
        bad = fprintf(f, " %zu:", k) < 0 || fwrite(buf, 1, len, f) != len;
    }
    return bad || putc('\n', f) == EOF;
}

int clearn__write_libsvm(const clearn_dataset *ds, FILE *f, clearn_error *err)
{
    int bad = 0;
    if (ds->cls == CLEARN_NONE)
        return clearn__error(err, CLEARN_EINVAL, "the LIBSVM format needs a class attribute "
                             "(the label): set one first");
    if (check_complete(ds, err) != CLEARN_OK)
        return CLEARN_EINVAL;
    for (size_t i = 0; i < ds->n && !bad; i++)
        bad = put_row(ds, i, f);
    if (bad || fflush(f) == EOF || ferror(f))
        return clearn__error(err, CLEARN_EIO, "error writing LIBSVM output (disk full, or the "
                             "stream is not open for writing?)");
    return CLEARN_OK;
}
