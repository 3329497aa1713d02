/* eval_call.c - calling user functions and builtins, method sugar, and the
 * call trace of errors that escape user functions (SPEC §8). */
#include "eval_internal.h"
#include "../util/alloc.h"
#include <string.h>

/* ---- call traces ----
 * Each user function an error passes through adds
 *   "  in fn NAME (where inside NAME), called at CALL-SITE"
 * Equal consecutive lines (deep recursion) are counted, not repeated. */

void ev_flush_frames(Interp *in, MgError *err) {
    if (in->frame_repeats > 0) {
        char line[64];
        size_t used = strlen(err->trace);
        int n = snprintf(line, sizeof line, "  [previous line repeated %d more times]\n", in->frame_repeats);
        if (used + (size_t)n < sizeof err->trace) memcpy(err->trace + used, line, (size_t)n + 1);
    }
    in->frame_repeats = 0;
    in->last_frame[0] = '\0';
}

static void add_frame(Interp *in, MgError *err, const char *name, Span call_span) {
    if (err->kind == ERR_EXIT || err->kind == ERR_INTERRUPT) return;
    Span inside = err->trace[0] ? in->last_call_span : err->span;
    char a[128], b[128], line[256];
    snprintf(line, sizeof line, "%s|%s|%s", name, mg_span_str(inside, a, sizeof a),
             mg_span_str(call_span, b, sizeof b));
    in->last_call_span = call_span;
    if (err->trace[0] && strcmp(line, in->last_frame) == 0) {
        in->frame_repeats++;
        return;
    }
    ev_flush_frames(in, err);
    snprintf(in->last_frame, sizeof in->last_frame, "%s", line);
    mg_error_add_frame(err, name, inside, call_span);
}

/* ---- user functions ---- */

bool ev_call_closure(Interp *in, Closure *c, Value *args, const char **kw, int n,
                     Span call_span, Value *out, MgError *err) {
    const AstFn *fn = c->fn;
    const char *name = fn->name ? fn->name : "lambda";
    if (!ev_check_interrupt(in, err)) return mg_error_set_span_if_unset(err, call_span), false;
    if (in->depth >= EV_MAX_DEPTH)
        return mg_error_at(err, call_span, ERR_RECURSION, "recursion depth exceeded (limit %d)", EV_MAX_DEPTH);

    /* bind parameters: positional first, then keywords (on the stack: a
     * function of more than FN_MAX_PARAMS parameters is refused here) */
    enum { FN_MAX_PARAMS = 64 };
    Value bound[FN_MAX_PARAMS];
    bool given[FN_MAX_PARAMS] = {0};
    if (fn->n_params > FN_MAX_PARAMS) return mg_error_at(err, call_span, ERR_TYPE, "%s: too many parameters", name);
    int n_pos = 0;
    while (n_pos < n && !(kw && kw[n_pos])) n_pos++;
    if (n_pos > fn->n_params)
        return mg_error_at(err, call_span, ERR_TYPE, "%s: expected at most %d argument%s, got %d",
                           name, fn->n_params, fn->n_params == 1 ? "" : "s", n_pos);
    for (int i = 0; i < n_pos; i++) { bound[i] = args[i]; given[i] = true; }
    for (int i = n_pos; i < n; i++) {
        int p = -1;
        for (int j = 0; j < fn->n_params; j++)
            if (strcmp(fn->params[j], kw[i]) == 0) p = j;
        if (p < 0) return mg_error_at(err, call_span, ERR_TYPE, "%s: unknown keyword argument '%s'", name, kw[i]);
        if (given[p]) return mg_error_at(err, call_span, ERR_TYPE, "%s: argument '%s' given twice", name, kw[i]);
        bound[p] = args[i];
        given[p] = true;
    }
    for (int j = 0; j < fn->n_params; j++)
        if (!given[j]) return mg_error_at(err, call_span, ERR_TYPE, "%s: missing argument '%s'", name, fn->params[j]);

    Env *env = env_new(c->env);
    for (int j = 0; j < fn->n_params; j++) {
        ev_retain(bound[j]);
        env_define(env, fn->params[j], bound[j]);
    }
    Frame fr = {.env = env, .arena = c->arena, .ret = ev_none(), .print_values = false};
    in->depth++;
    bool ok;
    if (fn->is_expr_body) {
        ok = ev_eval(in, &fr, fn->body, out, err);
    } else {
        Flow f = ev_exec_block(in, &fr, fn->body, err);
        ok = f != FLOW_ERROR;
        if (ok) { *out = fr.ret; fr.ret = ev_none(); }
    }
    in->depth--;
    ev_release(fr.ret);
    env_end_call(env);
    if (!ok) {
        mg_error_set_span_if_unset(err, call_span);
        add_frame(in, err, name, call_span);
    }
    return ok;
}

bool ev_call_value(Interp *in, Value f, Value *args, int n, Span call_span, Value *out, MgError *err) {
    if (f.type == VAL_FUNCTION) return ev_call_closure(in, f.as.fn, args, NULL, n, call_span, out, err);
    if (f.type == VAL_BUILTIN) return ev_builtin_call(in, f.as.builtin, args, NULL, n, call_span, out, err);
    return mg_error_at(err, call_span, ERR_TYPE, "a %s is not callable", ev_type_name(f));
}

/* ---- call expressions ---- */

static const Builtin *find_method(const Builtin *rows, const char *name) {
    for (const Builtin *b = rows; b && b->name; b++)
        if (strcmp(b->name, name) == 0) return b;
    return NULL;
}

bool ev_eval_call(Interp *in, Frame *fr, const Ast *call, Value *out, MgError *err) {
    /* Arguments go after an optional receiver (method calls: x.f(a) = f(x, a)). */
    /* Up to 8 arguments and the receiver stay on the stack (no malloc on
     * the call path); longer calls use the heap. */
    enum { STACK_ARGS = 9 };
    int n = call->n_args + 1;
    Value stack_args[STACK_ARGS];
    const char *stack_kw[STACK_ARGS];
    Value *args = n <= STACK_ARGS ? stack_args : mg_malloc(sizeof(Value) * (size_t)n);
    const char **kw = n <= STACK_ARGS ? stack_kw : mg_malloc(sizeof(char *) * (size_t)n);
    int k = 0;
    bool ok = false;
    Value callee = ev_none();
    const Builtin *method = NULL;
    const Ast *fe = call->a;

    if (fe->kind == AST_ATTR) {
        Value recv;
        if (!ev_eval(in, fr, fe->a, &recv, err)) goto done;
        args[0] = recv;
        kw[0] = NULL;
        k = 1;
        method = recv.type == VAL_OBJECT ? find_method(recv.as.obj->cls->methods, fe->name)
                                         : ev_builtin_find(fe->name);
        if (!method) {
            mg_error_at(err, fe->span, ERR_NAME, "%s has no method '%s'", ev_type_name(recv), fe->name);
            goto done;
        }
    } else if (!ev_eval(in, fr, fe, &callee, err)) {
        goto done;
    }
    for (int i = 0; i < call->n_args; i++) {
        if (!ev_eval(in, fr, call->args[i].value, &args[k], err)) goto done;
        kw[k++] = call->args[i].name;
    }
    if (!ev_check_interrupt(in, err)) { mg_error_set_span_if_unset(err, call->span); goto done; }
    if (method) ok = ev_builtin_call(in, method, args, kw, k, call->span, out, err);
    else if (callee.type == VAL_BUILTIN) ok = ev_builtin_call(in, callee.as.builtin, args, kw, k, call->span, out, err);
    else if (callee.type == VAL_FUNCTION) ok = ev_call_closure(in, callee.as.fn, args, kw, k, call->span, out, err);
    else mg_error_at(err, call->span, ERR_TYPE, "a %s is not callable", ev_type_name(callee));
done:
    for (int i = 0; i < k; i++) ev_release(args[i]);
    ev_release(callee);
    if (args != stack_args) mg_free(args);
    if (kw != stack_kw) mg_free(kw);
    return ok;
}
