/* Tests of lib/io_csv.c: the CSV reader (types, missing values, quoting,
 * delimiters, BOM, line endings, every error with its position) and the
 * writer (exact text, quoting, round trips, write errors), plus allocation
 * failure injection. Fixtures are in tests/data/csv. */
#include "config.h"
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include "testutil.h"
#include "internal.h"

/* ---- helpers ------------------------------------------------------------ */

static const char *fixture(const char *name)
{
    static char rel[256];
    snprintf(rel, sizeof rel, "tests/data/csv/%s", name);
    return src_path(rel);
}

static clearn_read_options defaults(void)
{
    clearn_read_options opt;
    clearn_read_options_init(&opt);
    return opt;
}

/* Reads fixture `name`; the name in messages is the bare file name. */
static clearn_dataset *read_fixture(const char *name, const clearn_read_options *opt,
                                    clearn_error *err)
{
    clearn_read_options d = defaults();
    FILE *f = fopen(fixture(name), "rb");
    clearn_dataset *ds;
    ck_assert_msg(f != NULL, "cannot open %s", fixture(name));
    ds = clearn__read_csv(f, name, opt ? opt : &d, err);
    fclose(f);
    return ds;
}

static clearn_dataset *read_mem(const char *text, size_t len, const clearn_read_options *opt,
                                clearn_error *err)
{
    clearn_read_options d = defaults();
    FILE *f = fmemopen((void *)text, len, "r");
    clearn_dataset *ds;
    ck_assert_ptr_nonnull(f);
    ds = clearn__read_csv(f, "mem.csv", opt ? opt : &d, err);
    fclose(f);
    return ds;
}

static clearn_dataset *read_ok(const char *name, const clearn_read_options *opt)
{
    clearn_error err = {0, ""};
    clearn_dataset *ds = read_fixture(name, opt, &err);
    ck_assert_msg(ds != NULL, "%s: %s", name, err.text);
    return ds;
}

static void expect_error(const char *name, const clearn_read_options *opt, int code,
                         const char *text)
{
    clearn_error err = {0, ""};
    clearn_dataset *ds = read_fixture(name, opt, &err);
    ck_assert_ptr_null(ds);
    ck_assert_int_eq(err.code, code);
    ck_assert_str_eq(err.text, text);
}

static void expect_mem_error(const char *text, size_t len, const clearn_read_options *opt,
                             const char *msg)
{
    clearn_error err = {0, ""};
    clearn_dataset *ds = read_mem(text, len, opt, &err);
    ck_assert_ptr_null(ds);
    ck_assert_int_eq(err.code, CLEARN_EPARSE);
    ck_assert_str_eq(err.text, msg);
}

#define EXPECT_MEM(text, opt, msg) expect_mem_error(text, sizeof text - 1, opt, msg)

static void check_names(const clearn_dataset *ds, const char *const *names, size_t d)
{
    ck_assert_uint_eq(clearn_dataset_attrs(ds), d);
    for (size_t j = 0; j < d; j++)
        ck_assert_str_eq(clearn_dataset_attr_name(ds, j), names[j]);
}

static void check_cats(const clearn_dataset *ds, size_t j, const char *const *cats, size_t k)
{
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, j), CLEARN_NOMINAL);
    ck_assert_uint_eq(clearn_dataset_categories(ds, j), k);
    for (size_t c = 0; c < k; c++)
        ck_assert_str_eq(clearn_dataset_category(ds, j, c), cats[c]);
}

/* Column j equals want[] (NaN = missing), bit for bit. */
static void check_column(const clearn_dataset *ds, size_t j, const double *want, size_t n)
{
    ck_assert_uint_eq(clearn_dataset_rows(ds), n);
    for (size_t i = 0; i < n; i++) {
        double v = clearn_dataset_get(ds, i, j);
        if (isnan(want[i]))
            ck_assert_msg(isnan(v), "row %zu col %zu: %g, want missing", i, j, v);
        else
            ck_assert_msg(memcmp(&v, &want[i], sizeof v) == 0, "row %zu col %zu: %.17g, want %.17g",
                          i, j, v, want[i]);
    }
}

/* ---- reading ------------------------------------------------------------ */

START_TEST(basic_types_and_missing)
{
    static const char *const names[] = {"sepal", "colour", "size", "class"};
    static const char *const colours[] = {"red", "green"}, *const classes[] = {"yes", "no"};
    const double sepal[] = {5.1, 4.9, NAN, 6.0}, colour[] = {0, 1, 0, NAN};
    const double size[] = {1, NAN, 3.5, 100}, cls[] = {0, 1, 0, 1};
    clearn_dataset *ds = read_ok("basic.csv", NULL);
    check_names(ds, names, 4);
    ck_assert_str_eq(clearn_dataset_relation(ds), "basic");
    ck_assert_uint_eq(clearn_dataset_class(ds), CLEARN_NONE);
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 0), CLEARN_NUMERIC);
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 2), CLEARN_NUMERIC);
    check_cats(ds, 1, colours, 2);
    check_cats(ds, 3, classes, 2);
    check_column(ds, 0, sepal, 4);
    check_column(ds, 1, colour, 4);
    check_column(ds, 2, size, 4);
    check_column(ds, 3, cls, 4);
    clearn_dataset_free(ds);
}
END_TEST

/* Quoted fields: delimiters, doubled quotes, line breaks and spaces kept;
 * a quoted "5" is a number; a quoted "?" is a value, an unquoted one and
 * empty fields (quoted or not) are missing. */
START_TEST(quoting)
{
    static const char *const texts[] = {"hello, world", "say \"hi\"", "two\nlines", "?", " padded "};
    const double text[] = {0, 1, 2, 3, 4, NAN, NAN, NAN};
    const double value[] = {1.5, 2, -3, 4, 5, 6, 7, 8};
    clearn_dataset *ds = read_ok("quoted.csv", NULL);
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 0), CLEARN_NUMERIC);
    check_cats(ds, 1, texts, 5);
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 2), CLEARN_NUMERIC);
    check_column(ds, 1, text, 8);
    check_column(ds, 2, value, 8);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(bom_and_crlf)
{
    static const char *const names[] = {"a", "b", "c"}, *const cats[] = {"x", "y", "z\r\nw"};
    const double a[] = {1, 2, 3}, c[] = {2.5, NAN, 0.001};
    clearn_dataset *ds = read_ok("bom_crlf.csv", NULL);
    check_names(ds, names, 3);
    check_cats(ds, 1, cats, 3);
    check_column(ds, 0, a, 3);
    check_column(ds, 2, c, 3);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(other_delimiters)
{
    static const char *const labels[] = {"a,b", "c"}, *const people[] = {"first one", "second"};
    const double x[] = {1.5, -0.25}, y[] = {2, 3};
    clearn_read_options opt = defaults();
    clearn_dataset *ds;
    opt.delimiter = ';';
    ds = read_ok("semicolon.csv", &opt);
    check_column(ds, 0, x, 2);
    check_column(ds, 1, y, 2);
    check_cats(ds, 2, labels, 2);
    clearn_dataset_free(ds);
    opt.delimiter = '\t';
    ds = read_ok("tab.tsv", &opt);
    ck_assert_str_eq(clearn_dataset_relation(ds), "tab");
    check_cats(ds, 2, people, 2);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(no_header)
{
    static const char *const names[] = {"att1", "att2", "att3"}, *const cats[] = {"a", "b"};
    const double a1[] = {1, 3, 5}, a3[] = {0, 1, 0};
    clearn_read_options opt = defaults();
    clearn_dataset *ds;
    opt.header = 0;
    ds = read_ok("noheader.csv", &opt);
    check_names(ds, names, 3);
    check_column(ds, 0, a1, 3);
    check_cats(ds, 2, cats, 2);
    check_column(ds, 2, a3, 3);
    clearn_dataset_free(ds);
    /* forced kinds by the generated names */
    {
        static const char *const nom[] = {"att1"}, *const c1[] = {"1", "3", "5"};
        opt.nominal = nom;
        opt.n_nominal = 1;
        ds = read_ok("noheader.csv", &opt);
        check_cats(ds, 0, c1, 3);
        clearn_dataset_free(ds);
    }
}
END_TEST

/* A column turns nominal at its first non-number; earlier numbers become
 * categories through their shortest text, so "1.0", "1" and "1e0" merge. */
START_TEST(numeric_turns_nominal)
{
    static const char *const v[] = {"1", "2", "-0", "x"}, *const w[] = {"1", "2", "x", "3", "4", "5"};
    const double vc[] = {0, 1, 0, 2, 0, 3}, wc[] = {0, 1, 2, 3, 4, 5};
    clearn_dataset *ds = read_ok("mixed.csv", NULL);
    check_cats(ds, 0, v, 4);
    check_column(ds, 0, vc, 6);
    check_cats(ds, 1, w, 6);
    check_column(ds, 1, wc, 6);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(forced_kinds)
{
    static const char *const nom[] = {"v"}, *const num[] = {"w"};
    static const char *const v[] = {"1.0", "2", "1", "-0", "1e0", "x"};
    clearn_read_options opt = defaults();
    clearn_dataset *ds;
    opt.nominal = nom;
    opt.n_nominal = 1;
    ds = read_ok("mixed.csv", &opt);
    check_cats(ds, 0, v, 6);   /* the text as written */
    clearn_dataset_free(ds);
    opt.numeric = num;
    opt.n_numeric = 1;
    expect_error("mixed.csv", &opt, CLEARN_EPARSE,
                 "mixed.csv:4:3: 'x' is not a number (attribute 'w' is numeric)");
    /* forced numeric columns keep missing values */
    {
        static const char *const sz[] = {"size"};
        const double size[] = {1, NAN, 3.5, 100};
        opt = defaults();
        opt.numeric = sz;
        opt.n_numeric = 1;
        ds = read_ok("basic.csv", &opt);
        check_column(ds, 2, size, 4);
        clearn_dataset_free(ds);
    }
}
END_TEST

START_TEST(custom_missing_tokens)
{
    static const char *const miss[] = {"-", "-999"};
    static const char *const a[] = {"1", "?"}, *const b[] = {"x", "NA"};
    const double ac[] = {0, NAN, 1}, bc[] = {NAN, 0, 1};
    clearn_read_options opt = defaults();
    clearn_dataset *ds;
    opt.missing = miss;
    opt.n_missing = 2;
    ds = read_ok("custom_missing.csv", &opt);
    check_cats(ds, 0, a, 2);
    check_column(ds, 0, ac, 3);
    check_cats(ds, 1, b, 2);
    check_column(ds, 1, bc, 3);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(odd_but_valid)
{
    /* old Mac line ends */
    {
        static const char *const b[] = {"x", "y"};
        const double a[] = {1, 2};
        clearn_dataset *ds = read_ok("cr_only.csv", NULL);
        check_column(ds, 0, a, 2);
        check_cats(ds, 1, b, 2);
        clearn_dataset_free(ds);
    }
    /* bytes that are not UTF-8 are kept */
    {
        static const char *const names[] = {"Jos\xe9", "\xff\xfe"}, *const city[] = {"M\xfcnchen", "x"};
        clearn_dataset *ds = read_ok("latin1.csv", NULL);
        check_cats(ds, 0, names, 2);
        check_cats(ds, 1, city, 2);
        clearn_dataset_free(ds);
    }
    /* blank lines skipped, unquoted fields trimmed */
    {
        static const char *const names[] = {"a", "b"};
        const double a[] = {1, 3}, b[] = {2, 4};
        clearn_dataset *ds = read_ok("blank_lines.csv", NULL);
        check_names(ds, names, 2);
        check_column(ds, 0, a, 2);
        check_column(ds, 1, b, 2);
        clearn_dataset_free(ds);
    }
}
END_TEST

/* Missing tokens among many fields of a row, quoted and not. */
START_TEST(missing_tokens_quoted_or_not)
{
    static const char text[] = "p,q,r,s,t,u\n\"?\",?,\"NA\",NA,1,Null\nNA , \"NA\" ,?,\"?\",\"2\",null\n";
    static const char *const u[] = {"Null"};   /* tokens are case-sensitive */
    const double uc[] = {0, NAN};
    static const char *const p[] = {"?"}, *const r[] = {"NA"};
    const double pc[] = {0, NAN}, qc[] = {NAN, 0}, rc[] = {0, NAN}, sc[] = {NAN, 0}, tc[] = {1, 2};
    static const char *const q[] = {"NA"}, *const s[] = {"?"};
    clearn_error err = {0, ""};
    clearn_dataset *ds = read_mem(text, sizeof text - 1, NULL, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    check_cats(ds, 0, p, 1);
    check_column(ds, 0, pc, 2);
    check_cats(ds, 1, q, 1);
    check_column(ds, 1, qc, 2);
    check_cats(ds, 2, r, 1);
    check_column(ds, 2, rc, 2);
    check_cats(ds, 3, s, 1);
    check_column(ds, 3, sc, 2);
    check_column(ds, 4, tc, 2);
    check_cats(ds, 5, u, 1);
    check_column(ds, 5, uc, 2);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- bad inputs ---------------------------------------------------------- */

START_TEST(bad_files)
{
    clearn_read_options opt = defaults();
    static const char *const num[] = {"b"};
    expect_error("empty.csv", NULL, CLEARN_EPARSE, "empty.csv:1:1: empty file: no header and no data");
    expect_error("blank_only.csv", NULL, CLEARN_EPARSE,
                 "blank_only.csv:1:1: empty file: no header and no data");
    expect_error("header_only.csv", NULL, CLEARN_EPARSE,
                 "header_only.csv:1:1: no data rows after the header");
    expect_error("ragged_long.csv", NULL, CLEARN_EPARSE,
                 "ragged_long.csv:3:7: row has 4 fields, expected 3");
    expect_error("ragged_short.csv", NULL, CLEARN_EPARSE,
                 "ragged_short.csv:5:1: row has 2 fields, expected 3");
    expect_error("unterminated.csv", NULL, CLEARN_EPARSE,
                 "unterminated.csv:2:3: unterminated quoted field (no closing quote before the end of the file)");
    expect_error("dup_header.csv", NULL, CLEARN_EPARSE,
                 "dup_header.csv:1:5: duplicate attribute name 'a' (columns 1 and 3)");
    expect_error("empty_header.csv", NULL, CLEARN_EPARSE,
                 "empty_header.csv:1:3: empty attribute name in the header (column 2)");
    expect_error("binary.csv", NULL, CLEARN_EPARSE,
                 "binary.csv:3:3: binary data (a NUL byte): not a text CSV file");
    expect_error("stray_quote.csv", NULL, CLEARN_EPARSE,
                 "stray_quote.csv:2:3: quote character inside an unquoted field "
                 "(quote the whole field and double the inner quote)");
    expect_error("after_quote.csv", NULL, CLEARN_EPARSE,
                 "after_quote.csv:2:3: unexpected text after the closing quote of a field "
                 "(a quote inside a quoted field must be doubled)");
    opt.numeric = num;
    opt.n_numeric = 1;
    expect_error("not_number.csv", &opt, CLEARN_EPARSE,
                 "not_number.csv:6:3: 'five' is not a number (attribute 'b' is numeric)");
    opt = defaults();
    opt.delimiter = '"';
    expect_error("basic.csv", &opt, CLEARN_EINVAL,
                 "CSV delimiter must be a byte other than quote, CR, LF or NUL");
}
END_TEST

START_TEST(bad_inline)
{
    clearn_read_options opt = defaults();
    /* positions after quoted line breaks, CRLF and a BOM */
    EXPECT_MEM("a,b\r\n\"x\r\ny\",1\r\n2,3,4\r\n", NULL, "mem.csv:4:5: row has 3 fields, expected 2");
    EXPECT_MEM("\xef\xbb\xbf" "a,b\n1,2,3\n", NULL, "mem.csv:2:5: row has 3 fields, expected 2");
    EXPECT_MEM("a,b\r1,2\r3\r", NULL, "mem.csv:3:1: row has 1 field, expected 2");
    /* a NUL at the start of a field, and as the first byte */
    EXPECT_MEM("a,b\n1,\0", NULL, "mem.csv:2:3: binary data (a NUL byte): not a text CSV file");
    EXPECT_MEM("\0a,b\n", NULL, "mem.csv:1:1: binary data (a NUL byte): not a text CSV file");
    /* a quote after spaces following a closing quote; a NUL inside quotes */
    EXPECT_MEM("a,b\n1,\"x\"  \"\n", NULL,
                     "mem.csv:2:3: unexpected text after the closing quote of a field "
                     "(a quote inside a quoted field must be doubled)");
    EXPECT_MEM("a,b\n1,\"x\n\0\"\n", NULL,
                     "mem.csv:2:3: binary data (a NUL byte): not a text CSV file");
    /* the first error wins; an unterminated quote in a ragged row */
    EXPECT_MEM("a,b\n1,2,3,\"4\n", NULL, "mem.csv:2:5: row has 3 fields, expected 2");
    /* header-less ragged rows, and a last row without a line break */
    opt.header = 0;
    EXPECT_MEM("1,2\n3", &opt, "mem.csv:2:1: row has 1 field, expected 2");
    EXPECT_MEM("1,2\n3,4,", &opt, "mem.csv:2:5: row has 3 fields, expected 2");
    /* long field text is cut in the message */
    opt = defaults();
    {
        static const char *const num[] = {"b"};
        opt.numeric = num;
        opt.n_numeric = 1;
        EXPECT_MEM("a,b\n1,abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz\n", &opt,
                         "mem.csv:2:3: 'abcdefghijklmnopqrstuvwxyzabcdefghijklmn...' is not a number "
                         "(attribute 'b' is numeric)");
    }
}
END_TEST

/* ---- streaming: chunk boundaries, long lines ---------------------------- */

struct text {
    char *s;
    size_t n, cap;
};

static void add(struct text *t, const char *s, size_t n)
{
    if (t->n + n + 1 > t->cap) {
        t->cap = 2 * (t->n + n + 1);
        t->s = realloc(t->s, t->cap);
        ck_assert_ptr_nonnull(t->s);
    }
    memcpy(t->s + t->n, s, n);
    t->n += n;
    t->s[t->n] = '\0';
}

static void adds(struct text *t, const char *s)
{
    add(t, s, strlen(s));
}

/* CRLF rows after headers of 7 different lengths put a CR on every chunk
 * boundary position mod 7; the bad last row checks the line count. */
START_TEST(crlf_across_chunks)
{
    for (int pad = 0; pad < 7; pad++) {
        struct text t = {0};
        char msg[128];
        size_t rows = 100000;
        clearn_error err = {0, ""};
        clearn_dataset *ds;
        adds(&t, "a,b,c");
        for (int k = 0; k < pad; k++)
            adds(&t, "c");
        adds(&t, "\r\n");
        for (size_t i = 0; i < rows; i++)
            adds(&t, "1,2,3\r\n");
        ds = read_mem(t.s, t.n, NULL, &err);
        ck_assert_msg(ds != NULL, "%s", err.text);
        ck_assert_uint_eq(clearn_dataset_rows(ds), rows);
        ck_assert(clearn_dataset_get(ds, rows - 1, 2) == 3);
        clearn_dataset_free(ds);
        adds(&t, "1,2\r\n");
        snprintf(msg, sizeof msg, "mem.csv:%zu:1: row has 2 fields, expected 3", rows + 2);
        expect_mem_error(t.s, t.n, NULL, msg);
        free(t.s);
    }
}
END_TEST

/* Quoted fields with line breaks and fields longer than a chunk. */
START_TEST(long_fields)
{
    struct text t = {0};
    size_t big = 700000, lines = 0;
    char *field = malloc(big + 1), msg[128];
    clearn_error err = {0, ""};
    clearn_dataset *ds;
    ck_assert_ptr_nonnull(field);
    for (size_t i = 0; i < big; i++)
        field[i] = (char)(i % 1000 == 999 ? '\n' : 'a' + (char)(i % 26));
    field[big] = '\0';
    adds(&t, "id,text\n");
    lines = 1;
    for (int r = 0; r < 3; r++) {
        adds(&t, "1,\"");
        adds(&t, field);
        adds(&t, "\"\n");
        lines += 1 + big / 1000;
    }
    /* an unquoted field longer than any piece given to libcsv */
    adds(&t, "2,");
    memset(field, 'b', 200000);
    add(&t, field, 200000);
    adds(&t, "\n");
    lines++;
    ds = read_mem(t.s, t.n, NULL, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_uint_eq(clearn_dataset_rows(ds), 4);
    ck_assert_uint_eq(clearn_dataset_categories(ds, 1), 2);
    ck_assert_uint_eq(strlen(clearn_dataset_category(ds, 1, 0)), big);
    ck_assert(memcmp(clearn_dataset_category(ds, 1, 0), "abcdefghijklmnopqrstuvwxyz", 26) == 0);
    ck_assert_uint_eq(strlen(clearn_dataset_category(ds, 1, 1)), 200000);
    clearn_dataset_free(ds);
    adds(&t, "3,\"x\"y\n");
    snprintf(msg, sizeof msg, "mem.csv:%zu:3: unexpected text after the closing quote of a field "
             "(a quote inside a quoted field must be doubled)", lines + 1);
    expect_mem_error(t.s, t.n, NULL, msg);
    free(field);
    free(t.s);
}
END_TEST

/* Rows wider than the first allocation of the table. */
START_TEST(wide_rows)
{
    struct text t = {0};
    size_t d = 40000, rows = 5;
    clearn_error err = {0, ""};
    clearn_dataset *ds;
    char cell[32];
    for (size_t i = 0; i <= rows; i++) {
        for (size_t j = 0; j < d; j++) {
            if (i == 0)
                snprintf(cell, sizeof cell, "%sc%zu", j ? "," : "", j);
            else
                snprintf(cell, sizeof cell, "%s%zu", j ? "," : "", i * j);
            adds(&t, cell);
        }
        adds(&t, "\n");
    }
    ds = read_mem(t.s, t.n, NULL, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_uint_eq(clearn_dataset_rows(ds), rows);
    ck_assert_uint_eq(clearn_dataset_attrs(ds), d);
    ck_assert_str_eq(clearn_dataset_attr_name(ds, d - 1), "c39999");
    ck_assert(clearn_dataset_get(ds, rows - 1, d - 1) == (double)(rows * (d - 1)));
    ck_assert(clearn_dataset_get(ds, 2, 7) == 21);
    clearn_dataset_free(ds);
    free(t.s);
}
END_TEST

/* ---- writing -------------------------------------------------------------- */

static char *write_text(const clearn_dataset *ds, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    clearn_error err = {0, ""};
    FILE *f = open_memstream(&buf, &n);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(clearn__write_csv(ds, f, &err), CLEARN_OK);
    fclose(f);
    if (len)
        *len = n;
    return buf;
}

START_TEST(write_exact_text)
{
    clearn_dataset *ds = read_ok("basic.csv", NULL);
    char *s = write_text(ds, NULL);
    ck_assert_str_eq(s, "sepal,colour,size,class\n5.1,red,1,yes\n4.9,green,?,no\n?,red,3.5,yes\n6,?,100,no\n");
    free(s);
    clearn_dataset_free(ds);
    ds = read_ok("quoted.csv", NULL);
    s = write_text(ds, NULL);
    ck_assert_str_eq(s, "id,text,value\n1,\"hello, world\",1.5\n2,\"say \"\"hi\"\"\",2\n"
                        "3,\"two\nlines\",-3\n4,\"?\",4\n5,\" padded \",5\n6,?,6\n7,?,7\n8,?,8\n");
    free(s);
    clearn_dataset_free(ds);
}
END_TEST

/* Names and categories that need quotes, from the public API. */
START_TEST(write_quoting_rules)
{
    static const char *const cats[] = {"a,b", "q\"q", "NA", "null", "\tlead", "trail ",
                                       "\xef\xbb\xbf" "bom", "cr\rlf", "plain"};
    static const char *const want =
        "\"?\",x y,\"N/A\"\n"
        "\"a,b\",1e+300,-0\n\"q\"\"q\",0.1,?\n\"NA\",?,5e-324\n\"null\",1,2\n"
        "\"\tlead\",1,2\n\"trail \",1,2\n\"\xef\xbb\xbf" "bom\",1,2\n\"cr\rlf\",1,2\nplain,1,2\n";
    clearn_error err = {0, ""};
    clearn_dataset *ds = clearn_dataset_new("t", &err), *back;
    char *s;
    size_t len;
    double rows[][3] = {{0, 1e300, -0.0}, {1, 0.1, NAN}, {2, NAN, 0x1p-1074}, {3, 1, 2},
                        {4, 1, 2}, {5, 1, 2}, {6, 1, 2}, {7, 1, 2}, {8, 1, 2}};
    ck_assert_ptr_nonnull(ds);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "?", cats, 9, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "x y", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "N/A", NULL, &err), CLEARN_OK);
    for (size_t i = 0; i < 9; i++)
        ck_assert_int_eq(clearn_dataset_add_row(ds, rows[i], &err), CLEARN_OK);
    s = write_text(ds, &len);
    ck_assert_str_eq(s, want);
    /* and it reads back the same */
    back = read_mem(s, len, NULL, &err);
    ck_assert_msg(back != NULL, "%s", err.text);
    ck_assert(clearn_dataset_same_schema(ds, back));
    ck_assert(memcmp(clearn_dataset_data(ds), clearn_dataset_data(back), 27 * sizeof(double)) == 0);
    clearn_dataset_free(back);
    clearn_dataset_free(ds);
    free(s);
}
END_TEST

START_TEST(write_errors)
{
    clearn_dataset *ds = read_ok("basic.csv", NULL);
    clearn_error err = {0, ""};
    FILE *f = fopen("/dev/full", "w");
    if (f) {
        ck_assert_int_eq(clearn__write_csv(ds, f, &err), CLEARN_EIO);
        ck_assert_str_eq(err.text, "CSV write error: No space left on device");
        fclose(f);
    }
    /* a read-only stream */
    f = fopen(fixture("basic.csv"), "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(clearn__write_csv(ds, f, &err), CLEARN_EIO);
    ck_assert(strncmp(err.text, "CSV write error: ", 17) == 0);
    fclose(f);
    clearn_dataset_free(ds);
}
END_TEST

/* Reading and writing do not change under a locale whose decimal point is
 * a comma (when one is installed; else under C.UTF-8). */
START_TEST(comma_locale)
{
    static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8",
                                        "C.UTF-8", "C"};
    locale_t loc = (locale_t)0, old;
    clearn_dataset *ds;
    char *s;
    const double sepal[] = {5.1, 4.9, NAN, 6.0};
    for (size_t i = 0; i < sizeof names / sizeof *names && !loc; i++)
        loc = newlocale(LC_ALL_MASK, names[i], (locale_t)0);
    ck_assert_ptr_nonnull(loc);
    old = uselocale(loc);
    ds = read_ok("basic.csv", NULL);
    check_column(ds, 0, sepal, 4);
    s = write_text(ds, NULL);
    ck_assert_str_eq(s, "sepal,colour,size,class\n5.1,red,1,yes\n4.9,green,?,no\n?,red,3.5,yes\n6,?,100,no\n");
    free(s);
    clearn_dataset_free(ds);
    uselocale(old);
    freelocale(loc);
}
END_TEST

/* read -> write -> read gives the same schema and the same bits. */
static void round_trip(const char *path, const char *name, const clearn_read_options *opt)
{
    clearn_read_options again = defaults();
    clearn_error err = {0, ""};
    FILE *f = fopen(path, "rb");
    clearn_dataset *a, *b;
    char *text;
    size_t len, n, d;
    ck_assert_ptr_nonnull(f);
    a = clearn__read_csv(f, name, opt, &err);
    fclose(f);
    ck_assert_msg(a != NULL, "%s: %s", name, err.text);
    text = write_text(a, &len);
    again.nominal = opt->nominal;
    again.n_nominal = opt->n_nominal;
    b = read_mem(text, len, &again, &err);
    ck_assert_msg(b != NULL, "%s again: %s", name, err.text);
    ck_assert_msg(clearn_dataset_same_schema(a, b), "%s: schema changed", name);
    n = clearn_dataset_rows(a);
    d = clearn_dataset_attrs(a);
    ck_assert_uint_eq(clearn_dataset_rows(b), n);
    ck_assert_msg(memcmp(clearn_dataset_data(a), clearn_dataset_data(b), n * d * sizeof(double)) == 0,
                  "%s: values changed", name);
    free(text);
    clearn_dataset_free(a);
    clearn_dataset_free(b);
}

START_TEST(round_trips)
{
    static const struct { const char *name; char delim; int header; } files[] = {
        {"basic.csv", ',', 1}, {"quoted.csv", ',', 1}, {"bom_crlf.csv", ',', 1},
        {"semicolon.csv", ';', 1}, {"tab.tsv", '\t', 1}, {"noheader.csv", ',', 0},
        {"mixed.csv", ',', 1}, {"cr_only.csv", ',', 1}, {"latin1.csv", ',', 1},
        {"blank_lines.csv", ',', 1}, {"custom_missing.csv", ',', 1},
    };
    static const char *const miss[] = {"-", "-999"};
    static const char *const datasets[] = {
        "breast_cancer.csv", "diabetes.csv", "iris.csv", "longley.csv", "playtennis.csv", "wine.csv",
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        clearn_read_options opt = defaults();
        opt.delimiter = files[i].delim;
        opt.header = files[i].header;
        if (strcmp(files[i].name, "custom_missing.csv") == 0) {
            opt.missing = miss;
            opt.n_missing = 2;
        }
        round_trip(fixture(files[i].name), files[i].name, &opt);
    }
    for (size_t i = 0; i < sizeof datasets / sizeof *datasets; i++) {
        char rel[128];
        clearn_read_options opt = defaults();
        FILE *probe;
        snprintf(rel, sizeof rel, "datasets/%s", datasets[i]);
        if (!(probe = fopen(src_path(rel), "rb")))
            continue;   /* the data sets are optional here */
        fclose(probe);
        round_trip(src_path(rel), datasets[i], &opt);
    }
    /* a forced-nominal column of numbers stays as written */
    {
        static const char *const nom[] = {"v"};
        clearn_read_options opt = defaults();
        opt.nominal = nom;
        opt.n_nominal = 1;
        round_trip(fixture("mixed.csv"), "mixed.csv", &opt);
    }
}
END_TEST

/* ---- allocation failures ------------------------------------------------ */

/* Every allocation of a read fails in turn: ENOMEM each time, no leak (run
 * under valgrind), until the read goes through. */
static void fail_each_allocation(const char *name, const clearn_read_options *opt)
{
    for (long k = 0;; k++) {
        clearn_error err = {0, ""};
        clearn_dataset *ds;
        clearn__alloc_fail_after(k);
        ds = read_fixture(name, opt, &err);
        clearn__alloc_fail_after(-1);
        if (ds) {
            ck_assert_msg(k > 3, "%s read with only %ld allocations", name, k);
            clearn_dataset_free(ds);
            return;
        }
        ck_assert_msg(err.code == CLEARN_ENOMEM, "%s, allocation %ld: %s", name, k, err.text);
        ck_assert_str_eq(err.text, "out of memory");
    }
}

START_TEST(alloc_failures)
{
    clearn_read_options opt = defaults();
    fail_each_allocation("basic.csv", NULL);
    fail_each_allocation("quoted.csv", NULL);
    fail_each_allocation("mixed.csv", NULL);
    opt.header = 0;
    fail_each_allocation("noheader.csv", &opt);
    /* the writer */
    {
        clearn_dataset *ds = read_ok("basic.csv", NULL);
        clearn_error err = {0, ""};
        FILE *f = fopen("/dev/null", "w");
        ck_assert_ptr_nonnull(f);
        clearn__alloc_fail_after(0);
        ck_assert_int_eq(clearn__write_csv(ds, f, &err), CLEARN_ENOMEM);
        clearn__alloc_fail_after(-1);
        fclose(f);
        clearn_dataset_free(ds);
    }
}
END_TEST

/* Errors are reported even when the allocation after them would fail. */
START_TEST(error_paths_free_everything)
{
    static const char *const bad[] = {
        "ragged_long.csv", "ragged_short.csv", "unterminated.csv", "dup_header.csv",
        "binary.csv", "stray_quote.csv", "header_only.csv",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        clearn_error err = {0, ""};
        ck_assert_ptr_null(read_fixture(bad[i], NULL, &err));
        ck_assert_int_eq(err.code, CLEARN_EPARSE);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("io_csv");
    TCase *tc = tcase_create("read");
    TCase *tw = tcase_create("write");
    TCase *tm = tcase_create("memory");
    tcase_add_test(tc, basic_types_and_missing);
    tcase_add_test(tc, quoting);
    tcase_add_test(tc, bom_and_crlf);
    tcase_add_test(tc, other_delimiters);
    tcase_add_test(tc, no_header);
    tcase_add_test(tc, numeric_turns_nominal);
    tcase_add_test(tc, forced_kinds);
    tcase_add_test(tc, custom_missing_tokens);
    tcase_add_test(tc, odd_but_valid);
    tcase_add_test(tc, missing_tokens_quoted_or_not);
    tcase_add_test(tc, bad_files);
    tcase_add_test(tc, bad_inline);
    tcase_add_test(tc, crlf_across_chunks);
    tcase_add_test(tc, long_fields);
    tcase_add_test(tc, wide_rows);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tw, write_exact_text);
    tcase_add_test(tw, write_quoting_rules);
    tcase_add_test(tw, write_errors);
    tcase_add_test(tw, round_trips);
    tcase_add_test(tw, comma_locale);
    tcase_add_test(tm, alloc_failures);
    tcase_add_test(tm, error_paths_free_everything);
    tcase_set_timeout(tm, 300);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, tw);
    suite_add_tcase(s, tm);
    return run_suite(s);
}
