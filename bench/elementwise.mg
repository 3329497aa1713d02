# Benchmark 5: exp(a*b + a) over 16M f32 elements (three fresh results each
# time), 10 times. Twin: elementwise.py.
seed(4)
let a = rand(16777216)
let b = rand(16777216)
let c = exp(a * b + a)         # warm-up
let t0 = time()
for i in range(10) { c = exp(a * b + a) }
let t = time() - t0
print("seconds", t)
