/* clearn — seedable pseudo-random numbers: xoshiro256** (Blackman and
 * Vigna) seeded by splitmix64. Everything but clearn_rng_normal is integer
 * arithmetic, so those sequences are the same on every platform. */
#include "config.h"
#include <math.h>
#include "internal.h"

#define GOLDEN UINT64_C(0x9e3779b97f4a7c15)

/* splitmix64's finaliser (Stafford's variant 13): a bijection on 64 bits. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* MurmurHash3's fmix64: another bijection, with constants unrelated to
 * mix64's, so that swapping or shifting seed and stream finds no collision. */
static uint64_t fmix64(uint64_t z)
{
    z = (z ^ (z >> 33)) * UINT64_C(0xff51afd7ed558ccd);
    z = (z ^ (z >> 33)) * UINT64_C(0xc4ceb9fe1a85ec53);
    return z ^ (z >> 33);
}

static uint64_t splitmix64(uint64_t *x)
{
    *x += GOLDEN;
    return mix64(*x);
}

/* For a fixed seed the state is a bijection of the stream and vice versa, so
 * distinct streams of one seed (or one stream of distinct seeds) never share
 * a state. The four words come from four distinct inputs of the bijection
 * mix64, so at most one is zero and the state is never all zero. */
void clearn_rng_seed(clearn_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = mix64(seed) ^ fmix64(stream);
    int i;
    for (i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t clearn_rng_next(clearn_rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

double clearn_rng_uniform(clearn_rng *r)
{
    return (double)(clearn_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Full 128-bit product a * b: returns the low half, *hi the high half. */
#if defined(__SIZEOF_INT128__) && !defined(CLEARN_NO_INT128)
__extension__ typedef unsigned __int128 clearn__u128;
static uint64_t mul128(uint64_t a, uint64_t b, uint64_t *hi)
{
    clearn__u128 m = (clearn__u128)a * b;
    *hi = (uint64_t)(m >> 64);
    return (uint64_t)m;
}
#else
static uint64_t mul128(uint64_t a, uint64_t b, uint64_t *hi)
{
    const uint64_t lo32 = UINT64_C(0xffffffff);
    uint64_t al = a & lo32, ah = a >> 32, bl = b & lo32, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (lh & lo32) + (hl & lo32); /* < 3 * 2^32 */
    *hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    return (mid << 32) | (ll & lo32);
}
#endif

/* Lemire's multiply-shift: the high word of next * n is uniform on [0, n)
 * once the low words below 2^64 mod n are rejected. */
uint64_t clearn_rng_below(clearn_rng *r, uint64_t n)
{
    uint64_t hi, lo, threshold;
    if (n <= 1)
        return 0;
    lo = mul128(clearn_rng_next(r), n, &hi);
    if (lo < n) {
        threshold = (0 - n) % n; /* 2^64 mod n */
        while (lo < threshold)
            lo = mul128(clearn_rng_next(r), n, &hi);
    }
    return hi;
}

/* Marsaglia's polar method. The second deviate of each pair is discarded:
 * the generator holds no cached value, so a copy of r replays exactly. */
double clearn_rng_normal(clearn_rng *r)
{
    double u, v, s;
    do {
        u = 2.0 * clearn_rng_uniform(r) - 1.0;
        v = 2.0 * clearn_rng_uniform(r) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    return u * sqrt(-2.0 * log(s) / s);
}

void clearn_rng_shuffle(clearn_rng *r, size_t *a, size_t n)
{
    size_t i, j, t;
    for (i = n; i > 1; i--) {
        j = (size_t)clearn_rng_below(r, i);
        t = a[i - 1];
        a[i - 1] = a[j];
        a[j] = t;
    }
}

/* Partial Fisher-Yates over a scratch copy of [0, n): O(n) memory. */
static int sample_dense(clearn_rng *r, size_t n, size_t k, size_t *out,
                        clearn_error *err)
{
    size_t *a = clearn__mallocarray(n, sizeof *a);
    size_t i, j;
    if (!a)
        return clearn__error(err, CLEARN_ENOMEM, "clearn_rng_sample: out of "
                             "memory for a scratch array of n = %zu entries "
                             "(k = %zu)", n, k);
    for (i = 0; i < n; i++)
        a[i] = i;
    for (i = 0; i < k; i++) {
        j = i + (size_t)clearn_rng_below(r, n - i);
        out[i] = a[j];
        a[j] = a[i];
    }
    clearn__free(a);
    return CLEARN_OK;
}

/* Open-addressing set of indices (SIZE_MAX marks a free slot; every index
 * is below n <= SIZE_MAX). Returns 1 if v was added, 0 if already there. */
static int set_add(size_t *tab, unsigned bits, size_t v)
{
    size_t mask = ((size_t)1 << bits) - 1;
    size_t h = (size_t)(((uint64_t)v * GOLDEN) >> (64 - bits));
    while (tab[h] != SIZE_MAX) {
        if (tab[h] == v)
            return 0;
        h = (h + 1) & mask;
    }
    tab[h] = v;
    return 1;
}

/* Floyd's algorithm with a hash set of at least 2k slots: O(k) memory, for
 * k small next to n. It picks a uniform subset; the shuffle orders it. */
static int sample_sparse(clearn_rng *r, size_t n, size_t k, size_t *out,
                         clearn_error *err)
{
    unsigned bits = 3;
    size_t *tab, i, j, t;
    while (((size_t)1 << bits) < 2 * k)
        bits++;
    tab = clearn__mallocarray((size_t)1 << bits, sizeof *tab);
    if (!tab)
        return clearn__error(err, CLEARN_ENOMEM, "clearn_rng_sample: out of "
                             "memory for a set of k = %zu indices (n = %zu)",
                             k, n);
    for (i = 0; i < ((size_t)1 << bits); i++)
        tab[i] = SIZE_MAX;
    for (i = 0, j = n - k; j < n; i++, j++) {
        t = (size_t)clearn_rng_below(r, (uint64_t)j + 1);
        if (!set_add(tab, bits, t)) {
            t = j; /* every member is below j, so j is new */
            set_add(tab, bits, t);
        }
        out[i] = t;
    }
    clearn__free(tab);
    clearn_rng_shuffle(r, out, k);
    return CLEARN_OK;
}

int clearn_rng_sample(clearn_rng *r, size_t n, size_t k, int replace,
                      size_t *out, clearn_error *err)
{
    size_t i;
    if (!r || (k > 0 && !out))
        return clearn__error(err, CLEARN_EINVAL, "clearn_rng_sample: the "
                             "generator and the output array must not be NULL");
    if (replace) {
        if (n == 0 && k > 0)
            return clearn__error(err, CLEARN_EINVAL, "clearn_rng_sample: cannot "
                                 "draw k = %zu indices from an empty range "
                                 "(n = 0); n must be at least 1", k);
        for (i = 0; i < k; i++)
            out[i] = (size_t)clearn_rng_below(r, n);
        return CLEARN_OK;
    }
    if (k > n)
        return clearn__error(err, CLEARN_EINVAL, "clearn_rng_sample: cannot draw "
                             "k = %zu distinct indices from n = %zu without "
                             "replacement; k must be at most n", k, n);
    if (k == 0)
        return CLEARN_OK;
    /* The choice depends on (n, k) only, so results stay reproducible. */
    if (k <= n / 4)
        return sample_sparse(r, n, k, out, err);
    return sample_dense(r, n, k, out, err);
}
