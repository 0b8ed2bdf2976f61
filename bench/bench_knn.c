/* bench_knn — the clearn side of the knn benchmark cases (bench/cases/knn.py).
 *
 *   bench_knn DATA SPEC
 *
 * DATA is written by the case's generator: three little-endian uint64
 * (training rows n, test rows m, columns c), then (n + m) x c little-endian
 * doubles, row-major, the class code in the last column. Reading it is not
 * timed. Timed: clearn_estimator_fit on the n training rows and
 * clearn_estimator_predict on the m test rows, with the estimator made from
 * SPEC (e.g. "knn k=5"). Prints time=SECONDS and check=ROWS,SUM where SUM
 * adds (i + 1) * prediction_i over the test rows (an integer: predictions
 * must be identical to the peer's). Public API only. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <clearn.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int die(const char *what, const char *why)
{
    fprintf(stderr, "bench_knn: %s: %s\n", what, why);
    return 1;
}

/* Reads the next n rows of c values from f into a dataset with a nominal
 * class "0", "1", ... (k categories). */
static clearn_dataset *read_rows(FILE *f, size_t n, size_t c, size_t k, clearn_error *err)
{
    double *v = malloc(n * c * sizeof *v), *y = malloc(n * sizeof *y);
    clearn_dataset *ds = NULL;
    char names[64][8];
    const char *cls[64];
    if (!v || !y || fread(v, sizeof *v, n * c, f) != n * c)
        goto done;
    for (size_t i = 0; i < n; i++) {   /* features in place, class codes apart */
        y[i] = v[i * c + c - 1];
        memmove(v + i * (c - 1), v + i * c, (c - 1) * sizeof *v);
        if (!(y[i] >= 0 && y[i] < (double)k))
            goto done;
    }
    for (size_t j = 0; j < k; j++) {
        snprintf(names[j], sizeof names[j], "%zu", j);
        cls[j] = names[j];
    }
    ds = clearn_dataset_from_arrays(n, c - 1, v, NULL, y, cls, k, err);
done:
    free(v);
    free(y);
    return ds;
}

int main(int argc, char **argv)
{
    clearn_error err = {0, ""};
    clearn_dataset *train, *test;
    clearn_estimator *e;
    double *pred, t0, t1, sum = 0;
    uint64_t hdr[3];
    FILE *f;
    if (argc != 3)
        return die("usage", "bench_knn DATA SPEC");
    if (!(f = fopen(argv[1], "rb")) || fread(hdr, sizeof hdr, 1, f) != 1 || !hdr[0] ||
        hdr[0] > ((uint64_t)1 << 32) || hdr[1] > ((uint64_t)1 << 32) || hdr[2] < 2 || hdr[2] > 4096)
        return die(argv[1], "cannot read the header");
    /* two classes as make_classification gives */
    if (!(train = read_rows(f, (size_t)hdr[0], (size_t)hdr[2], 2, &err)) ||
        !(test = read_rows(f, (size_t)hdr[1], (size_t)hdr[2], 2, &err)))
        return die(argv[1], err.code ? err.text : "cannot read the rows");
    fclose(f);
    if (!(e = clearn_estimator_new(argv[2], &err)))
        return die(argv[2], err.text);
    if (!(pred = malloc((size_t)hdr[1] * sizeof *pred + 1)))
        return die("predictions", "out of memory");
    t0 = now();
    if (clearn_estimator_fit(e, train, &err) != CLEARN_OK)
        return die("fit", err.text);
    if (clearn_estimator_predict(e, test, pred, &err) != CLEARN_OK)
        return die("predict", err.text);
    t1 = now();
    for (size_t i = 0; i < (size_t)hdr[1]; i++)
        sum += (double)(i + 1) * pred[i];
    printf("time=%.6f\n", t1 - t0);
    printf("check=%zu,%.0f\n", (size_t)hdr[1], sum);
    free(pred);
    clearn_estimator_free(e);
    clearn_dataset_free(train);
    clearn_dataset_free(test);
    return 0;
}
