/* tn_internal.h - helpers shared by the files of src/tensor (not API).
 *
 * Files: storage.c (lifetime, allocation, caches), device.c (backends and
 * the CUDA loader), create.c + rng.c (constructors, random numbers),
 * shape.c (shapes, strides, broadcasting), ops_*.c (the differentiable
 * ops), access.c (element reads), format.c (printing), optable.c.
 */
#ifndef MG_TN_INTERNAL_H
#define MG_TN_INTERNAL_H
#include "tensor.h"
#include "ops.h"
#include "backend.h"

/* ---- storage.c ---- */
/* A new tensor struct (refcount 1, no storage, everything zero). */
Tensor *tn_struct_new(void);
/* A new view onto base's storage with base's dtype/device and the given
 * geometry (strides in elements). No autograd fields are set. */
Tensor *tn_view_of(const Tensor *base, const int64_t *shape, const int64_t *strides, int ndim,
                   int64_t offset);
/* A contiguous tensor with dtype/device, no values written. */
Tensor *tn_alloc(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err);

/* ---- shape.c ---- */
int64_t tn_numel_of(const int64_t *shape, int ndim);
void    tn_contiguous_strides(const int64_t *shape, int ndim, int64_t *strides);
/* false when the product of the sizes (0 and -1 counted as 1) overflows
 * int64: such a shape has no valid numel or contiguous strides */
bool    tn_shape_fits(const int64_t *shape, int ndim);
bool    tn_same_shape(const int64_t *a, int na, const int64_t *b, int nb);
/* axis in [-ndim, ndim) made non-negative; ERR_INDEX naming the range otherwise. */
bool    tn_norm_axis(int axis, int ndim, int *out, MgError *err);
/* NumPy broadcast of two shapes; the error names op (a symbol or name). */
bool    tn_broadcast_shapes(const int64_t *a, int na, const int64_t *b, int nb, const char *op,
                            int64_t *out, int *nout, MgError *err);
/* A stack view of t broadcast to shape (strides 0 on new/size-1 dims), for
 * kernels only: it borrows t's storage and must not outlive t. */
Tensor  tn_broadcast_view(const Tensor *t, const int64_t *shape, int ndim);
/* Same device for all, else ERR_DEVICE naming both. */
bool    tn_check_devices(Tensor **ts, int n, MgError *err);
/* false (ERR_VALUE) when several elements of x share one memory location
 * (a stride of 0 over a size > 1, as expand() makes): an in-place write
 * into x would be ill-defined, so it is refused, as torch does. */
bool    tn_check_no_overlap(const Tensor *x, MgError *err);

/* ---- ops: internal helpers ---- */
/* A contiguous copy (or a new reference to t when already contiguous); not recorded. */
Tensor *tn_contiguous_raw(Tensor *t, MgError *err);
/* to_dtype without recording. */
Tensor *tn_to_dtype_raw(Tensor *t, DType dt, MgError *err);
/* Record a node when grad mode is on and an input requires grad (p may
 * be NULL: an op without parameters). */
void    tn_record(Tensor *out, OpKind op, Tensor **inputs, int n, const bool *needs_saved,
                  OpParams *p);
/* false (ERR_AUTOGRAD) when x may not be updated in place now: a leaf that
 * requires grad, or a view of one, outside no_grad (SPEC §6.5). */
bool    tn_check_inplace_target(const Tensor *x, MgError *err);
/* A view recorded as a VIEW-family op (reshape/permute/expand/slice); it
 * keeps its base (tensor.h, view_base). */
Tensor *tn_make_view(Tensor *a, const int64_t *shape, const int64_t *strides, int ndim,
                     int64_t offset, OpKind op, OpParams *p);
/* ops_elementwise.c: out = a op b for a BINARY or COMPARE op (tn_add ...). */
Tensor *tn_binary(OpKind op, Tensor *a, Tensor *b, MgError *err);
/* Move x's history onto a new tensor sharing x's storage (new ref), so an
 * in-place update of x can be recorded as an op whose input is the old x. */
Tensor *tn_take_history(Tensor *x);
/* A private copy of a that carries a's history (gradient: identity). */
Tensor *tn_clone(Tensor *a, MgError *err);

/* ---- ops_index.c ---- */
/* Write v into the region (shape, strides, offset: on a's storage) of a,
 * where p is the same region as SLICE params relative to a contiguous
 * layout of a's shape. Recorded on a as where(mask, slice_scatter(v), old a)
 * when grad mode is on and a or v requires grad. */
bool    tn_region_write(Tensor *a, const int64_t *shape, const int64_t *strides, int nd,
                        int64_t offset, OpParams *p, Tensor *v, MgError *err);

/* ---- ops_view_write.c: in-place updates through a view (torch's CopySlices) ---- */
/* Whether an update of the view x by v must be recorded on x's base. */
bool    tn_view_write_recorded(const Tensor *x, const Tensor *v);
/* x op= v (kind ADD/SUB/MUL/DIV) for a view x, recorded on its base. */
bool    tn_view_inplace(Tensor *x, OpKind kind, Tensor *v, MgError *err);
/* x[...] = v for a view x: the region (on x's storage) written into x's
 * base, recorded there. */
bool    tn_view_region_write(Tensor *x, const int64_t *shape, const int64_t *strides, int nd,
                             int64_t offset, Tensor *v, MgError *err);

/* ---- create.c: constructors write their values on the host ---- */
/* Element i of t (a contiguous CPU tensor) set to v, rounded to t's dtype. */
static inline void tn_host_set(Tensor *t, int64_t i, double v) {
    if (t->dtype == DT_F32) ((float *)t->storage->data)[i] = (float)v;
    else ((double *)t->storage->data)[i] = v;
}
/* host (a new CPU tensor; this takes its reference) on dev: host itself
 * for the CPU, else uploaded there, so every device gets the same numbers. */
Tensor *tn_host_to_device(Tensor *host, Device dev, MgError *err);

/* ---- rng.c ---- */
double  tn_rng_uniform(void);   /* [0, 1), 53 bits */
float   tn_rng_uniform_f32(void);   /* [0, 1), 24 bits */

#endif
