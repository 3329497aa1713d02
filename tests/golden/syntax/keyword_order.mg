let x = tensor([1, 2, 3])
print(sum(axis=0, x))
