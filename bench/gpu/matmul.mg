# GPU benchmark: 4096x4096 @ 4096x4096 f32 through cuBLAS, 10 products
# (1.37 TFLOP in all). Twin: matmul.py.
set_device(cuda)
seed(3)
let a = randn(4096, 4096)
let b = randn(4096, 4096)
let c = a @ b                  # warm-up
sync()
let t0 = time()
for i in range(10) { c = a @ b }
sync()
let t = time() - t0
assert(c.shape[0] == 4096 and c.shape[1] == 4096, "shape")
print("seconds", t)
