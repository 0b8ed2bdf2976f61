/* clearn — model files: the typed line writer and reader that estimator and
 * transform types use for their payload, and the framing around it (header,
 * spec, schema, checksum trailer; atomic save).
 *
 * Every item is one line `KEY TYPE VALUE`:
 *   i  long, decimal              z  size_t, decimal
 *   d  double: 16 lowercase hex digits of its IEEE-754 bits (exact, locale-free)
 *   D  doubles: the count, then one 16-digit hex word per value
 *   s  string: bytes < 0x21, '%' and 0x7f written as %XX, so no spaces
 * The reader never trusts the data: every length is checked against the
 * buffer, and nothing is allocated from a count read from the file. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"

#define MODEL_MAGIC "clearn-model "
#define MODEL_VERSION 1
#define MODEL_MAX_BYTES ((size_t)1 << 30)
#define END_LINE_BYTES 21 /* "end " + 16 hex digits + "\n" */
#define HEX_BYTES 16
/* The shortest attribute in a schema: "name s x\nkind i 0\nncat z 0\n". */
#define MIN_ATTR_BYTES 27

struct clearn_writer {
    char *buf; /* NUL-terminated when not NULL */
    size_t len, cap;
};

struct clearn_reader {
    char *buf;       /* owned */
    size_t pos, end; /* the unread payload is buf[pos..end) */
    size_t line;     /* line number of buf[pos] */
    char *name;      /* file name for messages */
};

void clearn_free(void *p)
{
    clearn__free(p);
}

/* ---- shared helpers -------------------------------------------------------- */

static const char hexdigits[] = "0123456789abcdef";

static int valid_key(const char *key)
{
    if (!key || !*key)
        return 0;
    for (const char *p = key; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == ':' || c == '-'))
            return 0;
    }
    return 1;
}

/* A printable excerpt of untrusted bytes for a message. */
static void excerpt(char out[48], const char *s, size_t n)
{
    size_t i = 0;
    for (; i < n && i < 40; i++)
        out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
    if (i < n) {
        memcpy(out + i, "...", 3);
        i += 3;
    }
    out[i] = '\0';
}

static int key_error(const char *who, const char *key, clearn_error *err)
{
    char shown[48];
    if (key)
        excerpt(shown, key, strlen(key));
    return clearn__error(err, CLEARN_EINVAL,
                         "model %s: invalid key '%s' (use letters, digits and _ . : -)",
                         who, key ? shown : "(null)");
}

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3u;
    }
    return h;
}

static void hex64(uint64_t v, char *out)
{
    for (int i = HEX_BYTES - 1; i >= 0; i--, v >>= 4)
        out[i] = hexdigits[v & 15];
}

/* Lowercase only: used where the spelling must be unique. */
static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Either case: the digits of a %XX escape. */
static int hexval_any(char c)
{
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : hexval(c);
}

/* Exactly 16 lowercase hex digits: one spelling per value, so a changed
 * digit can never read back as the same number. */
static int parse_hex64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    for (int i = 0; i < HEX_BYTES; i++) {
        int d = hexval(s[i]);
        if (d < 0)
            return 0;
        v = v << 4 | (uint64_t)d;
    }
    *out = v;
    return 1;
}

/* ---- writer ---------------------------------------------------------------- */

clearn_writer *clearn__writer_new(void)
{
    return clearn__calloc(1, sizeof(clearn_writer));
}

void clearn__writer_free(clearn_writer *w)
{
    if (!w)
        return;
    clearn__free(w->buf);
    clearn__free(w);
}

const char *clearn__writer_data(const clearn_writer *w, size_t *len)
{
    if (len)
        *len = w ? w->len : 0;
    return w && w->buf ? w->buf : "";
}

/* Room for `extra` more bytes and the NUL. */
static int reserve(clearn_writer *w, size_t extra)
{
    size_t need, cap;
    char *nb;
    if (extra > SIZE_MAX - w->len - 1)
        return CLEARN_ENOMEM;
    need = w->len + extra + 1;
    if (need <= w->cap)
        return CLEARN_OK;
    cap = w->cap ? w->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    if (!(nb = clearn__realloc(w->buf, cap)))
        return CLEARN_ENOMEM;
    w->buf = nb;
    w->cap = cap;
    return CLEARN_OK;
}

static void put(clearn_writer *w, const char *s, size_t n)
{
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

/* " " and the 16 hex digits of v's bits. */
static void put_double(clearn_writer *w, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    put(w, " ", 1);
    hex64(bits, w->buf + w->len);
    w->len += HEX_BYTES;
    w->buf[w->len] = '\0';
}

/* Checks the key, reserves the whole line (so a failure leaves no partial
 * line behind) and writes "KEY T". The caller adds `extra` bytes and "\n". */
static int begin_line(clearn_writer *w, const char *key, char type, size_t extra,
                      clearn_error *err)
{
    size_t k;
    char t[2] = {' ', type};
    if (!w)
        return clearn__error(err, CLEARN_EINVAL, "model writer: NULL writer");
    if (!valid_key(key))
        return key_error("writer", key, err);
    k = strlen(key);
    if (extra > SIZE_MAX - k - 4 || reserve(w, k + 3 + extra) != CLEARN_OK)
        return clearn__nomem(err);
    put(w, key, k);
    put(w, t, 2);
    return CLEARN_OK;
}

int clearn_writer_int(clearn_writer *w, const char *key, long v, clearn_error *err)
{
    char num[32];
    int k = snprintf(num, sizeof num, " %ld", v);
    int rc = begin_line(w, key, 'i', (size_t)k, err);
    if (rc == CLEARN_OK) {
        put(w, num, (size_t)k);
        put(w, "\n", 1);
    }
    return rc;
}

int clearn_writer_size(clearn_writer *w, const char *key, size_t v, clearn_error *err)
{
    char num[32];
    int k = snprintf(num, sizeof num, " %zu", v);
    int rc = begin_line(w, key, 'z', (size_t)k, err);
    if (rc == CLEARN_OK) {
        put(w, num, (size_t)k);
        put(w, "\n", 1);
    }
    return rc;
}

int clearn_writer_double(clearn_writer *w, const char *key, double v, clearn_error *err)
{
    int rc = begin_line(w, key, 'd', 1 + HEX_BYTES, err);
    if (rc == CLEARN_OK) {
        put_double(w, v);
        put(w, "\n", 1);
    }
    return rc;
}

int clearn_writer_doubles(clearn_writer *w, const char *key, const double *v, size_t n,
                          clearn_error *err)
{
    char num[32];
    int k = snprintf(num, sizeof num, " %zu", n);
    int rc;
    if (n && !v)
        return clearn__error(err, CLEARN_EINVAL, "model writer: '%s': NULL array",
                             valid_key(key) ? key : "?");
    if (n > (SIZE_MAX / 2) / (1 + HEX_BYTES))
        return clearn__nomem(err);
    rc = begin_line(w, key, 'D', (size_t)k + n * (1 + HEX_BYTES), err);
    if (rc != CLEARN_OK)
        return rc;
    put(w, num, (size_t)k);
    for (size_t i = 0; i < n; i++)
        put_double(w, v[i]);
    put(w, "\n", 1);
    return CLEARN_OK;
}

static int needs_escape(unsigned char c)
{
    return c < 0x21 || c == '%' || c == 0x7f;
}

int clearn_writer_string(clearn_writer *w, const char *key, const char *s, clearn_error *err)
{
    size_t n = 0, len;
    int rc;
    if (!s)
        return clearn__error(err, CLEARN_EINVAL, "model writer: '%s': NULL string",
                             valid_key(key) ? key : "?");
    len = strlen(s);
    if (len > SIZE_MAX / 4)
        return clearn__nomem(err);
    for (size_t i = 0; i < len; i++)
        n += needs_escape((unsigned char)s[i]) ? 3 : 1;
    /* The empty string is the line "KEY s" with nothing after the type. */
    if ((rc = begin_line(w, key, 's', len ? n + 1 : 0, err)) != CLEARN_OK)
        return rc;
    if (len)
        put(w, " ", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (needs_escape(c)) {
            char e[3] = {'%', "0123456789ABCDEF"[c >> 4], "0123456789ABCDEF"[c & 15]};
            put(w, e, 3);
        } else {
            put(w, &s[i], 1);
        }
    }
    put(w, "\n", 1);
    return CLEARN_OK;
}

/* ---- reader ---------------------------------------------------------------- */

/* Takes buf (allocated with clearn__malloc, freed here on failure). */
static clearn_reader *reader_adopt(char *buf, size_t end, const char *name)
{
    clearn_reader *r = clearn__calloc(1, sizeof *r);
    if (!r || !(r->name = clearn__strdup(name ? name : "(memory)"))) {
        clearn__free(r);
        clearn__free(buf);
        return NULL;
    }
    r->buf = buf;
    r->end = end;
    r->line = 1;
    return r;
}

clearn_reader *clearn__reader_new(const char *data, size_t len, const char *name)
{
    char *buf;
    if ((!data && len) || len == SIZE_MAX || !(buf = clearn__malloc(len + 1)))
        return NULL;
    if (len)
        memcpy(buf, data, len);
    buf[len] = '\0';
    return reader_adopt(buf, len, name);
}

void clearn__reader_free(clearn_reader *r)
{
    if (!r)
        return;
    clearn__free(r->buf);
    clearn__free(r->name);
    clearn__free(r);
}

static int corrupt(const clearn_reader *r, size_t line, clearn_error *err,
                   const char *fmt, ...) CLEARN__PRINTF(4, 5);

/* CLEARN_ECORRUPT with "name:line: message". */
static int corrupt(const clearn_reader *r, size_t line, clearn_error *err,
                   const char *fmt, ...)
{
    if (err) {
        int k;
        va_list ap;
        err->code = CLEARN_ECORRUPT;
        k = snprintf(err->text, sizeof err->text, "%s:%zu: ", r->name, line);
        if (k >= 0 && (size_t)k < sizeof err->text) {
            va_start(ap, fmt);
            vsnprintf(err->text + k, sizeof err->text - (size_t)k, fmt, ap);
            va_end(ap);
        }
    }
    return CLEARN_ECORRUPT;
}

/* One parsed line: "KEY T VALUE" (or "KEY T" with an empty value). */
struct item {
    const char *key, *val;
    size_t klen, vlen;
    char type;
    int wellformed;
    size_t next; /* offset of the following line */
};

static void scan_line(const clearn_reader *r, struct item *it)
{
    const char *s = r->buf + r->pos, *nl = memchr(s, '\n', r->end - r->pos);
    size_t n = nl ? (size_t)(nl - s) : r->end - r->pos;
    const char *sp = memchr(s, ' ', n);
    memset(it, 0, sizeof *it);
    it->next = r->pos + n + (nl != NULL);
    it->key = s;
    it->klen = sp ? (size_t)(sp - s) : n;
    if (!sp || it->klen + 2 > n)
        return;
    it->type = s[it->klen + 1];
    if (it->klen + 2 == n) {
        it->wellformed = 1;
        it->val = s + n;
    } else if (s[it->klen + 2] == ' ') {
        it->wellformed = 1;
        it->val = s + it->klen + 3;
        it->vlen = n - it->klen - 3;
    }
}

static const char *type_name(char type)
{
    switch (type) {
    case 'i': return "an integer (i)";
    case 'z': return "a size (z)";
    case 'd': return "a double (d)";
    case 'D': return "an array of doubles (D)";
    default: return "a string (s)";
    }
}

/* Reads the next line, which must be `key` of `type`; the caller parses
 * it->val and then advances r->pos to it->next. */
static int expect(clearn_reader *r, const char *key, char type, struct item *it,
                  clearn_error *err)
{
    char shown[48];
    if (!r)
        return clearn__error(err, CLEARN_EINVAL, "model reader: NULL reader");
    if (!valid_key(key))
        return key_error("reader", key, err);
    if (r->pos >= r->end)
        return corrupt(r, r->line, err, "expected '%s', found the end of the data", key);
    scan_line(r, it);
    if (it->klen != strlen(key) || memcmp(it->key, key, it->klen) != 0) {
        if (!it->klen)
            return corrupt(r, r->line, err, "expected '%s', found an empty line", key);
        excerpt(shown, it->key, it->klen);
        return corrupt(r, r->line, err, "expected '%s', found '%s'", key, shown);
    }
    if (!it->wellformed)
        return corrupt(r, r->line, err, "'%s': malformed line (expected 'KEY TYPE VALUE')", key);
    if (it->type != type) {
        excerpt(shown, &it->type, 1);
        return corrupt(r, r->line, err, "'%s': expected %s, found type '%s'", key,
                       type_name(type), shown);
    }
    return CLEARN_OK;
}

static void advance(clearn_reader *r, const struct item *it)
{
    r->pos = it->next;
    r->line++;
}

static int bad_value(clearn_reader *r, const char *key, const struct item *it,
                     const char *what, clearn_error *err)
{
    char shown[48];
    excerpt(shown, it->val, it->vlen);
    return corrupt(r, r->line, err, "'%s': bad %s '%s'", key, what, shown);
}

/* Decimal digits only, without overflow, at most `max`. */
static int parse_digits(const char *s, size_t n, unsigned long long max,
                        unsigned long long *out)
{
    unsigned long long v = 0;
    if (!n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(unsigned char)s[i] - '0';
        if (d > 9 || v > (max - d) / 10)
            return 0;
        v = v * 10 + d;
    }
    *out = v;
    return 1;
}

int clearn_reader_int(clearn_reader *r, const char *key, long *v, clearn_error *err)
{
    struct item it;
    unsigned long long u;
    int neg;
    int rc = expect(r, key, 'i', &it, err);
    if (rc != CLEARN_OK)
        return rc;
    neg = it.vlen && it.val[0] == '-';
    if (!parse_digits(it.val + neg, it.vlen - (size_t)neg,
                      neg ? (unsigned long long)LONG_MAX + 1 : LONG_MAX, &u))
        return bad_value(r, key, &it, "integer", err);
    if (v)
        *v = !neg ? (long)u : u > LONG_MAX ? LONG_MIN : -(long)u;
    advance(r, &it);
    return CLEARN_OK;
}

int clearn_reader_size(clearn_reader *r, const char *key, size_t *v, clearn_error *err)
{
    struct item it;
    unsigned long long u;
    int rc = expect(r, key, 'z', &it, err);
    if (rc != CLEARN_OK)
        return rc;
    if (!parse_digits(it.val, it.vlen, SIZE_MAX, &u))
        return bad_value(r, key, &it, "size", err);
    if (v)
        *v = (size_t)u;
    advance(r, &it);
    return CLEARN_OK;
}

static double bits_to_double(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

int clearn_reader_double(clearn_reader *r, const char *key, double *v, clearn_error *err)
{
    struct item it;
    uint64_t bits;
    int rc = expect(r, key, 'd', &it, err);
    if (rc != CLEARN_OK)
        return rc;
    if (it.vlen != HEX_BYTES || !parse_hex64(it.val, &bits))
        return bad_value(r, key, &it, "double (16 lowercase hex digits expected)", err);
    if (v)
        *v = bits_to_double(bits);
    advance(r, &it);
    return CLEARN_OK;
}

int clearn_reader_doubles(clearn_reader *r, const char *key, double *v, size_t n,
                          clearn_error *err)
{
    struct item it;
    unsigned long long count;
    const char *sp, *words;
    size_t k;
    int rc;
    if (n && !v)
        return clearn__error(err, CLEARN_EINVAL, "model reader: NULL array");
    if ((rc = expect(r, key, 'D', &it, err)) != CLEARN_OK)
        return rc;
    sp = memchr(it.val, ' ', it.vlen);
    k = sp ? (size_t)(sp - it.val) : it.vlen;
    if (!parse_digits(it.val, k, SIZE_MAX, &count)) {
        char shown[48];
        excerpt(shown, it.val, k);
        return corrupt(r, r->line, err, "'%s': bad count '%s'", key, shown);
    }
    if (count != n)
        return corrupt(r, r->line, err, "'%s': expected %zu values, found %llu", key, n, count);
    /* The count matches the caller's buffer; the line must hold exactly
     * that many words, each a space and 16 hex digits. */
    if ((it.vlen - k) / (1 + HEX_BYTES) != n || (it.vlen - k) % (1 + HEX_BYTES) != 0)
        return corrupt(r, r->line, err, "'%s': the line does not hold %zu values", key, n);
    /* All words are checked before v is touched: a failed read leaves the
     * caller's array as it was. */
    words = it.val + k;
    for (size_t i = 0; i < n; i++) {
        const char *w = words + i * (1 + HEX_BYTES);
        uint64_t bits;
        if (w[0] != ' ' || !parse_hex64(w + 1, &bits))
            return corrupt(r, r->line, err, "'%s': value %zu is not 16 lowercase hex digits",
                           key, i + 1);
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t bits = 0;
        parse_hex64(words + i * (1 + HEX_BYTES) + 1, &bits);
        v[i] = bits_to_double(bits);
    }
    advance(r, &it);
    return CLEARN_OK;
}

int clearn_reader_string(clearn_reader *r, const char *key, char **s, clearn_error *err)
{
    struct item it;
    char *out;
    size_t n = 0;
    int rc;
    if (!s)
        return clearn__error(err, CLEARN_EINVAL, "model reader: NULL result pointer");
    if ((rc = expect(r, key, 's', &it, err)) != CLEARN_OK)
        return rc;
    if (!(out = clearn__malloc(it.vlen + 1)))
        return clearn__nomem(err);
    for (size_t i = 0; i < it.vlen; i++) {
        unsigned char c = (unsigned char)it.val[i];
        if (c == '%') {
            int hi = i + 2 < it.vlen ? hexval_any(it.val[i + 1]) : -1;
            int lo = hi >= 0 ? hexval_any(it.val[i + 2]) : -1;
            if (lo < 0 || (hi == 0 && lo == 0)) {
                clearn__free(out);
                return corrupt(r, r->line, err, "'%s': bad escape at byte %zu of the string",
                               key, i + 1);
            }
            out[n++] = (char)(hi << 4 | lo);
            i += 2;
        } else if (needs_escape(c)) {
            clearn__free(out);
            return corrupt(r, r->line, err, "'%s': unescaped byte 0x%02x in the string",
                           key, c);
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = '\0';
    *s = out;
    advance(r, &it);
    return CLEARN_OK;
}

int clearn__reader_finish(clearn_reader *r, clearn_error *err)
{
    struct item it;
    char shown[48];
    if (!r)
        return clearn__error(err, CLEARN_EINVAL, "model reader: NULL reader");
    if (r->pos >= r->end)
        return CLEARN_OK;
    scan_line(r, &it);
    excerpt(shown, it.key, it.klen);
    return corrupt(r, r->line, err, "unexpected '%s' after the end of the payload", shown);
}

/* ---- the schema ------------------------------------------------------------- */

int clearn__write_schema(clearn_writer *w, const clearn_dataset *ds, clearn_error *err)
{
    size_t d = clearn_dataset_attrs(ds), cls = clearn_dataset_class(ds);
    int rc;
    if (!ds)
        return clearn__error(err, CLEARN_EINVAL, "model writer: NULL schema");
    rc = clearn_writer_string(w, "relation", clearn_dataset_relation(ds), err);
    if (rc == CLEARN_OK)
        rc = clearn_writer_size(w, "attrs", d, err);
    for (size_t j = 0; j < d && rc == CLEARN_OK; j++) {
        size_t k = clearn_dataset_categories(ds, j);
        rc = clearn_writer_string(w, "name", clearn_dataset_attr_name(ds, j), err);
        if (rc == CLEARN_OK)
            rc = clearn_writer_int(w, "kind", clearn_dataset_attr_kind(ds, j) == CLEARN_NOMINAL,
                                   err);
        if (rc == CLEARN_OK)
            rc = clearn_writer_size(w, "ncat", k, err);
        for (size_t c = 0; c < k && rc == CLEARN_OK; c++)
            rc = clearn_writer_string(w, "cat", clearn_dataset_category(ds, j, c), err);
    }
    if (rc == CLEARN_OK)
        rc = clearn_writer_int(w, "class", cls == CLEARN_NONE ? -1 : (long)cls, err);
    return rc;
}

/* A dataset call refused what the file says (duplicate or empty name):
 * ECORRUPT quoting its message; ENOMEM stays ENOMEM. */
static int schema_error(const clearn_reader *r, size_t line, const clearn_error *why,
                        clearn_error *err)
{
    if (why->code == CLEARN_ENOMEM)
        return clearn__nomem(err);
    return corrupt(r, line, err, "bad schema: %s", why->text);
}

static int read_categories(clearn_reader *r, clearn_dataset *ds, size_t j, size_t ncat,
                           clearn_error *err)
{
    for (size_t c = 0; c < ncat; c++) {
        clearn_error why = {0, ""};
        size_t line = r->line, code;
        char *cat;
        int rc = clearn_reader_string(r, "cat", &cat, err);
        if (rc != CLEARN_OK)
            return rc;
        rc = clearn_dataset_add_category(ds, j, cat, &code, &why);
        if (rc == CLEARN_OK && code != c)
            rc = corrupt(r, line, err, "bad schema: attribute '%s': duplicate category '%s'",
                         clearn_dataset_attr_name(ds, j), cat);
        else if (rc != CLEARN_OK)
            rc = schema_error(r, line, &why, err);
        clearn__free(cat);
        if (rc != CLEARN_OK)
            return rc;
    }
    return CLEARN_OK;
}

static int read_attr(clearn_reader *r, clearn_dataset *ds, clearn_error *err)
{
    clearn_error why = {0, ""};
    size_t name_line = r->line, kind_line, ncat_line, ncat, j;
    char *name;
    long kind;
    int rc = clearn_reader_string(r, "name", &name, err);
    if (rc != CLEARN_OK)
        return rc;
    kind_line = r->line;
    if ((rc = clearn_reader_int(r, "kind", &kind, err)) != CLEARN_OK)
        goto out;
    ncat_line = r->line;
    if ((rc = clearn_reader_size(r, "ncat", &ncat, err)) != CLEARN_OK)
        goto out;
    if (kind != CLEARN_NUMERIC && kind != CLEARN_NOMINAL) {
        rc = corrupt(r, kind_line, err,
                     "bad schema: attribute '%s': kind %ld is neither 0 (numeric) nor 1 (nominal)",
                     name, kind);
        goto out;
    }
    if (kind == CLEARN_NUMERIC && ncat) {
        rc = corrupt(r, ncat_line, err, "bad schema: numeric attribute '%s' has %zu categories",
                     name, ncat);
        goto out;
    }
    rc = kind == CLEARN_NUMERIC ? clearn_dataset_add_numeric(ds, name, &j, &why)
                                : clearn_dataset_add_nominal(ds, name, NULL, 0, &j, &why);
    if (rc != CLEARN_OK)
        rc = schema_error(r, name_line, &why, err);
    else
        rc = read_categories(r, ds, j, ncat, err);
out:
    clearn__free(name);
    return rc;
}

int clearn__read_schema(clearn_reader *r, clearn_dataset **out, clearn_error *err)
{
    clearn_dataset *ds;
    char *relation;
    size_t d, line;
    long cls;
    int rc;
    if (!out)
        return clearn__error(err, CLEARN_EINVAL, "model reader: NULL result pointer");
    if ((rc = clearn_reader_string(r, "relation", &relation, err)) != CLEARN_OK)
        return rc;
    ds = clearn_dataset_new(relation, err);
    clearn__free(relation);
    if (!ds)
        return CLEARN_ENOMEM;
    line = r->line;
    if ((rc = clearn_reader_size(r, "attrs", &d, err)) != CLEARN_OK)
        goto fail;
    if (d > (r->end - r->pos) / MIN_ATTR_BYTES) {
        rc = corrupt(r, line, err, "bad schema: %zu attributes cannot fit in the rest of the file", d);
        goto fail;
    }
    for (size_t j = 0; j < d; j++)
        if ((rc = read_attr(r, ds, err)) != CLEARN_OK)
            goto fail;
    line = r->line;
    if ((rc = clearn_reader_int(r, "class", &cls, err)) != CLEARN_OK)
        goto fail;
    if (cls < -1 || (cls >= 0 && (unsigned long)cls >= d)) {
        rc = corrupt(r, line, err, "bad schema: class index %ld out of range (%zu attributes)",
                     cls, d);
        goto fail;
    }
    clearn_dataset_set_class(ds, cls < 0 ? CLEARN_NONE : (size_t)cls, NULL);
    *out = ds;
    return CLEARN_OK;
fail:
    clearn_dataset_free(ds);
    return rc;
}

/* ---- saving ----------------------------------------------------------------- */

/* Creates a new file beside path (O_EXCL: never an existing one); its name
 * goes to tmp. -1 with errno on failure. */
static int create_temp(const char *path, char *tmp, size_t size)
{
    static atomic_uint counter;
    for (int attempt = 0; attempt < 100; attempt++) {
        int fd;
        snprintf(tmp, size, "%s.tmp%ld.%u", path, (long)getpid(),
                 atomic_fetch_add(&counter, 1u));
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

static int write_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t k = write(fd, buf, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        buf += k;
        len -= (size_t)k;
    }
    return 0;
}

/* Writes the file through a temporary renamed over path, so a failure
 * leaves any existing file at path as it was. */
static int write_file(const char *path, const char *buf, size_t len, clearn_error *err)
{
    size_t size = strlen(path) + 48;
    char *tmp = clearn__malloc(size);
    int fd, rc = CLEARN_OK;
    if (!tmp)
        return clearn__nomem(err);
    if ((fd = create_temp(path, tmp, size)) < 0) {
        rc = clearn__error(err, CLEARN_EIO, "%s: cannot create a temporary file: %s", path,
                           strerror(errno));
        clearn__free(tmp);
        return rc;
    }
    if (write_all(fd, buf, len) != 0) {
        rc = clearn__error(err, CLEARN_EIO, "%s: cannot write: %s", path, strerror(errno));
        close(fd);
    } else if (close(fd) != 0) {
        rc = clearn__error(err, CLEARN_EIO, "%s: cannot write: %s", path, strerror(errno));
    } else if (rename(tmp, path) != 0) {
        rc = clearn__error(err, CLEARN_EIO, "%s: cannot rename the temporary file over it: %s",
                           path, strerror(errno));
    }
    if (rc != CLEARN_OK)
        unlink(tmp);
    clearn__free(tmp);
    return rc;
}

/* Header, kind, spec, schema, payload and the checksum trailer. */
static int build(clearn_writer *w, const char *kind, const char *spec,
                 const clearn_dataset *schema, clearn__save_fn save, const void *obj,
                 clearn_error *err)
{
    char header[32], end[END_LINE_BYTES];
    int k = snprintf(header, sizeof header, "%s%d\n", MODEL_MAGIC, MODEL_VERSION);
    int rc;
    if (reserve(w, (size_t)k) != CLEARN_OK)
        return clearn__nomem(err);
    put(w, header, (size_t)k);
    if ((rc = clearn_writer_string(w, "kind", kind, err)) != CLEARN_OK ||
        (rc = clearn_writer_string(w, "spec", spec, err)) != CLEARN_OK ||
        (rc = clearn__write_schema(w, schema, err)) != CLEARN_OK ||
        (rc = save(obj, w, err)) != CLEARN_OK)
        return rc;
    memcpy(end, "end ", 4);
    hex64(fnv1a(w->buf, w->len), end + 4);
    end[END_LINE_BYTES - 1] = '\n';
    if (reserve(w, END_LINE_BYTES) != CLEARN_OK)
        return clearn__nomem(err);
    put(w, end, END_LINE_BYTES);
    return CLEARN_OK;
}

int clearn__model_save(const char *path, const char *kind, const char *spec,
                       const clearn_dataset *schema, clearn__save_fn save,
                       const void *obj, clearn_error *err)
{
    clearn_writer *w;
    int rc;
    if (!path || !kind || !spec || !schema || !save)
        return clearn__error(err, CLEARN_EINVAL, "model save: NULL argument");
    if (!(w = clearn__writer_new()))
        return clearn__nomem(err);
    rc = build(w, kind, spec, schema, save, obj, err);
    if (rc == CLEARN_OK)
        rc = write_file(path, w->buf, w->len, err);
    clearn__writer_free(w);
    return rc;
}

/* ---- loading ---------------------------------------------------------------- */

static int too_large(const char *path, clearn_error *err)
{
    return clearn__error(err, CLEARN_ECORRUPT,
                         "%s: too large for a model file (over %zu MiB)", path,
                         MODEL_MAX_BYTES >> 20);
}

/* Reads the whole file into a buffer of ours (NUL-terminated). */
static int slurp(const char *path, char **out, size_t *len, clearn_error *err)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    size_t cap = 4096, n = 0, got;
    char *buf;
    int rc = CLEARN_OK;
    if (!f)
        return clearn__error(err, CLEARN_EIO, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
        if ((uintmax_t)st.st_size > MODEL_MAX_BYTES) {
            fclose(f);
            return too_large(path, err);
        }
        cap = (size_t)st.st_size + 1; /* + 1 to see the end without growing */
    }
    if (!(buf = clearn__malloc(cap))) {
        fclose(f);
        return clearn__nomem(err);
    }
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb;
            if (cap > MODEL_MAX_BYTES) {
                rc = too_large(path, err);
                break;
            }
            if (!(nb = clearn__realloc(buf, cap * 2))) {
                rc = clearn__nomem(err);
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    if (rc == CLEARN_OK && n > MODEL_MAX_BYTES)
        rc = too_large(path, err);
    if (rc == CLEARN_OK && ferror(f))
        rc = clearn__error(err, CLEARN_EIO, "%s: cannot read: %s", path, strerror(errno));
    fclose(f);
    if (rc != CLEARN_OK) {
        clearn__free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return CLEARN_OK;
}

/* "clearn-model 1\n": sets *body to the offset of the next line. */
static int check_header(const char *path, const char *buf, size_t len, size_t *body,
                        clearn_error *err)
{
    size_t m = strlen(MODEL_MAGIC), n;
    const char *v = buf + m, *nl;
    unsigned long long version;
    char shown[48];
    if (len == 0)
        return clearn__error(err, CLEARN_ECORRUPT, "%s: not a clearn model file (it is empty)", path);
    if (len < m || memcmp(buf, MODEL_MAGIC, m) != 0)
        return clearn__error(err, CLEARN_ECORRUPT,
                             "%s: not a clearn model file (no 'clearn-model' header)", path);
    nl = memchr(v, '\n', len - m);
    n = nl ? (size_t)(nl - v) : len - m;
    excerpt(shown, v, n);
    if (!parse_digits(v, n, 999999999, &version))
        return clearn__error(err, CLEARN_ECORRUPT, "%s:1: bad model format version '%s'",
                             path, shown);
    if (version != MODEL_VERSION)
        return clearn__error(err, CLEARN_ECORRUPT,
                             "%s: model format version %llu, this library reads %d", path,
                             version, MODEL_VERSION);
    *body = m + n + (nl != NULL);
    return CLEARN_OK;
}

/* The last line is "end " and the FNV-1a 64 of everything before it; sets
 * *end to that line's offset. */
static int check_trailer(const char *path, const char *buf, size_t len, size_t body,
                         size_t *end, clearn_error *err)
{
    size_t at = len >= END_LINE_BYTES ? len - END_LINE_BYTES : 0;
    uint64_t stored;
    if (len < END_LINE_BYTES + 1 || at < body || buf[at - 1] != '\n' ||
        buf[len - 1] != '\n' || memcmp(buf + at, "end ", 4) != 0 ||
        !parse_hex64(buf + at + 4, &stored))
        return clearn__error(err, CLEARN_ECORRUPT, "%s: truncated: no end line", path);
    if (fnv1a(buf, at) != stored)
        return clearn__error(err, CLEARN_ECORRUPT, "%s: checksum mismatch: the file is corrupted",
                             path);
    *end = at;
    return CLEARN_OK;
}

int clearn__model_load(const char *path, char **kind, char **spec,
                       clearn_dataset **schema, clearn_reader **r, clearn_error *err)
{
    char *buf = NULL, *k = NULL, *s = NULL;
    size_t len = 0, body = 0, end = 0;
    clearn_reader *rd;
    clearn_dataset *ds = NULL;
    int rc;
    if (!path || !kind || !spec || !schema || !r)
        return clearn__error(err, CLEARN_EINVAL, "model load: NULL argument");
    *kind = *spec = NULL;
    *schema = NULL;
    *r = NULL;
    if ((rc = slurp(path, &buf, &len, err)) != CLEARN_OK)
        return rc;
    if ((rc = check_header(path, buf, len, &body, err)) != CLEARN_OK ||
        (rc = check_trailer(path, buf, len, body, &end, err)) != CLEARN_OK) {
        clearn__free(buf);
        return rc;
    }
    if (!(rd = reader_adopt(buf, end, path)))
        return clearn__nomem(err);
    rd->pos = body;
    rd->line = 2;
    if ((rc = clearn_reader_string(rd, "kind", &k, err)) != CLEARN_OK ||
        (rc = clearn_reader_string(rd, "spec", &s, err)) != CLEARN_OK ||
        (rc = clearn__read_schema(rd, &ds, err)) != CLEARN_OK) {
        clearn__free(k);
        clearn__free(s);
        clearn__reader_free(rd);
        return rc;
    }
    *kind = k;
    *spec = s;
    *schema = ds;
    *r = rd;
    return CLEARN_OK;
}

/* ---- long arrays ------------------------------------------------------------------ */

#define LONG_CHUNK 256   /* values per line */

int clearn__writer_long_doubles(clearn_writer *w, const char *key, const double *v, size_t n,
                   clearn_error *err)
{
    int rc = CLEARN_OK;
    for (size_t i = 0; rc == CLEARN_OK && i < n; i += LONG_CHUNK)
        rc = clearn_writer_doubles(w, key, v + i, n - i < LONG_CHUNK ? n - i : LONG_CHUNK, err);
    return rc;
}

int clearn__reader_long_doubles(clearn_reader *r, const char *key, size_t n, double **out,
                                clearn_error *err)
{
    size_t cap = n < 4 * LONG_CHUNK ? n : 4 * LONG_CHUNK;
    if (!(*out = clearn__mallocarray(cap ? cap : 1, sizeof **out)))
        return clearn__nomem(err);
    for (size_t i = 0; i < n; i += LONG_CHUNK) {
        size_t m = n - i < LONG_CHUNK ? n - i : LONG_CHUNK;
        int rc;
        if (i + m > cap) {   /* i == cap: the buffer doubles as lines arrive */
            size_t want = cap < n / 2 ? 2 * cap : n;
            double *grown = clearn__reallocarray(*out, want, sizeof **out);
            if (!grown)
                return clearn__nomem(err);
            *out = grown;
            cap = want;
        }
        if ((rc = clearn_reader_doubles(r, key, *out + i, m, err)) != CLEARN_OK)
            return rc;
    }
    return CLEARN_OK;
}
