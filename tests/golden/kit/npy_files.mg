# .npy files written by NumPy load with their dtype; save + load round trips.
let a = load("../../data/f32_2x3.npy")
print(a)
let b = load("../../data/v3_f64.npy")
print(b)
save(a * 2, "/tmp/mg_golden_kit_npy_files.npy")
print(load("/tmp/mg_golden_kit_npy_files.npy"))
help(load)
