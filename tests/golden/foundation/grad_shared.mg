# a used on several paths: c = a + b; d = c * a; e = c * d = (a + b)^2 * a
# de/da = 2(a + b)a + (a + b)^2 = 10 + 25 = 35, de/db = 2(a + b)a = 10
let a = tensor(1, grad)
let b = tensor(4, grad)
c = a + b
d = c * a
e = c * d
backward(e)
print(a.grad, b.grad)
# gradients accumulate across backward calls until cleared
e = (a + b) * (a + b) * a
backward(e)
print(a.grad, b.grad)
zero_grad(a, b)
print(a.grad, b.grad)
