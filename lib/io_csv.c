/* clearn — CSV reading (with libcsv) and writing.
 *
 * Reading streams the file through libcsv in large chunks; each field is
 * parsed as it arrives and stored in a growing row-major table, which is
 * handed to the dataset at the end, so memory is about the table plus one
 * chunk. A column stays numeric while every non-missing value is a number;
 * at its first other value it becomes nominal and the numbers read so far
 * become categories through their shortest text (so "1.0" and "1" are then
 * both the category "1"). Categories keep the order of first appearance.
 *
 * libcsv reports neither where a field starts nor whether it was quoted.
 * We feed it one line at a time and keep the raw text from the start of the
 * current row; when a message needs a position, or a missing-value token
 * must be told from the same text in quotes (a quoted "?" is a value), a
 * scanner that mirrors libcsv's state machine walks that text. The scan is
 * lazy and moves forward only, so rows without such fields never pay. */
#include "config.h"
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include "internal.h"

#define CHUNK (256 * 1024)  /* read size */
#define SEG_MAX (64 * 1024) /* longest piece of a line given to libcsv at once */

enum { FREE_KIND, FORCE_NOMINAL, FORCE_NUMERIC };

struct column {
    char *name;
    int force;            /* FREE_KIND or FORCE_* from the options */
    int nominal;          /* values are category codes */
    clearn__strmap *index; /* category -> code */
    char **cats;
    size_t n_cats, cap_cats;
};

struct pos {
    size_t line, col;
    int quoted;
};

/* Scanner states: libcsv's four, plus "a field starts at this byte". */
enum { ROW_NOT_BEGUN, FIELD_NOT_BEGUN, FIELD_BEGUN, FIELD_MIGHT_END, FIELD_START };

struct cursor {
    uint64_t off;         /* absolute offset of the next byte to scan */
    int state, quoted, prev_cr;
    size_t row, field;    /* libcsv's row (header included) and field index */
    size_t line;          /* line of the next byte */
    uint64_t line_off;    /* absolute offset where that line starts */
    struct pos start;     /* of the current field */
};

struct token {
    const char *s;
    size_t len;
};

struct reader {
    FILE *f;
    const char *name;
    const clearn_read_options *opt;
    clearn_error *err;
    struct csv_parser p;
    unsigned char delim;
    int header;
    /* missing-value tokens other than the empty one, and their first bytes */
    struct token *miss;
    size_t n_miss;
    unsigned char miss_first[32];
    /* columns and values */
    struct column *cols;
    size_t n_cols, cap_cols, d;   /* d: columns of the table, once known */
    int d_known;
    double *first;                /* first data row while d is unknown */
    double *x;
    size_t n, cap_rows;
    size_t rows, field;           /* rows libcsv finished; field in the row */
    clearn__strmap *names;
    size_t header_line;
    /* raw text: buf[0..len) holds bytes base..base+len of the stream */
    char *buf;
    size_t len, cap;
    uint64_t base, fed, limit;    /* fed to libcsv so far; end of usable data */
    uint64_t seg_end;             /* end of the piece being parsed */
    uint64_t row_start;           /* start of the unfinished row */
    size_t rs_row, rs_line, fed_line;
    int eof, nul, row_ended;
    struct cursor cur;
    /* the first error; a surplus field is reported once its row ends */
    int failed, ragged;
    struct pos ragged_pos;
};

/* ---- errors ------------------------------------------------------------ */

static void fail_at(struct reader *R, struct pos at, const char *fmt, ...) CLEARN__PRINTF(3, 4);

static void fail_at(struct reader *R, struct pos at, const char *fmt, ...)
{
    char msg[CLEARN_ERROR_TEXT_SIZE];
    va_list ap;
    if (R->failed)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    R->failed = clearn__parse_error(R->err, R->name, at.line, at.col, "%s", msg);
}

static void fail_nomem(struct reader *R)
{
    if (!R->failed)
        R->failed = clearn__nomem(R->err);
}

/* ---- positions: the scanner -------------------------------------------- */

static void cursor_reset(struct reader *R)
{
    struct cursor *k = &R->cur;
    memset(k, 0, sizeof *k);
    k->off = k->line_off = R->row_start;
    k->state = ROW_NOT_BEGUN;
    k->row = R->rs_row;
    k->line = R->rs_line;
}

static void end_field(struct cursor *k, int end_row)
{
    k->field++;
    k->state = FIELD_NOT_BEGUN;
    if (end_row) {
        k->row++;
        k->field = 0;
        k->state = ROW_NOT_BEGUN;
    }
}

/* One step of libcsv's strict-mode state machine (default space and line
 * terminator sets). A byte that starts a field is first only noted
 * (FIELD_START) so that callers can see where the field begins. */
static void scan_step(struct reader *R)
{
    struct cursor *k = &R->cur;
    unsigned char c = (unsigned char)R->buf[k->off - R->base];
    int term = c == '\r' || c == '\n';
    int space = (c == ' ' || c == '\t') && c != R->delim;
    switch (k->state) {
    case ROW_NOT_BEGUN:
    case FIELD_NOT_BEGUN:
        if (!space && !(term && k->state == ROW_NOT_BEGUN)) {
            k->start.line = k->line;
            k->start.col = (size_t)(k->off - k->line_off) + 1;
            k->start.quoted = c == '"';
            k->state = FIELD_START;
            return;
        }
        break;
    case FIELD_START:
        if (c == R->delim || term)
            end_field(k, term);
        else
            k->state = FIELD_BEGUN, k->quoted = c == '"';
        break;
    case FIELD_BEGUN:
        if (c == '"' && k->quoted)
            k->state = FIELD_MIGHT_END;
        else if (!k->quoted && (c == R->delim || term))
            end_field(k, term);
        break;
    default: /* FIELD_MIGHT_END: after a quote inside a quoted field */
        if (c == R->delim || term)
            end_field(k, term);
        else if (!space)
            k->state = FIELD_BEGUN;
        break;
    }
    if (c == '\r' || (c == '\n' && !k->prev_cr))
        k->line++;
    if (term)
        k->line_off = k->off + 1;
    k->prev_cr = c == '\r';
    k->off++;
}

static int cursor_behind(const struct cursor *k, size_t row, size_t field)
{
    return k->row < row || (k->row == row && k->field <= field);
}

/* Where field `field` of row `row` starts; the field must have begun in the
 * text given to libcsv so far. */
static struct pos locate(struct reader *R, size_t row, size_t field)
{
    struct cursor *k = &R->cur;
    struct pos end;
    if (k->off < R->row_start || !cursor_behind(k, row, field))
        cursor_reset(R);
    for (;;) {
        if (k->row == row && k->field == field && k->state >= FIELD_BEGUN)
            return k->start;
        if (k->off >= R->seg_end)
            break;
        scan_step(R);
    }
    /* an empty last field at the end of the file begins there */
    end.line = k->line;
    end.col = (size_t)(k->off - k->line_off) + 1;
    end.quoted = 0;
    return end;
}

/* Where the field holding absolute offset `at` starts (or the byte itself
 * when no field has begun there); *in_quotes: whether that field is quoted. */
static struct pos locate_offset(struct reader *R, uint64_t at, int *in_quotes)
{
    struct cursor *k = &R->cur;
    struct pos here;
    cursor_reset(R);
    while (k->off < at)
        scan_step(R);
    if (k->state == FIELD_START)
        scan_step(R);   /* at may be the field's first byte */
    *in_quotes = k->quoted && k->state != ROW_NOT_BEGUN && k->state != FIELD_NOT_BEGUN;
    if (k->state == FIELD_BEGUN || k->state == FIELD_MIGHT_END)
        return k->start;
    here.line = k->line;
    here.col = (size_t)(at - k->line_off) + 1;
    here.quoted = 0;
    return here;
}

/* ---- columns and values ------------------------------------------------ */

static int listed(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (names[i] && strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

/* Appends a column named `name` (taken over). */
static int add_column(struct reader *R, char *name)
{
    struct column *c;
    if (R->n_cols == R->cap_cols) {
        size_t cap = R->cap_cols ? 2 * R->cap_cols : 16;
        struct column *cols = clearn__reallocarray(R->cols, cap, sizeof *cols);
        double *first;
        if (!cols) {
            clearn__free(name);
            return -1;
        }
        R->cols = cols;
        if (!(first = clearn__reallocarray(R->first, cap, sizeof *first))) {
            clearn__free(name);
            return -1;
        }
        R->first = first;
        R->cap_cols = cap;
    }
    c = &R->cols[R->n_cols++];
    memset(c, 0, sizeof *c);
    c->name = name;
    if (listed(R->opt->numeric, R->opt->n_numeric, name))
        c->force = FORCE_NUMERIC;
    if (listed(R->opt->nominal, R->opt->n_nominal, name))
        c->force = FORCE_NOMINAL;
    c->nominal = c->force == FORCE_NOMINAL;
    return 0;
}

/* Code of category s[0..len) of column j, added when new. */
static int category(struct reader *R, size_t j, const char *s, size_t len, double *code)
{
    struct column *c = &R->cols[j];
    size_t k;
    char *copy;
    if (!c->index && !(c->index = clearn__strmap_new()))
        return -1;
    if (clearn__strmap_get(c->index, s, len, &k)) {
        *code = (double)k;
        return 0;
    }
    if (c->n_cats == c->cap_cats) {
        size_t cap = c->cap_cats ? 2 * c->cap_cats : 8;
        char **cats = clearn__reallocarray(c->cats, cap, sizeof *cats);
        if (!cats)
            return -1;
        c->cats = cats;
        c->cap_cats = cap;
    }
    if (!(copy = clearn__strndup(s, len)))
        return -1;
    if (clearn__strmap_put(c->index, s, len, c->n_cats) != CLEARN_OK) {
        clearn__free(copy);
        return -1;
    }
    c->cats[c->n_cats] = copy;
    *code = (double)c->n_cats++;
    return 0;
}

/* Column j turns nominal: its numbers so far become categories. */
static int make_nominal(struct reader *R, size_t j)
{
    char text[CLEARN__DBL_BUF];
    R->cols[j].nominal = 1;
    for (size_t i = 0; i < R->n; i++) {
        double *v = &R->x[i * R->d + j];
        if (!isnan(*v) && category(R, j, text, clearn__format_double(*v, text), v))
            return -1;
    }
    return 0;
}

static int is_missing(const struct reader *R, const char *s, size_t len)
{
    unsigned char c = (unsigned char)s[0];
    if (!(R->miss_first[c >> 3] & (1u << (c & 7))))
        return 0;
    for (size_t i = 0; i < R->n_miss; i++)
        if (R->miss[i].len == len && memcmp(R->miss[i].s, s, len) == 0)
            return 1;
    return 0;
}

/* Stores field j (s[0..len), NULL when empty) of the current data row. */
static void put_value(struct reader *R, size_t j, const char *s, size_t len, double *dst)
{
    struct column *c = &R->cols[j];
    if (!s || !len || (is_missing(R, s, len) && !locate(R, R->rows, j).quoted)) {
        *dst = NAN;
        return;
    }
    if (!c->nominal) {
        if (clearn__parse_double(s, len, dst))
            return;
        if (c->force == FORCE_NUMERIC) {
            fail_at(R, locate(R, R->rows, j), "'%.40s%s' is not a number (attribute '%.40s' is numeric)",
                    s, len > 40 ? "..." : "", c->name);
            return;
        }
        if (make_nominal(R, j)) {
            fail_nomem(R);
            return;
        }
    }
    if (category(R, j, s, len, dst))
        fail_nomem(R);
}

static void header_field(struct reader *R, size_t j, const char *s, size_t len)
{
    size_t other;
    char *name;
    if (!s || !len) {
        fail_at(R, locate(R, R->rows, j), "empty attribute name in the header (column %zu)", j + 1);
        return;
    }
    if (clearn__strmap_get(R->names, s, len, &other)) {
        fail_at(R, locate(R, R->rows, j), "duplicate attribute name '%.60s' (columns %zu and %zu)",
                s, other + 1, j + 1);
        return;
    }
    name = clearn__strndup(s, len);
    if (!name || clearn__strmap_put(R->names, s, len, j) != CLEARN_OK) {
        clearn__free(name);
        fail_nomem(R);
    } else if (add_column(R, name)) {
        fail_nomem(R);
    }
}

/* Room for data row R->n. */
static int reserve_row(struct reader *R)
{
    size_t cap;
    double *x;
    if (R->n < R->cap_rows)
        return 0;
    cap = R->cap_rows ? R->cap_rows + R->cap_rows / 2 + 1 : 1 + (size_t)(1 << 15) / R->d;
    if (cap > SIZE_MAX / R->d || !(x = clearn__reallocarray(R->x, cap * R->d, sizeof *x)))
        return -1;
    R->x = x;
    R->cap_rows = cap;
    return 0;
}

static void field_cb(void *s, size_t len, void *ctx)
{
    struct reader *R = ctx;
    size_t j = R->field++;
    if (R->failed)
        return;
    if (!R->d_known) {
        if (R->header) {
            header_field(R, j, s, len);
            return;
        }
        char att[32], *name;
        snprintf(att, sizeof att, "att%zu", j + 1);
        if (!(name = clearn__strdup(att)) || add_column(R, name)) {
            fail_nomem(R);
            return;
        }
        put_value(R, j, s, len, &R->first[j]);
        return;
    }
    if (j >= R->d) {
        R->failed = CLEARN_EPARSE;   /* message when the row ends */
        R->ragged = 1;
        R->ragged_pos = locate(R, R->rows, j);
        return;
    }
    if (j == 0 && reserve_row(R)) {
        fail_nomem(R);
        return;
    }
    put_value(R, j, s, len, &R->x[R->n * R->d + j]);
}

static void finish_ragged(struct reader *R, size_t fields)
{
    R->ragged = 0;
    R->failed = 0;
    fail_at(R, R->ragged_pos, "row has %zu fields, expected %zu", fields, R->d);
}

static void row_cb(int c, void *ctx)
{
    struct reader *R = ctx;
    size_t fields = R->field;
    (void)c;
    R->field = 0;
    R->row_ended = 1;
    if (R->ragged)
        finish_ragged(R, fields);
    if (!R->failed && !R->d_known) {
        R->d = R->n_cols;
        R->d_known = 1;
        R->header_line = locate(R, R->rows, 0).line;
        if (!R->header) {
            if (reserve_row(R))
                fail_nomem(R);
            else
                memcpy(R->x, R->first, R->d * sizeof *R->x), R->n++;
        }
    } else if (!R->failed && fields < R->d) {
        fail_at(R, locate(R, R->rows, 0), "row has %zu field%s, expected %zu", fields,
                fields == 1 ? "" : "s", R->d);
    } else if (!R->failed) {
        R->n++;
    }
    R->rows++;
}

/* ---- feeding libcsv ---------------------------------------------------- */

/* Reads the next chunk, keeping the text from the start of the row. */
static int fill(struct reader *R)
{
    size_t keep = (size_t)(R->row_start - R->base), got;
    char *z;
    if (keep) {
        memmove(R->buf, R->buf + keep, R->len - keep);
        R->base += keep;
        R->len -= keep;
    }
    if (R->len == R->cap) {
        char *b = clearn__realloc(R->buf, 2 * R->cap);
        if (!b)
            return clearn__nomem(R->err);
        R->buf = b;
        R->cap *= 2;
    }
    got = fread(R->buf + R->len, 1, R->cap - R->len, R->f);
    if (got == 0 && ferror(R->f))
        return clearn__error(R->err, CLEARN_EIO, "%s: read error: %s", R->name, strerror(errno));
    R->eof = got == 0;
    if ((z = memchr(R->buf + R->len, '\0', got))) {
        R->nul = 1;
        R->limit = R->base + (uint64_t)(z - R->buf);
    }
    R->len += got;
    if (!R->nul)
        R->limit = R->base + R->len;
    if (R->base == 0 && R->fed == 0 && R->len >= 3 && R->limit >= 3 &&
        memcmp(R->buf, "\xef\xbb\xbf", 3) == 0)
        R->fed = R->row_start = 3;   /* byte order mark; columns count after it */
    return CLEARN_OK;
}

/* End of the next piece to parse (after its line break, if any), or 0
 * when more data is needed first. */
static uint64_t next_piece(struct reader *R, int *brk)
{
    const char *s = R->buf + (R->fed - R->base), *e = R->buf + (R->limit - R->base);
    size_t avail = (size_t)(e - s), lim = avail < SEG_MAX ? avail : SEG_MAX;
    int last = R->eof || R->nul;
    const char *nl = memchr(s, '\n', lim), *cr = memchr(s, '\r', nl ? (size_t)(nl - s) : lim);
    *brk = 1;
    if (cr) {
        if (cr + 1 < e)
            return R->fed + (uint64_t)(cr + 1 - s) + (cr[1] == '\n');
        if (last)
            return R->fed + (uint64_t)(cr + 1 - s);
        return 0;   /* a CR last: wait for a possible LF */
    }
    if (nl)
        return R->fed + (uint64_t)(nl + 1 - s);
    *brk = 0;
    if (avail >= SEG_MAX || (last && avail))
        return R->fed + lim;
    return 0;
}

/* libcsv refused the byte at absolute offset at. */
static void csv_failed(struct reader *R, uint64_t at)
{
    int in_quotes;
    struct pos where;
    if (csv_error(&R->p) != CSV_EPARSE) {
        fail_nomem(R);   /* CSV_ENOMEM, or CSV_ETOOBIG which no buffer can hold */
        return;
    }
    where = locate_offset(R, at, &in_quotes);
    if (in_quotes)
        fail_at(R, where, "unexpected text after the closing quote of a field "
                "(a quote inside a quoted field must be doubled)");
    else
        fail_at(R, where, "quote character inside an unquoted field "
                "(quote the whole field and double the inner quote)");
}

static void feed(struct reader *R, uint64_t end, int brk)
{
    size_t n = (size_t)(end - R->fed), got, blk;
    R->seg_end = end;
    got = csv_parse(&R->p, R->buf + (R->fed - R->base), n, field_cb, row_cb, R);
    if (got < n && R->ragged)
        finish_ragged(R, R->field);
    else if (got < n)
        csv_failed(R, R->fed + got);
    R->fed = end;
    R->fed_line += brk;
    if (R->row_ended) {
        R->row_ended = 0;
        R->row_start = end;
        R->rs_row = R->rows;
        R->rs_line = R->fed_line;
    }
    /* libcsv grows its field buffer by a fixed block: make that geometric */
    blk = csv_get_buffer_size(&R->p);
    if (blk > 4096)
        csv_set_blk_size(&R->p, blk);
}

/* Fast path: complete lines of a quote-free region are split here instead
 * of by libcsv (which costs ~60% of a numeric read byte by byte), with
 * libcsv's rules for unquoted fields (trimmed spaces and tabs, empty ->
 * NULL, blank lines skipped, CR / LF / CRLF). Any stretch holding a quote
 * goes through libcsv. */
static int is_sp(const struct reader *R, unsigned char c)
{
    return (c == ' ' || c == '\t') && c != R->delim;
}

static void fast_region(struct reader *R, uint64_t upto)
{
    char *s = R->buf + (R->fed - R->base), *e = R->buf + (upto - R->base);
    char d = (char)R->delim;
    while (s < e && !(R->failed && !R->ragged)) {
        char *p = s, *q;
        int any = 0;
        for (;;) {
            char *f, *t, save;
            while (is_sp(R, (unsigned char)*p))
                p++;
            if (!any && (*p == '\r' || *p == '\n'))
                break;   /* blank line */
            f = p;
            while (*p != d && *p != '\r' && *p != '\n')
                p++;
            t = p;
            while (t > f && is_sp(R, (unsigned char)t[-1]))
                t--;
            any = 1;
            R->seg_end = R->base + (uint64_t)(p + 1 - R->buf);
            save = *t;
            *t = '\0';   /* libcsv's texts end in NUL too */
            field_cb(t > f ? f : NULL, (size_t)(t - f), R);
            *t = save;
            if (*p != d)
                break;
            p++;
        }
        if (any)
            row_cb(*p, R);
        q = p + 1;
        if (*p == '\r' && q < e && *q == '\n')
            q++;
        R->fed = R->seg_end = R->base + (uint64_t)(q - R->buf);
        R->fed_line++;
        if (R->row_ended) {
            R->row_ended = 0;
            R->row_start = R->fed;
            R->rs_row = R->rows;
            R->rs_line = R->fed_line;
        }
        s = q;
    }
}

/* End of the complete lines from fed on when they hold no quote and libcsv
 * is between rows; 0 otherwise. */
static uint64_t quote_free_lines(struct reader *R)
{
    const char *s = R->buf + (R->fed - R->base), *e = R->buf + (R->limit - R->base), *last;
    if (R->fed != R->row_start || s == e)
        return 0;
    last = memrchr(s, '\n', (size_t)(e - s));
    if (!last || memchr(s, '"', (size_t)(last + 1 - s)))
        return 0;
    return R->base + (uint64_t)(last + 1 - R->buf);
}

static void run(struct reader *R)
{
    for (;;) {
        int brk;
        uint64_t end;
        if ((end = quote_free_lines(R))) {
            fast_region(R, end);
            if (R->failed && !R->ragged)
                return;
            continue;
        }
        end = next_piece(R, &brk);
        if (end) {
            feed(R, end, brk);
            if (R->failed && !R->ragged)
                return;
        } else if (R->eof || R->nul) {
            break;
        } else if ((R->failed = fill(R)) != CLEARN_OK) {
            return;
        }
    }
    if (R->nul && !R->failed) {
        int in_quotes;
        R->seg_end = R->limit;
        fail_at(R, locate_offset(R, R->limit, &in_quotes),
                "binary data (a NUL byte): not a text CSV file");
        return;
    }
    R->seg_end = R->limit;
    if (csv_fini(&R->p, field_cb, row_cb, R) != 0)
        fail_at(R, locate(R, R->rows, R->field),
                "unterminated quoted field (no closing quote before the end of the file)");
    if (R->ragged)
        finish_ragged(R, R->field);
}

/* ---- the reader --------------------------------------------------------- */

static const char *const default_missing[] = {"", "?", "NA", "N/A", "NaN", "nan", "null", "NULL"};

static int setup(struct reader *R)
{
    const char *const *m = R->opt->missing ? R->opt->missing : default_missing;
    size_t nm = R->opt->missing ? R->opt->n_missing
                                : sizeof default_missing / sizeof *default_missing;
    R->delim = (unsigned char)R->opt->delimiter;
    if (R->delim == '"' || R->delim == '\r' || R->delim == '\n' || R->delim == '\0')
        return clearn__error(R->err, CLEARN_EINVAL,
                             "CSV delimiter must be a byte other than quote, CR, LF or NUL");
    if (nm && !(R->miss = clearn__mallocarray(nm, sizeof *R->miss)))
        return clearn__nomem(R->err);
    for (size_t i = 0; i < nm; i++) {
        unsigned char c;
        if (!m[i] || !m[i][0])
            continue;   /* the empty field is always missing */
        c = (unsigned char)m[i][0];
        R->miss[R->n_miss].s = m[i];
        R->miss[R->n_miss++].len = strlen(m[i]);
        R->miss_first[c >> 3] |= (unsigned char)(1u << (c & 7));
    }
    if (!(R->names = clearn__strmap_new()) || !(R->buf = clearn__malloc(CHUNK)))
        return clearn__nomem(R->err);
    R->cap = CHUNK;
    R->header = R->opt->header != 0;
    R->rs_line = R->fed_line = 1;
    cursor_reset(R);
    csv_init(&R->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL);
    csv_set_delim(&R->p, R->delim);
    csv_set_realloc_func(&R->p, clearn__realloc);
    csv_set_free_func(&R->p, clearn__free);
    return CLEARN_OK;
}

static void cleanup(struct reader *R)
{
    csv_free(&R->p);
    for (size_t j = 0; j < R->n_cols; j++) {
        struct column *c = &R->cols[j];
        for (size_t k = 0; k < c->n_cats; k++)
            clearn__free(c->cats[k]);
        clearn__free(c->cats);
        clearn__strmap_free(c->index);
        clearn__free(c->name);
    }
    clearn__free(R->cols);
    clearn__free(R->first);
    clearn__free(R->x);
    clearn__free(R->miss);
    clearn__free(R->buf);
    clearn__strmap_free(R->names);
}

/* The relation: the file's base name without its extension. */
static char *relation_name(const char *path)
{
    const char *b = strrchr(path, '/'), *dot;
    b = b ? b + 1 : path;
    dot = strrchr(b, '.');
    if (!*b || dot == b || strcmp(path, "-") == 0)
        return clearn__strdup("data");
    return clearn__strndup(b, dot ? (size_t)(dot - b) : strlen(b));
}

static clearn_dataset *build(struct reader *R)
{
    char *rel = relation_name(R->name);
    clearn_dataset *ds = rel ? clearn_dataset_new(rel, R->err) : NULL;
    double *x;
    if (!rel)
        clearn__nomem(R->err);
    clearn__free(rel);
    for (size_t j = 0; ds && j < R->d; j++) {
        struct column *c = &R->cols[j];
        int rc = c->nominal
                 ? clearn_dataset_add_nominal(ds, c->name, (const char *const *)c->cats,
                                              c->n_cats, NULL, R->err)
                 : clearn_dataset_add_numeric(ds, c->name, NULL, R->err);
        if (rc != CLEARN_OK) {
            clearn_dataset_free(ds);
            ds = NULL;
        }
    }
    if (!ds)
        return NULL;
    /* give back the unused rows (a failure just keeps them) */
    if (R->n < R->cap_rows && (x = clearn__realloc(R->x, R->n * R->d * sizeof *x))) {
        R->x = x;
        R->cap_rows = R->n;
    }
    clearn__dataset_adopt(ds, R->x, R->n, R->cap_rows);
    R->x = NULL;
    return ds;
}

clearn_dataset *clearn__read_csv(FILE *f, const char *name, const clearn_read_options *opt,
                                 clearn_error *err)
{
    struct reader R;
    clearn_dataset *ds = NULL;
    memset(&R, 0, sizeof R);
    R.f = f;
    R.name = name ? name : "-";
    R.opt = opt;
    R.err = err;
    if (setup(&R) == CLEARN_OK) {
        run(&R);
        if (!R.failed && R.rows == 0)
            fail_at(&R, (struct pos){1, 1, 0}, "empty file: no header and no data");
        else if (!R.failed && R.n == 0)
            fail_at(&R, (struct pos){R.header_line, 1, 0}, "no data rows after the header");
        if (!R.failed)
            ds = build(&R);
    }
    cleanup(&R);
    return ds;
}

/* ---- the writer --------------------------------------------------------- */

struct out {
    FILE *f;
    size_t n;
    int failed;
    char buf[16384];
};

static void out_flush(struct out *o)
{
    if (o->n && fwrite(o->buf, 1, o->n, o->f) != o->n)
        o->failed = 1;
    o->n = 0;
}

static void out_put(struct out *o, const char *s, size_t n)
{
    while (n) {
        size_t k = sizeof o->buf - o->n;
        if (k == 0) {
            out_flush(o);
            continue;
        }
        if (k > n)
            k = n;
        memcpy(o->buf + o->n, s, k);
        o->n += k;
        s += k;
        n -= k;
    }
}

/* Quotes what would not read back as the same text: delimiters, quotes,
 * line breaks, edge spaces (libcsv trims them), the empty string, a missing
 * value token, and a leading byte order mark. */
static int needs_quotes(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t' ||
        strpbrk(s, ",\"\r\n") || strncmp(s, "\xef\xbb\xbf", 3) == 0)
        return 1;
    for (size_t i = 0; i < sizeof default_missing / sizeof *default_missing; i++)
        if (strcmp(s, default_missing[i]) == 0)
            return 1;
    return 0;
}

static void put_text(struct out *o, const char *s)
{
    if (!needs_quotes(s)) {
        out_put(o, s, strlen(s));
        return;
    }
    out_put(o, "\"", 1);
    for (const char *q; (q = strchr(s, '"')); s = q + 1)
        out_put(o, s, (size_t)(q - s) + 1), out_put(o, "\"", 1);
    out_put(o, s, strlen(s));
    out_put(o, "\"", 1);
}

int clearn__write_csv(const clearn_dataset *ds, FILE *f, clearn_error *err)
{
    struct out *o = clearn__malloc(sizeof *o);
    int failed;
    if (!o)
        return clearn__nomem(err);
    o->f = f;
    o->n = 0;
    o->failed = 0;
    for (size_t j = 0; j < ds->d; j++) {
        if (j)
            out_put(o, ",", 1);
        put_text(o, ds->attrs[j].name);
    }
    if (ds->d)
        out_put(o, "\n", 1);
    for (size_t i = 0; i < ds->n && !o->failed; i++) {
        const double *row = ds->x + i * ds->d;
        for (size_t j = 0; j < ds->d; j++) {
            const struct clearn__attr *a = &ds->attrs[j];
            char text[CLEARN__DBL_BUF];
            if (j)
                out_put(o, ",", 1);
            if (isnan(row[j]))
                out_put(o, "?", 1);
            else if (a->kind == CLEARN_NOMINAL)
                put_text(o, a->cats[(size_t)row[j]]);
            else
                out_put(o, text, clearn__format_double(row[j], text));
        }
        out_put(o, "\n", 1);
    }
    out_flush(o);
    failed = o->failed || fflush(f) != 0;
    clearn__free(o);
    if (failed)
        return clearn__error(err, CLEARN_EIO, "CSV write error: %s", strerror(errno));
    return CLEARN_OK;
}
