/* npy.c - reading and writing NumPy .npy files (see npy.h). */
#include "npy.h"
#include "../util/alloc.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char MAGIC[6] = {'\x93', 'N', 'U', 'M', 'P', 'Y'};
#define SUPPORTED "supported dtypes are '<f4' (f32) and '<f8' (f64)"

/* ---- little-endian element bytes, whatever the host's byte order ---- */

static void put_le(unsigned char *dst, uint64_t bits, int nbytes) {
    for (int i = 0; i < nbytes; i++) dst[i] = (unsigned char)(bits >> (8 * i));
}

static uint64_t get_le(const unsigned char *src, int nbytes) {
    uint64_t bits = 0;
    for (int i = 0; i < nbytes; i++) bits |= (uint64_t)src[i] << (8 * i);
    return bits;
}

static void encode(double v, DType dt, unsigned char *dst) {
    if (dt == DT_F32) {
        float f = (float)v;
        uint32_t bits;
        memcpy(&bits, &f, 4);
        put_le(dst, bits, 4);
    } else {
        uint64_t bits;
        memcpy(&bits, &v, 8);
        put_le(dst, bits, 8);
    }
}

static double decode(const unsigned char *src, DType dt) {
    if (dt == DT_F32) {
        uint32_t bits = (uint32_t)get_le(src, 4);
        float f;
        memcpy(&f, &bits, 4);
        return f;
    }
    uint64_t bits = get_le(src, 8);
    double d;
    memcpy(&d, &bits, 8);
    return d;
}

/* ---- save ---- */

/* The header, padded so that the data starts at a multiple of 64. Returns
 * its length including magic, version and length field. */
static size_t make_header(const Tensor *t, char *buf, size_t cap) {
    char dict[512];
    int n = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (",
                     t->dtype == DT_F32 ? "<f4" : "<f8");
    for (int i = 0; i < t->ndim; i++)
        n += snprintf(dict + n, sizeof dict - (size_t)n, "%lld%s", (long long)t->shape[i],
                      t->ndim == 1 ? "," : i + 1 < t->ndim ? ", " : "");
    n += snprintf(dict + n, sizeof dict - (size_t)n, "), }");
    size_t total = 10 + (size_t)n + 1;          /* magic 6, version 2, length 2, dict, '\n' */
    size_t padded = (total + 63) / 64 * 64;
    MG_ASSERT(padded <= cap);
    memcpy(buf, MAGIC, 6);
    buf[6] = 1;
    buf[7] = 0;
    put_le((unsigned char *)buf + 8, padded - 10, 2);
    memcpy(buf + 10, dict, (size_t)n);
    memset(buf + 10 + n, ' ', padded - total);
    buf[padded - 1] = '\n';
    return padded;
}

bool npy_save(const char *who, const char *path, const Tensor *t, MgError *err) {
    size_t esize = tn_dtype_size(t->dtype);
    char header[640];
    size_t hlen = make_header(t, header, sizeof header);

    /* the temporary file sits next to the target so that rename() is atomic */
    size_t plen = strlen(path);
    char *tmp = mg_malloc(plen + 16);
    snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        mg_free(tmp);
        return mg_error(err, ERR_IO, "%s: cannot write '%s': %s", who, path, strerror(e));
    }
    fchmod(fd, 0644);
    FILE *f = fdopen(fd, "wb");
    MG_ASSERT(f);

    /* the elements as doubles (any device, any strides), encoded in chunks */
    double *vals = mg_try_malloc(sizeof(double) * (size_t)(t->numel > 0 ? t->numel : 1));
    if (!vals) {
        fclose(f);
        unlink(tmp);
        mg_free(tmp);
        return mg_error(err, ERR_MEMORY, "%s: not enough memory to convert a tensor of %lld elements",
                        who, (long long)t->numel);
    }
    tn_to_doubles(t, vals);
    bool ok = fwrite(header, 1, hlen, f) == hlen;
    enum { CHUNK = 4096 };
    unsigned char bytes[CHUNK * 8];
    for (int64_t i = 0; ok && i < t->numel; i += CHUNK) {
        int64_t m = t->numel - i < CHUNK ? t->numel - i : CHUNK;
        for (int64_t k = 0; k < m; k++) encode(vals[i + k], t->dtype, bytes + k * (int64_t)esize);
        ok = fwrite(bytes, esize, (size_t)m, f) == (size_t)m;
    }
    mg_free(vals);
    int e = ok ? 0 : errno;
    if (fflush(f) != 0 || fsync(fd) != 0) { if (ok) e = errno; ok = false; }
    if (fclose(f) != 0) { if (ok) e = errno; ok = false; }
    if (ok && rename(tmp, path) != 0) { e = errno; ok = false; }
    if (!ok) {
        unlink(tmp);
        mg_error(err, ERR_IO, "%s: cannot write '%s': %s", who, path, strerror(e ? e : EIO));
    }
    mg_free(tmp);
    return ok;
}

/* ---- load: the header dict ---- */

typedef struct {
    const char *p, *end;
    char descr[32];
    bool descr_is_list;
    bool fortran;
    int ndim;
    int64_t shape[TN_MAX_DIMS + 1];
    bool has_descr, has_fortran, has_shape;
} Header;

static void skip_ws(Header *h) {
    while (h->p < h->end && isspace((unsigned char)*h->p)) h->p++;
}

static bool eat(Header *h, char c) {
    skip_ws(h);
    if (h->p < h->end && *h->p == c) { h->p++; return true; }
    return false;
}

/* A quoted Python string: 'descr' or "descr" (no escapes needed here). */
static bool read_str(Header *h, char *out, size_t cap) {
    skip_ws(h);
    if (h->p >= h->end || (*h->p != '\'' && *h->p != '"')) return false;
    char q = *h->p++;
    const char *start = h->p;
    while (h->p < h->end && *h->p != q) h->p++;
    if (h->p >= h->end || (size_t)(h->p - start) >= cap) return false;
    memcpy(out, start, (size_t)(h->p - start));
    out[h->p - start] = '\0';
    h->p++;
    return true;
}

static bool read_shape(Header *h, int *ndim_too_many) {
    if (!eat(h, '(')) return false;
    h->ndim = 0;
    while (!eat(h, ')')) {
        skip_ws(h);
        if (h->p >= h->end || !isdigit((unsigned char)*h->p)) return false;
        int64_t d = 0;
        while (h->p < h->end && isdigit((unsigned char)*h->p)) {
            if (d > (INT64_MAX - 9) / 10) return false;
            d = d * 10 + (*h->p++ - '0');
        }
        if (h->ndim < TN_MAX_DIMS) h->shape[h->ndim] = d;
        h->ndim++;
        /* sizes are separated by commas: `(7, 8)`, `(7,)`; `(7 8)` is not a tuple */
        if (!eat(h, ',') && !(h->p < h->end && *h->p == ')')) return false;
    }
    *ndim_too_many = h->ndim > TN_MAX_DIMS;
    return true;
}

static bool skip_list(Header *h) {
    int depth = 0;
    for (; h->p < h->end; h->p++) {
        if (*h->p == '[' || *h->p == '(') depth++;
        if ((*h->p == ']' || *h->p == ')') && --depth == 0) { h->p++; return true; }
    }
    return false;
}

/* Parses the dict; on failure returns false with *why set. */
static bool parse_header(Header *h, const char **why) {
    int too_many = 0;
    *why = "expected a {...} dict";
    if (!eat(h, '{')) return false;
    while (!eat(h, '}')) {
        char key[32];
        *why = "expected a quoted key";
        if (!read_str(h, key, sizeof key)) return false;
        *why = "expected ':' after a key";
        if (!eat(h, ':')) return false;
        if (strcmp(key, "descr") == 0) {
            skip_ws(h);
            if (h->p < h->end && *h->p == '[') {
                h->descr_is_list = true;
                *why = "unterminated list in 'descr'";
                if (!skip_list(h)) return false;
            } else {
                *why = "'descr' must be a string";
                if (!read_str(h, h->descr, sizeof h->descr)) return false;
            }
            h->has_descr = true;
        } else if (strcmp(key, "fortran_order") == 0) {
            skip_ws(h);
            if ((size_t)(h->end - h->p) >= 4 && strncmp(h->p, "True", 4) == 0) { h->fortran = true; h->p += 4; }
            else if ((size_t)(h->end - h->p) >= 5 && strncmp(h->p, "False", 5) == 0) { h->fortran = false; h->p += 5; }
            else { *why = "'fortran_order' must be True or False"; return false; }
            h->has_fortran = true;
        } else if (strcmp(key, "shape") == 0) {
            *why = "'shape' must be a tuple of whole numbers";
            if (!read_shape(h, &too_many)) return false;
            h->has_shape = true;
        } else {
            *why = "unexpected key (expected 'descr', 'fortran_order' and 'shape')";
            return false;
        }
        eat(h, ',');
    }
    *why = "missing 'descr', 'fortran_order' or 'shape'";
    if (!h->has_descr || !h->has_fortran || !h->has_shape) return false;
    *why = NULL;
    return true;
}

/* ---- load ---- */

static Tensor *load_fail(FILE *f, void *buf, Tensor *t) {
    if (f) fclose(f);
    mg_free(buf);
    tn_release(t);
    return NULL;
}

/* Read a .npy file into a new tensor on dev. The checks, in file order, each
 * with its own message naming the file: it opens and is not a directory;
 * the magic \x93NUMPY; a version of 1.0, 2.0 or 3.0; a complete header of
 * the length it announces; a dict that parses; a dtype mg reads ('<f4' or
 * '<f8': not structured, not big-endian); C order; at most TN_MAX_DIMS
 * dims; then the data size against the file's size before anything is
 * allocated; then the read and the conversion. */
Tensor *npy_load(const char *who, const char *path, Device dev, MgError *err) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        mg_error(err, ERR_IO, "%s: cannot open '%s': %s", who, path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        mg_error(err, ERR_IO, "%s: cannot read '%s': %s", who, path, S_ISDIR(st.st_mode) ? "it is a directory" : strerror(errno));
        return load_fail(f, NULL, NULL);
    }
    unsigned char pre[12];
    size_t got = fread(pre, 1, 10, f);
    if (got < 6 || memcmp(pre, MAGIC, 6) != 0) {
        mg_error(err, ERR_IO, "%s: '%s' is not a .npy file (it does not start with \\x93NUMPY)", who, path);
        return load_fail(f, NULL, NULL);
    }
    if (got < 10) {
        mg_error(err, ERR_IO, "%s: '%s' is truncated (the header is incomplete)", who, path);
        return load_fail(f, NULL, NULL);
    }
    int major = pre[6], minor = pre[7];
    if (major < 1 || major > 3 || minor != 0) {
        mg_error(err, ERR_IO, "%s: '%s' has .npy format version %d.%d; versions 1.0, 2.0 and 3.0 are supported",
                 who, path, major, minor);
        return load_fail(f, NULL, NULL);
    }
    size_t hlen = get_le(pre + 8, 2);
    size_t prefix = 10;
    if (major >= 2) {
        if (fread(pre + 10, 1, 2, f) != 2) {
            mg_error(err, ERR_IO, "%s: '%s' is truncated (the header is incomplete)", who, path);
            return load_fail(f, NULL, NULL);
        }
        hlen = get_le(pre + 8, 4);
        prefix = 12;
    }
    if ((uint64_t)st.st_size < prefix + hlen) {
        mg_error(err, ERR_IO, "%s: '%s' is truncated (the header is incomplete)", who, path);
        return load_fail(f, NULL, NULL);
    }
    char *text = mg_malloc(hlen + 1);
    if (fread(text, 1, hlen, f) != hlen) {
        mg_error(err, ERR_IO, "%s: '%s' is truncated (the header is incomplete)", who, path);
        return load_fail(f, text, NULL);
    }
    text[hlen] = '\0';
    Header h = {.p = text, .end = text + hlen};
    const char *why;
    if (!parse_header(&h, &why)) {
        mg_error(err, ERR_IO, "%s: '%s' has a malformed .npy header: %s", who, path, why);
        return load_fail(f, text, NULL);
    }
    mg_free(text);
    text = NULL;

    DType dt;
    if (h.descr_is_list) {
        mg_error(err, ERR_IO, "%s: '%s' holds a structured array; " SUPPORTED, who, path);
        return load_fail(f, NULL, NULL);
    }
    if (strcmp(h.descr, "<f4") == 0) dt = DT_F32;
    else if (strcmp(h.descr, "<f8") == 0) dt = DT_F64;
    else if (strcmp(h.descr, ">f4") == 0 || strcmp(h.descr, ">f8") == 0) {
        mg_error(err, ERR_IO, "%s: '%s' is big-endian ('%s'); only little-endian data is read: " SUPPORTED,
                 who, path, h.descr);
        return load_fail(f, NULL, NULL);
    } else {
        mg_error(err, ERR_IO, "%s: '%s' has dtype '%s'; " SUPPORTED, who, path, h.descr);
        return load_fail(f, NULL, NULL);
    }
    if (h.fortran) {
        mg_error(err, ERR_IO, "%s: '%s' is in Fortran order; only C order is supported "
                 "(write it with np.ascontiguousarray)", who, path);
        return load_fail(f, NULL, NULL);
    }
    if (h.ndim > TN_MAX_DIMS) {
        mg_error(err, ERR_IO, "%s: '%s' has %d dimensions; tensors have at most %d", who, path, h.ndim, TN_MAX_DIMS);
        return load_fail(f, NULL, NULL);
    }

    /* the data size, checked against the file before allocating anything */
    size_t esize = tn_dtype_size(dt);
    uint64_t avail = (uint64_t)st.st_size - prefix - hlen;
    uint64_t numel = 1;
    bool overflow = false;
    for (int i = 0; i < h.ndim; i++) {
        if (h.shape[i] != 0 && numel > UINT64_MAX / 8 / (uint64_t)h.shape[i]) overflow = true;
        else numel *= (uint64_t)h.shape[i];
    }
    if (overflow || numel * esize > avail) {
        char shape[256];
        tn_shape_str(h.shape, h.ndim, shape, sizeof shape);
        if (overflow)
            mg_error(err, ERR_IO, "%s: '%s' is truncated: shape %s needs more bytes than the file has", who, path, shape);
        else
            mg_error(err, ERR_IO, "%s: '%s' is truncated: shape %s needs %llu data bytes, the file has %llu",
                     who, path, shape, (unsigned long long)(numel * esize), (unsigned long long)avail);
        return load_fail(f, NULL, NULL);
    }
    unsigned char *raw = mg_try_malloc(numel * esize + 1);
    double *vals = mg_try_malloc(sizeof(double) * (numel + 1));
    if (!raw || !vals) {
        mg_error(err, ERR_MEMORY, "%s: not enough memory to read '%s' (%llu elements)", who, path,
                 (unsigned long long)numel);
        mg_free(vals);
        return load_fail(f, raw, NULL);
    }
    if (fread(raw, esize, numel, f) != numel) {
        mg_error(err, ERR_IO, "%s: cannot read '%s': %s", who, path, ferror(f) ? strerror(errno) : "unexpected end of file");
        mg_free(vals);
        return load_fail(f, raw, NULL);
    }
    fclose(f);
    for (uint64_t i = 0; i < numel; i++) vals[i] = decode(raw + i * esize, dt);
    mg_free(raw);
    Tensor *t = tn_from_doubles(vals, h.shape, h.ndim, dt, dev, err);
    mg_free(vals);
    return t;
}
