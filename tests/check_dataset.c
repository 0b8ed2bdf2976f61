/* Tests of the dataset abstraction (lib/dataset.c, lib/dataset_schema.c). */
#include "config.h"
#include <math.h>
#include "testutil.h"
#include "internal.h"

static const char *const weather_outlook[] = {"sunny", "overcast", "rainy"};
static const char *const yes_no[] = {"yes", "no"};

/* outlook (nominal), temperature (numeric), play (nominal class). */
static clearn_dataset *small(void)
{
    clearn_error err;
    clearn_dataset *ds = clearn_dataset_new("weather", &err);
    const double rows[][3] = {{0, 85, 1}, {0, 80, 1}, {1, 83, 0}, {2, 70, 0}, {2, NAN, 0}, {NAN, 65, 1}};
    ck_assert_ptr_nonnull(ds);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "outlook", weather_outlook, 3, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "temperature", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "play", yes_no, 2, NULL, &err), CLEARN_OK);
    for (size_t i = 0; i < 6; i++)
        ck_assert_int_eq(clearn_dataset_add_row(ds, rows[i], &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_set_class(ds, 2, &err), CLEARN_OK);
    return ds;
}

START_TEST(build_and_read)
{
    clearn_error err;
    clearn_dataset *ds = small();
    size_t j, code;
    ck_assert_uint_eq(clearn_dataset_rows(ds), 6);
    ck_assert_uint_eq(clearn_dataset_attrs(ds), 3);
    ck_assert_uint_eq(clearn_dataset_features(ds), 2);
    ck_assert_str_eq(clearn_dataset_relation(ds), "weather");
    ck_assert_str_eq(clearn_dataset_attr_name(ds, 1), "temperature");
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 0), CLEARN_NOMINAL);
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 1), CLEARN_NUMERIC);
    ck_assert_uint_eq(clearn_dataset_categories(ds, 0), 3);
    ck_assert_uint_eq(clearn_dataset_categories(ds, 1), 0);
    ck_assert_str_eq(clearn_dataset_category(ds, 0, 2), "rainy");
    ck_assert_ptr_null(clearn_dataset_category(ds, 0, 3));
    ck_assert_ptr_null(clearn_dataset_attr_name(ds, 3));
    ck_assert_int_eq(clearn_dataset_category_code(ds, 0, "overcast", &code, &err), CLEARN_OK);
    ck_assert_uint_eq(code, 1);
    ck_assert_int_eq(clearn_dataset_category_code(ds, 0, "foggy", &code, &err), CLEARN_ENOTFOUND);
    ck_assert_str_eq(err.text, "attribute 'outlook' has no category 'foggy'");
    ck_assert_int_eq(clearn_dataset_find(ds, "play", &j, &err), CLEARN_OK);
    ck_assert_uint_eq(j, 2);
    ck_assert_int_eq(clearn_dataset_find(ds, "humidity", &j, &err), CLEARN_ENOTFOUND);
    ck_assert_str_eq(err.text, "no attribute named 'humidity'");
    ck_assert_double_eq(clearn_dataset_get(ds, 2, 1), 83);
    ck_assert(isnan(clearn_dataset_get(ds, 4, 1)));
    ck_assert(isnan(clearn_dataset_get(ds, 99, 1)));
    ck_assert_double_eq(clearn_dataset_row(ds, 3)[0], 2);
    ck_assert_ptr_null(clearn_dataset_row(ds, 6));
    ck_assert_uint_eq(clearn_dataset_class(ds), 2);
    clearn_dataset_free(ds);
    clearn_dataset_free(NULL);
}
END_TEST

START_TEST(bad_building)
{
    clearn_error err;
    clearn_dataset *ds = small();
    const double bad_code[3] = {3, 1, 0}, frac[3] = {0.5, 1, 0}, inf[3] = {0, INFINITY, 0};
    const char *const dup[] = {"a", "a"};
    const char *const empty[] = {"a", ""};
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "outlook", NULL, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "duplicate attribute name 'outlook'");
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "", NULL, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "x", dup, 2, NULL, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "attribute 'x': duplicate category 'a'");
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "x", empty, 2, NULL, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_dataset_add_row(ds, bad_code, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "attribute 'outlook': 3 is not a category code (0..2)");
    ck_assert_int_eq(clearn_dataset_add_row(ds, frac, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_dataset_add_row(ds, inf, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "attribute 'temperature': infinite value");
    ck_assert_int_eq(clearn_dataset_set(ds, 0, 0, 7, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_dataset_set(ds, 9, 0, 1, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_dataset_set_class(ds, 3, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_dataset_add_category(ds, 1, "x", NULL, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "attribute 'temperature' is numeric, not nominal");
    ck_assert_uint_eq(clearn_dataset_rows(ds), 6);
    ck_assert_uint_eq(clearn_dataset_attrs(ds), 3);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(mutate)
{
    clearn_error err;
    clearn_dataset *ds = small();
    size_t code, j;
    ck_assert_int_eq(clearn_dataset_add_category(ds, 0, "foggy", &code, &err), CLEARN_OK);
    ck_assert_uint_eq(code, 3);
    ck_assert_int_eq(clearn_dataset_add_category(ds, 0, "sunny", &code, &err), CLEARN_OK);
    ck_assert_uint_eq(code, 0);
    ck_assert_int_eq(clearn_dataset_set(ds, 1, 0, 3, &err), CLEARN_OK);
    ck_assert_double_eq(clearn_dataset_get(ds, 1, 0), 3);
    /* adding an attribute to a dataset with rows fills it with NaN */
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "humidity", &j, &err), CLEARN_OK);
    ck_assert_uint_eq(j, 3);
    ck_assert(isnan(clearn_dataset_get(ds, 5, 3)));
    ck_assert_double_eq(clearn_dataset_get(ds, 5, 1), 65);
    ck_assert_double_eq(clearn_dataset_get(ds, 5, 2), 1);
    ck_assert_int_eq(clearn_dataset_set_attr_name(ds, 3, "humid", &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_find(ds, "humid", &j, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_find(ds, "humidity", &j, &err), CLEARN_ENOTFOUND);
    ck_assert_int_eq(clearn_dataset_set_attr_name(ds, 3, "play", &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_dataset_set_relation(ds, "w2", &err), CLEARN_OK);
    ck_assert_str_eq(clearn_dataset_relation(ds), "w2");
    ck_assert_int_eq(clearn_dataset_set_class(ds, CLEARN_NONE, &err), CLEARN_OK);
    ck_assert_uint_eq(clearn_dataset_features(ds), 4);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(from_arrays)
{
    clearn_error err;
    const double x[] = {1, 2, 3, 4, 5, 6};
    const double y[] = {0, 1, 1};
    const double ybad[] = {0, 2, 1};
    const char *const names[] = {"a", "b"};
    const char *const cls[] = {"neg", "pos"};
    double fx[6], fy[3];
    clearn_dataset *ds = clearn_dataset_from_arrays(3, 2, x, NULL, y, cls, 2, &err);
    ck_assert_ptr_nonnull(ds);
    ck_assert_str_eq(clearn_dataset_attr_name(ds, 0), "x1");
    ck_assert_str_eq(clearn_dataset_attr_name(ds, 2), "class");
    ck_assert_uint_eq(clearn_dataset_class(ds), 2);
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 2), CLEARN_NOMINAL);
    ck_assert_double_eq(clearn_dataset_get(ds, 2, 1), 6);
    ck_assert_int_eq(clearn_dataset_split_xy(ds, fx, fy, &err), CLEARN_OK);
    for (int i = 0; i < 6; i++)
        ck_assert_double_eq(fx[i], x[i]);
    ck_assert_double_eq(fy[1], 1);
    clearn_dataset_free(ds);

    ds = clearn_dataset_from_arrays(3, 2, x, names, y, NULL, 0, &err);
    ck_assert_str_eq(clearn_dataset_attr_name(ds, 1), "b");
    ck_assert_int_eq(clearn_dataset_attr_kind(ds, 2), CLEARN_NUMERIC);
    clearn_dataset_free(ds);

    ds = clearn_dataset_from_arrays(3, 2, x, NULL, NULL, NULL, 0, &err);
    ck_assert_uint_eq(clearn_dataset_class(ds), CLEARN_NONE);
    ck_assert_int_eq(clearn_dataset_split_xy(ds, fx, fy, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "split x/y: the dataset has no class attribute");
    clearn_dataset_free(ds);

    ck_assert_ptr_null(clearn_dataset_from_arrays(3, 2, x, NULL, ybad, cls, 2, &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "row 1: attribute 'class': 2 is not a category code (0..1)");
    ck_assert_ptr_null(clearn_dataset_from_arrays(3, 2, NULL, NULL, y, cls, 2, &err));
}
END_TEST

START_TEST(resolve_attr)
{
    clearn_error err;
    clearn_dataset *ds = small();
    size_t j;
    ck_assert_int_eq(clearn_dataset_resolve_attr(ds, "temperature", &j, &err), CLEARN_OK);
    ck_assert_uint_eq(j, 1);
    ck_assert_int_eq(clearn_dataset_resolve_attr(ds, "first", &j, &err), CLEARN_OK);
    ck_assert_uint_eq(j, 0);
    ck_assert_int_eq(clearn_dataset_resolve_attr(ds, "last", &j, &err), CLEARN_OK);
    ck_assert_uint_eq(j, 2);
    ck_assert_int_eq(clearn_dataset_resolve_attr(ds, "2", &j, &err), CLEARN_OK);
    ck_assert_uint_eq(j, 1);
    ck_assert_int_eq(clearn_dataset_resolve_attr(ds, "none", &j, &err), CLEARN_OK);
    ck_assert_uint_eq(j, CLEARN_NONE);
    ck_assert_int_eq(clearn_dataset_resolve_attr(ds, "4", &j, &err), CLEARN_ENOTFOUND);
    ck_assert_str_eq(err.text, "attribute index 4 out of range (1..3)");
    ck_assert_int_eq(clearn_dataset_resolve_attr(ds, "0", &j, &err), CLEARN_ENOTFOUND);
    ck_assert_int_eq(clearn_dataset_resolve_attr(ds, "windy", &j, &err), CLEARN_ENOTFOUND);
    /* a name that looks like a number wins over the index */
    ck_assert_int_eq(clearn_dataset_set_attr_name(ds, 0, "3", &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_resolve_attr(ds, "3", &j, &err), CLEARN_OK);
    ck_assert_uint_eq(j, 0);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(subsets)
{
    clearn_error err;
    clearn_dataset *ds = small(), *s, *c;
    const size_t rows[] = {5, 0, 0};
    const size_t attrs[] = {2, 1};
    const size_t bad[] = {6};
    const size_t twice[] = {1, 1};
    s = clearn_dataset_subset(ds, rows, 3, &err);
    ck_assert_uint_eq(clearn_dataset_rows(s), 3);
    ck_assert_double_eq(clearn_dataset_get(s, 0, 1), 65);
    ck_assert_double_eq(clearn_dataset_get(s, 2, 1), 85);
    ck_assert(clearn_dataset_same_schema(ds, s));
    clearn_dataset_free(s);
    ck_assert_ptr_null(clearn_dataset_subset(ds, bad, 1, &err));
    ck_assert_str_eq(err.text, "subset: row index 6 out of range (6 rows)");

    s = clearn_dataset_select(ds, attrs, 2, &err);
    ck_assert_uint_eq(clearn_dataset_attrs(s), 2);
    ck_assert_uint_eq(clearn_dataset_class(s), 0);
    ck_assert_str_eq(clearn_dataset_attr_name(s, 1), "temperature");
    ck_assert_double_eq(clearn_dataset_get(s, 3, 1), 70);
    ck_assert_double_eq(clearn_dataset_get(s, 3, 0), 0);
    ck_assert_str_eq(clearn_dataset_category(s, 0, 1), "no");
    clearn_dataset_free(s);
    ck_assert_ptr_null(clearn_dataset_select(ds, twice, 2, &err));
    ck_assert_str_eq(err.text, "duplicate attribute name 'temperature'");

    c = clearn_dataset_copy(ds, &err);
    ck_assert(clearn_dataset_same_schema(ds, c));
    ck_assert_int_eq(clearn_dataset_set(c, 0, 1, -1, &err), CLEARN_OK);
    ck_assert_double_eq(clearn_dataset_get(ds, 0, 1), 85);
    clearn_dataset_free(c);

    c = clearn_dataset_header(ds, &err);
    ck_assert_uint_eq(clearn_dataset_rows(c), 0);
    ck_assert(clearn_dataset_same_schema(ds, c));
    clearn_dataset_free(c);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(missing_class)
{
    clearn_error err;
    clearn_dataset *ds = small(), *d2;
    ck_assert_int_eq(clearn_dataset_set(ds, 1, 2, NAN, &err), CLEARN_OK);
    d2 = clearn_dataset_drop_missing_class(ds, &err);
    ck_assert_uint_eq(clearn_dataset_rows(d2), 5);
    ck_assert_double_eq(clearn_dataset_get(d2, 1, 1), 83);
    clearn_dataset_free(d2);
    clearn_dataset_free(ds);
}
END_TEST

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    if (isnan(x) || isnan(y))
        return isnan(x) - isnan(y);
    return (x > y) - (x < y);
}

START_TEST(shuffle)
{
    clearn_error err;
    clearn_dataset *a = small(), *b = small(), *orig = small();
    double ta[6], to[6];
    int moved = 0;
    ck_assert_int_eq(clearn_dataset_shuffle(a, 7, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_shuffle(b, 7, &err), CLEARN_OK);
    for (size_t i = 0; i < 6; i++) {
        for (size_t j = 0; j < 3; j++) {
            double x = clearn_dataset_get(a, i, j), y = clearn_dataset_get(b, i, j);
            ck_assert(x == y || (isnan(x) && isnan(y)));   /* same seed, same order */
        }
        ta[i] = clearn_dataset_get(a, i, 1);
        to[i] = clearn_dataset_get(orig, i, 1);
        moved += !(ta[i] == to[i] || (isnan(ta[i]) && isnan(to[i])));
    }
    ck_assert_int_gt(moved, 0);
    qsort(ta, 6, sizeof *ta, cmp_dbl);
    qsort(to, 6, sizeof *to, cmp_dbl);
    for (size_t i = 0; i < 5; i++)
        ck_assert_double_eq(ta[i], to[i]);    /* same rows, other order */
    ck_assert(isnan(ta[5]));
    clearn_dataset_free(a);
    clearn_dataset_free(b);
    clearn_dataset_free(orig);
}
END_TEST

START_TEST(append)
{
    clearn_error err;
    clearn_dataset *a = small(), *b = clearn_dataset_new("other", &err), *c;
    const char *const outlook2[] = {"rainy", "sunny", "foggy"};
    const char *const play2[] = {"no", "yes"};
    const double row[3] = {2, 60, 1};   /* foggy, 60, yes */
    size_t code;
    clearn_dataset_add_nominal(b, "outlook", outlook2, 3, NULL, &err);
    clearn_dataset_add_numeric(b, "temperature", NULL, &err);
    clearn_dataset_add_nominal(b, "play", play2, 2, NULL, &err);
    clearn_dataset_add_row(b, row, &err);
    ck_assert_int_eq(clearn_dataset_append(a, b, &err), CLEARN_OK);
    ck_assert_uint_eq(clearn_dataset_rows(a), 7);
    ck_assert_int_eq(clearn_dataset_category_code(a, 0, "foggy", &code, &err), CLEARN_OK);
    ck_assert_double_eq(clearn_dataset_get(a, 6, 0), (double)code);
    ck_assert_double_eq(clearn_dataset_get(a, 6, 2), 0);  /* yes */
    ck_assert_int_eq(clearn_dataset_append(a, a, &err), CLEARN_EINVAL);
    c = clearn_dataset_new(NULL, &err);
    clearn_dataset_add_numeric(c, "outlook", NULL, &err);
    clearn_dataset_add_numeric(c, "temperature", NULL, &err);
    clearn_dataset_add_numeric(c, "play", NULL, &err);
    ck_assert_int_eq(clearn_dataset_append(a, c, &err), CLEARN_ESCHEMA);
    ck_assert_str_eq(err.text, "append: attribute 1 is 'outlook' (numeric), expected 'outlook' (nominal)");
    ck_assert_uint_eq(clearn_dataset_rows(a), 7);
    clearn_dataset_free(a);
    clearn_dataset_free(b);
    clearn_dataset_free(c);
}
END_TEST

/* Test data whose nominal categories come in another order, with attributes
 * in another order, an unseen category and no class column. */
START_TEST(conform)
{
    clearn_error err;
    clearn_dataset *train = small(), *test = clearn_dataset_new("test", &err), *m;
    const char *const outlook2[] = {"rainy", "foggy", "sunny", "overcast"};
    const double rows[][3] = {{60, 0, 1}, {61, 1, 2}, {62, 3, NAN}, {63, 2, 0}};
    size_t unseen = 99;
    clearn_dataset_add_numeric(test, "temperature", NULL, &err);
    clearn_dataset_add_nominal(test, "outlook", outlook2, 4, NULL, &err);
    clearn_dataset_add_numeric(test, "extra", NULL, &err);
    for (int i = 0; i < 4; i++)
        clearn_dataset_add_row(test, rows[i], &err);
    m = clearn_dataset_conform(train, test, &unseen, &err);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(unseen, 1);
    ck_assert(clearn_dataset_same_schema(train, m));
    ck_assert_uint_eq(clearn_dataset_rows(m), 4);
    ck_assert_double_eq(clearn_dataset_get(m, 0, 0), 2);   /* rainy */
    ck_assert(isnan(clearn_dataset_get(m, 1, 0)));          /* foggy: unseen */
    ck_assert_double_eq(clearn_dataset_get(m, 2, 0), 1);   /* overcast */
    ck_assert_double_eq(clearn_dataset_get(m, 3, 0), 0);   /* sunny */
    ck_assert_double_eq(clearn_dataset_get(m, 3, 1), 63);
    ck_assert(isnan(clearn_dataset_get(m, 0, 2)));          /* class absent */
    clearn_dataset_free(m);

    /* a missing feature and a kind mismatch are errors naming it */
    clearn_dataset_set_attr_name(test, 0, "temp", &err);
    ck_assert_ptr_null(clearn_dataset_conform(train, test, NULL, &err));
    ck_assert_int_eq(err.code, CLEARN_ESCHEMA);
    ck_assert_str_eq(err.text, "the data has no attribute 'temperature'");
    clearn_dataset_free(test);
    clearn_dataset_free(train);
}
END_TEST

/* An attribute read with the other kind converts through its text. */
START_TEST(conform_kinds)
{
    clearn_error err;
    const char *const codes[] = {"0", "1", "2.5"};
    const char *const temps[] = {"70", "85.5"};
    const char *const words[] = {"hot", "85.5"};
    const double rows[][2] = {{1, 0}, {2.5, 1}, {7, NAN}, {NAN, 1}};
    clearn_dataset *ref = clearn_dataset_new("ref", &err), *data = clearn_dataset_new("d", &err), *m;
    size_t unseen;
    clearn_dataset_add_nominal(ref, "c", codes, 3, NULL, &err);
    clearn_dataset_add_numeric(ref, "t", NULL, &err);
    clearn_dataset_add_numeric(data, "c", NULL, &err);
    clearn_dataset_add_nominal(data, "t", temps, 2, NULL, &err);
    for (int i = 0; i < 4; i++)
        clearn_dataset_add_row(data, rows[i], &err);
    m = clearn_dataset_conform(ref, data, &unseen, &err);
    ck_assert_msg(m != NULL, "%s", err.text);
    ck_assert_double_eq(clearn_dataset_get(m, 0, 0), 1);     /* 1 -> "1" */
    ck_assert_double_eq(clearn_dataset_get(m, 1, 0), 2);     /* 2.5 -> "2.5" */
    ck_assert(isnan(clearn_dataset_get(m, 2, 0)));            /* 7: unseen */
    ck_assert(isnan(clearn_dataset_get(m, 3, 0)));
    ck_assert_uint_eq(unseen, 1);
    ck_assert_double_eq(clearn_dataset_get(m, 0, 1), 70);    /* "70" -> 70 */
    ck_assert_double_eq(clearn_dataset_get(m, 1, 1), 85.5);
    ck_assert(isnan(clearn_dataset_get(m, 2, 1)));
    clearn_dataset_free(m);
    clearn_dataset_free(data);
    data = clearn_dataset_new("d", &err);
    clearn_dataset_add_numeric(data, "c", NULL, &err);
    clearn_dataset_add_nominal(data, "t", words, 2, NULL, &err);
    ck_assert_ptr_null(clearn_dataset_conform(ref, data, NULL, &err));
    ck_assert_int_eq(err.code, CLEARN_ESCHEMA);
    ck_assert_str_eq(err.text, "attribute 't' is numeric in the model's schema but the data has the category 'hot'");
    clearn_dataset_free(data);
    clearn_dataset_free(ref);
}
END_TEST

START_TEST(summary)
{
    clearn_error err;
    clearn_dataset *ds = small();
    clearn_summary s;
    size_t counts[3];
    ck_assert_int_eq(clearn_dataset_summary(ds, 1, &s, &err), CLEARN_OK);
    ck_assert_uint_eq(s.count, 5);
    ck_assert_uint_eq(s.missing, 1);
    ck_assert_double_eq(s.min, 65);
    ck_assert_double_eq(s.max, 85);
    ck_assert_double_eq_tol(s.mean, 76.6, 1e-12);
    /* sample sd of 85 80 83 70 65: squared deviations sum to 301.2 */
    ck_assert_double_eq_tol(s.sd, sqrt(301.2 / 4), 1e-12);
    ck_assert_uint_eq(s.distinct, 5);
    ck_assert_uint_eq(s.unique, 5);
    ck_assert_int_eq(clearn_dataset_summary(ds, 0, &s, &err), CLEARN_OK);
    ck_assert_int_eq(s.kind, CLEARN_NOMINAL);
    ck_assert_uint_eq(s.count, 5);
    ck_assert_uint_eq(s.missing, 1);
    ck_assert_uint_eq(s.distinct, 3);
    ck_assert_uint_eq(s.unique, 1);
    ck_assert_int_eq(clearn_dataset_category_counts(ds, 0, counts, &err), CLEARN_OK);
    ck_assert_uint_eq(counts[0], 2);
    ck_assert_uint_eq(counts[1], 1);
    ck_assert_uint_eq(counts[2], 2);
    ck_assert_int_eq(clearn_dataset_category_counts(ds, 1, counts, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_dataset_summary(ds, 5, &s, &err), CLEARN_EINVAL);
    clearn_dataset_free(ds);
}
END_TEST

/* Welford's mean/sd stay exact-ish with a large offset (NIST-style). */
START_TEST(summary_stable)
{
    clearn_error err;
    double x[3] = {1e9 + 4, 1e9 + 7, 1e9 + 13};
    clearn_dataset *ds = clearn_dataset_from_arrays(3, 1, x, NULL, NULL, NULL, 0, &err);
    clearn_summary s;
    clearn_dataset_summary(ds, 0, &s, &err);
    ck_assert_double_eq_tol(s.mean, 1e9 + 8, 1e-6);
    ck_assert_double_eq_tol(s.sd, sqrt(21.0), 1e-9);
    clearn_dataset_free(ds);
}
END_TEST

/* Every allocation failing in turn: ENOMEM, nothing leaked (run under
 * valgrind or ASan), and finally success. */
START_TEST(alloc_failures)
{
    int done = 0;
    for (long k = 0; !done; k++) {
        clearn_error err;
        clearn_dataset *ds, *s = NULL, *m = NULL;
        clearn__alloc_fail_after(k);
        ds = clearn_dataset_new("t", &err);
        if (!ds) {
            ck_assert_int_eq(err.code, CLEARN_ENOMEM);
            continue;
        }
        {
            const double row[3] = {1, 2.5, 0};
            int rc = clearn_dataset_add_nominal(ds, "a", weather_outlook, 3, NULL, &err);
            if (rc == CLEARN_OK)
                rc = clearn_dataset_add_numeric(ds, "b", NULL, &err);
            if (rc == CLEARN_OK)
                rc = clearn_dataset_add_nominal(ds, "c", yes_no, 2, NULL, &err);
            for (int i = 0; rc == CLEARN_OK && i < 40; i++)
                rc = clearn_dataset_add_row(ds, row, &err);
            if (rc == CLEARN_OK && (s = clearn_dataset_copy(ds, &err)) == NULL)
                rc = err.code;
            if (rc == CLEARN_OK)
                rc = clearn_dataset_append(s, ds, &err);
            if (rc == CLEARN_OK && (m = clearn_dataset_conform(ds, s, NULL, &err)) == NULL)
                rc = err.code;
            if (rc == CLEARN_OK)
                rc = clearn_dataset_shuffle(m, 1, &err);
            if (rc == CLEARN_OK)
                done = 1;
            else
                ck_assert_int_eq(rc, CLEARN_ENOMEM);
        }
        clearn_dataset_free(ds);
        clearn_dataset_free(s);
        clearn_dataset_free(m);
    }
    clearn__alloc_fail_after(-1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dataset");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, build_and_read);
    tcase_add_test(tc, bad_building);
    tcase_add_test(tc, mutate);
    tcase_add_test(tc, from_arrays);
    tcase_add_test(tc, resolve_attr);
    tcase_add_test(tc, subsets);
    tcase_add_test(tc, missing_class);
    tcase_add_test(tc, shuffle);
    tcase_add_test(tc, append);
    tcase_add_test(tc, conform);
    tcase_add_test(tc, conform_kinds);
    tcase_add_test(tc, summary);
    tcase_add_test(tc, summary_stable);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
