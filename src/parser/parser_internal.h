/* parser_internal.h - the parser's state and the helpers its three files
 * share (parser.c: token cursor, newline rules, errors; parser_expr.c:
 * the Pratt table; parser_stmt.c: statements and blocks). Not for use
 * outside src/parser/.
 */
#ifndef MG_PARSER_INTERNAL_H
#define MG_PARSER_INTERNAL_H
#include "parser.h"

typedef struct Parser {
    const Source *src;
    Token *toks;          /* the whole input, lexed up front; ends with TOK_EOF or TOK_ERROR */
    int n_toks;
    int pos;              /* index of the next token not yet consumed */
    Token prev;           /* the last consumed token */
    bool in_group;        /* inside ( ) or [ ]: newlines are not statement ends */
    int open;             /* ( [ { opened and not yet closed: EOF then means "incomplete" */
    int depth;            /* nesting of expressions and statements, capped at PS_MAX_DEPTH */
    int loop_depth;       /* enclosing loops in the current function (for break/continue) */
    Arena *arena;
    MgError *err;
    bool failed;          /* the first error wins; parse functions then return NULL */
    bool incomplete;      /* that error is "the input ended where more was needed" */
} Parser;

/* Token cursor (parser.c). ps_cur skips the newlines that do not end a
 * statement here (inside a group, or after a token that needs more). */
const Token *ps_cur(Parser *p);
TokenKind ps_peek_kind(Parser *p, int ahead);  /* 0 is ps_cur's kind */
Token ps_advance(Parser *p);
bool ps_check(Parser *p, TokenKind k);
bool ps_match(Parser *p, TokenKind k);
/* Consume a token of kind k, or report "expected <what>, but found <cur>". */
bool ps_expect(Parser *p, TokenKind k, const char *what);
/* Consume the closer of an open bracket, or report
 * "expected ')' to close '(' at 3:7, but found newline". */
bool ps_expect_close(Parser *p, TokenKind closer, const Token *opener);

/* Newline mode of groups and blocks: returns the old mode, to hand back to
 * ps_end_group after the closer. Also counts open brackets. */
bool ps_begin_group(Parser *p, bool in_group);
void ps_end_group(Parser *p, bool saved);

/* Errors (parser.c). Only the first is kept. An error at end of input while
 * a bracket is open or after a token that needs more marks the input
 * incomplete (PARSE_INCOMPLETE) instead of wrong. */
void ps_error_at(Parser *p, const Token *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ps_error_expected(Parser *p, const char *what);   /* "expected X, but found <cur>" */
/* "name 'x'", "number 12", "')'", "newline", "end of input" into buf. */
const char *ps_describe(const Token *t, char *buf, size_t n);
/* "3:7": where a token is, as a message shows it. */
const char *ps_where(const Token *t, char *buf, size_t n);

bool ps_enter(Parser *p);   /* false (and an error) past PS_MAX_DEPTH */
void ps_leave(Parser *p);

/* Nodes, names and growing arrays, all in the arena. */
Ast *ps_node(Parser *p, AstKind kind, const Token *at);
const char *ps_name(Parser *p, const Token *t);
void ps_push(Parser *p, Ast ***items, int *n, int *cap, Ast *item);

/* Grammar entry points shared between files. */
Ast *ps_expression(Parser *p);                          /* parser_expr.c */
Ast *ps_block(Parser *p, const char *after);            /* parser_stmt.c */
Ast *ps_statements(Parser *p, TokenKind closer, const Token *opener);  /* parser_stmt.c */
/* params and body of `fn`, after the `fn` (and a def's name). */
bool ps_fn_rest(Parser *p, AstFn *fn, bool allow_arrow);  /* parser_stmt.c */

#endif
