# Benchmark 2: micrograd-sized MLP, 2-16-16-1 with tanh, 100 points,
# 2000 full-batch SGD steps on the mean squared error. Twin: tiny_mlp.py.
seed(1)
let X = randn(100, 2)
let Y = tanh(X[:, 0:1] * 2 - X[:, 1:2])          # (100, 1) targets
let W1 = param(randn(2, 16) * 0.5)
let b1 = param(zeros(16))
let W2 = param(randn(16, 16) * 0.25)
let b2 = param(zeros(16))
let W3 = param(randn(16, 1) * 0.25)
let b3 = param(zeros(1))
let ps = [W1, b1, W2, b2, W3, b3]

fn train(steps) {
    let loss = none
    for s in range(steps) {
        let h1 = tanh(X @ W1 + b1)                  # (100, 16)
        let h2 = tanh(h1 @ W2 + b2)                 # (100, 16)
        let out = h2 @ W3 + b3                      # (100, 1)
        loss = mean((out - Y) ** 2)
        zero_grad(ps)
        backward(loss)
        no_grad { for p in ps { p -= 0.05 * p.grad } }
    }
    return item(loss)
}
train(20)                      # warm-up
let t0 = time()
let l = train(2000)
let t = time() - t0
assert(l < 0.05, "the MLP learns")
print("seconds", t)
