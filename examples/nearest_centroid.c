/* A user-defined estimator: the nearest-centroid classifier, registered at
 * run time. Once registered it works like a built-in type: spec strings,
 * pipelines, model files, and (built as a plugin) clearn list/help/train.
 *   examples/nearest_centroid [FILE]          fit, save, load, compare
 *   clearn --plugin examples/.libs/nearest_centroid_plugin.so list */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <clearn.h>

struct nc { int manhattan; size_t k, d; double *mean; };   /* params first */

static const char *const metrics[] = {"euclidean", "manhattan", NULL};
static const clearn_param params[] = {
    {"metric", CLEARN_PARAM_ENUM, offsetof(struct nc, manhattan), "euclidean", 1, 0, metrics,
     "distance to the centroids", 0},
};

static int fail(clearn_error *err, int code, const char *text)
{
    if (err) { err->code = code; snprintf(err->text, sizeof err->text, "%s", text); }
    return code;
}

/* Features are every attribute but the class; the class is a category code. */
static int fit(void *st, const clearn_dataset *ds, clearn_error *err)
{
    struct nc *m = st;
    size_t c = clearn_dataset_class(ds), n = clearn_dataset_rows(ds), *count;
    m->k = clearn_dataset_categories(ds, c);
    m->d = clearn_dataset_attrs(ds);
    m->mean = calloc(m->k * m->d, sizeof *m->mean);
    count = calloc(m->k * m->d, sizeof *count);
    if (!m->mean || !count) {
        free(count);
        return fail(err, CLEARN_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m->d; j++) {
            double v = clearn_dataset_get(ds, i, j), y = clearn_dataset_get(ds, i, c);
            if (j != c && !isnan(v)) {          /* missing values are skipped */
                m->mean[(size_t)y * m->d + j] += v;
                count[(size_t)y * m->d + j]++;
            }
        }
    for (size_t t = 0; t < m->k * m->d; t++)
        m->mean[t] = count[t] ? m->mean[t] / (double)count[t] : 0;
    free(count);
    return CLEARN_OK;
}

static int predict(const void *st, const clearn_dataset *x, double *out, clearn_error *err)
{
    const struct nc *m = st;
    size_t c = clearn_dataset_class(x);
    (void)err;
    for (size_t i = 0; i < clearn_dataset_rows(x); i++) {
        double best = INFINITY;
        out[i] = 0;
        for (size_t y = 0; y < m->k; y++) {
            double dist = 0;
            for (size_t j = 0; j < m->d; j++) {
                double diff = clearn_dataset_get(x, i, j) - m->mean[y * m->d + j];
                if (j != c && !isnan(diff))
                    dist += m->manhattan ? fabs(diff) : diff * diff;
            }
            if (dist < best)
                best = dist, out[i] = (double)y;
        }
    }
    return CLEARN_OK;
}

static int save(const void *st, clearn_writer *w, clearn_error *err)
{
    const struct nc *m = st;
    if (clearn_writer_size(w, "k", m->k, err) || clearn_writer_size(w, "d", m->d, err))
        return err ? err->code : CLEARN_EINVAL;
    return clearn_writer_doubles(w, "mean", m->mean, m->k * m->d, err);
}

static int load(void *st, clearn_reader *r, clearn_error *err)
{
    struct nc *m = st;
    if (clearn_reader_size(r, "k", &m->k, err) || clearn_reader_size(r, "d", &m->d, err))
        return err ? err->code : CLEARN_ECORRUPT;
    if (m->k > 100000 || m->d > 100000)     /* never allocate from an unchecked count */
        return fail(err, CLEARN_ECORRUPT, "nearest_centroid: implausible sizes");
    if (!(m->mean = calloc(m->k * m->d + 1, sizeof *m->mean)))
        return fail(err, CLEARN_ENOMEM, "out of memory");
    return clearn_reader_doubles(r, "mean", m->mean, m->k * m->d, err);
}

static void destroy(void *st)
{
    struct nc *m = st;
    free(m->mean);
    m->mean = NULL;
}

static const clearn_estimator_type nc_type = {   /* designated: later fields stay 0 */
    .abi_version = CLEARN_ESTIMATOR_ABI, .name = "nearest_centroid",
    .summary = "nearest class centroid (example plug-in)", .tasks = CLEARN_CLASSIFY,
    .params = params, .n_params = 1, .state_size = sizeof(struct nc),
    .fit = fit, .predict = predict, .save = save, .load = load, .destroy = destroy,
};

/* The entry point clearn --plugin calls. */
int clearn_plugin_init(clearn_error *err);
int clearn_plugin_init(clearn_error *err) { return clearn_register(&nc_type, err); }

#ifndef CLEARN_PLUGIN
int main(int argc, char **argv)
{
    clearn_error err;
    clearn_dataset *ds = clearn_read(argc > 1 ? argv[1] : "datasets/iris.csv", NULL, &err);
    clearn_estimator *e = NULL, *l = NULL;
    size_t n = clearn_dataset_rows(ds), same = 0, right = 0;
    double *a = calloc(n + 1, sizeof *a), *b = calloc(n + 1, sizeof *b);
    int ok = ds && a && b && clearn_plugin_init(&err) == CLEARN_OK &&
             (e = clearn_estimator_new("standardize | nearest_centroid metric=manhattan", &err)) &&
             clearn_estimator_fit(e, ds, &err) == CLEARN_OK &&
             clearn_estimator_save(e, "nearest_centroid.model", &err) == CLEARN_OK &&
             (l = clearn_estimator_load("nearest_centroid.model", &err)) &&
             clearn_estimator_predict(e, ds, a, &err) == CLEARN_OK &&
             clearn_estimator_predict(l, ds, b, &err) == CLEARN_OK;
    for (size_t i = 0; ok && i < n; i++) {
        same += a[i] == b[i];
        right += a[i] == clearn_dataset_get(ds, i, clearn_dataset_class(ds));
    }
    if (ok)
        printf("training accuracy %zu/%zu; the loaded model agrees on %zu/%zu rows\n", right, n, same, n);
    else
        fprintf(stderr, "%s\n", err.text);
    remove("nearest_centroid.model");
    clearn_estimator_free(e);
    clearn_estimator_free(l);
    clearn_dataset_free(ds);
    free(a);
    free(b);
    return ok ? 0 : 1;
}
#endif
