/* clearn — the one allocation wrapper, with a failure-injection hook for
 * tests. The countdown is the only process-wide mutable state outside
 * one-time initialisation; it is atomic and only tests change it. */
#include "config.h"
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static atomic_long fail_countdown = -1; /* < 0: never fail */
static atomic_long calls;

/* 1 when this allocation must fail. Once the countdown reaches 0 every
 * later allocation fails, so error paths cannot retry their way past it. */
static int injected_failure(void)
{
    long c;
    atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
    c = atomic_load_explicit(&fail_countdown, memory_order_relaxed);
    if (c < 0)
        return 0;
    if (c == 0)
        return 1;
    atomic_fetch_sub_explicit(&fail_countdown, 1, memory_order_relaxed);
    return 0;
}

void clearn__alloc_fail_after(long n)
{
    atomic_store(&fail_countdown, n < 0 ? -1 : n);
}

long clearn__alloc_calls(void)
{
    return atomic_load(&calls);
}

void *clearn__malloc(size_t size)
{
    if (injected_failure())
        return NULL;
    return malloc(size ? size : 1);
}

void *clearn__calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    if (injected_failure())
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *clearn__realloc(void *p, size_t size)
{
    if (injected_failure())
        return NULL;
    return realloc(p, size ? size : 1);
}

void *clearn__mallocarray(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return clearn__malloc(n * size);
}

void *clearn__reallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return clearn__realloc(p, n * size);
}

void clearn__free(void *p)
{
    free(p);
}

char *clearn__strndup(const char *s, size_t n)
{
    char *d = clearn__malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *clearn__strdup(const char *s)
{
    return clearn__strndup(s, strlen(s));
}
