/* optable.c - names and kernel families of the ops, from ops.def. */
#include "ops.h"
#include "../util/alloc.h"

static const char *const names[] = {
#define OP(e, name, family, grad) name,
#include "ops.def"
#undef OP
};

static const OpFamily families[] = {
#define OP(e, name, family, grad) FAM_##family,
#include "ops.def"
#undef OP
};

const char *op_name(OpKind op) {
    MG_ASSERT(op >= 0 && op < OP__COUNT);
    return names[op];
}

OpFamily op_family(OpKind op) {
    MG_ASSERT(op >= 0 && op < OP__COUNT);
    return families[op];
}
