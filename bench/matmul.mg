# Benchmark 4: 1024x1024 f32 matmul (OpenBLAS), 20 products. Twin: matmul.py.
seed(3)
let a = randn(1024, 1024)
let b = randn(1024, 1024)
let c = a @ b                  # warm-up
let t0 = time()
for i in range(20) { c = a @ b }
let t = time() - t0
assert(c.shape[0] == 1024 and c.shape[1] == 1024, "shape")
print("seconds", t)
