# A bias of shape [3] broadcast over rows of a [2, 3] input: its gradient
# is summed over the broadcast axis.
let x = tensor([[1, 2, 3], [4, 5, 6]], grad)
let b = tensor([1, 1, 1], grad)
let s = sum((x + b) ** 2)
backward(s)
print(b.grad)
print(x.grad)
print(b.grad.shape, x.grad.shape)
