/* clearn — parameter tables: the single description of an estimator's or
 * transform's parameters, from which parsing, validation, defaults, help,
 * cloning, grid search and model files are all derived.
 *
 * A type keeps its parameters in a plain struct at the start of its state;
 * each table row names a field by its offsetof. Field types:
 *   CLEARN_PARAM_INT     long
 *   CLEARN_PARAM_DOUBLE  double
 *   CLEARN_PARAM_BOOL    int (0 or 1; text true/false/yes/no/1/0)
 *   CLEARN_PARAM_ENUM    int, the index into choices
 *   CLEARN_PARAM_STRING  char * (owned by the state; generic code copies
 *                        and frees it)
 */
#ifndef CLEARN_PARAM_H
#define CLEARN_PARAM_H

#include <stddef.h>
#include <clearn/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum clearn_param_type {
    CLEARN_PARAM_INT = 0,
    CLEARN_PARAM_DOUBLE,
    CLEARN_PARAM_BOOL,
    CLEARN_PARAM_ENUM,
    CLEARN_PARAM_STRING
} clearn_param_type;

/* Flags of a table row. */
#define CLEARN_PARAM_MIN_OPEN 1u  /* value must be > min, not >= */
#define CLEARN_PARAM_MAX_OPEN 2u  /* value must be < max, not <= */

typedef struct clearn_param {
    const char *name;              /* "k" */
    clearn_param_type type;
    size_t offset;                 /* offsetof(state struct, field) */
    const char *def;               /* default as text: "5", "euclidean" */
    double min, max;               /* INT/DOUBLE range; min > max: unbounded */
    const char *const *choices;    /* ENUM: NULL-terminated names */
    const char *help;              /* one line */
    unsigned flags;
} clearn_param;

/* Sets the field of `p` in `state` from text. CLEARN_EINVAL naming the
 * parameter, the value given and what is allowed when it does not parse or
 * is out of range; the field is then unchanged. */
int clearn_param_set(const clearn_param *p, void *state, const char *value,
                     clearn_error *err);

/* Writes the field's value as text ("5", "0.25", "true", "euclidean") into
 * buf (size bytes; truncated, always terminated). Returns the full length. */
size_t clearn_param_format(const clearn_param *p, const void *state, char *buf,
                           size_t size);

/* "int in [1, 1000]", "one of uniform, distance", ... into buf. */
size_t clearn_param_describe(const clearn_param *p, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
