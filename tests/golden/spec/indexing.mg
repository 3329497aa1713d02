# SPEC §4 indexing: x[i], x[-1], x[a:b], x[a:b:s], x[:, 0]; integer indexes
# drop a dimension, slices keep it; a view shares storage and is differentiable.
let x = arange(12).reshape(3, 4)
print(x[1], x[-1], x[1, 2], x[-1, -1])
print(x[0:2], x[0:3:2])
print(x[:, 0], x[:, 1:3].shape, x[1].shape, x[1:2].shape, x[1, 2].shape)
# slice bounds clamp as in Python, even far outside the tensor
print(x[5:].shape, x[1:100].shape, x[-100:1].shape, x[2:1].shape)
print(arange(5)[2**62:], arange(5)[-2**62:2], arange(5)[0:5:1e18])
let v = x[1]
v[0] = 100
print(x[1])
let w = tensor([1.0, 2, 3], grad)
sum(w[1:] * w[1:]).backward()
print(w.grad)
