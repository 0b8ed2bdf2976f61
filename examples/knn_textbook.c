/* knn_textbook — a textbook k-nearest-neighbour exercise, step by step.
 *
 * P.-N. Tan, M. Steinbach and V. Kumar, Introduction to Data Mining
 * (Addison-Wesley, 2006), chapter 5, the exercise on Table 5.13: ten points
 * on a line,
 *     x  0.5  3.0  4.5  4.6  4.9  5.2  5.3  5.5  7.0  9.5
 *     y   -    -    +    +    +    -    -    +    -    -
 * (a) classify x = 5.0 by its 1, 3, 5 and 9 nearest neighbours (majority
 * vote); (b) repeat with distance-weighted votes (section 5.2.1). The
 * published answers (the book's solution manual): (a) +, -, +, -;
 * (b) +, +, +, +.
 *
 * The program prints the distance from the query to every training point,
 * nearest first (clearn_knn_index_query), then clearn's prediction for each
 * k beside the published one. The book weighs a vote by 1/d^2, clearn's
 * weights=distance by 1/d (as scikit-learn); here the answers agree.
 *
 * Build: cc knn_textbook.c $(pkg-config --cflags --libs clearn) */
#include <stdio.h>
#include <stdlib.h>
#include <clearn.h>
#include <clearn/knn.h>

#define N 10

static int fail(const char *what, const clearn_error *err)
{
    fprintf(stderr, "knn_textbook: %s: %s\n", what, err->text);
    return EXIT_FAILURE;
}

/* clearn's class for the query with k neighbours and the given weights. */
static int predict(const clearn_dataset *train, const clearn_dataset *query, int k,
                   const char *weights, double *cls, clearn_error *err)
{
    char spec[64];
    clearn_estimator *e;
    int rc;
    snprintf(spec, sizeof spec, "knn k=%d weights=%s", k, weights);
    if (!(e = clearn_estimator_new(spec, err)))
        return err->code;
    rc = clearn_estimator_fit(e, train, err);
    if (rc == CLEARN_OK)
        rc = clearn_estimator_predict(e, query, cls, err);
    clearn_estimator_free(e);
    return rc;
}

int main(void)
{
    static const double x[N] = {0.5, 3.0, 4.5, 4.6, 4.9, 5.2, 5.3, 5.5, 7.0, 9.5};
    static const double y[N] = {1, 1, 0, 0, 0, 1, 1, 0, 1, 1};   /* 0 = "+", 1 = "-" */
    static const char *const classes[] = {"+", "-"}, *const names[] = {"x"};
    static const int ks[] = {1, 3, 5, 9};
    static const char *const vote[] = {"+", "-", "+", "-"}, *const weighted[] = {"+", "+", "+", "+"};
    double q = 5.0, dist[N];
    size_t idx[N];
    clearn_error err;
    clearn_dataset *train = clearn_dataset_from_arrays(N, 1, x, names, y, classes, 2, &err);
    clearn_dataset *query = train ? clearn_dataset_from_arrays(1, 1, &q, names, NULL, NULL, 0, &err)
                                  : NULL;
    clearn_knn_index *ix = query ? clearn_knn_index_new(train, "metric=euclidean", &err) : NULL;
    int mismatches = 0;
    if (!ix || clearn_knn_index_query(ix, query, N, idx, dist, &err) != CLEARN_OK)
        return fail("the distances", &err);
    printf("Tan, Steinbach & Kumar, Introduction to Data Mining (2006), chapter 5,\n"
           "exercise on Table 5.13: classify x = 5.0 by its nearest neighbours.\n\n"
           "Step 1: distance from x = 5.0 to each training point, nearest first\n"
           "  rank      x  class  distance\n");
    for (size_t i = 0; i < N; i++)
        printf("  %4zu  %5.1f  %5s  %8.4g\n", i + 1, x[idx[i]], classes[(int)y[idx[i]]], dist[i]);
    printf("  (equal distances: 4.5 and 5.5, 3.0 and 7.0, 0.5 and 9.5; the lower\n"
           "  training index comes first, and each pair shares a class)\n\n"
           "Step 2: the class of x = 5.0\n"
           "     k  majority vote           distance-weighted vote\n"
           "        published  clearn       published (1/d^2)  clearn (1/d)\n");
    for (size_t i = 0; i < sizeof ks / sizeof *ks; i++) {
        double a, b;
        if (predict(train, query, ks[i], "uniform", &a, &err) != CLEARN_OK ||
            predict(train, query, ks[i], "distance", &b, &err) != CLEARN_OK)
            return fail("predict", &err);
        printf("  %4d  %9s  %6s       %17s  %12s\n", ks[i], vote[i], classes[(int)a], weighted[i],
               classes[(int)b]);
        mismatches += (classes[(int)a][0] != vote[i][0]) + (classes[(int)b][0] != weighted[i][0]);
    }
    printf("\n%s\n", mismatches ? "MISMATCH with the published answers"
                                : "clearn agrees with every published answer.");
    clearn_knn_index_free(ix);
    clearn_dataset_free(train);
    clearn_dataset_free(query);
    return mismatches ? EXIT_FAILURE : EXIT_SUCCESS;
}
