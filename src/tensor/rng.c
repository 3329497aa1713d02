/* rng.c - the one random number generator (docs/RANDOM.md).
 *
 * PCG32 (PCG-XSH-RR, 64-bit state, fixed increment), whose whole state is
 * tn_rt.rng_state; seed(n) sets it to splitmix64(n). Every value is made on
 * the host in row-major order and then copied to the tensor's device, so a
 * seed gives the same numbers on every device.
 */
#include "tn_internal.h"
#include <math.h>

#define PCG_MULT 6364136223846793005ULL
#define PCG_INC  1442695040888963407ULL
#define DEFAULT_SEED 0                  /* the state before any seed(n) call */

static bool seeded;

static uint64_t splitmix64(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

void tn_seed(uint64_t seed) {
    tn_rt.rng_state = splitmix64(seed);
    seeded = true;
}

static uint32_t pcg32(void) {
    if (!seeded) tn_seed(DEFAULT_SEED);
    uint64_t old = tn_rt.rng_state;
    tn_rt.rng_state = old * PCG_MULT + PCG_INC;
    uint32_t xorshifted = (uint32_t)(((old >> 18) ^ old) >> 27);
    uint32_t rot = (uint32_t)(old >> 59);
    return (xorshifted >> rot) | (xorshifted << ((32 - rot) & 31));
}

/* One 64-bit draw = two PCG32 outputs, high word first. */
static uint64_t draw64(void) {
    uint64_t hi = pcg32();
    return (hi << 32) | pcg32();
}

double tn_rng_uniform(void) { return (double)(draw64() >> 11) * 0x1.0p-53; }
float tn_rng_uniform_f32(void) { return (float)(draw64() >> 40) * 0x1.0p-24f; }

static Tensor *filled(const int64_t *shape, int ndim, DType dt, Device dev, bool normal, MgError *err) {
    int64_t n = 1;
    for (int d = 0; d < ndim; d++) n *= shape[d] > 0 ? shape[d] : 0;
    Tensor *host = tn_alloc(shape, ndim, dt, DEV_CPU, err);
    if (!host) return NULL;
    for (int64_t i = 0; i < n; i++) {
        double v;
        if (!normal) {
            v = dt == DT_F32 ? (double)tn_rng_uniform_f32() : tn_rng_uniform();
        } else {
            /* Box-Muller in double: two uniforms give two normals, used in order */
            double u1 = 1.0 - tn_rng_uniform(), u2 = tn_rng_uniform();   /* u1 in (0, 1] */
            double r = sqrt(-2.0 * log(u1));
            v = r * cos(2.0 * M_PI * u2);
            if (i + 1 < n) tn_host_set(host, i + 1, r * sin(2.0 * M_PI * u2));
        }
        tn_host_set(host, i, v);
        if (normal) i++;
    }
    return tn_host_to_device(host, dev, err);
}

Tensor *tn_rand(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err) {
    return filled(shape, ndim, dt, dev, false, err);
}

Tensor *tn_randn(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err) {
    return filled(shape, ndim, dt, dev, true, err);
}
