# GPU benchmark: exp(a*b + a) over 64M f32 elements on cuda, 20 times
# (three fresh 256 MB results each time: the caching allocator reuses them).
# Twin: elementwise.py.
set_device(cuda)
seed(4)
let a = rand(67108864)
let b = rand(67108864)
let c = exp(a * b + a)         # warm-up
sync()
let t0 = time()
for i in range(20) { c = exp(a * b + a) }
sync()
let t = time() - t0
print("seconds", t)
