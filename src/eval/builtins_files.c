/* builtins_files.c - tensors to and from files (SPEC §7 "files"):
 * save/load in NumPy's .npy format (npy.c) and load_csv (csv.c). Loaded
 * tensors go to the default device. */
#include "builtins.h"
#include "npy.h"
#include "csv.h"

static bool want_path(BiArgs *a, int i, const char **path, MgError *err) {
    if (a->v[i].type != VAL_STRING) return bi_bad_arg(a, i, "file name (string)", a->v[i], err);
    *path = a->v[i].as.str->s;
    if (!**path) return mg_error(err, ERR_IO, "%s: the file name is empty", a->bi->name);
    return true;
}

static bool bi_save(BiArgs *a, Value *out, MgError *err) {
    const char *path = NULL;
    if (!want_path(a, 1, &path, err)) return false;
    Tensor *x = bi_tensor(a, 0, err);
    if (!x) return false;
    bool ok = npy_save("save", path, x, err);
    tn_release(x);
    *out = ev_none();
    return ok;
}

static bool bi_load(BiArgs *a, Value *out, MgError *err) {
    const char *path = NULL;
    if (!want_path(a, 0, &path, err)) return false;
    return bi_ret_tensor(npy_load("load", path, tn_rt.default_device, err), out);
}

static bool bi_load_csv(BiArgs *a, Value *out, MgError *err) {
    const char *path = NULL;
    bool skip_header;
    if (!want_path(a, 0, &path, err) || !bi_bool(a, 1, &skip_header, err)) return false;
    return bi_ret_tensor(csv_load("load_csv", path, skip_header, tn_rt.default_device, err), out);
}

const Builtin bi_group_files[] = {
    {"save", "save(x, path)", "Write tensor x to a NumPy .npy file (f32 or f64, C order)", bi_save},
    {"load", "load(path)", "Read a NumPy .npy file (little-endian f32 or f64, C order) as a tensor", bi_load},
    {"load_csv", "load_csv(path, skip_header=true)",
     "Read a CSV file of numbers as a 2-D f32 tensor [rows, columns]", bi_load_csv},
    {NULL, NULL, NULL, NULL},
};
