/* prompt_complete.c - Tab completion at the prompt.
 *
 * What is completed depends on where the cursor is:
 *   `:he`          command names
 *   `:help su`     builtin names
 *   `:load te`     file names (readline's own completer)
 *   `x.re`         x's attributes and methods: for a tensor the attributes
 *                  of SPEC §5 and the builtins whose first parameter is a
 *                  tensor (x.sum() = sum(x)); for an optimizer its methods
 *   `su`           keywords, builtins, option names and variables
 * A single match gets `(` after a callable, a space after a keyword.
 *
 * Readline calls back without a context pointer, so the session's Interp is
 * kept in a file-level variable. Match strings must come from malloc:
 * readline frees them with free(). */
#include "prompt_internal.h"
#include "builtins.h"
#include "../util/alloc.h"
#include <readline/readline.h>
#include <stdlib.h>
#include <string.h>

static Interp *session;

const char *const prompt_tensor_attrs[] = {
    "shape", "ndim", "dtype", "device", "grad", "requires_grad", "is_leaf", "grad_fn", "T", "data", NULL
};

/* ---- candidates ---- */

typedef struct Names {
    char **name;        /* mg_malloc'd, sorted and unique after names_finish */
    int n, cap;
    const char *prefix; /* only names starting with it are kept */
    size_t prefix_len;
} Names;

static void names_add(void *ctx, const char *name) {
    Names *ns = ctx;
    if (strncmp(name, ns->prefix, ns->prefix_len) != 0) return;
    if (ns->n == ns->cap) {
        ns->cap = ns->cap ? ns->cap * 2 : 64;
        ns->name = mg_realloc(ns->name, sizeof(char *) * (size_t)ns->cap);
    }
    ns->name[ns->n++] = mg_strdup(name);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void names_finish(Names *ns) {
    if (ns->n == 0) return;
    qsort(ns->name, (size_t)ns->n, sizeof(char *), cmp_str);
    int k = 1;
    for (int i = 1; i < ns->n; i++) {
        if (strcmp(ns->name[i], ns->name[k - 1]) == 0) mg_free(ns->name[i]);
        else ns->name[k++] = ns->name[i];
    }
    ns->n = k;
}

static void names_free(Names *ns) {
    for (int i = 0; i < ns->n; i++) mg_free(ns->name[i]);
    mg_free(ns->name);
}

/* ---- methods ---- */

/* The name of a signature's first parameter: "sum(x, axis=none)" -> "x". */
static void first_param(const char *sig, char *out, size_t n) {
    const char *s = strchr(sig, '(');
    size_t len = s ? strcspn(s + 1, ",)=. ") : 0;
    if (len >= n) len = n - 1;
    memcpy(out, s ? s + 1 : "", len);
    out[len] = '\0';
}

/* Parameter names that stand for a tensor in the builtins' signatures. */
static bool names_a_tensor(const char *param) {
    static const char *const tensor_params[] = {
        "x", "y", "a", "p", "z", "pred", "logits", "logp", "classes", "cond", "tensors", NULL
    };
    for (int i = 0; tensor_params[i]; i++)
        if (strcmp(param, tensor_params[i]) == 0) return true;
    return false;
}

typedef struct MethodVisit {
    void (*fn)(void *, const char *);
    void *ctx;
} MethodVisit;

static void visit_tensor_method(void *ctx, const Builtin *b) {
    MethodVisit *v = ctx;
    char param[32];
    first_param(b->sig, param, sizeof param);
    /* creation builtins take numbers first (linspace(a, b, n)), except
     * the *_like ones and param(x) */
    bool creation = false;
    for (const Builtin *c = bi_group_create; c->name; c++) creation |= c == b;
    if (names_a_tensor(param) && (!creation || strcmp(param, "x") == 0)) v->fn(v->ctx, b->name);
}

void prompt_each_method(Value v, void (*fn)(void *ctx, const char *name), void *ctx) {
    if (v.type == VAL_TENSOR) {
        MethodVisit mv = {fn, ctx};
        ev_builtin_each(visit_tensor_method, &mv);
    } else if (v.type == VAL_OBJECT) {
        for (const Builtin *b = v.as.obj->cls->methods; b && b->name; b++) fn(ctx, b->name);
    }
}

/* ---- what a single match is followed by ---- */

static bool is_option(const char *name) {
    for (int i = 0; i < OPT__COUNT; i++)
        if (strcmp(name, ev_option_name((OptionKind)i)) == 0) return true;
    return false;
}

/* After a name: `(` for a function, a space for a keyword that starts a
 * statement or an operand, nothing otherwise. ev_each_name offers
 * variables, builtins, option names and keywords, so a name that is none
 * of the first three is a keyword. */
static int append_after_name(const char *name) {
    Value *v = env_lookup(session->globals, name);
    if (v) return v->type == VAL_FUNCTION || v->type == VAL_BUILTIN ? '(' : '\0';
    if (ev_builtin_find(name)) return '(';
    if (is_option(name)) return '\0';
    static const char *const complete_words[] = {"true", "false", "none", "break", "continue", NULL};
    for (int i = 0; complete_words[i]; i++)
        if (strcmp(name, complete_words[i]) == 0) return '\0';
    return ' ';
}

/* ---- readline's side ---- */

/* The matches readline walks through (a generator is called with state 0
 * for the first one, then 1, 2, ... until it returns NULL). */
static Names current;
static const char *current_receiver;      /* "x." before attribute matches, or "" */

static char *next_match(const char *text, int state) {
    (void)text;
    static int i;
    if (state == 0) i = 0;
    if (i >= current.n) return NULL;
    const char *name = current.name[i++];
    char *s = malloc(strlen(current_receiver) + strlen(name) + 1);   /* readline frees it */
    if (!s) return NULL;
    strcpy(s, current_receiver);
    strcat(s, name);
    return s;
}

static void add_commands(Names *ns) {
    for (int i = 0; prompt_command_name(i); i++) names_add(ns, prompt_command_name(i) + 1);
}

static void add_builtin(void *ctx, const Builtin *b) {
    names_add(ctx, b->name);
}

/* Fills `current` for text at [start, end) of the line. Returns false to
 * leave the word to readline's file-name completion. */
static bool collect(const char *text, int start) {
    static char receiver[128];
    receiver[0] = '\0';
    current_receiver = receiver;
    const char *line = rl_line_buffer;
    const char *lead = line;
    while (*lead == ' ' || *lead == '\t') lead++;
    rl_completion_append_character = '\0';
    if (*lead == ':') {
        int word_start = (int)(lead - line) + 1;
        if (start <= word_start) {                          /* the command itself */
            current.prefix = text;
            current.prefix_len = strlen(text);
            add_commands(&current);
            rl_completion_append_character = ' ';
            return true;
        }
        size_t len = strcspn(lead, " \t");
        if ((len == 5 && strncmp(lead, ":load", 5) == 0) || (len == 5 && strncmp(lead, ":save", 5) == 0))
            return false;
        if (len == 5 && strncmp(lead, ":help", 5) == 0) {
            current.prefix = text;
            current.prefix_len = strlen(text);
            ev_builtin_each(add_builtin, &current);
            return true;
        }
        /* :time STATEMENT: complete as in a statement */
    }
    const char *dot = strrchr(text, '.');
    if (dot) {
        /* `x.pre`: x must be a variable; nothing is evaluated */
        size_t n = (size_t)(dot - text);
        if (n + 2 > sizeof receiver) return true;
        memcpy(receiver, text, n + 1);
        receiver[n + 1] = '\0';
        receiver[n] = '\0';
        Value *v = env_lookup(session->globals, receiver);
        receiver[n] = '.';
        if (!v) return true;
        current.prefix = dot + 1;
        current.prefix_len = strlen(dot + 1);
        if (v->type == VAL_TENSOR)
            for (int i = 0; prompt_tensor_attrs[i]; i++) names_add(&current, prompt_tensor_attrs[i]);
        prompt_each_method(*v, names_add, &current);
        names_finish(&current);
        if (current.n == 1) {
            bool attr = false;
            for (int i = 0; prompt_tensor_attrs[i]; i++) attr |= strcmp(current.name[0], prompt_tensor_attrs[i]) == 0;
            rl_completion_append_character = attr && v->type == VAL_TENSOR ? '\0' : '(';
        }
        return true;
    }
    current.prefix = text;
    current.prefix_len = strlen(text);
    ev_each_name(session->globals, names_add, &current);
    names_finish(&current);
    if (current.n == 1) rl_completion_append_character = append_after_name(current.name[0]);
    return true;
}

static char **complete(const char *text, int start, int end) {
    (void)end;
    names_free(&current);
    memset(&current, 0, sizeof current);
    if (!collect(text, start)) return NULL;                /* file names */
    names_finish(&current);
    rl_attempted_completion_over = 1;                      /* never fall back to file names */
    if (current.n == 0) return NULL;
    return rl_completion_matches(text, next_match);
}

/* Tab Tab lists `x.` matches by their attribute names alone. */
static void display_matches(char **matches, int n, int max_len) {
    size_t skip = strlen(current_receiver);
    if (skip == 0) { rl_display_match_list(matches, n, max_len); rl_forced_update_display(); return; }
    /* matches[0] is the common prefix; the list is matches[1..n] */
    char **names = mg_malloc(sizeof(char *) * (size_t)(n + 2));
    for (int i = 0; i <= n; i++) names[i] = strlen(matches[i]) >= skip ? matches[i] + skip : matches[i];
    names[n + 1] = NULL;
    rl_display_match_list(names, n, max_len - (int)skip);
    mg_free(names);
    rl_forced_update_display();
}

/* `.` is part of a word (`x.sh`); after :load and :save so is `/`. */
static char word_breaks[] = " \t\n\"\\'`@$><=;|&{}()[],+-*/%!^~:#";
static char path_breaks[] = " \t\n\"'";

static char *word_break_hook(void) {
    const char *lead = rl_line_buffer;
    while (*lead == ' ' || *lead == '\t') lead++;
    if (strncmp(lead, ":load ", 6) == 0 || strncmp(lead, ":save ", 6) == 0) return path_breaks;
    return NULL;                                           /* the default: word_breaks */
}

void prompt_complete_install(Interp *in) {
    session = in;
    rl_attempted_completion_function = complete;
    rl_completer_word_break_characters = word_breaks;
    rl_completion_word_break_hook = word_break_hook;
    rl_completion_display_matches_hook = display_matches;
}

void prompt_complete_uninstall(void) {
    names_free(&current);
    memset(&current, 0, sizeof current);
    rl_attempted_completion_function = NULL;
    rl_completion_word_break_hook = NULL;
    rl_completion_display_matches_hook = NULL;
    session = NULL;
}
