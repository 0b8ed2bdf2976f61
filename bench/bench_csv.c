/* bench_csv — times clearn_read on one CSV file, for bench/run.py.
 *
 * Usage: bench_csv FILE
 * Prints "time=SECONDS" (wall time of clearn_read alone, monotonic clock)
 * and "check=ROWS,ATTRS,SUM" where SUM adds every value row by row, column
 * by column, in double, printed with %.17g: the Python peer sums in the same
 * order, so both sides agree to the last bit when they parse alike. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <clearn.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Sequential sum of the row-major table; NaN (missing) propagates, which
 * the checksum should show. */
static double table_sum(const clearn_dataset *ds)
{
    const double *x = clearn_dataset_data(ds);
    size_t n = clearn_dataset_rows(ds) * clearn_dataset_attrs(ds);
    double s = 0.0;
    for (size_t k = 0; k < n; k++)
        s += x[k];
    return s;
}

int main(int argc, char **argv)
{
    clearn_error err = {0, ""};
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.csv\n", argv[0]);
        return 1;
    }
    double t0 = now();
    clearn_dataset *ds = clearn_read(argv[1], NULL, &err);
    double t1 = now();
    if (ds == NULL) {
        fprintf(stderr, "%s: %s\n", argv[0], err.text);
        return 1;
    }
    printf("time=%.6f\n", t1 - t0);
    printf("check=%zu,%zu,%.17g\n", clearn_dataset_rows(ds),
           clearn_dataset_attrs(ds), table_sum(ds));
    clearn_dataset_free(ds);
    return fflush(stdout) == 0 ? 0 : 1;
}
