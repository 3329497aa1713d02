let x = ones(2, 3)
print(x[1, 2])
x[2, 0]
