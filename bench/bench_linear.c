/* bench_linear — times clearn's linear models for bench/run.py (the cases
 * of bench/cases/linear.py).
 *
 * Usage: bench_linear ols|logreg|lasso DATA REF
 *   DATA  binary: two little-endian int64 (n, d), then n rows of d features
 *         and the class, as float64 (the class is a category code 0..k-1
 *         for logreg)
 *   REF   text: scikit-learn's answer, written by the data generator
 *         ols:    the intercept and the d coefficients of LinearRegression
 *         logreg: the training accuracy of LogisticRegression()
 *         lasso:  lasso_path's 100 x d coefficients, tightly converged
 * Times the fit alone (ols: clearn_estimator_fit of "ols threads=0";
 * logreg: of "logreg threads=0"; lasso: clearn_lasso_path with 100 alphas,
 * no intercept, as lasso_path) and prints time=SECONDS, check=... and the
 * figure behind the check:
 *   ols:    check=N,D,agree when every coefficient is within 1e-8 of the
 *           reference, relatively (maxrel=... the largest difference)
 *   logreg: check=N,K,same when the training accuracy is the reference's
 *           to 0.001 (accuracy=...)
 *   lasso:  check=ALPHAS,D,agree when every coefficient of the path is
 *           within 1e-3 of the reference, relative to the largest
 *           coefficient of the path (maxrel=...). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <clearn.h>
#include <clearn/linear.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what, const char *why)
{
    fprintf(stderr, "bench_linear: %s: %s\n", what, why);
    exit(1);
}

/* The data file as a dataset: numeric class, or k named categories. */
static clearn_dataset *load(const char *path, size_t k, size_t *n, size_t *d)
{
    static const char *const names[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    FILE *f = fopen(path, "rb");
    int64_t head[2];
    double *rows, *x, *y;
    clearn_dataset *ds;
    clearn_error err;
    if (!f || fread(head, sizeof head, 1, f) != 1 || head[0] <= 0 || head[1] <= 0)
        die(path, "cannot read the header");
    *n = (size_t)head[0];
    *d = (size_t)head[1];
    rows = malloc(*n * (*d + 1) * sizeof *rows);
    x = malloc(*n * *d * sizeof *x);
    y = malloc(*n * sizeof *y);
    if (!rows || !x || !y || fread(rows, sizeof *rows, *n * (*d + 1), f) != *n * (*d + 1))
        die(path, "cannot read the rows");
    fclose(f);
    for (size_t i = 0; i < *n; i++) {
        memcpy(x + i * *d, rows + i * (*d + 1), *d * sizeof *x);
        y[i] = rows[i * (*d + 1) + *d];
    }
    free(rows);
    ds = clearn_dataset_from_arrays(*n, *d, x, NULL, y, k ? names : NULL, k, &err);
    if (!ds)
        die(path, err.text);
    free(x);
    free(y);
    return ds;
}

static double *read_ref(const char *path, size_t want)
{
    FILE *f = fopen(path, "r");
    double *v = malloc((want ? want : 1) * sizeof *v);
    for (size_t i = 0; f && i < want; i++)
        if (fscanf(f, "%lf", &v[i]) != 1)
            die(path, "too few numbers");
    if (!f)
        die(path, "cannot open");
    fclose(f);
    return v;
}

static int bench_ols(const char *data, const char *refpath)
{
    size_t n, d;
    clearn_error err;
    clearn_dataset *ds = load(data, 0, &n, &d);
    clearn_estimator *e = clearn_estimator_new("ols threads=0", &err);
    double *ref = read_ref(refpath, d + 1), *coef = malloc((d + 1) * sizeof *coef), worst = 0;
    double t0 = now(), t1;
    if (!e || clearn_estimator_fit(e, ds, &err) != CLEARN_OK)
        die("ols", err.text);
    t1 = now();
    if (clearn_linear_coefs(e, coef, &err) != CLEARN_OK)
        die("ols", err.text);
    for (size_t j = 0; j <= d; j++)
        worst = fmax(worst, fabs(coef[j] - ref[j]) / fmax(fabs(ref[j]), 1e-300));
    printf("time=%.6f\ncheck=%zu,%zu,%s\nmaxrel=%.3g\n", t1 - t0, n, d,
           worst <= 1e-8 ? "agree" : "DIFFER", worst);
    free(ref);
    free(coef);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    return 0;
}

static int bench_logreg(const char *data, const char *refpath)
{
    size_t n, d, right = 0;
    clearn_error err;
    clearn_dataset *ds = load(data, 3, &n, &d);
    clearn_estimator *e = clearn_estimator_new("logreg threads=0", &err);
    double *ref = read_ref(refpath, 1), *pred = malloc(n * sizeof *pred), t0 = now(), t1, acc;
    if (!e || clearn_estimator_fit(e, ds, &err) != CLEARN_OK)
        die("logreg", err.text);
    t1 = now();
    if (clearn_estimator_predict(e, ds, pred, &err) != CLEARN_OK)
        die("logreg", err.text);
    for (size_t i = 0; i < n; i++)
        right += pred[i] == clearn_dataset_get(ds, i, d);
    acc = (double)right / (double)n;
    printf("time=%.6f\ncheck=%zu,3,%s\naccuracy=%.6f\n", t1 - t0, n,
           fabs(acc - ref[0]) <= 1e-3 ? "same" : "DIFFERENT", acc);
    free(ref);
    free(pred);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    return 0;
}

static int bench_lasso(const char *data, const char *refpath)
{
    size_t n, d, na = 100;
    clearn_error err;
    clearn_path_options o;
    clearn_dataset *ds = load(data, 0, &n, &d);
    double *ref = read_ref(refpath, na * d), *coefs = malloc(na * d * sizeof *coefs), worst = 0;
    double t0, t1, big = 0;
    clearn_path_options_init(&o);
    o.n_alphas = na;
    o.intercept = 0;
    t0 = now();
    if (clearn_lasso_path(ds, &o, NULL, coefs, NULL, NULL, NULL, &err) != CLEARN_OK)
        die("lasso_path", err.text);
    t1 = now();
    for (size_t k = 0; k < na * d; k++)
        big = fmax(big, fabs(ref[k]));
    for (size_t k = 0; k < na * d && big > 0; k++)
        worst = fmax(worst, fabs(coefs[k] - ref[k]) / big);
    printf("time=%.6f\ncheck=%zu,%zu,%s\nmaxrel=%.3g\n", t1 - t0, na, d,
           worst <= 1e-3 ? "agree" : "DIFFER", worst);
    free(ref);
    free(coefs);
    clearn_dataset_free(ds);
    return 0;
}

int main(int argc, char **argv)
{
    int rc = 2;
    if (argc != 4) {
        fprintf(stderr, "usage: %s ols|logreg|lasso DATA REF\n", argv[0]);
        return 2;
    }
    if (!strcmp(argv[1], "ols"))
        rc = bench_ols(argv[2], argv[3]);
    else if (!strcmp(argv[1], "logreg"))
        rc = bench_logreg(argv[2], argv[3]);
    else if (!strcmp(argv[1], "lasso"))
        rc = bench_lasso(argv[2], argv[3]);
    else
        die(argv[1], "unknown mode");
    return rc || fflush(stdout) != 0;
}
