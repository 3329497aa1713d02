# Benchmark 6: softmax over the rows of a (4096, 1024) f32 tensor, with
# backward, 10 times. Twin: softmax.py.
seed(5)
let x = param(randn(4096, 1024))
let w = randn(4096, 1024)
fn once() {
    let y = sum(softmax(x, axis=-1) * w)
    x.grad = none
    backward(y)
}
once()                         # warm-up
let t0 = time()
for i in range(10) { once() }
let t = time() - t0
print("seconds", t)
