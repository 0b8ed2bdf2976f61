/* Tests of the ARFF reader and writer (lib/io_arff.c): Weka's example files
 * (when the weka package is installed), hand-written fixtures covering the
 * syntax, every parse error, the writer's quoting, round trips, output
 * errors and allocation failures. */
#include "config.h"
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include "testutil.h"
#include "internal.h"

#define WEKA_DIR "/usr/share/doc/weka/examples"

static clearn_dataset *read_stream(FILE *f, const char *name, clearn_error *err)
{
    clearn_read_options opt;
    clearn_read_options_init(&opt);
    return clearn__read_arff(f, name, &opt, err);
}

/* Reads a file; name is what messages call it. */
static clearn_dataset *read_path(const char *path, const char *name, clearn_error *err)
{
    FILE *f = fopen(path, "rb");
    clearn_dataset *ds;
    ck_assert_msg(f != NULL, "cannot open %s", path);
    ds = read_stream(f, name, err);
    fclose(f);
    return ds;
}

static clearn_dataset *read_fixture(const char *file, clearn_error *err)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/data/arff/%s", file);
    return read_path(src_path(rel), file, err);
}

static clearn_dataset *read_text(const char *text, clearn_error *err)
{
    FILE *f = tmpfile();
    clearn_dataset *ds;
    ck_assert(f != NULL);
    ck_assert_uint_eq(fwrite(text, 1, strlen(text), f), strlen(text));
    rewind(f);
    ds = read_stream(f, "mem.arff", err);
    fclose(f);
    return ds;
}

/* The text the writer produces for ds. */
static char *write_text(const clearn_dataset *ds)
{
    FILE *f = tmpfile();
    clearn_error err = {0, ""};
    long size;
    char *text;
    ck_assert(f != NULL);
    ck_assert_msg(clearn__write_arff(ds, f, &err) == CLEARN_OK, "%s", err.text);
    size = ftell(f);
    text = calloc(1, (size_t)size + 1);
    rewind(f);
    ck_assert_uint_eq(fread(text, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    return text;
}

static void assert_same(const clearn_dataset *a, const clearn_dataset *b)
{
    size_t n = clearn_dataset_rows(a), d = clearn_dataset_attrs(a);
    ck_assert_str_eq(clearn_dataset_relation(a), clearn_dataset_relation(b));
    ck_assert_uint_eq(clearn_dataset_rows(b), n);
    ck_assert_uint_eq(clearn_dataset_attrs(b), d);
    for (size_t j = 0; j < d; j++) {
        ck_assert_str_eq(clearn_dataset_attr_name(a, j), clearn_dataset_attr_name(b, j));
        ck_assert_int_eq(clearn_dataset_attr_kind(a, j), clearn_dataset_attr_kind(b, j));
        ck_assert_uint_eq(clearn_dataset_categories(a, j), clearn_dataset_categories(b, j));
        for (size_t c = 0; c < clearn_dataset_categories(a, j); c++)
            ck_assert_str_eq(clearn_dataset_category(a, j, c), clearn_dataset_category(b, j, c));
    }
    if (n && d)   /* bit-identical, NaN included */
        ck_assert(memcmp(clearn_dataset_data(a), clearn_dataset_data(b),
                         n * d * sizeof(double)) == 0);
}

/* Writes ds, reads the text back and checks nothing changed. */
static void assert_round_trip(const clearn_dataset *ds)
{
    char *text = write_text(ds);
    clearn_error err = {0, ""};
    clearn_dataset *back = read_text(text, &err);
    ck_assert_msg(back != NULL, "re-reading failed: %s", err.text);
    assert_same(ds, back);
    clearn_dataset_free(back);
    free(text);
}

/* Counts of each category of attribute j, as "a,b,c". */
static void counts_text(const clearn_dataset *ds, size_t j, char *out, size_t size)
{
    size_t k = clearn_dataset_categories(ds, j), counts[64], used = 0;
    ck_assert(k <= 64);
    ck_assert_int_eq(clearn_dataset_category_counts(ds, j, counts, NULL), CLEARN_OK);
    out[0] = '\0';
    for (size_t c = 0; c < k; c++)
        used += (size_t)snprintf(out + used, size - used, "%s%zu", c ? "," : "", counts[c]);
}

static double column_sum(const clearn_dataset *ds, size_t j)
{
    double s = 0;
    for (size_t i = 0; i < clearn_dataset_rows(ds); i++)
        s += clearn_dataset_get(ds, i, j);
    return s;
}

/* ---- Weka's examples ------------------------------------------------------- */

/* Rows, attributes and the class (last attribute) distribution, from an
 * independent count of the files' data lines (Python's csv module); for a
 * numeric class, the sum of its values. */
static const struct weka_file {
    const char *file;
    size_t rows, attrs;
    const char *class_counts;
    double class_sum;
} weka[] = {
    {"ReutersCorn-test.arff", 604, 2, "580,24", 0},
    {"ReutersCorn-train.arff", 1554, 2, "1509,45", 0},
    {"ReutersGrain-test.arff", 604, 2, "547,57", 0},
    {"ReutersGrain-train.arff", 1554, 2, "1451,103", 0},
    {"breast-cancer.arff", 286, 10, "201,85", 0},
    {"contact-lenses.arff", 24, 5, "5,4,15", 0},
    {"cpu.arff", 209, 7, NULL, 22075},
    {"cpu.with.vendor.arff", 209, 8, NULL, 20760},
    {"credit-g.arff", 1000, 21, "700,300", 0},
    {"diabetes.arff", 768, 9, "500,268", 0},
    {"glass.arff", 214, 10, "70,76,17,0,13,9,29", 0},
    {"ionosphere.arff", 351, 35, "126,225", 0},
    {"iris.2D.arff", 150, 3, "50,50,50", 0},
    {"iris.arff", 150, 5, "50,50,50", 0},
    {"labor.arff", 57, 17, "20,37", 0},
    {"segment-challenge.arff", 1500, 20, "205,220,208,220,204,236,207", 0},
    {"segment-test.arff", 810, 20, "125,110,122,110,126,94,123", 0},
    {"soybean.arff", 683, 36, "20,20,20,88,44,20,20,92,20,20,20,44,20,91,91,15,14,16,8", 0},
    {"supermarket.arff", 4627, 217, "2948,1679", 0},
    {"unbalanced.arff", 856, 33, "12,844", 0},
    {"vote.arff", 435, 17, "267,168", 0},
    {"weather.nominal.arff", 14, 5, "9,5", 0},
    {"weather.numeric.arff", 14, 5, "9,5", 0},
};
#define N_WEKA (sizeof weka / sizeof weka[0])

static int weka_installed(void)
{
    FILE *f = fopen(WEKA_DIR "/iris.arff", "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

START_TEST(weka_example)
{
    const struct weka_file *w = &weka[_i];
    char path[512], counts[512];
    clearn_error err = {0, ""};
    clearn_dataset *ds;
    size_t last;
    if (!weka_installed())
        return;   /* package weka not installed: the fixtures still run */
    snprintf(path, sizeof path, "%s/%s", WEKA_DIR, w->file);
    ds = read_path(path, w->file, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_uint_eq(clearn_dataset_rows(ds), w->rows);
    ck_assert_uint_eq(clearn_dataset_attrs(ds), w->attrs);
    ck_assert_uint_eq(clearn_dataset_class(ds), CLEARN_NONE);   /* lib/io.c sets it */
    last = w->attrs - 1;
    if (w->class_counts) {
        ck_assert_int_eq(clearn_dataset_attr_kind(ds, last), CLEARN_NOMINAL);
        counts_text(ds, last, counts, sizeof counts);
        ck_assert_str_eq(counts, w->class_counts);
    } else {
        ck_assert_int_eq(clearn_dataset_attr_kind(ds, last), CLEARN_NUMERIC);
        ck_assert_double_eq(column_sum(ds, last), w->class_sum);
    }
    assert_round_trip(ds);
    clearn_dataset_free(ds);
}
END_TEST

/* Every .arff file of the directory is in the table above. */
START_TEST(weka_all_listed)
{
    DIR *dir = opendir(WEKA_DIR);
    struct dirent *e;
    size_t seen = 0;
    if (!dir)
        return;
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name), i;
        if (len < 5 || strcmp(e->d_name + len - 5, ".arff") != 0)
            continue;
        for (i = 0; i < N_WEKA && strcmp(weka[i].file, e->d_name) != 0; i++)
            ;
        ck_assert_msg(i < N_WEKA, "%s is not tested", e->d_name);
        seen++;
    }
    closedir(dir);
    ck_assert_uint_eq(seen, N_WEKA);
}
END_TEST

START_TEST(weka_details)
{
    clearn_error err = {0, ""};
    clearn_dataset *ds;
    const char *text;
    if (!weka_installed())
        return;
    /* A string attribute: one category per distinct text, escapes decoded. */
    ds = read_path(WEKA_DIR "/ReutersCorn-train.arff", "corn", &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_str_eq(clearn_dataset_attr_name(ds, 0), "Text");
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 0), CLEARN_NOMINAL);
    ck_assert_uint_gt(clearn_dataset_categories(ds, 0), 1500);
    ck_assert_double_eq(clearn_dataset_get(ds, 0, 0), 0);
    text = clearn_dataset_category(ds, 0, 0);
    {
        static const char start[] = "BAHIA COCOA REVIEW Showers continued throughout the week "
                                    "in\nthe Bahia cocoa zone";
        ck_assert(strncmp(text, start, strlen(start)) == 0);
    }
    clearn_dataset_free(ds);
    /* '%' after an @attribute line is a comment. */
    ds = read_path(WEKA_DIR "/supermarket.arff", "supermarket", &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_str_eq(clearn_dataset_attr_name(ds, 216), "total");
    ck_assert_uint_eq(clearn_dataset_categories(ds, 216), 2);
    ck_assert_str_eq(clearn_dataset_category(ds, 216, 1), "high");
    ck_assert_uint_eq(clearn_dataset_categories(ds, 0), 1);
    ck_assert_str_eq(clearn_dataset_category(ds, 0, 0), "t");
    clearn_dataset_free(ds);
}
END_TEST

/* ---- fixtures ---------------------------------------------------------------- */

START_TEST(weather_nominal)
{
    static const char *const names[] = {"outlook", "temperature", "humidity", "windy", "play"};
    /* sunny,hot,high,FALSE,no and rainy,mild,high,TRUE,no */
    static const double first[] = {0, 0, 0, 1, 1}, last[] = {2, 1, 0, 0, 1};
    clearn_error err = {0, ""};
    clearn_dataset *ds = read_fixture("weather.nominal.arff", &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_str_eq(clearn_dataset_relation(ds), "weather.symbolic");
    ck_assert_uint_eq(clearn_dataset_rows(ds), 14);
    ck_assert_uint_eq(clearn_dataset_attrs(ds), 5);
    for (size_t j = 0; j < 5; j++) {
        ck_assert_str_eq(clearn_dataset_attr_name(ds, j), names[j]);
        ck_assert_int_eq(clearn_dataset_attr_kind(ds, j), CLEARN_NOMINAL);
        ck_assert_double_eq(clearn_dataset_get(ds, 0, j), first[j]);
        ck_assert_double_eq(clearn_dataset_get(ds, 13, j), last[j]);
    }
    ck_assert_str_eq(clearn_dataset_category(ds, 0, 1), "overcast");
    ck_assert_str_eq(clearn_dataset_category(ds, 3, 0), "TRUE");
    assert_round_trip(ds);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(iris)
{
    clearn_error err = {0, ""};
    clearn_dataset *ds = read_fixture("iris.arff", &err);
    char counts[64];
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_str_eq(clearn_dataset_relation(ds), "iris");
    ck_assert_uint_eq(clearn_dataset_rows(ds), 150);
    ck_assert_uint_eq(clearn_dataset_attrs(ds), 5);
    ck_assert_str_eq(clearn_dataset_attr_name(ds, 0), "sepallength");
    for (size_t j = 0; j < 4; j++)
        ck_assert_int_eq(clearn_dataset_attr_kind(ds, j), CLEARN_NUMERIC);
    ck_assert_uint_eq(clearn_dataset_categories(ds, 4), 3);
    ck_assert_str_eq(clearn_dataset_category(ds, 4, 2), "Iris-virginica");
    counts_text(ds, 4, counts, sizeof counts);
    ck_assert_str_eq(counts, "50,50,50");
    /* 5.1,3.5,1.4,0.2 exactly as strtod reads them */
    ck_assert(clearn_dataset_get(ds, 0, 0) == 5.1 && clearn_dataset_get(ds, 0, 1) == 3.5);
    ck_assert(clearn_dataset_get(ds, 0, 2) == 1.4 && clearn_dataset_get(ds, 0, 3) == 0.2);
    ck_assert_double_eq_tol(column_sum(ds, 0), 876.5, 1e-9);
    ck_assert_double_eq_tol(column_sum(ds, 3), 179.8, 1e-9);   /* Weka's copy */
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(labor_missing)
{
    clearn_error err = {0, ""};
    clearn_dataset *ds = read_fixture("labor.arff", &err);
    clearn_summary s;
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_str_eq(clearn_dataset_relation(ds), "labor-neg-data");
    ck_assert_uint_eq(clearn_dataset_rows(ds), 57);
    ck_assert_uint_eq(clearn_dataset_attrs(ds), 17);
    /* 1,5,?,?,?,40,?,?,2,?,11,'average',?,?,'yes',?,'good' */
    ck_assert_double_eq(clearn_dataset_get(ds, 0, 0), 1);
    ck_assert(isnan(clearn_dataset_get(ds, 0, 2)));
    ck_assert(isnan(clearn_dataset_get(ds, 0, 4)));
    ck_assert_double_eq(clearn_dataset_get(ds, 0, 11), 1);   /* average */
    ck_assert_double_eq(clearn_dataset_get(ds, 0, 16), 1);   /* good */
    ck_assert_int_eq(clearn_dataset_summary(ds, 1, &s, NULL), CLEARN_OK);
    ck_assert_uint_eq(s.missing, 1);   /* wage-increase-first-year */
    ck_assert_int_eq(clearn_dataset_summary(ds, 3, &s, NULL), CLEARN_OK);
    ck_assert_uint_eq(s.missing, 42);  /* wage-increase-third-year */
    assert_round_trip(ds);
    clearn_dataset_free(ds);
}
END_TEST

/* Quoting, escapes, comments, case, sparse rows, weights, dates. */
START_TEST(features)
{
    static const char *const names[] = {"a b", "c\"d", "int", "r", "s", "t", "d"};
    static const double rows[][7] = {
        {1.5, 0, 3, -2000, 0, 986299932, 86400},
        {NAN, 1, 0, 0.5, 0, NAN, NAN},
        {7, 2, 0, 0, 1, 0, 0},
        {0, 0, 0, 0, 0, 0, 0},
        {-0.0, 3, 1, 2, 0, 1, 951868800},
        {0, 0, 0, 0, 0, -62135596800.0, 253402214400.0},   /* weight {3} ignored */
    };
    clearn_error err = {0, ""};
    clearn_dataset *ds = read_fixture("features.arff", &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_str_eq(clearn_dataset_relation(ds), "my relation");
    ck_assert_uint_eq(clearn_dataset_attrs(ds), 7);
    ck_assert_uint_eq(clearn_dataset_rows(ds), 6);
    for (size_t j = 0; j < 7; j++)
        ck_assert_str_eq(clearn_dataset_attr_name(ds, j), names[j]);
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 5), CLEARN_NUMERIC);   /* dates */
    ck_assert_uint_eq(clearn_dataset_categories(ds, 1), 4);
    ck_assert_str_eq(clearn_dataset_category(ds, 1, 0), "x");
    ck_assert_str_eq(clearn_dataset_category(ds, 1, 1), "y z");
    ck_assert_str_eq(clearn_dataset_category(ds, 1, 2), "w,v");
    ck_assert_str_eq(clearn_dataset_category(ds, 1, 3), "q'r");
    ck_assert_uint_eq(clearn_dataset_categories(ds, 4), 2);   /* string */
    ck_assert_str_eq(clearn_dataset_category(ds, 4, 0), "hello");
    ck_assert_str_eq(clearn_dataset_category(ds, 4, 1), "two words");
    for (size_t i = 0; i < 6; i++) {
        for (size_t j = 0; j < 7; j++) {
            double v = clearn_dataset_get(ds, i, j);
            if (isnan(rows[i][j]))
                ck_assert_msg(isnan(v), "row %zu attr %zu", i, j);
            else
                ck_assert_msg(v == rows[i][j], "row %zu attr %zu: %.17g", i, j, v);
        }
    }
    ck_assert(signbit(clearn_dataset_get(ds, 4, 0)));   /* -0 kept */
    assert_round_trip(ds);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(crlf_bom_and_empty)
{
    clearn_error err = {0, ""};
    clearn_dataset *ds = read_fixture("crlf_bom.arff", &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_str_eq(clearn_dataset_relation(ds), "crlf");
    ck_assert_uint_eq(clearn_dataset_rows(ds), 3);
    ck_assert_double_eq(clearn_dataset_get(ds, 1, 0), 2);
    ck_assert_double_eq(clearn_dataset_get(ds, 1, 1), 1);
    ck_assert(isnan(clearn_dataset_get(ds, 2, 1)));   /* last line without EOL */
    clearn_dataset_free(ds);
    ds = read_fixture("header_only.arff", &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_uint_eq(clearn_dataset_rows(ds), 0);
    ck_assert_uint_eq(clearn_dataset_attrs(ds), 2);
    assert_round_trip(ds);
    clearn_dataset_free(ds);
    /* No @relation: the dataset's default name. */
    ds = read_text("@attribute x numeric\n@data\n1\n", &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_str_eq(clearn_dataset_relation(ds), "data");
    clearn_dataset_free(ds);
}
END_TEST

/* ---- the writer --------------------------------------------------------------- */

START_TEST(writer_quoting)
{
    static const char *const expect =
        "@relation 'tab\\there'\n"
        "\n"
        "@attribute 'line\\nbreak' {'back\\\\slash','per\\%cent','dq\\\"','?',x,'@at',"
        "'a{b}c'}\n"
        "@attribute w numeric\n"
        "\n"
        "@data\n"
        "'back\\\\slash',1\n'per\\%cent',2\n'dq\\\"',3\n'?',4\n?,5\n'@at',6\n'a{b}c',7\nx,8\n";
    clearn_error err = {0, ""};
    clearn_dataset *ds = read_fixture("escapes.arff", &err);
    char *text;
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_str_eq(clearn_dataset_relation(ds), "tab\there");
    ck_assert_str_eq(clearn_dataset_attr_name(ds, 0), "line\nbreak");
    ck_assert_str_eq(clearn_dataset_category(ds, 0, 0), "back\\slash");
    ck_assert_str_eq(clearn_dataset_category(ds, 0, 1), "per%cent");
    ck_assert_str_eq(clearn_dataset_category(ds, 0, 2), "dq\"");
    ck_assert_str_eq(clearn_dataset_category(ds, 0, 3), "?");
    ck_assert_double_eq(clearn_dataset_get(ds, 3, 0), 3);    /* '?' is a category */
    ck_assert(isnan(clearn_dataset_get(ds, 4, 0)));           /* ? is missing */
    text = write_text(ds);
    ck_assert_str_eq(text, expect);
    free(text);
    assert_round_trip(ds);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(writer_numbers)
{
    static const double x[] = {0.1, 1e300, -0.0, 5e-324, NAN, 1.0 / 3};
    static const char *const names[] = {"v"};
    clearn_error err = {0, ""};
    clearn_dataset *ds = clearn_dataset_from_arrays(6, 1, x, names, NULL, NULL, 0, &err);
    char *text;
    ck_assert_msg(ds != NULL, "%s", err.text);
    text = write_text(ds);
    ck_assert_str_eq(text, "@relation data\n\n@attribute v numeric\n\n@data\n"
                     "0.1\n1e+300\n-0\n5e-324\n?\n0.3333333333333333\n");
    free(text);
    assert_round_trip(ds);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(writer_io_error)
{
    clearn_error err = {0, ""};
    clearn_dataset *ds = read_fixture("weather.nominal.arff", &err);
    FILE *f = fopen(src_path("tests/data/arff/iris.arff"), "rb");   /* not writable */
    ck_assert(ds != NULL && f != NULL);
    ck_assert_int_eq(clearn__write_arff(ds, f, &err), CLEARN_EIO);
    ck_assert_int_eq(err.code, CLEARN_EIO);
    ck_assert_str_eq(err.text, "error writing ARFF output (disk full, or the stream is not "
                     "open for writing?)");
    fclose(f);
    if ((f = fopen("/dev/full", "wb")) != NULL) {   /* fails when flushed */
        err.code = 0;
        ck_assert_int_eq(clearn__write_arff(ds, f, &err), CLEARN_EIO);
        ck_assert_int_eq(err.code, CLEARN_EIO);
        fclose(f);
    }
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(read_io_error)
{
    clearn_error err = {0, ""};
    FILE *f = fopen(build_path("tests/check_io_arff.tmp"), "wb");   /* not readable */
    ck_assert(f != NULL);
    ck_assert(read_stream(f, "out.arff", &err) == NULL);
    ck_assert_int_eq(err.code, CLEARN_EIO);
    ck_assert_str_eq(err.text, "out.arff: read error");
    fclose(f);
    remove(build_path("tests/check_io_arff.tmp"));
}
END_TEST

/* Through the public API: lib/io.c picks the reader and sets the class. */
START_TEST(public_api)
{
    clearn_error err = {0, ""};
    clearn_dataset *ds = clearn_read(src_path("tests/data/arff/iris.arff"), NULL, &err), *back;
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_uint_eq(clearn_dataset_class(ds), 4);
    ck_assert_int_eq(clearn_write(ds, build_path("tests/check_io_arff_out.arff"),
                                  CLEARN_FORMAT_AUTO, &err), CLEARN_OK);
    back = clearn_read(build_path("tests/check_io_arff_out.arff"), NULL, &err);
    ck_assert_msg(back != NULL, "%s", err.text);
    assert_same(ds, back);
    ck_assert_uint_eq(clearn_dataset_class(back), 4);
    remove(build_path("tests/check_io_arff_out.arff"));
    clearn_dataset_free(back);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- bad input ------------------------------------------------------------------- */

static const struct bad_file {
    const char *file, *text;
} bad[] = {
    {"bad_category.arff", "bad_category.arff:6:1: 'blue' is not a category of attribute 'color'"},
    {"bad_number.arff", "bad_number.arff:5:6: 'abc' is not a number (attribute 'x' is numeric)"},
    {"bad_too_few.arff", "bad_too_few.arff:6:6: wrong number of values: found 1, expected 2"},
    {"bad_too_many.arff", "bad_too_many.arff:5:9: wrong number of values: found 4, expected 2"},
    {"bad_empty_value.arff", "bad_empty_value.arff:5:5: missing value for attribute 'x' "
     "(found ','; write ? for a missing value)"},
    {"bad_dup_attr.arff", "bad_dup_attr.arff:4:12: attribute 'x' is declared twice"},
    {"bad_no_data.arff", "bad_no_data.arff:3:1: end of file before @data: not a complete "
     "ARFF file"},
    {"bad_no_attrs.arff", "bad_no_attrs.arff:3:1: no @attribute declarations before @data"},
    {"bad_unknown_type.arff", "bad_unknown_type.arff:2:14: unknown type 'float' of attribute "
     "'x' (expected numeric, real, integer, string, date or {categories})"},
    {"bad_no_type.arff", "bad_no_type.arff:2:13: attribute 'x' has no type"},
    {"bad_quote_header.arff", "bad_quote_header.arff:2:12: unterminated quote: no closing ' "
     "on this line"},
    {"bad_quote_data.arff", "bad_quote_data.arff:5:1: unterminated quote: no closing ' on "
     "this line"},
    {"bad_brace_header.arff", "bad_brace_header.arff:2:19: unterminated category list of "
     "attribute 'c': missing '}'"},
    {"bad_brace_data.arff", "bad_brace_data.arff:5:12: unterminated sparse row: missing '}'"},
    {"bad_attr_after_data.arff", "bad_attr_after_data.arff:6:1: @attribute after @data"},
    {"bad_sparse_range.arff", "bad_sparse_range.arff:5:9: attribute index 2 out of range "
     "(0 to 1)"},
    {"bad_sparse_order.arff", "bad_sparse_order.arff:5:7: attribute index 0 is not greater "
     "than the previous one (1): indices must increase"},
    {"bad_sparse_repeat.arff", "bad_sparse_repeat.arff:5:7: attribute index 1 is not greater "
     "than the previous one (1): indices must increase"},
    {"bad_sparse_index.arff", "bad_sparse_index.arff:5:2: 'a' is not an attribute index"},
    {"bad_date_format.arff", "bad_date_format.arff:2:22: date format 'dd/MM/yyyy' of attribute "
     "'when' is not supported (only yyyy-MM-dd'T'HH:mm:ss, yyyy-MM-dd HH:mm:ss and "
     "yyyy-MM-dd); convert the dates to numbers"},
    {"bad_date_value.arff", "bad_date_value.arff:4:1: '2001-02-29T00:00:00' is not a date in "
     "the format of attribute 'when' (yyyy-MM-ddTHH:mm:ss)"},
    {"bad_relational.arff", "bad_relational.arff:2:16: relational attribute 'bag' is not "
     "supported"},
    {"bad_dup_category.arff", "bad_dup_category.arff:2:21: category 'a' is listed twice in "
     "attribute 'c'"},
    {"bad_missing_category.arff", "bad_missing_category.arff:2:18: '?' means a missing value; "
     "quote it to use it as a category of attribute 'c'"},
    {"bad_empty_category.arff", "bad_empty_category.arff:2:18: empty category name in "
     "attribute 'c'"},
    {"bad_empty_string.arff", "bad_empty_string.arff:4:1: empty string in attribute 's' (not "
     "supported: categories must be non-empty)"},
    {"bad_keyword.arff", "bad_keyword.arff:3:1: unknown keyword '@foo' (expected @relation, "
     "@attribute or @data)"},
    {"bad_text_header.arff", "bad_text_header.arff:1:1: expected @relation, @attribute or "
     "@data, found 'hello'"},
    {"bad_weight.arff", "bad_weight.arff:5:10: expected an instance weight (a number) after "
     "'{'"},
    {"bad_sparse_string.arff", "bad_sparse_string.arff:5:1: a sparse row leaves attribute 's' "
     "at its first category, but it has none"},
    {"bad_relation_twice.arff", "bad_relation_twice.arff:3:1: @relation must come once, before "
     "any @attribute"},
    {"bad_after_type.arff", "bad_after_type.arff:2:22: unexpected text after the attribute "
     "type"},
    {"bad_trailing.arff", "bad_trailing.arff:5:8: wrong number of values: found 3, expected 2"},
    {"bad_nul.arff", "bad_nul.arff:5:2: NUL byte: this is not a text file"},
    {"bad_binary.arff", "bad_binary.arff:1:1: expected @relation, @attribute or @data, found "
     "'\x89PNG'"},
};

START_TEST(bad_input)
{
    clearn_error err = {0, ""};
    clearn_dataset *ds = read_fixture(bad[_i].file, &err);
    ck_assert_msg(ds == NULL, "%s was accepted", bad[_i].file);
    ck_assert_int_eq(err.code, CLEARN_EPARSE);
    ck_assert_str_eq(err.text, bad[_i].text);
}
END_TEST

START_TEST(bad_input_inline)
{
    clearn_error err = {0, ""};
    ck_assert(read_text("", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:1:1: end of file before @data: not a complete ARFF file");
    ck_assert(read_text("@attribute x numeric\n@data\n1,{2\n", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:3:5: expected '}' after the instance weight");
    ck_assert(read_text("@attribute x numeric\n@data\n{0 1}}\n", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:3:6: unexpected '}' after the sparse row");
    ck_assert(read_text("@attribute x numeric\n@data\n{0 1 2}\n", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:3:6: expected ',' or '}' in the sparse row, found text");
    ck_assert(read_text("@attribute x numeric\n@data\n{0,}\n", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:3:3: expected a value after index 0, found ','");
    ck_assert(read_text("@attribute x numeric\n@data\n{99999999999999999999999 1}\n", &err)
              == NULL);
    ck_assert_str_eq(err.text, "mem.arff:3:2: attribute index 99999999999999999999999 out of "
                     "range (0 to 0)");
    ck_assert(read_text("@attribute x numeric\n@data\n1,\n", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:3:3: trailing ',' after the last value");
    ck_assert(read_text("@attribute x numeric\n@data\n1}\n", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:3:2: expected ',' or the end of the row, found '}'");
    ck_assert(read_text("@attribute x {a}\n@attribute y numeric\n@data\na 1\n", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:4:3: expected ',' after value 1, found text");
    ck_assert(read_text("@attribute\n", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:1:11: @attribute needs a name, found end of line");
    ck_assert(read_text("@attribute '' numeric\n", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:1:12: empty attribute name");
    ck_assert(read_text("@relation\n", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:1:10: @relation needs a name");
    ck_assert(read_text("@attribute d date {x}\n", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:1:19: expected a date format, found '{'");
    ck_assert(read_text("@attribute x {a}\n@data\n,\n", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:3:1: missing value for attribute 'x' (found ','; "
                     "write ? for a missing value)");
    ck_assert(read_text("@attribute x {a} b\n", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:1:18: unexpected text after the category list");
    ck_assert(read_text("@attribute x {a b}\n", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:1:17: expected ',' or '}' in the categories of "
                     "attribute 'x', found text");
    ck_assert(read_text("@attribute x numeric\n@data\n1,{2} 3\n", &err) == NULL);
    ck_assert_str_eq(err.text, "mem.arff:3:7: unexpected text after the instance weight");
}
END_TEST

/* ---- allocation failures ----------------------------------------------------------- */

START_TEST(alloc_failures)
{
    long k;
    for (k = 0;; k++) {
        clearn_error err = {0, ""};
        clearn_dataset *ds;
        FILE *f = fopen(src_path("tests/data/arff/features.arff"), "rb");
        ck_assert(f != NULL);
        clearn__alloc_fail_after(k);
        ds = read_stream(f, "features.arff", &err);
        clearn__alloc_fail_after(-1);
        fclose(f);
        if (ds) {
            ck_assert_uint_eq(clearn_dataset_rows(ds), 6);
            clearn_dataset_free(ds);
            break;
        }
        ck_assert_msg(err.code == CLEARN_ENOMEM, "k=%ld: %s", k, err.text);
    }
    ck_assert_int_gt(k, 10);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("io_arff");
    TCase *tc = tcase_create("arff");
    tcase_add_loop_test(tc, weka_example, 0, (int)N_WEKA);
    tcase_add_test(tc, weka_all_listed);
    tcase_add_test(tc, weka_details);
    tcase_add_test(tc, weather_nominal);
    tcase_add_test(tc, iris);
    tcase_add_test(tc, labor_missing);
    tcase_add_test(tc, features);
    tcase_add_test(tc, crlf_bom_and_empty);
    tcase_add_test(tc, writer_quoting);
    tcase_add_test(tc, writer_numbers);
    tcase_add_test(tc, writer_io_error);
    tcase_add_test(tc, read_io_error);
    tcase_add_test(tc, public_api);
    tcase_add_loop_test(tc, bad_input, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, bad_input_inline);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(suite());
}
