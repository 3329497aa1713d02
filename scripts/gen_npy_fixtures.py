#!/usr/bin/python3
"""gen_npy_fixtures.py - .npy files written by NumPy, good and bad, for
tests/unit/test_files.c.

Run once, by hand, with the distribution's python3 (it has numpy):

    /usr/bin/python3 scripts/gen_npy_fixtures.py      # writes tests/data/*.npy, *.csv

The files are committed. Values are formulas (no random numbers) so the
test can state what it expects:

  f32_2x3.npy       float32 arange(6).reshape(2, 3) / 4
  f64_special.npy   float64 [0.1, -2.5, 1e-300, inf, -inf, nan]
  f32_scalar.npy    float32 0-d 3.5
  f64_2x2x2.npy     float64 arange(8).reshape(2, 2, 2) - 3.5
  f32_empty.npy     float32 shape (0, 3)
  v2_f32.npy        format version 2.0, float32 [1, 2, 3]
  v3_f64.npy        format version 3.0, float64 [[1.5], [-2]]
  bad_magic.npy     not a .npy file
  truncated.npy     f32_2x3.npy without its last 5 bytes
  truncated_header.npy  the first 30 bytes of f32_2x3.npy
  big_endian.npy    '>f4' [1, 2]
  fortran.npy       float64 2x3 in Fortran order
  int64.npy         '<i8' [1, 2, 3]
"""
import io
import os
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data")


def write(name, arr, version=None):
    with open(os.path.join(OUT, name), "wb") as f:
        if version is None:
            np.save(f, arr)
        else:
            np.lib.format.write_array(f, arr, version=version)


def raw(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    f32 = np.arange(6, dtype=np.float32).reshape(2, 3) / np.float32(4)
    write("f32_2x3.npy", f32)
    write("f64_special.npy", np.array([0.1, -2.5, 1e-300, np.inf, -np.inf, np.nan], dtype=np.float64))
    write("f32_scalar.npy", np.array(3.5, dtype=np.float32))
    write("f64_2x2x2.npy", np.arange(8, dtype=np.float64).reshape(2, 2, 2) - 3.5)
    write("f32_empty.npy", np.zeros((0, 3), dtype=np.float32))
    write("v2_f32.npy", np.array([1, 2, 3], dtype=np.float32), version=(2, 0))
    write("v3_f64.npy", np.array([[1.5], [-2]], dtype=np.float64), version=(3, 0))
    raw("bad_magic.npy", b"PK\x03\x04 this is not a .npy file\n")
    buf = io.BytesIO()
    np.save(buf, f32)
    good = buf.getvalue()
    raw("truncated.npy", good[:-5])
    raw("truncated_header.npy", good[:30])
    write("big_endian.npy", np.array([1, 2], dtype=">f4"))
    write("fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3)))
    write("int64.npy", np.array([1, 2, 3], dtype="<i8"))
    print("wrote", len(os.listdir(OUT)), "files in tests/data")


if __name__ == "__main__":
    main()
