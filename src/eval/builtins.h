/* builtins.h - the builtins table (SPEC §7).
 *
 * One row per builtin: name, signature, one-line description, C function.
 * help(name) and the prompt's `:help NAME` print the first three; the
 * argument binder reads the signature to match positional and keyword
 * arguments, so a row's signature is also its calling convention:
 *
 *   "sum(x, axis=none, keepdim=false)"   x required; defaults for the others
 *   "zeros(shape..., requires_grad=false, dtype=none, device=none)"
 *                                          shape... collects the remaining
 *                                          positional arguments (BiArgs.rest)
 *
 * Defaults may be none, true, false, a number, an option name or "text".
 * The C functions live in one file per SPEC §7 group (builtins_create.c,
 * builtins_math.c, ...), each exporting a row array ended by {NULL}. Adding
 * a group is one line in EV_BUILTIN_GROUPS below.
 *
 * Argument errors, one wording everywhere:
 *   sum: expected at most 3 arguments, got 4
 *   sum: unknown keyword argument 'axes'
 *   sum: missing argument 'x'
 *   bad argument #1 to 'exp' (tensor or number expected, got string)
 *   zeros: argument 'shape' must be a whole number, got 2.5
 */
#ifndef MG_BUILTINS_H
#define MG_BUILTINS_H
#include "eval.h"

#define BI_MAX_PARAMS 16

typedef struct BiArgs {
    Interp *in;
    const Builtin *bi;
    int n_params;
    const char *param[BI_MAX_PARAMS];  /* names, from the signature */
    Value v[BI_MAX_PARAMS];            /* bound values (defaults filled in), borrowed */
    bool given[BI_MAX_PARAMS];         /* passed by the caller (not a default) */
    Value *rest;                       /* the `name...` parameter's arguments */
    int n_rest;
    int rest_index;                    /* its position, or -1 */
    Span span;                         /* the call */
} BiArgs;

typedef bool (*BuiltinFn)(BiArgs *a, Value *out, MgError *err);

struct Builtin {
    const char *name;
    const char *sig;
    const char *desc;
    BuiltinFn fn;
};

/* The groups, in help order. X(create) refers to `const Builtin bi_group_create[]`. */
#define EV_BUILTIN_GROUPS(X) \
    X(create) X(math) X(reduce) X(shape) X(nn) X(autograd) X(optim) X(device) X(inspect) X(misc) \
    X(plot) \
    X(files)

#define X(g) extern const Builtin bi_group_##g[];
EV_BUILTIN_GROUPS(X)
#undef X

const Builtin *ev_builtin_find(const char *name);
/* Calls fn(ctx, row) for every builtin (help listings, completion). */
void ev_builtin_each(void (*fn)(void *ctx, const Builtin *b), void *ctx);
/* "sum(x, axis=none, keepdim=false)\n  Sum of elements ...\n" */
void ev_builtin_help(const Builtin *b, FILE *out);

/* Bind args (n positional, then keyword names kw[i] != NULL) against b's
 * signature and call it. kw may be NULL (all positional). */
bool ev_builtin_call(Interp *in, const Builtin *b, Value *args, const char **kw, int n,
                     Span span, Value *out, MgError *err);

/* ---- helpers for builtin implementations (builtins.c) ---- */
/* "bad argument #i to 'name' (what expected, got type)"; i is 0-based here. */
bool bi_bad_arg(BiArgs *a, int i, const char *what, Value got, MgError *err);
/* Argument i as a tensor: a tensor (retained), a number or a nested list
 * (made on the default device as f32). New reference or NULL. */
Tensor *bi_tensor(BiArgs *a, int i, MgError *err);
/* A value as a tensor shaped like `like` for numbers (dtype, device of like). */
Tensor *bi_tensor_like(BiArgs *a, int i, const Tensor *like, MgError *err);
bool bi_number(BiArgs *a, int i, double *out, MgError *err);
bool bi_bool(BiArgs *a, int i, bool *out, MgError *err);
/* A whole number (shape, axis, index, count). */
bool bi_whole(BiArgs *a, int i, int64_t *out, MgError *err);
bool bi_whole_value(BiArgs *a, const char *argname, Value v, int64_t *out, MgError *err);
/* An axis argument: none -> TN_ALL_AXES. */
bool bi_axis(BiArgs *a, int i, int *out, MgError *err);
bool bi_is_none(BiArgs *a, int i);

/* Creation options: dtype, device, requires_grad from option values among
 * `extra` (positional) and the keywords dtype/device/requires_grad. */
typedef struct BiOpts { DType dtype; Device device; bool requires_grad; bool has_dtype, has_device; } BiOpts;
bool bi_options(BiArgs *a, Value *extra, int n_extra, BiOpts *o, MgError *err);
/* A shape from values: numbers or one list (`zeros(2, 3)` = `zeros([2, 3])`).
 * Option values among them are applied to opts (NULL: options are an error).
 * argname names the argument in messages; minus_one allows one -1 (reshape). */
bool bi_shape(BiArgs *a, const char *argname, Value *vals, int n, int64_t *shape, int *ndim,
              BiOpts *opts, bool minus_one, MgError *err);
/* A tensor from a number, a bool, a tensor or a nested list of numbers
 * (ragged lists are an error). New reference. */
Tensor *bi_tensor_from_value(const char *fname, Value v, DType dt, Device dev, MgError *err);

/* Wrap a result tensor (NULL -> false). */
bool bi_ret_tensor(Tensor *t, Value *out);
/* Set tn_rt.cur_span to the call before tensor ops. */
void bi_mark(BiArgs *a);

/* The whole body of most builtins over tensors: argument 0 as a tensor
 * (bi_tensor), the call marked, one tn_* op, the conversions released and
 * the result wrapped. A builtin parses its other arguments first, then
 * returns one of these:
 *   bi_apply(a, tn_flatten, out, err)            op(x)
 *   bi_apply_int(a, tn_softmax, axis, out, err)  op(x, n): an axis, a window size
 *   bi_apply_pair(a, tn_mse_loss, out, err)      op(x, y); a number y becomes a
 *                                                0-d tensor of x's dtype and device */
typedef Tensor *(*BiOp)(Tensor *x, MgError *err);
typedef Tensor *(*BiIntOp)(Tensor *x, int n, MgError *err);
typedef Tensor *(*BiPairOp)(Tensor *x, Tensor *y, MgError *err);
bool bi_apply(BiArgs *a, BiOp op, Value *out, MgError *err);
bool bi_apply_int(BiArgs *a, BiIntOp op, int n, Value *out, MgError *err);
bool bi_apply_pair(BiArgs *a, BiPairOp op, Value *out, MgError *err);

#endif
