/* prompt_internal.h - what the prompt's files share (see prompt.h).
 *
 *   prompt.c           the loop: read an input (with `... ` continuation
 *                      lines), hand `:` commands over, run the rest
 *   prompt_run.c       run one input statement by statement, show values,
 *                      keep the statements that ran for :save
 *   prompt_reader.c    lines from GNU Readline (history, Ctrl-C) or stdio
 *   prompt_complete.c  Tab completion
 *   prompt_commands.c  :help :vars :load :save :time :reset :quit
 */
#ifndef MG_PROMPT_INTERNAL_H
#define MG_PROMPT_INTERNAL_H
#include "prompt.h"

/* ---- the session ---- */

/* The statements that ran without error, as script text: a bare
 * expression that showed a value is kept as print(...), so the saved
 * script writes what the session showed. */
typedef struct StmtLog {
    char **text;        /* mg_malloc'd */
    int n, cap;
} StmtLog;

typedef struct Prompt {
    Interp *in;
    FILE *err_out;
    bool interactive;   /* at a terminal */
    int line_offset;    /* lines of earlier inputs: error positions count on */
    StmtLog log;
    bool quit;          /* :quit */
    bool exited;        /* exit(n) ran: status holds n */
    int status;
} Prompt;

/* Runs one complete input (source name `<stdin>`): each statement in turn,
 * printing a bare expression's value unless none, and an error with its
 * caret (the session goes on). Statements that ran are added to the log.
 * Returns false when a statement failed. */
bool prompt_run_input(Prompt *p, const char *text);

/* The parser's verdict on text so far (PARSE_INCOMPLETE: read more). */
ParseStatus prompt_parse_status(const char *text);

void prompt_log_add(StmtLog *log, char *text);   /* takes text */
void prompt_log_clear(StmtLog *log);

/* ---- commands ---- */

/* True when line (after leading blanks) is a `:` command. */
bool prompt_is_command(const char *line);
/* The statement text a command still needs continuation lines for
 * (`:time for ...{`), or NULL when the command is complete. */
const char *prompt_command_statement(const char *line);
/* Runs a `:` command. */
void prompt_command(Prompt *p, const char *line);

/* The i-th command's name (":help"), or NULL past the last (completion). */
const char *prompt_command_name(int i);

/* ---- completion ---- */

/* Installs Tab completion of keywords, builtins, in's variables, commands,
 * and after `x.` x's attributes and methods. */
void prompt_complete_install(Interp *in);
/* Frees what completion holds and unhooks it from readline. */
void prompt_complete_uninstall(void);

/* Methods a value offers after `x.` (callable as x.f(...)): calls fn for
 * each name. Tensors: builtins whose first parameter is a tensor; objects
 * (optimizers): their class's methods. */
void prompt_each_method(Value v, void (*fn)(void *ctx, const char *name), void *ctx);
/* The tensor attributes of SPEC §5, NULL-terminated. */
extern const char *const prompt_tensor_attrs[];

/* ---- reading lines ---- */

typedef enum { READ_LINE, READ_INTERRUPT, READ_EOF } ReadStatus;

typedef struct LineReader {
    bool interactive;   /* GNU Readline; otherwise plain lines from input */
    FILE *input;
    char history_path[1024];
} LineReader;

void prompt_reader_open(LineReader *r, bool interactive, FILE *input);
void prompt_reader_close(LineReader *r);
/* One line without its newline (mg_malloc'd in *line) for READ_LINE;
 * READ_INTERRUPT: Ctrl-C at the prompt cleared the line; READ_EOF: Ctrl-D. */
ReadStatus prompt_read_line(LineReader *r, const char *prompt, char **line);
/* Adds a finished input to the history and appends it to the history file
 * at once (so it survives an error, Ctrl-D or a kill). */
void prompt_remember(LineReader *r, const char *text);

#endif
