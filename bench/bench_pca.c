/* bench_pca — the clearn side of the pca benchmark case (bench/cases/pca.py).
 *
 *   bench_pca DATA SPEC
 *
 * DATA: two little-endian uint64 (rows n, columns d), then n x d
 * little-endian doubles, row-major (no class). Reading it is not timed.
 * Timed: clearn_transform_fit and clearn_transform_apply of the transform
 * made from SPEC (e.g. "pca n_components=10") on the rows. Prints
 * time=SECONDS and check=ROWS,RATIO,ABS: the sum of the explained variance
 * ratios (clearn_pca_info) and the sum of the absolute transformed values
 * (signs as scikit-learn's), %.17g for run.py's 1e-12 comparison. Public
 * API only. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
    fprintf(stderr, "bench_pca: %s: %s\n", what, why);
    return 1;
}

static clearn_dataset *read_data(const char *path, clearn_error *err)
{
    uint64_t hdr[2];
    double *v = NULL;
    clearn_dataset *ds = NULL;
    FILE *f = fopen(path, "rb");
    if (!f || fread(hdr, sizeof hdr, 1, f) != 1 || !hdr[0] || hdr[0] > ((uint64_t)1 << 32) ||
        !hdr[1] || hdr[1] > 4096)
        goto done;
    if ((v = malloc((size_t)hdr[0] * (size_t)hdr[1] * sizeof *v)) &&
        fread(v, sizeof *v, (size_t)(hdr[0] * hdr[1]), f) == (size_t)(hdr[0] * hdr[1]))
        ds = clearn_dataset_from_arrays((size_t)hdr[0], (size_t)hdr[1], v, NULL, NULL, NULL, 0,
                                        err);
done:
    if (f)
        fclose(f);
    free(v);
    return ds;
}

int main(int argc, char **argv)
{
    clearn_error err = {0, ""};
    clearn_dataset *ds, *out;
    clearn_transform *t;
    clearn_pca_summary sum;
    double ratio[4096], total = 0, abs_sum = 0, t0, t1;
    size_t n;
    if (argc != 3)
        return die("usage", "bench_pca DATA SPEC");
    if (!(ds = read_data(argv[1], &err)))
        return die(argv[1], err.code ? err.text : "cannot read the data");
    if (!(t = clearn_transform_new(argv[2], &err)))
        return die(argv[2], err.text);
    t0 = now();
    if (clearn_transform_fit(t, ds, &err) != CLEARN_OK || !(out = clearn_transform_apply(t, ds, &err)))
        return die("fit/apply", err.text);
    t1 = now();
    if (clearn_pca_info(t, &sum, NULL, NULL, NULL, ratio, NULL, &err) != CLEARN_OK)
        return die("info", err.text);
    for (size_t c = 0; c < sum.n_components; c++)
        total += ratio[c];
    n = clearn_dataset_rows(out);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < clearn_dataset_attrs(out); j++)
            abs_sum += fabs(clearn_dataset_get(out, i, j));
    printf("time=%.6f\n", t1 - t0);
    printf("check=%zu,%.17g,%.17g\n", n, total, abs_sum);
    clearn_dataset_free(out);
    clearn_transform_free(t);
    clearn_dataset_free(ds);
    return 0;
}
