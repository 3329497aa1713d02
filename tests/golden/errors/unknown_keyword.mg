let x = ones(2, 2)
print(sum(x, axes=1))
