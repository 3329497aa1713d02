# Nor can a view of the tensor be its gradient: backward would add into the
# tensor's own values.
let h = tensor([1.0, 2.0], grad) * 1
h.grad = reshape(h, [2])
