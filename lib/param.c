/* clearn — parameter tables: parse, validate, format, describe, copy. */
#include "config.h"
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define FIELD(state, p, T) ((T *)((char *)(state) + (p)->offset))
#define CFIELD(state, p, T) ((const T *)((const char *)(state) + (p)->offset))

static const char *const type_names[] = {"int", "double", "bool", "enum", "string"};

size_t clearn_param_describe(const clearn_param *p, char *buf, size_t size)
{
    if ((unsigned)p->type > CLEARN_PARAM_STRING)
        return (size_t)snprintf(buf, size, "unknown type");
    if (p->type == CLEARN_PARAM_ENUM) {
        size_t n = (size_t)snprintf(buf, size, "one of");
        for (size_t i = 0; p->choices && p->choices[i]; i++)
            n += (size_t)snprintf(n < size ? buf + n : NULL, n < size ? size - n : 0, "%s %s",
                                  i ? "," : "", p->choices[i]);
        return n;
    }
    if ((p->type == CLEARN_PARAM_INT || p->type == CLEARN_PARAM_DOUBLE) && p->min <= p->max) {
        char lo[CLEARN__DBL_BUF], hi[CLEARN__DBL_BUF];
        clearn__format_double(p->min, lo);
        clearn__format_double(p->max, hi);
        return (size_t)snprintf(buf, size, "%s in %c%s, %s%c", type_names[p->type],
                                p->flags & CLEARN_PARAM_MIN_OPEN ? '(' : '[', lo, hi,
                                p->flags & CLEARN_PARAM_MAX_OPEN ? ')' : ']');
    }
    if (p->type == CLEARN_PARAM_BOOL)
        return (size_t)snprintf(buf, size, "bool (true or false)");
    return (size_t)snprintf(buf, size, "%s", type_names[p->type]);
}

static int bad_value(const clearn_param *p, const char *value, const char *why, clearn_error *err)
{
    char allowed[160];
    clearn_param_describe(p, allowed, sizeof allowed);
    return clearn__error(err, CLEARN_EINVAL, "parameter %s: '%.60s' %s (allowed: %s)", p->name,
                         value, why, allowed);
}

static int in_range(const clearn_param *p, double v)
{
    if (p->min > p->max)
        return 1;
    if (p->flags & CLEARN_PARAM_MIN_OPEN ? v <= p->min : v < p->min)
        return 0;
    if (p->flags & CLEARN_PARAM_MAX_OPEN ? v >= p->max : v > p->max)
        return 0;
    return 1;
}

static int parse_bool(const char *s, int *v)
{
    static const char *const yes[] = {"true", "yes", "1", "on"}, *const no[] = {"false", "no", "0", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(s, yes[i]) == 0)
            return *v = 1, 1;
        if (strcmp(s, no[i]) == 0)
            return *v = 0, 1;
    }
    return 0;
}

int clearn_param_set(const clearn_param *p, void *state, const char *value, clearn_error *err)
{
    if (!p || !state || !value)
        return clearn__error(err, CLEARN_EINVAL, "set parameter: NULL argument");
    switch (p->type) {
    case CLEARN_PARAM_INT: {
        char *end;
        long v;
        errno = 0;
        v = strtol(value, &end, 10);
        if (!*value || *end || errno == ERANGE)
            return bad_value(p, value, "is not an integer", err);
        if (!in_range(p, (double)v))
            return bad_value(p, value, "is out of range", err);
        *FIELD(state, p, long) = v;
        return CLEARN_OK;
    }
    case CLEARN_PARAM_DOUBLE: {
        double v;
        if (!clearn__parse_double(value, strlen(value), &v))
            return bad_value(p, value, "is not a number", err);
        if (!in_range(p, v))
            return bad_value(p, value, "is out of range", err);
        *FIELD(state, p, double) = v;
        return CLEARN_OK;
    }
    case CLEARN_PARAM_BOOL: {
        int v;
        if (!parse_bool(value, &v))
            return bad_value(p, value, "is not a boolean", err);
        *FIELD(state, p, int) = v;
        return CLEARN_OK;
    }
    case CLEARN_PARAM_ENUM:
        for (int i = 0; p->choices && p->choices[i]; i++) {
            if (strcmp(p->choices[i], value) == 0) {
                *FIELD(state, p, int) = i;
                return CLEARN_OK;
            }
        }
        return bad_value(p, value, "is not a valid choice", err);
    case CLEARN_PARAM_STRING: {
        char *copy = clearn__strdup(value), **field = FIELD(state, p, char *);
        if (!copy)
            return clearn__nomem(err);
        clearn__free(*field);
        *field = copy;
        return CLEARN_OK;
    }
    }
    return clearn__error(err, CLEARN_EINVAL, "parameter %s: unknown type %d", p->name, (int)p->type);
}

size_t clearn_param_format(const clearn_param *p, const void *state, char *buf, size_t size)
{
    char tmp[CLEARN__DBL_BUF];
    const char *s = tmp;
    switch (p->type) {
    case CLEARN_PARAM_INT:
        return (size_t)snprintf(buf, size, "%ld", *CFIELD(state, p, long));
    case CLEARN_PARAM_DOUBLE:
        clearn__format_double(*CFIELD(state, p, double), tmp);
        break;
    case CLEARN_PARAM_BOOL:
        s = *CFIELD(state, p, int) ? "true" : "false";
        break;
    case CLEARN_PARAM_ENUM:
        s = p->choices[*CFIELD(state, p, int)];
        break;
    case CLEARN_PARAM_STRING:
        s = *CFIELD(state, p, char *) ? *CFIELD(state, p, char *) : "";
        break;
    default:
        s = "?";
    }
    return (size_t)snprintf(buf, size, "%s", s);
}

const clearn_param *clearn__param_find(const clearn_param *params, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(params[i].name, name) == 0)
            return &params[i];
    return NULL;
}

int clearn__params_defaults(const clearn_param *params, size_t n, void *state, clearn_error *err)
{
    for (size_t i = 0; i < n; i++) {
        int rc = clearn_param_set(&params[i], state, params[i].def ? params[i].def : "", err);
        if (rc != CLEARN_OK)
            return rc;
    }
    return CLEARN_OK;
}

int clearn__params_copy(const clearn_param *params, size_t n, void *dst, const void *src,
                        clearn_error *err)
{
    for (size_t i = 0; i < n; i++) {
        const clearn_param *p = &params[i];
        switch (p->type) {
        case CLEARN_PARAM_INT: *FIELD(dst, p, long) = *CFIELD(src, p, long); break;
        case CLEARN_PARAM_DOUBLE: *FIELD(dst, p, double) = *CFIELD(src, p, double); break;
        case CLEARN_PARAM_BOOL:
        case CLEARN_PARAM_ENUM: *FIELD(dst, p, int) = *CFIELD(src, p, int); break;
        case CLEARN_PARAM_STRING: {
            const char *s = *CFIELD(src, p, char *);
            char *copy = s ? clearn__strdup(s) : NULL;
            if (s && !copy)
                return clearn__nomem(err);
            clearn__free(*FIELD(dst, p, char *));
            *FIELD(dst, p, char *) = copy;
            break;
        }
        }
    }
    return CLEARN_OK;
}

void clearn__params_free(const clearn_param *params, size_t n, void *state)
{
    for (size_t i = 0; i < n; i++) {
        if (params[i].type == CLEARN_PARAM_STRING) {
            clearn__free(*FIELD(state, &params[i], char *));
            *FIELD(state, &params[i], char *) = NULL;
        }
    }
}

int clearn__params_set(const char *type, const clearn_param *params, size_t n, void *state,
                       const char *name, const char *value, clearn_error *err)
{
    const clearn_param *p = name ? clearn__param_find(params, n, name) : NULL;
    if (!p) {
        char list[160];
        size_t k = 0;
        list[0] = '\0';
        for (size_t i = 0; i < n && k < sizeof list; i++)
            k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "", params[i].name);
        return clearn__error(err, CLEARN_EINVAL, "%s has no parameter '%s' (parameters: %s)", type,
                             name ? name : "(null)", n ? list : "none");
    }
    return clearn_param_set(p, state, value, err);
}

int clearn__params_apply(const clearn_param *params, size_t n, void *state,
                         const clearn__spec_stage *st, clearn_error *err)
{
    for (size_t k = 0; k < st->n_kv; k++) {
        int rc = clearn__params_set(st->name, params, n, state, st->keys[k], st->values[k], err);
        if (rc != CLEARN_OK)
            return rc;
    }
    return CLEARN_OK;
}

/* 1 when the parameter's value in state equals its default: strings
 * directly, other kinds by their canonical text (the default parsed into a
 * scratch field and formatted back). */
static int is_default(const clearn_param *p, const void *state)
{
    union { long l; double d; int i; char *s; } scratch;
    clearn_param q = *p;
    char cur[64], def[64];
    if (p->type == CLEARN_PARAM_STRING) {
        const char *v = *CFIELD(state, p, char *);
        return strcmp(v ? v : "", p->def ? p->def : "") == 0;
    }
    memset(&scratch, 0, sizeof scratch);
    q.offset = 0;
    if (clearn_param_set(&q, &scratch, p->def ? p->def : "", NULL) != CLEARN_OK)
        return 0;
    clearn_param_format(p, state, cur, sizeof cur);
    clearn_param_format(&q, &scratch, def, sizeof def);
    return strcmp(cur, def) == 0;
}

/* Quotes a value for a spec string when it has spaces, quotes or '|': in
 * '...', each ' written as "'" between quoted pieces (the spec reader joins
 * the pieces of one word). out needs 5 * strlen(v) + 3 bytes. */
static void quote_value(const char *v, char *out)
{
    if (*v && !strpbrk(v, " \t\n'\"|")) {
        strcpy(out, v);
        return;
    }
    *out++ = '\'';
    for (; *v; v++) {
        if (*v == '\'') {
            memcpy(out, "'\"'\"'", 5);
            out += 5;
        } else {
            *out++ = *v;
        }
    }
    *out++ = '\'';
    *out = '\0';
}

char *clearn__params_spec(const char *name, const clearn_param *params, size_t n,
                          const void *state, clearn_error *err)
{
    size_t cap = strlen(name) + 1, len, longest = 0;
    char *out, *value, *quoted;
    for (size_t i = 0; i < n; i++) {
        size_t k = clearn_param_format(&params[i], state, NULL, 0);
        cap += strlen(params[i].name) + 5 * k + 4;
        longest = k > longest ? k : longest;
    }
    out = clearn__malloc(cap);
    value = clearn__malloc(longest + 1);
    quoted = clearn__malloc(5 * longest + 3);
    if (!out || !value || !quoted) {
        clearn__free(out);
        clearn__free(value);
        clearn__free(quoted);
        clearn__nomem(err);
        return NULL;
    }
    len = (size_t)snprintf(out, cap, "%s", name);
    for (size_t i = 0; i < n; i++) {
        if (is_default(&params[i], state))
            continue;
        clearn_param_format(&params[i], state, value, longest + 1);
        quote_value(value, quoted);
        len += (size_t)snprintf(out + len, cap - len, " %s=%s", params[i].name, quoted);
    }
    clearn__free(value);
    clearn__free(quoted);
    return out;
}
