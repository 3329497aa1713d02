/* tensor_check.h - making small tensors and checking their values, for the
 * Check suites of the tensor ops and autograd (test_autograd.c,
 * test_composite.c, test_autograd_rules.c). Header-only: the Makefile
 * builds each tests/unit/test_*.c alone.
 *
 *   Tensor *x = VEC(DT_F64, true, 1, 2, 3);       a leaf that requires grad
 *   Tensor *m = MAT(DT_F32, false, 2, 2, 1, 2, 3, 4);
 *   Tensor *y = ok(tn_exp(x, &err));              fails the test on an error
 *   VALUES(y, 1e-12, 2.718281828459045, ...);     |got - want| <= tol * (1 + |want|)
 *
 * Every helper reports into the suite's one `err`. */
#ifndef MG_TEST_TENSOR_CHECK_H
#define MG_TEST_TENSOR_CHECK_H
#include <check.h>
#include <math.h>
#include "tensor/tensor.h"
#include "util/alloc.h"

static MgError err;

/* t, or the test fails with err's message */
static inline Tensor *ok(Tensor *t) {
    ck_assert_msg(t != NULL, "unexpected error: %s", err.msg);
    return t;
}

/* a new CPU leaf of dtype dt with the given values and shape */
static inline Tensor *mk(DType dt, const double *v, int ndim, const int64_t *shape, bool grad) {
    Tensor *t = ok(tn_from_doubles(v, shape, ndim, dt, DEV_CPU, &err));
    t->requires_grad = grad;
    return t;
}
#define NUMS(...) (const double[]){__VA_ARGS__}
#define COUNT(...) (sizeof((const double[]){__VA_ARGS__}) / sizeof(double))
#define VEC(dt, grad, ...) mk(dt, NUMS(__VA_ARGS__), 1, (const int64_t[]){COUNT(__VA_ARGS__)}, grad)
#define MAT(dt, grad, r, c, ...) mk(dt, NUMS(__VA_ARGS__), 2, (const int64_t[]){r, c}, grad)
#define SCALAR(dt, grad, v) mk(dt, NUMS(v), 0, NULL, grad)

static inline void assert_values(const Tensor *t, const double *want, int64_t n, double tol) {
    ck_assert_msg(t != NULL, "expected a tensor");
    ck_assert_int_eq(t->numel, n);
    double *v = mg_malloc((size_t)n * sizeof *v + 1);
    tn_to_doubles(t, v);
    for (int64_t i = 0; i < n; i++)
        ck_assert_msg(fabs(v[i] - want[i]) <= tol * (1 + fabs(want[i])),
                      "element %lld: got %.17g, expected %.17g", (long long)i, v[i], want[i]);
    mg_free(v);
}
#define VALUES(t, tol, ...) assert_values(t, NUMS(__VA_ARGS__), COUNT(__VA_ARGS__), tol)

#endif
