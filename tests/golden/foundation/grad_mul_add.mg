# c = a*b + a: dc/da = b + 1 = 4, dc/db = a = 2
let a = tensor(2, grad)
let b = tensor(3, grad)
c = a * b + a
backward(c)
print(a.grad, b.grad)
print(c, c.grad_fn, c.is_leaf, a.is_leaf)
