/* eval_internal.h - what the evaluator's files share (not for builtins). */
#ifndef MG_EVAL_INTERNAL_H
#define MG_EVAL_INTERNAL_H
#include "eval.h"
#include "builtins.h"

/* The running function call (or the top level). */
typedef struct Frame {
    Env *env;
    Arena *arena;           /* holds the AST being run: closures made here retain it */
    Value ret;              /* the value of `return` */
    bool print_values;      /* the prompt's top level */
} Frame;

typedef enum { FLOW_NORMAL, FLOW_BREAK, FLOW_CONTINUE, FLOW_RETURN, FLOW_ERROR } Flow;

/* eval_stmt.c */
Flow ev_exec_block(Interp *in, Frame *fr, const Ast *block, MgError *err);
Flow ev_exec_stmt(Interp *in, Frame *fr, const Ast *s, MgError *err);

/* eval_expr.c */
bool ev_eval(Interp *in, Frame *fr, const Ast *e, Value *out, MgError *err);
/* Ctrl-C and the step budget (in->max_steps), checked once per loop
 * iteration and call. */
bool ev_check_interrupt(Interp *in, MgError *err);
/* Frees the interpreter's shared constant operands (eval_expr.c). */
void ev_consts_free(Interp *in);
bool ev_get_attr(Interp *in, Value obj, const char *name, Span span, Value *out, MgError *err);
bool ev_set_attr(Interp *in, Value obj, const char *name, Value v, Span span, MgError *err);
/* x[items] get and set; items are evaluated here. */
bool ev_index_get(Interp *in, Frame *fr, Value obj, const Ast *ix, Value *out, MgError *err);
bool ev_index_set(Interp *in, Frame *fr, Value obj, const Ast *ix, Value v, MgError *err);
/* ERR_NAME with the nearest known name suggested. */
bool ev_name_error(Interp *in, Frame *fr, const char *name, Span span, MgError *err);

/* eval_call.c */
bool ev_eval_call(Interp *in, Frame *fr, const Ast *call, Value *out, MgError *err);
bool ev_call_closure(Interp *in, Closure *c, Value *args, const char **kw, int n,
                     Span call_span, Value *out, MgError *err);
/* Append "... repeated N more times" for a pending run of equal frames. */
void ev_flush_frames(Interp *in, MgError *err);

#endif
