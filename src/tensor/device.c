/* device.c - which backend runs a device's kernels, and the CUDA loader.
 *
 * The CUDA backend is a separate shared library, libmg_cuda.so, so that mg
 * builds and runs without CUDA and start-up never touches the driver. The
 * first question about CUDA (tn_cuda_available, a cuda tensor, set_device)
 * looks for it, in order:
 *   1. next to the executable (directory of /proc/self/exe),
 *   2. ../lib/mg/ from there (where `make install` puts it),
 *   3. the path in $MG_CUDA_LIB,
 * and calls its mg_cuda_backend_init(), which returns the kernel table or
 * NULL when no GPU is usable. The answer is cached for the process.
 */
#include "tn_internal.h"
#include "../util/alloc.h"
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const Backend *cuda_backend;
static bool cuda_probed;

static const Backend *try_load(const char *path) {
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) return NULL;
    const Backend *(*init)(void);
    *(void **)&init = dlsym(h, "mg_cuda_backend_init");
    /* The library stays loaded even when it finds no GPU: unloading it
     * would also unload the C++ runtime and CUDA libraries it pulled in,
     * whose start-up allocations would then look leaked. */
    return init ? init() : NULL;
}

bool tn_cuda_available(void) {
    if (cuda_probed) return cuda_backend != NULL;
    cuda_probed = true;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 32);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            strcpy(slash + 1, "libmg_cuda.so");
            cuda_backend = try_load(exe);
            if (!cuda_backend) {               /* installed: PREFIX/bin/mg, PREFIX/lib/mg/ */
                strcpy(slash + 1, "../lib/mg/libmg_cuda.so");
                cuda_backend = try_load(exe);
            }
        }
    }
    const char *env = getenv("MG_CUDA_LIB");
    if (!cuda_backend && env && *env) cuda_backend = try_load(env);
    return cuda_backend != NULL;
}

const Backend *tn_backend(Device d) {
    if (d == DEV_CPU) return &cpu_backend;
    MG_ASSERT(cuda_backend != NULL);   /* no cuda tensor exists without it */
    return cuda_backend;
}

bool tn_set_default_device(Device d, MgError *err) {
    if (d == DEV_CUDA && !tn_cuda_available())
        return mg_error(err, ERR_DEVICE, "cuda: no CUDA device is available");
    tn_rt.default_device = d;
    return true;
}
