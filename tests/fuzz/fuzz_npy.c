/* fuzz_npy.c - libFuzzer target: the .npy reader (src/eval/npy.c).
 *
 * Each input is a file's bytes, read with npy_load through an in-memory
 * file (memfd), so nothing touches the disk. A file that loads must also
 * round-trip: saved with npy_save and loaded again it gives the same dtype,
 * shape and element bits (NaN payloads included). A rejected file must
 * give an ERR_IO error whose message starts with "load". Anything else
 * (crash, sanitizer report, leak, failed check) is a finding.
 *
 * Build and run: tests/fuzz/run.sh SECONDS (see docs/HARDENING.md).
 */
#include "eval/npy.h"
#include "tensor/tensor.h"
#include "util/alloc.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define FUZZ_MAX_TENSOR_BYTES ((uint64_t)1 << 22) /* 4 MB */

static void check(bool ok, const char *what) {
    if (ok) return;
    fprintf(stderr, "fuzz_npy: %s\n", what);
    abort();
}

static void check_round_trip(const Tensor *t) {
    MgError err;
    mg_error_clear(&err);
    const char *path = "fuzz_npy_roundtrip.npy";
    check(npy_save("save", path, t, &err), "a loaded tensor cannot be saved");
    Tensor *u = npy_load("load", path, DEV_CPU, &err);
    check(u != NULL, "a saved tensor cannot be loaded");
    unlink(path);
    check(u->dtype == t->dtype && u->ndim == t->ndim, "dtype or ndim changed");
    check(memcmp(u->shape, t->shape, sizeof(int64_t) * (size_t)t->ndim) == 0, "shape changed");
    size_t n = (size_t)t->numel;
    double *a = mg_malloc(sizeof(double) * (n + 1)), *b = mg_malloc(sizeof(double) * (n + 1));
    tn_to_doubles(t, a);
    tn_to_doubles(u, b);
    check(memcmp(a, b, sizeof(double) * n) == 0, "elements changed");
    mg_free(a);
    mg_free(b);
    tn_release(u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    tn_rt.max_tensor_bytes = FUZZ_MAX_TENSOR_BYTES;
    int fd = memfd_create("fuzz.npy", 0);
    check(fd >= 0, "memfd_create failed");
    check(write(fd, data, size) == (ssize_t)size, "write failed");
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    MgError err;
    mg_error_clear(&err);
    Tensor *t = npy_load("load", path, DEV_CPU, &err);
    close(fd);
    if (t) {
        check_round_trip(t);
        tn_release(t);
    } else {
        check(err.kind == ERR_IO || err.kind == ERR_MEMORY || err.kind == ERR_SHAPE,
              "a rejected file gives an unexpected error kind");
        check(strncmp(err.msg, "load", 4) == 0 || err.kind != ERR_IO,
              "an ERR_IO message does not start with 'load'");
    }
    return 0;
}
