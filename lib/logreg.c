/* clearn — logistic regression ("logreg"): binary and multinomial, with an
 * L2 penalty or none, class weights.
 *
 * It minimises scikit-learn's objective
 *   C sum_i s_i (log sum_c exp(z_ic) - z_{i,y_i}) + (1/2) |W|^2,
 * z_ic = b_c + x_i'w_c, s_i the weight of row i's class (the penalty term
 * is absent with penalty=none; intercepts are never penalised). Two
 * classes give one equation (the second class against the first), as in
 * scikit-learn and statsmodels' Logit. More classes give one equation per
 * class with penalty=l2 (scikit-learn's multinomial), and with
 * penalty=none one per class after the first, which is the reference
 * (statsmodels' MNLogit), so that the maximum-likelihood estimates are
 * identified. Classes absent from the training data get probability 0.
 *
 * The solver is L-BFGS (ten correction pairs, a line search for the strong
 * Wolfe conditions), stopping as scikit-learn 1.2's lbfgs does: when the
 * largest gradient component is at most tol, or when an iteration lowers
 * the objective by a relative 2.2e-9 or less (SciPy's default; scaled
 * down with tol below 1e-4, to at least 64 machine epsilons). solver=newton takes Newton
 * steps (Cholesky of the Hessian) from the start. With penalty=none the
 * L-BFGS estimate is polished by Newton steps, and the inverse Hessian of
 * the log-likelihood gives the covariance of the estimates, hence the
 * standard errors statsmodels reports (for up to MAX_COV parameters).
 *
 * The objective and its gradient are summed over fixed chunks of rows on
 * threads= threads, and the chunks' sums added in chunk order: results do
 * not depend on the number of threads. */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <string.h>
#include <cblas.h>
#include <lapacke.h>
#include "internal.h"
#include "pool.h"
#include "linear_impl.h"

/* Largest number of parameters for Newton steps and the covariance. */
#define MAX_COV 2000
/* L-BFGS correction pairs. */
#define LBFGS_MEM 10
/* Rows per chunk (at least). */
#define CHUNK_ROWS 2048

enum { PEN_L2, PEN_NONE };
enum { SOLVE_LBFGS, SOLVE_NEWTON };
static const char *const penalty_names[] = {"l2", "none", NULL};
static const char *const solver_names[] = {"lbfgs", "newton", NULL};

struct logreg {
    double C;               /* parameters */
    int penalty;
    int intercept;
    double tol;
    long max_iter;
    int solver;
    char *class_weight;
    long threads;
    struct clearn__lm lm;   /* fitted: lm.k = equations */
    size_t k;               /* classes of the schema */
    size_t kp;              /* classes present in the training data */
    double *present;        /* their codes, ascending */
    int ref;                /* equation o is class present[o + 1] against present[0] */
    double *cov;            /* D x D (D = equations x (p + 1)), or NULL */
    clearn_logreg_stats st;
};

const size_t clearn__logreg_lm_offset = offsetof(struct logreg, lm);

static const clearn_param logreg_params[] = {
    {"C", CLEARN_PARAM_DOUBLE, offsetof(struct logreg, C), "1", 0, 1e300, NULL,
     "inverse penalty strength (scikit-learn's C)", CLEARN_PARAM_MIN_OPEN},
    {"penalty", CLEARN_PARAM_ENUM, offsetof(struct logreg, penalty), "l2", 1, 0, penalty_names,
     "l2, or none for maximum likelihood (with standard errors)", 0},
    {"intercept", CLEARN_PARAM_BOOL, offsetof(struct logreg, intercept), "true", 1, 0, NULL,
     "fit intercepts (not penalised)", 0},
    {"tol", CLEARN_PARAM_DOUBLE, offsetof(struct logreg, tol), "1e-4", 0, 1e300, NULL,
     "stop when no gradient component exceeds tol (as scikit-learn's lbfgs)", 0},
    {"max_iter", CLEARN_PARAM_INT, offsetof(struct logreg, max_iter), "100", 1, 1e9, NULL,
     "most solver iterations", 0},
    {"solver", CLEARN_PARAM_ENUM, offsetof(struct logreg, solver), "lbfgs", 1, 0, solver_names,
     "lbfgs, or newton (Newton steps on the full Hessian)", 0},
    {"class_weight", CLEARN_PARAM_STRING, offsetof(struct logreg, class_weight), "none", 1, 0,
     NULL, "none (all 1), balanced, or CLASS:WEIGHT,... (unlisted classes weigh 1)", 0},
    {"threads", CLEARN_PARAM_INT, offsetof(struct logreg, threads), "1", 0, 1e9, NULL,
     "threads (0 = all CPUs); results do not depend on it", 0},
};

/* ---- the problem ------------------------------------------------------------------ */

struct lr {
    size_t n, p, kp, m, dim;  /* rows, columns, classes, equations, m (p + 1) */
    int ref, icpt, l2;
    double c;                 /* the loss's factor: C, or 1 without a penalty */
    double *x;                /* n x p design, row-major */
    size_t *y;                /* n present-class indices */
    double *sw;               /* n row weights */
    size_t per, nt, threads;  /* chunks */
    double *z;                /* n x m scratch: scores, then loss gradients */
    double *part;             /* nt x (dim + 1) chunk sums: loss, gradient */
    double *ex;               /* nt x kp scratch */
};

static void lr_free(struct lr *d)
{
    clearn__free(d->x);
    clearn__free(d->y);
    clearn__free(d->sw);
    clearn__free(d->z);
    clearn__free(d->part);
    clearn__free(d->ex);
    memset(d, 0, sizeof *d);
}

/* Scores of the rows of a chunk (s: kp per row, the reference class 0). */
static void chunk_scores(const struct lr *d, const double *theta, size_t r0, size_t rows,
                         double *z)
{
    if (d->p)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)d->m, (int)d->p,
                    1.0, d->x + r0 * d->p, (int)d->p, theta + 1, (int)(d->p + 1), 0.0, z,
                    (int)d->m);
    else
        memset(z, 0, rows * d->m * sizeof *z);
    for (size_t i = 0; i < rows; i++)
        for (size_t o = 0; o < d->m; o++)
            z[i * d->m + o] += theta[o * (d->p + 1)];
}

/* Row i's class probabilities into e (kp) from its m scores; returns
 * log sum exp. */
static double row_softmax(const struct lr *d, const double *zi, double *e)
{
    double mx = d->ref ? 0 : -INFINITY, sum = 0, lse;
    for (size_t o = 0; o < d->m; o++)
        if (zi[o] > mx)
            mx = zi[o];
    if (d->ref)
        e[0] = exp(-mx);
    for (size_t o = 0; o < d->m; o++)
        e[o + d->ref] = exp(zi[o] - mx);
    for (size_t c = 0; c < d->kp; c++)
        sum += e[c];
    lse = mx + log(sum);
    for (size_t c = 0; c < d->kp; c++)
        e[c] /= sum;
    return lse;
}

struct eval_ctx {
    struct lr *d;
    const double *theta;
};

/* Loss and gradient of chunk t into d->part. */
static int eval_task(void *arg, size_t t, clearn_error *err)
{
    struct eval_ctx *ctx = arg;
    struct lr *d = ctx->d;
    size_t r0 = t * d->per, rows = d->n - r0 < d->per ? d->n - r0 : d->per, m = d->m;
    double *z = d->z + r0 * m, *e = d->ex + t * d->kp, *out = d->part + t * (d->dim + 1);
    double loss = 0;
    (void)err;
    chunk_scores(d, ctx->theta, r0, rows, z);
    memset(out, 0, (d->dim + 1) * sizeof *out);
    for (size_t i = 0; i < rows; i++) {
        double *zi = z + i * m, w = d->sw[r0 + i], lse;
        size_t yi = d->y[r0 + i];
        lse = row_softmax(d, zi, e);
        loss += w * (lse - (yi || !d->ref ? zi[yi - d->ref] : 0));
        for (size_t o = 0; o < m; o++) {
            zi[o] = d->c * w * (e[o + d->ref] - (double)(yi == o + d->ref));
            out[1 + o * (d->p + 1)] += zi[o];
        }
    }
    out[0] = d->c * loss;
    if (d->p)
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)m, (int)d->p, (int)rows, 1.0, z,
                    (int)m, d->x + r0 * d->p, (int)d->p, 1.0, out + 2, (int)(d->p + 1));
    return CLEARN_OK;
}

/* The objective at theta, and its gradient into g. */
static int lr_eval(struct lr *d, const double *theta, double *f, double *g, clearn_error *err)
{
    struct eval_ctx ctx = {d, theta};
    int rc = clearn__parallel_for(d->nt, d->threads, eval_task, &ctx, err);
    if (rc != CLEARN_OK)
        return rc;
    memcpy(g, d->part + 1, d->dim * sizeof *g);
    *f = d->part[0];
    for (size_t t = 1; t < d->nt; t++) {
        const double *pt = d->part + t * (d->dim + 1);
        *f += pt[0];
        for (size_t j = 0; j < d->dim; j++)
            g[j] += pt[1 + j];
    }
    for (size_t o = 0; o < d->m; o++) {
        double *go = g + o * (d->p + 1);
        const double *wo = theta + o * (d->p + 1);
        if (!d->icpt)
            go[0] = 0;
        for (size_t c = 1; d->l2 && c <= d->p; c++) {
            *f += 0.5 * wo[c] * wo[c];
            go[c] += wo[c];
        }
    }
    return CLEARN_OK;
}

/* ---- L-BFGS ----------------------------------------------------------------------- */

struct solver_out {
    long n_iter;
    int converged;
};

static double max_abs(const double *v, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        if (fabs(v[i]) > m)
            m = fabs(v[i]);
    return m;
}

static double dot(const double *a, const double *b, size_t n)
{
    return n ? cblas_ddot((int)n, a, 1, b, 1) : 0;
}

/* d = -H g by the two-loop recursion over the stored pairs (newest last
 * in ring order). */
static void lbfgs_direction(size_t dim, size_t used, size_t head, const double *s,
                            const double *y, const double *rho, double *alpha, const double *g,
                            double *dir)
{
    double gamma = 1;
    for (size_t j = 0; j < dim; j++)
        dir[j] = -g[j];
    for (size_t k = 0; k < used; k++) {
        size_t i = (head + LBFGS_MEM - 1 - k) % LBFGS_MEM;
        alpha[i] = rho[i] * dot(s + i * dim, dir, dim);
        cblas_daxpy((int)dim, -alpha[i], y + i * dim, 1, dir, 1);
    }
    if (used) {
        size_t i = (head + LBFGS_MEM - 1) % LBFGS_MEM;
        gamma = 1 / (rho[i] * dot(y + i * dim, y + i * dim, dim));
    }
    cblas_dscal((int)dim, gamma, dir, 1);
    for (size_t k = used; k-- > 0;) {
        size_t i = (head + LBFGS_MEM - 1 - k) % LBFGS_MEM;
        double beta = rho[i] * dot(y + i * dim, dir, dim);
        cblas_daxpy((int)dim, alpha[i] - beta, s + i * dim, 1, dir, 1);
    }
}

/* The objective and slope at theta + t dir into (nt, fn, gn, dn). */
static int probe(struct lr *d, const double *theta, const double *dir, double t, double *nt,
                 double *fn, double *gn, double *dn, clearn_error *err)
{
    int rc;
    for (size_t j = 0; j < d->dim; j++)
        nt[j] = theta[j] + t * dir[j];
    if ((rc = lr_eval(d, nt, fn, gn, err)) == CLEARN_OK)
        *dn = dot(gn, dir, d->dim);
    return rc;
}

/* The minimiser of the cubic through (a, fa, da) and (b, fb, db), kept
 * inside the middle 80% of the interval (bisection when undefined). */
static double cubic_step(double a, double fa, double da, double b, double fb, double db)
{
    double lo = fmin(a, b), hi = fmax(a, b), w = hi - lo, t;
    double d1 = da + db - 3 * (fa - fb) / (a - b), disc = d1 * d1 - da * db, d2;
    if (!(disc >= 0) || a == b)
        return lo + w / 2;
    d2 = (b > a ? 1 : -1) * sqrt(disc);
    t = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
    if (!(t >= lo + 0.1 * w && t <= hi - 0.1 * w))
        t = lo + w / 2;
    return t;
}

/* A step along dir (slope gd < 0 at theta, objective f) meeting the strong
 * Wolfe conditions (sufficient decrease 1e-4, curvature 0.9), by
 * bracketing and cubic zooming (Nocedal and Wright, algorithms 3.5-3.6).
 * On success (nt, fn, gn) hold the new point and 1 is returned; 0 when no
 * acceptable step was found (or *rc reports an error). */
static int line_search(struct lr *d, const double *theta, double f, double gd, const double *dir,
                       double step, double *nt, double *fn, double *gn, int *rc, clearn_error *err)
{
    const double c1 = 1e-4, c2 = 0.9;
    double lo = 0, flo = f, dlo = gd, hi = 0, fhi = 0, dhi = 0, t = step, dn;
    int bracketed = 0;
    for (int evals = 0; evals < 40; evals++) {
        if ((*rc = probe(d, theta, dir, t, nt, fn, gn, &dn, err)) != CLEARN_OK)
            return 0;
        if (!(*fn <= f + c1 * t * gd) || (evals && *fn >= flo)) {
            hi = t, fhi = *fn, dhi = dn;   /* too far: the minimum lies before t */
            bracketed = 1;
        } else if (fabs(dn) <= -c2 * gd) {
            return 1;
        } else if (dn * (bracketed ? hi - t : 1) >= 0) {
            hi = lo, fhi = flo, dhi = dlo;
            lo = t, flo = *fn, dlo = dn;
            bracketed = 1;
        } else {
            lo = t, flo = *fn, dlo = dn;
        }
        t = bracketed ? cubic_step(lo, flo, dlo, hi, isfinite(fhi) ? fhi : flo, dhi)
                      : t * 4;
        if (bracketed && fabs(hi - lo) <= 1e-16 * fmax(fabs(lo), 1e-300))
            break;
    }
    /* No Wolfe point: settle for the best point with sufficient decrease. */
    if (lo > 0 && flo <= f + c1 * lo * gd) {
        *rc = probe(d, theta, dir, lo, nt, fn, gn, &dn, err);
        return *rc == CLEARN_OK;
    }
    return 0;
}

struct lbfgs_mem {
    double *s, *y, *rho, *alpha, *dir, *nt, *gn, *g;
};

static int lbfgs_alloc(struct lbfgs_mem *w, size_t dim, clearn_error *err)
{
    w->s = clearn__mallocarray((2 * LBFGS_MEM + 4) * dim + 2 * LBFGS_MEM, sizeof *w->s);
    if (!w->s)
        return clearn__nomem(err);
    w->y = w->s + LBFGS_MEM * dim;
    w->dir = w->y + LBFGS_MEM * dim;
    w->nt = w->dir + dim;
    w->gn = w->nt + dim;
    w->g = w->gn + dim;
    w->rho = w->g + dim;
    w->alpha = w->rho + LBFGS_MEM;
    return CLEARN_OK;
}

static int lbfgs(struct lr *d, double *theta, double tol, long max_iter, struct solver_out *out,
                 clearn_error *err)
{
    struct lbfgs_mem w = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    size_t dim = d->dim, used = 0, head = 0;
    /* SciPy's L-BFGS-B default (factr 1e7), which scikit-learn 1.2 uses,
     * at the default tol; proportionally smaller for a smaller tol. */
    double f, fn, ftol = fmax(64 * DBL_EPSILON, 2.220446049250313e-09 * fmin(tol / 1e-4, 1));
    int rc = lbfgs_alloc(&w, dim, err);
    out->n_iter = 0;
    out->converged = 0;
    if (rc != CLEARN_OK || (rc = lr_eval(d, theta, &f, w.g, err)) != CLEARN_OK)
        goto done;
    while (!(out->converged = max_abs(w.g, dim) <= tol) && out->n_iter < max_iter) {
        double gd, step, sy;
        lbfgs_direction(dim, used, head, w.s, w.y, w.rho, w.alpha, w.g, w.dir);
        if (!((gd = dot(w.g, w.dir, dim)) < 0)) {   /* not a descent direction: restart */
            used = 0;
            lbfgs_direction(dim, 0, head, w.s, w.y, w.rho, w.alpha, w.g, w.dir);
            gd = dot(w.g, w.dir, dim);
        }
        step = used ? 1 : fmin(1, 1 / sqrt(dot(w.g, w.g, dim)));
        out->n_iter++;
        if (!line_search(d, theta, f, gd, w.dir, step, w.nt, &fn, w.gn, &rc, err))
            break;
        for (size_t j = 0; j < dim; j++) {
            w.s[head * dim + j] = w.nt[j] - theta[j];
            w.y[head * dim + j] = w.gn[j] - w.g[j];
        }
        if ((sy = dot(w.s + head * dim, w.y + head * dim, dim)) > 0) {
            w.rho[head] = 1 / sy;
            head = (head + 1) % LBFGS_MEM;
            used += used < LBFGS_MEM;
        }
        memcpy(theta, w.nt, dim * sizeof *theta);
        memcpy(w.g, w.gn, dim * sizeof *w.g);
        if (f - fn <= ftol * fmax(fmax(fabs(f), fabs(fn)), 1)) {
            out->converged = 1;
            break;
        }
        f = fn;
    }
done:
    clearn__free(w.s);
    return rc;
}

/* ---- Newton steps and the Hessian ------------------------------------------------------ */

static void hessian_finish(const struct lr *d, double *h);

/* The Hessian of the objective at theta into h (dim x dim, row-major).
 * Rows and columns of intercepts not fitted are those of the identity. */
static int lr_hessian(struct lr *d, const double *theta, double *h, clearn_error *err)
{
    size_t p1 = d->p + 1, dim = d->dim, m = d->m, per = d->per;
    double *xt = clearn__mallocarray(2 * per * p1 + d->kp, sizeof *xt), *a, *e;
    if (!xt)
        return clearn__nomem(err);
    a = xt + per * p1;
    e = a + per * p1;
    memset(h, 0, dim * dim * sizeof *h);
    for (size_t r0 = 0; r0 < d->n; r0 += per) {
        size_t rows = d->n - r0 < per ? d->n - r0 : per;
        double *z = d->z + r0 * m;
        chunk_scores(d, theta, r0, rows, z);
        for (size_t i = 0; i < rows; i++) {
            row_softmax(d, z + i * m, e);
            for (size_t o = 0; o < m; o++)
                z[i * m + o] = e[o + d->ref];
            xt[i * p1] = 1;
            memcpy(xt + i * p1 + 1, d->x + (r0 + i) * d->p, d->p * sizeof *xt);
        }
        for (size_t o = 0; o < m; o++)
            for (size_t o2 = o; o2 < m; o2++) {
                for (size_t i = 0; i < rows; i++) {
                    double po = z[i * m + o], v = d->c * d->sw[r0 + i] *
                                                  ((o == o2) * po - po * z[i * m + o2]);
                    for (size_t c = 0; c < p1; c++)
                        a[i * p1 + c] = v * xt[i * p1 + c];
                }
                cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)p1, (int)p1, (int)rows,
                            1.0, xt, (int)p1, a, (int)p1, 1.0, h + o * p1 * dim + o2 * p1,
                            (int)dim);
            }
    }
    clearn__free(xt);
    hessian_finish(d, h);
    return CLEARN_OK;
}

/* Completes the Hessian's data term: the lower triangle, the penalty, and
 * the intercepts' rows and columns. */
static void hessian_finish(const struct lr *d, double *h)
{
    size_t p1 = d->p + 1, dim = d->dim, m = d->m;
    for (size_t i = 0; i < dim; i++)
        for (size_t j = 0; j < i; j++)
            h[i * dim + j] = h[j * dim + i];
    if (!d->ref && d->icpt) {
        /* Shifting every intercept by the same amount changes nothing: add
         * s u u' (u: the intercepts' direction) so that the Hessian is
         * definite. The gradient is orthogonal to u, so Newton directions
         * keep the intercepts summing to 0, as scikit-learn's do. */
        double tr = 0;
        for (size_t o = 0; o < m; o++)
            tr += h[o * p1 * dim + o * p1];
        for (size_t o = 0; o < m; o++)
            for (size_t o2 = 0; o2 < m; o2++)
                h[o * p1 * dim + o2 * p1] += tr / (double)(m * m);
    }
    for (size_t o = 0; o < m; o++) {
        size_t b = o * p1;
        for (size_t c = 1; d->l2 && c < p1; c++)
            h[(b + c) * dim + b + c] += 1;
        if (!d->icpt) {
            for (size_t j = 0; j < dim; j++)
                h[b * dim + j] = h[j * dim + b] = 0;
            h[b * dim + b] = 1;
        }
    }
}

/* Newton steps from theta (with step halving) until the gradient is below
 * tol or the predicted decrease is at the rounding level of the objective;
 * h (dim x dim) and v (3 dim) are scratch. A Hessian that is not positive
 * definite stops the iteration. */
static int newton(struct lr *d, double *theta, double tol, long max_iter, double *h, double *v,
                  struct solver_out *out, clearn_error *err)
{
    size_t dim = d->dim;
    double f, fn, *g = v, *nt = v + dim, *gn = nt + dim;
    int rc = lr_eval(d, theta, &f, g, err), pure = 0;
    while (rc == CLEARN_OK && !(out->converged = max_abs(g, dim) <= tol) &&
           out->n_iter < max_iter) {
        double dec;
        if ((rc = lr_hessian(d, theta, h, err)) != CLEARN_OK)
            break;
        if (LAPACKE_dpotrf_work(LAPACK_ROW_MAJOR, 'U', (lapack_int)dim, h, (lapack_int)dim) != 0)
            break;
        for (size_t j = 0; j < dim; j++)
            gn[j] = -g[j];
        LAPACKE_dpotrs_work(LAPACK_ROW_MAJOR, 'U', (lapack_int)dim, 1, h, (lapack_int)dim, gn, 1);
        memcpy(h, gn, dim * sizeof *h);   /* h: the direction from here on */
        out->n_iter++;
        if ((dec = -dot(g, h, dim)) <= 128 * DBL_EPSILON * fmax(fabs(f), 1)) {
            /* The objective cannot tell better from worse any more, but in
             * this quadratic region full Newton steps still gain digits. */
            double rel = 0;
            for (size_t j = 0; j < dim; j++) {
                rel = fmax(rel, fabs(h[j]) / (1 + fabs(theta[j])));
                theta[j] += h[j];
            }
            if (++pure >= 3 || rel < 1e-13) {
                out->converged = 1;
                break;
            }
            rc = lr_eval(d, theta, &f, g, err);
            continue;
        }
        if (!line_search(d, theta, f, -dec, h, 1, nt, &fn, gn, &rc, err))
            break;
        memcpy(theta, nt, dim * sizeof *theta);
        memcpy(g, gn, dim * sizeof *g);
        f = fn;
    }
    return rc;
}

/* The covariance of the estimates: the inverse Hessian of the negative
 * log-likelihood (penalty=none), NaN where undefined. */
static int lr_covariance(struct lr *d, const double *theta, double *cov, clearn_error *err)
{
    size_t dim = d->dim, p1 = d->p + 1;
    int rc = lr_hessian(d, theta, cov, err), ok;
    if (rc != CLEARN_OK)
        return rc;
    ok = LAPACKE_dpotrf_work(LAPACK_ROW_MAJOR, 'U', (lapack_int)dim, cov, (lapack_int)dim) == 0 &&
         LAPACKE_dpotri_work(LAPACK_ROW_MAJOR, 'U', (lapack_int)dim, cov, (lapack_int)dim) == 0;
    for (size_t i = 0; i < dim; i++)
        for (size_t j = 0; j < dim; j++) {
            if (j < i)
                cov[i * dim + j] = cov[j * dim + i];
            if (!ok || (!d->icpt && (i % p1 == 0 || j % p1 == 0)) || !isfinite(cov[i * dim + j]))
                cov[i * dim + j] = NAN;
        }
    return CLEARN_OK;
}

/* ---- fitting ------------------------------------------------------------------------- */

static void logreg_destroy(void *st)
{
    struct logreg *m = st;
    clearn__lm_clear(&m->lm);
    clearn__free(m->present);
    clearn__free(m->cov);
    m->present = m->cov = NULL;
    m->k = m->kp = 0;
    m->ref = 0;
    memset(&m->st, 0, sizeof m->st);
}

/* One CLASS:WEIGHT item of class_weight (the last ':' separates). */
static int weight_item(const clearn_dataset *ds, const char *s, size_t len, double *wc,
                       clearn_error *err)
{
    const char *colon = NULL;
    char *name;
    size_t code;
    double v;
    int rc;
    for (size_t i = 0; i < len; i++)
        if (s[i] == ':')
            colon = s + i;
    if (!colon || !clearn__parse_double(colon + 1, len - (size_t)(colon + 1 - s), &v) ||
        !(v >= 0 && v < INFINITY))
        return clearn__error(err, CLEARN_EINVAL, "logreg: class_weight: '%.*s' is not "
                             "CLASS:WEIGHT with a finite weight >= 0", (int)len, s);
    if (!(name = clearn__strndup(s, (size_t)(colon - s))))
        return clearn__nomem(err);
    rc = clearn_dataset_category_code(ds, ds->cls, name, &code, NULL);
    if (rc != CLEARN_OK)
        rc = clearn__error(err, CLEARN_EINVAL, "logreg: class_weight: '%s' is not a class of "
                           "'%s'", name, ds->attrs[ds->cls].name);
    else
        wc[code] = v;
    clearn__free(name);
    return rc;
}

/* The weight of each class (k): 1, balanced (n / (classes present x
 * count)) or as listed. */
static int class_weights(const struct logreg *m, const clearn_dataset *ds, const size_t *count,
                         double *wc, clearn_error *err)
{
    const char *s = m->class_weight ? m->class_weight : "none";
    for (size_t c = 0; c < m->k; c++)
        wc[c] = strcmp(s, "balanced") || !count[c] ? 1
                : (double)ds->n / ((double)m->kp * (double)count[c]);
    if (!*s || !strcmp(s, "none") || !strcmp(s, "balanced"))
        return CLEARN_OK;
    while (*s) {
        size_t len = strcspn(s, ",");
        int rc = weight_item(ds, s, len, wc, err);
        if (rc != CLEARN_OK)
            return rc;
        s += len + (s[len] == ',');
    }
    return CLEARN_OK;
}

/* The row data's buffers, for d->n rows. */
static int lr_alloc(struct lr *d, clearn_error *err)
{
    size_t n = d->n;
    d->nt = clearn__lm_chunks(n, CHUNK_ROWS, &d->per);
    d->x = clearn__mallocarray(n, (d->p ? d->p : 1) * sizeof *d->x);
    d->y = clearn__mallocarray(n, sizeof *d->y);
    d->sw = clearn__mallocarray(n, sizeof *d->sw);
    d->z = clearn__mallocarray(n, (d->m ? d->m : 1) * sizeof *d->z);
    d->part = clearn__mallocarray(d->nt ? d->nt : 1, (d->dim + 1) * sizeof *d->part);
    d->ex = clearn__mallocarray(d->nt ? d->nt : 1, (d->kp + 1) * sizeof *d->ex);
    if (!d->x || !d->y || !d->sw || !d->z || !d->part || !d->ex)
        return clearn__nomem(err);
    return CLEARN_OK;
}

/* The classes present (ascending codes) and the row data. */
static int lr_setup(struct logreg *m, const clearn_dataset *ds, struct lr *d, size_t threads,
                    clearn_error *err)
{
    const struct clearn__attr *a = &ds->attrs[ds->cls];
    size_t *count = clearn__calloc(2 * a->n_cats + 1, sizeof *count), *index, n = ds->n;
    double *wc = clearn__mallocarray(a->n_cats + 1, sizeof *wc);
    int rc = CLEARN_OK;
    memset(d, 0, sizeof *d);
    if (!count || !wc || !(m->present = clearn__mallocarray(a->n_cats + 1, sizeof *m->present))) {
        rc = clearn__nomem(err);
        goto done;
    }
    index = count + a->n_cats;
    m->k = a->n_cats;
    for (size_t i = 0; i < n; i++)
        count[(size_t)ds->x[i * ds->d + ds->cls]]++;
    for (size_t c = 0; c < m->k; c++)
        if (count[c]) {
            index[c] = m->kp;
            m->present[m->kp++] = (double)c;
        }
    if ((rc = class_weights(m, ds, count, wc, err)) != CLEARN_OK)
        goto done;
    m->ref = m->kp == 2 || m->penalty == PEN_NONE;
    d->n = n;
    d->p = clearn__lm_width(ds);
    d->kp = m->kp;
    d->ref = m->ref;
    d->m = m->kp < 2 ? 0 : m->kp - (size_t)m->ref;
    d->dim = d->m * (d->p + 1);
    d->icpt = m->intercept;
    d->l2 = m->penalty == PEN_L2;
    d->c = d->l2 ? m->C : 1;
    d->threads = threads;
    if ((rc = lr_alloc(d, err)) != CLEARN_OK)
        goto done;
    clearn__lm_expand(ds, 0, n, NULL, d->x, d->p, 1);
    for (size_t i = 0; i < n; i++) {
        size_t c = (size_t)ds->x[i * ds->d + ds->cls];
        d->y[i] = index[c];
        d->sw[i] = wc[c];
    }
done:
    clearn__free(count);
    clearn__free(wc);
    return rc;
}

/* Log-likelihood at theta (weighted), and the intercept-only one. */
static int lr_loglik(struct lr *d, const double *theta, double *g, clearn_logreg_stats *st,
                     clearn_error *err)
{
    double c = d->c, f = 0, total = 0, *wcls = g;
    int l2 = d->l2, rc = CLEARN_OK;
    d->c = 1;
    d->l2 = 0;
    if (d->m)
        rc = lr_eval(d, theta, &f, g, err);
    d->c = c;
    d->l2 = l2;
    st->loglik = f == 0 ? 0 : -f;
    memset(wcls, 0, d->kp * sizeof *wcls);
    for (size_t i = 0; i < d->n; i++) {
        wcls[d->y[i]] += d->sw[i];
        total += d->sw[i];
    }
    st->loglik_null = 0;
    for (size_t k = 0; k < d->kp; k++)
        if (wcls[k] > 0)
            st->loglik_null += wcls[k] * log(wcls[k] / total);
    st->pseudo_r2 = st->loglik_null < 0 ? 1 - st->loglik / st->loglik_null : NAN;
    return rc;
}

/* The estimate: L-BFGS or Newton; Newton polish and the covariance
 * without a penalty. */
static int lr_solve(struct logreg *m, struct lr *d, double *theta, clearn_error *err)
{
    struct solver_out out = {0, 0};
    int small = d->dim <= MAX_COV, rc = CLEARN_OK;
    double *h = small ? clearn__mallocarray(d->dim * d->dim + 3 * d->dim + 1, sizeof *h) : NULL;
    if (small && !h)
        return clearn__nomem(err);
    if (d->m && m->solver == SOLVE_NEWTON && small)
        rc = newton(d, theta, m->tol, m->max_iter, h, h + d->dim * d->dim, &out, err);
    else if (d->m)
        rc = lbfgs(d, theta, m->tol, m->max_iter, &out, err);
    m->st.n_iter = out.n_iter;
    m->st.converged = out.converged || !d->m;
    if (rc == CLEARN_OK && d->m && small && m->penalty == PEN_NONE) {
        struct solver_out polish = {0, 0};
        rc = newton(d, theta, 0, 50, h, h + d->dim * d->dim, &polish, err);
        m->st.converged = m->st.converged || polish.converged;
        m->st.n_iter += polish.n_iter;
        m->cov = rc == CLEARN_OK ? clearn__mallocarray(d->dim * d->dim + 1, sizeof *m->cov) : NULL;
        if (rc == CLEARN_OK && !m->cov)
            rc = clearn__nomem(err);
        if (rc == CLEARN_OK)
            rc = lr_covariance(d, theta, m->cov, err);
    }
    clearn__free(h);
    return rc;
}

/* The fitted coefficients into the model. */
static int lr_store(struct logreg *m, const struct lr *d, const double *theta, clearn_error *err)
{
    size_t p1 = d->p + 1;
    int rc = clearn__lm_alloc(&m->lm, d->p, d->m, err);
    if (rc != CLEARN_OK)
        return rc;
    for (size_t o = 0; o < d->m; o++) {
        m->lm.intercept[o] = theta[o * p1];
        for (size_t c = 0; c < d->p; c++)
            m->lm.coef[c * d->m + o] = theta[o * p1 + 1 + c];
    }
    for (size_t i = 0; i < d->n; i++)
        for (size_t c = 0; c < d->p; c++)
            m->lm.mean[c] += d->x[i * d->p + c];
    for (size_t c = 0; c < d->p; c++)
        m->lm.mean[c] /= (double)d->n;
    for (size_t j = 0; j < d->dim; j++)
        if (!isfinite(theta[j]))
            return clearn__error(err, CLEARN_ENUMERIC, "logreg: the coefficients are not finite "
                                 "(rescale the data)");
    m->st.n = d->n;
    m->st.classes = d->kp;
    m->st.n_params = d->m * (d->p + (d->icpt ? 1 : 0));
    return CLEARN_OK;
}

static int logreg_fit(void *st, const clearn_dataset *train, clearn_error *err)
{
    struct logreg *m = st;
    struct lr d;
    size_t threads;
    double *theta = NULL;
    int rc;
    logreg_destroy(m);
    if ((rc = clearn__lm_threads(m->threads, "logreg", &threads, err)) != CLEARN_OK ||
        (rc = clearn__lm_no_missing(train, "logreg", err)) != CLEARN_OK)
        return rc;
    rc = lr_setup(m, train, &d, threads, err);
    if (rc == CLEARN_OK && !(theta = clearn__calloc(2 * d.dim + d.kp + 1, sizeof *theta)))
        rc = clearn__nomem(err);
    if (rc == CLEARN_OK)
        rc = lr_solve(m, &d, theta, err);
    if (rc == CLEARN_OK)
        rc = lr_store(m, &d, theta, err);
    if (rc == CLEARN_OK)
        rc = lr_loglik(&d, theta, theta + d.dim, &m->st, err);
    clearn__free(theta);
    lr_free(&d);
    if (rc != CLEARN_OK)
        logreg_destroy(m);
    return rc;
}

/* ---- prediction --------------------------------------------------------------------- */

static int logreg_check(const struct logreg *m, const clearn_dataset *x, clearn_error *err)
{
    int rc = clearn__lm_check(&m->lm, "logreg", x, err);
    if (rc == CLEARN_OK && (x->cls == CLEARN_NONE || x->attrs[x->cls].kind != CLEARN_NOMINAL ||
                            x->attrs[x->cls].n_cats != m->k))
        rc = clearn__error(err, CLEARN_ESCHEMA, "logreg: the model has %zu classes but the "
                           "data's class does not", m->k);
    return rc;
}

/* Probabilities of the present classes (kp per row) into prob. */
static int present_proba(const struct logreg *m, const clearn_dataset *x, double *prob,
                         clearn_error *err)
{
    size_t mm = m->lm.k, kp = m->kp;
    double *z = clearn__mallocarray(x->n, (mm ? mm : 1) * sizeof *z);
    int rc;
    if (!z)
        return clearn__nomem(err);
    if ((rc = clearn__lm_scores(&m->lm, x, z, err)) == CLEARN_OK) {
        struct lr d;
        memset(&d, 0, sizeof d);
        d.kp = kp;
        d.m = mm;
        d.ref = m->ref;
        for (size_t i = 0; i < x->n; i++) {
            if (mm)
                row_softmax(&d, z + i * mm, prob + i * kp);
            else
                prob[i * kp] = 1;
        }
    }
    clearn__free(z);
    return rc;
}

static int logreg_predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    const struct logreg *m = st;
    double *prob;
    int rc = logreg_check(m, x, err);
    if (rc != CLEARN_OK)
        return rc;
    if (!(prob = clearn__mallocarray(x->n ? x->n : 1, m->kp * sizeof *prob)))
        return clearn__nomem(err);
    if ((rc = present_proba(m, x, prob, err)) == CLEARN_OK)
        for (size_t i = 0; i < x->n; i++) {
            size_t best = 0;
            for (size_t c = 1; c < m->kp; c++)
                if (prob[i * m->kp + c] > prob[i * m->kp + best])
                    best = c;
            out[i] = m->present[best];
        }
    clearn__free(prob);
    return rc;
}

static int logreg_predict_proba(const void *st, const clearn_dataset *x, double *out,
                                clearn_error *err)
{
    const struct logreg *m = st;
    double *prob;
    int rc = logreg_check(m, x, err);
    if (rc != CLEARN_OK)
        return rc;
    if (!(prob = clearn__mallocarray(x->n ? x->n : 1, m->kp * sizeof *prob)))
        return clearn__nomem(err);
    if ((rc = present_proba(m, x, prob, err)) == CLEARN_OK)
        for (size_t i = 0; i < x->n; i++) {
            memset(out + i * m->k, 0, m->k * sizeof *out);
            for (size_t c = 0; c < m->kp; c++)
                out[i * m->k + (size_t)m->present[c]] = prob[i * m->kp + c];
        }
    clearn__free(prob);
    return rc;
}

/* ---- model files ------------------------------------------------------------------- */

static int logreg_save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct logreg *m = st;
    double v[3] = {m->st.loglik, m->st.loglik_null, m->st.pseudo_r2};
    size_t dim = m->lm.k * (m->lm.p + 1);
    int rc = clearn__lm_save(&m->lm, w, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "classes", m->k, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "present", m->kp, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "codes", m->present, m->kp, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "flags", m->ref + 2 * m->st.converged + 4 * (m->cov != NULL),
                               err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "rows", m->st.n, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "params", m->st.n_params, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "iterations", m->st.n_iter, err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_doubles(w, "loglik", v, 3, err);
    if (rc == CLEARN_OK && m->cov)
        rc = clearn_writer_doubles(w, "cov", m->cov, dim * dim, err);
    return rc;
}

/* Present classes: distinct ascending codes below k, as many as the
 * equations imply. */
static int logreg_valid(const struct logreg *m, clearn_error *err)
{
    size_t want = m->kp < 2 ? 0 : m->kp - (size_t)m->ref;
    for (size_t c = 0; c < m->kp; c++)
        if (!(m->present[c] >= 0 && m->present[c] < (double)m->k) ||
            m->present[c] != floor(m->present[c]) || (c && !(m->present[c] > m->present[c - 1])))
            return clearn__error(err, CLEARN_ECORRUPT, "logreg model: bad class code %zu", c + 1);
    if (!m->kp || m->lm.k != want || (m->kp == 2 && !m->ref))
        return clearn__error(err, CLEARN_ECORRUPT, "logreg model: %zu equations for %zu classes",
                             m->lm.k, m->kp);
    if (m->st.n_params > m->lm.k * (m->lm.p + 1) || !m->st.n || m->st.n_iter < 0)
        return clearn__error(err, CLEARN_ECORRUPT, "logreg model: bad counts");
    return CLEARN_OK;
}

static int logreg_load_rest(struct logreg *m, clearn_reader *r, clearn_error *err)
{
    double v[3];
    long flags;
    size_t dim = m->lm.k * (m->lm.p + 1);
    int rc = clearn__lm_read_count(r, "classes", (size_t)1 << 24, "logreg", &m->k, err);
    if (rc == CLEARN_OK)
        rc = clearn__lm_read_count(r, "present", m->k, "logreg", &m->kp, err);
    if (rc == CLEARN_OK && !(m->present = clearn__mallocarray(m->kp + 1, sizeof *m->present)))
        rc = clearn__nomem(err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_doubles(r, "codes", m->present, m->kp, err);
    if (rc == CLEARN_OK && (rc = clearn_reader_int(r, "flags", &flags, err)) == CLEARN_OK &&
        (flags < 0 || flags > 7 || ((flags & 4) && dim > MAX_COV)))
        rc = clearn__error(err, CLEARN_ECORRUPT, "logreg model: bad flags %ld", flags);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "rows", &m->st.n, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_size(r, "params", &m->st.n_params, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_int(r, "iterations", &m->st.n_iter, err);
    if (rc == CLEARN_OK)
        rc = clearn_reader_doubles(r, "loglik", v, 3, err);
    if (rc != CLEARN_OK)
        return rc;
    m->ref = (int)(flags & 1);
    m->st.converged = (int)((flags >> 1) & 1);
    m->st.classes = m->kp;
    m->st.loglik = v[0];
    m->st.loglik_null = v[1];
    m->st.pseudo_r2 = v[2];
    if ((flags & 4) && !(m->cov = clearn__mallocarray(dim * dim + 1, sizeof *m->cov)))
        return clearn__nomem(err);
    if (m->cov && (rc = clearn_reader_doubles(r, "cov", m->cov, dim * dim, err)) != CLEARN_OK)
        return rc;
    return logreg_valid(m, err);
}

static int logreg_load(void *st, clearn_reader *r, clearn_error *err)
{
    struct logreg *m = st;
    int rc;
    logreg_destroy(m);
    rc = clearn__lm_load(&m->lm, "logreg", r, err);
    if (rc == CLEARN_OK)
        rc = logreg_load_rest(m, r, err);
    if (rc != CLEARN_OK)
        logreg_destroy(m);
    return rc;
}

/* ---- the table ------------------------------------------------------------------------ */

/* Estimates, standard errors, z and p (each dim) from the model. */
static void logreg_table_of(const struct logreg *m, double *est, double *se, double *z,
                            double *pv)
{
    size_t p1 = m->lm.p + 1, k = m->lm.k;
    for (size_t o = 0; o < k; o++)
        for (size_t c = 0; c < p1; c++) {
            size_t j = o * p1 + c;
            double e = c ? m->lm.coef[(c - 1) * k + o] : m->lm.intercept[o];
            double s = m->cov ? sqrt(m->cov[j * (k * p1) + j]) : NAN, zz = e / s;
            if (est)
                est[j] = e;
            if (se)
                se[j] = s;
            if (z)
                z[j] = zz;
            if (pv)
                pv[j] = erfc(fabs(zz) / sqrt(2.0));
        }
}

const char *clearn__logreg_eq_class(const void *state, const clearn_dataset *schema, size_t o)
{
    const struct logreg *m = state;
    size_t c = (size_t)m->present[o + (size_t)m->ref];
    return schema->attrs[schema->cls].cats[c];
}

static int print_equation(const struct logreg *m, const clearn_dataset *schema, size_t o,
                          const double *t, FILE *out)
{
    size_t p1 = m->lm.p + 1, dim = m->lm.k * p1;
    const char *const *cats = (const char *const *)schema->attrs[schema->cls].cats;
    char name[256];
    int ok;
    if (m->ref)
        ok = fprintf(out, "\nClass %s (against %s):\n", clearn__logreg_eq_class(m, schema, o),
                     cats[(size_t)m->present[0]]) >= 0;
    else
        ok = fprintf(out, "\nClass %s:\n", clearn__logreg_eq_class(m, schema, o)) >= 0;
    ok = ok && fprintf(out, "%-24s %23s %22s %11s %11s\n", "", "Estimate", "Std. Error",
                       "z value", "Pr(>|z|)") >= 0;
    for (size_t c = 0; ok && c < p1; c++) {
        size_t j = o * p1 + c;
        if (c)
            clearn__lm_colname(schema, c - 1, name, sizeof name);
        else
            snprintf(name, sizeof name, "(Intercept)");
        if (!c && !m->intercept && !m->st.n_params)
            continue;
        ok = fprintf(out, "%-24s %23.15e %22.15e %11.5g %11.5g\n", name, t[j], t[dim + j],
                     t[2 * dim + j], t[3 * dim + j]) >= 0;
    }
    return ok;
}

static int logreg_print(const void *st, const clearn_dataset *schema, FILE *out,
                        clearn_error *err)
{
    const struct logreg *m = st;
    size_t dim = m->lm.k * (m->lm.p + 1);
    double *t;
    int rc = logreg_check(m, schema, err), ok;
    if (rc != CLEARN_OK)
        return rc;
    if (!(t = clearn__mallocarray(4 * dim + 1, sizeof *t)))
        return clearn__nomem(err);
    logreg_table_of(m, t, t + dim, t + 2 * dim, t + 3 * dim);
    ok = fprintf(out, "Logistic regression (%s, penalty=%s, C=%.17g): %s after %ld iterations\n",
                 m->kp > 2 ? "multinomial" : "binary", penalty_names[m->penalty], m->C,
                 m->st.converged ? "converged" : "NOT converged", m->st.n_iter) >= 0;
    ok = ok && fprintf(out, "Log-likelihood: %.15g; intercept only: %.15g; McFadden's pseudo "
                       "R-squared: %.10g; %zu rows, %zu classes\n", m->st.loglik,
                       m->st.loglik_null, m->st.pseudo_r2, m->st.n, m->kp) >= 0;
    for (size_t o = 0; ok && o < m->lm.k; o++)
        ok = print_equation(m, schema, o, t, out);
    if (ok && m->kp == 1)
        ok = fprintf(out, "\nOnly class %s in the training data\n",
                     schema->attrs[schema->cls].cats[(size_t)m->present[0]]) >= 0;
    clearn__free(t);
    return clearn__lm_io(ok, "logreg", err);
}

const clearn_estimator_type clearn__logreg_type = {
    .abi_version = CLEARN_ESTIMATOR_ABI,
    .name = "logreg",
    .summary = "logistic regression, binary and multinomial (L-BFGS or Newton; L2 or none)",
    .tasks = CLEARN_CLASSIFY,
    .params = logreg_params,
    .n_params = sizeof logreg_params / sizeof *logreg_params,
    .state_size = sizeof(struct logreg),
    .fit = logreg_fit,
    .predict = logreg_predict,
    .predict_proba = logreg_predict_proba,
    .save = logreg_save,
    .load = logreg_load,
    .destroy = logreg_destroy,
    .print = logreg_print,
};

/* ---- the public calls ------------------------------------------------------------------ */

static const struct logreg *logreg_of(const clearn_estimator *e, clearn_error *err)
{
    const clearn_estimator_type *t = e ? clearn_estimator_get_type(e) : NULL;
    const void *st;
    if (t != &clearn__logreg_type) {
        clearn__error(err, CLEARN_EINVAL, "%s is not logreg", t ? t->name : "NULL");
        return NULL;
    }
    if (!(st = clearn__lm_state(e, t)))
        clearn__error(err, CLEARN_ENOTFIT, "logreg is not fitted");
    return st;
}

int clearn_logreg_get_stats(const clearn_estimator *e, clearn_logreg_stats *out,
                            clearn_error *err)
{
    const struct logreg *m = logreg_of(e, err);
    if (!m)
        return err ? err->code : CLEARN_EINVAL;
    if (!out)
        return clearn__error(err, CLEARN_EINVAL, "logreg_get_stats: NULL argument");
    *out = m->st;
    return CLEARN_OK;
}

int clearn_logreg_table(const clearn_estimator *e, double *coef, double *se, double *z,
                        double *p, clearn_error *err)
{
    const struct logreg *m = logreg_of(e, err);
    if (!m)
        return err ? err->code : CLEARN_EINVAL;
    logreg_table_of(m, coef, se, z, p);
    return CLEARN_OK;
}

int clearn_logreg_cov(const clearn_estimator *e, double *cov, clearn_error *err)
{
    const struct logreg *m = logreg_of(e, err);
    size_t dim;
    if (!m)
        return err ? err->code : CLEARN_EINVAL;
    if (!cov)
        return clearn__error(err, CLEARN_EINVAL, "logreg_cov: NULL argument");
    dim = m->lm.k * (m->lm.p + 1);
    for (size_t j = 0; j < dim * dim; j++)
        cov[j] = m->cov ? m->cov[j] : NAN;
    return CLEARN_OK;
}
