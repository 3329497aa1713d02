/* cpu_backend.c - the CPU's kernel table (backend.h). Host memory goes
 * through the counting allocator; the tensor layer's storage cache keeps
 * small blocks for reuse, so nothing here needs a pool of its own. */
#include "cpu.h"
#include "../util/alloc.h"
#include <string.h>

static void *cpu_alloc(size_t nbytes) { return mg_try_malloc(nbytes ? nbytes : 1); }
static void cpu_free(void *p, size_t nbytes) { (void)nbytes; mg_free(p); }
static void cpu_memcpy(void *dst, const void *src, size_t n) { if (n) memcpy(dst, src, n); }
static void cpu_sync(void) {}

const Backend cpu_backend = {
    .name = "cpu",
    .alloc = cpu_alloc,
    .free = cpu_free,
    .upload = cpu_memcpy,
    .download = cpu_memcpy,
    .sync = cpu_sync,
    .unary = cpu_unary,
    .binary = cpu_binary,
    .compare = cpu_compare,
    .where = cpu_where,
    .sum = cpu_sum,
    .index_reduce = cpu_index_reduce,
    .gather = cpu_gather,
    .matmul = cpu_matmul,
    .copy = cpu_copy,
    .fill = cpu_fill,
};
