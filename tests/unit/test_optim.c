/* test_optim.c - sgd and adam: 50-step trajectories against PyTorch
 * (the files in tests/reference/optim/, written by scripts/gen_optim_reference.py),
 * in f64 and f32, and the optimizer value's behaviour: printing, skipping
 * parameters without .grad, zero_grad, no graph, version bumps, errors. */
#include <math.h>
#include <stdio.h>
#include "kit_run.h"
#include "util/numfmt.h"

#define STEPS 50
#define REF_DIR "tests/reference/optim/"

/* One reference file. */
typedef struct {
    char x[1024], y[512], w0[256], b0[128], unused[128];  /* mg list literals */
    char optimizer[256];
    double traj[2][STEPS][4];                             /* [f64, f32][step][w0 w1 w2 b] */
} Ref;

/* "KEY N v1 .. vN" -> "[v1, .., vN]" (rows of `cols` when cols > 0) */
static void read_list(FILE *f, int n, int cols, char *out, size_t cap) {
    size_t used = 0;
    used += (size_t)snprintf(out + used, cap - used, "[");
    for (int i = 0; i < n; i++) {
        double v;
        ck_assert_int_eq(fscanf(f, "%lf", &v), 1);
        char num[32];
        mg_fmt_number(v, num, sizeof num);
        const char *open = cols > 0 && i % cols == 0 ? "[" : "";
        const char *close = cols > 0 && i % cols == cols - 1 ? "]" : "";
        used += (size_t)snprintf(out + used, cap - used, "%s%s%s%s", i ? ", " : "", open, num, close);
        ck_assert_uint_lt(used, cap);
    }
    snprintf(out + used, cap - used, "]");
}

static void load_ref(const char *name, Ref *r) {
    char path[256], key[32];
    snprintf(path, sizeof path, REF_DIR "%s.txt", name);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s (run from the repository root)", path);
    memset(r, 0, sizeof *r);
    int dtype_index = -1;
    while (fscanf(f, "%31s", key) == 1) {
        int n, cols;
        if (key[0] == '#') {
            int c;
            while ((c = fgetc(f)) != EOF && c != '\n') {}
        } else if (strcmp(key, "X") == 0) {
            ck_assert_int_eq(fscanf(f, "%d %d", &n, &cols), 2);
            read_list(f, n * cols, cols, r->x, sizeof r->x);
        } else if (strcmp(key, "optimizer") == 0) {
            ck_assert_ptr_nonnull(fgets(r->optimizer, sizeof r->optimizer, f));
            r->optimizer[strcspn(r->optimizer, "\n")] = '\0';
        } else if (strcmp(key, "steps") == 0) {
            char dt[8];
            ck_assert_int_eq(fscanf(f, "%7s %d", dt, &n), 2);
            ck_assert_int_eq(n, STEPS);
            dtype_index = strcmp(dt, "f64") == 0 ? 0 : 1;
            for (int s = 0; s < STEPS; s++)
                for (int k = 0; k < 4; k++) ck_assert_int_eq(fscanf(f, "%lf", &r->traj[dtype_index][s][k]), 1);
        } else {
            char *dst = strcmp(key, "y") == 0 ? r->y : strcmp(key, "w0") == 0 ? r->w0
                      : strcmp(key, "b0") == 0 ? r->b0 : strcmp(key, "unused") == 0 ? r->unused : NULL;
            ck_assert_msg(dst != NULL, "unknown key %s in %s", key, path);
            ck_assert_int_eq(fscanf(f, "%d", &n), 1);
            read_list(f, n, 0, dst, 256);
        }
    }
    fclose(f);
    ck_assert_msg(r->optimizer[0] && dtype_index == 1, "%s is incomplete", path);
}

/* Runs the reference problem in mg and compares each step within tol
 * (relative to 1 + |expected|). Returns the largest difference seen. */
static double check_trajectory(const char *name, const char *dtype, double tol) {
    Ref *r = malloc(sizeof *r);
    load_ref(name, r);
    int di = strcmp(dtype, "f64") == 0 ? 0 : 1;
    char prog[8192];
    snprintf(prog, sizeof prog,
             "let X = tensor(%s, %s)\n"
             "let y = tensor(%s, %s)\n"
             "let w = tensor(%s, %s, grad)\n"
             "let b = tensor(%s, %s, grad)\n"
             "let unused = tensor(%s, %s, grad)\n"
             "let params = [w, b, unused]\n"
             "let opt = %s\n"
             "for i in range(%d) {\n"
             "    loss = mean((X @ w + b - y) ** 2)\n"
             "    backward(loss)\n"
             "    opt.step()\n"
             "    opt.zero_grad()\n"
             "    print(tolist(w), tolist(b))\n"
             "}\n"
             "print(tolist(unused), w.is_leaf, w.grad, w.dtype)\n",
             r->x, dtype, r->y, dtype, r->w0, dtype, r->b0, dtype, r->unused, dtype, r->optimizer, STEPS);
    KitRun run = kit_run(prog);
    ck_assert_msg(run.ok, "%s (%s): %s", name, dtype, run.err.msg);
    const char *p = run.out;
    double worst = 0;
    for (int s = 0; s < STEPS; s++) {
        for (int k = 0; k < 4; k++) {
            p += strcspn(p, "-0123456789ni");
            char *end;
            double got = strtod(p, &end);
            ck_assert_msg(end != p, "%s (%s): output ends early at step %d", name, dtype, s + 1);
            p = end;
            double want = r->traj[di][s][k];
            double diff = fabs(got - want) / (1 + fabs(want));
            if (diff > worst) worst = diff;
            ck_assert_msg(diff <= tol, "%s (%s): step %d, value %d: got %.17g, PyTorch %.17g",
                          name, dtype, s + 1, k, got, want);
        }
    }
    char tail[sizeof r->unused + 32];
    p += strspn(p, "]");
    snprintf(tail, sizeof tail, "\n%s true none %s\n", r->unused, dtype);
    ck_assert_msg(strcmp(p, tail) == 0, "%s: after the steps, got '%s', expected '%s'", name, p, tail);
    kit_free(&run);
    free(r);
    return worst;
}

static const char *const CASES[] = {"sgd_plain", "sgd_momentum_wd", "adam", "adam_betas"};

START_TEST(trajectories_f64) {
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        double worst = check_trajectory(CASES[i], "f64", 1e-12);
        printf("  %s f64: largest relative difference from PyTorch %.2g\n", CASES[i], worst);
    }
}
END_TEST

START_TEST(trajectories_f32) {
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        double worst = check_trajectory(CASES[i], "f32", 2e-6);
        printf("  %s f32: largest relative difference from PyTorch %.2g\n", CASES[i], worst);
    }
}
END_TEST

START_TEST(optimizer_values) {
    KIT_OUT("let w = tensor([1.0], grad)\nlet o = sgd([w], 0.1)\nprint(o, type(o), adam([w]))\nprint([o])",
            "<optimizer sgd> optimizer <optimizer adam>\n[<optimizer sgd>]\n");
    /* one tensor is accepted as well as a list */
    KIT_OUT("let w = tensor([1.0, 2.0], grad)\nlet o = sgd(w, 0.25)\nbackward(sum(w * w))\no.step()\nprint(w)",
            "tensor([0.5000, 1.0000], grad)\n");
}
END_TEST

START_TEST(skips_params_without_grad) {
    /* b has no .grad: it stays, and its momentum does not start */
    KIT_OUT("let w = tensor([1.0], grad)\nlet b = tensor([1.0], grad)\n"
            "let o = sgd([w, b], 0.5, momentum=1)\n"
            "backward(sum(w * 2)); o.step(); o.zero_grad()\n"
            "print(w, b, w.grad, b.grad)\n"
            "backward(sum(w * 2 + b)); o.step()\n"
            "print(w, b)",
            "tensor([0], grad) tensor([1], grad) none none\n"
            "tensor([-2], grad) tensor([0.5000], grad)\n");
}
END_TEST

START_TEST(zero_grad_sets_none) {
    KIT_OUT("let w = tensor([1.0], grad)\nlet o = adam([w])\nbackward(sum(w * 3))\nprint(w.grad)\n"
            "o.zero_grad()\nprint(w.grad)\nbackward(sum(w * 3))\nprint(w.grad)",
            "tensor([3])\nnone\ntensor([3])\n");
}
END_TEST

START_TEST(step_records_no_graph) {
    KIT_OUT("let w = tensor([1.0, 2.0], grad)\nlet o = adam([w], 0.1)\nbackward(sum(w * w))\no.step()\n"
            "print(w.is_leaf, w.grad_fn, w.requires_grad)\nprint(w)",
            "true none true\ntensor([0.9000, 1.9000], grad)\n");
}
END_TEST

START_TEST(step_bumps_the_version) {
    /* y saved w for its backward; the update makes that stale (SPEC §6.5) */
    KitRun r = kit_run("let w = tensor([1.0], grad)\nlet o = sgd([w], 0.1)\nlet y = sum(w * w)\n"
                       "backward(sum(w * 2))\no.step()\nbackward(y)");
    ck_assert(!r.ok);
    ck_assert_int_eq(r.err.kind, ERR_AUTOGRAD);
    ck_assert_msg(strstr(r.err.msg, "modified in place") != NULL, "%s", r.err.msg);
    kit_free(&r);
}
END_TEST

START_TEST(errors) {
    KIT_ERR("sgd([], 0.1)", ERR_VALUE, "sgd: the parameter list is empty");
    KIT_ERR("let w = tensor([1.0], grad)\nsgd([w * 2], 0.1)", ERR_VALUE, "sgd: parameter 1 is not a leaf tensor");
    KIT_ERR("sgd([tensor([1.0], grad), 3], 0.1)", ERR_TYPE, "sgd: parameter 2 is a number, not a tensor");
    KIT_ERR("let w = tensor([1.0], grad)\nsgd([w, w], 0.1)", ERR_VALUE, "sgd: parameter 2 appears twice");
    KIT_ERR("sgd([tensor([1.0], grad)], -1)", ERR_VALUE, "sgd: lr must be a finite number >= 0, got -1");
    KIT_ERR("sgd([tensor([1.0], grad)])", ERR_TYPE, "sgd: missing argument 'lr'");
    KIT_ERR("adam([tensor([1.0], grad)], beta1=1)", ERR_VALUE, "adam: beta1 must be in [0, 1), got 1");
    KIT_ERR("adam(\"w\")", ERR_TYPE, "bad argument #1 to 'adam' (list of tensors expected, got string)");
    KIT_ERR("let o = sgd([tensor([1.0], grad)], 0.1)\no.run()", ERR_NAME, "optimizer has no method 'run'");
    KIT_ERR("let o = sgd([tensor([1.0], grad)], 0.1)\no.step(1)", ERR_TYPE, "step: expected at most 1 argument");
}
END_TEST

static Suite *optim_suite(void) {
    Suite *s = suite_create("optim");
    TCase *tc = tcase_create("optim");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, trajectories_f64);
    tcase_add_test(tc, trajectories_f32);
    tcase_add_test(tc, optimizer_values);
    tcase_add_test(tc, skips_params_without_grad);
    tcase_add_test(tc, zero_grad_sets_none);
    tcase_add_test(tc, step_records_no_graph);
    tcase_add_test(tc, step_bumps_the_version);
    tcase_add_test(tc, errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return kit_main(optim_suite()); }
