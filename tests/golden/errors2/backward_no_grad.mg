let x = tensor([1, 2])
backward(sum(x))
