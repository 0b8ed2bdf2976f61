/* bench_kmeans — the clearn side of the k-means benchmark cases
 * (bench/cases/kmeans.py).
 *
 *   bench_kmeans DATA SPEC raw|canonical
 *
 * DATA is written by the case's generator: two little-endian uint64 (rows
 * n, columns d), then n x d little-endian doubles, row-major. Reading it
 * is not timed. Timed: clearn_estimator_fit on the rows (no class) and
 * clearn_estimator_predict on the same rows, with the estimator made from
 * SPEC (e.g. "kmeans k=8"). Prints time=SECONDS and
 * check=ROWS,INERTIA,SUM where INERTIA is the fitted model's
 * (clearn_kmeans_inertia, %.17g: run.py compares it to 1e-12 relative) and
 * SUM adds (i + 1) * label_i over the rows, the labels as predicted (raw)
 * or renumbered in order of first appearance (canonical: the same
 * partition from other starting centres gives the same sum). Public API
 * only. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <clearn.h>
#include <clearn/cluster.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int die(const char *what, const char *why)
{
    fprintf(stderr, "bench_kmeans: %s: %s\n", what, why);
    return 1;
}

static clearn_dataset *read_data(const char *path, size_t *n, clearn_error *err)
{
    uint64_t hdr[2];
    double *v = NULL;
    clearn_dataset *ds = NULL;
    FILE *f = fopen(path, "rb");
    if (!f || fread(hdr, sizeof hdr, 1, f) != 1 || !hdr[0] || hdr[0] > ((uint64_t)1 << 32) ||
        !hdr[1] || hdr[1] > 4096)
        goto done;
    *n = (size_t)hdr[0];
    if ((v = malloc(*n * (size_t)hdr[1] * sizeof *v)) &&
        fread(v, sizeof *v, *n * (size_t)hdr[1], f) == *n * (size_t)hdr[1])
        ds = clearn_dataset_from_arrays(*n, (size_t)hdr[1], v, NULL, NULL, NULL, 0, err);
done:
    if (f)
        fclose(f);
    free(v);
    return ds;
}

/* Sum of (i + 1) * label_i; canonical: labels renumbered 0, 1, ... in
 * order of first appearance. */
static double label_sum(const double *pred, size_t n, int canonical)
{
    size_t map[4096], next = 0;
    double sum = 0;
    for (size_t c = 0; c < 4096; c++)
        map[c] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t l = (size_t)pred[i];
        if (canonical && l < 4096) {
            if (map[l] == SIZE_MAX)
                map[l] = next++;
            l = map[l];
        }
        sum += (double)(i + 1) * (double)l;
    }
    return sum;
}

int main(int argc, char **argv)
{
    clearn_error err = {0, ""};
    clearn_dataset *ds;
    clearn_estimator *e;
    double *pred, t0, t1, inertia;
    size_t n = 0;
    if (argc != 4 || (strcmp(argv[3], "raw") && strcmp(argv[3], "canonical")))
        return die("usage", "bench_kmeans DATA SPEC raw|canonical");
    if (!(ds = read_data(argv[1], &n, &err)))
        return die(argv[1], err.code ? err.text : "cannot read the data");
    if (!(e = clearn_estimator_new(argv[2], &err)))
        return die(argv[2], err.text);
    if (!(pred = malloc(n * sizeof *pred)))
        return die("predictions", "out of memory");
    t0 = now();
    if (clearn_estimator_fit(e, ds, &err) != CLEARN_OK)
        return die("fit", err.text);
    if (clearn_estimator_predict(e, ds, pred, &err) != CLEARN_OK)
        return die("predict", err.text);
    t1 = now();
    if (clearn_kmeans_inertia(e, &inertia, &err) != CLEARN_OK)
        return die("inertia", err.text);
    printf("time=%.6f\n", t1 - t0);
    printf("check=%zu,%.17g,%.0f\n", n, inertia, label_sum(pred, n, !strcmp(argv[3], "canonical")));
    free(pred);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    return 0;
}
