# GPU benchmark: sum of 64M f32 (accumulated in double), 20 times.
# Twin: sum.py.
set_device(cuda)
seed(4)
let a = rand(67108864)
let s = sum(a)                 # warm-up
sync()
let t0 = time()
for i in range(20) { s = sum(a) }
sync()
let t = time() - t0
assert(abs(item(s) / 67108864 - 0.5) < 0.001, "mean of U[0,1) is 0.5")
print("seconds", t)
