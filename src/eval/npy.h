/* npy.h - tensors in NumPy's .npy format (SPEC §7 "files").
 *
 * A .npy file is: the magic "\x93NUMPY", a format version (1.0, 2.0 or
 * 3.0), the header length (2 bytes little-endian in 1.0, 4 bytes after),
 * a header that is a Python dict literal
 *     {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
 * padded with spaces and a '\n' so the data starts at a multiple of 64
 * bytes, then the raw elements. mg reads and writes little-endian f32
 * ('<f4') and f64 ('<f8') in C (row-major) order; anything else is an
 * ERR_IO error that names the file and says what is supported.
 *
 * `who` ("save", "load") starts every error message.
 */
#ifndef MG_NPY_H
#define MG_NPY_H
#include "../tensor/tensor.h"

/* Writes t (any device, any strides) as version 1.0. The bytes go to a
 * temporary file in the same directory, renamed over path at the end, so
 * an interrupted save never leaves half a file. */
bool npy_save(const char *who, const char *path, const Tensor *t, MgError *err);

/* Reads a file into a new tensor on dev with the file's dtype. */
Tensor *npy_load(const char *who, const char *path, Device dev, MgError *err);

#endif
