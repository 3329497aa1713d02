# GPU benchmark: MLP 784-256-256-10 with ReLU, batch 128, cross_entropy,
# 100 SGD steps, everything on cuda (batch 128, as issue 5 states the goal). Twin: mlp.py.
set_device(cuda)
seed(2)
let X = randn(128, 784)
let cls = []
for i in range(128) { append(cls, i % 10) }
let C = tensor(cls)                                 # (128,) class indices
let W1 = param(randn(784, 256) * 0.05)
let b1 = param(zeros(256))
let W2 = param(randn(256, 256) * 0.06)
let b2 = param(zeros(256))
let W3 = param(randn(256, 10) * 0.06)
let b3 = param(zeros(10))
let ps = [W1, b1, W2, b2, W3, b3]

fn train(steps) {
    let loss = none
    for s in range(steps) {
        let h1 = relu(X @ W1 + b1)                  # (128, 256)
        let h2 = relu(h1 @ W2 + b2)                 # (128, 256)
        loss = cross_entropy(h2 @ W3 + b3, C)       # logits (128, 10)
        zero_grad(ps)
        backward(loss)
        no_grad { for p in ps { p -= 0.01 * p.grad } }
    }
    return loss
}
train(3)                       # warm-up
sync()
let t0 = time()
let l = train(100)
sync()
let t = time() - t0
assert(l.device == "cuda", "trained on the GPU")
assert(item(l) < 2.3, "the loss goes down")
print("seconds", t)
