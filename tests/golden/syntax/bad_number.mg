let lr = 1.e-3
