/* Tests for lib/rng.c: exact sequences checked against an independent
 * reference, statistical sanity, argument and allocation errors.
 *
 * The pinned values below were produced by this Python reference, run with
 * /usr/bin/python3 (plain integers masked to 64 bits), not by the C code:
 *
 *   import math
 *   M = (1 << 64) - 1
 *   def mix(z):      # splitmix64 finaliser
 *       z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
 *       z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
 *       return z ^ (z >> 31)
 *   def fmix(z):     # MurmurHash3 fmix64
 *       z = ((z ^ (z >> 33)) * 0xFF51AFD7ED558CCD) & M
 *       z = ((z ^ (z >> 33)) * 0xC4CEB9FE1A85EC53) & M
 *       return z ^ (z >> 33)
 *   class Rng:
 *       def __init__(self, seed, stream):
 *           x = mix(seed) ^ fmix(stream); self.s = []
 *           for _ in range(4):   # splitmix64
 *               x = (x + 0x9E3779B97F4A7C15) & M; self.s.append(mix(x))
 *       def next(self):          # xoshiro256**
 *           s = self.s; rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & M
 *           out = (rotl((s[1] * 5) & M, 7) * 9) & M; t = (s[1] << 17) & M
 *           s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]
 *           s[2] ^= t; s[3] = rotl(s[3], 45)
 *           return out
 *       def uniform(self): return (self.next() >> 11) * 2.0 ** -53
 *       def below(self, n):
 *           if n <= 1: return 0
 *           while True:
 *               m = self.next() * n
 *               if (m & M) >= (1 << 64) % n: return m >> 64
 *       def normal(self):
 *           while True:
 *               u = 2 * self.uniform() - 1; v = 2 * self.uniform() - 1
 *               s = u * u + v * v
 *               if 0 < s < 1: return u * math.sqrt(-2 * math.log(s) / s)
 *       def shuffle(self, a):
 *           for i in range(len(a), 1, -1):
 *               j = self.below(i); a[i - 1], a[j] = a[j], a[i - 1]
 *       def sample(self, n, k):  # without replacement
 *           if k <= n // 4:      # Floyd, then shuffle
 *               chosen, out = set(), []
 *               for j in range(n - k, n):
 *                   t = self.below(j + 1)
 *                   if t in chosen: t = j
 *                   chosen.add(t); out.append(t)
 *               self.shuffle(out); return out
 *           a, out = list(range(n)), []   # partial Fisher-Yates
 *           for i in range(k):
 *               j = i + self.below(n - i); out.append(a[j]); a[j] = a[i]
 *           return out
 *
 * Published values it agrees with: splitmix64 from state 1234567 gives
 * 6457827717110365317, 3203168211198807973, 9817491932198370423,
 * 4593380528125082431, ...; from state 0 its first output is
 * 0xe220a8397b1dcdaf; xoshiro256** from {1, 2, 3, 4} starts 11520, 0,
 * 1509978240, 1215971899390074240. */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <clearn.h>
#include "internal.h"
#include "testutil.h"

#define N_DRAWS 1000000

static clearn_rng seeded(uint64_t seed, uint64_t stream)
{
    clearn_rng r;
    clearn_rng_seed(&r, seed, stream);
    return r;
}

static int same_state(const clearn_rng *a, const clearn_rng *b)
{
    return memcmp(a->s, b->s, sizeof a->s) == 0;
}

/* Pearson's statistic for counts against equal expected frequencies. */
static double chi_square(const long *counts, size_t bins)
{
    double total = 0, expect, x = 0;
    size_t i;
    for (i = 0; i < bins; i++)
        total += (double)counts[i];
    expect = total / (double)bins;
    for (i = 0; i < bins; i++)
        x += ((double)counts[i] - expect) * ((double)counts[i] - expect) / expect;
    return x;
}

static void reset_alloc(void)
{
    clearn__alloc_fail_after(-1);
}

/* ---- exact sequences ---------------------------------------------------- */

START_TEST(test_xoshiro_reference)
{
    static const uint64_t want[8] = {
        UINT64_C(11520), UINT64_C(0), UINT64_C(1509978240),
        UINT64_C(1215971899390074240), UINT64_C(1216172134540287360),
        UINT64_C(607988272756665600), UINT64_C(16172922978634559625),
        UINT64_C(8476171486693032832)};
    clearn_rng r = {{1, 2, 3, 4}};
    int i;
    for (i = 0; i < 8; i++)
        ck_assert_uint_eq(clearn_rng_next(&r), want[i]);
}
END_TEST

/* seed 0 / stream 0 mixes to splitmix64 state 0. The odd-looking seed and
 * stream below are preimages of 1234567 (found by inverting the mixers in
 * Python; check: mix(0x4373fdbf155465a3) == fmix(0x354d121483f18cbe) ==
 * 1234567), so each starts splitmix64 at state 1234567. */
START_TEST(test_splitmix_reference)
{
    static const uint64_t from0[4] = {
        UINT64_C(16294208416658607535), UINT64_C(7960286522194355700),
        UINT64_C(487617019471545679), UINT64_C(17909611376780542444)};
    static const uint64_t from1234567[4] = {
        UINT64_C(6457827717110365317), UINT64_C(3203168211198807973),
        UINT64_C(9817491932198370423), UINT64_C(4593380528125082431)};
    clearn_rng a = seeded(0, 0);
    clearn_rng b = seeded(UINT64_C(0x4373fdbf155465a3), 0);
    clearn_rng c = seeded(0, UINT64_C(0x354d121483f18cbe));
    int i;
    ck_assert_uint_eq(a.s[0], UINT64_C(0xe220a8397b1dcdaf));
    for (i = 0; i < 4; i++) {
        ck_assert_uint_eq(a.s[i], from0[i]);
        ck_assert_uint_eq(b.s[i], from1234567[i]);
        ck_assert_uint_eq(c.s[i], from1234567[i]);
    }
}
END_TEST

static void check_sequence(uint64_t seed, uint64_t stream,
                           const uint64_t state[4], const uint64_t next[8])
{
    clearn_rng r = seeded(seed, stream);
    int i;
    for (i = 0; i < 4; i++)
        ck_assert_uint_eq(r.s[i], state[i]);
    for (i = 0; i < 8; i++)
        ck_assert_uint_eq(clearn_rng_next(&r), next[i]);
}

START_TEST(test_pinned_42_0)
{
    static const uint64_t state[4] = {
        UINT64_C(0x989b3f130a063869), UINT64_C(0x290db4bf2570ded7),
        UINT64_C(0x2a990be63a01b2d5), UINT64_C(0x0c4b6b24ef01890e)};
    static const uint64_t next[8] = {
        UINT64_C(0xb462ccca6b95e916), UINT64_C(0xdcc682e2fceb679b),
        UINT64_C(0xcdb5d6caea1791ca), UINT64_C(0x39fd2ac2b7055753),
        UINT64_C(0xec64335a28e592d2), UINT64_C(0xcce3fddc7d49ebcb),
        UINT64_C(0x8fba8c5a20df6c07), UINT64_C(0x3d0cf9686f85d1fa)};
    check_sequence(42, 0, state, next);
}
END_TEST

START_TEST(test_pinned_0_1)
{
    static const uint64_t state[4] = {
        UINT64_C(0x2944e28eba39d327), UINT64_C(0x9e65c2de0b37d532),
        UINT64_C(0x3cd570e3ad7661f8), UINT64_C(0x3111aedba82ca633)};
    static const uint64_t next[8] = {
        UINT64_C(0xf1a083fc683ce563), UINT64_C(0xf917be00952257c5),
        UINT64_C(0x026e2935f8ca425a), UINT64_C(0x4a90a08a0dc8126f),
        UINT64_C(0x96495bf2e383c592), UINT64_C(0xea8fb8220f271efd),
        UINT64_C(0x4dcf8f75b1450745), UINT64_C(0x426cf81de4d64562)};
    check_sequence(0, 1, state, next);
}
END_TEST

START_TEST(test_pinned_1_0)
{
    static const uint64_t state[4] = {
        UINT64_C(0xbfef8030ddc2d772), UINT64_C(0x5f552ce482f2aa47),
        UINT64_C(0x70335fc3daf3d8a7), UINT64_C(0xf440fe3b62c79d2c)};
    static const uint64_t next[8] = {
        UINT64_C(0xfc72158253f7415e), UINT64_C(0x1fdd9141b20d58b1),
        UINT64_C(0x01e47fb3be09449e), UINT64_C(0xefdef2f9f678bc62),
        UINT64_C(0xfa3620898f2e148c), UINT64_C(0x52b700927a65d58c),
        UINT64_C(0xe2327a302428e7be), UINT64_C(0x03cb670289d03e11)};
    check_sequence(1, 0, state, next);
}
END_TEST

/* ---- seeding and streams ------------------------------------------------ */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* No two (seed, stream) pairs of a 256 x 256 grid share a first state word:
 * no collision from swapping (1,0)/(0,1) or shifting seed against stream. */
START_TEST(test_seed_grid_distinct)
{
    enum { G = 256 };
    uint64_t *w = malloc(sizeof *w * G * G);
    size_t i, j;
    ck_assert_ptr_nonnull(w);
    for (i = 0; i < G; i++)
        for (j = 0; j < G; j++) {
            clearn_rng r = seeded(i, j);
            ck_assert(r.s[0] | r.s[1] | r.s[2] | r.s[3]);
            w[i * G + j] = r.s[0];
        }
    qsort(w, G * G, sizeof *w, cmp_u64);
    for (i = 1; i < G * G; i++)
        ck_assert_uint_ne(w[i - 1], w[i]);
    free(w);
}
END_TEST

START_TEST(test_reproducible)
{
    clearn_rng a = seeded(CLEARN_DEFAULT_SEED, 5), b = seeded(CLEARN_DEFAULT_SEED, 5);
    clearn_rng c;
    uint64_t first = clearn_rng_next(&a);
    int i;
    ck_assert_uint_eq(clearn_rng_next(&b), first);
    for (i = 0; i < 1000; i++)
        ck_assert_uint_eq(clearn_rng_next(&a), clearn_rng_next(&b));
    c = a; /* a copy replays: the struct is the whole state */
    for (i = 0; i < 100; i++)
        ck_assert_uint_eq(clearn_rng_next(&a), clearn_rng_next(&c));
    clearn_rng_seed(&a, CLEARN_DEFAULT_SEED, 5); /* reseeding restarts */
    ck_assert_uint_eq(clearn_rng_next(&a), first);
}
END_TEST

static int popcount(uint64_t x)
{
    int c = 0;
    for (; x; x &= x - 1)
        c++;
    return c;
}

/* Neighbouring streams and seeds start differently and their outputs agree
 * on about half of the bits, as independent words would. */
START_TEST(test_streams_differ)
{
    clearn_rng a = seeded(42, 0), b = seeded(42, 1), c = seeded(43, 0);
    long same_ab = 0, same_ac = 0, equal = 0;
    int i;
    for (i = 0; i < 10000; i++) {
        uint64_t x = clearn_rng_next(&a), y = clearn_rng_next(&b),
                 z = clearn_rng_next(&c);
        equal += (x == y) + (x == z);
        same_ab += 64 - popcount(x ^ y);
        same_ac += 64 - popcount(x ^ z);
    }
    ck_assert_int_eq(equal, 0);
    /* mean 320000, standard deviation 400 */
    ck_assert_int_lt(labs(same_ab - 320000), 2000);
    ck_assert_int_lt(labs(same_ac - 320000), 2000);
}
END_TEST

/* ---- uniform -------------------------------------------------------------- */

START_TEST(test_uniform)
{
    clearn_rng r = seeded(42, 0), copy;
    double sum = 0, u;
    long bins[10] = {0}, bad = 0;
    int i;
    ck_assert(clearn_rng_uniform(&r) == 0x1.68c59994d72bdp-1);
    ck_assert(clearn_rng_uniform(&r) == 0x1.b98d05c5f9d6cp-1);
    copy = r;
    ck_assert(clearn_rng_uniform(&r) ==
              (double)(clearn_rng_next(&copy) >> 11) / 9007199254740992.0);
    for (i = 0; i < N_DRAWS; i++) {
        u = clearn_rng_uniform(&r);
        bad += !(u >= 0.0 && u < 1.0);
        bad += ldexp(u, 53) != floor(ldexp(u, 53)); /* 53-bit grid */
        sum += u;
        bins[bad ? 0 : (int)(u * 10)]++;
    }
    ck_assert_int_eq(bad, 0);
    ck_assert_double_eq_tol(sum / N_DRAWS, 0.5, 0.002);
    ck_assert_double_lt(chi_square(bins, 10), 27.88); /* 9 dof, p = 0.001 */
}
END_TEST

/* ---- below ---------------------------------------------------------------- */

START_TEST(test_below_small)
{
    static const uint64_t want[8] = {7, 8, 8, 2, 9, 8, 5, 2};
    clearn_rng r = seeded(42, 0);
    long bins[11] = {0};
    uint64_t x;
    int i;
    for (i = 0; i < 8; i++)
        ck_assert_uint_eq(clearn_rng_below(&r, 10), want[i]);
    for (i = 0; i < N_DRAWS; i++) {
        x = clearn_rng_below(&r, 10);
        bins[x < 10 ? x : 10]++;
    }
    ck_assert_int_eq(bins[10], 0); /* never >= n */
    ck_assert_double_lt(chi_square(bins, 10), 27.88); /* 9 dof, p = 0.001 */
}
END_TEST

START_TEST(test_below_degenerate)
{
    clearn_rng r = seeded(42, 0), before = r;
    ck_assert_uint_eq(clearn_rng_below(&r, 0), 0);
    ck_assert_uint_eq(clearn_rng_below(&r, 1), 0);
    ck_assert(same_state(&r, &before)); /* nothing to draw, nothing drawn */
    clearn_rng_below(&r, 2);
    ck_assert(!same_state(&r, &before));
}
END_TEST

/* Large n exercises the full 128-bit product and heavy rejection. */
START_TEST(test_below_large_pinned)
{
    static const uint64_t three_q[8] = {
        UINT64_C(0x874a1997d0b06ed0), UINT64_C(0xa594e22a3db08db4),
        UINT64_C(0x9a4861182f91ad57), UINT64_C(0x2b7de0120944017e),
        UINT64_C(0xb14b26839eac2e1d), UINT64_C(0x99aafe655df770d8),
        UINT64_C(0x6bcbe94398a79105), UINT64_C(0x2dc9bb0e53a45d7b)};
    static const uint64_t max[4] = {
        UINT64_C(0xb462ccca6b95e915), UINT64_C(0xdcc682e2fceb679a),
        UINT64_C(0xcdb5d6caea1791c9), UINT64_C(0x39fd2ac2b7055752)};
    static const uint64_t half[4] = {
        UINT64_C(6499088322152559755), UINT64_C(7411494957779503333),
        UINT64_C(2089271522526145449), UINT64_C(8516898076474132841)};
    clearn_rng r = seeded(42, 0);
    int i;
    for (i = 0; i < 8; i++)
        ck_assert_uint_eq(clearn_rng_below(&r, UINT64_C(3) << 62), three_q[i]);
    r = seeded(42, 0);
    for (i = 0; i < 4; i++)
        ck_assert_uint_eq(clearn_rng_below(&r, UINT64_MAX), max[i]);
    r = seeded(42, 0);
    for (i = 0; i < 4; i++)
        ck_assert_uint_eq(clearn_rng_below(&r, (UINT64_C(1) << 63) + 1), half[i]);
}
END_TEST

/* n = 3 * 2^62: next % n would favour the lowest third two to one, and the
 * multiply-shift without rejection would give residue 0 mod 3 half the time;
 * both bin tests catch either. */
START_TEST(test_below_large_unbiased)
{
    const uint64_t n = UINT64_C(3) << 62, half = (UINT64_C(1) << 63) + 1;
    clearn_rng r = seeded(7, 1);
    long thirds[4] = {0}, residues[3] = {0}, over = 0;
    uint64_t x;
    int i;
    for (i = 0; i < 300000; i++) {
        x = clearn_rng_below(&r, n);
        thirds[x >> 62]++; /* thirds[3] counts x >= n */
        residues[x % 3]++;
        over += clearn_rng_below(&r, half) >= half;
        over += clearn_rng_below(&r, UINT64_MAX) == UINT64_MAX;
    }
    ck_assert_int_eq(thirds[3], 0);
    ck_assert_int_eq(over, 0);
    ck_assert_double_lt(chi_square(thirds, 3), 13.82); /* 2 dof, p = 0.001 */
    ck_assert_double_lt(chi_square(residues, 3), 13.82);
}
END_TEST

/* ---- normal --------------------------------------------------------------- */

START_TEST(test_normal)
{
    static const double want[4] = {0.4212160199693843, 0.6676984834487162,
                                   0.36052672155531607, -0.9215359993106406};
    clearn_rng r = seeded(42, 0), copy;
    double sum = 0, sumsq = 0, z, mean, var;
    long inside = 0, bad = 0;
    int i;
    for (i = 0; i < 4; i++)
        ck_assert_double_eq_tol(clearn_rng_normal(&r), want[i], 1e-14);
    copy = r; /* no hidden cached deviate: a copy replays bit for bit */
    for (i = 0; i < 10; i++)
        ck_assert(clearn_rng_normal(&r) == clearn_rng_normal(&copy));
    for (i = 0; i < N_DRAWS; i++) {
        z = clearn_rng_normal(&r);
        bad += !isfinite(z);
        sum += z;
        sumsq += z * z;
        inside += fabs(z) < 1.0;
    }
    ck_assert_int_eq(bad, 0);
    mean = sum / N_DRAWS;
    var = sumsq / N_DRAWS - mean * mean;
    ck_assert_double_eq_tol(mean, 0.0, 0.005);    /* sd 0.001 */
    ck_assert_double_eq_tol(var, 1.0, 0.007);     /* sd 0.0014 */
    ck_assert_double_eq_tol((double)inside / N_DRAWS, 0.682689, 0.0025);
}
END_TEST

/* ---- shuffle -------------------------------------------------------------- */

/* Asserts once per call: Check's no-fork mode pays for every assertion. */
static void check_permutation(const size_t *a, size_t n)
{
    char *seen = calloc(n ? n : 1, 1);
    size_t i, bad = 0;
    ck_assert_ptr_nonnull(seen);
    for (i = 0; i < n; i++) {
        if (a[i] >= n || seen[a[i]])
            bad++;
        else
            seen[a[i]] = 1;
    }
    free(seen);
    ck_assert_uint_eq(bad, 0);
}

START_TEST(test_shuffle_pinned)
{
    static const size_t want[10] = {8, 3, 0, 2, 4, 5, 1, 6, 9, 7};
    size_t a[10], big[1000], i;
    clearn_rng r = seeded(42, 0);
    for (i = 0; i < 10; i++)
        a[i] = i;
    clearn_rng_shuffle(&r, a, 10);
    for (i = 0; i < 10; i++)
        ck_assert_uint_eq(a[i], want[i]);
    for (i = 0; i < 1000; i++)
        big[i] = i;
    clearn_rng_shuffle(&r, big, 1000);
    check_permutation(big, 1000);
}
END_TEST

START_TEST(test_shuffle_tiny)
{
    clearn_rng r = seeded(42, 0), before = r;
    size_t one = 7;
    clearn_rng_shuffle(&r, NULL, 0);
    clearn_rng_shuffle(&r, &one, 1);
    ck_assert_uint_eq(one, 7);
    ck_assert(same_state(&r, &before));
}
END_TEST

/* All 6 orders of 3 items come up equally often (an off-by-one such as
 * Sattolo's variant would only ever produce the 2 cyclic ones). */
START_TEST(test_shuffle_uniform)
{
    clearn_rng r = seeded(3, 9);
    long counts[6] = {0};
    size_t a[3];
    int i;
    for (i = 0; i < 60000; i++) {
        a[0] = 0, a[1] = 1, a[2] = 2;
        clearn_rng_shuffle(&r, a, 3);
        counts[a[0] * 2 + (a[1] > a[2])]++;
    }
    ck_assert_double_lt(chi_square(counts, 6), 20.52); /* 5 dof, p = 0.001 */
}
END_TEST

/* ---- sample ---------------------------------------------------------------- */

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* a[0..k) are distinct and below n. */
static void check_distinct(const size_t *a, size_t k, size_t n)
{
    size_t *b = malloc(sizeof *b * (k ? k : 1)), i, bad = 0;
    ck_assert_ptr_nonnull(b);
    memcpy(b, a, sizeof *b * k);
    qsort(b, k, sizeof *b, cmp_size);
    for (i = 0; i < k; i++)
        bad += b[i] >= n || (i > 0 && b[i] == b[i - 1]);
    free(b);
    ck_assert_uint_eq(bad, 0);
}

/* k <= n / 4 uses Floyd's algorithm, larger k a partial Fisher-Yates; the
 * trailing next() checks that exactly the expected draws were consumed. */
START_TEST(test_sample_pinned)
{
    static const size_t dense[5] = {7, 8, 1, 4, 9}, sparse[5] = {83, 22, 67, 78, 92};
    static const size_t floyd10[10] = {615, 357, 456, 187, 828, 639, 932, 996, 381, 221};
    static const size_t fy10[10] = {432, 127, 280, 231, 221, 703, 584, 579, 986, 312};
    size_t out[251];
    clearn_rng r = seeded(42, 0);
    int i;
    ck_assert_int_eq(clearn_rng_sample(&r, 10, 5, 0, out, NULL), CLEARN_OK);
    for (i = 0; i < 5; i++)
        ck_assert_uint_eq(out[i], dense[i]);
    r = seeded(42, 0);
    ck_assert_int_eq(clearn_rng_sample(&r, 100, 5, 0, out, NULL), CLEARN_OK);
    for (i = 0; i < 5; i++)
        ck_assert_uint_eq(out[i], sparse[i]);
    r = seeded(7, 3);
    ck_assert_int_eq(clearn_rng_sample(&r, 1000, 200, 0, out, NULL), CLEARN_OK);
    for (i = 0; i < 10; i++)
        ck_assert_uint_eq(out[i], floyd10[i]);
    check_distinct(out, 200, 1000);
    ck_assert_uint_eq(clearn_rng_next(&r), UINT64_C(9490447439112472058));
    r = seeded(7, 3);
    ck_assert_int_eq(clearn_rng_sample(&r, 1000, 251, 0, out, NULL), CLEARN_OK);
    for (i = 0; i < 10; i++)
        ck_assert_uint_eq(out[i], fy10[i]);
    check_distinct(out, 251, 1000);
    ck_assert_uint_eq(clearn_rng_next(&r), UINT64_C(3129785451151821214));
}
END_TEST

START_TEST(test_sample_distinct)
{
    static const size_t cases[][2] = {{1, 1}, {2, 1}, {2, 2}, {5, 1}, {8, 2},
                                      {9, 3}, {64, 16}, {64, 17}, {300, 299}};
    size_t out[300], i;
    clearn_rng r = seeded(11, 0);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_int_eq(clearn_rng_sample(&r, cases[i][0], cases[i][1], 0,
                                           out, NULL), CLEARN_OK);
        check_distinct(out, cases[i][1], cases[i][0]);
    }
    ck_assert_int_eq(clearn_rng_sample(&r, 50, 50, 0, out, NULL), CLEARN_OK);
    check_permutation(out, 50);
}
END_TEST

/* A huge n with small k must not need memory proportional to n. */
START_TEST(test_sample_huge_n)
{
    size_t n = SIZE_MAX / 2, out[1000];
    clearn_rng r = seeded(5, 5);
    clearn_error err;
    ck_assert_int_eq(clearn_rng_sample(&r, n, 1000, 0, out, &err), CLEARN_OK);
    check_distinct(out, 1000, n);
    ck_assert_int_eq(clearn_rng_sample(&r, SIZE_MAX, 3, 0, out, &err), CLEARN_OK);
    check_distinct(out, 3, SIZE_MAX);
}
END_TEST

/* Every ordered pair of distinct items is equally likely, on both paths. */
static void check_pairs_uniform(size_t n, double critical)
{
    long counts[64] = {0}, pairs[64];
    size_t out[2], a, b, m = 0;
    clearn_rng r = seeded(n, 2);
    int i;
    for (i = 0; i < 100000; i++) {
        if (clearn_rng_sample(&r, n, 2, 0, out, NULL) != CLEARN_OK
            || out[0] >= n || out[1] >= n)
            ck_abort_msg("sample failed or out of range");
        counts[out[0] * n + out[1]]++;
    }
    for (a = 0; a < n; a++) { /* keep the n * (n - 1) possible cells */
        ck_assert_int_eq(counts[a * n + a], 0);
        for (b = 0; b < n; b++)
            if (a != b)
                pairs[m++] = counts[a * n + b];
    }
    ck_assert_double_lt(chi_square(pairs, m), critical);
}

START_TEST(test_sample_uniform)
{
    check_pairs_uniform(4, 31.26); /* Fisher-Yates, 11 dof, p = 0.001 */
    check_pairs_uniform(8, 93.17); /* Floyd, 55 dof, p = 0.001 */
}
END_TEST

START_TEST(test_sample_k_too_large)
{
    clearn_rng r = seeded(42, 0), before = r;
    clearn_error err = {0, ""};
    size_t out[6];
    ck_assert_int_eq(clearn_rng_sample(&r, 5, 6, 0, out, &err), CLEARN_EINVAL);
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "clearn_rng_sample: cannot draw k = 6 distinct "
                     "indices from n = 5 without replacement; k must be at most n");
    ck_assert_int_eq(clearn_rng_sample(&r, 0, 1, 0, out, NULL), CLEARN_EINVAL);
    ck_assert(same_state(&r, &before));
    /* k = 0 draws nothing and needs no output array */
    ck_assert_int_eq(clearn_rng_sample(&r, 0, 0, 0, NULL, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_rng_sample(&r, 9, 0, 0, NULL, &err), CLEARN_OK);
    ck_assert(same_state(&r, &before));
}
END_TEST

START_TEST(test_sample_null)
{
    clearn_rng r = seeded(42, 0);
    clearn_error err = {0, ""};
    size_t out[1];
    ck_assert_int_eq(clearn_rng_sample(&r, 5, 1, 0, NULL, &err), CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "clearn_rng_sample: the generator and the output "
                     "array must not be NULL");
    err.code = 0;
    ck_assert_int_eq(clearn_rng_sample(NULL, 5, 1, 1, out, &err), CLEARN_EINVAL);
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
}
END_TEST

START_TEST(test_sample_replace)
{
    clearn_rng r = seeded(42, 0), ref = r;
    clearn_error err = {0, ""};
    size_t out[1000], i;
    clearn__alloc_fail_after(0); /* the with-replacement path never allocates */
    ck_assert_int_eq(clearn_rng_sample(&r, 7, 1000, 1, out, &err), CLEARN_OK);
    for (i = 0; i < 1000; i++)
        ck_assert_uint_eq(out[i], clearn_rng_below(&ref, 7));
    ck_assert(same_state(&r, &ref));
    ck_assert_int_eq(clearn_rng_sample(&r, 1, 5, 1, out, &err), CLEARN_OK);
    for (i = 0; i < 5; i++)
        ck_assert_uint_eq(out[i], 0);
    ck_assert_int_eq(clearn_rng_sample(&r, 3, 10, 1, out, &err), CLEARN_OK); /* k > n */
    ck_assert_int_eq(clearn_rng_sample(&r, 0, 0, 1, out, &err), CLEARN_OK);
    ck_assert_int_eq(clearn_rng_sample(&r, 0, 4, 1, out, &err), CLEARN_EINVAL);
    ck_assert_int_eq(err.code, CLEARN_EINVAL);
    ck_assert_str_eq(err.text, "clearn_rng_sample: cannot draw k = 4 indices from "
                     "an empty range (n = 0); n must be at least 1");
}
END_TEST

START_TEST(test_sample_enomem)
{
    clearn_rng r = seeded(42, 0);
    clearn_error err = {0, ""};
    size_t out[5];
    clearn__alloc_fail_after(0);
    ck_assert_int_eq(clearn_rng_sample(&r, 10, 5, 0, out, &err), CLEARN_ENOMEM);
    ck_assert_int_eq(err.code, CLEARN_ENOMEM);
    ck_assert_str_eq(err.text, "clearn_rng_sample: out of memory for a scratch "
                     "array of n = 10 entries (k = 5)");
    ck_assert_int_eq(clearn_rng_sample(&r, 100, 5, 0, out, &err), CLEARN_ENOMEM);
    ck_assert_str_eq(err.text, "clearn_rng_sample: out of memory for a set of "
                     "k = 5 indices (n = 100)");
    ck_assert_int_eq(clearn_rng_sample(&r, 100, 5, 0, out, NULL), CLEARN_ENOMEM);
    clearn__alloc_fail_after(-1);
    ck_assert_int_eq(clearn_rng_sample(&r, 10, 5, 0, out, &err), CLEARN_OK);
    check_distinct(out, 5, 10);
    ck_assert_int_eq(clearn_rng_sample(&r, 100, 5, 0, out, &err), CLEARN_OK);
    check_distinct(out, 5, 100);
}
END_TEST

/* n so large that the scratch array's size overflows fails like an
 * exhausted heap, before anything is written to out. */
START_TEST(test_sample_dense_overflow)
{
    clearn_rng r = seeded(42, 0);
    clearn_error err = {0, ""};
    size_t out[1];
    ck_assert_int_eq(clearn_rng_sample(&r, SIZE_MAX, SIZE_MAX, 0, out, &err),
                     CLEARN_ENOMEM);
    ck_assert_int_eq(err.code, CLEARN_ENOMEM);
    ck_assert_ptr_nonnull(strstr(err.text, "scratch array of n = "));
}
END_TEST

static Suite *rng_suite(void)
{
    Suite *s = suite_create("rng");
    TCase *exact = tcase_create("exact"), *stat = tcase_create("statistics"),
          *samp = tcase_create("sample");
    tcase_add_test(exact, test_xoshiro_reference);
    tcase_add_test(exact, test_splitmix_reference);
    tcase_add_test(exact, test_pinned_42_0);
    tcase_add_test(exact, test_pinned_0_1);
    tcase_add_test(exact, test_pinned_1_0);
    tcase_add_test(exact, test_seed_grid_distinct);
    tcase_add_test(exact, test_reproducible);
    tcase_add_test(exact, test_below_degenerate);
    tcase_add_test(exact, test_below_large_pinned);
    tcase_add_test(exact, test_shuffle_pinned);
    tcase_add_test(exact, test_shuffle_tiny);
    tcase_add_test(stat, test_streams_differ);
    tcase_add_test(stat, test_uniform);
    tcase_add_test(stat, test_below_small);
    tcase_add_test(stat, test_below_large_unbiased);
    tcase_add_test(stat, test_normal);
    tcase_add_test(stat, test_shuffle_uniform);
    tcase_add_checked_fixture(samp, NULL, reset_alloc);
    tcase_add_test(samp, test_sample_pinned);
    tcase_add_test(samp, test_sample_distinct);
    tcase_add_test(samp, test_sample_huge_n);
    tcase_add_test(samp, test_sample_uniform);
    tcase_add_test(samp, test_sample_k_too_large);
    tcase_add_test(samp, test_sample_null);
    tcase_add_test(samp, test_sample_replace);
    tcase_add_test(samp, test_sample_enomem);
    tcase_add_test(samp, test_sample_dense_overflow);
    suite_add_tcase(s, exact);
    suite_add_tcase(s, stat);
    suite_add_tcase(s, samp);
    return s;
}

int main(void)
{
    return run_suite(rng_suite());
}
