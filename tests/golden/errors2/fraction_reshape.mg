reshape(arange(6), [2, 1.5])
