/* builtins_math.c - elementwise functions and linear algebra (SPEC §7
 * "elementwise", "linear algebra"). Given plain numbers, elementwise
 * builtins compute in double and return numbers: exp(1) is 2.718281828459045. */
#include "builtins.h"
#include <math.h>

typedef Tensor *(*TnUnary)(Tensor *a, MgError *err);
typedef Tensor *(*TnBinary)(Tensor *a, Tensor *b, MgError *err);

static bool unary(BiArgs *a, TnUnary tn, double (*num)(double), Value *out, MgError *err) {
    Value x = a->v[0];
    if (x.type == VAL_NUMBER || x.type == VAL_BOOL) {
        *out = ev_number(num(x.type == VAL_BOOL ? x.as.b : x.as.num));
        return true;
    }
    if (x.type != VAL_TENSOR) return bi_bad_arg(a, 0, "tensor or number", x, err);
    bi_mark(a);
    return bi_ret_tensor(tn(x.as.tensor, err), out);
}

static double d_neg(double x) { return -x; }
static double d_sigmoid(double x) { return x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)); }
static double d_relu(double x) { return x > 0 ? x : 0; }
static double d_sign(double x) { return x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : x; }   /* -0 -> 0, nan stays */
static double d_gelu(double x) { return 0.5 * x * (1 + erf(x / sqrt(2.0))); }
static double d_softplus(double x) { return log1p(exp(-fabs(x))) + (x > 0 ? x : 0); }

#define UNARY_BUILTIN(NAME, TN, NUM) \
    static bool bi_##NAME(BiArgs *a, Value *out, MgError *err) { return unary(a, TN, NUM, out, err); }
UNARY_BUILTIN(neg, tn_neg, d_neg)
UNARY_BUILTIN(exp, tn_exp, exp)
UNARY_BUILTIN(log, tn_log, log)
UNARY_BUILTIN(sqrt, tn_sqrt, sqrt)
UNARY_BUILTIN(abs, tn_abs, fabs)
UNARY_BUILTIN(sin, tn_sin, sin)
UNARY_BUILTIN(cos, tn_cos, cos)
UNARY_BUILTIN(tanh, tn_tanh, tanh)
UNARY_BUILTIN(sigmoid, tn_sigmoid, d_sigmoid)
UNARY_BUILTIN(relu, tn_relu, d_relu)
UNARY_BUILTIN(sign, tn_sign, d_sign)
UNARY_BUILTIN(gelu, tn_gelu, d_gelu)
UNARY_BUILTIN(erf, tn_erf, erf)
UNARY_BUILTIN(softplus, tn_softplus, d_softplus)

static bool bi_leaky_relu(BiArgs *a, Value *out, MgError *err) {
    double slope;
    if (!bi_number(a, 1, &slope, err)) return false;
    Value x = a->v[0];
    if (x.type == VAL_NUMBER) { *out = ev_number(x.as.num > 0 ? x.as.num : slope * x.as.num); return true; }
    if (x.type != VAL_TENSOR) return bi_bad_arg(a, 0, "tensor or number", x, err);
    bi_mark(a);
    return bi_ret_tensor(tn_leaky_relu(x.as.tensor, slope, err), out);
}

/* clamp with a tensor bound: every operand a tensor (a number as a 0-d
 * tensor like the first tensor), broadcast together, as torch.clamp. */
static bool clamp_tensors(BiArgs *a, Value *out, MgError *err) {
    const Tensor *like = NULL;
    for (int i = 0; i < 3 && !like; i++)
        if (a->v[i].type == VAL_TENSOR) like = a->v[i].as.tensor;
    Tensor *t[3] = { NULL, NULL, NULL };
    bool ok = true;
    for (int i = 0; i < 3 && ok; i++)
        if (i == 0 || !bi_is_none(a, i)) ok = (t[i] = bi_tensor_like(a, i, like, err)) != NULL;
    Tensor *r = NULL;
    if (ok) {
        bi_mark(a);
        r = tn_clamp_tensors(t[0], t[1], t[2], err);
    }
    for (int i = 0; i < 3; i++) tn_release(t[i]);
    return ok && bi_ret_tensor(r, out);
}

static bool bi_clamp(BiArgs *a, Value *out, MgError *err) {
    if (a->v[1].type == VAL_TENSOR || a->v[2].type == VAL_TENSOR) return clamp_tensors(a, out, err);
    double lo = -INFINITY, hi = INFINITY;
    if (!bi_is_none(a, 1) && !bi_number(a, 1, &lo, err)) return false;
    if (!bi_is_none(a, 2) && !bi_number(a, 2, &hi, err)) return false;
    Value x = a->v[0];
    if (x.type == VAL_NUMBER) { *out = ev_number(x.as.num < lo ? lo : x.as.num > hi ? hi : x.as.num); return true; }
    if (x.type != VAL_TENSOR) return bi_bad_arg(a, 0, "tensor or number", x, err);
    bi_mark(a);
    return bi_ret_tensor(tn_clamp(x.as.tensor, lo, hi, err), out);
}

/* Two operands: numbers stay numbers; a number beside a tensor becomes a
 * 0-d tensor of that tensor's dtype and device. */
static bool binary(BiArgs *a, TnBinary tn, double (*num)(double, double), Value *out, MgError *err) {
    Value x = a->v[0], y = a->v[1];
    if (x.type == VAL_NUMBER && y.type == VAL_NUMBER && num) { *out = ev_number(num(x.as.num, y.as.num)); return true; }
    const Tensor *like = x.type == VAL_TENSOR ? x.as.tensor : y.type == VAL_TENSOR ? y.as.tensor : NULL;
    Tensor *tx = like ? bi_tensor_like(a, 0, like, err) : bi_tensor(a, 0, err);
    if (!tx) return false;
    Tensor *ty = bi_tensor_like(a, 1, tx, err);
    if (!ty) { tn_release(tx); return false; }
    bi_mark(a);
    Tensor *r = tn(tx, ty, err);
    tn_release(tx);
    tn_release(ty);
    return bi_ret_tensor(r, out);
}

/* nan propagates, as in the tensor kernels */
static double d_max(double x, double y) { return x != x || x >= y ? x : y; }
static double d_min(double x, double y) { return x != x || x <= y ? x : y; }

static bool bi_pow(BiArgs *a, Value *out, MgError *err) { return binary(a, tn_pow, pow, out, err); }
static bool bi_maximum(BiArgs *a, Value *out, MgError *err) { return binary(a, tn_maximum, d_max, out, err); }
static bool bi_minimum(BiArgs *a, Value *out, MgError *err) { return binary(a, tn_minimum, d_min, out, err); }
static bool bi_matmul(BiArgs *a, Value *out, MgError *err) { return binary(a, tn_matmul, NULL, out, err); }
static bool bi_outer(BiArgs *a, Value *out, MgError *err) { return binary(a, tn_outer, NULL, out, err); }

static bool bi_where(BiArgs *a, Value *out, MgError *err) {
    Value cv = a->v[0], xv = a->v[1], yv = a->v[2];
    if ((cv.type == VAL_BOOL || cv.type == VAL_NUMBER) && xv.type == VAL_NUMBER && yv.type == VAL_NUMBER) {
        bool pick = cv.type == VAL_BOOL ? cv.as.b : cv.as.num != 0;
        *out = ev_number(pick ? xv.as.num : yv.as.num);
        return true;
    }
    const Tensor *like = NULL;
    for (int i = 1; i < 3 && !like; i++)
        if (a->v[i].type == VAL_TENSOR) like = a->v[i].as.tensor;
    Tensor *c = bi_tensor(a, 0, err);
    if (!c) return false;
    if (!like) like = c;
    Tensor *x = bi_tensor_like(a, 1, like, err);
    Tensor *y = x ? bi_tensor_like(a, 2, like, err) : NULL;
    Tensor *r = NULL;
    if (x && y) {
        bi_mark(a);
        r = tn_where(c, x, y, err);
    }
    tn_release(c);
    tn_release(x);
    tn_release(y);
    return bi_ret_tensor(r, out);
}

const Builtin bi_group_math[] = {
    {"neg", "neg(x)", "-x elementwise", bi_neg},
    {"exp", "exp(x)", "e**x elementwise", bi_exp},
    {"log", "log(x)", "Natural logarithm elementwise", bi_log},
    {"sqrt", "sqrt(x)", "Square root elementwise", bi_sqrt},
    {"abs", "abs(x)", "Absolute value elementwise (gradient 0 at 0)", bi_abs},
    {"sin", "sin(x)", "Sine elementwise", bi_sin},
    {"cos", "cos(x)", "Cosine elementwise", bi_cos},
    {"tanh", "tanh(x)", "Hyperbolic tangent elementwise", bi_tanh},
    {"sigmoid", "sigmoid(x)", "1 / (1 + exp(-x)) elementwise, numerically stable", bi_sigmoid},
    {"relu", "relu(x)", "max(x, 0) elementwise (gradient 0 at 0)", bi_relu},
    {"leaky_relu", "leaky_relu(x, slope=0.01)", "x where x > 0, else slope * x", bi_leaky_relu},
    {"gelu", "gelu(x)", "x * Phi(x) elementwise (exact erf form)", bi_gelu},
    {"erf", "erf(x)", "The error function elementwise", bi_erf},
    {"softplus", "softplus(x)", "log(1 + exp(x)) elementwise, numerically stable", bi_softplus},
    {"sign", "sign(x)", "-1, 0 or 1 elementwise (no gradient)", bi_sign},
    {"pow", "pow(x, p)", "x ** p elementwise", bi_pow},
    {"clamp", "clamp(x, lo=none, hi=none)", "Limit x to [lo, hi]; gradient passes where lo <= x <= hi", bi_clamp},
    {"maximum", "maximum(a, b)", "Elementwise maximum (gradient to a where a >= b)", bi_maximum},
    {"minimum", "minimum(a, b)", "Elementwise minimum (gradient to a where a <= b)", bi_minimum},
    {"where", "where(cond, a, b)", "a where cond is nonzero, else b", bi_where},
    {"matmul", "matmul(a, b)", "Matrix product as torch.matmul (1-D, 2-D, batched); also a @ b", bi_matmul},
    {"outer", "outer(a, b)", "Outer product of two vectors", bi_outer},
    {NULL, NULL, NULL, NULL},
};
