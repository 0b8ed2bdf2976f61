/* Tests of the LIBSVM / svmlight reader and writer (lib/io_libsvm.c):
 * liblinear's heart_scale example, fixtures for the syntax and every parse
 * error, the options that force kinds, the writer, output errors and
 * allocation failures. */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include "testutil.h"
#include "internal.h"

static clearn_dataset *read_with(const char *file, const clearn_read_options *opt,
                                 clearn_error *err)
{
    char rel[256];
    FILE *f;
    clearn_dataset *ds;
    snprintf(rel, sizeof rel, "tests/data/libsvm/%s", file);
    f = fopen(src_path(rel), "rb");
    ck_assert_msg(f != NULL, "cannot open %s", rel);
    ds = clearn__read_libsvm(f, file, opt, err);
    fclose(f);
    return ds;
}

static clearn_dataset *read_fixture(const char *file, clearn_error *err)
{
    clearn_read_options opt;
    clearn_read_options_init(&opt);
    return read_with(file, &opt, err);
}

static clearn_dataset *read_text(const char *text, const clearn_read_options *opt,
                                 clearn_error *err)
{
    FILE *f = tmpfile();
    clearn_read_options defaults;
    clearn_dataset *ds;
    clearn_read_options_init(&defaults);
    ck_assert(f != NULL);
    ck_assert_uint_eq(fwrite(text, 1, strlen(text), f), strlen(text));
    rewind(f);
    ds = clearn__read_libsvm(f, "mem.svm", opt ? opt : &defaults, err);
    fclose(f);
    return ds;
}

/* The writer's output for ds (which must succeed). */
static char *write_text(const clearn_dataset *ds)
{
    FILE *f = tmpfile();
    clearn_error err = {0, ""};
    long size;
    char *text;
    ck_assert(f != NULL);
    ck_assert_msg(clearn__write_libsvm(ds, f, &err) == CLEARN_OK, "%s", err.text);
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
    ck_assert_uint_eq(clearn_dataset_rows(b), n);
    ck_assert_uint_eq(clearn_dataset_attrs(b), d);
    for (size_t j = 0; j < d; j++) {
        ck_assert_str_eq(clearn_dataset_attr_name(a, j), clearn_dataset_attr_name(b, j));
        ck_assert_int_eq(clearn_dataset_attr_kind(a, j), clearn_dataset_attr_kind(b, j));
        ck_assert_uint_eq(clearn_dataset_categories(a, j), clearn_dataset_categories(b, j));
        for (size_t c = 0; c < clearn_dataset_categories(a, j); c++)
            ck_assert_str_eq(clearn_dataset_category(a, j, c), clearn_dataset_category(b, j, c));
    }
    ck_assert(memcmp(clearn_dataset_data(a), clearn_dataset_data(b), n * d * sizeof(double)) == 0);
}

static void check_row(const clearn_dataset *ds, size_t i, const double *want)
{
    for (size_t j = 0; j < clearn_dataset_attrs(ds); j++)
        ck_assert_msg(clearn_dataset_get(ds, i, j) == want[j], "row %zu, attribute %zu: %.17g",
                      i, j, clearn_dataset_get(ds, i, j));
}

/* ---- heart_scale ---------------------------------------------------------------- */

START_TEST(heart_scale)
{
    /* +1 1:0.708333 2:1 3:1 4:-0.320755 5:-0.105023 6:-1 7:1 8:-0.419847 9:-1
     *    10:-0.225806 12:1 13:-1 */
    static const double row0[] = {0.708333, 1, 1, -0.320755, -0.105023, -1, 1, -0.419847, -1,
                                  -0.225806, 0, 1, -1, 1};
    clearn_error err = {0, ""};
    clearn_dataset *ds = read_fixture("heart_scale", &err), *back;
    size_t counts[2];
    char *text, *nl;
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_uint_eq(clearn_dataset_rows(ds), 270);
    ck_assert_uint_eq(clearn_dataset_attrs(ds), 14);
    ck_assert_uint_eq(clearn_dataset_class(ds), CLEARN_NONE);   /* lib/io.c sets it */
    ck_assert_str_eq(clearn_dataset_attr_name(ds, 0), "f1");
    ck_assert_str_eq(clearn_dataset_attr_name(ds, 12), "f13");
    ck_assert_str_eq(clearn_dataset_attr_name(ds, 13), "class");
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 13), CLEARN_NOMINAL);
    ck_assert_uint_eq(clearn_dataset_categories(ds, 13), 2);
    ck_assert_str_eq(clearn_dataset_category(ds, 13, 0), "-1");
    ck_assert_str_eq(clearn_dataset_category(ds, 13, 1), "1");
    ck_assert_int_eq(clearn_dataset_category_counts(ds, 13, counts, NULL), CLEARN_OK);
    ck_assert_uint_eq(counts[0], 150);
    ck_assert_uint_eq(counts[1], 120);
    check_row(ds, 0, row0);
    ck_assert(clearn_dataset_get(ds, 2, 7) == 0.0687023);
    /* Written back: "+1" becomes the category's text "1"; zeros are left out. */
    ck_assert_int_eq(clearn_dataset_set_class(ds, 13, NULL), CLEARN_OK);
    text = write_text(ds);
    nl = strchr(text, '\n');
    ck_assert(nl != NULL);
    *nl = '\0';
    ck_assert_str_eq(text, "1 1:0.708333 2:1 3:1 4:-0.320755 5:-0.105023 6:-1 7:1 "
                     "8:-0.419847 9:-1 10:-0.225806 12:1 13:-1");
    *nl = '\n';
    back = read_text(text, NULL, &err);
    ck_assert_msg(back != NULL, "%s", err.text);
    assert_same(ds, back);
    clearn_dataset_free(back);
    free(text);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- the syntax ----------------------------------------------------------------- */

START_TEST(features)
{
    /* classes sorted numerically: -1, 0, 1, 2 */
    static const double rows[4][4] = {{0.5, 0, -2, 2}, {0, 1000, 0, 0}, {1, 2, 3, 3},
                                      {0, 0, 0, 1}};
    clearn_error err = {0, ""};
    clearn_dataset *ds = read_fixture("features.svm", &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_uint_eq(clearn_dataset_rows(ds), 4);
    ck_assert_uint_eq(clearn_dataset_attrs(ds), 4);
    ck_assert_uint_eq(clearn_dataset_categories(ds, 3), 4);
    ck_assert_str_eq(clearn_dataset_category(ds, 3, 0), "-1");
    ck_assert_str_eq(clearn_dataset_category(ds, 3, 1), "0");
    ck_assert_str_eq(clearn_dataset_category(ds, 3, 3), "2");
    for (size_t i = 0; i < 4; i++)
        check_row(ds, i, rows[i]);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(regression)
{
    static const double rows[3][3] = {{1, 0, 0.5}, {0, -0.000001, -1.25}, {2, 4, 3}};
    clearn_error err = {0, ""};
    clearn_dataset *ds = read_fixture("regression.svm", &err), *back;
    char *text;
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_uint_eq(clearn_dataset_attrs(ds), 3);
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 2), CLEARN_NUMERIC);
    for (size_t i = 0; i < 3; i++)
        check_row(ds, i, rows[i]);
    ck_assert_int_eq(clearn_dataset_set_class(ds, 2, NULL), CLEARN_OK);
    text = write_text(ds);
    ck_assert_str_eq(text, "0.5 1:1\n-1.25 2:-1e-06\n3 1:2 2:4\n");
    back = read_text(text, NULL, &err);
    ck_assert_msg(back != NULL, "%s", err.text);
    assert_same(ds, back);
    clearn_dataset_free(back);
    free(text);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(n_features)
{
    clearn_read_options opt;
    clearn_error err = {0, ""};
    clearn_dataset *ds;
    clearn_read_options_init(&opt);
    opt.n_features = 6;
    ds = read_with("features.svm", &opt, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_uint_eq(clearn_dataset_attrs(ds), 7);
    ck_assert_str_eq(clearn_dataset_attr_name(ds, 5), "f6");
    ck_assert_str_eq(clearn_dataset_attr_name(ds, 6), "class");
    ck_assert_double_eq(clearn_dataset_get(ds, 2, 5), 0);
    ck_assert_double_eq(clearn_dataset_get(ds, 2, 6), 3);
    clearn_dataset_free(ds);
    opt.n_features = 2;
    ck_assert(read_with("features.svm", &opt, &err) == NULL);
    ck_assert_int_eq(err.code, CLEARN_EPARSE);
    ck_assert_str_eq(err.text, "features.svm:3:10: feature index 3 exceeds the number of "
                     "features (2)");
}
END_TEST

/* ---- options forcing kinds ---------------------------------------------------------- */

START_TEST(forced_kinds)
{
    static const char *const nom_f2[] = {"f2", "f99", "other", "f2"};
    static const char *const num_class[] = {"class"};
    static const char *const nom_class[] = {"class"};
    static const char *const both[] = {"f1"};
    clearn_read_options opt;
    clearn_error err = {0, ""};
    clearn_dataset *ds;
    clearn_read_options_init(&opt);
    /* f2's values 0, 1000, 2, 0 give categories 0 < 2 < 1000; names not
     * in the file are left for lib/io.c to report. */
    opt.nominal = nom_f2;
    opt.n_nominal = 4;
    ds = read_with("features.svm", &opt, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 1), CLEARN_NOMINAL);
    ck_assert_uint_eq(clearn_dataset_categories(ds, 1), 3);
    ck_assert_str_eq(clearn_dataset_category(ds, 1, 0), "0");
    ck_assert_str_eq(clearn_dataset_category(ds, 1, 1), "2");
    ck_assert_str_eq(clearn_dataset_category(ds, 1, 2), "1000");
    ck_assert_double_eq(clearn_dataset_get(ds, 0, 1), 0);
    ck_assert_double_eq(clearn_dataset_get(ds, 1, 1), 2);
    ck_assert_double_eq(clearn_dataset_get(ds, 2, 1), 1);
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 3), CLEARN_NOMINAL);   /* still inferred */
    clearn_dataset_free(ds);
    /* An integer label forced numeric. */
    clearn_read_options_init(&opt);
    opt.numeric = num_class;
    opt.n_numeric = 1;
    ds = read_with("features.svm", &opt, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 3), CLEARN_NUMERIC);
    ck_assert_double_eq(clearn_dataset_get(ds, 1, 3), -1);
    ck_assert_double_eq(clearn_dataset_get(ds, 2, 3), 2);
    clearn_dataset_free(ds);
    /* A real label forced nominal. */
    clearn_read_options_init(&opt);
    opt.nominal = nom_class;
    opt.n_nominal = 1;
    ds = read_with("regression.svm", &opt, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 2), CLEARN_NOMINAL);
    ck_assert_uint_eq(clearn_dataset_categories(ds, 2), 3);
    ck_assert_str_eq(clearn_dataset_category(ds, 2, 0), "-1.25");
    ck_assert_str_eq(clearn_dataset_category(ds, 2, 1), "0.5");
    ck_assert_str_eq(clearn_dataset_category(ds, 2, 2), "3");
    ck_assert_double_eq(clearn_dataset_get(ds, 0, 2), 1);
    clearn_dataset_free(ds);
    /* Both at once. */
    clearn_read_options_init(&opt);
    opt.nominal = both;
    opt.n_nominal = 1;
    opt.numeric = both;
    opt.n_numeric = 1;
    ck_assert(read_with("features.svm", &opt, &err) == NULL);
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "attribute 'f1' is listed as both nominal and numeric");
}
END_TEST

/* ---- the writer ---------------------------------------------------------------------- */

START_TEST(writer_nominal)
{
    static const double x[] = {0, 1.5, 2, 0, 0, 0};
    static const double y[] = {1, 0, 2};
    static const char *const classes[] = {"no", "yes", "maybe"};
    static const char *const colours[] = {"red", "green", "blue"};
    clearn_error err = {0, ""};
    clearn_dataset *ds = clearn_dataset_from_arrays(3, 2, x, NULL, y, classes, 3, &err);
    char *text;
    size_t j;
    ck_assert_msg(ds != NULL, "%s", err.text);
    /* A nominal feature is written as codes. */
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "colour", colours, 3, &j, NULL), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_set(ds, 0, j, 2, NULL), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_set(ds, 1, j, 0, NULL), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_set(ds, 2, j, 1, NULL), CLEARN_OK);
    text = write_text(ds);   /* class (attribute 3 of 4) not numeric text: codes */
    ck_assert_str_eq(text, "1 2:1.5 3:2\n0 1:2\n2 3:1\n");
    free(text);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(writer_errors)
{
    static const double x[] = {1, 2, NAN, 4};
    static const double y[] = {0, 1};
    static const char *const classes[] = {"-1", "+1"};
    clearn_error err = {0, ""};
    clearn_dataset *ds = clearn_dataset_from_arrays(2, 2, x, NULL, y, classes, 2, &err);
    FILE *f = tmpfile();
    ck_assert(ds != NULL && f != NULL);
    ck_assert_int_eq(clearn__write_libsvm(ds, f, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "row 2, attribute 'x1': missing value (the LIBSVM format has "
                     "none; impute or drop it)");
    ck_assert_int_eq(ftell(f), 0);   /* nothing written */
    ck_assert_int_eq(clearn_dataset_set(ds, 1, 0, 3, NULL), CLEARN_OK);
    {
        char *text = write_text(ds);   /* category names that are numbers */
        ck_assert_str_eq(text, "-1 1:1 2:2\n+1 1:3 2:4\n");
        free(text);
    }
    ck_assert_int_eq(clearn_dataset_set_class(ds, CLEARN_NONE, NULL), CLEARN_OK);
    ck_assert_int_eq(clearn__write_libsvm(ds, f, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "the LIBSVM format needs a class attribute (the label): set one "
                     "first");
    fclose(f);
    ck_assert_int_eq(clearn_dataset_set_class(ds, 2, NULL), CLEARN_OK);
    f = fopen(src_path("tests/data/libsvm/heart_scale"), "rb");   /* not writable */
    ck_assert(f != NULL);
    ck_assert_int_eq(clearn__write_libsvm(ds, f, &err), CLEARN_EIO);
    ck_assert_str_eq(err.text, "error writing LIBSVM output (disk full, or the stream is not "
                     "open for writing?)");
    fclose(f);
    if ((f = fopen("/dev/full", "wb")) != NULL) {
        err.code = 0;
        ck_assert_int_eq(clearn__write_libsvm(ds, f, &err), CLEARN_EIO);
        ck_assert_int_eq(err.code, CLEARN_EIO);
        fclose(f);
    }
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(read_io_error)
{
    clearn_read_options opt;
    clearn_error err = {0, ""};
    FILE *f = fopen(build_path("tests/check_io_libsvm.tmp"), "wb");   /* not readable */
    clearn_read_options_init(&opt);
    ck_assert(f != NULL);
    ck_assert(clearn__read_libsvm(f, "out.svm", &opt, &err) == NULL);
    ck_assert_int_eq(err.code, CLEARN_EIO);
    ck_assert_str_eq(err.text, "out.svm: read error");
    fclose(f);
    remove(build_path("tests/check_io_libsvm.tmp"));
}
END_TEST

/* Through the public API: the label becomes the class. */
START_TEST(public_api)
{
    clearn_read_options opt;
    clearn_error err = {0, ""};
    clearn_dataset *ds, *back;
    clearn_read_options_init(&opt);
    opt.format = CLEARN_FORMAT_LIBSVM;
    ds = clearn_read(src_path("tests/data/libsvm/heart_scale"), &opt, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_uint_eq(clearn_dataset_class(ds), 13);
    ck_assert_int_eq(clearn_write(ds, build_path("tests/check_io_libsvm_out.svm"),
                                  CLEARN_FORMAT_AUTO, &err), CLEARN_OK);
    back = clearn_read(build_path("tests/check_io_libsvm_out.svm"), NULL, &err);
    ck_assert_msg(back != NULL, "%s", err.text);
    assert_same(ds, back);
    ck_assert_uint_eq(clearn_dataset_class(back), 13);
    remove(build_path("tests/check_io_libsvm_out.svm"));
    clearn_dataset_free(back);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- bad input ------------------------------------------------------------------------- */

static const struct bad_file {
    const char *file, *text;
} bad[] = {
    {"bad_index0.svm", "bad_index0.svm:2:3: feature index 0: indices start at 1"},
    {"bad_order.svm", "bad_order.svm:1:7: feature index 1 is not greater than the previous "
     "one (2): indices must increase"},
    {"bad_repeat.svm", "bad_repeat.svm:1:11: feature index 3 is not greater than the previous "
     "one (3): indices must increase"},
    {"bad_colon.svm", "bad_colon.svm:1:7: missing ':' in '2' (expected index:value)"},
    {"bad_value.svm", "bad_value.svm:1:5: 'abc' is not a number (the value of 1)"},
    {"bad_empty_value.svm", "bad_empty_value.svm:1:5: '' is not a number (the value of 1)"},
    {"bad_label.svm", "bad_label.svm:1:1: the label 'yes' is not a number"},
    {"bad_index.svm", "bad_index.svm:1:3: 'x' is not a feature index (expected a positive "
     "integer)"},
    {"bad_big_index.svm", "bad_big_index.svm:1:3: feature index 2147483648 is too large (at "
     "most 2147483647)"},
    {"bad_no_index.svm", "bad_no_index.svm:1:3: missing feature index before ':'"},
    {"bad_empty.svm", "bad_empty.svm:1:1: no data rows (expected lines of 'label "
     "index:value ...')"},
    {"bad_comments.svm", "bad_comments.svm:3:1: no data rows (expected lines of 'label "
     "index:value ...')"},
    {"bad_nul.svm", "bad_nul.svm:2:6: NUL byte: this is not a text file"},
    {"bad_binary.svm", "bad_binary.svm:1:1: the label '\x7f" "ELF\x02\x01\x01' is not a "
     "number"},
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
    ck_assert(read_text("1 1:1e999\n", NULL, &err) == NULL);
    ck_assert_str_eq(err.text, "mem.svm:1:5: '1e999' is not a number (the value of 1)");
    ck_assert(read_text("1 1:1 qid:2\n", NULL, &err) == NULL);   /* qid only first */
    ck_assert_str_eq(err.text, "mem.svm:1:7: 'qid' is not a feature index (expected a "
                     "positive integer)");
    ck_assert(read_text("1 99999999999999999999999:1\n", NULL, &err) == NULL);
    ck_assert_str_eq(err.text, "mem.svm:1:3: feature index 99999999999999999999999 is too "
                     "large (at most 2147483647)");
    ck_assert(read_text("1 -3:1\n", NULL, &err) == NULL);
    ck_assert_str_eq(err.text, "mem.svm:1:3: '-3' is not a feature index (expected a positive "
                     "integer)");
}
END_TEST

/* A dense table far larger than the data is refused instead of exhausting
 * memory; a merely wide one is accepted. */
START_TEST(too_sparse)
{
    clearn_read_options opt;
    clearn_error err = {0, ""};
    clearn_dataset *ds;
    ck_assert(read_text("1 2000000000:1\n", NULL, &err) == NULL);
    ck_assert_int_eq(err.code, CLEARN_ERANGE);
    ck_assert_str_eq(err.text, "mem.svm: 1 rows of 2000000000 features would take 272000 MB "
                     "as a dense table for 1 non-zero values: too sparse for clearn (check the "
                     "feature indices or n_features)");
    clearn_read_options_init(&opt);
    opt.n_features = SIZE_MAX;
    ck_assert(read_text("1 1:1\n", &opt, &err) == NULL);
    ck_assert_int_eq(err.code, CLEARN_ERANGE);
    ds = read_text("1 100000:1\n-1 3:1\n", NULL, &err);
    ck_assert_msg(ds != NULL, "%s", err.text);
    ck_assert_uint_eq(clearn_dataset_attrs(ds), 100001);
    ck_assert_str_eq(clearn_dataset_attr_name(ds, 99999), "f100000");
    ck_assert_double_eq(clearn_dataset_get(ds, 0, 99999), 1);
    ck_assert_double_eq(clearn_dataset_get(ds, 1, 2), 1);
    ck_assert_double_eq(clearn_dataset_get(ds, 1, 99999), 0);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- allocation failures ---------------------------------------------------------------- */

START_TEST(alloc_failures)
{
    static const char *const nom[] = {"f2"};
    clearn_read_options opt;
    long k;
    clearn_read_options_init(&opt);
    opt.nominal = nom;   /* also exercises the forced-category path */
    opt.n_nominal = 1;
    for (k = 0;; k++) {
        clearn_error err = {0, ""};
        clearn_dataset *ds;
        clearn__alloc_fail_after(k);
        ds = read_with("features.svm", &opt, &err);
        clearn__alloc_fail_after(-1);
        if (ds) {
            ck_assert_uint_eq(clearn_dataset_rows(ds), 4);
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
    Suite *s = suite_create("io_libsvm");
    TCase *tc = tcase_create("libsvm");
    tcase_add_test(tc, heart_scale);
    tcase_add_test(tc, features);
    tcase_add_test(tc, regression);
    tcase_add_test(tc, n_features);
    tcase_add_test(tc, forced_kinds);
    tcase_add_test(tc, writer_nominal);
    tcase_add_test(tc, writer_errors);
    tcase_add_test(tc, read_io_error);
    tcase_add_test(tc, public_api);
    tcase_add_loop_test(tc, bad_input, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, bad_input_inline);
    tcase_add_test(tc, too_sparse);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(suite());
}
