/* clearn — locale-independent number parsing and formatting.
 * PLACEHOLDER: correct but slow (validates syntax, then strtod_l in the C
 * locale). To be replaced by the fast exact parser. */
#include "config.h"
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static locale_t get_c_locale(void)
{
    pthread_once(&c_locale_once, make_c_locale);
    return c_locale;
}

/* 1 when s[0..len) is [+-]digits[.digits][(e|E)[+-]digits] with a digit in
 * the mantissa. */
static int valid_syntax(const char *s, size_t len)
{
    size_t i = 0, digits = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, digits++;
    }
    if (!digits)
        return 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t ed = 0;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, ed++;
        if (!ed)
            return 0;
    }
    return i == len;
}

int clearn__parse_double(const char *s, size_t len, double *out)
{
    char buf[128], *copy = buf, *end;
    double v;
    if (!valid_syntax(s, len))
        return 0;
    if (len >= sizeof buf && !(copy = clearn__malloc(len + 1)))
        return 0;
    memcpy(copy, s, len);
    copy[len] = '\0';
    v = strtod_l(copy, &end, get_c_locale());
    if (copy != buf)
        clearn__free(copy);
    if (isinf(v))
        return 0;
    *out = v;
    return 1;
}

size_t clearn__format_double(double v, char *buf)
{
    locale_t old;
    int n = 0;
    if (isnan(v))
        return (size_t)snprintf(buf, CLEARN__DBL_BUF, "nan");
    if (isinf(v))
        return (size_t)snprintf(buf, CLEARN__DBL_BUF, v < 0 ? "-inf" : "inf");
    old = uselocale(get_c_locale());
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(buf, CLEARN__DBL_BUF, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    uselocale(old);
    return (size_t)n;
}
