let x = tensor([1, 2, 3], grad)
backward(x * 2, tensor([1, 1]))
