/* ops_matmul.c - a @ b in every torch.matmul form.
 *
 *   (k) @ (k)           -> []          as (1, k) @ (k, 1), then reshaped
 *   (k) @ (..., k, m)   -> (..., m)    a as (1, k); the 1 is dropped after
 *   (..., n, k) @ (k)   -> (..., n)    b as (k, 1); the 1 is dropped after
 *   (..., n, k) @ (..., k, m) -> (broadcast batch..., n, m)
 *
 * The 1-D cases are recorded reshapes around one MATMUL node, so the
 * gradient rule only ever sees operands of >= 2 dimensions.
 */
#include "tn_internal.h"
#include <string.h>

/* (..., n, k) @ (..., k, m) with broadcast batch dims; both >= 2-D, same dtype. */
static Tensor *matmul_nd(Tensor *a, Tensor *b, const Tensor *oa, const Tensor *ob, MgError *err) {
    char sa[256], sb[256];
    int64_t k = a->shape[a->ndim - 1];
    if (b->shape[b->ndim - 2] != k) {
        mg_error(err, ERR_SHAPE, "matmul: shapes %s and %s cannot be multiplied (%lld != %lld)",
                 tn_shape_str(oa->shape, oa->ndim, sa, sizeof sa), tn_shape_str(ob->shape, ob->ndim, sb, sizeof sb),
                 (long long)(oa->shape[oa->ndim - 1]),
                 (long long)(ob->ndim == 1 ? ob->shape[0] : ob->shape[ob->ndim - 2]));
        return NULL;
    }
    int64_t batch[TN_MAX_DIMS], shape[TN_MAX_DIMS];
    int nb;
    MgError tmp;
    if (!tn_broadcast_shapes(a->shape, a->ndim - 2, b->shape, b->ndim - 2, "matmul", batch, &nb, &tmp)) {
        mg_error(err, ERR_SHAPE, "matmul: batch dimensions of %s and %s cannot be broadcast",
                 tn_shape_str(oa->shape, oa->ndim, sa, sizeof sa), tn_shape_str(ob->shape, ob->ndim, sb, sizeof sb));
        return NULL;
    }
    if (nb + 2 > TN_MAX_DIMS) {
        mg_error(err, ERR_SHAPE, "a tensor has at most %d dimensions", TN_MAX_DIMS);
        return NULL;
    }
    /* cuBLAS takes matrix sizes as int (src/cuda/cuda_matmul.cu) */
    int64_t lim = INT32_MAX, n = a->shape[a->ndim - 2], m = b->shape[b->ndim - 1];
    if (a->device == DEV_CUDA && (n > lim || m > lim || k > lim)) {
        mg_error(err, ERR_VALUE, "matmul: on cuda a matrix dimension can be at most %lld, got %s @ %s",
                 (long long)lim, tn_shape_str(oa->shape, oa->ndim, sa, sizeof sa),
                 tn_shape_str(ob->shape, ob->ndim, sb, sizeof sb));
        return NULL;
    }
    memcpy(shape, batch, (size_t)nb * sizeof(int64_t));
    shape[nb] = a->shape[a->ndim - 2];
    shape[nb + 1] = b->shape[b->ndim - 1];
    Tensor *out = tn_alloc(shape, nb + 2, a->dtype, a->device, err);
    if (!out) return NULL;
    int64_t ash[TN_MAX_DIMS], bsh[TN_MAX_DIMS];
    memcpy(ash, batch, (size_t)nb * sizeof(int64_t));
    memcpy(bsh, batch, (size_t)nb * sizeof(int64_t));
    ash[nb] = shape[nb]; ash[nb + 1] = k;
    bsh[nb] = k; bsh[nb + 1] = shape[nb + 1];
    Tensor va = tn_broadcast_view(a, ash, nb + 2), vb = tn_broadcast_view(b, bsh, nb + 2);
    tn_backend(a->device)->matmul(out, &va, &vb);
    Tensor *in[2] = { a, b };
    bool ns[2] = { b->requires_grad, a->requires_grad };
    OpParams p = { 0 };
    tn_record(out, OP_MATMUL, in, 2, ns, &p);
    return out;
}

/* t reshaped to `shape` (recorded), new ref */
static Tensor *as_shape(Tensor *t, const int64_t *shape, int ndim, MgError *err) {
    return tn_reshape(t, shape, ndim, err);
}

Tensor *tn_matmul(Tensor *a, Tensor *b, MgError *err) {
    Tensor *in[2] = { a, b };
    if (!tn_check_devices(in, 2, err)) return NULL;
    if (a->ndim == 0 || b->ndim == 0) {
        mg_error(err, ERR_SHAPE, "matmul: both arguments need at least 1 dimension, got %dD and %dD",
                 a->ndim, b->ndim);
        return NULL;
    }
    if (a->dtype != b->dtype) {
        Tensor *pa = tn_to_dtype(a, DT_F64, err), *pb = pa ? tn_to_dtype(b, DT_F64, err) : NULL;
        Tensor *out = pb ? tn_matmul(pa, pb, err) : NULL;
        tn_release(pa);
        tn_release(pb);
        return out;
    }
    if (a->ndim >= 2 && b->ndim >= 2) return matmul_nd(a, b, a, b, err);
    /* 1-D operands: lift to 2-D, multiply, drop the added dimension */
    Tensor *a2 = a, *b2 = b;
    int64_t s[TN_MAX_DIMS];
    if (a->ndim == 1) {
        s[0] = 1; s[1] = a->shape[0];
        if (!(a2 = as_shape(a, s, 2, err))) return NULL;
    } else {
        tn_retain(a2);
    }
    if (b->ndim == 1) {
        s[0] = b->shape[0]; s[1] = 1;
        if (!(b2 = as_shape(b, s, 2, err))) { tn_release(a2); return NULL; }
    } else {
        tn_retain(b2);
    }
    Tensor *r = matmul_nd(a2, b2, a, b, err);
    tn_release(a2);
    tn_release(b2);
    if (!r) return NULL;
    int nd = 0;
    for (int d = 0; d < r->ndim - 2; d++) s[nd++] = r->shape[d];
    if (a->ndim != 1) s[nd++] = r->shape[r->ndim - 2];
    if (b->ndim != 1) s[nd++] = r->shape[r->ndim - 1];
    Tensor *out = as_shape(r, s, nd, err);
    tn_release(r);
    return out;
}
