/* ast_print.c - the syntax tree as an S-expression (for tests and debugging).
 *
 * Forms, one per node kind:
 *   number        1.5   (mg_fmt_number: 5, 0.1, 1e-05)
 *   string        "a\n\"b\""    (escapes re-encoded)
 *   bool, none    true  false  none
 *   name          x
 *   list          (list 1 2 3)          (list) when empty
 *   unary         (- x)  (+ x)  (not x)
 *   binary        (+ a b)  (** a b)  (== a b)  (and a b)  (or a b)
 *   call          (call f 1 x axis=0)   keyword arguments as name=value
 *   method call   (call (. x sum) 0)
 *   index         (index x i (slice 1 3 _))
 *   slice         (slice lo hi step), '_' for a missing part: x[::2] -> (slice _ _ 2)
 *   attribute     (. x grad)
 *   lambda        (fn (x y) => (* x 2))   or   (fn (x) (block ...))
 *   let           (let x 1)
 *   assignment    (= target value)      (+= target value), also -= *= /=
 *   expression    the expression itself (a block holds only statements,
 *   statement     so a bare expression there is an expression statement)
 *   if            (if cond (block ...))   (if cond (block ...) ELSE), ELSE a block or an if
 *   while         (while cond (block ...))
 *   for           (for i iterable (block ...))
 *   break ...     (break)  (continue)  (return)  (return value)
 *   no_grad       (no_grad (block ...))
 *   fn definition (def name (a b) (block ...))
 *   block         (block s1 s2 ...)     a program is a block
 */
#include "ast.h"
#include "../util/alloc.h"
#include "../util/numfmt.h"
#include <string.h>

typedef struct Buf { char *s; size_t len, cap; } Buf;

static void put(Buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 128;
        while (cap < b->len + n + 1) cap *= 2;
        b->s = mg_realloc(b->s, cap);
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void puts_(Buf *b, const char *s) { put(b, s, strlen(s)); }

static void print_node(Buf *b, const Ast *n);

static void print_string(Buf *b, const char *s) {
    puts_(b, "\"");
    for (; *s; s++) {
        switch (*s) {
        case '\n': puts_(b, "\\n"); break;
        case '\t': puts_(b, "\\t"); break;
        case '\\': puts_(b, "\\\\"); break;
        case '"': puts_(b, "\\\""); break;
        default: put(b, s, 1); break;
        }
    }
    puts_(b, "\"");
}

/* " x" or " _" for an optional child */
static void child(Buf *b, const Ast *n) {
    puts_(b, " ");
    if (n) print_node(b, n);
    else puts_(b, "_");
}

static void children(Buf *b, Ast *const *items, int n) {
    for (int i = 0; i < n; i++) child(b, items[i]);
}

/* "(a b)" parameter list, then the body */
static void print_fn(Buf *b, const AstFn *fn) {
    puts_(b, " (");
    for (int i = 0; i < fn->n_params; i++) {
        if (i) puts_(b, " ");
        puts_(b, fn->params[i]);
    }
    puts_(b, ")");
    if (fn->is_expr_body) puts_(b, " =>");
    child(b, fn->body);
}

/* The operator's source text: "+", "not", "+=". */
static const char *op_text(TokenKind k) {
    switch (k) {
    case TOK_PLUS: return "+";    case TOK_MINUS: return "-";   case TOK_STAR: return "*";
    case TOK_SLASH: return "/";   case TOK_PERCENT: return "%"; case TOK_STARSTAR: return "**";
    case TOK_AT: return "@";      case TOK_EQEQ: return "==";   case TOK_NE: return "!=";
    case TOK_LT: return "<";      case TOK_LE: return "<=";     case TOK_GT: return ">";
    case TOK_GE: return ">=";     case TOK_AND: return "and";   case TOK_OR: return "or";
    case TOK_NOT: return "not";   case TOK_ASSIGN: return "=";  case TOK_PLUS_EQ: return "+=";
    case TOK_MINUS_EQ: return "-="; case TOK_STAR_EQ: return "*="; case TOK_SLASH_EQ: return "/=";
    default: return tok_kind_text(k);
    }
}

static void print_node(Buf *b, const Ast *n) {
    char num[32];
    switch (n->kind) {
    case AST_NUMBER: puts_(b, mg_fmt_number(n->number, num, sizeof num)); return;
    case AST_STRING: print_string(b, n->str); return;
    case AST_BOOL: puts_(b, n->boolean ? "true" : "false"); return;
    case AST_NONE: puts_(b, "none"); return;
    case AST_NAME: puts_(b, n->name); return;
    case AST_EXPR_STMT: print_node(b, n->a); return;
    default: break;
    }
    puts_(b, "(");
    switch (n->kind) {
    case AST_LIST: puts_(b, "list"); children(b, n->items, n->n_items); break;
    case AST_UNARY: puts_(b, op_text(n->op)); child(b, n->a); break;
    case AST_BINARY: puts_(b, op_text(n->op)); child(b, n->a); child(b, n->b); break;
    case AST_CALL:
        puts_(b, "call");
        child(b, n->a);
        for (int i = 0; i < n->n_args; i++) {
            puts_(b, " ");
            if (n->args[i].name) { puts_(b, n->args[i].name); puts_(b, "="); }
            print_node(b, n->args[i].value);
        }
        break;
    case AST_INDEX: puts_(b, "index"); child(b, n->a); children(b, n->items, n->n_items); break;
    case AST_SLICE:
        puts_(b, "slice");
        child(b, n->slice.lo); child(b, n->slice.hi); child(b, n->slice.step);
        break;
    case AST_ATTR: puts_(b, "."); child(b, n->a); puts_(b, " "); puts_(b, n->name); break;
    case AST_FN: puts_(b, "fn"); print_fn(b, &n->fn); break;
    case AST_FN_DEF: puts_(b, "def "); puts_(b, n->fn.name); print_fn(b, &n->fn); break;
    case AST_LET: puts_(b, "let "); puts_(b, n->name); child(b, n->a); break;
    case AST_ASSIGN: case AST_OP_ASSIGN:
        puts_(b, op_text(n->op)); child(b, n->a); child(b, n->b);
        break;
    case AST_IF:
        puts_(b, "if"); child(b, n->a); child(b, n->body);
        if (n->else_body) child(b, n->else_body);
        break;
    case AST_WHILE: puts_(b, "while"); child(b, n->a); child(b, n->body); break;
    case AST_FOR: puts_(b, "for "); puts_(b, n->name); child(b, n->a); child(b, n->body); break;
    case AST_BREAK: puts_(b, "break"); break;
    case AST_CONTINUE: puts_(b, "continue"); break;
    case AST_RETURN: puts_(b, "return"); if (n->a) child(b, n->a); break;
    case AST_BLOCK: puts_(b, "block"); children(b, n->items, n->n_items); break;
    case AST_NO_GRAD: puts_(b, "no_grad"); child(b, n->body); break;
    default: puts_(b, ast_kind_name(n->kind)); break;
    }
    puts_(b, ")");
}

char *ast_to_string(const Ast *node) {
    Buf b = {0};
    if (node) print_node(&b, node);
    else puts_(&b, "_");
    return b.s;
}

void ast_print(const Ast *node, FILE *out) {
    char *s = ast_to_string(node);
    fputs(s, out);
    mg_free(s);
}

const char *ast_kind_name(AstKind k) {
    static const char *const names[AST__COUNT] = {
        [AST_NUMBER] = "number", [AST_STRING] = "string", [AST_BOOL] = "bool",
        [AST_NONE] = "none", [AST_NAME] = "name", [AST_LIST] = "list",
        [AST_UNARY] = "unary", [AST_BINARY] = "binary", [AST_CALL] = "call",
        [AST_INDEX] = "index", [AST_SLICE] = "slice", [AST_ATTR] = "attribute",
        [AST_FN] = "fn", [AST_LET] = "let", [AST_ASSIGN] = "assign",
        [AST_OP_ASSIGN] = "op_assign", [AST_EXPR_STMT] = "expr_stmt", [AST_IF] = "if",
        [AST_WHILE] = "while", [AST_FOR] = "for", [AST_BREAK] = "break",
        [AST_CONTINUE] = "continue", [AST_RETURN] = "return", [AST_BLOCK] = "block",
        [AST_NO_GRAD] = "no_grad", [AST_FN_DEF] = "fn_def",
    };
    if ((int)k < 0 || k >= AST__COUNT || !names[k]) return "?";
    return names[k];
}
