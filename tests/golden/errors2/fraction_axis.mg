let x = ones(2, 3)
print(sum(x, axis=1))
sum(x, axis=0.5)
