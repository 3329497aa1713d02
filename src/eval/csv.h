/* csv.h - numeric CSV files into tensors (SPEC §7 "files": load_csv).
 *
 * Every data row holds the same number of comma-separated numbers (spaces
 * around them and Windows line ends are fine, blank lines are skipped).
 * The result is a 2-D f32 tensor [rows, columns]. A field that is not a
 * number, or a row with a different number of fields, is an ERR_IO error
 * naming file:line.
 */
#ifndef MG_CSV_H
#define MG_CSV_H
#include "../tensor/tensor.h"

/* skip_header: the first line holds column names, not numbers. */
Tensor *csv_load(const char *who, const char *path, bool skip_header, Device dev, MgError *err);

#endif
