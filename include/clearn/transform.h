/* clearn — transforms (preprocessors): the same pattern as estimators, with
 * fit and apply. A fitted transform maps a dataset in its training schema to
 * a new dataset; in a pipeline ("standardize | knn") transforms are fitted on
 * the training data only and applied before the estimator. The class
 * attribute passes through unchanged (and is never used as a feature). */
#ifndef CLEARN_TRANSFORM_H
#define CLEARN_TRANSFORM_H

#include <stdio.h>
#include <stddef.h>
#include <clearn/error.h>
#include <clearn/dataset.h>
#include <clearn/param.h>
#include <clearn/model.h>
#include <clearn/estimator.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CLEARN_TRANSFORM_ABI 1

typedef struct clearn_transform_type {
    int abi_version;              /* CLEARN_TRANSFORM_ABI */
    const char *name, *summary;
    const clearn_param *params;
    size_t n_params;
    size_t state_size;
    /* Required. data has at least one row. */
    int (*fit)(void *state, const clearn_dataset *data, clearn_error *err);
    /* Required. data is in the training schema; returns a new dataset. */
    clearn_dataset *(*apply)(const void *state, const clearn_dataset *data,
                             clearn_error *err);
    /* Optional: maps an applied dataset back (NULL: not invertible). */
    clearn_dataset *(*inverse)(const void *state, const clearn_dataset *data,
                               clearn_error *err);
    int (*save)(const void *state, clearn_writer *w, clearn_error *err);
    int (*load)(void *state, clearn_reader *r, clearn_error *err);
    void (*destroy)(void *state);
} clearn_transform_type;

typedef struct clearn_transform clearn_transform;

/* Registry, as for estimators (names are shared: a transform and an
 * estimator cannot have the same name). */
int clearn_register_transform(const clearn_transform_type *type, clearn_error *err);
const clearn_transform_type *clearn_transform_type_find(const char *name);
size_t clearn_transform_types(const clearn_transform_type **out, size_t max);

/* "standardize", "minmax min=-1 max=1", ... */
clearn_transform *clearn_transform_new(const char *spec, clearn_error *err);
void clearn_transform_free(clearn_transform *t);
int clearn_transform_set(clearn_transform *t, const char *name, const char *value,
                         clearn_error *err);
int clearn_transform_get(const clearn_transform *t, const char *name, char *buf,
                         size_t size, clearn_error *err);
char *clearn_transform_spec(const clearn_transform *t, clearn_error *err);
const clearn_transform_type *clearn_transform_get_type(const clearn_transform *t);
clearn_transform *clearn_transform_clone(const clearn_transform *t, clearn_error *err);

int clearn_transform_fit(clearn_transform *t, const clearn_dataset *data, clearn_error *err);
int clearn_transform_is_fitted(const clearn_transform *t);
/* data is conformed to the training schema by name first. */
clearn_dataset *clearn_transform_apply(const clearn_transform *t, const clearn_dataset *data,
                                       clearn_error *err);
/* CLEARN_EINVAL when the type is not invertible. */
clearn_dataset *clearn_transform_inverse(const clearn_transform *t, const clearn_dataset *data,
                                         clearn_error *err);

/* A fitted transform as a model file (the estimator format, kind
 * "transform"), and back; errors as clearn_estimator_save / _load. */
int clearn_transform_save(const clearn_transform *t, const char *path, clearn_error *err);
clearn_transform *clearn_transform_load(const char *path, clearn_error *err);

/* A pipeline's transforms: how many come before the final estimator, and
 * the i-th of them (0-based; NULL when i is out of range). The transform
 * belongs to e: fitted when e is, valid while e lives unrefitted; read
 * what it learned with the type's accessors (clearn_pca_info, ...). */
size_t clearn_estimator_n_stages(const clearn_estimator *e);
const clearn_transform *clearn_estimator_stage(const clearn_estimator *e, size_t i);

#ifdef __cplusplus
}
#endif
#endif
