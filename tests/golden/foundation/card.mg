# The example from the top of SPEC.md.
let x = tensor([1, 2, 3], grad)
y = sum(x ** 2)
backward(y)
print(x.grad)          # tensor([2, 4, 6])
