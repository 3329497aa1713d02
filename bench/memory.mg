# Benchmark 8: memory over a long training loop. A small model trained for
# 3000 steps; live tensor bytes (mem()) must be the same at step 200 and at
# step 3000, and bench/run.sh checks the peak RSS (goal: under 64 MB).
seed(6)
let X = randn(64, 8)
let Y = sum(X, axis=1, keepdim=true)
let W1 = param(randn(8, 32) * 0.3)
let b1 = param(zeros(32))
let W2 = param(randn(32, 1) * 0.2)
let b2 = param(zeros(1))
let ps = [W1, b1, W2, b2]
let at200 = none
for step in range(1, 3001) {
    let loss = mean((tanh(X @ W1 + b1) @ W2 + b2 - Y) ** 2)
    zero_grad(ps)
    backward(loss)
    no_grad { for p in ps { p -= 0.02 * p.grad } }
    if step == 200 { at200 = mem()[0] }
}
let at3000 = mem()[0]
print("live bytes at step 200:", at200, "at step 3000:", at3000)
assert(at200 == at3000, "no tensor memory grows with the steps")
