/* format.c - tensor printing (SPEC §5), laid out as PyTorch does.
 *
 *   tensor([[1, 2],
 *           [3, 4]])
 *   tensor([0.1000, 0.2000], f64, cuda, grad)
 *
 * One element format for the whole tensor: "%.0f" when every finite value
 * is whole and below 1e8 in magnitude, else "%.4e" when the largest finite
 * |v| >= 1e8 or the smallest nonzero |v| < 1e-4, else "%.4f"; all right-
 * aligned to one width. Rows wrap at 80 columns like torch's _vector_str.
 * Over 1000 elements, every dimension shows its first 3 and last 3 entries
 * around "...". An empty tensor prints as tensor([]) (with shape=[...] when
 * it is not 1-D).
 */
#include "tn_internal.h"
#include "../autograd/graph.h"
#include "../util/alloc.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define LINE_WIDTH 80
#define EDGE 3
#define SUMMARIZE_OVER 1000

typedef struct { char *s; size_t len, cap; } Buf;

static void put(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(Buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->len + (size_t)n + 1 > b->cap) {
        b->cap = (b->len + (size_t)n + 1) * 2;
        b->s = mg_realloc(b->s, b->cap);
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

typedef struct {
    const Tensor *t;
    const double *host;            /* non-CPU tensors: all values, row-major */
    int64_t host_strides[TN_MAX_DIMS];
    bool summarize;
    char fmt[8];                   /* "%.0f", "%.4f" or "%.4e" */
    int width;
} Printer;

static double value_at(const Printer *p, const int64_t *idx) {
    if (!p->host) return tn_get(p->t, idx);
    int64_t off = 0;
    for (int d = 0; d < p->t->ndim; d++) off += idx[d] * p->host_strides[d];
    return p->host[off];
}

static int fmt_value(const Printer *p, double v, char *buf, size_t n) {
    if (isnan(v)) return snprintf(buf, n, "nan");
    if (isinf(v)) return snprintf(buf, n, v > 0 ? "inf" : "-inf");
    return snprintf(buf, n, p->fmt, v);
}

/* Visit every displayed element (summarized dims skip their middle). */
typedef void (*Visit)(Printer *p, double v, void *ctx);
static void each_shown(Printer *p, int dim, int64_t *idx, Visit f, void *ctx) {
    if (dim == p->t->ndim) { f(p, value_at(p, idx), ctx); return; }
    int64_t n = p->t->shape[dim];
    for (int64_t i = 0; i < n; i++) {
        if (p->summarize && n > 2 * EDGE && i == EDGE) i = n - EDGE;
        idx[dim] = i;
        each_shown(p, dim + 1, idx, f, ctx);
    }
}

typedef struct { bool all_whole; double max_abs, min_nonzero; bool any; } Stats;
static void gather_stats(Printer *p, double v, void *ctx) {
    (void)p;
    Stats *s = ctx;
    if (!isfinite(v)) return;
    double a = fabs(v);
    if (v != floor(v) || a >= 1e8) s->all_whole = false;
    if (a > s->max_abs) s->max_abs = a;
    if (a != 0 && (!s->any || a < s->min_nonzero)) { s->min_nonzero = a; s->any = true; }
}
static void gather_width(Printer *p, double v, void *ctx) {
    char buf[64];
    int n = fmt_value(p, v, buf, sizeof buf);
    if (n > *(int *)ctx) *(int *)ctx = n;
}

static void put_value(Buf *b, const Printer *p, double v) {
    char buf[64];
    fmt_value(p, v, buf, sizeof buf);
    put(b, "%*s", p->width, buf);
}

static void put_tensor(Buf *b, Printer *p, int dim, int64_t *idx, int indent) {
    int64_t n = p->t->shape[dim];
    bool cut = p->summarize && n > 2 * EDGE;
    put(b, "[");
    if (dim == p->t->ndim - 1) {
        int per_line = (LINE_WIDTH - indent) / (p->width + 2);
        if (per_line < 1) per_line = 1;
        int on_line = 0;
        for (int64_t i = 0; i < n; i++) {
            bool dots = cut && i == EDGE;
            if (i > 0) {
                if (on_line == per_line) { put(b, ",\n%*s", indent + 1, ""); on_line = 0; }
                else put(b, ", ");
            }
            if (dots) {
                put(b, " ...");
                i = n - EDGE - 1;
            } else {
                idx[dim] = i;
                put_value(b, p, value_at(p, idx));
            }
            on_line++;
        }
    } else {
        int rest = p->t->ndim - dim - 1;
        for (int64_t i = 0; i < n; i++) {
            if (i > 0) {
                put(b, ",");
                for (int k = 0; k < rest; k++) put(b, "\n");
                put(b, "%*s", indent + 1, "");
            }
            if (cut && i == EDGE) {
                put(b, "...");
                i = n - EDGE - 1;
                continue;
            }
            idx[dim] = i;
            put_tensor(b, p, dim + 1, idx, indent + 1);
        }
    }
    put(b, "]");
}

char *tn_format(const Tensor *t) {
    Buf b = { 0 };
    Printer p = { .t = t };
    double *host = NULL;
    if (t->device != DEV_CPU && t->numel > 0) {
        host = mg_malloc((size_t)t->numel * sizeof(double));
        tn_to_doubles(t, host);
        p.host = host;
        tn_contiguous_strides(t->shape, t->ndim, p.host_strides);
    }
    p.summarize = t->numel > SUMMARIZE_OVER;
    int64_t idx[TN_MAX_DIMS] = { 0 };
    const char *prefix = "tensor(";
    put(&b, "%s", prefix);
    char sb[256];
    const char *suffixes[4];
    int ns = 0;
    if (t->numel == 0) {
        put(&b, "[]");
        if (t->ndim != 1) {
            snprintf(sb, sizeof sb, "shape=");
            tn_shape_str(t->shape, t->ndim, sb + 6, sizeof sb - 6);
            suffixes[ns++] = sb;
        }
    } else {
        Stats st = { .all_whole = true };
        each_shown(&p, 0, idx, gather_stats, &st);
        if (st.all_whole) strcpy(p.fmt, "%.0f");
        else if (st.max_abs >= 1e8 || (st.any && st.min_nonzero < 1e-4)) strcpy(p.fmt, "%.4e");
        else strcpy(p.fmt, "%.4f");
        p.width = 0;
        each_shown(&p, 0, idx, gather_width, &p.width);
        if (t->ndim == 0) put_value(&b, &p, value_at(&p, idx));
        else put_tensor(&b, &p, 0, idx, (int)strlen(prefix));
    }
    char gf[128];
    if (t->dtype == DT_F64) suffixes[ns++] = "f64";
    if (t->device == DEV_CUDA) suffixes[ns++] = "cuda";
    if (t->grad_fn) {
        snprintf(gf, sizeof gf, "grad_fn=%s", t->grad_fn->label ? t->grad_fn->label : op_name(t->grad_fn->op));
        suffixes[ns++] = gf;
    } else if (t->requires_grad) {
        suffixes[ns++] = "grad";
    }
    /* torch's _add_suffixes: a suffix that would pass the line width starts a new line */
    const char *nl = strrchr(b.s, '\n');
    size_t last = nl ? (size_t)(b.s + b.len - nl) + 1 : b.len + 2;
    for (int i = 0; i < ns; i++) {
        size_t sl = strlen(suffixes[i]);
        if (last + sl + 2 > LINE_WIDTH) {
            put(&b, ",\n%*s%s", (int)strlen(prefix), "", suffixes[i]);
            last = strlen(prefix) + sl;
        } else {
            put(&b, ", %s", suffixes[i]);
            last += sl + 2;
        }
    }
    put(&b, ")");
    mg_free(host);
    return b.s;
}
