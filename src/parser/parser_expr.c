/* parser_expr.c - expressions: a Pratt parser driven by one table.
 *
 * rules[] below is the whole precedence table of SPEC §4: each token kind
 * has a prefix function (the token starts an expression), an infix function
 * (the token follows a left operand) and the precedence of that infix use.
 * parse_prec(p, prec) parses an expression whose infix operators all bind at
 * least as tightly as prec.
 */
#include "parser_internal.h"
#include "../lexer/lexer.h"
#include "../util/alloc.h"
#include <string.h>

typedef enum {
    PREC_NONE,
    PREC_OR,        /* or */
    PREC_AND,       /* and */
    PREC_NOT,       /* not (prefix) */
    PREC_COMPARE,   /* == != < <= > >=  (no chaining) */
    PREC_TERM,      /* + - */
    PREC_FACTOR,    /* * / % @ */
    PREC_UNARY,     /* unary - + */
    PREC_POWER,     /* ** (right-assoc) */
    PREC_CALL,      /* f(...)  x[...]  x.name */
} Prec;

typedef Ast *(*PrefixFn)(Parser *p, Token tok);
typedef Ast *(*InfixFn)(Parser *p, Ast *left, Token op);
typedef struct Rule { PrefixFn prefix; InfixFn infix; Prec prec; } Rule;

static Ast *parse_prec(Parser *p, Prec prec);

/* ---- prefix rules ------------------------------------------------------ */

/* primary -> NUMBER | STRING | NAME | 'true' | 'false' | 'none' */
static Ast *literal(Parser *p, Token tok) {
    switch (tok.kind) {
    case TOK_NUMBER: {
        Ast *n = ps_node(p, AST_NUMBER, &tok);
        n->number = tok.number;
        return n;
    }
    case TOK_STRING: {
        Ast *n = ps_node(p, AST_STRING, &tok);
        char *s = lx_string_value(&tok);
        n->str = arena_strndup(p->arena, s, strlen(s));
        mg_free(s);
        return n;
    }
    case TOK_IDENT: {
        Ast *n = ps_node(p, AST_NAME, &tok);
        n->name = ps_name(p, &tok);
        return n;
    }
    case TOK_TRUE: case TOK_FALSE: {
        Ast *n = ps_node(p, AST_BOOL, &tok);
        n->boolean = tok.kind == TOK_TRUE;
        return n;
    }
    default:
        return ps_node(p, AST_NONE, &tok);
    }
}

/* group -> '(' expr ')' */
static Ast *group(Parser *p, Token open) {
    bool saved = ps_begin_group(p, true);
    Ast *e = ps_expression(p);
    if (e && !ps_expect_close(p, TOK_RPAREN, &open)) e = NULL;
    ps_end_group(p, saved);
    return e;
}

/* list -> '[' [ expr { ',' expr } [ ',' ] ] ']' */
static Ast *list(Parser *p, Token open) {
    Ast *n = ps_node(p, AST_LIST, &open);
    int cap = 0;
    bool saved = ps_begin_group(p, true);
    while (!ps_check(p, TOK_RBRACKET)) {
        Ast *item = ps_expression(p);
        if (!item) break;
        ps_push(p, &n->items, &n->n_items, &cap, item);
        if (!ps_match(p, TOK_COMMA)) break;
    }
    if (!p->failed) ps_expect_close(p, TOK_RBRACKET, &open);
    ps_end_group(p, saved);
    return p->failed ? NULL : n;
}

/* unary -> ( '-' | '+' ) expr(PREC_UNARY)      -x**2 is -(x**2): ** binds tighter
 *        | 'not' expr(PREC_NOT)                not a == b is not (a == b) */
static Ast *unary(Parser *p, Token op) {
    Ast *n = ps_node(p, AST_UNARY, &op);
    n->op = op.kind;
    n->a = parse_prec(p, op.kind == TOK_NOT ? PREC_NOT : PREC_UNARY);
    return n->a ? n : NULL;
}

/* lambda -> 'fn' '(' params ')' ( '=>' expr | block ) */
static Ast *lambda(Parser *p, Token fn_tok) {
    Ast *n = ps_node(p, AST_FN, &fn_tok);
    return ps_fn_rest(p, &n->fn, true) ? n : NULL;
}

/* ---- infix rules ------------------------------------------------------- */

static bool is_comparison(TokenKind k) {
    return k == TOK_EQEQ || k == TOK_NE || k == TOK_LT || k == TOK_LE || k == TOK_GT || k == TOK_GE;
}

static const Rule rules[TOK__COUNT];   /* the table, defined below the rules it names */

/* binary -> expr op expr   (left-assoc: the right side binds one level tighter;
 *                           '**' is right-assoc: the right side binds at its own level)
 * Comparisons do not chain: `a < b < c` is an error, `(a < b) < c` is not. */
static Ast *binary(Parser *p, Ast *left, Token op) {
    Prec prec = rules[op.kind].prec;
    Ast *n = ps_node(p, AST_BINARY, &op);
    n->op = op.kind;
    n->a = left;
    n->b = parse_prec(p, op.kind == TOK_STARSTAR ? PREC_POWER : (Prec)(prec + 1));
    if (!n->b) return NULL;
    if (is_comparison(op.kind) && is_comparison(ps_cur(p)->kind)) {
        ps_error_at(p, ps_cur(p), "comparison operators cannot be chained (write 'a < b and b < c')");
        return NULL;
    }
    return n;
}

/* call -> expr '(' [ arg { ',' arg } [ ',' ] ] ')'
 * arg  -> [ NAME '=' ] expr          keyword arguments come after positional ones */
static Ast *call(Parser *p, Ast *callee, Token open) {
    Ast *n = ps_node(p, AST_CALL, &open);
    n->a = callee;
    int cap = 0;
    const char *last_keyword = NULL;
    bool saved = ps_begin_group(p, true);
    while (!p->failed && !ps_check(p, TOK_RPAREN)) {
        AstArg arg = {0};
        const Token *start = ps_cur(p);
        arg.span = start->span;
        if (start->kind == TOK_IDENT && ps_peek_kind(p, 1) == TOK_ASSIGN) {
            Token name = ps_advance(p);
            ps_advance(p);  /* '=' */
            arg.name = ps_name(p, &name);
            for (int i = 0; i < n->n_args; i++)
                if (n->args[i].name && strcmp(n->args[i].name, arg.name) == 0) {
                    ps_error_at(p, &name, "keyword argument '%s' given twice", arg.name);
                    break;
                }
            last_keyword = arg.name;
        } else if (last_keyword) {
            ps_error_at(p, start, "positional argument after keyword argument '%s'", last_keyword);
            break;
        }
        arg.value = ps_expression(p);
        if (!arg.value) break;
        if (n->n_args == cap) {
            cap = cap ? cap * 2 : 4;
            AstArg *grown = arena_alloc(p->arena, sizeof *grown * (size_t)cap);
            if (n->n_args) memcpy(grown, n->args, sizeof *grown * (size_t)n->n_args);
            n->args = grown;
        }
        n->args[n->n_args++] = arg;
        if (!ps_match(p, TOK_COMMA)) break;
    }
    if (!p->failed) ps_expect_close(p, TOK_RPAREN, &open);
    ps_end_group(p, saved);
    return p->failed ? NULL : n;
}

/* slice_part -> [ expr ]   (absent before ':' ',' ']') */
static bool slice_part(Parser *p, Ast **out) {
    TokenKind k = ps_cur(p)->kind;
    if (k == TOK_COLON || k == TOK_COMMA || k == TOK_RBRACKET) {
        *out = NULL;
        return true;
    }
    *out = ps_expression(p);
    return *out != NULL;
}

/* index_item -> expr | [ expr ] ':' [ expr ] [ ':' [ expr ] ] */
static Ast *index_item(Parser *p) {
    const Token *start = ps_cur(p);
    if (start->kind == TOK_COMMA || start->kind == TOK_RBRACKET) {
        ps_error_expected(p, "an index or a slice");
        return NULL;
    }
    Token first = *start;
    Ast *lo = NULL;
    if (first.kind != TOK_COLON && !(lo = ps_expression(p))) return NULL;
    if (!ps_match(p, TOK_COLON)) return lo;
    Ast *s = ps_node(p, AST_SLICE, &first);
    s->slice.lo = lo;
    if (!slice_part(p, &s->slice.hi)) return NULL;
    if (ps_match(p, TOK_COLON) && !slice_part(p, &s->slice.step)) return NULL;
    return s;
}

/* index -> expr '[' index_item { ',' index_item } [ ',' ] ']' */
static Ast *index_(Parser *p, Ast *object, Token open) {
    Ast *n = ps_node(p, AST_INDEX, &open);
    n->a = object;
    int cap = 0;
    bool saved = ps_begin_group(p, true);
    do {
        if (n->n_items > 0 && ps_check(p, TOK_RBRACKET)) break;  /* trailing ',' */
        Ast *item = index_item(p);
        if (!item) break;
        ps_push(p, &n->items, &n->n_items, &cap, item);
    } while (ps_match(p, TOK_COMMA));
    if (!p->failed) ps_expect_close(p, TOK_RBRACKET, &open);
    ps_end_group(p, saved);
    return p->failed ? NULL : n;
}

/* attribute -> expr '.' NAME      (a method call x.f(a) is call(attribute)) */
static Ast *attribute(Parser *p, Ast *object, Token dot) {
    (void)dot;
    const Token *name = ps_cur(p);
    if (name->kind != TOK_IDENT) {
        ps_error_expected(p, "an attribute name after '.'");
        return NULL;
    }
    Token t = ps_advance(p);
    Ast *n = ps_node(p, AST_ATTR, &t);
    n->a = object;
    n->name = ps_name(p, &t);
    return n;
}

/* ---- the table ---------------------------------------------------------- */

static const Rule rules[TOK__COUNT] = {
    [TOK_NUMBER]    = {literal, NULL, PREC_NONE},
    [TOK_STRING]    = {literal, NULL, PREC_NONE},
    [TOK_IDENT]     = {literal, NULL, PREC_NONE},
    [TOK_TRUE]      = {literal, NULL, PREC_NONE},
    [TOK_FALSE]     = {literal, NULL, PREC_NONE},
    [TOK_NONE]      = {literal, NULL, PREC_NONE},
    [TOK_FN]        = {lambda, NULL, PREC_NONE},
    [TOK_NOT]       = {unary, NULL, PREC_NONE},
    [TOK_OR]        = {NULL, binary, PREC_OR},
    [TOK_AND]       = {NULL, binary, PREC_AND},
    [TOK_EQEQ]      = {NULL, binary, PREC_COMPARE},
    [TOK_NE]        = {NULL, binary, PREC_COMPARE},
    [TOK_LT]        = {NULL, binary, PREC_COMPARE},
    [TOK_LE]        = {NULL, binary, PREC_COMPARE},
    [TOK_GT]        = {NULL, binary, PREC_COMPARE},
    [TOK_GE]        = {NULL, binary, PREC_COMPARE},
    [TOK_PLUS]      = {unary, binary, PREC_TERM},
    [TOK_MINUS]     = {unary, binary, PREC_TERM},
    [TOK_STAR]      = {NULL, binary, PREC_FACTOR},
    [TOK_SLASH]     = {NULL, binary, PREC_FACTOR},
    [TOK_PERCENT]   = {NULL, binary, PREC_FACTOR},
    [TOK_AT]        = {NULL, binary, PREC_FACTOR},
    [TOK_STARSTAR]  = {NULL, binary, PREC_POWER},
    [TOK_LPAREN]    = {group, call, PREC_CALL},
    [TOK_LBRACKET]  = {list, index_, PREC_CALL},
    [TOK_DOT]       = {NULL, attribute, PREC_CALL},
};

/* expr(prec) -> prefix { infix with precedence >= prec } */
static Ast *parse_prec(Parser *p, Prec prec) {
    if (!ps_enter(p)) return NULL;
    Ast *left = NULL;
    const Token *t = ps_cur(p);
    PrefixFn prefix = rules[t->kind].prefix;
    if (!prefix) {
        ps_error_expected(p, "expression");
    } else {
        left = prefix(p, ps_advance(p));
        while (left && prec <= rules[ps_cur(p)->kind].prec) {
            Token op = ps_advance(p);
            left = rules[op.kind].infix(p, left, op);
        }
    }
    ps_leave(p);
    return p->failed ? NULL : left;
}

/* expr -> expr(PREC_OR) */
Ast *ps_expression(Parser *p) {
    return parse_prec(p, PREC_OR);
}
