# GPU benchmark: the scalar loop on cuda. 20,000 updates y = y*1.0001 +
# 0.0001 on a one-element cuda tensor that requires grad (40,000 recorded
# ops, each one kernel launch), then backward. What it measures is the cost
# of one op: the launch and mg's own bookkeeping. Twin: scalar_loop.py.
set_device(cuda)
fn run(n) {
    let x = tensor(1.0, grad)
    let y = x
    for i in range(n) { y = y * 1.0001 + 0.0001 }
    backward(y)
    return item(x.grad)       # copies to the host: waits for the GPU
}
run(200)                      # warm-up
sync()
let t0 = time()
let g = run(20000)
let t = time() - t0
assert(g > 7.38 and g < 7.40, "dy/dx = 1.0001^20000")
print("seconds", t)
