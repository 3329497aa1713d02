# Linear regression by gradient descent on y = 3x + 2 + noise.
seed(0)
let x = linspace(-1, 1, 100)
let y = 3 * x + 2 + 0.1 * randn(100)
let w = tensor(0.0, grad)
let b = tensor(0.0, grad)
let lr = 0.5
for step in range(300) {
    let loss = mse_loss(w * x + b, y)
    backward(loss)
    no_grad {
        w -= lr * w.grad
        b -= lr * b.grad
    }
    zero_grad(w, b)
}
fn round(v, digits) {
    let s = 10 ** digits
    let k = v * s + 0.5
    return (k - k % 1) / s
}
print("w =", round(item(w), 1), "b =", round(item(b), 1))
print(abs(item(w) - 3) < 0.1, abs(item(b) - 2) < 0.1)
print(item(mse_loss(w * x + b, y)) < 0.02)
