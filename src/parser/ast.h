/* ast.h - the syntax tree (SPEC §4).
 *
 * Every node lives in the Arena of the input it was parsed from and carries
 * the Span of its source text (for errors and for "made at" positions of
 * graph nodes). Lists of children are arrays with a count.
 *
 * Details the parser guarantees (src/parser/parser*.c):
 *   - `-1` is AST_UNARY(TOK_MINUS, AST_NUMBER 1): no constant folding.
 *   - AST_ASSIGN has op TOK_ASSIGN; AST_OP_ASSIGN the op= token kind.
 *   - AST_FN_DEF sets both fn.name and name (the same string).
 *   - AST_SLICE's span is its first token (the ':' when lo is absent);
 *     an AstArg's span is its first token (the keyword's name if any).
 *   - AST_BLOCK's span is its '{', or a program's first token.
 *   - AST_EXPR_STMT's span is the expression's first token.
 *   - Strings (names, params, str) are NUL-terminated copies in the arena.
 *   - A lambda body is a fresh loop context: 'break'/'continue' outside a
 *     loop of their own function are syntax errors, so the evaluator never
 *     sees them there.
 */
#ifndef MG_AST_H
#define MG_AST_H
#include "../util/arena.h"
#include "../util/error.h"
#include "../lexer/token.h"
#include <stdbool.h>

typedef enum {
    /* expressions */
    AST_NUMBER,     /* number */
    AST_STRING,     /* str */
    AST_BOOL,       /* boolean */
    AST_NONE,
    AST_NAME,       /* name */
    AST_LIST,       /* items[n_items] */
    AST_UNARY,      /* op (TOK_MINUS, TOK_PLUS, TOK_NOT), a */
    AST_BINARY,     /* op (TOK_PLUS ... TOK_GE, TOK_AND, TOK_OR), a, b */
    AST_CALL,       /* callee = a, args[n_args] (keyword args have a name); a method
                       call x.f(1) is AST_CALL whose callee is AST_ATTR(x, "f") */
    AST_INDEX,      /* a = object, items[n_items] = indexes (exprs or AST_SLICE) */
    AST_SLICE,      /* slice.lo, slice.hi, slice.step, each may be NULL */
    AST_ATTR,       /* a = object, name */
    AST_FN,         /* fn: lambda expression `fn(x) => e` or `fn(x) { ... }` (fn.name NULL) */
    /* statements */
    AST_LET,        /* name = a */
    AST_ASSIGN,     /* a = target (AST_NAME, AST_INDEX or AST_ATTR), b = value */
    AST_OP_ASSIGN,  /* a = target, b = value; op is TOK_PLUS_EQ ... TOK_SLASH_EQ */
    AST_EXPR_STMT,  /* a */
    AST_IF,         /* a = cond, body = then-block, else_body = NULL, an AST_IF or an AST_BLOCK */
    AST_WHILE,      /* a = cond, body */
    AST_FOR,        /* name = loop variable, a = iterable, body */
    AST_BREAK,
    AST_CONTINUE,
    AST_RETURN,     /* a (may be NULL) */
    AST_BLOCK,      /* items[n_items] statements */
    AST_NO_GRAD,    /* body */
    AST_FN_DEF,     /* statement `fn name(a, b) { ... }`: fn.name set; declares name */
    AST__COUNT
} AstKind;

typedef struct Ast Ast;

typedef struct AstArg {
    const char *name;   /* keyword argument name, or NULL for positional */
    Ast *value;
    Span span;
} AstArg;

typedef struct AstFn {
    const char *name;       /* NULL for a lambda */
    const char **params;
    int n_params;
    Ast *body;              /* AST_BLOCK, or for `fn(x) => expr` an expression */
    bool is_expr_body;
} AstFn;

struct Ast {
    AstKind kind;
    Span span;          /* binary/unary: the operator token; call: the '(' ; index: the '[';
                           attribute: the name after '.'; others: the first token */
    TokenKind op;
    double number;
    bool boolean;
    const char *str;    /* string literal value (escapes decoded) */
    const char *name;   /* names, attributes, let/for variables */
    Ast *a, *b;
    Ast **items;        /* list items, index items, block statements */
    int n_items;
    AstArg *args;
    int n_args;
    Ast *body, *else_body;  /* AST_BLOCKs (else_body may also be an AST_IF) */
    struct { Ast *lo, *hi, *step; } slice;
    AstFn fn;
    int slot;           /* reserved for a resolver (variable slots); -1 if unused */
};

/* Print the tree as an S-expression, for tests and debugging:
 * `let x = 1 + 2 * 3` -> (let x (+ 1 (* 2 3))) */
void ast_print(const Ast *node, FILE *out);
/* Same into a malloc'd string (mg_free it). */
char *ast_to_string(const Ast *node);
const char *ast_kind_name(AstKind k);

#endif
