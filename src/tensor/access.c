/* access.c - reading elements into host doubles (any device). */
#include "tn_internal.h"
#include "../util/alloc.h"

static double read_at(const Tensor *t, int64_t off) {
    size_t es = tn_dtype_size(t->dtype);
    const char *p = (const char *)t->storage->data + off * (int64_t)es;
    char buf[8];
    if (t->device != DEV_CPU) {
        tn_backend(t->device)->download(buf, p, es);
        p = buf;
    }
    return t->dtype == DT_F32 ? (double)*(const float *)p : *(const double *)p;
}

double tn_item(const Tensor *t) {
    MG_ASSERT(t->numel >= 1);
    return read_at(t, t->offset);
}

double tn_get(const Tensor *t, const int64_t *idx) {
    int64_t off = t->offset;
    for (int d = 0; d < t->ndim; d++) {
        MG_ASSERT(idx[d] >= 0 && idx[d] < t->shape[d]);
        off += idx[d] * t->strides[d];
    }
    return read_at(t, off);
}

void tn_to_doubles(const Tensor *t, double *out) {
    if (t->numel == 0) return;
    if (t->device != DEV_CPU) {
        MgError err;
        Tensor *c = tn_contiguous_raw((Tensor *)t, &err);
        MG_ASSERT(c != NULL);
        size_t nbytes = (size_t)c->numel * tn_dtype_size(c->dtype);
        void *host = mg_malloc(nbytes);
        tn_backend(c->device)->download(host, (const char *)c->storage->data +
                                        c->offset * (int64_t)tn_dtype_size(c->dtype), nbytes);
        for (int64_t i = 0; i < c->numel; i++)
            out[i] = c->dtype == DT_F32 ? (double)((float *)host)[i] : ((double *)host)[i];
        mg_free(host);
        tn_release(c);
        return;
    }
    /* row-major walk with an index counter */
    int64_t idx[TN_MAX_DIMS] = { 0 }, off = t->offset;
    for (int64_t i = 0; i < t->numel; i++) {
        out[i] = t->dtype == DT_F32 ? (double)((const float *)t->storage->data)[off]
                                    : ((const double *)t->storage->data)[off];
        for (int d = t->ndim - 1; d >= 0; d--) {
            off += t->strides[d];
            if (++idx[d] < t->shape[d]) break;
            off -= t->strides[d] * t->shape[d];
            idx[d] = 0;
        }
    }
}
