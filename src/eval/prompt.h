/* prompt.h - the interactive prompt (SPEC §9): a teaching session at the keyboard.
 *
 * `mg> ` reads a statement; `... ` continues it while the parser says
 * PARSE_INCOMPLETE. A bare expression's value is printed (unless none),
 * at the top level only: inside a block (a loop body) print() shows values,
 * so a loop does not flood the screen and :save can reproduce output. An
 * error is printed with its caret (file name `<stdin>`, line numbers
 * counting on across inputs) and the session goes on with its variables
 * intact. At a terminal: GNU Readline editing, history in $MG_HISTORY or
 * ~/.mg_history (appended after each input), Tab completion (names, and
 * after `x.` attributes and methods), Ctrl-C stops a running statement
 * (`interrupted`) or clears the line, Ctrl-D quits. Commands: :help [NAME],
 * :vars, :load FILE, :save FILE, :time STATEMENT, :reset, :quit.
 * The pieces are described in prompt_internal.h.
 */
#ifndef MG_PROMPT_H
#define MG_PROMPT_H
#include "eval.h"

/* Runs the prompt until end of input or exit(n). interactive: GNU Readline
 * with prompts and history ($MG_HISTORY, else ~/.mg_history); otherwise
 * lines are read from `input` without prompts (pipes, tests). Errors go to
 * err_out. Returns the exit status: 0, or n after exit(n). */
int ev_prompt(Interp *in, FILE *input, FILE *err_out, bool interactive);

#endif
