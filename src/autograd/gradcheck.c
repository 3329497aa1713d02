/* gradcheck.c - checking gradient rules against finite differences (SPEC §6.4).
 *
 * For f(x1, ..., xn) -> y (any shape) and every input xi that requires
 * grad, the Jacobian dy/dxi (numel(y) x numel(xi)) is built twice, in f64:
 *   analytical: one vector-Jacobian product per output element j, i.e.
 *               grads(y, [xi...], g = one-hot(j)) gives row j;
 *   numerical:  central differences, column k = (f(x + eps e_k) - f(x - eps e_k)) / 2 eps.
 * Both use private f64 copies of the inputs (on each input's own device),
 * so the inputs and their .grad are never touched.
 *
 * Reports: the first failing entry as
 *   gradcheck: input 1, output element 3, input element [0, 2]: analytical 0.5, numerical 0.25
 * where the INPUT NUMBER IS 1-BASED (input 1 is f's first argument, as x1
 * in gradcheck(f, x1, x2)), while the output element (a flat row-major
 * index into y) and the input element (an index into xi's shape) are
 * 0-based, like every index in mg.
 */
#include "ag_internal.h"
#include "../util/alloc.h"
#include "../util/numfmt.h"
#include <math.h>
#include <string.h>

/* f64 copies of the inputs: contiguous, no history, requires_grad as the original. */
static Tensor **f64_copies(Tensor **inputs, int n, MgError *err) {
    Tensor **c = mg_calloc((size_t)n, sizeof *c);
    for (int i = 0; i < n; i++) {
        Tensor *copy = tn_clone_leaf(inputs[i], err);
        if (copy && copy->dtype != DT_F64) {
            Tensor *wide = tn_to_dtype(copy, DT_F64, err);
            tn_release(copy);
            copy = wide;
        }
        if (!copy) {
            for (int j = 0; j < i; j++) tn_release(c[j]);
            mg_free(c);
            return NULL;
        }
        copy->requires_grad = inputs[i]->requires_grad;
        c[i] = copy;
    }
    return c;
}

static void release_all(Tensor **ts, int n) {
    if (!ts) return;
    for (int i = 0; i < n; i++) tn_release(ts[i]);
    mg_free(ts);
}

static double *host_values(const Tensor *t) {
    double *v = mg_malloc((size_t)(t->numel ? t->numel : 1) * sizeof *v);
    tn_to_doubles(t, v);
    return v;
}

/* f at the copies with copy `which` replaced by vals (host doubles): y's
 * values, numel(y) of them, or NULL on error. Grad mode stays on, as f may
 * itself call grads() (checking second derivatives). */
static double *f_at(AgFunc f, void *ctx, Tensor **copies, int n, int which, const double *vals,
                    int64_t expect_numel, MgError *err) {
    Tensor *x = copies[which];
    Tensor *moved = tn_from_doubles(vals, x->shape, x->ndim, DT_F64, x->device, err);
    if (!moved) return NULL;
    moved->requires_grad = x->requires_grad;   /* f may itself take gradients (grads of grads) */
    copies[which] = moved;
    Tensor *y = f(ctx, copies, n, err);
    copies[which] = x;
    tn_release(moved);
    if (!y) return NULL;
    double *out = NULL;
    if (expect_numel >= 0 && y->numel != expect_numel) {
        char a[128];
        mg_error(err, ERR_SHAPE, "gradcheck: f returned shape %s for a perturbed input, "
                 "but %lld elements before", tn_shape_str(y->shape, y->ndim, a, sizeof a),
                 (long long)expect_numel);
    } else {
        out = host_values(y);
    }
    tn_release(y);
    return out;
}

/* Column k of the numerical Jacobian of every output wrt input `which`. */
static bool central_difference(AgFunc f, void *ctx, Tensor **copies, int n, int which,
                               int64_t k, double eps, int64_t ny, double *col, MgError *err) {
    double *vals = host_values(copies[which]);
    double x0 = vals[k];
    vals[k] = x0 + eps;
    double *plus = f_at(f, ctx, copies, n, which, vals, ny, err);
    vals[k] = x0 - eps;
    double *minus = plus ? f_at(f, ctx, copies, n, which, vals, ny, err) : NULL;
    mg_free(vals);
    if (minus)
        for (int64_t j = 0; j < ny; j++) col[j] = (plus[j] - minus[j]) / (2 * eps);
    mg_free(plus);
    bool ok = minus != NULL;
    mg_free(minus);
    return ok;
}

/* The element index of flat position k in shape, as "[0, 2]". */
static const char *index_str(int64_t k, const int64_t *shape, int ndim, char *buf, size_t n) {
    int64_t idx[TN_MAX_DIMS];
    for (int d = ndim - 1; d >= 0; d--) {
        idx[d] = shape[d] ? k % shape[d] : 0;
        k = shape[d] ? k / shape[d] : 0;
    }
    return tn_shape_str(idx, ndim, buf, n);
}

/* Analytical Jacobians: jac[i] (ny x numel(xi)) for the differentiable inputs. */
static bool analytical(Tensor *y, Tensor **diff, int nd, double **jac, MgError *err) {
    if (!y->requires_grad) return true;            /* f does not use its inputs: all zero */
    double *onehot = mg_calloc((size_t)y->numel, sizeof *onehot);
    Tensor **rows = mg_calloc((size_t)nd, sizeof *rows);
    AgBackwardOpts keep = {.retain = true};
    bool ok = true;
    for (int64_t j = 0; j < y->numel && ok; j++) {
        onehot[j] = 1;
        Tensor *g = tn_from_doubles(onehot, y->shape, y->ndim, y->dtype, y->device, err);
        onehot[j] = 0;
        ok = g && ag_grads(y, g, diff, nd, &keep, rows, err);
        tn_release(g);
        for (int i = 0; i < nd && ok; i++) {
            double *v = host_values(rows[i]);
            memcpy(jac[i] + j * diff[i]->numel, v, (size_t)diff[i]->numel * sizeof *v);
            mg_free(v);
        }
        for (int i = 0; i < nd && ok; i++) { tn_release(rows[i]); rows[i] = NULL; }
    }
    mg_free(rows);
    mg_free(onehot);
    return ok;
}

bool ag_gradcheck(AgFunc f, void *ctx, Tensor **inputs, int n, const AgCheckOpts *opts,
                  bool *passed, MgError *err) {
    AgCheckOpts defaults = {.eps = 1e-6, .atol = 1e-5, .rtol = 1e-3};
    if (!opts) opts = &defaults;
    FILE *out = opts->out ? opts->out : stdout;
    *passed = false;
    bool grad_mode = tn_rt.grad_enabled;
    tn_rt.grad_enabled = true;
    Tensor **copies = f64_copies(inputs, n, err);
    Tensor *y = copies ? f(ctx, copies, n, err) : NULL;
    bool ok = y != NULL;

    int nd = 0;                                    /* the inputs that require grad */
    int *which = mg_calloc((size_t)(n ? n : 1), sizeof *which);
    Tensor **diff = mg_calloc((size_t)(n ? n : 1), sizeof *diff);
    double **jac_a = mg_calloc((size_t)(n ? n : 1), sizeof *jac_a);
    double *col = NULL;
    if (ok) {
        for (int i = 0; i < n; i++)
            if (copies[i]->requires_grad) { which[nd] = i; diff[nd++] = copies[i]; }
        for (int i = 0; i < nd; i++)
            jac_a[i] = mg_calloc((size_t)(y->numel * diff[i]->numel + 1), sizeof(double));
        ok = analytical(y, diff, nd, jac_a, err);
    }
    bool all_pass = true;
    if (ok) col = mg_malloc((size_t)(y->numel + 1) * sizeof *col);
    for (int i = 0; i < nd && ok; i++) {
        int64_t ny = y->numel, nx = diff[i]->numel;
        double max_abs = 0, max_rel = 0;
        for (int64_t k = 0; k < nx && ok; k++) {
            ok = central_difference(f, ctx, copies, n, which[i], k, opts->eps, ny, col, err);
            for (int64_t j = 0; j < ny && ok; j++) {
                double a = jac_a[i][j * nx + k], num = col[j], diffv = fabs(a - num);
                bool bad = !(diffv <= opts->atol + opts->rtol * fabs(num));   /* nan fails */
                if (diffv > max_abs || isnan(diffv)) max_abs = diffv;
                if (num != 0 && diffv / fabs(num) > max_rel) max_rel = diffv / fabs(num);
                if (bad && all_pass) {
                    char ia[128], na[32], nn[32];
                    fprintf(out, "gradcheck: input %d, output element %lld, input element %s: "
                            "analytical %s, numerical %s\n", which[i] + 1, (long long)j,
                            index_str(k, diff[i]->shape, diff[i]->ndim, ia, sizeof ia),
                            mg_fmt_number(a, na, sizeof na), mg_fmt_number(num, nn, sizeof nn));
                }
                if (bad) all_pass = false;
            }
        }
        if (ok && opts->verbose) {
            char a[32], r[32];
            fprintf(out, "gradcheck: input %d: max abs error %s, max rel error %s\n", which[i] + 1,
                    mg_fmt_number(max_abs, a, sizeof a), mg_fmt_number(max_rel, r, sizeof r));
        }
    }
    tn_rt.grad_enabled = grad_mode;
    for (int i = 0; i < nd; i++) mg_free(jac_a[i]);
    mg_free(jac_a);
    mg_free(col);
    mg_free(diff);
    mg_free(which);
    tn_release(y);
    release_all(copies, n);
    if (ok) *passed = all_pass;
    return ok;
}

Tensor *ag_numgrad(AgFunc f, void *ctx, Tensor **inputs, int n, int which, double eps,
                   MgError *err) {
    MG_ASSERT(which >= 0 && which < n);
    Tensor **copies = f64_copies(inputs, n, err);
    Tensor *result = NULL;
    if (copies) {
        Tensor *x = copies[which];
        double *grad = mg_malloc((size_t)(x->numel ? x->numel : 1) * sizeof *grad);
        double val;
        Tensor *y = f(ctx, copies, n, err);      /* f must give one element */
        bool ok = y && y->numel == 1;
        if (y && !ok) {
            char a[128];
            mg_error(err, ERR_SHAPE, "numgrad: f must return one element; it returned shape %s",
                     tn_shape_str(y->shape, y->ndim, a, sizeof a));
        }
        tn_release(y);
        for (int64_t k = 0; k < x->numel && ok; k++) {
            ok = central_difference(f, ctx, copies, n, which, k, eps, 1, &val, err);
            grad[k] = val;
        }
        if (ok)
            result = tn_from_doubles(grad, x->shape, x->ndim, inputs[which]->dtype,
                                     inputs[which]->device, err);
        mg_free(grad);
        release_all(copies, n);
    }
    return result;
}
