# Benchmark 1: a scalar loop. 200,000 updates y = y*1.0001 + 0.0001 on a
# one-element tensor that requires grad (400,000 recorded ops), then backward.
# Twin: scalar_loop.py. Prints "seconds T" for the timed region only.
fn run(n) {
    let x = tensor(1.0, grad)
    let y = x
    for i in range(n) { y = y * 1.0001 + 0.0001 }
    backward(y)
    return item(x.grad)
}
run(2000)                      # warm-up
let t0 = time()
let g = run(200000)
let t = time() - t0
assert(g > 4.8e8 and g < 4.9e8, "dy/dx = 1.0001^200000")
print("seconds", t)
