let x = arange(4)
print(x[1])
print(x[1.5])
