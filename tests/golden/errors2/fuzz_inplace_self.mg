# Found by fuzz_eval (a leak): `c += c` recorded c as its own input, which
# lost half the gradient and made a cycle c -> add -> c.
let x = full([2], 3.0, grad)
let c = x * 1
c += c
backward(sum(c))
print(c, x.grad)           # c = 2x: dc/dx = 2
let y = tensor(2.0, grad)
let d = y * 1
d *= d                     # d = y^2 (the old d is saved, as in x *= v)
backward(d)
print(d, y.grad)           # 4
# A value saved by c * c, then c updated with it: the version check stops
# backward (as PyTorch does), and nothing leaks.
let z = full([2], 3.0, grad)
let h = z * 2
let e = h * h
h += e
backward(sum(h))
