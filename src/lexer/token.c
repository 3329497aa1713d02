/* token.c - the message text of each token kind (one row each in token.h). */
#include "token.h"

static const char *const kind_text[TOK__COUNT] = {
#define X(kind, text) [kind] = text,
    MG_TOKENS(X)
#undef X
};

const char *tok_kind_text(TokenKind k) {
    if ((int)k < 0 || k >= TOK__COUNT) return "?";
    return kind_text[k];
}
