/* bench_forest: the clearn side of the forest benchmark (bench/cases/forest.py).
 *
 *   bench_forest classify|regress TRAIN.csv TEST.csv SPEC SCORE_FILE
 *
 * Reads both files (class: the last column, y; nominal when classifying),
 * times clearn_estimator_fit of SPEC on TRAIN and the prediction of TEST
 * together with a monotonic clock, and writes the test accuracy (classify)
 * or R^2 (regress) to SCORE_FILE as "score=%.17g". Prints time=SECONDS and
 * check=N_TRAIN,N_TEST,SUM (SUM: the test labels added in row order), which
 * the scikit-learn side prints too. Public API only. */
#include <clearn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static clearn_dataset *load(const char *path, int classify)
{
    static const char *const y[] = {"y"};
    clearn_read_options opt;
    clearn_error err;
    clearn_dataset *ds;
    clearn_read_options_init(&opt);
    if (classify) {
        opt.nominal = y;
        opt.n_nominal = 1;
    } else {
        opt.numeric = y;
        opt.n_numeric = 1;
    }
    if (!(ds = clearn_read(path, &opt, &err)))
        fprintf(stderr, "bench_forest: %s\n", err.text);
    return ds;
}

/* The test labels as numbers (for a nominal class: the category names). */
static double label(const clearn_dataset *ds, size_t i, int classify)
{
    size_t c = clearn_dataset_class(ds);
    double v = clearn_dataset_get(ds, i, c);
    return classify ? atof(clearn_dataset_category(ds, c, (size_t)v)) : v;
}

/* Accuracy or R^2 of the predictions (categories matched by name). */
static double score(const clearn_estimator *e, const clearn_dataset *test, const double *pred,
                    int classify)
{
    const clearn_dataset *schema = clearn_estimator_schema(e);
    size_t n = clearn_dataset_rows(test), cs = clearn_dataset_class(schema);
    double right = 0, mean = 0, ss_res = 0, ss_tot = 0;
    for (size_t i = 0; i < n; i++)
        mean += label(test, i, classify) / (double)n;
    for (size_t i = 0; i < n; i++) {
        double t = label(test, i, classify);
        if (classify) {
            right += atof(clearn_dataset_category(schema, cs, (size_t)pred[i])) == t;
        } else {
            ss_res += (t - pred[i]) * (t - pred[i]);
            ss_tot += (t - mean) * (t - mean);
        }
    }
    return classify ? right / (double)n : 1 - ss_res / ss_tot;
}

int main(int argc, char **argv)
{
    clearn_error err;
    clearn_dataset *train, *test;
    clearn_estimator *e;
    double t0, t1, sum = 0, *pred;
    int classify;
    FILE *f;
    if (argc != 6 || (strcmp(argv[1], "classify") && strcmp(argv[1], "regress"))) {
        fprintf(stderr, "usage: bench_forest classify|regress TRAIN TEST SPEC SCORE_FILE\n");
        return 2;
    }
    classify = !strcmp(argv[1], "classify");
    if (!(train = load(argv[2], classify)) || !(test = load(argv[3], classify)))
        return 1;
    if (!(e = clearn_estimator_new(argv[4], &err))) {
        fprintf(stderr, "bench_forest: %s\n", err.text);
        return 1;
    }
    t0 = now();
    if (clearn_estimator_fit(e, train, &err) != CLEARN_OK) {
        fprintf(stderr, "bench_forest: %s\n", err.text);
        return 1;
    }
    pred = malloc(clearn_dataset_rows(test) * sizeof *pred);
    if (!pred || clearn_estimator_predict(e, test, pred, &err) != CLEARN_OK) {
        fprintf(stderr, "bench_forest: %s\n", pred ? err.text : "out of memory");
        return 1;
    }
    t1 = now();
    for (size_t i = 0; i < clearn_dataset_rows(test); i++)
        sum += label(test, i, classify);
    if (!(f = fopen(argv[5], "w")) ||
        fprintf(f, "score=%.17g\n", score(e, test, pred, classify)) < 0 || fclose(f)) {
        fprintf(stderr, "bench_forest: cannot write %s\n", argv[5]);
        return 1;
    }
    printf("time=%.6f\ncheck=%zu,%zu,%.17g\n", t1 - t0, clearn_dataset_rows(train),
           clearn_dataset_rows(test), sum);
    free(pred);
    clearn_estimator_free(e);
    clearn_dataset_free(train);
    clearn_dataset_free(test);
    return 0;
}
