/* clearn — error codes and the error report structure. */
#ifndef CLEARN_ERROR_H
#define CLEARN_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible call returns CLEARN_OK (0) or one of these codes, or NULL
 * when it returns a pointer; the code then is in err->code. */
enum {
    CLEARN_OK = 0,
    CLEARN_ENOMEM,      /* out of memory */
    CLEARN_EINVAL,      /* invalid argument or parameter */
    CLEARN_EIO,         /* file could not be opened, read or written */
    CLEARN_EPARSE,      /* malformed input file */
    CLEARN_ESCHEMA,     /* attributes do not match (missing, wrong kind) */
    CLEARN_ENOTFOUND,   /* no attribute, category or type of that name */
    CLEARN_ENOTFIT,     /* model used before it was fitted */
    CLEARN_ECORRUPT,    /* model file truncated, corrupted or of another version */
    CLEARN_ENUMERIC,    /* numerical failure (singular matrix, no convergence) */
    CLEARN_ERANGE       /* value out of range (too many rows, overflow) */
};

/* Size of clearn_error.text, including the terminating NUL. */
#define CLEARN_ERROR_TEXT_SIZE 256

/* Filled in by a failing call when the caller passes a non-NULL pointer.
 * text says what went wrong and where (file:line:column for parse errors;
 * the parameter, the value given and what is allowed for bad parameters).
 * A successful call leaves it untouched. */
typedef struct clearn_error {
    int code;
    char text[CLEARN_ERROR_TEXT_SIZE];
} clearn_error;

/* Static, human-readable description of an error code ("out of memory").
 * Never returns NULL; unknown codes give "unknown error". */
const char *clearn_strerror(int code);

#ifdef __cplusplus
}
#endif
#endif
