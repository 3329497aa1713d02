let x = ones(2)
save(x, "no_such_directory/x.npy")
