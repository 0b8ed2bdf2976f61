/* clearn — k-means clustering: the estimator type "kmeans" and the extras
 * of include/clearn/cluster.h.
 *
 * Fitting is scikit-learn's KMeans(algorithm='lloyd') step for step: the
 * data are centred on their column means; each run starts from k-means++
 * (greedy, 2 + floor(ln k) candidates per centre), k distinct random rows
 * or the first k rows; Lloyd iterations assign every row to its nearest
 * centre and move each centre to the mean of its rows (multiplying the sum
 * by 1/count, as scikit-learn does); a cluster left empty takes the row
 * farthest from its centre (the empty clusters in increasing order take
 * the rows in decreasing distance, ties to the lower row; the row keeps
 * its label until the next assignment); iterations stop when no label
 * changes, or when the centres' squared shifts sum to at most tol times
 * the mean per-feature variance, and then one more assignment makes the
 * labels match the centres. Of several runs the lowest inertia wins, the
 * earlier run on ties and when a later one only relabels the same
 * clustering.
 *
 * Assignment (the hot loop): a block of rows times the centres by dgemm
 * gives |x|^2 + |c|^2 - 2 x.c for every pair; a centre is measured exactly
 * (sum of squared differences in attribute order, in double) only when
 * the products cannot rule it out against the best one, by a bound on
 * their rounding error. So labels are the exact nearest centres, ties to
 * the lower index, whatever BLAS, block size or thread count. Rows are
 * cut into tasks fixed by the data's size alone; each task sums its own
 * rows into its own partial sums and the partials are added in task
 * order, so models are bit-identical for every threads= value. */
#include "config.h"
#include <cblas.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <clearn/cluster.h>
#include "internal.h"
#include "pool.h"
#include "distance.h"

#define TASK_ROWS 2048      /* rows per task at least */
#define MAX_TASKS 64
#define SUB_ROWS 256        /* rows per dgemm call at most */
#define SMALL_MNK 262144.0  /* OpenBLAS computes smaller products in the calling thread */
#define SCRATCH_CAP ((size_t)1 << 22)   /* doubles of per-task scratch, all tasks */
#define MAX_VALUE 1e150     /* larger magnitudes could overflow squared distances */

enum { INIT_PP = 0, INIT_RANDOM, INIT_FIRST };

struct kmeans {
    /* parameters */
    long k;
    int init;
    long n_init;
    long max_iter;
    double tol;
    long seed;
    long threads;
    /* fitted */
    size_t cols, cls;       /* the schema's attributes; class column or CLEARN_NONE */
    size_t d, nk, rows, iterations;
    size_t *feat;           /* d schema columns of the features */
    double *centers;        /* nk x d */
    double *sizes;          /* nk training rows per cluster */
    double inertia;
    /* derived from the centres (not saved): predict's screen works on
     * coordinates shifted by the centres' mean */
    double *mu, *cs, *csn;  /* d; nk x d centres - mu; nk |cs|^2 */
};

static const char *const init_names[] = {"k-means++", "random", "first", NULL};

static const clearn_param kmeans_params[] = {
    {"k", CLEARN_PARAM_INT, offsetof(struct kmeans, k), "8", 1, 1e6, NULL,
     "clusters (at most the training rows)", 0},
    {"init", CLEARN_PARAM_ENUM, offsetof(struct kmeans, init), "k-means++", 1, 0, init_names,
     "starting centres: k-means++ (greedy, as scikit-learn), random (k distinct rows) or "
     "first (the first k rows: deterministic)", 0},
    {"n_init", CLEARN_PARAM_INT, offsetof(struct kmeans, n_init), "0", 0, 1e6, NULL,
     "runs from different starts, the lowest inertia kept (0 = auto: 10 for random, "
     "else 1)", 0},
    {"max_iter", CLEARN_PARAM_INT, offsetof(struct kmeans, max_iter), "300", 1, 1e9, NULL,
     "Lloyd iterations per run at most", 0},
    {"tol", CLEARN_PARAM_DOUBLE, offsetof(struct kmeans, tol), "1e-4", 0, 1e10, NULL,
     "stop when the centres' squared shifts sum to at most tol x the mean feature "
     "variance (0: only when no label changes)", 0},
    {"seed", CLEARN_PARAM_INT, offsetof(struct kmeans, seed), "42", 0, (double)LONG_MAX, NULL,
     "random seed of k-means++ and random starts", 0},
    {"threads", CLEARN_PARAM_INT, offsetof(struct kmeans, threads), "0", 0, 1024, NULL,
     "threads (0 = all CPUs; results do not depend on it)", 0},
};
#define N_PARAMS (sizeof kmeans_params / sizeof *kmeans_params)

extern const clearn_estimator_type clearn__kmeans_type;

static int check_row(const struct kmeans *m, const clearn_dataset *ds, size_t i,
                     clearn_error *err);

static void kmeans_destroy(void *st)
{
    struct kmeans *m = st;
    clearn__free(m->feat);
    clearn__free(m->centers);
    clearn__free(m->sizes);
    clearn__free(m->mu);
    clearn__free(m->cs);
    clearn__free(m->csn);
    m->feat = NULL;
    m->centers = m->sizes = m->mu = m->cs = m->csn = NULL;
    m->cols = m->d = m->nk = m->rows = m->iterations = 0;
    m->inertia = 0;
}

/* ---- kernels ------------------------------------------------------------------ */

/* The exact squared distance: the one every label is decided by. */
static double sqdist(const double *a, const double *b, size_t d)
{
    double s = 0;
    for (size_t j = 0; j < d; j++) {
        double t = a[j] - b[j];
        s += t * t;
    }
    return s;
}

static double sqnorm(const double *a, size_t d)
{
    double s = 0;
    for (size_t j = 0; j < d; j++)
        s += a[j] * a[j];
    return s;
}

/* Centres for one assignment: cs (k x d) and their squared lengths csn
 * screen; exact distances use ce, the same centres in the coordinates of
 * the exact rows (ce == cs when the rows are screened as they are). */
struct centres {
    size_t k, d, sub;
    const double *cs, *csn, *ce;
    double f;               /* rounding-error bound factor of the screen */
};

/* The screen's bound factor: the products, squared lengths and sums err
 * by at most about 2(d + 2) units of rounding times |x|^2 + |c|^2, the
 * exact sum by d more, a shift of coordinates by a few: 3d + 16 machine
 * epsilons (2 units each) covers them all. */
static double bound_factor(size_t d)
{
    return (3.0 * (double)d + 16) * DBL_EPSILON;
}

/* Rows per dgemm call: at most SUB_ROWS, and small enough that OpenBLAS
 * does not start threads of its own under ours (see lib/distance.c). */
static size_t sub_rows(size_t k, size_t d)
{
    double r = SMALL_MNK / ((double)k * (double)d);
    return r >= SUB_ROWS ? SUB_ROWS : r >= 16 ? (size_t)r : 16;
}

/* The label of a row given lower bounds lo[0..k) of its centres'
 * distances and an upper bound lim of the least (all: measure every
 * centre, the screen overflowed): the centres whose bound reaches lim are
 * measured exactly, unless there is only one. */
static size_t exact_label(const struct centres *c, const double *lo, double lim, int all,
                          const double *xe)
{
    double best = INFINITY;
    size_t label = SIZE_MAX, cand = 0;
    for (size_t j = 0; !all && j < c->k; j++)
        if (lo[j] <= lim) {
            cand++;
            label = j;
        }
    if (cand == 1)
        return label;
    label = SIZE_MAX;
    for (size_t j = 0; j < c->k; j++) {   /* increasing j: ties keep the lower */
        double e;
        if (!all && !(lo[j] <= lim))
            continue;
        e = sqdist(xe, c->ce + j * c->d, c->d);
        if (label == SIZE_MAX || e < best) {
            label = j;
            best = e;
        }
    }
    return label;
}

/* Labels of `rows` (<= c->sub) contiguous rows: xs screened (squared
 * lengths xsn), xe the same rows for exact distances. g: rows x k scratch. */
static void assign_rows(const struct centres *c, const double *xs, const double *xsn,
                        const double *xe, size_t rows, double *g, size_t *lab)
{
    size_t k = c->k, d = c->d;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)k, (int)d, -2.0, xs,
                (int)d, c->cs, (int)d, 0.0, g, (int)k);
    for (size_t r = 0; r < rows; r++) {
        double *a = g + r * k, xn = xsn[r], best = INFINITY, lim, any = 0;
        size_t b = 0;
        for (size_t j = 0; j < k; j++) {
            double v = a[j] + xn + c->csn[j];
            any += v;   /* NaN or infinite when some v is (or on overflow) */
            if (v < best) {
                best = v;
                b = j;
            }
            a[j] = v - c->f * c->csn[j];
        }
        lim = best + c->f * (c->csn[b] + 2 * xn);
        lab[r] = exact_label(c, a, lim, !isfinite(any) || !isfinite(lim), xe + r * d);
    }
}

/* ---- fitting: the workspace ---------------------------------------------------- */

/* Everything one fit needs, allocated at once. Rows are cut into n_tasks
 * tasks of task_rows (the last shorter), fixed by n, k and d alone. */
struct fit {
    const struct kmeans *m;
    size_t n, d, k, threads, n_tasks, task_rows, trials;
    const clearn_dataset *ds;
    double *mean;               /* d column means (the centring) */
    double *x, *xn;             /* n x d centred rows, their squared lengths */
    double tol;                 /* tol x mean variance */
    struct centres cen;
    double *c, *cnew, *cn, *best_c, *count;    /* k x d, k x d, k, k x d, k */
    size_t *labels, *best_labels, *cand, *map; /* n, n, trials, k */
    clearn__nbr *far;           /* k: rows for empty clusters */
    double *psum, *pcnt, *part; /* per task: k x d sums, k counts, 2d + trials values */
    double *g;                  /* per task: sub x max(k, trials) products */
    size_t g_stride;
    double *pc, *pcn;           /* k-means++ candidates: trials x d rows, their |c|^2 */
    size_t n_cand, keep;        /* k-means++ pass: candidates, the one kept (or none) */
    double *trial;              /* n x trials k-means++ distances, or NULL (see fit_alloc) */
    size_t *tmp;                /* per task: sub labels */
    unsigned char *changed;     /* per task */
    double *closest, *cum;      /* n: k-means++ and relocation distances; running sums */
    int update;                 /* Lloyd tasks also sum rows into centres */
};

static void fit_free(struct fit *f)
{
    void *p[] = {f->mean, f->x, f->xn, f->c, f->cnew, f->cn, f->best_c, f->count, f->labels,
                 f->best_labels, f->cand, f->map, f->far, f->psum, f->pcnt, f->part, f->g, f->tmp,
                 f->changed, f->closest, f->cum, f->pc, f->pcn, f->trial};
    for (size_t i = 0; i < sizeof p / sizeof *p; i++)
        clearn__free(p[i]);
}

/* The task count: one per TASK_ROWS rows, at most MAX_TASKS, fewer when
 * their scratch would pass SCRATCH_CAP doubles. */
static size_t task_count(size_t n, size_t k, size_t d, size_t sub)
{
    size_t t = n / TASK_ROWS + (n % TASK_ROWS != 0), per = k * d + k + sub * (k + 16) + 2 * d + 64;
    if (t > MAX_TASKS)
        t = MAX_TASKS;
    if (t > SCRATCH_CAP / per)
        t = SCRATCH_CAP / per;
    return t ? t : 1;
}

static void task_range(const struct fit *f, size_t t, size_t *r0, size_t *r1)
{
    *r0 = t * f->task_rows < f->n ? t * f->task_rows : f->n;
    *r1 = *r0 + f->task_rows < f->n ? *r0 + f->task_rows : f->n;
}

static int fit_alloc(struct fit *f, clearn_error *err)
{
    size_t n = f->n, d = f->d, k = f->k, t, sub;
    f->cen.sub = sub = sub_rows(k, d);
    f->n_tasks = t = task_count(n, k, d, sub);
    f->task_rows = n / t + (n % t != 0);
    f->trials = 2 + (size_t)log((double)k);
    f->mean = clearn__mallocarray(d, sizeof *f->mean);
    f->x = clearn__mallocarray(n, d * sizeof *f->x);
    f->xn = clearn__mallocarray(n, sizeof *f->xn);
    f->c = clearn__mallocarray(k, d * sizeof *f->c);
    f->cnew = clearn__mallocarray(k, d * sizeof *f->cnew);
    f->best_c = clearn__mallocarray(k, d * sizeof *f->best_c);
    f->cn = clearn__mallocarray(k, sizeof *f->cn);
    f->count = clearn__mallocarray(k, sizeof *f->count);
    f->labels = clearn__mallocarray(n, sizeof *f->labels);
    f->best_labels = clearn__mallocarray(n, sizeof *f->best_labels);
    f->cand = clearn__mallocarray(f->trials, sizeof *f->cand);
    f->far = clearn__mallocarray(k, sizeof *f->far);
    f->map = clearn__mallocarray(k, sizeof *f->map);
    f->psum = clearn__mallocarray(t, k * d * sizeof *f->psum);
    f->pcnt = clearn__mallocarray(t, k * sizeof *f->pcnt);
    f->part = clearn__mallocarray(t, (2 * d + f->trials) * sizeof *f->part);
    f->g_stride = sub * (k > f->trials ? k : f->trials);
    f->g = clearn__mallocarray(t, f->g_stride * sizeof *f->g);
    f->pc = clearn__mallocarray(f->trials, d * sizeof *f->pc);
    f->pcn = clearn__mallocarray(f->trials, sizeof *f->pcn);
    f->tmp = clearn__mallocarray(t, sub * sizeof *f->tmp);
    f->changed = clearn__malloc(t);
    f->closest = clearn__mallocarray(n, sizeof *f->closest);
    f->cum = clearn__mallocarray(n, sizeof *f->cum);
    /* k-means++ keeps its candidates' distances when they take no more
     * room than the data (or 8 MiB), else computes the winner's again */
    if (f->m->init == INIT_PP && k > 1 &&
        (f->trials <= d || n * f->trials <= ((size_t)1 << 20)) &&
        !(f->trial = clearn__mallocarray(n, f->trials * sizeof *f->trial)))
        return clearn__nomem(err);
    if (!f->mean || !f->x || !f->xn || !f->c || !f->cnew || !f->best_c || !f->cn || !f->count ||
        !f->labels || !f->best_labels || !f->cand || !f->far || !f->map || !f->psum || !f->pcnt ||
        !f->part || !f->g || !f->tmp || !f->changed || !f->closest || !f->cum ||
        !f->pc || !f->pcn)
        return clearn__nomem(err);
    return CLEARN_OK;
}

/* ---- fitting: the data ------------------------------------------------------------ */

/* Task: column sums of the task's rows (partial of the means), checking
 * their values. */
static int sum_task(void *ctx, size_t t, clearn_error *err)
{
    struct fit *f = ctx;
    const clearn_dataset *ds = f->ds;
    const size_t *feat = f->m->feat;
    double *s = f->part + t * (2 * f->d + f->trials);
    size_t r0, r1;
    task_range(f, t, &r0, &r1);
    memset(s, 0, f->d * sizeof *s);
    for (size_t i = r0; i < r1; i++) {
        const double *row = ds->x + i * ds->d;
        int ok = 1;
        for (size_t j = 0; j < f->d; j++) {
            s[j] += row[feat[j]];
            ok &= fabs(row[feat[j]]) <= MAX_VALUE;   /* NaN fails */
        }
        if (!ok)   /* the lowest task's error wins: the first bad row */
            return check_row(f->m, ds, i, err);
    }
    return CLEARN_OK;
}

/* Task: the task's rows centred, their squared lengths, and the partial
 * sums of squares of the centred values (for the variances). */
static int centre_task(void *ctx, size_t t, clearn_error *err)
{
    struct fit *f = ctx;
    const clearn_dataset *ds = f->ds;
    const size_t *feat = f->m->feat;
    size_t r0, r1, d = f->d;
    double *v = f->part + t * (2 * d + f->trials) + d;
    (void)err;
    task_range(f, t, &r0, &r1);
    memset(v, 0, d * sizeof *v);
    for (size_t i = r0; i < r1; i++) {
        double *row = f->x + i * d;
        for (size_t j = 0; j < d; j++) {
            row[j] = ds->x[i * ds->d + feat[j]] - f->mean[j];
            v[j] += row[j] * row[j];
        }
        f->xn[i] = sqnorm(row, d);
    }
    return CLEARN_OK;
}

/* Centres the features as scikit-learn does (results do not depend on
 * where the data lie) and sets the tolerance: tol x the mean of the
 * features' variances. */
static int prepare_data(struct fit *f, clearn_error *err)
{
    size_t d = f->d, stride = 2 * d + f->trials;
    double var = 0;
    int rc = clearn__parallel_for(f->n_tasks, f->threads, sum_task, f, err);
    if (rc != CLEARN_OK)
        return rc;
    for (size_t j = 0; j < d; j++) {
        double s = 0;
        for (size_t t = 0; t < f->n_tasks; t++)
            s += f->part[t * stride + j];
        f->mean[j] = s / (double)f->n;
    }
    if ((rc = clearn__parallel_for(f->n_tasks, f->threads, centre_task, f, err)) != CLEARN_OK)
        return rc;
    for (size_t j = 0; j < d; j++) {
        double s = 0;
        for (size_t t = 0; t < f->n_tasks; t++)
            s += f->part[t * stride + d + j];
        var += s / (double)f->n;
    }
    f->tol = f->m->tol * (var / (double)d);
    return CLEARN_OK;
}

/* ---- fitting: starting centres -------------------------------------------------- */

/* Task: for each candidate q, every row's squared distance to its
 * nearest centre if q were added, summed into the task's partials; when
 * f->keep names a candidate, its distances replace closest. Distances are
 * |x|^2 + |c|^2 - 2 x.c by dgemm, clipped at 0, as scikit-learn computes
 * them: only the draw depends on them, and the calls are fixed by the
 * data, so the draw does not depend on threads. They go to f->trial (n x
 * candidates) when there is one, else to the task's scratch. */
static int pp_task(void *ctx, size_t t, clearn_error *err)
{
    struct fit *f = ctx;
    size_t r0, r1, d = f->d, nc = f->n_cand, sub = f->cen.sub;
    double *pot = f->part + t * (2 * d + f->trials) + 2 * d;
    (void)err;
    task_range(f, t, &r0, &r1);
    for (size_t q = 0; q < nc; q++)
        pot[q] = 0;
    for (size_t r = r0; r < r1; r += sub) {
        size_t nr = r1 - r < sub ? r1 - r : sub;
        double *g = f->trial ? f->trial + r * nc : f->g + t * f->g_stride;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nr, (int)nc, (int)d, -2.0,
                    f->x + r * d, (int)d, f->pc, (int)d, 0.0, g, (int)nc);
        for (size_t i = 0; i < nr; i++) {
            double *gi = g + i * nc, near = f->closest[r + i];
            for (size_t q = 0; q < nc; q++) {
                double v = gi[q] + f->xn[r + i] + f->pcn[q];
                v = v < 0 ? 0 : v < near ? v : near;
                pot[q] += v;
                gi[q] = v;
            }
            if (f->keep < nc)
                f->closest[r + i] = gi[f->keep];
        }
    }
    return CLEARN_OK;
}

/* Runs pp_task over the candidates cand[0..nc): sums[q] receives each
 * one's total; keep < nc: that candidate's distances become closest. */
static int pp_pass(struct fit *f, size_t nc, size_t keep, double *sums, clearn_error *err)
{
    size_t stride = 2 * f->d + f->trials;
    int rc;
    for (size_t q = 0; q < nc; q++) {
        memcpy(f->pc + q * f->d, f->x + f->cand[q] * f->d, f->d * sizeof *f->pc);
        f->pcn[q] = f->xn[f->cand[q]];
    }
    f->n_cand = nc;
    f->keep = keep;
    if ((rc = clearn__parallel_for(f->n_tasks, f->threads, pp_task, f, err)) != CLEARN_OK)
        return rc;
    for (size_t q = 0; q < nc; q++) {
        sums[q] = 0;
        for (size_t t = 0; t < f->n_tasks; t++)
            sums[q] += f->part[t * stride + 2 * f->d + q];
    }
    return CLEARN_OK;
}

/* First row whose running sum of closest reaches v (numpy's searchsorted
 * on the cumulative sums), the last row when none does. cum: n scratch. */
static size_t draw_row(const double *cum, size_t n, double v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cum[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n ? lo : n - 1;
}

/* Greedy k-means++ (scikit-learn's _kmeans_plusplus): a first centre at
 * random; then, for each next one, `trials` rows drawn with probability
 * proportional to their squared distance to the nearest centre, keeping
 * the one that lowers the sum of those distances most (the first on
 * ties). One pass over the rows gives every candidate's sum; the
 * winner's distances are kept from it (f->trial) or computed again. */
static int init_pp(struct fit *f, clearn_rng *r, clearn_error *err)
{
    double pot, sums[64];
    size_t n = f->n, d = f->d;
    int rc;
    for (size_t i = 0; i < n; i++)
        f->closest[i] = INFINITY;
    f->cand[0] = (size_t)clearn_rng_below(r, n);
    memcpy(f->c, f->x + f->cand[0] * d, d * sizeof *f->c);
    if ((rc = pp_pass(f, 1, 0, &pot, err)) != CLEARN_OK)
        return rc;
    for (size_t c = 1; c < f->k; c++) {
        size_t best = 0;
        double run = 0;
        for (size_t i = 0; i < n; i++) {
            run += f->closest[i];
            f->cum[i] = run;
        }
        for (size_t q = 0; q < f->trials; q++)
            f->cand[q] = draw_row(f->cum, n, clearn_rng_uniform(r) * pot);
        if ((rc = pp_pass(f, f->trials, SIZE_MAX, sums, err)) != CLEARN_OK)
            return rc;
        for (size_t q = 1; q < f->trials; q++)
            if (sums[q] < sums[best])
                best = q;
        /* the winner's distances become closest: kept from the pass, or
         * the same products again (bit for bit) */
        if (f->trial)
            for (size_t i = 0; i < n; i++)
                f->closest[i] = f->trial[i * f->trials + best];
        else if ((rc = pp_pass(f, f->trials, best, sums, err)) != CLEARN_OK)
            return rc;
        pot = sums[best];
        memcpy(f->c + c * d, f->x + f->cand[best] * d, d * sizeof *f->c);
    }
    return CLEARN_OK;
}

/* The starting centres of run `run` into f->c. */
static int init_centres(struct fit *f, size_t run, clearn_error *err)
{
    const struct kmeans *m = f->m;
    clearn_rng r;
    int rc;
    clearn_rng_seed(&r, (uint64_t)m->seed, run);
    if (m->init == INIT_PP)
        return init_pp(f, &r, err);
    if (m->init == INIT_FIRST) {
        memcpy(f->c, f->x, f->k * f->d * sizeof *f->c);
        return CLEARN_OK;
    }
    /* k distinct rows in random order (the labels' storage as scratch) */
    if ((rc = clearn_rng_sample(&r, f->n, f->k, 0, f->labels, err)) != CLEARN_OK)
        return rc;
    for (size_t c = 0; c < f->k; c++)
        memcpy(f->c + c * f->d, f->x + f->labels[c] * f->d, f->d * sizeof *f->c);
    return CLEARN_OK;
}

/* ---- fitting: Lloyd iterations ------------------------------------------------------ */

/* Task: the labels of the task's rows for the centres in f->cen (noting
 * whether any changed) and, when updating, their sums and counts per
 * cluster, in row order. */
static int lloyd_task(void *ctx, size_t t, clearn_error *err)
{
    struct fit *f = ctx;
    size_t r0, r1, d = f->d, k = f->k, sub = f->cen.sub, *tmp = f->tmp + t * sub;
    double *sum = f->psum + t * k * d, *cnt = f->pcnt + t * k, *g = f->g + t * f->g_stride;
    unsigned char changed = 0;
    (void)err;
    task_range(f, t, &r0, &r1);
    if (f->update) {
        memset(sum, 0, k * d * sizeof *sum);
        memset(cnt, 0, k * sizeof *cnt);
    }
    for (size_t r = r0; r < r1; r += sub) {
        size_t nr = r1 - r < sub ? r1 - r : sub;
        assign_rows(&f->cen, f->x + r * d, f->xn + r, f->x + r * d, nr, g, tmp);
        for (size_t i = 0; i < nr; i++) {
            const double *row = f->x + (r + i) * d;
            double *s = sum + tmp[i] * d;
            changed |= tmp[i] != f->labels[r + i];
            f->labels[r + i] = tmp[i];
            if (!f->update)
                continue;
            for (size_t j = 0; j < d; j++)
                s[j] += row[j];
            cnt[tmp[i]] += 1;
        }
    }
    f->changed[t] = changed;
    return CLEARN_OK;
}

/* Assigns every row to its nearest centre in f->c; *changed: some label
 * changed. update: also the per-task sums. */
static int assign_all(struct fit *f, int update, int *changed, clearn_error *err)
{
    int rc;
    for (size_t j = 0; j < f->k; j++)
        f->cn[j] = sqnorm(f->c + j * f->d, f->d);
    f->cen.k = f->k;
    f->cen.d = f->d;
    f->cen.cs = f->cen.ce = f->c;
    f->cen.csn = f->cn;
    f->cen.f = bound_factor(f->d);
    f->update = update;
    if ((rc = clearn__parallel_for(f->n_tasks, f->threads, lloyd_task, f, err)) != CLEARN_OK)
        return rc;
    *changed = 0;
    for (size_t t = 0; t < f->n_tasks; t++)
        *changed |= f->changed[t];
    return CLEARN_OK;
}

/* The tasks' sums and counts added in task order into cnew and count. */
static void add_partials(struct fit *f)
{
    size_t kd = f->k * f->d;
    memset(f->cnew, 0, kd * sizeof *f->cnew);
    memset(f->count, 0, f->k * sizeof *f->count);
    for (size_t t = 0; t < f->n_tasks; t++) {
        for (size_t i = 0; i < kd; i++)
            f->cnew[i] += f->psum[t * kd + i];
        for (size_t c = 0; c < f->k; c++)
            f->count[c] += f->pcnt[t * f->k + c];
    }
}

/* Task: each row's squared distance to its centre in f->c, into closest;
 * the task's total into its first partial. */
static int far_task(void *ctx, size_t t, clearn_error *err)
{
    struct fit *f = ctx;
    size_t r0, r1, d = f->d;
    double s = 0;
    (void)err;
    task_range(f, t, &r0, &r1);
    for (size_t i = r0; i < r1; i++) {
        f->closest[i] = sqdist(f->x + i * d, f->c + f->labels[i] * d, d);
        s += f->closest[i];
    }
    f->part[t * (2 * d + f->trials)] = s;
    return CLEARN_OK;
}

/* scikit-learn's _relocate_empty_clusters_dense: the empty clusters, in
 * increasing order, take the rows farthest from their centres (farthest
 * first, ties to the lower row), which leave their own clusters' sums. */
static int relocate(struct fit *f, clearn_error *err)
{
    size_t n_empty = 0, e = 0, d = f->d;
    clearn__topk top;
    int rc;
    for (size_t c = 0; c < f->k; c++)
        if (f->count[c] == 0) {
            f->count[c] = -1;   /* empty before any move */
            n_empty++;
        }
    if (!n_empty)
        return CLEARN_OK;
    if ((rc = clearn__parallel_for(f->n_tasks, f->threads, far_task, f, err)) != CLEARN_OK)
        return rc;
    top.h = f->far;
    top.k = n_empty;
    top.n = 0;
    for (size_t i = 0; i < f->n; i++)
        clearn__topk_push(&top, -f->closest[i], i);
    clearn__topk_sort(&top);
    for (size_t c = 0; c < f->k; c++) {
        size_t row, old;
        if (f->count[c] >= 0)
            continue;
        row = top.h[e++].i;
        old = f->labels[row];
        for (size_t j = 0; j < d; j++) {
            f->cnew[old * d + j] -= f->x[row * d + j];
            f->cnew[c * d + j] = f->x[row * d + j];
        }
        f->count[c] = 1;
        f->count[old] -= 1;
    }
    return CLEARN_OK;
}

/* Sums to means (times 1/count, as scikit-learn); returns the sum of the
 * squared shifts from f->c. */
static double average(struct fit *f)
{
    double shift = 0;
    for (size_t c = 0; c < f->k; c++) {
        double *cc = f->cnew + c * f->d, s;
        if (f->count[c] > 0) {
            double alpha = 1 / f->count[c];
            for (size_t j = 0; j < f->d; j++)
                cc[j] *= alpha;
        }
        s = sqrt(sqdist(cc, f->c + c * f->d, f->d));
        shift += s * s;
    }
    return shift;
}

/* One run of Lloyd's algorithm from the centres in f->c (scikit-learn's
 * _kmeans_single_lloyd): the final centres in f->c, labels in f->labels. */
static int lloyd(struct fit *f, double *inertia, size_t *iterations, clearn_error *err)
{
    size_t i, max_iter = (size_t)f->m->max_iter;
    int strict = 0, changed, rc;
    for (size_t r = 0; r < f->n; r++)
        f->labels[r] = SIZE_MAX;
    for (i = 0; i < max_iter; i++) {
        double shift, *t;
        if ((rc = assign_all(f, 1, &changed, err)) != CLEARN_OK)
            return rc;
        add_partials(f);
        if ((rc = relocate(f, err)) != CLEARN_OK)
            return rc;
        shift = average(f);
        t = f->c;
        f->c = f->cnew;
        f->cnew = t;
        if (!changed) {
            strict = 1;
            break;
        }
        if (shift <= f->tol)
            break;
    }
    *iterations = i < max_iter ? i + 1 : max_iter;
    if (!strict && (rc = assign_all(f, 0, &changed, err)) != CLEARN_OK)
        return rc;
    if ((rc = clearn__parallel_for(f->n_tasks, f->threads, far_task, f, err)) != CLEARN_OK)
        return rc;
    *inertia = 0;
    for (size_t t = 0; t < f->n_tasks; t++)
        *inertia += f->part[t * (2 * f->d + f->trials)];
    return CLEARN_OK;
}

/* 1 when labels b are labels a renamed (scikit-learn's _is_same_clustering). */
static int same_clustering(const struct fit *f, const size_t *a, const size_t *b)
{
    for (size_t c = 0; c < f->k; c++)
        f->map[c] = SIZE_MAX;
    for (size_t i = 0; i < f->n; i++) {
        if (f->map[a[i]] == SIZE_MAX)
            f->map[a[i]] = b[i];
        else if (f->map[a[i]] != b[i])
            return 0;
    }
    return 1;
}

/* Every run; the best one's centres, labels, inertia and iterations are
 * kept in best_c, best_labels, *inertia, *iterations. */
static int fit_runs(struct fit *f, double *inertia, size_t *iterations, clearn_error *err)
{
    const struct kmeans *m = f->m;
    size_t runs = m->init == INIT_FIRST ? 1 : m->n_init ? (size_t)m->n_init
                  : m->init == INIT_RANDOM ? 10 : 1;
    for (size_t run = 0; run < runs; run++) {
        double in;
        size_t it, *t;
        int rc = init_centres(f, run, err);
        if (rc == CLEARN_OK)
            rc = lloyd(f, &in, &it, err);
        if (rc != CLEARN_OK)
            return rc;
        if (run && !(in < *inertia && !same_clustering(f, f->labels, f->best_labels)))
            continue;
        memcpy(f->best_c, f->c, f->k * f->d * sizeof *f->c);
        t = f->best_labels;
        f->best_labels = f->labels;
        f->labels = t;
        *inertia = in;
        *iterations = it;
    }
    return CLEARN_OK;
}

/* ---- fitting: checks and the model ----------------------------------------------- */

/* The features: every attribute but the class, all numeric. */
static int pick_features(struct kmeans *m, const clearn_dataset *ds, clearn_error *err)
{
    m->cols = ds->d;
    m->cls = ds->cls;
    m->d = ds->cls == CLEARN_NONE ? ds->d : ds->d - 1;
    if (!m->d)
        return clearn__error(err, CLEARN_EINVAL,
                             "kmeans: the data has no attribute besides the class");
    if (m->d > INT_MAX / 2)   /* BLAS takes int sizes */
        return clearn__error(err, CLEARN_EINVAL, "kmeans: %zu attributes are too many", m->d);
    if (!(m->feat = clearn__mallocarray(m->d, sizeof *m->feat)))
        return clearn__nomem(err);
    for (size_t j = 0, f = 0; j < ds->d; j++) {
        if (j == ds->cls)
            continue;
        if (ds->attrs[j].kind == CLEARN_NOMINAL)
            return clearn__error(err, CLEARN_EINVAL,
                                 "kmeans: attribute '%s' is nominal; k-means measures numbers "
                                 "only (put 'onehot |' before kmeans)", ds->attrs[j].name);
        m->feat[f++] = j;
    }
    return CLEARN_OK;
}

/* The error for value v of row i (0-based), feature f: missing or too
 * large to square and sum. */
static int bad_value(const struct kmeans *m, const clearn_dataset *ds, size_t i, size_t f,
                     clearn_error *err)
{
    double v = ds->x[i * ds->d + m->feat[f]];
    const char *name = ds->attrs[m->feat[f]].name;
    if (isnan(v))
        return clearn__error(err, CLEARN_EINVAL,
                             "kmeans: row %zu: attribute '%s' is missing; k-means cannot "
                             "measure missing values (put 'impute |' before kmeans)", i + 1, name);
    return clearn__error(err, CLEARN_EINVAL,
                         "kmeans: row %zu: attribute '%s' is %g, beyond 1e150, where squared "
                         "distances overflow (scale the data, e.g. 'standardize |')", i + 1, name,
                         v);
}

/* Row i's features present and small enough to square and sum. */
static int check_row(const struct kmeans *m, const clearn_dataset *ds, size_t i,
                     clearn_error *err)
{
    const double *row = ds->x + i * ds->d;
    for (size_t f = 0; f < m->d; f++)
        if (!(fabs(row[m->feat[f]]) <= MAX_VALUE))   /* NaN too */
            return bad_value(m, ds, i, f, err);
    return CLEARN_OK;
}

/* predict's shifted centres: mu, cs, csn from the centres. */
static int derive(struct kmeans *m, clearn_error *err)
{
    size_t d = m->d;
    m->mu = clearn__calloc(d, sizeof *m->mu);
    m->cs = clearn__mallocarray(m->nk, d * sizeof *m->cs);
    m->csn = clearn__mallocarray(m->nk, sizeof *m->csn);
    if (!m->mu || !m->cs || !m->csn)
        return clearn__nomem(err);
    for (size_t c = 0; c < m->nk; c++)
        for (size_t j = 0; j < d; j++)
            m->mu[j] += m->centers[c * d + j];
    for (size_t j = 0; j < d; j++)
        m->mu[j] /= (double)m->nk;
    for (size_t c = 0; c < m->nk; c++) {
        for (size_t j = 0; j < d; j++)
            m->cs[c * d + j] = m->centers[c * d + j] - m->mu[j];
        m->csn[c] = sqnorm(m->cs + c * d, d);
    }
    return CLEARN_OK;
}

/* The model from the best run: centres moved back by the means. */
static int keep_model(struct kmeans *m, const struct fit *f, clearn_error *err)
{
    m->nk = f->k;
    m->rows = f->n;
    m->centers = clearn__mallocarray(f->k, f->d * sizeof *m->centers);
    m->sizes = clearn__calloc(f->k, sizeof *m->sizes);
    if (!m->centers || !m->sizes)
        return clearn__nomem(err);
    for (size_t c = 0; c < f->k; c++)
        for (size_t j = 0; j < f->d; j++)
            m->centers[c * f->d + j] = f->best_c[c * f->d + j] + f->mean[j];
    for (size_t i = 0; i < f->n; i++)
        m->sizes[f->best_labels[i]] += 1;
    return derive(m, err);
}

static int fit_model(struct kmeans *m, const clearn_dataset *ds, clearn_error *err)
{
    struct fit f;
    int rc;
    if ((rc = pick_features(m, ds, err)) != CLEARN_OK)
        return rc;
    if ((size_t)m->k > ds->n)
        return clearn__error(err, CLEARN_EINVAL, "kmeans: k=%ld clusters but only %zu rows "
                             "(lower k)", m->k, ds->n);
    memset(&f, 0, sizeof f);
    f.m = m;
    f.ds = ds;
    f.n = ds->n;
    f.d = m->d;
    f.k = (size_t)m->k;
    f.threads = clearn__resolve_threads(m->threads);
    if ((rc = fit_alloc(&f, err)) == CLEARN_OK && (rc = prepare_data(&f, err)) == CLEARN_OK &&
        (rc = fit_runs(&f, &m->inertia, &m->iterations, err)) == CLEARN_OK)
        rc = keep_model(m, &f, err);
    fit_free(&f);
    return rc;
}

static int kmeans_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    struct kmeans *m = st;
    int rc;
    kmeans_destroy(m);
    if ((rc = fit_model(m, train, err)) != CLEARN_OK)
        kmeans_destroy(m);
    return rc;
}

/* ---- predicting --------------------------------------------------------------------- */

struct pred {
    const struct kmeans *m;
    const clearn_dataset *x;
    double *out;
    int dist;                   /* distances to every centre instead of labels */
    size_t n_tasks, task_rows;
    struct centres cen;
    double *scratch;            /* per task: 2 sub x d rows, sub lengths, sub x k products */
    size_t *lab;                /* per task: sub labels */
};

static size_t pred_stride(const struct pred *p)
{
    return p->cen.sub * (2 * p->m->d + 1 + p->m->nk);
}

/* Task: the task's rows gathered (raw and shifted), then labels or
 * distances. */
static int pred_task(void *ctx, size_t t, clearn_error *err)
{
    struct pred *p = ctx;
    const struct kmeans *m = p->m;
    size_t d = m->d, sub = p->cen.sub, n = p->x->n, *lab = p->lab + t * sub;
    size_t r0 = t * p->task_rows < n ? t * p->task_rows : n;
    size_t r1 = r0 + p->task_rows < n ? r0 + p->task_rows : n;
    double *xr = p->scratch + t * pred_stride(p), *xs = xr + sub * d, *xn = xs + sub * d;
    double *g = xn + sub;
    for (size_t r = r0; r < r1; r += sub) {
        size_t nr = r1 - r < sub ? r1 - r : sub;
        for (size_t i = 0; i < nr; i++) {
            const double *row = p->x->x + (r + i) * p->x->d;
            int ok = 1;
            for (size_t j = 0; j < d; j++) {
                xr[i * d + j] = row[m->feat[j]];
                xs[i * d + j] = xr[i * d + j] - m->mu[j];
                ok &= fabs(xr[i * d + j]) <= MAX_VALUE;   /* NaN fails */
            }
            if (!ok)
                return check_row(m, p->x, r + i, err);
            xn[i] = sqnorm(xs + i * d, d);
        }
        if (p->dist) {
            for (size_t i = 0; i < nr; i++)
                for (size_t c = 0; c < m->nk; c++)
                    p->out[(r + i) * m->nk + c] = sqrt(sqdist(xr + i * d, m->centers + c * d, d));
            continue;
        }
        assign_rows(&p->cen, xs, xn, xr, nr, g, lab);
        for (size_t i = 0; i < nr; i++)
            p->out[r + i] = (double)lab[i];
    }
    return CLEARN_OK;
}

static int run_predict(const struct kmeans *m, const clearn_dataset *x, double *out, int dist,
                       clearn_error *err)
{
    struct pred p;
    int rc;
    if (x->d != m->cols || x->cls != m->cls)
        return clearn__error(err, CLEARN_ESCHEMA,
                             "kmeans: the data does not have the model's layout (%zu attributes "
                             "where the model has %zu)", x->d, m->cols);
    if (!x->n)
        return CLEARN_OK;
    memset(&p, 0, sizeof p);
    p.m = m;
    p.x = x;
    p.out = out;
    p.dist = dist;
    p.cen.k = m->nk;
    p.cen.d = m->d;
    p.cen.cs = m->cs;
    p.cen.csn = m->csn;
    p.cen.ce = m->centers;
    p.cen.f = bound_factor(m->d);
    p.cen.sub = sub_rows(m->nk, m->d);
    p.n_tasks = task_count(x->n, m->nk, m->d, p.cen.sub);
    p.task_rows = x->n / p.n_tasks + (x->n % p.n_tasks != 0);
    p.scratch = clearn__mallocarray(p.n_tasks, pred_stride(&p) * sizeof *p.scratch);
    p.lab = clearn__mallocarray(p.n_tasks, p.cen.sub * sizeof *p.lab);
    if (!p.scratch || !p.lab)
        rc = clearn__nomem(err);
    else
        rc = clearn__parallel_for(p.n_tasks, clearn__resolve_threads(m->threads), pred_task, &p,
                                  err);
    clearn__free(p.scratch);
    clearn__free(p.lab);
    return rc;
}

static int kmeans_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    return run_predict(st, x, out, 0, err);
}

static size_t kmeans_n_decision(const void *st)
{
    return ((const struct kmeans *)st)->nk;
}

static int kmeans_decision(const void *st, const clearn_dataset *x, double *out,
                           clearn_error *err)
{
    return run_predict(st, x, out, 1, err);
}

/* ---- model files ------------------------------------------------------------------- */

static int kmeans_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct kmeans *m = st;
    int rc = clearn_writer_size(w, "columns", m->cols, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "class", m->cls == CLEARN_NONE ? -1 : (long)m->cls, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "clusters", m->nk, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "rows", m->rows, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "iterations", m->iterations, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_double(w, "inertia", m->inertia, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "sizes", m->sizes, m->nk, err);
    if (rc == CLEARN_OK)
        rc = clearn__writer_long_doubles(w, "centers", m->centers, m->nk * m->d, err);
    return rc;
}

static int corrupt(clearn_error *err, const char *what)
{
    return clearn__error(err, CLEARN_ECORRUPT, "kmeans model: %s", what);
}

/* The sizes, each checked before anything is sized by it. */
static int load_sizes(struct kmeans *m, clearn_reader *r, clearn_error *err)
{
    long cls = 0;
    int rc = clearn_reader_size(r, "columns", &m->cols, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_int(r, "class", &cls, err);
    if (rc != CLEARN_OK)
        return rc;
    if (m->cols < 1 || m->cols > (size_t)1 << 20 || cls < -1 || cls >= (long)m->cols ||
        (cls >= 0 && m->cols < 2))
        return corrupt(err, "the attribute count or class column is out of range");
    m->cls = cls < 0 ? CLEARN_NONE : (size_t)cls;
    m->d = cls < 0 ? m->cols : m->cols - 1;
    if ((rc = clearn_reader_size(r, "clusters", &m->nk, err)) != CLEARN_OK)
        return rc;
    if (m->nk != (size_t)m->k)
        return corrupt(err, "the number of clusters differs from the parameter k");
    if ((rc = clearn_reader_size(r, "rows", &m->rows, err)) == CLEARN_OK)
        rc = clearn_reader_size(r, "iterations", &m->iterations, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_double(r, "inertia", &m->inertia, err);
    if (rc != CLEARN_OK)
        return rc;
    if (m->rows < m->nk)
        return corrupt(err, "fewer training rows than clusters");
    if (m->iterations < 1 || m->iterations > (size_t)m->max_iter)
        return corrupt(err, "the iteration count is not in [1, max_iter]");
    if (!isfinite(m->inertia) || m->inertia < 0)
        return corrupt(err, "the inertia is not a finite number >= 0");
    return CLEARN_OK;
}

/* Sizes are counts adding up to the rows; centres are finite. */
static int check_model(const struct kmeans *m, clearn_error *err)
{
    double total = 0;
    for (size_t c = 0; c < m->nk; c++) {
        if (!(m->sizes[c] >= 0) || m->sizes[c] != floor(m->sizes[c]))
            return corrupt(err, "a cluster size is not a count");
        total += m->sizes[c];
    }
    if (total != (double)m->rows)
        return corrupt(err, "the cluster sizes do not add up to the rows");
    for (size_t i = 0; i < m->nk * m->d; i++)
        if (!isfinite(m->centers[i]))
            return corrupt(err, "a centre is not finite");
    return CLEARN_OK;
}

static int load_model(struct kmeans *m, clearn_reader *r, clearn_error *err)
{
    int rc = load_sizes(m, r, err);
    if (rc != CLEARN_OK)
        return rc;
    if (!(m->feat = clearn__mallocarray(m->d, sizeof *m->feat)))
        return clearn__nomem(err);
    for (size_t j = 0, f = 0; j < m->cols; j++)
        if (j != m->cls)
            m->feat[f++] = j;
    if ((rc = clearn__reader_long_doubles(r, "sizes", m->nk, &m->sizes, err)) != CLEARN_OK)
        return rc;
    if (m->d > SIZE_MAX / sizeof(double) / m->nk)
        return corrupt(err, "too many centre values");
    if ((rc = clearn__reader_long_doubles(r, "centers", m->nk * m->d, &m->centers, err)) !=
        CLEARN_OK || (rc = check_model(m, err)) != CLEARN_OK)
        return rc;
    return derive(m, err);
}

static int kmeans_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct kmeans *m = st;
    int rc;
    kmeans_destroy(m);
    if ((rc = load_model(m, r, err)) != CLEARN_OK)
        kmeans_destroy(m);
    return rc;
}

/* ---- printing ----------------------------------------------------------------------- */

static size_t runs_of(const struct kmeans *m)
{
    return m->init == INIT_FIRST ? 1 : m->n_init ? (size_t)m->n_init
           : m->init == INIT_RANDOM ? 10 : 1;
}

static const char *attr_name(const struct kmeans *m, const clearn_dataset *schema, size_t f)
{
    return schema && m->feat[f] < schema->d ? schema->attrs[m->feat[f]].name : "?";
}

/* The centres as a table: one line per feature, one column per cluster. */
static int print_centres(const struct kmeans *m, const clearn_dataset *schema, FILE *out)
{
    int w = 9, ok = 1;
    for (size_t f = 0; f < m->d; f++) {
        size_t len = strlen(attr_name(m, schema, f));
        if (len > (size_t)w)
            w = len > 40 ? 40 : (int)len;
    }
    ok = fprintf(out, "%-*s", w, "cluster") >= 0;
    for (size_t c = 0; ok && c < m->nk; c++)
        ok = fprintf(out, " %12zu", c) >= 0;
    ok = ok && fprintf(out, "\n%-*s", w, "(rows)") >= 0;
    for (size_t c = 0; ok && c < m->nk; c++)
        ok = fprintf(out, " %12.0f", m->sizes[c]) >= 0;
    ok = ok && fputc('\n', out) != EOF;
    for (size_t f = 0; ok && f < m->d; f++) {
        ok = fprintf(out, "%-*s", w, attr_name(m, schema, f)) >= 0;
        for (size_t c = 0; ok && c < m->nk; c++)
            ok = fprintf(out, " %12.6g", m->centers[c * m->d + f]) >= 0;
        ok = ok && fputc('\n', out) != EOF;
    }
    return ok;
}

static int kmeans_print(const void *st, const clearn_dataset *schema, FILE *out, clearn_error *err)
{
    const struct kmeans *m = st;
    char inertia[CLEARN__DBL_BUF];
    size_t runs = runs_of(m);
    int ok;
    clearn__format_double(m->inertia, inertia);
    ok = fprintf(out, "k-means: %zu clusters of %zu rows x %zu features (init=%s, %zu run%s)\n"
                 "iterations: %zu\ninertia (sum of squared distances to the centres): %s\n\n",
                 m->nk, m->rows, m->d, init_names[m->init], runs, runs == 1 ? "" : "s",
                 m->iterations, inertia) >= 0;
    ok = ok && print_centres(m, schema, out);
    return ok ? CLEARN_OK : clearn__error(err, CLEARN_EIO, "kmeans: cannot write the model");
}

/* ---- include/clearn/cluster.h ------------------------------------------------------------ */

static const struct kmeans *kmeans_of(const clearn_estimator *e, const char *who,
                                      clearn_error *err)
{
    if (!e) {
        clearn__error(err, CLEARN_EINVAL, "%s: NULL estimator", who);
        return NULL;
    }
    if (clearn_estimator_get_type(e) != &clearn__kmeans_type) {
        clearn__error(err, CLEARN_EINVAL, "%s: the estimator is '%s', not kmeans", who,
                      clearn_estimator_get_type(e)->name);
        return NULL;
    }
    if (!clearn_estimator_is_fitted(e)) {
        clearn__error(err, CLEARN_ENOTFIT, "%s: kmeans is not fitted", who);
        return NULL;
    }
    return clearn__estimator_state(e);
}

int clearn_kmeans_info(const clearn_estimator *e, clearn_kmeans_stats *out, clearn_error *err)
{
    const struct kmeans *m = kmeans_of(e, "clearn_kmeans_info", err);
    if (!m)
        return err ? err->code : CLEARN_EINVAL;
    if (!out)
        return clearn__error(err, CLEARN_EINVAL, "clearn_kmeans_info: NULL output");
    out->k = m->nk;
    out->features = m->d;
    out->rows = m->rows;
    out->iterations = m->iterations;
    out->inertia = m->inertia;
    return CLEARN_OK;
}

int clearn_kmeans_centers(const clearn_estimator *e, double *out, size_t n, clearn_error *err)
{
    const struct kmeans *m = kmeans_of(e, "clearn_kmeans_centers", err);
    if (!m)
        return err ? err->code : CLEARN_EINVAL;
    if (n != m->nk * m->d || !out)
        return clearn__error(err, CLEARN_EINVAL, "clearn_kmeans_centers: room for %zu values "
                             "given; the centres are %zu x %zu = %zu", out ? n : 0, m->nk, m->d,
                             m->nk * m->d);
    memcpy(out, m->centers, n * sizeof *out);
    return CLEARN_OK;
}

int clearn_kmeans_sizes(const clearn_estimator *e, size_t *out, size_t n, clearn_error *err)
{
    const struct kmeans *m = kmeans_of(e, "clearn_kmeans_sizes", err);
    if (!m)
        return err ? err->code : CLEARN_EINVAL;
    if (n != m->nk || !out)
        return clearn__error(err, CLEARN_EINVAL, "clearn_kmeans_sizes: room for %zu counts "
                             "given; there are %zu clusters", out ? n : 0, m->nk);
    for (size_t c = 0; c < n; c++)
        out[c] = (size_t)m->sizes[c];
    return CLEARN_OK;
}

int clearn_kmeans_inertia(const clearn_estimator *e, double *inertia, clearn_error *err)
{
    const struct kmeans *m = kmeans_of(e, "clearn_kmeans_inertia", err);
    if (!m)
        return err ? err->code : CLEARN_EINVAL;
    if (!inertia)
        return clearn__error(err, CLEARN_EINVAL, "clearn_kmeans_inertia: NULL output");
    *inertia = m->inertia;
    return CLEARN_OK;
}

int clearn_kmeans_iterations(const clearn_estimator *e, size_t *iterations, clearn_error *err)
{
    const struct kmeans *m = kmeans_of(e, "clearn_kmeans_iterations", err);
    if (!m)
        return err ? err->code : CLEARN_EINVAL;
    if (!iterations)
        return clearn__error(err, CLEARN_EINVAL, "clearn_kmeans_iterations: NULL output");
    *iterations = m->iterations;
    return CLEARN_OK;
}

const clearn_estimator_type clearn__kmeans_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "kmeans",
    .summary = "k-means clustering (Lloyd, k-means++ starts; as scikit-learn's KMeans)",
    .tasks = CLEARN_CLUSTER,
    .params = kmeans_params,
    .n_params = N_PARAMS,
    .state_size = sizeof(struct kmeans),
    .fit = kmeans_fit,
    .predict = kmeans_predict,
    .save = kmeans_save,
    .load = kmeans_load,
    .destroy = kmeans_destroy,
    .print = kmeans_print,
    .n_decision = kmeans_n_decision,
    .decision = kmeans_decision,
};
