/* prompt_reader.c - lines for the prompt: GNU Readline at a terminal, plain
 * stdio otherwise (pipes, `mg -i FILE < input`).
 *
 * Ctrl-C. The interpreter runs on a big-stack thread (main.c), so SIGINT
 * may be delivered to any thread of the process and a blocking read in this
 * thread would not wake up. Readline is therefore used through its callback
 * interface, driven by select() over the terminal and a self-pipe: the
 * SIGINT handler sets tn_rt.interrupted (what a running statement checks)
 * and writes a byte to the pipe (what a waiting prompt wakes up on).
 *
 * Readline hands out malloc'd lines and frees what it is given with free(),
 * so those strings are the only ones here not from mg_malloc.
 */
#include "prompt_internal.h"
#include "../util/alloc.h"
#include <errno.h>
#include <fcntl.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#define MG_HISTORY_MAX 2000   /* lines kept in the history file */

static int sigint_pipe[2] = {-1, -1};
static struct sigaction saved_sigint;

static void on_sigint(int sig) {
    (void)sig;
    int saved_errno = errno;
    tn_rt.interrupted = 1;
    if (sigint_pipe[1] >= 0) {
        ssize_t w = write(sigint_pipe[1], "", 1);   /* full pipe: one byte is enough */
        (void)w;
    }
    errno = saved_errno;
}

static void drain_sigint_pipe(void) {
    char buf[64];
    while (sigint_pipe[0] >= 0 && read(sigint_pipe[0], buf, sizeof buf) > 0) {}
}

static void open_history(LineReader *r) {
    const char *path = getenv("MG_HISTORY");
    const char *home = getenv("HOME");
    if (path && *path) snprintf(r->history_path, sizeof r->history_path, "%s", path);
    else if (home && *home) snprintf(r->history_path, sizeof r->history_path, "%s/.mg_history", home);
    if (!r->history_path[0]) return;
    /* A multi-line input (a function typed over several lines) stays one
     * entry: readline keeps entries apart by their timestamp lines. */
    history_comment_char = '#';           /* timestamps are written as "#1700000000" */
    history_write_timestamps = 1;
    history_multiline_entries = 1;
    using_history();
    history_truncate_file(r->history_path, MG_HISTORY_MAX);
    if (read_history(r->history_path) != 0) {
        /* no history yet: create the file so append_history can add to it */
        FILE *f = fopen(r->history_path, "a");
        if (f) fclose(f);
    }
}

void prompt_reader_open(LineReader *r, bool interactive, FILE *input) {
    memset(r, 0, sizeof *r);
    r->interactive = interactive;
    r->input = input ? input : stdin;
    if (!interactive) return;
    open_history(r);
    rl_readline_name = "mg";
    rl_catch_signals = 0;                 /* SIGINT is ours (see the top) */
    if (pipe2(sigint_pipe, O_NONBLOCK | O_CLOEXEC) != 0) sigint_pipe[0] = sigint_pipe[1] = -1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sa.sa_flags = SA_RESTART;             /* output of a running statement is not cut */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &saved_sigint);
}

void prompt_reader_close(LineReader *r) {
    if (!r->interactive) return;
    sigaction(SIGINT, &saved_sigint, NULL);
    for (int i = 0; i < 2; i++)
        if (sigint_pipe[i] >= 0) { close(sigint_pipe[i]); sigint_pipe[i] = -1; }
}

/* ---- plain lines ---- */

static ReadStatus read_plain(FILE *in, char **line) {
    size_t cap = 256, n = 0;
    char *buf = mg_malloc(cap);
    int c;
    while ((c = fgetc(in)) != EOF && c != '\n') {
        if (n + 2 > cap) buf = mg_realloc(buf, cap *= 2);
        buf[n++] = (char)c;
    }
    if (c == EOF && n == 0) { mg_free(buf); return READ_EOF; }
    buf[n] = '\0';
    *line = buf;
    return READ_LINE;
}

/* ---- readline, callback style ---- */

static struct { bool done; char *line; } got;   /* set by on_line */

static void on_line(char *line) {
    got.done = true;
    got.line = line;                      /* NULL: Ctrl-D on an empty line */
    /* removed here, or readline would show the next prompt at once, before
     * the statement's output; this also gives the terminal back its normal
     * mode while the statement runs */
    rl_callback_handler_remove();
}

static ReadStatus read_interactive(const char *prompt, char **line) {
    drain_sigint_pipe();
    tn_rt.interrupted = 0;
    got.done = false;
    got.line = NULL;
    ReadStatus status = READ_LINE;
    rl_callback_handler_install(prompt, on_line);
    while (!got.done) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(STDIN_FILENO, &fds);
        int maxfd = STDIN_FILENO;
        if (sigint_pipe[0] >= 0) {
            FD_SET(sigint_pipe[0], &fds);
            if (sigint_pipe[0] > maxfd) maxfd = sigint_pipe[0];
        }
        int n = select(maxfd + 1, &fds, NULL, NULL, NULL);
        if (n < 0 && errno != EINTR) { status = READ_EOF; break; }
        if (tn_rt.interrupted) {
            /* Ctrl-C at the prompt: drop what was typed, fresh prompt */
            drain_sigint_pipe();
            tn_rt.interrupted = 0;
            rl_point = rl_end;            /* "^C" after what was typed, then a new line */
            rl_redisplay();
            fputs("^C", rl_outstream);
            rl_crlf();
            fflush(rl_outstream);
            rl_free_line_state();
            rl_callback_sigcleanup();
            status = READ_INTERRUPT;
            break;
        }
        if (n > 0 && FD_ISSET(STDIN_FILENO, &fds)) rl_callback_read_char();
    }
    if (!got.done) rl_callback_handler_remove();
    if (status == READ_INTERRUPT) return status;
    if (status == READ_EOF || !got.line) {
        fputc('\n', stdout);              /* Ctrl-D leaves the cursor after the prompt */
        fflush(stdout);
        return READ_EOF;
    }
    *line = mg_strdup(got.line);
    free(got.line);                       /* readline's malloc */
    return READ_LINE;
}

ReadStatus prompt_read_line(LineReader *r, const char *prompt, char **line) {
    *line = NULL;
    if (!r->interactive) return read_plain(r->input, line);
    return read_interactive(prompt, line);
}

void prompt_remember(LineReader *r, const char *text) {
    if (!r->interactive || !*text) return;
    add_history(text);
    if (r->history_path[0]) append_history(1, r->history_path);
}
