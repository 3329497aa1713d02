/* devstubs.c - TEMPORARY weak stubs so that modules link while they are being
 * written in parallel. Every real definition overrides these. Deleted before
 * the foundation lands. */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <stdio.h>
#include <stdlib.h>
#include "../lexer/token.h"
#include "../lexer/lexer.h"
#include "../parser/ast.h"
#include "../parser/parser.h"
#include "../tensor/tensor.h"
#include "../tensor/ops.h"
#include "../autograd/graph.h"
#include "../autograd/autograd.h"
#define STUB(n) do { fprintf(stderr, "mg: %s is not implemented yet\n", n); } while (0)
__attribute__((weak)) TnRuntime tn_rt;
__attribute__((weak)) const char * tok_kind_text(TokenKind k) { STUB("tok_kind_text"); return NULL; }
__attribute__((weak)) void lx_init(Lexer *lx, const Source *src) { STUB("lx_init");  }
__attribute__((weak)) Token lx_next(Lexer *lx) { STUB("lx_next"); Token t = {0}; return t; }
__attribute__((weak)) char * lx_string_value(const Token *t) { STUB("lx_string_value"); return NULL; }
__attribute__((weak)) void ast_print(const Ast *node, FILE *out) { STUB("ast_print");  }
__attribute__((weak)) char * ast_to_string(const Ast *node) { STUB("ast_to_string"); return NULL; }
__attribute__((weak)) const char * ast_kind_name(AstKind k) { STUB("ast_kind_name"); return NULL; }
__attribute__((weak)) ParseResult ps_parse(const Source *src, MgError *err) { if (err) mg_error(err, ERR_VALUE, "ps_parse is not implemented yet"); ParseResult pr = {0}; pr.status = PARSE_ERROR; return pr; }
__attribute__((weak)) void tn_retain(Tensor *t) { STUB("tn_retain");  }
__attribute__((weak)) void tn_release(Tensor *t) { STUB("tn_release");  }
__attribute__((weak)) size_t tn_dtype_size(DType dt) { STUB("tn_dtype_size"); return 0; }
__attribute__((weak)) const char * tn_dtype_name(DType dt) { STUB("tn_dtype_name"); return NULL; }
__attribute__((weak)) const char * tn_device_name(Device d) { STUB("tn_device_name"); return NULL; }
__attribute__((weak)) bool tn_is_contiguous(const Tensor *t) { STUB("tn_is_contiguous"); return false; }
__attribute__((weak)) size_t tn_live_bytes(Device d) { STUB("tn_live_bytes"); return 0; }
__attribute__((weak)) const char * tn_shape_str(const int64_t *shape, int ndim, char *buf, size_t n) { STUB("tn_shape_str"); return NULL; }
__attribute__((weak)) double tn_item(const Tensor *t) { STUB("tn_item"); return 0; }
__attribute__((weak)) double tn_get(const Tensor *t, const int64_t *idx) { STUB("tn_get"); return 0; }
__attribute__((weak)) void tn_to_doubles(const Tensor *t, double *out) { STUB("tn_to_doubles");  }
__attribute__((weak)) Tensor * tn_empty(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_empty is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_from_doubles(const double *vals, const int64_t *shape, int ndim, DType dt, Device dev, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_from_doubles is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_scalar(double v, DType dt, Device dev, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_scalar is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_full(const int64_t *shape, int ndim, double v, DType dt, Device dev, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_full is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_zeros(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_zeros is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_ones(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_ones is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_zeros_like(const Tensor *t, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_zeros_like is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_ones_like(const Tensor *t, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_ones_like is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_arange(double start, double stop, double step, DType dt, Device dev, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_arange is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_linspace(double a, double b, int64_t n, DType dt, Device dev, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_linspace is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_eye(int64_t n, DType dt, Device dev, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_eye is not implemented yet"); return NULL; }
__attribute__((weak)) void tn_seed(uint64_t seed) { STUB("tn_seed");  }
__attribute__((weak)) Tensor * tn_rand(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_rand is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_randn(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_randn is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_detach(Tensor *t) { STUB("tn_detach"); return NULL; }
__attribute__((weak)) Tensor * tn_clone_leaf(Tensor *t, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_clone_leaf is not implemented yet"); return NULL; }
__attribute__((weak)) bool tn_copy_into(Tensor *dst, const Tensor *src, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_copy_into is not implemented yet"); return false; }
__attribute__((weak)) Tensor * tn_add(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_add is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_sub(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_sub is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_mul(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_mul is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_div(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_div is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_pow(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_pow is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_maximum(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_maximum is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_minimum(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_minimum is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_where(Tensor *cond, Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_where is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_eq(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_eq is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_ne(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_ne is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_lt(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_lt is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_le(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_le is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_gt(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_gt is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_ge(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_ge is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_neg(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_neg is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_exp(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_exp is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_log(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_log is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_sqrt(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_sqrt is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_abs(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_abs is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_sin(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_sin is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_cos(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_cos is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_tanh(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_tanh is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_sigmoid(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_sigmoid is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_relu(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_relu is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_sign(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_sign is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_erf(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_erf is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_softplus(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_softplus is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_leaky_relu(Tensor *a, double slope, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_leaky_relu is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_gelu(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_gelu is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_clamp(Tensor *a, double lo, double hi, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_clamp is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_sum(Tensor *a, int axis, bool keepdim, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_sum is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_mean(Tensor *a, int axis, bool keepdim, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_mean is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_max(Tensor *a, int axis, bool keepdim, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_max is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_min(Tensor *a, int axis, bool keepdim, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_min is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_var(Tensor *a, int axis, bool keepdim, bool unbiased, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_var is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_logsumexp(Tensor *a, int axis, bool keepdim, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_logsumexp is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_argmax(Tensor *a, int axis, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_argmax is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_argmin(Tensor *a, int axis, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_argmin is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_any(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_any is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_all(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_all is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_norm(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_norm is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_reshape(Tensor *a, const int64_t *shape, int ndim, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_reshape is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_transpose(Tensor *a, int d0, int d1, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_transpose is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_permute(Tensor *a, const int *dims, int ndim, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_permute is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_flatten(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_flatten is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_squeeze(Tensor *a, int axis, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_squeeze is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_unsqueeze(Tensor *a, int axis, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_unsqueeze is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_expand(Tensor *a, const int64_t *shape, int ndim, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_expand is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_contiguous(Tensor *a, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_contiguous is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_cat(Tensor **ts, int n, int axis, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_cat is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_stack(Tensor **ts, int n, int axis, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_stack is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_index(Tensor *a, const TnIndex *idx, int n, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_index is not implemented yet"); return NULL; }
__attribute__((weak)) bool tn_index_assign(Tensor *a, const TnIndex *idx, int n, Tensor *v, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_index_assign is not implemented yet"); return false; }
__attribute__((weak)) Tensor * tn_matmul(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_matmul is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_dot(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_dot is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_outer(Tensor *a, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_outer is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_softmax(Tensor *a, int axis, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_softmax is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_log_softmax(Tensor *a, int axis, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_log_softmax is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_mse_loss(Tensor *pred, Tensor *target, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_mse_loss is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_bce_loss(Tensor *p, Tensor *y, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_bce_loss is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_bce_with_logits(Tensor *z, Tensor *y, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_bce_with_logits is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_cross_entropy(Tensor *logits, Tensor *classes, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_cross_entropy is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_nll_loss(Tensor *logp, Tensor *classes, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_nll_loss is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_linear(Tensor *x, Tensor *w, Tensor *b, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_linear is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_conv2d(Tensor *x, Tensor *w, Tensor *b, int stride, int padding, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_conv2d is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_max_pool2d(Tensor *x, int k, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_max_pool2d is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_layer_norm(Tensor *x, double eps, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_layer_norm is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_dropout(Tensor *x, double p, bool train, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_dropout is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_one_hot(Tensor *classes, int64_t n, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_one_hot is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_to_dtype(Tensor *a, DType dt, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_to_dtype is not implemented yet"); return NULL; }
__attribute__((weak)) Tensor * tn_to_device(Tensor *a, Device dev, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_to_device is not implemented yet"); return NULL; }
__attribute__((weak)) bool tn_inplace(Tensor *x, char op, Tensor *v, MgError *err) { if (err) mg_error(err, ERR_VALUE, "tn_inplace is not implemented yet"); return false; }
__attribute__((weak)) char * tn_format(const Tensor *t) { STUB("tn_format"); return NULL; }
__attribute__((weak)) const char * op_name(OpKind op) { STUB("op_name"); return NULL; }
__attribute__((weak)) OpFamily op_family(OpKind op) { return FAM_UNARY; }
__attribute__((weak)) void ag_name_tensor(Tensor *t, const char *name) { STUB("ag_name_tensor");  }
__attribute__((weak)) void ag_record(Tensor *out, OpKind op, Tensor **inputs, int n_inputs, const bool *needs_saved, OpParams *params) { STUB("ag_record");  }
__attribute__((weak)) AgNode * ag_edge_for(Tensor *t) { STUB("ag_edge_for"); return NULL; }
__attribute__((weak)) void ag_node_retain(AgNode *n) { STUB("ag_node_retain");  }
__attribute__((weak)) void ag_node_release(AgNode *n) { STUB("ag_node_release");  }
__attribute__((weak)) bool ag_should_record(Tensor **inputs, int n) { STUB("ag_should_record"); return false; }
__attribute__((weak)) bool ag_backward(Tensor *y, Tensor *g, const AgBackwardOpts *opts, MgError *err) { if (err) mg_error(err, ERR_VALUE, "ag_backward is not implemented yet"); return false; }
__attribute__((weak)) bool ag_grads(Tensor *y, Tensor *g, Tensor **xs, int n, const AgBackwardOpts *opts, Tensor **out, MgError *err) { if (err) mg_error(err, ERR_VALUE, "ag_grads is not implemented yet"); return false; }
__attribute__((weak)) Tensor * ag_unbroadcast(Tensor *g, const int64_t *shape, int ndim, MgError *err) { if (err) mg_error(err, ERR_VALUE, "ag_unbroadcast is not implemented yet"); return NULL; }
__attribute__((weak)) bool ag_gradcheck(AgFunc f, void *ctx, Tensor **inputs, int n, const AgCheckOpts *opts, bool *passed, MgError *err) { if (err) mg_error(err, ERR_VALUE, "ag_gradcheck is not implemented yet"); return false; }
__attribute__((weak)) Tensor * ag_numgrad(AgFunc f, void *ctx, Tensor **inputs, int n, int which, double eps, MgError *err) { if (err) mg_error(err, ERR_VALUE, "ag_numgrad is not implemented yet"); return NULL; }
__attribute__((weak)) void ag_print_graph(Tensor *y, FILE *out) { STUB("ag_print_graph");  }
__attribute__((weak)) bool ag_write_dot(Tensor *y, const char *path, MgError *err) { if (err) mg_error(err, ERR_VALUE, "ag_write_dot is not implemented yet"); return false; }
