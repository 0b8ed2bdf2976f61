/* Benchmark: an RBF support vector classifier, clearn's svm (libsvm inside)
 * beside svm-train/svm-predict and scikit-learn's SVC (bench/cases/svm.py).
 *
 *   bench_svm MODE TRAIN TEST SPEC
 *
 * MODE "files": times reading both LIBSVM files, fitting SPEC and predicting
 * the test rows, as svm-train + svm-predict do with their files.
 * MODE "memory": reads the files first (untimed), then times the fit and
 * the prediction, as the scikit-learn peer does with arrays in memory.
 * Both print time=SECONDS and check=CORRECT,ROWS[,SUPPORT_VECTORS] (the
 * support vectors only in files mode: scikit-learn's libsvm fork may stop
 * a vector or two apart), then, not compared:
 *   fit=S predict=S    the two parts of the timed work
 *   overhead=S         fit + predict of SPEC with tolerance=1e300, which
 *                      stops libsvm's solver before its first iteration
 *                      and leaves no support vector: what is left is the
 *                      conversion to libsvm's nodes both ways, the model
 *                      copy and libsvm's set-up (an upper bound on
 *                      clearn's own overhead). */
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

static void die(const char *what, const clearn_error *err)
{
    fprintf(stderr, "bench_svm: %s: %s\n", what, err->text);
    exit(1);
}

static clearn_dataset *load(const char *path)
{
    clearn_error err;
    clearn_dataset *ds = clearn_read(path, NULL, &err);
    if (!ds)
        die(path, &err);
    return ds;
}

/* The number after "support vectors:" in the printed model. */
static long support_vectors(const clearn_estimator *e)
{
    char buf[4096];
    clearn_error err;
    FILE *f = tmpfile();
    size_t n;
    const char *p;
    if (!f || clearn_estimator_print(e, f, &err) != CLEARN_OK)
        return -1;
    rewind(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    p = strstr(buf, "support vectors:");
    return p ? strtol(p + 16, NULL, 10) : -1;
}

/* Fits spec on train and predicts test into out; the two times. */
static clearn_estimator *fit_predict(const char *spec, const clearn_dataset *train,
                                     const clearn_dataset *test, double *out, double *t_fit,
                                     double *t_pred)
{
    clearn_error err;
    double t0 = now(), t1;
    clearn_estimator *e = clearn_estimator_new(spec, &err);
    if (!e)
        die(spec, &err);
    if (clearn_estimator_fit(e, train, &err) != CLEARN_OK)
        die("fit", &err);
    t1 = now();
    if (clearn_estimator_predict(e, test, out, &err) != CLEARN_OK)
        die("predict", &err);
    *t_fit = t1 - t0;
    *t_pred = now() - t1;
    return e;
}

/* Rows of test predicted right; predictions are codes of the training
 * schema's class, matched to the test file's labels by name. */
static size_t correct(const clearn_estimator *e, const clearn_dataset *test, const double *out)
{
    const clearn_dataset *schema = clearn_estimator_schema(e);
    size_t c = clearn_dataset_class(test), sc = clearn_dataset_class(schema), right = 0;
    for (size_t i = 0; i < clearn_dataset_rows(test); i++) {
        const char *want = clearn_dataset_category(test, c, (size_t)clearn_dataset_get(test, i, c));
        const char *got = clearn_dataset_category(schema, sc, (size_t)out[i]);
        right += want && got && strcmp(want, got) == 0;
    }
    return right;
}

int main(int argc, char **argv)
{
    clearn_dataset *train, *test;
    clearn_estimator *e;
    double t0, t_read, t_fit, t_pred, o_fit, o_pred, *out;
    char quick[1024];
    int files;
    if (argc != 5 || (strcmp(argv[1], "files") != 0 && strcmp(argv[1], "memory") != 0)) {
        fprintf(stderr, "usage: bench_svm files|memory TRAIN TEST SPEC\n");
        return 2;
    }
    files = strcmp(argv[1], "files") == 0;
    t0 = now();
    train = load(argv[2]);
    test = load(argv[3]);
    t_read = now() - t0;
    out = malloc(clearn_dataset_rows(test) * sizeof *out);
    if (!out)
        return 1;
    e = fit_predict(argv[4], train, test, out, &t_fit, &t_pred);
    printf("time=%.6f\n", (files ? t_read : 0) + t_fit + t_pred);
    if (files)
        printf("check=%zu,%zu,%ld\n", correct(e, test, out), clearn_dataset_rows(test),
               support_vectors(e));
    else
        printf("check=%zu,%zu\n", correct(e, test, out), clearn_dataset_rows(test));
    clearn_estimator_free(e);
    snprintf(quick, sizeof quick, "%s tolerance=1e300", argv[4]);
    clearn_estimator_free(fit_predict(quick, train, test, out, &o_fit, &o_pred));
    printf("read=%.6f fit=%.6f predict=%.6f overhead=%.6f\n", t_read, t_fit, t_pred, o_fit + o_pred);
    free(out);
    clearn_dataset_free(train);
    clearn_dataset_free(test);
    return 0;
}
