/* tensor.h - the tensor runtime's public face.
 *
 * A Tensor is a reference-counted view (dtype, device, shape, strides,
 * offset) onto a reference-counted Storage. Views (transpose, slicing,
 * reshape of contiguous data, expand) share storage without copying.
 *
 * Every function that can fail on user input takes an MgError* and returns
 * NULL (or false) with the error filled; the evaluator adds the source span.
 * Returned tensors are new references (refcount owned by the caller):
 * release them with tn_release(). Arguments are borrowed.
 *
 * Ops live in one table, src/tensor/ops.def (one row per op). The tn_*
 * functions below validate, broadcast, dispatch to the device's kernels
 * (src/cpu, src/cuda) and, when grad mode is on and an input requires grad,
 * record a graph node (src/autograd). Composite ops (mean, mse_loss, ...)
 * are written with other tn_* ops and so need no gradient code of their own.
 */
#ifndef MG_TENSOR_H
#define MG_TENSOR_H
#include "../util/error.h"
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#define TN_MAX_DIMS 8
#define TN_ALL_AXES INT32_MIN   /* "axis=none": reduce over every axis */

typedef enum { DT_F32, DT_F64 } DType;
typedef enum { DEV_CPU, DEV_CUDA } Device;

typedef struct Storage {
    int refcount;
    Device device;
    DType dtype;
    size_t nbytes;
    void *data;          /* host or device pointer */
    uint32_t version;    /* bumped by every in-place write (SPEC §6.5) */
} Storage;

typedef struct AgNode AgNode;   /* src/autograd/graph.h */

typedef struct Tensor {
    int refcount;
    DType dtype;
    Device device;
    int ndim;
    int64_t shape[TN_MAX_DIMS];
    int64_t strides[TN_MAX_DIMS];  /* in elements, may be 0 (expand) */
    int64_t offset;                /* in elements, into storage */
    int64_t numel;
    Storage *storage;
    /* autograd (SPEC §6) */
    bool requires_grad;
    bool retains_grad;             /* retain_grad(t) on a non-leaf */
    struct Tensor *grad;           /* accumulated gradient (leaf, or retained) */
    AgNode *grad_fn;               /* strong ref; NULL for a leaf */
    AgNode *grad_acc;              /* weak: this leaf's accumulator node, if any */
    char *name;                    /* variable name for graph(), or NULL (mg_strdup'd) */
    /* A view (x[...], reshape, transpose, expand, ...) remembers the tensor
     * whose storage it reads, the root of its chain of views (strong ref;
     * NULL for a tensor that is not a view). An in-place update through the
     * view is then recorded on that base as well (ops_view_write.c), and
     * view_seen, the base's grad_fn->seq when this view's history was made,
     * tells when the base's history has moved on and the view's must be
     * made again (tn_view_refresh). */
    struct Tensor *view_base;
    uint64_t view_seen;
} Tensor;

/* ---- runtime state ------------------------------------------------------
 * One per process. grad_enabled is false inside no_grad { }; cur_span is
 * set by the evaluator before each call so that graph nodes remember where
 * they were made (SPEC §6.6). */
typedef struct TnRuntime {
    bool grad_enabled;
    bool anomaly;              /* detect_anomaly(true) */
    Device default_device;     /* set_device / --device */
    Span cur_span;
    uint64_t rng_state;        /* see tn_seed */
    volatile int interrupted;  /* set by SIGINT; checked between ops */
    uint64_t max_tensor_bytes; /* 0: none; a larger tensor is "cannot allocate"
                                * (the fuzzer sets it, tests/fuzz/) */
} TnRuntime;
extern TnRuntime tn_rt;

/* ---- lifetime ----------------------------------------------------------- */
void    tn_retain(Tensor *t);
void    tn_release(Tensor *t);            /* NULL is fine */
size_t  tn_dtype_size(DType dt);
const char *tn_dtype_name(DType dt);     /* "f32" */
const char *tn_device_name(Device d);    /* "cpu" */
bool    tn_is_contiguous(const Tensor *t);
/* Some elements share memory (a stride 0 over a size > 1, as expand makes):
 * such a tensor cannot be written in place. */
bool    tn_shares_elements(const Tensor *t);
size_t  tn_live_bytes(Device d);         /* storage bytes alive on a device (mem()) */

/* "[4, 3]" into buf; "[]" for 0-d. */
const char *tn_shape_str(const int64_t *shape, int ndim, char *buf, size_t n);

/* ---- element access (host copies; any device) ---------------------------- */
double  tn_item(const Tensor *t);                     /* first element as double */
double  tn_get(const Tensor *t, const int64_t *idx);  /* element at a full index */
/* Copies all elements in row-major order into out (numel doubles). */
void    tn_to_doubles(const Tensor *t, double *out);

/* ---- constructors --------------------------------------------------------
 * New leaf tensors with requires_grad false (callers set it). A shape too
 * large to allocate is ERR_MEMORY: "cannot allocate 4.0 TB for a tensor of shape [...]". */
Tensor *tn_empty(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err);
Tensor *tn_from_doubles(const double *vals, const int64_t *shape, int ndim, DType dt, Device dev, MgError *err);
Tensor *tn_scalar(double v, DType dt, Device dev, MgError *err);           /* 0-d */
Tensor *tn_full(const int64_t *shape, int ndim, double v, DType dt, Device dev, MgError *err);
Tensor *tn_zeros(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err);
Tensor *tn_ones(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err);
Tensor *tn_zeros_like(const Tensor *t, MgError *err);
Tensor *tn_ones_like(const Tensor *t, MgError *err);
Tensor *tn_arange(double start, double stop, double step, DType dt, Device dev, MgError *err);
Tensor *tn_linspace(double a, double b, int64_t n, DType dt, Device dev, MgError *err);
Tensor *tn_eye(int64_t n, DType dt, Device dev, MgError *err);
/* Random numbers: one generator (documented in docs/RANDOM.md), seeded by
 * tn_seed; values are produced on the host in a fixed order and copied, so
 * the same seed gives the same values on every device. */
void    tn_seed(uint64_t seed);
Tensor *tn_rand(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err);   /* U[0,1) */
Tensor *tn_randn(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err);  /* N(0,1) */

/* ---- graph-free helpers ---------------------------------------------------- */
Tensor *tn_detach(Tensor *t);                      /* shares storage, no history */
Tensor *tn_clone_leaf(Tensor *t, MgError *err);    /* param(x): contiguous copy, no history */
/* Copy src's values into dst's storage (same shape after broadcasting),
 * bumping dst's version. No graph; used by in-place updates under no_grad,
 * by optimizers and by index assignment. */
bool    tn_copy_into(Tensor *dst, const Tensor *src, MgError *err);

/* ---- differentiable ops (record graph nodes) ----------------------------- */
/* elementwise, NumPy broadcasting; a number is first made a 0-d tensor */
Tensor *tn_add(Tensor *a, Tensor *b, MgError *err);
Tensor *tn_sub(Tensor *a, Tensor *b, MgError *err);
Tensor *tn_mul(Tensor *a, Tensor *b, MgError *err);
Tensor *tn_div(Tensor *a, Tensor *b, MgError *err);
Tensor *tn_pow(Tensor *a, Tensor *b, MgError *err);
Tensor *tn_maximum(Tensor *a, Tensor *b, MgError *err);
Tensor *tn_minimum(Tensor *a, Tensor *b, MgError *err);
Tensor *tn_where(Tensor *cond, Tensor *a, Tensor *b, MgError *err);
/* comparisons: 0/1 in the promoted dtype, never require grad */
Tensor *tn_eq(Tensor *a, Tensor *b, MgError *err);
Tensor *tn_ne(Tensor *a, Tensor *b, MgError *err);
Tensor *tn_lt(Tensor *a, Tensor *b, MgError *err);
Tensor *tn_le(Tensor *a, Tensor *b, MgError *err);
Tensor *tn_gt(Tensor *a, Tensor *b, MgError *err);
Tensor *tn_ge(Tensor *a, Tensor *b, MgError *err);

Tensor *tn_neg(Tensor *a, MgError *err);
Tensor *tn_exp(Tensor *a, MgError *err);
Tensor *tn_log(Tensor *a, MgError *err);
Tensor *tn_sqrt(Tensor *a, MgError *err);
Tensor *tn_abs(Tensor *a, MgError *err);
Tensor *tn_sin(Tensor *a, MgError *err);
Tensor *tn_cos(Tensor *a, MgError *err);
Tensor *tn_tanh(Tensor *a, MgError *err);
Tensor *tn_sigmoid(Tensor *a, MgError *err);
Tensor *tn_relu(Tensor *a, MgError *err);
Tensor *tn_sign(Tensor *a, MgError *err);          /* no gradient (zero) */
Tensor *tn_erf(Tensor *a, MgError *err);
Tensor *tn_softplus(Tensor *a, MgError *err);      /* log(1 + exp(x)), stable */
Tensor *tn_leaky_relu(Tensor *a, double slope, MgError *err);
Tensor *tn_gelu(Tensor *a, MgError *err);          /* exact (erf) form, as torch */
Tensor *tn_clamp(Tensor *a, double lo, double hi, MgError *err);  /* +-inf for no bound */
/* clamp with tensor bounds (NULL for none) that broadcast with a and get
 * gradients of their own, as torch.clamp(x, min_tensor, max_tensor) */
Tensor *tn_clamp_tensors(Tensor *a, Tensor *lo, Tensor *hi, MgError *err);

/* reductions; axis may be negative or TN_ALL_AXES */
Tensor *tn_sum(Tensor *a, int axis, bool keepdim, MgError *err);
Tensor *tn_mean(Tensor *a, int axis, bool keepdim, MgError *err);
Tensor *tn_max(Tensor *a, int axis, bool keepdim, MgError *err);
Tensor *tn_min(Tensor *a, int axis, bool keepdim, MgError *err);
Tensor *tn_var(Tensor *a, int axis, bool keepdim, bool unbiased, MgError *err);
Tensor *tn_logsumexp(Tensor *a, int axis, bool keepdim, MgError *err);
Tensor *tn_argmax(Tensor *a, int axis, MgError *err);   /* f32 indices, no grad */
Tensor *tn_argmin(Tensor *a, int axis, MgError *err);
Tensor *tn_any(Tensor *a, MgError *err);
Tensor *tn_all(Tensor *a, MgError *err);
Tensor *tn_norm(Tensor *a, MgError *err);               /* 2-norm of all elements */

/* shape and views (share storage where SPEC §5 says so) */
Tensor *tn_reshape(Tensor *a, const int64_t *shape, int ndim, MgError *err); /* one -1 allowed */
Tensor *tn_transpose(Tensor *a, int d0, int d1, MgError *err);
Tensor *tn_permute(Tensor *a, const int *dims, int ndim, MgError *err);
Tensor *tn_flatten(Tensor *a, MgError *err);
Tensor *tn_squeeze(Tensor *a, int axis, MgError *err);     /* TN_ALL_AXES: every size-1 axis */
Tensor *tn_unsqueeze(Tensor *a, int axis, MgError *err);
Tensor *tn_expand(Tensor *a, const int64_t *shape, int ndim, MgError *err);
Tensor *tn_contiguous(Tensor *a, MgError *err);
Tensor *tn_cat(Tensor **ts, int n, int axis, MgError *err);
Tensor *tn_stack(Tensor **ts, int n, int axis, MgError *err);

/* indexing: one entry per indexed dimension (missing trailing dims are ":") */
typedef struct TnIndex {
    bool is_slice;
    int64_t index;               /* !is_slice: may be negative */
    bool has_start, has_stop;    /* is_slice */
    int64_t start, stop, step;   /* step != 0 (negative steps are an error, as torch) */
} TnIndex;
Tensor *tn_index(Tensor *a, const TnIndex *idx, int n, MgError *err);   /* a view */
/* What slice ix takes from a dimension of `size`, by Python's rules
 * (negative bounds count from the end, then clamp; the step must be
 * positive): the first index and how many. Also used for lists. */
bool    tn_slice_range(const TnIndex *ix, int64_t size, int64_t *start, int64_t *len, MgError *err);
/* x[idx] = v: in place (SPEC §6.5 rules apply) */
bool    tn_index_assign(Tensor *a, const TnIndex *idx, int n, Tensor *v, MgError *err);

/* linear algebra */
Tensor *tn_matmul(Tensor *a, Tensor *b, MgError *err);   /* as torch.matmul */
Tensor *tn_dot(Tensor *a, Tensor *b, MgError *err);
Tensor *tn_outer(Tensor *a, Tensor *b, MgError *err);

/* nn */
Tensor *tn_softmax(Tensor *a, int axis, MgError *err);
Tensor *tn_log_softmax(Tensor *a, int axis, MgError *err);
Tensor *tn_mse_loss(Tensor *pred, Tensor *target, MgError *err);
Tensor *tn_bce_loss(Tensor *p, Tensor *y, MgError *err);
Tensor *tn_bce_with_logits(Tensor *z, Tensor *y, MgError *err);
Tensor *tn_cross_entropy(Tensor *logits, Tensor *classes, MgError *err);
Tensor *tn_nll_loss(Tensor *logp, Tensor *classes, MgError *err);
Tensor *tn_linear(Tensor *x, Tensor *w, Tensor *b, MgError *err);      /* b may be NULL */
Tensor *tn_conv2d(Tensor *x, Tensor *w, Tensor *b, int stride, int padding, MgError *err);
Tensor *tn_max_pool2d(Tensor *x, int k, MgError *err);
Tensor *tn_layer_norm(Tensor *x, double eps, MgError *err);
Tensor *tn_dropout(Tensor *x, double p, bool train, MgError *err);
Tensor *tn_one_hot(Tensor *classes, int64_t n, MgError *err);

/* dtype and device moves (differentiable) */
Tensor *tn_to_dtype(Tensor *a, DType dt, MgError *err);
Tensor *tn_to_device(Tensor *a, Device dev, MgError *err);

/* In-place arithmetic for `x op= v` (SPEC §6.5): checks the leaf rule,
 * records the update in the graph when x requires grad, bumps the version.
 * op is '+', '-', '*' or '/'. */
bool    tn_inplace(Tensor *x, char op, Tensor *v, MgError *err);

/* ---- devices ----------------------------------------------------------------
 * The CUDA backend lives in libmg_cuda.so, loaded with dlopen the first time
 * CUDA is asked for (never at start-up). */
bool    tn_cuda_available(void);
bool    tn_set_default_device(Device d, MgError *err);   /* ERR_DEVICE without CUDA */
/* Frees the cached free blocks of small tensors/storages (leak tests call it
 * before comparing mg_alloc_live_bytes()). */
void    tn_release_caches(void);

/* ---- internal ops used by gradient rules and composites (not builtins) ----
 * All are recorded like any op. */
struct OpParams;
/* out[.., i, ..] = a[.., idx[.., i, ..], ..] along axis; idx holds whole
 * numbers (any dtype), has a's ndim and a's sizes except along axis. */
Tensor *tn_take_along(Tensor *a, Tensor *idx, int axis, MgError *err);
/* The adjoint: zeros of `shape` with src[i] added at idx[i] along axis. */
Tensor *tn_scatter_along(Tensor *src, Tensor *idx, int axis, const int64_t *shape, int ndim,
                         MgError *err);
/* SLICE's adjoint: zeros of p->shape with g (p->view_shape) written at the
 * view described by p->offset/p->strides. */
Tensor *tn_slice_scatter(Tensor *g, const struct OpParams *p, MgError *err);
/* SLICE_SCATTER's adjoint: the view p describes, taken from g (shape p->shape). */
Tensor *tn_slice_view(Tensor *g, const struct OpParams *p, MgError *err);
/* softmax's gradient along axis: y * (g - sum(g * y, axis)), y the
 * softmax output and g its incoming gradient (same shape). */
Tensor *tn_softmax_backward(Tensor *g, Tensor *y, int axis, MgError *err);

/* When t is a view whose base was updated in place after t's history was
 * made, t's history becomes a fresh view of the base's (ops_view_write.c).
 * tn_record does it for op inputs; backward, grads, graph() and the
 * attributes that show history call it too. No-op outside grad mode and
 * for tensors that are not views. */
void    tn_view_refresh(Tensor *t);

/* ---- printing (SPEC §5) --------------------------------------------------- */
/* Appends the printed form to a malloc'd string (mg_free it). */
char   *tn_format(const Tensor *t);

#endif
