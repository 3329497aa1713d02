/* eval_stmt.c - statements (SPEC §4): bindings, assignment, control flow. */
#include "eval_internal.h"
#include "../autograd/graph.h"
#include "../util/alloc.h"
#include <string.h>

/* Tensors bound to a name remember it for graph() and backward traces. */
static void name_value(Value v, const char *name) {
    if (v.type == VAL_TENSOR) ag_name_tensor(v.as.tensor, name);
}

static TokenKind binary_of(TokenKind op_assign) {
    switch (op_assign) {
    case TOK_PLUS_EQ: return TOK_PLUS;
    case TOK_MINUS_EQ: return TOK_MINUS;
    case TOK_STAR_EQ: return TOK_STAR;
    default: return TOK_SLASH;
    }
}

static char op_char(TokenKind op_assign) {
    switch (op_assign) {
    case TOK_PLUS_EQ: return '+';
    case TOK_MINUS_EQ: return '-';
    case TOK_STAR_EQ: return '*';
    default: return '/';
    }
}

/* target = v (v borrowed) */
static bool assign_to(Interp *in, Frame *fr, const Ast *target, Value v, MgError *err) {
    switch (target->kind) {
    case AST_NAME:
        ev_retain(v);
        name_value(v, target->name);
        env_assign(fr->env, target->name, v);
        return true;
    case AST_INDEX: {
        Value obj;
        if (!ev_eval(in, fr, target->a, &obj, err)) return false;
        bool ok = ev_index_set(in, fr, obj, target, v, err);
        ev_release(obj);
        return ok;
    }
    case AST_ATTR: {
        Value obj;
        if (!ev_eval(in, fr, target->a, &obj, err)) return false;
        bool ok = ev_set_attr(in, obj, target->name, v, target->span, err);
        ev_release(obj);
        return ok;
    }
    default:
        return mg_error_at(err, target->span, ERR_SYNTAX, "cannot assign to this expression");
    }
}

/* x op= v on the tensor x itself (SPEC §6.5); v a tensor, number or bool. */
static bool inplace(Tensor *x, Value rhs, const Ast *s, MgError *err) {
    Tensor *v = rhs.type == VAL_TENSOR ? (tn_retain(rhs.as.tensor), rhs.as.tensor)
              : rhs.type == VAL_NUMBER ? ev_scalar_like(rhs.as.num, x, err)
              : rhs.type == VAL_BOOL ? ev_scalar_like(rhs.as.b, x, err) : NULL;
    if (!v) {
        if (rhs.type != VAL_NUMBER && rhs.type != VAL_BOOL && rhs.type != VAL_TENSOR)
            mg_error(err, ERR_TYPE, "unsupported operand types for '%c=': tensor and %s",
                     op_char(s->op), ev_type_name(rhs));
        return false;
    }
    tn_rt.cur_span = s->span;
    bool ok = tn_inplace(x, op_char(s->op), v, err);
    tn_release(v);
    return ok;
}

/* x op= v: in place on a tensor (SPEC §6.5), else x = x op v. The tensor
 * may be named by a variable, a list element (`params[0] -= lr * g`) or an
 * attribute (`w.grad *= 0`): all update the tensor itself, so every other
 * reference to it sees the change, as in Python. Only x[i] op= v on a
 * tensor x reads the region and writes it back, through tn_index_assign. */
static bool op_assign(Interp *in, Frame *fr, const Ast *s, MgError *err) {
    const Ast *target = s->a;
    Value rhs;
    if (!ev_eval(in, fr, s->b, &rhs, err)) return false;
    bool ok = false;
    if (target->kind == AST_NAME) {
        Value *cur = env_lookup(fr->env, target->name);
        if (!cur) {
            ev_release(rhs);
            return ev_name_error(in, fr, target->name, target->span, err);
        }
        if (cur->type == VAL_TENSOR) {
            ok = inplace(cur->as.tensor, rhs, s, err);
        } else {
            Value res;
            ok = ev_binary(in, binary_of(s->op), *cur, rhs, s->span, &res, err);
            if (ok) {
                /* rebind by name (env_assign releases the old value) */
                env_assign(fr->env, target->name, res);
            }
        }
    } else if (target->kind == AST_INDEX || target->kind == AST_ATTR) {
        Value obj;
        if (ev_eval(in, fr, target->a, &obj, err)) {
            Value cur;
            bool got = target->kind == AST_INDEX ? ev_index_get(in, fr, obj, target, &cur, err)
                                                 : ev_get_attr(in, obj, target->name, target->span, &cur, err);
            bool region = target->kind == AST_INDEX && obj.type == VAL_TENSOR;
            if (got && cur.type == VAL_TENSOR && !region) {
                ok = inplace(cur.as.tensor, rhs, s, err);
                ev_release(cur);
            } else if (got) {
                Value res;
                if (ev_binary(in, binary_of(s->op), cur, rhs, s->span, &res, err)) {
                    ok = target->kind == AST_INDEX ? ev_index_set(in, fr, obj, target, res, err)
                                                   : ev_set_attr(in, obj, target->name, res, target->span, err);
                    ev_release(res);
                }
                ev_release(cur);
            }
            ev_release(obj);
        }
    } else {
        mg_error_at(err, target->span, ERR_SYNTAX, "cannot assign to this expression");
    }
    ev_release(rhs);
    if (!ok) mg_error_set_span_if_unset(err, s->span);
    return ok;
}

static bool cond_true(Interp *in, Frame *fr, const Ast *cond, bool *out, MgError *err) {
    Value v;
    if (!ev_eval(in, fr, cond, &v, err)) return false;
    bool ok = ev_truthy(v, out, err);
    ev_release(v);
    if (!ok) mg_error_set_span_if_unset(err, cond->span);
    return ok;
}

/* Runs the body once with the loop variable bound to v (taken). */
static Flow loop_body(Interp *in, Frame *fr, const Ast *s, Value v, MgError *err) {
    name_value(v, s->name);
    env_define(fr->env, s->name, v);
    if (!ev_check_interrupt(in, err)) {
        mg_error_set_span_if_unset(err, s->span);
        return FLOW_ERROR;
    }
    return ev_exec_block(in, fr, s->body, err);
}

/* `for i in range(...)` counts without building a list (when `range` is
 * the builtin, not a user variable). */
static bool range_bounds(Interp *in, Frame *fr, const Ast *call, double *start, double *stop,
                         double *step, MgError *err) {
    double v[3];
    if (call->n_args < 1 || call->n_args > 3)
        return mg_error_at(err, call->span, ERR_TYPE, "range: expected 1 to 3 arguments, got %d", call->n_args);
    for (int i = 0; i < call->n_args; i++) {
        if (call->args[i].name)
            return mg_error_at(err, call->args[i].span, ERR_TYPE, "range: unknown keyword argument '%s'",
                               call->args[i].name);
        Value x;
        if (!ev_eval(in, fr, call->args[i].value, &x, err)) return false;
        if (x.type != VAL_NUMBER) {
            mg_error_at(err, call->args[i].value->span, ERR_TYPE,
                        "bad argument #%d to 'range' (number expected, got %s)", i + 1, ev_type_name(x));
            ev_release(x);
            return false;
        }
        v[i] = x.as.num;
    }
    *start = call->n_args == 1 ? 0 : v[0];
    *stop = call->n_args == 1 ? v[0] : v[1];
    *step = call->n_args == 3 ? v[2] : 1;
    if (*step == 0) return mg_error_at(err, call->span, ERR_VALUE, "range: step must not be zero");
    return true;
}

static bool is_builtin_range(Frame *fr, const Ast *e) {
    return e->kind == AST_CALL && e->a->kind == AST_NAME && strcmp(e->a->name, "range") == 0 &&
           !env_lookup(fr->env, "range");
}

/* Break ends the loop, continue only the current iteration; return and
 * errors end the loop and are passed up (result). */
#define LOOP_FLOW(f) \
    if ((f) == FLOW_BREAK) break; \
    if ((f) == FLOW_RETURN || (f) == FLOW_ERROR) { result = (f); break; }

static Flow exec_for(Interp *in, Frame *fr, const Ast *s, MgError *err) {
    Flow result = FLOW_NORMAL;
    if (is_builtin_range(fr, s->a)) {
        double start = 0, stop = 0, step = 1;
        if (!range_bounds(in, fr, s->a, &start, &stop, &step, err)) return FLOW_ERROR;
        for (long long k = 0;; k++) {
            double x = start + (double)k * step;
            if (step > 0 ? x >= stop : x <= stop) break;
            Flow f = loop_body(in, fr, s, ev_number(x), err);
            LOOP_FLOW(f)
        }
        return result;
    }
    Value it;
    if (!ev_eval(in, fr, s->a, &it, err)) return FLOW_ERROR;
    if (it.type == VAL_LIST) {
        MgList *l = it.as.list;
        for (int i = 0; i < l->n; i++) {      /* the body may append: re-read n */
            ev_retain(l->items[i]);
            Flow f = loop_body(in, fr, s, l->items[i], err);
            LOOP_FLOW(f)
        }
    } else if (it.type == VAL_STRING) {
        for (size_t i = 0; i < it.as.str->len; i++) {
            Flow f = loop_body(in, fr, s, ev_string_n(it.as.str->s + i, 1), err);
            LOOP_FLOW(f)
        }
    } else if (it.type == VAL_TENSOR) {
        Tensor *t = it.as.tensor;
        if (t->ndim == 0) {
            mg_error_at(err, s->a->span, ERR_TYPE, "cannot iterate over a 0-d tensor");
            result = FLOW_ERROR;
        }
        for (int64_t i = 0; result == FLOW_NORMAL && i < t->shape[0]; i++) {
            TnIndex ix = {.index = i};
            tn_rt.cur_span = s->a->span;
            Tensor *row = tn_index(t, &ix, 1, err);
            if (!row) { mg_error_set_span_if_unset(err, s->a->span); result = FLOW_ERROR; break; }
            Flow f = loop_body(in, fr, s, ev_tensor(row), err);
            LOOP_FLOW(f)
        }
    } else {
        mg_error_at(err, s->a->span, ERR_TYPE, "cannot iterate over a %s", ev_type_name(it));
        result = FLOW_ERROR;
    }
    ev_release(it);
    return result;
}

static Flow exec_while(Interp *in, Frame *fr, const Ast *s, MgError *err) {
    Flow result = FLOW_NORMAL;
    for (;;) {
        if (!ev_check_interrupt(in, err)) { mg_error_set_span_if_unset(err, s->span); return FLOW_ERROR; }
        bool go;
        if (!cond_true(in, fr, s->a, &go, err)) return FLOW_ERROR;
        if (!go) break;
        Flow f = ev_exec_block(in, fr, s->body, err);
        LOOP_FLOW(f)
    }
    return result;
}

Flow ev_exec_block(Interp *in, Frame *fr, const Ast *block, MgError *err) {
    if (block->kind != AST_BLOCK) return ev_exec_stmt(in, fr, block, err);
    for (int i = 0; i < block->n_items; i++) {
        Flow f = ev_exec_stmt(in, fr, block->items[i], err);
        if (f != FLOW_NORMAL) return f;
    }
    return FLOW_NORMAL;
}

Flow ev_exec_stmt(Interp *in, Frame *fr, const Ast *s, MgError *err) {
    switch (s->kind) {
    case AST_LET: {
        Value v;
        if (!ev_eval(in, fr, s->a, &v, err)) return FLOW_ERROR;
        name_value(v, s->name);
        env_define(fr->env, s->name, v);
        return FLOW_NORMAL;
    }
    case AST_ASSIGN: {
        Value v;
        if (!ev_eval(in, fr, s->b, &v, err)) return FLOW_ERROR;
        bool ok = assign_to(in, fr, s->a, v, err);
        ev_release(v);
        return ok ? FLOW_NORMAL : FLOW_ERROR;
    }
    case AST_OP_ASSIGN:
        return op_assign(in, fr, s, err) ? FLOW_NORMAL : FLOW_ERROR;
    case AST_EXPR_STMT: {
        Value v;
        if (!ev_eval(in, fr, s->a, &v, err)) return FLOW_ERROR;
        if (fr->print_values && v.type != VAL_NONE) {
            char *text = ev_to_string(v);
            fprintf(in->out, "%s\n", text);
            mg_free(text);
        }
        ev_release(v);
        return FLOW_NORMAL;
    }
    case AST_IF: {
        bool go;
        if (!cond_true(in, fr, s->a, &go, err)) return FLOW_ERROR;
        if (go) return ev_exec_block(in, fr, s->body, err);
        if (s->else_body) return ev_exec_block(in, fr, s->else_body, err);
        return FLOW_NORMAL;
    }
    case AST_WHILE: return exec_while(in, fr, s, err);
    case AST_FOR: return exec_for(in, fr, s, err);
    case AST_BREAK: return FLOW_BREAK;
    case AST_CONTINUE: return FLOW_CONTINUE;
    case AST_RETURN: {
        Value v = ev_none();
        if (s->a && !ev_eval(in, fr, s->a, &v, err)) return FLOW_ERROR;
        ev_release(fr->ret);
        fr->ret = v;
        return FLOW_RETURN;
    }
    case AST_BLOCK: return ev_exec_block(in, fr, s, err);
    case AST_NO_GRAD: {
        bool saved = tn_rt.grad_enabled;
        tn_rt.grad_enabled = false;
        Flow f = ev_exec_block(in, fr, s->body, err);
        tn_rt.grad_enabled = saved;
        return f;
    }
    case AST_FN_DEF:
        env_define(fr->env, s->fn.name, ev_closure(&s->fn, s->span, fr->env, fr->arena));
        return FLOW_NORMAL;
    default: {
        /* an expression in statement position */
        Value v;
        if (!ev_eval(in, fr, s, &v, err)) return FLOW_ERROR;
        ev_release(v);
        return FLOW_NORMAL;
    }
    }
}
