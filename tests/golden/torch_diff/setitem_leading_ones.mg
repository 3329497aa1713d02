# Found by tests/fuzz/torch_diff.py (docs/HARDENING.md): in x[i] = v, v may
# have more leading size-1 dimensions than the region, as in NumPy and torch
# (x[0] = ones(1, 3) fills a row); it was an error, worded differently with
# and without gradients.
let x = zeros(2, 3)
x[0] = ones(1, 3)
x[1, :2] = tensor([[[5.0, 6.0]]])
print(x)
let a = zeros(2, 3, grad)
let v = tensor([[7.0, 8.0, 9.0]], grad)
let y = a * 1.0
y[-1] = v
backward(sum(y * tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])))
print(y)
print(a.grad, v.grad)
x[0] = ones(2, 3)
