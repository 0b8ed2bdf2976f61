/* bench_cv — times cross-validation for bench/run.py (bench/cases/cv.py).
 *
 * Usage:
 *   bench_cv threads  FILE SPEC K SIDE   10-fold-style CV with threads=1,
 *                                        then threads=2 (both timed)
 *   bench_cv overhead FILE SPEC K SIDE   reading FILE (timed), then CV with
 *                                        threads=0 (timed)
 * FILE is a CSV whose last column "y" is the class (read as nominal); the
 * split is stratified K-fold, shuffled with seed 42.
 *
 * Prints "time=SECONDS" (threads: the threads=2 run; overhead: the CV) and
 * "check=ROWS,K,X": in threads mode X is the number of classes (the peer is
 * another model), in overhead mode the number of out-of-fold predictions
 * that are right (the peer, predicting the majority class as ZeroR does,
 * gets the same count). The two threads= runs must predict alike. Appends
 * one line
 * "t1=S t2=S cpu1=S cpu2=S" or "read=S cv=S cpu_read=S cpu_cv=S" (wall and
 * process CPU seconds) to the file SIDE, which the case's targets read. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <clearn.h>
#include <clearn/cv.h>

static double clock_of(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now(void)
{
    return clock_of(CLOCK_MONOTONIC);
}

/* CPU seconds of the whole process (all threads): with the wall time it
 * shows whether a slow run was starved by other processes. */
static double cpu_now(void)
{
    return clock_of(CLOCK_PROCESS_CPUTIME_ID);
}

static int die(const char *what, const clearn_error *err)
{
    fprintf(stderr, "bench_cv: %s: %s\n", what, err->text);
    return 1;
}

/* Cross-validates and returns the seconds taken (and the CPU seconds in
 * *cpu), or a negative number. */
static double timed_cv(const clearn_estimator *e, const clearn_dataset *ds, const clearn_split *s,
                       long threads, size_t *correct, double *cpu)
{
    clearn_error err;
    clearn_cv_options o;
    clearn_cv_result *r;
    const double *pred, *truth;
    double t0, t1;
    clearn_cv_options_init(&o);
    o.threads = threads;
    *cpu = cpu_now();
    t0 = now();
    r = clearn_cv(e, ds, s, &o, &err);
    t1 = now();
    *cpu = cpu_now() - *cpu;
    if (!r) {
        die("cv", &err);
        return -1;
    }
    pred = clearn_cv_result_predictions(r, 0);
    truth = clearn_cv_result_truth(r);
    *correct = 0;
    for (size_t i = 0; i < clearn_cv_result_rows(r); i++)
        *correct += !isnan(pred[i]) && pred[i] == truth[i];
    clearn_cv_result_free(r);
    return t1 - t0;
}

static clearn_dataset *load(const char *path, double *seconds, double *cpu)
{
    static const char *const nominal[] = {"y"};
    clearn_error err;
    clearn_read_options opt;
    clearn_dataset *ds;
    double t0;
    clearn_read_options_init(&opt);
    opt.nominal = nominal;
    opt.n_nominal = 1;
    *cpu = cpu_now();
    t0 = now();
    ds = clearn_read(path, &opt, &err);
    *seconds = now() - t0;
    *cpu = cpu_now() - *cpu;
    if (!ds)
        die(path, &err);
    return ds;
}

int main(int argc, char **argv)
{
    clearn_error err;
    clearn_dataset *ds;
    clearn_estimator *e;
    clearn_split *s;
    double read_s, a, b, ca, cb;
    size_t k, correct = 0, correct2 = 0;
    int threads_mode;
    FILE *side;
    if (argc != 6 || (strcmp(argv[1], "threads") != 0 && strcmp(argv[1], "overhead") != 0)) {
        fprintf(stderr, "usage: bench_cv threads|overhead FILE SPEC K SIDEFILE\n");
        return 2;
    }
    threads_mode = strcmp(argv[1], "threads") == 0;
    k = (size_t)strtoul(argv[4], NULL, 10);
    if (!(ds = load(argv[2], &read_s, &ca)))
        return 1;
    if (!(e = clearn_estimator_new(argv[3], &err)))
        return die(argv[3], &err);
    if (!(s = clearn_split_stratified_kfold(ds, k, 1, 42, &err)))
        return die("split", &err);
    if (threads_mode) {
        a = timed_cv(e, ds, s, 1, &correct, &ca);
        b = timed_cv(e, ds, s, 2, &correct2, &cb);
    } else {
        a = read_s;
        b = timed_cv(e, ds, s, 0, &correct, &cb);
        correct2 = correct;
    }
    if (a < 0 || b < 0 || correct != correct2)
        return 1;
    if (!(side = fopen(argv[5], "a")))
        return perror(argv[5]), 1;
    fprintf(side, threads_mode ? "t1=%.6f t2=%.6f cpu1=%.6f cpu2=%.6f\n"
                               : "read=%.6f cv=%.6f cpu_read=%.6f cpu_cv=%.6f\n", a, b, ca, cb);
    if (fclose(side) != 0)
        return perror(argv[5]), 1;
    printf("time=%.6f\n", b);
    printf("check=%zu,%zu,%zu\n", clearn_dataset_rows(ds), k,
           threads_mode ? clearn_dataset_categories(ds, clearn_dataset_class(ds)) : correct);
    clearn_split_free(s);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    return fflush(stdout) == 0 ? 0 : 1;
}
