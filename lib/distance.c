/* clearn — nearest-neighbour search kernels: exact metrics, the top-k
 * list, the searcher and brute-force search (see lib/distance.h).
 *
 * Brute force for euclidean, sqeuclidean and cosine multiplies a block of
 * queries by a block of training rows with CBLAS (sgemm by default, dgemm
 * with screen=double), using |q - x|^2 = |q|^2 + |x|^2 - 2 q.x, and scans
 * the block of products at once against each query's current k-th
 * distance (a fused top-k: no n_query x n_train matrix exists; a task
 * holds at most 2^16 products). The products only screen: a row passes
 * when its approximate distance is within a rounding-error bound of the
 * k-th, and is then measured exactly in double, so neither cancellation
 * nor the products' precision can change the result.
 *
 * Where the time goes (100,000 x 32 training rows, 10,000 queries: 64
 * GFLOP): dgemm's kernel is about 70% of it. The rest is kept small by
 * (1) tasks of up to TASK_MAX queries that multiply each training block by
 * all their sub-blocks of queries while it is in cache (OpenBLAS packs it
 * from there, not from memory), and (2) the scan writing the next block's
 * squared lengths back into the line it has read, instead of a separate
 * copying pass before each product. Even so dgemm took 0.86-0.89 s here
 * against scikit-learn's 1.99 s (0.43x; its kernel alone, at about 48
 * GFLOP/s per core, is 0.67 s), so the default is sgemm: half the kernel's
 * time, and a wider bound (float rounding, made small by centring and
 * scaling the rows) that sends only a few more rows to the exact check;
 * 0.54 s, and the same neighbours.
 *
 * Threads. Query tasks run on the pool. OpenBLAS runs a product on
 * threads of its own when m*n*k exceeds 65536 * 4 (its
 * GEMM_MULTITHREAD_THRESHOLD, unless OPENBLAS_NUM_THREADS=1), and such
 * calls from two of our threads wait for each other on its level-3 lock:
 * measured on 2 cores, 22 GFLOP/s instead of 75. When both would thread,
 * gemm_plan keeps every call within that size, so OpenBLAS computes it in
 * the calling thread; that repacks the training block more often (15% more
 * processor time measured). openblas_set_num_threads is process-wide and
 * not thread-safe, so the library never calls it: the user may set
 * OPENBLAS_NUM_THREADS=1 (clearn_knn(3), NOTES). */
#include "config.h"
#include <cblas.h>
#include <float.h>
#include <math.h>
#include <string.h>
#if defined(__GNUC__) && defined(__x86_64__)
#define SCAN_AVX2 1
#include <immintrin.h>
#else
#define SCAN_AVX2 0
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#endif
#include "internal.h"
#include "pool.h"
#include "distance.h"

#define QBLOCK 256          /* queries per dgemm call, and per tree task */
#define TASK_MAX 1024       /* queries per brute-force task at most */
#define SLICE_MIN 8192      /* training rows per slice at least (few queries) */
#define SLICE_K 1024        /* k up to which few queries split the training rows */
#define SMALL_MNK 262144.0  /* OpenBLAS stays single-threaded up to this m*n*k */
#define BIG_MNK 2097152.0   /* m*n*k of a dgemm call otherwise */
#define C_DOUBLES 65536     /* products per dgemm call at most (512 KiB) */
#define XBLOCK 256          /* training rows per block of the exact scan */

/* ---- metrics ------------------------------------------------------------ */

void clearn__metric_init(clearn__metric *m, int kind, double p, size_t d)
{
    memset(m, 0, sizeof *m);
    if (kind == CLEARN__MINKOWSKI && p == 1)
        kind = CLEARN__MANHATTAN;
    else if (kind == CLEARN__MINKOWSKI && p == 2)
        kind = CLEARN__EUCLIDEAN;
    m->kind = kind;
    m->p = kind == CLEARN__MINKOWSKI ? p : 2;
    m->d = d;
}

int clearn__metric_tree_ok(const clearn__metric *m)
{
    return m->kind <= CLEARN__MINKOWSKI;
}

/* Weka's normalisation of a numeric value to its training range. */
static double mixed_norm(const clearn__metric *m, size_t j, double v)
{
    if (isnan(m->lo[j]) || m->width[j] == 0)
        return 0;
    return (v - m->lo[j]) / m->width[j];
}

/* Weka's NormalizableDistance.difference: nominal values differ by 0 or 1
 * (1 when either is missing); numeric ones by their normalised difference;
 * both missing: 1; one missing: the other's normalised distance to the
 * farther end of the range. */
static double mixed_diff(const clearn__metric *m, size_t j, double a, double b)
{
    double v;
    if (m->nominal[j])
        return isnan(a) || isnan(b) || a != b ? 1 : 0;
    if (isnan(a) && isnan(b))
        return 1;
    if (!isnan(a) && !isnan(b))
        return mixed_norm(m, j, a) - mixed_norm(m, j, b);
    v = mixed_norm(m, j, isnan(a) ? b : a);
    return v < 0.5 ? 1 - v : v;
}

static double r_manhattan(const double *a, const double *b, size_t d, double bound)
{
    double s = 0;
    for (size_t j = 0; j < d; j++) {
        s += fabs(a[j] - b[j]);
        if (s > bound)
            break;
    }
    return s;
}

static double r_chebyshev(const double *a, const double *b, size_t d, double bound)
{
    double s = 0;
    for (size_t j = 0; j < d; j++) {
        double t = fabs(a[j] - b[j]);
        if (t > s)
            s = t;
        if (s > bound)
            break;
    }
    return s;
}

static double r_minkowski(const double *a, const double *b, size_t d, double p, double bound)
{
    double s = 0;
    for (size_t j = 0; j < d; j++) {
        s += pow(fabs(a[j] - b[j]), p);
        if (s > bound)
            break;
    }
    return s;
}

static double r_cosine(const double *a, const double *b, size_t d)
{
    double s = 0, r;
    for (size_t j = 0; j < d; j++)
        s += a[j] * b[j];
    r = 1 - s;
    return r < 0 ? 0 : r > 2 ? 2 : r;
}

static double r_hamming(const double *a, const double *b, size_t d, double bound)
{
    size_t diff = 0;
    for (size_t j = 0; j < d; j++)
        diff += a[j] != b[j];   /* NaN differs from everything */
    (void)bound;
    return (double)diff / (double)d;
}

static double r_mixed(const clearn__metric *m, const double *a, const double *b, double bound)
{
    double s = 0;
    for (size_t j = 0; j < m->d; j++) {
        double t = mixed_diff(m, j, a[j], b[j]);
        s += t * t;
        if (s > bound)
            break;
    }
    return s;
}

double clearn__rdist(const clearn__metric *m, const double *a, const double *b, double bound)
{
    switch (m->kind) {
    case CLEARN__EUCLIDEAN:
    case CLEARN__SQEUCLIDEAN: return clearn__r_squares(a, b, m->d, bound);
    case CLEARN__MANHATTAN: return r_manhattan(a, b, m->d, bound);
    case CLEARN__CHEBYSHEV: return r_chebyshev(a, b, m->d, bound);
    case CLEARN__MINKOWSKI: return r_minkowski(a, b, m->d, m->p, bound);
    case CLEARN__COSINE: return r_cosine(a, b, m->d);
    case CLEARN__HAMMING: return r_hamming(a, b, m->d, bound);
    default: return r_mixed(m, a, b, bound);
    }
}

double clearn__dist_from_r(const clearn__metric *m, double r)
{
    switch (m->kind) {
    case CLEARN__EUCLIDEAN:
    case CLEARN__MIXED: return sqrt(r);
    case CLEARN__MINKOWSKI: return pow(r, 1 / m->p);
    default: return r;
    }
}

double clearn__r_from_dist(const clearn__metric *m, double dist)
{
    switch (m->kind) {
    case CLEARN__EUCLIDEAN:
    case CLEARN__MIXED: return dist * dist;
    case CLEARN__MINKOWSKI: return pow(dist, m->p);
    default: return dist;
    }
}

void clearn__metric_prepare(const clearn__metric *m, double *row)
{
    double big = 0, s = 0;
    if (m->kind != CLEARN__COSINE)
        return;
    /* Scaled by the largest entry first so the length cannot overflow. */
    for (size_t j = 0; j < m->d; j++)
        if (fabs(row[j]) > big)
            big = fabs(row[j]);
    if (big == 0)
        return;
    for (size_t j = 0; j < m->d; j++) {
        row[j] /= big;
        s += row[j] * row[j];
    }
    s = sqrt(s);
    for (size_t j = 0; j < m->d; j++)
        row[j] /= s;
}

/* ---- top-k ---------------------------------------------------------------- */

static int nbr_less(const clearn__nbr *a, const clearn__nbr *b)
{
    return a->r < b->r || (a->r == b->r && a->i < b->i);
}

static void sift_down(clearn__nbr *h, size_t n, size_t at)
{
    clearn__nbr v = h[at];
    for (;;) {
        size_t c = 2 * at + 1;
        if (c >= n)
            break;
        if (c + 1 < n && nbr_less(&h[c], &h[c + 1]))
            c++;
        if (!nbr_less(&v, &h[c]))
            break;
        h[at] = h[c];
        at = c;
    }
    h[at] = v;
}

int clearn__topk_push(clearn__topk *t, double r, size_t i)
{
    clearn__nbr v;
    v.r = isnan(r) ? INFINITY : r;
    v.i = i;
    if (t->n < t->k) {
        size_t at = t->n++;
        while (at > 0 && nbr_less(&t->h[(at - 1) / 2], &v)) {
            t->h[at] = t->h[(at - 1) / 2];
            at = (at - 1) / 2;
        }
        t->h[at] = v;
        return 1;
    }
    if (!t->k || !nbr_less(&v, &t->h[0]))
        return 0;
    t->h[0] = v;
    sift_down(t->h, t->n, 0);
    return 1;
}

void clearn__topk_sort(clearn__topk *t)
{
    for (size_t n = t->n; n > 1; n--) {
        clearn__nbr top = t->h[0];
        t->h[0] = t->h[n - 1];
        t->h[n - 1] = top;
        sift_down(t->h, n - 1, 0);
    }
}

/* ---- the searcher ----------------------------------------------------------- */

void clearn__nn_free(clearn__nn *nn)
{
    clearn__tree_free(nn->tree);
    clearn__free(nn->x);
    clearn__free(nn->raw);
    clearn__free(nn->id);
    clearn__free(nn->sq);
    clearn__free(nn->xf);
    clearn__free(nn->sqf);
    clearn__free(nn->mu);
    memset(nn, 0, sizeof *nn);
}

static int screen_setup(clearn__nn *nn, int precision, clearn_error *err);

int clearn__nn_build(clearn__nn *nn, double *x, size_t n, size_t d, const clearn__metric *m,
                     int method, int screen, size_t leaf_size, size_t threads,
                     clearn_error *err)
{
    int rc = CLEARN_OK;
    memset(nn, 0, sizeof *nn);
    nn->m = *m;
    nn->method = method;
    nn->n = n;
    nn->d = d;
    nn->leaf_size = leaf_size ? leaf_size : 1;
    nn->x = x;
    if (m->kind == CLEARN__COSINE) {
        nn->raw = x;
        if (!(nn->x = clearn__mallocarray(n, d * sizeof *x))) {
            rc = clearn__nomem(err);
            goto done;
        }
        memcpy(nn->x, x, n * d * sizeof *x);
        for (size_t i = 0; i < n; i++)
            clearn__metric_prepare(m, nn->x + i * d);
    }
    if (method == CLEARN__BRUTE && (m->kind == CLEARN__EUCLIDEAN ||
                                    m->kind == CLEARN__SQEUCLIDEAN || m->kind == CLEARN__COSINE))
        rc = screen_setup(nn, screen, err);
    else if (method != CLEARN__BRUTE)
        rc = clearn__tree_build(nn, threads, err);
done:
    if (rc != CLEARN_OK)
        clearn__nn_free(nn);
    return rc;
}

const double *clearn__nn_row(const clearn__nn *nn, const size_t *inv, size_t i)
{
    if (nn->raw)
        return nn->raw + i * nn->d;
    return nn->x + (inv ? inv[i] : i) * nn->d;
}

int clearn__nn_inverse(const clearn__nn *nn, size_t **inv, clearn_error *err)
{
    *inv = NULL;
    if (!nn->id)
        return CLEARN_OK;
    if (!(*inv = clearn__mallocarray(nn->n, sizeof **inv)))
        return clearn__nomem(err);
    for (size_t s = 0; s < nn->n; s++)
        (*inv)[nn->id[s]] = s;
    return CLEARN_OK;
}

/* ---- brute force ------------------------------------------------------------ */

#ifdef __GNUC__
/* Present when the BLAS linked is OpenBLAS (weak: other BLAS libraries
 * link too). */
extern int openblas_get_num_threads(void) __attribute__((weak));
#endif

/* 1 when dgemm may run on threads of its own. */
static int blas_threaded(void)
{
#ifdef __GNUC__
    return openblas_get_num_threads && openblas_get_num_threads() > 1;
#else
    return 1;
#endif
}

/* The shape of the dgemm calls: mb queries by nb training rows, nb a
 * multiple of 8. Each call packs its training block (the costlier copy,
 * a transposition: about 4 times the other per value) and its queries;
 * packing costs about 4/mb + 1/nb per product. Large calls (256 queries by
 * 2^21/(256 d) rows, within [64, 2048], at most 2^16 products) keep that
 * small. When several pool
 * threads run and OpenBLAS has threads of its own, a call must stay within
 * OpenBLAS's single-thread size, mb x nb x d <= 2^18: mb = 2 nb then
 * minimises the packing (128 x 64 for d = 32). */
static void gemm_plan(size_t d, size_t threads, size_t *mb, size_t *nb)
{
    double rows;
    if (threads > 1 && blas_threaded()) {
        double budget = SMALL_MNK / (double)d, m = sqrt(2 * budget);
        *mb = m > QBLOCK ? QBLOCK : m < 8 ? 8 : (size_t)m;
        *mb -= *mb % 8;
        rows = budget / (double)*mb;
        *nb = rows > 2048 ? 2048 : rows < 8 ? 8 : (size_t)rows;
    } else {
        *mb = QBLOCK;
        rows = BIG_MNK / ((double)QBLOCK * (double)d);
        *nb = rows > 2048 ? 2048 : rows < 64 ? 64 : (size_t)rows;
    }
    if (*nb > C_DOUBLES / *mb)   /* the products stay in a core's cache */
        *nb = C_DOUBLES / *mb;
    *nb -= *nb % 8;
}

/* ---- search ------------------------------------------------------------------ */

/* Every query against training rows [lo, hi) with the exact kernel, a
 * block of training rows at a time (kept in cache across the queries). */
static void exact_search(const clearn__nn *nn, const double *qb, size_t m, clearn__topk *top,
                         size_t lo, size_t hi)
{
    size_t d = nn->d;
    for (size_t tb = lo; tb < hi; tb += XBLOCK) {
        size_t end = hi - tb < XBLOCK ? hi : tb + XBLOCK;
        for (size_t i = 0; i < m; i++) {
            clearn__topk *t = &top[i];
            double bound = clearn__topk_bound(t);
            for (size_t j = tb; j < end; j++) {
                double r = clearn__rdist(&nn->m, qb + i * d, nn->x + j * d, bound);
                if (r <= bound && clearn__topk_push(t, r, j))
                    bound = clearn__topk_bound(t);
            }
        }
    }
}

struct search {
    const clearn__nn *nn;
    const clearn__rows *q;
    size_t k;
    clearn__nn_visit visit;
    void *ctx;
    size_t extra;       /* doubles of scratch for visit */
    size_t tq;          /* queries per task */
    size_t mb, nb;      /* the dgemm shape (gemm_plan) */
    /* Brute force with few queries also splits the training rows: task t
     * takes query block t / slices and rows [rows * (t % slices), + rows),
     * keeping its k nearest of them in part (query i, slice l: k entries
     * from (i * slices + l) * k, cnt[i * slices + l] of them); the lists
     * are merged when all tasks are done. slices = 1: no split. */
    size_t slices, rows;
    clearn__nbr *part;
    size_t *cnt;
};

/* Working memory of one task. */
struct scratch {
    double *qb, *qs, *c, *extra;
    double *lim;        /* the screen's per-query values, 4 x tq */
    float *limf;
    clearn__nbr *heap;
    clearn__topk *top;
};

/* ---- the screen -------------------------------------------------------------
 *
 * Per query and training row, the screen computes with BLAS, in its own
 * units: euclidean |x'|^2 - 2 q'.x', where x' = (x - mu) s and q' likewise
 * (double: mu = 0, s = 1; single: mu the training mean, s a power of two
 * making the largest |x'| about 1, and x', q' rounded to float), to be
 * compared with k-th s^2 - |q'|^2; cosine -u.v of the unit rows, compared
 * with k-th - 1. A value within the slack of its limit sends the row to the
 * exact kernel (on the double rows as given). */

/* The slack: the rounding error of the screen's value, as a bound. With
 * unit roundoff u and L = |q'| + |x'|, Higham's bound for dot products
 * (any summation order, FMA or not) gives |error| <= (d + 2) u L^2 for the
 * products and norms; rounding q and x to float adds 3 u L^2 and the float
 * sum another u L^2. Four times that, and an absolute term for values that
 * underflow float. */
static double screen_slack(const clearn__nn *nn, double qlen, double xlen)
{
    double d = (double)nn->d, l = qlen + xlen;
    if (nn->screen == CLEARN__SCREEN_DOUBLE)
        return 4 * (d + 4) * DBL_EPSILON * l * l;
    return 4 * (2 * d + 8) * FLT_EPSILON * l * l + d * 0x1p-100;
}

/* The screen of a task's m queries: per training block, c holds a line
 * of nb values per query of a sub-block of at most mb (query r0 + r, row
 * j at c[r * nb + j]), doubles or floats. */
struct screen {
    const clearn__nn *nn;
    const double *q;            /* m prepared query rows (for exact distances) */
    const void *qs;             /* the same in screen units */
    size_t m;
    clearn__topk *top;
    double s2;                  /* s^2 */
    double *lim, *base, *slack, *len;   /* m of each */
    float *limf;                /* lim rounded up to a float */
};

static void screen_limit(struct screen *s, size_t r)
{
    double lim = clearn__topk_bound(&s->top[r]) * s->s2 - s->base[r] + s->slack[r];
    s->lim[r] = lim;
    if (s->nn->screen == CLEARN__SCREEN_SINGLE) {
        float f = (float)lim;
        if ((double)f < lim)
            f = nextafterf(f, INFINITY);
        s->limf[r] = isnan(lim) ? INFINITY : f;
    }
}

/* The first group of 16 values from c[j] on (j and full multiples of 16)
 * holding one <= lim, or full when none does; the groups passed over are
 * overwritten with fill's (the next product's starting values, so that no
 * separate pass copies them in). This runs once per training row and query
 * (10^9 times for 10^4 queries x 10^5 rows): AVX2 where the processor has
 * it, else SSE2 (every x86-64), else plain C. */
typedef size_t (*scan_d)(double *c, const double *fill, size_t j, size_t full, double lim);
typedef size_t (*scan_f)(float *c, const float *fill, size_t j, size_t full, float lim);

#ifdef __SSE2__
static size_t scan_d_sse2(double *c, const double *fill, size_t j, size_t full, double lim)
{
    __m128d l = _mm_set1_pd(lim);
    for (; j < full; j += 16) {
        __m128d a = _mm_setzero_pd();
        for (size_t u = 0; u < 16; u += 2)
            a = _mm_or_pd(a, _mm_cmple_pd(_mm_loadu_pd(c + j + u), l));
        if (_mm_movemask_pd(a))
            break;
        for (size_t u = 0; u < 16; u += 2)
            _mm_storeu_pd(c + j + u, _mm_loadu_pd(fill + j + u));
    }
    return j;
}

static size_t scan_f_sse2(float *c, const float *fill, size_t j, size_t full, float lim)
{
    __m128 l = _mm_set1_ps(lim);
    for (; j < full; j += 16) {
        __m128 a = _mm_setzero_ps();
        for (size_t u = 0; u < 16; u += 4)
            a = _mm_or_ps(a, _mm_cmple_ps(_mm_loadu_ps(c + j + u), l));
        if (_mm_movemask_ps(a))
            break;
        for (size_t u = 0; u < 16; u += 4)
            _mm_storeu_ps(c + j + u, _mm_loadu_ps(fill + j + u));
    }
    return j;
}
#else
static size_t scan_d_plain(double *c, const double *fill, size_t j, size_t full, double lim)
{
    for (; j < full; j += 16) {
        int hit = 0;
        for (size_t u = 0; u < 16; u++)
            hit |= c[j + u] <= lim;
        if (hit)
            break;
        memcpy(c + j, fill + j, 16 * sizeof *c);
    }
    return j;
}

static size_t scan_f_plain(float *c, const float *fill, size_t j, size_t full, float lim)
{
    for (; j < full; j += 16) {
        int hit = 0;
        for (size_t u = 0; u < 16; u++)
            hit |= c[j + u] <= lim;
        if (hit)
            break;
        memcpy(c + j, fill + j, 16 * sizeof *c);
    }
    return j;
}
#endif

#if SCAN_AVX2
__attribute__((target("avx2"))) static size_t scan_d_avx2(double *c, const double *fill,
                                                           size_t j, size_t full, double lim)
{
    __m256d l = _mm256_set1_pd(lim);
    for (; j < full; j += 16) {
        __m256d a = _mm256_or_pd(_mm256_cmp_pd(_mm256_loadu_pd(c + j), l, _CMP_LE_OQ),
                                 _mm256_cmp_pd(_mm256_loadu_pd(c + j + 4), l, _CMP_LE_OQ));
        __m256d b = _mm256_or_pd(_mm256_cmp_pd(_mm256_loadu_pd(c + j + 8), l, _CMP_LE_OQ),
                                 _mm256_cmp_pd(_mm256_loadu_pd(c + j + 12), l, _CMP_LE_OQ));
        if (_mm256_movemask_pd(_mm256_or_pd(a, b)))
            break;
        for (size_t u = 0; u < 16; u += 4)
            _mm256_storeu_pd(c + j + u, _mm256_loadu_pd(fill + j + u));
    }
    return j;
}

__attribute__((target("avx2"))) static size_t scan_f_avx2(float *c, const float *fill,
                                                           size_t j, size_t full, float lim)
{
    __m256 l = _mm256_set1_ps(lim);
    for (; j < full; j += 16) {
        __m256 a = _mm256_or_ps(_mm256_cmp_ps(_mm256_loadu_ps(c + j), l, _CMP_LE_OQ),
                                _mm256_cmp_ps(_mm256_loadu_ps(c + j + 8), l, _CMP_LE_OQ));
        if (_mm256_movemask_ps(a))
            break;
        _mm256_storeu_ps(c + j, _mm256_loadu_ps(fill + j));
        _mm256_storeu_ps(c + j + 8, _mm256_loadu_ps(fill + j + 8));
    }
    return j;
}
#endif

static scan_d pick_scan_d(void)
{
#if SCAN_AVX2
    if (__builtin_cpu_supports("avx2"))
        return scan_d_avx2;
#endif
#ifdef __SSE2__
    return scan_d_sse2;
#else
    return scan_d_plain;
#endif
}

static scan_f pick_scan_f(void)
{
#if SCAN_AVX2
    if (__builtin_cpu_supports("avx2"))
        return scan_f_avx2;
#endif
#ifdef __SSE2__
    return scan_f_sse2;
#else
    return scan_f_plain;
#endif
}

/* Training row tb + j passed query r's screen: measure it exactly. */
static void screen_check(struct screen *s, size_t r, size_t row)
{
    const clearn__nn *nn = s->nn;
    double bound = clearn__topk_bound(&s->top[r]);
    double dist = clearn__rdist(&nn->m, s->q + r * nn->d, nn->x + row * nn->d, bound);
    if (dist <= bound && clearn__topk_push(&s->top[r], dist, row))
        screen_limit(s, r);
}

/* Scans query r's line c of values for training rows tb..tb+nb, leaving
 * fill's values in it. */
static void line_d(struct screen *s, size_t r, double *c, const double *fill, size_t tb,
                   size_t nb, scan_d scan)
{
    size_t full = nb - nb % 16;
    for (size_t j0 = 0; j0 < nb;) {
        size_t end;
        j0 = scan(c, fill, j0, full, s->lim[r]);
        end = j0 < full ? j0 + 16 : nb;
        for (size_t j = j0; j < end; j++) {
            if (c[j] <= s->lim[r])
                screen_check(s, r, tb + j);
            c[j] = fill[j];
        }
        j0 = end;
    }
}

static void line_f(struct screen *s, size_t r, float *c, const float *fill, size_t tb,
                   size_t nb, scan_f scan)
{
    size_t full = nb - nb % 16;
    for (size_t j0 = 0; j0 < nb;) {
        size_t end;
        j0 = scan(c, fill, j0, full, s->limf[r]);
        end = j0 < full ? j0 + 16 : nb;
        for (size_t j = j0; j < end; j++) {
            if (c[j] <= s->limf[r])
                screen_check(s, r, tb + j);
            c[j] = fill[j];
        }
        j0 = end;
    }
}

/* Queries [r0, r0 + mb) in screen units into s->qs (room for the task's
 * m x d doubles), their squared lengths and lengths; 0 when one does not
 * fit the screen (too long for the formula, or beyond float range once
 * scaled). */
static int screen_queries(struct screen *s, size_t r0, size_t mb, double *qs)
{
    const clearn__nn *nn = s->nn;
    size_t d = nn->d;
    int single = nn->screen == CLEARN__SCREEN_SINGLE, cosine = nn->m.kind == CLEARN__COSINE;
    float *qf = (float *)(void *)qs;
    s->qs = single ? (const void *)qf : (const void *)s->q;
    for (size_t r = r0; r < r0 + mb; r++) {
        double len = 0;
        for (size_t j = 0; j < d; j++) {
            double v = s->q[r * d + j];
            if (single) {
                v = nn->mu ? (v - nn->mu[j]) * nn->scale : v;
                if (!(fabs(v) < 0x1p100))
                    return 0;
                qf[r * d + j] = (float)v;
                v = qf[r * d + j];
            }
            len += v * v;
        }
        if (!(len < DBL_MAX / 16))
            return 0;
        s->base[r] = cosine ? 1 : len;
        s->len[r] = sqrt(len);
    }
    return 1;
}

/* The slack of every query against a block whose longest row has length
 * xlen (a bound per block: one long row elsewhere does not widen it). */
static void screen_block(struct screen *s, double xlen)
{
    for (size_t r = 0; r < s->m; r++) {
        s->slack[r] = screen_slack(s->nn, s->len[r], xlen);
        screen_limit(s, r);
    }
}

/* The largest squared length of training rows [tb, tb + nb), in screen
 * units (1 for cosine). */
static double block_sqmax(const clearn__nn *nn, size_t tb, size_t nb)
{
    double top = nn->m.kind == CLEARN__COSINE ? 1 : 0;
    for (size_t j = 0; nn->m.kind != CLEARN__COSINE && j < nb; j++) {
        double v = nn->screen == CLEARN__SCREEN_SINGLE ? nn->sqf[tb + j] : nn->sq[tb + j];
        top = v > top ? v : top;
    }
    return top;
}

/* One block of products for queries [r0, r0 + mb) added to c, whose
 * lines hold the block's squared lengths |x'|^2 (zeros for cosine):
 * c = |x'|^2 - 2 q'.x' (euclidean) or -u.v (cosine). */
static void screen_products(const struct screen *s, size_t r0, size_t mb, size_t tb, size_t nb,
                            void *c)
{
    const clearn__nn *nn = s->nn;
    int d = (int)nn->d, cosine = nn->m.kind == CLEARN__COSINE;
    if (nn->screen == CLEARN__SCREEN_SINGLE)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)mb, (int)nb, d,
                    cosine ? -1.0f : -2.0f, (const float *)s->qs + r0 * nn->d, d,
                    nn->xf + tb * nn->d, d, 1.0f, c, (int)nb);
    else
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)mb, (int)nb, d,
                    cosine ? -1.0 : -2.0, (const double *)s->qs + r0 * nn->d, d,
                    nn->x + tb * nn->d, d, 1.0, c, (int)nb);
}

/* Scans the mb lines of products of queries [r0, r0 + mb) against block
 * tb (nb rows), leaving in each line the squared lengths of block fill. */
static void screen_lines(struct screen *s, size_t r0, size_t mb, size_t tb, size_t nb,
                         void *c, size_t fill)
{
    const clearn__nn *nn = s->nn;
    if (nn->screen == CLEARN__SCREEN_SINGLE) {
        scan_f scan = pick_scan_f();
        for (size_t r = 0; r < mb; r++)
            line_f(s, r0 + r, (float *)c + r * nb, nn->sqf + fill, tb, nb, scan);
    } else {
        scan_d scan = pick_scan_d();
        for (size_t r = 0; r < mb; r++)
            line_d(s, r0 + r, (double *)c + r * nb, nn->sq + fill, tb, nb, scan);
    }
}

/* The m queries q (prepared) of a task against every training row: a
 * training block of nb rows at a time, multiplied by the sub-blocks of mb
 * queries in turn while it is in cache. Each line of c must start as the
 * block's squared lengths (BLAS adds the products to them); the scan of a
 * line leaves there those of the block of the line's next product, so only
 * lines whose tag says otherwise are copied. Sub-blocks with a query that
 * does not fit the screen are measured exactly. Training rows [lo, hi);
 * w holds qs (m x d doubles), c (mb x nb doubles) and the per-query
 * arrays. */
static void screen_search(const clearn__nn *nn, const double *q, size_t m, clearn__topk *top,
                          const struct search *sr, const struct scratch *w, size_t lo, size_t hi)
{
    struct screen s;
    unsigned char fits[TASK_MAX / 8];
    size_t tag[QBLOCK], mb = sr->mb, nbmax = sr->nb, nsub = (m + mb - 1) / mb, last = nsub;
    size_t esz = nn->screen == CLEARN__SCREEN_SINGLE ? sizeof(float) : sizeof(double);
    const char *sq = nn->screen == CLEARN__SCREEN_SINGLE ? (const void *)nn->sqf
                                                         : (const void *)nn->sq;
    s.nn = nn;
    s.q = q;
    s.m = m;
    s.top = top;
    s.s2 = nn->scale * nn->scale;
    s.lim = w->lim;
    s.base = w->lim + m;
    s.slack = w->lim + 2 * m;
    s.len = w->lim + 3 * m;
    s.limf = w->limf;
    for (size_t i = 0; i < nsub; i++) {
        size_t r0 = i * mb, n = m - r0 < mb ? m - r0 : mb;
        fits[i] = (unsigned char)screen_queries(&s, r0, n, w->qs);
        if (!fits[i]) {     /* harmless values for screen_block */
            for (size_t r = r0; r < r0 + n; r++)
                s.base[r] = s.len[r] = 0;
            exact_search(nn, q + r0 * nn->d, n, top + r0, lo, hi);
        } else {
            last = i;
        }
    }
    for (size_t r = 0; r < mb; r++)
        tag[r] = SIZE_MAX;
    for (size_t tb = lo; last < nsub && tb < hi; tb += nbmax) {
        size_t nb = hi - tb < nbmax ? hi - tb : nbmax;
        screen_block(&s, sqrt(block_sqmax(nn, tb, nb)));
        for (size_t i = 0; i <= last; i++) {
            size_t r0 = i * mb, n = m - r0 < mb ? m - r0 : mb;
            /* the lines' next block, when it is whole (lines keep their place) */
            size_t next = i < last ? tb : tb + nb;
            int keep = nb == nbmax && (next == tb || hi - next >= nbmax);
            if (!fits[i])
                continue;
            for (size_t r = 0; r < n; r++)
                if (tag[r] != tb || nb != nbmax)
                    memcpy((char *)w->c + r * nb * esz, sq + tb * esz, nb * esz);
            screen_products(&s, r0, n, tb, nb, w->c);
            screen_lines(&s, r0, n, tb, nb, w->c, keep ? next : tb);
            for (size_t r = 0; r < n; r++)
                tag[r] = keep ? next : SIZE_MAX;
        }
    }
}

/* Sets up the screen at build: double, the squared lengths of the rows;
 * single, the mean, the scale and the float rows in screen units with
 * their squared lengths. The screen stays off (exact search) when a length
 * overflows. */
static int screen_setup(clearn__nn *nn, int precision, clearn_error *err)
{
    size_t n = nn->n, d = nn->d;
    int cosine = nn->m.kind == CLEARN__COSINE;
    double big = 0;
    nn->screen = precision;
    nn->scale = 1;
    if (precision == CLEARN__SCREEN_DOUBLE) {
        if (!(nn->sq = clearn__calloc(n, sizeof *nn->sq)))
            return clearn__nomem(err);
        for (size_t i = 0; !cosine && i < n; i++) {
            nn->sq[i] = 0;
            for (size_t j = 0; j < d; j++)
                nn->sq[i] += nn->x[i * d + j] * nn->x[i * d + j];
            if (!(nn->sq[i] < DBL_MAX / 16))
                nn->screen = CLEARN__SCREEN_NONE;
        }
        return CLEARN_OK;
    }
    nn->xf = clearn__mallocarray(n, d * sizeof *nn->xf);
    nn->sqf = clearn__calloc(n, sizeof *nn->sqf);
    nn->mu = cosine ? NULL : clearn__calloc(d, sizeof *nn->mu);
    if (!nn->xf || !nn->sqf || (!cosine && !nn->mu))
        return clearn__nomem(err);
    for (size_t j = 0; !cosine && j < d; j++) {
        for (size_t i = 0; i < n; i++)
            nn->mu[j] += nn->x[i * d + j] / (double)n;
        for (size_t i = 0; i < n; i++)
            big = fmax(big, fabs(nn->x[i * d + j] - nn->mu[j]));
    }
    if (!isfinite(big)) {
        nn->screen = CLEARN__SCREEN_NONE;
        return CLEARN_OK;
    }
    if (big > 0) {
        int e;
        frexp(big, &e);
        nn->scale = ldexp(1, -e);
    }
    for (size_t i = 0; i < n; i++) {
        double len = 0;
        for (size_t j = 0; j < d; j++) {
            double v = nn->x[i * d + j];
            nn->xf[i * d + j] = (float)(cosine ? v : (v - nn->mu[j]) * nn->scale);
            len += (double)nn->xf[i * d + j] * nn->xf[i * d + j];
        }
        if (!cosine)
            nn->sqf[i] = (float)len;
    }
    return CLEARN_OK;
}

static void scratch_free(struct scratch *w)
{
    clearn__free(w->qb);
    clearn__free(w->qs);
    clearn__free(w->c);
    clearn__free(w->lim);
    clearn__free(w->limf);
    clearn__free(w->extra);
    clearn__free(w->heap);
    clearn__free(w->top);
}

static int scratch_alloc(const struct search *s, size_t m, struct scratch *w)
{
    const clearn__nn *nn = s->nn;
    memset(w, 0, sizeof *w);
    w->qb = clearn__mallocarray(m, nn->d * sizeof *w->qb);
    w->heap = clearn__mallocarray(m, s->k * sizeof *w->heap);
    w->top = clearn__mallocarray(m, sizeof *w->top);
    w->extra = clearn__mallocarray(s->extra ? s->extra : 1, sizeof *w->extra);
    if (nn->screen) {
        w->qs = clearn__mallocarray(m, nn->d * sizeof *w->qs);
        w->c = clearn__mallocarray(s->mb, s->nb * sizeof *w->c);
        w->lim = clearn__mallocarray(m, 4 * sizeof *w->lim);
        w->limf = clearn__mallocarray(m, sizeof *w->limf);
    }
    if (!w->qb || !w->heap || !w->top || !w->extra ||
        (nn->screen && (!w->qs || !w->c || !w->lim || !w->limf))) {
        scratch_free(w);
        return CLEARN_ENOMEM;
    }
    return CLEARN_OK;
}

/* Copies query rows [lo, lo + m) into qb, made ready for the metric. */
static void gather(const struct search *s, size_t lo, size_t m, double *qb)
{
    const clearn__rows *q = s->q;
    size_t d = s->nn->d;
    for (size_t i = 0; i < m; i++) {
        const double *src = q->x + (lo + i) * q->stride;
        double *dst = qb + i * d;
        for (size_t j = 0; j < d; j++)
            dst[j] = src[q->cols ? q->cols[j] : j];
        clearn__metric_prepare(&s->nn->m, dst);
    }
}

static int search_task(void *arg, size_t t, clearn_error *err)
{
    const struct search *s = arg;
    const clearn__nn *nn = s->nn;
    size_t lo = t / s->slices * s->tq, m = s->q->n - lo < s->tq ? s->q->n - lo : s->tq;
    size_t sl = t % s->slices, rlo = sl * s->rows, rhi = rlo + s->rows;
    struct scratch w;
    rlo = rlo < nn->n ? rlo : nn->n;
    rhi = rhi < nn->n ? rhi : nn->n;
    if (scratch_alloc(s, m, &w) != CLEARN_OK)
        return clearn__nomem(err);
    gather(s, lo, m, w.qb);
    for (size_t i = 0; i < m; i++) {
        w.top[i].h = w.heap + i * s->k;
        w.top[i].k = s->k;
        w.top[i].n = 0;
    }
    if (nn->method != CLEARN__BRUTE) {
        for (size_t i = 0; i < m; i++)
            clearn__tree_query(nn, w.qb + i * nn->d, &w.top[i]);
    } else if (nn->screen) {
        screen_search(nn, w.qb, m, w.top, s, &w, rlo, rhi);
    } else {
        exact_search(nn, w.qb, m, w.top, rlo, rhi);
    }
    for (size_t i = 0; i < m; i++) {
        size_t at = (lo + i) * s->slices + sl;
        if (s->slices > 1) {
            memcpy(s->part + at * s->k, w.top[i].h, w.top[i].n * sizeof *w.top[i].h);
            s->cnt[at] = w.top[i].n;
            continue;
        }
        clearn__topk_sort(&w.top[i]);
        s->visit(s->ctx, lo + i, w.top[i].h, w.top[i].n, w.extra);
    }
    scratch_free(&w);
    return CLEARN_OK;
}

/* Queries per task. Brute force reads every training row once per task,
 * so its tasks are large: at most TASK_MAX queries, in a number of tasks
 * that is a multiple of threads (each thread gets the same work); trees
 * take QBLOCK. Results do not depend on it. */
static size_t task_queries(const clearn__nn *nn, size_t nq, size_t threads)
{
    size_t tasks;
    if (nn->method != CLEARN__BRUTE)
        return QBLOCK;
    threads = threads ? threads : 1;
    tasks = (nq + TASK_MAX - 1) / TASK_MAX;
    tasks = (tasks + threads - 1) / threads * threads;
    return (nq + tasks - 1) / tasks;
}

/* With fewer query tasks than two per thread, brute force also splits the
 * training rows into slices of whole blocks (at least SLICE_MIN rows each)
 * so that every thread has work; not for k above SLICE_K (each slice keeps
 * k neighbours per query). */
static void plan_slices(struct search *s, size_t threads)
{
    size_t nqt = (s->q->n + s->tq - 1) / s->tq, n = s->nn->n, want, most = n / SLICE_MIN;
    s->slices = 1;
    s->rows = n;
    if (s->nn->method != CLEARN__BRUTE || threads < 2 || s->k > SLICE_K || nqt >= 2 * threads)
        return;
    want = (2 * threads + nqt - 1) / nqt;
    if ((s->slices = want < most ? want : most) < 2) {
        s->slices = 1;
        return;
    }
    s->rows = (n + s->slices - 1) / s->slices;
    s->rows = (s->rows + s->nb - 1) / s->nb * s->nb;
}

/* The k nearest of each query among its slices' lists (ordered by distance,
 * then row, as one search would give them), visited in query order. */
static int merge_slices(const struct search *s, clearn_error *err)
{
    clearn__nbr *heap = clearn__mallocarray(s->k, sizeof *heap);
    double *extra = clearn__mallocarray(s->extra ? s->extra : 1, sizeof *extra);
    if (!heap || !extra) {
        clearn__free(heap);
        clearn__free(extra);
        return clearn__nomem(err);
    }
    for (size_t i = 0; i < s->q->n; i++) {
        clearn__topk t = {heap, s->k, 0};
        for (size_t at = i * s->slices; at < (i + 1) * s->slices; at++)
            for (size_t e = 0; e < s->cnt[at]; e++)
                clearn__topk_push(&t, s->part[at * s->k + e].r, s->part[at * s->k + e].i);
        clearn__topk_sort(&t);
        s->visit(s->ctx, i, t.h, t.n, extra);
    }
    clearn__free(heap);
    clearn__free(extra);
    return CLEARN_OK;
}

int clearn__nn_search(const clearn__nn *nn, const clearn__rows *q, size_t k, size_t threads,
                      clearn__nn_visit visit, void *ctx, size_t scratch, clearn_error *err)
{
    struct search s;
    int rc;
    if (k < 1 || k > nn->n)
        return clearn__error(err, CLEARN_EINVAL, "k=%zu: must be in [1, %zu] (the rows searched)",
                             k, nn->n);
    if (!q->n)
        return CLEARN_OK;
    s.nn = nn;
    s.q = q;
    s.k = k;
    s.visit = visit;
    s.ctx = ctx;
    s.extra = scratch;
    s.part = NULL;
    s.cnt = NULL;
    gemm_plan(nn->d, threads, &s.mb, &s.nb);
    s.tq = task_queries(nn, q->n, threads);
    plan_slices(&s, threads);
    if (s.slices == 1)
        return clearn__parallel_for((q->n + s.tq - 1) / s.tq, threads, search_task, &s, err);
    s.part = clearn__mallocarray(q->n * s.slices, k * sizeof *s.part);
    s.cnt = clearn__calloc(q->n * s.slices, sizeof *s.cnt);
    if (!s.part || !s.cnt)
        rc = clearn__nomem(err);
    else if ((rc = clearn__parallel_for((q->n + s.tq - 1) / s.tq * s.slices, threads,
                                        search_task, &s, err)) == CLEARN_OK)
        rc = merge_slices(&s, err);
    clearn__free(s.part);
    clearn__free(s.cnt);
    return rc;
}
