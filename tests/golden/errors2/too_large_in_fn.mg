fn big(n) { return ones(n, n, f64) }
print(shape(big(2)))
big(1e7)
