/* prompt_commands.c - the prompt's `:` commands (SPEC §9).
 *
 * One row per command in the table below: its usage, a line of help and the
 * function that runs it. :help lists the rows, completion and the "unknown
 * command" error use their names. */
#include "prompt_internal.h"
#include "builtins.h"
#include "../tensor/backend.h"
#include "../util/alloc.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct Command {
    const char *name;
    const char *usage;
    const char *desc;
    void (*run)(Prompt *p, const char *arg);
} Command;

static void cmd_help(Prompt *p, const char *arg);
static void cmd_vars(Prompt *p, const char *arg);
static void cmd_load(Prompt *p, const char *arg);
static void cmd_save(Prompt *p, const char *arg);
static void cmd_time(Prompt *p, const char *arg);
static void cmd_reset(Prompt *p, const char *arg);
static void cmd_quit(Prompt *p, const char *arg);

static const Command commands[] = {
    {":help", ":help [NAME]", "this help; :help NAME shows a builtin, as help(NAME) does", cmd_help},
    {":vars", ":vars", "the variables: type; for tensors shape, dtype, device, requires_grad", cmd_vars},
    {":load", ":load FILE", "run a .mg file in this session (its variables stay)", cmd_load},
    {":save", ":save FILE", "write the statements that ran without error as a .mg script", cmd_save},
    {":time", ":time STATEMENT", "run STATEMENT and print its wall time (and GPU time on cuda)", cmd_time},
    {":reset", ":reset", "forget every variable (and what :save would write)", cmd_reset},
    {":quit", ":quit", "leave the prompt (Ctrl-D does too)", cmd_quit},
};
#define N_COMMANDS (int)(sizeof commands / sizeof commands[0])

const char *prompt_command_name(int i) {
    return i >= 0 && i < N_COMMANDS ? commands[i].name : NULL;
}

static const char *skip_blanks(const char *s) {
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

bool prompt_is_command(const char *line) {
    return *skip_blanks(line) == ':';
}

/* The command word of line: its start and length. */
static const char *command_word(const char *line, size_t *len) {
    const char *w = skip_blanks(line);
    *len = strcspn(w, " \t\r\n");
    return w;
}

static const Command *find_command(const char *line) {
    size_t len;
    const char *w = command_word(line, &len);
    for (int i = 0; i < N_COMMANDS; i++)
        if (strlen(commands[i].name) == len && strncmp(commands[i].name, w, len) == 0) return &commands[i];
    return NULL;
}

const char *prompt_command_statement(const char *line) {
    const Command *c = find_command(line);
    if (!c || c->run != cmd_time) return NULL;
    size_t len;
    return skip_blanks(command_word(line, &len) + len);
}

void prompt_command(Prompt *p, const char *line) {
    const Command *c = find_command(line);
    size_t len;
    const char *w = command_word(line, &len);
    if (!c) {
        fprintf(p->err_out, "error: unknown command '%.*s'; the commands are", (int)len, w);
        for (int i = 0; i < N_COMMANDS; i++) fprintf(p->err_out, " %s", commands[i].name);
        fprintf(p->err_out, " (:help says what they do)\n");
        return;
    }
    const char *rest = skip_blanks(w + len);
    if (c->run == cmd_time) { c->run(p, rest); return; }   /* a statement keeps its lines */
    /* one argument: the rest of the line without surrounding blanks */
    size_t n = strlen(rest);
    while (n > 0 && strchr(" \t\r\n", rest[n - 1])) n--;
    char *arg = mg_malloc(n + 1);
    memcpy(arg, rest, n);
    arg[n] = '\0';
    c->run(p, arg);
    mg_free(arg);
}

/* ---- :help ---- */

/* Builtin names in lines of at most 78 columns after an indent. */
typedef struct Wrap { FILE *out; int col, indent; } Wrap;

static void wrap_word(Wrap *w, const char *word) {
    int len = (int)strlen(word);
    if (w->col > w->indent && w->col + 1 + len > 78) {
        fprintf(w->out, "\n%*s", w->indent, "");
        w->col = w->indent;
    }
    if (w->col > w->indent) { fputc(' ', w->out); w->col++; }
    fputs(word, w->out);
    w->col += len;
}

static void help_overview(Prompt *p) {
    FILE *o = p->in->out;
    fprintf(o, "commands:\n");
    for (int i = 0; i < N_COMMANDS; i++) fprintf(o, "  %-17s %s\n", commands[i].usage, commands[i].desc);
    fprintf(o, "keys: Tab completes names and x.attributes, Up/Down walk the history,\n"
               "      Ctrl-C stops a running statement (or clears the line), Ctrl-D quits\n");
    fprintf(o, "builtins by group (:help NAME or help(NAME) for one):\n");
    static const struct { const char *name; const Builtin *rows; } groups[] = {
#define X(g) {#g, bi_group_##g},
        EV_BUILTIN_GROUPS(X)
#undef X
    };
    int n_groups = (int)(sizeof groups / sizeof groups[0]);
    for (int g = 0; g < n_groups; g++) {
        bool repeated = false;            /* a group listed twice in the table shows once */
        for (int h = 0; h < g; h++) repeated |= groups[h].rows == groups[g].rows;
        if (repeated) continue;
        fprintf(o, "  %-9s", groups[g].name);
        Wrap w = {o, 11, 11};
        for (const Builtin *b = groups[g].rows; b->name; b++) wrap_word(&w, b->name);
        fputc('\n', o);
    }
}

static void cmd_help(Prompt *p, const char *arg) {
    if (!*arg) { help_overview(p); return; }
    if (*arg == ':') {
        const Command *c = find_command(arg);
        if (c) { fprintf(p->in->out, "%s\n  %s\n", c->usage, c->desc); return; }
        prompt_command(p, arg);           /* the unknown-command error */
        return;
    }
    const Builtin *b = ev_builtin_find(arg);
    if (!b) {
        fprintf(p->err_out, "error: :help: no builtin named '%s' (:help lists them)\n", arg);
        return;
    }
    ev_builtin_help(b, p->in->out);
}

/* ---- :vars ---- */

static int by_name(const void *a, const void *b) {
    return strcmp((*(const EnvEntry *const *)a)->name, (*(const EnvEntry *const *)b)->name);
}

static void cmd_vars(Prompt *p, const char *arg) {
    (void)arg;
    FILE *o = p->in->out;
    Env *g = p->in->globals;
    if (g->n == 0) { fprintf(o, "no variables\n"); return; }
    const EnvEntry **sorted = mg_malloc(sizeof *sorted * (size_t)g->n);
    int width = 4;
    for (int i = 0; i < g->n; i++) {
        sorted[i] = &g->entries[i];
        int len = (int)strlen(g->entries[i].name);
        if (len > width) width = len;
    }
    qsort(sorted, (size_t)g->n, sizeof *sorted, by_name);
    for (int i = 0; i < g->n; i++) {
        Value v = sorted[i]->value;
        char detail[256] = "";
        if (v.type == VAL_TENSOR) {
            const Tensor *t = v.as.tensor;
            char shape[128];
            snprintf(detail, sizeof detail, "%s %s %s requires_grad=%s",
                     tn_shape_str(t->shape, t->ndim, shape, sizeof shape), tn_dtype_name(t->dtype),
                     tn_device_name(t->device), t->requires_grad ? "true" : "false");
        } else if (v.type == VAL_NUMBER || v.type == VAL_BOOL || v.type == VAL_STRING ||
                   v.type == VAL_LIST || v.type == VAL_OPTION) {
            char *s = ev_repr(v);       /* a short look at the value */
            snprintf(detail, sizeof detail, "%s", s);
            if (strlen(detail) > 50) strcpy(detail + 46, " ...");
            mg_free(s);
        }
        if (detail[0]) fprintf(o, "%-*s  %-9s %s\n", width, sorted[i]->name, ev_type_name(v), detail);
        else fprintf(o, "%-*s  %s\n", width, sorted[i]->name, ev_type_name(v));
    }
    mg_free(sorted);
}

/* ---- :load and :save ---- */

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0, got;
    char *text = mg_malloc(cap);
    while ((got = fread(text + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) text = mg_realloc(text, cap *= 2);
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) { mg_free(text); return NULL; }
    text[n] = '\0';
    *len = n;
    return text;
}

static void cmd_load(Prompt *p, const char *path) {
    if (!*path) { fprintf(p->err_out, "error: usage: :load FILE\n"); return; }
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        fprintf(p->err_out, "error: cannot read '%s': %s\n", path, strerror(errno));
        return;
    }
    Source *src = mg_source_new(path, text, len);
    MgError err;
    mg_error_clear(&err);
    tn_rt.interrupted = 0;
    bool ok = ev_run_source(p->in, src, false, &err);
    fflush(p->in->out);
    if (ok) {
        /* the saved script repeats the file's statements, not the command */
        size_t n = len + strlen(path) + 16;
        char *entry = mg_malloc(n);
        snprintf(entry, n, "# :load %s\n%s", path, text);
        size_t m = strlen(entry);
        while (m > 0 && entry[m - 1] == '\n') entry[--m] = '\0';
        prompt_log_add(&p->log, entry);
    } else if (err.kind == ERR_EXIT) {
        p->exited = true;
        p->status = err.exit_code;
    } else {
        mg_error_print(&err, p->err_out);
    }
    mg_free(text);
}

static void cmd_save(Prompt *p, const char *path) {
    if (!*path) { fprintf(p->err_out, "error: usage: :save FILE\n"); return; }
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(p->err_out, "error: cannot write '%s': %s\n", path, strerror(errno));
        return;
    }
    fprintf(f, "# saved at the mg prompt: the statements that ran without error.\n"
               "# `mg %s` prints what the session showed.\n", path);
    for (int i = 0; i < p->log.n; i++) fprintf(f, "%s\n", p->log.text[i]);
    if (fclose(f) != 0) {
        fprintf(p->err_out, "error: cannot write '%s': %s\n", path, strerror(errno));
        return;
    }
    fprintf(p->in->out, "saved %d statement%s to %s\n", p->log.n, p->log.n == 1 ? "" : "s", path);
}

/* ---- :time ---- */

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* "12.345 ms" */
static const char *duration(double s, char *buf, size_t n) {
    if (s < 1e-3) snprintf(buf, n, "%.1f us", s * 1e6);
    else if (s < 1) snprintf(buf, n, "%.3f ms", s * 1e3);
    else snprintf(buf, n, "%.3f s", s);
    return buf;
}

/* CUDA is in use: new tensors go there or some live there. Asking never
 * loads the CUDA library on a CPU-only session. */
static bool on_cuda(void) {
    return tn_rt.default_device == DEV_CUDA || tn_live_bytes(DEV_CUDA) > 0;
}

static void cuda_sync(void) {
    if (tn_cuda_available()) tn_backend(DEV_CUDA)->sync();
}

static void cmd_time(Prompt *p, const char *stmt) {
    if (!*skip_blanks(stmt) || *skip_blanks(stmt) == '\n') {
        fprintf(p->err_out, "error: usage: :time STATEMENT\n");
        return;
    }
    bool cuda = on_cuda();
    if (cuda) cuda_sync();                /* earlier queued work is not ours */
    double t0 = now_seconds();
    bool ok = prompt_run_input(p, stmt);
    double t_host = now_seconds() - t0;
    if (!ok) return;
    char a[32], b[32];
    if (cuda || on_cuda()) {
        /* kernels run asynchronously: the statement returns once they are
         * queued; the GPU time is until the device has finished them */
        cuda_sync();
        double t_gpu = now_seconds() - t0;
        fprintf(p->in->out, "time: %s wall until the GPU finished (cuda); %s on the host\n",
                duration(t_gpu, a, sizeof a), duration(t_host, b, sizeof b));
    } else {
        fprintf(p->in->out, "time: %s wall (cpu)\n", duration(t_host, a, sizeof a));
    }
}

/* ---- :reset and :quit ---- */

static void cmd_reset(Prompt *p, const char *arg) {
    (void)arg;
    env_clear(p->in->globals);
    prompt_log_clear(&p->log);
    fprintf(p->in->out, "variables cleared\n");
}

static void cmd_quit(Prompt *p, const char *arg) {
    (void)arg;
    p->quit = true;
}
