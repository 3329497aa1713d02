# 04e - learning rates from 0.001 to 1.0 on y = 3 x + 2 with x of scale 2.
# Gradient descent on this loss is stable only while lr < 2 / (largest
# curvature); the curvature along w is 2 * mean(x^2) ~ 7, so the limit is
# about lr = 0.29. Below it: too small crawls, about right converges; above
# it every step overshoots further than the last and the loss explodes.
#
#   build/mg examples/04e_learning_rates.mg

fn round_to(x, digits) {
    let s = 10 ** digits
    let v = x * s + 0.5
    return (v - v % 1) / s
}

seed(6)
let x = 2 * randn(128, 1)
let y = 3 * x + 2 + 0.1 * randn(128, 1)
print("curvature along w: 2 * mean(x^2) =", round_to(item(2 * mean(x ** 2)), 1))

fn train(lr) {
    let w = tensor(0.0, grad)
    let b = tensor(0.0, grad)
    let loss = none
    for step in range(50) {
        loss = mse_loss(x * w + b, y)
        backward(loss)
        no_grad {
            w -= lr * w.grad
            b -= lr * b.grad
        }
        zero_grad(w, b)
    }
    return item(mse_loss(x * w + b, y))
}

let start = item(mean(y ** 2))           # the loss at w = b = 0
let verdicts = []
for lr in [0.001, 0.01, 0.1, 0.2, 0.5, 1.0] {
    let loss = train(lr)
    let verdict = "diverged"
    if loss < 0.02 { verdict = "converged" }
    else if loss < start { verdict = "too slow" }
    append(verdicts, verdict)
    let shown = "above the starting loss " + str(round_to(start, 1))
    if loss < start { shown = str(round_to(loss, 2)) }
    print("lr " + str(lr) + ": loss after 50 steps " + shown + " -> " + verdict)
}
assert(verdicts[0] == "too slow" and verdicts[1] == "too slow", "tiny steps should crawl")
assert(verdicts[2] == "converged" and verdicts[3] == "converged", "lr 0.1 and 0.2 should converge")
assert(verdicts[4] == "diverged" and verdicts[5] == "diverged", "lr above 0.29 should diverge")
