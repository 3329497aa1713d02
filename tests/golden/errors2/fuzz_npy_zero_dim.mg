# Found by fuzz_npy: a header whose shape has a 0 and a huge size.
load("../../fuzz/regressions/npy/zero_dim_stride_overflow.npy")
