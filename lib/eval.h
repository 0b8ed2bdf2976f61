/* clearn — private helpers of the evaluation modules (lib/cv.c, grid.c,
 * compare.c). Not installed. */
#ifndef CLEARN_EVAL_H
#define CLEARN_EVAL_H

#include <stddef.h>
#include <clearn/cv.h>

/* One configuration of a multi-model run: an estimator and an optional cap
 * on the training rows of every split (0 = all; the learning curve's
 * sizes). label, if not NULL, prefixes its error messages. */
typedef struct clearn__cv_config {
    const clearn_estimator *model;
    size_t train_limit;
    const char *label;
} clearn__cv_config;

/* Cross-validates every configuration on the same split as one task list
 * of n x splits tasks; out[0..n) receive the results (all or none). */
int clearn__cv_run(const clearn__cv_config *cfg, size_t n, const clearn_dataset *ds,
                   const clearn_split *split, const clearn_cv_options *opt,
                   clearn_cv_result **out, clearn_error *err);

#endif
