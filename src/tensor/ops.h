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
               FAM_GATHER, FAM_MATMUL, FAM_VIEW, FAM_COPY, FAM_CAT, FAM_SOFTMAX } OpFamily;

const char *op_name(OpKind op);
OpFamily    op_family(OpKind op);

/* What an op needs to remember beyond its inputs, for its kernel and its
 * gradient rule. Unused fields stay zero. This struct is the contract
 * between the tn_* layer (which fills it) and grad_rules.c (which reads it).
 *
 * What each primitive puts here (node->in_shape etc. always hold the inputs'
 * shapes, so shapes are only repeated here where a rule needs more):
 *   unary (neg ... softplus)  nothing. exp, sqrt, tanh, sigmoid, relu set
 *                    save_output (their rules read the output); log, abs,
 *                    sin, cos, erf, softplus save input 0; neg, sign
 *                    save nothing.
 *   add, sub         nothing saved.
 *   mul              saves b if a needs grad, a if b needs grad.
 *   div              saves b always; a only if b needs grad.
 *   pow              saves a and b (d/db needs log(a); d/da needs b), and
 *                    the output when b needs grad (d/db = g*out*log(a)).
 *   maximum, minimum saves a and b (the mask a >= b / a <= b).
 *   where            inputs (cond, a, b); saves cond (input 0, never needs grad).
 *   eq..ge           never recorded.
 *   sum              axis: a non-negative axis, or TN_ALL_AXES; keepdim.
 *   max, min         axis (non-negative, always one axis: max over all axes
 *                    is recorded as reshape to [numel] then max over axis 0);
 *                    keepdim; aux = the index of the FIRST extreme along
 *                    axis, dtype of the input, shape of the output WITH the
 *                    axis kept as size 1 (ready for take_along/scatter_along).
 *   take_along       inputs (a); aux = idx (a's dtype, a's ndim); axis.
 *                    out = a[.., idx[i], ..] along axis, shape of idx.
 *   scatter_along    inputs (src); aux = idx (shape of src); axis;
 *                    ndim/shape = the output shape. out = zeros(shape) with
 *                    src[i] added at [.., idx[i], ..] along axis.
 *   matmul           inputs (a, b), both >= 2-D (1-D operands are turned into
 *                    2-D views by recorded reshapes before the op); batch dims
 *                    broadcast (the rule unbroadcasts). Saves b if a needs
 *                    grad, a if b needs grad.
 *   reshape          ndim/shape = the input's shape (to reshape back).
 *   permute          dims = the permutation (out dim i is input dim dims[i]); ndim.
 *   expand           ndim/shape = the input's shape.
 *   index (SLICE)    ndim/shape = the input ("base") shape; view_ndim/view_shape
 *                    = the output shape; offset/strides = where the view sits
 *                    in a CONTIGUOUS base of that shape (elements). The rule is
 *                    tn_slice_scatter(g, params); slice_scatter's rule is
 *                    tn_slice_view(g, params).
 *   index_backward (SLICE_SCATTER) the same fields as the SLICE it undoes;
 *                    inputs (g).
 *   contiguous       nothing.
 *   to_dtype         dtype = the source dtype.
 *   to_device        device = the source device.
 *   cat              axis (non-negative); sizes[i] = input i's size along axis.
 *   softmax, log_softmax  axis (non-negative; 0 for a 0-d input);
 *                    save_output (both rules read the output).
 *   softmax_backward inputs (g, y); axis; saves both.
 *   in-place x op= v recorded as the op itself (add/sub/mul/div) on inputs
 *                    (old x, v); the old x is a tensor that took over x's
 *                    previous grad_fn, so history is kept.
 */
typedef struct OpParams {
    int axis;                        /* reductions, cat, take_along; TN_ALL_AXES */
    bool keepdim;
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
    /* The rule reads the op's OUTPUT (exp, sqrt, tanh, sigmoid, relu,
     * softmax, log_softmax; pow's is saved by ag_saves_output). ag_record
     * then keeps a detached alias of out (tn_detach: same storage, no
     * grad_fn, so no reference cycle) with its storage version. */
    bool save_output;
} OpParams;

#endif
