/* main.c - the command line (SPEC §1).
 *
 *   mg                      prompt when stdin is a terminal, else stdin is the script
 *   mg FILE.mg [ARGS...]    run a script; args() gives ARGS
 *   mg -e 'CODE'            run CODE
 *   mg -i FILE.mg           run the script, then the prompt with its variables
 *   mg --device cuda|cpu    default device for new tensors
 *   mg --version | --help
 *
 * Exit status: 0 success; 1 error or failed assert; 2 bad usage or an
 * unreadable file; n after exit(n).
 *
 * Everything runs on a thread with a 256 MB stack (ev_run_big_stack): a
 * user function call costs a few evaluator frames, and the recursion limit
 * of 10000 calls must be reached as an mg error, never as a stack overflow.
 * A thread is used rather than setrlimit + re-exec because it needs no
 * second process and works the same under debuggers and sanitizers.
 */
#include "eval/eval.h"
#include "eval/prompt.h"
#include "autograd/graph.h"
#include "util/alloc.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MG_VERSION "0.1.0"

typedef struct Main {
    int argc;
    char **argv;
    int status;
} Main;

static void usage(FILE *out) {
    fprintf(out,
            "usage: mg [--device cpu|cuda] [FILE.mg [ARGS...] | -e CODE | -i FILE.mg]\n"
            "  mg              the prompt (or run stdin when it is not a terminal)\n"
            "  mg FILE [ARGS]  run a script; args() returns ARGS\n"
            "  mg -e CODE      run CODE\n"
            "  mg -i FILE      run FILE, then open the prompt with its variables\n"
            "  --device D      default device for new tensors (cpu or cuda)\n"
            "  --version       print the version\n"
            "  --help          print this help\n");
}

/* The whole of f, mg_malloc'd, or NULL (errno set). */
static char *read_all(FILE *f, size_t *len) {
    size_t cap = 4096, n = 0;
    char *buf = mg_malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) buf = mg_realloc(buf, cap *= 2);
    }
    if (ferror(f)) { mg_free(buf); return NULL; }
    *len = n;
    return buf;
}

/* Set when the program called exit(n): `mg -i` then opens no prompt. */
static bool exit_called;

/* Runs text as a script; returns the exit status. */
static int run_script(Interp *in, const char *name, const char *text, size_t len) {
    Source *src = mg_source_new(name, text, len);
    MgError err;
    mg_error_clear(&err);
    bool ok = ev_run_source(in, src, false, &err);
    fflush(stdout);
    if (ok) return 0;
    if (err.kind == ERR_EXIT) {
        exit_called = true;
        return err.exit_code;
    }
    mg_error_print(&err, stderr);
    return 1;
}

/* Reads and runs a file; 2 when it cannot be read. */
static int run_file(Interp *in, const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "mg: cannot open '%s': %s\n", path, strerror(errno));
        return 2;
    }
    size_t len;
    char *text = read_all(f, &len);
    int e = errno;
    fclose(f);
    if (!text) {
        fprintf(stderr, "mg: cannot read '%s': %s\n", path, strerror(e));
        return 2;
    }
    int status = run_script(in, path, text, len);
    mg_free(text);
    return status;
}

static int run(int argc, char **argv) {
    const char *code = NULL, *file = NULL, *device = NULL;
    bool then_prompt = false;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--version") == 0) { printf("mg %s\n", MG_VERSION); return 0; }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { usage(stdout); return 0; }
        if (strcmp(a, "--device") == 0 || strcmp(a, "-e") == 0 || strcmp(a, "-i") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "mg: %s needs an argument\n", a);
                usage(stderr);
                return 2;
            }
            const char *v = argv[++i];
            /* "--device" is the only one of the three with a second '-'.
             * -e CODE and -i FILE end the options: what follows them is
             * the program's args(), even when it starts with '-'. */
            if (a[1] == '-') { device = v; continue; }
            if (a[1] == 'e') code = v;
            else { file = v; then_prompt = true; }
            i++;
            break;
        }
        if (strcmp(a, "--") == 0) { i++; if (i < argc) file = argv[i++]; break; }
        if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "mg: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        }
        file = a;
        i++;
        break;
    }
    if (device && strcmp(device, "cpu") != 0 && strcmp(device, "cuda") != 0) {
        fprintf(stderr, "mg: --device must be cpu or cuda, got '%s'\n", device);
        return 2;
    }

    tn_rt.grad_enabled = true;
    if (device && strcmp(device, "cuda") == 0) {
        MgError err;
        mg_error_clear(&err);
        if (!tn_set_default_device(DEV_CUDA, &err)) {
            mg_error_print(&err, stderr);
            return 1;
        }
    }
    ev_install_sigint();
    Interp *in = ev_new(stdout);
    in->argc = argc - i;          /* what follows the script (or -e CODE) */
    in->argv = argv + i;
    int status;
    if (code) {
        status = run_script(in, "<cmdline>", code, strlen(code));
    } else if (file) {
        status = run_file(in, file);
        /* -i: the prompt opens after an error too (to inspect it), but not
         * after exit(n) or an unreadable file */
        if (then_prompt && status != 2 && !exit_called)
            status = ev_prompt(in, stdin, stderr, isatty(STDIN_FILENO));
    } else if (isatty(STDIN_FILENO)) {
        status = ev_prompt(in, stdin, stderr, true);
    } else {
        size_t len;
        char *text = read_all(stdin, &len);
        if (!text) {
            fprintf(stderr, "mg: cannot read standard input: %s\n", strerror(errno));
            status = 2;
        } else {
            status = run_script(in, "<stdin>", text, len);
            mg_free(text);
        }
    }
    ev_free(in);
    return status;
}

static void *main_thread(void *arg) {
    Main *m = arg;
    m->status = run(m->argc, m->argv);
    return NULL;
}

int main(int argc, char **argv) {
    Main m = {argc, argv, 0};
    ev_run_big_stack(main_thread, &m);
    fflush(stdout);
    tn_release_caches();
    ag_pool_trim();
    mg_sources_free();
    return m.status;
}
