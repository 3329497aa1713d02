load("../../data/bad_magic.npy")
