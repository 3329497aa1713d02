/* eval.h - the tree-walking evaluator (SPEC §4) and its context.
 *
 * An Interp holds everything one program needs: globals, the output stream
 * (a field, so tests capture output without globals), the call depth and the
 * script's arguments. Several can live in one process (tests), but they share
 * the tensor runtime's state tn_rt (grad mode, default device, RNG).
 *
 * Deep recursion: a user call costs a few C frames; the recursion limit
 * (EV_MAX_DEPTH) needs far more stack than the default 8 MB, so main.c runs
 * the interpreter on a thread with EV_STACK_BYTES of stack (ev_run_big_stack).
 *
 * Decisions where SPEC is silent:
 *   - `and`/`or` short-circuit and give a bool (not an operand, as Python would);
 *   - `==` between different types is false (`true == 1` is false); tensors
 *     compare elementwise (tn_eq) against tensors and numbers;
 *   - a `for` variable is bound in the current function scope, like `let`
 *     (a loop in a function never rebinds a global of the same name);
 *   - `for i in range(...)` counts without building a list; range() called
 *     elsewhere returns a list; its bounds may have fractions;
 *   - `x op= v` is in place only when x holds a tensor; otherwise it rebinds
 *     x to `x op v` (numbers, strings, lists);
 *   - the prompt prints a bare string raw, as print() does;
 *   - error trace lines that repeat (deep recursion) are counted:
 *     "[previous line repeated N more times]".
 */
#ifndef MG_EVAL_H
#define MG_EVAL_H
#include "value.h"
#include "env.h"
#include "../parser/parser.h"

#define EV_MAX_DEPTH 10000
#define EV_STACK_BYTES ((size_t)256 << 20)
/* The largest string or list (its items' bytes) that `+` makes, unless
 * Interp.max_value_bytes says otherwise: "s = s + s" forty times is an
 * error, not an attempt at 2 TB. */
#define EV_MAX_VALUE_BYTES ((size_t)1 << 30)

typedef struct Interp {
    FILE *out;              /* print, graph, trace, values at the prompt */
    Env *globals;
    int depth;              /* user function calls in progress */
    int argc;               /* args() */
    char **argv;
    /* call-trace compression: a frame line equal to the previous one is
     * counted instead of repeated (deep recursion errors stay short) */
    char last_frame[256];
    int frame_repeats;
    Span last_call_span;
    /* Evaluation budget (0: none; the fuzzer sets it, tests/fuzz/): each
     * loop iteration and function call is a step, and a program that takes
     * more than max_steps stops with "step limit exceeded". */
    long long max_steps;
    long long steps;
    size_t max_value_bytes;  /* 0: EV_MAX_VALUE_BYTES */
    /* 0-d tensors of numbers used as tensor operands, shared and immutable
     * (eval_expr.c); owned here, freed by ev_free. NULL until first used. */
    struct EvConstCache *consts;
} Interp;

/* The value budget in force: Interp.max_value_bytes, or the default. */
static inline size_t ev_value_limit(const Interp *in) {
    return in->max_value_bytes ? in->max_value_bytes : EV_MAX_VALUE_BYTES;
}

Interp *ev_new(FILE *out);
void    ev_free(Interp *in);

/* Run a parsed program in the globals. print_values: print the value of
 * each bare expression statement that is not none (the prompt). The arena is
 * retained by functions the program defines; the caller releases its own
 * reference. */
bool ev_exec(Interp *in, Ast *program, Arena *arena, bool print_values, MgError *err);

/* Evaluate one expression in the globals, as a top-level statement would
 * (new reference in *out). The prompt runs a bare expression statement with
 * this rather than ev_exec, so it knows which inputs showed a value (:save
 * writes those as print(...)). */
bool ev_eval_top(Interp *in, const Ast *expr, Arena *arena, Value *out, MgError *err);

/* Parse and run a whole source (scripts, -e, tests). */
bool ev_run_source(Interp *in, const Source *src, bool print_values, MgError *err);
/* Convenience for tests: registers a Source named `name`. */
bool ev_run_string(Interp *in, const char *name, const char *text, MgError *err);

/* Call a function value (user function or builtin) with positional args. */
bool ev_call_value(Interp *in, Value f, Value *args, int n, Span call_span, Value *out, MgError *err);

/* Arithmetic and comparison on values (numbers, strings, tensors), as the
 * operators do. op is a TokenKind (TOK_PLUS ... TOK_GE). */
bool ev_binary(Interp *in, TokenKind op, Value a, Value b, Span span, Value *out, MgError *err);

/* A number as a 0-d tensor with like's dtype and device (new reference). */
Tensor *ev_scalar_like(double v, const Tensor *like, MgError *err);

/* Names for "did you mean" suggestions and prompt completion: calls fn for
 * every variable visible from env, every builtin and every keyword. */
void ev_each_name(Env *env, void (*fn)(void *ctx, const char *name), void *ctx);

/* Runs fn(arg) on a thread with EV_STACK_BYTES of stack and waits for it. */
void ev_run_big_stack(void *(*fn)(void *), void *arg);

/* SIGINT sets tn_rt.interrupted; the evaluator checks it in loops and calls. */
void ev_install_sigint(void);

#endif
