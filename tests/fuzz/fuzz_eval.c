/* fuzz_eval.c - libFuzzer target: lexer + parser + evaluator over any bytes.
 *
 * Each input is run as a script in a fresh interpreter, as `mg FILE` would
 * (on a thread with the evaluator's big stack, so the recursion limit is
 * an mg error, not a stack overflow). What may end a run is an mg error;
 * a crash, a sanitizer report, a leak or an abort is a finding.
 *
 * Budgets turn endless or huge programs into errors:
 *   in->max_steps            loop iterations + calls ("step limit exceeded")
 *   tn_rt.max_tensor_bytes   one tensor's bytes ("cannot allocate ...")
 *   in->max_value_bytes      a string or list made by + ("cannot make a string ...")
 * Output goes to /dev/null. Files a script writes (save, dot, plot) land in
 * the current directory: tests/fuzz/run.sh runs the fuzzer in a scratch one.
 *
 * Build and run: tests/fuzz/run.sh SECONDS (see docs/HARDENING.md).
 */
#include "eval/eval.h"
#include "tensor/tensor.h"
#include "util/alloc.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_MAX_STEPS 20000
#define FUZZ_MAX_TENSOR_BYTES ((uint64_t)1 << 22) /* 4 MB */
#define FUZZ_MAX_VALUE_BYTES ((size_t)1 << 20)    /* 1 MB */
#define FUZZ_MAX_INPUT 4096

static FILE *devnull;

typedef struct Job {
    const uint8_t *data;
    size_t size;
} Job;

static void *run_job(void *arg) {
    Job *job = arg;
    Interp *in = ev_new(devnull);
    in->max_steps = FUZZ_MAX_STEPS;
    in->max_value_bytes = FUZZ_MAX_VALUE_BYTES;
    Source *src = mg_source_new("<fuzz>", (const char *)job->data, job->size);
    MgError err;
    mg_error_clear(&err);
    if (!ev_run_source(in, src, true, &err)) mg_error_print(&err, devnull);
    ev_free(in);
    return NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc; (void)argv;
    devnull = fopen("/dev/null", "w");
    if (!devnull) abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > FUZZ_MAX_INPUT) return -1;  /* not added to the corpus */
    /* the runtime is process-wide: start every input from the same state */
    tn_rt.grad_enabled = true;
    tn_rt.anomaly = false;
    tn_rt.default_device = DEV_CPU;
    tn_rt.interrupted = 0;
    tn_rt.max_tensor_bytes = FUZZ_MAX_TENSOR_BYTES;
    tn_seed(0);
    Job job = { data, size };
    ev_run_big_stack(run_job, &job);
    tn_rt.cur_span = (Span){0};
    mg_sources_free();
    return 0;
}
