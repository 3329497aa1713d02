/* token.h - token kinds and the Token record (SPEC §2). */
#ifndef MG_TOKEN_H
#define MG_TOKEN_H
#include "../util/error.h"

/* X-macro: one row per token kind, with the text used in messages. */
#define MG_TOKENS(X) \
    X(TOK_EOF, "end of input") \
    X(TOK_NEWLINE, "newline") \
    X(TOK_ERROR, "invalid token") \
    X(TOK_NUMBER, "number") \
    X(TOK_STRING, "string") \
    X(TOK_IDENT, "name") \
    /* keywords */ \
    X(TOK_LET, "'let'") X(TOK_FN, "'fn'") X(TOK_RETURN, "'return'") \
    X(TOK_IF, "'if'") X(TOK_ELSE, "'else'") X(TOK_WHILE, "'while'") \
    X(TOK_FOR, "'for'") X(TOK_IN, "'in'") X(TOK_BREAK, "'break'") \
    X(TOK_CONTINUE, "'continue'") X(TOK_TRUE, "'true'") X(TOK_FALSE, "'false'") \
    X(TOK_NONE, "'none'") X(TOK_AND, "'and'") X(TOK_OR, "'or'") X(TOK_NOT, "'not'") \
    X(TOK_NO_GRAD, "'no_grad'") \
    /* operators and punctuation */ \
    X(TOK_PLUS, "'+'") X(TOK_MINUS, "'-'") X(TOK_STAR, "'*'") X(TOK_SLASH, "'/'") \
    X(TOK_PERCENT, "'%'") X(TOK_STARSTAR, "'**'") X(TOK_AT, "'@'") \
    X(TOK_EQEQ, "'=='") X(TOK_NE, "'!='") X(TOK_LT, "'<'") X(TOK_LE, "'<='") \
    X(TOK_GT, "'>'") X(TOK_GE, "'>='") X(TOK_ASSIGN, "'='") \
    X(TOK_PLUS_EQ, "'+='") X(TOK_MINUS_EQ, "'-='") X(TOK_STAR_EQ, "'*='") X(TOK_SLASH_EQ, "'/='") \
    X(TOK_LPAREN, "'('") X(TOK_RPAREN, "')'") X(TOK_LBRACKET, "'['") X(TOK_RBRACKET, "']'") \
    X(TOK_LBRACE, "'{'") X(TOK_RBRACE, "'}'") X(TOK_COMMA, "','") X(TOK_SEMI, "';'") \
    X(TOK_COLON, "':'") X(TOK_DOT, "'.'") X(TOK_ARROW, "'=>'")

typedef enum {
#define X(kind, text) kind,
    MG_TOKENS(X)
#undef X
    TOK__COUNT
} TokenKind;

/* "'+'", "name", ... for messages like "expected ')' but found name". */
const char *tok_kind_text(TokenKind k);

typedef struct Token {
    TokenKind kind;
    const char *start;  /* points into Source.text */
    int length;
    Span span;
    double number;      /* TOK_NUMBER */
    const char *error;  /* TOK_ERROR: static message, e.g. "unterminated string" */
} Token;

#endif
