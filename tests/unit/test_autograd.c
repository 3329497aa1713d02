/* test_autograd.c - the backward engine, its errors and its teaching views:
 * the SPEC §6 worked examples, accumulation, broadcasting, a million-deep
 * chain, freed graphs, retain, version counters, retain_grad, higher-order
 * derivatives, grads(), detect_anomaly, trace, graph() and dot(). Every
 * gradient rule is checked against finite differences in test_autograd_rules.c. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "tensor/tensor.h"
#include "autograd/autograd.h"
#include "util/alloc.h"
#include "tensor_check.h"

static void assert_shape(const Tensor *t, const Tensor *like) {
    char a[128], b[128];
    ck_assert_str_eq(tn_shape_str(t->shape, t->ndim, a, sizeof a),
                     tn_shape_str(like->shape, like->ndim, b, sizeof b));
}

static bool backward(Tensor *y) { return ag_backward(y, NULL, NULL, &err); }

/* Text written to a FILE by f, as a malloc'd string. */
typedef void (*Writer)(void *ctx, FILE *out);
static char *capture(Writer w, void *ctx) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    w(ctx, f);
    fclose(f);
    return buf;
}

static void setup(void) {
    tn_rt.grad_enabled = true;
    tn_rt.anomaly = false;
    tn_rt.cur_span = (Span){0};
    mg_error_clear(&err);
}

/* ---- SPEC and issue examples ------------------------------------------------ */

START_TEST(square_sum) {                  /* y = sum(x ** 2): x.grad = 2x */
    Tensor *x = VEC(DT_F32, true, 1, 2, 3);
    Tensor *two = SCALAR(DT_F32, false, 2);
    Tensor *sq = ok(tn_pow(x, two, &err));
    Tensor *y = ok(tn_sum(sq, TN_ALL_AXES, false, &err));
    ck_assert(y->requires_grad && y->grad_fn);
    ck_assert(backward(y));
    VALUES(x->grad, 1e-6, 2, 4, 6);
    ck_assert(x->grad->dtype == DT_F32 && x->grad->device == DEV_CPU);
    assert_shape(x->grad, x);
    ck_assert(!x->grad->requires_grad);
    tn_release(y); tn_release(sq); tn_release(two); tn_release(x);
}
END_TEST

START_TEST(shared_input) {                /* c = a*b + a with a=2, b=3: a.grad 4, b.grad 2 */
    Tensor *a = SCALAR(DT_F32, true, 2), *b = SCALAR(DT_F32, true, 3);
    Tensor *ab = ok(tn_mul(a, b, &err));
    Tensor *c = ok(tn_add(ab, a, &err));
    ck_assert(backward(c));
    VALUES(a->grad, 1e-6, 4);
    VALUES(b->grad, 1e-6, 2);
    tn_release(c); tn_release(ab); tn_release(a); tn_release(b);
}
END_TEST

START_TEST(diamond) {                     /* c=a+b; d=c*a; e=c*d at a=1, b=4: 35 and 10 */
    Tensor *a = SCALAR(DT_F32, true, 1), *b = SCALAR(DT_F32, true, 4);
    Tensor *c = ok(tn_add(a, b, &err));
    Tensor *d = ok(tn_mul(c, a, &err));
    Tensor *e = ok(tn_mul(c, d, &err));
    ck_assert(backward(e));
    VALUES(a->grad, 1e-6, 35);
    VALUES(b->grad, 1e-6, 10);
    ck_assert_ptr_null(c->grad);          /* non-leaves keep no .grad */
    tn_release(e); tn_release(d); tn_release(c); tn_release(a); tn_release(b);
}
END_TEST

START_TEST(bias_broadcast) {              /* (2,3) + (3,): bias.grad sums over the batch */
    Tensor *x = MAT(DT_F32, true, 2, 3, 1, 2, 3, 4, 5, 6);
    Tensor *bias = VEC(DT_F32, true, 10, 20, 30);
    Tensor *h = ok(tn_add(x, bias, &err));
    Tensor *y = ok(tn_sum(h, TN_ALL_AXES, false, &err));
    ck_assert(backward(y));
    VALUES(bias->grad, 1e-6, 2, 2, 2);
    assert_shape(bias->grad, bias);
    VALUES(x->grad, 1e-6, 1, 1, 1, 1, 1, 1);
    tn_release(y); tn_release(h); tn_release(x); tn_release(bias);
}
END_TEST

START_TEST(unbroadcast_keepdims) {        /* (2,1) * (1,3) -> (2,3) */
    Tensor *a = MAT(DT_F64, true, 2, 1, 1, 2);
    Tensor *b = MAT(DT_F64, true, 1, 3, 3, 4, 5);
    Tensor *p = ok(tn_mul(a, b, &err));
    Tensor *y = ok(tn_sum(p, TN_ALL_AXES, false, &err));
    ck_assert(backward(y));
    VALUES(a->grad, 1e-12, 12, 12);
    VALUES(b->grad, 1e-12, 3, 3, 3);
    assert_shape(a->grad, a);
    assert_shape(b->grad, b);
    Tensor *g = ok(tn_ones(p->shape, p->ndim, DT_F64, DEV_CPU, &err));
    Tensor *direct = ok(ag_unbroadcast(g, b->shape, b->ndim, &err));
    VALUES(direct, 0, 2, 2, 2);
    tn_release(direct); tn_release(g);
    tn_release(y); tn_release(p); tn_release(a); tn_release(b);
}
END_TEST

/* An update through a view is recorded on its base (torch's CopySlices):
 * a = [1, 2, 3], d = a * 1, v = d[1:], v *= 10, y = sum(d * d):
 * dy/da = 2 * [1, 100, 100] * [1, 2, 3] = [2, 400, 600]. A sibling view s =
 * d[0:2] made before the update takes d's new history when used. */
START_TEST(update_through_view_reaches_base) {
    Tensor *a = VEC(DT_F64, true, 1, 2, 3);
    Tensor *one = SCALAR(DT_F64, false, 1);
    Tensor *ten = SCALAR(DT_F64, false, 10);
    Tensor *d = ok(tn_mul(a, one, &err));
    TnIndex tail = { .is_slice = true, .has_start = true, .start = 1, .step = 1 };
    TnIndex head = { .is_slice = true, .has_stop = true, .stop = 2, .step = 1 };
    Tensor *v = ok(tn_index(d, &tail, 1, &err));
    Tensor *s = ok(tn_index(d, &head, 1, &err));
    ck_assert(v->view_base == d && s->view_base == d);
    AgNode *s_before = s->grad_fn;
    ck_assert(tn_inplace(v, '*', ten, &err));
    VALUES(d, 0, 1, 20, 30);
    ck_assert_str_eq(d->grad_fn->label, "where");       /* d's history has the update */
    tn_view_refresh(s);
    ck_assert(s->grad_fn != s_before);                    /* s: a view of d's new history */
    Tensor *dd = ok(tn_mul(d, d, &err));
    Tensor *y = ok(tn_sum(dd, TN_ALL_AXES, false, &err));
    AgBackwardOpts keep = { .retain = true };              /* s's history shares d's */
    ck_assert(ag_backward(y, NULL, &keep, &err));
    VALUES(a->grad, 1e-12, 2, 400, 600);
    Tensor *ss = ok(tn_sum(s, TN_ALL_AXES, false, &err));  /* s = [1, 20]: ds/da = [1, 10, 0] */
    tn_release(a->grad);
    a->grad = NULL;
    ck_assert(backward(ss));
    VALUES(a->grad, 1e-12, 1, 10, 0);
    Tensor *all[] = { ss, y, dd, s, v, d, ten, one, a };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) tn_release(all[i]);
}
END_TEST

START_TEST(mixed_dtype_grad_has_leaf_dtype) {
    Tensor *a = VEC(DT_F32, true, 1, 2);
    Tensor *b = VEC(DT_F64, false, 3, 4);
    Tensor *p = ok(tn_mul(a, b, &err));
    ck_assert(p->dtype == DT_F64);
    Tensor *y = ok(tn_sum(p, TN_ALL_AXES, false, &err));
    ck_assert(backward(y));
    ck_assert(a->grad->dtype == DT_F32);
    VALUES(a->grad, 1e-6, 3, 4);
    tn_release(y); tn_release(p); tn_release(a); tn_release(b);
}
END_TEST

START_TEST(accumulates) {                 /* two backwards add up; backward(y, g) */
    Tensor *x = VEC(DT_F32, true, 1, 2);
    Tensor *three = SCALAR(DT_F32, false, 3);
    Tensor *y = ok(tn_mul(x, three, &err));
    Tensor *g = VEC(DT_F32, false, 1, 10);
    AgBackwardOpts keep = {.retain = true};
    ck_assert(ag_backward(y, g, &keep, &err));
    Tensor *first = x->grad;
    ck_assert(ag_backward(y, g, NULL, &err));
    ck_assert_ptr_eq(x->grad, first);     /* += in place */
    VALUES(x->grad, 1e-6, 6, 60);
    VALUES(g, 0, 1, 10);                  /* the seed was not touched */
    tn_release(y); tn_release(three); tn_release(x); tn_release(g);
}
END_TEST

/* ---- the million-deep chain ------------------------------------------------ */

START_TEST(million_chain) {               /* y = y*1.000001 + 0.000001, 10^6 times */
    Tensor *x = SCALAR(DT_F64, true, 1);
    Tensor *c = SCALAR(DT_F64, false, 1.000001), *d = SCALAR(DT_F64, false, 0.000001);
    Tensor *y = x;
    tn_retain(y);
    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 1000000; i++) {
        Tensor *m = ok(tn_mul(y, c, &err));
        Tensor *next = ok(tn_add(m, d, &err));
        tn_release(m);
        tn_release(y);
        y = next;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert(backward(y));
    clock_gettime(CLOCK_MONOTONIC, &t2);
    VALUES(x->grad, 1e-9, pow(1.000001, 1e6));
    tn_release(y);                        /* frees 2*10^6 nodes without recursion */
    double fwd = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
    double bwd = (t2.tv_sec - t1.tv_sec) + (t2.tv_nsec - t1.tv_nsec) * 1e-9;
    printf("million_chain: forward %.2f s (%.0f ns per op incl. recording), backward %.2f s\n",
           fwd, fwd / 2e6 * 1e9, bwd);
    ck_assert_msg(bwd < 20, "backward took %.1f s", bwd);
    ck_assert_ptr_null(x->grad_acc);      /* the whole graph is gone */
    tn_release(x); tn_release(c); tn_release(d);
}
END_TEST

/* ---- freed graphs, retain, versions ---------------------------------------- */

START_TEST(second_backward_fails) {
    Tensor *x = VEC(DT_F32, true, 1, 2, 3);
    Tensor *two = SCALAR(DT_F32, false, 2);
    Tensor *sq = ok(tn_pow(x, two, &err));
    Tensor *y = ok(tn_sum(sq, TN_ALL_AXES, false, &err));
    ck_assert(backward(y));
    ck_assert(!backward(y));
    ck_assert_int_eq(err.kind, ERR_AUTOGRAD);
    ck_assert_str_eq(err.msg, "backward: the graph was already freed by an earlier backward(); "
                              "pass retain=true to the first backward to keep it");
    VALUES(x->grad, 1e-6, 2, 4, 6);       /* a failed backward changes nothing */
    tn_release(y); tn_release(sq); tn_release(two); tn_release(x);
}
END_TEST

START_TEST(retain_keeps_graph) {
    Tensor *x = VEC(DT_F32, true, 1, 2, 3);
    Tensor *two = SCALAR(DT_F32, false, 2);
    Tensor *sq = ok(tn_pow(x, two, &err));
    Tensor *y = ok(tn_sum(sq, TN_ALL_AXES, false, &err));
    AgBackwardOpts keep = {.retain = true};
    ck_assert(ag_backward(y, NULL, &keep, &err));
    ck_assert(backward(y));
    VALUES(x->grad, 1e-6, 4, 8, 12);
    ck_assert(!backward(y));              /* the second one did not retain */
    tn_release(y); tn_release(sq); tn_release(two); tn_release(x);
}
END_TEST

START_TEST(version_counter) {             /* e = d * d; d *= 2 -> caught */
    Source *src = mg_source_new("train.mg", "\n", 1);
    Tensor *a = VEC(DT_F32, true, 1, 2);
    Tensor *three = SCALAR(DT_F32, false, 3);
    Tensor *d = ok(tn_mul(a, three, &err));
    tn_rt.cur_span = (Span){src, 12, 9, 1};
    Tensor *e = ok(tn_mul(d, d, &err));
    tn_rt.cur_span = (Span){0};
    Tensor *two = SCALAR(DT_F32, false, 2);
    ck_assert(tn_inplace(d, '*', two, &err));
    Tensor *y = ok(tn_sum(e, TN_ALL_AXES, false, &err));
    ck_assert(!backward(y));
    ck_assert_int_eq(err.kind, ERR_AUTOGRAD);
    ck_assert_str_eq(err.msg, "backward: a value needed by mul (made at train.mg:12:9) was modified "
                              "in place after it was used (version 1, expected 0)");
    ck_assert_ptr_null(a->grad);
    tn_release(y); tn_release(e); tn_release(d); tn_release(two); tn_release(three); tn_release(a);
}
END_TEST

START_TEST(version_counter_no_span) {     /* e = d * 3; d *= 2 is fine; e2 = d * d is not */
    Tensor *a = VEC(DT_F32, true, 1, 2);
    Tensor *three = SCALAR(DT_F32, false, 3);
    Tensor *d = ok(tn_mul(a, three, &err));
    Tensor *e = ok(tn_mul(d, three, &err));
    Tensor *e2 = ok(tn_mul(d, d, &err));
    Tensor *two = SCALAR(DT_F32, false, 2);
    ck_assert(tn_inplace(d, '*', two, &err));
    Tensor *y = ok(tn_sum(e, TN_ALL_AXES, false, &err));
    ck_assert_msg(backward(y), "%s", err.msg);
    VALUES(a->grad, 1e-6, 9, 9);
    Tensor *y2 = ok(tn_sum(e2, TN_ALL_AXES, false, &err));
    ck_assert(!backward(y2));
    ck_assert_str_eq(err.msg, "backward: a value needed by mul was modified in place after it was "
                              "used (version 1, expected 0)");
    tn_release(y2); tn_release(e2);
    tn_release(y); tn_release(e); tn_release(d); tn_release(two); tn_release(three); tn_release(a);
}
END_TEST

START_TEST(backward_misuse) {
    Tensor *x = VEC(DT_F32, true, 1, 2, 3);
    Tensor *two = SCALAR(DT_F32, false, 2);
    Tensor *y = ok(tn_mul(x, two, &err));
    ck_assert(!backward(y));
    ck_assert_str_eq(err.msg, "backward: y has shape [3]; pass a gradient of that shape, or reduce "
                              "y to one element with sum() or mean()");
    Tensor *plain = VEC(DT_F32, false, 1);
    ck_assert(!backward(plain));
    ck_assert_str_eq(err.msg, "backward: y does not require grad; make a leaf with grad "
                              "(tensor(..., grad) or param(x)) to track it");
    Tensor *wrong = VEC(DT_F32, false, 1, 2);
    ck_assert(!ag_backward(y, wrong, NULL, &err));
    ck_assert_int_eq(err.kind, ERR_SHAPE);
    ck_assert_ptr_null(x->grad);
    tn_release(wrong); tn_release(plain); tn_release(y); tn_release(two); tn_release(x);
}
END_TEST

START_TEST(retain_grad_nonleaf) {
    Tensor *x = VEC(DT_F32, true, 1, 2);
    Tensor *three = SCALAR(DT_F32, false, 3);
    Tensor *h = ok(tn_mul(x, three, &err));
    ag_retain_grad(h);
    Tensor *sq = ok(tn_mul(h, h, &err));
    Tensor *y = ok(tn_sum(sq, TN_ALL_AXES, false, &err));
    ck_assert(backward(y));
    VALUES(h->grad, 1e-6, 6, 12);         /* dy/dh = 2h */
    VALUES(x->grad, 1e-6, 18, 36);
    ck_assert_ptr_null(sq->grad);
    tn_release(y); tn_release(sq); tn_release(h); tn_release(three); tn_release(x);
}
END_TEST

/* ---- higher order and grads() ---------------------------------------------- */

START_TEST(third_derivative) {            /* d^3/dx^3 x^3 = 6 */
    Tensor *x = SCALAR(DT_F64, true, 2);
    Tensor *three = SCALAR(DT_F64, false, 3);
    Tensor *y = ok(tn_pow(x, three, &err));
    AgBackwardOpts cg = {.create_graph = true};
    Tensor *g1, *g2, *g3;
    ck_assert(ag_grads(y, NULL, &x, 1, &cg, &g1, &err));
    VALUES(g1, 1e-12, 12);                /* 3x^2 */
    ck_assert(g1->requires_grad);
    ck_assert(ag_grads(g1, NULL, &x, 1, &cg, &g2, &err));
    VALUES(g2, 1e-12, 12);                /* 6x */
    ck_assert(ag_grads(g2, NULL, &x, 1, NULL, &g3, &err));
    VALUES(g3, 1e-12, 6);
    ck_assert_ptr_null(x->grad);
    tn_release(g3); tn_release(g2); tn_release(g1);
    tn_release(y); tn_release(three); tn_release(x);
}
END_TEST

START_TEST(create_graph_backward) {       /* backward(create_graph) then backward of x.grad */
    Tensor *x = SCALAR(DT_F64, true, 0.5);
    Tensor *t = ok(tn_tanh(x, &err));
    AgBackwardOpts cg = {.create_graph = true};
    ck_assert(ag_backward(t, NULL, &cg, &err));
    ck_assert(x->grad->requires_grad);
    double th = tanh(0.5);
    VALUES(x->grad, 1e-12, 1 - th * th);
    Tensor *g1 = x->grad;
    x->grad = NULL;
    ck_assert(backward(g1));
    VALUES(x->grad, 1e-12, -2 * th * (1 - th * th));
    tn_release(g1); tn_release(t); tn_release(x);
}
END_TEST

/* x.grad from a create_graph backward has a graph reaching x (the saved x
 * and x's accumulator). Neither may hold x strongly: releasing x must free
 * x, its .grad and that graph (torch keeps a cycle here and warns). */
START_TEST(create_graph_grad_makes_no_cycle) {
    size_t before = tn_live_bytes(DEV_CPU);
    Tensor *x = VEC(DT_F64, true, 3, 4);
    Tensor *three = SCALAR(DT_F64, false, 3);
    Tensor *c = ok(tn_pow(x, three, &err));
    Tensor *y = ok(tn_sum(c, TN_ALL_AXES, false, &err));
    AgBackwardOpts cg = {.create_graph = true};
    ck_assert(ag_backward(y, NULL, &cg, &err));
    VALUES(x->grad, 1e-12, 27, 48);
    ck_assert(x->grad->grad_fn != NULL);
    tn_release(y); tn_release(c); tn_release(three);
    tn_release(x);
    ck_assert_uint_eq(tn_live_bytes(DEV_CPU), before);
}
END_TEST

START_TEST(grads_zeros_and_no_grad_touch) {
    Tensor *a = VEC(DT_F32, true, 1, 2);
    Tensor *b = VEC(DT_F32, true, 5, 6, 7);
    Tensor *two = SCALAR(DT_F32, false, 2);
    Tensor *p = ok(tn_mul(a, two, &err));
    Tensor *y = ok(tn_sum(p, TN_ALL_AXES, false, &err));
    Tensor *xs[3] = {a, b, p}, *out[3];
    ck_assert(ag_grads(y, NULL, xs, 3, NULL, out, &err));
    VALUES(out[0], 1e-6, 2, 2);
    VALUES(out[1], 0, 0, 0, 0);           /* y does not depend on b */
    assert_shape(out[1], b);
    VALUES(out[2], 1e-6, 1, 1);           /* a non-leaf input */
    ck_assert_ptr_null(a->grad);
    ck_assert_ptr_null(b->grad);
    for (int i = 0; i < 3; i++) tn_release(out[i]);
    tn_release(y); tn_release(p); tn_release(two); tn_release(a); tn_release(b);
}
END_TEST

/* ---- anomaly, trace, graph, dot ----------------------------------------------- */

START_TEST(anomaly) {
    Source *src = mg_source_new("a.mg", "\n", 1);
    Tensor *x = VEC(DT_F32, true, 0, 1);
    tn_rt.cur_span = (Span){src, 3, 9, 3};
    Tensor *l = ok(tn_log(x, &err));
    tn_rt.cur_span = (Span){0};
    Tensor *y = ok(tn_sum(l, TN_ALL_AXES, false, &err));
    AgBackwardOpts keep = {.retain = true};
    ck_assert(ag_backward(y, NULL, &keep, &err));      /* off: inf goes through */
    tn_release(x->grad);
    x->grad = NULL;
    tn_rt.anomaly = true;
    ck_assert(!backward(y));
    tn_rt.anomaly = false;
    ck_assert_int_eq(err.kind, ERR_AUTOGRAD);
    ck_assert_str_eq(err.msg, "backward: detect_anomaly: the gradient computed by log "
                              "(made at a.mg:3:9) contains nan or inf");
    ck_assert_ptr_null(x->grad);
    tn_release(y); tn_release(l); tn_release(x);
}
END_TEST

static Tensor *trace_y;
static void write_trace(void *ctx, FILE *out) {
    (void)ctx;
    AgBackwardOpts o = {.trace = true, .trace_out = out, .retain = true};
    ck_assert(ag_backward(trace_y, NULL, &o, &err));
}

START_TEST(trace_output) {
    Source *src = mg_source_new("t.mg", "\n", 1);
    Tensor *x = MAT(DT_F32, true, 2, 3, 1, 2, 3, 4, 5, 6);
    Tensor *b = VEC(DT_F32, true, 1, 1, 1);
    ag_name_tensor(x, "x");
    ag_name_tensor(b, "b");
    tn_rt.cur_span = (Span){src, 2, 9, 1};
    Tensor *h = ok(tn_add(x, b, &err));
    ag_name_tensor(h, "h");
    tn_rt.cur_span = (Span){src, 3, 5, 1};
    Tensor *y = ok(tn_sum(h, TN_ALL_AXES, false, &err));
    tn_rt.cur_span = (Span){0};
    trace_y = y;
    char *text = capture(write_trace, NULL);
    const char *want =
        "backward trace: node, made at (line:col), incoming gradient -> inputs that receive gradient\n"
        "  sum           3:5      grad []           -> input 0 [2, 3]\n"
        "  add h         2:9      grad [2, 3]       -> input 0 [2, 3], input 1 [3] (summed dims 0)\n";
    ck_assert_msg(strncmp(text, want, strlen(want)) == 0, "trace was:\n%s", text);
    ck_assert_msg(strstr(text, "  leaf x        -        grad [2, 3]       -> x.grad\n"), "%s", text);
    ck_assert_msg(strstr(text, "  leaf b        -        grad [3]          -> b.grad\n"), "%s", text);
    free(text);
    tn_release(y); tn_release(h); tn_release(x); tn_release(b);
}
END_TEST

static void write_graph(void *ctx, FILE *out) { ag_print_graph(ctx, out); }

START_TEST(graph_output) {
    Source *src = mg_source_new("g.mg", "\n", 1);
    Tensor *x = VEC(DT_F32, true, 1, 2, 3);
    ag_name_tensor(x, "x");
    Tensor *two = SCALAR(DT_F32, false, 2);
    tn_rt.cur_span = (Span){src, 2, 13, 1};
    Tensor *sq = ok(tn_pow(x, two, &err));
    tn_rt.cur_span = (Span){src, 2, 9, 3};
    Tensor *y = ok(tn_sum(sq, TN_ALL_AXES, false, &err));
    ag_name_tensor(y, "y");
    Tensor *xx = ok(tn_mul(x, x, &err));  /* x used twice: printed once, then referred to */
    tn_rt.cur_span = (Span){0};
    AgBackwardOpts keep = {.retain = true};
    ck_assert(ag_backward(y, NULL, &keep, &err));
    char *text = capture(write_graph, y);
    const char *want =
        "y = sum []  at 2:9\n"
        "└─ pow [3]  at 2:13\n"
        "   ├─ x: leaf [3]  grad tensor([2, 4, 6])\n"
        "   └─ constant []\n";
    ck_assert_msg(strcmp(text, want) == 0, "graph was:\n%s", text);
    free(text);
    text = capture(write_graph, xx);
    ck_assert_msg(strstr(text, "x: leaf [3]  [#1]"), "graph was:\n%s", text);
    ck_assert_msg(strstr(text, "(#1, shown above)"), "graph was:\n%s", text);
    free(text);
    tn_release(xx); tn_release(y); tn_release(sq); tn_release(two); tn_release(x);
}
END_TEST

START_TEST(dot_output) {
    Tensor *x = VEC(DT_F32, true, 1, 2, 3);
    ag_name_tensor(x, "x");
    Tensor *two = SCALAR(DT_F32, false, 2);
    Tensor *sq = ok(tn_mul(x, two, &err));
    Tensor *y = ok(tn_sum(sq, TN_ALL_AXES, false, &err));
    char path[] = "/tmp/mg_test_dot_XXXXXX";
    int fd = mkstemp(path);
    ck_assert(fd >= 0);
    close(fd);
    ck_assert(ag_write_dot(y, path, &err));
    FILE *f = fopen(path, "r");
    char text[4096] = {0};
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    ck_assert(n > 0);
    ck_assert(strstr(text, "digraph mg {"));
    ck_assert(strstr(text, "x\\nleaf [3]"));
    ck_assert(strstr(text, "-> n1;"));    /* an edge into y's node */
    if (system("command -v dot >/dev/null 2>&1") == 0) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "dot -Tsvg %s -o %s.svg 2>/dev/null", path, path);
        ck_assert_msg(system(cmd) == 0, "dot could not render %s", path);
        snprintf(cmd, sizeof cmd, "%s.svg", path);
        ck_assert(remove(cmd) == 0);
    } else {
        printf("dot_output: graphviz 'dot' not installed; rendering not checked\n");
    }
    remove(path);
    ck_assert(!ag_write_dot(y, "/nonexistent-dir/g.dot", &err));
    ck_assert_int_eq(err.kind, ERR_IO);
    tn_release(y); tn_release(sq); tn_release(two); tn_release(x);
}
END_TEST

START_TEST(graph_memory_returns) {        /* nodes, saved values and grads are all freed */
    ag_pool_trim();
    tn_release_caches();
    size_t before = mg_alloc_live_blocks();
    Tensor *x = VEC(DT_F32, true, 1, 2, 3);
    Tensor *e = ok(tn_exp(x, &err));
    Tensor *p = ok(tn_mul(e, x, &err));
    Tensor *y = ok(tn_sum(p, TN_ALL_AXES, false, &err));
    ck_assert(backward(y));
    tn_release(y); tn_release(p); tn_release(e); tn_release(x);
    ag_pool_trim();
    tn_release_caches();
    ck_assert_int_eq(mg_alloc_live_blocks(), before);
}
END_TEST

START_TEST(interrupt_stops_backward) {
    Tensor *x = VEC(DT_F32, true, 1, 2);
    Tensor *s = ok(tn_sum(x, TN_ALL_AXES, false, &err));
    tn_rt.interrupted = 1;
    ck_assert(!backward(s));
    tn_rt.interrupted = 0;
    ck_assert_int_eq(err.kind, ERR_INTERRUPT);
    ck_assert_str_eq(err.msg, "interrupted");
    ck_assert_ptr_null(x->grad);
    tn_release(s); tn_release(x);
}
END_TEST

START_TEST(deep_graph_print_is_cut) {     /* a 10^4-deep chain prints a bounded tree */
    Tensor *y = SCALAR(DT_F32, true, 1);
    Tensor *c = SCALAR(DT_F32, false, 2);
    for (int i = 0; i < 10000; i++) {
        Tensor *next = ok(tn_mul(y, c, &err));
        tn_release(y);
        y = next;
    }
    char *text = capture(write_graph, y);
    ck_assert(strstr(text, "... (deeper nodes not shown)"));
    int lines = 0;
    for (const char *p = text; *p; p++) lines += *p == '\n';
    ck_assert_int_lt(lines, 200);
    free(text);
    tn_release(y); tn_release(c);
}
END_TEST

START_TEST(no_gradient_op_gives_zeros) {  /* sign has no rule: zeros flow, as torch */
    Tensor *x = VEC(DT_F32, true, 1, -2);
    Tensor *s = ok(tn_sign(x, &err));
    Tensor *y = ok(tn_sum(s, TN_ALL_AXES, false, &err));
    ck_assert(backward(y));
    VALUES(x->grad, 0, 0, 0);
    tn_release(y); tn_release(s); tn_release(x);
}
END_TEST

START_TEST(grad_used_as_constant) {       /* y = b * a.grad + a * 2: a.grad is read, then updated */
    Tensor *a = VEC(DT_F32, true, 1, 2), *b = VEC(DT_F32, true, 3, 4);
    a->grad = VEC(DT_F32, false, 10, 20);
    Tensor *two = SCALAR(DT_F32, false, 2);
    Tensor *m2 = ok(tn_mul(b, a->grad, &err));
    Tensor *m1 = ok(tn_mul(a, two, &err));
    Tensor *s = ok(tn_add(m2, m1, &err));
    Tensor *y = ok(tn_sum(s, TN_ALL_AXES, false, &err));
    ck_assert_msg(backward(y), "%s", err.msg);
    VALUES(b->grad, 1e-6, 10, 20);
    VALUES(a->grad, 1e-6, 12, 22);
    tn_release(y); tn_release(s); tn_release(m1); tn_release(m2); tn_release(two);
    tn_release(a); tn_release(b);
}
END_TEST

START_TEST(graph_shows_dtype_and_retained_grad) {
    Tensor *x = VEC(DT_F64, true, 1, 2);
    ag_name_tensor(x, "w");
    Tensor *h = ok(tn_exp(x, &err));
    ag_name_tensor(h, "h");
    ag_retain_grad(h);
    Tensor *y = ok(tn_sum(h, TN_ALL_AXES, false, &err));
    AgBackwardOpts keep = {.retain = true};
    ck_assert(ag_backward(y, NULL, &keep, &err));
    char *text = capture(write_graph, y);
    ck_assert_msg(strstr(text, "sum [] f64  at -\n"), "graph was:\n%s", text);
    ck_assert_msg(strstr(text, "└─ h = exp [2] f64  at -  grad tensor([1, 1], f64)\n"), "graph was:\n%s", text);
    ck_assert_msg(strstr(text, "   └─ w: leaf [2] f64  grad tensor("), "graph was:\n%s", text);
    free(text);
    tn_release(y); tn_release(h); tn_release(x);
}
END_TEST

Suite *autograd_suite(void);
Suite *autograd_suite(void) {
    Suite *s = suite_create("autograd");
    TCase *tc = tcase_create("engine");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, square_sum);
    tcase_add_test(tc, shared_input);
    tcase_add_test(tc, diamond);
    tcase_add_test(tc, bias_broadcast);
    tcase_add_test(tc, unbroadcast_keepdims);
    tcase_add_test(tc, update_through_view_reaches_base);
    tcase_add_test(tc, mixed_dtype_grad_has_leaf_dtype);
    tcase_add_test(tc, accumulates);
    tcase_add_test(tc, million_chain);
    tcase_add_test(tc, second_backward_fails);
    tcase_add_test(tc, retain_keeps_graph);
    tcase_add_test(tc, version_counter);
    tcase_add_test(tc, version_counter_no_span);
    tcase_add_test(tc, backward_misuse);
    tcase_add_test(tc, retain_grad_nonleaf);
    tcase_add_test(tc, third_derivative);
    tcase_add_test(tc, create_graph_backward);
    tcase_add_test(tc, create_graph_grad_makes_no_cycle);
    tcase_add_test(tc, grads_zeros_and_no_grad_touch);
    tcase_add_test(tc, anomaly);
    tcase_add_test(tc, trace_output);
    tcase_add_test(tc, graph_output);
    tcase_add_test(tc, dot_output);
    tcase_add_test(tc, graph_memory_returns);
    tcase_add_test(tc, interrupt_stops_backward);
    tcase_add_test(tc, deep_graph_print_is_cut);
    tcase_add_test(tc, no_gradient_op_gives_zeros);
    tcase_add_test(tc, grad_used_as_constant);
    tcase_add_test(tc, graph_shows_dtype_and_retained_grad);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(autograd_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
