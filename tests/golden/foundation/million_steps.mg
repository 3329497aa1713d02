# 10^6 scalar updates make a graph a million nodes deep; backward must not
# recurse. dy/dx = 1.000001^(10^6) = e^(10^6 * log(1.000001)) ~ 2.71828
let x = tensor(1, grad, f64)
let y = x
for i in range(1000000) {
    y = y * 1.000001 + 0.000001
}
backward(y)
print(x.grad)
print(abs(item(x.grad) - exp(1000000 * log(1.000001))) < 1e-9)
