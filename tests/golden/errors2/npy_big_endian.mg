load("../../data/big_endian.npy")
