/* xorshift.h — xorshift64*, the repeatable pseudo-random numbers of the
 * estate filler, the history benchmarks and their tests: the same estate
 * or series on every run from the same seed. Not for anything secret.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_XORSHIFT_H
#define UC_XORSHIFT_H

#include <stdint.h>

/* The seed the tools start from. */
#define XORSHIFT_SEED 0x9E3779B97F4A7C15ULL

/* The next number of the sequence kept in *state (a state never 0). */
static inline uint64_t
xorshift_next(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 0x2545F4914F6CDD1DULL;
}

/* Uniform in [0, 1): the top 53 bits of the next number. */
static inline double
xorshift_uniform(uint64_t *state)
{
    return (double)(xorshift_next(state) >> 11) / 9007199254740992.0;
}

#endif
