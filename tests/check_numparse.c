/* Tests of lib/numparse.c: exact, locale-independent parsing (checked bit
 * for bit against strtod_l in the C locale on hand-picked hard cases and
 * on a million random inputs) and shortest round-trip formatting.
 * CLEARN_NUMPARSE_N sets the number of random cases (see n_random). */
#include "config.h"
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include "testutil.h"
#include "internal.h"

static locale_t c_loc;

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t next_u64(void)   /* splitmix64: reproducible, no rand() */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* The random case count: CLEARN_NUMPARSE_N, else a million, or 20000
 * under valgrind (its preload library shows in LD_PRELOAD), where the full
 * run would take minutes; the plain and sanitizer runs do the million. */
static size_t n_random(void)
{
    const char *s = getenv("CLEARN_NUMPARSE_N"), *pre = getenv("LD_PRELOAD");
    if (s && *s)
        return (size_t)strtoull(s, NULL, 10);
    return pre && strstr(pre, "vgpreload") ? 20000 : 1000000;
}

static void setup(void)
{
    c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    ck_assert_ptr_nonnull(c_loc);
}

static void teardown(void)
{
    freelocale(c_loc);
}

static uint64_t bits_of(double v)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b;
}

/* Parses s both ways and fails with the text when the bits differ. Plain
 * ifs: Check's passing assertions cost a write each, too slow in loops. */
static void check_same(const char *s)
{
    double ours = 0, ref;
    char *end;
    int ok = clearn__parse_double(s, strlen(s), &ours);
    ref = strtod_l(s, &end, c_loc);
    if (*end != '\0')
        ck_abort_msg("reference did not read all of %.300s", s);
    if (isinf(ref)) {
        if (ok)
            ck_abort_msg("%.300s overflows but was accepted", s);
        return;
    }
    if (!ok)
        ck_abort_msg("%.300s rejected", s);
    if (bits_of(ours) != bits_of(ref))
        ck_abort_msg("%.300s: got %a, want %a", s, ours, ref);
}

static double parse_ok(const char *s)
{
    double v = 12345;
    ck_assert_msg(clearn__parse_double(s, strlen(s), &v), "%s rejected", s);
    return v;
}

START_TEST(hand_picked_values)
{
    ck_assert(bits_of(parse_ok("0.1")) == bits_of(0x1.999999999999ap-4));
    ck_assert(bits_of(parse_ok("1e23")) == bits_of(0x1.52d02c7e14af6p+76));
    ck_assert(bits_of(parse_ok("9007199254740993")) == bits_of(9007199254740992.0));
    ck_assert(bits_of(parse_ok("9007199254740995")) == bits_of(9007199254740996.0));
    ck_assert(bits_of(parse_ok("2.2250738585072011e-308")) == bits_of(0x0.fffffffffffffp-1022));
    ck_assert(bits_of(parse_ok("2.2250738585072014e-308")) == bits_of(DBL_MIN));
    ck_assert(bits_of(parse_ok("4.9406564584124654e-324")) == bits_of(0x1p-1074));
    ck_assert(bits_of(parse_ok("2.4703282292062328e-324")) == bits_of(0x1p-1074));
    ck_assert(bits_of(parse_ok("2.4703282292062327e-324")) == bits_of(0.0));
    ck_assert(bits_of(parse_ok("1.7976931348623157e308")) == bits_of(DBL_MAX));
    ck_assert(bits_of(parse_ok("-0")) == bits_of(-0.0));
    ck_assert(bits_of(parse_ok("-0.000e-5")) == bits_of(-0.0));
    ck_assert(bits_of(parse_ok("1e-400")) == bits_of(0.0));
    ck_assert(bits_of(parse_ok("-1e-400")) == bits_of(-0.0));
    ck_assert(bits_of(parse_ok("0e999999999999999999999")) == bits_of(0.0));
    ck_assert(parse_ok("+1.5") == 1.5);
    ck_assert(parse_ok("5.") == 5.0);
    ck_assert(parse_ok(".5") == 0.5);
    ck_assert(parse_ok("1E5") == 1e5);
    ck_assert(parse_ok("-12.5e-1") == -1.25);
    ck_assert(parse_ok("00000000000000000000000000000012.5") == 12.5);
    ck_assert(parse_ok("12.50000000000000000000000000000000") == 12.5);
    ck_assert(parse_ok("0.00000000000000000000000000000125e30") == 1.25);
    ck_assert(parse_ok("123456789012345678901234567890") == 123456789012345678901234567890.0);
}
END_TEST

START_TEST(hand_picked_against_strtod)
{
    static const char *const cases[] = {
        "0.1", "0.2", "0.3", "1e23", "8.533e+68", "4.1006e-184", "9.998e+307",
        "9.9538452227e-280", "6.47660115e-260", "7.4e+47", "5.92e+48",
        "7.35e+66", "8.32116e+55", "2.2250738585072011e-308",
        "2.2250738585072012e-308", "2.225073858507201136057409796709131975934819546351645648e-308",
        "4.9406564584124654e-324", "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",
        "9007199254740993", "9007199254740992.5", "9007199254740993.0000000000000000001",
        "18014398509481993", "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999999999999999999999999999999999999999999999999999999999999999999",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
        "1.7976931348623158e308", "1.7976931348623159e308", "1e308", "1e-307", "1e-308",
        "1e-320", "1e-323", "3e-324", "2e-324", "1e22", "1e21", "123456789e-22",
        "9007199254740992e22", "9007199254740993e-22", "0.000000000000000000000000000000000001e36",
        "1.8446744073709551615e19", "18446744073709551615", "18446744073709551616",
        "99999999999999999999", "10000000000000000000", "1000000000000000000000000000000",
        "3.14159265358979323846264338327950288419716939937510", "-2.718281828459045",
        "7.2057594037927933e16", "7.2057594037927932e16", "2.9802322387695312e-8",
        "1.2345678901234567e-300", "6.02214076e23", "1.602176634e-19",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_same(cases[i]);
}
END_TEST

START_TEST(rejects)
{
    static const char *const bad[] = {
        "", "-", "+", ".", "-.", "e5", ".e5", "1e", "1e+", "1e-", "1.2.3", " 1", "1 ",
        "0x10", "inf", "-inf", "nan", "NaN", "infinity", "1,5", "--1", "+-1", "1e5.5",
        "1e309", "-1e309", "1e400", "1.8e308", "1_000", "1d5", "\xd9\xa1", "1e5x", "12a",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        double v = 7;
        ck_assert_msg(!clearn__parse_double(bad[i], strlen(bad[i]), &v), "%s accepted", bad[i]);
        ck_assert(v == 7);
    }
    /* The length bounds the text: no terminator is needed or read. */
    {
        double v;
        ck_assert(clearn__parse_double("12345", 3, &v) && v == 123);
        ck_assert(clearn__parse_double("1.5e3", 3, &v) && v == 1.5);
        ck_assert(!clearn__parse_double("1.5e3", 4, &v));
    }
}
END_TEST

/* Long inputs: huge runs of zeros and of significant digits. */
START_TEST(long_inputs)
{
    size_t n = 5000;
    char *s = malloc(n + 64);
    double v;
    ck_assert_ptr_nonnull(s);
    /* 1 followed by 4999 zeros, scaled back down: exactly 1e10. */
    s[0] = '1';
    memset(s + 1, '0', n - 1);
    strcpy(s + n, "e-4989");
    ck_assert(parse_ok(s) == 1e10);
    check_same(s);
    /* 0.000...0001e5000 = 1e4 after 4995 zeros. */
    memcpy(s, "0.", 2);
    memset(s + 2, '0', n - 6);
    strcpy(s + n - 4, "1e4999");
    v = parse_ok(s);
    ck_assert(v == 1e4);
    /* 5000 significant digits near a rounding midpoint. */
    memcpy(s, "1.00000000000000011102230246251565404236316680908203125", 55);
    memset(s + 55, '0', n - 56);
    s[n - 1] = '1';
    s[n] = '\0';
    check_same(s);
    ck_assert(parse_ok(s) == 1.0000000000000002);
    s[n - 1] = '0';
    check_same(s);
    ck_assert(parse_ok(s) == 1.0);
    free(s);
}
END_TEST

/* "%.*g" (or "%.*e" when e is set) in the C locale. */
static void format_c(char *buf, size_t n, int e, int prec, double v)
{
    locale_t old = uselocale(c_loc);
    if (e)
        snprintf(buf, n, "%.*e", prec, v);
    else
        snprintf(buf, n, "%.*g", prec, v);
    uselocale(old);
}

START_TEST(random_doubles)
{
    size_t n = n_random();
    static const int exp_style[] = {0, 0, 1};
    static const int precs[] = {17, 15, 6};
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        double v;
        uint64_t b = next_u64();
        memcpy(&v, &b, sizeof v);
        if (isnan(v) || isinf(v))
            continue;
        for (int k = 0; k < 3; k++) {
            format_c(buf, sizeof buf, exp_style[k], precs[k], v);
            check_same(buf);
        }
    }
}
END_TEST

/* Random digit strings: 1..25 digits, a decimal point anywhere (or none),
 * exponents -350..350, signs; plus mostly-zero mantissas. */
START_TEST(random_digit_strings)
{
    size_t n = n_random();
    char buf[80];
    for (size_t i = 0; i < n; i++) {
        uint64_t r = next_u64();
        int nd = 1 + (int)(r % 25), dot = (int)((r >> 8) % (unsigned)(nd + 2)) - 1;
        int e = (int)((r >> 16) % 701) - 350, k = 0, style = (int)((r >> 28) & 3);
        if ((r >> 30) & 1)
            buf[k++] = '-';
        for (int j = 0; j < nd; j++) {
            uint64_t d = next_u64();
            if (j == dot)
                buf[k++] = '.';
            /* style 0: some runs of 0 and 9 to land near halfway points */
            buf[k++] = (char)('0' + (style == 0 && (d & 0x30) ? ((d & 1) ? 9 : 0) : d % 10));
        }
        if (dot == nd)
            buf[k++] = '.';
        snprintf(buf + k, sizeof buf - (size_t)k, "e%d", e);
        check_same(buf);
    }
}
END_TEST

/* Exact midpoints between neighbouring doubles, printed in full with long
 * double, and their neighbours one unit in the last digit away: the hardest
 * inputs, which exercise the fallback. */
START_TEST(random_midpoints)
{
#if LDBL_MANT_DIG >= 64
    size_t n = n_random() / 20;
    char buf[900];
    for (size_t i = 0; i < n; i++) {
        double v, up;
        long double mid;
        uint64_t b = next_u64() & 0x7fffffffffffffffu;
        size_t len;
        memcpy(&v, &b, sizeof v);
        if (isnan(v) || isinf(v) || v == DBL_MAX)
            continue;
        up = nextafter(v, INFINITY);
        mid = ((long double)v + (long double)up) / 2;
        {
            locale_t old = uselocale(c_loc);
            snprintf(buf, sizeof buf, "%.800Le", mid);
            uselocale(old);
        }
        /* drop the zeros after the exact digits */
        {
            char *e = strchr(buf, 'e'), *z = e;
            while (z[-1] == '0')
                z--;
            memmove(z, e, strlen(e) + 1);
        }
        check_same(buf);
        len = strcspn(buf, "e");
        if (len > 20) {   /* one unit up and down in the last place */
            char t[900];
            memcpy(t, buf, sizeof t);
            t[len - 1] = (char)(t[len - 1] == '9' ? '8' : t[len - 1] + 1);
            check_same(t);
            memcpy(t, buf, sizeof t);
            t[len - 1] = (char)(t[len - 1] == '0' ? '1' : t[len - 1] - 1);
            check_same(t);
            /* truncated to 17..25 significant digits */
            memcpy(t, buf, sizeof t);
            {
                size_t cut = 18 + (size_t)(next_u64() % 9);
                snprintf(t + (cut < len ? cut : len), 20, "%s", strchr(buf, 'e'));
            }
            check_same(t);
        }
    }
#endif
}
END_TEST

START_TEST(format_values)
{
    static const struct { double v; const char *text; } cases[] = {
        {0.1, "0.1"}, {1e300, "1e+300"}, {-0.0, "-0"}, {0.0, "0"}, {1.5, "1.5"},
        {100, "100"}, {123456, "123456"}, {1e15, "1e+15"}, {1e16, "1e+16"},
        {123456789012345.0, "123456789012345"}, {0.0001, "0.0001"}, {1e-5, "1e-05"},
        {9007199254740992.0, "9007199254740992"}, {1.0 / 3, "0.3333333333333333"},
        {DBL_MAX, "1.7976931348623157e+308"}, {DBL_MIN, "2.2250738585072014e-308"},
        {0x1p-1074, "5e-324"}, {-0x1p-1073, "-1e-323"}, {0.30000000000000004, "0.30000000000000004"},
        {-2.5e-7, "-2.5e-07"}, {1e100, "1e+100"}, {12.375, "12.375"},
    };
    char buf[CLEARN__DBL_BUF];
    ck_assert_uint_eq(clearn__format_double(NAN, buf), 3);
    ck_assert_str_eq(buf, "nan");
    clearn__format_double(INFINITY, buf);
    ck_assert_str_eq(buf, "inf");
    clearn__format_double(-INFINITY, buf);
    ck_assert_str_eq(buf, "-inf");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = clearn__format_double(cases[i].v, buf);
        ck_assert_str_eq(buf, cases[i].text);
        ck_assert_uint_eq(n, strlen(cases[i].text));
    }
}
END_TEST

/* Every random double reads back bit for bit, and the text is what "%.*g"
 * prints in the C locale at the first of 15, 16, 17 digits that round-trips. */
START_TEST(format_round_trip)
{
    size_t n = n_random() / 4;
    char buf[CLEARN__DBL_BUF], ref[64];
    for (size_t i = 0; i < n; i++) {
        double v, back;
        uint64_t b = next_u64();
        size_t len;
        memcpy(&v, &b, sizeof v);
        if (isnan(v) || isinf(v))
            continue;
        len = clearn__format_double(v, buf);
        if (len != strlen(buf) || len >= CLEARN__DBL_BUF)
            ck_abort_msg("%a printed as %s: bad length %zu", v, buf, len);
        if (!clearn__parse_double(buf, len, &back) || bits_of(back) != bits_of(v))
            ck_abort_msg("%a printed as %s", v, buf);
        if (fabs(v) >= DBL_MIN) {
            for (int prec = 15; prec <= 17; prec++) {
                format_c(ref, sizeof ref, 0, prec, v);
                if (strtod_l(ref, NULL, c_loc) == v)
                    break;
            }
            if (strcmp(buf, ref) != 0)
                ck_abort_msg("%a printed as %s, %%g gives %s", v, buf, ref);
        }
    }
}
END_TEST

/* A locale whose decimal point is a comma changes neither function. */
START_TEST(locale_independent)
{
    static const char *const names[] = {
        "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "de_DE", "fr_FR",
        "nl_NL.UTF-8", "ru_RU.UTF-8", "C.UTF-8", "C.utf8", "C",
    };
    locale_t loc = (locale_t)0, old;
    char probe[16], buf[CLEARN__DBL_BUF];
    const char *name = NULL;
    double v;
    for (size_t i = 0; i < sizeof names / sizeof *names && !loc; i++)
        if ((loc = newlocale(LC_ALL_MASK, names[i], (locale_t)0)))
            name = names[i];
    ck_assert_ptr_nonnull(loc);
    old = uselocale(loc);
    snprintf(probe, sizeof probe, "%.1f", 1.5);
    if (name[0] != 'C') {
        ck_assert_msg(strcmp(probe, "1,5") == 0, "%s prints %s", name, probe);
    } else {
        /* no comma locale installed: still check the locale is in force */
        ck_assert_str_eq(probe, "1.5");
        ck_assert_str_eq(localeconv()->decimal_point, ".");
    }
    ck_assert(clearn__parse_double("1.5", 3, &v) && v == 1.5);
    ck_assert(!clearn__parse_double("1,5", 3, &v));
    /* the strtod fallback path, too */
    ck_assert(parse_ok("9007199254740993.0000000000000000001") == 9007199254740994.0);
    ck_assert(bits_of(parse_ok("2.4703282292062327208828439643411068618252990130716238221279e-324"))
              == bits_of(0.0));
    clearn__format_double(1.5, buf);
    ck_assert_str_eq(buf, "1.5");
    clearn__format_double(-1234.5678e-20, buf);
    ck_assert_str_eq(buf, "-1.2345678e-17");
    clearn__format_double(0.001, buf);
    ck_assert_str_eq(buf, "0.001");
    uselocale(old);
    freelocale(loc);
}
END_TEST

/* The same through setlocale(LC_NUMERIC), when a comma locale exists. */
START_TEST(setlocale_numeric)
{
    static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"};
    char buf[CLEARN__DBL_BUF], probe[16];
    double v;
    size_t i;
    for (i = 0; i < sizeof names / sizeof *names; i++)
        if (setlocale(LC_NUMERIC, names[i]))
            break;
    if (i == sizeof names / sizeof *names)
        return;   /* no comma locale installed: locale_independent covers C.UTF-8 */
    snprintf(probe, sizeof probe, "%.2f", 0.25);
    ck_assert_str_eq(probe, "0,25");
    ck_assert(parse_ok("0.25") == 0.25);
    ck_assert(!clearn__parse_double("0,25", 4, &v));
    ck_assert(parse_ok("123456789012345678901234567890.5e-10") == 12345678901234567890.12345);
    clearn__format_double(-0.25, buf);
    ck_assert_str_eq(buf, "-0.25");
    clearn__format_double(2.5e-300, buf);
    ck_assert_str_eq(buf, "2.5e-300");
    setlocale(LC_NUMERIC, "C");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("numparse");
    TCase *tc = tcase_create("numparse");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, hand_picked_values);
    tcase_add_test(tc, hand_picked_against_strtod);
    tcase_add_test(tc, rejects);
    tcase_add_test(tc, long_inputs);
    tcase_add_test(tc, random_doubles);
    tcase_add_test(tc, random_digit_strings);
    tcase_add_test(tc, random_midpoints);
    tcase_add_test(tc, format_values);
    tcase_add_test(tc, format_round_trip);
    tcase_add_test(tc, locale_independent);
    tcase_add_test(tc, setlocale_numeric);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
