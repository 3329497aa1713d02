/* test_gc.c - the cycle collector (src/eval/gc.h): cycles through scopes,
 * closures and lists are found and freed, nested and in loops; an
 * optimizer and its parameters held by a cycle go with it; objects whose
 * class has traverse/clear take part; garbage mixed with live values frees
 * only the garbage, and the live values still work; the counting allocator
 * returns to where it started. Programs run on the evaluator's big stack,
 * as main.c runs them. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "eval/eval.h"
#include "eval/gc.h"
#include "util/alloc.h"

/* The scope cycle of docs/HARDENING.md: env -> list -> closure -> env. */
#define KNOWN_LIMIT "fn mk() { let l = []; fn g() { return l }; append(l, g) }\n"

typedef struct {
    Interp *in;
    const char *src;
    bool ok;
    MgError err;
} Job;

static void *run_job(void *arg) {
    Job *j = arg;
    mg_error_clear(&j->err);
    j->ok = ev_run_string(j->in, "gc.mg", j->src, &j->err);
    return NULL;
}

/* Runs src in `in`; it must succeed. */
static void run_ok(Interp *in, const char *src) {
    Job j = {.in = in, .src = src};
    ev_run_big_stack(run_job, &j);
    ck_assert_msg(j.ok, "%s\nfailed: %s", src, j.err.msg);
}

static Interp *interp(void) {
    tn_rt.grad_enabled = true;
    return ev_new(fopen("/dev/null", "w"));
}

static void interp_free(Interp *in) {
    FILE *out = in->out;
    ev_free(in);
    fclose(out);
}

/* The value of a global number. */
static double global_number(Interp *in, const char *name) {
    Value *v = env_lookup(in->globals, name);
    ck_assert_msg(v && v->type == VAL_NUMBER, "%s is not a number", name);
    return v->as.num;
}

/* ---- cycles through scopes, closures and lists ---- */

START_TEST(known_limit_cycle_is_collected) {
    Interp *in = interp();
    run_ok(in, KNOWN_LIMIT);
    size_t live = gc_stats().tracked;         /* globals and mk */
    size_t made = gc_stats().made;
    run_ok(in, "mk()\n");
    /* mk's scope, l and g keep each other alive: nothing else does */
    ck_assert_uint_eq(gc_stats().tracked, live + 3);
    ck_assert_uint_ge(gc_stats().made, made + 3);  /* far below the threshold */
    ck_assert_uint_eq(gc_collect(), 3);
    ck_assert_uint_eq(gc_stats().made, 0);         /* counted again from here */
    ck_assert_uint_eq(gc_stats().tracked, live);
    ck_assert_uint_eq(gc_collect(), 0);        /* nothing left to find */
    interp_free(in);
    ck_assert_uint_eq(gc_stats().tracked, 0);
}
END_TEST

START_TEST(nested_cycles_in_a_loop) {
    Interp *in = interp();
    /* each outer() call leaves two scopes, two closures and seven lists
     * (a, a[0], a[0][1], b, b[1], b[2], b[2][0]) pointing at each other:
     * a -> a[0] -> [inner] -> inner -> mid's scope -> b -> a, and
     * a -> mid -> outer's scope -> a */
    run_ok(in,
           "fn outer(n) {\n"
           "  let a = [[n]]\n"
           "  fn mid() {\n"
           "    let b = [a, [a]]\n"
           "    fn inner() { return b[0][0][0] + len(a) }\n"
           "    append(b, [[inner]])\n"
           "    append(a[0], [inner])\n"
           "    return inner()\n"
           "  }\n"
           "  append(a, mid)\n"
           "  return mid()\n"
           "}\n");
    size_t live = gc_stats().tracked;
    run_ok(in, "let total = 0\nfor i in range(50) { total = total + outer(i) }\n");
    ck_assert_double_eq(global_number(in, "total"), 50 * 49 / 2 + 50 * 2);
    size_t freed = gc_collect();
    ck_assert_uint_eq(freed, 50 * 11);        /* 2 scopes, 2 closures, 7 lists */
    ck_assert_uint_eq(gc_stats().tracked, live);
    interp_free(in);
}
END_TEST

/* 100000 lists deep below a cycle: marking and freeing are iterative. */
START_TEST(deep_garbage_needs_no_recursion) {
    Interp *in = interp();
    size_t freed = gc_stats().freed;
    run_ok(in,
           "fn mk() {\n"
           "  let l = []\n"
           "  let d = [l]\n"
           "  for i in range(100000) { d = [d] }\n"
           "  fn g() { return d }\n"
           "  append(l, g)\n"
           "}\n"
           "mk()\n");
    gc_collect();        /* when the statement ended, or now */
    ck_assert_uint_ge(gc_stats().freed - freed, 100000 + 3);
    ck_assert_uint_eq(gc_stats().tracked, 2);   /* globals and mk */
    interp_free(in);
}
END_TEST

/* ---- an optimizer holding its parameters ---- */

START_TEST(optimizer_in_a_cycle_frees_its_parameters) {
    Interp *in = interp();
    size_t before = tn_live_bytes(DEV_CPU);
    run_ok(in,
           "fn train() {\n"
           "  let w = randn(100, 100, grad)\n"
           "  let opt = sgd([w], 0.1)\n"
           "  let state = [opt]\n"
           "  fn step() { backward(sum(w * w)); opt.step(); return state }\n"
           "  append(state, step)\n"
           "  step()\n"
           "}\n"
           "train()\n");
    /* w, its .grad and the optimizer are held by the dead scope's cycle */
    ck_assert_uint_ge(tn_live_bytes(DEV_CPU), before + 2 * 100 * 100 * 4);
    ck_assert_uint_eq(gc_collect(), 3);         /* train's scope, state, step */
    ck_assert_uint_eq(tn_live_bytes(DEV_CPU), before);
    interp_free(in);
}
END_TEST

/* ---- objects whose class holds Values ---- */

/* A box holds one Value: the smallest class that can be in a cycle. */
typedef struct { Value v; } Box;
static int boxes_freed;

static void box_traverse(void *data, void (*visit)(Value v, void *ctx), void *ctx) {
    visit(((Box *)data)->v, ctx);
}

static void box_clear(void *data) {
    Box *b = data;
    Value old = b->v;
    b->v = ev_none();
    ev_release(old);
}

static void box_free(void *data) {
    box_clear(data);
    mg_free(data);
    boxes_freed++;
}

static const ObjClass box_class = {
    .type_name = "box", .free = box_free, .traverse = box_traverse, .clear = box_clear,
};

static Value box_new(Value v) {
    Box *b = mg_malloc(sizeof *b);
    b->v = v;
    return ev_object_new(&box_class, b);
}

START_TEST(objects_with_traverse_are_collected) {
    size_t bytes = mg_alloc_live_bytes(), blocks = mg_alloc_live_blocks();
    boxes_freed = 0;
    /* box -> list -> box */
    Value l = ev_list_new(1);
    Value box = box_new(l);                    /* takes l */
    ev_retain(box);
    ev_list_append(l.as.list, box);            /* takes the retained box */
    /* a -> b -> a, objects only: broken by clear */
    Value a = box_new(ev_none());
    Value b = box_new(a);                      /* takes a */
    ev_retain(b);
    ((Box *)a.as.obj->data)->v = b;            /* a held none; takes the retained b */
    ev_release(box);
    ev_release(b);
    ck_assert_int_eq(boxes_freed, 0);          /* both cycles leak under refcounting */
    ck_assert_uint_eq(gc_stats().tracked, 4);
    ck_assert_uint_eq(gc_collect(), 4);
    ck_assert_int_eq(boxes_freed, 3);
    ck_assert_uint_eq(mg_alloc_live_bytes(), bytes);
    ck_assert_uint_eq(mg_alloc_live_blocks(), blocks);
}
END_TEST

/* A box referenced from C (counted) is alive, and so is what it holds. */
START_TEST(objects_held_from_c_survive) {
    boxes_freed = 0;
    Value l = ev_list_new(1);
    Value box = box_new(l);
    ev_retain(box);
    ev_list_append(l.as.list, box);
    ck_assert_uint_eq(gc_collect(), 0);
    ck_assert_int_eq(l.as.list->n, 1);         /* not cleared */
    ck_assert_int_eq(boxes_freed, 0);
    ev_release(box);                           /* now only the cycle holds it */
    ck_assert_uint_eq(gc_collect(), 2);
    ck_assert_int_eq(boxes_freed, 1);
}
END_TEST

/* ---- garbage next to live values ---- */

START_TEST(live_values_survive_and_still_work) {
    Interp *in = interp();
    run_ok(in,
           "let keep = []\n"
           "let shared = [10, 20]\n"
           "fn mk(i) {\n"
           "  let l = [i, shared]\n"
           "  fn get() { return l[0] + len(l[1]) }\n"
           "  append(l, get)\n"
           "  if i % 2 == 0 { append(keep, get) }\n"
           "}\n"
           "for i in range(100) { mk(i) }\n");
    size_t live = gc_stats().tracked;
    /* the 50 odd calls are garbage: a scope, l and get each */
    ck_assert_uint_eq(gc_collect(), 50 * 3);
    ck_assert_uint_eq(gc_stats().tracked, live - 50 * 3);
    /* the even closures, their scopes and lists, and shared, still work */
    run_ok(in,
           "let s = 0\n"
           "for f in keep { s = s + f() }\n"
           "append(shared, 30)\n"
           "let n = len(shared)\n");
    ck_assert_double_eq(global_number(in, "s"), 2450 + 50 * 2);
    ck_assert_double_eq(global_number(in, "n"), 3);
    run_ok(in, "keep = none\nf = none\n");
    ck_assert_uint_eq(gc_collect(), 50 * 3);
    interp_free(in);
}
END_TEST

/* A function making a closure bound in its own scope (env -> closure ->
 * env) is freed at once by env_end_call, without the collector. */
START_TEST(common_cycle_freed_without_collecting) {
    Interp *in = interp();
    run_ok(in, "fn f(n) { fn g() { return n }; return g() }\n");
    size_t live = gc_stats().tracked;
    run_ok(in, "for i in range(100) { f(i) }\n");
    ck_assert_uint_eq(gc_stats().tracked, live);
    ck_assert_uint_eq(gc_collect(), 0);
    interp_free(in);
}
END_TEST

/* ---- when it runs ---- */

START_TEST(runs_after_a_statement_past_the_threshold) {
    Interp *in = interp();
    run_ok(in, KNOWN_LIMIT);
    gc_collect();
    size_t runs = gc_stats().collections, live = gc_stats().tracked;
    /* 3 containers a call: 100 calls stay under the threshold */
    run_ok(in, "for i in range(100) { mk() }\n");
    ck_assert_uint_eq(gc_stats().collections, runs);
    ck_assert_uint_eq(gc_stats().tracked, live + 300);
    /* 1000 more pass it: collected when the statement ends */
    run_ok(in, "for i in range(1000) { mk() }\nlet after = 1\n");
    ck_assert_uint_eq(gc_stats().collections, runs + 1);
    ck_assert_uint_eq(gc_stats().tracked, live);
    interp_free(in);
}
END_TEST

/* ---- the counting allocator comes back to its start ---- */

static const char *const cycle_programs[] = {
    KNOWN_LIMIT "mk()\n",
    KNOWN_LIMIT "for i in range(3000) { mk() }\n",
    "fn mk(x) { let l = [x]; fn g() { return l[0] * 2 }; append(l, g); return g }\n"
    "let fs = []\nfor i in range(10) { append(fs, mk(ones(3) * i)) }\nfs = none\n",
    "fn a() { let o = [sgd([param(ones(4))], 0.1)]; fn s() { return o }; append(o, s) }\na()\n",
};

START_TEST(allocator_back_to_start) {
    for (size_t i = 0; i < sizeof cycle_programs / sizeof *cycle_programs; i++) {
        for (int k = 0; k < 2; k++) {            /* first run: warm the storage caches */
            size_t bytes = mg_alloc_live_bytes(), blocks = mg_alloc_live_blocks();
            Interp *in = interp();
            run_ok(in, cycle_programs[i]);
            interp_free(in);
            mg_sources_free();
            if (k == 0) continue;
            ck_assert_msg(mg_alloc_live_bytes() == bytes && mg_alloc_live_blocks() == blocks,
                          "program %zu leaks: %zu -> %zu bytes, %zu -> %zu blocks", i, bytes,
                          mg_alloc_live_bytes(), blocks, mg_alloc_live_blocks());
            ck_assert_uint_eq(gc_stats().tracked, 0);
        }
    }
}
END_TEST

Suite *gc_suite(void) {
    Suite *s = suite_create("gc");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, known_limit_cycle_is_collected);
    tcase_add_test(tc, nested_cycles_in_a_loop);
    tcase_add_test(tc, deep_garbage_needs_no_recursion);
    tcase_add_test(tc, optimizer_in_a_cycle_frees_its_parameters);
    tcase_add_test(tc, objects_with_traverse_are_collected);
    tcase_add_test(tc, objects_held_from_c_survive);
    tcase_add_test(tc, live_values_survive_and_still_work);
    tcase_add_test(tc, common_cycle_freed_without_collecting);
    tcase_add_test(tc, runs_after_a_statement_past_the_threshold);
    tcase_add_test(tc, allocator_back_to_start);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(gc_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
