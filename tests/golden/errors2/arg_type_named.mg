let x = ones(4)
reshape(x, "2x2")
