/* lexer.h - turns source text into tokens (SPEC §2).
 *
 * The lexer never prints: a bad character, an unterminated string or a bad
 * number comes back as a TOK_ERROR token whose `error` says what is wrong.
 * Newline handling: the lexer emits TOK_NEWLINE tokens; the parser decides
 * which are statement ends (inside ( ) and [ ], and after an operator, a
 * newline is skipped by the parser, because only it knows the nesting).
 * Comments (# ... and a first-line #!) are skipped here.
 */
#ifndef MG_LEXER_H
#define MG_LEXER_H
#include "token.h"

typedef struct Lexer {
    const Source *src;
    const char *cur;
    int line, col;
} Lexer;

/* The messages of TOK_ERROR tokens. For the first two the parser quotes
 * the offending text after the message (`malformed number '1e'`). */
extern const char LX_BAD_NUMBER[];      /* "malformed number": 1e, 1.2.3, 12abc */
extern const char LX_BAD_CHAR[];        /* "unexpected character": $, !, ? */
extern const char LX_NUL_BYTE[];        /* "NUL byte in the source": a 0 byte inside the file */
extern const char LX_UNTERMINATED[];    /* "unterminated string": no closing '"' on the line */
extern const char LX_BAD_ESCAPE[];      /* the span is the escape itself, e.g. \q */

void lx_init(Lexer *lx, const Source *src);
Token lx_next(Lexer *lx);

/* Strings: decode escapes of a TOK_STRING token into a new mg_malloc'd
 * string (the token text includes the quotes). */
char *lx_string_value(const Token *t);

#endif
