let x = arange(6)
reshape(x, [4, 2])
