/* clearn — error codes and messages. */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "internal.h"

const char *clearn_strerror(int code)
{
    switch (code) {
    case CLEARN_OK: return "success";
    case CLEARN_ENOMEM: return "out of memory";
    case CLEARN_EINVAL: return "invalid argument";
    case CLEARN_EIO: return "input/output error";
    case CLEARN_EPARSE: return "malformed input";
    case CLEARN_ESCHEMA: return "attributes do not match";
    case CLEARN_ENOTFOUND: return "not found";
    case CLEARN_ENOTFIT: return "model is not fitted";
    case CLEARN_ECORRUPT: return "corrupted or incompatible model file";
    case CLEARN_ENUMERIC: return "numerical failure";
    case CLEARN_ERANGE: return "value out of range";
    default: return "unknown error";
    }
}

int clearn__verror(clearn_error *err, int code, const char *fmt, va_list ap)
{
    if (err) {
        err->code = code;
        vsnprintf(err->text, sizeof err->text, fmt, ap);
    }
    return code;
}

int clearn__error(clearn_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    clearn__verror(err, code, fmt, ap);
    va_end(ap);
    return code;
}

int clearn__parse_error(clearn_error *err, const char *file, size_t line,
                        size_t col, const char *fmt, ...)
{
    if (err) {
        int k;
        va_list ap;
        err->code = CLEARN_EPARSE;
        k = snprintf(err->text, sizeof err->text, "%s:%zu:%zu: ",
                     file ? file : "-", line, col);
        if (k < 0)
            k = 0;
        if ((size_t)k < sizeof err->text) {
            va_start(ap, fmt);
            vsnprintf(err->text + k, sizeof err->text - (size_t)k, fmt, ap);
            va_end(ap);
        }
    }
    return CLEARN_EPARSE;
}

int clearn__nomem(clearn_error *err)
{
    return clearn__error(err, CLEARN_ENOMEM, "out of memory");
}
