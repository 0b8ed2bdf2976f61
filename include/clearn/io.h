/* clearn — reading and writing datasets: CSV, ARFF, LIBSVM/svmlight.
 *
 * Readers return a new dataset or NULL; on a malformed file err->code is
 * CLEARN_EPARSE and err->text reads "FILE:LINE:COLUMN: what is wrong"
 * (lines and columns count from 1; the column is a byte position). Numbers
 * are parsed independently of the locale and round-trip doubles exactly;
 * writers print doubles with the shortest text that reads back exactly. */
#ifndef CLEARN_IO_H
#define CLEARN_IO_H

#include <stdio.h>
#include <stddef.h>
#include <clearn/error.h>
#include <clearn/dataset.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum clearn_format {
    CLEARN_FORMAT_AUTO = 0, /* by extension: .csv .arff .libsvm .svm; else CSV */
    CLEARN_FORMAT_CSV,
    CLEARN_FORMAT_ARFF,
    CLEARN_FORMAT_LIBSVM
} clearn_format;

/* Options for the readers. Initialise with clearn_read_options_init and then
 * change what you need; fields may be added at the end in later versions.
 * Pointers are borrowed for the duration of the call only. */
typedef struct clearn_read_options {
    clearn_format format;
    /* The class attribute, as clearn_dataset_resolve_attr reads it: a name,
     * "first", "last", "none" or a 1-based index. NULL: the last attribute
     * for CSV and ARFF, the label for LIBSVM. */
    const char *class_attr;
    /* CSV: the first row holds the attribute names (default 1). Without a
     * header, attributes are named att1, att2, ... */
    int header;
    /* CSV: field delimiter: ',' (default), ';', '\t' or any other byte
     * except quote, CR and LF. */
    char delimiter;
    /* CSV: strings read as missing values, or NULL for the defaults: the
     * empty field, "?", "NA", "N/A", "NaN", "nan", "null" and "NULL". */
    const char *const *missing;
    size_t n_missing;
    /* CSV and LIBSVM: attributes (by name, after headers are read) forced to
     * be nominal or numeric instead of inferred. A CSV column is inferred
     * numeric when every non-missing value is a decimal number (C locale),
     * otherwise nominal with categories in order of first appearance. A
     * LIBSVM label ("class") is nominal when every label is an integer. */
    const char *const *nominal;
    size_t n_nominal;
    const char *const *numeric;
    size_t n_numeric;
    /* LIBSVM: number of features; 0 = the largest index in the file. */
    size_t n_features;
} clearn_read_options;

/* Sets the defaults described above. */
void clearn_read_options_init(clearn_read_options *opt);

/* Format implied by a file name's extension (CLEARN_FORMAT_CSV when unknown). */
clearn_format clearn_format_from_name(const char *path);

/* Parses "csv", "arff", "libsvm" (or "svm"), "auto"; CLEARN_EINVAL otherwise. */
int clearn_format_parse(const char *name, clearn_format *fmt, clearn_error *err);

/* Reads the file at path; opt may be NULL for the defaults. */
clearn_dataset *clearn_read(const char *path, const clearn_read_options *opt,
                            clearn_error *err);

/* Reads from an open stream (e.g. stdin) until end of file. name is used in
 * messages and, with CLEARN_FORMAT_AUTO, for the extension (NULL: "-",
 * i.e. CSV). The stream is not closed. */
clearn_dataset *clearn_read_stream(FILE *f, const char *name,
                                   const clearn_read_options *opt,
                                   clearn_error *err);

/* Writes ds to path in the given format (AUTO: by extension). CSV: a header
 * row, ',' delimiter, fields quoted when needed, missing as "?".
 * ARFF: dense rows, names quoted when needed, missing as "?". LIBSVM: the
 * class value (a nominal class's category name when it is a number, else
 * its code) then the non-zero features as index:value; it needs a class and
 * refuses missing values (CLEARN_EINVAL naming row and attribute); nominal
 * features are written as codes. */
int clearn_write(const clearn_dataset *ds, const char *path, clearn_format fmt,
                 clearn_error *err);

/* Same, to an open stream (AUTO means CSV). The stream is not closed. */
int clearn_write_stream(const clearn_dataset *ds, FILE *f, clearn_format fmt,
                        clearn_error *err);

#ifdef __cplusplus
}
#endif
#endif
