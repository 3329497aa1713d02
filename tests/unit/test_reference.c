/* test_reference.c - every differentiable op against PyTorch.
 *
 * tests/reference/GROUP.txt (written once by scripts/gen_reference.py, whose
 * header documents the format) hold, per case, the inputs, torch's forward
 * output and torch's gradient of L = sum(out * w) for a fixed w. Each case
 * is run through the mg op named in its header (the table `ops` below):
 *   - in f64 and in f32 (inputs rounded to f32, looser tolerances): the
 *     forward output and ag_grads of L are compared with torch's;
 *   - in f64, ag_gradcheck compares the analytical Jacobian with finite
 *     differences (unless the case is marked gradcheck 0: kinks, nan).
 * One line is printed per failing case (op, case, dtype, max error); each
 * test asserts that no case of its file failed. Run from the repo root. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tensor/tensor.h"
#include "autograd/autograd.h"
#include "util/alloc.h"

#define MAX_IN 4
#define MAX_PARAMS 8
#define MAX_VIEWS 4

/* ---- the data -------------------------------------------------------------- */

typedef struct Line {            /* one line of a file, split at whitespace */
    char **tok;
    int n;
} Line;

typedef struct RefTensor {
    int ndim;
    int64_t shape[TN_MAX_DIMS];
    int64_t numel;
    double *v;
} RefTensor;

typedef struct RefInput {
    RefTensor base;
    bool grad;
    int nviews;
    Line views[MAX_VIEWS];       /* "transpose 0 1", "index s 0 _ 2", "expand 2 3 4" */
} RefInput;

typedef struct RefCase {
    const char *op, *name;
    int nparams;
    Line params[MAX_PARAMS];     /* key first: "axis -1" */
    bool gradcheck;
    int nin;
    RefInput in[MAX_IN];
    RefTensor weight, out;
    int ngrads;
    RefTensor grads[MAX_IN];
} RefCase;

typedef struct RefFile {
    char *text;                  /* owns every token */
    Line *lines;
    int nlines;
    RefCase *cases;
    int ncases;
} RefFile;

static Line split(char *s) {
    int cap = 16;
    Line l = {mg_malloc((size_t)cap * sizeof(char *)), 0};
    for (char *save = NULL, *t = strtok_r(s, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
        if (l.n == cap) l.tok = mg_realloc(l.tok, (size_t)(cap *= 2) * sizeof(char *));
        l.tok[l.n++] = t;
    }
    return l;
}

/* "NDIM D1..Dn" starting at tok[at], then the values on the next line */
static bool read_tensor(const Line *head, int at, const Line *vals, RefTensor *t) {
    if (head->n < at + 1) return false;
    t->ndim = atoi(head->tok[at]);
    if (t->ndim < 0 || t->ndim > TN_MAX_DIMS || head->n != at + 1 + t->ndim) return false;
    t->numel = 1;
    for (int d = 0; d < t->ndim; d++) t->numel *= (t->shape[d] = atoll(head->tok[at + 1 + d]));
    if (vals->n != t->numel) return false;
    t->v = mg_malloc((size_t)t->numel * sizeof(double));
    for (int64_t i = 0; i < t->numel; i++) t->v[i] = strtod(vals->tok[i], NULL);
    return true;
}

static bool is(const Line *l, const char *word) { return l->n > 0 && strcmp(l->tok[0], word) == 0; }

static bool load_file(const char *path, RefFile *f) {
    memset(f, 0, sizeof *f);
    FILE *fp = fopen(path, "rb");
    if (!fp) return false;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    f->text = mg_malloc((size_t)n + 1);
    size_t got = fread(f->text, 1, (size_t)n, fp);
    fclose(fp);
    f->text[got] = '\0';
    int cap = 1024;
    f->lines = mg_malloc((size_t)cap * sizeof(Line));
    for (char *save = NULL, *s = strtok_r(f->text, "\n", &save); s; s = strtok_r(NULL, "\n", &save)) {
        if (s[0] == '#') continue;
        Line l = split(s);
        if (l.n == 0) { mg_free(l.tok); continue; }
        if (f->nlines == cap) f->lines = mg_realloc(f->lines, (size_t)(cap *= 2) * sizeof(Line));
        f->lines[f->nlines++] = l;
    }
    int ccap = 64;
    f->cases = mg_calloc((size_t)ccap, sizeof(RefCase));
    for (int i = 0; i < f->nlines;) {
        const Line *l = &f->lines[i];
        if (!is(l, "case") || l->n != 3) return false;
        if (f->ncases == ccap) {
            f->cases = mg_realloc(f->cases, (size_t)(ccap * 2) * sizeof(RefCase));
            memset(f->cases + ccap, 0, (size_t)ccap * sizeof(RefCase));
            ccap *= 2;
        }
        RefCase *c = &f->cases[f->ncases++];
        c->op = l->tok[1];
        c->name = l->tok[2];
        for (i++; i < f->nlines && !is(&f->lines[i], "end"); i++) {
            l = &f->lines[i];
            const Line *next = i + 1 < f->nlines ? &f->lines[i + 1] : NULL;
            if (is(l, "param") && c->nparams < MAX_PARAMS) {
                c->params[c->nparams++] = (Line){l->tok + 1, l->n - 1};
            } else if (is(l, "gradcheck")) {
                c->gradcheck = l->n > 1 && atoi(l->tok[1]) != 0;
            } else if (is(l, "input") && c->nin < MAX_IN && next) {
                RefInput *in = &c->in[c->nin++];
                in->grad = atoi(l->tok[1]) != 0;
                if (!read_tensor(l, 2, next, &in->base)) return false;
                i++;
            } else if (is(l, "view") && c->nin > 0 && c->in[c->nin - 1].nviews < MAX_VIEWS) {
                RefInput *in = &c->in[c->nin - 1];
                in->views[in->nviews++] = (Line){l->tok + 1, l->n - 1};
            } else if (is(l, "weight") && next) {
                if (!read_tensor(l, 1, next, &c->weight)) return false;
                i++;
            } else if (is(l, "out") && next) {
                if (!read_tensor(l, 1, next, &c->out)) return false;
                i++;
            } else if (is(l, "grad") && c->ngrads < MAX_IN && next) {
                if (!read_tensor(l, 1, next, &c->grads[c->ngrads++])) return false;
                i++;
            } else {
                return false;
            }
        }
        i++;   /* "end" */
    }
    return true;
}

static void free_file(RefFile *f) {
    for (int k = 0; k < f->ncases; k++) {
        RefCase *c = &f->cases[k];
        for (int i = 0; i < c->nin; i++) mg_free(c->in[i].base.v);
        for (int i = 0; i < c->ngrads; i++) mg_free(c->grads[i].v);
        mg_free(c->weight.v);
        mg_free(c->out.v);
    }
    for (int i = 0; i < f->nlines; i++) mg_free(f->lines[i].tok);
    mg_free(f->cases);
    mg_free(f->lines);
    mg_free(f->text);
}

/* ---- parameters ------------------------------------------------------------- */

static const Line *param(const RefCase *c, const char *key) {
    for (int i = 0; i < c->nparams; i++)
        if (strcmp(c->params[i].tok[0], key) == 0) return &c->params[i];
    return NULL;
}

static double p_double(const RefCase *c, const char *key, double def) {
    const Line *l = param(c, key);
    return l && l->n > 1 ? strtod(l->tok[1], NULL) : def;
}

static int p_int(const RefCase *c, const char *key, int def) { return (int)p_double(c, key, def); }
static bool p_bool(const RefCase *c, const char *key, bool def) { return p_double(c, key, def) != 0; }

static int p_axis(const RefCase *c, const char *key, int def) {
    const Line *l = param(c, key);
    if (!l || l->n < 2) return def;
    return strcmp(l->tok[1], "none") == 0 ? TN_ALL_AXES : atoi(l->tok[1]);
}

/* the numbers after the key */
static int p_list(const RefCase *c, const char *key, int64_t *out) {
    const Line *l = param(c, key);
    int n = 0;
    for (int i = 1; l && i < l->n && n < TN_MAX_DIMS; i++) out[n++] = atoll(l->tok[i]);
    return n;
}

/* "i N" / "s START STOP STEP" entries ("_": omitted) */
static int parse_index(char **tok, int ntok, TnIndex *out) {
    int n = 0;
    for (int i = 0; i < ntok && n < TN_MAX_DIMS;) {
        TnIndex ix = {0};
        if (strcmp(tok[i], "i") == 0) {
            ix.index = atoll(tok[i + 1]);
            i += 2;
        } else {
            ix.is_slice = true;
            ix.has_start = strcmp(tok[i + 1], "_") != 0;
            ix.has_stop = strcmp(tok[i + 2], "_") != 0;
            ix.start = ix.has_start ? atoll(tok[i + 1]) : 0;
            ix.stop = ix.has_stop ? atoll(tok[i + 2]) : 0;
            ix.step = strcmp(tok[i + 3], "_") != 0 ? atoll(tok[i + 3]) : 1;
            i += 4;
        }
        out[n++] = ix;
    }
    return n;
}

/* ---- the op table: name -> the mg call --------------------------------------- */

typedef Tensor *(*RefOpFn)(const RefCase *c, Tensor **x, int n, MgError *err);

#define BINARY(NAME) \
    static Tensor *op_##NAME(const RefCase *c, Tensor **x, int n, MgError *err) { \
        (void)c; (void)n; return tn_##NAME(x[0], x[1], err); }
#define UNARY(NAME) \
    static Tensor *op_##NAME(const RefCase *c, Tensor **x, int n, MgError *err) { \
        (void)c; (void)n; return tn_##NAME(x[0], err); }
#define REDUCE(NAME) \
    static Tensor *op_##NAME(const RefCase *c, Tensor **x, int n, MgError *err) { \
        (void)n; return tn_##NAME(x[0], p_axis(c, "axis", TN_ALL_AXES), p_bool(c, "keepdim", false), err); }
#define AXIS(NAME) \
    static Tensor *op_##NAME(const RefCase *c, Tensor **x, int n, MgError *err) { \
        (void)n; return tn_##NAME(x[0], p_axis(c, "axis", -1), err); }
#define MULTI(NAME) \
    static Tensor *op_##NAME(const RefCase *c, Tensor **x, int n, MgError *err) { \
        return tn_##NAME(x, n, p_axis(c, "axis", 0), err); }

BINARY(add) BINARY(sub) BINARY(mul) BINARY(div) BINARY(pow) BINARY(maximum) BINARY(minimum)
BINARY(matmul) BINARY(dot) BINARY(outer) BINARY(mse_loss) BINARY(bce_loss) BINARY(bce_with_logits)
BINARY(cross_entropy) BINARY(nll_loss)
UNARY(neg) UNARY(exp) UNARY(log) UNARY(sqrt) UNARY(abs) UNARY(sin) UNARY(cos) UNARY(tanh)
UNARY(sigmoid) UNARY(relu) UNARY(gelu) UNARY(norm) UNARY(flatten) UNARY(contiguous)
REDUCE(sum) REDUCE(mean) REDUCE(max) REDUCE(min) REDUCE(logsumexp)
AXIS(softmax) AXIS(log_softmax) AXIS(squeeze) AXIS(unsqueeze)
MULTI(cat) MULTI(stack)

static Tensor *op_where(const RefCase *c, Tensor **x, int n, MgError *err) {
    (void)c; (void)n;
    return tn_where(x[0], x[1], x[2], err);
}
static Tensor *op_leaky_relu(const RefCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    return tn_leaky_relu(x[0], p_double(c, "slope", 0.01), err);
}
static Tensor *op_clamp(const RefCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    return tn_clamp(x[0], p_double(c, "lo", -INFINITY), p_double(c, "hi", INFINITY), err);
}
static Tensor *op_var(const RefCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    return tn_var(x[0], p_axis(c, "axis", TN_ALL_AXES), p_bool(c, "keepdim", false),
                  p_bool(c, "unbiased", true), err);
}
static Tensor *op_reshape(const RefCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    int64_t shape[TN_MAX_DIMS];
    int nd = p_list(c, "shape", shape);
    return tn_reshape(x[0], shape, nd, err);
}
static Tensor *op_expand(const RefCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    int64_t shape[TN_MAX_DIMS];
    int nd = p_list(c, "shape", shape);
    return tn_expand(x[0], shape, nd, err);
}
static Tensor *op_transpose(const RefCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    return tn_transpose(x[0], p_int(c, "d0", 0), p_int(c, "d1", 1), err);
}
static Tensor *op_permute(const RefCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    int64_t d64[TN_MAX_DIMS];
    int dims[TN_MAX_DIMS], nd = p_list(c, "dims", d64);
    for (int i = 0; i < nd; i++) dims[i] = (int)d64[i];
    return tn_permute(x[0], dims, nd, err);
}
static Tensor *op_index(const RefCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    const Line *l = param(c, "index");
    TnIndex ix[TN_MAX_DIMS];
    int ni = l ? parse_index(l->tok + 1, l->n - 1, ix) : 0;
    return tn_index(x[0], ix, ni, err);
}
static Tensor *op_linear(const RefCase *c, Tensor **x, int n, MgError *err) {
    (void)c;
    return tn_linear(x[0], x[1], n > 2 ? x[2] : NULL, err);
}
static Tensor *op_conv2d(const RefCase *c, Tensor **x, int n, MgError *err) {
    return tn_conv2d(x[0], x[1], n > 2 ? x[2] : NULL, p_int(c, "stride", 1), p_int(c, "padding", 0), err);
}
static Tensor *op_max_pool2d(const RefCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    return tn_max_pool2d(x[0], p_int(c, "k", 2), err);
}
static Tensor *op_layer_norm(const RefCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    return tn_layer_norm(x[0], p_double(c, "eps", 1e-5), err);
}

/* Tolerances: |mg - torch| <= tol * (1 + |torch|) for every element. f64
 * runs the same math in the same precision (observed errors < 1e-13); f32
 * rounds the inputs to f32 and computes in f32 (observed < 1e-6). Ops that
 * sum many products or subtract a mean get more room in f32, since BLAS and
 * reduction order differ between machines. A zero means the default. */
typedef struct OpRow {
    const char *name;
    RefOpFn fn;
    double f64_tol, f32_tol;
} OpRow;

#define F64_TOL 1e-10
#define F32_TOL 1e-5

static const OpRow ops[] = {
    {"add", op_add, 0, 0}, {"sub", op_sub, 0, 0}, {"mul", op_mul, 0, 0}, {"div", op_div, 0, 0},
    {"pow", op_pow, 0, 0}, {"maximum", op_maximum, 0, 0}, {"minimum", op_minimum, 0, 0},
    {"where", op_where, 0, 0}, {"neg", op_neg, 0, 0}, {"exp", op_exp, 0, 0}, {"log", op_log, 0, 0},
    {"sqrt", op_sqrt, 0, 0}, {"abs", op_abs, 0, 0}, {"sin", op_sin, 0, 0}, {"cos", op_cos, 0, 0},
    {"tanh", op_tanh, 0, 0}, {"sigmoid", op_sigmoid, 0, 0}, {"relu", op_relu, 0, 0},
    {"leaky_relu", op_leaky_relu, 0, 0}, {"gelu", op_gelu, 0, 0}, {"clamp", op_clamp, 0, 0},
    {"sum", op_sum, 0, 0}, {"mean", op_mean, 0, 0}, {"max", op_max, 0, 0}, {"min", op_min, 0, 0},
    {"var", op_var, 0, 1e-4}, {"logsumexp", op_logsumexp, 0, 0}, {"norm", op_norm, 0, 0},
    {"reshape", op_reshape, 0, 0}, {"transpose", op_transpose, 0, 0}, {"permute", op_permute, 0, 0},
    {"flatten", op_flatten, 0, 0}, {"squeeze", op_squeeze, 0, 0}, {"unsqueeze", op_unsqueeze, 0, 0},
    {"expand", op_expand, 0, 0}, {"contiguous", op_contiguous, 0, 0}, {"cat", op_cat, 0, 0},
    {"stack", op_stack, 0, 0}, {"index", op_index, 0, 0}, {"matmul", op_matmul, 0, 1e-4},
    {"dot", op_dot, 0, 0}, {"outer", op_outer, 0, 0}, {"softmax", op_softmax, 0, 0},
    {"log_softmax", op_log_softmax, 0, 0}, {"mse_loss", op_mse_loss, 0, 0},
    {"bce_loss", op_bce_loss, 0, 0}, {"bce_with_logits", op_bce_with_logits, 0, 0},
    {"cross_entropy", op_cross_entropy, 0, 0}, {"nll_loss", op_nll_loss, 0, 0},
    {"linear", op_linear, 0, 1e-4}, {"conv2d", op_conv2d, 0, 1e-4}, {"max_pool2d", op_max_pool2d, 0, 0},
    {"layer_norm", op_layer_norm, 0, 1e-4},
};
#define N_OPS ((int)(sizeof ops / sizeof ops[0]))

static const OpRow *find_op(const char *name) {
    for (int i = 0; i < N_OPS; i++)
        if (strcmp(ops[i].name, name) == 0) return &ops[i];
    return NULL;
}

/* ---- running a case ---------------------------------------------------------- */

static Tensor *apply_view(Tensor *t, const Line *v, MgError *err) {
    if (strcmp(v->tok[0], "transpose") == 0)
        return tn_transpose(t, atoi(v->tok[1]), atoi(v->tok[2]), err);
    if (strcmp(v->tok[0], "index") == 0) {
        TnIndex ix[TN_MAX_DIMS];
        int n = parse_index(v->tok + 1, v->n - 1, ix);
        return tn_index(t, ix, n, err);
    }
    int64_t shape[TN_MAX_DIMS];
    int nd = atoi(v->tok[1]);
    for (int d = 0; d < nd; d++) shape[d] = atoll(v->tok[2 + d]);
    return tn_expand(t, shape, nd, err);
}

/* The function of the case's leaves: views, then the op (an AgFunc, so
 * gradcheck can call it too). */
static Tensor *run_case(void *ctx, Tensor **leaves, int n, MgError *err) {
    const RefCase *c = ctx;
    Tensor *args[MAX_IN] = {0};
    Tensor *out = NULL;
    bool ok = true;
    for (int i = 0; i < n && ok; i++) {
        args[i] = leaves[i];
        tn_retain(args[i]);
        for (int v = 0; v < c->in[i].nviews && ok; v++) {
            Tensor *view = apply_view(args[i], &c->in[i].views[v], err);
            tn_release(args[i]);
            ok = (args[i] = view) != NULL;
        }
    }
    if (ok) out = find_op(c->op)->fn(c, args, n, err);
    for (int i = 0; i < n; i++) tn_release(args[i]);
    return out;
}

static Tensor *make(const RefTensor *r, DType dt, MgError *err) {
    return tn_from_doubles(r->v, r->shape, r->ndim, dt, DEV_CPU, err);
}

/* Largest violation of |a - e| <= tol * (1 + |e|) as a ratio to the
 * allowance (<= 1 passes); nan matches nan, inf matches the same inf. */
static double compare(const Tensor *got, const RefTensor *want, double tol, double *max_abs,
                      char *why, size_t nwhy) {
    *max_abs = 0;
    if (got->ndim != want->ndim || got->numel != want->numel) {
        char a[128], b[128];
        snprintf(why, nwhy, "shape %s, expected %s", tn_shape_str(got->shape, got->ndim, a, sizeof a),
                 tn_shape_str(want->shape, want->ndim, b, sizeof b));
        return INFINITY;
    }
    for (int d = 0; d < got->ndim; d++)
        if (got->shape[d] != want->shape[d]) {
            snprintf(why, nwhy, "shape mismatch");
            return INFINITY;
        }
    double *v = mg_malloc((size_t)got->numel * sizeof(double) + 1);
    tn_to_doubles(got, v);
    double worst = 0;
    for (int64_t i = 0; i < got->numel; i++) {
        double a = v[i], e = want->v[i], r;
        if (isnan(e) || isnan(a)) r = isnan(e) && isnan(a) ? 0 : INFINITY;
        else if (isinf(e) || isinf(a)) r = a == e ? 0 : INFINITY;
        else {
            double diff = fabs(a - e);
            if (diff > *max_abs) *max_abs = diff;
            r = diff / (tol * (1 + fabs(e)));
        }
        if (r > worst) {
            worst = r;
            snprintf(why, nwhy, "element %lld: got %.9g, expected %.9g", (long long)i, a, e);
        }
    }
    mg_free(v);
    return worst;
}

/* Runs one case in dtype dt; prints a line and returns false on failure. */
static bool check_case(const RefCase *c, DType dt) {
    const OpRow *row = find_op(c->op);
    double tol = dt == DT_F64 ? (row->f64_tol ? row->f64_tol : F64_TOL)
                              : (row->f32_tol ? row->f32_tol : F32_TOL);
    const char *dn = dt == DT_F64 ? "f64" : "f32";
    MgError err = {0};
    Tensor *leaves[MAX_IN] = {0}, *wanted[MAX_IN] = {0}, *grads[MAX_IN] = {0};
    Tensor *out = NULL, *w = NULL, *prod = NULL, *loss = NULL;
    int nwanted = 0;
    bool ok = true;
    char why[256] = "";
    double max_abs;
    for (int i = 0; i < c->nin && ok; i++) {
        ok = (leaves[i] = make(&c->in[i].base, dt, &err)) != NULL;
        if (ok && c->in[i].grad) {
            leaves[i]->requires_grad = true;
            wanted[nwanted++] = leaves[i];
        }
    }
    if (ok && !(out = run_case((void *)c, leaves, c->nin, &err))) ok = false;
    if (!ok) {
        printf("FAIL %s/%s %s: error: %s\n", c->op, c->name, dn, err.msg);
        goto done;
    }
    double r = compare(out, &c->out, tol, &max_abs, why, sizeof why);
    if (r > 1) {
        printf("FAIL %s/%s %s forward: max |diff| %.3g (%s)\n", c->op, c->name, dn, max_abs, why);
        ok = false;
        goto done;
    }
    if (nwanted == 0) goto done;
    AgBackwardOpts opts = {0};
    if (!(w = make(&c->weight, dt, &err)) || !(prod = tn_mul(out, w, &err)) ||
        !(loss = tn_sum(prod, TN_ALL_AXES, false, &err)) ||
        !ag_grads(loss, NULL, wanted, nwanted, &opts, grads, &err)) {
        printf("FAIL %s/%s %s backward: error: %s\n", c->op, c->name, dn, err.msg);
        ok = false;
        goto done;
    }
    for (int i = 0; i < nwanted && ok; i++) {
        r = compare(grads[i], &c->grads[i], tol, &max_abs, why, sizeof why);
        if (r > 1) {
            printf("FAIL %s/%s %s grad of input %d: max |diff| %.3g (%s)\n", c->op, c->name, dn,
                   i, max_abs, why);
            ok = false;
        }
    }
done:
    for (int i = 0; i < MAX_IN; i++) {
        tn_release(leaves[i]);
        tn_release(grads[i]);
    }
    tn_release(out);
    tn_release(w);
    tn_release(prod);
    tn_release(loss);
    return ok;
}

static bool gradcheck_case(const RefCase *c) {
    MgError err = {0};
    Tensor *leaves[MAX_IN] = {0};
    bool ok = true, passed = false, any_grad = false;
    for (int i = 0; i < c->nin && ok; i++) {
        ok = (leaves[i] = make(&c->in[i].base, DT_F64, &err)) != NULL;
        if (ok) any_grad |= leaves[i]->requires_grad = c->in[i].grad;
    }
    if (ok && any_grad) {
        AgCheckOpts opts = {.eps = 1e-6, .atol = 1e-5, .rtol = 1e-3, .verbose = false, .out = stdout};
        ok = ag_gradcheck(run_case, (void *)c, leaves, c->nin, &opts, &passed, &err);
        if (!ok) printf("FAIL %s/%s gradcheck: error: %s\n", c->op, c->name, err.msg);
        else if (!passed) printf("FAIL %s/%s gradcheck: analytical and numerical Jacobians differ\n",
                                 c->op, c->name);
        ok = ok && passed;
    }
    for (int i = 0; i < MAX_IN; i++) tn_release(leaves[i]);
    return ok;
}

/* ---- the tests ---------------------------------------------------------------- */

static const char *files[] = {"elementwise", "reduce", "shape", "linalg", "nn", "conv"};
#define N_FILES ((int)(sizeof files / sizeof files[0]))

static void load(int i, RefFile *f) {
    char path[256];
    snprintf(path, sizeof path, "tests/reference/%s.txt", files[i]);
    ck_assert_msg(load_file(path, f), "cannot read or parse %s (run from the repo root)", path);
    ck_assert_int_gt(f->ncases, 0);
    for (int k = 0; k < f->ncases; k++)
        ck_assert_msg(find_op(f->cases[k].op), "%s: no table row for op %s", path, f->cases[k].op);
}

typedef enum { RUN_F64, RUN_F32, RUN_GRADCHECK } RunKind;

static void run_file(int i, RunKind kind) {
    RefFile f;
    load(i, &f);
    int failed = 0;
    for (int k = 0; k < f.ncases; k++) {
        const RefCase *c = &f.cases[k];
        bool ok = kind == RUN_F64 ? check_case(c, DT_F64)
                : kind == RUN_F32 ? check_case(c, DT_F32)
                : !c->gradcheck || gradcheck_case(c);
        failed += !ok;
        fflush(stdout);
    }
    int n = f.ncases;
    free_file(&f);
    printf("%s %s: %d cases, %d failed\n", files[i],
           kind == RUN_F64 ? "f64" : kind == RUN_F32 ? "f32" : "gradcheck", n, failed);
    fflush(stdout);   /* Check's forked child may not flush at exit */
    ck_assert_msg(failed == 0, "%s: %d of %d cases failed (%s)", files[i], failed, n,
                  kind == RUN_F64 ? "f64" : kind == RUN_F32 ? "f32" : "gradcheck");
}

START_TEST(test_f64) { run_file(_i, RUN_F64); }
END_TEST

START_TEST(test_f32) { run_file(_i, RUN_F32); }
END_TEST

START_TEST(test_gradcheck) { run_file(_i, RUN_GRADCHECK); }
END_TEST

/* every op in the table has data, so no op is silently untested */
START_TEST(test_every_op_has_cases) {
    bool seen[N_OPS] = {0};
    for (int i = 0; i < N_FILES; i++) {
        RefFile f;
        load(i, &f);
        for (int k = 0; k < f.ncases; k++) seen[find_op(f.cases[k].op) - ops] = true;
        free_file(&f);
    }
    for (int i = 0; i < N_OPS; i++) ck_assert_msg(seen[i], "op %s has no reference case", ops[i].name);
}
END_TEST

/* The gradcheck stage can fail: f(x) = detach(x) * x has the analytical
 * gradient x (the detached factor is a constant) but the numerical one 2x. */
static Tensor *half_detached_square(void *ctx, Tensor **x, int n, MgError *err) {
    (void)ctx; (void)n;
    Tensor *d = tn_detach(x[0]);
    Tensor *y = tn_mul(d, x[0], err);
    tn_release(d);
    return y;
}

START_TEST(test_gradcheck_can_fail) {
    MgError err = {0};
    Tensor *x = tn_from_doubles((const double[]){1, 2}, (const int64_t[]){2}, 1, DT_F64, DEV_CPU, &err);
    ck_assert_ptr_nonnull(x);
    x->requires_grad = true;
    FILE *sink = fopen("/dev/null", "w");
    AgCheckOpts opts = {.eps = 1e-6, .atol = 1e-5, .rtol = 1e-3, .out = sink};
    bool passed = true;
    ck_assert_msg(ag_gradcheck(half_detached_square, NULL, &x, 1, &opts, &passed, &err), "%s", err.msg);
    ck_assert(!passed);
    fclose(sink);
    tn_release(x);
}
END_TEST

static Suite *reference_suite(void) {
    Suite *s = suite_create("reference");
    TCase *tc = tcase_create("torch");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_every_op_has_cases);
    tcase_add_test(tc, test_gradcheck_can_fail);
    tcase_add_loop_test(tc, test_f64, 0, N_FILES);
    tcase_add_loop_test(tc, test_f32, 0, N_FILES);
    tcase_add_loop_test(tc, test_gradcheck, 0, N_FILES);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(reference_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
