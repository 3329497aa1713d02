# an index of 1e19 cannot be converted to a 64-bit integer
let x = ones(3)
print(x[-1])
x[1e19]
