/* Tests of model files (lib/model.c): the typed writer and reader, the
 * framing, corruption detection, atomic saves and allocation failures. */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "testutil.h"
#include "internal.h"

/* ---- helpers --------------------------------------------------------------- */

#define TMPDIR_REL "tests/check_model.tmp"

/* A scratch file in our own directory of the build tree (static buffer). */
static const char *tmp_path(const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s/%s", TOP_BUILDDIR, TMPDIR_REL, name);
    return buf;
}

static void make_tmpdir(void)
{
    int rc = mkdir(build_path(TMPDIR_REL), 0777);
    ck_assert_msg(rc == 0 || errno == EEXIST, "mkdir: %s", strerror(errno));
}

/* Names in the scratch directory other than . and .. */
static int tmpdir_entries(void)
{
    DIR *d = opendir(build_path(TMPDIR_REL));
    struct dirent *e;
    int n = 0;
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void write_bytes(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

/* Whole file into a malloc'd buffer. */
static char *read_bytes(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = malloc(1 << 16);
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(buf);
    *len = fread(buf, 1, 1 << 16, f);
    ck_assert(feof(f));
    fclose(f);
    buf[*len < (1 << 16) ? *len : 0] = '\0';
    return buf;
}

/* Our own FNV-1a 64, to seal hand-made files with a valid trailer. */
static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
    return h;
}

static void write_sealed(const char *path, const char *body)
{
    size_t n = strlen(body);
    char *buf = malloc(n + 32);
    ck_assert_ptr_nonnull(buf);
    memcpy(buf, body, n);
    n += (size_t)sprintf(buf + n, "end %016llx\n", (unsigned long long)fnv(body, n));
    write_bytes(path, buf, n);
    free(buf);
}

static uint64_t bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static double from_bits(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* ---- a dummy model type ------------------------------------------------------ */

struct dummy {
    long k;
    size_t n;
    double w[2];
    const char *label;
    double bias;
    int extra; /* writes one item too many */
};

static int dummy_save(const void *obj, clearn_writer *w, clearn_error *err)
{
    const struct dummy *d = obj;
    int rc;
    if ((rc = clearn_writer_int(w, "k", d->k, err)) != CLEARN_OK ||
        (rc = clearn_writer_size(w, "n", d->n, err)) != CLEARN_OK ||
        (rc = clearn_writer_doubles(w, "w", d->w, d->n, err)) != CLEARN_OK ||
        (rc = clearn_writer_string(w, "label", d->label, err)) != CLEARN_OK ||
        (rc = clearn_writer_double(w, "bias", d->bias, err)) != CLEARN_OK)
        return rc;
    return d->extra ? clearn_writer_int(w, "extra", 1, err) : CLEARN_OK;
}

static int failing_save(const void *obj, clearn_writer *w, clearn_error *err)
{
    (void)obj;
    (void)w;
    return clearn__error(err, CLEARN_ENOTFIT, "dummy: not fitted");
}

static const struct dummy tiny_payload = {3, 2, {1.0, -0.5}, "a%b c", 0.1, 0};

static const char *const colours[] = {"red", "dark blue"};
static const char *const no_yes[] = {"no", "yes"};

/* colour (nominal), x (numeric), y (nominal, the class). */
static clearn_dataset *tiny_schema(void)
{
    clearn_error err;
    clearn_dataset *ds = clearn_dataset_new("tiny set", &err);
    const double row[3] = {1, 2.5, 0};
    ck_assert_ptr_nonnull(ds);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "colour", colours, 2, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "x", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "y", no_yes, 2, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_set_class(ds, 2, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_row(ds, row, &err), CLEARN_OK); /* rows are not saved */
    return ds;
}

static void save_tiny(const char *path)
{
    clearn_error err = {0, ""};
    clearn_dataset *ds = tiny_schema();
    ck_assert_int_eq(clearn__model_save(path, "estimator", "dummy k=3 label=a%b", ds,
                                        dummy_save, &tiny_payload, &err), CLEARN_OK);
    clearn_dataset_free(ds);
}

/* The exact text of the tiny model (the trailer follows it). */
static const char tiny_text[] =
    "clearn-model 1\n"
    "kind s estimator\n"
    "spec s dummy%20k=3%20label=a%25b\n"
    "relation s tiny%20set\n"
    "attrs z 3\n"
    "name s colour\nkind i 1\nncat z 2\ncat s red\ncat s dark%20blue\n"
    "name s x\nkind i 0\nncat z 0\n"
    "name s y\nkind i 1\nncat z 2\ncat s no\ncat s yes\n"
    "class i 2\n"
    "k i 3\n"
    "n z 2\n"
    "w D 2 3ff0000000000000 bfe0000000000000\n"
    "label s a%25b%20c\n"
    "bias d 3fb999999999999a\n";

/* Reads the dummy payload back and checks every value bit for bit. */
static void check_tiny_payload(clearn_reader *r)
{
    clearn_error err = {0, ""};
    long k;
    size_t n;
    double w[2], bias;
    char *label;
    ck_assert_int_eq(clearn_reader_int(r, "k", &k, &err), CLEARN_OK);
    ck_assert_int_eq(k, 3);
    ck_assert_int_eq(clearn_reader_size(r, "n", &n, &err), CLEARN_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(clearn_reader_doubles(r, "w", w, n, &err), CLEARN_OK);
    ck_assert(bits(w[0]) == bits(1.0) && bits(w[1]) == bits(-0.5));
    ck_assert_int_eq(clearn_reader_string(r, "label", &label, &err), CLEARN_OK);
    ck_assert_str_eq(label, "a%b c");
    clearn_free(label);
    ck_assert_int_eq(clearn_reader_double(r, "bias", &bias, &err), CLEARN_OK);
    ck_assert(bits(bias) == bits(0.1));
}

/* Loading must fail with code and exactly this message (after "PATH"). */
static void load_fails(const char *path, int code, const char *msg)
{
    clearn_error err = {0, ""};
    char *kind = (char *)1, *spec = (char *)1, expect[5000];
    clearn_dataset *ds = (clearn_dataset *)1;
    clearn_reader *r = (clearn_reader *)1;
    ck_assert_int_eq(clearn__model_load(path, &kind, &spec, &ds, &r, &err), code);
    ck_assert_int_eq(err.code, code);
    ck_assert(!kind && !spec && !ds && !r);
    snprintf(expect, sizeof expect, "%s%s", path, msg);
    ck_assert_str_eq(err.text, expect);
}

/* ---- primitives ---------------------------------------------------------------- */

START_TEST(writer_exact_text)
{
    clearn_error err = {0, ""};
    clearn_writer *w = clearn__writer_new();
    const double two[2] = {-0.0, 2.0};
    size_t len;
    ck_assert_ptr_nonnull(w);
    ck_assert_str_eq(clearn__writer_data(w, &len), "");
    ck_assert_uint_eq(len, 0);
    ck_assert_int_eq(clearn_writer_int(w, "a", -42, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_writer_size(w, "b.c", 7, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_writer_double(w, "Z:9", 1.0, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_writer_doubles(w, "x_y-z", two, 2, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_writer_doubles(w, "none", NULL, 0, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_writer_string(w, "s", "a b%c\n\x7f\xc3\xa9", &err), CLEARN_OK);
    ck_assert_int_eq(clearn_writer_string(w, "e", "", &err), CLEARN_OK);
    ck_assert_str_eq(clearn__writer_data(w, &len),
                     "a i -42\n"
                     "b.c z 7\n"
                     "Z:9 d 3ff0000000000000\n"
                     "x_y-z D 2 8000000000000000 4000000000000000\n"
                     "none D 0\n"
                     "s s a%20b%25c%0A%7F\xc3\xa9\n"
                     "e s\n");
    ck_assert_uint_eq(len, strlen(clearn__writer_data(w, NULL)));
    clearn__writer_free(w);
    clearn__writer_free(NULL);
    ck_assert_str_eq(clearn__writer_data(NULL, &len), "");
    ck_assert_uint_eq(len, 0);
}
END_TEST

START_TEST(bad_keys_and_arguments)
{
    static const char *const bad[] = {"", "a b", "a\n", "caf\xc3\xa9", "k=1", "%"};
    clearn_error err = {0, ""};
    clearn_writer *w = clearn__writer_new();
    clearn_reader *r = clearn__reader_new("k i 1\n", 6, "t.clm");
    long v;
    ck_assert_ptr_nonnull(w);
    ck_assert_ptr_nonnull(r);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ck_assert_int_eq(clearn_writer_int(w, bad[i], 1, &err), CLEARN_EINVAL);
        ck_assert_int_eq(clearn_writer_size(w, bad[i], 1, &err), CLEARN_EINVAL);
        ck_assert_int_eq(clearn_writer_double(w, bad[i], 1, &err), CLEARN_EINVAL);
        ck_assert_int_eq(clearn_writer_doubles(w, bad[i], NULL, 0, &err), CLEARN_EINVAL);
        ck_assert_int_eq(clearn_writer_string(w, bad[i], "x", &err), CLEARN_EINVAL);
        ck_assert_int_eq(clearn_reader_int(r, bad[i], &v, &err), CLEARN_EINVAL);
        ck_assert(strncmp(err.text, "model reader: invalid key '", 27) == 0);
    }
    ck_assert_int_eq(clearn_writer_int(w, "a b", 1, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "model writer: invalid key 'a b' (use letters, digits and _ . : -)");
    ck_assert_int_eq(clearn_writer_int(w, "a\n", 1, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "model writer: invalid key 'a?' (use letters, digits and _ . : -)");
    ck_assert_int_eq(clearn_writer_int(w, NULL, 1, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "model writer: invalid key '(null)' (use letters, digits and _ . : -)");
    ck_assert_int_eq(clearn_writer_int(NULL, "k", 1, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "model writer: NULL writer");
    ck_assert_int_eq(clearn_writer_doubles(w, "w", NULL, 3, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "model writer: 'w': NULL array");
    ck_assert_int_eq(clearn_writer_string(w, "s", NULL, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "model writer: 's': NULL string");
    ck_assert_int_eq(clearn_reader_int(NULL, "k", &v, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "model reader: NULL reader");
    ck_assert_int_eq(clearn_reader_doubles(r, "k", NULL, 2, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "model reader: NULL array");
    ck_assert_int_eq(clearn_reader_string(r, "k", NULL, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "model reader: NULL result pointer");
    ck_assert_int_eq(clearn__reader_finish(NULL, &err), CLEARN_EINVAL);
    /* nothing was written by the failed calls, nothing consumed by the reads */
    ck_assert_str_eq(clearn__writer_data(w, NULL), "");
    ck_assert_int_eq(clearn_reader_int(r, "k", &v, &err), CLEARN_OK);
    ck_assert_int_eq(v, 1);
    ck_assert_int_eq(clearn__reader_finish(r, &err), CLEARN_OK);
    ck_assert_ptr_null(clearn__reader_new(NULL, 3, "x"));
    clearn__reader_free(r);
    clearn__reader_free(NULL);
    clearn__writer_free(w);
    clearn_free(NULL);
}
END_TEST

static const double special[] = {
    0.0, -0.0, 1.0, -1.0, 0.1, 1e-300, DBL_MAX, -DBL_MAX, DBL_MIN, DBL_TRUE_MIN,
    4.9406564584124654e-324 * 12345, DBL_EPSILON, INFINITY, -INFINITY, NAN, 3.141592653589793,
};

START_TEST(doubles_round_trip_bit_exact)
{
    enum { NRAND = 5000, NSPEC = sizeof special / sizeof *special, NALL = NSPEC + 4 + NRAND };
    clearn_error err = {0, ""};
    clearn_writer *w = clearn__writer_new();
    clearn_reader *r;
    clearn_rng rng;
    double *all = malloc(NALL * sizeof *all), *back = malloc(NALL * sizeof *back), one;
    const char *data;
    size_t len, i = 0;
    ck_assert(w && all && back);
    for (; i < NSPEC; i++)
        all[i] = special[i];
    all[i++] = from_bits(0x7ff0000000000001u);  /* signalling NaN payload */
    all[i++] = from_bits(0xfff8000000abcdefu);  /* negative quiet NaN with payload */
    all[i++] = from_bits(0x000fffffffffffffu);  /* largest subnormal */
    all[i++] = from_bits(0x8000000000000001u);  /* negative smallest subnormal */
    clearn_rng_seed(&rng, 20240501u, 0);
    for (; i < NALL; i++)
        all[i] = from_bits(clearn_rng_next(&rng));
    for (i = 0; i < NALL; i++)
        ck_assert_int_eq(clearn_writer_double(w, "v", all[i], &err), CLEARN_OK);
    ck_assert_int_eq(clearn_writer_doubles(w, "all", all, NALL, &err), CLEARN_OK);
    data = clearn__writer_data(w, &len);
    r = clearn__reader_new(data, len, "mem");
    ck_assert_ptr_nonnull(r);
    for (i = 0; i < NALL; i++) {
        ck_assert_int_eq(clearn_reader_double(r, "v", &one, &err), CLEARN_OK);
        ck_assert_msg(bits(one) == bits(all[i]), "value %zu: %016llx", i,
                      (unsigned long long)bits(all[i]));
    }
    ck_assert_int_eq(clearn_reader_doubles(r, "all", back, NALL, &err), CLEARN_OK);
    ck_assert(memcmp(back, all, NALL * sizeof *all) == 0);
    ck_assert_int_eq(clearn__reader_finish(r, &err), CLEARN_OK);
    clearn__reader_free(r);
    clearn__writer_free(w);
    free(all);
    free(back);
}
END_TEST

START_TEST(integers_and_strings_round_trip)
{
    static const long ints[] = {0, 1, -1, 42, LONG_MAX, LONG_MIN, LONG_MIN + 1};
    static const size_t sizes[] = {0, 1, 1000000, SIZE_MAX, SIZE_MAX - 1};
    static const char *const strs[] = {
        "", "plain", "with space", "100%", "%41", "%", "line\nbreak\r\n", "tab\there",
        "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8c\xb2", "\x01\x1f\x7f\x80\xff", "  ", "a=b,c;d|e",
    };
    clearn_error err = {0, ""};
    clearn_writer *w = clearn__writer_new();
    clearn_reader *r;
    const char *data;
    size_t len, z;
    long v;
    char *s;
    ck_assert_ptr_nonnull(w);
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
        ck_assert_int_eq(clearn_writer_int(w, "i", ints[i], &err), CLEARN_OK);
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
        ck_assert_int_eq(clearn_writer_size(w, "z", sizes[i], &err), CLEARN_OK);
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        ck_assert_int_eq(clearn_writer_string(w, "s", strs[i], &err), CLEARN_OK);
    data = clearn__writer_data(w, &len);
    /* one item per line, and a string never contains a space */
    for (size_t i = 0, lines = 0; i < len; i++) {
        lines += data[i] == '\n';
        if (i + 1 == len)
            ck_assert_uint_eq(lines, 7 + 5 + 12);
    }
    r = clearn__reader_new(data, len, "mem");
    ck_assert_ptr_nonnull(r);
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        ck_assert_int_eq(clearn_reader_int(r, "i", &v, &err), CLEARN_OK);
        ck_assert_int_eq(v, ints[i]);
    }
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        ck_assert_int_eq(clearn_reader_size(r, "z", &z, &err), CLEARN_OK);
        ck_assert_uint_eq(z, sizes[i]);
    }
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
        ck_assert_int_eq(clearn_reader_string(r, "s", &s, &err), CLEARN_OK);
        ck_assert_str_eq(s, strs[i]);
        clearn_free(s);
    }
    ck_assert_int_eq(clearn__reader_finish(r, &err), CLEARN_OK);
    clearn__reader_free(r);
    clearn__writer_free(w);
}
END_TEST

START_TEST(reader_accepts_lenient_spellings)
{
    /* a last line without a newline, "KEY s " with an empty value, %xx in
     * lower case, -0 */
    const char text[] = "s s %2f%2F\ne s \nm i -0\nk i 7";
    clearn_error err = {0, ""};
    clearn_reader *r = clearn__reader_new(text, strlen(text), NULL);
    char *s;
    long v;
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(clearn_reader_string(r, "s", &s, &err), CLEARN_OK);
    ck_assert_str_eq(s, "//");
    clearn_free(s);
    ck_assert_int_eq(clearn_reader_string(r, "e", &s, &err), CLEARN_OK);
    ck_assert_str_eq(s, "");
    clearn_free(s);
    ck_assert_int_eq(clearn_reader_int(r, "m", &v, &err), CLEARN_OK);
    ck_assert_int_eq(v, 0);
    ck_assert_int_eq(clearn_reader_int(r, "k", &v, &err), CLEARN_OK);
    ck_assert_int_eq(v, 7);
    ck_assert_int_eq(clearn_reader_int(r, "k", &v, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "(memory):5: expected 'k', found the end of the data");
    ck_assert_int_eq(clearn__reader_finish(r, &err), CLEARN_OK);
    clearn__reader_free(r);
}
END_TEST

/* ---- reader errors --------------------------------------------------------------- */

enum op { INT, SIZE, DBL, DBLS, STR, FINISH };

/* Runs one read of `op` on text and expects ECORRUPT with message msg. */
static void bad_read(const char *text, enum op op, const char *key, size_t n,
                     const char *msg)
{
    clearn_error err = {0, ""};
    clearn_reader *r = clearn__reader_new(text, strlen(text), "t.clm");
    long v = 12345;
    size_t z = 12345;
    double d[4] = {7, 7, 7, 7};
    char *s = (char *)1;
    int rc;
    ck_assert_ptr_nonnull(r);
    switch (op) {
    case INT: rc = clearn_reader_int(r, key, &v, &err); break;
    case SIZE: rc = clearn_reader_size(r, key, &z, &err); break;
    case DBL: rc = clearn_reader_double(r, key, d, &err); break;
    case DBLS: rc = clearn_reader_doubles(r, key, d, n, &err); break;
    case STR: rc = clearn_reader_string(r, key, &s, &err); break;
    default: rc = clearn__reader_finish(r, &err); break;
    }
    ck_assert_msg(rc == CLEARN_ECORRUPT, "'%s': rc %d", text, rc);
    ck_assert_int_eq(err.code, CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, msg);
    /* outputs untouched, and the failed read consumed nothing */
    ck_assert_int_eq(v, 12345);
    ck_assert_uint_eq(z, 12345);
    for (int i = 0; i < 4; i++)
        ck_assert_double_eq(d[i], 7);
    ck_assert(s == (char *)1);
    if (op != FINISH)
        ck_assert_int_eq(clearn__reader_finish(r, &err), text[0] ? CLEARN_ECORRUPT : CLEARN_OK);
    clearn__reader_free(r);
}

START_TEST(wrong_key_type_and_structure)
{
    bad_read("k i 5\n", INT, "j", 0, "t.clm:1: expected 'j', found 'k'");
    bad_read("k i 5\n", SIZE, "k", 0, "t.clm:1: 'k': expected a size (z), found type 'i'");
    bad_read("k z 5\n", INT, "k", 0, "t.clm:1: 'k': expected an integer (i), found type 'z'");
    bad_read("k i 5\n", DBL, "k", 0, "t.clm:1: 'k': expected a double (d), found type 'i'");
    bad_read("k d 5\n", DBLS, "k", 1, "t.clm:1: 'k': expected an array of doubles (D), found type 'd'");
    bad_read("k i 5\n", STR, "k", 0, "t.clm:1: 'k': expected a string (s), found type 'i'");
    bad_read("k \x01 5\n", INT, "k", 0, "t.clm:1: 'k': expected an integer (i), found type '?'");
    bad_read("", INT, "k", 0, "t.clm:1: expected 'k', found the end of the data");
    bad_read("\nk i 1\n", INT, "k", 0, "t.clm:1: expected 'k', found an empty line");
    bad_read("k\n", INT, "k", 0, "t.clm:1: 'k': malformed line (expected 'KEY TYPE VALUE')");
    bad_read("k \n", INT, "k", 0, "t.clm:1: 'k': malformed line (expected 'KEY TYPE VALUE')");
    bad_read("k ii 5\n", INT, "k", 0, "t.clm:1: 'k': malformed line (expected 'KEY TYPE VALUE')");
    bad_read("kk i 5\n", INT, "k", 0, "t.clm:1: expected 'k', found 'kk'");
    bad_read("K i 5\n", INT, "k", 0, "t.clm:1: expected 'k', found 'K'");
    bad_read("a-very-long-key-that-goes-on-and-on-and-on-forever i 5\n", INT, "k", 0,
             "t.clm:1: expected 'k', found 'a-very-long-key-that-goes-on-and-on-and-...'");
    bad_read("k i 5\nextra z 1\n", FINISH, NULL, 0,
             "t.clm:1: unexpected 'k' after the end of the payload");
}
END_TEST

START_TEST(bad_numbers)
{
    bad_read("k i\n", INT, "k", 0, "t.clm:1: 'k': bad integer ''");
    bad_read("k i 12a\n", INT, "k", 0, "t.clm:1: 'k': bad integer '12a'");
    bad_read("k i -\n", INT, "k", 0, "t.clm:1: 'k': bad integer '-'");
    bad_read("k i +5\n", INT, "k", 0, "t.clm:1: 'k': bad integer '+5'");
    bad_read("k i  5\n", INT, "k", 0, "t.clm:1: 'k': bad integer ' 5'");
    bad_read("k i 5 \n", INT, "k", 0, "t.clm:1: 'k': bad integer '5 '");
    bad_read("k i 0x10\n", INT, "k", 0, "t.clm:1: 'k': bad integer '0x10'");
    bad_read("k i 9223372036854775808\n", INT, "k", 0,
             "t.clm:1: 'k': bad integer '9223372036854775808'");
    bad_read("k i -9223372036854775809\n", INT, "k", 0,
             "t.clm:1: 'k': bad integer '-9223372036854775809'");
    bad_read("n z -1\n", SIZE, "n", 0, "t.clm:1: 'n': bad size '-1'");
    bad_read("n z 18446744073709551616\n", SIZE, "n", 0,
             "t.clm:1: 'n': bad size '18446744073709551616'");
    bad_read("n z 1e3\n", SIZE, "n", 0, "t.clm:1: 'n': bad size '1e3'");
    bad_read("x d 3FF0000000000000\n", DBL, "x", 0,
             "t.clm:1: 'x': bad double (16 lowercase hex digits expected) '3FF0000000000000'");
    bad_read("x d 3ff000000000000\n", DBL, "x", 0,
             "t.clm:1: 'x': bad double (16 lowercase hex digits expected) '3ff000000000000'");
    bad_read("x d 3ff00000000000000\n", DBL, "x", 0,
             "t.clm:1: 'x': bad double (16 lowercase hex digits expected) '3ff00000000000000'");
    bad_read("x d 1.5\n", DBL, "x", 0,
             "t.clm:1: 'x': bad double (16 lowercase hex digits expected) '1.5'");
    bad_read("x d 3ff000000000000g\n", DBL, "x", 0,
             "t.clm:1: 'x': bad double (16 lowercase hex digits expected) '3ff000000000000g'");
}
END_TEST

START_TEST(bad_arrays)
{
    bad_read("w D 3 3ff0000000000000 3ff0000000000000 3ff0000000000000\n", DBLS, "w", 2,
             "t.clm:1: 'w': expected 2 values, found 3");
    bad_read("w D 1 3ff0000000000000\n", DBLS, "w", 2, "t.clm:1: 'w': expected 2 values, found 1");
    bad_read("w D 2 3ff0000000000000\n", DBLS, "w", 2, "t.clm:1: 'w': the line does not hold 2 values");
    bad_read("w D 2 3ff0000000000000 3ff000000000\n", DBLS, "w", 2,
             "t.clm:1: 'w': the line does not hold 2 values");
    bad_read("w D 1 3ff0000000000000 \n", DBLS, "w", 1, "t.clm:1: 'w': the line does not hold 1 values");
    bad_read("w D 0 \n", DBLS, "w", 0, "t.clm:1: 'w': the line does not hold 0 values");
    bad_read("w D 2 3ff0000000000000_3ff0000000000000\n", DBLS, "w", 2,
             "t.clm:1: 'w': value 2 is not 16 lowercase hex digits");
    bad_read("w D 2 3ff0000000000000 3ff000000000000G\n", DBLS, "w", 2,
             "t.clm:1: 'w': value 2 is not 16 lowercase hex digits");
    bad_read("w D\n", DBLS, "w", 0, "t.clm:1: 'w': bad count ''");
    bad_read("w D x 1\n", DBLS, "w", 1, "t.clm:1: 'w': bad count 'x'");
    bad_read("w D -1\n", DBLS, "w", 1, "t.clm:1: 'w': bad count '-1'");
    /* a huge count is refused by comparison, never by allocating */
    bad_read("w D 18446744073709551615\n", DBLS, "w", 1,
             "t.clm:1: 'w': expected 1 values, found 18446744073709551615");
    bad_read("w D 99999999999999999999999\n", DBLS, "w", 1,
             "t.clm:1: 'w': bad count '99999999999999999999999'");
}
END_TEST

START_TEST(bad_strings)
{
    bad_read("s s a%2\n", STR, "s", 0, "t.clm:1: 's': bad escape at byte 2 of the string");
    bad_read("s s %\n", STR, "s", 0, "t.clm:1: 's': bad escape at byte 1 of the string");
    bad_read("s s %zz\n", STR, "s", 0, "t.clm:1: 's': bad escape at byte 1 of the string");
    bad_read("s s %0g\n", STR, "s", 0, "t.clm:1: 's': bad escape at byte 1 of the string");
    bad_read("s s ab%00cd\n", STR, "s", 0, "t.clm:1: 's': bad escape at byte 3 of the string");
    bad_read("s s a b\n", STR, "s", 0, "t.clm:1: 's': unescaped byte 0x20 in the string");
    bad_read("s s a\tb\n", STR, "s", 0, "t.clm:1: 's': unescaped byte 0x09 in the string");
    bad_read("s s a\rb\n", STR, "s", 0, "t.clm:1: 's': unescaped byte 0x0d in the string");
    bad_read("s s a\x7f\n", STR, "s", 0, "t.clm:1: 's': unescaped byte 0x7f in the string");
}
END_TEST

/* A NUL byte inside the data is just another bad byte. */
static void bad_bytes(const char *text, size_t len, enum op op, const char *msg)
{
    clearn_error err = {0, ""};
    clearn_reader *r = clearn__reader_new(text, len, "t.clm");
    long v;
    char *s;
    ck_assert_ptr_nonnull(r);
    if (op == INT)
        ck_assert_int_eq(clearn_reader_int(r, "k", &v, &err), CLEARN_ECORRUPT);
    else
        ck_assert_int_eq(clearn_reader_string(r, "s", &s, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, msg);
    clearn__reader_free(r);
}

START_TEST(nul_bytes_in_data)
{
    bad_bytes("k i 5\0\n", 7, INT, "t.clm:1: 'k': bad integer '5?'");
    bad_bytes("k\0 i 5\n", 7, INT, "t.clm:1: expected 'k', found 'k?'");
    bad_bytes("s s a\0b\n", 8, STR, "t.clm:1: 's': unescaped byte 0x00 in the string");
}
END_TEST

/* ---- framed model files -------------------------------------------------------- */

START_TEST(save_exact_text_and_golden_file)
{
    const char *path = tmp_path("tiny.clm");
    char *got, *golden, expect[2048];
    size_t len, glen, n = strlen(tiny_text);
    make_tmpdir();
    save_tiny(path);
    got = read_bytes(path, &len);
    memcpy(expect, tiny_text, n);
    snprintf(expect + n, sizeof expect - n, "end %016llx\n",
             (unsigned long long)fnv(tiny_text, n));
    ck_assert_str_eq(got, expect);
    /* the checked-in file was sealed by an independent FNV implementation
     * (Python); the format must stay readable and byte-stable */
    golden = read_bytes(src_path("tests/data/model/golden.clm"), &glen);
    ck_assert_uint_eq(glen, len);
    ck_assert(memcmp(golden, got, len) == 0);
    free(got);
    free(golden);
    unlink(path);
}
END_TEST

START_TEST(load_golden_file)
{
    clearn_error err = {0, ""};
    char *kind, *spec;
    clearn_dataset *ds, *ref = tiny_schema();
    clearn_reader *r;
    ck_assert_int_eq(clearn__model_load(src_path("tests/data/model/golden.clm"), &kind, &spec,
                                        &ds, &r, &err), CLEARN_OK);
    ck_assert_str_eq(kind, "estimator");
    ck_assert_str_eq(spec, "dummy k=3 label=a%b");
    ck_assert_str_eq(clearn_dataset_relation(ds), "tiny set");
    ck_assert(clearn_dataset_same_schema(ds, ref));
    ck_assert_uint_eq(clearn_dataset_rows(ds), 0);
    ck_assert_str_eq(clearn_dataset_category(ds, 0, 1), "dark blue");
    check_tiny_payload(r);
    ck_assert_int_eq(clearn__reader_finish(r, &err), CLEARN_OK);
    clearn__free(kind);
    clearn__free(spec);
    clearn_dataset_free(ds);
    clearn_dataset_free(ref);
    clearn__reader_free(r);
}
END_TEST

/* A wider schema: odd names, no categories yet, UTF-8, no class. */
START_TEST(save_load_round_trip)
{
    static const char *const odd[] = {"a b", "100%", "caf\xc3\xa9", "x\ty", "-"};
    const char *path = tmp_path("wide.clm");
    clearn_error err = {0, ""};
    clearn_dataset *ds = clearn_dataset_new("", &err), *back;
    struct dummy p = {LONG_MIN, 0, {0, 0}, "", -0.0, 0};
    clearn_reader *r;
    char *kind, *spec, *label;
    long k;
    size_t n;
    double bias;
    make_tmpdir();
    ck_assert_ptr_nonnull(ds);
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "wind speed", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "città", odd, 5, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_nominal(ds, "empty", NULL, 0, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_dataset_add_numeric(ds, "%20", NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn__model_save(path, "transform", "", ds, dummy_save, &p, &err),
                     CLEARN_OK);
    ck_assert_int_eq(clearn__model_load(path, &kind, &spec, &back, &r, &err), CLEARN_OK);
    ck_assert_str_eq(kind, "transform");
    ck_assert_str_eq(spec, "");
    ck_assert(clearn_dataset_same_schema(ds, back));
    ck_assert_str_eq(clearn_dataset_relation(back), "");
    ck_assert_uint_eq(clearn_dataset_class(back), CLEARN_NONE);
    ck_assert_str_eq(clearn_dataset_attr_name(back, 3), "%20");
    ck_assert_str_eq(clearn_dataset_category(back, 1, 3), "x\ty");
    ck_assert_int_eq(clearn_reader_int(r, "k", &k, &err), CLEARN_OK);
    ck_assert_int_eq(k, LONG_MIN);
    ck_assert_int_eq(clearn_reader_size(r, "n", &n, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_reader_doubles(r, "w", NULL, n, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_reader_string(r, "label", &label, &err), CLEARN_OK);
    ck_assert_str_eq(label, "");
    clearn_free(label);
    ck_assert_int_eq(clearn_reader_double(r, "bias", &bias, &err), CLEARN_OK);
    ck_assert(bits(bias) == bits(-0.0));
    ck_assert_int_eq(clearn__reader_finish(r, &err), CLEARN_OK);
    clearn__free(kind);
    clearn__free(spec);
    clearn_dataset_free(back);
    clearn__reader_free(r);
    clearn_dataset_free(ds);
    unlink(path);
    ck_assert_int_eq(tmpdir_entries(), 0);
}
END_TEST

/* The payload reader stops at the trailer: leftovers are reported with the
 * line number in the file. */
START_TEST(payload_trailing_item)
{
    const char *path = tmp_path("extra.clm");
    clearn_error err = {0, ""};
    clearn_dataset *ds = tiny_schema(), *back;
    struct dummy p = tiny_payload;
    clearn_reader *r;
    char *kind, *spec, expect[5000];
    long v;
    make_tmpdir();
    p.extra = 1;
    ck_assert_int_eq(clearn__model_save(path, "estimator", "dummy", ds, dummy_save, &p, &err),
                     CLEARN_OK);
    ck_assert_int_eq(clearn__model_load(path, &kind, &spec, &back, &r, &err), CLEARN_OK);
    check_tiny_payload(r);
    ck_assert_int_eq(clearn__reader_finish(r, &err), CLEARN_ECORRUPT);
    snprintf(expect, sizeof expect, "%s:25: unexpected 'extra' after the end of the payload", path);
    ck_assert_str_eq(err.text, expect);
    ck_assert_int_eq(clearn_reader_int(r, "extra", &v, &err), CLEARN_OK);
    ck_assert_int_eq(clearn__reader_finish(r, &err), CLEARN_OK);
    /* the end line is not part of the payload */
    ck_assert_int_eq(clearn_reader_int(r, "end", &v, &err), CLEARN_ECORRUPT);
    snprintf(expect, sizeof expect, "%s:26: expected 'end', found the end of the data", path);
    ck_assert_str_eq(err.text, expect);
    clearn__free(kind);
    clearn__free(spec);
    clearn_dataset_free(back);
    clearn__reader_free(r);
    clearn_dataset_free(ds);
    unlink(path);
}
END_TEST

/* ---- corruption ------------------------------------------------------------------- */

/* Every way of damaging one byte or cutting the file fails cleanly. */
START_TEST(every_truncation_and_byte_flip_fails)
{
    char src[4096], path[4096], *orig, *buf;
    size_t len, pathlen;
    clearn_rng rng;
    make_tmpdir();
    snprintf(src, sizeof src, "%s", tmp_path("orig.clm"));
    save_tiny(src);
    orig = read_bytes(src, &len);
    buf = malloc(len);
    ck_assert_ptr_nonnull(buf);
    snprintf(path, sizeof path, "%s", tmp_path("damaged.clm"));
    pathlen = strlen(path);
    clearn_rng_seed(&rng, 7, 0);
    for (size_t cut = 0; cut <= len; cut++) {
        for (int how = 0; how < 4; how++) {
            clearn_error err = {0, ""};
            char *kind = (char *)1, *spec = (char *)1;
            clearn_dataset *ds = (clearn_dataset *)1;
            clearn_reader *r = (clearn_reader *)1;
            size_t n = len;
            int rc;
            memcpy(buf, orig, len);
            if (how == 0) {
                if (cut == len)
                    continue;
                n = cut;
            } else if (cut == len) {
                continue;
            } else if (how == 1) {
                buf[cut] ^= 0x01;
            } else if (how == 2) {
                buf[cut] ^= (char)0x80;
            } else {
                buf[cut] = (char)(unsigned char)((unsigned char)orig[cut] + 1 +
                                                 clearn_rng_below(&rng, 255));
            }
            write_bytes(path, buf, n);
            rc = clearn__model_load(path, &kind, &spec, &ds, &r, &err);
            ck_assert_msg(rc == CLEARN_ECORRUPT, "offset %zu, damage %d: rc %d (%s)", cut, how,
                          rc, err.text);
            ck_assert_int_eq(err.code, CLEARN_ECORRUPT);
            ck_assert(strncmp(err.text, path, pathlen) == 0 && strlen(err.text) > pathlen + 8);
            ck_assert(!kind && !spec && !ds && !r);
        }
    }
    /* the undamaged copy still loads */
    write_bytes(path, orig, len);
    {
        clearn_error err = {0, ""};
        char *kind, *spec;
        clearn_dataset *ds;
        clearn_reader *r;
        ck_assert_int_eq(clearn__model_load(path, &kind, &spec, &ds, &r, &err), CLEARN_OK);
        clearn__free(kind);
        clearn__free(spec);
        clearn_dataset_free(ds);
        clearn__reader_free(r);
    }
    free(buf);
    free(orig);
    unlink(path);
    unlink(src);
}
END_TEST

/* Reads the dummy payload without knowing what is in it; every failure
 * must be ECORRUPT. */
static int tolerant_payload(clearn_reader *r, const char *path, clearn_error *err)
{
    long k;
    size_t n;
    double w[2], bias;
    char *label = NULL;
    int rc;
    if ((rc = clearn_reader_int(r, "k", &k, err)) != CLEARN_OK ||
        (rc = clearn_reader_size(r, "n", &n, err)) != CLEARN_OK)
        return rc;
    if (n > 2)
        /* a real type checks its counts like this */
        return clearn__error(err, CLEARN_ECORRUPT, "%s: n: too many weights", path);
    if ((rc = clearn_reader_doubles(r, "w", w, n, err)) != CLEARN_OK ||
        (rc = clearn_reader_string(r, "label", &label, err)) != CLEARN_OK)
        return rc;
    clearn_free(label);
    if ((rc = clearn_reader_double(r, "bias", &bias, err)) != CLEARN_OK)
        return rc;
    return clearn__reader_finish(r, err);
}

/* Damage that keeps the checksum valid (inserted, deleted and changed
 * bytes, resealed) reaches the parser: it must fail cleanly or succeed. */
START_TEST(sealed_mutations_fail_cleanly)
{
    static const char alphabet[] = " \n%0123456789abcdefzDdisx-.:_\x01\x7f\xc3";
    char path[4096], buf[1024];
    size_t base = strlen(tiny_text);
    clearn_rng rng;
    int loaded = 0, failed = 0;
    make_tmpdir();
    snprintf(path, sizeof path, "%s", tmp_path("mutant.clm"));
    clearn_rng_seed(&rng, 99, 0);
    for (int iter = 0; iter < 4000; iter++) {
        clearn_error err = {0, ""};
        char *kind, *spec;
        clearn_dataset *ds;
        clearn_reader *r;
        size_t n = base;
        int rc, edits = 1 + (int)clearn_rng_below(&rng, 3);
        memcpy(buf, tiny_text, base);
        for (int e = 0; e < edits; e++) {
            size_t at = (size_t)clearn_rng_below(&rng, n);
            char c = alphabet[clearn_rng_below(&rng, sizeof alphabet - 1)];
            switch (clearn_rng_below(&rng, 3)) {
            case 0: buf[at] = c; break;
            case 1: memmove(buf + at, buf + at + 1, n - at - 1); n--; break;
            default: memmove(buf + at + 1, buf + at, n - at); buf[at] = c; n++; break;
            }
        }
        buf[n] = '\0';
        if (strlen(buf) != n)
            continue; /* write_sealed takes a C string */
        write_sealed(path, buf);
        rc = clearn__model_load(path, &kind, &spec, &ds, &r, &err);
        if (rc == CLEARN_OK) {
            rc = tolerant_payload(r, path, &err);
            clearn__free(kind);
            clearn__free(spec);
            clearn_dataset_free(ds);
            clearn__reader_free(r);
        }
        ck_assert_msg(rc == CLEARN_OK || rc == CLEARN_ECORRUPT, "iteration %d: rc %d (%s)",
                      iter, rc, err.text);
        if (rc != CLEARN_OK)
            ck_assert(strncmp(err.text, path, strlen(path)) == 0);
        loaded += rc == CLEARN_OK;
        failed += rc != CLEARN_OK;
    }
    /* both outcomes happen (a changed category name, say, is still valid) */
    ck_assert_int_gt(loaded, 50);
    ck_assert_int_gt(failed, 2000);
    unlink(path);
}
END_TEST

START_TEST(specific_damage_messages)
{
    char src[4096], path[4096], *orig;
    size_t len;
    make_tmpdir();
    snprintf(src, sizeof src, "%s", tmp_path("orig2.clm"));
    save_tiny(src);
    orig = read_bytes(src, &len);
    snprintf(path, sizeof path, "%s", tmp_path("damaged2.clm"));
    write_bytes(path, orig, len - 1);
    load_fails(path, CLEARN_ECORRUPT, ": truncated: no end line");
    write_bytes(path, orig, len - 21);
    load_fails(path, CLEARN_ECORRUPT, ": truncated: no end line");
    write_bytes(path, orig, 100);
    load_fails(path, CLEARN_ECORRUPT, ": truncated: no end line");
    write_bytes(path, orig, 15);
    load_fails(path, CLEARN_ECORRUPT, ": truncated: no end line");
    write_bytes(path, orig, 14);
    load_fails(path, CLEARN_ECORRUPT, ": truncated: no end line");
    write_bytes(path, orig, 5);
    load_fails(path, CLEARN_ECORRUPT, ": not a clearn model file (no 'clearn-model' header)");
    write_bytes(path, orig, 0);
    load_fails(path, CLEARN_ECORRUPT, ": not a clearn model file (it is empty)");
    orig[100] ^= 1;
    write_bytes(path, orig, len);
    load_fails(path, CLEARN_ECORRUPT, ": checksum mismatch: the file is corrupted");
    orig[100] ^= 1;
    orig[len - 2] = orig[len - 2] == '0' ? '1' : '0';
    write_bytes(path, orig, len);
    load_fails(path, CLEARN_ECORRUPT, ": checksum mismatch: the file is corrupted");
    orig[len - 2] = 'A';
    write_bytes(path, orig, len);
    load_fails(path, CLEARN_ECORRUPT, ": truncated: no end line");
    orig[13] = '2';
    write_bytes(path, orig, len);
    load_fails(path, CLEARN_ECORRUPT, ": model format version 2, this library reads 1");
    free(orig);
    unlink(path);
    unlink(src);
}
END_TEST

START_TEST(other_files)
{
    char path[4096];
    load_fails(src_path("tests/data/model/version2.clm"), CLEARN_ECORRUPT,
               ": model format version 2, this library reads 1");
    load_fails(src_path("tests/data/model/not_model.csv"), CLEARN_ECORRUPT,
               ": not a clearn model file (no 'clearn-model' header)");
    load_fails(src_path("tests/data/model/no-such-file.clm"), CLEARN_EIO,
               ": cannot open: No such file or directory");
    load_fails(src_path("tests/data/model"), CLEARN_EIO, ": cannot read: Is a directory");
    make_tmpdir();
    snprintf(path, sizeof path, "%s", tmp_path("version.clm"));
    write_sealed(path, "clearn-model 1x\nkind s estimator\n");
    load_fails(path, CLEARN_ECORRUPT, ":1: bad model format version '1x'");
    write_sealed(path, "clearn-model \n");
    load_fails(path, CLEARN_ECORRUPT, ":1: bad model format version ''");
    write_sealed(path, "clearn-model 99999999999999999999\n");
    load_fails(path, CLEARN_ECORRUPT, ":1: bad model format version '99999999999999999999'");
    write_sealed(path, "clearn-model 01\n");
    load_fails(path, CLEARN_ECORRUPT, ":2: expected 'kind', found the end of the data");
    write_sealed(path, "clearn-model 0\n");
    load_fails(path, CLEARN_ECORRUPT, ": model format version 0, this library reads 1");
    unlink(path);
}
END_TEST

START_TEST(too_large)
{
    const char *path = tmp_path("huge.clm");
    int fd;
    make_tmpdir();
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    ck_assert_int_ge(fd, 0);
    /* sparse: no disk space, and refused before reading */
    ck_assert_int_eq(ftruncate(fd, (off_t)1 << 30 | 1), 0);
    close(fd);
    load_fails(path, CLEARN_ECORRUPT, ": too large for a model file (over 1024 MiB)");
    unlink(path);
}
END_TEST

/* Well-sealed files whose header or schema is wrong. */
static void bad_sealed(const char *body, const char *msg)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", tmp_path("sealed.clm"));
    write_sealed(path, body);
    load_fails(path, CLEARN_ECORRUPT, msg);
    unlink(path);
}

#define HEAD "clearn-model 1\nkind s estimator\nspec s x\nrelation s r\n"

START_TEST(bad_schemas)
{
    make_tmpdir();
    bad_sealed("clearn-model 1\n", ":2: expected 'kind', found the end of the data");
    bad_sealed("clearn-model 1\nkind i 1\n", ":2: 'kind': expected a string (s), found type 'i'");
    bad_sealed("clearn-model 1\nkind s estimator\nrelation s r\n",
               ":3: expected 'spec', found 'relation'");
    bad_sealed(HEAD "attrs z 0\n", ":6: expected 'class', found the end of the data");
    bad_sealed(HEAD "attrs z 0\nclass i 0\n",
               ":6: bad schema: class index 0 out of range (0 attributes)");
    bad_sealed(HEAD "attrs z 1\nname s a\nkind i 0\nncat z 0\nclass i 1\n",
               ":9: bad schema: class index 1 out of range (1 attributes)");
    bad_sealed(HEAD "attrs z 1\nname s a\nkind i 0\nncat z 0\nclass i -2\n",
               ":9: bad schema: class index -2 out of range (1 attributes)");
    bad_sealed(HEAD "attrs z 1\nname s a\nkind i 2\nncat z 0\nclass i -1\n",
               ":7: bad schema: attribute 'a': kind 2 is neither 0 (numeric) nor 1 (nominal)");
    bad_sealed(HEAD "attrs z 1\nname s a\nkind i -1\nncat z 0\nclass i -1\n",
               ":7: bad schema: attribute 'a': kind -1 is neither 0 (numeric) nor 1 (nominal)");
    bad_sealed(HEAD "attrs z 1\nname s a\nkind i 0\nncat z 1\ncat s c\nclass i -1\n",
               ":8: bad schema: numeric attribute 'a' has 1 categories");
    bad_sealed(HEAD "attrs z 2\nname s a\nkind i 0\nncat z 0\nname s a\nkind i 0\nncat z 0\nclass i -1\n",
               ":9: bad schema: duplicate attribute name 'a'");
    bad_sealed(HEAD "attrs z 1\nname s\nkind i 0\nncat z 0\nclass i -1\n",
               ":6: bad schema: attribute names must not be empty");
    bad_sealed(HEAD "attrs z 1\nname s a\nkind i 1\nncat z 2\ncat s c\ncat s c\nclass i -1\n",
               ":10: bad schema: attribute 'a': duplicate category 'c'");
    bad_sealed(HEAD "attrs z 1\nname s a\nkind i 1\nncat z 1\ncat s\nclass i -1\n",
               ":9: bad schema: attribute 'a': empty category name");
    bad_sealed(HEAD "attrs z 1\nname s a\nkind i 1\nncat z 3\ncat s c\nclass i -1\n",
               ":10: expected 'cat', found 'class'");
    bad_sealed(HEAD "attrs z 1\nname s a\nkind i 1\nncat z 999999999999\nclass i -1\n",
               ":9: expected 'cat', found 'class'");
    bad_sealed(HEAD "attrs z 99999999999\nname s a\n",
               ":5: bad schema: 99999999999 attributes cannot fit in the rest of the file");
    bad_sealed(HEAD "attrs z 2\nname s a\nkind i 0\nncat z 0\nclass i -1\n",
               ":5: bad schema: 2 attributes cannot fit in the rest of the file");
    bad_sealed(HEAD "attrs z 2\nname s a\nkind i 0\nncat z 0\nclass i -1\npad s 0123456789\n",
               ":9: expected 'name', found 'class'");
    bad_sealed(HEAD "attrs z 1\nname s a\nncat z 0\nkind i 0\nclass i -1\n",
               ":7: expected 'kind', found 'ncat'");
    bad_sealed(HEAD "attrs i 1\n", ":5: 'attrs': expected a size (z), found type 'i'");
    bad_sealed("clearn-model 1\nkind s e\nspec s x\nrelation s a%20b%0\n",
               ":4: 'relation': bad escape at byte 6 of the string");
    ck_assert_int_eq(tmpdir_entries(), 0);
}
END_TEST

/* A schema inside a payload (pipelines store their final schema so). */
START_TEST(schema_in_payload)
{
    clearn_error err = {0, ""};
    clearn_writer *w = clearn__writer_new();
    clearn_dataset *ds = tiny_schema(), *back = (clearn_dataset *)1;
    clearn_reader *r;
    const char *data;
    size_t len;
    long v;
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(clearn_writer_int(w, "before", 1, &err), CLEARN_OK);
    ck_assert_int_eq(clearn__write_schema(w, ds, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_writer_int(w, "after", 2, &err), CLEARN_OK);
    ck_assert_int_eq(clearn__write_schema(w, NULL, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "model writer: NULL schema");
    data = clearn__writer_data(w, &len);
    ck_assert(strstr(data, "relation s tiny%20set\nattrs z 3\nname s colour\n") != NULL);
    r = clearn__reader_new(data, len, "pipe");
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(clearn__read_schema(r, &back, &err), CLEARN_ECORRUPT);
    ck_assert_str_eq(err.text, "pipe:1: expected 'relation', found 'before'");
    ck_assert_ptr_eq(back, (clearn_dataset *)1);
    ck_assert_int_eq(clearn__read_schema(r, NULL, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn_reader_int(r, "before", &v, &err), CLEARN_OK);
    ck_assert_int_eq(clearn__read_schema(r, &back, &err), CLEARN_OK);
    ck_assert(clearn_dataset_same_schema(ds, back));
    ck_assert_str_eq(clearn_dataset_relation(back), "tiny set");
    ck_assert_int_eq(clearn_reader_int(r, "after", &v, &err), CLEARN_OK);
    ck_assert_int_eq(v, 2);
    ck_assert_int_eq(clearn__reader_finish(r, &err), CLEARN_OK);
    clearn_dataset_free(back);
    clearn__reader_free(r);
    clearn__writer_free(w);
    clearn_dataset_free(ds);
}
END_TEST

/* ---- saving ------------------------------------------------------------------------ */

START_TEST(save_replaces_and_fails_atomically)
{
    char path[4096], dirpath[4096], expect[8300];
    clearn_error err = {0, ""};
    clearn_dataset *ds = tiny_schema();
    struct dummy other = tiny_payload;
    char *before, *after;
    size_t blen, alen;
    make_tmpdir();
    snprintf(path, sizeof path, "%s", tmp_path("replace.clm"));
    write_bytes(path, "old contents\n", 13);
    save_tiny(path);
    before = read_bytes(path, &blen);
    ck_assert(strncmp(before, tiny_text, strlen(tiny_text)) == 0);
    /* a second save with other values replaces the first */
    other.k = 4;
    ck_assert_int_eq(clearn__model_save(path, "estimator", "dummy", ds, dummy_save, &other, &err),
                     CLEARN_OK);
    after = read_bytes(path, &alen);
    ck_assert(strstr(after, "\nk i 4\n") != NULL);
    free(after);
    /* a failing payload leaves the file as it was and no temporary */
    ck_assert_int_eq(clearn__model_save(path, "estimator", "dummy", ds, failing_save, NULL, &err),
                     CLEARN_ENOTFIT);
    ck_assert_str_eq(err.text, "dummy: not fitted");
    after = read_bytes(path, &alen);
    ck_assert(strstr(after, "\nk i 4\n") != NULL);
    free(after);
    ck_assert_int_eq(tmpdir_entries(), 1);
    /* a write that fails half-way (file size limit: EFBIG) */
    {
        struct rlimit old, small;
        void (*handler)(int) = signal(SIGXFSZ, SIG_IGN);
        ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
        small = old;
        small.rlim_cur = 100;
        ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
        ck_assert_int_eq(clearn__model_save(path, "estimator", "dummy", ds, dummy_save,
                                            &tiny_payload, &err), CLEARN_EIO);
        ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
        signal(SIGXFSZ, handler);
        snprintf(expect, sizeof expect, "%s: cannot write: File too large", path);
        ck_assert_str_eq(err.text, expect);
        after = read_bytes(path, &alen);
        ck_assert(strstr(after, "\nk i 4\n") != NULL);
        free(after);
        ck_assert_int_eq(tmpdir_entries(), 1);
    }
    /* a missing directory */
    snprintf(dirpath, sizeof dirpath, "%s", tmp_path("no-such-dir/m.clm"));
    ck_assert_int_eq(clearn__model_save(dirpath, "estimator", "x", ds, dummy_save, &tiny_payload,
                                        &err), CLEARN_EIO);
    ck_assert(strncmp(err.text, dirpath, strlen(dirpath)) == 0);
    snprintf(expect, sizeof expect, "%s: cannot create a temporary file: No such file or directory",
             dirpath);
    ck_assert_str_eq(err.text, expect);
    ck_assert_int_eq(tmpdir_entries(), 1);
    /* path is a directory: the rename fails and the temporary goes away */
    snprintf(dirpath, sizeof dirpath, "%s", tmp_path("a-directory"));
    ck_assert_int_eq(mkdir(dirpath, 0777), 0);
    ck_assert_int_eq(clearn__model_save(dirpath, "estimator", "x", ds, dummy_save, &tiny_payload,
                                        &err), CLEARN_EIO);
    snprintf(expect, sizeof expect, "%s: cannot rename the temporary file over it: Is a directory",
             dirpath);
    ck_assert_str_eq(err.text, expect);
    ck_assert_int_eq(tmpdir_entries(), 2);
    ck_assert_int_eq(rmdir(dirpath), 0);
    /* NULL arguments */
    ck_assert_int_eq(clearn__model_save(NULL, "e", "x", ds, dummy_save, NULL, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "model save: NULL argument");
    ck_assert_int_eq(clearn__model_save(path, "e", "x", NULL, dummy_save, NULL, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn__model_save(path, "e", "x", ds, NULL, NULL, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn__model_save(path, NULL, "x", ds, dummy_save, NULL, &err), CLEARN_EINVAL);
    ck_assert_int_eq(clearn__model_save(path, "e", NULL, ds, dummy_save, NULL, &err), CLEARN_EINVAL);
    {
        char *k, *s;
        clearn_dataset *d;
        clearn_reader *r;
        ck_assert_int_eq(clearn__model_load(NULL, &k, &s, &d, &r, &err), CLEARN_EINVAL);
        ck_assert_str_eq(err.text, "model load: NULL argument");
        ck_assert_int_eq(clearn__model_load(path, &k, &s, &d, NULL, &err), CLEARN_EINVAL);
    }
    free(before);
    clearn_dataset_free(ds);
    unlink(path);
    ck_assert_int_eq(tmpdir_entries(), 0);
}
END_TEST

/* ---- allocation failures ---------------------------------------------------------- */

START_TEST(alloc_failures_writer_and_reader)
{
    static const double v[3] = {1, 2, 3};
    for (long k = 0;; k++) {
        clearn_error err = {0, ""};
        clearn_writer *w;
        int rc = CLEARN_OK;
        clearn__alloc_fail_after(k);
        w = clearn__writer_new();
        if (!w)
            rc = CLEARN_ENOMEM;
        for (int i = 0; i < 40 && rc == CLEARN_OK; i++) {
            if ((rc = clearn_writer_int(w, "i", i, &err)) == CLEARN_OK &&
                (rc = clearn_writer_doubles(w, "w", v, 3, &err)) == CLEARN_OK)
                rc = clearn_writer_string(w, "s", "a long string a long string a long string", &err);
        }
        clearn__alloc_fail_after(-1);
        if (rc == CLEARN_OK) {
            size_t len;
            const char *data = clearn__writer_data(w, &len);
            ck_assert_msg(k > 2, "written with %ld allocations", k);
            ck_assert_uint_eq(len, 40 * (strlen("i i 0\n") + strlen("w D 3\n") + 3 * 17 +
                                         strlen("s s a%20long%20string%20a%20long%20string%20a%20long%20string\n")) + 30);
            (void)data;
            clearn__writer_free(w);
            break;
        }
        ck_assert_int_eq(rc, CLEARN_ENOMEM);
        if (w) {
            ck_assert_int_eq(err.code, CLEARN_ENOMEM);
            ck_assert_str_eq(err.text, "out of memory");
            /* the writer holds whole lines only */
            ck_assert(clearn__writer_data(w, NULL)[0] == '\0' ||
                      strchr(clearn__writer_data(w, NULL), '\0')[-1] == '\n');
        }
        clearn__writer_free(w);
    }
    for (long k = 0;; k++) {
        clearn_error err = {0, ""};
        clearn_reader *r;
        char *s = NULL;
        int rc;
        clearn__alloc_fail_after(k);
        r = clearn__reader_new("s s x\n", 6, "t");
        rc = r ? clearn_reader_string(r, "s", &s, &err) : CLEARN_ENOMEM;
        clearn__alloc_fail_after(-1);
        if (rc == CLEARN_OK) {
            ck_assert_str_eq(s, "x");
            ck_assert_int_eq(k, 4);
            clearn_free(s);
            clearn__reader_free(r);
            break;
        }
        ck_assert_int_eq(rc, CLEARN_ENOMEM);
        if (r)
            ck_assert_str_eq(err.text, "out of memory");
        clearn__reader_free(r);
    }
}
END_TEST

START_TEST(alloc_failures_save_and_load)
{
    const char *path = tmp_path("alloc.clm");
    clearn_dataset *ds = tiny_schema();
    long k;
    make_tmpdir();
    for (k = 0;; k++) {
        clearn_error err = {0, ""};
        int rc;
        unlink(path);
        clearn__alloc_fail_after(k);
        rc = clearn__model_save(path, "estimator", "dummy k=3 label=a%b", ds, dummy_save,
                                &tiny_payload, &err);
        clearn__alloc_fail_after(-1);
        if (rc == CLEARN_OK)
            break;
        ck_assert_int_eq(rc, CLEARN_ENOMEM);
        ck_assert_str_eq(err.text, "out of memory");
        ck_assert_int_eq(tmpdir_entries(), 0);
    }
    ck_assert_int_eq(tmpdir_entries(), 1);
    for (k = 0;; k++) {
        clearn_error err = {0, ""};
        char *kind = (char *)1, *spec = (char *)1;
        clearn_dataset *back = (clearn_dataset *)1;
        clearn_reader *r = (clearn_reader *)1;
        int rc;
        clearn__alloc_fail_after(k);
        rc = clearn__model_load(path, &kind, &spec, &back, &r, &err);
        clearn__alloc_fail_after(-1);
        if (rc == CLEARN_OK) {
            ck_assert_msg(k > 10, "loaded with %ld allocations", k);
            ck_assert(clearn_dataset_same_schema(ds, back));
            check_tiny_payload(r);
            clearn__free(kind);
            clearn__free(spec);
            clearn_dataset_free(back);
            clearn__reader_free(r);
            break;
        }
        ck_assert_msg(rc == CLEARN_ENOMEM, "allocation %ld: rc %d (%s)", k, rc, err.text);
        ck_assert_str_eq(err.text, "out of memory");
        ck_assert(!kind && !spec && !back && !r);
    }
    clearn_dataset_free(ds);
    unlink(path);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("model");
    TCase *tp = tcase_create("primitives");
    TCase *tf = tcase_create("files");
    TCase *tm = tcase_create("memory");
    int rc;
    tcase_add_test(tp, writer_exact_text);
    tcase_add_test(tp, bad_keys_and_arguments);
    tcase_add_test(tp, doubles_round_trip_bit_exact);
    tcase_add_test(tp, integers_and_strings_round_trip);
    tcase_add_test(tp, reader_accepts_lenient_spellings);
    tcase_add_test(tp, wrong_key_type_and_structure);
    tcase_add_test(tp, bad_numbers);
    tcase_add_test(tp, bad_arrays);
    tcase_add_test(tp, bad_strings);
    tcase_add_test(tp, nul_bytes_in_data);
    tcase_add_test(tf, save_exact_text_and_golden_file);
    tcase_add_test(tf, load_golden_file);
    tcase_add_test(tf, save_load_round_trip);
    tcase_add_test(tf, payload_trailing_item);
    tcase_add_test(tf, every_truncation_and_byte_flip_fails);
    tcase_add_test(tf, sealed_mutations_fail_cleanly);
    tcase_add_test(tf, specific_damage_messages);
    tcase_add_test(tf, other_files);
    tcase_add_test(tf, too_large);
    tcase_add_test(tf, bad_schemas);
    tcase_add_test(tf, schema_in_payload);
    tcase_add_test(tf, save_replaces_and_fails_atomically);
    tcase_set_timeout(tf, 120);
    tcase_add_test(tm, alloc_failures_writer_and_reader);
    tcase_add_test(tm, alloc_failures_save_and_load);
    tcase_set_timeout(tm, 120);
    suite_add_tcase(s, tp);
    suite_add_tcase(s, tf);
    suite_add_tcase(s, tm);
    rc = run_suite(s);
    rmdir(build_path(TMPDIR_REL));
    return rc;
}
