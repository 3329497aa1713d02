/* cpu_math.h - CPU_SIMD_CLONES (hot loops compiled per instruction set),
 * select_f32, and an f32 exp written so that gcc vectorizes it (shared by
 * the elementwise kernels and softmax). */
#ifndef MG_CPU_MATH_H
#define MG_CPU_MATH_H
#include <stdbool.h>
#include <stdint.h>

/* CPU_SIMD_CLONES before a hot loop function compiles it three times:
 * for AVX-512 (x86-64-v4), for AVX2 (x86-64-v3) and for the baseline
 * x86-64 (SSE2) the build targets. The dynamic loader picks the best one
 * for the machine once, at start-up (an ifunc), as PyTorch picks its
 * kernels at run time; the binary still runs everywhere. The results do
 * not depend on the pick: the build uses -ffp-contract=off (no fused
 * multiply-add), SIMD loops compute each element alone, and sums keep a
 * fixed order (explicit running sums, never an `omp simd` + reduction).
 * `make simd-check` proves it: it builds the kernels again with
 * MG_SIMD_MAX=3 (AVX2 at most) and MG_SIMD_MAX=2 (SSE2 only) and compares
 * their outputs bit for bit (tests/simd/). Other compilers and machines,
 * and the sanitizer builds, get the one plain version. */
#ifndef MG_SIMD_MAX
#define MG_SIMD_MAX 4
#endif
#if !defined(__x86_64__) || !defined(__GNUC__) || defined(__clang__) || \
    defined(__SANITIZE_ADDRESS__) || MG_SIMD_MAX <= 2
#define CPU_SIMD_CLONES
#elif MG_SIMD_MAX == 3
#define CPU_SIMD_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define CPU_SIMD_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif

/* c ? a : b with bit masks: gcc keeps a floating-point ?: as a branch
 * (comparisons may trap), which stops vectorization; this form does not. */
static inline float select_f32(bool c, float a, float b) {
    union { float f; int32_t i; } ua = { .f = a }, ub = { .f = b }, r;
    int32_t m = -(int32_t)c;
    r.i = (ua.i & m) | (ub.i & ~m);
    return r.f;
}

/* exp for f32 in a form the compiler turns into SIMD code (libm's expf is
 * a scalar call): e^x = 2^n * e^r with n = round(x / ln 2), r = x - n ln 2
 * in two parts (Cody-Waite), e^r from Cephes' degree-7 polynomial (relative
 * error under 2e-7, about 1 ulp, over the whole range). 2^n is applied as
 * two factors so that n from -150 (underflow to 0) to 128 (overflow to inf)
 * needs no special case; nan passes through the clamps unchanged (and is
 * kept out of the int conversion). */
static inline float fast_expf(float x) {
    float xc = select_f32(x > 89.0f, 89.0f, x);          /* nan stays nan */
    xc = select_f32(xc < -104.0f, -104.0f, xc);
    float t = xc * 1.44269504088896341f + 12582912.0f;      /* round to nearest via 1.5 * 2^23 */
    float n = t - 12582912.0f;
    float r = xc - n * 0.693359375f;
    r = r + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    /* nan has no int value (converting it is undefined): use 0, the
     * polynomial p is nan already and carries it to the result */
    int32_t ni = (int32_t)select_f32(n == n, n, 0.0f), n1 = ni >> 1, n2 = ni - n1;
    union { int32_t i; float f; } s1 = { .i = (n1 + 127) << 23 }, s2 = { .i = (n2 + 127) << 23 };
    return p * s1.f * s2.f;
}

#endif
