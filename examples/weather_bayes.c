/* Witten, Frank & Hall, "Data Mining" (3rd ed.), section 4.2: naive Bayes
 * on the weather data. The counts of each attribute value per class give a
 * new day (sunny, cool, high humidity, windy) the likelihoods
 *   yes: 2/9 x 3/9 x 3/9 x 3/9 x 9/14 = 0.0053
 *   no:  3/5 x 1/5 x 4/5 x 3/5 x 5/14 = 0.0206
 * and P(yes) = 0.0053 / (0.0053 + 0.0206) = 20.5%. The book uses the raw
 * frequencies: nb_categorical with alpha=0. Run from the source tree:
 *   examples/weather_bayes [datasets/weather.nominal.arff] */
#include <math.h>
#include <stdio.h>
#include <clearn.h>
#include <clearn/bayes.h>

static int fail(const clearn_error *err)
{
    fprintf(stderr, "weather_bayes: %s\n", err->text);
    return 1;
}

/* The new day as a one-row dataset in the training schema. */
static clearn_dataset *new_day(const clearn_dataset *train, clearn_error *err)
{
    static const char *const day[][2] = {
        {"outlook", "sunny"}, {"temperature", "cool"}, {"humidity", "high"}, {"windy", "TRUE"},
    };
    double row[16];
    size_t d = clearn_dataset_attrs(train);
    clearn_dataset *q = clearn_dataset_header(train, err);
    if (!q || d > 16)
        return NULL;
    for (size_t j = 0; j < d; j++)
        row[j] = NAN;
    for (size_t i = 0; i < 4; i++) {
        size_t j, code;
        if (clearn_dataset_find(train, day[i][0], &j, err) != CLEARN_OK ||
            clearn_dataset_category_code(train, j, day[i][1], &code, err) != CLEARN_OK) {
            clearn_dataset_free(q);
            return NULL;
        }
        row[j] = (double)code;
    }
    if (clearn_dataset_add_row(q, row, err) != CLEARN_OK) {
        clearn_dataset_free(q);
        return NULL;
    }
    return q;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "datasets/weather.nominal.arff";
    clearn_error err;
    clearn_dataset *train = clearn_read(path, NULL, &err), *q = NULL;
    clearn_estimator *e = NULL;
    double jll[2], p[2];
    int rc = 1;
    if (!train)
        return fail(&err);
    if (!(e = clearn_estimator_new("nb_categorical alpha=0", &err)) ||
        clearn_estimator_fit(e, train, &err) != CLEARN_OK || !(q = new_day(train, &err)) ||
        clearn_nb_joint_log_proba(e, q, jll, &err) != CLEARN_OK ||
        clearn_estimator_predict_proba(e, q, p, &err) != CLEARN_OK) {
        rc = fail(&err);
        goto done;
    }
    printf("Naive Bayes on the weather data (Witten, Frank & Hall, section 4.2)\n"
           "nb_categorical alpha=0 fitted on %s:\n\n", path);
    if (clearn_estimator_print(e, stdout, &err) != CLEARN_OK) {
        rc = fail(&err);
        goto done;
    }
    printf("\nA new day: outlook = sunny, temperature = cool, humidity = high, windy = true\n\n"
           "                        clearn      book\n"
           "likelihood of yes   %10.4f    0.0053\n"
           "likelihood of no    %10.4f    0.0206\n"
           "P(yes)              %9.1f%%     20.5%%\n"
           "P(no)               %9.1f%%     79.5%%\n",
           exp(jll[0]), exp(jll[1]), 100 * p[0], 100 * p[1]);
    rc = 0;
done:
    clearn_dataset_free(q);
    clearn_estimator_free(e);
    clearn_dataset_free(train);
    return rc;
}
