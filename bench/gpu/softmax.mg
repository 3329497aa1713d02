# GPU benchmark: softmax over the rows of a (4096, 4096) f32 tensor, with
# backward, 10 times. Twin: softmax.py.
set_device(cuda)
seed(5)
let x = param(randn(4096, 4096))
let w = randn(4096, 4096)
fn once() {
    let y = sum(softmax(x, axis=-1) * w)
    x.grad = none
    backward(y)
}
once()                         # warm-up
sync()
let t0 = time()
for i in range(10) { once() }
sync()
let t = time() - t0
print("seconds", t)
