/* parser_stmt.c - statements, blocks and function bodies (SPEC §4).
 *
 * Statements end at ';', at a newline, before the '}' of their block or at
 * end of input; a statement whose last token is the '}' of a block needs
 * no separator (`if n < 2 { return n } return 1`). An `else` may start the
 * line after the '}' of its `if` (blank lines and comments between are fine).
 */
#include "parser_internal.h"
#include <string.h>

static Ast *statement(Parser *p);

static bool is_separator(TokenKind k) { return k == TOK_NEWLINE || k == TOK_SEMI; }

/* statements -> { separator } [ statement { separator | after '}' } ] closer
 * closer is TOK_EOF for a program and TOK_RBRACE for a block (opened by opener).
 * Returns an AST_BLOCK; consumes the closer when it is '}'. */
Ast *ps_statements(Parser *p, TokenKind closer, const Token *opener) {
    Ast *block = ps_node(p, AST_BLOCK, opener ? opener : ps_cur(p));
    int cap = 0;
    for (;;) {
        while (is_separator(ps_cur(p)->kind)) ps_advance(p);
        TokenKind k = ps_cur(p)->kind;
        if (p->failed) return NULL;
        if (k == closer) break;
        if (k == TOK_EOF) {   /* only inside a block: a program's closer is EOF */
            ps_expect_close(p, closer, opener);
            return NULL;
        }
        Ast *s = statement(p);
        if (!s) return NULL;
        ps_push(p, &block->items, &block->n_items, &cap, s);
        k = ps_cur(p)->kind;
        if (p->prev.kind == TOK_RBRACE || is_separator(k) || k == closer || k == TOK_EOF) continue;
        ps_error_expected(p, "';' or newline after the statement");
        return NULL;
    }
    if (closer == TOK_RBRACE) ps_advance(p);
    return block;
}

/* block -> '{' statements '}'      `after` names what the block follows, for errors */
Ast *ps_block(Parser *p, const char *after) {
    if (!ps_check(p, TOK_LBRACE)) {
        char what[96];
        snprintf(what, sizeof what, "'{' after %s", after);
        ps_error_expected(p, what);
        return NULL;
    }
    Token open = ps_advance(p);
    bool saved = ps_begin_group(p, false);
    Ast *b = ps_statements(p, TOK_RBRACE, &open);
    ps_end_group(p, saved);
    return b;
}

/* params   -> '(' [ NAME { ',' NAME } [ ',' ] ] ')'
 * fn_rest  -> params ( block | '=>' expr )      ('=>' only for lambdas)
 * A function body starts a new loop context: `break` inside it cannot
 * leave a loop around the definition. */
bool ps_fn_rest(Parser *p, AstFn *fn, bool allow_arrow) {
    if (!ps_check(p, TOK_LPAREN)) {
        ps_error_expected(p, "'(' to start the parameter list");
        return false;
    }
    Token open = ps_advance(p);
    bool saved = ps_begin_group(p, true);
    int cap = 0;
    while (!p->failed && !ps_check(p, TOK_RPAREN)) {
        const Token *t = ps_cur(p);
        if (t->kind != TOK_IDENT) {
            ps_error_expected(p, "a parameter name");
            break;
        }
        Token name = ps_advance(p);
        const char *s = ps_name(p, &name);
        for (int i = 0; i < fn->n_params; i++)
            if (strcmp(fn->params[i], s) == 0) ps_error_at(p, &name, "duplicate parameter '%s'", s);
        if (fn->n_params == cap) {
            cap = cap ? cap * 2 : 4;
            const char **grown = arena_alloc(p->arena, sizeof *grown * (size_t)cap);
            if (fn->n_params) memcpy(grown, fn->params, sizeof *grown * (size_t)fn->n_params);
            fn->params = grown;
        }
        fn->params[fn->n_params++] = s;
        if (!ps_match(p, TOK_COMMA)) break;
    }
    if (!p->failed) ps_expect_close(p, TOK_RPAREN, &open);
    ps_end_group(p, saved);
    if (p->failed) return false;

    int loops = p->loop_depth;
    p->loop_depth = 0;
    if (allow_arrow && ps_match(p, TOK_ARROW)) {
        fn->body = ps_expression(p);
        fn->is_expr_body = true;
    } else {
        fn->body = ps_block(p, allow_arrow ? "the parameters (or '=>')" : "the parameters");
    }
    p->loop_depth = loops;
    return fn->body != NULL;
}

/* let_stmt -> 'let' NAME '=' expr */
static Ast *let_stmt(Parser *p, Token let) {
    Ast *n = ps_node(p, AST_LET, &let);
    if (!ps_check(p, TOK_IDENT)) {
        ps_error_expected(p, "a name after 'let'");
        return NULL;
    }
    Token name = ps_advance(p);
    n->name = ps_name(p, &name);
    char what[96];
    snprintf(what, sizeof what, "'=' after 'let %.40s'", n->name);
    if (!ps_expect(p, TOK_ASSIGN, what)) return NULL;
    n->a = ps_expression(p);
    return n->a ? n : NULL;
}

/* fn_def -> 'fn' NAME params block */
static Ast *fn_def(Parser *p, Token fn_tok) {
    Ast *n = ps_node(p, AST_FN_DEF, &fn_tok);
    Token name = ps_advance(p);
    n->fn.name = n->name = ps_name(p, &name);
    return ps_fn_rest(p, &n->fn, false) ? n : NULL;
}

/* if_stmt -> 'if' expr block [ 'else' ( if_stmt | block ) ] */
static Ast *if_stmt(Parser *p, Token if_tok) {
    Ast *n = ps_node(p, AST_IF, &if_tok);
    if (!(n->a = ps_expression(p))) return NULL;
    if (!(n->body = ps_block(p, "the condition of 'if'"))) return NULL;
    /* Look past newlines for an `else` on a following line. */
    int i = p->pos;
    while (p->toks[i].kind == TOK_NEWLINE) i++;
    if (p->toks[i].kind != TOK_ELSE) return n;
    p->pos = i;
    ps_advance(p);
    if (ps_check(p, TOK_IF)) {
        Token t = ps_advance(p);
        if (!ps_enter(p)) return NULL;
        n->else_body = if_stmt(p, t);
        ps_leave(p);
    } else {
        n->else_body = ps_block(p, "'else'");
    }
    return n->else_body ? n : NULL;
}

/* while_stmt -> 'while' expr block */
static Ast *while_stmt(Parser *p, Token while_tok) {
    Ast *n = ps_node(p, AST_WHILE, &while_tok);
    if (!(n->a = ps_expression(p))) return NULL;
    p->loop_depth++;
    n->body = ps_block(p, "the condition of 'while'");
    p->loop_depth--;
    return n->body ? n : NULL;
}

/* for_stmt -> 'for' NAME 'in' expr block */
static Ast *for_stmt(Parser *p, Token for_tok) {
    Ast *n = ps_node(p, AST_FOR, &for_tok);
    if (!ps_check(p, TOK_IDENT)) {
        ps_error_expected(p, "a loop variable name after 'for'");
        return NULL;
    }
    Token name = ps_advance(p);
    n->name = ps_name(p, &name);
    if (!ps_expect(p, TOK_IN, "'in' after the loop variable")) return NULL;
    if (!(n->a = ps_expression(p))) return NULL;
    p->loop_depth++;
    n->body = ps_block(p, "the iterable of 'for'");
    p->loop_depth--;
    return n->body ? n : NULL;
}

/* return_stmt -> 'return' [ expr ]    (no expr before ';', newline, '}' or end) */
static Ast *return_stmt(Parser *p, Token ret) {
    Ast *n = ps_node(p, AST_RETURN, &ret);
    TokenKind k = ps_cur(p)->kind;
    if (is_separator(k) || k == TOK_RBRACE || k == TOK_EOF) return n;
    n->a = ps_expression(p);
    return n->a ? n : NULL;
}

static const char *target_kind_text(const Ast *e) {
    switch (e->kind) {
    case AST_CALL: return "a call";
    case AST_NUMBER: return "a number";
    case AST_STRING: return "a string";
    case AST_BOOL: case AST_NONE: return "a constant";
    case AST_LIST: return "a list";
    case AST_FN: return "a function";
    case AST_UNARY: case AST_BINARY: return "an operator expression";
    default: return "this expression";
    }
}

/* simple_stmt -> expr [ ( '=' | '+=' | '-=' | '*=' | '/=' ) expr ]
 * The target of an assignment is a name, an index x[i, 1:3] or an attribute x.grad. */
static Ast *simple_stmt(Parser *p) {
    Token first = *ps_cur(p);
    Ast *e = ps_expression(p);
    if (!e) return NULL;
    TokenKind k = ps_cur(p)->kind;
    bool plain = k == TOK_ASSIGN;
    bool op = k == TOK_PLUS_EQ || k == TOK_MINUS_EQ || k == TOK_STAR_EQ || k == TOK_SLASH_EQ;
    if (!plain && !op) {
        Ast *n = ps_node(p, AST_EXPR_STMT, &first);
        n->a = e;
        return n;
    }
    if (e->kind != AST_NAME && e->kind != AST_INDEX && e->kind != AST_ATTR) {
        ps_error_at(p, ps_cur(p), "cannot assign to %s; only a name, x[i] or x.attr can be assigned",
                    target_kind_text(e));
        return NULL;
    }
    Token assign = ps_advance(p);
    Ast *n = ps_node(p, plain ? AST_ASSIGN : AST_OP_ASSIGN, &first);
    n->op = assign.kind;
    n->a = e;
    n->b = ps_expression(p);
    return n->b ? n : NULL;
}

/* statement -> let_stmt | fn_def | if_stmt | while_stmt | for_stmt | 'break' | 'continue'
 *            | return_stmt | 'no_grad' block | simple_stmt */
static Ast *statement(Parser *p) {
    if (!ps_enter(p)) return NULL;
    Ast *n = NULL;
    const Token *t = ps_cur(p);
    switch (t->kind) {
    case TOK_LET: n = let_stmt(p, ps_advance(p)); break;
    case TOK_IF: n = if_stmt(p, ps_advance(p)); break;
    case TOK_WHILE: n = while_stmt(p, ps_advance(p)); break;
    case TOK_FOR: n = for_stmt(p, ps_advance(p)); break;
    case TOK_RETURN: n = return_stmt(p, ps_advance(p)); break;
    case TOK_FN:
        if (ps_peek_kind(p, 1) == TOK_IDENT) n = fn_def(p, ps_advance(p));
        else n = simple_stmt(p);
        break;
    case TOK_NO_GRAD: {
        Token ng = ps_advance(p);
        n = ps_node(p, AST_NO_GRAD, &ng);
        if (!(n->body = ps_block(p, "'no_grad'"))) n = NULL;
        break;
    }
    case TOK_BREAK: case TOK_CONTINUE: {
        Token kw = ps_advance(p);
        if (p->loop_depth == 0) {
            ps_error_at(p, &kw, "%s outside a loop", tok_kind_text(kw.kind));
            break;
        }
        n = ps_node(p, kw.kind == TOK_BREAK ? AST_BREAK : AST_CONTINUE, &kw);
        break;
    }
    default: n = simple_stmt(p); break;
    }
    ps_leave(p);
    return p->failed ? NULL : n;
}
