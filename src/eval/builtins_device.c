/* builtins_device.c - dtypes and devices (SPEC §7 "devices"). */
#include "builtins.h"
#include "../tensor/backend.h"

/* to(x, cuda) / to(x, f64) / to(x, device=cpu, dtype=f32) */
static bool bi_to(BiArgs *a, Value *out, MgError *err) {
    if (a->v[0].type != VAL_TENSOR) return bi_bad_arg(a, 0, "tensor", a->v[0], err);
    Tensor *x = a->v[0].as.tensor;
    BiOpts o;
    if (!bi_options(a, a->rest, a->n_rest, &o, err)) return false;
    if (o.requires_grad) return mg_error(err, ERR_VALUE, "to: use param(x) to make a tensor that requires grad");
    bi_mark(a);
    tn_retain(x);
    Tensor *t = x;
    if (o.has_device && t->device != o.device) {
        Tensor *m = tn_to_device(t, o.device, err);
        tn_release(t);
        if (!m) return false;
        t = m;
    }
    if (o.has_dtype && t->dtype != o.dtype) {
        Tensor *m = tn_to_dtype(t, o.dtype, err);
        tn_release(t);
        if (!m) return false;
        t = m;
    }
    *out = ev_tensor(t);
    return true;
}

static bool bi_cuda_available(BiArgs *a, Value *out, MgError *err) {
    (void)a; (void)err;
    *out = ev_bool(tn_cuda_available());
    return true;
}

static bool bi_set_device(BiArgs *a, Value *out, MgError *err) {
    BiOpts o;
    if (!bi_options(a, &a->v[0], 1, &o, err)) return false;
    if (!o.has_device) return bi_bad_arg(a, 0, "cpu or cuda", a->v[0], err);
    *out = ev_none();
    return tn_set_default_device(o.device, err);
}

static bool bi_sync(BiArgs *a, Value *out, MgError *err) {
    (void)a; (void)err;
    /* Only ask the CUDA backend if it is already loaded for a live tensor:
     * sync() must not load CUDA on a CPU-only run. */
    if (tn_live_bytes(DEV_CUDA) > 0 && tn_cuda_available()) tn_backend(DEV_CUDA)->sync();
    *out = ev_none();
    return true;
}

const Builtin bi_group_device[] = {
    {"to", "to(x, opts..., dtype=none, device=none)", "x on another device or with another dtype: to(x, cuda), to(x, f64)", bi_to},
    {"cuda_available", "cuda_available()", "true when a CUDA GPU can be used", bi_cuda_available},
    {"set_device", "set_device(device)", "The default device for new tensors: set_device(cuda) or set_device(cpu)", bi_set_device},
    {"sync", "sync()", "Wait until the GPU has finished its queued work (for timing)", bi_sync},
    {NULL, NULL, NULL, NULL},
};
