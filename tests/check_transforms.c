/* Tests of the first transforms: standardize, minmax (lib/scale.c), onehot
 * (lib/encode.c) and impute (lib/impute.c), through the public transform API
 * and, for model payloads, the in-memory writer and reader.
 *
 * Reference values come from scikit-learn 1.2.1 / numpy 1.24.2 (Debian's
 * python3-sklearn), run with /usr/bin/python3; each block below quotes the
 * command that produced its numbers. */
#include "config.h"
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "testutil.h"
#include "internal.h"

#define TOL 1e-14

/* ---- helpers ------------------------------------------------------------- */

static clearn_transform *fitted(const char *spec, const clearn_dataset *ds)
{
    clearn_error err;
    clearn_transform *t = clearn_transform_new(spec, &err);
    ck_assert_msg(t != NULL, "%s: %s", spec, err.text);
    ck_assert_msg(clearn_transform_fit(t, ds, &err) == CLEARN_OK, "%s: %s", spec, err.text);
    return t;
}

static clearn_dataset *apply(const clearn_transform *t, const clearn_dataset *ds)
{
    clearn_error err;
    clearn_dataset *out = clearn_transform_apply(t, ds, &err);
    ck_assert_msg(out != NULL, "apply: %s", err.text);
    return out;
}

/* Fits spec on ds and returns ds transformed. */
static clearn_dataset *fit_apply(const char *spec, const clearn_dataset *ds)
{
    clearn_transform *t = fitted(spec, ds);
    clearn_dataset *out = apply(t, ds);
    clearn_transform_free(t);
    return out;
}

/* Row i, columns 0..n, equal to want to the bit. */
static void assert_row_exact(const clearn_dataset *ds, size_t i, const double *want, size_t n)
{
    for (size_t j = 0; j < n; j++)
        ck_assert_msg(clearn_dataset_get(ds, i, j) == want[j], "row %zu col %zu: %.17g, want %.17g",
                      i, j, clearn_dataset_get(ds, i, j), want[j]);
}

static void assert_row(const clearn_dataset *ds, size_t i, const double *want, size_t n)
{
    for (size_t j = 0; j < n; j++)
        ck_assert_msg(fabs(clearn_dataset_get(ds, i, j) - want[j]) <= TOL,
                      "row %zu col %zu: %.17g, want %.17g", i, j, clearn_dataset_get(ds, i, j),
                      want[j]);
}

/* Attribute jo of out is attribute ji of in, unchanged (name, kind,
 * categories, values). */
static void assert_column_kept(const clearn_dataset *in, size_t ji, const clearn_dataset *out,
                               size_t jo)
{
    ck_assert_str_eq(clearn_dataset_attr_name(out, jo), clearn_dataset_attr_name(in, ji));
    ck_assert_int_eq(clearn_dataset_attr_kind(out, jo), clearn_dataset_attr_kind(in, ji));
    ck_assert_uint_eq(clearn_dataset_categories(out, jo), clearn_dataset_categories(in, ji));
    for (size_t c = 0; c < clearn_dataset_categories(in, ji); c++)
        ck_assert_str_eq(clearn_dataset_category(out, jo, c), clearn_dataset_category(in, ji, c));
    ck_assert_uint_eq(clearn_dataset_rows(out), clearn_dataset_rows(in));
    for (size_t i = 0; i < clearn_dataset_rows(in); i++) {
        double a = clearn_dataset_get(in, i, ji), b = clearn_dataset_get(out, i, jo);
        ck_assert(a == b || (isnan(a) && isnan(b)));
    }
}

/* The class of in, attribute ji, is the class of out at jo, unchanged. */
static void assert_class_kept(const clearn_dataset *in, size_t ji, const clearn_dataset *out,
                              size_t jo)
{
    ck_assert_uint_eq(clearn_dataset_class(in), ji);
    ck_assert_uint_eq(clearn_dataset_class(out), jo);
    assert_column_kept(in, ji, out, jo);
}

/* Same values bit for bit (NaN included). */
static void assert_same_data(const clearn_dataset *a, const clearn_dataset *b)
{
    ck_assert(clearn_dataset_same_schema(a, b));
    ck_assert_uint_eq(clearn_dataset_rows(a), clearn_dataset_rows(b));
    ck_assert(memcmp(clearn_dataset_data(a), clearn_dataset_data(b),
                     clearn_dataset_rows(a) * clearn_dataset_attrs(a) * sizeof(double)) == 0);
}

static void assert_close_data(const clearn_dataset *a, const clearn_dataset *b, double tol)
{
    ck_assert(clearn_dataset_same_schema(a, b));
    ck_assert_uint_eq(clearn_dataset_rows(a), clearn_dataset_rows(b));
    for (size_t i = 0; i < clearn_dataset_rows(a); i++)
        for (size_t j = 0; j < clearn_dataset_attrs(a); j++) {
            double x = clearn_dataset_get(a, i, j), y = clearn_dataset_get(b, i, j);
            ck_assert_msg((isnan(x) && isnan(y)) || fabs(x - y) <= tol * (1 + fabs(x)),
                          "(%zu, %zu): %.17g vs %.17g", i, j, x, y);
        }
}

static const char *const colours[] = {"red", "green", "blue"};
static const char *const yes_no[] = {"yes", "no"};

/* colour (nominal), x (numeric), c (numeric, constant 0.1), y (nominal
 * class); row 3 has missing colour and x, row 4 a missing class. */
static clearn_dataset *small(void)
{
    clearn_error err;
    clearn_dataset *ds = clearn_dataset_new("small", &err);
    const double rows[][4] = {
        {0, 1, 0.1, 0}, {1, 2, 0.1, 1}, {2, 3, 0.1, 0}, {NAN, NAN, 0.1, 1}, {1, 2, 0.1, NAN},
    };
    ck_assert_ptr_nonnull(ds);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "colour", colours, 3, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "x", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "c", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "y", yes_no, 2, NULL, &err), CLEARN_OK);
    for (size_t i = 0; i < 5; i++)
        ck_assert_int_eq(clearn_dataset_add_row(ds, rows[i], &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_set_class(ds, 3, &err), CLEARN_OK);
    return ds;
}

/* A one-attribute numeric dataset (no class) with values v[0..n). */
static clearn_dataset *column(const char *name, const double *v, size_t n)
{
    clearn_error err;
    const char *names[1];
    clearn_dataset *ds;
    names[0] = name;
    ds = clearn_dataset_from_arrays(n, 1, v, names, NULL, NULL, 0, &err);
    ck_assert_ptr_nonnull(ds);
    return ds;
}

/* Saves t through the in-memory writer and loads it back. */
static clearn_transform *roundtrip(const clearn_transform *t)
{
    clearn_error err;
    clearn_writer *w = clearn__writer_new();
    clearn_reader *r;
    clearn_transform *back;
    const char *data;
    size_t len;
    ck_assert_ptr_nonnull(w);
    ck_assert_msg(clearn__transform_save(t, w, &err) == CLEARN_OK, "save: %s", err.text);
    data = clearn__writer_data(w, &len);
    r = clearn__reader_new(data, len, "memory");
    ck_assert_ptr_nonnull(r);
    back = clearn__transform_load(r, &err);
    ck_assert_msg(back != NULL, "load: %s", err.text);
    ck_assert_int_eq(clearn__reader_finish(r, &err), CLEARN_OK);
    clearn__reader_free(r);
    clearn__writer_free(w);
    ck_assert(clearn_transform_is_fitted(back));
    return back;
}

/* spec is refused by the generic parameter parsing with a message that
 * names the parameter, the value given and what is allowed. */
static void assert_bad_param(const char *spec, const char *name, const char *value,
                             const char *allowed)
{
    clearn_error err;
    char want[64];
    ck_assert_ptr_null(clearn_transform_new(spec, &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    snprintf(want, sizeof want, "parameter %s", name);
    ck_assert_msg(strstr(err.text, want) != NULL, "%s: %s", spec, err.text);
    snprintf(want, sizeof want, "'%s'", value);
    ck_assert_msg(strstr(err.text, want) != NULL, "%s: %s", spec, err.text);
    ck_assert_msg(strstr(err.text, allowed) != NULL, "%s: %s", spec, err.text);
}

/* ---- standardize ------------------------------------------------------- */

/* /usr/bin/python3 -c "import numpy as np, pandas as pd
 *   from sklearn.preprocessing import StandardScaler as S
 *   X = np.ascontiguousarray(pd.read_csv('datasets/iris.csv').iloc[:, :4].to_numpy())
 *   print(S().fit(X).transform(X)[[0, 149]].tolist())
 *   print(S(with_mean=False).fit(X).transform(X)[0].tolist())
 *   print(S(with_std=False).fit(X).transform(X)[0].tolist())"
 * On a row-major (C-order) array, as clearn stores data, the results agree
 * to the bit: numpy then sums each column in row order, as we do. (On the
 * Fortran-order array pandas returns, numpy sums pairwise and the results
 * differ in the last bits.) */
static const double iris_std_row0[4] = {-0.9006811702978099, 1.0190043519716065,
                                        -1.3402265266227635, -1.3154442950077407};
static const double iris_std_row149[4] = {0.06866179325140129, -0.1319794793216258,
                                          0.7627582691805523, 0.7906706536370729};
static const double iris_nomean_row0[4] = {6.179561392626216, 8.056886819052625,
                                           0.7957239767904438, 0.2632643685806017};
static const double iris_nostd_row0[4] = {-0.743333333333335, 0.4426666666666659,
                                          -2.3580000000000028, -0.9993333333333341};

START_TEST(standardize_iris)
{
    clearn_error err;
    clearn_dataset *iris = tu_read("datasets/iris.csv", NULL), *out, *back, *perm;
    clearn_transform *t = fitted("standardize", iris);
    out = apply(t, iris);
    ck_assert_str_eq(clearn_dataset_relation(out), clearn_dataset_relation(iris));
    ck_assert_uint_eq(clearn_dataset_attrs(out), 5);
    ck_assert_str_eq(clearn_dataset_attr_name(out, 2), "petallength");
    assert_row_exact(out, 0, iris_std_row0, 4);
    assert_row_exact(out, 149, iris_std_row149, 4);
    assert_class_kept(iris, 4, out, 4);
    /* Population sd: every column has mean 0 and mean square 1. */
    for (size_t j = 0; j < 4; j++) {
        double s = 0, ss = 0;
        for (size_t i = 0; i < 150; i++) {
            s += clearn_dataset_get(out, i, j);
            ss += clearn_dataset_get(out, i, j) * clearn_dataset_get(out, i, j);
        }
        ck_assert_double_eq_tol(s / 150, 0, 1e-14);
        ck_assert_double_eq_tol(ss / 150, 1, 1e-14);
    }
    back = clearn_transform_inverse(t, out, &err);
    ck_assert_ptr_nonnull(back);
    assert_close_data(back, iris, 1e-15);
    clearn_dataset_free(back);
    /* inverse conforms by name: the output's columns in another order */
    perm = clearn_dataset_select(out, (const size_t[]){4, 3, 2, 1, 0}, 5, &err);
    ck_assert_ptr_nonnull(perm);
    back = clearn_transform_inverse(t, perm, &err);
    ck_assert_msg(back != NULL, "%s", err.text);
    assert_close_data(back, iris, 1e-15);
    clearn_dataset_free(back);
    clearn_dataset_free(perm);
    clearn_dataset_free(out);
    clearn_transform_free(t);

    out = fit_apply("standardize with_mean=false", iris);
    assert_row_exact(out, 0, iris_nomean_row0, 4);
    clearn_dataset_free(out);
    out = fit_apply("standardize with_std=no", iris);
    assert_row_exact(out, 0, iris_nostd_row0, 4);
    clearn_dataset_free(out);
    out = fit_apply("standardize with_mean=false with_std=false", iris);
    assert_same_data(out, iris);
    clearn_dataset_free(out);
    clearn_dataset_free(iris);
}
END_TEST


/* /usr/bin/python3 -c "import numpy as np; from sklearn.preprocessing import StandardScaler as S
 *   print(S().fit_transform([[1.], [2], [3], [np.nan], [2]]).ravel().tolist())
 *   s = S().fit([[0.1]] * 3); print(repr(s.mean_[0]), s.scale_, s.transform([[0.1]]))"
 * -> [-1.414213562373095, 0.0, 1.414213562373095, nan, 0.0];
 *    0.10000000000000002 [1.] [[-1.38777878e-17]]: a constant column keeps
 *    scale 1 although its computed mean is off by one ulp. */
START_TEST(standardize_missing_constant)
{
    clearn_error err;
    const double k3[3] = {0.1, 0.1, 0.1};
    clearn_dataset *ds = small(), *out, *back, *k = column("k", k3, 3);
    clearn_transform *t = fitted("standardize", ds);
    out = apply(t, ds);
    ck_assert_double_eq_tol(clearn_dataset_get(out, 0, 1), -1.414213562373095, TOL);
    ck_assert_double_eq(clearn_dataset_get(out, 1, 1), 0);
    ck_assert_double_eq_tol(clearn_dataset_get(out, 2, 1), 1.414213562373095, TOL);
    ck_assert(isnan(clearn_dataset_get(out, 3, 1)));
    for (size_t i = 0; i < 5; i++)
        ck_assert_double_eq(clearn_dataset_get(out, i, 2), 0);
    assert_column_kept(ds, 0, out, 0);  /* nominal: passes through */
    assert_class_kept(ds, 3, out, 3);   /* with its missing value */
    back = clearn_transform_inverse(t, out, &err);
    assert_close_data(back, ds, 1e-15);
    clearn_dataset_free(back);
    clearn_dataset_free(out);
    clearn_transform_free(t);

    out = fit_apply("standardize", k);
    for (size_t i = 0; i < 3; i++)
        ck_assert_double_eq(clearn_dataset_get(out, i, 0), -1.3877787807814457e-17);
    clearn_dataset_free(out);
    clearn_dataset_free(k);
    clearn_dataset_free(ds);
}
END_TEST

/* A column with no value at all stays missing; a class that is numeric is
 * not scaled either. */
START_TEST(standardize_all_missing_numeric_class)
{
    clearn_error err;
    const double x[6] = {NAN, 1, NAN, 2, NAN, 4};
    clearn_dataset *ds = clearn_dataset_from_arrays(3, 2, x, NULL, (const double[]){5, 6, 7},
                                                    NULL, 0, &err), *out;
    ck_assert_ptr_nonnull(ds);
    out = fit_apply("standardize", ds);
    for (size_t i = 0; i < 3; i++)
        ck_assert(isnan(clearn_dataset_get(out, i, 0)));
    ck_assert_double_eq_tol(clearn_dataset_get(out, 0, 1), -1.0690449676496976, TOL);
    assert_class_kept(ds, 2, out, 2);
    clearn_dataset_free(out);
    out = fit_apply("minmax", ds);
    ck_assert(isnan(clearn_dataset_get(out, 1, 0)));
    ck_assert_double_eq_tol(clearn_dataset_get(out, 1, 1), 1 / 3.0, TOL);
    assert_class_kept(ds, 2, out, 2);
    clearn_dataset_free(out);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- minmax ------------------------------------------------------------- */

/* /usr/bin/python3 -c "import pandas as pd; from sklearn.preprocessing import MinMaxScaler as M
 *   X = pd.read_csv('datasets/iris.csv').iloc[:, :4].to_numpy()
 *   print(M((-1, 1)).fit(X).transform(X)[[0, 149]].tolist())
 *   print(M().fit(X).transform(X)[50].tolist())" (the same for either array order) */
static const double iris_mm_row0[4] = {-0.5555555555555558, 0.25, -0.864406779661017,
                                       -0.9166666666666665};
static const double iris_mm_row149[4] = {-0.11111111111111072, -0.16666666666666652,
                                         0.3898305084745761, 0.41666666666666674};
static const double iris_mm01_row50[4] = {0.75, 0.5, 0.6271186440677966, 0.5416666666666667};

START_TEST(minmax_iris)
{
    clearn_error err;
    clearn_dataset *iris = tu_read("datasets/iris.csv", NULL), *out, *back;
    clearn_transform *t = fitted("minmax min=-1 max=1", iris);
    out = apply(t, iris);
    assert_row_exact(out, 0, iris_mm_row0, 4);
    assert_row_exact(out, 149, iris_mm_row149, 4);
    assert_class_kept(iris, 4, out, 4);
    for (size_t j = 0; j < 4; j++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < 150; i++) {
            lo = fmin(lo, clearn_dataset_get(out, i, j));
            hi = fmax(hi, clearn_dataset_get(out, i, j));
        }
        ck_assert_double_eq_tol(lo, -1, TOL);
        ck_assert_double_eq_tol(hi, 1, TOL);
    }
    back = clearn_transform_inverse(t, out, &err);
    ck_assert_ptr_nonnull(back);
    assert_close_data(back, iris, 1e-15);
    clearn_dataset_free(back);
    clearn_dataset_free(out);
    clearn_transform_free(t);
    out = fit_apply("minmax", iris);
    assert_row_exact(out, 50, iris_mm01_row50, 4);
    clearn_dataset_free(out);
    clearn_dataset_free(iris);
}
END_TEST

/* /usr/bin/python3 -c "import numpy as np; from sklearn.preprocessing import MinMaxScaler as M
 *   X = [[1.], [2], [3], [np.nan], [2]]; Z = [[1.], [2], [3], [np.nan], [5], [-1]]
 *   print(M().fit(X).transform(Z).ravel().tolist())
 *   print(M(clip=True).fit(X).transform(Z).ravel().tolist())
 *   print(M((-1, 1)).fit([[0.1]] * 5).transform([[0.1], [0.6], [np.nan]]).ravel().tolist())"
 * -> [0.0, 0.5, 1.0, nan, 2.0, -1.0]; [0.0, 0.5, 1.0, nan, 1.0, 0.0]; [-1.0, 0.0, nan] */
START_TEST(minmax_clip_constant_missing)
{
    const double z[6] = {1, 2, 3, NAN, 5, -1}, c[3] = {0.1, 0.6, NAN};
    const double plain[6] = {0, 0.5, 1, NAN, 2, -1}, clipped[6] = {0, 0.5, 1, NAN, 1, 0};
    clearn_dataset *ds = small(), *zs = column("x", z, 6), *cs = column("c", c, 3), *out;
    clearn_dataset *x = clearn_dataset_select(ds, (const size_t[]){1}, 1, NULL);
    clearn_dataset *k = clearn_dataset_select(ds, (const size_t[]){2}, 1, NULL);
    clearn_transform *t = fitted("minmax", x), *tc = fitted("minmax clip=true", x);
    clearn_transform *tk = fitted("minmax min=-1 max=1", k);
    out = apply(t, zs);
    for (size_t i = 0; i < 6; i++)
        ck_assert(i == 3 ? isnan(clearn_dataset_get(out, i, 0))
                         : clearn_dataset_get(out, i, 0) == plain[i]);
    clearn_dataset_free(out);
    out = apply(tc, zs);
    for (size_t i = 0; i < 6; i++)
        ck_assert(i == 3 ? isnan(clearn_dataset_get(out, i, 0))
                         : clearn_dataset_get(out, i, 0) == clipped[i]);
    clearn_dataset_free(out);
    out = apply(tk, cs);
    ck_assert_double_eq(clearn_dataset_get(out, 0, 0), -1);
    ck_assert_double_eq(clearn_dataset_get(out, 1, 0), 0);
    ck_assert(isnan(clearn_dataset_get(out, 2, 0)));
    clearn_dataset_free(out);
    out = fit_apply("minmax", ds);  /* nominal and class pass through */
    assert_column_kept(ds, 0, out, 0);
    assert_class_kept(ds, 3, out, 3);
    clearn_transform_free(t);
    clearn_transform_free(tc);
    clearn_transform_free(tk);
    clearn_dataset_free(out);
    clearn_dataset_free(x);
    clearn_dataset_free(k);
    clearn_dataset_free(zs);
    clearn_dataset_free(cs);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(scale_errors)
{
    clearn_error err;
    const double huge[2] = {-1e300, 1e300}, wide[2] = {-1.5e308, 1.5e308}, unit[2] = {0, 1};
    clearn_dataset *h = column("h", huge, 2), *w = column("w", wide, 2), *u = column("u", unit, 2);
    clearn_dataset *big = column("u", wide, 2), *ds = small(), *two;
    clearn_transform *t = clearn_transform_new("minmax min=1 max=1", &err);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(clearn_transform_fit(t, u, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "minmax: min=1 must be less than max=1");
    ck_assert_int_eq(clearn_transform_set(t, "min", "2.5", &err), CLEARN_OK);
    ck_assert_int_eq(clearn_transform_fit(t, u, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "minmax: min=2.5 must be less than max=1");
    ck_assert(!clearn_transform_is_fitted(t));
    ck_assert_int_eq(clearn_transform_set(t, "min", "-1e308", &err), CLEARN_OK);
    ck_assert_int_eq(clearn_transform_set(t, "max", "1e308", &err), CLEARN_OK);
    ck_assert_int_eq(clearn_transform_fit(t, u, &err), CLEARN_ERANGE);
    ck_assert_str_eq(err.text, "minmax: the range max - min overflows");
    clearn_transform_free(t);

    t = clearn_transform_new("minmax", &err);
    ck_assert_int_eq(clearn_transform_fit(t, w, &err), CLEARN_ERANGE);
    ck_assert_str_eq(err.text, "minmax: attribute 'w': the values are too large or too spread "
                               "out to scale into [min, max]");
    clearn_transform_free(t);
    t = clearn_transform_new("standardize", &err);
    ck_assert_int_eq(clearn_transform_fit(t, h, &err), CLEARN_ERANGE);
    ck_assert_str_eq(err.text, "standardize: attribute 'h': the values are too large (the mean "
                               "or variance overflows)");
    clearn_transform_free(t);

    /* A result that overflows: [0, 1] -> [0, 1e300], then apply to -1.5e308. */
    t = fitted("minmax max=1e300", u);
    ck_assert_ptr_null(clearn_transform_apply(t, big, &err));
    ck_assert_int_eq(err.code, CLEARN_ERANGE);
    ck_assert_str_eq(err.text, "minmax: attribute 'u', row 0: the result overflows");
    clearn_transform_free(t);

    /* Parameters are validated by the generic layer from the tables. */
    assert_bad_param("standardize with_mean=maybe", "with_mean", "maybe", "true or false");
    assert_bad_param("minmax min=zero", "min", "zero", "double");
    assert_bad_param("minmax clip=2", "clip", "2", "true or false");

    /* Inverse is conformed by name to the output's layout: a missing
     * attribute is a schema error naming it. */
    t = fitted("standardize", ds);
    two = clearn_dataset_select(ds, (const size_t[]){0, 1}, 2, NULL);
    ck_assert_ptr_null(clearn_transform_inverse(t, two, &err));
    ck_assert_int_eq(err.code, CLEARN_ESCHEMA);
    ck_assert_ptr_nonnull(strstr(err.text, "'c'"));
    /* Apply is conformed by name: a missing attribute is a schema error. */
    ck_assert_ptr_null(clearn_transform_apply(t, two, &err));
    ck_assert_int_eq(err.code, CLEARN_ESCHEMA);
    ck_assert_ptr_nonnull(strstr(err.text, "'c'"));
    clearn_transform_free(t);
    clearn_dataset_free(two);
    clearn_dataset_free(h);
    clearn_dataset_free(w);
    clearn_dataset_free(u);
    clearn_dataset_free(big);
    clearn_dataset_free(ds);
}
END_TEST

/* Apply matches attributes by name: other order, extra attributes. */
START_TEST(scale_conformed_by_name)
{
    clearn_dataset *ds = small(), *out, *re, *want;
    clearn_transform *t = fitted("standardize", ds);
    re = clearn_dataset_select(ds, (const size_t[]){3, 2, 1, 0}, 4, NULL);
    ck_assert_ptr_nonnull(re);
    out = apply(t, re);
    want = apply(t, ds);
    assert_same_data(out, want);
    clearn_dataset_free(out);
    clearn_dataset_free(want);
    clearn_dataset_free(re);
    clearn_transform_free(t);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- onehot ------------------------------------------------------------- */

START_TEST(onehot_weather)
{
    clearn_dataset *ds = tu_read("datasets/weather.nominal.arff", NULL), *out;
    static const char *const names[] = {
        "outlook=sunny", "outlook=overcast", "outlook=rainy", "temperature=hot",
        "temperature=mild", "temperature=cool", "humidity=high", "humidity=normal",
        "windy=TRUE", "windy=FALSE", "play"};
    /* Row 2 is overcast,hot,high,FALSE,yes. */
    const double row2[10] = {0, 1, 0, 1, 0, 0, 1, 0, 0, 1};
    const double row2_first[6] = {1, 0, 0, 0, 0, 1};
    out = fit_apply("onehot", ds);
    ck_assert_str_eq(clearn_dataset_relation(out), "weather.symbolic");
    ck_assert_uint_eq(clearn_dataset_attrs(out), 11);
    for (size_t j = 0; j < 11; j++)
        ck_assert_str_eq(clearn_dataset_attr_name(out, j), names[j]);
    for (size_t j = 0; j < 10; j++)
        ck_assert_int_eq(clearn_dataset_attr_kind(out, j), CLEARN_NUMERIC);
    assert_row(out, 2, row2, 10);
    assert_class_kept(ds, 4, out, 10);
    for (size_t i = 0; i < 14; i++) {  /* one 1 per attribute */
        double s = 0;
        for (size_t j = 0; j < 10; j++)
            s += clearn_dataset_get(out, i, j);
        ck_assert_double_eq(s, 4);
    }
    clearn_dataset_free(out);
    out = fit_apply("onehot drop=first", ds);
    ck_assert_uint_eq(clearn_dataset_attrs(out), 7);
    ck_assert_str_eq(clearn_dataset_attr_name(out, 0), "outlook=overcast");
    ck_assert_str_eq(clearn_dataset_attr_name(out, 2), "temperature=mild");
    ck_assert_str_eq(clearn_dataset_attr_name(out, 5), "windy=FALSE");
    assert_row(out, 2, row2_first, 6);
    assert_class_kept(ds, 4, out, 6);
    clearn_dataset_free(out);
    clearn_dataset_free(ds);
}
END_TEST

/* Missing and unseen values; numeric attributes in place. */
START_TEST(onehot_missing_unseen)
{
    clearn_error err;
    static const char *const other[] = {"green", "purple"};
    const double rows[][2] = {{0, 7}, {1, 8}, {NAN, 9}};
    clearn_dataset *ds = small(), *out, *test = clearn_dataset_new("test", &err);
    clearn_transform *t = fitted("onehot", ds), *tz = fitted("onehot missing=zeros", ds);
    out = apply(t, ds);
    ck_assert_uint_eq(clearn_dataset_attrs(out), 6);
    ck_assert_str_eq(clearn_dataset_attr_name(out, 2), "colour=blue");
    assert_column_kept(ds, 1, out, 3);
    assert_column_kept(ds, 2, out, 4);
    assert_class_kept(ds, 3, out, 5);
    for (size_t j = 0; j < 3; j++)
        ck_assert(isnan(clearn_dataset_get(out, 3, j)));
    ck_assert_double_eq(clearn_dataset_get(out, 4, 1), 1);
    clearn_dataset_free(out);
    out = apply(tz, ds);
    for (size_t j = 0; j < 3; j++)
        ck_assert_double_eq(clearn_dataset_get(out, 3, j), 0);
    clearn_dataset_free(out);

    /* New data: "purple" was not seen in training and the class is absent. */
    ck_assert_int_eq(clearn_dataset_add_nominal(test, "colour", other, 2, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_numeric(test, "x", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_numeric(test, "c", NULL, &err), CLEARN_OK);
    for (size_t i = 0; i < 3; i++)
        ck_assert_int_eq(clearn_dataset_add_row(test, (const double[]){rows[i][0], rows[i][1], 0},
                                                &err), CLEARN_OK);
    out = apply(t, test);
    ck_assert_uint_eq(clearn_dataset_attrs(out), 6);
    assert_row(out, 0, (const double[]){0, 1, 0, 7}, 4);
    for (size_t j = 0; j < 3; j++) {
        ck_assert(isnan(clearn_dataset_get(out, 1, j)));  /* unseen */
        ck_assert(isnan(clearn_dataset_get(out, 2, j)));  /* missing */
        ck_assert(isnan(clearn_dataset_get(out, j, 5)));  /* no class given */
    }
    clearn_dataset_free(out);
    out = apply(tz, test);  /* as scikit-learn's handle_unknown='ignore' */
    assert_row(out, 1, (const double[]){0, 0, 0, 8}, 4);
    assert_row(out, 2, (const double[]){0, 0, 0, 9}, 4);
    ck_assert(isnan(clearn_dataset_get(out, 0, 5)));
    clearn_dataset_free(out);
    clearn_transform_free(t);
    clearn_transform_free(tz);
    clearn_dataset_free(test);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(onehot_errors_and_edges)
{
    clearn_error err;
    static const char *const ab[] = {"a", "b"}, *const one[] = {"only"};
    clearn_dataset *ds = clearn_dataset_new("clash", &err), *out;
    clearn_transform *t = clearn_transform_new("onehot", &err);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "k", ab, 2, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "k=b", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_row(ds, (const double[]){1, 5}, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_transform_fit(t, ds, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "onehot: attribute 'k=b' has the name of an indicator column");
    ck_assert(!clearn_transform_is_fitted(t));
    /* With drop=first the column k=b is still made, and still clashes... */
    ck_assert_int_eq(clearn_transform_set(t, "drop", "first", &err), CLEARN_OK);
    ck_assert_int_eq(clearn_transform_fit(t, ds, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "onehot: attribute 'k=b' has the name of an indicator column");
    clearn_transform_free(t);
    clearn_dataset_free(ds);

    /* ... and an indicator that hits an earlier attribute. */
    ds = clearn_dataset_new("clash", &err);
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "k=a", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "k", ab, 2, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "single", one, 1, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_row(ds, (const double[]){5, 1, 0}, &err), CLEARN_OK);
    t = clearn_transform_new("onehot", &err);
    ck_assert_int_eq(clearn_transform_fit(t, ds, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "onehot: the column 'k=a' for attribute 'k' has the name of "
                               "another attribute");
    clearn_transform_free(t);
    /* With drop=first there is no clash; a one-category attribute vanishes. */
    out = fit_apply("onehot drop=first", ds);
    ck_assert_uint_eq(clearn_dataset_attrs(out), 2);
    ck_assert_str_eq(clearn_dataset_attr_name(out, 0), "k=a");
    ck_assert_str_eq(clearn_dataset_attr_name(out, 1), "k=b");
    assert_row(out, 0, (const double[]){5, 1}, 2);
    ck_assert_uint_eq(clearn_dataset_class(out), CLEARN_NONE);
    clearn_dataset_free(out);
    clearn_dataset_free(ds);

    /* Not invertible; bad parameter values name the choices. */
    ds = small();
    t = fitted("onehot", ds);
    out = apply(t, ds);
    ck_assert_ptr_null(clearn_transform_inverse(t, out, &err));
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "onehot has no inverse");
    clearn_dataset_free(out);
    clearn_transform_free(t);
    clearn_dataset_free(ds);
    assert_bad_param("onehot drop=last", "drop", "last", "none, first");
    assert_bad_param("onehot missing=zero", "missing", "zero", "nan, zeros");
}
END_TEST

/* ---- impute --------------------------------------------------------------- */

/* labor.arff: numeric attributes 0-3, 5, 7, 8, 10; nominal 4, 6, 9, 11-15;
 * the class is 16.
 * /usr/bin/python3 -c "import numpy as np; from scipy.io import arff
 *   from sklearn.impute import SimpleImputer as I
 *   d, m = arff.loadarff('datasets/labor.arff')
 *   X = np.array([[r[n] for n in m.names() if m[n][0] == 'numeric'] for r in d], float)
 *   for s in ('mean', 'median', 'most_frequent'): print(I(strategy=s).fit(X).statistics_.tolist())
 *   print(I(strategy='constant', fill_value=-1).fit(X).transform(X)[0].tolist())"
 * and for each nominal column c (bytes decoded, '?' -> np.nan, dtype object):
 *   I(strategy='most_frequent').fit(c.reshape(-1, 1)).statistics_ */
static const size_t labor_num[8] = {0, 1, 2, 3, 5, 7, 8, 10};
static const double labor_mean[8] = {2.1607142857142856, 3.803571428571428, 3.971739130434783,
                                     3.9133333333333336, 38.03921568627451, 7.444444444444445,
                                     4.870967741935484, 11.09433962264151};
static const double labor_median[8] = {2, 4, 4, 4.6, 38, 8, 4, 11};
static const double labor_mode[8] = {2, 2, 4, 5, 40, 2, 3, 11};
static const double labor_const_row0[8] = {1, 5, -1, -1, 40, -1, 2, 11};
static const size_t labor_nom[8] = {4, 6, 9, 11, 12, 13, 14, 15};
/* none, empl_contr, no, below_average, yes, half, yes, full */
static const double labor_nom_mode[8] = {0, 2, 1, 0, 0, 1, 0, 2};

/* Every value missing in `in` at column j is exactly v in out; the others
 * are kept. */
static void assert_filled(const clearn_dataset *in, const clearn_dataset *out, size_t j, double v)
{
    size_t filled = 0;
    for (size_t i = 0; i < clearn_dataset_rows(in); i++) {
        double a = clearn_dataset_get(in, i, j), b = clearn_dataset_get(out, i, j);
        if (isnan(a)) {
            ck_assert_msg(b == v, "column %zu row %zu: %.17g, want %.17g", j, i, b, v);
            filled++;
        } else {
            ck_assert(a == b);
        }
    }
    ck_assert_uint_gt(filled, 0);
}

START_TEST(impute_labor)
{
    clearn_dataset *ds = tu_read("datasets/labor.arff", NULL), *out;
    out = fit_apply("impute", ds);
    for (size_t t = 0; t < 8; t++) {
        assert_filled(ds, out, labor_num[t], labor_mean[t]);
        assert_filled(ds, out, labor_nom[t], labor_nom_mode[t]);
        ck_assert_uint_eq(clearn_dataset_categories(out, labor_nom[t]),
                          clearn_dataset_categories(ds, labor_nom[t]));
    }
    assert_class_kept(ds, 16, out, 16);
    for (size_t i = 0; i < clearn_dataset_rows(out); i++)
        for (size_t j = 0; j < clearn_dataset_attrs(out); j++)
            ck_assert(!isnan(clearn_dataset_get(out, i, j)));
    clearn_dataset_free(out);
    out = fit_apply("impute numeric=median", ds);
    for (size_t t = 0; t < 8; t++)
        assert_filled(ds, out, labor_num[t], labor_median[t]);
    clearn_dataset_free(out);
    out = fit_apply("impute numeric=most_frequent", ds);
    for (size_t t = 0; t < 8; t++)
        assert_filled(ds, out, labor_num[t], labor_mode[t]);
    clearn_dataset_free(out);
    out = fit_apply("impute numeric=constant fill_value=-1", ds);
    for (size_t t = 0; t < 8; t++)
        ck_assert_double_eq(clearn_dataset_get(out, 0, labor_num[t]), labor_const_row0[t]);
    clearn_dataset_free(out);
    clearn_dataset_free(ds);
}
END_TEST

START_TEST(impute_nominal_constant)
{
    clearn_dataset *ds = tu_read("datasets/labor.arff", NULL), *out;
    out = fit_apply("impute nominal=constant", ds);
    for (size_t t = 0; t < 8; t++) {
        size_t j = labor_nom[t], k = clearn_dataset_categories(ds, j);
        ck_assert_uint_eq(clearn_dataset_categories(out, j), k + 1);
        ck_assert_str_eq(clearn_dataset_category(out, j, k), "missing");
        ck_assert_str_eq(clearn_dataset_category(out, j, 0), clearn_dataset_category(ds, j, 0));
        assert_filled(ds, out, j, (double)k);
    }
    assert_class_kept(ds, 16, out, 16);
    clearn_dataset_free(out);
    /* A fill category that exists is used, not added: 'none' is category 0
     * of cost-of-living-adjustment (4) and 2 of pension (6). */
    out = fit_apply("impute nominal=constant fill_category=none", ds);
    ck_assert_uint_eq(clearn_dataset_categories(out, 4), 3);
    assert_filled(ds, out, 4, 0);
    ck_assert_uint_eq(clearn_dataset_categories(out, 6), 3);
    assert_filled(ds, out, 6, 0);
    ck_assert_uint_eq(clearn_dataset_categories(out, 9), 3);
    ck_assert_str_eq(clearn_dataset_category(out, 9, 2), "none");
    assert_filled(ds, out, 9, 2);
    clearn_dataset_free(out);
    clearn_dataset_free(ds);
}
END_TEST

/* Ties, even-count medians, attributes with no values, a missing class,
 * unseen categories, and errors. */
START_TEST(impute_edges)
{
    clearn_error err;
    static const char *const abc[] = {"a", "b", "c"};
    const double rows[][5] = {
        {3, NAN, 2, NAN, 0}, {1, NAN, 1, NAN, 1}, {1, NAN, 2, NAN, NAN}, {3, NAN, 1, NAN, 0},
        {NAN, NAN, NAN, NAN, 1}, {10, NAN, 0, NAN, 0},
    };
    clearn_dataset *ds = clearn_dataset_new("edges", &err), *out, *test;
    clearn_transform *t;
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "x", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "empty", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "n", abc, 3, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "gone", abc, 3, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "y", yes_no, 2, NULL, &err), CLEARN_OK);
    for (size_t i = 0; i < 6; i++)
        ck_assert_int_eq(clearn_dataset_add_row(ds, rows[i], &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_set_class(ds, 4, &err), CLEARN_OK);

    /* x = {3, 1, 1, 3, 10}: mean 3.6, median 3, mode 1 (1 and 3 tie: the
     * smallest); n = {c, b, c, b, a}: b and c tie, b has the lower code.
     * Columns with no value get fill_value and fill_category. */
    t = fitted("impute fill_value=7 fill_category=none", ds);
    out = apply(t, ds);
    ck_assert_double_eq(clearn_dataset_get(out, 4, 0), 3.6);
    for (size_t i = 0; i < 6; i++)
        ck_assert_double_eq(clearn_dataset_get(out, i, 1), 7);
    ck_assert_double_eq(clearn_dataset_get(out, 4, 2), 1);
    ck_assert_uint_eq(clearn_dataset_categories(out, 3), 4);
    ck_assert_str_eq(clearn_dataset_category(out, 3, 3), "none");
    ck_assert_double_eq(clearn_dataset_get(out, 0, 3), 3);
    ck_assert_uint_eq(clearn_dataset_categories(out, 2), 3);
    assert_class_kept(ds, 4, out, 4);  /* the class is never imputed */
    ck_assert(isnan(clearn_dataset_get(out, 2, 4)));
    clearn_dataset_free(out);

    /* New data with an unseen category and a missing value, no class. */
    test = clearn_dataset_new("test", &err);
    ck_assert_int_eq(clearn_dataset_add_nominal(test, "gone", (const char *const[]){"z"}, 1, NULL,
                                                &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_nominal(test, "n", (const char *const[]){"q", "c"}, 2, NULL,
                                                &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_numeric(test, "empty", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_numeric(test, "x", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_row(test, (const double[]){0, 0, NAN, NAN}, &err),
                     CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_row(test, (const double[]){NAN, 1, 5, 2}, &err),
                     CLEARN_OK);
    out = apply(t, test);
    ck_assert_uint_eq(clearn_dataset_attrs(out), 5);
    assert_row(out, 0, (const double[]){3.6, 7, 1, 3}, 4);   /* "q" unseen -> b */
    assert_row(out, 1, (const double[]){2, 5, 2, 3}, 4);
    ck_assert(isnan(clearn_dataset_get(out, 0, 4)));
    clearn_dataset_free(out);
    clearn_dataset_free(test);
    clearn_transform_free(t);

    out = fit_apply("impute numeric=median", ds);
    ck_assert_double_eq(clearn_dataset_get(out, 4, 0), 3);
    ck_assert_double_eq(clearn_dataset_get(out, 0, 1), 0);  /* fill_value's default */
    ck_assert_str_eq(clearn_dataset_category(out, 3, 3), "missing");
    clearn_dataset_free(out);
    out = fit_apply("impute numeric=most_frequent", ds);
    ck_assert_double_eq(clearn_dataset_get(out, 4, 0), 1);
    clearn_dataset_free(out);
    {   /* Even count: numpy's median is the mean of the middle two. */
        const double v[5] = {4, NAN, 1, 2, 10};
        clearn_dataset *c = column("v", v, 5);
        out = fit_apply("impute numeric=median", c);
        ck_assert_double_eq(clearn_dataset_get(out, 1, 0), 3);
        clearn_dataset_free(out);
        clearn_dataset_free(c);
    }

    /* An empty fill category is refused when it is needed. */
    t = clearn_transform_new("impute nominal=constant fill_category=''", &err);
    ck_assert_msg(t != NULL, "%s", err.text);
    ck_assert_int_eq(clearn_transform_fit(t, ds, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text,
                     "impute: fill_category must not be empty (it fills attribute 'n')");
    ck_assert_int_eq(clearn_transform_set(t, "nominal", "most_frequent", &err), CLEARN_OK);
    ck_assert_int_eq(clearn_transform_fit(t, ds, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text,
                     "impute: fill_category must not be empty (it fills attribute 'gone')");
    clearn_transform_free(t);
    assert_bad_param("impute numeric=mode", "numeric", "mode",
                     "mean, median, most_frequent, constant");
    assert_bad_param("impute nominal=mean", "nominal", "mean", "most_frequent, constant");
    assert_bad_param("impute fill_value=x", "fill_value", "x", "double");
    {
        const double v[2] = {1.5e308, 1.5e308};
        clearn_dataset *c = column("v", v, 2);
        t = clearn_transform_new("impute", &err);
        ck_assert_int_eq(clearn_transform_fit(t, c, &err), CLEARN_ERANGE);
        ck_assert_str_eq(err.text, "impute: attribute 'v': the mean of the values overflows");
        clearn_transform_free(t);
        clearn_dataset_free(c);
    }
    clearn_dataset_free(ds);
}
END_TEST

/* ---- model payloads --------------------------------------------------------- */

/* Saved and loaded, each transform applies exactly as before, parameters
 * included (they travel in the spec). */
START_TEST(save_load_roundtrip)
{
    static const char *const specs[] = {
        "standardize", "standardize with_mean=false", "minmax min=-1 max=1 clip=true",
        "onehot drop=first missing=zeros",
        "impute numeric=median nominal=constant fill_category=NA",
        "impute numeric=constant fill_value=-2.5",
    };
    clearn_dataset *labor = tu_read("datasets/labor.arff", NULL);
    /* The same data with the attributes in another order (conformed by name). */
    const size_t order[17] = {16, 3, 2, 1, 0, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    clearn_dataset *test = clearn_dataset_select(labor, order, 17, NULL);
    ck_assert_ptr_nonnull(test);
    for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++) {
        clearn_error err;
        clearn_transform *t = fitted(specs[s], labor), *back = roundtrip(t);
        clearn_dataset *a = apply(t, test), *b = apply(back, test);
        char *sa = clearn_transform_spec(t, &err), *sb = clearn_transform_spec(back, &err);
        ck_assert_str_eq(sa, sb);
        assert_same_data(a, b);
        if (clearn_transform_get_type(t)->inverse) {
            clearn_dataset *ia = clearn_transform_inverse(t, a, &err);
            clearn_dataset *ib = clearn_transform_inverse(back, b, &err);
            ck_assert_ptr_nonnull(ia);
            ck_assert_ptr_nonnull(ib);
            assert_same_data(ia, ib);
            clearn_dataset_free(ia);
            clearn_dataset_free(ib);
        }
        clearn_free(sa);
        clearn_free(sb);
        clearn_dataset_free(a);
        clearn_dataset_free(b);
        clearn_transform_free(t);
        clearn_transform_free(back);
    }
    clearn_dataset_free(test);
    clearn_dataset_free(labor);
}
END_TEST

/* A fresh state of a registered type with default parameters. */
static void *state_new(const clearn_transform_type *type)
{
    clearn_error err;
    void *st = clearn__calloc(1, type->state_size);
    ck_assert_ptr_nonnull(st);
    ck_assert_int_eq(clearn__params_defaults(type->params, type->n_params, st, &err), CLEARN_OK);
    return st;
}

static void state_free(const clearn_transform_type *type, void *st)
{
    type->destroy(st);
    clearn__params_free(type->params, type->n_params, st);
    clearn__free(st);
}

/* Loads a payload of d doubles per key into a fresh state of `name`;
 * returns the code, the message in err. */
static int load_payload(const char *name, size_t d, const char *k1, const double *v1,
                        const char *k2, const double *v2, clearn_error *err)
{
    const clearn_transform_type *type = clearn_transform_type_find(name);
    clearn_writer *w = clearn__writer_new();
    clearn_reader *r;
    const char *data;
    size_t len;
    void *st;
    int rc;
    ck_assert_ptr_nonnull(type);
    ck_assert_int_eq(clearn_writer_size(w, "d", d, err), CLEARN_OK);
    ck_assert_int_eq(clearn_writer_doubles(w, k1, v1, d, err), CLEARN_OK);
    if (k2)
        ck_assert_int_eq(clearn_writer_doubles(w, k2, v2, d, err), CLEARN_OK);
    data = clearn__writer_data(w, &len);
    r = clearn__reader_new(data, len, "payload");
    st = state_new(type);
    rc = type->load(st, r, err);
    state_free(type, st);
    clearn__reader_free(r);
    clearn__writer_free(w);
    return rc;
}

START_TEST(corrupt_payloads)
{
    clearn_error err;
    const double scale[2] = {1, 2}, zero[2] = {0, 0}, nan2[2] = {NAN, 1}, frac[2] = {-1, 2.5};
    const double two[2] = {0, 2}, inf2[2] = {INFINITY, 0}, hole[2] = {1, 0};
    ck_assert_int_eq(load_payload("standardize", 2, "scale", scale, "mean", zero, &err), CLEARN_OK);
    ck_assert_int_eq(load_payload("standardize", 0, "scale", NULL, "mean", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(load_payload("standardize", 2, "scale", hole, "mean", zero, &err),
                     CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "standardize: bad coefficients for attribute 1 in the model");
    ck_assert_int_eq(load_payload("minmax", 2, "scale", scale, "offset", nan2, &err),
                     CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "minmax: bad coefficients for attribute 0 in the model");
    /* Keys and lengths are checked by the reader. */
    ck_assert_int_eq(load_payload("minmax", 2, "scale", scale, "mean", zero, &err),
                     CLEARN_ECORRUPT);
    ck_assert_ptr_nonnull(strstr(err.text, "offset"));
    ck_assert_int_eq(load_payload("standardize", 2, "scale", scale, NULL, NULL, &err),
                     CLEARN_ECORRUPT);
    ck_assert_int_eq(load_payload("onehot", 2, "categories", frac, NULL, NULL, &err),
                     CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "onehot: bad category count for attribute 1 in the model");
    ck_assert_int_eq(load_payload("onehot", 2, "categories", two, NULL, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(load_payload("impute", 2, "fill", inf2, "new_category", zero, &err),
                     CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "impute: bad fill for attribute 0 in the model");
    ck_assert_int_eq(load_payload("impute", 2, "fill", zero, "new_category", two, &err),
                     CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "impute: bad fill for attribute 1 in the model");
    ck_assert_int_eq(load_payload("impute", 2, "fill", nan2, "new_category", hole, &err),
                     CLEARN_OK);
}
END_TEST

/* A payload that loads but does not suit the data: the type's own checks
 * refuse it with CLEARN_ESCHEMA instead of writing bad codes. */
START_TEST(payload_schema_mismatch)
{
    clearn_error err;
    const clearn_transform_type *oh = clearn_transform_type_find("onehot");
    const clearn_transform_type *im = clearn_transform_type_find("impute");
    clearn_dataset *ds = small();
    clearn_writer *w = clearn__writer_new();
    clearn_reader *r;
    const char *data;
    size_t len;
    void *st;
    ck_assert_int_eq(clearn_writer_size(w, "d", 4, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_writer_doubles(w, "categories", (const double[]){2, -1, -1, -1}, 4,
                                           &err), CLEARN_OK);
    ck_assert_int_eq(clearn_writer_size(w, "d", 4, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_writer_doubles(w, "fill", (const double[]){5, 0, 0, NAN}, 4, &err),
                     CLEARN_OK);
    ck_assert_int_eq(clearn_writer_doubles(w, "new_category", (const double[]){0, 0, 0, 0}, 4,
                                           &err), CLEARN_OK);
    data = clearn__writer_data(w, &len);
    r = clearn__reader_new(data, len, "payload");

    st = state_new(oh);
    ck_assert_int_eq(oh->load(st, r, &err), CLEARN_OK);
    ck_assert_ptr_null(oh->apply(st, ds, &err));
    ck_assert_int_eq(err.code, CLEARN_ESCHEMA);
    ck_assert_str_eq(err.text, "onehot: attribute 'colour' differs from the training data (kind, "
                               "class or number of categories)");
    state_free(oh, st);
    st = state_new(im);
    ck_assert_int_eq(im->load(st, r, &err), CLEARN_OK);
    ck_assert_int_eq(clearn__reader_finish(r, &err), CLEARN_OK);
    ck_assert_ptr_null(im->apply(st, ds, &err));
    ck_assert_int_eq(err.code, CLEARN_ESCHEMA);
    ck_assert_str_eq(err.text, "impute: attribute 'colour' differs from the training data (kind "
                               "or categories)");
    state_free(im, st);
    clearn__reader_free(r);
    clearn__writer_free(w);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- allocation failures ----------------------------------------------------- */

/* Fits, applies, inverts, saves and loads with the k-th allocation failing,
 * for growing k (tests/testutil.h). */
static void alloc_failures_for(const char *spec, const clearn_dataset *ds)
{
    tu_transform_nomem(spec, ds, "transforms", NULL);
}

START_TEST(alloc_failures)
{
    clearn_dataset *ds = small(), *labor = tu_read("datasets/labor.arff", NULL);
    alloc_failures_for("standardize", ds);
    alloc_failures_for("minmax", ds);
    alloc_failures_for("onehot", ds);
    alloc_failures_for("onehot drop=first", labor);
    alloc_failures_for("impute", ds);
    alloc_failures_for("impute nominal=constant numeric=median", labor);
    alloc_failures_for("impute numeric=most_frequent", labor);
    clearn_dataset_free(labor);
    clearn_dataset_free(ds);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("transforms");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, standardize_iris);
    tcase_add_test(tc, standardize_missing_constant);
    tcase_add_test(tc, standardize_all_missing_numeric_class);
    tcase_add_test(tc, minmax_iris);
    tcase_add_test(tc, minmax_clip_constant_missing);
    tcase_add_test(tc, scale_errors);
    tcase_add_test(tc, scale_conformed_by_name);
    tcase_add_test(tc, onehot_weather);
    tcase_add_test(tc, onehot_missing_unseen);
    tcase_add_test(tc, onehot_errors_and_edges);
    tcase_add_test(tc, impute_labor);
    tcase_add_test(tc, impute_nominal_constant);
    tcase_add_test(tc, impute_edges);
    tcase_add_test(tc, save_load_roundtrip);
    tcase_add_test(tc, corrupt_payloads);
    tcase_add_test(tc, payload_schema_mismatch);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
