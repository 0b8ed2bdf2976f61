/* clearn — linear models through liblinear (linear_svc, logreg_liblinear,
 * linear_svr), and what they share with lib/svm.c (svm_common.h):
 * the feature encoding, class weights, and the lock around rand().
 *
 * The only file that includes linear.h: liblinear exports bare names
 * (train, predict, struct model, struct problem, struct parameter).
 *
 * As in lib/svm.c: nominal features one-hot, sparse rows without zeros,
 * labels are the class's category codes, and clearn keeps its own copy of
 * the model (written with clearn's model writer, doubles bit-exact; not
 * liblinear's save_model, which goes through a path and setlocale()).
 * The bias (intercept) is on by default: with bias=B >= 0 every row ends
 * with the node (features + 1, B), in training and prediction alike. The
 * dual and coordinate-descent solvers draw from rand(): they train under
 * the process-wide mutex of lib/svm.c right after srand(seed); the primal
 * solvers (l2r_lr, l2r_l2loss_svc) draw nothing and train concurrently.
 * liblinear's printing is silenced once, process-wide. */
#include "config.h"
#include <float.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <linear.h>
#include "internal.h"
#include "svm_common.h"

#define MAX_ATTRS ((size_t)1 << 24)
#define MAX_CLASSES 65536u

/* ---- the feature encoding (declared in svm_common.h) -------------------------- */

static size_t shape_width(long shape)
{
    return shape == -1 ? 1 : shape >= 0 ? (size_t)shape : 0;
}

static long attr_shape(const clearn_dataset *ds, size_t j)
{
    if (j == ds->cls)
        return -2;
    return ds->attrs[j].kind == CLEARN_NUMERIC ? -1 : (long)ds->attrs[j].n_cats;
}

void clearn__xenc_free(struct clearn__xenc *e)
{
    clearn__free(e->shape);
    memset(e, 0, sizeof *e);
}

/* Sets n_cols from the shapes; CLEARN_ERANGE past INT_MAX - 1 columns (the
 * libraries' indices are ints, and liblinear's bias takes one more). */
static int count_cols(struct clearn__xenc *e, const char *who, clearn_error *err)
{
    size_t n = 0;
    for (size_t j = 0; j < e->d; j++) {
        n += shape_width(e->shape[j]);
        if (n >= INT_MAX - 1)
            return clearn__error(err, CLEARN_ERANGE, "%s: the features need %zu or more columns "
                                 "(nominal ones one per category); at most %d are possible",
                                 who, n, INT_MAX - 2);
    }
    e->n_cols = n;
    return CLEARN_OK;
}

int clearn__xenc_fit(struct clearn__xenc *e, const clearn_dataset *ds, const char *who,
                     clearn_error *err)
{
    int rc;
    memset(e, 0, sizeof *e);
    if (ds->d > MAX_ATTRS)
        return clearn__error(err, CLEARN_ERANGE, "%s: %zu attributes; at most %zu are supported",
                             who, ds->d, MAX_ATTRS);
    if (!(e->shape = clearn__mallocarray(ds->d ? ds->d : 1, sizeof *e->shape)))
        return clearn__nomem(err);
    e->d = ds->d;
    e->cls = ds->cls;
    for (size_t j = 0; j < ds->d; j++)
        e->shape[j] = attr_shape(ds, j);
    if ((rc = count_cols(e, who, err)) != CLEARN_OK)
        clearn__xenc_free(e);
    return rc;
}

int clearn__xenc_check(const struct clearn__xenc *e, const clearn_dataset *ds, const char *who,
                       clearn_error *err)
{
    int same = ds->d == e->d && ds->cls == e->cls;
    for (size_t j = 0; same && j < ds->d; j++)
        same = attr_shape(ds, j) == e->shape[j];
    return same ? CLEARN_OK
           : clearn__error(err, CLEARN_ESCHEMA, "%s: the data's attributes (kinds, categories, "
                           "class) differ from the model's", who);
}

int clearn__xenc_scan(const struct clearn__xenc *e, const clearn_dataset *ds, const char *who,
                      size_t *nnz, size_t *max_col, clearn_error *err)
{
    size_t nz = 0, mc = 0;
    if (ds->n > INT_MAX)
        return clearn__error(err, CLEARN_ERANGE, "%s: %zu rows; at most %d are possible", who,
                             ds->n, INT_MAX);
    for (size_t i = 0; i < ds->n; i++) {
        const double *row = ds->x + i * ds->d;
        for (size_t j = 0, off = 0; j < e->d; off += shape_width(e->shape[j++])) {
            double v = row[j];
            if (e->shape[j] == -1 && isnan(v))
                return clearn__error(err, CLEARN_EINVAL, "%s: attribute '%s' is missing in row %zu "
                                     "(impute it first, e.g. 'impute | %s')", who,
                                     ds->attrs[j].name, i + 1, who);
            if (e->shape[j] == -1 ? v != 0 : e->shape[j] >= 0 && v >= 0 && v < (double)e->shape[j]) {
                size_t c = off + (e->shape[j] == -1 ? 0 : (size_t)v);
                nz++;
                mc = c + 1 > mc ? c + 1 : mc;
            }
        }
    }
    if (nnz)
        *nnz = nz;
    if (max_col)
        *max_col = mc;
    return CLEARN_OK;
}

size_t clearn__xenc_row(const struct clearn__xenc *e, const clearn_dataset *ds, size_t i, int *col,
                        double *val)
{
    const double *row = ds->x + i * ds->d;
    size_t n = 0;
    for (size_t j = 0, off = 0; j < e->d; off += shape_width(e->shape[j++])) {
        double v = row[j];
        if (e->shape[j] == -1 && v != 0) {
            col[n] = (int)off;
            val[n++] = v;
        } else if (e->shape[j] >= 0 && v >= 0 && v < (double)e->shape[j]) {
            col[n] = (int)(off + (size_t)v);
            val[n++] = 1;
        }
    }
    return n;
}

void clearn__xenc_dense(const struct clearn__xenc *e, const clearn_dataset *ds, size_t i,
                        double *out)
{
    const double *row = ds->x + i * ds->d;
    memset(out, 0, e->n_cols * sizeof *out);
    for (size_t j = 0, off = 0; j < e->d; off += shape_width(e->shape[j++])) {
        double v = row[j];
        if (e->shape[j] == -1)
            out[off] = v;
        else if (e->shape[j] >= 0 && v >= 0 && v < (double)e->shape[j])
            out[off + (size_t)v] = 1;
    }
}

int clearn__xenc_save(const struct clearn__xenc *e, clearn_writer *w, clearn_error *err)
{
    double *v = clearn__mallocarray(e->d ? e->d : 1, sizeof *v);
    int rc;
    if (!v)
        return clearn__nomem(err);
    for (size_t j = 0; j < e->d; j++)
        v[j] = (double)e->shape[j];
    rc = clearn_writer_size(w, "attributes", e->d, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "shape", v, e->d, err);
    clearn__free(v);
    return rc;
}

/* Shapes: integers >= -2, at most one class. */
static int shapes_from(struct clearn__xenc *e, const double *v, const char *who, clearn_error *err)
{
    e->cls = CLEARN_NONE;
    for (size_t j = 0; j < e->d; j++) {
        if (!(v[j] >= -2 && v[j] < INT_MAX) || v[j] != floor(v[j]) ||
            (v[j] == -2 && e->cls != CLEARN_NONE))
            return clearn__error(err, CLEARN_ECORRUPT, "%s model: bad shape %zu of the features",
                                 who, j + 1);
        e->shape[j] = (long)v[j];
        if (v[j] == -2)
            e->cls = j;
    }
    return count_cols(e, who, err) == CLEARN_OK
           ? CLEARN_OK : clearn__error(err, CLEARN_ECORRUPT, "%s model: too many columns", who);
}

int clearn__xenc_load(struct clearn__xenc *e, clearn_reader *r, const char *who, clearn_error *err)
{
    double *v = NULL;
    size_t d;
    int rc = clearn_reader_size(r, "attributes", &d, err);
    memset(e, 0, sizeof *e);
    if (rc != CLEARN_OK)
        return rc;
    if (d > MAX_ATTRS)
        return clearn__error(err, CLEARN_ECORRUPT, "%s model: %zu attributes (at most %zu)", who, d,
                             MAX_ATTRS);
    e->d = d;
    if (!(v = clearn__mallocarray(d ? d : 1, sizeof *v)) ||
        !(e->shape = clearn__mallocarray(d ? d : 1, sizeof *e->shape)))
        rc = clearn__nomem(err);
    if (rc == CLEARN_OK && (rc = clearn_reader_doubles(r, "shape", v, d, err)) == CLEARN_OK)
        rc = shapes_from(e, v, who, err);
    clearn__free(v);
    if (rc != CLEARN_OK)
        clearn__xenc_free(e);
    return rc;
}

/* ---- the global rand() (declared in svm_common.h) ------------------------------ */

static pthread_mutex_t rand_mutex = PTHREAD_MUTEX_INITIALIZER;

unsigned clearn__rand_seed(long seed)
{
    uint64_t s = (uint64_t)seed;
    return s <= UINT_MAX ? (unsigned)s : (unsigned)(s ^ (s >> 32));
}

void clearn__rand_lock(long seed)
{
    pthread_mutex_lock(&rand_mutex);
    srand(clearn__rand_seed(seed));
}

void clearn__rand_unlock(void)
{
    pthread_mutex_unlock(&rand_mutex);
}

/* ---- class weights (declared in svm_common.h) ----------------------------------- */

size_t clearn__svm_n_classes(const clearn_dataset *ds)
{
    if (ds->cls == CLEARN_NONE || ds->attrs[ds->cls].kind != CLEARN_NOMINAL)
        return 0;
    return ds->attrs[ds->cls].n_cats;
}

/* Rows of each category of the class into count[0..k). */
static void class_counts(const clearn_dataset *ds, size_t *count)
{
    size_t k = clearn__svm_n_classes(ds);
    memset(count, 0, k * sizeof *count);
    for (size_t i = 0; i < ds->n; i++) {
        double v = ds->x[i * ds->d + ds->cls];
        if (v >= 0 && v < (double)k)
            count[(size_t)v]++;
    }
}

static int balanced_weights(const clearn_dataset *train, int *nr, int *label, double *weight,
                            size_t *count)
{
    size_t k = clearn__svm_n_classes(train), m = 0;
    class_counts(train, count);
    for (size_t c = 0; c < k; c++)
        m += count[c] > 0;
    for (size_t c = 0; c < k; c++) {
        if (!count[c])
            continue;
        label[*nr] = (int)c;
        weight[(*nr)++] = (double)train->n / ((double)m * (double)count[c]);
    }
    return CLEARN_OK;
}

/* One "NAME:W" entry of s[0..len). */
static int weight_entry(const char *s, size_t len, const clearn_dataset *train, const char *who,
                        int *nr, int *label, double *weight, clearn_error *err)
{
    const char *colon = NULL;
    size_t code;
    double w;
    char *name;
    int rc;
    for (size_t i = 0; i < len; i++)
        if (s[i] == ':')
            colon = s + i;
    if (!colon || colon == s)
        return clearn__error(err, CLEARN_EINVAL,
                             "%s: class_weight: '%.*s' is not NAME:WEIGHT (or use 'balanced')",
                             who, (int)(len > 60 ? 60 : len), s);
    if (!clearn__parse_double(colon + 1, len - (size_t)(colon + 1 - s), &w) || !(w > 0))
        return clearn__error(err, CLEARN_EINVAL,
                             "%s: class_weight: the weight in '%.*s' is not a number > 0", who,
                             (int)(len > 60 ? 60 : len), s);
    if (!(name = clearn__strndup(s, (size_t)(colon - s))))
        return clearn__nomem(err);
    rc = clearn_dataset_category_code(train, train->cls, name, &code, NULL);
    if (rc != CLEARN_OK)
        rc = clearn__error(err, CLEARN_EINVAL, "%s: class_weight: the class '%s' has no category '%.60s'",
                           who, train->attrs[train->cls].name, name);
    for (int i = 0; rc == CLEARN_OK && i < *nr; i++)
        if (label[i] == (int)code)
            rc = clearn__error(err, CLEARN_EINVAL, "%s: class_weight: '%.60s' is given twice", who,
                               name);
    clearn__free(name);
    if (rc == CLEARN_OK) {
        label[*nr] = (int)code;
        weight[(*nr)++] = w;
    }
    return rc;
}

/* "NAME:W,NAME:W..." into label/weight. */
static int weight_list(const char *spec, const clearn_dataset *train, const char *who, int *nr,
                       int *label, double *weight, clearn_error *err)
{
    size_t k = clearn__svm_n_classes(train);
    int rc = CLEARN_OK;
    for (const char *p = spec; rc == CLEARN_OK; p = strchr(p, ',') + 1) {
        const char *comma = strchr(p, ',');
        if ((size_t)*nr == k)
            return clearn__error(err, CLEARN_EINVAL, "%s: class_weight: more entries than the %zu "
                                 "classes", who, k);
        rc = weight_entry(p, comma ? (size_t)(comma - p) : strlen(p), train, who, nr, label, weight,
                          err);
        if (!comma)
            break;
    }
    return rc;
}

int clearn__class_weights(const char *spec, const clearn_dataset *train, const char *who,
                          int *nr, int **label, double **weight, clearn_error *err)
{
    size_t k = clearn__svm_n_classes(train), *count = NULL;
    int rc;
    *nr = 0;
    *label = NULL;
    *weight = NULL;
    if (!spec || !*spec)
        return CLEARN_OK;
    *label = clearn__mallocarray(k, sizeof **label);
    *weight = clearn__mallocarray(k, sizeof **weight);
    if (!*label || !*weight)
        rc = clearn__nomem(err);
    else if (strcmp(spec, "balanced") != 0)
        rc = weight_list(spec, train, who, nr, *label, *weight, err);
    else if (!(count = clearn__mallocarray(k, sizeof *count)))
        rc = clearn__nomem(err);
    else
        rc = balanced_weights(train, nr, *label, *weight, count);
    clearn__free(count);
    if (rc != CLEARN_OK) {
        clearn__free(*label);
        clearn__free(*weight);
        *label = NULL;
        *weight = NULL;
        *nr = 0;
    }
    return rc;
}

/* ---- the estimators' state ------------------------------------------------------ */

static const char *const svc_solvers[] = {"l2r_l2loss_svc_dual", "l2r_l2loss_svc",
                                          "l2r_l1loss_svc_dual", "l1r_l2loss_svc", "mcsvm_cs", NULL};
static const int svc_map[] = {L2R_L2LOSS_SVC_DUAL, L2R_L2LOSS_SVC, L2R_L1LOSS_SVC_DUAL,
                              L1R_L2LOSS_SVC, MCSVM_CS};
static const char *const lr_solvers[] = {"l2r_lr", "l2r_lr_dual", "l1r_lr", NULL};
static const int lr_map[] = {L2R_LR, L2R_LR_DUAL, L1R_LR};
static const char *const svr_solvers[] = {"l2r_l1loss_svr_dual", "l2r_l2loss_svr_dual",
                                          "l2r_l2loss_svr", NULL};
static const int svr_map[] = {L2R_L1LOSS_SVR_DUAL, L2R_L2LOSS_SVR_DUAL, L2R_L2LOSS_SVR};

struct lin_est {
    /* parameters: solver is an index into the type's solver list */
    int solver;
    double C, tolerance, bias;
    char *class_weight;
    long seed;
    double epsilon;           /* linear_svr: width of the insensitive tube */
    /* fitted */
    struct model *m;          /* clearn's copy: arrays allocated here */
    struct clearn__xenc enc;
    size_t k;                 /* categories of the class */
};

#define COMMON_PARAMS(solver_help)                                                               \
    {"C", CLEARN_PARAM_DOUBLE, offsetof(struct lin_est, C), "1", 0, DBL_MAX, NULL,               \
     "inverse regularisation strength", CLEARN_PARAM_MIN_OPEN},                                  \
    {"tolerance", CLEARN_PARAM_DOUBLE, offsetof(struct lin_est, tolerance), "0", 0, DBL_MAX,     \
     NULL, "stopping tolerance; 0: the solver's default, as liblinear-train -e (" solver_help   \
     ")", 0},                                                                                    \
    {"bias", CLEARN_PARAM_DOUBLE, offsetof(struct lin_est, bias), "1", 1, 0, NULL,               \
     "value of the constant feature that gives the intercept (liblinear-train -B); "            \
     "negative: no intercept", 0},                                                               \
    {"class_weight", CLEARN_PARAM_STRING, offsetof(struct lin_est, class_weight), "", 1, 0,      \
     NULL, "C multipliers per class: NAME:W,NAME:W... or balanced (n / (classes x n_class)); " \
     "empty: none", 0},                                                                          \
    {"seed", CLEARN_PARAM_INT, offsetof(struct lin_est, seed), "1", 0, (double)LONG_MAX, NULL,   \
     "srand() seed for the dual and coordinate-descent solvers; the default 1 is what "          \
     "liblinear-train runs with", 0}

static const clearn_param svc_params[] = {
    {"solver", CLEARN_PARAM_ENUM, offsetof(struct lin_est, solver), "l2r_l2loss_svc_dual", 1, 0,
     svc_solvers, "L2-regularised squared hinge (dual or primal), L2 hinge (dual), L1-regularised "
     "squared hinge, Crammer and Singer's multi-class SVM", 0},
    COMMON_PARAMS("0.1 for the dual solvers and mcsvm_cs, 0.01 otherwise"),
};

static const clearn_param lr_params[] = {
    {"solver", CLEARN_PARAM_ENUM, offsetof(struct lin_est, solver), "l2r_lr", 1, 0, lr_solvers,
     "L2-regularised logistic regression (primal trust-region Newton or dual), L1-regularised",
     0},
    COMMON_PARAMS("0.1 for l2r_lr_dual, 0.01 otherwise"),
};

static const clearn_param svr_params[] = {
    {"solver", CLEARN_PARAM_ENUM, offsetof(struct lin_est, solver), "l2r_l1loss_svr_dual", 1, 0,
     svr_solvers, "L2-regularised epsilon-insensitive loss (dual; scikit-learn's LinearSVR), "
     "squared epsilon-insensitive loss (dual or primal)", 0},
    {"C", CLEARN_PARAM_DOUBLE, offsetof(struct lin_est, C), "1", 0, DBL_MAX, NULL,
     "inverse regularisation strength", CLEARN_PARAM_MIN_OPEN},
    {"epsilon", CLEARN_PARAM_DOUBLE, offsetof(struct lin_est, epsilon), "0.1", 0, DBL_MAX, NULL,
     "errors up to epsilon cost nothing (liblinear-train -p)", 0},
    {"tolerance", CLEARN_PARAM_DOUBLE, offsetof(struct lin_est, tolerance), "0", 0, DBL_MAX,
     NULL, "stopping tolerance; 0: the solver's default, as liblinear-train -e (0.0001 for "
     "l2r_l2loss_svr, 0.1 otherwise)", 0},
    {"bias", CLEARN_PARAM_DOUBLE, offsetof(struct lin_est, bias), "1", 1, 0, NULL,
     "value of the constant feature that gives the intercept (liblinear-train -B); "
     "negative: no intercept", 0},
    {"seed", CLEARN_PARAM_INT, offsetof(struct lin_est, seed), "1", 0, (double)LONG_MAX, NULL,
     "srand() seed for the dual solvers; the default 1 is what liblinear-train runs with", 0},
};

/* liblinear-train's default tolerance for a solver. */
static double default_eps(int solver)
{
    switch (solver) {
    case L2R_L2LOSS_SVC_DUAL:
    case L2R_L1LOSS_SVC_DUAL:
    case MCSVM_CS:
    case L2R_LR_DUAL:
    case L2R_L2LOSS_SVR_DUAL:
    case L2R_L1LOSS_SVR_DUAL:
        return 0.1;
    case L2R_L2LOSS_SVR:
        return 0.0001;
    default:
        return 0.01;
    }
}

/* Whether the solver draws from rand() (objdump of liblinear 2.3 and the
 * algorithms: the trust-region Newton solvers do not). */
static int uses_rand(int solver)
{
    return solver != L2R_LR && solver != L2R_L2LOSS_SVC && solver != L2R_L2LOSS_SVR;
}

static int is_regression(int solver)
{
    return solver == L2R_L2LOSS_SVR || solver == L2R_L2LOSS_SVR_DUAL ||
           solver == L2R_L1LOSS_SVR_DUAL;
}

static int is_logistic(int solver)
{
    return solver == L2R_LR || solver == L2R_LR_DUAL || solver == L1R_LR;
}

/* Decision functions of a model: one for two classes, else one per class. */
static size_t n_w(const struct model *m)
{
    return m->nr_class == 2 && m->param.solver_type != MCSVM_CS ? 1 : (size_t)m->nr_class;
}

/* Rows of w: the features, and the bias when there is one. */
static size_t w_rows(const struct model *m)
{
    return (size_t)m->nr_feature + (m->bias >= 0);
}

static void model_free(struct model *m)
{
    if (!m)
        return;
    clearn__free(m->w);
    clearn__free(m->label);
    clearn__free(m);
}

static void lin_destroy(void *st)
{
    struct lin_est *s = st;
    model_free(s->m);
    clearn__xenc_free(&s->enc);
    s->m = NULL;
    s->k = 0;
}

/* ---- fit ----------------------------------------------------------------------- */

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;

static void print_nothing(const char *s)
{
    (void)s;
}

static void quiet_init(void)
{
    set_print_string_function(print_nothing);
}

/* liblinear's problem: every row's nodes, then the bias node, in one block. */
struct lproblem {
    struct problem p;
    struct feature_node *block;
};

static void lproblem_free(struct lproblem *pr)
{
    clearn__free(pr->p.y);
    clearn__free(pr->p.x);
    clearn__free(pr->block);
    memset(pr, 0, sizeof *pr);
}

/* Row i's nodes at *at in block (bias node included when bias >= 0). */
static struct feature_node *put_row(const struct clearn__xenc *e, const clearn_dataset *ds, size_t i,
                                    double bias, int *col, double *val, struct feature_node *at)
{
    size_t q = clearn__xenc_row(e, ds, i, col, val);
    for (size_t j = 0; j < q; j++)
        *at++ = (struct feature_node){col[j] + 1, val[j]};
    if (bias >= 0)
        *at++ = (struct feature_node){(int)e->n_cols + 1, bias};
    *at++ = (struct feature_node){-1, 0};
    return at;
}

static int lproblem_build(const struct lin_est *s, const clearn_dataset *ds, size_t nnz,
                          struct lproblem *pr, clearn_error *err)
{
    size_t n = ds->n, per = 1 + (s->bias >= 0);
    int *col = clearn__mallocarray(s->enc.n_cols + 1, sizeof *col);
    double *val = clearn__mallocarray(s->enc.n_cols + 1, sizeof *val);
    struct feature_node *at;
    memset(pr, 0, sizeof *pr);
    pr->p.y = clearn__mallocarray(n, sizeof *pr->p.y);
    pr->p.x = clearn__mallocarray(n, sizeof *pr->p.x);
    pr->block = n <= (SIZE_MAX - nnz) / per ? clearn__mallocarray(nnz + per * n, sizeof *pr->block)
                                             : NULL;
    if (!col || !val || !pr->p.y || !pr->p.x || !pr->block) {
        clearn__free(col);
        clearn__free(val);
        lproblem_free(pr);
        return clearn__nomem(err);
    }
    pr->p.l = (int)n;
    pr->p.n = (int)s->enc.n_cols + (s->bias >= 0);
    pr->p.bias = s->bias >= 0 ? s->bias : -1;
    at = pr->block;
    for (size_t i = 0; i < n; i++) {
        pr->p.y[i] = ds->x[i * ds->d + ds->cls];
        pr->p.x[i] = at;
        at = put_row(&s->enc, ds, i, s->bias, col, val, at);
    }
    clearn__free(col);
    clearn__free(val);
    return CLEARN_OK;
}

/* clearn's copy of a trained model. */
static int adopt(struct lin_est *s, const struct model *t, clearn_error *err)
{
    struct model *m = clearn__calloc(1, sizeof *m);
    size_t nw = n_w(t), rows = w_rows(t), nr = (size_t)t->nr_class;
    if (!m)
        return clearn__nomem(err);
    *m = *t;
    m->param.nr_weight = 0;
    m->param.weight_label = NULL;
    m->param.weight = NULL;
    m->param.init_sol = NULL;
    m->w = clearn__mallocarray(rows, nw * sizeof *m->w);
    m->label = clearn__mallocarray(nr ? nr : 1, sizeof *m->label);
    if (!m->w || !m->label) {
        if (!m->w)
            m->label = (clearn__free(m->label), NULL);
        model_free(m);
        return clearn__nomem(err);
    }
    memcpy(m->w, t->w, rows * nw * sizeof *m->w);
    for (size_t i = 0; i < nr; i++)   /* regression: none (liblinear's NULL); 0, 1 kept */
        m->label[i] = t->label ? t->label[i] : (int)i;
    s->m = m;
    return CLEARN_OK;
}

static void set_lparam(const struct lin_est *s, int solver, struct parameter *p)
{
    memset(p, 0, sizeof *p);
    p->solver_type = solver;
    p->eps = s->tolerance > 0 ? s->tolerance : default_eps(solver);
    p->C = s->C;
    p->p = s->epsilon;
#if LIBLINEAR_VERSION >= 240
    p->nu = 0.5;
    p->regularize_bias = 1;
#endif
}

/* Checks the parameters with liblinear, trains (under the rand() lock for
 * the solvers that use it) and keeps clearn's copy. */
static int ltrain(struct lin_est *s, const clearn_dataset *ds, int solver, const char *who,
                  size_t nnz, clearn_error *err)
{
    struct lproblem pr;
    struct parameter param;
    struct model *t;
    const char *why;
    int rc;
    set_lparam(s, solver, &param);
    if ((rc = clearn__class_weights(s->class_weight, ds, who, &param.nr_weight, &param.weight_label,
                                    &param.weight, err)) != CLEARN_OK)
        return rc;
    if ((rc = lproblem_build(s, ds, nnz, &pr, err)) == CLEARN_OK) {
        if ((why = check_parameter(&pr.p, &param)) != NULL) {
            rc = clearn__error(err, CLEARN_EINVAL, "%s: liblinear rejects the parameters: %s", who,
                               why);
        } else {
            pthread_once(&quiet_once, quiet_init);
            if (uses_rand(solver))
                clearn__rand_lock(s->seed);
            t = train(&pr.p, &param);
            if (uses_rand(solver))
                clearn__rand_unlock();
            rc = t ? adopt(s, t, err) : clearn__nomem(err);
            if (t)
                free_and_destroy_model(&t);
        }
        lproblem_free(&pr);
    }
    clearn__free(param.weight_label);
    clearn__free(param.weight);
    return rc;
}

static int lin_fit(void *st, const clearn_dataset *ds, const int *map, const char *who,
                   clearn_error *err)
{
    struct lin_est *s = st;
    size_t nnz;
    int rc;
    lin_destroy(s);
    if (clearn__svm_n_classes(ds) > MAX_CLASSES)
        return clearn__error(err, CLEARN_ERANGE, "%s: the class has %zu categories; at most %u are "
                             "supported", who, clearn__svm_n_classes(ds), MAX_CLASSES);
    if ((rc = clearn__xenc_fit(&s->enc, ds, who, err)) != CLEARN_OK ||
        (rc = clearn__xenc_scan(&s->enc, ds, who, &nnz, NULL, err)) != CLEARN_OK ||
        (rc = ltrain(s, ds, map[s->solver], who, nnz, err)) != CLEARN_OK) {
        lin_destroy(s);
        return rc;
    }
    s->k = clearn__svm_n_classes(ds);
    return CLEARN_OK;
}

static int svc_fit(void *st, const clearn_dataset *ds, clearn_error *err)
{
    return lin_fit(st, ds, svc_map, "linear_svc", err);
}

static int lr_fit(void *st, const clearn_dataset *ds, clearn_error *err)
{
    return lin_fit(st, ds, lr_map, "logreg_liblinear", err);
}

static int svr_fit(void *st, const clearn_dataset *ds, clearn_error *err)
{
    return lin_fit(st, ds, svr_map, "linear_svr", err);
}

/* ---- predict -------------------------------------------------------------------- */

static const char *who_of(const struct lin_est *s)
{
    int solver = s->m->param.solver_type;
    return is_logistic(solver) ? "logreg_liblinear"
                               : is_regression(solver) ? "linear_svr" : "linear_svc";
}

/* Checks x against the model; *row receives a node buffer for one row. */
static int prepare(const struct lin_est *s, const clearn_dataset *x, struct feature_node **row,
                   int **col, double **val, clearn_error *err)
{
    int rc;
    *row = NULL;
    *col = NULL;
    *val = NULL;
    if (!s->m)
        return clearn__error(err, CLEARN_ENOTFIT, "the linear model is not fitted");
    if ((rc = clearn__xenc_check(&s->enc, x, who_of(s), err)) != CLEARN_OK ||
        (rc = clearn__xenc_scan(&s->enc, x, who_of(s), NULL, NULL, err)) != CLEARN_OK)
        return rc;
    if (clearn__svm_n_classes(x) != s->k)
        return clearn__error(err, CLEARN_ESCHEMA, "%s: the model has %zu classes but the data's "
                             "class has %zu", who_of(s), s->k, clearn__svm_n_classes(x));
    *row = clearn__mallocarray(s->enc.n_cols + 2, sizeof **row);
    *col = clearn__mallocarray(s->enc.n_cols + 1, sizeof **col);
    *val = clearn__mallocarray(s->enc.n_cols + 1 + (size_t)s->m->nr_class, sizeof **val);
    if (!*row || !*col || !*val) {
        clearn__free(*row);
        clearn__free(*col);
        clearn__free(*val);
        return clearn__nomem(err);
    }
    return CLEARN_OK;
}

enum ljob { LJOB_PREDICT, LJOB_PROBA, LJOB_DECISION };

/* Decision values of one row in category order (see svm_common.h). */
static void map_decision(const struct lin_est *s, const double *dec, double *out)
{
    const struct model *m = s->m;
    if (s->k == 2) {
        int one = m->label[0] == 1 ? 0 : 1;   /* index of category 1's score */
        if (n_w(m) == 2)
            out[0] = dec[one] - dec[1 - one];
        else
            out[0] = one == 0 ? dec[0] : -dec[0];
        return;
    }
    for (size_t c = 0; c < s->k; c++)
        out[c] = NAN;
    if (n_w(m) == 1) {
        out[m->label[0]] = dec[0];
        if (m->nr_class == 2)
            out[m->label[1]] = -dec[0];
        return;
    }
    for (int i = 0; i < m->nr_class; i++)
        out[m->label[i]] = dec[i];
}

static int run(const struct lin_est *s, const clearn_dataset *x, enum ljob job, double *out,
               clearn_error *err)
{
    struct feature_node *row;
    int *col;
    double *val, *dec;
    size_t width = job == LJOB_PREDICT ? 1 : job == LJOB_PROBA ? s->k : clearn__linear_n_decision(s);
    int rc = prepare(s, x, &row, &col, &val, err);
    if (rc != CLEARN_OK)
        return rc;
    dec = val + s->enc.n_cols + 1;
    for (size_t i = 0; i < x->n; i++) {
        double *o = out + i * width, v;
        put_row(&s->enc, x, i, s->m->bias, col, val, row);
        if (job == LJOB_PROBA) {
            predict_probability(s->m, row, dec);
            for (size_t c = 0; c < s->k; c++)
                o[c] = 0;
            for (int q = 0; q < s->m->nr_class; q++)
                o[s->m->label[q]] = dec[q];
            continue;
        }
        v = predict_values(s->m, row, dec);
        if (job == LJOB_PREDICT)
            o[0] = v;
        else
            map_decision(s, dec, o);
    }
    clearn__free(row);
    clearn__free(col);
    clearn__free(val);
    return CLEARN_OK;
}

static int lin_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    return run(st, x, LJOB_PREDICT, out, err);
}

static int lr_predict_proba(const void *st, const clearn_dataset *x, double *out,
                            clearn_error *err)
{
    const struct lin_est *s = st;
    if (s->m && !check_probability_model(s->m))
        return clearn__error(err, CLEARN_EINVAL, "logreg_liblinear: no probabilities from this "
                             "solver");
    return run(s, x, LJOB_PROBA, out, err);
}

size_t clearn__linear_n_decision(const void *state)
{
    const struct lin_est *s = state;
    return s->k == 2 ? 1 : s->k;
}

int clearn__linear_decision(const void *state, const clearn_dataset *x, double *out,
                            clearn_error *err)
{
    return run(state, x, LJOB_DECISION, out, err);
}

/* ---- model files ------------------------------------------------------------------ */

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int clearn__distinct_ints(const int *v, size_t n, clearn_error *err)
{
    int *sorted = clearn__mallocarray(n ? n : 1, sizeof *sorted);
    int dup = 0;
    if (!sorted)
        return clearn__nomem(err);
    memcpy(sorted, v, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, int_cmp);
    for (size_t i = 1; i < n; i++)
        dup |= sorted[i] == sorted[i - 1];
    clearn__free(sorted);
    return dup ? clearn__error(err, CLEARN_ECORRUPT, "model: a class label appears twice")
               : CLEARN_OK;
}

static int lin_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct lin_est *s = st;
    const struct model *m = s->m;
    size_t nr = (size_t)m->nr_class, nw = n_w(m), rows = w_rows(m);
    double *buf = clearn__mallocarray(rows > nr ? rows : nr ? nr : 1, sizeof *buf);
    int rc = buf ? clearn__xenc_save(&s->enc, w, err) : clearn__nomem(err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "solver", m->param.solver_type, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "classes", s->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "nr_class", nr, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_double(w, "bias", m->bias, err);
    for (size_t i = 0; rc == CLEARN_OK && i < nr; i++)
        buf[i] = m->label[i];
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "labels", buf, nr, err);
    for (size_t q = 0; rc == CLEARN_OK && q < nw; q++) {
        for (size_t f = 0; f < rows; f++)
            buf[f] = m->w[f * nw + q];
        rc = clearn_writer_doubles(w, "w", buf, rows, err);
    }
    clearn__free(buf);
    return rc;
}

static int lcorrupt(clearn_error *err, const char *who, const char *what)
{
    return clearn__error(err, CLEARN_ECORRUPT, "%s model: %s", who, what);
}

/* The solver (one of the type's, the spec's), classes, bias and labels. */
static int load_head(struct lin_est *s, clearn_reader *r, const int *map, const char *who,
                     struct model *m, clearn_error *err)
{
    long solver;
    size_t nr;
    int rc;
    if ((rc = clearn_reader_int(r, "solver", &solver, err)) != CLEARN_OK ||
        (rc = clearn_reader_size(r, "classes", &s->k, err)) != CLEARN_OK ||
        (rc = clearn_reader_size(r, "nr_class", &nr, err)) != CLEARN_OK ||
        (rc = clearn_reader_double(r, "bias", &m->bias, err)) != CLEARN_OK)
        return rc;
    if (solver != map[s->solver])
        return lcorrupt(err, who, "the solver differs from the spec's");
    /* regression: two dummy labels (liblinear's nr_class) and no classes */
    if ((is_regression((int)solver) ? nr != 2 || s->k : !nr || nr > s->k || nr > MAX_CLASSES) ||
        !isfinite(m->bias))
        return lcorrupt(err, who, "bad class count or bias");
    m->param.solver_type = (int)solver;
    m->nr_class = (int)nr;
    m->nr_feature = (int)s->enc.n_cols;
    if (m->bias < 0)
        m->bias = -1;
    return CLEARN_OK;
}

static int load_labels(const struct lin_est *s, clearn_reader *r, const char *who, struct model *m,
                       clearn_error *err)
{
    size_t nr = (size_t)m->nr_class;
    double *v = clearn__mallocarray(nr, sizeof *v);
    int rc;
    if (!v || !(m->label = clearn__mallocarray(nr, sizeof *m->label))) {
        clearn__free(v);
        return clearn__nomem(err);
    }
    rc = clearn_reader_doubles(r, "labels", v, nr, err);
    for (size_t i = 0; rc == CLEARN_OK && i < nr; i++) {
        double top = is_regression(m->param.solver_type) ? 2 : (double)s->k;  /* 0, 1 */
        if (!(v[i] >= 0 && v[i] < top) || v[i] != floor(v[i]))
            rc = lcorrupt(err, who, "a class label is not one of the classes");
        else
            m->label[i] = (int)v[i];
    }
    clearn__free(v);
    return rc == CLEARN_OK ? clearn__distinct_ints(m->label, nr, err) : rc;
}

/* The decision functions, one line each, into m->w (feature-major). */
static int load_w(clearn_reader *r, const char *who, struct model *m, clearn_error *err)
{
    size_t nw = n_w(m), rows = w_rows(m);
    double *cols = NULL;
    int rc = CLEARN_OK;
    for (size_t q = 0; rc == CLEARN_OK && q < nw; q++) {
        double *grown = clearn__reallocarray(cols, (q + 1) * rows + 1, sizeof *cols);
        if (!grown) {
            rc = clearn__nomem(err);
            break;
        }
        cols = grown;
        rc = clearn_reader_doubles(r, "w", cols + q * rows, rows, err);
        for (size_t f = 0; rc == CLEARN_OK && f < rows; f++)
            if (!isfinite(cols[q * rows + f]))
                rc = lcorrupt(err, who, "a weight is not finite");
    }
    if (rc == CLEARN_OK && !(m->w = clearn__mallocarray(rows, nw * sizeof *m->w)))
        rc = clearn__nomem(err);
    for (size_t q = 0; rc == CLEARN_OK && q < nw; q++)
        for (size_t f = 0; f < rows; f++)
            m->w[f * nw + q] = cols[q * rows + f];
    clearn__free(cols);
    return rc;
}

static int lin_load(void *st, clearn_reader *r, const int *map, const char *who, clearn_error *err)
{
    struct lin_est *s = st;
    int rc;
    lin_destroy(s);
    if (!(s->m = clearn__calloc(1, sizeof *s->m)))
        return clearn__nomem(err);
    if ((rc = clearn__xenc_load(&s->enc, r, who, err)) != CLEARN_OK ||
        (rc = load_head(s, r, map, who, s->m, err)) != CLEARN_OK ||
        (rc = load_labels(s, r, who, s->m, err)) != CLEARN_OK ||
        (rc = load_w(r, who, s->m, err)) != CLEARN_OK)
        lin_destroy(s);
    return rc;
}

static int svc_load(void *st, clearn_reader *r, clearn_error *err)
{
    return lin_load(st, r, svc_map, "linear_svc", err);
}

static int lr_load(void *st, clearn_reader *r, clearn_error *err)
{
    return lin_load(st, r, lr_map, "logreg_liblinear", err);
}

static int svr_load(void *st, clearn_reader *r, clearn_error *err)
{
    return lin_load(st, r, svr_map, "linear_svr", err);
}

/* ---- print ------------------------------------------------------------------------ */

static const char *solver_name(int solver)
{
    for (size_t i = 0; i < sizeof svc_map / sizeof *svc_map; i++)
        if (svc_map[i] == solver)
            return svc_solvers[i];
    for (size_t i = 0; i < sizeof lr_map / sizeof *lr_map; i++)
        if (lr_map[i] == solver)
            return lr_solvers[i];
    for (size_t i = 0; i < sizeof svr_map / sizeof *svr_map; i++)
        if (svr_map[i] == solver)
            return svr_solvers[i];
    return "?";
}

/* One weight row: the column's name, then a weight per decision function. */
static int print_row(FILE *out, const char *name, const char *cat, const struct model *m, size_t f)
{
    char num[CLEARN__DBL_BUF];
    int ok = fprintf(out, "  %s%s%s", name, cat ? "=" : "", cat ? cat : "") >= 0;
    for (size_t q = 0; ok && q < n_w(m); q++) {
        clearn__format_double(m->w[f * n_w(m) + q], num);
        ok = fprintf(out, " %s", num) >= 0;
    }
    return ok && fputc('\n', out) != EOF;
}

/* The solver, then the weights: a row per encoded column (nominal
 * attributes as NAME=CATEGORY), the bias last, a column per decision
 * function (> 0 for the class named in the header). */
static int lin_print(const void *st, const clearn_dataset *schema, FILE *out, clearn_error *err)
{
    const struct lin_est *s = st;
    const struct model *m = s->m;
    const char *const *cats;
    size_t f = 0;
    int ok, rc = clearn__xenc_check(&s->enc, schema, who_of(s), err);
    if (rc != CLEARN_OK)
        return rc;
    if (clearn__svm_n_classes(schema) != s->k)
        return clearn__error(err, CLEARN_ESCHEMA, "%s: the model has %zu classes but the schema's "
                             "class has %zu", who_of(s), s->k, clearn__svm_n_classes(schema));
    cats = (const char *const *)schema->attrs[schema->cls].cats;
    ok = fprintf(out, "liblinear %s, bias %g\nweights", solver_name(m->param.solver_type),
                 m->bias) >= 0;
    if (is_regression(m->param.solver_type)) {
        ok = ok && fprintf(out, " of the prediction:") >= 0;
    } else {
        ok = ok && fprintf(out, ", for class:") >= 0;
        for (size_t q = 0; ok && q < n_w(m); q++)
            ok = fprintf(out, " %s", cats[m->label[q]]) >= 0;
    }
    ok = ok && fputc('\n', out) != EOF;
    for (size_t j = 0; ok && j < schema->d; j++) {
        const struct clearn__attr *a = &schema->attrs[j];
        if (j == schema->cls)
            continue;
        if (a->kind == CLEARN_NUMERIC)
            ok = print_row(out, a->name, NULL, m, f++);
        for (size_t c = 0; ok && a->kind == CLEARN_NOMINAL && c < a->n_cats; c++)
            ok = print_row(out, a->name, a->cats[c], m, f++);
    }
    if (ok && m->bias >= 0)
        ok = print_row(out, "(bias)", NULL, m, f);
    return ok ? CLEARN_OK : clearn__error(err, CLEARN_EIO, "%s: cannot write the model", who_of(s));
}

/* ---- the types ---------------------------------------------------------------------- */

const clearn_estimator_type clearn__linear_svc_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "linear_svc",
    .summary = "linear support vector classifier (liblinear)",
    .tasks = CLEARN_CLASSIFY,
    .params = svc_params,
    .n_params = sizeof svc_params / sizeof *svc_params,
    .state_size = sizeof(struct lin_est),
    .fit = svc_fit,
    .predict = lin_predict,
    .save = lin_save,
    .load = svc_load,
    .destroy = lin_destroy,
    .print = lin_print,
    .n_decision = clearn__linear_n_decision,
    .decision = clearn__linear_decision,
};

const clearn_estimator_type clearn__logreg_liblinear_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "logreg_liblinear",
    .summary = "logistic regression (liblinear)",
    .tasks = CLEARN_CLASSIFY,
    .params = lr_params,
    .n_params = sizeof lr_params / sizeof *lr_params,
    .state_size = sizeof(struct lin_est),
    .fit = lr_fit,
    .predict = lin_predict,
    .predict_proba = lr_predict_proba,
    .save = lin_save,
    .load = lr_load,
    .destroy = lin_destroy,
    .print = lin_print,
    .n_decision = clearn__linear_n_decision,
    .decision = clearn__linear_decision,
};

const clearn_estimator_type clearn__linear_svr_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "linear_svr",
    .summary = "linear support vector regression (liblinear)",
    .tasks = CLEARN_REGRESS,
    .params = svr_params,
    .n_params = sizeof svr_params / sizeof *svr_params,
    .state_size = sizeof(struct lin_est),
    .fit = svr_fit,
    .predict = lin_predict,
    .save = lin_save,
    .load = svr_load,
    .destroy = lin_destroy,
    .print = lin_print,
};
