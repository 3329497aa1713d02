# 04a - polynomial regression: a curve is still linear regression, on the
# features [x, x^2, x^3]. Fit y = 0.5 x^3 - x^2 + 2 with a line and with a
# cubic and compare the losses.
#
#   build/mg examples/04a_polynomial_regression.mg

fn round_to(x, digits) {
    let s = 10 ** digits
    let v = x * s + 0.5
    return (v - v % 1) / s
}

seed(1)
let x = linspace(-2, 2, 64)                 # [64]
let y = 0.5 * x ** 3 - x ** 2 + 2 + 0.05 * randn(64)

# Feature matrices [64, degree]: column k holds x^(k+1).
fn features(x, degree) {
    let cols = []
    for k in range(degree) { append(cols, x ** (k + 1)) }
    return stack(cols, axis=1)
}

# Adam copes with features of different scales (x^3 reaches 8, x only 2).
fn fit(degree) {
    let X = features(x, degree)
    let w = param(zeros(degree))
    let b = param(zeros(1))
    let opt = adam([w, b], lr=0.05)
    let loss = none
    for step in range(600) {
        loss = mse_loss(X @ w + b, y)
        opt.zero_grad()
        backward(loss)
        opt.step()
    }
    return [item(mse_loss(X @ w + b, y)), w, b]
}

let line = fit(1)
let cubic = fit(3)
let w = tolist(cubic[1])
let b = item(cubic[2])
print("degree 1 (a line): loss", round_to(line[0], 1))
print("degree 3 (a cubic): loss", round_to(cubic[0], 3))
print("cubic coefficients of x^3, x^2, x, 1:", round_to(w[2], 1), round_to(w[1], 1),
      round_to(w[0], 1), round_to(b, 1), "(truth 0.5 -1 0 2)")
assert(cubic[0] < 0.01, "the cubic should fit to the noise level")
assert(line[0] > 100 * cubic[0], "a line cannot follow the curve")
assert(abs(w[2] - 0.5) < 0.05 and abs(w[1] + 1) < 0.05 and abs(b - 2) < 0.05,
       "the cubic's coefficients should be close to the truth")
