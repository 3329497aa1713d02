# SPEC §6.2: .grad has the tensor's shape, dtype and device; assigning one
# of another dtype is refused, as torch refuses it.
let x = tensor([1.0, 2.0], grad)
x.grad = ones(2)
print(x.grad)
x.grad = ones(2, f64)
