# f = tanh(x^2 + y^2) at (0.5, -1): df/dx = (1 - tanh(1.25)^2) * 2x, df/dy = ... * 2y
let x = tensor(0.5, grad, f64)
let y = tensor(-1, grad, f64)
let f = tanh(x ** 2 + y ** 2)
backward(f)
print(x.grad, y.grad)
let nx = numgrad(fn(t) => tanh(t ** 2 + y ** 2), x)
let ny = numgrad(fn(t) => tanh(x ** 2 + t ** 2), y)
print(abs(item(x.grad) - item(nx)) < 1e-8, abs(item(y.grad) - item(ny)) < 1e-8)
let exact = (1 - tanh(1.25) ** 2) * 2 * 0.5
print(abs(item(x.grad) - exact) < 1e-12)
print(gradcheck(fn(p, q) => tanh(p ** 2 + q ** 2), x, y))
