/* Helpers shared by tests/check_svm.c and tests/check_liblinear.c:
 * the reference fixtures of tests/data/svm (see record.py there), data,
 * fitting and printing, driving a type's table directly, doctored model
 * payloads, allocation-failure loops. */
#ifndef CLEARN_SVM_TESTUTIL_H
#define CLEARN_SVM_TESTUTIL_H

#include <math.h>
#include <pthread.h>
#include <unistd.h>
#include "testutil.h"
#include "internal.h"


struct fixture {
    size_t nsv;
    double rho[8], probA[8], probB[8];
    size_t n_rho, n_probA, n_probB;
    char label[8][16];
    size_t n_label;
    char *predicted[512];
    size_t n_pred;
    double dec[512][4], prob[512][4];
    size_t n_dec, dec_cols, n_prob, prob_cols;
    double w[64];
    size_t n_w;
    size_t acc_k, acc_n;
};

static inline size_t parse_doubles(char *s, double *out, size_t max)
{
    size_t n = 0;
    char *tok = strtok(s, " \n");
    for (; tok && n < max; tok = strtok(NULL, " \n"))
        out[n++] = strtod(tok, NULL);
    return n;
}

static inline void fixture_free(struct fixture *f)
{
    for (size_t i = 0; i < f->n_pred; i++)
        free(f->predicted[i]);
    free(f);
}

/* Reads tests/data/svm/NAME.txt. */
static inline struct fixture *fixture(const char *name)
{
    char rel[128], line[32768];
    struct fixture *f = calloc(1, sizeof *f);
    FILE *in;
    snprintf(rel, sizeof rel, "tests/data/svm/%s.txt", name);
    in = fopen(src_path(rel), "r");
    ck_assert_msg(in != NULL, "cannot open %s", rel);
    while (fgets(line, sizeof line, in)) {
        char *rest = strchr(line, ' ');
        if (line[0] == '#' || !rest)
            continue;
        *rest++ = '\0';
        if (strcmp(line, "nsv") == 0)
            f->nsv = (size_t)strtoul(rest, NULL, 10);
        else if (strcmp(line, "rho") == 0)
            f->n_rho = parse_doubles(rest, f->rho, 8);
        else if (strcmp(line, "probA") == 0)
            f->n_probA = parse_doubles(rest, f->probA, 8);
        else if (strcmp(line, "probB") == 0)
            f->n_probB = parse_doubles(rest, f->probB, 8);
        else if (strcmp(line, "w") == 0)
            f->n_w = parse_doubles(rest, f->w, 64);
        else if (strcmp(line, "accuracy") == 0)
            ck_assert_int_eq(sscanf(rest, "%zu/%zu", &f->acc_k, &f->acc_n), 2);
        else if (strcmp(line, "label") == 0) {
            for (char *t = strtok(rest, " \n"); t && f->n_label < 8; t = strtok(NULL, " \n"))
                snprintf(f->label[f->n_label++], 16, "%s", t);
        } else if (strcmp(line, "predicted") == 0) {
            for (char *t = strtok(rest, " \n"); t && f->n_pred < 512; t = strtok(NULL, " \n"))
                f->predicted[f->n_pred++] = strdup(t);
        } else if (strcmp(line, "dec") == 0) {
            f->dec_cols = parse_doubles(rest, f->dec[f->n_dec++], 4);
        } else if (strcmp(line, "prob") == 0) {
            f->prob_cols = parse_doubles(rest, f->prob[f->n_prob++], 4);
        }
    }
    fclose(in);
    return f;
}

/* ---- helpers ------------------------------------------------------------------- */

static inline clearn_dataset *heart(void)
{
    return tu_read("datasets/heart_scale.libsvm", NULL);
}

/* ds without its class attribute (and no class). */
static inline clearn_dataset *features_only(const clearn_dataset *ds)
{
    clearn_error err;
    size_t keep[64], n = 0;
    clearn_dataset *out;
    for (size_t j = 0; j < clearn_dataset_attrs(ds); j++)
        if (j != clearn_dataset_class(ds))
            keep[n++] = j;
    out = clearn_dataset_select(ds, keep, n, &err);
    ck_assert_ptr_nonnull(out);
    return out;
}


/* What clearn_estimator_print writes, in a static buffer. */
static inline const char *printed(const clearn_estimator *e)
{
    static char buf[8192];
    clearn_error err;
    size_t n;
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    ck_assert_msg(clearn_estimator_print(e, f, &err) == CLEARN_OK, "%s", err.text);
    rewind(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* The numbers after "KEY:" on the printed line starting with KEY. */
static inline size_t printed_values(const char *text, const char *key, double *out, size_t max)
{
    char buf[4096];
    const char *p = strstr(text, key), *nl;
    ck_assert_msg(p != NULL, "no '%s' in:\n%s", key, text);
    p += strlen(key);
    nl = strchr(p, '\n');
    snprintf(buf, sizeof buf, "%.*s", (int)(nl ? nl - p : (long)strlen(p)), p);
    return parse_doubles(buf, out, max);
}

/* An estimator type driven directly (for clearn__svm_decision). */
struct typed {
    const clearn_estimator_type *t;
    void *st;
};

static inline struct typed typed_new(const char *name, const char *params)
{
    clearn_error err;
    clearn__spec spec;
    char text[256];
    struct typed d;
    d.t = clearn_estimator_type_find(name);
    ck_assert_ptr_nonnull(d.t);
    d.st = calloc(1, d.t->state_size);
    ck_assert_int_eq(clearn__params_defaults(d.t->params, d.t->n_params, d.st, &err), CLEARN_OK);
    snprintf(text, sizeof text, "%s %s", name, params);
    ck_assert_msg(clearn__spec_parse(text, &spec, &err) == CLEARN_OK, "%s", err.text);
    ck_assert_msg(clearn__params_apply(d.t->params, d.t->n_params, d.st, &spec.stages[0], &err) ==
                  CLEARN_OK, "%s", err.text);
    clearn__spec_free(&spec);
    return d;
}

static inline struct typed typed_fit(const char *name, const char *params, const clearn_dataset *ds)
{
    clearn_error err;
    struct typed d = typed_new(name, params);
    ck_assert_msg(d.t->fit(d.st, ds, &err) == CLEARN_OK, "%s %s: %s", name, params, err.text);
    return d;
}

static inline void typed_free(struct typed *d)
{
    d->t->destroy(d->st);
    clearn__params_free(d->t->params, d->t->n_params, d->st);
    free(d->st);
}


static inline int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* a and b agree to rel (relative, or absolute below 1). The fixtures
 * match clearn bit for bit on the machine that recorded them (x86-64
 * with FMA and AVX-512); the tolerance allows for another CPU, whose glibc
 * exp() variant or OpenBLAS kernels (liblinear's primal solvers call BLAS)
 * may round the last bits differently. */
static inline int close_to(double a, double b, double rel)
{
    return fabs(a - b) <= rel * fmax(1, fmax(fabs(a), fabs(b)));
}

/* Category code of the fixture's libsvm label name. */
static inline size_t code_of(const clearn_dataset *ds, const char *name)
{
    clearn_error err;
    size_t code;
    ck_assert_msg(clearn_dataset_category_code(ds, clearn_dataset_class(ds), name, &code, &err) ==
                  CLEARN_OK, "%s", err.text);
    return code;
}


/* Predictions and probabilities of two specs agree bit for bit. */
static inline void same_results(const char *a_spec, const char *b_spec, const clearn_dataset *train,
                         const clearn_dataset *test)
{
    clearn_estimator *a = tu_fitted(a_spec, train), *b = tu_fitted(b_spec, train);
    size_t n = clearn_dataset_rows(test), k = clearn_dataset_categories(test, clearn_dataset_class(test));
    double *pa = malloc(n * (k + 1) * sizeof *pa), *pb = malloc(n * (k + 1) * sizeof *pb);
    clearn_error err;
    ck_assert_int_eq(clearn_estimator_predict(a, test, pa, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_estimator_predict(b, test, pb, &err), CLEARN_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(same_bits(pa[i], pb[i]), "%s vs %s row %zu", a_spec, b_spec, i);
    if (clearn_estimator_predict_proba(a, test, pa, &err) == CLEARN_OK) {
        ck_assert_int_eq(clearn_estimator_predict_proba(b, test, pb, &err), CLEARN_OK);
        for (size_t i = 0; i < n * k; i++)
            ck_assert_msg(same_bits(pa[i], pb[i]), "%s vs %s proba %zu", a_spec, b_spec, i);
    } else {
        ck_assert_int_eq(clearn_estimator_predict_proba(b, test, pb, &err), CLEARN_EINVAL);
    }
    free(pa);
    free(pb);
    clearn_estimator_free(a);
    clearn_estimator_free(b);
}


static inline const char *mixed_arff(void)
{
    return
    "@relation mixed\n"
    "@attribute colour {red,green,blue}\n"
    "@attribute size numeric\n"
    "@attribute shape {round,square}\n"
    "@attribute class {yes,no}\n"
    "@data\n"
    "red,1.5,round,yes\n" "green,0,square,no\n" "blue,2,round,yes\n" "?,3,square,no\n"
    "red,-1,?,no\n" "green,2.5,round,yes\n" "blue,0.5,square,no\n" "red,1,round,yes\n"
    "green,-0.5,square,no\n" "blue,1.2,round,yes\n";
}


static inline void bad_param(const char *spec, const char *text)
{
    clearn_error err;
    ck_assert_ptr_null(clearn_estimator_new(spec, &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_msg(strstr(err.text, text) != NULL, "%s: %s", spec, err.text);
}

static inline void bad_fit(const char *spec, const clearn_dataset *ds, int code, const char *text)
{
    clearn_error err;
    clearn_estimator *e = clearn_estimator_new(spec, &err);
    ck_assert_msg(e != NULL, "%s", err.text);
    ck_assert_int_eq(clearn_estimator_fit(e, ds, &err), code);
    ck_assert_msg(strcmp(err.text, text) == 0, "%s:\n got  %s\n want %s", spec, err.text, text);
    clearn_estimator_free(e);
}


struct fit_job {
    const clearn_dataset *ds;
    const char *spec;
    char text[8192];
};

static inline void *fit_thread(void *arg)
{
    struct fit_job *j = arg;
    clearn_error err;
    clearn_estimator *e = clearn_estimator_new(j->spec, &err);
    if (e && clearn_estimator_fit(e, j->ds, &err) == CLEARN_OK) {
        FILE *f = tmpfile();
        size_t n;
        clearn_estimator_print(e, f, &err);
        rewind(f);
        n = fread(j->text, 1, sizeof j->text - 1, f);
        j->text[n] = '\0';
        fclose(f);
    }
    clearn_estimator_free(e);
    return NULL;
}


/* The payload a fitted state writes (clearn__free). */
static inline char *payload(const struct typed *d)
{
    clearn_error err;
    clearn_writer *w = clearn__writer_new();
    size_t len;
    char *text;
    ck_assert_int_eq(d->t->save(d->st, w, &err), CLEARN_OK);
    text = strdup(clearn__writer_data(w, &len));
    clearn__writer_free(w);
    return text;
}

/* Loads text into a fresh state built with params; the load's result. */
static inline int load_text(const char *type, const char *params, const char *text, struct typed *out,
                            clearn_error *err)
{
    struct typed l = typed_new(type, params);
    clearn_reader *r = clearn__reader_new(text, strlen(text), "doctored");
    int rc = l.t->load(l.st, r, err);
    if (rc == CLEARN_OK)
        rc = clearn__reader_finish(r, err);
    clearn__reader_free(r);
    if (out && rc == CLEARN_OK)
        *out = l;
    else
        typed_free(&l);
    return rc;
}

/* The payload's line for key "KEY D n values" written by the writer. */
static inline const char *dline(const char *key, const double *v, size_t n)
{
    static char buf[4096];
    clearn_error err;
    clearn_writer *w = clearn__writer_new();
    size_t len;
    ck_assert_int_eq(clearn_writer_doubles(w, key, v, n, &err), CLEARN_OK);
    snprintf(buf, sizeof buf, "%s", clearn__writer_data(w, &len));
    buf[strcspn(buf, "\n")] = '\0';
    clearn__writer_free(w);
    return buf;
}

static inline const char *dscalar(const char *key, double v)
{
    static char buf[128];
    clearn_error err;
    clearn_writer *w = clearn__writer_new();
    size_t len;
    ck_assert_int_eq(clearn_writer_double(w, key, v, &err), CLEARN_OK);
    snprintf(buf, sizeof buf, "%s", clearn__writer_data(w, &len));
    buf[strcspn(buf, "\n")] = '\0';
    clearn__writer_free(w);
    return buf;
}

/* text with the nth line (from 1) starting "KEY " replaced by line. */
static inline char *edit(const char *text, const char *key, int nth, const char *line)
{
    size_t klen = strlen(key);
    const char *p = text;
    char *out;
    for (;;) {
        ck_assert_msg(*p, "no line %d of '%s'", nth, key);
        if (strncmp(p, key, klen) == 0 && p[klen] == ' ' && --nth == 0)
            break;
        p = strchr(p, '\n') + 1;
    }
    out = malloc(strlen(text) + strlen(line) + 2);
    sprintf(out, "%.*s%s%s", (int)(p - text), text, line, strchr(p, '\n'));
    return out;
}

static inline void doctored(const char *type, const char *params, const char *text, const char *key,
                            int nth, const char *line, const char *want)
{
    clearn_error err;
    char *bad = edit(text, key, nth, line);
    ck_assert_int_eq(load_text(type, params, bad, NULL, &err), CLEARN_ECORRUPT);
    ck_assert_msg(strstr(err.text, want) != NULL, "%s: %s", line, err.text);
    free(bad);
}


/* Fails each allocation of fit, predict, predict_proba, save and load in
 * turn: every failure is CLEARN_ENOMEM, and nothing leaks (run under
 * valgrind). libsvm's own allocations are not ours to fail. */
static inline void nomem(const char *spec, const clearn_dataset *ds)
{
    char name[64], path[4096];   /* per process: check_svm and check_liblinear run at once */
    size_t n = clearn_dataset_rows(ds);
    double *out = malloc(n * 3 * sizeof *out);
    snprintf(name, sizeof name, "tests/svm_family_nomem.%ld.model", (long)getpid());
    snprintf(path, sizeof path, "%s", build_path(name));
    for (long k = 0;; k++) {
        clearn_error err;
        clearn_estimator *e, *l = NULL;
        long before = clearn__alloc_calls();
        int rc = CLEARN_ENOMEM;
        clearn__alloc_fail_after(k);
        e = clearn_estimator_new(spec, &err);
        if (e && (rc = clearn_estimator_fit(e, ds, &err)) == CLEARN_OK &&
            (rc = clearn_estimator_predict(e, ds, out, &err)) == CLEARN_OK &&
            (rc = clearn_estimator_predict_proba(e, ds, out, &err)) == CLEARN_EINVAL)
            rc = CLEARN_OK;
        if (rc == CLEARN_OK && (rc = clearn_estimator_save(e, path, &err)) == CLEARN_OK &&
            !(l = clearn_estimator_load(path, &err)))
            rc = err.code;
        clearn__alloc_fail_after(-1);
        if (rc != CLEARN_OK)
            ck_assert_msg(err.code == CLEARN_ENOMEM, "%s after %ld: %s", spec, k, err.text);
        clearn_estimator_free(e);
        clearn_estimator_free(l);
        if (rc == CLEARN_OK && clearn__alloc_calls() - before <= k)
            break;
    }
    remove(path);
    free(out);
}


#endif
