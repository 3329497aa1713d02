/* prompt.h - the interactive prompt (SPEC §9, basic form).
 *
 * `mg> ` reads a statement; `... ` continues it while the parser says
 * PARSE_INCOMPLETE. A bare expression's value is printed (unless none). An
 * error is printed (file name `<stdin>`, line numbers counting on across
 * inputs) and the session goes on with its variables intact. Ctrl-D quits;
 * Ctrl-C during a statement stops it with `interrupted`.
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
