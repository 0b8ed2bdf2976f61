/* clearn — the built-in estimator and transform types, registered once by
 * lib/registry.c. A new module adds its type here. */
#include "config.h"
#include "internal.h"

const clearn_estimator_type *const clearn__builtin_estimators[] = {
    &clearn__zeror_type,
    &clearn__oner_type,
    NULL
};

const clearn_transform_type *const clearn__builtin_transforms[] = {
    &clearn__standardize_type,
    &clearn__minmax_type,
    &clearn__onehot_type,
    &clearn__impute_type,
    NULL
};
