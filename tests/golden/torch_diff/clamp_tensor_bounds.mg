# Found by tests/fuzz/torch_diff.py (docs/HARDENING.md): clamp's bounds may
# be tensors, as in torch.clamp: they broadcast with x and get the gradient
# where they win. It was "number expected, got tensor", and a one-element
# bound was silently read as a number (no gradient, no broadcasting).
let x = tensor([0.5, -1.0, 2.0], grad)
let lo = tensor([0.0, 0.0, 1.0], grad)
let hi = tensor(1.5, grad)
let y = clamp(x, lo, hi)
backward(sum(y * tensor([1.0, 2.0, 3.0])))
print(y)
print(x.grad, lo.grad, hi.grad)
print(clamp(tensor(1.0), tensor([2.0])), clamp(tensor([1.0, 5.0]), hi=tensor([[2.0], [0.5]])))
clamp(ones(2), ones(3))
