/* parser.h - Pratt parser for SPEC §2 and §4.
 *
 * ps_parse() turns one Source into an AST_BLOCK of statements.
 * The result status tells the prompt whether to ask for more lines:
 *   PARSE_OK          the program is complete and valid;
 *   PARSE_INCOMPLETE  the input ended inside an open bracket or brace, or
 *                     after a token that needs more (a binary operator,
 *                     ',', '=', '=>'): read a continuation line. Decided
 *                     from where the parser met the end, not from the
 *                     message. err is filled as for an error ("expected
 *                     ')' to close '(' at 1:2, but found end of input"), for
 *                     a script that ends there. Strings are single-line: an
 *                     unterminated one is PARSE_ERROR;
 *   PARSE_ERROR       a syntax error, in *err with its span.
 * Nesting deeper than PS_MAX_DEPTH is a syntax error, not a stack overflow.
 */
#ifndef MG_PARSER_H
#define MG_PARSER_H
#include "ast.h"

#define PS_MAX_DEPTH 200

typedef enum { PARSE_OK, PARSE_INCOMPLETE, PARSE_ERROR } ParseStatus;

typedef struct ParseResult {
    ParseStatus status;
    Ast *program;      /* AST_BLOCK, allocated in arena; NULL unless PARSE_OK */
    Arena *arena;      /* owned by the caller (arena_release) in every status */
} ParseResult;

ParseResult ps_parse(const Source *src, MgError *err);

#endif
