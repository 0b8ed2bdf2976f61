/* clearn — estimators: the plug-in point every learning algorithm uses.
 *
 * An estimator type is a const table (clearn_estimator_type) known to one
 * registry by name. Users create estimators from spec strings such as
 * "knn k=5 metric=manhattan" (a name, then key=value pairs) or
 * "standardize | onehot | knn k=5" (a pipeline: transforms, then one
 * estimator; itself an estimator), fit them on a dataset, predict, and save
 * and load them as model files.
 *
 * The generic layer does the checks once for every type: parameters are
 * parsed and validated from the type's table; fit refuses an empty dataset,
 * a dataset without a class (unless the type clusters), a class of the
 * wrong kind for the type's tasks and a class with no values, and it drops
 * rows whose class is missing before calling the type; predict refuses an
 * unfitted estimator (CLEARN_ENOTFIT) and maps the data to the training
 * schema by attribute name (clearn_dataset_conform: unseen categories
 * become missing), so a type only ever sees data laid out as in training.
 *
 * Thread safety: an estimator may predict from several threads at once;
 * fit, set and free need the only reference. The registry is protected by
 * a lock. */
#ifndef CLEARN_ESTIMATOR_H
#define CLEARN_ESTIMATOR_H

#include <stdio.h>
#include <stddef.h>
#include <clearn/error.h>
#include <clearn/dataset.h>
#include <clearn/param.h>
#include <clearn/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of clearn_estimator_type this header describes. Fields are
 * only ever appended; a type sets abi_version to the version it was
 * compiled against. Define a type with designated initializers
 * (.name = "knn", .fit = knn_fit, ...) so fields appended later are 0. */
#define CLEARN_ESTIMATOR_ABI 1

/* Tasks (a bit set). */
#define CLEARN_CLASSIFY 1u  /* nominal class */
#define CLEARN_REGRESS 2u   /* numeric class */
#define CLEARN_CLUSTER 4u   /* no class needed */

typedef struct clearn_estimator_type {
    int abi_version;               /* CLEARN_ESTIMATOR_ABI */
    const char *name;              /* "knn": letters, digits, '_' */
    const char *summary;           /* "k-nearest neighbours" */
    unsigned tasks;
    const clearn_param *params;    /* n_params rows */
    size_t n_params;
    size_t state_size;             /* >= the parameter struct */
    /* Required. train has its class set (unless clustering), at least one
     * row, and no row with a missing class. */
    int (*fit)(void *state, const clearn_dataset *train, clearn_error *err);
    /* Required. x is in the training schema; out receives n values:
     * category codes (classification), numbers (regression), cluster
     * indices (clustering). */
    int (*predict)(const void *state, const clearn_dataset *x, double *out,
                   clearn_error *err);
    /* Optional (NULL: not supported). out receives n x k probabilities, k
     * the number of categories of the class, in their order. */
    int (*predict_proba)(const void *state, const clearn_dataset *x, double *out,
                         clearn_error *err);
    /* Required: write and read back the fitted model (not the parameters,
     * which the framing stores). */
    int (*save)(const void *state, clearn_writer *w, clearn_error *err);
    int (*load)(void *state, clearn_reader *r, clearn_error *err);
    /* Optional: frees what fit or load allocated (not the parameters). */
    void (*destroy)(void *state);
    /* Optional: prints the fitted model as text; schema is the training
     * header (attribute and category names). */
    int (*print)(const void *state, const clearn_dataset *schema, FILE *out,
                 clearn_error *err);
    /* Optional: the fitted model as a Graphviz DOT graph (trees). */
    int (*dot)(const void *state, const clearn_dataset *schema, FILE *out,
               clearn_error *err);
    /* Optional: how fit reached the model, step by step (for a tree, each
     * node's table of candidate splits with their scores). Types that
     * record it only on request take a parameter such as trace=1. */
    int (*explain)(const void *state, const clearn_dataset *schema, FILE *out,
                   clearn_error *err);
    /* Optional, together: the number of decision-function columns of the
     * fitted model, and their values for each row of x (n x columns). */
    size_t (*n_decision)(const void *state);
    int (*decision)(const void *state, const clearn_dataset *x, double *out,
                    clearn_error *err);
} clearn_estimator_type;

typedef struct clearn_estimator clearn_estimator;

/* ---- registry -------------------------------------------------------- */

/* Adds a type (borrowed: it must outlive its use). CLEARN_EINVAL when the
 * table is malformed (bad name, abi_version, missing function, a parameter
 * default that does not validate), or the name is taken. */
int clearn_register(const clearn_estimator_type *type, clearn_error *err);

/* The type called name, or NULL. */
const clearn_estimator_type *clearn_estimator_type_find(const char *name);

/* Stores up to max registered types, sorted by name, into out (which may
 * be NULL to count); returns how many there are. */
size_t clearn_estimator_types(const clearn_estimator_type **out, size_t max);

/* ---- lifecycle and parameters ---------------------------------------- */

/* New unfitted estimator from a spec string: "NAME [key=value]..." or a
 * pipeline "TRANSFORM [key=value]... | ... | NAME [key=value]...". Values
 * may be quoted with '...' or "...". CLEARN_ENOTFOUND for an unknown name,
 * CLEARN_EINVAL for a bad parameter (naming it, the value and what is
 * allowed) or a malformed spec. */
clearn_estimator *clearn_estimator_new(const char *spec, clearn_error *err);

/* New unfitted estimator of a type with default parameters. */
clearn_estimator *clearn_estimator_create(const clearn_estimator_type *type,
                                          clearn_error *err);

/* Frees the estimator; NULL is a no-op. */
void clearn_estimator_free(clearn_estimator *e);

/* Sets a parameter from text. Changing a parameter unfits the estimator.
 * In a pipeline, "name" addresses the final estimator and "STAGE.name"
 * (STAGE a 1-based position or a type name) a stage. */
int clearn_estimator_set(clearn_estimator *e, const char *name, const char *value,
                         clearn_error *err);

/* Current value of a parameter as text into buf (size bytes). */
int clearn_estimator_get(const clearn_estimator *e, const char *name, char *buf,
                         size_t size, clearn_error *err);

/* The canonical spec: the name and every parameter that differs from its
 * default, e.g. "knn k=3". Release with clearn_free. NULL on ENOMEM. */
char *clearn_estimator_spec(const clearn_estimator *e, clearn_error *err);

/* The type (for a pipeline: the final estimator's type). */
const clearn_estimator_type *clearn_estimator_get_type(const clearn_estimator *e);

/* An unfitted copy with the same parameters. */
clearn_estimator *clearn_estimator_clone(const clearn_estimator *e, clearn_error *err);

/* ---- learning -------------------------------------------------------- */

int clearn_estimator_fit(clearn_estimator *e, const clearn_dataset *train,
                         clearn_error *err);

/* 1 once fitted (or loaded). */
int clearn_estimator_is_fitted(const clearn_estimator *e);

/* The training schema (attributes, categories, class; no rows), owned by
 * the estimator; NULL before fitting. */
const clearn_dataset *clearn_estimator_schema(const clearn_estimator *e);

/* One value per row of x into out[0..rows). */
int clearn_estimator_predict(const clearn_estimator *e, const clearn_dataset *x,
                             double *out, clearn_error *err);

/* rows x k class probabilities into out, k = categories of the training
 * class, in their order. CLEARN_EINVAL when the type has none. */
int clearn_estimator_predict_proba(const clearn_estimator *e, const clearn_dataset *x,
                                   double *out, clearn_error *err);

/* Decision-function values (SVMs and linear classifiers: the signed
 * distances their predictions threshold; see each type's page for the
 * columns). *cols receives the number of columns; with out == NULL only
 * that. Otherwise out receives rows x cols values. CLEARN_EINVAL when the
 * type has none. */
int clearn_estimator_decision_function(const clearn_estimator *e, const clearn_dataset *x,
                                       double *out, size_t *cols, clearn_error *err);

/* Prints the fitted model as text (CLEARN_EINVAL if the type cannot). */
int clearn_estimator_print(const clearn_estimator *e, FILE *out, clearn_error *err);

/* Writes the fitted model as a Graphviz DOT graph (CLEARN_EINVAL if the
 * type cannot). */
int clearn_estimator_dot(const clearn_estimator *e, FILE *out, clearn_error *err);

/* Prints how fit reached the model (CLEARN_EINVAL if the type cannot, or
 * did not record it: see the type's trace parameter). */
int clearn_estimator_explain(const clearn_estimator *e, FILE *out, clearn_error *err);

/* ---- model files ------------------------------------------------------ */

/* Writes the fitted estimator to path (through a temporary file renamed
 * over path). */
int clearn_estimator_save(const clearn_estimator *e, const char *path, clearn_error *err);

/* Reads a model file; CLEARN_ECORRUPT says what is wrong with a truncated,
 * corrupted, other-version or unknown-type file. */
clearn_estimator *clearn_estimator_load(const char *path, clearn_error *err);

#ifdef __cplusplus
}
#endif
#endif
