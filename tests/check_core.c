/* Tests of the core layer: errors, version, the allocation wrapper and its
 * failure injection, the string map. */
#include "config.h"
#include <stdint.h>
#include "testutil.h"
#include "internal.h"

START_TEST(strerror_codes)
{
    ck_assert_str_eq(clearn_strerror(CLEARN_OK), "success");
    ck_assert_str_eq(clearn_strerror(CLEARN_ENOMEM), "out of memory");
    ck_assert_str_eq(clearn_strerror(CLEARN_EPARSE), "malformed input");
    ck_assert_str_eq(clearn_strerror(CLEARN_ENOTFIT), "model is not fitted");
    ck_assert_str_eq(clearn_strerror(-5), "unknown error");
    ck_assert_str_eq(clearn_strerror(1000), "unknown error");
    for (int c = CLEARN_OK; c <= CLEARN_ERANGE; c++)
        ck_assert_str_ne(clearn_strerror(c), "unknown error");
}
END_TEST

START_TEST(error_fill)
{
    clearn_error err = {0, "untouched"};
    char longname[600];
    ck_assert_int_eq(clearn__error(NULL, CLEARN_EINVAL, "x"), CLEARN_EINVAL);
    ck_assert_int_eq(clearn__error(&err, CLEARN_EINVAL, "k=%d out of range", 7), CLEARN_EINVAL);
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "k=7 out of range");
    ck_assert_int_eq(clearn__parse_error(&err, "a.csv", 3, 14, "bad %s", "thing"), CLEARN_EPARSE);
    ck_assert_str_eq(err.text, "a.csv:3:14: bad thing");
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    clearn__parse_error(&err, longname, 1, 1, "bad");   /* truncated, terminated */
    ck_assert_uint_eq(strlen(err.text), CLEARN_ERROR_TEXT_SIZE - 1);
}
END_TEST

START_TEST(version)
{
    ck_assert_str_eq(clearn_version(), CLEARN_VERSION);
    ck_assert_str_eq(CLEARN_VERSION, PACKAGE_VERSION);
    ck_assert_int_eq(CLEARN_VERSION_NUMBER, 0x000100);
}
END_TEST

START_TEST(alloc_injection)
{
    void *a, *b;
    clearn__alloc_fail_after(1);
    a = clearn__malloc(8);
    b = clearn__malloc(8);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_null(b);
    ck_assert_ptr_null(clearn__strdup("x"));   /* stays failing */
    clearn__alloc_fail_after(-1);
    b = clearn__realloc(a, 64);
    ck_assert_ptr_nonnull(b);
    clearn__free(b);
    ck_assert_ptr_null(clearn__mallocarray(SIZE_MAX / 2, 4));
    ck_assert_ptr_null(clearn__calloc(SIZE_MAX / 2, 4));
    ck_assert_ptr_null(clearn__reallocarray(NULL, SIZE_MAX / 2, 4));
    a = clearn__strndup("hello", 3);
    ck_assert_str_eq(a, "hel");
    clearn__free(a);
    clearn__free(NULL);
}
END_TEST

START_TEST(strmap)
{
    clearn__strmap *m = clearn__strmap_new();
    size_t v;
    char key[32];
    for (size_t i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "k%zu", i);
        ck_assert_int_eq(clearn__strmap_put(m, key, strlen(key), i * 3), CLEARN_OK);
    }
    ck_assert_uint_eq(clearn__strmap_size(m), 5000);
    for (size_t i = 0; i < 5000; i += 2) {
        snprintf(key, sizeof key, "k%zu", i);
        clearn__strmap_del(m, key, strlen(key));
    }
    ck_assert_uint_eq(clearn__strmap_size(m), 2500);
    for (size_t i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "k%zu", i);
        ck_assert_int_eq(clearn__strmap_get(m, key, strlen(key), &v), (int)(i % 2));
        if (i % 2)
            ck_assert_uint_eq(v, i * 3);
    }
    /* keys are byte strings: embedded NUL and prefixes are distinct */
    ck_assert_int_eq(clearn__strmap_put(m, "a\0b", 3, 1), CLEARN_OK);
    ck_assert_int_eq(clearn__strmap_put(m, "a", 1, 2), CLEARN_OK);
    ck_assert_int_eq(clearn__strmap_put(m, "", 0, 3), CLEARN_OK);
    ck_assert(clearn__strmap_get(m, "a\0b", 3, &v) && v == 1);
    ck_assert(clearn__strmap_get(m, "a", 1, &v) && v == 2);
    ck_assert(clearn__strmap_get(m, "", 0, &v) && v == 3);
    ck_assert_int_eq(clearn__strmap_put(m, "a", 1, 9), CLEARN_OK);   /* replace */
    ck_assert(clearn__strmap_get(m, "a", 1, &v) && v == 9);
    clearn__strmap_free(m);
    clearn__strmap_free(NULL);
}
END_TEST

START_TEST(strmap_nomem)
{
    int done = 0;
    for (long k = 0; !done; k++) {
        clearn__strmap *m;
        int rc = CLEARN_OK;
        clearn__alloc_fail_after(k);
        if (!(m = clearn__strmap_new()))
            continue;
        for (size_t i = 0; rc == CLEARN_OK && i < 100; i++) {
            char key[16];
            snprintf(key, sizeof key, "%zu", i);
            rc = clearn__strmap_put(m, key, strlen(key), i);
        }
        done = rc == CLEARN_OK;
        if (!done)
            ck_assert_int_eq(rc, CLEARN_ENOMEM);
        clearn__strmap_free(m);
    }
    clearn__alloc_fail_after(-1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, strerror_codes);
    tcase_add_test(tc, error_fill);
    tcase_add_test(tc, version);
    tcase_add_test(tc, alloc_injection);
    tcase_add_test(tc, strmap);
    tcase_add_test(tc, strmap_nomem);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
