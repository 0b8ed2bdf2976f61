/* clearn — the registry of estimator and transform types. Built-in types
 * are added once (pthread_once); users add theirs with clearn_register. A
 * mutex guards the tables, which only grow. */
#include "config.h"
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define MAX_TYPES 256

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t builtins_once = PTHREAD_ONCE_INIT;
static const clearn_estimator_type *estimators[MAX_TYPES];
static const clearn_transform_type *transforms[MAX_TYPES];
static size_t n_estimators, n_transforms;

static int valid_type_name(const char *s)
{
    if (!s || !*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return 0;
    return 1;
}

/* Caller holds the lock. */
static int name_taken(const char *name)
{
    for (size_t i = 0; i < n_estimators; i++)
        if (strcmp(estimators[i]->name, name) == 0)
            return 1;
    for (size_t i = 0; i < n_transforms; i++)
        if (strcmp(transforms[i]->name, name) == 0)
            return 1;
    return 0;
}

/* The defaults of a parameter table must validate. */
static int check_params(const char *name, const clearn_param *params, size_t n,
                        size_t state_size, clearn_error *err)
{
    void *scratch;
    int rc;
    if (n && !params)
        return clearn__error(err, CLEARN_EINVAL, "type %s: n_params without a table", name);
    for (size_t i = 0; i < n; i++)
        if (!valid_type_name(params[i].name) || params[i].offset >= state_size ||
            (params[i].type == CLEARN_PARAM_ENUM && !params[i].choices))
            return clearn__error(err, CLEARN_EINVAL, "type %s: parameter %zu is malformed", name, i);
    if (!(scratch = clearn__calloc(1, state_size)))
        return clearn__nomem(err);
    rc = clearn__params_defaults(params, n, scratch, err);
    clearn__params_free(params, n, scratch);
    clearn__free(scratch);
    return rc;
}

static int add_type(const void *type, const char *name, int is_estimator, clearn_error *err)
{
    int rc = CLEARN_OK;
    pthread_mutex_lock(&lock);
    if (name_taken(name))
        rc = clearn__error(err, CLEARN_EINVAL, "a type named '%s' is already registered", name);
    else if ((is_estimator ? n_estimators : n_transforms) == MAX_TYPES)
        rc = clearn__error(err, CLEARN_ERANGE, "too many registered types (%d)", MAX_TYPES);
    else if (is_estimator)
        estimators[n_estimators++] = type;
    else
        transforms[n_transforms++] = type;
    pthread_mutex_unlock(&lock);
    return rc;
}

static int register_estimator(const clearn_estimator_type *t, clearn_error *err)
{
    if (!t || t->abi_version < 1 || t->abi_version > CLEARN_ESTIMATOR_ABI || !valid_type_name(t->name))
        return clearn__error(err, CLEARN_EINVAL, "register: bad type table (abi_version %d, name '%s')",
                             t ? t->abi_version : 0, t && t->name ? t->name : "(null)");
    if (!t->fit || !t->predict || !t->save || !t->load || !t->tasks)
        return clearn__error(err, CLEARN_EINVAL, "register %s: fit, predict, save, load and tasks are required",
                             t->name);
    if (check_params(t->name, t->params, t->n_params, t->state_size, err) != CLEARN_OK)
        return err ? err->code : CLEARN_EINVAL;
    return add_type(t, t->name, 1, err);
}

static int register_transform(const clearn_transform_type *t, clearn_error *err)
{
    if (!t || t->abi_version < 1 || t->abi_version > CLEARN_TRANSFORM_ABI || !valid_type_name(t->name))
        return clearn__error(err, CLEARN_EINVAL, "register: bad transform table (abi_version %d, name '%s')",
                             t ? t->abi_version : 0, t && t->name ? t->name : "(null)");
    if (!t->fit || !t->apply || !t->save || !t->load)
        return clearn__error(err, CLEARN_EINVAL, "register %s: fit, apply, save and load are required",
                             t->name);
    if (check_params(t->name, t->params, t->n_params, t->state_size, err) != CLEARN_OK)
        return err ? err->code : CLEARN_EINVAL;
    return add_type(t, t->name, 0, err);
}

/* Built-in tables are trusted (tests/check_registry.c exercises each):
 * adding them allocates nothing, so it cannot fail even when the first
 * call happens under memory pressure. */
static void add_builtins(void)
{
    for (size_t i = 0; i < clearn__n_builtin_estimators; i++)
        if (clearn__builtin_estimators[i])
            add_type(clearn__builtin_estimators[i], clearn__builtin_estimators[i]->name, 1, NULL);
    for (size_t i = 0; i < clearn__n_builtin_transforms; i++)
        if (clearn__builtin_transforms[i])
            add_type(clearn__builtin_transforms[i], clearn__builtin_transforms[i]->name, 0, NULL);
}

static void ensure_builtins(void)
{
    pthread_once(&builtins_once, add_builtins);
}

int clearn_register(const clearn_estimator_type *type, clearn_error *err)
{
    ensure_builtins();
    return register_estimator(type, err);
}

int clearn_register_transform(const clearn_transform_type *type, clearn_error *err)
{
    ensure_builtins();
    return register_transform(type, err);
}

const clearn_estimator_type *clearn_estimator_type_find(const char *name)
{
    const clearn_estimator_type *t = NULL;
    ensure_builtins();
    pthread_mutex_lock(&lock);
    for (size_t i = 0; name && i < n_estimators && !t; i++)
        if (strcmp(estimators[i]->name, name) == 0)
            t = estimators[i];
    pthread_mutex_unlock(&lock);
    return t;
}

const clearn_transform_type *clearn_transform_type_find(const char *name)
{
    const clearn_transform_type *t = NULL;
    ensure_builtins();
    pthread_mutex_lock(&lock);
    for (size_t i = 0; name && i < n_transforms && !t; i++)
        if (strcmp(transforms[i]->name, name) == 0)
            t = transforms[i];
    pthread_mutex_unlock(&lock);
    return t;
}

static int cmp_estimator(const void *a, const void *b)
{
    return strcmp((*(const clearn_estimator_type *const *)a)->name,
                  (*(const clearn_estimator_type *const *)b)->name);
}

static int cmp_transform(const void *a, const void *b)
{
    return strcmp((*(const clearn_transform_type *const *)a)->name,
                  (*(const clearn_transform_type *const *)b)->name);
}

size_t clearn_estimator_types(const clearn_estimator_type **out, size_t max)
{
    const clearn_estimator_type *all[MAX_TYPES];
    size_t n;
    ensure_builtins();
    pthread_mutex_lock(&lock);
    n = n_estimators;
    memcpy(all, estimators, n * sizeof *all);
    pthread_mutex_unlock(&lock);
    qsort(all, n, sizeof *all, cmp_estimator);
    for (size_t i = 0; out && i < n && i < max; i++)
        out[i] = all[i];
    return n;
}

size_t clearn_transform_types(const clearn_transform_type **out, size_t max)
{
    const clearn_transform_type *all[MAX_TYPES];
    size_t n;
    ensure_builtins();
    pthread_mutex_lock(&lock);
    n = n_transforms;
    memcpy(all, transforms, n * sizeof *all);
    pthread_mutex_unlock(&lock);
    qsort(all, n, sizeof *all, cmp_transform);
    for (size_t i = 0; out && i < n && i < max; i++)
        out[i] = all[i];
    return n;
}
