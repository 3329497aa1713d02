load("../../data/fortran.npy")
