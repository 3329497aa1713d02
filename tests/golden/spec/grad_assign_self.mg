# A tensor cannot be its own gradient (torch: "can't assign Variable as its
# own grad").
let y = tensor([1.0, 2.0], grad)
y.grad = y
