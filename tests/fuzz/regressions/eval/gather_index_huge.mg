let x = ones(3)
x[tensor([1e19, 0])]
