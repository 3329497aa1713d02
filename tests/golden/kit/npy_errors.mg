# A file NumPy wrote with a dtype mg does not read.
print("before")
let t = load("../../data/int64.npy")
