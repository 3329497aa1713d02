/* ops.h - OpKind (generated from ops.def) and the parameters a node keeps. */
#ifndef MG_OPS_H
#define MG_OPS_H
#include "tensor.h"

typedef enum {
#define OP(e, name, family, grad) OP_##e,
#include "ops.def"
#undef OP
    OP__COUNT
} OpKind;

typedef enum { FAM_UNARY, FAM_BINARY, FAM_COMPARE, FAM_WHERE, FAM_REDUCE, FAM_INDEX_REDUCE,
               FAM_GATHER, FAM_MATMUL, FAM_VIEW, FAM_COPY, FAM_CAT } OpFamily;

const char *op_name(OpKind op);
OpFamily    op_family(OpKind op);

/* What an op needs to remember beyond its inputs, for its kernel and its
 * gradient rule. Unused fields stay zero. */
typedef struct OpParams {
    int axis;                        /* reductions, cat, take_along; TN_ALL_AXES */
    bool keepdim;
    double s0, s1;                   /* scalars (unused by current primitives) */
    int ndim;                        /* shape: reshape/expand source shape, slice base shape */
    int64_t shape[TN_MAX_DIMS];
    int dims[TN_MAX_DIMS];           /* permute order */
    int64_t offset;                  /* slice: element offset of the view in its base */
    int64_t strides[TN_MAX_DIMS];    /* slice: the view's strides relative to a contiguous base */
    int view_ndim;
    int64_t view_shape[TN_MAX_DIMS];
    DType dtype;                     /* to_dtype: the source dtype */
    Device device;                   /* to_device: the source device */
    Tensor *aux;                     /* owned ref: max/min indices, take_along indices */
    int64_t *sizes;                  /* cat: size of each input along axis (owned, n_inputs) */
} OpParams;

#endif
