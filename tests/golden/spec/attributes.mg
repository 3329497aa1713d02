# SPEC §5 attributes: shape, ndim, dtype, device, grad, requires_grad,
# is_leaf, grad_fn, T (2-D transpose), data (detached, sharing storage).
let x = tensor([[1.0, 2], [3, 4]], grad)
print(x.shape, x.ndim, x.dtype, x.device, x.grad, x.requires_grad, x.is_leaf, x.grad_fn)
let y = x * 2
print(y.shape, y.requires_grad, y.is_leaf, y.grad_fn, type(y.grad_fn))
print(x.T, tensor(3).shape, tensor(3).ndim, tensor([1.5], f64).dtype)
let d = x.data
print(d, d.requires_grad, d.is_leaf, d.grad_fn)
d[0, 0] = 7
print(x)
# dtype rules: a number takes the tensor's dtype; f32 with f64 gives f64
let a = tensor([1, 2])
let b = tensor([[1], [2], [3]], f64)
print((a + 1.5).dtype, (a + b).dtype, a + b)
