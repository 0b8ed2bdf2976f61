/* clearn — the payload of model files: typed, named values that an
 * estimator or transform type writes in save() and reads back in load().
 *
 * A model file is text: a "clearn-model 1" header, the spec string, the
 * training schema, the payload and a checksum trailer (see "Model file format" in
 * clearn_estimator(3)). Types never see the framing: they write and read values in
 * the same order with the same keys. Doubles are stored as their IEEE bits,
 * so a loaded model predicts exactly what the saved one did. A reader
 * reports any mismatch (other key, wrong kind, bad number, end of data) as
 * CLEARN_ECORRUPT naming the key and the line. */
#ifndef CLEARN_MODEL_H
#define CLEARN_MODEL_H

#include <stddef.h>
#include <clearn/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clearn_writer clearn_writer;
typedef struct clearn_reader clearn_reader;

/* Keys are non-empty and contain no whitespace. Each call returns CLEARN_OK,
 * CLEARN_EINVAL (bad key) or CLEARN_ENOMEM. */
int clearn_writer_int(clearn_writer *w, const char *key, long v, clearn_error *err);
int clearn_writer_size(clearn_writer *w, const char *key, size_t v, clearn_error *err);
int clearn_writer_double(clearn_writer *w, const char *key, double v, clearn_error *err);
int clearn_writer_doubles(clearn_writer *w, const char *key, const double *v, size_t n,
                          clearn_error *err);
/* Any bytes except NUL; escaped as needed. */
int clearn_writer_string(clearn_writer *w, const char *key, const char *s, clearn_error *err);

/* Each reads the next value, which must have this key and kind. */
int clearn_reader_int(clearn_reader *r, const char *key, long *v, clearn_error *err);
int clearn_reader_size(clearn_reader *r, const char *key, size_t *v, clearn_error *err);
int clearn_reader_double(clearn_reader *r, const char *key, double *v, clearn_error *err);
/* Exactly n values are expected (a count written earlier says how many). */
int clearn_reader_doubles(clearn_reader *r, const char *key, double *v, size_t n,
                          clearn_error *err);
/* *s receives a string allocated by the library: release it with clearn_free. */
int clearn_reader_string(clearn_reader *r, const char *key, char **s, clearn_error *err);

/* Frees memory the library handed to the caller (strings from readers);
 * NULL is a no-op. */
void clearn_free(void *p);

#ifdef __cplusplus
}
#endif
#endif
