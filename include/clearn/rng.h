/* clearn — seedable pseudo-random numbers (xoshiro256** seeded by splitmix64).
 *
 * The generator is a plain value: it needs no allocation and may live on the
 * stack. A generator must not be used by two threads at once; give each task
 * its own stream instead (clearn_rng_seed with the task's index), so results
 * do not depend on which thread ran which task. The sequences are fixed for
 * a given (seed, stream) across platforms and releases (clearn_rng_normal
 * excepted: it uses log() and sqrt(), so its last bits may differ between
 * math libraries). */
#ifndef CLEARN_RNG_H
#define CLEARN_RNG_H

#include <stddef.h>
#include <stdint.h>
#include <clearn/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Seed used when the user gives none. */
#define CLEARN_DEFAULT_SEED 42u

typedef struct clearn_rng {
    uint64_t s[4];
} clearn_rng;

/* Seed r for stream number `stream` of `seed`. Different streams of one seed
 * are statistically independent sequences. */
void clearn_rng_seed(clearn_rng *r, uint64_t seed, uint64_t stream);

/* Next 64 random bits. */
uint64_t clearn_rng_next(clearn_rng *r);

/* Uniform double in [0, 1) with 53 random bits. */
double clearn_rng_uniform(clearn_rng *r);

/* Uniform integer in [0, n) without modulo bias; n = 0 gives 0. */
uint64_t clearn_rng_below(clearn_rng *r, uint64_t n);

/* Standard normal deviate (mean 0, variance 1). */
double clearn_rng_normal(clearn_rng *r);

/* Shuffles a[0..n) in place (Fisher-Yates). */
void clearn_rng_shuffle(clearn_rng *r, size_t *a, size_t n);

/* Draws k indices from [0, n) into out[0..k). With replace = 0 they are
 * distinct (k <= n required) and in random order; with replace != 0 each is
 * drawn independently (n > 0 required). Returns CLEARN_EINVAL on a bad k or
 * n, CLEARN_ENOMEM when the scratch space cannot be allocated. */
int clearn_rng_sample(clearn_rng *r, size_t n, size_t k, int replace,
                      size_t *out, clearn_error *err);

#ifdef __cplusplus
}
#endif
#endif
