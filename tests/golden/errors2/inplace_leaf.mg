let w = tensor([1, 2, 3], grad)
w[0] = 5
