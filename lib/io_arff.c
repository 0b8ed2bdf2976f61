/* clearn — ARFF (Weka's Attribute-Relation File Format) reader and writer.
 *
 * Reading follows Weka's tokenizer where it matters: keywords are
 * case-insensitive; '%' outside quotes starts a comment running to the end of
 * the line (Weka's own supermarket.arff has one after an @attribute line);
 * names and values may be quoted with ' or " and use backslash escapes; every
 * byte up to ' ' counts as white space. It is stricter than Weka in one way:
 * values and categories must be separated by commas, not just by spaces.
 *
 * Types: numeric, real and integer are numeric; a nominal list gives a
 * nominal attribute; string gives a nominal attribute whose categories are
 * added in order of first appearance in the data. date is read as a numeric
 * attribute holding seconds since 1970-01-01T00:00:00 UTC, for the formats
 * "yyyy-MM-dd'T'HH:mm:ss" (Weka's default), "yyyy-MM-dd HH:mm:ss" and
 * "yyyy-MM-dd" only (Weka itself stores milliseconds in the local time zone;
 * seconds in UTC do not depend on where the file is read). Other date
 * formats and relational attributes are refused with a parse error. The
 * writer writes dates back as plain numbers. */
#include "config.h"
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include "internal.h"

/* ---- tokens ------------------------------------------------------------------ */

enum tok_kind { TK_END, TK_WORD, TK_STRING, TK_COMMA, TK_LBRACE, TK_RBRACE };

struct tok {
    enum tok_kind kind;
    char *s;            /* text of a word or (unescaped) string */
    size_t len;
    size_t col;         /* 1-based byte column where it starts */
};

enum atype { A_NUMERIC, A_NOMINAL, A_STRING, A_DATE, A_DATETIME };

struct ainfo {
    enum atype type;
    size_t sparse_line; /* first line where a sparse row left it at code 0 */
};

struct arff {
    clearn__lines in;
    size_t pos;         /* in in.buf */
    const char *name;
    clearn_error *err;
    clearn_dataset *ds;
    struct ainfo *info;
    size_t cap_info;
    double *x;          /* rows read so far */
    size_t n, cap_rows;
};

static int perr(struct arff *p, size_t col, const char *fmt, ...) CLEARN__PRINTF(3, 4);

static int perr(struct arff *p, size_t col, const char *fmt, ...)
{
    char msg[CLEARN_ERROR_TEXT_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return clearn__parse_error(p->err, p->name, p->in.lineno, col, "%s", msg);
}

/* Length to show of a token in a message. */
static int shown(const struct tok *t)
{
    return t->len > 60 ? 60 : (int)t->len;
}

static int is_blank(char c)
{
    return (unsigned char)c <= ' ';
}

static int ends_word(char c)
{
    return is_blank(c) || c == ',' || c == '{' || c == '}' || c == '%';
}

/* A quoted string, unescaped in place over its own text (which only
 * shrinks), so tokens never need memory of their own. */
static int lex_quoted(struct arff *p, struct tok *t)
{
    char *s = p->in.buf, q = s[p->pos];
    size_t len = p->in.len, i = p->pos + 1, o = p->pos;
    while (i < len && s[i] != q) {
        char c = s[i++];
        if (c == '\\' && i < len) {
            c = s[i++];
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
        }
        s[o++] = c;
    }
    if (i >= len)
        return perr(p, t->col, "unterminated quote: no closing %c on this line", q);
    t->kind = TK_STRING;
    t->s = s + p->pos;
    t->len = o - p->pos;
    p->pos = i + 1;
    return CLEARN_OK;
}

static int lex(struct arff *p, struct tok *t)
{
    char *s = p->in.buf;
    size_t len = p->in.len;
    while (p->pos < len && is_blank(s[p->pos]))
        p->pos++;
    t->col = p->pos + 1;
    t->s = s + p->pos;
    t->len = 0;
    if (p->pos == len || s[p->pos] == '%') {
        t->kind = TK_END;
        return CLEARN_OK;
    }
    switch (s[p->pos]) {
    case ',': t->kind = TK_COMMA; p->pos++; return CLEARN_OK;
    case '{': t->kind = TK_LBRACE; p->pos++; return CLEARN_OK;
    case '}': t->kind = TK_RBRACE; p->pos++; return CLEARN_OK;
    case '\'': case '"': return lex_quoted(p, t);
    default: break;
    }
    while (p->pos < len && !ends_word(s[p->pos]))
        p->pos++;
    t->kind = TK_WORD;
    t->len = (size_t)(s + p->pos - t->s);
    return CLEARN_OK;
}

static int is_text(const struct tok *t)
{
    return t->kind == TK_WORD || t->kind == TK_STRING;
}

/* Case-insensitive (ASCII) comparison of a word with a lower-case keyword. */
static int word_is(const struct tok *t, const char *kw)
{
    size_t k = strlen(kw);
    if (t->kind != TK_WORD || t->len != k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char c = t->s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != kw[i])
            return 0;
    }
    return 1;
}

static const char *describe(const struct tok *t)
{
    switch (t->kind) {
    case TK_END: return "end of line";
    case TK_COMMA: return "','";
    case TK_LBRACE: return "'{'";
    case TK_RBRACE: return "'}'";
    default: return "text";
    }
}

static int expect_end(struct arff *p, const char *after)
{
    struct tok t;
    int rc = lex(p, &t);
    if (rc == CLEARN_OK && t.kind != TK_END)
        rc = perr(p, t.col, "unexpected %s after %s", is_text(&t) ? "text" : describe(&t), after);
    return rc;
}

/* NUL-terminates a token's text in place; undo with untermi. The byte
 * overwritten was already consumed by the lexer. */
static char termi(struct tok *t)
{
    char c = t->s[t->len];
    t->s[t->len] = '\0';
    return c;
}

static void untermi(struct tok *t, char c)
{
    t->s[t->len] = c;
}

/* ---- header -------------------------------------------------------------------- */

static int ensure_dataset(struct arff *p, const char *relation)
{
    if (!p->ds && !(p->ds = clearn_dataset_new(relation, p->err)))
        return CLEARN_ENOMEM;
    return CLEARN_OK;
}

static int parse_relation(struct arff *p, size_t col)
{
    struct tok t;
    char c;
    int rc;
    if (p->ds)
        return perr(p, col, "@relation must come once, before any @attribute");
    if ((rc = lex(p, &t)) != CLEARN_OK)
        return rc;
    if (!is_text(&t))
        return perr(p, t.col, "@relation needs a name");
    if ((rc = expect_end(p, "the relation name")) != CLEARN_OK)
        return rc;
    c = termi(&t);
    rc = ensure_dataset(p, t.s);
    untermi(&t, c);
    return rc;
}

/* Appends the per-attribute record for a new attribute. */
static int push_info(struct arff *p, enum atype type)
{
    size_t d = p->ds->d;   /* the attribute is added right after */
    if (d == p->cap_info) {
        size_t ncap = p->cap_info ? p->cap_info * 2 : 16;
        struct ainfo *ni = clearn__reallocarray(p->info, ncap, sizeof *ni);
        if (!ni)
            return clearn__nomem(p->err);
        p->info = ni;
        p->cap_info = ncap;
    }
    p->info[d].type = type;
    p->info[d].sparse_line = 0;
    return CLEARN_OK;
}

/* Adds attribute `name` of the given type (nominal ones without categories). */
static int add_attribute(struct arff *p, struct tok *name, enum atype type)
{
    char c;
    int rc;
    if ((rc = push_info(p, type)) != CLEARN_OK)
        return rc;
    c = termi(name);
    rc = type == A_NOMINAL || type == A_STRING
        ? clearn_dataset_add_nominal(p->ds, name->s, NULL, 0, NULL, p->err)
        : clearn_dataset_add_numeric(p->ds, name->s, NULL, p->err);
    untermi(name, c);
    return rc;
}

static int parse_categories(struct arff *p, struct tok *name)
{
    struct clearn__attr *a;
    struct tok t;
    int rc;
    if ((rc = add_attribute(p, name, A_NOMINAL)) != CLEARN_OK)
        return rc;
    a = &p->ds->attrs[p->ds->d - 1];
    if ((rc = lex(p, &t)) != CLEARN_OK)
        return rc;
    if (t.kind == TK_RBRACE)
        return expect_end(p, "the category list");
    for (;;) {
        char c;
        if (!is_text(&t))
            return perr(p, t.col, "expected a category of attribute '%s', found %s",
                        a->name, describe(&t));
        if (t.len == 0)
            return perr(p, t.col, "empty category name in attribute '%s'", a->name);
        if (t.kind == TK_WORD && t.len == 1 && t.s[0] == '?')
            return perr(p, t.col, "'?' means a missing value; quote it to use it as a "
                        "category of attribute '%s'", a->name);
        if (clearn__strmap_get(a->cat_index, t.s, t.len, NULL))
            return perr(p, t.col, "category '%.*s' is listed twice in attribute '%s'",
                        shown(&t), t.s, a->name);
        c = termi(&t);
        rc = clearn_dataset_add_category(p->ds, p->ds->d - 1, t.s, NULL, p->err);
        untermi(&t, c);
        if (rc != CLEARN_OK || (rc = lex(p, &t)) != CLEARN_OK)
            return rc;
        if (t.kind == TK_RBRACE)
            return expect_end(p, "the category list");
        if (t.kind == TK_END)
            return perr(p, t.col, "unterminated category list of attribute '%s': missing '}'",
                        a->name);
        if (t.kind != TK_COMMA)
            return perr(p, t.col, "expected ',' or '}' in the categories of attribute '%s', "
                        "found %s", a->name, describe(&t));
        if ((rc = lex(p, &t)) != CLEARN_OK)
            return rc;
    }
}

/* The attribute type for a supported date format (A_NUMERIC: none). Values
 * with a time may use 'T' or a space whichever format was declared. */
static enum atype date_format(const struct tok *f)
{
    static const char *const fmts[] = {
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"
    };
    if (!f)
        return A_DATETIME;
    for (size_t i = 0; i < 3; i++)
        if (f->len == strlen(fmts[i]) && memcmp(f->s, fmts[i], f->len) == 0)
            return i == 2 ? A_DATE : A_DATETIME;
    return A_NUMERIC;
}

static int parse_date_decl(struct arff *p, struct tok *name)
{
    struct tok t;
    enum atype type;
    int rc;
    if ((rc = lex(p, &t)) != CLEARN_OK)
        return rc;
    if (t.kind != TK_END && !is_text(&t))
        return perr(p, t.col, "expected a date format, found %s", describe(&t));
    type = date_format(t.kind == TK_END ? NULL : &t);
    if (type == A_NUMERIC)
        return perr(p, t.col, "date format '%.*s' of attribute '%.*s' is not supported "
                    "(only yyyy-MM-dd'T'HH:mm:ss, yyyy-MM-dd HH:mm:ss and yyyy-MM-dd); "
                    "convert the dates to numbers", shown(&t), t.s, shown(name), name->s);
    if (t.kind != TK_END && (rc = expect_end(p, "the date format")) != CLEARN_OK)
        return rc;
    return add_attribute(p, name, type);
}

static int parse_attribute(struct arff *p)
{
    struct tok name, t;
    char c;
    int rc, unused;
    if ((rc = lex(p, &name)) != CLEARN_OK)
        return rc;
    if (!is_text(&name))
        return perr(p, name.col, "@attribute needs a name, found %s", describe(&name));
    if (name.len == 0)
        return perr(p, name.col, "empty attribute name");
    if ((rc = ensure_dataset(p, NULL)) != CLEARN_OK)
        return rc;
    c = termi(&name);
    unused = clearn__dataset_name_free(p->ds, name.s);
    untermi(&name, c);
    if (!unused)
        return perr(p, name.col, "attribute '%.*s' is declared twice", shown(&name), name.s);
    if ((rc = lex(p, &t)) != CLEARN_OK)
        return rc;
    if (t.kind == TK_LBRACE)
        return parse_categories(p, &name);
    if (word_is(&t, "numeric") || word_is(&t, "real") || word_is(&t, "integer")) {
        rc = expect_end(p, "the attribute type");
        return rc != CLEARN_OK ? rc : add_attribute(p, &name, A_NUMERIC);
    }
    if (word_is(&t, "string")) {
        rc = expect_end(p, "the attribute type");
        return rc != CLEARN_OK ? rc : add_attribute(p, &name, A_STRING);
    }
    if (word_is(&t, "date"))
        return parse_date_decl(p, &name);
    if (word_is(&t, "relational"))
        return perr(p, t.col, "relational attribute '%.*s' is not supported",
                    shown(&name), name.s);
    if (t.kind == TK_END)
        return perr(p, t.col, "attribute '%.*s' has no type", shown(&name), name.s);
    return perr(p, t.col, "unknown type '%.*s' of attribute '%.*s' (expected numeric, real, "
                "integer, string, date or {categories})", shown(&t), t.s, shown(&name), name.s);
}

/* Reads up to and including the @data line. */
static int parse_header(struct arff *p)
{
    for (;;) {
        struct tok t;
        int rc = clearn__lines_next(&p->in, p->name, p->err);
        if (rc < 0)
            return -rc;
        if (rc == 0)
            return clearn__parse_error(p->err, p->name, p->in.lineno ? p->in.lineno : 1, 1,
                                       "end of file before @data: not a complete ARFF file");
        p->pos = 0;
        if ((rc = lex(p, &t)) != CLEARN_OK)
            return rc;
        if (t.kind == TK_END)
            continue;
        if (word_is(&t, "@relation"))
            rc = parse_relation(p, t.col);
        else if (word_is(&t, "@attribute"))
            rc = parse_attribute(p);
        else if (word_is(&t, "@data")) {
            if ((rc = expect_end(p, "@data")) != CLEARN_OK)
                return rc;
            if (!p->ds || p->ds->d == 0)
                return perr(p, t.col, "no @attribute declarations before @data");
            return CLEARN_OK;
        } else if (t.kind == TK_WORD && t.s[0] == '@')
            rc = perr(p, t.col, "unknown keyword '%.*s' (expected @relation, @attribute or "
                      "@data)", shown(&t), t.s);
        else if (is_text(&t))
            rc = perr(p, t.col, "expected @relation, @attribute or @data, found '%.*s'",
                      shown(&t), t.s);
        else
            rc = perr(p, t.col, "expected @relation, @attribute or @data, found %s",
                      describe(&t));
        if (rc != CLEARN_OK)
            return rc;
    }
}

/* ---- values -------------------------------------------------------------------- */

static int digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian, years 0001..9999). */
static double days_since_epoch(int y, int m, int d)
{
    static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    long q = y - 1, q0 = 1969;
    long days = 365 * q + q / 4 - q / 100 + q / 400;
    long epoch = 365 * q0 + q0 / 4 - q0 / 100 + q0 / 400;
    days += before[m - 1] + (m > 2 && is_leap(y)) + d - 1;
    return (double)(days - epoch);
}

/* Parses "yyyy-MM-dd" or, with time, "yyyy-MM-ddThh:mm:ss" (or a space
 * instead of the T) into seconds since the epoch, UTC. */
static int parse_date(const char *s, size_t len, int with_time, double *out)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, mo, d, h = 0, mi = 0, sec = 0;
    if (len != (with_time ? 19u : 10u) || s[4] != '-' || s[7] != '-' ||
        !digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d))
        return 0;
    if (with_time && (!(s[10] == 'T' || s[10] == ' ') || s[13] != ':' || s[16] != ':' ||
                      !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) ||
                      !digits(s + 17, 2, &sec)))
        return 0;
    if (y < 1 || mo < 1 || mo > 12 || d < 1 ||
        d > mdays[mo - 1] + (mo == 2 && is_leap(y)) || h > 23 || mi > 59 || sec > 59)
        return 0;
    *out = days_since_epoch(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + sec;
    return 1;
}

/* Stores the value of token t for attribute j in *out. */
static int set_value(struct arff *p, size_t j, struct tok *t, double *out)
{
    struct clearn__attr *a = &p->ds->attrs[j];
    size_t code;
    char c;
    int rc;
    if (t->kind == TK_WORD && t->len == 1 && t->s[0] == '?') {
        *out = NAN;
        return CLEARN_OK;
    }
    switch (p->info[j].type) {
    case A_NUMERIC:
        if (!clearn__parse_double(t->s, t->len, out))
            return perr(p, t->col, "'%.*s' is not a number (attribute '%s' is numeric)",
                        shown(t), t->s, a->name);
        return CLEARN_OK;
    case A_DATE:
    case A_DATETIME:
        if (!parse_date(t->s, t->len, p->info[j].type == A_DATETIME, out))
            return perr(p, t->col, "'%.*s' is not a date in the format of attribute '%s' "
                        "(%s)", shown(t), t->s, a->name,
                        p->info[j].type == A_DATE ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ss");
        return CLEARN_OK;
    case A_NOMINAL:
        if (!clearn__strmap_get(a->cat_index, t->s, t->len, &code))
            return perr(p, t->col, "'%.*s' is not a category of attribute '%s'",
                        shown(t), t->s, a->name);
        *out = (double)code;
        return CLEARN_OK;
    case A_STRING:
        break;
    }
    if (t->len == 0)
        return perr(p, t->col, "empty string in attribute '%s' (not supported: categories "
                    "must be non-empty)", a->name);
    c = termi(t);
    rc = clearn_dataset_add_category(p->ds, j, t->s, &code, p->err);
    untermi(t, c);
    if (rc == CLEARN_OK)
        *out = (double)code;
    return rc;
}

/* ---- data rows -------------------------------------------------------------------- */

/* {weight} after a row: Weka's instance weight. clearn datasets carry no
 * weights, so it is checked and ignored. */
static int parse_weight(struct arff *p)
{
    struct tok t;
    double w;
    int rc = lex(p, &t);
    if (rc != CLEARN_OK)
        return rc;
    if (!is_text(&t) || !clearn__parse_double(t.s, t.len, &w))
        return perr(p, t.col, "expected an instance weight (a number) after '{'");
    if ((rc = lex(p, &t)) != CLEARN_OK)
        return rc;
    if (t.kind != TK_RBRACE)
        return perr(p, t.col, "expected '}' after the instance weight");
    return expect_end(p, "the instance weight");
}

/* Counts the values left on a line, t being the first of them. */
static int count_rest(struct arff *p, struct tok *t, size_t *count)
{
    int rc = CLEARN_OK;
    *count = 1;
    while (rc == CLEARN_OK && t->kind != TK_END && t->kind != TK_LBRACE) {
        if (t->kind == TK_COMMA)
            (*count)++;
        rc = lex(p, t);
    }
    return rc;
}

/* What may follow a row's values: nothing, or an instance weight (with or
 * without a comma before it). */
static int row_end(struct arff *p, int sparse)
{
    struct tok t;
    size_t d = p->ds->d, more;
    int rc = lex(p, &t);
    if (rc != CLEARN_OK || t.kind == TK_END)
        return rc;
    if (t.kind == TK_COMMA) {
        if ((rc = lex(p, &t)) != CLEARN_OK)
            return rc;
        if (t.kind == TK_END)
            return perr(p, t.col, "trailing ',' after the last value");
    }
    if (t.kind == TK_LBRACE)
        return parse_weight(p);
    if (sparse)
        return perr(p, t.col, "unexpected %s after the sparse row", describe(&t));
    if (is_text(&t)) {
        size_t col = t.col;
        if ((rc = count_rest(p, &t, &more)) != CLEARN_OK)
            return rc;
        return perr(p, col, "wrong number of values: found %zu, expected %zu",
                    d + more, d);
    }
    return perr(p, t.col, "expected ',' or the end of the row, found %s", describe(&t));
}

static int parse_dense(struct arff *p, struct tok *t, double *row)
{
    size_t d = p->ds->d;
    int rc;
    for (size_t j = 0; j < d; j++) {
        if (j > 0) {
            if ((rc = lex(p, t)) != CLEARN_OK)
                return rc;
            if (t->kind == TK_END || t->kind == TK_LBRACE)
                return perr(p, t->col, "wrong number of values: found %zu, expected %zu", j,
                            d);
            if (t->kind != TK_COMMA)
                return perr(p, t->col, "expected ',' after value %zu, found %s", j,
                            describe(t));
            if ((rc = lex(p, t)) != CLEARN_OK)
                return rc;
        }
        if (!is_text(t))
            return perr(p, t->col, "missing value for attribute '%s' (found %s; write ? "
                        "for a missing value)", p->ds->attrs[j].name, describe(t));
        if ((rc = set_value(p, j, t, &row[j])) != CLEARN_OK)
            return rc;
    }
    return row_end(p, 0);
}

/* A sparse index: 0-based, below d, greater than the previous one. */
static int sparse_index(struct arff *p, const struct tok *t, size_t prev, size_t *j)
{
    size_t d = p->ds->d, v = 0;
    if (t->kind == TK_END)
        return perr(p, t->col, "unterminated sparse row: missing '}'");
    if (t->kind != TK_WORD || t->len == 0)
        return perr(p, t->col, "expected an attribute index in the sparse row, found %s",
                    describe(t));
    for (size_t i = 0; i < t->len; i++) {
        if (t->s[i] < '0' || t->s[i] > '9')
            return perr(p, t->col, "'%.*s' is not an attribute index", shown(t), t->s);
        if (v > (SIZE_MAX - 9) / 10)
            v = SIZE_MAX - 1;   /* out of range anyway */
        else
            v = v * 10 + (size_t)(t->s[i] - '0');
    }
    if (v >= d)
        return perr(p, t->col, "attribute index %.*s out of range (0 to %zu)",
                    shown(t), t->s, d - 1);
    if (prev != SIZE_MAX && v <= prev)
        return perr(p, t->col, "attribute index %zu is not greater than the previous one "
                    "(%zu): indices must increase", v, prev);
    *j = v;
    return CLEARN_OK;
}

/* {index value, ...}: attributes not listed are 0, which for a nominal
 * attribute is its first category, as in Weka. */
static int parse_sparse(struct arff *p, double *row)
{
    size_t d = p->ds->d, prev = SIZE_MAX, j;
    size_t line = p->in.lineno;
    struct tok t;
    int rc;
    for (j = 0; j < d; j++) {
        row[j] = 0.0;
        if (p->ds->attrs[j].kind == CLEARN_NOMINAL && !p->info[j].sparse_line)
            p->info[j].sparse_line = line;
    }
    if ((rc = lex(p, &t)) != CLEARN_OK)
        return rc;
    if (t.kind == TK_RBRACE)
        return row_end(p, 1);
    for (;;) {
        if ((rc = sparse_index(p, &t, prev, &j)) != CLEARN_OK || (rc = lex(p, &t)) != CLEARN_OK)
            return rc;
        if (!is_text(&t))
            return perr(p, t.col, "expected a value after index %zu, found %s", j,
                        describe(&t));
        if ((rc = set_value(p, j, &t, &row[j])) != CLEARN_OK)
            return rc;
        if (p->info[j].sparse_line == line)
            p->info[j].sparse_line = 0;
        prev = j;
        if ((rc = lex(p, &t)) != CLEARN_OK)
            return rc;
        if (t.kind == TK_RBRACE)
            return row_end(p, 1);
        if (t.kind == TK_END)
            return perr(p, t.col, "unterminated sparse row: missing '}'");
        if (t.kind != TK_COMMA)
            return perr(p, t.col, "expected ',' or '}' in the sparse row, found %s",
                        describe(&t));
        if ((rc = lex(p, &t)) != CLEARN_OK)
            return rc;
    }
}

/* Makes room for one more row and returns it. */
static double *new_row(struct arff *p)
{
    size_t d = p->ds->d;
    if (p->n == p->cap_rows) {
        size_t ncap = p->cap_rows ? p->cap_rows * 2 : 64;
        double *nx;
        if (ncap > SIZE_MAX / sizeof(double) / d)
            return NULL;
        if (!(nx = clearn__realloc(p->x, ncap * d * sizeof *nx)))
            return NULL;
        p->x = nx;
        p->cap_rows = ncap;
    }
    return p->x + p->n * d;
}

/* A sparse row leaving a nominal attribute at code 0 needs a category 0. */
static int check_sparse_defaults(struct arff *p)
{
    for (size_t j = 0; j < p->ds->d; j++)
        if (p->info[j].sparse_line && p->ds->attrs[j].n_cats == 0)
            return clearn__parse_error(p->err, p->name, p->info[j].sparse_line, 1,
                                       "a sparse row leaves attribute '%s' at its first "
                                       "category, but it has none", p->ds->attrs[j].name);
    return CLEARN_OK;
}

static int parse_data(struct arff *p)
{
    int rc;
    while ((rc = clearn__lines_next(&p->in, p->name, p->err)) > 0) {
        struct tok t;
        double *row;
        p->pos = 0;
        if ((rc = lex(p, &t)) != CLEARN_OK)
            return rc;
        if (t.kind == TK_END)
            continue;
        if (word_is(&t, "@attribute") || word_is(&t, "@relation") || word_is(&t, "@data"))
            return perr(p, t.col, "%.*s after @data", shown(&t), t.s);
        if (!(row = new_row(p)))
            return clearn__nomem(p->err);
        rc = t.kind == TK_LBRACE ? parse_sparse(p, row) : parse_dense(p, &t, row);
        if (rc != CLEARN_OK)
            return rc;
        p->n++;
    }
    if (rc < 0)
        return -rc;
    return check_sparse_defaults(p);
}

clearn_dataset *clearn__read_arff(FILE *f, const char *name,
                                  const clearn_read_options *opt, clearn_error *err)
{
    struct arff *p = clearn__calloc(1, sizeof *p);
    clearn_dataset *ds = NULL;
    (void)opt;  /* ARFF declares its types; the options only pick the class */
    if (!p) {
        clearn__nomem(err);
        return NULL;
    }
    p->in.f = f;
    p->name = name ? name : "-";
    p->err = err;
    if (parse_header(p) == CLEARN_OK && parse_data(p) == CLEARN_OK) {
        ds = p->ds;
        if (p->x)
            clearn__dataset_adopt(ds, p->x, p->n, p->cap_rows);
        p->ds = NULL;
        p->x = NULL;
    }
    clearn_dataset_free(p->ds);
    clearn__free(p->x);
    clearn__free(p->info);
    clearn__free(p->in.buf);
    clearn__free(p);
    return ds;
}

/* ---- writer ---------------------------------------------------------------------- */

/* Weka's rule, plus any control byte: quote when the text is empty, "?",
 * starts with '@', or holds a blank, a separator, a quote, a backslash or
 * '%'. */
static int needs_quotes(const char *s)
{
    if (!*s || strcmp(s, "?") == 0 || *s == '@')
        return 1;
    for (; *s; s++)
        if (is_blank(*s) || strchr(",{}'\"\\%", *s))
            return 1;
    return 0;
}

static int put_name(FILE *f, const char *s)
{
    if (!needs_quotes(s))
        return fputs(s, f) == EOF;
    if (putc('\'', f) == EOF)
        return 1;
    for (; *s; s++) {
        const char *esc = *s == '\n' ? "\\n" : *s == '\r' ? "\\r" : *s == '\t' ? "\\t" : NULL;
        int bad;
        if (esc)
            bad = fputs(esc, f) == EOF;
        else if (strchr("'\"\\%", *s))
            bad = putc('\\', f) == EOF || putc(*s, f) == EOF;
        else
            bad = putc(*s, f) == EOF;
        if (bad)
            return 1;
    }
    return putc('\'', f) == EOF;
}

static int put_header(const clearn_dataset *ds, FILE *f)
{
    int bad = fputs("@relation ", f) == EOF;
    bad |= put_name(f, ds->relation ? ds->relation : "data");
    bad |= fputs("\n\n", f) == EOF;
    for (size_t j = 0; j < ds->d && !bad; j++) {
        const struct clearn__attr *a = &ds->attrs[j];
        bad |= fputs("@attribute ", f) == EOF;
        bad |= put_name(f, a->name);
        if (a->kind == CLEARN_NUMERIC) {
            bad |= fputs(" numeric\n", f) == EOF;
            continue;
        }
        bad |= fputs(" {", f) == EOF;
        for (size_t c = 0; c < a->n_cats && !bad; c++) {
            if (c)
                bad |= putc(',', f) == EOF;
            bad |= put_name(f, a->cats[c]);
        }
        bad |= fputs("}\n", f) == EOF;
    }
    return bad | (fputs("\n@data\n", f) == EOF);
}

/* One value; CLEARN_EINVAL for a code that names no category. */
static int put_value(const clearn_dataset *ds, size_t i, size_t j, FILE *f,
                     clearn_error *err)
{
    const struct clearn__attr *a = &ds->attrs[j];
    double v = ds->x[i * ds->d + j];
    char buf[CLEARN__DBL_BUF];
    if (isnan(v))
        return putc('?', f) == EOF ? CLEARN_EIO : CLEARN_OK;
    if (a->kind == CLEARN_NUMERIC) {
        size_t k = clearn__format_double(v, buf);
        return fwrite(buf, 1, k, f) != k ? CLEARN_EIO : CLEARN_OK;
    }
    if (v < 0 || v >= (double)a->n_cats || v != floor(v))
        return clearn__error(err, CLEARN_EINVAL, "row %zu, attribute '%s': %g is not a "
                             "category code", i + 1, a->name, v);
    return put_name(f, a->cats[(size_t)v]) ? CLEARN_EIO : CLEARN_OK;
}

int clearn__write_arff(const clearn_dataset *ds, FILE *f, clearn_error *err)
{
    int rc = put_header(ds, f) ? CLEARN_EIO : CLEARN_OK;
    for (size_t i = 0; i < ds->n && rc == CLEARN_OK; i++) {
        for (size_t j = 0; j < ds->d && rc == CLEARN_OK; j++) {
            if (j && putc(',', f) == EOF)
                rc = CLEARN_EIO;
            else
                rc = put_value(ds, i, j, f, err);
        }
        if (rc == CLEARN_OK && putc('\n', f) == EOF)
            rc = CLEARN_EIO;
    }
    if (rc == CLEARN_OK && (fflush(f) == EOF || ferror(f)))
        rc = CLEARN_EIO;
    if (rc == CLEARN_EIO)
        clearn__error(err, CLEARN_EIO, "error writing ARFF output (disk full, or the stream "
                      "is not open for writing?)");
    return rc;
}
