/* clearn — private helpers shared by the library's modules. Not installed.
 * Non-static internal functions are named clearn__*; the libtool export regex
 * keeps them out of the shared library. */
#ifndef CLEARN_INTERNAL_H
#define CLEARN_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <clearn.h>

#if defined(__GNUC__)
#define CLEARN__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CLEARN__PRINTF(a, b)
#endif

/* ---- errors (lib/error.c) ---------------------------------------------- */

/* Fills err (if not NULL) with code and a formatted message; returns code. */
int clearn__error(clearn_error *err, int code, const char *fmt, ...) CLEARN__PRINTF(3, 4);
int clearn__verror(clearn_error *err, int code, const char *fmt, va_list ap);
/* CLEARN_EPARSE with "file:line:col: message". */
int clearn__parse_error(clearn_error *err, const char *file, size_t line,
                        size_t col, const char *fmt, ...) CLEARN__PRINTF(5, 6);
/* CLEARN_ENOMEM with a standard message; returns CLEARN_ENOMEM. */
int clearn__nomem(clearn_error *err);

/* ---- allocation (lib/alloc.c) -------------------------------------------
 * Every allocation of the library goes through these, so that tests can make
 * the Nth one fail. Sizes that would overflow fail like an exhausted heap. */
void *clearn__malloc(size_t size);
void *clearn__calloc(size_t n, size_t size);
void *clearn__realloc(void *p, size_t size);
void *clearn__mallocarray(size_t n, size_t size);
void *clearn__reallocarray(void *p, size_t n, size_t size);
void clearn__free(void *p);
char *clearn__strdup(const char *s);
char *clearn__strndup(const char *s, size_t n);
/* Test hook: the allocation `n` calls from now (0 = the next) fails, and
 * every later one too until reset; n < 0 disables. */
void clearn__alloc_fail_after(long n);
/* Number of allocation calls so far (successful or not). */
long clearn__alloc_calls(void);

/* ---- string map (lib/strmap.c): byte string -> size_t -------------------- */
typedef struct clearn__strmap clearn__strmap;
clearn__strmap *clearn__strmap_new(void);
void clearn__strmap_free(clearn__strmap *m);
/* 1 and *val when found, 0 otherwise. */
int clearn__strmap_get(const clearn__strmap *m, const char *key, size_t len, size_t *val);
/* Inserts or replaces (the key is copied); CLEARN_OK or CLEARN_ENOMEM. */
int clearn__strmap_put(clearn__strmap *m, const char *key, size_t len, size_t val);
/* Removes the key if present. */
void clearn__strmap_del(clearn__strmap *m, const char *key, size_t len);
size_t clearn__strmap_size(const clearn__strmap *m);

/* ---- numbers (lib/numparse.c) --------------------------------------------
 * Locale-independent and exact (correctly rounded, as strtod in the C
 * locale). */
/* Parses s[0..len) as a whole decimal number: optional sign, digits with an
 * optional '.', optional exponent; no spaces, no hex, no inf/nan. Returns 1
 * and *out on success, 0 otherwise (out-of-range magnitudes give 0 too:
 * overflow to infinity is not a number we accept). */
int clearn__parse_double(const char *s, size_t len, double *out);
/* Shortest decimal text that reads back to exactly v ("0.1", "1e+300",
 * "-0", "nan", "inf"); buf needs CLEARN__DBL_BUF bytes. Returns the length. */
#define CLEARN__DBL_BUF 32
size_t clearn__format_double(double v, char *buf);
/* v as Java's Double.toString prints it (Weka's output): "72.5", "2.0",
 * "1.0E7"; buf needs CLEARN__DBL_BUF bytes. */
void clearn__format_java_double(double v, char *buf);

/* ---- special functions (lib/special.c) ------------------------------------ */

/* log Gamma(x) for x > 0 (Lanczos; relative error about 1e-15). Unlike
 * lgamma() it touches no global (signgam). */
double clearn__lngamma(double x);
/* The regularised incomplete beta function I_x(a, b), a, b > 0, x in
 * [0, 1]; xc must be 1 - x, given separately so that callers who know it
 * exactly avoid the cancellation of 1 - x. NaN for bad arguments. */
double clearn__betainc(double a, double b, double x, double xc);
/* Two-sided p-value of Student's t with df > 0 degrees of freedom:
 * P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2). */
double clearn__t_pvalue(double t, double df);
/* P(X <= m) for X ~ Binomial(n, 1/2). */
double clearn__binom_half_cdf(size_t m, size_t n);
/* P(F > f) for F with (d1, d2) degrees of freedom. */
double clearn__f_pvalue(double f, double d1, double d2);
/* P(X > x) for X chi-squared with df > 0 degrees of freedom (NaN when x is
 * NaN or df <= 0). */
double clearn__chi2_pvalue(double x, double df);
/* qsort comparator of doubles, increasing (lib/special.c). */
int clearn__cmp_double(const void *a, const void *b);
/* numpy's linear percentile (q in [0, 1]) of sorted v[0..n), n > 0, in
 * numpy's order of operations (lib/discretize.c). */
double clearn__quantile_sorted(const double *v, size_t n, double q);

/* ---- the dataset's representation (lib/dataset.c) ---------------------- */
struct clearn__attr {
    char *name;
    clearn_kind kind;
    char **cats;              /* category names, codes 0..n_cats-1 */
    size_t n_cats, cap_cats;
    clearn__strmap *cat_index; /* name -> code; NULL for numeric */
};

struct clearn_dataset {
    char *relation;
    struct clearn__attr *attrs;
    size_t d, cap_attrs;
    clearn__strmap *attr_index;  /* name -> index */
    double *x;                   /* n x d row-major */
    size_t n, cap_rows;
    size_t cls;                  /* class index or CLEARN_NONE */
};

/* Hands a row-major n x d buffer (allocated with clearn__malloc, room for
 * cap_rows rows) to a dataset that has d attributes and no rows. The values
 * are trusted (readers validate as they parse). Never fails. */
void clearn__dataset_adopt(clearn_dataset *ds, double *x, size_t n, size_t cap_rows);
/* The reverse: takes the table back out (the dataset is left with no rows)
 * and returns it, for the caller to reuse or free. */
double *clearn__dataset_release(clearn_dataset *ds);
/* Extends the table by k rows and returns a pointer to the first new one
 * (values uninitialised; the caller fills all k*d), or NULL on ENOMEM. */
double *clearn__dataset_extend(clearn_dataset *ds, size_t k, clearn_error *err);
/* 1 if name is a valid new attribute name for ds (non-empty, unused). */
int clearn__dataset_name_free(const clearn_dataset *ds, const char *name);

/* ---- model files (lib/model.c) -------------------------------------------
 * The framing of a model file (text, one item per line):
 *   clearn-model 1
 *   kind estimator|transform
 *   spec <escaped spec string>
 *   schema: the training header (relation, attributes with kinds and
 *           categories, class index), written with the writer primitives
 *   payload: whatever the object's save wrote
 *   end <16 hex digits: FNV-1a 64 of every byte before this line>
 * clearn__model_save writes the file through a temporary file renamed over
 * path; clearn__model_load reads the whole file, verifies header, version,
 * checksum and schema, and returns a reader positioned at the payload. */
typedef int (*clearn__save_fn)(const void *obj, clearn_writer *w, clearn_error *err);
int clearn__model_save(const char *path, const char *kind, const char *spec,
                       const clearn_dataset *schema, clearn__save_fn save,
                       const void *obj, clearn_error *err);
/* On success *kind, *spec (free with clearn__free), *schema and *r are the
 * caller's. */
int clearn__model_load(const char *path, char **kind, char **spec,
                       clearn_dataset **schema, clearn_reader **r, clearn_error *err);
/* Long arrays: written in lines of at most 256 values, read back into a
 * buffer that grows with the lines actually present, so a doctored count
 * cannot ask for a huge allocation. *out is allocated (at least one
 * element) and owned by the caller, also on error. */
int clearn__writer_long_doubles(clearn_writer *w, const char *key, const double *v, size_t n,
                                clearn_error *err);
int clearn__reader_long_doubles(clearn_reader *r, const char *key, size_t n, double **out,
                                clearn_error *err);
/* CLEARN_ECORRUPT unless the whole payload was consumed. */
int clearn__reader_finish(clearn_reader *r, clearn_error *err);
void clearn__reader_free(clearn_reader *r);
/* In-memory writer/reader (also used by tests and by clone-free copies). */
clearn_writer *clearn__writer_new(void);
void clearn__writer_free(clearn_writer *w);
const char *clearn__writer_data(const clearn_writer *w, size_t *len);
clearn_reader *clearn__reader_new(const char *data, size_t len, const char *name);

/* ---- parameters (lib/param.c) -------------------------------------------- */
/* Sets every field of the table to its default (CLEARN_EINVAL if a default
 * does not validate: a broken table). */
int clearn__params_defaults(const clearn_param *params, size_t n, void *state,
                            clearn_error *err);
/* Copies parameter values from src to dst (strings duplicated). */
int clearn__params_copy(const clearn_param *params, size_t n, void *dst,
                        const void *src, clearn_error *err);
/* Frees the string fields. */
void clearn__params_free(const clearn_param *params, size_t n, void *state);
/* The row called name, or NULL. */
const clearn_param *clearn__param_find(const clearn_param *params, size_t n,
                                       const char *name);

/* ---- spec strings (lib/spec.c) -------------------------------------------- */
typedef struct clearn__spec_stage {
    char *name;
    char **keys, **values;
    size_t n_kv;
} clearn__spec_stage;
typedef struct clearn__spec {
    clearn__spec_stage *stages;
    size_t n;
} clearn__spec;
/* Splits "a k=v | b" into stages; CLEARN_EINVAL on a malformed spec. */
int clearn__spec_parse(const char *text, clearn__spec *out, clearn_error *err);
void clearn__spec_free(clearn__spec *s);
/* Sets each key=value of a stage in state; errors name the stage's type. */
int clearn__params_apply(const clearn_param *params, size_t n, void *state,
                         const clearn__spec_stage *st, clearn_error *err);
/* Appends " key=value" for every parameter differing from its default to
 * the name into a new string (clearn__free). */
char *clearn__params_spec(const char *name, const clearn_param *params, size_t n,
                          const void *state, clearn_error *err);
/* Sets parameter `name` from text: CLEARN_EINVAL naming the type's
 * parameters when unknown. */
int clearn__params_set(const char *type, const clearn_param *params, size_t n,
                       void *state, const char *name, const char *value, clearn_error *err);

/* ---- estimators and transforms (lib/registry.c, estimator.c, transform.c) */
/* The built-in types (lib/builtins.c); NULL entries are skipped. */
extern const clearn_estimator_type *const clearn__builtin_estimators[];
extern const size_t clearn__n_builtin_estimators;
extern const clearn_transform_type *const clearn__builtin_transforms[];
extern const size_t clearn__n_builtin_transforms;
/* clearn_tree_info for a fitted id3 or c45 estimator (lib/tree_c45_show.c). */
int clearn__c45_tree_info(const clearn_estimator *e, clearn_tree_stats *out, clearn_error *err);
/* The built-in types (one module each). */
extern const clearn_estimator_type clearn__zeror_type, clearn__oner_type, clearn__knn_type,
    clearn__id3_type, clearn__c45_type, clearn__cart_type, clearn__svm_type,
    clearn__linear_svc_type, clearn__logreg_liblinear_type, clearn__linear_svr_type,
    clearn__ols_type,
    clearn__ridge_type, clearn__lasso_type, clearn__elastic_net_type, clearn__logreg_type,
    clearn__perceptron_type, clearn__sgd_type, clearn__nb_gaussian_type,
    clearn__nb_multinomial_type, clearn__nb_bernoulli_type, clearn__nb_categorical_type,
    clearn__naive_bayes_type, clearn__kmeans_type, clearn__random_forest_type,
    clearn__extra_trees_type, clearn__bagging_type;
extern const clearn_transform_type clearn__standardize_type, clearn__minmax_type,
    clearn__onehot_type, clearn__impute_type, clearn__discretize_type, clearn__select_type,
    clearn__pca_type;
clearn_transform *clearn__transform_create(const clearn_transform_type *type, clearn_error *err);
clearn_transform *clearn__transform_from_stage(const clearn__spec_stage *st, clearn_error *err);
const clearn_dataset *clearn__transform_schema(const clearn_transform *t);
/* *state = the state of t when it is a fitted transform of this type (for
 * a module's public accessors): CLEARN_OK, CLEARN_EINVAL ("NAME: not a
 * NAME transform") or CLEARN_ENOTFIT. */
int clearn__transform_state_of(const clearn_transform *t, const clearn_transform_type *type,
                               const void **state, clearn_error *err);
/* A fitted transform's spec, schema and payload, and back. */
int clearn__transform_save(const clearn_transform *t, clearn_writer *w, clearn_error *err);
clearn_transform *clearn__transform_load(clearn_reader *r, clearn_error *err);
/* For modules' public extras (clearn_knn_query, clearn_tree_*...), from
 * lib/estimator.c: the final estimator's state; data as that estimator
 * sees it when predicting (conformed, through the stages: a new dataset;
 * CLEARN_ENOTFIT before fitting); both at once. */
void *clearn__estimator_state(const clearn_estimator *e);
clearn_dataset *clearn__estimator_prepare(const clearn_estimator *e, const clearn_dataset *x,
                                          clearn_error *err);
int clearn__estimator_prepared(const clearn_estimator *e, const clearn_dataset *x,
                               const void **state, clearn_dataset **in, clearn_error *err);
/* A dataset header (relation, attributes, categories, class) as payload
 * values, and back (lib/model.c). */
int clearn__write_schema(clearn_writer *w, const clearn_dataset *schema, clearn_error *err);
int clearn__read_schema(clearn_reader *r, clearn_dataset **schema, clearn_error *err);

/* ---- line reader (lib/lines.c) -------------------------------------------- */
typedef struct clearn__lines {
    FILE *f;
    char *buf;          /* the current line, NUL-terminated, without its EOL */
    size_t len, cap;
    size_t lineno;
    size_t pos, end;    /* unread part of blk */
    int eof;
    char blk[16384];
} clearn__lines;
/* 1: a line in r->buf (a final CR removed; a UTF-8 BOM on line 1 blanked),
 * 0: end of file, or minus an error code with err filled (a NUL byte is
 * CLEARN_EPARSE, a read error CLEARN_EIO). Free r->buf when done. */
int clearn__lines_next(clearn__lines *r, const char *name, clearn_error *err);

/* ---- format readers and writers (lib/io_*.c), called by lib/io.c ------
 * opt is never NULL here (lib/io.c fills in defaults). Readers leave the
 * class unset; lib/io.c applies opt->class_attr afterwards, and checks that
 * every name in opt->nominal / opt->numeric exists in the result. name is
 * the file name used in messages. */
#include <stdio.h>
clearn_dataset *clearn__read_csv(FILE *f, const char *name,
                                 const clearn_read_options *opt, clearn_error *err);
clearn_dataset *clearn__read_arff(FILE *f, const char *name,
                                  const clearn_read_options *opt, clearn_error *err);
clearn_dataset *clearn__read_libsvm(FILE *f, const char *name,
                                    const clearn_read_options *opt, clearn_error *err);
int clearn__write_csv(const clearn_dataset *ds, FILE *f, clearn_error *err);
int clearn__write_arff(const clearn_dataset *ds, FILE *f, clearn_error *err);
int clearn__write_libsvm(const clearn_dataset *ds, FILE *f, clearn_error *err);

#endif
