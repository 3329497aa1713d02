/* eval.c - the interpreter context and running whole programs.
 *
 * Statements are in eval_stmt.c, expressions in eval_expr.c, calls and
 * call traces in eval_call.c, values in value.c, scopes in env.c, the
 * cycle collector in gc.c. */
#include "eval_internal.h"
#include "../util/alloc.h"
#include <pthread.h>
#include <signal.h>
#include <string.h>

Interp *ev_new(FILE *out) {
    Interp *in = mg_calloc(1, sizeof *in);
    in->out = out ? out : stdout;
    in->globals = env_new(NULL);
    in->globals->root = true;
    tn_rt.grad_enabled = true;
    return in;
}

void ev_free(Interp *in) {
    if (!in) return;
    /* The cycles globals -> closure -> globals, and any garbage made since
     * the last collection, are freed by the collector. */
    env_release(in->globals);
    gc_collect();
    ev_consts_free(in);
    mg_free(in);
}

/* The statements of a program; the cycle collector may run after each one
 * (gc.h), when only counted references to containers exist. */
static Flow exec_top(Interp *in, Frame *fr, const Ast *program, MgError *err) {
    bool block = program->kind == AST_BLOCK;
    for (int i = 0; i < (block ? program->n_items : 1); i++) {
        Flow f = ev_exec_stmt(in, fr, block ? program->items[i] : program, err);
        gc_maybe_collect();
        if (f != FLOW_NORMAL) return f;
    }
    return FLOW_NORMAL;
}

bool ev_exec(Interp *in, Ast *program, Arena *arena, bool print_values, MgError *err) {
    Frame fr = {.env = in->globals, .arena = arena, .ret = ev_none(), .print_values = print_values};
    in->last_frame[0] = '\0';
    in->frame_repeats = 0;
    in->depth = 0;
    Flow f = exec_top(in, &fr, program, err);
    ev_release(fr.ret);
    if (f == FLOW_ERROR) {
        ev_flush_frames(in, err);
        return false;
    }
    return true;
}

bool ev_eval_top(Interp *in, const Ast *expr, Arena *arena, Value *out, MgError *err) {
    Frame fr = {.env = in->globals, .arena = arena, .ret = ev_none(), .print_values = false};
    in->last_frame[0] = '\0';
    in->frame_repeats = 0;
    in->depth = 0;
    bool ok = ev_eval(in, &fr, expr, out, err);
    ev_release(fr.ret);
    gc_maybe_collect();
    if (!ok) ev_flush_frames(in, err);
    return ok;
}

bool ev_run_source(Interp *in, const Source *src, bool print_values, MgError *err) {
    ParseResult pr = ps_parse(src, err);
    if (pr.status != PARSE_OK) {
        if (pr.status == PARSE_INCOMPLETE && err->kind == ERR_NONE)
            mg_error(err, ERR_SYNTAX, "unexpected end of input");
        if (err->kind == ERR_NONE) mg_error(err, ERR_SYNTAX, "syntax error");
        if (pr.arena) arena_release(pr.arena);
        return false;
    }
    bool ok = ev_exec(in, pr.program, pr.arena, print_values, err);
    arena_release(pr.arena);
    return ok;
}

bool ev_run_string(Interp *in, const char *name, const char *text, MgError *err) {
    Source *src = mg_source_new(name, text, strlen(text));
    return ev_run_source(in, src, false, err);
}

/* ---- names, for suggestions and completion ---- */

static const char *const keywords[] = {
    "let", "fn", "return", "if", "else", "while", "for", "in", "break", "continue",
    "true", "false", "none", "and", "or", "not", "no_grad", NULL
};

typedef struct { void (*fn)(void *, const char *); void *ctx; } NameVisit;

static void visit_builtin(void *ctx, const Builtin *b) {
    NameVisit *v = ctx;
    v->fn(v->ctx, b->name);
}

void ev_each_name(Env *env, void (*fn)(void *ctx, const char *name), void *ctx) {
    for (Env *e = env; e; e = e->parent)
        for (int i = 0; i < e->n; i++) fn(ctx, e->entries[i].name);
    NameVisit v = {fn, ctx};
    ev_builtin_each(visit_builtin, &v);
    for (int i = 0; i < OPT__COUNT; i++) fn(ctx, ev_option_name((OptionKind)i));
    for (int i = 0; keywords[i]; i++) fn(ctx, keywords[i]);
}

/* ---- the big stack and Ctrl-C ---- */

void ev_run_big_stack(void *(*fn)(void *), void *arg) {
    pthread_attr_t attr;
    pthread_t th;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, EV_STACK_BYTES);
    if (pthread_create(&th, &attr, fn, arg) != 0) {
        fn(arg);   /* no thread: run here with the ordinary stack */
    } else {
        pthread_join(th, NULL);
    }
    pthread_attr_destroy(&attr);
}

static void on_sigint(int sig) {
    (void)sig;
    tn_rt.interrupted = 1;
}

void ev_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}
