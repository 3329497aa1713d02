let t = load("../../data/f32_2x3.npy")
print(t)
load("../../data/int64.npy")
