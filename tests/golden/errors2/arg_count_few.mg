let a = ones(2, 3)
print(shape(matmul(a, ones(3, 2))))
matmul(a)
