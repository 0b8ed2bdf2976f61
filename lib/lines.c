/* clearn — reading a text stream line by line through our allocator (the
 * ARFF and LIBSVM readers). */
#include "config.h"
#include <stdint.h>
#include <string.h>
#include "internal.h"

static int fill(clearn__lines *r)
{
    r->pos = 0;
    r->end = r->eof ? 0 : fread(r->blk, 1, sizeof r->blk, r->f);
    if (r->end == 0)
        r->eof = 1;
    return r->end != 0;
}

static int append(clearn__lines *r, const char *s, size_t k)
{
    if (r->len + k + 1 > r->cap) {
        size_t ncap = r->cap ? r->cap : 256;
        char *nb;
        while (ncap < r->len + k + 1) {
            if (ncap > SIZE_MAX / 2)
                return CLEARN_ENOMEM;
            ncap *= 2;
        }
        if (!(nb = clearn__realloc(r->buf, ncap)))
            return CLEARN_ENOMEM;
        r->buf = nb;
        r->cap = ncap;
    }
    memcpy(r->buf + r->len, s, k);
    r->len += k;
    return CLEARN_OK;
}

int clearn__lines_next(clearn__lines *r, const char *name, clearn_error *err)
{
    int nl = 0;
    char *z;
    r->len = 0;
    while (!nl) {
        const char *s, *e;
        if (r->pos == r->end && !fill(r))
            break;
        s = r->blk + r->pos;
        e = memchr(s, '\n', r->end - r->pos);
        nl = e != NULL;
        if (!e)
            e = r->blk + r->end;
        if (append(r, s, (size_t)(e - s)) != CLEARN_OK)
            return -clearn__nomem(err);
        r->pos += (size_t)(e - s) + (size_t)nl;
    }
    if (ferror(r->f))
        return -clearn__error(err, CLEARN_EIO, "%s: read error", name);
    if (!nl && r->len == 0)
        return 0;
    r->lineno++;
    if (r->len && r->buf[r->len - 1] == '\r')
        r->len--;
    if (append(r, "", 1) != CLEARN_OK)
        return -clearn__nomem(err);
    r->len--;
    if ((z = memchr(r->buf, '\0', r->len)) != NULL)
        return -clearn__parse_error(err, name, r->lineno, (size_t)(z - r->buf) + 1,
                                    "NUL byte: this is not a text file");
    if (r->lineno == 1 && r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
        memset(r->buf, ' ', 3);   /* UTF-8 byte order mark: blank it out */
    return 1;
}
