/* clearn — the dataset: typed attributes, rows, a class attribute.
 *
 * A dataset is a table of n rows by d attributes, stored row-major as
 * doubles. Each attribute has a name and is either numeric or nominal; a
 * nominal attribute has an ordered list of category names and its values are
 * the category codes 0..k-1 stored as doubles. A missing value is NaN. At
 * most one attribute is the class: nominal for classification, numeric for
 * regression, none for unsupervised work. The class is one of the columns
 * (as in Weka), so changing it moves no data.
 *
 * Rows whose class value is missing stay in the dataset; estimators skip
 * them when fitting and evaluation ignores them (clearn_dataset_drop_missing_class
 * removes them explicitly).
 *
 * A dataset is not locked: concurrent reads are safe, a write needs the only
 * reference. */
#ifndef CLEARN_DATASET_H
#define CLEARN_DATASET_H

#include <stddef.h>
#include <stdint.h>
#include <clearn/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clearn_dataset clearn_dataset;

typedef enum clearn_kind {
    CLEARN_NUMERIC = 0,
    CLEARN_NOMINAL = 1
} clearn_kind;

/* "No attribute": the class index of a dataset without a class, and the
 * argument that removes the class. */
#define CLEARN_NONE ((size_t)-1)

/* ---- Building ---------------------------------------------------------- */

/* New empty dataset (no attributes, no rows). relation may be NULL ("data");
 * it is copied. */
clearn_dataset *clearn_dataset_new(const char *relation, clearn_error *err);

/* Frees the dataset; NULL is a no-op. */
void clearn_dataset_free(clearn_dataset *ds);

/* Appends a numeric attribute; existing rows get NaN in it. The name is
 * copied and must be unique and non-empty (CLEARN_EINVAL otherwise). If idx
 * is not NULL it receives the new attribute's index. */
int clearn_dataset_add_numeric(clearn_dataset *ds, const char *name,
                               size_t *idx, clearn_error *err);

/* Appends a nominal attribute with categories cats[0..n_cats) (copied,
 * distinct, non-empty; n_cats may be 0 and categories added later). */
int clearn_dataset_add_nominal(clearn_dataset *ds, const char *name,
                               const char *const *cats, size_t n_cats,
                               size_t *idx, clearn_error *err);

/* Returns in *code the code of category `cat` of nominal attribute j,
 * appending it as a new category if it is not there yet. */
int clearn_dataset_add_category(clearn_dataset *ds, size_t j, const char *cat,
                                size_t *code, clearn_error *err);

/* Appends a row: values[0..d) in attribute order, nominal values as codes,
 * NaN for missing. A nominal value that is not a valid code, or an infinite
 * value, is CLEARN_EINVAL naming the attribute. values is copied. */
int clearn_dataset_add_row(clearn_dataset *ds, const double *values,
                           clearn_error *err);

/* Makes room for n rows in total so that adding them does not reallocate. */
int clearn_dataset_reserve(clearn_dataset *ds, size_t n, clearn_error *err);

/* Builds a dataset from C arrays (all copied).
 *   x:             n x d numeric features, row-major (NaN = missing)
 *   feature_names: d names, or NULL for "x1".."xd"
 *   y:             n class values, or NULL for no class
 *   class_names:   NULL for a numeric class (regression); otherwise the
 *                  n_classes category names and y holds codes 0..n_classes-1
 * The class attribute is appended last and named "class". */
clearn_dataset *clearn_dataset_from_arrays(size_t n, size_t d, const double *x,
                                           const char *const *feature_names,
                                           const double *y,
                                           const char *const *class_names,
                                           size_t n_classes, clearn_error *err);

/* ---- Reading the schema ---------------------------------------------- */

size_t clearn_dataset_rows(const clearn_dataset *ds);
size_t clearn_dataset_attrs(const clearn_dataset *ds);
/* Number of attributes other than the class. */
size_t clearn_dataset_features(const clearn_dataset *ds);
const char *clearn_dataset_relation(const clearn_dataset *ds);
/* Renames the relation (copied). */
int clearn_dataset_set_relation(clearn_dataset *ds, const char *relation,
                                clearn_error *err);

/* Name and kind of attribute j; j out of range gives NULL / CLEARN_NUMERIC.
 * The returned string is owned by the dataset. */
const char *clearn_dataset_attr_name(const clearn_dataset *ds, size_t j);
clearn_kind clearn_dataset_attr_kind(const clearn_dataset *ds, size_t j);
/* Renames attribute j (copied; unique and non-empty). */
int clearn_dataset_set_attr_name(clearn_dataset *ds, size_t j, const char *name,
                                 clearn_error *err);

/* Number of categories of attribute j (0 for numeric ones), and the name of
 * category `code` (NULL when out of range; owned by the dataset). */
size_t clearn_dataset_categories(const clearn_dataset *ds, size_t j);
const char *clearn_dataset_category(const clearn_dataset *ds, size_t j,
                                    size_t code);
/* Code of category `name` of attribute j: CLEARN_ENOTFOUND if absent. */
int clearn_dataset_category_code(const clearn_dataset *ds, size_t j,
                                 const char *name, size_t *code,
                                 clearn_error *err);

/* Index of the attribute called `name`: CLEARN_ENOTFOUND if absent. */
int clearn_dataset_find(const clearn_dataset *ds, const char *name, size_t *j,
                        clearn_error *err);

/* Index of the class attribute, or CLEARN_NONE. */
size_t clearn_dataset_class(const clearn_dataset *ds);
/* Makes attribute j the class; CLEARN_NONE removes the class. */
int clearn_dataset_set_class(clearn_dataset *ds, size_t j, clearn_error *err);

/* Interprets a user's class choice as the command line gives it: an
 * attribute name, "first", "last", "none", or a 1-based index; names win
 * over numbers. Sets *j (CLEARN_NONE for "none"). */
int clearn_dataset_resolve_attr(const clearn_dataset *ds, const char *spec,
                                size_t *j, clearn_error *err);

/* ---- Values ------------------------------------------------------------ */

/* Value at row i, attribute j (NaN when missing or out of range). */
double clearn_dataset_get(const clearn_dataset *ds, size_t i, size_t j);
/* Sets a value, validated as in clearn_dataset_add_row. */
int clearn_dataset_set(clearn_dataset *ds, size_t i, size_t j, double v,
                       clearn_error *err);
/* Row i (d values), owned by the dataset and valid until it changes;
 * NULL when out of range. */
const double *clearn_dataset_row(const clearn_dataset *ds, size_t i);
/* The whole n x d row-major table, owned by the dataset. */
const double *clearn_dataset_data(const clearn_dataset *ds);
/* Copies attribute j's n values into out. */
int clearn_dataset_column(const clearn_dataset *ds, size_t j, double *out,
                          clearn_error *err);
/* Copies the n x features() matrix of every attribute but the class,
 * row-major, into out; and the n class values into y (either may be NULL;
 * y needs a class). */
int clearn_dataset_split_xy(const clearn_dataset *ds, double *x, double *y,
                            clearn_error *err);

/* ---- New datasets from old ------------------------------------------ */

/* Rows rows[0..n) of ds, in that order (repeats allowed: bootstraps). */
clearn_dataset *clearn_dataset_subset(const clearn_dataset *ds,
                                      const size_t *rows, size_t n,
                                      clearn_error *err);
/* Attributes attrs[0..n) of ds, in that order (no repeats). The class stays
 * the class if it is selected. */
clearn_dataset *clearn_dataset_select(const clearn_dataset *ds,
                                      const size_t *attrs, size_t n,
                                      clearn_error *err);
/* Deep copy. */
clearn_dataset *clearn_dataset_copy(const clearn_dataset *ds, clearn_error *err);
/* Same schema (attributes, categories, class), no rows. */
clearn_dataset *clearn_dataset_header(const clearn_dataset *ds, clearn_error *err);
/* Copy without the rows whose class value is missing (a copy of all rows
 * when there is no class). */
clearn_dataset *clearn_dataset_drop_missing_class(const clearn_dataset *ds,
                                                  clearn_error *err);

/* Shuffles the rows in place with the given seed (reproducible). */
int clearn_dataset_shuffle(clearn_dataset *ds, uint64_t seed, clearn_error *err);

/* Appends the rows of src to dst. Attributes are matched by position and
 * must have equal names and kinds (CLEARN_ESCHEMA naming the first that
 * differs). Nominal values are matched by category name; categories dst
 * lacks are appended to it. On error dst keeps its rows and values (categories
 * appended before an out-of-memory failure stay, unused). */
int clearn_dataset_append(clearn_dataset *dst, const clearn_dataset *src,
                          clearn_error *err);

/* ---- Schemas ----------------------------------------------------------- */

/* 1 when a and b have the same attributes (names, kinds, categories in the
 * same order) and the same class; 0 otherwise. */
int clearn_dataset_same_schema(const clearn_dataset *a, const clearn_dataset *b);

/* Re-expresses `data` in the schema of `ref` (typically the training data):
 * attributes are matched by name (order may differ; extra attributes of data
 * are dropped), nominal values by category name. A category ref does not
 * know becomes missing; *n_unseen (if not NULL) receives how many values
 * did. An attribute read with the other kind is converted through text: a
 * number names the category written the same way (1 -> "1"; a CSV column
 * of codes meets a nominal class), and a category whose name is a number
 * becomes that number (any other category is CLEARN_ESCHEMA naming it). An
 * attribute of ref absent from data is CLEARN_ESCHEMA naming it; the
 * exception is ref's class attribute, which may be absent (its column is
 * then all missing, as when predicting). The result has ref's attributes,
 * categories and class. */
clearn_dataset *clearn_dataset_conform(const clearn_dataset *ref,
                                       const clearn_dataset *data,
                                       size_t *n_unseen, clearn_error *err);

/* ---- Summaries --------------------------------------------------------- */

typedef struct clearn_summary {
    clearn_kind kind;
    size_t count;     /* non-missing values */
    size_t missing;   /* missing values */
    size_t distinct;  /* distinct non-missing values */
    size_t unique;    /* values that occur exactly once */
    double min, max;  /* numeric only (NaN when count is 0) */
    double mean, sd;  /* numeric only; sd is the sample sd (n - 1) */
} clearn_summary;

/* Summary of attribute j. */
int clearn_dataset_summary(const clearn_dataset *ds, size_t j,
                           clearn_summary *out, clearn_error *err);

/* Counts of each category of nominal attribute j into
 * counts[0..categories(j)); missing values are not counted. */
int clearn_dataset_category_counts(const clearn_dataset *ds, size_t j,
                                   size_t *counts, clearn_error *err);

#ifdef __cplusplus
}
#endif
#endif
