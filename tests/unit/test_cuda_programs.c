/* test_cuda_programs.c - whole mg programs on cuda (issue 5: "by changing
 * one word"): moving between devices with gradients, gradcheck on cuda
 * tensors, the optimizers, the constructors, and a training loop, each
 * checked against the same program on the CPU.
 *
 * test_cuda.c compares every op, kernel by kernel; this suite checks what a
 * learner sees at the language level. Each program computes on both
 * devices and prints comparisons (or values exact on both), so the
 * expected output is the same wherever it runs.
 *
 * Without a GPU (or without libmg_cuda.so, found through $MG_CUDA_LIB) it
 * prints "test_cuda_programs: no CUDA device; skipping" and passes; `make
 * cuda-emu` runs it on the host emulation of the kernels (not a GPU). */
#include <stdio.h>
#include "kit_run.h"
#include "tensor/tensor.h"

/* to() is differentiable both ways; printing copies to the host and names
 * the device; mem() counts cuda bytes apart. */
START_TEST(moving_between_devices) {
    KIT_OUT("let x = tensor([1, 2, 3], grad)\n"
            "let y = sum(to(x, cuda) ** 2)\n"
            "print(y.device, x.grad)\n"
            "backward(y)\n"
            "print(x.grad, x.grad.device)\n"
            "let z = tensor([0.5, 2], f64, cuda, grad)\n"
            "print(z)\n"
            "let w = sum(to(z * 3, cpu))\n"
            "backward(w)\n"
            "print(w.device, z.grad)\n"
            "print(mem()[1] > 0)\n",
            "cuda none\n"
            "tensor([2, 4, 6]) cpu\n"
            "tensor([0.5000, 2.0000], f64, cuda, grad)\n"
            "cpu tensor([3, 3], f64, cuda)\n"
            "true\n");
}
END_TEST

/* gradcheck (SPEC §6.4) on cuda tensors: matmul, softmax, a reduction with
 * an index and a broadcast, in f64. */
START_TEST(gradcheck_on_cuda) {
    KIT_OUT("set_device(cuda)\n"
            "seed(5)\n"
            "let a = randn(3, 4, f64, grad)\n"
            "let b = randn(4, 2, f64, grad)\n"
            "let c = randn(2, f64, grad)\n"
            "fn f(a, b, c) {\n"
            "    let h = a @ b + c\n"
            "    return sum(tanh(h) * softmax(h, axis=1)) + mean(max(a, axis=0) ** 2)\n"
            "}\n"
            "print(a.device, gradcheck(f, a, b, c))\n"
            "print(a.grad, b.grad)\n",
            "cuda true\n"
            "none none\n");
}
END_TEST

/* sgd (momentum, weight decay) and adam take the same steps on both
 * devices: 20 steps of a linear fit in f64 from the same start. */
START_TEST(optimizers_match_cpu) {
    KIT_OUT("fn train(dev, kind) {\n"
            "    seed(7)\n"
            "    let X = to(randn(16, 4, f64), dev)\n"
            "    let Y = to(randn(16, 1, f64), dev)\n"
            "    let W = param(to(randn(4, 1, f64), dev))\n"
            "    let b = param(to(zeros(1, f64), dev))\n"
            "    let opt = none\n"
            "    if kind == \"sgd\" { opt = sgd([W, b], 0.05, momentum=0.9, weight_decay=0.01) }\n"
            "    else { opt = adam([W, b], 0.01) }\n"
            "    for i in range(20) {\n"
            "        opt.zero_grad()\n"
            "        backward(mse_loss(X @ W + b, Y))\n"
            "        opt.step()\n"
            "    }\n"
            "    return [to(W, cpu), W.device, to(b, cpu)]\n"
            "}\n"
            "for kind in [\"sgd\", \"adam\"] {\n"
            "    let c = train(cpu, kind)\n"
            "    let g = train(cuda, kind)\n"
            "    print(kind, g[1], item(max(abs(c[0] - g[0]))) < 1e-12,\n"
            "          item(max(abs(c[2] - g[2]))) < 1e-12, item(max(abs(c[2]))) > 0)\n"
            "}\n",
            "sgd cuda true true true\n"
            "adam cuda true true true\n");
}
END_TEST

/* The constructors make cuda tensors with the CPU's values when cuda is the
 * default device (set_device, as `mg --device cuda`). */
START_TEST(constructors_on_cuda) {
    KIT_OUT("fn make() {\n"
            "    seed(3)\n"
            "    return [eye(3), linspace(0, 1, 5), full([2, 3], 7), arange(1, 4),\n"
            "            zeros(2), ones(2, 2), arange(5, f64), rand(4), randn(2, 3),\n"
            "            tensor([[1, 2], [3, 4]]), zeros_like(ones(2)), one_hot(tensor([0, 2]), 3)]\n"
            "}\n"
            "let c = make()\n"
            "set_device(cuda)\n"
            "let g = make()\n"
            "let same = true\n"
            "for i in range(len(c)) {\n"
            "    same = same and g[i].device == \"cuda\" and c[i].device == \"cpu\"\n"
            "    same = same and item(sum(abs(c[i] - to(g[i], cpu)))) == 0\n"
            "}\n"
            "print(len(g), same)\n"
            "print(g[1])\n",
            "12 true\n"
            "tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000], cuda)\n");
}
END_TEST

/* A small classifier trained on cuda ends where the CPU's ends. */
START_TEST(training_loop_matches_cpu) {
    KIT_OUT("fn run(dev) {\n"
            "    seed(11)\n"
            "    let X = to(randn(64, 2), dev)\n"
            "    let cls = []\n"
            "    for i in range(64) { append(cls, (i * 7) % 3) }\n"
            "    let C = to(tensor(cls), dev)\n"
            "    let W1 = param(to(randn(2, 16) * 0.5, dev))\n"
            "    let W2 = param(to(randn(16, 3) * 0.5, dev))\n"
            "    let opt = sgd([W1, W2], 0.1)\n"
            "    let loss = none\n"
            "    for i in range(30) {\n"
            "        opt.zero_grad()\n"
            "        loss = cross_entropy(relu(X @ W1) @ W2, C)\n"
            "        backward(loss)\n"
            "        opt.step()\n"
            "    }\n"
            "    return item(loss)\n"
            "}\n"
            "let c = run(cpu)\n"
            "let g = run(cuda)\n"
            "print(abs(c - g) < 1e-4 * abs(c), g < 1.2)\n",
            "true true\n");
}
END_TEST

/* The default device is process state (tn_rt): each program starts on the CPU. */
static void start_on_cpu(void) {
    MgError err;
    mg_error_clear(&err);
    ck_assert(tn_set_default_device(DEV_CPU, &err));
}

int main(void) {
    if (!tn_cuda_available()) {
        printf("test_cuda_programs: no CUDA device; skipping\n");
        return 0;
    }
    Suite *s = suite_create("cuda programs");
    TCase *tc = tcase_create("programs");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, start_on_cpu, NULL);
    tcase_add_test(tc, moving_between_devices);
    tcase_add_test(tc, gradcheck_on_cuda);
    tcase_add_test(tc, optimizers_match_cpu);
    tcase_add_test(tc, constructors_on_cuda);
    tcase_add_test(tc, training_loop_matches_cpu);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);   /* a CUDA context does not survive fork() */
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
